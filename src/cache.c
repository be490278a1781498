/*
 * NAME
 *	cache 3 - the shared, bounded DNS answer cache
 * DESCRIPTION
 *	See cache.h for the contract and the locking rules.  The shape is
 *	unbound's slabhash over lruhash: a fixed array of slabs, each an
 *	independent hash table with its own mutex, LRU list and budgets,
 *	the slab chosen by the top bits of a keyed 64-bit hash and the
 *	bucket by the low bits.
 *
 *	An entry is one allocation: the header, the key, and the records
 *	packed behind it (the answer's pointers point into the block).
 *	One allocation per entry keeps the byte accounting exact up to the
 *	allocator's chunk rounding, which CACHE_CHUNK() estimates for
 *	glibc, and keeps eviction to one free().  Callers get a fresh deep
 *	copy, because dns_answer_free() frees records one by one.
 *
 *	Entries are reference counted (C11 atomics) so that the copy to
 *	the caller is made with no lock held: the slab lock is held only
 *	for the hash lookup and the LRU move.  Expiry is checked when an
 *	entry is found (a stale entry is dropped then) and when the LRU tail
 *	is reclaimed for space (a stale tail counts as expired, not
 *	evicted); a stale entry nobody asks for again sits in its slab until
 *	it reaches the tail, within the budgets like any other.
 *
 *	Coalescing: a miss leaves a small "flight" record on the slab with
 *	the key; whoever misses on the same key while it is there waits on
 *	the flight's condition variable instead of calling fetch.
 * LIMITS/SECURITY
 *	Names come from DNS data and from SMTP clients.  Keys are hashed
 *	with SipHash-2-4 under a 128-bit key from getrandom(2), so chosen
 *	names cannot force collisions; bucket arrays double when a slab
 *	holds more entries than buckets.  Keys longer than CACHE_NAME_MAX
 *	bypass the cache.  Nothing is logged here.
 * SEE ALSO
 *	cache.h, dns.c, RFC 2308; SipHash: Aumasson and Bernstein,
 *	"SipHash: a fast short-input PRF" (2012)
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <sys/types.h>
#include <sys/random.h>

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cache.h"
#include "dns.h"
#include "log.h"
#include "xmalloc.h"

#define CACHE_BUCKETS_MIN	16
#define CACHE_LINE		64	/* slabs do not share cache lines */
#define CACHE_ALIGN		(sizeof(void *))

/*
 * What glibc's malloc really takes for a request of n bytes on LP64:
 * 8 bytes of header, rounded up to 16, at least 32.  An estimate for
 * other allocators, but it keeps the byte bound honest for small
 * entries, where the overhead is a large share.
 */
#define CACHE_CHUNK(n)	((n) + 8 + 15 < 32 ? (size_t)32 : \
			    ((size_t)(n) + 8 + 15) & ~(size_t)15)

struct cache_entry {
	/* Covered by the slab lock. */
	struct cache_entry	*hnext;		/* hash chain */
	struct cache_entry	*lru_prev;	/* toward the head (MRU) */
	struct cache_entry	*lru_next;	/* toward the tail; once
						   unlinked, the release
						   list */
	/* Atomic: the slab's reference and each reader's. */
	atomic_uint		 refs;
	/* Immutable once linked in: read with no lock. */
	int			 type;
	uint64_t		 hash;
	int64_t			 expire;	/* cache clock, ms */
	size_t			 size;		/* accounted bytes */
	size_t			 namelen;
	struct dns_answer	 answer;	/* points into this block */
	char			 name[];	/* lower case, NUL ended */
};

/* A miss being fetched: the key, and where its waiters sleep. */
struct cache_flight {
	struct cache_flight	*next;		/* slab's list (slab lock) */
	uint64_t		 hash;
	int			 type;
	size_t			 namelen;
	pthread_cond_t		 cond;		/* on the slab's lock */
	int			 refs;		/* leader + waiters */
	int			 done;		/* published */
	struct cache_entry	*entry;		/* the answer; NULL: the
						   leader's was private, try
						   again */
	char			 name[CACHE_NAME_MAX + 1];
};

struct cache_slab {
	pthread_mutex_t		 lock;
	struct cache_entry	**bucket;
	size_t			 nbucket;	/* a power of two */
	struct cache_entry	*lru_head;	/* most recently used */
	struct cache_entry	*lru_tail;
	struct cache_flight	*flights;
	size_t			 entries;
	size_t			 bytes;
	size_t			 max_entries;
	size_t			 max_bytes;
	struct cache_stats	 st;		/* counters only */
} __attribute__((aligned(CACHE_LINE)));

