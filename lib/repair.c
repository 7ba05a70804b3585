/* repair.c - see repair.h. */
#include "repair.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vec.h"

static int is_digit(int c) { return c >= '0' && c <= '9'; }

int line_is_word(const char *s, size_t len, const char *word)
{
	size_t k = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == ' ')
			continue;
		if (!word[k] || s[i] != word[k])
			return 0;
		k++;
	}
	return !word[k];
}

size_t squeeze_spaces(const char *s, size_t n, char *t, size_t tsize)
{
	size_t k = 0;
	for (size_t i = 0; i < n && k + 1 < tsize; i++)
		if (s[i] != ' ')
			t[k++] = s[i];
	t[k] = '\0';
	return k;
}

/* Length of a dash at s (ASCII '-', or one of the Unicode dashes and the
 * minus sign in UTF-8), 0 when there is none. */
static size_t dash_len(const unsigned char *s, size_t n)
{
	if (n >= 1 && s[0] == '-')
		return 1;
	if (n >= 3 && s[0] == 0xE2 && s[1] == 0x80 && s[2] >= 0x90 && s[2] <= 0x95)
		return 3;   /* U+2010..U+2015 */
	if (n >= 3 && s[0] == 0xE2 && s[1] == 0x88 && s[2] == 0x92)
		return 3;   /* U+2212 minus */
	return 0;
}

static int num_or_x(int c) { return is_digit(c) || c == 'X'; }

/* Is *c (in a line starting at ob) a capital standing alone, as an annex
 * letter does ("A. 1", "见 B. 2"), not the end of a word ("ISO. 1")? */
static int annex_letter(const unsigned char *ob, const unsigned char *c)
{
	if (*c < 'A' || *c > 'Z')
		return 0;
	return c == ob || !((c[-1] >= 'A' && c[-1] <= 'Z') || (c[-1] >= 'a' && c[-1] <= 'z'));
}

/* A dash at s[j] after a number or 'X' (prev, the byte before it in the
 * output; 0 for none), then spaces, then another number or 'X' ("2022 -
 * XX", "1.1 —2020"): returns the offset of that next byte, where the
 * dash's '-' ends; 0 when s[j] starts no such dash. */
static size_t dash_between_numbers(const unsigned char *s, size_t n, size_t j, int prev)
{
	size_t dl = j < n ? dash_len(s + j, n - j) : 0;
	if (!dl || !num_or_x(prev))
		return 0;
	size_t k = j + dl;
	while (k < n && s[k] == ' ')
		k++;
	return k < n && num_or_x(s[k]) ? k : 0;
}

static int is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == '\r';
}

/* Bytes that stop copy_plain(): every byte up to 0x20 (the white space
 * fold_line() folds, the '\n' that ends the line, and the other control
 * bytes, which fold_line() then copies one at a time), dashes (ASCII, and
 * 0xE2, the lead byte of U+2010..U+2015 and U+2212) and the Markdown
 * escape.  One class for all bytes up to 0x20 keeps the SSE2 test short. */
static const unsigned char stop[256] = {
	[0x00] = 1, [0x01] = 1, [0x02] = 1, [0x03] = 1, [0x04] = 1, [0x05] = 1,
	[0x06] = 1, [0x07] = 1, [0x08] = 1, [0x09] = 1, [0x0A] = 1, [0x0B] = 1,
	[0x0C] = 1, [0x0D] = 1, [0x0E] = 1, [0x0F] = 1, [0x10] = 1, [0x11] = 1,
	[0x12] = 1, [0x13] = 1, [0x14] = 1, [0x15] = 1, [0x16] = 1, [0x17] = 1,
	[0x18] = 1, [0x19] = 1, [0x1A] = 1, [0x1B] = 1, [0x1C] = 1, [0x1D] = 1,
	[0x1E] = 1, [0x1F] = 1, [' '] = 1, ['-'] = 1, ['\\'] = 1, [0xE2] = 1,
};

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Does a single ' ' at s[p] stay as it is?  It does when the byte before
 * it (copied as it is, so also the last byte out) is no '.', digit or
 * 'X' and the byte after it is no byte stop[] marks: then none of
 * fold_line()'s rules for white space applies, the run is this one space,
 * and the line goes on after it.  The caller makes sure p > 0, that
 * s[p - 1] was copied unchanged, and that s[p + 1] is input. */
