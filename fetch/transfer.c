/* transfer.c - see transfer.h.
 *
 * One curl multi handle; one queue per host (scheme, host and port), so
 * that a host at its limit or in its delay never holds up another; a list
 * of requests waiting to be retried.  Easy handles are reused (curl's
 * connection cache lives in the multi handle, so keep-alive connections
 * survive).  Everything happens on the calling thread: curl_multi_poll()
 * sleeps until a socket is ready, a retry is due or a host's delay is
 * over. */
#include "transfer.h"
#include "log.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

/* The longest a Retry-After header may make us wait before a URL is tried
 * again: 7 days.  Longer (or absurd) values are cut to this. */
#define RETRY_AFTER_MAX (7.0 * 24 * 3600)

struct host {
	char *key;              /* "https://example.org:443", "file" */
	int per_host;
	double delay;
	int active;
	double last_start;      /* monotonic; -inf before the first */
	struct xfer_req *head, *tail;
};

struct xfer {
	struct xfer_opts o;
	CURLM *multi;
	CURL **idle;            /* easy handles to reuse */
	size_t nidle, capidle;
	CURL **act;             /* easy handles running */
	size_t nact, capact;
	struct host *hosts;
	size_t nhosts, caphosts;
	struct xfer_req *delayed;  /* waiting for a retry */
	size_t queued;          /* in host queues or delayed */
	uint64_t rng;           /* jitter */
	size_t rr;              /* round-robin start among hosts */
};

/* ------------------------------------------------------------ requests */

struct xfer_req *xfer_req_new(const char *method, const char *url, xfer_done_fn done,
			      void *ctx)
{
	struct xfer_req *r = xmalloc(sizeof *r);
	memset(r, 0, sizeof *r);
	r->method = xstrdup(method ? method : "GET");
	r->url = xstrdup(url);
	r->done = done;
	r->ctx = ctx;
	return r;
}

void xfer_req_header(struct xfer_req *r, const char *name, const char *value)
{
	struct buf b = BUF_INIT;
	buf_printf(&b, "%s: %s", name, value);
	r->headers = xrealloc(r->headers, (r->nheaders + 1) * sizeof *r->headers);
	r->headers[r->nheaders++] = b.p;
}

static void result_clear(struct xfer_result *res)
{
	buf_free(&res->body);
	free(res->content_type);
	free(res->etag);
	free(res->last_modified);
	free(res->effective_url);
	memset(res, 0, sizeof *res);
}

void xfer_req_free(struct xfer_req *r)
{
	if (!r)
		return;
	free(r->method);
	free(r->url);
	free(r->body);
	for (size_t i = 0; i < r->nheaders; i++)
		free(r->headers[i]);
	free(r->headers);
	free(r->if_none_match);
	free(r->if_modified_since);
	curl_slist_free_all(r->hlist);
	result_clear(&r->res);
	free(r);
}

/* ------------------------------------------------------------- engine */

static uint64_t next_random(struct xfer *x)
{
	uint64_t z = (x->rng += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

struct xfer *xfer_new(const struct xfer_opts *o, char *err, size_t errlen)
{
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		snprintf(err, errlen, "libcurl cannot be initialised");
		return NULL;
	}
	struct xfer *x = xmalloc(sizeof *x);
	memset(x, 0, sizeof *x);
	x->o = *o;
	x->multi = curl_multi_init();
	if (!x->multi) {
		snprintf(err, errlen, "libcurl: no multi handle");
		free(x);
		curl_global_cleanup();
		return NULL;
	}
	curl_multi_setopt(x->multi, CURLMOPT_MAXCONNECTS, (long)(o->jobs * 2 + 4));
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	x->rng = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 20) ^ (uint64_t)getpid();
	return x;
}

/* Free a request whose done callback will never run. */
static void drop_req(struct xfer_req *r)
{
	if (r->drop)
		r->drop(r->ctx);
	xfer_req_free(r);
}

static void free_list(struct xfer_req *r)
{
	while (r) {
		struct xfer_req *next = r->next;
		drop_req(r);
		r = next;
	}
}

