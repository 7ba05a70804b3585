/*
 * precision.c - how many of the drafting findings on real standards a
 * reviewer agrees with, per check.
 *
 * usage: precision --db FILE --verdicts TSV [--unjudged | --all | --stale]
 *
 * What: the findings of every document in the database (peiyou-analyze has
 * run on the real texts of ../shared/corpus, see tests/precision.sh) are
 * matched with the verdicts file, one judgement per line:
 *
 *     path <TAB> check <TAB> clause <TAB> key <TAB> verdict [<TAB> reason]
 *
 * path is the document's source from "corpus/" on (corpus/real/001.md);
 * clause is the finding's clause ("" for the whole document); key names
 * the finding among those of its document, check and clause: the first 8
 * hex digits of the SHA-256 of its excerpt (of its detail when it has no
 * excerpt), "-2", "-3" ... added when the same key comes again; verdict is
 * "right" (a reviewer would flag this too) or "wrong"; reason is a short
 * label of ours (never the standard's text).  Lines starting with '#'
 * are comments.
 *
 * Output (default): per check, its state (on or off by default, ",s" when
 * its findings count in the scores), findings, judged right, judged wrong,
 * not yet judged and precision (right / judged); then the totals, and how many
 * verdicts match no finding any more.  --unjudged lists the findings not
 * yet judged (path, check, clause, key, severity, excerpt, message) for a
 * reviewer to read against the source; --all lists every finding with its
 * verdict; --stale lists the verdicts that match no finding.
 *
 * Why: the checks are held to their precision on real, published text
 * (DEVELOPERS.md "Measuring the drafting checks"), and that is only known by reading each
 * finding against its source.  The verdicts are kept in the repository;
 * this program says what they add up to.  Exit 0, or 2 on a usage error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "sha256.h"

struct verdict {
	char *path, *check, *clause, *key, *verdict;
	int used;
};

struct finding {
	char *path, *check, *clause, *key, *severity, *excerpt, *message;
	struct verdict *v;
};

#define GROW(arr, n, cap)                                                      \
	do {                                                                   \
		if ((n) == (cap)) {                                            \
			(cap) = (cap) ? 2 * (cap) : 256;                       \
			void *q_ = realloc((arr), (cap) * sizeof *(arr));      \
			if (!q_) {                                             \
				fprintf(stderr, "precision: out of memory\n"); \
				exit(2);                                       \
			}                                                      \
			(arr) = q_;                                            \
		}                                                              \
	} while (0)

static char *xstrdup(const char *s)
{
	char *p = strdup(s ? s : "");
	if (!p) {
		fprintf(stderr, "precision: out of memory\n");
		exit(2);
	}
	return p;
}

/* The source path from "corpus/" on, when it has that part. */
static const char *short_path(const char *source)
{
	const char *p = strstr(source, "corpus/");
	return p ? p : source;
}

/* Split line at tabs into at most max fields; returns the count. */
static int split_tabs(char *line, char **f, int max)
{
	int n = 0;
	f[n++] = line;
	for (char *p = line; *p && n < max; p++)
		if (*p == '\t') {
			*p = '\0';
			f[n++] = p + 1;
		}
	return n;
}

static struct verdict *read_verdicts(const char *path, size_t *count)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "precision: %s: cannot open\n", path);
		exit(2);
	}
	struct verdict *v = NULL;
	size_t n = 0, cap = 0;
	char line[4096];
	int lineno = 0;
	while (fgets(line, sizeof line, f)) {
		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		char *fl[6];
		int k = split_tabs(line, fl, 6);
		if (k < 5 || (strcmp(fl[4], "right") && strcmp(fl[4], "wrong"))) {
			fprintf(stderr, "precision: %s:%d: want path, check, clause, key, right|wrong\n",
				path, lineno);
			exit(2);
		}
		GROW(v, n, cap);
		v[n].path = xstrdup(fl[0]);
		v[n].check = xstrdup(fl[1]);
		v[n].clause = xstrdup(fl[2]);
		v[n].key = xstrdup(fl[3]);
		v[n].verdict = xstrdup(fl[4]);
		v[n].used = 0;
		n++;
	}
	fclose(f);
	*count = n;
	return v;
}

