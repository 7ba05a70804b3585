/* check-refs.c - the normative references chapter and the citations of
 * the body (REF).
 *
 * extract lists the chapter's entries (refs kind "normative"), the
 * bibliography's and every code cited in a clause ("cited", with the
 * citing clause).  A cited code must be a standard's code before it is
 * held against the list: the document's own series, a licence plate
 * ("京 CJ6789") or a field name ("SB1-RS") is not; a citation in a term's
 * source, a note or an example is informative and need not be listed. */
#include "checks.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Does reference code `part` fall under `whole`: the same code, or a part
 * of a document listed with "(所有部分)" (GB/T 20004.1 under GB/T 20004)? */
static int covers(const char *whole, int all_parts, const char *part)
{
	size_t n = strlen(whole);
	return strcmp(whole, part) == 0 || (all_parts && strncmp(whole, part, n) == 0 && part[n] == '.');
}

/* The chapter that lists the normative references: 规范性引用文件, or 引用标准
 * (HJ) and 引用文件 in older texts; its number as an integer, 0 none. */
static int refs_chapter(const struct adoc *d)
{
	const struct aclause *c = references_chapter(d);
	return c ? c->chapter : 0;
}

/* Is clause num in chapter ch ("2", "2.1")? */
static int in_chapter(const char *num, int ch)
{
	return num && ch && atoi(num) == ch && (num[0] >= '0' && num[0] <= '9');
}

/* The listed reference (kind normative, or a code written in the
 * references chapter when extract did not take it for the list) that
 * code falls under. */
static const struct aref *listed(const struct adoc *d, const char *code, int refs_ch)
{
	for (size_t i = 0; i < d->refs.n; i++) {
		const struct aref *r = &d->refs.v[i];
		if (!r->code)
			continue;
		if ((!strcmp(r->kind, "normative") || (!strcmp(r->kind, "cited") && in_chapter(r->clause, refs_ch))) &&
		    covers(r->code, r->all_parts, code))
			return r;
	}
	return NULL;
}

static int in_bibliography(const struct adoc *d, const char *code)
{
	for (size_t i = 0; i < d->refs.n; i++)
		if (d->refs.v[i].code && !strcmp(d->refs.v[i].kind, "bibliography") &&
		    covers(d->refs.v[i].code, d->refs.v[i].all_parts, code))
			return 1;
	return 0;
}

/* Is the normative reference n cited anywhere in the body? */
static int cited_anywhere(const struct adoc *d, const struct aref *n, int refs_ch)
{
	for (size_t i = 0; i < d->refs.n; i++) {
		const struct aref *r = &d->refs.v[i];
		if (r->code && !strcmp(r->kind, "cited") && !in_chapter(r->clause, refs_ch) &&
		    covers(n->code, n->all_parts, r->code))
			return 1;
	}
	return 0;
}

/* The document's own code without its year ("GB/T 41469"), and its series
 * (the number before the part: "T/CAMET 04011" for T/CAMET 04011.5). */
static void own_codes(const struct adoc *d, char *own, size_t ol, char *series, size_t sl)
{
	own[0] = series[0] = '\0';
	if (!d->code || !d->code_prefix || !d->code_number)
		return;
	snprintf(own, ol, "%s %s", d->code_prefix, d->code_number);
	snprintf(series, sl, "%s", own);
	char *dot = strchr(series + strlen(d->code_prefix), '.');
	if (dot)
		*dot = '\0';
}

/* "HJ/T 212" and "HJ 212", "GB 1234" and "GB/T 1234": the same document
 * number in the family's other kind (an earlier edition the document
 * replaces, named in its foreword or body). */
static int same_number_other_letter(const char *code, const char *own)
{
	const char *a = strchr(code, ' '), *b = strchr(own, ' ');
	if (!a || !b || strcmp(a, b))
		return 0;
	size_t la = (size_t)(a - code), lb = (size_t)(b - own);
	if (la > 2 && code[la - 2] == '/')
		la -= 2;
	if (lb > 2 && own[lb - 2] == '/')
		lb -= 2;
	return la == lb && !strncmp(code, own, la);
}

/* The listed normative reference with the same number as code in the
 * family's other kind (GB 13000 listed, GB/T 13000 cited), or NULL. */
