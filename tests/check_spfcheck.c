/*
 * NAME
 *	check_spfcheck - dns.c and spfcheck.c against a real DNS server
 * SYNOPSIS
 *	python3 tests/with_dns.py tests/check_spfcheck
 * DESCRIPTION
 *	TESTDNS_ADDR ("127.0.0.1:PORT") names an unbound serving
 *	tests/data/test.zone, with slow.example delegated to a server that
 *	never answers (tests/testdns.py).  Without it the program exits 77
 *	(skipped).  Only 127.0.0.1 is ever queried.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <check.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cache.h"
#include "cidr.h"
#include "config.h"
#include "dns.h"
#include "result.h"
#include "spfcheck.h"
#include "util.h"

#define RECEIVER	"mx.receiver.example"

static const char	*testdns;

/* A configuration built by hand (config.c is not needed). */
static void
test_config(struct config *cfg, const char *server, int lookup_time,
    int void_limit, int timeout_ms, int retries)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->lookup_time = lookup_time;
	cfg->void_limit = void_limit;
	cfg->dns_timeout = timeout_ms;
	cfg->dns_retries = retries;
	if (server != NULL)
		strlist_add(&cfg->dns_servers, server);
}

static struct spfcheck *
test_spfcheck(int lookup_time, int void_limit, int timeout_ms, int retries)
{
	struct config	 cfg;
	struct spfcheck	*sc;
	char		*cause = NULL;

	test_config(&cfg, testdns, lookup_time, void_limit, timeout_ms,
	    retries);
	sc = spfcheck_new(&cfg, RECEIVER, &cause);
	ck_assert_msg(sc != NULL, "spfcheck_new: %s", cause ? cause : "?");
	strlist_free(&cfg.dns_servers);
	return (sc);
}

static struct ipaddr
test_ip(const char *s)
{
	struct ipaddr	a;

	ck_assert_msg(ipaddr_parse(s, &a) == 0, "bad test address %s", s);
	return (a);
}

static double
test_now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (ts.tv_sec + ts.tv_nsec / 1e9);
}

/* One evaluation: mail from sender, or HELO when sender is NULL. */
static void
test_eval(struct spfcheck *sc, const char *ip, const char *sender,
    const char *helo, struct spf_outcome *o)
{
	struct ipaddr	a = test_ip(ip);

	if (sender == NULL)
		spfcheck_helo(sc, &a, helo, o);
	else
		spfcheck_mailfrom(sc, &a, sender, helo, o);
}

/*
 * The table: client, sender (NULL: HELO identity), HELO, wanted result,
 * wanted explanation, wanted no_mail_record.
 */
