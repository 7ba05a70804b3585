/*
 * harness.c - data-driven test runner for the peiyou stage programs.
 *
 * usage: harness [--bin DIR] [--root DIR] [--shared DIR] [--filter SUBSTR] [-v]
 *                CASE_FILE_OR_DIR...
 *
 * Directories are searched recursively for "*.case" files, which run in
 * sorted path order.  Defaults: --root = current directory, --bin = ROOT/bin
 * (or $PEIYOU_BIN), --shared = ROOT/../shared.  $PEIYOU_TEST_TIMEOUT sets the
 * per-step timeout in seconds (default 120).  -v keeps each case's temp dir
 * and prints what ran.  Output: "ok   PATH", "FAIL PATH" followed by one
 * indented entry per failed assertion, or "skip PATH (reason)"; the last line
 * is "N passed, N failed, N skipped".  Exit status: 0 if no case failed,
 * 1 otherwise, 2 on a usage error.
 *
 * A case is one text file:
 *
 *   # comment (a line starting with '#', anywhere outside an input section)
 *   name: human readable name          optional; default = the file name
 *   requires: {shared}/corpus/x.txt    repeatable; missing path => case skipped
 *   requires-missing: /usr/bin/x       repeatable; existing path => case skipped
 *                                      (a case for a machine without a tool)
 *   input-name: doc.txt                file name of the input in {tmp}
 *                                      (default input.txt)
 *   input-file: {shared}/corpus/x.txt  use an existing file as {input}
 *   input-generate: repeat N STRING    {input} = STRING repeated N times;
 *                                      STRING may use \n \t \r \\ \xHH
 *   --- input                          inline input: every following line,
 *   ...                                byte for byte, up to a line that is
 *   --- input-end                      "--- input-end", "--- input-hex" or
 *                                      "--- expect"
 *   --- input-hex                      hex bytes, whitespace ignored, up to
 *   ef bb bf 41                        "--- expect", "--- input-end" or
 *                                      "--- input"
 *   --- expect
 *   run: peiyou-extract --json {input}
 *   exit = 0
 *   stdout ~ text            stdout contains text ("!~": does not contain)
 *   stderr !~ error
 *   json clauses[num=7.1].parent = 7     stdout parsed as one JSON document
 *   json #clauses >= 40                  '#': length of an array (or object)
 *   json #anomalies[kind=misplaced] = 3  '#' + trailing [f=v]: count matches
 *   summary docs = 12                    last non-empty stdout line as JSON
 *   sql SELECT count(*) FROM t = 40      query on {db}
 *   file {tmp}/out/report.html ~ <html
 *   file {tmp}/out/x exists              ("missing": must not exist)
 *   same-json #clauses clauses[*].num terms[*].zh = step 1
 *                            the listed JSON paths of this step's stdout
 *                            render the same as in step 1's ("!=": differ)
 *
 * Inline input sections (--- input and --- input-hex) may be repeated; their
 * bytes are concatenated.  Only one of input-file, input-generate and inline
 * input may be used; with none, {input} is an empty file.
 *
 * Steps.  "run: PROG ARGS" starts a step: PROG is looked up in --bin (a PROG
 * containing '/' is used as a path, relative to --root), ARGS are split on
 * spaces and tabs with placeholders substituted per word; no shell, no
 * quoting.  The step runs in --root with stdin from /dev/null, stdout and
 * stderr captured to files in {tmp}, in its own process group, killed after
 * the timeout.  The assertions that follow a run: line are checked right after
 * that step.  Assertions before any run: line belong to an implicit
 * "run: peiyou-extract --json {input}".  A step that cannot be executed, is
 * killed by a signal or times out always fails the case; the exit status is
 * only checked by an "exit" assertion.
 *
 * Other steps, for the fetch tests (each a line in the expect section, in
 * order with the run: lines; they take no assertions):
 *
 *   serve: httpd --root {tmp}/www     start a background process for the
 *                                     rest of the case (stopped with SIGTERM,
 *                                     then SIGKILL, when the case ends); the
 *                                     first line of its stdout, read within
 *                                     10 s, is {port}.  A PROG without '/' is
 *                                     looked up beside the harness first
 *                                     (build/obj/tests/httpd), then in --bin.
 *   run-kill: 0.3 PROG ARGS           a run: step killed with SIGKILL after
 *                                     that many seconds (a crash); being
 *                                     killed is not a failure, and its
 *                                     assertions may follow as for run:
 *   run-int: 0.3 PROG ARGS            a run: step sent SIGINT after that
 *                                     many seconds (Ctrl-C); it must then
 *                                     exit by itself, as a run: step must
 *   write: PATH CONTENT               write CONTENT (escapes \n \t \r \\ \xHH,
 *                                     placeholders) to PATH, creating its
 *                                     directories; CONTENT may be empty
 *   write-lines: PATH N TEMPLATE      N lines: TEMPLATE with {i} = 1..N
 *   copy: SRC DST                     copy a file or a directory tree
 *   remove: PATH                      remove a file or a directory tree
 *
 * {port} expands like the other placeholders once a serve: step ran.
 *
 * Assertions are "SUBJECT OP EXPECTED" with OP one of = != ~ !~ >= <= > <
 * surrounded by spaces (EXPECTED may be empty when OP ends the line).
 * ~ and !~ test containment of bytes; >= <= > < need two numbers; = and !=
 * compare numbers numerically for exit, for sql, and for json/summary values
 * that are JSON numbers (or counts), and compare text otherwise.  For json,
 * summary and file the operator is the first one found outside [...]; for sql
 * it is the last one, so the query may contain operators.
 *
 * JSON paths: dot-separated keys, [N] (0-based; negative counts from the
 * end), [field=value] (first array element whose field renders as value;
 * field may be a dotted path), "." for the whole document.  In same-json,
 * [*] projects an array: clauses[*].num renders every element's num,
 * joined by ","; paths are separated by spaces, '#' counts as in json, and
 * a failure shows the first path whose values differ, with both values.  Rendering:
 * strings as they are, integers as integers, other numbers with %g,
 * true/false/null as words, arrays of scalars as elements joined by ",",
 * other arrays and objects as compact JSON, an unresolved path as
 * "<missing>".  sql renders rows joined by ",", columns by "|", NULL as
 * "null".
 *
 * Placeholders {input} {tmp} {db} ({tmp}/peiyou.db) {root} {bin} {shared},
 * {obj} (the build directory holding the harness: build/obj or build/san)
 * expand to absolute paths in run: words, requires:, input-file:, sql
 * queries, file paths and expected values; unknown {names} stay as written.
 * Relative paths in requires:, input-file: and file assertions are relative
 * to --root.  A malformed line, an unknown header key or a case without
 * assertions fails the case.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <sqlite3.h>

#define DEFAULT_COMMAND "peiyou-extract --json {input}"
#define DEFAULT_TIMEOUT 120.0
#define SHOWN_CHARS 300                      /* actual values are cut here */
#define MAX_GENERATED ((unsigned long long)1 << 30) /* input-generate cap */

/* The parsed command line (and environment); read-only once main filled it. */
struct config {
    char *cwd;          /* for printing paths relative to it */
    char *root, *bin, *shared; /* absolute */
    char *tools;        /* the harness's own directory (serve: httpd) */
    char *obj;          /* its parent: the build directory ({obj}) */
    const char *filter; /* NULL: every case */
    const char *tmpdir;
    double timeout;     /* seconds per step */
    int verbose;
};

/* ---------------------------------------------------------------- memory */

static void out_of_memory(void)
{
    fputs("harness: out of memory\n", stderr);
    exit(2);
}

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p)
        out_of_memory();
    return p;
}

