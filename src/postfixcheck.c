/*
 * NAME
 *	postfixcheck 3 - check how Postfix is wired to policyd-spf
 * DESCRIPTION
 *	See postfixcheck.h.  postfixcheck_analyse() and its helpers are
 *	pure; postfixcheck_main(), pfc_postconf(), pfc_run() and
 *	pfc_read_file() run postconf and read the two files.  Static
 *	helpers are pfc_*.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "postfixcheck.h"
#include "util.h"
#include "xmalloc.h"

#define PFC_SEP		", \t\r\n"
#define PFC_DEF_TIMEOUT	100	/* smtpd_policy_service_timeout */
#define PFC_DEF_TTL	1000	/* smtpd_policy_service_max_ttl */
#define PFC_DEF_CMDTIME	1000	/* command_time_limit */
#define PFC_DEF_PROCS	100	/* default_process_limit */

/* The restriction lists check_policy_service may stand in, in order. */
static const char *const pfc_lists[] = {
	"smtpd_client_restrictions",
	"smtpd_helo_restrictions",
	"smtpd_sender_restrictions",
	"smtpd_relay_restrictions",
	"smtpd_recipient_restrictions",
	"smtpd_data_restrictions",
	"smtpd_end_of_data_restrictions",
	NULL
};

/* The other parameters whose effective values are used. */
static const char *const pfc_values[] = {
	"config_directory",
	"queue_directory",
	"mail_owner",
	"command_time_limit",
	"default_process_limit",
	"smtpd_restriction_classes",
	"smtpd_policy_service_timeout",
	"smtpd_policy_service_max_ttl",
	NULL
};

struct pfc_param {
	char	*name;
	char	*value;
};

struct pfc_params {
	struct pfc_param	*v;
	size_t			 n;
};

struct pfc_loc {
	const char	*file;		/* "main.cf", "master.cf" or NULL */
	int		 line;		/* 0: unknown */
};

struct pfc_service {
	char		*name;
	char		*type;
	char		*private;	/* "-", "y" or "n" */
	char		*unpriv;
	char		*maxproc;
	char		*command;
	char		*user;		/* user= or NULL */
	char		*argv;		/* all of argv= or NULL */
	char		*argv0;		/* its first word or NULL */
	int		 ours;		/* spawn running policyd-spf */
	int		 used;		/* a check_policy_service reaches it */
	struct pfc_loc	 loc;
};

enum pfc_match {
	PFC_MATCH_UNKNOWN = 0,	/* some other socket: not ours to judge */
	PFC_MATCH_NOSERVICE,	/* private/NAME with no service NAME */
	PFC_MATCH_OTHER,	/* a master.cf service that is not ours */
	PFC_MATCH_SPAWN,	/* our spawn service */
	PFC_MATCH_DAEMON	/* a listen address of policyd-spf --daemon */
};

struct pfc_ref {
	char		*list;		/* parameter or class name */
	char		*owner;		/* "submission/inet" (-o) or NULL */
	char		*target;	/* "unix:private/policyd-spf" */
	char		*spelled;	/* [warn_if_reject ]check_policy_... */
	long		 timeout;	/* { timeout=... }, -1 if none */
	int		 warn;		/* warn_if_reject in front */
	int		 relay_before;	/* reject_unauth_destination before */
	enum pfc_match	 match;
	struct pfc_service *svc;
	const char	*listen;	/* the cfg->listen entry matched */
	char		*noname;	/* NAME of private/NAME, if missing */
	struct pfc_loc	 loc;
};

struct pfc {
	const struct postfixcheck_input	*in;
	const struct config		*cfg;
	struct postfixcheck_report	*out;
	struct pfc_params		 n;	/* postconf -n */
	struct pfc_params		 x;	/* postconf -x */
	struct pfc_params		 p;	/* postconf -P */
	struct pfc_service		*svc;
	size_t				 nsvc;
	struct pfc_ref			*ref;
	size_t				 nref;
	const char			*queue_dir;
	int				 timeout_said;
};

static void	 pfc_params_parse(const char *, struct pfc_params *);
static void	 pfc_params_free(struct pfc_params *);
static const char *pfc_get(const struct pfc_params *, const char *);
static const char *pfc_value(const struct pfc *, const char *);
static void	 pfc_services_parse(const char *, const char *,
		    struct pfc_service **, size_t *);
static void	 pfc_services_free(struct pfc_service *, size_t);
static int	 pfc_is_self(const char *, const char *);
static char	*pfc_token(const char **);
static int	 pfc_word_at(const char *, const char *, size_t);
static int	 pfc_main_line(const char *, const char *, const char *, int);
static int	 pfc_master_line(const char *, const char *, const char *,
		    const char *);
static void	 pfc_say(struct pfc *, enum postfixcheck_level,
		    const struct pfc_loc *, const char *, ...)
		    __attribute__((format(printf, 4, 5)));
static void	 pfc_scan(struct pfc *, const char *, const char *,
		    const char *, const struct pfc_loc *);
static void	 pfc_match(struct pfc *, struct pfc_ref *);
static int	 pfc_listen_match(const char *, const char *, const char *,
		    const char *);
static int	 pfc_host_eq(const char *, const char *);
static void	 pfc_hostport(const char *, char *, size_t, char *, size_t);
static size_t	 pfc_distance(const char *, const char *);
static const struct pfc_service *pfc_closest(const struct pfc *,
		    const char *);
static long	 pfc_seconds(const struct pfc *, const char *, long);
static void	 pfc_check_typos(struct pfc *);
static void	 pfc_check_service(struct pfc *, struct pfc_service *);
static void	 pfc_check_ref(struct pfc *, struct pfc_ref *);
static void	 pfc_check_wiring(struct pfc *);
static void	 pfc_notes(struct pfc *);
static char	*pfc_find_postconf(void);
static void	 pfc_append(char **, size_t *, const char *, size_t);
static int	 pfc_run(char *const [], char **, char **, int, char **);
static char	*pfc_read_file(const char *, const char *);
static int	 pfc_postconf(const char *, const char *, const char *,
		    const struct strlist *, char **, char **);

/*
 * Pure part: parsing postconf's output.
 */

/* pfc_params_parse - "name = value" lines; leading space continues one */
static void
pfc_params_parse(const char *text, struct pfc_params *ps)
{
	const char	*p, *nl, *eq;
	char		*joined;
	size_t		 len;

	memset(ps, 0, sizeof(*ps));
	for (p = text; p != NULL && *p != '\0'; p = nl) {
		if ((nl = strchr(p, '\n')) == NULL)
			nl = p + strlen(p);
		len = nl - p;
		if (*nl == '\n')
			nl++;
		if ((*p == ' ' || *p == '\t') && ps->n > 0) {
			while (len > 0 && (*p == ' ' || *p == '\t')) {
				p++;
				len--;
			}
			xasprintf(&joined, "%s %.*s", ps->v[ps->n - 1].value,
			    (int)len, p);
			free(ps->v[ps->n - 1].value);
			ps->v[ps->n - 1].value = joined;
			continue;
		}
		if ((eq = memchr(p, '=', len)) == NULL || eq == p)
			continue;
		ps->v = xreallocarray(ps->v, ps->n + 1, sizeof(*ps->v));
		len = eq - p;
		while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		ps->v[ps->n].name = xstrndup(p, len);
		for (eq++; eq < nl && (*eq == ' ' || *eq == '\t'); eq++)
			;
		len = nl - eq;
		while (len > 0 && isspace((unsigned char)eq[len - 1]))
			len--;
		ps->v[ps->n].value = xstrndup(eq, len);
		ps->n++;
	}
}

