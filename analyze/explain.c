/* explain.c - peiyou-analyze --explain CODE: everything behind one
 * standard's category and ranks, from the stored rows.
 *
 * Nothing is recomputed: each number is printed with the stored numbers
 * it was made from (an evidence row's weight, zone factor and count, a
 * category's evidence rows, an indicator's inputs), so that what it prints
 * is what researchers can query.  An arithmetic line is printed only when
 * the stored numbers give the stored result (points = weight x zone factor
 * x (1 + ln count); a score = the sum of its points): rows written by
 * another version of the analysis are listed as they are, without a
 * formula they may not follow.
 *
 * CODE is a code ("T/PYCS 002-2025"), a code without its year (the
 * standard: its current document), a source URL or a local path (its
 * file: URL, lib/fileurl.h). */
#include "analyze.h"
#include "db.h"
#include "fileurl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *text(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);
	return s ? (const char *)s : "";
}

/* s padded with spaces to width display columns (a CJK character takes
 * two), so that the columns line up on a terminal. */
static void pad(FILE *out, const char *s, int width)
{
	int cols = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p & 0xC0) != 0x80)
			cols += *p >= 0xE0 ? 2 : 1;
	fputs(s, out);
	for (; cols < width; cols++)
		fputc(' ', out);
}

/* Prepare sql with id bound to ?1. */
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

static int near(double a, double b)
{
	return fabs(a - b) <= 1e-6 * (fabs(a) + fabs(b) + 1);
}

/* The document CODE names: the current document of its standard first. */
static long long find_document(sqlite3 *db, const char *code, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	char *url = NULL;
	if (!strstr(code, "://")) {
		int exists;
		url = local_file_url(code, &exists);
		if (url && !exists) {
			free(url);
			url = NULL;
		}
	}
	if (db_prepare(db, "SELECT d.id FROM documents d"
		       " LEFT JOIN v_standard_documents s ON s.doc_id = d.id"
		       " LEFT JOIN fetch_urls u ON u.url = d.source"
		       " WHERE coalesce(d.code, u.code) = ?1 OR d.source IN (?1, ?2)"
		       " OR s.standard = ?1 OR coalesce(d.code, u.code) LIKE ?1 || '-%'"
		       " ORDER BY coalesce(s.current, 0) DESC, d.extract_status = 'ok' DESC, d.id DESC"
		       " LIMIT 1", &st, err, errlen) != 0) {
		free(url);
		return -1;
	}
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	db_bind_text(st, 2, url);
	long long id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	free(url);
	if (!id)
		snprintf(err, errlen, "没有编号或来源为 %s 的文档 (no document with code or source %s)",
			 code, code);
	return id ? id : -1;
}

/* Which standard the document belongs to, whether it is the standard's
 * current document, and the standard's other documents. */
static int standard(sqlite3 *db, long long id, FILE *out, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	int step;
	if (query(db, "SELECT coalesce(s.standard, '(无编号 no code)'), s.current,"
		  " (SELECT count(*) - 1 FROM v_standard_documents x"
		  "  WHERE x.current_doc_id = s.current_doc_id)"
		  " FROM v_standard_documents s WHERE s.doc_id = ?1", id, &st, err, errlen))
		return -1;
	if ((step = sqlite3_step(st)) == SQLITE_ROW)
		fprintf(out, "标准 standard: %s, %s%s\n", text(st, 0), sqlite3_column_int(st, 1)
			? "本文档是其现行文档 (its current document)"
			: "本文档不是其现行文档，不参与排名 (not its current document: not ranked)",
			sqlite3_column_int(st, 2) ? "; 其他文档 other documents:" : "");
	sqlite3_finalize(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE) {
		snprintf(err, errlen, "database read failed: %s", sqlite3_errmsg(db));
		return -1;
	}
	if (query(db, "SELECT x.doc_id, x.code, x.source, x.current"
		  " FROM v_standard_documents s JOIN v_standard_documents x"
		  " ON x.current_doc_id = s.current_doc_id AND x.doc_id != s.doc_id"
		  " WHERE s.doc_id = ?1 ORDER BY x.current DESC, x.doc_id", id, &st, err, errlen))
		return -1;
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		fprintf(out, "  %s doc %lld  %s  %s\n", sqlite3_column_int(st, 3) ? "现行 current" :
			"其他 other  ", (long long)sqlite3_column_int64(st, 0), text(st, 1), text(st, 2));
	return done(db, st, step, err, errlen);
}

