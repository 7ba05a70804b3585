/* analyze.h - the parts of the analyze stage and how they fit.
 *
 *   classify.c     the class of a standard (eight categories or 无): its
 *                  evidence (lexicon over zones by Aho-Corasick, codes,
 *                  subject) as features, the model's decision, ties
 *   codes.c        ICS, CCS and GB/T 4754 codes against the code tables
 *   subject.c      the subject type (product, method, service ...)
 *   model.c        the model: n-grams, the model file, logits (model.h)
 *   learn.c        fitting the model: labelled rows, L-BFGS, folds,
 *                  peiyou-analyze --train and --cross-validate (learn.h)
 *   metrics.c      precision, recall, F1, confusion matrices
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
#include "modal.h"
#include "regex.h"

/* What a run builds once from its configuration. */
struct analyzer {
	const struct config *cfg;
	struct aho words;            /* lexicon terms (cfg->lex order), then the
				      * orientation terms: one pass reads both */
	size_t nlex;                 /* words below this index are lexicon terms */
	int *twin;                   /* per lexicon term, the next term of the same
				      * text (in another class), -1: the automaton
				      * reports a repeated word once (owned) */
	struct aho vague;            /* vague words of requirements */
	VEC(const char *) orientation_terms;
	struct rx clause_ref;        /* "中5.3", "第5章", "表2" after a citation */
	struct rx measurable;        /* a number, unit, time limit or criterion */
	struct aho subjective;       /* qualities only judgement can tell (醒目, 方便):
				      * subjective_words, check-language.c */
	struct rx_ctx rc;
	struct arena arena;
	struct modal_filter modal;   /* the modal verbs' look-alikes (lib/modal.h) */
	int lang_en;                 /* messages in English (--lang en) */
	int all_checks;              /* also the checks that are off by default */
};

int analyzer_init(struct analyzer *a, const struct config *cfg, char *err, size_t errlen);
void analyzer_free(struct analyzer *a);

/* classify.c: the class with its evidence (d->score, d->primary,
 * d->secondary, d->evidence ...), and which orientation terms occur
 * (d->orient). */
void classify(const struct analyzer *a, struct adoc *d);
/* The model's features of d, and its lexicon, code and subject evidence
 * in d->evidence (what classify() starts with; learn.c trains on it).
 * f->title and f->scope point into d. */
void classify_features(const struct analyzer *a, struct adoc *d, struct features *f);
/* A document of a title, a scope (chapter 1 范围) and codes, as a labelled
 * row or a platform page gives them (strings copied into d's arena). */
void adoc_from_record(struct adoc *d, const char *title, const char *scope, const char *ics,
		      const char *ccs, const char *industry);

/* codes.c: every code of value (system enum code_system) with its most
 * specific row: fn(ctx, row, the code as found). */
void codes_match(const struct config *cfg, int system, const char *value,
		 void (*fn)(void *ctx, const struct code_row *row, const char *code), void *ctx);

/* subject.c: the subject type of a title and scope (either may be NULL),
 * with up to max of the cues that decided it in hits. */
struct subject_hit { const struct subject_cue *cue; };
int subject_detect(const struct config *cfg, const char *title, const char *scope,
		   struct subject_hit *hits, size_t max, size_t *nhits);
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

/* learn.c: peiyou-analyze --train LABELS.tsv (write the model to
 * model_out), --cross-validate LABELS.tsv (k folds, seed) and --test
 * LABELS.tsv (the model of a->cfg, read from model_path, predicts them). */
int train_model(const struct analyzer *a, const char *labels, const char *model_out,
		FILE *out, char *err, size_t errlen);
int cross_validate(const struct analyzer *a, const char *labels, int folds, unsigned seed,
		   FILE *out, char *err, size_t errlen);
int test_model(const struct analyzer *a, const char *labels, const char *model_path, FILE *out,
	       char *err, size_t errlen);

/* Helpers shared by the parts (util in classify.c). */
/* Copy at most max characters of s (UTF-8) into the arena, "…" when cut. */
const char *excerpt(struct arena *ar, const char *s, size_t max_chars);

#endif
