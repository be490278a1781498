/*
 * NAME
 *	config 3h - the configuration: option table, reader, emitters
 * SYNOPSIS
 *	#include "config.h"
 *
 *	void	 config_defaults(struct config *cfg);
 *	int	 config_load(struct config *cfg, const char *path, char **errors);
 *	int	 config_load_string(struct config *cfg, const char *text,
 *		    const char *name, char **errors);
 *	void	 config_free(struct config *cfg);
 *	void	 config_print(FILE *fp, const struct config *cfg, int comments);
 *	void	 config_print_man(FILE *fp);
 *	void	 config_quote(FILE *fp, const char *s);
 *	int	 config_bool_word(const char *s);
 *	int	 config_import_pypolicyd(FILE *in, const char *name, FILE *out,
 *		    char **warnings);
 *	const char *config_policy_name(enum config_policy p);
 *
 *	extern const struct config_option config_options[];
 * DESCRIPTION
 *	config_options[] (config_table.c) is the master copy of every
 *	option: native name, pypolicyd-spf alias, type, default (as the
 *	text a user would write), bounds or choices, and a one-paragraph
 *	doc string.  It drives everything else here: defaults, the reader,
 *	the checks, --config-test, etc/policyd-spf.conf and the OPTIONS
 *	section of policyd-spf.conf(5).  Adding an option is one row plus
 *	its field in struct config.
 *
 *	config_defaults() fills cfg from the table's defaults (it parses
 *	the default text with the same code that parses user input) and
 *	derives the action tables.
 *
 *	config_load() reads a libconfig(3) file: settings at the top level,
 *	"name = value;".  Names match the native name or the alias, case
 *	insensitively.  Values: bool options take a libconfig boolean,
 *	0/1, or one of the strings yes/no/true/false/on/off; enum options a
 *	string from the choices; int options an integer in range; list
 *	options a list or array of strings, or one string of comma-separated
 *	items; string options a string.  Enum and bool strings are case
 *	insensitive.  Unknown settings, a value of the wrong type, out of
 *	range or not among the choices, a bad CIDR or IP, a setting given
 *	twice, and helo_actions or mail_from_actions items for an identity
 *	that is not checked (no_check) are errors.  Every error is
 *	collected and then reported in
 *	*errors (allocated; the caller frees), one per line, as
 *	"<file>:<line>: <option>: <reason>" (syntax errors from libconfig as
 *	"<file>:<line>: <libconfig message>"; a missing file as
 *	"<file>: <strerror>"; lines are separated by "\n", with none after
 *	the last).  On error it returns -1 and cfg holds the defaults.  On
 *	success it returns 0, *errors is NULL, cfg holds the defaults overlaid
 *	by the file, and the derived fields are set.  cfg must have been
 *	filled by config_defaults() (config_load() frees what it replaces).
 *	config_load_string() is the same for text in memory (name is used in
 *	messages).
 *
 *	Action tables (the derived helo_table, helo_null_table,
 *	mailfrom_table and notpass_table, which decide.c reads and nothing
 *	else): first built from pypolicyd-spf's HELO_reject,
 *	Mail_From_reject, PermError_reject and TempError_Defer exactly as
 *	pypolicyd-spf decides; then each "result=action" item of
 *	helo_actions replaces that result's action in helo_table and
 *	helo_null_table, and each item of mail_from_actions in
 *	mailfrom_table.  notpass_table (Reject_Not_Pass_Domains) keeps its
 *	own derivation: spf_not_pass with PermError_reject and
 *	TempError_Defer.  config_check_action() takes one item (result and
 *	action in any case, lowercased in place: "<item>: unknown result
 *	(pass, fail, ...)", "<item>: unknown action (reject, ...)",
 *	"<item>: must be result=action, as in fail=reject");
 *	config_check_action_list() refuses a result given twice
 *	("<item>: <result> given twice").
 *
 *	config_free() frees what the struct owns (lists, strings).
 *
 *	config_print() prints cfg in the file's own syntax, one setting
 *	per line, every option of the table in table order.  With comments
 *	the doc string of each option is printed above it as "# " lines,
 *	with a file header; that output with config_defaults() is
 *	etc/policyd-spf.conf.  Without comments it is what --config-test
 *	prints (the effective configuration), followed by the effective
 *	action tables as comment lines.
 *
 *	config_print_man() prints the OPTIONS part of policyd-spf.conf(5)
 *	in man(7) markup: for each option ".TP", "\fBname\fR = \fIdefault\fR",
 *	the doc string, and the alias if any.
 *
 *	config_quote() prints s as a libconfig string literal ('"' and '\\'
 *	escaped, other bytes outside printable ASCII as \xNN).
 *
 *	config_bool_word() is 1 for yes, true, on and 1, 0 for no, false,
 *	off and 0 (any case), -1 for anything else.
 *
 *	config_import_pypolicyd() reads a pypolicyd-spf configuration
 *	(name = value lines, "#" comments, as pypolicyd-spf's parser reads
 *	it, see anchors) and writes the equivalent libconfig file to out.
 *	Every line pypolicyd-spf would have ignored or misread is reported
 *	in *warnings (allocated; one "<name>:<line>: <what>" per line):
 *	unknown names, case mismatches that pypolicyd-spf silently ignores
 *	(TempError_Defer = true, HELO_reject = fail), lines it cannot parse
 *	(a value containing "="), Mock, Per_User and the milter-only
 *	settings (not supported: dropped), defaultSeedOnly (deprecated).
 *	TestOnly = 0 becomes test_only = true (pypolicyd-spf's TestOnly is
 *	the reverse of its name).  *warnings is NULL when there is nothing
 *	to say.  Returns 0, or -1 when in cannot be read.
 * THREADS
 *	The main thread loads; a loaded config is read-only and may be
 *	shared by every thread.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#ifndef CONFIG_H
#define CONFIG_H

#include <stdio.h>

#include "cidr.h"
#include "result.h"
#include "util.h"

/* What a result leads to. */
enum policy_action {
	ACT_ACCEPT = 0,		/* no header, DUNNO (HELO: go on to MAIL FROM) */
	ACT_PREPEND,		/* the Received-SPF / A-R header */
	ACT_WARN,		/* action=WARN <text>: logged by Postfix */
	ACT_DEFER,		/* defer_if_permit 4.7.24 */
	ACT_REJECT		/* 550 5.7.23 (fail) or 5.7.24 (errors) */
};

