/*
 * NAME
 *	config 3 - defaults, the libconfig reader, checks and emitters
 * DESCRIPTION
 *	See config.h.  Everything here is driven by config_options[]
 *	(config_table.c): a default is parsed by the same code as a value
 *	from the file (config_set), the file is written back by one
 *	formatter per type (config_write_value), and the manual and the
 *	shipped file are made from the same rows.
 *
 *	Reading is in three steps, like Redis's loader: libconfig parses
 *	the file (a syntax error stops there: libconfig reports only the
 *	first one); every top-level setting is then set on a copy of the
 *	defaults, each error being collected with its file and line; last
 *	come the checks that need the whole file and the derived fields
 *	(action tables, prospective_addr).  cfg is only replaced when no
 *	error was found, so a failed reload leaves nothing half-applied.
 *
 *	Pure apart from reading the file: no logging, no exit.  A default
 *	that does not parse is a broken table and aborts.
 * LIMITS
 *	libconfig 1.5 reads an integer that does not fit in 32 bits
 *	without an error (it wraps); such a value may then pass the range
 *	check.  A setting given twice under exactly the same name is a
 *	libconfig syntax error ("duplicate setting name"), reported with
 *	its line like any other.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <sys/socket.h>
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libconfig.h>

#include "cidr.h"
#include "config.h"
#include "result.h"
#include "util.h"
#include "xmalloc.h"

#define CONFIG_WRAP	72	/* columns of comments and man source */

/* Field of an option inside struct config. */
#define CONFIG_FIELD(cfg, o, type) \
	((type *)(void *)((char *)(cfg) + (o)->offset))
#define CONFIG_CFIELD(cfg, o, type) \
	((type const *)(const void *)((const char *)(cfg) + (o)->offset))

/* A value as the file (or a default) gives it. */
enum config_vkind {
	CONFIG_V_BOOL,
	CONFIG_V_INT,
	CONFIG_V_FLOAT,
	CONFIG_V_STRING,
	CONFIG_V_LIST
};

struct config_value {
	enum config_vkind	  kind;
	long long		  i;	/* CONFIG_V_BOOL, CONFIG_V_INT */
	const char		 *s;	/* CONFIG_V_STRING */
	const char		**v;	/* CONFIG_V_LIST; NULL: not a string */
	size_t			  n;
};

/* The collected error lines. */
struct config_errors {
	char	*text;
	size_t	 len;
};

static const char *const config_policy_names[] = {
	"fail", "softfail", "spf_not_pass", "null", "false", "no_check", NULL
};

static const char *const config_header_names[] = {
	"spf", "ar", "none", NULL
};

static const char *const config_action_names[] = {
	"accept", "prepend", "warn", "defer", "reject"
};

/* test_only_answer, by enum test_only_answer. */
static const char *const config_test_answer_names[] = {
	"prepend", "warn", NULL
};

/* Actions in the order error messages list them, harshest first. */
static const enum policy_action config_action_order[] = {
	ACT_REJECT, ACT_DEFER, ACT_WARN, ACT_PREPEND, ACT_ACCEPT
};

/*
 * Enum options whose field is a C enum: the field's values by name.
 * Any other enum field is a char * holding the choice in lower case.
 */
static void	config_enum_set_policy(void *, int);
static int	config_enum_get_policy(const void *);
static void	config_enum_set_header(void *, int);
static int	config_enum_get_header(const void *);
static void	config_enum_set_test_answer(void *, int);
static int	config_enum_get_test_answer(const void *);

static const struct config_enum_field {
	size_t			  offset;
	const char *const	 *names;	/* by enum value */
	void			(*set)(void *, int);
	int			(*get)(const void *);
} config_enum_fields[] = {
	{ offsetof(struct config, helo_reject), config_policy_names,
	    config_enum_set_policy, config_enum_get_policy },
	{ offsetof(struct config, mail_from_reject), config_policy_names,
	    config_enum_set_policy, config_enum_get_policy },
	{ offsetof(struct config, header_type), config_header_names,
	    config_enum_set_header, config_enum_get_header },
	{ offsetof(struct config, test_only_answer), config_test_answer_names,
	    config_enum_set_test_answer, config_enum_get_test_answer },
};

/*
 * pypolicyd-spf settings that have no native counterpart.  They are
 * unknown here (TestOnly in particular must not be taken for
 * test_only: its sense is reversed); the error points to the importer.
 */
static const char *const config_pypolicyd_only[] = {
	"TestOnly", "defaultSeedOnly", "Mock", "Per_User", "QueueID",
	"Socket", "PidFile", "UserID", "UMask", "InternalHosts", "IntHosts",
	"MacroList", "MacroListVerify", NULL
};

/* Results in the order --config-test lists them. */
static const enum spf_result config_result_order[SPFR_COUNT] = {
	SPFR_PASS, SPFR_FAIL, SPFR_SOFTFAIL, SPFR_NEUTRAL, SPFR_NONE,
	SPFR_PERMERROR, SPFR_TEMPERROR
};

/* config_enum_set_policy - store an enum config_policy */
static void
config_enum_set_policy(void *p, int v)
{
	*(enum config_policy *)p = (enum config_policy)v;
}

/* config_enum_get_policy - read an enum config_policy */
static int
config_enum_get_policy(const void *p)
{
	return ((int)*(const enum config_policy *)p);
}

/* config_enum_set_header - store an enum header_type */
static void
config_enum_set_header(void *p, int v)
{
	*(enum header_type *)p = (enum header_type)v;
}

/* config_enum_get_header - read an enum header_type */
static int
config_enum_get_header(const void *p)
{
	return ((int)*(const enum header_type *)p);
}

/* config_enum_set_test_answer - store an enum test_only_answer */
static void
config_enum_set_test_answer(void *p, int v)
{
	*(enum test_only_answer *)p = (enum test_only_answer)v;
}

/* config_enum_get_test_answer - read an enum test_only_answer */
static int
config_enum_get_test_answer(const void *p)
{
	return ((int)*(const enum test_only_answer *)p);
}

/* config_policy_name - the name of a HELO_reject/Mail_From_reject value */
const char *
config_policy_name(enum config_policy p)
{
	if ((unsigned)p > POLICY_NO_CHECK)
		return ("?");
	return (config_policy_names[p]);
}

