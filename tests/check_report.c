/*
 * NAME
 *	check_report - unit tests for report.c
 * DESCRIPTION
 *	"Parse": report_parse_line() on every kind of line policyd-spf,
 *	pypolicyd-spf and Postfix's smtpd write, in every time stamp
 *	format, one row a line, every field checked.  "Summary": lines
 *	through report_add() and the exact report_summary() text: a
 *	test_only log, a warn_if_reject log (policyd-spf's reject and
 *	Postfix's reject_warning counted once), the year boundary of
 *	RFC 3164 stamps, and no lines at all.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "result.h"

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))

#define URL	"Please see http://www.openspf.net/Why?s="
#define E2025	1763857561LL		/* 2025-11-23T00:26:01Z */
#define NOV23	((10 * 31 + 22) * 86400LL)

/* One line and what report_parse_line() must make of it. */
static const struct parse_row {
	const char		*line;
	enum report_kind	 kind;
	enum report_action	 action;
	enum report_identity	 identity;
	int			 result;
	long			 pid;
	const char		*queue_id;
	const char		*ip;
	const char		*domain;
	const char		*stamp;
	enum report_time	 when_kind;
	long long		 when;
	const char		*text;		/* NULL: not checked */
} parse_rows[] = {
	/* debug_level 2, log_target file (no host). */
	{ "Nov 23 00:29:52 policyd-spf[32477]: Fail; identity=mailfrom; "
	  "client-ip=192.0.2.1; helo=x.example; envelope-from=a@Fail.Example; "
	  "receiver=dest.example; SPF fail - not authorized",
	  REPORT_RESULT, REPORT_ACT_NONE, REPORT_ID_MAILFROM, SPFR_FAIL, 32477,
	  "", "192.0.2.1", "fail.example", "Nov 23 00:29:52",
	  REPORT_TIME_NOYEAR, NOV23 + 1792, NULL },
	/* syslog with a host, a space-padded day, the null sender. */
	{ "Nov  3 07:00:00 mx policyd-spf[7]: None; identity=helo; "
	  "client-ip=2001:db8::1; helo=X.Example; envelope-from=<>; "
	  "receiver=dest.example; no SPF record",
	  REPORT_RESULT, REPORT_ACT_NONE, REPORT_ID_HELO, SPFR_NONE, 7, "",
	  "2001:db8::1", "x.example", "Nov  3 07:00:00", REPORT_TIME_NOYEAR,
	  (10 * 31 + 2) * 86400LL + 7 * 3600, NULL },
	/* pypolicyd-spf: unquoted values, a trailing space. */
	{ "Nov 23 00:31:00 mx policyd-spf[2930]: : prepend Received-SPF: Pass "
	  "(mailfrom) identity=mailfrom; client-ip=192.0.2.1; helo=x.example; "
	  "envelope-from=a@pass.example; receiver=dest.example ",
	  REPORT_ACTION, REPORT_ACT_PREPEND, REPORT_ID_MAILFROM, SPFR_PASS,
	  2930, "", "192.0.2.1", "pass.example", "Nov 23 00:31:00",
	  REPORT_TIME_NOYEAR, NOV23 + 1860, NULL },
	/* Quoted values (RFC 7208 section 9.1). */
	{ "Nov 23 00:31:00 policyd-spf[1]: : prepend Received-SPF: Temperror "
	  "(mailfrom) identity=mailfrom; client-ip=\"2001:db8::1\"; "
	  "helo=x.example; envelope-from=\"a+b=c@Temp.Example\"; "
	  "receiver=dest.example",
	  REPORT_ACTION, REPORT_ACT_PREPEND, REPORT_ID_MAILFROM,
	  SPFR_TEMPERROR, 1, "", "2001:db8::1", "temp.example",
	  "Nov 23 00:31:00", REPORT_TIME_NOYEAR, NOV23 + 1860, NULL },
	/* A HELO header whose comment imitates the key-value list. */
	{ "Nov 23 00:31:00 policyd-spf[1]: ABC123: prepend Received-SPF: Fail "
	  "(SPF fail - identity=mailfrom; client-ip=6.6.6.6) identity=helo; "
	  "client-ip=192.0.2.9; helo=helo-fail.example; envelope-from=\"<>\"; "
	  "receiver=dest.example",
	  REPORT_ACTION, REPORT_ACT_PREPEND, REPORT_ID_HELO, SPFR_FAIL, 1,
	  "ABC123", "192.0.2.9", "helo-fail.example", "Nov 23 00:31:00",
	  REPORT_TIME_NOYEAR, NOV23 + 1860, NULL },
	/* Header_Type = AR. */
	{ "Nov 23 00:31:00 policyd-spf[1]: ABC: prepend "
	  "Authentication-Results: mx.test.example; spf=softfail (domain owner "
	  "discourages use of this host) smtp.mailfrom=soft.example "
	  "(client-ip=192.0.2.1; helo=x.example; "
	  "envelope-from=\"a@soft.example\"; receiver=dest.example)",
	  REPORT_ACTION, REPORT_ACT_PREPEND, REPORT_ID_MAILFROM, SPFR_SOFTFAIL,
	  1, "ABC", "192.0.2.1", "soft.example", "Nov 23 00:31:00",
	  REPORT_TIME_NOYEAR, NOV23 + 1860, NULL },
	{ "Nov 23 00:31:00 policyd-spf[1]: : prepend Authentication-Results: "
	  "mx.test.example; none (SPF check N/A for local connections - "
	  "client-ip=127.0.0.1; helo=x; envelope-from=\"a@b\"; receiver=c)",
	  REPORT_ACTION, REPORT_ACT_SKIP, REPORT_ID_NONE, -1, 1, "",
	  "127.0.0.1", "", "Nov 23 00:31:00", REPORT_TIME_NOYEAR, NOV23 + 1860,
	  NULL },
	{ "Nov 23 00:31:00 policyd-spf[1]: : prepend X-Comment: SPF skipped "
	  "for whitelisted relay - client-ip=192.0.2.77; helo=x.example; "
	  "envelope-from=\"a@fail.example\"; receiver=dest.example",
	  REPORT_ACTION, REPORT_ACT_SKIP, REPORT_ID_NONE, -1, 1, "",
	  "192.0.2.77", "", "Nov 23 00:31:00", REPORT_TIME_NOYEAR,
	  NOV23 + 1860, NULL },
	/* Rejects and defers. */
	{ "Nov 23 00:31:00 mx policyd-spf[2930]: : 550 5.7.23 Message rejected "
	  "due to: SPF fail - not authorized. " URL "mfrom;id=a@fail.example;"
	  "ip=192.0.2.1;r=dest.example",
	  REPORT_ACTION, REPORT_ACT_REJECT, REPORT_ID_MAILFROM, SPFR_FAIL,
	  2930, "", "192.0.2.1", "fail.example", "Nov 23 00:31:00",
	  REPORT_TIME_NOYEAR, NOV23 + 1860, "Message rejected due to: SPF fail "
	  "- not authorized. " URL "mfrom;id=a@fail.example;ip=192.0.2.1;"
	  "r=dest.example" },
	{ "Nov 23 00:31:00 policyd-spf[1]: Q1: 550 5.7.24 Message rejected due "
	  "to: SPF Permanent Error: Unknown mechanism found near 'foo:bar'. "
	  URL "helo;id=helo-perm.example;ip=192.0.2.1;r=dest.example",
	  REPORT_ACTION, REPORT_ACT_REJECT, REPORT_ID_HELO, SPFR_PERMERROR, 1,
	  "Q1", "192.0.2.1", "helo-perm.example", "Nov 23 00:31:00",
	  REPORT_TIME_NOYEAR, NOV23 + 1860, NULL },
	{ "Nov 23 00:31:00 policyd-spf[1]: : defer_if_permit 4.7.24 Message "
	  "deferred due to: SPF Temporary Error: DNS timeout for "
	  "'slow.example' (TXT). " URL "mfrom;id=a@temp.example;"
	  "ip=192.0.2.1;r=dest.example",
	  REPORT_ACTION, REPORT_ACT_DEFER, REPORT_ID_MAILFROM, SPFR_TEMPERROR,
	  1, "", "192.0.2.1", "temp.example", "Nov 23 00:31:00",
	  REPORT_TIME_NOYEAR, NOV23 + 1860, "Message deferred due to: SPF "
	  "Temporary Error: DNS timeout for 'slow.example' (TXT). " URL
	  "mfrom;id=a@temp.example;ip=192.0.2.1;r=dest.example" },
	{ "Nov 23 00:31:00 policyd-spf[1]: : 550 Message rejected due to: SPF "
	  "fail - not authorized. " URL "mfrom;id=x@fail.example;"
	  "ip=192.0.2.1;r=dest.example",
	  REPORT_ACTION, REPORT_ACT_REJECT, REPORT_ID_MAILFROM, SPFR_FAIL, 1,
	  "", "192.0.2.1", "fail.example", "Nov 23 00:31:00",
	  REPORT_TIME_NOYEAR, NOV23 + 1860, NULL },
	{ "Nov 23 00:31:00 policyd-spf[1]: : WARN Message rejected due to: SPF "
	  "fail - not authorized. " URL "helo;id=h.example;ip=192.0.2.1;"
	  "r=dest.example",
	  REPORT_ACTION, REPORT_ACT_WARN, REPORT_ID_HELO, SPFR_FAIL, 1, "",
	  "192.0.2.1", "h.example", "Nov 23 00:31:00", REPORT_TIME_NOYEAR,
	  NOV23 + 1860, NULL },
	/* mail_from_actions softfail=warn: the result is in the text. */
	{ "Nov 23 00:31:00 policyd-spf[1]: : WARN SPF Softfail (mailfrom): "
	  "Message flagged due to: domain owner discourages use of this host. "
	  URL "mfrom;id=a@soft.example;ip=192.0.2.1;r=dest.example",
	  REPORT_ACTION, REPORT_ACT_WARN, REPORT_ID_MAILFROM, SPFR_SOFTFAIL, 1,
	  "", "192.0.2.1", "soft.example", "Nov 23 00:31:00",
	  REPORT_TIME_NOYEAR, NOV23 + 1860, NULL },
	/* test_only_answer = warn: the held-back answer carries the result. */
	{ "Nov 23 00:31:00 policyd-spf[1]: : WARN would defer: defer_if_permit "
	  "4.7.24 Message deferred due to: SPF Temporary Error: DNS timeout. "
	  URL "mfrom;id=a@temp.example;ip=192.0.2.1;r=dest.example",
	  REPORT_ACTION, REPORT_ACT_WARN, REPORT_ID_MAILFROM, SPFR_TEMPERROR, 1,
	  "", "192.0.2.1", "temp.example", "Nov 23 00:31:00",
	  REPORT_TIME_NOYEAR, NOV23 + 1860, NULL },
	/* test_only. */
	{ "Nov 23 00:39:10 policyd-spf[5]: ABC123: would reject: 550 5.7.23 "
	  "Message rejected due to: Receiver policy for SPF Softfail. " URL
	  "mfrom;id=a@soft.example;ip=198.51.100.3;r=dest.example",
	  REPORT_WOULD, REPORT_ACT_WOULD_REJECT, REPORT_ID_MAILFROM,
	  SPFR_SOFTFAIL, 5, "ABC123", "198.51.100.3", "soft.example",
	  "Nov 23 00:39:10", REPORT_TIME_NOYEAR, NOV23 + 2350, NULL },
	{ "Nov 23 00:39:10 policyd-spf[5]: : would defer: defer_if_permit "
	  "4.7.24 Message deferred due to: SPF Temporary Error: DNS timeout. "
	  URL "helo;id=helo-temp.example;ip=192.0.2.1;r=dest.example",
	  REPORT_WOULD, REPORT_ACT_WOULD_DEFER, REPORT_ID_HELO, SPFR_TEMPERROR,
	  5, "", "192.0.2.1", "helo-temp.example", "Nov 23 00:39:10",
	  REPORT_TIME_NOYEAR, NOV23 + 2350, NULL },
	{ "Nov 23 00:39:10 policyd-spf[5]: : would warn: WARN Message rejected "
	  "due to: SPF fail - not authorized. " URL "mfrom;id=a@f.example;"
	  "ip=192.0.2.1;r=d",
	  REPORT_WOULD, REPORT_ACT_WOULD_WARN, REPORT_ID_MAILFROM, SPFR_FAIL,
	  5, "", "192.0.2.1", "f.example", "Nov 23 00:39:10",
	  REPORT_TIME_NOYEAR, NOV23 + 2350, NULL },
	{ "Nov 23 00:39:10 policyd-spf[5]: : Header field not prepended: "
	  "Received-SPF: Pass (mailfrom) identity=mailfrom; "
	  "client-ip=192.0.2.1; helo=x.example; "
	  "envelope-from=\"a@pass.example\"; receiver=dest.example",
	  REPORT_NOT_PREPENDED, REPORT_ACT_DUNNO, REPORT_ID_MAILFROM, SPFR_PASS,
	  5, "", "192.0.2.1", "pass.example", "Nov 23 00:39:10",
	  REPORT_TIME_NOYEAR, NOV23 + 2350, NULL },
	/* Other answers. */
	{ "Nov 23 00:39:10 policyd-spf[5]: : DUNNO",
	  REPORT_ACTION, REPORT_ACT_DUNNO, REPORT_ID_NONE, -1, 5, "", "", "",
	  "Nov 23 00:39:10", REPORT_TIME_NOYEAR, NOV23 + 2350, NULL },
	{ "Nov 23 00:39:10 policyd-spf[5]: ABC: SPF skipped for SASL "
	  "authenticated client (sasl_username=bob): DUNNO",
	  REPORT_ACTION, REPORT_ACT_SKIP, REPORT_ID_NONE, -1, 5, "ABC", "", "",
	  "Nov 23 00:39:10", REPORT_TIME_NOYEAR, NOV23 + 2350, NULL },
	{ "Nov 23 00:39:10 policyd-spf[5]: : mfrom_passed_spf",
	  REPORT_ACTION, REPORT_ACT_OTHER, REPORT_ID_NONE, -1, 5, "", "", "",
	  "Nov 23 00:39:10", REPORT_TIME_NOYEAR, NOV23 + 2350, NULL },
	/* RFC 5424, RFC 3339 (rsyslog), journalctl -o short-iso. */
	{ "<22>1 2025-11-23T00:26:01.003Z mx.example policyd-spf 1234 - - : "
	  "prepend Received-SPF: Pass (mailfrom) identity=mailfrom; "
	  "client-ip=192.0.2.1; helo=x.example; "
	  "envelope-from=\"a@pass.example\"; receiver=dest.example",
	  REPORT_ACTION, REPORT_ACT_PREPEND, REPORT_ID_MAILFROM, SPFR_PASS,
	  1234, "", "192.0.2.1", "pass.example", "2025-11-23T00:26:01.003Z",
	  REPORT_TIME_UTC, E2025, NULL },
	{ "<22>1 2025-11-23T01:26:01+01:00 mx policyd-spf 99 ID47 "
	  "[ex@32473 iut=\"3\" src=\"A]pp\"][x@1 a=\"\\\"\"] \xef\xbb\xbf: "
	  "DUNNO",
	  REPORT_ACTION, REPORT_ACT_DUNNO, REPORT_ID_NONE, -1, 99, "", "", "",
	  "2025-11-23T01:26:01+01:00", REPORT_TIME_UTC, E2025, NULL },
	{ "2025-11-23T00:26:01.123456+00:00 mx policyd-spf[77]: : DUNNO",
	  REPORT_ACTION, REPORT_ACT_DUNNO, REPORT_ID_NONE, -1, 77, "", "", "",
	  "2025-11-23T00:26:01.123456+00:00", REPORT_TIME_UTC, E2025, NULL },
	{ "2025-11-22T19:26:01-0500 mx policyd-spf[77]: : DUNNO",
	  REPORT_ACTION, REPORT_ACT_DUNNO, REPORT_ID_NONE, -1, 77, "", "", "",
	  "2025-11-22T19:26:01-0500", REPORT_TIME_UTC, E2025, NULL },
	{ "policyd-spf[5]: : DUNNO",
	  REPORT_ACTION, REPORT_ACT_DUNNO, REPORT_ID_NONE, -1, 5, "", "", "",
	  "", REPORT_TIME_NONE, 0, NULL },
	/* Postfix's smtpd. */
	{ "Nov 23 00:31:00 mx postfix/smtpd[2926]: NOQUEUE: reject_warning: "
	  "RCPT from unknown[192.0.2.1]: 550 5.7.23 <user@dest.example>: "
	  "Recipient address rejected: Message rejected due to: SPF fail - "
	  "not authorized. " URL "mfrom;id=a@fail.example;ip=192.0.2.1;"
	  "r=dest.example; from=<a@fail.example> to=<user@dest.example> "
	  "proto=ESMTP helo=<x.example>",
	  REPORT_POSTFIX, REPORT_ACT_WOULD_REJECT, REPORT_ID_MAILFROM,
	  SPFR_FAIL, 2926, "", "192.0.2.1", "fail.example", "Nov 23 00:31:00",
	  REPORT_TIME_NOYEAR, NOV23 + 1860, "Message rejected due to: SPF fail "
	  "- not authorized. " URL "mfrom;id=a@fail.example;ip=192.0.2.1;"
	  "r=dest.example" },
	{ "Nov 23 00:31:00 mx postfix/submission/smtpd[9]: 4Xyz: reject: RCPT "
	  "from unknown[2001:db8::5]: 450 4.7.24 <u@dest.example>: Recipient "
	  "address rejected: Message deferred due to: SPF Temporary Error: DNS "
	  "timeout for 'slow.example' (TXT). " URL "mfrom;id=a@temp.example;"
	  "ip=2001:db8::5;r=dest.example; from=<a@temp.example> "
	  "to=<u@dest.example> proto=ESMTP helo=<x.example>",
	  REPORT_POSTFIX, REPORT_ACT_DEFER, REPORT_ID_MAILFROM, SPFR_TEMPERROR,
	  9, "", "2001:db8::5", "temp.example", "Nov 23 00:31:00",
	  REPORT_TIME_NOYEAR, NOV23 + 1860, NULL },
	/* A custom Reason_Message: no link, the code says it is ours. */
	{ "Nov 23 00:31:00 mx postfix/smtpd[9]: NOQUEUE: reject_warning: RCPT "
	  "from mail.example[198.51.100.7]: 550 5.7.23 <u@dest.example>: "
	  "Recipient address rejected: Go away; from=<b@Spam.Example> "
	  "to=<u@dest.example> proto=SMTP helo=<h>",
	  REPORT_POSTFIX, REPORT_ACT_WOULD_REJECT, REPORT_ID_NONE, SPFR_FAIL,
	  9, "", "198.51.100.7", "spam.example", "Nov 23 00:31:00",
	  REPORT_TIME_NOYEAR, NOV23 + 1860, "Go away" },
	/* Lines that are not ours. */
	{ "Nov 23 00:31:00 mx postfix/smtpd[9]: NOQUEUE: reject: RCPT from "
	  "unknown[192.0.2.1]: 554 5.7.1 <u@other.example>: Relay access "
	  "denied; from=<a@b.example> to=<u@other.example> proto=ESMTP "
	  "helo=<x>",
	  REPORT_NONE, REPORT_ACT_NONE, REPORT_ID_NONE, -1, -1, "", "", "", "",
	  REPORT_TIME_NONE, 0, NULL },
	{ "Nov 23 00:31:00 mx postfix/smtpd[9]: connect from "
	  "unknown[192.0.2.1]",
	  REPORT_NONE, REPORT_ACT_NONE, REPORT_ID_NONE, -1, -1, "", "", "", "",
	  REPORT_TIME_NONE, 0, NULL },
	{ "Nov 23 00:31:00 mx named[9]: : DUNNO",
	  REPORT_NONE, REPORT_ACT_NONE, REPORT_ID_NONE, -1, -1, "", "", "", "",
	  REPORT_TIME_NONE, 0, NULL },
	{ "Nov 23 00:31:00 mx policyd-spf[9]: malformed client_address: "
	  "\"x\": answering DUNNO",
	  REPORT_NONE, REPORT_ACT_NONE, REPORT_ID_NONE, -1, -1, "", "", "", "",
	  REPORT_TIME_NONE, 0, NULL },
	{ "Nov 23 00:31:00 mx policyd-spf[9]: Q: instance 1.2.3.4 seen "
	  "before: DUNNO",
	  REPORT_NONE, REPORT_ACT_NONE, REPORT_ID_NONE, -1, -1, "", "", "", "",
	  REPORT_TIME_NONE, 0, NULL },
	{ "Nov 23 00:31:00 mx policyd-spf[9]: Starting",
	  REPORT_NONE, REPORT_ACT_NONE, REPORT_ID_NONE, -1, -1, "", "", "", "",
	  REPORT_TIME_NONE, 0, NULL },
	{ "", REPORT_NONE, REPORT_ACT_NONE, REPORT_ID_NONE, -1, -1, "", "", "",
	  "", REPORT_TIME_NONE, 0, NULL },
	{ "Nov 32 00:31:00 mx policyd-spf[9]: : DUNNO",
	  REPORT_NONE, REPORT_ACT_NONE, REPORT_ID_NONE, -1, -1, "", "", "", "",
	  REPORT_TIME_NONE, 0, NULL },
	{ "<22>1 - - policyd-spf", REPORT_NONE, REPORT_ACT_NONE,
	  REPORT_ID_NONE, -1, -1, "", "", "", "", REPORT_TIME_NONE, 0, NULL },
};

