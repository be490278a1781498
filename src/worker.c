/*
 * NAME
 *	worker 3 - a pool of threads that evaluate requests
 * DESCRIPTION
 *	See worker.h.  Two queues under one mutex: todo (loop -> workers,
 *	with a condition variable) and done (workers -> loop, with an event
 *	made active when the queue turns non-empty, the way Redis hands
 *	module replies back to its main thread).
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <sys/queue.h>

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "log.h"
#include "worker.h"
#include "xmalloc.h"

TAILQ_HEAD(worker_queue, worker_job);

struct worker_pool {
	pthread_mutex_t		 lock;
	pthread_cond_t		 wake;
	struct worker_queue	 todo;		/* covered by lock */
	struct worker_queue	 done;		/* covered by lock */
	size_t			 ntodo;		/* covered by lock */
	size_t			 max_queue;
	int			 stopping;	/* covered by lock */
	pthread_t		*threads;
	int			 nthreads;
	struct event		*done_ev;
	void			(*done_cb)(struct worker_job *, void *);
	void			*done_arg;
};

/* worker_main - take jobs until told to stop and the queue is empty */
static void *
worker_main(void *arg)
{
	struct worker_pool	*wp = arg;
	struct worker_job	*job;
	int			 was_empty;

	pthread_mutex_lock(&wp->lock);
	for (;;) {
		while (TAILQ_EMPTY(&wp->todo) && !wp->stopping)
			pthread_cond_wait(&wp->wake, &wp->lock);
		if ((job = TAILQ_FIRST(&wp->todo)) == NULL)
			break;		/* stopping, nothing left */
		TAILQ_REMOVE(&wp->todo, job, entry);
		wp->ntodo--;
		pthread_mutex_unlock(&wp->lock);

		job->run(job);

		pthread_mutex_lock(&wp->lock);
		was_empty = TAILQ_EMPTY(&wp->done);
		TAILQ_INSERT_TAIL(&wp->done, job, entry);
		/* One wakeup per batch: the loop drains the whole queue. */
		if (was_empty)
			event_active(wp->done_ev, EV_READ, 0);
	}
	pthread_mutex_unlock(&wp->lock);
	return (NULL);
}

/* worker_drain - loop side: hand every completed job to done_cb */
static void
worker_drain(struct worker_pool *wp)
{
	struct worker_queue	 batch;
	struct worker_job	*job;

	TAILQ_INIT(&batch);
	pthread_mutex_lock(&wp->lock);
	TAILQ_CONCAT(&batch, &wp->done, entry);
	pthread_mutex_unlock(&wp->lock);
	while ((job = TAILQ_FIRST(&batch)) != NULL) {
		TAILQ_REMOVE(&batch, job, entry);
		wp->done_cb(job, wp->done_arg);
	}
}

/* worker_done_event - the loop was woken by a worker */
static void
worker_done_event(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	worker_drain(arg);
}

/* worker_pool_new - start the threads */
struct worker_pool *
worker_pool_new(struct event_base *base, int threads, size_t max_queue,
    void (*done)(struct worker_job *, void *), void *arg)
{
	struct worker_pool	*wp;
	int			 i, rc;

	wp = xcalloc(1, sizeof(*wp));
	pthread_mutex_init(&wp->lock, NULL);
	pthread_cond_init(&wp->wake, NULL);
	TAILQ_INIT(&wp->todo);
	TAILQ_INIT(&wp->done);
	wp->max_queue = max_queue;
	wp->done_cb = done;
	wp->done_arg = arg;
	if ((wp->done_ev = event_new(base, -1, 0, worker_done_event,
	    wp)) == NULL)
		fatalx("worker_pool_new: event_new failed");
	wp->threads = xcalloc(threads, sizeof(*wp->threads));
	for (i = 0; i < threads; i++) {
		if ((rc = pthread_create(&wp->threads[i], NULL, worker_main,
		    wp)) != 0)
			fatalx("worker_pool_new: pthread_create: %s",
			    strerror(rc));
		wp->nthreads++;
	}
	return (wp);
}

/* worker_submit - queue a job, or -1 when the queue is full */
int
worker_submit(struct worker_pool *wp, struct worker_job *job)
{
	pthread_mutex_lock(&wp->lock);
	if (wp->ntodo >= wp->max_queue) {
		pthread_mutex_unlock(&wp->lock);
		return (-1);
	}
	TAILQ_INSERT_TAIL(&wp->todo, job, entry);
	wp->ntodo++;
	pthread_cond_signal(&wp->wake);
	pthread_mutex_unlock(&wp->lock);
	return (0);
}

/* worker_pending - jobs waiting for a thread */
size_t
worker_pending(const struct worker_pool *wp)
{
	size_t	n;

	pthread_mutex_lock((pthread_mutex_t *)&wp->lock);
	n = wp->ntodo;
	pthread_mutex_unlock((pthread_mutex_t *)&wp->lock);
	return (n);
}

/* worker_pool_free - finish queued work, join, release */
void
worker_pool_free(struct worker_pool *wp)
{
	int	i;

	if (wp == NULL)
		return;
	pthread_mutex_lock(&wp->lock);
	wp->stopping = 1;
	pthread_cond_broadcast(&wp->wake);
	pthread_mutex_unlock(&wp->lock);
	for (i = 0; i < wp->nthreads; i++)
		pthread_join(wp->threads[i], NULL);
	worker_drain(wp);
	event_free(wp->done_ev);
	free(wp->threads);
	pthread_cond_destroy(&wp->wake);
	pthread_mutex_destroy(&wp->lock);
	free(wp);
}