/* config_action_name - the name of an action, as --config-test says it */
const char *
config_action_name(enum policy_action a)
{
	if ((unsigned)a > ACT_REJECT)
		return ("?");
	return (config_action_names[a]);
}

/* config_enum_field - the C enum behind an enum option, or NULL */
static const struct config_enum_field *
config_enum_field(const struct config_option *o)
{
	size_t	i;

	for (i = 0; i < sizeof(config_enum_fields) /
	    sizeof(config_enum_fields[0]); i++)
		if (config_enum_fields[i].offset == o->offset)
			return (&config_enum_fields[i]);
	return (NULL);
}

/* config_enum_text - the current choice of an enum option */
static const char *
config_enum_text(const struct config *cfg, const struct config_option *o)
{
	const struct config_enum_field	*f;
	const char			*s;
	int				 v, i;

	if ((f = config_enum_field(o)) == NULL) {
		s = *CONFIG_CFIELD(cfg, o, char *);
		return (s != NULL ? s : "");
	}
	v = f->get(CONFIG_CFIELD(cfg, o, char));
	for (i = 0; f->names[i] != NULL; i++)
		if (i == v)
			return (f->names[i]);
	return ("?");
}

/* config_find - the option called name (native or alias, any case) */
static const struct config_option *
config_find(const char *name)
{
	const struct config_option	*o;

	for (o = config_options; o->name != NULL; o++)
		if (strcasecmp(name, o->name) == 0 ||
		    (o->alias != NULL && strcasecmp(name, o->alias) == 0))
			return (o);
	return (NULL);
}

/* config_squash - lower case without '_' and '-', for suggestions */
static void
config_squash(char *dst, size_t size, const char *src)
{
	size_t	n = 0;

	for (; *src != '\0' && n + 1 < size; src++)
		if (*src != '_' && *src != '-')
			dst[n++] = (char)tolower((unsigned char)*src);
	dst[n] = '\0';
}

/* config_unknown - the reason for an unknown name, with a hint */
static char *
config_unknown(const char *name)
{
	const struct config_option	*o;
	char				 a[128], b[128], *msg;
	int				 i;

	for (i = 0; config_pypolicyd_only[i] != NULL; i++) {
		if (strcasecmp(name, config_pypolicyd_only[i]) != 0)
			continue;
		if (i == 0)
			return (xstrdup("unknown option (pypolicyd-spf's "
			    "TestOnly is reversed: use test_only = true for "
			    "TestOnly = 0, or convert the file with "
			    "policyd-spf --import-pypolicyd)"));
		xasprintf(&msg, "unknown option (pypolicyd-spf's %s has no "
		    "equivalent; convert the file with policyd-spf "
		    "--import-pypolicyd)", config_pypolicyd_only[i]);
		return (msg);
	}
	config_squash(a, sizeof(a), name);
	for (o = config_options; o->name != NULL; o++) {
		config_squash(b, sizeof(b), o->name);
		if (strcmp(a, b) == 0)
			break;
		if (o->alias != NULL) {
			config_squash(b, sizeof(b), o->alias);
			if (strcmp(a, b) == 0)
				break;
		}
	}
	if (o->name != NULL && a[0] != '\0')
		xasprintf(&msg, "unknown option (did you mean %s?)", o->name);
	else
		msg = xstrdup("unknown option");
	return (msg);
}

static void	config_errors_add(struct config_errors *, const char *, int,
		    const char *, ...) __attribute__((format(printf, 4, 5)));

/* config_errors_add - append one "<file>:<line>: <text>" line */
static void
config_errors_add(struct config_errors *e, const char *file, int line,
    const char *fmt, ...)
{
	va_list	 ap;
	char	*text, *where;
	size_t	 n;

	va_start(ap, fmt);
	if (vasprintf(&text, fmt, ap) == -1)
		text = NULL;
	va_end(ap);
	if (text == NULL)
		text = xstrdup("out of memory");
	if (line > 0)
		xasprintf(&where, "%s:%d: %s", file, line, text);
	else
		xasprintf(&where, "%s: %s", file, text);
	free(text);
	/* Values come from the file: no control characters in messages. */
	n = str_printable(where, strlen(where) + 1, where, strlen(where));
	e->text = xreallocarray(e->text, e->len + n + 2, 1);
	if (e->len > 0)
		e->text[e->len++] = '\n';
	memcpy(e->text + e->len, where, n + 1);
	e->len += n;
	free(where);
}

/* config_bool_word - yes/no/true/false/on/off/1/0, any case, or -1 */
int
config_bool_word(const char *s)
{
	static const char *const yes[] = { "yes", "true", "on", "1", NULL };
	static const char *const no[] = { "no", "false", "off", "0", NULL };
	int	i;

	for (i = 0; yes[i] != NULL; i++)
		if (strcasecmp(s, yes[i]) == 0)
			return (1);
	for (i = 0; no[i] != NULL; i++)
		if (strcasecmp(s, no[i]) == 0)
			return (0);
	return (-1);
}

/* config_choices_text - "a, b, c" */
static char *
config_choices_text(const char *const *choices)
{
	char	*s = xstrdup(""), *t;
	int	 i;

	for (i = 0; choices[i] != NULL; i++) {
		xasprintf(&t, "%s%s%s", s, i > 0 ? ", " : "", choices[i]);
		free(s);
		s = t;
	}
	return (s);
}

/* config_check_log_target - "syslog", "stderr" or an absolute path */
int
config_check_log_target(char *s, char **cause)
{
	if (strcasecmp(s, "syslog") == 0 || strcasecmp(s, "stderr") == 0) {
		str_lower(s);
		return (0);
	}
	if (s[0] == '/')
		return (0);
	*cause = xstrdup("must be \"syslog\", \"stderr\" or an absolute "
	    "path");
	return (-1);
}

/* config_check_class - a Postfix restriction class name, or "" */
int
config_check_class(char *s, char **cause)
{
	const char	*p;

	for (p = s; *p != '\0'; p++)
		if ((unsigned char)*p >= 0x80 ||
		    (!isalnum((unsigned char)*p) && *p != '_' && *p != '-')) {
			*cause = xstrdup("must be a Postfix restriction class "
			    "name (letters, digits, '_' and '-')");
			return (-1);
		}
	return (0);
}

