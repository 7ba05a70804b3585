/* learn.c - peiyou-analyze --train and --cross-validate (learn.h).
 *
 * The labels file is tab-separated with a header naming its columns:
 * "title" and "primary_category" (or "primary") are required, "scope",
 * "ics", "ccs", "industry", "confidence" and "code" are read when present
 * (../shared/eval/real-titles.tsv has that form); a class is one of the
 * eight names or 无 ("-").  Texts are NFKC-normalised as extraction
 * normalises documents.
 *
 * Cross-validation: the rows are dealt into k folds stratified by class
 * (each class shuffled with a fixed seed, then dealt in turn); for each
 * fold the model is trained on the others, with its lambda and class
 * balance chosen by an inner 5-fold cross-validation of those others
 * only, and the fold is predicted.  Nothing is tuned on the fold that is
 * reported.  The figures are over all rows and over the rows of high
 * confidence, with two ablations (no n-grams; n-grams alone) and the
 * calibration of P(in the field).
 *
 * Parameters, in one vector: bias[NCLASS], tied[NTIED],
 * subject[NSUBJ] (for 无), then NCLASS weights per n-gram.  The tied
 * weights keep the sign their evidence means (a lexicon term of class c
 * raises c, a field word lowers 无): the vector holds ln |weight|, and
 * tied_sign says the sign.  A subject weighs only the in-field decision
 * (the logit of 无), not one category against another, and with the sign
 * the issue of the field gives it (subject_sign: a product, test method,
 * data/IT or engineering standard argues against the field, a service or
 * management standard for it; unknown and terminology either way): a
 * training set's quirks (its few test methods all medical, say) must not
 * become rules. */
#include "analyze.h"
#include "buf.h"
#include "fileio.h"
#include "learn.h"
#include "lbfgs.h"
#include "metrics.h"
#include "normalize.h"
#include "sha256.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define INNER_FOLDS 5
#define LAMBDA_TIED 0.1         /* light: the shared weights are few */
#define MIN_DF 2                /* an n-gram must be in two training rows */
#define SCOPE_FACTOR 0.5
#define MAX_ITER 300

static const double lambda_grid[] = { 0.1, 0.3, 1, 3 };
static const double balance_grid[] = { 0, 0.5, 1 };

enum { OFF_BIAS = 0, OFF_TIED = NCLASS, OFF_SUBJ = NCLASS + NTIED,
       OFF_GRAMS = NCLASS + NTIED + NSUBJ };

/* The sign of each tied weight (enum tied). */
static const double tied_sign[NTIED] = { 1, 1, -1 };

static double tied_weight(const double *x, int t)
{
	return tied_sign[t] * exp(x[OFF_TIED + t]);
}

/* The sign of each subject's weight for 无 (enum subject); 0: free. */
static const double subject_sign[NSUBJ] = { 0, 1, 1, -1, -1, 1, 0, 1 };

static double subject_weight(const double *x, int s)
{
	return subject_sign[s] ? subject_sign[s] * exp(x[OFF_SUBJ + s]) : x[OFF_SUBJ + s];
}

/* ---- labelled rows into samples -------------------------------------- */

struct gram_sink {
	struct sample_set *set;
	VEC(long) ids;
	VEC(double) vals;
};

static void sink_gram(void *ctx, const char *g, size_t n, double value)
{
	struct gram_sink *s = ctx;
	long id = gram_add(&s->set->grams, g, n);
	for (size_t i = 0; i < s->ids.n; i++)
		if (s->ids.v[i] == id) {     /* in title and scope: the larger */
			if (value > s->vals.v[i])
				s->vals.v[i] = value;
			return;
		}
	*vec_push(&s->ids) = id;
	*vec_push(&s->vals) = value;
}

/* An NFKC copy of s in the set's arena (NULL for empty or NULL). */
static const char *nfkc(struct sample_set *set, const char *s)
{
	if (!s || !*s)
		return NULL;
	struct buf b = BUF_INIT;
	char err[128];
	const char *out = norm_nfkc(s, strlen(s), &b, err, sizeof err) == 0 ?
			  arena_strndup(&set->arena, b.p, b.len) : arena_strdup(&set->arena, s);
	buf_free(&b);
	return out;
}

/* The features of sample s's record, in d (emptied first, its buffers
 * kept); f points into d. */
