/* html.c - report.html: one self-contained page.
 *
 * Inline CSS and SVG, no script, no external resource (a Content-Security-
 * Policy forbids any, so a stray URL in document text could not load even
 * if it escaped): the corpus at a glance, the changes since the previous
 * report, the improvement and excellence candidates with their indicator
 * bars and top findings, a section per category, and a section per
 * standard whose findings link to the text of the clauses they concern.
 * Every piece of document text goes through html_escape().  The page is
 * streamed: a standard's findings and clause texts are read when its
 * section (or candidate entry) is written (detail.c), and the sink is
 * drained after each. */
#include "report.h"
#include "version.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char css[] =
	":root{--ink:#1d2330;--mute:#5b6475;--line:#d8dde6;--bg:#f6f7f9;--accent:#3b6ea5;"
	"--err:#b8443c;--warn:#c27c0e;--info:#5b6475}"
	"*{box-sizing:border-box}"
	"body{margin:0;color:var(--ink);background:var(--bg);line-height:1.55;font-size:15px;"
	"font-family:\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"PingFang SC\",\"Hiragino Sans GB\","
	"\"Microsoft YaHei\",\"WenQuanYi Zen Hei\",\"WenQuanYi Micro Hei\",\"Droid Sans Fallback\","
	"system-ui,-apple-system,\"Segoe UI\",sans-serif}"
	"header{background:#1f3a5f;color:#fff;padding:20px 32px 0}"
	"header h1{margin:0 0 4px;font-size:24px;font-weight:600}"
	"header .sub{margin:0;color:#c9d6e8;font-size:13px}"
	"nav{display:flex;flex-wrap:wrap;gap:4px;margin-top:14px}"
	"nav a{color:#fff;text-decoration:none;padding:8px 14px;border-radius:6px 6px 0 0;"
	"background:rgba(255,255,255,.08)}"
	"nav a:hover{background:rgba(255,255,255,.2)}"
	"main{max-width:1180px;margin:0 auto;padding:8px 24px 40px}"
	"section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:18px 24px;"
	"margin:20px 0}"
	"h2{margin:0 0 12px;font-size:20px;border-bottom:2px solid var(--accent);padding-bottom:6px}"
	"h2 .en,h3 .en{font-weight:400;color:var(--mute);font-size:.75em;margin-left:8px}"
	"h3{font-size:16px;margin:18px 0 8px}"
	"a{color:var(--accent)}"
	".tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(135px,1fr));gap:12px;"
	"margin-bottom:16px}"
	".tile{border:1px solid var(--line);border-radius:8px;padding:10px 14px;background:#fafbfc}"
	".tile b{display:block;font-size:26px;line-height:1.2}"
	".tile span{color:var(--mute);font-size:13px}"
	".charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(480px,1fr));gap:16px}"
	"figure{margin:0;border:1px solid var(--line);border-radius:8px;padding:10px 12px}"
	"figcaption{font-weight:600;margin-bottom:6px}"
	"svg.chart{max-width:100%;height:auto}"
	"svg text{font-family:inherit;font-size:12px;fill:var(--ink)}"
	"svg .lbl{fill:var(--ink)}svg .val{fill:var(--mute)}"
	"svg .axis{stroke:#9aa3b2}svg .track{fill:#eceff3}"
	"ol.cands{list-style:none;margin:0;padding:0}"
	".cand{display:grid;grid-template-columns:56px 1fr;gap:12px;border-top:1px solid var(--line);"
	"padding:12px 0}"
	".cand .rank{font-size:26px;font-weight:700;color:var(--accent);text-align:center}"
	".cand h3{margin:0 0 4px}"
	".cand .row{display:flex;flex-wrap:wrap;gap:18px;align-items:flex-start}"
	".meta{color:var(--mute);font-size:13px;margin:0 0 6px}"
	"ul.findings{margin:0;padding-left:18px;flex:1;min-width:300px;font-size:14px}"
	"ul.findings li{margin-bottom:3px}"
	".sev{display:inline-block;font-size:11px;font-weight:600;border-radius:3px;padding:0 5px;"
	"color:#fff;margin-right:4px;vertical-align:1px}"
	".sev.error{background:var(--err)}.sev.warning{background:var(--warn)}.sev.info{background:var(--info)}"
	"td code,.sev{white-space:nowrap}"
	"code,.code{font-family:\"DejaVu Sans Mono\",Menlo,Consolas,monospace;font-size:.92em}"
	"table{border-collapse:collapse;width:100%;font-size:14px;margin:6px 0 12px}"
	"th,td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}"
	"th{background:#f0f2f5;font-weight:600}"
	"td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}"
	"article.std{border-top:2px solid var(--line);padding-top:6px;margin-top:18px}"
	"dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:6px 0 10px;"
	"font-size:14px}"
	"dl.facts dt{color:var(--mute)}dl.facts dd{margin:0}"
	".clause{border-left:3px solid var(--line);padding:4px 12px;margin:8px 0;background:#fafbfc}"
	".clause:target{border-left-color:var(--accent);background:#eef4fb}"
	".clause h4{margin:0 0 4px;font-size:14px}"
	".clause p{margin:0;white-space:pre-line}"
	"mark{background:#ffe9a8;padding:0 1px}"
	".none{color:var(--mute)}"
	".ctitle{color:var(--mute);font-size:.92em}"
	".changes h3{margin-top:12px}"
	"footer{color:var(--mute);font-size:12px;text-align:center;padding:20px}"
	"@media print{body{background:#fff}section{border:0;padding:0}nav{display:none}}";

