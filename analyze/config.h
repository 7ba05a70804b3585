/* config.h - what an analyze run is configured by: the lexicon, the code
 * tables (ICS, CCS, GB/T 4754-2017), the subject cues, the classification
 * model, the weights and thresholds, the list of withdrawn standards.
 *
 * All are readable files in data/ (docs/analyze.md); their content, with
 * the analyzer version, is hashed so that a changed configuration
 * re-analyses every document and an unchanged one skips them. */
#ifndef PEIYOU_ANALYZE_CONFIG_H
#define PEIYOU_ANALYZE_CONFIG_H

#include <stddef.h>
#include "arena.h"
#include "classcodes.h"
#include "model.h"
#include "vec.h"

/* Bump when a change to analyze gives different results for the same input.
 * 2: nine classes (无 has its own evidence), code tables, subject types,
 * the learned model, relative decisions.  3: the drafting rules a document
 * follows, messages, new checks.  4: every finding has an excerpt. */
#define ANALYZER_VERSION 4

/* NCAT, NCLASS, CLASS_NONE, NSUBJ: model.h. */
extern const char *const category_name[NCAT];
/* The eight category names, then "无" (not in the field). */
extern const char *const class_name[NCLASS];

/* Zones of a document the lexicon reads.  issuer: the issuing
 * organisation's name and business scope, its 主管部门 and 归口单位 (a
 * platform page); content: a platform page's 主要技术内容. */
enum zone { Z_TITLE, Z_SCOPE, Z_TERMS, Z_HEADINGS, Z_BODY, Z_ISSUER, Z_CONTENT, NZONE };
extern const char *const zone_name[NZONE];

struct lex_term {
	const char *term;
	int cat;            /* 0..7, CLASS_NONE for a sign of "not in the field",
			     * or -1 for a field-only word */
	int weight;
	const char *note;
};

/* The code systems of data/codes-*.tsv. */
enum code_system { CS_ICS = CLASSCODE_ICS, CS_CCS = CLASSCODE_CCS, CS_INDUSTRY = CLASSCODE_INDUSTRY,
		   NCODESYS };
extern const char *const code_system_name[NCODESYS];   /* "ics", "ccs", "industry" */

/* One row of a code table: a code (a prefix of the codes it covers) or a
 * class name, what it points to and how strongly. */
struct code_row {
	const char *code;   /* "03.180", "A14", "Q85" */
	int cat;            /* 0..7, CLASS_NONE, or -1: in the field, no category */
	int weight;         /* 1-3 */
	const char *name;   /* the class's name in the table ("教育") */
	const char *source; /* where the mapping comes from */
};

/* Where a subject cue is looked for. */
enum cue_where { CUE_END, CUE_TITLE, CUE_SCOPE };
struct subject_cue {
	const char *cue;
	int subject;        /* enum subject (model.h) */
	int where;
	int weight;         /* 1-3 */
};

struct withdrawn {
	const char *code, *year, *replaced_by, *note;
};

struct weights {
	double zone[NZONE];
	double code_factor;              /* points of a code row per unit of its weight */
	double in_field;                 /* no longer used (decisions are relative) */
	double secondary_min, secondary_share;
	double rest, rest_full;          /* logits of a class with all the other zones' points */
	double tie_margin;               /* probability points under which two categories tie */
	double relevance_full;           /* no longer used (the model's scale) */
	double q_error, q_warning, q_info;
	double reference_year, grace_years, per_year, per_outdated_ref, old_basis;
	double orientation_full;
	const char *orientation_terms;   /* comma-separated */
	double imp_relevance, imp_need, imp_min_need;
	double ex_max_errors, ex_min_score;
	double rank_tie;
	double need_quality, need_completeness, need_currency, need_technical;
	double ex_relevance, ex_completeness, ex_quality, ex_technical, ex_currency, ex_orientation;
};

struct config {
	struct arena arena;          /* owns every string below */
	VEC(struct lex_term) lex;
	VEC(struct withdrawn) withdrawn;
	VEC(struct code_row) codes[NCODESYS];
	VEC(struct subject_cue) cues;
	struct model model;          /* data/model.tsv or --model */
	struct weights w;
	const char *lexicon_version, *codes_version[NCODESYS], *cues_version;
	char lexicon_hash[17];       /* of lexicon, code tables and cues: what a
				      * model was trained with */
	int reading;                 /* the code table being loaded */
	char datadir[4096];
	char hash[65];               /* of all of it and ANALYZER_VERSION */
};

/* Load data/lexicon.tsv, data/codes-{ics,ccs,industry}.tsv,
 * data/subject-cues.tsv, data/weights.conf (then weights_file over it,
 * when given), data/withdrawn.tsv and the model (model_file, else
 * data/model.tsv; need_model 1: it must exist, 0: a missing one is no
 * error, -1: not read, as for --train).  Returns 0, or -1 with a message naming the file and line. */
int config_load(struct config *c, const char *datadir, const char *weights_file,
		const char *model_file, int need_model, char *err, size_t errlen);
void config_free(struct config *c);
/* Fold what into c->hash: a run option that changes the results. */
void config_mix(struct config *c, const char *what);

/* Index of a category name, -1 when unknown. */
int category_index(const char *name);
/* Index of a class: the eight names, or "无" / "-" for CLASS_NONE; -1 when
 * unknown. */
int class_index(const char *name);

#endif
