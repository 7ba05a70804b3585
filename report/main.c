/* main.c - peiyou-report: the reports of a peiyou database.
 *
 *   peiyou-report [--db FILE] [--out DIR]
 *
 * In one read transaction: loads the corpus-level model (model.c),
 * compares it with what the previous report saw (changes.c), streams
 * report.html, report.md, three CSV files and report.json into DIR, each
 * document's texts read when it is written (detail.c), puts the files in
 * place atomically (files.c), and only then moves the baseline of "what
 * changed" forward, in the same transaction.  Memory stays bounded by the
 * per-document summary rows.  The run is recorded in the runs table; the
 * last line of stdout is a JSON summary. */
#include <getopt.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "db.h"
#include "lock.h"
#include "log.h"
#include "report.h"
#include "search.h"
#include "summary.h"
#include "version.h"
#include "stop.h"

enum { EXIT_OK = 0, EXIT_SOME_FAILED = 1, EXIT_USAGE = 2 };

static const char usage[] =
	"usage: peiyou-report [--db FILE] [--out DIR] [options]\n"
	"\n"
	"Write the reports of the analysed standards into DIR: report.html (one\n"
	"self-contained page: the corpus at a glance, the improvement and excellence\n"
	"candidates, each category, each standard with its findings and the clause\n"
	"text they concern), report.md (the summary for e-mail or a wiki),\n"
	"candidates.csv, findings.csv, documents.csv (UTF-8 with BOM) and report.json.\n"
	"Each shows what changed since the previous report: new, changed and withdrawn\n"
	"standards, rank movements, new and resolved findings.  Files are replaced\n"
	"atomically.  See docs/report.md.\n"
	"\n"
	"options:\n"
	"  --db FILE        the database (default: $PEIYOU_DB, else\n"
	"                   $XDG_DATA_HOME/peiyou/peiyou.db or ~/.local/share/peiyou/peiyou.db)\n"
	"  --out DIR        where the files go (default: \"report\" beside the database)\n"
	"  --top N          candidates listed in report.html and report.md (default 20;\n"
	"                   0: all); the CSV and JSON files always list all\n"
	"  --findings N     findings listed per standard in report.html, most severe\n"
	"                   first (default 30; 0: all); the others are in findings.csv\n"
	"  --keep-baseline  compare with the previous report but do not make this one\n"
	"                   the new baseline (an ad hoc report between nightly runs)\n"
	"  --index-only     only bring the full-text search index (v_search) up to date\n"
	"                   for the documents extracted since; every report does this first\n"
	"  -q, --quiet      only errors and the summary line\n"
	"  -v, --verbose    say what is written\n"
	"  -h, --help       this help\n"
	"  -V, --version    print the version\n"
	"\n"
	"The last line of stdout is a JSON summary, e.g.\n"
	"  {\"stage\":\"report\",\"run\":4,\"docs\":14,\"ranked\":10,\"findings\":112,\"changes\":0,...}\n"
	"\n"
	"exit status:\n"
	"  0  the report was written\n"
	"  1  the report was written, but some extracted documents have not been\n"
	"     analysed (they are listed without scores; run peiyou-analyze); or interrupted\n"
	"  2  usage error, the database could not be read, or DIR could not be written\n";

struct options {
	const char *db_path, *out;
	int top, per_doc, keep_baseline, index_only;
	enum log_level level;
};

static int parse_args(int argc, char **argv, struct options *o)
{
	static const struct option opts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "top", required_argument, NULL, 't' },
		{ "findings", required_argument, NULL, 'f' },
		{ "keep-baseline", no_argument, NULL, 'k' },
		{ "index-only", no_argument, NULL, 'I' },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	char version[64];
	snprintf(version, sizeof version, "peiyou-report %s", PEIYOU_VERSION);
	struct cli_common com = { "peiyou-report", usage, version, o->db_path, o->level };
	int c;
	char *end;
	while ((c = getopt_long(argc, argv, CLI_COMMON_SHORT, opts, NULL)) != -1) {
		switch (c) {
		case 'o': o->out = optarg; break;
		case 't':
			o->top = (int)strtol(optarg, &end, 10);
			if (*end || end == optarg || o->top < 0) {
				fprintf(stderr, "peiyou-report: --top wants a number >= 0, not %s\n", optarg);
				return -1;
			}
			break;
		case 'f':
			o->per_doc = (int)strtol(optarg, &end, 10);
			if (*end || end == optarg || o->per_doc < 0) {
				fprintf(stderr, "peiyou-report: --findings wants a number >= 0, not %s\n", optarg);
				return -1;
			}
			if (o->per_doc > 0 && o->per_doc < 3)
				o->per_doc = 3;         /* the candidates show three */
			break;
		case 'k': o->keep_baseline = 1; break;
		case 'I': o->index_only = 1; break;
		default:
			if (cli_common(c, optarg, &com) < 0)
				return -1;
		}
	}
	o->db_path = com.db_path;
	o->level = com.level;
	return cli_no_operands(argc, argv, optind, "peiyou-report");
}

