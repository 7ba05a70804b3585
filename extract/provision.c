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

#if defined(__x86_64__) && defined(__GNUC__)
#define HAVE_AVX2_PATH 1    /* scan_avx2(), taken when the processor has AVX2 */
#endif

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
 * longer[] lists every place of the key in the longer words.  Built once
 * per find_provisions() call from not_modal[] itself. */
#define LONGER_WORDS (sizeof not_modal[0].longer / sizeof not_modal[0].longer[0])
#define MAX_LONGER (2 * LONGER_WORDS)   /* a key stands at most twice in a word */

struct compound_filter {
	struct charbits before[N_GROUPS], after[N_GROUPS];
	struct charbits longer_after[N_GROUPS], longer_before[N_GROUPS];
	struct {
		const char *word;
		unsigned char at, len;   /* byte offset of the key in it; its length */
	} longer[N_GROUPS][MAX_LONGER];
	unsigned char n_longer[N_GROUPS];
	signed char group[64];
	int level;                /* the scan's path, SCAN_* */
};

/* The fastest path of the scan this processor can run. */
static int best_level(void)
{
#if defined(HAVE_AVX2_PATH)
	if (__builtin_cpu_supports("avx2"))
		return SCAN_AVX2;
#endif
#if defined(__SSE2__)
	return SCAN_SSE2;
#endif
	return SCAN_PORTABLE;
}

