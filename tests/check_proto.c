/*
 * NAME
 *	check_proto - unit tests for proto.c
 * DESCRIPTION
 *	"Core": init and reset, the attributes kept, the full Postfix 3.7
 *	request with LF and CR LF, repeated, unknown and empty attributes,
 *	values with "=", many requests on one struct, proto_get() and
 *	proto_format_action().  "Limits": every limit exactly at the bound
 *	and one byte, line or attribute over, and which cause wins when a
 *	line breaks more than one rule.  "Malformed": each bad input with
 *	the exact cause and the line it is reported on.
 *
 *	Tables are run with tcase_add_loop_test(), one row a case; every
 *	row that fails is reported on its own.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto.h"

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))
#define LIT(s)		(s), (sizeof(s) - 1)	/* literal and its length */

static const char *const kept[] = {
	"request", "protocol_state", "client_address", "client_name",
	"helo_name", "sender", "recipient", "instance", "queue_id",
	"sasl_username"
};

static enum proto_status feed_text(struct proto_request *, const char *,
		    size_t, size_t *, const char **);
static void	assert_empty(const struct proto_request *);
static Suite	*proto_suite(void);

/*
 * feed_text - feed the LF-terminated lines of text until the request is
 * done or bad; *at is the 1-based number of the last line fed.  A tail
 * with no LF is not fed.
 */
static enum proto_status
feed_text(struct proto_request *r, const char *text, size_t len, size_t *at,
    const char **cause)
{
	enum proto_status	 st = PROTO_MORE;
	const char		*p = text, *end = text + len, *nl;

	*at = 0;
	*cause = NULL;
	while (p < end && (nl = memchr(p, '\n', end - p)) != NULL) {
		(*at)++;
		st = proto_feed_line(r, p, nl - p, cause);
		if (st != PROTO_MORE)
			break;
		ck_assert_ptr_null(*cause);
		p = nl + 1;
	}
	return (st);
}

/* assert_empty - every field "", nothing stored, counters zero */
static void
assert_empty(const struct proto_request *r)
{
	size_t	i;

	for (i = 0; i < NITEMS(kept); i++) {
		ck_assert_ptr_nonnull(proto_get(r, kept[i]));
		ck_assert_str_eq(proto_get(r, kept[i]), "");
		ck_assert_ptr_null(r->store[i]);
	}
	ck_assert_str_eq(r->request, "");
	ck_assert_str_eq(r->sender, "");
	ck_assert_str_eq(r->sasl_username, "");
	ck_assert_uint_eq(r->nattr, 0);
	ck_assert_uint_eq(r->nbytes, 0);
}

/*
 * Core.
 */

START_TEST(test_proto_init)
{
	struct proto_request	r;

	memset(&r, 0xa5, sizeof(r));
	proto_request_init(&r);
	assert_empty(&r);
	proto_request_reset(&r);
	assert_empty(&r);
	proto_request_reset(&r);	/* twice is harmless */
	assert_empty(&r);
}
END_TEST

/* What Postfix 3.7.11 sends, in its order (anchors.md 3.2). */
static const char *const postfix37[][2] = {
	{ "request", "smtpd_access_policy" },
	{ "protocol_state", "RCPT" },
	{ "protocol_name", "ESMTP" },
	{ "client_address", "192.0.2.1" },
	{ "client_name", "unknown" },
	{ "client_port", "60056" },
	{ "reverse_client_name", "unknown" },
	{ "server_address", "127.0.0.1" },
	{ "server_port", "25" },
	{ "helo_name", "x.example" },
	{ "sender", "a@fail.example" },
	{ "recipient", "user@dest.example" },
	{ "recipient_count", "0" },
	{ "queue_id", "" },
	{ "instance", "21d4.6b02f28b.705d.0" },
	{ "size", "0" },
	{ "etrn_domain", "" },
	{ "stress", "" },
	{ "sasl_method", "" },
	{ "sasl_username", "" },
	{ "sasl_sender", "" },
	{ "ccert_subject", "" },
	{ "ccert_issuer", "" },
	{ "ccert_fingerprint", "" },
	{ "ccert_pubkey_fingerprint", "" },
	{ "encryption_protocol", "" },
	{ "encryption_cipher", "" },
	{ "encryption_keysize", "0" },
	{ "policy_context", "" },
};

