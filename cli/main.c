/* main.c - peiyou: the front command over the four stage programs.
 *
 *   peiyou run [options]          fetch, extract, analyze, report, in order
 *   peiyou nightly [options]      the same under a lock, with a log file per run
 *   peiyou backup FILE            a consistent copy of the database, in use or not
 *   peiyou STAGE [ARGS...]        exec peiyou-STAGE ARGS (fetch, extract, analyze, report)
 *
 * The stage programs are found beside this one (bin/peiyou-* in a source
 * tree, $PREFIX/bin when installed).  A stage that exits 1 (some documents
 * failed, or interrupted) lets the run go on; one that exits 2 (usage,
 * configuration, database: a systemic failure) or dies stops it with a
 * message naming the stage.  Each stage's last stdout line, its JSON
 * summary, is collected into the run's own summary, the last line of our
 * stdout.  The nightly run takes a lock beside the database so that two
 * never overlap, writes everything the stages say into a log file of its
 * own, and prints only the summary (and, on failure, one line to stderr,
 * which cron mails). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <jansson.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "buf.h"
#include "db.h"
#include "lock.h"
#include "log.h"
#include "pathcheck.h"
#include "vec.h"
#include "version.h"
#include "stop.h"

enum { EXIT_OK = 0, EXIT_SOME_FAILED = 1, EXIT_FAILED = 2 };

static const char usage[] =
	"usage: peiyou [--db FILE] COMMAND [options]\n"
	"\n"
	"commands:\n"
	"  run          fetch, extract, analyze and report, in order\n"
	"  nightly      the same under a lock (two never overlap), with a log file per\n"
	"               run and only the summary line on stdout: for cron or systemd\n"
	"  backup FILE  copy the database to FILE with SQLite's backup API: consistent\n"
	"               while other runs use it; FILE is replaced atomically\n"
	"  fetch, extract, analyze, report [ARGS...]\n"
	"               run that stage program (bin/peiyou-STAGE beside this one) with\n"
	"               ARGS; --db given before the command is passed on\n"
	"  help         this help\n"
	"\n"
	"options of run and nightly:\n"
	"  --db FILE        the database (default: $PEIYOU_DB, else\n"
	"                   $XDG_DATA_HOME/peiyou/peiyou.db or ~/.local/share/peiyou/peiyou.db)\n"
	"  --sources DIR    fetch every *.tsv in DIR as a --manifest and every *.json as a\n"
	"                   --source (crawler config) (default: $PEIYOU_SOURCES, else\n"
	"                   $XDG_CONFIG_HOME/peiyou/sources or ~/.config/peiyou/sources\n"
	"                   when it exists)\n"
	"  --manifest FILE  a fetch manifest (repeatable; with --sources or instead)\n"
	"  --source FILE    a crawler config (repeatable)\n"
	"  --no-fetch       skip the fetch stage (it is also skipped, with a note, when\n"
	"                   there are no sources at all)\n"
	"  --recheck        fetch asks the servers about every known document now\n"
	"  --recheck-days N fetch asks about an unchanged document again after at most\n"
	"                   N days (default 7; 0: every run); see peiyou-fetch --help\n"
	"  --data DIR       analyze's data directory (lexicon, weights, withdrawn list)\n"
	"  --out DIR        the report directory (default: \"report\" beside the database)\n"
	"  --log-dir DIR    nightly: where the log files go (default: \"log\" beside the\n"
	"                   database); each run writes nightly-YYYYMMDDTHHMMSSZ.log and\n"
	"                   points latest.log at it\n"
	"  --keep-logs N    nightly: keep the newest N log files (default 30; 0: all)\n"
	"  -q, --quiet      run: only errors and the summary lines\n"
	"  -v, --verbose    the stages say more\n"
	"  -h, --help       this help\n"
	"  -V, --version    print the version\n"
	"\n"
	"The last line of stdout is a JSON summary, e.g.\n"
	"  {\"command\":\"nightly\",\"status\":\"ok\",\"exit\":0,\"stages\":{\"fetch\":{\"exit\":0,...},...},\n"
	"   \"report\":\"var/report/report.html\",\"changes\":0,\"log\":\"var/log/nightly-....log\",...}\n"
	"\n"
	"exit status (run, nightly; see docs/operations.md):\n"
	"  0  every stage did all its work\n"
	"  1  every stage ran, but some documents failed in at least one (each is named\n"
	"     in the stage's messages and recorded in the database), or interrupted\n"
	"  2  a stage failed as a whole (its exit status 2: usage, configuration or\n"
	"     database error) or could not be started: the run stopped there; or\n"
	"     another nightly run holds the lock; or a usage error\n"
	"backup exits 0 when FILE is a complete, checked copy, 2 otherwise.\n"
	"A passed-through stage exits as that stage does.\n";

/* The stages in pipeline order. */
enum { ST_FETCH, ST_EXTRACT, ST_ANALYZE, ST_REPORT, STAGE_COUNT };
static const char *const stage_names[STAGE_COUNT] = { "fetch", "extract", "analyze", "report" };