static void esc(struct buf *b, const char *s)
{
	html_escape(b, s);
}

/* s cut to max characters (text_cut()), escaped. */
static void esc_cut(struct buf *b, const char *s, size_t max)
{
	char *cut = text_cut(s, max);
	html_escape(b, cut);
	free(cut);
}

/* An id for an element: HTML ids may not hold white space. */
static void anchor(struct buf *b, int64_t doc, const char *clause)
{
	buf_printf(b, "doc-%lld", (long long)doc);
	if (!clause)
		return;
	buf_puts(b, "-c-");
	struct buf t = BUF_INIT;
	html_escape(&t, clause);
	for (size_t i = 0; i < t.len; i++)
		buf_putc(b, t.p[i] == ' ' || t.p[i] == '\t' || t.p[i] == '\n' ? '_' : t.p[i]);
	buf_free(&t);
}

static void doc_link(struct buf *b, const struct doc *d)
{
	buf_puts(b, "<a href=\"#");
	anchor(b, d->id, NULL);
	buf_puts(b, "\" class=\"code\">");
	esc(b, d->code ? d->code : "(无编号)");
	buf_puts(b, "</a>");
}

static void severity_badge(struct buf *b, int sev)
{
	buf_printf(b, "<span class=\"sev %s\">%s</span>", severity_key[sev], severity_key[sev]);
}

/* One finding as a list item: badge, check, clause (linked to its text
 * when the text is in the report), excerpt. */
static void finding_item(struct buf *b, const struct doc *d, const struct finding *f)
{
	buf_puts(b, "<li>");
	severity_badge(b, f->severity);
	buf_puts(b, "<code>");
	esc(b, f->check);
	buf_puts(b, "</code> ");
	if (f->title) {
		buf_puts(b, "<span class=\"ctitle\">");
		esc(b, f->title);
		buf_puts(b, "</span> ");
	}
	if (f->clause && f->clause_shown) {
		buf_puts(b, "<a href=\"#");
		anchor(b, d->id, f->clause);
		buf_puts(b, "\">");
		esc(b, f->clause);
		buf_puts(b, "</a> ");
	} else if (f->clause) {
		esc(b, f->clause);
		buf_putc(b, ' ');
	}
	const char *what = f->message ? f->message : f->excerpt && *f->excerpt ? f->excerpt : f->detail;
	if (what)
		esc_cut(b, what, 60);
	buf_puts(b, "</li>");
}