/* pfc_params_free - release a parameter list */
static void
pfc_params_free(struct pfc_params *ps)
{
	size_t	i;

	for (i = 0; i < ps->n; i++) {
		free(ps->v[i].name);
		free(ps->v[i].value);
	}
	free(ps->v);
	memset(ps, 0, sizeof(*ps));
}

/* pfc_get - the last value given to name, or NULL */
static const char *
pfc_get(const struct pfc_params *ps, const char *name)
{
	size_t	i;

	for (i = ps->n; i > 0; i--)
		if (strcmp(ps->v[i - 1].name, name) == 0)
			return (ps->v[i - 1].value);
	return (NULL);
}

/* pfc_value - the effective value (-x), else the set one (-n), or NULL */
static const char *
pfc_value(const struct pfc *c, const char *name)
{
	const char	*v;

	if ((v = pfc_get(&c->x, name)) != NULL)
		return (v);
	return (pfc_get(&c->n, name));
}

/* pfc_is_self - is this argv= program policyd-spf? */
static int
pfc_is_self(const char *argv0, const char *self)
{
	const char	*base;

	if (argv0 == NULL)
		return (0);
	base = strrchr(argv0, '/');
	base = base != NULL ? base + 1 : argv0;
	if (strcmp(base, "policyd-spf") == 0)
		return (1);
	return (self != NULL && *self != '\0' && strcmp(argv0, self) == 0);
}

/*
 * pfc_services_parse - the services of "postconf -M": name type private
 * unpriv chroot wakeup maxproc command [args]; spawn's user= and argv=
 * (argv= takes the rest of the line).
 */
static void
pfc_services_parse(const char *text, const char *self,
    struct pfc_service **out, size_t *nout)
{
	struct pfc_service	*s;
	const char		*p, *nl, *q;
	char			*line, *field[8], *rest, *tok, *save;
	size_t			 n = 0, nf;

	*out = NULL;
	for (p = text; p != NULL && *p != '\0'; p = nl) {
		if ((nl = strchr(p, '\n')) == NULL)
			nl = p + strlen(p);
		line = xstrndup(p, nl - p);
		if (*nl == '\n')
			nl++;
		rest = line;
		for (nf = 0; nf < 8; nf++) {
			while (*rest == ' ' || *rest == '\t')
				rest++;
			if (*rest == '\0' || *rest == '#')
				break;
			field[nf] = rest;
			while (*rest != '\0' && *rest != ' ' && *rest != '\t')
				rest++;
			if (*rest != '\0')
				*rest++ = '\0';
		}
		if (nf < 8 || line[0] == ' ' || line[0] == '\t') {
			free(line);
			continue;
		}
		*out = xreallocarray(*out, n + 1, sizeof(**out));
		s = &(*out)[n++];
		memset(s, 0, sizeof(*s));
		s->name = xstrdup(field[0]);
		s->type = xstrdup(field[1]);
		s->private = xstrdup(field[2]);
		s->unpriv = xstrdup(field[3]);
		s->maxproc = xstrdup(field[6]);
		s->command = xstrdup(field[7]);
		if (strcmp(s->command, "spawn") == 0) {
			if ((q = strstr(rest, "argv=")) != NULL &&
			    (q == rest || q[-1] == ' ' || q[-1] == '\t')) {
				s->argv = xstrdup(q + 5);
				s->argv0 = xstrndup(q + 5, strcspn(q + 5,
				    " \t"));
				rest[q - rest] = '\0';
			}
			for (tok = strtok_r(rest, " \t", &save); tok != NULL;
			    tok = strtok_r(NULL, " \t", &save))
				if (strncmp(tok, "user=", 5) == 0) {
					free(s->user);
					s->user = xstrdup(tok + 5);
				}
			s->ours = pfc_is_self(s->argv0, self);
		}
		free(line);
	}
	*nout = n;
}

/* pfc_services_free - release the service list */
static void
pfc_services_free(struct pfc_service *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].type);
		free(v[i].private);
		free(v[i].unpriv);
		free(v[i].maxproc);
		free(v[i].command);
		free(v[i].user);
		free(v[i].argv);
		free(v[i].argv0);
	}
	free(v);
}

/* postfixcheck_wanted - the parameters to ask "postconf -x" about */
void
postfixcheck_wanted(const char *postconf_m, const char *self,
    struct strlist *names)
{
	struct pfc_service	*svc;
	size_t			 nsvc, i;
	char			*name;

	for (i = 0; pfc_values[i] != NULL; i++)
		strlist_add(names, pfc_values[i]);
	for (i = 0; pfc_lists[i] != NULL; i++)
		strlist_add(names, pfc_lists[i]);
	pfc_services_parse(postconf_m, self, &svc, &nsvc);
	for (i = 0; i < nsvc; i++) {
		if (!svc[i].ours)
			continue;
		xasprintf(&name, "%s_time_limit", svc[i].name);
		strlist_add(names, name);
		free(name);
	}
	pfc_services_free(svc, nsvc);
}

/* postfixcheck_time - a Postfix time value in seconds */
int
postfixcheck_time(const char *text, long *seconds)
{
	const char	*p = text;
	long		 v = 0, unit = 1;

	if (text == NULL || !isdigit((unsigned char)*p))
		return (-1);
	for (; isdigit((unsigned char)*p); p++) {
		if (v > (LONG_MAX - 9) / 10 / 604800)
			return (-1);
		v = v * 10 + (*p - '0');
	}
	switch (*p) {
	case '\0':
		break;
	case 's':
		break;
	case 'm':
		unit = 60;
		break;
	case 'h':
		unit = 3600;
		break;
	case 'd':
		unit = 86400;
		break;
	case 'w':
		unit = 604800;
		break;
	default:
		return (-1);
	}
	if (*p != '\0' && p[1] != '\0')
		return (-1);
	*seconds = v * unit;
	return (0);
}

/* pfc_seconds - the time value of an effective parameter, or def */
static long
pfc_seconds(const struct pfc *c, const char *name, long def)
{
	long	v;

	if (postfixcheck_time(pfc_value(c, name), &v) == 0)
		return (v);
	return (def);
}

/*
 * pfc_token - the next item of a Postfix list: separated by commas and
 * white space, a "{ ... }" group is one item (braces kept).
 */
static char *
pfc_token(const char **pp)
{
	const char	*p = *pp, *start;
	int		 depth;

	p += strspn(p, PFC_SEP);
	if (*p == '\0') {
		*pp = p;
		return (NULL);
	}
	start = p;
	if (*p == '{') {
		for (depth = 0; *p != '\0'; p++) {
			if (*p == '{')
				depth++;
			else if (*p == '}' && --depth == 0) {
				p++;
				break;
			}
		}
	} else
		p += strcspn(p, PFC_SEP "{");
	*pp = p;
	return (xstrndup(start, p - start));
}

/* pfc_word_at - is word at s[i], not inside a longer name? */
static int
pfc_word_at(const char *s, const char *word, size_t i)
{
	size_t	len = strlen(word);

	if (strncmp(s + i, word, len) != 0)
		return (0);
	if (i > 0 && (isalnum((unsigned char)s[i - 1]) || s[i - 1] == '_' ||
	    s[i - 1] == '-'))
		return (0);
	return (!(isalnum((unsigned char)s[i + len]) || s[i + len] == '_' ||
	    s[i + len] == '-'));
}