typedef VEC(const char *) str_list;
typedef VEC(char *) owned_list;     /* strings owned by the list's holder */

/* The run's configuration, from the command line and the environment. */
struct options {
	const char *db_path, *sources, *data, *out, *log_dir;
	str_list manifests, crawls;
	int no_fetch, keep_logs;
	int recheck;                 /* --recheck, for fetch */
	const char *recheck_days;    /* --recheck-days N, for fetch (NULL: its default) */
	enum log_level level;
	char bindir[PATH_MAX];
	char db_buf[PATH_MAX], out_buf[PATH_MAX], log_buf[PATH_MAX];
};

/* The directory of this executable: the stage programs live there. */
static int find_bindir(const char *argv0, char *out, size_t outlen)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
	} else if (strchr(argv0, '/') && realpath(argv0, exe)) {
		/* found */
	} else {
		return -1;
	}
	snprintf(out, outlen, "%s", dirname(exe));
	return 0;
}

static void stage_path(const struct options *o, const char *stage, char *out, size_t outlen)
{
	snprintf(out, outlen, "%s/peiyou-%s", o->bindir, stage);
}

/* "NAME" beside the database: the directory part of db_path + NAME. */
static void beside_db(const char *db_path, const char *name, char *out, size_t outlen)
{
	char *copy = xstrdup(db_path);
	snprintf(out, outlen, "%s/%s", dirname(copy), name);
	free(copy);
}

/* --sources DIR, else $PEIYOU_SOURCES, else the user's config directory
 * when it exists: *.tsv are manifests, *.json crawler configs, sorted. */
static int collect_sources(struct options *o, owned_list *owned, char *err, size_t errlen)
{
	char dflt[PATH_MAX];
	const char *dir = o->sources;
	int explicit = dir != NULL;
	if (!dir && getenv("PEIYOU_SOURCES") && *getenv("PEIYOU_SOURCES")) {
		dir = getenv("PEIYOU_SOURCES");
		explicit = 1;
	}
	if (!dir) {
		const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
		if (xdg && *xdg)
			snprintf(dflt, sizeof dflt, "%s/peiyou/sources", xdg);
		else if (home && *home)
			snprintf(dflt, sizeof dflt, "%s/.config/peiyou/sources", home);
		else
			return 0;
		struct stat sb;
		if (stat(dflt, &sb) != 0 || !S_ISDIR(sb.st_mode))
			return 0;
		dir = dflt;
	}
	struct dirent **names = NULL;
	int n = scandir(dir, &names, NULL, alphasort);
	if (n < 0) {
		path_error(err, errlen, "来源目录 (the sources directory)", dir, 1, errno);
		return explicit ? -1 : 0;
	}
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		size_t len = strlen(name);
		int tsv = len > 4 && !strcmp(name + len - 4, ".tsv");
		int json = len > 5 && !strcmp(name + len - 5, ".json");
		if (name[0] != '.' && (tsv || json)) {
			struct buf p = BUF_INIT;
			buf_printf(&p, "%s/%s", dir, name);
			*vec_push(owned) = p.p;
			if (tsv)
				*vec_push(&o->manifests) = p.p;
			else
				*vec_push(&o->crawls) = p.p;
		}
		free(names[i]);
	}
	free(names);
	return 0;
}

