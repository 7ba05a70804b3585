/* convert.h - any fetched format into the UTF-8 text the extraction chain reads.
 *
 * convert_bytes() decides what the bytes are (magic bytes first, then the
 * content type when the caller knows one, then sniffing; never the file
 * name), converts them with the matching converter and records what it did:
 *
 *   PDF       pdftotext (poppler) in a child process, page by page; running
 *             headers and footers removed by position (pdf.c); scans and
 *             unreadable text layers detected and, with tesseract, OCR'd
 *   HTML      libxml2's HTML parser; blocks become lines, table rows one line
 *             each; platform detail pages give metadata (html.c)
 *   text      UTF-8 / BOM / UTF-16 / GB18030 / GBK / GB2312 / Big5 decoded
 *             with iconv (encoding.c)
 *   Markdown  converter output (headings, HTML tables, LaTeX, image links)
 *             cleaned, OCR slips in clause numbers repaired (markdown.c)
 *   OLE, ZIP  (.doc, .wps, .docx, ...) recorded as unsupported
 *
 * Everything a struct converted points to is owned by it and lives until the
 * next convert_bytes() on it or converted_free().  docs/formats.md says more. */
#ifndef PEIYOU_CONVERT_H
#define PEIYOU_CONVERT_H

#include <stddef.h>
#include <stdint.h>
#include "buf.h"
#include "vec.h"

/* The run's conversion settings and what it learnt about the tools (probed
 * once per run, on first use).  Part of the extractor: no global state. */
struct convert_cfg {
	int ocr;                /* 1: OCR scans when tesseract+chi_sim exist (default) */
	double timeout;         /* seconds for one converter process (default 120) */
	int ocr_max_pages;      /* pages OCR'd per document at most (default 100) */
	size_t max_text;        /* converter output limit in bytes (default 64 MB) */
	/* probed */
	int probed;
	char pdftotext_version[32]; /* "" when pdftotext is missing */
	int have_ocr;           /* tesseract with chi_sim, and pdftoppm */
	char tesseract_version[32];
};

void convert_cfg_init(struct convert_cfg *cfg);

/* One repair of an OCR slip, reported and stored (table repairs). */
struct conv_repair {
	uint32_t line;          /* 1-based line in the converter's text */
	const char *kind;       /* static: "clause_number", "heading_space", "chapter_number" */
	char *before, *after;   /* owned */
};

/* Metadata a platform's detail page states (html.c); owned, NULL when absent.
 * ics and ccs hold the codes alone ("13.020.01", "Y68"; several joined by
 * "; "); industry is 国民经济分类 / 行业分类 as written ("C385 家用电力器具制造");
 * org_category and org_scope are the issuing organisation's 社团类别 and
 * 业务范围; authority 主管部门, committee 归口单位 / 归口部门; drafters and orgs
 * the page's 起草人 and 起草单位 as JSON arrays of the names; scope 范围, content 主要技术内容;
 * patent "1" or "0" (是否包含专利信息); text_url the 标准文本 link; other a
 * JSON object of the page's other labelled values (登记证号, 执行单位 ...). */
struct conv_meta {
	char *code, *title_zh, *title_en, *published, *effective, *status, *publisher;
	char *ics, *ccs, *industry, *org_category, *org_scope, *authority, *committee;
	char *drafters, *orgs, *scope, *content, *patent, *text_url, *other;
};

/* Kept statuses: the document is recorded, but it is not a failure of the run. */
#define CONV_NEEDS_OCR "needs_ocr"
#define CONV_UNSUPPORTED "unsupported"

struct converted {
	struct buf text;        /* UTF-8 text for norm_nfkc(); owned */
	const char *view;       /* instead of text when set: the caller's own
				 * bytes, already UTF-8 (borrowed, valid during
				 * the conversion's use) */
	size_t view_len;
	int unchecked;          /* 1: view is UTF-8 by detection, not yet
				 * checked: see decode_text() */
	const char *format;     /* static: "text", "markdown", "html", "pdf", "doc", "docx", "zip" */
	char encoding[24];      /* "UTF-8", "GB18030", "UTF-16LE", ...; "" for PDF */
	char encoding_source[16]; /* how it was found: "bom", "http", "meta", "utf8-valid", "fallback", "default" */
	char converter[24];     /* "pdftotext", "tesseract", "libxml2", "iconv", "none" */
	char converter_version[32];
	int pages;              /* PDF pages; 0 when the format has none */
	int ocr;                /* 1: the text came from OCR */
	int furniture;          /* running header/footer lines removed by position */
	const char *status;     /* NULL, CONV_NEEDS_OCR or CONV_UNSUPPORTED (static) */
	VEC(char *) warnings;   /* owned strings */
	VEC(struct conv_repair) repairs;
	struct conv_meta meta;
	int blocked;            /* HTML: an anti-bot / error page, not a document */
};

