/*
 * NAME
 *	dns 3 - the DNS client and the libspf2 DNS layer built on it
 * DESCRIPTION
 *	See dns.h for the contract.  This file has three parts.
 *
 *	The stub resolver builds one query (header, QNAME, QTYPE, QCLASS
 *	IN, an EDNS0 OPT record offering DNS_UDP_PAYLOAD bytes, a random
 *	id from getrandom(2)), sends it over a connected UDP socket to each
 *	server in turn, resending it up to retries times per server and
 *	waiting for each try until the try's timeout or the evaluation
 *	deadline, whichever is earlier.  A reply is accepted only when its
 *	id, QR bit and question equal the query's (a connected socket
 *	already filters the source).  A truncated reply is asked again over
 *	TCP (two-byte length prefix) of the same server.  SERVFAIL, REFUSED
 *	and the other error codes, and unparsable replies, move on to the
 *	next server; NOERROR and NXDOMAIN end the query.  Replies are read
 *	with libresolv's ns_initparse(3)/ns_parserr(3); CNAME chains are
 *	followed inside the answer section (at most DNS_CNAME_MAX links).
 *
 *	The libspf2 layer turns answers into SPF_dns_rr_t records and
 *	enforces the rules of the calling thread's struct dns_eval (a
 *	thread-local pointer, the only mutable static state here).
 * LIMITS/SECURITY
 *	Names are encoded without interpretation of escapes; a name that
 *	cannot be encoded (empty label, label over 63 bytes, more than 253
 *	bytes) is answered DNS_ERROR without any packet sent.  Replies are
 *	bounded by the 65535-byte message size.  TXT data from DNS is
 *	checked for the CVE-2023-42118 pattern before libspf2 sees it.
 * SEE ALSO
 *	dns.h, RFC 1035, RFC 2308, RFC 6891, RFC 7208
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <sys/types.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <net/if.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <arpa/nameser.h>

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <netdb.h>
#include <poll.h>
#include <resolv.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <spf2/spf.h>
#include <spf2/spf_dns.h>
#include <spf2/spf_dns_rr.h>

#include "cache.h"
#include "dns.h"
#include "log.h"
#include "spfrecord.h"
#include "xmalloc.h"

#define DNS_UDP_PAYLOAD		1232	/* RFC 6891 payload we offer */
#define DNS_MSG_MAX		65535
#define DNS_HEADER_LEN		12
#define DNS_QUERY_MAX		(DNS_HEADER_LEN + NS_MAXCDNAME + 4 + 11)
#define DNS_CNAME_MAX		16
#define DNS_NAME_TEXT_MAX	254	/* 253 + NUL */
#define DNS_RESOLV_CONF		"/etc/resolv.conf"
#define DNS_TRACE_MAX		256
#define DNS_NO_DEADLINE		INT64_MAX

/* What libspf2 gets instead of a record that would trip CVE-2023-42118. */
#define DNS_HOSTILE_STANDIN	"v=spf1 %{"

struct dns_server {
	struct sockaddr_storage	 ss;
	socklen_t		 sslen;
};

struct dns_resolver {
	struct dns_server	*srv;
	size_t			 nsrv;
	int			 timeout_ms;
	int			 retries;
	struct cache		*cache;		/* NULL: none; a reference */
};

/* The query being asked, shared by the transport helpers. */
struct dns_ask {
	uint8_t		 q[DNS_QUERY_MAX];
	size_t		 qlen;
	size_t		 qnlen;		/* QNAME wire length */
	int64_t		 deadline;	/* ms, CLOCK_MONOTONIC */
	uint8_t		*buf;		/* DNS_MSG_MAX bytes */
	size_t		 len;		/* reply length */
};

enum dns_xfer {
	DNS_XFER_ANSWER,	/* a matching reply is in buf */
	DNS_XFER_NONE,		/* this server gave no reply */
	DNS_XFER_DEADLINE	/* the evaluation deadline has passed */
};

/* The evaluation in progress on this thread (dns_eval_begin). */
static __thread struct dns_eval *dns_current;

static int64_t	 dns_now_ms(void);
static int64_t	 dns_deadline_ms(const struct dns_eval *);
static int	 dns_server_parse(const char *, struct dns_server *,
		    const char **);
static void	 dns_server_add(struct dns_resolver *,
		    const struct dns_server *);
static void	 dns_resolv_conf(struct dns_resolver *);
static int	 dns_name_encode(const char *, uint8_t *, size_t *);
static int	 dns_samename(const char *, const char *);
static int	 dns_reply_matches(const struct dns_ask *, const uint8_t *,
		    size_t);
static enum dns_xfer dns_udp(const struct dns_resolver *,
		    const struct dns_server *, struct dns_ask *);
static enum dns_xfer dns_tcp(const struct dns_resolver *,
		    const struct dns_server *, struct dns_ask *);
static int	 dns_wait(int, short, int64_t);
static uint32_t	 dns_soa_ttl(ns_msg *);
static enum dns_status dns_parse(const uint8_t *, size_t, int,
		    struct dns_answer *, uint8_t *, uint32_t *);
static void	 dns_query_wire(struct dns_resolver *, const uint8_t *, size_t,
		    int, struct dns_answer *, uint8_t *, uint32_t *);
static size_t	 dns_wire_len(const uint8_t *);
static int	 dns_add_record(ns_msg *, const ns_rr *, int,
		    struct dns_answer *, uint16_t **);
static const char *dns_type_name(int, char *, size_t);
static const char *dns_name_cut(const char *);
static int	 dns_is_spf(const char *);
static int	 dns_is_hostile(const char *);
static void	 dns_trace(struct dns_eval *, const char *, int, const char *,
		    ...) __attribute__((format(printf, 4, 5)));
static SPF_dns_rr_t *dns_spf_lookup(SPF_dns_server_t *, const char *,
		    ns_type, int);
static void	 dns_spf_destroy(SPF_dns_server_t *);

/* dns_now_ms - monotonic time in milliseconds */
static int64_t
dns_now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

/* dns_deadline_ms - an evaluation's deadline, or none */
static int64_t
dns_deadline_ms(const struct dns_eval *ev)
{
	if (ev == NULL || (ev->deadline.tv_sec == 0 &&
	    ev->deadline.tv_nsec == 0))
		return (DNS_NO_DEADLINE);
	return ((int64_t)ev->deadline.tv_sec * 1000 +
	    ev->deadline.tv_nsec / 1000000);
}

/*
 * dns_server_parse - "ADDR", "ADDR:PORT", "[ADDR6]", "[ADDR6]:PORT" or a
 * bare IPv6 address (more than one colon, no port).
 */
