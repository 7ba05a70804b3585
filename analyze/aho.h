/* aho.h - Aho-Corasick over bytes: every occurrence of many words in one
 * pass over a text.
 *
 * The lexicon has hundreds of terms and every document several zones;
 * one memmem() per term and zone would read each text hundreds of times.
 * The automaton is a full transition table, built once per run, so the
 * scan is one table lookup per byte.  Bytes are first mapped to classes
 * (each byte that occurs in a word, and one class for all others): Chinese
 * words use some seventy distinct bytes, so the table is a quarter of a
 * states x 256 one and stays in the cache.  Words are UTF-8 strings; a
 * match is reported at every position, overlapping ones included. */
#ifndef PEIYOU_AHO_H
#define PEIYOU_AHO_H

#include <stddef.h>
#include <stdint.h>

struct aho {
	unsigned char cls[256]; /* byte -> class; 0 for bytes in no word */
	size_t nclass;
	int32_t *next;      /* states x nclass transitions, (state << 1) | reports (owned) */
	int32_t *word;      /* word ending at the state, -1 (owned) */
	int32_t *dict;      /* nearest state on the failure chain with a word, 0 (owned) */
	int32_t *wordlen;   /* byte length of each word (owned) */
	size_t nstates, nwords;
};

/* Build the automaton for words[0..n).  Returns 0, or -1 when memory runs
 * out.  Empty words are ignored. */
int aho_build(struct aho *a, const char *const *words, size_t n);
void aho_free(struct aho *a);

/* Call hit(ctx, word, start) for every occurrence in s[0, len). */
void aho_scan(const struct aho *a, const char *s, size_t len,
	      void (*hit)(void *ctx, int word, size_t start), void *ctx);

#endif
