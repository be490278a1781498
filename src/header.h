/*
 * NAME
 *	header 3h - Received-SPF, Authentication-Results and skip headers
 * SYNOPSIS
 *	#include "header.h"
 *
 *	int	 header_is_dot_atom(const char *s, int token);
 *	int	 header_keyvalue(char *buf, size_t size, const char *key,
 *		    const char *value);
 *	int	 header_comment(char *buf, size_t size, const char *text);
 *	int	 header_received_spf(char *buf, size_t size,
 *		    const struct header_params *p, enum header_identity id,
 *		    enum spf_result r, const char *explanation);
 *	int	 header_authres(char *buf, size_t size,
 *		    const struct header_params *p, enum header_identity id,
 *		    enum spf_result r, const char *explanation);
 *	int	 header_skip_comment(char *buf, size_t size,
 *		    const struct header_params *p, const char *why);
 *	int	 header_skip_authres(char *buf, size_t size,
 *		    const struct header_params *p, const char *why);
 * DESCRIPTION
 *	Pure formatting (no I/O, no logging, no globals, no allocation):
 *	the header fields policyd-spf asks Postfix to prepend, as one line
 *	without CRLF and without a trailing space.
 *
 *	header_is_dot_atom() is true when s is an RFC 5322 dot-atom:
 *	atoms of atext (ALPHA, DIGIT and !#$%&'*+-/=?^_`{|}~) joined by
 *	single dots, no empty atom.  With token set the RFC 2045 tspecials
 *	"/", "=" and "?" are refused too, so that the text is both a
 *	dot-atom and a token (an RFC 8601 value).  Bytes that are not
 *	printable ASCII count as "?" (they are written as "?").
 *
 *	header_keyvalue() writes "key=value" (RFC 7208 section 9.1
 *	key-value-pair): the value as it is when it is a dot-atom, else
 *	as a quoted-string with '"' and '\' escaped by a backslash.  So
 *	client-ip=192.0.2.1, client-ip="2001:db8::1",
 *	envelope-from="a@pass.example", envelope-from="<>",
 *	receiver="<UNKNOWN>", helo=x.example.
 *
 *	header_comment() writes "(" text ")" with '(', ')' and '\'
 *	escaped by a backslash (RFC 5322 comment).
 *
 *	struct header_params carries the request as it appears in the
 *	headers; sender "" is the null sender (shown as "<>").
 *
 *	header_received_spf() writes the RFC 7208 section 9.1 trace field:
 *	  Received-SPF: <Result> (<comment>) identity=<mailfrom|helo>;
 *	      client-ip=<ip>; helo=<helo>; envelope-from=<sender>;
 *	      receiver=<receiver>
 *	(one line), Result spelled as spf_result_name(), comment "mailfrom"
 *	for HEADER_MAILFROM and the explanation for HEADER_HELO, every value
 *	through header_keyvalue().
 *
 *	header_authres() writes the RFC 8601 field:
 *	  Authentication-Results: <authserv-id>; spf=<result> (<explanation>)
 *	      smtp.mailfrom=<sender domain> (client-ip=<ip>; helo=<helo>;
 *	      envelope-from=<sender>; receiver=<receiver>)
 *	(smtp.helo=<helo> for HEADER_HELO); result as spf_result_lower().
 *	The authserv-id and the property value are written as they are
 *	when header_is_dot_atom(s, 1), else as quoted-strings.  The last
 *	part is a comment: its values are not quoted, only escaped.
 *
 *	header_skip_comment() writes the header of a client that is not
 *	checked:
 *	  X-Comment: <why> - client-ip=<ip>; helo=<helo>;
 *	      envelope-from=<sender>; receiver=<receiver>
 *	with the values through header_keyvalue().  header_skip_authres()
 *	writes the RFC 8601 no-result form:
 *	  Authentication-Results: <authserv-id>; none (<why> -
 *	      client-ip=<ip>; helo=<helo>; envelope-from=<sender>;
 *	      receiver=<receiver>)
 * LIMITS/SECURITY
 *	Every input may come from the SMTP client or from DNS.  Bytes that
 *	are not printable ASCII (0x20-0x7e) are written as "?", so no CR,
 *	LF, NUL or 8-bit byte reaches the output; quoting and escaping keep
 *	peer text from ending a quoted-string or a comment early.  A NULL
 *	string is taken as "".
 *
 *	Output goes to buf, size bytes, always NUL-terminated when size > 0
 *	and never overrun.  A header is built from units (the field name and
 *	result, the comment, each "; key=value", the A-R trailing comment);
 *	a unit is written whole or not at all, and after the first unit that
 *	does not fit nothing more is written.  A truncated header is
 *	therefore a clean prefix: no cut quoted-string, comment or escape.
 * DIAGNOSTICS
 *	The formatters return 0 when everything was written, -1 when
 *	something was left out (buf then holds the clean prefix, possibly
 *	""; nothing is written when size is 0).
 * THREADS
 *	Any thread.
 * SEE ALSO
 *	decide.h, RFC 5322 section 3.2, RFC 7208 section 9, RFC 8601
 * SPDX-License-Identifier: BSD-2-Clause
 */
#ifndef HEADER_H
#define HEADER_H

#include <stddef.h>

#include "result.h"

enum header_identity {
	HEADER_MAILFROM = 0,
	HEADER_HELO
};

struct header_params {
	const char	*client_ip;	/* text form */
	const char	*helo;
	const char	*sender;	/* "" for the null sender */
	const char	*sender_domain;	/* smtp.mailfrom */
	const char	*receiver;
	const char	*authserv_id;	/* A-R only */
};

int	 header_is_dot_atom(const char *, int);
int	 header_keyvalue(char *, size_t, const char *, const char *);
int	 header_comment(char *, size_t, const char *);
int	 header_received_spf(char *, size_t, const struct header_params *,
	    enum header_identity, enum spf_result, const char *);
int	 header_authres(char *, size_t, const struct header_params *,
	    enum header_identity, enum spf_result, const char *);
int	 header_skip_comment(char *, size_t, const struct header_params *,
	    const char *);
int	 header_skip_authres(char *, size_t, const struct header_params *,
	    const char *);

#endif
