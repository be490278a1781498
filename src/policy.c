/*
 * NAME
 *	policy 3 - answer one policy request
 * DESCRIPTION
 *	See policy.h.  This is the only place that strings the steps
 *	together; what to answer is decided by decide.c, what SPF says by
 *	spfcheck.c.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cidr.h"
#include "config.h"
#include "decide.h"
#include "instcache.h"
#include "log.h"
#include "policy.h"
#include "proto.h"
#include "spfcheck.h"
#include "util.h"

#define POLICY_NAME_MAX		256	/* HELO and domain names */
#define POLICY_SENDER_MAX	512
#define POLICY_LOG_VALUE	100	/* peer values cut in log lines */

/* The request, normalised. */
struct policy_req {
	struct ipaddr	 client;		/* as sent, unmapped */
	struct ipaddr	 checked;		/* Prospective or client */
	char		 ip[IPADDR_TEXT_MAX];	/* checked, text */
	char		 helo[POLICY_NAME_MAX];
	char		 sender[POLICY_SENDER_MAX];
	char		 sender_domain[POLICY_NAME_MAX];
	char		 receiver[POLICY_NAME_MAX];
	char		 queue_id[64];
};

/* policy_init - shared state for every request */
void
policy_init(struct policy *p, const struct config *cfg, struct spfcheck *sc)
{
	memset(p, 0, sizeof(*p));
	p->cfg = cfg;
	p->sc = sc;
	if (strcmp(cfg->authserv_id, "HOSTNAME") == 0) {
		if (gethostname(p->authserv_id, sizeof(p->authserv_id)) == -1 ||
		    p->authserv_id[0] == '\0')
			strlcpy_safe(p->authserv_id, "localhost",
			    sizeof(p->authserv_id));
		p->authserv_id[sizeof(p->authserv_id) - 1] = '\0';
	} else
		strlcpy_safe(p->authserv_id, cfg->authserv_id,
		    sizeof(p->authserv_id));
}

/* policy_sender - split the sender: local part kept, domain lowercased */
static void
policy_sender(struct policy_req *r, const char *sender)
{
	const char	*at;
	char		*dom;

	str_printable(r->sender, sizeof(r->sender), sender, strlen(sender));
	if ((at = strrchr(r->sender, '@')) == NULL) {
		if (r->sender[0] != '\0')
			strlcpy_safe(r->sender_domain, r->sender,
			    sizeof(r->sender_domain));
	} else
		strlcpy_safe(r->sender_domain, at + 1,
		    sizeof(r->sender_domain));
	str_lower(r->sender_domain);
	if (at != NULL) {
		dom = r->sender + (at - r->sender) + 1;
		str_lower(dom);
	} else
		str_lower(r->sender);
}

/*
 * policy_normalise - check and normalise the request; returns -1 with
 * *why set when it cannot be checked at all.
 */
static int
policy_normalise(const struct config *cfg, const struct proto_request *req,
    struct policy_req *r, const char **why)
{
	memset(r, 0, sizeof(*r));
	if (strcmp(req->request, "smtpd_access_policy") != 0) {
		*why = "unsupported request type";
		return (-1);
	}
	if (req->client_address[0] == '\0') {
		*why = "missing client_address";
		return (-1);
	}
	if (ipaddr_parse(req->client_address, &r->client) == -1) {
		*why = "malformed client_address";
		return (-1);
	}
	ipaddr_unmap(&r->client);
	r->checked = r->client;
	if (cfg->prospective[0] != '\0')
		r->checked = cfg->prospective_addr;
	ipaddr_format(&r->checked, r->ip, sizeof(r->ip));

	str_printable(r->queue_id, sizeof(r->queue_id), req->queue_id,
	    strlen(req->queue_id));
	policy_sender(r, req->sender);
	str_printable(r->helo, sizeof(r->helo), req->helo_name,
	    strlen(req->helo_name));
	str_lower(r->helo);
	/* pypolicyd-spf: an empty HELO with a sender checks its domain. */
	if (r->helo[0] == '\0' && r->sender[0] != '\0')
		strlcpy_safe(r->helo, strchr(r->sender, '@') != NULL ?
		    r->sender_domain : "unknown", sizeof(r->helo));
	decide_receiver(cfg, req->recipient, r->receiver, sizeof(r->receiver));
	return (0);
}

