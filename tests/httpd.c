/*
 * httpd.c - a small HTTP/1.1 server for the fetch tests and benchmark.
 *
 * usage: httpd [--root DIR] [--port N] [--routes FILE] [--log FILE]
 *              [--lifetime SECONDS]
 *
 * Binds 127.0.0.1 (port N, default 0 = any free one), prints the port on
 * the first line of stdout, and serves the files below DIR (default ".")
 * to GET requests, with keep-alive, ETag ("size-mtime-inode") and
 * Last-Modified, answering If-None-Match / If-Modified-Since with 304.
 * One process, one thread, poll(); it exits on SIGTERM/SIGINT or after
 * --lifetime seconds (default 600), so a forgotten server never lingers.
 *
 * Fault modes are path prefixes, applied in order, before the file path:
 *
 *   /slow/MS/...          wait MS milliseconds before answering
 *   /flaky/N/...          the first N requests of this URL get 500
 *   /ratelimit/N/S/...    the first N requests get 429, Retry-After: S
 *   /drop/N/...           the first N requests get the headers and half the
 *                         body, then the connection is closed
 *   /status/CODE/...      answer CODE (e.g. 404, 410, 403) with a short body
 *   /redirect/...         302 to the rest of the path (one redirect)
 *   /redirect-loop/...    302 to the same URL, forever
 *   /novalidators/...     no ETag and no Last-Modified
 *   /charset/CS/...       Content-Type gets "; charset=CS"
 *   /chunked/...          the body chunked, without Content-Length
 *   /shortlen/N/...       a lying Content-Length: N, and only the first N
 *                         bytes of the body (then the connection is closed)
 *   /bigheader/N/...      one more header line, "X-Padding: " and N bytes
 *   /gen/SIZE/NAME        a generated standards text of about SIZE bytes,
 *                         different for every URL (query included), with
 *                         an ETag; for tests that need many documents
 *
 * Counts are per full URL (prefixes included) and live as long as the
 * process.  Content-Type comes from the extension (.html, .txt, .json,
 * .pdf, .xml; else application/octet-stream).
 *
 * --routes FILE maps other requests (the POST APIs of a platform) to
 * files, one route a line, fields separated by white space:
 *
 *   METHOD  PATH  MATCH  FILE  [STATUS]
 *
 * MATCH is "*" or a string that must occur in the query string or the
 * request body; FILE is relative to DIR.  The first route that matches
 * wins; a request no route matches is served from DIR as above.
 *
 * --log FILE appends one line per response: "METHOD TARGET STATUS BYTES".
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>

#define MAX_CONN 256
#define MAX_HEAD 65536

/* The command line; read-only once parsed. */
struct config {
    const char *root;
    int port;
    FILE *log;
    double lifetime;
};

/* A route of --routes. */
struct route {
    char method[16], path[512], match[512], file[512];
    int status;
};

/* A per-URL request counter (open addressing, for the fault modes). */
struct counter {
    char *url;
    int n;
};
#define COUNTERS_MAX (1u << 20)

/* Everything the server has: the run's state, not global. */
struct server {
    struct config cfg;
    struct route *routes;
    size_t nroutes;
    struct counter *counters;   /* COUNTERS_MAX slots, allocated on first use */
    size_t ncounters;
};

struct conn {
    int fd;
    char *in;            /* request bytes */
    size_t inlen, incap;
    char *out;           /* response bytes */
    size_t outlen, outpos;
    size_t cut;          /* drop mode: close after this many bytes (0: no) */
    double send_at;      /* slow mode: not before this time */
    int close_after;
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
    (void)sig;
    stop = 1;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p) {
        fputs("httpd: out of memory\n", stderr);
        exit(2);
    }
    return p;
}

static void out_add(struct conn *c, const void *p, size_t n)
{
    c->out = xrealloc(c->out, c->outlen + n + 1);
    memcpy(c->out + c->outlen, p, n);
    c->outlen += n;
}