static void sample_features(const struct analyzer *a, struct adoc *d, const struct sample *s,
			    struct features *f)
{
	arena_reset(&d->arena);
	struct adoc keep = *d;
	memset(d, 0, sizeof *d);
	d->arena = keep.arena;
	d->evidence = keep.evidence;
	d->orient = keep.orient;
	d->primary = -1;
	adoc_from_record(d, s->title, s->scope, s->ics, s->ccs, s->industry);
	classify_features(a, d, f);
}

static void add_sample(const struct analyzer *a, struct sample_set *set, struct adoc *d,
		       int y, int high, const char *code, const char *title, const char *scope,
		       const char *ics, const char *ccs, const char *industry)
{
	struct sample *s = vec_push(&set->v);
	memset(s, 0, sizeof *s);
	s->code = code;
	s->title = title;
	s->scope = scope;
	s->ics = ics;
	s->ccs = ccs;
	s->industry = industry;
	struct features f;
	sample_features(a, d, s, &f);
	s->y = y;
	s->high = high;
	s->subject = f.subject;
	for (int t = 0; t < NTIED; t++)
		for (int c = 0; c < NCLASS; c++)
			s->tv[t][c] = tied_value(&f, t, c);
	memcpy(s->offset, f.offset, sizeof s->offset);
	struct gram_sink gs = { set, { 0 }, { 0 } };
	ngrams_each(f.title, G_TITLE, 1, sink_gram, &gs);
	ngrams_each(f.scope, G_SCOPE, SCOPE_FACTOR, sink_gram, &gs);
	s->ngram = gs.ids.n;
	s->gram = arena_alloc(&set->arena, (gs.ids.n + 1) * sizeof *s->gram);
	s->gval = arena_alloc(&set->arena, (gs.ids.n + 1) * sizeof *s->gval);
	if (gs.ids.n) {
		memcpy(s->gram, gs.ids.v, gs.ids.n * sizeof *s->gram);
		memcpy(s->gval, gs.vals.v, gs.vals.n * sizeof *s->gval);
	}
	vec_free(&gs.ids);
	vec_free(&gs.vals);
}

static void set_free(struct sample_set *set)
{
	vec_free(&set->v);
	gram_table_free(&set->grams);
	arena_free(&set->arena);
}

/* Read the labels file into samples.  Returns 0, or -1 with err. */
static int read_samples(const struct analyzer *a, const char *path, struct sample_set *set,
			char *err, size_t errlen)
{
	struct buf b = BUF_INIT;
	char msg[256];
	if (read_file(path, &b, 64u << 20, msg, sizeof msg) != 0) {
		snprintf(err, errlen, "%s: %s", path, msg);
		buf_free(&b);
		return -1;
	}
	enum { C_TITLE, C_LABEL, C_SCOPE, C_ICS, C_CCS, C_INDUSTRY, C_CONF, C_CODE, NCOL };
	static const char *const names[NCOL][2] = {
		{ "title", "title_zh" }, { "primary_category", "primary" }, { "scope", NULL },
		{ "ics", NULL }, { "ccs", NULL }, { "industry", NULL }, { "confidence", NULL },
		{ "code", NULL },
	};
	int col[NCOL];
	for (int k = 0; k < NCOL; k++)
		col[k] = -1;
	struct adoc d;
	memset(&d, 0, sizeof d);
	int lineno = 0, rc = 0, have_header = 0;
	char *cursor = b.p, *line;
	while (rc == 0 && (line = next_line(&cursor))) {
		lineno++;
		if (!*line || line[0] == '#')
			continue;
		char *f[32];
		int nf = split_fields(line, '\t', f, 32);
		if (!have_header) {
			have_header = 1;
			for (int i = 0; i < nf; i++)
				for (int k = 0; k < NCOL; k++)
					if (col[k] < 0 && (!strcmp(f[i], names[k][0]) ||
							   (names[k][1] && !strcmp(f[i], names[k][1]))))
						col[k] = i;
			if (col[C_TITLE] < 0 || col[C_LABEL] < 0) {
				snprintf(err, errlen, "%s:%d: the header must name a title column and a"
					 " primary_category (or primary) column", path, lineno);
				rc = -1;
			}
			continue;
		}
#define GET(k) (col[k] >= 0 && col[k] < nf ? f[col[k]] : NULL)
		const char *label = GET(C_LABEL), *title = GET(C_TITLE);
		int y = label ? class_index(label) : -1;
		if (y < 0 || !title || !*title) {
			snprintf(err, errlen, "%s:%d: %s", path, lineno,
				 y < 0 ? "the class is not one of the eight categories or 无" : "no title");
			rc = -1;
			break;
		}
		const char *conf = GET(C_CONF);
		add_sample(a, set, &d, y, !conf || !*conf || !strcmp(conf, "high"),
			   nfkc(set, GET(C_CODE)), nfkc(set, title), nfkc(set, GET(C_SCOPE)),
			   nfkc(set, GET(C_ICS)), nfkc(set, GET(C_CCS)), nfkc(set, GET(C_INDUSTRY)));
#undef GET
	}
	adoc_free(&d);
	if (rc == 0 && !set->v.n) {
		snprintf(err, errlen, "%s: no labelled rows", path);
		rc = -1;
	}
	if (rc == 0) {
		char hex[65];
		sha256_hex(b.p ? b.p : "", b.len, hex);
		const char *base = strrchr(path, '/');
		snprintf(set->source, sizeof set->source, "%s (%zu rows, sha256 %.16s)",
			 base ? base + 1 : path, set->v.n, hex);
	}
	buf_free(&b);
	return rc;
}