/*
 * pfc_main_line - the line of the last definition of param in main.cf
 * text (0: none); with word, the line of its nth occurrence inside that
 * definition (continuation lines included), else the definition's.
 */
static int
pfc_main_line(const char *text, const char *param, const char *word, int nth)
{
	const char	*p, *nl;
	size_t		 plen = strlen(param), i;
	int		 line, def = 0, inside = 0, found = 0, seen = 0;

	if (text == NULL)
		return (0);
	for (p = text, line = 1; *p != '\0'; p = nl, line++) {
		if ((nl = strchr(p, '\n')) == NULL)
			nl = p + strlen(p);
		if (*p == '#' || p + strspn(p, " \t\r") == nl) {
			/* Comments and blank lines do not end a value. */
		} else if (*p == ' ' || *p == '\t') {
			/* A continuation of the logical line. */
		} else {
			inside = 0;
			if (strncmp(p, param, plen) == 0 &&
			    (p[plen] == ' ' || p[plen] == '\t' ||
			    p[plen] == '=')) {
				def = line;
				inside = 1;
				found = seen = 0;
			}
		}
		if (inside && word != NULL && *p != '#')
			for (i = 0; p + i < nl; i++)
				if (pfc_word_at(p, word, i) && ++seen == nth &&
				    found == 0)
					found = line;
		if (*nl == '\n')
			nl++;
	}
	return (found != 0 ? found : def);
}

/*
 * pfc_master_line - the line of service name/type in master.cf text
 * (0: none); with word, the line of the service's entry that holds it.
 */
static int
pfc_master_line(const char *text, const char *name, const char *type,
    const char *word)
{
	const char	*p, *nl, *q;
	size_t		 nlen = strlen(name), tlen = strlen(type), i;
	int		 line, def = 0;

	if (text == NULL)
		return (0);
	for (p = text, line = 1; *p != '\0'; p = nl, line++) {
		if ((nl = strchr(p, '\n')) == NULL)
			nl = p + strlen(p);
		if (def != 0 && *p != '#' && *p != ' ' && *p != '\t' &&
		    p + strspn(p, " \t\r") != nl)
			break;		/* the next service */
		if (def == 0 && strncmp(p, name, nlen) == 0 &&
		    (p[nlen] == ' ' || p[nlen] == '\t')) {
			q = p + nlen + strspn(p + nlen, " \t");
			if (strncmp(q, type, tlen) == 0 &&
			    (q[tlen] == ' ' || q[tlen] == '\t')) {
				def = line;
				if (word == NULL)
					return (def);
			}
		}
		if (def != 0 && *p != '#')
			for (i = 0; p + i < nl; i++)
				if (pfc_word_at(p, word, i))
					return (line);
		if (*nl == '\n')
			nl++;
	}
	return (def);
}

/* pfc_say - add one finding, "file:line: text" */
static void
pfc_say(struct pfc *c, enum postfixcheck_level level,
    const struct pfc_loc *loc, const char *fmt, ...)
{
	struct postfixcheck_report	*r = c->out;
	va_list				 ap;
	char				*text, *full;

	va_start(ap, fmt);
	if (vasprintf(&text, fmt, ap) == -1)
		text = xstrdup("(out of memory)");
	va_end(ap);
	if (loc != NULL && loc->file != NULL && loc->line > 0)
		xasprintf(&full, "%s:%d: %s", loc->file, loc->line, text);
	else if (loc != NULL && loc->file != NULL)
		xasprintf(&full, "%s: %s", loc->file, text);
	else
		full = xstrdup(text);
	free(text);
	r->v = xreallocarray(r->v, r->n + 1, sizeof(*r->v));
	r->v[r->n].level = level;
	r->v[r->n].text = full;
	r->n++;
	r->count[level]++;
}

/*
 * pfc_scan - find every check_policy_service of one restriction list.
 * loc says where the list is written: main.cf (the line is looked up
 * per check) or master.cf (a -o override of owner).
 */
static void
pfc_scan(struct pfc *c, const char *list, const char *value,
    const char *owner, const struct pfc_loc *loc)
{
	struct pfc_ref	*r;
	const char	*p = value, *q;
	char		*tok, *arg, *item;
	int		 warn = 0, relay = 0, nth = 0;
	long		 t;

	while ((tok = pfc_token(&p)) != NULL) {
		if (strcasecmp(tok, "reject_unauth_destination") == 0 ||
		    strcasecmp(tok, "defer_unauth_destination") == 0)
			relay = 1;
		if (strcasecmp(tok, "check_policy_service") != 0) {
			warn = strcasecmp(tok, "warn_if_reject") == 0;
			free(tok);
			continue;
		}
		nth++;
		if ((arg = pfc_token(&p)) == NULL) {
			free(tok);
			break;
		}
		c->ref = xreallocarray(c->ref, c->nref + 1, sizeof(*c->ref));
		r = &c->ref[c->nref++];
		memset(r, 0, sizeof(*r));
		r->list = xstrdup(list);
		r->owner = owner != NULL ? xstrdup(owner) : NULL;
		r->warn = warn;
		r->relay_before = relay;
		r->timeout = -1;
		xasprintf(&r->spelled, "%scheck_policy_service %s",
		    warn ? "warn_if_reject " : "", arg);
		if (arg[0] == '{') {
			/* { target, name=value, ... } */
			arg[strlen(arg) - 1] = '\0';
			q = arg + 1;
			while ((item = pfc_token(&q)) != NULL) {
				if (r->target == NULL)
					r->target = xstrdup(item);
				else if (strncmp(item, "timeout=", 8) == 0 &&
				    postfixcheck_time(item + 8, &t) == 0)
					r->timeout = t;
				free(item);
			}
			if (r->target == NULL)
				r->target = xstrdup("");
		} else
			r->target = xstrdup(arg);
		r->loc = *loc;
		if (loc->file != NULL && owner == NULL)
			r->loc.line = pfc_main_line(c->in->main_cf, list,
			    "check_policy_service", nth);
		warn = 0;
		free(arg);
		free(tok);
	}
}

/* pfc_hostport - split "host:port" or "[v6]:port" (host "" for "port") */
static void
pfc_hostport(const char *s, char *host, size_t hsize, char *port,
    size_t psize)
{
	const char	*colon;

	if ((colon = strrchr(s, ':')) == NULL) {
		strlcpy_safe(host, "", hsize);
		strlcpy_safe(port, s, psize);
		return;
	}
	strlcpy_safe(port, colon + 1, psize);
	if (*s == '[' && colon > s + 1 && colon[-1] == ']')
		snprintf(host, hsize, "%.*s", (int)(colon - s - 2), s + 1);
	else
		snprintf(host, hsize, "%.*s", (int)(colon - s), s);
}

/* pfc_host_eq - the same host, counting loopback names as one */
static int
pfc_host_eq(const char *a, const char *b)
{
	static const char *const loop[] = { "127.0.0.1", "localhost", "::1",
	    NULL };
	int	la = 0, lb = 0, i;

	if (strcasecmp(a, b) == 0)
		return (1);
	for (i = 0; loop[i] != NULL; i++) {
		la |= strcasecmp(a, loop[i]) == 0;
		lb |= strcasecmp(b, loop[i]) == 0;
	}
	return (la && lb);
}

