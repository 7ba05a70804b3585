#!/bin/sh
# formats.sh BINDIR OBJDIR - PDF conversion speed and its share of extract's
# time (called by bench/run.sh; not a test).
#
# Corpus: the text-layer PDFs we have: our fixtures (tests/fixtures/pdf,
# scan.pdf left out) and, when ../shared is there, the real text-layer PDFs
# 001-004.  Each file is copied K times (distinct names, so nothing is
# skipped) into build/bench/pdf-corpus.
#
# Measured with runbench (median of 5):
#   A: pdftotext -layout on every file, as extract runs it (one process per
#      file), output thrown away: the conversion alone
#   B: peiyou-extract --dry-run on the directory: conversion + the chain
# Reported: pages/s of A, and A/B, the share of extract's time that is
# conversion (target: at most one half).
set -eu
bindir=${1:-bin}
objdir=${2:-build/obj}
rb=$objdir/bench/runbench
work=${PEIYOU_BENCH_DIR:-build/bench}/pdf-corpus
shared=${PEIYOU_SHARED:-../shared}
copies=${PEIYOU_BENCH_PDF_COPIES:-10}

echo "== formats (PDF conversion, pdftotext -layout)"
if ! command -v pdftotext >/dev/null 2>&1; then
	echo "pdftotext is not installed (poppler-utils): skipped"
	exit 0
fi
rm -rf "$work"
mkdir -p "$work"
set -- tests/fixtures/pdf/two-page.pdf tests/fixtures/pdf/cover.pdf tests/fixtures/pdf/table.pdf
for f in 001 002 003 004; do
	[ -f "$shared/corpus/pdf/$f.pdf" ] && set -- "$@" "$shared/corpus/pdf/$f.pdf"
done
i=0
for k in $(seq 1 "$copies"); do
	for f in "$@"; do
		i=$((i + 1))
		cp "$f" "$work/$(printf '%04d' $i)-$(basename "$f")"
	done
done
pages=0
for f in "$work"/*.pdf; do
	p=$(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/ {print $2}')
	pages=$((pages + ${p:-0}))
done
docs=$i
bytes=$(find "$work" -name '*.pdf' -printf '%s\n' | awk '{s += $1} END {print s}')
echo "corpus: $docs PDFs ($# distinct x $copies), $pages pages, $bytes bytes"

out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$rb" --runs 5 --json --label "pdftotext -layout, $docs files" --docs "$docs" -- \
	/bin/sh -c "for f in $work/*.pdf; do pdftotext -layout -enc UTF-8 -eol unix \"\$f\" - >/dev/null 2>&1; done" >"$out"
conv=$(sed -n 's/.*"median_s": *\([0-9.eE+-]*\).*/\1/p' "$out")
[ -n "$conv" ] || conv=$(grep -o '"median[^,}]*' "$out" | head -1 | sed 's/.*: *//')
"$rb" --runs 5 --json --label "peiyou-extract --dry-run, $docs PDFs" --docs "$docs" -- \
	"$bindir/peiyou-extract" -q --dry-run "$work" >"$out" || true
ext=$(sed -n 's/.*"median_s": *\([0-9.eE+-]*\).*/\1/p' "$out")
[ -n "$ext" ] || ext=$(grep -o '"median[^,}]*' "$out" | head -1 | sed 's/.*: *//')
# For reference, when MuPDF's mutool is installed (not a dependency): the
# other text-extraction library Debian packages, on the same files.
mu=
if command -v mutool >/dev/null 2>&1; then
	"$rb" --runs 5 --json --label "mutool draw -F txt, $docs files" --docs "$docs" -- \
		/bin/sh -c "for f in $work/*.pdf; do mutool draw -q -F txt -o /dev/null \"\$f\" >/dev/null 2>&1; done" >"$out"
	mu=$(sed -n 's/.*"median_s": *\([0-9.eE+-]*\).*/\1/p' "$out")
fi
awk -v c="$conv" -v e="$ext" -v p="$pages" -v m="$mu" 'BEGIN {
	printf "pdftotext alone: median %.3f s, %.0f pages/s\n", c, p / c
	printf "extract (conversion + chain): median %.3f s, %.0f pages/s\n", e, p / e
	printf "conversion share of extract time: %.0f%% (target: at most 50%%)\n", 100 * c / e
	printf "the chain without conversion: %.3f s; conversion at most half of extract needs %.0f pages/s\n", e - c, p / (e - c)
	if (m != "")
		printf "mutool draw -F txt (reference, not used): median %.3f s, %.0f pages/s, %.2f x pdftotext\n", m, p / m, c / m
}'
