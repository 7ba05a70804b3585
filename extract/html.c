/* html.c - HTML pages into text lines and the metadata of platform detail pages.
 *
 * The page is parsed with libxml2's HTML parser (htmlReadMemory, recovering
 * from broken markup, no network), already decoded to UTF-8 by encoding.c.
 * Text: block elements start and end lines, <br> breaks a line, every table
 * row and list item is its own line with cells separated by a tab; script,
 * style, noscript, template, select and comments are dropped; entities come
 * decoded from the parser; white space inside a line is folded (not in
 * <pre>).
 *
 * Metadata: the platforms' detail pages are label/value pairs, either cells
 * of one table row ("标准编号 | T/GZAEPI 001—2018"), a "label：value" line
 * ("标准号：GB/T 1.1-2020") or a label line followed by its value line
 * (div/dt pairs).  The labels below are the ones those pages use (see
 * ../shared/docs/PLATFORMS.md): code, titles, dates, status and issuer, and
 * everything else a page states about the standard (ICS and CCS, kept as
 * their codes alone; 国民经济分类 / 行业分类; the organisation's category and
 * business scope; 主管部门, 归口单位; 起草人 and 起草单位 as JSON arrays; 范围;
 * 主要技术内容; the patent flag; the 标准文本 link, from the <a> in the cell
 * after the label); other labels' values are kept as a JSON object.  A
 * footer (版权所有, ICP备) read as the value of an empty field is dropped.  Error and anti-bot pages (an HTTP status
 * as the title, the 知道创宇 interception page) are reported as such. */
#include "convert.h"
#include "repair.h"
#include "classcodes.h"
#include "jsonw.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- text ------------------------------------------------------------ */

struct walk {
	struct buf *out;
	int pipes;             /* table rows as "| a | b |" (Markdown tables) */
	int pre;               /* inside <pre> */
	int cells;             /* cells written in the current row */
	int title_depth;
	struct buf title;      /* <title> text */
	struct buf heading;    /* first classless h1/h3/h4 with CJK: a title candidate */
	int depth;
};

static int name_is(const xmlNode *n, const char *name)
{
	return n->name && strcasecmp((const char *)n->name, name) == 0;
}

static int is_block(const xmlNode *n)
{
	static const char *const blocks[] = { "p", "div", "h1", "h2", "h3", "h4", "h5", "h6",
		"ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "tr",
		"section", "article", "header", "footer", "nav", "aside", "main", "blockquote",
		"pre", "form", "fieldset", "center", "hr", "address", "figure", "figcaption",
		"caption", "body", "html", "option", NULL };
	for (int i = 0; blocks[i]; i++)
		if (name_is(n, blocks[i]))
			return 1;
	return 0;
}

static int is_dropped(const xmlNode *n)
{
	return name_is(n, "script") || name_is(n, "style") || name_is(n, "noscript") ||
	       name_is(n, "template") || name_is(n, "select") || name_is(n, "iframe") ||
	       name_is(n, "object") || name_is(n, "svg");
}

/* End the current line unless it is already ended. */
static void newline(struct buf *b)
{
	while (b->len && (b->p[b->len - 1] == ' ' || b->p[b->len - 1] == '\t'))
		b->len--;
	if (b->len && b->p[b->len - 1] != '\n')
		buf_putc(b, '\n');
	if (b->p)
		b->p[b->len] = '\0';
}

/* Append text with white space folded (NBSP counts as space). */
static void add_text(struct buf *b, const char *s, int pre)
{
	for (const unsigned char *u = (const unsigned char *)s; *u; u++) {
		if (pre) {
			buf_putc(b, *u == '\r' ? '\n' : (char)*u);
			continue;
		}
		int space = *u == ' ' || *u == '\t' || *u == '\n' || *u == '\r' || *u == '\f';
		if (u[0] == 0xC2 && u[1] == 0xA0) {
			space = 1;
			u++;
		}
		if (space) {
			if (b->len && b->p[b->len - 1] != ' ' && b->p[b->len - 1] != '\n' &&
			    b->p[b->len - 1] != '\t')
				buf_putc(b, ' ');
		} else {
			buf_putc(b, (char)*u);
		}
	}
}

static int has_cjk(const char *s)
{
	for (const unsigned char *u = (const unsigned char *)s; *u; u++)
		if (*u >= 0xE4 && *u <= 0xE9)
			return 1;
	return 0;
}