START_TEST(test_report_parse)
{
	const struct parse_row	*row = &parse_rows[_i];
	struct report_line	 l;
	enum report_kind	 kind;

	kind = report_parse_line(row->line, &l);
	ck_assert_msg(kind == row->kind, "%s: kind %d, want %d", row->line,
	    kind, row->kind);
	ck_assert_int_eq(l.kind, row->kind);
	ck_assert_msg(l.action == row->action, "%s: action %s, want %s",
	    row->line, report_action_name(l.action),
	    report_action_name(row->action));
	ck_assert_int_eq(l.identity, row->identity);
	ck_assert_int_eq(l.result, row->result);
	ck_assert_int_eq(l.pid, row->pid);
	ck_assert_str_eq(l.queue_id, row->queue_id);
	ck_assert_str_eq(l.ip, row->ip);
	ck_assert_str_eq(l.domain, row->domain);
	ck_assert_str_eq(l.stamp, row->stamp);
	ck_assert_int_eq(l.when_kind, row->when_kind);
	ck_assert_int_eq(l.when, row->when);
	if (row->text != NULL)
		ck_assert_str_eq(l.text, row->text);
}
END_TEST

START_TEST(test_report_parse_long)
{
	static const char	 head[] = "Nov 23 00:31:00 policyd-spf[1]: : "
				    "550 5.7.23 x. " URL "mfrom;id=a@";
	static const char	 tail[] = ";ip=192.0.2.1;r=x";
	struct report_line	 l;
	char			*line;
	size_t			 n = 20000, h = sizeof(head) - 1;

	/* Fields are cut, never overrun. */
	line = malloc(h + n + sizeof(tail));
	ck_assert_ptr_nonnull(line);
	memcpy(line, head, h);
	memset(line + h, 'd', n);
	memcpy(line + h + n, tail, sizeof(tail));
	ck_assert_int_eq(report_parse_line(line, &l), REPORT_ACTION);
	ck_assert_uint_eq(strlen(l.domain), REPORT_DOMAIN_MAX - 1);
	ck_assert_uint_eq(strlen(l.text), REPORT_TEXT_MAX - 1);
	free(line);
}
END_TEST