static int
dns_server_parse(const char *s, struct dns_server *out, const char **why)
{
	char			 host[INET6_ADDRSTRLEN + IF_NAMESIZE + 2];
	const char		*port = NULL, *p, *colon;
	size_t			 hlen;
	long			 pn = NS_DEFAULTPORT;
	char			*end;
	struct sockaddr_in	*sin = (struct sockaddr_in *)&out->ss;
	struct addrinfo		 hints, *res;

	memset(out, 0, sizeof(*out));
	if (s[0] == '[') {
		if ((p = strchr(s, ']')) == NULL) {
			*why = "missing ']'";
			return (-1);
		}
		hlen = p - (s + 1);
		if (p[1] == ':')
			port = p + 2;
		else if (p[1] != '\0') {
			*why = "junk after ']'";
			return (-1);
		}
		s++;
	} else if ((colon = strchr(s, ':')) != NULL &&
	    strchr(colon + 1, ':') == NULL) {
		hlen = colon - s;
		port = colon + 1;
	} else
		hlen = strlen(s);
	if (hlen == 0 || hlen >= sizeof(host)) {
		*why = "not an IP address";
		return (-1);
	}
	memcpy(host, s, hlen);
	host[hlen] = '\0';
	if (port != NULL) {
		errno = 0;
		pn = strtol(port, &end, 10);
		if (!isdigit((unsigned char)port[0]) || *end != '\0' ||
		    errno != 0 || pn < 1 || pn > 65535) {
			*why = "bad port";
			return (-1);
		}
	}
	if (inet_pton(AF_INET, host, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons((uint16_t)pn);
		out->sslen = sizeof(*sin);
		return (0);
	}
	/* IPv6 through getaddrinfo for a scope ("fe80::1%eth0"). */
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_INET6;
	hints.ai_socktype = SOCK_DGRAM;
	hints.ai_flags = AI_NUMERICHOST;
	if (strchr(host, ':') == NULL ||
	    getaddrinfo(host, NULL, &hints, &res) != 0) {
		*why = "not an IP address";
		return (-1);
	}
	memcpy(&out->ss, res->ai_addr, res->ai_addrlen);
	out->sslen = res->ai_addrlen;
	((struct sockaddr_in6 *)&out->ss)->sin6_port = htons((uint16_t)pn);
	freeaddrinfo(res);
	return (0);
}

/* dns_server_add - append one server */
static void
dns_server_add(struct dns_resolver *r, const struct dns_server *s)
{
	r->srv = xreallocarray(r->srv, r->nsrv + 1, sizeof(*r->srv));
	r->srv[r->nsrv++] = *s;
}

/* dns_resolv_conf - the nameserver lines of /etc/resolv.conf */
static void
dns_resolv_conf(struct dns_resolver *r)
{
	FILE			*fp;
	char			 line[512], *word, *addr, *save;
	const char		*why;
	struct dns_server	 s;

	if ((fp = fopen(DNS_RESOLV_CONF, "re")) == NULL)
		return;
	while (fgets(line, sizeof(line), fp) != NULL) {
		if ((word = strtok_r(line, " \t\r\n", &save)) == NULL ||
		    strcmp(word, "nameserver") != 0)
			continue;
		if ((addr = strtok_r(NULL, " \t\r\n", &save)) == NULL)
			continue;
		/* resolv.conf has no ports: a bracket or one colon is junk. */
		if (addr[0] == '[' || (strchr(addr, ':') != NULL &&
		    strchr(addr, ':') == strrchr(addr, ':')))
			continue;
		if (dns_server_parse(addr, &s, &why) == 0)
			dns_server_add(r, &s);
	}
	fclose(fp);
}

/* dns_resolver_new - a stub resolver for a list of servers */
struct dns_resolver *
dns_resolver_new(const struct strlist *servers, int timeout_ms, int retries,
    char **cause)
{
	struct dns_resolver	*r;
	struct dns_server	 s;
	const char		*why;
	size_t			 i;

	r = xcalloc(1, sizeof(*r));
	r->timeout_ms = timeout_ms > 0 ? timeout_ms : 1;
	r->retries = retries > 0 ? retries : 1;
	for (i = 0; servers != NULL && i < servers->n; i++) {
		if (dns_server_parse(servers->v[i], &s, &why) == -1) {
			if (cause != NULL)
				xasprintf(cause, "dns server \"%.100s\": %s",
				    servers->v[i], why);
			dns_resolver_free(r);
			return (NULL);
		}
		dns_server_add(r, &s);
	}
	if (r->nsrv == 0)
		dns_resolv_conf(r);
	if (r->nsrv == 0) {
		(void)dns_server_parse("127.0.0.1", &s, &why);
		dns_server_add(r, &s);
	}
	return (r);
}

/* dns_resolver_free - release a resolver */
void
dns_resolver_free(struct dns_resolver *r)
{
	if (r == NULL)
		return;
	cache_free(r->cache);
	free(r->srv);
	free(r);
}

/* dns_resolver_set_cache - share a cache (a reference), or none */
void
dns_resolver_set_cache(struct dns_resolver *r, struct cache *c)
{
	struct cache	*old = r->cache;

	r->cache = cache_ref(c);
	cache_free(old);
}

/* dns_resolver_cache - the resolver's cache (borrowed), or NULL */
struct cache *
dns_resolver_cache(const struct dns_resolver *r)
{
	return (r->cache);
}

/*
 * dns_name_encode - presentation name to uncompressed wire form.  One
 * trailing dot is allowed; escapes are not interpreted (SPF names are
 * taken byte for byte).
 */
static int
dns_name_encode(const char *name, uint8_t *out, size_t *outlen)
{
	size_t	len = strlen(name), i, start, n = 0;

	if (len > 0 && name[len - 1] == '.')
		len--;
	if (len == 0 || len > 253)
		return (-1);
	for (start = 0, i = 0; i <= len; i++) {
		if (i < len && name[i] != '.')
			continue;
		if (i == start || i - start > 63)
			return (-1);
		out[n++] = (uint8_t)(i - start);
		memcpy(out + n, name + start, i - start);
		n += i - start;
		start = i + 1;
	}
	out[n++] = 0;
	*outlen = n;
	return (0);
}

/*
 * dns_samename - two names as ns_name_ntop(3) writes them (escapes
 * alike on both sides), any case, one trailing dot ignored.
 */
static int
dns_samename(const char *a, const char *b)
{
	size_t	la = strlen(a), lb = strlen(b);

	if (la > 1 && a[la - 1] == '.' && a[la - 2] != '\\')
		la--;
	if (lb > 1 && b[lb - 1] == '.' && b[lb - 2] != '\\')
		lb--;
	return (la == lb && strncasecmp(a, b, la) == 0);
}

/* dns_reply_matches - id, QR and question of a reply equal the query's */
static int
dns_reply_matches(const struct dns_ask *a, const uint8_t *m, size_t len)
{
	size_t	i, qend = DNS_HEADER_LEN + a->qnlen + 4;

	if (len < qend || m[0] != a->q[0] || m[1] != a->q[1])
		return (0);
	if ((m[2] & 0x80) == 0)			/* QR: not a response */
		return (0);
	if (m[4] != 0 || m[5] != 1)		/* QDCOUNT */
		return (0);
	/* Label length bytes are below 64, so tolower() leaves them. */
	for (i = DNS_HEADER_LEN; i < qend - 4; i++)
		if (tolower(m[i]) != tolower(a->q[i]))
			return (0);
	return (memcmp(m + qend - 4, a->q + qend - 4, 4) == 0);
}

/*
 * dns_wait - poll one descriptor until it is ready or the deadline (ms)
 * passes.  1 ready, 0 timed out, -1 error.
 */
static int
dns_wait(int fd, short events, int64_t until)
{
	struct pollfd	pfd;
	int64_t		left;
	int		n;

	for (;;) {
		left = until - dns_now_ms();
		if (left <= 0)
			return (0);
		pfd.fd = fd;
		pfd.events = events;
		pfd.revents = 0;
		n = poll(&pfd, 1, left > INT_MAX ? INT_MAX : (int)left);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return (-1);
		if (n > 0)
			return (1);
	}
}

/*
 * dns_udp - ask one server over UDP: up to retries sends of the same
 * query on one socket, so a late reply to an earlier send still counts.
 */
static enum dns_xfer
dns_udp(const struct dns_resolver *r, const struct dns_server *s,
    struct dns_ask *a)
{
	int64_t		until;
	ssize_t		n;
	int		fd, try, w;

	if ((fd = socket(s->ss.ss_family, SOCK_DGRAM | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0)) == -1)
		return (DNS_XFER_NONE);
	if (connect(fd, (const struct sockaddr *)&s->ss, s->sslen) == -1) {
		close(fd);
		return (DNS_XFER_NONE);
	}
	for (try = 0; try < r->retries; try++) {
		if (dns_now_ms() >= a->deadline) {
			close(fd);
			return (DNS_XFER_DEADLINE);
		}
		if (send(fd, a->q, a->qlen, 0) == -1 && errno != EAGAIN &&
		    errno != EINTR)
			break;		/* ECONNREFUSED &c.: nobody there */
		until = dns_now_ms() + r->timeout_ms;
		if (until > a->deadline)
			until = a->deadline;
		while ((w = dns_wait(fd, POLLIN, until)) == 1) {
			n = recv(fd, a->buf, DNS_MSG_MAX, 0);
			if (n == -1 && (errno == EAGAIN || errno == EINTR))
				continue;
			if (n == -1)
				break;
			if (dns_reply_matches(a, a->buf, (size_t)n)) {
				a->len = (size_t)n;
				close(fd);
				return (DNS_XFER_ANSWER);
			}
		}
		if (w == 1)		/* recv error: ICMP unreachable */
			break;
	}
	close(fd);
	return (dns_now_ms() >= a->deadline ? DNS_XFER_DEADLINE :
	    DNS_XFER_NONE);
}

/* dns_tcp - ask one server over TCP, within one try's timeout */
static enum dns_xfer
dns_tcp(const struct dns_resolver *r, const struct dns_server *s,
    struct dns_ask *a)
{
	uint8_t		 out[2 + DNS_QUERY_MAX], lenbuf[2];
	int64_t		 until;
	size_t		 done, want;
	ssize_t		 n;
	socklen_t	 elen = sizeof(int);
	int		 fd, err = 0, phase;

	until = dns_now_ms() + r->timeout_ms;
	if (until > a->deadline)
		until = a->deadline;
	if ((fd = socket(s->ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0)) == -1)
		return (DNS_XFER_NONE);
	if (connect(fd, (const struct sockaddr *)&s->ss, s->sslen) == -1) {
		if (errno != EINPROGRESS || dns_wait(fd, POLLOUT, until) != 1 ||
		    getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &elen) == -1 ||
		    err != 0)
			goto fail;
	}
	out[0] = (uint8_t)(a->qlen >> 8);
	out[1] = (uint8_t)a->qlen;
	memcpy(out + 2, a->q, a->qlen);
	for (done = 0; done < a->qlen + 2; done += (size_t)n) {
		n = send(fd, out + done, a->qlen + 2 - done, MSG_NOSIGNAL);
		if (n == -1 && (errno == EAGAIN || errno == EINTR)) {
			n = 0;
			if (dns_wait(fd, POLLOUT, until) != 1)
				goto fail;
		} else if (n == -1)
			goto fail;
	}
	/* Phase 0 reads the length prefix, phase 1 the message. */
	for (phase = 0; phase < 2; phase++) {
		uint8_t	*dst = phase == 0 ? lenbuf : a->buf;

		want = phase == 0 ? 2 : ((size_t)lenbuf[0] << 8 | lenbuf[1]);
		if (phase == 1 && want < DNS_HEADER_LEN)
			goto fail;
		for (done = 0; done < want; done += (size_t)n) {
			if (dns_wait(fd, POLLIN, until) != 1)
				goto fail;
			n = recv(fd, dst + done, want - done, 0);
			if (n == -1 && (errno == EAGAIN || errno == EINTR))
				n = 0;
			else if (n <= 0)
				goto fail;
		}
	}
	close(fd);
	a->len = want;
	return (dns_reply_matches(a, a->buf, a->len) ? DNS_XFER_ANSWER :
	    DNS_XFER_NONE);
fail:
	close(fd);
	return (dns_now_ms() >= a->deadline ? DNS_XFER_DEADLINE :
	    DNS_XFER_NONE);
}

