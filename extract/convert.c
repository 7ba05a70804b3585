/* convert.c - format detection and dispatch; see convert.h.
 *
 * Detection order: magic bytes that cannot lie (%PDF, OLE compound file,
 * ZIP) win; then the content type the caller knows (the HTTP header that
 * fetch stored); then sniffing the first kilobyte for HTML; everything else
 * is text (Markdown when it looks like converter Markdown).  The file name
 * is never used. */
#include "convert.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void convert_cfg_init(struct convert_cfg *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->ocr = 1;
	cfg->timeout = 120;
	cfg->ocr_max_pages = 100;
	cfg->max_text = 64u * 1024 * 1024;
}

static void meta_free(struct conv_meta *m)
{
	free(m->code); free(m->title_zh); free(m->title_en); free(m->published);
	free(m->effective); free(m->status); free(m->publisher);
	free(m->ics); free(m->ccs); free(m->industry); free(m->org_category); free(m->org_scope);
	free(m->authority); free(m->committee); free(m->drafters); free(m->orgs); free(m->scope);
	free(m->content); free(m->patent); free(m->text_url); free(m->other);
	memset(m, 0, sizeof *m);
}

void converted_reset(struct converted *c)
{
	for (size_t i = 0; i < c->warnings.n; i++)
		free(c->warnings.v[i]);
	vec_clear(&c->warnings);
	for (size_t i = 0; i < c->repairs.n; i++) {
		free(c->repairs.v[i].before);
		free(c->repairs.v[i].after);
	}
	vec_clear(&c->repairs);
	meta_free(&c->meta);
	c->text.len = 0;
	if (c->text.p)
		c->text.p[0] = '\0';
	c->format = "text";
	c->encoding[0] = c->encoding_source[0] = '\0';
	c->converter[0] = c->converter_version[0] = '\0';
	c->pages = c->ocr = c->furniture = c->blocked = 0;
	c->status = NULL;
	c->view = NULL;
	c->view_len = 0;
	c->unchecked = 0;
}

void converted_free(struct converted *c)
{
	converted_reset(c);
	vec_free(&c->warnings);
	vec_free(&c->repairs);
	buf_free(&c->text);
}

void conv_warn(struct converted *c, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	*vec_push(&c->warnings) = xstrdup(msg);
}

void conv_add_repair(struct converted *c, uint32_t line, const char *kind,
		     const char *before, size_t blen, const char *after, size_t alen)
{
	struct conv_repair *r = vec_push(&c->repairs);
	r->line = line;
	r->kind = kind;
	r->before = xstrndup(before, blen);
	r->after = xstrndup(after, alen);
}

/* The media type of a Content-Type value, lower case, without parameters. */
static void media_type(const char *ct, char *out, size_t outlen)
{
	size_t k = 0;
	while (*ct == ' ')
		ct++;
	for (; *ct && *ct != ';' && *ct != ' ' && k + 1 < outlen; ct++)
		out[k++] = (char)tolower((unsigned char)*ct);
	out[k] = '\0';
}

