/* nfkc.c - NFKC throughput: the fast path against one utf8proc_map() pass.
 *
 *   nfkc FILE...
 *
 * Both run over the same texts in the same process, alternating, seven
 * rounds; prints the median MB/s of each and their ratio.  A benchmark,
 * not a test: tests/unit.c checks the two give the same bytes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fileio.h"
#include "log.h"
#include "normalize.h"

#define ROUNDS 7

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: nfkc FILE...\n");
		return 2;
	}
	struct buf all = BUF_INIT, one = BUF_INIT, out = BUF_INIT;
	char err[256];
	for (int i = 1; i < argc; i++) {
		if (read_file(argv[i], &one, 64u << 20, err, sizeof err) != 0) {
			fprintf(stderr, "%s: %s\n", argv[i], err);
			return 1;
		}
		buf_append(&all, one.p, one.len);
		buf_putc(&all, '\n');
	}
	double fast[ROUNDS], plain[ROUNDS];
	for (int r = 0; r < ROUNDS; r++) {
		double t0 = now_seconds();
		if (norm_nfkc(all.p, all.len, &out, err, sizeof err) != 0) {
			fprintf(stderr, "fast path: %s\n", err);
			return 1;
		}
		double t1 = now_seconds();
		if (norm_nfkc_reference(all.p, all.len, &out, err, sizeof err) != 0) {
			fprintf(stderr, "utf8proc_map: %s\n", err);
			return 1;
		}
		double t2 = now_seconds();
		fast[r] = (double)all.len / 1e6 / (t1 - t0);
		plain[r] = (double)all.len / 1e6 / (t2 - t1);
	}
	qsort(fast, ROUNDS, sizeof fast[0], cmp_double);
	qsort(plain, ROUNDS, sizeof plain[0], cmp_double);
	printf("nfkc on %.1f MB: fast path median %.0f MB/s, utf8proc_map median %.0f MB/s, ratio %.1fx\n",
	       (double)all.len / 1e6, fast[ROUNDS / 2], plain[ROUNDS / 2], fast[ROUNDS / 2] / plain[ROUNDS / 2]);
	buf_free(&all);
	buf_free(&one);
	buf_free(&out);
	return 0;
}
