/* check-terms.c - the terms and definitions chapter (TERM).
 *
 * Its lead-in, terms the body never uses (compared without spaces, which
 * OCR puts inside words, and also by their English name), terms written
 * differently in the body, and definitions given outside the chapter
 * ("……是指……").  A terminology standard's terms are its content: they
 * need no use elsewhere. */
#include "checks.h"
#include "repair.h"

#include <stdlib.h>
#include <string.h>

static const struct aclause *terms_chapter(const struct adoc *d)
{
	return find_chapter(d, "术语", 0);
}

static void check_leadin(struct checker *k)
{
	struct adoc *d = k->d;
	const struct aclause *c = terms_chapter(d);
	if (!c || d->rules.terminology || d->rules.engineering)
		return;
	/* A chapter "术语、定义和缩略语" may open with 3.1 术语和定义, whose
	 * first line is then the lead-in. */
	const char *l = first_line(d, c->text);
	if (!l && c->n_children) {
		const struct aclause *sub = first_child(d, c);
		if (sub && sub->heading && strstr(sub->heading, "术语"))
			l = first_line(d, sub->text);
	}
	/* The variants of GB/T 1.1-2020 8.7 and those of the older editions
	 * and HJ texts ("适用于本标准", "适用于本部分"). */
	int ok = l && (strstr(l, "术语和定义适用于本") || strstr(l, "术语、定义和缩略语适用于本") ||
		       strstr(l, "术语、定义适用于本") || strstr(l, "术语和缩略语适用于本") ||
		       strstr(l, "没有需要界定的术语和定义"));
	if (ok && d->rules.basis == RULES_2020 && !d->rules.hj && !strstr(l, "适用于本文件") &&
	    !strstr(l, "没有需要界定"))
		ok = 0;     /* a 2020 text writes 本文件 */
	if (!ok)
		finding(k, "TERM-01", c->num, c->text, 0, 0, NULL, NULL,
			MSG(k, "第%s章未以规定的引导语开头；宜改为“下列术语和定义适用于本文件。”"
			       "（或“GB/T ×××× 界定的以及下列术语和定义适用于本文件。”）",
			    "chapter %s does not open with \"下列术语和定义适用于本文件。\" or one of its variants"),
			c->num);
}

/* s without spaces, into b (reset first). */
static void squeeze_into(struct buf *b, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	b->len = 0;
	buf_reserve(b, n + 1);
	b->len = squeeze_spaces(s ? s : "", n, b->p, n + 1);
}

/* The terms' definitions without spaces, one per term (NULL where there
 * is none), in the document's arena: read by in_other_definition(). */
static const char **squeezed_definitions(struct adoc *d)
{
	const char **defs = arena_alloc(&d->arena, (d->terms.n + 1) * sizeof *defs);
	struct buf b = BUF_INIT;
	for (size_t j = 0; j < d->terms.n; j++) {
		defs[j] = NULL;
		if (!d->terms.v[j].definition)
			continue;
		squeeze_into(&b, d->terms.v[j].definition);
		defs[j] = arena_strndup(&d->arena, b.p, b.len);
	}
	buf_free(&b);
	return defs;
}

/* Is the term used in another term's definition (defs: squeezed_definitions)?
 * A term another definition builds on is used. */
static int in_other_definition(const struct adoc *d, const char **defs, size_t self, const char *term)
{
	for (size_t j = 0; j < d->terms.n; j++)
		if (j != self && defs[j] && strstr(defs[j], term))
			return 1;
	return 0;
}

/* Text of the document outside the terms chapter, without spaces: where
 * the terms are used. */
static void body_text(const struct adoc *d, int terms_ch, struct buf *b)
{
	struct buf raw = BUF_INIT;
	buf_puts(&raw, "");
	if (d->title_zh)
		buf_puts(&raw, d->title_zh);
	for (size_t i = 0; i < d->clauses.n; i++) {
		const struct aclause *c = &d->clauses.v[i];
		if (terms_ch && c->chapter == terms_ch)
			continue;
		buf_putc(&raw, '\n');
		if (c->heading)
			buf_puts(&raw, c->heading);
		buf_putc(&raw, '\n');
		if (c->text)
			buf_puts(&raw, c->text);
	}
	squeeze_into(b, raw.p);
	buf_free(&raw);
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
		for (int j = 1; j < len && u[j]; j++)
			v = (v << 6) | (u[j] & 0x3F);
		cp[n++] = v;
		u += len;
	}
	return n;
}

