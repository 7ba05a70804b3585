/* parse.c - the structure of a standard from its repaired lines.
 *
 * One pass over the lines with a small state machine that follows the
 * element order of GB/T 1.1-2020: cover, table of contents, foreword,
 * introduction, the numbered chapters (scope, normative references, terms,
 * body), annexes, bibliography, index.  Numbered lines build the clause
 * tree; every other line becomes a paragraph of the clause it stands in
 * (text, list item, note, example).  Numbering problems met on the way
 * (gaps, duplicates, a clause standing under the wrong parent) are recorded
 * as anomalies: facts for the analyze stage, not errors.
 *
 * A pattern failure (match limit, JIT stack) aborts the document with an
 * error: it is never read as "no match". */
#include "extract.h"
#include "cover.h"
#include "headword.h"
#include "paragraph.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum region { R_COVER, R_TOC, R_FOREWORD, R_INTRO, R_BODY, R_BIBLIO, R_INDEX };

struct parser {
	struct extractor *x;
	struct doc *d;
	struct line *L;         /* x->rep.lines: wrapped lines are joined in place */
	size_t n;
	enum region region;
	size_t toc_end;         /* first line after the table of contents */
	int cur;                /* clause receiving paragraphs, -1 none */
	int open[9];            /* latest clause at each level 1..8 */
	int last_chapter;       /* number of the latest chapter */
	int last_annex;         /* letter value of the latest annex (A = 1) */
	int chapter_jump, annex_jump; /* their values before a gap (see check_sequence) */
	int shadow[9];          /* at each level, the clause that a wrongly numbered
				 * one took the place of, -1 none (see add_clause) */
	int chapter_num;        /* number of the chapter we are in, 0 in annexes */
	int annex_letter;       /* letter of the annex we are in, 0 in chapters */
	int refs_chapter;       /* index of the 规范性引用文件 chapter, -1 */
	int terms_chapter;      /* index of the 术语和定义 chapter, -1 */
	int body_element;       /* "正文" already listed */
	int row_next;           /* next number of a run of numbered table rows, 0 none */
	int join;               /* wrapped lines joined: 0 never (Markdown, HTML: their
				 * paragraphs are their lines), 1 lines with no empty
				 * line between them (text), 2 also across a page
				 * break (PDF) */
	unsigned wrap_min;      /* a line narrower than this ends its paragraph */
	int failed;
	char *err;
	size_t errlen;
};

/* ---- small helpers ------------------------------------------------- */

static const char *dup(struct parser *p, const char *s, size_t n)
{
	return arena_strndup(&p->d->arena, s, n);
}

static const char *dupf(struct parser *p, const char *fmt, const char *a, const char *b)
{
	char tmp[512];
	snprintf(tmp, sizeof tmp, fmt, a, b ? b : "");
	return arena_strdup(&p->d->arena, tmp);
}

/* Match pattern id against line l.  Returns > 0 matched, 0 not; on a
 * pattern failure records the error and returns 0 with p->failed set. */
static int match(struct parser *p, int id, const struct line *l)
{
	if (p->failed)
		return 0;
	int rc = rx_match(&p->x->pat.rx[id], &p->x->rc, l->s, l->len, 0);
	if (rc < 0) {
		char msg[128];
		rx_errmsg(rc, msg, sizeof msg);
		snprintf(p->err, p->errlen, "line %u: pattern %s failed: %s",
			 l->lineno, p->x->pat.rx[id].name, msg);
		p->failed = 1;
		return 0;
	}
	return rc;
}

/* Capture group g of the last match on l, copied into the arena; NULL
 * when unset. */
static const char *group(struct parser *p, const struct line *l, int g)
{
	size_t a = rx_start(&p->x->rc, g), b = rx_end(&p->x->rc, g);
	if (a == (size_t)-1 || b < a)
		return NULL;
	return dup(p, l->s + a, b - a);
}

/* group() that also gives the group's length (0 when it is unset).  A
 * group that runs to the end of the line is the line's own tail, already
 * NUL-terminated in the repaired text: it is returned in place, not
 * copied.  So l must be a line of the repaired text (p->L). */
static const char *group_n(struct parser *p, const struct line *l, int g, size_t *len)
{
	size_t a = rx_start(&p->x->rc, g), b = rx_end(&p->x->rc, g);
	if (a == (size_t)-1 || b < a) {
		*len = 0;
		return NULL;
	}
	*len = b - a;
	if (b == l->len)
		return l->s + a;
	return dup(p, l->s + a, b - a);
}

static int group_empty(struct parser *p, int g)
{
	size_t a = rx_start(&p->x->rc, g), b = rx_end(&p->x->rc, g);
	return a == (size_t)-1 || b <= a;
}

/* Does line l name the element word ("参考文献", "前言", "目次", "引言",
 * "索引"), however spaced or written (headword.h)? */
static int is_element(const struct line *l, const char *word)
{
	const char *e = element_heading(l->s, l->len);
	return e && strcmp(e, word) == 0;
}

/* Does s[0, n) contain needle?  Lines are short and needles a character
 * or a word: memchr for the first byte beats memmem's set-up here. */
static int contains(const char *s, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	const char *end = s + n, *p = s;
	while (k && (size_t)(end - p) >= k && (p = memchr(p, needle[0], (size_t)(end - p) - k + 1))) {
		if (memcmp(p, needle, k) == 0)
			return 1;
		p++;
	}
	return 0;
}

/* A heading is short and is not a sentence. */
static int heading_like(const char *s, size_t n)
{
	if (n == 0 || n > 160)
		return 0;
	if (contains(s, n, "。") || memchr(s, ';', n) || memchr(s, ',', n) || contains(s, n, "，"))
		return 0;
	/* "……不应少于6个月.": a sentence with the converter's full stop */
	if (n >= 2 && s[n - 1] == '.' && ends_sentence(s, n))
		return 0;
	/* a colon inside a short heading ("场景一:合格投资者认证"); one that
	 * ends the line leads in to what follows */
	const char *c = memchr(s, ':', n);
	return !c || (n <= 90 && s[n - 1] != ':' && !memchr(c + 1, ':', (size_t)(s + n - c - 1)));
}

/* Does s start with punctuation that cannot begin a heading (。，、；： and
 * their ASCII forms, a closing bracket, ~)?  "A.13。", "3.7、3.8" are a
 * sentence going on, not a clause. */
static int starts_with_punct(const char *s, size_t n)
{
	static const char *const marks[] = { "。", "，", "、", "；", "：", "”", "）", NULL };
	if (!n)
		return 0;
	if (strchr(",;:.)~", s[0]))
		return 1;
	for (const char *const *m = marks; *m; m++)
		if (n >= 3 && memcmp(s, *m, 3) == 0)
			return 1;
	return 0;
}

static int starts_with_word(const char *s, size_t n, const char *w)
{
	size_t k = strlen(w);
	return n >= k && memcmp(s, w, k) == 0;
}

static void add_element(struct parser *p, const char *name, uint32_t line)
{
	struct element *e = vec_push(&p->d->elements);
	e->name = name;
	e->line = line;
}

static void anomaly(struct parser *p, const char *kind, const char *clause, const char *detail)
{
	struct anomaly *a = vec_push(&p->d->anomalies);
	a->kind = kind;
	a->clause = clause;
	a->detail = detail;
}

/* Last component of a clause number as an integer (annex letter A = 1). */
static int last_component(const char *num)
{
	const char *dot = strrchr(num, '.');
	const char *s = dot ? dot + 1 : num;
	if (*s >= 'A' && *s <= 'Z')
		return *s - 'A' + 1;
	return clause_int(s);
}

/* "7.1.2.1" -> "7.1.2" in out; "" for a single component. */
static void parent_number(const char *num, char *out, size_t outlen)
{
	const char *dot = strrchr(num, '.');
	size_t k = dot ? (size_t)(dot - num) : 0;
	if (k >= outlen)
		k = outlen - 1;
	memcpy(out, num, k);
	out[k] = '\0';
}

static int count_levels(const char *num)
{
	int n = 1;
	for (const char *s = num; *s; s++)
		n += *s == '.';
	return n;
}

/* ---- the clause tree ----------------------------------------------- */

static void close_current(struct parser *p, uint32_t end)
{
	if (p->cur >= 0)
		p->d->clauses.v[p->cur].end = end;
}

/* Check a new node's number against its predecessor under the same parent
 * and record gaps, duplicates and disorder.  counter is the parent's
 * last_child field (or the chapter/annex counter); jump is the parent's
 * jump_from (doc.h).  One wrong number must give one anomaly, not one for
 * each right number after it: in "4.5.3.1, 4.5.3.5 (for 4.5.3.1.5),
 * 4.5.3.1.7, 4.5.3.2" the 4.5.3.2 resumes the sequence the wrong number
 * broke, silently.  Returns 1 when an anomaly was recorded. */
