/* markdown.c - the Markdown that PDF-to-Markdown converters (OCR/VLM
 * pipelines such as MinerU or PaddleOCR) write, made into plain lines, and
 * the OCR slips in clause numbers and headings that the context makes
 * certain, repaired and reported.
 *
 * Cleanup: an HTML <table> becomes one line per row (cells tab-separated,
 * through libxml2: html.c); image links ![..](..) and <img> go; $..$ and
 * $$..$$ LaTeX is reduced to its text when it is simple (\mathrm{}, ^{}, _{},
 * \times, \leq ...) and kept as written otherwise; a few layout tags (<div>,
 * <center>, <br>, <sup>) are dropped.  Heading marks stay: repair_text()
 * removes them.
 *
 * Repairs (ocr_repair_lines, which keeps the line count so that the line
 * numbers reported are those of the input):
 *   clause_number   "5.l 要求" -> "5.1 要求": l, I, O inside a number at the
 *                   start of a line, between or after digit components
 *   heading_space   "1范围" -> "1 范围": a number glued to the text of a
 *                   Markdown heading, or to one of the fixed chapter titles
 *                   of GB/T 1.1 on a line of its own; "# 5CI-CI…" when 5 is
 *                   the chapter after the last numbered heading
 *   chapter_number  "## 中小学数字教材整体元数据" between "## 4 …" and
 *                   "## 6 …" -> "## 5 …": the one unnumbered heading of the
 *                   chapters' Markdown level between chapter N and N+2; and
 *                   "范围" alone -> "1 范围" when no chapter 1 exists */
#include "convert.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int is_digit(int c) { return c >= '0' && c <= '9'; }
static int slip(int c) { return c == 'l' || c == 'I' || c == 'O'; }

/* Length of the UTF-8 character at s, and whether it is a CJK ideograph. */
static int cjk_at(const unsigned char *s, size_t n)
{
	return n >= 3 && s[0] >= 0xE4 && s[0] <= 0xE9 && (s[1] & 0xC0) == 0x80;
}

int looks_like_markdown(const char *s, size_t n)
{
	/* Two heading lines ("# ".."###### "): found through the '#' bytes
	 * (memchr) that start a line, not line by line. */
	int headings = 0;
	for (const char *p = s, *end = s + n; (p = memchr(p, '#', (size_t)(end - p))); p++) {
		if (p > s && p[-1] != '\n')
			continue;
		const char *k = p;
		while (k < end && *k == '#')
			k++;
		if (k - p <= 6 && k < end && *k == ' ' && ++headings >= 2)
			return 1;
		p = k - 1;
	}
	/* An HTML table or an image link: two memchr() passes (for '<' and
	 * ']') rather than one memmem() per marker over the whole text. */
	for (const char *p = s, *end = s + n; (p = memchr(p, '<', (size_t)(end - p))); p++)
		if (end - p >= 6 && (!memcmp(p, "<table", 6) || !memcmp(p, "<TABLE", 6)))
			return 1;
	for (const char *p = s, *end = s + n; (p = memchr(p, ']', (size_t)(end - p))); p++) {
		if (end - p < 2 || p[1] != '(')
			continue;
		if ((p - s >= 2 && p[-1] == '[' && p[-2] == '!') ||
		    (end - p >= 9 && !memcmp(p, "](images/", 9)) || (end - p >= 7 && !memcmp(p, "](imgs/", 7)))
			return 1;
	}
	return 0;
}

/* The fixed chapter titles of GB/T 1.1 that may follow a chapter number. */
static const char *const fixed_titles[] = { "范围", "规范性引用文件", "术语和定义",
	"符号和缩略语", "术语、定义和缩略语", "缩略语", "符号", "术语和缩略语", NULL };

static int starts_with_fixed(const char *s, size_t n, size_t *tlen)
{
	for (int i = 0; fixed_titles[i]; i++) {
		size_t l = strlen(fixed_titles[i]);
		if (n >= l && memcmp(s, fixed_titles[i], l) == 0) {
			if (tlen)
				*tlen = l;
			return 1;
		}
	}
	return 0;
}

