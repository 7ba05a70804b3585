/* check-numbering.c - clause numbers, hanging paragraphs and lists (NUM).
 *
 * The numbering anomalies are found by extract (anomalies table); here
 * they become findings with a message.  Hanging paragraphs and lists that
 * split a sentence are read from the clauses. */
#include "checks.h"

#include <stdio.h>
#include <string.h>

/* The word of s before the first occurrence of sep, and the word after it
 * (up to a space, ':' or ';'), into a and b; 0 when sep is not there. */
static int around(const char *s, const char *sep, char *a, size_t al, char *b, size_t bl)
{
	const char *p = strstr(s, sep);
	if (!p)
		return 0;
	const char *w = p;
	while (w > s && w[-1] != ' ')
		w--;
	snprintf(a, al, "%.*s", (int)(p - w), w);
	const char *q = p + strlen(sep), *e = q;
	while (*e && *e != ' ' && *e != ':' && *e != ';')
		e++;
	snprintf(b, bl, "%.*s", (int)(e - q), q);
	return 1;
}

/* An anomaly extract recorded (its detail in English, as the anomalies
 * table has it) said in Chinese into out. */
static void anomaly_zh(const struct aanom *an, char *out, size_t n)
{
	const char *d = an->detail ? an->detail : "";
	char a[64], b[64];
	const char *miss = strstr(d, ": ");
	if (!strcmp(an->kind, "duplicate"))
		snprintf(out, n, "编号 %s 重复", an->clause ? an->clause : "");
	else if (!strcmp(an->kind, "gap") && strstr(d, "is the first"))
		snprintf(out, n, "%s 是其所在层次的第一条，编号宜从 %s 开始", an->clause ? an->clause : "",
			 strstr(d, "starts at A") ? "A" : "1");
	else if (!strcmp(an->kind, "gap") && around(d, " follows ", a, sizeof a, b, sizeof b) && miss) {
		int count = 0;
		if (strstr(miss, " numbers missing") && sscanf(miss + 2, "%d", &count) == 1)
			snprintf(out, n, "%s 之后是 %s，中间缺少 %d 个编号", b, a, count);
		else
			snprintf(out, n, "%s 之后是 %s，缺少 %.*s", b, a, (int)strcspn(miss + 2, " "), miss + 2);
	} else if (!strcmp(an->kind, "out_of_order") && around(d, " comes after ", a, sizeof a, b, sizeof b))
		snprintf(out, n, "%s 排在 %s 之后，顺序颠倒", a, b);
	else if (!strcmp(an->kind, "misplaced") && around(d, " is numbered under ", a, sizeof a, b, sizeof b)) {
		char c[64], e[64];
		if (around(d, " but stands under ", c, sizeof c, e, sizeof e))
			snprintf(out, n, "%s 的编号表明它属于 %s，却位于 %s 之下", a, b, e);
		else
			snprintf(out, n, "%s 的编号与其所在的上级条不符", a);
	} else if (!strcmp(an->kind, "level_skip") && around(d, " stands directly under ", a, sizeof a, b, sizeof b))
		snprintf(out, n, "%s 直接位于 %s 之下，缺少中间的层次", a, b);
	else if (!strcmp(an->kind, "item_sequence") && around(d, " follows ", a, sizeof a, b, sizeof b))
		snprintf(out, n, "列项 %s 紧接在 %s 之后", a, b);
	else if (!strcmp(an->kind, "item_sequence") && strstr(d, "list starts at "))
		snprintf(out, n, "列项从 %s 开始", strstr(d, "list starts at ") + strlen("list starts at "));
	else if (!strcmp(an->kind, "too_deep"))
		snprintf(out, n, "%s 的层次超过五层", an->clause ? an->clause : "");
	else
		snprintf(out, n, "%s", d);
}

static void numbering_anomalies(struct checker *k)
{
	struct adoc *d = k->d;
	for (size_t i = 0; i < d->anomalies.n; i++) {
		const struct aanom *an = &d->anomalies.v[i];
		const char *c = an->clause ? an->clause : "";
		/* Engineering codes number the clauses of a chapter without
		 * sections 1.0.1, 1.0.2: their convention, not a gap. */
		if (d->rules.engineering && strstr(c, ".0."))
			continue;
		/* OCR-damaged numbers make numbering anomalies of their own
		 * (TXT-01 says so once). */
		if (k->damaged && strcmp(an->kind, "item_sequence") && strcmp(an->kind, "too_deep"))
			continue;
		/* Converters lose and merge list markers ("c)" glued to b)). */
		if (k->markdown && !strcmp(an->kind, "item_sequence"))
			continue;
		char zh[256];
		anomaly_zh(an, zh, sizeof zh);
		const char *what = k->a->lang_en ? an->detail : zh;
		if (!strcmp(an->kind, "too_deep"))
			finding(k, "NUM-04", an->clause, NULL, 0, 0, an->detail, NULL,
				MSG(k, "%s：%s；宜减少层次，或改用列项",
				    "%s: %s; flatten it or use a list"),
				c, what);
		else if (!strcmp(an->kind, "item_sequence"))
			finding(k, "NUM-07", an->clause, NULL, 0, 0, an->detail, NULL,
				MSG(k, "%s：列项编号不连续（%s）；宜按 a)、b)、c)…… 顺序编号",
				    "%s: list items out of sequence (%s); letter them a), b), c) …"),
				c, what);
		else
			finding(k, "NUM-01", an->clause, NULL, 0, 0, an->detail, NULL,
				MSG(k, "%s：章条编号有误（%s）；宜按顺序连续编号，下级条的编号以上级条的编号开头",
				    "%s: clause numbering (%s); number clauses in sequence under their parent"),
				c, what);
	}
}