/* Load the model and the changes (inside the caller's transaction). */
static int load(sqlite3 *db, struct reader *r, struct model *m, char *err, size_t errlen)
{
	if (model_load(db, m, err, errlen) != 0)
		return -1;
	return changes_compute(db, r, m, err, errlen);
}

typedef int (*writer_fn)(struct sink *, const struct model *, struct reader *);

/* Stream every file into the directory, then put them in place
 * atomically.  Returns the bytes written, or -1 with err. */
static long render(const struct model *m, struct reader *r, const char *dir, char *err,
		   size_t errlen)
{
	static const struct {
		const char *name;
		writer_fn write;
	} files[] = {
		{ "report.html", write_html },
		{ "report.md", write_markdown },
		{ "candidates.csv", write_candidates_csv },
		{ "findings.csv", write_findings_csv },
		{ "documents.csv", write_documents_csv },
		{ "report.json", write_json },
	};
	struct outdir o;
	struct sink s;
	memset(&s, 0, sizeof s);
	s.fd = -1;
	long bytes = -1, total = 0;
	if (outdir_open(&o, dir, err, errlen) != 0)
		return -1;
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		if (outdir_create(&o, files[i].name, &s, err, errlen) != 0)
			goto out;
		if (files[i].write(&s, m, r) != 0) {
			snprintf(err, errlen, "%s", r->err);
			goto out;
		}
		if (outdir_finish(&o, &s, err, errlen) != 0)
			goto out;
		log_verbose("%s/%s: %zu bytes", dir, files[i].name, s.bytes);
		total += (long)s.bytes;
		if (STOP_REQUESTED)
			break;
	}
	if (STOP_REQUESTED) {
		snprintf(err, errlen, "interrupted: nothing replaced");
		goto out;
	}
	if (outdir_commit(&o, err, errlen) != 0)
		goto out;
	bytes = total;
out:
	outdir_close(&o, &s);
	return bytes;
}

/* Print the summary line (lib/summary.h); returns it, malloc'd. */
static char *summary(const struct model *m, const char *status, long bytes, long indexed,
		     double secs, const char *error)
{
	const struct changes *c = &m->changes;
	const struct summary_count counts[] = {
		{ "docs", (long long)m->docs.n },
		{ "ranked", (long long)m->improvement.n },
		{ "not_analysed", m->not_analysed },
		{ "findings", m->findings },
		{ "first", c->first },
		{ "changes", (long long)c->v.n },
		{ "new", c->count[CH_NEW] },
		{ "changed", c->count[CH_CHANGED] },
		{ "withdrawn", c->count[CH_WITHDRAWN] },
		{ "rank_moves", c->count[CH_RANK] },
		{ "new_findings", c->count[CH_FINDING_NEW] },
		{ "resolved_findings", c->count[CH_FINDING_RESOLVED] },
		{ "indexed", indexed },
		{ "bytes", bytes },
	};
	struct summary s = { "report", m->run_id, status, counts, sizeof counts / sizeof counts[0],
			     secs, error };
	return summary_print(&s);
}