/* pypolicyd-spf's HELO_reject / Mail_From_reject values. */
enum config_policy {
	POLICY_FAIL = 0,
	POLICY_SOFTFAIL,
	POLICY_SPF_NOT_PASS,
	POLICY_NULL,		/* HELO only */
	POLICY_FALSE,
	POLICY_NO_CHECK
};

enum header_type {
	HEADER_SPF = 0,		/* Received-SPF */
	HEADER_AR,		/* Authentication-Results */
	HEADER_NONE
};

/* What test_only answers instead of a reject or defer. */
enum test_only_answer {
	TEST_ANSWER_PREPEND = 0,	/* the header, as when accepted */
	TEST_ANSWER_WARN		/* "WARN would reject: <reply>" */
};

/*
 * The action table of one identity: one action per result.  check is
 * false when the identity is not checked at all (No_Check).  Bit r of
 * set is on when act[r] was given by helo_actions or mail_from_actions
 * rather than derived from the pypolicyd-spf options (for
 * --config-test).
 */
struct action_table {
	int			check;
	enum policy_action	act[SPFR_COUNT];
	unsigned		set;
};

struct config {
	/* Logging. */
	int		 debug_level;
	char		*log_target;		/* "syslog", "stderr", path */
	char		*syslog_facility;

	/* Decisions (pypolicyd-spf semantics, then the native tables). */
	int		 test_only;
	enum test_only_answer test_only_answer;
	enum config_policy helo_reject;
	enum config_policy mail_from_reject;
	int		 permerror_reject;
	int		 temperror_defer;
	struct strlist	 helo_actions;		/* "result=action" items */
	struct strlist	 mail_from_actions;
	int		 no_mail;
	struct strlist	 reject_not_pass_domains;
	char		*helo_pass_restriction;
	char		*mail_from_pass_restriction;
	char		*prospective;		/* "" = off */
	struct ipaddr	 prospective_addr;	/* derived */

	/* Skipping. */
	struct cidr_list skip_addresses;
	struct cidr_list whitelist;
	struct strlist	 helo_whitelist;
	struct strlist	 domain_whitelist;
	struct strlist	 domain_whitelist_ptr;
	int		 whitelist_lookup_time;
	int		 skip_sasl_authenticated;