struct cache {
	struct cache_slab	*slab;
	unsigned		 nslab;		/* a power of two */
	unsigned		 slab_shift;	/* 64 - log2(nslab) */
	uint64_t		 key[2];	/* SipHash key */
	atomic_uint		 refs;
	struct cache_limits	 lim;
	int64_t			(*now)(void *);	/* expiry clock, ms */
	void			*now_arg;
};

static int64_t	 cache_clock_default(void *);
static uint32_t	 cache_ttl(const struct cache *, const struct dns_answer *);
static size_t	 cache_entry_need(size_t, const struct dns_answer *,
		    size_t *);
static struct cache_entry *cache_entry_new(const char *, size_t, int,
		    uint64_t, const struct dns_answer *, int64_t);
static void	 cache_entry_unref(struct cache_entry *);
static void	 cache_release(struct cache_entry *);
static void	 cache_answer_copy(struct dns_answer *,
		    const struct cache_entry *, int64_t);
static struct cache_slab *cache_slab_of(const struct cache *, uint64_t);
static struct cache_entry *cache_find(struct cache_slab *, uint64_t,
		    const char *, size_t, int);
static void	 cache_unlink(struct cache_slab *, struct cache_entry *,
		    struct cache_entry **);
static void	 cache_lru_front(struct cache_slab *, struct cache_entry *);
static void	 cache_grow(struct cache_slab *);
static int	 cache_insert(struct cache_slab *, struct cache_entry *,
		    int64_t, struct cache_entry **);
static struct cache_flight *cache_flight_find(struct cache_slab *,
		    uint64_t, const char *, size_t, int);
static struct cache_flight *cache_flight_land(struct cache_slab *,
		    struct cache_flight *, struct cache_entry *);
static void	 cache_flight_free(struct cache_flight *);
static int	 cache_wait(struct cache_flight *, struct cache_slab *,
		    int64_t);

/* SipHash-2-4, written from the paper: 64-bit lanes, little endian. */
#define CACHE_ROTL(x, b)	(((x) << (b)) | ((x) >> (64 - (b))))
#define CACHE_SIPROUND(v0, v1, v2, v3) do {				\
	v0 += v1; v1 = CACHE_ROTL(v1, 13); v1 ^= v0;			\
	v0 = CACHE_ROTL(v0, 32);					\
	v2 += v3; v3 = CACHE_ROTL(v3, 16); v3 ^= v2;			\
	v0 += v3; v3 = CACHE_ROTL(v3, 21); v3 ^= v0;			\
	v2 += v1; v1 = CACHE_ROTL(v1, 17); v1 ^= v2;			\
	v2 = CACHE_ROTL(v2, 32);					\
} while (0)

/* cache_siphash - SipHash-2-4 of len bytes under a 128-bit key */
uint64_t
cache_siphash(const uint64_t *k, const void *data, size_t len)
{
	const uint8_t	*p = data;
	uint64_t	 v0 = k[0] ^ 0x736f6d6570736575ULL;
	uint64_t	 v1 = k[1] ^ 0x646f72616e646f6dULL;
	uint64_t	 v2 = k[0] ^ 0x6c7967656e657261ULL;
	uint64_t	 v3 = k[1] ^ 0x7465646279746573ULL;
	uint64_t	 m;
	size_t		 i, left;

	for (left = len; left >= 8; left -= 8, p += 8) {
		for (m = 0, i = 0; i < 8; i++)
			m |= (uint64_t)p[i] << (8 * i);
		v3 ^= m;
		CACHE_SIPROUND(v0, v1, v2, v3);
		CACHE_SIPROUND(v0, v1, v2, v3);
		v0 ^= m;
	}
	/* The last block: the leftover bytes, the length in the top byte. */
	for (m = (uint64_t)len << 56, i = 0; i < left; i++)
		m |= (uint64_t)p[i] << (8 * i);
	v3 ^= m;
	CACHE_SIPROUND(v0, v1, v2, v3);
	CACHE_SIPROUND(v0, v1, v2, v3);
	v0 ^= m;
	v2 ^= 0xff;
	for (i = 0; i < 4; i++)
		CACHE_SIPROUND(v0, v1, v2, v3);
	return (v0 ^ v1 ^ v2 ^ v3);
}

/* cache_clock_ms - CLOCK_MONOTONIC in milliseconds */
int64_t
cache_clock_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

/* cache_clock_default - the expiry clock unless a test replaces it */
static int64_t
cache_clock_default(void *arg)
{
	(void)arg;
	return (cache_clock_ms());
}