static int check_sequence(struct parser *p, const char *num, int *counter, int *jump,
			  const char *parent_desc, int letters)
{
	int v = last_component(num);
	int prev = *counter;
	if (v == prev + 1 || (*jump < 0 && v == -*jump)) {
		*counter = v;
		*jump = 0;
		return 0;
	}
	char a[16], b[16];
	if (letters) {
		snprintf(a, sizeof a, "%c", 'A' + prev);
		snprintf(b, sizeof b, "%c", 'A' + prev - 1);
	} else {
		snprintf(a, sizeof a, "%d", prev + 1);
		snprintf(b, sizeof b, "%d", prev);
	}
	char detail[256];
	if (v == prev) {
		snprintf(detail, sizeof detail, "%s appears twice%s%s", num,
			 parent_desc[0] ? " under " : "", parent_desc);
		anomaly(p, "duplicate", num, dup(p, detail, strlen(detail)));
	} else if (v > prev + 1) {
		if (prev == 0)
			snprintf(detail, sizeof detail, "%s is the first%s%s: numbering starts at %s",
				 num, parent_desc[0] ? " under " : " at its level", parent_desc,
				 letters ? "A" : "1");
		else if (v == prev + 2)
			snprintf(detail, sizeof detail, "%s follows %s%s%s: %s%s%s missing", num,
				 parent_desc, parent_desc[0] ? "." : "", b,
				 parent_desc, parent_desc[0] ? "." : "", a);
		else
			snprintf(detail, sizeof detail, "%s follows %s%s%s: %d numbers missing", num,
				 parent_desc, parent_desc[0] ? "." : "", b, v - prev - 1);
		anomaly(p, "gap", num, dup(p, detail, strlen(detail)));
		if (!*jump)
			*jump = prev + 1;
	} else if (v < prev) {
		snprintf(detail, sizeof detail, "%s comes after %s%s%d", num,
			 parent_desc[0] ? parent_desc : "", parent_desc[0] ? "." : "", prev);
		anomaly(p, "out_of_order", num, dup(p, detail, strlen(detail)));
	}
	if (v > prev)
		*counter = v;
	return 1;
}

/* Add a clause node; level 1 nodes are chapters or annexes. */
static int add_clause(struct parser *p, const char *num, enum clause_kind kind,
		      const char *heading, const struct line *l)
{
	struct doc *d = p->d;
	int level = count_levels(num);
	close_current(p, l->off);
	int parent = -1, bad = 0;
	if (level > 1) {
		char want[64];
		parent_number(num, want, sizeof want);
		for (int k = level - 1; k >= 1; k--)
			if (p->open[k] >= 0) {
				parent = p->open[k];
				break;
			}
		/* Resync: "4.5.3.1 … 4.5.3.5 (for 4.5.3.1.5) … 4.5.3.1.7": the
		 * wrong number took 4.5.3.1's place; 4.5.3.1.7 goes back under
		 * it, the wrong one counted as the child it stood for when its
		 * number continues 4.5.3.1's children. */
		int sh = level <= 8 ? p->shadow[level - 1] : -1;
		if (sh >= 0 && parent >= 0 && strcmp(d->clauses.v[parent].num, want) != 0 &&
		    strcmp(d->clauses.v[sh].num, want) == 0) {
			struct clause *back = &d->clauses.v[sh], *wrong = &d->clauses.v[parent];
			if (wrong->level == level - 1 && last_component(wrong->num) == back->last_child + 1)
				back->last_child++;
			if (wrong->parent >= 0 && d->clauses.v[wrong->parent].jump_from > 0)
				d->clauses.v[wrong->parent].jump_from *= -1;   /* it was misnumbered */
			parent = sh;
			p->open[level - 1] = sh;
		}
		if (parent >= 0) {
			struct clause *pc = &d->clauses.v[parent];
			if (pc->level != level - 1) {
				anomaly(p, "level_skip", num,
					dupf(p, "%s stands directly under %s: the level between is missing",
					     num, pc->num));
				bad = 1;
			}
			if (strcmp(pc->num, want) != 0) {
				char detail[256];
				snprintf(detail, sizeof detail,
					 "%s is numbered under %s but stands under %s", num, want, pc->num);
				anomaly(p, "misplaced", num, dup(p, detail, strlen(detail)));
				bad = 1;
			} else {
				bad |= check_sequence(p, num, &pc->last_child, &pc->jump_from, pc->num, 0);
			}
			pc->n_children++;
		}
		if (level > 5)
			anomaly(p, "too_deep", num,
				dupf(p, "%s has %s levels; GB/T 1.1 subdivides clauses to the fifth level",
				     num, level > 9 ? "many" : (const char[]){ (char)('0' + level), 0 }));
	}
	struct clause *c = vec_push(&d->clauses);
	c->num = num;
	c->level = level;
	c->parent = parent;
	c->kind = kind;
	c->heading = heading;
	c->first_para = d->paras.n;
	c->line = l->lineno;
	c->start = l->off;
	c->end = l->off + l->len;
	int idx = (int)(d->clauses.n - 1);
	if (level <= 8) {
		/* a wrongly numbered clause keeps the place of the one it took */
		if (!bad)
			p->shadow[level] = -1;
		else if (p->shadow[level] < 0)
			p->shadow[level] = p->open[level];
		p->open[level] = idx;
		for (int k = level + 1; k <= 8; k++)
			p->open[k] = p->shadow[k] = -1;
	}
	p->cur = idx;
	return idx;
}

/* A paragraph of the current clause; len is strlen(text) (0 for NULL). */
static void add_para(struct parser *p, enum para_kind kind, const char *marker,
		     int level, const char *text, size_t len, const struct line *l)
{
	if (p->cur < 0)
		return;
	struct para *pa = vec_push(&p->d->paras);
	pa->kind = kind;
	pa->marker = marker;
	pa->level = level;
	pa->text = text;
	pa->len = (uint32_t)len;
	pa->line = l->lineno;
	struct clause *c = &p->d->clauses.v[p->cur];
	c->n_para = p->d->paras.n - c->first_para;
	c->end = l->off + l->len;
}

/* ---- element recognition ------------------------------------------- */

/* Is a heading the title of the symbols and abbreviations element ("缩略语",
 * "符号和缩略语" …)?  Only the element's own titles: a body chapter
 * "图形符号要求" is body. */
static int symbols_heading(const char *h, size_t n)
{
	static const char *const symbols[] = { "符号", "缩略语", "符号和缩略语", "缩略语和符号",
		"符号、代号和缩略语", "代号和缩略语", "符号和代号", "符号与缩略语", NULL };
	char t[96];
	fold_heading(h, n, t, sizeof t);
	for (const char *const *w = symbols; *w; w++)
		if (!strcmp(t, *w))
			return 1;
	return 0;
}

static const char *chapter_element(const char *heading)
{
	size_t n = strlen(heading);
	char t[256];
	size_t k = fold_heading(heading, n, t, sizeof t);
	/* 适用范围 and 引用标准: the scope and references of environmental (HJ)
	 * standards */
	if (!strcmp(t, "范围") || !strcmp(t, "适用范围"))
		return "范围";
	if (contains(t, k, "规范性引用文件") || !strcmp(t, "引用标准"))
		return "规范性引用文件";
	if (contains(t, k, "术语"))
		return "术语和定义";
	if (symbols_heading(heading, n))
		return "符号和缩略语";
	return NULL;
}

/* A chapter line: number, then a heading; the number continues the
 * chapter sequence closely enough not to be a number starting a sentence. */
/* Does line l start with the clause number "N." (a clause of chapter N)? */
static int starts_clause_of(const struct line *l, int n)
{
	char want[16];
	int k = snprintf(want, sizeof want, "%d.", n);
	return l && l->len > (uint32_t)k && memcmp(l->s, want, (size_t)k) == 0 &&
	       l->s[k] >= '0' && l->s[k] <= '9';
}

