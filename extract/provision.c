/* provision.c - sentences typed by the modal verbs of GB/T 1.1-2020.
 *
 * Requirement 应/不应 (also 应该, 应当, 不得, 必须, 不可), recommendation
 * 宜/不宜 (不推荐, 不建议), permission 可/可以/不必/无须/允许/不需要,
 * possibility and capability 能/不能/能够/可能/不可能.  A sentence takes the
 * type of its strongest verb (requirement > recommendation > permission >
 * possibility).  Words that merely contain a verb's character (应用, 相应,
 * 供应, 适宜, 认可, 可靠, 功能 ...) are not verbs: the key character is
 * skipped when it stands inside one of them.
 *
 * The scan works on code points of one sentence; only the few key
 * characters trigger any work, so it runs at memory speed on plain text. */
#include "extract.h"

#include <stdint.h>
#include <string.h>

/* Code points of the characters that matter. */
enum {
	C_YING = 0x5E94,  /* 应 */
	C_YI = 0x5B9C,    /* 宜 */
	C_KE = 0x53EF,    /* 可 */
	C_NENG = 0x80FD,  /* 能 */
	C_XU = 0x987B,    /* 须 */
	C_DE = 0x5F97,    /* 得 */
	C_BI = 0x5FC5,    /* 必 */
	C_XU3 = 0x8BB8,   /* 许 */
	C_XU2 = 0x9700,   /* 需 */
	C_JIAN = 0x8350,  /* 荐 */
	C_YI4 = 0x8BAE,   /* 议 */
	C_BU = 0x4E0D,    /* 不 */
	C_WU = 0x65E0,    /* 无 */
	C_YAO = 0x8981,   /* 要 */
	C_YUN = 0x5141,   /* 允 */
	C_ZHUN = 0x51C6,  /* 准 */
	C_ZHI = 0x53EA,   /* 只 */
	C_TUI = 0x63A8,   /* 推 */
	C_JIAN4 = 0x5EFA, /* 建 */
	C_GAI = 0x8BE5,   /* 该 */
	C_DANG = 0x5F53,  /* 当 */
	C_GOU = 0x591F,   /* 够 */
	C_YI3 = 0x4EE5,   /* 以 */
};

/* Compounds in which a key character is not a modal verb.  Nearly all are
 * two characters, so a key is checked against the characters that may stand
 * before it (相应, 适宜, 认可, 功能, 获得) and after it (应用, 可靠, 能力,
 * 得到); the few longer ones (可追溯, 不可抗力) are compared whole. */
static const struct {
	unsigned key;
	const char *before;           /* characters, 3 UTF-8 bytes each */
	const char *after;
	const char *const longer[24];
} not_modal[] = {
	{ C_YING, "相对适供反响效顺回感呼答报照内", "用急对答聘届激变",
	  { "应收账款", "应付账款", "应收款", "应付款", NULL } },
	{ C_YI, "适便事权", "居人", { NULL } },
	{ C_KE, "认许宁", "靠行视及控信比读燃疑选达观口爱惜怕溯调塑见",
	  { "可追溯", "可持续", "可再生", "可回收", "可量化", "可验证", "不可抗力", "可操作",
	    "可用性", "可扩展", "可识别", "可复制", "可移植", "可接受", "可访问", "可获得",
	    "不可或缺", "不可避免", "不可替代", "不可分割", NULL } },
	{ C_NENG, "功智技职节性效赋体动才机潜储电热本产势光核阳风水", "力源耗量级效", { NULL } },
	{ C_DE, "获取所心难记懂值使晓舍", "到分以当出益", { NULL } },
};

#define N_GROUPS (sizeof not_modal / sizeof not_modal[0])

/* A set of 3-byte characters as 256 bits, indexed by the low two bits of
 * a character's second byte and the low six of its third.  A neighbour
 * whose bit is clear cannot complete a compound: one bit test instead of
 * a walk through the characters. */
struct charbits {
	uint64_t w[4];
};

static unsigned char_hash(const char *c)
{
	return ((unsigned char)c[1] & 3u) << 6 | ((unsigned char)c[2] & 63u);
}

static void bits_add(struct charbits *b, const char *c)
{
	unsigned h = char_hash(c);
	b->w[h >> 6] |= 1ull << (h & 63);
}

static int bits_maybe(const struct charbits *b, const char *c)
{
	unsigned h = char_hash(c);
	return (b->w[h >> 6] >> (h & 63)) & 1;
}