/*
 * pfc_listen_match - does a cfg->listen entry take the connections of
 * a target?  kind "unix" with an absolute path, or "inet" host and port.
 */
static int
pfc_listen_match(const char *listen, const char *kind, const char *path,
    const char *hostport)
{
	char	lh[256], lp[32], th[256], tp[32];

	if (strcmp(kind, "unix") == 0)
		return (strncmp(listen, "unix:", 5) == 0 &&
		    strcmp(listen + 5, path) == 0);
	if (strncmp(listen, "inet:", 5) != 0)
		return (0);
	pfc_hostport(listen + 5, lh, sizeof(lh), lp, sizeof(lp));
	pfc_hostport(hostport, th, sizeof(th), tp, sizeof(tp));
	if (strcmp(lp, tp) != 0)
		return (0);
	if (lh[0] == '\0' || strcmp(lh, "*") == 0 ||
	    strcmp(lh, "0.0.0.0") == 0 || strcmp(lh, "::") == 0)
		return (1);
	return (pfc_host_eq(lh, th));
}

/* pfc_match - what a check_policy_service target reaches */
static void
pfc_match(struct pfc *c, struct pfc_ref *r)
{
	const struct strlist	*listen = &c->cfg->listen;
	struct pfc_service	*s;
	const char		*t = r->target, *rel = NULL, *name;
	char			*abs = NULL, qpriv[PATH_MAX], qpub[PATH_MAX];
	char			 sh[256], sp[32], th[256], tp[32];
	size_t			 i;
	int			 public = 0;

	if (strncmp(t, "inet:", 5) == 0 || (strchr(t, ':') != NULL &&
	    strncmp(t, "unix:", 5) != 0 && strncmp(t, "local:", 6) != 0)) {
		if (strncmp(t, "inet:", 5) == 0)
			t += 5;
		pfc_hostport(t, th, sizeof(th), tp, sizeof(tp));
		for (i = 0; i < c->nsvc; i++) {
			s = &c->svc[i];
			if (strcmp(s->type, "inet") != 0)
				continue;
			pfc_hostport(s->name, sh, sizeof(sh), sp, sizeof(sp));
			if (strcmp(sp, tp) == 0 && (sh[0] == '\0' ||
			    pfc_host_eq(sh, th))) {
				r->svc = s;
				r->match = s->ours ? PFC_MATCH_SPAWN :
				    PFC_MATCH_OTHER;
				return;
			}
		}
		for (i = 0; i < listen->n; i++)
			if (pfc_listen_match(listen->v[i], "inet", NULL, t)) {
				r->listen = listen->v[i];
				r->match = PFC_MATCH_DAEMON;
				return;
			}
		return;
	}
	if (strncmp(t, "unix:", 5) == 0)
		t += 5;
	else if (strncmp(t, "local:", 6) == 0)
		t += 6;
	snprintf(qpriv, sizeof(qpriv), "%s/private/", c->queue_dir);
	snprintf(qpub, sizeof(qpub), "%s/public/", c->queue_dir);
	if (strncmp(t, "private/", 8) == 0)
		rel = t + 8;
	else if (strncmp(t, "public/", 7) == 0) {
		rel = t + 7;
		public = 1;
	} else if (strncmp(t, qpriv, strlen(qpriv)) == 0)
		rel = t + strlen(qpriv);
	else if (strncmp(t, qpub, strlen(qpub)) == 0) {
		rel = t + strlen(qpub);
		public = 1;
	}
	if (rel != NULL && strchr(rel, '/') == NULL) {
		for (i = 0; i < c->nsvc; i++) {
			s = &c->svc[i];
			if (strcmp(s->type, "unix") != 0 ||
			    strcmp(s->name, rel) != 0 ||
			    (strcmp(s->private, "n") == 0) != public)
				continue;
			r->svc = s;
			r->match = s->ours ? PFC_MATCH_SPAWN : PFC_MATCH_OTHER;
			return;
		}
	}
	if (*t == '/')
		abs = xstrdup(t);
	else
		xasprintf(&abs, "%s/%s", c->queue_dir, t);
	for (i = 0; i < listen->n; i++)
		if (pfc_listen_match(listen->v[i], "unix", abs, NULL)) {
			r->listen = listen->v[i];
			r->match = PFC_MATCH_DAEMON;
			free(abs);
			return;
		}
	free(abs);
	if (rel != NULL && strchr(rel, '/') == NULL) {
		name = rel;
		r->noname = xstrdup(name);
		r->match = PFC_MATCH_NOSERVICE;
	}
}

/* pfc_distance - Levenshtein distance, for "did you mean" */
static size_t
pfc_distance(const char *a, const char *b)
{
	size_t	la = strlen(a), lb = strlen(b), i, j, *row, prev, cur, d;

	row = xcalloc(lb + 1, sizeof(*row));
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			cur = row[j];
			d = prev + (a[i - 1] != b[j - 1]);
			if (row[j] + 1 < d)
				d = row[j] + 1;
			if (row[j - 1] + 1 < d)
				d = row[j - 1] + 1;
			row[j] = d;
			prev = cur;
		}
	}
	d = row[lb];
	free(row);
	return (d);
}

/*
 * pfc_closest - the service name closest to name: among the services
 * that run policyd-spf, else among the spawn services; NULL if none.
 */
static const struct pfc_service *
pfc_closest(const struct pfc *c, const char *name)
{
	const struct pfc_service	*best = NULL;
	size_t				 i, d, bd = (size_t)-1;
	int				 pass;

	for (pass = 0; pass < 2 && best == NULL; pass++)
		for (i = 0; i < c->nsvc; i++) {
			if (pass == 0 ? !c->svc[i].ours :
			    strcmp(c->svc[i].command, "spawn") != 0)
				continue;
			if ((d = pfc_distance(name, c->svc[i].name)) < bd) {
				bd = d;
				best = &c->svc[i];
			}
		}
	return (best);
}

/*
 * pfc_check_typos - *_time_limit parameters that postconf calls unused
 * name no master.cf service: Postfix ignores them.
 */
static void
pfc_check_typos(struct pfc *c)
{
	const struct pfc_service	*best;
	struct strlist			 seen = { NULL, 0 };
	const char			*p, *nl, *q, *eq;
	const char			*key = ": unused parameter: ";
	struct pfc_loc			 loc = { "main.cf", 0 };
	char				*name, *svc;
	size_t				 len, i;
	int				 dup;

	for (p = c->in->postconf_warnings; p != NULL && *p != '\0'; p = nl) {
		if ((nl = strchr(p, '\n')) == NULL)
			nl = p + strlen(p);
		q = strstr(p, key);
		if (q != NULL && q < nl && q - p >= 7 &&
		    strncmp(q - 7, "main.cf", 7) == 0) {
			q += strlen(key);
			eq = memchr(q, '=', nl - q);
			len = (eq != NULL ? eq : nl) - q;
			name = xstrndup(q, len);
			for (dup = 0, i = 0; i < seen.n; i++)
				dup |= strcmp(seen.v[i], name) == 0;
			len = strlen(name);
			if (!dup && len > 11 &&
			    strcmp(name + len - 11, "_time_limit") == 0) {
				strlist_add(&seen, name);
				svc = xstrndup(name, len - 11);
				loc.line = pfc_main_line(c->in->main_cf, name,
				    NULL, 0);
				best = pfc_closest(c, svc);
				if (best != NULL)
					pfc_say(c, POSTFIXCHECK_ERROR, &loc,
					    "%s names no master.cf service "
					    "\"%s\", so Postfix ignores it "
					    "(postconf: unused parameter); "
					    "did you mean %s_time_limit?",
					    name, svc, best->name);
				else
					pfc_say(c, POSTFIXCHECK_ERROR, &loc,
					    "%s names no master.cf service "
					    "\"%s\", so Postfix ignores it "
					    "(postconf: unused parameter)",
					    name, svc);
				free(svc);
			}
			free(name);
		}
		if (*nl == '\n')
			nl++;
	}
	strlist_free(&seen);
}

