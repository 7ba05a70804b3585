/* normalize.c - NFKC with a copy-through fast path; see normalize.h. */
#include "normalize.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

int utf8_decode(const unsigned char *p, size_t n, unsigned *cp)
{
	unsigned c = p[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c < 0xC2)
		return 0;
	if (c < 0xE0) {
		if (n < 2 || (p[1] & 0xC0) != 0x80)
			return 0;
		*cp = (c & 0x1F) << 6 | (p[1] & 0x3F);
		return 2;
	}
	if (c < 0xF0) {
		if (n < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80)
			return 0;
		unsigned v = (c & 0x0F) << 12 | (unsigned)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
		if (v < 0x800 || (v >= 0xD800 && v <= 0xDFFF))
			return 0;
		*cp = v;
		return 3;
	}
	if (c < 0xF5) {
		if (n < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 ||
		    (p[3] & 0xC0) != 0x80)
			return 0;
		unsigned v = (c & 0x07) << 18 | (unsigned)(p[1] & 0x3F) << 12 |
			     (unsigned)(p[2] & 0x3F) << 6 | (p[3] & 0x3F);
		if (v < 0x10000 || v > 0x10FFFF)
			return 0;
		*cp = v;
		return 4;
	}
	return 0;
}

/* Length of a prefix of u[0, n) made only of whole ASCII characters and
 * whole 3-byte characters whose lead byte is in [lo, hi] (0xED, the lead
 * of the surrogates, excepted), tested sixteen bytes at a time.  Leads
 * E4..E9 (U+4000..U+9FFF) are always valid and NFKC-stable; leads E1..EF
 * but ED are always valid UTF-8.  The prefix ends on a character
 * boundary; it stops at the first byte that does not fit (the caller looks
 * at that character itself) and before the last, shorter-than-sixteen
 * bytes.  lo must be 0xC2 or more.  With punct, the CJK punctuation NFKC
 * leaves alone (E3 80 81..9F but 84, 92, 93: 、 。 《 》 ...) also counts as
 * whole characters, and two bytes past each block are read.  Without
 * SSE2 it is 0.  Always inlined: with the range a constant the surrogate
 * test goes where it cannot matter (norm_nfkc()'s E4..E9). */
#if defined(__SSE2__)
#include <emmintrin.h>
static inline __attribute__((always_inline)) size_t
simple_run(const unsigned char *u, size_t n, unsigned char lo, unsigned char hi, int punct)
{
	const __m128i cont_below = _mm_set1_epi8((char)0xC0);   /* 0x80..0xBF: < -64 */
	const __m128i lead_above = _mm_set1_epi8((char)(lo - 1));
	const __m128i lead_below = _mm_set1_epi8((char)(hi + 1));
	const __m128i surrogate = _mm_set1_epi8((char)0xED);
	size_t i = 0;
	unsigned carry = 0;     /* continuation bytes owed by leads of the previous block */
	while (i + 16 + (punct ? 2 : 0) <= n) {
		__m128i v = _mm_loadu_si128((const __m128i *)(u + i));
		unsigned high = (unsigned)_mm_movemask_epi8(v);        /* 0x80..0xFF */
		unsigned cont = (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(v, cont_below));
		__m128i in_range = _mm_and_si128(_mm_cmpgt_epi8(v, lead_above),
						 _mm_cmplt_epi8(v, lead_below));
		if (lo <= 0xED && hi >= 0xED)   /* constant once inlined */
			in_range = _mm_andnot_si128(_mm_cmpeq_epi8(v, surrogate), in_range);
		if (punct) {
			/* E3, then 80, then 81..9F (signed: above -128, below
			 * -96) but 84, 92, 93 */
			__m128i v1 = _mm_loadu_si128((const __m128i *)(u + i + 1));
			__m128i v2 = _mm_loadu_si128((const __m128i *)(u + i + 2));
			__m128i third = _mm_and_si128(_mm_cmpgt_epi8(v2, _mm_set1_epi8((char)0x80)),
						      _mm_cmplt_epi8(v2, _mm_set1_epi8((char)0xA0)));
			__m128i odd = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v2, _mm_set1_epi8((char)0x84)),
								_mm_cmpeq_epi8(v2, _mm_set1_epi8((char)0x92))),
						   _mm_cmpeq_epi8(v2, _mm_set1_epi8((char)0x93)));
			__m128i e3 = _mm_and_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xE3)),
						   _mm_cmpeq_epi8(v1, _mm_set1_epi8((char)0x80)));
			in_range = _mm_or_si128(in_range, _mm_and_si128(e3, _mm_andnot_si128(odd, third)));
		}
		unsigned lead = (unsigned)_mm_movemask_epi8(in_range);
		unsigned owed = (lead << 1) | (lead << 2) | carry;
		unsigned expect = owed & 0xFFFFu;
		/* cont and lead are disjoint parts of high: high ^ cont ^ lead
		 * is the bytes that are neither ASCII, nor continuation, nor lead */
		unsigned bad = (high ^ cont ^ lead) | (cont ^ expect);
		if (bad) {
			/* Before the first bad byte p everything is consistent, so
			 * the positions not owed to a lead are character starts:
			 * stop at the last one up to p, else at the lead in the
			 * previous block. */
			unsigned p = (unsigned)__builtin_ctz(bad);
			unsigned starts = ~expect & ((2u << p) - 1);
			if (starts)
				return i + (31u - (unsigned)__builtin_clz(starts));
			return i - (carry & 2u ? 1 : 2);
		}
		carry = owed >> 16;
		i += 16;
	}
	if (carry)
		return i - (carry & 2u ? 1 : 2);
	return i;
}

