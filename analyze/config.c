/* config.c - see config.h. */
#include "config.h"
#include "buf.h"
#include "fileio.h"
#include "sha256.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const category_name[NCAT] = {
	"公共教育", "劳动就业创业", "社会保险", "基本社会服务",
	"公共医疗卫生", "住房保障", "公共文化体育", "残疾人服务",
};
const char *const zone_name[NZONE] = { "title", "scope", "terms", "headings", "body" };

int category_index(const char *name)
{
	for (int i = 0; i < NCAT; i++)
		if (strcmp(name, category_name[i]) == 0)
			return i;
	return -1;
}

/* The keys of weights.conf and where each goes. */
#define W(field) offsetof(struct weights, field)
static const struct {
	const char *key;
	size_t off;
	double def;
} weight_keys[] = {
	{ "classify.zone.title", W(zone[Z_TITLE]), 3 },
	{ "classify.zone.scope", W(zone[Z_SCOPE]), 2 },
	{ "classify.zone.terms", W(zone[Z_TERMS]), 2 },
	{ "classify.zone.headings", W(zone[Z_HEADINGS]), 1.5 },
	{ "classify.zone.body", W(zone[Z_BODY]), 1 },
	{ "classify.in_field", W(in_field), 15 },
	{ "classify.secondary_min", W(secondary_min), 6 },
	{ "classify.secondary_share", W(secondary_share), 0.3 },
	{ "relevance.full", W(relevance_full), 100 },
	{ "quality.error", W(q_error), 5 },
	{ "quality.warning", W(q_warning), 2 },
	{ "quality.info", W(q_info), 0.25 },
	{ "currency.reference_year", W(reference_year), 0 },
	{ "currency.grace_years", W(grace_years), 3 },
	{ "currency.per_year", W(per_year), 8 },
	{ "currency.per_outdated_ref", W(per_outdated_ref), 15 },
	{ "currency.old_basis", W(old_basis), 20 },
	{ "orientation.full", W(orientation_full), 6 },
	{ "improvement.relevance", W(imp_relevance), 0.4 },
	{ "improvement.need", W(imp_need), 0.6 },
	{ "need.quality", W(need_quality), 0.4 },
	{ "need.completeness", W(need_completeness), 0.25 },
	{ "need.currency", W(need_currency), 0.2 },
	{ "need.technical", W(need_technical), 0.15 },
	{ "excellence.relevance", W(ex_relevance), 0.15 },
	{ "excellence.completeness", W(ex_completeness), 0.2 },
	{ "excellence.quality", W(ex_quality), 0.25 },
	{ "excellence.technical", W(ex_technical), 0.15 },
	{ "excellence.currency", W(ex_currency), 0.15 },
	{ "excellence.orientation", W(ex_orientation), 0.1 },
};
#undef W

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	char *e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

/* Cut the next tab-separated field off *line (NULL when none is left). */
static char *field(char **line)
{
	if (!*line)
		return NULL;
	char *f = *line, *tab = strchr(f, '\t');
	if (tab) {
		*tab = '\0';
		*line = tab + 1;
	} else {
		*line = NULL;
	}
	return trim(f);
}

/* Read path, add its bytes to the hash, and call fn for every line (white
 * space trimmed, blank lines skipped) with its number; fn returns 0 to go
 * on or -1 having written err.  Returns 0 or -1. */
static int each_line(const char *path, struct sha256 *h,
		     int (*fn)(struct config *, char *line, const char *path, int lineno,
			       char *err, size_t errlen),
		     struct config *c, char *err, size_t errlen)
{
	struct buf b = BUF_INIT;
	char msg[256];
	if (read_file(path, &b, 16u << 20, msg, sizeof msg) != 0) {
		snprintf(err, errlen, "%s: %s", path, msg);
		buf_free(&b);
		return -1;
	}
	sha256_update(h, b.p, b.len + 1);   /* with the NUL: files are delimited */
	int lineno = 0, rc = 0;
	for (char *line = b.p, *next; line && rc == 0; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		char *t = trim(line);
		if (*t)
			rc = fn(c, t, path, lineno, err, errlen);
	}
	buf_free(&b);
	return rc;
}

/* data/lexicon.tsv: "# version: N" comments, a header, then
 * category<TAB>term<TAB>weight<TAB>note. */
static int lexicon_line(struct config *c, char *t, const char *path, int lineno,
			char *err, size_t errlen)
{
	if (*t == '#') {
		char *v = strstr(t, "version:");
		if (v && !c->lexicon_version)
			c->lexicon_version = arena_strdup(&c->arena, trim(v + 8));
		return 0;
	}
	if (strncmp(t, "category\t", 9) == 0)     /* the column header */
		return 0;
	char *rest = t;
	char *cat = field(&rest), *term = field(&rest), *weight = field(&rest), *note = field(&rest);
	int ci = cat ? (strcmp(cat, "-") == 0 ? -1 : category_index(cat)) : -2;
	int wv = weight ? atoi(weight) : 0;
	if (!term || !*term || ci == -2 || wv < 1 || wv > 3) {
		snprintf(err, errlen, "%s:%d: expected category<TAB>term<TAB>weight 1-3"
			 " (category one of the eight, or -)", path, lineno);
		return -1;
	}
	struct lex_term *lt = vec_push(&c->lex);
	lt->term = arena_strdup(&c->arena, term);
	lt->cat = ci;
	lt->weight = wv;
	lt->note = note ? arena_strdup(&c->arena, note) : NULL;
	return 0;
}

