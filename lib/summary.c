/* summary.c - see summary.h. */
#include "summary.h"

#include "buf.h"
#include "log.h"
#include "normalize.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A JSON string of a message that may hold bytes that are not UTF-8 (a
 * path in another encoding): those become '?'. */
static json_t *message(const char *m)
{
	char *copy = xstrdup(m);
	size_t n = strlen(copy), bad;
	while (!utf8_valid(copy, n, &bad) && bad < n)
		copy[bad] = '?';
	json_t *v = json_string(copy);
	free(copy);
	return v;
}

char *summary_print(const struct summary *s)
{
	json_t *o = json_object();
	json_object_set_new(o, "stage", json_string(s->stage));
	if (s->run_id > 0)
		json_object_set_new(o, "run", json_integer(s->run_id));
	json_object_set_new(o, "status", json_string(s->status));
	for (size_t i = 0; i < s->n; i++)
		json_object_set_new(o, s->counts[i].key, json_integer(s->counts[i].value));
	json_object_set_new(o, "seconds", json_real((double)(long long)(s->seconds * 1000) / 1000));
	if (!strcmp(s->status, "interrupted"))
		json_object_set_new(o, "interrupted", json_true());
	if (s->error)
		json_object_set_new(o, "error", message(s->error));
	char *line = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
	json_decref(o);
	printf("%s\n", line);
	fflush(stdout);
	return line;
}

int summary_fail(const char *stage, const char *msg, const char *status, double t0)
{
	log_error("%s", msg);
	summary_fatal(stage, status, msg, now_seconds() - t0);
	return 2;
}

void summary_fatal(const char *stage, const char *status, const char *error, double seconds)
{
	struct summary s = { .stage = stage, .status = status, .seconds = seconds, .error = error };
	free(summary_print(&s));
}

const char *run_status(int fatal, int interrupted, long failed)
{
	return fatal ? "error" : interrupted ? "interrupted" : failed ? "partial" : "ok";
}
