/* worker.h - analysing a document on a second thread.
 *
 * analyze reads a document back (SQLite), analyses it (CPU: classification,
 * checks, indicators) and writes its results (SQLite).  The database work
 * stays on the main thread; the worker analyses document k+1 while the main
 * thread writes document k and reads document k+2.  Only the worker uses the
 * analyzer while it runs; a document belongs to the worker from
 * worker_submit until worker_wait returns. */
#ifndef PEIYOU_WORKER_H
#define PEIYOU_WORKER_H

#include <stddef.h>
#include "adoc.h"
#include "analyze.h"

struct worker;

/* Start the thread; NULL with err on failure.  Free with worker_stop. */
struct worker *worker_start(struct analyzer *a, char *err, size_t errlen);
/* Give d to the idle worker: provisions, classification, checks, scores. */
void worker_submit(struct worker *w, struct adoc *d);
/* Wait for the submitted document: 0, or -1 with run_checks' message in
 * err.  Call only after worker_submit. */
int worker_wait(struct worker *w, char *err, size_t errlen);
/* Finish the current document, end the thread and free w (NULL is fine). */
void worker_stop(struct worker *w);

#endif
