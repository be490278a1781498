/*
 * NAME
 *	server 3h - the standing daemon: listeners, connections, signals
 * SYNOPSIS
 *	#include "server.h"
 *
 *	int	 server_listen(const struct strlist *listen,
 *		    const struct config *cfg, struct server_sockets *out,
 *		    char **cause);
 *	void	 server_sockets_close(struct server_sockets *s);
 *	int	 server_run(const struct server_sockets *socks,
 *		    struct config *cfg, int (*reload)(struct config *));
 * DESCRIPTION
 *	server_listen() opens every listen address: "unix:/path" (a stale
 *	socket file left by a dead daemon is removed, a live one is an
 *	error; owner, group and mode from socket_owner, socket_group and
 *	socket_mode), "inet:host:port" and "inet:[v6addr]:port".  It runs
 *	before privileges are dropped.  Returns -1 with *cause allocated.
 *
 *	server_run() serves on the sockets with one libevent loop and a
 *	worker pool until SIGTERM or SIGINT.  It owns cfg from then on.
 *	Each connection is spawn mode's protocol (proto.c) on a
 *	bufferevent; a complete request goes to a worker (policy.c), and
 *	the connection reads nothing more until the answer is written,
 *	so answers go out in request order.
 *	  - More than max_connections connections: the new one is accepted
 *	    and closed at once, with a log line (Postfix retries).
 *	  - No request within idle_timeout seconds: closed.
 *	  - No answer within request_timeout seconds, or the worker queue
 *	    full (max_queue): the answer for a Temperror of MAIL FROM under
 *	    the current configuration (so temperror_defer decides), logged.
 *	  - SIGHUP: reload() reads the configuration again (it fills the
 *	    struct and returns 0, or logs the errors and returns -1); if it is valid it
 *	    applies to every request that starts afterwards (connections
 *	    stay up), else the errors are logged and the old one is kept.
 *	  - SIGTERM, SIGINT: stop accepting, answer the requests in flight
 *	    (at most shutdown_timeout seconds), close, return 0.
 *	  - SIGUSR1: log the counters.
 * THREADS
 *	The loop thread; evaluations run on worker.c's threads.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#ifndef SERVER_H
#define SERVER_H

#include "config.h"
#include "util.h"

#define SERVER_SOCKETS_MAX	16

struct server_sockets {
	int	 fd[SERVER_SOCKETS_MAX];
	char	*name[SERVER_SOCKETS_MAX];
	char	*path[SERVER_SOCKETS_MAX];	/* unix sockets, else NULL */
	int	 n;
};

int	 server_listen(const struct strlist *, const struct config *,
	    struct server_sockets *, char **);
void	 server_sockets_close(struct server_sockets *);
int	 server_run(const struct server_sockets *, struct config *,
	    int (*)(struct config *));

#endif
