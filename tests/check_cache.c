/*
 * NAME
 *	check_cache - the shared DNS cache (cache.c) with a fake fetch
 * SYNOPSIS
 *	tests/check_cache
 * DESCRIPTION
 *	No DNS: fetch is a function here that makes answers from the name
 *	("nx..." NXDOMAIN, "nodata..." NODATA, "sf..." SERVFAIL, "to..."
 *	TIMEOUT, "err..." ERROR, "big..." one large TXT record, "slow..."
 *	after 0.3 ms, anything else one record) and counts its calls.
 *	Expiry runs on a clock the tests move (cache_set_clock()); only
 *	the coalescing tests sleep, about a second in all.  cache_check(),
 *	the invariant walker, runs after every step that changes a cache
 *	(and, in the stress test, concurrently with the changes).
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <sys/types.h>

#include <check.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cache.h"
#include "dns.h"
#include "xmalloc.h"

/* The fake upstream. */
struct fake {
	atomic_int	 calls;
	atomic_int	 privates;	/* this many PRIVATE timeouts first */
	int		 delay_ms;
	uint32_t	 ttl;
	size_t		 biglen;
};

static atomic_llong	test_clock;	/* ms */

static int64_t
test_now(void *arg)
{
	(void)arg;
	return (atomic_load(&test_clock));
}

static void
test_sleep_ms(int ms)
{
	struct timespec	ts;

	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (long)(ms % 1000) * 1000000;
	while (nanosleep(&ts, &ts) == -1)
		;
}

static int
fake_fetch(void *arg, const char *name, int type, struct dns_answer *out)
{
	struct fake	*f = arg;
	char		*txt;

	atomic_fetch_add(&f->calls, 1);
	if (f->delay_ms > 0)
		test_sleep_ms(f->delay_ms);
	else if (strncmp(name, "slow", 4) == 0)
		usleep(300);
	memset(out, 0, sizeof(*out));
	out->type = type;
	out->ttl = f->ttl;
	if (atomic_fetch_sub(&f->privates, 1) > 0) {
		out->status = DNS_TIMEOUT;
		out->ttl = 0;
		return (CACHE_FETCH_PRIVATE);
	}
	if (strncmp(name, "nx", 2) == 0)
		out->status = DNS_NXDOMAIN;
	else if (strncmp(name, "nodata", 6) == 0)
		out->status = DNS_NODATA;
	else if (strncmp(name, "sf", 2) == 0)
		out->status = DNS_SERVFAIL;
	else if (strncmp(name, "to", 2) == 0)
		out->status = DNS_TIMEOUT;
	else if (strncmp(name, "err", 3) == 0)
		out->status = DNS_ERROR;
	if (out->status != DNS_OK) {
		if (out->status > DNS_NODATA)
			out->ttl = 0;
		return (CACHE_FETCH_SHARE);
	}
	out->n = 1;
	if (type == ns_t_a) {
		out->addr = xcalloc(1, sizeof(*out->addr));
		out->addr[0].af = AF_INET;
		out->addr[0].a[0] = 192;
		out->addr[0].a[3] = (uint8_t)strlen(name);
		return (CACHE_FETCH_SHARE);
	}
	out->name = xcalloc(1, sizeof(*out->name));
	if (strncmp(name, "big", 3) == 0) {
		txt = xmalloc(f->biglen + 1);
		memset(txt, 'y', f->biglen);
		txt[f->biglen] = '\0';
		out->name[0] = txt;
	} else
		xasprintf(&out->name[0], "v=spf1 a:%s -all", name);
	return (CACHE_FETCH_SHARE);
}

/* ncalls - fetches so far (a plain int, for readable assertions) */
static int
ncalls(struct fake *f)
{
	return (atomic_load(&f->calls));
}

static struct cache_limits
test_limits(size_t bytes, size_t entries, unsigned slabs)
{
	struct cache_limits	lim;

	memset(&lim, 0, sizeof(lim));
	lim.max_bytes = bytes;
	lim.max_entries = entries;
	lim.slabs = slabs;
	lim.min_ttl = 0;
	lim.max_ttl = 86400;
	lim.negative_max_ttl = 3600;
	lim.error_ttl = 5;
	return (lim);
}

static struct cache *
test_cache(const struct cache_limits *lim)
{
	struct cache	*c;

	c = cache_new(lim);
	ck_assert_ptr_nonnull(c);
	atomic_store(&test_clock, 1000000);
	cache_set_clock(c, test_now, NULL);
	return (c);
}