/* Hanging paragraphs: a clause with both its own text and sub-clauses.
 * The references and terms chapters open with their fixed lead-ins before
 * the entries, as GB/T 1.1 wants; an annex's own text is its role line. */
static void hanging_paragraphs(struct checker *k)
{
	struct adoc *d = k->d;
	for (size_t i = 0; i < d->clauses.n; i++) {
		const struct aclause *c = &d->clauses.v[i];
		if (!c->n_children || !c->text || !*c->text || !strcmp(c->kind, "annex"))
			continue;
		/* its "text" is a sub-clause whose number OCR damaged */
		if (damaged_number_line(c->text))
			continue;
		const struct aclause *ch = NULL;
		for (size_t j = 0; j <= i; j++)
			if (!strcmp(d->clauses.v[j].kind, "chapter") && d->clauses.v[j].chapter == c->chapter)
				ch = &d->clauses.v[j];
		if (ch && ch->heading && (strstr(ch->heading, "术语") || strstr(ch->heading, "规范性引用文件") ||
					  strstr(ch->heading, "引用标准")))
			continue;
		const struct aclause *sub = first_child(d, c);
		const char *subnum = sub ? sub->num : "";
		finding(k, "NUM-05", c->num, c->text, 0, 0, NULL, NULL,
			MSG(k, "悬置段：%s 与 %s 之间的段落无法被引用；宜将其改为 %s.1 总则（或概述），其后的条顺延编号",
			    "hanging paragraph: the text between %s and %s cannot be referred to; make it %s.1 "
			    "(General) and renumber the clauses after it"),
			c->num, subnum, c->num);
	}
}

/* Does a list item's text end a sentence part (；。，：, their ASCII
 * forms, 、)? */
static int item_closed(const char *s, size_t n)
{
	while (n > 0 && (s[n - 1] == ' '))
		n--;
	if (n == 0)
		return 1;
	char c = s[n - 1];
	if (c == ';' || c == '.' || c == ',' || c == ':' || c == ')' || c == '?' || c == '!')
		return 1;
	static const char *const marks[] = { "；", "。", "，", "：", "、", "）", "」", "”", NULL };
	for (const char *const *m = marks; *m; m++)
		if (n >= 3 && !memcmp(s + n - 3, *m, 3))
			return 1;
	return 0;
}

/* Length of the list marker at the start of line s ("a) ", "1) ", "— "),
 * 0 when the line is not a list item. */
static size_t item_marker(const char *s, size_t n)
{
	size_t i = 0;
	if (n >= 3 && ((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= '0' && s[0] <= '9'))) {
		while (i < n && i < 2 && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == 0)
			i = 1;
		if (i < n && s[i] == ')')
			return i + 1 < n && s[i + 1] == ' ' ? i + 2 : i + 1;
		return 0;
	}
	if (n >= 6 && !memcmp(s, "——", 6))
		return n > 6 && s[6] == ' ' ? 7 : 6;
	return 0;
}

/* A sentence split across list items (NUM-10): in a list whose items end
 * with punctuation (；or 。), one item stops short, without any, and the
 * next carries its sentence on.  Read from the clause text, one item per
 * line. */
static void split_items(struct checker *k)
{
	struct adoc *d = k->d;
	if (k->ocr)
		return;         /* OCR drops the punctuation this reads */
	for (size_t i = 0; i < d->clauses.n; i++) {
		const struct aclause *c = &d->clauses.v[i];
		if (!c->text)
			continue;
		/* the items of each run of consecutive item lines */
		const char *runs[64];
		size_t lens[64], nrun = 0;
		const char *s = c->text;
		for (;;) {
			const char *e = strchr(s, '\n');
			size_t n = e ? (size_t)(e - s) : strlen(s);
			size_t m = item_marker(s, n);
			if (m && nrun < 64) {
				runs[nrun] = s + m;
				lens[nrun] = n - m;
				nrun++;
			}
			if (!m || !e) {
				/* the run ends: look at it */
				if (nrun >= 3) {
					size_t closed = 0;
					for (size_t j = 0; j < nrun; j++)
						closed += item_closed(runs[j], lens[j]);
					for (size_t j = 0; j + 1 < nrun; j++)
						if (!item_closed(runs[j], lens[j]) && closed + 1 >= nrun) {
							finding(k, "NUM-10", c->num, runs[j], lens[j], 0, NULL, NULL,
								MSG(k, "%s：一个列项未结束就由下一个列项接续，句子被拆分在两个列项中；"
								       "宜合并为一项，或使每一项各自成句",
								    "%s: a list item stops mid-sentence and the next item carries it "
								    "on; merge them or make each item whole"),
								c->num);
							break;
						}
				}
				nrun = 0;
			}
			if (!e)
				break;
			s = e + 1;
		}
	}
}

void check_numbering(struct checker *k)
{
	numbering_anomalies(k);
	hanging_paragraphs(k);
	split_items(k);
}