/* report_text - the summary of lines */
static char *
report_text(const char *const *lines, size_t n)
{
	struct report		*r;
	struct report_line	 l;
	char			*text;
	size_t			 i;

	r = report_new();
	for (i = 0; i < n; i++) {
		report_parse_line(lines[i], &l);
		report_add(r, &l);
	}
	text = report_summary(r);
	report_free(r);
	return (text);
}

/* A test_only log: each would-be line and its answer are one answer. */
static const char *const test_only_log[] = {
	"Nov 23 00:39:10 policyd-spf[5]: None; identity=helo; "
	"client-ip=192.0.2.1; helo=x.example; envelope-from=a@fail.example; "
	"receiver=dest.example; no SPF record",
	"Nov 23 00:39:10 policyd-spf[5]: Fail; identity=mailfrom; "
	"client-ip=192.0.2.1; helo=x.example; envelope-from=a@fail.example; "
	"receiver=dest.example; SPF fail - not authorized",
	"Nov 23 00:39:10 policyd-spf[5]: : would reject: 550 5.7.23 Message "
	"rejected due to: SPF fail - not authorized. " URL "mfrom;"
	"id=a@fail.example;ip=192.0.2.1;r=dest.example",
	"Nov 23 00:39:10 policyd-spf[6]: Fail; identity=helo; "
	"client-ip=2001:db8:1:2::7; helo=helo-fail.example; "
	"envelope-from=<>; receiver=dest.example; SPF fail - not authorized",
	"Nov 23 00:39:11 policyd-spf[6]: : would reject: 550 5.7.23 Message "
	"rejected due to: SPF fail - not authorized. " URL "helo;"
	"id=helo-fail.example;ip=2001:db8:1:2::7;r=dest.example",
	"Nov 23 00:39:11 policyd-spf[5]: : prepend Received-SPF: Fail "
	"(mailfrom) identity=mailfrom; client-ip=192.0.2.1; helo=x.example; "
	"envelope-from=\"a@fail.example\"; receiver=dest.example",
	"Nov 23 00:39:12 policyd-spf[6]: : prepend Received-SPF: Fail (SPF "
	"fail - not authorized) identity=helo; client-ip=\"2001:db8:1:2::7\"; "
	"helo=helo-fail.example; envelope-from=\"<>\"; receiver=dest.example",
	"Nov 23 00:39:13 policyd-spf[5]: Pass; identity=mailfrom; "
	"client-ip=192.0.2.1; helo=x.example; envelope-from=a@pass.example; "
	"receiver=dest.example; sender SPF authorized",
	"Nov 23 00:39:13 policyd-spf[5]: : prepend Received-SPF: Pass "
	"(mailfrom) identity=mailfrom; client-ip=192.0.2.1; helo=x.example; "
	"envelope-from=\"a@pass.example\"; receiver=dest.example",
	"Nov 23 00:39:14 policyd-spf[7]: : would reject: 550 5.7.23 Message "
	"rejected due to: SPF fail - not authorized. " URL "mfrom;"
	"id=b@fail.example;ip=192.0.2.200;r=dest.example",
	"Nov 23 00:39:15 mx postfix/smtpd[1]: connect from unknown[192.0.2.1]",
};

