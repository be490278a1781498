/*
 * NAME
 *	report 3h - what the logs say a rollout would refuse
 * SYNOPSIS
 *	#include "report.h"
 *
 *	int	 report_main(int argc, char **argv);
 *
 *	enum report_kind report_parse_line(const char *line,
 *		    struct report_line *out);
 *	struct report *report_new(void);
 *	void	 report_add(struct report *r, const struct report_line *l);
 *	char	*report_summary(struct report *r);
 *	void	 report_free(struct report *r);
 *	const char *report_action_name(enum report_action a);
 * DESCRIPTION
 *	report_main() is "policyd-spf --report [FILE...]": it reads the
 *	files in order ("-" or none: standard input), feeds every line to
 *	report_parse_line() and report_add(), and prints report_summary()
 *	on stdout.  It returns 0, 1 when no line was recognised (with a
 *	message on stderr), 2 when a file cannot be read.
 *
 *	report_parse_line() is pure.  A line is an optional "<PRI>", then
 *	a time stamp: RFC 3164 ("Nov 23 00:26:01", the day space- or
 *	zero-padded, optional fraction: syslog, log_target files,
 *	Postfix's maillog_file), ISO 8601 / RFC 3339
 *	("2025-11-23T00:26:01.5+01:00", "Z", "+0100" or no zone: rsyslog,
 *	journalctl -o short-iso) or RFC 5424 ("<22>1 2025-11-23T00:26:01Z
 *	host app procid msgid [sd] msg"), then an optional host name, then
 *	the tag "program[pid]:" (or "program:").  It returns, and sets
 *	out->kind to:
 *	  REPORT_RESULT  policyd-spf's debug_level 2 line
 *	      "<Result>; identity=<helo|mailfrom>; client-ip=<ip>;
 *	      helo=<helo>; envelope-from=<sender>; receiver=<r>[; <text>]"
 *	      (pypolicyd-spf's too);
 *	  REPORT_ACTION  policyd-spf's answer "<queue_id>: <action>" (the
 *	      queue id is empty at RCPT time: ": prepend ..."): prepend of a
 *	      Received-SPF, Authentication-Results or X-Comment header, a
 *	      reject ("550 5.7.23 ..."), a defer ("defer_if_permit
 *	      4.7.24 ..."), "WARN ...", "DUNNO", the SASL skip line, a
 *	      restriction class name;
 *	  REPORT_WOULD   test_only's "<queue_id>: would reject: <answer>"
 *	      (would defer, would warn);
 *	  REPORT_NOT_PREPENDED  "<queue_id>: Header field not prepended:
 *	      <header>" (Header_Type = None);
 *	  REPORT_POSTFIX  smtpd's "reject:" or "reject_warning:" of an
 *	      answer of this policy server ("NOQUEUE: reject_warning: RCPT
 *	      from host[ip]: 550 5.7.23 <rcpt>: Recipient address rejected:
 *	      <text>; from=<s> to=<r> proto=ESMTP helo=<h>"), recognised by
 *	      an enhanced status code X.7.23 or X.7.24 or an openspf.net Why?
 *	      link in the text;
 *	  REPORT_NONE    anything else (other programs, policyd-spf's other
 *	      lines).
 *	It fills out->action (REPORT_ACT_*), out->identity (REPORT_ID_*),
 *	out->result (an enum spf_result, or -1 when the line does not say),
 *	out->ip, out->domain (the MAIL FROM domain for identity mailfrom,
 *	the HELO name for helo, from the header, the level 2 line or the
 *	Why? link's id=; else the from=<> of a Postfix line), out->text (the
 *	reply text after the SMTP and enhanced codes, for matching
 *	policyd-spf's answer with the line Postfix logged for it), the time
 *	stamp as written (out->stamp) and as a number (out->when, and
 *	out->when_kind: REPORT_TIME_NONE, REPORT_TIME_NOYEAR for RFC 3164,
 *	REPORT_TIME_UTC).  The result of a reply is read from its text:
 *	"Receiver policy for SPF <Result>", "SPF Permanent Error" and
 *	"SPF Temporary Error" say it; otherwise a defer is Temperror, a
 *	X.7.24 reject Permerror and any other reject Fail.
 *
 *	report_add() counts one parsed line.  A REPORT_WOULD or
 *	REPORT_NOT_PREPENDED line and the REPORT_ACTION line that follows it
 *	from the same process are one answer: the would-be action (or the
 *	header that was not prepended) is the one counted.  A Postfix line
 *	and the policyd-spf reject or defer with the same text and client
 *	address (logged at most REPORT_PAIR_WINDOW seconds before it) are
 *	one answer too, counted as Postfix logged it: reject_warning is
 *	"would reject" (or "would defer" for a 4xx code).  Lines without a
 *	process id pair as if they came from one process.  RFC 3164 stamps
 *	have no year: a stamp more than half a year before the previous one
 *	starts a new year.
 *
 *	report_summary() returns the summary (allocated; the caller frees
 *	it): the lines read and used and the period; SPF results per
 *	identity (from the debug_level 2 lines when there are any, else
 *	from the answers); answers per action, identity and result; how
 *	many answers enforcing would refuse; then the REPORT_TOP sender
 *	domains and client networks (/24 for IPv4, /64 for IPv6) refused
 *	most (reject, defer, would reject, would defer), each with its
 *	count and the first and last time stamps as written.  Ties sort by
 *	name.  The format is policyd-spf(8)'s.  The first call ends the
 *	counting: later report_add() calls count lines read, nothing else,
 *	and later calls give the same text.
 * LIMITS/SECURITY
 *	Log lines hold text from SMTP clients and DNS: every field is
 *	bounded (longer values are cut) and only printable ASCII is
 *	copied.  report_main() skips lines longer than REPORT_LINE_MAX.
 * DIAGNOSTICS
 *	report_parse_line(), report_add() and report_summary() do no I/O.
 * THREADS
 *	Any thread; a struct report belongs to one.
 * SEE ALSO
 *	policy.c (the lines policyd-spf logs), decide.h (the answers),
 *	RFC 3164, RFC 5424, RFC 3339
 * SPDX-License-Identifier: BSD-2-Clause
 */
