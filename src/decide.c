/*
 * NAME
 *	decide 3 - the answer to Postfix, from the SPF results and the config
 * DESCRIPTION
 *	See decide.h.  Pure: no I/O, no logging, no globals.
 *
 *	Every answer is first worked out as if test_only were off (the
 *	"enforcing" answer); test_only then holds it back into out->would
 *	(decide_held()) and answers what ACT_PREPEND would have answered,
 *	or with test_only_answer = warn "WARN would reject: <answer>".
 *	Header_Type = None and Prospective are applied last, to prepends
 *	only.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <string.h>
#include <strings.h>

#include "config.h"
#include "decide.h"
#include "header.h"
#include "result.h"
#include "util.h"

#define DECIDE_REASON_DEFAULT \
	"Message {rejectdefer} due to: {spf}. Please see {url}"
#define DECIDE_URL	"http://www.openspf.net/Why?s="
#define DECIDE_PREPEND	"prepend "

/* One identity's result and what the tables make of it. */
struct decide_eval {
	enum header_identity		 id;
	const struct spf_outcome	*o;
	enum spf_result			 result;
	enum policy_action		 act;
	int				 notpass; /* Reject_Not_Pass_Domains */
};

/* A bounded text being built; what does not fit is cut. */
struct decide_text {
	char	*buf;
	size_t	 size;
	size_t	 len;
};

static void	decide_clear(struct decision *);
static void	decide_set(struct decision *, enum decision_kind,
		    const char *);
static int	decide_stops(enum policy_action);
static int	decide_held(const struct config *, enum policy_action);
static int	decide_final(const struct config *, enum policy_action);
static int	decide_set_str(const char *);
static int	decide_domain_match(const char *, const struct strlist *);
static void	decide_eval(const struct config *,
		    const struct decide_request *, enum header_identity,
		    const struct spf_outcome *, struct decide_eval *);
static void	decide_text_init(struct decide_text *, char *, size_t);
static void	decide_text_putc(struct decide_text *, char);
static void	decide_text_puts(struct decide_text *, const char *);
static void	decide_text_putn(struct decide_text *, const char *, size_t);
static void	decide_printable(char *);
static void	decide_reason(const struct config *,
		    const struct decide_request *, const struct decide_eval *,
		    char *, size_t);
static void	decide_params(const struct decide_request *,
		    struct header_params *);
static void	decide_header(const struct config *,
		    const struct decide_request *, const struct decide_eval *,
		    char *, size_t);
static void	decide_prepend(const struct config *, struct decision *,
		    const char *);
static void	decide_test_warn(enum policy_action, const char *,
		    struct decision *);
static void	decide_answer(const struct config *,
		    const struct decide_request *, const struct decide_eval *,
		    struct decision *);
static int	decide_restriction(const struct config *,
		    const struct decide_eval *, struct decision *);

/* decide_clear - DUNNO, nothing else */
static void
decide_clear(struct decision *out)
{
	out->kind = DECISION_DUNNO;
	strlcpy_safe(out->action, "DUNNO", sizeof(out->action));
	out->would[0] = '\0';
	out->header[0] = '\0';
	out->identity = NULL;
	out->result = SPFR_NONE;
}

/* decide_set - the answer and its kind */
static void
decide_set(struct decision *out, enum decision_kind kind, const char *action)
{
	out->kind = kind;
	strlcpy_safe(out->action, action, sizeof(out->action));
}

/* decide_stops - a reject, defer or warn: the answer that ends the checks */
static int
decide_stops(enum policy_action act)
{
	return (act == ACT_REJECT || act == ACT_DEFER || act == ACT_WARN);
}

/*
 * decide_held - test_only keeps this answer back (out->would): a reject
 * or defer, and a warn unless the test answer is itself a warn
 */
static int
decide_held(const struct config *cfg, enum policy_action act)
{
	if (!cfg->test_only || !decide_stops(act))
		return (0);
	return (act != ACT_WARN ||
	    cfg->test_only_answer != TEST_ANSWER_WARN);
}

