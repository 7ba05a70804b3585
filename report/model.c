/* model.c - load what a report shows from the database.
 *
 * A report counts standards, not sources: its documents are the current
 * document of each standard (v_standard_documents, schema version 9),
 * each with its other documents (other sources, older editions) named.
 * Everything comes from the researchers' views (v_documents,
 * v_standard_documents, v_classification, v_indicators, v_candidates,
 * v_extract_failures, v_fetch_status) plus
 * three things the views do not carry: a finding's detail and its check's
 * title (findings, checks), the per-clause provision counts (clauses) and
 * the content hash and fetch state that change detection needs.  The
 * caller reads inside one transaction, so the model is one consistent
 * state of the database.
 *
 * Only what the corpus-level parts need is kept per document: its
 * metadata, scores, ranks and counts (findings per severity, not the
 * findings); detail.c reads the texts when a writer needs them. */
#include "report.h"
#include "db.h"
#include "log.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const indicator_key[IND_COUNT] = {
	"relevance", "completeness", "quality", "technical", "currency", "orientation",
};
const char *const indicator_label[IND_COUNT] = {
	"相关性", "完整性", "质量", "技术性", "时效性", "导向性",
};
const char *const severity_key[SEV_COUNT] = { "error", "warning", "info" };
const char *const category_names[CATEGORY_COUNT] = {
	"公共教育", "劳动就业创业", "社会保险", "基本社会服务",
	"公共医疗卫生", "住房保障", "公共文化体育", "残疾人服务",
};

int severity_of(const char *s)
{
	for (int i = 0; i < SEV_COUNT; i++)
		if (s && !strcmp(s, severity_key[i]))
			return i;
	return SEV_INFO;
}

/* id -> index into m->docs, by binary search over a sorted copy. */
static int cmp_id_index(const void *a, const void *b)
{
	int64_t x = ((const struct id_index *)a)->id, y = ((const struct id_index *)b)->id;
	return x < y ? -1 : x > y;
}

static struct id_index *index_ids(const struct model *m)
{
	struct id_index *ix = xmalloc((m->docs.n + 1) * sizeof *ix);
	for (size_t i = 0; i < m->docs.n; i++)
		ix[i] = (struct id_index){ m->docs.v[i].id, i };
	qsort(ix, m->docs.n, sizeof *ix, cmp_id_index);
	return ix;
}

static struct doc *find_doc(struct model *m, const struct id_index *ix, int64_t id)
{
	struct id_index key = { id, 0 };
	const struct id_index *hit = bsearch(&key, ix, m->docs.n, sizeof *ix, cmp_id_index);
	return hit ? &m->docs.v[hit->i] : NULL;
}

const struct doc *model_doc(const struct model *m, int64_t id)
{
	struct id_index key = { id, 0 };
	const struct id_index *hit = m->by_id ? bsearch(&key, m->by_id, m->docs.n, sizeof *m->by_id,
							cmp_id_index) : NULL;
	return hit ? &m->docs.v[hit->i] : NULL;
}