#ifndef REPORT_H
#define REPORT_H

#include "cidr.h"

#define REPORT_LINE_MAX		16384
#define REPORT_TOP		10
#define REPORT_PAIR_WINDOW	600	/* seconds */
#define REPORT_STAMP_MAX	48
#define REPORT_TEXT_MAX		1024
#define REPORT_DOMAIN_MAX	256

enum report_kind {
	REPORT_NONE = 0,
	REPORT_RESULT,
	REPORT_ACTION,
	REPORT_WOULD,
	REPORT_NOT_PREPENDED,
	REPORT_POSTFIX
};

enum report_action {
	REPORT_ACT_NONE = 0,
	REPORT_ACT_PREPEND,
	REPORT_ACT_REJECT,
	REPORT_ACT_DEFER,
	REPORT_ACT_WARN,
	REPORT_ACT_WOULD_REJECT,
	REPORT_ACT_WOULD_DEFER,
	REPORT_ACT_WOULD_WARN,
	REPORT_ACT_DUNNO,
	REPORT_ACT_SKIP,	/* not checked: X-Comment, SASL */
	REPORT_ACT_OTHER	/* a restriction class, anything else */
};
#define REPORT_ACT_COUNT	11

enum report_identity {
	REPORT_ID_NONE = 0,
	REPORT_ID_HELO,
	REPORT_ID_MAILFROM
};
#define REPORT_ID_COUNT		3

enum report_time {
	REPORT_TIME_NONE = 0,
	REPORT_TIME_NOYEAR,	/* RFC 3164: seconds since Jan 1 */
	REPORT_TIME_UTC		/* seconds since the epoch */
};

struct report_line {
	enum report_kind	 kind;
	enum report_action	 action;
	enum report_identity	 identity;
	int			 result;	/* enum spf_result or -1 */
	long			 pid;		/* -1 when none */
	int			 postfix;	/* from Postfix's smtpd */
	char			 stamp[REPORT_STAMP_MAX];
	enum report_time	 when_kind;
	long long		 when;
	char			 queue_id[64];
	char			 ip[IPADDR_TEXT_MAX];
	char			 domain[REPORT_DOMAIN_MAX];
	char			 text[REPORT_TEXT_MAX];
};

struct report;

int		 report_main(int, char **);
enum report_kind report_parse_line(const char *, struct report_line *);
struct report	*report_new(void);
void		 report_add(struct report *, const struct report_line *);
char		*report_summary(struct report *);
void		 report_free(struct report *);
const char	*report_action_name(enum report_action);

#endif