static void header(struct buf *b, const struct model *m)
{
	buf_puts(b, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
		 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		 "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"
		 " style-src 'unsafe-inline'; img-src data:\">\n");
	buf_printf(b, "<meta name=\"generator\" content=\"peiyou-report %s\">\n", PEIYOU_VERSION);
	buf_printf(b, "<title>团体标准培优报告 · peiyou report %.10s</title>\n", m->generated);
	buf_printf(b, "<style>%s</style>\n</head>\n<body>\n", css);
	buf_puts(b, "<header><h1>社会管理和公共服务类团体标准 · 培优报告</h1><p class=\"sub\">"
		 "peiyou report · ");
	buf_printf(b, "generated %s · database ", m->generated);
	esc(b, m->db_path);
	if (m->ranking_run)
		buf_printf(b, " · rankings of analyze run %lld (%s)", (long long)m->ranking_run,
			   m->ranking_time);
	buf_puts(b, "</p>\n<nav><a href=\"#overview\">概览</a><a href=\"#changes\">变化</a>"
		 "<a href=\"#improvement\">改进候选</a><a href=\"#excellence\">培优候选</a>"
		 "<a href=\"#categories\">分类</a><a href=\"#standards\">标准</a>"
		 "<a href=\"#fetch\">获取问题</a></nav></header>\n<main>\n");
}

static void tile(struct buf *b, long n, const char *label)
{
	buf_printf(b, "<div class=\"tile\"><b>%ld</b><span>%s</span></div>", n, label);
}

static void overview(struct buf *b, const struct model *m)
{
	buf_puts(b, "<section id=\"overview\"><h2>概览<span class=\"en\">Corpus at a glance</span></h2>"
		 "<div class=\"tiles\">");
	tile(b, (long)m->docs.n, "标准 standards");
	if (m->documents != (long)m->docs.n)
		tile(b, m->documents, "文档 documents (所有来源和版本 all sources, editions)");
	tile(b, m->in_field, "领域内 in the field");
	tile(b, (long)m->improvement.n, "参与排名 ranked");
	tile(b, m->findings, "发现 findings");
	tile(b, m->by_severity[SEV_ERROR], "错误 errors");
	tile(b, m->by_severity[SEV_WARNING], "警告 warnings");
	tile(b, m->extract_failures, "提取失败 extraction failures");
	tile(b, m->fetch_failed, "获取失败 fetch failures");
	tile(b, m->fetch_not_public, "未公开 not public");
	buf_puts(b, "</div>\n<div class=\"charts\">");
	buf_puts(b, "<figure><figcaption>按类别 · documents by category</figcaption>");
	svg_bar_chart(b, "documents by category", m->by_category.v, m->by_category.n);
	buf_puts(b, "</figure><figure><figcaption>按状态 · documents by status</figcaption>");
	svg_bar_chart(b, "documents by status", m->by_status.v, m->by_status.n);
	buf_puts(b, "</figure><figure><figcaption>改进优先得分分布 · improvement scores (ranked;"
		 " the axis spans the scores)</figcaption>");
	svg_histogram(b, "improvement score distribution", &m->scale_improvement);
	buf_puts(b, "</figure><figure><figcaption>培优就绪得分分布 · excellence scores (ranked;"
		 " the axis spans the scores)</figcaption>");
	svg_histogram(b, "excellence score distribution", &m->scale_excellence);
	buf_puts(b, "</figure>");
	if (m->by_check.n) {
		size_t n = m->by_check.n < 12 ? m->by_check.n : 12;
		buf_puts(b, "<figure><figcaption>发现按检查项 · findings by check</figcaption>");
		svg_bar_chart(b, "findings by check", m->by_check.v, n);
		/* what each code checks, in Chinese, beside the chart */
		buf_puts(b, "<table id=\"check-titles\"><thead><tr><th>检查 check</th><th>说明</th>"
			 "<th class=\"num\">发现</th></tr></thead><tbody>");
		for (size_t i = 0; i < m->by_check.n; i++) {
			buf_puts(b, "<tr><td><code>");
			esc(b, m->by_check.v[i].label);
			buf_puts(b, "</code></td><td>");
			esc(b, check_title(m, m->by_check.v[i].label));
			buf_printf(b, "</td><td class=\"num\">%ld</td></tr>", m->by_check.v[i].n);
		}
		buf_puts(b, "</tbody></table></figure>");
	}
	buf_puts(b, "</div></section>\n");
}

