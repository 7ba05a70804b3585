/* transfer.h - HTTP(S) and file transfers with libcurl's multi interface.
 *
 * The engine runs many transfers at once (--jobs) and is polite to every
 * host: at most per_host transfers to one host, and a minimum delay between
 * the starts of two requests to it.  It retries what may succeed later
 * (timeouts, connection errors, a body cut short, 429 and 5xx) with
 * exponential backoff and jitter, honouring Retry-After, and hands every
 * request to its completion callback exactly once, with its final outcome.
 * Callbacks may add requests (a crawler's list page adds the next page and
 * the detail pages).
 *
 * Requests are made with xfer_req_new(); xfer_add() takes ownership; the
 * engine frees a request and its result after its callback returns. */
#ifndef PEIYOU_FETCH_TRANSFER_H
#define PEIYOU_FETCH_TRANSFER_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include "buf.h"

struct xfer_opts {
	int jobs;               /* transfers at once */
	int per_host;           /* transfers at once to one host */
	double delay;           /* seconds between request starts to one host */
	long connect_timeout;   /* seconds */
	long timeout;           /* seconds for a whole transfer */
	long low_speed_limit;   /* bytes/s ... */
	long low_speed_time;    /* ... for this many seconds aborts */
	long long max_body;     /* bytes */
	long max_redirs;
	int retries;            /* attempts after the first */
	double retry_base;      /* seconds before the first retry (doubled each time) */
	double max_retry_wait;  /* longest wait within a run, Retry-After included */
	const char *user_agent;
};

enum xfer_outcome {
	XO_OK,            /* 2xx: body is the document */
	XO_NOT_MODIFIED,  /* 304 */
	XO_GONE,          /* 404 or 410 (a file:// path that does not exist) */
	XO_FAILED,        /* anything else, after the retries */
};

struct xfer_result {
	enum xfer_outcome outcome;
	long status;            /* HTTP status of the last attempt, 0 without one */
	int attempts;
	char error[300];        /* XO_FAILED: why (and XO_GONE: what) */
	double retry_at;        /* XO_FAILED: Unix time the server asked us to wait
				 * for (Retry-After beyond max_retry_wait), else 0 */
	struct buf body;        /* owned; the callback may take it (swap) */
	char *content_type;     /* owned; NULL when absent */
	char *etag, *last_modified;
	char *effective_url;    /* after redirects */
	double seconds;         /* of the last attempt */
};

struct xfer;
struct xfer_req;

typedef void (*xfer_done_fn)(struct xfer *x, struct xfer_req *r,
			     struct xfer_result *res, void *ctx);

struct xfer_req {
	char *method;           /* "GET" or "POST" (owned) */
	char *url;              /* owned */
	char *body;             /* POST body (owned) or NULL */
	char **headers;         /* "Name: value", owned */
	size_t nheaders;
	char *if_none_match;    /* conditional request (owned) or NULL */
	char *if_modified_since;
	int allow_file;         /* file:// allowed (manifest and config URLs only) */
	xfer_done_fn done;
	void *ctx;              /* the caller's; not freed */
	void (*drop)(void *ctx);/* called with ctx when the request is dropped
				 * unfinished (a stop, xfer_free); may be NULL */
	/* engine state */
	int attempts;
	double not_before;      /* monotonic */
	struct xfer_req *next;
	size_t host;
	char errbuf[256];
	void *hlist;            /* curl_slist of the running attempt */
	double retry_after;     /* seconds from the last response, -1 none */
	long long max_body;
	int too_large;
	int in_body;            /* the response's header block ended */
	struct xfer_result res;
};

/* A request for url (copied); method "GET" or "POST". */
struct xfer_req *xfer_req_new(const char *method, const char *url, xfer_done_fn done,
			      void *ctx);
void xfer_req_header(struct xfer_req *r, const char *name, const char *value);
void xfer_req_free(struct xfer_req *r);

/* NULL with err when libcurl cannot be set up. */
struct xfer *xfer_new(const struct xfer_opts *o, char *err, size_t errlen);
void xfer_free(struct xfer *x);

/* Queue r (ownership passes to the engine). */
void xfer_add(struct xfer *x, struct xfer_req *r);
/* Make the host of url politer than the defaults: at most per_host at once
 * and delay seconds between starts (robots.txt Crawl-delay, a source's
 * settings).  Values below the current ones are ignored. */
void xfer_host_policy(struct xfer *x, const char *url, int per_host, double delay);

/* Run until every request is done, or *stop becomes set (queued requests
 * are then dropped without callback and transfers aborted).  tick is
 * called after every round of completions (progress, commits).  Returns
 * the number of requests dropped. */
size_t xfer_run(struct xfer *x, volatile sig_atomic_t *stop,
		void (*tick)(void *ctx), void *tick_ctx);

/* Requests queued or running. */
size_t xfer_pending(const struct xfer *x);

#endif
