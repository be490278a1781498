/*
 * NAME
 *	instcache 3 - one decision per message (Postfix instance)
 * DESCRIPTION
 *	See instcache.h.  A ring of the last capacity messages; lookups scan
 *	it, which is cheaper than hashing for the few entries one connection
 *	needs.  Pure: no I/O, no logging.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <stdlib.h>
#include <string.h>

#include "instcache.h"
#include "util.h"
#include "xmalloc.h"

struct instcache_entry {
	char	*instance;	/* NULL when the slot is free */
	char	*action;
	int	 prepended;
};

struct instcache {
	struct instcache_entry	*slot;
	size_t			 capacity;
	size_t			 next;		/* slot to fill next */
};

/* instcache_new - make a cache of capacity messages */
struct instcache *
instcache_new(size_t capacity)
{
	struct instcache	*ic;

	if (capacity == 0)
		capacity = 1;
	ic = xcalloc(1, sizeof(*ic));
	ic->slot = xcalloc(capacity, sizeof(*ic->slot));
	ic->capacity = capacity;
	return (ic);
}

/* instcache_clear - release one slot */
static void
instcache_clear(struct instcache_entry *e)
{
	free(e->instance);
	free(e->action);
	e->instance = NULL;
	e->action = NULL;
	e->prepended = 0;
}

/* instcache_free - release the cache; NULL is fine */
void
instcache_free(struct instcache *ic)
{
	size_t	i;

	if (ic == NULL)
		return;
	for (i = 0; i < ic->capacity; i++)
		instcache_clear(&ic->slot[i]);
	free(ic->slot);
	free(ic);
}

/* instcache_find - the slot of instance, or NULL */
static struct instcache_entry *
instcache_find(struct instcache *ic, const char *instance)
{
	size_t	i;

	for (i = 0; i < ic->capacity; i++)
		if (ic->slot[i].instance != NULL &&
		    strcmp(ic->slot[i].instance, instance) == 0)
			return (&ic->slot[i]);
	return (NULL);
}

/* instcache_replay - the answer for a later recipient of a known message */
int
instcache_replay(struct instcache *ic, const char *instance, char *buf,
    size_t size)
{
	struct instcache_entry	*e;

	if (instance == NULL || *instance == '\0')
		return (0);
	if ((e = instcache_find(ic, instance)) == NULL)
		return (0);
	strlcpy_safe(buf, e->prepended ? "DUNNO" : e->action, size);
	return (1);
}

/* instcache_store - remember the answer given for a message */
void
instcache_store(struct instcache *ic, const char *instance, int prepended,
    const char *action)
{
	struct instcache_entry	*e;

	if (instance == NULL || *instance == '\0')
		return;
	if ((e = instcache_find(ic, instance)) == NULL) {
		e = &ic->slot[ic->next];
		ic->next = (ic->next + 1) % ic->capacity;
		instcache_clear(e);
		e->instance = xstrdup(instance);
	}
	free(e->action);
	e->action = xstrdup(action);
	e->prepended = prepended;
}
