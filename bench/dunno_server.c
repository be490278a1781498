/*
 * NAME
 *	dunno_server - a policy server that answers action=DUNNO at once
 * SYNOPSIS
 *	dunno_server [-t threads] [-m max-seconds] [-f pidfile]
 *	    unix:/path | inet:host:port
 *	dunno_server --stdio
 * DESCRIPTION
 *	The trivial target that measures the load generator's own ceiling:
 *	every request (lines up to an empty line) is answered
 *	"action=DUNNO" and an empty line as soon as its empty line is read,
 *	with no parsing.  Nonblocking sockets and epoll (edge-triggered),
 *	one event loop per thread (default 1), the listening socket shared
 *	with EPOLLEXCLUSIVE.  With --stdio it serves one connection on
 *	standard input and output and exits at end of file (the spawn(8)
 *	case).  It exits after max-seconds (default 3600) or on SIGTERM.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#define _GNU_SOURCE
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define ANSWER		"action=DUNNO\n\n"
#define ANSWER_LEN	(sizeof(ANSWER) - 1)
#define MAX_FD		65536

struct cstate {
	int	 nl;		/* the last byte read was a newline */
	int	 bol;		/* at the beginning of a line */
	size_t	 pending;	/* answers not yet written */
};

static int		 lfd = -1;
static struct cstate	*cs;
static volatile sig_atomic_t stop;

static void
onsig(int sig)
{
	(void)sig;
	stop = 1;
}

