/* crawl.c - crawlers defined by a config file, not in C.
 *
 * A source config (docs/fetch.md has the full format; data/sources/ has
 * two) holds one or more crawls.  A crawl is three steps, each a request
 * (GET, or POST with a form body, and headers) and a way to read its
 * answer (JSON paths or XPath over HTML):
 *
 *   list      pages 1, 2, ... of items; every item gives fields
 *   detail    optional: one request per new item; more fields
 *   document  the alternatives for downloading the text; the first whose
 *             "if" field is non-empty is used; none means "not public"
 *
 * Values are put into URLs, form fields and headers with {name} templates
 * ({page} and the crawl's "vars", overridable with --set, besides the
 * fields).  Pages are read one after another: the next page is requested
 * only when the current one yielded something new, so a nightly rescan of
 * an unchanged platform costs one list request.  An item is known when its
 * key (or URL) has a final state (ok, gone, not_public, disallowed); items
 * that failed are tried again.  robots.txt is honoured for every request
 * of a crawl (robots.c). */
#include "fetch.h"
#include "log.h"

#include <curl/curl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fileio.h"

#define MAX_FIELDS 48

/* A request template. */
struct req_tpl {
	char *method;     /* GET or POST */
	char *url;        /* template */
	json_t *form;     /* object of templates, or NULL */
	json_t *headers;  /* object of templates, or NULL */
};

/* How to read a step's answer. */
struct reader {
	int html;                       /* else JSON */
	char *items;                    /* list only: path or XPath of the items */
	struct xpath *items_x;
	char *page_count;               /* list only, optional */
	struct xpath *page_count_x;
	size_t nfields;
	char *names[MAX_FIELDS];
	char *exprs[MAX_FIELDS];
	struct xpath *xp[MAX_FIELDS];
};

struct doc_alt {
	char *if_field;                 /* NULL: always */
	struct req_tpl req;
	char *magic;
};

/* A not_public condition: field in a list, empty, or present; and, when
 * and_empty is set, that other field empty too. */
struct np_cond {
	char *field;
	json_t *in;                     /* array of strings, or NULL */
	int empty;                      /* the field is empty or missing */
	int present;                    /* the field has a value */
	char *and_empty;
};

struct crawl {
	char *name, *source;
	char *base;                     /* absolute URL */
	char *config_url;
	int robots, per_host, max_pages, first_page;
	double delay;
	json_t *vars;
	struct req_tpl list_req, detail_req;
	struct reader list, detail;
	int has_detail;
	struct doc_alt *alts;
	size_t nalts;
	struct np_cond *np;
	size_t nnp;
	char *key_tpl, *url_tpl, *fallback_tpl;
	/* the run */
	struct run *r;
	int full;
	int page;
	long errors;
	int active;
};

struct crawl_set {
	struct crawl **v;
	size_t n;
	long errors;
};

/* An item between its list page and its document. */
struct item {
	struct crawl *c;
	json_t *fields;                 /* object of strings */
	char *from_url;                 /* the page it came from (relative URLs) */
	char *key;
};

/* ------------------------------------------------------------- config */

static void req_free(struct req_tpl *t)
{
	free(t->method);
	free(t->url);
	json_decref(t->form);
	json_decref(t->headers);
}

static void reader_free(struct reader *rd)
{
	free(rd->items);
	xpath_free(rd->items_x);
	free(rd->page_count);
	xpath_free(rd->page_count_x);
	for (size_t i = 0; i < rd->nfields; i++) {
		free(rd->names[i]);
		free(rd->exprs[i]);
		xpath_free(rd->xp[i]);
	}
}

static void crawl_one_free(struct crawl *c)
{
	if (!c)
		return;
	free(c->name);
	free(c->source);
	free(c->base);
	free(c->config_url);
	json_decref(c->vars);
	req_free(&c->list_req);
	req_free(&c->detail_req);
	reader_free(&c->list);
	reader_free(&c->detail);
	for (size_t i = 0; i < c->nalts; i++) {
		free(c->alts[i].if_field);
		req_free(&c->alts[i].req);
		free(c->alts[i].magic);
	}
	free(c->alts);
	for (size_t i = 0; i < c->nnp; i++) {
		free(c->np[i].field);
		free(c->np[i].and_empty);
		json_decref(c->np[i].in);
	}
	free(c->np);
	free(c->key_tpl);
	free(c->url_tpl);
	free(c->fallback_tpl);
	free(c);
}