/* One line in the repair pass. */
struct mline {
	char *s;           /* owned, NUL-terminated */
	size_t len;
	int level;         /* Markdown heading level, 0 for none */
	size_t body;       /* offset of the text after "## " */
	int chapter;       /* chapter number at the start of the body, 0 for none */
	int numbered;      /* the body starts with a clause number */
};

static void set_line(struct mline *m, const char *s, size_t n)
{
	free(m->s);
	m->s = xstrndup(s, n);
	m->len = n;
}

static void classify(struct mline *m)
{
	size_t k = 0;
	while (k < m->len && m->s[k] == '#')
		k++;
	m->level = k && k <= 6 && k < m->len && m->s[k] == ' ' ? (int)k : 0;
	m->body = m->level ? k + 1 : 0;
	while (m->body < m->len && m->s[m->body] == ' ')
		m->body++;
	const char *b = m->s + m->body;
	size_t bn = m->len - m->body, i = 0;
	while (i < bn && is_digit((unsigned char)b[i]))
		i++;
	m->numbered = i > 0 && i <= 3;
	m->chapter = 0;
	if (m->numbered && (i == bn || b[i] == ' ') && i <= 2)
		m->chapter = atoi(b);
}

/* "5.l" -> "5.1" at the start of the body.  Returns 1 when changed. */
static int fix_number(struct mline *m, struct converted *c, uint32_t lineno)
{
	char *b = m->s + m->body;
	size_t bn = m->len - m->body, i = 0;
	if (!bn || !is_digit((unsigned char)b[0]))
		return 0;
	int comps = 1, fixed = 0;
	char tmp[64];
	size_t k = 0;
	while (i < bn && k + 2 < sizeof tmp) {
		unsigned char ch = (unsigned char)b[i];
		if (is_digit(ch)) {
			tmp[k++] = (char)ch;
		} else if (ch == '.' && i + 1 < bn && (is_digit((unsigned char)b[i + 1]) || slip(b[i + 1])) &&
			   k && tmp[k - 1] != '.') {
			tmp[k++] = '.';
			comps++;
		} else if (slip(ch) && k && (tmp[k - 1] == '.' || is_digit((unsigned char)tmp[k - 1])) &&
			   comps >= 2 - (tmp[k - 1] == '.')) {
			/* a slip must sit after a dot, or after a digit of a
			 * component that follows a dot: "5.l", "5.1l" */
			if (tmp[k - 1] != '.' && !memchr(tmp, '.', k))
				return 0;
			tmp[k++] = ch == 'O' ? '0' : '1';
			fixed = 1;
		} else {
			break;
		}
		i++;
	}
	/* the number must end the line or be followed by a space or CJK */
	if (!fixed || comps < 2 || (i < bn && b[i] != ' ' && !cjk_at((const unsigned char *)b + i, bn - i)))
		return 0;
	struct buf nb = BUF_INIT;
	buf_append(&nb, m->s, m->body);
	buf_append(&nb, tmp, k);
	buf_append(&nb, b + i, bn - i);
	conv_add_repair(c, lineno, "clause_number", b, i, tmp, k);
	set_line(m, nb.p, nb.len);
	buf_free(&nb);
	return 1;
}

/* "1范围" -> "1 范围"; on a heading whose number is the next chapter
 * (expect), "5CI-CI通信…" -> "5 CI-CI通信…" too.  Returns 1 when changed. */
static int fix_space(struct mline *m, int expect, struct converted *c, uint32_t lineno)
{
	const char *b = m->s + m->body;
	size_t bn = m->len - m->body, i = 0;
	while (i < bn && (is_digit((unsigned char)b[i]) ||
			  (b[i] == '.' && i + 1 < bn && is_digit((unsigned char)b[i + 1]) && i > 0)))
		i++;
	if (i == 0 || i == bn || i > 12 || b[i - 1] == '.')
		return 0;
	const unsigned char *r = (const unsigned char *)b + i;
	int ok = 0;
	if (starts_with_fixed(b + i, bn - i, NULL))
		ok = 1;                     /* a fixed chapter title: certain anywhere */
	else if (m->level && cjk_at(r, bn - i))
		ok = 1;                     /* a heading line: a number then its title */
	else if (m->level && !memchr(b, '.', i) && atoi(b) == expect && *r >= 'A' && *r <= 'Z')
		ok = 1;                     /* the next chapter's heading, Latin first */
	if (!ok)
		return 0;
	struct buf nb = BUF_INIT;
	buf_append(&nb, m->s, m->body + i);
	buf_putc(&nb, ' ');
	buf_append(&nb, b + i, bn - i);
	size_t show = bn - i < 30 ? bn : i + 30;
	while (show < bn && ((unsigned char)b[show] & 0xC0) == 0x80)
		show++;         /* a whole character: the excerpt must stay UTF-8 */
	conv_add_repair(c, lineno, "heading_space", b, show, nb.p + m->body, show + 1);
	set_line(m, nb.p, nb.len);
	buf_free(&nb);
	return 1;
}