/* Run sql and hand each row to fn; -1 with err on a database error. */
static int each_row(sqlite3 *db, const char *sql, int (*fn)(sqlite3_stmt *, void *), void *arg,
		    char *err, size_t errlen)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "cannot prepare \"%.60s...\": %s", sql, sqlite3_errmsg(db));
		return -1;
	}
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (fn(st, arg) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	if (rc != SQLITE_DONE) {
		snprintf(err, errlen, "reading \"%.60s...\": %s", sql, sqlite3_errmsg(db));
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	return 0;
}

struct ctx {
	struct model *m;
	struct id_index *ix;
};

static int row_document(sqlite3_stmt *st, void *arg)
{
	struct model *m = ((struct ctx *)arg)->m;
	struct doc *d = vec_push(&m->docs);
	d->id = sqlite3_column_int64(st, 0);
	d->code = db_column_dup(st, 1);
	d->title_zh = db_column_dup(st, 2);
	d->title_en = db_column_dup(st, 3);
	d->status = db_column_dup(st, 4);
	d->published = db_column_dup(st, 5);
	d->effective = db_column_dup(st, 6);
	d->source = db_column_dup(st, 7);
	d->sha256 = db_column_dup(st, 8);
	d->fetch_state = db_column_dup(st, 9);
	d->standard = db_column_dup(st, 10);
	return 0;
}

/* A standard's other documents: counted, and named one a line. */
static int row_other(sqlite3_stmt *st, void *arg)
{
	struct ctx *c = arg;
	struct doc *d = find_doc(c->m, c->ix, sqlite3_column_int64(st, 0));
	if (!d)
		return 0;
	d->others++;
	struct buf b = BUF_INIT;
	if (d->other_docs)
		buf_printf(&b, "%s\n", d->other_docs);
	const char *code = (const char *)sqlite3_column_text(st, 1);
	buf_printf(&b, "%s %s", code ? code : "(无编号)", (const char *)sqlite3_column_text(st, 2));
	free(d->other_docs);
	d->other_docs = b.p;
	return 0;
}

static int row_check(sqlite3_stmt *st, void *arg)
{
	struct model *m = ((struct ctx *)arg)->m;
	struct check *k = vec_push(&m->checks);
	k->code = db_column_dup(st, 0);
	k->title = db_column_dup(st, 1);
	return 0;
}

const char *fetch_state_label(const char *state)
{
	static const char *const v[][2] = {
		{ "failed", "获取失败 failed" }, { "not_public", "未公开 not public" },
		{ "gone", "已消失 gone" }, { "disallowed", "robots.txt 禁止 disallowed" },
	};
	for (size_t i = 0; state && i < sizeof v / sizeof v[0]; i++)
		if (!strcmp(state, v[i][0]))
			return v[i][1];
	return state;
}

const char *check_title(const struct model *m, const char *code)
{
	for (size_t i = 0; code && i < m->checks.n; i++)
		if (m->checks.v[i].code && !strcmp(m->checks.v[i].code, code))
			return m->checks.v[i].title;
	return NULL;
}

static int row_fetch_issue(sqlite3_stmt *st, void *arg)
{
	struct model *m = ((struct ctx *)arg)->m;
	struct fetch_issue *f = vec_push(&m->fetch_issues);
	f->url = db_column_dup(st, 0);
	f->state = db_column_dup(st, 1);
	f->code = db_column_dup(st, 2);
	f->title = db_column_dup(st, 3);
	f->error = db_column_dup(st, 4);
	f->http_status = sqlite3_column_int(st, 5);
	if (f->state && !strcmp(f->state, "not_public"))
		m->fetch_not_public++;
	else
		m->fetch_failed++;
	return 0;
}

static int row_classification(sqlite3_stmt *st, void *arg)
{
	struct ctx *c = arg;
	struct doc *d = find_doc(c->m, c->ix, sqlite3_column_int64(st, 0));
	if (!d || d->analysed)
		return 0;
	d->analysed = 1;
	d->category = db_column_dup(st, 1);
	d->field_score = sqlite3_column_double(st, 2);
	return 0;
}

static int row_indicator(sqlite3_stmt *st, void *arg)
{
	struct ctx *c = arg;
	struct doc *d = find_doc(c->m, c->ix, sqlite3_column_int64(st, 0));
	const char *name = (const char *)sqlite3_column_text(st, 1);
	if (!d || !name)
		return 0;
	for (int i = 0; i < IND_COUNT; i++)
		if (!strcmp(name, indicator_key[i])) {
			d->has_indicator[i] = 1;
			d->indicator[i] = sqlite3_column_double(st, 2);
		}
	return 0;
}

static int row_candidate(sqlite3_stmt *st, void *arg)
{
	struct ctx *c = arg;
	struct doc *d = find_doc(c->m, c->ix, sqlite3_column_int64(st, 0));
	if (!d)
		return 0;
	d->ranked = 1;
	d->improvement_score = sqlite3_column_double(st, 1);
	d->improvement_rank = sqlite3_column_int(st, 2);
	d->excellence_score = sqlite3_column_double(st, 3);
	d->excellence_rank = sqlite3_column_int(st, 4);
	return 0;
}

static int row_counts(sqlite3_stmt *st, void *arg)
{
	struct ctx *c = arg;
	struct doc *d = find_doc(c->m, c->ix, sqlite3_column_int64(st, 0));
	if (d) {
		d->clauses = sqlite3_column_int(st, 1);
		d->requirements = sqlite3_column_int(st, 2);
		d->provisions = sqlite3_column_int(st, 3);
	}
	return 0;
}

/* One finding, counted per document and severity and per check: the
 * counts, not the findings.  Counting here rather than with GROUP BY
 * keeps SQLite from sorting every finding (in memory: temp_store). */
static int row_finding_count(sqlite3_stmt *st, void *arg)
{
	struct ctx *c = arg;
	struct doc *d = find_doc(c->m, c->ix, sqlite3_column_int64(st, 0));
	if (!d)
		return 0;
	int sev = severity_of((const char *)sqlite3_column_text(st, 1));
	d->by_severity[sev]++;
	d->findings++;
	c->m->by_severity[sev]++;
	c->m->findings++;
	const char *check = (const char *)sqlite3_column_text(st, 2);
	size_t k = 0;
	while (k < c->m->by_check.n && strcmp(c->m->by_check.v[k].label, check ? check : ""))
		k++;
	if (k == c->m->by_check.n)
		vec_push(&c->m->by_check)->label = xstrdup(check ? check : "");
	c->m->by_check.v[k].n++;
	return 0;
}

/* Most findings first, then by check code. */
static int cmp_tally(const void *a, const void *b)
{
	const struct tally *x = a, *y = b;
	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->label, y->label);
}

