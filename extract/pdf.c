/* pdf.c - PDF to text with poppler's pdftotext, scans OCR'd with tesseract.
 *
 * The converters run as child processes started with posix_spawnp() and an
 * argument vector (no shell; the only variable argument is our own temp file
 * name), in their own process group, stdin from /dev/null, output read
 * through pipes with a deadline: past cfg->timeout or cfg->max_text bytes the
 * group is killed and the document fails with a clear message.
 *
 * Reading order: `pdftotext -layout`.  Of the three modes tried on the real
 * PDFs (../shared/corpus/pdf) and our fixtures, the default mode splits a
 * clause number from its heading ("1" and "范围" on separate lines, 001.pdf
 * loses most chapters); raw (content-stream order) keeps clauses but puts
 * the page number wherever the producer drew it and reads table cells one
 * per line; -layout keeps every physical line, so running headers are the
 * first lines of a page and footers the last, table rows stay one line each
 * and a two-column cover comes out side by side, which we split (below).
 *
 * Per page (form feeds separate pages):
 *   - the cover (page 1 up to 目次, 前言, 引言 or 1 范围): a line with wide
 *     gaps is two columns side by
 *     side: each column piece becomes its own line;
 *   - other pages: a line with two or more wide gaps is a table row, written
 *     "| a | b | c |" so that a row starting with a number is not read as a
 *     clause; one gap (a clause number and its heading) becomes a space.
 *   - running headers and footers are removed by position: a line among the
 *     first or last two of a page whose text (digits as '#', spaces
 *     ignored) recurs in that zone on at least a third of the pages (two
 *     pages at least) and is either the same text each time or only a page
 *     number ("3", "- 3 -", "第 3 页", "III").  On the cover only page numbers
 *     and digit-free lines on nearly every page (the "pdfFactory Pro 试用版本
 *     创建" line) go, so the cover's code stays.
 *
 * Text layer check: fewer than 16 non-blank characters per page is no text
 * layer (a scan); text with under 2% CJK characters is an unreadable text
 * layer (005.pdf: fonts without a usable ToUnicode map give ASCII garbage).
 * Both need OCR: with cfg->ocr and tesseract + chi_sim present, every page
 * is rendered by pdftoppm (300 dpi, grey) and read by tesseract; otherwise
 * the document is kept with the status needs_ocr. */
#include "convert.h"
#include "repair.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "headword.h"
#include "log.h"
#include "normalize.h"

extern char **environ;

/* ---- child processes ------------------------------------------------- */

enum { RUN_OK = 0, RUN_NOEXEC = -1, RUN_TIMEOUT = -2, RUN_TOOBIG = -3, RUN_ERROR = -4 };

/* Run argv[0] (looked up in PATH) with argv, capturing stdout into out and
 * up to 8 KB of stderr into errout.  Returns RUN_OK with *status the exit
 * status (-1 when killed by a signal), or a RUN_* failure. */
