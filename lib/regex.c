/* regex.c - see regex.h. */
#include "regex.h"

#include <stdio.h>
#include <string.h>

/* Limits: generous for lines of ordinary text, small enough that a
 * pathological line fails in milliseconds instead of hanging the batch. */
#define RX_MATCH_LIMIT 1000000
#define RX_DEPTH_LIMIT 10000
#define RX_JIT_STACK_MIN (64 * 1024)
#define RX_JIT_STACK_MAX (4 * 1024 * 1024)
#define RX_MAX_GROUPS 32

int rx_jit_available(void)
{
	uint32_t jit = 0;
	if (pcre2_config(PCRE2_CONFIG_JIT, &jit) < 0)
		return 0;
	return jit == 1;
}

int rx_compile(struct rx *r, const char *name, const char *pattern,
	       uint32_t options, char *err, size_t errlen)
{
	int ec;
	PCRE2_SIZE eo;
	r->name = name;
	r->jit = 0;
	r->code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, options,
				&ec, &eo, NULL);
	if (!r->code) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(ec, msg, sizeof msg);
		snprintf(err, errlen, "pattern %s: %s at offset %zu", name,
			 (const char *)msg, (size_t)eo);
		return -1;
	}
	if (pcre2_jit_compile(r->code, PCRE2_JIT_COMPLETE) == 0)
		r->jit = 1;
	return 0;
}

void rx_free(struct rx *r)
{
	pcre2_code_free(r->code);
	r->code = NULL;
}

int rx_ctx_init(struct rx_ctx *c)
{
	c->mctx = pcre2_match_context_create(NULL);
	c->stack = pcre2_jit_stack_create(RX_JIT_STACK_MIN, RX_JIT_STACK_MAX, NULL);
	c->md = pcre2_match_data_create(RX_MAX_GROUPS, NULL);
	if (!c->mctx || !c->stack || !c->md) {
		rx_ctx_free(c);
		return -1;
	}
	pcre2_set_match_limit(c->mctx, RX_MATCH_LIMIT);
	pcre2_set_depth_limit(c->mctx, RX_DEPTH_LIMIT);
	pcre2_jit_stack_assign(c->mctx, NULL, c->stack);
	c->ov = pcre2_get_ovector_pointer(c->md);
	c->ov_n = pcre2_get_ovector_count(c->md);
	return 0;
}

void rx_ctx_free(struct rx_ctx *c)
{
	pcre2_match_data_free(c->md);
	pcre2_jit_stack_free(c->stack);
	pcre2_match_context_free(c->mctx);
	c->md = NULL;
	c->stack = NULL;
	c->mctx = NULL;
	c->ov = NULL;
	c->ov_n = 0;
}

int rx_match(const struct rx *r, struct rx_ctx *c, const char *subject,
	     size_t len, size_t start)
{
	/* Subjects are validated UTF-8 (normalize.c), so skip the re-check.
	 * A JIT-compiled pattern goes straight to its code (pcre2_jit_match,
	 * the same matcher and limits without pcre2_match()'s set-up). */
	int rc = r->jit ? pcre2_jit_match(r->code, (PCRE2_SPTR)subject, len, start,
					  PCRE2_NO_UTF_CHECK, c->md, c->mctx)
			: pcre2_match(r->code, (PCRE2_SPTR)subject, len, start,
				      PCRE2_NO_UTF_CHECK, c->md, c->mctx);
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	if (rc == 0)    /* ovector too small: treat as matched, groups beyond are unset */
		return RX_MAX_GROUPS;
	return rc;
}

size_t rx_start(const struct rx_ctx *c, int g)
{
	if ((uint32_t)g >= c->ov_n)
		return (size_t)-1;
	return c->ov[2 * g];
}

size_t rx_end(const struct rx_ctx *c, int g)
{
	if ((uint32_t)g >= c->ov_n)
		return (size_t)-1;
	return c->ov[2 * g + 1];
}

void rx_errmsg(int rc, char *out, size_t outlen)
{
	PCRE2_UCHAR msg[200];
	if (pcre2_get_error_message(rc, msg, sizeof msg) < 0)
		snprintf(out, outlen, "PCRE2 error %d", rc);
	else
		snprintf(out, outlen, "%s", (const char *)msg);
}