/*
 * dns_soa_ttl - negative-answer TTL (RFC 2308 section 5): the lower of
 * the TTL and the MINIMUM field of an SOA in the authority section, 0
 * when there is none.
 */
static uint32_t
dns_soa_ttl(ns_msg *msg)
{
	ns_rr		 rr;
	const uint8_t	*p;
	uint32_t	 min;
	int		 i;

	for (i = 0; i < ns_msg_count(*msg, ns_s_ns); i++) {
		if (ns_parserr(msg, ns_s_ns, i, &rr) == -1)
			return (0);
		if (ns_rr_type(rr) != ns_t_soa || ns_rr_rdlen(rr) < 22)
			continue;
		p = ns_rr_rdata(rr) + ns_rr_rdlen(rr) - 4;
		min = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
		    (uint32_t)p[2] << 8 | p[3];
		return (min < ns_rr_ttl(rr) ? min : ns_rr_ttl(rr));
	}
	return (0);
}

/* dns_add_record - append one record of the asked type to an answer */
static int
dns_add_record(ns_msg *msg, const ns_rr *rr, int type, struct dns_answer *out,
    uint16_t **prefs)
{
	const uint8_t	*rd = ns_rr_rdata(*rr), *end = rd + ns_rr_rdlen(*rr);
	char		 name[NS_MAXDNAME], *txt;
	size_t		 n = 0, len, i;

	switch (type) {
	case ns_t_a:
	case ns_t_aaaa:
		len = type == ns_t_a ? 4 : 16;
		if (ns_rr_rdlen(*rr) != len)
			return (-1);
		out->addr = xreallocarray(out->addr, out->n + 1,
		    sizeof(*out->addr));
		memset(&out->addr[out->n], 0, sizeof(out->addr[out->n]));
		out->addr[out->n].af = type == ns_t_a ? AF_INET : AF_INET6;
		memcpy(out->addr[out->n].a, rd, len);
		break;
	case ns_t_mx:
	case ns_t_ptr:
		if (type == ns_t_mx) {
			if (ns_rr_rdlen(*rr) < 3)
				return (-1);
			*prefs = xreallocarray(*prefs, out->n + 1,
			    sizeof(**prefs));
			(*prefs)[out->n] = (uint16_t)(rd[0] << 8 | rd[1]);
			rd += 2;
		}
		if (ns_name_uncompress(ns_msg_base(*msg), ns_msg_end(*msg), rd,
		    name, sizeof(name)) == -1)
			return (-1);
		out->name = xreallocarray(out->name, out->n + 1,
		    sizeof(*out->name));
		out->name[out->n] = xstrdup(name);
		break;
	case ns_t_txt:
		txt = xmalloc(ns_rr_rdlen(*rr) + 1);
		while (rd < end) {
			len = *rd++;
			if (len > (size_t)(end - rd)) {
				free(txt);
				return (-1);
			}
			memcpy(txt + n, rd, len);
			n += len;
			rd += len;
		}
		/*
		 * Records travel as C strings from here on: a NUL inside
		 * would silently cut the record short.  Make it a control
		 * character instead, which the record check refuses (RFC
		 * 7208 allows none), so such a record is a permerror.
		 */
		for (i = 0; i < n; i++)
			if (txt[i] == '\0')
				txt[i] = '\x01';
		txt[n] = '\0';
		out->name = xreallocarray(out->name, out->n + 1,
		    sizeof(*out->name));
		out->name[out->n] = txt;
		break;
	default:
		return (-1);
	}
	out->n++;
	return (0);
}

