/* load.c - an extracted document read back from the database. */
#include "adoc.h"
#include "db.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const indicator_name[6] = {
	"relevance", "completeness", "quality", "technical", "currency", "orientation"
};

enum { Q_DOC, Q_ELEMENTS, Q_CLAUSES, Q_TERMS, Q_REFS, Q_ANOMALIES, Q_TOC, Q_COUNT };

static const char *const sql[Q_COUNT] = {
	[Q_DOC] = "SELECT code, code_number, code_year, title_zh, title_en, status, published,"
		  " effective, drafting_basis, drafting_orgs, drafters, header_code,"
		  " header_code_other, content_sha256, chars, extractor_version,"
		  " code_prefix, source_format, publisher, proposer, responsible,"
		  " ics, ccs, industry, org_scope, authority, committee, page_scope,"
		  " main_content, metadata_only, patent_notice"
		  " FROM documents WHERE id = ?",
	[Q_ELEMENTS] = "SELECT name FROM elements WHERE doc_id = ? ORDER BY seq",
	[Q_CLAUSES] = "SELECT num, parent, kind, heading, text, role, level, requirement,"
		      " recommendation, permission, possibility, provisions"
		      " FROM clauses WHERE doc_id = ? ORDER BY seq",
	[Q_TERMS] = "SELECT num, zh, en, definition, source FROM terms WHERE doc_id = ? ORDER BY seq",
	[Q_REFS] = "SELECT kind, code, year, title, clause, raw, all_parts FROM refs WHERE doc_id = ? ORDER BY seq",
	[Q_ANOMALIES] = "SELECT kind, clause, detail FROM anomalies WHERE doc_id = ? ORDER BY seq",
	[Q_TOC] = "SELECT num, heading, page FROM toc WHERE doc_id = ? ORDER BY seq",
};

struct loader {
	sqlite3 *db;
	sqlite3_stmt *st[Q_COUNT];
};

struct loader *loader_open(sqlite3 *db, char *err, size_t errlen)
{
	struct loader *l = calloc(1, sizeof *l);
	if (!l) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	l->db = db;
	for (int i = 0; i < Q_COUNT; i++)
		if (db_prepare(db, sql[i], &l->st[i], err, errlen) != 0) {
			loader_close(l);
			return NULL;
		}
	return l;
}

void loader_close(struct loader *l)
{
	if (!l)
		return;
	for (int i = 0; i < Q_COUNT; i++)
		sqlite3_finalize(l->st[i]);
	free(l);
}

/* Column i as a string copied into the arena, NULL for SQL NULL. */
static const char *col(struct adoc *d, sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);
	return s ? arena_strndup(&d->arena, (const char *)s, (size_t)sqlite3_column_bytes(st, i)) : NULL;
}

static void reset(struct adoc *d)
{
	struct adoc keep = *d;
	arena_reset(&keep.arena);
	memset(d, 0, sizeof *d);
	d->arena = keep.arena;
#define KEEP(f) (d->f = keep.f, vec_clear(&d->f))
	KEEP(elements); KEEP(clauses); KEEP(provs); KEEP(terms); KEEP(refs);
	KEEP(anomalies); KEEP(toc); KEEP(evidence); KEEP(findings); KEEP(orient);
#undef KEEP
	d->primary = -1;
}

void adoc_free(struct adoc *d)
{
	arena_free(&d->arena);
	vec_free(&d->elements); vec_free(&d->clauses); vec_free(&d->provs);
	vec_free(&d->terms); vec_free(&d->refs); vec_free(&d->anomalies);
	vec_free(&d->toc); vec_free(&d->evidence); vec_free(&d->findings);
	vec_free(&d->orient);
}

/* The provision types by the code clauses.provisions stores (schema
 * version 6, as v_provisions names them). */
static const char *const prov_type[4] = {
	"requirement", "recommendation", "permission", "possibility"
};

/* Provisions of clause c from its JSON column: [type, verb, start, len]
 * with the type as its code and the sentence a byte range of the clause
 * text. */
static void add_provisions(struct adoc *d, int c, const char *json, size_t jlen)
{
	const char *text = d->clauses.v[c].text;
	size_t tlen = text ? strlen(text) : 0;
	json_error_t e;
	json_t *a = json_loadb(json, jlen, 0, &e);
	if (!json_is_array(a)) {
		json_decref(a);
		return;
	}
	size_t i;
	json_t *p;
	json_array_foreach(a, i, p) {
		json_int_t type = json_integer_value(json_array_get(p, 0));
		json_int_t start = json_integer_value(json_array_get(p, 2));
		json_int_t len = json_integer_value(json_array_get(p, 3));
		if (!json_is_integer(json_array_get(p, 0)) || type < 0 || type > 3 ||
		    start < 0 || len < 0 || (size_t)(start + len) > tlen)
			continue;
		struct aprov *ap = vec_push(&d->provs);
		ap->clause = c;
		ap->type = prov_type[type];
		ap->verb = arena_strdup(&d->arena, json_string_value(json_array_get(p, 1)) ?: "");
		ap->text = arena_strndup(&d->arena, text + start, (size_t)len);
	}
	json_decref(a);
}