/* Per group, the characters that may stand before and after the key in a
 * compound, and for the longer words the character after the key (or,
 * where a word ends with the key, the one before it).  group[] finds a
 * key's group from its code point's low six bits (distinct for the keys);
 * longer[] lists every place of the key in the longer words.  Built once per find_provisions() call from not_modal[] itself. */
#define MAX_LONGER 24     /* places of the key in a group's longer words */

struct compound_filter {
	struct charbits before[N_GROUPS], after[N_GROUPS];
	struct charbits longer_after[N_GROUPS], longer_before[N_GROUPS];
	struct {
		const char *word;
		unsigned char at, len;   /* byte offset of the key in it; its length */
	} longer[N_GROUPS][MAX_LONGER];
	unsigned char n_longer[N_GROUPS];
	signed char group[64];
};

static void filter_init(struct compound_filter *f)
{
	memset(f, 0, sizeof *f);
	memset(f->group, -1, sizeof f->group);
	for (size_t g = 0; g < N_GROUPS; g++) {
		unsigned key = not_modal[g].key;
		const char k3[3] = { (char)(0xE0 | key >> 12), (char)(0x80 | ((key >> 6) & 63)),
				     (char)(0x80 | (key & 63)) };
		f->group[key & 63] = (signed char)g;
		for (const char *c = not_modal[g].before; *c; c += 3)
			bits_add(&f->before[g], c);
		for (const char *c = not_modal[g].after; *c; c += 3)
			bits_add(&f->after[g], c);
		for (const char *const *w = not_modal[g].longer; *w; w++)
			for (const char *c = *w; *c; c += 3) {
				if (memcmp(c, k3, 3) != 0 || f->n_longer[g] == MAX_LONGER)
					continue;
				f->longer[g][f->n_longer[g]].word = *w;
				f->longer[g][f->n_longer[g]].at = (unsigned char)(c - *w);
				f->longer[g][f->n_longer[g]].len = (unsigned char)strlen(*w);
				f->n_longer[g]++;
				if (c[3])
					bits_add(&f->longer_after[g], c + 3);
				else if (c > *w)
					bits_add(&f->longer_before[g], c - 3);
			}
	}
}

/* Is the 3-byte character at c one of the characters of set? */
static int in_set(const char *set, const char *c)
{
	for (; *set; set += 3)
		if (set[0] == c[0] && set[1] == c[1] && set[2] == c[2])
			return 1;
	return 0;
}

/* Is the key character at s[i] (3 bytes) inside one of its compounds? */
static int inside_compound(const char *s, size_t n, size_t i, unsigned key,
			   const struct compound_filter *f)
{
	int g = f->group[key & 63];
	if (g < 0 || not_modal[g].key != key)
		return 0;
	if (i >= 3 && bits_maybe(&f->before[g], s + i - 3) && in_set(not_modal[g].before, s + i - 3))
		return 1;
	if (i + 6 <= n && bits_maybe(&f->after[g], s + i + 3) && in_set(not_modal[g].after, s + i + 3))
		return 1;
	/* A longer word around s[i] has a character after the key (then
	 * s[i + 3, i + 6) is one of its characters) or, ending with the
	 * key, one before it (s[i - 3, i)). */
	if (!(i + 6 <= n && bits_maybe(&f->longer_after[g], s + i + 3)) &&
	    !(i >= 3 && bits_maybe(&f->longer_before[g], s + i - 3)))
		return 0;
	/* A longer word counts where its copy of the key lines up with s[i]
	 * and the word's next character follows it; the word is compared
	 * whole only then. */
	for (size_t e = 0; e < f->n_longer[g]; e++) {
		const char *w = f->longer[g][e].word;
		size_t k = f->longer[g][e].at, wl = f->longer[g][e].len;
		if (k > i || (w[k + 3] && (i + 6 > n || memcmp(w + k + 3, s + i + 3, 3) != 0)))
			continue;
		if (i - k + wl <= n && memcmp(s + i - k, w, wl) == 0)
			return 1;
	}
	return 0;
}

/* Code point of the valid 3-byte UTF-8 character at p (3 bytes readable),
 * or 0: what utf8_decode() gives when it returns 3, decoded in place. */