void crawl_free(struct crawl_set *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		crawl_one_free(s->v[i]);
	free(s->v);
	free(s);
}

static const char *str_of(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static int parse_req(json_t *o, struct req_tpl *t, const char *where, char *err, size_t errlen)
{
	if (!json_is_object(o)) {
		snprintf(err, errlen, "%s: \"request\" must be an object", where);
		return -1;
	}
	const char *m = str_of(o, "method");
	const char *u = str_of(o, "url");
	if (!u) {
		snprintf(err, errlen, "%s: the request needs a \"url\"", where);
		return -1;
	}
	if (m && strcasecmp(m, "GET") && strcasecmp(m, "POST")) {
		snprintf(err, errlen, "%s: method must be GET or POST, not %s", where, m);
		return -1;
	}
	t->method = xstrdup(m && !strcasecmp(m, "POST") ? "POST" : "GET");
	t->url = xstrdup(u);
	json_t *f = json_object_get(o, "form"), *h = json_object_get(o, "headers");
	if ((f && !json_is_object(f)) || (h && !json_is_object(h))) {
		snprintf(err, errlen, "%s: \"form\" and \"headers\" must be objects of strings", where);
		return -1;
	}
	if (f && strcmp(t->method, "POST")) {
		snprintf(err, errlen, "%s: a \"form\" needs method POST", where);
		return -1;
	}
	t->form = json_incref(f);
	t->headers = json_incref(h);
	return 0;
}

static int compile_expr(struct reader *rd, const char *expr, struct xpath **xp,
			const char *where, char *err, size_t errlen)
{
	char msg[256];
	if (rd->html) {
		*xp = xpath_compile(expr, msg, sizeof msg);
		if (!*xp) {
			snprintf(err, errlen, "%s: %s", where, msg);
			return -1;
		}
	} else if (!json_path_valid(expr, msg, sizeof msg)) {
		snprintf(err, errlen, "%s: %s", where, msg);
		return -1;
	}
	return 0;
}

static int parse_reader(json_t *o, struct reader *rd, int is_list, const char *where,
			char *err, size_t errlen)
{
	const char *fmt = str_of(o, "format");
	if (!fmt || (strcmp(fmt, "json") && strcmp(fmt, "html"))) {
		snprintf(err, errlen, "%s: \"format\" must be \"json\" or \"html\"", where);
		return -1;
	}
	rd->html = !strcmp(fmt, "html");
	if (is_list) {
		const char *items = str_of(o, "items");
		if (!items) {
			snprintf(err, errlen, "%s: a list needs \"items\"", where);
			return -1;
		}
		rd->items = xstrdup(items);
		if (compile_expr(rd, items, &rd->items_x, where, err, errlen) != 0)
			return -1;
		const char *pc = str_of(o, "page_count");
		if (pc) {
			rd->page_count = xstrdup(pc);
			if (compile_expr(rd, pc, &rd->page_count_x, where, err, errlen) != 0)
				return -1;
		}
	}
	json_t *fields = json_object_get(o, "fields");
	if (!json_is_object(fields)) {
		snprintf(err, errlen, "%s: \"fields\" must be an object of name: expression", where);
		return -1;
	}
	const char *name;
	json_t *v;
	json_object_foreach(fields, name, v) {
		if (!json_is_string(v) || rd->nfields == MAX_FIELDS) {
			snprintf(err, errlen, "%s: field %s: an expression string (at most %d fields)",
				 where, name, MAX_FIELDS);
			return -1;
		}
		size_t i = rd->nfields++;
		rd->names[i] = xstrdup(name);
		rd->exprs[i] = xstrdup(json_string_value(v));
		if (compile_expr(rd, rd->exprs[i], &rd->xp[i], where, err, errlen) != 0)
			return -1;
	}
	return 0;
}

static struct crawl *parse_crawl(json_t *o, const char *config_url, const char *path,
				 const struct run_config *cfg, char *err, size_t errlen)
{
	struct crawl *c = xmalloc(sizeof *c);
	memset(c, 0, sizeof *c);
	const char *name = str_of(o, "name");
	struct buf where = BUF_INIT;
	buf_printf(&where, "%s: crawl %s", path, name ? name : "(unnamed)");
	if (!name || !*name) {
		snprintf(err, errlen, "%s: every crawl needs a \"name\"", path);
		goto bad;
	}
	c->name = xstrdup(name);
	struct buf src = BUF_INIT;
	buf_printf(&src, "crawl:%s", name);
	c->source = src.p;
	c->config_url = xstrdup(config_url);
	const char *base = cfg->base ? cfg->base : str_of(o, "base");
	if (!base) {
		snprintf(err, errlen, "%s: needs a \"base\" URL", where.p);
		goto bad;
	}
	c->base = resolve_url(config_url, base);
	if (!c->base) {
		snprintf(err, errlen, "%s: bad base URL %s", where.p, base);
		goto bad;
	}
	json_t *rb = json_object_get(o, "robots");
	c->robots = !json_is_false(rb);
	json_t *v;
	/* The command line's --per-host and --delay win over the config's. */
	c->per_host = json_is_integer(v = json_object_get(o, "per_host")) && !cfg->per_host_set
		? (int)json_integer_value(v) : 0;
	c->delay = json_is_number(v = json_object_get(o, "delay")) && !cfg->delay_set
		? json_number_value(v) : 0;
	c->max_pages = json_is_integer(v = json_object_get(o, "max_pages")) ? (int)json_integer_value(v) : 100;
	if (cfg->max_pages > 0)
		c->max_pages = cfg->max_pages;
	c->first_page = json_is_integer(v = json_object_get(o, "first_page")) ? (int)json_integer_value(v) : 1;
	json_t *vars = json_object_get(o, "vars");
	c->vars = json_is_object(vars) ? json_deep_copy(vars) : json_object();
	if (cfg->vars)
		json_object_update(c->vars, cfg->vars);

	json_t *list = json_object_get(o, "list");
	if (!json_is_object(list)) {
		snprintf(err, errlen, "%s: needs a \"list\" step", where.p);
		goto bad;
	}
	struct buf w2 = BUF_INIT;
	buf_printf(&w2, "%s, list", where.p);
	int bad = parse_req(json_object_get(list, "request"), &c->list_req, w2.p, err, errlen) ||
		  parse_reader(list, &c->list, 1, w2.p, err, errlen);
	buf_free(&w2);
	if (bad)
		goto bad;
	json_t *detail = json_object_get(o, "detail");
	if (detail) {
		buf_printf(&w2, "%s, detail", where.p);
		bad = !json_is_object(detail) ||
		      parse_req(json_object_get(detail, "request"), &c->detail_req, w2.p, err, errlen) ||
		      parse_reader(detail, &c->detail, 0, w2.p, err, errlen);
		buf_free(&w2);
		if (bad)
			goto bad;
		c->has_detail = 1;
	}
	json_t *docs = json_object_get(o, "document");
	if (json_is_object(docs)) {
		json_t *a = json_array();
		json_array_append(a, docs);
		docs = a;
	} else {
		json_incref(docs);
	}
	if (!json_is_array(docs) || json_array_size(docs) == 0) {
		json_decref(docs);
		snprintf(err, errlen, "%s: needs a \"document\" step (an object or a list of them)",
			 where.p);
		goto bad;
	}
	c->nalts = json_array_size(docs);
	c->alts = xmalloc(c->nalts * sizeof *c->alts);
	memset(c->alts, 0, c->nalts * sizeof *c->alts);
	for (size_t i = 0; i < c->nalts; i++) {
		json_t *d = json_array_get(docs, i);
		buf_printf(&w2, "%s, document %zu", where.p, i + 1);
		bad = !json_is_object(d) ||
		      parse_req(json_object_get(d, "request"), &c->alts[i].req, w2.p, err, errlen);
		buf_free(&w2);
		if (bad) {
			json_decref(docs);
			goto bad;
		}
		c->alts[i].if_field = dup_or_null(str_of(d, "if"));
		c->alts[i].magic = dup_or_null(str_of(d, "magic"));
	}
	json_decref(docs);
	json_t *np = json_object_get(o, "not_public");
	if (np && !json_is_array(np)) {
		snprintf(err, errlen, "%s: \"not_public\" must be a list of conditions", where.p);
		goto bad;
	}
	c->nnp = np ? json_array_size(np) : 0;
	c->np = xmalloc((c->nnp + 1) * sizeof *c->np);
	memset(c->np, 0, (c->nnp + 1) * sizeof *c->np);
	for (size_t i = 0; i < c->nnp; i++) {
		json_t *cond = json_array_get(np, i);
		const char *f = str_of(cond, "field");
		json_t *in = json_object_get(cond, "in");
		if (!f || (in && !json_is_array(in))) {
			snprintf(err, errlen, "%s: a not_public condition needs \"field\" and \"in\""
				 " (a list) or \"empty\": true", where.p);
			goto bad;
		}
		c->np[i].field = xstrdup(f);
		c->np[i].in = json_incref(in);
		c->np[i].empty = json_is_true(json_object_get(cond, "empty"));
		c->np[i].present = json_is_true(json_object_get(cond, "present"));
		c->np[i].and_empty = dup_or_null(str_of(cond, "and_empty"));
		if (!in && !c->np[i].empty && !c->np[i].present) {
			snprintf(err, errlen, "%s: a not_public condition needs \"in\", \"empty\""
				 " or \"present\"", where.p);
			goto bad;
		}
	}
	c->key_tpl = dup_or_null(str_of(o, "key"));
	c->url_tpl = dup_or_null(str_of(o, "url"));
	c->fallback_tpl = dup_or_null(str_of(o, "fallback_url"));
	for (size_t i = 0; i < c->nalts; i++)
		if (!c->url_tpl && !c->fallback_tpl && strcmp(c->alts[i].req.method, "POST") == 0) {
			snprintf(err, errlen, "%s: a POST download needs a \"url\" template naming the"
				 " document (e.g. its detail page)", where.p);
			goto bad;
		}
	c->full = cfg->full || cfg->recheck;
	buf_free(&where);
	return c;
bad:
	buf_free(&where);
	crawl_one_free(c);
	return NULL;
}

struct crawl_set *crawl_load(const char *path, const char *const *only, size_t nonly,
			     const struct run_config *cfg, char *err, size_t errlen)
{
	json_error_t je;
	json_t *root = json_load_file(path, 0, &je);
	if (!root) {
		snprintf(err, errlen, "%s:%d: %s", path, je.line, je.text);
		return NULL;
	}
	json_t *crawls = json_object_get(root, "crawls");
	if (!json_is_array(crawls)) {
		snprintf(err, errlen, "%s: needs \"crawls\": [ ... ]", path);
		json_decref(root);
		return NULL;
	}
	char *self = file_url(path);
	struct crawl_set *s = xmalloc(sizeof *s);
	memset(s, 0, sizeof *s);
	s->v = xmalloc((json_array_size(crawls) + 1) * sizeof *s->v);
	for (size_t i = 0; i < json_array_size(crawls); i++) {
		json_t *o = json_array_get(crawls, i);
		const char *name = str_of(o, "name");
		int wanted = !json_is_false(json_object_get(o, "enabled"));
		if (nonly) {
			wanted = 0;
			for (size_t k = 0; k < nonly; k++)
				if (name && !strcmp(only[k], name))
					wanted = 1;
		}
		if (!wanted)
			continue;
		struct crawl *c = parse_crawl(o, self ? self : "file:///", path, cfg, err, errlen);
		if (!c) {
			crawl_free(s);
			s = NULL;
			break;
		}
		s->v[s->n++] = c;
	}
	if (s && s->n == 0) {
		snprintf(err, errlen, "%s: no crawl %s", path,
			 nonly ? "of the names given with --crawl" : "is enabled");
		crawl_free(s);
		s = NULL;
	}
	free(self);
	json_decref(root);
	return s;
}

/* ----------------------------------------------------------- templates */

/* Append s, percent-encoding spaces, controls and non-ASCII bytes (a URL). */
static void append_url_safe(struct buf *b, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p <= 0x20 || *p >= 0x7F)
			buf_printf(b, "%%%02X", *p);
		else
			buf_putc(b, (char)*p);
}

