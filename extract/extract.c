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

void doc_set_code(struct doc *d, const struct stdcode *sc)
{
	char full[80];
	stdcode_full(sc, full, sizeof full);
	d->code = arena_strdup(&d->arena, full);
	d->code_prefix = arena_strdup(&d->arena, sc->prefix);
	d->code_number = arena_strdup(&d->arena, sc->num);
	d->code_year = sc->year[0] ? arena_strdup(&d->arena, sc->year) : NULL;
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
	convert_cfg_init(&x->cfg);
	const char *nojit = patterns_without_jit(&x->pat);
	if (!rx_jit_available() || nojit || !x->codes.any.jit)
		log_warn("PCRE2 JIT is not available (pattern %s): extraction will be 10-100x slower",
			 nojit ? nojit : "stdcode");
	return 0;
}

int extractor_init_like(struct extractor *x, const struct extractor *model,
			char *err, size_t errlen)
{
	memset(x, 0, sizeof *x);
	if (rx_ctx_init(&x->rc) != 0) {
		snprintf(err, errlen, "cannot allocate the PCRE2 match context");
		return -1;
	}
	x->codes = model->codes;
	x->pat = model->pat;
	x->shared = 1;
	convert_cfg_init(&x->cfg);
	return 0;
}

void extractor_free(struct extractor *x)
{
	if (!x->shared) {
		patterns_free(&x->pat);
		stdcode_free(&x->codes);
	}
	rx_ctx_free(&x->rc);
	converted_free(&x->conv);
	buf_free(&x->nfkc);
	repaired_free(&x->rep);
	doc_free(&x->doc);
}

/* "T/GZAEPI 001—2018" from a page: dashes made '-', then the canonical
 * code when it is one; the other code fields with it. */
static void meta_code(struct extractor *x, const char *raw)
{
	struct doc *d = &x->doc;
	char t[128];
	size_t k = 0;
	for (const char *p = raw; *p && k + 1 < sizeof t; p++) {
		if (!strncmp(p, "—", 3) || !strncmp(p, "–", 3) || !strncmp(p, "－", 3)) {
			t[k++] = '-';
			p += 2;
		} else {
			t[k++] = *p;
		}
	}
	t[k] = '\0';
	struct stdcode sc;
	if (stdcode_whole(&x->codes, &x->rc, t, k, &sc) > 0) {
		doc_set_code(d, &sc);
	} else {
		d->code = arena_strdup(&d->arena, t);
	}
}

/* What a platform page states fills what the text did not give. */
static void overlay_meta(struct extractor *x)
{
	struct doc *d = &x->doc;
	const struct conv_meta *m = &x->conv.meta;
	if (m->code && !d->code)
		meta_code(x, m->code);
#define FILL(f, v) if ((v) && !d->f) d->f = arena_strdup(&d->arena, (v))
	FILL(title_zh, m->title_zh);
	FILL(title_en, m->title_en);
	FILL(published, m->published);
	FILL(effective, m->effective);
	FILL(status, m->status);
	FILL(ics, m->ics);
	FILL(ccs, m->ccs);
	FILL(industry, m->industry);
	FILL(org_category, m->org_category);
	FILL(org_scope, m->org_scope);
	FILL(authority, m->authority);
	FILL(committee, m->committee);
	FILL(page_drafters, m->drafters);
	FILL(page_orgs, m->orgs);
	FILL(page_scope, m->scope);
	FILL(main_content, m->content);
	FILL(patent, m->patent);
	FILL(text_url, m->text_url);
	FILL(platform_meta, m->other);
#undef FILL
}

/* A platform detail page without standard text: a document of metadata. */
static int metadata_only(struct extractor *x, const char *why)
{
	doc_reset(&x->doc);
	x->doc.conv = &x->conv;
	overlay_meta(x);
	x->doc.metadata_only = 1;
	conv_warn(&x->conv, "metadata only: %s", why);
	return 0;
}

