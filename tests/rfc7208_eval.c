/*
 * NAME
 *	rfc7208_eval - evaluate SPF checks read from stdin (for test_rfc7208)
 * SYNOPSIS
 *	rfc7208_eval SERVER
 *	rfc7208_eval
 * DESCRIPTION
 *	With a DNS server ("127.0.0.1:PORT"), reads lines "client<TAB>
 *	mailfrom<TAB>helo" from stdin and, for each, writes one line
 *	"result<TAB>explanation" (the RFC 7208 spelling of the result:
 *	"pass", "permerror", ...) and flushes it.  An empty mailfrom
 *	checks the HELO identity (spfcheck_helo()), any other the MAIL
 *	FROM identity (spfcheck_mailfrom()), as an RFC 7208 test suite
 *	driver does.  The checks run through the library exactly as the
 *	daemon runs them: lookup time 20 s, void limit 2, 1 s per try, 2
 *	tries, no cache, receiving host "mx.receiver.example".
 *	tests/test_rfc7208.py drives it.
 *
 *	Without arguments (as make check runs every check program) it is
 *	a smoke test against TESTDNS_ADDR (tests/data/test.zone): one
 *	check that must pass; exit status 77 (skipped) without TESTDNS_ADDR.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <sys/types.h>
#include <netinet/in.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cidr.h"
#include "config.h"
#include "result.h"
#include "spfcheck.h"
#include "util.h"

#define EVAL_RECEIVER	"mx.receiver.example"
#define EVAL_LINE_MAX	4096

static struct spfcheck	*eval_new(const char *);
static int		 eval_one(struct spfcheck *, const char *,
			    const char *, const char *, struct spf_outcome *);

/* eval_new - a spfcheck on one DNS server */
static struct spfcheck *
eval_new(const char *server)
{
	struct config	 cfg;
	struct spfcheck	*sc;
	char		*cause = NULL;

	memset(&cfg, 0, sizeof(cfg));
	cfg.lookup_time = 20;
	cfg.void_limit = 2;
	cfg.dns_timeout = 1000;
	cfg.dns_retries = 2;
	strlist_add(&cfg.dns_servers, server);
	sc = spfcheck_new(&cfg, EVAL_RECEIVER, &cause);
	strlist_free(&cfg.dns_servers);
	if (sc == NULL) {
		fprintf(stderr, "rfc7208_eval: %s\n", cause != NULL ? cause :
		    "cannot start");
		free(cause);
	}
	return (sc);
}

/* eval_one - one check; -1 for a bad client address */
static int
eval_one(struct spfcheck *sc, const char *client, const char *mailfrom,
    const char *helo, struct spf_outcome *out)
{
	struct ipaddr	ip;

	if (ipaddr_parse(client, &ip) == -1)
		return (-1);
	if (mailfrom[0] == '\0')
		spfcheck_helo(sc, &ip, helo, out);
	else
		spfcheck_mailfrom(sc, &ip, mailfrom, helo, out);
	return (0);
}

int
main(int argc, char *argv[])
{
	struct spfcheck		*sc;
	struct spf_outcome	 out;
	const char		*server;
	char			 line[EVAL_LINE_MAX], *client, *mailfrom, *helo;
	char			*p;
	int			 rc = 0;

	if (argc == 1) {
		if ((server = getenv("TESTDNS_ADDR")) == NULL) {
			fprintf(stderr, "rfc7208_eval: TESTDNS_ADDR not set: "
			    "skipped\n");
			return (77);
		}
		if ((sc = eval_new(server)) == NULL)
			return (1);
		if (eval_one(sc, "192.0.2.1", "a@pass.example",
		    "mail.example.org", &out) == -1 ||
		    out.result != SPFR_PASS) {
			fprintf(stderr, "rfc7208_eval: smoke test: %s (%s), "
			    "wanted pass\n", spf_result_lower(out.result),
			    out.explanation);
			rc = 1;
		}
		spfcheck_free(sc);
		return (rc);
	}
	if (argc != 2) {
		fprintf(stderr, "usage: rfc7208_eval [SERVER]\n");
		return (2);
	}
	if ((sc = eval_new(argv[1])) == NULL)
		return (1);
	while (fgets(line, sizeof(line), stdin) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		client = line;
		if ((p = strchr(client, '\t')) == NULL)
			goto bad;
		*p++ = '\0';
		mailfrom = p;
		if ((p = strchr(mailfrom, '\t')) == NULL)
			goto bad;
		*p++ = '\0';
		helo = p;
		if (eval_one(sc, client, mailfrom, helo, &out) == -1)
			goto bad;
		printf("%s\t%s\n", spf_result_lower(out.result),
		    out.explanation);
		fflush(stdout);
		continue;
bad:
		printf("error\tbad input line\n");
		fflush(stdout);
		rc = 1;
	}
	spfcheck_free(sc);
	return (rc);
}