/* The outcome of one stage. */
struct stage_result {
	int ran, skipped;
	int exit_status;            /* 0, 1, 2; 2 also for a signal or exec failure */
	int signal;                 /* killed by this signal, else 0 */
	double seconds;
	char *summary;              /* its last non-empty stdout line, owned */
	const char *skip_reason;
};

/* Copy the child's stdout to `to`, keeping its last non-empty line.  Reads
 * until EOF; a signal to us is passed on to the child once. */
static void pump(int from, int to, pid_t child, char **last)
{
	struct buf line = BUF_INIT;
	char chunk[8192];
	int forwarded = 0;
	for (;;) {
		ssize_t n = read(from, chunk, sizeof chunk);
		if (n < 0 && errno == EINTR) {
			if (STOP_REQUESTED && !forwarded) {
				kill(child, SIGTERM);
				forwarded = 1;
			}
			continue;
		}
		if (n <= 0)
			break;
		for (size_t off = 0; off < (size_t)n; ) {
			ssize_t w = write(to, chunk + off, (size_t)n - off);
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				break;  /* the destination is gone; keep reading for the summary */
			off += (size_t)w;
		}
		for (ssize_t i = 0; i < n; i++) {
			if (chunk[i] != '\n') {
				buf_putc(&line, chunk[i]);
				continue;
			}
			if (line.len) {
				free(*last);
				*last = xstrdup(line.p);
			}
			buf_truncate(&line, 0);
		}
	}
	if (line.len) {
		free(*last);
		*last = xstrdup(line.p);
	}
	buf_free(&line);
}

/* Run one stage program: stdout through a pipe to out_fd, stderr to
 * err_fd (-1: ours).  Fills r. */
static void run_stage(const struct options *o, const char *stage, char *const argv[],
		      int out_fd, int err_fd, struct stage_result *r)
{
	char path[PATH_MAX + 32];
	stage_path(o, stage, path, sizeof path);
	r->ran = 1;
	r->exit_status = EXIT_FAILED;
	double t0 = now_seconds();
	int p[2];
	if (pipe2(p, O_CLOEXEC) != 0) {
		log_error("%s: cannot create a pipe: %s", stage, strerror(errno));
		return;
	}
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0) {
		log_error("%s: cannot fork: %s", stage, strerror(errno));
		close(p[0]);
		close(p[1]);
		return;
	}
	if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		dup2(p[1], STDOUT_FILENO);
		if (err_fd >= 0)
			dup2(err_fd, STDERR_FILENO);
		int devnull = open("/dev/null", O_RDONLY);
		if (devnull >= 0)
			dup2(devnull, STDIN_FILENO);
		execv(path, argv);
		fprintf(stderr, "peiyou: cannot run %s: %s\n", path, strerror(errno));
		_exit(127);
	}
	close(p[1]);
	pump(p[0], out_fd, pid, &r->summary);
	close(p[0]);
	int st = 0;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
		if (STOP_REQUESTED)
			kill(pid, SIGTERM);
	}
	r->seconds = now_seconds() - t0;
	if (WIFEXITED(st)) {
		int code = WEXITSTATUS(st);
		r->exit_status = code == 0 ? EXIT_OK : code == 1 ? EXIT_SOME_FAILED : EXIT_FAILED;
	} else if (WIFSIGNALED(st)) {
		r->signal = WTERMSIG(st);
		r->exit_status = EXIT_FAILED;
	}
}

