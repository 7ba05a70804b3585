/* summary.h - the JSON summary line that every stage prints last on stdout
 * (for cron wrappers) and keeps in its runs row:
 *   {"stage":"extract","run":3,"status":"ok","docs":14,...,"seconds":0.84}
 * The keys after "status" are the stage's own counts, in the order given.
 * A stage prints one even when it stops on a fatal error before it could
 * count anything (summary_fatal()): status "error" (or "locked" when
 * another run holds the database) and the message under "error", so that a
 * wrapper reading the last line always finds a summary. */
#ifndef PEIYOU_SUMMARY_H
#define PEIYOU_SUMMARY_H

#include <stddef.h>
#include <stdint.h>

struct summary_count {
	const char *key;
	long long value;
};

struct summary {
	const char *stage;          /* "extract" */
	int64_t run_id;             /* <= 0 (no database, no run): "run" is left out */
	const char *status;         /* run_status(), or "locked" */
	const struct summary_count *counts;
	size_t n;
	double seconds;
	const char *error;          /* the fatal error, or NULL */
};

/* Print the line on stdout and return it (malloc'd; the caller frees).
 * Status "interrupted" also adds "interrupted":true (the key older
 * wrappers read). */
char *summary_print(const struct summary *s);

/* The summary of a run that stopped before it could do its work: stage,
 * status, error and seconds only.  Printed; nothing returned. */
void summary_fatal(const char *stage, const char *status, const char *error, double seconds);

/* A fatal error before a stage's work (usage, database, lock): msg logged
 * as an error and the summary_fatal() line printed, the run having taken
 * since t0 (now_seconds()).  Returns 2, the stages' exit status for it. */
int summary_fail(const char *stage, const char *msg, const char *status, double t0);

/* The status a runs row ends with: "error" when the run could not do its
 * work, "interrupted", "partial" when some documents failed, else "ok". */
const char *run_status(int fatal, int interrupted, long failed);

#endif
