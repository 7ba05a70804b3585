/* check-structure.c - the elements of a standard and their order, the
 * foreword's drafting basis, the scope, the cover's metadata, chapters
 * that should hold provisions, and the table of contents (STR, META,
 * CONT, TOC).  Each is judged by the rules the document follows (rules.c). */
#include "checks.h"
#include "repair.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- elements (STR-01, STR-02) --------------------------------------- */

/* Is there a chapter whose heading contains word? */
static int has_chapter(const struct adoc *d, const char *word)
{
	return find_chapter(d, word, 0) != NULL;
}

static void missing_element(struct checker *k, const char *name, const char *rule)
{
	finding(k, "STR-01", NULL, NULL, 0, 0, name, rule,
		MSG(k, "缺少必备要素“%s”；宜按规定补充该要素", "the mandatory element %s is missing; add it"),
		name);
}

static void check_elements(struct checker *k)
{
	struct adoc *d = k->d;
	const struct rules *r = &d->rules;
	if (r->engineering) {
		/* Engineering codes open with 总则 (scope and purpose) and have
		 * no chapter of normative references. */
		if (!has_chapter(d, "总则") && !has_chapter(d, "范围"))
			missing_element(k, "总则", "工程建设标准的编写规定");
	} else {
		if (!has_element(d, "前言"))
			missing_element(k, "前言", NULL);
		/* HJ standards name chapter 1 适用范围. */
		if (!has_element(d, "范围") && !(r->hj && has_chapter(d, "范围")))
			missing_element(k, "范围", NULL);
		/* GB/T 1.1-2020 wants both chapters even when empty; the 2009 and
		 * older editions only when there is something to put in them. */
		if (r->basis == RULES_2020 && !r->hj) {
			if (!has_element(d, "规范性引用文件"))
				missing_element(k, "规范性引用文件", NULL);
			if (!has_element(d, "术语和定义") && !r->terminology)
				missing_element(k, "术语和定义", NULL);
		}
	}
	/* Engineering codes put 总则 (read as the body) before 术语: their order. */
	if (r->engineering)
		return;
	static const char *const order[] = {
		"封面", "目次", "前言", "引言", "范围", "规范性引用文件", "术语和定义",
		"符号和缩略语", "正文", "附录", "参考文献", "索引"
	};
	int last = -1;
	const char *last_name = NULL;
	for (size_t i = 0; i < d->elements.n; i++) {
		const char *e = d->elements.v[i];
		int rank = -1;
		for (int j = 0; j < 12; j++)
			if (strncmp(e, order[j], strlen(order[j])) == 0) {
				rank = j;
				break;
			}
		if (rank < 0)
			continue;
		if (rank < last) {
			finding(k, "STR-02", NULL, NULL, 0, 0, e, NULL,
				MSG(k, "要素“%s”位于“%s”之后，顺序不符合规定；宜调整要素的位置",
				    "the element %s comes after %s; move it"),
				e, last_name);
			break;
		}
		last = rank;
		last_name = e;
	}
}

/* ---- the drafting basis (STR-03, STR-09) ------------------------------ */

