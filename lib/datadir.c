/* datadir.c - see datadir.h. */
#include "datadir.h"
#include "pathcheck.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The problem of a data directory named by the user: it is missing, is
 * no directory, or lacks probe. */
static void say_missing(const char *what, const char *dir, const char *probe, char *err,
			size_t errlen)
{
	char why[1024];
	struct stat sb;
	if (stat(dir, &sb) != 0 && path_problem(dir, 1, 0, why, sizeof why))
		snprintf(err, errlen, "%s %s：%s", what, dir, why);
	else if (stat(dir, &sb) == 0 && !S_ISDIR(sb.st_mode))
		snprintf(err, errlen, "%s %s：不是目录 (not a directory)", what, dir);
	else
		snprintf(err, errlen, "%s %s：目录中没有 %s (no %s there)", what, dir, probe, probe);
}

static int has_file(const char *dir, const char *probe)
{
	char path[PATH_MAX + 64];
	snprintf(path, sizeof path, "%s/%s", dir, probe);
	return access(path, R_OK) == 0;
}

int find_datadir(const char *option, const char *probe, char *out, size_t outlen,
		 char *err, size_t errlen)
{
	if (option) {
		if (!has_file(option, probe)) {
			say_missing("--data", option, probe, err, errlen);
			return -1;
		}
		snprintf(out, outlen, "%s", option);
		return 0;
	}
	const char *env = getenv("PEIYOU_DATA");
	if (env && *env) {
		if (!has_file(env, probe)) {
			say_missing("PEIYOU_DATA=", env, probe, err, errlen);
			return -1;
		}
		snprintf(out, outlen, "%s", env);
		return 0;
	}
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash)
			*slash = '\0';
		const char *rel[] = { "../data", "../share/peiyou" };
		for (size_t i = 0; i < 2; i++) {
			char dir[PATH_MAX + 32];
			snprintf(dir, sizeof dir, "%s/%s", exe, rel[i]);
			if (has_file(dir, probe)) {
				snprintf(out, outlen, "%s", dir);
				return 0;
			}
		}
		snprintf(err, errlen, "no %s in %s/../data or %s/../share/peiyou; "
			 "give --data DIR or set PEIYOU_DATA", probe, exe, exe);
		return -1;
	}
	snprintf(err, errlen, "cannot locate the data directory; give --data DIR");
	return -1;
}
