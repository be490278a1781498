/*
 * NAME
 *	check_postfixcheck - unit tests for postfixcheck.c (pure part)
 * DESCRIPTION
 *	"Time": Postfix time values.  "Analyse": postfixcheck_analyse() on
 *	hand-made postconf outputs and files, one row a case, with every
 *	finding it must report, in order, exactly; postfixcheck_wanted().
 *	tests/test_tools.py runs the real postconf on the fixtures of
 *	tests/data/postfix-configs/.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "postfixcheck.h"
#include "util.h"
#include "xmalloc.h"

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))

/* The seed guide's master.cf service and main.cf list. */
#define M_SMTP	"smtp       inet  n       -       n       -       -       " \
		"smtpd\n"
#define M_SPF	"policyd-spf unix -       n       n       -       0       " \
		"spawn user=policyd-spf argv=/usr/sbin/policyd-spf\n"
#define F_SPF	"smtp      inet  n       -       n       -       -       " \
		"smtpd\npolicyd-spf  unix  -  n  n  -  0  spawn\n" \
		"    user=policyd-spf argv=/usr/sbin/policyd-spf\n"
#define X_BASE	"config_directory = /etc/postfix\n" \
		"queue_directory = /var/spool/postfix\n" \
		"mail_owner = postfix\ncommand_time_limit = 1000s\n" \
		"default_process_limit = 100\nsmtpd_restriction_classes =\n" \
		"smtpd_policy_service_timeout = 100s\n" \
		"smtpd_policy_service_max_ttl = 1000s\n" \
		"smtpd_relay_restrictions = permit_mynetworks, " \
		"permit_sasl_authenticated, defer_unauth_destination\n"
#define RCPT	"smtpd_recipient_restrictions = permit_mynetworks, " \
		"reject_unauth_destination, check_policy_service " \
		"unix:private/policyd-spf, permit\n"
#define MAIN	"compatibility_level = 3.6\n" \
		"smtpd_recipient_restrictions = permit_mynetworks,\n" \
		"    reject_unauth_destination,\n" \
		"    check_policy_service unix:private/policyd-spf, permit\n" \
		"policyd-spf_time_limit = 3600\n"
#define SPAWN_NOTE "note: master.cf:2: spawn mode: service policyd-spf " \
		"(unix) runs /usr/sbin/policyd-spf as user policyd-spf\n"
#define ENF_NOTE(l) "note: main.cf:" l ": enforcing: check_policy_service " \
		"unix:private/policyd-spf in smtpd_recipient_restrictions: " \
		"Postfix applies policyd-spf's rejects and defers\n"

