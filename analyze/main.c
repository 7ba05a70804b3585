/* main.c - peiyou-analyze: categories, drafting findings, indicators and
 * rankings of the extracted standards.
 *
 *   peiyou-analyze [--db FILE] [--weights FILE]   analyse what changed, rank all
 *   peiyou-analyze --explain CODE                  why a standard scores as it does
 *   peiyou-analyze --train LABELS.tsv              fit the classification model
 *   peiyou-analyze --cross-validate LABELS.tsv     measure it on held-out folds
 *
 * A document is analysed again only when its extraction (content, extractor
 * version) or the configuration (lexicon, weights, withdrawn list, analyzer
 * version) changed; the rankings are recomputed over all documents on
 * every run and stored under the run's id. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "cli.h"
#include "datadir.h"
#include "db.h"
#include "lock.h"
#include "log.h"
#include "summary.h"
#include "version.h"
#include "worker.h"
#include "stop.h"

enum { EXIT_OK = 0, EXIT_SOME_FAILED = 1, EXIT_USAGE = 2 };

static const char usage[] =
	"usage: peiyou-analyze [--db FILE] [options]\n"
	"       peiyou-analyze [--db FILE] --explain CODE\n"
	"       peiyou-analyze --train LABELS.tsv [--model FILE]\n"
	"       peiyou-analyze --cross-validate LABELS.tsv [--folds K] [--seed N]\n"
	"       peiyou-analyze --test LABELS.tsv [--model FILE]\n"
	"\n"
	"Classify the extracted standards into the eight categories of T/NSSQ X-2022,\n"
	"check their drafting against GB/T 1.1-2020, score six indicators and rank them\n"
	"as improvement candidates and as excellence (培优) candidates.  Only documents\n"
	"whose extraction or whose analysis configuration changed are analysed again;\n"
	"the rankings are recomputed over all documents and kept per run.\n"
	"\n"
	"options:\n"
	"  --db FILE        the database (default: $PEIYOU_DB, else\n"
	"                   $XDG_DATA_HOME/peiyou/peiyou.db or ~/.local/share/peiyou/peiyou.db)\n"
	"  --data DIR       where lexicon.tsv, weights.conf and withdrawn.tsv are\n"
	"                   (default: $PEIYOU_DATA, else beside the program)\n"
	"  --weights FILE   weights and thresholds over those of DIR/weights.conf\n"
	"  --model FILE     the classification model (default: DIR/model.tsv); with\n"
	"                   --train, where the model is written\n"
	"  --explain CODE   print the category evidence, indicators with their inputs,\n"
	"                   findings and ranks of one standard (by code or source)\n"
	"  --evaluate FILE  compare the stored categories with labels (file<TAB>primary\n"
	"                   per line, - for not in the field): accuracy and macro-F1\n"
	"  --train FILE     fit the model to labelled titles (a header naming title and\n"
	"                   primary_category, optionally scope, ics, ccs, industry,\n"
	"                   confidence; a class is one of the eight or 无) and write it\n"
	"                   (no database needed)\n"
	"  --cross-validate FILE\n"
	"                   train and predict on K stratified folds of FILE (tuned inside\n"
	"                   the training folds only): per-class precision, recall, F1,\n"
	"                   macro-F1, in-field accuracy, confusion matrix\n"
	"  --test FILE      predict the labelled rows of FILE (same columns) with the\n"
	"                   model as it is, fitting nothing: the same figures, for\n"
	"                   labels it was not trained on\n"
	"  --folds K        folds of --cross-validate (default 10)\n"
	"  --seed N         seed of the folds (default 1)\n"
	"  --force          analyse every document again\n"
	"  --lang zh|en     the language of the findings' messages (default zh)\n"
	"  --all-checks     also run the checks that are off by default (their\n"
	"                   precision on real texts is below 0.9: docs/analyze.md)\n"
	"  -q, --quiet      only errors and the summary line\n"
	"  -v, --verbose    a line per document\n"
	"  -h, --help       this help\n"
	"  -V, --version    print the version\n"
	"\n"
	"The last line of stdout is a JSON summary, e.g.\n"
	"  {\"stage\":\"analyze\",\"docs\":14,\"analyzed\":14,\"unchanged\":0,\"failed\":0,...}\n"
	"\n"
	"exit status:\n"
	"  0  every document was analysed or is unchanged\n"
	"  1  some documents could not be analysed (each is named on stderr)\n"
	"  2  usage or configuration error, or the database could not be used\n";

struct options {
	const char *db_path, *data, *weights, *explain, *evaluate, *model, *train, *crossval, *test;
	int force, lang_en, all_checks, folds;
	unsigned seed;
	enum log_level level;
};

static int parse_args(int argc, char **argv, struct options *o)
{
	static const struct option opts[] = {
		{ "data", required_argument, NULL, 'D' },
		{ "weights", required_argument, NULL, 'w' },
		{ "explain", required_argument, NULL, 'e' },
		{ "evaluate", required_argument, NULL, 'E' },
		{ "model", required_argument, NULL, 'm' },
		{ "train", required_argument, NULL, 't' },
		{ "cross-validate", required_argument, NULL, 'X' },
		{ "test", required_argument, NULL, 'T' },
		{ "folds", required_argument, NULL, 'k' },
		{ "seed", required_argument, NULL, 's' },
		{ "force", no_argument, NULL, 'f' },
		{ "lang", required_argument, NULL, 'L' },
		{ "all-checks", no_argument, NULL, 'A' },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	char version[64];
	snprintf(version, sizeof version, "peiyou-analyze %s (analyzer %d)", PEIYOU_VERSION,
		 ANALYZER_VERSION);
	struct cli_common com = { "peiyou-analyze", usage, version, o->db_path, o->level };
	int c;
	while ((c = getopt_long(argc, argv, CLI_COMMON_SHORT, opts, NULL)) != -1) {
		switch (c) {
		case 'D': o->data = optarg; break;
		case 'w': o->weights = optarg; break;
		case 'e': o->explain = optarg; break;
		case 'E': o->evaluate = optarg; break;
		case 'm': o->model = optarg; break;
		case 't': o->train = optarg; break;
		case 'X': o->crossval = optarg; break;
		case 'T': o->test = optarg; break;
		case 'k': o->folds = atoi(optarg); break;
		case 's': o->seed = (unsigned)strtoul(optarg, NULL, 10); break;
		case 'f': o->force = 1; break;
		case 'A': o->all_checks = 1; break;
		case 'L':
			if (strcmp(optarg, "zh") && strcmp(optarg, "en")) {
				fprintf(stderr, "peiyou-analyze: --lang: want zh or en, not \"%s\"\n", optarg);
				return -1;
			}
			o->lang_en = !strcmp(optarg, "en");
			break;
		default:
			if (cli_common(c, optarg, &com) < 0)
				return -1;
		}
	}
	o->db_path = com.db_path;
	o->level = com.level;
	return cli_no_operands(argc, argv, optind, "peiyou-analyze");
}

int analyzer_init(struct analyzer *a, const struct config *cfg, char *err, size_t errlen)
{
	extern const char *const vague_words[];
	memset(a, 0, sizeof *a);
	modal_filter_init(&a->modal);
	a->cfg = cfg;
	/* orientation.terms: comma-separated */
	char *list = arena_strdup(&a->arena, cfg->w.orientation_terms ? cfg->w.orientation_terms : "");
	for (char *t = strtok(list, ","); t; t = strtok(NULL, ","))
		if (*t)
			*vec_push(&a->orientation_terms) = t;
	size_t nw = cfg->lex.n + a->orientation_terms.n;
	const char **words = malloc((nw + 1) * sizeof *words);
	for (size_t i = 0; i < cfg->lex.n; i++)
		words[i] = cfg->lex.v[i].term;
	for (size_t i = 0; i < a->orientation_terms.n; i++)
		words[cfg->lex.n + i] = a->orientation_terms.v[i];
	a->nlex = cfg->lex.n;
	a->twin = malloc((cfg->lex.n + 1) * sizeof *a->twin);
	for (size_t i = 0; i < cfg->lex.n; i++) {
		a->twin[i] = -1;
		for (size_t j = i + 1; j < cfg->lex.n; j++)
			if (strcmp(cfg->lex.v[i].term, cfg->lex.v[j].term) == 0) {
				a->twin[i] = (int)j;
				break;
			}
	}
	int rc = aho_build(&a->words, words, nw);
	free(words);
	size_t nv = 0;
	while (vague_words[nv])
		nv++;
	if (rc == 0)
		rc = aho_build(&a->vague, vague_words, nv);
	extern const char *const subjective_words[];
	size_t ns = 0;
	while (subjective_words[ns])
		ns++;
	if (rc == 0)
		rc = aho_build(&a->subjective, subjective_words, ns);
	if (rc != 0) {
		snprintf(err, errlen, "out of memory building the lexicon");
		return -1;
	}
	if (rx_ctx_init(&a->rc) != 0) {
		snprintf(err, errlen, "cannot allocate the PCRE2 match context");
		return -1;
	}
	/* What may follow a citation to point into a part of the cited document. */
	if (rx_compile(&a->clause_ref, "clause-ref",
		       "^ ?(?:中|的)? ?(?:第 ?[0-9一二三四五六七八九十]+ ?[章条款节]|[0-9]+(?:\\.[0-9]+)+"
		       "|表 ?[A-Z]?\\.?[0-9]+|图 ?[A-Z]?\\.?[0-9]+|附录 ?[A-Z])",
		       PCRE2_UTF, err, errlen) != 0)
		return -1;
	/* Something a requirement can be checked against: a number or value,
	 * a quoted value, a comparison, a frequency, a reference to a document,
	 * clause, table or figure, a criterion ("符合/满足……要求"), a value it
	 * must have ("应为"), a comparison with something ("与……一致").  An
	 * enumeration of qualities ("应清晰、规范") is not one. */
	if (rx_compile(&a->measurable, "measurable",
		       "[0-9]|[一二两三四五六七八九十百千]+ ?(?:次|个|名|人|年|月|日|天|周|小时|分钟|项|种|级|类|份)"
		       "|每 ?(?:日|天|周|月|季度|季|年|学期|学年|次|班|小时|分钟|秒|[0-9一二两三四五六七八九十])|实时|以内|以上|以下|不少于|不超过|不低于|不高于|不多于|不大于|不小于|小于|大于|等于"
		       "|至少|至多|之前|之内|%|GB|DB[0-9]|T/|[A-Z]{2}/T|[A-Z]{2,} ?[0-9]|附录|表 ?[A-Z0-9]"
		       "|图 ?[A-Z0-9]|“[^”]{1,40}”|\\\"[^\\\"]{1,40}\\\"|《"
		       "|(?:符合|满足|达到|遵守|遵循|执行).{0,40}(?:规定|要求|标准|条件|规范|程序)"
		       "|按照.{0,40}(?:规定|要求|程序|流程|标准)|应为|应是|一致|相同|相符",
		       PCRE2_UTF, err, errlen) != 0)
		return -1;
	return 0;
}

