/*
 * NAME
 *	postfixcheck 3h - check how Postfix is wired to policyd-spf
 * SYNOPSIS
 *	#include "postfixcheck.h"
 *
 *	int	 postfixcheck_main(int argc, char **argv,
 *		    const struct config *cfg);
 *
 *	void	 postfixcheck_wanted(const char *postconf_m,
 *		    const char *self_path, struct strlist *names);
 *	void	 postfixcheck_analyse(const struct postfixcheck_input *in,
 *		    const struct config *cfg, struct postfixcheck_report *out);
 *	int	 postfixcheck_status(const struct postfixcheck_report *r);
 *	void	 postfixcheck_report_free(struct postfixcheck_report *r);
 *	int	 postfixcheck_time(const char *text, long *seconds);
 * DESCRIPTION
 *	postfixcheck_main() is "policyd-spf --check-postfix [CONFIG_DIR]":
 *	argv[0], when argc is 1, is the Postfix configuration directory
 *	(postconf -c); without it, postconf's default.  It reads the
 *	configuration through Postfix itself: "postconf [-c DIR] -n", "-M",
 *	"-P", then "-x NAME..." for the effective values it needs (see
 *	postfixcheck_wanted()), and main.cf and master.cf of the effective
 *	config_directory for line numbers only.  It prints one line per
 *	finding on stdout, errors first, then warnings, then notes:
 *	"error: main.cf:12: ...", "warning: master.cf:140: ...",
 *	"note: ...", then a summary line "policyd-spf: DIR: N errors, N
 *	warnings, N notes".  It returns 0 when there is nothing worse than a
 *	note, 1 for warnings only, 2 for errors or when postconf cannot be
 *	run (a diagnostic on stderr), 64 for a usage error.  postconf is
 *	$POSTCONF when set, else the first "postconf" of $PATH, /usr/sbin,
 *	/usr/local/sbin, /sbin; it runs with an argv (no shell), stdin
 *	/dev/null and a time limit of POSTFIXCHECK_TIMEOUT seconds.
 *
 *	postfixcheck_wanted() appends to names the parameters whose
 *	effective values postfixcheck_analyse() uses: the smtpd_*
 *	restriction lists, mail_owner, queue_directory, config_directory,
 *	command_time_limit, default_process_limit, smtpd_restriction_classes,
 *	smtpd_policy_service_timeout, smtpd_policy_service_max_ttl, and
 *	<service>_time_limit of every master.cf spawn service that runs
 *	policyd-spf (from the "postconf -M" text).
 *
 *	postfixcheck_analyse() is pure: everything comes in as text in *in
 *	(postconf's outputs, its stderr for "unused parameter" warnings, the
 *	two files, the path of this program) and in cfg (listen,
 *	lookup_time, whitelist_lookup_time, the whitelists, test_only,
 *	the pass restrictions).  A master.cf service "runs policyd-spf" when
 *	its command is spawn and the first word of its argv= is a path whose
 *	last component is "policyd-spf" or is in->self_path.  A
 *	check_policy_service (in any smtpd_*_restrictions list, a
 *	restriction class, or a master.cf -o override; also the Postfix 3.0
 *	"{ target, timeout=..., ... }" form) reaches policyd-spf when its
 *	target is a spawn service of it ("unix:private/NAME" names the unix
 *	service NAME, "unix:public/NAME" one with private = n, relative to
 *	queue_directory; "inet:host:port" an inet service "host:port" or
 *	"port") or a socket cfg->listen names ("unix:/path", the same path
 *	after queue_directory is applied; "inet:host:port", the same port
 *	and host, or a wildcard host).  Findings:
 *	  errors: policyd-spf not reached at all; a spawn service of it that
 *	    no check_policy_service uses; a check_policy_service
 *	    "unix:private/NAME" with no such master.cf service (and the
 *	    closest name); a spawn service without user=, with user=root or
 *	    the mail owner, or not run as root (unprivileged not "n"); a
 *	    "*_time_limit" parameter that postconf reports unused, i.e. that
 *	    names no master.cf service (the closest name of a service that
 *	    runs policyd-spf is suggested);
 *	  warnings: <service>_time_limit effective below
 *	    POSTFIXCHECK_TIME_LIMIT (3600 s: one policy connection lives as
 *	    long as an smtpd process uses it, up to
 *	    smtpd_policy_service_max_ttl plus the SMTP session in
 *	    progress), unset or set; check_policy_service evaluated before
 *	    reject_unauth_destination (in smtpd_recipient_restrictions with
 *	    no relay check in front of it and none in smtpd_relay_restrictions,
 *	    in smtpd_relay_restrictions in front of the relay check, or in
 *	    the client, HELO or sender restrictions); a process limit that is
 *	    not 0 on a spawn service ("-" is default_process_limit); an
 *	    smtpd_policy_service_timeout (or the per-service timeout=) shorter
 *	    than policyd-spf's worst-case answer time, 2 x lookup_time plus
 *	    whitelist_lookup_time for each non-empty DNS whitelist;
 *	  notes: the mode (spawn service, or a standing daemon on a listen
 *	    address) and the rollout state of each check_policy_service
 *	    (warn_if_reject in front: log-only), and test_only.
 *	Messages name main.cf or master.cf and the line of the parameter,
 *	the service or the very line inside a multi-line value where the
 *	check_policy_service stands, when the file text has it.
 *
 *	postfixcheck_status() is 2 when out has an error, 1 when it has a
 *	warning, else 0.  postfixcheck_report_free() releases the messages
 *	and leaves the report empty.
 *
 *	postfixcheck_time() reads a Postfix time value, "3600", "3600s",
 *	"60m", "1h", "1d", "1w" (seconds when there is no unit) into
 *	*seconds and returns 0, or -1 for anything else.
 * LIMITS/SECURITY
 *	postconf's output, and each file, is read up to POSTFIXCHECK_READ_MAX
 *	bytes; the rest is ignored.  Values are Postfix's own; nothing here
 *	comes from the network.
 * DIAGNOSTICS
 *	postfixcheck_main() writes findings to stdout and trouble running
 *	postconf to stderr ("policyd-spf: postconf -n: ..."); the other
 *	functions do no I/O and never log.
 * THREADS
 *	Main thread (postfixcheck_main() forks).
 * SEE ALSO
 *	postconf(1), master(5), spawn(8), SMTPD_POLICY_README,
 *	policyd-spf(8)
 * SPDX-License-Identifier: BSD-2-Clause
 */
