/* store.c - an extracted document into the database.
 *
 * A document's rows are replaced as a whole: the documents row is upserted
 * by source, every child table's rows for it are deleted and written again.
 * The caller wraps this in a transaction (a savepoint per document inside
 * a batch), so a reader or a crash never sees half a document. */
#include "output.h"
#include "buf.h"
#include "convert.h"
#include "db.h"
#include "jsonw.h"
#include "log.h"
#include "version.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
	S_LOOKUP, S_TOUCH, S_UPSERT,
	S_DEL_ELEMENTS, S_DEL_CLAUSES, S_DEL_TERMS, S_DEL_REFS, S_DEL_ANOMALIES, S_DEL_TOC,
	S_ELEMENT, S_CLAUSE, S_TERM, S_REF, S_ANOMALY, S_TOC,
	S_FORMAT, S_DEL_REPAIRS, S_REPAIR, S_RENAME, S_META,
	S_COUNT
};

static const char *const sql[S_COUNT] = {
	/* a document that waits for OCR is looked at again on every run */
	[S_LOOKUP] = "SELECT id, file_size, file_mtime_ns,"
		     " CASE WHEN extract_status = 'needs_ocr' THEN 0 ELSE extractor_version END,"
		     " content_sha256,"
		     " extract_status = 'failed' FROM documents WHERE source = ?",
	[S_TOUCH] = "UPDATE documents SET file_size = ?, file_mtime_ns = ? WHERE id = ?",
	[S_UPSERT] =
		"INSERT INTO documents (source, content_sha256, file_size, file_mtime_ns,"
		" extractor_version, extracted_at, run_id, extract_status, extract_error,"
		" code, code_prefix, code_number, code_year, title_zh, title_en, status,"
		" published, effective, proposer, responsible, drafting_basis, drafting_orgs,"
		" drafters, header_code, header_code_other, page_headers, page_numbers, chars)"
		" VALUES (?1, ?2, ?3, ?4, ?5, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?6, ?7, ?8,"
		" ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24,"
		" ?25, ?26, ?27)"
		" ON CONFLICT (source) DO UPDATE SET content_sha256 = ?2, file_size = ?3,"
		" file_mtime_ns = ?4, extractor_version = ?5,"
		" extracted_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), run_id = ?6,"
		" extract_status = ?7, extract_error = ?8, code = ?9, code_prefix = ?10,"
		" code_number = ?11, code_year = ?12, title_zh = ?13, title_en = ?14, status = ?15,"
		" published = ?16, effective = ?17, proposer = ?18, responsible = ?19,"
		" drafting_basis = ?20, drafting_orgs = ?21, drafters = ?22, header_code = ?23,"
		" header_code_other = ?24, page_headers = ?25, page_numbers = ?26, chars = ?27"
		" RETURNING id",
	[S_DEL_ELEMENTS] = "DELETE FROM elements WHERE doc_id = ?",
	[S_DEL_CLAUSES] = "DELETE FROM clauses WHERE doc_id = ?",
	[S_DEL_TERMS] = "DELETE FROM terms WHERE doc_id = ?",
	[S_DEL_REFS] = "DELETE FROM refs WHERE doc_id = ?",
	[S_DEL_ANOMALIES] = "DELETE FROM anomalies WHERE doc_id = ?",
	[S_DEL_TOC] = "DELETE FROM toc WHERE doc_id = ?",
	[S_ELEMENT] = "INSERT INTO elements VALUES (?, ?, ?, ?)",
	[S_CLAUSE] = "INSERT INTO clauses VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[S_TERM] = "INSERT INTO terms VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	[S_REF] = "INSERT INTO refs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[S_ANOMALY] = "INSERT INTO anomalies VALUES (?, ?, ?, ?, ?)",
	[S_TOC] = "INSERT INTO toc VALUES (?, ?, ?, ?, ?)",
	/* conversion facts (migration 3) */
	[S_FORMAT] = "UPDATE documents SET source_format = ?1, encoding = ?2, converter = ?3,"
		     " converter_version = ?4, pages = ?5, ocr = ?6, conversion_warnings = ?7,"
		     " furniture_removed = ?8, publisher = ?9,"
		     " extract_status = coalesce(?10, extract_status) WHERE id = ?11",
	[S_DEL_REPAIRS] = "DELETE FROM repairs WHERE doc_id = ?",
	[S_REPAIR] = "INSERT INTO repairs VALUES (?, ?, ?, ?, ?, ?)",
	[S_RENAME] = "UPDATE documents SET source = ? WHERE id = ?",
	/* platform metadata (migration 7) */
	[S_META] = "UPDATE documents SET ics = ?1, ccs = ?2, industry = ?3, org_category = ?4,"
		   " org_scope = ?5, authority = ?6, committee = ?7, page_drafters = ?8,"
		   " page_orgs = ?9, page_scope = ?10, main_content = ?11, patent = ?12,"
		   " text_url = ?13, platform_meta = ?14, metadata_only = ?15,"
		   " publisher = coalesce(publisher, ?17), patent_notice = ?18 WHERE id = ?16",
};