static void changes(struct sink *s, const struct model *m)
{
	struct buf *b = &s->b;
	const struct changes *c = &m->changes;
	buf_puts(b, "<section id=\"changes\" class=\"changes\"><h2>变化<span class=\"en\">"
		 "Changes since the previous report</span></h2>");
	if (c->first) {
		buf_puts(b, "<p class=\"none\" id=\"changes-first\">首次报告：没有可比较的上一次报告。"
			 " First report of this database: changes are shown from the next report on.</p>"
			 "</section>\n");
		return;
	}
	buf_printf(b, "<p class=\"meta\">compared with the report of %s (run %lld)</p>",
		   c->since, (long long)c->since_run);
	if (!c->v.n) {
		buf_puts(b, "<p class=\"none\" id=\"changes-none\">无变化 · No changes.</p></section>\n");
		return;
	}
	size_t i = 0;
	for (int k = 0; k < CH_KIND_COUNT; k++) {
		if (!c->count[k])
			continue;
		buf_printf(b, "<h3 id=\"changes-%s\">%s (%ld)</h3><ul>", change_key[k], change_title[k],
			   c->count[k]);
		for (; i < c->v.n && c->v.v[i].kind == (enum change_kind)k; i++) {
			const struct change *x = &c->v.v[i];
			buf_puts(b, "<li>");
			const struct doc *d = model_doc(m, x->doc_id);
			if (d)
				doc_link(b, d);
			else {
				buf_puts(b, "<span class=\"code\">");
				esc(b, x->code ? x->code : "(无编号)");
				buf_puts(b, "</span>");
			}
			buf_puts(b, " ");
			if (x->kind != CH_NEW && x->title) {
				esc(b, x->title);
				buf_puts(b, ": ");
			}
			esc_cut(b, x->detail, 80);
			buf_puts(b, "</li>");
			sink_drain(s);
		}
		buf_puts(b, "</ul>");
	}
	buf_puts(b, "</section>\n");
}