static void check_basis(struct checker *k)
{
	struct adoc *d = k->d;
	const struct rules *r = &d->rules;
	int y = pub_year(d);
	/* 2020: after 2020-10-01 when the date says so ("2020-9-5" is before) */
	int after2020 = y > 2020 || (y == 2020 && date_known(d->published) &&
				     !date_before(d->published, "2020-10-01"));
	/* Drafted to an older edition than the one in force: STR-03 says so,
	 * and that is the rules said once. */
	int outdated = after2020 && d->drafting_basis && !strstr(d->drafting_basis, "-2020") &&
		       has_element(d, "前言") && !r->hj && !r->engineering;
	/* The rules, said once when they are not plain GB/T 1.1-2020. */
	if (!outdated && (r->basis != RULES_2020 || r->hj || r->engineering || r->terminology)) {
		char what[256];
		snprintf(what, sizeof what, "%s%s%s%s", rules_edition(r),
			 r->hj ? (k->a->lang_en ? " and the HJ conventions" : "及环境保护标准（HJ）的编写规定") : "",
			 r->engineering ? (k->a->lang_en ? " and the engineering-code conventions"
							 : "及工程建设标准的编写规定") : "",
			 r->terminology ? (k->a->lang_en ? " (a terminology standard)" : "（术语标准）") : "");
		finding(k, "STR-09", NULL, d->drafting_basis, 0, d->drafting_basis ? strlen(d->drafting_basis) : 0,
			what, "",
			MSG(k, "本文件按%s起草（依据：%s）；各项检查按这些规则进行",
			    "drafted to %s (from: %s); the checks apply those rules"),
			what, r->why ? r->why : (k->a->lang_en ? "code and title" : "文件代号和名称"));
	}
	if (!has_element(d, "前言") || r->hj || r->engineering)
		return;
	if (!d->drafting_basis) {
		/* GB/T 1.1-2009 asked for the sentence too; GB/T 1.1-2000 did not. */
		if (r->basis == RULES_2000)
			return;
		finding(k, "STR-03", "前言", NULL, 0, 0, NULL, NULL,
			MSG(k, "前言未给出起草规则的说明；宜写明“本文件按照 GB/T 1.1—2020《标准化工作导则 "
			       "第1部分：标准化文件的结构和起草规则》的规定起草。”",
			    "the foreword does not state the drafting rules; add \"本文件按照GB/T 1.1—2020"
			    "《…》的规定起草。\""));
		return;
	}
	if (outdated)
		finding(k, "STR-03", "前言", d->drafting_basis, 0, strlen(d->drafting_basis),
			d->drafting_basis, NULL,
			MSG(k, "本文件 %d 年发布，仍按 %s 起草；GB/T 1.1-2020 自 2020-10-01 起实施，宜按其修订",
			    "published %d but drafted to %s; GB/T 1.1-2020 applies from 2020-10-01"),
			y, d->drafting_basis);
}

/* ---- the scope (STR-06, STR-07) --------------------------------------- */

static const struct aclause *scope_chapter(const struct adoc *d)
{
	const struct aclause *c = find_chapter(d, "范围", 1);
	if (!c)
		c = find_chapter(d, "适用范围", 1);
	return c;
}

/* Does some heading of the body (chapter 4 on, annexes) name word? */
static int body_heading_has(const struct adoc *d, const char *word)
{
	for (size_t i = 0; i < d->clauses.n; i++) {
		const struct aclause *c = &d->clauses.v[i];
		if (c->heading && c->chapter != 1 && strstr(c->heading, word))
			return 1;
	}
	return 0;
}

/* The scope "规定了……的基本原则、基本要求及基本流程": the short items it
 * lists, each wanted in some heading of the body (STR-07).  Only a plain
 * list of short noun phrases is read, so that a scope written as a
 * sentence is never taken apart. */
static void check_scope_promises(struct checker *k, const struct aclause *sc)
{
	struct adoc *d = k->d;
	const char *t = sc->text;
	const char *p = t ? strstr(t, "规定了") : NULL;
	if (!p)
		return;
	p += strlen("规定了");
	const char *end = p;
	while (*end && strncmp(end, "。", 3) && strncmp(end, "，", 3) && *end != ',' && *end != '\n')
		end++;
	/* The list follows the last "的" of the clause. */
	const char *list = NULL;
	for (const char *q = p; q + 3 <= end; q++)
		if (!strncmp(q, "的", 3))
			list = q + 3;
	if (!list)
		return;
	char missing[256] = "";
	int items = 0, absent = 0;
	const char *q = list;
	while (q < end) {
		/* items are separated by 、 以及 和 及 ("评价与改进" is one item) */
		const char *e = q;
		size_t sep = 0;
		while (e < end) {
			sep = !strncmp(e, "以及", 6) ? 6 : (!strncmp(e, "、", 3) || !strncmp(e, "和", 3) ||
							   !strncmp(e, "及", 3)) ? 3 : 0;
			if (sep)
				break;
			e++;
		}
		size_t n = (size_t)(e - q);
		if (n == 0 || n > 18)   /* more than six characters: not a short item */
			return;
		char item[32];
		memcpy(item, q, n);
		item[n] = '\0';
		/* "基本原则" is found as 原则, "服务评价要求" as 评价: the item's
		 * last two characters once a trailing 要求 is dropped. */
		size_t cl = n;
		if (cl > 12 && !memcmp(item + cl - 6, "要求", 6))
			cl -= 6;
		const char *core = cl >= 6 ? item + cl - 6 : item;
		char corebuf[32];
		snprintf(corebuf, sizeof corebuf, "%.*s", (int)(item + cl - core), core);
		items++;
		if (!body_heading_has(d, corebuf) && strlen(missing) + n + 4 < sizeof missing) {
			if (absent++)
				strcat(missing, "、");
			strcat(missing, item);
		}
		q = e < end ? e + sep : end;
	}
	if (items >= 2 && absent)
		finding(k, "STR-07", sc->num, t, (size_t)(list - t), 0, missing, NULL,
			MSG(k, "%s：范围称本文件规定了“%s”，但正文没有相应的章条；宜补充这些内容，或修改范围的表述",
			    "%s: the scope says the document specifies %s, but no clause of the body does; "
			    "add them or reword the scope"),
			sc->num, missing);
}

