/* report.h - peiyou-report: the model of what a report shows, and the
 * writers that render it.
 *
 * Memory stays bounded by the corpus-level summaries: model.c loads one
 * small row per document (metadata, scores, ranks, counts) and the
 * tallies and histograms into one struct model; the texts of a document
 * (its findings and the clauses they concern) are read by detail.c only
 * when a writer gets to that document, and freed after it.  changes.c
 * compares the model with what the previous report run saw (the report_*
 * tables of migration 5), reading the old findings one document at a time,
 * and, after the files are written, replaces that baseline.  The writers
 * (html.c with svg.c, markdown.c, csv.c, json.c) read the model and the
 * details and append to a sink's buffer, which files.c drains into a
 * temporary file in the output directory as it grows; all files are
 * renamed into place together.
 *
 * The caller holds one read transaction from model_load() until the files
 * (and the baseline) are written, so every file shows the same state.
 *
 * Ownership: every string in the model is owned by the model and freed by
 * model_free(), every string of a detail by detail_clear(); writers never
 * keep pointers into them. */
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
/* The SEV_ index of a severity key; SEV_INFO for NULL or an unknown one. */
int severity_of(const char *s);

/* The eight categories of T/NSSQ X-2022 chapter 4, in its order. */
#define CATEGORY_COUNT 8
extern const char *const category_names[CATEGORY_COUNT];

struct finding {
	char *check, *title;        /* LANG-03, its title from the checks table */
	int severity;               /* SEV_* */
	char *clause, *excerpt, *detail;   /* each may be NULL; detail: the fact */
	char *message;              /* what a person reads (NULL before schema 8) */
	int clause_shown;           /* the clause's text is in the document's clauses */
};

/* A clause that a finding concerns (only those are kept). */
struct clause {
	char *num, *heading, *text;
};

/* One standard: its current document (v_standard_documents), with the
 * others of the standard (other sources, older editions) counted. */
struct doc {
	int64_t id;
	char *code, *title_zh, *title_en, *status, *published, *effective, *source;
	char *standard;             /* the code without its year; NULL: no code */
	long others;                /* its other documents */
	char *other_docs;           /* "CODE SOURCE" of each, one a line; NULL: none */
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
	long findings;              /* how many; their texts are in a struct detail */
};

/* The texts of one document, read when it is written (detail.c). */
struct detail {
	VEC(struct finding) findings;   /* most severe first, then document order */
	VEC(struct clause) cited;       /* clauses concerned by findings, document order */
};

/* The prepared statements that read a document's detail, and the message
 * of the last error. */
struct reader {
	sqlite3 *db;
	sqlite3_stmt *findings, *clauses;
	char err[512];
};

/* A label and how many documents have it. */
struct tally {
	char *label;
	long n;
};

/* A check of the catalogue (the checks table): its code and the title
 * the report shows beside it. */
struct check {
	char *code, *title;
};

/* A fetched URL the report lists: failed, not public, gone or disallowed
 * (v_fetch_status). */
struct fetch_issue {
	char *url, *state, *code, *title, *error;
	long http_status;
};

enum change_kind { CH_NEW, CH_CHANGED, CH_WITHDRAWN, CH_RANK, CH_FINDING_NEW,
		   CH_FINDING_RESOLVED, CH_KIND_COUNT };
extern const char *const change_key[CH_KIND_COUNT];  /* "new", "changed", ... */
extern const char *const change_title[CH_KIND_COUNT]; /* "新增标准 · new standards", ... */

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

/* A histogram of the ranked scores on a scale that separates them: bins
 * of a round width (1, 2, 2.5 or 5 times a power of ten) from a round
 * start below the lowest score, at most HIST_BINS of them up to the
 * highest.  (Scores of one ranking often lie within a few points; bins of
 * ten from 0 to 100 put them all in one bar.) */
struct score_scale {
	double start, width;
	int bins;                   /* used: 1 .. HIST_BINS */
	long count[HIST_BINS];
};

/* A document id and its index in the model's docs. */
struct id_index {
	int64_t id;
	size_t i;
};

