/*
 * runbench - run a command K times and report its wall time, throughput
 * and peak memory.
 *
 * What: `runbench [--runs K] [--label NAME] [--bytes N] [--docs M]
 * [--before CMD] [--show] [--json] -- PROGRAM ARGS...` runs PROGRAM K times
 * (fork + execvp, no shell), with its stdout and stderr on /dev/null unless
 * --show.  Each run is timed with CLOCK_MONOTONIC from just before fork()
 * to the return of wait4(), and the child's peak resident set size is
 * taken from wait4()'s rusage.ru_maxrss, its CPU time (user + system, all
 * threads) from ru_utime + ru_stime.  --before CMD runs `/bin/sh -c
 * CMD` before every timed run, untimed (e.g. to delete the database so
 * each run starts fresh).  It prints one line
 *
 *   NAME: median 0.842 s (min 0.80, max 0.91, 5 runs), 142.3 MB/s,
 *         11876 docs/s, CPU 0.85 s, 141.0 MB/s per core, peak RSS 12.4 MB
 *
 * (one line; rates only with --bytes / --docs; MB = 10^6 bytes; "CPU" is
 * the median CPU time and "per core" the bytes over it, which is what a
 * program using several threads would do on one core; peak RSS is the
 * largest over the runs), or the same as a JSON object with --json.
 * If the command cannot be run or exits non-zero or on a signal, that is
 * reported on stderr and runbench exits 1.
 *
 * Why: peiyou's benchmarks need the same numbers measured the same way on
 * every machine, without depending on GNU time, hyperfine or a shell's
 * `time` keyword; the median of several runs is robust against one slow
 * run, and min/max show the spread.
 *
 * Notes on the measurement:
 * - ru_maxrss of a waited-for child covers the child and any descendants
 *   it waited for.  Linux also carries the pre-exec high-water mark of the
 *   forked copy of runbench into it, so about 1-2 MB is a floor, not the
 *   program's own cost.
 * - Wall time includes fork and exec (well under a millisecond).
 *
 * Build: cc -std=c11 -Wall -Wextra -Werror -O2 -D_POSIX_C_SOURCE=200809L \
 *            bench/runbench.c -o build/runbench
 * (`make bench` builds it as build/obj/bench/runbench.)
 */

/* wait4() is a BSD/Linux extension that glibc only declares with
 * _DEFAULT_SOURCE (the build line selects strict POSIX). */
#define _DEFAULT_SOURCE 1

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

typedef struct {
    int runs;
    const char *label;
    unsigned long long bytes, docs;
    int have_bytes, have_docs;
    const char *before;
    int show, json;
    char **cmd; /* NULL-terminated, from argv after "--" */
} options_t;

static void usage(FILE *f)
{
    fputs("usage: runbench [--runs K] [--label NAME] [--bytes N] [--docs M]\n"
          "                [--before CMD] [--show] [--json] -- PROGRAM ARGS...\n"
          "  --runs K      timed runs (default 5)\n"
          "  --label NAME  name printed in the report (default: PROGRAM)\n"
          "  --bytes N     input bytes processed per run, for MB/s (MB = 10^6 bytes)\n"
          "  --docs M      documents processed per run, for docs/s\n"
          "  --before CMD  run `/bin/sh -c CMD` before each run, not timed\n"
          "  --show        keep the command's stdout/stderr (default: /dev/null)\n"
          "  --json        print a JSON object instead of the text line\n",
          f);
}

static int parse_ull(const char *s, unsigned long long *v)
{
    char *end;
    if (!s || !*s || *s == '-')
        return 0;
    errno = 0;
    unsigned long long x = strtoull(s, &end, 10);
    if (errno || *end)
        return 0;
    *v = x;
    return 1;
}

/* Accepts "--opt VALUE" and "--opt=VALUE"; returns the value, or NULL if
 * argv[*i] is not this option. */
static const char *opt_value(int argc, char **argv, int *i, const char *name)
{
    size_t n = strlen(name);
    const char *a = argv[*i];
    if (strncmp(a, name, n) != 0)
        return NULL;
    if (a[n] == '=')
        return a + n + 1;
    if (a[n] != '\0')
        return NULL;
    if (*i + 1 >= argc) {
        fprintf(stderr, "runbench: %s needs a value\n", name);
        exit(2);
    }
    return argv[++*i];
}