/*
 * decide_final - a HELO action that ends the checks for a non-null
 * sender: a reject, defer or warn, unless test_only holds it back and
 * answers the header, which must be MAIL FROM's (CVE-2019-20790)
 */
static int
decide_final(const struct config *cfg, enum policy_action act)
{
	return (decide_stops(act) && (!decide_held(cfg, act) ||
	    cfg->test_only_answer == TEST_ANSWER_WARN));
}

/* decide_set_str - an optional string option that is set */
static int
decide_set_str(const char *s)
{
	return (s != NULL && *s != '\0');
}

/*
 * decide_domain_match - domain equals or is a subdomain of an entry of l
 *
 * Case-insensitive; one trailing dot on either side and a leading dot
 * of an entry are ignored.  (pypolicyd-spf has the arguments of
 * spf.domainmatch() reversed and so misses subdomains.)
 */
static int
decide_domain_match(const char *domain, const struct strlist *l)
{
	size_t		 dlen, elen, i;
	const char	*e;

	if (domain == NULL || l == NULL)
		return (0);
	dlen = strlen(domain);
	if (dlen > 0 && domain[dlen - 1] == '.')
		dlen--;
	if (dlen == 0)
		return (0);
	for (i = 0; i < l->n; i++) {
		if ((e = l->v[i]) == NULL)
			continue;
		if (*e == '.')
			e++;
		elen = strlen(e);
		if (elen > 0 && e[elen - 1] == '.')
			elen--;
		if (elen == 0 || elen > dlen)
			continue;
		if (strncasecmp(domain + dlen - elen, e, elen) != 0)
			continue;
		if (elen == dlen || domain[dlen - elen - 1] == '.')
			return (1);
	}
	return (0);
}

/* decide_eval - the action of one identity's result */
static void
decide_eval(const struct config *cfg, const struct decide_request *req,
    enum header_identity id, const struct spf_outcome *o,
    struct decide_eval *ev)
{
	const struct action_table	*t;
	const char			*domain;

	ev->id = id;
	ev->o = o;
	ev->result = (unsigned)o->result < SPFR_COUNT ? o->result :
	    SPFR_PERMERROR;
	if (id == HEADER_HELO) {
		t = *req->sender == '\0' ? &cfg->helo_null_table :
		    &cfg->helo_table;
		domain = req->helo;
	} else {
		t = &cfg->mailfrom_table;
		domain = req->sender_domain;
	}
	ev->notpass = decide_domain_match(domain,
	    &cfg->reject_not_pass_domains);
	if (ev->notpass)
		t = &cfg->notpass_table;
	ev->act = t->act[ev->result];
	if ((unsigned)ev->act > ACT_REJECT)
		ev->act = ACT_ACCEPT;

	/* No_Mail: only a "v=spf1 -all" domain's Fail is rejected. */
	if (cfg->no_mail && ev->act == ACT_REJECT &&
	    ev->result == SPFR_FAIL && !o->no_mail_record)
		ev->act = ACT_PREPEND;
}

/* decide_text_init - an empty text in buf (size > 0) */
static void
decide_text_init(struct decide_text *t, char *buf, size_t size)
{
	t->buf = buf;
	t->size = size;
	t->len = 0;
	buf[0] = '\0';
}

/* decide_text_putc - one byte, cut when full */
static void
decide_text_putc(struct decide_text *t, char c)
{
	if (t->len + 1 >= t->size)
		return;
	t->buf[t->len++] = c;
	t->buf[t->len] = '\0';
}

/* decide_text_putn - n bytes of s */
static void
decide_text_putn(struct decide_text *t, const char *s, size_t n)
{
	size_t	i;

	for (i = 0; i < n && s[i] != '\0'; i++)
		decide_text_putc(t, s[i]);
}

/* decide_text_puts - a string */
static void
decide_text_puts(struct decide_text *t, const char *s)
{
	if (s != NULL)
		decide_text_putn(t, s, strlen(s));
}

