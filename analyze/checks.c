/* checks.c - drafting-quality findings (GB/T 1.1-2020 and the review points
 * of docs/DOMAIN.md §3.2, whose IDs the check codes reuse).
 *
 * Each check is one function over the extracted document; the catalogue
 * below gives its code, severity and title (written to the checks table
 * and docs/analyze.md).  A finding names the clause and quotes an excerpt.
 * Checks read only what extraction stored: nothing here re-parses text
 * that extract has already structured. */
#include "analyze.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct check_info check_catalogue[] = {
	{ "STR-01", "error", "mandatory element missing (前言, 范围, 规范性引用文件, 术语和定义)" },
	{ "STR-02", "warning", "elements out of the order of GB/T 1.1-2020" },
	{ "STR-03", "warning", "drafting basis missing, or GB/T 1.1-2009 after 2020-10-01" },
	{ "STR-06", "info", "scope without \"本文件规定了\" or \"适用于\"" },
	{ "REF-01", "warning", "normative references chapter without its fixed lead-in sentence" },
	{ "TERM-01", "warning", "terms chapter without one of the fixed lead-in sentences" },
	{ "NUM-01", "error", "clause numbering: gap, duplicate, disorder, clause outside its parent" },
	{ "NUM-04", "warning", "clause deeper than the fifth level" },
	{ "NUM-05", "warning", "hanging paragraph: text between a heading and its first sub-clause" },
	{ "NUM-07", "warning", "list items out of sequence" },
	{ "META-01", "warning", "document code differs between cover and page headers" },
	{ "META-02", "warning", "placeholder left in the code or dates (X, XX, XXXX)" },
	{ "META-06", "warning", "drafting organisations or drafters left empty" },
	{ "REF-02", "warning", "code cited in the body but not listed as a reference" },
	{ "REF-07", "warning", "normative reference never cited in the body" },
	{ "REF-03", "warning", "undated reference cited with a specific clause, table or figure" },
	{ "REF-04", "warning", "reference to a withdrawn or replaced standard" },
	{ "TERM-02", "warning", "term defined but never used" },
	{ "TERM-05", "info", "term used with a different wording" },
	{ "LANG-01", "warning", "modal form GB/T 1.1 does not allow (必须, 应当, 不可, 务必, 严禁)" },
	{ "LANG-02", "info", "不得 where GB/T 1.1 prefers 不应" },
	{ "LANG-03", "warning", "requirement with a vague word (适当, 合理, 及时, 尽量, 相关 ...)" },
	{ "LANG-04", "info", "requirement with nothing measurable (no number, unit, time limit or criterion)" },
	{ "CONT-01", "warning", "chapter of requirements without any requirement" },
	{ "TOC-01", "warning", "table of contents disagrees with the body" },
	{ NULL, NULL, NULL },
};

/* Vague words of requirements (DOMAIN.md LANG-03), as scanned. */
const char *const vague_words[] = {
	"适当", "合理", "及时", "尽量", "尽可能", "尽快", "有关", "相关", "必要时", "足够",
	"充分", "良好", "较好", "适量", "原则上", "大约", "左右", "若干", "经常", "明显",
	"一般应", "一般情况下", "等。", NULL
};
/* Phrases in which a vague word is a fixed term, not vagueness. */
static const char *const vague_exempt[] = { "合理便利", "相关方", "有关部门", NULL };

static const char *severity_of(const char *code)
{
	for (const struct check_info *c = check_catalogue; c->code; c++)
		if (strcmp(c->code, code) == 0)
			return c->severity;
	return "info";
}

