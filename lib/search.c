/* search.c - see search.h. */
#include "search.h"
#include "buf.h"
#include "db.h"
#include "log.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

enum { Q_STALE, Q_GONE, Q_DEL, Q_CLAUSES, Q_TERMS, Q_STATE, Q_UNSTATE, Q_COUNT };

static const char *const sql[Q_COUNT] = {
	[Q_STALE] = "SELECT d.id, d.content_sha256, d.extractor_version FROM documents d"
		    " LEFT JOIN search_state s ON s.doc_id = d.id WHERE d.extract_status = 'ok'"
		    " AND (s.doc_id IS NULL OR s.content_sha256 IS NOT d.content_sha256"
		    " OR s.extractor_version IS NOT d.extractor_version) ORDER BY d.id",
	[Q_GONE] = "SELECT s.doc_id FROM search_state s LEFT JOIN documents d ON d.id = s.doc_id"
		   " WHERE d.id IS NULL OR d.extract_status != 'ok'",
	[Q_DEL] = "DELETE FROM search WHERE rowid BETWEEN ?1 * 33554432 AND ?1 * 33554432 + 33554431",
	[Q_CLAUSES] = "INSERT INTO search (rowid, kind, doc_id, num, heading, text)"
		      " SELECT doc_id * 33554432 + seq * 2, 'clause', doc_id, num, heading, text"
		      " FROM clauses WHERE doc_id = ?1",
	[Q_TERMS] = "INSERT INTO search (rowid, kind, doc_id, num, heading, text)"
		    " SELECT doc_id * 33554432 + seq * 2 + 1, 'term', doc_id, num,"
		    " zh || coalesce(' ' || en, ''), definition FROM terms WHERE doc_id = ?1",
	[Q_STATE] = "INSERT OR REPLACE INTO search_state VALUES (?1, ?2, ?3)",
	[Q_UNSTATE] = "DELETE FROM search_state WHERE doc_id = ?1",
};

/* A document to (re)index or to drop, with what it will be indexed as. */
struct entry {
	int64_t id;
	char sha[65];
	int version;
};

typedef struct {
	struct entry *v;
	size_t n, cap;
} id_list;

static struct entry *push(id_list *l, int64_t id)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	struct entry *e = &l->v[l->n++];
	e->id = id;
	e->sha[0] = '\0';
	e->version = 0;
	return e;
}

/* Step a bound statement to completion and reset it. */
static int run(sqlite3 *db, sqlite3_stmt *st, char *err, size_t errlen)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		snprintf(err, errlen, "search index: %s", sqlite3_errmsg(db));
		return -1;
	}
	return 0;
}

long search_sync(sqlite3 *db, char *err, size_t errlen)
{
	sqlite3_stmt *st[Q_COUNT] = { 0 };
	long done = 0;
	int rc = 0, in_tx = 0;
	id_list stale = { 0 }, gone = { 0 };
	for (int i = 0; i < Q_COUNT && rc == 0; i++)
		rc = db_prepare(db, sql[i], &st[i], err, errlen);
	if (rc == 0) {
		int s;
		while ((s = sqlite3_step(st[Q_GONE])) == SQLITE_ROW)
			push(&gone, sqlite3_column_int64(st[Q_GONE], 0));
		if (s != SQLITE_DONE)
			rc = -1;
		while (rc == 0 && (s = sqlite3_step(st[Q_STALE])) == SQLITE_ROW) {
			struct entry *e = push(&stale, sqlite3_column_int64(st[Q_STALE], 0));
			const unsigned char *h = sqlite3_column_text(st[Q_STALE], 1);
			snprintf(e->sha, sizeof e->sha, "%s", h ? (const char *)h : "");
			e->version = sqlite3_column_int(st[Q_STALE], 2);
		}
		if (rc == 0 && s != SQLITE_DONE)
			rc = -1;
		if (rc)
			snprintf(err, errlen, "search index: %s", sqlite3_errmsg(db));
		sqlite3_reset(st[Q_STALE]);
	}
	if (rc == 0 && (stale.n || gone.n)) {
		rc = db_exec(db, "BEGIN IMMEDIATE", err, errlen);
		in_tx = rc == 0;
	}
	for (size_t i = 0; i < gone.n && rc == 0; i++, done++) {
		sqlite3_bind_int64(st[Q_DEL], 1, gone.v[i].id);
		sqlite3_bind_int64(st[Q_UNSTATE], 1, gone.v[i].id);
		rc = run(db, st[Q_DEL], err, errlen) || run(db, st[Q_UNSTATE], err, errlen) ? -1 : 0;
	}
	for (size_t i = 0; i < stale.n && rc == 0; i++, done++) {
		const struct entry *e = &stale.v[i];
		for (int k = Q_DEL; k <= Q_TERMS; k++)
			sqlite3_bind_int64(st[k], 1, e->id);
		sqlite3_bind_int64(st[Q_STATE], 1, e->id);
		sqlite3_bind_text(st[Q_STATE], 2, e->sha, -1, SQLITE_STATIC);
		sqlite3_bind_int(st[Q_STATE], 3, e->version);
		rc = run(db, st[Q_DEL], err, errlen) || run(db, st[Q_CLAUSES], err, errlen) ||
		     run(db, st[Q_TERMS], err, errlen) || run(db, st[Q_STATE], err, errlen) ? -1 : 0;
		if (rc == 0 && i % 200 == 199)
			log_progress("search index: %zu/%zu documents", i + 1, stale.n);
	}
	log_progress_done();
	if (in_tx) {
		char ignore[64];
		if (rc == 0)
			rc = db_exec(db, "COMMIT", err, errlen);
		else
			db_exec(db, "ROLLBACK", ignore, sizeof ignore);
	}
	for (int i = 0; i < Q_COUNT; i++)
		sqlite3_finalize(st[i]);
	free(stale.v);
	free(gone.v);
	return rc ? -1 : done;
}
