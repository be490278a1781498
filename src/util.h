/*
 * NAME
 *	util 3h - small string helpers shared by the pure modules
 * SYNOPSIS
 *	#include "util.h"
 *
 *	struct strlist { char **v; size_t n; };
 *	void	 strlist_add(struct strlist *l, const char *s);
 *	void	 strlist_free(struct strlist *l);
 *	int	 strlist_split(struct strlist *l, const char *csv);
 *	size_t	 strlcpy_safe(char *dst, const char *src, size_t size);
 *	void	 str_lower(char *s);
 *	size_t	 str_printable(char *dst, size_t size, const char *src, size_t max);
 *	int	 domain_is_multilabel(const char *s);
 * DESCRIPTION
 *	strlist_add() appends a copy of s.  strlist_free() frees every
 *	string and the vector and leaves an empty list.
 *	strlist_split() appends each comma- or space-separated, trimmed,
 *	non-empty item of csv; it returns the number of items added.
 *
 *	strlcpy_safe() is strlcpy(3): it copies at most size - 1 bytes,
 *	always terminates (size > 0), and returns strlen(src).
 *
 *	str_lower() lowercases ASCII letters in place.
 *
 *	str_printable() copies at most max bytes of src into dst (size
 *	bytes, always terminated) replacing every byte that is not
 *	printable ASCII (0x20-0x7e) with '?'.  It is what makes text from
 *	DNS or from the peer safe to put in a log line, a header or an SMTP
 *	reply: no CR, LF, NUL or other control characters survive.
 *	It returns the length written.
 *
 *	domain_is_multilabel() is true when s is a syntactically valid
 *	domain name with at least two labels (RFC 7208 section 4.3: labels of
 *	1 to 63 bytes, letters, digits, hyphen and underscore, total at most
 *	253 bytes, one trailing dot allowed) and is not an address literal.
 * THREADS
 *	Any thread.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#ifndef UTIL_H
#define UTIL_H

#include <stddef.h>

struct strlist {
	char	**v;
	size_t	  n;
};

void	 strlist_add(struct strlist *, const char *);
void	 strlist_free(struct strlist *);
int	 strlist_split(struct strlist *, const char *);
size_t	 strlcpy_safe(char *, const char *, size_t);
void	 str_lower(char *);
size_t	 str_printable(char *, size_t, const char *, size_t);
int	 domain_is_multilabel(const char *);

#endif
