/* summary.c - see summary.h. */
#include "summary.h"

#include <jansson.h>
#include <stdio.h>

char *summary_print(const char *stage, int64_t run_id, const struct summary_count *counts,
		    size_t n, double seconds, int interrupted)
{
	json_t *o = json_object();
	json_object_set_new(o, "stage", json_string(stage));
	if (run_id > 0)
		json_object_set_new(o, "run", json_integer(run_id));
	for (size_t i = 0; i < n; i++)
		json_object_set_new(o, counts[i].key, json_integer(counts[i].value));
	json_object_set_new(o, "seconds", json_real((double)(long long)(seconds * 1000) / 1000));
	if (interrupted)
		json_object_set_new(o, "interrupted", json_true());
	char *line = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
	json_decref(o);
	printf("%s\n", line);
	fflush(stdout);
	return line;
}

const char *run_status(int fatal, int interrupted, long failed)
{
	return fatal ? "error" : interrupted ? "interrupted" : failed ? "partial" : "ok";
}
