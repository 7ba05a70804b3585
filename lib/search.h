/* search.h - keeping the full-text index (table search, FTS5 trigram) in
 * step with extraction.
 *
 * The index is brought up to date in bulk rather than row by row: for
 * every document whose content or extractor version differs from what
 * search_state says was indexed, its rows are replaced; documents no longer
 * extracted leave the index.  peiyou-report does this before reporting, so
 * after a nightly run the index is current; after extract alone it lags
 * until the next report (or `peiyou-report --index-only`). */
#ifndef PEIYOU_SEARCH_H
#define PEIYOU_SEARCH_H

#include <sqlite3.h>
#include <stddef.h>

/* Returns the number of documents (re)indexed or removed, or -1 with a
 * message in err.  Runs its own transactions. */
long search_sync(sqlite3 *db, char *err, size_t errlen);

#endif