/* Is there a window of the body within edit distance 1 of the term (a
 * changed, inserted or dropped character)?  The variant goes into out.
 * Not a variant: one across punctuation or a line, and one that lies
 * inside a longer defined term.  Returns 1 for a variant, 2 when the body
 * writes the term with 的 or 之 inserted (that is the term, used), 0. */
static int near_variant(const unsigned *t, size_t tn, const unsigned *x, size_t xn,
			const char *text, char *out, size_t outlen)
{
	const size_t widths[3] = { tn, tn + 1, tn >= 4 ? tn - 1 : 0 };
	for (int wi = 0; wi < 3; wi++) {
		size_t w = widths[wi];
		if (!w)
			continue;
		for (size_t s = 0; s + w <= xn; s++) {
			if (x[s] != t[0] && x[s + w - 1] != t[tn - 1])
				continue;
			size_t i = 0, j = 0, edits = 0;
			unsigned inserted = 0;
			while (i < tn && j < w && edits <= 1) {
				if (t[i] == x[s + j]) {
					i++, j++;
				} else if (w > tn) {
					inserted = x[s + j];
					j++, edits++;
				} else if (w < tn) {
					i++, edits++;
				} else {
					i++, j++, edits++;
				}
			}
			if (w > tn && j < w && !inserted)
				inserted = x[s + w - 1];
			edits += (tn - i) + (w - j);
			if (edits != 1)
				continue;
			if (inserted == 0x7684 /* 的 */ || inserted == 0x4E4B /* 之 */)
				return 2;       /* the term itself, with 的: it is used */
			int plain = 1;
			for (size_t q = 0; q < w; q++)
				if (x[s + q] < 0x3400)
					plain = 0;
			if (!plain)
				continue;
			size_t k = 0, cpi = 0;
			const unsigned char *u = (const unsigned char *)text;
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
			return 1;
		}
	}
	return 0;
}

/* s with its ASCII letters in lower case, into b (reset first). */
static void lower_into(struct buf *b, const char *s)
{
	b->len = 0;
	for (; *s; s++)
		buf_putc(b, *s >= 'A' && *s <= 'Z' ? (char)(*s - 'A' + 'a') : *s);
	if (!b->p)
		buf_puts(b, "");
}

/* The short form a definition gives ("……，本标准简称现场机。", "(以下简称
 * “一体化基板”)"): is it used in the body?  Spaces are out of both. */
static int short_form_used(const struct aterm *t, const char *body)
{
	const char *p = t->definition ? strstr(t->definition, "简称") : NULL;
	if (!p)
		return 0;
	p += strlen("简称");
	while (*p == ' ' || !strncmp(p, "“", 3) || *p == '"' || *p == ':')
		p += *p == ' ' || *p == '"' || *p == ':' ? 1 : 3;
	char w[64];
	size_t k = 0;
	while (*p && k + 4 < sizeof w && strncmp(p, "。", 3) && strncmp(p, "”", 3) && *p != ')' &&
	       *p != ',' && *p != ';' && *p != '"' && *p != '\n') {
		if (*p != ' ')
			w[k++] = *p;
		p++;
	}
	w[k] = '\0';
	return k >= 2 && strstr(body, w) != NULL;
}

/* Is variant a part of another defined term (驾驶开始时间 inside
 * 连续驾驶开始时间)? */
static int inside_other_term(const struct adoc *d, const char *variant)
{
	for (size_t i = 0; i < d->terms.n; i++)
		if (d->terms.v[i].zh && strstr(d->terms.v[i].zh, variant))
			return 1;
	return 0;
}