static const struct aref *listed_variant(const struct adoc *d, const char *code)
{
	for (size_t i = 0; i < d->refs.n; i++) {
		const struct aref *r = &d->refs.v[i];
		if (r->code && !strcmp(r->kind, "normative") && strcmp(r->code, code) &&
		    same_number_other_letter(r->code, code))
			return r;
	}
	return NULL;
}

/* The line of text holding the first occurrence of raw, as [*start, end). */
static const char *line_of(const char *text, const char *raw, const char **end)
{
	const char *p = text && raw ? strstr(text, raw) : NULL;
	if (!p)
		return NULL;
	const char *s = p;
	while (s > text && s[-1] != '\n')
		s--;
	*end = strchr(p, '\n');
	if (!*end)
		*end = p + strlen(p);
	return s;
}

/* Is the citation raw in clause c informative: in a note, an example, a
 * term's source ("[来源: …]", "[GB/T …, 定义 …]"), or a "改写/引自" remark? */
static int informative_citation(const struct aclause *c, const char *raw)
{
	const char *end, *s = line_of(c->text, raw, &end);
	if (!s)
		return 0;
	size_t n = (size_t)(end - s);
	if (starts_with(s, "注") || starts_with(s, "示例") || s[0] == '[')
		return 1;
	char line[1024];
	snprintf(line, sizeof line, "%.*s", (int)(n < sizeof line - 1 ? n : sizeof line - 1), s);
	return strstr(line, "来源") || strstr(line, "改写") || strstr(line, "引自") || strstr(line, "采用");
}

/* Provinces' one-character names, which stand before a licence plate. */
static const char plate_provinces[] =
	"京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";

/* Is this cited code really a standard's code?  Not a licence plate, not a
 * field or device name ("SB1", "SB1-RS"): those have a one-digit number
 * and no year, or letters after a dash, or a province before them. */
static int credible_citation(const struct aclause *c, const struct aref *r)
{
	const char *sp = strchr(r->code, ' ');
	const char *num = sp ? sp + 1 : r->code;
	size_t digits = 0;
	while (isdigit((unsigned char)num[digits]))
		digits++;
	if (!r->year && digits < 2)
		return 0;
	const char *p = c->text ? strstr(c->text, r->raw) : NULL;
	if (!p && c->heading)
		p = strstr(c->heading, r->raw);
	if (!p)
		return 1;
	const char *after = p + strlen(r->raw);
	if (after[0] == '-' && isalpha((unsigned char)after[1]))
		return 0;
	const char *base = c->text && p >= c->text && p < c->text + strlen(c->text) ? c->text : c->heading;
	const char *q = p;
	if (q > base && q[-1] == ' ')
		q--;
	if (q - base >= 3) {
		for (const char *pr = plate_provinces; *pr; pr += 3)
			if (!memcmp(q - 3, pr, 3))
				return 0;
	}
	return 1;
}

/* Does a list entry carry a year extract could not read as the code's
 * ("GB/T24339.1—-2009": a dash doubled by OCR)? */
static int entry_has_year(const char *raw)
{
	for (const char *p = raw; p && *p && p - raw < 40; p++) {
		if (*p != '-' && strncmp(p, "—", 3) && strncmp(p, "–", 3))
			continue;
		const char *q = p;
		while (*q == '-' || !strncmp(q, "—", 3) || !strncmp(q, "–", 3))
			q += *q == '-' ? 1 : 3;
		while (*q == ' ')
			q++;
		if ((q[0] == '1' && q[1] == '9') || (q[0] == '2' && q[1] == '0'))
			if (isdigit((unsigned char)q[2]) && isdigit((unsigned char)q[3]) && !isdigit((unsigned char)q[4]))
				return 1;
	}
	return 0;
}

/* ---- the lead-in (REF-01) --------------------------------------------- */

