/* output.h - where an extracted document goes: JSON on stdout (json.c) or
 * the database (store.c). */
#ifndef PEIYOU_OUTPUT_H
#define PEIYOU_OUTPUT_H

#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include "doc.h"

int print_doc_json(const struct doc *d, const char *source, FILE *out);
/* A document kept without extraction (needs OCR, unsupported format): its
 * status, the reason and its format facts (d->conv) as JSON. */
int print_kept_json(const struct doc *d, const char *source, const char *why, FILE *out);

/* Prepared statements of the store, made once per run. */
struct store;

struct store *store_open(sqlite3 *db, char *err, size_t errlen);
void store_close(struct store *s);

/* What the database knows of a source, for skipping unchanged input. */
struct known {
	int64_t id;          /* 0 when the source is new */
	int64_t size, mtime_ns;
	int version;
	char sha256[65];
	int failed;
};
int store_lookup(struct store *s, const char *source, struct known *k);
/* Same content already extracted: refresh the file stamp only. */
int store_touch(struct store *s, int64_t id, int64_t size, int64_t mtime_ns);
/* A document stored under an older name of its file takes its one name
 * (lib/fileurl.h).  Returns 0, or -1 with err. */
int store_rename(struct store *s, int64_t id, const char *source, char *err, size_t errlen);

/* Build what store_document() writes that needs no database (the JSON
 * columns of the clauses), in doc's arena.  It touches nothing shared, so
 * a worker thread runs it while the database thread writes the previous
 * document; store_document() runs it itself when nobody did. */
void store_prepare(struct doc *doc);

/* Replace everything stored for source by doc; with error set (or doc
 * NULL), record the failure message instead, and the status the conversion
 * gave (needs_ocr, unsupported) when it gave one.  doc->conv, when set,
 * gives the format facts (format, encoding, converter, pages, OCR, warnings,
 * OCR repairs) written with either.  Call inside a transaction; the caller
 * owns it. */
int store_document(struct store *s, const char *source, const char *sha256,
		   int64_t size, int64_t mtime_ns, int64_t run_id,
		   struct doc *doc, const char *error, char *err, size_t errlen);

#endif