#define CHECK_INVARIANTS(c) do {					\
	char	why_[256];						\
									\
	ck_assert_msg(cache_check((c), why_, sizeof(why_)) == 0,	\
	    "invariant: %s", why_);					\
} while (0)

/* One lookup without a deadline; returns the status, frees the answer. */
static enum dns_status
ask(struct cache *c, struct fake *f, const char *name, int type,
    uint32_t *ttl)
{
	struct dns_answer	a;
	enum dns_status		st;

	cache_query(c, name, type, INT64_MAX, fake_fetch, f, &a);
	st = a.status;
	if (ttl != NULL)
		*ttl = a.ttl;
	dns_answer_free(&a);
	CHECK_INVARIANTS(c);
	return (st);
}

/* The reference vector of the SipHash paper (appendix A). */
START_TEST(test_cache_siphash)
{
	uint64_t	key[2];
	uint8_t		kb[16], msg[15];
	int		i;

	for (i = 0; i < 16; i++)
		kb[i] = (uint8_t)i;
	for (i = 0; i < 15; i++)
		msg[i] = (uint8_t)i;
	key[0] = key[1] = 0;
	for (i = 0; i < 8; i++) {
		key[0] |= (uint64_t)kb[i] << (8 * i);
		key[1] |= (uint64_t)kb[i + 8] << (8 * i);
	}
	ck_assert_uint_eq(cache_siphash(key, msg, 15), 0xa129ca6149be45e5ULL);
	ck_assert_uint_eq(cache_siphash(key, msg, 0), 0x726fdb47dd0e0e31ULL);
	ck_assert_uint_eq(cache_siphash(key, msg, 8), 0x93f5f5799a932462ULL);
}
END_TEST

/* Hits, misses, keys (case, trailing dot, type), deep copies. */
START_TEST(test_cache_hit_miss)
{
	struct cache_limits	 lim = test_limits(1 << 20, 1000, 0);
	struct cache		*c = test_cache(&lim);
	struct fake		 f = { .ttl = 300 };
	struct dns_answer	 a, b;
	struct cache_stats	 st;
	uint32_t		 ttl;

	cache_query(c, "pass.example", ns_t_txt, INT64_MAX, fake_fetch, &f,
	    &a);
	ck_assert_int_eq(a.status, DNS_OK);
	ck_assert_uint_eq(a.n, 1);
	ck_assert_str_eq(a.name[0], "v=spf1 a:pass.example -all");
	CHECK_INVARIANTS(c);
	cache_query(c, "PASS.Example.", ns_t_txt, INT64_MAX, fake_fetch, &f,
	    &b);
	ck_assert_int_eq(ncalls(&f), 1);
	ck_assert_int_eq(b.status, DNS_OK);
	ck_assert_uint_eq(b.n, 1);
	ck_assert_int_eq(b.type, ns_t_txt);
	ck_assert_str_eq(b.name[0], a.name[0]);
	ck_assert_ptr_ne(b.name[0], a.name[0]);		/* a copy */
	ck_assert_uint_eq(b.ttl, 300);
	dns_answer_free(&a);
	dns_answer_free(&b);

	/* Another type is another key. */
	cache_query(c, "pass.example", ns_t_a, INT64_MAX, fake_fetch, &f, &a);
	ck_assert_int_eq(ncalls(&f), 2);
	ck_assert_uint_eq(a.n, 1);
	ck_assert_int_eq(a.addr[0].af, AF_INET);
	dns_answer_free(&a);
	cache_query(c, "pass.example", ns_t_a, INT64_MAX, fake_fetch, &f, &a);
	ck_assert_int_eq(ncalls(&f), 2);
	ck_assert_int_eq(a.addr[0].a[3], 12);
	dns_answer_free(&a);

	/* The TTL given out is what is left. */
	atomic_fetch_add(&test_clock, 100500);
	ck_assert_int_eq(ask(c, &f, "pass.example", ns_t_txt, &ttl), DNS_OK);
	ck_assert_uint_eq(ttl, 200);

	cache_stats(c, &st);
	ck_assert_uint_eq(st.hits, 3);
	ck_assert_uint_eq(st.misses, 2);
	ck_assert_uint_eq(st.inserts, 2);
	ck_assert_uint_eq(st.entries, 2);
	ck_assert_uint_gt(st.bytes, 0);
	ck_assert_uint_eq(st.max_entries, 1000);
	cache_free(c);
}
END_TEST

