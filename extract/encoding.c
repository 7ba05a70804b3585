/* encoding.c - legacy Chinese encodings and UTF-16 into UTF-8 (glibc iconv).
 *
 * Where the encoding comes from, in order: a byte-order mark (it cannot be
 * wrong about UTF-16 and is what the bytes say), the label the caller found
 * (HTTP charset or meta tag), else detection: valid UTF-8 stays UTF-8, and
 * so does UTF-8 cut short inside its last character (without it, with a
 * warning), else GB18030 (a superset of GB2312 and GBK, so every mainland
 * legacy file decodes).  Labels gb2312 and gbk are decoded as GB18030 as browsers do
 * (pages labelled gb2312 routinely hold GBK characters); the label is what
 * is recorded.  Bytes that do not decode are an error for the document with
 * their offset in the input, never replaced. */
#include "convert.h"
#include "normalize.h"
#include "transcode.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Copy the value of a charset=... parameter starting at s into out. */
static void copy_label(const char *s, const char *end, char *out, size_t outlen)
{
	size_t k = 0;
	while (s < end && (*s == ' ' || *s == '"' || *s == '\'' || *s == '='))
		s++;
	for (; s < end && k + 1 < outlen; s++) {
		unsigned char ch = (unsigned char)*s;
		if (!(isalnum(ch) || ch == '-' || ch == '_' || ch == '.' || ch == ':'))
			break;
		out[k++] = (char)tolower(ch);
	}
	out[k] = '\0';
}

void charset_param(const char *ct, char *out, size_t outlen)
{
	out[0] = '\0';
	const char *end = ct + strlen(ct);
	const char *p = ct;
	while ((p = strcasestr(p, "charset")) != NULL) {
		p += 7;
		while (p < end && *p == ' ')
			p++;
		if (p < end && *p == '=') {
			copy_label(p + 1, end, out, outlen);
			return;
		}
	}
}

void html_meta_charset(const char *data, size_t n, char *out, size_t outlen)
{
	out[0] = '\0';
	size_t lim = n < 4096 ? n : 4096;
	const char *end = data + lim;
	for (const char *p = data; p < end; p++) {
		if (*p != '<' || end - p < 6 || strncasecmp(p, "<meta", 5) != 0)
			continue;
		const char *gt = memchr(p, '>', (size_t)(end - p));
		if (!gt)
			return;
		/* <meta charset="x"> or content="text/html; charset=x" */
		for (const char *q = p + 5; q + 7 <= gt; q++)
			if (strncasecmp(q, "charset", 7) == 0) {
				const char *v = q + 7;
				while (v < gt && (*v == ' ' || *v == '"' || *v == '\''))
					v++;
				if (v < gt && *v == '=') {
					copy_label(v + 1, gt, out, outlen);
					if (out[0])
						return;
				}
			}
		p = gt;
	}
}

