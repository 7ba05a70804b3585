/* cli.h - the options every stage program takes, handled in one place:
 *   --db FILE, -q/--quiet, -v/--verbose, -h/--help, -V/--version,
 * and the "Try 'PROGRAM --help'." answer to anything else.
 *
 *   static const struct option opts[] = { ..., CLI_COMMON_OPTIONS, { NULL, 0, NULL, 0 } };
 *   while ((c = getopt_long(argc, argv, CLI_COMMON_SHORT, opts, NULL)) != -1)
 *           switch (c) { case 'x': ...; default: if (cli_common(c, optarg, &com) < 0) return -1; }
 */
#ifndef PEIYOU_CLI_H
#define PEIYOU_CLI_H

#include <getopt.h>
#include "log.h"

#define CLI_COMMON_OPTIONS \
	{ "db", required_argument, NULL, 'd' }, { "quiet", no_argument, NULL, 'q' }, \
	{ "verbose", no_argument, NULL, 'v' }, { "help", no_argument, NULL, 'h' }, \
	{ "version", no_argument, NULL, 'V' }
#define CLI_COMMON_SHORT "qvhV"

struct cli_common {
	const char *program;    /* "peiyou-extract" */
	const char *usage;      /* printed by --help */
	const char *version;    /* printed by --version, e.g. "peiyou-extract 0.1.0" */
	const char *db_path;    /* --db, NULL when not given */
	enum log_level level;   /* -q, -v */
};

/* Handle getopt's answer c for a common option.  Returns 1 when handled,
 * -1 (with the "Try --help" line on stderr) for an unknown option.  --help
 * and --version print and exit 0. */
int cli_common(int c, const char *arg, struct cli_common *o);

/* No arguments may follow the options: 0, or -1 with a message. */
int cli_no_operands(int argc, char **argv, int optind_now, const char *program);

#endif
