/* store.c - analysis results into the database.
 *
 * A document's previous results are replaced as a whole; the caller holds
 * a transaction (a savepoint per document inside a batch). */
#include "analyze.h"
#include "db.h"
#include "version.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
	R_DEL_CLASS, R_DEL_EVIDENCE, R_DEL_FINDINGS, R_DEL_INDICATORS,
	R_CLASS, R_EVIDENCE, R_FINDING, R_INDICATOR, R_STATE, R_COUNT
};

static const char *const sql[R_COUNT] = {
	[R_DEL_CLASS] = "DELETE FROM classification WHERE doc_id = ?",
	[R_DEL_EVIDENCE] = "DELETE FROM category_evidence WHERE doc_id = ?",
	[R_DEL_FINDINGS] = "DELETE FROM findings WHERE doc_id = ?",
	[R_DEL_INDICATORS] = "DELETE FROM indicators WHERE doc_id = ?",
	[R_CLASS] = "INSERT INTO classification VALUES (?, ?, ?, ?, ?)",
	/* factor: the zone's factor the points were computed with (schema 9) */
	[R_EVIDENCE] = "INSERT INTO category_evidence (doc_id, category, term, zone, count, weight,"
		       " points, factor) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	[R_FINDING] = "INSERT INTO findings (doc_id, seq, check_code, severity, clause, excerpt, detail,"
		      " message) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	[R_INDICATOR] = "INSERT INTO indicators VALUES (?, ?, ?, ?)",
	[R_STATE] = "INSERT OR REPLACE INTO analysis VALUES (?, ?, ?, ?,"
		    " strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?, ?, ?)",
};

struct results {
	sqlite3 *db;
	sqlite3_stmt *st[R_COUNT];
};

struct results *results_open(sqlite3 *db, char *err, size_t errlen)
{
	struct results *r = calloc(1, sizeof *r);
	if (!r) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	r->db = db;
	for (int i = 0; i < R_COUNT; i++)
		if (db_prepare(db, sql[i], &r->st[i], err, errlen) != 0) {
			results_close(r);
			return NULL;
		}
	return r;
}

void results_close(struct results *r)
{
	if (!r)
		return;
	for (int i = 0; i < R_COUNT; i++)
		sqlite3_finalize(r->st[i]);
	free(r);
}

static int step(struct results *r, int i, char *err, size_t errlen)
{
	int rc = sqlite3_step(r->st[i]);
	sqlite3_reset(r->st[i]);
	if (rc != SQLITE_DONE) {
		snprintf(err, errlen, "database write failed: %s", sqlite3_errmsg(r->db));
		return -1;
	}
	return 0;
}

int store_results(struct results *r, const struct config *cfg, const struct adoc *d,
		  int64_t run_id, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	for (int i = R_DEL_CLASS; i <= R_DEL_INDICATORS; i++) {
		sqlite3_bind_int64(r->st[i], 1, d->id);
		if (step(r, i, err, errlen))
			return -1;
	}
	for (int k = 0; k < NCAT; k++) {
		st = r->st[R_CLASS];
		sqlite3_bind_int64(st, 1, d->id);
		sqlite3_bind_text(st, 2, category_name[k], -1, SQLITE_STATIC);
		sqlite3_bind_double(st, 3, d->score[k]);
		sqlite3_bind_int(st, 4, d->primary == k);
		sqlite3_bind_int(st, 5, d->secondary[k]);
		if (step(r, R_CLASS, err, errlen))
			return -1;
	}
	for (size_t i = 0; i < d->evidence.n; i++) {
		const struct evidence *e = &d->evidence.v[i];
		st = r->st[R_EVIDENCE];
		sqlite3_bind_int64(st, 1, d->id);
		sqlite3_bind_text(st, 2, e->cat >= 0 ? category_name[e->cat] : "-", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, e->term, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, zone_name[e->zone], -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 5, e->count);
		sqlite3_bind_int(st, 6, e->weight);
		sqlite3_bind_double(st, 7, e->points);
		sqlite3_bind_double(st, 8, cfg->w.zone[e->zone]);
		if (step(r, R_EVIDENCE, err, errlen))
			return -1;
	}
	for (size_t i = 0; i < d->findings.n; i++) {
		const struct finding *f = &d->findings.v[i];
		st = r->st[R_FINDING];
		sqlite3_bind_int64(st, 1, d->id);
		sqlite3_bind_int64(st, 2, (int64_t)i);
		db_bind_text(st, 3, f->code);
		db_bind_text(st, 4, f->severity);
		db_bind_text(st, 5, f->clause);
		db_bind_text(st, 6, f->excerpt);
		db_bind_text(st, 7, f->detail);
		db_bind_text(st, 8, f->message);
		if (step(r, R_FINDING, err, errlen))
			return -1;
	}
	for (int i = 0; i < 6; i++) {
		st = r->st[R_INDICATOR];
		sqlite3_bind_int64(st, 1, d->id);
		db_bind_text(st, 2, d->ind[i].name);
		sqlite3_bind_double(st, 3, d->ind[i].score);
		db_bind_text(st, 4, d->ind[i].inputs);
		if (step(r, R_INDICATOR, err, errlen))
			return -1;
	}
	st = r->st[R_STATE];
	sqlite3_bind_int64(st, 1, d->id);
	db_bind_text(st, 2, d->sha256);
	sqlite3_bind_int(st, 3, d->extractor_version);
	db_bind_text(st, 4, cfg->hash);
	sqlite3_bind_int64(st, 5, run_id);
	db_bind_text(st, 6, d->primary >= 0 ? category_name[d->primary] : NULL);
	double best = 0;
	for (int k = 0; k < NCAT; k++)
		if (d->score[k] > best)
			best = d->score[k];
	sqlite3_bind_double(st, 7, d->primary >= 0 ? d->score[d->primary] : best);
	return step(r, R_STATE, err, errlen);
}

int store_checks(sqlite3 *db, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	if (db_prepare(db, "INSERT OR REPLACE INTO checks (code, severity, title, title_en, rule, enabled,"
		       " scored) VALUES (?, ?, ?, ?, ?, ?, ?)", &st, err, errlen) != 0)
		return -1;
	int rc = 0;
	for (const struct check_info *c = check_catalogue; c->code && rc == 0; c++) {
		sqlite3_bind_text(st, 1, c->code, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, c->severity, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, c->title_zh, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, c->title_en, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, c->rule, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 6, (c->flags & CHECK_ON) != 0);
		sqlite3_bind_int(st, 7, (c->flags & CHECK_SCORED) != 0);
		if (sqlite3_step(st) != SQLITE_DONE) {
			snprintf(err, errlen, "database write failed: %s", sqlite3_errmsg(db));
			rc = -1;
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return rc;
}