/* _i: 0 for LF, 1 for CR LF line ends */
START_TEST(test_proto_postfix37)
{
	struct proto_request	 r;
	const char		*eol = _i ? "\r" : "", *cause = NULL;
	char			 line[256];
	size_t			 i, wire = 0;
	int			 n;

	proto_request_init(&r);
	for (i = 0; i < NITEMS(postfix37); i++) {
		n = snprintf(line, sizeof(line), "%s=%s%s", postfix37[i][0],
		    postfix37[i][1], eol);
		ck_assert(n > 0 && (size_t)n < sizeof(line));
		ck_assert_int_eq(proto_feed_line(&r, line, n, &cause),
		    PROTO_MORE);
		ck_assert_ptr_null(cause);
		wire += n + 1;
	}
	ck_assert_int_eq(proto_feed_line(&r, eol, strlen(eol), &cause),
	    PROTO_DONE);
	ck_assert_ptr_null(cause);
	wire += strlen(eol) + 1;

	ck_assert_uint_eq(r.nattr, 29);
	ck_assert_uint_eq(r.nbytes, wire);
	ck_assert_str_eq(r.request, "smtpd_access_policy");
	ck_assert_str_eq(r.protocol_state, "RCPT");
	ck_assert_str_eq(r.client_address, "192.0.2.1");
	ck_assert_str_eq(r.client_name, "unknown");
	ck_assert_str_eq(r.helo_name, "x.example");
	ck_assert_str_eq(r.sender, "a@fail.example");
	ck_assert_str_eq(r.recipient, "user@dest.example");
	ck_assert_str_eq(r.instance, "21d4.6b02f28b.705d.0");
	ck_assert_str_eq(r.queue_id, "");
	ck_assert_str_eq(r.sasl_username, "");
	/* Sent empty, so stored (unlike absent). */
	ck_assert_ptr_nonnull(r.store[8]);
	ck_assert_ptr_nonnull(r.store[9]);

	/* proto_get() agrees with the fields, pointer for pointer. */
	ck_assert_ptr_eq(proto_get(&r, "request"), r.request);
	ck_assert_ptr_eq(proto_get(&r, "protocol_state"), r.protocol_state);
	ck_assert_ptr_eq(proto_get(&r, "client_address"), r.client_address);
	ck_assert_ptr_eq(proto_get(&r, "client_name"), r.client_name);
	ck_assert_ptr_eq(proto_get(&r, "helo_name"), r.helo_name);
	ck_assert_ptr_eq(proto_get(&r, "sender"), r.sender);
	ck_assert_ptr_eq(proto_get(&r, "recipient"), r.recipient);
	ck_assert_ptr_eq(proto_get(&r, "instance"), r.instance);
	ck_assert_ptr_eq(proto_get(&r, "queue_id"), r.queue_id);
	ck_assert_ptr_eq(proto_get(&r, "sasl_username"), r.sasl_username);
	/* Sent but not kept. */
	ck_assert_ptr_null(proto_get(&r, "protocol_name"));
	ck_assert_ptr_null(proto_get(&r, "client_port"));
	ck_assert_ptr_null(proto_get(&r, "policy_context"));

	proto_request_reset(&r);
	assert_empty(&r);
}
END_TEST

/*
 * One row: input lines, the status after the last line fed, the line
 * it came on, the attribute lines counted and one kept field's value.
 */
