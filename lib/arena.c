/* arena.c - bump allocator; see arena.h. */
#include "arena.h"
#include "buf.h"

#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK 65536

struct arena_block {
	struct arena_block *next;
	size_t size, used;
	_Alignas(16) unsigned char data[];
};

static struct arena_block *block_new(size_t size)
{
	struct arena_block *b = xmalloc(sizeof *b + size);
	b->next = NULL;
	b->size = size;
	b->used = 0;
	return b;
}

/* Take a block with room for n bytes (a multiple of 16) as the head: a
 * spare one or a new one.  arena_alloc()'s slow path. */
static struct arena_block *next_block(struct arena *a, size_t n)
{
	struct arena_block *b;
	if (n <= ARENA_BLOCK && a->spare) {
		b = a->spare;
		a->spare = b->next;
		b->used = 0;
	} else {
		b = block_new(n > ARENA_BLOCK ? n : ARENA_BLOCK);
	}
	b->next = a->head;
	a->head = b;
	return b;
}

static inline void *alloc(struct arena *a, size_t n)
{
	n = (n + 15) & ~(size_t)15;
	struct arena_block *b = a->head;
	if (__builtin_expect(!b || b->size - b->used < n, 0))
		b = next_block(a, n);
	void *p = b->data + b->used;
	b->used += n;
	return p;
}

void *arena_alloc(struct arena *a, size_t n)
{
	return alloc(a, n);
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

void arena_reset(struct arena *a)
{
	struct arena_block *b = a->head;
	while (b) {
		struct arena_block *next = b->next;
		if (b->size == ARENA_BLOCK) {
			b->next = a->spare;
			a->spare = b;
		} else {
			free(b);   /* oversized blocks are not worth keeping */
		}
		b = next;
	}
	a->head = NULL;
}

void arena_free(struct arena *a)
{
	arena_reset(a);
	struct arena_block *b = a->spare;
	while (b) {
		struct arena_block *next = b->next;
		free(b);
		b = next;
	}
	a->spare = NULL;
}