/* Heading lines without a number at the chapters' level: give the one
 * between chapter N and N+2 the number N+1. */
static void fix_lost_chapters(struct mline *L, size_t n, struct converted *c)
{
	/* the Markdown level most numbered chapters use */
	int count[7] = { 0 };
	for (size_t i = 0; i < n; i++)
		if (L[i].level && L[i].chapter)
			count[L[i].level]++;
	int lv = 0;
	for (int k = 1; k <= 6; k++)
		if (count[k] > count[lv])
			lv = k;
	if (!lv || count[lv] < 2)
		return;
	size_t prev = (size_t)-1;
	for (size_t i = 0; i < n; i++) {
		if (L[i].level != lv || !L[i].chapter)
			continue;
		if (prev != (size_t)-1 && L[i].chapter == L[prev].chapter + 2) {
			size_t cand = (size_t)-1;
			int many = 0;
			for (size_t j = prev + 1; j < i; j++)
				if (L[j].level == lv && !L[j].numbered && L[j].body < L[j].len &&
				    cjk_at((const unsigned char *)L[j].s + L[j].body, L[j].len - L[j].body)) {
					many += cand != (size_t)-1;
					cand = j;
				}
			if (cand != (size_t)-1 && !many) {
				char num[16];
				struct mline *m = &L[cand];
				int nn = L[prev].chapter + 1;
				snprintf(num, sizeof num, "%d ", nn);
				struct buf nb = BUF_INIT;
				buf_append(&nb, m->s, m->body);
				buf_puts(&nb, num);
				buf_append(&nb, m->s + m->body, m->len - m->body);
				conv_add_repair(c, (uint32_t)cand + 1, "chapter_number", m->s + m->body,
						m->len - m->body, nb.p + m->body, nb.len - m->body);
				set_line(m, nb.p, nb.len);
				buf_free(&nb);
				classify(m);
			}
		}
		prev = i;
	}
}

/* "范围" alone (heading or line) with no chapter 1 anywhere -> "1 范围". */
static void fix_scope(struct mline *L, size_t n, struct converted *c)
{
	for (size_t i = 0; i < n; i++)
		if (L[i].chapter == 1)
			return;
	int seen_toc_entry = 0;
	for (size_t i = 0; i < n; i++) {
		struct mline *m = &L[i];
		size_t bn = m->len - m->body;
		const char *b = m->s + m->body;
		/* the table of contents may list "范围" too: take the last one */
		if (bn == 6 && memcmp(b, "范围", 6) == 0)
			seen_toc_entry = (int)i + 1;
	}
	if (!seen_toc_entry)
		return;
	struct mline *m = &L[seen_toc_entry - 1];
	struct buf nb = BUF_INIT;
	buf_append(&nb, m->s, m->body);
	buf_puts(&nb, "1 范围");
	conv_add_repair(c, (uint32_t)seen_toc_entry, "chapter_number", "范围", 6, "1 范围", 8);
	set_line(m, nb.p, nb.len);
	buf_free(&nb);
	classify(m);
}