/* Expiry and the min/max clamp of positive answers. */
START_TEST(test_cache_ttl)
{
	struct cache_limits	 lim = test_limits(1 << 20, 1000, 4);
	struct cache		*c;
	struct fake		 f = { .ttl = 10 };
	struct cache_stats	 st;
	uint32_t		 ttl;

	lim.min_ttl = 5;
	lim.max_ttl = 60;
	c = test_cache(&lim);
	ask(c, &f, "ten.example", ns_t_txt, NULL);
	atomic_fetch_add(&test_clock, 9999);
	ask(c, &f, "ten.example", ns_t_txt, &ttl);
	ck_assert_int_eq(ncalls(&f), 1);
	ck_assert_uint_eq(ttl, 1);
	atomic_fetch_add(&test_clock, 1);
	ask(c, &f, "ten.example", ns_t_txt, &ttl);
	ck_assert_int_eq(ncalls(&f), 2);	/* expired */
	ck_assert_uint_eq(ttl, 10);
	cache_stats(c, &st);
	ck_assert_uint_eq(st.expired, 1);
	ck_assert_uint_eq(st.entries, 1);

	/* TTL 0 raised to min_ttl: kept 5 s, handed out as 0. */
	f.ttl = 0;
	ask(c, &f, "zero.example", ns_t_txt, NULL);
	atomic_fetch_add(&test_clock, 4000);
	ask(c, &f, "zero.example", ns_t_txt, &ttl);
	ck_assert_int_eq(ncalls(&f), 3);
	ck_assert_uint_eq(ttl, 0);
	atomic_fetch_add(&test_clock, 1000);
	ask(c, &f, "zero.example", ns_t_txt, NULL);
	ck_assert_int_eq(ncalls(&f), 4);

	/* A week capped at a minute. */
	f.ttl = 604800;
	ask(c, &f, "week.example", ns_t_txt, NULL);
	atomic_fetch_add(&test_clock, 59000);
	ask(c, &f, "week.example", ns_t_txt, &ttl);
	ck_assert_int_eq(ncalls(&f), 5);
	ck_assert_uint_eq(ttl, 1);
	atomic_fetch_add(&test_clock, 1000);
	ask(c, &f, "week.example", ns_t_txt, NULL);
	ck_assert_int_eq(ncalls(&f), 6);
	cache_free(c);

	/* min_ttl 0: TTL 0 is not cached at all. */
	lim.min_ttl = 0;
	c = test_cache(&lim);
	f.ttl = 0;
	ask(c, &f, "zero.example", ns_t_txt, NULL);
	ask(c, &f, "zero.example", ns_t_txt, NULL);
	ck_assert_int_eq(ncalls(&f), 8);
	cache_stats(c, &st);
	ck_assert_uint_eq(st.entries, 0);
	ck_assert_uint_eq(st.uncached, 2);
	cache_free(c);
}
END_TEST

/* RFC 2308: NXDOMAIN and NODATA by their SOA TTL, capped. */
START_TEST(test_cache_negative)
{
	struct cache_limits	 lim = test_limits(1 << 20, 1000, 0);
	struct cache		*c;
	struct fake		 f = { .ttl = 300 };

	lim.negative_max_ttl = 100;
	c = test_cache(&lim);
	ck_assert_int_eq(ask(c, &f, "nx.example", ns_t_a, NULL),
	    DNS_NXDOMAIN);
	ck_assert_int_eq(ask(c, &f, "nodata.example", ns_t_txt, NULL),
	    DNS_NODATA);
	atomic_fetch_add(&test_clock, 99000);
	ck_assert_int_eq(ask(c, &f, "nx.example", ns_t_a, NULL),
	    DNS_NXDOMAIN);
	ck_assert_int_eq(ask(c, &f, "nodata.example", ns_t_txt, NULL),
	    DNS_NODATA);
	ck_assert_int_eq(ncalls(&f), 2);
	atomic_fetch_add(&test_clock, 1000);
	ask(c, &f, "nx.example", ns_t_a, NULL);
	ck_assert_int_eq(ncalls(&f), 3);

	/* No SOA (TTL 0), min_ttl 0: not cached (RFC 2308 section 5). */
	f.ttl = 0;
	ask(c, &f, "nx2.example", ns_t_a, NULL);
	ask(c, &f, "nx2.example", ns_t_a, NULL);
	ck_assert_int_eq(ncalls(&f), 5);
	cache_free(c);

	/* A negative cap above max_ttl: max_ttl wins. */
	lim.negative_max_ttl = 3600;
	lim.max_ttl = 50;
	c = test_cache(&lim);
	f.ttl = 300;
	ask(c, &f, "nx.example", ns_t_a, NULL);
	atomic_fetch_add(&test_clock, 50000);
	ask(c, &f, "nx.example", ns_t_a, NULL);
	ck_assert_int_eq(ncalls(&f), 7);
	cache_free(c);
}
END_TEST

