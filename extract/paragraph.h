/* paragraph.h - the line-level facts used to rebuild paragraphs that a PDF
 * wrapped over several lines.
 *
 * pdftotext (and text made from a PDF) gives one line per printed line: a
 * list item, a requirement or a drafters list that runs over two lines
 * arrives as two lines, and read one line per paragraph its second half
 * becomes a paragraph of its own (a list that restarts, a requirement whose
 * value is in the next "paragraph").  parse.c joins such lines back; what
 * it asks about a line's shape is here: how wide it is, whether it ends a
 * sentence, whether it is a table or figure caption, whether a space goes
 * between two joined lines.  What a line means in its place (a clause
 * heading, a term line) is the parser's business. */
#ifndef PEIYOU_PARAGRAPH_H
#define PEIYOU_PARAGRAPH_H

#include <stddef.h>
#include <stdint.h>
#include "repair.h"

/* Display width of s[0, n): an ASCII byte is one column, a character of
 * three or four bytes (CJK) two, one of two bytes one. */
unsigned line_width(const char *s, size_t n);

/* The width at which a text wraps: the 90th percentile of the widths of
 * its lines (table rows "| ... |" and lines over 600 bytes left out; of a
 * text of more than 256 such lines, every step-th so that 256 are
 * measured), 0 for a text of fewer than 20 such lines. */
unsigned wrap_width(const struct line *L, size_t n);

/* Does s[0, n) end a sentence or a clause of one: 。 ; : ! ? (full-width
 * forms are ASCII after NFKC), an ASCII "." after Chinese, a digit, "%"
 * or ")" (a converter's full stop), also inside a closing quote or bracket
 * ("。”", "。)")? */
int ends_sentence(const char *s, size_t n);

/* A table or figure caption: "表1 …", "表 A.2 …", "图 3 …", "图B.1" (表 or
 * 图, an optional space, then a digit or a capital with a dot or digit). */
int is_caption(const char *s, size_t n);

/* Does a space go between a line ending a[0, an) and the next line starting
 * b[0, bn)?  Only between two ASCII words or numbers ("Security" /
 * "techniques", "GB/T" / "19056"); never after a hyphen or next to a CJK
 * character. */
int join_needs_space(const char *a, size_t an, const char *b, size_t bn);

#endif
