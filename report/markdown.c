/* markdown.c - report.md: the summary of report.html for e-mail or a wiki.
 *
 * CommonMark with GitHub-style tables: the corpus at a glance, the
 * changes, the top candidates of both rankings with their indicators, and
 * one line per category.  The per-standard sections stay in the HTML.
 * Document text is escaped with md_escape() (no raw HTML, no links or
 * emphasis can come from a title or an excerpt).  A candidate's top
 * finding is read when its row is written (detail.c). */
#include "report.h"
#include "version.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void cell(struct buf *b, const char *s)
{
	buf_puts(b, " ");
	md_escape(b, s ? s : "");
	buf_puts(b, " |");
}

static void cut_cell(struct buf *b, const char *s, size_t max)
{
	char *cut = text_cut(s, max);
	cell(b, cut);
	free(cut);
}

static void overview(struct buf *b, const struct model *m)
{
	buf_puts(b, "## 概览 · Corpus at a glance\n\n");
	buf_printf(b, "- 标准 standards: %zu (documents of all sources and editions: %ld);"
		   " in the field: %ld; ranked: %zu\n", m->docs.n, m->documents, m->in_field,
		   m->improvement.n);
	buf_printf(b, "- findings: %ld (%ld errors, %ld warnings, %ld info)\n", m->findings,
		   m->by_severity[SEV_ERROR], m->by_severity[SEV_WARNING], m->by_severity[SEV_INFO]);
	buf_printf(b, "- extraction failures: %ld; fetch failures: %ld; not public: %ld\n\n",
		   m->extract_failures, m->fetch_failed, m->fetch_not_public);
	buf_puts(b, "| 类别 category | standards |\n| --- | ---: |\n");
	for (size_t i = 0; i < m->by_category.n; i++) {
		buf_puts(b, "|");
		cell(b, m->by_category.v[i].label);
		buf_printf(b, " %ld |\n", m->by_category.v[i].n);
	}
	buf_puts(b, "\n| 状态 status | standards |\n| --- | ---: |\n");
	for (size_t i = 0; i < m->by_status.n; i++) {
		buf_puts(b, "|");
		cell(b, m->by_status.v[i].label);
		buf_printf(b, " %ld |\n", m->by_status.v[i].n);
	}
	buf_puts(b, "\n");
}

static void changes(struct sink *s, const struct model *m)
{
	struct buf *b = &s->b;
	const struct changes *c = &m->changes;
	buf_puts(b, "## 变化 · Changes since the previous report\n\n");
	if (c->first) {
		buf_puts(b, "First report of this database: changes are shown from the next report on.\n\n");
		return;
	}
	buf_printf(b, "Compared with the report of %s (run %lld).\n\n", c->since, (long long)c->since_run);
	if (!c->v.n) {
		buf_puts(b, "No changes.\n\n");
		return;
	}
	size_t i = 0;
	for (int k = 0; k < CH_KIND_COUNT; k++) {
		if (!c->count[k])
			continue;
		buf_printf(b, "**%s (%ld)**\n\n", change_title[k], c->count[k]);
		for (; i < c->v.n && c->v.v[i].kind == (enum change_kind)k; i++) {
			const struct change *x = &c->v.v[i];
			buf_puts(b, "- ");
			md_escape(b, x->code ? x->code : "(无编号)");
			buf_puts(b, " ");
			if (x->kind != CH_NEW && x->title) {
				md_escape(b, x->title);
				buf_puts(b, ": ");
			}
			char *cut = text_cut(x->detail, 80);
			md_escape(b, cut);
			free(cut);
			buf_puts(b, "\n");
			sink_drain(s);
		}
		buf_puts(b, "\n");
	}
}

