/* json.c - report.json: the report's data for programs (docs/report.md).
 *
 * One object: report (when, from what), corpus (the numbers at a glance),
 * improvement and excellence (the rankings as references to documents),
 * documents (each with indicators and findings) and changes.  Keys may be
 * added in later versions; none is renamed or removed without a note in
 * CHANGELOG.md.
 *
 * Written by hand as a stream, a document's findings read when it is
 * written (detail.c), so that the file is never whole in memory.  The
 * output is byte for byte what jansson's json_dumps() gave with
 * JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10) before:
 * its string escapes (\b \f \n \r \t, other controls as \u00XX in upper
 * case, UTF-8 as is) and its reals (%.10g, ".0" added to integral values,
 * no '+' or leading zeros in an exponent). */
#include "report.h"
#include "normalize.h"
#include "version.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* s as a JSON string, null when NULL. */
static void str(struct buf *b, const char *s)
{
	if (!s) {
		buf_puts(b, "null");
		return;
	}
	buf_putc(b, '"');
	const char *run = s;
	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c >= 0x80) {
			/* Text from outside (a manifest, a platform) may not be
			 * UTF-8: a bad sequence becomes U+FFFD, the file stays JSON. */
			unsigned cp;
			int l = utf8_decode((const unsigned char *)p, strnlen(p, 4), &cp);
			if (l > 0) {
				p += l - 1;
				continue;
			}
			buf_append(b, run, (size_t)(p - run));
			buf_puts(b, "\uFFFD");
			run = p + 1;
			continue;
		}
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		buf_append(b, run, (size_t)(p - run));
		run = p + 1;
		switch (c) {
		case '"': buf_puts(b, "\\\""); break;
		case '\\': buf_puts(b, "\\\\"); break;
		case '\b': buf_puts(b, "\\b"); break;
		case '\f': buf_puts(b, "\\f"); break;
		case '\n': buf_puts(b, "\\n"); break;
		case '\r': buf_puts(b, "\\r"); break;
		case '\t': buf_puts(b, "\\t"); break;
		default: buf_printf(b, "\\u%04X", c); break;
		}
	}
	buf_puts(b, run);
	buf_putc(b, '"');
}

/* "key": */
static void key(struct buf *b, const char *k)
{
	buf_putc(b, '"');
	buf_puts(b, k);
	buf_puts(b, "\":");
}

/* ,"key": a member after the first */
static void next(struct buf *b, const char *k)
{
	buf_putc(b, ',');
	key(b, k);
}

static void integer(struct buf *b, long long v)
{
	buf_printf(b, "%lld", v);
}

/* A real as jansson writes it with precision 10. */
static void real(struct buf *b, double v)
{
	if (!isfinite(v)) {     /* JSON has no NaN or infinity */
		buf_puts(b, "null");
		return;
	}
	char t[64];
	int n = snprintf(t, sizeof t, "%.10g", v);
	if (n < 0 || (size_t)n >= sizeof t - 3) {
		buf_puts(b, "null");
		return;
	}
	if (!strchr(t, '.') && !strchr(t, 'e'))
		strcat(t, ".0");
	char *e = strchr(t, 'e');
	if (e) {
		/* drop a '+' and leading zeros of the exponent */
		char *start = e + 1, *end = start + 1;
		if (*start == '-')
			start++;
		while (*end == '0')
			end++;
		if (end != start)
			memmove(start, end, strlen(end) + 1);
	}
	buf_puts(b, t);
}

static void score(struct buf *b, double v)
{
	/* two decimals are what the tables show; more is noise */
	real(b, (double)(long long)(v * 100 + (v >= 0 ? 0.5 : -0.5)) / 100);
}

static void rank_or_null(struct buf *b, long r)
{
	if (r)
		integer(b, r);
	else
		buf_puts(b, "null");
}