/* SERVFAIL, TIMEOUT and ERROR for error_ttl; private answers never. */
START_TEST(test_cache_errors)
{
	struct cache_limits	 lim = test_limits(1 << 20, 1000, 0);
	struct cache		*c;
	struct fake		 f = { .ttl = 300 };
	struct cache_stats	 st;
	const char		*names[] = { "sf.example", "to.example",
				    "err.example" };
	enum dns_status		 want[] = { DNS_SERVFAIL, DNS_TIMEOUT,
				    DNS_ERROR };
	int			 i, calls;

	lim.error_ttl = 5;
	c = test_cache(&lim);
	for (i = 0; i < 3; i++) {
		calls = ncalls(&f);
		ck_assert_int_eq(ask(c, &f, names[i], ns_t_txt, NULL),
		    want[i]);
		ck_assert_int_eq(ask(c, &f, names[i], ns_t_txt, NULL),
		    want[i]);
		ck_assert_int_eq(ncalls(&f), calls + 1);
	}
	atomic_fetch_add(&test_clock, 5000);
	for (i = 0; i < 3; i++)
		ask(c, &f, names[i], ns_t_txt, NULL);
	ck_assert_int_eq(ncalls(&f), 6);

	/* A private timeout (our deadline) is neither stored nor shared. */
	atomic_store(&f.privates, 1);
	ck_assert_int_eq(ask(c, &f, "pass.example", ns_t_txt, NULL),
	    DNS_TIMEOUT);
	ck_assert_int_eq(ask(c, &f, "pass.example", ns_t_txt, NULL), DNS_OK);
	ck_assert_int_eq(ask(c, &f, "pass.example", ns_t_txt, NULL), DNS_OK);
	ck_assert_int_eq(ncalls(&f), 8);
	cache_stats(c, &st);
	ck_assert_uint_eq(st.uncached, 1);
	cache_free(c);

	/* error_ttl 0: failures are never kept; answers still are. */
	lim.error_ttl = 0;
	c = test_cache(&lim);
	atomic_store(&f.calls, 0);
	for (i = 0; i < 3; i++) {
		ask(c, &f, names[i], ns_t_txt, NULL);
		ask(c, &f, names[i], ns_t_txt, NULL);
	}
	ck_assert_int_eq(ncalls(&f), 6);
	ask(c, &f, "pass.example", ns_t_txt, NULL);
	ask(c, &f, "pass.example", ns_t_txt, NULL);
	ck_assert_int_eq(ncalls(&f), 7);
	cache_free(c);
}
END_TEST

/* 0 means no cache: every lookup is fetched. */
START_TEST(test_cache_off)
{
	struct cache_limits	 lim = test_limits(0, 1000, 0);
	struct fake		 f = { .ttl = 300 };
	struct dns_answer	 a;
	struct cache_stats	 st;
	char			 line[CACHE_STATS_TEXT_MAX];
	int			 i;

	ck_assert_ptr_null(cache_new(&lim));
	lim = test_limits(1 << 20, 0, 0);
	ck_assert_ptr_null(cache_new(&lim));
	for (i = 0; i < 3; i++) {
		cache_query(NULL, "pass.example", ns_t_txt, INT64_MAX,
		    fake_fetch, &f, &a);
		ck_assert_int_eq(a.status, DNS_OK);
		dns_answer_free(&a);
	}
	ck_assert_int_eq(ncalls(&f), 3);
	cache_stats(NULL, &st);
	ck_assert_uint_eq(st.hits + st.misses + st.entries, 0);
	ck_assert_str_eq(cache_stats_text(NULL, line, sizeof(line)),
	    "cache: off");
	ck_assert_ptr_null(cache_ref(NULL));
	cache_free(NULL);
	cache_flush(NULL);
}
END_TEST

