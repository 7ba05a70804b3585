/* lock.h - one run of a kind per database at a time.
 *
 * A run that must not overlap with another of its kind (each stage, the
 * nightly run) takes an exclusive flock() on a lock file beside the
 * database -- "<database path>.lock" for peiyou-fetch,
 * "<database path>.NAME.lock" for the others (extract, analyze, report,
 * nightly) -- and writes its pid, program name and start time into it.  A
 * second run fails at once with a message naming the holder.  The kernel
 * drops the lock when the holder exits, however it exits (kill -9
 * included), so a stale lock file never blocks a later run.  Holding it,
 * a run may clean up after killed runs of its kind (runs rows left
 * "running", temporary files). */
#ifndef PEIYOU_LOCK_H
#define PEIYOU_LOCK_H

#include <stddef.h>

struct run_lock {
	int fd;       /* -1 when not held */
	char *path;   /* owned */
};

/* Take the lock NAME (NULL: the fetch lock) of db_path.  Returns 0 (held
 * until run_lock_release() or exit), 1 when another process holds it (err
 * names it: "... is in use: peiyou-fetch (pid 1234) is running on it since
 * 2026-11-30T01:00:00Z"), -1 on another error (err says what is wrong with
 * the database's path -- a missing directory, a directory given as the
 * database -- rather than naming the lock file). */
int run_lock_acquire(struct run_lock *l, const char *db_path, const char *name,
		     const char *program, char *err, size_t errlen);
void run_lock_release(struct run_lock *l);

#endif
