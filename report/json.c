/* json.c - report.json: the report's data for programs (docs/report.md).
 *
 * One object with jansson: report (when, from what), corpus (the numbers
 * at a glance), improvement and excellence (the rankings as references to
 * documents), documents (each with indicators and findings) and changes.
 * Keys may be added in later versions; none is renamed or removed without
 * a note in CHANGELOG.md. */
#include "report.h"
#include "version.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static json_t *str(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *score(double v)
{
	/* two decimals are what the tables show; more is noise */
	return json_real((double)(long long)(v * 100 + (v >= 0 ? 0.5 : -0.5)) / 100);
}

static json_t *rank_or_null(long r)
{
	return r ? json_integer(r) : json_null();
}

static json_t *corpus(const struct model *m)
{
	json_t *c = json_object();
	json_object_set_new(c, "documents", json_integer((json_int_t)m->docs.n));
	json_object_set_new(c, "in_field", json_integer(m->in_field));
	json_object_set_new(c, "ranked", json_integer((json_int_t)m->improvement.n));
	json_object_set_new(c, "not_analysed", json_integer(m->not_analysed));
	json_object_set_new(c, "extraction_failures", json_integer(m->extract_failures));
	json_t *f = json_object();
	json_object_set_new(f, "total", json_integer(m->findings));
	for (int s = 0; s < SEV_COUNT; s++)
		json_object_set_new(f, severity_key[s], json_integer(m->by_severity[s]));
	json_object_set_new(c, "findings", f);
	json_t *cat = json_array();
	for (size_t i = 0; i < m->by_category.n; i++) {
		const struct tally *t = &m->by_category.v[i];
		if (!strcmp(t->label, "未分析"))
			continue;           /* that is not_analysed above */
		json_t *o = json_object();
		json_object_set_new(o, "category", strcmp(t->label, "领域外") ? json_string(t->label)
									    : json_null());
		json_object_set_new(o, "documents", json_integer(t->n));
		json_array_append_new(cat, o);
	}
	json_object_set_new(c, "by_category", cat);
	json_t *st = json_array();
	for (size_t i = 0; i < m->by_status.n; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "status", json_string(m->by_status.v[i].label));
		json_object_set_new(o, "documents", json_integer(m->by_status.v[i].n));
		json_array_append_new(st, o);
	}
	json_object_set_new(c, "by_status", st);
	json_t *ck = json_array();
	for (size_t i = 0; i < m->by_check.n; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "check", json_string(m->by_check.v[i].label));
		json_object_set_new(o, "findings", json_integer(m->by_check.v[i].n));
		json_array_append_new(ck, o);
	}
	json_object_set_new(c, "by_check", ck);
	json_t *h = json_object(), *lo = json_array(), *hi = json_array(), *ei = json_array();
	for (int i = 0; i < HIST_BINS; i++) {
		json_array_append_new(lo, json_integer(i * 10));
		json_array_append_new(hi, json_integer(m->hist_improvement[i]));
		json_array_append_new(ei, json_integer(m->hist_excellence[i]));
	}
	json_object_set_new(h, "bin_start", lo);
	json_object_set_new(h, "bin_width", json_integer(10));
	json_object_set_new(h, "improvement", hi);
	json_object_set_new(h, "excellence", ei);
	json_object_set_new(c, "score_histograms", h);
	return c;
}

