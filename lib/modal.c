/* modal.c - see modal.h: the table of look-alike compounds, the filter built
 * from it, and the walk over the verbs of a sentence. */
#include "modal.h"

const struct modal_compounds modal_compounds[MODAL_GROUPS] = {
	/* 应缴 (应缴金额), 应征 (应征入伍), 应力 (stress), 应收款 and 应付款 are
	 * not the verb 应; 应缴纳, 应征收, 应力求 are (modal_at). */
	{ C_YING, "相对适供反响效顺回感呼答报照内", "用急对答聘届激变缴征力",
	  { "应收账款", "应付账款", "应收款", "应付款", "应收金额", "应付金额", NULL } },
	{ C_YI, "适便事权", "居人", { NULL } },
	{ C_KE, "认许宁", "靠行视及控信比读燃疑选达观口爱惜怕溯调塑见",
	  { "可追溯", "可持续", "可再生", "可回收", "可量化", "可验证", "不可抗力", "不可抗拒", "可操作",
	    "可用性", "不可用", "可扩展", "可识别", "可复制", "不可重复", "可重复", "可移植", "可接受",
	    "可访问", "可获得", "不可或缺", "不可避免", "不可替代", "不可分割", NULL } },
	{ C_NENG, "功智技职节性效赋体动才机潜储电热本产势光核阳风水", "力源耗量级效", { NULL } },
	{ C_DE, "获取所心难记懂值使晓舍", "到分以当出益", { NULL } },
};

void modal_filter_init(struct modal_filter *f)
{
	memset(f, 0, sizeof *f);
	memset(f->group, -1, sizeof f->group);
	for (size_t g = 0; g < MODAL_GROUPS; g++) {
		unsigned key = modal_compounds[g].key;
		const char k3[3] = { (char)(0xE0 | key >> 12), (char)(0x80 | ((key >> 6) & 63)),
				     (char)(0x80 | (key & 63)) };
		f->group[key & 63] = (signed char)g;
		for (const char *c = modal_compounds[g].before; *c; c += 3)
			bits_add(&f->before[g], c);
		for (const char *c = modal_compounds[g].after; *c; c += 3)
			bits_add(&f->after[g], c);
		for (const char *const *w = modal_compounds[g].longer; *w; w++)
			for (const char *c = *w; *c; c += 3) {
				if (memcmp(c, k3, 3) != 0 || f->n_longer[g] == MODAL_MAX_LONGER)
					continue;
				f->longer[g][f->n_longer[g]].word = *w;
				f->longer[g][f->n_longer[g]].at = (unsigned char)(c - *w);
				f->longer[g][f->n_longer[g]].len = (unsigned char)strlen(*w);
				f->n_longer[g]++;
				if (c[3])
					bits_add(&f->longer_after[g], c + 3);
				else if (c > *w)
					bits_add(&f->longer_before[g], c - 3);
			}
	}
}


int modal_next(const struct modal_filter *f, const char *s, size_t n, size_t *pos,
	       enum prov_type *type, const char **verb, size_t *at, size_t *len)
{
	for (size_t i = *pos; i + 3 <= n; i++) {
		unsigned char b = (unsigned char)s[i];
		if (b < 0xE0 || b >= 0xF0)
			continue;
		unsigned c = cp3(s + i);
		if (!c || !is_key(c))
			continue;
		size_t skip;
		modal_at(s, n, i, c, f, type, verb, &skip);
		if (*type == PROV_NONE)
			continue;
		/* the verb's bytes: the key stands somewhere in it (应该, 不应,
		 * 不可能, 不准许) */
		size_t vl = strlen(*verb);
		const char *key = memmem(*verb, vl, s + i, 3);
		size_t k = key ? (size_t)(key - *verb) : 0;
		*at = i >= k ? i - k : i;
		*len = *at + vl <= n ? vl : n - *at;
		*pos = *at + *len > i + 3 + skip ? *at + *len : i + 3 + skip;
		return 1;
	}
	return 0;
}