static const char *col(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);
	return s ? (const char *)s : "";
}

static struct finding *read_findings(sqlite3 *db, size_t *count)
{
	/* message is a column from schema 8 on; detail stands in before. */
	int has_message = sqlite3_table_column_metadata(db, NULL, "findings", "message",
							NULL, NULL, NULL, NULL, NULL) == SQLITE_OK;
	char sql[512];
	snprintf(sql, sizeof sql,
		 "SELECT d.source, f.check_code, f.clause, f.severity, f.excerpt, f.detail, %s"
		 " FROM findings f JOIN documents d ON d.id = f.doc_id"
		 " ORDER BY d.source, f.check_code, f.clause, f.seq",
		 has_message ? "f.message" : "f.detail");
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "precision: %s\n", sqlite3_errmsg(db));
		exit(2);
	}
	struct finding *f = NULL;
	size_t n = 0, cap = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		GROW(f, n, cap);
		struct finding *x = &f[n];
		x->path = xstrdup(short_path(col(st, 0)));
		x->check = xstrdup(col(st, 1));
		x->clause = xstrdup(col(st, 2));
		x->severity = xstrdup(col(st, 3));
		x->excerpt = xstrdup(col(st, 4));
		x->message = xstrdup(col(st, 6));
		const char *basis = x->excerpt[0] ? x->excerpt : col(st, 5);
		char hex[65], key[32];
		sha256_hex(basis, strlen(basis), hex);
		hex[8] = '\0';
		/* The same key again among this document's check and clause. */
		int again = 1;
		for (size_t k = n; k-- > 0;) {
			if (strcmp(f[k].path, x->path) || strcmp(f[k].check, x->check) ||
			    strcmp(f[k].clause, x->clause))
				break;
			if (strncmp(f[k].key, hex, 8) == 0)
				again++;
		}
		if (again > 1)
			snprintf(key, sizeof key, "%.8s-%d", hex, again);
		else
			snprintf(key, sizeof key, "%.8s", hex);
		x->key = xstrdup(key);
		x->v = NULL;
		n++;
	}
	sqlite3_finalize(st);
	*count = n;
	return f;
}

/* Tabs and newlines of s as spaces, so that a listing stays one line. */
static void put_flat(const char *s)
{
	for (; *s; s++)
		putchar(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s);
}

struct tally {
	char check[16];
	long findings, right, wrong;
	char flags[8];          /* "on", "on,s" (scored), "off": from the checks table */
};

/* "on,s" (on by default, in the scores), "on", "off,s", "off", or "" when
 * the checks table does not say (schema before 8). */
static void check_flags(sqlite3 *db, const char *code, char *out, size_t n)
{
	out[0] = '\0';
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "SELECT enabled, scored FROM checks WHERE code = ?", -1, &st, NULL) !=
	    SQLITE_OK)
		return;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(out, n, "%s%s", sqlite3_column_int(st, 0) ? "on" : "off",
			 sqlite3_column_int(st, 1) ? ",s" : "");
	sqlite3_finalize(st);
}

static int by_check(const void *a, const void *b)
{
	return strcmp(((const struct tally *)a)->check, ((const struct tally *)b)->check);
}

static void print_row(const char *name, const struct tally *t)
{
	long judged = t->right + t->wrong;
	printf("%-8s %-6s %8ld %6ld %6ld %9ld ", name, t->flags, t->findings, t->right, t->wrong,
	       t->findings - judged);
	if (judged)
		printf("%9.2f\n", (double)t->right / (double)judged);
	else
		printf("%9s\n", "-");
}

