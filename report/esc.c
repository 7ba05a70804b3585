/* esc.c - escaping untrusted text (titles, clause text, excerpts come from
 * the documents) for HTML, Markdown and CSV, and cutting text to a length.
 *
 * Control characters other than tab and newline are dropped everywhere:
 * they are invalid in HTML and confuse spreadsheets and mail readers. */
#include "report.h"

#include <string.h>

static int is_dropped_control(unsigned char c)
{
	return (c < 0x20 && c != '\t' && c != '\n') || c == 0x7f;
}

void html_escape_n(struct buf *b, const char *s, size_t n)
{
	if (!s)
		return;
	size_t run = 0;         /* bytes copied through unchanged, pending */
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *rep = NULL;
		switch (c) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default:
			if (c == '\r' || is_dropped_control(c))
				rep = "";
		}
		if (!rep)
			continue;
		buf_append(b, s + run, i - run);
		buf_puts(b, rep);
		run = i + 1;
	}
	buf_append(b, s + run, n - run);
}

void html_escape(struct buf *b, const char *s)
{
	if (s)
		html_escape_n(b, s, strlen(s));
}

void md_escape(struct buf *b, const char *s)
{
	if (!s)
		return;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '\n' || *p == '\r' || *p == '\t') {
			buf_putc(b, ' ');
			continue;
		}
		if (is_dropped_control(*p))
			continue;
		if (strchr("\\`*_[]<>|~&#", *p))
			buf_putc(b, '\\');
		buf_putc(b, (char)*p);
	}
}

void csv_field(struct buf *b, const char *s)
{
	if (!s)
		return;
	/* A cell whose first kept character is one of these is a formula to a
	 * spreadsheet program: a leading apostrophe keeps it text (OWASP CSV
	 * injection; tab and CR too).  Dropped control characters do not
	 * count as the first one.  The lone "-" of "not in the field" is text. */
	const unsigned char *first = (const unsigned char *)s;
	while (*first && is_dropped_control(*first))
		first++;
	int formula = *first && strchr("=+-@\t", *first) && strcmp((const char *)first, "-") != 0;
	buf_putc(b, '"');
	if (formula)
		buf_putc(b, '\'');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"')
			buf_puts(b, "\"\"");
		else if (*p == '\r')
			continue;
		else if (!is_dropped_control(*p))
			buf_putc(b, (char)*p);
	}
	buf_putc(b, '"');
}

char *text_cut(const char *s, size_t max)
{
	if (!s)
		return NULL;
	size_t chars = 0, i = 0;
	for (; s[i]; i++) {
		if (((unsigned char)s[i] & 0xc0) != 0x80) {
			if (chars == max)
				break;
			chars++;
		}
	}
	if (!s[i])
		return xstrdup(s);
	struct buf b = BUF_INIT;
	buf_append(&b, s, i);
	buf_puts(&b, "…");
	return b.p;
}