/* config_check_authserv_id - non-empty, no space, control or ';' */
int
config_check_authserv_id(char *s, char **cause)
{
	const char	*p;

	if (*s == '\0') {
		*cause = xstrdup("must not be empty");
		return (-1);
	}
	for (p = s; *p != '\0'; p++)
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f ||
		    *p == ';') {
			*cause = xstrdup("must be printable ASCII without "
			    "white space or ';'");
			return (-1);
		}
	if (strlen(s) > 255) {
		*cause = xstrdup("must be at most 255 characters");
		return (-1);
	}
	return (0);
}

/* config_check_printable - printable ASCII only */
int
config_check_printable(char *s, char **cause)
{
	const char	*p;

	for (p = s; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f) {
			*cause = xstrdup("must be printable ASCII (no control "
			    "characters or 8-bit bytes)");
			return (-1);
		}
	return (0);
}

/* config_port - a port number 1-65535, decimal, or -1 */
static int
config_port(const char *s)
{
	long	n = 0;

	if (*s == '\0' || *s == '0')
		return (-1);
	for (; *s != '\0'; s++) {
		if (!isdigit((unsigned char)*s))
			return (-1);
		n = n * 10 + (*s - '0');
		if (n > 65535)
			return (-1);
	}
	return ((int)n);
}

/* config_check_dns_server - "ADDR", "IPv4ADDR:PORT" or "[IPv6ADDR]:PORT" */
int
config_check_dns_server(char *s, char **cause)
{
	struct ipaddr	 a;
	char		*host, *end;
	const char	*port = NULL;
	int		 ok;

	if (ipaddr_parse(s, &a) == 0)
		return (0);
	if (s[0] == '[') {
		if ((end = strchr(s, ']')) == NULL || end[1] != ':')
			goto bad;
		host = xstrndup(s + 1, end - s - 1);
		ok = ipaddr_parse(host, &a) == 0 && a.af == AF_INET6;
		free(host);
		if (!ok)
			goto bad;
		port = end + 2;
	} else {
		if ((end = strchr(s, ':')) == NULL || strchr(end + 1, ':'))
			goto bad;
		host = xstrndup(s, end - s);
		ok = ipaddr_parse(host, &a) == 0;
		free(host);
		if (!ok)
			goto bad;
		port = end + 1;
	}
	if (config_port(port) == -1) {
		xasprintf(cause, "%.100s: port must be between 1 and 65535",
		    s);
		return (-1);
	}
	return (0);
bad:
	xasprintf(cause, "%.100s: must be ADDR, IPv4ADDR:PORT or "
	    "[IPv6ADDR]:PORT", s);
	return (-1);
}

/* config_check_mode - an octal file mode */
int
config_check_mode(char *s, char **cause)
{
	char	*end;
	long	 mode;

	mode = strtol(s, &end, 8);
	if (*s == '\0' || *end != '\0' || mode < 0 || mode > 0777) {
		xasprintf(cause, "not an octal file mode (0000 to 0777)");
		return (-1);
	}
	return (0);
}

/*
 * config_action_parse - one "result=action" item, any case.  Returns 0,
 * or -1 with *cause allocated.
 */
static int
config_action_parse(const char *item, enum spf_result *r,
    enum policy_action *a, char **cause)
{
	const char	*eq, *names[SPFR_COUNT + 1];	/* results or actions */
	char		*result, *list;
	size_t		 i, nact;
	int		 found;

	if ((eq = strchr(item, '=')) == NULL) {
		xasprintf(cause, "%.100s: must be result=action, as in "
		    "fail=reject", item);
		return (-1);
	}
	result = xstrndup(item, eq - item);
	found = spf_result_parse(result, r) == 0;
	free(result);
	if (!found) {
		for (i = 0; i < SPFR_COUNT; i++)
			names[i] = spf_result_lower(config_result_order[i]);
		names[SPFR_COUNT] = NULL;
		list = config_choices_text(names);
		xasprintf(cause, "%.100s: unknown result (%s)", item, list);
		free(list);
		return (-1);
	}
	nact = sizeof(config_action_order) / sizeof(config_action_order[0]);
	for (i = 0; i < nact; i++) {
		names[i] = config_action_names[config_action_order[i]];
		if (strcasecmp(eq + 1, names[i]) == 0) {
			*a = config_action_order[i];
			return (0);
		}
	}
	names[nact] = NULL;
	list = config_choices_text(names);
	xasprintf(cause, "%.100s: unknown action (%s)", item, list);
	free(list);
	return (-1);
}

/* config_check_action - one "result=action" item, lowercased */
int
config_check_action(char *s, char **cause)
{
	enum spf_result		r;
	enum policy_action	a;

	if (config_action_parse(s, &r, &a, cause) == -1)
		return (-1);
	str_lower(s);
	return (0);
}

/* config_check_action_list - no result given twice */
int
config_check_action_list(const struct strlist *l, char **cause)
{
	enum spf_result		r;
	enum policy_action	a;
	unsigned		seen = 0;
	size_t			i;

	for (i = 0; i < l->n; i++) {
		if (config_action_parse(l->v[i], &r, &a, cause) == -1)
			return (-1);
		if (seen & (1U << r)) {
			xasprintf(cause, "%.100s: %s given twice", l->v[i],
			    spf_result_lower(r));
			return (-1);
		}
		seen |= 1U << r;
	}
	return (0);
}

/* config_set_bool - a boolean option */
static int
config_set_bool(struct config *cfg, const struct config_option *o,
    const struct config_value *val, char **cause)
{
	int	b = -1;

	if (val->kind == CONFIG_V_BOOL)
		b = val->i != 0;
	else if (val->kind == CONFIG_V_INT && (val->i == 0 || val->i == 1))
		b = (int)val->i;
	else if (val->kind == CONFIG_V_STRING)
		b = config_bool_word(val->s);
	if (b == -1) {
		*cause = xstrdup("must be true or false (or yes, no, on, off, "
		    "1, 0)");
		return (-1);
	}
	*CONFIG_FIELD(cfg, o, int) = b;
	return (0);
}

/* config_set_int - an integer option, in range */
static int
config_set_int(struct config *cfg, const struct config_option *o,
    const struct config_value *val, char **cause)
{
	if (val->kind != CONFIG_V_INT) {
		*cause = xstrdup("must be an integer");
		return (-1);
	}
	if (val->i < o->min || val->i > o->max) {
		xasprintf(cause, "must be between %lld and %lld", o->min,
		    o->max);
		return (-1);
	}
	*CONFIG_FIELD(cfg, o, int) = (int)val->i;
	return (0);
}

