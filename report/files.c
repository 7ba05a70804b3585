/* files.c - the output directory, written atomically file by file.
 *
 * Every file is first written whole to a hidden temporary file in the same
 * directory (".report.html.XXXXXX"), streamed there in chunks as it is
 * rendered (a sink: the report never holds a whole file), flushed to
 * disk, and only when all of them are written are they renamed into
 * place, one rename each, then the directory is synced.  A reader (a web server, a mail job) therefore sees
 * each file either as the previous report or as this one, never half
 * written; a failed run leaves the previous report as it was.  A report
 * killed while writing leaves its temporary files; the next one, holding
 * the report lock (lib/lock.h: no other report writes there now), removes
 * them at once. */
#include "report.h"
#include "fileio.h"
#include "log.h"
#include "pathcheck.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
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
			path_error(err, errlen, "无法创建报告目录 (cannot create the report directory)", tmp,
				   1, errno);
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
		snprintf(err, errlen, "报告目录 %s 不是目录 (%s is not a directory)", dir, dir);
		return -1;
	}
	return 0;
}

/* A killed run (SIGKILL, power loss) leaves its temporary files behind
 * (up to the size of a whole report).  The caller holds the report lock,
 * so no other report is writing: every one of them goes at once. */
/* ".NAME.XXXXXX", as outdir_create makes them. */
static int is_temp_name(const char *n)
{
	size_t len = strlen(n);
	if (n[0] != '.' || len < 9 || n[len - 7] != '.')
		return 0;
	for (size_t i = len - 6; i < len; i++)
		if (!isalnum((unsigned char)n[i]))
			return 0;
	return 1;
}

static void remove_stale(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	int removed = 0;
	long long bytes = 0;
	struct buf path = BUF_INIT;
	while ((e = readdir(d))) {
		if (!is_temp_name(e->d_name))
			continue;
		struct stat sb;
		buf_truncate(&path, 0);
		buf_printf(&path, "%s/%s", dir, e->d_name);
		if (lstat(path.p, &sb) == 0 && S_ISREG(sb.st_mode) && unlink(path.p) == 0) {
			log_verbose("%s: removed a temporary file left by an earlier run", path.p);
			removed++;
			bytes += (long long)sb.st_size;
		}
	}
	buf_free(&path);
	closedir(d);
	if (removed)
		log_info("%s：删除了被中断的报告留下的 %d 个临时文件（%lld 字节）(removed %d temporary"
			 " files, %lld bytes, that an interrupted report left)", dir, removed, bytes,
			 removed, bytes);
}

int outdir_open(struct outdir *o, const char *dir, char *err, size_t errlen)
{
	memset(o, 0, sizeof *o);
	if (make_dirs(dir, err, errlen) != 0)
		return -1;
	remove_stale(dir);
	o->dir = xstrdup(dir);
	return 0;
}

int outdir_create(struct outdir *o, const char *name, struct sink *s, char *err, size_t errlen)
{
	memset(s, 0, sizeof *s);
	s->fd = -1;
	struct buf tmp = BUF_INIT, final = BUF_INIT;
	buf_printf(&tmp, "%s/.%s.XXXXXX", o->dir, name);
	buf_printf(&final, "%s/%s", o->dir, name);
	int fd = mkstemp(tmp.p);
	if (fd < 0) {
		path_error(err, errlen, "无法写入报告目录 (cannot write in the report directory)", o->dir,
			   1, errno);
		buf_free(&tmp);
		buf_free(&final);
		return -1;
	}
	*vec_push(&o->tmp) = tmp.p;        /* removed by outdir_close unless renamed */
	*vec_push(&o->final) = final.p;
	s->fd = fd;
	return 0;
}

void sink_drain(struct sink *s)
{
	if (s->b.len < SINK_CHUNK)
		return;
	if (!s->err)
		s->err = write_all(s->fd, s->b.p, s->b.len);
	s->bytes += s->b.len;
	buf_truncate(&s->b, 0);
}

int outdir_finish(struct outdir *o, struct sink *s, char *err, size_t errlen)
{
	const char *path = o->final.v[o->final.n - 1];   /* named by what it becomes */
	if (!s->err)
		s->err = write_all(s->fd, s->b.p, s->b.len);
	s->bytes += s->b.len;
	buf_free(&s->b);
	int fd = s->fd;
	s->fd = -1;
	if (s->err) {
		snprintf(err, errlen, "%s 写入失败 (write failed): %s", path, strerror(s->err));
		close(fd);
		return -1;
	}
	if (fchmod(fd, 0644) != 0 || fsync(fd) != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	if (close(fd) != 0) {
		snprintf(err, errlen, "%s: close failed: %s", path, strerror(errno));
		return -1;
	}
	return 0;
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

void outdir_close(struct outdir *o, struct sink *s)
{
	if (s && s->fd >= 0) {
		close(s->fd);
		s->fd = -1;
	}
	if (s)
		buf_free(&s->b);
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
