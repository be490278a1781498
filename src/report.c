/*
 * NAME
 *	report 3 - what the logs say a rollout would refuse
 * DESCRIPTION
 *	See report.h.  Everything but report_main() is pure: lines in,
 *	counts and a summary text out.  Static helpers are rpt_*.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "cidr.h"
#include "report.h"
#include "result.h"
#include "util.h"
#include "xmalloc.h"

#define RPT_PENDING_MAX	64		/* processes with a would-be line */
#define RPT_HALF_YEAR	(183LL * 86400)
#define RPT_YEAR	(372LL * 86400)	/* the NOYEAR scale: 12 x 31 days */

/* An answer that refused (or would have refused) the mail. */
struct rpt_event {
	enum report_action	 action;
	enum report_identity	 identity;
	int			 result;
	int			 postfix;
	int			 dropped;	/* merged into a Postfix line */
	int			 timed;
	long long		 when;
	uint64_t		 hash;		/* of text and ip */
	char			*stamp;
	char			*ip;
	char			*domain;
	char			*text;
};

struct rpt_pending {
	long			 pid;
	struct report_line	 line;
};

struct report {
	size_t			 lines;
	size_t			 used;
	size_t			 result_lines;
	size_t			 results[REPORT_ID_COUNT][SPFR_COUNT + 1];
	size_t			 answers[REPORT_ACT_COUNT][REPORT_ID_COUNT]
				    [SPFR_COUNT + 1];
	struct rpt_event	*ev;
	size_t			 nev;
	struct rpt_pending	 pend[RPT_PENDING_MAX];
	size_t			 npend;
	long long		 shift;		/* NOYEAR: years seen */
	long long		 last_noyear;
	int			 have_noyear;
	int			 have_time;
	long long		 first, last;
	char			 first_stamp[REPORT_STAMP_MAX];
	char			 last_stamp[REPORT_STAMP_MAX];
	int			 finished;
};

/* A policyd-spf refusal that a Postfix line may stand for. */
struct rpt_candidate {
	uint64_t	 hash;
	size_t		 idx;		/* into report->ev */
};

/* One row of a ranking. */
struct rpt_rank {
	const char	*key;
	size_t		 count;
	long long	 first, last;
	const char	*first_stamp, *last_stamp;
};

static const char *const rpt_months[] = { "Jan", "Feb", "Mar", "Apr",
    "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

/* Results in pypolicyd-spf's order, for the tables. */
static const int rpt_result_order[] = { SPFR_PASS, SPFR_FAIL, SPFR_SOFTFAIL,
    SPFR_NEUTRAL, SPFR_NONE, SPFR_PERMERROR, SPFR_TEMPERROR, -1 };

static const char *const rpt_action_names[REPORT_ACT_COUNT] = {
	"-", "prepend", "reject", "defer", "warn", "would reject",
	"would defer", "would warn", "DUNNO", "skipped", "other"
};

static void	 rpt_copy(char *, size_t, const char *, size_t);
static int	 rpt_digits(const char *, int);
static long	 rpt_hms(const char *);
static const char *rpt_stamp(const char *, struct report_line *);
static size_t	 rpt_word(const char *);
static int	 rpt_tag(const char *, size_t, char *, size_t, long *);
static const char *rpt_header(const char *, struct report_line *, char *,
		    size_t);
static void	 rpt_set_domain(struct report_line *, const char *, size_t);
static const char *rpt_value(const char *, const char *, char *, size_t);
static enum report_identity rpt_identity(const char *);
static int	 rpt_result_word(const char *);
static const char *rpt_skip_comment(const char *);
static void	 rpt_kv_line(const char *, struct report_line *);
static enum report_action rpt_prepend(const char *, struct report_line *);
static void	 rpt_why(const char *, struct report_line *);
static enum report_action rpt_reply(const char *, struct report_line *,
		    int);
static enum report_kind rpt_policyd(const char *, struct report_line *);
static enum report_kind rpt_postfix(const char *, struct report_line *);
static uint64_t	 rpt_hash(const char *, const char *);
static int	 rpt_refused(enum report_action);
static void	 rpt_answer(struct report *, const struct report_line *);
static int	 rpt_pending_take(struct report *, long,
		    struct report_line *);
static int	 rpt_cmp_candidate(const void *, const void *);
static void	 rpt_pair(struct report *);
static void	 rpt_network(const char *, char *, size_t);
static int	 rpt_cmp_key(const void *, const void *);
static int	 rpt_cmp_count(const void *, const void *);
static size_t	 rpt_ranking(const struct report *, char **,
		    struct rpt_rank **);
static void	 rpt_print_rank(FILE *, const char *, const char *,
		    const struct rpt_rank *, size_t);
static const char *rpt_id_name(int);
static void	 rpt_print_results(FILE *,
		    size_t [REPORT_ID_COUNT][SPFR_COUNT + 1]);
static void	 rpt_read(struct report *, FILE *, size_t *);

/* report_action_name - the name used in the summary */
const char *
report_action_name(enum report_action a)
{
	if ((int)a < 0 || a >= REPORT_ACT_COUNT)
		return ("-");
	return (rpt_action_names[a]);
}

/* rpt_copy - a bounded, printable copy of len bytes */
static void
rpt_copy(char *dst, size_t size, const char *src, size_t len)
{
	str_printable(dst, size, src, len);
}

/* rpt_digits - n digits at p, as a number, or -1 */
static int
rpt_digits(const char *p, int n)
{
	int	v = 0, i;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)p[i]))
			return (-1);
		v = v * 10 + (p[i] - '0');
	}
	return (v);
}

/* rpt_hms - "HH:MM:SS" at p: seconds of the day, or -1 */
static long
rpt_hms(const char *p)
{
	int	h, m, s;

	if ((h = rpt_digits(p, 2)) < 0 || p[2] != ':' ||
	    (m = rpt_digits(p + 3, 2)) < 0 || p[5] != ':' ||
	    (s = rpt_digits(p + 6, 2)) < 0 || h > 23 || m > 59 || s > 60)
		return (-1);
	return (h * 3600L + m * 60L + s);
}