static const struct parse_row {
	const char		*text;
	size_t			 len;
	enum proto_status	 st;
	size_t			 at;
	size_t			 nattr;
	const char		*name;
	const char		*value;
} parse_rows[] = {
	{ LIT("sender=a@example.org\n\n"), PROTO_DONE, 2, 1,
	    "sender", "a@example.org" },
	/* The null sender is a real, empty value. */
	{ LIT("sender=\n\n"), PROTO_DONE, 2, 1, "sender", "" },
	{ LIT("sender=x@example.org\nsender=\n\n"), PROTO_DONE, 3, 2,
	    "sender", "" },
	/* Repeated: the last value wins, both lines count. */
	{ LIT("sender=a\nsender=b\n\n"), PROTO_DONE, 3, 2, "sender", "b" },
	{ LIT("sender=a\nrecipient=r\nsender=c\n\n"), PROTO_DONE, 4, 3,
	    "sender", "c" },
	/* Only the first "=" ends the name. */
	{ LIT("sender=a=b@example.org\n\n"), PROTO_DONE, 2, 1,
	    "sender", "a=b@example.org" },
	{ LIT("instance==\n\n"), PROTO_DONE, 2, 1, "instance", "=" },
	{ LIT("instance===x=\n\n"), PROTO_DONE, 2, 1, "instance", "==x=" },
	/* CR LF; only the one CR right before the LF goes. */
	{ LIT("sender=a\r\n\r\n"), PROTO_DONE, 2, 1, "sender", "a" },
	{ LIT("sender=a\r\r\n\r\n"), PROTO_DONE, 2, 1, "sender", "a\r" },
	{ LIT("sender=a\rb\n\n"), PROTO_DONE, 2, 1, "sender", "a\rb" },
	{ LIT("sender=\r\n\r\n"), PROTO_DONE, 2, 1, "sender", "" },
	{ LIT("sender=a\n\r\n"), PROTO_DONE, 2, 1, "sender", "a" },
	/* Names are exact; anything else is an unknown attribute. */
	{ LIT("Sender=a\n\n"), PROTO_DONE, 2, 1, "sender", "" },
	{ LIT("SENDER=a\n\n"), PROTO_DONE, 2, 1, "sender", "" },
	{ LIT("sender =a\n\n"), PROTO_DONE, 2, 1, "sender", "" },
	{ LIT(" sender=a\n\n"), PROTO_DONE, 2, 1, "sender", "" },
	{ LIT("sender\r=a\n\n"), PROTO_DONE, 2, 1, "sender", "" },
	{ LIT("sende=a\n\n"), PROTO_DONE, 2, 1, "sender", "" },
	{ LIT("senderx=a\n\n"), PROTO_DONE, 2, 1, "sender", "" },
	{ LIT("x=1\ny=2\nz=\n\n"), PROTO_DONE, 4, 3, "sender", "" },
	/* Values as received: no trimming, no case folding. */
	{ LIT("sender= a \n\n"), PROTO_DONE, 2, 1, "sender", " a " },
	{ LIT("helo_name=MiXeD.Example\n\n"), PROTO_DONE, 2, 1,
	    "helo_name", "MiXeD.Example" },
	{ LIT("client_address=::ffff:192.0.2.1\n\n"), PROTO_DONE, 2, 1,
	    "client_address", "::ffff:192.0.2.1" },
	{ LIT("sender=\x01\x7f\xff\t\n\n"), PROTO_DONE, 2, 1,
	    "sender", "\x01\x7f\xff\t" },
	/* Empty lines before the first attribute are ignored. */
	{ LIT("\n\r\nsender=a\n\n"), PROTO_DONE, 4, 1, "sender", "a" },
	{ LIT("\n\n\n"), PROTO_MORE, 3, 0, "sender", "" },
	{ LIT("\r\n"), PROTO_MORE, 1, 0, "sender", "" },
	/* Not finished yet. */
	{ LIT("sender=a\n"), PROTO_MORE, 1, 1, "sender", "a" },
	/* Done at the first empty line; the rest is the next request. */
	{ LIT("sender=a\n\nsender=b\n\n"), PROTO_DONE, 2, 1, "sender", "a" },
	{ LIT("request=smtpd_access_policy\nprotocol_state=RCPT\n"
	    "client_address=2001:db8::1\n\n"), PROTO_DONE, 4, 3,
	    "client_address", "2001:db8::1" },
	{ LIT("sasl_username=user@example.org\n\n"), PROTO_DONE, 2, 1,
	    "sasl_username", "user@example.org" },
	{ LIT("queue_id=4Xyz1234\n\n"), PROTO_DONE, 2, 1,
	    "queue_id", "4Xyz1234" },
};

START_TEST(test_proto_parse)
{
	const struct parse_row	*row = &parse_rows[_i];
	struct proto_request	 r;
	const char		*cause;
	size_t			 at;
	enum proto_status	 st;

	proto_request_init(&r);
	st = feed_text(&r, row->text, row->len, &at, &cause);
	ck_assert_msg(st == row->st, "row %d: status %d, want %d", _i, st,
	    row->st);
	ck_assert_ptr_null(cause);
	ck_assert_uint_eq(at, row->at);
	ck_assert_uint_eq(r.nattr, row->nattr);
	ck_assert_ptr_nonnull(proto_get(&r, row->name));
	ck_assert_str_eq(proto_get(&r, row->name), row->value);
	proto_request_reset(&r);
	assert_empty(&r);
}
END_TEST

