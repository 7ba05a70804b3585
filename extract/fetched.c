/* fetched.c - see fetched.h. */
#include "fetched.h"
#include "blobstore.h"
#include "db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct entry {
	char *url;
	char sha[65];
	int64_t size, version;
	char *content_type;     /* for the converter; NULL when unknown */
};

struct fetched {
	struct blobstore store;
	struct entry *v;
	size_t n;
};

void fetched_close(struct fetched *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->n; i++) {
		free(f->v[i].url);
		free(f->v[i].content_type);
	}
	free(f->v);
	if (f->store.dir)
		blobstore_close(&f->store);
	free(f);
}

struct fetched *fetched_open(sqlite3 *db, const char *db_path, const char *store_dir,
			     int force, int extractor_version, struct path_list *urls,
			     char *err, size_t errlen)
{
	/* The latest version of every URL that has one (a URL whose last check
	 * failed or found it gone keeps its stored copy), when its text is not
	 * what documents holds for it. */
	static const char sql[] =
		"SELECT u.url, COALESCE(v.text_sha256, v.sha256), COALESCE(v.text_size, v.size), v.id,"
		" v.content_type, v.text_sha256 IS NOT NULL"
		" FROM fetch_urls u JOIN fetch_versions v ON v.id = u.version_id"
		" LEFT JOIN documents d ON d.source = u.url"
		/* the same file extracted directly holds the hash of its own bytes:
		 * the original's, not the converted text's */
		" WHERE ?1 OR d.id IS NULL OR (d.content_sha256 IS NOT COALESCE(v.text_sha256, v.sha256)"
		"   AND d.content_sha256 IS NOT v.sha256)"
		"   OR d.extractor_version IS NOT ?2"
		" ORDER BY u.url";
	struct fetched *f = xmalloc(sizeof *f);
	memset(f, 0, sizeof *f);
	char *dir = store_dir ? xstrdup(store_dir) : blobstore_default_dir(db_path);
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	if (db_prepare(db, sql, &st, err, errlen) != 0)
		goto bad;
	sqlite3_bind_int(st, 1, force);
	sqlite3_bind_int(st, 2, extractor_version);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (f->n == cap) {
			cap = cap ? cap * 2 : 64;
			f->v = xrealloc(f->v, cap * sizeof *f->v);
		}
		struct entry *e = &f->v[f->n++];
		e->url = xstrdup((const char *)sqlite3_column_text(st, 0));
		snprintf(e->sha, sizeof e->sha, "%s", (const char *)sqlite3_column_text(st, 1));
		e->size = sqlite3_column_int64(st, 2);
		e->version = sqlite3_column_int64(st, 3);
		e->content_type = NULL;
		const unsigned char *ct = sqlite3_column_text(st, 4);
		if (ct && sqlite3_column_int(st, 5)) {
			/* fetch stored the text converted to UTF-8: the body's
			 * charset no longer applies */
			char mt[128];
			snprintf(mt, sizeof mt, "%.*s; charset=utf-8", (int)strcspn((const char *)ct, ";"),
				 (const char *)ct);
			e->content_type = xstrdup(mt);
		} else if (ct) {
			e->content_type = xstrdup((const char *)ct);
		}
		path_list_add(urls, e->url);
	}
	if (rc != SQLITE_DONE) {
		snprintf(err, errlen, "%s: reading the fetched documents: %s", db_path,
			 sqlite3_errmsg(db));
		goto bad;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (f->n && blobstore_open(&f->store, dir, 0, err, errlen) != 0)
		goto bad;
	free(dir);
	return f;
bad:
	sqlite3_finalize(st);
	free(dir);
	fetched_close(f);
	return NULL;
}

static struct entry *find(struct fetched *f, const char *url)
{
	size_t lo = 0, hi = f->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(f->v[mid].url, url);
		if (c == 0)
			return &f->v[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

int fetched_stamp(struct fetched *f, const char *url, struct file_stamp *st)
{
	struct entry *e = find(f, url);
	if (!e)
		return -1;
	st->size = e->size;
	st->mtime_ns = e->version;
	return 0;
}

int fetched_read(struct fetched *f, const char *url, struct buf *out, size_t max,
		 char *err, size_t errlen)
{
	struct entry *e = find(f, url);
	if (!e) {
		snprintf(err, errlen, "not a fetched document");
		return -1;
	}
	return blob_read(&f->store, e->sha, out, max, 0, err, errlen);
}

const char *fetched_content_type(struct fetched *f, const char *url)
{
	struct entry *e = find(f, url);
	return e ? e->content_type : NULL;
}