static const struct spf_row {
	const char	*ip;
	const char	*sender;
	const char	*helo;
	enum spf_result	 result;
	const char	*explanation;
	int		 no_mail;
} spf_rows[] = {
	/* The basic results. */
	{ "192.0.2.1", "a@pass.example", "mail.example.org", SPFR_PASS,
	    "sender SPF authorized", 0 },
	{ "192.0.2.1", "a@fail.example", "mail.example.org", SPFR_FAIL,
	    "SPF fail - not authorized", 0 },
	{ "192.0.2.1", "a@soft.example", "mail.example.org", SPFR_SOFTFAIL,
	    "domain owner discourages use of this host", 0 },
	{ "192.0.2.1", "a@neutral.example", "mail.example.org", SPFR_NEUTRAL,
	    "access neither permitted nor denied", 0 },
	/* None: no record, NXDOMAIN, not a domain. */
	{ "192.0.2.1", "a@nospf.example", "mail.example.org", SPFR_NONE,
	    "no SPF record", 0 },
	{ "192.0.2.1", "a@nx.example", "mail.example.org", SPFR_NONE,
	    "no SPF record", 0 },
	{ "192.0.2.1", "a@localhost", "mail.example.org", SPFR_NONE,
	    "no SPF record", 0 },
	{ "192.0.2.1", NULL, "localhost", SPFR_NONE, "no SPF record", 0 },
	{ "192.0.2.1", NULL, "[192.0.2.1]", SPFR_NONE, "no SPF record", 0 },
	{ "192.0.2.1", NULL, "", SPFR_NONE, "no SPF record", 0 },
	/* Permerror. */
	{ "192.0.2.1", "a@perm.example", "mail.example.org", SPFR_PERMERROR,
	    "SPF Permanent Error: Unknown mechanism found near 'foo:bar'", 0 },
	{ "192.0.2.1", "a@twice.example", "mail.example.org", SPFR_PERMERROR,
	    "SPF Permanent Error: Multiple SPF records for 'twice.example'",
	    0 },
	{ "192.0.2.1", "a@noneinc.example", "mail.example.org",
	    SPFR_PERMERROR,
	    "SPF Permanent Error: No SPF records for 'nospf.example'", 0 },
	/* Void lookups (limit 2 in these rows). */
	{ "192.0.2.1", "a@void.example", "mail.example.org", SPFR_PERMERROR,
	    "SPF Permanent Error: Void lookup limit of 2 exceeded", 0 },
	{ "192.0.2.1", "a@void2.example", "mail.example.org", SPFR_PASS,
	    "sender SPF authorized", 0 },
	/* The exp= lookup is not a void lookup. */
	{ "192.0.2.1", "a@voidexp.example", "mail.example.org", SPFR_FAIL,
	    "SPF fail - not authorized", 0 },
	{ "192.0.2.9", "a@pexp.example", "mail.example.org", SPFR_FAIL,
	    "Not from unknown (192.0.2.9)", 0 },
	/* exp= texts, literal spaces kept. */
	{ "192.0.2.1", "a@exp.example", "mail.example.org", SPFR_FAIL,
	    "Go away 192.0.2.1", 0 },
	{ "192.0.2.1", "a@exp2.example", "mail.example.org", SPFR_FAIL,
	    "Sender a@exp2.example from 192.0.2.1 not allowed by "
	    "exp2.example (seen by mx.receiver.example)", 0 },
	{ "192.0.2.1", "a@exptwo.example", "mail.example.org", SPFR_FAIL,
	    "SPF fail - not authorized", 0 },
	/* Mechanisms and modifiers. */
	{ "192.0.2.1", "a@a.example", "mail.example.org", SPFR_PASS,
	    "sender SPF authorized", 0 },
	{ "192.0.2.9", "a@a.example", "mail.example.org", SPFR_FAIL,
	    "SPF fail - not authorized", 0 },
	{ "192.0.2.1", "a@mx.example", "mail.example.org", SPFR_PASS,
	    "sender SPF authorized", 0 },
	{ "192.0.2.9", "a@mx.example", "mail.example.org", SPFR_FAIL,
	    "SPF fail - not authorized", 0 },
	{ "192.0.2.1", "a@inc.example", "mail.example.org", SPFR_PASS,
	    "sender SPF authorized", 0 },
	{ "198.51.100.1", "a@inc.example", "mail.example.org", SPFR_FAIL,
	    "SPF fail - not authorized", 0 },
	{ "192.0.2.1", "a@redir.example", "mail.example.org", SPFR_PASS,
	    "sender SPF authorized", 0 },
	{ "198.51.100.1", "a@redir.example", "mail.example.org", SPFR_FAIL,
	    "SPF fail - not authorized", 0 },
	/* IPv6, and IPv4-mapped IPv6 evaluated as IPv4. */
	{ "2001:db8::1", "a@v6.example", "mail.example.org", SPFR_PASS,
	    "sender SPF authorized", 0 },
	{ "2001:db9::1", "a@v6.example", "mail.example.org", SPFR_FAIL,
	    "SPF fail - not authorized", 0 },
	{ "2001:db8::25", "a@a6.example", "mail.example.org", SPFR_PASS,
	    "sender SPF authorized", 0 },
	{ "::ffff:192.0.2.1", "a@pass.example", "mail.example.org",
	    SPFR_PASS, "sender SPF authorized", 0 },
	{ "::ffff:198.51.100.7", "a@fail.example", "mail.example.org",
	    SPFR_PASS, "sender SPF authorized", 0 },
	{ "::ffff:192.0.2.1", "a@exp.example", "mail.example.org", SPFR_FAIL,
	    "Go away 192.0.2.1", 0 },
	/* No_Mail. */
	{ "192.0.2.1", "a@nomail.example", "mail.example.org", SPFR_FAIL,
	    "SPF fail - not authorized", 1 },
	{ "192.0.2.1", "a@soa.example", "mail.example.org", SPFR_FAIL,
	    "SPF fail - not authorized", 1 },
	/* Multi-string TXT, CNAME, TCP (answer over 1232 bytes). */
	{ "192.0.2.1", "a@multi.example", "mail.example.org", SPFR_PASS,
	    "sender SPF authorized", 0 },
	{ "198.51.100.1", "a@multi.example", "mail.example.org", SPFR_FAIL,
	    "SPF fail - not authorized", 0 },
	{ "192.0.2.1", "a@cname.example", "mail.example.org", SPFR_PASS,
	    "sender SPF authorized", 0 },
	{ "192.0.2.1", "a@big.example", "mail.example.org", SPFR_PASS,
	    "sender SPF authorized", 0 },
	/* Sender forms. */
	{ "192.0.2.1", "pass.example", "mail.example.org", SPFR_PASS,
	    "sender SPF authorized", 0 },
	{ "192.0.2.1", "a@b@pass.example", "localhost", SPFR_PASS,
	    "sender SPF authorized", 0 },
	{ "192.0.2.1", "a@PASS.Example.", "mail.example.org", SPFR_PASS,
	    "sender SPF authorized", 0 },
	/* HELO identity. */
	{ "192.0.2.1", NULL, "helo-pass.example", SPFR_PASS,
	    "sender SPF authorized", 0 },
	{ "192.0.2.1", NULL, "helo-fail.example", SPFR_FAIL,
	    "SPF fail - not authorized", 1 },
	{ "192.0.2.1", NULL, "helo-soft.example", SPFR_SOFTFAIL,
	    "domain owner discourages use of this host", 0 },
	{ "192.0.2.1", NULL, "helo-perm.example", SPFR_PERMERROR,
	    "SPF Permanent Error: Unknown mechanism found near 'bad:mech'", 0 },
	/* CVE-2023-42118 records: rejected, the process survives. */
	{ "192.0.2.1", "a@hostile.example", "mail.example.org",
	    SPFR_PERMERROR, "SPF Permanent Error: record rejected as unsafe "
	    "(CVE-2023-42118)", 0 },
	{ "192.0.2.1", "a@hostinc.example", "mail.example.org",
	    SPFR_PERMERROR, "SPF Permanent Error: record rejected as unsafe "
	    "(CVE-2023-42118)", 0 },
	{ "192.0.2.1", "a@hostexp.example", "mail.example.org", SPFR_FAIL,
	    "SPF fail - not authorized", 0 },
};
#define SPF_ROWS	(sizeof(spf_rows) / sizeof(spf_rows[0]))