static int run_tool(char *const argv[], double timeout, size_t max_out,
		    struct buf *out, struct buf *errout, int *status)
{
	int po[2] = { -1, -1 }, pe[2] = { -1, -1 };
	out->len = 0;
	errout->len = 0;
	buf_reserve(out, 1);
	buf_reserve(errout, 1);
	if (pipe2(po, O_CLOEXEC) != 0 || pipe2(pe, O_CLOEXEC) != 0) {
		if (po[0] >= 0)
			close(po[0]), close(po[1]);
		return RUN_ERROR;
	}
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, po[1], 1);
	posix_spawn_file_actions_adddup2(&fa, pe[1], 2);
	posix_spawnattr_init(&at);
	sigset_t none;
	sigemptyset(&none);
	sigset_t def;
	sigemptyset(&def);
	sigaddset(&def, SIGINT);
	sigaddset(&def, SIGTERM);
	sigaddset(&def, SIGPIPE);
	posix_spawnattr_setsigmask(&at, &none);
	posix_spawnattr_setsigdefault(&at, &def);
	posix_spawnattr_setpgroup(&at, 0);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
				 POSIX_SPAWN_SETSIGDEF);
	pid_t pid;
	int rc = posix_spawnp(&pid, argv[0], &fa, &at, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	close(po[1]);
	close(pe[1]);
	if (rc != 0) {
		close(po[0]);
		close(pe[0]);
		return RUN_NOEXEC;
	}
	double deadline = now_seconds() + timeout;
	int result = RUN_OK;
	struct pollfd fds[2] = { { po[0], POLLIN, 0 }, { pe[0], POLLIN, 0 } };
	int open_fds = 2;
	char chunk[65536];
	while (open_fds > 0) {
		double left = deadline - now_seconds();
		if (left <= 0) {
			result = RUN_TIMEOUT;
			break;
		}
		int r = poll(fds, 2, (int)(left * 1000) + 1);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			result = RUN_ERROR;
			break;
		}
		for (int k = 0; k < 2; k++) {
			if (fds[k].fd < 0 || !(fds[k].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			ssize_t got = read(fds[k].fd, chunk, sizeof chunk);
			if (got < 0 && errno == EINTR)
				continue;
			if (got <= 0) {
				close(fds[k].fd);
				fds[k].fd = -1;
				open_fds--;
				continue;
			}
			if (k == 0) {
				if (out->len + (size_t)got > max_out) {
					result = RUN_TOOBIG;
					break;
				}
				buf_append(out, chunk, (size_t)got);
			} else if (errout->len < 8192) {
				buf_append(errout, chunk, (size_t)got);
			}
		}
		if (result != RUN_OK)
			break;
	}
	if (result != RUN_OK)
		kill(-pid, SIGKILL);
	for (int k = 0; k < 2; k++)
		if (fds[k].fd >= 0)
			close(fds[k].fd);
	int st = 0;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	*status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	return result;
}

/* The first "version X.Y.Z"-like word of s into out. */
static void version_word(const char *s, char *out, size_t outlen)
{
	out[0] = '\0';
	for (const char *p = s; *p; p++)
		if (*p >= '0' && *p <= '9' && (p == s || p[-1] == ' ')) {
			size_t k = 0;
			while (p[k] && ((p[k] >= '0' && p[k] <= '9') || p[k] == '.') && k + 1 < outlen)
				k++;
			snprintf(out, outlen, "%.*s", (int)k, p);
			return;
		}
}

void convert_probe_tools(struct convert_cfg *cfg)
{
	if (cfg->probed)
		return;
	cfg->probed = 1;
	struct buf out = BUF_INIT, err = BUF_INIT;
	int st;
	char *v1[] = { "pdftotext", "-v", NULL };
	if (run_tool(v1, 10, 1 << 16, &out, &err, &st) == RUN_OK) {
		buf_append(&err, "", 0);
		const char *v = strstr(err.p, "version ");
		if (!v && out.p)
			v = strstr(out.p, "version ");
		if (v)
			version_word(v + 8, cfg->pdftotext_version, sizeof cfg->pdftotext_version);
		if (!cfg->pdftotext_version[0])
			snprintf(cfg->pdftotext_version, sizeof cfg->pdftotext_version, "unknown");
	}
	char *t1[] = { "tesseract", "--list-langs", NULL };
	char *t2[] = { "tesseract", "--version", NULL };
	char *p1[] = { "pdftoppm", "-v", NULL };
	int have_langs = run_tool(t1, 10, 1 << 16, &out, &err, &st) == RUN_OK && st == 0 &&
			 out.p && strstr(out.p, "chi_sim");
	if (have_langs && run_tool(t2, 10, 1 << 16, &out, &err, &st) == RUN_OK) {
		buf_append(&out, "", 0);
		buf_append(&err, "", 0);
		const char *v = strstr(out.p, "tesseract ");
		if (!v)
			v = strstr(err.p, "tesseract ");
		if (v)
			version_word(v + 10, cfg->tesseract_version, sizeof cfg->tesseract_version);
	}
	cfg->have_ocr = have_langs && run_tool(p1, 10, 1 << 16, &out, &err, &st) == RUN_OK;
	buf_free(&out);
	buf_free(&err);
}

/* ---- pages and lines ------------------------------------------------- */

struct pline {
	const char *s;     /* into the page text */
	size_t len;
	int drop;
	size_t key;        /* a margin line: its entry in the key counts */
};

struct page {
	VEC(struct pline) lines;   /* non-empty lines, trailing blanks trimmed */
};

static int is_digit(int c) { return c >= '0' && c <= '9'; }

/* The position key of a line: spaces dropped, digit runs as '#', a line of
 * roman numerals as '#'.  *pageish: nothing but page-number material. */
static void line_key(const char *s, size_t n, char *key, size_t klen, int *pageish)
{
	size_t k = 0;
	int roman = 1, any = 0, other = 0;
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		if (ch == ' ')
			continue;
		any = 1;
		if (!(ch == 'I' || ch == 'V' || ch == 'X'))
			roman = 0;
		if (is_digit((unsigned char)ch)) {
			if (k + 1 < klen && (k == 0 || key[k - 1] != '#'))
				key[k++] = '#';
			continue;
		}
		if (k + 1 < klen)
			key[k++] = ch;
	}
	key[k] = '\0';
	if (any && roman && n <= 8) {
		snprintf(key, klen, "#");
		k = 1;
	}
	/* page-number material: digits, dashes, 第/页/共, "Page", "/" */
	for (size_t i = 0; i < k; i++) {
		const char *p = key + i;
		if (*p == '#' || *p == '-' || *p == '/' || *p == '.' || *p == '(' || *p == ')')
			continue;
		if (!strncmp(p, "第", 3) || !strncmp(p, "页", 3) || !strncmp(p, "共", 3) ||
		    !strncmp(p, "—", 3) || !strncmp(p, "–", 3)) {
			i += 2;
			continue;
		}
		other = 1;
		break;
	}
	*pageish = strchr(key, '#') && !other;
}

