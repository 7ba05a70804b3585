/* lbfgs.h - unconstrained minimisation by limited-memory BFGS.
 *
 * For fitting the classification model (learn.c): a smooth convex
 * objective of a few thousand to a few hundred thousand parameters, where
 * plain gradient descent needs thousands of passes and L-BFGS a few
 * hundred.  Deterministic: the same input gives the same result. */
#ifndef PEIYOU_LBFGS_H
#define PEIYOU_LBFGS_H

#include <stddef.h>

/* The objective: its value at x, and its gradient into g. */
typedef double (*lbfgs_fn)(const double *x, double *g, void *ctx);

/* Minimise f from x (changed in place), at most max_iter iterations,
 * stopping when the gradient's norm is below tol x max(1, |x|) or the
 * value stops moving.  Returns the iterations done. */
int lbfgs(double *x, size_t n, lbfgs_fn f, void *ctx, int max_iter, double tol);

#endif