static void parse_args(int argc, char **argv, options_t *o)
{
    memset(o, 0, sizeof *o);
    o->runs = 5;
    int i;
    for (i = 1; i < argc; i++) {
        const char *v;
        unsigned long long x;
        if (!strcmp(argv[i], "--")) {
            i++;
            break;
        } else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            usage(stdout);
            exit(0);
        } else if (!strcmp(argv[i], "--show")) {
            o->show = 1;
        } else if (!strcmp(argv[i], "--json")) {
            o->json = 1;
        } else if ((v = opt_value(argc, argv, &i, "--runs"))) {
            if (!parse_ull(v, &x) || x < 1 || x > 1000000) {
                fprintf(stderr, "runbench: bad --runs '%s' (1 .. 1000000)\n", v);
                exit(2);
            }
            o->runs = (int)x;
        } else if ((v = opt_value(argc, argv, &i, "--label"))) {
            o->label = v;
        } else if ((v = opt_value(argc, argv, &i, "--bytes"))) {
            if (!parse_ull(v, &o->bytes)) {
                fprintf(stderr, "runbench: bad --bytes '%s'\n", v);
                exit(2);
            }
            o->have_bytes = 1;
        } else if ((v = opt_value(argc, argv, &i, "--docs"))) {
            if (!parse_ull(v, &o->docs)) {
                fprintf(stderr, "runbench: bad --docs '%s'\n", v);
                exit(2);
            }
            o->have_docs = 1;
        } else if ((v = opt_value(argc, argv, &i, "--before"))) {
            o->before = v;
        } else {
            fprintf(stderr, "runbench: unknown argument '%s' (the command goes after --)\n", argv[i]);
            usage(stderr);
            exit(2);
        }
    }
    if (i >= argc) {
        fputs("runbench: no command given (put it after --)\n", stderr);
        usage(stderr);
        exit(2);
    }
    o->cmd = argv + i;
    if (!o->label)
        o->label = o->cmd[0];
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Describe a wait status that is not a clean exit 0. */
static void describe_status(int status, char *buf, size_t len)
{
    if (WIFEXITED(status))
        snprintf(buf, len, "exited with status %d", WEXITSTATUS(status));
    else if (WIFSIGNALED(status))
        snprintf(buf, len, "killed by signal %d (%s)", WTERMSIG(status), strsignal(WTERMSIG(status)));
    else
        snprintf(buf, len, "ended with wait status 0x%x", (unsigned)status);
}

/* Run `/bin/sh -c cmd` (stdout to /dev/null unless show; stderr kept so
 * failures are visible) and return 0 if it exited 0. */
static int run_before(const char *cmd, int show, int devnull)
{
    pid_t pid = fork();
    if (pid < 0) {
        perror("runbench: fork");
        return -1;
    }
    if (pid == 0) {
        if (!show && dup2(devnull, STDOUT_FILENO) < 0)
            _exit(127);
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            perror("runbench: waitpid");
            return -1;
        }
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return 0;
    char why[96];
    describe_status(status, why, sizeof why);
    fprintf(stderr, "runbench: --before command %s: %s\n", why, cmd);
    return -1;
}

/* One timed run of argv: fork, redirect output unless show, execvp, and
 * wait4.  An exec failure in the child is passed back through a
 * close-on-exec pipe (which simply closes when exec succeeds), so "command
 * not found" is reported as such rather than as exit status 127.
 * Returns 0 on exit status 0; otherwise reports on stderr and returns -1. */
static int timed_run(char **argv, int show, int devnull, double *secs, double *cpu, long *maxrss_kb)
{
    int fds[2];
    if (pipe(fds) != 0) {
        perror("runbench: pipe");
        return -1;
    }
    fcntl(fds[0], F_SETFD, FD_CLOEXEC);
    fcntl(fds[1], F_SETFD, FD_CLOEXEC);

    double t0 = now();
    pid_t pid = fork();
    if (pid < 0) {
        perror("runbench: fork");
        close(fds[0]);
        close(fds[1]);
        return -1;
    }
    if (pid == 0) {
        close(fds[0]);
        if (!show && (dup2(devnull, STDOUT_FILENO) < 0 || dup2(devnull, STDERR_FILENO) < 0))
            _exit(127);
        execvp(argv[0], argv);
        int e = errno;
        ssize_t w = write(fds[1], &e, sizeof e);
        (void)w;
        _exit(127);
    }
    close(fds[1]);

    int exec_errno = 0;
    ssize_t n;
    do
        n = read(fds[0], &exec_errno, sizeof exec_errno);
    while (n < 0 && errno == EINTR);
    close(fds[0]);

    int status;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    while (wait4(pid, &status, 0, &ru) < 0) {
        if (errno != EINTR) {
            perror("runbench: wait4");
            return -1;
        }
    }
    double t1 = now();

    if (n == (ssize_t)sizeof exec_errno) {
        fprintf(stderr, "runbench: cannot run %s: %s\n", argv[0], strerror(exec_errno));
        return -1;
    }
    *secs = t1 - t0;
    *maxrss_kb = ru.ru_maxrss; /* KiB on Linux */
    *cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
           (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return 0;
    char why[96];
    describe_status(status, why, sizeof why);
    fprintf(stderr, "runbench: %s %s\n", argv[0], why);
    return -1;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* JSON string literal: escapes quotes, backslashes and control bytes;
 * other bytes (UTF-8) pass through. */
static void json_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p == '\n')
            fputs("\\n", f);
        else if (*p == '\t')
            fputs("\\t", f);
        else if (*p < 0x20 || *p == 0x7f)
            fprintf(f, "\\u%04x", *p);
        else
            fputc(*p, f);
    }
    fputc('"', f);
}