/* cache_new - make a cache, or NULL when a bound is 0 (no cache) */
struct cache *
cache_new(const struct cache_limits *lim)
{
	struct cache	*c;
	unsigned	 i, bits;
	void		*p;

	if (lim->max_bytes == 0 || lim->max_entries == 0)
		return (NULL);
	c = xcalloc(1, sizeof(*c));
	c->lim = *lim;
	c->nslab = lim->slabs == 0 ? CACHE_SLABS_DEFAULT : lim->slabs;
	if (c->nslab > CACHE_SLABS_MAX || (c->nslab & (c->nslab - 1)) != 0)
		fatalx("%s: %u slabs: not a power of two up to %d", __func__,
		    c->nslab, CACHE_SLABS_MAX);
	c->lim.slabs = c->nslab;
	for (bits = 0; (1U << bits) < c->nslab; bits++)
		;
	c->slab_shift = 64 - bits;	/* 64: one slab, see cache_slab_of */
	atomic_init(&c->refs, 1);
	c->now = cache_clock_default;
	/*
	 * Without a secret key anyone could pick names that share a slab
	 * and a bucket; a weak fallback key is still better than none.
	 */
	if (getrandom(c->key, sizeof(c->key), 0) != sizeof(c->key)) {
		c->key[0] = (uint64_t)cache_clock_ms() ^ (uintptr_t)c;
		c->key[1] = (uint64_t)time(NULL) ^ (uintptr_t)&bits;
	}

	if (posix_memalign(&p, CACHE_LINE, c->nslab * sizeof(*c->slab)) != 0)
		fatalx("%s: %u slabs: out of memory", __func__, c->nslab);
	c->slab = p;
	memset(c->slab, 0, c->nslab * sizeof(*c->slab));
	for (i = 0; i < c->nslab; i++) {
		struct cache_slab	*s = &c->slab[i];

		if (pthread_mutex_init(&s->lock, NULL) != 0)
			fatalx("%s: pthread_mutex_init failed", __func__);
		s->nbucket = CACHE_BUCKETS_MIN;
		s->bucket = xcalloc(s->nbucket, sizeof(*s->bucket));
		/* Split the budgets so that the slabs' sum is exact. */
		s->max_entries = lim->max_entries / c->nslab +
		    (i < lim->max_entries % c->nslab);
		s->max_bytes = lim->max_bytes / c->nslab +
		    (i < lim->max_bytes % c->nslab);
	}
	return (c);
}

/* cache_ref - one more reference */
struct cache *
cache_ref(struct cache *c)
{
	if (c != NULL)
		atomic_fetch_add(&c->refs, 1);
	return (c);
}

/* cache_free - drop a reference; the last frees everything */
void
cache_free(struct cache *c)
{
	struct cache_flight	*f;
	unsigned		 i;

	if (c == NULL || atomic_fetch_sub(&c->refs, 1) != 1)
		return;
	cache_flush(c);
	for (i = 0; i < c->nslab; i++) {
		/* No query may be in flight; free what a bug left anyway. */
		while ((f = c->slab[i].flights) != NULL) {
			c->slab[i].flights = f->next;
			cache_flight_free(f);
		}
		free(c->slab[i].bucket);
		pthread_mutex_destroy(&c->slab[i].lock);
	}
	free(c->slab);
	free(c);
}

/* cache_set_clock - tests: the clock entry expiry is measured by */
void
cache_set_clock(struct cache *c, int64_t (*now)(void *), void *arg)
{
	if (c == NULL)
		return;
	c->now = now != NULL ? now : cache_clock_default;
	c->now_arg = arg;
}

/*
 * cache_ttl - how long an answer may be kept, seconds (0: not at all).
 * The minimum is applied before the caps, so a cap always wins.
 */
static uint32_t
cache_ttl(const struct cache *c, const struct dns_answer *a)
{
	uint32_t	ttl = a->ttl;

	switch (a->status) {
	case DNS_OK:
		if (ttl < c->lim.min_ttl)
			ttl = c->lim.min_ttl;
		break;
	case DNS_NXDOMAIN:
	case DNS_NODATA:
		/*
		 * dns.c gives an answer without an SOA TTL 0, which RFC
		 * 2308 section 5 says not to cache: only min_ttl does.
		 */
		if (ttl < c->lim.min_ttl)
			ttl = c->lim.min_ttl;
		if (ttl > c->lim.negative_max_ttl)
			ttl = c->lim.negative_max_ttl;
		break;
	default:
		/*
		 * RFC 2308 sections 7.1 and 7.2 allow caching a server
		 * failure or a dead server for at most 5 minutes (the
		 * option's bound); short by default, so that one bad
		 * moment of a domain's servers does not become minutes of
		 * Temperror.
		 */
		return (c->lim.error_ttl);
	}
	return (ttl > c->lim.max_ttl ? c->lim.max_ttl : ttl);
}

