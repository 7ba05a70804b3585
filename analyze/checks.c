/* checks.c - drafting-quality findings: the catalogue of checks, the
 * finding every check records, and the run over one document.
 *
 * The codes follow the review checklist of docs/DOMAIN.md §3.2 (new checks
 * take new codes; a code, once shipped, keeps its meaning).  Each check
 * is held to its precision on real published standards (make precision,
 * tests/precision/): a check that does not reach 0.9 there is off by
 * default (CHECK_ON clear) or counts in no score (CHECK_SCORED clear), and
 * docs/analyze.md says so.
 *
 * A document is checked by the rules it was drafted to (rules.c): a
 * GB/T 1.1-2009 text is not faulted for the 2009 lead-ins, a terminology
 * standard not for terms the body does not use.  A document without text
 * (a platform page of metadata) has no drafting to check. */
#include "checks.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ON CHECK_ON
#define SCORED CHECK_SCORED

const struct check_info check_catalogue[] = {
	{ "STR-01", "error", "缺少必备要素", "mandatory element missing",
	  "GB/T 1.1-2020 第8章", ON | SCORED },
	{ "STR-02", "warning", "要素顺序不符合规定", "elements out of order",
	  "GB/T 1.1-2020 第8章", ON | SCORED },
	{ "STR-03", "warning", "前言未说明起草规则，或 2020-10-01 后仍按旧版 GB/T 1.1 起草",
	  "drafting basis missing or outdated", "GB/T 1.1-2020 8.3", ON | SCORED },
	{ "STR-06", "info", "范围未写明“本文件规定了……”或“本文件适用于……”",
	  "scope without its statements", "GB/T 1.1-2020 8.5", ON },
	{ "STR-07", "warning", "范围所述内容在正文中没有对应的章条",
	  "scope promises contents the body lacks", "GB/T 1.1-2020 8.5", ON | SCORED },
	{ "STR-08", "warning", "征求意见稿缺少专利信息提示", "draft without the patent notice",
	  "GB/T 1.1-2020 8.1", ON | SCORED },
	{ "STR-09", "info", "文件所遵循的起草规则", "drafting rules the document follows", "", ON },
	{ "TXT-01", "info", "文本不完整或含有识别错误，部分检查从略",
	  "text incomplete or damaged by OCR: some checks left out", "", ON },
	{ "REF-01", "warning", "规范性引用文件章缺少规定的引导语",
	  "normative references without the fixed lead-in", "GB/T 1.1-2020 8.6", ON | SCORED },
	{ "REF-02", "warning", "正文引用的文件未列入规范性引用文件",
	  "cited in the body, not listed", "GB/T 1.1-2020 8.6", ON | SCORED },
	{ "REF-03", "warning", "不注日期引用了文件的具体章条",
	  "undated reference to a specific part", "GB/T 1.1-2020 9.5", ON | SCORED },
	{ "REF-04", "warning", "引用了已废止或被代替的文件", "withdrawn or replaced edition cited",
	  "GB/T 1.1-2020 8.6", ON | SCORED },
	{ "REF-07", "warning", "列入规范性引用文件但正文未引用", "listed, never cited",
	  "GB/T 1.1-2020 8.6", ON | SCORED },
	{ "REF-08", "warning", "规范性引用文件清单中的文件缺少名称", "reference listed without its title",
	  "GB/T 1.1-2020 8.6", ON | SCORED },
	{ "REF-09", "warning", "正文与清单对同一文件的注日期不一致",
	  "dated in the body, undated in the list", "GB/T 1.1-2020 8.6", ON | SCORED },
	{ "REF-10", "info", "规范性引用文件的排列顺序不符合规定", "references out of order",
	  "GB/T 1.1-2020 8.6.4", ON },
	{ "REF-11", "warning", "引用了尚未发布的文件", "cites an unpublished document",
	  "GB/T 1.1-2020 8.6", ON | SCORED },
	{ "REF-12", "info", "引用其他文件的章条时使用了汉字数字", "a cited chapter in Chinese numerals",
	  "GB/T 1.1-2020 9.5", ON },
	{ "REF-13", "warning", "正文与清单中同一文件的代号不一致", "one document cited under two codes",
	  "GB/T 1.1-2020 8.6", ON | SCORED },
	{ "TERM-01", "warning", "术语和定义章缺少规定的引导语", "terms without the fixed lead-in",
	  "GB/T 1.1-2020 8.7", ON | SCORED },
	{ "TERM-02", "warning", "定义的术语在正文中未使用", "term defined, never used",
	  "GB/T 1.1-2020 8.7", ON | SCORED },
	{ "TERM-05", "info", "术语在正文中的写法与定义不一致", "term used with another wording",
	  "GB/T 1.1-2020 8.7", ON },
	{ "TERM-06", "warning", "在术语和定义章以外给出定义", "definition outside the terms chapter",
	  "GB/T 1.1-2020 8.7", ON | SCORED },
	{ "NUM-01", "error", "章条编号不连续、重复或错位", "clause numbering: gap, duplicate, disorder",
	  "GB/T 1.1-2020 7.3", ON | SCORED },
	{ "NUM-04", "warning", "条的层次超过五层", "clause deeper than the fifth level",
	  "GB/T 1.1-2020 7.3", ON | SCORED },
	{ "NUM-05", "warning", "悬置段", "hanging paragraph", "GB/T 1.1-2020 7.3.4", ON | SCORED },
	{ "NUM-07", "warning", "列项编号不连续", "list items out of sequence", "GB/T 1.1-2020 7.5",
	  ON | SCORED },
	{ "NUM-10", "warning", "一个句子被拆分到多个列项中", "a sentence split across list items",
	  "GB/T 1.1-2020 7.5", ON | SCORED },
	{ "META-01", "warning", "封面与页眉的文件编号不一致", "code differs between cover and headers",
	  "GB/T 1.1-2020 8.1", ON | SCORED },
	{ "META-02", "warning", "编号或日期中留有占位符", "placeholder in the code or dates",
	  "GB/T 1.1-2020 8.1", ON | SCORED },
	{ "META-03", "warning", "封面缺少 ICS、CCS 或发布机构", "cover without ICS, CCS or issuer",
	  "GB/T 1.1-2020 8.1", ON | SCORED },
	{ "META-06", "warning", "起草单位或主要起草人为空", "drafting organisations or drafters empty",
	  "GB/T 1.1-2020 8.3", ON | SCORED },
	{ "LANG-01", "warning", "使用了 GB/T 1.1 不采用的能愿动词", "modal form GB/T 1.1 does not use",
	  "GB/T 1.1-2020 附录C", ON | SCORED },
	{ "LANG-02", "info", "使用了“不得”（表C.1 允许，可统一为“不应”）", "不得 (allowed; 不应 is usual)",
	  "GB/T 1.1-2020 表C.1", ON },
	{ "LANG-03", "warning", "要求中含有含糊用语", "requirement with a vague word",
	  "GB/T 1.1-2020 表C.1", ON | SCORED },
	{ "LANG-04", "info", "要求中没有可验证的指标", "requirement with nothing measurable",
	  "GB/T 1.1-2020 表C.1", ON },
	{ "CONT-01", "warning", "规定性的章中没有任何条款（应、宜、可）", "chapter of provisions without any",
	  "GB/T 1.1-2020 8.11", ON | SCORED },
	{ "TOC-01", "warning", "目次与正文不一致", "contents disagree with the body",
	  "GB/T 1.1-2020 8.2", ON | SCORED },
	{ "TOC-02", "warning", "目次条目缺少页码，或缺少正文的章", "contents entry without page, or chapter missing",
	  "GB/T 1.1-2020 8.2", ON | SCORED },
	{ NULL, NULL, NULL, NULL, NULL, 0 },
};

