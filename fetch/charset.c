/* charset.c - the character set of a fetched body, and UTF-8 text made
 * from it with iconv.
 *
 * Chinese platforms still serve pages and texts as GBK, GB2312 or GB18030
 * (GB18030 is a superset of both, so all three are decoded as GB18030).
 * The set is taken from, in order: a byte-order mark (UTF-8, GB18030,
 * UTF-16), the charset parameter of Content-Type, an HTML <meta charset> or
 * <meta http-equiv="Content-Type" content="...; charset=..."> in the first
 * 4 KB.  A body that is valid UTF-8 is kept as it is whatever is declared
 * (servers often declare a set they do not use; GBK text is almost never
 * valid UTF-8).  A text body that is not UTF-8 and declares nothing is
 * tried as GB18030 -- unless it is UTF-8 cut short inside its last
 * character (a server's Content-Length shorter than the body): that is
 * UTF-8, kept without the partial character.  Binary bodies (NUL bytes,
 * %PDF) are never converted. */
#include "fetch.h"
#include "normalize.h"
#include "transcode.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Copy the charset label at p (up to a delimiter) into out, lowercased. */
static void take_label(const char *p, const char *end, char *out, size_t outlen)
{
	size_t k = 0;
	while (p < end && (*p == ' ' || *p == '"' || *p == '\''))
		p++;
	while (p < end && k + 1 < outlen && (isalnum((unsigned char)*p) || *p == '-' ||
					     *p == '_' || *p == '.' || *p == ':'))
		out[k++] = (char)tolower((unsigned char)*p++);
	out[k] = '\0';
}

/* Find "charset=" in s[0, n) (case-insensitive) and read its label. */
static int find_charset(const char *s, size_t n, char *out, size_t outlen)
{
	for (size_t i = 0; i + 8 <= n; i++)
		if (strncasecmp(s + i, "charset", 7) == 0) {
			size_t j = i + 7;
			while (j < n && (s[j] == ' ' || s[j] == '\t'))
				j++;
			if (j < n && s[j] == '=') {
				take_label(s + j + 1, s + n, out, outlen);
				if (out[0])
					return 1;
			}
		}
	return 0;
}

/* The iconv name for a label, or NULL for UTF-8 and unknown labels. */
static const char *iconv_name(const char *label)
{
	static const char *const gb[] = {
		"gbk", "gb2312", "gb_2312-80", "gb18030", "x-gbk", "cp936", "windows-936",
		"euc-cn", "csgb2312", "chinese", "iso-ir-58", "hz-gb-2312",
	};
	for (size_t i = 0; i < sizeof gb / sizeof gb[0]; i++)
		if (strcmp(label, gb[i]) == 0)
			return strcmp(label, "hz-gb-2312") == 0 ? "HZ" : "GB18030";
	if (!strcmp(label, "utf-16le") || !strcmp(label, "utf-16be") || !strcmp(label, "utf-16"))
		return label[6] == 'l' ? "UTF-16LE" : label[6] == 'b' ? "UTF-16BE" : "UTF-16";
	if (!strcmp(label, "big5") || !strcmp(label, "big5-hkscs"))
		return "BIG5-HKSCS";
	return NULL;
}

static int convert(const char *from, const char *data, size_t n, struct buf *out,
		   char *err, size_t errlen)
{
	size_t bad = 0;
	int rc = transcode_to_utf8(from, data, n, out, &bad);
	if (rc == -2)
		snprintf(err, errlen, "iconv cannot convert from %s", from);
	else if (rc == -1)
		snprintf(err, errlen, "not valid %s at byte %zu", from, bad);
	return rc ? -1 : 0;
}

int charset_to_utf8(const char *content_type, const char *data, size_t n,
		    struct buf *text, char *charset, size_t charsetlen,
		    char *err, size_t errlen)
{
	const unsigned char *u = (const unsigned char *)data;
	char label[40] = "";
	const char *from = NULL;
	size_t skip = 0;
	snprintf(charset, charsetlen, "%s", "");

	if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
		snprintf(charset, charsetlen, "utf-8");
		return 0;   /* extraction drops the BOM itself */
	}
	if (n >= 4 && u[0] == 0x84 && u[1] == 0x31 && u[2] == 0x95 && u[3] == 0x33) {
		from = "GB18030";
		skip = 4;
	} else if (n >= 2 && u[0] == 0xFF && u[1] == 0xFE) {
		from = "UTF-16LE";
		skip = 2;
	} else if (n >= 2 && u[0] == 0xFE && u[1] == 0xFF) {
		from = "UTF-16BE";
		skip = 2;
	}
	if (!from) {
		if (n >= 4 && memcmp(data, "%PDF", 4) == 0)
			return 0;
		size_t head = n < 4096 ? n : 4096;
		if (memchr(data, '\0', head))
			return 0;   /* binary */
		if (utf8_valid(data, n, NULL)) {
			snprintf(charset, charsetlen, "utf-8");
			return 0;
		}
		size_t cut = utf8_cut_tail(data, n);
		if (cut) {
			/* UTF-8 cut short inside its last character (a Content-Length
			 * shorter than the body): UTF-8 all the same, not GB18030;
			 * the text is kept without the partial character */
			snprintf(charset, charsetlen, "utf-8");
			buf_reserve(text, n - cut);
			memcpy(text->p, data, n - cut);
			text->len = n - cut;
			text->p[text->len] = '\0';
			snprintf(err, errlen, "正文在一个 UTF-8 字符中间被截断，已去掉最后 %zu 字节"
				 " (the body ends inside a UTF-8 character: cut short; the last %zu bytes"
				 " are dropped)", cut, cut);
			return 1;
		}
		int textual = !content_type || strncasecmp(content_type, "text/", 5) == 0 ||
			      strstr(content_type, "xml") || strstr(content_type, "html") ||
			      strstr(content_type, "octet-stream");
		if (!textual)
			return 0;
		if (content_type && find_charset(content_type, strlen(content_type), label,
						 sizeof label))
			from = iconv_name(label);
		if (!from) {
			/* <meta charset="gbk"> or http-equiv content="...; charset=gbk" */
			for (size_t i = 0; i + 5 < head && !from; i++)
				if (strncasecmp(data + i, "<meta", 5) == 0) {
					const char *end = memchr(data + i, '>', head - i);
					if (!end)
						break;
					if (find_charset(data + i, (size_t)(end - data - i), label,
							 sizeof label))
						from = iconv_name(label);
					i = (size_t)(end - data);
				}
		}
		if (!from)
			from = "GB18030";   /* undeclared, not UTF-8: the usual case in China */
	}
	snprintf(charset, charsetlen, "%s", from);
	if (convert(from, data + skip, n - skip, text, err, errlen) != 0)
		return -1;
	return 1;
}
