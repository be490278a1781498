/*
 * NAME
 *	config_import 3 - convert a pypolicyd-spf configuration file
 * DESCRIPTION
 *	See config.h, config_import_pypolicyd().  The input is read the
 *	way pypolicyd-spf 3.0.4 reads it (policydspfsupp.py
 *	_readConfigFile): everything from the first "#" is dropped, the
 *	rest is stripped and split at every "="; a line with exactly two
 *	parts is "name = value" (both stripped), any other line is
 *	ignored.  Names are case-sensitive and a later line replaces an
 *	earlier one of the same name.
 *
 *	The output keeps what pypolicyd-spf actually did, not what the
 *	file may have meant: pypolicyd-spf compares most values as exact,
 *	case-sensitive strings ("True", "No", "Fail", ...) and silently
 *	falls back for anything else, so a file can say one thing and run
 *	another.  Changing that on conversion would change a running mail
 *	system without anyone asking, so each such line is converted to
 *	the behaviour pypolicyd-spf had and a warning says what was
 *	converted and how to get what the line seems to mean.  Where no
 *	native setting gives exactly pypolicyd-spf's behaviour the closest
 *	one that rejects no more mail is chosen, with a warning.
 *
 *	Every converted value is checked by config_load_string(); a value
 *	policyd-spf refuses is left out with a warning, so the output
 *	always loads.
 *
 *	Pure apart from reading in and writing out: no logging, no exit.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <sys/socket.h>

#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cidr.h"
#include "config.h"
#include "util.h"
#include "xmalloc.h"

/* How pypolicyd-spf reads a value, and what it becomes here. */
enum import_kind {
	IMPORT_INT,		/* int(); out of range is clamped */
	IMPORT_TESTONLY,	/* int(); 0 is test mode */
	IMPORT_HELO_POLICY,	/* exact Fail/Softfail/.../No_Check */
	IMPORT_MFROM_POLICY,
	IMPORT_TRUE,		/* true only for exactly "True" */
	IMPORT_NOT_NO,		/* false only for exactly "No" */
	IMPORT_HEADER,		/* substring tests for "SPF" and "AR" */
	IMPORT_STRING,
	IMPORT_CIDRS,		/* list scan stops at the first bad entry */
	IMPORT_DOMAINS,		/* split at ',' only, never trimmed */
	IMPORT_DEPRECATED,	/* defaultSeedOnly */
	IMPORT_MOCK,
	IMPORT_PER_USER,
	IMPORT_MILTER		/* pyspf-milter settings */
};

static const struct import_option {
	const char		*name;		/* pypolicyd-spf's spelling */
	const char		*native;	/* NULL: dropped */
	enum import_kind	 kind;
} import_options[] = {
	{ "debugLevel", "debug_level", IMPORT_INT },
	{ "TestOnly", "test_only", IMPORT_TESTONLY },
	{ "HELO_reject", "helo_reject", IMPORT_HELO_POLICY },
	{ "Mail_From_reject", "mail_from_reject", IMPORT_MFROM_POLICY },
	{ "PermError_reject", "permerror_reject", IMPORT_TRUE },
	{ "TempError_Defer", "temperror_defer", IMPORT_TRUE },
	{ "No_Mail", "no_mail", IMPORT_TRUE },
	{ "Reject_Not_Pass_Domains", "reject_not_pass_domains",
	    IMPORT_DOMAINS },
	{ "HELO_pass_restriction", "helo_pass_restriction", IMPORT_STRING },
	{ "Mail_From_pass_restriction", "mail_from_pass_restriction",
	    IMPORT_STRING },
	{ "Prospective", "prospective", IMPORT_STRING },
	{ "skip_addresses", "skip_addresses", IMPORT_CIDRS },
	{ "Whitelist", "whitelist", IMPORT_CIDRS },
	{ "HELO_Whitelist", "helo_whitelist", IMPORT_DOMAINS },
	{ "Domain_Whitelist", "domain_whitelist", IMPORT_DOMAINS },
	{ "Domain_Whitelist_PTR", "domain_whitelist_ptr", IMPORT_DOMAINS },
	{ "Whitelist_Lookup_Time", "whitelist_lookup_time", IMPORT_INT },
	{ "SPF_Enhanced_Status_Codes", "spf_enhanced_status_codes",
	    IMPORT_NOT_NO },
	{ "Header_Type", "header_type", IMPORT_HEADER },
	{ "Hide_Receiver", "hide_receiver", IMPORT_NOT_NO },
	{ "Authserv_Id", "authserv_id", IMPORT_STRING },
	{ "Reason_Message", "reason_message", IMPORT_STRING },
	{ "Lookup_Time", "lookup_time", IMPORT_INT },
	{ "Void_Limit", "void_limit", IMPORT_INT },
	{ "defaultSeedOnly", NULL, IMPORT_DEPRECATED },
	{ "Mock", NULL, IMPORT_MOCK },
	{ "Per_User", NULL, IMPORT_PER_USER },
	{ "Socket", NULL, IMPORT_MILTER },
	{ "PidFile", NULL, IMPORT_MILTER },
	{ "UserID", NULL, IMPORT_MILTER },
	{ "UMask", NULL, IMPORT_MILTER },
	{ "InternalHosts", NULL, IMPORT_MILTER },
	{ "IntHosts", NULL, IMPORT_MILTER },
	{ "MacroList", NULL, IMPORT_MILTER },
	{ "MacroListVerify", NULL, IMPORT_MILTER },
	{ NULL, NULL, IMPORT_STRING }
};

