/* batch.c - see batch.h.
 *
 * A document goes through three steps:
 *   prepare (main thread): file stamp, what the database knows of it, and
 *     the cheap skip (same stamp and extractor version);
 *   work (worker thread): read, hash, the content skip, extraction into
 *     the slot's own extractor;
 *   finish (main thread): counts, messages and the database rows.
 * NSLOT slots form a ring; the worker takes them in submission order and
 * the main thread finishes them in the same order, so slot k is free again
 * when document k + NSLOT needs it.  When the main thread must wait, it
 * asks to be woken only once half the ring is worked: one wake-up (a
 * system call for the worker) per NSLOT / 2 documents, not per document.  Nothing the worker touches is shared:
 * each slot has its extractor and buffer, the fetch store is read-only, and
 * messages are written by the main thread from what the slot recorded.
 * A dry run (no database) does the work step on the main thread too.
 *
 * A file is stored under its one name, the file: URL of its canonical
 * path (lib/fileurl.h), whatever path was typed: the name a fetched copy
 * of it has too.  A row an older version stored under the typed path is
 * taken over only when the content is the same (never by a different
 * file that has the same relative name), and dropped when the file's own
 * row holds that content already.
 *
 * Counts are made when a document is finished, so that those of the last
 * commit are whole: after a failed commit (a full disk) the documents
 * rolled back or still in hand are "not done", and the summary adds up. */
#include "batch.h"
#include "db.h"
#include "extract.h"
#include "fileurl.h"
#include "log.h"
#include "purge.h"
#include "sha256.h"
#include "stop.h"
#include "version.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define INPUT_LIMIT (256u * 1024 * 1024)
#define NSLOT 8                 /* documents in flight, each with its extractor */

enum slot_state { S_FREE, S_SUBMITTED, S_DONE };
enum outcome { O_READ_FAILED, O_UNCHANGED, O_EXTRACTED };

struct slot {
	struct extractor x;
	struct buf data;
	/* the job, from prepare() */
	const char *path;       /* as given: read, and named in messages */
	char *source;           /* its name in the database (owned) */
	struct file_stamp fs;
	struct known k;         /* the row by its name, or an older row to adopt */
	int adopt;              /* k is a row stored under the typed path */
	struct known copy;      /* an older row of the typed path beside k's own */
	int same_version;
	/* the result, from work() */
	enum outcome outcome;
	int got;                /* extract_bytes_typed(): 0, 1 kept, -1 failed */
	char sha[65];
	char err[512];
	enum slot_state state;
};

struct pipe {
	struct batch *b;
	struct slot slot[NSLOT];
	pthread_mutex_t mu;
	pthread_cond_t work_cv;   /* the worker waits here for a submitted slot */
	pthread_cond_t done_cv;   /* the main thread waits here for worked slots */
	size_t worked;            /* documents worked so far (slots taken in order) */
	size_t wake_at;           /* signal done_cv when worked reaches it; 0: nobody waits */
	int worker_idle;          /* the worker waits on work_cv */
	int quit;
};

/* A database error that stops the batch: named on stderr, and kept for
 * the summary (the first one). */
