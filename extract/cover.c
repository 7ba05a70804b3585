/* cover.c - see cover.h. */
#include "cover.h"
#include "repair.h"

#include <stdio.h>
#include <string.h>

static int has(const char *s, size_t n, const char *w)
{
	return memmem(s, n, w, strlen(w)) != NULL;
}

static int ends_with(const char *t, size_t k, const char *w)
{
	size_t wl = strlen(w);
	return k >= wl && memcmp(t + k - wl, w, wl) == 0;
}

static int is_digit(int c) { return c >= '0' && c <= '9'; }

/* A line that says what kind of document this is or who issued it, a
 * registration number or the edition replaced: "团 体 / 标 准",
 * "中华人民共和国国家标准", "中国城市轨道交通协会团体标准", "……发布",
 * "备案号: …", "代替 HJ/T 212-2005".  A title that ends in 标准
 * ("住房公积金服务标准", "小学生一日学习时间卫生标准") is none of these. */
static int is_cover_noise(const char *s, size_t n)
{
	static const char *const kinds[] = { "团体标准", "国家标准", "行业标准", "地方标准",
		"企业标准", "协会标准", "联盟标准", "学会标准", "商会标准", NULL };
	char t[256];
	size_t k = squeeze_spaces(s, n, t, sizeof t);
	if (has(s, n, "备案号") || !strncmp(t, "代替", 6) || !strncmp(t, "替代", 6) ||
	    !strcmp(t, "团体") || !strcmp(t, "标准") || ends_with(t, k, "发布"))
		return 1;
	if (k > 120 || !ends_with(t, k, "标准"))
		return 0;
	if (!strncmp(t, "中华人民共和国", 21))
		return 1;
	for (const char *const *w = kinds; *w; w++)
		if (ends_with(t, k, *w))
			return 1;
	return 0;
}

/* An English title line: no CJK character, mostly letters, words.  Dashes
 * and quotes ("Digital textbook—Metadata", "vehicle's") are allowed. */
static int is_english_title(const char *s, size_t n)
{
	if (n < 8 || !strncmp(s, "ICS", 3) || !strncmp(s, "CCS", 3))
		return 0;
	int letters = 0, spaces = 0, chars = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c & 0xC0) == 0x80)
			continue;
		if (c >= 0xE3 && c <= 0xE9)
			return 0;    /* U+3000..U+9FFF: CJK */
		chars++;
		letters += (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
		spaces += c == ' ';
	}
	return spaces >= 1 && letters * 10 >= chars * 6;
}

int title_like(const char *s, size_t n)
{
	int cjk = 0;
	for (size_t i = 0; i < n; i++)
		cjk |= (unsigned char)s[i] >= 0xE3 && (unsigned char)s[i] <= 0xE9;
	if (!cjk || n > 240 || has(s, n, "。") || has(s, n, "，") || memchr(s, ',', n))
		return 0;
	/* a colon only in "第5部分:计算机联锁(CI)间接口" */
	for (const char *c = memchr(s, ':', n); c; c = memchr(c + 1, ':', (size_t)(s + n - c - 1)))
		if (!(c - s >= 6 && !memcmp(c - 6, "部分", 6)))
			return 0;
	return 1;
}

static const char *dup(struct doc *d, const char *s, size_t n)
{
	return arena_strndup(&d->arena, s, n);
}

/* "A 12", "L78" after "CCS" (or alone on its line): a letter and two
 * digits, written "A 12".  Returns the bytes read, 0 when it is none. */
static size_t read_ccs(const char *s, size_t n, char out[8])
{
	size_t i = 0;
	while (i < n && (s[i] == ' ' || s[i] == ':'))
		i++;
	if (i >= n || s[i] < 'A' || s[i] > 'Z')
		return 0;
	char letter = s[i++];
	if (i < n && s[i] == ' ')
		i++;
	if (i + 2 > n || !is_digit(s[i]) || !is_digit(s[i + 1]) || (i + 2 < n && is_digit(s[i + 2])))
		return 0;
	snprintf(out, 8, "%c %c%c", letter, s[i], s[i + 1]);
	return i + 2;
}

/* "ICS 03.080", "ICS 03.220.20;30.210.60", "CCS A 12", or both on one
 * line: into d->ics and d->ccs.  Returns 1 when the line held either. */
