/* blobstore.h - the content-addressed store of fetched bodies.
 *
 * peiyou-fetch keeps every body it downloads (and the UTF-8 text made from
 * a GBK body) as a file named by the SHA-256 of its bytes:
 *
 *   DIR/ab/cdef0123...      (2 hex digits, a slash, the other 62)
 *   DIR/tmp/                files being written (removed by the next run)
 *
 * DIR is "<database path>.store" unless the user names another.  A file
 * appears under its final name only by rename() after its bytes have been
 * flushed to disk, so a name that exists always holds the complete bytes;
 * a database row that points to a file is committed only after that.
 * peiyou-extract reads bodies from here.
 *
 * Two ways to write: blob_put() makes one file durable at once (tmp,
 * fsync, rename, fsync of the directory); a batch (blob_stage_owned() then
 * blob_batch_commit()) hands the bytes to a writer thread that writes many
 * temporary files and makes them durable together with one file-system
 * flush (syncfs) before the renames and one after, which gives every file
 * the same guarantee for the price of two flushes per round, overlapped
 * with the caller's downloads.  The caller commits its database rows after
 * blob_batch_commit() returns 0. */
#ifndef PEIYOU_BLOBSTORE_H
#define PEIYOU_BLOBSTORE_H

#include <stddef.h>
#include "buf.h"

struct blobstore {
	char *dir;   /* owned */
	int dirfd;   /* the store directory, for syncfs() and fsync() */
};

/* "<db_path>.store"; the caller frees the result. */
char *blobstore_default_dir(const char *db_path);

/* Open the store at dir (created with its tmp/ when create is set).
 * Returns 0, or -1 with a message in err. */
int blobstore_open(struct blobstore *bs, const char *dir, int create,
		   char *err, size_t errlen);
void blobstore_close(struct blobstore *bs);

/* Remove what a killed writer left in tmp/.  Call only while holding the
 * run lock (lib/lock.h), when no other writer can be active.  Returns the
 * number of files removed. */
int blobstore_clean_tmp(struct blobstore *bs);

/* The path of the blob with hex digest sha into out (replaced). */
void blob_path(const struct blobstore *bs, const char *sha, struct buf *out);
/* 1 when the blob is present, 0 when not. */
int blob_exists(const struct blobstore *bs, const char *sha);

/* Store data[0, n) durably; its hex digest goes to sha.  A blob that is
 * already there is not written again.  Returns 0, or -1 with err. */
int blob_put(struct blobstore *bs, const void *data, size_t n, char sha[65],
	     char *err, size_t errlen);

/* Read blob sha into out (replaced); refused when larger than max.  With
 * verify set, the bytes are hashed and a mismatch is an error.  Returns 0,
 * or -1 with err. */
int blob_read(const struct blobstore *bs, const char *sha, struct buf *out,
	      size_t max, int verify, char *err, size_t errlen);

/* A batch: blobs handed to a writer thread, which writes them to tmp/,
 * flushes the file system, renames them into place and flushes again,
 * while the caller goes on with its transfers.  blob_batch_commit() waits
 * until everything staged so far is durable; the caller then commits the
 * rows that point to it.  The caller uses a batch from one thread. */
struct blob_job;
struct blob_batch {
	struct blobstore *bs;
	void *impl;          /* the writer thread and its queue (blobstore.c) */
	size_t bytes;        /* staged since the last commit */
	size_t count;
};

/* Start the writer.  Returns 0, or -1 with err. */
int blob_batch_init(struct blob_batch *b, struct blobstore *bs, char *err, size_t errlen);
/* Queue data[0, n), a malloc'd buffer whose hex digest is sha; the batch
 * takes ownership of data (NULL when n is 0 is fine).  A blob that is
 * already in the store is not written again. */
void blob_stage_owned(struct blob_batch *b, void *data, size_t n, const char *sha);
/* Wait until every blob staged so far is in place and durable.  Returns 0,
 * or -1 with err (a write or flush failed: the caller must not commit rows
 * that point to the blobs of this batch). */
int blob_batch_commit(struct blob_batch *b, char *err, size_t errlen);
/* Stop the writer (after writing what is queued) and free the batch. */
void blob_batch_free(struct blob_batch *b);

#endif