#define ZONE 2   /* lines at the top and at the bottom of a page */

struct keycount {
	char key[96];
	char text[96];
	int pages, same, pageish, last_page, digits;
};

/* Mark running headers and footers (see the comment atop). */
static int remove_furniture(struct page *pg, int np)
{
	VEC(struct keycount) kc = { 0 };
	int text_pages = 0;
	for (int p = 0; p < np; p++) {
		size_t n = pg[p].lines.n;
		if (n)
			text_pages++;
		for (size_t i = 0; i < n; i++) {
			if (i >= ZONE && i + ZONE < n)
				continue;
			struct pline *l = &pg[p].lines.v[i];
			char key[96];
			int pageish;
			line_key(l->s, l->len, key, sizeof key, &pageish);
			struct keycount *e = NULL;
			for (size_t k = 0; k < kc.n; k++)
				if (!strcmp(kc.v[k].key, key)) {
					e = &kc.v[k];
					break;
				}
			if (!e) {
				e = vec_push(&kc);
				snprintf(e->key, sizeof e->key, "%s", key);
				snprintf(e->text, sizeof e->text, "%.*s", (int)(l->len < 95 ? l->len : 95), l->s);
				e->same = 1;
				e->pageish = pageish;
				e->last_page = -1;
				e->digits = strchr(key, '#') != NULL;
			} else if (strncmp(e->text, l->s, l->len < 95 ? l->len : 95) != 0) {
				e->same = 0;
			}
			if (e->last_page != p) {
				e->pages++;
				e->last_page = p;
			}
			l->key = (size_t)(e - kc.v);
		}
	}
	int removed = 0;
	if (text_pages >= 2) {
		for (int p = 0; p < np; p++) {
			size_t n = pg[p].lines.n;
			for (size_t i = 0; i < n; i++) {
				if (i >= ZONE && i + ZONE < n)
					continue;
				struct pline *l = &pg[p].lines.v[i];
				const struct keycount *e = &kc.v[l->key];
				int often = e->pages >= 2 && e->pages * 3 >= text_pages;
				int ok = often && (e->same || e->pageish);
				if (ok && p == 0)   /* the cover keeps its code */
					ok = e->pageish || (!e->digits && e->pages * 10 >= text_pages * 9);
				if (ok) {
					l->drop = 1;
					removed++;
				}
			}
		}
	}
	vec_free(&kc);
	return removed;
}

