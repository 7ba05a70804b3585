/* documents.c - the life of one document in a run.
 *
 * submit: once per URL per run (a manifest and a crawler may both name it;
 * the second only adds metadata); skipped when not due (unchanged and
 * checked recently -- see next_check() --, not public and checked
 * recently, or a server asked us to wait); robots.txt consulted
 * for crawled documents; the request carries the stored ETag and
 * Last-Modified.  done: 304 is "not modified"; a 200 whose SHA-256 equals
 * the current version's is "unchanged"; another body becomes a new version
 * (its bytes, and its UTF-8 text when it had to be converted, staged in
 * the store first); 404/410 is "gone" and keeps the stored copy when there
 * is one -- a URL that never had a document and answers 404 is a failure,
 * named with the manifest line it came from; a failure is recorded with
 * its reason.
 *
 * Local files (file: URLs) go by their canonical name (lib/fileurl.h) and
 * are looked at on every run, whatever the schedule: their stamp (size,
 * modification time) is cheap to read, and only a file whose stamp
 * changed is read again.  A file that is not there is "gone" when it had
 * been fetched, and a failure ("no such file", "is a directory") when it
 * never was. */
#include "fetch.h"
#include "fileio.h"
#include "fileurl.h"
#include "log.h"
#include "sha256.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ----------------------------------------------------------- the set */

struct seen {
	char **v;
	size_t cap, n;
};

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

struct seen *seen_new(void)
{
	struct seen *s = xmalloc(sizeof *s);
	s->cap = 1024;
	s->n = 0;
	s->v = xmalloc(s->cap * sizeof *s->v);
	memset(s->v, 0, s->cap * sizeof *s->v);
	return s;
}

void seen_free(struct seen *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->cap; i++)
		free(s->v[i]);
	free(s->v);
	free(s);
}

static void seen_grow(struct seen *s)
{
	char **old = s->v;
	size_t oldcap = s->cap;
	s->cap *= 2;
	s->v = xmalloc(s->cap * sizeof *s->v);
	memset(s->v, 0, s->cap * sizeof *s->v);
	for (size_t i = 0; i < oldcap; i++)
		if (old[i]) {
			size_t j = hash_str(old[i]) & (s->cap - 1);
			while (s->v[j])
				j = (j + 1) & (s->cap - 1);
			s->v[j] = old[i];
		}
	free(old);
}

int seen_add(struct seen *s, const char *key)
{
	if ((s->n + 1) * 2 > s->cap)
		seen_grow(s);
	size_t j = hash_str(key) & (s->cap - 1);
	while (s->v[j]) {
		if (strcmp(s->v[j], key) == 0)
			return 0;
		j = (j + 1) & (s->cap - 1);
	}
	s->v[j] = xstrdup(key);
	s->n++;
	return 1;
}

/* ------------------------------------------------------- documents */

struct job {
	struct run *r;
	struct fetch_doc *d;
	struct url_state known;
	int has_stamp;               /* a local file: its stamp before the read */
	struct file_stamp stamp;
};

/* A document's failure on stderr: the manifest line it came from, when it
 * came from one, then its URL and why. */
static void say_failed(const struct fetch_doc *d, const char *why)
{
	char *path = file_url_path(d->url);    /* a local file by its path */
	const char *name = path ? path : d->url;
	if (d->origin)
		log_error("%s: %s: %s", d->origin, name, why);
	else
		log_error("%s: %s", name, why);
	free(path);
}

static void job_free(struct job *j)
{
	url_state_free(&j->known);
	doc_free(j->d);
	free(j);
}

/* A job whose request or robots.txt wait was dropped by a stop. */
static void drop_job(void *j)
{
	job_free(j);
}