static void check_scope(struct checker *k)
{
	struct adoc *d = k->d;
	const struct aclause *c = scope_chapter(d);
	if (!c)
		return;
	const char *t = c->text ? c->text : "";
	if (!strstr(t, "规定了") && !strstr(t, "确立了") && !strstr(t, "给出了") &&
	    !strstr(t, "描述了") && !strstr(t, "界定了") && !strstr(t, "提供了"))
		finding(k, "STR-06", c->num, c->text, 0, 0, NULL, NULL,
			MSG(k, "%s：范围未说明本文件的对象（“本文件规定了……”）；宜补充",
			    "%s: the scope does not say what the document specifies (本文件规定了…)"),
			c->num);
	if (!strstr(t, "适用于"))
		finding(k, "STR-06", c->num, c->text, 0, 0, NULL, NULL,
			MSG(k, "%s：范围未说明适用界限（“本文件适用于……”）；宜补充",
			    "%s: the scope does not say where it applies (本文件适用于…)"),
			c->num);
	check_scope_promises(k, c);
}

/* ---- cover and foreword metadata (META) ------------------------------- */

static void check_metadata(struct checker *k)
{
	struct adoc *d = k->d;
	if (d->code && d->header_code && strcmp(d->code, d->header_code) != 0)
		finding(k, "META-01", NULL, d->header_code, 0, strlen(d->header_code), d->header_code, NULL,
			MSG(k, "封面的文件编号为 %s，页眉为 %s；宜统一", "the cover reads %s, the page headers %s"),
			d->code, d->header_code);
	else if (d->code && d->header_code_other && strcmp(d->code, d->header_code_other) != 0)
		finding(k, "META-01", NULL, d->header_code_other, 0, strlen(d->header_code_other),
			d->header_code_other, NULL,
			MSG(k, "封面的文件编号为 %s，有页眉为 %s；宜统一", "the cover reads %s, a page header %s"),
			d->code, d->header_code_other);
	const char *draft_note = d->rules.draft ? MSG(k, "（征求意见稿中属正常，发布前须填写）",
						      " (expected in a draft; fill in before publication)") : "";
	if (is_placeholder(d->code_number) || is_placeholder(d->code_year))
		finding(k, "META-02", NULL, d->code, 0, strlen(d->code), d->code, NULL,
			MSG(k, "文件编号 %s 仍是占位符%s", "the document number %s is a placeholder%s"),
			d->code, draft_note);
	if (is_placeholder(d->published))
		finding(k, "META-02", NULL, d->published, 0, strlen(d->published), d->published, NULL,
			MSG(k, "发布日期 %s 仍是占位符%s", "the publication date %s is a placeholder%s"),
			d->published, draft_note);
	if (is_placeholder(d->effective))
		finding(k, "META-02", NULL, d->effective, 0, strlen(d->effective), d->effective, NULL,
			MSG(k, "实施日期 %s 仍是占位符%s", "the implementation date %s is a placeholder%s"),
			d->effective, draft_note);
	if (d->orgs && strcmp(d->orgs, "[]") == 0)
		finding(k, "META-06", "前言", "本文件起草单位：", 0, strlen("本文件起草单位："), "起草单位", NULL,
			MSG(k, "前言中“本文件起草单位：”后为空%s；宜列出起草单位",
			    "本文件起草单位 in the foreword is empty%s"), draft_note);
	if (d->drafters && strcmp(d->drafters, "[]") == 0)
		finding(k, "META-06", "前言", "本文件主要起草人：", 0, strlen("本文件主要起草人："), "主要起草人",
			NULL,
			MSG(k, "前言中“本文件主要起草人：”后为空%s；宜列出主要起草人",
			    "本文件主要起草人 in the foreword is empty%s"), draft_note);
}