void ocr_repair_lines(const char *in, size_t n, int markdown, struct converted *c,
		      struct buf *out)
{
	VEC(struct mline) L = { 0 };
	size_t i = 0;
	while (i < n) {
		const char *nl = memchr(in + i, '\n', n - i);
		size_t e = nl ? (size_t)(nl - in) : n;
		struct mline *m = vec_push(&L);
		size_t len = e - i;
		if (len && in[i + len - 1] == '\r')
			len--;
		set_line(m, in + i, len);
		classify(m);
		i = e + 1;
	}
	int last_chapter = 0;
	for (size_t k = 0; k < L.n; k++) {
		int ch = fix_number(&L.v[k], c, (uint32_t)k + 1);
		ch |= fix_space(&L.v[k], last_chapter + 1, c, (uint32_t)k + 1);
		if (ch)
			classify(&L.v[k]);
		if (L.v[k].level && L.v[k].chapter)
			last_chapter = L.v[k].chapter;
	}
	if (markdown)
		fix_lost_chapters(L.v, L.n, c);
	fix_scope(L.v, L.n, c);
	out->len = 0;
	for (size_t k = 0; k < L.n; k++) {
		buf_append(out, L.v[k].s, L.v[k].len);
		buf_putc(out, '\n');
		free(L.v[k].s);
	}
	buf_reserve(out, 1);
	out->p[out->len] = '\0';
	vec_free(&L);
}

/* ---- LaTeX and tags -------------------------------------------------- */

/* Reduce LaTeX s[0, n) to text into out.  Returns 0 when something it does
 * not know remains (the caller keeps the original). */
