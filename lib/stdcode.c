/* stdcode.c - see stdcode.h. */
#include "stdcode.h"

#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Group 1: prefix; 2: number; 3: year.  Branch reset keeps the prefix in
 * group 1 whichever family matched.  Industry codes without "/T" come from
 * a closed list, so that any two capitals before a number are not taken
 * for a standard. */
#define CODE_BODY \
	"(?|" \
	"(T */ *[A-Z]+(?:[0-9]+[A-Z]+)*)" \
	"|(GB(?: */ *[TZ])?)" \
	"|(DB *[0-9]{2}(?:[0-9]{2})?(?: */ *[TZ])?)" \
	"|((?:JGJ|CJJ|CECS|[A-Z]{2}) */ *[TZ])" \
	"|((?:MZ|WS|JY|LD|WH|TY|GY|CY|DA|GA|SF|JG|CJ|LB|SB|RB|YY|JR|JT|HJ|JB|NY|QB|HG|SN|YD|GH|AQ|DL|XF|JGJ|CJJ|SH|SY|NB|DZ|FZ|QC|MH|TB|MT|LY|SL|WM|YZ|SJ|XB))" \
	"|(ISO(?: */ *IEC)?|IEC|ITU-T)" \
	")" \
	" *([0-9]+(?:\\.[0-9]+)*|X{1,4})" \
	"(?: *[-:] *([0-9]{4}|[0-9]{2}|X{2,4}))?" \
	"(?![0-9A-Za-z])"

int stdcode_init(struct stdcode_matcher *m, char *err, size_t errlen)
{
	if (rx_compile(&m->any, "stdcode", "(?<![A-Za-z0-9/])" CODE_BODY, 0, err, errlen))
		return -1;
	if (rx_compile(&m->whole, "stdcode-line", "^" CODE_BODY " *$", 0, err, errlen)) {
		rx_free(&m->any);
		return -1;
	}
	return 0;
}

void stdcode_free(struct stdcode_matcher *m)
{
	rx_free(&m->any);
	rx_free(&m->whole);
}

/* Copy s[a, b) into out without spaces, truncating to outlen. */
static void copy_nospace(char *out, size_t outlen, const char *s, size_t a, size_t b)
{
	size_t k = 0;
	for (size_t i = a; i < b && k + 1 < outlen; i++)
		if (s[i] != ' ')
			out[k++] = s[i];
	out[k] = '\0';
}

static void fill(const struct rx_ctx *c, const char *s, struct stdcode *out)
{
	copy_nospace(out->prefix, sizeof out->prefix, s, rx_start(c, 1), rx_end(c, 1));
	copy_nospace(out->num, sizeof out->num, s, rx_start(c, 2), rx_end(c, 2));
	if (rx_start(c, 3) != (size_t)-1)
		copy_nospace(out->year, sizeof out->year, s, rx_start(c, 3), rx_end(c, 3));
	else
		out->year[0] = '\0';
	out->start = rx_start(c, 0);
	out->end = rx_end(c, 0);
}

/* Offset of the first capital A-Z in s[0, n), or n when there is none.
 * Sixteen bytes at a time with SSE2. */
static size_t first_capital(const char *s, size_t n)
{
	size_t i = 0;
#if defined(__SSE2__)
	const __m128i below = _mm_set1_epi8('A' - 1), above = _mm_set1_epi8('Z' + 1);
	for (; i + 16 <= n; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(s + i));
		unsigned m = (unsigned)_mm_movemask_epi8(
			_mm_and_si128(_mm_cmpgt_epi8(v, below), _mm_cmplt_epi8(v, above)));
		if (m)
			return i + (size_t)__builtin_ctz(m);
	}
#endif
	for (; i < n; i++)
		if (s[i] >= 'A' && s[i] <= 'Z')
			return i;
	return n;
}

int stdcode_find(const struct stdcode_matcher *m, struct rx_ctx *c,
		 const char *s, size_t len, size_t start, struct stdcode *out)
{
	/* Every code starts with a capital: without one, no regex run; with
	 * one, the search starts there (the look-behind still sees the bytes
	 * before it). */
	if (start <= len) {
		start += first_capital(s + start, len - start);
		if (start == len)
			return 0;
	}
	int rc = rx_match(&m->any, c, s, len, start);
	if (rc <= 0)
		return rc;
	fill(c, s, out);
	return 1;
}

int stdcode_whole(const struct stdcode_matcher *m, struct rx_ctx *c,
		  const char *s, size_t len, struct stdcode *out)
{
	/* Cheap refusal before the regex: a code line starts with a capital. */
	if (len == 0 || len > 40 || s[0] < 'A' || s[0] > 'Z')
		return 0;
	int rc = rx_match(&m->whole, c, s, len, 0);
	if (rc <= 0)
		return rc;
	fill(c, s, out);
	return 1;
}

/* The parts joined into out, cut at outlen - 1 bytes as snprintf() would
 * cut them, without its format parsing: every code cited is written so. */
static void join(char *out, size_t outlen, const char *const *parts, size_t n)
{
	size_t k = 0;
	if (outlen == 0)
		return;
	for (size_t i = 0; i < n; i++)
		for (const char *p = parts[i]; *p && k + 1 < outlen; p++)
			out[k++] = *p;
	out[k] = '\0';
}

void stdcode_base(const struct stdcode *sc, char *out, size_t outlen)
{
	join(out, outlen, (const char *const[]){ sc->prefix, " ", sc->num }, 3);
}

void stdcode_full(const struct stdcode *sc, char *out, size_t outlen)
{
	if (sc->year[0])
		join(out, outlen, (const char *const[]){ sc->prefix, " ", sc->num, "-", sc->year }, 5);
	else
		join(out, outlen, (const char *const[]){ sc->prefix, " ", sc->num }, 3);
}
