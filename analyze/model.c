/* model.c - the classification model: n-grams, the model file, logits.
 *
 * The model file (data/model.tsv, written by peiyou-analyze --train) is
 * UTF-8 text: '#' header lines "# key: value" (version, trained_on,
 * lexicon_hash, rows, lambda, balance, temperature, scope_factor,
 * relevance_logodds), then one
 * line per parameter, tab-separated:
 *
 *   bias     -          w(公共教育) ... w(残疾人服务) w(无)      nine numbers
 *   tied     lex_title  w                                        one number
 *   subject  product    one number: what the subject adds to the logit of 无
 *   gram     养老        nine numbers                            an n-gram ("规范$": a title's end)
 *
 * The n-grams are weights, not text: one to four characters each, and
 * only those seen in at least two training rows. */
#include "model.h"
#include "buf.h"
#include "fileio.h"
#include "normalize.h"
#include "vec.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *const subject_name[NSUBJ] = {
	"unknown", "product", "method", "service", "management", "data", "terms", "engineering",
};
const char *const subject_label[NSUBJ] = {
	"未识别", "产品", "方法", "服务", "管理", "数据与信息技术", "术语", "工程建设",
};
const char *const tied_name[NTIED] = {
	"lex_title", "lex_scope", "field",
};
const char *const part_name[NPART] = {
	"bias", "ngrams", "lexicon", "field", "subject", "rest",
};

int subject_index(const char *name)
{
	for (int i = 0; i < NSUBJ; i++)
		if (strcmp(name, subject_name[i]) == 0)
			return i;
	return -1;
}

double tied_value(const struct features *f, int t, int c)
{
	int none = c == CLASS_NONE;
	switch (t) {
	case T_LEX_TITLE: return f->lex_title[c];
	case T_LEX_SCOPE: return f->lex_scope[c];
	case T_FIELD: return none ? f->field : 0;
	}
	return 0;
}

/* ---- n-grams --------------------------------------------------------- */

/* Characters of a text as units (each a short UTF-8 string), with -1
 * marking a break (space, punctuation). */
struct units {
	VEC(int) start;          /* offset in buf, -1: break */
	struct buf buf;
};

static int is_break(unsigned cp)
{
	if (cp < 0x80)
		return !((cp >= '0' && cp <= '9') || ((cp | 32) >= 'a' && (cp | 32) <= 'z'));
	return (cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x3000 && cp <= 0x303F) ||
	       (cp >= 0xFF00 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20) ||
	       (cp >= 0xFE30 && cp <= 0xFE6F) || cp == 0xB7 || cp == 0xA0;
}

static void units_of(const char *text, struct units *u)
{
	vec_clear(&u->start);
	u->buf.len = 0;
	const unsigned char *p = (const unsigned char *)text;
	size_t n = strlen(text), i = 0;
	int digits = 0;
	while (i < n) {
		unsigned cp;
		int len = utf8_decode(p + i, n - i, &cp);
		if (len <= 0) {
			i++;
			continue;
		}
		if (is_break(cp)) {
			if (u->start.n && u->start.v[u->start.n - 1] != -1)
				*vec_push(&u->start) = -1;
			digits = 0;
		} else if (cp >= '0' && cp <= '9') {
			if (!digits) {          /* a run of digits is one "0" */
				*vec_push(&u->start) = (int)u->buf.len;
				buf_append(&u->buf, "0", 2);
			}
			digits = 1;
		} else {
			*vec_push(&u->start) = (int)u->buf.len;
			if (cp < 0x80)
				buf_putc(&u->buf, (char)(cp | 32));
			else
				buf_append(&u->buf, p + i, (size_t)len);
			buf_putc(&u->buf, '\0');
			digits = 0;
		}
		i += (size_t)len;
	}
	while (u->start.n && u->start.v[u->start.n - 1] == -1)
		u->start.n--;
}

struct gram_ref { size_t off, len; };

static int by_gram(const void *a, const void *b, void *ctx)
{
	const struct gram_ref *x = a, *y = b;
	const char *s = ctx;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(s + x->off, s + y->off, n);
	return c ? c : (x->len > y->len) - (x->len < y->len);
}

