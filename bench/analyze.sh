#!/bin/sh
# analyze.sh BINDIR OBJDIR - analyze throughput on the synthetic corpus,
# against extract on the same corpus in the same script (make bench).
set -eu
bindir=${1:-bin}
objdir=${2:-build/obj}
work=${PEIYOU_BENCH_DIR:-build/bench}
rb=$objdir/bench/runbench
n=${PEIYOU_BENCH_ANALYZE_DOCS:-10000}
dir=$work/corpus-$n
if [ ! -f "$dir/.complete" ]; then
	rm -rf "$dir"
	"$objdir/bench/gencorpus" --docs "$n" --out "$dir" >&2
	touch "$dir/.complete"
fi
db=$work/analyze.db
echo "== analyze ($n synthetic documents)"
rm -f "$db" "$db-wal" "$db-shm"
"$rb" --runs 3 --label "extract $n docs into a new database (baseline)" --docs "$n" \
	--before "rm -f $db $db-wal $db-shm" -- "$bindir/peiyou-extract" -q --db "$db" "$dir"
"$rb" --runs 3 --label "analyze $n docs (all analysed: --force)" --docs "$n" \
	-- "$bindir/peiyou-analyze" -q --force --db "$db"
"$rb" --runs 3 --label "analyze $n docs, nothing changed (ranking only)" --docs "$n" \
	-- "$bindir/peiyou-analyze" -q --db "$db"