static void walk(struct walk *w, xmlNode *n)
{
	for (; n; n = n->next) {
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			if (n->content) {
				if (w->title_depth)
					add_text(&w->title, (const char *)n->content, 0);
				else
					add_text(w->out, (const char *)n->content, w->pre);
			}
			continue;
		}
		if (n->type != XML_ELEMENT_NODE || is_dropped(n))
			continue;
		if (name_is(n, "head")) {
			/* only the title of the head */
			for (xmlNode *c = n->children; c; c = c->next)
				if (c->type == XML_ELEMENT_NODE && name_is(c, "title")) {
					w->title_depth++;
					walk(w, c->children);
					w->title_depth--;
				}
			continue;
		}
		if (name_is(n, "title")) {
			w->title_depth++;
			walk(w, n->children);
			w->title_depth--;
			continue;
		}
		if (name_is(n, "br")) {
			newline(w->out);
			continue;
		}
		if (name_is(n, "td") || name_is(n, "th")) {
			if (w->cells++ > 0 || w->pipes) {
				while (w->out->len && w->out->p[w->out->len - 1] == ' ')
					w->out->len--;
				buf_puts(w->out, w->pipes ? (w->cells > 1 ? " | " : "| ") : "\t");
			}
			size_t start = w->out->len;
			walk(w, n->children);
			/* a cell is one piece of a line: no line breaks inside */
			for (size_t i = start; i < w->out->len; i++)
				if (w->out->p[i] == '\n')
					w->out->p[i] = ' ';
			continue;
		}
		int block = is_block(n);
		int heading = (name_is(n, "h1") || name_is(n, "h3") || name_is(n, "h4")) &&
			      !xmlHasProp(n, (const xmlChar *)"class");
		if (block)
			newline(w->out);
		int was_pre = w->pre, was_cells = w->cells;
		if (name_is(n, "pre"))
			w->pre = 1;
		if (name_is(n, "tr"))
			w->cells = 0;
		size_t start = w->out->len;
		walk(w, n->children);
		if (heading && !w->heading.len && w->out->len > start) {
			struct buf t = BUF_INIT;
			add_text(&t, w->out->p + start, 0);
			if (t.p && has_cjk(t.p))
				buf_append(&w->heading, t.p, t.len);
			buf_free(&t);
		}
		w->pre = was_pre;
		if (name_is(n, "tr")) {
			if (w->pipes && w->cells)
				buf_puts(w->out, " |");
			w->cells = was_cells;
		}
		if (block)
			newline(w->out);
	}
}

/* Lines trimmed, empty lines dropped. */
static void tidy(struct buf *b)
{
	size_t k = 0, i = 0;
	while (i < b->len) {
		char *nl = memchr(b->p + i, '\n', b->len - i);
		size_t end = nl ? (size_t)(nl - b->p) : b->len;
		size_t a = i, e = end;
		while (a < e && (b->p[a] == ' ' || b->p[a] == '\t'))
			a++;
		while (e > a && (b->p[e - 1] == ' ' || b->p[e - 1] == '\t' || b->p[e - 1] == '\r'))
			e--;
		if (e > a) {
			memmove(b->p + k, b->p + a, e - a);
			k += e - a;
			b->p[k++] = '\n';
		}
		i = end + 1;
	}
	b->len = k;
	if (b->p)
		b->p[k] = '\0';
}

/* XML_PARSE_HUGE lifts libxml2's limit of 256 nested elements, which real
 * platform pages pass (the HTML parser honours the XML flag). */
static htmlDocPtr parse_html(const char *s, size_t n)
{
	if (n > (size_t)0x7fffffff)
		return NULL;
	return htmlReadMemory(s, (int)n, NULL, "UTF-8",
			      HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
			      HTML_PARSE_NONET | HTML_PARSE_COMPACT | HTML_PARSE_IGNORE_ENC |
			      HTML_PARSE_NOBLANKS | XML_PARSE_HUGE);
}

void html_table_lines(const char *frag, size_t n, struct buf *out, int pipes)
{
	htmlDocPtr doc = parse_html(frag, n);
	if (!doc)
		return;
	struct buf tmp = BUF_INIT;
	struct walk w = { .out = &tmp, .pipes = pipes };
	walk(&w, xmlDocGetRootElement(doc));
	tidy(&tmp);
	if (tmp.len)
		buf_append(out, tmp.p, tmp.len);
	buf_free(&tmp);
	buf_free(&w.title);
	buf_free(&w.heading);
	xmlFreeDoc(doc);
}