/* The recorded name and the iconv name of a label; NULL when unknown. */
static const char *canonical(const char *label, const char **iconv_name)
{
	static const struct { const char *label, *name, *iconv; } t[] = {
		{ "utf-8", "UTF-8", "UTF-8" }, { "utf8", "UTF-8", "UTF-8" },
		{ "gb2312", "GB2312", "GB18030" }, { "gb_2312-80", "GB2312", "GB18030" },
		{ "x-gbk", "GBK", "GB18030" }, { "gbk", "GBK", "GB18030" },
		{ "cp936", "GBK", "GB18030" }, { "euc-cn", "GB2312", "GB18030" },
		{ "gb18030", "GB18030", "GB18030" },
		{ "big5", "BIG5", "BIG5" }, { "big5-hkscs", "BIG5-HKSCS", "BIG5-HKSCS" },
		{ "x-x-big5", "BIG5", "BIG5" }, { "cp950", "BIG5", "BIG5" },
		{ "utf-16le", "UTF-16LE", "UTF-16LE" }, { "utf-16be", "UTF-16BE", "UTF-16BE" },
		{ "utf-16", "UTF-16LE", "UTF-16LE" },
		{ "iso-8859-1", "ISO-8859-1", "ISO-8859-1" }, { "us-ascii", "UTF-8", "UTF-8" },
		{ "ascii", "UTF-8", "UTF-8" }, { "windows-1252", "WINDOWS-1252", "WINDOWS-1252" },
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		if (strcasecmp(label, t[i].label) == 0) {
			*iconv_name = t[i].iconv;
			return t[i].name;
		}
	return NULL;
}

/* iconv data[skip, n) from `from` into out.  Returns 0, or -1 with *bad =
 * the input offset of the first byte that did not decode, or (size_t)-1
 * when iconv does not know `from`. */
static int run_iconv(const char *from, const char *data, size_t n, size_t skip,
		     struct buf *out, size_t *bad)
{
	int rc = transcode_to_utf8(from, data + skip, n - skip, out, bad);
	if (rc == -2)
		*bad = (size_t)-1;
	else if (rc == -1)
		*bad += skip;
	return rc ? -1 : 0;
}

int decode_text(const char *data, size_t n, const char *label, const char *source,
		int unchecked_ok, struct converted *c, struct buf *out,
		char *err, size_t errlen)
{
	const unsigned char *u = (const unsigned char *)data;
	const char *name = NULL, *iname = NULL;
	size_t skip = 0, bad = 0;
	/* 1. a byte-order mark */
	if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
		name = "UTF-8", iname = "UTF-8", source = "bom";
	} else if (n >= 2 && u[0] == 0xFF && u[1] == 0xFE) {
		name = "UTF-16LE", iname = "UTF-16LE", source = "bom", skip = 2;
	} else if (n >= 2 && u[0] == 0xFE && u[1] == 0xFF) {
		name = "UTF-16BE", iname = "UTF-16BE", source = "bom", skip = 2;
	} else if (label && *label) {
		/* 2. the caller's label */
		name = canonical(label, &iname);
		if (!name) {
			conv_warn(c, "unknown charset label '%s' (%s): detecting instead", label,
				  source ? source : "given");
			label = NULL;
		}
	}
	if (!name) {
		/* 3. detection: strict UTF-8, then GB18030.  NUL bytes without a
		 * UTF-16 BOM mean binary data: left to norm_nfkc to refuse.
		 *
		 * This is the one place where a document falls back to GB18030,
		 * also when the UTF-8 check is put off.  With unchecked_ok the
		 * caller hands the bytes as they are to norm_nfkc(), which
		 * refuses NUL bytes and invalid UTF-8 in the pass it makes
		 * anyway: checking here first would read the whole text once
		 * more.  The bytes are then taken for what the check says of
		 * text that passes it, and when norm_nfkc() refuses them the
		 * caller comes back without unchecked_ok, so that the check
		 * below decides (GB18030, or the error naming both offsets)
		 * exactly as when it is made first. */
		if (unchecked_ok) {
			snprintf(c->encoding, sizeof c->encoding, "UTF-8");
			snprintf(c->encoding_source, sizeof c->encoding_source, "utf8-valid");
			out->len = 0;
			return DECODE_UNCHECKED;
		}
		int nul = memchr(data, 0, n) != NULL;
		size_t cut;
		if (nul || utf8_valid(data, n, &bad)) {
			name = iname = "UTF-8";
			source = nul ? "default" : "utf8-valid";
		} else if ((cut = utf8_cut_tail(data, n)) != 0) {
			/* UTF-8 cut short inside its last character (a truncated
			 * file, a body ended by a lying Content-Length): UTF-8,
			 * without that partial character, not GB18030 */
			buf_reserve(out, n - cut);
			memcpy(out->p, data, n - cut);
			out->len = n - cut;
			out->p[out->len] = '\0';
			conv_warn(c, "text cut short inside a UTF-8 character: the last %zu bytes"
				  " dropped", cut);
			snprintf(c->encoding, sizeof c->encoding, "UTF-8");
			snprintf(c->encoding_source, sizeof c->encoding_source, "utf8-cut");
			return 0;
		} else {
			size_t bad2 = 0;
			if (run_iconv("GB18030", data, n, 0, out, &bad2) != 0) {
				snprintf(err, errlen, "invalid UTF-8 at byte %zu, and not GB18030 either "
					 "(undecodable byte at offset %zu)", bad, bad2);
				return -1;
			}
			snprintf(c->encoding, sizeof c->encoding, "GB18030");
			snprintf(c->encoding_source, sizeof c->encoding_source, "fallback");
			return 0;
		}
	}
	snprintf(c->encoding, sizeof c->encoding, "%s", name);
	snprintf(c->encoding_source, sizeof c->encoding_source, "%s", source ? source : "default");
	if (strcmp(iname, "UTF-8") == 0) {
		/* Valid or not, UTF-8 goes through as it is, without a copy:
		 * norm_nfkc() checks it and reports the offset of a bad byte
		 * (the BOM is counted). */
		out->len = 0;
		return DECODE_AS_IS;
	}
	if (run_iconv(iname, data, n, skip, out, &bad) != 0) {
		if (bad == (size_t)-1)
			snprintf(err, errlen, "cannot decode %s: iconv has no such encoding", name);
		else if (bad >= n - 1 && n > 0)
			snprintf(err, errlen, "invalid %s: truncated character at byte %zu", name, bad);
		else
			snprintf(err, errlen, "invalid %s at byte %zu", name, bad);
		return -1;
	}
	return 0;
}
