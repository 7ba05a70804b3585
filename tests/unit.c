/* unit.c - checks of lib/ that are properties rather than cases.
 *
 * The data-driven cases (tests/cases) cover extraction end to end.  This
 * program checks what is better stated as a property over many inputs:
 *   - the NFKC fast path gives exactly what one utf8proc_map() pass gives,
 *     on random mixes of the characters that matter and on the real texts
 *     in ../shared when they are there;
 *   - invalid UTF-8 is reported at the right byte offset;
 *   - repair_text() folds lines exactly as a plain byte-at-a-time
 *     reference does, whether the lines come in one buffer or one by one;
 *   - SHA-256 matches the FIPS 180-4 test vectors;
 *   - a database of every older schema version migrates to the schema a
 *     new one gets, and a newer one is refused; clause rows of the form
 *     before schema version 6 read the same through the views;
 *   - the portable, SSE2 and AVX2 paths of extract's provisions scan find
 *     the same sentences with the same verbs.
 * Output: a line per check, then "N passed, N failed". */
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "classcodes.h"
#include "db.h"
#include "fileio.h"
#include "fileurl.h"
#include "log.h"
#include "schema.h"
#include "normalize.h"
#include "regex.h"
#include "repair.h"
#include "stdcode.h"
#include "sha256.h"
#include "../extract/extract.h"

struct tally {
	int passed, failed;
};

static void check(struct tally *t, int ok, const char *what)
{
	printf("%s %s\n", ok ? "ok  " : "FAIL", what);
	if (ok)
		t->passed++;
	else
		t->failed++;
}