/* policy_domain_in - name equals or is a subdomain of an entry */
static int
policy_domain_in(const struct strlist *l, const char *name)
{
	size_t	i, nlen = strlen(name), elen;

	for (i = 0; i < l->n; i++) {
		const char	*e = l->v[i];

		elen = strlen(e);
		if (elen > 0 && e[elen - 1] == '.')
			elen--;
		if (nlen == elen && strncasecmp(name, e, elen) == 0)
			return (1);
		if (nlen > elen && name[nlen - elen - 1] == '.' &&
		    strncasecmp(name + nlen - elen, e, elen) == 0)
			return (1);
	}
	return (0);
}

/* policy_decide_request - what decide.c needs of the request */
static void
policy_decide_request(const struct policy *p, const struct policy_req *r,
    struct decide_request *dr)
{
	dr->client_ip = r->ip;
	dr->helo = r->helo;
	dr->sender = r->sender;
	dr->sender_domain = r->sender_domain;
	dr->receiver = r->receiver;
	dr->authserv_id = p->authserv_id;
}

/* policy_skip_reason - why this client is not checked, or NULL */
static const char *
policy_skip_reason(const struct policy *p, const struct policy_req *r)
{
	const struct config	*cfg = p->cfg;
	struct spf_outcome	 o;
	char			 ptr[POLICY_NAME_MAX];
	size_t			 i;

	if (cidr_list_match(&cfg->skip_addresses, &r->checked))
		return ("SPF check N/A for local connections");
	if (cidr_list_match(&cfg->whitelist, &r->checked))
		return ("SPF skipped for whitelisted relay");
	for (i = 0; i < cfg->domain_whitelist.n; i++) {
		char	sender[POLICY_NAME_MAX + 16];

		snprintf(sender, sizeof(sender), "postmaster@%s",
		    cfg->domain_whitelist.v[i]);
		spfcheck_mailfrom(p->sc, &r->checked, sender,
		    cfg->domain_whitelist.v[i], &o);
		if (o.result == SPFR_PASS)
			return ("SPF skipped for whitelisted relay domain");
	}
	for (i = 0; i < cfg->helo_whitelist.n; i++)
		if (strcasecmp(cfg->helo_whitelist.v[i], r->helo) == 0 &&
		    spfcheck_host_has_addr(p->sc, r->helo, &r->checked,
		    cfg->whitelist_lookup_time))
			return ("SPF skipped for whitelisted HELO domain");
	if (cfg->domain_whitelist_ptr.n > 0 &&
	    spfcheck_ptr_name(p->sc, &r->checked, ptr, sizeof(ptr),
	    cfg->whitelist_lookup_time) == 0 &&
	    policy_domain_in(&cfg->domain_whitelist_ptr, ptr))
		return ("SPF skipped for PTR whitelisted relay domain");
	return (NULL);
}

/* policy_log_identity - level 2: what one identity gave */
static void
policy_log_identity(const struct policy_req *r, const char *identity,
    const struct spf_outcome *o)
{
	log_debug(LOG_LEVEL_SPF, "%s; identity=%s; client-ip=%s; helo=%s; "
	    "envelope-from=%s; receiver=%s; %s", spf_result_name(o->result),
	    identity, r->ip, r->helo, r->sender[0] != '\0' ? r->sender : "<>",
	    r->receiver, o->explanation);
}

/* policy_check - run the SPF checks and let decide.c choose */
static void
policy_check(const struct policy *p, const struct policy_req *r,
    const struct decide_request *dr, struct decision *d)
{
	const struct config	*cfg = p->cfg;
	struct spf_outcome	 helo, mfrom;
	const struct spf_outcome *hp = NULL, *mp = NULL;

	if (cfg->helo_table.check) {
		spfcheck_helo(p->sc, &r->checked, r->helo, &helo);
		policy_log_identity(r, "helo", &helo);
		hp = &helo;
		if (decide_helo(cfg, dr, hp, d))
			return;
	}
	if (r->sender[0] != '\0' && cfg->mailfrom_table.check) {
		spfcheck_mailfrom(p->sc, &r->checked, r->sender, r->helo,
		    &mfrom);
		policy_log_identity(r, "mailfrom", &mfrom);
		mp = &mfrom;
	}
	decide_mailfrom(cfg, dr, hp, mp, d);
}