const struct check_info *check_lookup(const char *code)
{
	for (const struct check_info *c = check_catalogue; c->code; c++)
		if (strcmp(c->code, code) == 0)
			return c;
	return NULL;
}

/* ---- the excerpt --------------------------------------------------- */

#define EXCERPT_BEFORE 20       /* characters shown before the match */
#define EXCERPT_WIDTH 60        /* characters in all, at most */

/* Byte offset of the character n characters back from at (not before 0). */
static size_t back_chars(const char *s, size_t at, size_t n)
{
	while (at > 0 && n > 0) {
		at--;
		while (at > 0 && ((unsigned char)s[at] & 0xC0) == 0x80)
			at--;
		n--;
	}
	return at;
}

/* Byte offset n characters on from at (not beyond the end, len). */
static size_t fwd_chars(const char *s, size_t len, size_t at, size_t n)
{
	while (at < len && n > 0) {
		at++;
		while (at < len && ((unsigned char)s[at] & 0xC0) == 0x80)
			at++;
		n--;
	}
	return at;
}

/* text[at, at + len) with some context either side, line breaks as spaces,
 * "…" where the text was cut; in the arena. */
static const char *centred_excerpt(struct arena *ar, const char *text, size_t at, size_t len)
{
	size_t n = strlen(text);
	if (at > n)
		at = n;
	if (at + len > n)
		len = n - at;
	/* at most EXCERPT_WIDTH characters: of a long match its start */
	size_t from = back_chars(text, at, EXCERPT_BEFORE);
	size_t to = fwd_chars(text, n, at, EXCERPT_WIDTH - EXCERPT_BEFORE);
	struct buf b = BUF_INIT;
	if (from > 0)
		buf_puts(&b, "…");
	for (size_t i = from; i < to; i++) {
		char c = text[i];
		if (c == '\n' || c == '\r' || c == '\t') {
			if (b.len && b.p[b.len - 1] != ' ')
				buf_putc(&b, ' ');
		} else {
			buf_putc(&b, c);
		}
	}
	while (b.len && b.p[b.len - 1] == ' ')
		b.len--;
	if (to < n)
		buf_puts(&b, "…");
	const char *out = arena_strndup(ar, b.p ? b.p : "", b.len);
	buf_free(&b);
	return out;
}