void analyzer_free(struct analyzer *a)
{
	aho_free(&a->words);
	aho_free(&a->vague);
	free(a->twin);
	vec_free(&a->orientation_terms);
	if (a->clause_ref.code)
		rx_free(&a->clause_ref);
	if (a->measurable.code)
		rx_free(&a->measurable);
	aho_free(&a->subjective);
	rx_ctx_free(&a->rc);
	arena_free(&a->arena);
}

struct counts {
	long docs, analyzed, unchanged, failed, in_field, ranked;
};

typedef VEC(int64_t) id_list;

/* Ids of the documents to analyse now, and counts of all documents. */
static int select_work(sqlite3 *db, const struct config *cfg, int force, id_list *ids,
		       struct counts *n, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	if (db_prepare(db,
		       "SELECT d.id, a.doc_id IS NULL OR a.content_sha256 IS NOT d.content_sha256"
		       " OR a.extractor_version IS NOT d.extractor_version OR a.config_hash IS NOT ?1"
		       " FROM documents d LEFT JOIN analysis a ON a.doc_id = d.id"
		       " WHERE d.extract_status = 'ok' ORDER BY d.id", &st, err, errlen) != 0)
		return -1;
	sqlite3_bind_text(st, 1, cfg->hash, -1, SQLITE_STATIC);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		n->docs++;
		if (force || sqlite3_column_int(st, 1))
			*vec_push(ids) = sqlite3_column_int64(st, 0);
		else
			n->unchanged++;
	}
	if (rc != SQLITE_DONE)
		snprintf(err, errlen, "cannot list the documents: %s", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Results of documents no longer extracted (failed since, or gone) go.
 * The analysis row is written with a document's results in one savepoint,
 * so the documents that have results are those with an analysis row: the
 * stale ones are found there (usually none) and their rows through the
 * doc_id indexes, instead of scanning every results table. */
static int drop_stale(sqlite3 *db, char *err, size_t errlen)
{
#define STALE "(SELECT doc_id FROM analysis WHERE doc_id NOT IN" \
	      " (SELECT id FROM documents WHERE extract_status = 'ok'))"
	return db_exec(db,
		       "DELETE FROM classification WHERE doc_id IN " STALE ";"
		       "DELETE FROM category_evidence WHERE doc_id IN " STALE ";"
		       "DELETE FROM findings WHERE doc_id IN " STALE ";"
		       "DELETE FROM indicators WHERE doc_id IN " STALE ";"
		       "DELETE FROM analysis WHERE doc_id IN " STALE ";",
		       err, errlen);
#undef STALE
}


/* --train and --cross-validate: no database, no model read; --test: no
 * database, the model read. */
static int learn(const struct options *o, double t0)
{
	char err[1024], datadir[4096], mpath[4200];
	struct config cfg;
	struct analyzer an;
	memset(&cfg, 0, sizeof cfg);
	memset(&an, 0, sizeof an);
	int rc = -1;
	if (find_datadir(o->data, "lexicon.tsv", datadir, sizeof datadir, err, sizeof err) == 0 &&
	    config_load(&cfg, datadir, o->weights, o->test ? o->model : NULL, o->test ? 1 : -1, err,
			sizeof err) == 0 &&
	    analyzer_init(&an, &cfg, err, sizeof err) == 0) {
		snprintf(mpath, sizeof mpath, "%s/model.tsv", datadir);
		const char *model = o->model ? o->model : mpath;
		rc = o->train ? train_model(&an, o->train, model, stdout, err, sizeof err)
		     : o->test ? test_model(&an, o->test, model, stdout, err, sizeof err)
			       : cross_validate(&an, o->crossval, o->folds ? o->folds : 10,
						o->seed ? o->seed : 1, stdout, err, sizeof err);
	}
	analyzer_free(&an);
	config_free(&cfg);
	return rc ? summary_fail("analyze", err, "error", t0) : EXIT_OK;
}

int main(int argc, char **argv)
{
	struct options o = { .level = LOG_NORMAL };
	double t_start = now_seconds();
	if (parse_args(argc, argv, &o) != 0) {
		summary_fatal("analyze", "error", "usage error (see --help)", now_seconds() - t_start);
		return EXIT_USAGE;
	}
	log_init("peiyou-analyze", o.level);
	if (o.train || o.crossval || o.test)
		return learn(&o, t_start);
	char err[1024], dbpath[4096], datadir[4096];
	if (!o.db_path) {
		if (db_default_path(dbpath, sizeof dbpath, err, sizeof err) != 0)
			return summary_fail("analyze", err, "error", t_start);
		o.db_path = dbpath;
	}
	/* --explain and --evaluate only read: no lock, no run */
	struct run_lock lock = { -1, NULL };
	if (!o.explain && !o.evaluate) {
		int lk = run_lock_acquire(&lock, o.db_path, "analyze", "peiyou-analyze", err,
					  sizeof err);
		if (lk != 0)
			return summary_fail("analyze", err, lk == 1 ? "locked" : "error", t_start);
	}
	sqlite3 *db = db_open(o.db_path, err, sizeof err);
	if (!db) {
		run_lock_release(&lock);
		return summary_fail("analyze", err, "error", t_start);
	}
	if (o.explain || o.evaluate) {
		int rc = o.explain ? explain(db, o.explain, stdout, err, sizeof err)
				   : evaluate(db, o.evaluate, stdout, err, sizeof err);
		if (rc != 0)
			log_error("%s", err);
		sqlite3_close(db);
		return rc ? EXIT_USAGE : EXIT_OK;
	}
	struct config cfg;
	struct analyzer an;
	memset(&an, 0, sizeof an);
	int status = EXIT_USAGE;
	struct loader *ld = NULL;
	struct results *res = NULL;
	struct adoc doc[WORKER_QUEUE];  /* document k in doc[k % WORKER_QUEUE] */
	memset(doc, 0, sizeof doc);
	struct worker *wk = NULL;
	id_list ids = { 0 };
	memset(&cfg, 0, sizeof cfg);
	if (find_datadir(o.data, "lexicon.tsv", datadir, sizeof datadir, err, sizeof err) != 0 ||
	    config_load(&cfg, datadir, o.weights, o.model, 1, err, sizeof err) != 0) {
		sqlite3_close(db);
		config_free(&cfg);
		run_lock_release(&lock);
		return summary_fail("analyze", err, "error", t_start);
	}
	/* The messages' language and the checks run change the results. */
	if (o.lang_en || o.all_checks)
		config_mix(&cfg, o.lang_en ? (o.all_checks ? "lang=en all-checks" : "lang=en") : "all-checks");
	int init = analyzer_init(&an, &cfg, err, sizeof err);
	an.lang_en = o.lang_en;
	an.all_checks = o.all_checks;
	if (init != 0 ||
	    !(ld = loader_open(db, err, sizeof err)) || !(res = results_open(db, err, sizeof err)) ||
	    store_checks(db, err, sizeof err) != 0 || drop_stale(db, err, sizeof err) != 0 ||
	    !(wk = worker_start(&an, err, sizeof err))) {
		log_error("%s", err);
		goto out;
	}
	int64_t run_id = run_begin(db, "analyze");
	struct counts n = { 0 };
	if (run_id < 0) {
		snprintf(err, sizeof err, "%.500s: cannot record the run: %s", o.db_path,
			 sqlite3_errmsg(db));
		log_error("%s", err);
		goto out;
	}
	if (select_work(db, &cfg, o.force, &ids, &n, err, sizeof err) != 0) {
		log_error("%s", err);
		goto out;
	}
	stop_on_signals();
	double t0 = now_seconds(), last_commit = t0, last_progress = 0;
	int in_tx = 0, fatal = 0;
	/* Read documents ahead (up to WORKER_QUEUE in flight) while the worker
	 * analyses them, and write the results of each in order (worker.h). */
	size_t next = 0, done = 0, submitted = 0, stored = 0;
	for (;;) {
		if (!in_tx) {
			if (db_exec(db, "BEGIN IMMEDIATE", err, sizeof err) != 0) {
				log_error("%s: %s", o.db_path, err);
				fatal = 1;
				break;
			}
			in_tx = 1;
		}
		while (submitted - stored < WORKER_QUEUE && next < ids.n && !STOP_REQUESTED) {
			int64_t id = ids.v[next++];
			struct adoc *d = &doc[submitted % WORKER_QUEUE];
			if (load_document(ld, id, d, err, sizeof err) == 0) {
				worker_submit(wk, d);
				submitted++;
			} else {
				log_error("document %lld: %s", (long long)id, err);
				n.failed++;
				done++;
			}
		}
		if (stored == submitted)
			break;
		int rc = worker_wait(wk, err, sizeof err);
		struct adoc *d = &doc[stored++ % WORKER_QUEUE];
		const char *code = d->code ? d->code : "(no code)";
		done++;
		if (rc != 0) {
			log_error("%s: %s", code, err);
			n.failed++;
		} else if (db_exec(db, "SAVEPOINT doc", err, sizeof err) != 0 ||
			   store_results(res, &cfg, d, run_id, err, sizeof err) != 0 ||
			   db_exec(db, "RELEASE doc", err, sizeof err) != 0) {
			log_error("%s: %s", code, err);
			fatal = 1;
			break;
		} else {
			n.analyzed++;
			log_verbose("%s: %s, %zu findings", code,
				    d->primary >= 0 ? category_name[d->primary] : "not in the field",
				    d->findings.n);
		}
		double now = now_seconds();
		if (now - last_commit > 1.0) {
			if (db_exec(db, "COMMIT", err, sizeof err) != 0) {
				log_error("%s: %s", o.db_path, err);
				fatal = 1;
				in_tx = 0;
				break;
			}
			in_tx = 0;
			last_commit = now;
		}
		if (now - last_progress > 0.2) {
			log_progress("%zu/%zu documents analysed", done, ids.n);
			last_progress = now;
		}
	}
	worker_stop(wk);
	wk = NULL;
	log_progress_done();
	if (in_tx && db_exec(db, fatal ? "ROLLBACK" : "COMMIT", err, sizeof err) != 0) {
		log_error("%s: %s", o.db_path, err);
		fatal = 1;
	}
	if (!fatal && !STOP_REQUESTED) {
		n.ranked = rank_documents(db, &cfg, run_id, err, sizeof err);
		if (n.ranked < 0) {
			log_error("ranking: %s", err);
			fatal = 1;
			n.ranked = 0;
		}
	}
	sqlite3_stmt *st;
	if (db_prepare(db, "SELECT count(*) FROM analysis a JOIN documents d ON d.id = a.doc_id"
		       " WHERE d.extract_status = 'ok' AND a.category IS NOT NULL", &st, err, sizeof err) == 0) {
		if (sqlite3_step(st) == SQLITE_ROW)
			n.in_field = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
	}
	char *line = NULL;
	double secs = now_seconds() - t0;
	const struct summary_count counts[] = {
		{ "docs", n.docs }, { "analyzed", n.analyzed }, { "unchanged", n.unchanged },
		{ "failed", n.failed }, { "in_field", n.in_field }, { "ranked", n.ranked },
	};
	const char *rs = run_status(fatal, STOP_REQUESTED, n.failed);
	struct summary sum = { "analyze", run_id, rs, counts, sizeof counts / sizeof counts[0], secs,
			       fatal ? err : NULL };
	line = summary_print(&sum);
	run_end(db, run_id, rs, n.docs, n.failed, n.unchanged, secs, line);
	free(line);
	status = fatal ? EXIT_USAGE : (n.failed || STOP_REQUESTED) ? EXIT_SOME_FAILED : EXIT_OK;
	goto done;
out:
	summary_fatal("analyze", "error", err, now_seconds() - t_start);
done:
	vec_free(&ids);
	worker_stop(wk);
	for (int i = 0; i < WORKER_QUEUE; i++)
		adoc_free(&doc[i]);
	results_close(res);
	loader_close(ld);
	analyzer_free(&an);
	config_free(&cfg);
	sqlite3_close(db);
	run_lock_release(&lock);
	return status;
}
