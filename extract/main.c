/* main.c - peiyou-extract: standards texts into the database.
 *
 *   peiyou-extract [--db FILE] PATH...     extract files and directories
 *   peiyou-extract --json FILE             one document as JSON, no database
 *   peiyou-extract --db FILE               what peiyou-fetch stored and is new
 *
 * Each document is read, normalised, repaired and parsed in memory, then its
 * rows are replaced in one transaction.  Documents whose content and
 * extractor version are unchanged are skipped, so a rerun does no work.  One
 * bad document is reported and recorded; the batch goes on. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "cli.h"
#include "db.h"
#include "extract.h"
#include "fetched.h"
#include "fileio.h"
#include "lock.h"
#include "log.h"
#include "output.h"
#include "sha256.h"
#include "summary.h"
#include "version.h"
#include "stop.h"

#define INPUT_LIMIT (256u * 1024 * 1024)

enum { EXIT_OK = 0, EXIT_SOME_FAILED = 1, EXIT_USAGE = 2 };

static const char usage[] =
	"usage: peiyou-extract [--db FILE] [options] PATH...\n"
	"       peiyou-extract --json FILE\n"
	"       peiyou-extract --db FILE [--store DIR]\n"
	"\n"
	"Extract the structure of standards texts (UTF-8 text or Markdown in the\n"
	"GB/T 1.1-2020 layout) into the peiyou database: metadata, elements, the\n"
	"clause tree, terms, references, provisions and numbering anomalies.\n"
	"PATH may be a file or a directory (read recursively, hidden files skipped).\n"
	"Unchanged documents (same content, same extractor version) are skipped.\n"
	"With --db and no PATH, the documents peiyou-fetch stored are extracted:\n"
	"exactly those fetched URLs whose latest version is new or changed since\n"
	"their last extraction (the document's source is its URL).\n"
	"\n"
	"options:\n"
	"  --db FILE      the database (default: $PEIYOU_DB, else\n"
	"                 $XDG_DATA_HOME/peiyou/peiyou.db or ~/.local/share/peiyou/peiyou.db)\n"
	"  --json FILE    print one document's extraction as JSON on stdout; no database\n"
	"  --store DIR    where peiyou-fetch keeps the bodies (default: the database\n"
	"                 path + \".store\", as for peiyou-fetch)\n"
	"  --dry-run      extract but write nothing (checking input, timing)\n"
	"  --force        extract again even documents that are unchanged\n"
	"  --batch N      documents per database transaction (default 64)\n"
	"  --ocr          OCR scanned PDFs when tesseract (chi_sim) is installed (default)\n"
	"  --no-ocr       do not OCR: scanned PDFs are kept with the status needs_ocr\n"
	"  -q, --quiet    only errors and the summary line\n"
	"  -v, --verbose  a line per document\n"
	"  -h, --help     this help\n"
	"  -V, --version  print the version\n"
	"\n"
	"The last line of stdout is a JSON summary, e.g.\n"
	"  {\"stage\":\"extract\",\"docs\":14,\"extracted\":14,\"unchanged\":0,\"failed\":0,...}\n"
	"\n"
	"exit status:\n"
	"  0  every document was extracted or is unchanged\n"
	"  1  some documents failed (each is named on stderr and recorded in the\n"
	"     database, view v_extract_failures); the others were extracted\n"
	"     (a scan waiting for OCR or an unsupported format such as .doc is\n"
	"     recorded with its status, view v_document_formats, and is not a failure)\n"
	"  2  usage error, or the database could not be opened or written\n";

/* The run's configuration, from the command line. */
struct config {
	const char *db_path;
	const char *json_file;
	const char *store_dir;  /* --store: the fetch stage's content store */
	int dry_run, force, batch;
	int ocr;                /* --ocr (1, default) / --no-ocr (0) */
	enum log_level level;
};


static int json_one(struct extractor *x, const char *path)
{
	struct buf data = BUF_INIT;
	char err[512];
	int rc = EXIT_OK;
	int got = -1;
	if (read_file(path, &data, INPUT_LIMIT, err, sizeof err) != 0 ||
	    (got = extract_bytes(x, data.p, data.len, err, sizeof err)) < 0) {
		log_error("%s: %s", path, err);
		rc = EXIT_SOME_FAILED;
	} else if (got > 0) {
		log_warn("%s: %s", path, err);   /* kept: needs OCR, unsupported */
		print_kept_json(&x->doc, path, err, stdout);
	} else {
		print_doc_json(&x->doc, path, stdout);
	}
	buf_free(&data);
	return rc;
}