/* pfc_check_service - one master.cf spawn service that runs policyd-spf */
static void
pfc_check_service(struct pfc *c, struct pfc_service *s)
{
	const char	*owner = pfc_value(c, "mail_owner"), *set;
	struct pfc_loc	 loc;
	char		*user = NULL, *param, *key;
	long		 limit, ttl, procs;

	if (owner == NULL)
		owner = "postfix";
	if (s->user == NULL)
		pfc_say(c, POSTFIXCHECK_ERROR, &s->loc, "service %s has no "
		    "user= attribute: spawn(8) refuses to run %s without "
		    "one; create a user (adduser --system --no-create-home "
		    "policyd-spf) and add user=policyd-spf", s->name,
		    s->argv0);
	else {
		user = xstrndup(s->user, strcspn(s->user, ":"));
		if (strcmp(user, "root") == 0)
			pfc_say(c, POSTFIXCHECK_ERROR, &s->loc, "service %s "
			    "runs %s as root (user=%s): spawn(8) refuses "
			    "root; use an unprivileged user of its own, "
			    "user=policyd-spf", s->name, s->argv0, s->user);
		else if (strcmp(user, owner) == 0)
			pfc_say(c, POSTFIXCHECK_ERROR, &s->loc, "service %s "
			    "runs %s as the mail owner (user=%s, mail_owner "
			    "= %s): spawn(8) refuses it; use an unprivileged "
			    "user of its own, user=policyd-spf", s->name,
			    s->argv0, s->user, owner);
		free(user);
	}
	if (strcmp(s->unpriv, "n") != 0)
		pfc_say(c, POSTFIXCHECK_ERROR, &s->loc, "service %s: the "
		    "unprivileged field (4th) is \"%s\", but spawn(8) must "
		    "run as root to switch to user=; set it to n", s->name,
		    s->unpriv);

	if (strcmp(s->maxproc, "0") != 0) {
		if (strcmp(s->maxproc, "-") == 0) {
			procs = pfc_seconds(c, "default_process_limit",
			    PFC_DEF_PROCS);
			pfc_say(c, POSTFIXCHECK_WARNING, &s->loc, "service %s "
			    "has a process limit of %ld (default_process_"
			    "limit): each smtpd process that asks holds one "
			    "policyd-spf process, so beyond %ld smtpd "
			    "processes policy requests wait or fail; set the "
			    "process limit (7th field) to 0", s->name, procs,
			    procs);
		} else
			pfc_say(c, POSTFIXCHECK_WARNING, &s->loc, "service %s "
			    "has a process limit of %s: each smtpd process "
			    "that asks holds one policyd-spf process, so "
			    "beyond %s smtpd processes policy requests wait or "
			    "fail; set the process limit (7th field) to 0",
			    s->name, s->maxproc, s->maxproc);
	}

	xasprintf(&param, "%s_time_limit", s->name);
	xasprintf(&key, "%s/%s/%s", s->name, s->type, param);
	ttl = pfc_seconds(c, "smtpd_policy_service_max_ttl", PFC_DEF_TTL);
	if ((set = pfc_get(&c->p, key)) != NULL) {
		loc = s->loc;
		loc.line = pfc_master_line(c->in->master_cf, s->name, s->type,
		    param);
	} else if ((set = pfc_get(&c->n, param)) != NULL) {
		loc.file = "main.cf";
		loc.line = pfc_main_line(c->in->main_cf, param, NULL, 0);
	}
	if (set != NULL && postfixcheck_time(set, &limit) == 0) {
		if (limit < POSTFIXCHECK_TIME_LIMIT)
			pfc_say(c, POSTFIXCHECK_WARNING, &loc, "%s = %s is "
			    "shorter than an smtpd process keeps its policy "
			    "connection (smtpd_policy_service_max_ttl %lds "
			    "plus the SMTP session in progress): spawn(8) "
			    "kills policyd-spf in the middle of it; set %s = "
			    "%d", param, set, ttl, param,
			    POSTFIXCHECK_TIME_LIMIT);
	} else if (set == NULL) {
		limit = pfc_seconds(c, param, pfc_seconds(c,
		    "command_time_limit", PFC_DEF_CMDTIME));
		if (limit < POSTFIXCHECK_TIME_LIMIT)
			pfc_say(c, POSTFIXCHECK_WARNING, &s->loc, "%s is not "
			    "set: spawn(8) kills policyd-spf after "
			    "command_time_limit (%lds), shorter than an smtpd "
			    "process keeps its policy connection "
			    "(smtpd_policy_service_max_ttl %lds plus the SMTP "
			    "session in progress); add %s = %d to main.cf",
			    param, limit, ttl, param,
			    POSTFIXCHECK_TIME_LIMIT);
	}
	free(key);
	free(param);
}

