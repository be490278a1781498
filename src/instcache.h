/*
 * NAME
 *	instcache 3h - one decision per message (Postfix instance)
 * SYNOPSIS
 *	#include "instcache.h"
 *
 *	struct instcache *instcache_new(size_t capacity);
 *	void	 instcache_free(struct instcache *ic);
 *	int	 instcache_replay(struct instcache *ic, const char *instance,
 *		    char *buf, size_t size);
 *	void	 instcache_store(struct instcache *ic, const char *instance,
 *		    int prepended, const char *action);
 * DESCRIPTION
 *	Postfix asks once per recipient and names the message with the
 *	instance attribute.  All recipients of one message get the first
 *	recipient's decision; only the first gets the header.
 *
 *	instcache_store() remembers the answer given for instance: with
 *	prepended set (the answer added a header, or the client was
 *	skipped with a comment header) later recipients get "DUNNO";
 *	otherwise they get the same action again (a reject keeps the first
 *	recipient's text).  An empty instance is never stored.
 *
 *	instcache_replay() writes the answer for a later recipient into buf
 *	and returns 1, or returns 0 when instance is unknown or empty.
 *
 *	The cache holds at most capacity messages (at least 1); storing one
 *	more drops the oldest.  Postfix starts a new instance per message,
 *	so a handful is enough for one connection.
 * THREADS
 *	A cache belongs to one connection.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#ifndef INSTCACHE_H
#define INSTCACHE_H

#include <stddef.h>

struct instcache;

struct instcache *instcache_new(size_t);
void		 instcache_free(struct instcache *);
int		 instcache_replay(struct instcache *, const char *, char *,
		    size_t);
void		 instcache_store(struct instcache *, const char *, int,
		    const char *);

#endif