/* Expand {name} in tpl from fields, then vars, then {page}.  url mode
 * percent-encodes what could not stand in a URL.  *missing counts names
 * with no (or an empty) value. */
static char *expand(const char *tpl, json_t *fields, json_t *vars, int page, int url_mode,
		    int *missing)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, "");
	for (const char *p = tpl; *p;) {
		const char *close = *p == '{' ? strchr(p, '}') : NULL;
		if (!close || close == p + 1) {
			buf_putc(&b, *p++);
			continue;
		}
		char *name = xstrndup(p + 1, (size_t)(close - p - 1));
		const char *val = NULL;
		char num[24];
		if (!strcmp(name, "page")) {
			snprintf(num, sizeof num, "%d", page);
			val = num;
		} else {
			json_t *v = fields ? json_object_get(fields, name) : NULL;
			if (!json_is_string(v) && vars)
				v = json_object_get(vars, name);
			val = json_is_string(v) ? json_string_value(v) : NULL;
		}
		if (!val || !*val) {
			if (missing)
				(*missing)++;
		} else if (url_mode) {
			append_url_safe(&b, val);
		} else {
			buf_puts(&b, val);
		}
		free(name);
		p = close + 1;
	}
	return b.p;
}

/* Build the request of template t for fields; NULL when its URL cannot be
 * made (err says why). */