static int cover_codes(struct doc *d, const char *s, size_t n)
{
	int got = 0;
	const char *e = s + n, *p = memmem(s, n, "ICS", 3);
	if (p && (p == s || p[-1] == ' ')) {
		const char *a = p + 3, *b;
		while (a < e && (*a == ' ' || *a == ':'))
			a++;
		for (b = a; b < e && (is_digit(*b) || *b == '.' || *b == ';' || *b == ',' || *b == ' '); b++)
			;
		while (b > a && (b[-1] == ' ' || b[-1] == ';' || b[-1] == ','))
			b--;
		if (b > a && is_digit(*a)) {
			if (!d->ics)
				d->ics = dup(d, a, (size_t)(b - a));
			got = 1;
		}
	}
	p = memmem(s, n, "CCS", 3);
	char ccs[8];
	if (p && (p == s || p[-1] == ' ') && read_ccs(p + 3, (size_t)(e - p - 3), ccs)) {
		if (!d->ccs)
			d->ccs = arena_strdup(&d->arena, ccs);
		got = 1;
	}
	return got;
}

/* Append a title line to b, a space between lines (a cover prints the
 * elements of a title on lines of their own). */
static void add_title_line(struct buf *b, const char *s, size_t n)
{
	if (b->len)
		buf_putc(b, ' ');
	buf_append(b, s, n);
}

int cover_parse(struct extractor *x, const struct line *L, size_t from, size_t to,
		char *err, size_t errlen)
{
	struct doc *d = &x->doc;
	struct buf title = BUF_INIT, before = BUF_INIT, en = BUF_INIT, spaced = BUF_INIT;
	int state = 0;          /* the title: 0 not begun, 1 in it, 2 done */
	int prev_ics = 0, rc = 0;     /* prev_ics: the line before held the ICS code */
	for (size_t i = from; i < to; i++) {
		const struct line *l = &L[i];
		const char *s = l->s;
		size_t n = l->len;
		if (!n)
			continue;
		if (!d->code) {
			struct stdcode sc;
			int m = stdcode_whole(&x->codes, &x->rc, s, n, &sc);
			if (m < 0) {
				snprintf(err, errlen, "line %u: code pattern failed", l->lineno);
				rc = -1;
				break;
			}
			if (m > 0) {
				doc_set_code(d, &sc);
				/* a title before the code is kept in case none follows */
				if (state == 1 && !before.len)
					buf_append(&before, title.p, title.len);
				title.len = 0;
				state = 0;
				continue;
			}
		}
		char ccs[8];
		if (cover_codes(d, s, n)) {
			prev_ics = 1;
			continue;
		}
		if (prev_ics && !d->ccs && read_ccs(s, n, ccs) == n) {
			/* the older cover: a bare CCS line under the ICS line */
			d->ccs = arena_strdup(&d->arena, ccs);
			continue;
		}
		prev_ics = 0;
		static const char *const stages[] = { "征求意见稿", "送审稿", "报批稿", NULL };
		const char *st = NULL;
		for (const char *const *w = stages; *w && !st; w++)
			if (has(s, n, *w))
				st = *w;
		if (st) {
			/* the stage is no part of the title, nor its end: what else
			 * the line says may be the title ("……规范(征求意见稿)") */
			d->stage = st;
			const char *at = memmem(s, n, st, strlen(st));
			size_t k = (size_t)(at - s);
			while (k && (s[k - 1] == ' ' || s[k - 1] == '('))
				k--;
			if (k && title_like(s, k) && state != 2 && !is_cover_noise(s, k)) {
				add_title_line(&title, s, k);
				state = 1;
			}
			continue;
		}
		int r = rx_match(&x->pat.rx[P_DATE], &x->rc, s, n, 0);
		if (r < 0) {
			snprintf(err, errlen, "line %u: pattern date failed", l->lineno);
			rc = -1;
			break;
		}
		if (r > 0) {
			for (int g = 1; g <= 3; g += 2) {
				size_t a = rx_start(&x->rc, g), b = rx_end(&x->rc, g);
				size_t wa = rx_start(&x->rc, g + 1);
				if (a == (size_t)-1 || b <= a)
					continue;
				const char *date = dup(d, s + a, b - a);
				if (!memcmp(s + wa, "发布", 6))
					d->published = date;
				else
					d->effective = date;
			}
			if (state == 1)
				state = 2;
			continue;
		}
		if (is_english_title(s, n)) {
			/* no space where a dash joins the lines ("…vehicles" /
			 * "—General …", "…services—" / "Bathing …") */
			int dash = s[0] == '-' || !strncmp(s, "—", 3) || !strncmp(s, "–", 3) ||
				   (en.len && (en.p[en.len - 1] == '-' || ends_with(en.p, en.len, "—") ||
					       ends_with(en.p, en.len, "–")));
			if (en.len && !dash)
				buf_putc(&en, ' ');
			buf_append(&en, s, n);
			if (state == 1)
				state = 2;
			continue;
		}
		/* "……发布": the issuing body (not a date line: those went above);
		 * a letter-spaced one may have come as a table row "| 环 | 境 |" */
		char sq[256];
		size_t k = 0;
		for (size_t j = 0; j < n && k + 1 < sizeof sq; j++)
			if (s[j] != ' ' && s[j] != '|')
				sq[k++] = s[j];
		sq[k] = '\0';
		if (!d->issuer && k > 6 + 6 && k < sizeof sq - 1 && ends_with(sq, k, "发布") &&
		    (unsigned char)sq[0] >= 0x80)
			d->issuer = dup(d, sq, k - 6);
		/* a converter may give the letter-spaced name a character a line
		 * ("环" "境" "保" "护" "部" "发 布"): they are gathered */
		if (!d->issuer && k == 6 && !strcmp(sq, "发布") && spaced.len >= 6)
			d->issuer = dup(d, spaced.p, spaced.len);
		if (k > 0 && k <= 6 && (unsigned char)sq[0] >= 0x80 && strcmp(sq, "发布"))
			buf_append(&spaced, sq, k);
		else
			spaced.len = 0;
		if (has(s, n, "专利") && (has(s, n, "反馈意见") || has(s, n, "支持性文件")))
			d->patent_notice = 1;
		if (is_cover_noise(s, n))
			continue;
		if (title_like(s, n)) {
			if (state != 2) {
				add_title_line(&title, s, n);
				state = 1;
			}
		} else if (state == 1 && (unsigned char)s[0] >= 0x80) {
			state = 2;      /* a sentence: the title is over */
		}
	}
	const struct buf *t = title.len ? &title : &before;
	if (rc == 0 && t->len)
		d->title_zh = dup(d, t->p, t->len);
	if (rc == 0 && en.len)
		d->title_en = dup(d, en.p, en.len);
	buf_free(&title);
	buf_free(&before);
	buf_free(&en);
	buf_free(&spaced);
	return rc;
}