static int candidates(struct sink *s, const struct model *m, struct reader *r, int improvement)
{
	struct buf *b = &s->b;
	const size_t *idx = improvement ? m->improvement.v : m->excellence.v;
	size_t n = improvement ? m->improvement.n : m->excellence.n;
	if (improvement)
		buf_puts(b, "<section id=\"improvement\"><h2>改进候选<span class=\"en\">Improvement candidates"
			 "</span></h2><p class=\"meta\">Important and in need of revision: relevance combined"
			 " with the shortfall in quality, completeness, currency and technical content"
			 " (docs/analyze.md).</p>");
	else
		buf_puts(b, "<section id=\"excellence\"><h2>培优候选<span class=\"en\">Excellence candidates"
			 "</span></h2><p class=\"meta\">Strong, complete and current: the weighted mean of the"
			 " six indicators.</p>");
	if (!n) {
		buf_puts(b, "<p class=\"none\">没有参与排名的标准 · no ranked standards (run peiyou-analyze).</p>"
			 "</section>\n");
		return 0;
	}
	struct detail dt;
	memset(&dt, 0, sizeof dt);
	size_t shown = m->top > 0 && (size_t)m->top < n ? (size_t)m->top : n;
	buf_printf(b, "<ol class=\"cands\" id=\"%s-list\">", improvement ? "improvement" : "excellence");
	for (size_t k = 0; k < shown; k++) {
		const struct doc *d = &m->docs.v[idx[k]];
		if (d->findings && detail_load(r, d->id, 3, 1, &dt) != 0) {
			detail_free(&dt);
			return -1;
		}
		long rank = improvement ? d->improvement_rank : d->excellence_rank;
		double score = improvement ? d->improvement_score : d->excellence_score;
		buf_printf(b, "<li class=\"cand\"><div class=\"rank\">%ld</div><div><h3>", rank);
		doc_link(b, d);
		buf_puts(b, " ");
		esc(b, d->title_zh);
		buf_printf(b, "</h3><p class=\"meta\">%s · score %.1f · ", improvement ? "改进优先" : "培优就绪",
			   score);
		esc(b, d->category);
		if (d->status) {
			buf_puts(b, " · ");
			esc(b, d->status);
		}
		buf_printf(b, " · %ld error, %ld warning, %ld info</p><div class=\"row\">",
			   d->by_severity[SEV_ERROR], d->by_severity[SEV_WARNING], d->by_severity[SEV_INFO]);
		svg_indicator_bars(b, d);
		buf_puts(b, "<ul class=\"findings\">");
		for (size_t f = 0; d->findings && f < dt.findings.n && f < 3; f++)
			finding_item(b, d, &dt.findings.v[f]);
		if (!d->findings)
			buf_puts(b, "<li class=\"none\">no findings</li>");
		else if (d->findings > 3) {
			buf_puts(b, "<li class=\"none\"><a href=\"#");
			anchor(b, d->id, NULL);
			buf_printf(b, "\">all %ld findings</a></li>", d->findings);
		}
		buf_puts(b, "</ul></div></div></li>\n");
		sink_drain(s);
	}
	detail_free(&dt);
	buf_puts(b, "</ol>");
	if (shown < n)
		buf_printf(b, "<p class=\"meta\">%zu of %zu shown; all are in candidates.csv and report.json.</p>",
			   shown, n);
	buf_puts(b, "</section>\n");
	return 0;
}

static void rank_cell(struct buf *b, long rank)
{
	if (rank)
		buf_printf(b, "<td class=\"num\">%ld</td>", rank);
	else
		buf_puts(b, "<td class=\"num\">–</td>");
}

/* The documents of one category (NULL: out of the field), ranked first. */
static void category_table(struct sink *s, const struct model *m, const char *category,
			   int not_analysed)
{
	struct buf *b = &s->b;
	buf_puts(b, "<table><thead><tr><th>编号 code</th><th>名称 title</th><th>状态 status</th>"
		 "<th class=\"num\">改进 rank</th><th class=\"num\">培优 rank</th>");
	for (int i = 0; i < IND_COUNT; i++)
		buf_printf(b, "<th class=\"num\">%s</th>", indicator_label[i]);
	buf_puts(b, "<th class=\"num\">发现</th></tr></thead><tbody>");
	/* ranked documents in improvement order, then the others by code */
	for (int pass = 0; pass < 2; pass++) {
		size_t n = pass == 0 ? m->improvement.n : m->docs.n;
		for (size_t k = 0; k < n; k++) {
			const struct doc *d = pass == 0 ? &m->docs.v[m->improvement.v[k]] : &m->docs.v[k];
			if (pass == 1 && d->improvement_rank)
				continue;
			if (not_analysed ? d->analysed : (!d->analysed ||
			    (category ? !d->category || strcmp(d->category, category) : d->category != NULL)))
				continue;
			buf_puts(b, "<tr><td>");
			doc_link(b, d);
			buf_puts(b, "</td><td>");
			esc(b, d->title_zh);
			buf_puts(b, "</td><td>");
			esc(b, d->status);
			buf_puts(b, "</td>");
			rank_cell(b, d->improvement_rank);
			rank_cell(b, d->excellence_rank);
			for (int i = 0; i < IND_COUNT; i++) {
				if (d->has_indicator[i])
					buf_printf(b, "<td class=\"num\">%.0f</td>", d->indicator[i]);
				else
					buf_puts(b, "<td class=\"num\">–</td>");
			}
			buf_printf(b, "<td class=\"num\">%ld</td></tr>", d->findings);
			sink_drain(s);
		}
	}
	buf_puts(b, "</tbody></table>");
}