/* The argument vector of a stage in the pipeline. */
static void stage_argv(const struct options *o, int s, str_list *a, char *path, size_t pathlen)
{
	stage_path(o, stage_names[s], path, pathlen);
	*vec_push(a) = path;
	*vec_push(a) = "--db";
	*vec_push(a) = o->db_path;
	if (s == ST_FETCH) {
		for (size_t i = 0; i < o->manifests.n; i++) {
			*vec_push(a) = "--manifest";
			*vec_push(a) = o->manifests.v[i];
		}
		for (size_t i = 0; i < o->crawls.n; i++) {
			*vec_push(a) = "--source";
			*vec_push(a) = o->crawls.v[i];
		}
		if (o->recheck)
			*vec_push(a) = "--recheck";
		if (o->recheck_days) {
			*vec_push(a) = "--recheck-days";
			*vec_push(a) = o->recheck_days;
		}
	}
	if (s == ST_ANALYZE && o->data) {
		*vec_push(a) = "--data";
		*vec_push(a) = o->data;
	}
	if (s == ST_REPORT) {
		*vec_push(a) = "--out";
		*vec_push(a) = o->out;
	}
	if (o->level == LOG_QUIET)
		*vec_push(a) = "-q";
	else if (o->level == LOG_VERBOSE)
		*vec_push(a) = "-v";
	*vec_push(a) = NULL;
}

