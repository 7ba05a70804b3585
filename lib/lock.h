/* lock.h - one writer run per database at a time.
 *
 * A run that must not overlap with another of its kind (peiyou-fetch, the
 * nightly run) takes an exclusive flock() on "<database path>.lock" and
 * writes its pid, program name and start time into the file.  A second run
 * fails at once with a message naming the holder.  The kernel drops the
 * lock when the holder exits, however it exits (kill -9 included), so a
 * stale lock file never blocks a later run. */
#ifndef PEIYOU_LOCK_H
#define PEIYOU_LOCK_H

#include <stddef.h>

struct run_lock {
	int fd;       /* -1 when not held */
	char *path;   /* owned */
};

/* Take the lock for db_path.  Returns 0 (held until run_lock_release() or
 * exit), 1 when another process holds it (err names it: "... is locked by
 * peiyou-fetch (pid 1234) since 2026-11-30T01:00:00Z"), -1 on another
 * error (err). */
int run_lock_acquire(struct run_lock *l, const char *db_path, const char *program,
		     char *err, size_t errlen);
void run_lock_release(struct run_lock *l);

#endif