static void report_text(const options_t *o, double med, double lo, double hi, double cpu, double rss_mb)
{
    /* Sub-0.1 s medians get more decimals so min/max do not read 0.00. */
    int fine = med < 0.1;
    printf("%s: median %.*f s (min %.*f, max %.*f, %d run%s)", o->label, fine ? 4 : 3, med, fine ? 4 : 2, lo,
           fine ? 4 : 2, hi, o->runs, o->runs == 1 ? "" : "s");
    if (o->have_bytes)
        printf(", %.1f MB/s", (double)o->bytes / 1e6 / med);
    if (o->have_docs)
        printf(", %.0f docs/s", (double)o->docs / med);
    printf(", CPU %.*f s", cpu < 0.1 ? 4 : 2, cpu);
    if (o->have_bytes && cpu > 0)
        printf(", %.1f MB/s per core", (double)o->bytes / 1e6 / cpu);
    printf(", peak RSS %.1f MB\n", rss_mb);
}

static void report_json(const options_t *o, const double *times, double med, double lo, double hi, double cpu,
                        long rss_kb, double rss_mb)
{
    printf("{\"label\": ");
    json_str(stdout, o->label);
    printf(", \"runs\": %d, \"median_s\": %.6f, \"min_s\": %.6f, \"max_s\": %.6f, \"times_s\": [", o->runs, med, lo,
           hi);
    for (int i = 0; i < o->runs; i++)
        printf("%s%.6f", i ? ", " : "", times[i]);
    printf("]");
    if (o->have_bytes)
        printf(", \"bytes\": %llu, \"mb_per_s\": %.3f", o->bytes, (double)o->bytes / 1e6 / med);
    if (o->have_docs)
        printf(", \"docs\": %llu, \"docs_per_s\": %.1f", o->docs, (double)o->docs / med);
    printf(", \"cpu_median_s\": %.6f", cpu);
    if (o->have_bytes && cpu > 0)
        printf(", \"mb_per_cpu_s\": %.3f", (double)o->bytes / 1e6 / cpu);
    printf(", \"peak_rss_kb\": %ld, \"peak_rss_mb\": %.3f, \"command\": [", rss_kb, rss_mb);
    for (char **a = o->cmd; *a; a++) {
        if (a != o->cmd)
            printf(", ");
        json_str(stdout, *a);
    }
    printf("]}\n");
}

int main(int argc, char **argv)
{
    options_t opt;
    parse_args(argc, argv, &opt);

    int devnull = open("/dev/null", O_WRONLY);
    if (devnull < 0) {
        perror("runbench: /dev/null");
        return 1;
    }
    fcntl(devnull, F_SETFD, FD_CLOEXEC); /* dup2() copies drop the flag */

    double *times = malloc(sizeof *times * (size_t)opt.runs);
    double *sorted = malloc(sizeof *sorted * (size_t)opt.runs);
    double *cpus = malloc(sizeof *cpus * (size_t)opt.runs);
    if (!times || !sorted || !cpus) {
        fputs("runbench: out of memory\n", stderr);
        free(times);
        free(sorted);
        free(cpus);
        close(devnull);
        return 1;
    }

    int rc = 0;
    long peak_kb = 0;
    fflush(NULL); /* nothing buffered may be duplicated into children */
    for (int i = 0; i < opt.runs; i++) {
        if (opt.before && run_before(opt.before, opt.show, devnull) != 0) {
            rc = 1;
            break;
        }
        long kb = 0;
        if (timed_run(opt.cmd, opt.show, devnull, &times[i], &cpus[i], &kb) != 0) {
            fprintf(stderr, "runbench: %s: run %d of %d failed\n", opt.label, i + 1, opt.runs);
            rc = 1;
            break;
        }
        if (kb > peak_kb)
            peak_kb = kb;
    }

    if (rc == 0) {
        memcpy(sorted, times, sizeof *times * (size_t)opt.runs);
        qsort(sorted, (size_t)opt.runs, sizeof *sorted, cmp_double);
        int k = opt.runs;
        double med = k % 2 ? sorted[k / 2] : (sorted[k / 2 - 1] + sorted[k / 2]) / 2;
        double rss_mb = (double)peak_kb * 1024.0 / 1e6;
        qsort(cpus, (size_t)k, sizeof *cpus, cmp_double);
        double cpu = k % 2 ? cpus[k / 2] : (cpus[k / 2 - 1] + cpus[k / 2]) / 2;
        if (opt.json)
            report_json(&opt, times, med, sorted[0], sorted[k - 1], cpu, peak_kb, rss_mb);
        else
            report_text(&opt, med, sorted[0], sorted[k - 1], cpu, rss_mb);
        if (fflush(stdout) != 0)
            rc = 1;
    }

    free(times);
    free(sorted);
    free(cpus);
    close(devnull);
    return rc;
}
