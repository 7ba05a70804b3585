/* vec.h - growable arrays of any element type.
 *
 *   VEC(struct clause) clauses = {0};
 *   struct clause *c = vec_push(&clauses);   // zeroed new element
 *   ... clauses.v[i], clauses.n ...
 *   vec_free(&clauses);
 *
 * The array owns its storage; vec_clear() keeps it for reuse, which is how
 * a batch avoids re-allocating for every document. */
#ifndef PEIYOU_VEC_H
#define PEIYOU_VEC_H

#include <stdlib.h>
#include <string.h>
#include "buf.h"

#define VEC(T) struct { T *v; size_t n, cap; }

static inline void vec_grow_(void **v, size_t *cap, size_t elem)
{
	*cap = *cap ? *cap * 2 : 16;
	*v = xrealloc(*v, *cap * elem);
}

#define vec_push(vec) \
	((vec)->n == (vec)->cap ? vec_grow_((void **)&(vec)->v, &(vec)->cap, sizeof *(vec)->v) : (void)0, \
	 memset(&(vec)->v[(vec)->n], 0, sizeof *(vec)->v), &(vec)->v[(vec)->n++])
#define vec_clear(vec) ((vec)->n = 0)
#define vec_free(vec) (free((vec)->v), (vec)->v = NULL, (vec)->n = (vec)->cap = 0)

#endif