void xfer_free(struct xfer *x)
{
	if (!x)
		return;
	for (size_t i = 0; i < x->nact; i++) {
		struct xfer_req *r = NULL;
		curl_easy_getinfo(x->act[i], CURLINFO_PRIVATE, (char **)&r);
		curl_multi_remove_handle(x->multi, x->act[i]);
		curl_easy_cleanup(x->act[i]);
		drop_req(r);
	}
	for (size_t i = 0; i < x->nidle; i++)
		curl_easy_cleanup(x->idle[i]);
	for (size_t i = 0; i < x->nhosts; i++) {
		free_list(x->hosts[i].head);
		free(x->hosts[i].key);
	}
	free_list(x->delayed);
	curl_multi_cleanup(x->multi);
	free(x->idle);
	free(x->act);
	free(x->hosts);
	free(x);
	curl_global_cleanup();
}

/* The politeness key of a URL: scheme://host:port, or "file". */
static void host_key(const char *url, struct buf *out)
{
	buf_truncate(out, 0);
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL, *port = NULL;
	if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK) {
		if (strcasecmp(scheme, "file") == 0) {
			buf_puts(out, "file");
		} else {
			curl_url_get(u, CURLUPART_HOST, &host, 0);
			curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT);
			buf_printf(out, "%s://%s:%s", scheme, host ? host : "", port ? port : "");
		}
	} else {
		buf_puts(out, "?");
	}
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(u);
}

static size_t host_index(struct xfer *x, const char *url)
{
	struct buf key = BUF_INIT;
	host_key(url, &key);
	for (size_t i = 0; i < x->nhosts; i++)
		if (strcmp(x->hosts[i].key, key.p) == 0) {
			buf_free(&key);
			return i;
		}
	if (x->nhosts == x->caphosts) {
		x->caphosts = x->caphosts ? x->caphosts * 2 : 8;
		x->hosts = xrealloc(x->hosts, x->caphosts * sizeof *x->hosts);
	}
	struct host *h = &x->hosts[x->nhosts];
	memset(h, 0, sizeof *h);
	h->key = key.p;
	int local = strcmp(key.p, "file") == 0;
	h->per_host = local ? x->o.jobs : x->o.per_host;
	h->delay = local ? 0 : x->o.delay;
	h->last_start = -1e18;
	return x->nhosts++;
}

void xfer_host_policy(struct xfer *x, const char *url, int per_host, double delay)
{
	size_t i = host_index(x, url);   /* may move x->hosts */
	struct host *h = &x->hosts[i];
	if (per_host > 0 && per_host < h->per_host)
		h->per_host = per_host;
	if (delay > h->delay)
		h->delay = delay;
}

static void push_back(struct host *h, struct xfer_req *r)
{
	r->next = NULL;
	if (h->tail)
		h->tail->next = r;
	else
		h->head = r;
	h->tail = r;
}

static void push_front(struct host *h, struct xfer_req *r)
{
	r->next = h->head;
	h->head = r;
	if (!h->tail)
		h->tail = r;
}

void xfer_add(struct xfer *x, struct xfer_req *r)
{
	r->host = host_index(x, r->url);
	push_back(&x->hosts[r->host], r);
	x->queued++;
}

size_t xfer_pending(const struct xfer *x)
{
	return x->queued + x->nact;
}

/* ---------------------------------------------------------- callbacks */

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
	struct xfer_req *r = ud;
	size_t len = size * n;
	if ((long long)(r->res.body.len + len) > r->max_body) {
		r->too_large = 1;   /* also for bodies without Content-Length */
		return 0;
	}
	buf_append(&r->res.body, p, len);
	return len;
}

/* Copy a header's value without surrounding blanks. */
static char *header_value(const char *p, size_t n)
{
	while (n > 0 && (*p == ' ' || *p == '\t')) {
		p++;
		n--;
	}
	while (n > 0 && (p[n - 1] == '\r' || p[n - 1] == '\n' || p[n - 1] == ' ' ||
			 p[n - 1] == '\t'))
		n--;
	return xstrndup(p, n);
}

static int header_is(const char *line, size_t n, const char *name, const char **value)
{
	size_t k = strlen(name);
	if (n > k && strncasecmp(line, name, k) == 0 && line[k] == ':') {
		*value = line + k + 1;
		return 1;
	}
	return 0;
}

