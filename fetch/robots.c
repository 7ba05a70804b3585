/* robots.c - robots.txt (RFC 9309) for the hosts a crawler visits.
 *
 * Before the first request of a crawl to a host, its /robots.txt is
 * fetched once per run.  The group for the user agent "peiyou" is used
 * when there is one, else the "*" group; the longest matching Allow or
 * Disallow pattern decides ('*' and a final '$' as in the RFC; a tie goes
 * to Allow).  A Crawl-delay slows the host down.  A robots.txt that does
 * not exist (4xx) allows everything; one that cannot be read (5xx,
 * network) forbids everything for this run, as the RFC says.  Manifest
 * URLs are the operator's own choice and are not checked. */
#include "fetch.h"
#include "log.h"

#include <ctype.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct rule {
	int allow;
	char *pattern;
};

struct waiter {
	void (*go)(struct run *, void *);
	void (*drop)(void *);   /* ctx's release if go never runs; may be NULL */
	void *ctx;
};

struct site {
	char *origin;            /* scheme://host:port */
	int ready;
	int deny_all;
	struct rule *rules;
	size_t nrules;
	struct waiter *w;
	size_t nw;
};

struct robots {
	struct site *v;
	size_t n, cap;
};

struct robots *robots_new(void)
{
	struct robots *rb = xmalloc(sizeof *rb);
	memset(rb, 0, sizeof *rb);
	return rb;
}

static void free_rules(struct rule *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(r[i].pattern);
	free(r);
}

void robots_free(struct robots *rb)
{
	if (!rb)
		return;
	for (size_t i = 0; i < rb->n; i++) {
		free(rb->v[i].origin);
		free_rules(rb->v[i].rules, rb->v[i].nrules);
		for (size_t k = 0; k < rb->v[i].nw; k++)
			if (rb->v[i].w[k].drop)
				rb->v[i].w[k].drop(rb->v[i].w[k].ctx);
		free(rb->v[i].w);
	}
	free(rb->v);
	free(rb);
}

/* Origin and path (with query) of url; 0 on success, 1 for file URLs,
 * -1 when unparseable.  Strings are new. */
static int split_url(const char *url, char **origin, char **path)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL, *port = NULL, *p = NULL, *q = NULL;
	int rc = -1;
	*origin = *path = NULL;
	if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK) {
		if (strcasecmp(scheme, "file") == 0) {
			rc = 1;
		} else if (curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK) {
			curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT);
			curl_url_get(u, CURLUPART_PATH, &p, 0);
			curl_url_get(u, CURLUPART_QUERY, &q, 0);
			struct buf o = BUF_INIT, pq = BUF_INIT;
			buf_printf(&o, "%s://%s:%s", scheme, host, port ? port : "");
			buf_printf(&pq, "%s%s%s", p ? p : "/", q ? "?" : "", q ? q : "");
			*origin = o.p;
			*path = pq.p;
			rc = 0;
		}
	}
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_free(p);
	curl_free(q);
	curl_url_cleanup(u);
	return rc;
}

/* Does pattern (with '*' and a final '$') match the start of path?  The
 * classic wildcard match that backtracks only to the last '*': O(length of
 * path x length of pattern), so a hostile robots.txt cannot stall a crawl. */
static int pattern_match(const char *pat, const char *path)
{
	const char *star = NULL, *resume = NULL;
	for (;;) {
		if (*pat == '$' && pat[1] == '\0') {
			if (*path == '\0')
				return 1;
		} else if (*pat == '\0') {
			return 1;           /* a prefix match: the rest of path is free */
		} else if (*pat == '*') {
			while (*pat == '*')
				pat++;
			star = pat;
			resume = path;
			continue;
		} else if (*path && *pat == *path) {
			pat++;
			path++;
			continue;
		}
		/* mismatch: let the last '*' take one more character */
		if (!star || !*resume)
			return 0;
		pat = star;
		path = ++resume;
	}
}

/* Parse txt: the rules of the group that applies to peiyou. */
static void parse_robots(const char *txt, struct rule **out, size_t *nout, double *delay)
{
	/* Two passes: rules of groups naming peiyou, else those of "*". */
	*out = NULL;
	*nout = 0;
	*delay = 0;
	for (int pass = 0; pass < 2 && *nout == 0; pass++) {
		int in_agents = 0, applies = 0, any_specific = 0;
		const char *p = txt;
		while (*p) {
			const char *e = strchr(p, '\n');
			size_t n = e ? (size_t)(e - p) : strlen(p);
			char *line = xstrndup(p, n);
			p += n + (e ? 1 : 0);
			char *hash = strchr(line, '#');
			if (hash)
				*hash = '\0';
			char *colon = strchr(line, ':');
			if (!colon) {
				free(line);
				continue;
			}
			*colon = '\0';
			char *key = line, *val = colon + 1;
			while (isspace((unsigned char)*key))
				key++;
			for (char *k = key + strlen(key); k > key && isspace((unsigned char)k[-1]);)
				*--k = '\0';
			while (isspace((unsigned char)*val))
				val++;
			for (char *v = val + strlen(val); v > val && isspace((unsigned char)v[-1]);)
				*--v = '\0';
			if (strcasecmp(key, "user-agent") == 0) {
				if (!in_agents)
					applies = 0;
				in_agents = 1;
				int mine = strncasecmp(val, "peiyou", 6) == 0;
				any_specific |= mine;
				if (pass == 0 ? mine : strcmp(val, "*") == 0)
					applies = 1;
			} else {
				in_agents = 0;
				if (applies && (strcasecmp(key, "allow") == 0 ||
						strcasecmp(key, "disallow") == 0) && *val) {
					*out = xrealloc(*out, (*nout + 1) * sizeof **out);
					(*out)[*nout].allow = tolower((unsigned char)key[0]) == 'a';
					(*out)[*nout].pattern = xstrdup(val);
					(*nout)++;
				} else if (applies && strcasecmp(key, "crawl-delay") == 0) {
					double d = atof(val);
					if (d > *delay)
						*delay = d;
				}
			}
			free(line);
		}
		if (pass == 0 && any_specific && *nout == 0)
			break;   /* a peiyou group without rules: everything allowed */
	}
}