static void filter_init(struct compound_filter *f)
{
	memset(f, 0, sizeof *f);
	memset(f->group, -1, sizeof f->group);
	f->level = best_level();
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
 * turned away by is_key().  A sentence end is ; ! ? or 。 (E3 80 82).
 *
 * The candidates of a block of W positions come as a bit mask from one of
 * three functions that give the same masks: a portable one (16
 * positions), SSE2 (16) and AVX2 (32, chosen at run time when the
 * processor has it).  Each reads u[0, W + 2). */
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

static uint64_t candidates_portable(const unsigned char *u)
{
	uint64_t mask = 0;
	for (unsigned k = 0; k < 16; k++) {
		const unsigned char *p = u + k;
		if (p[0] == ';' || p[0] == '!' || p[0] == '?' ||
		    (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x82) ||
		    ((p[0] == 0xE5 || p[0] == 0xE8 || p[0] == 0xE9) &&
		     in_bytes(second_bytes, sizeof second_bytes, p[1]) &&
		     in_bytes(third_bytes, sizeof third_bytes, p[2])))
			mask |= 1ull << k;
	}
	return mask;
}

#if defined(__SSE2__)
#include <emmintrin.h>
static inline __attribute__((always_inline)) uint64_t candidates_sse2(const unsigned char *u)
{
	__m128i v = _mm_loadu_si128((const __m128i *)u);
	__m128i v1 = _mm_loadu_si128((const __m128i *)(u + 1));
	__m128i v2 = _mm_loadu_si128((const __m128i *)(u + 2));
#define EQ(x, c) _mm_cmpeq_epi8((x), _mm_set1_epi8((char)(c)))
#define OR _mm_or_si128
	__m128i lead = OR(OR(EQ(v, 0xE5), EQ(v, 0xE8)), EQ(v, 0xE9));
	__m128i second = OR(OR(OR(EQ(v1, 0xBA), EQ(v1, 0xAE)), OR(EQ(v1, 0x8F), EQ(v1, 0x83))),
			    OR(OR(EQ(v1, 0xA1), EQ(v1, 0xBE)),
			       OR(OR(EQ(v1, 0xBF), EQ(v1, 0x9C)), EQ(v1, 0x8D))));
	__m128i third = OR(OR(OR(OR(EQ(v2, 0x94), EQ(v2, 0x9C)), OR(EQ(v2, 0xAF), EQ(v2, 0xBD))),
			      OR(OR(EQ(v2, 0xBB), EQ(v2, 0x97)), OR(EQ(v2, 0x85), EQ(v2, 0xB8)))),
			   OR(OR(EQ(v2, 0x80), EQ(v2, 0x90)), EQ(v2, 0xAE)));
	__m128i stop = _mm_and_si128(_mm_and_si128(EQ(v, 0xE3), EQ(v1, 0x80)), EQ(v2, 0x82));
	__m128i ascii = OR(OR(EQ(v, ';'), EQ(v, '!')), EQ(v, '?'));
	__m128i key = _mm_and_si128(_mm_and_si128(lead, second), third);
	return (uint64_t)(unsigned)_mm_movemask_epi8(OR(key, OR(stop, ascii)));
#undef OR
#undef EQ
}
#endif

#if defined(HAVE_AVX2_PATH)
#include <immintrin.h>
/* AVX2 has byte shuffles, so a byte's class is two table lookups, by its
 * low and its high four bits, ANDed (the bits of a class are set in both
 * tables only for its bytes).  For the byte at a position (v): 0x10 key
 * lead E5 E8 E9, 0x20 E3, 0x40 ; or ?, 0x80 !.  For the next bytes (v1,
 * v2): one bit per high half 8..B, in the low four bits the second bytes
 * of the keys, in the high four the third bytes. */
#define LUT(...) _mm256_setr_epi8(__VA_ARGS__, __VA_ARGS__)
static inline __attribute__((always_inline, target("avx2"))) uint64_t
candidates_avx2(const unsigned char *u)
{
	const __m256i low4 = _mm256_set1_epi8(0x0F);
	/* first byte: by low half, by high half */
	const __m256i lo0 = LUT(0, (char)0x80, 0, 0x20, 0, 0x10, 0, 0, 0x10, 0x10, 0, 0x40, 0, 0, 0, 0x40);
	const __m256i hi0 = LUT(0, 0, (char)0x80, 0x40, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x30, 0);
	/* second and third bytes: bits 0-3 second byte with high half 8, 9, A, B;
	 * bits 4-7 third byte likewise */
	const __m256i lo12 = LUT(0x30, 0x04, 0, 0x01, 0x20, 0x10, 0, 0x20,
				 (char)0x80, 0, 0x08, (char)0x80, 0x22, (char)0x81, 0x4C, 0x49);
	const __m256i hi12 = LUT(0, 0, 0, 0, 0, 0, 0, 0, 0x11, 0x22, 0x44, (char)0x88, 0, 0, 0, 0);
	__m256i v = _mm256_loadu_si256((const __m256i *)u);
	__m256i v1 = _mm256_loadu_si256((const __m256i *)(u + 1));
	__m256i v2 = _mm256_loadu_si256((const __m256i *)(u + 2));
#define CLASS(x, lo, hi) _mm256_and_si256(_mm256_shuffle_epi8((lo), _mm256_and_si256((x), low4)), \
	_mm256_shuffle_epi8((hi), _mm256_and_si256(_mm256_srli_epi16((x), 4), low4)))
	__m256i c0 = CLASS(v, lo0, hi0), c1 = CLASS(v1, lo12, hi12), c2 = CLASS(v2, lo12, hi12);
#undef CLASS
	const __m256i zero = _mm256_setzero_si256();
#define HAS(x, bits) _mm256_xor_si256(_mm256_cmpeq_epi8(_mm256_and_si256((x), _mm256_set1_epi8((char)(bits))), zero), \
				      _mm256_set1_epi8(-1))
	__m256i key = _mm256_and_si256(_mm256_and_si256(HAS(c0, 0x10), HAS(c1, 0x0F)), HAS(c2, 0xF0));
	__m256i stop = _mm256_and_si256(HAS(c0, 0x20),
					_mm256_and_si256(_mm256_cmpeq_epi8(v1, _mm256_set1_epi8((char)0x80)),
							 _mm256_cmpeq_epi8(v2, _mm256_set1_epi8((char)0x82))));
	__m256i ascii = HAS(c0, 0xC0);
#undef HAS
	return (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_or_si256(key, _mm256_or_si256(stop, ascii)));
}
#undef LUT
#endif

static uint64_t ascii_end(unsigned char b)
{
	return (uint64_t)((b == ';') | (b == '!') | (b == '?'));
}

/* What scan() carries from one block to the next: the sentence being read
 * and its strongest verb so far. */
struct sentence {
	size_t start, next;     /* its first byte; the first byte not yet taken */
	enum prov_type best;
	const char *best_verb;
};

/* Take the candidates of mask (bit k: position base + k) in order. */
static inline __attribute__((always_inline)) void
take(const char *s, size_t n, size_t base, uint64_t mask, const struct compound_filter *f,
     struct sentence *st, void (*emit)(void *, size_t, size_t, enum prov_type, const char *),
     void *ctx)
{
	const unsigned char *u = (const unsigned char *)s;
	while (mask) {
		size_t pos = base + (size_t)__builtin_ctzll(mask);
		mask &= mask - 1;
		if (pos < st->next)
			continue;
		unsigned char b = u[pos];
		if (b < 0x80 || b == 0xE3) {
			size_t end = pos + (b < 0x80 ? 1 : 3);
			if (st->best != PROV_NONE)
				emit(ctx, st->start, end, st->best, st->best_verb);
			st->start = st->next = end;
			st->best = PROV_NONE;
			continue;
		}
		unsigned c = ((b & 0x0Fu) << 12) | ((u[pos + 1] & 0x3Fu) << 6) | (u[pos + 2] & 0x3Fu);
		enum prov_type t;
		const char *v = NULL;
		size_t skip;
		modal_at(s, n, pos, c, f, &t, &v, &skip);
		if (t != PROV_NONE && (st->best == PROV_NONE || t < st->best)) {
			st->best = t;
			st->best_verb = v;
		}
		st->next = pos + 3 + skip;
	}
}