static int row_tally(sqlite3_stmt *st, void *arg)
{
	VEC(struct tally) *t = arg;
	struct tally *x = vec_push(t);
	x->label = db_column_dup(st, 0);
	x->n = sqlite3_column_int(st, 1);
	return 0;
}

static int row_ranking_run(sqlite3_stmt *st, void *arg)
{
	struct model *m = ((struct ctx *)arg)->m;
	m->ranking_run = sqlite3_column_int64(st, 0);
	const unsigned char *t = sqlite3_column_text(st, 1);
	snprintf(m->ranking_time, sizeof m->ranking_time, "%s", t ? (const char *)t : "");
	return 0;
}

static int row_count(sqlite3_stmt *st, void *arg)
{
	*(long *)arg = sqlite3_column_int(st, 0);
	return 0;
}

/* Candidates in rank order: (rank, index) pairs sorted by rank. */
struct ranked {
	long rank;
	size_t i;
};

static int cmp_ranked(const void *a, const void *b)
{
	long x = ((const struct ranked *)a)->rank, y = ((const struct ranked *)b)->rank;
	return x < y ? -1 : x > y;
}

static void rank_list(struct model *m, int improvement)
{
	struct ranked *r = xmalloc((m->docs.n + 1) * sizeof *r);
	size_t n = 0;
	for (size_t i = 0; i < m->docs.n; i++) {
		long rank = improvement ? m->docs.v[i].improvement_rank : m->docs.v[i].excellence_rank;
		if (rank > 0)
			r[n++] = (struct ranked){ rank, i };
	}
	qsort(r, n, sizeof *r, cmp_ranked);
	for (size_t k = 0; k < n; k++) {
		if (improvement)
			*vec_push(&m->improvement) = r[k].i;
		else
			*vec_push(&m->excellence) = r[k].i;
	}
	free(r);
}

static void tally_add(struct model *m, const char *label, long n)
{
	struct tally *t = vec_push(&m->by_category);
	t->label = xstrdup(label);
	t->n = n;
}

/* Documents per primary category: the eight in order (also when empty),
 * then any other category the database has, then those out of the field
 * and those not analysed. */
static void category_tally(struct model *m)
{
	for (int c = 0; c < CATEGORY_COUNT; c++)
		tally_add(m, category_names[c], 0);
	long out = 0;
	for (size_t i = 0; i < m->docs.n; i++) {
		const struct doc *d = &m->docs.v[i];
		if (!d->analysed) {
			m->not_analysed++;
			continue;
		}
		if (!d->category) {
			out++;
			continue;
		}
		m->in_field++;
		size_t k = 0;
		while (k < m->by_category.n && strcmp(m->by_category.v[k].label, d->category))
			k++;
		if (k == m->by_category.n)
			tally_add(m, d->category, 0);
		m->by_category.v[k].n++;
	}
	tally_add(m, "领域外", out);
	if (m->not_analysed)
		tally_add(m, "未分析", m->not_analysed);
}

