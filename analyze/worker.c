/* worker.c - the analysis thread (see worker.h).
 *
 * A ring of WORKER_QUEUE slots: the main thread fills slot `submitted`, the
 * worker analyses slot `analysed`, the main thread takes results from slot
 * `returned` (counters only grow; slot = counter % WORKER_QUEUE).  Each
 * side signals the other only when that one is asleep waiting for it, so a
 * long batch costs few wake-ups instead of two per document. */
#include "worker.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct slot {
	struct adoc *doc;
	int rc;                 /* result of run_checks */
	char err[512];
};

struct worker {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t work_cv;     /* the worker waits here for documents */
	pthread_cond_t done_cv;     /* the main thread waits here for results */
	struct analyzer *an;
	struct slot slot[WORKER_QUEUE];
	size_t submitted, analysed, returned;
	int worker_asleep, main_asleep;
	int quit;
};

static void *work(void *arg)
{
	struct worker *w = arg;
	pthread_mutex_lock(&w->mu);
	for (;;) {
		while (w->analysed == w->submitted && !w->quit) {
			w->worker_asleep = 1;
			pthread_cond_wait(&w->work_cv, &w->mu);
			w->worker_asleep = 0;
		}
		if (w->analysed == w->submitted)
			break;
		struct slot *s = &w->slot[w->analysed % WORKER_QUEUE];
		pthread_mutex_unlock(&w->mu);
		struct adoc *d = s->doc;
		s->err[0] = '\0';
		load_provisions(d);
		classify(w->an, d);
		s->rc = run_checks(w->an, d, s->err, sizeof s->err);
		if (s->rc == 0)
			score_indicators(w->an, d);
		pthread_mutex_lock(&w->mu);
		w->analysed++;
		if (w->main_asleep)
			pthread_cond_signal(&w->done_cv);
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

struct worker *worker_start(struct analyzer *a, char *err, size_t errlen)
{
	struct worker *w = calloc(1, sizeof *w);
	if (!w) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	w->an = a;
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->work_cv, NULL);
	pthread_cond_init(&w->done_cv, NULL);
	if (pthread_create(&w->thread, NULL, work, w) != 0) {
		snprintf(err, errlen, "cannot start the analysis thread");
		pthread_cond_destroy(&w->work_cv);
		pthread_cond_destroy(&w->done_cv);
		pthread_mutex_destroy(&w->mu);
		free(w);
		return NULL;
	}
	return w;
}

void worker_submit(struct worker *w, struct adoc *d)
{
	pthread_mutex_lock(&w->mu);
	w->slot[w->submitted % WORKER_QUEUE].doc = d;
	w->submitted++;
	if (w->worker_asleep)
		pthread_cond_signal(&w->work_cv);
	pthread_mutex_unlock(&w->mu);
}

int worker_wait(struct worker *w, char *err, size_t errlen)
{
	pthread_mutex_lock(&w->mu);
	while (w->analysed == w->returned) {
		w->main_asleep = 1;
		pthread_cond_wait(&w->done_cv, &w->mu);
		w->main_asleep = 0;
	}
	struct slot *s = &w->slot[w->returned % WORKER_QUEUE];
	w->returned++;
	pthread_mutex_unlock(&w->mu);
	if (s->rc != 0)
		snprintf(err, errlen, "%s", s->err);
	return s->rc;
}

void worker_stop(struct worker *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->mu);
	w->quit = 1;
	pthread_cond_signal(&w->work_cv);
	pthread_mutex_unlock(&w->mu);
	pthread_join(w->thread, NULL);
	pthread_cond_destroy(&w->work_cv);
	pthread_cond_destroy(&w->done_cv);
	pthread_mutex_destroy(&w->mu);
	free(w);
}