static int plain_space(const unsigned char *s, size_t p)
{
	return s[p] == ' ' && !stop[s[p + 1]] && s[p - 1] != '.' && !num_or_x(s[p - 1]);
}

/* Copy s[0, n) to o up to the first byte that stop[] marks; returns the
 * number of bytes copied (n when none is marked).  With SSE2 sixteen
 * bytes are tested and stored at a time: whole 16-byte blocks are stored,
 * even past the marked byte, but only while 16 more input bytes remain,
 * so o must have room for n bytes.  n is what is left of the input, not
 * of the line: the '\n' that ends the line stops the copy like any other
 * marked byte.  The SSE2 loop also copies over a single space that
 * plain_space() lets stay, which it has stored already: most spaces in
 * a text, which would otherwise each cost a return and a new scan. */
static size_t copy_plain(const unsigned char *s, size_t n, unsigned char *o)
{
	size_t j = 0;
#if defined(__SSE2__)
	const __m128i ctl = _mm_set1_epi8(0x20);
	const __m128i dash = _mm_set1_epi8('-');
	const __m128i esc = _mm_set1_epi8('\\');
	const __m128i e2 = _mm_set1_epi8((char)0xE2);
	for (; j + 16 <= n; j += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(s + j));
		_mm_storeu_si128((__m128i *)(o + j), v);
		/* min(v, 0x20) == v: the byte is at most 0x20 (unsigned). */
		__m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(v, ctl), v),
							_mm_cmpeq_epi8(v, dash)),
					   _mm_or_si128(_mm_cmpeq_epi8(v, esc), _mm_cmpeq_epi8(v, e2)));
		unsigned mask = (unsigned)_mm_movemask_epi8(hit);
		while (mask) {
			/* p > 0: every byte before p in this call was copied
			 * unchanged; p + 1 < n: the byte after p is input. */
			size_t p = j + (size_t)__builtin_ctz(mask);
			if (p == 0 || p + 1 >= n || !plain_space(s, p))
				return p;
			mask &= mask - 1;
		}
	}
#endif
	for (; j < n && !stop[s[j]]; j++)
		o[j] = s[j];
	return j;
}

/* Pass 1 on the line at s: whitespace folded, number spaces closed,
 * dashes between numbers made '-'.  The line ends at the first '\n' or at
 * n; the scan that copies it also finds that end, so no separate search
 * for '\n' reads the bytes a second time.  Returns the line's length.
 *
 * The folded line is appended to out, which must already have room for n
 * bytes and the NUL: the output never outgrows the input it comes from
 * (a run of white space gives at most one byte, a dash between numbers
 * one '-', an escape the character alone), so repair_text() reserves once
 * for the whole text and this stores straight into the buffer.
 *
 * Tests past the current byte (is a digit next? a dash?) look at most to
 * n, not to the line end they do not know yet: each of them fails on a
 * '\n', so they give what they would give stopped at the line end. */
static size_t fold_line(const unsigned char *s, size_t n, struct buf *out)
{
	size_t i = 0;
	while (i < n && is_space(s[i]))
		i++;
	unsigned char *const ob = (unsigned char *)out->p + out->len;  /* the line's start */
	unsigned char *o = ob;                                          /* the next byte */
	for (;;) {
		/* Copy the run up to the next byte that may need attention. */
		size_t j = copy_plain(s + i, n - i, o);
		o += j;
		i += j;
		if (i == n || s[i] == '\n')
			break;
		unsigned char c = s[i];
		if (is_space(c)) {
			j = i;
			while (j < n && is_space(s[j]))
				j++;
			int prev = o > ob ? o[-1] : 0;
			/* The space stays (or goes, at the line's end) unless it
			 * follows a dot, a digit or an 'X': the common case. */
			if (prev == '.' || num_or_x(prev)) {
				/* "7. 2" -> "7.2": a space after a dot between digits, or
				 * after an annex letter ("A. 1. 2" -> "A.1.2"). */
				if (prev == '.' && o - ob >= 2 && (is_digit(o[-2]) || annex_letter(ob, o - 2)) &&
				    j < n && is_digit(s[j])) {
					i = j;
					continue;
				}
				/* "3 .1.4": a space before a dot between digits. */
				size_t dot = j < n && s[j] == '\\' ? j + 1 : j;   /* "3 \\.1" in Markdown */
				if (is_digit(prev) && dot + 1 < n && s[dot] == '.' && is_digit(s[dot + 1])) {
					i = dot;
					continue;
				}
				/* "2022 - XX" / "1.1 —2020": space before a dash between numbers. */
				size_t k = dash_between_numbers(s, n, j, prev);
				if (k) {
					*o++ = '-';
					i = k;
					continue;
				}
			}
			if (j < n && s[j] != '\n')
				*o++ = ' ';
			i = j;
			continue;
		}
		size_t k = dash_between_numbers(s, n, i, o > ob ? o[-1] : 0);
		if (k) {
			*o++ = '-';
			i = k;
			continue;
		}
		/* Markdown escapes ("3\\.1\\.4", "\\*"): the character alone. */
		if (c == '\\' && i + 1 < n && strchr(".-*_#[]()+!", s[i + 1]) && s[i + 1]) {
			i++;
			continue;
		}
		*o++ = c;
		i++;
	}
	while (o > ob && o[-1] == ' ')
		o--;
	*o = '\0';
	out->len += (size_t)(o - ob);
	return i;
}

