/* transcode.c - iconv into a growing buffer; see transcode.h. */
#include "transcode.h"

#include <errno.h>
#include <iconv.h>

int transcode_to_utf8(const char *from, const char *data, size_t n, struct buf *out,
		      size_t *bad)
{
	iconv_t cd = iconv_open("UTF-8", from);
	if (cd == (iconv_t)-1)
		return -2;
	buf_truncate(out, 0);
	buf_reserve(out, n * 2 + 16);
	char *in = (char *)data;
	size_t inleft = n;
	int rc = 0;
	while (inleft > 0) {
		char *o = out->p + out->len;
		size_t oleft = out->cap - out->len - 1;
		size_t r = iconv(cd, &in, &inleft, &o, &oleft);
		out->len = (size_t)(o - out->p);
		if (r != (size_t)-1)
			break;
		if (errno == E2BIG) {
			buf_reserve(out, inleft * 4 + 64);
			continue;
		}
		*bad = (size_t)(in - data);   /* EILSEQ, or EINVAL: truncated at the end */
		rc = -1;
		break;
	}
	if (rc == 0) {
		/* the shift state of a stateful encoding, if any */
		char *o = out->p + out->len;
		size_t oleft = out->cap - out->len - 1;
		iconv(cd, NULL, NULL, &o, &oleft);
		out->len = (size_t)(o - out->p);
	}
	out->p[out->len] = '\0';
	iconv_close(cd);
	return rc;
}