/* ---- fitting ----------------------------------------------------------- */

struct objective {
	const struct sample_set *set;
	const size_t *rows;
	size_t nrows;
	const double *weight;   /* per row of rows */
	const struct fit *fit;
	double lambda;
};

/* Logits of sample s under parameters x. */
static void logits(const struct fit *fit, const double *x, const struct sample *s, double *z)
{
	for (int c = 0; c < NCLASS; c++) {
		double v = x[OFF_BIAS + c] + s->offset[c] +
			   (c == CLASS_NONE ? subject_weight(x, s->subject) : 0);
		if (fit->use_tied)
			for (int t = 0; t < NTIED; t++)
				v += tied_weight(x, t) * s->tv[t][c];
		z[c] = v;
	}
	if (!fit->use_grams)
		return;
	for (size_t j = 0; j < s->ngram; j++) {
		long l = fit->map[s->gram[j]];
		if (l < 0)
			continue;
		const double *w = x + OFF_GRAMS + (size_t)l * NCLASS;
		for (int c = 0; c < NCLASS; c++)
			z[c] += s->gval[j] * w[c];
	}
}

static double objective(const double *x, double *g, void *ctx)
{
	const struct objective *o = ctx;
	const struct fit *fit = o->fit;
	memset(g, 0, fit->nx * sizeof *g);
	double loss = 0, z[NCLASS], p[NCLASS];
	for (size_t r = 0; r < o->nrows; r++) {
		const struct sample *s = &o->set->v.v[o->rows[r]];
		double w = o->weight[r];
		logits(fit, x, s, z);
		softmax(z, p, 1);
		loss -= w * log(p[s->y] > 1e-300 ? p[s->y] : 1e-300);
		double dz[NCLASS];
		for (int c = 0; c < NCLASS; c++)
			dz[c] = w * (p[c] - (c == s->y));
		for (int c = 0; c < NCLASS; c++)
			g[OFF_BIAS + c] += dz[c];
		g[OFF_SUBJ + s->subject] += dz[CLASS_NONE] *
					    (subject_sign[s->subject] ? subject_weight(x, s->subject) : 1);
		if (fit->use_tied)
			for (int t = 0; t < NTIED; t++) {
				double tw = tied_weight(x, t);
				for (int c = 0; c < NCLASS; c++)
					g[OFF_TIED + t] += dz[c] * s->tv[t][c] * tw;
			}
		if (fit->use_grams)
			for (size_t j = 0; j < s->ngram; j++) {
				long l = fit->map[s->gram[j]];
				if (l < 0)
					continue;
				double *gw = g + OFF_GRAMS + (size_t)l * NCLASS;
				for (int c = 0; c < NCLASS; c++)
					gw[c] += s->gval[j] * dz[c];
			}
	}
	for (int t = 0; t < NTIED && fit->use_tied; t++) {
		/* L2 on the weight itself: d/dx (w^2/2) = w * dw/dx = w^2 */
		double tw = tied_weight(x, t);
		loss += 0.5 * LAMBDA_TIED * tw * tw;
		g[OFF_TIED + t] += LAMBDA_TIED * tw * tw;
	}
	for (int k = 0; k < NSUBJ; k++) {
		double sw = subject_weight(x, k);
		loss += 0.5 * LAMBDA_TIED * sw * sw;
		g[OFF_SUBJ + k] += LAMBDA_TIED * sw * (subject_sign[k] ? sw : 1);
	}
	for (size_t i = OFF_GRAMS; i < fit->nx; i++) {
		loss += 0.5 * o->lambda * x[i] * x[i];
		g[i] += o->lambda * x[i];
	}
	return loss;
}