static int start_chapter(struct parser *p, const char *num, const char *rest, size_t rest_len,
			 const struct line *l, const struct line *next)
{
	int n = clause_int(num);
	if (!rest || !heading_like(rest, rest_len))
		return 0;
	if (p->annex_letter)     /* chapters do not follow annexes */
		return 0;
	/* "1 日间照料", "2 助餐服务" ... inside a chapter are the rows of a
	 * table or a numbered list: a number not above the current chapter
	 * starts such a run, and the run goes on with the next numbers, unless
	 * the line is followed by a clause of its own ("6" then "6.1"). */
	if (n <= p->last_chapter || n > p->last_chapter + 3) {
		if (n >= 1 && p->last_chapter)
			p->row_next = n + 1;
		return 0;
	}
	if (n == p->row_next && !starts_clause_of(next, n)) {
		p->row_next = n + 1;
		return 0;
	}
	check_sequence(p, num, &p->last_chapter, &p->chapter_jump, "", 0);
	int idx = add_clause(p, num, CK_CHAPTER, rest, l);
	p->chapter_num = n;
	const char *el = chapter_element(rest);
	if (el) {
		add_element(p, el, l->lineno);
		if (strcmp(el, "规范性引用文件") == 0 && p->refs_chapter < 0)
			p->refs_chapter = idx;
		if (strcmp(el, "术语和定义") == 0 && p->terms_chapter < 0)
			p->terms_chapter = idx;
	} else if (!p->body_element) {
		add_element(p, "正文", l->lineno);
		p->body_element = 1;
	}
	return 1;
}

/* A numbered line inside a chapter: "5.1 heading", "6.1.1 text ...". */
static int start_clause(struct parser *p, const char *num, const char *rest, size_t rest_len,
			const struct line *l, enum clause_kind kind)
{
	const char *heading = NULL;
	if (kind == CK_CLAUSE) {
		if (clause_int(num) != p->chapter_num || p->annex_letter)
			return 0;
	} else if (!p->annex_letter || num[0] != 'A' + p->annex_letter - 1) {
		return 0;
	}
	/* "A.13。" is the end of a sentence ("…见表" / "A.13。"), not a clause */
	if (starts_with_punct(rest, rest_len))
		return 0;
	if (rest_len && heading_like(rest, rest_len))
		heading = rest;
	int idx = add_clause(p, num, kind, heading, l);
	if (rest_len && !heading)
		add_para(p, PARA_TEXT, NULL, 0, rest, rest_len, l);
	/* "3.2 缩略语" in a chapter "术语、定义和缩略语": that element, inside it */
	if (heading && p->terms_chapter >= 0 && p->d->clauses.v[idx].level == 2 &&
	    p->d->clauses.v[idx].parent == p->terms_chapter && symbols_heading(heading, rest_len))
		add_element(p, "符号和缩略语", l->lineno);
	p->row_next = 0;        /* a table of numbered rows ends before a clause */
	return 1;
}

/* ---- cover, table of contents, foreword ---------------------------- */

/* Where a second contents entry starts on the same line, 0 when none:
 * converters put two short entries on one line ("前言 VIII引言 IX",
 * "6.1 目标设定6.2 相关特点").  A clause number right after a Chinese
 * character, or an element word after a page number, starts one. */
static size_t toc_second_entry(const char *s, size_t n)
{
	static const char *const words[] = { "前言", "引言", "参考文献", "附录", "索引", NULL };
	for (size_t k = 3; k + 3 < n; k++) {
		if ((unsigned char)s[k - 1] >= 0x80 && s[k] >= '0' && s[k] <= '9') {
			size_t j = k;
			while (j < n && s[j] >= '0' && s[j] <= '9')
				j++;
			if (j - k <= 2 && j + 1 < n && s[j] == '.' && s[j + 1] >= '0' && s[j + 1] <= '9') {
				j++;
				while (j < n && ((s[j] >= '0' && s[j] <= '9') || s[j] == '.'))
					j++;
				if (j < n && (s[j] == ' ' || (unsigned char)s[j] >= 0x80))
					return k;
			}
		}
		if ((unsigned char)s[k] >= 0xE0) {
			int word = 0;
			for (const char *const *w = words; *w && !word; w++)
				word = n - k >= strlen(*w) && memcmp(s + k, *w, strlen(*w)) == 0;
			if (!word)
				continue;
			size_t e = k;     /* a page number before it: " III", " 12" */
			while (e > 0 && s[e - 1] == ' ')
				e--;
			size_t b = e;
			while (b > 0 && ((s[b - 1] >= '0' && s[b - 1] <= '9') || s[b - 1] == 'I' ||
					 s[b - 1] == 'V' || s[b - 1] == 'X'))
				b--;
			if (b < e && b > 0 && s[b - 1] == ' ')
				return k;
		}
	}
	return 0;
}

/* One contents entry: its number, its heading without the leader dots,
 * its page ("5.1 一般要求 …… 2", "3.1术语...", "附录 B(资料性)… . .28"). */
static void toc_entry(struct parser *p, const struct line *l)
{
	if (!match(p, P_TOC_ENTRY, l))
		return;
	size_t a = rx_start(&p->x->rc, 2), b = rx_end(&p->x->rc, 2);
	/* leaders without a page number stay in the heading: drop them */
	while (b > a) {
		if (l->s[b - 1] == '.' || l->s[b - 1] == ' ')
			b--;
		else if (b - a >= 3 && (!memcmp(l->s + b - 3, "…", 3) || !memcmp(l->s + b - 3, "⋯", 3)))
			b -= 3;
		else if (b - a >= 2 && !memcmp(l->s + b - 2, "·", 2))
			b -= 2;
		else
			break;
	}
	if (b == a && group_empty(p, 1))
		return;
	struct toc_entry *t = vec_push(&p->d->toc);
	t->num = group_empty(p, 1) ? NULL : group(p, l, 1);
	t->heading = dup(p, l->s + a, b - a);
	t->page = group_empty(p, 3) ? NULL : group(p, l, 3);
}

static void parse_toc_line(struct parser *p, const struct line *l)
{
	struct line part = *l;
	size_t k;
	while ((k = toc_second_entry(part.s, part.len)) != 0 && !p->failed) {
		struct line first = part;
		first.len = (uint32_t)k;
		while (first.len && first.s[first.len - 1] == ' ')
			first.len--;
		toc_entry(p, &first);
		part.s += k;
		part.len -= (uint32_t)k;
	}
	toc_entry(p, &part);
}

/* Split a list of names ("甲、乙,丙。") into v. */
static void split_names(struct parser *p, const char *s, void *vecp)
{
	VEC(const char *) *v = vecp;
	const char *q = s;
	while (*q) {
		size_t k = 0;
		while (q[k] && q[k] != ',' && q[k] != ';' &&
		       !(strncmp(q + k, "、", 3) == 0) && !(strncmp(q + k, "。", 3) == 0))
			k++;
		size_t a = 0, b = k;
		while (a < b && q[a] == ' ')
			a++;
		while (b > a && q[b - 1] == ' ')
			b--;
		if (b > a && !(b - a == 3 && memcmp(q + a, "…", 3) == 0))
			*vec_push(v) = dup(p, q + a, b - a);
		q += k;
		if (*q == ',' || *q == ';')
			q++;
		else if (*q)
			q += 3;
	}
}

static void parse_foreword_line(struct parser *p, const struct line *l)
{
	struct doc *d = p->d;
	if (l->len < 6 || memcmp(l->s, "本", 3) != 0)
		return;
	if (match(p, P_ORGS, l)) {
		d->orgs_line = 1;
		split_names(p, group(p, l, 1), &d->orgs);
		return;
	}
	if (match(p, P_DRAFTERS, l)) {
		d->drafters_line = 1;
		split_names(p, group(p, l, 1), &d->drafters);
		return;
	}
	if (match(p, P_PROPOSER, l))
		d->proposer = group(p, l, 1);
	if (match(p, P_RESPONSIBLE, l))
		d->responsible = group(p, l, 1);
	if (!d->drafting_basis && contains(l->s, l->len, "起草")) {
		struct stdcode sc;
		if (stdcode_find(&p->x->codes, &p->x->rc, l->s, l->len, 0, &sc) > 0 &&
		    strcmp(sc.prefix, "GB/T") == 0 && strcmp(sc.num, "1.1") == 0) {
			char full[80];
			stdcode_full(&sc, full, sizeof full);
			d->drafting_basis = arena_strdup(&d->arena, full);
		}
	}
}

/* The heading of a chapter-1 line ("1 范围 ...... 1" or "1范围"), spaces,
 * dot leaders and a trailing page number removed, into out; 0 when the
 * line is not one. */
static int chapter1_heading(const struct line *l, char *out, size_t outlen)
{
	if (l->len < 4 || l->s[0] != '1' || !(l->s[1] == ' ' || (unsigned char)l->s[1] >= 0x80))
		return 0;
	size_t e = l->len;
	while (e > 1 && l->s[e - 1] >= '0' && l->s[e - 1] <= '9')
		e--;
	if (e == 1)
		e = l->len;
	size_t k = 0;
	for (size_t i = 1; i < e && k + 1 < outlen; i++) {
		unsigned char c = (unsigned char)l->s[i];
		if (c == ' ' || c == '.' || c == '\t')
			continue;
		if (i + 2 < e && (!memcmp(l->s + i, "…", 3) || !memcmp(l->s + i, "⋯", 3))) {
			i += 2;
			continue;
		}
		if (i + 1 < e && !memcmp(l->s + i, "·", 2)) {
			i += 1;
			continue;
		}
		out[k++] = (char)c;
	}
	out[k] = '\0';
	return k > 0;
}

