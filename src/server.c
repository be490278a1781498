/*
 * NAME
 *	server 3 - the standing daemon: listeners, connections, signals
 * DESCRIPTION
 *	See server.h.  Ownership: the server owns its connections; a
 *	connection with a job in flight is not freed until the job comes
 *	back (the worker uses its instance cache), it is only marked dead
 *	and its socket closed.  Each job holds a reference on the policy
 *	(configuration + SPF checker) it started with, so a reload never
 *	pulls a configuration from under a running evaluation; references
 *	are only taken and dropped on the loop thread.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <sys/types.h>
#include <sys/queue.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <netinet/in.h>

#include <errno.h>
#include <grp.h>
#include <netdb.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/listener.h>

#include "cache.h"
#include "config.h"
#include "instcache.h"
#include "log.h"
#include "policy.h"
#include "proto.h"
#include "server.h"
#include "spfcheck.h"
#include "util.h"
#include "worker.h"
#include "xmalloc.h"

#define SERVER_ANSWER_MAX	4096
#define SERVER_BACKLOG		256

/* A configuration and the SPF checker built for it. */
struct server_policy {
	struct config		*cfg;
	struct spfcheck		*sc;
	struct policy		 policy;
	int			 refs;		/* loop thread only */
};

struct conn;

struct conn_job {
	struct worker_job	 wj;
	struct conn		*conn;
	struct server_policy	*sp;
	struct proto_request	 req;
	char			 action[SERVER_ANSWER_MAX];
};

struct conn {
	TAILQ_ENTRY(conn)	 entry;
	struct server		*srv;
	struct bufferevent	*bev;		/* NULL once closed */
	struct instcache	*ic;
	struct proto_request	 req;
	struct conn_job		 job;
	struct event		*deadline;
	unsigned long long	 id;
	unsigned long		 requests;
	int			 busy;		/* a job is in flight */
	int			 answered;	/* the deadline answered it */
	const char		*closing;	/* why, once closing */
	char			 peer[NI_MAXHOST + NI_MAXSERV + 2];
};

struct server_counters {
	unsigned long long	 accepted, refused, requests, timeouts;
	unsigned long long	 queue_full, protocol_errors, idle_closed;
};

struct server {
	struct event_base	*base;
	struct worker_pool	*workers;
	struct server_policy	*current;
	int			(*reload)(struct config *);
	TAILQ_HEAD(, conn)	 conns;
	int			 nconns;
	struct evconnlistener	*listeners[SERVER_SOCKETS_MAX];
	char			*names[SERVER_SOCKETS_MAX];
	int			 nlisteners;
	struct event		*signals[4];
	struct event		*shutdown_timer;
	int			 stopping;
	int			 draining;	/* after the loop: free only */
	unsigned long long	 next_id;
	struct server_counters	 count;
};

static void	conn_process(struct conn *);
static void	conn_close(struct conn *, const char *);
static void	conn_event(struct bufferevent *, short, void *);
static void	conn_finish(struct conn *, const char *);

/* server_policy_new - an SPF checker for a configuration; owns cfg */
static struct server_policy *
server_policy_new(struct config *cfg)
{
	struct server_policy	*sp;
	char			*cause = NULL;

	sp = xcalloc(1, sizeof(*sp));
	sp->cfg = cfg;
	policy_init(&sp->policy, cfg, NULL);
	if ((sp->sc = spfcheck_new(cfg, sp->policy.authserv_id,
	    &cause)) == NULL) {
		log_err("cannot start the SPF checker: %s", cause);
		free(cause);
		free(sp);
		return (NULL);
	}
	sp->policy.sc = sp->sc;
	sp->refs = 1;
	return (sp);
}

/* server_policy_release - drop a reference; the last one frees */
static void
server_policy_release(struct server_policy *sp)
{
	if (--sp->refs > 0)
		return;
	spfcheck_free(sp->sc);
	config_free(sp->cfg);
	free(sp->cfg);
	free(sp);
}

/* conn_job_run - worker thread: evaluate one request */
static void
conn_job_run(struct worker_job *wj)
{
	struct conn_job	*job = (struct conn_job *)wj;

	policy_answer(&job->sp->policy, job->conn->ic, &job->req,
	    job->action, sizeof(job->action));
}