START_TEST(test_proto_nbytes)
{
	struct proto_request	 r;
	const char		*cause;
	size_t			 at;

	/* Wire bytes: CRs count, the caller's LFs count, leading lines too. */
	proto_request_init(&r);
	ck_assert_int_eq(feed_text(&r, LIT("\r\nsender=a\r\nx=y\n\r\n"),
	    &at, &cause), PROTO_DONE);
	ck_assert_uint_eq(at, 4);
	ck_assert_uint_eq(r.nbytes, 18);
	proto_request_reset(&r);
	ck_assert_uint_eq(r.nbytes, 0);
}
END_TEST

START_TEST(test_proto_sequence)
{
	struct proto_request	 r;
	const char		*cause;
	char			 text[512], want[64];
	size_t			 at;
	int			 i, n;

	proto_request_init(&r);
	for (i = 0; i < 1000; i++) {
		/* Odd requests send only the sender: no stale values. */
		if (i % 2 == 0)
			n = snprintf(text, sizeof(text),
			    "request=smtpd_access_policy\n"
			    "protocol_state=RCPT\nclient_address=192.0.2.%d\n"
			    "sender=s%d@example.org\nrecipient=r%d@example.org\n"
			    "instance=i.%d\nsender=t%d@example.org\n\n",
			    i % 256, i, i, i, i);
		else
			n = snprintf(text, sizeof(text),
			    "\nsender=s%d@example.org\r\n\r\n", i);
		ck_assert(n > 0 && (size_t)n < sizeof(text));
		ck_assert_int_eq(feed_text(&r, text, n, &at, &cause),
		    PROTO_DONE);
		ck_assert_ptr_null(cause);
		ck_assert_uint_eq(r.nbytes, (size_t)n);
		if (i % 2 == 0) {
			ck_assert_uint_eq(r.nattr, 7);
			snprintf(want, sizeof(want), "t%d@example.org", i);
			ck_assert_str_eq(r.sender, want);
			snprintf(want, sizeof(want), "192.0.2.%d", i % 256);
			ck_assert_str_eq(r.client_address, want);
			snprintf(want, sizeof(want), "i.%d", i);
			ck_assert_str_eq(r.instance, want);
			ck_assert_str_eq(r.protocol_state, "RCPT");
		} else {
			ck_assert_uint_eq(r.nattr, 1);
			snprintf(want, sizeof(want), "s%d@example.org", i);
			ck_assert_str_eq(r.sender, want);
			ck_assert_str_eq(r.client_address, "");
			ck_assert_str_eq(r.instance, "");
			ck_assert_str_eq(r.recipient, "");
			ck_assert_str_eq(r.request, "");
		}
		proto_request_reset(&r);
		assert_empty(&r);
	}

	/* A bad request on the same struct, then a good one. */
	ck_assert_int_eq(feed_text(&r, LIT("sender=a\nbroken\n"), &at,
	    &cause), PROTO_BAD);
	ck_assert_str_eq(cause, "malformed attribute: no '='");
	proto_request_reset(&r);
	assert_empty(&r);
	ck_assert_int_eq(feed_text(&r, LIT("recipient=b\n\n"), &at, &cause),
	    PROTO_DONE);
	ck_assert_str_eq(r.recipient, "b");
	ck_assert_str_eq(r.sender, "");
	proto_request_reset(&r);
}
END_TEST

START_TEST(test_proto_get)
{
	struct proto_request	 r;
	size_t			 i;

	proto_request_init(&r);
	for (i = 0; i < NITEMS(kept); i++)
		ck_assert_str_eq(proto_get(&r, kept[i]), "");
	ck_assert_ptr_null(proto_get(&r, ""));
	ck_assert_ptr_null(proto_get(&r, "Sender"));
	ck_assert_ptr_null(proto_get(&r, "sende"));
	ck_assert_ptr_null(proto_get(&r, "senderx"));
	ck_assert_ptr_null(proto_get(&r, "store"));
	ck_assert_ptr_null(proto_get(&r, "nattr"));
	ck_assert_ptr_null(proto_get(&r, "size"));
	ck_assert_int_eq(proto_feed_line(&r, LIT("helo_name=h"), NULL),
	    PROTO_MORE);
	ck_assert_str_eq(proto_get(&r, "helo_name"), "h");
	ck_assert_ptr_eq(proto_get(&r, "helo_name"), r.helo_name);
	proto_request_reset(&r);
}
END_TEST

