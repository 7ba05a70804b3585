#!/bin/sh
# run.sh BINDIR OBJDIR - the benchmarks (make bench).  Not tests: they print
# figures (medians of several runs, ratios against a baseline measured in
# the same script) and fail only when a program fails.
#
# Corpora are generated once, deterministically, under build/bench/.
set -eu
bindir=${1:-bin}
objdir=${2:-build/obj}
work=${PEIYOU_BENCH_DIR:-build/bench}
gen=$objdir/bench/gencorpus
rb=$objdir/bench/runbench
mkdir -p "$work"

corpus() {   # corpus N -> directory of N synthetic ~30 KB standards
	dir=$work/corpus-$1
	if [ ! -f "$dir/.complete" ]; then
		rm -rf "$dir"
		"$gen" --docs "$1" --out "$dir" >&2
		touch "$dir/.complete"
	fi
	echo "$dir"
}

echo "== extract (synthetic corpus, ~30 KB documents)"
# What every run costs before its first document (loading, pattern JIT):
# most of the difference between the 100- and 10,000-document rates.
mkdir -p "$work/empty"
"$rb" --runs 21 --label "extract, empty input (start-up only)" \
	-- "$bindir/peiyou-extract" -q --dry-run "$work/empty"
for n in 100 10000; do
	dir=$(corpus $n)
	runs=5
	[ "$n" -le 1000 ] && runs=21      # short runs: more of them for a steady median
	bytes=$(find "$dir" -name '*.txt' -printf '%s\n' | awk '{s += $1} END {print s}')
	"$rb" --runs 5 --label "cat (reading baseline), $n docs" --bytes "$bytes" --docs "$n" \
		-- /bin/sh -c "cat $dir/*.txt >/dev/null"
	"$rb" --runs "$runs" --label "extract $n docs, no database" --bytes "$bytes" --docs "$n" \
		-- "$bindir/peiyou-extract" -q --dry-run "$dir"
	"$rb" --runs "$runs" --label "extract $n docs, into a new database" --bytes "$bytes" --docs "$n" \
		--before "rm -f $work/extract.db $work/extract.db-wal $work/extract.db-shm" \
		-- "$bindir/peiyou-extract" -q --db "$work/extract.db" "$dir"
	"$rb" --runs 5 --label "extract $n docs, unchanged rerun" --docs "$n" \
		-- "$bindir/peiyou-extract" -q --db "$work/extract.db" "$dir"
done
"$objdir/bench/nfkc" $(find "$(corpus 100)" -name '*.txt' | sort) ../shared/corpus/real/*.md 2>/dev/null ||
	"$objdir/bench/nfkc" $(find "$(corpus 100)" -name '*.txt' | sort)

for extra in bench/fetch.sh bench/formats.sh bench/analyze.sh; do
	[ -f "$extra" ] && sh "$extra" "$bindir" "$objdir"
done
exit 0