/* One case: postconf -n, -M, -P, -x, stderr, main.cf, master.cf. */
static const struct analyse_row {
	const char	*name;
	const char	*n, *m, *p, *x, *warnings, *main_cf, *master_cf;
	const char	*listen;	/* cfg->listen, NULL: default */
	int		 lookup_time;	/* 0: default */
	const char	*want;
	int		 status;
} analyse_rows[] = {
	{ "correct spawn setup",
	  RCPT "policyd-spf_time_limit = 3600\n", M_SMTP M_SPF, "",
	  X_BASE RCPT "policyd-spf_time_limit = 3600\n", "", MAIN, F_SPF,
	  NULL, 0,
	  SPAWN_NOTE ENF_NOTE("4"), 0 },
	{ "the seed guide's typo",
	  RCPT, M_SMTP M_SPF, "", X_BASE RCPT
	  "policyd-spf_time_limit = 1000s\n",
	  "postconf: warning: /etc/postfix/main.cf: unused parameter: "
	  "policy-spf_time_limit=3600\n"
	  "postconf: warning: /etc/postfix/main.cf: unused parameter: "
	  "policy-spf_time_limit=3600\n",
	  "compatibility_level = 3.6\n" RCPT "policy-spf_time_limit = 3600\n",
	  F_SPF, NULL, 0,
	  "error: main.cf:3: policy-spf_time_limit names no master.cf "
	  "service \"policy-spf\", so Postfix ignores it (postconf: unused "
	  "parameter); did you mean policyd-spf_time_limit?\n"
	  "warning: master.cf:2: policyd-spf_time_limit is not set: spawn(8) "
	  "kills policyd-spf after command_time_limit (1000s), shorter than "
	  "an smtpd process keeps its policy connection "
	  "(smtpd_policy_service_max_ttl 1000s plus the SMTP session in "
	  "progress); add policyd-spf_time_limit = 3600 to main.cf\n"
	  SPAWN_NOTE ENF_NOTE("2"), 2 },
	{ "a time limit set too short, and a -o one that is fine",
	  RCPT "policyd-spf_time_limit = 1200\n",
	  M_SMTP M_SPF "spf2 unix - n n - 0 spawn user=spf2 argv=/usr/bin/"
	  "policyd-spf -c /etc/spf2.conf\n",
	  "spf2/unix/spf2_time_limit = 2h\n",
	  X_BASE RCPT "check_policy_service unix:private/spf2\n"
	  "policyd-spf_time_limit = 1200s\nspf2_time_limit = 1000s\n"
	  "smtpd_data_restrictions = check_policy_service unix:private/spf2\n",
	  "", MAIN, F_SPF "spf2 unix - n n - 0 spawn\n  -o spf2_time_limit=2h"
	  "\n  user=spf2 argv=/usr/bin/policyd-spf -c /etc/spf2.conf\n",
	  NULL, 0,
	  "warning: main.cf:5: policyd-spf_time_limit = 1200 is shorter than "
	  "an smtpd process keeps its policy connection "
	  "(smtpd_policy_service_max_ttl 1000s plus the SMTP session in "
	  "progress): spawn(8) kills policyd-spf in the middle of it; set "
	  "policyd-spf_time_limit = 3600\n"
	  SPAWN_NOTE
	  "note: master.cf:4: spawn mode: service spf2 (unix) runs "
	  "/usr/bin/policyd-spf as user spf2\n"
	  ENF_NOTE("4")
	  "note: main.cf: enforcing: check_policy_service unix:private/spf2 "
	  "in smtpd_data_restrictions: Postfix applies policyd-spf's rejects "
	  "and defers\n", 1 },
	{ "no user=, unprivileged, process limit from default_process_limit",
	  RCPT "policyd-spf_time_limit = 3600\n",
	  M_SMTP "policyd-spf unix - - n - - spawn argv=/usr/sbin/policyd-spf"
	  "\n", "", X_BASE RCPT "policyd-spf_time_limit = 3600\n"
	  "default_process_limit = 50\n", "", MAIN,
	  "policyd-spf unix - - n - - spawn argv=/usr/sbin/policyd-spf\n",
	  NULL, 0,
	  "error: master.cf:1: service policyd-spf has no user= attribute: "
	  "spawn(8) refuses to run /usr/sbin/policyd-spf without one; create "
	  "a user (adduser --system --no-create-home policyd-spf) and add "
	  "user=policyd-spf\n"
	  "error: master.cf:1: service policyd-spf: the unprivileged field "
	  "(4th) is \"-\", but spawn(8) must run as root to switch to user=; "
	  "set it to n\n"
	  "warning: master.cf:1: service policyd-spf has a process limit of "
	  "50 (default_process_limit): each smtpd process that asks holds "
	  "one policyd-spf process, so beyond 50 smtpd processes policy "
	  "requests wait or fail; set the process limit (7th field) to 0\n"
	  "note: master.cf:1: spawn mode: service policyd-spf (unix) runs "
	  "/usr/sbin/policyd-spf as user (none)\n" ENF_NOTE("4"), 2 },
	{ "daemon on a unix socket in the queue directory",
	  "smtpd_recipient_restrictions = reject_unauth_destination, "
	  "check_policy_service { unix:private/policyd-spf, timeout=30s, "
	  "default_action=DUNNO }\n", M_SMTP, "",
	  X_BASE "smtpd_recipient_restrictions = reject_unauth_destination, "
	  "check_policy_service { unix:private/policyd-spf, timeout=30s, "
	  "default_action=DUNNO }\n", "",
	  "smtpd_recipient_restrictions = reject_unauth_destination,\n"
	  " check_policy_service { unix:private/policyd-spf, timeout=30s }\n",
	  M_SMTP, "unix:/var/spool/postfix/private/policyd-spf", 20,
	  "warning: main.cf:2: check_policy_service { unix:private/"
	  "policyd-spf, timeout=30s, default_action=DUNNO }: timeout=30s is "
	  "shorter than policyd-spf's worst-case answer time (40s: 2 x "
	  "lookup_time 20s): Postfix gives up and applies default_action; "
	  "raise the timeout or lower lookup_time\n"
	  "note: main.cf:2: daemon mode: check_policy_service "
	  "unix:private/policyd-spf reaches policyd-spf --daemon (listen "
	  "unix:/var/spool/postfix/private/policyd-spf), which Postfix does "
	  "not start\n"
	  "note: main.cf:2: enforcing: check_policy_service { unix:private/"
	  "policyd-spf, timeout=30s, default_action=DUNNO } in "
	  "smtpd_recipient_restrictions: Postfix applies policyd-spf's "
	  "rejects and defers\n", 1 },
	{ "daemon on a wildcard inet address, checked in the sender list",
	  "smtpd_sender_restrictions = warn_if_reject check_policy_service "
	  "inet:localhost:10031\n", M_SMTP, "",
	  X_BASE "smtpd_sender_restrictions = warn_if_reject "
	  "check_policy_service inet:localhost:10031\n", "", NULL, NULL,
	  "inet:0.0.0.0:10031", 0,
	  "warning: main.cf: warn_if_reject check_policy_service "
	  "inet:localhost:10031 in smtpd_sender_restrictions comes before "
	  "reject_unauth_destination: relay attempts cost SPF lookups, and a "
	  "pass restriction class that answers OK would make an open relay; "
	  "move it after reject_unauth_destination\n"
	  "note: main.cf: daemon mode: check_policy_service "
	  "inet:localhost:10031 reaches policyd-spf --daemon (listen "
	  "inet:0.0.0.0:10031), which Postfix does not start\n"
	  "note: main.cf: log-only rollout: warn_if_reject "
	  "check_policy_service inet:localhost:10031 in "
	  "smtpd_sender_restrictions: Postfix logs reject_warning and "
	  "accepts the mail; remove warn_if_reject to enforce\n", 1 },
	{ "an inet spawn service, and another policy server left alone",
	  "", M_SMTP "127.0.0.1:10040 inet n n n - 0 spawn "
	  "user=policyd-spf argv=/usr/local/sbin/policyd-spf\n"
	  "policy-other unix - n n - 0 spawn user=nobody "
	  "argv=/usr/bin/other-policyd\n", "",
	  X_BASE "smtpd_recipient_restrictions = reject_unauth_destination, "
	  "check_policy_service unix:private/policy-other, "
	  "check_policy_service inet:127.0.0.1:10040, "
	  "check_policy_service inet:127.0.0.1:10023\n"
	  "127.0.0.1:10040_time_limit = 3600s\n", "", NULL, NULL, NULL, 0,
	  "note: master.cf: spawn mode: service 127.0.0.1:10040 (inet) runs "
	  "/usr/local/sbin/policyd-spf as user policyd-spf\n"
	  "note: main.cf: enforcing: check_policy_service "
	  "inet:127.0.0.1:10040 in smtpd_recipient_restrictions: Postfix "
	  "applies policyd-spf's rejects and defers\n", 0 },
	{ "a -o override in master.cf, and the program found by its path",
	  "", M_SMTP "submission inet n - n - - smtpd -o "
	  "smtpd_recipient_restrictions=check_policy_service,"
	  "unix:private/spf,permit_sasl_authenticated,reject\n"
	  "spf unix - n n - 0 spawn user=spf argv=/opt/spf/bin/spfd\n",
	  "submission/inet/smtpd_recipient_restrictions = "
	  "check_policy_service,unix:private/spf,permit_sasl_authenticated,"
	  "reject\n", X_BASE "spf_time_limit = 3600s\n", "", NULL,
	  "smtp inet n - n - - smtpd\nsubmission inet n - n - - smtpd\n"
	  "  -o syslog_name=postfix/submission\n"
	  "  -o smtpd_recipient_restrictions=check_policy_service,"
	  "unix:private/spf,permit_sasl_authenticated,reject\n"
	  "spf unix - n n - 0 spawn user=spf argv=/opt/spf/bin/spfd\n",
	  NULL, 0,
	  "note: master.cf:5: spawn mode: service spf (unix) runs "
	  "/opt/spf/bin/spfd as user spf\n"
	  "note: master.cf:4: enforcing: check_policy_service "
	  "unix:private/spf in smtpd_recipient_restrictions: Postfix applies "
	  "policyd-spf's rejects and defers\n", 0 },
	{ "nothing wired, and a typo with no service to suggest",
	  "", M_SMTP, "", X_BASE,
	  "postconf: warning: /etc/postfix/main.cf: unused parameter: "
	  "policyd_time_limit=3600\n"
	  "postconf: warning: /etc/postfix/main.cf: unused parameter: "
	  "foo=bar\n", "policyd_time_limit = 3600\n", M_SMTP, NULL, 0,
	  "error: main.cf:1: policyd_time_limit names no master.cf service "
	  "\"policyd\", so Postfix ignores it (postconf: unused parameter)\n"
	  "error: policyd-spf is not wired in: no master.cf service runs "
	  "policyd-spf (spawn, argv=.../policyd-spf) and no "
	  "check_policy_service points at a socket policyd-spf listens on "
	  "(listen = inet:127.0.0.1:10031)\n", 2 },
	{ "a check in a restriction class, relay checks off",
	  "smtpd_restriction_classes = spf_check\n"
	  "spf_check = check_policy_service unix:private/policyd-spf\n",
	  M_SMTP M_SPF, "", X_BASE "smtpd_restriction_classes = spf_check\n"
	  "smtpd_relay_restrictions =\nsmtpd_recipient_restrictions = "
	  "check_policy_service unix:public/policyd-spf\n"
	  "policyd-spf_time_limit = 3600s\n", "", NULL, NULL, NULL, 0,
	  "error: main.cf: check_policy_service unix:public/policyd-spf in "
	  "smtpd_recipient_restrictions: master.cf has no unix service "
	  "\"policyd-spf\"\n"
	  "note: master.cf: spawn mode: service policyd-spf (unix) runs "
	  "/usr/sbin/policyd-spf as user policyd-spf\n"
	  "note: main.cf: enforcing: check_policy_service "
	  "unix:private/policyd-spf in spf_check: Postfix applies "
	  "policyd-spf's rejects and defers\n", 2 },
};