/* ---- findings ------------------------------------------------------ */

/* "GB/T 1.1-2020 附录C" as "GB/T 1.1-2020 Annex C", "第8章" as "clause 8",
 * "表C.1" as "Table C.1"; other rule names as they are. */
static void rule_in_english(const char *r, char *out, size_t n)
{
	static const struct { const char *zh, *en; } words[] = {
		{ "附录", "Annex " }, { "第", "clause " }, { "章", "" }, { "表", "Table " },
		{ "工程建设标准的编写规定", "engineering-code conventions" },
	};
	size_t k = 0;
	while (*r && k + 1 < n) {
		size_t w = 0;
		while (w < sizeof words / sizeof words[0] && strncmp(r, words[w].zh, strlen(words[w].zh)))
			w++;
		if (w < sizeof words / sizeof words[0]) {
			size_t el = strlen(words[w].en);
			if (k + el < n) {
				memcpy(out + k, words[w].en, el);
				k += el;
			}
			r += strlen(words[w].zh);
		} else {
			out[k++] = *r++;
		}
	}
	out[k] = '\0';
}

/* What a finding that matched no text is about, as its excerpt: the
 * clause it names ("7.1.2.1 服务流程", or the clause's first line when it
 * has no title), else the document's code and title (a finding on the
 * cover, the foreword or the whole document).  In d's arena. */
static const char *place_excerpt(struct adoc *d, const char *clause)
{
	const struct aclause *c = clause_by_num(d, clause);
	if (c)
		return num_and_title(d, c->num, c->heading && *c->heading ? c->heading
									: first_line(d, c->text));
	return num_and_title(d, d->code, d->title_zh);
}

