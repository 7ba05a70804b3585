/* blobstore.c - see blobstore.h. */
#include "blobstore.h"
#include "fileio.h"
#include "sha256.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *blobstore_default_dir(const char *db_path)
{
	struct buf b = BUF_INIT;
	buf_printf(&b, "%s.store", db_path);
	return b.p;
}

static int mkdir_ok(const char *path)
{
	return mkdir(path, 0755) == 0 || errno == EEXIST ? 0 : -1;
}

int blobstore_open(struct blobstore *bs, const char *dir, int create,
		   char *err, size_t errlen)
{
	struct buf tmp = BUF_INIT;
	bs->dir = NULL;
	bs->dirfd = -1;
	if (create) {
		/* tmp/ and the 256 directories 00/ ... ff/, made once, so that
		 * storing a blob is one create and one rename. */
		buf_printf(&tmp, "%s/ff", dir);
		struct stat st;
		if (stat(tmp.p, &st) != 0) {
			int bad = mkdir_ok(dir) != 0;
			for (int i = 0; i < 257 && !bad; i++) {
				buf_truncate(&tmp, 0);
				if (i == 256)
					buf_printf(&tmp, "%s/tmp", dir);
				else
					buf_printf(&tmp, "%s/%02x", dir, i);
				bad = mkdir_ok(tmp.p) != 0;
			}
			if (bad) {
				snprintf(err, errlen, "%s: cannot create the store: %s", dir,
					 strerror(errno));
				buf_free(&tmp);
				return -1;
			}
		}
		buf_free(&tmp);
	}
	bs->dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (bs->dirfd < 0) {
		snprintf(err, errlen, "%s: cannot open the store: %s", dir, strerror(errno));
		return -1;
	}
	bs->dir = xstrdup(dir);
	return 0;
}

void blobstore_close(struct blobstore *bs)
{
	if (bs->dirfd >= 0)
		close(bs->dirfd);
	bs->dirfd = -1;
	free(bs->dir);
	bs->dir = NULL;
}

int blobstore_clean_tmp(struct blobstore *bs)
{
	struct buf path = BUF_INIT;
	int removed = 0;
	buf_printf(&path, "%s/tmp", bs->dir);
	DIR *d = opendir(path.p);
	if (d) {
		struct dirent *e;
		size_t base = path.len;
		while ((e = readdir(d)) != NULL) {
			if (e->d_name[0] == '.')
				continue;
			buf_truncate(&path, base);
			buf_printf(&path, "/%s", e->d_name);
			if (unlink(path.p) == 0)
				removed++;
		}
		closedir(d);
	}
	buf_free(&path);
	return removed;
}

void blob_path(const struct blobstore *bs, const char *sha, struct buf *out)
{
	buf_truncate(out, 0);
	buf_printf(out, "%s/%.2s/%s", bs->dir, sha, sha + 2);
}

int blob_exists(const struct blobstore *bs, const char *sha)
{
	struct buf p = BUF_INIT;
	struct stat st;
	blob_path(bs, sha, &p);
	int ok = stat(p.p, &st) == 0 && S_ISREG(st.st_mode);
	buf_free(&p);
	return ok;
}

/* Write data to a new file in tmp/; its path goes to *tmp_out (malloc'd). */
static int write_tmp(struct blobstore *bs, const void *data, size_t n, int do_fsync,
		     char **tmp_out, char *err, size_t errlen)
{
	struct buf p = BUF_INIT;
	buf_printf(&p, "%s/tmp/blob-XXXXXX", bs->dir);
	int fd = mkostemp(p.p, O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "%s: cannot create a temporary file: %s", p.p, strerror(errno));
		buf_free(&p);
		return -1;
	}
	int e = write_all(fd, data, n);
	if (e == 0 && do_fsync && fsync(fd) != 0)
		e = errno;
	if (e != 0) {
		snprintf(err, errlen, "%s: cannot write: %s", p.p, strerror(e));
		close(fd);
		unlink(p.p);
		buf_free(&p);
		return -1;
	}
	if (close(fd) != 0) {
		snprintf(err, errlen, "%s: cannot write: %s", p.p, strerror(errno));
		unlink(p.p);
		buf_free(&p);
		return -1;
	}
	*tmp_out = p.p;
	return 0;
}

