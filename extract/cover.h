/* cover.h - a standard's metadata from its cover, and its title.
 *
 * The cover (the lines before the contents, the foreword or chapter 1)
 * carries the ICS and CCS codes, the document code, the Chinese title
 * (often over two or three lines), the English title, the stage of a draft
 * and the dates; the other lines say what kind of document it is or who
 * issued it ("团 体 标 准", "中华人民共和国国家标准", "……发布").  The title
 * is printed again above chapter 1; the two are put together by
 * cover_choose_title(). */
#ifndef PEIYOU_COVER_H
#define PEIYOU_COVER_H

#include <stddef.h>
#include "extract.h"

/* Read lines L[from, to) as the cover into x->doc: code, ics, ccs,
 * title_zh, title_en, stage, published, effective, issuer, patent_notice.  Strings go to the
 * document's arena.  Returns 0, or -1 with a message in err when a
 * pattern fails. */
int cover_parse(struct extractor *x, const struct line *L, size_t from, size_t to,
		char *err, size_t errlen);

/* Can s[0, n) be (a line of) a Chinese title: Chinese text, no sentence
 * punctuation (。 or a comma; a colon only after "第N部分"), not too long? */
int title_like(const char *s, size_t n);

/* Settle d->title_zh from the cover's title (already in it, or NULL) and
 * the title above chapter 1 (body, or NULL): the cover's when there is one
 * (the body's when the cover's is only part of it), its spaces kept where
 * the body's title also breaks; then a space before "第N部分". */
void cover_choose_title(struct doc *d, const char *body);

#endif