static void categories(struct sink *s, const struct model *m)
{
	struct buf *b = &s->b;
	buf_puts(b, "<section id=\"categories\"><h2>分类<span class=\"en\">Categories</span></h2>");
	for (size_t i = 0; i < m->by_category.n; i++) {
		const struct tally *t = &m->by_category.v[i];
		int out = !strcmp(t->label, "领域外"), na = !strcmp(t->label, "未分析");
		buf_printf(b, "<h3 id=\"cat-%zu\">", i + 1);
		esc(b, t->label);
		buf_printf(b, "<span class=\"en\">%ld %s%s</span></h3>", t->n, t->n == 1 ? "standard" : "standards",
			   out ? ", not in the social-management and public-service field" :
			   na ? ", not analysed yet" : "");
		if (!t->n) {
			buf_puts(b, "<p class=\"none\">—</p>");
			continue;
		}
		category_table(s, m, out || na ? NULL : t->label, na);
	}
	buf_puts(b, "</section>\n");
}

/* A clause's text with the findings' excerpts marked (first occurrence of
 * each, without overlaps; a cut excerpt's "…" is dropped first). */
static void clause_text(struct buf *b, const struct detail *d, const struct clause *c)
{
	struct range {
		size_t start, end;
	} r[32];
	size_t nr = 0;
	const char *text = c->text ? c->text : "";
	for (size_t k = 0; k < d->findings.n && nr < 32; k++) {
		const struct finding *f = &d->findings.v[k];
		if (!f->clause || strcmp(f->clause, c->num) || !f->excerpt || !*f->excerpt)
			continue;
		size_t len = strlen(f->excerpt);
		if (len >= 3 && !strcmp(f->excerpt + len - 3, "…"))
			len -= 3;
		if (!len)
			continue;
		const char *hit = memmem(text, strlen(text), f->excerpt, len);
		if (!hit)
			continue;
		size_t s = (size_t)(hit - text), e = s + len;
		int overlaps = 0;
		for (size_t j = 0; j < nr; j++)
			if (s < r[j].end && r[j].start < e)
				overlaps = 1;
		if (!overlaps)
			r[nr++] = (struct range){ s, e };
	}
	/* sort the few ranges by start */
	for (size_t i = 1; i < nr; i++)
		for (size_t j = i; j > 0 && r[j - 1].start > r[j].start; j--) {
			struct range t = r[j];
			r[j] = r[j - 1];
			r[j - 1] = t;
		}
	size_t at = 0;
	for (size_t i = 0; i < nr; i++) {
		html_escape_n(b, text + at, r[i].start - at);
		buf_puts(b, "<mark>");
		html_escape_n(b, text + r[i].start, r[i].end - r[i].start);
		buf_puts(b, "</mark>");
		at = r[i].end;
	}
	html_escape(b, text + at);
}

static void fact(struct buf *b, const char *label, const char *value)
{
	if (!value)
		return;
	buf_printf(b, "<dt>%s</dt><dd>", label);
	esc(b, value);
	buf_puts(b, "</dd>");
}

