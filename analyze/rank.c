/* rank.c - the two rankings, over the current document of every standard
 * (v_standard_documents: one per code, not one per source or edition), per
 * run.
 *
 *   improvement priority = improvement.relevance x relevance
 *                        + improvement.need x need,
 *     need = 100 - weighted mean of quality, completeness, currency, technical
 *   excellence readiness = weighted mean of all six indicators
 *
 * Documents in the field are ranked (1 = first); the others keep their
 * scores with no rank.  Rows go to rankings under the run's id, so a
 * standard's rank can be followed from night to night (v_rank_history). */
#include "analyze.h"
#include "db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct row {
	int64_t id;
	char *category;
	double ind[6];
	double improvement, excellence;
	int in_field;
	long imp_rank, ex_rank;
};

static int by_improvement(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	if (x->in_field != y->in_field)
		return y->in_field - x->in_field;
	if (x->improvement != y->improvement)
		return x->improvement < y->improvement ? 1 : -1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static int by_excellence(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	if (x->in_field != y->in_field)
		return y->in_field - x->in_field;
	if (x->excellence != y->excellence)
		return x->excellence < y->excellence ? 1 : -1;
	return x->id < y->id ? -1 : x->id > y->id;
}

long rank_documents(sqlite3 *db, const struct config *cfg, int64_t run_id,
		    char *err, size_t errlen)
{
	const struct weights *w = &cfg->w;
	sqlite3_stmt *st;
	if (db_prepare(db,
		       "SELECT a.doc_id, a.category,"
		       " max(CASE i.indicator WHEN 'relevance' THEN i.score END),"
		       " max(CASE i.indicator WHEN 'completeness' THEN i.score END),"
		       " max(CASE i.indicator WHEN 'quality' THEN i.score END),"
		       " max(CASE i.indicator WHEN 'technical' THEN i.score END),"
		       " max(CASE i.indicator WHEN 'currency' THEN i.score END),"
		       " max(CASE i.indicator WHEN 'orientation' THEN i.score END)"
		       " FROM analysis a JOIN documents d ON d.id = a.doc_id"
		       " JOIN indicators i ON i.doc_id = a.doc_id"
		       " WHERE d.extract_status = 'ok'"
		       /* one standard, one rank: its current document (schema 9) */
		       " AND a.doc_id IN (SELECT doc_id FROM v_standard_documents WHERE current)"
		       " GROUP BY a.doc_id ORDER BY a.doc_id",
		       &st, err, errlen) != 0)
		return -1;
	VEC(struct row) rows = { 0 };
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct row *r = vec_push(&rows);
		r->id = sqlite3_column_int64(st, 0);
		const unsigned char *c = sqlite3_column_text(st, 1);
		r->category = c ? strdup((const char *)c) : NULL;
		r->in_field = c != NULL;
		for (int i = 0; i < 6; i++)
			r->ind[i] = sqlite3_column_double(st, 2 + i);
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE) {
		snprintf(err, errlen, "cannot read the indicators: %s", sqlite3_errmsg(db));
		for (size_t i = 0; i < rows.n; i++)
			free(rows.v[i].category);
		vec_free(&rows);
		return -1;
	}
	double nsum = w->need_quality + w->need_completeness + w->need_currency + w->need_technical;
	double esum = w->ex_relevance + w->ex_completeness + w->ex_quality + w->ex_technical +
		      w->ex_currency + w->ex_orientation;
	for (size_t i = 0; i < rows.n; i++) {
		struct row *r = &rows.v[i];
		double state = (w->need_quality * r->ind[I_QUALITY] + w->need_completeness * r->ind[I_COMPLETENESS] +
				w->need_currency * r->ind[I_CURRENCY] + w->need_technical * r->ind[I_TECHNICAL]) /
			       (nsum > 0 ? nsum : 1);
		r->improvement = w->imp_relevance * r->ind[I_RELEVANCE] + w->imp_need * (100 - state);
		r->excellence = (w->ex_relevance * r->ind[I_RELEVANCE] + w->ex_completeness * r->ind[I_COMPLETENESS] +
				 w->ex_quality * r->ind[I_QUALITY] + w->ex_technical * r->ind[I_TECHNICAL] +
				 w->ex_currency * r->ind[I_CURRENCY] + w->ex_orientation * r->ind[I_ORIENTATION]) /
				(esum > 0 ? esum : 1);
	}
	if (rows.n > 1)
		qsort(rows.v, rows.n, sizeof *rows.v, by_improvement);
	for (size_t i = 0; i < rows.n; i++)
		rows.v[i].imp_rank = rows.v[i].in_field ? (long)i + 1 : 0;
	if (rows.n > 1)
		qsort(rows.v, rows.n, sizeof *rows.v, by_excellence);
	long ranked = 0;
	for (size_t i = 0; i < rows.n; i++) {
		rows.v[i].ex_rank = rows.v[i].in_field ? (long)i + 1 : 0;
		ranked += rows.v[i].in_field;
	}
	int rc = 0;
	if (db_prepare(db, "INSERT OR REPLACE INTO rankings VALUES (?, ?, ?, ?, ?, ?, ?)", &st, err, errlen) != 0)
		rc = -1;
	for (size_t i = 0; i < rows.n && rc == 0; i++) {
		const struct row *r = &rows.v[i];
		sqlite3_bind_int64(st, 1, run_id);
		sqlite3_bind_int64(st, 2, r->id);
		db_bind_text(st, 3, r->category);
		sqlite3_bind_double(st, 4, r->improvement);
		if (r->imp_rank)
			sqlite3_bind_int64(st, 5, r->imp_rank);
		else
			sqlite3_bind_null(st, 5);
		sqlite3_bind_double(st, 6, r->excellence);
		if (r->ex_rank)
			sqlite3_bind_int64(st, 7, r->ex_rank);
		else
			sqlite3_bind_null(st, 7);
		if (sqlite3_step(st) != SQLITE_DONE) {
			snprintf(err, errlen, "database write failed: %s", sqlite3_errmsg(db));
			rc = -1;
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	for (size_t i = 0; i < rows.n; i++)
		free(rows.v[i].category);
	vec_free(&rows);
	return rc ? -1 : ranked;
}
