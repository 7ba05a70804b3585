/* record.c - the fetch stage's database rows.
 *
 * fetch_urls holds one row per document URL: its request, the platform's
 * metadata, the validators to send back, its state and the current
 * version.  fetch_versions gets a row for every new body (the old ones are
 * kept: the history of a standard).  fetch_failures gets every failed
 * request.  The caller holds a transaction open; main.c commits it after
 * the blobs the rows point to are durable (lib/blobstore.h). */
#include "fetch.h"
#include "db.h"
#include "log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum {
	S_LOOKUP, S_ITEM, S_UPSERT, S_VERSION, S_OUTCOME, S_FAILURE,
	S_COUNT
};

#define NOW "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"

static const char *const sql[S_COUNT] = {
	[S_LOOKUP] =
		"SELECT u.id, u.state, u.etag, u.last_modified, v.sha256, v.text_sha256,"
		" CAST(strftime('%s', u.next_retry) AS REAL),"
		" CAST(strftime('%s', u.last_changed) AS REAL), u.file_size, u.file_mtime_ns"
		" FROM fetch_urls u LEFT JOIN fetch_versions v ON v.id = u.version_id"
		" WHERE u.url = ?",
	[S_ITEM] =
		"SELECT state, CAST(strftime('%s', next_retry) AS REAL) FROM fetch_urls"
		" WHERE item_key = ?1 OR url = ?2",
	[S_UPSERT] =
		"INSERT INTO fetch_urls (url, source, request_method, request_url, request_body,"
		" item_key, code, title, title_en, platform_status, published, effective,"
		" organization, meta, first_seen, run_id)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, " NOW ", ?15)"
		" ON CONFLICT (url) DO UPDATE SET request_method = ?3, request_url = ?4,"
		" request_body = ?5, item_key = COALESCE(?6, item_key), code = COALESCE(?7, code),"
		" title = COALESCE(?8, title), title_en = COALESCE(?9, title_en),"
		" platform_status = COALESCE(?10, platform_status),"
		" published = COALESCE(?11, published), effective = COALESCE(?12, effective),"
		" organization = COALESCE(?13, organization),"
		" meta = CASE WHEN ?14 IS NULL THEN meta ELSE json_patch(COALESCE(meta, '{}'), ?14) END"
		" RETURNING id",
	[S_VERSION] =
		"INSERT INTO fetch_versions (url_id, sha256, text_sha256, content_type, charset,"
		" size, text_size, fetched_at, run_id) VALUES (?, ?, ?, ?, ?, ?, ?, " NOW ", ?)",
	/* The outcome, and the metadata of the request (as the upsert would):
	 * one statement for a URL the database knows. */
	[S_OUTCOME] =
		"UPDATE fetch_urls SET state = ?2, last_status = ?3, last_error = ?4,"
		" request_method = ?12, request_url = ?13, request_body = ?14,"
		" item_key = COALESCE(?15, item_key), code = COALESCE(?16, code),"
		" title = COALESCE(?17, title), title_en = COALESCE(?18, title_en),"
		" platform_status = COALESCE(?19, platform_status),"
		" published = COALESCE(?20, published), effective = COALESCE(?21, effective),"
		" organization = COALESCE(?22, organization),"
		" meta = CASE WHEN ?23 IS NULL THEN meta ELSE json_patch(COALESCE(meta, '{}'), ?23) END,"
		/* a 304 may repeat only one validator: keep the other */
		" etag = CASE WHEN ?5 THEN CASE WHEN ?3 = 304 THEN COALESCE(?6, etag) ELSE ?6 END"
		"   ELSE etag END,"
		" last_modified = CASE WHEN ?5 THEN CASE WHEN ?3 = 304 THEN COALESCE(?7, last_modified)"
		"   ELSE ?7 END ELSE last_modified END,"
		" next_retry = CASE WHEN ?8 IS NULL THEN NULL"
		"   ELSE strftime('%Y-%m-%dT%H:%M:%SZ', ?8, 'unixepoch') END,"
		" failures = CASE WHEN ?9 THEN failures + 1 ELSE 0 END,"
		" last_checked = " NOW ","
		" last_changed = CASE WHEN ?10 IS NOT NULL THEN " NOW " ELSE last_changed END,"
		" version_id = COALESCE(?10, version_id), run_id = ?11,"
		" file_size = CASE WHEN ?24 IS NULL THEN file_size ELSE ?24 END,"
		" file_mtime_ns = CASE WHEN ?24 IS NULL THEN file_mtime_ns ELSE ?25 END"
		" WHERE id = ?1",
	[S_FAILURE] =
		"INSERT INTO fetch_failures (run_id, url, step, http_status, error, at)"
		" VALUES (?, ?, ?, ?, ?, " NOW ")",
};

struct rec {
	sqlite3_stmt *st[S_COUNT];
};

