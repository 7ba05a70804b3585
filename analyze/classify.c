/* classify.c - the class of a standard: one of the eight categories, or
 * 无 (not in the field), with the evidence behind it.
 *
 * Evidence (all kept in d->evidence, then category_evidence):
 *   - lexicon terms, read in seven zones (title, scope chapter, term
 *     entries, headings, body; a platform page's issuer and technical
 *     content; the normative references list is left out: the titles of
 *     referenced standards say little about this one).  Every term found
 *     counts weight x zone factor x (1 + ln count) points for its class,
 *     counting the longest term where terms overlap (残疾儿童, not also 儿童).
 *     Terms of class 无 are signs of "not in the field" (检验, 型号, 售后 ...);
 *     field-only words (公共服务 ...) argue against 无.
 *   - the ICS, CCS and industry codes against the code tables (codes.c),
 *     each matching row counting classify.zone.code x its weight points,
 *     with the title's terms;
 *   - the subject type (subject.c);
 *   - the model's n-grams of the title and the scope (model.c).
 * The model turns them into nine logits (model.h).  Only title and scope
 * are learnt from labelled titles; the other zones add classify.rest x
 * each class's share of their points (less while they hold fewer than
 * classify.rest_full points), so a full text's body can outweigh a
 * generic title, and no absolute threshold is needed: the decision is
 * relative, the best of the nine classes, and a record of a title and a
 * scope is decided like a full text.  Two classes closer than
 * classify.tie_margin probability points are a tie, broken by the title's
 * lexicon points, then the codes, then the scope's lexicon points, then
 * the other zones, then the order of the classes, and reported (d->tie).
 * A category with classify.secondary_min lexicon points and
 * classify.secondary_share of the primary's is secondary.
 * The same pass notes the public-service orientation terms
 * (indicators.c), so the text is read once. */
#include "analyze.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const ev_kind_name[NEVKIND] = { "lexicon", "code", "subject", "ngram", "logit" };