START_TEST(test_proto_cause)
{
	struct proto_request	 r;
	const char		*cause = "stale";

	/* *cause is cleared on success, and cause may be NULL. */
	proto_request_init(&r);
	ck_assert_int_eq(proto_feed_line(&r, LIT("sender=a"), &cause),
	    PROTO_MORE);
	ck_assert_ptr_null(cause);
	cause = "stale";
	ck_assert_int_eq(proto_feed_line(&r, "", 0, &cause), PROTO_DONE);
	ck_assert_ptr_null(cause);
	proto_request_reset(&r);
	ck_assert_int_eq(proto_feed_line(&r, LIT("nothing"), NULL),
	    PROTO_BAD);
	ck_assert_int_eq(proto_feed_line(&r, NULL, 0, NULL), PROTO_MORE);
	proto_request_reset(&r);
}
END_TEST

START_TEST(test_proto_bad_changes_nothing)
{
	struct proto_request	 r;
	const char		*cause;
	const char		*sender;

	proto_request_init(&r);
	ck_assert_int_eq(proto_feed_line(&r, LIT("sender=a"), &cause),
	    PROTO_MORE);
	sender = r.sender;
	ck_assert_int_eq(proto_feed_line(&r, LIT("sender\0=b"), &cause),
	    PROTO_BAD);
	ck_assert_str_eq(cause, "malformed attribute: NUL byte");
	ck_assert_int_eq(proto_feed_line(&r, LIT("=b"), &cause), PROTO_BAD);
	ck_assert_int_eq(proto_feed_line(&r, LIT("sender"), &cause),
	    PROTO_BAD);
	ck_assert_ptr_eq(r.sender, sender);
	ck_assert_str_eq(r.sender, "a");
	ck_assert_uint_eq(r.nattr, 1);
	ck_assert_uint_eq(r.nbytes, 9);
	proto_request_reset(&r);
}
END_TEST

/* One row: action, buffer size, wanted text and return value. */
static const struct format_row {
	const char	*action;
	size_t		 size;
	const char	*want;
	size_t		 ret;
} format_rows[] = {
	{ "DUNNO", 64, "action=DUNNO\n\n", 14 },
	{ "DUNNO", 15, "action=DUNNO\n\n", 14 },	/* exact fit */
	{ "DUNNO", 14, "", 0 },				/* no room for NUL */
	{ "DUNNO", 1, "", 0 },
	{ "", 64, "action=\n\n", 9 },
	{ "", 10, "action=\n\n", 9 },
	{ "", 9, "", 0 },
	{ "550 5.7.23 a\r\nb", 64, "action=550 5.7.23 a  b\n\n", 24 },
	{ "\n", 64, "action= \n\n", 10 },
	{ "PREPEND Received-SPF: Pass (mailfrom) identity=mailfrom", 128,
	    "action=PREPEND Received-SPF: Pass (mailfrom) "
	    "identity=mailfrom\n\n", 64 },
};

START_TEST(test_proto_format_action)
{
	const struct format_row	*row = &format_rows[_i];
	char			 buf[256];

	ck_assert_uint_le(row->size, sizeof(buf));
	memset(buf, 'Z', sizeof(buf));
	ck_assert_uint_eq(proto_format_action(buf, row->size, row->action),
	    row->ret);
	ck_assert_str_eq(buf, row->want);
	ck_assert_uint_eq(strlen(buf), row->ret);
	ck_assert_int_eq(buf[row->size], 'Z');	/* nothing past size */
}
END_TEST

START_TEST(test_proto_format_action_zero)
{
	char	buf[4] = "ZZZ";

	ck_assert_uint_eq(proto_format_action(buf, 0, "DUNNO"), 0);
	ck_assert_str_eq(buf, "ZZZ");
	ck_assert_uint_eq(proto_format_action(NULL, 0, "DUNNO"), 0);
}
END_TEST

/*
 * Limits.  A row is up to four runs of generated lines: kind, count,
 * length without the line end, and whether lines end in CR LF.
 */
enum line_kind {
	LINE_NONE,	/* end of runs */
	LINE_ATTR,	/* "x=vvv..." (unknown name) */
	LINE_SENDER,	/* "sender=vvv..." */
	LINE_EMPTY,	/* "" (len ignored) */
	LINE_NOEQ,	/* "vvv..." */
	LINE_NUL	/* "x=v\0v..." */
};

struct line_run {
	enum line_kind	 kind;
	size_t		 n;
	size_t		 len;
};