struct model {
	char generated[21];         /* UTC, ISO 8601 */
	const char *db_path;        /* not owned */
	int64_t run_id;             /* this report's run */
	int64_t ranking_run;        /* the analyze run of the rankings shown; 0: none */
	char ranking_time[32];
	int top;                    /* candidates shown in HTML and Markdown */
	int per_doc;                /* findings listed per standard in HTML (0: all) */
	VEC(struct doc) docs;       /* one per standard (its current document), by code */
	long documents;             /* documents extracted, all sources and editions */
	struct id_index *by_id;     /* docs.n entries sorted by id */
	VEC(size_t) improvement;    /* indices into docs, by improvement rank */
	VEC(size_t) excellence;     /* by excellence rank */
	VEC(struct tally) by_category;   /* the eight, then others, then 领域外 */
	VEC(struct tally) by_status;
	VEC(struct tally) by_check;      /* findings per check code, most first */
	VEC(struct check) checks;        /* the catalogue, by code */
	VEC(struct fetch_issue) fetch_issues; /* by state (failed first), then URL */
	long fetch_failed, fetch_not_public;
	long hist_improvement[HIST_BINS], hist_excellence[HIST_BINS];   /* 0-100 by 10 */
	struct score_scale scale_improvement, scale_excellence;        /* for the charts */
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
const struct doc *model_doc(const struct model *m, int64_t id);
/* The title of a check code (Chinese, from the checks table), or NULL. */
const char *check_title(const struct model *m, const char *code);
/* "获取失败 failed", "未公开 not public", ... for a fetch state (static). */
const char *fetch_state_label(const char *state);

/* detail.c: reading one document's findings and cited clauses at a time. */
int reader_open(struct reader *r, sqlite3 *db, char *err, size_t errlen);
void reader_close(struct reader *r);
/* Fill dt (cleared first) with the document's findings, at most max of
 * them (0: all), and, when clauses is set, the clauses they concern (with
 * each finding's clause_shown).  Returns 0, or -1 with r->err. */
int detail_load(struct reader *r, int64_t doc_id, size_t max, int clauses, struct detail *dt);
/* "LANG-03（要求中有含糊词）4.3 excerpt": a finding in one line, its
 * check's title beside the code, appended to b. */
void finding_summary(struct buf *b, const struct finding *f);
/* Frees the strings, keeps the arrays for the next document. */
void detail_clear(struct detail *dt);
void detail_free(struct detail *dt);

/* changes.c: fill m->changes by comparing m with the baseline (the old
 * findings are read per document with r). */
int changes_compute(sqlite3 *db, struct reader *r, struct model *m, char *err, size_t errlen);
/* Replace the baseline with m (its findings copied from the findings table
 * by SQL) and record m->changes under m->run_id.  Runs inside the caller's
 * transaction, the one the model was read in, so that the baseline is the
 * state the report showed; the caller commits. */
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
void svg_histogram(struct buf *b, const char *title, const struct score_scale *sc);
void svg_indicator_bars(struct buf *b, const struct doc *d);

/* A file being written: writers append to b and call sink_drain() after
 * each document, which writes b out once it holds SINK_CHUNK bytes.  A
 * write error is kept (err) and reported by outdir_finish(). */
#define SINK_CHUNK (256 * 1024)
struct sink {
	struct buf b;
	int fd;
	size_t bytes;               /* written to fd so far */
	int err;                    /* errno of the first failed write, or 0 */
};
void sink_drain(struct sink *s);

/* The writers: each writes one whole file to out, reading each document's
 * detail with r when it gets to it.  Return 0, or -1 with r->err. */
int write_html(struct sink *out, const struct model *m, struct reader *r);
int write_markdown(struct sink *out, const struct model *m, struct reader *r);
int write_candidates_csv(struct sink *out, const struct model *m, struct reader *r);
int write_findings_csv(struct sink *out, const struct model *m, struct reader *r);
int write_documents_csv(struct sink *out, const struct model *m, struct reader *r);
int write_json(struct sink *out, const struct model *m, struct reader *r);

/* files.c: an output directory written atomically, file by file.  Each
 * file goes to a temporary name in the directory (outdir_create), is
 * streamed there, flushed to disk (outdir_finish), and all are renamed
 * into place together by outdir_commit(), so that a reader sees each file
 * either whole old or whole new. */
struct outdir {
	char *dir;                  /* owned */
	VEC(char *) tmp, final;     /* owned paths */
};
int outdir_open(struct outdir *o, const char *dir, char *err, size_t errlen);
/* Start the file name: s writes to its temporary file. */
int outdir_create(struct outdir *o, const char *name, struct sink *s, char *err, size_t errlen);
/* Write the rest of s, sync and close its file, free its buffer; returns
 * 0, or -1 with err (also for an earlier write error of s). */
int outdir_finish(struct outdir *o, struct sink *s, char *err, size_t errlen);
int outdir_commit(struct outdir *o, char *err, size_t errlen);
/* Removes temporary files not committed, closes a sink's file left open
 * (s may be NULL), frees everything. */
void outdir_close(struct outdir *o, struct sink *s);

#endif