static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
	struct xfer_req *r = ud;
	size_t len = size * n;
	const char *v;
	if (len <= 2 && (len == 0 || p[0] == '\r' || p[0] == '\n')) {
		r->in_body = 1;         /* the blank line that ends a header block */
	} else if (len >= 5 && strncmp(p, "HTTP/", 5) == 0) {
		/* A new response (after a redirect or a 100): forget the last. */
		r->in_body = 0;
		free(r->res.etag);
		free(r->res.last_modified);
		r->res.etag = r->res.last_modified = NULL;
		r->retry_after = -1;
	} else if (header_is(p, len, "etag", &v)) {
		free(r->res.etag);
		r->res.etag = header_value(v, len - (size_t)(v - p));
	} else if (header_is(p, len, "last-modified", &v)) {
		free(r->res.last_modified);
		r->res.last_modified = header_value(v, len - (size_t)(v - p));
	} else if (header_is(p, len, "retry-after", &v)) {
		/* RFC 9110: delay-seconds (digits only) or an HTTP-date.  A
		 * server cannot park a URL for longer than RETRY_AFTER_MAX. */
		char *s = header_value(v, len - (size_t)(v - p));
		double secs = -1;
		if (*s && strspn(s, "0123456789") == strlen(s))
			secs = strlen(s) > 9 ? RETRY_AFTER_MAX : strtod(s, NULL);
		else {
			time_t t = curl_getdate(s, NULL);
			secs = t > 0 ? (double)(t - time(NULL)) : -1;
		}
		r->retry_after = secs < 0 ? 0 : secs > RETRY_AFTER_MAX ? RETRY_AFTER_MAX : secs;
		free(s);
	}
	return len;
}

/* ---------------------------------------------------------- transfers */

static CURL *get_easy(struct xfer *x)
{
	if (x->nidle) {
		CURL *e = x->idle[--x->nidle];
		curl_easy_reset(e);
		return e;
	}
	return curl_easy_init();
}

static void put_idle(struct xfer *x, CURL *e)
{
	if (x->nidle == x->capidle) {
		x->capidle = x->capidle ? x->capidle * 2 : 8;
		x->idle = xrealloc(x->idle, x->capidle * sizeof *x->idle);
	}
	x->idle[x->nidle++] = e;
}

static void fail_now(struct xfer *x, struct xfer_req *r, const char *why);

static void start(struct xfer *x, struct xfer_req *r)
{
	CURL *e = get_easy(x);
	if (!e) {
		fail_now(x, r, "libcurl: cannot create a transfer");
		return;
	}
	r->attempts++;
	result_clear(&r->res);
	r->retry_after = -1;
	r->max_body = x->o.max_body;
	r->too_large = 0;
	r->in_body = 0;
	r->errbuf[0] = '\0';
	curl_easy_setopt(e, CURLOPT_URL, r->url);
	curl_easy_setopt(e, CURLOPT_PRIVATE, (char *)r);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, r->errbuf);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, r->allow_file ? "http,https,file" : "http,https");
	curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(e, CURLOPT_MAXREDIRS, x->o.max_redirs);
	curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(e, CURLOPT_USERAGENT, x->o.user_agent);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, x->o.connect_timeout);
	curl_easy_setopt(e, CURLOPT_TIMEOUT, x->o.timeout);
	curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, x->o.low_speed_limit);
	curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, x->o.low_speed_time);
	curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)x->o.max_body);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, r);
	if (strcmp(r->method, "POST") == 0) {
		const char *body = r->body ? r->body : "";
		curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
		curl_easy_setopt(e, CURLOPT_COPYPOSTFIELDS, body);
	}
	struct curl_slist *hl = NULL;
	for (size_t i = 0; i < r->nheaders; i++)
		hl = curl_slist_append(hl, r->headers[i]);
	struct buf h = BUF_INIT;
	if (r->if_none_match) {
		buf_printf(&h, "If-None-Match: %s", r->if_none_match);
		hl = curl_slist_append(hl, h.p);
	}
	if (r->if_modified_since) {
		buf_truncate(&h, 0);
		buf_printf(&h, "If-Modified-Since: %s", r->if_modified_since);
		hl = curl_slist_append(hl, h.p);
	}
	buf_free(&h);
	/* The list must live as long as the transfer: freed in finish(). */
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, hl);
	r->hlist = hl;
	if (curl_multi_add_handle(x->multi, e) != CURLM_OK) {
		curl_slist_free_all(hl);
		r->hlist = NULL;
		put_idle(x, e);
		fail_now(x, r, "libcurl: cannot start the transfer");
		return;
	}
	if (x->nact == x->capact) {
		x->capact = x->capact ? x->capact * 2 : 8;
		x->act = xrealloc(x->act, x->capact * sizeof *x->act);
	}
	x->act[x->nact++] = e;
	x->hosts[r->host].active++;
}

static void deliver(struct xfer *x, struct xfer_req *r)
{
	if (r->done)
		r->done(x, r, &r->res, r->ctx);
	xfer_req_free(r);
}

