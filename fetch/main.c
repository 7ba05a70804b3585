/* main.c - peiyou-fetch: published standards into the store and database.
 *
 *   peiyou-fetch [--db FILE] --manifest FILE ...   URLs listed in TSV files
 *   peiyou-fetch [--db FILE] --source FILE ...     crawlers defined in config files
 *   peiyou-fetch [--db FILE] --verify              check the store against the database
 *
 * One run: take the database's run lock, queue the manifests' documents and
 * start the crawlers, run the transfers (transfer.c) and record each outcome
 * as it arrives (documents.c, record.c).  Rows are committed in batches,
 * each after the blobs it points to are durable, so a kill at any moment
 * loses at most the batch in flight, which the next run fetches again.
 * The last line of stdout is the JSON summary. */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "db.h"
#include "fetch.h"
#include "lock.h"
#include "log.h"
#include "sha256.h"
#include "summary.h"
#include "version.h"
#include "stop.h"

enum { EXIT_OK = 0, EXIT_SOME_FAILED = 1, EXIT_USAGE = 2 };

static const char usage[] =
	"usage: peiyou-fetch [--db FILE] [options] --manifest FILE...\n"
	"       peiyou-fetch [--db FILE] [options] --source FILE...\n"
	"       peiyou-fetch [--db FILE] --verify\n"
	"       peiyou-fetch [--db FILE] --forget URL|PATH|PATTERN...\n"
	"\n"
	"Download published standards (HTTP, HTTPS, and file:// for manifests and\n"
	"configs on disk) into the content-addressed store beside the database, and\n"
	"record them for peiyou-extract (run 'peiyou-extract --db FILE' with no path\n"
	"afterwards: it extracts exactly the new and changed documents).  Reruns are\n"
	"incremental: ETag and Last-Modified are sent back (a 304 downloads nothing),\n"
	"a body with the same SHA-256 is \"unchanged\", a changed body is a new\n"
	"version and the old one is kept.  See docs/fetch.md.\n"
	"\n"
	"sources (repeatable, may be combined):\n"
	"  --manifest FILE   TSV: URL [TAB code [TAB title]] per line; a path without\n"
	"                    a scheme is relative to the manifest's directory\n"
	"  --source FILE     a crawler config (JSON): list, detail and document steps\n"
	"  --crawl NAME      only this crawl of the configs (also a disabled one)\n"
	"  --set NAME=VALUE  a config variable ({NAME} in its templates)\n"
	"  --base URL        replace every crawl's base URL (testing against fixtures)\n"
	"  --max-pages N     list pages per crawl at most (default: the config's, else 100)\n"
	"  --full            read every list page, not only up to one with nothing new\n"
	"  --recheck         ask about every known document now: unchanged ones not yet\n"
	"                    due, known crawled items, not-public ones\n"
	"  --recheck-days N  ask about an unchanged document again after at most N days\n"
	"                    (default 7): the wait grows from 1 day with the time the\n"
	"                    document has gone unchanged; 0 asks about every document\n"
	"                    on every run\n"
	"\n"
	"storage:\n"
	"  --db FILE         the database (default: $PEIYOU_DB, else\n"
	"                    $XDG_DATA_HOME/peiyou/peiyou.db or ~/.local/share/peiyou/peiyou.db)\n"
	"  --store DIR       the content store (default: the database path + \".store\")\n"
	"  --verify          check that every stored version's files exist and hash right\n"
	"  --forget URL|PATH|PATTERN  remove a URL (or a local file, or every URL and\n"
	"                    source matching a glob pattern such as 'file:///tmp/*') with\n"
	"                    its versions, failures and the documents made from it\n"
	"                    (repeatable; nothing else is done in that run)\n"
	"\n"
	"transfers:\n"
	"  --jobs N          transfers at once (default 4)\n"
	"  --per-host N      transfers at once to one host (default 2)\n"
	"  --delay SECONDS   between two request starts to one host (default 0.2;\n"
	"                    a source config may ask for more unless --delay or\n"
	"                    --per-host is given; a robots.txt Crawl-delay always counts)\n"
	"  --connect-timeout SECONDS  (default 20)\n"
	"  --timeout SECONDS          a whole transfer (default 300)\n"
	"  --low-speed BYTES/S:SECONDS  abort a transfer slower than this (default 512:60)\n"
	"  --max-body SIZE   largest body, e.g. 500K, 64M (default 128M)\n"
	"  --max-redirs N    redirects to follow (default 5)\n"
	"  --retries N       retries of timeouts, connection errors, 429 and 5xx (default 4)\n"
	"  --retry-base SECONDS  first backoff, doubled each retry, with jitter (default 1)\n"
	"  --max-retry-wait SECONDS  longest wait in a run; a longer Retry-After is\n"
	"                    honoured in a later run (default 120)\n"
	"  --not-public-days N  check a not-public standard again after N days (default 30)\n"
	"  --contact TEXT    who to contact, in the User-Agent (default: $PEIYOU_CONTACT)\n"
	"\n"
	"  -q, --quiet       only errors and the summary line\n"
	"  -v, --verbose     a line per transfer\n"
	"  -h, --help        this help\n"
	"  -V, --version     print the version\n"
	"\n"
	"TLS certificates are always verified.  On a terminal a progress line is shown\n"
	"on stderr; otherwise (cron) only errors and the summary.  The last line of\n"
	"stdout is a JSON summary, e.g.\n"
	"  {\"stage\":\"fetch\",\"run\":1,\"status\":\"ok\",\"docs\":14,\"new\":14,\"changed\":0,\n"
	"   \"unchanged\":0,\"not_modified\":0,\"gone\":0,\"failed\":0,...,\"bytes\":81234,...}\n"
	"(also after a fatal error: \"status\":\"error\" or \"locked\", with \"error\")\n"
	"\n"
	"exit status:\n"
	"  0  every document was fetched, unchanged, gone or recorded as not public\n"
	"  1  some documents (or list pages) failed: each is named on stderr and\n"
	"     recorded (views v_fetch_status, v_fetch_failures); or some manifest\n"
	"     lines could not be used (each named with its line number; the others\n"
	"     were fetched); or interrupted; or --forget matched nothing for an argument\n"
	"  2  usage or configuration error (a manifest refused whole: JSON, HTML or\n"
	"     binary), the database is in use by another fetch run, or the database\n"
	"     or store could not be written\n";

