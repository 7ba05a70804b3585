/* batch.h - extracting many documents into the database.
 *
 * Reading, hashing and extracting documents (CPU, a worker thread) and
 * writing their rows (SQLite, the main thread) overlap: the worker runs up
 * to eight documents ahead of the main thread (batch.c).  Each slot of
 * that ring has its own extractor, so the rows written always belong to a
 * finished extraction; documents are written in the order given.  Skips
 * (same file stamp or content and extractor version), errors,
 * transactions (a savepoint per document, a commit per batch) are as a
 * sequential run's.  A dry run, with nothing to write, runs on one thread. */
#ifndef PEIYOU_BATCH_H
#define PEIYOU_BATCH_H

#include <sqlite3.h>
#include <stdint.h>
#include "fetched.h"
#include "fileio.h"
#include "output.h"

/* Of the documents finished (docs = extracted + unchanged + failed +
 * kept); those given but not finished are the caller's "not done". */
struct counts {
	long docs, extracted, unchanged, failed;
	long kept;              /* needs_ocr or unsupported: recorded, not failed */
	long long bytes;
};

struct extractor;

struct batch {
	/* set by the caller */
	const struct extractor *model; /* its compiled patterns serve every slot */
	sqlite3 *db;            /* NULL: a dry run (nothing written, no hashing) */
	struct store *st;
	struct fetched *fx;     /* fetched documents as input, or NULL for files */
	const char *db_path;    /* for messages */
	int64_t run_id;
	int force, per_commit, ocr;
	/* results */
	struct counts n;
	int fatal;              /* the database could not be written: stop */
	char error[512];        /* the first database error, for the summary */
};

/* Extract files->v[0..n) (paths, or URLs with b->fx).  Returns 0, or -1
 * when the extractors could not be set up (message in err). */
int run_batch(struct batch *b, const struct path_list *files, char *err, size_t errlen);

#endif
