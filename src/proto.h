/*
 * NAME
 *	proto 3h - Postfix policy delegation protocol, server side
 * SYNOPSIS
 *	#include "proto.h"
 *
 *	void	 proto_request_init(struct proto_request *r);
 *	void	 proto_request_reset(struct proto_request *r);
 *	enum proto_status proto_feed_line(struct proto_request *r,
 *		    const char *line, size_t len, const char **cause);
 *	const char *proto_get(const struct proto_request *r, const char *name);
 *	size_t	 proto_format_action(char *buf, size_t size, const char *action);
 * DESCRIPTION
 *	A request is a block of name=value lines ended by an empty line
 *	(Postfix SMTPD_POLICY_README):
 *
 *	    request   = 1*attribute empty-line
 *	    attribute = name "=" value LF
 *	    name      = 1*<any byte but "=", NUL, CR, LF>
 *	    value     = *<any byte but NUL, LF>
 *
 *	proto_request_init() prepares a request: no values, every field "".
 *	It is called once; proto_request_reset() then frees the values and
 *	zeroes the counters, between requests and when the request is
 *	no longer needed.
 *
 *	The caller splits the stream into lines and hands each one, without
 *	its LF, to proto_feed_line(); a CR before the LF is dropped by the
 *	parser.  proto_feed_line() returns PROTO_MORE while the block goes
 *	on, PROTO_DONE on the empty line that ends a request with at least
 *	one attribute (an empty line before any attribute is ignored and
 *	returns PROTO_MORE), and PROTO_BAD with *cause set to a static
 *	string when the input breaks the protocol.  *cause is set to NULL
 *	for PROTO_MORE and PROTO_DONE; cause itself may be NULL.  A bad
 *	line changes nothing in the request.  After PROTO_DONE or
 *	PROTO_BAD the caller calls proto_request_reset() before the next
 *	request.
 *
 *	Unknown attributes are ignored (but counted against the limits);
 *	a repeated attribute keeps the last value.  The attributes kept are
 *	those named in struct proto_request; proto_get() looks one up by
 *	name and returns "" for an absent one, NULL for a name it does not
 *	keep.  Names are matched exactly, as Postfix sends them (lower
 *	case): any other name, one with a CR in it included, is unknown.
 *	Values are stored as received (no case folding, no trimming).  An
 *	empty value is a value: "sender=" is the null sender.  Only the
 *	first "=" ends the name, so a value may contain "=".
 *
 *	proto_format_action() writes "action=<action>\n\n" and a NUL into
 *	buf and returns the length without the NUL, or 0 if it does not fit
 *	(buf is then the empty string when size > 0).  Any CR or LF in
 *	action is a bug in the caller and is replaced by a space.
 * LIMITS
 *	The peer is untrusted.  PROTO_BAD and its cause for, in the order
 *	checked (a line that breaks several rules gets the first cause):
 *	a line longer than PROTO_LINE_MAX bytes ("line too long"),
 *	a NUL byte ("malformed attribute: NUL byte"),
 *	more than PROTO_REQUEST_MAX bytes in one request ("request too
 *	large"), a line without "=" ("malformed attribute: no '='"), an
 *	empty name ("malformed attribute: empty name"), more than
 *	PROTO_ATTR_MAX attribute lines ("too many attributes").
 *
 *	The line length does not count the LF or a CR before it, so LF and
 *	CR LF input meet the same limit.  The request size counts bytes as
 *	they came over the wire: each line with its CR if any, plus one
 *	for its LF, the empty line that ends the request included.  Empty
 *	lines before the first attribute are ignored but their bytes
 *	count, so endless empty lines are refused too.  Every attribute
 *	line counts against PROTO_ATTR_MAX, unknown and repeated ones too.
 *
 *	The caller enforces PROTO_LINE_MAX on its read buffer as well
 *	(bytes buffered with no LF; allow one more for a CR) and reports
 *	"line too long" itself.
 * DIAGNOSTICS
 *	None logged here: the module is pure (no I/O, no logging, no
 *	globals).
 * THREADS
 *	Any thread; a request belongs to one connection.
 * SEE ALSO
 *	SMTPD_POLICY_README, access(5)
 * SPDX-License-Identifier: BSD-2-Clause
 */
#ifndef PROTO_H
#define PROTO_H

#include <stddef.h>

#define PROTO_LINE_MAX		8192
#define PROTO_ATTR_MAX		256
#define PROTO_REQUEST_MAX	65536
#define PROTO_VALUE_MAX		PROTO_LINE_MAX

enum proto_status {
	PROTO_MORE,
	PROTO_DONE,
	PROTO_BAD
};

/*
 * The attributes policyd-spf uses.  Each points into storage owned by
 * the request, or to "" when the attribute was absent.
 */
struct proto_request {
	const char	*request;
	const char	*protocol_state;
	const char	*client_address;
	const char	*client_name;
	const char	*helo_name;
	const char	*sender;
	const char	*recipient;
	const char	*instance;
	const char	*queue_id;
	const char	*sasl_username;

	/* private */
	char		*store[10];	/* owned copies, parallel to above */
	size_t		 nattr;		/* attribute lines seen */
	size_t		 nbytes;	/* bytes seen in this request */
};

void		 proto_request_init(struct proto_request *);
void		 proto_request_reset(struct proto_request *);
enum proto_status proto_feed_line(struct proto_request *, const char *,
		    size_t, const char **);
const char	*proto_get(const struct proto_request *, const char *);
size_t		 proto_format_action(char *, size_t, const char *);

#endif
