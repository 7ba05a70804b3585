/* analyze.h - the parts of the analyze stage and how they fit.
 *
 *   classify.c     categories from the lexicon (Aho-Corasick over zones)
 *   checks.c       drafting-quality findings, one function per check
 *   indicators.c   the six indicator scores, each with its inputs
 *   rank.c         the two rankings over all analysed documents
 *   store.c        results into the database
 *   explain.c      peiyou-analyze --explain CODE
 *   evaluate.c     peiyou-analyze --evaluate LABELS.tsv
 */
#ifndef PEIYOU_ANALYZE_H
#define PEIYOU_ANALYZE_H

#include <sqlite3.h>
#include <stdio.h>
#include "adoc.h"
#include "aho.h"
#include "config.h"
#include "regex.h"

/* What a run builds once from its configuration. */
struct analyzer {
	const struct config *cfg;
	struct aho words;            /* lexicon terms (cfg->lex order), then the
				      * orientation terms: one pass reads both */
	size_t nlex;                 /* words below this index are lexicon terms */
	struct aho vague;            /* vague words of requirements */
	VEC(const char *) orientation_terms;
	struct rx clause_ref;        /* "中5.3", "第5章", "表2" after a citation */
	struct rx measurable;        /* a number, unit, time limit or criterion */
	struct rx subjective;        /* a quality only judgement can tell (醒目, 方便) */
	struct rx_ctx rc;
	struct arena arena;
	int lang_en;                 /* messages in English (--lang en) */
	int all_checks;              /* also the checks that are off by default */
};

int analyzer_init(struct analyzer *a, const struct config *cfg, char *err, size_t errlen);
void analyzer_free(struct analyzer *a);

/* classify.c: categories, and which orientation terms occur (d->orient). */
void classify(const struct analyzer *a, struct adoc *d);
/* checks.c: fills d->findings; returns -1 with err on a pattern failure. */
int run_checks(struct analyzer *a, struct adoc *d, char *err, size_t errlen);
/* The catalogue of checks, NULL-terminated: code, severity, title in
 * Chinese and English, the GB/T 1.1-2020 clause it rests on, and flags. */
enum { CHECK_ON = 1,          /* run by default (precision >= 0.9 on real texts) */
       CHECK_SCORED = 2 };    /* its findings count in the quality indicator */
struct check_info {
	const char *code, *severity, *title_zh, *title_en, *rule;
	unsigned flags;
};
extern const struct check_info check_catalogue[];
/* The catalogue entry of code, or NULL. */
const struct check_info *check_lookup(const char *code);
/* indicators.c */
void score_indicators(struct analyzer *a, struct adoc *d);

/* store.c */
struct results;
struct results *results_open(sqlite3 *db, char *err, size_t errlen);
void results_close(struct results *r);
int store_results(struct results *r, const struct config *cfg, const struct adoc *d,
		  int64_t run_id, char *err, size_t errlen);
int store_checks(sqlite3 *db, char *err, size_t errlen);

/* rank.c: rank the current document of every standard for run_id from
 * the stored indicators.  Returns the number ranked, or -1 with err. */
long rank_documents(sqlite3 *db, const struct config *cfg, int64_t run_id,
		    char *err, size_t errlen);

/* explain.c: print the analysis of one document (by code, code without
 * year, source URL or path), with the stored numbers behind each number. */
int explain(sqlite3 *db, const char *code, FILE *out, char *err, size_t errlen);

/* evaluate.c: compare the stored classification with LABELS.tsv. */
int evaluate(sqlite3 *db, const char *labels, FILE *out, char *err, size_t errlen);

/* Helpers shared by the parts (util in classify.c). */
/* Copy at most max characters of s (UTF-8) into the arena, "…" when cut. */
const char *excerpt(struct arena *ar, const char *s, size_t max_chars);

#endif