/* The cover (META-03, STR-08).  Only a cover as printed is read: converter
 * Markdown drops the cover's small print, and a PDF whose text layer lacks
 * the cover's dates has no cover text to judge.  HJ covers carry neither
 * ICS nor CCS. */
static void check_cover(struct checker *k)
{
	struct adoc *d = k->d;
	if (!has_element(d, "封面") || k->markdown || !d->code)
		return;
	if (d->rules.draft && !d->patent_notice &&
	    (strstr(d->status, "征求意见稿") || strstr(d->status, "送审稿")))
		finding(k, "STR-08", "封面", d->status, 0, strlen(d->status), d->status, NULL,
			MSG(k, "%s的封面缺少专利信息的提示；宜在封面写明“在提交反馈意见时，请将您知道的相关专利连同"
			       "支持性文件一并附上。”",
			    "the cover of this %s does not ask for patent information; add \"在提交反馈意见时，请将"
			    "您知道的相关专利连同支持性文件一并附上。\""),
			d->status);
	if (!d->published && !d->effective)
		return;
	char missing[64] = "";
	const char *sep = k->a->lang_en ? ", " : "、";
	if (!d->ics && !d->rules.hj)
		strcat(missing, "ICS");
	if (!d->ccs && !d->rules.hj) {
		if (missing[0])
			strcat(missing, sep);
		strcat(missing, "CCS");
	}
	if (!d->publisher) {
		if (missing[0])
			strcat(missing, sep);
		strcat(missing, k->a->lang_en ? "issuer" : "发布机构");
	}
	if (missing[0])
		finding(k, "META-03", "封面", NULL, 0, 0, missing, NULL,
			MSG(k, "封面缺少%s；宜在封面写明国际标准分类号（ICS）、中国标准文献分类号（CCS）和发布机构",
			    "the cover has no %s; give the ICS and CCS codes and the issuing body on the cover"),
			missing);
}

/* ---- chapters without provisions (CONT-01) ---------------------------- */

/* Headings of chapters that state, describe or classify: such a chapter
 * need hold no 应, 宜 or 可. */
static int informative_heading(const char *h)
{
	static const char *const words[] = { "概述", "概况", "总则", "原则", "分类", "种类", "类别",
		"类型", "编码", "代码", "构成", "组成", "框架", "体系", "结构", "说明", "背景", "符号",
		"缩略语", "代号", "术语", "范围", "目的", "意义", "特点", "特性", "特征", "内容", "模型",
		"试验", "检验", "测试", "检测", "方法", "步骤", "计算", "示例", "描述", "定义", "数据",
		"元数据", "格式", "协议", "接口", "消息", "报文", "命令", "字段", "结果", NULL };
	for (const char *const *w = words; *w; w++)
		if (strstr(h, *w))
			return 1;
	return 0;
}

static void check_content(struct checker *k)
{
	struct adoc *d = k->d;
	for (size_t i = 0; i < d->clauses.n; i++) {
		const struct aclause *c = &d->clauses.v[i];
		if (strcmp(c->kind, "chapter") || !c->heading || c->chapter <= 3)
			continue;
		int req = 0, any = 0, sentences = 0;
		for (size_t j = i; j < d->clauses.n && d->clauses.v[j].chapter == c->chapter &&
				   strcmp(d->clauses.v[j].kind, "annex"); j++) {
			const struct aclause *s = &d->clauses.v[j];
			req += s->requirement;
			any += s->requirement + s->recommendation + s->permission;
			for (const char *t = s->text; t && (t = strstr(t, "。")); t += 3)
				sentences++;
		}
		int of_requirements = strstr(c->heading, "要求") != NULL;
		if (of_requirements && !req)
			finding(k, "CONT-01", c->num, c->heading, 0, strlen(c->heading), c->heading, NULL,
				MSG(k, "第%s章“%s”是要求章，但没有一条以“应/不应”表述的要求；宜将其条文改写为要求",
				    "chapter %s (%s) sets requirements but has no 应/不应"),
				c->num, c->heading);
		else if (!of_requirements && !any && sentences >= 3 && !informative_heading(c->heading))
			finding(k, "CONT-01", c->num, c->heading, 0, strlen(c->heading), c->heading, NULL,
				MSG(k, "第%s章“%s”有 %d 句条文，但没有“应、宜、可”等任何条款；宜明确哪些是要求、推荐或允许",
				    "chapter %s (%s) has %d sentences but no provision (应, 宜, 可)"),
				c->num, c->heading, sentences);
	}
}