/* The category scores, each with the evidence rows it is the sum of. */
static int categories(sqlite3 *db, long long id, FILE *out, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	int step;
	fprintf(out, "\n类别得分 category scores (主 primary *, 次 secondary +):\n");
	if (query(db, "SELECT c.category, c.score, c.is_primary, c.is_secondary,"
		  " (SELECT count(*) FROM category_evidence e WHERE e.doc_id = c.doc_id"
		  "  AND e.category = c.category),"
		  " (SELECT total(points) FROM category_evidence e WHERE e.doc_id = c.doc_id"
		  "  AND e.category = c.category)"
		  " FROM classification c WHERE c.doc_id = ?1 ORDER BY c.score DESC", id, &st,
		  err, errlen))
		return -1;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		double score = sqlite3_column_double(st, 1), sum = sqlite3_column_double(st, 5);
		int rows = sqlite3_column_int(st, 4);
		fprintf(out, "  %s ", sqlite3_column_int(st, 2) ? "*" :
			sqlite3_column_int(st, 3) ? "+" : " ");
		pad(out, text(st, 0), 14);
		fprintf(out, "%7.1f", score);
		if (rows && near(score, sum))
			fprintf(out, "  = %d 条证据的得分之和 (sum of the points of %d evidence rows)",
				rows, rows);
		fputc('\n', out);
	}
	return done(db, st, step, err, errlen);
}

/* Every evidence row with the arithmetic that gives its points. */
static int evidence(sqlite3 *db, long long id, FILE *out, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	int step;
	fprintf(out, "\n证据 evidence: 词在某区出现 n 次得 权重 x 区系数 x (1 + ln n) 分\n"
		"  (a term found n times in a zone: weight x zone factor x (1 + ln n) points;"
		" category - marks the field's own words)\n");
	if (query(db, "SELECT category, term, zone, count, weight, points, factor"
		  " FROM category_evidence WHERE doc_id = ?1 ORDER BY category = '-', category,"
		  " points DESC", id, &st, err, errlen))
		return -1;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int n = sqlite3_column_int(st, 3), w = sqlite3_column_int(st, 4);
		double points = sqlite3_column_double(st, 5);
		int has_factor = sqlite3_column_type(st, 6) != SQLITE_NULL;
		double f = sqlite3_column_double(st, 6), ln1 = 1.0 + log((double)n);
		fputs("  ", out);
		pad(out, text(st, 0), 14);
		pad(out, text(st, 1), 12);
		pad(out, text(st, 2), 9);
		if (has_factor && n > 0 && near(w * f * ln1, points))
			fprintf(out, "%d x %g x (1 + ln %d = %.3f) = %.1f\n", w, f, n, ln1, points);
		else
			fprintf(out, "n = %d, weight %d%s%.*g: %.1f\n", n, w,
				has_factor ? ", zone factor " : "", has_factor ? 6 : 0,
				has_factor ? f : 0.0, points);
	}
	return done(db, st, step, err, errlen);
}

/* The indicators with the inputs they were computed from, as stored. */
static int indicators(sqlite3 *db, long long id, FILE *out, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	int step;
	fprintf(out, "\n指标 indicators (0-100, 及其输入 with their inputs):\n");
	if (query(db, "SELECT indicator, score, inputs FROM indicators WHERE doc_id = ?1", id, &st,
		  err, errlen))
		return -1;
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		fprintf(out, "  %-13s %5.1f  %s\n", text(st, 0), sqlite3_column_double(st, 1),
			text(st, 2));
	return done(db, st, step, err, errlen);
}

