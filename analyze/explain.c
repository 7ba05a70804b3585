/* explain.c - peiyou-analyze --explain CODE: everything behind one
 * standard's category and ranks, from the stored rows (nothing is
 * recomputed, so what it prints is what researchers can query). */
#include "analyze.h"
#include "db.h"

#include <stdio.h>
#include <string.h>

static const char *text(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);
	return s ? (const char *)s : "";
}

/* Run sql with id bound to ?1 and print each row with fmt-like callbacks. */
static int query(sqlite3 *db, const char *sql, long long id, sqlite3_stmt **st,
		 char *err, size_t errlen)
{
	if (db_prepare(db, sql, st, err, errlen) != 0)
		return -1;
	sqlite3_bind_int64(*st, 1, id);
	return 0;
}

/* Finish a listing: finalize, and fail if the rows did not all come. */
static int done(sqlite3 *db, sqlite3_stmt *st, int step, char *err, size_t errlen)
{
	sqlite3_finalize(st);
	if (step == SQLITE_DONE)
		return 0;
	snprintf(err, errlen, "database read failed: %s", sqlite3_errmsg(db));
	return -1;
}

int explain(sqlite3 *db, const char *code, FILE *out, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	int step;
	if (db_prepare(db, "SELECT d.id, d.code, d.title_zh, d.source, a.category, a.field_score,"
		       " a.analyzed_at FROM documents d LEFT JOIN analysis a ON a.doc_id = d.id"
		       " WHERE d.code = ?1 OR d.source = ?1 OR d.code LIKE ?1 || '-%'"
		       " ORDER BY d.id DESC LIMIT 1", &st, err, errlen) != 0)
		return -1;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		snprintf(err, errlen, "no document with code or source %s", code);
		return -1;
	}
	long long id = sqlite3_column_int64(st, 0);
	int analysed = sqlite3_column_type(st, 6) != SQLITE_NULL;
	fprintf(out, "%s  %s\nsource: %s\n", text(st, 1), text(st, 2), text(st, 3));
	if (!analysed) {
		fprintf(out, "not analysed yet: run peiyou-analyze\n");
		sqlite3_finalize(st);
		return 0;
	}
	if (sqlite3_column_type(st, 4) == SQLITE_NULL)
		fprintf(out, "category: not in the field (best category score %.1f)\n",
			sqlite3_column_double(st, 5));
	sqlite3_finalize(st);

	fprintf(out, "\ncategory scores (primary *, secondary +):\n");
	if (query(db, "SELECT category, score, is_primary, is_secondary FROM classification"
		  " WHERE doc_id = ?1 ORDER BY score DESC", id, &st, err, errlen))
		return -1;
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		fprintf(out, "  %s %-12s %6.1f\n", sqlite3_column_int(st, 2) ? "*" :
			sqlite3_column_int(st, 3) ? "+" : " ", text(st, 0), sqlite3_column_double(st, 1));
	if (done(db, st, step, err, errlen))
		return -1;

	fprintf(out, "\nevidence (term, zone, count x weight = points):\n");
	if (query(db, "SELECT category, term, zone, count, weight, points FROM category_evidence"
		  " WHERE doc_id = ?1 ORDER BY category, points DESC", id, &st, err, errlen))
		return -1;
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		fprintf(out, "  %-12s %-12s %-8s %3d x %d = %5.1f\n", text(st, 0), text(st, 1), text(st, 2),
			sqlite3_column_int(st, 3), sqlite3_column_int(st, 4), sqlite3_column_double(st, 5));
	if (done(db, st, step, err, errlen))
		return -1;

	fprintf(out, "\nindicators (0-100, with their inputs):\n");
	if (query(db, "SELECT indicator, score, inputs FROM indicators WHERE doc_id = ?1", id, &st, err, errlen))
		return -1;
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		fprintf(out, "  %-13s %5.1f  %s\n", text(st, 0), sqlite3_column_double(st, 1), text(st, 2));
	if (done(db, st, step, err, errlen))
		return -1;

	fprintf(out, "\nfindings:\n");
	if (query(db, "SELECT severity, check_code, coalesce(clause, '-'), coalesce(message, detail, (SELECT title FROM checks c WHERE c.code = check_code)), excerpt FROM findings"
		  " WHERE doc_id = ?1 ORDER BY CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1"
		  " ELSE 2 END, seq", id, &st, err, errlen))
		return -1;
	int nf = 0;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		nf++;
		fprintf(out, "  %-7s %-7s %-8s %s", text(st, 0), text(st, 1), text(st, 2), text(st, 3));
		if (sqlite3_column_type(st, 4) != SQLITE_NULL)
			fprintf(out, "  「%s」", text(st, 4));
		fputc('\n', out);
	}
	if (!nf)
		fprintf(out, "  none\n");
	if (done(db, st, step, err, errlen))
		return -1;

	if (query(db, "SELECT r.improvement_score, r.improvement_rank, r.excellence_score,"
		  " r.excellence_rank, r.run_id, (SELECT count(*) FROM rankings x WHERE x.run_id = r.run_id"
		  " AND x.improvement_rank IS NOT NULL) FROM rankings r WHERE r.doc_id = ?1"
		  " ORDER BY r.run_id DESC LIMIT 1", id, &st, err, errlen))
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW) {
		if (sqlite3_column_type(st, 1) == SQLITE_NULL)
			fprintf(out, "\nranks (run %lld): not ranked (not in the field); improvement score %.1f,"
				" excellence score %.1f\n", sqlite3_column_int64(st, 4),
				sqlite3_column_double(st, 0), sqlite3_column_double(st, 2));
		else
			fprintf(out, "\nranks (run %lld, %d ranked): improvement #%d (score %.1f),"
				" excellence #%d (score %.1f)\n", sqlite3_column_int64(st, 4),
				sqlite3_column_int(st, 5), sqlite3_column_int(st, 1),
				sqlite3_column_double(st, 0), sqlite3_column_int(st, 3),
				sqlite3_column_double(st, 2));
	}
	sqlite3_finalize(st);
	return 0;
}
