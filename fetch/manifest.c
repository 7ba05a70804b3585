/* manifest.c - a list of documents to fetch, as TSV.
 *
 *   # comment
 *   url<TAB>code<TAB>title          (an optional header line like this one)
 *   https://example.org/a.pdf<TAB>T/ABC 1-2024<TAB>某某服务规范
 *   file:///srv/texts/b.txt
 *   sample/01-after-school-service.txt<TAB>T/SQFW 001-2024
 *
 * One document a line; the code and title columns are optional.  A line
 * whose first column has no scheme is a path relative to the manifest's own
 * directory and becomes a file:// URL, so a manifest can travel with the
 * files it lists (data/sample-manifest.tsv does).  http, https and file are
 * the schemes accepted.  The file is UTF-8 (a BOM is dropped) or, failing
 * that, GB18030: what a spreadsheet on a Chinese Windows saves as "text". */
#include "fetch.h"

#include <curl/curl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "fileio.h"
#include "log.h"
#include "normalize.h"
#include "transcode.h"

void doc_list_free(struct doc_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		doc_free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof *l);
}

static void doc_list_add(struct doc_list *l, struct fetch_doc *d)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	l->v[l->n++] = d;
}

char *resolve_url(const char *base_url, const char *ref)
{
	CURLU *u = curl_url();
	char *out = NULL, *res = NULL;
	if (!u)
		return NULL;
	if ((!base_url || curl_url_set(u, CURLUPART_URL, base_url, CURLU_NON_SUPPORT_SCHEME) ==
	     CURLUE_OK) &&
	    curl_url_set(u, CURLUPART_URL, ref, CURLU_NON_SUPPORT_SCHEME | CURLU_URLENCODE) ==
	    CURLUE_OK &&
	    curl_url_get(u, CURLUPART_URL, &out, 0) == CURLUE_OK)
		res = xstrdup(out);
	curl_free(out);
	curl_url_cleanup(u);
	return res;
}

char *file_url(const char *path)
{
	struct buf abs = BUF_INIT, url = BUF_INIT;
	if (path[0] != '/') {
		char cwd[4096];
		if (!getcwd(cwd, sizeof cwd))
			return NULL;
		buf_printf(&abs, "%s/", cwd);
	}
	buf_puts(&abs, path);
	buf_puts(&url, "file://");
	for (const unsigned char *p = (const unsigned char *)abs.p; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("/-._~", *p))
			buf_putc(&url, (char)*p);
		else
			buf_printf(&url, "%%%02X", *p);
	}
	buf_free(&abs);
	/* Through the URL parser, so that ../ and ./ fold as in crawled links. */
	char *res = resolve_url(NULL, url.p);
	buf_free(&url);
	return res;
}

static int has_scheme(const char *s)
{
	const char *c = strstr(s, "://");
	if (!c || c == s)
		return 0;
	for (const char *p = s; p < c; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '+' || *p == '-' || *p == '.'))
			return 0;
	return 1;
}

int manifest_read(const char *path, struct doc_list *docs, char *err, size_t errlen)
{
	struct buf data = BUF_INIT;
	char msg[256];
	if (read_file(path, &data, 256u << 20, msg, sizeof msg) != 0) {
		snprintf(err, errlen, "manifest %s: %s", path, msg);
		return -1;
	}
	size_t bad_utf8, bad_gb;
	if (!utf8_valid(data.p, data.len, &bad_utf8)) {
		struct buf gb = BUF_INIT;
		if (transcode_to_utf8("GB18030", data.p, data.len, &gb, &bad_gb) != 0) {
			snprintf(err, errlen, "manifest %s: neither UTF-8 (invalid byte at offset %zu)"
				 " nor GB18030 (at offset %zu); save it as UTF-8", path, bad_utf8,
				 bad_gb);
			buf_free(&gb);
			buf_free(&data);
			return -1;
		}
		log_verbose("manifest %s: not UTF-8 (offset %zu), read as GB18030", path, bad_utf8);
		buf_free(&data);
		data = gb;
	}
	char *self = file_url(path);
	struct buf source = BUF_INIT;
	buf_printf(&source, "manifest:%s", path);
	int rc = 0, lineno = 0;
	size_t before = docs->n;
	char *next = data.p;
	while (next && *next) {
		char *line = next;
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		size_t n = strlen(line);
		if (n && line[n - 1] == '\r')
			line[--n] = '\0';
		if (lineno == 1 && n >= 3 && !memcmp(line, "\xEF\xBB\xBF", 3))
			line += 3;
		char *cols[3] = { NULL, NULL, NULL };
		char *p = line;
		for (int i = 0; i < 3 && p; i++) {
			cols[i] = p;
			p = i < 2 ? strchr(p, '\t') : NULL;
			if (p)
				*p++ = '\0';
		}
		char *u = fold_space(cols[0]);
		if (!*u || u[0] == '#' || (docs->n == before && !strcasecmp(u, "url"))) {
			free(u);
			continue;
		}
		char *url = NULL;
		if (has_scheme(u)) {
			if (strncasecmp(u, "http://", 7) && strncasecmp(u, "https://", 8) &&
			    strncasecmp(u, "file://", 7)) {
				snprintf(err, errlen, "%s:%d: only http, https and file URLs: %s",
					 path, lineno, u);
				free(u);
				rc = -1;
				break;
			}
			url = resolve_url(NULL, u);
		} else if (self) {
			url = resolve_url(self, u);
		}
		if (!url) {
			snprintf(err, errlen, "%s:%d: not a URL or path: %s", path, lineno, u);
			free(u);
			rc = -1;
			break;
		}
		free(u);
		struct fetch_doc *d = doc_new(url, source.p);
		free(url);
		d->allow_file = 1;
		if (cols[1]) {
			char *c = fold_space(cols[1]);
			if (*c)
				d->meta.code = canonical_code(c);
			free(c);
		}
		if (cols[2]) {
			char *t = fold_space(cols[2]);
			meta_set(&d->meta.title, t);
			free(t);
		}
		doc_list_add(docs, d);
	}
	free(self);
	buf_free(&source);
	buf_free(&data);
	return rc;
}