/* weights.conf: key = value, '#' comments. */
static int weights_line(struct config *c, char *line, const char *path, int lineno,
			char *err, size_t errlen)
{
	char *hash = strchr(line, '#');
	if (hash)
		*hash = '\0';
	char *t = trim(line);
	if (!*t)
		return 0;
	char *eq = strchr(t, '=');
	if (!eq) {
		snprintf(err, errlen, "%s:%d: expected key = value", path, lineno);
		return -1;
	}
	*eq = '\0';
	char *key = trim(t), *val = trim(eq + 1);
	if (strcmp(key, "orientation.terms") == 0) {
		c->w.orientation_terms = arena_strdup(&c->arena, val);
		return 0;
	}
	size_t k = 0, nk = sizeof weight_keys / sizeof weight_keys[0];
	while (k < nk && strcmp(weight_keys[k].key, key) != 0)
		k++;
	char *end;
	double v = strtod(val, &end);
	if (k == nk || end == val || *trim(end)) {
		snprintf(err, errlen, "%s:%d: %s", path, lineno,
			 k == nk ? "unknown key" : "the value is not a number");
		return -1;
	}
	*(double *)((char *)&c->w + weight_keys[k].off) = v;
	return 0;
}

/* withdrawn.tsv: '#' comments, a header, then code<TAB>year<TAB>replaced_by<TAB>note. */
static int withdrawn_line(struct config *c, char *t, const char *path, int lineno,
			  char *err, size_t errlen)
{
	if (*t == '#' || strncmp(t, "code\t", 5) == 0)
		return 0;
	char *rest = t;
	char *code = field(&rest), *year = field(&rest), *by = field(&rest), *note = field(&rest);
	if (!code || !*code || !year || !*year) {
		snprintf(err, errlen, "%s:%d: expected code<TAB>year<TAB>replaced_by<TAB>note",
			 path, lineno);
		return -1;
	}
	struct withdrawn *wd = vec_push(&c->withdrawn);
	wd->code = arena_strdup(&c->arena, code);
	wd->year = arena_strdup(&c->arena, year);
	wd->replaced_by = by && *by ? arena_strdup(&c->arena, by) : NULL;
	wd->note = note ? arena_strdup(&c->arena, note) : NULL;
	return 0;
}

int config_load(struct config *c, const char *datadir, const char *weights_file,
		char *err, size_t errlen)
{
	memset(c, 0, sizeof *c);
	snprintf(c->datadir, sizeof c->datadir, "%s", datadir);
	for (size_t k = 0; k < sizeof weight_keys / sizeof weight_keys[0]; k++)
		*(double *)((char *)&c->w + weight_keys[k].off) = weight_keys[k].def;
	c->w.orientation_terms = "";
	struct sha256 h;
	sha256_init(&h);
	char path[4200];
	snprintf(path, sizeof path, "%s/lexicon.tsv", datadir);
	if (each_line(path, &h, lexicon_line, c, err, errlen) != 0)
		return -1;
	if (c->lex.n == 0) {
		snprintf(err, errlen, "%s: no terms", path);
		return -1;
	}
	snprintf(path, sizeof path, "%s/weights.conf", datadir);
	if (each_line(path, &h, weights_line, c, err, errlen) != 0)
		return -1;
	if (weights_file && each_line(weights_file, &h, weights_line, c, err, errlen) != 0)
		return -1;
	snprintf(path, sizeof path, "%s/withdrawn.tsv", datadir);
	if (each_line(path, &h, withdrawn_line, c, err, errlen) != 0)
		return -1;
	char v[32];
	snprintf(v, sizeof v, "analyzer %d", ANALYZER_VERSION);
	sha256_update(&h, v, strlen(v));
	unsigned char d[32];
	sha256_final(&h, d);
	for (int i = 0; i < 32; i++)
		snprintf(c->hash + 2 * i, 3, "%02x", d[i]);
	return 0;
}

void config_free(struct config *c)
{
	vec_free(&c->lex);
	vec_free(&c->withdrawn);
	arena_free(&c->arena);
}

void config_mix(struct config *c, const char *what)
{
	struct sha256 h;
	sha256_init(&h);
	sha256_update(&h, c->hash, strlen(c->hash));
	sha256_update(&h, what, strlen(what));
	unsigned char d[32];
	sha256_final(&h, d);
	for (int i = 0; i < 32; i++)
		snprintf(c->hash + 2 * i, 3, "%02x", d[i]);
}