static void out_printf(struct conn *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void out_printf(struct conn *c, const char *fmt, ...)
{
    char tmp[2048];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n > 0)
        out_add(c, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* The count of requests so far for url, this one included. */
static int count(struct server *s, const char *url)
{
    unsigned long h = 5381;
    if (!s->counters) {
        s->counters = xrealloc(NULL, COUNTERS_MAX * sizeof *s->counters);
        memset(s->counters, 0, COUNTERS_MAX * sizeof *s->counters);
    }
    for (const char *p = url; *p; p++)
        h = h * 33 + (unsigned char)*p;
    for (size_t i = h & (COUNTERS_MAX - 1);; i = (i + 1) & (COUNTERS_MAX - 1)) {
        struct counter *c = &s->counters[i];
        if (!c->url) {
            if (s->ncounters >= COUNTERS_MAX / 2)
                return 1;   /* full: count no more (a test never gets here) */
            c->url = strdup(url);
            s->ncounters++;
        }
        if (!strcmp(c->url, url))
            return ++c->n;
    }
}

static const char *reason(int status)
{
    switch (status) {
    case 200: return "OK";
    case 302: return "Found";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 410: return "Gone";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Status";
    }
}

static const char *mime(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (!dot || strchr(dot, '/'))
        return "application/octet-stream";
    if (!strcasecmp(dot, ".html") || !strcasecmp(dot, ".htm"))
        return "text/html";
    if (!strcasecmp(dot, ".txt") || !strcasecmp(dot, ".md") || !strcasecmp(dot, ".tsv"))
        return "text/plain";
    if (!strcasecmp(dot, ".json"))
        return "application/json";
    if (!strcasecmp(dot, ".pdf"))
        return "application/pdf";
    if (!strcasecmp(dot, ".xml"))
        return "application/xml";
    return "application/octet-stream";
}

static void log_line(struct server *s, const char *method, const char *target, int status,
                     size_t bytes)
{
    if (s->cfg.log) {
        fprintf(s->cfg.log, "%s %s %d %zu\n", method, target, status, bytes);
        fflush(s->cfg.log);
    }
}

/* A short response with a text body. */
static void simple(struct server *s, struct conn *c, const char *method, const char *target,
                   int status, const char *extra_headers, const char *body)
{
    size_t n = strlen(body);
    out_printf(c, "HTTP/1.1 %d %s\r\nContent-Type: text/plain\r\nContent-Length: %zu\r\n%s%s\r\n",
               status, reason(status), n, extra_headers ? extra_headers : "",
               c->close_after ? "Connection: close\r\n" : "");
    if (strcmp(method, "HEAD"))
        out_add(c, body, n);
    log_line(s, method, target, status, n);
}

static int read_whole(const char *path, char **data, size_t *len, struct stat *st)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
        close(fd);
        errno = EISDIR;
        return -1;
    }
    *data = xrealloc(NULL, (size_t)st->st_size + 1);
    size_t got = 0;
    while (got < (size_t)st->st_size) {
        ssize_t r = read(fd, *data + got, (size_t)st->st_size - got);
        if (r <= 0) {
            if (r < 0 && errno == EINTR)
                continue;
            break;
        }
        got += (size_t)r;
    }
    close(fd);
    *len = got;
    return 0;
}

/* The value of header name in the request head (NUL-terminated copy into
 * out), or 0 when absent. */
static int header(const char *head, const char *name, char *out, size_t outlen)
{
    size_t n = strlen(name);
    for (const char *p = strstr(head, "\r\n"); p; p = strstr(p + 2, "\r\n")) {
        const char *l = p + 2;
        if (!strncasecmp(l, name, n) && l[n] == ':') {
            l += n + 1;
            while (*l == ' ' || *l == '\t')
                l++;
            size_t k = strcspn(l, "\r\n");
            if (k >= outlen)
                k = outlen - 1;
            memcpy(out, l, k);
            out[k] = '\0';
            return 1;
        }
    }
    return 0;
}

static void http_date(time_t t, char *out, size_t n)
{
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, n, "%a, %d %b %Y %H:%M:%S GMT", &tm);
}