/* The scale of sc for scores from lo to hi (see struct score_scale): the
 * narrowest round width whose HIST_BINS bins from a round start reach hi. */
static void scale_for(struct score_scale *sc, double lo, double hi)
{
	static const double nice[] = { 1, 2, 2.5, 5 };
	double range = hi - lo > 1e-9 ? hi - lo : 1;
	for (double mag = pow(10, floor(log10(range / HIST_BINS)));; mag *= 10)
		for (int k = 0; k < 4; k++) {
			double w = nice[k] * mag, start = floor(lo / w) * w;
			if (start + w * HIST_BINS < hi)
				continue;
			int bins = (int)floor((hi - start) / w) + 1;
			sc->width = w;
			sc->start = start;
			sc->bins = bins > HIST_BINS ? HIST_BINS : bins;
			return;
		}
}

static void scale_add(struct score_scale *sc, double v)
{
	int i = (int)floor((v - sc->start) / sc->width);
	sc->count[i < 0 ? 0 : i >= sc->bins ? sc->bins - 1 : i]++;
}

static void histograms(struct model *m)
{
	double lo[2] = { 1e300, 1e300 }, hi[2] = { -1e300, -1e300 };
	for (size_t i = 0; i < m->docs.n; i++) {
		const struct doc *d = &m->docs.v[i];
		if (!d->improvement_rank)
			continue;
		int bi = (int)(d->improvement_score / 10), be = (int)(d->excellence_score / 10);
		m->hist_improvement[bi < 0 ? 0 : bi >= HIST_BINS ? HIST_BINS - 1 : bi]++;
		m->hist_excellence[be < 0 ? 0 : be >= HIST_BINS ? HIST_BINS - 1 : be]++;
		double v[2] = { d->improvement_score, d->excellence_score };
		for (int k = 0; k < 2; k++) {
			lo[k] = v[k] < lo[k] ? v[k] : lo[k];
			hi[k] = v[k] > hi[k] ? v[k] : hi[k];
		}
	}
	if (lo[0] > hi[0])
		lo[0] = hi[0] = lo[1] = hi[1] = 0;     /* nothing ranked */
	scale_for(&m->scale_improvement, lo[0], hi[0]);
	scale_for(&m->scale_excellence, lo[1], hi[1]);
	for (size_t i = 0; i < m->docs.n; i++) {
		const struct doc *d = &m->docs.v[i];
		if (!d->improvement_rank)
			continue;
		scale_add(&m->scale_improvement, d->improvement_score);
		scale_add(&m->scale_excellence, d->excellence_score);
	}
}

