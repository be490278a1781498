/*
 * NAME
 *	cache_bench - throughput, hit ratio and memory of the DNS cache
 * SYNOPSIS
 *	cache_bench [-n lookups-per-thread] [-k zipf-keys] [-s zipf-exponent]
 * DESCRIPTION
 *	Not built by default.  From the top of the source tree, with
 *	BUILD a build directory where make has run (it links the cache
 *	from the program's own library, built with -O2):
 *
 *	    gcc -O2 -g -D_GNU_SOURCE -pthread -Isrc -o /tmp/cache_bench \
 *		bench/cache_bench.c BUILD/src/libpolicyd.a -lspf2 \
 *		-lresolv -lm
 *	    /tmp/cache_bench
 *
 *	No DNS is involved: fetch is a function that makes an answer at
 *	once, so the numbers are the cache's own cost.  Three parts:
 *
 *	1. Warm lookups per second: 100,000 names cached, then 1 and 2
 *	   threads each make n lookups (default 2,000,000) of uniformly
 *	   random cached names, copying every answer out and freeing it as
 *	   dns_query()'s callers do; with the default 16 slabs and with 1
 *	   (no striping), to show what the striping buys.
 *
 *	2. Hit ratio: k keys (default 1,000,000) asked with a Zipf-like
 *	   popularity (the i-th most popular asked in proportion to
 *	   1/i^s, s default 1.0), the cache holding 1%, 10% and 30% of
 *	   them; after a warm-up of one lookup per key, the ratio over
 *	   5,000,000 lookups.
 *
 *	3. Memory: 100,000 typical names (40% TXT with one or two SPF-like
 *	   strings, 40% A with one to four addresses, 10% MX with two
 *	   exchanges, 10% NXDOMAIN) cached; the bytes the cache accounts,
 *	   and the growth of VmRSS (/proc/self/status) over the same run.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <sys/types.h>

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cache.h"
#include "dns.h"
#include "xmalloc.h"

#define BENCH_NAMES	100000

struct bench_thread {
	struct cache	*c;
	char		**names;
	size_t		 nnames;
	long		 n;
	uint64_t	 seed;
	long		 bad;
};

static char	**bench_names;

/* bench_rand - xorshift64*: cheap, per thread, good enough here */
static uint64_t
bench_rand(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return (*s * 0x2545f4914f6cdd1dULL);
}

static double
bench_now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (ts.tv_sec + ts.tv_nsec / 1e9);
}

/* bench_rss_kb - VmRSS of this process, kB */
static long
bench_rss_kb(void)
{
	FILE	*fp;
	char	 line[256];
	long	 kb = -1;

	if ((fp = fopen("/proc/self/status", "r")) == NULL)
		return (-1);
	while (fgets(line, sizeof(line), fp) != NULL)
		if (sscanf(line, "VmRSS: %ld kB", &kb) == 1)
			break;
	fclose(fp);
	return (kb);
}

/*
 * bench_fetch - a typical answer for a name, at once.  The name's
 * number picks the kind: see part 3 above.
 */
static int
bench_fetch(void *arg, const char *name, int type, struct dns_answer *out)
{
	unsigned long	 k = strtoul(name + 1, NULL, 10);
	size_t		 i;

	(void)arg;
	memset(out, 0, sizeof(*out));
	out->type = type;
	out->ttl = 3600;
	switch (k % 10) {
	case 0:
		out->status = DNS_NXDOMAIN;
		out->ttl = 900;
		return (CACHE_FETCH_SHARE);
	case 1:			/* MX */
		out->n = 2;
		out->name = xcalloc(2, sizeof(*out->name));
		xasprintf(&out->name[0], "mx1.mail-%lu.example.net", k);
		xasprintf(&out->name[1], "mx2.mail-%lu.example.net", k);
		break;
	case 2: case 3: case 4: case 5:	/* A */
		out->n = 1 + k % 4;
		out->addr = xcalloc(out->n, sizeof(*out->addr));
		for (i = 0; i < out->n; i++) {
			out->addr[i].af = AF_INET;
			out->addr[i].a[0] = 198;
			out->addr[i].a[1] = 51;
			out->addr[i].a[2] = (uint8_t)(k >> 8);
			out->addr[i].a[3] = (uint8_t)(k + i);
		}
		break;
	default:		/* TXT */
		out->n = 1 + (k % 3 == 0);
		out->name = xcalloc(out->n, sizeof(*out->name));
		xasprintf(&out->name[0], "v=spf1 ip4:198.51.%lu.0/24 "
		    "include:_spf.mail-%lu.example.net ~all", k % 256, k);
		if (out->n == 2)
			xasprintf(&out->name[1], "google-site-verification="
			    "%08lx%08lxAbCdEfGhIjKlMnOpQrStUv", k, k * 7919);
		break;
	}
	return (CACHE_FETCH_SHARE);
}