/* Serve a file (path relative to root) with the modes collected so far. */
static void serve_file(struct server *s, struct conn *c, const char *method, const char *target,
                       const char *rel, const char *head, int validators, const char *charset,
                       int chunked, int drop, int status, long shortlen, long bigheader)
{
    char path[4096];
    if (strstr(rel, "..")) {
        simple(s, c, method, target, 400, NULL, "bad path\n");
        return;
    }
    snprintf(path, sizeof path, "%s/%s", s->cfg.root, rel[0] == '/' ? rel + 1 : rel);
    size_t plen = strlen(path);
    if (plen && path[plen - 1] == '/')
        snprintf(path + plen, sizeof path - plen, "index.html");
    char *data = NULL;
    size_t len = 0;
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
        simple(s, c, method, target, 404, NULL, "not found\n");
        return;
    }
    char etag[96], lm[64], inm[256], ims[64], extra[512] = "";
    snprintf(etag, sizeof etag, "\"%llx-%llx-%llx\"", (unsigned long long)st.st_size,
             (unsigned long long)st.st_mtim.tv_sec * 1000000000ULL +
                 (unsigned long long)st.st_mtim.tv_nsec,
             (unsigned long long)st.st_ino);
    http_date(st.st_mtim.tv_sec, lm, sizeof lm);
    if (validators && status == 200) {
        int not_modified = 0;
        if (header(head, "If-None-Match", inm, sizeof inm)) {
            not_modified = strstr(inm, etag) != NULL;
        } else if (header(head, "If-Modified-Since", ims, sizeof ims)) {
            struct tm tm;
            memset(&tm, 0, sizeof tm);
            if (strptime(ims, "%a, %d %b %Y %H:%M:%S GMT", &tm))
                not_modified = st.st_mtim.tv_sec <= timegm(&tm);
        }
        if (not_modified) {
            out_printf(c, "HTTP/1.1 304 Not Modified\r\nETag: %s\r\nLast-Modified: %s\r\n%s\r\n",
                       etag, lm, c->close_after ? "Connection: close\r\n" : "");
            log_line(s, method, target, 304, 0);
            return;
        }
    }
    if (read_whole(path, &data, &len, &st) != 0) {
        simple(s, c, method, target, 404, NULL, "not found\n");
        return;
    }
    if (validators)
        snprintf(extra, sizeof extra, "ETag: %s\r\nLast-Modified: %s\r\n", etag, lm);
    out_printf(c, "HTTP/1.1 %d %s\r\nContent-Type: %s%s%s\r\n%s", status, reason(status),
               mime(path), charset ? "; charset=" : "", charset ? charset : "", extra);
    if (bigheader > 0) {
        char pad[4096];
        memset(pad, 'a', sizeof pad);
        out_add(c, "X-Padding: ", 11);
        for (long k = 0; k < bigheader; k += (long)sizeof pad)
            out_add(c, pad, bigheader - k < (long)sizeof pad ? (size_t)(bigheader - k) : sizeof pad);
        out_add(c, "\r\n", 2);
    }
    if (shortlen >= 0 && (size_t)shortlen < len) {
        len = (size_t)shortlen;       /* the lie: the rest is never sent */
        c->close_after = 1;
    }
    if (chunked) {
        out_printf(c, "Transfer-Encoding: chunked\r\n%s\r\n",
                   c->close_after ? "Connection: close\r\n" : "");
        size_t pos = 0;
        while (pos < len) {
            size_t k = len - pos < 16384 ? len - pos : 16384;
            out_printf(c, "%zx\r\n", k);
            out_add(c, data + pos, k);
            out_add(c, "\r\n", 2);
            pos += k;
        }
        out_add(c, "0\r\n\r\n", 5);
    } else {
        out_printf(c, "Content-Length: %zu\r\n%s\r\n", len,
                   c->close_after ? "Connection: close\r\n" : "");
        size_t headlen = c->outlen - c->outpos;
        if (strcmp(method, "HEAD"))
            out_add(c, data, len);
        if (drop)
            c->cut = c->outpos + headlen + len / 2;
    }
    log_line(s, method, target, status, len);
    free(data);
}

/* /gen/: a small standards text made from the URL, padded to size. */
static void gen_body(struct server *s, struct conn *c, const char *method, const char *target,
                     long size, const char *head)
{
    unsigned long h = 1469598103UL;
    for (const char *p = target; *p; p++)
        h = (h ^ (unsigned char)*p) * 16777619UL % 4294967296UL;
    char etag[64], inm[256];
    snprintf(etag, sizeof etag, "\"gen-%lx-%lx\"", h, (unsigned long)size);
    if (header(head, "If-None-Match", inm, sizeof inm) && strstr(inm, etag)) {
        out_printf(c, "HTTP/1.1 304 Not Modified\r\nETag: %s\r\n\r\n", etag);
        log_line(s, method, target, 304, 0);
        return;
    }
    char *body = xrealloc(NULL, (size_t)size + 512);
    int n = snprintf(body, (size_t)size + 512,
                     "T/GEN %lu-2024\n生成示例服务规范%lu\n1 范围\n本文件规定了生成文档%lu的服务要求。\n"
                     "4 要求\n", h % 100000, h % 100000, h % 100000);
    for (int k = 1; n < size; k++)
        n += snprintf(body + n, (size_t)size + 512 - (size_t)n,
                      "4.%d 机构应按规定提供第%d项服务。\n", k, k);
    out_printf(c, "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nETag: %s\r\n"
               "Last-Modified: Thu, 01 Jan 2026 00:00:00 GMT\r\nContent-Length: %d\r\n\r\n",
               etag, n);
    out_add(c, body, (size_t)n);
    log_line(s, method, target, 200, (size_t)n);
    free(body);
}