const char *excerpt(struct arena *ar, const char *s, size_t max_chars)
{
	if (!s)
		return NULL;
	size_t i = 0, chars = 0;
	while (s[i] && chars < max_chars) {
		i++;
		while (((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
		chars++;
	}
	if (!s[i])
		return arena_strdup(ar, s);
	char *out = arena_alloc(ar, i + 4);
	memcpy(out, s, i);
	memcpy(out + i, "…", 4);
	return out;
}

/* Hits of one zone, before the overlap rule is applied. */
struct hit {
	size_t start, len;
	int term;
};

struct collect {
	VEC(struct hit) hits;
	const struct aho *aho;
	const int *twin;
	size_t nlex;            /* word ids from here on are orientation terms */
	char *orient;           /* set per orientation term found */
};

static void on_hit(void *ctx, int word, size_t start)
{
	struct collect *c = ctx;
	if ((size_t)word >= c->nlex) {
		c->orient[(size_t)word - c->nlex] = 1;
		return;
	}
	struct hit *h = vec_push(&c->hits);
	h->start = start;
	h->len = (size_t)c->aho->wordlen[word];
	h->term = word;
}

static int by_start_longest(const void *a, const void *b)
{
	const struct hit *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->len > y->len ? -1 : x->len < y->len;
}

/* Count the terms of one zone's text into counts[term] (leftmost-longest,
 * no overlaps); counts NULL only notes orientation terms. */
static void count_zone(const struct aho *aho, const char *text, struct collect *c, int *counts)
{
	if (!text || !*text)
		return;
	vec_clear(&c->hits);
	aho_scan(aho, text, strlen(text), on_hit, c);
	if (c->hits.n > 1)
		qsort(c->hits.v, c->hits.n, sizeof *c->hits.v, by_start_longest);
	size_t covered = 0;
	for (size_t i = 0; i < c->hits.n && counts; i++) {
		const struct hit *h = &c->hits.v[i];
		if (h->start < covered)
			continue;
		for (int t = h->term; t >= 0; t = c->twin[t])
			counts[t]++;        /* a term listed under two classes counts for both */
		covered = h->start + h->len;
	}
}

static int heading_has(const struct aclause *c, const char *word)
{
	return c->heading && strstr(c->heading, word) != NULL;
}

static struct evidence *add_evidence(struct adoc *d, int kind, int cat, const char *term,
				     const char *zone, int count, double weight, double points,
				     double factor)
{
	struct evidence *e = vec_push(&d->evidence);
	e->kind = kind;
	e->cat = cat;
	e->term = term;
	e->zone = zone;
	e->count = count;
	e->weight = weight;
	e->points = points;
	e->factor = factor;
	return e;
}

/* The scope as one text: the scope chapter's clauses, else a platform
 * page's 范围. */
static const char *scope_text(struct adoc *d, int scope)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; scope > 0 && i < d->clauses.n; i++) {
		const struct aclause *cl = &d->clauses.v[i];
		if (cl->chapter != scope || !cl->text)
			continue;
		if (b.len)
			buf_putc(&b, '\n');
		buf_puts(&b, cl->text);
	}
	const char *s = b.len ? arena_strndup(&d->arena, b.p, b.len) : d->page_scope;
	buf_free(&b);
	return s;
}

struct code_ctx {
	struct adoc *d;
	double *title;          /* points per class, with the title's */
	double *field;
	double factor;          /* classify.zone.code */
	int sys;
};

static void on_code(void *ctx, const struct code_row *row, const char *code)
{
	struct code_ctx *c = ctx;
	char term[160];
	snprintf(term, sizeof term, "%s %s%s%s", row->code, row->name,
		 strcmp(row->code, code) ? " ← " : "", strcmp(row->code, code) ? code : "");
	double pts = row->weight * c->factor;
	add_evidence(c->d, EV_CODE, row->cat, arena_strdup(&c->d->arena, term),
		     code_system_name[c->sys], 1, row->weight, pts, c->factor);
	if (row->cat >= 0)
		c->title[row->cat] += pts;
	else
		*c->field += pts;
}

void classify_features(const struct analyzer *a, struct adoc *d, struct features *f)
{
	const struct config *cfg = a->cfg;
	size_t nt = cfg->lex.n;
	int *counts = calloc(nt * NZONE, sizeof *counts);
	memset(f, 0, sizeof *f);
	vec_clear(&d->evidence);
	vec_clear(&d->orient);
	for (size_t i = 0; i < a->orientation_terms.n; i++)
		*vec_push(&d->orient) = 0;
	struct collect c = { .aho = &a->words, .twin = a->twin, .nlex = a->nlex,
			     .orient = d->orient.v };
	/* Which chapters are which. */
	int scope = -1, refs = -1, terms = -1;
	for (size_t i = 0; i < d->clauses.n; i++) {
		const struct aclause *cl = &d->clauses.v[i];
		if (strcmp(cl->kind, "chapter") != 0)
			continue;
		if (scope < 0 && cl->heading && strcmp(cl->heading, "范围") == 0)
			scope = cl->chapter;
		else if (refs < 0 && heading_has(cl, "规范性引用文件"))
			refs = cl->chapter;
		else if (terms < 0 && heading_has(cl, "术语"))
			terms = cl->chapter;
	}
	count_zone(&a->words, d->title_zh, &c, counts + Z_TITLE * nt);
	for (size_t i = 0; i < d->terms.n; i++) {
		count_zone(&a->words, d->terms.v[i].zh, &c, counts + Z_TERMS * nt);
		count_zone(&a->words, d->terms.v[i].definition, &c, counts + Z_TERMS * nt);
	}
	for (size_t i = 0; i < d->clauses.n; i++) {
		const struct aclause *cl = &d->clauses.v[i];
		int ch = cl->chapter;
		if (ch && (ch == refs || ch == terms)) {
			/* not evidence of a category, but may show orientation */
			count_zone(&a->words, cl->heading, &c, NULL);
			count_zone(&a->words, cl->text, &c, NULL);
			continue;
		}
		if (ch && ch == scope) {
			count_zone(&a->words, cl->text, &c, counts + Z_SCOPE * nt);
			continue;
		}
		count_zone(&a->words, cl->heading, &c, counts + Z_HEADINGS * nt);
		count_zone(&a->words, cl->text, &c, counts + Z_BODY * nt);
	}
	if (scope < 0)
		count_zone(&a->words, d->page_scope, &c, counts + Z_SCOPE * nt);
	count_zone(&a->words, d->publisher, &c, counts + Z_ISSUER * nt);
	count_zone(&a->words, d->org_scope, &c, counts + Z_ISSUER * nt);
	count_zone(&a->words, d->authority, &c, counts + Z_ISSUER * nt);
	count_zone(&a->words, d->committee, &c, counts + Z_ISSUER * nt);
	count_zone(&a->words, d->main_content, &c, counts + Z_CONTENT * nt);
	vec_free(&c.hits);

	/* Points per class: title, scope, and the other zones together. */
	double title[NCLASS] = { 0 }, scopep[NCLASS] = { 0 }, rest[NCLASS] = { 0 };
	double field_ts = 0, field_rest = 0;
	for (int z = 0; z < NZONE; z++) {
		for (size_t t = 0; t < nt; t++) {
			int n = counts[z * nt + t];
			if (!n)
				continue;
			const struct lex_term *lt = &cfg->lex.v[t];
			double pts = lt->weight * cfg->w.zone[z] * (1.0 + log((double)n));
			if (lt->cat >= 0)
				*(z == Z_TITLE ? &title[lt->cat] : z == Z_SCOPE ? &scopep[lt->cat] :
				  &rest[lt->cat]) += pts;
			else if (z == Z_TITLE || z == Z_SCOPE)
				field_ts += pts;
			else
				field_rest += pts;
			add_evidence(d, EV_LEXICON, lt->cat, lt->term, zone_name[z], n, lt->weight, pts,
				     cfg->w.zone[z]);
		}
	}
	free(counts);

	/* Codes: with the title's terms. */
	const char *values[NCODESYS] = { d->ics, d->ccs, d->industry };
	for (int sys = 0; sys < NCODESYS; sys++) {
		struct code_ctx cc = { d, title, &field_ts, cfg->w.code_factor, sys };
		codes_match(cfg, sys, values[sys], on_code, &cc);
	}

	/* The other zones by share: each class gets classify.rest x its share
	 * of their points (field-only words included in the whole, so they
	 * lower the share of 无), in full once they hold classify.rest_full
	 * points. */
	double total = field_rest;
	for (int k = 0; k < NCLASS; k++)
		total += rest[k];
	double scale = total > 0 ? cfg->w.rest * (total < cfg->w.rest_full ? total / cfg->w.rest_full : 1) /
				   total : 0;
	for (int k = 0; k < NCLASS; k++) {
		f->lex_title[k] = log1p(title[k]);
		f->lex_scope[k] = log1p(scopep[k]);
		f->offset[k] = scale * rest[k];
	}
	f->field = log1p(field_ts);

	/* Subject. */
	const char *sc = scope_text(d, scope);
	struct subject_hit hits[6];
	size_t nh;
	d->subject = f->subject = subject_detect(cfg, d->title_zh, sc, hits, 6, &nh);
	for (size_t i = 0; i < nh; i++)
		add_evidence(d, EV_SUBJECT, -1, hits[i].cue->cue,
			     hits[i].cue->where == CUE_SCOPE ? "scope" : "title", 1,
			     hits[i].cue->weight, 0, 0);
	f->title = d->title_zh;
	f->scope = sc;
}

void adoc_from_record(struct adoc *d, const char *title, const char *scope, const char *ics,
		      const char *ccs, const char *industry)
{
	struct arena *ar = &d->arena;
	d->title_zh = title && *title ? arena_strdup(ar, title) : NULL;
	d->ics = ics && *ics ? arena_strdup(ar, ics) : NULL;
	d->ccs = ccs && *ccs ? arena_strdup(ar, ccs) : NULL;
	d->industry = industry && *industry ? arena_strdup(ar, industry) : NULL;
	d->page_scope = scope && *scope ? arena_strdup(ar, scope) : NULL;
	d->metadata_only = 1;
}

/* ---- the decision ---------------------------------------------------- */

struct gram_top {
	struct adoc *d;
	int cat;
	struct { const char *g; int zone; double w, pts; } v[64];
	size_t n;
};

static void on_gram(void *ctx, const char *g, int zone, double value, const double *w)
{
	struct gram_top *t = ctx;
	if (t->n < sizeof t->v / sizeof t->v[0]) {
		t->v[t->n].g = g;
		t->v[t->n].zone = zone;
		t->v[t->n].w = w[t->cat];
		t->v[t->n].pts = value * w[t->cat];
		t->n++;
	}
}

/* The n-grams that moved class cat most, as evidence: the six that
 * raised it most and the three that lowered it most. */
static void gram_evidence(const struct analyzer *a, struct adoc *d, const struct features *f,
			  int cat)
{
	struct gram_top t = { .d = d, .cat = cat };
	model_each_gram(&a->cfg->model, f, on_gram, &t);
	for (int pass = 0; pass < 2; pass++) {
		for (int k = 0; k < (pass ? 3 : 6); k++) {
			size_t best = t.n;
			for (size_t i = 0; i < t.n; i++)
				if (t.v[i].g && (pass ? t.v[i].pts < 0 : t.v[i].pts > 0) &&
				    (best == t.n || (pass ? t.v[i].pts < t.v[best].pts :
							    t.v[i].pts > t.v[best].pts)))
					best = i;
			if (best == t.n)
				break;
			add_evidence(d, EV_NGRAM, cat, arena_strdup(&d->arena, t.v[best].g),
				     t.v[best].zone == G_TITLE ? "title" : "scope", 1, t.v[best].w,
				     t.v[best].pts, 0);
			t.v[best].g = NULL;
		}
	}
}

static void logit_evidence(struct adoc *d, double parts[NPART][NCLASS], const double *z,
			   const double *p, int cat)
{
	for (int k = 0; k < NPART; k++)
		add_evidence(d, EV_LOGIT, cat, part_name[k], "logit", 1, 0, parts[k][cat], 0);
	add_evidence(d, EV_LOGIT, cat, "total", "logit", 1, 0, z[cat], 0);
	add_evidence(d, EV_LOGIT, cat, "probability", "logit", 1, 0, 100 * p[cat], 0);
}

/* Points of class k in a group of zones, from the lexicon and code evidence. */
static double points_of(const struct adoc *d, int kind, const char *zone, int k)
{
	double s = 0;
	for (size_t i = 0; i < d->evidence.n; i++) {
		const struct evidence *e = &d->evidence.v[i];
		if (e->kind != kind || e->cat != k)
			continue;
		if (!zone || !strcmp(e->zone, zone) ||
		    (zone[0] == '*' && strcmp(e->zone, "title") && strcmp(e->zone, "scope")))
			s += e->points;
	}
	return s;
}

/* Break a near tie between classes b and s (b ahead): returns the winner
 * and writes the rule to d->tie. */
static int break_tie(struct adoc *d, int b, int s, const double *p)
{
	static const struct { int kind; const char *zone; const char *rule; } rules[] = {
		{ EV_LEXICON, "title", "title lexicon points" },
		{ EV_CODE, NULL, "code points" },
		{ EV_LEXICON, "scope", "scope lexicon points" },
		{ EV_LEXICON, "*", "lexicon points of the other zones" },
	};
	int win = b < s ? b : s;
	const char *rule = "the order of the classes";
	double vb = 0, vs = 0;
	for (size_t r = 0; r < sizeof rules / sizeof rules[0]; r++) {
		vb = points_of(d, rules[r].kind, rules[r].zone, b);
		vs = points_of(d, rules[r].kind, rules[r].zone, s);
		if (fabs(vb - vs) > 1e-9) {
			win = vb > vs ? b : s;
			rule = rules[r].rule;
			break;
		}
	}
	char msg[256];
	if (strcmp(rule, "the order of the classes"))
		snprintf(msg, sizeof msg, "%s %.1f / %s %.1f: %s (%.1f / %.1f) → %s", class_name[b],
			 100 * p[b], class_name[s], 100 * p[s], rule, vb, vs, class_name[win]);
	else
		snprintf(msg, sizeof msg, "%s %.1f / %s %.1f: %s → %s", class_name[b], 100 * p[b],
			 class_name[s], 100 * p[s], rule, class_name[win]);
	d->tie = arena_strdup(&d->arena, msg);
	return win;
}

void classify(const struct analyzer *a, struct adoc *d)
{
	const struct config *cfg = a->cfg;
	struct features f;
	classify_features(a, d, &f);
	double z[NCLASS], parts[NPART][NCLASS], p[NCLASS];
	model_logits(&cfg->model, &f, z, parts);
	model_probs(&cfg->model, z, p);
	int b = 0, s = -1;
	for (int k = 1; k < NCLASS; k++)
		if (p[k] > p[b])
			b = k;
	for (int k = 0; k < NCLASS; k++)
		if (k != b && (s < 0 || p[k] > p[s]))
			s = k;
	d->tie = NULL;
	if (100 * (p[b] - p[s]) < cfg->w.tie_margin) {
		int win = break_tie(d, b, s, p);
		if (win != b) {
			s = b;
			b = win;
		}
	}
	for (int k = 0; k < NCAT; k++)
		d->score[k] = 100 * p[k];
	d->none_score = 100 * p[CLASS_NONE];
	/* The title, scope and codes alone: the part of the model that was
	 * trained, and calibrated, on labelled titles. */
	double zt[NCLASS], pt[NCLASS];
	for (int k = 0; k < NCLASS; k++)
		zt[k] = z[k] - parts[P_REST][k];
	model_probs(&cfg->model, zt, pt);
	d->title_field = log(fmax(1 - pt[CLASS_NONE], 1e-12) / fmax(pt[CLASS_NONE], 1e-12));
	d->primary = b == CLASS_NONE ? -1 : b;
	/* Secondary: a category the document also concerns, by its share of
	 * the lexicon points (all zones), as the probabilities of a clear
	 * case leave nothing to the others. */
	double pts[NCAT];
	for (int k = 0; k < NCAT; k++)
		pts[k] = points_of(d, EV_LEXICON, NULL, k);
	for (int k = 0; k < NCAT; k++)
		d->secondary[k] = d->primary >= 0 && k != d->primary &&
				  pts[k] >= cfg->w.secondary_min &&
				  pts[k] >= cfg->w.secondary_share * pts[d->primary];
	/* What decided: the n-grams and the logits of the class chosen and
	 * of the runner-up (and of 无, when neither is). */
	int shown[3] = { b, s, CLASS_NONE };
	for (int i = 0; i < 3; i++) {
		if (i == 2 && (b == CLASS_NONE || s == CLASS_NONE))
			break;
		if (cfg->model.grams.n)
			gram_evidence(a, d, &f, shown[i]);
		logit_evidence(d, parts, z, p, shown[i]);
	}
}