/* When to ask the server about a stored, unchanged document again (Unix
 * time; 0: on the next run).  A nightly rescan that asks about every
 * document costs one request each, which over the real network with a
 * politeness delay is most of the night; standards change rarely.  So the
 * wait grows with the time the document has gone unchanged: half of it,
 * at least a day, at most --recheck-days.  A changed document is asked
 * about the next night.  Checks are due a little early (a quarter of the
 * wait, at most 6 h) so that a run at the same hour tomorrow finds them
 * due, and a URL-dependent eighth of the wait spreads documents fetched
 * together over several nights. */
static double next_check(const struct run *r, const char *url, double last_changed, double now)
{
	double max = r->cfg->recheck_days * 86400;
	if (max <= 0)
		return 0;
	double unchanged = last_changed > 0 && last_changed < now ? now - last_changed : 0;
	double wait = unchanged / 2;
	if (wait < 86400)
		wait = 86400;
	if (wait > max)
		wait = max;
	double early = wait / 4 < 6 * 3600 ? wait / 4 : 6 * 3600;
	double spread = (double)(hash_str(url) % 1000) / 1000 * wait / 8;
	return now + wait - early - spread;
}

static void finished(struct run *r)
{
	r->done++;
	r->since_commit++;
}

/* The new body of a document: into the store and a new version. */
static void new_version(struct job *j, struct xfer_result *res, const char *sha)
{
	struct run *r = j->r;
	struct buf text = BUF_INIT;
	char charset[40], err[300] = "", tsha[65] = "";
	int conv = charset_to_utf8(res->content_type, res->body.p, res->body.len, &text,
				   charset, sizeof charset, err, sizeof err);
	if (conv < 0)
		log_warn("%s: %s; kept as it is", j->d->url, err);
	else if (conv == 1 && err[0])
		log_warn("%s: %s", j->d->url, err);
	if (conv == 1)
		sha256_hex(text.p, text.len, tsha);
	struct rec_outcome o = {
		.id = j->known.id,
		.state = "ok", .status = res->status, .etag = res->etag,
		.last_modified = res->last_modified, .changed = 1, .sha256 = sha,
		.text_sha256 = conv == 1 ? tsha : NULL, .content_type = res->content_type,
		.charset = charset, .size = (long long)res->body.len,
		.text_size = (long long)text.len,
		.next_retry = next_check(r, j->d->url, (double)time(NULL), (double)time(NULL)),
		.has_stamp = j->has_stamp, .file_size = j->stamp.size,
		.file_mtime_ns = j->stamp.mtime_ns,
	};
	/* The store's writer takes the bytes; the row is committed only once
	 * they are durable (main.c, commit()). */
	blob_stage_owned(&r->batch, res->body.p, res->body.len, sha);
	res->body.p = NULL;
	res->body.len = res->body.cap = 0;
	if (conv == 1) {
		blob_stage_owned(&r->batch, text.p, text.len, tsha);
		text.p = NULL;
		text.len = text.cap = 0;
	}
	if (rec_outcome(r, j->d, &o) == 0) {
		if (j->known.sha256[0])
			r->n.changed++;
		else
			r->n.new_++;
		log_verbose("%s: %s, %lld bytes%s%s", j->d->url,
			    j->known.sha256[0] ? "changed: new version" : "new",
			    o.size, conv == 1 ? ", converted from " : "",
			    conv == 1 ? charset : "");
	}
	buf_free(&text);
}

/* The stored version is still the server's (a 304, or the same bytes, or
 * a local file with the same stamp: res NULL): the validators it sent,
 * the next check, one more in *count. */
static void still_current(struct job *j, const struct xfer_result *res, long *count,
			  const char *what)
{
	struct run *r = j->r;
	struct rec_outcome o = {
		.id = j->known.id,
		.state = "ok",
		.next_retry = next_check(r, j->d->url, j->known.last_changed, (double)time(NULL)),
		.has_stamp = j->has_stamp, .file_size = j->stamp.size,
		.file_mtime_ns = j->stamp.mtime_ns,
	};
	if (res) {
		o.status = res->status;
		o.etag = res->etag;
		o.last_modified = res->last_modified;
	}
	if (rec_outcome(r, j->d, &o) == 0)
		(*count)++;
	log_verbose("%s: %s", j->d->url, what);
}