/* Wide gaps (3+ spaces) in a -layout line. */
static int count_gaps(const char *s, size_t n)
{
	int gaps = 0;
	for (size_t i = 0; i + 2 < n; i++)
		if (s[i] == ' ' && s[i + 1] == ' ' && s[i + 2] == ' ') {
			gaps++;
			while (i < n && s[i] == ' ')
				i++;
		}
	return gaps;
}

/* Append the pieces of s between wide gaps, joined by sep, wrapped in
 * pre/post. */
static void join_pieces(const char *s, size_t n, const char *sep, const char *pre,
			const char *post, struct buf *out)
{
	buf_puts(out, pre);
	size_t i = 0;
	while (i < n) {
		size_t j = i;
		while (j < n && !(j + 2 < n && s[j] == ' ' && s[j + 1] == ' ' && s[j + 2] == ' '))
			j++;
		buf_append(out, s + i, j - i);
		while (j < n && s[j] == ' ')
			j++;
		if (j < n)
			buf_puts(out, sep);
		i = j;
	}
	buf_puts(out, post);
}

static int has_leader(const char *s, size_t n)
{
	return memmem(s, n, ".....", 5) || memmem(s, n, "……", 6) || memmem(s, n, "···", 6);
}

/* Split text into pages of trimmed non-empty lines (pointing into text). */
static int split_pages(const char *text, size_t n, struct page **out)
{
	int np = 0, cap = 0;
	struct page *pg = NULL;
	size_t i = 0;
	while (i <= n) {
		const char *ff = i < n ? memchr(text + i, '\f', n - i) : NULL;
		size_t e = ff ? (size_t)(ff - text) : n;
		if (!ff && e == i)
			break;   /* nothing after the last form feed */
		if (np == cap) {
			cap = cap ? cap * 2 : 16;
			pg = xrealloc(pg, (size_t)cap * sizeof *pg);
		}
		memset(&pg[np], 0, sizeof pg[np]);
		size_t k = i;
		while (k < e) {
			const char *nl = memchr(text + k, '\n', e - k);
			size_t le = nl ? (size_t)(nl - text) : e;
			size_t a = k, b = le;
			while (a < b && (text[a] == ' ' || text[a] == '\r'))
				a++;
			while (b > a && (text[b - 1] == ' ' || text[b - 1] == '\r'))
				b--;
			if (b > a) {
				struct pline *l = vec_push(&pg[np].lines);
				l->s = text + a;
				l->len = b - a;
			}
			k = le + 1;
		}
		np++;
		if (!ff)
			break;
		i = e + 1;
	}
	*out = pg;
	return np;
}

static void free_pages(struct page *pg, int np)
{
	for (int p = 0; p < np; p++)
		vec_free(&pg[p].lines);
	free(pg);
}

/* A heading printed letter-spaced, which -layout gives with wide gaps
 * ("参   考   文   献", "附   录    A"), perhaps with the page number beside
 * it: 1 when the pieces of s[0, n) before a trailing page number make an
 * element heading (headword.h) or an annex heading ("附录A", "附录B（规范
 * 性附录）"); *keep gets the length without the page number.  Such a line
 * is a heading, not a table row. */
