/* summary.h - the JSON summary line that every stage prints last on stdout
 * (for cron wrappers) and keeps in its runs row:
 *   {"stage":"extract","run":3,"docs":14,...,"seconds":0.84}
 * The keys after "run" are the stage's own counts, in the order given. */
#ifndef PEIYOU_SUMMARY_H
#define PEIYOU_SUMMARY_H

#include <stddef.h>
#include <stdint.h>

struct summary_count {
	const char *key;
	long long value;
};

/* Print the line on stdout and return it (malloc'd; the caller frees).
 * run_id <= 0 (no database) leaves "run" out; interrupted adds
 * "interrupted":true. */
char *summary_print(const char *stage, int64_t run_id, const struct summary_count *counts,
		    size_t n, double seconds, int interrupted);

/* The status a runs row ends with: "error" when the run could not do its
 * work, "interrupted", "partial" when some documents failed, else "ok". */
const char *run_status(int fatal, int interrupted, long failed);

#endif
