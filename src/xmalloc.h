/*
 * NAME
 *	xmalloc 3h - memory allocation that never returns NULL
 * SYNOPSIS
 *	#include "xmalloc.h"
 *
 *	void	*xmalloc(size_t size);
 *	void	*xcalloc(size_t nmemb, size_t size);
 *	void	*xreallocarray(void *ptr, size_t nmemb, size_t size);
 *	char	*xstrdup(const char *s);
 *	char	*xstrndup(const char *s, size_t n);
 *	int	 xasprintf(char **ret, const char *fmt, ...);
 * DESCRIPTION
 *	Wrappers around the libc allocators.  Running out of memory is
 *	fatal: the wrappers log and exit (status 75, EX_TEMPFAIL), so
 *	callers never check for NULL.  A zero size is a programming error.
 * THREADS
 *	Any thread.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#ifndef XMALLOC_H
#define XMALLOC_H

#include <stddef.h>

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
int	 xasprintf(char **, const char *, ...)
	    __attribute__((format(printf, 2, 3)));

#endif
