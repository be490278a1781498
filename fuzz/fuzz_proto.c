/*
 * NAME
 *	fuzz_proto - libFuzzer harness for proto.c
 * DESCRIPTION
 *	The input is a byte stream from the peer.  It is cut at each LF,
 *	as the connection code does, and every piece (the tail with no LF
 *	too) goes to proto_feed_line(); the request is reset after
 *	PROTO_DONE or PROTO_BAD.  After every line the harness checks what
 *	proto.h promises and aborts when a promise is broken: the status
 *	and cause agree, the counters stay within the limits, every kept
 *	field is its stored copy or "", no value is longer than a line.
 *	On PROTO_DONE it also formats the sender as an action and checks
 *	that the reply is one line plus the empty line.
 *
 *	Build (clang):
 *	    clang -g -fsanitize=fuzzer,address,undefined -Isrc \
 *		fuzz/fuzz_proto.c src/proto.c src/xmalloc.c src/log.c
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proto.h"

#define FUZZ_PROTO_MAXLEN	(4 * PROTO_REQUEST_MAX)

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char *const fuzz_proto_causes[] = {
	"line too long",
	"too many attributes",
	"request too large",
	"malformed attribute: no '='",
	"malformed attribute: empty name",
	"malformed attribute: NUL byte",
};

static const char *const fuzz_proto_kept[] = {
	"request", "protocol_state", "client_address", "client_name",
	"helo_name", "sender", "recipient", "instance", "queue_id",
	"sasl_username"
};

static void	fuzz_proto_check(const struct proto_request *,
		    enum proto_status, const char *);

/* fuzz_proto_check - every promise of proto.h after one line */
static void
fuzz_proto_check(const struct proto_request *r, enum proto_status st,
    const char *cause)
{
	const char	*v;
	char		 buf[PROTO_LINE_MAX + 16], *nl;
	size_t		 i, n;
	int		 known = 0;

	if (st == PROTO_BAD) {
		if (cause == NULL)
			abort();
		for (i = 0; i < sizeof(fuzz_proto_causes) /
		    sizeof(fuzz_proto_causes[0]); i++)
			if (cause == fuzz_proto_causes[i] ||
			    strcmp(cause, fuzz_proto_causes[i]) == 0)
				known = 1;
		if (!known)
			abort();
	} else if (st == PROTO_MORE || st == PROTO_DONE) {
		if (cause != NULL)
			abort();
	} else
		abort();
	if (st == PROTO_DONE && r->nattr == 0)
		abort();
	if (r->nattr > PROTO_ATTR_MAX || r->nbytes > PROTO_REQUEST_MAX)
		abort();
	for (i = 0; i < sizeof(fuzz_proto_kept) / sizeof(fuzz_proto_kept[0]);
	    i++) {
		v = proto_get(r, fuzz_proto_kept[i]);
		if (v == NULL)
			abort();
		if (r->store[i] == NULL ? *v != '\0' : v != r->store[i])
			abort();
		if (strlen(v) > PROTO_VALUE_MAX)
			abort();
	}
	if (proto_get(r, "protocol_name") != NULL)
		abort();

	if (st == PROTO_DONE) {
		n = proto_format_action(buf, sizeof(buf), r->sender);
		if (n == 0 || n != strlen(buf) || n < 9 ||
		    memcmp(buf, "action=", 7) != 0 ||
		    strcmp(buf + n - 2, "\n\n") != 0)
			abort();
		if ((nl = strpbrk(buf, "\r\n")) != buf + n - 2)
			abort();
	}
}

/* LLVMFuzzerTestOneInput - one stream of lines */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proto_request	 r;
	const char		*p = (const char *)data, *end, *nl, *cause;
	enum proto_status	 st;
	size_t			 len;

	if (size > FUZZ_PROTO_MAXLEN)
		return (0);
	end = p + size;
	proto_request_init(&r);
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		len = (size_t)((nl != NULL ? nl : end) - p);
		cause = "unset";
		st = proto_feed_line(&r, p, len, &cause);
		fuzz_proto_check(&r, st, cause);
		if (st != PROTO_MORE)
			proto_request_reset(&r);
		p += len + (nl != NULL);
	}
	proto_request_reset(&r);
	return (0);
}
