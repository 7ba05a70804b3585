/* check-language.c - the wording of provisions (LANG).
 *
 * LANG-01 modal forms GB/T 1.1 does not use (必须, 应当, 不可, 务必, 严禁;
 * an engineering code may use 必须 and 严禁, its "本规范用词说明" says so);
 * LANG-02 不得, which table C.1 allows beside 不应; LANG-03 a vague word
 * that conditions a requirement; LANG-04 a requirement with nothing it
 * can be checked against.  The verbs inside a sentence are found with
 * lib/modal.h, as extract found them. */
#include "checks.h"
#include "modal.h"

#include <stdio.h>
#include <string.h>

/* Vague words of requirements (DOMAIN.md LANG-03), as scanned. */
const char *const vague_words[] = {
	"适当", "合理", "及时", "尽量", "尽可能", "尽快", "有关", "相关", "必要时", "足够",
	"充分", "良好", "较好", "适量", "原则上", "大约", "左右", "若干", "经常", "明显",
	"一般应", "一般情况下", "等。", NULL
};
/* What only a person's judgement can tell: a requirement resting on one,
 * with nothing measurable, is LANG-04. */
const char *const subjective_words[] = {
	"醒目", "方便", "便于", "便捷", "清晰", "清楚", "美观", "舒适", "友好", "整洁", "干净", "明亮",
	"优质", "高效", "满意", "完善", "科学", "合适", "恰当", "充足", "稳定", "牢固", "远离", "不影响",
	"一些", "较为", "更加", "尽", "妥善", "规范的", "安全可靠", "热情", "耐心", "礼貌", "周到", "细致",
	"认真", "积极", "文明", "亲切", "和蔼", "适宜", "必要的", "逐步", NULL
};

/* The leftmost (then longest) subjective word of a sentence. */
struct first_hit {
	const struct aho *aho;
	size_t at, len;
	int found;
};

static void on_subjective(void *ctx, int word, size_t start)
{
	struct first_hit *h = ctx;
	size_t len = (size_t)h->aho->wordlen[word];
	if (!h->found || start < h->at || (start == h->at && len > h->len)) {
		h->at = start;
		h->len = len;
		h->found = 1;
	}
}

/* Phrases in which a vague word is a fixed term, not vagueness. */
static const char *const vague_exempt[] = { "合理便利", "相关方", "有关部门", "相关联", "相关性",
	"不相关", "无关", NULL };

struct vague_hit {
	const char *text;
	size_t n;
	const char *word;
	size_t at;
	const struct modal_filter *mf;
};

/* Does the sentence say what the "相关/有关" at byte at refers to: a document
 * anywhere in it (a code, "HJ 91.1", "ISO 7001", a title in 《》), or after
 * the word an annex, table, figure or clause, or a list of what is meant
 * ("相关参数,具体参数包括:", "相关部门、单位")? */
static int related_is_specified(const char *s, size_t at)
{
	if (strstr(s, "《"))
		return 1;
	for (const char *p = s; p[0] && p[1]; p++)
		if (p[0] >= 'A' && p[0] <= 'Z' && p[1] >= 'A' && p[1] <= 'Z')
			return 1;       /* two capitals: a code (GB, HJ, ISO, T/CAS) */
	const char *after = s + at;
	static const char *const marks[] = { "附录", "见表", "见图", "见第", "包括", "如下", "以下",
		"具体", "、", ":", NULL };
	for (const char *const *m = marks; *m; m++)
		if (strstr(after, *m))
			return 1;
	for (const char *p = after; *p; p++) {
		/* 表1, 图A.2, 见5.3: a table, figure or clause, not 表示, 图形, 意见 */
		if (strncmp(p, "表", 3) && strncmp(p, "图", 3) && strncmp(p, "见", 3))
			continue;
		const char *q = p + 3;
		while (*q == ' ')
			q++;
		if ((*q >= '0' && *q <= '9') || (*q >= 'A' && *q <= 'Z'))
			return 1;
	}
	return 0;
}

/* Is c a separator of the parts of a sentence (, ; : and their full-width
 * forms, which NFKC has made ASCII)? */
static int part_end(char c)
{
	return c == ',' || c == ';' || c == ':';
}

/* Does the vague word at byte at condition a requirement?  The part of the
 * sentence it stands in decides (parts end at , ; :): a 应 there makes it
 * part of the requirement ("应有适当保护"), a 宜 or 可 part of a
 * recommendation or permission ("宜尽可能", "必要时可").  A part without
 * a verb ("必要时,应…") belongs to the verb of the next part. */
static int conditions_requirement(const struct modal_filter *mf, const char *s, size_t n, size_t at)
{
	size_t a = at, b = at;
	while (a > 0 && !part_end(s[a - 1]))
		a--;
	for (int part = 0; part < 3; part++) {
		while (b < n && !part_end(s[b]))
			b++;
		size_t pos = a, vat, vlen;
		enum prov_type t, best = PROV_NONE;
		const char *verb;
		while (modal_next(mf, s, b, &pos, &t, &verb, &vat, &vlen))
			if (best == PROV_NONE || t < best)
				best = t;
		if (best != PROV_NONE)
			return best == PROV_REQUIREMENT;
		if (b >= n)
			return 0;
		a = ++b;        /* no verb in this part: the next one's */
	}
	return 0;
}

static void on_vague(void *ctx, int word, size_t start)
{
	struct vague_hit *v = ctx;
	if (v->word)
		return;
	for (const char *const *e = vague_exempt; *e; e++) {
		size_t el = strlen(*e);
		for (size_t back = 0; back <= start && back < el; back++)
			if (start - back + el <= v->n && strncmp(v->text + start - back, *e, el) == 0)
				return;
	}
	const char *w = vague_words[word];
	if ((!strcmp(w, "相关") || !strcmp(w, "有关")) && related_is_specified(v->text, start))
		return;
	if (!conditions_requirement(v->mf, v->text, v->n, start))
		return;
	v->word = w;
	v->at = start;
}