static struct xfer_req *make_req(struct crawl *c, const struct req_tpl *t, json_t *fields,
				 const char *base, xfer_done_fn done, void *ctx,
				 char **url_out)
{
	char *rel = expand(t->url, fields, c->vars, c->page, 1, NULL);
	char *url = resolve_url(base, rel);
	free(rel);
	if (!url)
		return NULL;
	struct xfer_req *q = xfer_req_new(t->method, url, done, ctx);
	/* Files only where the config itself lives on disk (the sample). */
	q->allow_file = strncasecmp(c->base, "file:", 5) == 0;
	if (t->form) {
		struct buf body = BUF_INIT;
		const char *k;
		json_t *v;
		buf_puts(&body, "");
		json_object_foreach(t->form, k, v) {
			char *val = expand(json_is_string(v) ? json_string_value(v) : "", fields,
					   c->vars, c->page, 0, NULL);
			char *ek = curl_easy_escape(NULL, k, 0), *ev = curl_easy_escape(NULL, val, 0);
			buf_printf(&body, "%s%s=%s", body.len ? "&" : "", ek ? ek : "", ev ? ev : "");
			curl_free(ek);
			curl_free(ev);
			free(val);
		}
		q->body = body.p;
		xfer_req_header(q, "Content-Type", "application/x-www-form-urlencoded; charset=UTF-8");
	}
	if (t->headers) {
		const char *k;
		json_t *v;
		json_object_foreach(t->headers, k, v) {
			char *val = expand(json_is_string(v) ? json_string_value(v) : "", fields,
					   c->vars, c->page, 0, NULL);
			xfer_req_header(q, k, val);
			free(val);
		}
	}
	if (c->per_host > 0 || c->delay > 0)
		xfer_host_policy(c->r->x, url, c->per_host, c->delay);
	if (url_out)
		*url_out = url;
	else
		free(url);
	return q;
}