/* config_set_string - a string option, checked, maybe canonicalized */
static int
config_set_string(struct config *cfg, const struct config_option *o,
    const struct config_value *val, char **cause)
{
	char	*s, **field;

	field = CONFIG_FIELD(cfg, o, char *);

	if (val->kind != CONFIG_V_STRING) {
		*cause = xstrdup("must be a string");
		return (-1);
	}
	s = xstrdup(val->s);
	if (o->check != NULL && o->check(s, cause) == -1) {
		free(s);
		return (-1);
	}
	free(*field);
	*field = s;
	return (0);
}

/* config_set_ip - one IP address, or "" */
static int
config_set_ip(struct config *cfg, const struct config_option *o,
    const struct config_value *val, char **cause)
{
	struct ipaddr	 a;
	char		**field = CONFIG_FIELD(cfg, o, char *);

	if (val->kind != CONFIG_V_STRING) {
		*cause = xstrdup("must be a string (an IP address or \"\")");
		return (-1);
	}
	if (val->s[0] != '\0' && ipaddr_parse(val->s, &a) == -1) {
		xasprintf(cause, "%.100s: not an IP address", val->s);
		return (-1);
	}
	free(*field);
	*field = xstrdup(val->s);
	return (0);
}

/* config_set_enum - one of the choices, any case */
static int
config_set_enum(struct config *cfg, const struct config_option *o,
    const struct config_value *val, char **cause)
{
	const struct config_enum_field	*f = config_enum_field(o);
	const struct config_option	*other;
	char				*list;
	int				 i, v;

	if (val->kind == CONFIG_V_STRING) {
		for (i = 0; o->choices[i] != NULL; i++)
			if (strcasecmp(val->s, o->choices[i]) == 0)
				break;
		if (o->choices[i] != NULL) {
			if (f == NULL) {
				char	**field = CONFIG_FIELD(cfg, o, char *);

				free(*field);
				*field = xstrdup(o->choices[i]);
				return (0);
			}
			for (v = 0; f->names[v] != NULL; v++)
				if (strcmp(f->names[v], o->choices[i]) == 0)
					break;
			if (f->names[v] == NULL)
				abort();	/* choice not in the C enum */
			f->set(CONFIG_FIELD(cfg, o, char), v);
			return (0);
		}
		/* A value of the same C enum that only another option has. */
		for (other = config_options; f != NULL && other->name != NULL;
		    other++) {
			const struct config_enum_field	*g;

			if (other == o || other->type != CONFIG_ENUM ||
			    (g = config_enum_field(other)) == NULL ||
			    g->names != f->names)
				continue;
			for (i = 0; other->choices[i] != NULL; i++) {
				if (strcasecmp(val->s, other->choices[i]) != 0)
					continue;
				xasprintf(cause, "%s applies to %s only",
				    other->choices[i], other->name);
				return (-1);
			}
		}
	}
	list = config_choices_text(o->choices);
	xasprintf(cause, "must be one of: %s", list);
	free(list);
	return (-1);
}

/* config_set_strlist - a list of strings (items split at ',' and space) */
static int
config_set_strlist(struct config *cfg, const struct config_option *o,
    const struct config_value *val, char **cause)
{
	struct strlist	 l = { NULL, 0 }, *field;
	size_t		 i;

	if (val->kind == CONFIG_V_STRING)
		strlist_split(&l, val->s);
	else if (val->kind == CONFIG_V_LIST) {
		for (i = 0; i < val->n; i++) {
			if (val->v[i] == NULL) {
				strlist_free(&l);
				*cause = xstrdup("list items must be strings");
				return (-1);
			}
			strlist_split(&l, val->v[i]);
		}
	} else {
		*cause = xstrdup("must be a list of strings or a string");
		return (-1);
	}
	if (o->check != NULL)
		for (i = 0; i < l.n; i++)
			if (o->check(l.v[i], cause) == -1) {
				strlist_free(&l);
				return (-1);
			}
	if (o->check_list != NULL && o->check_list(&l, cause) == -1) {
		strlist_free(&l);
		return (-1);
	}
	field = CONFIG_FIELD(cfg, o, struct strlist);
	strlist_free(field);
	*field = l;
	return (0);
}

/* config_set_cidrlist - a list of addresses and networks */
static int
config_set_cidrlist(struct config *cfg, const struct config_option *o,
    const struct config_value *val, char **cause)
{
	struct cidr_list	 l = { NULL, 0 }, *field;
	size_t			 i;

	if (val->kind == CONFIG_V_STRING) {
		if (cidr_list_parse(&l, val->s, cause) == -1) {
			cidr_list_free(&l);
			return (-1);
		}
	} else if (val->kind == CONFIG_V_LIST) {
		for (i = 0; i < val->n; i++) {
			if (val->v[i] == NULL) {
				cidr_list_free(&l);
				*cause = xstrdup("list items must be strings");
				return (-1);
			}
			if (cidr_list_parse(&l, val->v[i], cause) == -1) {
				cidr_list_free(&l);
				return (-1);
			}
		}
	} else {
		*cause = xstrdup("must be a list of strings or a string");
		return (-1);
	}
	field = CONFIG_FIELD(cfg, o, struct cidr_list);
	cidr_list_free(field);
	*field = l;
	return (0);
}

/* config_set - give an option a value; on error *cause is allocated */
static int
config_set(struct config *cfg, const struct config_option *o,
    const struct config_value *val, char **cause)
{
	switch (o->type) {
	case CONFIG_BOOL:
		return (config_set_bool(cfg, o, val, cause));
	case CONFIG_INT:
		return (config_set_int(cfg, o, val, cause));
	case CONFIG_STRING:
		return (config_set_string(cfg, o, val, cause));
	case CONFIG_ENUM:
		return (config_set_enum(cfg, o, val, cause));
	case CONFIG_STRLIST:
		return (config_set_strlist(cfg, o, val, cause));
	case CONFIG_CIDRLIST:
		return (config_set_cidrlist(cfg, o, val, cause));
	case CONFIG_IP:
		return (config_set_ip(cfg, o, val, cause));
	}
	*cause = xstrdup("unknown option type");
	return (-1);
}