static void fit_free(struct fit *f)
{
	free(f->map);
	free(f->local_gram);
	free(f->x);
	memset(f, 0, sizeof *f);
}

/* Fit on rows[0, n) of set. */
static void fit_rows(const struct sample_set *set, const size_t *rows, size_t n,
		     const struct hyper *h, int use_grams, int use_tied, struct fit *fit)
{
	memset(fit, 0, sizeof *fit);
	fit->use_grams = use_grams;
	fit->use_tied = use_tied;
	size_t ng = set->grams.n;
	fit->map = xmalloc((ng + 1) * sizeof *fit->map);
	long *df = xmalloc((ng + 1) * sizeof *df);
	memset(df, 0, (ng + 1) * sizeof *df);
	for (size_t r = 0; r < n; r++) {
		const struct sample *s = &set->v.v[rows[r]];
		for (size_t j = 0; j < s->ngram; j++)
			df[s->gram[j]]++;
	}
	fit->local_gram = xmalloc((ng + 1) * sizeof *fit->local_gram);
	for (size_t g = 0; g < ng; g++) {
		fit->map[g] = use_grams && df[g] >= MIN_DF ? (long)fit->nlocal : -1;
		if (fit->map[g] >= 0)
			fit->local_gram[fit->nlocal++] = (long)g;
	}
	free(df);
	fit->nx = OFF_GRAMS + fit->nlocal * NCLASS;
	fit->x = xmalloc((fit->nx ? fit->nx : 1) * sizeof *fit->x);
	memset(fit->x, 0, (fit->nx ? fit->nx : 1) * sizeof *fit->x);
	/* class weights: (n / (K n_c))^balance, scaled to sum to n */
	long count[NCLASS] = { 0 };
	int k = 0;
	for (size_t r = 0; r < n; r++)
		count[set->v.v[rows[r]].y]++;
	for (int c = 0; c < NCLASS; c++)
		k += count[c] > 0;
	double *w = xmalloc((n + 1) * sizeof *w), sum = 0;
	for (size_t r = 0; r < n; r++) {
		int y = set->v.v[rows[r]].y;
		w[r] = pow((double)n / (k * (double)count[y]), h->balance);
		sum += w[r];
	}
	for (size_t r = 0; r < n; r++)
		w[r] *= (double)n / sum;
	/* start from the class frequencies, and tied weights of 1 */
	for (int c = 0; c < NCLASS; c++)
		fit->x[OFF_BIAS + c] = log((count[c] + 0.5) / (n + 0.5 * NCLASS));
	for (int t = 0; t < NTIED; t++)
		fit->x[OFF_TIED + t] = use_tied ? 0 : -30;
	for (int k = 0; k < NSUBJ; k++)
		fit->x[OFF_SUBJ + k] = subject_sign[k] ? -3 : 0;    /* weights near 0 */
	struct objective o = { set, rows, n, w, fit, h->lambda };
	lbfgs(fit->x, fit->nx, objective, &o, MAX_ITER, 1e-5);
	free(w);
}

/* ---- folds ----------------------------------------------------------- */

static uint64_t next_rand(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ull;
}

/* fold[i] for rows[0, n): stratified by class, each class shuffled. */
static void make_folds(const struct sample_set *set, const size_t *rows, size_t n, int k,
		       unsigned seed, int *fold)
{
	uint64_t st = 0x9E3779B97F4A7C15ull ^ seed;
	next_rand(&st);
	int turn = 0;
	size_t *idx = xmalloc((n + 1) * sizeof *idx);
	for (int c = 0; c < NCLASS; c++) {
		size_t m = 0;
		for (size_t r = 0; r < n; r++)
			if (set->v.v[rows[r]].y == c)
				idx[m++] = r;
		for (size_t i = m; i > 1; i--) {
			size_t j = (size_t)(next_rand(&st) % i);
			size_t t = idx[i - 1];
			idx[i - 1] = idx[j];
			idx[j] = t;
		}
		for (size_t i = 0; i < m; i++) {
			fold[idx[i]] = turn;
			turn = (turn + 1) % k;
		}
	}
	free(idx);
}