static void check_leadin(struct checker *k)
{
	struct adoc *d = k->d;
	const struct rules *r = &d->rules;
	const struct aclause *c = references_chapter(d);
	if (!c || r->engineering)
		return;
	const char *l = first_line(d, c->text);
	if (!l)
		l = "";
	int ok;
	const char *want;
	if (r->basis == RULES_2020 && !r->hj) {
		ok = starts_with(l, "下列文件中的内容通过文中的规范性引用而构成本文件必不可少的条款") ||
		     starts_with(l, "本文件没有规范性引用文件");
		want = "下列文件中的内容通过文中的规范性引用而构成本文件必不可少的条款。……";
	} else {
		/* 2009: "下列文件对于本文件(本标准、本部分)的应用是必不可少的";
		 * 2000: "下列文件中的条款通过本标准的引用而成为本标准的条款";
		 * HJ: "本标准(内容)引用了下列文件(中的条款)".  A text that states
		 * these older rules is judged by them (STR-09). */
		ok = strstr(l, "应用是必不可少的") || starts_with(l, "下列文件对于本") ||
		     strstr(l, "下列文件中的条款通过") ||
		     strstr(l, "引用了下列文件") || strstr(l, "没有规范性引用文件") ||
		     strstr(l, "下列文件中的内容通过文中的规范性引用而构成");
		want = r->basis == RULES_2000 ? "下列文件中的条款通过本标准的引用而成为本标准的条款。……"
					      : "下列文件对于本文件的应用是必不可少的。……";
	}
	if (!ok)
		finding(k, "REF-01", c->num, c->text, 0, 0, NULL, r->basis == RULES_2020 ? NULL : rules_edition(r),
			MSG(k, "第%s章未以规定的引导语开头；宜改为“%s”", "chapter %s does not open with the fixed "
			    "lead-in; write \"%s\""),
			c->num, want);
}

/* ---- the list itself (REF-08, REF-10) --------------------------------- */

/* Group of a code in the order GB/T 1.1-2020 8.6.4 gives: national,
 * industry, local, group, international, other. */
static int code_group(const char *code)
{
	if (starts_with(code, "GB"))
		return 0;
	if (starts_with(code, "DB"))
		return 2;
	if (starts_with(code, "T/"))
		return 3;
	if (starts_with(code, "ISO") || starts_with(code, "IEC") || starts_with(code, "ITU"))
		return 4;
	if (isupper((unsigned char)code[0]) && isupper((unsigned char)code[1]))
		return 1;
	return 5;
}

/* Compare the numbers of two codes of one family ("15624" < "20000.1"). */
static int number_cmp(const char *a, const char *b)
{
	const char *x = strchr(a, ' '), *y = strchr(b, ' ');
	x = x ? x + 1 : a;
	y = y ? y + 1 : b;
	while (*x || *y) {
		char *ex, *ey;
		long u = strtol(x, &ex, 10), v = strtol(y, &ey, 10);
		if (ex == x || ey == y)
			return strcmp(x, y);
		if (u != v)
			return u < v ? -1 : 1;
		x = *ex == '.' ? ex + 1 : ex;
		y = *ey == '.' ? ey + 1 : ey;
		if (*ex != '.' || *ey != '.')
			return (*ex == '.') - (*ey == '.');
	}
	return 0;
}

/* The family of a code: its prefix ("GB/T", "JT/T"); national codes are
 * one family whatever their letter after GB. */
static void family(const char *code, char *out, size_t n)
{
	if (starts_with(code, "GB")) {
		snprintf(out, n, "GB");
		return;
	}
	const char *sp = strchr(code, ' ');
	snprintf(out, n, "%.*s", sp ? (int)(sp - code) : (int)strlen(code), code);
}

static void check_list(struct checker *k)
{
	struct adoc *d = k->d;
	const struct aref *prev = NULL;
	int order_reported = 0;
	for (size_t i = 0; i < d->refs.n; i++) {
		const struct aref *r = &d->refs.v[i];
		if (strcmp(r->kind, "normative") || !r->code)
			continue;
		if (!r->title || !*r->title)
			finding(k, "REF-08", NULL, r->raw, 0, strlen(r->raw), r->code, NULL,
				MSG(k, "规范性引用文件清单中的 %s 没有文件名称；宜在编号后写出文件名称",
				    "the list gives %s without its title; add the title after the number"),
				r->code);
		if (prev && !order_reported) {
			int gp = code_group(prev->code), gr = code_group(r->code);
			char fp[32], fr[32];
			family(prev->code, fp, sizeof fp);
			family(r->code, fr, sizeof fr);
			if (gr < gp || (gr == gp && !strcmp(fp, fr) && number_cmp(r->code, prev->code) < 0)) {
				finding(k, "REF-10", NULL, r->raw, 0, strlen(r->raw), r->code, NULL,
					MSG(k, "规范性引用文件的排列顺序不符合规定：%s 宜排在 %s 之前（先国家标准、行业标准、"
					       "地方标准、团体标准，后国际标准；同类按编号顺序）",
					    "references out of order: %s goes before %s (national, industry, local, group, "
					    "then international standards; each by number)"),
					r->code, prev->code);
				order_reported = 1;
			}
		}
		prev = r;
	}
}