/* Read a numeric path segment at *p ("123/"); -1 when there is none. */
static long segment_num(const char **p)
{
    char *end;
    long v = strtol(*p, &end, 10);
    if (end == *p || *end != '/')
        return -1;
    *p = end;
    return v;
}

static void handle(struct server *s, struct conn *c, const char *head, const char *body)
{
    char method[16] = "", target[4096] = "";
    if (sscanf(head, "%15s %4095s", method, target) != 2) {
        c->close_after = 1;
        simple(s, c, "?", "?", 400, NULL, "bad request\n");
        return;
    }
    char conn_hdr[64];
    if (header(head, "Connection", conn_hdr, sizeof conn_hdr) && !strcasecmp(conn_hdr, "close"))
        c->close_after = 1;
    if (!strncmp(head + strcspn(head, "\r\n") - 8, "HTTP/1.0", 8))
        c->close_after = 1;
    char path[4096];
    snprintf(path, sizeof path, "%s", target);
    char *q = strchr(path, '?');
    const char *query = "";
    if (q) {
        *q = '\0';
        query = target + (q - path) + 1;
    }
    for (size_t i = 0; i < s->nroutes; i++) {
        struct route *r = &s->routes[i];
        if (strcasecmp(r->method, method) || strcmp(r->path, path))
            continue;
        if (strcmp(r->match, "*") && !strstr(query, r->match) && !strstr(body, r->match))
            continue;
        serve_file(s, c, method, target, r->file, head, 0, NULL, 0, 0, r->status, -1, 0);
        return;
    }
    int n = -1;   /* this URL's request count, looked up when a mode needs it */
    int validators = 1, chunked = 0, drop = 0;
    long shortlen = -1, bigheader = 0;
    const char *charset = NULL;
    char cs[64];
    const char *p = path;
    for (;;) {
        if (!strncmp(p, "/slow/", 6)) {
            p += 6;
            long ms = segment_num(&p);
            if (ms < 0)
                break;
            c->send_at = now() + (double)ms / 1000;
        } else if (!strncmp(p, "/flaky/", 7)) {
            p += 7;
            long k = segment_num(&p);
            if (k < 0)
                break;
            if (n < 0)
                n = count(s, target);
            if (n <= k) {
                simple(s, c, method, target, 500, NULL, "flaky: try again\n");
                return;
            }
        } else if (!strncmp(p, "/ratelimit/", 11)) {
            p += 11;
            long k = segment_num(&p);
            p++;
            long secs = segment_num(&p);
            if (k < 0 || secs < 0)
                break;
            if (n < 0)
                n = count(s, target);
            if (n <= k) {
                char h[64];
                snprintf(h, sizeof h, "Retry-After: %ld\r\n", secs);
                simple(s, c, method, target, 429, h, "slow down\n");
                return;
            }
        } else if (!strncmp(p, "/drop/", 6)) {
            p += 6;
            long k = segment_num(&p);
            if (k < 0)
                break;
            if (n < 0)
                n = count(s, target);
            if (n <= k) {
                drop = 1;
                c->close_after = 1;
            }
        } else if (!strncmp(p, "/status/", 8)) {
            p += 8;
            long code = segment_num(&p);
            if (code < 100)
                break;
            simple(s, c, method, target, (int)code, NULL, "scripted status\n");
            return;
        } else if (!strncmp(p, "/redirect-loop/", 15)) {
            char h[4200];
            snprintf(h, sizeof h, "Location: %s\r\n", target);
            simple(s, c, method, target, 302, h, "around and around\n");
            return;
        } else if (!strncmp(p, "/redirect/", 10)) {
            char h[4200];
            snprintf(h, sizeof h, "Location: %s\r\n", p + 9);
            simple(s, c, method, target, 302, h, "moved\n");
            return;
        } else if (!strncmp(p, "/novalidators/", 14)) {
            p += 13;
            validators = 0;
        } else if (!strncmp(p, "/charset/", 9)) {
            p += 9;
            size_t k = strcspn(p, "/");
            if (!p[k] || k >= sizeof cs)
                break;
            memcpy(cs, p, k);
            cs[k] = '\0';
            charset = cs;
            p += k;
        } else if (!strncmp(p, "/gen/", 5)) {
            p += 5;
            long size = segment_num(&p);
            if (size < 0 || size > (64L << 20))
                break;
            gen_body(s, c, method, target, size, head);
            return;
        } else if (!strncmp(p, "/chunked/", 9)) {
            p += 8;
            chunked = 1;
        } else if (!strncmp(p, "/shortlen/", 10)) {
            p += 10;
            shortlen = segment_num(&p);
            if (shortlen < 0)
                break;
        } else if (!strncmp(p, "/bigheader/", 11)) {
            p += 11;
            bigheader = segment_num(&p);
            if (bigheader < 0 || bigheader > (16L << 20))
                break;
        } else {
            break;
        }
    }
    if (strcmp(method, "GET") && strcmp(method, "HEAD")) {
        simple(s, c, method, target, 405, NULL, "only GET here\n");
        return;
    }
    serve_file(s, c, method, target, p, head, validators, charset, chunked, drop, 200,
               shortlen, bigheader);
}

