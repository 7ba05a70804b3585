/* log.c - see log.h. */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

/* The run's logging configuration, set once by log_init(). */
static struct {
	const char *program;
	enum log_level level;
	int tty;
	int progress_shown;
} cfg = { "peiyou", LOG_NORMAL, 0, 0 };

void log_init(const char *program, enum log_level level)
{
	cfg.program = program;
	cfg.level = level;
	cfg.tty = isatty(STDERR_FILENO);
}

enum log_level log_level(void)
{
	return cfg.level;
}

static void clear_progress(void)
{
	if (cfg.progress_shown) {
		fputs("\r\033[K", stderr);
		cfg.progress_shown = 0;
	}
}

static void vlog(const char *tag, const char *fmt, va_list ap)
{
	clear_progress();
	fprintf(stderr, "%s: %s", cfg.program, tag);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void log_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vlog("error: ", fmt, ap);
	va_end(ap);
}

void log_warn(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vlog("warning: ", fmt, ap);
	va_end(ap);
}

void log_info(const char *fmt, ...)
{
	if (cfg.level < LOG_NORMAL)
		return;
	va_list ap;
	va_start(ap, fmt);
	vlog("", fmt, ap);
	va_end(ap);
}

void log_verbose(const char *fmt, ...)
{
	if (cfg.level < LOG_VERBOSE)
		return;
	va_list ap;
	va_start(ap, fmt);
	vlog("", fmt, ap);
	va_end(ap);
}

void log_progress(const char *fmt, ...)
{
	if (!cfg.tty || cfg.level < LOG_NORMAL)
		return;
	va_list ap;
	va_start(ap, fmt);
	fputs("\r\033[K", stderr);
	fprintf(stderr, "%s: ", cfg.program);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fflush(stderr);
	cfg.progress_shown = 1;
}

void log_progress_done(void)
{
	clear_progress();
}

double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void now_iso8601(char out[21])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}