/*
 * rpt_stamp - a time stamp at p: RFC 3164 or RFC 3339; returns the end
 * or NULL.
 */
static const char *
rpt_stamp(const char *p, struct report_line *out)
{
	const char	*q;
	struct tm	 tm;
	long		 secs;
	int		 mon, day, y, off = 0, oh, om;

	for (mon = 0; mon < 12; mon++)
		if (strncmp(p, rpt_months[mon], 3) == 0)
			break;
	if (mon < 12 && p[3] == ' ') {
		q = p + 4;
		if (*q == ' ' && isdigit((unsigned char)q[1]) && q[2] == ' ')
			day = q[1] - '0', q += 2;
		else if ((day = rpt_digits(q, 2)) >= 0 && q[2] == ' ')
			q += 2;
		else if (isdigit((unsigned char)*q) && q[1] == ' ')
			day = *q - '0', q += 1;
		else
			return (NULL);
		if (*q++ != ' ' || day < 1 || day > 31 ||
		    (secs = rpt_hms(q)) < 0)
			return (NULL);
		q += 8;
		if (*q == '.')
			for (q++; isdigit((unsigned char)*q); q++)
				;
		out->when_kind = REPORT_TIME_NOYEAR;
		out->when = (mon * 31LL + day - 1) * 86400 + secs;
		rpt_copy(out->stamp, sizeof(out->stamp), p, q - p);
		return (q);
	}
	/* RFC 3339: 2025-11-23T00:26:01[.frac](Z|+hh:mm|+hhmm)? */
	if ((y = rpt_digits(p, 4)) < 0 || p[4] != '-' ||
	    (mon = rpt_digits(p + 5, 2)) < 1 || mon > 12 || p[7] != '-' ||
	    (day = rpt_digits(p + 8, 2)) < 1 || day > 31 ||
	    (p[10] != 'T' && p[10] != 't') || (secs = rpt_hms(p + 11)) < 0)
		return (NULL);
	q = p + 19;
	if (*q == '.')
		for (q++; isdigit((unsigned char)*q); q++)
			;
	if (*q == 'Z' || *q == 'z')
		q++;
	else if ((*q == '+' || *q == '-') && (oh = rpt_digits(q + 1, 2)) >= 0) {
		if (q[3] == ':' && (om = rpt_digits(q + 4, 2)) >= 0) {
			off = oh * 3600 + om * 60;
			off = *q == '-' ? -off : off;
			q += 6;
		} else if ((om = rpt_digits(q + 3, 2)) >= 0) {
			off = oh * 3600 + om * 60;
			off = *q == '-' ? -off : off;
			q += 5;
		} else
			return (NULL);
	}
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mon - 1;
	tm.tm_mday = day;
	out->when_kind = REPORT_TIME_UTC;
	out->when = (long long)timegm(&tm) + secs - off;
	rpt_copy(out->stamp, sizeof(out->stamp), p, q - p);
	return (q);
}

/* rpt_word - the length of the text up to a space */
static size_t
rpt_word(const char *p)
{
	return (strcspn(p, " \t"));
}

/*
 * rpt_tag - "program[pid]:" or "program:" at p, len bytes; copies the
 * program, sets *pid (-1 when none).  Returns 0 or -1.
 */
static int
rpt_tag(const char *p, size_t len, char *prog, size_t size, long *pid)
{
	const char	*br;
	char		*end;

	if (len < 2 || p[len - 1] != ':')
		return (-1);
	len--;
	*pid = -1;
	if ((br = memchr(p, '[', len)) != NULL) {
		if (p[len - 1] != ']')
			return (-1);
		*pid = strtol(br + 1, &end, 10);
		if (end != p + len - 1 || end == br + 1)
			return (-1);
		len = br - p;
	}
	if (len == 0 || len >= size)
		return (-1);
	memcpy(prog, p, len);
	prog[len] = '\0';
	return (0);
}

/*
 * rpt_header - the line's parts: time stamp, host, program and pid;
 * returns the message or NULL.
 */
static const char *
rpt_header(const char *line, struct report_line *out, char *prog,
    size_t size)
{
	const char	*p = line, *q;
	size_t		 len;
	char		*end;

	if (*p == '<') {
		for (q = p + 1; isdigit((unsigned char)*q); q++)
			;
		if (*q == '>' && q > p + 1)
			p = q + 1;
	}
	if (p[0] == '1' && p[1] == ' ' && p != line) {
		/* RFC 5424: TIMESTAMP HOST APP PROCID MSGID SD MSG */
		p += 2;
		if (*p == '-')
			p++;
		else if ((p = rpt_stamp(p, out)) == NULL)
			return (NULL);
		if (*p++ != ' ')
			return (NULL);
		p += rpt_word(p);			/* host */
		if (*p++ != ' ' || (len = rpt_word(p)) == 0 || len >= size)
			return (NULL);
		memcpy(prog, p, len);
		prog[len] = '\0';
		p += len;
		if (*p++ != ' ')
			return (NULL);
		out->pid = strtol(p, &end, 10);
		if (end == p || (*end != ' '))
			out->pid = -1;
		p += rpt_word(p);			/* procid */
		if (*p++ != ' ')
			return (NULL);
		p += rpt_word(p);			/* msgid */
		if (*p++ != ' ')
			return (NULL);
		if (*p == '-')
			p++;
		else
			while (*p == '[') {
				for (p++; *p != '\0' && *p != ']'; p++)
					if (*p == '\\' && p[1] != '\0')
						p++;
					else if (*p == '"')
						for (p++; *p != '\0' &&
						    *p != '"'; p++)
							if (*p == '\\' &&
							    p[1] != '\0')
								p++;
				if (*p == ']')
					p++;
			}
		if (*p == ' ')
			p++;
		if (strncmp(p, "\xef\xbb\xbf", 3) == 0)
			p += 3;
		return (p);
	}
	if ((q = rpt_stamp(p, out)) != NULL) {
		p = q;
		while (*p == ' ')
			p++;
	}
	len = rpt_word(p);
	if (rpt_tag(p, len, prog, size, &out->pid) == 0)
		return (p[len] == ' ' ? p + len + 1 : p + len);
	if (q == NULL || p[len] != ' ')
		return (NULL);
	p += len + 1;					/* host */
	len = rpt_word(p);
	if (rpt_tag(p, len, prog, size, &out->pid) == -1)
		return (NULL);
	return (p[len] == ' ' ? p + len + 1 : p + len);
}