/* A complete request in c->in?  Returns its length (head and body), or 0. */
static size_t request_complete(struct conn *c, size_t *headlen)
{
    char *end = c->inlen >= 4 ? memmem(c->in, c->inlen, "\r\n\r\n", 4) : NULL;
    if (!end)
        return 0;
    *headlen = (size_t)(end - c->in) + 4;
    size_t body = 0;
    c->in[*headlen - 2] = '\0';   /* head as a string (its last CRLF kept) */
    char cl[32];
    if (header(c->in, "Content-Length", cl, sizeof cl))
        body = (size_t)strtoul(cl, NULL, 10);
    c->in[*headlen - 2] = '\r';
    return c->inlen >= *headlen + body ? *headlen + body : 0;
}

static void conn_close(struct conn *c)
{
    close(c->fd);
    free(c->in);
    free(c->out);
    memset(c, 0, sizeof *c);
    c->fd = -1;
}

static int load_routes(struct server *s, const char *file)
{
    FILE *f = fopen(file, "r");
    if (!f) {
        fprintf(stderr, "httpd: %s: %s\n", file, strerror(errno));
        return -1;
    }
    char line[2048];
    int lineno = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        char *p = line;
        while (isspace((unsigned char)*p))
            p++;
        if (!*p || *p == '#')
            continue;
        struct route r;
        memset(&r, 0, sizeof r);
        r.status = 200;
        int k = sscanf(p, "%15s %511s %511s %511s %d", r.method, r.path, r.match, r.file,
                       &r.status);
        if (k < 4) {
            fprintf(stderr, "httpd: %s:%d: want METHOD PATH MATCH FILE [STATUS]\n", file,
                    lineno);
            fclose(f);
            return -1;
        }
        s->routes = xrealloc(s->routes, (s->nroutes + 1) * sizeof *s->routes);
        s->routes[s->nroutes++] = r;
    }
    fclose(f);
    return 0;
}