#define IMPORT_NOPTIONS	(sizeof(import_options) / sizeof(import_options[0]) - 1)

static const char *const import_helo_policies[] = {
	"Fail", "Softfail", "SPF_Not_Pass", "Null", "False", "No_Check", NULL
};

static const char *const import_mfrom_policies[] = {
	"Fail", "Softfail", "SPF_Not_Pass", "False", "No_Check", NULL
};

/* The last line of each pypolicyd-spf name. */
struct import_seen {
	int	 line;		/* 0: not given */
	char	*text;		/* the line as pypolicyd-spf split it */
	char	*value;
};

/* One converted setting, in native syntax. */
struct import_setting {
	int	 line;
	char	*source;	/* "line N: Name = value" */
	char	*text;		/* "name = value;" */
};

struct import_warning {
	int	 line;
	size_t	 seq;		/* keeps the order of equal lines */
	char	*text;
};

struct import_state {
	const char		*name;
	struct import_seen	 seen[IMPORT_NOPTIONS];
	struct import_setting	*set;		/* by native table index */
	size_t			 nnative;
	struct import_warning	*warn;
	size_t			 nwarn;
	struct config		 probe;		/* for config_load_string */
	int			 perm, temp;	/* as pypolicyd-spf read them */
};

/* import_warn - one warning about a line */
static void
import_warn(struct import_state *st, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
import_warn(struct import_state *st, int line, const char *fmt, ...)
{
	va_list	 ap;
	char	*text;

	va_start(ap, fmt);
	if (vasprintf(&text, fmt, ap) == -1)
		text = NULL;
	va_end(ap);
	if (text == NULL)
		text = xstrdup("out of memory");
	/* Values come from the file: no control characters in warnings. */
	str_printable(text, strlen(text) + 1, text, strlen(text));
	st->warn = xreallocarray(st->warn, st->nwarn + 1, sizeof(*st->warn));
	st->warn[st->nwarn].line = line;
	st->warn[st->nwarn].seq = st->nwarn;
	st->warn[st->nwarn].text = text;
	st->nwarn++;
}

/* import_warning_cmp - by line, then in the order they were made */
static int
import_warning_cmp(const void *a, const void *b)
{
	const struct import_warning	*x = a, *y = b;

	if (x->line != y->line)
		return (x->line < y->line ? -1 : 1);
	return (x->seq < y->seq ? -1 : x->seq > y->seq);
}

/* import_strip - Python's str.strip() for ASCII white space, in place */
static char *
import_strip(char *s)
{
	char	*end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		end--;
	*end = '\0';
	return (s);
}

/* import_printable - text safe for a comment or a warning line */
static char *
import_printable(const char *s)
{
	size_t	 len = strlen(s);
	char	*out = xmalloc(len + 1);

	str_printable(out, len + 1, s, len);
	return (out);
}

/*
 * import_pyint - Python's int() of a stripped string: a sign, digits,
 * single underscores between digits.  Saturates; returns -1 when
 * Python would raise ValueError.
 */
static int
import_pyint(const char *s, long long *out)
{
	long long	v = 0;
	int		neg = 0, digits = 0;

	if (*s == '+' || *s == '-')
		neg = *s++ == '-';
	for (; *s != '\0'; s++) {
		if (*s == '_' && digits > 0 && isdigit((unsigned char)s[1]))
			continue;
		if (!isdigit((unsigned char)*s))
			return (-1);
		digits++;
		if (v < LLONG_MAX / 10)
			v = v * 10 + (*s - '0');
	}
	if (digits == 0)
		return (-1);
	*out = neg ? -v : v;
	return (0);
}

/* import_native_index - the row of a native option in config_options */
static size_t
import_native_index(const char *native)
{
	size_t	i;

	for (i = 0; config_options[i].name != NULL; i++)
		if (strcmp(config_options[i].name, native) == 0)
			return (i);
	abort();		/* import_options[] names an unknown option */
}

/*
 * import_emit - keep "native = <value>;" for the output, after checking
 * that policyd-spf reads it; otherwise warn and leave it out.
 */
static void
import_emit(struct import_state *st, const struct import_option *io,
    const char *value)
{
	const struct import_seen	*sn = &st->seen[io - import_options];
	struct import_setting		*set;
	char				*text, *errors = NULL, *src, *why;
	const char			*reason;
	size_t				 idx = import_native_index(io->native);

	xasprintf(&text, "%s = %s;", io->native, value);
	if (config_load_string(&st->probe, text, "import", &errors) == -1) {
		/* "import:1: <native>: <reason>" */
		reason = errors;
		if ((why = strstr(errors, ": ")) != NULL &&
		    (why = strstr(why + 2, ": ")) != NULL)
			reason = why + 2;
		import_warn(st, sn->line, "%s: policyd-spf refuses the value: "
		    "%s; left out (%s keeps its default)", io->name, reason,
		    io->native);
		free(errors);
		free(text);
		return;
	}
	set = &st->set[idx];
	free(set->text);
	free(set->source);
	src = import_printable(sn->text);
	xasprintf(&set->source, "line %d: %s", sn->line, src);
	free(src);
	set->text = text;
	set->line = sn->line;
}

/* import_emit_string - emit a quoted string value */
static void
import_emit_string(struct import_state *st, const struct import_option *io,
    const char *s)
{
	char	*buf = NULL;
	size_t	 len = 0;
	FILE	*mem;

	if ((mem = open_memstream(&buf, &len)) == NULL)
		abort();
	config_quote(mem, s);
	fclose(mem);
	import_emit(st, io, buf);
	free(buf);
}

/* import_int - debugLevel, Lookup_Time, Whitelist_Lookup_Time, Void_Limit */
static void
import_int(struct import_state *st, const struct import_option *io,
    const struct import_seen *sn)
{
	const struct config_option	*o;
	long long			 v, c;
	char				 buf[32];

	o = &config_options[import_native_index(io->native)];
	if (import_pyint(sn->value, &v) == -1) {
		import_warn(st, sn->line, "%s: '%s' is not an integer: "
		    "pypolicyd-spf exits at startup on this line; left out "
		    "(%s keeps its default)", io->name, sn->value, io->native);
		return;
	}
	c = v < o->min ? o->min : v > o->max ? o->max : v;
	/* debugLevel only ever compares >= N: beyond -1..5 is the same. */
	if (c != v && strcmp(io->native, "debug_level") != 0)
		import_warn(st, sn->line, "%s: %lld is outside %lld to %lld; "
		    "converted as %lld", io->name, v, o->min, o->max, c);
	snprintf(buf, sizeof(buf), "%lld", c);
	import_emit(st, io, buf);
}

/* import_testonly - TestOnly = 0 is test mode, any other int enforces */
static void
import_testonly(struct import_state *st, const struct import_option *io,
    const struct import_seen *sn)
{
	long long	v;

	if (import_pyint(sn->value, &v) == -1) {
		import_warn(st, sn->line, "%s: '%s' is not an integer: "
		    "pypolicyd-spf exits at startup on this line; left out "
		    "(test_only keeps its default, false: enforcing)",
		    io->name, sn->value);
		return;
	}
	import_emit(st, io, v == 0 ? "true" : "false");
}

/* import_policy - HELO_reject and Mail_From_reject */
static void
import_policy(struct import_state *st, const struct import_option *io,
    const struct import_seen *sn)
{
	const char *const	*names = io->kind == IMPORT_HELO_POLICY ?
	    import_helo_policies : import_mfrom_policies;
	const char		*scope = io->kind == IMPORT_HELO_POLICY ?
	    "HELO" : "MAIL FROM", *lost;
	char			*lower, *quoted, *list = NULL, *t;
	int			 i;

	for (i = 0; names[i] != NULL; i++)
		if (strcmp(sn->value, names[i]) == 0)
			break;
	if (names[i] != NULL) {
		/*
		 * pypolicyd-spf answers DUNNO for HELO under Null whenever
		 * the sender is not <>, so its PermError_reject and
		 * TempError_Defer reach HELO only for bounces; native null
		 * applies them to every sender.  No native value does
		 * exactly that: keep null, and say so.
		 */
		if (strcmp(names[i], "Null") == 0 && (st->perm || st->temp))
			import_warn(st, sn->line, "%s: with Null, "
			    "pypolicyd-spf applied %s to HELO only for the "
			    "null sender; policyd-spf's null applies it to "
			    "every sender", io->name, st->perm && st->temp ?
			    "PermError_reject and TempError_Defer" : st->perm ?
			    "PermError_reject" : "TempError_Defer");
		lower = xstrdup(names[i]);
		str_lower(lower);
		xasprintf(&quoted, "\"%s\"", lower);
		import_emit(st, io, quoted);
		free(quoted);
		free(lower);
		return;
	}

	/*
	 * pypolicyd-spf matches no policy: nothing is rejected for this
	 * identity, but PermError_reject and TempError_Defer still apply.
	 * "false" rejects nothing either and drops those two as well,
	 * which never rejects more mail than before.
	 */
	for (i = 0; names[i] != NULL; i++) {
		xasprintf(&t, "%s%s%s", list != NULL ? list : "",
		    list != NULL ? ", " : "", names[i]);
		free(list);
		list = t;
	}
	if (st->perm && st->temp)
		lost = "PermError_reject = True and TempError_Defer = True";
	else if (st->perm)
		lost = "PermError_reject = True";
	else if (st->temp)
		lost = "TempError_Defer = True";
	else
		lost = NULL;
	if (lost != NULL)
		import_warn(st, sn->line, "%s: pypolicyd-spf knows only %s, "
		    "spelt exactly so; with '%s' it never rejected on %s; "
		    "converted as false, which also stops %s from applying "
		    "to %s (pypolicyd-spf still applied it)", io->name, list,
		    sn->value, scope, lost, scope);
	else
		import_warn(st, sn->line, "%s: pypolicyd-spf knows only %s, "
		    "spelt exactly so; with '%s' it never rejected on %s; "
		    "converted as false", io->name, list, sn->value, scope);
	free(list);
	import_emit(st, io, "\"false\"");
}

/* import_bool - "True"-only and "No"-only values */
static void
import_bool(struct import_state *st, const struct import_option *io,
    const struct import_seen *sn)
{
	int		 actual, meant = config_bool_word(sn->value);
	const char	*rule, *as;

	if (io->kind == IMPORT_TRUE) {
		actual = strcmp(sn->value, "True") == 0;
		rule = "only exactly 'True' is true";
		as = actual ? "True" : "False";
	} else {
		actual = strcmp(sn->value, "No") != 0;
		rule = "only exactly 'No' is no";
		as = actual ? "Yes" : "No";
	}
	if (meant == -1)
		import_warn(st, sn->line, "%s: '%s' is not a boolean: "
		    "pypolicyd-spf treats it as %s (%s); converted as %s",
		    io->name, sn->value, as, rule, actual ? "true" : "false");
	else if (meant != actual)
		import_warn(st, sn->line, "%s: pypolicyd-spf treats '%s' as "
		    "%s (%s); converted as %s: write %s = %s for what the "
		    "line says", io->name, sn->value, as, rule,
		    actual ? "true" : "false", io->native,
		    meant ? "true" : "false");
	import_emit(st, io, actual ? "true" : "false");
}

/* import_header - Header_Type: substring tests, "None" exactly */
static void
import_header(struct import_state *st, const struct import_option *io,
    const struct import_seen *sn)
{
	const char	*v = sn->value, *as;
	int		 spf = strstr(v, "SPF") != NULL;
	int		 ar = strstr(v, "AR") != NULL;

	if (strcmp(v, "None") != 0 && spf && ar) {
		import_warn(st, sn->line, "%s: '%s' contains both SPF and AR: "
		    "pypolicyd-spf fails on every message it checks; left out "
		    "(header_type keeps its default, spf)", io->name, v);
		return;
	}
	as = strcmp(v, "None") == 0 ? "none" : ar ? "ar" : "spf";
	if (strcmp(v, "SPF") != 0 && strcmp(v, "AR") != 0 &&
	    strcmp(v, "None") != 0)
		import_warn(st, sn->line, "%s: pypolicyd-spf reads '%s' as %s "
		    "(it looks for 'SPF' and 'AR' in the value and for exactly "
		    "'None'); converted as %s", io->name, v,
		    strcmp(as, "none") == 0 ? "None" : ar ? "AR" : "SPF", as);
	if (strcmp(as, "spf") == 0)
		import_emit(st, io, "\"spf\"");
	else if (strcmp(as, "ar") == 0)
		import_emit(st, io, "\"ar\"");
	else
		import_emit(st, io, "\"none\"");
}

/* import_reason - Reason_Message: warn about fields str.format lacks */
static void
import_reason(struct import_state *st, const struct import_option *io,
    const struct import_seen *sn)
{
	const char	*p, *end;
	char		*field;

	for (p = sn->value; (p = strchr(p, '{')) != NULL; p = end) {
		if ((end = strchr(p, '}')) == NULL)
			break;
		field = xstrndup(p + 1, end - p - 1);
		if (strcmp(field, "rejectdefer") != 0 &&
		    strcmp(field, "spf") != 0 && strcmp(field, "url") != 0)
			import_warn(st, sn->line, "%s: pypolicyd-spf fails on "
			    "{%s} whenever it rejects or defers (only "
			    "{rejectdefer}, {spf} and {url} exist); "
			    "policyd-spf keeps it as text", io->name, field);
		free(field);
	}
	import_emit_string(st, io, sn->value);
}

/* import_has_space - any white space in s */
static int
import_has_space(const char *s)
{
	for (; *s != '\0'; s++)
		if (isspace((unsigned char)*s))
			return (1);
	return (0);
}

/* import_host_bits - ipaddress.ip_network() refuses set host bits */
static int
import_host_bits(const char *entry)
{
	struct ipaddr	 a;
	struct cidr	 c;
	const char	*why, *slash;
	char		*addr;
	int		 bits;

	if (cidr_parse(entry, &c, &why) == -1)
		return (0);
	slash = strchr(entry, '/');
	addr = xstrndup(entry, slash != NULL ? (size_t)(slash - entry) :
	    strlen(entry));
	bits = ipaddr_parse(addr, &a) == 0 &&
	    memcmp(a.a, c.addr.a, sizeof(a.a)) != 0;
	free(addr);
	return (bits);
}

/*
 * import_cidrs - skip_addresses, Whitelist.  pypolicyd-spf splits at
 * every ',' without trimming and scans the entries for each message;
 * the first one that ipaddress refuses stops the scan (logged as
 * "Aborting whitelist processing"), so later entries never counted.
 */
static void
import_cidrs(struct import_state *st, const struct import_option *io,
    const struct import_seen *sn)
{
	struct cidr	 c;
	const char	*why = NULL, *p, *comma;
	char		*entry, *rest, *buf = NULL, *shown;
	size_t		 len = 0, n = 0;
	FILE		*mem;

	if ((mem = open_memstream(&buf, &len)) == NULL)
		abort();
	fputc('[', mem);
	/* An empty value is no list at all, not one empty entry. */
	for (p = sn->value; *sn->value != '\0'; p = comma + 1) {
		comma = strchr(p, ',');
		entry = xstrndup(p, comma != NULL ? (size_t)(comma - p) :
		    strlen(p));
		if (*entry == '\0')
			why = "empty entry";
		else if (import_has_space(entry))
			why = "white space in the entry";
		else if (cidr_parse(entry, &c, &why) == 0 &&
		    import_host_bits(entry))
			why = "host bits set beyond the prefix";
		if (why != NULL) {
			shown = import_printable(entry);
			rest = comma != NULL ? import_printable(comma + 1) :
			    NULL;
			import_warn(st, sn->line, "%s: '%s': %s: pypolicyd-spf "
			    "stops reading the list there (and logs an error "
			    "for each message); converted without it%s%s%s",
			    io->name, shown, why, rest != NULL ?
			    " and what follows it ('" : "", rest != NULL ?
			    rest : "", rest != NULL ? "')" : "");
			free(rest);
			free(shown);
			free(entry);
			break;
		}
		if (n++ > 0)
			fputs(", ", mem);
		config_quote(mem, entry);
		free(entry);
		if (comma == NULL)
			break;
	}
	fputc(']', mem);
	fclose(mem);
	import_emit(st, io, buf);
	free(buf);
}

/*
 * import_domains - Reject_Not_Pass_Domains and the domain whitelists.
 * pypolicyd-spf splits at ',' without trimming, so an entry with white
 * space in it never matched a domain; HELO_Whitelist compares with the
 * lowercased HELO name, so an entry with capitals never matched either.
 */
static void
import_domains(struct import_state *st, const struct import_option *io,
    const struct import_seen *sn)
{
	const char	*p, *comma, *e;
	char		*entry, *buf = NULL, *shown;
	size_t		 len = 0, n = 0;
	int		 upper;
	FILE		*mem;

	if ((mem = open_memstream(&buf, &len)) == NULL)
		abort();
	fputc('[', mem);
	/* An empty value is no list at all, not one empty entry. */
	for (p = sn->value; *sn->value != '\0'; p = comma + 1) {
		comma = strchr(p, ',');
		entry = xstrndup(p, comma != NULL ? (size_t)(comma - p) :
		    strlen(p));
		for (upper = 0, e = entry; *e != '\0'; e++)
			if (isupper((unsigned char)*e))
				upper = 1;
		shown = import_printable(entry);
		if (*entry == '\0')
			;		/* matched nothing; nothing to say */
		else if (import_has_space(entry))
			import_warn(st, sn->line, "%s: pypolicyd-spf keeps the "
			    "white space in '%s' and never matched it; left "
			    "out (add it without spaces if it is wanted)",
			    io->name, shown);
		else if (upper && strcmp(io->native, "helo_whitelist") == 0)
			import_warn(st, sn->line, "%s: pypolicyd-spf compares "
			    "'%s' with the lowercased HELO name and never "
			    "matched it; left out (policyd-spf ignores case: "
			    "add it if it is wanted)", io->name, shown);
		else if (entry[0] == '.' &&
		    strcmp(io->native, "domain_whitelist_ptr") == 0) {
			import_warn(st, sn->line, "%s: '%s' converted as '%s', "
			    "which also matches the name %s itself "
			    "(policyd-spf matches a domain and its "
			    "subdomains)", io->name, shown, shown + 1,
			    shown + 1);
			if (n++ > 0)
				fputs(", ", mem);
			config_quote(mem, entry + 1);
		} else {
			if (n++ > 0)
				fputs(", ", mem);
			config_quote(mem, entry);
		}
		free(shown);
		free(entry);
		if (comma == NULL)
			break;
	}
	fputc(']', mem);
	fclose(mem);
	if (n > 0 && strcmp(io->native, "reject_not_pass_domains") == 0)
		import_warn(st, sn->line, "%s: policyd-spf also applies it to "
		    "subdomains of the listed domains, which pypolicyd-spf "
		    "did not (it compared the other way round)", io->name);
	if (n > 0 && strcmp(io->native, "domain_whitelist_ptr") == 0)
		import_warn(st, sn->line, "%s: policyd-spf matches a PTR name "
		    "that equals a listed domain or ends in '.' and the "
		    "domain; pypolicyd-spf's plain suffix match also took "
		    "e.g. badexample.com for example.com", io->name);
	import_emit(st, io, buf);
	free(buf);
}

/* import_dropped - settings that have no native counterpart */
static void
import_dropped(struct import_state *st, const struct import_option *io,
    const struct import_seen *sn)
{
	long long	v;

	switch (io->kind) {
	case IMPORT_DEPRECATED:
		if (import_pyint(sn->value, &v) == -1)
			import_warn(st, sn->line, "%s: deprecated, and '%s' is "
			    "not an integer: pypolicyd-spf exits at startup "
			    "on this line; dropped", io->name, sn->value);
		else
			import_warn(st, sn->line, "%s: deprecated and without "
			    "effect (pypolicyd-spf logs a warning for each "
			    "message); dropped", io->name);
		break;
	case IMPORT_MOCK:
		if (sn->value[0] != '\0')
			import_warn(st, sn->line, "%s: not supported; "
			    "pypolicyd-spf takes any non-empty value, '%s' "
			    "too, as true and answered every request with "
			    "DUNNO without checking SPF; dropped: policyd-spf "
			    "will check SPF", io->name, sn->value);
		else
			import_warn(st, sn->line, "%s: not supported (empty is "
			    "off in pypolicyd-spf too); dropped", io->name);
		break;
	case IMPORT_PER_USER:
		import_warn(st, sn->line, "%s: per-user settings are not "
		    "supported; dropped: the global settings apply to every "
		    "recipient", io->name);
		break;
	default:
		import_warn(st, sn->line, "%s: a pyspf-milter setting, not "
		    "used by the policy server; dropped", io->name);
		break;
	}
}

/* import_unknown - a name pypolicyd-spf does not know */
static void
import_unknown(struct import_state *st, int line, const char *name)
{
	const struct import_option	*io;
	char				*shown = import_printable(name);

	for (io = import_options; io->name != NULL; io++)
		if (strcasecmp(io->name, name) == 0)
			break;
	if (strcmp(name, "QueueID") == 0)
		import_warn(st, line, "unknown name '%s': pypolicyd-spf "
		    "ignores it (it always logs the queue id); dropped", shown);
	else if (io->name != NULL)
		import_warn(st, line, "unknown name '%s': pypolicyd-spf names "
		    "are case-sensitive and it ignores this line (%s was "
		    "meant?); dropped", shown, io->name);
	else
		import_warn(st, line, "unknown name '%s': pypolicyd-spf "
		    "ignores it; dropped", shown);
	free(shown);
}

/* import_read - read in as pypolicyd-spf does; 0, or -1 on read error */
static int
import_read(struct import_state *st, FILE *in)
{
	const struct import_option	*io;
	struct import_seen		*sn;
	char				*buf = NULL, *line, *eq, *name, *value;
	size_t				 size = 0;
	ssize_t				 len;
	int				 lineno = 0;

	while ((len = getline(&buf, &size, in)) != -1) {
		lineno++;
		if ((eq = strchr(buf, '#')) != NULL)
			*eq = '\0';
		line = import_strip(buf);
		if (*line == '\0')
			continue;
		if ((eq = strchr(line, '=')) == NULL ||
		    strchr(eq + 1, '=') != NULL) {
			import_warn(st, lineno, "cannot parse line "
			    "(pypolicyd-spf ignores it)");
			continue;
		}
		*eq = '\0';
		name = import_strip(line);
		value = import_strip(eq + 1);
		for (io = import_options; io->name != NULL; io++)
			if (strcmp(io->name, name) == 0)
				break;
		if (io->name == NULL) {
			import_unknown(st, lineno, name);
			continue;
		}
		sn = &st->seen[io - import_options];
		if (sn->line != 0)
			import_warn(st, lineno, "%s: given again; "
			    "pypolicyd-spf uses this line and ignores line %d",
			    io->name, sn->line);
		free(sn->text);
		free(sn->value);
		sn->line = lineno;
		xasprintf(&sn->text, "%s = %s", name, value);
		sn->value = xstrdup(value);
	}
	free(buf);
	return (ferror(in) ? -1 : 0);
}

/* import_convert - every name given, in pypolicyd-spf's meaning */
static void
import_convert(struct import_state *st)
{
	const struct import_option	*io;
	const struct import_seen	*sn;
	size_t				 i;

	/* The policies' warnings depend on these two. */
	for (i = 0; i < IMPORT_NOPTIONS; i++) {
		io = &import_options[i];
		sn = &st->seen[i];
		if (sn->line != 0 && strcmp(io->name, "PermError_reject") == 0)
			st->perm = strcmp(sn->value, "True") == 0;
		if (sn->line != 0 && strcmp(io->name, "TempError_Defer") == 0)
			st->temp = strcmp(sn->value, "True") == 0;
	}
	for (i = 0; i < IMPORT_NOPTIONS; i++) {
		io = &import_options[i];
		sn = &st->seen[i];
		if (sn->line == 0)
			continue;
		switch (io->kind) {
		case IMPORT_INT:
			import_int(st, io, sn);
			break;
		case IMPORT_TESTONLY:
			import_testonly(st, io, sn);
			break;
		case IMPORT_HELO_POLICY:
		case IMPORT_MFROM_POLICY:
			import_policy(st, io, sn);
			break;
		case IMPORT_TRUE:
		case IMPORT_NOT_NO:
			import_bool(st, io, sn);
			break;
		case IMPORT_HEADER:
			import_header(st, io, sn);
			break;
		case IMPORT_STRING:
			if (strcmp(io->native, "reason_message") == 0)
				import_reason(st, io, sn);
			else
				import_emit_string(st, io, sn->value);
			break;
		case IMPORT_CIDRS:
			import_cidrs(st, io, sn);
			break;
		case IMPORT_DOMAINS:
			import_domains(st, io, sn);
			break;
		case IMPORT_DEPRECATED:
		case IMPORT_MOCK:
		case IMPORT_PER_USER:
		case IMPORT_MILTER:
			import_dropped(st, io, sn);
			break;
		}
	}
}

/* import_write - the converted file */
static void
import_write(struct import_state *st, FILE *out)
{
	static const char *const head =
	    "#\n"
	    "# policyd-spf.conf in libconfig syntax, see "
	    "policyd-spf.conf(5).\n"
	    "#\n"
	    "# Each setting keeps what pypolicyd-spf actually did with the "
	    "line\n"
	    "# quoted above it, which is not always what the line says:\n"
	    "# pypolicyd-spf compares names and most values "
	    "case-sensitively and\n"
	    "# silently ignores or misreads the rest (TempError_Defer = "
	    "true is\n"
	    "# False there, so it becomes temperror_defer = false here).  "
	    "That\n"
	    "# way the conversion does not change how a running mail "
	    "system\n"
	    "# treats mail; every such line was reported as a warning by\n"
	    "# --import-pypolicyd: edit the value here to get what the "
	    "line\n"
	    "# meant.  Lines that pypolicyd-spf ignored and settings "
	    "without an\n"
	    "# equivalent here (Mock, Per_User, the milter's) are left "
	    "out.\n"
	    "# Options not set here have policyd-spf's defaults.  Check "
	    "the\n"
	    "# result with policyd-spf --config-test.\n";
	size_t	 i;
	char	*shown = import_printable(st->name);

	fprintf(out, "# converted from %s by policyd-spf --import-pypolicyd\n",
	    shown);
	free(shown);
	fputs(head, out);
	for (i = 0; i < st->nnative; i++) {
		if (strcmp(config_options[i].name,
		    "skip_sasl_authenticated") == 0) {
			fputs("\n# pypolicyd-spf checks SASL-authenticated "
			    "clients too; policyd-spf\n# skips them unless "
			    "this is false.\nskip_sasl_authenticated = "
			    "false;\n", out);
			continue;
		}
		if (st->set[i].text == NULL)
			continue;
		fprintf(out, "\n# %s\n%s\n", st->set[i].source,
		    st->set[i].text);
	}
}

/* config_import_pypolicyd - convert a pypolicyd-spf file */
int
config_import_pypolicyd(FILE *in, const char *name, FILE *out,
    char **warnings)
{
	struct import_state	 st;
	char			*text = NULL, *t;
	size_t			 i;
	int			 rc;

	memset(&st, 0, sizeof(st));
	st.name = name != NULL ? name : "(input)";
	for (st.nnative = 0; config_options[st.nnative].name != NULL;
	    st.nnative++)
		;
	st.set = xcalloc(st.nnative, sizeof(*st.set));
	config_defaults(&st.probe);

	if ((rc = import_read(&st, in)) == 0) {
		import_convert(&st);
		import_write(&st, out);
	}

	if (st.nwarn > 0)
		qsort(st.warn, st.nwarn, sizeof(*st.warn),
		    import_warning_cmp);
	for (i = 0; i < st.nwarn; i++) {
		xasprintf(&t, "%s%s%s:%d: %s", text != NULL ? text : "",
		    text != NULL ? "\n" : "", st.name, st.warn[i].line,
		    st.warn[i].text);
		free(text);
		text = t;
		free(st.warn[i].text);
	}
	free(st.warn);
	if (warnings != NULL)
		*warnings = text;
	else
		free(text);

	for (i = 0; i < IMPORT_NOPTIONS; i++) {
		free(st.seen[i].text);
		free(st.seen[i].value);
	}
	for (i = 0; i < st.nnative; i++) {
		free(st.set[i].text);
		free(st.set[i].source);
	}
	free(st.set);
	config_free(&st.probe);
	return (rc);
}