static json_t *ranking(const struct model *m, int improvement)
{
	json_t *a = json_array();
	const size_t *idx = improvement ? m->improvement.v : m->excellence.v;
	size_t n = improvement ? m->improvement.n : m->excellence.n;
	for (size_t k = 0; k < n; k++) {
		const struct doc *d = &m->docs.v[idx[k]];
		json_t *o = json_object();
		json_object_set_new(o, "rank", json_integer(improvement ? d->improvement_rank
									: d->excellence_rank));
		json_object_set_new(o, "doc_id", json_integer(d->id));
		json_object_set_new(o, "code", str(d->code));
		json_object_set_new(o, "title_zh", str(d->title_zh));
		json_object_set_new(o, "category", str(d->category));
		json_object_set_new(o, "score", score(improvement ? d->improvement_score
								   : d->excellence_score));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *document(const struct doc *d)
{
	json_t *o = json_object();
	json_object_set_new(o, "doc_id", json_integer(d->id));
	json_object_set_new(o, "code", str(d->code));
	json_object_set_new(o, "title_zh", str(d->title_zh));
	json_object_set_new(o, "title_en", str(d->title_en));
	json_object_set_new(o, "status", str(d->status));
	json_object_set_new(o, "published", str(d->published));
	json_object_set_new(o, "effective", str(d->effective));
	json_object_set_new(o, "source", str(d->source));
	json_object_set_new(o, "content_sha256", str(d->sha256));
	json_object_set_new(o, "analysed", json_boolean(d->analysed));
	json_object_set_new(o, "category", str(d->category));
	json_object_set_new(o, "field_score", d->analysed ? score(d->field_score) : json_null());
	json_t *r = json_object();
	json_object_set_new(r, "improvement_rank", rank_or_null(d->improvement_rank));
	json_object_set_new(r, "improvement_score", d->ranked ? score(d->improvement_score) : json_null());
	json_object_set_new(r, "excellence_rank", rank_or_null(d->excellence_rank));
	json_object_set_new(r, "excellence_score", d->ranked ? score(d->excellence_score) : json_null());
	json_object_set_new(o, "ranking", r);
	json_t *ind = json_object();
	for (int i = 0; i < IND_COUNT; i++)
		json_object_set_new(ind, indicator_key[i],
				    d->has_indicator[i] ? score(d->indicator[i]) : json_null());
	json_object_set_new(o, "indicators", ind);
	json_t *cnt = json_object();
	json_object_set_new(cnt, "clauses", json_integer(d->clauses));
	json_object_set_new(cnt, "provisions", json_integer(d->provisions));
	json_object_set_new(cnt, "requirements", json_integer(d->requirements));
	for (int s = 0; s < SEV_COUNT; s++)
		json_object_set_new(cnt, severity_key[s], json_integer(d->by_severity[s]));
	json_object_set_new(o, "counts", cnt);
	json_t *fs = json_array();
	for (size_t k = 0; k < d->findings.n; k++) {
		const struct finding *f = &d->findings.v[k];
		json_t *x = json_object();
		json_object_set_new(x, "check", str(f->check));
		json_object_set_new(x, "title", str(f->title));
		json_object_set_new(x, "severity", json_string(severity_key[f->severity]));
		json_object_set_new(x, "clause", str(f->clause));
		json_object_set_new(x, "excerpt", str(f->excerpt));
		json_object_set_new(x, "detail", str(f->detail));
		json_array_append_new(fs, x);
	}
	json_object_set_new(o, "findings", fs);
	return o;
}

static json_t *changes(const struct model *m)
{
	const struct changes *c = &m->changes;
	json_t *o = json_object();
	json_object_set_new(o, "first", json_boolean(c->first));
	json_object_set_new(o, "since", c->first ? json_null() : json_string(c->since));
	json_object_set_new(o, "since_run", c->first ? json_null() : json_integer(c->since_run));
	json_object_set_new(o, "total", json_integer((json_int_t)c->v.n));
	json_t *lists[CH_KIND_COUNT];
	for (int k = 0; k < CH_KIND_COUNT; k++) {
		lists[k] = json_array();
		json_object_set_new(o, change_key[k], lists[k]);
	}
	for (size_t i = 0; i < c->v.n; i++) {
		const struct change *x = &c->v.v[i];
		json_t *e = json_object();
		json_object_set_new(e, "doc_id", json_integer(x->doc_id));
		json_object_set_new(e, "code", str(x->code));
		json_object_set_new(e, "title_zh", str(x->title));
		switch (x->kind) {
		case CH_CHANGED:
		case CH_WITHDRAWN:
			json_object_set_new(e, "detail", str(x->detail));
			break;
		case CH_RANK:
			json_object_set_new(e, "ranking", json_string(x->ranking));
			json_object_set_new(e, "from", rank_or_null(x->from));
			json_object_set_new(e, "to", rank_or_null(x->to));
			break;
		case CH_FINDING_NEW:
		case CH_FINDING_RESOLVED:
			json_object_set_new(e, "check", str(x->check));
			json_object_set_new(e, "clause", str(x->clause));
			json_object_set_new(e, "excerpt", str(x->excerpt));
			break;
		default:
			break;
		}
		json_array_append_new(lists[x->kind], e);
	}
	return o;
}

int write_json(struct buf *out, const struct model *m)
{
	json_t *root = json_object();
	json_t *r = json_object();
	json_object_set_new(r, "version", json_string(PEIYOU_VERSION));
	json_object_set_new(r, "generated", json_string(m->generated));
	json_object_set_new(r, "database", str(m->db_path));
	json_object_set_new(r, "run", json_integer(m->run_id));
	json_object_set_new(r, "ranking_run", m->ranking_run ? json_integer(m->ranking_run) : json_null());
	json_object_set_new(r, "ranking_started", m->ranking_run ? json_string(m->ranking_time)
								 : json_null());
	json_object_set_new(root, "report", r);
	json_object_set_new(root, "corpus", corpus(m));
	json_object_set_new(root, "improvement", ranking(m, 1));
	json_object_set_new(root, "excellence", ranking(m, 0));
	json_t *docs = json_array();
	for (size_t i = 0; i < m->docs.n; i++)
		json_array_append_new(docs, document(&m->docs.v[i]));
	json_object_set_new(root, "documents", docs);
	json_object_set_new(root, "changes", changes(m));
	char *s = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
	json_decref(root);
	if (!s)
		return -1;
	buf_puts(out, s);
	buf_putc(out, '\n');
	free(s);
	return 0;
}