int main(int argc, char **argv)
{
    struct server s;
    memset(&s, 0, sizeof s);
    s.cfg.root = ".";
    s.cfg.lifetime = 600;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--root") && v) {
            s.cfg.root = v;
            i++;
        } else if (!strcmp(a, "--port") && v) {
            s.cfg.port = atoi(v);
            i++;
        } else if (!strcmp(a, "--routes") && v) {
            if (load_routes(&s, v) != 0)
                return 2;
            i++;
        } else if (!strcmp(a, "--log") && v) {
            s.cfg.log = fopen(v, "a");
            if (!s.cfg.log) {
                fprintf(stderr, "httpd: %s: %s\n", v, strerror(errno));
                return 2;
            }
            i++;
        } else if (!strcmp(a, "--lifetime") && v) {
            s.cfg.lifetime = atof(v);
            i++;
        } else {
            fprintf(stderr, "usage: httpd [--root DIR] [--port N] [--routes FILE] [--log FILE]"
                            " [--lifetime SECONDS]\n");
            return 2;
        }
    }
    signal(SIGPIPE, SIG_IGN);
    signal(SIGTERM, on_signal);
    signal(SIGINT, on_signal);
    int ls = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    int one = 1;
    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons((unsigned short)s.cfg.port);
    socklen_t alen = sizeof addr;
    if (ls < 0 || bind(ls, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(ls, 128) != 0 ||
        getsockname(ls, (struct sockaddr *)&addr, &alen) != 0) {
        fprintf(stderr, "httpd: cannot listen on 127.0.0.1:%d: %s\n", s.cfg.port, strerror(errno));
        return 2;
    }
    printf("%d\n", ntohs(addr.sin_port));
    fflush(stdout);

    struct conn conns[MAX_CONN];
    for (int i = 0; i < MAX_CONN; i++) {
        memset(&conns[i], 0, sizeof conns[i]);
        conns[i].fd = -1;
    }
    double t_end = now() + s.cfg.lifetime;
    struct pollfd pfd[MAX_CONN + 1];
    while (!stop && now() < t_end) {
        int nfd = 0, map[MAX_CONN + 1];
        double t = now(), wake = 1.0;
        pfd[nfd].fd = ls;
        pfd[nfd].events = POLLIN;
        map[nfd++] = -1;
        for (int i = 0; i < MAX_CONN; i++) {
            struct conn *c = &conns[i];
            if (c->fd < 0)
                continue;
            short ev = 0;
            if (c->outpos < c->outlen) {
                if (c->send_at > t) {
                    if (c->send_at - t < wake)
                        wake = c->send_at - t;
                } else {
                    ev |= POLLOUT;
                }
            } else {
                ev |= POLLIN;
            }
            pfd[nfd].fd = c->fd;
            pfd[nfd].events = ev;
            map[nfd++] = i;
        }
        int r = poll(pfd, (nfds_t)nfd, (int)(wake * 1000) + 1);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        for (int k = 0; k < nfd; k++) {
            if (!pfd[k].revents)
                continue;
            if (map[k] < 0) {
                for (;;) {
                    int fd = accept4(ls, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
                    if (fd < 0)
                        break;
                    int slot = -1;
                    for (int i = 0; i < MAX_CONN && slot < 0; i++)
                        if (conns[i].fd < 0)
                            slot = i;
                    if (slot < 0) {
                        close(fd);
                        continue;
                    }
                    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    conns[slot].fd = fd;
                }
                continue;
            }
            struct conn *c = &conns[map[k]];
            if (pfd[k].revents & POLLOUT) {
                size_t limit = c->cut ? c->cut : c->outlen;
                ssize_t w = write(c->fd, c->out + c->outpos, limit - c->outpos);
                if (w < 0 && errno != EAGAIN && errno != EINTR) {
                    conn_close(c);
                    continue;
                }
                if (w > 0)
                    c->outpos += (size_t)w;
                if (c->cut && c->outpos >= c->cut) {
                    conn_close(c);   /* drop mode: cut mid-body */
                    continue;
                }
                if (c->outpos == c->outlen) {
                    c->outpos = c->outlen = 0;
                    c->send_at = 0;
                    if (c->close_after) {
                        conn_close(c);
                        continue;
                    }
                }
            }
            if (pfd[k].revents & (POLLIN | POLLHUP | POLLERR)) {
                if (c->incap - c->inlen < 65536) {
                    c->incap = c->incap ? c->incap * 2 : 65536;
                    c->in = xrealloc(c->in, c->incap);
                }
                ssize_t rd = read(c->fd, c->in + c->inlen, c->incap - c->inlen - 1);
                if (rd == 0 || (rd < 0 && errno != EAGAIN && errno != EINTR)) {
                    conn_close(c);
                    continue;
                }
                if (rd > 0)
                    c->inlen += (size_t)rd;
                size_t headlen = 0, total;
                if ((total = request_complete(c, &headlen)) > 0) {
                    char *head = malloc(headlen + 1), *body = malloc(total - headlen + 1);
                    if (!head || !body) {
                        fputs("httpd: out of memory\n", stderr);
                        return 2;
                    }
                    memcpy(head, c->in, headlen);
                    head[headlen] = '\0';
                    memcpy(body, c->in + headlen, total - headlen);
                    body[total - headlen] = '\0';
                    memmove(c->in, c->in + total, c->inlen - total);
                    c->inlen -= total;
                    handle(&s, c, head, body);
                    free(head);
                    free(body);
                } else if (c->inlen > MAX_HEAD) {
                    conn_close(c);
                }
            }
        }
    }
    for (int i = 0; i < MAX_CONN; i++)
        if (conns[i].fd >= 0)
            conn_close(&conns[i]);
    close(ls);
    for (size_t i = 0; s.counters && i < COUNTERS_MAX; i++)
        free(s.counters[i].url);
    free(s.counters);
    free(s.routes);
    if (s.cfg.log)
        fclose(s.cfg.log);
    return 0;
}
