/* config.h - what an analyze run is configured by: the lexicon, the
 * weights and thresholds, the list of withdrawn standards.
 *
 * All three are readable files in data/ (docs/analyze.md); their content,
 * with the analyzer version, is hashed so that a changed configuration
 * re-analyses every document and an unchanged one skips them. */
#ifndef PEIYOU_ANALYZE_CONFIG_H
#define PEIYOU_ANALYZE_CONFIG_H

#include <stddef.h>
#include "arena.h"
#include "vec.h"

/* Bump when a change to analyze gives different results for the same input. */
#define ANALYZER_VERSION 1

#define NCAT 8
extern const char *const category_name[NCAT];

enum zone { Z_TITLE, Z_SCOPE, Z_TERMS, Z_HEADINGS, Z_BODY, NZONE };
extern const char *const zone_name[NZONE];

struct lex_term {
	const char *term;
	int cat;            /* 0..7, or -1 for a field-only word */
	int weight;
	const char *note;
};

struct withdrawn {
	const char *code, *year, *replaced_by, *note;
};

struct weights {
	double zone[NZONE];
	double in_field, secondary_min, secondary_share;
	double relevance_full;
	double q_error, q_warning, q_info;
	double reference_year, grace_years, per_year, per_outdated_ref, old_basis;
	double orientation_full;
	const char *orientation_terms;   /* comma-separated */
	double imp_relevance, imp_need;
	double need_quality, need_completeness, need_currency, need_technical;
	double ex_relevance, ex_completeness, ex_quality, ex_technical, ex_currency, ex_orientation;
};

struct config {
	struct arena arena;          /* owns every string below */
	VEC(struct lex_term) lex;
	VEC(struct withdrawn) withdrawn;
	struct weights w;
	const char *lexicon_version;
	char datadir[4096];
	char hash[65];               /* of all of it and ANALYZER_VERSION */
};

/* Load data/lexicon.tsv, data/weights.conf (then weights_file over it, when
 * given) and data/withdrawn.tsv.  Returns 0, or -1 with a message naming
 * the file and line. */
int config_load(struct config *c, const char *datadir, const char *weights_file,
		char *err, size_t errlen);
void config_free(struct config *c);
/* Fold what into c->hash: a run option that changes the results. */
void config_mix(struct config *c, const char *what);

/* Index of a category name, -1 when unknown. */
int category_index(const char *name);

#endif
