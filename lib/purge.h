/* purge.h - removing documents with every row made of them.
 *
 * A document's rows are spread over every stage's tables (clauses and
 * terms from extract, findings and rankings from analyze, the search
 * index, the report's baseline), and later migrations add more.  Every
 * table with a doc_id column is found from the schema, so that nothing is
 * left behind whichever migrations the database has.  Used by
 * peiyou-fetch --forget and by extract when a document stored under an
 * older name turns out to be a copy of one it already has. */
#ifndef PEIYOU_PURGE_H
#define PEIYOU_PURGE_H

#include <sqlite3.h>
#include <stddef.h>

/* Delete the documents whose ids the query select_ids gives (one column),
 * and their rows everywhere.  Run inside the caller's transaction.
 * Returns 0, or -1 with err. */
int purge_documents(sqlite3 *db, const char *select_ids, char *err, size_t errlen);

#endif