START_TEST(test_spf_table)
{
	const struct spf_row	*r = &spf_rows[_i];
	struct spfcheck		*sc;
	struct spf_outcome	 o;

	sc = test_spfcheck(20, 2, 1000, 2);
	test_eval(sc, r->ip, r->sender, r->helo, &o);
	ck_assert_msg(o.result == r->result, "row %d (%s %s): result %s, "
	    "wanted %s (%s)", _i, r->ip, r->sender ? r->sender : r->helo,
	    spf_result_name(o.result), spf_result_name(r->result),
	    o.explanation);
	ck_assert_msg(strcmp(o.explanation, r->explanation) == 0,
	    "row %d (%s): explanation \"%s\", wanted \"%s\"", _i,
	    r->sender ? r->sender : r->helo, o.explanation, r->explanation);
	ck_assert_msg(o.no_mail_record == r->no_mail,
	    "row %d: no_mail_record %d", _i, o.no_mail_record);
	spfcheck_free(sc);
}
END_TEST

/* Temperror: an include that never answers, within the budget. */
START_TEST(test_temperror_timeout)
{
	struct spfcheck		*sc;
	struct spf_outcome	 o;
	double			 t0, dt;

	sc = test_spfcheck(2, 2, 300, 2);
	t0 = test_now();
	test_eval(sc, "192.0.2.1", "a@temp.example", "mail.example.org", &o);
	dt = test_now() - t0;
	ck_assert_int_eq(o.result, SPFR_TEMPERROR);
	ck_assert_str_eq(o.explanation,
	    "SPF Temporary Error: DNS timeout for 'slow.example' (TXT)");
	ck_assert_msg(dt < 4.0, "took %.2f s", dt);

	test_eval(sc, "192.0.2.1", NULL, "helo-temp.example", &o);
	ck_assert_int_eq(o.result, SPFR_TEMPERROR);
	ck_assert_str_eq(o.explanation,
	    "SPF Temporary Error: DNS timeout for 'slow.example' (TXT)");
	spfcheck_free(sc);
}
END_TEST

/* Temperror: the evaluation's lookup time runs out first. */
START_TEST(test_temperror_deadline)
{
	struct spfcheck		*sc;
	struct spf_outcome	 o;
	double			 t0, dt;

	sc = test_spfcheck(2, 2, 5000, 3);
	t0 = test_now();
	test_eval(sc, "192.0.2.1", "a@temp.example", "mail.example.org", &o);
	dt = test_now() - t0;
	ck_assert_int_eq(o.result, SPFR_TEMPERROR);
	ck_assert_str_eq(o.explanation,
	    "SPF Temporary Error: Lookup time of 2 seconds exceeded");
	ck_assert_msg(dt >= 1.9 && dt < 4.0, "took %.2f s", dt);
	spfcheck_free(sc);
}
END_TEST

/* A server that never answers: temperror within the budget. */
START_TEST(test_dead_server)
{
	struct sockaddr_in	 sin;
	socklen_t		 len = sizeof(sin);
	struct config		 cfg;
	struct spfcheck		*sc;
	struct spf_outcome	 o;
	char			 dead[64], *cause = NULL;
	double			 t0, dt;
	int			 fd;

	fd = socket(AF_INET, SOCK_DGRAM, 0);
	ck_assert_int_ne(fd, -1);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
	snprintf(dead, sizeof(dead), "127.0.0.1:%u", ntohs(sin.sin_port));

	test_config(&cfg, dead, 2, 2, 300, 2);
	sc = spfcheck_new(&cfg, RECEIVER, &cause);
	ck_assert_ptr_nonnull(sc);
	t0 = test_now();
	test_eval(sc, "192.0.2.1", "a@pass.example", "mail.example.org", &o);
	dt = test_now() - t0;
	ck_assert_int_eq(o.result, SPFR_TEMPERROR);
	ck_assert_str_eq(o.explanation,
	    "SPF Temporary Error: DNS timeout for 'pass.example' (TXT)");
	ck_assert_msg(dt >= 0.5 && dt < 4.0, "took %.2f s", dt);
	spfcheck_free(sc);

	/* The dead server first, the live one second: still an answer. */
	strlist_add(&cfg.dns_servers, testdns);
	sc = spfcheck_new(&cfg, RECEIVER, &cause);
	ck_assert_ptr_nonnull(sc);
	test_eval(sc, "192.0.2.1", "a@pass.example", "mail.example.org", &o);
	ck_assert_int_eq(o.result, SPFR_PASS);
	spfcheck_free(sc);
	strlist_free(&cfg.dns_servers);
	close(fd);
}
END_TEST