/*
 * cache_entry_need - the bytes one block takes for a key of namelen
 * bytes and answer a: header, key, then (aligned) the record array and
 * the strings; *recoff gets the offset of the array.
 */
static size_t
cache_entry_need(size_t namelen, const struct dns_answer *a, size_t *recoff)
{
	size_t	need, i;

	need = offsetof(struct cache_entry, name) + namelen + 1;
	need = (need + CACHE_ALIGN - 1) & ~(CACHE_ALIGN - 1);
	*recoff = need;
	if (a->n == 0)
		return (need);
	if (a->addr != NULL)
		need += a->n * sizeof(*a->addr);
	else if (a->name != NULL) {
		need += a->n * sizeof(*a->name);
		for (i = 0; i < a->n; i++)
			need += strlen(a->name[i]) + 1;
	}
	return (need);
}

/* cache_entry_new - one block holding key and answer; one reference */
static struct cache_entry *
cache_entry_new(const char *key, size_t namelen, int type, uint64_t hash,
    const struct dns_answer *a, int64_t expire)
{
	struct cache_entry	*e;
	size_t			 need, recoff, i, len;
	char			*p, *block;

	need = cache_entry_need(namelen, a, &recoff);
	block = xmalloc(need);
	e = (struct cache_entry *)block;
	memset(e, 0, sizeof(*e));
	e->hash = hash;
	e->expire = expire;
	e->size = CACHE_CHUNK(need);
	atomic_init(&e->refs, 1);
	e->type = type;
	e->namelen = namelen;
	memcpy(e->name, key, namelen);
	e->name[namelen] = '\0';
	e->answer.status = a->status;
	e->answer.type = a->type;
	e->answer.ttl = a->ttl;
	if (a->n == 0 || (a->addr == NULL && a->name == NULL))
		return (e);
	e->answer.n = a->n;
	if (a->addr != NULL) {
		e->answer.addr = (struct ipaddr *)(block + recoff);
		memcpy(e->answer.addr, a->addr, a->n * sizeof(*a->addr));
		return (e);
	}
	e->answer.name = (char **)(block + recoff);
	p = block + recoff + a->n * sizeof(*a->name);
	for (i = 0; i < a->n; i++) {
		len = strlen(a->name[i]) + 1;
		memcpy(p, a->name[i], len);
		e->answer.name[i] = p;
		p += len;
	}
	return (e);
}

/* cache_entry_unref - drop a reference; the last frees the block */
static void
cache_entry_unref(struct cache_entry *e)
{
	if (atomic_fetch_sub_explicit(&e->refs, 1, memory_order_acq_rel) == 1)
		free(e);
}

/* cache_release - drop the slab's reference of unlinked entries */
static void
cache_release(struct cache_entry *list)
{
	struct cache_entry	*e;

	while ((e = list) != NULL) {
		list = e->lru_next;
		cache_entry_unref(e);
	}
}

/*
 * cache_answer_copy - give the caller its own copy, allocated the way
 * dns_query() allocates, with the TTL that is left.
 */
static void
cache_answer_copy(struct dns_answer *out, const struct cache_entry *e,
    int64_t now)
{
	const struct dns_answer	*a = &e->answer;
	int64_t			 left;
	size_t			 i;

	memset(out, 0, sizeof(*out));
	out->status = a->status;
	out->type = a->type;
	left = (e->expire - now + 999) / 1000;
	out->ttl = left < 0 ? 0 : left < a->ttl ? (uint32_t)left : a->ttl;
	out->n = a->n;
	if (a->n == 0)
		return;
	if (a->addr != NULL) {
		out->addr = xreallocarray(NULL, a->n, sizeof(*out->addr));
		memcpy(out->addr, a->addr, a->n * sizeof(*out->addr));
	} else if (a->name != NULL) {
		out->name = xreallocarray(NULL, a->n, sizeof(*out->name));
		for (i = 0; i < a->n; i++)
			out->name[i] = xstrdup(a->name[i]);
	}
}

/* cache_slab_of - the top bits of the hash pick the slab */
static struct cache_slab *
cache_slab_of(const struct cache *c, uint64_t hash)
{
	/* Shifting a 64-bit value by 64 is undefined: one slab is 0. */
	return (&c->slab[c->slab_shift >= 64 ? 0 : hash >> c->slab_shift]);
}

/* cache_find - the entry of a key in its slab (slab lock held) */
static struct cache_entry *
cache_find(struct cache_slab *s, uint64_t hash, const char *key,
    size_t namelen, int type)
{
	struct cache_entry	*e;

	for (e = s->bucket[hash & (s->nbucket - 1)]; e != NULL; e = e->hnext)
		if (e->hash == hash && e->type == type &&
		    e->namelen == namelen && memcmp(e->name, key, namelen) == 0)
			return (e);
	return (NULL);
}