/* decide_printable - anything but printable ASCII becomes "?" */
static void
decide_printable(char *s)
{
	unsigned char	*p;

	for (p = (unsigned char *)s; *p != '\0'; p++)
		if (*p < 0x20 || *p >= 0x7f)
			*p = '?';
}

/*
 * decide_reason - the whole reject, defer or warn answer
 *
 * Reason_Message is expanded as pypolicyd-spf's str.format() would for
 * the three names it knows; an unknown {name} is kept as it is, "{{"
 * and "}}" are "{" and "}".
 */
static void
decide_reason(const struct config *cfg, const struct decide_request *req,
    const struct decide_eval *ev, char *buf, size_t size)
{
	struct decide_text	 t;
	char			 spf[SPF_EXPLAIN_MAX + 64];
	const char		*p, *end, *tmpl;
	int			 error;

	error = ev->result == SPFR_PERMERROR || ev->result == SPFR_TEMPERROR;
	decide_text_init(&t, buf, size);
	switch (ev->act) {
	case ACT_REJECT:
		decide_text_puts(&t, "550 ");
		if (cfg->spf_enhanced_status_codes)
			decide_text_puts(&t, error ? "5.7.24 " : "5.7.23 ");
		break;
	case ACT_DEFER:
		decide_text_puts(&t, "defer_if_permit ");
		if (cfg->spf_enhanced_status_codes)
			decide_text_puts(&t, "4.7.24 ");
		break;
	default:
		/* Postfix's log line has no identity or result: say them. */
		decide_text_puts(&t, "WARN SPF ");
		decide_text_puts(&t, spf_result_name(ev->result));
		decide_text_puts(&t,
		    ev->id == HEADER_HELO ? " (helo): " : " (mailfrom): ");
		break;
	}

	if (ev->notpass) {
		strlcpy_safe(spf, "Receiver policy for SPF ", sizeof(spf));
		strlcpy_safe(spf + strlen(spf), spf_result_name(ev->result),
		    sizeof(spf) - strlen(spf));
	} else
		str_printable(spf, sizeof(spf), ev->o->explanation,
		    SPF_EXPLAIN_MAX - 1);

	tmpl = decide_set_str(cfg->reason_message) ? cfg->reason_message :
	    DECIDE_REASON_DEFAULT;
	for (p = tmpl; *p != '\0'; p++) {
		if ((p[0] == '{' && p[1] == '{') ||
		    (p[0] == '}' && p[1] == '}')) {
			decide_text_putc(&t, *p++);
			continue;
		}
		if (*p != '{' || (end = strchr(p + 1, '}')) == NULL) {
			decide_text_putc(&t, *p);
			continue;
		}
		if (end - p - 1 == 11 && strncmp(p + 1, "rejectdefer", 11) == 0)
			decide_text_puts(&t, ev->act == ACT_DEFER ?
			    "deferred" : ev->act == ACT_WARN ? "flagged" :
			    "rejected");
		else if (end - p - 1 == 3 && strncmp(p + 1, "spf", 3) == 0)
			decide_text_puts(&t, spf);
		else if (end - p - 1 == 3 && strncmp(p + 1, "url", 3) == 0) {
			decide_text_puts(&t, DECIDE_URL);
			decide_text_puts(&t,
			    ev->id == HEADER_HELO ? "helo" : "mfrom");
			decide_text_puts(&t, ";id=");
			decide_text_puts(&t,
			    ev->id == HEADER_HELO ? req->helo : req->sender);
			decide_text_puts(&t, ";ip=");
			decide_text_puts(&t, req->client_ip);
			decide_text_puts(&t, ";r=");
			decide_text_puts(&t, req->receiver);
		} else
			decide_text_putn(&t, p, (size_t)(end - p) + 1);
		p = end;
	}
	decide_printable(buf);
}

/* decide_params - the request as the header formatters see it */
static void
decide_params(const struct decide_request *req, struct header_params *hp)
{
	hp->client_ip = req->client_ip;
	hp->helo = req->helo;
	hp->sender = req->sender;
	hp->sender_domain = req->sender_domain;
	hp->receiver = req->receiver;
	hp->authserv_id = req->authserv_id;
}