static int spaced_heading(const char *s, size_t n, size_t *keep)
{
	size_t e = n, last = 0;
	for (size_t i = 0; i + 2 < n; i++)
		if (s[i] == ' ' && s[i + 1] == ' ' && s[i + 2] == ' ')
			last = i;
	if (last) {
		size_t a = last;
		while (a < n && s[a] == ' ')
			a++;
		int digits = 1;
		for (size_t i = a; i < n; i++)
			digits &= (s[i] >= '0' && s[i] <= '9') || s[i] == 'I' || s[i] == 'V' || s[i] == 'X';
		if (digits && n - a <= 4)
			e = last;
	}
	char t[96];
	size_t k = fold_heading(s, e, t, sizeof t);
	*keep = e;
	if (element_heading(s, e))
		return 1;
	return k >= 7 && !memcmp(t, "附录", 6) && t[6] >= 'A' && t[6] <= 'Z' &&
	       (k == 7 || t[7] == '(' || !memcmp(t + 7, "（", 3));
}

/* Does this line end the cover: 目次, 前言, 引言 or chapter 1 范围? */
static int ends_cover(const char *s, size_t n)
{
	char t[64];
	squeeze_spaces(s, n, t, sizeof t);
	const char *e = element_heading(s, n);
	return (e && (!strcmp(e, "目次") || !strcmp(e, "前言") || !strcmp(e, "引言"))) ||
	       !strncmp(t, "1范围", 7);
}

/* The page text without furniture, cover columns split, table rows piped. */
static void write_pages(struct page *pg, int np, struct buf *out)
{
	out->len = 0;
	int cover = 1;
	for (int p = 0; p < np; p++) {
		for (size_t i = 0; i < pg[p].lines.n; i++) {
			const struct pline *l = &pg[p].lines.v[i];
			if (l->drop)
				continue;
			int gaps = count_gaps(l->s, l->len);
			size_t keep;
			if (cover && (p > 0 || ends_cover(l->s, l->len)))
				cover = 0;
			if (!gaps)
				buf_append(out, l->s, l->len);
			else if (spaced_heading(l->s, l->len, &keep))
				join_pieces(l->s, keep, " ", "", "", out);
			else if (cover)
				join_pieces(l->s, l->len, "\n", "", "", out);
			else if (gaps >= 2 && !has_leader(l->s, l->len))
				join_pieces(l->s, l->len, " | ", "| ", " |", out);
			else
				join_pieces(l->s, l->len, " ", "", "", out);
			buf_putc(out, '\n');
		}
		buf_putc(out, '\n');
	}
	buf_reserve(out, 1);
	out->p[out->len] = '\0';
}

/* Characters that are not blank, and CJK ideographs among them. */
static void count_chars(const char *s, size_t n, size_t *nonblank, size_t *cjk)
{
	const unsigned char *u = (const unsigned char *)s;
	*nonblank = *cjk = 0;
	size_t i = 0;
	while (i < n) {
		unsigned cp;
		int l = utf8_decode(u + i, n - i, &cp);
		if (l == 0) {
			i++;
			continue;
		}
		i += (size_t)l;
		if (cp <= ' ' || cp == 0x3000 || cp == 0xA0)
			continue;
		(*nonblank)++;
		if ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF))
			(*cjk)++;
	}
}

/* Summarise pdftotext's stderr as one warning (first line, count). */
static void stderr_warning(struct converted *c, const char *tool, const struct buf *e)
{
	if (!e->len)
		return;
	int lines = 0;
	const char *first = e->p;
	size_t flen = 0;
	for (size_t i = 0; i < e->len; i++)
		if (e->p[i] == '\n') {
			if (!lines)
				flen = (size_t)(e->p + i - first);
			lines++;
		}
	if (!lines)
		flen = e->len, lines = 1;
	conv_warn(c, "%s reported %d message%s, first: %.*s", tool, lines, lines == 1 ? "" : "s",
		  (int)(flen < 200 ? flen : 200), first);
}

