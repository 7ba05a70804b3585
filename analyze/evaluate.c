/* evaluate.c - peiyou-analyze --evaluate LABELS.tsv: how well the stored
 * classification agrees with labels a person gave.
 *
 * LABELS.tsv: a header line naming the columns, two of them "file" and
 * "primary" (others are ignored), then a line per document; primary is one
 * of the eight category names or "-" (not in the field).  A
 * label matches the analysed document whose source is the file or ends in
 * "/file".  Prints each disagreement, per-category precision, recall and
 * F1 (nine classes: the eight and "not in the field"), accuracy, macro-F1,
 * the in-field accuracy and the confusion matrix (metrics.c), and last a
 * JSON line with the figures. */
#include "analyze.h"
#include "buf.h"
#include "db.h"
#include "fileio.h"
#include "metrics.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Primary class of the document whose source is file or ends in /file;
 * -1 when no analysed document matches. */
static int predicted(sqlite3_stmt *st, const char *file)
{
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, file, -1, SQLITE_STATIC);
	int c = -1;
	if (sqlite3_step(st) == SQLITE_ROW) {
		const unsigned char *cat = sqlite3_column_text(st, 0);
		c = cat ? category_index((const char *)cat) : CLASS_NONE;
		if (c < 0)
			c = CLASS_NONE;
	}
	return c;
}

int evaluate(sqlite3 *db, const char *labels, FILE *out, char *err, size_t errlen)
{
	struct buf b = BUF_INIT;
	char msg[256];
	if (read_file(labels, &b, 16u << 20, msg, sizeof msg) != 0) {
		snprintf(err, errlen, "%s: %s", labels, msg);
		buf_free(&b);
		return -1;
	}
	sqlite3_stmt *st;
	if (db_prepare(db, "SELECT a.category FROM analysis a JOIN documents d ON d.id = a.doc_id"
		       " WHERE d.source = ?1 OR d.source LIKE '%/' || ?1 ORDER BY d.id DESC LIMIT 1",
		       &st, err, errlen) != 0) {
		buf_free(&b);
		return -1;
	}
	struct confusion cm;
	memset(&cm, 0, sizeof cm);
	long total = 0, missing = 0;
	int lineno = 0, rc = 0;
	int fcol = 0, pcol = 1;
	char *cursor = b.p, *line;
	while ((line = next_line(&cursor))) {
		if (*line == '#' || !*line)
			continue;
		char *f[16];
		int nf = split_fields(line, '\t', f, 16);
		if (++lineno == 1) {   /* the header names the columns */
			for (int k = 0; k < nf; k++) {
				if (strcmp(f[k], "file") == 0)
					fcol = k;
				else if (strcmp(f[k], "primary") == 0)
					pcol = k;
			}
			continue;
		}
		if (nf <= fcol || nf <= pcol) {
			snprintf(err, errlen, "%s:%d: expected a file and a primary category", labels, lineno);
			rc = -1;
			break;
		}
		line = f[fcol];
		char *prim = f[pcol];
		int want = class_index(prim);
		if (want < 0) {
			snprintf(err, errlen, "%s:%d: unknown category %s", labels, lineno, prim);
			rc = -1;
			break;
		}
		int got = predicted(st, line);
		if (got < 0) {
			fprintf(out, "not analysed: %s\n", line);
			missing++;
			continue;
		}
		total++;
		confusion_add(&cm, want, got);
		if (got != want)
			fprintf(out, "disagree: %s labelled %s, classified %s\n", line,
				want == CLASS_NONE ? "-" : class_name[want],
				got == CLASS_NONE ? "-" : class_name[got]);
	}
	sqlite3_finalize(st);
	buf_free(&b);
	if (rc)
		return -1;
	if (!total) {
		snprintf(err, errlen, "%s: no labelled document has been analysed", labels);
		return -1;
	}
	struct scores sc;
	confusion_scores(&cm, &sc);
	scores_print(out, NULL, &cm, 1);
	if (missing)
		fprintf(out, "some labelled files not analysed\n");
	fprintf(out, "{\"labelled\":%ld,\"correct\":%ld,\"accuracy\":%.4f,\"macro_f1\":%.4f,"
		"\"field_accuracy\":%.4f,\"not_analysed\":%ld}\n", total, sc.correct, sc.accuracy,
		sc.macro_f1, sc.field_accuracy, missing);
	return 0;
}