/* decide_header - the header of one identity (Received-SPF for None) */
static void
decide_header(const struct config *cfg, const struct decide_request *req,
    const struct decide_eval *ev, char *buf, size_t size)
{
	struct header_params	hp;
	char			exp[SPF_EXPLAIN_MAX];

	decide_params(req, &hp);
	str_printable(exp, sizeof(exp), ev->o->explanation,
	    SPF_EXPLAIN_MAX - 1);
	if (cfg->header_type == HEADER_AR)
		(void)header_authres(buf, size, &hp, ev->id, ev->result, exp);
	else
		(void)header_received_spf(buf, size, &hp, ev->id, ev->result,
		    exp);
}

/* decide_prepend - answer a header, or DUNNO without prepending it */
static void
decide_prepend(const struct config *cfg, struct decision *out,
    const char *header)
{
	char	action[DECIDE_ACTION_MAX];

	if (cfg->header_type == HEADER_NONE ||
	    decide_set_str(cfg->prospective)) {
		decide_set(out, DECISION_DUNNO, "DUNNO");
		strlcpy_safe(out->header, header, sizeof(out->header));
		return;
	}
	strlcpy_safe(action, DECIDE_PREPEND, sizeof(action));
	strlcpy_safe(action + strlen(action), header,
	    sizeof(action) - strlen(action));
	decide_set(out, DECISION_PREPEND, action);
}

/*
 * decide_test_warn - test_only_answer = warn: "WARN would reject: " or
 * "WARN would defer: " and the answer held back, so that Postfix's log
 * line carries the same words as policyd-spf's "would reject:" line
 */
static void
decide_test_warn(enum policy_action act, const char *held,
    struct decision *out)
{
	struct decide_text	t;

	decide_text_init(&t, out->action, sizeof(out->action));
	decide_text_puts(&t, act == ACT_DEFER ? "WARN would defer: " :
	    "WARN would reject: ");
	decide_text_puts(&t, held);
	out->kind = DECISION_WARN;
}

/* decide_answer - the answer when identity ev decides */
static void
decide_answer(const struct config *cfg, const struct decide_request *req,
    const struct decide_eval *ev, struct decision *out)
{
	char	text[DECIDE_ACTION_MAX];
	char	header[DECIDE_ACTION_MAX - sizeof(DECIDE_PREPEND) + 1];

	out->identity = ev->id == HEADER_HELO ? "helo" : "mailfrom";
	out->result = ev->result;
	if (decide_stops(ev->act)) {
		decide_reason(cfg, req, ev, text, sizeof(text));
		if (!decide_held(cfg, ev->act)) {
			decide_set(out, ev->act == ACT_REJECT ?
			    DECISION_REJECT : ev->act == ACT_DEFER ?
			    DECISION_DEFER : DECISION_WARN, text);
			return;
		}
		strlcpy_safe(out->would, text, sizeof(out->would));
		if (cfg->test_only_answer == TEST_ANSWER_WARN) {
			decide_test_warn(ev->act, text, out);
			return;
		}
	} else if (ev->act != ACT_PREPEND) {
		decide_set(out, DECISION_DUNNO, "DUNNO");
		return;
	}
	decide_header(cfg, req, ev, header, sizeof(header));
	decide_prepend(cfg, out, header);
}

/* decide_restriction - a Pass with the identity's pass restriction set */
static int
decide_restriction(const struct config *cfg, const struct decide_eval *ev,
    struct decision *out)
{
	const char	*name;

	name = ev->id == HEADER_HELO ? cfg->helo_pass_restriction :
	    cfg->mail_from_pass_restriction;
	if (ev->result != SPFR_PASS || !decide_set_str(name) ||
	    decide_stops(ev->act))
		return (0);
	out->kind = DECISION_RESTRICTION;
	str_printable(out->action, sizeof(out->action), name,
	    sizeof(out->action) - 1);
	out->identity = ev->id == HEADER_HELO ? "helo" : "mailfrom";
	out->result = ev->result;
	return (1);
}

