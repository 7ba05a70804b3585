/* lbfgs.c - see lbfgs.h.  Two-loop recursion over the last M steps, a
 * backtracking line search with the Armijo condition; when a step does not
 * decrease the value the history is dropped and a gradient step tried. */
#include "lbfgs.h"
#include "buf.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define M 8

static double dot(const double *a, const double *b, size_t n)
{
	double s = 0;
	for (size_t i = 0; i < n; i++)
		s += a[i] * b[i];
	return s;
}

int lbfgs(double *x, size_t n, lbfgs_fn f, void *ctx, int max_iter, double tol)
{
	double *g = xmalloc(n * sizeof *g), *d = xmalloc(n * sizeof *d);
	double *xn = xmalloc(n * sizeof *xn), *gn = xmalloc(n * sizeof *gn);
	double *s = xmalloc(M * n * sizeof *s), *y = xmalloc(M * n * sizeof *y);
	double rho[M], alpha[M];
	int hist = 0, head = 0, it;
	double fx = f(x, g, ctx);
	for (it = 0; it < max_iter; it++) {
		double gnorm = sqrt(dot(g, g, n)), xnorm = sqrt(dot(x, x, n));
		if (gnorm <= tol * (xnorm > 1 ? xnorm : 1))
			break;
		/* d = -H g */
		memcpy(d, g, n * sizeof *d);
		for (int k = 0; k < hist; k++) {
			int j = (head - 1 - k + M) % M;
			alpha[j] = rho[j] * dot(s + (size_t)j * n, d, n);
			for (size_t i = 0; i < n; i++)
				d[i] -= alpha[j] * y[(size_t)j * n + i];
		}
		double gamma = 1;
		if (hist) {
			int j = (head - 1 + M) % M;
			gamma = dot(s + (size_t)j * n, y + (size_t)j * n, n) /
				dot(y + (size_t)j * n, y + (size_t)j * n, n);
		} else {
			gamma = 1 / (gnorm > 1 ? gnorm : 1);
		}
		for (size_t i = 0; i < n; i++)
			d[i] *= gamma;
		for (int k = hist - 1; k >= 0; k--) {
			int j = (head - 1 - k + M) % M;
			double beta = rho[j] * dot(y + (size_t)j * n, d, n);
			for (size_t i = 0; i < n; i++)
				d[i] += s[(size_t)j * n + i] * (alpha[j] - beta);
		}
		for (size_t i = 0; i < n; i++)
			d[i] = -d[i];
		double dg = dot(d, g, n);
		if (dg >= 0) {          /* not a descent direction: start again */
			for (size_t i = 0; i < n; i++)
				d[i] = -g[i] / (gnorm > 1 ? gnorm : 1);
			dg = dot(d, g, n);
			hist = 0;
		}
		double step = 1, fn = 0;
		int ok = 0;
		for (int ls = 0; ls < 40; ls++) {
			for (size_t i = 0; i < n; i++)
				xn[i] = x[i] + step * d[i];
			fn = f(xn, gn, ctx);
			if (fn <= fx + 1e-4 * step * dg) {
				ok = 1;
				break;
			}
			step *= 0.5;
		}
		if (!ok)
			break;
		double *sj = s + (size_t)head * n, *yj = y + (size_t)head * n;
		for (size_t i = 0; i < n; i++) {
			sj[i] = xn[i] - x[i];
			yj[i] = gn[i] - g[i];
		}
		double sy = dot(sj, yj, n);
		if (sy > 1e-12) {
			rho[head] = 1 / sy;
			head = (head + 1) % M;
			if (hist < M)
				hist++;
		}
		double change = fx - fn;
		memcpy(x, xn, n * sizeof *x);
		memcpy(g, gn, n * sizeof *g);
		fx = fn;
		if (change < 1e-10 * (fabs(fx) > 1 ? fabs(fx) : 1))
			break;
	}
	free(g); free(d); free(xn); free(gn); free(s); free(y);
	return it;
}