/* Void limit: the same record passes with a higher limit. */
START_TEST(test_void_limit)
{
	struct spfcheck		*sc;
	struct spf_outcome	 o;

	sc = test_spfcheck(20, 3, 1000, 2);
	test_eval(sc, "192.0.2.1", "a@void.example", "mail.example.org", &o);
	ck_assert_int_eq(o.result, SPFR_PASS);
	spfcheck_free(sc);

	sc = test_spfcheck(20, 1, 1000, 2);
	test_eval(sc, "192.0.2.1", "a@void2.example", "mail.example.org", &o);
	ck_assert_int_eq(o.result, SPFR_PERMERROR);
	ck_assert_str_eq(o.explanation,
	    "SPF Permanent Error: Void lookup limit of 1 exceeded");
	spfcheck_free(sc);
}
END_TEST

/* The --check trace. */
struct trace_buf {
	char	text[8192];
};

static void
trace_collect(void *arg, const char *line)
{
	struct trace_buf	*t = arg;
	size_t			 len = strlen(t->text);

	snprintf(t->text + len, sizeof(t->text) - len, "%s\n", line);
}

/* RFC 7208 section 7.3: an expanded name over 253 bytes is cut. */
START_TEST(test_name_truncation)
{
	struct spfcheck		*sc;
	struct spf_outcome	 o;
	struct trace_buf	 t;
	char			 sender[400], *p = sender;
	const char		*c;

	for (c = "abcde"; *c != '\0'; c++) {
		memset(p, *c, 60);
		p += 60;
		*p++ = c[1] != '\0' ? '.' : '@';
	}
	strcpy(p, "trunc.example");
	sc = test_spfcheck(20, 2, 1000, 2);
	memset(&t, 0, sizeof(t));
	spfcheck_set_trace(sc, trace_collect, &t);
	test_eval(sc, "192.0.2.1", sender, "mail.example.org", &o);
	ck_assert_msg(o.result == SPFR_PASS, "%s", t.text);
	test_eval(sc, "192.0.2.2", sender, "mail.example.org", &o);
	ck_assert_int_eq(o.result, SPFR_FAIL);
	spfcheck_free(sc);
}
END_TEST

START_TEST(test_trace)
{
	struct spfcheck		*sc;
	struct spf_outcome	 o;
	struct trace_buf	 t;

	sc = test_spfcheck(2, 2, 300, 2);
	memset(&t, 0, sizeof(t));
	spfcheck_set_trace(sc, trace_collect, &t);
	test_eval(sc, "192.0.2.1", "a@void.example", "mail.example.org", &o);
	ck_assert_msg(strstr(t.text, "TXT void.example: OK, 1 record(s), "
	    "ttl 300\n") != NULL, "%s", t.text);
	ck_assert_msg(strstr(t.text, "A nx1.void.example: NXDOMAIN (void "
	    "lookup 1 of 2)\n") != NULL, "%s", t.text);
	ck_assert_msg(strstr(t.text, "A nx3.void.example: NXDOMAIN (void "
	    "lookup 3 of 2, limit exceeded)\n") != NULL, "%s", t.text);
	ck_assert_msg(strstr(t.text, "result: Permerror (SPF Permanent "
	    "Error: Void lookup limit of 2 exceeded)\n") != NULL, "%s",
	    t.text);

	memset(&t, 0, sizeof(t));
	test_eval(sc, "192.0.2.1", "a@temp.example", "mail.example.org", &o);
	ck_assert_msg(strstr(t.text, "TXT slow.example: TIMEOUT\n") != NULL,
	    "%s", t.text);

	memset(&t, 0, sizeof(t));
	test_eval(sc, "192.0.2.1", "a@exp.example", "mail.example.org", &o);
	ck_assert_msg(strstr(t.text, "TXT why.exp.example: OK, 1 record(s), "
	    "ttl 300 (explanation)\n") != NULL, "%s", t.text);

	memset(&t, 0, sizeof(t));
	test_eval(sc, "192.0.2.1", "a@exptwo.example", "mail.example.org", &o);
	ck_assert_msg(strstr(t.text, "TXT why.exptwo.example: OK, 2 "
	    "record(s), ttl 300 (explanation: not exactly one record)\n") !=
	    NULL, "%s", t.text);

	memset(&t, 0, sizeof(t));
	test_eval(sc, "192.0.2.1", "a@voidexp.example", "mail.example.org",
	    &o);
	ck_assert_msg(strstr(t.text, "TXT nx3.void.example: NXDOMAIN "
	    "(explanation)\n") != NULL, "%s", t.text);

	memset(&t, 0, sizeof(t));
	test_eval(sc, "192.0.2.1", "a@hostile.example", "mail.example.org",
	    &o);
	ck_assert_msg(strstr(t.text, "TXT hostile.example: OK, 1 record(s), "
	    "ttl 300 (record rejected as unsafe)\n") != NULL, "%s", t.text);

	spfcheck_set_trace(sc, NULL, NULL);
	memset(&t, 0, sizeof(t));
	test_eval(sc, "192.0.2.1", "a@pass.example", "mail.example.org", &o);
	ck_assert_str_eq(t.text, "");
	spfcheck_free(sc);
}
END_TEST