/* ---- metadata -------------------------------------------------------- */

enum field { F_CODE, F_TITLE_ZH, F_TITLE_EN, F_PUBLISHED, F_EFFECTIVE, F_STATUS, F_PUBLISHER,
	     F_ICS, F_CCS, F_INDUSTRY, F_ORG_CATEGORY, F_ORG_SCOPE, F_AUTHORITY, F_COMMITTEE,
	     F_DRAFTERS, F_ORGS, F_SCOPE, F_CONTENT, F_PATENT, F_TEXT, F_N };

static const struct { const char *label; enum field f; } labels[] = {
	{ "标准编号", F_CODE }, { "标准号", F_CODE },
	{ "中文标题", F_TITLE_ZH }, { "中文标准名称", F_TITLE_ZH }, { "中文名称", F_TITLE_ZH },
	{ "英文标题", F_TITLE_EN }, { "英文标准名称", F_TITLE_EN }, { "英文名称", F_TITLE_EN },
	{ "发布日期", F_PUBLISHED }, { "实施日期", F_EFFECTIVE },
	{ "标准状态", F_STATUS },
	{ "团体名称", F_PUBLISHER }, { "发布单位", F_PUBLISHER }, { "批准发布部门", F_PUBLISHER },
	{ "国际标准分类号", F_ICS }, { "国际标准分类号（ICS）", F_ICS }, { "国际标准分类号(ICS)", F_ICS },
	{ "ICS", F_ICS },
	{ "中国标准分类号", F_CCS }, { "中国标准分类号（CCS）", F_CCS }, { "中国标准分类号(CCS)", F_CCS },
	{ "CCS", F_CCS },
	{ "国民经济分类", F_INDUSTRY }, { "行业分类", F_INDUSTRY },
	{ "社团类别", F_ORG_CATEGORY }, { "业务范围", F_ORG_SCOPE },
	{ "主管部门", F_AUTHORITY }, { "归口单位", F_COMMITTEE }, { "归口部门", F_COMMITTEE },
	{ "起草人", F_DRAFTERS }, { "主要起草人", F_DRAFTERS },
	{ "起草单位", F_ORGS }, { "主要起草单位", F_ORGS },
	{ "范围", F_SCOPE }, { "主要技术内容", F_CONTENT },
	{ "是否包含专利信息", F_PATENT }, { "标准文本", F_TEXT },
};

/* Labels of other fields on those pages: never taken as a value; their
 * values go to the metadata's "other" object. */
static const char *const other_labels[] = { "备注", "执行单位", "废止日期", "制修订",
	"标准类别", "备案信息", "备案号", "登记证号", "发证机关", "法定代表人/负责人",
	"依托单位名称", "通讯地址", "标准公告", "采标情况", "代替标准", "被代替标准", NULL };

static const char *const status_words[] = { "现行", "废止", "即将实施", "被代替", "作废",
	"有效", "试行", "现行有效", NULL };

/* Is s[0, n) (spaces ignored, a trailing colon dropped) a label?  Returns
 * the field, -2 for another label (its index in other_labels into
 * *other, when other is not NULL), or -1. */
static int label_of_other(const char *s, size_t n, int *other)
{
	char t[64];
	if (n >= sizeof t)
		return -1;
	size_t k = squeeze_spaces(s, n, t, sizeof t);
	if (k >= 3 && strcmp(t + k - 3, "：") == 0)
		t[k -= 3] = '\0';
	else if (k >= 1 && t[k - 1] == ':')
		t[--k] = '\0';
	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (strcmp(t, labels[i].label) == 0)
			return labels[i].f;
	for (int i = 0; other_labels[i]; i++)
		if (strcmp(t, other_labels[i]) == 0) {
			if (other)
				*other = i;
			return -2;
		}
	return -1;
}

static int label_of(const char *s, size_t n)
{
	return label_of_other(s, n, NULL);
}

static int status_word(const char *s, size_t n)
{
	for (int i = 0; status_words[i]; i++)
		if (strlen(status_words[i]) == n && memcmp(s, status_words[i], n) == 0)
			return 1;
	return 0;
}

static char *list_json(const char *s, size_t n);