/* The command line. */
struct options {
	struct run_config run;
	struct xfer_opts x;
	const char **manifests, **sources, **crawls, **forgets;
	size_t nmanifests, nsources, ncrawls, nforgets;
	const char *contact;
	int verify;
	enum log_level level;
};

void run_fatal(struct run *r, const char *fmt, ...)
{
	if (r->fatal)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->fatal_msg, sizeof r->fatal_msg, fmt, ap);
	va_end(ap);
	r->fatal = 1;
	log_error("%s", r->fatal_msg);
	STOP_REQUESTED = 1;
}

/* ---------------------------------------------------------- options */

static int parse_number(const char *opt, const char *s, double lo, double hi, double *out)
{
	char *end;
	double v = strtod(s, &end);
	if (end == s || *end || !(v >= lo && v <= hi)) {
		fprintf(stderr, "peiyou-fetch: %s needs a number from %g to %g, not '%s'\n",
			opt, lo, hi, s);
		return -1;
	}
	*out = v;
	return 0;
}

static int parse_size(const char *s, long long *out)
{
	char *end;
	double v = strtod(s, &end);
	double mul = 1;
	if (*end == 'K' || *end == 'k')
		mul = 1024, end++;
	else if (*end == 'M' || *end == 'm')
		mul = 1024 * 1024, end++;
	else if (*end == 'G' || *end == 'g')
		mul = 1024.0 * 1024 * 1024, end++;
	if (end == s || *end || v <= 0 || v * mul > 8e12) {
		fprintf(stderr, "peiyou-fetch: --max-body needs a size such as 500K or 64M, not '%s'\n", s);
		return -1;
	}
	*out = (long long)(v * mul);
	return 0;
}

static void push_str(const char ***v, size_t *n, const char *s)
{
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	(*v)[(*n)++] = s;
}

enum {
	O_STORE = 256, O_MANIFEST, O_SOURCE, O_CRAWL, O_SET, O_BASE, O_MAXPAGES,
	O_FULL, O_RECHECK, O_RECHECKDAYS, O_VERIFY, O_JOBS, O_PERHOST, O_DELAY, O_CTIMEOUT, O_TIMEOUT,
	O_LOWSPEED, O_MAXBODY, O_MAXREDIRS, O_RETRIES, O_RETRYBASE, O_MAXWAIT, O_NPDAYS,
	O_CONTACT, O_FORGET,
};