/* Rename tmp to the blob's final name, creating its ab/ directory. */
static int move_into_place(struct blobstore *bs, const char *tmp, const char *sha,
			   char *err, size_t errlen)
{
	struct buf dir = BUF_INIT, final = BUF_INIT;
	int rc = 0;
	buf_printf(&dir, "%s/%.2s", bs->dir, sha);
	blob_path(bs, sha, &final);
	/* The directory exists in a store made by blobstore_open(); else make it. */
	if (rename(tmp, final.p) != 0 && (errno != ENOENT || mkdir_ok(dir.p) != 0 ||
					  rename(tmp, final.p) != 0)) {
		snprintf(err, errlen, "%s: cannot store: %s", final.p, strerror(errno));
		rc = -1;
	}
	buf_free(&dir);
	buf_free(&final);
	return rc;
}

int blob_put(struct blobstore *bs, const void *data, size_t n, char sha[65],
	     char *err, size_t errlen)
{
	sha256_hex(data, n, sha);
	if (blob_exists(bs, sha))
		return 0;
	char *tmp = NULL;
	if (write_tmp(bs, data, n, 1, &tmp, err, errlen) != 0)
		return -1;
	int rc = move_into_place(bs, tmp, sha, err, errlen);
	if (rc != 0) {
		unlink(tmp);
	} else {
		/* The new name (and a new ab/ directory) must reach the disk too. */
		struct buf dir = BUF_INIT;
		buf_printf(&dir, "%s/%.2s", bs->dir, sha);
		int dfd = open(dir.p, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd < 0 || fsync(dfd) != 0 || fsync(bs->dirfd) != 0) {
			snprintf(err, errlen, "%s: cannot flush: %s", dir.p, strerror(errno));
			rc = -1;
		}
		if (dfd >= 0)
			close(dfd);
		buf_free(&dir);
	}
	free(tmp);
	return rc;
}

int blob_read(const struct blobstore *bs, const char *sha, struct buf *out,
	      size_t max, int verify, char *err, size_t errlen)
{
	struct buf p = BUF_INIT;
	char msg[256];
	blob_path(bs, sha, &p);
	int rc = read_file(p.p, out, max, msg, sizeof msg);
	if (rc != 0) {
		snprintf(err, errlen, "blob %s: %s", p.p, msg);
	} else if (verify) {
		char got[65];
		sha256_hex(out->p, out->len, got);
		if (strcmp(got, sha) != 0) {
			snprintf(err, errlen, "blob %s: content does not match its name (sha256 %s)",
				 p.p, got);
			rc = -1;
		}
	}
	buf_free(&p);
	return rc;
}

/* One blob waiting for the writer. */
struct blob_job {
	struct blob_job *next;
	char sha[65];
	void *data;
	size_t n;
};

/* The writer thread and its queue; everything below the mutex. */
struct writer {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct blob_job *head, *tail;   /* queued */
	size_t queued_bytes;
	unsigned long staged, done;     /* sequence numbers */
	int stop, failed;
	char err[512];
};

/* Write, flush, rename, flush every job of a round. */
static int write_round(struct blobstore *bs, struct blob_job *jobs, char *err, size_t errlen)
{
	size_t n = 0;
	for (struct blob_job *j = jobs; j; j = j->next)
		n++;
	char **tmp = xmalloc((n ? n : 1) * sizeof *tmp);
	size_t k = 0;
	int rc = 0;
	for (struct blob_job *j = jobs; j; j = j->next, k++) {
		tmp[k] = NULL;
		if (rc == 0 && !blob_exists(bs, j->sha) &&
		    write_tmp(bs, j->data, j->n, 0, &tmp[k], err, errlen) != 0)
			rc = -1;
	}
	/* One flush makes every new file's bytes durable ... */
	if (rc == 0 && syncfs(bs->dirfd) != 0) {
		snprintf(err, errlen, "%s: cannot flush the store: %s", bs->dir, strerror(errno));
		rc = -1;
	}
	k = 0;
	for (struct blob_job *j = jobs; j; j = j->next, k++) {
		if (tmp[k] && rc == 0 && move_into_place(bs, tmp[k], j->sha, err, errlen) != 0)
			rc = -1;
		if (tmp[k] && rc != 0)
			unlink(tmp[k]);
		free(tmp[k]);
	}
	free(tmp);
	/* ... and a second one their new names. */
	if (rc == 0 && n && syncfs(bs->dirfd) != 0) {
		snprintf(err, errlen, "%s: cannot flush the store: %s", bs->dir, strerror(errno));
		rc = -1;
	}
	return rc;
}