/* conn_write_answer - send "action=..." and the empty line */
static void
conn_write_answer(struct conn *c, const char *action)
{
	char	line[SERVER_ANSWER_MAX + 16];
	size_t	len;

	if (c->bev == NULL)
		return;
	if ((len = proto_format_action(line, sizeof(line), action)) == 0) {
		conn_finish(c, "reason=answer-too-long");
		return;
	}
	bufferevent_write(c->bev, line, len);
}

/* conn_free - release a connection that has no job in flight */
static void
conn_free(struct conn *c)
{
	struct server	*srv = c->srv;

	TAILQ_REMOVE(&srv->conns, c, entry);
	srv->nconns--;
	if (c->bev != NULL)
		bufferevent_free(c->bev);
	event_free(c->deadline);
	proto_request_reset(&c->req);
	instcache_free(c->ic);
	free(c);
	if (srv->stopping && srv->nconns == 0)
		event_base_loopexit(srv->base, NULL);
}

/* conn_close - close the socket; free now unless a job is in flight */
static void
conn_close(struct conn *c, const char *why)
{
	log_debug(LOG_LEVEL_CONFIG, "connection %llu from %s closed after "
	    "%lu request(s): %s", c->id, c->peer, c->requests, why);
	if (c->bev != NULL) {
		bufferevent_free(c->bev);
		c->bev = NULL;
	}
	if (!c->busy)
		conn_free(c);
}

/* conn_drained - output written: finish closing */
static void
conn_drained(struct bufferevent *bev, void *arg)
{
	struct conn	*c = arg;

	if (evbuffer_get_length(bufferevent_get_output(bev)) == 0)
		conn_close(c, c->closing);
}

/* conn_finish - close once the answers already written have gone out */
static void
conn_finish(struct conn *c, const char *why)
{
	if (c->bev == NULL || c->closing != NULL)
		return;
	c->closing = why;
	bufferevent_disable(c->bev, EV_READ);
	if (evbuffer_get_length(bufferevent_get_output(c->bev)) == 0) {
		conn_close(c, why);
		return;
	}
	bufferevent_setcb(c->bev, NULL, conn_drained, conn_event, c);
}

/* conn_fallback - answer now: a Temperror of MAIL FROM */
static void
conn_fallback(struct conn *c, const struct proto_request *req,
    const char *why)
{
	char	action[SERVER_ANSWER_MAX];

	policy_temperror_answer(&c->srv->current->policy, req, why, action,
	    sizeof(action));
	conn_write_answer(c, action);
}

/* conn_job_done - loop thread: the worker has answered */
static void
conn_job_done(struct worker_job *wj, void *arg)
{
	struct conn_job	*job = (struct conn_job *)wj;
	struct conn	*c = job->conn;

	(void)arg;
	server_policy_release(job->sp);
	job->sp = NULL;
	c->busy = 0;
	event_del(c->deadline);
	if (c->bev == NULL || c->srv->draining) {
		proto_request_reset(&job->req);
		conn_free(c);
		return;
	}
	if (!c->answered)
		conn_write_answer(c, job->action);
	c->answered = 0;
	proto_request_reset(&job->req);
	if (c->bev != NULL)
		conn_process(c);
}

/* conn_deadline - the answer is late: answer for the worker */
static void
conn_deadline(evutil_socket_t fd, short what, void *arg)
{
	struct conn	*c = arg;

	(void)fd;
	(void)what;
	if (!c->busy || c->answered)
		return;
	c->srv->count.timeouts++;
	log_warnx("connection %llu from %s: no answer within %d seconds, "
	    "answering as for a temporary error", c->id, c->peer,
	    c->srv->current->cfg->request_timeout);
	c->answered = 1;
	conn_fallback(c, &c->job.req, "request_timeout exceeded");
}