/* Does s start with a list marker, clause number or bibliography number,
 * the things converters prefix with "- "? */
static int starts_with_marker(const char *s, size_t n)
{
	size_t i = 0;
	if (n >= 2 && s[0] >= 'a' && s[0] <= 'z' && s[1] == ')')
		return 1;
	if (n >= 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] == '.' && n >= 3 && is_digit((unsigned char)s[2]))
		return 1;
	if (n >= 2 && s[0] == '[' && is_digit((unsigned char)s[1]))
		return 1;
	while (i < n && is_digit((unsigned char)s[i]))
		i++;
	if (i == 0 || i == n)
		return 0;
	return s[i] == ')' || (s[i] == '.' && i + 1 < n && is_digit((unsigned char)s[i + 1]));
}

int is_page_number(const char *s, size_t n)
{
	size_t i = 0;
	if (n == 0 || n > 24)
		return 0;
	if (s[0] == '-') {
		i = 1;
		while (i < n && s[i] == ' ')
			i++;
	}
	size_t d = i;
	while (i < n && is_digit((unsigned char)s[i]))
		i++;
	if (i > d && i - d <= 3) {
		while (i < n && (s[i] == ' ' || s[i] == '-'))
			i++;
		if (i == n)
			return 1;
	}
	i = 0;
	while (i < n && (s[i] == 'I' || s[i] == 'V' || s[i] == 'X'))
		i++;
	if (i == n && n <= 6)
		return 1;
	if (n > 3 && memcmp(s, "第", 3) == 0) {
		i = 3;
		while (i < n && (s[i] == ' ' || is_digit((unsigned char)s[i])))
			i++;
		if (i + 3 <= n && memcmp(s + i, "页", 3) == 0)
			return 1;
	}
	return 0;
}

/* Does the last line kept end a sentence (。 ; : ! ? or a closing
 * bracket)?  A lone number after one is a page number; after a line cut
 * in the middle of a sentence ("应不少于" / "40" / "小时。") it is content. */
static int ends_sentence(const struct repaired *r)
{
	if (r->n == 0)
		return 1;
	const struct line *l = &r->lines[r->n - 1];
	const char *e = r->text.p + l->off + l->len;
	char c = e[-1];
	if (c == ';' || c == ':' || c == '!' || c == '?' || c == ')')
		return 1;
	return l->len >= 3 && memcmp(e - 3, "。", 3) == 0;
}

/* Lines that end the cover: front-matter headings and chapter 1. */
static int ends_cover(const char *s, size_t n)
{
	if (line_is_word(s, n, "目次") || line_is_word(s, n, "前言") ||
	    line_is_word(s, n, "引言"))
		return 1;
	return n >= 7 && s[0] == '1' && (memcmp(s + 1, " 范围", 7) == 0 ||
					   memcmp(s + 1, "范围", 6) == 0);
}

/* A line after the cover that holds only a standard code. */
struct candidate {
	size_t line;       /* index in repaired.lines */
	struct stdcode sc;
};