/* Where does the table of contents that starts at line t end?  At the
 * foreword or introduction heading when there is one; else where the
 * chapter-1 heading listed in it comes again without a page number (the
 * body's own "1 范围"); else at a chapter-1 line followed by a paragraph.
 * When none is found, the contents are only their heading. */
static size_t find_toc_end(struct parser *p, size_t t)
{
	for (size_t j = t + 1; j < p->n && j < t + 600; j++)
		if (is_element(&p->L[j], "前言") ||
		    is_element(&p->L[j], "引言"))
			return j;
	char first[256], again[256];
	for (size_t j = t + 1; j < p->n && j < t + 600; j++) {
		if (!chapter1_heading(&p->L[j], first, sizeof first))
			continue;
		for (size_t k = j + 1; k < p->n; k++) {
			const struct line *l = &p->L[k];
			if (l->s[l->len - 1] >= '0' && l->s[l->len - 1] <= '9')
				continue;    /* another entry, with its page */
			if (chapter1_heading(l, again, sizeof again) && strcmp(first, again) == 0)
				return k;
		}
		break;
	}
	for (size_t j = t + 1; j + 1 < p->n; j++) {
		const struct line *l = &p->L[j], *next = &p->L[j + 1];
		if (l->len >= 4 && l->s[0] == '1' && (l->s[1] == ' ' || (unsigned char)l->s[1] >= 0x80) &&
		    (l->s[l->len - 1] < '0' || l->s[l->len - 1] > '9') &&
		    !(next->s[0] >= '0' && next->s[0] <= '9') && next->len > 60)
			return j;
	}
	return t + 1;
}

/* ---- body lines ---------------------------------------------------- */

static void parse_ref_entry(struct parser *p, const struct line *l, enum ref_kind kind,
			    const char *text)
{
	struct ref *r = vec_push(&p->d->refs);
	r->kind = kind;
	r->raw = text;
	struct stdcode sc;
	size_t tl = strlen(text);
	int m = stdcode_find(&p->x->codes, &p->x->rc, text, tl, 0, &sc);
	if (m < 0) {
		snprintf(p->err, p->errlen, "line %u: code pattern failed", l->lineno);
		p->failed = 1;
		return;
	}
	if (m > 0 && sc.start == 0) {
		char base[80];
		stdcode_base(&sc, base, sizeof base);
		r->code = arena_strdup(&p->d->arena, base);
		r->year = sc.year[0] ? arena_strdup(&p->d->arena, sc.year) : NULL;
		const char *rest = text + sc.end;
		while (*rest == ' ')
			rest++;
		if (strncmp(rest, "(所有部分)", strlen("(所有部分)")) == 0) {
			r->all_parts = 1;
			rest += strlen("(所有部分)");
			while (*rest == ' ')
				rest++;
		}
		r->title = *rest ? rest : NULL;
	} else {
		r->title = text;
	}
}

/* A reference entry printed with wide gaps, which the PDF converter wrote
 * as a table row ("| JT/T 415-2006 | 道路运输电子政务平台 | 编目编码规则 |"):
 * its cells joined by spaces when the first is a standard code, else the
 * line as it is.  *len gets the length. */
static const char *unpiped_entry(struct parser *p, const struct line *l, size_t *len)
{
	struct buf b = BUF_INIT;
	const char *s = l->s, *e = l->s + l->len;
	while (s < e) {
		while (s < e && (*s == '|' || *s == ' '))
			s++;
		const char *c = s;
		while (s < e && *s != '|')
			s++;
		const char *ce = s;
		while (ce > c && ce[-1] == ' ')
			ce--;
		if (ce > c) {
			if (b.len)
				buf_putc(&b, ' ');
			buf_append(&b, c, (size_t)(ce - c));
		}
	}
	struct stdcode sc;
	int m = b.len ? stdcode_find(&p->x->codes, &p->x->rc, b.p, b.len, 0, &sc) : 0;
	const char *t = l->s;
	*len = l->len;
	if (m < 0) {
		snprintf(p->err, p->errlen, "line %u: code pattern failed", l->lineno);
		p->failed = 1;
	} else if (m > 0 && sc.start == 0) {
		t = dup(p, b.p, b.len);
		*len = b.len;
	}
	buf_free(&b);
	return t;
}

/* Can s start a P_DASH marker (— – - · • ●: bytes E2 .., '-', C2 B7)? */
static int may_start_dash(const char *s)
{
	unsigned char c = (unsigned char)s[0];
	return c == 0xE2 || c == '-' || c == 0xC2;
}

/* A non-numbered line in a chapter or annex. */
static void body_paragraph(struct parser *p, const struct line *l)
{
	const char *s = l->s;
	if (p->cur < 0)
		return;
	if (p->cur == p->refs_chapter) {
		size_t tl = l->len;
		const char *text = s[0] == '|' ? unpiped_entry(p, l, &tl) : l->s;
		add_para(p, PARA_TEXT, NULL, 0, text, tl, l);
		if (!(contains(s, l->len, "下列文件") || contains(s, l->len, "没有规范性引用文件") ||
		      contains(s, l->len, "适用于本文件")))
			parse_ref_entry(p, l, REF_NORMATIVE, text);
		return;
	}
	if ((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= '0' && s[0] <= '9')) {
		if (match(p, P_ITEM, l)) {
			/* "a)", "12)": the marker (group 1, at the line's start)
			 * and its parenthesis, without the space OCR may put
			 * between them ("c )") */
			size_t ml = rx_end(&p->x->rc, 1);
			int level = s[0] >= 'a' ? 1 : 2;
			size_t tl;
			const char *t = group_n(p, l, 2, &tl);
			const char *marker;
			if (s[ml] == ')') {
				marker = dup(p, s, ml + 1);
			} else {
				char mk[8] = { s[0], ml > 1 ? s[1] : ')', ')', 0 };
				marker = dup(p, mk, ml + 1);
			}
			add_para(p, PARA_ITEM, marker, level, t, tl, l);
			return;
		}
	} else if (may_start_dash(s) && match(p, P_DASH, l)) {
		const char *marker = group(p, l, 1);
		int level = strcmp(marker, "·") == 0 || strcmp(marker, "•") == 0 ? 2 : 1;
		size_t tl;
		const char *t = group_n(p, l, 2, &tl);
		add_para(p, PARA_ITEM, marker, level, t, tl, l);
		return;
	} else if (strncmp(s, "注", 3) == 0 && match(p, P_NOTE, l)) {
		const char *label = "注";
		if (!group_empty(p, 1))
			label = dupf(p, "注%s", group(p, l, 1), NULL);
		size_t tl;
		const char *t = group_n(p, l, 2, &tl);
		add_para(p, PARA_NOTE, label, 0, t, tl, l);
		return;
	} else if (strncmp(s, "示例", 6) == 0 && match(p, P_EXAMPLE, l)) {
		size_t tl;
		const char *t = group_n(p, l, 2, &tl);
		add_para(p, PARA_EXAMPLE, "示例", 0, t, tl, l);
		return;
	}
	add_para(p, PARA_TEXT, NULL, 0, l->s, l->len, l);
}

/* The role (group g of the last match on l) as GB/T 1.1 names it,
 * however it was spaced or written ("資料性"). */
static const char *annex_role(struct parser *p, const struct line *l, int g)
{
	size_t a = rx_start(&p->x->rc, g), b = rx_end(&p->x->rc, g);
	char t[32];
	fold_heading(l->s + a, b - a, t, sizeof t);
	return !strcmp(t, "规范性") ? "规范性" : "资料性";
}

/* "附录A (资料性) title", possibly spread over three lines.  Returns the
 * number of extra lines consumed. */
static size_t start_annex(struct parser *p, size_t i)
{
	const struct line *l = &p->L[i];
	const char *letter = group(p, l, 1);
	const char *role = group_empty(p, 2) ? NULL : annex_role(p, l, 2);
	const char *title = group_empty(p, 3) ? NULL : group(p, l, 3);
	size_t used = 0;
	if (!role && i + 1 < p->n && match(p, P_ROLE, &p->L[i + 1])) {
		role = annex_role(p, &p->L[i + 1], 1);
		used++;
	}
	if (!title && i + used + 1 < p->n) {
		const struct line *t = &p->L[i + used + 1];
		if (heading_like(t->s, t->len) && !(t->s[0] >= 'A' && t->s[0] <= 'Z' && t->len > 1 && t->s[1] == '.') &&
		    !is_element(t, "参考文献")) {
			title = t->s;
			used++;
		}
	}
	check_sequence(p, letter, &p->last_annex, &p->annex_jump, "", 1);
	p->annex_letter = letter[0] - 'A' + 1;
	p->chapter_num = 0;
	int idx = add_clause(p, letter, CK_ANNEX, title, l);
	p->d->clauses.v[idx].role = role;
	char name[32];
	snprintf(name, sizeof name, "附录%s", letter);
	add_element(p, arena_strdup(&p->d->arena, name), l->lineno);
	return used;
}

