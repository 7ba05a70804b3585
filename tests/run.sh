#!/bin/sh
# run.sh BINDIR OBJDIR - the whole test suite (make test).
#
# Runs the property checks of lib/ (tests/unit.c) and every data-driven
# case under tests/cases (tests/harness.c), then prints one closing line
# "N passed, N failed" over both.  Real texts are read from ../shared when
# it is there; cases that need it are skipped with a visible message.
set -u
bindir=${1:-bin}
objdir=${2:-build/obj}
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${PEIYOU_SHARED:-$root/../shared}
cd "$root" || exit 2
# The stage programs find data/ beside bin/; sanitizer builds live elsewhere.
export PEIYOU_DATA="${PEIYOU_DATA:-$root/data}"
[ -d "$shared" ] || echo "note: $shared is missing: cases that read the real texts are skipped"

out=$(mktemp)
trap 'rm -f "$out"' EXIT
passed=0 failed=0 skipped=0

count() {   # add up the closing line of one runner
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$out" | tail -n 1)
	[ -n "$line" ] || { echo "runner printed no summary"; failed=$((failed + 1)); return; }
	p=$(echo "$line" | sed -E 's/^([0-9]+) passed.*/\1/')
	f=$(echo "$line" | sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/')
	s=$(echo "$line" | sed -nE 's/.*, ([0-9]+) skipped.*/\1/p')
	passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + ${s:-0}))
}

echo "== lib properties"
"$objdir/tests/unit" "$shared" >"$out" 2>&1; cat "$out"; count

echo "== data-driven cases"
"$objdir/tests/harness" --bin "$bindir" --root "$root" --shared "$shared" tests/cases >"$out" 2>&1
cat "$out"; count

# --- report stage: the SQL examples of docs/queries.md and the browser test
echo "== docs/queries.md examples"
qdir=$(mktemp -d)
# the sample as make run builds it, then one more standard the next night
if "$bindir/peiyou" run -q --db "$qdir/q.db" --manifest data/sample-manifest.tsv \
	--source data/sources/sample.json --out "$qdir/out" >"$qdir/build.log" 2>&1 &&
   "$bindir/peiyou" --db "$qdir/q.db" extract -q tests/fixtures/report/next-night.txt >>"$qdir/build.log" 2>&1 &&
   "$bindir/peiyou" run -q --db "$qdir/q.db" --manifest data/sample-manifest.tsv \
	--source data/sources/sample.json --out "$qdir/out" >>"$qdir/build.log" 2>&1; then
	"$objdir/tests/queries" --db "$qdir/q.db" docs/queries.md >"$out" 2>&1
	cat "$out"; count
else
	tail -n 20 "$qdir/build.log"
	echo "building the database for docs/queries.md failed"; failed=$((failed + 1))
fi
rm -rf "$qdir"

echo "== report.html in headless Chromium"
sh tests/browser.sh "$bindir" "$objdir" >"$out" 2>&1; cat "$out"; count

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