static void standard(struct buf *b, const struct model *m, const struct doc *d,
		     const struct detail *dt)
{
	buf_puts(b, "<article class=\"std\" id=\"");
	anchor(b, d->id, NULL);
	buf_puts(b, "\"><h3><span class=\"code\">");
	esc(b, d->code ? d->code : "(无编号)");
	buf_puts(b, "</span> ");
	esc(b, d->title_zh);
	buf_puts(b, "</h3><div class=\"row\" style=\"display:flex;flex-wrap:wrap;gap:24px\"><dl class=\"facts\">");
	fact(b, "英文名称", d->title_en);
	fact(b, "状态", d->status);
	fact(b, "发布", d->published);
	fact(b, "实施", d->effective);
	fact(b, "类别", d->analysed ? (d->category ? d->category : "领域外") : "未分析");
	if (d->improvement_rank)
		buf_printf(b, "<dt>改进优先</dt><dd>rank %ld · score %.1f</dd>", d->improvement_rank,
			   d->improvement_score);
	if (d->excellence_rank)
		buf_printf(b, "<dt>培优就绪</dt><dd>rank %ld · score %.1f</dd>", d->excellence_rank,
			   d->excellence_score);
	buf_printf(b, "<dt>条款</dt><dd>%ld clauses, %ld provisions, %ld requirements</dd>",
		   d->clauses, d->provisions, d->requirements);
	fact(b, "来源", d->source);
	if (d->others) {
		/* the standard's other documents: other sources, older editions */
		buf_printf(b, "<dt>其他文档</dt><dd>%ld (not ranked):<br>", d->others);
		for (const char *p = d->other_docs; p && *p;) {
			const char *nl = strchr(p, '\n');
			size_t n = nl ? (size_t)(nl - p) : strlen(p);
			html_escape_n(b, p, n);
			if (nl)
				buf_puts(b, "<br>");
			p += n + (nl != NULL);
		}
		buf_puts(b, "</dd>");
	}
	buf_puts(b, "</dl>");
	svg_indicator_bars(b, d);
	buf_puts(b, "</div>");
	if (!dt->findings.n) {
		buf_puts(b, "<p class=\"none\">no findings</p></article>\n");
		return;
	}
	/* the most severe findings first; a long tail stays in findings.csv */
	size_t shown = m->per_doc > 0 && (size_t)m->per_doc < dt->findings.n ? (size_t)m->per_doc
									     : dt->findings.n;
	buf_puts(b, "<table><thead><tr><th>级别</th><th>检查</th><th>条款</th><th>摘录 excerpt</th>"
		 "<th>说明 detail</th></tr></thead><tbody>");
	for (size_t k = 0; k < shown; k++) {
		const struct finding *f = &dt->findings.v[k];
		buf_puts(b, "<tr><td>");
		severity_badge(b, f->severity);
		buf_puts(b, "</td><td><code>");
		esc(b, f->check);
		buf_puts(b, "</code>");
		if (f->title) {
			buf_puts(b, "<br><span class=\"ctitle\">");
			esc(b, f->title);
			buf_puts(b, "</span>");
		}
		buf_puts(b, "</td><td>");
		if (f->clause && f->clause_shown) {
			buf_puts(b, "<a href=\"#");
			anchor(b, d->id, f->clause);
			buf_puts(b, "\">");
			esc(b, f->clause);
			buf_puts(b, "</a>");
		} else {
			esc(b, f->clause);
		}
		buf_puts(b, "</td><td>");
		esc(b, f->excerpt);
		buf_puts(b, "</td><td>");
		esc(b, f->message ? f->message : f->detail);
		buf_puts(b, "</td></tr>");
	}
	buf_puts(b, "</tbody></table>");
	if (shown < dt->findings.n)
		buf_printf(b, "<p class=\"meta\">%zu more findings (%zu in all) are in findings.csv"
			   " and report.json.</p>", dt->findings.n - shown, dt->findings.n);
	for (size_t k = 0; k < dt->cited.n; k++) {
		const struct clause *c = &dt->cited.v[k];
		int concerned = 0;   /* by a finding listed above */
		for (size_t f = 0; f < shown && !concerned; f++)
			concerned = dt->findings.v[f].clause && !strcmp(dt->findings.v[f].clause, c->num);
		if (!concerned)
			continue;
		buf_puts(b, "<div class=\"clause\" id=\"");
		anchor(b, d->id, c->num);
		buf_puts(b, "\"><h4>");
		esc(b, c->num);
		if (c->heading) {
			buf_puts(b, " ");
			esc(b, c->heading);
		}
		buf_puts(b, "</h4><p>");
		clause_text(b, dt, c);
		buf_puts(b, "</p></div>");
	}
	buf_puts(b, "</article>\n");
}