#else
static size_t simple_run(const unsigned char *u, size_t n, unsigned char lo, unsigned char hi,
			 int punct)
{
	(void)u;
	(void)n;
	(void)lo;
	(void)hi;
	(void)punct;
	return 0;
}

#endif

/* Characters NFKC leaves unchanged that are starters and never the second
 * half of a composition: a run of them can be copied as it is.  The list
 * is deliberately short; anything not on it takes the utf8proc path. */
static int nfkc_stable(unsigned cp)
{
	if (cp >= 0x3400 && cp <= 0x9FFF)           /* CJK ideographs, ext. A */
		return 1;
	if (cp >= 0x3001 && cp <= 0x301F)           /* CJK punctuation ... */
		return cp != 0x3004 && cp != 0x3012 && cp != 0x3013;
	if (cp >= 0x2010 && cp <= 0x201F)           /* dashes and quotes */
		return cp != 0x2011 && cp != 0x2017;
	if (cp >= 0xAC00 && cp <= 0xD7A3)           /* Hangul syllables */
		return 1;
	if (cp >= 0x3041 && cp <= 0x3096)           /* hiragana */
		return 1;
	if (cp >= 0x30A1 && cp <= 0x30FA)           /* katakana */
		return 1;
	switch (cp) {
	case 0x00B0: case 0x00B7: case 0x00D7: case 0x00F7:
	case 0x2030: case 0x2192: case 0x25A0: case 0x25A1: case 0x25CB:
	case 0x25CF: case 0x2605: case 0x2606:
		return 1;
	}
	return 0;
}

/* Single code points whose NFKC form is one ASCII byte (full-width ASCII
 * and the ideographic space); returns the byte or 0. */
static int nfkc_to_ascii(unsigned cp)
{
	if (cp >= 0xFF01 && cp <= 0xFF5E)
		return (int)(cp - 0xFEE0);
	if (cp == 0x3000)
		return ' ';
	return 0;
}

static int bad_utf8(const char *in, size_t off, char *err, size_t errlen)
{
	snprintf(err, errlen, "invalid UTF-8 at byte %zu (0x%02x)", off,
		 (unsigned char)in[off]);
	return -1;
}

