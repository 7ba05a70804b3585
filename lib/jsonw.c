/* jsonw.c - see jsonw.h. */
#include "jsonw.h"

#include <stdio.h>
#include <string.h>

void jsonw_stringn(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	buf_reserve(b, n + 2);
	buf_putc(b, '"');
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		buf_append(b, s + run, i - run);
		run = i + 1;
		switch (c) {
		case '"': buf_puts(b, "\\\""); break;
		case '\\': buf_puts(b, "\\\\"); break;
		case '\n': buf_puts(b, "\\n"); break;
		case '\t': buf_puts(b, "\\t"); break;
		case '\r': buf_puts(b, "\\r"); break;
		default: {
			char e[7] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], 0 };
			buf_append(b, e, 6);
		}
		}
	}
	buf_append(b, s + run, n - run);
	buf_putc(b, '"');
}

void jsonw_string(struct buf *b, const char *s)
{
	if (!s)
		buf_puts(b, "null");
	else
		jsonw_stringn(b, s, strlen(s));
}

/* Digits by hand: snprintf's format parsing costs more than the number
 * when millions of offsets are written. */
void jsonw_int(struct buf *b, long long v)
{
	char tmp[24], *e = tmp + sizeof tmp, *p = e;
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		*--p = '-';
	buf_append(b, p, (size_t)(e - p));
}
