/*
 * NAME
 *	spawn 3h - serve one Postfix connection on a pair of descriptors
 * SYNOPSIS
 *	#include "spawn.h"
 *
 *	int	 spawn_serve(const struct policy *p, int in, int out);
 * DESCRIPTION
 *	spawn_serve() is the whole of spawn(8) mode: Postfix connects the
 *	policy socket to stdin, stdout and stderr and runs one process per
 *	smtpd connection.  It reads requests from in, answers each on out
 *	("action=...", empty line) and returns when the peer closes the
 *	connection (0) or breaks the protocol (-1, after logging a warning
 *	naming the problem; no answer is sent, as SMTPD_POLICY_README asks,
 *	and Postfix retries).  It never writes to stderr.
 * LIMITS
 *	At most PROTO_LINE_MAX bytes are buffered without a newline; the
 *	other limits are proto.h's.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#ifndef SPAWN_H
#define SPAWN_H

#include "policy.h"

int	 spawn_serve(const struct policy *, int, int);

#endif
