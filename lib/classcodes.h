/* classcodes.h - classification codes of standards found in text: ICS
 * ("03.080.99"), CCS ("A12", written "A 12" on covers) and the industry
 * codes of GB/T 4754-2017 ("Q8514", or a section letter alone).
 *
 * Platform pages and covers write them with names, several at once, or
 * with other codes in the same field ("Y68 ICS 97.040.99" under
 * 中国标准分类号): extract keeps the codes of a field, analyze matches
 * them against its code tables; both find them here. */
#ifndef PEIYOU_CLASSCODES_H
#define PEIYOU_CLASSCODES_H

#include <stddef.h>

enum { CLASSCODE_ICS, CLASSCODE_CCS, CLASSCODE_INDUSTRY };

/* The codes of one system in text, in order, at most max of them, each
 * NUL-terminated in out (CCS without its space: "A12").  Returns how many. */
size_t classcodes_find(int system, const char *text, char out[][16], size_t max);

#endif
