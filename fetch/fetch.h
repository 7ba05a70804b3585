/* fetch.h - what the parts of peiyou-fetch share: the run, the documents
 * to fetch, and the functions each file offers the others.
 *
 *   main.c       command line, the run loop, commits, progress, summary
 *   transfer.c   libcurl multi: concurrency, politeness, retries (transfer.h)
 *   manifest.c   TSV manifests of URLs
 *   crawl.c      config-driven crawlers (list, detail, document steps)
 *   fields.c     reading fields out of JSON (paths) and HTML (XPath)
 *   robots.c     robots.txt for crawled hosts
 *   documents.c  one document: due or not, its request, its outcome
 *   record.c     the database rows (fetch_urls, fetch_versions, failures)
 *   forget.c     --forget: removing what a mistake made
 *   charset.c    GBK/GB18030/UTF-16 bodies to UTF-8 text
 *   doc.c        struct fetch_doc and its metadata */
#ifndef PEIYOU_FETCH_H
#define PEIYOU_FETCH_H

#include <jansson.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdint.h>
#include "blobstore.h"
#include "buf.h"
#include "transfer.h"

/* ------------------------------------------------------------ doc.c */

/* Metadata of a document (manifest columns, a platform's list and detail
 * pages).  Strings are owned; NULL when unknown. */
struct doc_meta {
	char *code, *title, *title_en, *status, *published, *effective, *organization;
	json_t *extra;   /* every field the crawler read (owned reference), or NULL */
};

/* One document to fetch.  All strings are owned by it. */
struct fetch_doc {
	char *url;        /* its key: fetch_urls.url and documents.source */
	char *source;     /* "manifest:PATH" or "crawl:NAME" */
	char *item_key;   /* the platform's id of the item (crawls) or NULL */
	char *method;     /* "GET" or "POST" */
	char *req_url;    /* what is requested (the url itself for GETs) */
	char *body;       /* POST body or NULL */
	char **headers;   /* "Name: value" */
	size_t nheaders;
	char *magic;      /* leading bytes a real body has ("%PDF"), or NULL */
	char *origin;     /* "MANIFEST:LINE" of a manifest's document, for messages; or NULL */
	int allow_file;   /* file:// allowed */
	int crawled;      /* from a crawler that honours robots.txt */
	struct doc_meta meta;
};

struct fetch_doc *doc_new(const char *url, const char *source);
void doc_free(struct fetch_doc *d);
void meta_free(struct doc_meta *m);
/* Set *slot to a copy of v (NULL or "" clears nothing: keeps the old). */
void meta_set(char **slot, const char *v);
/* Copy every field of src that is set over dst (extra fields merged). */
void meta_merge(struct doc_meta *dst, const struct doc_meta *src);
/* "T/GZAEPI 001—2018" -> "T/GZAEPI 001-2018": dashes, full-width and
 * repeated spaces as in documents.code.  Returns a new string. */
char *canonical_code(const char *s);
/* Dates as YYYY-MM-DD from "2018年05月08日", "2018/5/8", "2018-05-08 00:00:00"
 * or epoch milliseconds; anything else is returned as it is (new string). */
char *canonical_date(const char *s);
/* s with runs of white space (ASCII, U+00A0, U+3000) folded to one space
 * and trimmed; a new string. */
char *fold_space(const char *s);

/* ------------------------------------------------------------ run */

struct counts {
	long docs;                   /* documents considered */
	long new_, changed, unchanged, not_modified, gone, failed;
	long not_public, disallowed, skipped;
	long not_due;                /* known, unchanged, not due to be asked about */
	long pages;                  /* list and detail pages fetched */
	long long bytes;             /* body bytes received */
};

struct run_config {
	const char *db_path, *store_dir;
	const char *base;            /* --base: replaces every crawl's base URL */
	int max_pages;               /* --max-pages (0: the config's) */
	int full;                    /* --full: do not stop at a page with nothing new */
	int recheck;                 /* --recheck: every known document again, now */
	double recheck_days;         /* longest wait before asking about an unchanged document */
	int per_host_set, delay_set; /* given on the command line: configs obey */
	double not_public_days;      /* recheck not-public documents after this */
	double failed_hours;         /* unused unless a server sent Retry-After */
	json_t *vars;                /* --set NAME=VALUE (owned) */
};

struct robots;
struct rec;
struct seen;

