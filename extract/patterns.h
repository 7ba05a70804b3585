/* patterns.h - the PCRE2 patterns of the extract stage.
 *
 * Each recognises one kind of line and starts with a literal or a narrow
 * class, anchored at the start of the line: the parser tries only the
 * patterns a line's first byte makes possible, so most lines cost one or
 * two JIT matches.  All are compiled once per run (patterns_init). */
#ifndef PEIYOU_PATTERNS_H
#define PEIYOU_PATTERNS_H

#include "regex.h"

enum pattern_id {
	P_NUMBERED,       /* "5.1.2 heading" / "6.1.1 text" / "3.1" / "1范围" */
	P_ANNEX_CLAUSE,   /* "A.1 heading" */
	P_ANNEX,          /* "附录A (规范性) title" */
	P_ROLE,           /* "(规范性)" / "(资料性附录)" */
	P_ITEM,           /* "a) text" / "1) text" */
	P_DASH,           /* "—— text" / "· text" */
	P_NOTE,           /* "注: text" / "注1: text" */
	P_EXAMPLE,        /* "示例: text" / "示例2: text" */
	P_BIBLIO,         /* "[1] text" */
	P_SOURCE,         /* "[来源: GB/T 20000.1-2014, 3.1]" */
	P_DATE,           /* "2022-XX-XX 发布", "… 发布 … 实施" */
	P_PROPOSER,       /* "本文件由……提出" */
	P_RESPONSIBLE,    /* "本文件由……归口" */
	P_ORGS,           /* "本文件起草单位: ……" */
	P_DRAFTERS,       /* "本文件主要起草人: ……" */
	P_TOC_ENTRY,      /* "5.1 一般要求 …… 2" */
	P_COUNT
};

struct patterns {
	struct rx rx[P_COUNT];
};

int patterns_init(struct patterns *p, char *err, size_t errlen);
void patterns_free(struct patterns *p);
/* Name of a pattern that failed to JIT-compile, or NULL when all did. */
const char *patterns_without_jit(const struct patterns *p);

#endif