static void
bench_ask(struct cache *c, const char *name, int type)
{
	struct dns_answer	a;

	cache_query(c, name, type, INT64_MAX, bench_fetch, NULL, &a);
	dns_answer_free(&a);
}

static int
bench_type(unsigned long k)
{
	switch (k % 10) {
	case 1:
		return (ns_t_mx);
	case 2: case 3: case 4: case 5:
		return (ns_t_a);
	}
	return (ns_t_txt);
}

static struct cache *
bench_cache(size_t bytes, size_t entries, unsigned slabs)
{
	struct cache_limits	lim;

	memset(&lim, 0, sizeof(lim));
	lim.max_bytes = bytes;
	lim.max_entries = entries;
	lim.slabs = slabs;
	lim.max_ttl = 86400;
	lim.negative_max_ttl = 3600;
	lim.error_ttl = 5;
	return (cache_new(&lim));
}

static void *
bench_worker(void *arg)
{
	struct bench_thread	*t = arg;
	struct dns_answer	 a;
	unsigned long		 k;
	long			 i;

	for (i = 0; i < t->n; i++) {
		k = bench_rand(&t->seed) % t->nnames;
		cache_query(t->c, t->names[k], bench_type(k), INT64_MAX,
		    bench_fetch, NULL, &a);
		if (a.status != DNS_OK && a.status != DNS_NXDOMAIN)
			t->bad++;
		dns_answer_free(&a);
	}
	return (NULL);
}

/* Part 1. */
static void
bench_throughput(long n, unsigned slabs)
{
	struct cache		*c;
	struct bench_thread	 t[2];
	struct cache_stats	 st;
	pthread_t		 th[2];
	double			 t0, dt;
	int			 nt, i;

	c = bench_cache((size_t)1 << 30, 1000000, slabs);
	for (i = 0; i < BENCH_NAMES; i++)
		bench_ask(c, bench_names[i], bench_type(i));
	for (nt = 1; nt <= 2; nt++) {
		for (i = 0; i < nt; i++) {
			t[i].c = c;
			t[i].names = bench_names;
			t[i].nnames = BENCH_NAMES;
			t[i].n = n;
			t[i].seed = 0x9e3779b97f4a7c15ULL * (i + 1);
			t[i].bad = 0;
		}
		t0 = bench_now();
		for (i = 0; i < nt; i++)
			pthread_create(&th[i], NULL, bench_worker, &t[i]);
		for (i = 0; i < nt; i++)
			pthread_join(th[i], NULL);
		dt = bench_now() - t0;
		printf("warm lookups, %2u slab(s), %d thread(s): %.2f M/s "
		    "(%.0f ns per lookup per thread)\n", slabs, nt,
		    nt * n / dt / 1e6, dt * 1e9 / n);
	}
	cache_stats(c, &st);
	if (st.misses != BENCH_NAMES)
		printf("  (unexpected misses: %llu)\n",
		    (unsigned long long)st.misses);
	cache_free(c);
}