/* The least recently used entry goes first. */
START_TEST(test_cache_lru)
{
	struct cache_limits	 lim = test_limits(1 << 20, 4, 1);
	struct cache		*c = test_cache(&lim);
	struct fake		 f = { .ttl = 300 };
	struct cache_stats	 st;
	const char		*n[] = { "a.example", "b.example", "c.example",
				    "d.example", "e.example", "f.example" };
	int			 i;

	for (i = 0; i < 4; i++)
		ask(c, &f, n[i], ns_t_txt, NULL);
	ask(c, &f, n[0], ns_t_txt, NULL);		/* a is fresh again */
	ck_assert_int_eq(ncalls(&f), 4);
	ask(c, &f, n[4], ns_t_txt, NULL);		/* evicts b */
	cache_stats(c, &st);
	ck_assert_uint_eq(st.evicted_entries, 1);
	ck_assert_uint_eq(st.entries, 4);
	ask(c, &f, n[0], ns_t_txt, NULL);
	ask(c, &f, n[2], ns_t_txt, NULL);
	ask(c, &f, n[3], ns_t_txt, NULL);
	ck_assert_int_eq(ncalls(&f), 5);	/* a, c, d kept */
	ask(c, &f, n[1], ns_t_txt, NULL);		/* b is gone */
	ck_assert_int_eq(ncalls(&f), 6);	/* and evicts e */
	ask(c, &f, n[4], ns_t_txt, NULL);
	ck_assert_int_eq(ncalls(&f), 7);

	/* An expired tail is counted as expired, not evicted. */
	atomic_fetch_add(&test_clock, 301000);
	ask(c, &f, n[5], ns_t_txt, NULL);
	cache_stats(c, &st);
	ck_assert_uint_eq(st.evicted_entries, 3);
	ck_assert_uint_eq(st.expired, 1);

	cache_flush(c);
	CHECK_INVARIANTS(c);
	cache_stats(c, &st);
	ck_assert_uint_eq(st.entries, 0);
	ck_assert_uint_eq(st.bytes, 0);
	cache_free(c);
}
END_TEST

/* The byte budget, with large TXT answers. */
START_TEST(test_cache_bytes)
{
	struct cache_limits	 lim = test_limits(10000, 1000, 1);
	struct cache		*c = test_cache(&lim);
	struct fake		 f = { .ttl = 300, .biglen = 3000 };
	struct cache_stats	 st;
	char			 name[32];
	int			 i;

	for (i = 0; i < 10; i++) {
		snprintf(name, sizeof(name), "big%d.example", i);
		ask(c, &f, name, ns_t_txt, NULL);
		cache_stats(c, &st);
		ck_assert_uint_le(st.bytes, 10000);
		/* Each entry is counted with its 3000-byte record. */
		ck_assert_uint_ge(st.bytes, st.entries * 3000);
	}
	ck_assert_uint_eq(st.entries, 3);
	ck_assert_uint_eq(st.evicted_bytes, 7);
	ck_assert_uint_eq(st.evicted_entries, 0);
	/* The newest three are there, the oldest not. */
	ask(c, &f, "big9.example", ns_t_txt, NULL);
	ask(c, &f, "big7.example", ns_t_txt, NULL);
	ck_assert_int_eq(ncalls(&f), 10);
	ask(c, &f, "big0.example", ns_t_txt, NULL);
	ck_assert_int_eq(ncalls(&f), 11);

	/* Larger than the whole budget: answered, not kept. */
	f.biglen = 20000;
	ck_assert_int_eq(ask(c, &f, "bigger.example", ns_t_txt, NULL),
	    DNS_OK);
	ask(c, &f, "bigger.example", ns_t_txt, NULL);
	ck_assert_int_eq(ncalls(&f), 13);
	cache_stats(c, &st);
	ck_assert_uint_eq(st.uncached, 2);
	ck_assert_uint_eq(st.entries, 3);
	cache_free(c);
}
END_TEST

