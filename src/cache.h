/*
 * NAME
 *	cache 3h - the shared, bounded DNS answer cache
 * SYNOPSIS
 *	#include "cache.h"
 *
 *	struct cache *cache_new(const struct cache_limits *lim);
 *	struct cache *cache_ref(struct cache *c);
 *	void	 cache_free(struct cache *c);
 *	void	 cache_query(struct cache *c, const char *name, int type,
 *		    int64_t deadline, int (*fetch)(void *, const char *, int,
 *		    struct dns_answer *), void *arg, struct dns_answer *out);
 *	void	 cache_flush(struct cache *c);
 *	void	 cache_stats(struct cache *c, struct cache_stats *st);
 *	char	*cache_stats_text(struct cache *c, char *buf, size_t size);
 *	int64_t	 cache_clock_ms(void);
 *
 *	void	 cache_set_clock(struct cache *c, int64_t (*now)(void *),
 *		    void *arg);
 *	int	 cache_check(struct cache *c, char *why, size_t size);
 *	size_t	 cache_slab_entries(struct cache *c, unsigned i);
 *	uint64_t cache_siphash(const uint64_t *key, const void *p,
 *		    size_t len);
 * DESCRIPTION
 *	A cache of struct dns_answer (dns.h) keyed by (name, type), shared
 *	by every thread of the process.  The name is compared without
 *	regard to ASCII case and without one trailing dot.  The cache knows
 *	nothing about sockets: a miss calls the fetch function it is given.
 *
 *	cache_new() makes a cache bounded by lim->max_bytes (bytes of
 *	entries: the entry, its key and its records, with the allocator's
 *	per-chunk overhead) and lim->max_entries, split evenly over
 *	lim->slabs independent slabs (a power of two up to CACHE_SLABS_MAX;
 *	0 means CACHE_SLABS_DEFAULT).  When either bound is 0 it returns
 *	NULL: no cache, and every function here accepts NULL as "no cache".
 *	The TTL rules, in seconds:
 *	  - DNS_OK: the answer's TTL raised to min_ttl, then capped at
 *	    max_ttl;
 *	  - DNS_NXDOMAIN, DNS_NODATA (RFC 2308): the negative TTL (the SOA's
 *	    TTL or MINIMUM, whichever is lower; 0 when the answer had no
 *	    SOA) raised to min_ttl, then capped at negative_max_ttl and
 *	    max_ttl;
 *	  - DNS_SERVFAIL, DNS_TIMEOUT, DNS_ERROR: error_ttl (0: never
 *	    cached).
 *	A TTL that comes out 0 means "not stored".  The cache starts with
 *	one reference.
 *
 *	cache_ref() adds a reference and returns c; cache_free() drops one
 *	and frees the cache with the last.  That lets a cache outlive the
 *	resolver it was given to (dns_resolver_set_cache()).  No query may be
 *	in progress when the last reference goes.
 *
 *	cache_query() answers (name, type) into *out, which the caller
 *	owns as if dns_query() had filled it (dns_answer_free()).  A live
 *	entry is copied out (a hit); its TTL is what is left of its cached
 *	lifetime, never more than the TTL the server gave.  On a miss the
 *	first thread to ask (the leader) calls fetch(arg, name, type, out)
 *	without any lock held; others that ask for the same key meanwhile
 *	wait for the leader's answer instead of asking too (coalescing),
 *	but not past deadline (CLOCK_MONOTONIC milliseconds as
 *	cache_clock_ms() counts them, INT64_MAX for none): a waiter whose
 *	deadline passes gets DNS_TIMEOUT.  fetch returns CACHE_FETCH_SHARE
 *	when out is what DNS said (waiters get a copy, and it is stored by
 *	the rules above), or CACHE_FETCH_PRIVATE when it is only the
 *	leader's (dns.c: a DNS_TIMEOUT caused by the leader's own
 *	evaluation deadline); then nothing is stored and the waiters try
 *	again, one of them becoming the next leader.  The leader always
 *	publishes, whatever fetch answered, so no waiter is left behind.
 *	Names longer than CACHE_NAME_MAX bytes are passed to fetch
 *	uncached.
 *
 *	cache_flush() drops every entry (not queries in flight).
 *
 *	cache_stats() sums the counters of every slab into *st.
 *	cache_stats_text() writes them as one line into buf, "cache:
 *	hits=H misses=M coalesced=W wait_timeouts=T inserts=I
 *	evicted_bytes=B evicted_entries=E expired=X uncached=U entries=N
 *	bytes=S max_entries=ME max_bytes=MB" ("cache: off" for NULL), and
 *	returns buf.
 *
 *	cache_clock_ms() is the CLOCK_MONOTONIC time in milliseconds that
 *	deadlines are given in.
 *
 *	For tests: cache_set_clock() replaces the clock that entry expiry
 *	is measured by (not the one deadlines use); call it before the
 *	cache is shared.  cache_check() walks every slab and returns 0, or
 *	-1 with the first broken invariant described in why: the LRU list
 *	is doubly linked both ways, every entry is in its slab's hash chain
 *	and in no other slab, the counts and byte totals equal the sums
 *	over the entries, and no slab is over its budgets.
 *	cache_slab_entries() is the entry count of slab i.
 *	cache_siphash() is the hash keys are hashed with: SipHash-2-4 of
 *	len bytes under the 128-bit key key[0], key[1] (the 16 key bytes
 *	read as two little-endian words).
 * LIMITS
 *	Memory for entries is bounded by max_bytes (the per-slab budgets
 *	sum to it); on top come the slab headers and each slab's bucket
 *	array (8 bytes a bucket, at most about 2 buckets per entry the slab
 *	may hold), and one small record per query in flight.  An answer too
 *	large for one slab's budget is not stored.  Keys are hashed with
 *	SipHash-2-4 under a random key, so names an attacker chooses
 *	cannot pile up in one bucket or one slab.
 * DIAGNOSTICS
 *	Nothing is logged.  cache_new() exits (fatalx()) when slabs is not
 *	a power of two up to CACHE_SLABS_MAX; running out of memory exits
 *	as xmalloc(3) does.  fetch's answer, whatever its status, is the
 *	leader's answer; waiters that give up get DNS_TIMEOUT.
 * THREADS
 *	Every function but cache_set_clock() may be called from any thread
 *	at any time.  The locking rules, unbound's lruhash (lruhash.h)
 *	simplified to one lock per slab:
 *	  - The slab array never changes after cache_new(): it needs no
 *	    lock.  A key's slab is chosen by the top bits of its hash.
 *	  - Each slab has one mutex.  It covers the slab's hash chains, LRU
 *	    list, counts, counters, in-flight list, and the link fields of
 *	    its entries.  Every read is also an LRU update, so it is a
 *	    mutex, not a rwlock.
 *	  - An entry's key and answer never change once it is in a slab
 *	    (no updates in place: a new answer is a new entry).  So a
 *	    reader takes a reference under the slab lock, unlocks, and
 *	    copies the answer out with no lock held.
 *	  - An entry is freed when its last reference goes: the slab holds
 *	    one while the entry is linked in, each reader one while
 *	    copying.  Evicted and expired entries are unlinked under the
 *	    lock and released after unlocking.
 *	  - No thread ever holds two slab locks, and no lock is held while
 *	    fetch runs, while a caller's copy is made or while an entry is
 *	    freed: there is no lock order to get wrong, and a slab is held
 *	    only for a lookup, an LRU move or an insert.  (A bucket array
 *	    doubling, a flight record, and the waiters' copy of an answer
 *	    with TTL 0 are allocated under the lock: rare or small.)
 *	  - A query in flight is a record on its slab's list (slab lock)
 *	    with a condition variable on the slab's mutex; the leader fills
 *	    it and broadcasts under the lock, the waiters sleep on it.  It
 *	    is freed by whoever leaves it last (leader or waiter).
 * SEE ALSO
 *	dns.h, RFC 2308, unbound util/storage/lruhash.h and slabhash.h
 * SPDX-License-Identifier: BSD-2-Clause
 */