/*
 * dns_parse - read a reply into an answer; returns the status.  When the
 * answer holds a CNAME chain but not the records its end points to (a
 * server that does not chase it), next gets the uncompressed wire name
 * of the chain's end and *cttl the lowest TTL of the CNAMEs; otherwise
 * next[0] is 0.
 */
static enum dns_status
dns_parse(const uint8_t *m, size_t len, int type, struct dns_answer *out,
    uint8_t *next, uint32_t *cttl)
{
	ns_msg		 msg;
	ns_rr		 rr;
	char		 cur[NS_MAXDNAME], qname[NS_MAXDNAME];
	uint16_t	*prefs = NULL, p;
	uint32_t	 ttl = UINT32_MAX;
	size_t		 i, j;
	int		 k, hops, found, rcode;

	next[0] = 0;
	if (ns_initparse(m, (int)len, &msg) == -1 ||
	    ns_parserr(&msg, ns_s_qd, 0, &rr) == -1)
		return (DNS_ERROR);
	strlcpy_safe(qname, ns_rr_name(rr), sizeof(qname));
	rcode = ns_msg_getflag(msg, ns_f_rcode);
	if (rcode == ns_r_nxdomain) {
		out->ttl = dns_soa_ttl(&msg);
		return (DNS_NXDOMAIN);
	}
	if (rcode != ns_r_noerror)
		return (DNS_SERVFAIL);

	/* Follow the CNAME chain from the question inside the answer. */
	strlcpy_safe(cur, qname, sizeof(cur));
	for (hops = 0;; hops++) {
		found = 0;
		for (k = 0; k < ns_msg_count(msg, ns_s_an); k++) {
			if (ns_parserr(&msg, ns_s_an, k, &rr) == -1)
				return (DNS_ERROR);
			if (ns_rr_class(rr) != ns_c_in ||
			    ns_rr_type(rr) != ns_t_cname ||
			    !dns_samename(ns_rr_name(rr), cur))
				continue;
			if (hops >= DNS_CNAME_MAX ||
			    ns_name_uncompress(ns_msg_base(msg),
			    ns_msg_end(msg), ns_rr_rdata(rr), cur,
			    sizeof(cur)) == -1 ||
			    ns_name_unpack(ns_msg_base(msg), ns_msg_end(msg),
			    ns_rr_rdata(rr), next, NS_MAXCDNAME) == -1)
				return (DNS_ERROR);
			if (ns_rr_ttl(rr) < ttl)
				ttl = ns_rr_ttl(rr);
			found = 1;
			break;
		}
		if (!found)
			break;
	}

	for (k = 0; k < ns_msg_count(msg, ns_s_an); k++) {
		if (ns_parserr(&msg, ns_s_an, k, &rr) == -1)
			goto bad;
		if (ns_rr_class(rr) != ns_c_in || (int)ns_rr_type(rr) != type ||
		    !dns_samename(ns_rr_name(rr), cur))
			continue;
		if (dns_add_record(&msg, &rr, type, out, &prefs) == -1)
			goto bad;
		if (ns_rr_ttl(rr) < ttl)
			ttl = ns_rr_ttl(rr);
	}
	if (out->n == 0) {
		free(prefs);
		out->ttl = dns_soa_ttl(&msg);
		*cttl = ttl;
		return (DNS_NODATA);
	}
	next[0] = 0;
	/* MX: lowest preference first (stable), as RFC 5321 tries them. */
	for (i = 1; prefs != NULL && i < out->n; i++) {
		char	*nm = out->name[i];

		p = prefs[i];
		for (j = i; j > 0 && prefs[j - 1] > p; j--) {
			prefs[j] = prefs[j - 1];
			out->name[j] = out->name[j - 1];
		}
		prefs[j] = p;
		out->name[j] = nm;
	}
	free(prefs);
	out->ttl = ttl;
	return (DNS_OK);
bad:
	free(prefs);
	dns_answer_free(out);
	return (DNS_ERROR);
}

/* dns_wire_len - length of an uncompressed wire name */
static size_t
dns_wire_len(const uint8_t *w)
{
	size_t	i = 0;

	while (w[i] != 0)
		i += w[i] + 1;
	return (i + 1);
}

/*
 * dns_query_wire - one question (QNAME in wire form) to the servers in
 * turn; next and cttl as for dns_parse().
 */
