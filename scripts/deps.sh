#!/bin/sh
# deps.sh [test] - make sure the libraries peiyou builds against (and, with
# "test", what the test suite runs) are installed.
#
# Checks with pkg-config.  On Debian/Ubuntu as root, installs what is
# missing with apt-get; as another user, prints the exact apt-get line to
# run and fails.  Called by the Makefile before anything is compiled.
set -u

PKGS="libpcre2-8:libpcre2-dev sqlite3:libsqlite3-dev libutf8proc:libutf8proc-dev libcurl:libcurl4-openssl-dev jansson:libjansson-dev libxml-2.0:libxml2-dev"

missing=""
command -v cc >/dev/null 2>&1 || missing="$missing gcc libc6-dev"
if ! command -v pkg-config >/dev/null 2>&1; then
	missing="$missing pkg-config"
	for p in $PKGS; do missing="$missing ${p#*:}"; done
else
	for p in $PKGS; do
		pkg-config --exists "${p%%:*}" 2>/dev/null || missing="$missing ${p#*:}"
	done
fi
# Runtime tools: pdftotext (PDF to text, extract/pdf.c) and the CJK
# character maps it needs for Chinese PDFs (poppler-data).  OCR with
# tesseract-ocr + tesseract-ocr-chi-sim is optional and never installed here.
command -v pdftotext >/dev/null 2>&1 || missing="$missing poppler-utils"
[ -d /usr/share/poppler/cMap ] || missing="$missing poppler-data"
# "deps.sh test" (make test): also what the tests need beyond the build.
# chromium renders report.html headless (tests/browser.sh); a CJK font
# (WenQuanYi Zen Hei) so the Chinese in its screenshot is text, not boxes.
if [ "${1:-}" = test ]; then
	command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
	fc-list 2>/dev/null | grep -qi 'wenquanyi\|noto sans cjk' || missing="$missing fonts-wqy-zenhei"
fi
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "deps: installing$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends $missing >/dev/null || {
		echo "deps: apt-get install$missing failed" >&2
		exit 1
	}
	exit 0
fi
echo "deps: missing packages. Run as root:" >&2
echo "  apt-get update && apt-get install -y$missing" >&2
exit 1
