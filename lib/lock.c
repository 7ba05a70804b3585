/* lock.c - see lock.h. */
#include "lock.h"
#include "buf.h"
#include "log.h"
#include "pathcheck.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

int run_lock_acquire(struct run_lock *l, const char *db_path, const char *name,
		     const char *program, char *err, size_t errlen)
{
	struct buf p = BUF_INIT;
	char why[1024];
	l->fd = -1;
	l->path = NULL;
	struct stat sb;
	if (stat(db_path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		path_problem(db_path, 0, 0, why, sizeof why);
		snprintf(err, errlen, "无法使用数据库 %s：%s", db_path, why);
		return -1;
	}
	if (name)
		buf_printf(&p, "%s.%s.lock", db_path, name);
	else
		buf_printf(&p, "%s.lock", db_path);
	int fd = open(p.p, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0) {
		int e = errno;
		if (path_problem(p.p, 0, e, why, sizeof why))
			snprintf(err, errlen, "无法使用数据库 %s：%s", db_path, why);
		else
			snprintf(err, errlen, "%s: cannot open the lock file: %s", p.p, strerror(e));
		buf_free(&p);
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		int e = errno;
		if (e == EWOULDBLOCK) {
			char holder[256] = "";
			ssize_t r = pread(fd, holder, sizeof holder - 1, 0);
			holder[r > 0 ? r : 0] = '\0';
			holder[strcspn(holder, "\n")] = '\0';
			long pid = 0;
			char prog[64] = "", since[32] = "";
			if (holder[0] && sscanf(holder, "%ld %63s %31s", &pid, prog, since) >= 2)
				snprintf(err, errlen, "%s is in use: %s (pid %ld) is running on it%s%s"
					 " (lock file %s)", db_path, prog, pid, since[0] ? " since " : "",
					 since, p.p);
			else
				snprintf(err, errlen, "%s is in use by another run (lock file %s)",
					 db_path, p.p);
		} else {
			snprintf(err, errlen, "%s: cannot lock: %s", p.p, strerror(e));
		}
		close(fd);
		buf_free(&p);
		return e == EWOULDBLOCK ? 1 : -1;
	}
	char now[21], line[160];
	now_iso8601(now);
	int n = snprintf(line, sizeof line, "%ld %s %s\n", (long)getpid(), program, now);
	if (ftruncate(fd, 0) != 0 || pwrite(fd, line, (size_t)n, 0) != n) {
		/* The lock is held all the same; only the message for others suffers. */
	}
	l->fd = fd;
	l->path = p.p;
	return 0;
}

void run_lock_release(struct run_lock *l)
{
	if (l->fd >= 0) {
		/* Truncate first, so that nobody reads our pid after we are gone. */
		if (ftruncate(l->fd, 0) != 0) {
			/* harmless: the next holder rewrites it */
		}
		close(l->fd);
	}
	l->fd = -1;
	free(l->path);
	l->path = NULL;
}