static void
dns_query_wire(struct dns_resolver *r, const uint8_t *qname, size_t qnlen,
    int type, struct dns_answer *out, uint8_t *next, uint32_t *cttl)
{
	struct dns_ask	 a;
	uint16_t	 id;
	uint8_t		*q;
	enum dns_xfer	 x;
	enum dns_status	 st, fail = DNS_TIMEOUT;
	size_t		 i;

	next[0] = 0;
	memset(&a, 0, sizeof(a));
	a.qnlen = qnlen;
	memcpy(a.q + DNS_HEADER_LEN, qname, qnlen);
	a.deadline = dns_deadline_ms(dns_current);
	if (dns_now_ms() >= a.deadline) {
		out->status = DNS_TIMEOUT;
		return;
	}
	if (getrandom(&id, sizeof(id), 0) != sizeof(id))
		id = (uint16_t)(dns_now_ms() ^ (intptr_t)&a);

	/* Header: id, RD, one question, one additional (OPT). */
	q = a.q;
	q[0] = (uint8_t)(id >> 8);
	q[1] = (uint8_t)id;
	q[2] = 0x01;
	q[5] = 1;
	q[11] = 1;
	q += DNS_HEADER_LEN + a.qnlen;
	*q++ = (uint8_t)(type >> 8);
	*q++ = (uint8_t)type;
	*q++ = 0;
	*q++ = ns_c_in;
	/* OPT: root name, type 41, class = payload, TTL 0, no RDATA. */
	*q++ = 0;
	*q++ = 0;
	*q++ = ns_t_opt;
	*q++ = DNS_UDP_PAYLOAD >> 8;
	*q++ = DNS_UDP_PAYLOAD & 0xff;
	memset(q, 0, 6);
	q += 6;
	a.qlen = q - a.q;

	a.buf = xmalloc(DNS_MSG_MAX);
	for (i = 0; i < r->nsrv; i++) {
		x = dns_udp(r, &r->srv[i], &a);
		if (x == DNS_XFER_ANSWER && (a.buf[2] & 0x02) != 0)	/* TC */
			x = dns_tcp(r, &r->srv[i], &a);
		if (x == DNS_XFER_DEADLINE) {
			fail = DNS_TIMEOUT;
			break;
		}
		if (x == DNS_XFER_NONE)
			continue;
		st = dns_parse(a.buf, a.len, type, out, next, cttl);
		if (st == DNS_OK || st == DNS_NXDOMAIN || st == DNS_NODATA) {
			out->status = st;
			free(a.buf);
			return;
		}
		fail = st;	/* SERVFAIL or ERROR: try the next server */
	}
	free(a.buf);
	next[0] = 0;
	dns_answer_free(out);
	out->status = fail;
}

/*
 * dns_askable - a question dns_query_net() would send: a type it knows
 * and a name it can encode (into qname).
 */
static int
dns_askable(const char *name, int type, uint8_t *qname, size_t *qnlen)
{
	if (type != ns_t_a && type != ns_t_aaaa && type != ns_t_mx &&
	    type != ns_t_txt && type != ns_t_ptr)
		return (0);
	return (dns_name_encode(name, qname, qnlen) == 0);
}

/*
 * dns_query_net - ask the servers, never failing without a status.  A
 * CNAME chain the server left unfinished is chased with new queries.
 * The TTL is the lowest along the chain, for negative answers too: a
 * cached NXDOMAIN must not outlive the CNAME that led to it.
 */
static void
dns_query_net(struct dns_resolver *r, const char *name, int type,
    struct dns_answer *out)
{
	uint8_t		 qname[NS_MAXCDNAME], next[NS_MAXCDNAME];
	size_t		 qnlen;
	uint32_t	 cttl, minttl = UINT32_MAX;
	int		 hops;

	memset(out, 0, sizeof(*out));
	out->type = type;
	out->status = DNS_ERROR;
	if (!dns_askable(name, type, qname, &qnlen))
		return;
	for (hops = 0;; hops++) {
		cttl = UINT32_MAX;
		dns_query_wire(r, qname, qnlen, type, out, next, &cttl);
		if (cttl < minttl)
			minttl = cttl;
		if (out->status != DNS_NODATA || next[0] == 0)
			break;
		if (hops >= DNS_CNAME_MAX) {
			out->status = DNS_ERROR;
			return;
		}
		qnlen = dns_wire_len(next);
		memcpy(qname, next, qnlen);
	}
	if (minttl < out->ttl)
		out->ttl = minttl;
}

/*
 * dns_fetch - the cache's fetch function: one question to the servers.
 *
 * When may a DNS_TIMEOUT be cached?  Only when the servers caused it:
 * every try of every server waited its full per-try timeout (or was
 * refused) and got nothing.  dns_udp() and dns_tcp() cut a try short
 * at the evaluation's deadline, so when the deadline has passed by the
 * time the query ends, the timeout may be ours alone; cached, it would
 * make every evaluation asking that name in the next dns_cache_error_ttl
 * seconds a Temperror, even those with their whole budget left.  Such
 * a TIMEOUT is private: not stored, not given to waiters (who ask
 * again).  Every other answer, SERVFAIL and ERROR included, is what DNS
 * said and is shared.
 */
static int
dns_fetch(void *arg, const char *name, int type, struct dns_answer *out)
{
	dns_query_net(arg, name, type, out);
	if (out->status == DNS_TIMEOUT &&
	    dns_now_ms() >= dns_deadline_ms(dns_current))
		return (CACHE_FETCH_PRIVATE);
	return (CACHE_FETCH_SHARE);
}

/*
 * dns_query - ask one question, through the resolver's cache when it
 * has one.  Questions that would never be sent (bad type or name) and
 * those asked past the deadline are answered here, bypassing the
 * cache, exactly as dns_query_net() answers them.
 */
void
dns_query(struct dns_resolver *r, const char *name, int type,
    struct dns_answer *out)
{
	uint8_t		 qname[NS_MAXCDNAME];
	size_t		 qnlen;
	int64_t		 deadline = dns_deadline_ms(dns_current);

	if (r->cache == NULL || !dns_askable(name, type, qname, &qnlen)) {
		dns_query_net(r, name, type, out);
		return;
	}
	if (dns_now_ms() >= deadline) {
		memset(out, 0, sizeof(*out));
		out->type = type;
		out->status = DNS_TIMEOUT;
		return;
	}
	cache_query(r->cache, name, type, deadline, dns_fetch, r, out);
}

/* dns_answer_free - release the records of an answer */
void
dns_answer_free(struct dns_answer *a)
{
	size_t	i;

	for (i = 0; a->name != NULL && i < a->n; i++)
		free(a->name[i]);
	free(a->name);
	free(a->addr);
	a->name = NULL;
	a->addr = NULL;
	a->n = 0;
}

