/*
 * NAME
 *	spfcheck 3 - SPF evaluation of one identity through libspf2
 * DESCRIPTION
 *	See spfcheck.h for the contract.  One SPF_server_t on our own DNS
 *	layer (dns.h) serves every thread; each evaluation has its own
 *	SPF_request_t, SPF_response_t and struct dns_eval.
 *
 *	libspf2 quirks handled here (libspf2.md):
 *	  - SPF_RESULT_INVALID: a DNS error or a record that does not
 *	    compile at the top level; mapped to temperror or permerror;
 *	  - IPv4-mapped IPv6 clients: unmapped before libspf2 sees them;
 *	  - the server's default explanation is set to "" so that an empty
 *	    explanation means "no exp= text";
 *	  - exp= texts: libspf2's own fetch mangles literal spaces
 *	    ("Go away %{i}" became "Go%away%{i}"), takes the first of several
 *	    TXT records and counts as a void lookup in our layer.  The layer's
 *	    get_exp hook (spfcheck_get_exp) fetches the text with dns_query()
 *	    instead, keeps it only when there is exactly one TXT record of
 *	    printable ASCII, drops it when it looks like CVE-2023-42118, and
 *	    expands it with spfrecord_explain(): literal text, spaces and
 *	    URL-encoding (RFC 3986, upper-case hex) there, each macro on its
 *	    own through libspf2's compiler and expander
 *	    (spfcheck_expand_macro);
 *	  - records, limits, zero CIDR lengths: the DNS layer (dns.h,
 *	    spfrecord.h) hands libspf2 validated, normalised records and
 *	    sets flags in the struct dns_eval that spfcheck_eval() turns
 *	    into a Permerror;
 *	  - %{h}: libspf2 fails a record that uses it when no HELO is set,
 *	    so any non-empty HELO is set, valid domain or not;
 *	  - libspf2's error/warning/info/debug output goes to log.h.
 *	Not handled: libspf2 gives every 127.0.0.0/8 and ::1 client a pass
 *	without lookups (skip_addresses normally keeps them away).
 * SEE ALSO
 *	spfcheck.h, dns.h, spfrecord.h, libspf2.md
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <spf2/spf.h>

#include "cache.h"
#include "cidr.h"
#include "config.h"
#include "dns.h"
#include "log.h"
#include "result.h"
#include "spfcheck.h"
#include "spfrecord.h"
#include "util.h"
#include "xmalloc.h"

#define SPFCHECK_TEXT_MAX	1024

struct spfcheck {
	struct dns_resolver	*resolver;
	SPF_dns_server_t	*layer;
	SPF_server_t		*server;
	int			 lookup_time;
	int			 void_limit;
};

/* Per thread: the --check trace, and the evaluation in progress. */
struct spfcheck_thread {
	void		(*trace)(void *, const char *);
	void		*trace_arg;
	struct spfcheck	*sc;
	SPF_request_t	*req;
	struct dns_eval	*ev;
};

static __thread struct spfcheck_thread spfcheck_thread;

static void	 spfcheck_spf_error(const char *, int, const char *)
		    __attribute__((noreturn));
static void	 spfcheck_spf_warning(const char *, int, const char *);
static void	 spfcheck_spf_info(const char *, int, const char *);
static void	 spfcheck_spf_debug(const char *, int, const char *);
static void	 spfcheck_trace(const char *, ...)
		    __attribute__((format(printf, 1, 2)));
static int	 spfcheck_expand_macro(void *, const char *, char *, size_t);
static SPF_errcode_t spfcheck_get_exp(SPF_server_t *, const char *, char **,
		    size_t *);
static void	 spfcheck_set(struct spf_outcome *, enum spf_result,
		    const char *, ...) __attribute__((format(printf, 3, 4)));
static void	 spfcheck_error_text(SPF_response_t *, SPF_errcode_t, char *,
		    size_t);
static void	 spfcheck_dns_error_text(const struct dns_eval *, char *,
		    size_t);
static int	 spfcheck_is_no_mail(const char *);
static void	 spfcheck_none(struct spf_outcome *, const char *,
		    const char *);
static void	 spfcheck_eval(struct spfcheck *, const struct ipaddr *,
		    const char *, const char *, const char *,
		    struct spf_outcome *);