/* conn_submit - hand a complete request to the workers */
static void
conn_submit(struct conn *c)
{
	struct server	*srv = c->srv;
	struct conn_job	*job = &c->job;
	struct timeval	 tv;

	srv->count.requests++;
	c->requests++;
	job->req = c->req;			/* the job owns the values now */
	proto_request_init(&c->req);
	job->conn = c;
	job->sp = srv->current;
	job->sp->refs++;
	job->wj.run = conn_job_run;
	job->wj.arg = job;
	if (worker_submit(srv->workers, &job->wj) == -1) {
		srv->count.queue_full++;
		log_warnx("connection %llu from %s: %zu evaluations waiting "
		    "(max_queue), answering as for a temporary error", c->id,
		    c->peer, worker_pending(srv->workers));
		server_policy_release(job->sp);
		job->sp = NULL;
		conn_fallback(c, &job->req, "too many requests waiting");
		proto_request_reset(&job->req);
		return;
	}
	c->busy = 1;
	tv.tv_sec = srv->current->cfg->request_timeout;
	tv.tv_usec = 0;
	event_add(c->deadline, &tv);
}

/* conn_protocol_error - log, close, no answer (SMTPD_POLICY_README) */
static void
conn_protocol_error(struct conn *c, const char *cause)
{
	c->srv->count.protocol_errors++;
	log_warnx("protocol error from %s after %lu request(s): %s; "
	    "closing the connection", c->peer, c->requests, cause);
	conn_finish(c, "reason=protocol-error");
}

/* conn_process - parse buffered lines while no job is in flight */
static void
conn_process(struct conn *c)
{
	struct evbuffer		*in;
	enum proto_status	 st;
	const char		*cause;
	char			*line;
	size_t			 len;

	while (c->bev != NULL && !c->busy && c->closing == NULL) {
		in = bufferevent_get_input(c->bev);
		if ((line = evbuffer_readln(in, &len,
		    EVBUFFER_EOL_LF)) == NULL) {
			if (evbuffer_get_length(in) > PROTO_LINE_MAX)
				conn_protocol_error(c, "line too long");
			else if (c->srv->stopping && c->req.nattr == 0 &&
			    evbuffer_get_length(in) == 0)
				conn_finish(c, "reason=shutdown");
			return;
		}
		log_debug(LOG_LEVEL_INPUT, "read line: \"%.*s\"",
		    (int)(len > 200 ? 200 : len), line);
		st = proto_feed_line(&c->req, line, len, &cause);
		free(line);
		if (st == PROTO_BAD) {
			conn_protocol_error(c, cause);
			return;
		}
		if (st == PROTO_DONE)
			conn_submit(c);
	}
}

/* conn_read - data arrived */
static void
conn_read(struct bufferevent *bev, void *arg)
{
	(void)bev;
	conn_process(arg);
}

/* conn_event - EOF, error or idle timeout */
static void
conn_event(struct bufferevent *bev, short what, void *arg)
{
	struct conn	*c = arg;

	if (what & BEV_EVENT_TIMEOUT) {
		if (c->busy) {		/* waiting for a worker is not idle */
			bufferevent_enable(bev, EV_READ);
			return;
		}
		c->srv->count.idle_closed++;
		conn_close(c, "reason=idle-timeout");
		return;
	}
	if (what & BEV_EVENT_ERROR) {
		conn_close(c, "reason=io-error");
		return;
	}
	if (what & BEV_EVENT_EOF)
		conn_close(c, "reason=disconnect");
}

