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
 * directory and becomes the file: URL of the file (lib/fileurl.h: its
 * canonical path), so a manifest can travel with the files it lists
 * (data/sample-manifest.tsv does).  http, https and file are the schemes
 * accepted.  The file is UTF-8 (a BOM is dropped) or, failing that,
 * GB18030: what a spreadsheet on a Chinese Windows saves as "text".
 *
 * A line that cannot be a document (another scheme, a standard code or a
 * host name where the URL goes, columns separated by commas) is named
 * with its line number and skipped; the other lines are read.  A file that
 * is plainly no manifest (JSON such as a crawler config, HTML, binary) is
 * refused whole. */
#include "fetch.h"

#include <curl/curl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "fileio.h"
#include "fileurl.h"
#include "log.h"
#include "normalize.h"
#include "pathcheck.h"
#include "stdcode.h"
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
	return local_file_url(path, NULL);
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

/* A file that is plainly no manifest, refused whole: JSON (a crawler
 * config given to --manifest), HTML or XML, binary.  Returns the reason,
 * or NULL. */
static const char *not_a_manifest(const char *p, size_t n)
{
	if (n >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
		p += 3, n -= 3;
	size_t head = n < 4096 ? n : 4096;
	if (memchr(p, '\0', head) || (n >= 4 && !memcmp(p, "%PDF", 4)) ||
	    (n >= 2 && !memcmp(p, "PK", 2)))
		return "它是二进制文件（PDF、压缩包等），不是清单 (a binary file, not a manifest)";
	while (n && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++, n--;
	if (n && (*p == '{' || *p == '['))
		return "它是 JSON 文件，不是清单；爬虫配置请用 --source 给出 (a JSON file, not a"
		       " manifest: give crawler configs with --source)";
	if (n && *p == '<')
		return "它是 HTML/XML 文件，不是清单；清单每行一个 URL 或路径，各列用制表符分隔"
		       " (an HTML or XML file, not a manifest: one URL or path a line, columns"
		       " separated by tabs)";
	return NULL;
}

/* Why a line's first column cannot be a document (NULL: it can).  url
 * gets the document's URL when it can. */
static const char *line_problem(const char *u, const char *rest, const char *dir,
				const struct stdcode_matcher *codes, struct rx_ctx *rc,
				char **url)
{
	*url = NULL;
	/* columns written with commas (a CSV file): text after a comma that no
	 * URL or file name of a manifest has (a space, Chinese, a code's "/") */
	const char *comma = strchr(u, ',');
	if (comma && !rest) {
		for (const char *c = comma + 1; *c; c++)
			if ((unsigned char)*c >= 0x80 || *c == ' ' || *c == '/')
				return "各列要用制表符（Tab）分隔，这一行用的是逗号 (columns are separated"
				       " by tabs; this line uses commas)";
	}
	if (has_scheme(u)) {
		if (strncasecmp(u, "http://", 7) && strncasecmp(u, "https://", 8) &&
		    strncasecmp(u, "file://", 7))
			return "只接受 http、https 和 file 网址 (only http, https and file URLs)";
		if (!strncasecmp(u, "file://", 7)) {
			char *path = file_url_path(u);
			if (!path)
				return "不是本机文件的 file 网址 (not a file URL of this machine)";
			*url = local_file_url(path, NULL);
			free(path);
		} else {
			*url = resolve_url(NULL, u);
		}
		if (!*url)
			return "不是有效的网址 (not a valid URL)";
		return NULL;
	}
	struct stdcode sc;
	int is_code = stdcode_whole(codes, rc, u, strlen(u), &sc);
	if (is_code < 0)
		return "无法检查这一行（正则匹配出错）(the line could not be checked: a match error)";
	if (is_code == 1)
		return "第一列应是网址或路径，这里是一个标准编号 (the first column must be the URL"
		       " or path; this is a standard code)";
	if (!strncasecmp(u, "www.", 4))
		return "网址缺少 http:// 或 https:// (a URL needs http:// or https://)";
	struct buf p = BUF_INIT;
	if (u[0] == '/')
		buf_puts(&p, u);
	else
		buf_printf(&p, "%s/%s", dir, u);
	*url = local_file_url(p.p, NULL);
	buf_free(&p);
	return *url ? NULL : "不是网址，也不是路径 (not a URL or path)";
}

int manifest_read(const char *path, struct doc_list *docs, long *bad, char *err, size_t errlen)
{
	struct buf data = BUF_INIT;
	char msg[1024];
	if (read_file(path, &data, 256u << 20, msg, sizeof msg) != 0) {
		/* a missing file or directory in the path says it best; else
		 * read_file()'s own reason (too big, a read error) stands */
		int errnum = errno;
		char where[512];
		if (access(path, F_OK) != 0 && path_problem(path, 0, errnum, where, sizeof where))
			snprintf(msg, sizeof msg, "%s", where);
		else if (access(path, F_OK) != 0)
			snprintf(msg, sizeof msg, "文件不存在 (no such file)");
		snprintf(err, errlen, "清单 %s 无法读取：%s (manifest cannot be read)", path, msg);
		buf_free(&data);
		return -1;
	}
	const char *whole = not_a_manifest(data.p, data.len);
	if (whole) {
		snprintf(err, errlen, "清单 %s 被拒绝：%s", path, whole);
		buf_free(&data);
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
	struct stdcode_matcher codes;
	struct rx_ctx rc;
	if (stdcode_init(&codes, msg, sizeof msg) != 0) {
		snprintf(err, errlen, "manifest %s: %s", path, msg);
		buf_free(&data);
		return -1;
	}
	if (rx_ctx_init(&rc) != 0) {
		snprintf(err, errlen, "manifest %s: out of memory", path);
		stdcode_free(&codes);
		buf_free(&data);
		return -1;
	}
	char *copy = xstrdup(path), *slash = strrchr(copy, '/');
	const char *dir = slash ? (slash == copy ? "/" : (*slash = '\0', copy)) : ".";
	struct buf source = BUF_INIT;
	buf_printf(&source, "manifest:%s", path);
	int lineno = 0;
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
		const char *why = line_problem(u, cols[1], dir, &codes, &rc, &url);
		if (why) {
			log_error("%s:%d: %s: %s", path, lineno, why, u);
			(*bad)++;
			free(u);
			free(url);
			continue;
		}
		free(u);
		struct fetch_doc *d = doc_new(url, source.p);
		free(url);
		d->allow_file = 1;
		struct buf origin = BUF_INIT;
		buf_printf(&origin, "%s:%d", path, lineno);
		d->origin = origin.p;
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
	stdcode_free(&codes);
	rx_ctx_free(&rc);
	free(copy);
	buf_free(&source);
	buf_free(&data);
	return 0;
}