static void corpus(struct buf *b, const struct model *m)
{
	buf_putc(b, '{');
	key(b, "documents"); integer(b, (long long)m->docs.n);
	next(b, "standards"); integer(b, (long long)m->docs.n);
	next(b, "all_documents"); integer(b, m->documents);
	next(b, "in_field"); integer(b, m->in_field);
	next(b, "ranked"); integer(b, (long long)m->improvement.n);
	next(b, "not_analysed"); integer(b, m->not_analysed);
	next(b, "extraction_failures"); integer(b, m->extract_failures);
	next(b, "findings");
	buf_putc(b, '{');
	key(b, "total"); integer(b, m->findings);
	for (int s = 0; s < SEV_COUNT; s++) {
		next(b, severity_key[s]);
		integer(b, m->by_severity[s]);
	}
	buf_putc(b, '}');
	next(b, "by_category");
	buf_putc(b, '[');
	int first = 1;
	for (size_t i = 0; i < m->by_category.n; i++) {
		const struct tally *t = &m->by_category.v[i];
		if (!strcmp(t->label, "未分析"))
			continue;           /* that is not_analysed above */
		buf_puts(b, first ? "{" : ",{");
		first = 0;
		key(b, "category");
		str(b, strcmp(t->label, "领域外") ? t->label : NULL);
		next(b, "documents"); integer(b, t->n);
		buf_putc(b, '}');
	}
	buf_putc(b, ']');
	next(b, "by_status");
	buf_putc(b, '[');
	for (size_t i = 0; i < m->by_status.n; i++) {
		buf_puts(b, i ? ",{" : "{");
		key(b, "status"); str(b, m->by_status.v[i].label);
		next(b, "documents"); integer(b, m->by_status.v[i].n);
		buf_putc(b, '}');
	}
	buf_putc(b, ']');
	next(b, "by_check");
	buf_putc(b, '[');
	for (size_t i = 0; i < m->by_check.n; i++) {
		buf_puts(b, i ? ",{" : "{");
		key(b, "check"); str(b, m->by_check.v[i].label);
		next(b, "title"); str(b, check_title(m, m->by_check.v[i].label));
		next(b, "findings"); integer(b, m->by_check.v[i].n);
		buf_putc(b, '}');
	}
	buf_putc(b, ']');
	next(b, "score_histograms");
	buf_putc(b, '{');
	key(b, "bin_start");
	for (int i = 0; i < HIST_BINS; i++)
		buf_printf(b, "%c%d", i ? ',' : '[', i * 10);
	buf_putc(b, ']');
	next(b, "bin_width"); integer(b, 10);
	next(b, "improvement");
	for (int i = 0; i < HIST_BINS; i++)
		buf_printf(b, "%c%ld", i ? ',' : '[', m->hist_improvement[i]);
	buf_putc(b, ']');
	next(b, "excellence");
	for (int i = 0; i < HIST_BINS; i++)
		buf_printf(b, "%c%ld", i ? ',' : '[', m->hist_excellence[i]);
	buf_puts(b, "]}");
	/* the scales the report's charts use (struct score_scale) */
	next(b, "score_scales");
	for (int k = 0; k < 2; k++) {
		const struct score_scale *sc = k ? &m->scale_excellence : &m->scale_improvement;
		buf_puts(b, k ? "," : "{");
		key(b, k ? "excellence" : "improvement");
		buf_putc(b, '{');
		key(b, "start"); real(b, sc->start);
		next(b, "width"); real(b, sc->width);
		next(b, "counts");
		for (int i = 0; i < sc->bins; i++)
			buf_printf(b, "%c%ld", i ? ',' : '[', sc->count[i]);
		buf_puts(b, "]}");
	}
	buf_puts(b, "}}");
}

/* Fetched URLs that failed, are gone, disallowed or not public. */
static void fetch_issues(struct buf *b, const struct model *m)
{
	buf_putc(b, '[');
	for (size_t i = 0; i < m->fetch_issues.n; i++) {
		const struct fetch_issue *f = &m->fetch_issues.v[i];
		buf_puts(b, i ? ",{" : "{");
		key(b, "url"); str(b, f->url);
		next(b, "state"); str(b, f->state);
		next(b, "code"); str(b, f->code);
		next(b, "title"); str(b, f->title);
		next(b, "http_status");
		if (f->http_status)
			integer(b, f->http_status);
		else
			buf_puts(b, "null");
		next(b, "error"); str(b, f->error);
		buf_putc(b, '}');
	}
	buf_putc(b, ']');
}

