/* checks.h - what the drafting checks share: the finding they record and
 * the small text helpers they use.  Only checks.c, rules.c and the
 * check-*.c files include it; the stage sees run_checks() (analyze.h).
 *
 *   checks.c           the catalogue, finding(), the run over one document
 *   rules.c            which drafting rules a document follows
 *   check-structure.c  elements, scope, foreword, cover, contents (STR, META, CONT, TOC)
 *   check-numbering.c  clause numbers, hanging paragraphs, lists (NUM)
 *   check-refs.c       normative references and citations (REF)
 *   check-terms.c      terms and definitions (TERM)
 *   check-language.c   modal verbs, vague words, measurability (LANG)
 */
#ifndef PEIYOU_ANALYZE_CHECKS_H
#define PEIYOU_ANALYZE_CHECKS_H

#include "analyze.h"

#include <stddef.h>

/* One run of the checks over one document. */
struct checker {
	struct analyzer *a;
	struct adoc *d;
	int failed;             /* a pattern hit its match limit */
	size_t partial;         /* entries at the end of the contents the body lacks (it
				 * stops early: a partial copy), 0 none; what is never used
				 * or cited may be in the part that is missing */
	const char *partial_from; /* the first of those entries */
	const char *damaged;    /* a clause number OCR damaged ("4. '3.3.7"), NULL none:
				 * the numbering of such a text cannot be checked */
	int ocr;                /* the text is OCR's (converter Markdown, or damaged):
				 * its punctuation cannot be trusted */
	int markdown;           /* converter Markdown: list markers may be lost or merged */
};

/* The message in the run's language: both strings are checked as formats. */
#define MSG(k, zh, en) ((k)->a->lang_en ? (en) : (zh))

/* Record a finding of check code at clause (NULL: the whole document).
 * text[at, at + len) is what the check matched: the excerpt is centred on
 * it (text NULL: the clause's number and title, or for a finding on no
 * clause the document's code and title).  detail is the fact the finding
 * rests on (copied; NULL for none).  The message is fmt with its arguments; the
 * catalogue's rule ("GB/T 1.1-2020 7.3.4") is added in parentheses, or
 * rule when that is not NULL ("" for none).  A check that is off for this
 * run records nothing. */
void finding(struct checker *k, const char *code, const char *clause, const char *text,
	     size_t at, size_t len, const char *detail, const char *rule, const char *fmt, ...)
	__attribute__((format(printf, 9, 10)));

/* Dates as extract keeps them: "2020-10-01", also unpadded "2020-9-5";
 * a placeholder ("2022-XX-XX") is not known.  date_before: is date known
 * and before limit ("YYYY-MM-DD")? */
int date_known(const char *date);
int date_before(const char *date, const char *limit);

/* The drafting rules of d (rules.c). */
void detect_rules(const struct adoc *d, struct rules *r);
/* "GB/T 1.1-2020", "GB/T 1.1-2009" or "GB/T 1.1-2000": the edition it follows. */
const char *rules_edition(const struct rules *r);

/* Does line l (of a clause's text) start with a clause number OCR damaged
 * ("4. '3.3.7", "4.5. G.1.1")? */
int damaged_number_line(const char *l);

/* How many entries at the end of the contents the body lacks (a text that
 * stops early: a partial copy); *first gets the first of them. */
size_t toc_missing_tail(const struct adoc *d, const char **first);

/* The checks, by area (check-*.c); each records its findings. */
void check_structure(struct checker *k);
void check_numbering(struct checker *k);
void check_references(struct checker *k);
void check_terms(struct checker *k);
void check_language(struct checker *k);

/* ---- helpers (checks.c) ---- */
int has_element(const struct adoc *d, const char *name);
/* The first chapter whose heading contains word (equals it when exact). */
const struct aclause *find_chapter(const struct adoc *d, const char *word, int exact);
const struct aclause *clause_by_num(const struct adoc *d, const char *num);
/* The chapter that lists the normative references: 规范性引用文件, else 引用标准
 * (HJ), else 引用文件 (older texts); NULL none. */
const struct aclause *references_chapter(const struct adoc *d);
/* The first sub-clause of clause c (an element of d->clauses), or NULL. */
const struct aclause *first_child(const struct adoc *d, const struct aclause *c);
/* A placeholder in a code, number or date ("XX", "××", "xx", a lone "X")? */
int is_placeholder(const char *s);
/* First line of text (text itself when it has one line, else a copy in the
 * document's arena; NULL for NULL). */
const char *first_line(struct adoc *d, const char *text);
/* "7.1.2 服务流程": num (may be NULL) and title (may be NULL) joined by a
 * space, in d's arena; NULL when both are empty. */
const char *num_and_title(struct adoc *d, const char *num, const char *title);
int starts_with(const char *s, const char *prefix);
/* Publication year from the date, else from the code; 0 when unknown. */
int pub_year(const struct adoc *d);
/* Copy of s[0, n) in the document's arena. */
const char *dupn(struct adoc *d, const char *s, size_t n);

#endif
