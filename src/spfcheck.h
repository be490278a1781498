/*
 * NAME
 *	spfcheck 3h - SPF evaluation of one identity through libspf2
 * SYNOPSIS
 *	#include "spfcheck.h"
 *
 *	struct spfcheck *spfcheck_new(const struct config *cfg,
 *		    const char *receiver_host, char **cause);
 *	void	 spfcheck_free(struct spfcheck *sc);
 *	void	 spfcheck_helo(struct spfcheck *sc, const struct ipaddr *ip,
 *		    const char *helo, struct spf_outcome *out);
 *	void	 spfcheck_mailfrom(struct spfcheck *sc, const struct ipaddr *ip,
 *		    const char *sender, const char *helo,
 *		    struct spf_outcome *out);
 *	int	 spfcheck_host_has_addr(struct spfcheck *sc, const char *host,
 *		    const struct ipaddr *ip, int timeout);
 *	int	 spfcheck_ptr_name(struct spfcheck *sc, const struct ipaddr *ip,
 *		    char *buf, size_t size, int timeout);
 *	struct cache *spfcheck_cache(const struct spfcheck *sc);
 *	void	 spfcheck_share_cache(struct spfcheck *sc,
 *		    const struct spfcheck *from);
 *	void	 spfcheck_set_trace(struct spfcheck *sc,
 *		    void (*fn)(void *, const char *), void *arg);
 * DESCRIPTION
 *	spfcheck_new() makes the shared state: the DNS resolver (dns_servers,
 *	dns_timeout, dns_retries from cfg), the libspf2 DNS layer and one
 *	libspf2 server (receiving host receiver_host for %{r}; libspf2's
 *	own default explanation switched off).  It also routes libspf2's
 *	error/warning/info/debug output to log.h (never stdout or stderr):
 *	errors through fatalx() (libspf2 would abort anyway), warnings
 *	through log_warnx(), info at LOG_LEVEL_SPF, debug at LOG_LEVEL_DNS;
 *	the handlers are process-wide.  Returns NULL with *cause allocated
 *	on error (a bad dns_servers entry: see dns_resolver_new()).
 *
 *	spfcheck_helo() evaluates the HELO identity (RFC 7208 section 2.3:
 *	check_host() with sender postmaster@<helo>).  A HELO that is not a
 *	multi-label domain name (util.h domain_is_multilabel(), so also an
 *	address literal) gives None without any lookup.
 *	spfcheck_mailfrom() evaluates the MAIL FROM identity of a non-null
 *	sender (a sender without "@" is postmaster@<sender>; the domain is
 *	what follows the last "@"; a sender whose domain is not a
 *	multi-label domain, or an empty one, gives None).  Its helo, when
 *	not empty, is what %{h} expands to, as given (RFC 7208 section 7.3:
 *	"JUMPIN' JUPITER" too).  An IPv4-mapped IPv6 client (::ffff:a.b.c.d)
 *	is evaluated as a.b.c.d.
 *
 *	Each evaluation has its own budget of cfg->lookup_time seconds and
 *	void-lookup limit cfg->void_limit, and the RFC 7208 limits of ten
 *	DNS-querying terms (include: and redirect= included) and ten MX
 *	records per "mx"; every SPF record is validated strictly
 *	(spfrecord.h) and evaluated in a normalised form that libspf2 gets
 *	right (dns.h struct dns_eval, the DNS layer).  The result is
 *	libspf2's, mapped and corrected:
 *	  SPF_RESULT_INVALID: temperror for a DNS error, permerror otherwise;
 *	  hostile record: Permerror (and a log line naming the domain);
 *	  invalid record, wherever fetched: Permerror;
 *	  term, MX or void limit exceeded: Permerror;
 *	  deadline passed during the evaluation: Temperror.
 *	The explanation (out->explanation, printable ASCII, at most
 *	SPF_EXPLAIN_MAX - 1 bytes) is pypolicyd-spf's wording:
 *	  Pass       "sender SPF authorized"
 *	  Fail       the domain's expanded exp= text, else
 *	             "SPF fail - not authorized"; the exp= text is used
 *	             only when the name has exactly one TXT record, of
 *	             printable ASCII, not longer than DNS_MACRO_TERM_MAX
 *	             when it holds a "%" (CVE-2023-42118), and a valid
 *	             explain-string (else it is ignored, RFC 7208 section
 *	             6.2); it keeps its literal spaces (libspf2 alone would
 *	             mangle them), upper-case macros are URL-encoded per RFC
 *	             3986 (spfrecord_explain()); its lookup is not a void
 *	             lookup
 *	  Softfail   "domain owner discourages use of this host"
 *	  Neutral    "access neither permitted nor denied"
 *	  None       "no SPF record"
 *	  Permerror  "SPF Permanent Error: <what>", e.g. "Void lookup limit
 *	             of 2 exceeded", "DNS lookup limit of 10 exceeded",
 *	             "More than 10 MX records for 'x'", spfrecord_check()'s
 *	             cause ("Unknown mechanism found near 'foo:bar'",
 *	             "Invalid domain-spec 'abc.123' (numeric top label)"),
 *	             followed by " (SPF record of 'x')" when the record is
 *	             an include: or redirect= target's, libspf2's first
 *	             error message otherwise (its quote cut at the end of
 *	             the term), "Multiple SPF records for 'x'", "record
 *	             rejected as unsafe (CVE-2023-42118)"
 *	  Temperror  "SPF Temporary Error: <what>", e.g. "DNS timeout for
 *	             'x.example' (TXT)", "DNS server failure for 'x' (A)",
 *	             "Lookup time of 20 seconds exceeded"
 *	out->no_mail_record is 1 when the evaluated domain's record is
 *	exactly "v=spf1 -all" (case-insensitive, spaces collapsed).
 *
 *	spfcheck_host_has_addr() is 1 when host's A (for IPv4) or AAAA
 *	records contain ip (HELO_Whitelist), 0 otherwise or on any DNS
 *	trouble within timeout seconds.  spfcheck_ptr_name() writes the
 *	first PTR name of ip (lowercased, no trailing dot) and returns 0, or
 *	-1 when there is none or DNS fails (Domain_Whitelist_PTR).
 *
 *	spfcheck_new() also makes the shared DNS cache (cache.h) from the
 *	dns_cache_* options (none when they turn it off).  spfcheck_cache()
 *	returns it (NULL when off); spfcheck_share_cache() makes sc answer
 *	through from's cache instead of its own, so that the daemon's cache
 *	survives a reload; call it before sc is used by any thread.
 *
 *	spfcheck_set_trace() makes the evaluations of the calling thread
 *	report each DNS lookup and the final result to fn (for --check):
 *	"SPF check of mailfrom <a@x.example> for client 192.0.2.1", the
 *	lookups (dns.h; the exp= lookup ends in "(explanation)"), then
 *	"result: Fail (SPF fail - not authorized)".  fn NULL turns it off.
 * BUGS
 *	libspf2 passes every 127.0.0.0/8 and ::1 client without a lookup
 *	(keep them in skip_addresses).  An exp= text is fetched for
 *	softfail and neutral results too, and inside include:, although
 *	only a Fail uses it.
 * THREADS
 *	One struct spfcheck is shared by every worker thread: evaluations
 *	are thread-safe.  spfcheck_new/free run on the main thread.
 * SEE ALSO
 *	dns.h, result.h, spfrecord.h, libspf2 (spf2/spf.h), RFC 7208
 * SPDX-License-Identifier: BSD-2-Clause
 */
#ifndef SPFCHECK_H
#define SPFCHECK_H

#include <stddef.h>

#include "cidr.h"
#include "config.h"
#include "result.h"

struct spfcheck;
struct cache;

struct spfcheck	*spfcheck_new(const struct config *, const char *, char **);
void		 spfcheck_free(struct spfcheck *);
void		 spfcheck_helo(struct spfcheck *, const struct ipaddr *,
		    const char *, struct spf_outcome *);
void		 spfcheck_mailfrom(struct spfcheck *, const struct ipaddr *,
		    const char *, const char *, struct spf_outcome *);
int		 spfcheck_host_has_addr(struct spfcheck *, const char *,
		    const struct ipaddr *, int);
int		 spfcheck_ptr_name(struct spfcheck *, const struct ipaddr *,
		    char *, size_t, int);
struct cache	*spfcheck_cache(const struct spfcheck *);
void		 spfcheck_share_cache(struct spfcheck *,
		    const struct spfcheck *);
void		 spfcheck_set_trace(struct spfcheck *,
		    void (*)(void *, const char *), void *);

#endif
