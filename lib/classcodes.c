/* classcodes.c - see classcodes.h. */
#include "classcodes.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

/* ICS codes in v: "dd", "dd.ddd", "dd.ddd.dd". */
static size_t ics_codes(const char *v, char out[][16], size_t max)
{
	size_t n = 0;
	for (const char *p = v; *p && n < max; p++) {
		if (!is_digit(p[0]) || !is_digit(p[1]) || (p > v && (is_digit(p[-1]) || p[-1] == '.')))
			continue;
		size_t k = 2;
		if (p[2] == '.' && is_digit(p[3]) && is_digit(p[4]) && is_digit(p[5])) {
			k = 6;
			if (p[6] == '.' && is_digit(p[7]) && is_digit(p[8]))
				k = 9;
		}
		if (is_digit(p[k]))
			continue;     /* a longer number, not a code */
		memcpy(out[n], p, k);
		out[n++][k] = '\0';
		p += k - 1;
	}
	return n;
}

/* CCS codes in v: a capital letter and two digits, a space allowed
 * between ("A 12"); the letter not part of a word ("ICS 97" is not S97). */
static size_t ccs_codes(const char *v, char out[][16], size_t max)
{
	size_t n = 0;
	for (const char *p = v; *p && n < max; p++) {
		if (!is_upper(*p) || (p > v && isalpha((unsigned char)p[-1])))
			continue;
		const char *d = p + 1;
		if (*d == ' ')
			d++;
		if (!is_digit(d[0]) || !is_digit(d[1]) || is_digit(d[2]) || d[2] == '.')
			continue;
		snprintf(out[n++], 16, "%c%c%c", *p, d[0], d[1]);
		p = d + 1;
	}
	return n;
}

/* GB/T 4754 codes in v: a section letter and two to four digits ("Q8514"),
 * the digits alone ("8514"), or a section letter alone ("C 制造业"). */
static size_t industry_codes(const char *v, char out[][16], size_t max)
{
	size_t n = 0;
	for (const char *p = v; *p && n < max; p++) {
		if (p > v && isalnum((unsigned char)p[-1]))
			continue;
		const char *d = is_upper(*p) ? p + 1 : p;
		size_t k = 0;
		while (is_digit(d[k]) && k < 5)
			k++;
		if (isalnum((unsigned char)d[k]))
			continue;               /* part of a word or a longer number */
		if (k == 1 || k > 4 || (k == 0 && d == p))
			continue;               /* not a code */
		size_t len = (size_t)(d - p) + k;
		memcpy(out[n], p, len);
		out[n++][len] = '\0';
		p += len - 1;
	}
	return n;
}

size_t classcodes_find(int system, const char *text, char out[][16], size_t max)
{
	if (!text)
		return 0;
	return system == CLASSCODE_ICS ? ics_codes(text, out, max) :
	       system == CLASSCODE_CCS ? ccs_codes(text, out, max) : industry_codes(text, out, max);
}
