/* buf.h - a growable byte buffer, always NUL-terminated.
 *
 * The buffer owns `p`; buf_free() releases it.  Functions that fail to
 * allocate abort the program: a batch tool that cannot get a few kilobytes
 * has no sensible way to go on, and checking every append would bury the
 * real logic. */
#ifndef PEIYOU_BUF_H
#define PEIYOU_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

struct buf {
	char *p;
	size_t len;
	size_t cap;
};

#define BUF_INIT { NULL, 0, 0 }

/* Grow b to hold len + extra bytes and the NUL (buf_reserve()'s slow path). */
void buf_grow(struct buf *b, size_t extra);

/* Room for extra more bytes and the NUL.  The check is inline: buffers
 * are appended to a few bytes at a time in the extraction loops. */
static inline void buf_reserve(struct buf *b, size_t extra)
{
	if (b->len + extra + 1 > b->cap)
		buf_grow(b, extra);
}

static inline void buf_append(struct buf *b, const void *data, size_t n)
{
	buf_reserve(b, n);
	memcpy(b->p + b->len, data, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static inline void buf_putc(struct buf *b, char c)
{
	buf_reserve(b, 1);
	b->p[b->len++] = c;
	b->p[b->len] = '\0';
}

void buf_puts(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The same with a va_list (used once, as vprintf would). */
void buf_vprintf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
void buf_truncate(struct buf *b, size_t len);
void buf_free(struct buf *b);

/* Abort with a message when memory runs out; returns p otherwise. */
void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