/* A failure recorded as the document's state and in fetch_failures. */
static void record_failed(struct job *j, long status, const char *why, double retry_at)
{
	struct run *r = j->r;
	struct rec_outcome o = {
		.id = j->known.id,
		.state = "failed", .status = status, .error = why,
		.next_retry = retry_at, .count_failure = 1,
	};
	if (rec_outcome(r, j->d, &o) == 0 &&
	    rec_failure(r, j->d->url, "document", status, why) == 0)
		r->n.failed++;
	say_failed(j->d, why);
}

static void on_done(struct xfer *x, struct xfer_req *req, struct xfer_result *res, void *ctx)
{
	(void)x;
	(void)req;
	struct job *j = ctx;
	struct run *r = j->r;
	struct fetch_doc *d = j->d;
	finished(r);
	if (r->fatal) {
		job_free(j);
		return;
	}
	r->n.bytes += (long long)res->body.len;
	if (res->outcome == XO_OK && d->magic &&
	    (res->body.len < strlen(d->magic) ||
	     memcmp(res->body.p, d->magic, strlen(d->magic)) != 0)) {
		char why[200];
		snprintf(why, sizeof why, "no document: the answer (%zu bytes, %s) does not start"
			 " with %s", res->body.len, res->content_type ? res->content_type : "no type",
			 d->magic);
		if (j->known.sha256[0]) {
			/* We have its document: a login or block page in its place
			 * is a failure to retry tomorrow, not a change of state. */
			record_failed(j, res->status, why, 0);
			job_free(j);
			return;
		}
		struct rec_outcome o = {
			.state = "not_public", .status = res->status, .error = why,
			.next_retry = (double)time(NULL) + r->cfg->not_public_days * 86400,
		};
		if (rec_outcome(r, d, &o) == 0)
			r->n.not_public++;
		log_verbose("%s: not public (%s)", d->url, why);
		job_free(j);
		return;
	}
	switch (res->outcome) {
	case XO_OK: {
		char sha[65];
		sha256_hex(res->body.p, res->body.len, sha);
		if (strcmp(sha, j->known.sha256) == 0)
			still_current(j, res, &r->n.unchanged, "unchanged (same SHA-256)");
		else
			new_version(j, res, sha);
		break;
	}
	case XO_NOT_MODIFIED:
		if (j->known.sha256[0]) {
			still_current(j, res, &r->n.not_modified, "not modified (304)");
			break;
		}
		snprintf(res->error, sizeof res->error, "HTTP 304 without a stored copy");
		/* fall through */
	case XO_FAILED:
		record_failed(j, res->status, res->error, res->retry_at);
		break;
	case XO_GONE: {
		if (!j->known.sha256[0]) {
			/* Never had a document: not "gone", a mistake to name. */
			char why[800];
			snprintf(why, sizeof why, "%s：这个网址不存在，从未取到过文档 (%s: the URL does"
				 " not exist; it never had a document)", res->error, res->error);
			record_failed(j, res->status, why, 0);
			break;
		}
		struct rec_outcome o = {
			.id = j->known.id,
			.state = "gone", .status = res->status, .error = res->error,
		};
		if (rec_outcome(r, d, &o) == 0)
			r->n.gone++;
		log_verbose("%s: gone (%s)%s", d->url, res->error,
			    j->known.sha256[0] ? "; the stored copy stays" : "");
		break;
	}
	}
	job_free(j);
}