struct writer_arg {
	struct blobstore *bs;
	struct writer *w;
};

static void *writer_main(void *arg)
{
	struct blobstore *bs = ((struct writer_arg *)arg)->bs;
	struct writer *w = ((struct writer_arg *)arg)->w;
	free(arg);
	char err[512];
	pthread_mutex_lock(&w->mu);
	for (;;) {
		while (!w->head && !w->stop)
			pthread_cond_wait(&w->cv, &w->mu);
		if (!w->head && w->stop)
			break;
		struct blob_job *jobs = w->head;
		unsigned long count = 0;
		for (struct blob_job *j = jobs; j; j = j->next)
			count++;
		w->head = w->tail = NULL;
		int failed = w->failed;
		pthread_mutex_unlock(&w->mu);
		int rc = failed ? -1 : write_round(bs, jobs, err, sizeof err);
		size_t bytes = 0;
		while (jobs) {
			struct blob_job *next = jobs->next;
			bytes += jobs->n;
			free(jobs->data);
			free(jobs);
			jobs = next;
		}
		pthread_mutex_lock(&w->mu);
		if (rc != 0 && !w->failed) {
			w->failed = 1;
			memcpy(w->err, err, sizeof w->err);
		}
		w->queued_bytes -= bytes;
		w->done += count;
		pthread_cond_broadcast(&w->cv);
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

int blob_batch_init(struct blob_batch *b, struct blobstore *bs, char *err, size_t errlen)
{
	memset(b, 0, sizeof *b);
	b->bs = bs;
	struct writer *w = xmalloc(sizeof *w);
	memset(w, 0, sizeof *w);
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->cv, NULL);
	struct writer_arg *arg = xmalloc(sizeof *arg);
	arg->bs = bs;
	arg->w = w;
	int e = pthread_create(&w->thread, NULL, writer_main, arg);
	if (e != 0) {
		snprintf(err, errlen, "cannot start the store's writer thread: %s", strerror(e));
		free(arg);
		pthread_mutex_destroy(&w->mu);
		pthread_cond_destroy(&w->cv);
		free(w);
		return -1;
	}
	b->impl = w;
	return 0;
}

/* Queued bytes the writer may lag behind before stage() waits for it. */
#define MAX_QUEUED ((size_t)256 << 20)

void blob_stage_owned(struct blob_batch *b, void *data, size_t n, const char *sha)
{
	struct writer *w = b->impl;
	struct blob_job *j = xmalloc(sizeof *j);
	j->next = NULL;
	memcpy(j->sha, sha, 65);
	j->data = data;
	j->n = n;
	pthread_mutex_lock(&w->mu);
	while (w->queued_bytes > MAX_QUEUED && !w->failed)
		pthread_cond_wait(&w->cv, &w->mu);
	if (w->tail)
		w->tail->next = j;
	else
		w->head = j;
	w->tail = j;
	w->queued_bytes += n;
	w->staged++;
	pthread_cond_broadcast(&w->cv);
	pthread_mutex_unlock(&w->mu);
	b->bytes += n;
	b->count++;
}

int blob_batch_commit(struct blob_batch *b, char *err, size_t errlen)
{
	struct writer *w = b->impl;
	if (!w)
		return 0;
	pthread_mutex_lock(&w->mu);
	unsigned long target = w->staged;
	while (w->done < target && !w->failed)
		pthread_cond_wait(&w->cv, &w->mu);
	int rc = w->failed ? -1 : 0;
	if (rc)
		snprintf(err, errlen, "%s", w->err);
	pthread_mutex_unlock(&w->mu);
	b->bytes = 0;
	b->count = 0;
	return rc;
}

void blob_batch_free(struct blob_batch *b)
{
	struct writer *w = b->impl;
	if (!w)
		return;
	pthread_mutex_lock(&w->mu);
	w->stop = 1;
	pthread_cond_broadcast(&w->cv);
	pthread_mutex_unlock(&w->mu);
	pthread_join(w->thread, NULL);
	pthread_mutex_destroy(&w->mu);
	pthread_cond_destroy(&w->cv);
	free(w);
	b->impl = NULL;
}
