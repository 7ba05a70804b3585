/* detail.c - one document's findings and the text of the clauses they
 * concern, read when a writer gets to that document and freed after it.
 *
 * The texts are what makes a corpus large (123,000 findings and their
 * clauses for 1,000 synthetic standards): holding them for every document
 * would make the report's memory grow with the corpus.  Each query uses
 * the (doc_id, seq) indexes of findings and clauses, inside the caller's
 * read transaction, so every writer sees the state the model was read in. */
#include "report.h"
#include "db.h"

#include <stdio.h>
#include <string.h>

int reader_open(struct reader *r, sqlite3 *db, char *err, size_t errlen)
{
	memset(r, 0, sizeof *r);
	r->db = db;
	if (db_prepare(db, "SELECT f.check_code, k.title, f.severity, f.clause, f.excerpt, f.detail, f.message"
		       " FROM findings f LEFT JOIN checks k ON k.code = f.check_code"
		       " WHERE f.doc_id = ?1 ORDER BY CASE f.severity WHEN 'error' THEN 0"
		       " WHEN 'warning' THEN 1 ELSE 2 END, f.seq LIMIT ?2",
		       &r->findings, err, errlen) != 0)
		return -1;
	/* only the clauses a finding concerns */
	if (db_prepare(db, "SELECT num, heading, text FROM clauses WHERE doc_id = ?1"
		       " AND num IN (SELECT clause FROM findings WHERE doc_id = ?1) ORDER BY seq",
		       &r->clauses, err, errlen) != 0) {
		reader_close(r);
		return -1;
	}
	return 0;
}

void reader_close(struct reader *r)
{
	sqlite3_finalize(r->findings);
	sqlite3_finalize(r->clauses);
	r->findings = r->clauses = NULL;
}

/* Step st to its end (resetting it); -1 with r->err on an error. */
static int finish(struct reader *r, sqlite3_stmt *st, int rc, int64_t doc_id)
{
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		snprintf(r->err, sizeof r->err, "reading document %lld: %s", (long long)doc_id,
			 sqlite3_errmsg(r->db));
		return -1;
	}
	return 0;
}

int detail_load(struct reader *r, int64_t doc_id, size_t max, int clauses, struct detail *dt)
{
	detail_clear(dt);
	sqlite3_stmt *st = r->findings;
	sqlite3_bind_int64(st, 1, doc_id);
	sqlite3_bind_int64(st, 2, max ? (sqlite3_int64)max : -1);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct finding *f = vec_push(&dt->findings);
		f->check = db_column_dup(st, 0);
		f->title = db_column_dup(st, 1);
		f->severity = severity_of((const char *)sqlite3_column_text(st, 2));
		f->clause = db_column_dup(st, 3);
		f->excerpt = db_column_dup(st, 4);
		f->detail = db_column_dup(st, 5);
		f->message = db_column_dup(st, 6);
	}
	if (finish(r, st, rc, doc_id) != 0)
		return -1;
	if (!clauses || !dt->findings.n)
		return 0;
	st = r->clauses;
	sqlite3_bind_int64(st, 1, doc_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct clause *c = vec_push(&dt->cited);
		c->num = db_column_dup(st, 0);
		c->heading = db_column_dup(st, 1);
		c->text = db_column_dup(st, 2);
	}
	if (finish(r, st, rc, doc_id) != 0)
		return -1;
	/* Which findings have their clause's text in the report. */
	for (size_t k = 0; k < dt->findings.n; k++) {
		struct finding *f = &dt->findings.v[k];
		for (size_t j = 0; f->clause && j < dt->cited.n && !f->clause_shown; j++)
			f->clause_shown = !strcmp(dt->cited.v[j].num, f->clause);
	}
	return 0;
}

void detail_clear(struct detail *dt)
{
	for (size_t k = 0; k < dt->findings.n; k++) {
		struct finding *f = &dt->findings.v[k];
		free(f->check); free(f->title); free(f->clause); free(f->excerpt); free(f->detail);
		free(f->message);
	}
	vec_clear(&dt->findings);
	for (size_t k = 0; k < dt->cited.n; k++) {
		free(dt->cited.v[k].num); free(dt->cited.v[k].heading); free(dt->cited.v[k].text);
	}
	vec_clear(&dt->cited);
}

void detail_free(struct detail *dt)
{
	detail_clear(dt);
	vec_free(&dt->findings);
	vec_free(&dt->cited);
}

void finding_summary(struct buf *b, const struct finding *f)
{
	buf_puts(b, f->check ? f->check : "");
	if (f->title)
		buf_printf(b, "（%s）", f->title);
	buf_printf(b, " %s %s", f->clause ? f->clause : "", f->message ? f->message :
		   f->excerpt && *f->excerpt ? f->excerpt : f->detail ? f->detail : "");
}