/* Does the start of the text (after white space and a BOM) look like HTML? */
static int sniff_html(const char *s, size_t n)
{
	size_t i = 0;
	if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	size_t lim = n < 1024 ? n : 1024;
	while (i < lim && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
		i++;
	static const char *const starts[] = { "<!doctype html", "<html", "<head", "<body",
		"<meta", "<title", "<!--", NULL };
	for (int k = 0; starts[k]; k++) {
		size_t l = strlen(starts[k]);
		if (lim - i >= l && strncasecmp(s + i, starts[k], l) == 0) {
			if (k < 6)
				return 1;
			/* a comment first: HTML only if a tag follows soon */
			return memmem(s + i, lim - i, "<html", 5) || memmem(s + i, lim - i, "<HTML", 5);
		}
	}
	return 0;
}

enum kind { K_TEXT, K_HTML, K_PDF, K_OLE, K_DOCX, K_ZIP };

static enum kind by_magic(const char *s, size_t n)
{
	size_t lim = n < 1024 ? n : 1024;
	if (lim >= 5 && memmem(s, lim, "%PDF-", 5))
		return K_PDF;
	if (n >= 8 && memcmp(s, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
		return K_OLE;
	if (n >= 4 && memcmp(s, "PK\x03\x04", 4) == 0) {
		size_t l2 = n < 4096 ? n : 4096;
		if (memmem(s, l2, "word/", 5) || memmem(s, l2, "[Content_Types].xml", 19))
			return K_DOCX;
		return K_ZIP;
	}
	return K_TEXT;
}

static enum kind by_content_type(const char *mt)
{
	if (!strcmp(mt, "application/pdf") || !strcmp(mt, "application/x-pdf"))
		return K_PDF;
	if (!strcmp(mt, "text/html") || !strcmp(mt, "application/xhtml+xml"))
		return K_HTML;
	if (!strcmp(mt, "application/msword") || !strcmp(mt, "application/vnd.ms-works") ||
	    !strcmp(mt, "application/wps-office.wps") || !strcmp(mt, "application/kswps"))
		return K_OLE;
	if (!strncmp(mt, "application/vnd.openxmlformats-officedocument", 45))
		return K_DOCX;
	if (!strcmp(mt, "application/zip"))
		return K_ZIP;
	return K_TEXT;
}

/* Text or Markdown: decode, then clean converter Markdown.  unchecked_ok:
 * see convert_bytes(). */
static int text_to_text(const char *data, size_t n, const char *label, const char *source,
			int unchecked_ok, struct converted *c, char *err, size_t errlen)
{
	/* Markdown is cleaned into a copy, and norm_nfkc() reads that, not
	 * these bytes: only plain text may leave the UTF-8 check to it. */
	int raw_md = n && looks_like_markdown(data, n);
	struct buf dec = BUF_INIT;
	int rc = decode_text(data, n, label, source, unchecked_ok && !raw_md, c, &dec,
			     err, errlen);
	if (rc < 0) {
		buf_free(&dec);
		return -1;
	}
	int as_is = rc == DECODE_AS_IS || rc == DECODE_UNCHECKED;
	const char *t = as_is ? data : dec.p;
	size_t tn = as_is ? n : dec.len;
	snprintf(c->converter, sizeof c->converter, "%s", strcmp(c->encoding, "UTF-8") ? "iconv" : "none");
	if (as_is ? raw_md : tn && looks_like_markdown(t, tn)) {
		c->format = "markdown";
		markdown_clean(t, tn, c, &c->text);
		buf_free(&dec);
	} else if (as_is) {
		c->format = "text";
		c->view = data;          /* plain UTF-8 text: no copy */
		c->view_len = n;
		c->unchecked = rc == DECODE_UNCHECKED;
		buf_free(&dec);
	} else {
		c->format = "text";
		buf_free(&c->text);
		c->text = dec;
	}
	if (!c->text.p)
		buf_reserve(&c->text, 1);
	return 0;
}

int convert_bytes(struct convert_cfg *cfg, const char *data, size_t n,
		  const char *content_type, int unchecked_ok, struct converted *out,
		  char *err, size_t errlen)
{
	converted_reset(out);
	buf_reserve(&out->text, 1);
	out->text.len = 0;
	out->text.p[0] = '\0';
	char mt[96] = "", http_cs[32] = "";
	if (content_type && *content_type) {
		media_type(content_type, mt, sizeof mt);
		charset_param(content_type, http_cs, sizeof http_cs);
	}
	enum kind k = by_magic(data, n);
	if (k == K_TEXT && mt[0])
		k = by_content_type(mt);
	if (k == K_TEXT && sniff_html(data, n))
		k = K_HTML;

	switch (k) {
	case K_PDF:
		out->format = "pdf";
		return pdf_to_text(cfg, data, n, out, err, errlen);
	case K_OLE:
	case K_DOCX:
	case K_ZIP:
		out->format = k == K_OLE ? "doc" : k == K_DOCX ? "docx" : "zip";
		out->status = CONV_UNSUPPORTED;
		snprintf(out->converter, sizeof out->converter, "none");
		snprintf(err, errlen, "unsupported format: %s",
			 k == K_OLE ? "OLE compound file (Word .doc, WPS .wps, Excel .xls); convert it to PDF" :
			 k == K_DOCX ? "Office Open XML (.docx); convert it to PDF" :
			 "ZIP archive");
		return 1;
	case K_HTML: {
		out->format = "html";
		char meta_cs[32] = "";
		const char *label = NULL, *src = NULL;
		if (http_cs[0]) {
			label = http_cs;
			src = "http";
		} else {
			html_meta_charset(data, n, meta_cs, sizeof meta_cs);
			if (meta_cs[0]) {
				label = meta_cs;
				src = "meta";
			}
		}
		struct buf dec = BUF_INIT;
		/* html_to_text() reads these bytes: checked first */
		int drc = decode_text(data, n, label, src, 0, out, &dec, err, errlen);
		if (drc < 0) {
			buf_free(&dec);
			return -1;
		}
		int rc = drc == DECODE_AS_IS ? html_to_text(data, n, out, err, errlen)
					     : html_to_text(dec.p ? dec.p : "", dec.len, out, err, errlen);
		buf_free(&dec);
		return rc;
	}
	case K_TEXT:
	default:
		return text_to_text(data, n, http_cs[0] ? http_cs : NULL, http_cs[0] ? "http" : NULL,
				    unchecked_ok, out, err, errlen);
	}
}


