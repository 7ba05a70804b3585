/* doc.h - what extraction finds in one standard.
 *
 * Every string a struct doc points to lives in doc->arena, or is the tail
 * of a line of the extractor's repaired text (paragraph texts, headings:
 * no copy needed, as each line ends with a NUL there); both die with the
 * next extraction (doc_reset) or doc_free.  The arrays are reused between
 * documents.  Nothing here is written to the database or printed: store.c
 * and json.c do that. */
#ifndef PEIYOU_DOC_H
#define PEIYOU_DOC_H

#include <stdint.h>
#include "arena.h"
#include "modal.h"
#include "vec.h"

struct converted;

/* enum prov_type: lib/modal.h */
extern const char *const prov_type_name[PROV_N];

enum clause_kind { CK_CHAPTER, CK_CLAUSE, CK_ANNEX, CK_ANNEX_CLAUSE };
extern const char *const clause_kind_name[4];

enum para_kind { PARA_TEXT, PARA_ITEM, PARA_NOTE, PARA_EXAMPLE };

/* A paragraph (one line of the repaired text) inside a clause. */
struct para {
	enum para_kind kind;
	const char *text;       /* without its marker */
	const char *marker;     /* "a)", "1)", "—", "注1", "示例"; NULL for text */
	int level;              /* list level: 1 (a), dash), 2 (1), ·) */
	uint32_t line;
	uint32_t off;           /* byte offset of text in its clause's text (what
				 * clauses.items and clauses.notes store) */
	uint32_t len;           /* strlen(text) */
};

struct clause {
	const char *num;        /* "5", "5.1.2", "A", "A.1" */
	int level;              /* number of components: chapter/annex 1 */
	int parent;             /* index in doc.clauses, -1 for chapters and annexes */
	enum clause_kind kind;
	const char *heading;    /* NULL when untitled */
	const char *role;       /* annexes: "规范性" / "资料性" / NULL */
	const char *text;       /* paragraphs and list items, '\n'-joined; built at the end */
	uint32_t text_len;      /* its bytes */
	size_t first_para, n_para; /* its paragraphs: doc.paras[first_para ..] */
	uint32_t line, start, end; /* first line; byte range in the repaired text */
	int prov[PROV_N];
	/* Its JSON columns (store_prepare; NULL when empty or not prepared):
	 * list items, notes and examples, provisions. */
	const char *items_json, *notes_json, *provs_json;
	int last_child;         /* last component value of the latest child */
	int jump_from;          /* after a gap in its children's numbers, the
				 * number the sequence skipped (last_child + 1
				 * before the gap); negative once the child that
				 * jumped proved misnumbered (its own children
				 * went back under an earlier sibling): the
				 * sequence may then resume there; 0 none */
	int n_children;
};

struct term {
	const char *num, *zh, *en, *definition, *notes, *source;
};

enum ref_kind { REF_NORMATIVE, REF_BIBLIOGRAPHY, REF_CITED };
extern const char *const ref_kind_name[3];

struct ref {
	enum ref_kind kind;
	const char *code;       /* "GB/T 15624" (no year), NULL for non-standard entries */
	const char *year;       /* "2011", NULL when undated */
	const char *title;
	int all_parts;          /* "(所有部分)" */
	const char *clause;     /* cited: the clause citing it ("前言" for the foreword) */
	const char *raw;        /* the entry or the cited text as written */
};

struct anomaly {
	const char *kind;       /* gap, duplicate, out_of_order, misplaced, level_skip, too_deep, item_sequence, ... */
	const char *clause;
	const char *detail;
};

struct toc_entry {
	const char *num, *heading, *page;
};

struct provision {
	int clause;             /* index in doc.clauses */
	enum prov_type type;
	const char *verb;       /* the modal verb as written: "应", "不应", "可以" ... */
	uint32_t start, len;    /* the sentence as a byte range of the clause's text */
};

struct element {
	const char *name;
	uint32_t line;
};

struct doc {
	struct arena arena;
	const char *code;        /* "T/NQSS X-2022" as on the cover */
	const char *code_prefix, *code_number, *code_year;
	const char *title_zh, *title_en;
	const char *ics, *ccs;           /* "03.080", "A 12": from the cover or a platform page */
	const char *stage;       /* 征求意见稿 / 送审稿 / 报批稿 or NULL */
	const char *status;      /* what v_documents.status shows: the stage for drafts */
	const char *published, *effective;   /* "2022-XX-XX" placeholders kept */
	const char *proposer, *responsible, *drafting_basis;
	int orgs_line, drafters_line;        /* the foreword lines exist */
	VEC(const char *) orgs;
	VEC(const char *) drafters;
	const char *header_code, *header_code_other;
	int page_headers, page_numbers;
	const char *issuer;      /* the cover's "……发布" line: who issues it, NULL none */
	int patent_notice;       /* the cover asks for patents ("在提交反馈意见时，请将您
				  * 知道的相关专利连同支持性文件一并附上"): what a draft's
				  * cover must carry */
	/* What a platform's detail page states besides (convert.h, struct
	 * conv_meta): 国民经济分类, the issuing organisation's category and
	 * business scope, 主管部门, 归口单位, the page's drafters and drafting
	 * organisations, 范围, 主要技术内容, the patent flag, the text's link and
	 * the other labels (JSON); NULL when the page does not say. */
	const char *industry, *org_category, *org_scope, *authority, *committee;
	const char *page_drafters, *page_orgs, *page_scope, *main_content, *patent, *text_url;
	const char *platform_meta;
	int metadata_only;       /* a detail page without the standard's text */
	VEC(struct element) elements;
	VEC(struct clause) clauses;
	VEC(struct para) paras;
	VEC(struct term) terms;
	VEC(struct ref) refs;
	VEC(struct anomaly) anomalies;
	VEC(struct toc_entry) toc;
	VEC(struct provision) provisions;
	int prov_total[PROV_N];
	size_t chars;            /* bytes of normalised text */
	const struct converted *conv; /* how the text was made (convert.h); owned by the extractor */
	int lines;               /* lines after repair */
	int rows_ready;          /* store_prepare() has run */
};

void doc_reset(struct doc *d);
void doc_free(struct doc *d);

#endif