/* Start the transfer of a job (robots.txt permitting). */
static void go_fetch(struct run *r, void *ctx)
{
	struct job *j = ctx;
	struct fetch_doc *d = j->d;
	if (r->fatal) {
		finished(r);
		job_free(j);
		return;
	}
	if (d->crawled && !robots_allowed(r->robots, d->req_url)) {
		struct rec_outcome o = {
			.state = "disallowed", .error = "disallowed by robots.txt",
			.next_retry = (double)time(NULL) + 86400,
		};
		finished(r);
		if (rec_outcome(r, d, &o) == 0)
			r->n.disallowed++;
		log_verbose("%s: disallowed by robots.txt", d->req_url);
		job_free(j);
		return;
	}
	struct xfer_req *q = xfer_req_new(d->method, d->req_url, on_done, j);
	q->drop = drop_job;
	q->allow_file = d->allow_file;
	if (d->body)
		q->body = xstrdup(d->body);
	for (size_t i = 0; i < d->nheaders; i++) {
		q->headers = xrealloc(q->headers, (q->nheaders + 1) * sizeof *q->headers);
		q->headers[q->nheaders++] = xstrdup(d->headers[i]);
	}
	/* Validators only make sense for a stored copy fetched the same way. */
	if (j->known.sha256[0] && strcmp(d->method, "GET") == 0) {
		if (j->known.etag)
			q->if_none_match = xstrdup(j->known.etag);
		if (j->known.last_modified)
			q->if_modified_since = xstrdup(j->known.last_modified);
	}
	xfer_add(r->x, q);
}

/* A local file's URL in its one form (lib/fileurl.h); a row that an older
 * peiyou stored under another spelling of it takes that name. */
static void canonical_name(struct run *r, struct fetch_doc *d)
{
	if (!is_file_url(d->url))
		return;
	char *c = canonical_file_url(d->url, NULL);
	if (!strcmp(c, d->url)) {
		free(c);
		return;
	}
	rec_rename(r, d->url, c);
	if (!strcmp(d->req_url, d->url)) {
		free(d->req_url);
		d->req_url = xstrdup(c);
	}
	free(d->url);
	d->url = c;
}

/* A local file: its stamp decides, whatever the schedule.  Returns 1 when
 * the document is settled (j freed), 0 when its bytes are to be read. */
static int local_file(struct run *r, struct job *j)
{
	struct fetch_doc *d = j->d;
	char *path = file_url_path(d->url);
	if (!path)
		return 0;       /* another host's file: URL: the transfer says what */
	struct stat sb;
	const char *why = NULL;
	int missing = 0;
	if (stat(path, &sb) != 0) {
		missing = errno == ENOENT || errno == ENOTDIR;
		why = missing ? "没有这个文件 (no such file)" : "无法读取文件属性 (cannot stat)";
	} else if (S_ISDIR(sb.st_mode)) {
		why = "是目录，不是文件 (a directory, not a file)";
	} else if (!S_ISREG(sb.st_mode)) {
		why = "不是普通文件 (not a regular file)";
	} else if (access(path, R_OK) != 0) {
		why = "文件不可读 (not readable)";
	}
	if (why) {
		finished(r);
		if (missing && j->known.sha256[0]) {
			/* it was fetched: gone, and the stored copy stays */
			struct rec_outcome o = { .id = j->known.id, .state = "gone",
						 .error = "no such file" };
			if (rec_outcome(r, d, &o) == 0)
				r->n.gone++;
			log_verbose("%s: gone (no such file); the stored copy stays", d->url);
		} else {
			record_failed(j, 0, why, 0);
		}
		free(path);
		job_free(j);
		return 1;
	}
	free(path);
	j->has_stamp = 1;
	j->stamp.size = sb.st_size;
	j->stamp.mtime_ns = (int64_t)sb.st_mtim.tv_sec * 1000000000 + sb.st_mtim.tv_nsec;
	if (j->known.sha256[0] && !strcmp(j->known.state, "ok") && !r->cfg->recheck &&
	    j->known.has_stamp && j->known.file_size == j->stamp.size &&
	    j->known.file_mtime_ns == j->stamp.mtime_ns) {
		finished(r);
		still_current(j, NULL, &r->n.not_modified, "unchanged (same file stamp)");
		job_free(j);
		return 1;
	}
	return 0;
}

