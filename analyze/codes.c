/* codes.c - a standard's classification codes against the code tables.
 *
 * Three systems, each a table in data/ (codes-ics.tsv, codes-ccs.tsv,
 * codes-industry.tsv) whose rows map a code, or the codes it is a prefix
 * of, to a category, to 无 or to "in the field": ICS ("03.080.99"; a row
 * covers the codes below it at a dot), CCS ("A12", also written "A 12"; a
 * row is a prefix: "C" covers C00-C99) and the industry classification of
 * GB/T 4754-2017 ("Q8514", "C385 家用电力器具制造"; platforms sometimes
 * give only the name, "制造业", matched against the rows' names).  A
 * value may hold several codes; each is matched to its most specific row
 * (the longest).  The values come as a platform page or a cover wrote
 * them, so the codes are found in them, not parsed from a fixed form. */
#include "analyze.h"
#include "classcodes.h"

#include <stdio.h>
#include <string.h>

static int is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

/* Does row code r cover code c? */
static int covers(int sys, const char *r, const char *c)
{
	size_t rl = strlen(r);
	if (sys == CS_INDUSTRY && !is_upper(c[0]) && is_upper(r[0]))
		r++, rl--;            /* digits alone: compare the digits */
	if (rl == 0 || strncmp(r, c, rl) != 0)
		return 0;
	return sys != CS_ICS || c[rl] == '\0' || c[rl] == '.';
}

void codes_match(const struct config *cfg, int sys, const char *value,
		 void (*fn)(void *ctx, const struct code_row *row, const char *code), void *ctx)
{
	if (!value || !*value)
		return;
	char codes[8][16];
	size_t n = classcodes_find(sys, value, codes, 8);
	const struct code_row *rows = cfg->codes[sys].v;
	size_t nrows = cfg->codes[sys].n;
	for (size_t i = 0; i < n; i++) {
		const struct code_row *best = NULL;
		size_t best_len = 0;
		for (size_t r = 0; r < nrows; r++) {
			size_t len = strlen(rows[r].code);
			if (len > best_len && covers(sys, rows[r].code, codes[i])) {
				best = &rows[r];
				best_len = len;
			}
		}
		if (best)
			fn(ctx, best, codes[i]);
	}
	if (n == 0 && sys == CS_INDUSTRY) {
		/* a name alone ("制造业"): the row of that name */
		for (size_t r = 0; r < nrows; r++)
			if (rows[r].name && *rows[r].name && strstr(value, rows[r].name) == value &&
			    strlen(value) == strlen(rows[r].name)) {
				fn(ctx, &rows[r], rows[r].code);
				break;
			}
	}
}