void finding(struct checker *k, const char *code, const char *clause, const char *text,
	     size_t at, size_t len, const char *detail, const char *rule, const char *fmt, ...)
{
	const struct check_info *ci = check_lookup(code);
	if (!ci || (!(ci->flags & CHECK_ON) && !k->a->all_checks))
		return;
	struct adoc *d = k->d;
	struct finding *f = vec_push(&d->findings);
	f->code = ci->code;
	f->severity = ci->severity;
	/* Placeholders and empty fields are what a draft for comment has:
	 * information there, a defect in a published text. */
	if (d->rules.draft && (!strcmp(code, "META-02") || !strcmp(code, "META-06")))
		f->severity = "info";
	f->clause = clause;
	if (!text) {
		text = place_excerpt(d, clause);
		at = 0;
		len = text ? strlen(text) : 0;
	}
	f->excerpt = text ? centred_excerpt(&d->arena, text, at, len) : NULL;
	f->detail = detail ? arena_strdup(&d->arena, detail) : NULL;
	struct buf msg = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	const char *r = rule ? rule : ci->rule;
	if (r && *r) {
		if (k->a->lang_en) {
			char en[128];
			rule_in_english(r, en, sizeof en);
			buf_printf(&msg, " (%s)", en);
		} else {
			buf_printf(&msg, "（%s）", r);
		}
	}
	f->message = arena_strndup(&d->arena, msg.p ? msg.p : "", msg.len);
	buf_free(&msg);
}

/* ---- helpers ------------------------------------------------------- */

int has_element(const struct adoc *d, const char *name)
{
	for (size_t i = 0; i < d->elements.n; i++)
		if (strcmp(d->elements.v[i], name) == 0)
			return 1;
	return 0;
}

const struct aclause *find_chapter(const struct adoc *d, const char *word, int exact)
{
	for (size_t i = 0; i < d->clauses.n; i++) {
		const struct aclause *c = &d->clauses.v[i];
		if (strcmp(c->kind, "chapter") || !c->heading)
			continue;
		if (exact ? strcmp(c->heading, word) == 0 : strstr(c->heading, word) != NULL)
			return c;
	}
	return NULL;
}

const struct aclause *clause_by_num(const struct adoc *d, const char *num)
{
	for (size_t i = 0; num && i < d->clauses.n; i++)
		if (strcmp(d->clauses.v[i].num, num) == 0)
			return &d->clauses.v[i];
	return NULL;
}

const struct aclause *references_chapter(const struct adoc *d)
{
	const struct aclause *c = find_chapter(d, "规范性引用文件", 0);
	if (!c)
		c = find_chapter(d, "引用标准", 0);
	if (!c)
		c = find_chapter(d, "引用文件", 0);
	return c;
}

const struct aclause *first_child(const struct adoc *d, const struct aclause *c)
{
	for (size_t j = (size_t)(c - d->clauses.v) + 1; j < d->clauses.n; j++)
		if (d->clauses.v[j].parent && !strcmp(d->clauses.v[j].parent, c->num))
			return &d->clauses.v[j];
	return NULL;
}

int is_placeholder(const char *s)
{
	return s && (strstr(s, "XX") || strstr(s, "××") || strstr(s, "xx") || strcmp(s, "X") == 0);
}

const char *first_line(struct adoc *d, const char *text)
{
	if (!text)
		return NULL;
	const char *nl = strchr(text, '\n');
	return nl ? arena_strndup(&d->arena, text, (size_t)(nl - text)) : text;
}

const char *num_and_title(struct adoc *d, const char *num, const char *title)
{
	int has_num = num && *num, has_title = title && *title;
	if (!has_num && !has_title)
		return NULL;
	size_t n = (has_num ? strlen(num) : 0) + 1 + (has_title ? strlen(title) : 0) + 1;
	char *s = arena_alloc(&d->arena, n);
	snprintf(s, n, "%s%s%s", has_num ? num : "", has_num && has_title ? " " : "",
		 has_title ? title : "");
	return s;
}