/* analyse_text - the findings as postfixcheck_main() prints them */
static char *
analyse_text(const struct postfixcheck_report *r)
{
	char	*text = xstrdup(""), *tmp;
	size_t	 i;

	for (i = 0; i < r->n; i++) {
		xasprintf(&tmp, "%s%s: %s\n", text,
		    r->v[i].level == POSTFIXCHECK_ERROR ? "error" :
		    r->v[i].level == POSTFIXCHECK_WARNING ? "warning" : "note",
		    r->v[i].text);
		free(text);
		text = tmp;
	}
	return (text);
}

START_TEST(test_postfixcheck_analyse)
{
	const struct analyse_row	*row = &analyse_rows[_i];
	struct postfixcheck_input	 in;
	struct postfixcheck_report	 rep;
	struct config			 cfg;
	char				*got;

	config_defaults(&cfg);
	if (row->listen != NULL) {
		strlist_free(&cfg.listen);
		strlist_add(&cfg.listen, row->listen);
	}
	if (row->lookup_time > 0)
		cfg.lookup_time = row->lookup_time;
	memset(&in, 0, sizeof(in));
	in.postconf_n = row->n;
	in.postconf_m = row->m;
	in.postconf_p = row->p;
	in.postconf_x = row->x;
	in.postconf_warnings = row->warnings;
	in.main_cf = row->main_cf;
	in.master_cf = row->master_cf;
	in.self_path = "/opt/spf/bin/spfd";
	postfixcheck_analyse(&in, &cfg, &rep);
	got = analyse_text(&rep);
	ck_assert_msg(strcmp(got, row->want) == 0, "%s:\ngot:\n%swant:\n%s",
	    row->name, got, row->want);
	ck_assert_int_eq(postfixcheck_status(&rep), row->status);
	free(got);
	postfixcheck_report_free(&rep);
	ck_assert_uint_eq(rep.n, 0);
	config_free(&cfg);
}
END_TEST