static const struct limit_row {
	const char		*what;
	int			 crlf;
	struct line_run		 runs[4];
	enum proto_status	 st;
	size_t			 at;
	const char		*cause;
} limit_rows[] = {
	/* PROTO_LINE_MAX (8192), without the line end. */
	{ "line at max", 0, { { LINE_ATTR, 1, PROTO_LINE_MAX },
	    { LINE_EMPTY, 1, 0 } }, PROTO_DONE, 2, NULL },
	{ "line over max", 0, { { LINE_ATTR, 1, PROTO_LINE_MAX + 1 } },
	    PROTO_BAD, 1, "line too long" },
	{ "line at max, CR LF", 1, { { LINE_ATTR, 1, PROTO_LINE_MAX },
	    { LINE_EMPTY, 1, 0 } }, PROTO_DONE, 2, NULL },
	{ "line over max, CR LF", 1, { { LINE_ATTR, 1, PROTO_LINE_MAX + 1 } },
	    PROTO_BAD, 1, "line too long" },
	{ "sender at max", 0, { { LINE_SENDER, 1, PROTO_LINE_MAX },
	    { LINE_EMPTY, 1, 0 } }, PROTO_DONE, 2, NULL },
	{ "line over max after others", 0, { { LINE_ATTR, 3, 10 },
	    { LINE_ATTR, 1, PROTO_LINE_MAX + 1 } }, PROTO_BAD, 4,
	    "line too long" },
	{ "far over max", 0, { { LINE_ATTR, 1, 4 * PROTO_LINE_MAX } },
	    PROTO_BAD, 1, "line too long" },

	/* PROTO_ATTR_MAX (256) attribute lines. */
	{ "attributes at max", 0, { { LINE_ATTR, PROTO_ATTR_MAX, 3 },
	    { LINE_EMPTY, 1, 0 } }, PROTO_DONE, PROTO_ATTR_MAX + 1, NULL },
	{ "attributes over max", 0, { { LINE_ATTR, PROTO_ATTR_MAX + 1, 3 } },
	    PROTO_BAD, PROTO_ATTR_MAX + 1, "too many attributes" },
	{ "repeated attributes count", 0,
	    { { LINE_SENDER, PROTO_ATTR_MAX + 1, 9 } },
	    PROTO_BAD, PROTO_ATTR_MAX + 1, "too many attributes" },
	{ "attributes at max, leading empty lines", 0,
	    { { LINE_EMPTY, 10, 0 }, { LINE_ATTR, PROTO_ATTR_MAX, 3 },
	    { LINE_EMPTY, 1, 0 } }, PROTO_DONE, PROTO_ATTR_MAX + 11, NULL },

	/*
	 * PROTO_REQUEST_MAX (65536) wire bytes.  A line of 8191 bytes plus
	 * its LF is 8192 bytes; eight of them fill the request.
	 */
	{ "request at max", 0, { { LINE_ATTR, 7, 8191 },
	    { LINE_ATTR, 1, 8190 }, { LINE_EMPTY, 1, 0 } },
	    PROTO_DONE, 9, NULL },
	{ "request over max at the empty line", 0, { { LINE_ATTR, 8, 8191 },
	    { LINE_EMPTY, 1, 0 } }, PROTO_BAD, 9, "request too large" },
	{ "request over max at an attribute", 0, { { LINE_ATTR, 8, 8191 },
	    { LINE_ATTR, 1, 3 } }, PROTO_BAD, 9, "request too large" },
	{ "request at max, CR LF", 1, { { LINE_ATTR, 7, 8190 },
	    { LINE_ATTR, 1, 8188 }, { LINE_EMPTY, 1, 0 } },
	    PROTO_DONE, 9, NULL },
	{ "request over max, CR LF", 1, { { LINE_ATTR, 8, 8190 },
	    { LINE_EMPTY, 1, 0 } }, PROTO_BAD, 9, "request too large" },
	{ "CR counts: same lines with LF fit", 0, { { LINE_ATTR, 8, 8190 },
	    { LINE_EMPTY, 1, 0 } }, PROTO_DONE, 9, NULL },
	{ "empty lines at max", 0, { { LINE_EMPTY, PROTO_REQUEST_MAX, 0 } },
	    PROTO_MORE, PROTO_REQUEST_MAX, NULL },
	{ "empty lines over max", 0,
	    { { LINE_EMPTY, PROTO_REQUEST_MAX + 1, 0 } },
	    PROTO_BAD, PROTO_REQUEST_MAX + 1, "request too large" },
	{ "empty lines at max, CR LF", 1,
	    { { LINE_EMPTY, PROTO_REQUEST_MAX / 2, 0 } },
	    PROTO_MORE, PROTO_REQUEST_MAX / 2, NULL },
	{ "empty lines over max, CR LF", 1,
	    { { LINE_EMPTY, PROTO_REQUEST_MAX / 2 + 1, 0 } },
	    PROTO_BAD, PROTO_REQUEST_MAX / 2 + 1, "request too large" },

	/* Which cause wins. */
	{ "too long beats too large", 0, { { LINE_ATTR, 8, 8191 },
	    { LINE_ATTR, 1, PROTO_LINE_MAX + 1 } }, PROTO_BAD, 9,
	    "line too long" },
	{ "too long beats NUL", 0, { { LINE_NUL, 1, PROTO_LINE_MAX + 1 } },
	    PROTO_BAD, 1, "line too long" },
	{ "NUL beats too large", 0, { { LINE_ATTR, 8, 8191 },
	    { LINE_NUL, 1, 5 } }, PROTO_BAD, 9,
	    "malformed attribute: NUL byte" },
	{ "too large beats no '='", 0, { { LINE_ATTR, 8, 8191 },
	    { LINE_NOEQ, 1, 5 } }, PROTO_BAD, 9, "request too large" },
	{ "no '=' beats too many", 0, { { LINE_ATTR, PROTO_ATTR_MAX, 3 },
	    { LINE_NOEQ, 1, 5 } }, PROTO_BAD, PROTO_ATTR_MAX + 1,
	    "malformed attribute: no '='" },
	{ "NUL beats too many", 0, { { LINE_ATTR, PROTO_ATTR_MAX, 3 },
	    { LINE_NUL, 1, 5 } }, PROTO_BAD, PROTO_ATTR_MAX + 1,
	    "malformed attribute: NUL byte" },
	{ "empty line ends a full request", 0,
	    { { LINE_ATTR, PROTO_ATTR_MAX, 3 }, { LINE_EMPTY, 1, 0 },
	    { LINE_ATTR, 1, 3 } }, PROTO_DONE, PROTO_ATTR_MAX + 1, NULL },
};

