/* fileurl.h - the one name of a local file: the file: URL of its
 * canonical path.
 *
 * A file is typed as "data/sample/x.txt", "./data/sample/x.txt", its
 * absolute path or "sample/x.txt" from inside data/, and a manifest names
 * it relative to itself; all of these are one document.  Both stages that
 * name local files (fetch for file: sources, extract for the paths it is
 * given) name them by the file: URL of the path with symbolic links, "."
 * and ".." resolved (realpath), percent-encoded byte by byte except
 * letters, digits and "/-._~" -- documents.source and fetch_urls.url
 * hold that.  A file that does not exist keeps its absolute path with "."
 * and ".." folded. */
#ifndef PEIYOU_FILEURL_H
#define PEIYOU_FILEURL_H

#include <stddef.h>

/* 1 when s starts with "file:" (any case). */
int is_file_url(const char *s);

/* The file: URL of path (relative to the working directory, or absolute):
 * canonical when the file exists (*exists = 1), else the absolute path
 * folded (*exists = 0).  exists may be NULL.  New string (the caller frees
 * it), or NULL when the working directory cannot be read. */
char *local_file_url(const char *path, int *exists);

/* The local path a file: URL names ("file:///a/b%20c" -> "/a/b c"; the
 * host must be empty or "localhost"), or NULL for anything else.  New
 * string. */
char *file_url_path(const char *url);

/* A file: URL in its canonical form (the file resolved as above; the same
 * URL back when it is no local file: URL).  New string. */
char *canonical_file_url(const char *url, int *exists);

#endif