/* rpt_set_domain - the identity's domain from an address or name */
static void
rpt_set_domain(struct report_line *out, const char *who, size_t len)
{
	const char	*at;
	size_t		 i;

	if (out->identity == REPORT_ID_MAILFROM) {
		for (at = NULL, i = 0; i < len; i++)
			if (who[i] == '@')
				at = who + i;
		if (at != NULL) {
			len -= at + 1 - who;
			who = at + 1;
		}
	}
	if (len == 2 && strncmp(who, "<>", 2) == 0)
		len = 0;
	rpt_copy(out->domain, sizeof(out->domain), who, len);
	str_lower(out->domain);
}

/*
 * rpt_value - the value of key= in s (first one at a boundary), quoted
 * or up to ';', ' ' or ')'.  Returns the end of the value or NULL.
 */
static const char *
rpt_value(const char *s, const char *key, char *buf, size_t size)
{
	const char	*p, *v;
	size_t		 klen = strlen(key), n;
	char		 tmp[REPORT_TEXT_MAX];

	for (p = s; (p = strstr(p, key)) != NULL; p++)
		if (p == s || p[-1] == ' ' || p[-1] == ';' || p[-1] == '(')
			break;
	if (p == NULL)
		return (NULL);
	v = p + klen;
	if (*v == '"') {
		for (n = 0, v++; *v != '\0' && *v != '"'; v++) {
			if (*v == '\\' && v[1] != '\0')
				v++;
			if (n < sizeof(tmp) - 1)
				tmp[n++] = *v;
		}
		rpt_copy(buf, size, tmp, n);
		return (*v == '"' ? v + 1 : v);
	}
	n = strcspn(v, "; )");
	rpt_copy(buf, size, v, n);
	return (v + n);
}

/* rpt_identity - "mailfrom" or "helo" */
static enum report_identity
rpt_identity(const char *s)
{
	if (strcasecmp(s, "mailfrom") == 0 || strcasecmp(s, "mfrom") == 0)
		return (REPORT_ID_MAILFROM);
	if (strcasecmp(s, "helo") == 0)
		return (REPORT_ID_HELO);
	return (REPORT_ID_NONE);
}

/* rpt_result_word - the result named by the word at p, or -1 */
static int
rpt_result_word(const char *p)
{
	enum spf_result	 r;
	char		 word[16];
	size_t		 n = strcspn(p, " ;().");

	if (n == 0 || n >= sizeof(word))
		return (-1);
	memcpy(word, p, n);
	word[n] = '\0';
	return (spf_result_parse(word, &r) == 0 ? (int)r : -1);
}

/* rpt_skip_comment - past a "(...)" comment (nested) and spaces */
static const char *
rpt_skip_comment(const char *p)
{
	int	depth = 0;

	while (*p == ' ')
		p++;
	if (*p != '(')
		return (p);
	for (; *p != '\0'; p++) {
		if (*p == '\\' && p[1] != '\0')
			p++;
		else if (*p == '(')
			depth++;
		else if (*p == ')' && --depth == 0) {
			p++;
			break;
		}
	}
	while (*p == ' ')
		p++;
	return (p);
}

/* rpt_kv_line - identity=, client-ip=, helo=, envelope-from= in order */
static void
rpt_kv_line(const char *p, struct report_line *out)
{
	char		 id[16], helo[REPORT_DOMAIN_MAX], from[REPORT_TEXT_MAX];
	const char	*q;

	id[0] = helo[0] = from[0] = '\0';
	if ((q = rpt_value(p, "identity=", id, sizeof(id))) != NULL)
		p = q;
	out->identity = rpt_identity(id);
	if ((q = rpt_value(p, "client-ip=", out->ip, sizeof(out->ip))) != NULL)
		p = q;
	if ((q = rpt_value(p, "helo=", helo, sizeof(helo))) != NULL)
		p = q;
	rpt_value(p, "envelope-from=", from, sizeof(from));
	if (out->identity == REPORT_ID_HELO)
		rpt_set_domain(out, helo, strlen(helo));
	else if (out->identity == REPORT_ID_MAILFROM)
		rpt_set_domain(out, from, strlen(from));
}

/* rpt_prepend - a prepended (or not prepended) header */
static enum report_action
rpt_prepend(const char *h, struct report_line *out)
{
	const char	*p, *q;
	char		 prop[16];
	size_t		 n;

	if (strncasecmp(h, "Received-SPF:", 13) == 0) {
		for (p = h + 13; *p == ' '; p++)
			;
		out->result = rpt_result_word(p);
		p = rpt_skip_comment(p + strcspn(p, " "));
		rpt_kv_line(p, out);
		return (REPORT_ACT_PREPEND);
	}
	if (strncasecmp(h, "Authentication-Results:", 23) == 0) {
		if ((p = strstr(h, "; spf=")) == NULL) {
			if ((p = strstr(h, "; none")) == NULL)
				return (REPORT_ACT_OTHER);
			rpt_value(p, "client-ip=", out->ip, sizeof(out->ip));
			return (REPORT_ACT_SKIP);
		}
		out->result = rpt_result_word(p + 6);
		p = rpt_skip_comment(p + 6 + strcspn(p + 6, " "));
		if (strncmp(p, "smtp.", 5) == 0 &&
		    (q = strchr(p, '=')) != NULL) {
			n = q - p - 5;
			rpt_copy(prop, sizeof(prop), p + 5, n < sizeof(prop) ?
			    n : sizeof(prop) - 1);
			out->identity = rpt_identity(prop);
			q++;
			n = strcspn(q, " ");
			if (out->identity == REPORT_ID_MAILFROM &&
			    memchr(q, '@', n) == NULL) {
				rpt_copy(out->domain, sizeof(out->domain), q,
				    n);
				str_lower(out->domain);
			} else
				rpt_set_domain(out, q, n);
			p = q + n;
		}
		rpt_value(p, "client-ip=", out->ip, sizeof(out->ip));
		return (REPORT_ACT_PREPEND);
	}
	if (strncasecmp(h, "X-Comment:", 10) == 0) {
		rpt_value(h, "client-ip=", out->ip, sizeof(out->ip));
		return (REPORT_ACT_SKIP);
	}
	return (REPORT_ACT_OTHER);
}

