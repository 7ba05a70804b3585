/* regex.h - PCRE2 patterns compiled once with JIT, matched with limits.
 *
 * Every pattern of a run is compiled at start-up and JIT-compiled; a match
 * runs with a match limit, a depth limit and a JIT stack big enough for
 * long lines.  A match either finds something (> 0), finds nothing (0), or
 * fails (< 0: a limit was hit, the JIT stack ran out, ...).  Callers treat
 * a failure as an error for the document, never as "no match". */
#ifndef PEIYOU_REGEX_H
#define PEIYOU_REGEX_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stddef.h>
#include <stdint.h>

struct rx {
	const char *name;
	pcre2_code *code;
	int jit;             /* 1 when JIT compilation succeeded */
};

/* Shared match state: one per run (single-threaded). */
struct rx_ctx {
	pcre2_match_context *mctx;
	pcre2_jit_stack *stack;
	pcre2_match_data *md;
	PCRE2_SIZE *ov;         /* md's ovector, fixed for md's lifetime */
	uint32_t ov_n;          /* its number of pairs */
};

/* PCRE2 built with JIT support?  Checked once at start-up. */
int rx_jit_available(void);

/* Compile pattern (options such as PCRE2_UTF | PCRE2_ANCHORED) and JIT it.
 * Returns 0, or -1 with a message in err. */
int rx_compile(struct rx *r, const char *name, const char *pattern,
	       uint32_t options, char *err, size_t errlen);
void rx_free(struct rx *r);

int rx_ctx_init(struct rx_ctx *c);
void rx_ctx_free(struct rx_ctx *c);

/* Match subject[0, len) from offset start.  Returns the pcre2_match()
 * result: > 0 matched, 0 none (PCRE2_ERROR_NOMATCH is mapped to 0),
 * < 0 error. */
int rx_match(const struct rx *r, struct rx_ctx *c, const char *subject,
	     size_t len, size_t start);
/* Offsets of capture group g of the last match ((size_t)-1 when unset). */
size_t rx_start(const struct rx_ctx *c, int g);
size_t rx_end(const struct rx_ctx *c, int g);
/* Describe error code rc (from rx_match) for messages. */
void rx_errmsg(int rc, char *out, size_t outlen);

#endif