static int rules_allow(const struct rule *r, size_t n, const char *path)
{
	size_t best = 0;
	int allow = 1;
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(r[i].pattern);
		if (!pattern_match(r[i].pattern, path))
			continue;
		if (len > best || (len == best && r[i].allow)) {
			best = len;
			allow = r[i].allow;
		}
	}
	return allow;
}

static struct site *find_site(struct robots *rb, const char *origin)
{
	for (size_t i = 0; i < rb->n; i++)
		if (strcmp(rb->v[i].origin, origin) == 0)
			return &rb->v[i];
	return NULL;
}

int robots_allowed(struct robots *rb, const char *url)
{
	char *origin, *path;
	int k = split_url(url, &origin, &path);
	if (k != 0) {
		free(origin);
		free(path);
		return 1;
	}
	struct site *s = find_site(rb, origin);
	int ok = !s || (!s->deny_all && rules_allow(s->rules, s->nrules, path));
	free(origin);
	free(path);
	return ok;
}

/* The robots.txt of one site arrived (or not). */
static void on_robots(struct xfer *x, struct xfer_req *req, struct xfer_result *res,
		      void *ctx)
{
	(void)x;
	struct run *r = ctx;
	char *origin, *path;
	if (split_url(req->url, &origin, &path) != 0) {
		free(origin);
		free(path);
		return;
	}
	struct site *s = find_site(r->robots, origin);
	free(path);
	if (!s) {
		free(origin);
		return;
	}
	double delay = 0;
	if (res->outcome == XO_OK) {
		parse_robots(res->body.p ? res->body.p : "", &s->rules, &s->nrules, &delay);
		log_verbose("%s: robots.txt with %zu rules for peiyou%s", origin, s->nrules,
			    delay > 0 ? ", Crawl-delay" : "");
	} else if (res->outcome == XO_GONE || (res->status >= 400 && res->status < 500)) {
		log_verbose("%s: no robots.txt (%s): everything allowed", origin, res->error);
	} else {
		s->deny_all = 1;
		log_error("%s/robots.txt cannot be read (%s): nothing is fetched from this host"
			  " in this run", origin, res->error);
		rec_failure(r, req->url, "robots", res->status, res->error);
	}
	if (delay > 0)
		xfer_host_policy(r->x, req->url, 0, delay > 60 ? 60 : delay);
	s->ready = 1;
	/* Waiters may add sites (and move rb->v): take the list first. */
	struct waiter *w = s->w;
	size_t nw = s->nw;
	s->w = NULL;
	s->nw = 0;
	free(origin);
	for (size_t i = 0; i < nw; i++)
		w[i].go(r, w[i].ctx);
	free(w);
}

void robots_prepare(struct run *r, const char *url, void (*go)(struct run *, void *),
		    void (*drop)(void *), void *ctx)
{
	char *origin, *path;
	int k = split_url(url, &origin, &path);
	free(path);
	if (k != 0) {
		free(origin);
		go(r, ctx);
		return;
	}
	struct robots *rb = r->robots;
	struct site *s = find_site(rb, origin);
	if (s && s->ready) {
		free(origin);
		go(r, ctx);
		return;
	}
	if (!s) {
		if (rb->n == rb->cap) {
			rb->cap = rb->cap ? rb->cap * 2 : 4;
			rb->v = xrealloc(rb->v, rb->cap * sizeof *rb->v);
		}
		s = &rb->v[rb->n++];
		memset(s, 0, sizeof *s);
		s->origin = xstrdup(origin);
		struct buf u = BUF_INIT;
		buf_printf(&u, "%s/robots.txt", origin);
		xfer_add(r->x, xfer_req_new("GET", u.p, on_robots, r));
		buf_free(&u);
	}
	s->w = xrealloc(s->w, (s->nw + 1) * sizeof *s->w);
	s->w[s->nw].go = go;
	s->w[s->nw].ctx = ctx;
	s->w[s->nw].drop = drop;
	s->nw++;
	free(origin);
}