/* splitmix64: deterministic random numbers for reproducible inputs. */
static uint64_t next_rand(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static void put_cp(struct buf *b, unsigned cp)
{
	char s[4];
	int n;
	if (cp < 0x80) { s[0] = (char)cp; n = 1; }
	else if (cp < 0x800) { s[0] = (char)(0xC0 | cp >> 6); s[1] = (char)(0x80 | (cp & 0x3F)); n = 2; }
	else if (cp < 0x10000) {
		s[0] = (char)(0xE0 | cp >> 12); s[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		s[2] = (char)(0x80 | (cp & 0x3F)); n = 3;
	} else {
		s[0] = (char)(0xF0 | cp >> 18); s[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		s[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); s[3] = (char)(0x80 | (cp & 0x3F)); n = 4;
	}
	buf_append(b, s, (size_t)n);
}

/* Characters chosen to stress the fast path's boundaries: stable runs,
 * one-to-one full-width mappings, combining marks that compose with what
 * precedes them (e + U+0301, full-width A + U+0301, kana + voicing mark),
 * Hangul jamo, compatibility characters, and supplementary planes. */
static const unsigned pool[] = {
	'a', 'Z', '1', ' ', '.', '-', '\n', 'e', 'E',
	0x4E2D, 0x6587, 0x6807, 0x51C6, 0x3001, 0x3002, 0x300A, 0x300B, 0x2014, 0x201C,
	0xFF0C, 0xFF1A, 0xFF08, 0xFF09, 0xFF21, 0xFF41, 0xFF10, 0x3000, 0x00A0,
	0x0301, 0x0300, 0x0327, 0x3099, 0x309A, 0x304B, 0x30AB, 0x1100, 0x1161, 0x11A8, 0xAC00,
	0x2460, 0x2103, 0x2026, 0x33A1, 0xFB01, 0x2160, 0x00BD, 0x00E9, 0x212B, 0x1E9B, 0x0323,
	0x2F00, 0xF900, 0x1D400, 0x20000, 0x00B7, 0x00D7, 0x25CB, 0x3012, 0x2015, 0x2011,
	/* the edges of the fast paths' ranges */
	0xFF01, 0xFF3F, 0xFF40, 0xFF5E, 0xFF5F, 0xFF60, 0x3004, 0x3013, 0x301F, 0x3020, 0x3000,
};

static int same_as_reference(const char *in, size_t n, char *why, size_t whylen)
{
	struct buf fast = BUF_INIT, ref = BUF_INIT;
	char e1[256] = "", e2[256] = "";
	int r1 = norm_nfkc(in, n, &fast, e1, sizeof e1);
	int r2 = norm_nfkc_reference(in, n, &ref, e2, sizeof e2);
	int ok = r1 == r2 && (r1 != 0 || (fast.len == ref.len && memcmp(fast.p, ref.p, fast.len) == 0));
	if (!ok) {
		size_t k = 0;
		while (k < fast.len && k < ref.len && fast.p[k] == ref.p[k])
			k++;
		snprintf(why, whylen, "rc %d/%d, lengths %zu/%zu, first difference at output byte %zu",
			 r1, r2, fast.len, ref.len, k);
	}
	buf_free(&fast);
	buf_free(&ref);
	return ok;
}

static void test_nfkc_random(struct tally *t)
{
	uint64_t seed = 20221130;
	int bad = 0;
	char why[256] = "";
	for (int i = 0; i < 20000 && !bad; i++) {
		struct buf b = BUF_INIT;
		int len = 1 + (int)(next_rand(&seed) % 40);
		for (int k = 0; k < len; k++)
			put_cp(&b, pool[next_rand(&seed) % (sizeof pool / sizeof pool[0])]);
		if (!same_as_reference(b.p, b.len, why, sizeof why))
			bad = 1;
		buf_free(&b);
	}
	char what[400];
	snprintf(what, sizeof what, "NFKC fast path equals utf8proc_map on 20000 random strings%s%s",
		 bad ? ": " : "", why);
	check(t, !bad, what);
}

static void test_nfkc_files(struct tally *t, const char *shared)
{
	const char *dirs[] = { "corpus/seed", "corpus/real" };
	for (size_t d = 0; d < 2; d++) {
		char path[1024], err[256];
		snprintf(path, sizeof path, "%s/%s", shared, dirs[d]);
		struct path_list files = { 0 };
		if (collect_files(path, &files, NULL, err, sizeof err) != 0) {
			printf("skip NFKC on %s (not there)\n", path);
			continue;
		}
		for (size_t i = 0; i < files.n; i++) {
			struct buf data = BUF_INIT;
			char why[256] = "", what[1400];
			if (read_file(files.v[i], &data, 64u << 20, err, sizeof err) != 0) {
				buf_free(&data);
				continue;
			}
			int ok = same_as_reference(data.p, data.len, why, sizeof why);
			snprintf(what, sizeof what, "NFKC fast path equals utf8proc_map on %s%s%s",
				 files.v[i], ok ? "" : ": ", why);
			check(t, ok, what);
			buf_free(&data);
		}
		path_list_free(&files);
	}
}

/* The line folding of repair_text(), written the plain way, one byte at a
 * time on a line whose end is known: the reference the fast scan in
 * repair.c must agree with. */
static int ref_digit(int c) { return c >= '0' && c <= '9'; }
static int ref_num_or_x(int c) { return ref_digit(c) || c == 'X'; }
static int ref_space(int c) { return c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == '\r'; }

static size_t ref_dash_len(const unsigned char *s, size_t n)
{
	if (n >= 1 && s[0] == '-')
		return 1;
	if (n >= 3 && s[0] == 0xE2 && s[1] == 0x80 && s[2] >= 0x90 && s[2] <= 0x95)
		return 3;
	if (n >= 3 && s[0] == 0xE2 && s[1] == 0x88 && s[2] == 0x92)
		return 3;
	return 0;
}

/* A dash at s[j] between a number or 'X' (prev) and another, spaces
 * allowed after it: the offset of the next number, else 0. */
static size_t ref_dash_between(const unsigned char *s, size_t n, size_t j, int prev)
{
	size_t dl = j < n ? ref_dash_len(s + j, n - j) : 0;
	if (!dl || !ref_num_or_x(prev))
		return 0;
	size_t k = j + dl;
	while (k < n && s[k] == ' ')
		k++;
	return k < n && ref_num_or_x(s[k]) ? k : 0;
}

static void ref_fold(const unsigned char *s, size_t n, struct buf *out)
{
	size_t i = 0, start = out->len;
	buf_reserve(out, n);
	while (i < n && ref_space(s[i]))
		i++;
	while (i < n) {
		unsigned char c = s[i];
		if (ref_space(c)) {
			size_t j = i;
			while (j < n && ref_space(s[j]))
				j++;
			int prev = out->len > start ? (unsigned char)out->p[out->len - 1] : 0;
			/* a dot after a digit, or after a capital on its own ("A. 1") */
			unsigned char b2 = out->len - start >= 2 ? (unsigned char)out->p[out->len - 2] : 0;
			unsigned char b3 = out->len - start >= 3 ? (unsigned char)out->p[out->len - 3] : 0;
			int lone_capital = b2 >= 'A' && b2 <= 'Z' &&
					   !((b3 >= 'A' && b3 <= 'Z') || (b3 >= 'a' && b3 <= 'z'));
			if (prev == '.' && out->len - start >= 2 && (ref_digit(b2) || lone_capital) &&
			    j < n && ref_digit(s[j])) {
				i = j;
				continue;
			}
			size_t dot = j < n && s[j] == '\\' ? j + 1 : j;
			if (ref_digit(prev) && dot + 1 < n && s[dot] == '.' && ref_digit(s[dot + 1])) {
				i = dot;
				continue;
			}
			size_t k = ref_dash_between(s, n, j, prev);
			if (k) {
				buf_putc(out, '-');
				i = k;
				continue;
			}
			if (j < n)
				buf_putc(out, ' ');
			i = j;
			continue;
		}
		size_t k = ref_dash_between(s, n, i, out->len > start ? (unsigned char)out->p[out->len - 1] : 0);
		if (k) {
			buf_putc(out, '-');
			i = k;
			continue;
		}
		if (c == '\\' && i + 1 < n && s[i + 1] && strchr(".-*_#[]()+!", s[i + 1])) {
			i++;
			continue;
		}
		buf_putc(out, (char)c);
		i++;
	}
	while (out->len > start && out->p[out->len - 1] == ' ')
		out->len--;
	out->p[out->len] = '\0';
}

/* Pieces of generated lines: white space, dashes (whole, cut short, and
 * other characters with the same lead byte 0xE2), escapes, digits, 'X',
 * control bytes, NUL, and plain runs long enough to fill 16-byte blocks. */
static const char *const fold_pieces[] = {
	" ", " ", " ", "  ", "\t", "\f", "\v", "\r", " \t ", "-", "- ", " - ",
	"\\", "\\.", "\\-", "\\*", "\\a", ".", "0", "1", "7", "9", "X", "a", "#", "*",
	"A", "Z", "A.", "bA.",
	"\xE2\x80\x94", "\xE2\x80\x90", "\xE2\x88\x92", "\xE2\x80\x9C", "\xE2\x80", "\xE2",
	"\x01", "\x1F", "\x7F", "\x80", "\xFF", "\0",
	"\xE4\xB8\xAD", "\xE6\xA0\x87\xE5\x87\x86", "abcdefghijklmnopq", "2022", "3.1.4",
};

static void gen_line(uint64_t *seed, size_t want, struct buf *b)
{
	/* A line repair_text() only folds: after its white space it starts
	 * with U+4E2D, which is no heading mark, list dash, standard code,
	 * page number or end of the cover. */
	buf_reserve(b, want + 8);   /* b->p is never NULL, even for an empty line */
	int lead = (int)(next_rand(seed) % 4);
	for (int k = 0; k < lead; k++)
		buf_putc(b, " \t\f\r"[next_rand(seed) % 4]);
	size_t len0 = b->len;
	if (next_rand(seed) % 16 == 0)
		return;   /* white space only: dropped */
	buf_append(b, "\xE4\xB8\xAD", 3);
	while (b->len - len0 < want) {
		const char *p = fold_pieces[next_rand(seed) % (sizeof fold_pieces / sizeof fold_pieces[0])];
		size_t pl = p[0] ? strlen(p) : 1;   /* "\0" is one NUL byte */
		if (pl > want - (b->len - len0))
			pl = want - (b->len - len0);
		buf_append(b, p, pl);
	}
}

/* repair_text() on in[0, n) (copied into a buffer of exactly n bytes, so
 * that a read past the end shows under the sanitizers) against ref_fold()
 * on each of the lines in line[0, nlines). */
static int fold_matches(const struct stdcode_matcher *codes, struct rx_ctx *rc,
			const char *in, size_t n, struct buf *line, size_t nlines,
			struct repaired *rep, char *why, size_t whylen)
{
	char *copy = xmalloc(n ? n : 1);
	memcpy(copy, in, n);
	char err[256] = "";
	int rcode = repair_text(codes, rc, copy, n, rep, err, sizeof err);
	free(copy);
	if (rcode != 0) {
		snprintf(why, whylen, "repair_text failed: %s", err);
		return 0;
	}
	size_t got = 0;
	struct buf want = BUF_INIT;
	int ok = 1;
	for (size_t k = 0; k < nlines && ok; k++) {
		want.len = 0;
		ref_fold((const unsigned char *)line[k].p, line[k].len, &want);
		if (want.len == 0)
			continue;
		const struct line *l = got < rep->n ? &rep->lines[got] : NULL;
		if (!l || l->lineno != k + 1 || l->len != want.len || memcmp(l->s, want.p, want.len) != 0 ||
		    l->s[l->len] != '\0') {
			snprintf(why, whylen, "line %zu of %zu (%zu bytes): repaired %u bytes, the reference %zu",
				 k + 1, nlines, line[k].len, l ? l->len : 0, want.len);
			ok = 0;
		}
		got++;
	}
	if (ok && got != rep->n) {
		snprintf(why, whylen, "%zu lines repaired, the reference has %zu", rep->n, got);
		ok = 0;
	}
	buf_free(&want);
	return ok;
}

static void test_repair_fold(struct tally *t)
{
	struct stdcode_matcher codes;
	struct rx_ctx rc;
	char err[256] = "";
	if (rx_ctx_init(&rc) != 0 || stdcode_init(&codes, err, sizeof err) != 0) {
		check(t, 0, "repair_text folding: set-up failed");
		return;
	}
	uint64_t seed = 20261130;
	struct repaired rep = { 0 };
	struct buf in = BUF_INIT;
	struct buf line[12];
	char why[300] = "";
	int bad = 0, docs = 0;
	for (int d = 0; d < 3000 && !bad; d++) {
		size_t nlines = 1 + next_rand(&seed) % 12;
		in.len = 0;
		for (size_t k = 0; k < nlines; k++) {
			line[k] = (struct buf)BUF_INIT;
			/* Every length 0..40 many times over, now and then longer. */
			size_t want = next_rand(&seed) % 8 == 0 ? 41 + next_rand(&seed) % 60
							       : next_rand(&seed) % 41;
			gen_line(&seed, want, &line[k]);
			buf_append(&in, line[k].p, line[k].len);
			if (k + 1 < nlines || next_rand(&seed) % 2)
				buf_putc(&in, '\n');
		}
		/* All the lines in one text, then each line alone (where the
		 * input ends right after it, without its '\n'). */
		if (!fold_matches(&codes, &rc, in.p, in.len, line, nlines, &rep, why, sizeof why))
			bad = 1;
		for (size_t k = 0; k < nlines && !bad; k++)
			if (!fold_matches(&codes, &rc, line[k].p, line[k].len, &line[k], 1, &rep, why,
					  sizeof why))
				bad = 1;
		for (size_t k = 0; k < nlines; k++)
			buf_free(&line[k]);
		docs++;
	}
	buf_free(&in);
	repaired_free(&rep);
	stdcode_free(&codes);
	rx_ctx_free(&rc);
	char what[400];
	snprintf(what, sizeof what, "repair_text folds %d generated texts as the reference does%s%s",
		 docs, bad ? ": " : "", why);
	check(t, !bad, what);
}

static void test_invalid(struct tally *t)
{
	static const struct {
		const char *in;
		size_t n;
		const char *msg;
	} cases[] = {
		{ "abc\xff", 4, "invalid UTF-8 at byte 3" },
		{ "\xEF\xBB\xBF\xe4\xb8\xad\xc0\xaf", 8, "invalid UTF-8 at byte 6" },   /* overlong '/' */
		{ "\xe4\xb8\xad\xed\xa0\x80", 6, "invalid UTF-8 at byte 3" },          /* surrogate */
		{ "\xe4\xb8", 2, "invalid UTF-8 at byte 0" },                           /* truncated */
		{ "ab\0cd", 5, "binary data (NUL byte at offset 2)" },
		{ "\xef\xbc\x8c\xcc", 4, "invalid UTF-8 at byte 3" },                  /* after a mapped char */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct buf out = BUF_INIT;
		char err[256] = "", what[400];
		int rc = norm_nfkc(cases[i].in, cases[i].n, &out, err, sizeof err);
		snprintf(what, sizeof what, "bad input %zu reported as \"%s\" (got \"%s\")", i,
			 cases[i].msg, err);
		check(t, rc != 0 && strstr(err, cases[i].msg) != NULL, what);
		buf_free(&out);
	}
	struct buf out = BUF_INIT;
	char err[256];
	int rc = norm_nfkc("\xEF\xBB\xBF" "GB\xef\xbc\x8f" "T", 9, &out, err, sizeof err);
	check(t, rc == 0 && strcmp(out.p, "GB/T") == 0, "BOM dropped, full-width solidus mapped");
	buf_free(&out);
}

/* utf8_valid() and norm_nfkc() against a plain decode loop, with one bad
 * sequence (surrogate, overlong, stray continuation, 0xFF, cut-off lead)
 * or a NUL at every offset of a long mixed text, so that it falls in every
 * place of the sixteen-byte blocks and in the tail. */
static void test_bad_at_every_offset(struct tally *t)
{
	static const char *const bad[] = { "\xed\xa0\x80", "\xe0\x80\xaf", "\x80", "\xff",
		"\xe4\xb8", "\xc2", "" };
	static const char unit[] = "ab \xe4\xb8\xad\xe6\x96\x87\xef\xbc\x8c""1.2\xe3\x80\x82"
				   "\xea\xb0\x80\xee\x80\x80z";
	int ok = 1;
	char why[300] = "";
	for (size_t b = 0; b < sizeof bad / sizeof bad[0] && ok; b++) {
		size_t bl = bad[b][0] ? strlen(bad[b]) : 1;   /* "": a NUL */
		for (size_t at = 0; at < 80 && ok; at++) {
			struct buf in = BUF_INIT, out = BUF_INIT;
			while (in.len < 100)
				buf_append(&in, unit, sizeof unit - 1);
			buf_truncate(&in, at);
			buf_append(&in, bad[b][0] ? bad[b] : "\0", bl);
			while (in.len < at + 60)
				buf_append(&in, unit, sizeof unit - 1);
			/* the reference: decode from the start, the first failure */
			size_t ref = (size_t)-1, got = (size_t)-1;
			const unsigned char *u = (const unsigned char *)in.p;
			for (size_t i = 0; i < in.len;) {
				unsigned cp;
				int l = utf8_decode(u + i, in.len - i, &cp);
				if (!l) {
					ref = i;
					break;
				}
				i += (size_t)l;
			}
			int valid = utf8_valid(in.p, in.len, &got);
			char err[256] = "", want[256];
			int rc = norm_nfkc(in.p, in.len, &out, err, sizeof err);
			if (!bad[b][0])
				snprintf(want, sizeof want, "binary data (NUL byte at offset %zu)", at);
			else if (ref != (size_t)-1)
				snprintf(want, sizeof want, "invalid UTF-8 at byte %zu ", ref);
			else
				want[0] = '\0';   /* the cut and the bytes made a character */
			if (valid != (ref == (size_t)-1) || (!valid && got != ref))
				snprintf(why, sizeof why, "utf8_valid, bad %zu at %zu: %d, %zu (want %zu)",
					 b, at, valid, got, ref), ok = 0;
			else if (want[0] ? rc == 0 || strncmp(err, want, strlen(want)) != 0 : rc != 0)
				snprintf(why, sizeof why, "norm_nfkc, bad %zu at %zu: \"%s\"", b, at, err), ok = 0;
			buf_free(&in);
			buf_free(&out);
		}
	}
	char what[400];
	snprintf(what, sizeof what, "a bad byte or a NUL at every offset is found where a plain "
		 "decode finds it%s%s", ok ? "" : ": ", why);
	check(t, ok, what);
}

/* utf8_cut_tail(): a text cut at every byte of a mixed text says how
 * many bytes of a character it ends in (0 at a character boundary), as a
 * plain decode of the whole text says; a text with a bad byte elsewhere,
 * or ending in bytes that begin no character, is not "cut". */
static void test_cut_tail(struct tally *t)
{
	static const char text[] = "ab \xe4\xb8\xad\xe6\x96\x87\xef\xbc\x8c""1.2\xc2\xa9"
				   "\xf0\x9f\x98\x80\xe3\x80\x82z";
	size_t n = sizeof text - 1;
	int ok = 1;
	char why[200] = "";
	for (size_t at = 0; at <= n && ok; at++) {
		/* the reference: the last whole character before at */
		size_t last = 0;
		for (size_t i = 0; i < n;) {
			unsigned cp;
			int l = utf8_decode((const unsigned char *)text + i, n - i, &cp);
			if (i + (size_t)l > at)
				break;
			i += (size_t)l;
			last = i;
		}
		size_t got = utf8_cut_tail(text, at);
		if (got != at - last)
			snprintf(why, sizeof why, "cut at %zu: %zu, want %zu", at, got, at - last), ok = 0;
	}
	if (ok && (utf8_cut_tail("\xff" "ab\xe4\xb8", 5) || utf8_cut_tail("ab\xed\xa0", 4) ||
		   utf8_cut_tail("ab\xe0\x80", 4) || utf8_cut_tail("ab\x80", 3)))
		snprintf(why, sizeof why, "a bad byte elsewhere, a surrogate, an overlong or a stray"
			 " continuation taken for a cut"), ok = 0;
	char what[300];
	snprintf(what, sizeof what, "utf8_cut_tail() finds a text cut inside its last character at"
		 " every offset, and nothing else%s%s", ok ? "" : ": ", why);
	check(t, ok, what);
}

/* local_file_url(): spellings of one file give one URL; a file that is not
 * there keeps its folded absolute path; file_url_path() reads it back. */
static void test_file_urls(struct tally *t)
{
	char dir[] = "/tmp/peiyou-unit-dir-XXXXXX";
	if (!mkdtemp(dir)) {
		check(t, 0, "a temporary directory for the file URL checks");
		return;
	}
	char file[128], link[128], sub[128], spell[4][256];
	snprintf(sub, sizeof sub, "%s/sub dir", dir);
	snprintf(file, sizeof file, "%s/sub dir/标准 a.txt", dir);
	snprintf(link, sizeof link, "%s/link", dir);
	int made = mkdir(sub, 0755) == 0;
	FILE *f = made ? fopen(file, "w") : NULL;
	if (f)
		fclose(f);
	made = f && symlink(sub, link) == 0;
	snprintf(spell[0], sizeof spell[0], "%s", file);
	snprintf(spell[1], sizeof spell[1], "%s/./sub dir/../sub dir//标准 a.txt", dir);
	snprintf(spell[2], sizeof spell[2], "%s/link/标准 a.txt", dir);
	snprintf(spell[3], sizeof spell[3], "%s/sub dir/../link/标准 a.txt", dir);
	int ok = made;
	char *first = made ? local_file_url(spell[0], NULL) : NULL;
	for (int i = 1; i < 4 && ok; i++) {
		int exists = 0;
		char *u = local_file_url(spell[i], &exists);
		ok = u && first && exists && !strcmp(u, first);
		free(u);
	}
	char *back = first ? file_url_path(first) : NULL;
	char real[4096];
	ok = ok && back && realpath(file, real) && !strcmp(back, real) &&
	     strstr(first, "%E6%A0%87%E5%87%86%20a.txt");
	char missing[256];
	snprintf(missing, sizeof missing, "%s/x/../nothing.txt", dir);
	int exists = 1;
	char *m = local_file_url(missing, &exists);
	char want[300];
	snprintf(want, sizeof want, "file://%s/nothing.txt", dir);
	ok = ok && m && !exists && !strcmp(m, want);
	char *canon = first ? canonical_file_url(first, NULL) : NULL;
	ok = ok && canon && !strcmp(canon, first);
	free(first);
	free(back);
	free(m);
	free(canon);
	unlink(link);
	unlink(file);
	rmdir(sub);
	rmdir(dir);
	check(t, ok, "local_file_url(): four spellings and a symbolic link of one file give one"
	      " file: URL, read back by file_url_path(); a missing file keeps its folded path");
}

static void test_sha256(struct tally *t)
{
	char hex[65];
	sha256_hex("abc", 3, hex);
	check(t, strcmp(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad") == 0,
	      "SHA-256 of \"abc\"");
	sha256_hex("", 0, hex);
	check(t, strcmp(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855") == 0,
	      "SHA-256 of the empty string");
	const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	sha256_hex(m, strlen(m), hex);
	check(t, strcmp(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1") == 0,
	      "SHA-256 of the 448-bit FIPS message");
}

/* SHA-NI and portable block functions agree on every length around the
 * block boundaries and on long random data. */
static void test_sha256_paths(struct tally *t)
{
	uint64_t seed = 7;
	unsigned char data[5000];
	for (size_t i = 0; i < sizeof data; i++)
		data[i] = (unsigned char)next_rand(&seed);
	int same = 1;
	for (size_t n = 0; n <= sizeof data && same; n += n < 300 ? 1 : 97) {
		struct sha256 a, b;
		unsigned char da[32], db[32];
		sha256_init(&a);
		sha256_init_portable(&b);
		sha256_update(&a, data, n / 3);
		sha256_update(&a, data + n / 3, n - n / 3);
		sha256_update(&b, data, n);
		sha256_final(&a, da);
		sha256_final(&b, db);
		same = memcmp(da, db, 32) == 0;
	}
	struct sha256 probe;
	sha256_init(&probe);
	printf("     (SHA-NI %s on this machine)\n", probe.shani ? "in use" : "not available");
	check(t, same, "SHA-256: accelerated and portable paths agree on 0..5000 bytes");
}

/* Names of the views and tables of a database, sorted, comma-joined. */
static void schema_names(sqlite3 *db, struct buf *out)
{
	sqlite3_stmt *st;
	out->len = 0;
	buf_puts(out, "");
	if (sqlite3_prepare_v2(db, "SELECT type || ':' || name FROM sqlite_schema"
			       " WHERE name NOT LIKE 'sqlite_%' ORDER BY 1", -1, &st, NULL) != SQLITE_OK)
		return;
	while (sqlite3_step(st) == SQLITE_ROW) {
		buf_puts(out, (const char *)sqlite3_column_text(st, 0));
		buf_putc(out, ',');
	}
	sqlite3_finalize(st);
}

/* A fresh name for a temporary database in path (a mkstemp template),
 * the file removed again; 0 (and a failed check) when none can be made. */
static int temp_path(struct tally *t, char *path)
{
	int fd = mkstemp(path);
	if (fd < 0) {
		check(t, 0, "temp file for the migration checks");
		return 0;
	}
	close(fd);
	unlink(path);
	return 1;
}

/* Remove a database and its -wal and -shm files. */
static void remove_db(const char *path)
{
	char side[600];
	unlink(path);
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
}

static const char *query1(sqlite3 *db, const char *sql, char *out, size_t outlen);

/* Opening a database migrates an older one to the same schema a new one
 * gets, and refuses a newer one with a clear message. */
static void test_migrations(struct tally *t)
{
	char path[] = "/tmp/peiyou-unit-XXXXXX";
	if (!temp_path(t, path))
		return;
	char err[512];
	struct buf fresh = BUF_INIT, migrated = BUF_INIT;
	sqlite3 *db = db_open(path, err, sizeof err);
	check(t, db != NULL, "a new database is created with the whole schema");
	if (db) {
		schema_names(db, &fresh);
		sqlite3_close(db);
	}
	int n = schema_migration_count();
	for (int k = 0; k < n; k++) {
		/* A database left at schema version k by an older peiyou. */
		unlink(path);
		sqlite3 *old;
		sqlite3_open(path, &old);
		for (int v = 1; v <= k; v++)
			sqlite3_exec(old, schema_migration(v), NULL, NULL, NULL);
		char sql[64];
		snprintf(sql, sizeof sql, "PRAGMA user_version = %d", k);
		sqlite3_exec(old, sql, NULL, NULL, NULL);
		sqlite3_close(old);
		db = db_open(path, err, sizeof err);
		int ok = db != NULL;
		if (db) {
			sqlite3_stmt *st;
			int version = -1;
			if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
			    sqlite3_step(st) == SQLITE_ROW)
				version = sqlite3_column_int(st, 0);
			sqlite3_finalize(st);
			schema_names(db, &migrated);
			char app[32];
			ok = version == n && strcmp(migrated.p, fresh.p) == 0 &&
			     atoi(query1(db, "PRAGMA application_id", app, sizeof app)) ==
			     PEIYOU_APPLICATION_ID;
			sqlite3_close(db);
		}
		char what[128];
		snprintf(what, sizeof what, "a version %d database migrates to version %d, same schema as"
			 " new, marked with peiyou's application_id", k, n);
		check(t, ok, what);
	}
	/* A database from a newer peiyou. */
	unlink(path);
	sqlite3 *newer;
	sqlite3_open(path, &newer);
	sqlite3_exec(newer, "PRAGMA user_version = 999", NULL, NULL, NULL);
	sqlite3_close(newer);
	db = db_open(path, err, sizeof err);
	check(t, db == NULL && strstr(err, "schema version 999 is newer than this peiyou") != NULL,
	      "a newer database is refused with a clear message");
	if (db)
		sqlite3_close(db);
	remove_db(path);
	buf_free(&fresh);
	buf_free(&migrated);
}

/* The first column of the first row of sql into out, "" when none. */
static const char *query1(sqlite3 *db, const char *sql, char *out, size_t outlen)
{
	sqlite3_stmt *st;
	out[0] = '\0';
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return out;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(out, outlen, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return out;
}

/* Clause rows written before schema version 6 (list items and notes with
 * copies of their text, provisions with type names) read the same through
 * v_items, v_notes and v_provisions after the migration as rows in the
 * version 6 form (byte ranges of the clause text, type codes); the
 * migration converts the old provisions. */
static void test_migration_rows(struct tally *t)
{
	char path[] = "/tmp/peiyou-unit-XXXXXX";
	if (!temp_path(t, path))
		return;
	static const char text[] = "总则应符合要求。宜定期检查。\na) 第一项;\n注: 说明。";
	sqlite3 *old;
	sqlite3_open(path, &old);
	for (int v = 1; v <= 5; v++)
		sqlite3_exec(old, schema_migration(v), NULL, NULL, NULL);
	sqlite3_exec(old, "PRAGMA user_version = 5", NULL, NULL, NULL);
	sqlite3_stmt *st;
	int inserted = 0;
	if (sqlite3_exec(old, "INSERT INTO documents (id, source, extract_status, code)"
			 " VALUES (1, 'a.txt', 'ok', 'T/X 1-2024')", NULL, NULL, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(old, "INSERT INTO clauses (doc_id, seq, num, level, kind, text,"
			       " items, notes, provisions) VALUES (1, 0, '4', 1, 'chapter', ?,"
			       " '[{\"marker\":\"a)\",\"level\":1,\"text\":\"第一项;\"}]',"
			       " '[{\"kind\":\"note\",\"label\":\"注\",\"text\":\"说明。\"}]',"
			       " '[[\"requirement\",\"应\",0,24],[\"recommendation\",\"宜\",24,18]]')",
			       -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
		inserted = sqlite3_step(st) == SQLITE_DONE;
		sqlite3_finalize(st);
	}
	sqlite3_close(old);
	check(t, inserted, "a version 5 database with clause rows of the old form");
	char err[512], got[2][512];
	sqlite3 *db = db_open(path, err, sizeof err);
	check(t, db != NULL, "it migrates");
	if (db) {
		check(t, strcmp(query1(db, "SELECT provisions FROM clauses WHERE doc_id = 1",
				       got[0], sizeof got[0]),
				"[[0,\"应\",0,24],[1,\"宜\",24,18]]") == 0,
		      "the migration gives old provisions type codes");
		/* The same clause as the version 6 extractor writes it. */
		int ok = sqlite3_exec(db, "INSERT INTO documents (id, source, extract_status, code)"
				      " VALUES (2, 'b.txt', 'ok', 'T/X 1-2024')", NULL, NULL, NULL) == SQLITE_OK &&
			 sqlite3_prepare_v2(db, "INSERT INTO clauses (doc_id, seq, num, level, kind, text,"
					    " items, notes, provisions) VALUES (2, 0, '4', 1, 'chapter', ?,"
					    " '[[\"a)\",1,46,10]]', '[[0,\"注\",62,9]]',"
					    " '[[0,\"应\",0,24],[1,\"宜\",24,18]]')", -1, &st, NULL) == SQLITE_OK;
		if (ok) {
			sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
			ok = sqlite3_step(st) == SQLITE_DONE;
			sqlite3_finalize(st);
		}
		static const struct { const char *view, *cols, *want; } v[] = {
			{ "v_items", "code||'|'||clause||'|'||marker||'|'||level||'|'||typeof(level)||'|'||text",
			  "T/X 1-2024|4|a)|1|integer|第一项;" },
			{ "v_notes", "code||'|'||clause||'|'||kind||'|'||label||'|'||text", "T/X 1-2024|4|note|注|说明。" },
			{ "v_provisions", "code||'|'||clause||'|'||type||'|'||verb||'|'||text",
			  "T/X 1-2024|4|requirement|应|总则应符合要求。;T/X 1-2024|4|recommendation|宜|宜定期检查。" },
		};
		for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
			char sql[512], what[128];
			for (int doc = 1; doc <= 2; doc++) {
				snprintf(sql, sizeof sql, "SELECT group_concat(r, ';') FROM"
					 " (SELECT %s AS r FROM %s WHERE doc_id = %d)",
					 v[i].cols, v[i].view, doc);
				query1(db, sql, got[doc - 1], sizeof got[0]);
			}
			snprintf(what, sizeof what, "%s: the same rows from the old and the version 6 form", v[i].view);
			check(t, ok && strcmp(got[0], v[i].want) == 0 && strcmp(got[1], v[i].want) == 0, what);
		}
		sqlite3_close(db);
	}
	remove_db(path);
}

/* Pieces of the random texts for the provisions scan: the modal verbs'
 * key characters, their neighbours in compounds and verbs, longer
 * compounds, sentence ends, other CJK punctuation, characters that share
 * a key's lead and second or third byte, ASCII. */
static const char *const scan_pieces[] = {
	"应", "宜", "可", "能", "须", "得", "必", "许", "需", "荐", "议",
	"不", "相", "用", "适", "认", "靠", "功", "力", "获", "到", "允", "准", "只",
	"推", "建", "该", "当", "够", "以", "要", "无", "居",
	"可持续", "不可抗力", "应收账款", "可能", "不可能", "必须", "不得", "不需要",
	"。", ";", "!", "?", "、", "《", "》", "，", "的", "服务", "\xe5\xba\x95", "\xe8\xae\xaf",
	"\xe9\xa1\xb9", "\xe5\xba\x80", "a", " ", "1", "GB/T 1.1", "\xe3\x80\x81", "\xe3\x80\x82",
};

static void test_scan_paths(struct tally *t)
{
	uint64_t seed = 11;
	struct buf text = BUF_INIT, a = BUF_INIT, b = BUF_INIT, c = BUF_INIT;
	int same = 1, found = 0;
	char why[300] = "";
	for (int i = 0; i < 20000 && same; i++) {
		text.len = 0;
		buf_puts(&text, "");
		int pieces = (int)(next_rand(&seed) % 60);
		for (int k = 0; k < pieces; k++)
			buf_puts(&text, scan_pieces[next_rand(&seed) % (sizeof scan_pieces / sizeof scan_pieces[0])]);
		/* every start offset of the 16- and 32-byte blocks */
		size_t from = (size_t)(next_rand(&seed) % 33);
		if (from > text.len)
			from = text.len;
		provisions_trace(text.p + from, text.len - from, SCAN_PORTABLE, &a);
		provisions_trace(text.p + from, text.len - from, SCAN_SSE2, &b);
		provisions_trace(text.p + from, text.len - from, SCAN_AVX2, &c);
		found += a.len > 0;
		if (a.len != b.len || a.len != c.len || memcmp(a.p, b.p, a.len) != 0 ||
		    memcmp(a.p, c.p, a.len) != 0) {
			same = 0;
			snprintf(why, sizeof why, ": text %d differs", i);
		}
	}
	char what[400];
	snprintf(what, sizeof what, "provisions scan: portable, SSE2 and AVX2 paths agree on 20000 "
		 "random texts (%d with provisions)%s", found, why);
	check(t, same && found > 10000, what);
	buf_free(&text);
	buf_free(&a);
	buf_free(&b);
	buf_free(&c);
}

/* The codes of a field as platform pages and covers write them. */
static void test_classcodes(struct tally *t)
{
	static const struct { int sys; const char *text, *want; } cases[] = {
		{ CLASSCODE_ICS, "13.020.01  环境和环境保护综合", "13.020.01" },
		{ CLASSCODE_ICS, "03.080;11.020.10", "03.080,11.020.10" },
		{ CLASSCODE_ICS, "ICS 97", "97" },
		{ CLASSCODE_ICS, "2018.05.08", "" },
		{ CLASSCODE_CCS, "Y68       ICS 97.040.99", "Y68" },
		{ CLASSCODE_CCS, "CCS A 12", "A12" },
		{ CLASSCODE_CCS, "A00", "A00" },
		{ CLASSCODE_CCS, "A123", "" },
		{ CLASSCODE_INDUSTRY, "C385 家用电力器具制造", "C385" },
		{ CLASSCODE_INDUSTRY, "Q8514", "Q8514" },
		{ CLASSCODE_INDUSTRY, "8514 老年人、残疾人养护服务", "8514" },
		{ CLASSCODE_INDUSTRY, "C 制造业", "C" },
		{ CLASSCODE_INDUSTRY, "制造业", "" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char codes[8][16];
		size_t n = classcodes_find(cases[i].sys, cases[i].text, codes, 8);
		struct buf got = BUF_INIT;
		for (size_t k = 0; k < n; k++) {
			if (k)
				buf_putc(&got, ',');
			buf_puts(&got, codes[k]);
		}
		char what[256];
		snprintf(what, sizeof what, "classification codes of \"%s\": \"%s\"", cases[i].text,
			 cases[i].want);
		check(t, strcmp(got.p ? got.p : "", cases[i].want) == 0, what);
		buf_free(&got);
	}
}

/* Lines cut in place (CR LF and a last line without LF), fields split. */
static void test_lines(struct tally *t)
{
	char text[] = "a\tb\tc\r\n\nlast\tx";
	char *cursor = text, *line, *f[2];
	char *l1 = next_line(&cursor), *l2 = next_line(&cursor), *l3 = next_line(&cursor);
	line = next_line(&cursor);
	check(t, l1 && !strcmp(l1, "a\tb\tc") && l2 && !*l2 && l3 && !strcmp(l3, "last\tx") && !line,
	      "next_line: CR dropped, an empty line, a last line without LF, then NULL");
	int n = split_fields(l1, '\t', f, 2);
	check(t, n == 2 && !strcmp(f[0], "a") && !strcmp(f[1], "b\tc"),
	      "split_fields: the last of max fields keeps the rest");
}

int main(int argc, char **argv)
{
	const char *shared = argc > 1 ? argv[1] : "../shared";
	struct tally t = { 0, 0 };
	log_init("unit", LOG_QUIET);   /* no "schema migrated" lines in the output */
	test_nfkc_random(&t);
	test_nfkc_files(&t, shared);
	test_invalid(&t);
	test_repair_fold(&t);
	test_bad_at_every_offset(&t);
	test_cut_tail(&t);
	test_file_urls(&t);
	test_sha256(&t);
	test_sha256_paths(&t);
	test_migrations(&t);
	test_migration_rows(&t);
	test_scan_paths(&t);
	test_classcodes(&t);
	test_lines(&t);
	printf("%d passed, %d failed\n", t.passed, t.failed);
	return t.failed ? 1 : 0;
}