struct store {
	sqlite3 *db;
	sqlite3_stmt *st[S_COUNT];
};

struct store *store_open(sqlite3 *db, char *err, size_t errlen)
{
	struct store *s = calloc(1, sizeof *s);
	if (!s) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	s->db = db;
	for (int i = 0; i < S_COUNT; i++)
		if (db_prepare(db, sql[i], &s->st[i], err, errlen) != 0) {
			store_close(s);
			return NULL;
		}
	return s;
}

void store_close(struct store *s)
{
	if (!s)
		return;
	for (int i = 0; i < S_COUNT; i++)
		sqlite3_finalize(s->st[i]);
	free(s);
}

int store_lookup(struct store *s, const char *source, struct known *k)
{
	sqlite3_stmt *st = s->st[S_LOOKUP];
	memset(k, 0, sizeof *k);
	sqlite3_bind_text(st, 1, source, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		k->id = sqlite3_column_int64(st, 0);
		k->size = sqlite3_column_int64(st, 1);
		k->mtime_ns = sqlite3_column_int64(st, 2);
		k->version = sqlite3_column_int(st, 3);
		const unsigned char *h = sqlite3_column_text(st, 4);
		snprintf(k->sha256, sizeof k->sha256, "%s", h ? (const char *)h : "");
		k->failed = sqlite3_column_int(st, 5);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

int store_touch(struct store *s, int64_t id, int64_t size, int64_t mtime_ns)
{
	sqlite3_stmt *st = s->st[S_TOUCH];
	sqlite3_bind_int64(st, 1, size);
	sqlite3_bind_int64(st, 2, mtime_ns);
	sqlite3_bind_int64(st, 3, id);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int store_rename(struct store *s, int64_t id, const char *source, char *err, size_t errlen)
{
	sqlite3_stmt *st = s->st[S_RENAME];
	sqlite3_bind_text(st, 1, source, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, id);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		snprintf(err, errlen, "database write failed: %s", sqlite3_errmsg(s->db));
		return -1;
	}
	return 0;
}

/* Step a fully bound insert; reset it for the next use. */
static int run(struct store *s, int i, char *err, size_t errlen)
{
	int rc = sqlite3_step(s->st[i]);
	sqlite3_reset(s->st[i]);
	if (rc != SQLITE_DONE) {
		snprintf(err, errlen, "database write failed: %s", sqlite3_errmsg(s->db));
		return -1;
	}
	return 0;
}

static char *names_json(const char *const *v, size_t n, int present)
{
	if (!present)
		return NULL;
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(v[i]));
	char *out = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	return out;
}

/* The JSON columns of one clause (schema version 6): its list items as
 * [marker, level, start, length], its notes and examples as [kind, label,
 * start, length] (kind 0 note, 1 example), its provisions as [type, verb,
 * start, length] (type: enum prov_type); start and length are a byte range
 * of the clause text (build_texts() put each paragraph at p->off), which
 * the views cut out.  *pv walks doc->provisions, which are in clause order. */
static void clause_json(const struct doc *d, const struct clause *c, int idx, size_t *pv,
			struct buf *items, struct buf *notes, struct buf *provs)
{
	items->len = notes->len = provs->len = 0;
	buf_putc(items, '[');
	buf_putc(notes, '[');
	buf_putc(provs, '[');
	for (size_t k = 0; k < c->n_para; k++) {
		const struct para *p = &d->paras.v[c->first_para + k];
		struct buf *b = p->kind == PARA_ITEM ? items :
				p->kind == PARA_NOTE || p->kind == PARA_EXAMPLE ? notes : NULL;
		if (!b)
			continue;
		if (b->len > 1)
			buf_putc(b, ',');
		if (p->kind == PARA_ITEM) {
			buf_putc(b, '[');
			jsonw_string(b, p->marker);
			buf_putc(b, ',');
			jsonw_int(b, p->level);
		} else {
			buf_puts(b, p->kind == PARA_NOTE ? "[0," : "[1,");
			jsonw_string(b, p->marker);
		}
		buf_putc(b, ',');
		if (p->text)
			jsonw_int(b, p->off);
		else
			buf_puts(b, "null");    /* no text: the views give NULL */
		buf_putc(b, ',');
		jsonw_int(b, p->text ? (long long)strlen(p->text) : 0);
		buf_putc(b, ']');
	}
	for (; *pv < d->provisions.n && d->provisions.v[*pv].clause == idx; (*pv)++) {
		const struct provision *p = &d->provisions.v[*pv];
		if (provs->len > 1)
			buf_putc(provs, ',');
		buf_putc(provs, '[');
		jsonw_int(provs, p->type);
		buf_putc(provs, ',');
		jsonw_string(provs, p->verb);
		buf_putc(provs, ',');
		jsonw_int(provs, p->start);
		buf_putc(provs, ',');
		jsonw_int(provs, p->len);
		buf_putc(provs, ']');
	}
	buf_putc(items, ']');
	buf_putc(notes, ']');
	buf_putc(provs, ']');
}

/* An arena copy of a JSON array, NULL for an empty one ("[]"). */
static const char *json_column(struct arena *a, const struct buf *b)
{
	return b->len > 2 ? arena_strndup(a, b->p, b->len) : NULL;
}

void store_prepare(struct doc *d)
{
	struct buf items = BUF_INIT, notes = BUF_INIT, provs = BUF_INIT;
	size_t pv = 0;
	for (size_t i = 0; i < d->clauses.n; i++) {
		struct clause *c = &d->clauses.v[i];
		clause_json(d, c, (int)i, &pv, &items, &notes, &provs);
		c->items_json = json_column(&d->arena, &items);
		c->notes_json = json_column(&d->arena, &notes);
		c->provs_json = json_column(&d->arena, &provs);
	}
	buf_free(&items);
	buf_free(&notes);
	buf_free(&provs);
	d->rows_ready = 1;
}

static int write_children(struct store *s, int64_t id, const struct doc *d,
			  char *err, size_t errlen)
{
	sqlite3_stmt *st;
	for (size_t i = 0; i < d->elements.n; i++) {
		st = s->st[S_ELEMENT];
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, (int64_t)i);
		db_bind_text(st, 3, d->elements.v[i].name);
		sqlite3_bind_int(st, 4, (int)d->elements.v[i].line);
		if (run(s, S_ELEMENT, err, errlen))
			return -1;
	}
	for (size_t i = 0; i < d->clauses.n; i++) {
		const struct clause *c = &d->clauses.v[i];
		st = s->st[S_CLAUSE];
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, (int64_t)i);
		db_bind_text(st, 3, c->num);
		sqlite3_bind_int(st, 4, c->level);
		db_bind_text(st, 5, c->parent >= 0 ? d->clauses.v[c->parent].num : NULL);
		db_bind_text(st, 6, clause_kind_name[c->kind]);
		db_bind_text(st, 7, c->heading);
		db_bind_textn(st, 8, c->text, c->text_len);
		db_bind_text(st, 9, c->role);
		sqlite3_bind_int(st, 10, (int)c->line);
		sqlite3_bind_int(st, 11, (int)c->start);
		sqlite3_bind_int(st, 12, (int)c->end);
		for (int t = 0; t < PROV_N; t++)
			sqlite3_bind_int(st, 13 + t, c->prov[t]);
		db_bind_text(st, 17, c->items_json);
		db_bind_text(st, 18, c->notes_json);
		db_bind_text(st, 19, c->provs_json);
		if (run(s, S_CLAUSE, err, errlen))
			return -1;
	}
	for (size_t i = 0; i < d->terms.n; i++) {
		const struct term *t = &d->terms.v[i];
		st = s->st[S_TERM];
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, (int64_t)i);
		db_bind_text(st, 3, t->num);
		db_bind_text(st, 4, t->zh);
		db_bind_text(st, 5, t->en);
		db_bind_text(st, 6, t->definition);
		db_bind_text(st, 7, t->notes);
		db_bind_text(st, 8, t->source);
		if (run(s, S_TERM, err, errlen))
			return -1;
	}
	for (size_t i = 0; i < d->refs.n; i++) {
		const struct ref *r = &d->refs.v[i];
		st = s->st[S_REF];
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, (int64_t)i);
		db_bind_text(st, 3, ref_kind_name[r->kind]);
		db_bind_text(st, 4, r->code);
		db_bind_text(st, 5, r->year);
		db_bind_text(st, 6, r->title);
		sqlite3_bind_int(st, 7, r->all_parts);
		db_bind_text(st, 8, r->clause);
		db_bind_text(st, 9, r->raw);
		if (run(s, S_REF, err, errlen))
			return -1;
	}
	for (size_t i = 0; i < d->anomalies.n; i++) {
		const struct anomaly *a = &d->anomalies.v[i];
		st = s->st[S_ANOMALY];
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, (int64_t)i);
		db_bind_text(st, 3, a->kind);
		db_bind_text(st, 4, a->clause);
		db_bind_text(st, 5, a->detail);
		if (run(s, S_ANOMALY, err, errlen))
			return -1;
	}
	for (size_t i = 0; i < d->toc.n; i++) {
		const struct toc_entry *t = &d->toc.v[i];
		st = s->st[S_TOC];
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, (int64_t)i);
		db_bind_text(st, 3, t->num);
		db_bind_text(st, 4, t->heading);
		db_bind_text(st, 5, t->page);
		if (run(s, S_TOC, err, errlen))
			return -1;
	}
	return 0;
}