START_TEST(test_report_summary_test_only)
{
	char	*got;

	got = report_text(test_only_log, NITEMS(test_only_log));
	ck_assert_str_eq(got,
	    "policyd-spf --report: 11 lines read, 10 used, from Nov 23 "
	    "00:39:10 to Nov 23 00:39:14\n"
	    "\n"
	    "SPF results (debug_level 2 lines):\n"
	    "  identity  result     count\n"
	    "  helo      Fail           1\n"
	    "  helo      None           1\n"
	    "  mailfrom  Pass           1\n"
	    "  mailfrom  Fail           1\n"
	    "\n"
	    "Answers:\n"
	    "  action        identity  result     count\n"
	    "  prepend       mailfrom  Pass           1\n"
	    "  would reject  helo      Fail           1\n"
	    "  would reject  mailfrom  Fail           2\n"
	    "\n"
	    "Refused when enforcing: 3 of 4 answers (reject 0, defer 0, would "
	    "reject 3, would defer 0)\n"
	    "\n"
	    "Sender domains refused most (MAIL FROM domain or HELO name):\n"
	    "  count  domain             first            last\n"
	    "      2  fail.example       Nov 23 00:39:10  Nov 23 00:39:14\n"
	    "      1  helo-fail.example  Nov 23 00:39:11  Nov 23 00:39:11\n"
	    "\n"
	    "Client networks refused most:\n"
	    "  count  network            first            last\n"
	    "      2  192.0.2.0/24       Nov 23 00:39:10  Nov 23 00:39:14\n"
	    "      1  2001:db8:1:2::/64  Nov 23 00:39:11  Nov 23 00:39:11\n");
	free(got);
}
END_TEST

