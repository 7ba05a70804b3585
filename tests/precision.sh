#!/bin/sh
# precision.sh BINDIR OBJDIR [--unjudged | --all | --stale] - the drafting
# checks' precision on the real standards in ../shared/corpus (make precision).
#
# Extracts and analyses every real text there (the seed draft, real/*.md,
# pdf/*.pdf, html/*.html) into build/precision.db, then compares the
# findings with our verdicts in tests/precision/verdicts.tsv (see the
# comment atop tests/precision.c).  Not part of make test: it needs
# ../shared, and its figures are for people, not a pass/fail.
set -eu
bin=$1 obj=$2
shift 2
shared=${PEIYOU_SHARED:-../shared}
if [ ! -d "$shared/corpus" ]; then
	echo "precision: $shared/corpus not found (set PEIYOU_SHARED)" >&2
	exit 2
fi
db=build/precision.db
rm -f "$db" "$db-wal" "$db-shm"
c=$shared/corpus
# Scans without a text layer are refused (exit 1) unless OCR is installed:
# that is expected here, and each is named on stderr.
"$bin/peiyou-extract" -q --db "$db" "$c/seed" "$c/real" "$c/pdf" "$c/html" \
	>/dev/null 2>build/precision-extract.log || [ $? -eq 1 ]
"$bin/peiyou-analyze" -q --all-checks --db "$db" >/dev/null
"$obj/tests/precision" --db "$db" --verdicts tests/precision/verdicts.tsv "$@"