/* HELO_Whitelist and Domain_Whitelist_PTR helpers. */
START_TEST(test_helpers)
{
	struct spfcheck	*sc;
	struct ipaddr	 a;
	char		 buf[256], small[8];

	sc = test_spfcheck(20, 2, 300, 2);
	a = test_ip("192.0.2.77");
	ck_assert_int_eq(spfcheck_host_has_addr(sc, "helo.relay.example", &a,
	    5), 1);
	a = test_ip("::ffff:192.0.2.77");
	ck_assert_int_eq(spfcheck_host_has_addr(sc, "helo.relay.example", &a,
	    5), 1);
	a = test_ip("192.0.2.1");
	ck_assert_int_eq(spfcheck_host_has_addr(sc, "helo.relay.example", &a,
	    5), 0);
	ck_assert_int_eq(spfcheck_host_has_addr(sc, "nx.relay.example", &a,
	    5), 0);
	ck_assert_int_eq(spfcheck_host_has_addr(sc, "slow.example", &a, 1),
	    0);
	a = test_ip("2001:db8::25");
	ck_assert_int_eq(spfcheck_host_has_addr(sc, "a6.example", &a, 5), 1);

	a = test_ip("192.0.2.1");
	ck_assert_int_eq(spfcheck_ptr_name(sc, &a, buf, sizeof(buf), 5), 0);
	ck_assert_str_eq(buf, "mail.trusted.example");
	ck_assert_int_eq(spfcheck_ptr_name(sc, &a, small, sizeof(small), 5),
	    -1);
	a = test_ip("::ffff:192.0.2.1");
	ck_assert_int_eq(spfcheck_ptr_name(sc, &a, buf, sizeof(buf), 5), 0);
	ck_assert_str_eq(buf, "mail.trusted.example");
	a = test_ip("2001:db8::1");
	ck_assert_int_eq(spfcheck_ptr_name(sc, &a, buf, sizeof(buf), 5), 0);
	ck_assert_str_eq(buf, "mail6.trusted.example");
	a = test_ip("192.0.2.2");
	ck_assert_int_eq(spfcheck_ptr_name(sc, &a, buf, sizeof(buf), 5), -1);
	spfcheck_free(sc);
}
END_TEST

/* spfcheck_new() and dns_resolver_new() reject bad servers. */
static const struct server_row {
	const char	*server;
	int		 ok;
} server_rows[] = {
	{ "127.0.0.1", 1 },
	{ "127.0.0.1:5353", 1 },
	{ "::1", 1 },
	{ "[::1]", 1 },
	{ "[::1]:53", 1 },
	{ "[127.0.0.1]:53", 1 },
	{ "2001:db8::53", 1 },
	{ "bogus", 0 },
	{ "example.org", 0 },
	{ "127.0.0.1:", 0 },
	{ "127.0.0.1:0", 0 },
	{ "127.0.0.1:65536", 0 },
	{ "127.0.0.1:+53", 0 },
	{ "127.0.0.1:53x", 0 },
	{ "[::1", 0 },
	{ "[::1]x", 0 },
	{ "[]:53", 0 },
	{ "", 0 },
	{ "127.1", 0 },
};

START_TEST(test_servers)
{
	const struct server_row	*r = &server_rows[_i];
	struct strlist		 l = { NULL, 0 };
	struct dns_resolver	*res;
	char			*cause = NULL;

	strlist_add(&l, r->server);
	res = dns_resolver_new(&l, 300, 1, &cause);
	if (r->ok) {
		ck_assert_msg(res != NULL, "%s: %s", r->server, cause);
		dns_resolver_free(res);
	} else {
		ck_assert_msg(res == NULL, "%s accepted", r->server);
		ck_assert_ptr_nonnull(cause);
		ck_assert_msg(strncmp(cause, "dns server \"", 12) == 0, "%s",
		    cause);
		free(cause);
	}
	strlist_free(&l);
}
END_TEST

START_TEST(test_spfcheck_new_error)
{
	struct config	 cfg;
	char		*cause = NULL;

	test_config(&cfg, "not-an-address", 20, 2, 300, 2);
	ck_assert_ptr_null(spfcheck_new(&cfg, RECEIVER, &cause));
	ck_assert_str_eq(cause, "dns server \"not-an-address\": not an IP "
	    "address");
	free(cause);
	strlist_free(&cfg.dns_servers);
}
END_TEST

/* dns_query() itself. */
static struct dns_resolver *
test_resolver(void)
{
	struct strlist		 l = { NULL, 0 };
	struct dns_resolver	*r;
	char			*cause = NULL;

	strlist_add(&l, testdns);
	r = dns_resolver_new(&l, 1000, 2, &cause);
	ck_assert_ptr_nonnull(r);
	strlist_free(&l);
	return (r);
}