/* The findings, most severe first, each with its check's title. */
static int findings(sqlite3 *db, long long id, FILE *out, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	int step;
	fprintf(out, "\n发现 findings:\n");
	if (query(db, "SELECT severity, check_code, coalesce(clause, '-'),"
		  " (SELECT title FROM checks c WHERE c.code = check_code), coalesce(message, detail),"
		  " excerpt"
		  " FROM findings WHERE doc_id = ?1 ORDER BY CASE severity WHEN 'error' THEN 0"
		  " WHEN 'warning' THEN 1 ELSE 2 END, seq", id, &st, err, errlen))
		return -1;
	int nf = 0;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		nf++;
		fprintf(out, "  %-7s %-7s %-8s %s", text(st, 0), text(st, 1), text(st, 2), text(st, 3));
		if (sqlite3_column_type(st, 4) != SQLITE_NULL)
			fprintf(out, ": %s", text(st, 4));
		if (sqlite3_column_type(st, 5) != SQLITE_NULL)
			fprintf(out, "  「%s」", text(st, 5));
		fputc('\n', out);
	}
	if (!nf)
		fprintf(out, "  无 none\n");
	return done(db, st, step, err, errlen);
}

static int ranks(sqlite3 *db, long long id, FILE *out, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	if (query(db, "SELECT r.improvement_score, r.improvement_rank, r.excellence_score,"
		  " r.excellence_rank, r.run_id, (SELECT count(*) FROM rankings x WHERE x.run_id = r.run_id"
		  " AND x.improvement_rank IS NOT NULL) FROM rankings r WHERE r.doc_id = ?1"
		  " ORDER BY r.run_id DESC LIMIT 1", id, &st, err, errlen))
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW) {
		if (sqlite3_column_type(st, 1) == SQLITE_NULL)
			fprintf(out, "\n排名 ranks (run %lld): 未排名（不在领域内）not ranked (not in the"
				" field); improvement score %.1f, excellence score %.1f\n",
				sqlite3_column_int64(st, 4), sqlite3_column_double(st, 0),
				sqlite3_column_double(st, 2));
		else
			fprintf(out, "\n排名 ranks (run %lld, %d ranked): 改进 improvement #%d (score %.1f),"
				" 培优 excellence #%d (score %.1f)\n", sqlite3_column_int64(st, 4),
				sqlite3_column_int(st, 5), sqlite3_column_int(st, 1),
				sqlite3_column_double(st, 0), sqlite3_column_int(st, 3),
				sqlite3_column_double(st, 2));
	} else {
		fprintf(out, "\n排名 ranks: 无（不是其标准的现行文档，或尚未排名）none (not the current"
			" document of its standard, or not ranked yet)\n");
	}
	sqlite3_finalize(st);
	return 0;
}

int explain(sqlite3 *db, const char *code, FILE *out, char *err, size_t errlen)
{
	long long id = find_document(db, code, err, errlen);
	if (id < 0)
		return -1;
	sqlite3_stmt *st;
	if (query(db, "SELECT coalesce(d.code, u.code), coalesce(d.title_zh, u.title), d.source,"
		  " a.category, a.field_score, a.analyzed_at"
		  " FROM documents d LEFT JOIN analysis a ON a.doc_id = d.id"
		  " LEFT JOIN fetch_urls u ON u.url = d.source WHERE d.id = ?1", id, &st, err, errlen))
		return -1;
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		snprintf(err, errlen, "database read failed: %s", sqlite3_errmsg(db));
		return -1;
	}
	int analysed = sqlite3_column_type(st, 5) != SQLITE_NULL;
	fprintf(out, "%s  %s\nsource: %s\n", text(st, 0), text(st, 1), text(st, 2));
	int in_field = sqlite3_column_type(st, 3) != SQLITE_NULL;
	double field = sqlite3_column_double(st, 4);
	sqlite3_finalize(st);
	if (standard(db, id, out, err, errlen))
		return -1;
	if (!analysed) {
		fprintf(out, "尚未分析：请运行 peiyou-analyze (not analysed yet: run peiyou-analyze)\n");
		return 0;
	}
	if (!in_field)
		fprintf(out, "类别：不在领域内（最高类别得分 %.1f）category: not in the field (best"
			" category score %.1f)\n", field, field);
	if (categories(db, id, out, err, errlen) || evidence(db, id, out, err, errlen) ||
	    indicators(db, id, out, err, errlen) || findings(db, id, out, err, errlen))
		return -1;
	return ranks(db, id, out, err, errlen);
}
