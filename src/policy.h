/*
 * NAME
 *	policy 3h - answer one policy request
 * SYNOPSIS
 *	#include "policy.h"
 *
 *	void	 policy_init(struct policy *p, const struct config *cfg,
 *		    struct spfcheck *sc);
 *	void	 policy_answer(const struct policy *p, struct instcache *ic,
 *		    const struct proto_request *req, char *action, size_t size);
 *	void	 policy_temperror_answer(const struct policy *p,
 *		    const struct proto_request *req, const char *why,
 *		    char *action, size_t size);
 * DESCRIPTION
 *	policy_init() fills the shared state of every request: the
 *	configuration, the SPF checker and the resolved authserv-id.
 *
 *	policy_answer() takes one complete request and writes the text that
 *	follows "action=" in the answer.  It runs pypolicyd-spf's steps in
 *	its order: the request type and client address are checked (a
 *	request that is not "smtpd_access_policy" or whose client_address is
 *	missing or not an IP address is answered DUNNO and logged); a later
 *	recipient of a known message (ic, keyed by instance) gets the first
 *	recipient's answer; a SASL-authenticated client is not checked when
 *	skip_sasl_authenticated is set (DUNNO); skip_addresses, Whitelist,
 *	Domain_Whitelist, HELO_Whitelist and Domain_Whitelist_PTR skip the
 *	check with a comment header; then HELO and MAIL FROM are evaluated
 *	(spfcheck.h) and decide.h chooses the answer.  The answer is logged
 *	at level 1 as "<queue_id>: <answer>" (pypolicyd-spf's format, an
 *	empty queue id giving a leading ": "); a reject or defer that test
 *	mode held back is logged as "<queue_id>: would reject: <answer>" or
 *	"would defer".
 *
 *	policy_temperror_answer() is the answer when no evaluation can be
 *	had in time (the daemon's request_timeout or a full worker queue):
 *	what a MAIL FROM Temperror "SPF Temporary Error: <why>" gets under
 *	the configuration (defer with temperror_defer, else the header),
 *	logged like any answer.  It does not touch any instance cache.
 *
 *	Request values are normalised first: HELO name and domains are
 *	lowercased, the local part of the sender is kept as sent, an
 *	IPv4-mapped client address is checked as IPv4, and an empty HELO
 *	with a sender uses the sender's domain as the HELO identity.
 * THREADS
 *	Any thread; p is read-only, ic belongs to the caller's connection.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#ifndef POLICY_H
#define POLICY_H

#include <stddef.h>

#include "config.h"
#include "instcache.h"
#include "proto.h"
#include "spfcheck.h"

#define POLICY_AUTHSERV_MAX	256

struct policy {
	const struct config	*cfg;
	struct spfcheck		*sc;
	char			 authserv_id[POLICY_AUTHSERV_MAX];
};

void	 policy_init(struct policy *, const struct config *,
	    struct spfcheck *);
void	 policy_answer(const struct policy *, struct instcache *,
	    const struct proto_request *, char *, size_t);
void	 policy_temperror_answer(const struct policy *,
	    const struct proto_request *, const char *, char *, size_t);

#endif