static void ranking(struct sink *s, const struct model *m, int improvement)
{
	struct buf *b = &s->b;
	const size_t *idx = improvement ? m->improvement.v : m->excellence.v;
	size_t n = improvement ? m->improvement.n : m->excellence.n;
	buf_putc(b, '[');
	for (size_t k = 0; k < n; k++) {
		const struct doc *d = &m->docs.v[idx[k]];
		buf_puts(b, k ? ",{" : "{");
		key(b, "rank"); integer(b, improvement ? d->improvement_rank : d->excellence_rank);
		next(b, "doc_id"); integer(b, d->id);
		next(b, "code"); str(b, d->code);
		next(b, "title_zh"); str(b, d->title_zh);
		next(b, "category"); str(b, d->category);
		next(b, "score"); score(b, improvement ? d->improvement_score : d->excellence_score);
		buf_putc(b, '}');
		sink_drain(s);
	}
	buf_putc(b, ']');
}

static void document(struct buf *b, const struct doc *d, const struct detail *dt)
{
	buf_putc(b, '{');
	key(b, "doc_id"); integer(b, d->id);
	next(b, "code"); str(b, d->code);
	next(b, "title_zh"); str(b, d->title_zh);
	next(b, "title_en"); str(b, d->title_en);
	next(b, "status"); str(b, d->status);
	next(b, "published"); str(b, d->published);
	next(b, "effective"); str(b, d->effective);
	next(b, "source"); str(b, d->source);
	next(b, "content_sha256"); str(b, d->sha256);
	next(b, "standard"); str(b, d->standard);
	next(b, "other_documents");
	buf_putc(b, '[');
	for (const char *p = d->other_docs; p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char *one = xstrndup(p, n);
		if (p != d->other_docs)
			buf_putc(b, ',');
		str(b, one);
		free(one);
		p += n + (nl != NULL);
	}
	buf_putc(b, ']');
	next(b, "analysed"); buf_puts(b, d->analysed ? "true" : "false");
	next(b, "category"); str(b, d->category);
	next(b, "field_score");
	if (d->analysed)
		score(b, d->field_score);
	else
		buf_puts(b, "null");
	next(b, "ranking");
	buf_putc(b, '{');
	key(b, "improvement_rank"); rank_or_null(b, d->improvement_rank);
	next(b, "improvement_score");
	if (d->ranked)
		score(b, d->improvement_score);
	else
		buf_puts(b, "null");
	next(b, "excellence_rank"); rank_or_null(b, d->excellence_rank);
	next(b, "excellence_score");
	if (d->ranked)
		score(b, d->excellence_score);
	else
		buf_puts(b, "null");
	buf_putc(b, '}');
	next(b, "indicators");
	for (int i = 0; i < IND_COUNT; i++) {
		buf_putc(b, i ? ',' : '{');
		key(b, indicator_key[i]);
		if (d->has_indicator[i])
			score(b, d->indicator[i]);
		else
			buf_puts(b, "null");
	}
	buf_putc(b, '}');
	next(b, "counts");
	buf_putc(b, '{');
	key(b, "clauses"); integer(b, d->clauses);
	next(b, "provisions"); integer(b, d->provisions);
	next(b, "requirements"); integer(b, d->requirements);
	for (int s = 0; s < SEV_COUNT; s++) {
		next(b, severity_key[s]);
		integer(b, d->by_severity[s]);
	}
	buf_putc(b, '}');
	next(b, "findings");
	buf_putc(b, '[');
	for (size_t k = 0; k < dt->findings.n; k++) {
		const struct finding *f = &dt->findings.v[k];
		buf_puts(b, k ? ",{" : "{");
		key(b, "check"); str(b, f->check);
		next(b, "title"); str(b, f->title);
		next(b, "severity"); str(b, severity_key[f->severity]);
		next(b, "clause"); str(b, f->clause);
		next(b, "excerpt"); str(b, f->excerpt);
		next(b, "detail"); str(b, f->detail);
		next(b, "message"); str(b, f->message);
		buf_putc(b, '}');
	}
	buf_puts(b, "]}");
}

