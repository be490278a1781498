/*
 * NAME
 *	decide 3h - the answer to Postfix, from the SPF results and the config
 * SYNOPSIS
 *	#include "decide.h"
 *
 *	int	 decide_helo(const struct config *cfg,
 *		    const struct decide_request *req,
 *		    const struct spf_outcome *helo, struct decision *out);
 *	void	 decide_mailfrom(const struct config *cfg,
 *		    const struct decide_request *req,
 *		    const struct spf_outcome *helo,
 *		    const struct spf_outcome *mfrom, struct decision *out);
 *	void	 decide_skip(const struct config *cfg,
 *		    const struct decide_request *req, const char *why,
 *		    struct decision *out);
 *	void	 decide_receiver(const struct config *cfg,
 *		    const char *recipient, char *buf, size_t size);
 * DESCRIPTION
 *	Pure functions (no I/O, no logging, no globals): everything they
 *	need is in cfg, req and the outcomes.  The caller (policy.c) runs
 *	the checks in pypolicyd-spf's order and asks here what to answer:
 *
 *	1. decide_skip() for a client that is not checked (skip_addresses,
 *	   Whitelist, the DNS whitelists): "prepend X-Comment: <why> -
 *	   <key-value list>" (Header_Type = AR: "prepend
 *	   Authentication-Results: <authserv-id>; none (<why> - <kv>)";
 *	   Header_Type = None: "DUNNO").
 *	2. decide_helo() with the HELO outcome, when cfg->helo_table.check.
 *	   It returns 1 and fills out when the answer is final: a reject or
 *	   defer of the HELO identity, the HELO pass restriction, or a null
 *	   sender (req->sender is ""), which is judged on HELO alone.  It
 *	   returns 0 when MAIL FROM must be checked (also for a HELO
 *	   reject, defer or warn held back by test_only with
 *	   test_only_answer = prepend for a non-null sender: the header
 *	   must then be MAIL FROM's; decide_mailfrom() reports the HELO
 *	   answer in out->would).  A HELO warn is final like a reject, and
 *	   so is a HELO reject or defer under test_only with
 *	   test_only_answer = warn (its "WARN would ..." answer).
 *	3. decide_mailfrom() with both outcomes for a non-null sender
 *	   (helo is NULL when HELO was not checked, mfrom is NULL when
 *	   MAIL FROM is not checked; both NULL gives DUNNO); also with
 *	   mfrom NULL for a null sender whose HELO was not checked (DUNNO).
 *	   It judges HELO again itself, so calling it without
 *	   decide_helo() gives the same answer.
 *
 *	Action tables.  Each identity's result maps to an action through
 *	cfg->helo_table / helo_null_table / mailfrom_table (derived from
 *	HELO_reject, Mail_From_reject, PermError_reject, TempError_Defer,
 *	then overridden result by result by helo_actions and
 *	mail_from_actions, in config.c: decide.c reads the tables only, so
 *	imported and native configurations take the same path).  When the
 *	identity's domain (sender domain for MAIL FROM,
 *	HELO name for HELO) equals or is a subdomain of an entry of
 *	Reject_Not_Pass_Domains, cfg->notpass_table is used instead and the
 *	{spf} text of a reject (or defer) becomes "Receiver policy for SPF
 *	<Result>"; headers keep the explanation.
 *	No_Mail: a reject of a Fail whose outcome has no_mail_record == 0
 *	becomes a prepend (whatever table entry gave the reject).  For HELO
 *	with a non-null sender ACT_PREPEND and ACT_ACCEPT both mean "go on
 *	to MAIL FROM"; they differ where HELO decides alone (the null
 *	sender, or MAIL FROM not checked): the HELO header, or DUNNO.
 *
 *	Answers (the text after "action=", in out->action):
 *	  ACT_REJECT  "550 5.7.24 <reason>" for Permerror and Temperror
 *	              (RFC 7372 "SPF validation error"), "550 5.7.23
 *	              <reason>" for Fail and every other result (a
 *	              validation failure: Softfail, Neutral, as
 *	              pypolicyd-spf); "550 <reason>" without
 *	              SPF_Enhanced_Status_Codes.
 *	  ACT_DEFER   "defer_if_permit 4.7.24 <reason>" ("defer_if_permit
 *	              <reason>" without enhanced codes).
 *	  ACT_WARN    "WARN SPF <Result> (<helo|mailfrom>): <reason>":
 *	              Postfix logs the text after "WARN " with the client,
 *	              sender, recipient and HELO name, and lets the
 *	              message go on; its line names neither the identity
 *	              nor the result, so the text does.
 *	  ACT_PREPEND "prepend <header>", the header of the deciding
 *	              identity: MAIL FROM for a non-null sender (also when
 *	              its result is None: unlike pypolicyd-spf, a HELO
 *	              header is never prepended for a non-null sender, see
 *	              CVE-2019-20790), HELO for a null sender, or HELO when
 *	              MAIL FROM is not checked.
 *	  ACT_ACCEPT  "DUNNO".
 *	<reason> is Reason_Message with {rejectdefer} = "rejected",
 *	"deferred" or "flagged" (WARN), {spf} = the outcome's explanation
 *	(or the receiver-policy text), {url} =
 *	"http://www.openspf.net/Why?s=<mfrom|helo>;id=<sender or HELO
 *	name>;ip=<client-ip>;r=<receiver>".  Unknown {names} are kept as
 *	they are.  The whole answer is at most DECIDE_ACTION_MAX - 1 bytes
 *	of printable ASCII; a longer reason is cut.
 *
 *	Pass restrictions: a Pass of HELO with HELO_pass_restriction set
 *	answers that restriction class (final, even before MAIL FROM); a
 *	Pass of MAIL FROM with Mail_From_pass_restriction set likewise,
 *	when the table says prepend or accept for Pass (a reject, defer or
 *	warn of Pass wins over the restriction).
 *	Header_Type = None: a prepend becomes "DUNNO" and out->header keeps
 *	the header that was not prepended.  Prospective: a prepend becomes
 *	"DUNNO"; rejects and defers stay.
 *
 *	test_only: a reject or defer is held back: out->would holds the
 *	enforcing answer, and the answer is, with test_only_answer =
 *	prepend, what ACT_PREPEND would have answered for that identity
 *	(the MAIL FROM header for a non-null sender whose HELO was held
 *	back), or with test_only_answer = warn "WARN would reject:
 *	<enforcing answer>" or "WARN would defer: <enforcing answer>"
 *	(kind DECISION_WARN).  A warn is held back like a reject with
 *	prepend ("WARN ..." in out->would, the header answered) and
 *	answered as it is with warn (out->would empty: nothing was held
 *	back).  Pass restrictions are answered under test_only too.
 *
 *	Headers (RFC 7208 section 9.1, RFC 8601), no trailing space, every
 *	value a dot-atom or a quoted-string:
 *	  Received-SPF: <Result> (<comment>) identity=<mailfrom|helo>;
 *	      client-ip=<ip>; helo=<helo>; envelope-from=<sender>;
 *	      receiver=<receiver>
 *	  (one line; <comment> is "mailfrom" for MAIL FROM, the explanation
 *	  for HELO; envelope-from is "<>" for a null sender)
 *	  Authentication-Results: <authserv-id>; spf=<result> (<explanation>)
 *	      smtp.<mailfrom|helo>=<sender domain|helo> (client-ip=<ip>;
 *	      helo=<helo>; envelope-from=<sender>; receiver=<receiver>)
 *
 *	decide_receiver() writes what headers and URLs call the receiver:
 *	"<UNKNOWN>" with Hide_Receiver; else the recipient's domain, the
 *	whole recipient when it has no "@", or "none" when it is empty.
 * THREADS
 *	Any thread.
 * SEE ALSO
 *	policy.h, header.h, RFC 7208 sections 8 and 9, RFC 7372, RFC 8601
 * SPDX-License-Identifier: BSD-2-Clause
 */