/* The platform metadata of document id (d NULL: none). */
static int write_meta(struct store *s, int64_t id, const struct doc *d, char *err, size_t errlen)
{
	sqlite3_stmt *st = s->st[S_META];
	db_bind_text(st, 1, d ? d->ics : NULL);
	db_bind_text(st, 2, d ? d->ccs : NULL);
	db_bind_text(st, 3, d ? d->industry : NULL);
	db_bind_text(st, 4, d ? d->org_category : NULL);
	db_bind_text(st, 5, d ? d->org_scope : NULL);
	db_bind_text(st, 6, d ? d->authority : NULL);
	db_bind_text(st, 7, d ? d->committee : NULL);
	db_bind_text(st, 8, d ? d->page_drafters : NULL);
	db_bind_text(st, 9, d ? d->page_orgs : NULL);
	db_bind_text(st, 10, d ? d->page_scope : NULL);
	db_bind_text(st, 11, d ? d->main_content : NULL);
	if (d && d->patent)
		sqlite3_bind_int(st, 12, d->patent[0] == '1');
	else
		sqlite3_bind_null(st, 12);
	db_bind_text(st, 13, d ? d->text_url : NULL);
	db_bind_text(st, 14, d ? d->platform_meta : NULL);
	sqlite3_bind_int(st, 15, d ? d->metadata_only : 0);
	sqlite3_bind_int64(st, 16, id);
	db_bind_text(st, 17, d ? d->issuer : NULL);
	sqlite3_bind_int(st, 18, d ? d->patent_notice : 0);
	return run(s, S_META, err, errlen);
}