/* spfcheck_spf_error - libspf2's fatal errors: libspf2 aborts after it */
static void
spfcheck_spf_error(const char *file, int line, const char *msg)
{
	fatalx("libspf2: %s:%d: %s", file != NULL ? file : "?", line,
	    msg != NULL ? msg : "fatal error");
}

/* spfcheck_spf_warning - libspf2 warnings */
static void
spfcheck_spf_warning(const char *file, int line, const char *msg)
{
	(void)file;
	(void)line;
	log_warnx("libspf2: %s", msg != NULL ? msg : "");
}

/* spfcheck_spf_info - libspf2 information */
static void
spfcheck_spf_info(const char *file, int line, const char *msg)
{
	(void)file;
	(void)line;
	log_debug(LOG_LEVEL_SPF, "libspf2: %s", msg != NULL ? msg : "");
}

/* spfcheck_spf_debug - libspf2 debugging */
static void
spfcheck_spf_debug(const char *file, int line, const char *msg)
{
	log_debug(LOG_LEVEL_DNS, "libspf2: %s:%d: %s",
	    file != NULL ? file : "?", line, msg != NULL ? msg : "");
}

/* spfcheck_trace - one line to this thread's --check trace, if any */
static void
spfcheck_trace(const char *fmt, ...)
{
	struct spfcheck_thread	*t = &spfcheck_thread;
	char			 line[SPFCHECK_TEXT_MAX];
	va_list			 ap;

	if (t->trace == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	t->trace(t->trace_arg, line);
}

/* spfcheck_new - the shared resolver, layer and libspf2 server */
struct spfcheck *
spfcheck_new(const struct config *cfg, const char *receiver_host,
    char **cause)
{
	struct spfcheck		*sc;
	SPF_response_t		*resp = NULL;
	struct cache_limits	 lim = { 0 };
	struct cache		*cache;

	SPF_error_handler = spfcheck_spf_error;
	SPF_warning_handler = spfcheck_spf_warning;
	SPF_info_handler = spfcheck_spf_info;
	SPF_debug_handler = spfcheck_spf_debug;

	sc = xcalloc(1, sizeof(*sc));
	sc->lookup_time = cfg->lookup_time;
	sc->void_limit = cfg->void_limit;
	if ((sc->resolver = dns_resolver_new(&cfg->dns_servers,
	    cfg->dns_timeout, cfg->dns_retries, cause)) == NULL) {
		free(sc);
		return (NULL);
	}
	lim.max_bytes = (size_t)cfg->dns_cache_size;
	lim.max_entries = (size_t)cfg->dns_cache_entries;
	lim.min_ttl = (uint32_t)cfg->dns_cache_min_ttl;
	lim.max_ttl = (uint32_t)cfg->dns_cache_max_ttl;
	lim.negative_max_ttl = (uint32_t)cfg->dns_cache_negative_max_ttl;
	lim.error_ttl = (uint32_t)cfg->dns_cache_error_ttl;
	cache = cache_new(&lim);	/* NULL when turned off */
	dns_resolver_set_cache(sc->resolver, cache);
	cache_free(cache);		/* the resolver holds it */
	sc->layer = dns_spf_layer_new(sc->resolver);
	sc->layer->get_exp = spfcheck_get_exp;
	if ((sc->server = SPF_server_new_dns(sc->layer, 0)) == NULL) {
		xasprintf(cause, "libspf2: cannot make a server");
		spfcheck_free(sc);
		return (NULL);
	}
	if (receiver_host != NULL && receiver_host[0] != '\0' &&
	    SPF_server_set_rec_dom(sc->server, receiver_host) !=
	    SPF_E_SUCCESS) {
		xasprintf(cause, "libspf2: cannot set the receiving host");
		spfcheck_free(sc);
		return (NULL);
	}
	/* No default explanation: "" tells "no exp= text" apart. */
	if (SPF_server_set_explanation(sc->server, "", &resp) !=
	    SPF_E_SUCCESS) {
		SPF_response_free(resp);
		xasprintf(cause, "libspf2: cannot clear the explanation");
		spfcheck_free(sc);
		return (NULL);
	}
	SPF_response_free(resp);
	return (sc);
}

/* spfcheck_free - release everything spfcheck_new() made */
void
spfcheck_free(struct spfcheck *sc)
{
	if (sc == NULL)
		return;
	if (sc->server != NULL)
		SPF_server_free(sc->server);	/* does not own the layer */
	dns_spf_layer_free(sc->layer);
	dns_resolver_free(sc->resolver);
	free(sc);
}

/* spfcheck_cache - the DNS cache the checker answers through, or NULL */
struct cache *
spfcheck_cache(const struct spfcheck *sc)
{
	return (dns_resolver_cache(sc->resolver));
}

/* spfcheck_share_cache - answer through another checker's cache */
void
spfcheck_share_cache(struct spfcheck *sc, const struct spfcheck *from)
{
	dns_resolver_set_cache(sc->resolver, dns_resolver_cache(from->resolver));
}

/* spfcheck_set_trace - report this thread's evaluations to fn */
void
spfcheck_set_trace(struct spfcheck *sc, void (*fn)(void *, const char *),
    void *arg)
{
	(void)sc;
	spfcheck_thread.trace = fn;
	spfcheck_thread.trace_arg = arg;
}

/*
 * spfcheck_expand_macro - spfrecord_explain()'s expand function: one
 * macro-expand ("%{ir}") through libspf2's compiler and expander.
 */
static int
spfcheck_expand_macro(void *arg, const char *macro, char *buf, size_t size)
{
	SPF_server_t	*server = arg;
	SPF_request_t	*req = spfcheck_thread.req;
	SPF_response_t	*resp;
	SPF_macro_t	*mac = NULL;
	SPF_errcode_t	 err;
	char		*text = NULL;
	size_t		 len = 0;

	if ((resp = SPF_response_new(NULL)) == NULL)
		return (-1);
	err = SPF_record_compile_macro(server, resp, &mac, macro);
	if (err == SPF_E_SUCCESS)
		err = SPF_record_expand_data(server, req, resp,
		    (SPF_data_t *)((char *)mac + sizeof(*mac)),
		    mac->macro_len, &text, &len);
	if (err == SPF_E_SUCCESS)
		strlcpy_safe(buf, text != NULL ? text : "", size);
	free(text);
	if (mac != NULL)
		SPF_macro_free(mac);
	SPF_response_free(resp);
	return (err == SPF_E_SUCCESS ? 0 : -1);
}

/*
 * spfcheck_get_exp - the layer's get_exp hook: libspf2 calls it with the
 * expanded exp= domain (in *bufp itself) and takes *bufp as the final
 * explanation when it returns SPF_E_SUCCESS; any other return leaves the
 * explanation unset.
 */
static SPF_errcode_t
spfcheck_get_exp(SPF_server_t *server, const char *domain, char **bufp,
    size_t *buflenp)
{
	struct spfcheck_thread	*t = &spfcheck_thread;
	struct dns_answer	 a;
	char			*name, *cause, *p, pname[254];
	char			 line[SPFCHECK_TEXT_MAX];
	char			 text[SPFCHECK_TEXT_MAX];
	const char		*s, *why = NULL;
	size_t			 len;
	int			 voids = 0, exceeded = 0, deadline = 0, rc;

	if (t->sc == NULL || t->req == NULL)
		return (SPF_E_NOT_CONFIG);
	/* Already a Permerror: no text will be used. */
	if (t->ev != NULL && (t->ev->invalid || t->ev->terms_exceeded ||
	    t->ev->mx_exceeded || t->ev->void_exceeded))
		return (SPF_E_NOT_SPF);
	/* RFC 7208 section 7.3: cut an over-long name on the left. */
	len = strlen(domain);
	if (len > 0 && domain[len - 1] == '.')
		len--;
	for (; len > 253 && (s = strchr(domain, '.')) != NULL; domain = s + 1)
		len -= s + 1 - domain;
	name = xstrdup(domain);		/* domain is inside *bufp */
	dns_query(t->sc->resolver, name, ns_t_txt, &a);
	str_printable(pname, sizeof(pname), name, sizeof(pname) - 1);
	free(name);
	if (a.status != DNS_OK)
		why = dns_status_name(a.status);
	else if (a.n != 1)
		why = "not exactly one record";
	else {
		for (s = a.name[0]; *s != '\0'; s++)
			if ((unsigned char)*s < 0x20 ||
			    (unsigned char)*s > 0x7e)
				why = "not printable ASCII";
		if (strchr(a.name[0], '%') != NULL &&
		    strlen(a.name[0]) > DNS_MACRO_TERM_MAX) {
			why = "rejected as unsafe";
			log_warnx("spf: explanation of %s rejected as unsafe "
			    "(CVE-2023-42118)", pname);
		}
	}
	if (a.status == DNS_OK)
		snprintf(line, sizeof(line), "TXT %s: OK, %zu record(s), "
		    "ttl %u (explanation%s%s)", pname, a.n, (unsigned)a.ttl,
		    why != NULL ? ": " : "", why != NULL ? why : "");
	else
		snprintf(line, sizeof(line), "TXT %s: %s (explanation)", pname,
		    dns_status_name(a.status));
	spfcheck_trace("%s", line);
	log_debug(LOG_LEVEL_DNS, "dns: %s", line);
	if (why != NULL) {
		dns_answer_free(&a);
		return (SPF_E_NOT_SPF);
	}

	/*
	 * Literal text and spaces here, each macro through libspf2 on its
	 * own (libspf2 mangles literal spaces and URL-encodes its own way:
	 * spfrecord.h).  The result is already decided: %{p} lookups made
	 * for the text are not void lookups, and running out of time for
	 * them only costs the text (RFC 7208 section 6.2).
	 */
	if (t->ev != NULL) {
		voids = t->ev->voids;
		exceeded = t->ev->void_exceeded;
		deadline = t->ev->deadline_hit;
	}
	rc = spfrecord_explain(a.name[0], text, sizeof(text),
	    spfcheck_expand_macro, server, &cause);
	if (t->ev != NULL) {
		t->ev->voids = voids;
		t->ev->void_exceeded = exceeded;
		t->ev->deadline_hit = deadline;
	}
	dns_answer_free(&a);
	if (rc == -1) {
		str_printable(line, sizeof(line), cause, 200);
		spfcheck_trace("explanation of %s ignored: %s", pname, line);
		free(cause);
		return (SPF_E_NOT_SPF);
	}
	len = strlen(text) + 1;
	if (*buflenp < len) {
		if ((p = realloc(*bufp, len)) == NULL)
			return (SPF_E_NO_MEMORY);
		*bufp = p;
		*buflenp = len;
	}
	memcpy(*bufp, text, len);
	return (SPF_E_SUCCESS);
}

/* spfcheck_set - the result and its printable explanation */
static void
spfcheck_set(struct spf_outcome *out, enum spf_result res, const char *fmt,
    ...)
{
	char	buf[SPFCHECK_TEXT_MAX];
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	out->result = res;
	str_printable(out->explanation, sizeof(out->explanation), buf,
	    sizeof(out->explanation) - 1);
}

/*
 * spfcheck_error_text - what went wrong, from libspf2's first error
 * message, else from the error code.  libspf2 quotes 12 bytes of the
 * record after "near '"; the quote is cut at the end of the term.
 */
static void
spfcheck_error_text(SPF_response_t *resp, SPF_errcode_t err, char *buf,
    size_t size)
{
	SPF_error_t	*e;
	const char	*msg = NULL;
	char		*near, *sp;
	int		 i;

	for (i = 0; resp != NULL && i < SPF_response_messages(resp); i++) {
		e = SPF_response_message(resp, i);
		if (SPF_error_errorp(e) && SPF_error_message(e) != NULL) {
			msg = SPF_error_message(e);
			break;
		}
	}
	if (msg == NULL)
		msg = SPF_strerror(err);
	str_printable(buf, size, msg, size - 1);
	if ((near = strstr(buf, " near '")) != NULL) {
		near += sizeof(" near '") - 1;
		if ((sp = strpbrk(near, " '")) != NULL && *sp == ' ' &&
		    (size_t)(sp - buf) + 2 < size) {
			sp[0] = '\'';
			sp[1] = '\0';
		}
	}
}

/* spfcheck_dns_error_text - the last failed lookup, for Temperror */
static void
spfcheck_dns_error_text(const struct dns_eval *ev, char *buf, size_t size)
{
	const char	*what, *type;

	if (ev->error_name[0] == '\0') {
		snprintf(buf, size, "DNS error");
		return;
	}
	switch (ev->error_status) {
	case DNS_TIMEOUT:
		what = "timeout";
		break;
	case DNS_SERVFAIL:
		what = "server failure";
		break;
	default:
		what = "error";
		break;
	}
	switch (ev->error_type) {
	case ns_t_a:
		type = "A";
		break;
	case ns_t_aaaa:
		type = "AAAA";
		break;
	case ns_t_mx:
		type = "MX";
		break;
	case ns_t_ptr:
		type = "PTR";
		break;
	default:
		type = "TXT";
		break;
	}
	snprintf(buf, size, "DNS %s for '%.253s' (%s)", what, ev->error_name,
	    type);
}

/* spfcheck_is_no_mail - "v=spf1 -all", any case, spaces collapsed */
static int
spfcheck_is_no_mail(const char *rec)
{
	char	norm[32];
	size_t	n = 0;
	int	space = 0;

	for (; *rec != '\0'; rec++) {
		if (*rec == ' ' || *rec == '\t') {
			space = n > 0;
			continue;
		}
		if (space) {
			if (n + 1 >= sizeof(norm))
				return (0);
			norm[n++] = ' ';
			space = 0;
		}
		if (n + 1 >= sizeof(norm))
			return (0);
		norm[n++] = *rec;
	}
	norm[n] = '\0';
	return (strcasecmp(norm, "v=spf1 -all") == 0);
}

/*
 * spfcheck_eval - one check_host(): client ip, HELO (NULL when not a
 * multi-label domain), envelope sender ("" for the HELO identity) and
 * the identity's name for the trace.
 */
static void
spfcheck_eval(struct spfcheck *sc, const struct ipaddr *ip, const char *helo,
    const char *env_from, const char *identity, struct spf_outcome *out)
{
	struct spfcheck_thread	*t = &spfcheck_thread;
	struct dns_eval		 ev;
	struct ipaddr		 client = *ip;
	struct in_addr		 in4;
	struct in6_addr		 in6;
	SPF_request_t		*req;
	SPF_response_t		*resp = NULL;
	SPF_errcode_t		 err;
	SPF_result_t		 res;
	const char		*exp;
	char			 text[SPFCHECK_TEXT_MAX], addr[IPADDR_TEXT_MAX];

	ipaddr_unmap(&client);
	if (t->trace != NULL) {
		ipaddr_format(&client, addr, sizeof(addr));
		str_printable(text, sizeof(text), env_from[0] != '\0' ?
		    env_from : helo, 300);
		spfcheck_trace("SPF check of %s <%s> for client %s", identity,
		    text, addr);
	}
	if ((req = SPF_request_new(sc->server)) == NULL) {
		spfcheck_set(out, SPFR_TEMPERROR,
		    "SPF Temporary Error: out of memory");
		return;
	}
	if (client.af == AF_INET) {
		memcpy(&in4, client.a, sizeof(in4));
		err = SPF_request_set_ipv4(req, in4);
	} else {
		memcpy(&in6, client.a, sizeof(in6));
		err = SPF_request_set_ipv6(req, in6);
	}
	if (err == SPF_E_SUCCESS && helo != NULL)
		err = SPF_request_set_helo_dom(req, helo);
	if (err == SPF_E_SUCCESS)
		err = SPF_request_set_env_from(req, env_from);
	if (err != SPF_E_SUCCESS) {
		SPF_request_free(req);
		spfcheck_set(out, SPFR_PERMERROR, "SPF Permanent Error: %s",
		    SPF_strerror(err));
		return;
	}

	dns_eval_begin(&ev, sc->lookup_time, sc->void_limit);
	ev.client = client;
	if (t->trace != NULL) {
		ev.trace = t->trace;
		ev.trace_arg = t->trace_arg;
	}
	t->sc = sc;
	t->req = req;
	t->ev = &ev;
	err = SPF_request_query_mailfrom(req, &resp);
	t->sc = NULL;
	t->req = NULL;
	t->ev = NULL;
	dns_eval_end(&ev);

	out->no_mail_record = ev.record_seen && spfcheck_is_no_mail(ev.record);
	res = resp != NULL ? SPF_response_result(resp) : SPF_RESULT_INVALID;
	if (res != SPF_RESULT_INVALID && err == SPF_E_SUCCESS)
		err = SPF_response_errcode(resp);
	if (ev.hostile) {
		str_printable(text, sizeof(text), ev.hostile_domain, 253);
		log_warnx("spf: SPF record of %s rejected as unsafe "
		    "(CVE-2023-42118)", text);
		spfcheck_set(out, SPFR_PERMERROR, "SPF Permanent Error: record "
		    "rejected as unsafe (CVE-2023-42118)");
	} else if (ev.invalid) {
		str_printable(text, sizeof(text), ev.invalid_domain, 253);
		if (ev.invalid_nested)
			spfcheck_set(out, SPFR_PERMERROR, "SPF Permanent "
			    "Error: %s (SPF record of '%s')",
			    ev.invalid_reason, text);
		else
			spfcheck_set(out, SPFR_PERMERROR, "SPF Permanent "
			    "Error: %s", ev.invalid_reason);
	} else if (ev.terms_exceeded)
		spfcheck_set(out, SPFR_PERMERROR, "SPF Permanent Error: DNS "
		    "lookup limit of %d exceeded", DNS_TERM_LIMIT);
	else if (ev.mx_exceeded) {
		str_printable(text, sizeof(text), ev.mx_domain, 253);
		spfcheck_set(out, SPFR_PERMERROR, "SPF Permanent Error: More "
		    "than %d MX records for '%s'", DNS_MX_LIMIT, text);
	} else if (ev.void_exceeded)
		spfcheck_set(out, SPFR_PERMERROR, "SPF Permanent Error: Void "
		    "lookup limit of %d exceeded", ev.void_limit);
	else if (ev.deadline_hit)
		spfcheck_set(out, SPFR_TEMPERROR, "SPF Temporary Error: Lookup "
		    "time of %d seconds exceeded", sc->lookup_time);
	else
		switch (res) {
		case SPF_RESULT_PASS:
			spfcheck_set(out, SPFR_PASS, "sender SPF authorized");
			break;
		case SPF_RESULT_FAIL:
			exp = SPF_response_get_explanation(resp);
			if (exp != NULL && exp[0] != '\0')
				spfcheck_set(out, SPFR_FAIL, "%s", exp);
			else
				spfcheck_set(out, SPFR_FAIL,
				    "SPF fail - not authorized");
			break;
		case SPF_RESULT_SOFTFAIL:
			spfcheck_set(out, SPFR_SOFTFAIL,
			    "domain owner discourages use of this host");
			break;
		case SPF_RESULT_NEUTRAL:
			spfcheck_set(out, SPFR_NEUTRAL,
			    "access neither permitted nor denied");
			break;
		case SPF_RESULT_NONE:
			spfcheck_set(out, SPFR_NONE, "no SPF record");
			break;
		case SPF_RESULT_TEMPERROR:
			spfcheck_dns_error_text(&ev, text, sizeof(text));
			spfcheck_set(out, SPFR_TEMPERROR,
			    "SPF Temporary Error: %s", text);
			break;
		case SPF_RESULT_INVALID:
			if (err == SPF_E_DNS_ERROR || err == SPF_E_NO_MEMORY) {
				spfcheck_dns_error_text(&ev, text,
				    sizeof(text));
				spfcheck_set(out, SPFR_TEMPERROR,
				    "SPF Temporary Error: %s", text);
				break;
			}
			/* FALLTHROUGH */
		case SPF_RESULT_PERMERROR:
		default:
			spfcheck_error_text(resp, err, text, sizeof(text));
			spfcheck_set(out, SPFR_PERMERROR,
			    "SPF Permanent Error: %s", text);
			break;
		}
	spfcheck_trace("result: %s (%s)", spf_result_name(out->result),
	    out->explanation);
	if (resp != NULL)
		SPF_response_free(resp);
	SPF_request_free(req);
}

/* spfcheck_none - None without a lookup: not a domain name */
static void
spfcheck_none(struct spf_outcome *out, const char *identity, const char *who)
{
	char	text[SPFCHECK_TEXT_MAX];

	spfcheck_set(out, SPFR_NONE, "no SPF record");
	if (spfcheck_thread.trace == NULL)
		return;
	str_printable(text, sizeof(text), who != NULL ? who : "", 300);
	spfcheck_trace("SPF check of %s <%s>: not a domain name", identity,
	    text);
	spfcheck_trace("result: None (no SPF record)");
}

/* spfcheck_helo - check_host() for the HELO identity */
void
spfcheck_helo(struct spfcheck *sc, const struct ipaddr *ip, const char *helo,
    struct spf_outcome *out)
{
	memset(out, 0, sizeof(*out));
	if (helo == NULL || !domain_is_multilabel(helo) ||
	    (ip->af != AF_INET && ip->af != AF_INET6)) {
		spfcheck_none(out, "helo", helo);
		return;
	}
	spfcheck_eval(sc, ip, helo, "", "helo", out);
}

/* spfcheck_mailfrom - check_host() for the MAIL FROM identity */
void
spfcheck_mailfrom(struct spfcheck *sc, const struct ipaddr *ip,
    const char *sender, const char *helo, struct spf_outcome *out)
{
	const char	*at, *dom;

	memset(out, 0, sizeof(*out));
	at = sender != NULL ? strrchr(sender, '@') : NULL;
	dom = at != NULL ? at + 1 : sender;
	if (dom == NULL || !domain_is_multilabel(dom) ||
	    (ip->af != AF_INET && ip->af != AF_INET6)) {
		spfcheck_none(out, "mailfrom", sender);
		return;
	}
	spfcheck_eval(sc, ip, helo != NULL && helo[0] != '\0' ? helo : NULL,
	    sender, "mailfrom", out);
}

/* spfcheck_host_has_addr - HELO_Whitelist: does host resolve to ip? */
int
spfcheck_host_has_addr(struct spfcheck *sc, const char *host,
    const struct ipaddr *ip, int timeout)
{
	struct dns_eval		 ev;
	struct dns_answer	 a;
	struct ipaddr		 client = *ip;
	size_t			 i, len;
	int			 found = 0;

	ipaddr_unmap(&client);
	if (client.af != AF_INET && client.af != AF_INET6)
		return (0);
	len = client.af == AF_INET ? 4 : 16;
	dns_eval_begin(&ev, timeout, -1);
	dns_query(sc->resolver, host, client.af == AF_INET ? ns_t_a :
	    ns_t_aaaa, &a);
	dns_eval_end(&ev);
	for (i = 0; a.status == DNS_OK && i < a.n; i++)
		if (a.addr[i].af == client.af &&
		    memcmp(a.addr[i].a, client.a, len) == 0)
			found = 1;
	dns_answer_free(&a);
	return (found);
}

/* spfcheck_ptr_name - Domain_Whitelist_PTR: the first PTR name of ip */
int
spfcheck_ptr_name(struct spfcheck *sc, const struct ipaddr *ip, char *buf,
    size_t size, int timeout)
{
	static const char	 hex[] = "0123456789abcdef";
	struct dns_eval		 ev;
	struct dns_answer	 a;
	struct ipaddr		 client = *ip;
	char			 name[80], *p;
	size_t			 len;
	int			 i, rc = -1;

	ipaddr_unmap(&client);
	if (client.af == AF_INET)
		snprintf(name, sizeof(name), "%u.%u.%u.%u.in-addr.arpa",
		    client.a[3], client.a[2], client.a[1], client.a[0]);
	else if (client.af == AF_INET6) {
		for (p = name, i = 15; i >= 0; i--) {
			*p++ = hex[client.a[i] & 0xf];
			*p++ = '.';
			*p++ = hex[client.a[i] >> 4];
			*p++ = '.';
		}
		strlcpy_safe(p, "ip6.arpa", sizeof(name) - (p - name));
	} else
		return (-1);
	dns_eval_begin(&ev, timeout, -1);
	dns_query(sc->resolver, name, ns_t_ptr, &a);
	dns_eval_end(&ev);
	if (a.status == DNS_OK && a.n > 0 && size > 0) {
		len = strlen(a.name[0]);
		if (len > 0 && a.name[0][len - 1] == '.')
			a.name[0][--len] = '\0';
		if (len > 0 && len < size) {
			memcpy(buf, a.name[0], len + 1);
			str_lower(buf);
			rc = 0;
		}
	}
	dns_answer_free(&a);
	return (rc);
}