START_TEST(test_dns_query)
{
	struct dns_resolver	*r = test_resolver();
	struct dns_answer	 a;
	char			 buf[64], longlabel[80], longname[300];
	size_t			 i;

	dns_query(r, "helo.relay.example", ns_t_a, &a);
	ck_assert_int_eq(a.status, DNS_OK);
	ck_assert_int_eq(a.n, 1);
	ck_assert_uint_eq(a.ttl, 300);
	ipaddr_format(&a.addr[0], buf, sizeof(buf));
	ck_assert_str_eq(buf, "192.0.2.77");
	dns_answer_free(&a);

	dns_query(r, "a6.example.", ns_t_aaaa, &a);
	ck_assert_int_eq(a.status, DNS_OK);
	ipaddr_format(&a.addr[0], buf, sizeof(buf));
	ck_assert_str_eq(buf, "2001:db8::25");
	dns_answer_free(&a);

	dns_query(r, "MULTI.example", ns_t_txt, &a);
	ck_assert_int_eq(a.status, DNS_OK);
	ck_assert_int_eq(a.n, 1);
	ck_assert_str_eq(a.name[0], "v=spf1 ip4:192.0.2.0/24 -all");
	dns_answer_free(&a);

	dns_query(r, "twice.example", ns_t_txt, &a);
	ck_assert_int_eq(a.status, DNS_OK);
	ck_assert_int_eq(a.n, 2);
	dns_answer_free(&a);

	/* CNAME chain, lowest TTL of the records used. */
	dns_query(r, "cname.example", ns_t_txt, &a);
	ck_assert_int_eq(a.status, DNS_OK);
	ck_assert_int_eq(a.n, 1);
	ck_assert_str_eq(a.name[0], "v=spf1 ip4:192.0.2.0/24 -all");
	ck_assert_uint_eq(a.ttl, 60);
	dns_answer_free(&a);

	dns_query(r, "mx.example", ns_t_mx, &a);
	ck_assert_int_eq(a.status, DNS_OK);
	ck_assert_str_eq(a.name[0], "mail.mx.example");
	dns_answer_free(&a);

	dns_query(r, "1.2.0.192.in-addr.arpa", ns_t_ptr, &a);
	ck_assert_int_eq(a.status, DNS_OK);
	ck_assert_str_eq(a.name[0], "mail.trusted.example");
	dns_answer_free(&a);

	/* Over 1232 bytes: truncated over UDP, asked again over TCP. */
	dns_query(r, "big.example", ns_t_txt, &a);
	ck_assert_int_eq(a.status, DNS_OK);
	ck_assert_int_eq(a.n, 7);
	dns_answer_free(&a);
	dns_query(r, "hostile.example", ns_t_txt, &a);
	ck_assert_int_eq(a.status, DNS_OK);
	ck_assert_int_eq(a.n, 1);
	ck_assert_int_eq(strlen(a.name[0]), 9 + 127 * 4 + 4000);
	dns_answer_free(&a);

	/* Negative answers; TTL from the SOA when there is one. */
	dns_query(r, "nx.example", ns_t_a, &a);
	ck_assert_int_eq(a.status, DNS_NXDOMAIN);
	ck_assert_int_eq(a.n, 0);
	dns_answer_free(&a);
	dns_query(r, "pass.example", ns_t_a, &a);
	ck_assert_int_eq(a.status, DNS_NODATA);
	dns_answer_free(&a);
	dns_query(r, "nx.soa.example", ns_t_a, &a);
	ck_assert_int_eq(a.status, DNS_NXDOMAIN);
	ck_assert_uint_eq(a.ttl, 45);
	dns_answer_free(&a);
	dns_query(r, "soa.example", ns_t_mx, &a);
	ck_assert_int_eq(a.status, DNS_NODATA);
	ck_assert_uint_eq(a.ttl, 45);
	dns_answer_free(&a);

	/* Names that cannot be sent. */
	memset(longlabel, 'a', 64);
	strcpy(longlabel + 64, ".example");
	dns_query(r, longlabel, ns_t_a, &a);
	ck_assert_int_eq(a.status, DNS_ERROR);
	longlabel[1] = '.';	/* 1 + 62 byte labels: fine */
	dns_query(r, longlabel, ns_t_a, &a);
	ck_assert_int_eq(a.status, DNS_NXDOMAIN);
	dns_query(r, "a..example", ns_t_a, &a);
	ck_assert_int_eq(a.status, DNS_ERROR);
	dns_query(r, "", ns_t_a, &a);
	ck_assert_int_eq(a.status, DNS_ERROR);
	dns_query(r, ".", ns_t_a, &a);
	ck_assert_int_eq(a.status, DNS_ERROR);
	memset(longname, 0, sizeof(longname));
	for (i = 0; i < 254; i++)
		longname[i] = i % 10 == 9 ? '.' : 'x';
	dns_query(r, longname, ns_t_a, &a);
	ck_assert_int_eq(a.status, DNS_ERROR);
	dns_query(r, "pass.example", ns_t_soa, &a);
	ck_assert_int_eq(a.status, DNS_ERROR);

	ck_assert_str_eq(dns_status_name(DNS_OK), "OK");
	ck_assert_str_eq(dns_status_name(DNS_NXDOMAIN), "NXDOMAIN");
	ck_assert_str_eq(dns_status_name(DNS_NODATA), "NODATA");
	ck_assert_str_eq(dns_status_name(DNS_SERVFAIL), "SERVFAIL");
	ck_assert_str_eq(dns_status_name(DNS_TIMEOUT), "TIMEOUT");
	ck_assert_str_eq(dns_status_name(DNS_ERROR), "ERROR");
	dns_resolver_free(r);
}
END_TEST