/* A request that could not even start fails without retry. */
static void fail_now(struct xfer *x, struct xfer_req *r, const char *why)
{
	result_clear(&r->res);
	r->res.outcome = XO_FAILED;
	r->res.attempts = r->attempts;
	snprintf(r->res.error, sizeof r->res.error, "%s", why);
	deliver(x, r);
}

static int retryable_code(CURLcode cc)
{
	switch (cc) {
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_COULDNT_CONNECT:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_BAD_CONTENT_ENCODING:
		return 1;
	default:
		return 0;
	}
}

/* Classify a finished attempt; retry it or deliver it. */
static void finish(struct xfer *x, struct xfer_req *r, CURL *e, CURLcode cc, double now)
{
	long status = 0;
	char *ct = NULL, *eff = NULL, *scheme = NULL;
	double total = 0;
	int too_large = r->too_large || cc == CURLE_FILESIZE_EXCEEDED;
	double retry_after = r->retry_after;
	curl_slist_free_all(r->hlist);
	r->hlist = NULL;
	curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_getinfo(e, CURLINFO_CONTENT_TYPE, &ct);
	curl_easy_getinfo(e, CURLINFO_EFFECTIVE_URL, &eff);
	curl_easy_getinfo(e, CURLINFO_TOTAL_TIME, &total);
	curl_easy_getinfo(e, CURLINFO_SCHEME, &scheme);
	struct xfer_result *res = &r->res;
	res->status = status;
	res->attempts = r->attempts;
	res->seconds = total;
	res->retry_at = 0;
	res->content_type = ct ? xstrdup(ct) : NULL;
	res->effective_url = eff ? xstrdup(eff) : NULL;
	int is_file = scheme && strcasecmp(scheme, "file") == 0;

	int retry = 0;
	if (too_large) {
		res->outcome = XO_FAILED;
		snprintf(res->error, sizeof res->error, "body over the size limit of %lld bytes",
			 x->o.max_body);
	} else if (cc != CURLE_OK) {
		if (is_file && (cc == CURLE_FILE_COULDNT_READ_FILE)) {
			res->outcome = XO_GONE;
			snprintf(res->error, sizeof res->error, "no such file");
		} else if (cc == CURLE_OUT_OF_MEMORY && !r->in_body && !is_file) {
			/* libcurl refuses a header line over CURL_MAX_HTTP_HEADER
			 * (100 KB) with "out of memory": say what it is */
			res->outcome = XO_FAILED;
			snprintf(res->error, sizeof res->error, "服务器发送的响应头行过长（超过 libcurl 的"
				 " 100 KB 上限）(a response header line over libcurl's limit of 100 KB)");
		} else {
			res->outcome = XO_FAILED;
			snprintf(res->error, sizeof res->error, "%s", r->errbuf[0] ? r->errbuf
				 : curl_easy_strerror(cc));
			retry = retryable_code(cc);
		}
	} else if (is_file || (status >= 200 && status < 300)) {
		res->outcome = XO_OK;
	} else if (status == 304) {
		res->outcome = XO_NOT_MODIFIED;
	} else if (status == 404 || status == 410) {
		res->outcome = XO_GONE;
		snprintf(res->error, sizeof res->error, "HTTP %ld", status);
	} else {
		res->outcome = XO_FAILED;
		snprintf(res->error, sizeof res->error, "HTTP %ld", status);
		retry = status == 429 || status >= 500;
	}
	if (res->outcome != XO_OK)
		buf_free(&res->body);
	if (retry) {
		double wait = x->o.retry_base;
		for (int k = 1; k < r->attempts && wait < 1e6; k++)
			wait *= 2;   /* exponential backoff ... */
		/* ... with jitter: between half and one and a half of it */
		wait *= 0.5 + (double)(next_random(x) >> 11) / 9007199254740992.0;
		if (retry_after > wait)
			wait = retry_after;
		if (retry_after > x->o.max_retry_wait) {
			/* The server wants more patience than a run has: come back later. */
			res->retry_at = (double)time(NULL) + retry_after;
			size_t n = strlen(res->error);
			snprintf(res->error + n, sizeof res->error - n, " (Retry-After %.0f s)",
				 retry_after);
			retry = 0;
		} else if (r->attempts > x->o.retries) {
			size_t n = strlen(res->error);
			snprintf(res->error + n, sizeof res->error - n, " (after %d attempts)",
				 r->attempts);
			retry = 0;
		} else {
			if (wait > x->o.max_retry_wait)
				wait = x->o.max_retry_wait;
			log_verbose("%s %s: %s; attempt %d of %d in %.1f s", r->method, r->url,
				    res->error, r->attempts + 1, x->o.retries + 1, wait);
			r->not_before = now + wait;
			r->next = x->delayed;
			x->delayed = r;
			x->queued++;
			return;
		}
	}
	deliver(x, r);
}