static int pattern_failed(int m, uint32_t lineno, char *err, size_t errlen)
{
	char msg[128];
	rx_errmsg(m, msg, sizeof msg);
	snprintf(err, errlen, "line %u: code pattern failed: %s", lineno, msg);
	return -1;
}

/* Which code-only lines are running page headers?  Those that repeat the
 * cover's code, that repeat the cover's number and year under another
 * prefix (a header typo such as T/NSSQ for T/NQSS), or that occur more than
 * once.  A single undated "GB/T 20000.1" in the references list is none of
 * these and stays.  Headers are removed from the line list and counted. */
/* A candidate's code as written in full, for sorting. */
struct keyed {
	char full[64];
	size_t i;
};

static int by_full(const void *a, const void *b)
{
	return strcmp(((const struct keyed *)a)->full, ((const struct keyed *)b)->full);
}

static void drop_headers(struct repaired *out, const struct candidate *c, size_t n,
			 const struct stdcode *cover)
{
	if (n == 0)
		return;
	char cov[64] = "";
	if (cover)
		stdcode_full(cover, cov, sizeof cov);
	/* Codes that occur more than once: sorted, equal neighbours (not a
	 * pairwise comparison, which a text of thousands of codes makes slow). */
	struct keyed *k = xmalloc(n * sizeof *k);
	unsigned char *repeated = xmalloc(n);
	for (size_t i = 0; i < n; i++) {
		stdcode_full(&c[i].sc, k[i].full, sizeof k[i].full);
		k[i].i = i;
		repeated[i] = 0;
	}
	if (n > 1)
		qsort(k, n, sizeof *k, by_full);
	for (size_t i = 0; i + 1 < n; i++)
		if (strcmp(k[i].full, k[i + 1].full) == 0)
			repeated[k[i].i] = repeated[k[i + 1].i] = 1;
	size_t removed = 0;
	unsigned char *drop = xmalloc(out->n ? out->n : 1);
	memset(drop, 0, out->n);
	for (size_t i = 0; i < n; i++) {
		char full[64];
		stdcode_full(&c[i].sc, full, sizeof full);
		int header = repeated[i] || strcmp(full, cov) == 0 ||
			     (cover && cover->year[0] && strcmp(c[i].sc.num, cover->num) == 0 &&
			      strcmp(c[i].sc.year, cover->year) == 0);
		if (!header)
			continue;
		drop[c[i].line] = 1;
		removed++;
		if (!out->header_code[0])
			snprintf(out->header_code, sizeof out->header_code, "%s", full);
		else if (strcmp(full, out->header_code) != 0 && !out->header_code_other[0])
			snprintf(out->header_code_other, sizeof out->header_code_other, "%s", full);
	}
	if (removed) {
		size_t j = 0;
		for (size_t i = 0; i < out->n; i++)
			if (!drop[i])
				out->lines[j++] = out->lines[i];
		out->n = j;
		out->page_headers = (int)removed;
	}
	free(drop);
	free(repeated);
	free(k);
}

/* Add the line at r->text.p + off.  The text is not moved once
 * repair_text() has reserved it, so the line may point into it now. */
static void push_line(struct repaired *r, size_t off, size_t len, uint32_t lineno,
		      int after_blank, int heading_mark)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 256;
		r->lines = xrealloc(r->lines, r->cap * sizeof *r->lines);
	}
	r->lines[r->n].s = r->text.p + off;
	r->lines[r->n].off = (uint32_t)off;
	r->lines[r->n].len = (uint32_t)len;
	r->lines[r->n].lineno = lineno;
	r->lines[r->n].after_blank = (uint8_t)after_blank;
	r->lines[r->n].heading_mark = (uint8_t)heading_mark;
	r->n++;
}

void repaired_join(struct repaired *r, size_t into, size_t from, int space)
{
	struct line *a = &r->lines[into];
	const struct line *b = &r->lines[from];
	char *dst = r->text.p + a->off + a->len;
	/* from starts after into's NUL, so dst < b->s: a forward move. */
	if (space)
		*dst++ = ' ';
	memmove(dst, b->s, b->len);
	dst[b->len] = '\0';
	a->len += (uint32_t)(space + b->len);
}