void converted_free(struct converted *c);
/* Forget the last document's results, keep the buffers. */
void converted_reset(struct converted *c);
/* Append a printf-style warning. */
void conv_warn(struct converted *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void conv_add_repair(struct converted *c, uint32_t line, const char *kind,
		     const char *before, size_t blen, const char *after, size_t alen);

/* Convert data[0, n).  content_type is the HTTP Content-Type when the caller
 * knows it ("text/html; charset=gbk"), else NULL.  Returns 0 with out->text
 * filled (possibly empty for a metadata-only page), 1 for a kept status
 * (out->status says which, err why), or -1 with a message in err (an
 * undecodable byte with its offset, a corrupt PDF, a converter that timed
 * out or is missing).
 *
 * unchecked_ok 1: plain text that detection takes for UTF-8 may be passed
 * on unchecked (out->unchecked set, the bytes in out->view); the caller
 * promises to run norm_nfkc() on them, which is the check, and to convert
 * again with unchecked_ok 0 when it refuses them (decode_text() says why). */
int convert_bytes(struct convert_cfg *cfg, const char *data, size_t n,
		  const char *content_type, int unchecked_ok, struct converted *out,
		  char *err, size_t errlen);

/* ---- the converters (one file each) -------------------------------- */

/* encoding.c: decode text to UTF-8 into out (replaced).  label: a charset
 * from the HTTP header or a meta tag, or NULL to detect (BOM, then strict
 * UTF-8, then GB18030).  Sets c->encoding and c->encoding_source (source is
 * the caller's word for where label came from).  Returns 0 with the text
 * in out; DECODE_AS_IS (out left empty) when the input is UTF-8 to be used
 * as it is, without a copy; DECODE_UNCHECKED (out left empty) when
 * unchecked_ok is 1 and detection would have checked whether the input is
 * UTF-8: it is to be used as it is, and the caller must decode again with
 * unchecked_ok 0 if norm_nfkc() refuses it; or -1 with the byte offset of
 * the first undecodable byte in err. */
#define DECODE_AS_IS 2
#define DECODE_UNCHECKED 3
int decode_text(const char *data, size_t n, const char *label, const char *source,
		int unchecked_ok, struct converted *c, struct buf *out,
		char *err, size_t errlen);
/* The charset parameter of a Content-Type value into out ("" if none). */
void charset_param(const char *content_type, char *out, size_t outlen);
/* The charset a HTML page declares in its first 4 KB (<meta charset> or
 * http-equiv Content-Type) into out ("" if none). */
void html_meta_charset(const char *data, size_t n, char *out, size_t outlen);

/* html.c: HTML bytes (already UTF-8) to text lines and metadata. */
int html_to_text(const char *utf8, size_t n, struct converted *c, char *err, size_t errlen);
/* The rows of one HTML <table> fragment appended to out as lines, cells
 * tab-separated, or with pipes as "| a | b |" (markdown.c uses that for the
 * tables converters embed: a row starting with a number must not read as a
 * clause). */
void html_table_lines(const char *frag, size_t n, struct buf *out, int pipes);

/* markdown.c: is this UTF-8 text converter Markdown?  And its cleanup:
 * in -> out, with the repairs recorded in c. */
int looks_like_markdown(const char *s, size_t n);
void markdown_clean(const char *in, size_t n, struct converted *c, struct buf *out);
/* The OCR-slip repairs alone (clause numbers, glued headings, lost chapter
 * numbers), for OCR output: in -> out. */
void ocr_repair_lines(const char *in, size_t n, int markdown, struct converted *c,
		      struct buf *out);

/* pdf.c: PDF bytes to text. */
int pdf_to_text(struct convert_cfg *cfg, const char *data, size_t n,
		struct converted *c, char *err, size_t errlen);
/* Probe pdftotext, tesseract (+chi_sim) and pdftoppm once per run. */
void convert_probe_tools(struct convert_cfg *cfg);
/* squeeze_spaces(): lib/repair.h */

#endif