int starts_with(const char *s, const char *prefix)
{
	return s && strncmp(s, prefix, strlen(prefix)) == 0;
}

int pub_year(const struct adoc *d)
{
	if (d->published && d->published[0] >= '1' && d->published[0] <= '2')
		return atoi(d->published);
	if (d->code_year && strlen(d->code_year) == 4)
		return atoi(d->code_year);
	return 0;
}

const char *dupn(struct adoc *d, const char *s, size_t n)
{
	return arena_strndup(&d->arena, s, n);
}

/* Does line l start like a clause number OCR damaged: digits and dots with
 * a quote, a letter or a space among them ("4. '3.3.7", "4.5. G.1.1")?
 * Extract takes an undamaged number for a clause, so such a line left in a
 * clause's text is one it could not read. */
int damaged_number_line(const char *l)
{
	const char *p = l;
	if (!isdigit((unsigned char)*p))
		return 0;
	while (isdigit((unsigned char)*p))
		p++;
	int parts = 0, odd = 0;
	while (*p == '.' || *p == ' ') {
		const char *q = p;
		while (*q == '.' || *q == ' ')
			q++;
		odd += q - p > 1;                 /* "4. 5": a space beside the dot */
		if (*q == '\'' || *q == '"' || *q == '`') {
			odd++;
			q++;
		}
		const char *c = q;
		if (isupper((unsigned char)*q)) { /* "G" for 6 */
			odd++;
			q++;
		}
		while (isdigit((unsigned char)*q))
			q++;
		if (q == c)
			break;
		parts++;
		p = q;
	}
	return parts >= 2 && odd && (*p == ' ' || (unsigned char)*p >= 0x80);
}

/* The first line of a clause text with a damaged number, or NULL. */
static const char *damaged_number(const struct adoc *d)
{
	for (size_t i = 0; i < d->clauses.n; i++)
		for (const char *l = d->clauses.v[i].text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
			if (damaged_number_line(l))
				return l;
	return NULL;
}

/* Bytes of the damaged number at the start of line s: up to its first
 * non-ASCII character, without the spaces before it. */
static size_t number_len(const char *s)
{
	size_t n = 0;
	while (s[n] && s[n] != '\n' && (unsigned char)s[n] < 0x80)
		n++;
	while (n > 0 && s[n - 1] == ' ')
		n--;
	return n;
}

/* ---- the run ------------------------------------------------------- */

int run_checks(struct analyzer *a, struct adoc *d, char *err, size_t errlen)
{
	vec_clear(&d->findings);
	detect_rules(d, &d->rules);
	if (d->clauses.n == 0)
		return 0;       /* no text: a page of metadata, nothing drafted to check */
	struct checker k = { a, d, 0, 0, NULL, NULL, 0, 0 };
	k.partial = toc_missing_tail(d, &k.partial_from);
	k.damaged = damaged_number(d);
	k.markdown = d->source_format && !strcmp(d->source_format, "markdown");
	k.ocr = k.damaged || k.markdown;
	if (k.damaged)
		finding(&k, "TXT-01", NULL, k.damaged, 0, strcspn(k.damaged, "\n"), NULL, "",
			MSG(&k, "文本中的章条编号有识别（OCR）错误，如“%.*s”：编号是否连续不作检查，宜以原件核对",
			    "a clause number in the text is damaged by OCR (\"%.*s\"): its numbering is not "
			    "checked; compare with the original"),
			(int)number_len(k.damaged), k.damaged);
	check_structure(&k);
	check_numbering(&k);
	check_references(&k);
	check_terms(&k);
	check_language(&k);
	if (k.failed) {
		snprintf(err, errlen, "检查所用的正则表达式超出匹配限制 (a check pattern hit its match limit)");
		return -1;
	}
	return 0;
}