/* config_action_fill - one identity's table from its policy */
static void
config_action_fill(struct action_table *t, enum config_policy p, int perm,
    int temp)
{
	int	i;

	t->check = 1;
	t->set = 0;
	for (i = 0; i < SPFR_COUNT; i++)
		t->act[i] = ACT_PREPEND;
	switch (p) {
	case POLICY_SPF_NOT_PASS:
		t->act[SPFR_NEUTRAL] = ACT_REJECT;
		/* FALLTHROUGH */
	case POLICY_SOFTFAIL:
		t->act[SPFR_SOFTFAIL] = ACT_REJECT;
		/* FALLTHROUGH */
	case POLICY_FAIL:
		t->act[SPFR_FAIL] = ACT_REJECT;
		break;
	case POLICY_NULL:
		/*
		 * Non-null senders: pypolicyd-spf never acts on HELO, so
		 * PermError_reject and TempError_Defer do not apply either;
		 * the null sender's table is built as for fail.
		 */
		return;
	case POLICY_FALSE:
		return;		/* PermError_reject, TempError_Defer ignored */
	case POLICY_NO_CHECK:
		t->check = 0;
		return;
	}
	if (perm)
		t->act[SPFR_PERMERROR] = ACT_REJECT;
	if (temp)
		t->act[SPFR_TEMPERROR] = ACT_DEFER;
}

/*
 * config_action_override - the items of helo_actions or
 * mail_from_actions over a derived table.  An unchecked identity stays
 * unchecked (config_apply() refuses items for one).
 */
static void
config_action_override(struct action_table *t, const struct strlist *l)
{
	enum spf_result		 r;
	enum policy_action	 a;
	char			*cause = NULL;
	size_t			 i;

	if (!t->check)
		return;
	for (i = 0; i < l->n; i++) {
		if (config_action_parse(l->v[i], &r, &a, &cause) == -1) {
			free(cause);	/* checked when set: not reached */
			cause = NULL;
			continue;
		}
		t->act[r] = a;
		t->set |= 1U << r;
	}
}

/*
 * config_derive - the fields computed from the settings.  The tables
 * are pypolicyd-spf's first; the native items then override single
 * results, so an imported file and a native one go through the same
 * tables and the same decide.c.
 */
static void
config_derive(struct config *cfg)
{
	int	perm = cfg->permerror_reject, temp = cfg->temperror_defer;

	config_action_fill(&cfg->helo_table, cfg->helo_reject, perm, temp);
	if (cfg->helo_reject == POLICY_NULL)
		config_action_fill(&cfg->helo_null_table, POLICY_FAIL, perm,
		    temp);
	else
		cfg->helo_null_table = cfg->helo_table;
	config_action_fill(&cfg->mailfrom_table, cfg->mail_from_reject, perm,
	    temp);
	config_action_fill(&cfg->notpass_table, POLICY_SPF_NOT_PASS, perm,
	    temp);
	config_action_override(&cfg->helo_table, &cfg->helo_actions);
	config_action_override(&cfg->helo_null_table, &cfg->helo_actions);
	config_action_override(&cfg->mailfrom_table, &cfg->mail_from_actions);

	memset(&cfg->prospective_addr, 0, sizeof(cfg->prospective_addr));
	if (cfg->prospective != NULL && cfg->prospective[0] != '\0' &&
	    ipaddr_parse(cfg->prospective, &cfg->prospective_addr) == -1)
		memset(&cfg->prospective_addr, 0,
		    sizeof(cfg->prospective_addr));
}

/* config_defaults - every option at its default, derived fields set */
void
config_defaults(struct config *cfg)
{
	const struct config_option	*o;
	struct config_value		 val;
	char				*cause = NULL;

	memset(cfg, 0, sizeof(*cfg));
	for (o = config_options; o->name != NULL; o++) {
		memset(&val, 0, sizeof(val));
		if (o->type == CONFIG_INT) {
			val.kind = CONFIG_V_INT;
			val.i = strtoll(o->def, NULL, 10);
		} else {
			val.kind = CONFIG_V_STRING;
			val.s = o->def;
		}
		if (config_set(cfg, o, &val, &cause) == -1)
			abort();	/* the table's default is broken */
	}
	config_derive(cfg);
}

/* config_free - release what the struct owns */
void
config_free(struct config *cfg)
{
	const struct config_option	*o;
	char				**s;

	for (o = config_options; o->name != NULL; o++) {
		switch (o->type) {
		case CONFIG_STRING:
		case CONFIG_IP:
			s = CONFIG_FIELD(cfg, o, char *);
			free(*s);
			*s = NULL;
			break;
		case CONFIG_ENUM:
			if (config_enum_field(o) == NULL) {
				s = CONFIG_FIELD(cfg, o, char *);
				free(*s);
				*s = NULL;
			}
			break;
		case CONFIG_STRLIST:
			strlist_free(CONFIG_FIELD(cfg, o, struct strlist));
			break;
		case CONFIG_CIDRLIST:
			cidr_list_free(CONFIG_FIELD(cfg, o, struct cidr_list));
			break;
		case CONFIG_BOOL:
		case CONFIG_INT:
			break;
		}
	}
}

/* config_value_of - a libconfig setting as a struct config_value */
static void
config_value_of(config_setting_t *s, struct config_value *val)
{
	config_setting_t	*e;
	int			 i, n;

	memset(val, 0, sizeof(*val));
	switch (config_setting_type(s)) {
	case CONFIG_TYPE_BOOL:
		val->kind = CONFIG_V_BOOL;
		val->i = config_setting_get_bool(s);
		break;
	case CONFIG_TYPE_INT:
	case CONFIG_TYPE_INT64:
		val->kind = CONFIG_V_INT;
		val->i = config_setting_get_int64(s);
		break;
	case CONFIG_TYPE_STRING:
		val->kind = CONFIG_V_STRING;
		val->s = config_setting_get_string(s);
		break;
	case CONFIG_TYPE_ARRAY:
	case CONFIG_TYPE_LIST:
		val->kind = CONFIG_V_LIST;
		n = config_setting_length(s);
		val->v = n > 0 ? xcalloc(n, sizeof(*val->v)) : NULL;
		for (i = 0; i < n; i++) {
			e = config_setting_get_elem(s, i);
			if (e != NULL &&
			    config_setting_type(e) == CONFIG_TYPE_STRING)
				val->v[i] = config_setting_get_string(e);
		}
		val->n = n;
		break;
	default:
		val->kind = CONFIG_V_FLOAT;
		break;
	}
}