/* Part 2. */
static void
bench_zipf(long keys, double s)
{
	double			*cdf, sum = 0, u;
	struct cache		*c;
	struct cache_stats	 st, st0;
	uint64_t		 seed = 42;
	char			 name[32];
	long			 i, j, lo, hi, lookups = 5000000;
	static const double	 share[] = { 0.01, 0.10, 0.30 };

	cdf = xreallocarray(NULL, keys, sizeof(*cdf));
	for (i = 0; i < keys; i++)
		cdf[i] = (sum += 1.0 / pow(i + 1, s));
	for (j = 0; j < 3; j++) {
		c = bench_cache((size_t)1 << 30, (size_t)(keys * share[j]),
		    0);
		for (i = 0; i < keys; i++) {
			snprintf(name, sizeof(name), "z%ld.example", i);
			bench_ask(c, name, ns_t_txt);
		}
		cache_stats(c, &st0);
		for (i = 0; i < lookups; i++) {
			/* Inverse CDF by binary search. */
			u = (bench_rand(&seed) >> 11) * 0x1.0p-53 * sum;
			for (lo = 0, hi = keys - 1; lo < hi;) {
				long	mid = (lo + hi) / 2;

				if (cdf[mid] < u)
					lo = mid + 1;
				else
					hi = mid;
			}
			/* Rank order is not name order: scatter the keys. */
			snprintf(name, sizeof(name), "z%ld.example",
			    (long)((uint64_t)lo * 2654435761u % keys));
			bench_ask(c, name, ns_t_txt);
		}
		cache_stats(c, &st);
		printf("zipf s=%.2f, %ld keys, cache holds %2.0f%% "
		    "(%zu entries): hit ratio %.1f%%\n", s, keys,
		    share[j] * 100, st.max_entries,
		    100.0 * (st.hits - st0.hits) / lookups);
		cache_free(c);
	}
	free(cdf);
}

/* Part 3. */
static void
bench_memory(void)
{
	struct cache		*c;
	struct cache_stats	 st;
	char			 line[CACHE_STATS_TEXT_MAX];
	long			 rss0, rss1, i;

	rss0 = bench_rss_kb();
	c = bench_cache((size_t)1 << 30, 1000000, 0);
	for (i = 0; i < BENCH_NAMES; i++)
		bench_ask(c, bench_names[i], bench_type(i));
	rss1 = bench_rss_kb();
	cache_stats(c, &st);
	printf("memory, %d names: %zu bytes accounted (%.0f per entry), "
	    "VmRSS +%ld kB (%.0f bytes per entry)\n", BENCH_NAMES, st.bytes,
	    (double)st.bytes / st.entries, rss1 - rss0,
	    (rss1 - rss0) * 1024.0 / st.entries);
	printf("%s\n", cache_stats_text(c, line, sizeof(line)));
	cache_free(c);
}

int
main(int argc, char **argv)
{
	long	n = 2000000, keys = 1000000;
	double	s = 1.0;
	int	ch, i;

	while ((ch = getopt(argc, argv, "n:k:s:")) != -1) {
		switch (ch) {
		case 'n':
			n = atol(optarg);
			break;
		case 'k':
			keys = atol(optarg);
			break;
		case 's':
			s = atof(optarg);
			break;
		default:
			fprintf(stderr, "usage: cache_bench [-n lookups] "
			    "[-k keys] [-s exponent]\n");
			return (2);
		}
	}
	/* Names made before anything is measured: part 3 counts the cache. */
	bench_names = xcalloc(BENCH_NAMES, sizeof(*bench_names));
	for (i = 0; i < BENCH_NAMES; i++)
		xasprintf(&bench_names[i], "h%d.mail-%d.example-domain.com", i,
		    i * 7);
	bench_memory();
	bench_throughput(n, CACHE_SLABS_DEFAULT);
	bench_throughput(n, 1);
	bench_zipf(keys, s);
	for (i = 0; i < BENCH_NAMES; i++)
		free(bench_names[i]);
	free(bench_names);
	return (0);
}