/*
 * cache_unlink - take an entry out of its chain, the LRU list and the
 * totals, and put it on *list for cache_release() after unlocking.
 */
static void
cache_unlink(struct cache_slab *s, struct cache_entry *e,
    struct cache_entry **list)
{
	struct cache_entry	**pp;

	for (pp = &s->bucket[e->hash & (s->nbucket - 1)]; *pp != e;
	    pp = &(*pp)->hnext)
		;
	*pp = e->hnext;
	if (e->lru_prev != NULL)
		e->lru_prev->lru_next = e->lru_next;
	else
		s->lru_head = e->lru_next;
	if (e->lru_next != NULL)
		e->lru_next->lru_prev = e->lru_prev;
	else
		s->lru_tail = e->lru_prev;
	s->entries--;
	s->bytes -= e->size;
	e->hnext = e->lru_prev = NULL;
	e->lru_next = *list;
	*list = e;
}

/* cache_lru_front - mark an entry most recently used */
static void
cache_lru_front(struct cache_slab *s, struct cache_entry *e)
{
	if (s->lru_head == e)
		return;
	e->lru_prev->lru_next = e->lru_next;	/* not the head: has prev */
	if (e->lru_next != NULL)
		e->lru_next->lru_prev = e->lru_prev;
	else
		s->lru_tail = e->lru_prev;
	e->lru_prev = NULL;
	e->lru_next = s->lru_head;
	s->lru_head->lru_prev = e;
	s->lru_head = e;
}

/*
 * cache_grow - double the bucket array.  Done under the slab lock; it
 * stops only this slab, for a time proportional to its entries, and
 * happens log2(entries) times in the slab's life.
 */
static void
cache_grow(struct cache_slab *s)
{
	struct cache_entry	**nb, *e, *next;
	size_t			  n = s->nbucket * 2, i;

	nb = xcalloc(n, sizeof(*nb));
	for (i = 0; i < s->nbucket; i++)
		for (e = s->bucket[i]; e != NULL; e = next) {
			next = e->hnext;
			e->hnext = nb[e->hash & (n - 1)];
			nb[e->hash & (n - 1)] = e;
		}
	free(s->bucket);
	s->bucket = nb;
	s->nbucket = n;
}

/*
 * cache_insert - link a new entry in (slab lock held), making room from
 * the LRU tail first; what is pushed out goes on *list.  0 when it was
 * not stored (bigger than the slab's whole budget).
 */
static int
cache_insert(struct cache_slab *s, struct cache_entry *e, int64_t now,
    struct cache_entry **list)
{
	struct cache_entry	*old, *d;
	size_t			 b;

	if (e->size > s->max_bytes || s->max_entries == 0)
		return (0);
	/*
	 * Cannot happen while one leader at a time fetches a key; kept so
	 * that a slab never holds a key twice whatever changes around it.
	 */
	if ((old = cache_find(s, e->hash, e->name, e->namelen, e->type)) !=
	    NULL)
		cache_unlink(s, old, list);
	while (s->entries + 1 > s->max_entries ||
	    s->bytes + e->size > s->max_bytes) {
		d = s->lru_tail;
		if (d->expire <= now)
			s->st.expired++;
		else if (s->entries + 1 > s->max_entries)
			s->st.evicted_entries++;
		else
			s->st.evicted_bytes++;
		cache_unlink(s, d, list);
	}
	atomic_fetch_add(&e->refs, 1);		/* the slab's */
	b = e->hash & (s->nbucket - 1);
	e->hnext = s->bucket[b];
	s->bucket[b] = e;
	e->lru_prev = NULL;
	e->lru_next = s->lru_head;
	if (s->lru_head != NULL)
		s->lru_head->lru_prev = e;
	else
		s->lru_tail = e;
	s->lru_head = e;
	s->entries++;
	s->bytes += e->size;
	s->st.inserts++;
	if (s->entries > s->nbucket)
		cache_grow(s);
	return (1);
}

/* cache_flight_find - the query in flight for a key (slab lock held) */
static struct cache_flight *
cache_flight_find(struct cache_slab *s, uint64_t hash, const char *key,
    size_t namelen, int type)
{
	struct cache_flight	*f;

	for (f = s->flights; f != NULL; f = f->next)
		if (f->hash == hash && f->type == type &&
		    f->namelen == namelen && memcmp(f->name, key, namelen) == 0)
			return (f);
	return (NULL);
}

/* cache_flight_free - release a flight nobody refers to any more */
static void
cache_flight_free(struct cache_flight *f)
{
	pthread_cond_destroy(&f->cond);
	free(f);
}

