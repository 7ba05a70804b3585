/* fileurl.c - see fileurl.h. */
#include "fileurl.h"
#include "buf.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

int is_file_url(const char *s)
{
	return strncasecmp(s, "file:", 5) == 0;
}

/* Fold "//", "/./" and "/../" of an absolute path in place. */
static void fold_path(char *p)
{
	char *out = p;
	const char *in = p;
	while (*in) {
		while (*in == '/')
			in++;
		const char *seg = in;
		while (*in && *in != '/')
			in++;
		size_t n = (size_t)(in - seg);
		if (n == 0 || (n == 1 && seg[0] == '.'))
			continue;
		if (n == 2 && seg[0] == '.' && seg[1] == '.') {
			while (out > p && *--out != '/')
				;
			continue;
		}
		*out++ = '/';
		memmove(out, seg, n);
		out += n;
	}
	if (out == p)
		*out++ = '/';
	*out = '\0';
}

/* "file://" and the path percent-encoded. */
static char *encode(const char *path)
{
	struct buf url = BUF_INIT;
	buf_puts(&url, "file://");
	for (const unsigned char *c = (const unsigned char *)path; *c; c++) {
		if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		    (*c >= '0' && *c <= '9') || strchr("/-._~", *c))
			buf_putc(&url, (char)*c);
		else
			buf_printf(&url, "%%%02X", *c);
	}
	return url.p;
}

char *local_file_url(const char *path, int *exists)
{
	char real[PATH_MAX];
	if (exists)
		*exists = 0;
	if (realpath(path, real)) {
		if (exists)
			*exists = 1;
		return encode(real);
	}
	struct buf abs = BUF_INIT;
	if (path[0] != '/') {
		char cwd[PATH_MAX];
		if (!getcwd(cwd, sizeof cwd)) {
			buf_free(&abs);
			return NULL;
		}
		buf_printf(&abs, "%s/", cwd);
	}
	buf_puts(&abs, path);
	fold_path(abs.p);
	char *url = encode(abs.p);
	buf_free(&abs);
	return url;
}

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
	       c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

char *file_url_path(const char *url)
{
	if (!is_file_url(url))
		return NULL;
	const char *p = url + 5;
	if (!strncmp(p, "//", 2)) {
		p += 2;
		if (!strncasecmp(p, "localhost/", 10))
			p += 9;
		else if (*p != '/')
			return NULL;    /* another host */
	}
	if (*p != '/')
		return NULL;
	struct buf out = BUF_INIT;
	for (; *p && *p != '?' && *p != '#'; p++) {
		int h, l;
		if (*p == '%' && (h = hexval(p[1])) >= 0 && (l = hexval(p[2])) >= 0) {
			char c = (char)(h * 16 + l);
			if (!c) {       /* no NUL inside a path */
				buf_free(&out);
				return NULL;
			}
			buf_putc(&out, c);
			p += 2;
		} else {
			buf_putc(&out, *p);
		}
	}
	return out.p ? out.p : xstrdup("/");
}

char *canonical_file_url(const char *url, int *exists)
{
	char *path = file_url_path(url);
	if (exists)
		*exists = 0;
	if (!path)
		return xstrdup(url);
	char *u = local_file_url(path, exists);
	free(path);
	return u ? u : xstrdup(url);
}
