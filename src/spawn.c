/*
 * NAME
 *	spawn 3 - serve one Postfix connection on a pair of descriptors
 * DESCRIPTION
 *	See spawn.h.  Blocking I/O is right here: the process serves one
 *	smtpd, which waits for each answer before it asks again.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "instcache.h"
#include "log.h"
#include "policy.h"
#include "proto.h"
#include "spawn.h"

#define SPAWN_BUF_MAX	(PROTO_LINE_MAX + 1)
#define SPAWN_ANSWER_MAX 4096

struct spawn_conn {
	char		 buf[SPAWN_BUF_MAX];
	size_t		 len;		/* bytes buffered */
	int		 in, out;
	unsigned long	 requests;
};

/* spawn_write - write all of buf; -1 when the peer has gone */
static int
spawn_write(int fd, const char *buf, size_t len)
{
	ssize_t	n;

	while (len > 0) {
		if ((n = write(fd, buf, len)) == -1) {
			if (errno == EINTR)
				continue;
			return (-1);
		}
		buf += n;
		len -= n;
	}
	return (0);
}

/* spawn_answer - answer one complete request */
static int
spawn_answer(const struct policy *p, struct instcache *ic,
    struct spawn_conn *c, const struct proto_request *req)
{
	char	action[SPAWN_ANSWER_MAX], line[SPAWN_ANSWER_MAX + 16];
	size_t	len;

	policy_answer(p, ic, req, action, sizeof(action));
	if ((len = proto_format_action(line, sizeof(line), action)) == 0) {
		log_err("answer too long for the protocol buffer: %.100s",
		    action);
		return (-1);
	}
	c->requests++;
	if (spawn_write(c->out, line, len) == -1) {
		log_debug(LOG_LEVEL_CONFIG, "write to Postfix: %s",
		    strerror(errno));
		return (-1);
	}
	return (0);
}

/*
 * spawn_lines - feed every complete line in the buffer to the parser;
 * returns -1 on a protocol error or a failed answer.
 */
static int
spawn_lines(const struct policy *p, struct instcache *ic,
    struct spawn_conn *c, struct proto_request *req)
{
	const char		*cause;
	char			*nl;
	size_t			 used = 0, linelen;
	enum proto_status	 st;

	while ((nl = memchr(c->buf + used, '\n', c->len - used)) != NULL) {
		linelen = nl - (c->buf + used);
		log_debug(LOG_LEVEL_INPUT, "read line: \"%.*s\"",
		    (int)(linelen > 200 ? 200 : linelen), c->buf + used);
		st = proto_feed_line(req, c->buf + used, linelen, &cause);
		used += linelen + 1;
		if (st == PROTO_BAD) {
			log_warnx("protocol error on stdin after %lu "
			    "request(s): %s; closing the connection",
			    c->requests, cause);
			return (-1);
		}
		if (st == PROTO_DONE) {
			if (spawn_answer(p, ic, c, req) == -1)
				return (-1);
			proto_request_reset(req);
		}
	}
	memmove(c->buf, c->buf + used, c->len - used);
	c->len -= used;
	if (c->len >= PROTO_LINE_MAX) {
		log_warnx("protocol error on stdin after %lu request(s): "
		    "line too long; closing the connection", c->requests);
		return (-1);
	}
	return (0);
}

/* spawn_serve - serve requests until the peer closes */
int
spawn_serve(const struct policy *p, int in, int out)
{
	struct spawn_conn	 c;
	struct proto_request	 req;
	struct instcache	*ic;
	ssize_t			 n;
	int			 rc = 0;

	memset(&c, 0, sizeof(c));
	c.in = in;
	c.out = out;
	ic = instcache_new(p->cfg->instance_cache_size);
	proto_request_init(&req);
	for (;;) {
		n = read(c.in, c.buf + c.len, sizeof(c.buf) - c.len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			log_warnx("read from stdin: %s", strerror(errno));
			rc = -1;
			break;
		}
		if (n == 0) {
			if (c.len > 0 || req.nattr > 0)
				log_warnx("stdin closed in the middle of a "
				    "request after %lu request(s)",
				    c.requests);
			break;
		}
		c.len += n;
		if (spawn_lines(p, ic, &c, &req) == -1) {
			rc = -1;
			break;
		}
	}
	proto_request_reset(&req);
	instcache_free(ic);
	log_debug(LOG_LEVEL_CONFIG, "connection closed after %lu request(s)",
	    c.requests);
	return (rc);
}