void ngrams_each(const char *text, int zone, double value,
		 void (*emit)(void *ctx, const char *gram, size_t n, double value), void *ctx)
{
	if (!text || !*text)
		return;
	struct units u = { { 0 }, BUF_INIT };
	units_of(text, &u);
	struct buf grams = BUF_INIT;
	VEC(struct gram_ref) refs = { 0 };
	size_t nu = u.start.n;
	for (size_t i = 0; i < nu; i++) {
		if (u.start.v[i] < 0)
			continue;
		size_t off = grams.len;
		for (size_t k = 0; k < 4 && i + k < nu && u.start.v[i + k] >= 0; k++) {
			buf_puts(&grams, u.buf.p + u.start.v[i + k]);
			struct gram_ref *r = vec_push(&refs);
			r->off = off;
			r->len = grams.len - off;
		}
		buf_putc(&grams, '\0');
	}
	if (zone == G_TITLE && nu) {
		/* the title's end: its last one and two characters, then "$" */
		for (size_t k = 1; k <= 2 && k <= nu; k++) {
			size_t off = grams.len, j;
			for (j = nu - k; j < nu && u.start.v[j] >= 0; j++)
				buf_puts(&grams, u.buf.p + u.start.v[j]);
			if (j < nu) {
				grams.len = off;
				break;
			}
			buf_putc(&grams, '$');
			struct gram_ref *r = vec_push(&refs);
			r->off = off;
			r->len = grams.len - off;
			buf_putc(&grams, '\0');
		}
	}
	if (refs.n > 1)
		qsort_r(refs.v, refs.n, sizeof *refs.v, by_gram, grams.p);
	for (size_t i = 0; i < refs.n; i++) {
		if (i && by_gram(&refs.v[i - 1], &refs.v[i], grams.p) == 0)
			continue;
		emit(ctx, grams.p + refs.v[i].off, refs.v[i].len, value);
	}
	vec_free(&refs);
	buf_free(&grams);
	vec_free(&u.start);
	buf_free(&u.buf);
}

/* ---- the n-gram table ------------------------------------------------ */

static uint32_t hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

long gram_find(const struct gram_table *t, const char *g, size_t n)
{
	if (!t->cap)
		return -1;
	for (uint32_t h = hash(g, n) & (t->cap - 1);; h = (h + 1) & (t->cap - 1)) {
		uint32_t s = t->slot[h];
		if (!s)
			return -1;
		const char *k = t->key[s - 1];
		if (strlen(k) == n && memcmp(k, g, n) == 0)
			return (long)s - 1;
	}
}

long gram_add(struct gram_table *t, const char *g, size_t n)
{
	long i = gram_find(t, g, n);
	if (i >= 0)
		return i;
	if (2 * (t->n + 1) > t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 1024;
		uint32_t *slot = calloc(cap, sizeof *slot);
		if (!slot)
			abort();
		for (size_t k = 0; k < t->n; k++) {
			uint32_t h = hash(t->key[k], strlen(t->key[k])) & (cap - 1);
			while (slot[h])
				h = (h + 1) & (cap - 1);
			slot[h] = (uint32_t)k + 1;
		}
		free(t->slot);
		t->slot = slot;
		t->cap = cap;
	}
	if (t->n == t->keycap) {
		t->keycap = t->keycap ? t->keycap * 2 : 1024;
		t->key = xrealloc(t->key, t->keycap * sizeof *t->key);
	}
	t->key[t->n] = arena_strndup(&t->arena, g, n);
	uint32_t h = hash(g, n) & (t->cap - 1);
	while (t->slot[h])
		h = (h + 1) & (t->cap - 1);
	t->slot[h] = (uint32_t)t->n + 1;
	return (long)t->n++;
}

void gram_table_free(struct gram_table *t)
{
	arena_free(&t->arena);
	free(t->key);
	free(t->slot);
	memset(t, 0, sizeof *t);
}

/* ---- the model file -------------------------------------------------- */

void model_free(struct model *m)
{
	gram_table_free(&m->grams);
	free(m->w);
	memset(m, 0, sizeof *m);
}

/* Parse n tab-separated numbers of s into v; returns 0 or -1. */
static int numbers(char *s, double *v, int n)
{
	for (int i = 0; i < n; i++) {
		if (!s)
			return -1;
		char *end;
		v[i] = strtod(s, &end);
		if (end == s || (*end && *end != '\t'))
			return -1;
		s = *end ? end + 1 : NULL;
	}
	return s ? -1 : 0;
}