int model_load(sqlite3 *db, struct model *m, char *err, size_t errlen)
{
	struct ctx c = { m, NULL };
	/* the window of v_standard_documents is computed once, in one
	 * temporary table, for the queries that follow */
	int rc = db_exec(db, "DROP TABLE IF EXISTS temp.report_standards;"
			 "CREATE TEMP TABLE report_standards AS SELECT doc_id, standard, code,"
			 " source, current, current_doc_id FROM v_standard_documents", err, errlen);
	if (rc == 0)
		rc = each_row(db,
		"SELECT v.doc_id, v.code, v.title_zh, v.title_en, v.status, v.published, v.effective,"
		" v.source, d.content_sha256, u.state, s.standard"
		" FROM v_documents v JOIN documents d ON d.id = v.doc_id"
		" JOIN temp.report_standards s ON s.doc_id = v.doc_id AND s.current"
		" LEFT JOIN fetch_urls u ON u.url = v.source"
		" ORDER BY v.code IS NULL, v.code, v.doc_id", row_document, &c, err, errlen);
	if (rc != 0)
		return -1;
	c.ix = m->by_id = index_ids(m);
	rc = each_row(db, "SELECT current_doc_id, code, source FROM temp.report_standards"
		      " WHERE NOT current ORDER BY current_doc_id, code DESC, doc_id", row_other, &c,
		      err, errlen);
	if (rc == 0)
		rc = each_row(db, "SELECT count(*) FROM temp.report_standards", row_count,
			      &m->documents, err, errlen);
	if (rc == 0)
		rc = each_row(db, "SELECT code, title FROM checks ORDER BY code", row_check, &c,
			      err, errlen);
	if (rc == 0)
		rc = each_row(db, "SELECT url, state, code, title, error, http_status FROM v_fetch_status"
			      " WHERE state IN ('failed', 'not_public', 'gone', 'disallowed')"
			      " ORDER BY CASE state WHEN 'failed' THEN 0 WHEN 'gone' THEN 1"
			      " WHEN 'disallowed' THEN 2 ELSE 3 END, url", row_fetch_issue, &c, err, errlen);
	rc = each_row(db, "SELECT doc_id, category, score FROM v_classification WHERE is_primary",
		      row_classification, &c, err, errlen);
	if (rc == 0)
		rc = each_row(db, "SELECT doc_id, indicator, score FROM v_indicators",
			      row_indicator, &c, err, errlen);
	if (rc == 0)
		rc = each_row(db, "SELECT doc_id, improvement_score, improvement_rank,"
			      " excellence_score, excellence_rank FROM v_candidates",
			      row_candidate, &c, err, errlen);
	if (rc == 0)
		rc = each_row(db, "SELECT r.run_id, u.started FROM (SELECT max(run_id) AS run_id"
			      " FROM rankings) r JOIN runs u ON u.id = r.run_id",
			      row_ranking_run, &c, err, errlen);
	if (rc == 0)
		rc = each_row(db, "SELECT doc_id, count(*), total(requirement),"
			      " total(requirement) + total(recommendation) + total(permission)"
			      " + total(possibility) FROM clauses GROUP BY doc_id",
			      row_counts, &c, err, errlen);
	if (rc == 0)
		rc = each_row(db, "SELECT doc_id, severity, check_code FROM findings",
			      row_finding_count, &c, err, errlen);
	if (rc == 0 && m->by_check.n > 1)
		qsort(m->by_check.v, m->by_check.n, sizeof *m->by_check.v, cmp_tally);
	if (rc == 0)
		rc = each_row(db, "SELECT coalesce(v.status, '未注明'), count(*) FROM v_documents v"
			      " JOIN temp.report_standards s ON s.doc_id = v.doc_id AND s.current"
			      " GROUP BY 1 ORDER BY 2 DESC, 1", row_tally, &m->by_status, err, errlen);
	if (rc == 0)
		rc = each_row(db, "SELECT count(*) FROM v_extract_failures", row_count,
			      &m->extract_failures, err, errlen);
	if (rc != 0)
		return -1;
	rank_list(m, 1);
	rank_list(m, 0);
	category_tally(m);
	histograms(m);
	return 0;
}

static void free_tallies(struct tally *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(t[i].label);
}

void model_free(struct model *m)
{
	for (size_t i = 0; i < m->docs.n; i++) {
		struct doc *d = &m->docs.v[i];
		free(d->code); free(d->title_zh); free(d->title_en); free(d->status);
		free(d->published); free(d->effective); free(d->source); free(d->sha256);
		free(d->fetch_state); free(d->category); free(d->standard); free(d->other_docs);
	}
	for (size_t i = 0; i < m->checks.n; i++) {
		free(m->checks.v[i].code);
		free(m->checks.v[i].title);
	}
	vec_free(&m->checks);
	for (size_t i = 0; i < m->fetch_issues.n; i++) {
		struct fetch_issue *f = &m->fetch_issues.v[i];
		free(f->url); free(f->state); free(f->code); free(f->title); free(f->error);
	}
	vec_free(&m->fetch_issues);
	vec_free(&m->docs);
	free(m->by_id);
	m->by_id = NULL;
	vec_free(&m->improvement);
	vec_free(&m->excellence);
	free_tallies(m->by_category.v, m->by_category.n);
	vec_free(&m->by_category);
	free_tallies(m->by_status.v, m->by_status.n);
	vec_free(&m->by_status);
	free_tallies(m->by_check.v, m->by_check.n);
	vec_free(&m->by_check);
	changes_free(&m->changes);
}