static unsigned cp3(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	if ((p[0] & 0xF0) != 0xE0 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80)
		return 0;
	unsigned v = (p[0] & 0x0Fu) << 12 | (p[1] & 0x3Fu) << 6 | (p[2] & 0x3Fu);
	if (v < 0x800 || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	return v;
}

/* Code point of the 3-byte character ending just before s[i], or 0. */
static unsigned cp_before(const char *s, size_t i)
{
	return i < 3 ? 0 : cp3(s + i - 3);
}

static unsigned cp_at(const char *s, size_t n, size_t i)
{
	return i + 3 > n ? 0 : cp3(s + i);
}

/* The key characters by the low six bits of their code points, which
 * differ (a repeated index would not compile under -Werror). */
static const unsigned key_by_low6[64] = {
	[C_YING & 63] = C_YING, [C_YI & 63] = C_YI, [C_KE & 63] = C_KE, [C_NENG & 63] = C_NENG,
	[C_XU & 63] = C_XU, [C_DE & 63] = C_DE, [C_BI & 63] = C_BI, [C_XU3 & 63] = C_XU3,
	[C_XU2 & 63] = C_XU2, [C_JIAN & 63] = C_JIAN, [C_YI4 & 63] = C_YI4,
};

static int is_key(unsigned c)
{
	return key_by_low6[c & 63] == c;
}

/* The modal verb whose key character (a code point in U+5000..U+9FFF) is
 * at s[i], if any: sets *type and *verb; *skip gets extra bytes consumed
 * (可能 takes its 能 with it). */
static void modal_at(const char *s, size_t n, size_t i, unsigned c, const struct compound_filter *f,
		     enum prov_type *type, const char **verb, size_t *skip)
{
	*type = PROV_NONE;
	*skip = 0;
	if (!is_key(c) || inside_compound(s, n, i, c, f))
		return;
	/* The character before prev, cp_before(s, i - 3), is decoded only
	 * where a verb needs it, after prev matched (so i >= 3). */
	unsigned prev = cp_before(s, i), next = cp_at(s, n, i + 3);
	enum prov_type t = PROV_NONE;
	const char *v = NULL;
	switch (c) {
	case C_YING:
		t = PROV_REQUIREMENT;
		v = prev == C_BU ? "不应" : next == C_GAI ? "应该" : next == C_DANG ? "应当" : "应";
		break;
	case C_YI:
		t = PROV_RECOMMENDATION;
		v = prev == C_BU ? "不宜" : "宜";
		break;
	case C_KE:
		if (next == C_NENG) {
			t = PROV_POSSIBILITY;
			v = prev == C_BU ? "不可能" : "可能";
			i += 3;
		} else if (prev == C_BU) {
			t = PROV_REQUIREMENT;
			v = "不可";
		} else {
			t = PROV_PERMISSION;
			v = next == C_YI3 ? "可以" : "可";
		}
		break;
	case C_NENG:
		t = PROV_POSSIBILITY;
		v = prev == C_BU ? "不能" : next == C_GOU ? "能够" : "能";
		break;
	case C_XU:
		if (prev == C_BI) { t = PROV_REQUIREMENT; v = "必须"; }
		else if (prev == C_WU) { t = PROV_PERMISSION; v = "无须"; }
		break;
	case C_DE:
		if (prev == C_BU) { t = PROV_REQUIREMENT; v = "不得"; }
		break;
	case C_BI:
		if (prev == C_BU && next != C_XU) { t = PROV_PERMISSION; v = "不必"; }
		break;
	case C_XU3:
		if (prev == C_YUN) { t = PROV_PERMISSION; v = "允许"; }
		else if (prev == C_ZHUN && cp_before(s, i - 3) == C_BU) { t = PROV_REQUIREMENT; v = "不准许"; }
		else if (prev == C_ZHUN && cp_before(s, i - 3) == C_ZHI) { t = PROV_REQUIREMENT; v = "只准许"; }
		break;
	case C_XU2:
		if (prev == C_BU && next == C_YAO) { t = PROV_PERMISSION; v = "不需要"; }
		break;
	case C_JIAN:
		if (prev == C_TUI && cp_before(s, i - 3) == C_BU) { t = PROV_RECOMMENDATION; v = "不推荐"; }
		break;
	case C_YI4:
		if (prev == C_JIAN4 && cp_before(s, i - 3) == C_BU) { t = PROV_RECOMMENDATION; v = "不建议"; }
		break;
	}
	*type = t;
	*verb = v;
}

/* The key characters (应宜可能须得必许需荐议) are E5, E8 or E9, then one of
 * BA AE 8F 83 A1 BE BF 9C 8D, then one of 94 9C AF BD BB 97 85 B8 80 90 AE
 * in UTF-8.  A position is a candidate when all three bytes fit: the few
 * other characters that do (the bytes are not checked together) are
 * turned away by is_key(). */
/* Bit k set when u[k] starts a sentence end (; ! ? or 。 E3 80 82) or may
 * start a key character (lead, second and third byte each fit).  Reads
 * u[0 .. 18); exact for the ends. */
#if defined(__SSE2__)
#include <emmintrin.h>
static inline __attribute__((always_inline)) unsigned candidates16(const unsigned char *u)
{
	__m128i v = _mm_loadu_si128((const __m128i *)u);
	__m128i v1 = _mm_loadu_si128((const __m128i *)(u + 1));
	__m128i v2 = _mm_loadu_si128((const __m128i *)(u + 2));
#define EQ(x, c) _mm_cmpeq_epi8((x), _mm_set1_epi8((char)(c)))
	__m128i lead = _mm_or_si128(_mm_or_si128(EQ(v, 0xE5), EQ(v, 0xE8)), EQ(v, 0xE9));
	__m128i second = _mm_or_si128(_mm_or_si128(_mm_or_si128(EQ(v1, 0xBA), EQ(v1, 0xAE)),
						   _mm_or_si128(EQ(v1, 0x8F), EQ(v1, 0x83))),
				      _mm_or_si128(_mm_or_si128(EQ(v1, 0xA1), EQ(v1, 0xBE)),
						   _mm_or_si128(_mm_or_si128(EQ(v1, 0xBF), EQ(v1, 0x9C)),
								EQ(v1, 0x8D))));
	__m128i third = _mm_or_si128(
		_mm_or_si128(_mm_or_si128(_mm_or_si128(EQ(v2, 0x94), EQ(v2, 0x9C)),
					  _mm_or_si128(EQ(v2, 0xAF), EQ(v2, 0xBD))),
			     _mm_or_si128(_mm_or_si128(EQ(v2, 0xBB), EQ(v2, 0x97)),
					  _mm_or_si128(EQ(v2, 0x85), EQ(v2, 0xB8)))),
		_mm_or_si128(_mm_or_si128(EQ(v2, 0x80), EQ(v2, 0x90)), EQ(v2, 0xAE)));
	__m128i stop = _mm_and_si128(_mm_and_si128(EQ(v, 0xE3), EQ(v1, 0x80)), EQ(v2, 0x82));
	__m128i ascii = _mm_or_si128(_mm_or_si128(EQ(v, ';'), EQ(v, '!')), EQ(v, '?'));
#undef EQ
	__m128i key = _mm_and_si128(_mm_and_si128(lead, second), third);
	return (unsigned)_mm_movemask_epi8(_mm_or_si128(key, _mm_or_si128(stop, ascii)));
}
#else
static const unsigned char second_bytes[] = { 0xBA, 0xAE, 0x8F, 0x83, 0xA1, 0xBE, 0xBF, 0x9C, 0x8D };
static const unsigned char third_bytes[] = { 0x94, 0x9C, 0xAF, 0xBD, 0xBB, 0x97, 0x85, 0xB8,
					     0x80, 0x90, 0xAE };

static int in_bytes(const unsigned char *set, size_t n, unsigned char b)
{
	for (size_t k = 0; k < n; k++)
		if (set[k] == b)
			return 1;
	return 0;
}

static unsigned candidates16(const unsigned char *u)
{
	unsigned mask = 0;
	for (unsigned k = 0; k < 16; k++) {
		const unsigned char *p = u + k;
		if (p[0] == ';' || p[0] == '!' || p[0] == '?' ||
		    (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x82) ||
		    ((p[0] == 0xE5 || p[0] == 0xE8 || p[0] == 0xE9) &&
		     in_bytes(second_bytes, sizeof second_bytes, p[1]) &&
		     in_bytes(third_bytes, sizeof third_bytes, p[2])))
			mask |= 1u << k;
	}
	return mask;
}
#endif

static int ascii_end(unsigned char b)
{
	return (b == ';') | (b == '!') | (b == '?');
}

/* One pass over s[0, n): calls emit(ctx, start, end, type, verb) for every
 * sentence (ended by 。 ; ! ?) with a modal verb, typed by its strongest.
 * Sixteen positions are tested at a time (candidates16()) and only the
 * candidates are looked at; the rest of the text is never decoded.  The
 * blocks never read past s[n - 1]: the last block is the last eighteen
 * bytes, masked to the positions not yet seen, and a text shorter than
 * that is tested in a zero-padded copy. */
static void scan(const char *s, size_t n, const struct compound_filter *f,
		 void (*emit)(void *, size_t, size_t, enum prov_type, const char *), void *ctx)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t start = 0, next = 0, i = 0;
	enum prov_type best = PROV_NONE;
	const char *best_verb = NULL;
	while (i < n) {
		unsigned mask;
		size_t base = i;
		int last = 0;
		if (i + 18 <= n) {
			mask = candidates16(u + i);
		} else if (n >= 18) {
			/* The tail: the block that ends at s[n - 1], from the
			 * first position not yet seen.  Its positions n - 2 and
			 * n - 1 can only be ASCII ends, tested here. */
			base = n - 18;
			mask = (candidates16(u + base) & ~((1u << (i - base)) - 1)) |
			       (unsigned)ascii_end(u[n - 2]) << 16 | (unsigned)ascii_end(u[n - 1]) << 17;
			last = 1;
		} else {
			/* A short text (then i is 0): two blocks of a padded copy. */
			unsigned char pad[16 + 18] = { 0 };
			memcpy(pad, u, n);
			mask = (candidates16(pad) | candidates16(pad + 16) << 16) & ((1u << n) - 1);
			last = 1;
		}
		while (mask) {
			size_t pos = base + (size_t)__builtin_ctz(mask);
			mask &= mask - 1;
			if (pos < next)
				continue;
			unsigned char b = u[pos];
			if (b < 0x80 || b == 0xE3) {
				size_t end = pos + (b < 0x80 ? 1 : 3);
				if (best != PROV_NONE)
					emit(ctx, start, end, best, best_verb);
				start = next = end;
				best = PROV_NONE;
				continue;
			}
			unsigned c = ((b & 0x0Fu) << 12) | ((u[pos + 1] & 0x3Fu) << 6) |
				     (u[pos + 2] & 0x3Fu);
			enum prov_type t;
			const char *v = NULL;
			size_t skip;
			modal_at(s, n, pos, c, f, &t, &v, &skip);
			if (t != PROV_NONE && (best == PROV_NONE || t < best)) {
				best = t;
				best_verb = v;
			}
			next = pos + 3 + skip;
		}
		i = last ? n : i + 16;
	}
	if (best != PROV_NONE && start < n)
		emit(ctx, start, n, best, best_verb);
}

