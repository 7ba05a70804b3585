/* modal.h - the modal verbs of GB/T 1.1-2020 (table C.1) and the words that
 * only look like them.
 *
 * Requirement 应/不应 (also 应该, 应当, 不得, 必须, 不可), recommendation
 * 宜/不宜 (不推荐, 不建议), permission 可/可以/不必/无须/允许/不需要,
 * possibility and capability 能/不能/能够/可能/不可能.  Words that merely
 * contain a verb's character (应用, 相应, 供应, 应缴, 应力, 适宜, 认可, 可靠,
 * 不可抗拒, 功能 ...) are not verbs.  extract's provisions scan
 * (extract/provision.c) types sentences with modal_at(); analyze's
 * language checks find the verbs inside a sentence with modal_next().
 * The functions are inline: the scan calls modal_at() in its inner loop. */
#ifndef PEIYOU_MODAL_H
#define PEIYOU_MODAL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* The values are the type codes clauses.provisions stores (schema
 * version 6, v_provisions): never reorder. */
enum prov_type {
	PROV_REQUIREMENT,
	PROV_RECOMMENDATION,
	PROV_PERMISSION,
	PROV_POSSIBILITY,
	PROV_N,
	PROV_NONE = -1
};

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


/* Compounds in which a key character is not a modal verb (modal.c).
 * Nearly all are two characters, so a key is checked against the
 * characters that may stand before it (相应, 适宜, 认可, 功能, 获得) and
 * after it (应用, 可靠, 能力, 得到); the few longer ones (可追溯, 不可抗力)
 * are compared whole. */
#define MODAL_GROUPS 5
#define MODAL_LONGER_WORDS 32
#define MODAL_MAX_LONGER (2 * MODAL_LONGER_WORDS)   /* a key stands at most twice in a word */
struct modal_compounds {
	unsigned key;
	const char *before;           /* characters, 3 UTF-8 bytes each */
	const char *after;
	const char *const longer[MODAL_LONGER_WORDS];
};
extern const struct modal_compounds modal_compounds[MODAL_GROUPS];


/* A set of 3-byte characters as 256 bits, indexed by the low two bits of
 * a character's second byte and the low six of its third.  A neighbour
 * whose bit is clear cannot complete a compound: one bit test instead of
 * a walk through the characters. */
struct charbits {
	uint64_t w[4];
};

static inline unsigned char_hash(const char *c)
{
	return ((unsigned char)c[1] & 3u) << 6 | ((unsigned char)c[2] & 63u);
}

static inline void bits_add(struct charbits *b, const char *c)
{
	unsigned h = char_hash(c);
	b->w[h >> 6] |= 1ull << (h & 63);
}

static inline int bits_maybe(const struct charbits *b, const char *c)
{
	unsigned h = char_hash(c);
	return (b->w[h >> 6] >> (h & 63)) & 1;
}

/* Per group, the characters that may stand before and after the key in a
 * compound, and for the longer words the character after the key (or,
 * where a word ends with the key, the one before it).  group[] finds a
 * key's group from its code point's low six bits (distinct for the keys);
 * longer[] lists every place of the key in the longer words.  Built from
 * modal_compounds[] by modal_filter_init() (extract: per scan of a
 * document; analyze: once per run). */

struct modal_filter {
	struct charbits before[MODAL_GROUPS], after[MODAL_GROUPS];
	struct charbits longer_after[MODAL_GROUPS], longer_before[MODAL_GROUPS];
	struct {
		const char *word;
		unsigned char at, len;   /* byte offset of the key in it; its length */
	} longer[MODAL_GROUPS][MODAL_MAX_LONGER];
	unsigned char n_longer[MODAL_GROUPS];
	signed char group[64];
};

/* Is the 3-byte character at c one of the characters of set? */
static inline int in_set(const char *set, const char *c)
{
	for (; *set; set += 3)
		if (set[0] == c[0] && set[1] == c[1] && set[2] == c[2])
			return 1;
	return 0;
}

/* Is the key character at s[i] (3 bytes) inside one of its compounds? */
static inline int inside_compound(const char *s, size_t n, size_t i, unsigned key,
			   const struct modal_filter *f)
{
	int g = f->group[key & 63];
	if (g < 0 || modal_compounds[g].key != key)
		return 0;
	if (i >= 3 && bits_maybe(&f->before[g], s + i - 3) && in_set(modal_compounds[g].before, s + i - 3))
		return 1;
	if (i + 6 <= n && bits_maybe(&f->after[g], s + i + 3) && in_set(modal_compounds[g].after, s + i + 3))
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
static inline unsigned cp3(const char *s)
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
static inline unsigned cp_before(const char *s, size_t i)
{
	return i < 3 ? 0 : cp3(s + i - 3);
}

static inline unsigned cp_at(const char *s, size_t n, size_t i)
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

static inline int is_key(unsigned c)
{
	return key_by_low6[c & 63] == c;
}

/* The modal verb whose key character (a code point in U+5000..U+9FFF) is
 * at s[i], if any: sets *type and *verb; *skip gets extra bytes consumed
 * (可能 takes its 能 with it). */
static inline void modal_at(const char *s, size_t n, size_t i, unsigned c, const struct modal_filter *f,
		     enum prov_type *type, const char **verb, size_t *skip)
{
	*type = PROV_NONE;
	*skip = 0;
	if (!is_key(c))
		return;
	if (inside_compound(s, n, i, c, f)) {
		/* 应缴, 应征, 应力 are nouns (应缴金额, 应征入伍, 应力), but 应缴纳,
		 * 应征收, 应征集 and 应力求 are the verb 应 and a verb. */
		unsigned n1 = c == C_YING ? cp_at(s, n, i + 3) : 0, n2 = n1 ? cp_at(s, n, i + 6) : 0;
		int verb_after = (n1 == 0x7F34 && n2 == 0x7EB3) ||                 /* 缴纳 */
				 (n1 == 0x5F81 && (n2 == 0x6536 || n2 == 0x96C6)) ||   /* 征收 征集 */
				 (n1 == 0x529B && n2 == 0x6C42);                        /* 力求 */
		if (!verb_after)
			return;
	}
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
			*skip = 3;      /* its 能 is taken with it */
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

/* Build the filter from modal_compounds[] (no allocation). */
void modal_filter_init(struct modal_filter *f);

/* The next modal verb in s[0, n) at or after *pos: returns 1 and sets its
 * type, the verb as written (a static string), and its bytes [*at, *at +
 * *len) (a negative verb starts at its 不); *pos moves past it.  0 when
 * there is none. */
int modal_next(const struct modal_filter *f, const char *s, size_t n, size_t *pos,
	       enum prov_type *type, const char **verb, size_t *at, size_t *len);

#endif