/* Drop the spaces tesseract puts between CJK characters ("本 标 准"). */
static void tighten_cjk(struct buf *b)
{
	size_t k = 0;
	const unsigned char *u = (const unsigned char *)b->p;
	for (size_t i = 0; i < b->len; i++) {
		if (u[i] == ' ' && k >= 3 && u[k - 3] >= 0xE3 && u[k - 3] <= 0xEF &&
		    i + 1 < b->len && u[i + 1] >= 0xE3 && u[i + 1] <= 0xEF)
			continue;
		b->p[k++] = b->p[i];
	}
	b->len = k;
	b->p[k] = '\0';
}

/* OCR every page of the PDF at path: page texts joined by form feeds. */
static int ocr_pages(struct convert_cfg *cfg, const char *path, int pages,
		     struct converted *c, struct buf *text, char *err, size_t errlen)
{
	const char *tmp = getenv("TMPDIR");
	char dir[4096];
	snprintf(dir, sizeof dir, "%s/peiyou-ocr-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		snprintf(err, errlen, "OCR: cannot make a temporary directory: %s", strerror(errno));
		return -1;
	}
	char root[4200], png[4200], first[16];
	snprintf(root, sizeof root, "%s/page", dir);
	snprintf(png, sizeof png, "%s/page.png", dir);
	struct buf out = BUF_INIT, eo = BUF_INIT;
	int rc = 0, st;
	int n = pages < cfg->ocr_max_pages ? pages : cfg->ocr_max_pages;
	if (pages > n)
		conv_warn(c, "OCR limited to the first %d of %d pages", n, pages);
	text->len = 0;
	for (int p = 1; p <= n && rc == 0; p++) {
		snprintf(first, sizeof first, "%d", p);
		char *render[] = { "pdftoppm", "-r", "300", "-gray", "-png", "-singlefile",
				   "-f", first, "-l", first, (char *)path, root, NULL };
		int r = run_tool(render, cfg->timeout, 1 << 20, &out, &eo, &st);
		if (r != RUN_OK || st != 0) {
			snprintf(err, errlen, "OCR: pdftoppm failed on page %d%s", p,
				 r == RUN_TIMEOUT ? " (timed out)" : "");
			rc = -1;
			break;
		}
		char *ocr[] = { "tesseract", png, "stdout", "-l", "chi_sim", NULL };
		r = run_tool(ocr, cfg->timeout, cfg->max_text, &out, &eo, &st);
		unlink(png);
		if (r != RUN_OK || st != 0) {
			snprintf(err, errlen, "OCR: tesseract failed on page %d%s", p,
				 r == RUN_TIMEOUT ? " (timed out)" : "");
			rc = -1;
			break;
		}
		tighten_cjk(&out);
		buf_append(text, out.p, out.len);
		buf_putc(text, '\f');
	}
	rmdir(dir);
	buf_free(&out);
	buf_free(&eo);
	return rc;
}

int pdf_to_text(struct convert_cfg *cfg, const char *data, size_t n,
		struct converted *c, char *err, size_t errlen)
{
	convert_probe_tools(cfg);
	snprintf(c->converter, sizeof c->converter, "pdftotext");
	if (!cfg->pdftotext_version[0]) {
		snprintf(err, errlen, "PDF needs pdftotext, which is not installed "
			 "(Debian: apt-get install poppler-utils)");
		return -1;
	}
	snprintf(c->converter_version, sizeof c->converter_version, "%s", cfg->pdftotext_version);
	const char *tmp = getenv("TMPDIR");
	char path[4096];
	snprintf(path, sizeof path, "%s/peiyou-pdf-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0) {
		snprintf(err, errlen, "cannot make a temporary file: %s", strerror(errno));
		return -1;
	}
	size_t off = 0;
	while (off < n) {
		ssize_t w = write(fd, data + off, n - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			snprintf(err, errlen, "cannot write a temporary file: %s", strerror(errno));
			close(fd);
			unlink(path);
			return -1;
		}
		off += (size_t)w;
	}
	close(fd);

