/* fileio.c - see fileio.h. */
#include "fileio.h"
#include "pathcheck.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

int read_file(const char *path, struct buf *out, size_t max,
	      char *err, size_t errlen)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "cannot open: %s", strerror(errno));
		return -1;
	}
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "not a regular file");
		close(fd);
		return -1;
	}
	if ((size_t)st.st_size > max) {
		snprintf(err, errlen, "file is %lld bytes, over the limit of %zu",
			 (long long)st.st_size, max);
		close(fd);
		return -1;
	}
	out->len = 0;
	buf_reserve(out, (size_t)st.st_size);
	for (;;) {
		buf_reserve(out, 65536);
		ssize_t r = read(fd, out->p + out->len, out->cap - out->len - 1);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			snprintf(err, errlen, "read error: %s", strerror(errno));
			close(fd);
			return -1;
		}
		if (r == 0)
			break;
		out->len += (size_t)r;
		if (out->len > max) {
			snprintf(err, errlen, "file grew over the limit of %zu bytes", max);
			close(fd);
			return -1;
		}
	}
	out->p[out->len] = '\0';
	close(fd);
	return 0;
}

int file_stamp(const char *path, struct file_stamp *fs)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return -1;
	fs->size = st.st_size;
	fs->mtime_ns = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
	return 0;
}

void path_list_add(struct path_list *l, const char *path)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	l->v[l->n++] = xstrdup(path);
}

void path_list_free(struct path_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int not_a_standard(const char *name)
{
	static const char *const ext[] = {
		"tsv", "csv", "json", "jsonl", "ndjson", "yaml", "yml", "toml", "ini", "conf", "cfg",
		"log", "db", "sqlite", "sqlite3", "lock", "sh", "py", "js", "css", "bak", "tmp", "swp",
		NULL,
	};
	static const char *const prefix[] = { "SOURCES", "README", "LICENSE", "CHANGELOG", NULL };
	static const char *const suffix[] = { "-wal", "-shm", "-journal", "~", NULL };
	size_t n = strlen(name);
	for (int i = 0; prefix[i]; i++)
		if (!strncasecmp(name, prefix[i], strlen(prefix[i])))
			return 1;
	for (int i = 0; suffix[i]; i++) {
		size_t k = strlen(suffix[i]);
		if (n > k && !strcmp(name + n - k, suffix[i]))
			return 1;
	}
	const char *dot = strrchr(name, '.');
	for (int i = 0; dot && ext[i]; i++)
		if (!strcasecmp(dot + 1, ext[i]))
			return 1;
	return 0;
}

/* Walk one directory level, recursing into subdirectories. */
static int walk(const char *dir, struct path_list *out, long *skipped, char *err, size_t errlen)
{
	DIR *d = opendir(dir);
	if (!d) {
		snprintf(err, errlen, "%s: cannot open directory: %s", dir, strerror(errno));
		return -1;
	}
	struct path_list here = { 0 };
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		size_t n = strlen(dir) + strlen(e->d_name) + 2;
		char *p = xmalloc(n);
		snprintf(p, n, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", e->d_name);
		path_list_add(&here, p);
		free(p);
	}
	closedir(d);
	qsort(here.v, here.n, sizeof *here.v, cmp_str);
	int rc = 0;
	for (size_t i = 0; i < here.n && rc == 0; i++) {
		struct stat st;
		if (stat(here.v[i], &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			rc = walk(here.v[i], out, skipped, err, errlen);
		} else if (S_ISREG(st.st_mode)) {
			const char *slash = strrchr(here.v[i], '/');
			if (skipped && not_a_standard(slash ? slash + 1 : here.v[i]))
				(*skipped)++;
			else
				path_list_add(out, here.v[i]);
		}
	}
	path_list_free(&here);
	return rc;
}

int collect_files(const char *path, struct path_list *out, long *skipped, char *err,
		  size_t errlen)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		int e = errno;
		if (e == ENOENT || e == ENOTDIR) {
			/* name the missing directory when it is the directory */
			char why[1024];
			if (path_problem(path, 0, e, why, sizeof why))
				snprintf(err, errlen, "%s: 没有这个文件，%s (no such file)", path, why);
			else
				snprintf(err, errlen, "%s: 没有这个文件或目录 (no such file or directory)",
					 path);
		} else {
			snprintf(err, errlen, "%s: %s", path, strerror(e));
		}
		return -1;
	}
	if (S_ISDIR(st.st_mode))
		return walk(path, out, skipped, err, errlen);
	path_list_add(out, path);
	return 0;
}

int write_all(int fd, const void *p, size_t n)
{
	const char *c = p;
	while (n > 0) {
		ssize_t w = write(fd, c, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return w < 0 ? errno : EIO;
		c += w;
		n -= (size_t)w;
	}
	return 0;
}