	/* Answers and headers. */
	int		 spf_enhanced_status_codes;
	enum header_type header_type;
	int		 hide_receiver;
	char		*authserv_id;		/* "HOSTNAME" = gethostname() */
	char		*reason_message;
	int		 instance_cache_size;

	/* SPF evaluation and DNS. */
	int		 lookup_time;		/* seconds per identity */
	int		 void_limit;
	struct strlist	 dns_servers;		/* empty = /etc/resolv.conf */
	int		 dns_timeout;		/* milliseconds per query try */
	int		 dns_retries;		/* tries per server */
	int		 dns_cache_size;	/* bytes, 0 = no cache */
	int		 dns_cache_entries;	/* 0 = no cache */
	int		 dns_cache_min_ttl;	/* seconds */
	int		 dns_cache_max_ttl;	/* seconds */
	int		 dns_cache_negative_max_ttl; /* seconds */
	int		 dns_cache_error_ttl;	/* seconds, 0 = not cached */

	/* The standing daemon (--daemon). */
	struct strlist	 listen;		/* unix:/path, inet:host:port */
	char		*socket_owner;
	char		*socket_group;
	char		*socket_mode;		/* octal text */
	char		*user;
	char		*group;
	int		 allow_root;
	int		 supervise;
	int		 workers;
	int		 max_connections;
	int		 max_queue;
	int		 idle_timeout;		/* seconds */
	int		 request_timeout;	/* seconds */
	int		 shutdown_timeout;	/* seconds */
	char		*pidfile;		/* "" = none */

	/* Derived by config_defaults()/config_load(), not settable. */
	struct action_table helo_table;		/* non-null sender */
	struct action_table helo_null_table;	/* null sender */
	struct action_table mailfrom_table;
	struct action_table notpass_table;	/* Reject_Not_Pass_Domains */
};

enum config_type {
	CONFIG_BOOL,
	CONFIG_INT,
	CONFIG_STRING,
	CONFIG_ENUM,
	CONFIG_STRLIST,		/* list of strings (domains, servers) */
	CONFIG_CIDRLIST,	/* list of addresses or networks */
	CONFIG_IP		/* one address, or "" */
};

struct config_option {
	const char		*name;		/* native, lower_snake_case */
	const char		*alias;		/* pypolicyd-spf name or NULL */
	enum config_type	 type;
	const char		*def;		/* default, as text */
	long long		 min, max;	/* CONFIG_INT */
	const char *const	*choices;	/* CONFIG_ENUM, NULL ended */
	size_t			 offset;	/* into struct config */
	const char		*unit;		/* "seconds", ... or NULL */
	int			(*check)(char *, char **); /* value check, or NULL */
	int			(*check_list)(const struct strlist *, char **);
					/* CONFIG_STRLIST: the whole list */
	const char		*doc;
};

extern const struct config_option config_options[];	/* name NULL ends it */

#ifndef SYSCONFDIR
#define SYSCONFDIR "/etc"
#endif
#define CONFIG_DEFAULT_PATH SYSCONFDIR "/policyd-spf/policyd-spf.conf"

void		 config_defaults(struct config *);
int		 config_load(struct config *, const char *, char **);
int		 config_load_string(struct config *, const char *, const char *,
		    char **);
void		 config_free(struct config *);
void		 config_print(FILE *, const struct config *, int);
void		 config_print_man(FILE *);
void		 config_quote(FILE *, const char *);
int		 config_bool_word(const char *);
int		 config_import_pypolicyd(FILE *, const char *, FILE *, char **);
const char	*config_policy_name(enum config_policy);
const char	*config_action_name(enum policy_action);

/*
 * Value checks beyond the type, named in the table's .check: each
 * returns 0 (it may canonicalize the value in place) or -1 with *cause
 * allocated.  A list option's check is applied to every item, then its
 * .check_list, if any, to the whole list (after the item checks).
 */
int		 config_check_log_target(char *, char **);
int		 config_check_class(char *, char **);
int		 config_check_authserv_id(char *, char **);
int		 config_check_printable(char *, char **);
int		 config_check_dns_server(char *, char **);
int		 config_check_mode(char *, char **);
int		 config_check_action(char *, char **);
int		 config_check_action_list(const struct strlist *, char **);

#endif
