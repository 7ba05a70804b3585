/* pathcheck.h - what is wrong with a path, in words a user can act on.
 *
 * When creating or writing a file fails, the system says "No such file or
 * directory" and a program names whatever file it tried: a ".lock" or a
 * "-shm" beside the database, a temporary file in the report directory.
 * The user needs to hear which directory is missing, that the path names
 * a directory, that a directory cannot be written.  These functions look
 * at the path itself and say that, in Chinese first, then in English. */
#ifndef PEIYOU_PATHCHECK_H
#define PEIYOU_PATHCHECK_H

#include <stddef.h>

/* Why the file path (want_dir 0) or the directory path (want_dir 1)
 * cannot be created or written: writes the reason into out and returns 1
 * ("目录 /srv/x 不存在 (directory /srv/x does not exist)", "... 是目录 ...",
 * "... 不可写 ...", "文件 ... 是只读的 ..."), or returns 0 when the path shows no such problem (out
 * is then "").  errnum is the error the failed operation gave (0 when
 * none): EROFS and ENOSPC are named as such. */
int path_problem(const char *path, int want_dir, int errnum, char *out, size_t outlen);

/* "LABEL PATH：the reason" into err: the path's problem as path_problem()
 * names it, or else the system's message for errnum.  For the failure of
 * an operation on path (want_dir as above). */
void path_error(char *err, size_t errlen, const char *label, const char *path, int want_dir,
		int errnum);

#endif