/* One pass over s[0, n) in blocks of w positions whose candidates cand()
 * gives: calls emit(ctx, start, end, type, verb) for every sentence (ended
 * by 。 ; ! ?) with a modal verb, typed by its strongest.  Only candidates
 * are looked at; the rest of the text is never decoded.  The blocks never
 * read past s[n - 1]: the last block is the one that ends there, masked
 * to the positions not yet seen (its last two positions can only be ASCII
 * ends, tested directly), and a text shorter than w + 2 bytes is tested in
 * a zero-padded copy. */
static inline __attribute__((always_inline)) void
scan_blocks(const char *s, size_t n, const struct compound_filter *f,
	    void (*emit)(void *, size_t, size_t, enum prov_type, const char *), void *ctx,
	    size_t w, uint64_t (*cand)(const unsigned char *))
{
	const unsigned char *u = (const unsigned char *)s;
	struct sentence st = { 0, 0, PROV_NONE, NULL };
	size_t i = 0;
	if (n < w + 2) {
		unsigned char pad[2 * 32 + 2] = { 0 };
		memcpy(pad, u, n);
		uint64_t mask = (cand(pad) | cand(pad + w) << w) & ((1ull << n) - 1);
		take(s, n, 0, mask, f, &st, emit, ctx);
		i = n;
	}
	for (; i + w + 2 <= n; i += w)
		take(s, n, i, cand(u + i), f, &st, emit, ctx);
	if (i < n) {
		size_t base = n - w - 2;
		uint64_t mask = (cand(u + base) & ~((1ull << (i - base)) - 1)) |
				ascii_end(u[n - 2]) << w | ascii_end(u[n - 1]) << (w + 1);
		take(s, n, base, mask, f, &st, emit, ctx);
	}
	if (st.best != PROV_NONE && st.start < n)
		emit(ctx, st.start, n, st.best, st.best_verb);
}

static void scan_portable(const char *s, size_t n, const struct compound_filter *f,
			  void (*emit)(void *, size_t, size_t, enum prov_type, const char *), void *ctx)
{
	scan_blocks(s, n, f, emit, ctx, 16, candidates_portable);
}

#if defined(__SSE2__)
static void scan_sse2(const char *s, size_t n, const struct compound_filter *f,
		      void (*emit)(void *, size_t, size_t, enum prov_type, const char *), void *ctx)
{
	scan_blocks(s, n, f, emit, ctx, 16, candidates_sse2);
}
#endif

#if defined(HAVE_AVX2_PATH)
__attribute__((target("avx2"))) static void
scan_avx2(const char *s, size_t n, const struct compound_filter *f,
	  void (*emit)(void *, size_t, size_t, enum prov_type, const char *), void *ctx)
{
	scan_blocks(s, n, f, emit, ctx, 32, candidates_avx2);
}
#endif

/* The best path the processor has, at most `level` (SCAN_*). */
static void scan(const char *s, size_t n, const struct compound_filter *f,
		 void (*emit)(void *, size_t, size_t, enum prov_type, const char *), void *ctx)
{
#if defined(HAVE_AVX2_PATH)
	if (f->level >= SCAN_AVX2) {
		scan_avx2(s, n, f, emit, ctx);
		return;
	}
#endif
#if defined(__SSE2__)
	if (f->level >= SCAN_SSE2) {
		scan_sse2(s, n, f, emit, ctx);
		return;
	}
#endif
	scan_portable(s, n, f, emit, ctx);
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

static void trace(void *ctx, size_t a, size_t b, enum prov_type t, const char *v)
{
	buf_printf(ctx, "%zu-%zu:%d:%s;", a, b, (int)t, v);
}

void provisions_trace(const char *s, size_t n, int level, struct buf *out)
{
	struct compound_filter f;
	filter_init(&f);
	if (level < f.level)
		f.level = level;
	out->len = 0;
	buf_reserve(out, 0);
	out->p[0] = '\0';      /* "" when nothing is found */
	scan(s, n, &f, trace, out);
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