/*
 * config_source - the file to name in a message: libconfig gives an
 * included file as written in @include, relative to dir (the main
 * file's directory), and no file at all for the main file.
 */
static char *
config_source(const char *file, const char *name, const char *dir)
{
	char	*s;

	if (file == NULL)
		return (xstrdup(name));
	if (file[0] == '/' || dir == NULL || strcmp(dir, ".") == 0)
		return (xstrdup(file));
	xasprintf(&s, "%s/%s", dir, file);
	return (s);
}

/* Where a setting was given: for "given twice" and the later checks. */
struct config_seen {
	int		 line;		/* 0: not given; -1: no line known */
	const char	*name;		/* as written (libconfig's) */
	char		*file;
};

/*
 * config_cross - the checks that involve several options, once the
 * whole file is set: actions for an identity that is not checked are
 * refused rather than silently dropped (a file converted from
 * pypolicyd-spf with HELO_reject = No_Check, then given helo_actions,
 * would otherwise look checked and be not).
 */
static void
config_cross(const struct config *cfg, const struct config_seen *seen,
    struct config_errors *e)
{
	static const struct {
		size_t		 actions, policy;
		const char	*identity, *option;
	} rules[] = {
		{ offsetof(struct config, helo_actions),
		    offsetof(struct config, helo_reject), "HELO",
		    "helo_reject" },
		{ offsetof(struct config, mail_from_actions),
		    offsetof(struct config, mail_from_reject), "MAIL FROM",
		    "mail_from_reject" },
	};
	const struct config_option	*o;
	const struct config_seen	*at;
	const struct strlist		*l;
	size_t				 i;

	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		for (o = config_options; o->name != NULL; o++)
			if (o->offset == rules[i].actions)
				break;
		if (o->name == NULL)
			abort();	/* the table lost the option */
		at = &seen[o - config_options];
		l = CONFIG_CFIELD(cfg, o, struct strlist);
		if (at->line == 0 || l->n == 0 ||
		    *(const enum config_policy *)(const void *)
		    ((const char *)cfg + rules[i].policy) != POLICY_NO_CHECK)
			continue;
		config_errors_add(e, at->file, at->line, "%s: %s is not "
		    "checked (%s = no_check): give %s another value or "
		    "remove %s", at->name, rules[i].identity,
		    rules[i].option, rules[i].option, at->name);
	}
}

/*
 * config_apply - set every top-level setting of lc on cfg, collecting
 * errors.  Names are matched without regard to case, native or alias;
 * two settings that name the same option are an error.
 */
static void
config_apply(struct config *cfg, config_t *lc, const char *name,
    const char *dir, struct config_errors *e)
{
	const struct config_option	*o;
	config_setting_t		*root, *s;
	struct config_value		 val;
	struct config_seen		*seen, *at;
	const char			*sname, *file;
	char				*cause, *where = NULL;
	size_t				 nopt, k;
	int				 i, n, line;

	for (nopt = 0; config_options[nopt].name != NULL; nopt++)
		;
	seen = xcalloc(nopt, sizeof(*seen));
	root = config_root_setting(lc);
	n = config_setting_length(root);
	for (i = 0; i < n; i++) {
		s = config_setting_get_elem(root, i);
		sname = config_setting_name(s);
		line = config_setting_source_line(s);
		free(where);
		where = config_source(config_setting_source_file(s), name, dir);
		file = where;
		if (config_setting_is_group(s)) {
			config_errors_add(e, file, line, "%s: groups are not "
			    "allowed (every setting is at the top level)",
			    sname);
			continue;
		}
		if ((o = config_find(sname)) == NULL) {
			cause = config_unknown(sname);
			config_errors_add(e, file, line, "%s: %s", sname,
			    cause);
			free(cause);
			continue;
		}
		at = &seen[o - config_options];
		if (at->line != 0) {
			config_errors_add(e, file, line, "%s: given twice "
			    "(first on line %d)", sname, at->line);
			continue;
		}
		at->line = line > 0 ? line : -1;
		at->name = sname;
		at->file = xstrdup(file);
		config_value_of(s, &val);
		cause = NULL;
		if (config_set(cfg, o, &val, &cause) == -1) {
			config_errors_add(e, file, line, "%s: %s", sname,
			    cause);
			free(cause);
		}
		free(val.v);
	}
	/* A refused value kept its default, which conflicts with nothing. */
	config_cross(cfg, seen, e);
	for (k = 0; k < nopt; k++)
		free(seen[k].file);
	free(where);
	free(seen);
}

/*
 * config_finish - apply a parsed (or failed) libconfig file to cfg.
 * The checks that involve several options run at the end of
 * config_apply(); the action tables are then derived from the settings
 * as they are.
 */
static int
config_finish(struct config *cfg, config_t *lc, int parsed,
    const char *name, const char *dir, struct config_errors *e,
    char **errors)
{
	struct config	 next;
	char		*file;

	config_defaults(&next);
	if (!parsed) {
		file = config_source(config_error_file(lc), name, dir);
		config_errors_add(e, file, config_error_line(lc), "%s",
		    config_error_text(lc) != NULL ? config_error_text(lc) :
		    "cannot parse");
		free(file);
	} else
		config_apply(&next, lc, name, dir, e);
	config_destroy(lc);

	config_free(cfg);
	if (e->len > 0) {
		config_free(&next);
		config_defaults(cfg);
		if (errors != NULL)
			*errors = e->text;
		else
			free(e->text);
		return (-1);
	}
	config_derive(&next);
	*cfg = next;
	if (errors != NULL)
		*errors = NULL;
	return (0);
}

/* config_load - read a libconfig file over the defaults */
int
config_load(struct config *cfg, const char *path, char **errors)
{
	struct config_errors	 e = { NULL, 0 };
	struct stat		 sb;
	config_t		 lc;
	FILE			*fp;
	char			*copy, *dir;
	int			 parsed, saved, rc;

	if ((fp = fopen(path, "r")) == NULL || (fstat(fileno(fp), &sb) == 0 &&
	    S_ISDIR(sb.st_mode))) {
		saved = fp == NULL ? errno : EISDIR;
		if (fp != NULL)
			fclose(fp);
		config_errors_add(&e, path, 0, "%s", strerror(saved));
		config_free(cfg);
		config_defaults(cfg);
		if (errors != NULL)
			*errors = e.text;
		else
			free(e.text);
		return (-1);
	}
	config_init(&lc);
	/* @include "x" is relative to the file's own directory. */
	copy = xstrdup(path);
	dir = dirname(copy);
	config_set_include_dir(&lc, dir);
	parsed = config_read(&lc, fp) == CONFIG_TRUE;
	fclose(fp);
	rc = config_finish(cfg, &lc, parsed, path, dir, &e, errors);
	free(copy);
	return (rc);
}