struct rec *rec_open(sqlite3 *db, char *err, size_t errlen)
{
	struct rec *c = xmalloc(sizeof *c);
	memset(c, 0, sizeof *c);
	for (int i = 0; i < S_COUNT; i++)
		if (db_prepare(db, sql[i], &c->st[i], err, errlen) != 0) {
			rec_close(c);
			return NULL;
		}
	return c;
}

void rec_close(struct rec *c)
{
	if (!c)
		return;
	for (int i = 0; i < S_COUNT; i++)
		sqlite3_finalize(c->st[i]);
	free(c);
}

void url_state_free(struct url_state *s)
{
	free(s->etag);
	free(s->last_modified);
	memset(s, 0, sizeof *s);
}

static char *col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? xstrdup((const char *)t) : NULL;
}

static void col_copy(sqlite3_stmt *st, int i, char *out, size_t n)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	snprintf(out, n, "%s", t ? (const char *)t : "");
}

static int step_done(struct run *r, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		run_fatal(r, "database: %s: %s", what, sqlite3_errmsg(r->db));
		return -1;
	}
	return 0;
}

int rec_lookup(struct run *r, const char *url, struct url_state *out)
{
	sqlite3_stmt *st = r->rec->st[S_LOOKUP];
	memset(out, 0, sizeof *out);
	sqlite3_bind_text(st, 1, url, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(st, 0);
		col_copy(st, 1, out->state, sizeof out->state);
		out->etag = col_dup(st, 2);
		out->last_modified = col_dup(st, 3);
		col_copy(st, 4, out->sha256, sizeof out->sha256);
		col_copy(st, 5, out->text_sha256, sizeof out->text_sha256);
		out->next_retry = sqlite3_column_double(st, 6);
		out->last_changed = sqlite3_column_double(st, 7);
		out->has_stamp = sqlite3_column_type(st, 8) != SQLITE_NULL;
		out->file_size = sqlite3_column_int64(st, 8);
		out->file_mtime_ns = sqlite3_column_int64(st, 9);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		run_fatal(r, "database: looking up %s: %s", url, sqlite3_errmsg(r->db));
		return -1;
	}
	return 0;
}

int rec_item_known(struct run *r, const char *item_key, const char *url)
{
	sqlite3_stmt *st = r->rec->st[S_ITEM];
	db_bind_text(st, 1, item_key);
	db_bind_text(st, 2, url);
	int known = 0, rc;
	double now = (double)time(NULL);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *s = (const char *)sqlite3_column_text(st, 0);
		/* not_public and disallowed items are known only until they are
		 * due to be looked at again (next_retry) */
		int waiting = sqlite3_column_type(st, 1) != SQLITE_NULL &&
			      sqlite3_column_double(st, 1) > now;
		if (s && (!strcmp(s, "ok") || !strcmp(s, "gone") ||
			  ((!strcmp(s, "not_public") || !strcmp(s, "disallowed")) && waiting)))
			known = 1;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		run_fatal(r, "database: looking up %s: %s", url, sqlite3_errmsg(r->db));
		return -1;
	}
	return known;
}

/* Bind d's request and platform metadata as parameters first ..
 * first + 11, in the order S_UPSERT and S_OUTCOME name them: method, URL,
 * body, item key, code, title, English title, status, published,
 * effective, organization, extra metadata as JSON.  Returns that JSON
 * (the caller frees it after the step; NULL when there is none). */