static int candidates(struct sink *s, const struct model *m, struct reader *r, int improvement)
{
	struct buf *b = &s->b;
	const size_t *idx = improvement ? m->improvement.v : m->excellence.v;
	size_t n = improvement ? m->improvement.n : m->excellence.n;
	size_t shown = m->top > 0 && (size_t)m->top < n ? (size_t)m->top : n;
	buf_printf(b, "## %s\n\n", improvement ? "改进候选 · Improvement candidates"
					       : "培优候选 · Excellence candidates");
	if (!n) {
		buf_puts(b, "No ranked standards.\n\n");
		return 0;
	}
	if (shown < n)
		buf_printf(b, "The first %zu of %zu (all in candidates.csv).\n\n", shown, n);
	buf_puts(b, "| # | code | title | category | score |");
	for (int i = 0; i < IND_COUNT; i++)
		buf_printf(b, " %s |", indicator_label[i]);
	buf_puts(b, " findings | top finding |\n| ---: | --- | --- | --- | ---: |");
	for (int i = 0; i < IND_COUNT; i++)
		buf_puts(b, " ---: |");
	buf_puts(b, " ---: | --- |\n");
	struct detail dt;
	memset(&dt, 0, sizeof dt);
	for (size_t k = 0; k < shown; k++) {
		const struct doc *d = &m->docs.v[idx[k]];
		if (d->findings && detail_load(r, d->id, 1, 0, &dt) != 0) {
			detail_free(&dt);
			return -1;
		}
		buf_printf(b, "| %ld |", improvement ? d->improvement_rank : d->excellence_rank);
		cell(b, d->code);
		cell(b, d->title_zh);
		cell(b, d->category);
		buf_printf(b, " %.1f |", improvement ? d->improvement_score : d->excellence_score);
		for (int i = 0; i < IND_COUNT; i++) {
			if (d->has_indicator[i])
				buf_printf(b, " %.0f |", d->indicator[i]);
			else
				buf_puts(b, " – |");
		}
		buf_printf(b, " %ld |", d->findings);
		if (d->findings && dt.findings.n) {
			const struct finding *f = &dt.findings.v[0];
			struct buf t = BUF_INIT;
			finding_summary(&t, f);
			cut_cell(b, t.p, 60);
			buf_free(&t);
		} else {
			cell(b, "");
		}
		buf_puts(b, "\n");
		sink_drain(s);
	}
	detail_free(&dt);
	buf_puts(b, "\n");
	return 0;
}

static void categories(struct buf *b, const struct model *m)
{
	buf_puts(b, "## 分类 · Categories\n\n| category | standards | first improvement candidate |"
		 " first excellence candidate |\n| --- | ---: | --- | --- |\n");
	for (size_t i = 0; i < m->by_category.n; i++) {
		const struct tally *t = &m->by_category.v[i];
		const struct doc *imp = NULL, *exc = NULL;
		for (size_t k = 0; k < m->improvement.n && !imp; k++) {
			const struct doc *d = &m->docs.v[m->improvement.v[k]];
			if (d->category && !strcmp(d->category, t->label))
				imp = d;
		}
		for (size_t k = 0; k < m->excellence.n && !exc; k++) {
			const struct doc *d = &m->docs.v[m->excellence.v[k]];
			if (d->category && !strcmp(d->category, t->label))
				exc = d;
		}
		buf_puts(b, "|");
		cell(b, t->label);
		buf_printf(b, " %ld |", t->n);
		cell(b, imp ? imp->code : "–");
		cell(b, exc ? exc->code : "–");
		buf_puts(b, "\n");
	}
	buf_puts(b, "\n");
}

/* What fetching could not get (as in report.html). */
static void fetch_issues(struct sink *s, const struct model *m)
{
	struct buf *b = &s->b;
	buf_puts(b, "## 获取问题 · Fetch failures and not-public items\n\n");
	if (!m->fetch_issues.n) {
		buf_puts(b, "None.\n\n");
		return;
	}
	buf_puts(b, "| state | code | title | URL | reason |\n| --- | --- | --- | --- | --- |\n");
	for (size_t i = 0; i < m->fetch_issues.n; i++) {
		const struct fetch_issue *f = &m->fetch_issues.v[i];
		buf_puts(b, "|");
		cell(b, fetch_state_label(f->state));
		cell(b, f->code);
		cell(b, f->title);
		cut_cell(b, f->url, 90);
		cut_cell(b, f->error, 120);
		buf_puts(b, "\n");
		sink_drain(s);
	}
	buf_puts(b, "\n");
}

int write_markdown(struct sink *s, const struct model *m, struct reader *r)
{
	struct buf *out = &s->b;
	buf_puts(out, "# 社会管理和公共服务类团体标准 · 培优报告\n\n");
	buf_printf(out, "peiyou report, generated %s from ", m->generated);
	md_escape(out, m->db_path);
	if (m->ranking_run)
		buf_printf(out, "; rankings of analyze run %lld (%s)", (long long)m->ranking_run,
			   m->ranking_time);
	buf_puts(out, ". The full report with every standard is report.html.\n\n");
	overview(out, m);
	changes(s, m);
	if (candidates(s, m, r, 1) != 0 || candidates(s, m, r, 0) != 0)
		return -1;
	categories(out, m);
	fetch_issues(s, m);
	buf_puts(out, "_peiyou-report " PEIYOU_VERSION "_\n");
	return 0;
}