/* ---- paragraphs a PDF wrapped over lines ---------------------------- */

/* Does the unfinished line prev[0, n) end where a number must follow:
 * "见表", "应符合", "和", "、"?  A line that is only a number ("A.13")
 * after such a line is the rest of the reference. */
static int ends_with_reference(const char *s, size_t n)
{
	static const char *const tails[] = { "见", "表", "图", "按", "和", "或", "及", "与", "、", "至",
		"第", "照", "据", "符合", "附录", "，", NULL };
	if (n && strchr(",(~-", s[n - 1]))
		return 1;
	for (const char *const *t = tails; *t; t++) {
		size_t k = strlen(*t);
		if (n >= k && memcmp(s + n - k, *t, k) == 0)
			return 1;
	}
	return 0;
}

/* A numbered line after a line that does not end its sentence: is it the
 * sentence going on ("…见表" / "A.13。", "…按照" / "4.4.7 中的规定。", "…长度
 * 为" / "2 个字节。") rather than a clause?  num[0, nl) is the number,
 * rest[0, rl) what follows it. */
static int number_continues(const char *prev, size_t pn, const char *num, size_t nl,
			    const char *rest, size_t rl)
{
	if (rl == 0)
		return ends_with_reference(prev, pn);
	/* "2、现场机……": an item of a list numbered the Chinese way */
	if (!memchr(num, '.', nl) && starts_with_word(rest, rl, "、"))
		return 0;
	if (starts_with_punct(rest, rl) || starts_with_word(rest, rl, "的") ||
	    starts_with_word(rest, rl, "之"))
		return 1;
	if (starts_with_word(rest, rl, "中")) {
		static const char *const after[] = { "的", "规定", "所", "给出", "提出", "列出", "描述",
			"定义", "要求", "，", "。", "、", ",", NULL };
		for (const char *const *a = after; *a; a++)
			if (starts_with_word(rest + 3, rl - 3, *a))
				return 1;
	}
	int heading = heading_like(rest, rl);
	if (!heading) {
		static const char *const words[] = { "所", "和", "或", "及", "与", "至", "给出", "规定",
			"要求", NULL };
		for (const char *const *w = words; *w; w++)
			if (starts_with_word(rest, rl, *w))
				return 1;
	}
	/* a single number before a unit or a counter word is a value ("…长度
	 * 为" / "2 个字节。", "…连续" / "10 s 以上"), not a chapter */
	if (!memchr(num, '.', nl)) {
		static const char *const counters[] = { "个", "位", "次", "条", "字节", "倍", "种", "项",
			"名", "%", NULL };
		if (rest[0] >= 'a' && rest[0] <= 'z')
			return 1;
		for (const char *const *c = counters; *c; c++)
			if (starts_with_word(rest, rl, *c))
				return 1;
	}
	return 0;
}

/* The number and the rest of a numbered line ("5.1 heading", "A.2 …"):
 * 1 with them set, 0 when l is not one. */
static int numbered_parts(struct parser *p, const struct line *l, const char **num, size_t *nl,
			  const char **rest, size_t *rl)
{
	const char *s = l->s;
	int id;
	if (s[0] >= '0' && s[0] <= '9')
		id = P_NUMBERED;
	else if (s[0] >= 'A' && s[0] <= 'Z' && l->len > 2 && s[1] == '.')
		id = P_ANNEX_CLAUSE;
	else
		return 0;
	if (!match(p, id, l))
		return 0;
	*num = s;
	*nl = rx_end(&p->x->rc, 1);
	size_t a = rx_start(&p->x->rc, 2), b = rx_end(&p->x->rc, 2);
	if (a == (size_t)-1 || b < a) {
		*rest = s + l->len;
		*rl = 0;
	} else {
		*rest = s + a;
		*rl = b - a;
	}
	return 1;
}

/* An element heading, an annex heading or the role line under it. */
static int element_line(struct parser *p, const struct line *l)
{
	if (element_heading(l->s, l->len))
		return 1;
	if (strncmp(l->s, "附", 3) == 0 && match(p, P_ANNEX, l))
		return 1;
	return l->s[0] == '(' && match(p, P_ROLE, l);
}

/* Is the current clause a term entry still waiting for its term line (the
 * line after a bare "3.1")?  That line is never joined to the next: the
 * definition follows it. */
static int awaits_term_line(const struct parser *p)
{
	if (p->cur < 0 || p->terms_chapter < 0)
		return 0;
	const struct clause *c = &p->d->clauses.v[p->cur];
	return c->kind == CK_CLAUSE && c->level >= 2 && !c->heading && !c->n_para &&
	       clause_int(c->num) == clause_int(p->d->clauses.v[p->terms_chapter].num);
}

/* May line l (about to be read) be continued by the next line?  Not when
 * it is a heading, a caption, a table row, an element, a term line, or an
 * unnumbered bibliography entry (those follow one another line by line). */
static int may_continue(struct parser *p, const struct line *l)
{
	const char *num, *rest;
	size_t nl, rl;
	if (l->len == 0 || l->s[0] == '|' || l->heading_mark || is_caption(l->s, l->len) ||
	    element_line(p, l))
		return 0;
	if (p->region == R_BIBLIO)
		return l->s[0] == '[';
	if (p->region == R_BODY && awaits_term_line(p))
		return 0;
	if (numbered_parts(p, l, &num, &nl, &rest, &rl) && (rl == 0 || heading_like(rest, rl)))
		return 0;
	return !p->failed;
}

/* Does line l start something of its own after prev (a clause, a list
 * item, a note, an example, a table row, a caption, an element, a
 * bibliography entry or term source in brackets, a reference-list entry,
 * a foreword statement "本文件…")? */
static int starts_own(struct parser *p, const struct line *prev, const struct line *l)
{
	const char *s = l->s, *num, *rest;
	size_t nl, rl;
	if (s[0] == '|' || s[0] == '[' || l->heading_mark || is_caption(s, l->len) ||
	    element_line(p, l))
		return 1;
	if (s[0] >= '0' && s[0] <= '9' && match(p, P_ITEM, l))
		return 1;
	if (s[0] >= 'a' && s[0] <= 'z' && l->len > 1 && s[1] == ')')
		return 1;
	if (numbered_parts(p, l, &num, &nl, &rest, &rl))
		return !number_continues(prev->s, prev->len, num, nl, rest, rl);
	if (may_start_dash(s) && match(p, P_DASH, l))
		return 1;
	if ((strncmp(s, "注", 3) == 0 && match(p, P_NOTE, l)) ||
	    (strncmp(s, "示例", 6) == 0 && match(p, P_EXAMPLE, l)))
		return 1;
	if (p->region == R_FOREWORD && l->len >= 9 && memcmp(s, "本", 3) == 0 &&
	    (!memcmp(s + 3, "文件", 6) || !memcmp(s + 3, "标准", 6) || !memcmp(s + 3, "部分", 6) ||
	     !memcmp(s + 3, "规范", 6)))
		return 1;   /* "本文件由……提出。": a statement of its own */
	if (p->region == R_BODY && p->cur >= 0 && p->cur == p->refs_chapter) {
		struct stdcode sc;
		int m = stdcode_find(&p->x->codes, &p->x->rc, s, l->len, 0, &sc);
		if (m < 0) {
			snprintf(p->err, p->errlen, "line %u: code pattern failed", l->lineno);
			p->failed = 1;
			return 1;
		}
		if ((m > 0 && sc.start == 0) || strncmp(s, "《", 3) == 0)
			return 1;
	}
	return p->failed;
}

/* Join to line *ip the lines that continue its paragraph: while the
 * paragraph so far does not end a sentence, its last line is as wide as
 * the text's lines run (a shorter one ended where the writer ended it), and
 * the next line does not start something of its own.  The joined line
 * takes the place of the last line it took in (*ip moves there), so that
 * what follows it is still the next line; the lines before are emptied. */