/* warn_if_reject: policyd-spf's reject and Postfix's warning, once. */
static const char *const warn_log[] = {
	"Dec 31 23:59:58 mx policyd-spf[2930]: : 550 5.7.23 Message rejected "
	"due to: SPF fail - not authorized. " URL "mfrom;id=a@fail.example;"
	"ip=192.0.2.1;r=dest.example",
	"Dec 31 23:59:59 mx postfix/smtpd[2926]: NOQUEUE: reject_warning: "
	"RCPT from unknown[192.0.2.1]: 550 5.7.23 <user@dest.example>: "
	"Recipient address rejected: Message rejected due to: SPF fail - not "
	"authorized. " URL "mfrom;id=a@fail.example;ip=192.0.2.1;"
	"r=dest.example; from=<a@fail.example> to=<user@dest.example> "
	"proto=ESMTP helo=<x.example>",
	/* A second recipient of the same message: policyd-spf replayed. */
	"Jan  1 00:00:01 mx postfix/smtpd[2926]: NOQUEUE: reject_warning: "
	"RCPT from unknown[192.0.2.1]: 550 5.7.23 <u2@dest.example>: "
	"Recipient address rejected: Message rejected due to: SPF fail - not "
	"authorized. " URL "mfrom;id=a@fail.example;ip=192.0.2.1;"
	"r=dest.example; from=<a@fail.example> to=<u2@dest.example> "
	"proto=ESMTP helo=<x.example>",
	"Jan  1 00:00:02 mx policyd-spf[2930]: : defer_if_permit 4.7.24 "
	"Message deferred due to: SPF Temporary Error: DNS timeout for "
	"'slow.example' (TXT). " URL "mfrom;id=a@temp.example;"
	"ip=198.51.100.9;r=dest.example",
	"Jan  1 00:00:02 mx postfix/smtpd[2926]: NOQUEUE: reject_warning: "
	"RCPT from unknown[198.51.100.9]: 450 4.7.24 <user@dest.example>: "
	"Recipient address rejected: Message deferred due to: SPF Temporary "
	"Error: DNS timeout for 'slow.example' (TXT). " URL "mfrom;"
	"id=a@temp.example;ip=198.51.100.9;r=dest.example; "
	"from=<a@temp.example> to=<user@dest.example> proto=ESMTP "
	"helo=<x.example>",
	/* Enforced, logged by policyd-spf only. */
	"Jan  1 00:00:03 mx policyd-spf[2931]: : 550 5.7.24 Message rejected "
	"due to: SPF Permanent Error: Void lookup limit of 2 exceeded. " URL
	"helo;id=helo-perm.example;ip=203.0.113.5;r=dest.example",
	"Jan  1 00:00:04 mx policyd-spf[2931]: : prepend Received-SPF: None "
	"(mailfrom) identity=mailfrom; client-ip=203.0.113.5; helo=x.example; "
	"envelope-from=\"a@none.example\"; receiver=dest.example",
};