static void
die(const char *what)
{
	fprintf(stderr, "dunno_server: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* Count requests ended in buf; state carried across reads. */
static size_t
scan(struct cstate *c, const char *buf, size_t n)
{
	size_t	 i, done = 0;

	for (i = 0; i < n; i++) {
		if (buf[i] == '\n') {
			if (c->bol && c->nl)
				done++;
			c->nl = 1;
			c->bol = 1;
		} else {
			c->nl = 0;
			c->bol = 0;
		}
	}
	return done;
}

/* Write n answers; 0 ok, -1 closed, 1 would block (rest in pending). */
static int
answer(int fd, struct cstate *c)
{
	static char	 many[ANSWER_LEN * 64];
	static int	 init;
	ssize_t		 w;
	size_t		 k;

	if (!init) {
		for (k = 0; k < 64; k++)
			memcpy(many + k * ANSWER_LEN, ANSWER, ANSWER_LEN);
		init = 1;
	}
	while (c->pending > 0) {
		k = c->pending > 64 ? 64 : c->pending;
		w = send(fd, many, k * ANSWER_LEN, MSG_NOSIGNAL);
		if (w == (ssize_t)(k * ANSWER_LEN)) {
			c->pending -= k;
			continue;
		}
		if (w == -1 && errno == EINTR)
			continue;
		if (w == -1 && errno == EAGAIN)
			return 1;
		/* a short write of fixed-size answers: treat as fatal */
		return -1;
	}
	return 0;
}

static void
serve_fd(int epfd, int fd)
{
	char	 buf[65536];
	ssize_t	 n;
	struct cstate *c = &cs[fd];

	for (;;) {
		n = recv(fd, buf, sizeof(buf), 0);
		if (n > 0) {
			c->pending += scan(c, buf, (size_t)n);
			if (answer(fd, c) == -1)
				goto closeit;
			continue;
		}
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && errno == EAGAIN) {
			if (c->pending && answer(fd, c) == -1)
				goto closeit;
			return;
		}
		goto closeit;
	}
closeit:
	epoll_ctl(epfd, EPOLL_CTL_DEL, fd, NULL);
	close(fd);
}

static void *
loop(void *arg)
{
	struct epoll_event ev, evs[256];
	int	 epfd, n, i, fd;
	time_t	 until = *(time_t *)arg;

	if ((epfd = epoll_create1(EPOLL_CLOEXEC)) == -1)
		die("epoll_create1");
	ev.events = EPOLLIN | EPOLLEXCLUSIVE;
	ev.data.fd = lfd;
	if (epoll_ctl(epfd, EPOLL_CTL_ADD, lfd, &ev) == -1)
		die("epoll_ctl");
	while (!stop && time(NULL) < until) {
		n = epoll_wait(epfd, evs, 256, 200);
		for (i = 0; i < n; i++) {
			if (evs[i].data.fd == lfd) {
				while ((fd = accept4(lfd, NULL, NULL,
				    SOCK_NONBLOCK | SOCK_CLOEXEC)) != -1) {
					int one = 1;

					if (fd >= MAX_FD) {
						close(fd);
						continue;
					}
					setsockopt(fd, IPPROTO_TCP, TCP_NODELAY,
					    &one, sizeof(one));
					memset(&cs[fd], 0, sizeof(cs[fd]));
					cs[fd].bol = 1;
					ev.events = EPOLLIN | EPOLLOUT | EPOLLET;
					ev.data.fd = fd;
					if (epoll_ctl(epfd, EPOLL_CTL_ADD, fd,
					    &ev) == -1)
						close(fd);
					else
						serve_fd(epfd, fd);
				}
				continue;
			}
			serve_fd(epfd, evs[i].data.fd);
		}
	}
	return NULL;
}

static int
stdio_mode(void)
{
	char	 buf[65536];
	ssize_t	 n, w;
	size_t	 k, off;
	struct cstate c = { 0, 1, 0 };

	for (;;) {
		n = read(0, buf, sizeof(buf));
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return 0;
		for (k = scan(&c, buf, (size_t)n); k > 0; k--)
			for (off = 0; off < ANSWER_LEN; off += (size_t)w)
				if ((w = write(1, ANSWER + off,
				    ANSWER_LEN - off)) <= 0)
					return 1;
	}
}

static void
usage(void)
{
	fprintf(stderr, "usage: dunno_server [-t threads] [-m max-seconds] "
	    "[-f pidfile] unix:/path | inet:host:port\n"
	    "       dunno_server --stdio\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	struct addrinfo	 hints, *res;
	pthread_t	 th[64];
	int		 threads = 1, ch, i, rc, one = 1;
	long		 maxsec = 3600;
	const char	*addr, *pidfile = NULL;
	char		 host[256], *port;
	time_t		 until;

	if (argc == 2 && strcmp(argv[1], "--stdio") == 0)
		return stdio_mode();
	while ((ch = getopt(argc, argv, "t:m:f:")) != -1) {
		switch (ch) {
		case 't': threads = atoi(optarg); break;
		case 'm': maxsec = atol(optarg); break;
		case 'f': pidfile = optarg; break;
		default: usage();
		}
	}
	if (optind != argc - 1 || threads < 1 || threads > 64 || maxsec < 1)
		usage();
	addr = argv[optind];
	signal(SIGPIPE, SIG_IGN);
	signal(SIGTERM, onsig);
	signal(SIGINT, onsig);
	if ((cs = calloc(MAX_FD, sizeof(*cs))) == NULL)
		die("calloc");
	if (strncmp(addr, "unix:", 5) == 0) {
		struct sockaddr_un sun;

		memset(&sun, 0, sizeof(sun));
		sun.sun_family = AF_UNIX;
		if (strlen(addr + 5) >= sizeof(sun.sun_path))
			usage();
		strcpy(sun.sun_path, addr + 5);
		unlink(sun.sun_path);
		if ((lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK |
		    SOCK_CLOEXEC, 0)) == -1)
			die("socket");
		if (bind(lfd, (struct sockaddr *)&sun, sizeof(sun)) == -1)
			die(addr);
	} else {
		if (strncmp(addr, "inet:", 5) == 0)
			addr += 5;
		snprintf(host, sizeof(host), "%s", addr);
		if ((port = strrchr(host, ':')) == NULL)
			usage();
		*port++ = '\0';
		memset(&hints, 0, sizeof(hints));
		hints.ai_socktype = SOCK_STREAM;
		hints.ai_flags = AI_NUMERICSERV | AI_PASSIVE;
		if ((rc = getaddrinfo(host, port, &hints, &res)) != 0) {
			fprintf(stderr, "dunno_server: %s: %s\n", addr,
			    gai_strerror(rc));
			return 1;
		}
		if ((lfd = socket(res->ai_family, SOCK_STREAM | SOCK_NONBLOCK |
		    SOCK_CLOEXEC, 0)) == -1)
			die("socket");
		setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (bind(lfd, res->ai_addr, res->ai_addrlen) == -1)
			die(addr);
		freeaddrinfo(res);
	}
	if (listen(lfd, 1024) == -1)
		die("listen");
	if (pidfile != NULL) {
		FILE *fp = fopen(pidfile, "w");

		if (fp == NULL)
			die(pidfile);
		fprintf(fp, "%ld\n", (long)getpid());
		fclose(fp);
	}
	until = time(NULL) + maxsec;
	for (i = 1; i < threads; i++)
		if (pthread_create(&th[i], NULL, loop, &until) != 0)
			die("pthread_create");
	loop(&until);
	stop = 1;
	for (i = 1; i < threads; i++)
		pthread_join(th[i], NULL);
	if (strncmp(argv[optind], "unix:", 5) == 0)
		unlink(argv[optind] + 5);
	if (pidfile != NULL)
		unlink(pidfile);
	return 0;
}
