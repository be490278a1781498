/*
 * NAME
 *	supervise 3h - privilege drop and the supervising master process
 * SYNOPSIS
 *	#include "supervise.h"
 *
 *	int	 supervise_drop(const struct config *cfg, char **cause);
 *	int	 supervise_run(const struct server_sockets *socks,
 *		    struct config *cfg, int (*reload)(struct config *));
 * DESCRIPTION
 *	supervise_drop() is for a daemon started as root: it switches to
 *	the configured user and group (initgroups, setresgid, setresuid, in
 *	that order).  As root with no user configured it refuses unless
 *	allow_root is set.  Not root, it changes nothing.  Returns -1 with
 *	*cause allocated.
 *
 *	supervise_run() keeps one server process running on the sockets it
 *	was given (opened before, as root): it forks a child that drops
 *	privileges and runs server_run(), and starts a new child when one
 *	dies other than by being told to stop, so a crash costs Postfix
 *	one retry, not an outage (restarts are slowed to one per second,
 *	and to one per 30 seconds after 10 within a minute).  SIGHUP and
 *	SIGUSR1 are passed to the child; SIGTERM and SIGINT too, and then
 *	the master waits for the child and returns its status.
 * THREADS
 *	Main thread, before any other thread exists.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#ifndef SUPERVISE_H
#define SUPERVISE_H

#include "config.h"
#include "server.h"

int	 supervise_drop(const struct config *, char **);
int	 supervise_run(const struct server_sockets *, struct config *,
	    int (*)(struct config *));

#endif
