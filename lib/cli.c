/* cli.c - see cli.h. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>

int cli_common(int c, const char *arg, struct cli_common *o)
{
	switch (c) {
	case 'd': o->db_path = arg; return 1;
	case 'q': o->level = LOG_QUIET; return 1;
	case 'v': o->level = LOG_VERBOSE; return 1;
	case 'h': fputs(o->usage, stdout); exit(0);
	case 'V': printf("%s\n", o->version); exit(0);
	default:
		fprintf(stderr, "Try '%s --help'.\n", o->program);
		return -1;
	}
}

int cli_no_operands(int argc, char **argv, int optind_now, const char *program)
{
	if (optind_now >= argc)
		return 0;
	fprintf(stderr, "%s: unexpected argument %s\nTry '%s --help'.\n", program,
		argv[optind_now], program);
	return -1;
}