START_TEST(test_proto_limits)
{
	const struct limit_row	*row = &limit_rows[_i];
	const struct line_run	*run;
	struct proto_request	 r;
	enum proto_status	 st = PROTO_MORE;
	const char		*cause = NULL;
	char			*line;
	size_t			 at = 0, len, i, k, max = 0;

	for (run = row->runs; run < row->runs + 4; run++)
		if (run->len > max)
			max = run->len;
	line = malloc(max + 2);
	ck_assert_ptr_nonnull(line);

	proto_request_init(&r);
	for (run = row->runs; run < row->runs + 4 && st == PROTO_MORE;
	    run++) {
		for (k = 0; k < run->n && st == PROTO_MORE; k++) {
			len = run->len;
			memset(line, 'v', len);
			switch (run->kind) {
			case LINE_ATTR:
				memcpy(line, "x=", 2);
				break;
			case LINE_SENDER:
				memcpy(line, "sender=", 7);
				break;
			case LINE_EMPTY:
				len = 0;
				break;
			case LINE_NOEQ:
				break;
			case LINE_NUL:
				memcpy(line, "x=v", 3);
				line[3] = '\0';
				break;
			case LINE_NONE:
				continue;
			}
			if (row->crlf)
				line[len++] = '\r';
			at++;
			st = proto_feed_line(&r, line, len, &cause);
		}
	}
	ck_assert_msg(st == row->st, "%s: status %d, want %d", row->what, st,
	    row->st);
	ck_assert_msg(at == row->at, "%s: at line %zu, want %zu", row->what,
	    at, row->at);
	if (row->cause == NULL)
		ck_assert_ptr_null(cause);
	else {
		ck_assert_ptr_nonnull(cause);
		ck_assert_str_eq(cause, row->cause);
	}
	ck_assert_uint_le(r.nbytes, PROTO_REQUEST_MAX);
	ck_assert_uint_le(r.nattr, PROTO_ATTR_MAX);
	if (row->runs[0].kind == LINE_SENDER && st == PROTO_DONE) {
		/* The longest value: all of it, exactly. */
		ck_assert_uint_eq(strlen(r.sender), row->runs[0].len - 7);
		for (i = 0; i < row->runs[0].len - 7; i++)
			ck_assert_int_eq(r.sender[i], 'v');
	}
	proto_request_reset(&r);
	assert_empty(&r);
	free(line);
}
END_TEST

/*
 * Malformed.  A row: input, the line the error is on, the cause, and
 * the attribute lines counted before it.
 */
