/* worker.h - analysing documents on a second thread.
 *
 * analyze reads a document back (SQLite), analyses it (CPU: classification,
 * checks, indicators) and writes its results (SQLite).  The database work
 * stays on the main thread; the worker analyses the documents the main
 * thread has read ahead (up to WORKER_QUEUE of them) while the main thread
 * writes the results of earlier ones.  Documents are analysed and handed
 * back in submission order.  Only the worker uses the analyzer while it
 * runs; a document belongs to the worker from worker_submit until the
 * worker_wait that returns it. */
#ifndef PEIYOU_WORKER_H
#define PEIYOU_WORKER_H

#include <stddef.h>
#include "adoc.h"
#include "analyze.h"

/* Documents in flight at most (submitted and not yet waited for). */
#define WORKER_QUEUE 8

struct worker;

/* Start the thread; NULL with err on failure.  Free with worker_stop. */
struct worker *worker_start(struct analyzer *a, char *err, size_t errlen);
/* Queue d for analysis: provisions, classification, checks, scores.  At
 * most WORKER_QUEUE documents may be in flight. */
void worker_submit(struct worker *w, struct adoc *d);
/* Wait for the oldest document in flight: 0, or -1 with run_checks'
 * message in err.  Call only with a document in flight. */
int worker_wait(struct worker *w, char *err, size_t errlen);
/* Finish the queued documents, end the thread and free w (NULL is fine). */
void worker_stop(struct worker *w);

#endif