/* ---- citations (REF-02, -03, -07, -09, -11, -12) ---------------------- */

/* Is this citation of an undated code followed by a clause, table, figure
 * or annex of it ("GB/T 20647.9中5.3", "GB 50763第3章")?  1 yes, 0 no,
 * -1 pattern failure. */
static int cited_with_clause(struct analyzer *a, const char *text, const char *raw)
{
	const char *p = text;
	while (p && (p = strstr(p, raw)) != NULL) {
		const char *after = p + strlen(raw);
		int rc = rx_match(&a->clause_ref, &a->rc, after, strlen(after), 0);
		if (rc < 0)
			return -1;
		if (rc > 0)
			return 1;
		p = after;
	}
	return 0;
}

/* "GB/T 20004.1-2016中第六章": a part of a cited document written in Chinese
 * numerals; returns where the numeral starts, or NULL. */
static const char *chinese_chapter(const char *text, const char *raw, size_t *len)
{
	const char *p = text ? strstr(text, raw) : NULL;
	if (!p)
		return NULL;
	const char *s = p + strlen(raw);
	while (*s == ' ')
		s++;
	if (starts_with(s, "中") || starts_with(s, "的"))
		s += 3;
	while (*s == ' ')
		s++;
	if (!starts_with(s, "第"))
		return NULL;
	const char *q = s + 3;
	static const char digits[] = "一二三四五六七八九十";
	size_t nd = 0;
	while (*q) {
		int is = 0;
		for (const char *dg = digits; *dg; dg += 3)
			if (!memcmp(q, dg, 3))
				is = 1;
		if (!is)
			break;
		q += 3;
		nd++;
	}
	if (!nd || !(starts_with(q, "章") || starts_with(q, "条") || starts_with(q, "节")))
		return NULL;
	*len = (size_t)(q + 3 - s);
	return s;
}

