/* csv.c - candidates.csv, findings.csv and documents.csv.
 *
 * RFC 4180: CRLF line ends, every text field quoted with inner quotes
 * doubled (csv_field), numbers bare.  The files start with a UTF-8 byte
 * order mark so that spreadsheet programs open the Chinese text as UTF-8;
 * a text cell that would start a formula (=, +, -, @) gets a leading
 * apostrophe.  Column names are English and stable (docs/report.md).
 * Rows are streamed: a document's findings are read when its rows are
 * written (detail.c) and the sink is drained after each document. */
#include "report.h"

#include <stdio.h>
#include <string.h>

static const char bom[] = "\xef\xbb\xbf";

static void text(struct buf *b, const char *s)
{
	csv_field(b, s);
	buf_putc(b, ',');
}

static void num(struct buf *b, double v)
{
	buf_printf(b, "%.2f,", v);
}

static void count(struct buf *b, long v)
{
	buf_printf(b, "%ld,", v);
}

static void rank(struct buf *b, long r)
{
	if (r)
		buf_printf(b, "%ld", r);
	buf_putc(b, ',');
}

/* Replace the trailing comma of a row with the line end. */
static void end_row(struct buf *b)
{
	if (b->len && b->p[b->len - 1] == ',')
		buf_truncate(b, b->len - 1);
	buf_puts(b, "\r\n");
}

int write_candidates_csv(struct sink *s, const struct model *m, struct reader *r)
{
	struct buf *out = &s->b;
	struct detail dt;
	memset(&dt, 0, sizeof dt);
	int rc = 0;
	buf_puts(out, bom);
	buf_puts(out, "improvement_rank,excellence_rank,doc_id,code,title_zh,category,status,"
		 "improvement_score,excellence_score");
	for (int i = 0; i < IND_COUNT; i++)
		buf_printf(out, ",%s", indicator_key[i]);
	buf_puts(out, ",errors,warnings,infos,top_finding\r\n");
	for (size_t k = 0; k < m->improvement.n && rc == 0; k++) {
		const struct doc *d = &m->docs.v[m->improvement.v[k]];
		if (d->findings && detail_load(r, d->id, 1, 0, &dt) != 0) {
			rc = -1;
			break;
		}
		rank(out, d->improvement_rank);
		rank(out, d->excellence_rank);
		count(out, (long)d->id);
		text(out, d->code);
		text(out, d->title_zh);
		text(out, d->category);
		text(out, d->status);
		num(out, d->improvement_score);
		num(out, d->excellence_score);
		for (int i = 0; i < IND_COUNT; i++) {
			if (d->has_indicator[i])
				num(out, d->indicator[i]);
			else
				buf_putc(out, ',');
		}
		for (int s = 0; s < SEV_COUNT; s++)
			count(out, d->by_severity[s]);
		if (d->findings && dt.findings.n) {
			const struct finding *f = &dt.findings.v[0];
			struct buf t = BUF_INIT;
			finding_summary(&t, f);
			text(out, t.p);
			buf_free(&t);
		} else {
			buf_putc(out, ',');     /* an empty last field */
		}
		end_row(out);
		sink_drain(s);
	}
	detail_free(&dt);
	return rc;
}

int write_findings_csv(struct sink *s, const struct model *m, struct reader *r)
{
	struct buf *out = &s->b;
	struct detail dt;
	memset(&dt, 0, sizeof dt);
	int rc = 0;
	buf_puts(out, bom);
	buf_puts(out, "doc_id,code,title_zh,check_code,check_title,severity,clause,excerpt,detail,message\r\n");
	for (size_t i = 0; i < m->docs.n; i++) {
		const struct doc *d = &m->docs.v[i];
		if (!d->findings)
			continue;
		if (detail_load(r, d->id, 0, 0, &dt) != 0) {
			rc = -1;
			break;
		}
		for (size_t k = 0; k < dt.findings.n; k++) {
			const struct finding *f = &dt.findings.v[k];
			count(out, (long)d->id);
			text(out, d->code);
			text(out, d->title_zh);
			text(out, f->check);
			text(out, f->title);
			text(out, severity_key[f->severity]);
			text(out, f->clause);
			text(out, f->excerpt);
			text(out, f->detail);
			text(out, f->message);
			end_row(out);
		}
		sink_drain(s);
	}
	detail_free(&dt);
	return rc;
}

int write_documents_csv(struct sink *s, const struct model *m, struct reader *r)
{
	(void)r;                    /* the model has all it shows */
	struct buf *out = &s->b;
	buf_puts(out, bom);
	buf_puts(out, "doc_id,code,title_zh,title_en,status,published,effective,category,field_score,"
		 "improvement_rank,excellence_rank,clauses,provisions,requirements,findings,errors,"
		 "warnings,infos,content_sha256,source\r\n");
	for (size_t i = 0; i < m->docs.n; i++) {
		const struct doc *d = &m->docs.v[i];
		count(out, (long)d->id);
		text(out, d->code);
		text(out, d->title_zh);
		text(out, d->title_en);
		text(out, d->status);
		text(out, d->published);
		text(out, d->effective);
		text(out, d->analysed ? (d->category ? d->category : "-") : NULL);
		if (d->analysed)
			num(out, d->field_score);
		else
			buf_putc(out, ',');
		rank(out, d->improvement_rank);
		rank(out, d->excellence_rank);
		count(out, d->clauses);
		count(out, d->provisions);
		count(out, d->requirements);
		count(out, d->findings);
		for (int s = 0; s < SEV_COUNT; s++)
			count(out, d->by_severity[s]);
		text(out, d->sha256);
		text(out, d->source);
		end_row(out);
		sink_drain(s);
	}
	return 0;
}