/*
 * cache_flight_land - publish a flight's answer (e, or NULL: ask again)
 * and wake its waiters (slab lock held).  The flight leaves the slab's
 * list, so later askers find the entry or lead anew.  Returns the
 * flight when nobody waits on it any more, for freeing after unlocking.
 */
static struct cache_flight *
cache_flight_land(struct cache_slab *s, struct cache_flight *f,
    struct cache_entry *e)
{
	struct cache_flight	**pp;

	for (pp = &s->flights; *pp != f; pp = &(*pp)->next)
		;
	*pp = f->next;
	f->done = 1;
	if (e != NULL && f->refs > 1) {
		/* The flight's reference, for the waiters to copy from. */
		atomic_fetch_add(&e->refs, 1);
		f->entry = e;
	}
	if (--f->refs == 0)
		return (f);
	pthread_cond_broadcast(&f->cond);
	return (NULL);
}

/*
 * cache_wait - sleep until the flight is published or the deadline
 * (CLOCK_MONOTONIC ms) passes (slab lock held); 0 published, -1 not.
 */
static int
cache_wait(struct cache_flight *f, struct cache_slab *s, int64_t deadline)
{
	struct timespec	ts;

	ts.tv_sec = deadline / 1000;
	ts.tv_nsec = (deadline % 1000) * 1000000;
	while (!f->done) {
		if (deadline == INT64_MAX)
			pthread_cond_wait(&f->cond, &s->lock);
		else if (pthread_cond_timedwait(&f->cond, &s->lock, &ts) ==
		    ETIMEDOUT)
			return (f->done ? 0 : -1);
	}
	return (0);
}

/* cache_query - answer from the cache, or fetch once for everyone */
void
cache_query(struct cache *c, const char *name, int type, int64_t deadline,
    int (*fetch)(void *, const char *, int, struct dns_answer *), void *arg,
    struct dns_answer *out)
{
	struct cache_slab	*s;
	struct cache_entry	*e, *mine = NULL, *dead = NULL;
	struct cache_flight	*f, *gone = NULL;
	pthread_condattr_t	 ca;
	uint8_t			 hkey[CACHE_NAME_MAX + 2];
	char			*key = (char *)hkey;
	size_t			 len, i;
	uint64_t		 hash;
	uint32_t		 ttl = 0;
	int64_t			 now;
	int			 how;

	len = strlen(name);
	if (len > 0 && name[len - 1] == '.')
		len--;
	if (c == NULL || len > CACHE_NAME_MAX) {
		memset(out, 0, sizeof(*out));
		(void)fetch(arg, name, type, out);
		return;
	}
	/* The key: the name in ASCII lower case, then the type. */
	for (i = 0; i < len; i++)
		key[i] = name[i] >= 'A' && name[i] <= 'Z' ?
		    name[i] - 'A' + 'a' : name[i];
	hkey[len] = (uint8_t)(type >> 8);
	hkey[len + 1] = (uint8_t)type;
	hash = cache_siphash(c->key, hkey, len + 2);
	key[len] = '\0';
	s = cache_slab_of(c, hash);

	pthread_mutex_lock(&s->lock);
	for (;;) {
		now = c->now(c->now_arg);
		e = cache_find(s, hash, key, len, type);
		if (e != NULL && e->expire > now) {
			s->st.hits++;
			cache_lru_front(s, e);
			atomic_fetch_add(&e->refs, 1);
			pthread_mutex_unlock(&s->lock);
			cache_release(dead);
			cache_answer_copy(out, e, now);
			cache_entry_unref(e);
			return;
		}
		if (e != NULL) {
			s->st.expired++;
			cache_unlink(s, e, &dead);
		}
		if ((f = cache_flight_find(s, hash, key, len, type)) == NULL)
			break;

		/* Someone is asking already: wait for its answer. */
		s->st.coalesced++;
		f->refs++;
		if (cache_wait(f, s, deadline) == -1) {
			/* The leader still holds the flight: not freed. */
			f->refs--;
			s->st.wait_timeouts++;
			pthread_mutex_unlock(&s->lock);
			cache_release(dead);
			memset(out, 0, sizeof(*out));
			out->type = type;
			out->status = DNS_TIMEOUT;
			return;
		}
		if ((e = f->entry) != NULL)
			atomic_fetch_add(&e->refs, 1);
		if (--f->refs == 0) {
			/* Ours outlives the flight's: no free here. */
			if (e != NULL)
				atomic_fetch_sub(&e->refs, 1);
			gone = f;
		}
		if (e != NULL) {
			pthread_mutex_unlock(&s->lock);
			cache_release(dead);
			if (gone != NULL)
				cache_flight_free(gone);
			cache_answer_copy(out, e, c->now(c->now_arg));
			cache_entry_unref(e);
			return;
		}
		/* The leader's answer was its own: ask again. */
		if (gone != NULL) {
			pthread_mutex_unlock(&s->lock);
			cache_flight_free(gone);
			gone = NULL;
			pthread_mutex_lock(&s->lock);
		}
		if (cache_clock_ms() >= deadline) {
			s->st.wait_timeouts++;
			pthread_mutex_unlock(&s->lock);
			cache_release(dead);
			memset(out, 0, sizeof(*out));
			out->type = type;
			out->status = DNS_TIMEOUT;
			return;
		}
	}

