/* patterns.c - see patterns.h.  Patterns run on NFKC text in byte mode:
 * the literals are UTF-8 byte sequences, [\x80-\xff] is "a non-ASCII
 * character starts here".  So a character class must hold ASCII only: a
 * multi-byte character in a class would match its bytes one by one (write
 * an alternation, (?:…|·), instead).
 *
 * The subjects are single lines of the repaired text, which hold no '\n',
 * so the patterns are compiled with PCRE2_DOTALL: "." then means any byte,
 * as it does for such a line anyway, and the JIT takes a trailing (.*)
 * to the end of the line in one step instead of testing every byte for a
 * newline (most of the cost of P_NUMBERED, tried on every line that
 * starts with a digit). */
#include "patterns.h"

#include <stddef.h>

#define DOC "(?:文件|标准|部分|规范)"
#define DATE "([0-9X]{4}-(?:[0-9]{1,2}|XX)-(?:[0-9]{1,2}|XX))"
#define ROLE "(规 ?范 ?性|资 ?料 ?性|規 ?範 ?性|資 ?料 ?性)"

static const struct {
	enum pattern_id id;
	const char *name;
	const char *re;
} table[] = {
	{ P_NUMBERED, "numbered",
	  "^([0-9]{1,2}(?:\\.[0-9]{1,3}){0,6})(?|$| +(.*)$|(?=[\\x80-\\xff])(.*)$)" },
	{ P_ANNEX_CLAUSE, "annex-clause",
	  "^([A-Z](?:\\.[0-9]{1,3}){1,6})(?|$| +(.*)$|(?=[\\x80-\\xff])(.*)$)" },
	/* letter-spaced, traditional (附錄, 規範性, 資料性), the title after the
	 * role with or without a space: "附 录 B(资料性)区域性……示例" */
	{ P_ANNEX, "annex",
	  "^附 ?(?:录|錄) ?([A-Z])(?| ?\\( ?" ROLE "(?:附 ?(?:录|錄))? ?\\) *(.*)|()(?: +(.*))?)$" },
	{ P_ROLE, "annex-role", "^\\( ?" ROLE "(?:附 ?(?:录|錄))? ?\\)$" },
	{ P_ITEM, "item", "^([a-z]|[0-9]{1,2}) ?\\) ?(.*)$" },   /* "c )": OCR */
	{ P_DASH, "dash-item", "^(——|—|–|-|·|•|●) ?(.+)$" },
	{ P_NOTE, "note", "^注 ?([0-9]*) ?: ?(.*)$" },
	{ P_EXAMPLE, "example", "^示例 ?([0-9]*) ?:? ?(.*)$" },
	{ P_BIBLIO, "bibliography", "^\\[([0-9]{1,3})\\] ?(.*)$" },
	{ P_SOURCE, "term-source", "^\\[来源 ?: ?(.*)\\]$" },
	/* one date, or both on one line: "2024-12-24 发布 2024-12-24 实施" */
	{ P_DATE, "date",
	  "^" DATE " ?(发布|实施)(?: +" DATE " ?(发布|实施))?$" },
	{ P_PROPOSER, "proposer", "^本" DOC "由(.+?)(?:提出并归口|提出)" },
	{ P_RESPONSIBLE, "responsible", "^本" DOC "由(.+?)(?:提出并)?归口" },
	{ P_ORGS, "drafting-orgs", "^本" DOC "(?:的)?(?:主要|负责|参加|参与)?起草单位 ?: ?(.*)$" },
	{ P_DRAFTERS, "drafters", "^本" DOC "(?:的)?(?:主要)?起草人 ?: ?(.*)$" },
	{ P_TOC_ENTRY, "toc-entry",
	  "^(附 ?录 ?[A-Z]|[A-Z]\\.[0-9]{1,3}(?:\\.[0-9]{1,3})*|[0-9]{1,2}(?:\\.[0-9]{1,3})*)? ?"
	  "(.*?)(?:(?:[ .]|…|·)*([0-9]{1,3}|[IVX]{1,5}|Π))?$" },   /* Π: OCR's II */
};

int patterns_init(struct patterns *p, char *err, size_t errlen)
{
	size_t n = sizeof table / sizeof table[0];
	for (size_t i = 0; i < n; i++) {
		if (rx_compile(&p->rx[table[i].id], table[i].name, table[i].re, PCRE2_DOTALL, err,
			       errlen) != 0) {
			for (size_t k = 0; k < i; k++)
				rx_free(&p->rx[table[k].id]);
			return -1;
		}
	}
	return 0;
}

void patterns_free(struct patterns *p)
{
	for (int i = 0; i < P_COUNT; i++)
		rx_free(&p->rx[i]);
}

const char *patterns_without_jit(const struct patterns *p)
{
	for (int i = 0; i < P_COUNT; i++)
		if (!p->rx[i].jit)
			return p->rx[i].name;
	return NULL;
}