START_TEST(test_postfixcheck_wanted)
{
	struct strlist	names = { NULL, 0 };
	size_t		i;
	int		seen = 0;

	postfixcheck_wanted(M_SMTP M_SPF "x unix - n n - 0 spawn user=x "
	    "argv=/usr/bin/other\n", NULL, &names);
	for (i = 0; i < names.n; i++) {
		seen += strcmp(names.v[i], "policyd-spf_time_limit") == 0;
		ck_assert_str_ne(names.v[i], "x_time_limit");
		ck_assert_str_ne(names.v[i], "smtp_time_limit");
	}
	ck_assert_int_eq(seen, 1);
	for (i = 0; i < names.n; i++)
		seen += strcmp(names.v[i], "smtpd_recipient_restrictions") ==
		    0 || strcmp(names.v[i], "mail_owner") == 0;
	ck_assert_int_eq(seen, 3);
	strlist_free(&names);
}
END_TEST

/* Time values: text, seconds (-1: rejected). */
static const struct time_row {
	const char	*text;
	long		 seconds;
} time_rows[] = {
	{ "3600", 3600 }, { "3600s", 3600 }, { "60m", 3600 }, { "1h", 3600 },
	{ "2d", 172800 }, { "1w", 604800 }, { "0", 0 }, { "", -1 },
	{ "h", -1 }, { "10x", -1 }, { "10ss", -1 }, { "-5", -1 },
	{ " 5", -1 }, { "99999999999999999999", -1 },
};

START_TEST(test_postfixcheck_time)
{
	const struct time_row	*row = &time_rows[_i];
	long			 v = -7;
	int			 rc;

	rc = postfixcheck_time(row->text, &v);
	if (row->seconds < 0) {
		ck_assert_msg(rc == -1, "\"%s\" accepted as %ld", row->text, v);
		ck_assert_int_eq(v, -7);
	} else {
		ck_assert_msg(rc == 0, "\"%s\" rejected", row->text);
		ck_assert_int_eq(v, row->seconds);
	}
}
END_TEST

static Suite *
postfixcheck_suite(void)
{
	Suite	*s = suite_create("postfixcheck");
	TCase	*tc;

	tc = tcase_create("Time");
	tcase_add_loop_test(tc, test_postfixcheck_time, 0, NITEMS(time_rows));
	suite_add_tcase(s, tc);

	tc = tcase_create("Analyse");
	tcase_add_loop_test(tc, test_postfixcheck_analyse, 0,
	    NITEMS(analyse_rows));
	tcase_add_test(tc, test_postfixcheck_wanted);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	SRunner	*sr;
	int	 failed;

	sr = srunner_create(postfixcheck_suite());
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return (failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE);
}