	/* A miss with nobody asking: this thread leads. */
	s->st.misses++;
	f = xcalloc(1, sizeof(*f));
	f->hash = hash;
	f->type = type;
	f->namelen = len;
	memcpy(f->name, key, len + 1);
	f->refs = 1;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&f->cond, &ca);
	pthread_condattr_destroy(&ca);
	f->next = s->flights;
	s->flights = f;
	pthread_mutex_unlock(&s->lock);
	cache_release(dead);
	dead = NULL;

	memset(out, 0, sizeof(*out));
	how = fetch(arg, name, type, out);
	if (how == CACHE_FETCH_SHARE && (ttl = cache_ttl(c, out)) > 0)
		mine = cache_entry_new(key, len, type, hash, out,
		    c->now(c->now_arg) + (int64_t)ttl * 1000);

	/* Publish, whatever happened: waiters must not be left behind. */
	pthread_mutex_lock(&s->lock);
	now = c->now(c->now_arg);
	if (mine == NULL || !cache_insert(s, mine, now, &dead))
		s->st.uncached++;
	/*
	 * Not to be kept (TTL 0) but waited for: rare enough to build the
	 * waiters' copy under the lock rather than for every TTL-0 answer.
	 */
	if (mine == NULL && how == CACHE_FETCH_SHARE && f->refs > 1)
		mine = cache_entry_new(key, len, type, hash, out, now);
	gone = cache_flight_land(s, f, mine);
	pthread_mutex_unlock(&s->lock);
	cache_release(dead);
	if (gone != NULL)
		cache_flight_free(gone);
	if (mine != NULL)
		cache_entry_unref(mine);
}

/* cache_flush - drop every entry */
void
cache_flush(struct cache *c)
{
	struct cache_slab	*s;
	struct cache_entry	*dead;
	unsigned		 i;

	if (c == NULL)
		return;
	for (i = 0; i < c->nslab; i++) {
		s = &c->slab[i];
		dead = NULL;
		pthread_mutex_lock(&s->lock);
		while (s->lru_head != NULL)
			cache_unlink(s, s->lru_head, &dead);
		pthread_mutex_unlock(&s->lock);
		cache_release(dead);
	}
}

/* cache_stats - the sum of every slab's counters and totals */
void
cache_stats(struct cache *c, struct cache_stats *st)
{
	struct cache_slab	*s;
	unsigned		 i;

	memset(st, 0, sizeof(*st));
	if (c == NULL)
		return;
	for (i = 0; i < c->nslab; i++) {
		s = &c->slab[i];
		pthread_mutex_lock(&s->lock);
		st->hits += s->st.hits;
		st->misses += s->st.misses;
		st->coalesced += s->st.coalesced;
		st->wait_timeouts += s->st.wait_timeouts;
		st->inserts += s->st.inserts;
		st->evicted_bytes += s->st.evicted_bytes;
		st->evicted_entries += s->st.evicted_entries;
		st->expired += s->st.expired;
		st->uncached += s->st.uncached;
		st->entries += s->entries;
		st->bytes += s->bytes;
		pthread_mutex_unlock(&s->lock);
	}
	st->max_entries = c->lim.max_entries;
	st->max_bytes = c->lim.max_bytes;
}

/* cache_stats_text - the counters as one log line */
char *
cache_stats_text(struct cache *c, char *buf, size_t size)
{
	struct cache_stats	st;

	if (c == NULL) {
		snprintf(buf, size, "cache: off");
		return (buf);
	}
	cache_stats(c, &st);
	snprintf(buf, size, "cache: hits=%llu misses=%llu coalesced=%llu "
	    "wait_timeouts=%llu inserts=%llu evicted_bytes=%llu "
	    "evicted_entries=%llu expired=%llu uncached=%llu entries=%zu "
	    "bytes=%zu max_entries=%zu max_bytes=%zu",
	    (unsigned long long)st.hits, (unsigned long long)st.misses,
	    (unsigned long long)st.coalesced,
	    (unsigned long long)st.wait_timeouts,
	    (unsigned long long)st.inserts,
	    (unsigned long long)st.evicted_bytes,
	    (unsigned long long)st.evicted_entries,
	    (unsigned long long)st.expired, (unsigned long long)st.uncached,
	    st.entries, st.bytes, st.max_entries, st.max_bytes);
	return (buf);
}

