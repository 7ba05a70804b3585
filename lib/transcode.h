/* transcode.h - text in another character set made UTF-8 (glibc iconv),
 * for fetch (bodies served as GBK) and extract (files in GB18030, UTF-16). */
#ifndef PEIYOU_TRANSCODE_H
#define PEIYOU_TRANSCODE_H

#include <stddef.h>
#include "buf.h"

/* Convert data[0, n) from the iconv encoding `from` into out (replaced,
 * NUL-terminated).  Returns 0; -1 with *bad = the offset of the first byte
 * that does not decode (a truncated character at the end included); -2 when
 * iconv does not know `from`. */
int transcode_to_utf8(const char *from, const char *data, size_t n, struct buf *out,
		      size_t *bad);

#endif