/* Normalise in[from, to) with utf8proc and append it to out. */
static int map_slow(const char *in, size_t from, size_t to, struct buf *out,
		    char *err, size_t errlen)
{
	utf8proc_uint8_t *res = NULL;
	utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)in + from,
					  (utf8proc_ssize_t)(to - from), &res,
					  UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT);
	if (r < 0) {
		snprintf(err, errlen, "cannot normalise text at byte %zu: %s", from,
			 utf8proc_errmsg(r));
		return -1;
	}
	buf_append(out, res, (size_t)r);
	free(res);
	return 0;
}

int norm_nfkc(const char *in, size_t n, struct buf *out, char *err, size_t errlen)
{
	const unsigned char *u = (const unsigned char *)in;
	size_t i = 0;
	out->len = 0;
	buf_reserve(out, n);
	if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
		i = 3;
	const char *nul = memchr(in, 0, n);
	if (nul) {
		snprintf(err, errlen, "binary data (NUL byte at offset %zu)",
			 (size_t)(nul - in));
		return -1;
	}
	size_t run = i;          /* start of the pending copy-through run */
	size_t mapped_in = SIZE_MAX; /* input offset of a just-mapped character */
	while (i < n) {
		i += simple_run(u + i, n - i, 0xE4, 0xE9, 1);
#if !defined(__SSE2__)
		/* ASCII, eight bytes at a time (simple_run() takes it sixteen
		 * at a time with SSE2, and stops on a byte that is not ASCII). */
		while (i + 8 <= n) {
			uint64_t w;
			memcpy(&w, u + i, 8);
			if (w & 0x8080808080808080ULL)
				break;
			i += 8;
		}
#endif
		while (i < n && u[i] < 0x80)
			i++;
		if (i == n)
			break;
		/* U+4000..U+9FFF (lead bytes E4..E9) are all stable: skip the
		 * decode for the bulk of Chinese text. */
		if (u[i] >= 0xE4 && u[i] <= 0xE9 && i + 2 < n &&
		    (u[i + 1] & 0xC0) == 0x80 && (u[i + 2] & 0xC0) == 0x80) {
			i += 3;
			continue;
		}
		/* So is CJK punctuation U+3001..U+301F but U+3004, U+3012,
		 * U+3013 (E3 80 81..9F: 、 。 《 》 ...). */
		if (u[i] == 0xE3 && i + 2 < n && u[i + 1] == 0x80 && u[i + 2] >= 0x81 &&
		    u[i + 2] <= 0x9F && u[i + 2] != 0x84 && u[i + 2] != 0x92 && u[i + 2] != 0x93) {
			i += 3;
			continue;
		}
		/* Full-width ASCII (U+FF01..U+FF5E: EF BC 81..BF, EF BD 80..9E:
		 * ，：；（）...) is one ASCII byte, as nfkc_to_ascii() says,
		 * mapped here without the decode. */
		if (u[i] == 0xEF && i + 2 < n &&
		    ((u[i + 1] == 0xBC && u[i + 2] >= 0x81 && u[i + 2] <= 0xBF) ||
		     (u[i + 1] == 0xBD && u[i + 2] >= 0x80 && u[i + 2] <= 0x9E))) {
			buf_append(out, in + run, i - run);
			mapped_in = i;
			buf_putc(out, (char)((0xF000u | (u[i + 1] & 0x3Fu) << 6 | (u[i + 2] & 0x3Fu)) - 0xFEE0u));
			i += 3;
			run = i;
			continue;
		}
		unsigned cp;
		int len = utf8_decode(u + i, n - i, &cp);
		if (!len) {
			buf_append(out, in + run, i - run);
			return bad_utf8(in, i, err, errlen);
		}
		if (nfkc_stable(cp)) {
			i += (size_t)len;
			continue;
		}
		/* Flush the stable run before this character. */
		buf_append(out, in + run, i - run);
		int a = nfkc_to_ascii(cp);
		if (a) {
			mapped_in = i;
			buf_putc(out, (char)a);
			i += (size_t)len;
			run = i;
			continue;
		}
		/* Slow stretch: back up over the previous character (it may
		 * compose with this one), then take everything up to the next
		 * character of the fast path. */
		size_t from = i;
		if (i > 0 && mapped_in != SIZE_MAX && mapped_in + 3 == i) {
			from = mapped_in;
			buf_truncate(out, out->len - 1);
		} else if (i > run) {
			size_t k = i - 1;
			while (k > run && (u[k] & 0xC0) == 0x80)
				k--;
			from = k;
			buf_truncate(out, out->len - (i - k));
		}
		size_t to = i + (size_t)len;
		while (to < n) {
			unsigned c2;
			if (u[to] < 0x80)
				break;
			int l2 = utf8_decode(u + to, n - to, &c2);
			if (!l2)
				return bad_utf8(in, to, err, errlen);
			if (nfkc_stable(c2) || nfkc_to_ascii(c2))
				break;
			to += (size_t)l2;
		}
		if (map_slow(in, from, to, out, err, errlen) != 0)
			return -1;
		mapped_in = SIZE_MAX;
		i = run = to;
	}
	buf_append(out, in + run, n - run);
	return 0;
}

