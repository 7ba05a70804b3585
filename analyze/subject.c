/* subject.c - what a standard is about: product, method, service,
 * management, data/IT, terminology or engineering.
 *
 * A product, test-method or design standard is not a public service even
 * when its title says 养老 or 儿童, and a title says which kind of
 * standard it is mostly by how it ends (…技术要求, …试验方法, …服务规范,
 * …设计规范, …数据元), the scope by its verbs and objects (规定了…的技术要求、
 * 试验方法、检验规则…).  The cues are data (data/subject-cues.tsv): a cue at
 * the end of the title (or of a part of it, before a space or a colon),
 * anywhere in the title, or in the scope, each with a weight.  The subject
 * with the most weight wins (ties go to the earlier in enum subject
 * order); no cue at all is "unknown".  The model weighs each subject for
 * each class (model.h), so a subject is evidence, not a verdict. */
#include "analyze.h"

#include <string.h>

/* Does the cue end the title, or a part of it (before a space, a colon)? */
static int at_end(const char *title, const char *cue)
{
	size_t n = strlen(cue);
	for (const char *p = strstr(title, cue); p; p = strstr(p + 1, cue)) {
		const char *after = p + n;
		if (!*after || *after == ' ' || *after == ':' || !strncmp(after, "：", 3) ||
		    !strncmp(after, "　", 3))
			return 1;
	}
	return 0;
}

int subject_detect(const struct config *cfg, const char *title, const char *scope,
		   struct subject_hit *hits, size_t max, size_t *nhits)
{
	int score[NSUBJ] = { 0 };
	*nhits = 0;
	VEC(struct subject_hit) all = { 0 };
	for (size_t i = 0; i < cfg->cues.n; i++) {
		const struct subject_cue *c = &cfg->cues.v[i];
		const char *text = c->where == CUE_SCOPE ? scope : title;
		if (!text || !*text)
			continue;
		int hit = c->where == CUE_END ? at_end(text, c->cue) : strstr(text, c->cue) != NULL;
		if (!hit)
			continue;
		score[c->subject] += c->weight;
		struct subject_hit *h = vec_push(&all);
		h->cue = c;
	}
	int best = SUBJ_UNKNOWN;
	for (int s = 1; s < NSUBJ; s++)
		if (score[s] > score[best])
			best = s;
	for (size_t i = 0; i < all.n && *nhits < max; i++)
		if (all.v[i].cue->subject == best)
			hits[(*nhits)++] = all.v[i];
	vec_free(&all);
	return best;
}
