/* files.c - the output directory, written atomically file by file.
 *
 * Every file is first written whole to a hidden temporary file in the same
 * directory (".report.html.XXXXXX"), flushed to disk, and only when all of
 * them are written are they renamed into place, one rename each, then the
 * directory is synced.  A reader (a web server, a mail job) therefore sees
 * each file either as the previous report or as this one, never half
 * written; a failed run leaves the previous report as it was. */
#include "report.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* mkdir -p */
static int make_dirs(const char *dir, char *err, size_t errlen)
{
	char *tmp = xstrdup(dir);
	for (char *p = tmp + 1; ; p++) {
		if (*p && *p != '/')
			continue;
		char c = *p;
		*p = '\0';
		if (mkdir(tmp, 0755) != 0 && errno != EEXIST) {
			snprintf(err, errlen, "%s: cannot create directory: %s", tmp, strerror(errno));
			free(tmp);
			return -1;
		}
		*p = c;
		if (!c)
			break;
	}
	free(tmp);
	struct stat sb;
	if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		snprintf(err, errlen, "%s: not a directory", dir);
		return -1;
	}
	return 0;
}

int outdir_open(struct outdir *o, const char *dir, char *err, size_t errlen)
{
	memset(o, 0, sizeof *o);
	if (make_dirs(dir, err, errlen) != 0)
		return -1;
	o->dir = xstrdup(dir);
	return 0;
}

int outdir_add(struct outdir *o, const char *name, const struct buf *content,
	       char *err, size_t errlen)
{
	struct buf tmp = BUF_INIT, final = BUF_INIT;
	buf_printf(&tmp, "%s/.%s.XXXXXX", o->dir, name);
	buf_printf(&final, "%s/%s", o->dir, name);
	int fd = mkstemp(tmp.p);
	if (fd < 0) {
		snprintf(err, errlen, "%s: cannot create a temporary file: %s", tmp.p, strerror(errno));
		goto fail;
	}
	*vec_push(&o->tmp) = tmp.p;        /* removed by outdir_close unless renamed */
	*vec_push(&o->final) = final.p;
	size_t off = 0;
	while (off < content->len) {
		ssize_t w = write(fd, content->p + off, content->len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			snprintf(err, errlen, "%s: write failed: %s", tmp.p, strerror(errno));
			close(fd);
			return -1;
		}
		off += (size_t)w;
	}
	if (fchmod(fd, 0644) != 0 || fsync(fd) != 0) {
		snprintf(err, errlen, "%s: %s", tmp.p, strerror(errno));
		close(fd);
		return -1;
	}
	if (close(fd) != 0) {
		snprintf(err, errlen, "%s: close failed: %s", tmp.p, strerror(errno));
		return -1;
	}
	return 0;
fail:
	buf_free(&tmp);
	buf_free(&final);
	return -1;
}

int outdir_commit(struct outdir *o, char *err, size_t errlen)
{
	for (size_t i = 0; i < o->tmp.n; i++) {
		if (rename(o->tmp.v[i], o->final.v[i]) != 0) {
			snprintf(err, errlen, "%s: cannot rename into place: %s", o->final.v[i],
				 strerror(errno));
			return -1;
		}
		free(o->tmp.v[i]);
		o->tmp.v[i] = NULL;
	}
	int dfd = open(o->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		if (fsync(dfd) != 0) {
			/* the renames are done; only their durability is in doubt */
		}
		close(dfd);
	}
	return 0;
}

void outdir_close(struct outdir *o)
{
	for (size_t i = 0; i < o->tmp.n; i++) {
		if (o->tmp.v[i])
			unlink(o->tmp.v[i]);
		free(o->tmp.v[i]);
	}
	for (size_t i = 0; i < o->final.n; i++)
		free(o->final.v[i]);
	vec_free(&o->tmp);
	vec_free(&o->final);
	free(o->dir);
	o->dir = NULL;
}