/* dns_query() under an evaluation's deadline. */
START_TEST(test_dns_deadline)
{
	struct dns_resolver	*r = test_resolver();
	struct dns_answer	 a;
	struct dns_eval		 ev;
	double			 t0, dt;

	dns_eval_begin(&ev, 1, 2);
	t0 = test_now();
	dns_query(r, "slow.example", ns_t_txt, &a);
	dt = test_now() - t0;
	ck_assert_int_eq(a.status, DNS_TIMEOUT);
	ck_assert_msg(dt >= 0.9 && dt < 2.5, "took %.2f s", dt);
	/* Past the deadline: at once, no packet. */
	t0 = test_now();
	dns_query(r, "pass.example", ns_t_txt, &a);
	ck_assert_int_eq(a.status, DNS_TIMEOUT);
	ck_assert_msg(test_now() - t0 < 0.1, "not at once");
	dns_eval_end(&ev);
	dns_query(r, "pass.example", ns_t_txt, &a);
	ck_assert_int_eq(a.status, DNS_OK);
	dns_answer_free(&a);
	dns_resolver_free(r);
}
END_TEST

/*
 * dns_query() through a cache: a repeated question, also through the
 * libspf2 layer, is answered from it; a timeout is kept only when the
 * servers, not the evaluation's deadline, ran out of time.
 */
START_TEST(test_dns_cache)
{
	struct dns_resolver	*r = test_resolver(), *r2;
	struct cache_limits	 lim;
	struct cache		*c;
	struct cache_stats	 st;
	struct strlist		 l = { NULL, 0 };
	struct dns_answer	 a;
	struct dns_eval		 ev;
	SPF_dns_server_t	*layer;
	SPF_dns_rr_t		*rr;
	enum dns_status		 first;
	char			*cause = NULL;
	double			 t0;

	memset(&lim, 0, sizeof(lim));
	lim.max_bytes = 1 << 20;
	lim.max_entries = 1000;
	lim.max_ttl = 3600;
	lim.negative_max_ttl = 3600;
	lim.error_ttl = 30;
	c = cache_new(&lim);
	dns_resolver_set_cache(r, c);
	cache_free(c);				/* r holds it now */
	ck_assert_ptr_eq(dns_resolver_cache(r), c);

	dns_query(r, "pass.example", ns_t_txt, &a);
	ck_assert_int_eq(a.status, DNS_OK);
	dns_answer_free(&a);
	dns_query(r, "PASS.example.", ns_t_txt, &a);
	ck_assert_int_eq(a.status, DNS_OK);
	ck_assert_uint_eq(a.n, 1);
	ck_assert_str_eq(a.name[0], "v=spf1 ip4:192.0.2.0/24 -all");
	ck_assert_msg(a.ttl >= 298 && a.ttl <= 300, "ttl %u", a.ttl);
	dns_answer_free(&a);
	dns_query(r, "nx.example", ns_t_a, &a);		/* not kept: no SOA */
	ck_assert_int_eq(a.status, DNS_NXDOMAIN);
	cache_stats(c, &st);
	ck_assert_uint_eq(st.hits, 1);
	ck_assert_uint_eq(st.misses, 2);

	/* As an evaluation asks: through the libspf2 layer. */
	layer = dns_spf_layer_new(r);
	rr = SPF_dns_lookup(layer, "pass.example", ns_t_txt, 1);
	ck_assert_int_eq(rr->herrno, NETDB_SUCCESS);
	ck_assert_int_eq(rr->num_rr, 1);
	SPF_dns_rr_free(rr);
	dns_spf_layer_free(layer);
	cache_stats(c, &st);
	ck_assert_uint_eq(st.hits, 2);

	/* Our deadline ran out, not the servers' time: not kept. */
	dns_eval_begin(&ev, 1, 2);
	dns_query(r, "slow.example", ns_t_txt, &a);
	ck_assert_int_eq(a.status, DNS_TIMEOUT);
	dns_eval_end(&ev);
	cache_stats(c, &st);
	ck_assert_uint_eq(st.entries, 1);

	/*
	 * Another resolver sharing the cache (as across a reload), whose
	 * one try of 300 ms runs out with no deadline near: the servers'
	 * failure, kept for error_ttl.
	 */
	strlist_add(&l, testdns);
	r2 = dns_resolver_new(&l, 300, 1, &cause);
	ck_assert_ptr_nonnull(r2);
	strlist_free(&l);
	dns_resolver_set_cache(r2, dns_resolver_cache(r));
	dns_resolver_free(r);
	dns_query(r2, "slow.example", ns_t_txt, &a);
	first = a.status;
	ck_assert_msg(first == DNS_TIMEOUT || first == DNS_SERVFAIL, "%s",
	    dns_status_name(first));
	t0 = test_now();
	dns_query(r2, "slow.example", ns_t_txt, &a);
	ck_assert_int_eq(a.status, first);
	ck_assert_msg(test_now() - t0 < 0.1, "not from the cache");
	cache_stats(c, &st);
	ck_assert_uint_eq(st.hits, 3);
	ck_assert_uint_eq(st.entries, 2);
	dns_resolver_free(r2);
}
END_TEST

