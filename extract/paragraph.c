/* paragraph.c - see paragraph.h. */
#include "paragraph.h"

#include <string.h>

unsigned line_width(const char *s, size_t n)
{
	unsigned w = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80)
			w++;
		else if (c >= 0xE0)
			w += 2;      /* the lead byte of a 3- or 4-byte character */
		else if (c >= 0xC0)
			w++;         /* a 2-byte character (Latin, Greek, ±, °) */
	}
	return w;
}

unsigned wrap_width(const struct line *L, size_t n)
{
	enum { MAXW = 400 };
	unsigned hist[MAXW + 1] = { 0 };
	size_t count = 0;
	for (size_t i = 0; i < n; i++) {
		if (L[i].len == 0 || L[i].s[0] == '|')
			continue;
		unsigned w = line_width(L[i].s, L[i].len);
		if (w > MAXW)
			continue;
		hist[w]++;
		count++;
	}
	if (count < 20)
		return 0;
	size_t want = count - count / 10, seen = 0;
	for (unsigned w = 0; w <= MAXW; w++) {
		seen += hist[w];
		if (seen >= want)
			return w;
	}
	return MAXW;
}

static int ends_with(const char *s, size_t n, const char *tail)
{
	size_t k = strlen(tail);
	return n >= k && memcmp(s + n - k, tail, k) == 0;
}

int ends_sentence(const char *s, size_t n)
{
	/* up to two closing quotes or brackets after the sentence's end */
	for (int k = 0; k < 2 && n; k++) {
		if (s[n - 1] == ')' || s[n - 1] == '"' || s[n - 1] == '\'')
			n--;
		else if (ends_with(s, n, "”") || ends_with(s, n, "’") || ends_with(s, n, "」") ||
			 ends_with(s, n, "』"))
			n -= 3;
		else
			break;
	}
	if (!n)
		return 0;
	char c = s[n - 1];
	return c == ';' || c == ':' || c == '!' || c == '?' || ends_with(s, n, "。");
}

int is_caption(const char *s, size_t n)
{
	if (n < 4 || !(memcmp(s, "表", 3) == 0 || memcmp(s, "图", 3) == 0))
		return 0;
	size_t i = 3;
	if (i < n && s[i] == ' ')
		i++;
	if (i < n && s[i] >= '0' && s[i] <= '9')
		return 1;
	return i + 1 < n && s[i] >= 'A' && s[i] <= 'Z' &&
	       (s[i + 1] == '.' || (s[i + 1] >= '0' && s[i + 1] <= '9'));
}

static int ascii_word(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

int join_needs_space(const char *a, size_t an, const char *b, size_t bn)
{
	if (!an || !bn)
		return 0;
	unsigned char x = (unsigned char)a[an - 1], y = (unsigned char)b[0];
	if (!(ascii_word(y) || y == '('))
		return 0;
	return ascii_word(x) || x == ',' || x == '.' || x == ')';
}
