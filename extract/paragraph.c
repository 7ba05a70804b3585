/* paragraph.c - see paragraph.h. */
#include "paragraph.h"

#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

unsigned line_width(const char *s, size_t n)
{
	/* One column a character, two for the lead byte of a 3- or 4-byte
	 * one: the bytes less the continuation bytes (0x80-0xBF), plus those
	 * lead bytes (0xE0-0xFF).  Sixteen bytes at a time with SSE2:
	 * wrap_width() measures every line of a document. */
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	unsigned cont = 0, wide = 0;
#if defined(__SSE2__)
	const __m128i lim_cont = _mm_set1_epi8(-64), lim_wide = _mm_set1_epi8(-33);
	const __m128i zero = _mm_setzero_si128();
	while (i + 16 <= n) {
		/* per-byte counts (a true compare is -1, so subtracting it
		 * adds one), summed by _mm_sad_epu8 before a lane overflows */
		__m128i ac = zero, aw = zero;
		for (int k = 0; k < 255 && i + 16 <= n; k++, i += 16) {
			__m128i v = _mm_loadu_si128((const __m128i *)(u + i));
			/* as signed bytes: 0x80-0xBF are -128..-65, 0xE0-0xFF -32..-1 */
			ac = _mm_sub_epi8(ac, _mm_cmplt_epi8(v, lim_cont));
			aw = _mm_sub_epi8(aw, _mm_and_si128(_mm_cmpgt_epi8(v, lim_wide),
							    _mm_cmplt_epi8(v, zero)));
		}
		__m128i sc = _mm_sad_epu8(ac, zero), sw = _mm_sad_epu8(aw, zero);
		cont += (unsigned)(_mm_cvtsi128_si32(sc) + _mm_extract_epi16(sc, 4));
		wide += (unsigned)(_mm_cvtsi128_si32(sw) + _mm_extract_epi16(sw, 4));
	}
#endif
	unsigned w = (unsigned)i - cont + wide;
	for (; i < n; i++)     /* the tail: 1 ASCII, 0 continuation, 1 or 2 a lead byte */
		w += u[i] < 0x80 ? 1 : u[i] >= 0xE0 ? 2 : u[i] >= 0xC0;
	return w;
}

/* The 90th percentile of h[0, max], the values counted count times. */
static unsigned percentile90(const unsigned *h, unsigned max, size_t count)
{
	size_t want = count - count / 10, seen = 0;
	for (unsigned v = 0; v <= max; v++) {
		seen += h[v];
		if (seen >= want)
			return v;
	}
	return max;
}

unsigned wrap_width(const struct line *L, size_t n)
{
	enum { MAXB = 600 };
	unsigned lens[MAXB + 1] = { 0 }, widths[MAXB + 1] = { 0 };
	size_t count = 0;
	for (size_t i = 0; i < n; i++)
		if (L[i].len && L[i].s[0] != '|' && L[i].len <= MAXB)
			lens[L[i].len]++, count++;
	if (count < 20)
		return 0;
	/* A line is at most as wide as its bytes are many and at least half
	 * as wide (a 4-byte character is two columns): the widths' 90th
	 * percentile is at least half the lengths'.  A line shorter than that
	 * lies below it, measured or not: it is counted in widths[0]. */
	unsigned below = percentile90(lens, MAXB, count) / 2;
	/* A long text is measured on every step-th of its lines (at most 256
	 * of them): its lines run alike from page to page. */
	size_t step = (count + 255) / 256, k = 0, sampled = 0;
	for (size_t i = 0; i < n; i++)
		if (L[i].len && L[i].s[0] != '|' && L[i].len <= MAXB && k++ % step == 0) {
			widths[L[i].len < below ? 0 : line_width(L[i].s, L[i].len)]++;
			sampled++;
		}
	return percentile90(widths, MAXB, sampled);
}

static int ends_with(const char *s, size_t n, const char *tail)
{
	size_t k = strlen(tail);
	return n >= k && memcmp(s + n - k, tail, k) == 0;
}

int ends_sentence(const char *s, size_t n)
{
	if (!n)
		return 0;
	char last = s[n - 1];
	if (last == ';' || last == ':' || last == '!' || last == '?')
		return 1;
	/* "……并及时报告.", "……不低于85%.": a full stop a converter made ASCII */
	if (last == '.' && n >= 2 && ((unsigned char)s[n - 2] >= 0x80 || s[n - 2] == ')' ||
				      s[n - 2] == '%' || (s[n - 2] >= '0' && s[n - 2] <= '9')))
		return 1;
	if (n >= 3 && !memcmp(s + n - 3, "。", 3))
		return 1;
	/* only a closing quote or bracket may hide the end: ) " ' ” ’ 」 』 */
	if (!(last == ')' || last == '"' || last == '\'' || (unsigned char)last == 0x9D ||
	      (unsigned char)last == 0x99 || (unsigned char)last == 0x8D ||
	      (unsigned char)last == 0x8F))
		return 0;
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
	return c == ';' || c == ':' || c == '!' || c == '?' || ends_with(s, n, "。") ||
	       (c == '.' && n >= 2 && (unsigned char)s[n - 2] >= 0x80);
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