static void join_wrapped(struct parser *p, size_t *ip)
{
	size_t i = *ip, j = i + 1;
	struct line *l = &p->L[i];
	/* most lines: the cheap tests first (a line is never wider than its
	 * bytes are many) */
	if (j >= p->n || l->len < p->wrap_min || ends_sentence(l->s, l->len))
		return;
	unsigned w = line_width(l->s, l->len);
	if (w < p->wrap_min || !may_continue(p, l))
		return;
	for (; j < p->n && !p->failed; j++) {
		const struct line *nx = &p->L[j];
		if (w < p->wrap_min || ends_sentence(l->s, l->len) ||
		    (p->join == 1 && nx->after_blank) || starts_own(p, l, nx))
			break;
		/* one or two Chinese characters that OCR set on a line of their
		 * own between two full lines ("…(在双方没有" / "应用" / "业务数据
		 * 包…") do not end the paragraph: the full line before counts */
		w = line_width(nx->s, nx->len);
		if ((nx->len == 3 || nx->len == 6) && (unsigned char)nx->s[0] >= 0xE3 &&
		    (unsigned char)nx->s[nx->len - 3] >= 0xE3 && !ends_sentence(nx->s, nx->len) &&
		    j + 1 < p->n && line_width(p->L[j + 1].s, p->L[j + 1].len) >= p->wrap_min &&
		    !starts_own(p, nx, &p->L[j + 1]))
			w = p->wrap_min;
		repaired_join(&p->x->rep, i, j, join_needs_space(l->s, l->len, nx->s, nx->len));
	}
	if (j == i + 1)
		return;
	struct line joined = *l;
	for (size_t k = i; k + 1 < j; k++) {
		p->L[k].s = "";
		p->L[k].len = 0;
	}
	p->L[j - 1] = joined;
	*ip = j - 1;
}

/* "参 考 文 献 9": an element heading with the page number printed beside
 * it, as a text made from a PDF's layout has it.  (Not in the contents,
 * where such a line is an entry.) */
static int heading_with_page(const struct line *l, const char *word)
{
	size_t e = l->len;
	if (!e || !((l->s[e - 1] >= '0' && l->s[e - 1] <= '9') || l->s[e - 1] == 'I' ||
		    l->s[e - 1] == 'V' || l->s[e - 1] == 'X'))
		return 0;
	while (e > 0 && ((l->s[e - 1] >= '0' && l->s[e - 1] <= '9') || l->s[e - 1] == 'I' ||
			 l->s[e - 1] == 'V' || l->s[e - 1] == 'X'))
		e--;
	if (e == l->len || l->len - e > 4 || e == 0 || l->s[e - 1] != ' ')
		return 0;
	const char *w = element_heading(l->s, e);
	return w && strcmp(w, word) == 0;
}

static void body_line(struct parser *p, size_t *ip)
{
	size_t i = *ip;
	const struct line *l = &p->L[i];
	const char *s = l->s;
	const char *el = element_heading(s, l->len);
	if ((el && !strcmp(el, "参考文献")) || heading_with_page(l, "参考文献")) {
		close_current(p, l->off);
		p->cur = -1;
		p->region = R_BIBLIO;
		add_element(p, "参考文献", l->lineno);
		return;
	}
	if (el && !strcmp(el, "索引")) {
		close_current(p, l->off);
		p->cur = -1;
		p->region = R_INDEX;
		add_element(p, "索引", l->lineno);
		return;
	}
	if (s[0] >= '0' && s[0] <= '9' && match(p, P_NUMBERED, l)) {
		const char *num = group(p, l, 1);
		size_t rl = 0;
		const char *rest = group_empty(p, 2) ? NULL : group_n(p, l, 2, &rl);
		if (!strchr(num, '.')) {
			if (start_chapter(p, num, rest, rl, l, i + 1 < p->n ? &p->L[i + 1] : NULL))
				return;
		} else if (start_clause(p, num, rest, rl, l, CK_CLAUSE)) {
			return;
		}
	} else if (s[0] >= 'A' && s[0] <= 'Z' && l->len > 2 && s[1] == '.' &&
		   match(p, P_ANNEX_CLAUSE, l)) {
		const char *num = group(p, l, 1);
		size_t rl = 0;
		const char *rest = group_empty(p, 2) ? NULL : group_n(p, l, 2, &rl);
		if (start_clause(p, num, rest, rl, l, CK_ANNEX_CLAUSE))
			return;
	} else if (strncmp(s, "附", 3) == 0 && match(p, P_ANNEX, l) &&
		   (group_empty(p, 3) || heading_like(l->s + rx_start(&p->x->rc, 3),
						      rx_end(&p->x->rc, 3) - rx_start(&p->x->rc, 3)))) {
		/* "附录A 服务记录表" opens an annex; "附录A给出了……。" is a sentence */
		*ip += start_annex(p, i);
		return;
	}
	if (p->failed)
		return;
	/* a page number kept above the next element's heading ("12" before
	 * "参考文献" or "附录B"): the repairs drop it only after a sentence */
	if (l->len <= 3 && s[0] >= '0' && s[0] <= '9' && is_page_number(s, l->len) && i + 1 < p->n &&
	    (element_line(p, &p->L[i + 1]) || p->failed))
		return;
	body_paragraph(p, l);
}

static void bibliography_line(struct parser *p, const struct line *l)
{
	const char *text = l->s;
	/* the page number printed beside the heading after a page break, and
	 * the rule drawn under the list ("______") */
	if (is_page_number(l->s, l->len) && (l->s[0] < '0' || l->s[0] > '9' || l->len <= 3))
		return;
	if (strspn(l->s, "_-=") == l->len)
		return;
	if (l->s[0] == '[' && match(p, P_BIBLIO, l))
		text = group(p, l, 2);
	parse_ref_entry(p, l, REF_BIBLIOGRAPHY, text);
}

/* The title printed above chapter 1 (line i), over up to three lines:
 * title lines after the front matter, not a statement "本文件…" nor an
 * element heading; NULL when there is none, or when more such lines come
 * before (a list of names, not a title). */
static const char *title_above(struct parser *p, size_t i, size_t cover_end)
{
	size_t k = i, count = 0;
	while (k > 0 && k - 1 >= p->toc_end && k - 1 >= cover_end && count < 4) {
		const struct line *t = &p->L[k - 1];
		if (!t->len || !title_like(t->s, t->len) || memcmp(t->s, "本", 3) == 0 ||
		    element_heading(t->s, t->len))
			break;
		k--;
		count++;
	}
	if (!count || count > 3)
		return NULL;
	struct buf b = BUF_INIT;
	for (size_t j = k; j < i; j++) {
		if (b.len)
			buf_putc(&b, ' ');
		buf_append(&b, p->L[j].s, p->L[j].len);
	}
	const char *t = dup(p, b.p, b.len);
	buf_free(&b);
	return t;
}

/* ---- after the pass ------------------------------------------------ */

/* Join a clause's paragraphs into its text. */
static void build_texts(struct parser *p)
{
	struct doc *d = p->d;
	struct buf b = BUF_INIT;
	for (size_t c = 0; c < d->clauses.n; c++) {
		struct clause *cl = &d->clauses.v[c];
		b.len = 0;
		for (size_t k = 0; k < cl->n_para; k++) {
			struct para *pa = &d->paras.v[cl->first_para + k];
			if (b.len)
				buf_putc(&b, '\n');
			if (pa->marker) {
				buf_puts(&b, pa->marker);
				buf_puts(&b, pa->kind == PARA_ITEM ? " " : ": ");
			}
			pa->off = (uint32_t)b.len;
			if (pa->text)
				buf_append(&b, pa->text, pa->len);
		}
		cl->text = b.len ? arena_strndup(&d->arena, b.p, b.len) : NULL;
		cl->text_len = (uint32_t)b.len;
	}
	buf_free(&b);
}

/* A Chinese term name without the spaces OCR puts inside a Latin word
 * ("X ML 文件", "I T 基础设施"): a space between two capitals goes when
 * one of them is a letter on its own.  "SOA 应用" keeps its space. */
static const char *term_name(struct parser *p, const char *s, size_t n)
{
	char *t = (char *)dup(p, s, n);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		int upper_before = i > 0 && s[i - 1] >= 'A' && s[i - 1] <= 'Z';
		int upper_after = i + 1 < n && s[i + 1] >= 'A' && s[i + 1] <= 'Z';
		if (s[i] == ' ' && upper_before && upper_after) {
			int single_before = i < 2 || !((s[i - 2] | 0x20) >= 'a' && (s[i - 2] | 0x20) <= 'z');
			int single_after = i + 2 >= n || !((s[i + 2] | 0x20) >= 'a' && (s[i + 2] | 0x20) <= 'z');
			if (single_before || single_after)
				continue;
		}
		t[k++] = s[i];
	}
	t[k] = '\0';
	return t;
}

/* A term line with its definition glued on by a converter: "DID 统一资源定
 * 位符提取 DID uniform resource locator dereferencing 将DID……的过程。".  The
 * offset where the definition starts (after the English term, a run of
 * Latin words between Chinese text), 0 when the line is no such line. */