START_TEST(test_report_summary_warn_if_reject)
{
	char	*got;

	got = report_text(warn_log, NITEMS(warn_log));
	ck_assert_str_eq(got,
	    "policyd-spf --report: 7 lines read, 7 used, from Dec 31 23:59:58 "
	    "to Jan  1 00:00:04\n"
	    "\n"
	    "SPF results (of the deciding identity; debug_level = 2 logs "
	    "both):\n"
	    "  identity  result     count\n"
	    "  helo      Permerror      1\n"
	    "  mailfrom  Fail           2\n"
	    "  mailfrom  None           1\n"
	    "  mailfrom  Temperror      1\n"
	    "\n"
	    "Answers:\n"
	    "  action        identity  result     count\n"
	    "  prepend       mailfrom  None           1\n"
	    "  reject        helo      Permerror      1\n"
	    "  would reject  mailfrom  Fail           2\n"
	    "  would defer   mailfrom  Temperror      1\n"
	    "\n"
	    "Refused when enforcing: 4 of 5 answers (reject 1, defer 0, would "
	    "reject 2, would defer 1)\n"
	    "\n"
	    "Sender domains refused most (MAIL FROM domain or HELO name):\n"
	    "  count  domain             first            last\n"
	    "      2  fail.example       Dec 31 23:59:59  Jan  1 00:00:01\n"
	    "      1  helo-perm.example  Jan  1 00:00:03  Jan  1 00:00:03\n"
	    "      1  temp.example       Jan  1 00:00:02  Jan  1 00:00:02\n"
	    "\n"
	    "Client networks refused most:\n"
	    "  count  network          first            last\n"
	    "      2  192.0.2.0/24     Dec 31 23:59:59  Jan  1 00:00:01\n"
	    "      1  198.51.100.0/24  Jan  1 00:00:02  Jan  1 00:00:02\n"
	    "      1  203.0.113.0/24   Jan  1 00:00:03  Jan  1 00:00:03\n");
	free(got);
}
END_TEST