static void header(struct model *m, const char *key, const char *val)
{
	if (!strcmp(key, "version"))
		snprintf(m->version, sizeof m->version, "%s", val);
	else if (!strcmp(key, "trained_on"))
		snprintf(m->trained_on, sizeof m->trained_on, "%s", val);
	else if (!strcmp(key, "lexicon_hash"))
		snprintf(m->lexicon_hash, sizeof m->lexicon_hash, "%s", val);
	else if (!strcmp(key, "rows"))
		m->rows = atol(val);
	else if (!strcmp(key, "lambda"))
		m->lambda = atof(val);
	else if (!strcmp(key, "balance"))
		m->balance = atof(val);
	else if (!strcmp(key, "temperature"))
		m->temperature = atof(val);
	else if (!strcmp(key, "scope_factor"))
		m->scope_factor = atof(val);
	else if (!strcmp(key, "relevance_logodds"))
		m->relevance_logodds = atof(val);
}

int model_load(struct model *m, const char *path, char *err, size_t errlen)
{
	memset(m, 0, sizeof *m);
	m->temperature = 1;
	m->scope_factor = 0.5;
	m->relevance_logodds = 1;
	struct buf b = BUF_INIT;
	char msg[256];
	if (access(path, F_OK) != 0 && errno == ENOENT)
		return 1;
	if (read_file(path, &b, 64u << 20, msg, sizeof msg) != 0) {
		snprintf(err, errlen, "%s: %s", path, msg);
		buf_free(&b);
		return -1;
	}
	size_t wcap = 0;
	int lineno = 0, rc = 0;
	char *cursor = b.p, *line;
	while (rc == 0 && (line = next_line(&cursor))) {
		lineno++;
		if (!*line)
			continue;
		if (line[0] == '#') {
			char *colon = strchr(line, ':');
			if (colon) {
				*colon = '\0';
				char *key = line + 1, *val = colon + 1;
				while (*key == ' ')
					key++;
				while (*val == ' ')
					val++;
				header(m, key, val);
			}
			continue;
		}
		char *f[3];
		if (split_fields(line, '\t', f, 3) != 3) {
			rc = -1;
			break;
		}
		char *kind = f[0], *name = f[1], *vals = f[2];
		double v[NCLASS];
		if (!strcmp(kind, "bias")) {
			rc = numbers(vals, m->bias, NCLASS);
		} else if (!strcmp(kind, "tied")) {
			int t = 0;
			while (t < NTIED && strcmp(tied_name[t], name))
				t++;
			rc = t < NTIED ? numbers(vals, &m->tied[t], 1) : -1;
		} else if (!strcmp(kind, "subject")) {
			int s = subject_index(name);
			rc = s >= 0 ? numbers(vals, &m->subject[s], 1) : -1;
		} else if (!strcmp(kind, "gram")) {
			rc = numbers(vals, v, NCLASS);
			if (rc == 0) {
				long i = gram_add(&m->grams, name, strlen(name));
				if ((size_t)i >= wcap) {
					wcap = wcap ? wcap * 2 : 4096;
					m->w = xrealloc(m->w, wcap * NCLASS * sizeof *m->w);
				}
				memcpy(m->w + (size_t)i * NCLASS, v, sizeof v);
			}
		} else {
			rc = -1;
		}
	}
	buf_free(&b);
	if (rc != 0) {
		snprintf(err, errlen, "%s:%d: expected kind<TAB>name<TAB>weights"
			 " (bias or gram with nine numbers; tied or subject with one)", path, lineno);
		model_free(m);
		return -1;
	}
	if (m->temperature <= 0)
		m->temperature = 1;
	if (m->relevance_logodds <= 0)
		m->relevance_logodds = 1;
	m->loaded = 1;
	return 0;
}

static void put_numbers(struct buf *b, const double *v, int n)
{
	for (int i = 0; i < n; i++)
		buf_printf(b, "\t%.4g", fabs(v[i]) < 5e-5 ? 0.0 : v[i]);
	buf_putc(b, '\n');
}