/* Held-out logits of rows[0, n) by k-fold cross-validation with h. */
static void oof_logits(const struct sample_set *set, const size_t *rows, size_t n, int k,
		       unsigned seed, const struct hyper *h, int use_grams, int use_tied,
		       double (*z)[NCLASS])
{
	int *fold = xmalloc((n + 1) * sizeof *fold);
	make_folds(set, rows, n, k, seed, fold);
	size_t *tr = xmalloc((n + 1) * sizeof *tr);
	for (int f = 0; f < k; f++) {
		size_t nt = 0;
		for (size_t r = 0; r < n; r++)
			if (fold[r] != f)
				tr[nt++] = rows[r];
		struct fit fit;
		fit_rows(set, tr, nt, h, use_grams, use_tied, &fit);
		for (size_t r = 0; r < n; r++)
			if (fold[r] == f)
				logits(&fit, fit.x, &set->v.v[rows[r]], z[r]);
		fit_free(&fit);
	}
	free(tr);
	free(fold);
}

static int argmax(const double *z)
{
	int b = 0;
	for (int c = 1; c < NCLASS; c++)
		if (z[c] > z[b])
			b = c;
	return b;
}

/* Mean negative log-likelihood of the labels at temperature t. */
static double nll(const struct sample_set *set, const size_t *rows, size_t n,
		  double (*z)[NCLASS], double t)
{
	double s = 0, p[NCLASS];
	for (size_t r = 0; r < n; r++) {
		softmax(z[r], p, t);
		double q = p[set->v.v[rows[r]].y];
		s -= log(q > 1e-300 ? q : 1e-300);
	}
	return n ? s / n : 0;
}

/* The temperature that fits held-out logits best (golden section). */
static double fit_temperature(const struct sample_set *set, const size_t *rows, size_t n,
			      double (*z)[NCLASS])
{
	double lo = 0.25, hi = 6, g = (sqrt(5) - 1) / 2;
	double a = hi - g * (hi - lo), b = lo + g * (hi - lo);
	double fa = nll(set, rows, n, z, a), fb = nll(set, rows, n, z, b);
	for (int i = 0; i < 40; i++) {
		if (fa < fb) {
			hi = b; b = a; fb = fa;
			a = hi - g * (hi - lo);
			fa = nll(set, rows, n, z, a);
		} else {
			lo = a; a = b; fa = fb;
			b = lo + g * (hi - lo);
			fb = nll(set, rows, n, z, b);
		}
	}
	return (lo + hi) / 2;
}