/* Keys spread evenly over the slabs; names that differ in case do not. */
START_TEST(test_cache_distribution)
{
	struct cache_limits	 lim = test_limits(64 << 20, 100000, 16);
	struct cache		*c = test_cache(&lim);
	struct fake		 f = { .ttl = 300 };
	struct dns_answer	 a;
	char			 name[64];
	size_t			 n, total = 0;
	unsigned		 i;

	for (i = 0; i < 16000; i++) {
		snprintf(name, sizeof(name), "host%u.example", i);
		cache_query(c, name, ns_t_a, INT64_MAX, fake_fetch, &f, &a);
		dns_answer_free(&a);
		if (i % 4000 == 0)
			CHECK_INVARIANTS(c);
	}
	CHECK_INVARIANTS(c);
	for (i = 0; i < 16; i++) {
		n = cache_slab_entries(c, i);
		total += n;
		/* 1000 expected, standard deviation about 31. */
		ck_assert_msg(n > 800 && n < 1200, "slab %u: %zu entries", i,
		    n);
	}
	ck_assert_uint_eq(total, 16000);
	ck_assert_uint_eq(cache_slab_entries(c, 16), 0);
	ask(c, &f, "HOST1.EXAMPLE.", ns_t_a, NULL);
	ck_assert_int_eq(ncalls(&f), 16000);
	cache_free(c);
}
END_TEST

/* Names too long to be keys are fetched, never cached. */
START_TEST(test_cache_long_name)
{
	struct cache_limits	 lim = test_limits(1 << 20, 1000, 0);
	struct cache		*c = test_cache(&lim);
	struct fake		 f = { .ttl = 300 };
	char			 name[300];

	memset(name, 'a', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	ask(c, &f, name, ns_t_a, NULL);
	ask(c, &f, name, ns_t_a, NULL);
	ck_assert_int_eq(ncalls(&f), 2);
	name[CACHE_NAME_MAX] = '\0';			/* the longest key */
	ask(c, &f, name, ns_t_a, NULL);
	ask(c, &f, name, ns_t_a, NULL);
	ck_assert_int_eq(ncalls(&f), 3);
	cache_free(c);
}
END_TEST

/* References: the last cache_free() frees. */
START_TEST(test_cache_refs)
{
	struct cache_limits	 lim = test_limits(1 << 20, 1000, 0);
	struct cache		*c = test_cache(&lim);
	struct fake		 f = { .ttl = 300 };
	char			 line[CACHE_STATS_TEXT_MAX];
	const char		*want = "cache: hits=1 misses=1 coalesced=0 "
				    "wait_timeouts=0 inserts=1 evicted_bytes=0 "
				    "evicted_entries=0 expired=0 uncached=0 "
				    "entries=1 bytes=";

	ck_assert_ptr_eq(cache_ref(c), c);
	ask(c, &f, "pass.example", ns_t_txt, NULL);
	cache_free(c);
	ask(c, &f, "pass.example", ns_t_txt, NULL);	/* still there */
	ck_assert_int_eq(ncalls(&f), 1);
	cache_stats_text(c, line, sizeof(line));
	ck_assert_msg(strncmp(line, want, strlen(want)) == 0, "%s", line);
	ck_assert_ptr_nonnull(strstr(line, " max_entries=1000 "
	    "max_bytes=1048576"));
	cache_free(c);
}
END_TEST

/* Coalescing: N threads, one missing key, one fetch. */
#define CO_THREADS	8

struct co_arg {
	struct cache		*c;
	struct fake		*f;
	const char		*name;
	int64_t			 deadline;	/* ms from start, 0: none */
	pthread_barrier_t	*go;
	enum dns_status		 status;
	size_t			 n;
	double			 took;
};

static double
co_now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (ts.tv_sec + ts.tv_nsec / 1e9);
}

static void *
co_worker(void *arg)
{
	struct co_arg		*a = arg;
	struct dns_answer	 ans;
	double			 t0;

	if (a->go != NULL)
		pthread_barrier_wait(a->go);
	t0 = co_now();
	cache_query(a->c, a->name, ns_t_txt, a->deadline == 0 ? INT64_MAX :
	    cache_clock_ms() + a->deadline, fake_fetch, a->f, &ans);
	a->took = co_now() - t0;
	a->status = ans.status;
	a->n = ans.n;
	dns_answer_free(&ans);
	return (NULL);
}