/* ------------------------------------------------------------ reading */

/* A parsed answer: JSON or HTML. */
struct answer {
	json_t *json;
	struct html *html;
	struct buf text;
};

static int answer_parse(const struct reader *rd, struct xfer_result *res, const char *url,
			struct answer *a, char *err, size_t errlen)
{
	memset(a, 0, sizeof a[0]);
	if (!rd->html) {
		json_error_t je;
		a->json = json_loadb(res->body.p ? res->body.p : "", res->body.len, 0, &je);
		if (!a->json) {
			snprintf(err, errlen, "answer is not JSON (%s, %zu bytes)", je.text,
				 res->body.len);
			return -1;
		}
		return 0;
	}
	char cs[40], msg[200];
	const char *p = res->body.p ? res->body.p : "";
	size_t n = res->body.len;
	if (charset_to_utf8(res->content_type, p, n, &a->text, cs, sizeof cs, msg,
			    sizeof msg) == 1) {
		p = a->text.p;
		n = a->text.len;
	}
	a->html = html_parse(p, n, url, err, errlen);
	return a->html ? 0 : -1;
}

static void answer_free(struct answer *a)
{
	json_decref(a->json);
	html_free(a->html);
	buf_free(&a->text);
}

/* Read the reader's fields relative to node (HTML) or item (JSON) into
 * the object fields. */
static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && !strcmp(s + n - m, suffix);
}

/* Fields named "..._url" are links: made absolute against the page URL. */
static void read_fields(const struct reader *rd, struct answer *a, void *node, json_t *item,
			const char *page_url, json_t *fields)
{
	for (size_t i = 0; i < rd->nfields; i++) {
		char *val = NULL;
		if (rd->html) {
			val = html_text(a->html, rd->xp[i], node);
		} else {
			struct json_matches m = { 0 };
			if (json_select(item, rd->exprs[i], &m) > 0) {
				char *t = json_scalar_text(m.v[0]);
				if (t) {
					val = fold_space(t);
					free(t);
				}
			}
			json_matches_free(&m);
		}
		if (val && *val && ends_with(rd->names[i], "_url")) {
			char *abs = resolve_url(page_url, val);
			free(val);
			val = abs;
		}
		if (val && *val)
			json_object_set_new(fields, rd->names[i], json_string(val));
		free(val);
	}
}

