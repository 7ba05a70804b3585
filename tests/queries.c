/*
 * queries.c - run the SQL examples of a Markdown file against a database.
 *
 * usage: queries --db FILE MARKDOWN...     every ```sql block is one example
 *        queries --db FILE --sql QUERY     print the rows of one query
 *
 * What: each fenced block opened by a line "```sql" and closed by "```" is
 * one query (comments allowed, one statement).  It is run on the database,
 * opened read-only, and passes when it is a read-only statement that
 * returns at least one row.  The example is named by the nearest heading
 * above it.  Output: "ok   NAME (N rows)" or "FAIL NAME: why" per example,
 * then "N passed, N failed".  Exit status 0 when none failed, 1 otherwise,
 * 2 on a usage error or when a file holds no example at all.
 *
 * Why: docs/queries.md promises researchers that its examples work on the
 * sample corpus; the test suite (tests/run.sh) holds it to that, and adding
 * an example to the document adds it to the tests, with no C to write.
 * --sql lets shell tests read a value from a database without the sqlite3
 * command-line program (rows one per line, columns joined by "|", NULL as
 * "null").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

/* Read a whole file into a malloc'd NUL-terminated string, or NULL. */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 65536, len = 0;
	char *p = malloc(cap);
	size_t n;
	while (p && (n = fread(p + len, 1, cap - len - 1, f)) > 0) {
		len += n;
		if (cap - len < 2) {
			char *q = realloc(p, cap *= 2);
			if (!q) {
				free(p);
				p = NULL;
			}
			p = q;
		}
	}
	fclose(f);
	if (p)
		p[len] = '\0';
	return p;
}

/* Only white space and SQL comments in s? */
static int only_comments(const char *s)
{
	while (*s) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == ';')
			s++;
		else if (s[0] == '-' && s[1] == '-')
			s += strcspn(s, "\n");
		else if (s[0] == '/' && s[1] == '*') {
			const char *e = strstr(s + 2, "*/");
			if (!e)
				return 0;
			s = e + 2;
		} else
			return 0;
	}
	return 1;
}

/* Run one example; 0 when it passes.  why gets the reason otherwise. */
static int run_example(sqlite3 *db, const char *sql, long *rows, char *why, size_t whylen)
{
	sqlite3_stmt *st;
	const char *tail;
	*rows = 0;
	if (sqlite3_prepare_v2(db, sql, -1, &st, &tail) != SQLITE_OK) {
		snprintf(why, whylen, "%s", sqlite3_errmsg(db));
		return -1;
	}
	if (!st) {
		snprintf(why, whylen, "no statement");
		return -1;
	}
	if (tail && !only_comments(tail)) {
		snprintf(why, whylen, "more than one statement in the block");
		sqlite3_finalize(st);
		return -1;
	}
	if (!sqlite3_stmt_readonly(st)) {
		snprintf(why, whylen, "not a read-only query");
		sqlite3_finalize(st);
		return -1;
	}
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		(*rows)++;
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		snprintf(why, whylen, "%s", sqlite3_errmsg(db));
		return -1;
	}
	if (*rows == 0) {
		snprintf(why, whylen, "returned no rows");
		return -1;
	}
	return 0;
}

static int print_rows(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK || !st) {
		fprintf(stderr, "queries: %s\n", sqlite3_errmsg(db));
		return 2;
	}
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (int i = 0; i < sqlite3_column_count(st); i++) {
			const unsigned char *v = sqlite3_column_text(st, i);
			printf("%s%s", i ? "|" : "", v ? (const char *)v : "null");
		}
		putchar('\n');
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		fprintf(stderr, "queries: %s\n", sqlite3_errmsg(db));
		return 2;
	}
	return 0;
}

/* Every ```sql block of one file. */
static int run_file(sqlite3 *db, const char *path, int *passed, int *failed)
{
	char *text = slurp(path);
	if (!text) {
		fprintf(stderr, "queries: cannot read %s\n", path);
		return -1;
	}
	char heading[256] = "(no heading)";
	int examples = 0;
	char *line = text;
	while (*line) {
		char *next = line + strcspn(line, "\n");
		int eol = *next == '\n';
		*next = '\0';
		if (line[0] == '#') {
			const char *h = line + strspn(line, "#");
			snprintf(heading, sizeof heading, "%s", h + strspn(h, " "));
		} else if (!strncmp(line, "```sql", 6) && line[6 + strspn(line + 6, " \t\r")] == '\0') {
			/* the block: up to a line starting with ``` */
			char *start = eol ? next + 1 : next, *end = start;
			while (*end && strncmp(end, "```", 3)) {
				end += strcspn(end, "\n");
				if (*end)
					end++;
			}
			int closed = *end != '\0';
			char saved = *end;
			*end = '\0';
			examples++;
			long rows = 0;
			char why[512];
			if (!closed) {
				printf("FAIL %s: %s: the ```sql block is not closed\n", path, heading);
				(*failed)++;
			} else if (run_example(db, start, &rows, why, sizeof why) == 0) {
				printf("ok   %s (%ld rows)\n", heading, rows);
				(*passed)++;
			} else {
				printf("FAIL %s: %s\n", heading, why);
				printf("     %s\n", start);
				(*failed)++;
			}
			*end = saved;
			next = end + strcspn(end, "\n");
			eol = *next == '\n';
		}
		line = eol ? next + 1 : next;
	}
	free(text);
	if (!examples) {
		fprintf(stderr, "queries: %s has no ```sql example\n", path);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *db_path = NULL, *sql = NULL;
	int first_file = argc;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--db") && i + 1 < argc)
			db_path = argv[++i];
		else if (!strcmp(argv[i], "--sql") && i + 1 < argc)
			sql = argv[++i];
		else {
			first_file = i;
			break;
		}
	}
	if (!db_path || (!sql && first_file >= argc)) {
		fprintf(stderr, "usage: queries --db FILE MARKDOWN...\n       queries --db FILE --sql QUERY\n");
		return 2;
	}
	sqlite3 *db = NULL;
	if (sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		fprintf(stderr, "queries: %s: %s\n", db_path, db ? sqlite3_errmsg(db) : "cannot open");
		sqlite3_close(db);
		return 2;
	}
	sqlite3_busy_timeout(db, 10000);
	if (sql) {
		int rc = print_rows(db, sql);
		sqlite3_close(db);
		return rc;
	}
	int passed = 0, failed = 0, bad = 0;
	for (int i = first_file; i < argc; i++)
		if (run_file(db, argv[i], &passed, &failed) != 0)
			bad = 1;
	sqlite3_close(db);
	printf("%d passed, %d failed\n", passed, failed + bad);
	return bad ? 2 : failed ? 1 : 0;
}