/* dns_status_name - "OK", "NXDOMAIN", ... */
const char *
dns_status_name(enum dns_status s)
{
	switch (s) {
	case DNS_OK:
		return ("OK");
	case DNS_NXDOMAIN:
		return ("NXDOMAIN");
	case DNS_NODATA:
		return ("NODATA");
	case DNS_SERVFAIL:
		return ("SERVFAIL");
	case DNS_TIMEOUT:
		return ("TIMEOUT");
	case DNS_ERROR:
		break;
	}
	return ("ERROR");
}

/* dns_type_name - "A", "TXT", ... */
static const char *
dns_type_name(int type, char *buf, size_t size)
{
	switch (type) {
	case ns_t_a:
		return ("A");
	case ns_t_aaaa:
		return ("AAAA");
	case ns_t_mx:
		return ("MX");
	case ns_t_txt:
		return ("TXT");
	case ns_t_ptr:
		return ("PTR");
	}
	snprintf(buf, size, "TYPE%d", type);
	return (buf);
}

/*
 * dns_name_cut - RFC 7208 section 7.3: an expanded name longer than 253
 * bytes loses labels on the left until it fits (libspf2 does not).
 */
static const char *
dns_name_cut(const char *name)
{
	const char	*dot;
	size_t		 len = strlen(name);

	if (len > 0 && name[len - 1] == '.')
		len--;
	while (len > 253 && (dot = strchr(name, '.')) != NULL) {
		len -= dot + 1 - name;
		name = dot + 1;
	}
	return (name);
}

/* dns_is_spf - a TXT string libspf2 takes for an SPF record */
static int
dns_is_spf(const char *txt)
{
	size_t	len = sizeof(SPF_VER_STR) - 1;

	return (strncasecmp(txt, SPF_VER_STR, len) == 0 &&
	    (txt[len] == ' ' || txt[len] == '\0'));
}

/*
 * dns_is_hostile - an SPF record with a term (space separated, as
 * libspf2 splits them) that holds a "%" and is longer than
 * DNS_MACRO_TERM_MAX bytes: what CVE-2023-42118 needs.
 */
static int
dns_is_hostile(const char *txt)
{
	const char	*p = txt, *end;
	size_t		 len;

	while (*p != '\0') {
		while (*p == ' ')
			p++;
		if ((len = strcspn(p, " ")) > DNS_MACRO_TERM_MAX) {
			end = p + len;
			if (memchr(p, '%', end - p) != NULL)
				return (1);
		}
		p += len;
	}
	return (0);
}

/* dns_trace - one line about a lookup to the trace and the DNS log */
static void
dns_trace(struct dns_eval *ev, const char *domain, int type, const char *fmt,
    ...)
{
	char		 line[32 + DNS_NAME_TEXT_MAX + DNS_TRACE_MAX];
	char		 dom[DNS_NAME_TEXT_MAX], tbuf[16], rest[DNS_TRACE_MAX];
	va_list		 ap;

	if ((ev == NULL || ev->trace == NULL) &&
	    log_get_level() < LOG_LEVEL_DNS)
		return;
	str_printable(dom, sizeof(dom), domain, sizeof(dom) - 1);
	va_start(ap, fmt);
	vsnprintf(rest, sizeof(rest), fmt, ap);
	va_end(ap);
	snprintf(line, sizeof(line), "%s %s: %s",
	    dns_type_name(type, tbuf, sizeof(tbuf)), dom, rest);
	if (ev != NULL && ev->trace != NULL)
		ev->trace(ev->trace_arg, line);
	log_debug(LOG_LEVEL_DNS, "dns: %s", line);
}

/*
 * The rest of the layer: RFC 7208 rules libspf2 does not keep.  Records
 * are checked and normalised by spfrecord.c before libspf2 sees them;
 * the tags the normalised records carry (spfrecord.h) come back here on
 * the lookups of "a", "mx" and "exists".
 */
static const char *dns_spf_limited(const struct dns_eval *);
static int	 dns_spf_is_term(const struct dns_eval *, int, int, int);
static void	 dns_spf_add(SPF_dns_rr_t *, int, const void *, size_t);
static int	 dns_spf_txt(struct dns_eval *, SPF_dns_rr_t *,
		    const struct dns_answer *, const char *, int, char *,
		    size_t);
static int	 dns_spf_addr(const struct dns_eval *, SPF_dns_rr_t *,
		    const struct dns_answer *, int, int, char *, size_t);
static int	 dns_spf_mx(struct dns_eval *, SPF_dns_rr_t *,
		    const struct dns_answer *, const char *, int, char *,
		    size_t);

/*
 * dns_spf_limited - the processing limit the evaluation has exceeded,
 * or NULL.  After that every lookup answers HOST_NOT_FOUND at once: the
 * result is a Permerror whatever libspf2 makes of the rest.
 */
static const char *
dns_spf_limited(const struct dns_eval *ev)
{
	if (ev == NULL)
		return (NULL);
	if (ev->terms_exceeded)
		return ("DNS lookup limit exceeded");
	if (ev->mx_exceeded)
		return ("MX limit exceeded");
	if (ev->void_exceeded)
		return ("void lookup limit exceeded");
	return (NULL);
}

/*
 * dns_spf_is_term - whether a lookup starts a DNS-querying term (RFC
 * 7208 section 4.6.4).  Each term makes exactly one such lookup: a
 * tagged A, AAAA or MX lookup ("a", "mx", "exists" of a normalised
 * record), a TXT lookup other than the first ("include", "redirect";
 * exp= texts are fetched by spfcheck.c, not here) or a PTR lookup that
 * may be cached ("ptr"; libspf2 asks for %{p} with should_cache
 * FALSE).
 */
static int
dns_spf_is_term(const struct dns_eval *ev, int type, int tag,
    int should_cache)
{
	if (ev == NULL)
		return (0);
	switch (type) {
	case ns_t_txt:
		return (ev->record_seen);
	case ns_t_ptr:
		return (should_cache);
	default:
		return ((tag & SPFRECORD_TAG_TERM) != 0);
	}
}

/* dns_spf_add - one record of len bytes for libspf2 */
static void
dns_spf_add(SPF_dns_rr_t *rr, int n, const void *data, size_t len)
{
	if (SPF_dns_rr_buf_realloc(rr, n, len) != SPF_E_SUCCESS)
		fatalx("dns: out of memory for a libspf2 record");
	memcpy(rr->rr[n], data, len);
}

/*
 * dns_spf_txt - the TXT strings of an answer for libspf2.  Every SPF
 * record goes through the hostile-record guard (CVE-2023-42118); when
 * there is exactly one (what libspf2 will use), it is then checked by
 * spfrecord_check() and handed on normalised, or, when invalid, as a
 * record libspf2 cannot compile (a permerror wherever it is fetched),
 * with the reason kept in ev.  Other strings pass unchanged, but those
 * with a '%' longer than DNS_MACRO_TERM_MAX are dropped.  The first TXT
 * lookup's record (the evaluated domain's) is kept in ev->record.
 * Returns the number of records; note gets a remark for the trace.
 */
