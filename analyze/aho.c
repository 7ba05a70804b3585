/* aho.c - see aho.h. */
#include "aho.h"

#include <stdlib.h>
#include <string.h>

int aho_build(struct aho *a, const char *const *words, size_t n)
{
	memset(a, 0, sizeof *a);
	size_t cap = 1;
	for (size_t i = 0; i < n; i++) {
		cap += strlen(words[i]);
		for (const unsigned char *w = (const unsigned char *)words[i]; *w; w++)
			a->cls[*w] = 1;
	}
	a->nclass = 1;
	for (int c = 0; c < 256; c++)
		if (a->cls[c])
			a->cls[c] = (unsigned char)a->nclass++;
	const size_t K = a->nclass;
	a->next = malloc(cap * K * sizeof *a->next);
	a->word = malloc(cap * sizeof *a->word);
	a->dict = calloc(cap, sizeof *a->dict);
	a->wordlen = malloc((n ? n : 1) * sizeof *a->wordlen);
	int32_t *fail = calloc(cap, sizeof *fail);
	int32_t *queue = malloc(cap * sizeof *queue);
	if (!a->next || !a->word || !a->dict || !a->wordlen || !fail || !queue) {
		free(fail);
		free(queue);
		aho_free(a);
		return -1;
	}
	memset(a->next, 0xff, K * sizeof *a->next);   /* -1: no edge yet */
	a->word[0] = -1;
	a->nstates = 1;
	a->nwords = n;
	/* The trie. */
	for (size_t i = 0; i < n; i++) {
		const unsigned char *w = (const unsigned char *)words[i];
		a->wordlen[i] = (int32_t)strlen(words[i]);
		if (!*w)
			continue;
		int32_t s = 0;
		for (; *w; w++) {
			int32_t *t = &a->next[(size_t)s * K + a->cls[*w]];
			if (*t < 0) {
				*t = (int32_t)a->nstates;
				memset(&a->next[a->nstates * K], 0xff, K * sizeof *a->next);
				a->word[a->nstates] = -1;
				a->nstates++;
			}
			s = *t;
		}
		if (a->word[s] < 0)     /* a repeated word keeps its first index */
			a->word[s] = (int32_t)i;
	}
	/* Breadth first: failure links, then missing edges filled so that
	 * the scan never follows a failure link. */
	size_t head = 0, tail = 0;
	for (size_t c = 0; c < K; c++) {
		int32_t t = a->next[c];
		if (t < 0) {
			a->next[c] = 0;
		} else {
			fail[t] = 0;
			queue[tail++] = t;
		}
	}
	while (head < tail) {
		int32_t s = queue[head++];
		a->dict[s] = a->word[fail[s]] >= 0 ? fail[s] : a->dict[fail[s]];
		for (size_t c = 0; c < K; c++) {
			int32_t *t = &a->next[(size_t)s * K + c];
			if (*t < 0) {
				*t = a->next[(size_t)fail[s] * K + c];
			} else {
				fail[*t] = a->next[(size_t)fail[s] * K + c];
				queue[tail++] = *t;
			}
		}
	}
	/* Mark, in every transition, whether its target reports a word: the
	 * scan then reads one table entry per byte and nothing else unless
	 * there is a match.  Entries become (state << 1) | reports. */
	for (size_t i = 0; i < a->nstates * K; i++) {
		int32_t t = a->next[i];
		a->next[i] = (t << 1) | (a->word[t] >= 0 || a->dict[t] > 0);
	}
	free(fail);
	free(queue);
	return 0;
}

void aho_free(struct aho *a)
{
	free(a->next);
	free(a->word);
	free(a->dict);
	free(a->wordlen);
	memset(a, 0, sizeof *a);
}

void aho_scan(const struct aho *a, const char *s, size_t len,
	      void (*hit)(void *ctx, int word, size_t start), void *ctx)
{
	const unsigned char *u = (const unsigned char *)s;
	const size_t K = a->nclass;
	int32_t st = 0;
	for (size_t i = 0; i < len; i++) {
		int32_t e = a->next[(size_t)st * K + a->cls[u[i]]];
		st = e >> 1;
		if (!(e & 1))
			continue;
		for (int32_t t = a->word[st] >= 0 ? st : a->dict[st]; t > 0; t = a->dict[t])
			hit(ctx, a->word[t], i + 1 - (size_t)a->wordlen[a->word[t]]);
	}
}