/* rpt_why - the openspf.net Why? link: s=, id=, ip= */
static void
rpt_why(const char *text, struct report_line *out)
{
	const char	*p, *id, *ip, *end;
	char		 s[16];

	if ((p = strstr(text, "/Why?s=")) == NULL)
		return;
	p += 7;
	rpt_copy(s, sizeof(s), p, strcspn(p, ";") < sizeof(s) ?
	    strcspn(p, ";") : sizeof(s) - 1);
	out->identity = rpt_identity(s);
	if ((id = strstr(p, ";id=")) == NULL)
		return;
	id += 4;
	if ((ip = strstr(id, ";ip=")) == NULL)
		return;
	if (out->domain[0] == '\0' || out->identity != REPORT_ID_NONE)
		rpt_set_domain(out, id, ip - id);
	ip += 4;
	end = ip + strcspn(ip, "; ");
	if (out->ip[0] == '\0')
		rpt_copy(out->ip, sizeof(out->ip), ip, end - ip);
}

static enum report_action rpt_reply(const char *, struct report_line *, int);

/*
 * rpt_warn_result - the result of a WARN answer: a configured warn says
 * it ("WARN SPF Softfail (mailfrom): ..."), test_only_answer = warn
 * carries the held-back answer ("WARN would reject: 550 5.7.23 ...").
 * Returns 1 when it found one.
 */
static int
rpt_warn_result(struct report_line *out)
{
	struct report_line	 inner;
	const char		*p;
	int			 r;

	if (strncmp(out->text, "SPF ", 4) == 0 &&
	    (r = rpt_result_word(out->text + 4)) >= 0) {
		out->result = r;
		return (1);
	}
	if (strncmp(out->text, "would ", 6) == 0 &&
	    (p = strstr(out->text, ": ")) != NULL) {
		memset(&inner, 0, sizeof(inner));
		inner.result = -1;
		if (rpt_reply(p + 2, &inner, 0) != REPORT_ACT_NONE) {
			out->result = inner.result;
			return (1);
		}
	}
	return (0);
}

/*
 * rpt_reply - an answer: "550 5.7.23 text", "defer_if_permit 4.7.24
 * text", "WARN text"; Postfix's form has "<addr>: ... rejected: " in
 * front of the text and "; from=<...> ..." after it.
 */
static enum report_action
rpt_reply(const char *r, struct report_line *out, int postfix)
{
	enum report_action	 act;
	const char		*p = r, *t, *end, *from;
	int			 code = 0, x24 = 0, x23 = 0;
	size_t			 n;

	if (strncasecmp(p, "defer_if_permit", 15) == 0 &&
	    (p[15] == ' ' || p[15] == '\0')) {
		act = REPORT_ACT_DEFER;
		p += 15;
	} else if (strncasecmp(p, "WARN", 4) == 0 &&
	    (p[4] == ' ' || p[4] == '\0')) {
		act = REPORT_ACT_WARN;
		p += 4;
	} else if ((code = rpt_digits(p, 3)) >= 400 && code < 600 &&
	    (p[3] == ' ' || p[3] == '\0')) {
		act = code >= 500 ? REPORT_ACT_REJECT : REPORT_ACT_DEFER;
		p += 3;
	} else
		return (REPORT_ACT_NONE);
	while (*p == ' ')
		p++;
	/* An enhanced status code, RFC 3463. */
	if ((*p == '2' || *p == '4' || *p == '5') && p[1] == '.') {
		n = strspn(p, "0123456789.");
		x23 = n >= 6 && strncmp(p + 1, ".7.23", 5) == 0;
		x24 = n >= 6 && strncmp(p + 1, ".7.24", 5) == 0;
		p += n;
		while (*p == ' ')
			p++;
	}
	t = p;
	end = t + strlen(t);
	if (postfix) {
		if ((from = strstr(t, "; from=<")) != NULL) {
			end = from;
			while ((from = strstr(from + 1, "; from=<")) != NULL)
				end = from;
			from = end + 8;
			n = strcspn(from, ">");
			out->identity = REPORT_ID_MAILFROM;
			rpt_set_domain(out, from, n);
			out->identity = REPORT_ID_NONE;
		}
		if ((p = strstr(t, " rejected: ")) != NULL && p < end)
			t = p + 11;
		if (!x23 && !x24 && (p = strstr(t, "/Why?s=")) == NULL)
			return (REPORT_ACT_NONE);
	}
	rpt_copy(out->text, sizeof(out->text), t, end - t);
	rpt_why(t, out);
	if (act == REPORT_ACT_WARN && rpt_warn_result(out))
		return (act);
	if ((p = strstr(out->text, "Receiver policy for SPF ")) != NULL)
		out->result = rpt_result_word(p + 24);
	else if (strstr(out->text, "SPF Permanent Error") != NULL)
		out->result = SPFR_PERMERROR;
	else if (strstr(out->text, "SPF Temporary Error") != NULL)
		out->result = SPFR_TEMPERROR;
	else if (act == REPORT_ACT_DEFER)
		out->result = SPFR_TEMPERROR;
	else if (x24)
		out->result = SPFR_PERMERROR;
	else
		out->result = SPFR_FAIL;
	return (act);
}