/* pfc_check_ref - one check_policy_service */
static void
pfc_check_ref(struct pfc *c, struct pfc_ref *r)
{
	const struct config		*cfg = c->cfg;
	const struct pfc_service	*best;
	const char			*relay;
	struct pfc_loc			 loc;
	long				 t, worst;
	int				 wl = 0, relay_ok;
	char				*tok;
	const char			*p;

	if (r->match == PFC_MATCH_NOSERVICE) {
		best = pfc_closest(c, r->noname);
		if (best != NULL && strcmp(best->name, r->noname) != 0)
			pfc_say(c, POSTFIXCHECK_ERROR, &r->loc, "%s in %s: "
			    "master.cf has no unix service \"%s\" (did you "
			    "mean %s?)", r->spelled, r->list, r->noname,
			    best->name);
		else
			pfc_say(c, POSTFIXCHECK_ERROR, &r->loc, "%s in %s: "
			    "master.cf has no unix service \"%s\"",
			    r->spelled, r->list, r->noname);
		return;
	}
	if (r->match != PFC_MATCH_SPAWN && r->match != PFC_MATCH_DAEMON)
		return;

	/* Relay attempts must be refused before any DNS work. */
	relay_ok = r->relay_before;
	if (!relay_ok && strcmp(r->list, "smtpd_recipient_restrictions") ==
	    0) {
		/* Since Postfix 2.10 the relay list runs first. */
		relay = NULL;
		if (r->owner != NULL) {
			xasprintf(&tok, "%s/smtpd_relay_restrictions",
			    r->owner);
			relay = pfc_get(&c->p, tok);
			free(tok);
		}
		if (relay == NULL)
			relay = pfc_value(c, "smtpd_relay_restrictions");
		for (p = relay != NULL ? relay : ""; !relay_ok &&
		    (tok = pfc_token(&p)) != NULL; free(tok))
			relay_ok = strcasecmp(tok,
			    "reject_unauth_destination") == 0 ||
			    strcasecmp(tok, "defer_unauth_destination") == 0;
	}
	if (!relay_ok && (strcmp(r->list, "smtpd_recipient_restrictions") ==
	    0 || strcmp(r->list, "smtpd_relay_restrictions") == 0 ||
	    strcmp(r->list, "smtpd_client_restrictions") == 0 ||
	    strcmp(r->list, "smtpd_helo_restrictions") == 0 ||
	    strcmp(r->list, "smtpd_sender_restrictions") == 0)) {
		if (cfg->mail_from_pass_restriction[0] != '\0' ||
		    cfg->helo_pass_restriction[0] != '\0')
			pfc_say(c, POSTFIXCHECK_WARNING, &r->loc, "%s in %s "
			    "comes before reject_unauth_destination: relay "
			    "attempts cost SPF lookups, and the pass "
			    "restriction class %s answers for them before "
			    "the relay check: an open relay if it permits; "
			    "move it after reject_unauth_destination",
			    r->spelled, r->list,
			    cfg->mail_from_pass_restriction[0] != '\0' ?
			    cfg->mail_from_pass_restriction :
			    cfg->helo_pass_restriction);
		else
			pfc_say(c, POSTFIXCHECK_WARNING, &r->loc, "%s in %s "
			    "comes before reject_unauth_destination: relay "
			    "attempts cost SPF lookups, and a pass "
			    "restriction class that answers OK would make an "
			    "open relay; move it after "
			    "reject_unauth_destination", r->spelled, r->list);
	}

	/* Postfix must wait for the slowest answer. */
	wl += cfg->domain_whitelist.n > 0;
	wl += cfg->helo_whitelist.n > 0;
	wl += cfg->domain_whitelist_ptr.n > 0;
	worst = 2L * cfg->lookup_time + (long)wl * cfg->whitelist_lookup_time;
	if (r->timeout >= 0) {
		if (r->timeout < worst)
			pfc_say(c, POSTFIXCHECK_WARNING, &r->loc, "%s: "
			    "timeout=%lds is shorter than policyd-spf's "
			    "worst-case answer time (%lds: 2 x lookup_time "
			    "%ds%s): Postfix gives up and applies "
			    "default_action; raise the timeout or lower "
			    "lookup_time", r->spelled, r->timeout, worst,
			    cfg->lookup_time, wl > 0 ? " plus the whitelist "
			    "lookups" : "");
		return;
	}
	t = pfc_seconds(c, "smtpd_policy_service_timeout", PFC_DEF_TIMEOUT);
	if (t < worst && !c->timeout_said) {
		c->timeout_said = 1;
		loc.file = "main.cf";
		loc.line = pfc_main_line(c->in->main_cf,
		    "smtpd_policy_service_timeout", NULL, 0);
		pfc_say(c, POSTFIXCHECK_WARNING, loc.line > 0 ? &loc : NULL,
		    "smtpd_policy_service_timeout = %s is shorter than "
		    "policyd-spf's worst-case answer time (%lds: 2 x "
		    "lookup_time %ds%s): Postfix gives up and applies "
		    "smtpd_policy_service_default_action (451 4.3.5); raise "
		    "it or lower lookup_time",
		    pfc_value(c, "smtpd_policy_service_timeout"), worst,
		    cfg->lookup_time, wl > 0 ? " plus the whitelist lookups" :
		    "");
	}
}

/* pfc_check_wiring - is policyd-spf reached at all? */
static void
pfc_check_wiring(struct pfc *c)
{
	struct pfc_service	*s;
	size_t			 i;
	int			 ours = 0, reached = 0;
	char			*listen = NULL, *tmp;

	for (i = 0; i < c->nref; i++)
		reached |= c->ref[i].match == PFC_MATCH_SPAWN ||
		    c->ref[i].match == PFC_MATCH_DAEMON;
	for (i = 0; i < c->nsvc; i++) {
		s = &c->svc[i];
		if (!s->ours)
			continue;
		ours = 1;
		if (s->used)
			continue;
		pfc_say(c, POSTFIXCHECK_ERROR, &s->loc, "service %s runs %s, "
		    "but no check_policy_service uses it: add "
		    "check_policy_service %s%s to smtpd_recipient_restrictions "
		    "after reject_unauth_destination", s->name, s->argv0,
		    strcmp(s->type, "unix") == 0 ? (strcmp(s->private, "n") ==
		    0 ? "unix:public/" : "unix:private/") : "inet:",
		    s->name);
	}
	if (ours || reached)
		return;
	for (i = 0; i < c->cfg->listen.n; i++) {
		xasprintf(&tmp, "%s%s%s", listen != NULL ? listen : "",
		    listen != NULL ? ", " : "", c->cfg->listen.v[i]);
		free(listen);
		listen = tmp;
	}
	pfc_say(c, POSTFIXCHECK_ERROR, NULL, "policyd-spf is not wired in: "
	    "no master.cf service runs policyd-spf (spawn, argv=.../"
	    "policyd-spf) and no check_policy_service points at a socket "
	    "policyd-spf listens on (listen = %s)",
	    listen != NULL ? listen : "none");
	free(listen);
}

/* pfc_notes - the mode and the rollout state */
static void
pfc_notes(struct pfc *c)
{
	struct pfc_service	*s;
	struct pfc_ref		*r;
	size_t			 i;
	int			 any = 0;

	for (i = 0; i < c->nsvc; i++) {
		s = &c->svc[i];
		if (s->ours && s->used)
			pfc_say(c, POSTFIXCHECK_NOTE, &s->loc, "spawn mode: "
			    "service %s (%s) runs %s as user %s", s->name,
			    s->type, s->argv0, s->user != NULL ? s->user :
			    "(none)");
	}
	for (i = 0; i < c->nref; i++) {
		r = &c->ref[i];
		if (r->match == PFC_MATCH_DAEMON)
			pfc_say(c, POSTFIXCHECK_NOTE, &r->loc, "daemon mode: "
			    "check_policy_service %s reaches policyd-spf "
			    "--daemon (listen %s), which Postfix does not "
			    "start", r->target, r->listen);
		if (r->match != PFC_MATCH_SPAWN && r->match != PFC_MATCH_DAEMON)
			continue;
		any = 1;
		if (r->warn)
			pfc_say(c, POSTFIXCHECK_NOTE, &r->loc, "log-only "
			    "rollout: %s in %s: Postfix logs reject_warning "
			    "and accepts the mail; remove warn_if_reject to "
			    "enforce", r->spelled, r->list);
		else
			pfc_say(c, POSTFIXCHECK_NOTE, &r->loc, "enforcing: "
			    "%s in %s: Postfix applies policyd-spf's "
			    "rejects and defers", r->spelled, r->list);
	}
	if (any && c->cfg->test_only)
		pfc_say(c, POSTFIXCHECK_NOTE, NULL, "test_only = true in "
		    "policyd-spf's configuration: it answers with the header "
		    "only and logs \"would reject:\" instead");
}

