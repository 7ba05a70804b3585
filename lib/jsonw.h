/* jsonw.h - appending JSON to a buffer, for the compact JSON columns the
 * stages write row by row (a full JSON library per row would cost more
 * than the row).  Strings are escaped per RFC 8259; the input must be
 * valid UTF-8 (all text in peiyou is, after normalisation). */
#ifndef PEIYOU_JSONW_H
#define PEIYOU_JSONW_H

#include "buf.h"

/* Append s as a JSON string ("null" when s is NULL). */
void jsonw_string(struct buf *b, const char *s);
void jsonw_stringn(struct buf *b, const char *s, size_t n);
void jsonw_int(struct buf *b, long long v);

#endif