static int
dns_spf_txt(struct dns_eval *ev, SPF_dns_rr_t *rr, const struct dns_answer *a,
    const char *domain, int first_txt, char *note, size_t notesize)
{
	const char	*txt;
	char		*normal, *cause;
	size_t		 i, nspf = 0, dropped = 0;
	int		 n = 0, hostile = 0, invalid = 0;

	for (i = 0; i < a->n; i++)
		if (dns_is_spf(a->name[i]))
			nspf++;
	for (i = 0; i < a->n; i++) {
		txt = a->name[i];
		normal = NULL;
		if (dns_is_spf(txt)) {
			if (dns_is_hostile(txt)) {
				hostile = 1;
				txt = DNS_HOSTILE_STANDIN;
			}
			if (first_txt && nspf == 1)
				strlcpy_safe(ev->record, txt,
				    sizeof(ev->record));
			if (nspf == 1 && !hostile) {
				if (spfrecord_check(txt, &normal, &cause) ==
				    0)
					txt = normal;
				else {
					invalid = 1;
					txt = DNS_HOSTILE_STANDIN;
					if (ev != NULL && !ev->invalid) {
						ev->invalid = 1;
						ev->invalid_nested = !first_txt;
						strlcpy_safe(ev->invalid_reason,
						    cause,
						    sizeof(ev->invalid_reason));
						strlcpy_safe(ev->invalid_domain,
						    domain,
						    sizeof(ev->invalid_domain));
					}
					free(cause);
				}
			}
		} else if (strchr(txt, '%') != NULL &&
		    strlen(txt) > DNS_MACRO_TERM_MAX) {
			dropped++;
			continue;
		}
		dns_spf_add(rr, n++, txt, strlen(txt) + 1);
		free(normal);
	}
	if (hostile && ev != NULL && !ev->hostile) {
		ev->hostile = 1;
		strlcpy_safe(ev->hostile_domain, domain,
		    sizeof(ev->hostile_domain));
	}
	if (hostile)
		snprintf(note, notesize, " (record rejected as unsafe)");
	else if (invalid)
		snprintf(note, notesize, " (invalid record)");
	else if (dropped > 0)
		snprintf(note, notesize, " (%zu unsafe string(s) dropped)",
		    dropped);
	return (n);
}

/*
 * dns_spf_addr - the addresses of an A or AAAA answer for libspf2.  With
 * a zero CIDR length for the asked family (the tag, see spfrecord.h) any
 * address matches, which libspf2 cannot express: the records are
 * replaced by the client's own address, so libspf2 matches when there
 * is at least one.
 */
static int
dns_spf_addr(const struct dns_eval *ev, SPF_dns_rr_t *rr,
    const struct dns_answer *a, int type, int tag, char *note,
    size_t notesize)
{
	size_t	i, len;
	int	af, any;

	af = type == ns_t_a ? AF_INET : AF_INET6;
	len = type == ns_t_a ? sizeof(struct in_addr) :
	    sizeof(struct in6_addr);
	any = (tag & (type == ns_t_a ? SPFRECORD_TAG_CIDR4_0 :
	    SPFRECORD_TAG_CIDR6_0)) != 0;
	if (any && a->n > 0 && ev != NULL && ev->client.af == af) {
		dns_spf_add(rr, 0, ev->client.a, len);
		snprintf(note, notesize, " (CIDR length 0: matches)");
		return (1);
	}
	for (i = 0; i < a->n; i++)
		dns_spf_add(rr, (int)i, a->addr[i].a, len);
	return ((int)a->n);
}

/*
 * dns_spf_mx - the exchanges of an MX answer for libspf2.  An "mx" with
 * more than DNS_MX_LIMIT records is a permerror (RFC 7208 section
 * 4.6.4): ev->mx_exceeded, and no records.  With a zero CIDR length the
 * exchanges carry the tag on (without SPFRECORD_TAG_TERM) so that their
 * address lookups get dns_spf_addr()'s treatment.
 */
static int
dns_spf_mx(struct dns_eval *ev, SPF_dns_rr_t *rr, const struct dns_answer *a,
    const char *domain, int tag, char *note, size_t notesize)
{
	char	name[NS_MAXDNAME + SPFRECORD_TAG_LEN + 1];
	size_t	i;
	int	cidr0 = tag & (SPFRECORD_TAG_CIDR4_0 | SPFRECORD_TAG_CIDR6_0);

	if ((tag & SPFRECORD_TAG_TERM) && a->n > DNS_MX_LIMIT && ev != NULL) {
		ev->mx_exceeded = 1;
		strlcpy_safe(ev->mx_domain, domain, sizeof(ev->mx_domain));
		snprintf(note, notesize, " (more than %d: permerror)",
		    DNS_MX_LIMIT);
		return (0);
	}
	for (i = 0; i < a->n; i++) {
		if (cidr0 == 0 || spfrecord_tag(name, sizeof(name),
		    a->name[i], cidr0) == -1)
			strlcpy_safe(name, a->name[i], sizeof(name));
		dns_spf_add(rr, (int)i, name, strlen(name) + 1);
	}
	return ((int)a->n);
}

/*
 * dns_spf_lookup - the libspf2 lookup callback.  It never returns NULL
 * (libspf2 aborts on NULL), gives NO_DATA rather than NETDB_SUCCESS with
 * no records, and sets rr_type to the asked type.
 */
