/* arena.h - a bump allocator for everything one document's extraction makes.
 *
 * Strings and records of an extracted document live in one arena and die
 * together with arena_reset() or arena_free(): no per-string frees, and a
 * long batch reuses the same blocks so memory does not grow with the number
 * of documents.  Pointers returned by arena_* are owned by the arena. */
#ifndef PEIYOU_ARENA_H
#define PEIYOU_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head;   /* block being filled */
	struct arena_block *spare;  /* blocks kept by arena_reset() for reuse */
};

#define ARENA_INIT { NULL, NULL }

void *arena_alloc(struct arena *a, size_t n);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
/* Forget every allocation but keep the blocks for the next document. */
void arena_reset(struct arena *a);
void arena_free(struct arena *a);

#endif
