/* indicators.c - six indicator scores (0-100) per document, each stored
 * with the inputs it was computed from (a JSON object), so that every
 * number in a ranking can be explained from rows a researcher can query.
 *
 *   relevance     how clearly the standard belongs to the field: the
 *                 in-field log-odds of its title, scope and codes (the part
 *                 of the model trained and calibrated on real titles) over
 *                 the model's relevance scale (model.h); 0 at even odds
 *   completeness  share of the mandatory elements and fixed sentences present
 *   quality       100 minus findings by severity per 1,000 characters
 *   technical     share of requirements among provisions, and of those without a vague word
 *   currency      age since publication, outdated references, drafting basis
 *   orientation   public-service characteristics and aims of the draft
 *                 spec's chapters 5-7 (公共性, 服务性, 满意度, 评价 ...) present
 * A metadata-only document (a platform page without the text) gets
 * relevance, currency and orientation (from what the page says); the
 * three read from the text are not written for it. */
#include "analyze.h"
#include "buf.h"
#include "jsonw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double clamp(double v)
{
	return v < 0 ? 0 : v > 100 ? 100 : v;
}

static void set(struct adoc *d, enum indicator_id i, double score, struct buf *inputs)
{
	d->ind[i].name = indicator_name[i];
	d->ind[i].score = clamp(score);
	d->ind[i].inputs = arena_strndup(&d->arena, inputs->p, inputs->len);
}

static int count_findings(const struct adoc *d, const char *severity, const char *code)
{
	int n = 0;
	for (size_t i = 0; i < d->findings.n; i++)
		n += (!severity || strcmp(d->findings.v[i].severity, severity) == 0) &&
		     (!code || strcmp(d->findings.v[i].code, code) == 0);
	return n;
}

/* Findings of one severity from the checks that count in the scores
 * (CHECK_SCORED: those that hold on real texts). */
static int count_scored(const struct adoc *d, const char *severity)
{
	int n = 0;
	for (size_t i = 0; i < d->findings.n; i++) {
		const struct check_info *c = check_lookup(d->findings.v[i].code);
		n += c && (c->flags & CHECK_SCORED) && strcmp(d->findings.v[i].severity, severity) == 0;
	}
	return n;
}

static int has_element(const struct adoc *d, const char *name)
{
	for (size_t i = 0; i < d->elements.n; i++)
		if (strcmp(d->elements.v[i], name) == 0)
			return 1;
	return 0;
}

