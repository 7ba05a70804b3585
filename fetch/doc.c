/* doc.c - a document to fetch (struct fetch_doc) and its metadata: the
 * small text clean-ups that make platform values comparable with what
 * extraction finds (codes with '-', dates as YYYY-MM-DD). */
#include "fetch.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct fetch_doc *doc_new(const char *url, const char *source)
{
	struct fetch_doc *d = xmalloc(sizeof *d);
	memset(d, 0, sizeof *d);
	d->url = xstrdup(url);
	d->source = xstrdup(source);
	d->method = xstrdup("GET");
	d->req_url = xstrdup(url);
	return d;
}

void meta_free(struct doc_meta *m)
{
	free(m->code);
	free(m->title);
	free(m->title_en);
	free(m->status);
	free(m->published);
	free(m->effective);
	free(m->organization);
	json_decref(m->extra);
	memset(m, 0, sizeof *m);
}

void doc_free(struct fetch_doc *d)
{
	if (!d)
		return;
	free(d->url);
	free(d->source);
	free(d->item_key);
	free(d->method);
	free(d->req_url);
	free(d->body);
	for (size_t i = 0; i < d->nheaders; i++)
		free(d->headers[i]);
	free(d->headers);
	free(d->magic);
	free(d->origin);
	meta_free(&d->meta);
	free(d);
}

void meta_set(char **slot, const char *v)
{
	if (!v || !*v)
		return;
	free(*slot);
	*slot = xstrdup(v);
}

void meta_merge(struct doc_meta *dst, const struct doc_meta *src)
{
	meta_set(&dst->code, src->code);
	meta_set(&dst->title, src->title);
	meta_set(&dst->title_en, src->title_en);
	meta_set(&dst->status, src->status);
	meta_set(&dst->published, src->published);
	meta_set(&dst->effective, src->effective);
	meta_set(&dst->organization, src->organization);
	if (src->extra) {
		if (!dst->extra)
			dst->extra = json_object();
		json_object_update(dst->extra, src->extra);
	}
}

char *fold_space(const char *s)
{
	struct buf b = BUF_INIT;
	int space = 0;
	buf_puts(&b, "");
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		size_t w = 0;
		if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' || *p == '\f' || *p == '\v')
			w = 1;
		else if (p[0] == 0xC2 && p[1] == 0xA0)
			w = 2;   /* U+00A0 (&nbsp;) */
		else if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80)
			w = 3;   /* U+3000 */
		if (w) {
			space = 1;
			p += w;
			continue;
		}
		if (space && b.len)
			buf_putc(&b, ' ');
		space = 0;
		buf_putc(&b, (char)*p++);
	}
	return b.p;
}

char *canonical_code(const char *s)
{
	char *f = fold_space(s);
	struct buf b = BUF_INIT;
	buf_puts(&b, "");
	for (const char *p = f; *p;) {
		/* U+2014 em dash, U+2013 en dash, U+2015, U+FF0D full-width hyphen */
		if (!strncmp(p, "\xE2\x80\x94", 3) || !strncmp(p, "\xE2\x80\x93", 3) ||
		    !strncmp(p, "\xE2\x80\x95", 3) || !strncmp(p, "\xEF\xBC\x8D", 3)) {
			buf_putc(&b, '-');
			p += 3;
		} else if (!strncmp(p, "\xEF\xBC\x8F", 3)) {   /* U+FF0F full-width / */
			buf_putc(&b, '/');
			p += 3;
		} else {
			buf_putc(&b, *p++);
		}
	}
	free(f);
	/* No spaces around the dash: "T/X 1 - 2020" -> "T/X 1-2020". */
	struct buf c = BUF_INIT;
	buf_puts(&c, "");
	for (size_t i = 0; i < b.len; i++) {
		if (b.p[i] == ' ' && ((i + 1 < b.len && b.p[i + 1] == '-') ||
				      (c.len && c.p[c.len - 1] == '-')))
			continue;
		buf_putc(&c, b.p[i]);
	}
	buf_free(&b);
	return c.p;
}

char *canonical_date(const char *s)
{
	char *f = fold_space(s);
	int y = 0, m = 0, d = 0, n = 0;
	char out[16];
	size_t len = strlen(f), digits = strspn(f, "0123456789");
	if (digits == len && len >= 11 && len <= 14) {
		/* epoch milliseconds, as JSON APIs give them (shown in China time) */
		time_t t = (time_t)(strtoll(f, NULL, 10) / 1000) + 8 * 3600;
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(out, sizeof out, "%Y-%m-%d", &tm);
		free(f);
		return xstrdup(out);
	}
	if ((sscanf(f, "%4d\xE5\xB9\xB4%d\xE6\x9C\x88%d%n", &y, &m, &d, &n) == 3 ||  /* 年 月 */
	     sscanf(f, "%4d-%d-%d%n", &y, &m, &d, &n) == 3 ||
	     sscanf(f, "%4d/%d/%d%n", &y, &m, &d, &n) == 3 ||
	     sscanf(f, "%4d.%d.%d%n", &y, &m, &d, &n) == 3) &&
	    y > 1900 && y < 2200 && m >= 1 && m <= 12 && d >= 1 && d <= 31) {
		snprintf(out, sizeof out, "%04d-%02d-%02d", y, m, d);
		free(f);
		return xstrdup(out);
	}
	return f;
}