/* ---- the table of contents (TOC-01, TOC-02) --------------------------- */

/* s without spaces, for comparing headings across the contents page; with
 * toc set, also without the leader dots and the page number a contents
 * entry may still carry ("术语和定义 ........ 1"). */
static void squeeze(const char *s, char *out, size_t outlen, int toc)
{
	size_t n = s ? strlen(s) : 0;
	if (toc) {
		size_t e = n;
		while (e > 0 && ((s[e - 1] >= '0' && s[e - 1] <= '9') || s[e - 1] == 'I' || s[e - 1] == 'V' ||
				 s[e - 1] == 'X'))
			e--;
		size_t lead = e;
		for (;;) {
			if (lead > 0 && (s[lead - 1] == ' ' || s[lead - 1] == '.'))
				lead--;
			else if (lead >= 3 && (!strncmp(s + lead - 3, "…", 3) || !strncmp(s + lead - 3, "⋯", 3)))
				lead -= 3;
			else if (lead >= 2 && !strncmp(s + lead - 2, "·", 2))
				lead -= 2;
			else
				break;
		}
		/* a page number only after leaders or a space; leaders alone go too */
		n = lead < e || e == n ? lead : n;
	}
	size_t k = 0;
	for (size_t i = 0; i < n && k + 1 < outlen; i++)
		if (s[i] != ' ' && s[i] != '\t')
			out[k++] = s[i];
	out[k] = '\0';
}

static const struct aclause *toc_clause(const struct adoc *d, const struct atoc *t, const char **heading)
{
	char num[64];
	squeeze(t->num, num, sizeof num, 0);
	/* "附录A" in the contents is annex "A" in the body, its heading after
	 * the role "(资料性)". */
	const char *n = strncmp(num, "附录", 6) == 0 ? num + 6 : num;
	const char *h = t->heading ? t->heading : "";
	if (n != num && h[0] == '(') {
		const char *close = strchr(h, ')');
		h = close ? close + 1 : h;
	}
	*heading = h;
	/* clause numbers of the body as written: "A.1" */
	for (size_t i = 0; i < d->clauses.n; i++)
		if (strcmp(d->clauses.v[i].num, n) == 0)
			return &d->clauses.v[i];
	return NULL;
}

size_t toc_missing_tail(const struct adoc *d, const char **first)
{
	size_t last_found = 0, missing = 0;
	int any_found = 0;
	*first = NULL;
	for (size_t i = 0; i < d->toc.n; i++) {
		const struct atoc *t = &d->toc.v[i];
		const char *h;
		if (t->num && t->heading && *t->heading && toc_clause(d, t, &h)) {
			last_found = i;
			any_found = 1;
		}
	}
	for (size_t i = last_found + 1; any_found && i < d->toc.n; i++) {
		const struct atoc *t = &d->toc.v[i];
		const char *h;
		if (!t->num || !t->heading || !*t->heading || toc_clause(d, t, &h))
			continue;
		if (!missing++)
			*first = t->num;
	}
	return missing >= 2 ? missing : 0;
}