/* What fetching could not get: failures with their reasons, standards a
 * platform lists but does not publish, URLs gone or disallowed. */
static void fetch_section(struct sink *s, const struct model *m)
{
	struct buf *b = &s->b;
	buf_puts(b, "<section id=\"fetch\"><h2>获取问题<span class=\"en\">Fetch failures and"
		 " not-public items</span></h2>");
	if (!m->fetch_issues.n) {
		buf_puts(b, "<p class=\"none\">无 · none: every fetched URL has its document.</p>"
			 "</section>\n");
		return;
	}
	buf_printf(b, "<p class=\"meta\">%ld failed, gone or disallowed, %ld not public"
		   " (v_fetch_status, v_fetch_failures).</p>", m->fetch_failed, m->fetch_not_public);
	buf_puts(b, "<table><thead><tr><th>状态 state</th><th>编号 code</th><th>名称 title</th>"
		 "<th>网址 URL</th><th>原因 reason</th></tr></thead><tbody>");
	for (size_t i = 0; i < m->fetch_issues.n; i++) {
		const struct fetch_issue *f = &m->fetch_issues.v[i];
		buf_puts(b, "<tr><td>");
		esc(b, fetch_state_label(f->state));
		buf_puts(b, "</td><td class=\"code\">");
		esc(b, f->code);
		buf_puts(b, "</td><td>");
		esc(b, f->title);
		buf_puts(b, "</td><td class=\"code\">");
		esc_cut(b, f->url, 90);
		buf_puts(b, "</td><td>");
		esc(b, f->error);
		buf_puts(b, "</td></tr>");
		sink_drain(s);
	}
	buf_puts(b, "</tbody></table></section>\n");
}

int write_html(struct sink *s, const struct model *m, struct reader *r)
{
	struct buf *out = &s->b;
	header(out, m);
	overview(out, m);
	changes(s, m);
	if (candidates(s, m, r, 1) != 0 || candidates(s, m, r, 0) != 0)
		return -1;
	categories(s, m);
	buf_puts(out, "<section id=\"standards\"><h2>标准<span class=\"en\">Standards</span></h2>"
		 "<p class=\"meta\">Each standard with its findings; a clause number links to the"
		 " clause's text, the excerpt marked.</p>");
	/* every finding: the marks in a clause's text come from all of them */
	struct detail dt;
	memset(&dt, 0, sizeof dt);
	for (size_t i = 0; i < m->docs.n; i++) {
		const struct doc *d = &m->docs.v[i];
		if (d->findings && detail_load(r, d->id, 0, 1, &dt) != 0) {
			detail_free(&dt);
			return -1;
		}
		if (!d->findings)
			detail_clear(&dt);
		standard(out, m, d, &dt);
		sink_drain(s);
	}
	detail_free(&dt);
	if (!m->docs.n)
		buf_puts(out, "<p class=\"none\">no standards in the database</p>");
	buf_puts(out, "</section>\n");
	fetch_section(s, m);
	buf_puts(out, "</main>\n<footer>peiyou-report " PEIYOU_VERSION
		 " · report.md, candidates.csv, findings.csv, documents.csv and report.json"
		 " beside this file hold the same data</footer>\n</body>\n</html>\n");
	return 0;
}
