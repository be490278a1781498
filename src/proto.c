/*
 * NAME
 *	proto 3 - Postfix policy delegation protocol, server side
 * SYNOPSIS
 *	See proto.h.
 * DESCRIPTION
 *	One request is parsed line by line into a struct proto_request.
 *	Each line is checked in this order, so that one input always
 *	gives the same cause: length, NUL byte, request size, "=", name,
 *	attribute count.  A bad line changes nothing in the request.
 *
 *	Lengths: the line limit applies to the line without its LF and
 *	without the CR that may come before the LF, so an attribute is
 *	accepted or refused the same way with either line ending.  The
 *	request limit counts bytes as they came over the wire: the line,
 *	its CR if any, and one byte for the LF the caller removed.  Empty
 *	lines before the first attribute are ignored but still count
 *	against the request limit, so a peer cannot keep a connection
 *	busy forever with nothing but empty lines.
 *
 *	The attributes kept are listed in proto_attrs[], in the order of
 *	the const char * fields of struct proto_request, which is also the
 *	order of store[].
 * LIMITS
 *	See proto.h: PROTO_LINE_MAX, PROTO_ATTR_MAX, PROTO_REQUEST_MAX.
 * DIAGNOSTICS
 *	None logged: pure (no I/O, no logging, no mutable globals).
 * THREADS
 *	Any thread; a request belongs to one connection.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "proto.h"
#include "xmalloc.h"

#define PROTO_NITEMS(a)	(sizeof(a) / sizeof((a)[0]))

static const struct proto_attr {
	const char	*name;
	size_t		 off;	/* of the const char * field */
} proto_attrs[] = {
	{ "request", offsetof(struct proto_request, request) },
	{ "protocol_state", offsetof(struct proto_request, protocol_state) },
	{ "client_address", offsetof(struct proto_request, client_address) },
	{ "client_name", offsetof(struct proto_request, client_name) },
	{ "helo_name", offsetof(struct proto_request, helo_name) },
	{ "sender", offsetof(struct proto_request, sender) },
	{ "recipient", offsetof(struct proto_request, recipient) },
	{ "instance", offsetof(struct proto_request, instance) },
	{ "queue_id", offsetof(struct proto_request, queue_id) },
	{ "sasl_username", offsetof(struct proto_request, sasl_username) },
};

_Static_assert(PROTO_NITEMS(proto_attrs) ==
    PROTO_NITEMS(((struct proto_request *)0)->store),
    "proto_attrs[] and proto_request.store[] must be parallel");

static const char	**proto_field(struct proto_request *, size_t);
static const char	*const *proto_cfield(const struct proto_request *,
			    size_t);
static int		 proto_lookup(const char *, size_t);

/* proto_field - the public field of kept attribute i */
static const char **
proto_field(struct proto_request *r, size_t i)
{
	return ((const char **)(void *)((char *)r + proto_attrs[i].off));
}

/* proto_cfield - the same, read only */
static const char *const *
proto_cfield(const struct proto_request *r, size_t i)
{
	return ((const char *const *)(const void *)
	    ((const char *)r + proto_attrs[i].off));
}

/* proto_lookup - index of a kept attribute by exact name, or -1 */
static int
proto_lookup(const char *name, size_t len)
{
	size_t	i;

	for (i = 0; i < PROTO_NITEMS(proto_attrs); i++) {
		if (strlen(proto_attrs[i].name) == len &&
		    memcmp(proto_attrs[i].name, name, len) == 0)
			return ((int)i);
	}
	return (-1);
}

/* proto_request_init - an empty request, every field "" */
void
proto_request_init(struct proto_request *r)
{
	size_t	i;

	memset(r, 0, sizeof(*r));
	for (i = 0; i < PROTO_NITEMS(proto_attrs); i++)
		*proto_field(r, i) = "";
}

