/* metrics.h - how well predicted classes agree with labels: per-class
 * precision, recall and F1, macro-F1, accuracy, the in-field / 无
 * decision, and the confusion matrix, over the nine classes (the eight
 * categories and 无).  --evaluate and --cross-validate print the same
 * table from the same code. */
#ifndef PEIYOU_METRICS_H
#define PEIYOU_METRICS_H

#include <stdio.h>
#include "model.h"

struct confusion {
	long m[NCLASS][NCLASS];      /* [label][predicted] */
};

struct scores {
	long total, correct, field_correct;
	double accuracy, macro_f1, field_accuracy;
	int classes;                 /* classes labelled: macro-F1 averages over them */
	double p[NCLASS], r[NCLASS], f1[NCLASS];
	long labels[NCLASS];
};

void confusion_add(struct confusion *c, int label, int predicted);
void confusion_scores(const struct confusion *c, struct scores *s);
/* The per-class table, the summary line and (matrix 1) the confusion
 * matrix, headed by title (may be NULL). */
void scores_print(FILE *out, const char *title, const struct confusion *c, int matrix);

#endif