START_TEST(test_cache_coalesce)
{
	struct cache_limits	 lim = test_limits(1 << 20, 1000, 0);
	struct cache		*c = test_cache(&lim);
	struct fake		 f = { .ttl = 300, .delay_ms = 200 };
	struct co_arg		 a[CO_THREADS];
	pthread_t		 th[CO_THREADS];
	pthread_barrier_t	 go;
	struct cache_stats	 st;
	int			 i;

	pthread_barrier_init(&go, NULL, CO_THREADS);
	for (i = 0; i < CO_THREADS; i++) {
		memset(&a[i], 0, sizeof(a[i]));
		a[i].c = c;
		a[i].f = &f;
		a[i].name = "same.example";
		a[i].go = &go;
		ck_assert_int_eq(pthread_create(&th[i], NULL, co_worker,
		    &a[i]), 0);
	}
	for (i = 0; i < CO_THREADS; i++) {
		pthread_join(th[i], NULL);
		ck_assert_int_eq(a[i].status, DNS_OK);
		ck_assert_uint_eq(a[i].n, 1);
	}
	pthread_barrier_destroy(&go);
	ck_assert_int_eq(ncalls(&f), 1);
	cache_stats(c, &st);
	ck_assert_uint_eq(st.misses, 1);
	ck_assert_uint_eq(st.coalesced + st.hits, CO_THREADS - 1);
	ck_assert_uint_gt(st.coalesced, 0);
	CHECK_INVARIANTS(c);
	cache_free(c);
}
END_TEST

/*
 * A waiter whose deadline passes first gets TIMEOUT; the leader still
 * publishes.  And a waiter never stores: only the leader's answer is
 * kept.
 */
START_TEST(test_cache_coalesce_deadline)
{
	struct cache_limits	 lim = test_limits(1 << 20, 1000, 0);
	struct cache		*c = test_cache(&lim);
	struct fake		 f = { .ttl = 300, .delay_ms = 600 };
	struct co_arg		 lead, wait;
	pthread_t		 tl, tw;
	struct cache_stats	 st;

	memset(&lead, 0, sizeof(lead));
	lead.c = c;
	lead.f = &f;
	lead.name = "slow.example";
	wait = lead;
	wait.deadline = 100;
	ck_assert_int_eq(pthread_create(&tl, NULL, co_worker, &lead), 0);
	while (ncalls(&f) == 0)	/* the leader is in fetch */
		test_sleep_ms(5);
	ck_assert_int_eq(pthread_create(&tw, NULL, co_worker, &wait), 0);
	pthread_join(tw, NULL);
	ck_assert_int_eq(wait.status, DNS_TIMEOUT);
	ck_assert_msg(wait.took >= 0.08 && wait.took < 0.5, "waited %.3f s",
	    wait.took);
	pthread_join(tl, NULL);
	ck_assert_int_eq(lead.status, DNS_OK);
	cache_stats(c, &st);
	ck_assert_uint_eq(st.wait_timeouts, 1);
	ck_assert_uint_eq(st.coalesced, 1);
	f.delay_ms = 0;
	ck_assert_int_eq(ask(c, &f, "slow.example", ns_t_txt, NULL), DNS_OK);
	ck_assert_int_eq(ncalls(&f), 1);
	cache_free(c);
}
END_TEST

/* A leader's private answer: the waiters ask again, one fetch more. */
START_TEST(test_cache_coalesce_private)
{
	struct cache_limits	 lim = test_limits(1 << 20, 1000, 0);
	struct cache		*c = test_cache(&lim);
	struct fake		 f = { .ttl = 300, .delay_ms = 150 };
	struct co_arg		 a[4];
	pthread_t		 th[4];
	int			 i, ok = 0, timeouts = 0;

	atomic_store(&f.privates, 1);
	for (i = 0; i < 4; i++) {
		memset(&a[i], 0, sizeof(a[i]));
		a[i].c = c;
		a[i].f = &f;
		a[i].name = "retry.example";
		ck_assert_int_eq(pthread_create(&th[i], NULL, co_worker,
		    &a[i]), 0);
		if (i == 0)
			while (ncalls(&f) == 0)
				test_sleep_ms(5);
	}
	for (i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		if (a[i].status == DNS_OK)
			ok++;
		else if (a[i].status == DNS_TIMEOUT)
			timeouts++;
	}
	/* The first leader's timeout was its own; the rest got the answer. */
	ck_assert_int_eq(timeouts, 1);
	ck_assert_int_eq(ok, 3);
	ck_assert_int_eq(ncalls(&f), 2);
	CHECK_INVARIANTS(c);
	cache_free(c);
}
END_TEST

/* Threads doing random lookups, expiry and flushes; invariants hold. */
#define ST_THREADS	4
#define ST_OPS		20000
#define ST_KEYS		40

struct st_arg {
	struct cache	*c;
	struct fake	*f;
	unsigned	 seed;
	long		 bad;
	char		 why[256];
};