/* Eight threads share one spfcheck. */
#define CONC_THREADS	8
#define CONC_EVALS	200

/* Any rows will do: each result is checked against its own row. */
static const int conc_rows[] = { 0, 1, 2, 3, 4, 13, 14, 16, 17, 21, 30, 37 };

static void *
conc_worker(void *arg)
{
	struct spfcheck		*sc = arg;
	struct spf_outcome	 o;
	const struct spf_row	*r;
	long			 bad = 0;
	int			 i;
	unsigned		 seed = (unsigned)(uintptr_t)&o;

	for (i = 0; i < CONC_EVALS; i++) {
		r = &spf_rows[conc_rows[rand_r(&seed) %
		    (sizeof(conc_rows) / sizeof(conc_rows[0]))]];
		test_eval(sc, r->ip, r->sender, r->helo, &o);
		if (o.result != r->result ||
		    strcmp(o.explanation, r->explanation) != 0)
			bad++;
	}
	return ((void *)bad);
}

START_TEST(test_concurrency)
{
	struct spfcheck	*sc;
	pthread_t	 th[CONC_THREADS];
	void		*bad;
	long		 total = 0;
	int		 i;
	double		 t0, dt;

	sc = test_spfcheck(20, 2, 1000, 2);
	t0 = test_now();
	for (i = 0; i < CONC_THREADS; i++)
		ck_assert_int_eq(pthread_create(&th[i], NULL, conc_worker, sc),
		    0);
	for (i = 0; i < CONC_THREADS; i++) {
		pthread_join(th[i], &bad);
		total += (long)bad;
	}
	dt = test_now() - t0;
	fprintf(stderr, "concurrency: %d evaluations in %.2f s\n",
	    CONC_THREADS * CONC_EVALS, dt);
	ck_assert_int_eq(total, 0);
	spfcheck_free(sc);
}
END_TEST

/* Rough timing of one warm evaluation (printed, not asserted). */
START_TEST(test_timing)
{
	struct spfcheck		*sc;
	struct spf_outcome	 o;
	double			 t0, dt;
	int			 i, n = 200;

	sc = test_spfcheck(20, 2, 1000, 2);
	t0 = test_now();
	for (i = 0; i < n; i++)
		test_eval(sc, "192.0.2.1", "a@pass.example", "mail.example.org",
		    &o);
	dt = test_now() - t0;
	fprintf(stderr, "timing: pass.example (1 lookup) %.3f ms/eval\n",
	    dt * 1000 / n);
	t0 = test_now();
	for (i = 0; i < n; i++)
		test_eval(sc, "192.0.2.9", "a@mx.example", "mail.example.org",
		    &o);
	dt = test_now() - t0;
	fprintf(stderr, "timing: mx.example fail (3 lookups) %.3f ms/eval\n",
	    dt * 1000 / n);
	ck_assert_int_eq(o.result, SPFR_FAIL);
	spfcheck_free(sc);
}
END_TEST

static Suite *
spfcheck_suite(void)
{
	Suite	*s = suite_create("spfcheck");
	TCase	*tc;

	tc = tcase_create("table");
	tcase_set_timeout(tc, 30);
	tcase_add_loop_test(tc, test_spf_table, 0, SPF_ROWS);
	suite_add_tcase(s, tc);

	tc = tcase_create("dns");
	tcase_set_timeout(tc, 30);
	tcase_add_loop_test(tc, test_servers, 0,
	    sizeof(server_rows) / sizeof(server_rows[0]));
	tcase_add_test(tc, test_spfcheck_new_error);
	tcase_add_test(tc, test_dns_query);
	tcase_add_test(tc, test_dns_deadline);
	tcase_add_test(tc, test_dns_cache);
	suite_add_tcase(s, tc);

	tc = tcase_create("limits");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_temperror_timeout);
	tcase_add_test(tc, test_temperror_deadline);
	tcase_add_test(tc, test_dead_server);
	tcase_add_test(tc, test_void_limit);
	tcase_add_test(tc, test_name_truncation);
	tcase_add_test(tc, test_trace);
	tcase_add_test(tc, test_helpers);
	suite_add_tcase(s, tc);

	tc = tcase_create("threads");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_concurrency);
	tcase_add_test(tc, test_timing);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	SRunner	*sr;
	int	 failed;

	if ((testdns = getenv("TESTDNS_ADDR")) == NULL) {
		fprintf(stderr, "check_spfcheck: TESTDNS_ADDR not set "
		    "(run it through tests/with_dns.py): skipped\n");
		return (77);
	}
	sr = srunner_create(spfcheck_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return (failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE);
}