void score_indicators(struct analyzer *a, struct adoc *d)
{
	const struct weights *w = &a->cfg->w;
	struct buf in = BUF_INIT;

	/* relevance: how surely the standard is in the field */
	double primary = d->primary >= 0 ? d->score[d->primary] : 0;
	in.len = 0;
	buf_puts(&in, "{\"category\":");
	jsonw_string(&in, d->primary >= 0 ? category_name[d->primary] : NULL);
	double full = a->cfg->model.relevance_logodds;
	buf_printf(&in, ",\"category_probability\":%.2f,\"in_field_probability\":%.2f,"
		   "\"title_log_odds\":%.3f,\"full_at\":%.3f}",
		   primary, 100 - d->none_score, d->title_field, full);
	set(d, I_RELEVANCE, 100 * d->title_field / full, &in);

	/* What only a text shows: not judged for a metadata-only document
	 * (no rows; the rankings leave them out, rank.c). */
	if (!d->metadata_only) {
		/* completeness: the mandatory elements and the fixed sentences */
		static const char *const parts[] = { "封面", "前言", "范围", "规范性引用文件", "术语和定义", "正文" };
		int have = 0, total = 0;
		in.len = 0;
		buf_puts(&in, "{\"missing\":[");
		for (size_t i = 0; i < 6; i++, total++) {
			if (has_element(d, parts[i]))
				have++;
			else {
				if (in.p[in.len - 1] != '[')
					buf_putc(&in, ',');
				jsonw_string(&in, parts[i]);
			}
		}
		static const char *const sentence_checks[] = { "STR-03", "REF-01", "TERM-01", "META-06" };
		buf_puts(&in, "],\"statements_wanting\":[");
		for (size_t i = 0; i < 4; i++, total++) {
			if (!count_findings(d, NULL, sentence_checks[i]))
				have++;
			else {
				if (in.p[in.len - 1] != '[')
					buf_putc(&in, ',');
				jsonw_string(&in, sentence_checks[i]);
			}
		}
		buf_printf(&in, "],\"present\":%d,\"of\":%d}", have, total);
		set(d, I_COMPLETENESS, 100.0 * have / total, &in);

		/* quality: findings by severity per 1,000 characters */
		int ne = count_scored(d, "error"), nw = count_scored(d, "warning"), ni = count_scored(d, "info");
		double kchars = d->chars > 1000 ? d->chars / 1000.0 : 1.0;
		double loss = (ne * w->q_error + nw * w->q_warning + ni * w->q_info) / kchars;
		in.len = 0;
		buf_printf(&in, "{\"errors\":%d,\"warnings\":%d,\"infos\":%d,\"kchars\":%.1f,\"loss\":%.2f}",
			   ne, nw, ni, kchars, loss);
		set(d, I_QUALITY, 100 - loss, &in);

		/* technical content: requirements, and those without a vague word
		 * (LANG-03, a check that holds on real texts; LANG-04 does not,
		 * so it counts for nothing here) */
		int req = 0, prov = (int)d->provs.n, vague = count_findings(d, NULL, "LANG-03");
		for (size_t i = 0; i < d->provs.n; i++)
			req += strcmp(d->provs.v[i].type, "requirement") == 0;
		if (vague > req)
			vague = req;
		double req_share = prov ? (double)req / prov : 0;
		double clear_share = req ? (double)(req - vague) / req : 0;
		in.len = 0;
		buf_printf(&in, "{\"provisions\":%d,\"requirements\":%d,\"clear\":%d,"
			   "\"requirement_share\":%.3f,\"clear_share\":%.3f}",
			   prov, req, req - vague, req_share, clear_share);
		set(d, I_TECHNICAL, 50 * req_share + 50 * clear_share, &in);
	}

	/* currency */
	int year = 0;
	if (d->published && d->published[0] >= '1' && d->published[0] <= '2')
		year = atoi(d->published);
	else if (d->code_year && strlen(d->code_year) == 4)
		year = atoi(d->code_year);
	int now = (int)w->reference_year;
	if (now <= 0) {
		time_t t = time(NULL);
		struct tm tm;
		gmtime_r(&t, &tm);
		now = tm.tm_year + 1900;
	}
	int age = year ? now - year : 0;
	int outdated = count_findings(d, NULL, "REF-04");
	int old_basis = d->drafting_basis && strstr(d->drafting_basis, "-2009") && year > 2020;
	double cur = 100 - (age > w->grace_years ? (age - w->grace_years) * w->per_year : 0)
		     - outdated * w->per_outdated_ref - old_basis * w->old_basis;
	in.len = 0;
	buf_printf(&in, "{\"published\":%d,\"as_of\":%d,\"age\":%d,\"outdated_refs\":%d,\"old_basis\":%s}",
		   year, now, age, outdated, old_basis ? "true" : "false");
	set(d, I_CURRENCY, year ? cur : 50 - outdated * w->per_outdated_ref, &in);

	/* public-service orientation */
	size_t nt = d->orient.n;       /* noted by classify() */
	const char *hit = d->orient.v;
	int found = 0;
	in.len = 0;
	buf_puts(&in, "{\"terms\":[");
	for (size_t i = 0; i < nt; i++)
		if (hit[i]) {
			if (found++)
				buf_putc(&in, ',');
			jsonw_string(&in, a->orientation_terms.v[i]);
		}
	buf_printf(&in, "],\"found\":%d,\"full_at\":%g}", found, w->orientation_full);
	set(d, I_ORIENTATION, 100.0 * found / (w->orientation_full > 0 ? w->orientation_full : 1), &in);
	buf_free(&in);
}