/* A text whose lines end in CR alone (as old Mac editors wrote them) is
 * one line to repair_text(), which takes CR for white space: its CRs are
 * made LF here.  A text with any LF keeps its CRs (CR LF ends a line as
 * LF does). */
static void cr_line_ends(struct buf *b)
{
	if (!b->len || memchr(b->p, '\n', b->len) || !memchr(b->p, '\r', b->len))
		return;
	for (char *c = b->p; (c = memchr(c, '\r', (size_t)(b->p + b->len - c))); c++)
		*c = '\n';
}

int extract_bytes_typed(struct extractor *x, const char *data, size_t n,
			const char *content_type, char *err, size_t errlen)
{
	doc_reset(&x->doc);
	x->doc.conv = &x->conv;
	if (n == 0) {
		converted_reset(&x->conv);
		snprintf(err, errlen, "empty file");
		return -1;
	}
	/* Plain text that detection takes for UTF-8 comes unchecked, and
	 * norm_nfkc() is the check (see decode_text()).  When it refuses the
	 * text, the document is converted again, checked: GB18030 then, or
	 * the error a checked conversion gives. */
	int normalised = 0;
	int rc = convert_bytes(&x->cfg, data, n, content_type, 1, &x->conv, err, errlen);
	if (rc == 0 && x->conv.unchecked) {
		normalised = norm_nfkc(x->conv.view, x->conv.view_len, &x->nfkc, err, errlen) == 0;
		if (!normalised)
			rc = convert_bytes(&x->cfg, data, n, content_type, 0, &x->conv, err, errlen);
	}
	if (rc != 0)
		return rc;
	int page_meta = x->conv.meta.code != NULL;
	const char *text = x->conv.view ? x->conv.view : x->conv.text.p ? x->conv.text.p : "";
	size_t tn = x->conv.view ? x->conv.view_len : x->conv.text.len;
	if (tn == 0 && page_meta)
		return metadata_only(x, "the page carries no text");
	if (tn == 0) {
		snprintf(err, errlen, "%s: no text", x->conv.format);
		return -1;
	}
	if (!normalised && norm_nfkc(text, tn, &x->nfkc, err, errlen) != 0)
		return -1;
	cr_line_ends(&x->nfkc);
	if (repair_text(&x->codes, &x->rc, x->nfkc.p, x->nfkc.len, &x->rep, err, errlen) != 0)
		return -1;
	if (x->rep.n == 0) {
		if (page_meta)
			return metadata_only(x, "the page carries no text");
		snprintf(err, errlen, "no text (only white space)");
		return -1;
	}
	x->doc.chars = x->nfkc.len;
	x->doc.lines = (int)x->rep.n;
	if (parse_document(x, err, errlen) != 0) {
		if (page_meta)
			return metadata_only(x, "the page carries no standard text");
		return -1;
	}
	if (!strcmp(x->conv.format, "html")) {
		/* A page's own text counts only when it is a standard: chapter 1
		 * is 范围.  Navigation, notices and result lists are not. */
		int scope = x->doc.clauses.n && x->doc.clauses.v[0].heading &&
			    !strcmp(x->doc.clauses.v[0].num, "1") &&
			    (!strcmp(x->doc.clauses.v[0].heading, "范围") ||
			      !strcmp(x->doc.clauses.v[0].heading, "範圍"));
		if (!scope && page_meta)
			return metadata_only(x, "the page carries no standard text");
		if (!scope) {
			doc_reset(&x->doc);
			x->doc.conv = &x->conv;
			snprintf(err, errlen, "HTML page without standard text (no chapter \"1 范围\") "
				 "and without the metadata of a detail page: a list or search page?");
			return -1;
		}
		overlay_meta(x);
	}
	find_provisions(&x->doc);
	return 0;
}

int extract_bytes(struct extractor *x, const char *data, size_t n,
		  char *err, size_t errlen)
{
	return extract_bytes_typed(x, data, n, NULL, err, errlen);
}