static int parse_args(int argc, char **argv, struct options *o)
{
	static const struct option opts[] = {
		{ "store", required_argument, NULL, O_STORE },
		{ "manifest", required_argument, NULL, O_MANIFEST },
		{ "source", required_argument, NULL, O_SOURCE },
		{ "crawl", required_argument, NULL, O_CRAWL },
		{ "set", required_argument, NULL, O_SET },
		{ "base", required_argument, NULL, O_BASE },
		{ "max-pages", required_argument, NULL, O_MAXPAGES },
		{ "full", no_argument, NULL, O_FULL },
		{ "recheck", no_argument, NULL, O_RECHECK },
		{ "recheck-days", required_argument, NULL, O_RECHECKDAYS },
		{ "verify", no_argument, NULL, O_VERIFY },
		{ "jobs", required_argument, NULL, O_JOBS },
		{ "per-host", required_argument, NULL, O_PERHOST },
		{ "delay", required_argument, NULL, O_DELAY },
		{ "connect-timeout", required_argument, NULL, O_CTIMEOUT },
		{ "timeout", required_argument, NULL, O_TIMEOUT },
		{ "low-speed", required_argument, NULL, O_LOWSPEED },
		{ "max-body", required_argument, NULL, O_MAXBODY },
		{ "max-redirs", required_argument, NULL, O_MAXREDIRS },
		{ "retries", required_argument, NULL, O_RETRIES },
		{ "retry-base", required_argument, NULL, O_RETRYBASE },
		{ "max-retry-wait", required_argument, NULL, O_MAXWAIT },
		{ "not-public-days", required_argument, NULL, O_NPDAYS },
		{ "contact", required_argument, NULL, O_CONTACT },
		{ "forget", required_argument, NULL, O_FORGET },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	char version[64];
	snprintf(version, sizeof version, "peiyou-fetch %s", PEIYOU_VERSION);
	struct cli_common com = { "peiyou-fetch", usage, version, o->run.db_path, o->level };
	int c;
	double d;
	while ((c = getopt_long(argc, argv, CLI_COMMON_SHORT, opts, NULL)) != -1) {
		switch (c) {
		case O_STORE: o->run.store_dir = optarg; break;
		case O_MANIFEST: push_str(&o->manifests, &o->nmanifests, optarg); break;
		case O_SOURCE: push_str(&o->sources, &o->nsources, optarg); break;
		case O_CRAWL: push_str(&o->crawls, &o->ncrawls, optarg); break;
		case O_SET: {
			const char *eq = strchr(optarg, '=');
			if (!eq || eq == optarg) {
				fprintf(stderr, "peiyou-fetch: --set needs NAME=VALUE, not '%s'\n", optarg);
				return -1;
			}
			char *name = xstrndup(optarg, (size_t)(eq - optarg));
			json_object_set_new(o->run.vars, name, json_string(eq + 1));
			free(name);
			break;
		}
		case O_BASE: o->run.base = optarg; break;
		case O_MAXPAGES:
			if (parse_number("--max-pages", optarg, 1, 1e6, &d)) return -1;
			o->run.max_pages = (int)d;
			break;
		case O_FULL: o->run.full = 1; break;
		case O_RECHECK: o->run.recheck = 1; break;
		case O_RECHECKDAYS:
			if (parse_number("--recheck-days", optarg, 0, 3650, &o->run.recheck_days))
				return -1;
			break;
		case O_VERIFY: o->verify = 1; break;
		case O_JOBS:
			if (parse_number("--jobs", optarg, 1, 256, &d)) return -1;
			o->x.jobs = (int)d;
			break;
		case O_PERHOST:
			if (parse_number("--per-host", optarg, 1, 256, &d)) return -1;
			o->x.per_host = (int)d;
			o->run.per_host_set = 1;
			break;
		case O_DELAY:
			if (parse_number("--delay", optarg, 0, 3600, &o->x.delay)) return -1;
			o->run.delay_set = 1;
			break;
		case O_CTIMEOUT:
			if (parse_number("--connect-timeout", optarg, 1, 3600, &d)) return -1;
			o->x.connect_timeout = (long)d;
			break;
		case O_TIMEOUT:
			if (parse_number("--timeout", optarg, 1, 86400, &d)) return -1;
			o->x.timeout = (long)d;
			break;
		case O_LOWSPEED: {
			long a, b;
			char extra;
			if (sscanf(optarg, "%ld:%ld%c", &a, &b, &extra) != 2 || a < 0 || b < 1) {
				fprintf(stderr, "peiyou-fetch: --low-speed needs BYTES/S:SECONDS, e.g. 512:60\n");
				return -1;
			}
			o->x.low_speed_limit = a;
			o->x.low_speed_time = b;
			break;
		}
		case O_MAXBODY:
			if (parse_size(optarg, &o->x.max_body)) return -1;
			break;
		case O_MAXREDIRS:
			if (parse_number("--max-redirs", optarg, 0, 50, &d)) return -1;
			o->x.max_redirs = (long)d;
			break;
		case O_RETRIES:
			if (parse_number("--retries", optarg, 0, 20, &d)) return -1;
			o->x.retries = (int)d;
			break;
		case O_RETRYBASE:
			if (parse_number("--retry-base", optarg, 0, 600, &o->x.retry_base)) return -1;
			break;
		case O_MAXWAIT:
			if (parse_number("--max-retry-wait", optarg, 0, 86400, &o->x.max_retry_wait))
				return -1;
			break;
		case O_NPDAYS:
			if (parse_number("--not-public-days", optarg, 0, 3650, &o->run.not_public_days))
				return -1;
			break;
		case O_CONTACT: o->contact = optarg; break;
		case O_FORGET: push_str(&o->forgets, &o->nforgets, optarg); break;
		default:
			if (cli_common(c, optarg, &com) < 0)
				return -1;
		}
	}
	o->run.db_path = com.db_path;
	o->level = com.level;
	if (optind < argc) {
		fprintf(stderr, "peiyou-fetch: unexpected argument '%s' (sources are given with"
			" --manifest or --source)\n", argv[optind]);
		return -1;
	}
	if (o->nforgets && (o->verify || o->nmanifests || o->nsources)) {
		fprintf(stderr, "peiyou-fetch: --forget is done alone, without --manifest, --source"
			" or --verify\n");
		return -1;
	}
	if (!o->verify && !o->nforgets && !o->nmanifests && !o->nsources) {
		fprintf(stderr, "peiyou-fetch: nothing to fetch: give --manifest FILE or --source FILE"
			" (see --help)\n");
		return -1;
	}
	if (o->ncrawls && !o->nsources) {
		fprintf(stderr, "peiyou-fetch: --crawl needs --source\n");
		return -1;
	}
	return 0;
}

/* ----------------------------------------------------------- commits */

/* Make the staged blobs durable, then commit the rows that point to them. */
static int commit(struct run *r)
{
	char err[512];
	if (!r->in_tx)
		return 0;
	r->in_tx = 0;
	r->since_commit = 0;
	if (r->fatal) {
		db_exec(r->db, "ROLLBACK", err, sizeof err);
		return -1;
	}
	if (blob_batch_commit(&r->batch, err, sizeof err) != 0) {
		char ignore[64];
		db_exec(r->db, "ROLLBACK", ignore, sizeof ignore);
		run_fatal(r, "store: %s", err);
		return -1;
	}
	if (db_exec(r->db, "COMMIT", err, sizeof err) != 0) {
		char ignore[64];
		db_exec(r->db, "ROLLBACK", ignore, sizeof ignore);
		run_fatal(r, "database: commit: %s", err);
		return -1;
	}
	return 0;
}

int run_write(struct run *r)
{
	char err[512];
	if (r->in_tx)
		return 0;
	if (r->fatal)
		return -1;
	if (db_exec(r->db, "BEGIN IMMEDIATE", err, sizeof err) != 0) {
		run_fatal(r, "database: %s", err);
		return -1;
	}
	r->in_tx = 1;
	r->tx_started = now_seconds();
	return 0;
}

struct ticker {
	struct run *r;
	double t0, last_progress;
};

static void format_eta(double secs, char *out, size_t n)
{
	if (!(secs >= 0) || secs > 360000)
		snprintf(out, n, "?");
	else if (secs >= 3600)
		snprintf(out, n, "%dh%02dm", (int)secs / 3600, (int)secs % 3600 / 60);
	else if (secs >= 60)
		snprintf(out, n, "%dm%02ds", (int)secs / 60, (int)secs % 60);
	else
		snprintf(out, n, "%ds", (int)secs + 1);
}

/* After every round of completions: commit a full or old batch, show progress. */
static void tick(void *ctx)
{
	struct ticker *t = ctx;
	struct run *r = t->r;
	double now = now_seconds();
	if (r->in_tx && (r->since_commit >= 1000 || r->batch.bytes > (64u << 20) ||
			 now - r->tx_started > 1.0))
		commit(r);
	if (now - t->last_progress > 0.25) {
		double el = now - t->t0;
		char eta[16];
		long left = r->total - r->done;
		format_eta(r->done ? el / (double)r->done * (double)left : -1, eta, sizeof eta);
		log_progress("%ld/%ld documents, %.1f MB, %.1f MB/s, %ld failed, ETA %s",
			     r->done, r->total, (double)r->n.bytes / 1e6,
			     (double)r->n.bytes / 1e6 / (el + 1e-9), r->n.failed, eta);
		t->last_progress = now;
	}
}

/* ---------------------------------------------------------- summary */

/* Print the summary line (lib/summary.h) and return it, malloc'd. */
static char *summary_line(const struct run *r, const char *status, long errors, long bad_lines,
			  double seconds, const char *error)
{
	const struct summary_count counts[] = {
		{ "docs", r->n.docs }, { "new", r->n.new_ }, { "changed", r->n.changed },
		{ "unchanged", r->n.unchanged }, { "not_modified", r->n.not_modified },
		{ "gone", r->n.gone }, { "failed", r->n.failed }, { "not_public", r->n.not_public },
		{ "disallowed", r->n.disallowed }, { "skipped", r->n.skipped },
		{ "not_due", r->n.not_due }, { "pages", r->n.pages }, { "errors", errors },
		{ "bad_lines", bad_lines }, { "bytes", r->n.bytes },
	};
	struct summary s = { "fetch", r->run_id, status, counts, sizeof counts / sizeof counts[0],
			     seconds, error };
	return summary_print(&s);
}

/* ----------------------------------------------------------- verify */

/* --verify: every version's blobs exist and hash to their names. */
static int verify(sqlite3 *db, struct blobstore *bs)
{
	sqlite3_stmt *st;
	char err[512];
	if (db_prepare(db, "SELECT sha256, text_sha256 FROM fetch_versions", &st, err,
		       sizeof err) != 0) {
		log_error("%s", err);
		return EXIT_USAGE;
	}
	long versions = 0, blobs = 0, missing = 0, corrupt = 0, dangling = 0;
	struct buf data = BUF_INIT;
	while (sqlite3_step(st) == SQLITE_ROW) {
		versions++;
		for (int i = 0; i < 2; i++) {
			const char *sha = (const char *)sqlite3_column_text(st, i);
			if (!sha)
				continue;
			blobs++;
			if (!blob_exists(bs, sha)) {
				missing++;
				log_error("missing blob %s", sha);
			} else if (blob_read(bs, sha, &data, (size_t)1 << 40, 1, err, sizeof err) != 0) {
				corrupt++;
				log_error("%s", err);
			}
		}
	}
	sqlite3_finalize(st);
	buf_free(&data);
	if (db_prepare(db, "SELECT count(*) FROM fetch_urls u WHERE version_id IS NOT NULL"
		       " AND NOT EXISTS (SELECT 1 FROM fetch_versions v WHERE v.id = u.version_id"
		       " AND v.url_id = u.id)", &st, err, sizeof err) == 0) {
		if (sqlite3_step(st) == SQLITE_ROW)
			dangling = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	long tmp = 0;
	struct buf p = BUF_INIT;
	buf_printf(&p, "%s/tmp", bs->dir);
	DIR *d = opendir(p.p);
	for (struct dirent *e; d && (e = readdir(d)) != NULL;)
		tmp += e->d_name[0] != '.';
	if (d)
		closedir(d);
	buf_free(&p);
	printf("{\"stage\":\"fetch-verify\",\"status\":\"%s\",\"versions\":%ld,\"blobs\":%ld,"
	       "\"missing\":%ld,\"corrupt\":%ld,\"dangling\":%ld,\"tmp_files\":%ld}\n",
	       missing || corrupt || dangling ? "partial" : "ok", versions, blobs, missing, corrupt,
	       dangling, tmp);
	return missing || corrupt || dangling ? EXIT_SOME_FAILED : EXIT_OK;
}

/* ------------------------------------------------------------- main */

/* --forget: the rows and documents the arguments name, under the lock. */
static int forget_mode(const struct options *o, sqlite3 *db, struct blobstore *bs, double t0)
{
	char err[1024];
	struct forget_counts n;
	if (forget(db, bs, o->forgets, o->nforgets, &n, err, sizeof err) != 0) {
		log_error("%s: %s", o->run.db_path, err);
		summary_fatal("fetch", "error", err, now_seconds() - t0);
		return EXIT_USAGE;
	}
	const struct summary_count counts[] = {
		{ "forgotten", n.urls }, { "documents", n.documents }, { "blobs", n.blobs },
		{ "unmatched", n.unmatched },
	};
	struct summary s = { "fetch", 0, n.unmatched ? "partial" : "ok", counts,
			     sizeof counts / sizeof counts[0], now_seconds() - t0, NULL };
	free(summary_print(&s));
	return n.unmatched ? EXIT_SOME_FAILED : EXIT_OK;
}

int main(int argc, char **argv)
{
	struct options o = {
		.run = { .not_public_days = 30, .recheck_days = 7, .vars = json_object() },
		.x = {
			.jobs = 4, .per_host = 2, .delay = 0.2, .connect_timeout = 20,
			.timeout = 300, .low_speed_limit = 512, .low_speed_time = 60,
			.max_body = 128LL << 20, .max_redirs = 5, .retries = 4,
			.retry_base = 1, .max_retry_wait = 120,
		},
		.level = LOG_NORMAL,
	};
	int status = EXIT_USAGE;
	struct run r;
	memset(&r, 0, sizeof r);
	r.store.dirfd = -1;
	struct doc_list docs = { 0 };
	struct crawl_set **sets = NULL;
	size_t nsets = 0;
	struct run_lock lock = { -1, NULL };
	char dbpath[4096], err[1024] = "";
	const char *fatal_status = "error";
	char *store_dir = NULL, *summary = NULL;
	struct buf ua = BUF_INIT;
	double t0 = now_seconds();
	long bad_lines = 0;

	if (parse_args(argc, argv, &o) != 0) {
		summary_fatal("fetch", "error", "usage error (see --help)", now_seconds() - t0);
		goto out;
	}
	log_init("peiyou-fetch", o.level);
	r.cfg = &o.run;
	r.stop = stop_flag();
	if (o.x.per_host > o.x.jobs)
		o.x.per_host = o.x.jobs;
	const char *contact = o.contact ? o.contact : getenv("PEIYOU_CONTACT");
	buf_printf(&ua, "peiyou/%s (group standards research%s%s)", PEIYOU_VERSION,
		   contact && *contact ? "; contact: " : "", contact && *contact ? contact : "");
	o.x.user_agent = ua.p;

	/* Configuration first: a bad manifest or config costs nothing.  A
	 * bad line is named and skipped; a file that is no manifest stops. */
	for (size_t i = 0; i < o.nmanifests; i++)
		if (manifest_read(o.manifests[i], &docs, &bad_lines, err, sizeof err) != 0)
			goto fatal;
	sets = xmalloc((o.nsources + 1) * sizeof *sets);
	for (size_t i = 0; i < o.nsources; i++) {
		sets[nsets] = crawl_load(o.sources[i], o.crawls, o.ncrawls, &o.run, err, sizeof err);
		if (!sets[nsets])
			goto fatal;
		nsets++;
	}

	if (!o.run.db_path) {
		if (db_default_path(dbpath, sizeof dbpath, err, sizeof err) != 0)
			goto fatal;
		o.run.db_path = dbpath;
	}
	store_dir = o.run.store_dir ? xstrdup(o.run.store_dir)
				    : blobstore_default_dir(o.run.db_path);
	if (o.verify) {
		if (access(o.run.db_path, F_OK) != 0) {
			snprintf(err, sizeof err, "%s: no such database", o.run.db_path);
			goto fatal;
		}
		r.db = db_open(o.run.db_path, err, sizeof err);
		if (!r.db || blobstore_open(&r.store, store_dir, 0, err, sizeof err) != 0)
			goto fatal;
		status = verify(r.db, &r.store);
		goto out;
	}
	int lk = run_lock_acquire(&lock, o.run.db_path, NULL, "peiyou-fetch", err, sizeof err);
	if (lk != 0) {
		fatal_status = lk == 1 ? "locked" : "error";
		goto fatal;
	}
	r.db = db_open(o.run.db_path, err, sizeof err);
	if (!r.db)
		goto fatal;
	if (o.nforgets) {
		/* the store may not exist (nothing fetched yet): then no bodies go */
		int have_store = blobstore_open(&r.store, store_dir, 0, err, sizeof err) == 0;
		status = forget_mode(&o, r.db, have_store ? &r.store : NULL, t0);
		goto out;
	}
	if (blobstore_open(&r.store, store_dir, 1, err, sizeof err) != 0 ||
	    !(r.rec = rec_open(r.db, err, sizeof err)))
		goto fatal;
	int cleaned = blobstore_clean_tmp(&r.store);
	if (cleaned)
		log_info("removed %d unfinished files an interrupted run left in %s/tmp", cleaned,
			 store_dir);
	r.x = xfer_new(&o.x, err, sizeof err);
	if (!r.x || blob_batch_init(&r.batch, &r.store, err, sizeof err) != 0)
		goto fatal;
	r.robots = robots_new();
	r.seen = seen_new();
	r.run_id = run_begin(r.db, "fetch");
	if (r.run_id < 0) {
		snprintf(err, sizeof err, "%s: cannot record the run: %s", o.run.db_path,
			 sqlite3_errmsg(r.db));
		goto fatal;
	}

	stop_on_signals();
	signal(SIGPIPE, SIG_IGN);
	double t1 = now_seconds();
	struct ticker tk = { &r, t1, 0 };
	for (size_t i = 0; i < docs.n && !r.fatal; i++) {
		documents_submit(&r, docs.v[i]);
		docs.v[i] = NULL;
	}
	for (size_t i = 0; i < nsets && !r.fatal; i++)
		crawl_start(&r, sets[i]);
	size_t dropped = xfer_run(r.x, stop_flag(), tick, &tk);
	commit(&r);
	log_progress_done();
	int interrupted = STOP_REQUESTED && !r.fatal;
	if (interrupted)
		log_warn("interrupted: %ld of %ld documents done, %zu transfers dropped; a rerun"
			 " picks up the rest", r.done, r.total, dropped);
	long errors = 0;
	for (size_t i = 0; i < nsets; i++)
		errors += crawl_errors(sets[i]);
	if (bad_lines)
		log_error("%ld 行清单无法使用，已跳过，其余各行照常获取 (%ld manifest lines could not be"
			  " used; the other lines were fetched)", bad_lines, bad_lines);
	double secs = now_seconds() - t1;
	long failed = r.n.failed + errors + bad_lines;
	const char *st = run_status(r.fatal, interrupted, failed);
	summary = summary_line(&r, st, errors, bad_lines, secs, r.fatal ? r.fatal_msg : NULL);
	run_end(r.db, r.run_id, st, r.n.docs, failed,
		r.n.unchanged + r.n.not_modified + r.n.skipped + r.n.not_due, secs, summary);
	status = r.fatal ? EXIT_USAGE : (failed || interrupted) ? EXIT_SOME_FAILED : EXIT_OK;
	goto out;
fatal:
	log_error("%s", err);
	summary_fatal("fetch", fatal_status, err, now_seconds() - t0);
	status = EXIT_USAGE;
out:
	free(summary);
	xfer_free(r.x);
	robots_free(r.robots);
	seen_free(r.seen);
	blob_batch_free(&r.batch);
	rec_close(r.rec);
	if (r.db)
		sqlite3_close(r.db);
	if (r.store.dirfd >= 0)
		blobstore_close(&r.store);
	run_lock_release(&lock);
	for (size_t i = 0; i < nsets; i++)
		crawl_free(sets[i]);
	free(sets);
	doc_list_free(&docs);
	free(store_dir);
	json_decref(o.run.vars);
	free(o.manifests);
	free(o.sources);
	free(o.crawls);
	free(o.forgets);
	buf_free(&ua);
	return status;
}
