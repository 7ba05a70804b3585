/* headword.h - element headings however they are spaced or written.
 *
 * Converted standards spell the headings of their elements in several ways:
 * letter-spaced ("参 考 文 献", "附   录    A", "前  言"), in traditional
 * characters ("參考文獻", "目錄", "附錄"), or mixed ("參 考 文 献", as an OCR
 * tool read one).  NFKC leaves traditional characters alone, so the few
 * that occur in element headings and annex roles are folded here, for the
 * comparison only: the text keeps what the document wrote. */
#ifndef PEIYOU_HEADWORD_H
#define PEIYOU_HEADWORD_H

#include <stddef.h>

/* s[0, n) without its ASCII spaces, the traditional forms of the
 * characters of element headings made simplified (參→参, 獻→献, 錄→录,
 * 規→规, 範→范, 圍→围, 資→资, 術→术, 語→语 …), into out (NUL-terminated,
 * cut to outlen - 1 bytes).  Returns the length written. */
size_t fold_heading(const char *s, size_t n, char *out, size_t outlen);

/* The element a whole line names: "参考文献", "前言", "目次" (also 目录),
 * "引言", "索引", or NULL. */
const char *element_heading(const char *s, size_t n);

#endif