/* Everything one run has; main.c owns it. */
struct run {
	const struct run_config *cfg;
	sqlite3 *db;
	int64_t run_id;
	struct rec *rec;             /* prepared statements (record.c) */
	struct blobstore store;
	struct blob_batch batch;
	struct xfer *x;
	struct robots *robots;
	struct seen *seen;           /* URLs handled in this run */
	struct counts n;
	long total;                  /* documents expected so far (progress) */
	long done;                   /* documents finished */
	long since_commit;
	int in_tx;                   /* a transaction is open */
	double tx_started;
	int fatal;                   /* a database or store error: stop */
	char fatal_msg[512];
	volatile sig_atomic_t *stop;
};

/* Open the run's write transaction if none is open (main.c commits it).
 * Returns 0, or -1 after run_fatal(). */
int run_write(struct run *r);
/* Stop the run because the database or the store failed. */
void run_fatal(struct run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ------------------------------------------------------ documents.c */

/* Fetch d unless this run has it already or it is not due; ownership of d
 * passes here.  Counts and records the outcome. */
void documents_submit(struct run *r, struct fetch_doc *d);
/* Record d (metadata only) as not public: the platform has no text for it. */
void documents_not_public(struct run *r, struct fetch_doc *d, const char *why);
/* Record d as disallowed by robots.txt (e.g. its detail page). */
void documents_disallowed(struct run *r, struct fetch_doc *d, const char *why);
/* Record d as failed before its download (e.g. its detail page failed). */
void documents_failed(struct run *r, struct fetch_doc *d, long status, const char *why);

/* A set of strings (URLs seen in this run). */
struct seen *seen_new(void);
void seen_free(struct seen *s);
/* 1 when s was new (and is now in the set), 0 when it was there. */
int seen_add(struct seen *s, const char *key);

/* ---------------------------------------------------------- record.c */

/* What the database knows about a URL. */
struct url_state {
	int64_t id;                  /* 0: unknown */
	char state[16];
	char *etag, *last_modified;  /* owned */
	char sha256[65];             /* current version ("" none) */
	char text_sha256[65];
	double next_retry;           /* Unix time, 0 none; for ok: the next check */
	double last_changed;         /* Unix time of the current version, 0 none */
	int has_stamp;               /* a local file's stamp when last read: */
	int64_t file_size, file_mtime_ns;
};
void url_state_free(struct url_state *s);

struct rec *rec_open(sqlite3 *db, char *err, size_t errlen);
void rec_close(struct rec *c);
int rec_lookup(struct run *r, const char *url, struct url_state *out);
/* Is an item of a crawl (its key "CRAWL KEY", or its URL) already known
 * with a final state (ok, gone, not_public, disallowed)?  1 yes, 0 no, -1
 * error. */
int rec_item_known(struct run *r, const char *item_key, const char *url);
/* Upsert the row of d with its metadata and request; state pending when new. */
int rec_upsert(struct run *r, const struct fetch_doc *d);
/* The outcome of a document; version fields only for a new body. */
struct rec_outcome {
	int64_t id;                  /* the row when known (saves the upsert) */
	const char *state;           /* ok, gone, not_public, failed, disallowed */
	long status;
	const char *error;           /* NULL: clears last_error */
	const char *etag, *last_modified;
	double next_retry;           /* Unix time or 0 */
	int changed;                 /* a new version: */
	const char *sha256, *text_sha256, *content_type, *charset;
	long long size, text_size;
	int count_failure;           /* failures += 1 (else reset to 0) */
	int has_stamp;               /* a local file: its stamp (else kept) */
	long long file_size, file_mtime_ns;
};
int rec_outcome(struct run *r, const struct fetch_doc *d, const struct rec_outcome *o);
/* Give the row of a URL stored under another spelling (from, by an older
 * peiyou) the name to, with the document extracted from it, unless a row
 * has that name already.  Returns 0, or -1 after run_fatal(). */
int rec_rename(struct run *r, const char *from, const char *to);
/* A failed request of any step, into fetch_failures. */
int rec_failure(struct run *r, const char *url, const char *step, long status,
		const char *error);

/* --------------------------------------------------------- charset.c */

/* Decide the character set of a body and make UTF-8 text of it.
 * Returns 1 when the body was converted (text holds the UTF-8, charset
 * names the source encoding, e.g. "GB18030"; err is "" or a warning: a
 * UTF-8 body cut inside its last character, text without it), 0 when the
 * body is used as it is (UTF-8, ASCII or binary; charset "utf-8" or ""),
 * -1 when conversion failed (err says where; the original is used). */
int charset_to_utf8(const char *content_type, const char *data, size_t n,
		    struct buf *text, char *charset, size_t charsetlen,
		    char *err, size_t errlen);

/* ---------------------------------------------------------- robots.c */

struct robots *robots_new(void);
void robots_free(struct robots *rb);
/* Fetch the robots.txt of url's host (once per host), then call go(ctx).
 * file:// URLs need none: go is called at once.  drop (may be NULL) is
 * called with ctx instead when the run stops before robots.txt came. */
void robots_prepare(struct run *r, const char *url, void (*go)(struct run *, void *),
		    void (*drop)(void *), void *ctx);
/* 1 when url may be fetched, 0 when robots.txt forbids it. */
int robots_allowed(struct robots *rb, const char *url);

/* ----------------------------------------------------------- fields.c */

/* JSON: select values at path below v ("data.rows[]", "files[fileType=1].fileUrl",
 * "a[0].b").  Matches are appended to out (borrowed references). */
struct json_matches {
	json_t **v;
	size_t n, cap;
};
int json_select(json_t *v, const char *path, struct json_matches *out);
void json_matches_free(struct json_matches *m);
/* A scalar as text (strings as they are, integers, reals with %g,
 * true/false); NULL for null, arrays, objects.  New string. */
char *json_scalar_text(const json_t *v);
/* Is path well formed?  Error message in err when not. */
int json_path_valid(const char *path, char *err, size_t errlen);

/* HTML through libxml2's HTML parser and XPath 1.0. */
struct html;
struct xpath;
/* Parse UTF-8 HTML (recovering from errors as browsers do); NULL with err. */
struct html *html_parse(const char *data, size_t n, const char *url, char *err,
			size_t errlen);
void html_free(struct html *h);
struct xpath *xpath_compile(const char *expr, char *err, size_t errlen);
void xpath_free(struct xpath *x);
/* The nodes x selects (relative to node, or the document when NULL) into
 * *out (malloc'd array the caller frees; nodes belong to h). */
size_t html_nodes(struct html *h, struct xpath *x, void *node, void ***out);
/* The string value of x (relative to node): a node set gives its first
 * node's text, a string or number expression its value; white space
 * folded.  NULL when empty.  New string. */
char *html_text(struct html *h, struct xpath *x, void *node);

/* --------------------------------------------------------- manifest.c */

/* Read a manifest into docs (appended).  Every line that cannot be a
 * document is named on stderr ("PATH:LINE: why: text") and counted in
 * *bad; the other lines are read.  Returns 0, or -1 with err when the
 * file is refused whole (cannot be read, JSON, HTML or binary, neither
 * UTF-8 nor GB18030). */
struct doc_list {
	struct fetch_doc **v;
	size_t n, cap;
};
int manifest_read(const char *path, struct doc_list *docs, long *bad, char *err, size_t errlen);
void doc_list_free(struct doc_list *l);
/* file:///absolute/path for a path, resolved against base_url if relative
 * (new string, NULL on error). */
char *resolve_url(const char *base_url, const char *ref);
/* file:// URL of a local path (absolute or relative to the working
 * directory): lib/fileurl.h's local_file_url(); new string or NULL. */
char *file_url(const char *path);

/* ----------------------------------------------------------- forget.c */

struct forget_counts {
	long urls, documents, blobs;  /* removed */
	long unmatched;               /* arguments that matched nothing */
};
/* Remove the fetch rows and documents that args name (URLs, local paths,
 * glob patterns), and the bodies in bs no version refers to any more (bs
 * may be NULL).  Returns 0 (counts in n; each argument that matched
 * nothing is named on stderr), or -1 with err (nothing removed). */
int forget(sqlite3 *db, struct blobstore *bs, const char *const *args, size_t nargs,
	   struct forget_counts *n, char *err, size_t errlen);

/* ------------------------------------------------------------ crawl.c */

struct crawl_set;
/* Read a source config; only crawls named in only (NULL: those enabled).
 * Returns NULL with err on a configuration error. */
struct crawl_set *crawl_load(const char *path, const char *const *only, size_t nonly,
			     const struct run_config *cfg, char *err, size_t errlen);
void crawl_free(struct crawl_set *s);
/* Queue the first requests of every crawl of the set. */
void crawl_start(struct run *r, struct crawl_set *s);
/* Did any crawl of the set fail (a list page that could not be read)? */
long crawl_errors(const struct crawl_set *s);

#endif