/* The byte offset of the modal verb verb in sentence s (where the finding
 * points): the first such verb, not a look-alike word before it. */
static size_t verb_at(const struct modal_filter *mf, const char *s, const char *verb)
{
	size_t pos = 0, at, len, n = strlen(s);
	enum prov_type t;
	const char *v;
	while (verb && modal_next(mf, s, n, &pos, &t, &v, &at, &len))
		if (!strcmp(v, verb))
			return at;
	const char *p = verb ? strstr(s, verb) : NULL;
	return p ? (size_t)(p - s) : 0;
}

void check_language(struct checker *k)
{
	struct adoc *d = k->d;
	struct analyzer *a = k->a;
	int eng = d->rules.engineering;
	const struct modal_filter *mf = &a->modal;
	for (size_t i = 0; i < d->provs.n; i++) {
		const struct aprov *p = &d->provs.v[i];
		const char *num = d->clauses.v[p->clause].num;
		size_t tl = strlen(p->text);
		if ((!strcmp(p->verb, "必须") && !eng) || !strcmp(p->verb, "应当") || !strcmp(p->verb, "不可"))
			finding(k, "LANG-01", num, p->text, verb_at(mf, p->text, p->verb), strlen(p->verb), p->verb, NULL,
				MSG(k, "%s：使用了“%s”，GB/T 1.1 表述要求用“%s”；宜改为“%s”",
				    "%s: %s is not a modal form of GB/T 1.1; write %s"),
				num, p->verb, strcmp(p->verb, "不可") ? "应" : "不应",
				strcmp(p->verb, "不可") ? "应" : "不应");
		else if (!strcmp(p->verb, "不得"))
			finding(k, "LANG-02", num, p->text, verb_at(mf, p->text, "不得"), strlen("不得"), "不得", NULL,
				MSG(k, "%s：“不得”是表C.1 所列“不应”的等效表述，可以使用；全文宜统一为“不应”",
				    "%s: 不得 is an equivalent of 不应 in table C.1 and may stay; 不应 throughout reads better"),
				num);
		if (strcmp(p->type, "requirement") != 0)
			continue;
		struct vague_hit v = { p->text, tl, NULL, 0, mf };
		aho_scan(&a->vague, p->text, tl, on_vague, &v);
		if (v.word) {
			char w[32];
			snprintf(w, sizeof w, "%s", v.word);
			char *stop = strstr(w, "。");
			if (stop)
				*stop = '\0';
			finding(k, "LANG-03", num, p->text, v.at, strlen(w), w, NULL,
				MSG(k, "%s：要求中的“%s”含义不确定，无法客观验证；宜改为具体的数值、时限、频次或判定准则",
				    "%s: %s in a requirement cannot be verified; state a value, time limit, frequency "
				    "or criterion"),
				num, w);
		}
		/* A lead-in ("应包括:") is completed by its list items. */
		if (tl && p->text[tl - 1] == ':')
			continue;
		/* A prohibition is checkable as it stands. */
		if (!strcmp(p->verb, "不应") || !strcmp(p->verb, "不得") || !strcmp(p->verb, "不可"))
			continue;
		/* The requirement rests on a quality only judgement can tell
		 * ("应醒目", "应方便") and has nothing measurable: that is what a
		 * reviewer sends back.  "应建立……制度" is checked by its being
		 * there; a prohibition beside the quality ("应清晰,不应缺笔画")
		 * settles it; a quality of the manner ("清晰地标注") leaves the
		 * act itself to check; where LANG-03 spoke, it said it already.
		 * The cheap tests come first: most requirements have no such
		 * word, and the measurable pattern is not tried on them. */
		if (v.word)
			continue;
		struct first_hit h = { &a->subjective, 0, 0, 0 };
		aho_scan(&a->subjective, p->text, tl, on_subjective, &h);
		if (!h.found || !strncmp(p->text + h.at + h.len, "地", 3) || strstr(p->text, "不应") ||
		    strstr(p->text, "不得") || strstr(p->text, "不允许"))
			continue;
		int m = rx_match(&a->measurable, &a->rc, p->text, tl, 0);
		if (m < 0) {
			k->failed = 1;
			return;
		}
		if (m == 0) {
			size_t ws = h.at, we = h.at + h.len;
			const char *word = dupn(d, p->text + ws, we - ws);
			finding(k, "LANG-04", num, p->text, ws, we - ws, word, NULL,
				MSG(k, "%s：该要求以“%s”为准，没有可验证的指标（数值、时限、频次、引用的文件或判定准则）；"
				       "宜补充可检验的内容",
				    "%s: this requirement rests on \"%s\" with nothing that can be checked (no value, "
				    "time limit, frequency, referenced document or criterion); add one"),
				num, word);
		}
	}
	/* 务必 and 严禁 are not verbs extraction types; look for them in text. */
	for (size_t i = 0; i < d->clauses.n; i++) {
		const struct aclause *c = &d->clauses.v[i];
		if (!c->text)
			continue;
		const char *w = strstr(c->text, "务必") ? "务必" : !eng && strstr(c->text, "严禁") ? "严禁" : NULL;
		if (w)
			finding(k, "LANG-01", c->num, c->text, (size_t)(strstr(c->text, w) - c->text), strlen(w), w,
				NULL,
				MSG(k, "%s：使用了“%s”，GB/T 1.1 表述要求用“应”或“不应”；宜改写",
				    "%s: %s is not a modal form of GB/T 1.1; write 应 or 不应"),
				c->num, w);
	}
}