static SPF_dns_rr_t *
dns_spf_lookup(SPF_dns_server_t *layer, const char *domain, ns_type type,
    int should_cache)
{
	struct dns_resolver	*r = layer->hook;
	struct dns_eval		*ev = dns_current;
	struct dns_answer	 a;
	SPF_dns_rr_t		*rr;
	SPF_dns_stat_t		 herrno;
	const char		*limit, *qname;
	char			*name, note[128];
	uint8_t			 wire[NS_MAXCDNAME];
	size_t			 wlen, i;
	int			 first_txt, isvoid = 0, n = 0, tag = 0;

	first_txt = ev != NULL && !ev->record_seen && type == ns_t_txt;
	if (ev != NULL)
		ev->lookups++;
	/* Take off the tag of a normalised record's term (spfrecord.h). */
	if (type == ns_t_a || type == ns_t_aaaa || type == ns_t_mx)
		name = xstrndup(domain, spfrecord_untag(domain, &tag));
	else
		name = xstrdup(domain);
	qname = name;
	if ((limit = dns_spf_limited(ev)) != NULL) {
		dns_trace(ev, qname, type, "not queried, %s", limit);
		rr = SPF_dns_rr_new_init(layer, domain, type, 0,
		    HOST_NOT_FOUND);
		goto done;
	}
	if (dns_spf_is_term(ev, type, tag, should_cache) &&
	    ++ev->terms > DNS_TERM_LIMIT) {
		ev->terms_exceeded = 1;
		dns_trace(ev, qname, type, "not queried, DNS-querying term %d "
		    "(limit %d)", ev->terms, DNS_TERM_LIMIT);
		rr = SPF_dns_rr_new_init(layer, domain, type, 0,
		    HOST_NOT_FOUND);
		goto done;
	}
	if (ev != NULL && dns_now_ms() >= dns_deadline_ms(ev)) {
		ev->deadline_hit = 1;
		dns_trace(ev, qname, type,
		    "not queried, lookup time exceeded");
		rr = SPF_dns_rr_new_init(layer, domain, type, 0, TRY_AGAIN);
		goto done;
	}
	if (type != ns_t_a && type != ns_t_aaaa && type != ns_t_mx &&
	    type != ns_t_txt && type != ns_t_ptr) {
		/* Type 99 &c.: not asked; libspf2 falls back to TXT. */
		dns_trace(ev, qname, type, "not queried, type not supported");
		rr = SPF_dns_rr_new_init(layer, domain, type, 0, NO_DATA);
		goto done;
	}
	qname = dns_name_cut(qname);
	if (dns_name_encode(qname, wire, &wlen) == -1) {
		/* Empty or long label: no such name (RFC 7208 4.3, 4.8). */
		dns_trace(ev, qname, type, "not queried, not a domain name");
		rr = SPF_dns_rr_new_init(layer, domain, type, 0,
		    HOST_NOT_FOUND);
		goto done;
	}

	dns_query(r, qname, type, &a);
	switch (a.status) {
	case DNS_OK:
		herrno = NETDB_SUCCESS;
		break;
	case DNS_NXDOMAIN:
		herrno = HOST_NOT_FOUND;
		break;
	case DNS_NODATA:
		herrno = NO_DATA;
		break;
	case DNS_SERVFAIL:
	case DNS_TIMEOUT:
		herrno = TRY_AGAIN;
		break;
	default:
		herrno = NO_RECOVERY;
		break;
	}
	if (ev != NULL && a.status == DNS_TIMEOUT &&
	    dns_now_ms() >= dns_deadline_ms(ev))
		ev->deadline_hit = 1;
	if (ev != NULL && a.status != DNS_OK && a.status != DNS_NXDOMAIN &&
	    a.status != DNS_NODATA) {
		strlcpy_safe(ev->error_name, qname, sizeof(ev->error_name));
		ev->error_type = type;
		ev->error_status = a.status;
	}

	rr = SPF_dns_rr_new_init(layer, domain, type,
	    a.ttl > INT_MAX ? INT_MAX : (int)a.ttl, herrno);
	if (rr == NULL)
		fatalx("dns: out of memory for a libspf2 record");
	note[0] = '\0';
	if (first_txt)
		ev->record[0] = '\0';
	if (a.status == DNS_OK) {
		switch (type) {
		case ns_t_txt:
			n = dns_spf_txt(ev, rr, &a, qname, first_txt, note,
			    sizeof(note));
			break;
		case ns_t_a:
		case ns_t_aaaa:
			n = dns_spf_addr(ev, rr, &a, type, tag, note,
			    sizeof(note));
			break;
		case ns_t_mx:
			n = dns_spf_mx(ev, rr, &a, qname, tag, note,
			    sizeof(note));
			break;
		default:
			/* PTR: RFC 7208 4.6.4, only the first ten count. */
			for (i = 0; i < a.n && i < DNS_PTR_LIMIT; i++)
				dns_spf_add(rr, n++, a.name[i],
				    strlen(a.name[i]) + 1);
			if (a.n > DNS_PTR_LIMIT)
				snprintf(note, sizeof(note), " (first %d "
				    "used)", DNS_PTR_LIMIT);
			break;
		}
	}
	rr->num_rr = n;
	if (a.status == DNS_OK && n == 0)
		rr->herrno = herrno = ev != NULL && ev->mx_exceeded ?
		    HOST_NOT_FOUND : NO_DATA;
	if (first_txt)
		ev->record_seen = 1;
	if (ev != NULL && !first_txt && (a.status == DNS_NXDOMAIN ||
	    a.status == DNS_NODATA)) {
		isvoid = 1;
		ev->voids++;
		if (ev->void_limit >= 0 && ev->voids > ev->void_limit)
			ev->void_exceeded = 1;
	}

	if (isvoid)
		snprintf(note, sizeof(note), " (void lookup %d of %d%s)",
		    ev->voids, ev->void_limit,
		    ev->void_exceeded ? ", limit exceeded" : "");
	if (a.status == DNS_OK)
		dns_trace(ev, qname, type, "OK, %zu record(s), ttl %u%s",
		    a.n, (unsigned)a.ttl, note);
	else
		dns_trace(ev, qname, type, "%s%s", dns_status_name(a.status),
		    note);
	dns_answer_free(&a);
done:
	free(name);
	return (rr);
}

/* dns_spf_destroy - libspf2's destroy callback: the layer only */
static void
dns_spf_destroy(SPF_dns_server_t *layer)
{
	free(layer);
}

/* dns_spf_layer_new - a libspf2 DNS layer on top of a resolver */
SPF_dns_server_t *
dns_spf_layer_new(struct dns_resolver *r)
{
	SPF_dns_server_t	*layer;

	layer = xcalloc(1, sizeof(*layer));
	layer->destroy = dns_spf_destroy;
	layer->lookup = dns_spf_lookup;
	layer->get_spf = NULL;
	layer->get_exp = NULL;
	layer->add_cache = NULL;
	layer->layer_below = NULL;
	layer->name = "policyd-spf";
	layer->debug = 0;
	layer->hook = r;
	return (layer);
}

/* dns_spf_layer_free - release a layer (not its resolver) */
void
dns_spf_layer_free(SPF_dns_server_t *layer)
{
	if (layer != NULL)
		dns_spf_destroy(layer);
}

/* dns_eval_begin - start an evaluation on the calling thread */
void
dns_eval_begin(struct dns_eval *ev, int lookup_time, int void_limit)
{
	memset(ev, 0, sizeof(*ev));
	if (lookup_time > 0) {
		clock_gettime(CLOCK_MONOTONIC, &ev->deadline);
		ev->deadline.tv_sec += lookup_time;
	}
	ev->void_limit = void_limit;
	dns_current = ev;
}

/* dns_eval_end - detach the calling thread's evaluation */
void
dns_eval_end(struct dns_eval *ev)
{
	if (dns_current == ev)
		dns_current = NULL;
}
