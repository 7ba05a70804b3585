/* worker.c - the analysis thread: one document at a time, handed over
 * under a mutex (see worker.h). */
#include "worker.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct worker {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct analyzer *an;
	struct adoc *doc;       /* submitted, not yet analysed */
	int quit;
	int rc;                 /* result of the last document */
	char err[512];
};

static void *work(void *arg)
{
	struct worker *w = arg;
	pthread_mutex_lock(&w->mu);
	for (;;) {
		while (!w->doc && !w->quit)
			pthread_cond_wait(&w->cv, &w->mu);
		if (!w->doc)
			break;
		struct adoc *d = w->doc;
		pthread_mutex_unlock(&w->mu);
		char err[sizeof w->err] = "";
		load_provisions(d);
		classify(w->an, d);
		int rc = run_checks(w->an, d, err, sizeof err);
		if (rc == 0)
			score_indicators(w->an, d);
		pthread_mutex_lock(&w->mu);
		w->rc = rc;
		memcpy(w->err, err, sizeof err);
		w->doc = NULL;
		pthread_cond_broadcast(&w->cv);
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
	pthread_cond_init(&w->cv, NULL);
	if (pthread_create(&w->thread, NULL, work, w) != 0) {
		snprintf(err, errlen, "cannot start the analysis thread");
		pthread_cond_destroy(&w->cv);
		pthread_mutex_destroy(&w->mu);
		free(w);
		return NULL;
	}
	return w;
}

void worker_submit(struct worker *w, struct adoc *d)
{
	pthread_mutex_lock(&w->mu);
	w->doc = d;
	pthread_cond_broadcast(&w->cv);
	pthread_mutex_unlock(&w->mu);
}

int worker_wait(struct worker *w, char *err, size_t errlen)
{
	pthread_mutex_lock(&w->mu);
	while (w->doc)
		pthread_cond_wait(&w->cv, &w->mu);
	int rc = w->rc;
	if (rc != 0)
		snprintf(err, errlen, "%s", w->err);
	pthread_mutex_unlock(&w->mu);
	return rc;
}

void worker_stop(struct worker *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->mu);
	w->quit = 1;
	pthread_cond_broadcast(&w->cv);
	pthread_mutex_unlock(&w->mu);
	pthread_join(w->thread, NULL);
	pthread_cond_destroy(&w->cv);
	pthread_mutex_destroy(&w->mu);
	free(w);
}