/* "2018年05月08日" -> "2018-05-08"; other values trimmed as they are. */
static char *clean_value(int f, const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n == 0)
		return NULL;
	/* a page's footer read as the value of an empty field */
	static const char *const furniture[] = { "版权所有", "侵权必究", "ICP备", NULL };
	for (int i = 0; furniture[i]; i++)
		if (memmem(s, n, furniture[i], strlen(furniture[i])))
			return NULL;
	if (f == F_PUBLISHED || f == F_EFFECTIVE) {
		int y, m, d;
		char tail[8];
		char tmp[64];
		snprintf(tmp, sizeof tmp, "%.*s", (int)n, s);
		if (sscanf(tmp, "%4d年%2d月%2d%3s", &y, &m, &d, tail) >= 3 ||
		    sscanf(tmp, "%4d-%2d-%2d", &y, &m, &d) == 3 || sscanf(tmp, "%4d/%2d/%2d", &y, &m, &d) == 3) {
			snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y, m, d);
			return xstrdup(tmp);
		}
		return NULL;
	}
	if (f == F_STATUS && !status_word(s, n))
		return NULL;
	if (f == F_ICS || f == F_CCS) {
		/* the codes alone: "13.020.01  环境和环境保护综合" -> "13.020.01" */
		char tmp[512], codes[8][16];
		snprintf(tmp, sizeof tmp, "%.*s", (int)(n < 511 ? n : 511), s);
		size_t k = classcodes_find(f == F_ICS ? CLASSCODE_ICS : CLASSCODE_CCS, tmp, codes, 8);
		if (!k)
			return NULL;
		struct buf b = BUF_INIT;
		for (size_t i = 0; i < k; i++) {
			if (i)
				buf_puts(&b, "; ");
			buf_puts(&b, codes[i]);
		}
		return b.p;
	}
	if (f == F_PATENT) {
		int yes = n == 3 && !memcmp(s, "是", 3), no = n == 3 && !memcmp(s, "否", 3);
		return yes || no ? xstrdup(yes ? "1" : "0") : NULL;
	}
	if (f == F_TEXT)
		return NULL;     /* the link, not the text: text_link() */
	if (f == F_DRAFTERS || f == F_ORGS)
		return list_json(s, n);
	if (f == F_CODE) {
		/* "GB/T 1.1-2000 采": the code ends before the first ideograph;
		 * a code has a digit and a capital letter ("标准名称" in a list
		 * table's header row is not one) */
		int digit = 0, upper = 0;
		for (size_t i = 0; i < n; i++) {
			unsigned char ch = (unsigned char)s[i];
			if (ch >= 0xE4 && ch <= 0xE9) {
				n = i;
				break;
			}
			digit |= ch >= '0' && ch <= '9';
			upper |= ch >= 'A' && ch <= 'Z';
		}
		while (n && s[n - 1] == ' ')
			n--;
		if (!digit || !upper || n == 0)
			return NULL;
	}
	char *v = xstrndup(s, n);
	for (char *p = v; *p; p++)
		if (*p == '\t')
			*p = ' ';
	return v;
}

/* A page's list of names ("张三、李四，王五") as a JSON array. */
static char *list_json(const char *s, size_t n)
{
	struct buf b = BUF_INIT;
	buf_putc(&b, '[');
	const char *p = s, *end = s + n;
	while (p < end) {
		const char *e = p;
		while (e < end && strncmp(e, "、", 3) && strncmp(e, "，", 3) && strncmp(e, "；", 3) &&
		       *e != ',' && *e != ';')
			e++;
		const char *a = p, *z = e;
		while (a < z && *a == ' ')
			a++;
		while (z > a && z[-1] == ' ')
			z--;
		if (z > a) {
			if (b.len > 1)
				buf_putc(&b, ',');
			jsonw_stringn(&b, a, (size_t)(z - a));
		}
		p = e < end ? e + ((unsigned char)*e >= 0x80 ? 3 : 1) : e;
	}
	buf_putc(&b, ']');
	return b.p;
}

static void set_field(struct conv_meta *m, int f, char *v)
{
	char **slot[F_N] = { &m->code, &m->title_zh, &m->title_en, &m->published,
			     &m->effective, &m->status, &m->publisher, &m->ics, &m->ccs,
			     &m->industry, &m->org_category, &m->org_scope, &m->authority,
			     &m->committee, &m->drafters, &m->orgs, &m->scope, &m->content,
			     &m->patent, &m->text_url };
	if (!v)
		return;
	if (*slot[f]) {
		free(v);
		return;
	}
	*slot[f] = v;
}