static int parse_args(int argc, char **argv, struct config *cfg)
{
	static const struct option opts[] = {
		{ "json", required_argument, NULL, 'j' },
		{ "store", required_argument, NULL, 'S' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "force", no_argument, NULL, 'f' },
		{ "batch", required_argument, NULL, 'b' },
		{ "ocr", no_argument, NULL, 'O' },
		{ "no-ocr", no_argument, NULL, 'N' },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	char version[64];
	snprintf(version, sizeof version, "peiyou-extract %s (extractor %d)", PEIYOU_VERSION,
		 PEIYOU_EXTRACTOR_VERSION);
	struct cli_common com = { "peiyou-extract", usage, version, cfg->db_path, cfg->level };
	int c;
	while ((c = getopt_long(argc, argv, CLI_COMMON_SHORT, opts, NULL)) != -1) {
		switch (c) {
		case 'j': cfg->json_file = optarg; break;
		case 'S': cfg->store_dir = optarg; break;
		case 'n': cfg->dry_run = 1; break;
		case 'f': cfg->force = 1; break;
		case 'b':
			cfg->batch = atoi(optarg);
			if (cfg->batch < 1) {
				fprintf(stderr, "peiyou-extract: --batch needs a positive number\n");
				return -1;
			}
			break;
		case 'O': cfg->ocr = 1; break;
		case 'N': cfg->ocr = 0; break;
		default:
			if (cli_common(c, optarg, &com) < 0)
				return -1;
		}
	}
	cfg->db_path = com.db_path;
	cfg->level = com.level;
	return 0;
}


int main(int argc, char **argv)
{
	struct config cfg = { .batch = 64, .level = LOG_NORMAL, .ocr = 1 };
	double t0 = now_seconds();
	if (parse_args(argc, argv, &cfg) != 0) {
		summary_fatal("extract", "error", "usage error (see --help)", now_seconds() - t0);
		return EXIT_USAGE;
	}
	log_init("peiyou-extract", cfg.level);
	if (cfg.json_file && optind < argc)
		return summary_fail("extract", "--json takes one file and no other paths", "error", t0);
	/* No path: what fetch stored, in the database --db or $PEIYOU_DB names. */
	const char *env_db = getenv("PEIYOU_DB");
	int fetched_mode = !cfg.json_file && optind >= argc && !cfg.dry_run &&
			   (cfg.db_path || (env_db && *env_db));
	if (!cfg.json_file && optind >= argc && !fetched_mode)
		return summary_fail("extract", "no input: give files or directories to extract, or --db FILE (or"
			     " PEIYOU_DB) for what peiyou-fetch stored (see --help)", "error", t0);
	char err[1024];
	struct extractor x;
	if (extractor_init(&x, err, sizeof err) != 0)
		return summary_fail("extract", err, "error", t0);
	x.cfg.ocr = cfg.ocr;
	if (cfg.json_file) {
		int rc = json_one(&x, cfg.json_file);
		extractor_free(&x);
		return rc;
	}

	struct path_list files = { 0 };
	long bad_paths = 0, skipped = 0;
	for (int i = optind; i < argc; i++)
		if (collect_files(argv[i], &files, &skipped, err, sizeof err) != 0) {
			log_error("%s", err);
			bad_paths++;
		}
	if (skipped)
		log_info("跳过了 %ld 个显然不是标准的文件（.tsv、.json、.csv、SOURCES.tsv 等）"
			 " (%ld files that are plainly not standards were skipped)", skipped, skipped);

	sqlite3 *db = NULL;
	struct store *st = NULL;
	struct fetched *fx = NULL;
	struct run_lock lock = { -1, NULL };
	int64_t run_id = 0;
	char dbpath[4096];
	const char *fatal_status = "error";
	int status = EXIT_OK;
	if (!cfg.dry_run) {
		if (!cfg.db_path) {
			if (db_default_path(dbpath, sizeof dbpath, err, sizeof err) != 0)
				goto fail;
			cfg.db_path = dbpath;
		}
		int lk = run_lock_acquire(&lock, cfg.db_path, "extract", "peiyou-extract", err,
					  sizeof err);
		if (lk != 0) {
			fatal_status = lk == 1 ? "locked" : "error";
			goto fail;
		}
		db = db_open(cfg.db_path, err, sizeof err);
		if (!db || !(st = store_open(db, err, sizeof err)))
			goto fail;
		if (fetched_mode && !(fx = fetched_open(db, cfg.db_path, cfg.store_dir, cfg.force,
							PEIYOU_EXTRACTOR_VERSION, &files,
							err, sizeof err)))
			goto fail;
		run_id = run_begin(db, "extract");
		if (run_id < 0) {
			snprintf(err, sizeof err, "%.500s: cannot record the run: %s", cfg.db_path,
				 sqlite3_errmsg(db));
			goto fail;
		}
	}

	stop_on_signals();
	struct batch b = { .model = &x, .db = db, .st = st, .fx = fx, .db_path = cfg.db_path,
			   .run_id = run_id, .force = cfg.force, .per_commit = cfg.batch, .ocr = cfg.ocr };
	b.n.failed = b.n.docs = bad_paths;
	double t1 = now_seconds();
	if (run_batch(&b, &files, err, sizeof err) != 0)
		goto fail;
	struct counts n = b.n;
	long not_done = (long)files.n + bad_paths - n.docs;
	if (STOP_REQUESTED)
		log_warn("interrupted: %ld documents done; a rerun picks up the rest", n.docs);
	else if (b.fatal && not_done)
		log_warn("%ld 个文档未完成（已回滚或未读到），重新运行即可补上 (%ld documents not"
			 " done: rolled back or not reached; a rerun does them)", not_done, not_done);
	double secs = now_seconds() - t1;
	const struct summary_count counts[] = {
		{ "docs", n.docs }, { "extracted", n.extracted }, { "unchanged", n.unchanged },
		{ "failed", n.failed }, { "kept", n.kept }, { "skipped", skipped },
		{ "not_done", not_done }, { "bytes", n.bytes },
	};
	const char *rs = run_status(b.fatal, STOP_REQUESTED, n.failed);
	struct summary sum = { "extract", run_id, rs, counts, sizeof counts / sizeof counts[0], secs,
			       b.fatal ? b.error : NULL };
	char *line = summary_print(&sum);
	if (db)
		run_end(db, run_id, rs, n.docs, n.failed, n.unchanged, secs, line);
	free(line);
	status = b.fatal ? EXIT_USAGE : (n.failed || STOP_REQUESTED) ? EXIT_SOME_FAILED : EXIT_OK;
	goto out;
fail:
	status = summary_fail("extract", err, fatal_status, t0);
out:
	fetched_close(fx);
	store_close(st);
	if (db)
		sqlite3_close(db);
	run_lock_release(&lock);
	path_list_free(&files);
	extractor_free(&x);
	return status;
}
