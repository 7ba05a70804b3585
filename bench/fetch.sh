#!/bin/sh
# fetch.sh BINDIR OBJDIR - fetch speed against curl, and the cost of an
# unchanged rescan (called by bench/run.sh; not a test).
#
# Corpus: N (default 5000) synthetic ~30 KB standards from bench/gencorpus,
# served by our tests/httpd on 127.0.0.1 (keep-alive, ETag/Last-Modified).
# Measured with runbench (median of K runs):
#   curl:   curl --parallel --parallel-max 4 on the same URL list, each body
#           written to its own file (the baseline)
#   first:  peiyou-fetch into an empty database and store (--jobs 4,
#           --per-host 4, --delay 0: the same concurrency as curl, no
#           politeness delay): hashing, the content store (flushed to disk
#           before every commit), the rows
#   rescan: peiyou-fetch again with nothing changed, as the next night's
#           run would be: only documents due are asked about (docs/fetch.md,
#           "How often a document is asked about"); right after the first
#           run none is due
#   recheck: the same with --recheck: every document asked about (every
#           answer a 304), what a night costs when all are due
#   floor:  curl making the same number of requests for tiny answers (404),
#           the least a rescan that asks the server about every document
#           can cost here
# Reported: first/curl (target: at most 1), rescan/first (target: under
# 10 %), and recheck/first against floor/first.  Every timed run starts after `sync`, so that no run pays for the
# previous one's writes.  The server is ours and stops by itself
# (--lifetime).
set -eu
bindir=${1:-bin}
objdir=${2:-build/obj}
rb=$objdir/bench/runbench
work=${PEIYOU_BENCH_DIR:-build/bench}
n=${PEIYOU_BENCH_FETCH_DOCS:-5000}
runs=${PEIYOU_BENCH_FETCH_RUNS:-3}
dir=$work/corpus-$n
fw=$work/fetch
httpd=$objdir/tests/httpd

echo "== fetch ($n documents of ~30 KB from 127.0.0.1, 4 at a time)"
if ! command -v curl >/dev/null 2>&1; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		echo "installing curl (the baseline)" >&2
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends curl >/dev/null ||
			{ apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive \
				apt-get install -y -qq --no-install-recommends curl >/dev/null; }
	fi
	command -v curl >/dev/null 2>&1 || { echo "curl is not installed: skipped"; exit 0; }
fi
[ -x "$httpd" ] || make -s "$httpd" >&2
if [ ! -f "$dir/.complete" ]; then
	rm -rf "$dir"
	"$objdir/bench/gencorpus" --docs "$n" --out "$dir" >&2
	touch "$dir/.complete"
fi
rm -rf "$fw"
mkdir -p "$fw"
"$httpd" --root "$dir" --lifetime 1800 >"$fw/port" 2>"$fw/httpd.err" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT INT TERM
i=0
while [ ! -s "$fw/port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
port=$(head -n 1 "$fw/port")
[ -n "$port" ] || { echo "httpd did not start: $(cat "$fw/httpd.err")"; exit 1; }

# The same URL list for both programs.
ls "$dir" | grep '\.txt$' | sort >"$fw/names"
awk -v p="$port" '{ print "http://127.0.0.1:" p "/" $0 }' "$fw/names" >"$fw/manifest.tsv"
awk -v p="$port" '{ print "url = \"http://127.0.0.1:" p "/status/404/" $0 "\""; print "output = \"/dev/null\"" }' \
	"$fw/names" >"$fw/curl-404.cfg"
awk -v p="$port" -v o="$fw/curl-out" \
	'{ print "url = \"http://127.0.0.1:" p "/" $0 "\""; print "output = \"" o "/" $0 "\"" }' \
	"$fw/names" >"$fw/curl.cfg"
bytes=$(find "$dir" -name '*.txt' -printf '%s\n' | awk '{s += $1} END {print s}')
docs=$(wc -l <"$fw/names")

fetch="$bindir/peiyou-fetch -q --db $fw/fetch.db --manifest $fw/manifest.tsv --jobs 4 --per-host 4 --delay 0"
"$rb" --json --runs "$runs" --label "curl --parallel --parallel-max 4, $docs docs" \
	--bytes "$bytes" --docs "$docs" --before "rm -rf $fw/curl-out && mkdir -p $fw/curl-out && sync" \
	-- curl --parallel --parallel-max 4 -s -K "$fw/curl.cfg" >"$fw/curl.json"
"$rb" --json --runs "$runs" --label "peiyou-fetch first run, $docs docs" \
	--bytes "$bytes" --docs "$docs" \
	--before "rm -rf $fw/fetch.db $fw/fetch.db-wal $fw/fetch.db-shm $fw/fetch.db.store && sync" \
	-- $fetch >"$fw/first.json"
"$rb" --json --runs "$runs" --label "peiyou-fetch unchanged rescan (304), $docs docs" \
	--docs "$docs" -- $fetch >"$fw/rescan.json"
"$rb" --json --runs "$runs" --label "peiyou-fetch --recheck, every document asked (304), $docs docs" \
	--docs "$docs" -- $fetch --recheck >"$fw/recheck.json"
"$rb" --json --runs "$runs" --label "curl, $docs requests for 404 pages" \
	--docs "$docs" -- curl --parallel --parallel-max 4 -s -K "$fw/curl-404.cfg" >"$fw/floor.json"
# The rescans' own summaries: nothing due; everything answered 304.
summary=$($fetch | tail -n 1)
rsummary=$($fetch --recheck | tail -n 1)

median() { sed -E 's/.*"median_s": ([0-9.]+).*/\1/' "$1"; }
c=$(median "$fw/curl.json")
f=$(median "$fw/first.json")
r=$(median "$fw/rescan.json")
z=$(median "$fw/floor.json")
k=$(median "$fw/recheck.json")
awk -v c="$c" -v f="$f" -v r="$r" -v k="$k" -v z="$z" -v n="$docs" -v b="$bytes" 'BEGIN {
	printf "curl --parallel-max 4:        median %.3f s (%.1f MB/s, %.0f docs/s)\n", c, b / 1e6 / c, n / c
	printf "peiyou-fetch, first run:      median %.3f s (%.1f MB/s, %.0f docs/s)\n", f, b / 1e6 / f, n / f
	printf "peiyou-fetch, unchanged:      median %.3f s (%.0f docs/s; none due)\n", r, n / r
	printf "peiyou-fetch --recheck:       median %.3f s (%.0f docs/s; every one asked, 304)\n", k, n / k
	printf "curl, %d tiny requests:     median %.3f s (the floor of one request per document)\n", n, z
	printf "first run / curl:             %.2f (target: at most 1)\n", f / c
	printf "rescan / first run:           %.1f %% (target: under 10 %%)\n", 100 * r / f
	printf "recheck / first run:          %.1f %% (curl floor / first run: %.1f %%; recheck / floor %.2f)\n", 100 * k / f, 100 * z / f, k / z
}'
echo "rescan summary: $summary"
echo "recheck summary: $rsummary"