#ifndef POSTFIXCHECK_H
#define POSTFIXCHECK_H

#include <stddef.h>

#include "config.h"
#include "util.h"

#define POSTFIXCHECK_TIMEOUT	10		/* seconds per postconf run */
#define POSTFIXCHECK_READ_MAX	(4 * 1024 * 1024)
#define POSTFIXCHECK_TIME_LIMIT	3600		/* recommended, seconds */

enum postfixcheck_level {
	POSTFIXCHECK_NOTE = 0,
	POSTFIXCHECK_WARNING,
	POSTFIXCHECK_ERROR
};

struct postfixcheck_input {
	const char	*postconf_n;		/* postconf -n */
	const char	*postconf_m;		/* postconf -M */
	const char	*postconf_p;		/* postconf -P */
	const char	*postconf_x;		/* postconf -x NAME... */
	const char	*postconf_warnings;	/* postconf's stderr */
	const char	*main_cf;		/* file text or NULL */
	const char	*master_cf;		/* file text or NULL */
	const char	*self_path;		/* this program or NULL */
};

struct postfixcheck_msg {
	enum postfixcheck_level	 level;
	char			*text;	/* "main.cf:12: ..." */
};

struct postfixcheck_report {
	struct postfixcheck_msg	*v;
	size_t			 n;
	size_t			 count[3];	/* by level */
};

int	 postfixcheck_main(int, char **, const struct config *);
void	 postfixcheck_wanted(const char *, const char *, struct strlist *);
void	 postfixcheck_analyse(const struct postfixcheck_input *,
	    const struct config *, struct postfixcheck_report *);
int	 postfixcheck_status(const struct postfixcheck_report *);
void	 postfixcheck_report_free(struct postfixcheck_report *);
int	 postfixcheck_time(const char *, long *);

#endif