static size_t glued_definition(const char *s, size_t n)
{
	if (n < 12 || memcmp(s + n - 3, "。", 3) != 0)
		return 0;
	for (size_t a = 1; a < n; a++) {
		unsigned char c = (unsigned char)s[a];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) ||
		    !(s[a - 1] == ' ' || (unsigned char)s[a - 1] >= 0x80))
			continue;
		int cjk_before = 0;
		for (size_t i = 0; i < a; i++)
			cjk_before |= (unsigned char)s[i] >= 0xE3 && (unsigned char)s[i] <= 0xE9;
		size_t b = a, letters = 0, spaces = 0;
		while (b < n && (unsigned char)s[b] < 0x80)
			letters += ((s[b] | 0x20) >= 'a' && (s[b] | 0x20) <= 'z'), spaces += s[b] == ' ', b++;
		if (cjk_before && letters >= 8 && spaces >= 2 && b + 9 <= n &&
		    (unsigned char)s[b] >= 0xE3 && (unsigned char)s[b] <= 0xE9)
			return b;
		a = b;
	}
	return 0;
}

/* "[SJ/T 11409—2009, 定义3.1.1]": a term's source as GB/T 1.1-2009 writes
 * it, a standard code in brackets on a line of its own.  1 with *src set
 * to what the brackets hold. */
static int code_source(struct parser *p, const struct para *pa, const char **src)
{
	if (pa->len < 4 || pa->text[pa->len - 1] != ']')
		return 0;
	struct stdcode sc;
	int m = stdcode_find(&p->x->codes, &p->x->rc, pa->text + 1, pa->len - 2, 0, &sc);
	if (m < 0) {
		snprintf(p->err, p->errlen, "line %u: code pattern failed", pa->line);
		p->failed = 1;
		return 0;
	}
	if (m == 0 || sc.start != 0)
		return 0;
	*src = dup(p, pa->text + 1, pa->len - 2);
	return 1;
}

/* Term entries: the leaf clauses of the terms chapter.  The term line is
 * the clause's heading or first paragraph: the Chinese term, then the
 * English one after the last non-ASCII character. */