int repair_text(const struct stdcode_matcher *codes, struct rx_ctx *rc,
		const char *in, size_t n, struct repaired *out,
		char *err, size_t errlen)
{
	const unsigned char *u = (const unsigned char *)in;
	out->text.len = 0;
	/* Room for the whole repaired text and its final NUL, reserved once.
	 * Each line's output (folded bytes and the NUL that ends it) is never
	 * longer than its input with the '\n' that ends it, and only the last
	 * line can lack the '\n': the output so far never runs ahead of the
	 * input read so far, and the text never needs more than n + 1 bytes
	 * and the NUL.  fold_line() and copy_plain() rely on this to store
	 * without checks: at most as many bytes as input is left. */
	buf_reserve(&out->text, n + 1);
	out->n = 0;
	out->page_headers = out->page_numbers = 0;
	out->header_code[0] = out->header_code_other[0] = '\0';
	int cover = 1, blank = 0;
	uint32_t lineno = 0;
	char cover_code[64] = "";
	struct stdcode cover_sc;
	VEC(struct candidate) cands = { 0 };
	memset(&cover_sc, 0, sizeof cover_sc);
	size_t i = 0;
	while (i < n) {
		lineno++;
		size_t start = out->text.len;
		/* A line of REPAIR_MAX_LINE bytes ends at the latest at
		 * i + REPAIR_MAX_LINE: fold no further than one byte past that. */
		size_t avail = n - i < (size_t)REPAIR_MAX_LINE + 1 ? n - i : (size_t)REPAIR_MAX_LINE + 1;
		size_t linelen = fold_line(u + i, avail, &out->text);
		if (linelen > REPAIR_MAX_LINE) {
			/* Too long: only now find where the line ends, for the message. */
			const char *nl = memchr(in + i + linelen, '\n', n - i - linelen);
			size_t end = nl ? (size_t)(nl - in) : n;
			out->text.len = start;
			out->text.p[start] = '\0';
			vec_free(&cands);
			snprintf(err, errlen, "line %u is %zu bytes long (limit %d): not a standards text",
				 lineno, end - i, REPAIR_MAX_LINE);
			return -1;
		}
		i += linelen + 1;
		char *s = out->text.p + start;
		size_t len = out->text.len - start;
		/* Markdown heading marks and the converters' "- " prefix. */
		size_t skip = 0;
		while (skip < len && s[skip] == '#')
			skip++;
		if (skip && skip < len && s[skip] == ' ')
			skip++;
		else if (skip != len)
			skip = 0;
		int heading_mark = skip > 0;
		if (len - skip >= 2 && s[skip] == '-' && s[skip + 1] == ' ' &&
		    starts_with_marker(s + skip + 2, len - skip - 2))
			skip += 2;
		if (skip) {
			memmove(s, s + skip, len - skip);
			len -= skip;
			out->text.len = start + len;
		}
		if (len == 0) {
			out->text.len = start;
			blank = 1;
			continue;
		}
		if (cover) {
			if (ends_cover(s, len))
				cover = 0;
			else if (!cover_code[0]) {
				struct stdcode sc;
				int m = stdcode_whole(codes, rc, s, len, &sc);
				if (m < 0) {
					vec_free(&cands);
					return pattern_failed(m, lineno, err, errlen);
				}
				if (m > 0)
					cover_sc = sc, stdcode_full(&sc, cover_code, sizeof cover_code);
			}
		} else {
			struct stdcode sc;
			int m = stdcode_whole(codes, rc, s, len, &sc);
			if (m < 0) {
				vec_free(&cands);
				return pattern_failed(m, lineno, err, errlen);
			}
			if (m > 0) {
				/* Decided at the end: a header or a list entry? */
				struct candidate *c = vec_push(&cands);
				c->line = out->n;
				c->sc = sc;
			} else if (is_page_number(s, len) && (memcmp(s, "第", 3) == 0 ||
								ends_sentence(out))) {
				out->page_numbers++;
				out->text.len = start;
				continue;
			}
		}
		push_line(out, start, len, lineno, blank, heading_mark);
		blank = 0;
		out->text.p[out->text.len++] = '\0';   /* each line a C string (room reserved) */
	}
	out->text.p[out->text.len] = '\0';
	drop_headers(out, cands.v, cands.n, cover_code[0] ? &cover_sc : NULL);
	vec_free(&cands);
	return 0;
}

void repaired_free(struct repaired *r)
{
	buf_free(&r->text);
	free(r->lines);
	r->lines = NULL;
	r->n = r->cap = 0;
}
