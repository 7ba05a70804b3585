/* normalize.h - raw bytes to NFKC UTF-8.
 *
 * norm_nfkc() drops a UTF-8 byte-order mark, refuses binary data (NUL
 * bytes) and invalid UTF-8 with the byte offset of the first bad byte, and
 * writes the NFKC normalisation of the text.
 *
 * Speed: most of a Chinese standard is ASCII, CJK ideographs and common
 * CJK punctuation, which NFKC leaves as they are, and full-width ASCII
 * forms (，：（）), which NFKC maps one to one.  Those runs are copied or
 * mapped directly; only the short stretches around anything else go
 * through utf8proc_map(), together with the character before them so that
 * compositions across the boundary come out right. */
#ifndef PEIYOU_NORMALIZE_H
#define PEIYOU_NORMALIZE_H

#include <stddef.h>
#include "buf.h"

/* Returns 0 on success; -1 with a message naming the problem (and the byte
 * offset in the input, BOM included) in err. out is replaced. */
int norm_nfkc(const char *in, size_t n, struct buf *out, char *err, size_t errlen);

/* The plain path: the whole input through one utf8proc_map() call, for
 * tests and benchmarks that compare against the fast path. */
int norm_nfkc_reference(const char *in, size_t n, struct buf *out,
			char *err, size_t errlen);

/* Decode one UTF-8 sequence at p (n bytes available).  Returns its length
 * (1-4) and the code point in *cp, or 0 when the bytes are not valid UTF-8
 * (overlong, surrogate, out of range, truncated). */
int utf8_decode(const unsigned char *p, size_t n, unsigned *cp);
/* Is data[0, n) valid UTF-8?  When not, *bad (if bad is not NULL) gets the
 * offset of the first bad byte.  ASCII is checked eight bytes at a time and
 * CJK ideographs without decoding: the bulk of every text passes here. */
int utf8_valid(const char *data, size_t n, size_t *bad);
/* A text cut short inside its last character (a body ended by a lying
 * Content-Length, a truncated file): when data[0, n) is valid UTF-8 but
 * for an incomplete sequence at its very end, that sequence's length
 * (1-3); else 0. */
size_t utf8_cut_tail(const char *data, size_t n);

#endif
