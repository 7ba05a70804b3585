/* fileio.h - reading whole files and listing the files below a path. */
#ifndef PEIYOU_FILEIO_H
#define PEIYOU_FILEIO_H

#include <stddef.h>
#include <stdint.h>
#include "buf.h"

/* Read the whole file into out (replacing its content).  Files larger than
 * max bytes are refused.  Returns 0, or -1 with a message in err. */
int read_file(const char *path, struct buf *out, size_t max,
	      char *err, size_t errlen);

/* Write all n bytes of p to fd, again after EINTR and short writes.
 * Returns 0 or an errno (EIO when write wrote nothing). */
int write_all(int fd, const void *p, size_t n);

/* Identity of a file's content as the file system reports it, for skipping
 * unchanged input without reading it. */
struct file_stamp {
	int64_t size;
	int64_t mtime_ns;
};
int file_stamp(const char *path, struct file_stamp *st);

/* A list of paths; each string is owned by the list. */
struct path_list {
	char **v;
	size_t n, cap;
};

/* Append the regular files named by path: the file itself, or every file
 * below a directory (recursively, hidden entries skipped), sorted.  In a
 * directory, files that are plainly not standards (not_a_standard()) are
 * left out and counted in *skipped (skipped may be NULL: none is left
 * out).  Returns 0, or -1 with a message in err. */
int collect_files(const char *path, struct path_list *out, long *skipped,
		  char *err, size_t errlen);
/* Is a file of this name plainly no standard: data and configuration
 * (.tsv, .csv, .json, .yaml ...), databases and their -wal, -shm and
 * .lock files, logs, scripts, and the lists kept beside a corpus
 * (SOURCES.tsv, README, LICENSE)?  1 yes, 0 no. */
int not_a_standard(const char *name);
void path_list_add(struct path_list *l, const char *path);
void path_list_free(struct path_list *l);

#endif
