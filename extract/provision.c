/* provision.c - sentences typed by the modal verbs of GB/T 1.1-2020.
 *
 * The verbs and the look-alike compounds are in lib/modal.h.  A sentence
 * takes the type of its strongest verb (requirement > recommendation >
 * permission > possibility).
 *
 * The scan works on code points of one sentence; only the few key
 * characters trigger any work, so it runs at memory speed on plain text. */
#include "extract.h"
#include "modal.h"

#include <stdint.h>
#include <string.h>

#if defined(__x86_64__) && defined(__GNUC__)
#define HAVE_AVX2_PATH 1    /* scan_avx2(), taken when the processor has AVX2 */
#endif

/* The filter of look-alike compounds (lib/modal.h) and the scan's path. */
struct compound_filter {
	struct modal_filter m;
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
	modal_filter_init(&f->m);
	f->level = best_level();
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
		modal_at(s, n, pos, c, &f->m, &t, &v, &skip);
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

/* A data element's description ("说明:参保人员按规定本次应当缴纳的金额",
 * "中文注释:…", "定义:…") describes the data; its 应 is no provision. */
static int describes_data(const char *s, size_t n)
{
	/* the labels have two or four characters: a ':' at byte 6 or 12 */
	size_t k = n > 6 && s[6] == ':' ? 6 : n > 12 && s[12] == ':' ? 12 : 0;
	if (!k)
		return 0;
	static const char *const labels[] = { "说明", "注释", "备注", "描述", "定义", "含义",
		"中文注释", "英文注释", "中文名称", "英文名称", NULL };
	for (const char *const *l = labels; *l; l++)
		if (strlen(*l) == k && !memcmp(s, *l, k))
			return 1;
	return 0;
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
			if (describes_data(pa->text, pa->len))
				continue;
			r.pa = pa;
			scan(pa->text, pa->len, &f, record, &r);
		}
	}
}