static int latex_text(const char *s, size_t n, struct buf *out)
{
	static const struct { const char *cmd, *text; } sym[] = {
		{ "times", "×" }, { "leqslant", "≤" }, { "geqslant", "≥" }, { "leq", "≤" },
		{ "geq", "≥" }, { "le", "≤" }, { "ge", "≥" }, { "neq", "≠" }, { "ne", "≠" },
		{ "sim", "~" }, { "approx", "≈" }, { "pm", "±" }, { "cdot", "·" },
		{ "circ", "°" }, { "degree", "°" }, { "%", "%" }, { "langle", "<" },
		{ "rangle", ">" }, { "mu", "μ" }, { "alpha", "α" }, { "beta", "β" },
		{ "gamma", "γ" }, { "Delta", "Δ" }, { "delta", "δ" }, { "lambda", "λ" },
		{ "pi", "π" }, { "Omega", "Ω" }, { "omega", "ω" }, { "sigma", "σ" },
		{ "rightarrow", "→" }, { "to", "→" }, { "leftarrow", "←" }, { "div", "÷" },
		{ "_", "_" }, { "#", "#" }, { "&", "&" }, { "{", "{" }, { "}", "}" },
		{ "$", "$" }, { ",", " " }, { ";", " " }, { " ", " " }, { "quad", " " },
		{ "qquad", " " }, { "ldots", "…" }, { "cdots", "…" }, { "prime", "′" },
	};
	static const char *const wrappers[] = { "mathrm", "text", "textrm", "mathbf", "mathit",
		"boldsymbol", "operatorname", "mathsf", "textbf", "mathbb", "left", "right", NULL };
	size_t i = 0;
	while (i < n) {
		char ch = s[i];
		if (ch == '{' || ch == '}' || ch == '^' || ch == '_') {
			i++;
			continue;
		}
		if (ch == '~') {
			buf_putc(out, ' ');
			i++;
			continue;
		}
		if (ch != '\\') {
			buf_putc(out, ch);
			i++;
			continue;
		}
		size_t j = i + 1;
		while (j < n && ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z')))
			j++;
		if (j == i + 1 && j < n)
			j++;            /* a one-character command: \% \, \{ */
		size_t cl = j - i - 1;
		int known = 0;
		for (size_t k = 0; k < sizeof sym / sizeof sym[0] && !known; k++)
			if (strlen(sym[k].cmd) == cl && memcmp(s + i + 1, sym[k].cmd, cl) == 0) {
				buf_puts(out, sym[k].text);
				known = 1;
			}
		for (int k = 0; wrappers[k] && !known; k++)
			if (strlen(wrappers[k]) == cl && memcmp(s + i + 1, wrappers[k], cl) == 0)
				known = 1;      /* its argument follows in braces */
		if (!known)
			return 0;
		i = j;
		while (i < n && s[i] == ' ' && cl > 1)
			i++;
	}
	return 1;
}

/* Append line s[0, n) cleaned: LaTeX reduced, images and layout tags dropped. */
static void clean_line(const char *s, size_t n, struct buf *out)
{
	size_t i = 0;
	while (i < n) {
		if (s[i] == '!' && i + 1 < n && s[i + 1] == '[') {
			const char *cb = memchr(s + i, ']', n - i);
			if (cb && (size_t)(cb - s) + 1 < n && cb[1] == '(') {
				const char *cp = memchr(cb, ')', n - (size_t)(cb - s));
				if (cp) {
					i = (size_t)(cp - s) + 1;
					continue;
				}
			}
		}
		if (s[i] == '$') {
			size_t open = s[i + 1 < n ? i + 1 : i] == '$' && i + 1 < n ? 2 : 1;
			size_t a = i + open;
			const char *close = NULL;
			for (size_t k = a; k + open <= n; k++)
				if (s[k] == '$' && (open == 1 || (k + 1 < n && s[k + 1] == '$'))) {
					close = s + k;
					break;
				}
			if (close) {
				size_t m = (size_t)(close - s) - a;
				size_t keep = out->len;
				if (!latex_text(s + a, m, out)) {
					out->len = keep;
					buf_append(out, s + i, m + 2 * open);
				}
				/* trim the spaces converters put inside $ $ */
				i = (size_t)(close - s) + open;
				continue;
			}
		}
		if (s[i] == '<') {
			static const char *const tags[] = { "img", "div", "/div", "center", "/center",
				"br", "sup", "/sup", "sub", "/sub", "span", "/span", "p", "/p", NULL };
			const char *gt = memchr(s + i, '>', n - i);
			int drop = 0;
			for (int k = 0; tags[k] && gt && !drop; k++) {
				size_t l = strlen(tags[k]);
				if (i + 1 + l <= n && strncasecmp(s + i + 1, tags[k], l) == 0 &&
				    (s[i + 1 + l] == '>' || s[i + 1 + l] == ' ' || s[i + 1 + l] == '/'))
					drop = 1;
			}
			if (drop) {
				i = (size_t)(gt - s) + 1;
				continue;
			}
		}
		buf_putc(out, s[i]);
		i++;
	}
}

/* Append s[0, n) (no tables inside) line by line, cleaned; lines that only
 * held an image or a "$$" delimiter go. */
static void clean_lines(const char *s, size_t n, struct buf *out)
{
	size_t i = 0;
	while (i < n) {
		const char *nl = memchr(s + i, '\n', n - i);
		size_t e = nl ? (size_t)(nl - s) : n;
		size_t start = out->len;
		size_t len = e - i;
		if (!(len == 2 && memcmp(s + i, "$$", 2) == 0))
			clean_line(s + i, len, out);
		size_t k = start;
		while (k < out->len && (out->p[k] == ' ' || out->p[k] == '\t'))
			k++;
		if (k == out->len)
			out->len = start;   /* nothing left: drop the line */
		else
			buf_putc(out, '\n');
		i = e + 1;
	}
}

void markdown_clean(const char *in, size_t n, struct converted *c, struct buf *out)
{
	struct buf rep = BUF_INIT;
	ocr_repair_lines(in, n, 1, c, &rep);
	out->len = 0;
	buf_reserve(out, rep.len + 1);
	const char *s = rep.p;
	size_t len = rep.len, i = 0;
	int tables = 0;
	while (i < len) {
		const char *t = memmem(s + i, len - i, "<table", 6);
		if (!t)
			t = memmem(s + i, len - i, "<TABLE", 6);
		if (!t) {
			clean_lines(s + i, len - i, out);
			break;
		}
		size_t ts = (size_t)(t - s);
		/* text before the table, up to it on its line too */
		clean_lines(s + i, ts - i, out);
		if (out->len && out->p[out->len - 1] != '\n')
			buf_putc(out, '\n');
		const char *e = memmem(t, len - ts, "</table>", 8);
		if (!e)
			e = memmem(t, len - ts, "</TABLE>", 8);
		size_t te = e ? (size_t)(e - s) + 8 : len;
		html_table_lines(t, te - ts, out, 1);
		tables++;
		i = te;
	}
	if (tables)
		conv_warn(c, "%d HTML table%s in the Markdown made into one line per row", tables,
			  tables == 1 ? "" : "s");
	buf_free(&rep);
	buf_reserve(out, 1);
	out->p[out->len] = '\0';
	snprintf(c->converter, sizeof c->converter, "markdown");
}