#ifndef CACHE_H
#define CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "dns.h"

#define CACHE_SLABS_DEFAULT	16
#define CACHE_SLABS_MAX		256
#define CACHE_NAME_MAX		255	/* longest key, bytes */
#define CACHE_STATS_TEXT_MAX	512	/* enough for cache_stats_text() */

/* What fetch says about the answer it made. */
#define CACHE_FETCH_SHARE	0	/* DNS's answer: share and store */
#define CACHE_FETCH_PRIVATE	1	/* only the leader's: do neither */

struct cache_limits {
	size_t		 max_bytes;		/* 0: no cache */
	size_t		 max_entries;		/* 0: no cache */
	unsigned	 slabs;			/* 0: CACHE_SLABS_DEFAULT */
	uint32_t	 min_ttl;		/* seconds */
	uint32_t	 max_ttl;
	uint32_t	 negative_max_ttl;
	uint32_t	 error_ttl;		/* 0: errors not cached */
};

struct cache_stats {
	uint64_t	 hits;
	uint64_t	 misses;		/* leaders: fetch called */
	uint64_t	 coalesced;		/* waited for a leader */
	uint64_t	 wait_timeouts;		/* gave up waiting */
	uint64_t	 inserts;
	uint64_t	 evicted_bytes;		/* LRU, for the byte budget */
	uint64_t	 evicted_entries;	/* LRU, for the entry budget */
	uint64_t	 expired;		/* removed when found stale */
	uint64_t	 uncached;		/* answers not stored (TTL 0,
						   too big, private) */
	size_t		 entries;
	size_t		 bytes;
	size_t		 max_entries;
	size_t		 max_bytes;
};

struct cache;

struct cache	*cache_new(const struct cache_limits *);
struct cache	*cache_ref(struct cache *);
void		 cache_free(struct cache *);
void		 cache_query(struct cache *, const char *, int, int64_t,
		    int (*)(void *, const char *, int, struct dns_answer *),
		    void *, struct dns_answer *);
void		 cache_flush(struct cache *);
void		 cache_stats(struct cache *, struct cache_stats *);
char		*cache_stats_text(struct cache *, char *, size_t);
int64_t		 cache_clock_ms(void);

/* For tests. */
void		 cache_set_clock(struct cache *, int64_t (*)(void *), void *);
int		 cache_check(struct cache *, char *, size_t);
size_t		 cache_slab_entries(struct cache *, unsigned);
uint64_t	 cache_siphash(const uint64_t *, const void *, size_t);

#endif