/* decide_helo - the HELO result, final or not */
int
decide_helo(const struct config *cfg, const struct decide_request *req,
    const struct spf_outcome *helo, struct decision *out)
{
	struct decide_eval	ev;
	int			null_sender = *req->sender == '\0';

	decide_clear(out);
	decide_eval(cfg, req, HEADER_HELO, helo, &ev);
	if (decide_stops(ev.act) && (decide_final(cfg, ev.act) ||
	    null_sender)) {
		decide_answer(cfg, req, &ev, out);
		return (1);
	}
	if (decide_restriction(cfg, &ev, out))
		return (1);
	if (null_sender) {
		decide_answer(cfg, req, &ev, out);
		return (1);
	}
	/*
	 * Go on to MAIL FROM; so does a HELO reject, defer or warn that
	 * test_only holds back to answer with the header.
	 */
	out->identity = "helo";
	out->result = ev.result;
	return (0);
}

/* decide_mailfrom - the answer for a sender, from both identities */
void
decide_mailfrom(const struct config *cfg, const struct decide_request *req,
    const struct spf_outcome *helo, const struct spf_outcome *mfrom,
    struct decision *out)
{
	struct decide_eval	hev, mev;
	char			would[DECIDE_ACTION_MAX];

	decide_clear(out);
	if (*req->sender == '\0') {
		/* The null sender is judged on HELO alone. */
		if (helo != NULL)
			(void)decide_helo(cfg, req, helo, out);
		return;
	}

	/*
	 * HELO first, as decide_helo() did: a reject, defer or warn ends
	 * here, and so does its pass restriction.  When test_only holds
	 * the HELO answer back for the header, out->would reports it,
	 * since it is the one an enforcing run would have given.
	 */
	would[0] = '\0';
	if (helo != NULL) {
		decide_eval(cfg, req, HEADER_HELO, helo, &hev);
		if (decide_stops(hev.act)) {
			if (decide_final(cfg, hev.act)) {
				decide_answer(cfg, req, &hev, out);
				return;
			}
			decide_reason(cfg, req, &hev, would, sizeof(would));
		} else if (decide_restriction(cfg, &hev, out))
			return;
	}

	if (mfrom != NULL) {
		/* MAIL FROM decides, also with None: never the HELO header. */
		decide_eval(cfg, req, HEADER_MAILFROM, mfrom, &mev);
		if (!decide_restriction(cfg, &mev, out))
			decide_answer(cfg, req, &mev, out);
	} else if (helo != NULL)
		decide_answer(cfg, req, &hev, out);
	if (would[0] != '\0')
		strlcpy_safe(out->would, would, sizeof(out->would));
}

/* decide_skip - the answer for a client that is not checked */
void
decide_skip(const struct config *cfg, const struct decide_request *req,
    const char *why, struct decision *out)
{
	struct header_params	hp;
	char			header[DECIDE_ACTION_MAX -
				    sizeof(DECIDE_PREPEND) + 1];

	decide_clear(out);
	decide_params(req, &hp);
	if (cfg->header_type == HEADER_AR)
		(void)header_skip_authres(header, sizeof(header), &hp, why);
	else
		(void)header_skip_comment(header, sizeof(header), &hp, why);
	decide_prepend(cfg, out, header);
}

/* decide_receiver - what headers and URLs call the receiver */
void
decide_receiver(const struct config *cfg, const char *recipient, char *buf,
    size_t size)
{
	const char	*d, *at;

	if (size == 0)
		return;
	if (cfg->hide_receiver)
		d = "<UNKNOWN>";
	else if (recipient == NULL || *recipient == '\0')
		d = "none";
	else {
		d = (at = strrchr(recipient, '@')) != NULL ? at + 1 :
		    recipient;
		if (*d == '\0')
			d = "none";
	}
	str_printable(buf, size, d, size - 1);
}
