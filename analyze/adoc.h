/* adoc.h - one extracted document as analyze reads it back from the
 * database, and what analyze makes of it.
 *
 * Strings live in the document's arena (reset per document); the arrays
 * are reused between documents. */
#ifndef PEIYOU_ADOC_H
#define PEIYOU_ADOC_H

#include <sqlite3.h>
#include <stdint.h>
#include "arena.h"
#include "config.h"
#include "vec.h"

struct aclause {
	const char *num, *parent, *kind, *heading, *text, *role;
	int level;
	int requirement, recommendation, permission, possibility;
	int n_children;
	int chapter;            /* number of its chapter; 0 in annexes */
	const char *prov_json;  /* its provisions as stored, until load_provisions */
	size_t prov_json_len;
};

struct aprov {
	int clause;             /* index in clauses */
	const char *type, *verb, *text;
};

struct aterm { const char *num, *zh, *en, *definition, *source; };
struct aref { const char *kind, *code, *year, *title, *clause, *raw; int all_parts; };
struct aanom { const char *kind, *clause, *detail; };
struct atoc { const char *num, *heading, *page; };

/* One drafting finding (checks.c).  message: what is wrong, where, by which
 * rule, and the fix, in the run's language; detail: the fact it rests on
 * (the word, code, term or numbering anomaly), for queries. */
struct finding {
	const char *code, *severity, *clause, *excerpt, *message, *detail;
};

/* The drafting rules a document was written to (rules.c). */
enum rules_basis { RULES_2020, RULES_2009, RULES_2000 };
struct rules {
	enum rules_basis basis;      /* edition of GB/T 1.1 it follows */
	int hj;                      /* environmental HJ conventions (适用范围, 引用标准) */
	int engineering;             /* engineering code (GB 50xxx, JGJ, CJJ, CECS): 总则, 术语, 基本规定 */
	int terminology;             /* a terminology standard: its terms are its content */
	int draft;                   /* 征求意见稿, 送审稿 or 报批稿 */
	const char *why;             /* what decided the basis, for the STR-09 message */
};

struct indicator {
	const char *name;
	double score;
	const char *inputs;     /* JSON object */
};

/* What category_evidence stores (docs/analyze.md, "Evidence").  kind:
 *   lexicon  a lexicon term in a zone: points = weight x zone factor x (1 + ln count)
 *   code     a code-table row matched by the document's ICS, CCS or industry
 *            code (zone "ics", "ccs", "industry"): points = the row's weight
 *   subject  a cue of the subject type (zone "title" or "scope")
 *   ngram    an n-gram the model knows: weight = its weight for the class,
 *            points = what it adds to the class's logit
 *   logit    one part of a class's logit (term: bias, ngrams, lexicon,
 *            field, codes, subject, rest; "total"; "probability" in
 *            percent), for the classes that decided */
enum ev_kind { EV_LEXICON, EV_CODE, EV_SUBJECT, EV_NGRAM, EV_LOGIT, NEVKIND };
extern const char *const ev_kind_name[NEVKIND];

struct evidence {
	int kind;               /* enum ev_kind */
	int cat;                /* class index (CLASS_NONE: 无), -1 field word or none */
	const char *term;
	const char *zone;       /* static */
	int count;
	double weight, points;
	double factor;          /* lexicon: the zone's factor; code: classify.zone.code; 0: none */
};

struct adoc {
	struct arena arena;
	int64_t id;
	const char *code, *code_prefix, *code_number, *code_year, *title_zh, *title_en, *status;
	const char *published, *effective, *drafting_basis, *orgs, *drafters;
	const char *header_code, *header_code_other, *sha256;
	const char *source_format, *publisher, *proposer, *responsible;
	/* platform metadata (migration 7); the issuer is publisher */
	const char *ics, *ccs, *industry, *org_scope, *authority, *committee;
	const char *page_scope, *main_content;
	int metadata_only;      /* a detail page without the standard's text */
	int patent_notice;      /* the cover asks for patent information (drafts must) */
	int chars, extractor_version;
	VEC(const char *) elements;
	VEC(struct aclause) clauses;
	VEC(struct aprov) provs;
	VEC(struct aterm) terms;
	VEC(struct aref) refs;
	VEC(struct aanom) anomalies;
	VEC(struct atoc) toc;
	/* results */
	double score[NCAT];     /* probability of each category, percent */
	double none_score;      /* probability of 无 (not in the field), percent */
	double title_field;     /* in-field log-odds from title, scope and codes alone
				 * (the part of the model trained on labelled titles) */
	int primary;            /* category index, -1 not in the field */
	int secondary[NCAT];
	int subject;            /* enum subject */
	const char *tie;        /* NULL, or how a near tie was broken */
	VEC(struct evidence) evidence;
	VEC(char) orient;       /* per orientation term: found in the text */
	struct rules rules;     /* checks.c, before the checks */
	VEC(struct finding) findings;
	struct indicator ind[6];
};

enum indicator_id { I_RELEVANCE, I_COMPLETENESS, I_QUALITY, I_TECHNICAL, I_CURRENCY, I_ORIENTATION };
extern const char *const indicator_name[6];

struct loader;
/* Prepared statements for reading documents back; NULL with err on failure. */
struct loader *loader_open(sqlite3 *db, char *err, size_t errlen);
void loader_close(struct loader *l);
/* Fill d with document id, all but its provisions.  Returns 0, or -1 with
 * err. */
int load_document(struct loader *l, int64_t id, struct adoc *d, char *err, size_t errlen);
/* Fill d->provs from the clauses' stored JSON (no database access, so the
 * analysis thread does it). */
void load_provisions(struct adoc *d);
void adoc_free(struct adoc *d);

#endif
