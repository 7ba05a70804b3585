/* classify.c - a standard's categories from the lexicon.
 *
 * The document is read in five zones (title, scope chapter, term entries,
 * headings, body; the normative references list is left out: the titles
 * of referenced standards say little about this one).  Every lexicon term
 * found counts weight x zone factor x (1 + ln count) points for its
 * category, counting the longest term where terms overlap (残疾儿童, not
 * also 儿童).  The same pass notes the public-service orientation terms
 * (indicators.c), so the text is read once.  The best category is primary when its score reaches
 * classify.in_field; others are secondary above classify.secondary_min
 * and a share of the primary score.  Every (term, zone) with its count and
 * points is kept as evidence. */
#include "analyze.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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
		counts[h->term]++;
		covered = h->start + h->len;
	}
}

static int heading_has(const struct aclause *c, const char *word)
{
	return c->heading && strstr(c->heading, word) != NULL;
}

void classify(const struct analyzer *a, struct adoc *d)
{
	const struct config *cfg = a->cfg;
	size_t nt = cfg->lex.n;
	int *counts = calloc(nt * NZONE, sizeof *counts);
	vec_clear(&d->orient);
	for (size_t i = 0; i < a->orientation_terms.n; i++)
		*vec_push(&d->orient) = 0;
	struct collect c = { .aho = &a->words, .nlex = a->nlex, .orient = d->orient.v };
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
	vec_free(&c.hits);

	for (int k = 0; k < NCAT; k++)
		d->score[k] = 0;
	d->field_score = 0;
	for (int z = 0; z < NZONE; z++) {
		for (size_t t = 0; t < nt; t++) {
			int n = counts[z * nt + t];
			if (!n)
				continue;
			const struct lex_term *lt = &cfg->lex.v[t];
			double pts = lt->weight * cfg->w.zone[z] * (1.0 + log((double)n));
			if (lt->cat >= 0)
				d->score[lt->cat] += pts;
			else
				d->field_score += pts;
			struct evidence *e = vec_push(&d->evidence);
			e->cat = lt->cat;
			e->term = lt->term;
			e->zone = z;
			e->count = n;
			e->weight = lt->weight;
			e->points = pts;
		}
	}
	free(counts);
	int best = 0;
	for (int k = 1; k < NCAT; k++)
		if (d->score[k] > d->score[best])
			best = k;
	d->primary = d->score[best] >= cfg->w.in_field ? best : -1;
	for (int k = 0; k < NCAT; k++)
		d->secondary[k] = d->primary >= 0 && k != d->primary &&
				  d->score[k] >= cfg->w.secondary_min &&
				  d->score[k] >= cfg->w.secondary_share * d->score[d->primary];
}
