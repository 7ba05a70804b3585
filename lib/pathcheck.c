/* pathcheck.c - see pathcheck.h. */
#include "pathcheck.h"
#include "buf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The directory part of path: "." for a bare name, "/" for "/x". */
static char *parent_of(const char *path)
{
	char *p = xstrdup(path);
	size_t n = strlen(p);
	while (n > 1 && p[n - 1] == '/')
		p[--n] = '\0';
	char *slash = strrchr(p, '/');
	if (!slash) {
		free(p);
		return xstrdup(".");
	}
	if (slash == p)
		slash[1] = '\0';
	else
		*slash = '\0';
	return p;
}

/* The problem of the directory dir, which must exist and be writable. */
static int dir_problem(const char *dir, int errnum, char *out, size_t outlen)
{
	struct stat sb;
	if (stat(dir, &sb) != 0 && errno == ENOTDIR) {
		/* a file where a directory of the path should be: name it */
		char *up = parent_of(dir);
		while (strcmp(up, ".") && strcmp(up, "/") && !(stat(up, &sb) == 0 && !S_ISDIR(sb.st_mode))) {
			char *next = parent_of(up);
			free(up);
			up = next;
		}
		snprintf(out, outlen, "%s 不是目录 (%s is not a directory)", up, up);
		free(up);
		return 1;
	}
	if (stat(dir, &sb) != 0) {
		if (errno != ENOENT)
			return 0;
		/* name the first missing directory too, when it is further up */
		char *up = parent_of(dir), *missing = xstrdup(dir);
		while (strcmp(up, missing) && stat(up, &sb) != 0 && (errno == ENOENT)) {
			free(missing);
			missing = up;
			up = parent_of(missing);
		}
		if (strcmp(missing, dir))
			snprintf(out, outlen, "目录 %s 不存在（从 %s 起不存在）"
				 " (directory %s does not exist: %s is missing)", dir, missing, dir, missing);
		else
			snprintf(out, outlen, "目录 %s 不存在 (directory %s does not exist)", dir, dir);
		free(up);
		free(missing);
		return 1;
	}
	if (!S_ISDIR(sb.st_mode)) {
		snprintf(out, outlen, "%s 不是目录 (%s is not a directory)", dir, dir);
		return 1;
	}
	if (errnum == EROFS) {
		snprintf(out, outlen, "目录 %s 在只读文件系统上 (%s is on a read-only file system)",
			 dir, dir);
		return 1;
	}
	if (access(dir, W_OK | X_OK) != 0 || errnum == EACCES || errnum == EPERM) {
		snprintf(out, outlen, "目录 %s 不可写 (directory %s is not writable)", dir, dir);
		return 1;
	}
	if (errnum == ENOSPC || errnum == EDQUOT) {
		snprintf(out, outlen, "%s 所在磁盘已满 (no space left on the device of %s)", dir, dir);
		return 1;
	}
	return 0;
}

int path_problem(const char *path, int want_dir, int errnum, char *out, size_t outlen)
{
	out[0] = '\0';
	struct stat sb;
	if (stat(path, &sb) == 0) {
		if (!want_dir && S_ISDIR(sb.st_mode)) {
			snprintf(out, outlen, "%s 是目录，不是文件 (%s is a directory, not a file)",
				 path, path);
			return 1;
		}
		if (want_dir && !S_ISDIR(sb.st_mode)) {
			snprintf(out, outlen, "%s 不是目录 (%s is not a directory)", path, path);
			return 1;
		}
		if (want_dir)
			return dir_problem(path, errnum, out, outlen);
		/* no write bit at all: read-only on purpose, even for root */
		if ((sb.st_mode & 0222) == 0 || access(path, W_OK) != 0) {
			snprintf(out, outlen, "文件 %s 是只读的 (%s is read-only)", path, path);
			return 1;
		}
	}
	if (want_dir && (errno == ENOENT || errno == ENOTDIR))
		return dir_problem(path, errnum, out, outlen);   /* the directory itself is missing */
	char *dir = parent_of(path);
	int r = dir_problem(dir, errnum, out, outlen);
	free(dir);
	return r;
}

void path_error(char *err, size_t errlen, const char *label, const char *path, int want_dir,
		int errnum)
{
	char why[1024];
	if (!path_problem(path, want_dir, errnum, why, sizeof why))
		snprintf(why, sizeof why, "%s", errnum == ENOENT ? "没有这个文件 (no such file)"
			 : strerror(errnum));
	snprintf(err, errlen, "%s %.300s：%.700s", label, path, why);
}