static void db_failed(struct batch *b, const char *what, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void db_failed(struct batch *b, const char *what, const char *fmt, ...)
{
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	log_error("%s: %s", what, msg);
	if (!b->error[0])
		snprintf(b->error, sizeof b->error, "%s: %s", what, msg);
}

/* Read, hash, extract one document (worker thread). */
static void work(struct pipe *p, struct slot *s)
{
	struct batch *b = p->b;
	s->sha[0] = '\0';
	s->err[0] = '\0';
	if ((b->fx ? fetched_read(b->fx, s->path, &s->data, INPUT_LIMIT, s->err, sizeof s->err)
		   : read_file(s->path, &s->data, INPUT_LIMIT, s->err, sizeof s->err)) != 0) {
		s->outcome = O_READ_FAILED;
		return;
	}
	if (b->db)      /* a dry run keeps nothing, so needs no identity */
		sha256_hex(s->data.p, s->data.len, s->sha);
	if (s->same_version && strcmp(s->sha, s->k.sha256) == 0) {
		s->outcome = O_UNCHANGED;
		return;
	}
	s->outcome = O_EXTRACTED;
	s->got = extract_bytes_typed(&s->x, s->data.p, s->data.len,
				     b->fx ? fetched_content_type(b->fx, s->path) : NULL,
				     s->err, sizeof s->err);
	if (b->st && s->got == 0)
		store_prepare(&s->x.doc);
}

/* Record slot s as the worked document number k + 1; returns whether the
 * main thread asked to be woken by now.  Called with the lock held. */
static int mark_worked(struct pipe *p, struct slot *s, size_t k)
{
	s->state = S_DONE;
	p->worked = k + 1;
	if (!p->wake_at || p->worked < p->wake_at)
		return 0;
	p->wake_at = 0;
	return 1;
}

static void *worker(void *arg)
{
	struct pipe *p = arg;
	for (size_t k = 0;; k++) {
		struct slot *s = &p->slot[k % NSLOT];
		pthread_mutex_lock(&p->mu);
		while (s->state != S_SUBMITTED && !p->quit) {
			p->worker_idle = 1;
			pthread_cond_wait(&p->work_cv, &p->mu);
			p->worker_idle = 0;
		}
		int go = s->state == S_SUBMITTED;
		pthread_mutex_unlock(&p->mu);
		if (!go)
			return NULL;
		work(p, s);
		pthread_mutex_lock(&p->mu);
		int wake = mark_worked(p, s, k);
		pthread_mutex_unlock(&p->mu);
		if (wake)
			pthread_cond_signal(&p->done_cv);
	}
}

/* Stamp and database knowledge of path into s.  Returns 1 when the
 * document needs work, 0 when it is done (unchanged, or failed to stat),
 * -1 on a database error. */
static int prepare(struct batch *b, const char *path, struct slot *s)
{
	s->path = path;
	free(s->source);
	s->source = NULL;
	s->adopt = 0;
	memset(&s->fs, 0, sizeof s->fs);
	memset(&s->k, 0, sizeof s->k);
	memset(&s->copy, 0, sizeof s->copy);
	if ((b->fx ? fetched_stamp(b->fx, path, &s->fs) : file_stamp(path, &s->fs)) != 0) {
		log_error("%s: cannot stat", path);
		b->n.docs++;
		b->n.failed++;
		return 0;
	}
	s->source = b->fx ? xstrdup(path) : local_file_url(path, NULL);
	if (!s->source)
		s->source = xstrdup(path);
	if (b->st && store_lookup(b->st, s->source, &s->k) != 0) {
		db_failed(b, path, "database read failed: %s", sqlite3_errmsg(b->db));
		return -1;
	}
	if (b->st && strcmp(path, s->source)) {
		/* a row under the typed path, from a version before file URLs */
		struct known old;
		if (store_lookup(b->st, path, &old) != 0) {
			db_failed(b, path, "database read failed: %s", sqlite3_errmsg(b->db));
			return -1;
		}
		if (old.id && s->k.id)
			s->copy = old;
		else if (old.id) {
			s->k = old;
			s->adopt = 1;
		}
	}
	s->same_version = s->k.id && s->k.version == PEIYOU_EXTRACTOR_VERSION && !b->force;
	/* an older row is taken over on its content only, never on a stamp */
	if (s->same_version && !s->adopt && !s->copy.id && s->k.size == s->fs.size &&
	    s->k.mtime_ns == s->fs.mtime_ns) {
		b->n.docs++;
		b->n.unchanged++;
		log_verbose("%s: unchanged", path);
		return 0;
	}
	return 1;
}

/* Before the rows of a read document are written: settle an older row of
 * its typed path.  The same content: it becomes the file's row (adopt), or
 * goes as a copy of the file's own row; other content is left alone and
 * the file gets a row of its own.  Returns 0, or -1 on a database error. */
static int settle_older(struct batch *b, struct slot *s)
{
	char err[512];
	if (s->adopt && !strcmp(s->sha, s->k.sha256)) {
		if (store_rename(b->st, s->k.id, s->source, err, sizeof err) != 0) {
			db_failed(b, s->path, "%s", err);
			return -1;
		}
		log_verbose("%s: stored as %s (its canonical name)", s->path, s->source);
		return 0;
	}
	if (s->adopt) {
		log_info("%s：数据库中以这个路径保存的是另一份内容，不会被替换；本文件另存为 %s"
			 "（旧的可用 peiyou-fetch --forget %s 删除）(a document stored under this"
			 " path has other content and is kept; this file is stored as %s)", s->path,
			 s->source, s->path, s->source);
		memset(&s->k, 0, sizeof s->k);
		s->adopt = 0;
		return 0;
	}
	if (s->copy.id && !strcmp(s->sha, s->copy.sha256)) {
		char ids[32];
		snprintf(ids, sizeof ids, "SELECT %lld", (long long)s->copy.id);
		if (purge_documents(b->db, ids, err, sizeof err) != 0) {
			db_failed(b, s->path, "%s", err);
			return -1;
		}
		log_info("%s：删除了以这个路径重复保存的同一文件 (a second copy of the same file,"
			 " stored under this path, was removed; it is %s)", s->path, s->source);
	}
	return 0;
}

/* Counts, messages and rows of a worked slot (main thread).  Returns 0,
 * or -1 on a database error. */
static int finish(struct batch *b, struct slot *s)
{
	char dberr[512];
	const char *path = s->path;
	b->n.docs++;
	if (s->outcome == O_READ_FAILED) {
		log_error("%s: %s", path, s->err);
		b->n.failed++;
		if (b->st && store_document(b->st, s->source, NULL, s->fs.size, s->fs.mtime_ns,
					    b->run_id, NULL, s->err, dberr, sizeof dberr) != 0) {
			db_failed(b, path, "%s", dberr);
			return -1;
		}
		return 0;
	}
	if (b->st && settle_older(b, s) != 0)
		return -1;
	if (s->outcome == O_UNCHANGED) {   /* the same content as k's (kept by settle_older) */
		b->n.unchanged++;
		log_verbose("%s: unchanged (new file time)", path);
		return b->st && store_touch(b->st, s->k.id, s->fs.size, s->fs.mtime_ns) != 0 ? -1 : 0;
	}
	b->n.bytes += (long long)s->data.len;
	struct doc *d = &s->x.doc;
	if (s->got > 0) {
		log_warn("%s: %s", path, s->err);
		b->n.kept++;
	} else if (s->got < 0) {
		log_error("%s: %s", path, s->err);
		b->n.failed++;
	} else {
		b->n.extracted++;
		log_verbose("%s: %s, %zu clauses, %zu terms, %zu references", path,
			    d->code ? d->code : "(no code)", d->clauses.n, d->terms.n, d->refs.n);
	}
	if (!b->st)
		return 0;
	if (db_exec(b->db, "SAVEPOINT doc", dberr, sizeof dberr) != 0 ||
	    store_document(b->st, s->source, s->sha, s->fs.size, s->fs.mtime_ns, b->run_id, d,
			   s->got ? s->err : NULL, dberr, sizeof dberr) != 0 ||
	    db_exec(b->db, "RELEASE doc", dberr, sizeof dberr) != 0) {
		db_failed(b, path, "%s", dberr);
		return -1;
	}
	return 0;
}

/* Change a slot's state under the lock: the worker reads it there.  A
 * submitted slot wakes the worker if it waits. */
static void set_state(struct pipe *p, struct slot *s, enum slot_state st)
{
	pthread_mutex_lock(&p->mu);
	s->state = st;
	int wake = st == S_SUBMITTED && p->worker_idle;
	pthread_mutex_unlock(&p->mu);
	if (wake)
		pthread_cond_signal(&p->work_cv);
}

/* Wait until the first `need` documents are worked; if they are not yet,
 * sleep until `enough` (>= need, at most the number submitted) are. */
static void wait_worked(struct pipe *p, size_t need, size_t enough)
{
	pthread_mutex_lock(&p->mu);
	if (p->worked < need) {
		while (p->worked < enough) {
			p->wake_at = enough;
			pthread_cond_wait(&p->done_cv, &p->mu);
		}
	}
	pthread_mutex_unlock(&p->mu);
}

/* Commit the batch when it is big or old enough.  On failure the
 * transaction is left for the caller to roll back. */
static int maybe_commit(struct batch *b, int *in_tx, int *since, double *last, struct counts *committed)
{
	double now = now_seconds();
	if (!b->db || !*in_tx || !(*since >= b->per_commit || now - *last > 1.0))
		return 0;
	char err[256];
	if (db_exec(b->db, "COMMIT", err, sizeof err) != 0) {
		db_failed(b, b->db_path, "%s", err);
		return -1;
	}
	*in_tx = 0;
	*since = 0;
	*last = now;
	*committed = b->n;
	return 0;
}

/* Open the batch's transaction unless one is open (or there is no
 * database).  On failure: logged, b->fatal set, -1. */
static int begin(struct batch *b, int *in_tx, char *err, size_t errlen)
{
	if (!b->db || *in_tx)
		return 0;
	if (db_exec(b->db, "BEGIN IMMEDIATE", err, errlen) != 0) {
		db_failed(b, b->db_path, "%s", err);
		b->fatal = 1;
		return -1;
	}
	*in_tx = 1;
	return 0;
}

int run_batch(struct batch *b, const struct path_list *files, char *err, size_t errlen)
{
	struct pipe p;
	memset(&p, 0, sizeof p);
	p.b = b;
	/* The worker alone runs the extractors: the caller's compiled
	 * patterns serve all slots. */
	for (int i = 0; i < NSLOT; i++) {
		if (extractor_init_like(&p.slot[i].x, b->model, err, errlen) != 0) {
			while (i-- > 0)
				extractor_free(&p.slot[i].x);
			return -1;
		}
		p.slot[i].x.cfg.ocr = b->ocr;
	}
	/* Settle what lib/ caches on first use before the worker starts. */
	char warm[65];
	sha256_hex("", 0, warm);
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.work_cv, NULL);
	pthread_cond_init(&p.done_cv, NULL);
	/* A dry run writes nothing, so a second thread would overlap nothing
	 * with the extraction and only add the hand-overs: it runs on this
	 * one.  So does a run whose thread cannot be started. */
	pthread_t thread;
	int threaded = b->db && pthread_create(&thread, NULL, worker, &p) == 0;
	/* Documents in hand at once: the ring, or on one thread the first
	 * slot alone, finished before the next document takes it (its
	 * buffers stay warm). */
	size_t ring = threaded ? NSLOT : 1;

	struct counts committed = b->n;
	double t0 = now_seconds(), last_commit = t0, last_progress = 0;
	int in_tx = 0, since = 0;
	size_t submitted = 0, finished = 0;
	for (size_t i = 0; i < files->n && !STOP_REQUESTED && !b->fatal; i++) {
		if (begin(b, &in_tx, err, errlen) != 0)
			break;
		struct slot *s = &p.slot[submitted % ring];
		if (submitted - finished == ring) {     /* s holds document submitted - ring */
			wait_worked(&p, finished + 1, finished + ring / 2);
			if (finish(b, s) != 0)
				b->fatal = 1;
			set_state(&p, s, S_FREE);
			finished++;
			since++;
			if (!b->fatal && maybe_commit(b, &in_tx, &since, &last_commit, &committed) != 0)
				b->fatal = 1;
			if (b->fatal)
				break;
			if (begin(b, &in_tx, err, errlen) != 0)
				break;
		}
		int r = prepare(b, files->v[i], s);
		if (r < 0) {
			b->fatal = 1;
			break;
		}
		if (r == 0) {
			since++;
			continue;
		}
		if (threaded) {
			set_state(&p, s, S_SUBMITTED);
		} else {
			work(&p, s);
			pthread_mutex_lock(&p.mu);
			mark_worked(&p, s, submitted);
			pthread_mutex_unlock(&p.mu);
		}
		submitted++;
		double now = now_seconds();
		if (now - last_progress > 0.2) {
			log_progress("%zu/%zu documents, %ld failed, %.1f MB/s", i + 1, files->n,
				     b->n.failed, (double)b->n.bytes / 1e6 / (now - t0 + 1e-9));
			last_progress = now;
		}
	}
	/* The documents in hand are finished (or, after a database error,
	 * only waited for). */
	while (finished < submitted) {
		struct slot *s = &p.slot[finished % ring];
		size_t half = finished + ring / 2;
		wait_worked(&p, finished + 1, half < submitted ? half : submitted);
		if (!b->fatal && finish(b, s) != 0)
			b->fatal = 1;
		set_state(&p, s, S_FREE);
		finished++;
		since++;
	}
	log_progress_done();
	if (threaded) {
		pthread_mutex_lock(&p.mu);
		p.quit = 1;
		pthread_mutex_unlock(&p.mu);
		pthread_cond_signal(&p.work_cv);
		pthread_join(thread, NULL);
	}
	if (b->db && in_tx) {
		if (!b->fatal && db_exec(b->db, "COMMIT", err, errlen) != 0) {
			db_failed(b, b->db_path, "%s", err);
			b->fatal = 1;
		}
		if (b->fatal) {
			/* The batch since the last commit is not in the database:
			 * count it as not done; a rerun does it again. */
			char ignore[64];
			db_exec(b->db, "ROLLBACK", ignore, sizeof ignore);
			if (b->n.docs > committed.docs)
				log_warn("the last %ld documents were rolled back",
					 b->n.docs - committed.docs);
			b->n = committed;
		}
	}
	pthread_cond_destroy(&p.work_cv);
	pthread_cond_destroy(&p.done_cv);
	pthread_mutex_destroy(&p.mu);
	for (int i = 0; i < NSLOT; i++) {
		extractor_free(&p.slot[i].x);
		buf_free(&p.slot[i].data);
		free(p.slot[i].source);
	}
	return 0;
}