/* server_peer_name - "unix:/path" or "inet:addr:port" for logs */
static void
server_peer_name(const struct sockaddr *sa, const char *listener,
    char *buf, size_t size)
{
	char	host[NI_MAXHOST], port[NI_MAXSERV];

	if (sa->sa_family == AF_UNIX || getnameinfo(sa, sa->sa_family ==
	    AF_INET ? sizeof(struct sockaddr_in) :
	    sizeof(struct sockaddr_in6), host, sizeof(host), port,
	    sizeof(port), NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
		snprintf(buf, size, "%s", listener);
		return;
	}
	snprintf(buf, size, "%s:%s", host, port);
}

/* server_accept - a new connection */
static void
server_accept(struct evconnlistener *l, evutil_socket_t fd,
    struct sockaddr *sa, int salen, void *arg)
{
	struct server	*srv = arg;
	struct conn	*c;
	struct timeval	 idle;
	const struct config *cfg = srv->current->cfg;
	int		 i;
	const char	*lname = "?";

	(void)salen;
	for (i = 0; i < srv->nlisteners; i++)
		if (srv->listeners[i] == l)
			lname = srv->names[i];
	if (srv->nconns >= cfg->max_connections) {
		srv->count.refused++;
		log_warnx("%d connections open (max_connections): closing a "
		    "new one on %s", srv->nconns, lname);
		evutil_closesocket(fd);
		return;
	}
	srv->count.accepted++;
	c = xcalloc(1, sizeof(*c));
	c->srv = srv;
	c->id = ++srv->next_id;
	server_peer_name(sa, lname, c->peer, sizeof(c->peer));
	proto_request_init(&c->req);
	proto_request_init(&c->job.req);
	c->ic = instcache_new(cfg->instance_cache_size);
	if ((c->deadline = evtimer_new(srv->base, conn_deadline, c)) == NULL)
		fatalx("server_accept: evtimer_new failed");
	if ((c->bev = bufferevent_socket_new(srv->base, fd,
	    BEV_OPT_CLOSE_ON_FREE)) == NULL)
		fatalx("server_accept: bufferevent_socket_new failed");
	TAILQ_INSERT_TAIL(&srv->conns, c, entry);
	srv->nconns++;
	bufferevent_setcb(c->bev, conn_read, NULL, conn_event, c);
	/* Back-pressure: stop reading a peer that sends ahead. */
	bufferevent_setwatermark(c->bev, EV_READ, 0,
	    PROTO_REQUEST_MAX + PROTO_LINE_MAX);
	idle.tv_sec = cfg->idle_timeout;
	idle.tv_usec = 0;
	bufferevent_set_timeouts(c->bev, &idle, NULL);
	bufferevent_enable(c->bev, EV_READ | EV_WRITE);
	log_debug(LOG_LEVEL_CONFIG, "connection %llu from %s on %s", c->id,
	    c->peer, lname);
}

/* server_log_counters - SIGUSR1 and exit */
static void
server_log_counters(const struct server *srv)
{
	struct cache	*cache = spfcheck_cache(srv->current->sc);
	char		 text[CACHE_STATS_TEXT_MAX];

	log_warnx("counters: connections=%d accepted=%llu refused=%llu "
	    "requests=%llu timeouts=%llu queue_full=%llu protocol_errors=%llu "
	    "idle_closed=%llu pending=%zu", srv->nconns, srv->count.accepted,
	    srv->count.refused, srv->count.requests, srv->count.timeouts,
	    srv->count.queue_full, srv->count.protocol_errors,
	    srv->count.idle_closed, worker_pending(srv->workers));
	if (cache != NULL)
		log_warnx("%s", cache_stats_text(cache, text, sizeof(text)));
	else
		log_warnx("cache: off");
}

/* server_same_cache - do two configurations ask for the same cache? */
static int
server_same_cache(const struct config *a, const struct config *b)
{
	return (a->dns_cache_size == b->dns_cache_size &&
	    a->dns_cache_entries == b->dns_cache_entries &&
	    a->dns_cache_min_ttl == b->dns_cache_min_ttl &&
	    a->dns_cache_max_ttl == b->dns_cache_max_ttl &&
	    a->dns_cache_negative_max_ttl == b->dns_cache_negative_max_ttl &&
	    a->dns_cache_error_ttl == b->dns_cache_error_ttl);
}

/* server_reload - SIGHUP: swap in a new configuration if it is valid */
static void
server_reload(struct server *srv)
{
	struct config		*cfg;
	struct server_policy	*sp;

	cfg = xcalloc(1, sizeof(*cfg));
	if (srv->reload(cfg) == -1) {
		log_err("reload: configuration not valid, keeping the old one");
		config_free(cfg);
		free(cfg);
		return;
	}
	if ((sp = server_policy_new(cfg)) == NULL) {
		log_err("reload: keeping the old configuration");
		config_free(cfg);
		free(cfg);
		return;
	}
	/* Keep what the DNS cache has learnt, unless its limits changed. */
	if (server_same_cache(srv->current->cfg, cfg))
		spfcheck_share_cache(sp->sc, srv->current->sc);
	log_set_level(cfg->debug_level);
	server_policy_release(srv->current);
	srv->current = sp;
	log_warnx("reload: new configuration in use");
}

/* server_stop - SIGTERM/SIGINT: stop accepting, finish what is in flight */
static void
server_stop(struct server *srv)
{
	struct conn	*c, *next;
	struct timeval	 tv;
	int		 i;

	if (srv->stopping)
		return;
	srv->stopping = 1;
	log_warnx("stopping: %d connection(s) open", srv->nconns);
	for (i = 0; i < srv->nlisteners; i++) {
		evconnlistener_free(srv->listeners[i]);
		srv->listeners[i] = NULL;
	}
	for (c = TAILQ_FIRST(&srv->conns); c != NULL; c = next) {
		next = TAILQ_NEXT(c, entry);
		if (!c->busy && c->req.nattr == 0)
			conn_finish(c, "reason=shutdown");
	}
	if (srv->nconns == 0) {
		event_base_loopexit(srv->base, NULL);
		return;
	}
	tv.tv_sec = srv->current->cfg->shutdown_timeout;
	tv.tv_usec = 0;
	evtimer_add(srv->shutdown_timer, &tv);
}

/* server_signal - one handler for every signal */
static void
server_signal(evutil_socket_t sig, short what, void *arg)
{
	struct server	*srv = arg;

	(void)what;
	switch (sig) {
	case SIGHUP:
		server_reload(srv);
		break;
	case SIGUSR1:
		server_log_counters(srv);
		break;
	default:
		server_stop(srv);
		break;
	}
}

/* server_shutdown_timeout - in-flight requests took too long */
static void
server_shutdown_timeout(evutil_socket_t fd, short what, void *arg)
{
	struct server	*srv = arg;

	(void)fd;
	(void)what;
	log_warnx("stopping: %d connection(s) still busy after "
	    "shutdown_timeout, closing them", srv->nconns);
	event_base_loopexit(srv->base, NULL);
}

/* server_run - serve until told to stop */
int
server_run(const struct server_sockets *socks, struct config *cfg,
    int (*reload)(struct config *))
{
	static const int	 sigs[] = { SIGHUP, SIGTERM, SIGINT, SIGUSR1 };
	struct server		 srv;
	struct conn		*c;
	int			 i;

	memset(&srv, 0, sizeof(srv));
	TAILQ_INIT(&srv.conns);
	srv.reload = reload;
	if ((srv.current = server_policy_new(cfg)) == NULL)
		return (-1);
	if ((srv.base = event_base_new()) == NULL)
		fatalx("event_base_new failed");
	srv.workers = worker_pool_new(srv.base, cfg->workers,
	    (size_t)cfg->max_queue, conn_job_done, &srv);
	for (i = 0; i < socks->n; i++) {
		srv.names[i] = socks->name[i];
		if ((srv.listeners[i] = evconnlistener_new(srv.base,
		    server_accept, &srv, LEV_OPT_CLOSE_ON_EXEC, -1,
		    socks->fd[i])) == NULL)
			fatalx("evconnlistener_new on %s failed",
			    socks->name[i]);
		srv.nlisteners++;
	}
	for (i = 0; i < 4; i++) {
		srv.signals[i] = evsignal_new(srv.base, sigs[i],
		    server_signal, &srv);
		evsignal_add(srv.signals[i], NULL);
	}
	srv.shutdown_timer = evtimer_new(srv.base, server_shutdown_timeout,
	    &srv);
	log_warnx("listening on %d socket(s), %d workers", socks->n,
	    cfg->workers);

	event_base_dispatch(srv.base);

	server_log_counters(&srv);
	/* Let the workers finish; completions free busy connections. */
	srv.draining = 1;
	worker_pool_free(srv.workers);
	srv.workers = NULL;
	while ((c = TAILQ_FIRST(&srv.conns)) != NULL) {
		c->busy = 0;
		conn_close(c, "reason=shutdown");
	}
	for (i = 0; i < srv.nlisteners; i++)
		if (srv.listeners[i] != NULL)
			evconnlistener_free(srv.listeners[i]);
	for (i = 0; i < 4; i++)
		event_free(srv.signals[i]);
	event_free(srv.shutdown_timer);
	server_policy_release(srv.current);
	event_base_free(srv.base);
	log_warnx("stopped");
	return (0);
}