static void log_line(int fd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void log_line(int fd, const char *fmt, ...)
{
	if (fd < 0)
		return;
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	char tmp[1024];
	vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	buf_puts(&b, tmp);
	buf_putc(&b, '\n');
	if (write(fd, b.p, b.len) < 0) {
		/* a full disk must not stop the run; the summary still goes out */
	}
	buf_free(&b);
}

/* Open a new log file in dir, named by the start time; point latest.log at
 * it; remove the oldest beyond keep.  Returns the fd (path in out) or -1. */
static int open_log(const char *dir, int keep, char *out, size_t outlen, char *err, size_t errlen)
{
	if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
		path_error(err, errlen, "无法创建日志目录 (the log directory)", dir, 1, errno);
		return -1;
	}
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	char stamp[32];
	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
	int fd = -1;
	for (int i = 1; fd < 0 && i < 100; i++) {
		if (i == 1)
			snprintf(out, outlen, "%s/nightly-%s.log", dir, stamp);
		else
			snprintf(out, outlen, "%s/nightly-%s-%d.log", dir, stamp, i);
		fd = open(out, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0644);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	if (fd < 0) {
		snprintf(err, errlen, "%.900s: cannot create a log file: %s", dir, strerror(errno));
		return -1;
	}
	/* latest.log -> this file, replaced atomically */
	struct buf tmp = BUF_INIT, latest = BUF_INIT;
	buf_printf(&tmp, "%s/.latest.log.%ld", dir, (long)getpid());
	buf_printf(&latest, "%s/latest.log", dir);
	unlink(tmp.p);
	char *copy = xstrdup(out);
	if (symlink(basename(copy), tmp.p) != 0 || rename(tmp.p, latest.p) != 0)
		unlink(tmp.p);
	free(copy);
	buf_free(&tmp);
	buf_free(&latest);
	if (keep > 0) {
		struct dirent **names = NULL;
		int n = scandir(dir, &names, NULL, alphasort);
		int logs = 0;
		for (int i = 0; i < n; i++)
			if (!strncmp(names[i]->d_name, "nightly-", 8))
				logs++;
		for (int i = 0; i < n; i++) {
			if (!strncmp(names[i]->d_name, "nightly-", 8) && logs > keep) {
				struct buf p = BUF_INIT;
				buf_printf(&p, "%s/%s", dir, names[i]->d_name);
				unlink(p.p);
				buf_free(&p);
				logs--;
			}
			free(names[i]);
		}
		free(names);
	}
	return fd;
}

/* The summary of a run or nightly run; returns the line (owned). */
static char *run_summary(const char *command, const struct options *o, const char *status,
			 int exit_status, const struct stage_result *r, const char *log_path,
			 const char *error, double seconds)
{
	json_t *root = json_object();
	json_object_set_new(root, "command", json_string(command));
	json_object_set_new(root, "status", json_string(status));
	json_object_set_new(root, "exit", json_integer(exit_status));
	json_object_set_new(root, "db", json_string(o->db_path));
	json_t *stages = json_object();
	json_t *changes = json_null();
	for (int s = 0; s < STAGE_COUNT; s++) {
		json_t *x = json_object();
		if (r[s].skipped) {
			json_object_set_new(x, "skipped", json_string(r[s].skip_reason));
		} else if (!r[s].ran) {
			json_object_set_new(x, "ran", json_false());
		} else {
			json_object_set_new(x, "exit", json_integer(r[s].exit_status));
			if (r[s].signal)
				json_object_set_new(x, "signal", json_integer(r[s].signal));
			json_object_set_new(x, "seconds",
					    json_real((double)(long long)(r[s].seconds * 1000) / 1000));
			json_t *sum = r[s].summary ? json_loads(r[s].summary, 0, NULL) : NULL;
			if (sum && json_is_object(sum)) {
				if (s == ST_REPORT && json_object_get(sum, "changes"))
					changes = json_incref(json_object_get(sum, "changes"));
				json_object_set_new(x, "summary", sum);
			} else {
				json_decref(sum);
				json_object_set_new(x, "summary", json_null());
			}
		}
		json_object_set_new(stages, stage_names[s], x);
	}
	json_object_set_new(root, "stages", stages);
	if (r[ST_REPORT].ran && r[ST_REPORT].exit_status != EXIT_FAILED) {
		struct buf p = BUF_INIT;
		buf_printf(&p, "%s/report.html", o->out);
		json_object_set_new(root, "report", json_string(p.p));
		buf_free(&p);
	} else {
		json_object_set_new(root, "report", json_null());
	}
	json_object_set_new(root, "changes", changes);
	json_object_set_new(root, "log", log_path ? json_string(log_path) : json_null());
	json_object_set_new(root, "seconds", json_real((double)(long long)(seconds * 1000) / 1000));
	json_t *e = error && *error ? json_string(error) : NULL;
	if (e)
		json_object_set_new(root, "error", e);
	char *line = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
	json_decref(root);
	return line;
}

/* run and nightly: the four stages in order. */
static int pipeline(struct options *o, int nightly)
{
	char err[1024] = "", log_path[PATH_MAX] = "";
	int log_fd = -1;
	struct run_lock lock = { -1, NULL };
	struct stage_result r[STAGE_COUNT];
	memset(r, 0, sizeof r);
	const char *command = nightly ? "nightly" : "run";
	double t0 = now_seconds();
	owned_list owned = { 0 };
	int status = EXIT_OK;
	const char *status_word = "ok";
	char *line = NULL;

	if (nightly) {
		/* "<db>.nightly.lock": each stage takes its own lock itself. */
		int lk = run_lock_acquire(&lock, o->db_path, "nightly", "peiyou-nightly", err,
					  sizeof err);
		if (lk != 0) {
			log_error("nightly: %s", err);
			status = EXIT_FAILED;
			status_word = lk == 1 ? "locked" : "error";
			goto done;
		}
		log_fd = open_log(o->log_dir, o->keep_logs, log_path, sizeof log_path, err, sizeof err);
		if (log_fd < 0) {
			log_error("nightly: %s", err);
			status = EXIT_FAILED;
			status_word = "error";
			goto done;
		}
		char now[21];
		now_iso8601(now);
		log_line(log_fd, "peiyou %s nightly run, pid %ld, started %s, database %s", PEIYOU_VERSION,
			 (long)getpid(), now, o->db_path);
	}
	if (collect_sources(o, &owned, err, sizeof err) != 0) {
		log_error("%s", err);
		log_line(log_fd, "peiyou: error: %s", err);
		status = EXIT_FAILED;
		status_word = "error";
		goto done;
	}
	signal(SIGPIPE, SIG_IGN);
	stop_on_signals();                 /* no SA_RESTART: reads return EINTR */
	for (int s = 0; s < STAGE_COUNT; s++) {
		if (STOP_REQUESTED)
			break;
		if (s == ST_FETCH && (o->no_fetch || (!o->manifests.n && !o->crawls.n))) {
			r[s].skipped = 1;
			r[s].skip_reason = o->no_fetch ? "--no-fetch" : "no sources";
			if (!o->no_fetch && !nightly)
				log_info("fetch skipped: no sources (--sources, --manifest or --source)");
			log_line(log_fd, "== fetch: skipped (%s)", r[s].skip_reason);
			continue;
		}
		char path[PATH_MAX + 32];
		str_list a = { 0 };
		stage_argv(o, s, &a, path, sizeof path);
		if (log_fd >= 0) {
			struct buf cmd = BUF_INIT;
			for (size_t i = 0; a.v[i]; i++)
				buf_printf(&cmd, "%s%s", i ? " " : "", a.v[i]);
			char now[21];
			now_iso8601(now);
			log_line(log_fd, "== %s: %s (%s)", stage_names[s], cmd.p, now);
			buf_free(&cmd);
		}
		run_stage(o, stage_names[s], (char *const *)a.v, nightly ? log_fd : STDOUT_FILENO,
			  nightly ? log_fd : -1, &r[s]);
		vec_free(&a);
		log_line(log_fd, "== %s: exit status %d%s after %.3f s", stage_names[s],
			 r[s].exit_status, r[s].signal ? " (killed by a signal)" : "", r[s].seconds);
		if (r[s].exit_status == EXIT_FAILED) {
			status = EXIT_FAILED;
			status_word = "failed";
			struct buf rest = BUF_INIT;
			for (int k = s + 1; k < STAGE_COUNT; k++)
				buf_printf(&rest, "%s%s", rest.len ? ", " : "", stage_names[k]);
			snprintf(err, sizeof err, "%s failed (%s %d): the run stops here%s%s%s",
				 stage_names[s], r[s].signal ? "signal" : "exit status",
				 r[s].signal ? r[s].signal : 2, rest.len ? "; not run: " : "",
				 rest.len ? rest.p : "", nightly ? "; see " : "");
			buf_free(&rest);
			log_error("%s%s", err, nightly ? log_path : "");
			log_line(log_fd, "peiyou: error: %s%s", err, nightly ? log_path : "");
			break;
		}
		if (r[s].exit_status == EXIT_SOME_FAILED) {
			status = EXIT_SOME_FAILED;
			status_word = "partial";
		}
	}
	if (STOP_REQUESTED && status != EXIT_FAILED) {
		status = EXIT_SOME_FAILED;
		status_word = "interrupted";
	}
done:
	line = run_summary(command, o, status_word, status, r, log_fd >= 0 ? log_path : NULL,
			   status == EXIT_OK ? NULL : err, now_seconds() - t0);
	log_line(log_fd, "%s", line);
	printf("%s\n", line);
	fflush(stdout);
	free(line);
	for (int s = 0; s < STAGE_COUNT; s++)
		free(r[s].summary);
	for (size_t i = 0; i < owned.n; i++)
		free(owned.v[i]);
	vec_free(&owned);
	if (log_fd >= 0)
		close(log_fd);
	run_lock_release(&lock);
	return status;
}

/* backup FILE: sqlite3_backup_* from a read-only connection into
 * FILE.tmp-PID, checked with PRAGMA quick_check, renamed to FILE. */
static int backup(const struct options *o, const char *file)
{
	double t0 = now_seconds();
	sqlite3 *src = NULL, *dst = NULL;
	struct buf tmp = BUF_INIT;
	buf_printf(&tmp, "%s.tmp-%ld", file, (long)getpid());
	int ok = 0;
	long pages = 0;
	char why[1400];
	if (access(o->db_path, R_OK) != 0) {
		path_error(why, sizeof why, "无法读取数据库 (cannot read the database)", o->db_path, 0,
			   errno);
		log_error("%s", why);
		goto out;
	}
	/* the copy's directory, named as such (not the temporary file's) */
	if (path_problem(file, 0, 0, why, sizeof why) && !strstr(why, "只读")) {
		log_error("无法写入备份 %s：%s", file, why);
		goto out;
	}
	if (sqlite3_open_v2(o->db_path, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		log_error("%s: cannot open: %s", o->db_path, src ? sqlite3_errmsg(src) : "out of memory");
		goto out;
	}
	sqlite3_busy_timeout(src, 30000);
	unlink(tmp.p);
	if (sqlite3_open_v2(tmp.p, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		log_error("%s: cannot create the copy: %s", file, dst ? sqlite3_errmsg(dst) : "out of memory");
		goto out;
	}
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
	if (!b) {
		log_error("%s: cannot start the backup: %s", file, sqlite3_errmsg(dst));
		goto out;
	}
	/* All pages in one step: one read transaction, one consistent state;
	 * in WAL mode writers go on meanwhile. */
	int rc = sqlite3_backup_step(b, -1);
	pages = sqlite3_backup_pagecount(b);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		log_error("%s: backup failed: %s", o->db_path, sqlite3_errstr(rc));
		goto out;
	}
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(dst, "PRAGMA quick_check", -1, &st, NULL) != SQLITE_OK) {
		log_error("%s: cannot check the copy: %s", tmp.p, sqlite3_errmsg(dst));
		goto out;
	}
	const unsigned char *res = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_text(st, 0) : NULL;
	int good = res && !strcmp((const char *)res, "ok");
	if (!good)
		log_error("%s: the copy fails PRAGMA quick_check: %s", tmp.p, res ? (const char *)res : "?");
	sqlite3_finalize(st);
	if (!good)
		goto out;
	if (sqlite3_close(dst) != SQLITE_OK) {
		log_error("%s: cannot close the copy", tmp.p);
		goto out;
	}
	dst = NULL;
	if (rename(tmp.p, file) != 0) {
		log_error("%s: cannot rename into place: %s", file, strerror(errno));
		goto out;
	}
	ok = 1;
out:
	sqlite3_close(src);
	if (dst)
		sqlite3_close(dst);
	if (!ok)
		unlink(tmp.p);
	buf_free(&tmp);
	struct stat sb;
	long long bytes = ok && stat(file, &sb) == 0 ? (long long)sb.st_size : 0;
	json_t *j = json_object();
	json_object_set_new(j, "command", json_string("backup"));
	json_object_set_new(j, "status", json_string(ok ? "ok" : "error"));
	json_object_set_new(j, "db", json_string(o->db_path));
	json_object_set_new(j, "file", json_string(file));
	json_object_set_new(j, "pages", json_integer(pages));
	json_object_set_new(j, "bytes", json_integer(bytes));
	json_object_set_new(j, "seconds", json_real((double)(long long)((now_seconds() - t0) * 1000) / 1000));
	char *line = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
	json_decref(j);
	printf("%s\n", line);
	free(line);
	return ok ? EXIT_OK : EXIT_FAILED;
}

/* peiyou STAGE ARGS: exec the stage program, with --db when given before. */
static int pass_through(const struct options *o, const char *stage, int argc, char **argv)
{
	char path[PATH_MAX + 32];
	stage_path(o, stage, path, sizeof path);
	char **a = xmalloc(((size_t)argc + 4) * sizeof *a);
	int n = 0;
	a[n++] = path;
	if (o->db_path) {
		a[n++] = "--db";
		a[n++] = (char *)o->db_path;
	}
	for (int i = 0; i < argc; i++)
		a[n++] = argv[i];
	a[n] = NULL;
	fflush(stdout);
	execv(path, a);
	log_error("cannot run %s: %s", path, strerror(errno));
	free(a);
	return EXIT_FAILED;
}

/* Options of run and nightly (also accepted before the command). */
static int parse_options(int argc, char **argv, struct options *o, int stop_at_command)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "sources", required_argument, NULL, 'S' },
		{ "manifest", required_argument, NULL, 'm' },
		{ "source", required_argument, NULL, 's' },
		{ "no-fetch", no_argument, NULL, 'n' },
		{ "recheck", no_argument, NULL, 'R' },
		{ "recheck-days", required_argument, NULL, 'r' },
		{ "data", required_argument, NULL, 'D' },
		{ "out", required_argument, NULL, 'o' },
		{ "log-dir", required_argument, NULL, 'l' },
		{ "keep-logs", required_argument, NULL, 'k' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	char *end;
	optind = 1;
	while ((c = getopt_long(argc, argv, stop_at_command ? "+qvhV" : "qvhV", opts, NULL)) != -1) {
		switch (c) {
		case 'd': o->db_path = optarg; break;
		case 'S': o->sources = optarg; break;
		case 'm': *vec_push(&o->manifests) = optarg; break;
		case 's': *vec_push(&o->crawls) = optarg; break;
		case 'n': o->no_fetch = 1; break;
		case 'R': o->recheck = 1; break;
		case 'r':
			if (strtod(optarg, &end) < 0 || *end || end == optarg) {
				fprintf(stderr, "peiyou: --recheck-days wants a number >= 0, not %s\n",
					optarg);
				return -1;
			}
			o->recheck_days = optarg;
			break;
		case 'D': o->data = optarg; break;
		case 'o': o->out = optarg; break;
		case 'l': o->log_dir = optarg; break;
		case 'k':
			o->keep_logs = (int)strtol(optarg, &end, 10);
			if (*end || end == optarg || o->keep_logs < 0) {
				fprintf(stderr, "peiyou: --keep-logs wants a number >= 0, not %s\n", optarg);
				return -1;
			}
			break;
		case 'q': o->level = LOG_QUIET; break;
		case 'v': o->level = LOG_VERBOSE; break;
		case 'h': fputs(usage, stdout); exit(EXIT_OK);
		case 'V': printf("peiyou %s\n", PEIYOU_VERSION); exit(EXIT_OK);
		default:
			fputs("Try 'peiyou --help'.\n", stderr);
			return -1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct options o;
	memset(&o, 0, sizeof o);
	o.level = LOG_NORMAL;
	o.keep_logs = 30;
	int status = EXIT_FAILED;
	if (parse_options(argc, argv, &o, 1) != 0)
		goto out;
	log_init("peiyou", o.level);
	if (optind >= argc) {
		fputs(usage, stderr);
		goto out;
	}
	const char *command = argv[optind];
	int rest = optind + 1;
	if (!strcmp(command, "help")) {
		fputs(usage, stdout);
		status = EXIT_OK;
		goto out;
	}
	if (find_bindir(argv[0], o.bindir, sizeof o.bindir) != 0) {
		log_error("cannot find the directory of this program");
		goto out;
	}
	for (int s = 0; s < STAGE_COUNT; s++)
		if (!strcmp(command, stage_names[s])) {
			status = pass_through(&o, command, argc - rest, argv + rest);
			goto out;
		}
	int nightly = !strcmp(command, "nightly");
	int is_backup = !strcmp(command, "backup");
	if (!nightly && !is_backup && strcmp(command, "run")) {
		fprintf(stderr, "peiyou: unknown command %s\nTry 'peiyou --help'.\n", command);
		goto out;
	}
	/* the command's own options; argv[rest - 1] stands in for argv[0] */
	if (parse_options(argc - rest + 1, argv + rest - 1, &o, 0) != 0)
		goto out;
	log_init("peiyou", o.level);
	int first_arg = rest - 1 + optind;
	char err[1024];
	if (!o.db_path) {
		if (db_default_path(o.db_buf, sizeof o.db_buf, err, sizeof err) != 0) {
			log_error("%s", err);
			goto out;
		}
		o.db_path = o.db_buf;
	}
	if (is_backup) {
		if (first_arg != argc - 1) {
			fputs("usage: peiyou [--db FILE] backup FILE\n", stderr);
			goto out;
		}
		status = backup(&o, argv[first_arg]);
		goto out;
	}
	if (first_arg < argc) {
		fprintf(stderr, "peiyou: unexpected argument %s\nTry 'peiyou --help'.\n", argv[first_arg]);
		goto out;
	}
	if (!o.out) {
		beside_db(o.db_path, "report", o.out_buf, sizeof o.out_buf);
		o.out = o.out_buf;
	}
	if (!o.log_dir) {
		beside_db(o.db_path, "log", o.log_buf, sizeof o.log_buf);
		o.log_dir = o.log_buf;
	}
	status = pipeline(&o, nightly);
out:
	vec_free(&o.manifests);
	vec_free(&o.crawls);
	return status;
}