struct strongest {
	enum prov_type type;
	const char *verb;
};

static void keep_strongest(void *ctx, size_t a, size_t b, enum prov_type t, const char *v)
{
	struct strongest *st = ctx;
	(void)a;
	(void)b;
	if (st->type == PROV_NONE || t < st->type) {
		st->type = t;
		st->verb = v;
	}
}

enum prov_type classify_sentence(const char *s, size_t n, const char **verb)
{
	struct strongest st = { PROV_NONE, NULL };
	struct compound_filter f;
	filter_init(&f);
	scan(s, n, &f, keep_strongest, &st);
	if (verb)
		*verb = st.verb;
	return st.type;
}

struct recorder {
	struct doc *d;
	struct clause *cl;
	int clause;
	const struct para *pa;
};

static void record(void *ctx, size_t a, size_t b, enum prov_type t, const char *v)
{
	struct recorder *r = ctx;
	while (a < b && r->pa->text[a] == ' ')
		a++;
	struct provision *pv = vec_push(&r->d->provisions);
	pv->clause = r->clause;
	pv->type = t;
	pv->verb = v;
	pv->start = r->pa->off + (uint32_t)a;
	pv->len = (uint32_t)(b - a);
	r->cl->prov[t]++;
	r->d->prov_total[t]++;
}