/* postfixcheck_analyse - every finding about the configuration */
void
postfixcheck_analyse(const struct postfixcheck_input *in,
    const struct config *cfg, struct postfixcheck_report *out)
{
	struct pfc			 c;
	struct pfc_loc			 loc;
	const char			*v, *p;
	char				*cls, *key;
	size_t				 i, j, k, n;
	struct postfixcheck_msg		*sorted;
	int				 level;

	memset(&c, 0, sizeof(c));
	memset(out, 0, sizeof(*out));
	c.in = in;
	c.cfg = cfg;
	c.out = out;
	pfc_params_parse(in->postconf_n, &c.n);
	pfc_params_parse(in->postconf_x, &c.x);
	pfc_params_parse(in->postconf_p, &c.p);
	pfc_services_parse(in->postconf_m, in->self_path, &c.svc, &c.nsvc);
	if ((c.queue_dir = pfc_value(&c, "queue_directory")) == NULL)
		c.queue_dir = "/var/spool/postfix";
	for (i = 0; i < c.nsvc; i++) {
		c.svc[i].loc.file = "master.cf";
		c.svc[i].loc.line = pfc_master_line(in->master_cf,
		    c.svc[i].name, c.svc[i].type, NULL);
	}

	/* Every check_policy_service: lists, classes, -o overrides. */
	loc.file = "main.cf";
	loc.line = 0;
	for (i = 0; pfc_lists[i] != NULL; i++)
		if ((v = pfc_value(&c, pfc_lists[i])) != NULL)
			pfc_scan(&c, pfc_lists[i], v, NULL, &loc);
	p = pfc_value(&c, "smtpd_restriction_classes");
	while (p != NULL && (cls = pfc_token(&p)) != NULL) {
		if ((v = pfc_get(&c.n, cls)) != NULL)
			pfc_scan(&c, cls, v, NULL, &loc);
		free(cls);
	}
	for (i = 0; i < c.p.n; i++)
		for (j = 0; pfc_lists[j] != NULL; j++) {
			n = strlen(c.p.v[i].name);
			k = strlen(pfc_lists[j]);
			if (n <= k + 1 || strcmp(c.p.v[i].name + n - k,
			    pfc_lists[j]) != 0 || c.p.v[i].name[n - k - 1] !=
			    '/')
				continue;
			key = xstrndup(c.p.v[i].name, n - k - 1);
			loc.file = "master.cf";
			loc.line = 0;
			if ((cls = strchr(key, '/')) != NULL) {
				*cls = '\0';
				loc.line = pfc_master_line(in->master_cf, key,
				    cls + 1, pfc_lists[j]);
				*cls = '/';
			}
			pfc_scan(&c, pfc_lists[j], c.p.v[i].value, key, &loc);
			free(key);
		}
	for (i = 0; i < c.nref; i++) {
		pfc_match(&c, &c.ref[i]);
		if (c.ref[i].svc != NULL && c.ref[i].match == PFC_MATCH_SPAWN)
			c.ref[i].svc->used = 1;
	}

	pfc_check_typos(&c);
	for (i = 0; i < c.nsvc; i++)
		if (c.svc[i].ours)
			pfc_check_service(&c, &c.svc[i]);
	for (i = 0; i < c.nref; i++)
		pfc_check_ref(&c, &c.ref[i]);
	pfc_check_wiring(&c);
	pfc_notes(&c);

	/* Errors first, then warnings, then notes, each in order found. */
	if (out->n > 0) {
		sorted = xreallocarray(NULL, out->n, sizeof(*sorted));
		for (k = 0, level = POSTFIXCHECK_ERROR; level >=
		    POSTFIXCHECK_NOTE; level--)
			for (i = 0; i < out->n; i++)
				if ((int)out->v[i].level == level)
					sorted[k++] = out->v[i];
		free(out->v);
		out->v = sorted;
	}

	for (i = 0; i < c.nref; i++) {
		free(c.ref[i].list);
		free(c.ref[i].owner);
		free(c.ref[i].target);
		free(c.ref[i].spelled);
		free(c.ref[i].noname);
	}
	free(c.ref);
	pfc_services_free(c.svc, c.nsvc);
	pfc_params_free(&c.n);
	pfc_params_free(&c.x);
	pfc_params_free(&c.p);
}

/* postfixcheck_status - 2 errors, 1 warnings, 0 otherwise */
int
postfixcheck_status(const struct postfixcheck_report *r)
{
	if (r->count[POSTFIXCHECK_ERROR] > 0)
		return (2);
	return (r->count[POSTFIXCHECK_WARNING] > 0 ? 1 : 0);
}

/* postfixcheck_report_free - release the messages */
void
postfixcheck_report_free(struct postfixcheck_report *r)
{
	size_t	i;

	for (i = 0; i < r->n; i++)
		free(r->v[i].text);
	free(r->v);
	memset(r, 0, sizeof(*r));
}

/*
 * Impure part: running postconf, reading files.
 */

/* pfc_find_postconf - $POSTCONF, else postconf in $PATH or an sbin */
static char *
pfc_find_postconf(void)
{
	const char	*env, *path;
	char		*dirs, *dir, *save, *cand;
	const char	*extra[] = { "/usr/sbin", "/usr/local/sbin", "/sbin",
	    NULL };
	size_t		 i;

	if ((env = getenv("POSTCONF")) != NULL && *env != '\0')
		return (xstrdup(env));
	path = getenv("PATH");
	dirs = xstrdup(path != NULL ? path : "/usr/bin:/bin");
	for (dir = strtok_r(dirs, ":", &save); dir != NULL;
	    dir = strtok_r(NULL, ":", &save)) {
		xasprintf(&cand, "%s/postconf", *dir != '\0' ? dir : ".");
		if (access(cand, X_OK) == 0) {
			free(dirs);
			return (cand);
		}
		free(cand);
	}
	free(dirs);
	for (i = 0; extra[i] != NULL; i++) {
		xasprintf(&cand, "%s/postconf", extra[i]);
		if (access(cand, X_OK) == 0)
			return (cand);
		free(cand);
	}
	return (NULL);
}

/* pfc_append - add bytes to a growing, terminated buffer */
static void
pfc_append(char **buf, size_t *len, const char *data, size_t n)
{
	if (*len + n > POSTFIXCHECK_READ_MAX)
		n = *len < POSTFIXCHECK_READ_MAX ? POSTFIXCHECK_READ_MAX -
		    *len : 0;
	*buf = xreallocarray(*buf, *len + n + 1, 1);
	memcpy(*buf + *len, data, n);
	*len += n;
	(*buf)[*len] = '\0';
}

/*
 * pfc_run - run argv (no shell) with stdin /dev/null, collect stdout and
 * stderr, kill it after timeout seconds.  Returns its exit status, or
 * -1 with *cause allocated.
 */
