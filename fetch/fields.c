/* fields.c - reading fields out of responses: JSON by path (jansson) and
 * HTML by XPath (libxml2).
 *
 * JSON paths are dot-separated keys with array steps: "data.rows[]" (every
 * element), "rows[0]" (one), "files[fileType=1]" (every element whose
 * field renders as the value), so "data.rows[].standardUniqueId" yields one
 * value per row.  HTML is parsed with libxml2's forgiving HTML parser; the
 * crawler's expressions are compiled once per run. */
#include "fetch.h"

#include <libxml/HTMLparser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- JSON */

static void push_match(struct json_matches *m, json_t *v)
{
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 8;
		m->v = xrealloc(m->v, m->cap * sizeof *m->v);
	}
	m->v[m->n++] = v;
}

void json_matches_free(struct json_matches *m)
{
	free(m->v);
	memset(m, 0, sizeof *m);
}

char *json_scalar_text(const json_t *v)
{
	char tmp[64];
	switch (json_typeof(v)) {
	case JSON_STRING:
		return xstrndup(json_string_value(v), json_string_length(v));
	case JSON_INTEGER:
		snprintf(tmp, sizeof tmp, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		return xstrdup(tmp);
	case JSON_REAL:
		snprintf(tmp, sizeof tmp, "%g", json_real_value(v));
		return xstrdup(tmp);
	case JSON_TRUE:
		return xstrdup("true");
	case JSON_FALSE:
		return xstrdup("false");
	default:
		return NULL;
	}
}

/* One step of a path: key, [] / [N] / [field=value]. */
struct step {
	enum { ST_KEY, ST_ALL, ST_INDEX, ST_FILTER } kind;
	const char *a;     /* key or filter field */
	size_t alen;
	const char *b;     /* filter value */
	size_t blen;
	long index;
};

/* Parse the step at *pp; 1 and advance, 0 at the end, -1 on error. */
static int next_step(const char **pp, struct step *s)
{
	const char *p = *pp;
	if (*p == '\0')
		return 0;
	if (*p == '.')
		p++;
	if (*p == '[') {
		const char *end = strchr(p, ']');
		if (!end)
			return -1;
		const char *in = p + 1;
		size_t n = (size_t)(end - in);
		const char *eq = memchr(in, '=', n);
		if (n == 0) {
			s->kind = ST_ALL;
		} else if (eq) {
			s->kind = ST_FILTER;
			s->a = in;
			s->alen = (size_t)(eq - in);
			s->b = eq + 1;
			s->blen = (size_t)(end - eq - 1);
			if (!s->alen)
				return -1;
		} else {
			char *e2;
			s->kind = ST_INDEX;
			s->index = strtol(in, &e2, 10);
			if (e2 != end)
				return -1;
		}
		*pp = end + 1;
		return 1;
	}
	size_t n = strcspn(p, ".[");
	if (n == 0)
		return -1;
	s->kind = ST_KEY;
	s->a = p;
	s->alen = n;
	*pp = p + n;
	return 1;
}

int json_path_valid(const char *path, char *err, size_t errlen)
{
	struct step s = { 0 };
	int r;
	const char *p = path;
	if (!*path) {
		snprintf(err, errlen, "empty JSON path");
		return 0;
	}
	while ((r = next_step(&p, &s)) > 0)
		;
	if (r < 0) {
		snprintf(err, errlen, "bad JSON path \"%s\" near \"%s\"", path, p);
		return 0;
	}
	return 1;
}

static int filter_match(json_t *e, const struct step *s)
{
	if (!json_is_object(e))
		return 0;
	char *key = xstrndup(s->a, s->alen);
	json_t *f = json_object_get(e, key);
	free(key);
	char *t = f ? json_scalar_text(f) : NULL;
	int ok = t && strlen(t) == s->blen && memcmp(t, s->b, s->blen) == 0;
	free(t);
	return ok;
}

static void select_rec(json_t *v, const char *path, struct json_matches *out)
{
	struct step s = { 0 };
	const char *p = path;
	int r = next_step(&p, &s);
	if (r < 0 || !v)
		return;
	if (r == 0) {
		push_match(out, v);
		return;
	}
	if (s.kind == ST_KEY) {
		if (!json_is_object(v))
			return;
		char *key = xstrndup(s.a, s.alen);
		json_t *c = json_object_get(v, key);
		free(key);
		select_rec(c, p, out);
		return;
	}
	if (!json_is_array(v))
		return;
	if (s.kind == ST_INDEX) {
		long n = (long)json_array_size(v), i = s.index < 0 ? s.index + n : s.index;
		if (i >= 0 && i < n)
			select_rec(json_array_get(v, (size_t)i), p, out);
		return;
	}
	for (size_t i = 0; i < json_array_size(v); i++) {
		json_t *e = json_array_get(v, i);
		if (s.kind == ST_ALL || filter_match(e, &s))
			select_rec(e, p, out);
	}
}

int json_select(json_t *v, const char *path, struct json_matches *out)
{
	size_t before = out->n;
	select_rec(v, path, out);
	return (int)(out->n - before);
}

/* ---------------------------------------------------------------- HTML */

struct html {
	htmlDocPtr doc;
	xmlXPathContextPtr ctx;
};

struct xpath {
	xmlXPathCompExprPtr comp;
};

/* libxml2 reports parse problems through a global handler; the pages of
 * real sites are full of them and the parser recovers, so say nothing. */
static void quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

struct html *html_parse(const char *data, size_t n, const char *url, char *err,
			size_t errlen)
{
	xmlSetGenericErrorFunc(NULL, quiet);
	htmlDocPtr doc = htmlReadMemory(data, (int)n, url, "UTF-8",
					HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
					HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
	if (!doc) {
		snprintf(err, errlen, "not parseable as HTML");
		return NULL;
	}
	struct html *h = xmalloc(sizeof *h);
	h->doc = doc;
	h->ctx = xmlXPathNewContext(doc);
	if (!h->ctx) {
		xmlFreeDoc(doc);
		free(h);
		snprintf(err, errlen, "libxml2: no XPath context");
		return NULL;
	}
	return h;
}

void html_free(struct html *h)
{
	if (!h)
		return;
	xmlXPathFreeContext(h->ctx);
	xmlFreeDoc(h->doc);
	free(h);
}

struct xpath *xpath_compile(const char *expr, char *err, size_t errlen)
{
	xmlSetGenericErrorFunc(NULL, quiet);
	xmlXPathCompExprPtr c = xmlXPathCompile((const xmlChar *)expr);
	if (!c) {
		snprintf(err, errlen, "bad XPath expression: %s", expr);
		return NULL;
	}
	struct xpath *x = xmalloc(sizeof *x);
	x->comp = c;
	return x;
}

void xpath_free(struct xpath *x)
{
	if (!x)
		return;
	xmlXPathFreeCompExpr(x->comp);
	free(x);
}

static xmlXPathObjectPtr eval(struct html *h, struct xpath *x, void *node)
{
	h->ctx->node = node ? (xmlNodePtr)node : (xmlNodePtr)h->doc;
	return xmlXPathCompiledEval(x->comp, h->ctx);
}

size_t html_nodes(struct html *h, struct xpath *x, void *node, void ***out)
{
	*out = NULL;
	xmlXPathObjectPtr o = eval(h, x, node);
	size_t n = 0;
	if (o && o->type == XPATH_NODESET && o->nodesetval && o->nodesetval->nodeNr > 0) {
		n = (size_t)o->nodesetval->nodeNr;
		*out = xmalloc(n * sizeof **out);
		for (size_t i = 0; i < n; i++)
			(*out)[i] = o->nodesetval->nodeTab[i];
	}
	xmlXPathFreeObject(o);
	return n;
}

char *html_text(struct html *h, struct xpath *x, void *node)
{
	xmlXPathObjectPtr o = eval(h, x, node);
	if (!o)
		return NULL;
	xmlChar *s = xmlXPathCastToString(o);
	xmlXPathFreeObject(o);
	if (!s)
		return NULL;
	char *f = fold_space((const char *)s);
	xmlFree(s);
	if (!*f) {
		free(f);
		return NULL;
	}
	return f;
}