/* rpt_policyd - one of policyd-spf's own lines */
static enum report_kind
rpt_policyd(const char *msg, struct report_line *out)
{
	const char	*p;
	size_t		 n;
	int		 r;

	/* debug_level 2: "<Result>; identity=..." */
	if ((r = rpt_result_word(msg)) >= 0 &&
	    strncmp(msg + strcspn(msg, ";"), "; identity=", 11) == 0) {
		out->result = r;
		rpt_kv_line(msg + strcspn(msg, ";"), out);
		if (out->identity == REPORT_ID_NONE)
			return (REPORT_NONE);
		return (out->kind = REPORT_RESULT);
	}
	/* "<queue_id>: <action>", the queue id empty at RCPT. */
	n = strspn(msg, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789");
	if (strncmp(msg + n, ": ", 2) != 0 || n >= sizeof(out->queue_id))
		return (REPORT_NONE);
	memcpy(out->queue_id, msg, n);
	out->queue_id[n] = '\0';
	p = msg + n + 2;
	if (strncmp(p, "prepend ", 8) == 0) {
		out->action = rpt_prepend(p + 8, out);
		return (out->kind = REPORT_ACTION);
	}
	if (strncmp(p, "Header field not prepended: ", 28) == 0) {
		rpt_prepend(p + 28, out);
		out->action = REPORT_ACT_DUNNO;
		return (out->kind = REPORT_NOT_PREPENDED);
	}
	if (strncmp(p, "would ", 6) == 0 && (n = strcspn(p + 6, ":")) > 0 &&
	    strncmp(p + 6 + n, ": ", 2) == 0) {
		switch (rpt_reply(p + 8 + n, out, 0)) {
		case REPORT_ACT_REJECT:
			out->action = REPORT_ACT_WOULD_REJECT;
			break;
		case REPORT_ACT_DEFER:
			out->action = REPORT_ACT_WOULD_DEFER;
			break;
		case REPORT_ACT_WARN:
			out->action = REPORT_ACT_WOULD_WARN;
			break;
		default:
			return (REPORT_NONE);
		}
		return (out->kind = REPORT_WOULD);
	}
	if ((out->action = rpt_reply(p, out, 0)) != REPORT_ACT_NONE)
		return (out->kind = REPORT_ACTION);
	out->result = -1;
	if (strcasecmp(p, "DUNNO") == 0)
		out->action = REPORT_ACT_DUNNO;
	else if (strncmp(p, "SPF skipped for SASL authenticated client", 41) ==
	    0)
		out->action = REPORT_ACT_SKIP;
	else if (*p != '\0' && strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789_-.") == strlen(p))
		out->action = REPORT_ACT_OTHER;
	else
		return (REPORT_NONE);
	return (out->kind = REPORT_ACTION);
}

/* rpt_postfix - smtpd's reject or reject_warning of a policy answer */
static enum report_kind
rpt_postfix(const char *msg, struct report_line *out)
{
	const char	*p, *b, *e;
	int		 warning;

	if ((p = strstr(msg, ": reject: ")) != NULL)
		warning = 0;
	else if ((p = strstr(msg, ": reject_warning: ")) != NULL)
		warning = 1;
	else
		return (REPORT_NONE);
	p += warning ? 18 : 10;
	/* "RCPT from host[ip]: " */
	if ((e = strstr(p, "]: ")) == NULL || (b = strchr(p, '[')) == NULL ||
	    b > e)
		return (REPORT_NONE);
	rpt_copy(out->ip, sizeof(out->ip), b + 1, e - b - 1);
	if (strncasecmp(out->ip, "ipv6:", 5) == 0)
		memmove(out->ip, out->ip + 5, strlen(out->ip + 5) + 1);
	switch (rpt_reply(e + 3, out, 1)) {
	case REPORT_ACT_REJECT:
		out->action = warning ? REPORT_ACT_WOULD_REJECT :
		    REPORT_ACT_REJECT;
		break;
	case REPORT_ACT_DEFER:
		out->action = warning ? REPORT_ACT_WOULD_DEFER :
		    REPORT_ACT_DEFER;
		break;
	default:
		out->ip[0] = '\0';
		return (REPORT_NONE);
	}
	out->postfix = 1;
	return (out->kind = REPORT_POSTFIX);
}

/* report_parse_line - what one log line says */
enum report_kind
report_parse_line(const char *line, struct report_line *out)
{
	const char	*msg;
	char		 prog[128];
	size_t		 n;
	enum report_kind kind;

	memset(out, 0, sizeof(*out));
	out->result = -1;
	out->pid = -1;
	if ((msg = rpt_header(line, out, prog, sizeof(prog))) == NULL) {
		memset(out, 0, sizeof(*out));
		out->result = -1;
		out->pid = -1;
		return (REPORT_NONE);
	}
	n = strlen(prog);
	if (strcmp(prog, "policyd-spf") == 0)
		kind = rpt_policyd(msg, out);
	else if (strcmp(prog, "smtpd") == 0 || (n > 6 &&
	    strcmp(prog + n - 6, "/smtpd") == 0))
		kind = rpt_postfix(msg, out);
	else
		kind = REPORT_NONE;
	if (kind == REPORT_NONE) {
		/* Keep nothing from a line that is not ours. */
		memset(out, 0, sizeof(*out));
		out->result = -1;
		out->pid = -1;
	}
	return (kind);
}

/* report_new - an empty report */
struct report *
report_new(void)
{
	return (xcalloc(1, sizeof(struct report)));
}

/* report_free - release a report; NULL is fine */
void
report_free(struct report *r)
{
	size_t	i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nev; i++) {
		free(r->ev[i].stamp);
		free(r->ev[i].ip);
		free(r->ev[i].domain);
		free(r->ev[i].text);
	}
	free(r->ev);
	free(r);
}

/* rpt_hash - FNV-1a of the text and the address */
static uint64_t
rpt_hash(const char *text, const char *ip)
{
	uint64_t	 h = 14695981039346656037ULL;
	const char	*p;

	for (p = text; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	h = (h ^ 0xff) * 1099511628211ULL;
	for (p = ip; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	return (h);
}

/* rpt_refused - does this action refuse the mail? */
static int
rpt_refused(enum report_action a)
{
	return (a == REPORT_ACT_REJECT || a == REPORT_ACT_DEFER ||
	    a == REPORT_ACT_WOULD_REJECT || a == REPORT_ACT_WOULD_DEFER);
}

/* rpt_answer - count one answer; refusals are kept for pairing */
static void
rpt_answer(struct report *r, const struct report_line *l)
{
	struct rpt_event	*e;

	if (!rpt_refused(l->action)) {
		r->answers[l->action][l->identity][l->result + 1]++;
		return;
	}
	r->ev = xreallocarray(r->ev, r->nev + 1, sizeof(*r->ev));
	e = &r->ev[r->nev++];
	memset(e, 0, sizeof(*e));
	e->action = l->action;
	e->identity = l->identity;
	e->result = l->result;
	e->postfix = l->postfix;
	e->timed = l->when_kind != REPORT_TIME_NONE;
	e->when = l->when;
	e->stamp = xstrdup(l->stamp);
	e->ip = xstrdup(l->ip);
	e->domain = xstrdup(l->domain);
	e->text = xstrdup(l->text);
	e->hash = rpt_hash(e->text, e->ip);
}

/* rpt_pending_take - remove and return the pending line of pid */
static int
rpt_pending_take(struct report *r, long pid, struct report_line *out)
{
	size_t	i;

	for (i = 0; i < r->npend; i++)
		if (r->pend[i].pid == pid) {
			*out = r->pend[i].line;
			r->pend[i] = r->pend[--r->npend];
			return (1);
		}
	return (0);
}

/* report_add - count one parsed line */
void
report_add(struct report *r, const struct report_line *in)
{
	struct report_line	 l, prev;

	r->lines++;
	if (in->kind == REPORT_NONE || r->finished)
		return;
	r->used++;
	l = *in;
	if (l.when_kind == REPORT_TIME_NOYEAR) {
		/* No year in the stamp: a jump back starts a new year. */
		if (r->have_noyear && l.when + r->shift < r->last_noyear -
		    RPT_HALF_YEAR)
			r->shift += RPT_YEAR;
		l.when += r->shift;
		r->last_noyear = l.when;
		r->have_noyear = 1;
	}
	if (l.when_kind != REPORT_TIME_NONE) {
		if (!r->have_time || l.when < r->first) {
			r->first = l.when;
			strlcpy_safe(r->first_stamp, l.stamp,
			    sizeof(r->first_stamp));
		}
		if (!r->have_time || l.when >= r->last) {
			r->last = l.when;
			strlcpy_safe(r->last_stamp, l.stamp,
			    sizeof(r->last_stamp));
		}
		r->have_time = 1;
	}
	switch (l.kind) {
	case REPORT_RESULT:
		r->result_lines++;
		r->results[l.identity][l.result + 1]++;
		break;
	case REPORT_WOULD:
	case REPORT_NOT_PREPENDED:
		/* The answer line from the same process follows. */
		if (rpt_pending_take(r, l.pid, &prev))
			rpt_answer(r, &prev);
		if (r->npend == RPT_PENDING_MAX) {
			rpt_answer(r, &r->pend[0].line);
			r->pend[0] = r->pend[--r->npend];
		}
		r->pend[r->npend].pid = l.pid;
		r->pend[r->npend].line = l;
		r->npend++;
		break;
	case REPORT_ACTION:
		if (rpt_pending_take(r, l.pid, &prev))
			rpt_answer(r, &prev);
		else
			rpt_answer(r, &l);
		break;
	case REPORT_POSTFIX:
		rpt_answer(r, &l);
		break;
	case REPORT_NONE:
		break;
	}
}

/* rpt_cmp_candidate - candidates by hash, then in log order */
static int
rpt_cmp_candidate(const void *a, const void *b)
{
	const struct rpt_candidate	*ca = a, *cb = b;

	if (ca->hash != cb->hash)
		return (ca->hash < cb->hash ? -1 : 1);
	return (ca->idx < cb->idx ? -1 : ca->idx > cb->idx);
}

/*
 * rpt_pair - drop each policyd-spf reject or defer that Postfix logged
 * too (same text and client, within REPORT_PAIR_WINDOW before it).
 * The candidates are sorted by hash, so each Postfix line is a binary
 * search, not a scan of the whole log.
 */
static void
rpt_pair(struct report *r)
{
	struct rpt_candidate	*cand;
	struct rpt_event	*pe, *ce;
	size_t			 ncand = 0, i, lo, hi, mid, k;

	cand = xreallocarray(NULL, r->nev + 1, sizeof(*cand));
	for (i = 0; i < r->nev; i++)
		if (!r->ev[i].postfix && (r->ev[i].action ==
		    REPORT_ACT_REJECT || r->ev[i].action == REPORT_ACT_DEFER)) {
			cand[ncand].hash = r->ev[i].hash;
			cand[ncand++].idx = i;
		}
	qsort(cand, ncand, sizeof(*cand), rpt_cmp_candidate);
	for (i = 0; i < r->nev; i++) {
		pe = &r->ev[i];
		if (!pe->postfix)
			continue;
		lo = 0;
		hi = ncand;
		while (lo < hi) {
			mid = (lo + hi) / 2;
			if (cand[mid].hash < pe->hash)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (k = lo; k < ncand && cand[k].hash == pe->hash; k++) {
			ce = &r->ev[cand[k].idx];
			if (ce->dropped || cand[k].idx > i ||
			    strcmp(ce->text, pe->text) != 0 ||
			    strcmp(ce->ip, pe->ip) != 0)
				continue;
			if (ce->timed && pe->timed && (pe->when < ce->when ||
			    pe->when - ce->when > REPORT_PAIR_WINDOW))
				continue;
			ce->dropped = 1;
			break;
		}
	}
	free(cand);
}

/* rpt_network - the /24 or /64 of an address, or "" */
static void
rpt_network(const char *ip, char *buf, size_t size)
{
	struct ipaddr	a;
	char		text[IPADDR_TEXT_MAX];

	buf[0] = '\0';
	if (ipaddr_parse(ip, &a) == -1)
		return;
	ipaddr_unmap(&a);
	if (a.af == AF_INET) {
		a.a[3] = 0;
		ipaddr_format(&a, text, sizeof(text));
		snprintf(buf, size, "%s/24", text);
	} else {
		memset(a.a + 8, 0, 8);
		ipaddr_format(&a, text, sizeof(text));
		snprintf(buf, size, "%s/64", text);
	}
}

/* rpt_cmp_key - rows by key */
static int
rpt_cmp_key(const void *a, const void *b)
{
	return (strcmp(((const struct rpt_rank *)a)->key,
	    ((const struct rpt_rank *)b)->key));
}

/* rpt_cmp_count - rows by count (most first), then key */
static int
rpt_cmp_count(const void *a, const void *b)
{
	const struct rpt_rank	*ra = a, *rb = b;

	if (ra->count != rb->count)
		return (ra->count > rb->count ? -1 : 1);
	return (strcmp(ra->key, rb->key));
}

/*
 * rpt_ranking - the rows of one ranking; keys[i] belongs to event ev[i]
 * (NULL: not counted).  Returns the number of distinct keys.
 */
static size_t
rpt_ranking(const struct report *r, char **keys, struct rpt_rank **out)
{
	struct rpt_rank	*v;
	size_t		 n = 0, i, m = 0;

	v = xreallocarray(NULL, r->nev + 1, sizeof(*v));
	for (i = 0; i < r->nev; i++) {
		if (keys[i] == NULL)
			continue;
		v[n].key = keys[i];
		v[n].count = 1;
		v[n].first = v[n].last = r->ev[i].when;
		v[n].first_stamp = v[n].last_stamp = r->ev[i].stamp;
		n++;
	}
	/* Sort by key, then fold equal keys into one row. */
	qsort(v, n, sizeof(*v), rpt_cmp_key);
	for (i = 0; i < n; i++) {
		if (m > 0 && strcmp(v[m - 1].key, v[i].key) == 0) {
			v[m - 1].count++;
			if (v[i].first < v[m - 1].first) {
				v[m - 1].first = v[i].first;
				v[m - 1].first_stamp = v[i].first_stamp;
			}
			if (v[i].last > v[m - 1].last) {
				v[m - 1].last = v[i].last;
				v[m - 1].last_stamp = v[i].last_stamp;
			}
			continue;
		}
		v[m++] = v[i];
	}
	qsort(v, m, sizeof(*v), rpt_cmp_count);
	*out = v;
	return (m);
}

/* rpt_print_rank - one ranking table */
static void
rpt_print_rank(FILE *fp, const char *title, const char *col,
    const struct rpt_rank *v, size_t n)
{
	size_t	i, kw = strlen(col), fw = 5, lw = 4;

	if (n == 0) {
		fprintf(fp, "\n%s: none\n", title);
		return;
	}
	if (n > REPORT_TOP)
		n = REPORT_TOP;
	for (i = 0; i < n; i++) {
		if (strlen(v[i].key) > kw)
			kw = strlen(v[i].key);
		if (strlen(v[i].first_stamp) > fw)
			fw = strlen(v[i].first_stamp);
		if (strlen(v[i].last_stamp) > lw)
			lw = strlen(v[i].last_stamp);
	}
	fprintf(fp, "\n%s:\n  %5s  %-*s  %-*s  %s\n", title, "count",
	    (int)kw, col, (int)fw, "first", "last");
	for (i = 0; i < n; i++)
		fprintf(fp, "  %5zu  %-*s  %-*s  %s\n", v[i].count, (int)kw,
		    v[i].key, (int)fw, v[i].first_stamp[0] != '\0' ?
		    v[i].first_stamp : "-", v[i].last_stamp[0] != '\0' ?
		    v[i].last_stamp : "-");
}

/* rpt_id_name - the identity's column */
static const char *
rpt_id_name(int id)
{
	return (id == REPORT_ID_HELO ? "helo" : id == REPORT_ID_MAILFROM ?
	    "mailfrom" : "-");
}

/* rpt_print_results - one results table */
static void
rpt_print_results(FILE *fp, size_t t[REPORT_ID_COUNT][SPFR_COUNT + 1])
{
	int	id, k, res;

	fprintf(fp, "  %-8s  %-9s  %5s\n", "identity", "result", "count");
	/* helo, mailfrom, then the unknown identity (index 0) last. */
	for (id = REPORT_ID_HELO; id <= REPORT_ID_COUNT; id++)
		for (k = 0; k <= SPFR_COUNT; k++) {
			res = rpt_result_order[k];
			if (t[id % REPORT_ID_COUNT][res + 1] == 0)
				continue;
			fprintf(fp, "  %-8s  %-9s  %5zu\n",
			    rpt_id_name(id % REPORT_ID_COUNT),
			    res >= 0 ? spf_result_name(res) : "-",
			    t[id % REPORT_ID_COUNT][res + 1]);
		}
}

/* report_summary - the text policyd-spf --report prints */
char *
report_summary(struct report *r)
{
	struct rpt_event	*e;
	struct rpt_rank		*rank;
	FILE			*fp;
	char			*text = NULL, **keys, net[IPADDR_TEXT_MAX + 4];
	size_t			 len = 0, i, n, total = 0, refused = 0;
	size_t			 by[REPORT_ACT_COUNT];
	size_t			 derived[REPORT_ID_COUNT][SPFR_COUNT + 1];
	int			 a, id, k, res;

	if (!r->finished) {
		r->finished = 1;
		while (r->npend > 0)
			rpt_answer(r, &r->pend[--r->npend].line);
		rpt_pair(r);
		for (i = 0; i < r->nev; i++) {
			e = &r->ev[i];
			if (!e->dropped)
				r->answers[e->action][e->identity]
				    [e->result + 1]++;
		}
	}
	if ((fp = open_memstream(&text, &len)) == NULL)
		return (xstrdup(""));
	fprintf(fp, "policyd-spf --report: %zu line%s read, %zu used", r->lines,
	    r->lines == 1 ? "" : "s", r->used);
	if (r->have_time)
		fprintf(fp, ", from %s to %s", r->first_stamp, r->last_stamp);
	fprintf(fp, "\n");

	if (r->result_lines > 0) {
		fprintf(fp, "\nSPF results (debug_level 2 lines):\n");
		rpt_print_results(fp, r->results);
	} else {
		/* Without them, what the answers say. */
		memset(derived, 0, sizeof(derived));
		for (a = 0; a < REPORT_ACT_COUNT; a++)
			for (id = 0; id < REPORT_ID_COUNT; id++)
				for (k = 0; k <= SPFR_COUNT; k++)
					if (id != REPORT_ID_NONE || k > 0)
						derived[id][k] +=
						    r->answers[a][id][k];
		fprintf(fp, "\nSPF results (of the deciding identity; "
		    "debug_level = 2 logs both):\n");
		rpt_print_results(fp, derived);
	}

	memset(by, 0, sizeof(by));
	/* Actions in enum order; identities and results as above. */
	fprintf(fp, "\nAnswers:\n  %-12s  %-8s  %-9s  %5s\n", "action",
	    "identity", "result", "count");
	for (a = REPORT_ACT_PREPEND; a < REPORT_ACT_COUNT; a++)
		for (id = REPORT_ID_HELO; id <= REPORT_ID_COUNT; id++)
			for (k = 0; k <= SPFR_COUNT; k++) {
				res = rpt_result_order[k];
				n = r->answers[a][id % REPORT_ID_COUNT]
				    [res + 1];
				if (n == 0)
					continue;
				by[a] += n;
				total += n;
				fprintf(fp, "  %-12s  %-8s  %-9s  %5zu\n",
				    report_action_name(a),
				    rpt_id_name(id % REPORT_ID_COUNT),
				    res >= 0 ? spf_result_name(res) : "-", n);
			}
	refused = by[REPORT_ACT_REJECT] + by[REPORT_ACT_DEFER] +
	    by[REPORT_ACT_WOULD_REJECT] + by[REPORT_ACT_WOULD_DEFER];
	fprintf(fp, "\nRefused when enforcing: %zu of %zu answer%s (reject "
	    "%zu, defer %zu, would reject %zu, would defer %zu)\n", refused,
	    total, total == 1 ? "" : "s", by[REPORT_ACT_REJECT],
	    by[REPORT_ACT_DEFER], by[REPORT_ACT_WOULD_REJECT],
	    by[REPORT_ACT_WOULD_DEFER]);

	keys = xcalloc(r->nev + 1, sizeof(*keys));
	for (i = 0; i < r->nev; i++)
		if (!r->ev[i].dropped && r->ev[i].domain[0] != '\0')
			keys[i] = xstrdup(r->ev[i].domain);
	n = rpt_ranking(r, keys, &rank);
	rpt_print_rank(fp, "Sender domains refused most (MAIL FROM domain "
	    "or HELO name)", "domain", rank, n);
	free(rank);
	for (i = 0; i < r->nev; i++) {
		free(keys[i]);
		keys[i] = NULL;
		if (r->ev[i].dropped)
			continue;
		rpt_network(r->ev[i].ip, net, sizeof(net));
		if (net[0] != '\0')
			keys[i] = xstrdup(net);
	}
	n = rpt_ranking(r, keys, &rank);
	rpt_print_rank(fp, "Client networks refused most", "network", rank,
	    n);
	free(rank);
	for (i = 0; i < r->nev; i++)
		free(keys[i]);
	free(keys);
	fclose(fp);
	return (text);
}

/* rpt_read - feed one stream to the report */
static void
rpt_read(struct report *r, FILE *fp, size_t *skipped)
{
	struct report_line	 l;
	char			*line = NULL;
	size_t			 size = 0;
	ssize_t			 n;

	while ((n = getline(&line, &size, fp)) != -1) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if ((size_t)n > REPORT_LINE_MAX || strlen(line) != (size_t)n) {
			(*skipped)++;
			continue;
		}
		report_parse_line(line, &l);
		report_add(r, &l);
	}
	free(line);
}

/* report_main - policyd-spf --report [FILE...] */
int
report_main(int argc, char **argv)
{
	struct report	*r;
	FILE		*fp;
	char		*text;
	size_t		 skipped = 0;
	int		 i, rc = 0;

	r = report_new();
	for (i = 0; i < argc || (argc == 0 && i == 0); i++) {
		if (argc == 0 || strcmp(argv[i], "-") == 0) {
			rpt_read(r, stdin, &skipped);
			continue;
		}
		if ((fp = fopen(argv[i], "r")) == NULL) {
			fprintf(stderr, "policyd-spf: %s: %s\n", argv[i],
			    strerror(errno));
			report_free(r);
			return (2);
		}
		rpt_read(r, fp, &skipped);
		if (ferror(fp)) {
			fprintf(stderr, "policyd-spf: %s: read error\n",
			    argv[i]);
			rc = 2;
		}
		fclose(fp);
	}
	if (skipped > 0)
		fprintf(stderr, "policyd-spf: %zu line%s longer than %d bytes "
		    "skipped\n", skipped, skipped == 1 ? "" : "s",
		    REPORT_LINE_MAX);
	text = report_summary(r);
	fputs(text, stdout);
	free(text);
	if (rc == 0 && r->used == 0) {
		fprintf(stderr, "policyd-spf: no policyd-spf or Postfix "
		    "policy lines found\n");
		rc = 1;
	}
	report_free(r);
	return (rc);
}