static void check_usage(struct checker *k)
{
	struct adoc *d = k->d;
	if (d->rules.terminology || k->partial)
		return;
	const struct aclause *tc = terms_chapter(d);
	struct buf body = BUF_INIT, term = BUF_INIT, lower = BUF_INIT, part = BUF_INIT;
	body_text(d, tc ? tc->chapter : 0, &body);
	const char **defs = NULL;      /* built when first needed */
	unsigned *x = NULL;
	size_t xn = 0;
	for (size_t i = 0; i < d->terms.n; i++) {
		const struct aterm *t = &d->terms.v[i];
		if (!t->zh || !*t->zh)
			continue;
		squeeze_into(&term, t->zh);
		if (strstr(body.p, term.p) || short_form_used(t, body.p))
			continue;
		/* the English name, or one of its forms ("distributed identity;
		 * DID"), in any case; the body is without spaces, so are they */
		int used_en = 0;
		for (const char *e = t->en; e && *e && !used_en;) {
			size_t el = strcspn(e, ";,");
			char one[256];
			snprintf(one, sizeof one, "%.*s", (int)(el < 255 ? el : 255), e);
			squeeze_into(&part, one);
			if (part.len >= 2) {
				if (!lower.len)
					lower_into(&lower, body.p);
				char low[256];
				snprintf(low, sizeof low, "%s", part.p);
				for (char *c = low; *c; c++)
					*c = *c >= 'A' && *c <= 'Z' ? (char)(*c - 'A' + 'a') : *c;
				used_en = strstr(lower.p, low) != NULL;
			}
			e += el;
			while (*e == ';' || *e == ',' || *e == ' ')
				e++;
		}
		if (used_en)
			continue;
		if (!defs)
			defs = squeezed_definitions(d);
		if (in_other_definition(d, defs, i, term.p))
			continue;
		if (!x) {
			x = xmalloc((body.len + 1) * sizeof *x);
			xn = codepoints(body.p, x, body.len + 1);
		}
		unsigned tcp[64];
		size_t tn = codepoints(term.p, tcp, 64);
		char variant[256];
		int nv = tn >= 3 && tn < 64 ? near_variant(tcp, tn, x, xn, body.p, variant, sizeof variant) : 0;
		if (nv == 2)
			continue;
		if (nv == 1) {
			/* OCR drops and changes characters: no variant to tell there */
			if (!inside_other_term(d, variant) && !k->ocr)
				finding(k, "TERM-05", t->num, t->zh, 0, strlen(t->zh), variant, NULL,
					MSG(k, "%s：定义的术语为“%s”，正文写作“%s”；同一概念宜使用同一术语",
					    "%s: the term is %s, the body writes %s; use one term for one concept"),
					t->num, t->zh, variant);
		} else {
			finding(k, "TERM-02", t->num, t->zh, 0, strlen(t->zh), t->zh, NULL,
				MSG(k, "%s：术语“%s”已定义，但正文未使用；宜删除该术语，或在正文中使用",
				    "%s: %s is defined but never used; remove it or use it"),
				t->num, t->zh);
		}
	}
	free(x);
	buf_free(&body);
	buf_free(&term);
	buf_free(&lower);
	buf_free(&part);
}

/* "社会管理与公共服务是指……": a definition in a clause of the body (after
 * the terms chapter, not in a note or an example).  The defined word is
 * at the start of a sentence and short. */
static void check_stray_definitions(struct checker *k)
{
	struct adoc *d = k->d;
	const struct aclause *tc = terms_chapter(d);
	int tch = tc ? tc->chapter : 3;
	for (size_t i = 0; i < d->clauses.n; i++) {
		const struct aclause *c = &d->clauses.v[i];
		if (!c->text || c->chapter <= tch || strcmp(c->kind, "annex") == 0 || c->chapter == 0)
			continue;
		const char *p = c->text;
		while ((p = strstr(p, "是指")) != NULL) {
			/* the sentence start: after 。 ; a line start */
			const char *s = p;
			size_t chars = 0;
			while (s > c->text && s[-1] != '\n' && chars < 30) {
				if (s[-1] == ';' || (s - c->text >= 3 && !memcmp(s - 3, "。", 3)))
					break;
				s--;
				if (((unsigned char)*s & 0xC0) != 0x80)
					chars++;
			}
			int at_start = s == c->text || s[-1] == '\n' || s[-1] == ';' ||
				       (s - c->text >= 3 && !memcmp(s - 3, "。", 3));
			int has_comma = 0;
			for (const char *q = s; q < p; q++)
				if (*q == ',')   /* NFKC made "，" ASCII */
					has_comma = 1;
			if (at_start && chars >= 2 && chars <= 20 && !has_comma && !starts_with(s, "注") &&
			    !starts_with(s, "示例") && !starts_with(s, "本文件") && !starts_with(s, "本标准")) {
				const char *defined = dupn(d, s, (size_t)(p - s));
				finding(k, "TERM-06", c->num, c->text, (size_t)(s - c->text), (size_t)(p - s), defined, NULL,
					MSG(k, "%s：正文以“%s是指……”给出了定义；定义宜列入第%d章术语和定义",
					    "%s: the body defines %s (\"…是指…\"); put the definition in chapter %d"),
					c->num, defined, tch);
				break;
			}
			p += strlen("是指");
		}
	}
}

void check_terms(struct checker *k)
{
	check_leadin(k);
	check_usage(k);
	check_stray_definitions(k);
}