/* Start what may start now; returns the monotonic time something waiting
 * becomes startable (0 when nothing waits on time). */
static double start_eligible(struct xfer *x, double now)
{
	double wake = 0;
	struct xfer_req **pp = &x->delayed;
	while (*pp) {
		struct xfer_req *r = *pp;
		if (r->not_before <= now) {
			*pp = r->next;
			push_front(&x->hosts[r->host], r);
		} else {
			if (!wake || r->not_before < wake)
				wake = r->not_before;
			pp = &r->next;
		}
	}
	size_t n = x->nhosts;
	for (size_t k = 0; k < n && x->nact < (size_t)x->o.jobs; k++) {
		size_t hi = (x->rr + k) % n;
		struct host *h = &x->hosts[hi];
		while (h->head && h->active < h->per_host && x->nact < (size_t)x->o.jobs) {
			if (h->delay > 0 && now < h->last_start + h->delay) {
				double t = h->last_start + h->delay;
				if (!wake || t < wake)
					wake = t;
				break;
			}
			struct xfer_req *r = h->head;
			h->head = r->next;
			if (!h->head)
				h->tail = NULL;
			r->next = NULL;
			x->queued--;
			h->last_start = now;
			start(x, r);
			/* start() may fail the request at once, and its callback may
			 * add a host, moving x->hosts: take h again */
			h = &x->hosts[hi];
		}
	}
	x->rr++;
	return wake;
}

/* Hand finished transfers to finish(); returns how many there were. */
static int collect_done(struct xfer *x)
{
	CURLMsg *m;
	int left, n = 0;
	while ((m = curl_multi_info_read(x->multi, &left)) != NULL) {
		if (m->msg != CURLMSG_DONE)
			continue;
		CURL *e = m->easy_handle;
		CURLcode cc = m->data.result;
		struct xfer_req *r = NULL;
		curl_easy_getinfo(e, CURLINFO_PRIVATE, (char **)&r);
		curl_multi_remove_handle(x->multi, e);
		for (size_t i = 0; i < x->nact; i++)
			if (x->act[i] == e) {
				x->act[i] = x->act[--x->nact];
				break;
			}
		x->hosts[r->host].active--;
		finish(x, r, e, cc, now_seconds());
		put_idle(x, e);
		n++;
	}
	return n;
}

size_t xfer_run(struct xfer *x, volatile sig_atomic_t *stop,
		void (*tick)(void *ctx), void *tick_ctx)
{
	while (!*stop && (x->queued || x->nact)) {
		double now = now_seconds();
		double wake = start_eligible(x, now);
		int running = 0;
		curl_multi_perform(x->multi, &running);
		int finished = collect_done(x);
		if (tick)
			tick(tick_ctx);
		if (!x->queued && !x->nact)
			break;
		if (finished)
			continue;   /* free slots: start the next requests first */
		long ms = 1000;
		if (wake) {
			double d = (wake - now_seconds()) * 1000;
			ms = d < 0 ? 0 : d > 1000 ? 1000 : (long)d + 1;
		}
		curl_multi_poll(x->multi, NULL, 0, (int)ms, NULL);
	}
	size_t dropped = 0;
	if (*stop) {
		for (size_t i = 0; i < x->nact; i++) {
			struct xfer_req *r = NULL;
			curl_easy_getinfo(x->act[i], CURLINFO_PRIVATE, (char **)&r);
			curl_multi_remove_handle(x->multi, x->act[i]);
			curl_slist_free_all(r->hlist);
			r->hlist = NULL;
			x->hosts[r->host].active--;
			put_idle(x, x->act[i]);
			drop_req(r);
			dropped++;
		}
		x->nact = 0;
		for (size_t i = 0; i < x->nhosts; i++) {
			for (struct xfer_req *r = x->hosts[i].head; r; r = r->next)
				dropped++;
			free_list(x->hosts[i].head);
			x->hosts[i].head = x->hosts[i].tail = NULL;
		}
		for (struct xfer_req *r = x->delayed; r; r = r->next)
			dropped++;
		free_list(x->delayed);
		x->delayed = NULL;
		x->queued = 0;
	}
	return dropped;
}
