/* json.c - one document's extraction as JSON (peiyou-extract --json).
 *
 * The shape is a contract with users (docs/extract-json.md): keys may be
 * added, never renamed or removed without a changelog entry. */
#include "output.h"
#include "convert.h"

#include <jansson.h>
#include <stdio.h>

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *string_array(const char *const *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

static json_t *clause_json(const struct doc *d, const struct clause *c)
{
	json_t *o = json_object();
	json_object_set_new(o, "num", json_string(c->num));
	json_object_set_new(o, "level", json_integer(c->level));
	json_object_set_new(o, "parent",
			    c->parent >= 0 ? json_string(d->clauses.v[c->parent].num) : json_null());
	json_object_set_new(o, "kind", json_string(clause_kind_name[c->kind]));
	json_object_set_new(o, "heading", str_or_null(c->heading));
	if (c->role)
		json_object_set_new(o, "role", json_string(c->role));
	json_object_set_new(o, "text", str_or_null(c->text));
	json_t *items = json_array(), *notes = json_array();
	for (size_t k = 0; k < c->n_para; k++) {
		const struct para *p = &d->paras.v[c->first_para + k];
		if (p->kind == PARA_ITEM) {
			json_t *it = json_object();
			json_object_set_new(it, "marker", json_string(p->marker));
			json_object_set_new(it, "level", json_integer(p->level));
			json_object_set_new(it, "text", json_string(p->text));
			json_array_append_new(items, it);
		} else if (p->kind == PARA_NOTE || p->kind == PARA_EXAMPLE) {
			json_t *nt = json_object();
			json_object_set_new(nt, "kind", json_string(p->kind == PARA_NOTE ? "note" : "example"));
			json_object_set_new(nt, "label", json_string(p->marker));
			json_object_set_new(nt, "text", json_string(p->text));
			json_array_append_new(notes, nt);
		}
	}
	json_object_set_new(o, "items", items);
	json_object_set_new(o, "notes", notes);
	json_t *pv = json_object();
	for (int t = 0; t < PROV_N; t++)
		json_object_set_new(pv, prov_type_name[t], json_integer(c->prov[t]));
	json_object_set_new(o, "provisions", pv);
	json_object_set_new(o, "line", json_integer(c->line));
	json_object_set_new(o, "start", json_integer(c->start));
	json_object_set_new(o, "end", json_integer(c->end));
	return o;
}

/* How the text was made: format, encoding, converter, pages, OCR,
 * warnings and the OCR repairs (convert.h); null when unknown. */
static json_t *format_json(const struct converted *c)
{
	if (!c)
		return json_null();
	json_t *o = json_object();
	json_object_set_new(o, "source_format", json_string(c->format ? c->format : "text"));
	json_object_set_new(o, "encoding", c->encoding[0] ? json_string(c->encoding) : json_null());
	json_object_set_new(o, "encoding_source",
			    c->encoding_source[0] ? json_string(c->encoding_source) : json_null());
	json_object_set_new(o, "converter", c->converter[0] ? json_string(c->converter) : json_null());
	json_object_set_new(o, "converter_version",
			    c->converter_version[0] ? json_string(c->converter_version) : json_null());
	json_object_set_new(o, "pages", json_integer(c->pages));
	json_object_set_new(o, "ocr", json_boolean(c->ocr));
	json_object_set_new(o, "furniture_removed", json_integer(c->furniture));
	json_object_set_new(o, "status", str_or_null(c->status));
	json_object_set_new(o, "publisher", str_or_null(c->meta.publisher));
	json_t *w = json_array();
	for (size_t i = 0; i < c->warnings.n; i++)
		json_array_append_new(w, json_string(c->warnings.v[i]));
	json_object_set_new(o, "warnings", w);
	json_t *r = json_array();
	for (size_t i = 0; i < c->repairs.n; i++) {
		json_t *j = json_object();
		json_object_set_new(j, "line", json_integer(c->repairs.v[i].line));
		json_object_set_new(j, "kind", json_string(c->repairs.v[i].kind));
		json_object_set_new(j, "before", json_string(c->repairs.v[i].before));
		json_object_set_new(j, "after", json_string(c->repairs.v[i].after));
		json_array_append_new(r, j);
	}
	json_object_set_new(o, "repairs", r);
	return o;
}

/* What a platform's detail page states besides the code, titles, dates and
 * status (doc.h); every key null when the page does not say. */
static json_t *platform_json(const struct doc *d)
{
	json_t *o = json_object();
	json_object_set_new(o, "metadata_only", json_boolean(d->metadata_only));
	json_object_set_new(o, "industry", str_or_null(d->industry));
	json_object_set_new(o, "org_category", str_or_null(d->org_category));
	json_object_set_new(o, "org_scope", str_or_null(d->org_scope));
	json_object_set_new(o, "authority", str_or_null(d->authority));
	json_object_set_new(o, "committee", str_or_null(d->committee));
	json_error_t e;
	json_t *drafters = d->page_drafters ? json_loads(d->page_drafters, 0, &e) : NULL;
	json_t *orgs = d->page_orgs ? json_loads(d->page_orgs, 0, &e) : NULL;
	json_object_set_new(o, "drafters", drafters ? drafters : json_null());
	json_object_set_new(o, "drafting_orgs", orgs ? orgs : json_null());
	json_object_set_new(o, "scope", str_or_null(d->page_scope));
	json_object_set_new(o, "main_content", str_or_null(d->main_content));
	json_object_set_new(o, "patent", d->patent ? json_boolean(d->patent[0] == '1') : json_null());
	json_object_set_new(o, "text_url", str_or_null(d->text_url));
	json_t *other = d->platform_meta ? json_loads(d->platform_meta, 0, &e) : NULL;
	json_object_set_new(o, "other", other ? other : json_null());
	return o;
}

static json_t *doc_json(const struct doc *d, const char *source)
{
	json_t *o = json_object();
	json_object_set_new(o, "source", str_or_null(source));
	json_object_set_new(o, "code", str_or_null(d->code));
	json_object_set_new(o, "title_zh", str_or_null(d->title_zh));
	json_object_set_new(o, "title_en", str_or_null(d->title_en));
	json_object_set_new(o, "ics", str_or_null(d->ics));
	json_object_set_new(o, "ccs", str_or_null(d->ccs));
	json_object_set_new(o, "issuer", str_or_null(d->issuer));
	json_object_set_new(o, "patent_notice", json_boolean(d->patent_notice));
	json_object_set_new(o, "stage", str_or_null(d->stage));
	json_object_set_new(o, "status", str_or_null(d->status));
	json_object_set_new(o, "published", str_or_null(d->published));
	json_object_set_new(o, "effective", str_or_null(d->effective));
	json_object_set_new(o, "proposer", str_or_null(d->proposer));
	json_object_set_new(o, "responsible", str_or_null(d->responsible));
	json_object_set_new(o, "drafting_basis", str_or_null(d->drafting_basis));
	json_object_set_new(o, "drafting_orgs",
			    d->orgs_line ? string_array(d->orgs.v, d->orgs.n) : json_null());
	json_object_set_new(o, "drafters",
			    d->drafters_line ? string_array(d->drafters.v, d->drafters.n) : json_null());
	json_object_set_new(o, "header_code", str_or_null(d->header_code));
	json_object_set_new(o, "header_code_other", str_or_null(d->header_code_other));
	json_t *art = json_object();
	json_object_set_new(art, "page_headers", json_integer(d->page_headers));
	json_object_set_new(art, "page_numbers", json_integer(d->page_numbers));
	json_object_set_new(o, "removed", art);

	json_t *el = json_array();
	for (size_t i = 0; i < d->elements.n; i++)
		json_array_append_new(el, json_string(d->elements.v[i].name));
	json_object_set_new(o, "elements", el);

	json_t *toc = json_array();
	for (size_t i = 0; i < d->toc.n; i++) {
		json_t *t = json_object();
		json_object_set_new(t, "num", str_or_null(d->toc.v[i].num));
		json_object_set_new(t, "heading", str_or_null(d->toc.v[i].heading));
		json_object_set_new(t, "page", str_or_null(d->toc.v[i].page));
		json_array_append_new(toc, t);
	}
	json_object_set_new(o, "toc", toc);

	json_t *cl = json_array();
	for (size_t i = 0; i < d->clauses.n; i++)
		json_array_append_new(cl, clause_json(d, &d->clauses.v[i]));
	json_object_set_new(o, "clauses", cl);

	json_t *terms = json_array();
	for (size_t i = 0; i < d->terms.n; i++) {
		const struct term *t = &d->terms.v[i];
		json_t *j = json_object();
		json_object_set_new(j, "num", json_string(t->num));
		json_object_set_new(j, "zh", str_or_null(t->zh));
		json_object_set_new(j, "en", str_or_null(t->en));
		json_object_set_new(j, "definition", str_or_null(t->definition));
		json_object_set_new(j, "notes", str_or_null(t->notes));
		json_object_set_new(j, "source", str_or_null(t->source));
		json_array_append_new(terms, j);
	}
	json_object_set_new(o, "terms", terms);

	json_t *norm = json_array(), *bib = json_array(), *cited = json_array();
	for (size_t i = 0; i < d->refs.n; i++) {
		const struct ref *r = &d->refs.v[i];
		json_t *j = json_object();
		if (r->kind == REF_NORMATIVE) {
			json_object_set_new(j, "code", str_or_null(r->code));
			json_object_set_new(j, "year", str_or_null(r->year));
			json_object_set_new(j, "title", str_or_null(r->title));
			json_object_set_new(j, "all_parts", json_boolean(r->all_parts));
			json_array_append_new(norm, j);
		} else if (r->kind == REF_BIBLIOGRAPHY) {
			json_object_set_new(j, "text", str_or_null(r->raw));
			json_object_set_new(j, "code", str_or_null(r->code));
			json_object_set_new(j, "year", str_or_null(r->year));
			json_array_append_new(bib, j);
		} else {
			json_object_set_new(j, "code", str_or_null(r->code));
			json_object_set_new(j, "year", str_or_null(r->year));
			json_object_set_new(j, "clause", str_or_null(r->clause));
			json_array_append_new(cited, j);
		}
	}
	json_object_set_new(o, "normative_refs", norm);
	json_object_set_new(o, "bibliography", bib);
	json_object_set_new(o, "cited", cited);

	json_t *pv = json_object();
	for (int t = 0; t < PROV_N; t++)
		json_object_set_new(pv, prov_type_name[t], json_integer(d->prov_total[t]));
	json_object_set_new(o, "provisions", pv);
	json_t *plist = json_array();
	for (size_t i = 0; i < d->provisions.n; i++) {
		const struct provision *p = &d->provisions.v[i];
		json_t *j = json_object();
		json_object_set_new(j, "clause", json_string(d->clauses.v[p->clause].num));
		json_object_set_new(j, "type", json_string(prov_type_name[p->type]));
		json_object_set_new(j, "verb", json_string(p->verb));
		json_object_set_new(j, "text", json_stringn(d->clauses.v[p->clause].text + p->start,
							     p->len));
		json_array_append_new(plist, j);
	}
	json_object_set_new(o, "provision_list", plist);

	json_t *an = json_array();
	for (size_t i = 0; i < d->anomalies.n; i++) {
		const struct anomaly *a = &d->anomalies.v[i];
		json_t *j = json_object();
		json_object_set_new(j, "kind", json_string(a->kind));
		json_object_set_new(j, "clause", str_or_null(a->clause));
		json_object_set_new(j, "detail", str_or_null(a->detail));
		json_array_append_new(an, j);
	}
	json_object_set_new(o, "anomalies", an);
	json_object_set_new(o, "format", format_json(d->conv));
	json_object_set_new(o, "platform", platform_json(d));
	return o;
}

int print_doc_json(const struct doc *d, const char *source, FILE *out)
{
	json_t *o = doc_json(d, source);
	int rc = json_dumpf(o, out, JSON_INDENT(1) | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII * 0);
	fputc('\n', out);
	json_decref(o);
	return rc;
}

int print_kept_json(const struct doc *d, const char *source, const char *why, FILE *out)
{
	json_t *o = json_object();
	json_object_set_new(o, "source", str_or_null(source));
	json_object_set_new(o, "extract_status",
			    str_or_null(d->conv && d->conv->status ? d->conv->status : "failed"));
	json_object_set_new(o, "error", str_or_null(why));
	json_object_set_new(o, "format", format_json(d->conv));
	int rc = json_dumpf(o, out, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	fputc('\n', out);
	json_decref(o);
	return rc;
}
