/* forget.c - peiyou-fetch --forget URL|PATTERN: remove what a mistake made.
 *
 * A mistyped manifest line, a crawler config tried against the wrong
 * server, a test run on the real database leave rows behind: fetch_urls
 * rows with their versions and failures, and the documents extracted from
 * them with everything analysis and the report made of them.  --forget
 * removes them all, for a URL, a local path (named by its file: URL,
 * lib/fileurl.h, and as it was typed, which is how older versions stored
 * directly extracted files), or a glob pattern over URLs and sources (a
 * star, "?" or "[...]" in it: every URL under /tmp, every URL of a host).
 * Every table with a doc_id column loses the document's rows
 * (lib/purge.h), so a forgotten document does not come back as
 * "withdrawn" in the next report.
 * Stored bodies that no remaining version refers to are removed from the
 * store after the commit (the caller holds the fetch lock: no other run
 * can be staging them). */
#include "fetch.h"
#include "db.h"
#include "fileurl.h"
#include "log.h"
#include "purge.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int is_pattern(const char *s)
{
	return strpbrk(s, "*?[") != NULL;
}

/* Run sql with ?1 = a (may be NULL), ?2 = b; returns the rows changed, or
 * -1 with err. */
static long exec2(sqlite3 *db, const char *sql, const char *a, const char *b, char *err,
		  size_t errlen)
{
	sqlite3_stmt *st;
	if (db_prepare(db, sql, &st, err, errlen) != 0)
		return -1;
	db_bind_text(st, 1, a);
	db_bind_text(st, 2, b);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		snprintf(err, errlen, "%s", sqlite3_errmsg(db));
		return -1;
	}
	return sqlite3_changes(db);
}

/* Mark the URLs and documents one argument names; returns how many, or -1. */
static long mark(sqlite3 *db, const char *arg, char *err, size_t errlen)
{
	long n = 0, k;
	if (is_pattern(arg)) {
		if ((k = exec2(db, "INSERT OR IGNORE INTO temp.forget_urls SELECT url FROM fetch_urls"
			       " WHERE url GLOB ?1", arg, NULL, err, errlen)) < 0)
			return -1;
		n += k;
		if ((k = exec2(db, "INSERT OR IGNORE INTO temp.forget_docs SELECT id FROM documents"
			       " WHERE source GLOB ?1", arg, NULL, err, errlen)) < 0)
			return -1;
		return n + k;
	}
	/* a URL as it is; a path as its file: URL and as typed */
	char *url = strstr(arg, "://") ? xstrdup(arg) : local_file_url(arg, NULL);
	if (!url)
		url = xstrdup(arg);
	if (is_file_url(url)) {
		char *c = canonical_file_url(url, NULL);
		free(url);
		url = c;
	}
	k = exec2(db, "INSERT OR IGNORE INTO temp.forget_urls SELECT url FROM fetch_urls"
		  " WHERE url IN (?1, ?2)", url, arg, err, errlen);
	if (k >= 0) {
		n += k;
		k = exec2(db, "INSERT OR IGNORE INTO temp.forget_docs SELECT id FROM documents"
			  " WHERE source IN (?1, ?2)", url, arg, err, errlen);
	}
	free(url);
	return k < 0 ? -1 : n + k;
}

int forget(sqlite3 *db, struct blobstore *bs, const char *const *args, size_t nargs,
	   struct forget_counts *n, char *err, size_t errlen)
{
	char ignore[64];
	struct buf gone = BUF_INIT;     /* the URLs and sources removed, a line each */
	memset(n, 0, sizeof *n);
	if (db_exec(db, "CREATE TEMP TABLE IF NOT EXISTS forget_urls (url TEXT PRIMARY KEY);"
		    "CREATE TEMP TABLE IF NOT EXISTS forget_docs (id INTEGER PRIMARY KEY);"
		    "CREATE TEMP TABLE IF NOT EXISTS forget_blobs (sha TEXT PRIMARY KEY);"
		    "BEGIN IMMEDIATE", err, errlen) != 0)
		return -1;
	for (size_t i = 0; i < nargs; i++) {
		long k = mark(db, args[i], err, errlen);
		if (k < 0)
			goto fail;
		if (k == 0) {
			log_error("--forget %s: 没有匹配的网址或文档 (nothing matches)", args[i]);
			n->unmatched++;
		}
	}
	/* what goes, said once it is gone (after the COMMIT) */
	sqlite3_stmt *st;
	if (db_prepare(db, "SELECT url FROM temp.forget_urls UNION SELECT source FROM documents"
		       " WHERE id IN (SELECT id FROM temp.forget_docs) ORDER BY 1", &st, err, errlen) != 0)
		goto fail;
	while (sqlite3_step(st) == SQLITE_ROW)
		buf_printf(&gone, "%s\n", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	/* the documents fetched from the URLs go with them */
	if (db_exec(db, "INSERT OR IGNORE INTO temp.forget_docs SELECT id FROM documents"
		    " WHERE source IN (SELECT url FROM temp.forget_urls);"
		    "INSERT OR IGNORE INTO temp.forget_blobs SELECT sha256 FROM fetch_versions"
		    " WHERE url_id IN (SELECT id FROM fetch_urls WHERE url IN temp.forget_urls);"
		    "INSERT OR IGNORE INTO temp.forget_blobs SELECT text_sha256 FROM fetch_versions"
		    " WHERE text_sha256 IS NOT NULL AND url_id IN (SELECT id FROM fetch_urls"
		    " WHERE url IN temp.forget_urls);"
		    "DELETE FROM fetch_versions WHERE url_id IN (SELECT id FROM fetch_urls"
		    " WHERE url IN temp.forget_urls);"
		    "DELETE FROM fetch_failures WHERE url IN temp.forget_urls;", err, errlen) != 0)
		goto fail;
	n->urls = exec2(db, "DELETE FROM fetch_urls WHERE url IN temp.forget_urls", NULL, NULL,
			err, errlen);
	if (n->urls < 0)
		goto fail;
	if (db_prepare(db, "SELECT count(*) FROM temp.forget_docs", &st, err, errlen) != 0)
		goto fail;
	if (sqlite3_step(st) == SQLITE_ROW)
		n->documents = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (purge_documents(db, "SELECT id FROM temp.forget_docs", err, errlen) != 0 ||
	    db_exec(db, "COMMIT", err, errlen) != 0)
		goto fail;
	for (const char *l = gone.p; l && *l;) {
		const char *e = strchr(l, '\n');
		log_info("已删除 (forgotten): %.*s", (int)(e - l), l);
		l = e + 1;
	}
	buf_free(&gone);
	/* bodies nothing refers to any more */
	if (bs && bs->dir && db_prepare(db, "SELECT sha FROM temp.forget_blobs b WHERE NOT EXISTS"
					" (SELECT 1 FROM fetch_versions v WHERE v.sha256 = b.sha"
					" OR v.text_sha256 = b.sha)", &st, err, errlen) == 0) {
		struct buf p = BUF_INIT;
		while (sqlite3_step(st) == SQLITE_ROW) {
			blob_path(bs, (const char *)sqlite3_column_text(st, 0), &p);
			if (unlink(p.p) == 0)
				n->blobs++;
		}
		buf_free(&p);
		sqlite3_finalize(st);
	}
	db_exec(db, "DROP TABLE temp.forget_urls; DROP TABLE temp.forget_docs;"
		" DROP TABLE temp.forget_blobs;", ignore, sizeof ignore);
	return 0;
fail:
	db_exec(db, "ROLLBACK", ignore, sizeof ignore);
	buf_free(&gone);
	return -1;
}