static void check_toc(struct checker *k)
{
	struct adoc *d = k->d;
	if (!d->toc.n)
		return;
	/* Entries missing at the end mean the body stops early (a partial
	 * text): one finding, not one each. */
	const char *tail_first = k->partial_from;
	size_t missing_tail = k->partial;
	size_t entries = 0, with_page = 0;
	for (size_t i = 0; i < d->toc.n; i++) {
		const struct atoc *t = &d->toc.v[i];
		if (!t->heading || !*t->heading)
			continue;
		entries++;
		with_page += t->page != NULL;
	}
	int past_end = 0;
	const char *tail_entry = NULL;   /* "5 实施", the first entry the body lacks */
	for (size_t i = 0; i < d->toc.n; i++) {
		const struct atoc *t = &d->toc.v[i];
		if (!t->num || !t->heading || !*t->heading)
			continue;
		if (missing_tail && t->num == tail_first && !past_end) {
			past_end = 1;
			tail_entry = num_and_title(d, t->num, t->heading);
		}
		const char *h;
		const struct aclause *c = toc_clause(d, t, &h);
		char x[256], y[256];
		if (!c) {
			if (past_end)
				continue;
			finding(k, "TOC-01", t->num, t->heading, 0, strlen(t->heading), t->num, NULL,
				MSG(k, "目次列有“%s %s”，正文中没有 %s；宜更新目次或补充正文",
				    "the contents list %s %s, the body has no %s"),
				t->num, t->heading, t->num);
			continue;
		}
		squeeze(h, x, sizeof x, 1);
		squeeze(c->heading, y, sizeof y, 0);
		if (strcmp(x, y) != 0)
			finding(k, "TOC-01", t->num, t->heading, 0, strlen(t->heading), t->num, NULL,
				MSG(k, "%s：目次中的标题为“%s”，正文为“%s”；宜使目次与正文一致",
				    "%s: the contents read \"%s\", the body \"%s\""),
				t->num, t->heading, c->heading ? c->heading : "");
	}
	/* A text that stops early is a damaged copy, not a drafting defect:
	 * said once, as TXT-01. */
	if (missing_tail)
		finding(k, "TXT-01", tail_first, tail_entry, 0, tail_entry ? strlen(tail_entry) : 0, tail_first, "",
			MSG(k, "文本不完整：正文在目次所列的 %s 之前中断，目次中自 %s 起的 %zu 个条目在正文中都不存在；"
			       "未被使用的术语和未被引用的文件不作检查，宜以完整的文本核对",
			    "the text is incomplete: the body stops before %s, and from %s on %zu entries of the "
			    "contents are not in it; unused terms and uncited references are not checked"),
			tail_first, tail_first, missing_tail);
	if (!entries)
		return;
	/* Entries without a page number, where most have one.  Converter
	 * Markdown (OCR) loses page numbers of its own accord: only a text
	 * as printed (PDF text layer, plain text) is judged on them. */
	int as_printed = !d->source_format || strcmp(d->source_format, "markdown") != 0;
	if (as_printed && with_page * 2 >= entries && with_page < entries) {
		char list[256] = "";
		size_t n = 0;
		const char *first = NULL;
		for (size_t i = 0; i < d->toc.n; i++) {
			const struct atoc *t = &d->toc.v[i];
			if (!t->heading || !*t->heading || t->page)
				continue;
			if (!first)
				first = num_and_title(d, t->num, t->heading);
			const char *name = t->num ? t->num : t->heading;
			if (n++ < 6 && strlen(list) + strlen(name) + 4 < sizeof list) {
				if (list[0])
					strcat(list, "、");
				strcat(list, name);
			}
		}
		finding(k, "TOC-02", NULL, first, 0, first ? strlen(first) : 0, list, NULL,
			MSG(k, "目次中 %zu 个条目没有页码（%s%s）；宜补全页码", "%zu entries of the contents have no "
			    "page number (%s%s)"),
			n, list, n > 6 ? "…" : "");
	}
	/* Chapters of the body the contents leave out (when the body is whole). */
	if (missing_tail)
		return;
	for (size_t i = 0; i < d->clauses.n; i++) {
		const struct aclause *c = &d->clauses.v[i];
		if (strcmp(c->kind, "chapter"))
			continue;
		int found = 0;
		for (size_t j = 0; j < d->toc.n && !found; j++) {
			char num[64];
			squeeze(d->toc.v[j].num, num, sizeof num, 0);
			found = d->toc.v[j].num && strcmp(num, c->num) == 0;
		}
		if (!found)
			finding(k, "TOC-02", c->num, c->heading, 0, c->heading ? strlen(c->heading) : 0, c->num,
				NULL, MSG(k, "第%s章“%s”未列入目次；宜更新目次", "chapter %s (%s) is missing from the contents"),
				c->num, c->heading ? c->heading : "");
	}
}

void check_structure(struct checker *k)
{
	check_elements(k);
	check_basis(k);
	check_scope(k);
	check_metadata(k);
	check_cover(k);
	check_content(k);
	check_toc(k);
}
