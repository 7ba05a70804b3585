/* repair.h - undo what PDF-to-text and PDF-to-Markdown conversion does to a
 * standard, and cut the text into lines.
 *
 * Input is NFKC text (normalize.h).  Per line: tabs and form feeds become
 * spaces, runs of spaces one space, Markdown heading marks and the "- "
 * that converters put before list items and clause numbers go, Markdown
 * backslash escapes are undone ("3\\.1" -> "3.1"), spaces
 * inside numbers are closed ("7. 2. 2. 1" -> "7.2.2.1", "GB/T 1. 1-2020"
 * -> "GB/T 1.1-2020"), dashes between the parts of codes and dates become
 * '-' ("GB/T 15624—2011", "2022 - XX - XX").  After the cover, a line that
 * is only a standard code is a running page header and a line that is only
 * a page number ("3", "II", "第 3 页") is a page footer: both are dropped
 * and counted.  Empty lines are dropped.  The table of contents is left to
 * the structure parser, which knows where it ends. */
#ifndef PEIYOU_REPAIR_H
#define PEIYOU_REPAIR_H

#include <stddef.h>
#include <stdint.h>
#include "buf.h"
#include "regex.h"
#include "stdcode.h"

/* The longest line accepted: a standards text has paragraphs, not
 * megabytes on one line. */
#define REPAIR_MAX_LINE (1024 * 1024)

struct line {
	const char *s;      /* into repaired.text; NUL-terminated */
	uint32_t len;
	uint32_t off;       /* byte offset in repaired.text */
	uint32_t lineno;    /* 1-based line number in the normalised input */
	uint8_t after_blank; /* an empty input line came before it (in a PDF's
			      * text: a page break) */
	uint8_t heading_mark; /* it was a Markdown heading ("# ...") */
};

struct repaired {
	struct buf text;    /* the repaired lines, each ended by a NUL */
	struct line *lines; /* owned; points into text */
	size_t n, cap;
	int page_headers;   /* running header lines dropped */
	int page_numbers;   /* page number lines dropped */
	char header_code[64]; /* the code those header lines carried (first) */
	char header_code_other[64]; /* a different code seen in headers, if any */
};

/* Repair in[0, n) into out (reused between documents).  Returns 0, or -1
 * with a message in err (a line over REPAIR_MAX_LINE, a regex failure). */
int repair_text(const struct stdcode_matcher *codes, struct rx_ctx *rc,
		const char *in, size_t n, struct repaired *out,
		char *err, size_t errlen);
void repaired_free(struct repaired *r);

/* Append line `from` to line `into` (an earlier line) in the repaired
 * text, with a space between them when space is set: the joined line
 * keeps into's offset and line number and ends at a NUL, where from's
 * text was.  The bytes of the lines between them are overwritten, so
 * they and from must not be read again.  Paragraphs that a PDF wrapped
 * over several lines become one line this way (extract/parse.c), and
 * every byte offset into the repaired text stays true. */
void repaired_join(struct repaired *r, size_t into, size_t from, int space);

/* A page number line: "3", "- 3 -", "II", "第 3 页", "第3页 共10页". */
int is_page_number(const char *s, size_t n);

/* Does line equal word once its spaces are ignored ("前 言" == "前言")? */
int line_is_word(const char *s, size_t len, const char *word);

/* s[0, n) without its ASCII spaces into t (NUL-terminated, cut to tsize -
 * 1 bytes), for comparing a label or heading however it was spaced out.
 * Returns the length written. */
size_t squeeze_spaces(const char *s, size_t n, char *t, size_t tsize);

#endif
