#!/bin/sh
# browser.sh BINDIR OBJDIR - report.html as a person sees it, in headless
# Chromium (make test; tests/run.sh calls it).
#
# Builds a database from the shipped sample plus a document whose title and
# text carry HTML (tests/fixtures/report/hostile.txt), runs "peiyou run",
# then opens the report in Chromium and checks that it loads without a
# console error (a control page with a blocked script and image shows that
# the check does see errors), that the DOM holds the improvement and
# excellence candidates in the database's rank order and no element that
# came from document text, that the printed page is laid out in a CJK font
# with the Chinese text in it, and writes build/report-screenshot.png for a
# developer to look at.  Every Chromium run is bounded by timeout(1).
# Closing line: "N passed, N failed, N skipped".
set -u
bindir=${1:-bin}
objdir=${2:-build/obj}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 2
passed=0 failed=0 skipped=0
limit=${PEIYOU_BROWSER_TIMEOUT:-90}

pass() { echo "ok   browser: $1"; passed=$((passed + 1)); }
fail() { echo "FAIL browser: $1"; [ -n "${2:-}" ] && echo "  $2"; failed=$((failed + 1)); }

browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
	echo "skip browser: chromium is not installed (make test installs it as root: scripts/deps.sh test)"
	echo "0 passed, 0 failed, 1 skipped"
	exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
# chrome ARGS... : one headless Chromium run with a fresh profile, bounded.
chrome() {
	n=$((n + 1))
	timeout -k 5 "$limit" "$browser" --headless --no-sandbox --disable-gpu --disable-quic \
		--no-first-run --disable-background-networking --disable-component-update \
		--disable-sync --user-data-dir="$tmp/profile-$n" "$@"
}
# console_errors STDERR_FILE: the page's console messages and blocked loads
console_errors() {
	grep -E 'CONSOLE|Refused to|Uncaught|Failed to load resource|net::ERR_' "$1" || true
}

# --- the report under test
db=$tmp/peiyou.db
out=$tmp/out
if ! "$bindir/peiyou" --db "$db" extract -q tests/fixtures/report/hostile.txt >"$tmp/setup.log" 2>&1 ||
   ! "$bindir/peiyou" run -q --db "$db" --manifest data/sample-manifest.tsv \
	--source data/sources/sample.json --out "$out" >>"$tmp/setup.log" 2>&1; then
	fail "building the sample report" "$(tail -n 5 "$tmp/setup.log")"
	echo "$passed passed, $failed failed, $skipped skipped"
	exit 1
fi
html=$out/report.html
url="file://$html"

# --- the check for console errors can fail: a control page that has them
cat >"$tmp/control.html" <<'EOF'
<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
</head><body><p>control</p><script>console.log("ran")</script>
<img src="http://127.0.0.1:9/blocked.png"></body></html>
EOF
chrome --enable-logging=stderr --v=0 --dump-dom "file://$tmp/control.html" >"$tmp/control.dom" 2>"$tmp/control.err"
if [ -n "$(console_errors "$tmp/control.err")" ]; then
	pass "the console check sees the errors of a control page"
else
	fail "the console check saw no error on the control page" "$(tail -n 3 "$tmp/control.err")"
fi

# --- loads, with no console error
chrome --enable-logging=stderr --v=0 --dump-dom "$url" >"$tmp/dom.html" 2>"$tmp/dom.err"
rc=$?
errors=$(console_errors "$tmp/dom.err")
if [ $rc -eq 0 ] && grep -q '</html>' "$tmp/dom.html" && [ -z "$errors" ]; then
	pass "report.html loads with no console error"
else
	fail "report.html did not load cleanly (exit $rc)" "$(echo "$errors" | head -n 3)"
fi

# --- nothing outside the page is referenced
if grep -Eq '(src|href)="(https?:|//)|url\(|@import' "$html"; then
	fail "report.html references something outside itself" "$(grep -Eo '(src|href)="[^"]*"|url\([^)]*\)' "$html" | head -n 3)"
else
	pass "report.html is self-contained"
fi

# --- the candidates, in the database's order
q=$objdir/tests/queries
tr -d '\n' <"$tmp/dom.html" >"$tmp/dom1.html"
for list in improvement excellence; do
	"$q" --db "$db" --sql "SELECT code FROM v_candidates WHERE ${list}_rank <= 20 ORDER BY ${list}_rank, code IS NULL, code, doc_id" >"$tmp/want-$list"
	# the codes in that list of the DOM, in order
	sed -n "s/.*<ol class=\"cands\" id=\"$list-list\">//p" "$tmp/dom1.html" | sed 's#</ol>.*##' |
		grep -o 'class="code">[^<]*</a>' | sed 's/class="code">//; s#</a>##' >"$tmp/got-$list"
	if [ -s "$tmp/want-$list" ] && cmp -s "$tmp/want-$list" "$tmp/got-$list"; then
		pass "the $list candidates are shown in rank order ($(wc -l <"$tmp/want-$list") of them)"
	else
		fail "the $list candidates differ from v_candidates" \
			"want: $(tr '\n' ' ' <"$tmp/want-$list") got: $(tr '\n' ' ' <"$tmp/got-$list")"
	fi
done

# --- document text stays text: no element came from the hostile document
if ! grep -q '<script' "$tmp/dom.html" && ! grep -q '<img' "$tmp/dom.html" &&
   grep -q '社区&lt;script&gt;alert("标题")&lt;/script&gt;居家养老服务' "$tmp/dom.html"; then
	pass "HTML in document text is shown as text"
else
	fail "HTML in document text became markup" "$(grep -o '<script[^>]*>' "$tmp/dom.html" | head -n 2)"
fi

# --- laid out in a CJK font, the Chinese text readable in the printed page
chrome --no-pdf-header-footer --print-to-pdf="$tmp/report.pdf" "$url" >/dev/null 2>"$tmp/pdf.err"
if [ -s "$tmp/report.pdf" ] && command -v pdffonts >/dev/null 2>&1; then
	fonts=$(pdffonts "$tmp/report.pdf" 2>/dev/null)
	first=$("$q" --db "$db" --sql "SELECT title_zh FROM v_candidates WHERE excellence_rank = 1")
	pdftotext -layout "$tmp/report.pdf" "$tmp/report.txt" 2>/dev/null
	if echo "$fonts" | grep -Eqi 'wenquanyi|noto ?sans ?cjk|source ?han|droid ?sans ?fallback' &&
	   grep -q '培优候选' "$tmp/report.txt" && [ -n "$first" ] && grep -qF "$first" "$tmp/report.txt"; then
		pass "Chinese is laid out in a CJK font ($(echo "$fonts" | grep -Eio 'wenquanyi[a-z]*|noto ?sans ?cjk[a-z ]*' | head -n 1))"
	else
		fail "the printed report lacks a CJK font or its Chinese text" "$(echo "$fonts" | sed -n '3,5p')"
	fi
else
	fail "printing report.html to PDF failed" "$(tail -n 2 "$tmp/pdf.err")"
fi

# --- the screenshot for the developer
mkdir -p build
shot=build/report-screenshot.png
rm -f "$shot"
chrome --hide-scrollbars --window-size=1280,2000 --screenshot="$root/$shot" "$url" >/dev/null 2>"$tmp/shot.err"
size=$(wc -c <"$shot" 2>/dev/null || echo 0)
if [ "$size" -gt 20000 ] && [ "$(head -c 4 "$shot" | od -An -c | tr -d ' ')" = "211PNG" ]; then
	pass "screenshot written: $shot ($size bytes)"
else
	fail "no screenshot" "$(tail -n 2 "$tmp/shot.err")"
fi

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