/* The changes of one kind, in their order. */
static void change_list(struct sink *s, const struct changes *c, enum change_kind kind)
{
	struct buf *b = &s->b;
	int first = 1;
	buf_putc(b, '[');
	for (size_t i = 0; i < c->v.n; i++) {
		const struct change *x = &c->v.v[i];
		if (x->kind != kind)
			continue;
		buf_puts(b, first ? "{" : ",{");
		first = 0;
		key(b, "doc_id"); integer(b, x->doc_id);
		next(b, "code"); str(b, x->code);
		next(b, "title_zh"); str(b, x->title);
		switch (x->kind) {
		case CH_CHANGED:
		case CH_WITHDRAWN:
			next(b, "detail"); str(b, x->detail);
			break;
		case CH_RANK:
			next(b, "ranking"); str(b, x->ranking);
			next(b, "from"); rank_or_null(b, x->from);
			next(b, "to"); rank_or_null(b, x->to);
			break;
		case CH_FINDING_NEW:
		case CH_FINDING_RESOLVED:
			next(b, "check"); str(b, x->check);
			next(b, "clause"); str(b, x->clause);
			next(b, "excerpt"); str(b, x->excerpt);
			break;
		default:
			break;
		}
		buf_putc(b, '}');
		sink_drain(s);
	}
	buf_putc(b, ']');
}

static void changes(struct sink *s, const struct model *m)
{
	struct buf *b = &s->b;
	const struct changes *c = &m->changes;
	buf_putc(b, '{');
	key(b, "first"); buf_puts(b, c->first ? "true" : "false");
	next(b, "since"); str(b, c->first ? NULL : c->since);
	next(b, "since_run");
	if (c->first)
		buf_puts(b, "null");
	else
		integer(b, c->since_run);
	next(b, "total"); integer(b, (long long)c->v.n);
	for (int k = 0; k < CH_KIND_COUNT; k++) {
		next(b, change_key[k]);
		change_list(s, c, (enum change_kind)k);
	}
	buf_putc(b, '}');
}

int write_json(struct sink *s, const struct model *m, struct reader *r)
{
	struct buf *b = &s->b;
	buf_putc(b, '{');
	key(b, "report");
	buf_putc(b, '{');
	key(b, "version"); str(b, PEIYOU_VERSION);
	next(b, "generated"); str(b, m->generated);
	next(b, "database"); str(b, m->db_path);
	next(b, "run"); integer(b, m->run_id);
	next(b, "ranking_run");
	if (m->ranking_run)
		integer(b, m->ranking_run);
	else
		buf_puts(b, "null");
	next(b, "ranking_started"); str(b, m->ranking_run ? m->ranking_time : NULL);
	buf_putc(b, '}');
	next(b, "corpus");
	corpus(b, m);
	next(b, "improvement");
	ranking(s, m, 1);
	next(b, "excellence");
	ranking(s, m, 0);
	next(b, "documents");
	buf_putc(b, '[');
	struct detail dt;
	memset(&dt, 0, sizeof dt);
	for (size_t i = 0; i < m->docs.n; i++) {
		const struct doc *d = &m->docs.v[i];
		if (d->findings && detail_load(r, d->id, 0, 0, &dt) != 0) {
			detail_free(&dt);
			return -1;
		}
		if (!d->findings)
			detail_clear(&dt);
		if (i)
			buf_putc(b, ',');
		document(b, d, &dt);
		sink_drain(s);
	}
	detail_free(&dt);
	buf_putc(b, ']');
	next(b, "changes");
	changes(s, m);
	next(b, "fetch_issues");
	fetch_issues(b, m);
	buf_puts(b, "}\n");
	return 0;
}