static char *bind_request(sqlite3_stmt *st, int first, const struct fetch_doc *d)
{
	char *meta = d->meta.extra && json_object_size(d->meta.extra)
		? json_dumps(d->meta.extra, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	const char *v[12] = {
		d->method, d->req_url, d->body, d->item_key, d->meta.code, d->meta.title,
		d->meta.title_en, d->meta.status, d->meta.published, d->meta.effective,
		d->meta.organization, meta,
	};
	for (int i = 0; i < 12; i++)
		db_bind_text(st, first + i, v[i]);
	return meta;
}

/* Upsert and return the row id (0 after a fatal error). */
static int64_t upsert(struct run *r, const struct fetch_doc *d)
{
	sqlite3_stmt *st = r->rec->st[S_UPSERT];
	db_bind_text(st, 1, d->url);
	db_bind_text(st, 2, d->source);
	char *meta = bind_request(st, 3, d);
	sqlite3_bind_int64(st, 15, r->run_id);
	int64_t id = 0;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	rc = sqlite3_step(st);   /* finish the RETURNING statement */
	sqlite3_reset(st);
	free(meta);
	if (!id || rc != SQLITE_DONE) {
		run_fatal(r, "database: recording %s: %s", d->url, sqlite3_errmsg(r->db));
		return 0;
	}
	return id;
}

int rec_upsert(struct run *r, const struct fetch_doc *d)
{
	if (run_write(r) != 0)
		return -1;
	return upsert(r, d) ? 0 : -1;
}

int rec_outcome(struct run *r, const struct fetch_doc *d, const struct rec_outcome *o)
{
	if (run_write(r) != 0)
		return -1;
	int64_t id = o->id ? o->id : upsert(r, d);
	if (!id)
		return -1;
	int64_t vid = 0;
	if (o->changed) {
		sqlite3_stmt *st = r->rec->st[S_VERSION];
		sqlite3_bind_int64(st, 1, id);
		db_bind_text(st, 2, o->sha256);
		db_bind_text(st, 3, o->text_sha256);
		db_bind_text(st, 4, o->content_type);
		db_bind_text(st, 5, o->charset && *o->charset ? o->charset : NULL);
		sqlite3_bind_int64(st, 6, o->size);
		if (o->text_sha256)
			sqlite3_bind_int64(st, 7, o->text_size);
		else
			sqlite3_bind_null(st, 7);
		sqlite3_bind_int64(st, 8, r->run_id);
		if (step_done(r, st, "recording a version") != 0)
			return -1;
		vid = sqlite3_last_insert_rowid(r->db);
	}
	sqlite3_stmt *st = r->rec->st[S_OUTCOME];
	int set_validators = !strcmp(o->state, "ok");
	sqlite3_bind_int64(st, 1, id);
	db_bind_text(st, 2, o->state);
	if (o->status > 0)
		sqlite3_bind_int64(st, 3, o->status);
	else
		sqlite3_bind_null(st, 3);
	db_bind_text(st, 4, o->error);
	sqlite3_bind_int(st, 5, set_validators && (o->etag || o->last_modified || o->changed));
	db_bind_text(st, 6, o->etag);
	db_bind_text(st, 7, o->last_modified);
	if (o->next_retry > 0)
		sqlite3_bind_int64(st, 8, (sqlite3_int64)o->next_retry);
	else
		sqlite3_bind_null(st, 8);
	sqlite3_bind_int(st, 9, o->count_failure);
	if (vid)
		sqlite3_bind_int64(st, 10, vid);
	else
		sqlite3_bind_null(st, 10);
	sqlite3_bind_int64(st, 11, r->run_id);
	char *meta = bind_request(st, 12, d);
	if (o->has_stamp) {
		sqlite3_bind_int64(st, 24, o->file_size);
		sqlite3_bind_int64(st, 25, o->file_mtime_ns);
	} else {
		sqlite3_bind_null(st, 24);
		sqlite3_bind_null(st, 25);
	}
	int rc = step_done(r, st, "recording an outcome");
	free(meta);
	return rc;
}

int rec_rename(struct run *r, const char *from, const char *to)
{
	static const char *const sql[] = {
		"UPDATE fetch_urls SET url = ?2, request_url = CASE WHEN request_url = ?1 THEN ?2"
		" ELSE request_url END WHERE url = ?1 AND NOT EXISTS (SELECT 1 FROM fetch_urls"
		" WHERE url = ?2)",
		"UPDATE documents SET source = ?2 WHERE source = ?1 AND NOT EXISTS (SELECT 1 FROM"
		" documents WHERE source = ?2) AND EXISTS (SELECT 1 FROM fetch_urls WHERE url = ?2)",
		"UPDATE fetch_failures SET url = ?2 WHERE url = ?1 AND EXISTS (SELECT 1 FROM"
		" fetch_urls WHERE url = ?2) AND NOT EXISTS (SELECT 1 FROM fetch_urls WHERE url = ?1)",
	};
	if (run_write(r) != 0)
		return -1;
	int renamed = 0;
	for (size_t i = 0; i < sizeof sql / sizeof sql[0]; i++) {
		sqlite3_stmt *st;
		char err[512];
		if (db_prepare(r->db, sql[i], &st, err, sizeof err) != 0) {
			run_fatal(r, "database: %s", err);
			return -1;
		}
		sqlite3_bind_text(st, 1, from, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, to, -1, SQLITE_STATIC);
		int rc = sqlite3_step(st);
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE) {
			run_fatal(r, "database: renaming %s: %s", from, sqlite3_errmsg(r->db));
			return -1;
		}
		if (i == 0)
			renamed = sqlite3_changes(r->db) > 0;
	}
	if (renamed)
		log_info("%s：按规范路径改名为 %s (renamed to its canonical name)", from, to);
	return 0;
}

int rec_failure(struct run *r, const char *url, const char *step, long status,
		const char *error)
{
	if (run_write(r) != 0)
		return -1;
	sqlite3_stmt *st = r->rec->st[S_FAILURE];
	sqlite3_bind_int64(st, 1, r->run_id);
	db_bind_text(st, 2, url);
	db_bind_text(st, 3, step);
	if (status > 0)
		sqlite3_bind_int64(st, 4, status);
	else
		sqlite3_bind_null(st, 4);
	db_bind_text(st, 5, error);
	return step_done(r, st, "recording a failure");
}
