/* stdcode.h - recognising standard codes in text.
 *
 * Group (T/CAS 123-2021), national (GB, GB/T, GB/Z), industry (MZ/T,
 * WS/T, JGJ ...), local (DB44/T, DB4404/T, "DB 32/T"), enterprise-free
 * international (ISO, IEC, ISO/IEC) codes, dated or undated, with the
 * placeholders drafts use (T/NSSQ X-2022, T/NSSQ XXXX).  The text must be
 * NFKC and repaired (repair.c): dashes are '-', spaces ASCII.
 *
 * A recognised code is split into prefix, number and year; the canonical
 * written form is "PREFIX NUMBER-YEAR" with the spaces inside the prefix
 * removed ("DB 32/T 2639-2014" -> "DB32/T 2639-2014"), which makes codes
 * comparable across documents. */
#ifndef PEIYOU_STDCODE_H
#define PEIYOU_STDCODE_H

#include <stddef.h>
#include "regex.h"

struct stdcode {
	char prefix[24];
	char num[40];
	char year[8];       /* "" when undated */
	size_t start, end;  /* byte offsets of the match in the subject */
};

struct stdcode_matcher {
	struct rx any;      /* a code anywhere */
	struct rx whole;    /* a line that is only a code */
};

int stdcode_init(struct stdcode_matcher *m, char *err, size_t errlen);
void stdcode_free(struct stdcode_matcher *m);

/* Find the first code in s[start, len).  Returns 1 and fills out, 0 when
 * there is none, < 0 on a match error (see rx_match). */
int stdcode_find(const struct stdcode_matcher *m, struct rx_ctx *c,
		 const char *s, size_t len, size_t start, struct stdcode *out);
/* Is s[0, len) one code and nothing else?  1 yes (out filled), 0 no, < 0 error. */
int stdcode_whole(const struct stdcode_matcher *m, struct rx_ctx *c,
		  const char *s, size_t len, struct stdcode *out);

/* "GB/T 1.1" (without year) and "GB/T 1.1-2020" (with year when dated). */
void stdcode_base(const struct stdcode *sc, char *out, size_t outlen);
void stdcode_full(const struct stdcode *sc, char *out, size_t outlen);

#endif
