/* extract.c - see extract.h. */
#include "extract.h"
#include "log.h"
#include "normalize.h"

#include <stdio.h>
#include <string.h>

const char *const prov_type_name[PROV_N] = {
	"requirement", "recommendation", "permission", "possibility"
};
const char *const clause_kind_name[4] = { "chapter", "clause", "annex", "annex_clause" };
const char *const ref_kind_name[3] = { "normative", "bibliography", "cited" };

void doc_reset(struct doc *d)
{
	struct doc keep = *d;
	arena_reset(&keep.arena);
	memset(d, 0, sizeof *d);
	d->arena = keep.arena;
#define KEEP(f) (d->f = keep.f, vec_clear(&d->f))
	KEEP(orgs); KEEP(drafters); KEEP(elements); KEEP(clauses); KEEP(paras);
	KEEP(terms); KEEP(refs); KEEP(anomalies); KEEP(toc); KEEP(provisions);
#undef KEEP
}

void doc_free(struct doc *d)
{
	arena_free(&d->arena);
	vec_free(&d->orgs); vec_free(&d->drafters); vec_free(&d->elements);
	vec_free(&d->clauses); vec_free(&d->paras); vec_free(&d->terms);
	vec_free(&d->refs); vec_free(&d->anomalies); vec_free(&d->toc);
	vec_free(&d->provisions);
}

int extractor_init(struct extractor *x, char *err, size_t errlen)
{
	memset(x, 0, sizeof *x);
	if (rx_ctx_init(&x->rc) != 0) {
		snprintf(err, errlen, "cannot allocate the PCRE2 match context");
		return -1;
	}
	if (stdcode_init(&x->codes, err, errlen) != 0) {
		rx_ctx_free(&x->rc);
		return -1;
	}
	if (patterns_init(&x->pat, err, errlen) != 0) {
		stdcode_free(&x->codes);
		rx_ctx_free(&x->rc);
		return -1;
	}
	const char *nojit = patterns_without_jit(&x->pat);
	if (!rx_jit_available() || nojit || !x->codes.any.jit)
		log_warn("PCRE2 JIT is not available (pattern %s): extraction will be 10-100x slower",
			 nojit ? nojit : "stdcode");
	return 0;
}

void extractor_free(struct extractor *x)
{
	patterns_free(&x->pat);
	stdcode_free(&x->codes);
	rx_ctx_free(&x->rc);
	buf_free(&x->nfkc);
	repaired_free(&x->rep);
	doc_free(&x->doc);
}

int extract_bytes(struct extractor *x, const char *data, size_t n,
		  char *err, size_t errlen)
{
	doc_reset(&x->doc);
	if (n == 0) {
		snprintf(err, errlen, "empty file");
		return -1;
	}
	if (norm_nfkc(data, n, &x->nfkc, err, errlen) != 0)
		return -1;
	if (repair_text(&x->codes, &x->rc, x->nfkc.p, x->nfkc.len, &x->rep, err, errlen) != 0)
		return -1;
	if (x->rep.n == 0) {
		snprintf(err, errlen, "no text (only white space)");
		return -1;
	}
	x->doc.chars = x->nfkc.len;
	x->doc.lines = (int)x->rep.n;
	if (parse_document(x, err, errlen) != 0)
		return -1;
	find_provisions(&x->doc);
	return 0;
}