int main(int argc, char **argv)
{
	struct options o = { .level = LOG_NORMAL, .top = 20, .per_doc = 30 };
	double t0 = now_seconds();
	if (parse_args(argc, argv, &o) != 0) {
		summary_fatal("report", "error", "usage error (see --help)", now_seconds() - t0);
		return EXIT_USAGE;
	}
	log_init("peiyou-report", o.level);
	char err[1024], dbpath[4096], outdir[4096];
	if (!o.db_path) {
		if (db_default_path(dbpath, sizeof dbpath, err, sizeof err) != 0)
			return summary_fail("report", err, "error", t0);
		o.db_path = dbpath;
	}
	if (!o.out) {
		char *copy = xstrdup(o.db_path);
		snprintf(outdir, sizeof outdir, "%s/report", dirname(copy));
		free(copy);
		o.out = outdir;
	}
	/* One report at a time: the holder of the lock may remove what a
	 * killed report left in the output directory at once. */
	struct run_lock lock = { -1, NULL };
	int lk = run_lock_acquire(&lock, o.db_path, "report", "peiyou-report", err, sizeof err);
	if (lk != 0)
		return summary_fail("report", err, lk == 1 ? "locked" : "error", t0);
	sqlite3 *db = db_open(o.db_path, err, sizeof err);
	if (!db) {
		run_lock_release(&lock);
		return summary_fail("report", err, "error", t0);
	}
	/* The search index first: a report's readers query it next. */
	double ts = now_seconds();
	long indexed = search_sync(db, err, sizeof err);
	if (indexed < 0) {
		char msg[1400];
		snprintf(msg, sizeof msg, "%.300s: %s", o.db_path, err);
		sqlite3_close(db);
		run_lock_release(&lock);
		return summary_fail("report", msg, "error", t0);
	}
	if (indexed)
		log_verbose("search index: %ld documents brought up to date in %.2f s", indexed,
			    now_seconds() - ts);
	if (o.index_only) {
		const struct summary_count counts[] = { { "indexed", indexed } };
		struct summary s = { "report", 0, "ok", counts, 1, now_seconds() - t0, NULL };
		free(summary_print(&s));
		sqlite3_close(db);
		run_lock_release(&lock);
		return EXIT_OK;
	}
	stop_on_signals();
	struct model m;
	memset(&m, 0, sizeof m);
	m.db_path = o.db_path;
	m.top = o.top;
	m.per_doc = o.per_doc;
	now_iso8601(m.generated);
	m.run_id = run_begin(db, "report");
	int status = EXIT_USAGE;
	long bytes = -1;
	struct reader r;
	memset(&r, 0, sizeof r);
	char ignore[64];
	if (m.run_id < 0) {
		snprintf(err, sizeof err, "%.500s: cannot record the run: %s", o.db_path,
			 sqlite3_errmsg(db));
		log_error("%s", err);
		summary_fatal("report", "error", err, now_seconds() - t0);
		goto out;
	}
	/* one read transaction from the model to the baseline: one state */
	if (db_exec(db, "BEGIN", err, sizeof err) != 0) {
		log_error("%s: %s", o.db_path, err);
		goto done;
	}
	if (reader_open(&r, db, err, sizeof err) != 0 || load(db, &r, &m, err, sizeof err) != 0) {
		log_error("%s: %s", o.db_path, err);
		goto rollback;
	}
	bytes = render(&m, &r, o.out, err, sizeof err);
	if (bytes < 0) {
		log_error("%s", err);
		goto rollback;
	}
	reader_close(&r);
	if (!o.keep_baseline && (changes_commit(db, &m, err, sizeof err) != 0 ||
				 db_exec(db, "COMMIT", err, sizeof err) != 0)) {
		log_error("%s: the report was written, but the baseline for the next one was not: %s",
			  o.db_path, err);
		goto rollback;
	}
	if (o.keep_baseline)
		db_exec(db, "COMMIT", ignore, sizeof ignore);
	status = STOP_REQUESTED ? EXIT_SOME_FAILED : EXIT_OK;
	if (m.not_analysed) {
		log_warn("%ld extracted documents have not been analysed: they are listed without"
			 " scores (run peiyou-analyze)", m.not_analysed);
		status = EXIT_SOME_FAILED;
	}
	log_info("report: %s/report.html", o.out);
	goto done;
rollback:
	reader_close(&r);
	db_exec(db, "ROLLBACK", ignore, sizeof ignore);
done:;
	/* the seconds of the whole run, indexing included */
	double secs = now_seconds() - t0;
	const char *rs = run_status(status == EXIT_USAGE, STOP_REQUESTED, m.not_analysed);
	char *line = summary(&m, rs, bytes < 0 ? 0 : bytes, indexed, secs,
			     status == EXIT_USAGE ? err : NULL);
	run_end(db, m.run_id, rs, (long)m.docs.n, m.not_analysed, 0, secs, line);
	free(line);
out:
	model_free(&m);
	sqlite3_close(db);
	run_lock_release(&lock);
	return status;
}