/* config_load_string - the same for text in memory */
int
config_load_string(struct config *cfg, const char *text, const char *name,
    char **errors)
{
	struct config_errors	 e = { NULL, 0 };
	config_t		 lc;
	int			 parsed;

	if (name == NULL)
		name = "(string)";
	config_init(&lc);
	parsed = config_read_string(&lc, text) == CONFIG_TRUE;
	return (config_finish(cfg, &lc, parsed, name, NULL, &e, errors));
}

/* config_quote - a libconfig string literal */
void
config_quote(FILE *fp, const char *s)
{
	fputc('"', fp);
	for (; *s != '\0'; s++) {
		unsigned char	c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(fp, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(fp, "\\x%02x", c);
		else
			fputc(c, fp);
	}
	fputc('"', fp);
}

/* config_write_cidr - one entry: the address, "/prefix" if not a host */
static void
config_write_cidr(FILE *fp, const struct cidr *c)
{
	char	buf[IPADDR_TEXT_MAX + 8];
	size_t	len;
	int	full = c->addr.af == AF_INET ? 32 : 128;

	ipaddr_format(&c->addr, buf, IPADDR_TEXT_MAX);
	len = strlen(buf);
	if (c->prefix != full)
		snprintf(buf + len, sizeof(buf) - len, "/%d", c->prefix);
	config_quote(fp, buf);
}

/* config_write_value - an option's value in the file's syntax */
static void
config_write_value(FILE *fp, const struct config *cfg,
    const struct config_option *o)
{
	const struct strlist	*l;
	const struct cidr_list	*cl;
	const char		*s;
	size_t			 i;

	switch (o->type) {
	case CONFIG_BOOL:
		fputs(*CONFIG_CFIELD(cfg, o, int) ? "true" : "false", fp);
		break;
	case CONFIG_INT:
		fprintf(fp, "%d", *CONFIG_CFIELD(cfg, o, int));
		break;
	case CONFIG_STRING:
	case CONFIG_IP:
		s = *CONFIG_CFIELD(cfg, o, char *);
		config_quote(fp, s != NULL ? s : "");
		break;
	case CONFIG_ENUM:
		config_quote(fp, config_enum_text(cfg, o));
		break;
	case CONFIG_STRLIST:
		l = CONFIG_CFIELD(cfg, o, struct strlist);
		fputc('[', fp);
		for (i = 0; i < l->n; i++) {
			if (i > 0)
				fputs(", ", fp);
			config_quote(fp, l->v[i]);
		}
		fputc(']', fp);
		break;
	case CONFIG_CIDRLIST:
		cl = CONFIG_CFIELD(cfg, o, struct cidr_list);
		fputc('[', fp);
		for (i = 0; i < cl->n; i++) {
			if (i > 0)
				fputs(", ", fp);
			config_write_cidr(fp, &cl->v[i]);
		}
		fputc(']', fp);
		break;
	}
}

/* config_type_text - "integer, 1 to 100 seconds" and the like */
static char *
config_type_text(const struct config_option *o)
{
	char	*s, *list;

	switch (o->type) {
	case CONFIG_BOOL:
		return (xstrdup("boolean"));
	case CONFIG_INT:
		xasprintf(&s, "integer, %lld to %lld%s%s", o->min, o->max,
		    o->unit != NULL ? " " : "", o->unit != NULL ? o->unit : "");
		return (s);
	case CONFIG_STRING:
		return (xstrdup("string"));
	case CONFIG_ENUM:
		list = config_choices_text(o->choices);
		xasprintf(&s, "one of %s", list);
		free(list);
		return (s);
	case CONFIG_STRLIST:
		if (o->check == config_check_action)
			return (xstrdup("list of result=action items"));
		return (xstrdup("list of strings"));
	case CONFIG_CIDRLIST:
		return (xstrdup("list of addresses and networks"));
	case CONFIG_IP:
		return (xstrdup("IP address, or empty"));
	}
	return (xstrdup("?"));
}

/* config_quoted - is p[at] inside "..." (never break a line there) */
static int
config_quoted(const char *p, size_t at)
{
	size_t	i;
	int	in = 0;

	for (i = 0; i < at; i++)
		if (p[i] == '"')
			in = !in;
	return (in);
}

/*
 * config_wrap - text in lines of at most width columns, each starting
 * with prefix; put writes the text of one line (escaping if needed).
 * Breaks at spaces outside double quotes; a word longer than a line
 * gets a line of its own.
 */
static void
config_wrap(FILE *fp, const char *prefix, const char *text, size_t width,
    void (*put)(FILE *, const char *, size_t))
{
	size_t		 room = width - strlen(prefix), len, cut, n;
	const char	*p = text;

	while (*p == ' ')
		p++;
	while (*p != '\0') {
		len = strlen(p);
		if (len <= room)
			cut = len;
		else {
			for (cut = room; cut > 0 && (p[cut] != ' ' ||
			    config_quoted(p, cut)); cut--)
				;
			if (cut == 0)
				for (cut = room; p[cut] != '\0' &&
				    p[cut] != ' '; cut++)
					;
		}
		for (n = cut; n > 0 && p[n - 1] == ' '; n--)
			;
		fputs(prefix, fp);
		put(fp, p, n);
		fputc('\n', fp);
		for (p += cut; *p == ' '; p++)
			;
	}
}

/* config_put_plain - a line of comment text as it is */
static void
config_put_plain(FILE *fp, const char *s, size_t n)
{
	fwrite(s, 1, n, fp);
}

/* config_put_man - a line of man(7) text: escape '\', '-', leading '.' */
static void
config_put_man(FILE *fp, const char *s, size_t n)
{
	size_t	i;

	if (n > 0 && (s[0] == '.' || s[0] == '\''))
		fputs("\\&", fp);
	for (i = 0; i < n; i++) {
		if (s[i] == '\\')
			fputs("\\e", fp);
		else if (s[i] == '-')
			fputs("\\-", fp);
		else
			fputc(s[i], fp);
	}
}

/* config_write_header - the head comment of etc/policyd-spf.conf */
static void
config_write_header(FILE *fp)
{
	static const char *const text[] = {
		"policyd-spf.conf - the configuration of policyd-spf(8), an "
		"SPF policy service for Postfix.  See policyd-spf.conf(5).",
		"",
		"The syntax is libconfig's: one \"name = value;\" line per "
		"option, strings in double quotes, booleans true or false, "
		"lists as [\"a\", \"b\"] or as one string of items "
		"separated by commas or spaces.  Each option below is shown "
		"with its default; a line that is removed gives the "
		"default too.  \"policyd-spf --config-test\" checks the file "
		"and prints the settings in effect, with the action that "
		"each SPF result leads to, or every error with its line.",
		"",
		"The option names of pypolicyd-spf (postfix-policyd-spf-"
		"python), shown below each option, are accepted as aliases, "
		"in any case, and so are values in any case.  To move a "
		"pypolicyd-spf configuration, convert it with "
		"\"policyd-spf --import-pypolicyd <file>\": it also reports "
		"every line that pypolicyd-spf was ignoring or misreading.",
		NULL
	};
	int	i;

	for (i = 0; text[i] != NULL; i++) {
		if (text[i][0] == '\0')
			fputs("#\n", fp);
		else
			config_wrap(fp, "# ", text[i], CONFIG_WRAP,
			    config_put_plain);
	}
}

/* config_write_tables - --config-test: the action tables as comments */
static void
config_write_tables(FILE *fp, const struct config *cfg)
{
	static const struct {
		const char	*name;
		size_t		 offset;
	} tables[] = {
		{ "helo", offsetof(struct config, helo_table) },
		{ "helo (null sender)", offsetof(struct config,
		    helo_null_table) },
		{ "mail_from", offsetof(struct config, mailfrom_table) },
		{ "reject_not_pass_domains", offsetof(struct config,
		    notpass_table) },
	};
	const struct action_table	*t;
	size_t				 i;
	int				 r, set = 0;
	enum spf_result			 res;

	fputs("# effective action tables\n", fp);
	for (i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		t = (const struct action_table *)(const void *)
		    ((const char *)cfg + tables[i].offset);
		fprintf(fp, "#   %s:", tables[i].name);
		if (!t->check) {
			fputs(" not checked\n", fp);
			continue;
		}
		for (r = 0; r < SPFR_COUNT; r++) {
			res = config_result_order[r];
			fprintf(fp, " %s=%s%s", spf_result_lower(res),
			    config_action_name(t->act[res]),
			    t->set & (1U << res) ? "*" : "");
		}
		fputc('\n', fp);
		set |= t->set != 0;
	}
	if (set)
		fputs("#   (*: set by helo_actions or mail_from_actions; the "
		    "rest follows from helo_reject, mail_from_reject, "
		    "permerror_reject and temperror_defer)\n", fp);
	if (cfg->no_mail)
		fputs("#   (no_mail: a Fail is rejected only when the record "
		    "is \"v=spf1 -all\")\n", fp);
	if (cfg->test_only && cfg->test_only_answer == TEST_ANSWER_WARN)
		fputs("#   (test_only, test_only_answer = warn: rejects and "
		    "defers are answered \"WARN would reject: <reply>\" or "
		    "\"WARN would defer: <reply>\" and logged as would-be)\n",
		    fp);
	else if (cfg->test_only)
		fputs("#   (test_only, test_only_answer = prepend: rejects, "
		    "defers and warns are answered with the header and logged "
		    "as would-be)\n", fp);
}

/* config_print - the configuration in its own syntax */
void
config_print(FILE *fp, const struct config *cfg, int comments)
{
	const struct config_option	*o;
	char				*type, *line;

	if (comments)
		config_write_header(fp);
	for (o = config_options; o->name != NULL; o++) {
		if (comments) {
			fputc('\n', fp);
			config_wrap(fp, "# ", o->doc, CONFIG_WRAP,
			    config_put_plain);
			type = config_type_text(o);
			xasprintf(&line, "Type: %s.", type);
			fputs("#\n", fp);
			config_wrap(fp, "# ", line, CONFIG_WRAP,
			    config_put_plain);
			free(line);
			free(type);
			if (o->alias != NULL)
				fprintf(fp, "# pypolicyd-spf name: %s.\n",
				    o->alias);
		}
		fprintf(fp, "%s = ", o->name);
		config_write_value(fp, cfg, o);
		fputs(";\n", fp);
	}
	if (!comments)
		config_write_tables(fp, cfg);
}

/* config_print_man - the OPTIONS of policyd-spf.conf(5) in man(7) */
void
config_print_man(FILE *fp)
{
	const struct config_option	*o;
	struct config			 def;
	const char			*p, *end;
	char				*text, *type, *s;
	size_t				 len;
	FILE				*mem;

	config_defaults(&def);
	for (o = config_options; o->name != NULL; o++) {
		/* The default exactly as the shipped file writes it. */
		text = NULL;
		len = 0;
		if ((mem = open_memstream(&text, &len)) == NULL)
			abort();
		config_write_value(mem, &def, o);
		fclose(mem);

		fputs(".TP\n\\fB", fp);
		config_put_man(fp, o->name, strlen(o->name));
		fputs("\\fR = \\fI", fp);
		config_put_man(fp, text, strlen(text));
		fputs("\\fR\n", fp);
		free(text);

		/* One sentence per source line, as man(7) prefers. */
		for (p = o->doc; *p != '\0'; p = end) {
			if ((end = strstr(p, ".  ")) != NULL)
				end++;
			else
				end = p + strlen(p);
			s = xstrndup(p, end - p);
			config_wrap(fp, "", s, CONFIG_WRAP, config_put_man);
			free(s);
			while (*end == ' ')
				end++;
		}
		fputs(".IP\n", fp);
		type = config_type_text(o);
		xasprintf(&s, "Type: %s.", type);
		config_wrap(fp, "", s, CONFIG_WRAP, config_put_man);
		free(s);
		free(type);
		if (o->alias != NULL) {
			fputs(".br\npypolicyd\\-spf name: \\fB", fp);
			config_put_man(fp, o->alias, strlen(o->alias));
			fputs("\\fR\n", fp);
		}
	}
	config_free(&def);
}