static int
pfc_run(char *const argv[], char **out, char **err, int timeout,
    char **cause)
{
	struct pollfd	 pfd[2];
	struct timespec	 now, end;
	char		 buf[8192];
	size_t		 olen = 0, elen = 0;
	ssize_t		 n;
	pid_t		 pid;
	int		 op[2], ep[2], status, fd, i, open_fds, ms, killed = 0;

	*out = xstrdup("");
	*err = xstrdup("");
	if (pipe(op) == -1 || pipe(ep) == -1) {
		xasprintf(cause, "pipe: %s", strerror(errno));
		return (-1);
	}
	if ((pid = fork()) == -1) {
		xasprintf(cause, "fork: %s", strerror(errno));
		close(op[0]);
		close(op[1]);
		close(ep[0]);
		close(ep[1]);
		return (-1);
	}
	if (pid == 0) {
		if ((fd = open("/dev/null", O_RDONLY)) != -1) {
			dup2(fd, STDIN_FILENO);
			close(fd);
		}
		dup2(op[1], STDOUT_FILENO);
		dup2(ep[1], STDERR_FILENO);
		close(op[0]);
		close(op[1]);
		close(ep[0]);
		close(ep[1]);
		execv(argv[0], argv);
		dprintf(STDERR_FILENO, "%s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(op[1]);
	close(ep[1]);
	pfd[0].fd = op[0];
	pfd[1].fd = ep[0];
	pfd[0].events = pfd[1].events = POLLIN;
	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += timeout;
	for (open_fds = 2; open_fds > 0;) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		ms = (int)((end.tv_sec - now.tv_sec) * 1000 +
		    (end.tv_nsec - now.tv_nsec) / 1000000);
		if (ms <= 0) {
			kill(pid, SIGKILL);
			killed = 1;
			break;
		}
		if (poll(pfd, 2, ms) == -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (i = 0; i < 2; i++) {
			if (pfd[i].fd == -1 || pfd[i].revents == 0)
				continue;
			if ((n = read(pfd[i].fd, buf, sizeof(buf))) <= 0) {
				if (n == -1 && errno == EINTR)
					continue;
				close(pfd[i].fd);
				pfd[i].fd = -1;
				open_fds--;
				continue;
			}
			if (i == 0)
				pfc_append(out, &olen, buf, n);
			else
				pfc_append(err, &elen, buf, n);
		}
	}
	for (i = 0; i < 2; i++)
		if (pfd[i].fd != -1)
			close(pfd[i].fd);
	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR) {
			xasprintf(cause, "waitpid: %s", strerror(errno));
			return (-1);
		}
	if (killed) {
		xasprintf(cause, "no answer within %d seconds", timeout);
		return (-1);
	}
	if (WIFSIGNALED(status)) {
		xasprintf(cause, "killed by signal %d", WTERMSIG(status));
		return (-1);
	}
	return (WEXITSTATUS(status));
}

/* pfc_read_file - the text of a file (NULL if unreadable) */
static char *
pfc_read_file(const char *dir, const char *name)
{
	char	*path, *text = NULL, buf[8192];
	size_t	 len = 0, n;
	FILE	*fp;

	xasprintf(&path, "%s/%s", dir, name);
	fp = fopen(path, "r");
	free(path);
	if (fp == NULL)
		return (NULL);
	text = xstrdup("");
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		pfc_append(&text, &len, buf, n);
	fclose(fp);
	return (text);
}

/* pfc_postconf - one postconf run; 0, or -1 after saying why on stderr */
static int
pfc_postconf(const char *postconf, const char *dir, const char *flag,
    const struct strlist *names, char **out, char **warnings)
{
	char	**argv, *err = NULL, *cause = NULL, *tmp;
	size_t	 n = 0, i;
	int	 rc;

	argv = xcalloc(5 + (names != NULL ? names->n : 0), sizeof(*argv));
	argv[n++] = (char *)postconf;
	if (dir != NULL) {
		argv[n++] = "-c";
		argv[n++] = (char *)dir;
	}
	argv[n++] = (char *)flag;
	for (i = 0; names != NULL && i < names->n; i++)
		argv[n++] = names->v[i];
	argv[n] = NULL;
	rc = pfc_run(argv, out, &err, POSTFIXCHECK_TIMEOUT, &cause);
	free(argv);
	if (rc != 0) {
		if (rc == -1)
			fprintf(stderr, "policyd-spf: %s %s: %s\n", postconf,
			    flag, cause);
		else
			fprintf(stderr, "policyd-spf: %s %s: exit status %d"
			    "%s%s", postconf, flag, rc, *err != '\0' ?
			    ": " : "\n", err);
		free(cause);
		free(err);
		return (-1);
	}
	xasprintf(&tmp, "%s%s", *warnings, err);
	free(*warnings);
	*warnings = tmp;
	free(err);
	return (0);
}

/* postfixcheck_main - policyd-spf --check-postfix [CONFIG_DIR] */
int
postfixcheck_main(int argc, char **argv, const struct config *cfg)
{
	struct postfixcheck_input	 in;
	struct postfixcheck_report	 rep;
	struct strlist			 names = { NULL, 0 };
	char				*postconf, *n = NULL, *m = NULL;
	char				*p = NULL, *x = NULL, *warn, *dirv;
	char				*maincf = NULL, *mastercf = NULL;
	char				 self[PATH_MAX];
	const char			*dir = argc > 0 ? argv[0] : NULL;
	const char			*cdir;
	struct pfc_params		 xp;
	ssize_t				 len;
	size_t				 i;
	int				 rc = 2;

	if (argc > 1) {
		fprintf(stderr, "usage: policyd-spf [-c file] --check-postfix "
		    "[config_dir]\n");
		return (64);
	}
	if ((postconf = pfc_find_postconf()) == NULL) {
		fprintf(stderr, "policyd-spf: postconf not found (is Postfix "
		    "installed? set POSTCONF to its path)\n");
		return (2);
	}
	warn = xstrdup("");
	if (pfc_postconf(postconf, dir, "-n", NULL, &n, &warn) == -1 ||
	    pfc_postconf(postconf, dir, "-M", NULL, &m, &warn) == -1 ||
	    pfc_postconf(postconf, dir, "-P", NULL, &p, &warn) == -1)
		goto done;
	if ((len = readlink("/proc/self/exe", self, sizeof(self) - 1)) < 0)
		len = 0;
	self[len] = '\0';
	postfixcheck_wanted(m, self, &names);
	if (pfc_postconf(postconf, dir, "-x", &names, &x, &warn) == -1)
		goto done;

	pfc_params_parse(x, &xp);
	cdir = pfc_get(&xp, "config_directory");
	dirv = xstrdup(cdir != NULL ? cdir : dir != NULL ? dir :
	    "/etc/postfix");
	pfc_params_free(&xp);
	maincf = pfc_read_file(dirv, "main.cf");
	mastercf = pfc_read_file(dirv, "master.cf");

	memset(&in, 0, sizeof(in));
	in.postconf_n = n;
	in.postconf_m = m;
	in.postconf_p = p;
	in.postconf_x = x;
	in.postconf_warnings = warn;
	in.main_cf = maincf;
	in.master_cf = mastercf;
	in.self_path = self;
	postfixcheck_analyse(&in, cfg, &rep);
	for (i = 0; i < rep.n; i++)
		printf("%s: %s\n", rep.v[i].level == POSTFIXCHECK_ERROR ?
		    "error" : rep.v[i].level == POSTFIXCHECK_WARNING ?
		    "warning" : "note", rep.v[i].text);
	printf("policyd-spf: %s: %zu error%s, %zu warning%s, %zu note%s\n",
	    dirv, rep.count[POSTFIXCHECK_ERROR],
	    rep.count[POSTFIXCHECK_ERROR] == 1 ? "" : "s",
	    rep.count[POSTFIXCHECK_WARNING],
	    rep.count[POSTFIXCHECK_WARNING] == 1 ? "" : "s",
	    rep.count[POSTFIXCHECK_NOTE],
	    rep.count[POSTFIXCHECK_NOTE] == 1 ? "" : "s");
	rc = postfixcheck_status(&rep);
	postfixcheck_report_free(&rep);
	free(dirv);
done:
	fflush(stdout);
	strlist_free(&names);
	free(maincf);
	free(mastercf);
	free(n);
	free(m);
	free(p);
	free(x);
	free(warn);
	free(postconf);
	return (rc);
}