static const char *field(json_t *fields, const char *name)
{
	json_t *v = json_object_get(fields, name);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* The metadata columns from the fields (the rest stays in extra). */
static void fields_to_meta(json_t *fields, struct doc_meta *m)
{
	const char *v;
	if ((v = field(fields, "code")))
		m->code = canonical_code(v);
	meta_set(&m->title, field(fields, "title"));
	meta_set(&m->title_en, field(fields, "title_en"));
	meta_set(&m->status, field(fields, "status"));
	meta_set(&m->organization, field(fields, "organization"));
	if ((v = field(fields, "published")))
		m->published = canonical_date(v);
	if ((v = field(fields, "effective")))
		m->effective = canonical_date(v);
	m->extra = json_deep_copy(fields);
}

/* ------------------------------------------------------------ running */

static void item_free(struct item *it)
{
	json_decref(it->fields);
	free(it->from_url);
	free(it->key);
	free(it);
}

static struct fetch_doc *item_doc(struct item *it, const char *url)
{
	struct fetch_doc *d = doc_new(url, it->c->source);
	d->item_key = dup_or_null(it->key);
	d->crawled = it->c->robots;   /* robots.txt applies to its download */
	fields_to_meta(it->fields, &d->meta);
	return d;
}

/* The document's name (its key in the database): the "url" template when
 * the config has one, else the URL of a GET download, else the
 * "fallback_url" template; NULL when a template needs a missing value. */
static char *item_url(struct item *it, const char *download_url)
{
	struct crawl *c = it->c;
	const char *tpl = c->url_tpl;
	if (!tpl && download_url)
		return xstrdup(download_url);
	if (!tpl)
		tpl = c->fallback_tpl;
	if (!tpl)
		return NULL;
	int missing = 0;
	char *rel = expand(tpl, it->fields, c->vars, c->page, 1, &missing);
	char *url = missing ? NULL : resolve_url(it->from_url, rel);
	free(rel);
	return url;
}

/* The item is complete (list and detail fields): its document. */
static void item_document(struct run *r, struct item *it)
{
	struct crawl *c = it->c;
	for (size_t i = 0; i < c->nnp; i++) {
		const struct np_cond *nc = &c->np[i];
		const char *v = field(it->fields, nc->field);
		int hit = (nc->empty && (!v || !*v)) || (nc->present && v && *v);
		for (size_t k = 0; !hit && v && nc->in && k < json_array_size(nc->in); k++) {
			json_t *e = json_array_get(nc->in, k);
			hit = json_is_string(e) && !strcmp(json_string_value(e), v);
		}
		const char *other = nc->and_empty ? field(it->fields, nc->and_empty) : NULL;
		if (hit && nc->and_empty && other && *other)
			hit = 0;
		if (hit) {
			char why[300];
			snprintf(why, sizeof why, "%s is %s%s%s%s%s", nc->field, v ? "\"" : "empty",
				 v ? v : "", v ? "\"" : "", nc->and_empty ? " and empty: " : "",
				 nc->and_empty ? nc->and_empty : "");
			char *url = item_url(it, NULL);
			if (url)
				documents_not_public(r, item_doc(it, url), why);
			else
				log_warn("%s: an item (%s) is not public but has no document URL",
					 c->name, it->key ? it->key : "?");
			free(url);
			item_free(it);
			return;
		}
	}
	for (size_t i = 0; i < c->nalts; i++) {
		const struct doc_alt *a = &c->alts[i];
		const char *v = a->if_field ? field(it->fields, a->if_field) : "";
		if (!v || (a->if_field && !*v))
			continue;
		char *rel = expand(a->req.url, it->fields, c->vars, c->page, 1, NULL);
		char *req_url = resolve_url(it->from_url, rel);
		free(rel);
		char *url = req_url ? item_url(it, strcmp(a->req.method, "GET") ? NULL : req_url)
				    : NULL;
		if (!url) {
			char *u = item_url(it, NULL);
			if (u)
				documents_failed(r, item_doc(it, u), 0, "cannot make the document's URL");
			else
				log_error("%s: cannot make a document URL for item %s", c->name,
					  it->key ? it->key : "?");
			free(u);
			free(req_url);
			item_free(it);
			c->errors++;
			return;
		}
		struct fetch_doc *d = item_doc(it, url);
		/* The request itself, built like the other steps. */
		struct xfer_req *q = make_req(c, &a->req, it->fields, it->from_url, NULL, NULL, NULL);
		free(d->method);
		free(d->req_url);
		d->method = xstrdup(a->req.method);
		d->req_url = req_url;
		if (q) {
			d->body = q->body;
			q->body = NULL;
			d->headers = q->headers;
			d->nheaders = q->nheaders;
			q->headers = NULL;
			q->nheaders = 0;
			d->allow_file = q->allow_file;
			xfer_req_free(q);
		}
		d->magic = dup_or_null(a->magic);
		free(url);
		item_free(it);
		documents_submit(r, d);
		return;
	}
	char *url = item_url(it, NULL);
	if (url)
		documents_not_public(r, item_doc(it, url), "no public text (no download offered)");
	else
		log_verbose("%s: item %s has no public text and no document URL", c->name,
			    it->key ? it->key : "?");
	free(url);
	item_free(it);
}

static void on_detail(struct xfer *x, struct xfer_req *req, struct xfer_result *res, void *ctx)
{
	(void)x;
	struct item *it = ctx;
	struct crawl *c = it->c;
	struct run *r = c->r;
	c->active--;
	r->n.pages++;
	r->n.bytes += (long long)res->body.len;
	if (r->fatal) {
		item_free(it);
		return;
	}
	char err[1024];
	struct answer a;
	if (res->outcome != XO_OK) {
		snprintf(err, sizeof err, "detail page %s: %s", req->url,
			 res->outcome == XO_NOT_MODIFIED ? "HTTP 304" : res->error);
	} else if (answer_parse(&c->detail, res, req->url, &a, err, sizeof err) == 0) {
		read_fields(&c->detail, &a, NULL, a.json, req->url, it->fields);
		answer_free(&a);
		free(it->from_url);
		it->from_url = xstrdup(res->effective_url ? res->effective_url : req->url);
		item_document(r, it);
		return;
	}
	rec_failure(r, req->url, "detail", res->status, err);
	char *url = item_url(it, NULL);
	if (!url)
		url = xstrdup(req->url);
	documents_failed(r, item_doc(it, url), res->status, err);
	free(url);
	item_free(it);
}

static void go_detail(struct run *r, void *ctx)
{
	struct item *it = ctx;
	struct crawl *c = it->c;
	char *url = NULL;
	struct xfer_req *q = make_req(c, &c->detail_req, it->fields, it->from_url, on_detail, it,
				      &url);
	if (!q) {
		c->errors++;
		log_error("%s: cannot make the detail URL of item %s", c->name, it->key ? it->key : "?");
		item_free(it);
		return;
	}
	if (c->robots && !robots_allowed(r->robots, url)) {
		char *du = item_url(it, NULL);
		documents_disallowed(r, item_doc(it, du ? du : url), "detail page disallowed by robots.txt");
		free(du);
		free(url);
		xfer_req_free(q);
		item_free(it);
		return;
	}
	free(url);
	c->active++;
	xfer_add(r->x, q);
}

static void request_page(struct crawl *c);

static void on_list(struct xfer *x, struct xfer_req *req, struct xfer_result *res, void *ctx)
{
	(void)x;
	struct crawl *c = ctx;
	struct run *r = c->r;
	c->active--;
	r->n.pages++;
	r->n.bytes += (long long)res->body.len;
	if (r->fatal)
		return;
	char err[1024];
	if (res->outcome == XO_GONE && c->page > c->first_page) {
		log_verbose("%s: page %d does not exist: the end of the list", c->name, c->page);
		return;
	}
	if (res->outcome != XO_OK) {
		snprintf(err, sizeof err, "list page %d: %s", c->page, res->error);
		log_error("%s: %s: %s", c->name, req->url, err);
		rec_failure(r, req->url, "list", res->status, err);
		c->errors++;
		return;
	}
	struct answer a;
	if (answer_parse(&c->list, res, req->url, &a, err, sizeof err) != 0) {
		log_error("%s: %s: list page %d: %s", c->name, req->url, c->page, err);
		rec_failure(r, req->url, "list", res->status, err);
		c->errors++;
		return;
	}
	const char *page_url = res->effective_url ? res->effective_url : req->url;
	void **nodes = NULL;
	struct json_matches m = { 0 };
	size_t n;
	if (c->list.html)
		n = html_nodes(a.html, c->list.items_x, NULL, &nodes);
	else
		n = (size_t)json_select(a.json, c->list.items, &m);
	long fresh = 0;
	for (size_t i = 0; i < n && !r->fatal; i++) {
		struct item *it = xmalloc(sizeof *it);
		memset(it, 0, sizeof *it);
		it->c = c;
		it->fields = json_object();
		it->from_url = xstrdup(page_url);
		read_fields(&c->list, &a, nodes ? nodes[i] : NULL, m.v ? m.v[i] : NULL, page_url,
			    it->fields);
		char *key = c->key_tpl ? expand(c->key_tpl, it->fields, c->vars, c->page, 0, NULL)
				       : NULL;
		if (key && *key) {
			/* Keys are per crawl: "NAME KEY". */
			struct buf k = BUF_INIT;
			buf_printf(&k, "%s %s", c->name, key);
			it->key = k.p;
		}
		free(key);
		char *url = item_url(it, NULL);
		int known = 0;
		if (!c->full && (it->key || url))
			known = rec_item_known(r, it->key, url);
		free(url);
		if (known != 0) {
			item_free(it);
			continue;
		}
		fresh++;
		if (c->has_detail) {
			char *rel = expand(c->detail_req.url, it->fields, c->vars, c->page, 1, NULL);
			char *durl = resolve_url(it->from_url, rel);
			free(rel);
			if (c->robots && durl)
				robots_prepare(r, durl, go_detail, NULL, it);
			else
				go_detail(r, it);
			free(durl);
		} else {
			item_document(r, it);
		}
	}
	int count = 0;
	if (c->list.page_count) {
		char *pc = NULL;
		if (c->list.html) {
			pc = html_text(a.html, c->list.page_count_x, NULL);
		} else {
			struct json_matches pm = { 0 };
			if (json_select(a.json, c->list.page_count, &pm) > 0)
				pc = json_scalar_text(pm.v[0]);
			json_matches_free(&pm);
		}
		count = pc ? atoi(pc) : 0;
		free(pc);
	}
	free(nodes);
	json_matches_free(&m);
	answer_free(&a);
	log_verbose("%s: page %d: %zu items, %ld new", c->name, c->page, n, fresh);
	if (n == 0)
		return;
	if (fresh == 0) {
		log_verbose("%s: nothing new on page %d: stopping", c->name, c->page);
		return;
	}
	if (count > 0 && c->page - c->first_page + 1 >= count)
		return;
	if (c->page - c->first_page + 1 >= c->max_pages) {
		log_warn("%s: stopped at the page limit (%d pages); --max-pages raises it", c->name,
			 c->max_pages);
		return;
	}
	c->page++;
	request_page(c);
}

static void request_page(struct crawl *c)
{
	char *url = NULL;
	struct xfer_req *q = make_req(c, &c->list_req, NULL, c->base, on_list, c, &url);
	if (!q) {
		log_error("%s: cannot make the URL of list page %d", c->name, c->page);
		c->errors++;
		return;
	}
	if (c->robots && !robots_allowed(c->r->robots, url)) {
		log_error("%s: %s is disallowed by robots.txt: the crawl stops", c->name, url);
		rec_failure(c->r, url, "list", 0, "disallowed by robots.txt");
		c->errors++;
		free(url);
		xfer_req_free(q);
		return;
	}
	free(url);
	c->active++;
	xfer_add(c->r->x, q);
}

static void go_list(struct run *r, void *ctx)
{
	(void)r;
	request_page(ctx);
}

void crawl_start(struct run *r, struct crawl_set *s)
{
	for (size_t i = 0; i < s->n; i++) {
		struct crawl *c = s->v[i];
		c->r = r;
		c->page = c->first_page;
		if (c->per_host > 0 || c->delay > 0)
			xfer_host_policy(r->x, c->base, c->per_host, c->delay);
		log_verbose("%s: crawling %s", c->name, c->base);
		if (c->robots)
			robots_prepare(r, c->base, go_list, NULL, c);
		else
			request_page(c);
	}
}

long crawl_errors(const struct crawl_set *s)
{
	long n = 0;
	for (size_t i = 0; s && i < s->n; i++)
		n += s->v[i]->errors;
	return n;
}