/* The cover's title with only those of its spaces that the body's title
 * (the same characters) also has: a space both print is an element
 * boundary, one only the cover's text has is an artifact ("培优技术 规范"). */
static void agreed_spaces(const char *c, const char *b, struct buf *out)
{
	while (*c) {
		if (*c == ' ') {
			if (*b == ' ')
				buf_putc(out, ' ');
			c++;
			continue;
		}
		while (*b == ' ')
			b++;
		buf_putc(out, *c++);
		if (*b)
			b++;
	}
}

void cover_choose_title(struct doc *d, const char *body)
{
	const char *c = d->title_zh;
	if (!body && !c)
		return;
	struct buf t = BUF_INIT;
	if (!c) {
		buf_puts(&t, body);
	} else if (body) {
		char cs[1024], bs[1024];
		size_t ck = squeeze_spaces(c, strlen(c), cs, sizeof cs);
		size_t bk = squeeze_spaces(body, strlen(body), bs, sizeof bs);
		if (!strcmp(cs, bs))
			agreed_spaces(c, body, &t);
		else if (bk > ck && strstr(bs, cs))
			buf_puts(&t, body);      /* the cover gave only a part */
		else
			buf_puts(&t, c);
	} else {
		buf_puts(&t, c);
	}
	/* "……接口规范第5部分:……": a part is an element of the title */
	struct buf o = BUF_INIT;
	for (size_t i = 0; i < t.len; i++) {
		if (i > 0 && t.p[i - 1] != ' ' && i + 3 < t.len && !memcmp(t.p + i, "第", 3) &&
		    is_digit(t.p[i + 3])) {
			size_t j = i + 3;
			while (j < t.len && is_digit(t.p[j]))
				j++;
			if (j + 6 <= t.len && !memcmp(t.p + j, "部分", 6))
				buf_putc(&o, ' ');
		}
		buf_putc(&o, t.p[i]);
	}
	d->title_zh = dup(d, o.p, o.len);
	buf_free(&t);
	buf_free(&o);
}