static void check_citations(struct checker *k)
{
	struct adoc *d = k->d;
	struct analyzer *a = k->a;
	int rch = refs_chapter(d);
	char own[64], series[64];
	own_codes(d, own, sizeof own, series, sizeof series);
	for (size_t i = 0; i < d->refs.n; i++) {
		const struct aref *r = &d->refs.v[i];
		if (strcmp(r->kind, "cited") || !r->code || !strcmp(r->code, own) || in_chapter(r->clause, rch))
			continue;
		const struct aclause *c = clause_by_num(d, r->clause);
		if (!c)
			continue;
		/* The same code cited by an earlier clause was reported there. */
		int seen = 0;
		for (size_t j = 0; j < i && !seen; j++)
			seen = d->refs.v[j].code && !strcmp(d->refs.v[j].kind, "cited") &&
			       !strcmp(d->refs.v[j].code, r->code);
		const char *text = c->text && strstr(c->text, r->raw) ? c->text : c->heading;
		size_t at = text && strstr(text, r->raw) ? (size_t)(strstr(text, r->raw) - text) : 0;
		if (is_placeholder(r->code) || is_placeholder(r->raw)) {
			if (!seen)
				finding(k, "REF-11", r->clause, text, at, strlen(r->raw), r->raw, NULL,
					MSG(k, "%s：引用了尚未发布的文件 %s；规范性引用的文件应已发布，宜删除该引用或待其发布后再引用",
					    "%s: cites %s, which is not published; cite only published documents"),
					r->clause, r->raw);
			continue;
		}
		if (!credible_citation(c, r))
			continue;
		const struct aref *n = listed(d, r->code, rch);
		int own_series = (series[0] && !strncmp(r->code, series, strlen(series)) &&
				  (r->code[strlen(series)] == '.' || !r->code[strlen(series)])) ||
				 same_number_other_letter(r->code, own);
		const struct aref *variant = n ? NULL : listed_variant(d, r->code);
		if (variant && !seen)
			finding(k, "REF-13", r->clause, text, at, strlen(r->raw), r->code, NULL,
				MSG(k, "%s：正文引用 %s，规范性引用文件中列为 %s；同一文件的代号宜一致，请核对其正确代号",
				    "%s: the body cites %s, the list gives %s; one document should have one code: check "
				    "which is right"),
				r->clause, r->code, variant->code);
		else if (!n && !seen && !own_series && !in_bibliography(d, r->code) &&
			 !informative_citation(c, r->raw) && !d->rules.engineering)
			finding(k, "REF-02", r->clause, text, at, strlen(r->raw), r->code, NULL,
				MSG(k, "%s：正文引用了 %s，但第%d章规范性引用文件中未列出；宜将其列入，或改为资料性引用并列入参考文献",
				    "%s: the body cites %s, which chapter %d does not list; list it, or cite it "
				    "informatively and put it in the bibliography"),
				r->clause, r->code, rch ? rch : 2);
		if (n && !n->year && !r->year) {
			int m = c->text ? cited_with_clause(a, c->text, r->raw) : 0;
			if (m < 0) {
				k->failed = 1;
				return;
			}
			if (m)
				finding(k, "REF-03", r->clause, text, at, strlen(r->raw), r->code, NULL,
					MSG(k, "%s：不注日期引用了 %s 的具体章条；引用具体章条时宜注日期",
					    "%s: %s is cited undated with a specific part of it; date the reference"),
					r->clause, r->code);
		}
		if (n && !n->year && r->year && !entry_has_year(n->raw))
			finding(k, "REF-09", r->clause, text, at, strlen(r->raw), r->raw, NULL,
				MSG(k, "%s：正文注日期引用 %s-%s，而规范性引用文件中 %s 不注日期；同一文件宜一致",
				    "%s: the body cites %s-%s dated, the list gives %s undated; make them agree"),
				r->clause, r->code, r->year, n->code);
		size_t cl;
		const char *cc = chinese_chapter(c->text, r->raw, &cl);
		if (cc)
			finding(k, "REF-12", r->clause, c->text, (size_t)(cc - c->text), cl, r->raw, NULL,
				MSG(k, "%s：引用 %s 的章条时写作“%.*s”；章条编号宜使用阿拉伯数字（如“第6章”）",
				    "%s: a part of %s is written \"%.*s\"; number chapters in Arabic numerals (第6章)"),
				r->clause, r->code, (int)cl, cc);
	}
	for (size_t i = 0; i < d->refs.n; i++) {
		const struct aref *r = &d->refs.v[i];
		if (strcmp(r->kind, "normative") || !r->code)
			continue;
		if (!k->partial && !cited_anywhere(d, r, rch))
			finding(k, "REF-07", NULL, r->raw, 0, strlen(r->raw), r->code, NULL,
				MSG(k, "%s 列入了规范性引用文件，但正文未引用；宜删除，或在正文中规范性引用",
				    "%s is listed but the body never cites it; remove it or cite it"),
				r->code);
	}
}

/* Withdrawn or replaced editions (data/withdrawn.tsv): normative,
 * bibliography and cited references. */
static void check_withdrawn(struct checker *k)
{
	struct adoc *d = k->d;
	const struct config *cfg = k->a->cfg;
	char seen[64][80];
	size_t nseen = 0;
	for (size_t i = 0; i < d->refs.n; i++) {
		const struct aref *r = &d->refs.v[i];
		if (!r->code || !r->year)
			continue;
		for (size_t j = 0; j < cfg->withdrawn.n; j++) {
			const struct withdrawn *w = &cfg->withdrawn.v[j];
			if (strcmp(w->code, r->code) || strcmp(w->year, r->year))
				continue;
			char ed[80];
			snprintf(ed, sizeof ed, "%s-%s", r->code, r->year);
			int dup = 0;
			for (size_t s = 0; s < nseen && !dup; s++)
				dup = !strcmp(seen[s], ed);
			if (dup)
				break;
			if (nseen < 64)
				snprintf(seen[nseen++], sizeof seen[0], "%s", ed);
			if (w->replaced_by)
				finding(k, "REF-04", r->clause, ed, 0, strlen(ed), ed, NULL,
					MSG(k, "引用的 %s 已被 %s 代替；宜引用现行版本", "%s is replaced by %s; cite the edition in force"),
					ed, w->replaced_by);
			else
				finding(k, "REF-04", r->clause, ed, 0, strlen(ed), ed, NULL,
					MSG(k, "引用的 %s 已废止；宜删除或改引现行文件", "%s is withdrawn; cite a document in force"),
					ed);
			break;
		}
	}
}

void check_references(struct checker *k)
{
	check_leadin(k);
	check_list(k);
	check_citations(k);
	check_withdrawn(k);
}
