/*
 * NAME
 *	util 3 - small string helpers shared by the pure modules
 * DESCRIPTION
 *	See util.h.  No I/O, no logging.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "xmalloc.h"

/* strlist_add - append a copy of a string */
void
strlist_add(struct strlist *l, const char *s)
{
	l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = xstrdup(s);
}

/* strlist_free - release every item, leave an empty list */
void
strlist_free(struct strlist *l)
{
	size_t	i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* strlist_split - append the comma or space separated items of csv */
int
strlist_split(struct strlist *l, const char *csv)
{
	const char	*p, *end;
	char		*item;
	int		 added = 0;

	for (p = csv; *p != '\0'; p = end) {
		while (*p == ',' || isspace((unsigned char)*p))
			p++;
		if (*p == '\0')
			break;
		end = p;
		while (*end != '\0' && *end != ',' &&
		    !isspace((unsigned char)*end))
			end++;
		item = xstrndup(p, end - p);
		l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
		l->v[l->n++] = item;
		added++;
	}
	return (added);
}

/* strlcpy_safe - bounded copy that always terminates */
size_t
strlcpy_safe(char *dst, const char *src, size_t size)
{
	size_t	len = strlen(src);

	if (size > 0) {
		size_t	n = len < size - 1 ? len : size - 1;

		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return (len);
}

/* str_lower - lowercase ASCII letters in place */
void
str_lower(char *s)
{
	for (; *s != '\0'; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = *s - 'A' + 'a';
}

/* str_printable - copy, replacing anything but printable ASCII with '?' */
size_t
str_printable(char *dst, size_t size, const char *src, size_t max)
{
	size_t	i;

	if (size == 0)
		return (0);
	for (i = 0; i < max && i < size - 1 && src[i] != '\0'; i++) {
		unsigned char	c = (unsigned char)src[i];

		dst[i] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
	}
	dst[i] = '\0';
	return (i);
}

/* domain_is_multilabel - a valid domain name of two or more labels */
int
domain_is_multilabel(const char *s)
{
	size_t	len = strlen(s), label = 0, labels = 0, i;
	int	alldigits = 1;

	if (len > 0 && s[len - 1] == '.')
		len--;
	if (len == 0 || len > 253)
		return (0);
	for (i = 0; i <= len; i++) {
		unsigned char	c = i < len ? (unsigned char)s[i] : '.';

		if (c == '.') {
			if (label == 0 || label > 63)
				return (0);
			labels++;
			if (i == len && alldigits)
				return (0);	/* numeric top label: a literal */
			label = 0;
			alldigits = 1;
			continue;
		}
		if (!isalnum(c) && c != '-' && c != '_')
			return (0);
		if (!isdigit(c))
			alldigits = 0;
		label++;
	}
	return (labels >= 2);
}