START_TEST(test_report_summary_empty)
{
	static const char *const lines[] = { "hello", "" };
	char	*got;

	got = report_text(lines, NITEMS(lines));
	ck_assert_str_eq(got,
	    "policyd-spf --report: 2 lines read, 0 used\n"
	    "\n"
	    "SPF results (of the deciding identity; debug_level = 2 logs "
	    "both):\n"
	    "  identity  result     count\n"
	    "\n"
	    "Answers:\n"
	    "  action        identity  result     count\n"
	    "\n"
	    "Refused when enforcing: 0 of 0 answers (reject 0, defer 0, would "
	    "reject 0, would defer 0)\n"
	    "\n"
	    "Sender domains refused most (MAIL FROM domain or HELO name): "
	    "none\n"
	    "\n"
	    "Client networks refused most: none\n");
	free(got);
}
END_TEST

START_TEST(test_report_summary_top)
{
	struct report		*r;
	struct report_line	 l;
	char			 line[512], *got, *p;
	int			 i, rows = 0;

	/* Fifteen domains: only the top ten are listed, ties by name. */
	r = report_new();
	for (i = 0; i < 15; i++) {
		snprintf(line, sizeof(line), "Nov 23 00:00:%02d "
		    "policyd-spf[1]: : 550 5.7.23 x. " URL "mfrom;"
		    "id=a@d%02d.example;ip=192.0.%d.1;r=r", i, i, i);
		ck_assert_int_eq(report_parse_line(line, &l), REPORT_ACTION);
		report_add(r, &l);
	}
	got = report_summary(r);
	p = strstr(got, "Sender domains");
	ck_assert_ptr_nonnull(p);
	for (; (p = strstr(p, ".example  ")) != NULL; p++)
		rows++;
	ck_assert_int_eq(rows, 10);
	ck_assert_ptr_nonnull(strstr(got, "      1  d09.example  "));
	ck_assert_ptr_null(strstr(got, "d10.example"));
	/* A second call gives the same text. */
	p = report_summary(r);
	ck_assert_str_eq(p, got);
	free(p);
	free(got);
	report_free(r);
}
END_TEST

static Suite *
report_suite(void)
{
	Suite	*s = suite_create("report");
	TCase	*tc;

	tc = tcase_create("Parse");
	tcase_add_loop_test(tc, test_report_parse, 0, NITEMS(parse_rows));
	tcase_add_test(tc, test_report_parse_long);
	suite_add_tcase(s, tc);

	tc = tcase_create("Summary");
	tcase_add_test(tc, test_report_summary_test_only);
	tcase_add_test(tc, test_report_summary_warn_if_reject);
	tcase_add_test(tc, test_report_summary_empty);
	tcase_add_test(tc, test_report_summary_top);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	SRunner	*sr;
	int	 failed;

	sr = srunner_create(report_suite());
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return (failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE);
}