/* Walk the text lines for label/value pairs. */
static void find_meta(const char *text, size_t len, struct conv_meta *m, char **badge)
{
	const char *p = text, *end = text + len;
	struct buf other = BUF_INIT;         /* the other labels' values, JSON */
	char seen[sizeof other_labels / sizeof other_labels[0]] = { 0 };
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		/* cells of this line */
		const char *c = p;
		while (c < le) {
			const char *tab = memchr(c, '\t', (size_t)(le - c));
			const char *ce = tab ? tab : le;
			/* "标准号：value" inside one cell */
			const char *colon = NULL;
			for (const char *q = c; q + 3 <= ce; q++)
				if (memcmp(q, "：", 3) == 0 || *q == ':') {
					colon = q;
					break;
				}
			int oi = -1;
			int f = label_of_other(c, (size_t)(ce - c), &oi);
			if (f == -1 && colon)
				f = label_of_other(c, (size_t)(colon - c) + (*colon == ':' ? 1 : 3), &oi);
			if (f >= 0 || f == -2) {
				char *v = NULL;
				if (colon && label_of(c, (size_t)(ce - c)) < 0) {
					const char *vs = colon + (*colon == ':' ? 1 : 3);
					v = clean_value(f, vs, (size_t)(ce - vs));
				}
				if (!v && tab) {
					/* the next cell of the row, unless it is a label itself */
					const char *v2 = tab + 1;
					const char *t2 = memchr(v2, '\t', (size_t)(le - v2));
					const char *ve = t2 ? t2 : le;
					if (label_of(v2, (size_t)(ve - v2)) == -1)
						v = clean_value(f, v2, (size_t)(ve - v2));
					else
						goto next_cell;  /* a header row of a list table */
				}
				if (!v && !tab && c == p && nl && nl + 1 < end) {
					/* a label line: the value is the next line */
					const char *v2 = nl + 1;
					const char *n2 = memchr(v2, '\n', (size_t)(end - v2));
					const char *ve = n2 ? n2 : end;
					if (!memchr(v2, '\t', (size_t)(ve - v2)) && label_of(v2, (size_t)(ve - v2)) == -1)
						v = clean_value(f, v2, (size_t)(ve - v2));
				}
				if (f >= 0) {
					set_field(m, f, v);
				} else if (v && oi >= 0 && !seen[oi]) {
					seen[oi] = 1;
					buf_puts(&other, other.len ? "," : "{");
					jsonw_string(&other, other_labels[oi]);
					buf_putc(&other, ':');
					jsonw_string(&other, v);
					free(v);
				} else {
					free(v);
				}
			}
		next_cell:
			c = tab ? tab + 1 : le;
		}
		/* a line that is only a status word: the status badge, used
		 * when no 标准状态 label gives one */
		if (!*badge) {
			/* "国家标准 推荐性 废止": badges; the status is the last */
			const char *lw = le;
			while (lw > p && lw[-1] != ' ')
				lw--;
			if (status_word(lw, (size_t)(le - lw)) && le - p <= 40)
				*badge = xstrndup(lw, (size_t)(le - lw));
		}
		p = le + 1;
	}
	if (other.len) {
		buf_putc(&other, '}');
		if (!m->other)
			m->other = other.p, other.p = NULL;
	}
	buf_free(&other);
}

/* Is element n's text (spaces, NBSP and a colon aside) the label? */
static int text_is(xmlNode *n, const char *label)
{
	xmlChar *t = xmlNodeGetContent(n);
	if (!t)
		return 0;
	struct buf b = BUF_INIT;
	add_text(&b, (const char *)t, 0);
	xmlFree(t);
	char sq[64];
	size_t k = b.len < 200 ? squeeze_spaces(b.p ? b.p : "", b.len, sq, sizeof sq) : 0;
	buf_free(&b);
	if (k >= 3 && !strcmp(sq + k - 3, "："))
		sq[k -= 3] = '\0';
	else if (k && sq[k - 1] == ':')
		sq[--k] = '\0';
	return k && !strcmp(sq, label);
}

static const xmlChar *first_href(xmlNode *n)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (name_is(n, "a")) {
			xmlAttr *h = xmlHasProp(n, (const xmlChar *)"href");
			if (h && h->children && h->children->content && h->children->content[0] &&
			    strncmp((const char *)h->children->content, "javascript:", 11))
				return h->children->content;
		}
		const xmlChar *c = first_href(n->children);
		if (c)
			return c;
	}
	return NULL;
}