void find_provisions(struct doc *d)
{
	struct compound_filter f;
	filter_init(&f);
	/* Chapters whose text is not provisions: the normative references
	 * list and the term definitions. */
	int skip_chapter = -1, skip_chapter2 = -1;
	for (size_t c = 0; c < d->clauses.n; c++) {
		const struct clause *cl = &d->clauses.v[c];
		if (cl->kind != CK_CHAPTER || !cl->heading)
			continue;
		if (strstr(cl->heading, "规范性引用文件"))
			skip_chapter = clause_int(cl->num);
		else if (strstr(cl->heading, "术语"))
			skip_chapter2 = clause_int(cl->num);
	}
	for (size_t c = 0; c < d->clauses.n; c++) {
		struct clause *cl = &d->clauses.v[c];
		if (cl->kind == CK_CHAPTER || cl->kind == CK_CLAUSE) {
			int ch = clause_int(cl->num);
			if (ch == skip_chapter || ch == skip_chapter2)
				continue;
		}
		struct recorder r = { d, cl, (int)c, NULL };
		for (size_t k = 0; k < cl->n_para; k++) {
			const struct para *pa = &d->paras.v[cl->first_para + k];
			if (pa->kind != PARA_TEXT && pa->kind != PARA_ITEM)
				continue;
			r.pa = pa;
			scan(pa->text, pa->len, &f, record, &r);
		}
	}
}
