/* log.h - messages to stderr, progress lines, and the level that decides
 * which of them appear.
 *
 * The level is part of a run's configuration: set once from the command
 * line, read everywhere.  Errors always print; progress lines only when
 * stderr is a terminal (cron gets the errors and the summary, nothing
 * else). */
#ifndef PEIYOU_LOG_H
#define PEIYOU_LOG_H

enum log_level { LOG_QUIET = 0, LOG_NORMAL = 1, LOG_VERBOSE = 2 };

void log_init(const char *program, enum log_level level);
enum log_level log_level(void);

void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_verbose(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A transient one-line status on a terminal ("\r...", cleared by the next
 * message); does nothing when stderr is not a terminal. */
void log_progress(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_progress_done(void);

/* Seconds since an arbitrary fixed point (monotonic clock). */
double now_seconds(void);
/* UTC wall time as ISO 8601 "2026-11-30T00:29:02Z" into out[21]. */
void now_iso8601(char out[21]);

#endif