/* The conversion facts of document id (NULL conv: all NULL); status
 * overrides extract_status for kept documents (needs_ocr, unsupported). */
static int write_format(struct store *s, int64_t id, const struct converted *c,
			const char *status, char *err, size_t errlen)
{
	sqlite3_stmt *st = s->st[S_FORMAT];
	char *warnings = NULL;
	if (c) {
		warnings = names_json((const char *const *)c->warnings.v, c->warnings.n, 1);
		db_bind_text(st, 1, c->format);
		db_bind_text(st, 2, c->encoding[0] ? c->encoding : NULL);
		db_bind_text(st, 3, c->converter[0] ? c->converter : NULL);
		db_bind_text(st, 4, c->converter_version[0] ? c->converter_version : NULL);
		if (c->format && !strcmp(c->format, "pdf"))
			sqlite3_bind_int(st, 5, c->pages);
		else
			sqlite3_bind_null(st, 5);
		sqlite3_bind_int(st, 6, c->ocr);
		db_bind_text(st, 7, warnings);
		sqlite3_bind_int(st, 8, c->furniture);
		db_bind_text(st, 9, c->meta.publisher);
	} else {
		for (int i = 1; i <= 9; i++)
			if (i != 6)
				sqlite3_bind_null(st, i);
		sqlite3_bind_int(st, 6, 0);
	}
	db_bind_text(st, 10, status);
	sqlite3_bind_int64(st, 11, id);
	int rc = run(s, S_FORMAT, err, errlen);
	free(warnings);
	if (rc)
		return -1;
	sqlite3_bind_int64(s->st[S_DEL_REPAIRS], 1, id);
	if (run(s, S_DEL_REPAIRS, err, errlen))
		return -1;
	for (size_t i = 0; c && i < c->repairs.n; i++) {
		const struct conv_repair *r = &c->repairs.v[i];
		st = s->st[S_REPAIR];
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, (int64_t)i);
		sqlite3_bind_int(st, 3, (int)r->line);
		db_bind_text(st, 4, r->kind);
		db_bind_text(st, 5, r->before);
		db_bind_text(st, 6, r->after);
		if (run(s, S_REPAIR, err, errlen))
			return -1;
	}
	return 0;
}