int norm_nfkc_reference(const char *in, size_t n, struct buf *out,
			char *err, size_t errlen)
{
	size_t i = 0;
	if (n >= 3 && memcmp(in, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	out->len = 0;
	buf_reserve(out, n);
	return map_slow(in, i, n, out, err, errlen);
}

int utf8_valid(const char *data, size_t n, size_t *bad)
{
	const unsigned char *u = (const unsigned char *)data;
	size_t i = 0;
	while (i < n) {
		/* Sixteen bytes at a time while they are ASCII and 3-byte
		 * characters that cannot be invalid (CJK ideographs, punctuation,
		 * full-width forms), then ASCII eight bytes at a time and
		 * ideographs three at a time: the bulk of a standard, checked
		 * without decoding. */
		i += simple_run(u + i, n - i, 0xE1, 0xEF, 0);
		if (i >= n)
			break;
		if (i + 8 <= n) {
			uint64_t w;
			memcpy(&w, u + i, 8);
			if (!(w & 0x8080808080808080ULL)) {
				i += 8;
				continue;
			}
		}
		if (u[i] < 0x80) {
			i++;
			continue;
		}
		if (u[i] >= 0xE4 && u[i] <= 0xE9 && i + 2 < n && (u[i + 1] & 0xC0) == 0x80 &&
		    (u[i + 2] & 0xC0) == 0x80) {
			i += 3;
			continue;
		}
		unsigned cp;
		int l = utf8_decode(u + i, n - i, &cp);
		if (l == 0) {
			if (bad)
				*bad = i;
			return 0;
		}
		i += (size_t)l;
	}
	return 1;
}

size_t utf8_cut_tail(const char *data, size_t n)
{
	const unsigned char *u = (const unsigned char *)data;
	for (size_t k = 1; k <= 3 && k <= n; k++) {
		unsigned char lead = u[n - k];
		if ((lead & 0xC0) == 0x80)
			continue;       /* a continuation byte: the lead is further back */
		size_t need = lead >= 0xF0 && lead <= 0xF4 ? 4 : lead >= 0xE0 ? 3 :
			      lead >= 0xC2 && lead <= 0xDF ? 2 : 0;
		if (need <= k)
			return 0;       /* ASCII or a whole sequence: not cut */
		/* the bytes there must begin a valid sequence: complete it with
		 * the smallest continuation bytes the lead allows and decode */
		unsigned char probe[4];
		memcpy(probe, u + n - k, k);
		for (size_t j = k; j < need; j++)
			probe[j] = j == 1 && lead == 0xE0 ? 0xA0 : j == 1 && lead == 0xF0 ? 0x90 : 0x80;
		unsigned cp;
		if (utf8_decode(probe, need, &cp) != (int)need)
			return 0;
		return utf8_valid(data, n - k, NULL) ? k : 0;
	}
	return 0;
}
