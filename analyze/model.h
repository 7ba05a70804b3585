/* model.h - the learned part of classification: a multinomial logistic
 * regression over nine classes (the eight categories and 无, not in the
 * field).
 *
 * A record (a standard's title, its scope, its codes, and for a full text
 * its other zones) is turned into features by classify.c:
 *   - the character n-grams (1 to 4 characters) of the title and the scope;
 *   - per class, ln(1 + lexicon points) of the title and of the scope (for
 *     无, the points of the lexicon's signs of "not in the field"); the
 *     matching code-table rows count with the title's terms, as
 *     classify.zone.code x their weight (codes are few in labelled titles:
 *     a weight of their own could not be learnt);
 *   - ln(1 + points of the field-only words and "in the field" code rows)
 *     (against 无);
 *   - the subject type (product, method, service ...).
 * The logit of class c is a bias, plus the n-grams' weights for c, plus
 * one weight per kind of lexicon and code evidence shared by the classes
 * ("tied": a sign of 无 weighs as much as a term of a category), plus, for
 * 无, a weight per subject type (a product or a test method argues against
 * the field, a service for it), plus a fixed part for the zones a
 * title-and-scope training set does not have (terms, headings, body,
 * issuer, content: classify.rest x the class's share of their points).
 * Probabilities are softmax(logits / temperature); the temperature is
 * fitted on held-out predictions when the model is trained, so that a
 * probability of 0.8 means right about 8 times in 10.  The relevance
 * indicator is the in-field log-odds of the title, scope and codes over
 * relevance_logodds (the 98th percentile of the held-out in-field
 * training rows): 100 is as clear as the clearest fiftieth of real
 * standards in the field, 0 even odds or worse.
 *
 * The model file (data/model.tsv) is written by peiyou-analyze --train
 * (learn.c) and read here; its format is described atop model.c.
 * Everything a struct model points to is owned by it (model_free). */
#ifndef PEIYOU_MODEL_H
#define PEIYOU_MODEL_H

#include <stddef.h>
#include <stdint.h>
#include "arena.h"

#define NCAT 8                  /* the eight categories of T/NSSQ X-2022 */
#define NCLASS (NCAT + 1)       /* and 无 */
#define CLASS_NONE NCAT

/* What a standard is about, from its title's pattern and its scope's
 * verbs (subject.c).  Never reorder: the model file names them. */
enum subject { SUBJ_UNKNOWN, SUBJ_PRODUCT, SUBJ_METHOD, SUBJ_SERVICE, SUBJ_MANAGEMENT,
	       SUBJ_DATA, SUBJ_TERMS, SUBJ_ENGINEERING, NSUBJ };
extern const char *const subject_name[NSUBJ];   /* "unknown", "product", ... */
extern const char *const subject_label[NSUBJ];  /* "未识别", "产品", ... */
int subject_index(const char *name);            /* -1 when unknown */

/* The shared ("tied") weights: each multiplies one feature value per class. */
enum tied { T_LEX_TITLE, T_LEX_SCOPE, T_FIELD, NTIED };
extern const char *const tied_name[NTIED];

/* Where n-grams come from. */
enum { G_TITLE, G_SCOPE };

struct features {
	double lex_title[NCLASS], lex_scope[NCLASS];  /* ln(1 + lexicon points; codes
						       * with the title) */
	double field;            /* ln(1 + field-word points of title, scope, codes) */
	int subject;             /* enum subject */
	double offset[NCLASS];   /* the fixed part (classify.rest) */
	const char *title, *scope;   /* NFKC text for the n-grams; may be NULL */
};

/* Value of tied feature t for class c. */
double tied_value(const struct features *f, int t, int c);

/* Every n-gram of text: emit(ctx, gram, bytes, value) once per distinct
 * n-gram (value: 1 for the title, scope_factor for the scope).  Text is
 * cut at spaces and punctuation; digits count as "0", Latin letters are
 * folded to lower case; a title's last characters also give n-grams ending
 * in "$" (how a title ends says what kind of standard it is). */
void ngrams_each(const char *text, int zone, double value,
		 void (*emit)(void *ctx, const char *gram, size_t n, double value), void *ctx);

/* A string -> index table (open addressing). */
struct gram_table {
	struct arena arena;      /* the keys */
	const char **key;        /* n of them */
	uint32_t *slot;          /* index + 1, 0 empty; cap slots (a power of two) */
	size_t n, cap, keycap;
};
long gram_find(const struct gram_table *t, const char *g, size_t n);   /* -1 when absent */
long gram_add(struct gram_table *t, const char *g, size_t n);          /* its index */
void gram_table_free(struct gram_table *t);

struct model {
	int loaded;
	char version[32];
	char trained_on[512];    /* what the labels were */
	char lexicon_hash[17];   /* config.lexicon_hash when trained */
	long rows;               /* training rows */
	double lambda, balance;  /* the chosen regularisation and class balance */
	double temperature, scope_factor;
	double relevance_logodds; /* in-field log-odds of full relevance: the 98th
				   * percentile over the held-out in-field training rows */
	double bias[NCLASS];
	double tied[NTIED];
	double subject[NSUBJ];   /* what each subject type adds to the logit of 无 */
	struct gram_table grams;
	double *w;               /* grams.n x NCLASS weights (owned) */
};

/* Parts of a logit, for --explain and the evidence rows. */
enum part { P_BIAS, P_NGRAM, P_LEXICON, P_FIELD, P_SUBJECT, P_REST, NPART };
extern const char *const part_name[NPART];

/* Read path into m.  Returns 0, 1 when the file does not exist (m is then
 * empty, not loaded), or -1 with "path:line: problem" in err. */
int model_load(struct model *m, const char *path, char *err, size_t errlen);
/* Write m to path (atomically: a temporary file renamed).  Returns 0, or
 * -1 with a message. */
int model_write(const struct model *m, const char *path, char *err, size_t errlen);
void model_free(struct model *m);

/* The logits of f, and (parts may be NULL) what each part gave each class. */
void model_logits(const struct model *m, const struct features *f, double z[NCLASS],
		  double parts[NPART][NCLASS]);
/* softmax(z / temperature); softmax(z / t). */
void model_probs(const struct model *m, const double z[NCLASS], double p[NCLASS]);
void softmax(const double z[NCLASS], double p[NCLASS], double t);

/* The n-grams of f the model knows: fn(ctx, gram, zone, value, weights)
 * with weights[NCLASS] (pointers into m). */
void model_each_gram(const struct model *m, const struct features *f,
		     void (*fn)(void *ctx, const char *gram, int zone, double value,
				const double *w), void *ctx);

#endif
