/* metrics.c - see metrics.h.  Macro-F1 averages over the classes that
 * were labelled at least once (a class with no labels has no recall to
 * speak of; a wrong prediction of it still counts, against the recall of
 * the class that was labelled).  The in-field accuracy counts a record right when both label
 * and prediction are 无, or both are one of the eight (whichever). */
#include "metrics.h"
#include "config.h"

#include <string.h>

void confusion_add(struct confusion *c, int label, int predicted)
{
	c->m[label][predicted]++;
}

void confusion_scores(const struct confusion *c, struct scores *s)
{
	memset(s, 0, sizeof *s);
	double f1sum = 0;
	for (int k = 0; k < NCLASS; k++) {
		long tp = c->m[k][k], fp = 0, fn = 0;
		for (int j = 0; j < NCLASS; j++) {
			s->total += c->m[k][j];
			if (j != k) {
				fp += c->m[j][k];
				fn += c->m[k][j];
			}
			if ((k == CLASS_NONE) == (j == CLASS_NONE))
				s->field_correct += c->m[k][j];
		}
		s->correct += tp;
		s->labels[k] = tp + fn;
		if (tp + fn == 0)
			continue;
		s->p[k] = tp + fp ? (double)tp / (tp + fp) : 0;
		s->r[k] = tp + fn ? (double)tp / (tp + fn) : 0;
		s->f1[k] = s->p[k] + s->r[k] > 0 ? 2 * s->p[k] * s->r[k] / (s->p[k] + s->r[k]) : 0;
		f1sum += s->f1[k];
		s->classes++;
	}
	s->accuracy = s->total ? (double)s->correct / s->total : 0;
	s->field_accuracy = s->total ? (double)s->field_correct / s->total : 0;
	s->macro_f1 = s->classes ? f1sum / s->classes : 0;
}

/* Column width of a class name in the matrix: its characters, two per
 * CJK character. */
static int width(const char *s)
{
	int w = 0;
	for (const unsigned char *u = (const unsigned char *)s; *u; u++)
		if ((*u & 0xC0) != 0x80)
			w += *u >= 0xE0 ? 2 : 1;
	return w;
}

static void pad(FILE *out, const char *s, int cols)
{
	fputs(s, out);
	for (int w = width(s); w < cols; w++)
		fputc(' ', out);
}

void scores_print(FILE *out, const char *title, const struct confusion *c, int matrix)
{
	struct scores s;
	confusion_scores(c, &s);
	if (title)
		fprintf(out, "%s\n", title);
	fprintf(out, "  %-14s %9s %9s %9s %7s\n", "class", "precision", "recall", "F1", "labels");
	for (int k = 0; k < NCLASS; k++) {
		long pred = 0;
		for (int j = 0; j < NCLASS; j++)
			pred += c->m[j][k];
		if (!s.labels[k] && !pred)
			continue;
		fputs("  ", out);
		pad(out, class_name[k], 14);
		if (s.labels[k])
			fprintf(out, " %9.3f %9.3f %9.3f %7ld\n", s.p[k], s.r[k], s.f1[k], s.labels[k]);
		else
			fprintf(out, " %9s %9s %9s %7ld   (predicted %ld times, never labelled)\n", "-", "-",
				"-", 0L, pred);
	}
	fprintf(out, "  accuracy %.3f (%ld of %ld), macro-F1 %.3f over the %d classes labelled,"
		" in-field/无 accuracy %.3f (%ld of %ld)\n", s.accuracy, s.correct, s.total,
		s.macro_f1, s.classes, s.field_accuracy, s.field_correct, s.total);
	if (!matrix)
		return;
	fprintf(out, "  confusion (rows: label, columns: predicted, numbered as the rows):\n");
	fputs("  ", out);
	pad(out, "", 14);
	for (int j = 0; j < NCLASS; j++)
		fprintf(out, " %5d", j + 1);
	fputc('\n', out);
	for (int k = 0; k < NCLASS; k++) {
		char head[64];
		snprintf(head, sizeof head, "%d %s", k + 1, class_name[k]);
		fputs("  ", out);
		pad(out, head, 14);
		for (int j = 0; j < NCLASS; j++)
			fprintf(out, " %5ld", c->m[k][j]);
		fputc('\n', out);
	}
}