/* proto_request_reset - free the values, ready for the next request */
void
proto_request_reset(struct proto_request *r)
{
	size_t	i;

	for (i = 0; i < PROTO_NITEMS(proto_attrs); i++) {
		free(r->store[i]);
		r->store[i] = NULL;
		*proto_field(r, i) = "";
	}
	r->nattr = 0;
	r->nbytes = 0;
}

/* proto_feed_line - take one line of a request, without its LF */
enum proto_status
proto_feed_line(struct proto_request *r, const char *line, size_t len,
    const char **cause)
{
	const char	*eq;
	size_t		 wire, namelen;
	int		 i;

	if (cause != NULL)
		*cause = NULL;

	/*
	 * The CR of a CR LF belongs to the line ending, not to the line.
	 */
	wire = len + 1;			/* with the LF the caller took off */
	if (len > 0 && line[len - 1] == '\r')
		len--;

	/*
	 * Sanity checks on the whole line first.  The request total is
	 * compared by subtraction, so it cannot overflow.
	 */
	if (len > PROTO_LINE_MAX) {
		if (cause != NULL)
			*cause = "line too long";
		return (PROTO_BAD);
	}
	if (len > 0 && memchr(line, '\0', len) != NULL) {
		if (cause != NULL)
			*cause = "malformed attribute: NUL byte";
		return (PROTO_BAD);
	}
	if (wire > PROTO_REQUEST_MAX - r->nbytes) {
		if (cause != NULL)
			*cause = "request too large";
		return (PROTO_BAD);
	}

	/*
	 * An empty line ends a request, or is noise before one.
	 */
	if (len == 0) {
		r->nbytes += wire;
		return (r->nattr == 0 ? PROTO_MORE : PROTO_DONE);
	}

	/*
	 * name=value; the value may itself contain "=".
	 */
	if ((eq = memchr(line, '=', len)) == NULL) {
		if (cause != NULL)
			*cause = "malformed attribute: no '='";
		return (PROTO_BAD);
	}
	if ((namelen = (size_t)(eq - line)) == 0) {
		if (cause != NULL)
			*cause = "malformed attribute: empty name";
		return (PROTO_BAD);
	}
	if (r->nattr >= PROTO_ATTR_MAX) {
		if (cause != NULL)
			*cause = "too many attributes";
		return (PROTO_BAD);
	}
	r->nattr++;
	r->nbytes += wire;

	/*
	 * Keep what we use; a repeated attribute replaces the old value.
	 */
	if ((i = proto_lookup(line, namelen)) == -1)
		return (PROTO_MORE);
	free(r->store[i]);
	r->store[i] = xstrndup(eq + 1, len - namelen - 1);
	*proto_field(r, (size_t)i) = r->store[i];
	return (PROTO_MORE);
}

/* proto_get - a kept attribute by name: its value, "" or NULL */
const char *
proto_get(const struct proto_request *r, const char *name)
{
	int	i;

	if ((i = proto_lookup(name, strlen(name))) == -1)
		return (NULL);
	return (*proto_cfield(r, (size_t)i));
}

/* proto_format_action - "action=<action>\n\n", or 0 if it does not fit */
size_t
proto_format_action(char *buf, size_t size, const char *action)
{
	static const char	 prefix[] = "action=";
	size_t			 plen = sizeof(prefix) - 1, alen, total, i;

	/* Room for prefix, action, two LF and the NUL, without overflow. */
	alen = strlen(action);
	if (size < plen + 3 || alen > size - plen - 3) {
		if (size > 0)
			buf[0] = '\0';
		return (0);
	}
	total = plen + alen + 2;
	memcpy(buf, prefix, plen);
	for (i = 0; i < alen; i++) {
		char	c = action[i];

		buf[plen + i] = (c == '\r' || c == '\n') ? ' ' : c;
	}
	buf[plen + alen] = '\n';
	buf[plen + alen + 1] = '\n';
	buf[total] = '\0';
	return (total);
}