/* policy_log_decision - the result line(s) of pypolicyd-spf */
static void
policy_log_decision(const struct policy_req *r, const struct decision *d)
{
	if (d->would[0] != '\0')
		log_info("%s: would %s: %s", r->queue_id,
		    strncmp(d->would, "defer", 5) == 0 ? "defer" :
		    strncmp(d->would, "WARN", 4) == 0 ? "warn" : "reject",
		    d->would);
	if (d->header[0] != '\0')
		log_info("%s: Header field not prepended: %s", r->queue_id,
		    d->header);
	log_info("%s: %s", r->queue_id, d->action);
}

/* policy_answer - the answer to one request */
void
policy_answer(const struct policy *p, struct instcache *ic,
    const struct proto_request *req, char *action, size_t size)
{
	const struct config	*cfg = p->cfg;
	struct policy_req	 r;
	struct decide_request	 dr;
	struct decision		 d;
	const char		*why;
	char			 shown[POLICY_LOG_VALUE + 1];

	if (policy_normalise(cfg, req, &r, &why) == -1) {
		str_printable(shown, sizeof(shown), strcmp(why,
		    "unsupported request type") == 0 ? req->request :
		    req->client_address, POLICY_LOG_VALUE);
		log_warnx("%s: \"%s\": answering DUNNO", why, shown);
		strlcpy_safe(action, "DUNNO", size);
		return;
	}
	if (instcache_replay(ic, req->instance, action, size)) {
		log_debug(LOG_LEVEL_CONFIG, "%s: instance %s seen before: %s",
		    r.queue_id, req->instance, action);
		return;
	}
	if (cfg->skip_sasl_authenticated && req->sasl_username[0] != '\0') {
		str_printable(shown, sizeof(shown), req->sasl_username,
		    POLICY_LOG_VALUE);
		log_info("%s: SPF skipped for SASL authenticated client "
		    "(sasl_username=%s): DUNNO", r.queue_id, shown);
		strlcpy_safe(action, "DUNNO", size);
		instcache_store(ic, req->instance, 0, action);
		return;
	}

	policy_decide_request(p, &r, &dr);

	if ((why = policy_skip_reason(p, &r)) != NULL)
		decide_skip(cfg, &dr, why, &d);
	else
		policy_check(p, &r, &dr, &d);
	policy_log_decision(&r, &d);
	strlcpy_safe(action, d.action, size);
	instcache_store(ic, req->instance, d.kind == DECISION_PREPEND,
	    d.action);
}

/* policy_temperror_answer - the answer when no evaluation can be had */
void
policy_temperror_answer(const struct policy *p,
    const struct proto_request *req, const char *why, char *action,
    size_t size)
{
	struct policy_req	 r;
	struct decide_request	 dr;
	struct decision		 d;
	struct spf_outcome	 o;
	const char		*bad;

	if (policy_normalise(p->cfg, req, &r, &bad) == -1) {
		strlcpy_safe(action, "DUNNO", size);
		return;
	}
	memset(&o, 0, sizeof(o));
	o.result = SPFR_TEMPERROR;
	snprintf(o.explanation, sizeof(o.explanation),
	    "SPF Temporary Error: %s", why);
	policy_decide_request(p, &r, &dr);
	if (r.sender[0] == '\0') {
		if (!decide_helo(p->cfg, &dr, &o, &d))
			decide_mailfrom(p->cfg, &dr, &o, NULL, &d);
	} else
		decide_mailfrom(p->cfg, &dr, NULL, &o, &d);
	policy_log_decision(&r, &d);
	strlcpy_safe(action, d.action, size);
}
