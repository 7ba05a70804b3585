/* extract.h - one document from bytes to a struct doc.
 *
 * An extractor holds what a run compiles once (patterns, JIT stack) and the
 * buffers it reuses from document to document.  extract_bytes() runs the
 * whole chain: NFKC normalisation, PDF-artifact repair, structure parsing,
 * provisions.  The result is x->doc, valid until the next call. */
#ifndef PEIYOU_EXTRACT_H
#define PEIYOU_EXTRACT_H

#include <stddef.h>
#include <stdlib.h>
#include "buf.h"
#include "convert.h"
#include "doc.h"
#include "patterns.h"
#include "regex.h"
#include "repair.h"
#include "stdcode.h"

struct extractor {
	struct rx_ctx rc;
	struct stdcode_matcher codes;
	struct patterns pat;
	struct convert_cfg cfg;   /* conversion settings (--ocr) and tools found */
	struct converted conv;    /* the last document's conversion; doc.conv points here */
	struct buf nfkc;
	struct repaired rep;
	struct doc doc;
	int shared;               /* codes and pat belong to another extractor */
};

/* Returns 0, or -1 with a message in err.  Warns (once) when PCRE2 has no
 * JIT: the run still works, 10-100 times slower. */
int extractor_init(struct extractor *x, char *err, size_t errlen);
/* An extractor of its own (match context, buffers, document) that uses
 * model's compiled patterns, for the slots of one thread: model must be
 * initialised and outlive it.  Returns 0, or -1 with a message in err. */
int extractor_init_like(struct extractor *x, const struct extractor *model,
			char *err, size_t errlen);
void extractor_free(struct extractor *x);

/* Extract data[0, n): converted to UTF-8 text first (convert.h: PDF, HTML,
 * legacy encodings, converter Markdown), then the chain.  Returns 0 with
 * x->doc filled, 1 when the document is kept with a status that is not a
 * failure of the run (x->conv.status: needs_ocr, unsupported; err says
 * why), or -1 with a message naming the problem in err (empty, binary,
 * undecodable byte at N, a corrupt PDF, a blocked page, a line too long, no
 * structure, a pattern that hit its limits).  x->doc.conv is set in every
 * case, so a failure can be stored with its format facts. */
int extract_bytes(struct extractor *x, const char *data, size_t n,
		  char *err, size_t errlen);
/* The same with the content type the bytes came with (HTTP Content-Type
 * from fetch, e.g. "text/html; charset=gbk"), or NULL when unknown. */
int extract_bytes_typed(struct extractor *x, const char *data, size_t n,
			const char *content_type, char *err, size_t errlen);

/* atoi() of a clause number ("5.1.2" -> 5) with the common case of a few
 * leading digits read in place; anything else goes to atoi() itself, so
 * the value is always atoi()'s. */
static inline int clause_int(const char *num)
{
	int v = 0, k = 0;
	for (; num[k] >= '0' && num[k] <= '9'; k++) {
		if (k == 9)
			return atoi(num);
		v = v * 10 + (num[k] - '0');
	}
	return k ? v : atoi(num);
}

/* The document's code and its parts from a recognised standard code (on
 * the cover, or stated by a platform page). */
void doc_set_code(struct doc *d, const struct stdcode *sc);

/* parse.c: structure of the repaired lines into x->doc. */
int parse_document(struct extractor *x, char *err, size_t errlen);

/* provision.c: type of the strongest modal verb in s[0, n), PROV_NONE when
 * there is none; *verb gets the verb (a static string). */
enum prov_type classify_sentence(const char *s, size_t n, const char **verb);
/* The provisions scan has three paths that must find the same sentences:
 * portable C, SSE2 and AVX2; find_provisions() takes the fastest the
 * processor has.  provisions_trace() runs the path `level` (or the best
 * below it that the processor has) over s[0, n) and writes every sentence
 * found as "start-end:type:verb;" into out, for tests that compare them. */
enum { SCAN_PORTABLE, SCAN_SSE2, SCAN_AVX2 };
void provisions_trace(const char *s, size_t n, int level, struct buf *out);
/* Split every clause's paragraphs into sentences and record provisions. */
void find_provisions(struct doc *d);

#endif
