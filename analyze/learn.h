/* learn.h - fitting the classification model (model.h) to labelled rows.
 *
 * A labelled row is a standard's title with its class, and what else the
 * labels file gives (scope, ICS, CCS, industry, confidence).  Each row
 * becomes a sample: the features classify_features() computes for a
 * document of that title and scope (lexicon, codes, subject), and the
 * row's n-grams.  The weights are fitted by minimising the weighted
 * cross-entropy with L2 regularisation (L-BFGS); the regularisation
 * lambda and the class balance (how much rare classes are weighted up)
 * are chosen by k-fold cross-validation inside the rows being trained on,
 * and the temperature is fitted on those held-out predictions.
 * learn.c holds all of it and the two commands (analyze.h). */
#ifndef PEIYOU_LEARN_H
#define PEIYOU_LEARN_H

#include <stddef.h>
#include "model.h"
#include "vec.h"

struct sample {
	int y;                  /* class */
	int high;               /* confidence "high" (or not stated) */
	double tv[NTIED][NCLASS];   /* tied feature values */
	double offset[NCLASS];
	int subject;
	long *gram;             /* ids into the set's n-gram table */
	double *gval;
	size_t ngram;
	const char *code, *title;   /* for the disagreement list */
	const char *scope, *ics, *ccs, *industry;   /* the rest of the record (NFKC) */
};

struct sample_set {
	VEC(struct sample) v;
	struct gram_table grams;    /* every n-gram of every sample */
	struct arena arena;
	char source[512];           /* what the rows are: file name, rows, digest */
};

struct hyper {
	double lambda, balance;
};

/* The fitted parameters of one model over a subset of a sample set. */
struct fit {
	long *map;              /* set gram id -> local id, -1: not used (grams.n) */
	size_t nlocal;
	long *local_gram;       /* local id -> set gram id */
	double *x;              /* parameters: bias, tied, subject, n-gram weights */
	size_t nx;
	int use_grams, use_tied;
};

#endif