static void build_terms(struct parser *p)
{
	struct doc *d = p->d;
	if (p->terms_chapter < 0)
		return;
	struct buf def = BUF_INIT, notes = BUF_INIT;
	for (size_t c = (size_t)p->terms_chapter + 1; c < d->clauses.n; c++) {
		struct clause *cl = &d->clauses.v[c];
		if (cl->kind != CK_CLAUSE || clause_int(cl->num) != clause_int(d->clauses.v[p->terms_chapter].num))
			break;
		/* "3.2 缩略语" in a chapter "术语、定义和缩略语": a list, no term */
		if (cl->n_children || (cl->heading && cl->level == 2 &&
				       (symbols_heading(cl->heading, strlen(cl->heading)) ||
					chapter_element(cl->heading))))
			continue;
		size_t k = 0;
		const char *line = cl->heading;
		int took = 0;           /* the term line is the first paragraph */
		if (!line && cl->n_para && d->paras.v[cl->first_para].kind == PARA_TEXT) {
			line = d->paras.v[cl->first_para + k++].text;
			took = 1;
		}
		if (!line)
			continue;
		struct term *t = vec_push(&d->terms);
		t->num = cl->num;
		size_t n = strlen(line), cut = 0;
		size_t gd = glued_definition(line, n);
		const char *glued = gd ? line + gd : NULL;
		if (gd) {
			while (gd > 0 && line[gd - 1] == ' ')
				gd--;
			line = dup(p, line, gd);
			n = gd;
		}
		for (size_t i = 0; i < n; i++)
			if ((unsigned char)line[i] >= 0x80)
				cut = i + 1;
		while (cut < n && ((unsigned char)line[cut] & 0xC0) == 0x80)
			cut++;
		/* "排放过程(工况)监控(过程监控) process monitoring": the bracket
		 * closing after the last Chinese character is the term's */
		int open_br = 0;
		for (size_t i = 0; i < cut; i++)
			open_br += (line[i] == '(') - (line[i] == ')');
		for (; open_br > 0 && cut < n && line[cut] == ')'; open_br--)
			cut++;
		size_t zl = cut;
		while (zl > 0 && line[zl - 1] == ' ')
			zl--;
		const char *en = line + cut;
		while (*en == ' ')
			en++;
		int has_letter = 0;
		for (const char *q = en; *q; q++)
			has_letter |= (*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z');
		if (cut == n && n >= 3 && !memcmp(line + n - 3, "。", 3) && !cl->heading) {
			/* a sentence where the term line should be: the converter
			 * lost the term, this is its definition */
			k--;
			took = 0;
			line = NULL;
		} else if (cut == 0) {
			t->zh = line;
		} else {
			t->zh = term_name(p, line, zl);
			t->en = has_letter ? en : NULL;
		}
		def.len = notes.len = 0;
		if (glued)
			buf_puts(&def, glued);
		for (; k < cl->n_para; k++) {
			const struct para *pa = &d->paras.v[cl->first_para + k];
			const struct line fake = { .s = pa->text, .len = pa->len, .lineno = pa->line };
			if (pa->kind == PARA_NOTE || pa->kind == PARA_EXAMPLE) {
				if (notes.len)
					buf_putc(&notes, '\n');
				buf_puts(&notes, pa->text);
			} else if (pa->text[0] == '[' && match(p, P_SOURCE, &fake)) {
				t->source = group(p, &fake, 1);
			} else if (pa->text[0] == '[' && code_source(p, pa, &t->source)) {
				/* the source as GB/T 1.1-2009 wrote it */
			} else {
				if (def.len)
					buf_putc(&def, '\n');
				buf_puts(&def, pa->text);
			}
		}
		t->definition = def.len ? arena_strndup(&d->arena, def.p, def.len) : NULL;
		t->notes = notes.len ? arena_strndup(&d->arena, notes.p, notes.len) : NULL;
		if (!cl->heading && line)
			cl->heading = line;
		if (took) {     /* the term line was the first paragraph: now the heading */
			cl->first_para++;
			cl->n_para--;
		}
	}
	buf_free(&def);
	buf_free(&notes);
}

static int by_code_year(const void *a, const void *b)
{
	const struct ref *x = *(const struct ref *const *)a, *y = *(const struct ref *const *)b;
	int c = strcmp(x->code, y->code);
	if (c)
		return c;
	c = strcmp(x->year ? x->year : "", y->year ? y->year : "");
	return c ? c : (x < y ? -1 : x > y);
}

/* A clause cites each code (and year) once: keep the first of equal
 * citations among refs[from..], in their order.  Sorting pointers keeps it
 * n log n for a clause that cites thousands of codes. */
static void dedupe_citations(struct doc *d, size_t from)
{
	size_t n = d->refs.n - from;
	if (n < 2)
		return;
	struct ref **sorted = xmalloc(n * sizeof *sorted);
	unsigned char *dup = xmalloc(n);
	for (size_t i = 0; i < n; i++) {
		sorted[i] = &d->refs.v[from + i];
		dup[i] = 0;
	}
	qsort(sorted, n, sizeof *sorted, by_code_year);
	for (size_t i = 1; i < n; i++)
		if (strcmp(sorted[i]->code, sorted[i - 1]->code) == 0 &&
		    strcmp(sorted[i]->year ? sorted[i]->year : "", sorted[i - 1]->year ? sorted[i - 1]->year : "") == 0)
			dup[sorted[i] - &d->refs.v[from]] = 1;   /* a later one: the pointers sort by address last */
	size_t k = from;
	for (size_t i = 0; i < n; i++)
		if (!dup[i])
			d->refs.v[k++] = d->refs.v[from + i];
	d->refs.n = k;
	free(sorted);
	free(dup);
}

/* Standard codes cited in the body, with the clause citing them. */
static void find_citations(struct parser *p)
{
	struct doc *d = p->d;
	char self[64] = "";
	if (d->code_prefix)
		snprintf(self, sizeof self, "%s %s", d->code_prefix, d->code_number);
	for (size_t c = 0; c < d->clauses.n && !p->failed; c++) {
		const struct clause *cl = &d->clauses.v[c];
		if ((int)c == p->refs_chapter || (p->refs_chapter >= 0 && cl->parent == p->refs_chapter))
			continue;
		size_t first_cited = d->refs.n;
		for (int pass = 0; pass < 2; pass++) {
			const char *s = pass == 0 ? cl->heading : cl->text;
			if (!s)
				continue;
			size_t n = strlen(s), at = 0;
			struct stdcode sc;
			for (;;) {
				int m = stdcode_find(&p->x->codes, &p->x->rc, s, n, at, &sc);
				if (m < 0) {
					snprintf(p->err, p->errlen, "clause %s: code pattern failed", cl->num);
					p->failed = 1;
					return;
				}
				if (m == 0)
					break;
				at = sc.end;
				char base[80];
				stdcode_base(&sc, base, sizeof base);
				if (strcmp(base, self) == 0)
					continue;
				struct ref *r = vec_push(&d->refs);
				r->kind = REF_CITED;
				r->code = arena_strdup(&d->arena, base);
				r->year = sc.year[0] ? arena_strdup(&d->arena, sc.year) : NULL;
				r->clause = cl->num;
				r->raw = arena_strndup(&d->arena, s + sc.start, sc.end - sc.start);
			}
		}
		dedupe_citations(d, first_cited);
	}
}

/* A figure's panel label ("a)互连孔布局" beside "图 A.1 …"): an item
 * paragraph next to a figure caption, or next to another such label,
 * short and without the punctuation of a list item's sentence. */
static int panel_label(const struct doc *d, const struct clause *cl, size_t k)
{
	for (int dir = -1; dir <= 1; dir += 2) {
		size_t j = k;
		for (;;) {
			const struct para *pa = &d->paras.v[cl->first_para + j];
			if (pa->kind != PARA_ITEM || ends_sentence(pa->text, pa->len) ||
			    line_width(pa->text, pa->len) > 40)
				break;
			if ((dir < 0 && j == 0) || (dir > 0 && j + 1 >= cl->n_para))
				break;
			j += (size_t)dir;
			const struct para *nb = &d->paras.v[cl->first_para + j];
			if (nb->kind == PARA_TEXT && memcmp(nb->text, "图", 3) == 0 &&
			    is_caption(nb->text, nb->len))
				return 1;
		}
	}
	return 0;
}

/* List items out of sequence: a) b) d), or a list starting at c).  A
 * list goes on over what belongs to its items: a table or figure caption
 * between them, the paragraphs after an item that ends in ":" and the
 * notes and examples of an item with what follows them; other text ends
 * it, and a new list starts at a) or 1).  Figure panel labels are no list. */
static void check_items(struct parser *p)
{
	struct doc *d = p->d;
	for (size_t c = 0; c < d->clauses.n; c++) {
		const struct clause *cl = &d->clauses.v[c];
		int prev_letter = 0, prev_digit = 0, in_item = 0;
		for (size_t k = 0; k < cl->n_para; k++) {
			const struct para *pa = &d->paras.v[cl->first_para + k];
			if (pa->kind == PARA_NOTE || pa->kind == PARA_EXAMPLE) {
				in_item = prev_letter || prev_digit;
				continue;
			}
			if (pa->kind == PARA_TEXT) {
				if (!in_item && !is_caption(pa->text, pa->len))
					prev_letter = prev_digit = 0;
				continue;
			}
			if (pa->kind != PARA_ITEM || !pa->marker || !strchr(pa->marker, ')') ||
			    panel_label(d, cl, k))
				continue;   /* dashes and dots carry no sequence */
			in_item = pa->len && pa->text[pa->len - 1] == ':';
			int is_letter = pa->marker[0] >= 'a' && pa->marker[0] <= 'z';
			int v = is_letter ? pa->marker[0] - 'a' + 1 : clause_int(pa->marker);
			int *prev = is_letter ? &prev_letter : &prev_digit;
			if (is_letter)
				prev_digit = 0;
			char detail[128];
			if (*prev && v != *prev + 1) {
				if (is_letter)
					snprintf(detail, sizeof detail, "%s follows %c)", pa->marker, 'a' + *prev - 1);
				else
					snprintf(detail, sizeof detail, "%s follows %d)", pa->marker, *prev);
				anomaly(p, "item_sequence", cl->num, dup(p, detail, strlen(detail)));
			} else if (!*prev && v != 1) {
				snprintf(detail, sizeof detail, "list starts at %s", pa->marker);
				anomaly(p, "item_sequence", cl->num, dup(p, detail, strlen(detail)));
			}
			*prev = v;
		}
	}
}

/* ---- the pass ------------------------------------------------------ */

int parse_document(struct extractor *x, char *err, size_t errlen)
{
	struct parser P = { 0 };
	struct parser *p = &P;
	p->x = x;
	p->d = &x->doc;
	p->L = x->rep.lines;
	p->n = x->rep.n;
	p->cur = -1;
	p->refs_chapter = p->terms_chapter = -1;
	p->err = err;
	p->errlen = errlen;
	for (int k = 0; k < 9; k++)
		p->open[k] = p->shadow[k] = -1;
	const char *fmt = x->conv.format ? x->conv.format : "text";
	p->join = !strcmp(fmt, "pdf") ? 2 : !strcmp(fmt, "text") ? 1 : 0;
	if (p->join) {
		/* a line three quarters as wide as the text's lines may wrap */
		unsigned w = wrap_width(p->L, p->n);
		p->wrap_min = w ? w - w / 4 : 0;
		if (!w)
			p->join = 0;
	}
	struct doc *d = p->d;
	d->page_headers = x->rep.page_headers;
	d->page_numbers = x->rep.page_numbers;
	if (x->rep.header_code[0])
		d->header_code = arena_strdup(&d->arena, x->rep.header_code);
	if (x->rep.header_code_other[0])
		d->header_code_other = arena_strdup(&d->arena, x->rep.header_code_other);

	size_t cover_end = p->n;
	const char *body_title = NULL;
	for (size_t i = 0; i < p->n && !p->failed; i++) {
		if (p->join && (p->region == R_FOREWORD || p->region == R_BODY || p->region == R_BIBLIO))
			join_wrapped(p, &i);
		const struct line *l = &p->L[i];
		const char *s = l->s;
		if (l->len == 0)
			continue;
		int front = p->region <= R_INTRO;
		if (front && is_element(l, "目次") && p->region == R_COVER) {
			cover_end = i;
			p->region = R_TOC;
			add_element(p, "目次", l->lineno);
			p->toc_end = find_toc_end(p, i);
			continue;
		}
		if (p->region == R_TOC && i < p->toc_end) {
			parse_toc_line(p, l);
			continue;
		}
		if (front && is_element(l, "前言") && p->region < R_FOREWORD) {
			if (p->region == R_COVER)
				cover_end = i;
			p->region = R_FOREWORD;
			add_element(p, "前言", l->lineno);
			continue;
		}
		if (front && is_element(l, "引言") && p->region < R_INTRO) {
			if (p->region == R_COVER)
				cover_end = i;
			p->region = R_INTRO;
			add_element(p, "引言", l->lineno);
			continue;
		}
		if (front && s[0] >= '0' && s[0] <= '9' && match(p, P_NUMBERED, l) &&
		    !group_empty(p, 2)) {
			const char *num = group(p, l, 1);
			const char *rest = group(p, l, 2);
			if (strcmp(num, "1") == 0 && heading_like(rest, strlen(rest))) {
				if (p->region == R_COVER)
					cover_end = i;
				body_title = title_above(p, i, cover_end);
				p->region = R_BODY;
				body_line(p, &i);
				continue;
			}
		}
		switch (p->region) {
		case R_COVER:
		case R_TOC:
		case R_INTRO:
			break;
		case R_FOREWORD:
			parse_foreword_line(p, l);
			break;
		case R_BODY:
			body_line(p, &i);
			break;
		case R_BIBLIO:
			if (is_element(l, "索引")) {
				p->region = R_INDEX;
				add_element(p, "索引", l->lineno);
			} else {
				bibliography_line(p, l);
			}
			break;
		case R_INDEX:
			break;
		}
	}
	if (p->failed)
		return -1;
	if (cover_end > p->n)
		cover_end = p->n;
	if (cover_parse(x, p->L, 0, cover_end, err, errlen) != 0)
		return -1;
	if (cover_end > 0) {
		/* The cover comes first: insert it in front of the elements. */
		struct element *e = vec_push(&d->elements);
		(void)e;
		memmove(d->elements.v + 1, d->elements.v, (d->elements.n - 1) * sizeof *d->elements.v);
		d->elements.v[0].name = "封面";
		d->elements.v[0].line = p->L[0].lineno;
	}
	cover_choose_title(d, body_title);
	if (!d->code && d->header_code) {
		d->code = d->header_code;
	}
	d->status = d->stage;
	close_current(p, (uint32_t)x->rep.text.len);
	if (d->clauses.n == 0) {
		snprintf(err, errlen, "no structure found: no numbered chapters (\"1 范围\" ...)%s",
			 d->code ? "" : " and no standard code");
		return -1;
	}
	build_terms(p);         /* reads paragraphs only; moves term lines out of clauses */
	build_texts(p);
	find_citations(p);
	check_items(p);
	return p->failed ? -1 : 0;
}