	struct buf raw = BUF_INIT, eo = BUF_INIT;
	int st = 0, rc = 0;
	char *argv[] = { "pdftotext", "-layout", "-enc", "UTF-8", "-eol", "unix", path, "-", NULL };
	int r = run_tool(argv, cfg->timeout, cfg->max_text, &raw, &eo, &st);
	struct page *pg = NULL;
	int np = 0;
	if (r == RUN_TIMEOUT) {
		snprintf(err, errlen, "pdftotext did not finish within %.0f s: killed", cfg->timeout);
		rc = -1;
		goto out;
	}
	if (r == RUN_TOOBIG) {
		snprintf(err, errlen, "pdftotext wrote more than %zu MB of text: stopped",
			 cfg->max_text >> 20);
		rc = -1;
		goto out;
	}
	if (r != RUN_OK) {
		snprintf(err, errlen, "cannot run pdftotext");
		rc = -1;
		goto out;
	}
	if (st != 0) {
		buf_append(&eo, "", 0);
		char *nl = strchr(eo.p, '\n');
		if (nl)
			*nl = '\0';
		snprintf(err, errlen, "corrupt or unreadable PDF: pdftotext exit %d%s%.200s",
			 st, eo.len ? ": " : "", eo.p);
		rc = -1;
		goto out;
	}
	stderr_warning(c, "pdftotext", &eo);
	for (size_t i = 0; i < raw.len; i++)
		c->pages += raw.p[i] == '\f';
	if (c->pages == 0 && raw.len)
		c->pages = 1;
	size_t nonblank, cjk;
	count_chars(raw.p, raw.len, &nonblank, &cjk);
	int scan = nonblank < (size_t)16 * (size_t)(c->pages ? c->pages : 1);
	int garbage = !scan && cjk * 50 < nonblank;
	if (scan || garbage) {
		char why[160];
		if (scan)
			snprintf(why, sizeof why, "no text layer (%zu characters on %d page%s: a scan)",
				 nonblank, c->pages, c->pages == 1 ? "" : "s");
		else
			snprintf(why, sizeof why, "unreadable text layer (%zu characters, %zu CJK: "
				 "fonts without a usable Unicode map)", nonblank, cjk);
		conv_warn(c, "%s", why);
		if (c->pages == 0) {
			snprintf(err, errlen, "PDF without pages: nothing to extract");
			rc = -1;
			goto out;
		}
		if (!cfg->ocr || !cfg->have_ocr) {
			c->status = CONV_NEEDS_OCR;
			snprintf(err, errlen, "needs OCR: %s; %s", why,
				 !cfg->ocr ? "OCR is off (--no-ocr)" :
				 "install tesseract-ocr and tesseract-ocr-chi-sim to read it");
			rc = 1;
			goto out;
		}
		if (ocr_pages(cfg, path, c->pages, c, &raw, err, errlen) != 0) {
			rc = -1;
			goto out;
		}
		c->ocr = 1;
		snprintf(c->converter, sizeof c->converter, "tesseract");
		snprintf(c->converter_version, sizeof c->converter_version, "%s",
			 cfg->tesseract_version[0] ? cfg->tesseract_version : "unknown");
		count_chars(raw.p, raw.len, &nonblank, &cjk);
		if (cjk == 0) {
			c->status = CONV_NEEDS_OCR;
			snprintf(err, errlen, "OCR found no Chinese text on %d page%s", c->pages,
				 c->pages == 1 ? "" : "s");
			rc = 1;
			goto out;
		}
	}
	np = split_pages(raw.p, raw.len, &pg);
	c->furniture = remove_furniture(pg, np);
	write_pages(pg, np, &c->text);
	if (c->ocr) {
		struct buf fixed = BUF_INIT;
		ocr_repair_lines(c->text.p, c->text.len, 0, c, &fixed);
		buf_free(&c->text);
		c->text = fixed;
	}
out:
	free_pages(pg, np);
	unlink(path);
	buf_free(&raw);
	buf_free(&eo);
	return rc;
}