static void *
st_worker(void *arg)
{
	struct st_arg		*s = arg;
	struct dns_answer	 a;
	char			 name[64];
	static const char	*pre[] = { "h", "nx", "nodata", "sf", "to",
				    "big", "H", "slow" };
	unsigned		 r, k;
	int			 i;

	for (i = 0; i < ST_OPS; i++) {
		r = (unsigned)rand_r(&s->seed);
		k = r % ST_KEYS;
		snprintf(name, sizeof(name), "%s%u.example%s",
		    pre[(r >> 10) % 8], k, (r >> 13) % 2 ? "." : "");
		cache_query(s->c, name, (r >> 14) % 2 ? ns_t_a : ns_t_txt,
		    (r >> 15) % 4 == 0 ? cache_clock_ms() + 1 : INT64_MAX,
		    fake_fetch, s->f, &a);
		if (a.status == DNS_OK && a.n != 1)
			s->bad++;
		dns_answer_free(&a);
		if ((r >> 17) % 128 == 0)
			atomic_fetch_add(&test_clock, (r >> 20) % 1000);
		if ((r >> 17) % 5000 == 1)
			cache_flush(s->c);
		if (i % 2000 == 0 && cache_check(s->c, s->why,
		    sizeof(s->why)) != 0) {
			s->bad++;
			break;
		}
	}
	return (NULL);
}

START_TEST(test_cache_stress)
{
	struct cache_limits	 lim = test_limits(96 * 1024, 300, 4);
	struct cache		*c;
	struct fake		 f = { .ttl = 5, .biglen = 2000 };
	struct st_arg		 s[ST_THREADS];
	pthread_t		 th[ST_THREADS];
	struct cache_stats	 st;
	char			 line[CACHE_STATS_TEXT_MAX];
	int			 i;

	lim.min_ttl = 1;
	lim.error_ttl = 1;
	c = test_cache(&lim);
	for (i = 0; i < ST_THREADS; i++) {
		memset(&s[i], 0, sizeof(s[i]));
		s[i].c = c;
		s[i].f = &f;
		s[i].seed = 12345 + i;
		ck_assert_int_eq(pthread_create(&th[i], NULL, st_worker,
		    &s[i]), 0);
	}
	for (i = 0; i < ST_THREADS; i++) {
		pthread_join(th[i], NULL);
		ck_assert_msg(s[i].bad == 0, "thread %d: %ld bad (%s)", i,
		    s[i].bad, s[i].why);
	}
	CHECK_INVARIANTS(c);
	fprintf(stderr, "stress: %s\n", cache_stats_text(c, line,
	    sizeof(line)));
	cache_stats(c, &st);
	ck_assert_uint_le(st.entries, 300);
	ck_assert_uint_le(st.bytes, 96 * 1024);
	/* Each lookup is one of these (no private answers here). */
	ck_assert_uint_eq(st.hits + st.misses + st.coalesced,
	    (uint64_t)ST_THREADS * ST_OPS);
	ck_assert_uint_gt(st.hits, 0);
	ck_assert_uint_gt(st.evicted_entries + st.evicted_bytes, 0);
	ck_assert_uint_gt(st.expired, 0);
	cache_free(c);
}
END_TEST

static Suite *
cache_suite(void)
{
	Suite	*s = suite_create("cache");
	TCase	*tc;

	tc = tcase_create("core");
	tcase_add_test(tc, test_cache_siphash);
	tcase_add_test(tc, test_cache_hit_miss);
	tcase_add_test(tc, test_cache_ttl);
	tcase_add_test(tc, test_cache_negative);
	tcase_add_test(tc, test_cache_errors);
	tcase_add_test(tc, test_cache_off);
	tcase_add_test(tc, test_cache_refs);
	tcase_add_test(tc, test_cache_long_name);
	suite_add_tcase(s, tc);

	tc = tcase_create("limits");
	tcase_add_test(tc, test_cache_lru);
	tcase_add_test(tc, test_cache_bytes);
	tcase_add_test(tc, test_cache_distribution);
	suite_add_tcase(s, tc);

	tc = tcase_create("threads");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_cache_coalesce);
	tcase_add_test(tc, test_cache_coalesce_deadline);
	tcase_add_test(tc, test_cache_coalesce_private);
	tcase_add_test(tc, test_cache_stress);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	SRunner	*sr;
	int	 failed;

	sr = srunner_create(cache_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return (failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE);
}