/* The link of the "标准文本" cell: the first <a href> in the cells after it. */
static char *text_link(xmlNode *n)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if ((name_is(n, "td") || name_is(n, "th") || name_is(n, "dt")) && text_is(n, "标准文本")) {
			for (xmlNode *sib = n->next; sib; sib = sib->next) {
				const xmlChar *h = sib->type == XML_ELEMENT_NODE ? first_href(sib->children) : NULL;
				if (h)
					return xstrdup((const char *)h);
			}
			return NULL;
		}
		char *c = text_link(n->children);
		if (c)
			return c;
	}
	return NULL;
}

/* An anti-bot interception or HTTP error page? Describes it in what. */
static int error_page(const char *title, const char *text, char *what, size_t wlen)
{
	if (title && title[0] >= '1' && title[0] <= '5' && title[1] >= '0' && title[1] <= '9' &&
	    title[2] >= '0' && title[2] <= '9' && (title[3] == ' ' || title[3] == '\0')) {
		snprintf(what, wlen, "HTTP error page (%.80s)", title);
		return 1;
	}
	static const char *const marks[] = { "知道创宇云防御", "拦截时间", "本次事件ID",
		"403 Forbidden", "Access Denied", "访问被拒绝", "安全狗", NULL };
	for (int i = 0; marks[i]; i++)
		if (strstr(text, marks[i]) || (title && strstr(title, marks[i]))) {
			snprintf(what, wlen, "blocked page (anti-bot interception / HTTP 403: \"%s\")",
				 marks[i]);
			return 1;
		}
	return 0;
}

int html_to_text(const char *utf8, size_t n, struct converted *c, char *err, size_t errlen)
{
	snprintf(c->converter, sizeof c->converter, "libxml2");
	snprintf(c->converter_version, sizeof c->converter_version, "%s", LIBXML_DOTTED_VERSION);
	htmlDocPtr doc = parse_html(utf8, n);
	if (!doc || !xmlDocGetRootElement(doc)) {
		if (doc)
			xmlFreeDoc(doc);
		snprintf(err, errlen, "HTML page could not be parsed (no elements)");
		return -1;
	}
	c->text.len = 0;
	struct walk w = { .out = &c->text };
	walk(&w, xmlDocGetRootElement(doc));
	char *link = text_link(xmlDocGetRootElement(doc));
	xmlFreeDoc(doc);
	tidy(&c->text);
	buf_reserve(&c->text, 1);
	c->text.p[c->text.len] = '\0';
	struct buf title = BUF_INIT;
	if (w.title.len)
		add_text(&title, w.title.p, 0);
	char *badge = NULL;
	find_meta(c->text.p, c->text.len, &c->meta, &badge);
	if (link && !c->meta.text_url)
		c->meta.text_url = link, link = NULL;
	free(link);
	if (!c->meta.status && c->meta.code)
		c->meta.status = badge, badge = NULL;
	free(badge);
	if (!c->meta.title_zh && c->meta.code && w.heading.len) {
		c->meta.title_zh = xstrndup(w.heading.p, w.heading.len);
		/* the English title, when the line after the heading is one */
		const char *h = strstr(c->text.p, c->meta.title_zh);
		const char *nl = h ? strchr(h, '\n') : NULL;
		if (!c->meta.title_en && nl) {
			const char *e = strchr(nl + 1, '\n');
			size_t len = e ? (size_t)(e - nl - 1) : strlen(nl + 1);
			int letters = 0, other = 0;
			for (size_t i = 0; i < len; i++) {
				unsigned char ch = (unsigned char)nl[1 + i];
				letters += (ch | 32) >= 'a' && (ch | 32) <= 'z';
				other += ch >= 0x80 || ch == '\t';
			}
			if (letters >= 4 && !other)
				c->meta.title_en = xstrndup(nl + 1, len);
		}
	}
	if (c->meta.code && !c->meta.title_zh && !c->meta.published) {
		/* a code alone is a list or search page, not a detail page */
		free(c->meta.code);
		c->meta.code = NULL;
	}
	char what[160];
	int rc = 0;
	if (!c->meta.code && error_page(title.p, c->text.p, what, sizeof what)) {
		c->blocked = 1;
		snprintf(err, errlen, "%s: not a standard", what);
		rc = -1;
	}
	buf_free(&title);
	buf_free(&w.title);
	buf_free(&w.heading);
	return rc;
}