/* cache_slab_entries - tests: how many entries slab i holds */
size_t
cache_slab_entries(struct cache *c, unsigned i)
{
	size_t	n;

	if (c == NULL || i >= c->nslab)
		return (0);
	pthread_mutex_lock(&c->slab[i].lock);
	n = c->slab[i].entries;
	pthread_mutex_unlock(&c->slab[i].lock);
	return (n);
}

/*
 * cache_check - tests: walk every slab and check what the code relies
 * on (unbound's check_lru_table, extended to the chains and the bytes).
 */
int
cache_check(struct cache *c, char *why, size_t size)
{
	struct cache_slab	*s;
	struct cache_entry	*e, *prev, *x;
	size_t			 n, bytes, chained, recoff;
	size_t			 sum_e = 0, sum_b = 0;
	unsigned		 i;
	int			 bad = 0;

#define CACHE_BAD(...) do {						\
	snprintf(why, size, __VA_ARGS__);				\
	bad = 1;							\
	goto out;							\
} while (0)

	if (c == NULL)
		return (0);
	for (i = 0; i < c->nslab; i++) {
		s = &c->slab[i];
		sum_e += s->max_entries;
		sum_b += s->max_bytes;
		pthread_mutex_lock(&s->lock);
		n = bytes = 0;
		prev = NULL;
		for (e = s->lru_head; e != NULL; prev = e, e = e->lru_next) {
			if (e->lru_prev != prev)
				CACHE_BAD("slab %u: entry %zu: lru_prev broken",
				    i, n);
			if (cache_slab_of(c, e->hash) != s)
				CACHE_BAD("slab %u: %s in the wrong slab", i,
				    e->name);
			for (x = s->bucket[e->hash & (s->nbucket - 1)];
			    x != NULL && x != e; x = x->hnext)
				;
			if (x == NULL)
				CACHE_BAD("slab %u: %s not in its chain", i,
				    e->name);
			if (atomic_load(&e->refs) < 1)
				CACHE_BAD("slab %u: %s has no reference", i,
				    e->name);
			if (e->size != CACHE_CHUNK(cache_entry_need(
			    e->namelen, &e->answer, &recoff)))
				CACHE_BAD("slab %u: %s: size %zu is wrong", i,
				    e->name, e->size);
			if (strlen(e->name) != e->namelen)
				CACHE_BAD("slab %u: %s: key length", i,
				    e->name);
			n++;
			bytes += e->size;
			if (n > s->entries)
				CACHE_BAD("slab %u: LRU list longer than %zu "
				    "(a loop?)", i, s->entries);
		}
		if (s->lru_tail != prev)
			CACHE_BAD("slab %u: lru_tail is not the last entry", i);
		chained = 0;
		for (recoff = 0; recoff < s->nbucket; recoff++)
			for (x = s->bucket[recoff]; x != NULL; x = x->hnext) {
				if ((x->hash & (s->nbucket - 1)) != recoff)
					CACHE_BAD("slab %u: %s in bucket %zu",
					    i, x->name, recoff);
				if (++chained > s->entries)
					CACHE_BAD("slab %u: chains hold more "
					    "than %zu entries", i, s->entries);
			}
		if (n != s->entries || chained != s->entries)
			CACHE_BAD("slab %u: %zu entries counted, %zu in the "
			    "LRU list, %zu in chains", i, s->entries, n,
			    chained);
		if (bytes != s->bytes)
			CACHE_BAD("slab %u: %zu bytes counted, %zu summed", i,
			    s->bytes, bytes);
		if (s->entries > s->max_entries || s->bytes > s->max_bytes)
			CACHE_BAD("slab %u: %zu entries, %zu bytes: over "
			    "%zu, %zu", i, s->entries, s->bytes,
			    s->max_entries, s->max_bytes);
		if ((s->nbucket & (s->nbucket - 1)) != 0 ||
		    s->nbucket < CACHE_BUCKETS_MIN)
			CACHE_BAD("slab %u: %zu buckets", i, s->nbucket);
		pthread_mutex_unlock(&s->lock);
	}
	if (sum_e != c->lim.max_entries || sum_b != c->lim.max_bytes)
		CACHE_BAD("budgets sum to %zu entries, %zu bytes, not %zu, %zu",
		    sum_e, sum_b, c->lim.max_entries, c->lim.max_bytes);
	return (0);
out:
	if (i < c->nslab)
		pthread_mutex_unlock(&c->slab[i].lock);
	return (bad ? -1 : 0);
#undef CACHE_BAD
}