static void finding(struct adoc *d, const char *code, const char *clause,
		    const char *quote, const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void finding(struct adoc *d, const char *code, const char *clause,
		    const char *quote, const char *fmt, ...)
{
	struct finding *f = vec_push(&d->findings);
	f->code = code;
	f->severity = severity_of(code);
	f->clause = clause;
	f->excerpt = quote ? excerpt(&d->arena, quote, 40) : NULL;
	if (fmt) {
		char tmp[512];
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(tmp, sizeof tmp, fmt, ap);
		va_end(ap);
		f->detail = arena_strdup(&d->arena, tmp);
	}
}

static int has_element(const struct adoc *d, const char *name)
{
	for (size_t i = 0; i < d->elements.n; i++)
		if (strcmp(d->elements.v[i], name) == 0)
			return 1;
	return 0;
}

/* The chapter whose heading contains word (exactly equal when exact). */
static const struct aclause *chapter(const struct adoc *d, const char *word, int exact)
{
	for (size_t i = 0; i < d->clauses.n; i++) {
		const struct aclause *c = &d->clauses.v[i];
		if (strcmp(c->kind, "chapter") || !c->heading)
			continue;
		if (exact ? strcmp(c->heading, word) == 0 : strstr(c->heading, word) != NULL)
			return c;
	}
	return NULL;
}

static int starts_with(const char *s, const char *prefix)
{
	return s && strncmp(s, prefix, strlen(prefix)) == 0;
}

/* First line of a clause's text (into the arena). */
static const char *first_line(struct adoc *d, const char *text)
{
	if (!text)
		return NULL;
	const char *nl = strchr(text, '\n');
	return nl ? arena_strndup(&d->arena, text, (size_t)(nl - text)) : text;
}

/* ---- structure -------------------------------------------------------- */

static void check_elements(struct analyzer *a, struct adoc *d)
{
	(void)a;
	static const char *const mandatory[] = { "前言", "范围", "规范性引用文件", "术语和定义" };
	for (size_t i = 0; i < 4; i++)
		if (!has_element(d, mandatory[i]))
			finding(d, "STR-01", NULL, NULL, "no %s", mandatory[i]);
	/* Order: each element's rank in GB/T 1.1-2020 must not go back. */
	static const char *const order[] = {
		"封面", "目次", "前言", "引言", "范围", "规范性引用文件", "术语和定义",
		"符号和缩略语", "正文", "附录", "参考文献", "索引"
	};
	int last = -1;
	const char *last_name = NULL;
	for (size_t i = 0; i < d->elements.n; i++) {
		const char *e = d->elements.v[i];
		int r = -1;
		for (int k = 0; k < 12; k++)
			if (strncmp(e, order[k], strlen(order[k])) == 0) {
				r = k;
				break;
			}
		if (r < 0)
			continue;
		if (r < last) {
			finding(d, "STR-02", NULL, NULL, "%s comes after %s", e, last_name);
			break;
		}
		last = r;
		last_name = e;
	}
}

/* Publication year: from the date, else from the code's year. */
static int pub_year(const struct adoc *d)
{
	if (d->published && d->published[0] >= '1' && d->published[0] <= '2')
		return atoi(d->published);
	if (d->code_year && strlen(d->code_year) == 4)
		return atoi(d->code_year);
	return 0;
}

static void check_basis(struct analyzer *a, struct adoc *d)
{
	(void)a;
	if (!has_element(d, "前言"))
		return;
	if (!d->drafting_basis) {
		finding(d, "STR-03", "前言", NULL, "the foreword does not state the drafting basis (GB/T 1.1-2020)");
		return;
	}
	int y = pub_year(d);
	const char *published = d->published ? d->published : "";
	int after = y > 2020 || (y == 2020 && strcmp(published, "2020-10-01") >= 0 &&
				 published[4] == '-');
	if (after && strstr(d->drafting_basis, "-2020") == NULL)
		finding(d, "STR-03", "前言", d->drafting_basis,
			"drafted to %s, published %d: GB/T 1.1-2020 applies from 2020-10-01",
			d->drafting_basis, y);
}

static void check_scope(struct analyzer *a, struct adoc *d)
{
	(void)a;
	const struct aclause *c = chapter(d, "范围", 1);
	if (!c)
		return;
	const char *t = c->text ? c->text : "";
	if (!strstr(t, "规定了") && !strstr(t, "确立了") && !strstr(t, "给出了") && !strstr(t, "描述了"))
		finding(d, "STR-06", c->num, t, "the scope does not say what the document specifies (本文件规定了…)");
	if (!strstr(t, "适用于"))
		finding(d, "STR-06", c->num, t, "the scope does not say where it applies (本文件适用于…)");
}

static void check_leadins(struct analyzer *a, struct adoc *d)
{
	(void)a;
	const struct aclause *c = chapter(d, "规范性引用文件", 0);
	if (c) {
		const char *l = first_line(d, c->text);
		if (!(starts_with(l, "下列文件中的内容通过文中的规范性引用而构成本文件必不可少的条款") ||
		      starts_with(l, "本文件没有规范性引用文件")))
			finding(d, "REF-01", c->num, l, "the chapter does not open with the fixed sentence "
				"\"下列文件中的内容通过文中的规范性引用而构成本文件必不可少的条款。…\"");
	}
	c = chapter(d, "术语", 0);
	if (c) {
		const char *l = first_line(d, c->text);
		int ok = l && (strstr(l, "下列术语和定义适用于本文件") ||
			       strstr(l, "界定的以及下列术语和定义适用于本文件") ||
			       strstr(l, "界定的术语和定义适用于本文件") ||
			       strstr(l, "本文件没有需要界定的术语和定义") ||
			       strstr(l, "下列术语、定义和缩略语适用于本文件") ||
			       strstr(l, "下列术语和缩略语适用于本文件"));
		if (!ok)
			finding(d, "TERM-01", c->num, l, "the chapter does not open with \"下列术语和定义适用于本文件。\" or one of its variants");
	}
}

/* ---- numbering -------------------------------------------------------- */

static void check_numbering(struct analyzer *a, struct adoc *d)
{
	(void)a;
	for (size_t i = 0; i < d->anomalies.n; i++) {
		const struct aanom *an = &d->anomalies.v[i];
		const char *code = strcmp(an->kind, "too_deep") == 0 ? "NUM-04" :
				   strcmp(an->kind, "item_sequence") == 0 ? "NUM-07" : "NUM-01";
		finding(d, code, an->clause, NULL, "%s", an->detail);
	}
	/* Hanging paragraphs: a clause with both its own text and sub-clauses.
	 * The references and terms chapters open with their fixed lead-ins
	 * before the entries, as GB/T 1.1 wants. */
	for (size_t i = 0; i < d->clauses.n; i++) {
		const struct aclause *c = &d->clauses.v[i];
		if (!c->n_children || !c->text || strcmp(c->kind, "annex") == 0)
			continue;
		const struct aclause *ch = NULL;
		for (size_t k = 0; k <= i; k++)
			if (strcmp(d->clauses.v[k].kind, "chapter") == 0 && d->clauses.v[k].chapter == c->chapter)
				ch = &d->clauses.v[k];
		if (ch && ch->heading && (strstr(ch->heading, "术语") || strstr(ch->heading, "规范性引用文件")))
			continue;
		finding(d, "NUM-05", c->num, c->text,
			"text between the heading of %s and its first sub-clause cannot be referred to", c->num);
	}
}

/* ---- metadata --------------------------------------------------------- */

static int has_placeholder(const char *s)
{
	return s && (strstr(s, "XX") || strcmp(s, "X") == 0 || strstr(s, "××"));
}

static void check_metadata(struct analyzer *a, struct adoc *d)
{
	(void)a;
	if (d->code && d->header_code && strcmp(d->code, d->header_code) != 0)
		finding(d, "META-01", NULL, d->header_code, "the cover reads %s, the page headers %s",
			d->code, d->header_code);
	else if (d->code && d->header_code_other && strcmp(d->code, d->header_code_other) != 0)
		finding(d, "META-01", NULL, d->header_code_other, "the cover reads %s, a page header %s",
			d->code, d->header_code_other);
	if (has_placeholder(d->code_number) || has_placeholder(d->code_year))
		finding(d, "META-02", NULL, d->code, "the document number is a placeholder: %s", d->code);
	if (has_placeholder(d->published))
		finding(d, "META-02", NULL, d->published, "the publication date is a placeholder");
	if (has_placeholder(d->effective))
		finding(d, "META-02", NULL, d->effective, "the implementation date is a placeholder");
	if (d->orgs && strcmp(d->orgs, "[]") == 0)
		finding(d, "META-06", "前言", NULL, "本文件起草单位 is empty");
	if (d->drafters && strcmp(d->drafters, "[]") == 0)
		finding(d, "META-06", "前言", NULL, "本文件主要起草人 is empty");
}

/* ---- references ------------------------------------------------------- */

/* Does reference code `part` fall under `whole`: the same code, or a part
 * of a document listed with "(所有部分)" (GB/T 20004.1 under GB/T 20004)? */
static int covers(const char *whole, int all_parts, const char *part)
{
	size_t n = strlen(whole);
	return strcmp(whole, part) == 0 || (all_parts && strncmp(whole, part, n) == 0 && part[n] == '.');
}

/* The reference of this kind that code falls under (see covers()). */
static const struct aref *listed(const struct adoc *d, const char *code, const char *kind)
{
	for (size_t i = 0; i < d->refs.n; i++) {
		const struct aref *r = &d->refs.v[i];
		if (r->code && strcmp(r->kind, kind) == 0 && covers(r->code, r->all_parts, code))
			return r;
	}
	return NULL;
}

/* Is the normative reference n cited anywhere in the body? */
static int cited_anywhere(const struct adoc *d, const struct aref *n)
{
	for (size_t i = 0; i < d->refs.n; i++) {
		const struct aref *r = &d->refs.v[i];
		if (r->code && strcmp(r->kind, "cited") == 0 && covers(n->code, n->all_parts, r->code))
			return 1;
	}
	return 0;
}

static const struct aclause *clause_by_num(const struct adoc *d, const char *num)
{
	for (size_t i = 0; num && i < d->clauses.n; i++)
		if (strcmp(d->clauses.v[i].num, num) == 0)
			return &d->clauses.v[i];
	return NULL;
}

/* Is this citation of an undated code followed by a clause, table, figure
 * or annex of it ("GB/T 20647.9中5.3", "GB 50763第3章")?  1 yes, 0 no,
 * -1 pattern failure. */
static int cited_with_clause(struct analyzer *a, const char *text, const char *raw)
{
	const char *p = text;
	while (p && (p = strstr(p, raw)) != NULL) {
		const char *after = p + strlen(raw);
		int rc = rx_match(&a->clause_ref, &a->rc, after, strlen(after), 0);
		if (rc < 0)
			return -1;
		if (rc > 0)
			return 1;
		p = after;
	}
	return 0;
}

static int check_references(struct analyzer *a, struct adoc *d)
{
	char own[64] = "";
	if (d->code) {
		snprintf(own, sizeof own, "%s", d->code);
		char *dash = strrchr(own, '-');
		if (dash && d->code_year)
			*dash = '\0';
	}
	for (size_t i = 0; i < d->refs.n; i++) {
		const struct aref *r = &d->refs.v[i];
		if (strcmp(r->kind, "cited") != 0 || !r->code || strcmp(r->code, own) == 0)
			continue;
		/* The same code cited by an earlier clause was reported there. */
		int seen = 0;
		for (size_t k = 0; k < i && !seen; k++)
			seen = d->refs.v[k].code && strcmp(d->refs.v[k].kind, "cited") == 0 &&
			       strcmp(d->refs.v[k].code, r->code) == 0;
		const struct aref *n = listed(d, r->code, "normative");
		if (!n && !listed(d, r->code, "bibliography") && !seen)
			finding(d, "REF-02", r->clause, r->raw, "%s is cited but not listed in 规范性引用文件", r->code);
		if (n && !n->year && !r->year) {
			const struct aclause *c = clause_by_num(d, r->clause);
			int m = c && c->text ? cited_with_clause(a, c->text, r->raw) : 0;
			if (m < 0)
				return -1;
			if (m)
				finding(d, "REF-03", r->clause, r->raw,
					"%s is listed undated but cited with a specific part of it: date the reference", r->code);
		}
	}
	for (size_t i = 0; i < d->refs.n; i++) {
		const struct aref *r = &d->refs.v[i];
		if (strcmp(r->kind, "normative") != 0 || !r->code)
			continue;
		if (!cited_anywhere(d, r))
			finding(d, "REF-07", NULL, r->raw, "%s is listed but the body never cites it", r->code);
	}
	/* Withdrawn or replaced editions: normative, bibliography and cited
	 * references, and the drafting basis. */
	for (size_t i = 0; i < d->refs.n; i++) {
		const struct aref *r = &d->refs.v[i];
		if (!r->code || !r->year)
			continue;
		for (size_t k = 0; k < a->cfg->withdrawn.n; k++) {
			const struct withdrawn *w = &a->cfg->withdrawn.v[k];
			if (strcmp(w->code, r->code) || strcmp(w->year, r->year))
				continue;
			int dup = 0;
			for (size_t j = 0; j < d->findings.n && !dup; j++)
				dup = strcmp(d->findings.v[j].code, "REF-04") == 0 && d->findings.v[j].excerpt &&
				      strstr(d->findings.v[j].excerpt, r->code) && strstr(d->findings.v[j].excerpt, r->year);
			if (dup)
				break;
			char quote[96];
			snprintf(quote, sizeof quote, "%s-%s", r->code, r->year);
			if (w->replaced_by)
				finding(d, "REF-04", r->clause, quote, "%s is replaced by %s", quote, w->replaced_by);
			else
				finding(d, "REF-04", r->clause, quote, "%s is withdrawn", quote);
			break;
		}
	}
	return 0;
}

/* ---- terms ------------------------------------------------------------ */

/* Text of the document outside the terms chapter: where terms are used. */
static void body_text(const struct adoc *d, int terms_chapter, struct buf *b)
{
	b->len = 0;
	buf_puts(b, "");
	if (d->title_zh)
		buf_puts(b, d->title_zh);
	for (size_t i = 0; i < d->clauses.n; i++) {
		const struct aclause *c = &d->clauses.v[i];
		if (terms_chapter && c->chapter == terms_chapter)
			continue;
		buf_putc(b, '\n');
		if (c->heading)
			buf_puts(b, c->heading);
		buf_putc(b, '\n');
		if (c->text)
			buf_puts(b, c->text);
	}
}

/* Code points of s into cp (at most max); returns the count. */
static size_t codepoints(const char *s, unsigned *cp, size_t max)
{
	size_t n = 0;
	const unsigned char *u = (const unsigned char *)s;
	while (*u && n < max) {
		unsigned c = *u;
		int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
		unsigned v = len == 1 ? c : len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
		for (int k = 1; k < len && u[k]; k++)
			v = (v << 6) | (u[k] & 0x3F);
		cp[n++] = v;
		u += len;
	}
	return n;
}

/* Is there a window of text within edit distance 1 of term (an inserted,
 * dropped or changed character)?  Writes the variant into out. */
static int near_variant(const unsigned *t, size_t tn, const unsigned *x, size_t xn,
			const char *text, char *out, size_t outlen)
{
	/* A changed character first, then an inserted one, then (for terms of
	 * four characters or more) a dropped one. */
	const size_t widths[3] = { tn, tn + 1, tn >= 4 ? tn - 1 : 0 };
	for (int wi = 0; wi < 3; wi++) {
		size_t w = widths[wi];
		if (!w)
			continue;
		for (size_t s = 0; s + w <= xn; s++) {
			if (x[s] != t[0] && x[s + w - 1] != t[tn - 1])
				continue;   /* either end must agree: cheap filter */
			size_t i = 0, j = 0, edits = 0;
			while (i < tn && j < w && edits <= 1) {
				if (t[i] == x[s + j]) {
					i++, j++;
				} else if (w > tn) {
					j++, edits++;
				} else if (w < tn) {
					i++, edits++;
				} else {
					i++, j++, edits++;
				}
			}
			edits += (tn - i) + (w - j);
			if (edits != 1 || x[s] == '\n' || x[s + w - 1] == '\n')
				continue;
			/* Render the variant back to UTF-8. */
			size_t k = 0;
			const unsigned char *u = (const unsigned char *)text;
			size_t cpi = 0;
			while (*u && cpi < s + w) {
				int len = *u < 0x80 ? 1 : *u < 0xE0 ? 2 : *u < 0xF0 ? 3 : 4;
				if (cpi >= s && k + (size_t)len < outlen) {
					memcpy(out + k, u, (size_t)len);
					k += (size_t)len;
				}
				u += len;
				cpi++;
			}
			out[k] = '\0';
			for (size_t q = 0; q < w; q++)
				if (x[s + q] < 0x3400)   /* a variant across punctuation is no variant */
					goto next;
			return 1;
		next:;
		}
	}
	return 0;
}

static void check_terms(struct analyzer *a, struct adoc *d)
{
	(void)a;
	const struct aclause *tc = chapter(d, "术语", 0);
	int tch = tc ? tc->chapter : 0;
	struct buf body = BUF_INIT;
	body_text(d, tch, &body);
	unsigned *x = NULL;
	size_t xn = 0;
	for (size_t i = 0; i < d->terms.n; i++) {
		const struct aterm *t = &d->terms.v[i];
		if (!t->zh || !*t->zh || strstr(body.p, t->zh))
			continue;
		if (!x) {
			x = malloc((body.len + 1) * sizeof *x);
			xn = codepoints(body.p, x, body.len + 1);
		}
		unsigned tcp[64];
		size_t tn = codepoints(t->zh, tcp, 64);
		char variant[256];
		if (tn >= 3 && near_variant(tcp, tn, x, xn, body.p, variant, sizeof variant))
			finding(d, "TERM-05", t->num, variant, "%s is defined, the body writes %s", t->zh, variant);
		else
			finding(d, "TERM-02", t->num, t->zh, "%s is defined but never used", t->zh);
	}
	free(x);
	buf_free(&body);
}

/* ---- language --------------------------------------------------------- */

struct vague_hit {
	const struct analyzer *a;
	const char *text;
	const char *word;
};

static void on_vague(void *ctx, int word, size_t start)
{
	struct vague_hit *v = ctx;
	if (v->word)
		return;
	for (const char *const *e = vague_exempt; *e; e++) {
		/* The exempt phrase around the hit? */
		size_t el = strlen(*e);
		for (size_t back = 0; back <= start && back < el; back++)
			if (strncmp(v->text + start - back, *e, el) == 0)
				return;
	}
	v->word = vague_words[word];
}

static int check_language(struct analyzer *a, struct adoc *d)
{
	for (size_t i = 0; i < d->provs.n; i++) {
		const struct aprov *p = &d->provs.v[i];
		const char *num = d->clauses.v[p->clause].num;
		if (!strcmp(p->verb, "必须") || !strcmp(p->verb, "应当") || !strcmp(p->verb, "不可"))
			finding(d, "LANG-01", num, p->text, "%s: write %s", p->verb,
				strcmp(p->verb, "不可") ? "应" : "不应");
		else if (!strcmp(p->verb, "不得"))
			finding(d, "LANG-02", num, p->text, "不得: GB/T 1.1 prefers 不应");
		if (strcmp(p->type, "requirement") != 0)
			continue;
		struct vague_hit v = { a, p->text, NULL };
		aho_scan(&a->vague, p->text, strlen(p->text), on_vague, &v);
		if (v.word) {
			char w[32];
			snprintf(w, sizeof w, "%s", v.word);
			char *stop = strstr(w, "。");
			if (stop)
				*stop = '\0';
			finding(d, "LANG-03", num, p->text, "vague word in a requirement: %s", w);
		}
		/* A lead-in ("应包括:") is completed by its list items. */
		size_t tl = strlen(p->text);
		if (tl && p->text[tl - 1] == ':')
			continue;
		int m = rx_match(&a->measurable, &a->rc, p->text, tl, 0);
		if (m < 0)
			return -1;
		if (m == 0)
			finding(d, "LANG-04", num, p->text, NULL);   /* the catalogue title says it */
	}
	/* 务必 and 严禁 are not verbs extraction types; look for them in text. */
	for (size_t i = 0; i < d->clauses.n; i++) {
		const struct aclause *c = &d->clauses.v[i];
		if (!c->text)
			continue;
		const char *w = strstr(c->text, "务必") ? "务必" : strstr(c->text, "严禁") ? "严禁" : NULL;
		if (w)
			finding(d, "LANG-01", c->num, strstr(c->text, w), "%s: write 应 or 不应", w);
	}
	return 0;
}

/* Chapters of requirements ("…要求") without a single requirement. */
static void check_content(struct analyzer *a, struct adoc *d)
{
	(void)a;
	for (size_t i = 0; i < d->clauses.n; i++) {
		const struct aclause *c = &d->clauses.v[i];
		if (strcmp(c->kind, "chapter") || !c->heading || !strstr(c->heading, "要求") ||
		    c->chapter <= 3)
			continue;
		int req = 0;
		for (size_t k = i; k < d->clauses.n && d->clauses.v[k].chapter == c->chapter; k++)
			req += d->clauses.v[k].requirement;
		if (!req)
			finding(d, "CONT-01", c->num, c->heading,
				"chapter %s (%s) sets requirements but has no 应/不应", c->num, c->heading);
	}
}

/* Spaces removed, for comparing headings across the contents page. */
static void squeeze(const char *s, char *out, size_t outlen)
{
	size_t k = 0;
	for (; s && *s && k + 1 < outlen; s++)
		if (*s != ' ')
			out[k++] = *s;
	out[k] = '\0';
}

static void check_toc(struct analyzer *a, struct adoc *d)
{
	(void)a;
	if (!d->toc.n)
		return;
	int entries = 0;
	for (size_t i = 0; i < d->toc.n; i++) {
		const struct atoc *t = &d->toc.v[i];
		if (!t->num || !t->heading || !*t->heading)
			continue;
		entries++;
		/* "附录A" in the contents is annex "A" in the body, its heading
		 * after the role "(资料性)". */
		char num[64], x[256], y[256];
		squeeze(t->num, num, sizeof num);
		const char *n = strncmp(num, "附录", 6) == 0 ? num + 6 : num;
		const char *h = t->heading;
		if (n != num && h[0] == '(') {
			const char *close = strchr(h, ')');
			h = close ? close + 1 : h;
		}
		const struct aclause *c = clause_by_num(d, n);
		squeeze(h, x, sizeof x);
		squeeze(c ? c->heading : NULL, y, sizeof y);
		if (!c)
			finding(d, "TOC-01", t->num, t->heading, "the contents list %s %s, the body has no %s",
				t->num, t->heading, n);
		else if (strcmp(x, y) != 0)
			finding(d, "TOC-01", t->num, t->heading, "the contents read \"%s\", the body \"%s\"",
				t->heading, c->heading ? c->heading : "");
	}
	if (!entries)
		return;
	for (size_t i = 0; i < d->clauses.n; i++) {
		const struct aclause *c = &d->clauses.v[i];
		if (strcmp(c->kind, "chapter"))
			continue;
		int found = 0;
		for (size_t k = 0; k < d->toc.n && !found; k++) {
			char num[64];
			squeeze(d->toc.v[k].num, num, sizeof num);
			found = d->toc.v[k].num && strcmp(num, c->num) == 0;
		}
		if (!found)
			finding(d, "TOC-01", c->num, c->heading, "chapter %s is missing from the contents", c->num);
	}
}

int run_checks(struct analyzer *a, struct adoc *d, char *err, size_t errlen)
{
	vec_clear(&d->findings);
	check_elements(a, d);
	check_basis(a, d);
	check_scope(a, d);
	check_leadins(a, d);
	check_numbering(a, d);
	check_metadata(a, d);
	if (check_references(a, d) != 0 || check_language(a, d) != 0) {
		snprintf(err, errlen, "a check pattern hit its match limit");
		return -1;
	}
	check_terms(a, d);
	check_content(a, d);
	check_toc(a, d);
	return 0;
}