static char *xstrndup(const char *s, size_t n)
{
    char *p = xrealloc(NULL, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

static char *xstrdup(const char *s)
{
    return xstrndup(s, strlen(s));
}

/* Returns P grown (by doubling) to hold at least NEED elements of SIZE. */
static void *grow_array(void *p, size_t *cap, size_t need, size_t size)
{
    size_t c = *cap ? *cap : 8;
    if (need <= *cap)
        return p;
    while (c < need) {
        if (c > SIZE_MAX / 2 / size)
            out_of_memory();
        c *= 2;
    }
    *cap = c;
    return xrealloc(p, c * size);
}

/* A growable byte string, always NUL-terminated once allocated. */
typedef struct {
    char *p;
    size_t len, cap;
} buf;

static void buf_add(buf *b, const void *s, size_t n)
{
    if (n > SIZE_MAX - b->len - 1)
        out_of_memory();
    b->p = grow_array(b->p, &b->cap, b->len + n + 1, 1);
    if (n)
        memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void buf_adds(buf *b, const char *s)
{
    buf_add(b, s, strlen(s));
}

static void buf_addc(buf *b, char c)
{
    buf_add(b, &c, 1);
}

static void buf_printf(buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void buf_printf(buf *b, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    b->p = grow_array(b->p, &b->cap, b->len + (size_t)n + 1, 1);
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

static const char *buf_str(const buf *b)
{
    return b->p ? b->p : "";
}

static void buf_free(buf *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

/* ----------------------------------------------------------------- files */

/* Appends the whole file PATH to OUT.  Returns 0, or -1 with errno set (OUT
 * may then hold part of the file; the caller frees it either way). */
static int read_whole(const char *path, buf *out)
{
    struct stat st;
    int fd = open(path, O_RDONLY | O_CLOEXEC);

    if (fd < 0)
        return -1;
    if (fstat(fd, &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            close(fd);
            errno = EISDIR;
            return -1;
        }
        if (st.st_size > 0 && (unsigned long long)st.st_size < SIZE_MAX / 2)
            out->p = grow_array(out->p, &out->cap,
                                out->len + (size_t)st.st_size + 1, 1);
    }
    for (;;) {
        ssize_t r;
        out->p = grow_array(out->p, &out->cap, out->len + 65536 + 1, 1);
        r = read(fd, out->p + out->len, out->cap - out->len - 1);
        if (r < 0) {
            int e = errno;
            if (e == EINTR)
                continue;
            out->p[out->len] = '\0';
            close(fd);
            errno = e;
            return -1;
        }
        if (r == 0)
            break;
        out->len += (size_t)r;
    }
    out->p[out->len] = '\0';
    close(fd);
    return 0;
}

static int write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

static char *path_join(const char *dir, const char *name)
{
    buf b = {0};
    buf_adds(&b, dir);
    if (b.len == 0 || b.p[b.len - 1] != '/')
        buf_addc(&b, '/');
    buf_adds(&b, name);
    return b.p;
}

/* Returns PATH made absolute against BASE, with "." and ".." folded
 * lexically (like the shell's logical "cd"). */
static char *abs_path(const char *base, const char *path)
{
    buf joined = {0};
    char *out;
    const char *s;
    size_t n = 0;

    if (path[0] != '/') {
        buf_adds(&joined, base);
        buf_addc(&joined, '/');
    }
    buf_adds(&joined, path);
    out = xrealloc(NULL, joined.len + 2);
    s = joined.p;
    while (*s) {
        const char *e;
        size_t len;
        while (*s == '/')
            s++;
        e = s;
        while (*e && *e != '/')
            e++;
        len = (size_t)(e - s);
        if (len == 0 || (len == 1 && s[0] == '.')) {
            /* nothing */
        } else if (len == 2 && s[0] == '.' && s[1] == '.') {
            while (n > 0 && out[n - 1] != '/')
                n--;
            if (n > 0)
                n--;
        } else {
            out[n++] = '/';
            memcpy(out + n, s, len);
            n += len;
        }
        s = e;
    }
    if (n == 0)
        out[n++] = '/';
    out[n] = '\0';
    buf_free(&joined);
    return out;
}

/* Returns absolute PATH as the user would like to read it: relative to CWD
 * when it lies below CWD or CWD's parent (bin/x, ../shared/x), else as is. */
static char *display_path(const char *cwd, const char *path)
{
    size_t i = 0, common = 0, ups = 0;
    const char *rest;
    buf b = {0};

    if (path[0] != '/')
        return xstrdup(path);
    while (cwd[i] && path[i] && cwd[i] == path[i]) {
        i++;
        if ((cwd[i] == '/' || cwd[i] == '\0') &&
            (path[i] == '/' || path[i] == '\0'))
            common = i;
    }
    if (common == 0)
        return xstrdup(path);
    for (i = common; cwd[i]; i++)
        if (cwd[i] == '/')
            ups++;
    if (ups > 1)
        return xstrdup(path);
    rest = path + common;
    while (*rest == '/')
        rest++;
    for (i = 0; i < ups; i++)
        buf_adds(&b, "../");
    buf_adds(&b, rest);
    if (b.len == 0)
        buf_addc(&b, '.');
    else if (b.p[b.len - 1] == '/')
        b.p[--b.len] = '\0';
    return b.p;
}

/* Removes PATH and everything below it, without following symlinks. */
static void remove_tree(const char *path)
{
    struct stat st;

    if (lstat(path, &st) != 0)
        return;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        if (d) {
            struct dirent *e;
            while ((e = readdir(d)) != NULL) {
                char *child;
                if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                    continue;
                child = path_join(path, e->d_name);
                remove_tree(child);
                free(child);
            }
            closedir(d);
        }
        rmdir(path);
    } else {
        unlink(path);
    }
}

/* Appends V for a one-line report: at most SHOWN_CHARS characters, control
 * characters and invalid UTF-8 escaped, valid UTF-8 kept. */
static void append_shown(buf *out, const char *v, size_t n)
{
    const unsigned char *s = (const unsigned char *)v;
    size_t i = 0, chars = 0;

    if (n == 0) {
        buf_adds(out, "(empty)");
        return;
    }
    while (i < n && chars < SHOWN_CHARS) {
        unsigned char c = s[i];
        size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2
                   : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
        size_t k;
        int valid = len > 1 && i + len <= n;
        for (k = 1; valid && k < len; k++)
            valid = (s[i + k] & 0xC0) == 0x80;
        chars++;
        if (c == '\n')
            buf_adds(out, "\\n");
        else if (c == '\t')
            buf_adds(out, "\\t");
        else if (c == '\\')
            buf_adds(out, "\\\\");
        else if (c < 0x20 || c == 0x7F || (c >= 0x80 && !valid))
            buf_printf(out, "\\x%02X", c);
        else if (c < 0x80)
            buf_addc(out, (char)c);
        else {
            buf_add(out, s + i, len);
            i += len;
            continue;
        }
        i++;
    }
    if (i < n)
        buf_printf(out, "... (%zu bytes in all)", n);
}

/* ---------------------------------------------------------- case format */

enum kind { K_EXIT, K_STDOUT, K_STDERR, K_JSON, K_SUMMARY, K_SQL, K_FILE, K_SAME };
enum op { OP_EQ, OP_NE, OP_HAS, OP_HASNT, OP_GE, OP_LE, OP_GT, OP_LT,
          OP_EXISTS, OP_MISSING };

static const struct {
    const char *tok;
    enum op op;
} OPS[] = {
    {"!=", OP_NE}, {"!~", OP_HASNT}, {">=", OP_GE}, {"<=", OP_LE},
    {"=", OP_EQ},  {"~", OP_HAS},    {">", OP_GT},  {"<", OP_LT},
};

static const struct {
    const char *word;
    enum kind kind;
} KINDS[] = {
    {"exit", K_EXIT}, {"stdout", K_STDOUT}, {"stderr", K_STDERR},
    {"json", K_JSON}, {"summary", K_SUMMARY}, {"sql", K_SQL},
    {"file", K_FILE}, {"same-json", K_SAME},
};

struct assertion {
    int line;
    enum kind kind;
    enum op op;
    int count;       /* json/summary "#path" */
    char *text;      /* the line as written */
    char *subject;   /* json path, sql query or file path; "" otherwise */
    char *expected;
};

/* What a step does: run: (and run-kill:) check assertions; the others
 * prepare the ground (see the format comment). */
enum step_kind { S_RUN, S_KILL, S_INT, S_SERVE, S_WRITE, S_LINES, S_COPY, S_REMOVE };

struct step {
    int line;        /* 0: the implicit default step */
    enum step_kind kind;
    double kill_after;  /* S_KILL, S_INT: seconds */
    char *command;
    struct assertion *as;
    size_t nas, cap;
};

struct case_def {
    char *name;
    char **requires;
    size_t nreq, capreq;
    char **absent;   /* requires-missing: */
    size_t nabs, capabs;
    char *input_name, *input_file;
    int has_generate;
    unsigned long long gen_count;
    buf gen_unit;
    int has_inline;
    buf input;
    struct step *steps;
    size_t nsteps, capsteps;
    size_t nassert;
    buf errors;      /* indented report lines */
};

static void case_free(struct case_def *c)
{
    size_t i, j;

    free(c->name);
    for (i = 0; i < c->nreq; i++)
        free(c->requires[i]);
    free(c->requires);
    for (i = 0; i < c->nabs; i++)
        free(c->absent[i]);
    free(c->absent);
    free(c->input_name);
    free(c->input_file);
    buf_free(&c->gen_unit);
    buf_free(&c->input);
    for (i = 0; i < c->nsteps; i++) {
        struct step *st = &c->steps[i];
        for (j = 0; j < st->nas; j++) {
            free(st->as[j].text);
            free(st->as[j].subject);
            free(st->as[j].expected);
        }
        free(st->as);
        free(st->command);
    }
    free(c->steps);
    buf_free(&c->errors);
}

static void case_error(struct case_def *c, int line, const char *what,
                       const char *text)
{
    buf_printf(&c->errors, "  %s at line %d: ", what, line);
    append_shown(&c->errors, text, strlen(text));
    buf_addc(&c->errors, '\n');
}

static struct step *add_step(struct case_def *c, int line, const char *cmd)
{
    struct step *st;
    c->steps = grow_array(c->steps, &c->capsteps, c->nsteps + 1,
                          sizeof *c->steps);
    st = &c->steps[c->nsteps++];
    memset(st, 0, sizeof *st);
    st->line = line;
    st->command = xstrdup(cmd);
    return st;
}

/* Section marker lines; M_NONE is any other line. */
enum marker { M_NONE, M_INPUT, M_INPUT_HEX, M_INPUT_END, M_EXPECT };

/* Classifies line S[0..N) (without its line end). */
static enum marker marker_of(const char *s, size_t n)
{
    static const char *const names[] = {
        NULL, "--- input", "--- input-hex", "--- input-end", "--- expect",
    };
    int k;

    for (k = M_INPUT; k <= M_EXPECT; k++)
        if (n == strlen(names[k]) && !memcmp(s, names[k], n))
            return (enum marker)k;
    return M_NONE;
}

static int hex_value(unsigned char ch)
{
    return isdigit(ch) ? ch - '0' : tolower(ch) - 'a' + 10;
}

static int is_blank(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return *s == '\0';
}

/* Decodes the escapes \n \t \r \\ \xHH of S into OUT; -1 on a bad escape. */
static int unescape(const char *s, buf *out)
{
    while (*s) {
        if (*s != '\\') {
            buf_addc(out, *s++);
            continue;
        }
        s++;
        switch (*s) {
        case 'n': buf_addc(out, '\n'); s++; break;
        case 't': buf_addc(out, '\t'); s++; break;
        case 'r': buf_addc(out, '\r'); s++; break;
        case '\\': buf_addc(out, '\\'); s++; break;
        case 'x':
            if (isxdigit((unsigned char)s[1]) && isxdigit((unsigned char)s[2])) {
                char hex[3] = {s[1], s[2], '\0'};
                buf_addc(out, (char)strtol(hex, NULL, 16));
                s += 3;
                break;
            }
            return -1;
        default:
            return -1;
        }
    }
    return 0;
}

/* Parses "repeat N STRING" into C; -1 if malformed or too large. */
static int parse_generate(struct case_def *c, const char *v)
{
    char *end;
    unsigned long long n;

    if (strncmp(v, "repeat ", 7) != 0 || !isdigit((unsigned char)v[7]))
        return -1;
    errno = 0;
    n = strtoull(v + 7, &end, 10);
    if (errno || *end != ' ' || end[1] == '\0')
        return -1;
    buf_free(&c->gen_unit);
    if (unescape(end + 1, &c->gen_unit) != 0 || c->gen_unit.len == 0 ||
        n > MAX_GENERATED / c->gen_unit.len)
        return -1;
    c->gen_count = n;
    c->has_generate = 1;
    return 0;
}

/* Handles one "key: value" header line. */
static void parse_header(struct case_def *c, int line, char *text)
{
    char *colon = strchr(text, ':');
    char *key, *val, *end;

    if (!colon || colon == text) {
        case_error(c, line, "bad header line", text);
        return;
    }
    key = xstrndup(text, (size_t)(colon - text));
    val = colon + 1;
    while (*val == ' ' || *val == '\t')
        val++;
    end = val + strlen(val);
    while (end > val && (end[-1] == ' ' || end[-1] == '\t'))
        *--end = '\0';
    if (!strcmp(key, "name") || !strcmp(key, "input-name") ||
        !strcmp(key, "input-file") || !strcmp(key, "input-generate")) {
        char **slot = !strcmp(key, "name") ? &c->name
                    : !strcmp(key, "input-name") ? &c->input_name
                    : !strcmp(key, "input-file") ? &c->input_file : NULL;
        if (*val == '\0')
            case_error(c, line, "empty header value", text);
        else if (slot ? *slot != NULL : c->has_generate)
            case_error(c, line, "duplicate header", text);
        else if (slot == &c->input_name &&
                 (strchr(val, '/') || !strcmp(val, ".") || !strcmp(val, "..")))
            case_error(c, line, "input-name must be a plain file name", text);
        else if (slot)
            *slot = xstrdup(val);
        else if (parse_generate(c, val) != 0)
            case_error(c, line,
                       "bad input-generate (want: repeat N STRING, at most 1 GiB)",
                       text);
    } else if (!strcmp(key, "requires")) {
        if (*val == '\0') {
            case_error(c, line, "empty header value", text);
        } else {
            c->requires = grow_array(c->requires, &c->capreq, c->nreq + 1,
                                     sizeof *c->requires);
            c->requires[c->nreq++] = xstrdup(val);
        }
    } else if (!strcmp(key, "requires-missing")) {
        if (*val == '\0') {
            case_error(c, line, "empty header value", text);
        } else {
            c->absent = grow_array(c->absent, &c->capabs, c->nabs + 1, sizeof *c->absent);
            c->absent[c->nabs++] = xstrdup(val);
        }
    } else {
        case_error(c, line, "unknown header key", text);
    }
    free(key);
}

/* Returns the index in OPS of an operator token at S[I] that is preceded by
 * a space and followed by a space or the end of S, or -1. */
static int op_at(const char *s, size_t i)
{
    size_t k;

    if (i == 0 || s[i - 1] != ' ')
        return -1;
    for (k = 0; k < sizeof OPS / sizeof OPS[0]; k++) {
        size_t n = strlen(OPS[k].tok);
        if (!strncmp(s + i, OPS[k].tok, n) && (s[i + n] == ' ' || s[i + n] == '\0'))
            return (int)k;
    }
    return -1;
}

/* Reads the JSON path segment at *PP: a key, [N] or [field=value].  Returns
 * 1 and advances *PP, 0 at the end, -1 on a syntax error. */
enum seg_type { SEG_KEY, SEG_INDEX, SEG_FILTER };
struct seg {
    enum seg_type type;
    const char *key, *val;
    size_t keylen, vallen;
    long long index;
};

static int next_seg(const char **pp, struct seg *s)
{
    const char *p = *pp;

    if (*p == '\0')
        return 0;
    if (*p == '[') {
        const char *end = strchr(p, ']');
        const char *in = p + 1, *eq;
        size_t n;
        if (!end || end == in)
            return -1;
        n = (size_t)(end - in);
        eq = memchr(in, '=', n);
        if (eq) {
            s->type = SEG_FILTER;
            s->key = in;
            s->keylen = (size_t)(eq - in);
            s->val = eq + 1;
            s->vallen = (size_t)(end - eq - 1);
            if (s->keylen == 0)
                return -1;
        } else {
            size_t i = in[0] == '-' ? 1 : 0;
            char *num;
            if (i == n || n > 19)
                return -1;
            for (; i < n; i++)
                if (!isdigit((unsigned char)in[i]))
                    return -1;
            num = xstrndup(in, n);
            s->type = SEG_INDEX;
            s->key = s->val = NULL;
            s->keylen = s->vallen = 0;
            s->index = strtoll(num, NULL, 10);
            free(num);
        }
        p = end + 1;
    } else {
        size_t n = strcspn(p, ".[");
        if (n == 0)
            return -1;
        s->type = SEG_KEY;
        s->key = p;
        s->keylen = n;
        s->val = NULL;
        s->vallen = 0;
        p += n;
    }
    if (*p == '.') {
        p++;
        if (*p == '\0' || *p == '.' || *p == '[')
            return -1;
    } else if (*p != '\0' && *p != '[') {
        return -1;
    }
    *pp = p;
    return 1;
}

/* Is PATH a well-formed JSON path (filter fields included)? */
static int path_valid(const char *path)
{
    struct seg s = { 0 };
    int r;

    if (!strcmp(path, "."))
        return 1;
    if (*path == '\0')
        return 0;
    while ((r = next_seg(&path, &s)) > 0) {
        if (s.type == SEG_FILTER) {
            char *field = xstrndup(s.key, s.keylen);
            int ok = path_valid(field);
            free(field);
            if (!ok)
                return 0;
        }
    }
    return r == 0;
}

/* Parses decimal number S[0..N) (no spaces, hex, inf or nan). */
struct num {
    int is_int;
    long long i;
    double d;
};

static int parse_num(const char *s, size_t n, struct num *out)
{
    char tmp[65];
    size_t i = 0, digits = 0;
    int is_int = 1;

    if (n == 0 || n >= sizeof tmp)
        return 0;
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    if (tmp[i] == '-' || tmp[i] == '+')
        i++;
    for (; isdigit((unsigned char)tmp[i]); i++)
        digits++;
    if (tmp[i] == '.') {
        is_int = 0;
        for (i++; isdigit((unsigned char)tmp[i]); i++)
            digits++;
    }
    if (digits == 0)
        return 0;
    if (tmp[i] == 'e' || tmp[i] == 'E') {
        is_int = 0;
        i++;
        if (tmp[i] == '-' || tmp[i] == '+')
            i++;
        if (!isdigit((unsigned char)tmp[i]))
            return 0;
        while (isdigit((unsigned char)tmp[i]))
            i++;
    }
    if (tmp[i] != '\0')
        return 0;
    errno = 0;
    if (is_int) {
        out->i = strtoll(tmp, NULL, 10);
        if (errno == ERANGE)
            is_int = 0;
    }
    out->is_int = is_int;
    out->d = strtod(tmp, NULL);
    return 1;
}

/* Parses one line of the expect section into an assertion of the current
 * step; returns -1 if it is not a valid assertion. */
static int parse_assertion(struct case_def *c, int line, const char *text)
{
    struct assertion a;
    const char *rest = NULL;
    size_t k, n, i, opi = 0, sub_from = 1, sub_to = 0;
    int found = -1;
    struct step *st;

    memset(&a, 0, sizeof a);
    for (k = 0; k < sizeof KINDS / sizeof KINDS[0]; k++) {
        n = strlen(KINDS[k].word);
        if (!strncmp(text, KINDS[k].word, n) && text[n] == ' ') {
            a.kind = KINDS[k].kind;
            rest = text + n; /* starts with the space */
            break;
        }
    }
    if (!rest)
        return -1;
    n = strlen(rest);
    if (a.kind == K_EXIT || a.kind == K_STDOUT || a.kind == K_STDERR) {
        found = op_at(rest, 1);
        opi = 1;
    } else if (a.kind == K_SQL) {
        for (i = 2; i < n; i++)
            if (op_at(rest, i) >= 0) {
                found = op_at(rest, i);
                opi = i;
            }
    } else {
        int depth = 0;
        for (i = 2; i < n && found < 0; i++) {
            if (a.kind != K_FILE && rest[i - 1] == '[')
                depth++;
            else if (a.kind != K_FILE && rest[i - 1] == ']' && depth > 0)
                depth--;
            if (depth == 0 && (found = op_at(rest, i)) >= 0)
                opi = i;
        }
    }
    if (found >= 0) {
        size_t e = opi + strlen(OPS[found].tok);
        a.op = OPS[found].op;
        a.expected = xstrdup(rest[e] == ' ' ? rest + e + 1 : rest + e);
        sub_to = opi > 1 ? opi - 1 : 1;
    } else if (a.kind == K_FILE && n > 8 && !strcmp(rest + n - 7, " exists")) {
        a.op = OP_EXISTS;
        sub_to = n - 7;
    } else if (a.kind == K_FILE && n > 9 && !strcmp(rest + n - 8, " missing")) {
        a.op = OP_MISSING;
        sub_to = n - 8;
    } else {
        return -1;
    }
    if (a.kind == K_JSON || a.kind == K_SUMMARY) {
        if (rest[sub_from] == '#') {
            a.count = 1;
            sub_from++;
        }
    }
    a.subject = xstrndup(rest + sub_from, sub_to > sub_from ? sub_to - sub_from : 0);
    if (a.kind != K_EXIT && a.kind != K_STDOUT && a.kind != K_STDERR &&
        (a.subject[0] == '\0' || a.subject[0] == ' '))
        goto bad;
    if ((a.kind == K_JSON || a.kind == K_SUMMARY) && !path_valid(a.subject))
        goto bad;
    if (a.kind == K_SAME) {
        unsigned long stepno = 0;
        char extra;
        if ((a.op != OP_EQ && a.op != OP_NE) ||
            sscanf(a.expected, "step %lu%c", &stepno, &extra) != 1 || stepno == 0)
            goto bad;
    }
    if (a.op == OP_GE || a.op == OP_LE || a.op == OP_GT || a.op == OP_LT) {
        struct num x;
        if (!parse_num(a.expected, strlen(a.expected), &x))
            goto bad; /* an ordering needs a number to compare with */
    }
    a.line = line;
    a.text = xstrdup(text);
    if (c->nsteps == 0)
        add_step(c, 0, DEFAULT_COMMAND);
    st = &c->steps[c->nsteps - 1];
    if (st->kind != S_RUN && st->kind != S_KILL && st->kind != S_INT)
        goto bad;    /* serve:, write: ... take no assertions */
    st->as = grow_array(st->as, &st->cap, st->nas + 1, sizeof *st->as);
    st->as[st->nas++] = a;
    c->nassert++;
    return 0;
bad:
    free(a.text);
    free(a.subject);
    free(a.expected);
    return -1;
}

/* Parses a serve:, run-kill:, write:, write-lines: or copy: line. */
static void parse_other_step(struct case_def *c, int line, const char *text)
{
    static const struct {
        const char *key;
        enum step_kind kind;
    } keys[] = {
        {"run-kill:", S_KILL}, {"run-int:", S_INT}, {"serve:", S_SERVE},
        {"write-lines:", S_LINES},
        {"write:", S_WRITE}, {"copy:", S_COPY}, {"remove:", S_REMOVE},
    };
    size_t k, n = 0;
    const char *rest = NULL;
    struct step *st;

    for (k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        n = strlen(keys[k].key);
        if (!strncmp(text, keys[k].key, n))
            break;
    }
    rest = text + n;
    while (*rest == ' ' || *rest == '\t')
        rest++;
    if (is_blank(rest)) {
        case_error(c, line, "bad step line", text);
        return;
    }
    if (keys[k].kind == S_KILL || keys[k].kind == S_INT) {
        char *end;
        double secs = strtod(rest, &end);
        if (end == rest || (*end != ' ' && *end != '\t') || !(secs > 0) || is_blank(end)) {
            case_error(c, line, "bad run-kill or run-int line (want: SECONDS PROG ARGS)", text);
            return;
        }
        while (*end == ' ' || *end == '\t')
            end++;
        st = add_step(c, line, end);
        st->kill_after = secs;
    } else {
        size_t words = 0;
        const char *p = rest;
        while (*p) {
            p += strcspn(p, " \t");
            p += strspn(p, " \t");
            words++;
        }
        if ((keys[k].kind == S_COPY && words != 2) || (keys[k].kind == S_LINES && words < 3) ||
            (keys[k].kind == S_REMOVE && words != 1)) {
            case_error(c, line, "bad step line", text);
            return;
        }
        st = add_step(c, line, rest);
    }
    st->kind = keys[k].kind;
}

/* Parses case file DATA[0..LEN) into C; problems go to C->errors. */
static void parse_case(struct case_def *c, const char *data, size_t len,
                       const char *path)
{
    enum { HEAD, INPUT, HEX, EXPECT } mode = HEAD;
    size_t pos = 0;
    int line = 0, nibble = -1, hex_line = 0, saw_expect = 0;

    if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
        pos = 3;
    while (pos < len) {
        const char *l = data + pos;
        const char *nl = memchr(l, '\n', len - pos);
        size_t full = nl ? (size_t)(nl - l) + 1 : len - pos;
        size_t n = nl ? (size_t)(nl - l) : len - pos;
        enum marker m;
        char *text;

        pos += full;
        line++;
        if (n > 0 && l[n - 1] == '\r')
            n--;
        m = marker_of(l, n);
        if (mode == INPUT || mode == HEX) {
            /* An input section ends at any marker other than its own. */
            if (m != M_NONE && m != (mode == INPUT ? M_INPUT : M_INPUT_HEX)) {
                if (mode == HEX && nibble >= 0)
                    case_error(c, hex_line, "odd number of hex digits", "--- input-hex");
                nibble = -1;
                mode = m == M_INPUT ? INPUT : m == M_INPUT_HEX ? HEX
                     : m == M_EXPECT ? EXPECT : HEAD;
                hex_line = line;
                saw_expect |= mode == EXPECT;
            } else if (mode == INPUT) {
                buf_add(&c->input, l, full);
            } else {
                for (size_t i = 0; i < n; i++) {
                    unsigned char ch = (unsigned char)l[i];
                    if (isspace(ch))
                        continue;
                    if (!isxdigit(ch)) {
                        char *bad = xstrndup(l, n);
                        case_error(c, line, "bad hex digit", bad);
                        free(bad);
                        break;
                    }
                    if (nibble < 0) {
                        nibble = hex_value(ch);
                    } else {
                        buf_addc(&c->input, (char)(nibble * 16 + hex_value(ch)));
                        nibble = -1;
                    }
                }
            }
            continue;
        }
        if (memchr(l, '\0', n)) {
            case_error(c, line, "NUL byte", "(outside an input section)");
            continue;
        }
        text = xstrndup(l, n);
        if (is_blank(text) || text[0] == '#') {
            /* comment or blank line */
        } else if (mode == HEAD && (m == M_INPUT || m == M_INPUT_HEX)) {
            mode = m == M_INPUT ? INPUT : HEX;
            hex_line = line;
            c->has_inline = 1;
        } else if (mode == HEAD && m == M_EXPECT) {
            mode = EXPECT;
            saw_expect = 1;
        } else if (!strncmp(text, "---", 3)) {
            case_error(c, line, "unexpected section line", text);
        } else if (mode == HEAD) {
            parse_header(c, line, text);
        } else if (!strncmp(text, "run-kill:", 9) || !strncmp(text, "run-int:", 8) ||
                   !strncmp(text, "serve:", 6) || !strncmp(text, "write:", 6) || !strncmp(text, "write-lines:", 12) ||
                   !strncmp(text, "copy:", 5) || !strncmp(text, "remove:", 7)) {
            parse_other_step(c, line, text);
        } else if (!strncmp(text, "run:", 4)) {
            const char *cmd = text + 4;
            while (*cmd == ' ' || *cmd == '\t')
                cmd++;
            if (is_blank(cmd))
                case_error(c, line, "bad run line", text);
            else
                add_step(c, line, cmd);
        } else if (parse_assertion(c, line, text) != 0) {
            case_error(c, line, "bad assertion", text);
        }
        free(text);
    }
    if (mode == HEX && nibble >= 0)
        case_error(c, hex_line, "odd number of hex digits", "--- input-hex");
    if (c->has_inline + c->has_generate + (c->input_file != NULL) > 1)
        buf_adds(&c->errors, "  more than one input source (input-file, "
                             "input-generate, --- input/--- input-hex)\n");
    if (c->nassert == 0)
        buf_adds(&c->errors, saw_expect ? "  no assertions\n"
                                        : "  no assertions (no --- expect section)\n");
    if (!c->name) {
        const char *slash = strrchr(path, '/');
        c->name = xstrdup(slash ? slash + 1 : path);
    }
}

/* -------------------------------------------------------------- running */

/* Placeholder values of one case; NULL ones are left unexpanded. */
struct vars {
    const char *input, *tmp, *db, *root, *bin, *shared, *port, *obj;
};

/* Returns S with the known {placeholders} expanded (malloc'd). */
static char *subst(const char *s, const struct vars *v)
{
    const struct {
        const char *name;
        const char *value;
    } tab[] = {
        {"{input}", v->input}, {"{tmp}", v->tmp}, {"{db}", v->db},
        {"{root}", v->root},   {"{bin}", v->bin}, {"{shared}", v->shared},
        {"{port}", v->port}, {"{obj}", v->obj},
    };
    buf b = {0};

    buf_adds(&b, "");
    while (*s) {
        size_t k, n = 0;
        if (*s == '{') {
            for (k = 0; k < sizeof tab / sizeof tab[0]; k++) {
                size_t len = strlen(tab[k].name);
                if (tab[k].value && !strncmp(s, tab[k].name, len)) {
                    buf_adds(&b, tab[k].value);
                    n = len;
                    break;
                }
            }
        }
        if (n == 0) {
            buf_addc(&b, *s);
            n = 1;
        }
        s += n;
    }
    return b.p;
}

/* Everything one case run needs to reach. */
struct ctx {
    const struct config *cfg;
    struct vars v;
    buf *report;     /* failure and verbose lines */
    int failed;
    pid_t servers[8];   /* serve: processes, stopped when the case ends */
    int nservers;
    char port[64];
};

/* Outcome of one step, with its captured output loaded on demand. */
struct outputs {
    char *path[2];   /* stdout, stderr capture files */
    buf data[2];
    int loaded[2], load_errno[2];
    buf exit_text;
    json_t *json, *summary;
    int json_done, summary_done;
    buf json_err, summary_err;
};

static void outputs_free(struct outputs *o)
{
    int k;
    for (k = 0; k < 2; k++) {
        free(o->path[k]);
        buf_free(&o->data[k]);
    }
    buf_free(&o->exit_text);
    json_decref(o->json);
    json_decref(o->summary);
    buf_free(&o->json_err);
    buf_free(&o->summary_err);
}

/* Loads captured stream K (0 stdout, 1 stderr); returns -1 if unreadable. */
static int load_stream(struct outputs *o, int k)
{
    if (!o->loaded[k]) {
        o->loaded[k] = 1;
        if (read_whole(o->path[k], &o->data[k]) != 0)
            o->load_errno[k] = errno;
    }
    return o->load_errno[k] ? -1 : 0;
}

/* Appends the rendering of V described in the format comment. */
static void render_json(const json_t *v, buf *out)
{
    size_t i;
    char *dump;

    switch (json_typeof(v)) {
    case JSON_STRING:
        buf_add(out, json_string_value(v), json_string_length(v));
        return;
    case JSON_INTEGER:
        buf_printf(out, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return;
    case JSON_REAL:
        buf_printf(out, "%g", json_real_value(v));
        return;
    case JSON_TRUE:
        buf_adds(out, "true");
        return;
    case JSON_FALSE:
        buf_adds(out, "false");
        return;
    case JSON_NULL:
        buf_adds(out, "null");
        return;
    case JSON_ARRAY:
        for (i = 0; i < json_array_size(v); i++) {
            const json_t *e = json_array_get(v, i);
            if (json_is_array(e) || json_is_object(e))
                break;
        }
        if (i == json_array_size(v)) {
            for (i = 0; i < json_array_size(v); i++) {
                if (i)
                    buf_addc(out, ',');
                render_json(json_array_get(v, i), out);
            }
            return;
        }
        break;
    case JSON_OBJECT:
        break;
    }
    dump = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    if (dump)
        buf_adds(out, dump);
    free(dump);
}

static json_t *json_path(json_t *v, const char *path);

/* Does object E have FIELD (a path) rendering exactly as VAL[0..N)? */
static int filter_match(json_t *e, const char *field, const char *val, size_t n)
{
    json_t *f = json_path(e, field);
    buf r = {0};
    int match;

    if (!f)
        return 0;
    render_json(f, &r);
    match = r.len == n && (n == 0 || !memcmp(r.p, val, n));
    buf_free(&r);
    return match;
}

/* Returns the value at PATH below V (borrowed), or NULL if it does not
 * resolve.  PATH has been checked by path_valid. */
static json_t *json_path(json_t *v, const char *path)
{
    struct seg s = { 0 };

    if (!strcmp(path, "."))
        return v;
    while (v && next_seg(&path, &s) > 0) {
        char *key = s.key ? xstrndup(s.key, s.keylen) : NULL;
        if (s.type == SEG_KEY) {
            v = json_is_object(v) ? json_object_get(v, key) : NULL;
        } else if (s.type == SEG_INDEX) {
            long long i = s.index, size;
            if (!json_is_array(v)) {
                v = NULL;
            } else {
                size = (long long)json_array_size(v);
                if (i < 0)
                    i += size;
                v = i >= 0 && i < size ? json_array_get(v, (size_t)i) : NULL;
            }
        } else {
            json_t *found = NULL;
            size_t i;
            for (i = 0; json_is_array(v) && i < json_array_size(v) && !found; i++)
                if (filter_match(json_array_get(v, i), key, s.val, s.vallen))
                    found = json_array_get(v, i);
            v = found;
        }
        free(key);
    }
    return v;
}

/* Computes the value of "#PATH" in DOC into OUT. */
static void json_count(json_t *doc, const char *path, buf *out)
{
    size_t n = strlen(path), count = 0, i;
    const char *lb = strrchr(path, '[');
    json_t *base;

    if (lb && n > 0 && path[n - 1] == ']' && memchr(lb, '=', (size_t)(path + n - lb))) {
        char *prefix = xstrndup(path, (size_t)(lb - path));
        const char *eq = memchr(lb, '=', (size_t)(path + n - lb));
        char *field = xstrndup(lb + 1, (size_t)(eq - lb - 1));
        base = prefix[0] ? json_path(doc, prefix) : doc;
        if (json_is_array(base))
            for (i = 0; i < json_array_size(base); i++)
                count += (size_t)filter_match(json_array_get(base, i), field,
                                              eq + 1, (size_t)(path + n - 1 - eq - 1));
        free(prefix);
        free(field);
        if (!base)
            buf_adds(out, "<missing>");
        else if (!json_is_array(base))
            buf_adds(out, "<not an array>");
        else
            buf_printf(out, "%zu", count);
        return;
    }
    base = json_path(doc, path);
    if (!base)
        buf_adds(out, "<missing>");
    else if (json_is_array(base))
        buf_printf(out, "%zu", json_array_size(base));
    else if (json_is_object(base))
        buf_printf(out, "%zu", json_object_size(base));
    else
        buf_adds(out, "<not an array>");
}

/* Renders PATH of V into OUT for same-json: "#PATH" counts, "[*]" projects
 * every element of an array (joined by ","), otherwise as json does. */
static void render_projected(json_t *v, const char *path, buf *out)
{
    const char *star = strstr(path, "[*]");
    json_t *base;

    if (path[0] == '#') {
        json_count(v, path + 1, out);
        return;
    }
    if (!star) {
        json_t *x = path[0] ? json_path(v, path) : v;
        if (x)
            render_json(x, out);
        else
            buf_adds(out, "<missing>");
        return;
    }
    {
        char *prefix = xstrndup(path, (size_t)(star - path));
        const char *rest = star + 3;
        size_t i;
        if (*rest == '.')
            rest++;
        base = prefix[0] ? json_path(v, prefix) : v;
        free(prefix);
        if (!json_is_array(base)) {
            buf_adds(out, "<not an array>");
            return;
        }
        for (i = 0; i < json_array_size(base); i++) {
            if (i)
                buf_addc(out, ',');
            render_projected(json_array_get(base, i), rest, out);
        }
    }
}

/* Renders every space-separated path of PATHS as "path: value" lines. */
static void render_paths(json_t *doc, const char *paths, buf *out)
{
    const char *p = paths;
    while (*p) {
        size_t n = strcspn(p, " \t");
        if (n) {
            char *one = xstrndup(p, n);
            buf_printf(out, "%s: ", one);
            render_projected(doc, one, out);
            buf_addc(out, '\n');
            free(one);
        }
        p += n;
        p += strspn(p, " \t");
    }
}

/* Parses the step's stdout (whole, or its last non-empty line for SUMMARY);
 * returns the document, or NULL with the reason in the error buffer. */
static json_t *stdout_json(struct outputs *o, const struct config *cfg, int summary)
{
    json_t **doc = summary ? &o->summary : &o->json;
    int *done = summary ? &o->summary_done : &o->json_done;
    buf *err = summary ? &o->summary_err : &o->json_err;
    const char *p;
    size_t n;
    json_error_t je;

    if (*done)
        return *doc;
    *done = 1;
    if (load_stream(o, 0) != 0) {
        char *d = display_path(cfg->cwd, o->path[0]);
        buf_printf(err, "cannot read %s: %s", d, strerror(o->load_errno[0]));
        free(d);
        return NULL;
    }
    p = buf_str(&o->data[0]);
    n = o->data[0].len;
    if (summary) {
        size_t end = n, start;
        while (end > 0 && isspace((unsigned char)p[end - 1]))
            end--;
        start = end;
        while (start > 0 && p[start - 1] != '\n')
            start--;
        if (end == 0) {
            buf_adds(err, "stdout has no non-empty line");
            return NULL;
        }
        p += start;
        n = end - start;
    } else if (n == 0) {
        buf_adds(err, "stdout is empty, not JSON");
        return NULL;
    }
    *doc = json_loadb(p, n, JSON_DECODE_ANY | JSON_ALLOW_NUL, &je);
    if (!*doc) {
        buf_printf(err, "%s is not JSON: %s (line %d, column %d)",
                   summary ? "last line of stdout" : "stdout", je.text,
                   je.line, je.column);
    } else if (summary && !json_is_object(*doc)) {
        buf_adds(err, "last line of stdout is not a JSON object");
        json_decref(*doc);
        *doc = NULL;
    }
    return *doc;
}

/* Runs QUERY on database DB (read-only) and renders its rows into OUT;
 * returns -1 with the reason in OUT on error. */
static int sql_query(const struct config *cfg, const char *db, const char *query,
                     buf *out)
{
    sqlite3 *h = NULL;
    sqlite3_stmt *st = NULL;
    const char *tail = NULL;
    struct stat sb;
    int rc = -1, r, rows = 0;

    if (stat(db, &sb) != 0) {
        char *d = display_path(cfg->cwd, db);
        buf_printf(out, "database %s: %s", d, strerror(errno));
        free(d);
        return -1;
    }
    if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        buf_printf(out, "cannot open database: %s", h ? sqlite3_errmsg(h) : "out of memory");
        goto done;
    }
    if (sqlite3_prepare_v2(h, query, -1, &st, &tail) != SQLITE_OK) {
        buf_printf(out, "sql error: %s", sqlite3_errmsg(h));
        goto done;
    }
    if (!st) {
        buf_adds(out, "empty sql query");
        goto done;
    }
    for (; tail && *tail; tail++)
        if (!isspace((unsigned char)*tail) && *tail != ';') {
            buf_adds(out, "only one sql statement is allowed");
            goto done;
        }
    while ((r = sqlite3_step(st)) == SQLITE_ROW) {
        int i, ncol = sqlite3_column_count(st);
        if (rows++)
            buf_addc(out, ',');
        for (i = 0; i < ncol; i++) {
            if (i)
                buf_addc(out, '|');
            if (sqlite3_column_type(st, i) == SQLITE_NULL) {
                buf_adds(out, "null");
            } else {
                const unsigned char *t = sqlite3_column_text(st, i);
                int len = sqlite3_column_bytes(st, i);
                if (t && len > 0)
                    buf_add(out, t, (size_t)len);
            }
        }
    }
    if (r != SQLITE_DONE) {
        out->len = 0;
        buf_printf(out, "sql error: %s", sqlite3_errmsg(h));
        goto done;
    }
    rc = 0;
done:
    sqlite3_finalize(st);
    sqlite3_close(h);
    return rc;
}

/* The actual value of an assertion: a view into captured output or OWN. */
struct value {
    const char *p;
    size_t len;
    int numeq;       /* = and != compare numerically when both are numbers */
    buf own;
};

/* Computes the actual value of A.  Returns 0, or -1 when it cannot be
 * computed, with the reason in VAL->own. */
static int actual_value(const struct assertion *a, struct outputs *o,
                        const struct ctx *cx, struct value *val)
{
    const struct config *cfg = cx->cfg;
    char *sub, *path, *d;
    int rc = 0;
    json_t *doc, *v;
    struct stat st;

    switch (a->kind) {
    case K_EXIT:
        val->p = buf_str(&o->exit_text);
        val->len = o->exit_text.len;
        val->numeq = 1;
        return 0;
    case K_STDOUT:
    case K_STDERR: {
        int k = a->kind == K_STDOUT ? 0 : 1;
        if (load_stream(o, k) != 0) {
            d = display_path(cfg->cwd, o->path[k]);
            buf_printf(&val->own, "cannot read %s: %s", d, strerror(o->load_errno[k]));
            free(d);
            rc = -1;
            break;
        }
        val->p = buf_str(&o->data[k]);
        val->len = o->data[k].len;
        return 0;
    }
    case K_JSON:
    case K_SUMMARY:
        doc = stdout_json(o, cfg, a->kind == K_SUMMARY);
        if (!doc) {
            buf_adds(&val->own, buf_str(a->kind == K_SUMMARY ? &o->summary_err : &o->json_err));
            rc = -1;
            break;
        }
        if (a->count) {
            json_count(doc, a->subject, &val->own);
            val->numeq = 1;
        } else if ((v = json_path(doc, a->subject)) != NULL) {
            render_json(v, &val->own);
            val->numeq = json_is_number(v);
        } else {
            buf_adds(&val->own, "<missing>");
        }
        break;
    case K_SAME:
        doc = stdout_json(o, cfg, 0);
        if (!doc) {
            buf_adds(&val->own, buf_str(&o->json_err));
            rc = -1;
        } else {
            render_paths(doc, a->subject, &val->own);
        }
        break;
    case K_SQL:
        sub = subst(a->subject, &cx->v);
        rc = sql_query(cfg, cx->v.db, sub, &val->own);
        free(sub);
        val->numeq = 1;
        break;
    case K_FILE:
        sub = subst(a->subject, &cx->v);
        path = abs_path(cfg->root, sub);
        if (a->op == OP_EXISTS || a->op == OP_MISSING) {
            buf_adds(&val->own, stat(path, &st) == 0 ? "exists" : "missing");
        } else if (read_whole(path, &val->own) != 0) {
            int e = errno;
            d = display_path(cfg->cwd, path);
            val->own.len = 0;
            buf_printf(&val->own, "cannot read %s: %s", d, strerror(e));
            free(d);
            rc = -1;
        }
        free(path);
        free(sub);
        break;
    }
    val->p = buf_str(&val->own);
    val->len = val->own.len;
    return rc;
}

/* Finds NEEDLE[0..M) in HAY[0..N). */
static int contains(const char *hay, size_t n, const char *needle, size_t m)
{
    size_t i;

    if (m == 0)
        return 1;
    for (i = 0; i + m <= n; i++) {
        const char *p = memchr(hay + i, needle[0], n - m - i + 1);
        if (!p)
            return 0;
        i = (size_t)(p - hay);
        if (!memcmp(p, needle, m))
            return 1;
    }
    return 0;
}

/* Does "ACTUAL OP EXP" hold?  Sets *NOT_NUM when an ordering operator met a
 * non-number. */
static int op_holds(enum op op, const struct value *a, const char *exp, int *not_num)
{
    size_t m = strlen(exp);
    struct num x, y;
    int both = parse_num(a->p, a->len, &x) && parse_num(exp, m, &y);
    int cmp = 0;

    if (both)
        cmp = x.is_int && y.is_int ? (x.i > y.i) - (x.i < y.i)
                                   : (x.d > y.d) - (x.d < y.d);
    switch (op) {
    case OP_EQ:
    case OP_NE: {
        int eq = both && a->numeq ? cmp == 0
               : a->len == m && (m == 0 || !memcmp(a->p, exp, m));
        return op == OP_EQ ? eq : !eq;
    }
    case OP_HAS:
        return contains(a->p, a->len, exp, m);
    case OP_HASNT:
        return !contains(a->p, a->len, exp, m);
    case OP_EXISTS:
        return !strcmp(a->p, "exists");
    case OP_MISSING:
        return !strcmp(a->p, "missing");
    default:
        if (!both) {
            *not_num = 1;
            return 0;
        }
        return op == OP_GE ? cmp >= 0 : op == OP_LE ? cmp <= 0
             : op == OP_GT ? cmp > 0 : cmp < 0;
    }
}

/* Checks assertion A after its step; reports it if it fails. */
static void check_assertion(const struct assertion *a, struct outputs *o, struct ctx *cx)
{
    struct value val;
    char *exp = a->expected ? subst(a->expected, &cx->v) : xstrdup("");
    int not_num = 0;

    memset(&val, 0, sizeof val);
    if (a->kind == K_SAME) {
        /* the expected value: the same paths on the earlier step's stdout */
        unsigned long k = strtoul(a->expected + 5, NULL, 10);
        buf name = {0}, other = {0};
        char *file;
        json_error_t je;
        json_t *doc;
        buf_printf(&name, ".harness-step%lu.stdout", k);
        file = path_join(cx->v.tmp, name.p);
        doc = json_load_file(file, JSON_DECODE_ANY, &je);
        if (doc)
            render_paths(doc, a->subject, &other);
        else
            buf_printf(&other, "<step %lu stdout is not JSON: %s>", k, je.text);
        json_decref(doc);
        free(file);
        buf_free(&name);
        free(exp);
        exp = xstrdup(buf_str(&other));
        buf_free(&other);
    }
    if (actual_value(a, o, cx, &val) != 0) {
        buf_printf(cx->report, "  line %d: %s\n    error: ", a->line, a->text);
        append_shown(cx->report, val.p, val.len);
        buf_addc(cx->report, '\n');
        cx->failed = 1;
    } else if (a->kind == K_SAME && !op_holds(a->op, &val, exp, &not_num)) {
        /* show the first path whose values differ */
        const char *x = val.p, *y = exp;
        while (*x && *y) {
            size_t lx = strcspn(x, "\n"), ly = strcspn(y, "\n");
            if (lx != ly || memcmp(x, y, lx) != 0 || a->op == OP_NE) {
                buf_printf(cx->report, "  line %d: %s\n    this step: ", a->line, a->text);
                append_shown(cx->report, x, lx);
                buf_adds(cx->report, "\n    that step: ");
                append_shown(cx->report, y, ly);
                buf_addc(cx->report, '\n');
                break;
            }
            x += lx + (x[lx] == '\n');
            y += ly + (y[ly] == '\n');
        }
        if (!*x || !*y)
            buf_printf(cx->report, "  line %d: %s\n    (values differ in length)\n",
                       a->line, a->text);
        cx->failed = 1;
    } else if (!op_holds(a->op, &val, exp, &not_num)) {
        buf_printf(cx->report, "  line %d: %s\n    actual: ", a->line, a->text);
        append_shown(cx->report, val.p, val.len);
        buf_adds(cx->report, not_num ? " (not a number)\n" : "\n");
        cx->failed = 1;
    }
    buf_free(&val.own);
    free(exp);
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Runs ARGV (PROG is the executable's path) in the root directory with
 * output captured to O's files.  Returns 0 with *STATUS and *TIMED_OUT
 * set, or an errno value if the program could not be started. */
static int spawn(const struct config *cfg, const char *prog, char **argv,
                 struct outputs *o, int *status, int *timed_out, double *secs,
                 double kill_after, int sig, int *killed)
{
    int in = -1, out = -1, err = -1, pfd[2] = {-1, -1}, e = 0;
    sigset_t chld, old;
    pid_t pid;
    double start = now_seconds();
    ssize_t r;

    *timed_out = 0;
    in = open("/dev/null", O_RDONLY | O_CLOEXEC);
    out = open(o->path[0], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    err = open(o->path[1], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (in < 0 || out < 0 || err < 0 || pipe(pfd) != 0) {
        e = errno;
        goto done;
    }
    fcntl(pfd[0], F_SETFD, FD_CLOEXEC);
    fcntl(pfd[1], F_SETFD, FD_CLOEXEC);
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, &old);
    fflush(NULL);
    pid = fork();
    if (pid < 0) {
        e = errno;
        sigprocmask(SIG_SETMASK, &old, NULL);
        goto done;
    }
    if (pid == 0) {
        setpgid(0, 0);
        sigprocmask(SIG_SETMASK, &old, NULL);
        signal(SIGPIPE, SIG_DFL);
        if (chdir(cfg->root) == 0 && dup2(in, 0) >= 0 && dup2(out, 1) >= 0 &&
            dup2(err, 2) >= 0)
            execv(prog, argv);
        e = errno;
        if (write(pfd[1], &e, sizeof e) != (ssize_t)sizeof e)
            e = 0; /* nothing more can be done: the parent sees exit 127 */
        _exit(127);
    }
    setpgid(pid, pid);
    close(pfd[1]);
    pfd[1] = -1;
    while ((r = read(pfd[0], &e, sizeof e)) < 0 && errno == EINTR)
        ;
    if (r != (ssize_t)sizeof e)
        e = 0;
    for (;;) {
        siginfo_t info;
        double left;
        memset(&info, 0, sizeof info);
        if (waitid(P_PID, (id_t)pid, &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
            info.si_pid == pid)
            break;
        left = cfg->timeout - (now_seconds() - start);
        if (kill_after > 0 && kill_after - (now_seconds() - start) <= 0) {
            if (sig == SIGKILL) {
                *killed = 1;    /* run-kill: the crash the case asked for */
                break;
            }
            kill(pid, sig);     /* run-int: then wait for it to exit */
            kill_after = 0;
            continue;
        }
        if (kill_after > 0 && kill_after - (now_seconds() - start) < left)
            left = kill_after - (now_seconds() - start);
        if (left <= 0) {
            *timed_out = 1;
            break;
        } else {
            struct timespec ts;
            ts.tv_sec = (time_t)left;
            ts.tv_nsec = (long)((left - (double)ts.tv_sec) * 1e9);
            sigtimedwait(&chld, NULL, &ts);
        }
    }
    /* The leader is a zombie or still running, so its group id cannot have
     * been reused: kill whatever is left of the group, then reap. */
    kill(-pid, SIGKILL);
    while (waitpid(pid, status, 0) < 0 && errno == EINTR)
        ;
    sigprocmask(SIG_SETMASK, &old, NULL);
    *secs = now_seconds() - start;
done:
    if (in >= 0)
        close(in);
    if (out >= 0)
        close(out);
    if (err >= 0)
        close(err);
    if (pfd[0] >= 0)
        close(pfd[0]);
    if (pfd[1] >= 0)
        close(pfd[1]);
    return e;
}

/* Runs step number INDEX of the case and checks its assertions. */
static void run_step(const struct step *st, size_t index, struct ctx *cx)
{
    const struct config *cfg = cx->cfg;
    struct outputs o;
    char **argv = NULL, *prog, *word, *cmd = xstrdup(st->command);
    size_t argc = 0, cap = 0, i;
    int status = 0, timed_out = 0, killed = 0, e;
    double secs = 0;
    buf name = {0}, where = {0};

    memset(&o, 0, sizeof o);
    if (st->kind == S_KILL || st->kind == S_INT)
        buf_printf(&where, "  line %d: %s %g %s\n", st->line,
                   st->kind == S_KILL ? "run-kill:" : "run-int:", st->kill_after, st->command);
    else if (st->line)
        buf_printf(&where, "  line %d: run: %s\n", st->line, st->command);
    else
        buf_printf(&where, "  (implicit) run: %s\n", st->command);
    for (word = cmd; *word;) {
        size_t n = strcspn(word, " \t");
        if (n > 0) {
            char save = word[n];
            word[n] = '\0';
            argv = grow_array(argv, &cap, argc + 2, sizeof *argv);
            argv[argc++] = subst(word, &cx->v);
            word[n] = save;
        }
        word += n;
        word += strspn(word, " \t");
    }
    argv[argc] = NULL;
    prog = strchr(argv[0], '/') ? abs_path(cfg->root, argv[0])
                                : path_join(cfg->bin, argv[0]);
    for (i = 0; i < 2; i++) {
        name.len = 0;
        buf_printf(&name, ".harness-step%zu.%s", index + 1, i ? "stderr" : "stdout");
        o.path[i] = path_join(cx->v.tmp, name.p);
    }
    e = spawn(cfg, prog, argv, &o, &status, &timed_out, &secs,
              st->kind == S_KILL || st->kind == S_INT ? st->kill_after : 0,
              st->kind == S_INT ? SIGINT : SIGKILL, &killed);
    if (e) {
        char *d = display_path(cfg->cwd, prog);
        buf_printf(cx->report, "%s    cannot execute %s: %s\n", where.p, d, strerror(e));
        if (st->nas)
            buf_printf(cx->report, "    (%zu assertion%s of this step not checked)\n",
                       st->nas, st->nas == 1 ? "" : "s");
        free(d);
        cx->failed = 1;
    } else {
        if (timed_out)
            buf_printf(&o.exit_text, "timed out after %g s", cfg->timeout);
        else if (WIFSIGNALED(status))
            buf_printf(&o.exit_text, "killed by signal %d (%s)", WTERMSIG(status),
                       strsignal(WTERMSIG(status)));
        else
            buf_printf(&o.exit_text, "%d", WEXITSTATUS(status));
        if (timed_out || (WIFSIGNALED(status) && !killed)) {
            buf_printf(cx->report, "%s    %s\n", where.p, o.exit_text.p);
            cx->failed = 1;
        }
        if (cfg->verbose) {
            buf_printf(cx->report, "  step %zu:", index + 1);
            for (i = 0; i < argc; i++)
                buf_printf(cx->report, " %s", argv[i]);
            buf_printf(cx->report, "\n    -> %s%s (%.3f s)\n",
                       timed_out || WIFSIGNALED(status) ? "" : "exit ",
                       o.exit_text.p, secs);
        }
        for (i = 0; i < st->nas; i++)
            check_assertion(&st->as[i], &o, cx);
    }
    outputs_free(&o);
    for (i = 0; i < argc; i++)
        free(argv[i]);
    free(argv);
    free(prog);
    free(cmd);
    buf_free(&name);
    buf_free(&where);
}

/* Creates the directories above file PATH (mkdir -p of its dirname). */
static void make_parents(const char *path)
{
    char *tmp = xstrdup(path);
    for (char *p = tmp + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        mkdir(tmp, 0755);
        *p = '/';
    }
    free(tmp);
}

/* Copies file or directory tree SRC to DST; returns 0 or an errno value. */
static int copy_tree(const char *src, const char *dst)
{
    struct stat st;
    if (stat(src, &st) != 0)
        return errno;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(src);
        struct dirent *e;
        int rc = 0;
        if (!d)
            return errno;
        if (mkdir(dst, 0755) != 0 && errno != EEXIST) {
            rc = errno;
            closedir(d);
            return rc;
        }
        while (rc == 0 && (e = readdir(d)) != NULL) {
            char *a, *b;
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            a = path_join(src, e->d_name);
            b = path_join(dst, e->d_name);
            rc = copy_tree(a, b);
            free(a);
            free(b);
        }
        closedir(d);
        return rc;
    }
    buf data = {0};
    int rc = 0, fd;
    if (read_whole(src, &data) != 0) {
        rc = errno;
    } else if ((fd = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) < 0) {
        rc = errno;
    } else {
        if (write_all(fd, buf_str(&data), data.len) != 0)
            rc = errno;
        if (close(fd) != 0 && rc == 0)
            rc = errno;
    }
    buf_free(&data);
    return rc;
}

/* write:, write-lines:, copy: and remove: steps. */
static void run_file_step(const struct step *st, struct ctx *cx)
{
    char *cmd = subst(st->command, &cx->v);
    size_t n = strcspn(cmd, " \t");
    char *first = xstrndup(cmd, n), *rest = cmd + n;
    char *path = abs_path(cx->cfg->root, first);
    buf content = {0};
    int e = 0;

    if (*rest)
        rest++;   /* one separator; the rest is content, spaces kept */
    if (st->kind == S_REMOVE) {
        remove_tree(path);
    } else if (st->kind == S_COPY) {
        char *dst = abs_path(cx->cfg->root, rest + strspn(rest, " \t"));
        make_parents(dst);
        e = copy_tree(path, dst);
        free(dst);
    } else {
        if (st->kind == S_LINES) {
            char *end;
            unsigned long count = strtoul(rest, &end, 10), i;
            const char *tpl = end + strspn(end, " \t");
            for (i = 1; i <= count && i <= 10000000; i++) {
                for (const char *p = tpl; *p; p++) {
                    if (!strncmp(p, "{i}", 3)) {
                        buf_printf(&content, "%lu", i);
                        p += 2;
                    } else {
                        buf_addc(&content, *p);
                    }
                }
                buf_addc(&content, '\n');
            }
        } else if (unescape(rest, &content) != 0) {
            e = EINVAL;
        }
        if (!e) {
            int fd;
            make_parents(path);
            fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
            if (fd < 0 || write_all(fd, buf_str(&content), content.len) != 0)
                e = errno;
            if (fd >= 0 && close(fd) != 0 && !e)
                e = errno;
        }
    }
    if (e) {
        buf_printf(cx->report, "  line %d: %s\n    failed: %s\n", st->line, st->command,
                   strerror(e));
        cx->failed = 1;
    }
    buf_free(&content);
    free(path);
    free(first);
    free(cmd);
}

/* serve: start a background process and read {port} from its stdout. */
static void run_serve(const struct step *st, size_t index, struct ctx *cx)
{
    const struct config *cfg = cx->cfg;
    char **argv = NULL, *word, *cmd = xstrdup(st->command), *prog = NULL;
    size_t argc = 0, cap = 0, i;
    int pfd[2], errfd, in;
    char line[64];
    size_t got = 0;
    pid_t pid;
    buf name = {0};

    for (word = cmd; *word;) {
        size_t n = strcspn(word, " \t");
        if (n > 0) {
            char save = word[n];
            word[n] = '\0';
            argv = grow_array(argv, &cap, argc + 2, sizeof *argv);
            argv[argc++] = subst(word, &cx->v);
            word[n] = save;
        }
        word += n;
        word += strspn(word, " \t");
    }
    argv[argc] = NULL;
    if (strchr(argv[0], '/')) {
        prog = abs_path(cfg->root, argv[0]);
    } else {
        struct stat sb;
        prog = path_join(cfg->tools, argv[0]);
        if (stat(prog, &sb) != 0) {
            free(prog);
            prog = path_join(cfg->bin, argv[0]);
        }
    }
    buf_printf(&name, ".harness-serve%zu.stderr", index + 1);
    {
        char *ep = path_join(cx->v.tmp, name.p);
        errfd = open(ep, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        free(ep);
    }
    in = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (cx->nservers >= (int)(sizeof cx->servers / sizeof cx->servers[0]) || errfd < 0 ||
        in < 0 || pipe(pfd) != 0) {
        buf_printf(cx->report, "  line %d: serve: %s\n    cannot start it\n", st->line,
                   st->command);
        cx->failed = 1;
        goto out;
    }
    fflush(NULL);
    pid = fork();
    if (pid == 0) {
        setpgid(0, 0);
        if (chdir(cfg->root) == 0 && dup2(in, 0) >= 0 && dup2(pfd[1], 1) >= 0 &&
            dup2(errfd, 2) >= 0) {
            close(pfd[0]);
            execv(prog, argv);
        }
        _exit(127);
    }
    close(pfd[1]);
    if (pid < 0) {
        close(pfd[0]);
        buf_printf(cx->report, "  line %d: serve: cannot fork\n", st->line);
        cx->failed = 1;
        goto out;
    }
    setpgid(pid, pid);
    cx->servers[cx->nservers++] = pid;
    {
        double start = now_seconds();
        while (got < sizeof line - 1 && !memchr(line, '\n', got)) {
            struct pollfd p = {pfd[0], POLLIN, 0};
            double left = 10 - (now_seconds() - start);
            ssize_t r;
            if (left <= 0 || poll(&p, 1, (int)(left * 1000)) <= 0)
                break;
            r = read(pfd[0], line + got, sizeof line - 1 - got);
            if (r <= 0)
                break;
            got += (size_t)r;
        }
    }
    close(pfd[0]);
    line[got] = '\0';
    line[strcspn(line, "\r\n")] = '\0';
    if (!line[0] || strspn(line, "0123456789") != strlen(line)) {
        char *d = display_path(cfg->cwd, prog);
        buf_printf(cx->report, "  line %d: serve: %s\n    %s printed no port within 10 s\n",
                   st->line, st->command, d);
        free(d);
        cx->failed = 1;
    } else {
        snprintf(cx->port, sizeof cx->port, "%s", line);
        cx->v.port = cx->port;
    }
out:
    if (errfd >= 0)
        close(errfd);
    if (in >= 0)
        close(in);
    for (i = 0; i < argc; i++)
        free(argv[i]);
    free(argv);
    free(prog);
    free(cmd);
    buf_free(&name);
}

/* Stops what serve: started: SIGTERM, a moment, then SIGKILL. */
static void stop_servers(struct ctx *cx)
{
    int i, k;
    for (i = 0; i < cx->nservers; i++)
        kill(-cx->servers[i], SIGTERM);
    for (k = 0; k < 50; k++) {
        int alive = 0;
        for (i = 0; i < cx->nservers; i++)
            if (cx->servers[i] > 0) {
                if (waitpid(cx->servers[i], NULL, WNOHANG) == cx->servers[i])
                    cx->servers[i] = 0;
                else
                    alive = 1;
            }
        if (!alive)
            break;
        usleep(20000);
    }
    for (i = 0; i < cx->nservers; i++)
        if (cx->servers[i] > 0) {
            kill(-cx->servers[i], SIGKILL);
            waitpid(cx->servers[i], NULL, 0);
        }
    cx->nservers = 0;
}

/* Writes the case's inline or generated input to file PATH. */
static int write_input(const struct case_def *c, const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    int rc = 0;

    if (fd < 0)
        return -1;
    if (c->has_generate) {
        buf chunk = {0};
        unsigned long long left = c->gen_count, per = 1, i;
        while (per * c->gen_unit.len < 65536 && per < left)
            per++;
        for (i = 0; i < per; i++)
            buf_add(&chunk, c->gen_unit.p, c->gen_unit.len);
        while (left > 0 && rc == 0) {
            unsigned long long now = left < per ? left : per;
            rc = write_all(fd, chunk.p, (size_t)now * c->gen_unit.len);
            left -= now;
        }
        buf_free(&chunk);
    } else {
        rc = write_all(fd, buf_str(&c->input), c->input.len);
    }
    if (close(fd) != 0)
        rc = -1;
    return rc;
}

enum result { R_PASS, R_FAIL, R_SKIP, R_FILTERED };

/* Runs the case in file PATH and prints its result lines. */
static enum result run_case(const struct config *cfg, const char *path)
{
    struct case_def c;
    struct ctx cx;
    buf data = {0}, report = {0}, skip = {0};
    char *tmp = NULL, *db = NULL, *input = NULL, *d;
    enum result res = R_FAIL;
    size_t i;
    int e;

    memset(&c, 0, sizeof c);
    memset(&cx, 0, sizeof cx);
    cx.cfg = cfg;
    cx.report = &report;
    cx.v.root = cfg->root;
    cx.v.bin = cfg->bin;
    cx.v.shared = cfg->shared;
    cx.v.obj = cfg->obj;
    if (read_whole(path, &data) != 0) {
        e = errno;
        if (cfg->filter && !strstr(path, cfg->filter)) {
            res = R_FILTERED;
            goto out;
        }
        buf_printf(&report, "  cannot read case: %s\n", strerror(e));
        goto print;
    }
    parse_case(&c, data.p, data.len, path);
    if (cfg->filter && !strstr(path, cfg->filter) && !strstr(c.name, cfg->filter)) {
        res = R_FILTERED;
        goto out;
    }
    if (cfg->verbose)
        buf_printf(&report, "  name: %s\n", c.name);
    if (c.errors.len) {
        buf_adds(&report, c.errors.p);
        goto print;
    }
    for (i = 0; i < c.nreq && skip.len == 0; i++) {
        char *s = subst(c.requires[i], &cx.v), *full = abs_path(cfg->root, s);
        struct stat st;
        if (stat(full, &st) != 0) {
            d = display_path(cfg->cwd, full);
            buf_printf(&skip, "missing %s", d);
            free(d);
        }
        free(full);
        free(s);
    }
    for (i = 0; i < c.nabs; i++) {
        char *s = subst(c.absent[i], &cx.v), *full = abs_path(cfg->root, s);
        struct stat st;
        if (stat(full, &st) == 0) {
            d = display_path(cfg->cwd, full);
            buf_printf(&skip, "%spresent %s", skip.len ? ", " : "", d);
            free(d);
        }
        free(full);
        free(s);
    }
    if (skip.len) {
        res = R_SKIP;
        goto print;
    }
    if (c.input_file) {
        char *s = subst(c.input_file, &cx.v);
        struct stat st;
        input = abs_path(cfg->root, s);
        free(s);
        int bad = stat(input, &st) != 0 ? errno : S_ISDIR(st.st_mode) ? EISDIR : 0;
        if (bad) {
            d = display_path(cfg->cwd, input);
            buf_printf(&report, "  input-file %s: %s\n", d, strerror(bad));
            free(d);
            goto print;
        }
    }
    tmp = path_join(cfg->tmpdir, "peiyou-case-XXXXXX");
    if (!mkdtemp(tmp)) {
        buf_printf(&report, "  cannot create temp dir %s: %s\n", tmp, strerror(errno));
        free(tmp);
        tmp = NULL;
        goto print;
    }
    db = path_join(tmp, "peiyou.db");
    if (!input) {
        input = path_join(tmp, c.input_name ? c.input_name : "input.txt");
        if (write_input(&c, input) != 0) {
            buf_printf(&report, "  cannot write input %s: %s\n", input, strerror(errno));
            goto print;
        }
    }
    cx.v.tmp = tmp;
    cx.v.db = db;
    cx.v.input = input;
    for (i = 0; i < c.nsteps; i++) {
        const struct step *st = &c.steps[i];
        if (st->kind == S_SERVE)
            run_serve(st, i, &cx);
        else if (st->kind == S_WRITE || st->kind == S_LINES || st->kind == S_COPY ||
                 st->kind == S_REMOVE)
            run_file_step(st, &cx);
        else
            run_step(st, i, &cx);
    }
    stop_servers(&cx);
    res = cx.failed ? R_FAIL : R_PASS;
print:
    if (tmp && cfg->verbose)
        buf_printf(&report, "  temp dir kept: %s\n", tmp);
    else if (tmp)
        remove_tree(tmp);
    if (res == R_SKIP)
        printf("skip %s (%s)\n", path, skip.p);
    else
        printf("%s %s\n", res == R_PASS ? "ok  " : "FAIL", path);
    if (res == R_FAIL || cfg->verbose)
        fputs(buf_str(&report), stdout);
    fflush(stdout);
out:
    case_free(&c);
    buf_free(&data);
    buf_free(&report);
    buf_free(&skip);
    free(tmp);
    free(db);
    free(input);
    return res;
}

/* ---------------------------------------------------------- case files */

struct pathlist {
    char **p;
    size_t n, cap;
};

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && !strcmp(s + n - m, suffix);
}

/* Adds the *.case files below directory DIR to L (symlinked directories
 * are not followed).  Unreadable directories are reported on stderr. */
static void collect(const char *dir, struct pathlist *l)
{
    DIR *d = opendir(dir);
    struct dirent *e;

    if (!d) {
        fprintf(stderr, "harness: %s: %s\n", dir, strerror(errno));
        return;
    }
    while ((e = readdir(d)) != NULL) {
        char *child;
        struct stat st;
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        child = path_join(dir, e->d_name);
        if (lstat(child, &st) == 0 && S_ISDIR(st.st_mode)) {
            collect(child, l);
        } else if (ends_with(e->d_name, ".case") && stat(child, &st) == 0 &&
                   S_ISREG(st.st_mode)) {
            l->p = grow_array(l->p, &l->cap, l->n + 1, sizeof *l->p);
            l->p[l->n++] = child;
            continue;
        }
        free(child);
    }
    closedir(d);
}

/* ------------------------------------------------------------------ main */

static void usage(FILE *f)
{
    fputs("usage: harness [--bin DIR] [--root DIR] [--shared DIR] "
          "[--filter SUBSTR] [-v] CASE_FILE_OR_DIR...\n", f);
}

/* Matches option NAME at argv[*I] as "NAME VALUE" or "NAME=VALUE". */
static int opt_value(int argc, char **argv, int *i, const char *name, const char **value)
{
    size_t n = strlen(name);

    if (strncmp(argv[*i], name, n) != 0)
        return 0;
    if (argv[*i][n] == '=') {
        *value = argv[*i] + n + 1;
        return 1;
    }
    if (argv[*i][n] != '\0')
        return 0;
    if (*i + 1 >= argc) {
        fprintf(stderr, "harness: %s needs a value\n", name);
        usage(stderr);
        exit(2);
    }
    *value = argv[++*i];
    return 1;
}

/* Returns the current directory (malloc'd), or NULL. */
static char *current_dir(void)
{
    size_t size = 256;
    char *p = NULL;

    for (;;) {
        p = xrealloc(p, size);
        if (getcwd(p, size))
            return p;
        if (errno != ERANGE) {
            free(p);
            return NULL;
        }
        size *= 2;
    }
}

int main(int argc, char **argv)
{
    struct config cfg;
    const char *bin = NULL, *root = ".", *shared = NULL, *env;
    const char **args;
    int nargs = 0, i, only_args = 0, counts[4] = {0, 0, 0, 0};
    struct sigaction sa;

    memset(&cfg, 0, sizeof cfg);
    args = xrealloc(NULL, sizeof *args * (size_t)argc);
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (only_args || a[0] != '-' || a[1] == '\0')
            args[nargs++] = a;
        else if (!strcmp(a, "--"))
            only_args = 1;
        else if (!strcmp(a, "-v") || !strcmp(a, "--verbose"))
            cfg.verbose = 1;
        else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            free(args);
            return 0;
        } else if (!opt_value(argc, argv, &i, "--bin", &bin) &&
                   !opt_value(argc, argv, &i, "--root", &root) &&
                   !opt_value(argc, argv, &i, "--shared", &shared) &&
                   !opt_value(argc, argv, &i, "--filter", &cfg.filter)) {
            fprintf(stderr, "harness: unknown option %s\n", a);
            usage(stderr);
            free(args);
            return 2;
        }
    }
    cfg.timeout = DEFAULT_TIMEOUT;
    if ((env = getenv("PEIYOU_TEST_TIMEOUT")) != NULL && *env) {
        char *end;
        cfg.timeout = strtod(env, &end);
        if (*end || !(cfg.timeout > 0 && cfg.timeout < 1e9)) {
            fprintf(stderr, "harness: bad PEIYOU_TEST_TIMEOUT: %s\n", env);
            free(args);
            return 2;
        }
    }
    if (nargs == 0) {
        usage(stderr);
        free(args);
        return 2;
    }
    cfg.cwd = current_dir();
    if (!cfg.cwd) {
        fprintf(stderr, "harness: cannot get the current directory: %s\n", strerror(errno));
        free(args);
        return 2;
    }
    cfg.root = abs_path(cfg.cwd, root);
    if (!bin && (env = getenv("PEIYOU_BIN")) != NULL && *env)
        bin = env;
    cfg.bin = bin ? abs_path(cfg.cwd, bin) : abs_path(cfg.root, "bin");
    cfg.shared = shared ? abs_path(cfg.cwd, shared) : abs_path(cfg.root, "../shared");
    {
        /* serve: finds its programs (httpd) beside the harness */
        char self[4096];
        ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
        char *slash;
        self[n > 0 ? n : 0] = '\0';
        slash = strrchr(self, '/');
        if (slash)
            *slash = '\0';
        cfg.tools = xstrdup(n > 0 && slash ? self : ".");
        /* {obj}: the build directory the harness itself is in (build/obj
         * or build/san), for test tools such as bench/gencorpus */
        cfg.obj = xstrdup(cfg.tools);
        slash = strrchr(cfg.obj, '/');
        if (slash && slash != cfg.obj)
            *slash = '\0';
    }
    cfg.tmpdir = (env = getenv("TMPDIR")) != NULL && *env ? env : "/tmp";

    /* SIGCHLD must not be ignored, or children would not be waitable. */
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGCHLD, &sa, NULL);

    for (i = 0; i < nargs; i++) {
        struct stat st;
        if (stat(args[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            struct pathlist l = {NULL, 0, 0};
            size_t k;
            char *dir = xstrdup(args[i]);
            size_t n = strlen(dir);
            while (n > 1 && dir[n - 1] == '/')
                dir[--n] = '\0';
            collect(dir, &l);
            if (l.n)
                qsort(l.p, l.n, sizeof *l.p, cmp_str);
            for (k = 0; k < l.n; k++) {
                counts[run_case(&cfg, l.p[k])]++;
                free(l.p[k]);
            }
            free(l.p);
            free(dir);
        } else {
            counts[run_case(&cfg, args[i])]++;
        }
    }
    if (counts[R_PASS] + counts[R_FAIL] + counts[R_SKIP] == 0)
        fputs("harness: no cases found\n", stderr);
    printf("%d passed, %d failed, %d skipped\n", counts[R_PASS], counts[R_FAIL],
           counts[R_SKIP]);
    free(args);
    free(cfg.cwd);
    free(cfg.root);
    free(cfg.bin);
    free(cfg.shared);
    free(cfg.tools);
    free(cfg.obj);
    sqlite3_shutdown();
    return counts[R_FAIL] ? 1 : 0;
}