static const struct bad_row {
	const char	*text;
	size_t		 len;
	size_t		 at;
	const char	*cause;
	size_t		 nattr;
} bad_rows[] = {
	{ LIT("noequals\n"), 1, "malformed attribute: no '='", 0 },
	{ LIT("noequals\r\n"), 1, "malformed attribute: no '='", 0 },
	{ LIT("x\n"), 1, "malformed attribute: no '='", 0 },
	{ LIT(" \n"), 1, "malformed attribute: no '='", 0 },
	{ LIT("\r\r\n"), 1, "malformed attribute: no '='", 0 },
	{ LIT("sender=a\nnoequals\n\n"), 2, "malformed attribute: no '='",
	    1 },
	{ LIT("\nsender=a\nrecipient=b\nsender\n"), 4,
	    "malformed attribute: no '='", 2 },
	{ LIT("=value\n"), 1, "malformed attribute: empty name", 0 },
	{ LIT("=\n"), 1, "malformed attribute: empty name", 0 },
	{ LIT("=\r\n"), 1, "malformed attribute: empty name", 0 },
	{ LIT("==\n"), 1, "malformed attribute: empty name", 0 },
	{ LIT("sender=a\n=a\n"), 2, "malformed attribute: empty name", 1 },
	{ LIT("\0\n"), 1, "malformed attribute: NUL byte", 0 },
	{ LIT("\0\r\n"), 1, "malformed attribute: NUL byte", 0 },
	{ LIT("\r\0\n"), 1, "malformed attribute: NUL byte", 0 },
	{ LIT("sen\0der=a\n"), 1, "malformed attribute: NUL byte", 0 },
	{ LIT("sender=a\0b\n"), 1, "malformed attribute: NUL byte", 0 },
	{ LIT("sender=ab\0\n"), 1, "malformed attribute: NUL byte", 0 },
	{ LIT("sender=ab\0\r\n"), 1, "malformed attribute: NUL byte", 0 },
	{ LIT("sender=\0\n"), 1, "malformed attribute: NUL byte", 0 },
	{ LIT("\0=a\n"), 1, "malformed attribute: NUL byte", 0 },
	{ LIT("=\0\n"), 1, "malformed attribute: NUL byte", 0 },
	{ LIT("noeq\0\n"), 1, "malformed attribute: NUL byte", 0 },
	{ LIT("x=1\ny=2\nz=\0\n"), 3, "malformed attribute: NUL byte", 2 },
};

START_TEST(test_proto_malformed)
{
	const struct bad_row	*row = &bad_rows[_i];
	struct proto_request	 r;
	const char		*cause;
	size_t			 at;

	proto_request_init(&r);
	ck_assert_int_eq(feed_text(&r, row->text, row->len, &at, &cause),
	    PROTO_BAD);
	ck_assert_uint_eq(at, row->at);
	ck_assert_ptr_nonnull(cause);
	ck_assert_str_eq(cause, row->cause);
	ck_assert_uint_eq(r.nattr, row->nattr);
	proto_request_reset(&r);
	assert_empty(&r);
}
END_TEST

/* proto_suite - every test case of proto.c */
static Suite *
proto_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("proto");

	tc = tcase_create("Core");
	tcase_add_test(tc, test_proto_init);
	tcase_add_loop_test(tc, test_proto_postfix37, 0, 2);
	tcase_add_loop_test(tc, test_proto_parse, 0, NITEMS(parse_rows));
	tcase_add_test(tc, test_proto_nbytes);
	tcase_add_test(tc, test_proto_sequence);
	tcase_add_test(tc, test_proto_get);
	tcase_add_test(tc, test_proto_cause);
	tcase_add_test(tc, test_proto_bad_changes_nothing);
	tcase_add_loop_test(tc, test_proto_format_action, 0,
	    NITEMS(format_rows));
	tcase_add_test(tc, test_proto_format_action_zero);
	suite_add_tcase(s, tc);

	tc = tcase_create("Limits");
	tcase_add_loop_test(tc, test_proto_limits, 0, NITEMS(limit_rows));
	suite_add_tcase(s, tc);

	tc = tcase_create("Malformed");
	tcase_add_loop_test(tc, test_proto_malformed, 0, NITEMS(bad_rows));
	suite_add_tcase(s, tc);

	return (s);
}

int
main(void)
{
	SRunner	*sr;
	int	 failed;

	sr = srunner_create(proto_suite());
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return (failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE);
}
