/* datadir.h - where the shipped data files (lexicon, weights, lists) are.
 *
 * Search order: the --data option, $PEIYOU_DATA, then beside the program:
 * <dir of the executable>/../data (a source tree: bin/../data) and
 * <dir of the executable>/../share/peiyou (an installed tree). */
#ifndef PEIYOU_DATADIR_H
#define PEIYOU_DATADIR_H

#include <stddef.h>

/* Find the data directory holding file `probe` (e.g. "lexicon.tsv").
 * option may be NULL.  Writes the directory into out; returns 0, or -1
 * with a message listing where it looked. */
int find_datadir(const char *option, const char *probe, char *out, size_t outlen,
		 char *err, size_t errlen);

#endif
