/*
 * NAME
 *	worker 3h - a pool of threads that evaluate requests
 * SYNOPSIS
 *	#include "worker.h"
 *
 *	struct worker_pool *worker_pool_new(struct event_base *base,
 *		    int threads, size_t max_queue,
 *		    void (*done)(struct worker_job *, void *), void *arg);
 *	int	 worker_submit(struct worker_pool *wp, struct worker_job *job);
 *	size_t	 worker_pending(const struct worker_pool *wp);
 *	void	 worker_pool_free(struct worker_pool *wp);
 * DESCRIPTION
 *	SPF evaluation blocks on DNS (libspf2's resolver callback is
 *	synchronous), so it runs on worker threads and never on the event
 *	loop.  worker_submit() queues a job; a free thread runs
 *	job->run(job) and posts the job back to the loop, where done() is
 *	called with it.  Jobs are answered in the order each connection
 *	sent them because a connection has at most one job in flight.
 *
 *	worker_submit() returns -1 without queueing when max_queue jobs
 *	are already waiting (the caller answers at once instead).
 *	worker_pool_free() lets the threads finish the queued jobs, joins
 *	them, and calls done() for whatever completed.
 * THREADS
 *	worker_pool_new, worker_submit, worker_pending and worker_pool_free
 *	are for the loop thread.  Completions come back on it through an
 *	event made active from the worker (libevent with pthreads support
 *	switched on, evthread_use_pthreads()).  A job belongs to the worker
 *	from submit until done() is called.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#ifndef WORKER_H
#define WORKER_H

#include <sys/queue.h>
#include <stddef.h>

struct event_base;

struct worker_job {
	TAILQ_ENTRY(worker_job)	 entry;
	void			(*run)(struct worker_job *);
	void			*arg;		/* the submitter's */
};

struct worker_pool;

struct worker_pool *worker_pool_new(struct event_base *, int, size_t,
		    void (*)(struct worker_job *, void *), void *);
int		 worker_submit(struct worker_pool *, struct worker_job *);
size_t		 worker_pending(const struct worker_pool *);
void		 worker_pool_free(struct worker_pool *);

#endif
