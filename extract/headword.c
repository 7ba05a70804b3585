/* headword.c - see headword.h. */
#include "headword.h"

#include <string.h>

/* Traditional forms and their simplified ones: all three bytes in UTF-8. */
static const char *const fold[][2] = {
	{ "參", "参" }, { "獻", "献" }, { "錄", "录" }, { "規", "规" }, { "範", "范" },
	{ "圍", "围" }, { "資", "资" }, { "術", "术" }, { "語", "语" }, { "義", "义" },
	{ "態", "态" }, { "號", "号" },
};

size_t fold_heading(const char *s, size_t n, char *out, size_t outlen)
{
	size_t k = 0;
	for (size_t i = 0; i < n && k + 1 < outlen; i++) {
		if (s[i] == ' ')
			continue;
		if ((unsigned char)s[i] >= 0xE0) {
			if (i + 3 > n || k + 3 >= outlen)
				break;  /* no room for the whole character: stop, not half */
			const char *to = NULL;
			for (size_t f = 0; f < sizeof fold / sizeof fold[0] && !to; f++)
				if (memcmp(s + i, fold[f][0], 3) == 0)
					to = fold[f][1];
			memcpy(out + k, to ? to : s + i, 3);
			k += 3;
			i += 2;
			continue;
		}
		out[k++] = s[i];
	}
	out[k] = '\0';
	return k;
}

const char *element_heading(const char *s, size_t n)
{
	static const char *const words[] = { "参考文献", "前言", "目次", "引言", "索引", NULL };
	char t[64];
	if (n > 48)
		return NULL;
	/* most lines: their first character starts no element word */
	size_t i = 0;
	while (i < n && s[i] == ' ')
		i++;
	static const char *const firsts[] = { "参", "參", "前", "目", "引", "索" };
	int maybe = 0;
	if (n - i >= 3 && ((unsigned char)s[i] == 0xE5 || (unsigned char)s[i] == 0xE7))
		for (size_t f = 0; f < sizeof firsts / sizeof firsts[0] && !maybe; f++)
			maybe = memcmp(s + i, firsts[f], 3) == 0;
	if (!maybe)
		return NULL;
	fold_heading(s, n, t, sizeof t);
	if (!strcmp(t, "目录"))
		return "目次";
	for (const char *const *w = words; *w; w++)
		if (!strcmp(t, *w))
			return *w;
	return NULL;
}