#ifndef DECIDE_H
#define DECIDE_H

#include <stddef.h>

#include "config.h"
#include "result.h"

#define DECIDE_ACTION_MAX	2048

/*
 * The request as the decision sees it, normalised by the caller:
 * domains lowercased, the local part of the sender as received.
 */
struct decide_request {
	const char	*client_ip;	/* the address checked, text form */
	const char	*helo;		/* the HELO identity checked */
	const char	*sender;	/* "" for the null sender */
	const char	*sender_domain;	/* "" for the null sender */
	const char	*receiver;	/* from decide_receiver() */
	const char	*authserv_id;	/* resolved: never "HOSTNAME" */
};

enum decision_kind {
	DECISION_DUNNO = 0,
	DECISION_PREPEND,
	DECISION_WARN,
	DECISION_DEFER,
	DECISION_REJECT,
	DECISION_RESTRICTION
};

struct decision {
	enum decision_kind	 kind;		/* what out->action is */
	char			 action[DECIDE_ACTION_MAX];
	char			 would[DECIDE_ACTION_MAX]; /* test_only */
	char			 header[DECIDE_ACTION_MAX]; /* not prepended */
	const char		*identity;	/* "helo", "mailfrom", NULL */
	enum spf_result		 result;	/* of that identity */
};

int	 decide_helo(const struct config *, const struct decide_request *,
	    const struct spf_outcome *, struct decision *);
void	 decide_mailfrom(const struct config *, const struct decide_request *,
	    const struct spf_outcome *, const struct spf_outcome *,
	    struct decision *);
void	 decide_skip(const struct config *, const struct decide_request *,
	    const char *, struct decision *);
void	 decide_receiver(const struct config *, const char *, char *, size_t);

#endif
