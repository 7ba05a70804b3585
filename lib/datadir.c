/* datadir.c - see datadir.h. */
#include "datadir.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
			snprintf(err, errlen, "--data %s: no %s there", option, probe);
			return -1;
		}
		snprintf(out, outlen, "%s", option);
		return 0;
	}
	const char *env = getenv("PEIYOU_DATA");
	if (env && *env) {
		if (!has_file(env, probe)) {
			snprintf(err, errlen, "PEIYOU_DATA=%s: no %s there", env, probe);
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