void load_provisions(struct adoc *d)
{
	d->provs.n = 0;
	for (size_t c = 0; c < d->clauses.n; c++)
		if (d->clauses.v[c].prov_json)
			add_provisions(d, (int)c, d->clauses.v[c].prov_json,
				       d->clauses.v[c].prov_json_len);
}

static int step_error(struct loader *l, int rc, char *err, size_t errlen)
{
	if (rc == SQLITE_DONE)
		return 0;
	snprintf(err, errlen, "database read failed: %s", sqlite3_errmsg(l->db));
	return -1;
}

int load_document(struct loader *l, int64_t id, struct adoc *d, char *err, size_t errlen)
{
	reset(d);
	d->id = id;
	sqlite3_stmt *st;
	int rc;
	for (int q = 0; q < Q_COUNT; q++) {
		sqlite3_reset(l->st[q]);
		sqlite3_bind_int64(l->st[q], 1, id);
	}
	st = l->st[Q_DOC];
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		snprintf(err, errlen, "document %lld not found", (long long)id);
		return -1;
	}
	d->code = col(d, st, 0); d->code_number = col(d, st, 1); d->code_year = col(d, st, 2);
	d->title_zh = col(d, st, 3); d->title_en = col(d, st, 4); d->status = col(d, st, 5);
	d->published = col(d, st, 6); d->effective = col(d, st, 7);
	d->drafting_basis = col(d, st, 8); d->orgs = col(d, st, 9); d->drafters = col(d, st, 10);
	d->header_code = col(d, st, 11); d->header_code_other = col(d, st, 12);
	d->sha256 = col(d, st, 13);
	d->chars = sqlite3_column_int(st, 14);
	d->extractor_version = sqlite3_column_int(st, 15);
	d->code_prefix = col(d, st, 16); d->source_format = col(d, st, 17);
	d->publisher = col(d, st, 18); d->proposer = col(d, st, 19); d->responsible = col(d, st, 20);
	d->ics = col(d, st, 21); d->ccs = col(d, st, 22); d->industry = col(d, st, 23);
	d->org_scope = col(d, st, 24); d->authority = col(d, st, 25); d->committee = col(d, st, 26);
	d->page_scope = col(d, st, 27); d->main_content = col(d, st, 28);
	d->metadata_only = sqlite3_column_int(st, 29);
	d->patent_notice = sqlite3_column_int(st, 30);

	st = l->st[Q_ELEMENTS];
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*vec_push(&d->elements) = col(d, st, 0);
	if (step_error(l, rc, err, errlen))
		return -1;

	st = l->st[Q_CLAUSES];
	int chapter = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct aclause *c = vec_push(&d->clauses);
		c->num = col(d, st, 0); c->parent = col(d, st, 1); c->kind = col(d, st, 2);
		c->heading = col(d, st, 3); c->text = col(d, st, 4); c->role = col(d, st, 5);
		c->level = sqlite3_column_int(st, 6);
		c->requirement = sqlite3_column_int(st, 7);
		c->recommendation = sqlite3_column_int(st, 8);
		c->permission = sqlite3_column_int(st, 9);
		c->possibility = sqlite3_column_int(st, 10);
		if (strcmp(c->kind, "chapter") == 0)
			chapter = atoi(c->num);
		else if (strcmp(c->kind, "annex") == 0)
			chapter = 0;
		c->chapter = chapter;
		if (c->parent)
			for (size_t k = d->clauses.n - 1; k-- > 0;)
				if (strcmp(d->clauses.v[k].num, c->parent) == 0) {
					d->clauses.v[k].n_children++;
					break;
				}
		c->prov_json = col(d, st, 11);
		c->prov_json_len = c->prov_json ? (size_t)sqlite3_column_bytes(st, 11) : 0;
	}
	if (step_error(l, rc, err, errlen))
		return -1;

	st = l->st[Q_TERMS];
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct aterm *t = vec_push(&d->terms);
		t->num = col(d, st, 0); t->zh = col(d, st, 1); t->en = col(d, st, 2);
		t->definition = col(d, st, 3); t->source = col(d, st, 4);
	}
	if (step_error(l, rc, err, errlen))
		return -1;

	st = l->st[Q_REFS];
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct aref *r = vec_push(&d->refs);
		r->kind = col(d, st, 0); r->code = col(d, st, 1); r->year = col(d, st, 2);
		r->title = col(d, st, 3); r->clause = col(d, st, 4); r->raw = col(d, st, 5);
		r->all_parts = sqlite3_column_int(st, 6);
	}
	if (step_error(l, rc, err, errlen))
		return -1;

	st = l->st[Q_ANOMALIES];
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct aanom *a = vec_push(&d->anomalies);
		a->kind = col(d, st, 0); a->clause = col(d, st, 1); a->detail = col(d, st, 2);
	}
	if (step_error(l, rc, err, errlen))
		return -1;

	st = l->st[Q_TOC];
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct atoc *t = vec_push(&d->toc);
		t->num = col(d, st, 0); t->heading = col(d, st, 1); t->page = col(d, st, 2);
	}
	if (step_error(l, rc, err, errlen))
		return -1;
	for (int q = 0; q < Q_COUNT; q++)
		sqlite3_reset(l->st[q]);
	return 0;
}
