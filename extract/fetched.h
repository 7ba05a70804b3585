/* fetched.h - the documents peiyou-fetch stored, as input for extraction.
 *
 * `peiyou-extract --db FILE` with no PATH extracts the latest version of
 * every fetched URL whose text differs from what was last extracted for it
 * (documents.source is the URL), reading the bytes from the fetch stage's
 * content-addressed store (lib/blobstore.h): the UTF-8 text when fetch
 * converted a GBK body, else the body itself. */
#ifndef PEIYOU_EXTRACT_FETCHED_H
#define PEIYOU_EXTRACT_FETCHED_H

#include <sqlite3.h>
#include <stddef.h>
#include "buf.h"
#include "fileio.h"

struct fetched;

/* List the fetched documents to extract (all of them with force) into urls
 * (appended, sorted).  store_dir NULL means "<db_path>.store".  Returns the
 * handle (the caller frees it with fetched_close), or NULL with err. */
struct fetched *fetched_open(sqlite3 *db, const char *db_path, const char *store_dir,
			     int force, int extractor_version, struct path_list *urls,
			     char *err, size_t errlen);
void fetched_close(struct fetched *f);

/* The stamp of a fetched document: the size of its text and, in place of
 * a file time, the id of its version (a new version is a new stamp).
 * Returns 0, or -1 for a URL that is not in the list. */
int fetched_stamp(struct fetched *f, const char *url, struct file_stamp *st);
/* The Content-Type it was served with (charset=utf-8 when fetch stored it
 * converted), for the converter; NULL when unknown.  Owned by f. */
const char *fetched_content_type(struct fetched *f, const char *url);
/* Its bytes, from the store (replacing out); 0, or -1 with err. */
int fetched_read(struct fetched *f, const char *url, struct buf *out, size_t max,
		 char *err, size_t errlen);

#endif