int model_write(const struct model *m, const char *path, char *err, size_t errlen)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, "# peiyou classification model: multinomial logistic regression over the\n"
		 "# eight categories and 无 (analyze/model.h; written by peiyou-analyze --train).\n"
		 "# Classes, in the order of every row's numbers: 公共教育 劳动就业创业 社会保险\n"
		 "# 基本社会服务 公共医疗卫生 住房保障 公共文化体育 残疾人服务 无\n");
	buf_printf(&b, "# version: %s\n# trained_on: %s\n# lexicon_hash: %s\n# rows: %ld\n",
		   m->version, m->trained_on, m->lexicon_hash, m->rows);
	buf_printf(&b, "# lambda: %g\n# balance: %g\n# temperature: %.4f\n# scope_factor: %g\n"
		   "# relevance_logodds: %.4f\n", m->lambda, m->balance, m->temperature,
		   m->scope_factor, m->relevance_logodds);
	buf_puts(&b, "bias\t-");
	put_numbers(&b, m->bias, NCLASS);
	for (int t = 0; t < NTIED; t++) {
		buf_printf(&b, "tied\t%s", tied_name[t]);
		put_numbers(&b, &m->tied[t], 1);
	}
	for (int s = 0; s < NSUBJ; s++) {
		buf_printf(&b, "subject\t%s", subject_name[s]);
		put_numbers(&b, &m->subject[s], 1);
	}
	for (size_t g = 0; g < m->grams.n; g++) {
		const double *w = m->w + g * NCLASS;
		double mx = 0;
		for (int c = 0; c < NCLASS; c++)
			mx = fabs(w[c]) > mx ? fabs(w[c]) : mx;
		if (mx < 0.005)        /* too small to matter */
			continue;
		buf_printf(&b, "gram\t%s", m->grams.key[g]);
		put_numbers(&b, w, NCLASS);
	}
	char tmp[4200];
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	FILE *f = fopen(tmp, "wb");
	int ok = f && fwrite(b.p, 1, b.len, f) == b.len;
	if (f && fclose(f) != 0)
		ok = 0;
	if (ok && rename(tmp, path) != 0)
		ok = 0;
	if (!ok) {
		snprintf(err, errlen, "%s: cannot write: %s", path, strerror(errno));
		unlink(tmp);
	}
	buf_free(&b);
	return ok ? 0 : -1;
}

/* ---- scoring --------------------------------------------------------- */

struct gram_sum {
	const struct model *m;
	double *z;
	void (*fn)(void *ctx, const char *gram, int zone, double value, const double *w);
	void *ctx;
	int zone;
};

static void add_gram(void *ctx, const char *g, size_t n, double value)
{
	struct gram_sum *s = ctx;
	long i = gram_find(&s->m->grams, g, n);
	if (i < 0)
		return;
	const double *w = s->m->w + (size_t)i * NCLASS;
	if (s->z)
		for (int c = 0; c < NCLASS; c++)
			s->z[c] += value * w[c];
	if (s->fn)
		s->fn(s->ctx, s->m->grams.key[i], s->zone, value, w);
}

void model_each_gram(const struct model *m, const struct features *f,
		     void (*fn)(void *ctx, const char *gram, int zone, double value,
				const double *w), void *ctx)
{
	struct gram_sum s = { m, NULL, fn, ctx, G_TITLE };
	ngrams_each(f->title, G_TITLE, 1, add_gram, &s);
	s.zone = G_SCOPE;
	ngrams_each(f->scope, G_SCOPE, m->scope_factor, add_gram, &s);
}

void model_logits(const struct model *m, const struct features *f, double z[NCLASS],
		  double parts[NPART][NCLASS])
{
	double local[NPART][NCLASS];
	if (!parts)
		parts = local;
	memset(parts, 0, sizeof(double) * NPART * NCLASS);
	struct gram_sum s = { m, parts[P_NGRAM], NULL, NULL, G_TITLE };
	if (m->grams.n) {
		ngrams_each(f->title, G_TITLE, 1, add_gram, &s);
		ngrams_each(f->scope, G_SCOPE, m->scope_factor, add_gram, &s);
	}
	for (int c = 0; c < NCLASS; c++) {
		parts[P_BIAS][c] = m->bias[c];
		parts[P_LEXICON][c] = m->tied[T_LEX_TITLE] * tied_value(f, T_LEX_TITLE, c) +
				      m->tied[T_LEX_SCOPE] * tied_value(f, T_LEX_SCOPE, c);
		parts[P_FIELD][c] = m->tied[T_FIELD] * tied_value(f, T_FIELD, c);
		parts[P_SUBJECT][c] = c == CLASS_NONE ? m->subject[f->subject] : 0;
		parts[P_REST][c] = f->offset[c];
		z[c] = 0;
		for (int p = 0; p < NPART; p++)
			z[c] += parts[p][c];
	}
}

void softmax(const double z[NCLASS], double p[NCLASS], double t)
{
	double mx = z[0], sum = 0;
	for (int c = 1; c < NCLASS; c++)
		mx = z[c] > mx ? z[c] : mx;
	for (int c = 0; c < NCLASS; c++)
		sum += p[c] = exp((z[c] - mx) / t);
	for (int c = 0; c < NCLASS; c++)
		p[c] /= sum;
}

void model_probs(const struct model *m, const double z[NCLASS], double p[NCLASS])
{
	softmax(z, p, m->temperature > 0 ? m->temperature : 1);
}