/* Log-odds of "in the field" (any of the eight against 无) at temperature t. */
static double field_logodds(const double *z, double t)
{
	double mx = z[0], s = 0;
	for (int c = 1; c < NCAT; c++)
		mx = z[c] > mx ? z[c] : mx;
	for (int c = 0; c < NCAT; c++)
		s += exp((z[c] - mx) / t);
	return mx / t + log(s) - z[CLASS_NONE] / t;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* The 98th percentile of the held-out in-field log-odds of the rows
 * labelled in the field: the relevance scale (model.h). */
static double relevance_scale(const struct sample_set *set, const size_t *rows, size_t n,
			      double (*z)[NCLASS], double t)
{
	double *v = xmalloc((n + 1) * sizeof *v);
	size_t m = 0;
	for (size_t r = 0; r < n; r++)
		if (set->v.v[rows[r]].y != CLASS_NONE)
			v[m++] = field_logodds(z[r], t);
	double q = 0;
	if (m) {
		qsort(v, m, sizeof *v, by_value);
		q = v[(size_t)(0.98 * (double)(m - 1))];
	}
	free(v);
	return q > 1 ? q : 1;
}

/* Choose lambda and balance by inner cross-validation over rows[0, n):
 * the best macro-F1 of the held-out predictions, then the lower
 * log-likelihood loss.  Also the temperature for the choice and the
 * relevance scale. */
static void choose(const struct sample_set *set, const size_t *rows, size_t n, unsigned seed,
		   int use_grams, int use_tied, struct hyper *best, double *temperature,
		   double *scale)
{
	double (*z)[NCLASS] = xmalloc((n + 1) * sizeof *z);
	double (*zbest)[NCLASS] = xmalloc((n + 1) * sizeof *zbest);
	double best_f1 = -1, best_nll = 0;
	size_t nl = use_grams ? sizeof lambda_grid / sizeof lambda_grid[0] : 1;
	for (size_t i = 0; i < nl; i++)
		for (size_t j = 0; j < sizeof balance_grid / sizeof balance_grid[0]; j++) {
			struct hyper h = { lambda_grid[i], balance_grid[j] };
			oof_logits(set, rows, n, INNER_FOLDS, seed + 7, &h, use_grams, use_tied, z);
			struct confusion cm;
			memset(&cm, 0, sizeof cm);
			for (size_t r = 0; r < n; r++)
				confusion_add(&cm, set->v.v[rows[r]].y, argmax(z[r]));
			struct scores sc;
			confusion_scores(&cm, &sc);
			double l = nll(set, rows, n, z, 1);
			if (sc.macro_f1 > best_f1 + 1e-9 || (fabs(sc.macro_f1 - best_f1) <= 1e-9 && l < best_nll)) {
				best_f1 = sc.macro_f1;
				best_nll = l;
				*best = h;
				memcpy(zbest, z, n * sizeof *z);
			}
		}
	*temperature = fit_temperature(set, rows, n, zbest);
	*scale = relevance_scale(set, rows, n, zbest, *temperature);
	free(z);
	free(zbest);
}

/* The labels file as samples, and the index of every row (owned by the
 * caller, with the set); NULL with err on failure. */
static size_t *load_rows(const struct analyzer *a, const char *labels, struct sample_set *set,
			 char *err, size_t errlen)
{
	memset(set, 0, sizeof *set);
	if (read_samples(a, labels, set, err, errlen) != 0) {
		set_free(set);
		return NULL;
	}
	size_t *rows = xmalloc(set->v.n * sizeof *rows);
	for (size_t r = 0; r < set->v.n; r++)
		rows[r] = r;
	return rows;
}

/* ---- --train ----------------------------------------------------------- */

int train_model(const struct analyzer *a, const char *labels, const char *model_out,
		FILE *out, char *err, size_t errlen)
{
	struct sample_set set;
	size_t *rows = load_rows(a, labels, &set, err, errlen);
	if (!rows)
		return -1;
	size_t n = set.v.n;
	struct hyper h;
	double temperature, scale;
	choose(&set, rows, n, 1, 1, 1, &h, &temperature, &scale);
	struct fit fit;
	fit_rows(&set, rows, n, &h, 1, 1, &fit);
	struct model m;
	memset(&m, 0, sizeof m);
	snprintf(m.version, sizeof m.version, "1");
	snprintf(m.trained_on, sizeof m.trained_on, "%s", set.source);
	snprintf(m.lexicon_hash, sizeof m.lexicon_hash, "%s", a->cfg->lexicon_hash);
	m.rows = (long)n;
	m.lambda = h.lambda;
	m.balance = h.balance;
	m.temperature = temperature;
	m.relevance_logodds = scale;
	m.scope_factor = SCOPE_FACTOR;
	memcpy(m.bias, fit.x + OFF_BIAS, sizeof m.bias);
	for (int t = 0; t < NTIED; t++)
		m.tied[t] = tied_weight(fit.x, t);
	for (int k = 0; k < NSUBJ; k++)
		m.subject[k] = subject_weight(fit.x, k);
	m.w = xmalloc((fit.nlocal + 1) * NCLASS * sizeof *m.w);
	for (size_t l = 0; l < fit.nlocal; l++) {
		const char *g = set.grams.key[fit.local_gram[l]];
		long i = gram_add(&m.grams, g, strlen(g));
		memcpy(m.w + (size_t)i * NCLASS, fit.x + OFF_GRAMS + l * NCLASS, NCLASS * sizeof *m.w);
	}
	int rc = model_write(&m, model_out, err, errlen);
	if (rc == 0) {
		struct confusion cm;
		memset(&cm, 0, sizeof cm);
		for (size_t r = 0; r < n; r++) {
			double z[NCLASS];
			logits(&fit, fit.x, &set.v.v[r], z);
			confusion_add(&cm, set.v.v[r].y, argmax(z));
		}
		fprintf(out, "trained on %s: lambda %g, balance %g (chosen by %d-fold cross-validation),"
			" temperature %.3f, relevance scale %.2f, %zu n-grams\n", set.source, h.lambda,
			h.balance, INNER_FOLDS, temperature, scale, fit.nlocal);
		scores_print(out, "on its own training rows (not a measure: see --cross-validate):", &cm, 0);
		fprintf(out, "wrote %s\n", model_out);
	}
	model_free(&m);
	fit_free(&fit);
	free(rows);
	set_free(&set);
	return rc;
}

/* Every row whose most probable class (of pred[r]) is not its label. */
static void print_disagreements(FILE *out, const struct sample_set *set, const double (*pred)[NCLASS])
{
	for (size_t r = 0; r < set->v.n; r++) {
		int p = argmax(pred[r]);
		const struct sample *s = &set->v.v[r];
		if (p != s->y)
			fprintf(out, "  %s  %s  [%s] labelled %s, predicted %s (%.0f%%)%s\n",
				s->code ? s->code : "-", s->title, subject_name[s->subject],
				class_name[s->y], class_name[p], 100 * pred[r][p],
				s->high ? "" : " (doubtful)");
	}
}

/* ---- --cross-validate ---------------------------------------------------- */

struct variant {
	const char *name;
	int use_grams, use_tied;
	struct confusion all, high;
};

int cross_validate(const struct analyzer *a, const char *labels, int folds, unsigned seed,
		   FILE *out, char *err, size_t errlen)
{
	struct sample_set set;
	size_t *all = load_rows(a, labels, &set, err, errlen);
	if (!all)
		return -1;
	size_t n = set.v.n, nhigh = 0;
	if (folds < 2 || (size_t)folds > n) {
		snprintf(err, errlen, "--folds %d: between 2 and the number of rows (%zu)", folds, n);
		free(all);
		set_free(&set);
		return -1;
	}
	for (size_t r = 0; r < n; r++)
		nhigh += set.v.v[r].high;
	size_t *tr = xmalloc(n * sizeof *tr);
	int *fold = xmalloc(n * sizeof *fold);
	make_folds(&set, all, n, folds, seed, fold);
	struct variant var[3] = {
		{ "the whole model (lexicon, codes, subject, n-grams)", 1, 1, { { { 0 } } }, { { { 0 } } } },
		{ "without n-grams (lexicon, codes, subject)", 0, 1, { { { 0 } } }, { { { 0 } } } },
		{ "n-grams and subject alone (no lexicon, no codes)", 1, 0, { { { 0 } } }, { { { 0 } } } },
	};
	double (*pred)[NCLASS] = xmalloc(n * sizeof *pred);
	double *temp = xmalloc(folds * sizeof *temp);
	struct hyper *chosen = xmalloc(folds * sizeof *chosen);
	for (int v = 0; v < 3; v++) {
		for (int f = 0; f < folds; f++) {
			size_t nt = 0;
			for (size_t r = 0; r < n; r++)
				if (fold[r] != f)
					tr[nt++] = r;
			struct hyper h;
			double t, sc;
			choose(&set, tr, nt, seed + (unsigned)f, var[v].use_grams, var[v].use_tied, &h, &t,
			       &sc);
			struct fit fit;
			fit_rows(&set, tr, nt, &h, var[v].use_grams, var[v].use_tied, &fit);
			for (size_t r = 0; r < n; r++) {
				if (fold[r] != f)
					continue;
				double z[NCLASS];
				logits(&fit, fit.x, &set.v.v[r], z);
				int p = argmax(z);
				confusion_add(&var[v].all, set.v.v[r].y, p);
				if (set.v.v[r].high)
					confusion_add(&var[v].high, set.v.v[r].y, p);
				if (v == 0)
					softmax(z, pred[r], t);
			}
			if (v == 0) {
				temp[f] = t;
				chosen[f] = h;
			}
			fit_free(&fit);
		}
	}
	fprintf(out, "cross-validation of %s: %zu rows (%zu of high confidence), %d folds"
		" stratified by class, seed %u.\nIn each fold the model is trained on the other folds;"
		" its lambda and class balance are chosen\nby %d-fold cross-validation inside those"
		" training rows only, never on the fold reported.\n\n", set.source, n, nhigh, folds,
		seed, INNER_FOLDS);
	char title[128];
	snprintf(title, sizeof title, "all rows (%zu):", n);
	scores_print(out, title, &var[0].all, 1);
	snprintf(title, sizeof title, "\nrows of high confidence (%zu):", nhigh);
	scores_print(out, title, &var[0].high, 1);
	fprintf(out, "\nablations (macro-F1 / in-field accuracy; all rows, high-confidence rows):\n");
	struct scores sa[3], sh[3];
	for (int v = 0; v < 3; v++) {
		confusion_scores(&var[v].all, &sa[v]);
		confusion_scores(&var[v].high, &sh[v]);
		fprintf(out, "  %-52s %.3f / %.3f   %.3f / %.3f\n", var[v].name, sa[v].macro_f1,
			sa[v].field_accuracy, sh[v].macro_f1, sh[v].field_accuracy);
	}
	/* calibration of P(in the field) on the held-out predictions */
	double brier = 0, ece = 0;
	long bin_n[5] = { 0 };
	double bin_p[5] = { 0 }, bin_y[5] = { 0 };
	for (size_t r = 0; r < n; r++) {
		double q = 1 - pred[r][CLASS_NONE];
		int y = set.v.v[r].y != CLASS_NONE;
		brier += (q - y) * (q - y);
		int b = q >= 1 ? 4 : (int)(q * 5);
		bin_n[b]++;
		bin_p[b] += q;
		bin_y[b] += y;
	}
	fprintf(out, "\ncalibration of P(in the field), held out: Brier score %.3f;", brier / n);
	for (int b = 0; b < 5; b++) {
		if (!bin_n[b])
			continue;
		ece += fabs(bin_p[b] - bin_y[b]) / n;
		fprintf(out, " %.1f-%.1f: %ld rows, mean %.2f, in the field %.2f;", b / 5.0, (b + 1) / 5.0,
			bin_n[b], bin_p[b] / bin_n[b], bin_y[b] / bin_n[b]);
	}
	fprintf(out, " ECE %.3f\n", ece);
	fprintf(out, "chosen per fold (lambda, balance, temperature):");
	for (int f = 0; f < folds; f++)
		fprintf(out, " %g/%g/%.2f", chosen[f].lambda, chosen[f].balance, temp[f]);
	fprintf(out, "\n\ndisagreements (held out):\n");
	print_disagreements(out, &set, pred);
	fprintf(out, "{\"rows\":%zu,\"high\":%zu,\"folds\":%d,\"seed\":%u,\"accuracy\":%.4f,"
		"\"macro_f1\":%.4f,\"field_accuracy\":%.4f,\"high_accuracy\":%.4f,"
		"\"high_macro_f1\":%.4f,\"high_field_accuracy\":%.4f,\"brier\":%.4f,\"ece\":%.4f}\n",
		n, nhigh, folds, seed, sa[0].accuracy, sa[0].macro_f1, sa[0].field_accuracy,
		sh[0].accuracy, sh[0].macro_f1, sh[0].field_accuracy, brier / n, ece);
	free(pred);
	free(temp);
	free(chosen);
	free(fold);
	free(all);
	free(tr);
	set_free(&set);
	return 0;
}

/* ---- --test ------------------------------------------------------------------ */

/* The model in use (a->cfg->model) predicts every row of labels, as
 * analyze classifies a record of that title, scope and codes; nothing is
 * fitted.  For labels the model was not trained on, this is the measure
 * on unseen standards. */
int test_model(const struct analyzer *a, const char *labels, const char *model_path, FILE *out,
	       char *err, size_t errlen)
{
	struct sample_set set;
	memset(&set, 0, sizeof set);
	if (read_samples(a, labels, &set, err, errlen) != 0) {
		set_free(&set);
		return -1;
	}
	size_t n = set.v.n, nhigh = 0;
	const struct model *m = &a->cfg->model;
	double (*pred)[NCLASS] = xmalloc(n * sizeof *pred);
	struct confusion all, high;
	memset(&all, 0, sizeof all);
	memset(&high, 0, sizeof high);
	struct adoc d;
	memset(&d, 0, sizeof d);
	for (size_t r = 0; r < n; r++) {
		const struct sample *s = &set.v.v[r];
		struct features f;
		double z[NCLASS];
		sample_features(a, &d, s, &f);
		model_logits(m, &f, z, NULL);
		model_probs(m, z, pred[r]);
		int p = argmax(pred[r]);
		confusion_add(&all, s->y, p);
		if (s->high) {
			confusion_add(&high, s->y, p);
			nhigh++;
		}
	}
	adoc_free(&d);
	fprintf(out, "%s (trained on %s) on %s: %zu rows (%zu of high confidence).\n"
		"Nothing is fitted: a measure on unseen standards only if these rows were not"
		" among those it was trained on.\n\n", model_path, m->trained_on, set.source, n, nhigh);
	char title[128];
	snprintf(title, sizeof title, "all rows (%zu):", n);
	scores_print(out, title, &all, 1);
	snprintf(title, sizeof title, "\nrows of high confidence (%zu):", nhigh);
	scores_print(out, title, &high, 1);
	fprintf(out, "\ndisagreements:\n");
	print_disagreements(out, &set, pred);
	struct scores sa, sh;
	confusion_scores(&all, &sa);
	confusion_scores(&high, &sh);
	fprintf(out, "{\"rows\":%zu,\"high\":%zu,\"accuracy\":%.4f,\"macro_f1\":%.4f,"
		"\"field_accuracy\":%.4f,\"high_accuracy\":%.4f,\"high_macro_f1\":%.4f,"
		"\"high_field_accuracy\":%.4f}\n", n, nhigh, sa.accuracy, sa.macro_f1,
		sa.field_accuracy, sh.accuracy, sh.macro_f1, sh.field_accuracy);
	free(pred);
	set_free(&set);
	return 0;
}