int main(int argc, char **argv)
{
	const char *dbpath = NULL, *vpath = NULL, *mode = "table";
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--db") && i + 1 < argc)
			dbpath = argv[++i];
		else if (!strcmp(argv[i], "--verdicts") && i + 1 < argc)
			vpath = argv[++i];
		else if (!strcmp(argv[i], "--unjudged") || !strcmp(argv[i], "--all") ||
			 !strcmp(argv[i], "--stale"))
			mode = argv[i] + 2;
		else {
			fprintf(stderr, "usage: precision --db FILE --verdicts TSV [--unjudged | --all | --stale]\n");
			return 2;
		}
	}
	if (!dbpath || !vpath) {
		fprintf(stderr, "usage: precision --db FILE --verdicts TSV [--unjudged | --all | --stale]\n");
		return 2;
	}
	sqlite3 *db;
	if (sqlite3_open_v2(dbpath, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		fprintf(stderr, "precision: %s: %s\n", dbpath, sqlite3_errmsg(db));
		return 2;
	}
	size_t nv, nf;
	struct verdict *v = read_verdicts(vpath, &nv);
	struct finding *f = read_findings(db, &nf);
	for (size_t i = 0; i < nf; i++)
		for (size_t k = 0; k < nv; k++)
			if (!v[k].used && !strcmp(v[k].key, f[i].key) && !strcmp(v[k].check, f[i].check) &&
			    !strcmp(v[k].clause, f[i].clause) && !strcmp(v[k].path, f[i].path)) {
				v[k].used = 1;
				f[i].v = &v[k];
				break;
			}

	if (!strcmp(mode, "unjudged") || !strcmp(mode, "all")) {
		for (size_t i = 0; i < nf; i++) {
			if (f[i].v && !strcmp(mode, "unjudged"))
				continue;
			printf("%s\t%s\t%s\t%s\t", f[i].path, f[i].check, f[i].clause, f[i].key);
			if (!strcmp(mode, "all"))
				printf("%s\t", f[i].v ? f[i].v->verdict : "-");
			printf("%s\t", f[i].severity);
			put_flat(f[i].excerpt);
			putchar('\t');
			put_flat(f[i].message);
			putchar('\n');
		}
		return 0;
	}
	if (!strcmp(mode, "stale")) {
		for (size_t k = 0; k < nv; k++)
			if (!v[k].used)
				printf("%s\t%s\t%s\t%s\t%s\n", v[k].path, v[k].check, v[k].clause, v[k].key,
				       v[k].verdict);
		return 0;
	}

	struct tally *t = NULL, total = { "all", 0, 0, 0, "" };
	size_t nt = 0, cap = 0;
	for (size_t i = 0; i < nf; i++) {
		size_t k = 0;
		while (k < nt && strcmp(t[k].check, f[i].check))
			k++;
		if (k == nt) {
			GROW(t, nt, cap);
			snprintf(t[nt].check, sizeof t[nt].check, "%s", f[i].check);
			t[nt].findings = t[nt].right = t[nt].wrong = 0;
			check_flags(db, f[i].check, t[nt].flags, sizeof t[nt].flags);
			nt++;
		}
		t[k].findings++;
		total.findings++;
		if (f[i].v) {
			int right = !strcmp(f[i].v->verdict, "right");
			t[k].right += right;
			t[k].wrong += !right;
			total.right += right;
			total.wrong += !right;
		}
	}
	sqlite3_close(db);
	qsort(t, nt, sizeof *t, by_check);
	printf("%-8s %-6s %8s %6s %6s %9s %9s\n", "check", "state", "findings", "right", "wrong", "unjudged",
	       "precision");
	for (size_t k = 0; k < nt; k++)
		print_row(t[k].check, &t[k]);
	print_row("all", &total);
	size_t stale = 0;
	for (size_t k = 0; k < nv; k++)
		stale += !v[k].used;
	printf("%zu verdicts, %zu of them match no finding (--stale lists them)\n", nv, stale);
	return 0;
}