int store_document(struct store *s, const char *source, const char *sha256,
		   int64_t size, int64_t mtime_ns, int64_t run_id,
		   struct doc *d, const char *error, char *err, size_t errlen)
{
	if (d && !error && !d->rows_ready)
		store_prepare(d);
	const struct converted *conv = d ? d->conv : NULL;
	if (error)
		d = NULL;   /* a failure: only the message and the format facts */
	sqlite3_stmt *st = s->st[S_UPSERT];
	char *orgs = d ? names_json(d->orgs.v, d->orgs.n, d->orgs_line) : NULL;
	char *drafters = d ? names_json(d->drafters.v, d->drafters.n, d->drafters_line) : NULL;
	db_bind_text(st, 1, source);
	db_bind_text(st, 2, sha256);
	sqlite3_bind_int64(st, 3, size);
	sqlite3_bind_int64(st, 4, mtime_ns);
	sqlite3_bind_int(st, 5, PEIYOU_EXTRACTOR_VERSION);
	sqlite3_bind_int64(st, 6, run_id);
	db_bind_text(st, 7, d ? "ok" : "failed");
	db_bind_text(st, 8, error);
	db_bind_text(st, 9, d ? d->code : NULL);
	db_bind_text(st, 10, d ? d->code_prefix : NULL);
	db_bind_text(st, 11, d ? d->code_number : NULL);
	db_bind_text(st, 12, d ? d->code_year : NULL);
	db_bind_text(st, 13, d ? d->title_zh : NULL);
	db_bind_text(st, 14, d ? d->title_en : NULL);
	db_bind_text(st, 15, d ? d->status : NULL);
	db_bind_text(st, 16, d ? d->published : NULL);
	db_bind_text(st, 17, d ? d->effective : NULL);
	db_bind_text(st, 18, d ? d->proposer : NULL);
	db_bind_text(st, 19, d ? d->responsible : NULL);
	db_bind_text(st, 20, d ? d->drafting_basis : NULL);
	db_bind_text(st, 21, orgs);
	db_bind_text(st, 22, drafters);
	db_bind_text(st, 23, d ? d->header_code : NULL);
	db_bind_text(st, 24, d ? d->header_code_other : NULL);
	sqlite3_bind_int(st, 25, d ? d->page_headers : 0);
	sqlite3_bind_int(st, 26, d ? d->page_numbers : 0);
	sqlite3_bind_int64(st, 27, d ? (int64_t)d->chars : 0);
	int rc = sqlite3_step(st);
	int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	if (rc == SQLITE_ROW)
		rc = sqlite3_step(st);
	sqlite3_reset(st);
	free(orgs);
	free(drafters);
	if (rc != SQLITE_DONE || id == 0) {
		snprintf(err, errlen, "database write failed: %s", sqlite3_errmsg(s->db));
		return -1;
	}
	for (int i = S_DEL_ELEMENTS; i <= S_DEL_TOC; i++) {
		sqlite3_bind_int64(s->st[i], 1, id);
		if (run(s, i, err, errlen))
			return -1;
	}
	if (write_format(s, id, conv, error && conv ? conv->status : NULL, err, errlen) != 0 ||
	    write_meta(s, id, d, err, errlen) != 0)
		return -1;
	return d ? write_children(s, id, d, err, errlen) : 0;
}
