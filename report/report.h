/* report.h - peiyou-report: the model of what a report shows, and the
 * writers that render it.
 *
 * model.c loads everything a report needs from the database (the v_*
 * views, plus the findings' details and the check titles) into one
 * struct model, in memory; changes.c compares it with what the previous
 * report run saw (the report_* tables of migration 5) and, after the files
 * are written, replaces that baseline.  The writers (html.c with svg.c,
 * markdown.c, csv.c, json.c) only read the model and append to a buffer;
 * files.c puts the buffers into the output directory atomically.
 *
 * Ownership: every string in the model is owned by the model and freed by
 * model_free(); writers never keep pointers into it. */
#ifndef PEIYOU_REPORT_H
#define PEIYOU_REPORT_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "vec.h"

/* The six indicators of analyze, in the order reports show them. */
enum { IND_RELEVANCE, IND_COMPLETENESS, IND_QUALITY, IND_TECHNICAL, IND_CURRENCY,
       IND_ORIENTATION, IND_COUNT };
extern const char *const indicator_key[IND_COUNT];   /* "relevance" ... */
extern const char *const indicator_label[IND_COUNT]; /* "相关性" ... */

/* Severities of findings, most severe first. */
enum { SEV_ERROR, SEV_WARNING, SEV_INFO, SEV_COUNT };
extern const char *const severity_key[SEV_COUNT];    /* "error" ... */

/* The eight categories of T/NSSQ X-2022 chapter 4, in its order. */
#define CATEGORY_COUNT 8
extern const char *const category_names[CATEGORY_COUNT];

struct finding {
	char *check, *title;        /* LANG-03, its title from the checks table */
	int severity;               /* SEV_* */
	char *clause, *excerpt, *detail;   /* each may be NULL */
	int clause_shown;           /* the clause's text is in the document's clauses */
};

/* A clause that a finding concerns (only those are kept). */
struct clause {
	char *num, *heading, *text;
};

struct doc {
	int64_t id;
	char *code, *title_zh, *title_en, *status, *published, *effective, *source;
	char *sha256, *fetch_state;
	int analysed;               /* has an analysis row */
	char *category;             /* primary category; NULL when not in the field */
	double field_score;
	int has_indicator[IND_COUNT];
	double indicator[IND_COUNT];
	int ranked;                 /* has a row in the latest ranking */
	double improvement_score, excellence_score;
	long improvement_rank, excellence_rank;     /* 0: not ranked */
	long clauses, provisions, requirements;
	long by_severity[SEV_COUNT];
	VEC(struct finding) findings;   /* most severe first, then document order */
	VEC(struct clause) cited;       /* clauses concerned by findings, document order */
};

/* A label and how many documents have it. */
struct tally {
	char *label;
	long n;
};

enum change_kind { CH_NEW, CH_CHANGED, CH_WITHDRAWN, CH_RANK, CH_FINDING_NEW,
		   CH_FINDING_RESOLVED, CH_KIND_COUNT };
extern const char *const change_key[CH_KIND_COUNT];  /* "new", "changed", ... */

struct change {
	enum change_kind kind;
	int64_t doc_id;
	char *code, *title;
	char *detail;               /* human readable: "content", "status 现行 → 废止" */
	/* CH_RANK */
	const char *ranking;        /* "improvement" or "excellence" (static) */
	long from, to;              /* 0: not ranked then */
	/* CH_FINDING_* */
	char *check, *clause, *excerpt;
};

struct changes {
	int first;                  /* no previous report: nothing to compare */
	int64_t since_run;          /* the previous report run */
	char since[32];             /* its start time */
	VEC(struct change) v;       /* grouped by kind, in change_kind order */
	long count[CH_KIND_COUNT];
};

#define HIST_BINS 10

struct model {
	char generated[21];         /* UTC, ISO 8601 */
	const char *db_path;        /* not owned */
	int64_t run_id;             /* this report's run */
	int64_t ranking_run;        /* the analyze run of the rankings shown; 0: none */
	char ranking_time[32];
	int top;                    /* candidates shown in HTML and Markdown */
	int per_doc;                /* findings listed per standard in HTML (0: all) */
	VEC(struct doc) docs;       /* by code */
	VEC(size_t) improvement;    /* indices into docs, by improvement rank */
	VEC(size_t) excellence;     /* by excellence rank */
	VEC(struct tally) by_category;   /* the eight, then others, then 领域外 */
	VEC(struct tally) by_status;
	VEC(struct tally) by_check;      /* findings per check code, most first */
	long hist_improvement[HIST_BINS], hist_excellence[HIST_BINS];
	long findings, by_severity[SEV_COUNT];
	long in_field, not_analysed;
	long extract_failures;      /* rows of v_extract_failures */
	struct changes changes;
};

/* model.c: load the model.  Returns 0, or -1 with a message in err (the
 * model is then partly filled; model_free() it all the same). */
int model_load(sqlite3 *db, struct model *m, char *err, size_t errlen);
void model_free(struct model *m);
/* The document with this id, or NULL. */
struct doc *model_doc(struct model *m, int64_t id);

/* changes.c: fill m->changes by comparing m with the baseline. */
int changes_compute(sqlite3 *db, struct model *m, char *err, size_t errlen);
/* Replace the baseline with m and record m->changes under m->run_id, in one
 * transaction. */
int changes_commit(sqlite3 *db, const struct model *m, char *err, size_t errlen);
void changes_free(struct changes *c);

/* esc.c: escaping of untrusted text for each output format. */
void html_escape(struct buf *b, const char *s);        /* text and attribute values */
void html_escape_n(struct buf *b, const char *s, size_t n);
void md_escape(struct buf *b, const char *s);          /* inline Markdown, table cells */
void csv_field(struct buf *b, const char *s);          /* RFC 4180 */
/* Cut s to at most max characters (UTF-8 aware), appending "…" when cut.
 * Returns a new string owned by the caller. */
char *text_cut(const char *s, size_t max);

/* svg.c: charts as inline SVG elements (labels escaped). */
void svg_bar_chart(struct buf *b, const char *title, const struct tally *t, size_t n);
void svg_histogram(struct buf *b, const char *title, const long bins[HIST_BINS]);
void svg_indicator_bars(struct buf *b, const struct doc *d);

/* The writers: each appends one whole file to out. */
void write_html(struct buf *out, const struct model *m);
void write_markdown(struct buf *out, const struct model *m);
void write_candidates_csv(struct buf *out, const struct model *m);
void write_findings_csv(struct buf *out, const struct model *m);
void write_documents_csv(struct buf *out, const struct model *m);
/* report.json; returns 0 or -1 (out of memory in jansson). */
int write_json(struct buf *out, const struct model *m);

/* files.c: an output directory written atomically, file by file.  Each
 * file goes to a temporary name in the directory, is flushed to disk, and
 * all are renamed into place together by outdir_commit(), so that a reader
 * sees each file either whole old or whole new. */
struct outdir {
	char *dir;                  /* owned */
	VEC(char *) tmp, final;     /* owned paths */
};
int outdir_open(struct outdir *o, const char *dir, char *err, size_t errlen);
int outdir_add(struct outdir *o, const char *name, const struct buf *content,
	       char *err, size_t errlen);
int outdir_commit(struct outdir *o, char *err, size_t errlen);
/* Removes temporary files not committed, frees everything. */
void outdir_close(struct outdir *o);

#endif
