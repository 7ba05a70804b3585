/* rules.c - which drafting rules a document was written to.
 *
 * GB/T 1.1-2020 applies from 2020-10-01; GB/T 1.1-2009 from 2010-01-01
 * to then, GB/T 1.1-2000 before.  A standard is judged by the edition it
 * follows: the 2009 lead-ins ("下列文件对于本文件的应用是必不可少的"),
 * "本标准/本部分" and an optional normative-references chapter are right
 * in a 2009 text.  Besides the edition, some families follow conventions
 * of their own: environmental HJ standards (适用范围, 引用标准),
 * engineering construction codes (GB 50xxx, JGJ, CJJ, CECS: 总则, 术语,
 * 基本规定, their own modal words 必须/严禁), and terminology standards,
 * whose terms are their content.
 *
 * The edition is read, in order, from the foreword's drafting-basis
 * sentence, the lead-in of the normative references, the publication
 * date, and the wording of the scope. */
#include "checks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *rules_edition(const struct rules *r)
{
	return r->basis == RULES_2020 ? "GB/T 1.1-2020" : r->basis == RULES_2009 ? "GB/T 1.1-2009"
										: "GB/T 1.1-2000";
}

/* Is the code an engineering construction code? */
static int engineering_code(const struct adoc *d)
{
	const char *p = d->code_prefix ? d->code_prefix : "";
	static const char *const families[] = { "JGJ", "JGJ/T", "CJJ", "CJJ/T", "CECS", "DBJ",
		"DBJ/T", "JTG", "SL", NULL };
	for (const char *const *f = families; *f; f++)
		if (strcmp(p, *f) == 0)
			return 1;
	if ((strcmp(p, "GB") == 0 || strcmp(p, "GB/T") == 0) && d->code_number) {
		long n = strtol(d->code_number, NULL, 10);
		if (n >= 50000 && n < 60000)
			return 1;
	}
	return 0;
}

int date_known(const char *date)
{
	int y, m, dd;
	return date && sscanf(date, "%4d-%2d-%2d", &y, &m, &dd) == 3;
}

int date_before(const char *date, const char *limit)
{
	int y, m, dd, ly, lm, ld;
	if (!date || sscanf(date, "%4d-%2d-%2d", &y, &m, &dd) != 3 ||
	    sscanf(limit, "%4d-%2d-%2d", &ly, &lm, &ld) != 3)
		return 0;
	return y != ly ? y < ly : m != lm ? m < lm : dd < ld;
}

void detect_rules(const struct adoc *d, struct rules *r)
{
	memset(r, 0, sizeof *r);
	const char *st = d->status ? d->status : "";
	r->draft = strstr(st, "征求意见稿") || strstr(st, "送审稿") || strstr(st, "报批稿");
	r->hj = d->code_prefix && (!strcmp(d->code_prefix, "HJ") || !strcmp(d->code_prefix, "HJ/T"));
	r->engineering = engineering_code(d);
	const struct aclause *ch1 = NULL;
	for (size_t i = 0; i < d->clauses.n && !ch1; i++)
		if (!strcmp(d->clauses.v[i].kind, "chapter"))
			ch1 = &d->clauses.v[i];
	if (ch1 && ch1->heading && !strcmp(ch1->heading, "总则"))
		r->engineering = 1;
	/* A terminology standard: so titled ("… 术语", "… 词汇"). */
	const char *t = d->title_zh ? d->title_zh : "";
	size_t tl = strlen(t);
	r->terminology = (tl >= 6 && (!strcmp(t + tl - 6, "术语") || !strcmp(t + tl - 6, "词汇"))) ||
			 (tl >= 15 && !strcmp(t + tl - 15, "术语和定义"));

	const char *basis = d->drafting_basis ? d->drafting_basis : "";
	const struct aclause *refs = references_chapter(d);
	const char *lead = refs && refs->text ? refs->text : "";
	const struct aclause *scope = ch1;
	const char *sc = scope && scope->text ? scope->text : "";
	if (strstr(basis, "1.1-2020")) {
		r->basis = RULES_2020;
		r->why = "前言的起草规则说明";
	} else if (strstr(basis, "1.1-2009")) {
		r->basis = RULES_2009;
		r->why = "前言的起草规则说明";
	} else if (strstr(basis, "1.1-2000") || strstr(basis, "1.1-1993")) {
		r->basis = RULES_2000;
		r->why = "前言的起草规则说明";
	} else if (strstr(lead, "下列文件中的内容通过文中的规范性引用而构成")) {
		r->basis = RULES_2020;
		r->why = "规范性引用文件的引导语";
	} else if (strstr(lead, "应用是必不可少的")) {
		r->basis = RULES_2009;
		r->why = "规范性引用文件的引导语";
	} else if (strstr(lead, "下列文件中的条款通过")) {
		r->basis = RULES_2000;
		r->why = "规范性引用文件的引导语";
	} else if (date_before(d->published, "2010-01-01") ||
		   (!d->published && pub_year(d) && pub_year(d) < 2010)) {
		r->basis = RULES_2000;
		r->why = "发布日期";
	} else if (date_before(d->published, "2020-10-01") ||
		   (!d->published && pub_year(d) && pub_year(d) < 2020)) {
		r->basis = RULES_2009;
		r->why = "发布日期";
	} else if (strstr(sc, "本标准") || strstr(sc, "本部分")) {
		r->basis = RULES_2009;
		r->why = "范围中的“本标准”";
	} else {
		r->basis = RULES_2020;
		r->why = NULL;
	}
}