void documents_submit(struct run *r, struct fetch_doc *d)
{
	if (r->fatal) {
		doc_free(d);
		return;
	}
	canonical_name(r, d);
	if (!seen_add(r->seen, d->url)) {
		/* A second source for the same URL in this run: its metadata only. */
		rec_upsert(r, d);
		doc_free(d);
		return;
	}
	r->n.docs++;
	r->total++;
	struct job *j = xmalloc(sizeof *j);
	memset(j, 0, sizeof *j);
	j->r = r;
	j->d = d;
	if (rec_lookup(r, d->url, &j->known) != 0) {
		finished(r);
		job_free(j);
		return;
	}
	if (is_file_url(d->url)) {
		if (local_file(r, j))
			return;
		go_fetch(r, j);
		return;
	}
	double now = (double)time(NULL);
	if (j->known.id && !strcmp(j->known.state, "ok") && j->known.sha256[0] &&
	    !r->cfg->recheck && r->cfg->recheck_days > 0 && j->known.next_retry > now) {
		r->n.not_due++;
		finished(r);
		rec_upsert(r, d);
		log_verbose("%s: unchanged since %.0f days, not asked about again before %.0f h"
			    " from now", d->url, (now - j->known.last_changed) / 86400,
			    (j->known.next_retry - now) / 3600);
		job_free(j);
		return;
	}
	int wait_public = !strcmp(j->known.state, "not_public") && !r->cfg->recheck;
	int wait_server = !strcmp(j->known.state, "failed");
	if (j->known.id && (wait_public || wait_server || !strcmp(j->known.state, "disallowed")) &&
	    j->known.next_retry > now) {
		r->n.skipped++;
		finished(r);
		rec_upsert(r, d);
		log_verbose("%s: %s, not checked again before %.0f h from now", d->url,
			    j->known.state, (j->known.next_retry - now) / 3600);
		job_free(j);
		return;
	}
	if (d->crawled)
		robots_prepare(r, d->req_url, go_fetch, drop_job, j);
	else
		go_fetch(r, j);
}

/* A document settled without a download: counted once per run, done at
 * once.  Returns 1 to record it, or 0 after freeing d when the run has
 * stopped or already had it (with keep_meta, its metadata is still kept). */
static int first_sight(struct run *r, struct fetch_doc *d, int keep_meta)
{
	if (!r->fatal)
		canonical_name(r, d);
	if (r->fatal || !seen_add(r->seen, d->url)) {
		if (!r->fatal && keep_meta)
			rec_upsert(r, d);
		doc_free(d);
		return 0;
	}
	r->n.docs++;
	r->total++;
	finished(r);
	return 1;
}

/* A document recorded without a download: not_public or disallowed. */
static void record_final(struct run *r, struct fetch_doc *d, const char *state,
			 const char *why, double retry_days)
{
	if (!first_sight(r, d, 1))
		return;
	struct rec_outcome o = {
		.state = state, .error = why,
		.next_retry = (double)time(NULL) + retry_days * 86400,
	};
	if (rec_outcome(r, d, &o) == 0) {
		if (!strcmp(state, "not_public"))
			r->n.not_public++;
		else
			r->n.disallowed++;
	}
	log_verbose("%s: %s (%s)", d->url, state, why);
	doc_free(d);
}

void documents_not_public(struct run *r, struct fetch_doc *d, const char *why)
{
	record_final(r, d, "not_public", why, r->cfg->not_public_days);
}

void documents_disallowed(struct run *r, struct fetch_doc *d, const char *why)
{
	record_final(r, d, "disallowed", why, 1);
}

void documents_failed(struct run *r, struct fetch_doc *d, long status, const char *why)
{
	if (!first_sight(r, d, 0))
		return;
	struct rec_outcome o = {
		.state = "failed", .status = status, .error = why, .count_failure = 1,
	};
	if (rec_outcome(r, d, &o) == 0)
		r->n.failed++;
	say_failed(d, why);
	doc_free(d);
}
