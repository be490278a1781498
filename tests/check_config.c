/*
 * NAME
 *	check_config - unit tests of config.c, config_table.c, config_import.c
 * DESCRIPTION
 *	The option table against itself and the defaults; a fixture that
 *	sets every option; every error class with its exact text, file and
 *	line; aliases and case; the action tables for every policy
 *	combination, and helo_actions / mail_from_actions over them for
 *	every result x action x identity; the --config-test text of the
 *	tables; round trips through config_print(); the manual
 *	fragment; and the pypolicyd-spf importer on Debian's shipped file
 *	and on one full of pypolicyd-spf's traps.
 *
 *	Fixtures are read from $top_srcdir/tests/data/config ("." when
 *	top_srcdir is not set: run from the top of the tree).
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <sys/socket.h>

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <check.h>

#include "cidr.h"
#include "config.h"
#include "result.h"
#include "util.h"

/* fixture - the path of a file in tests/data/config (caller frees) */
static char *
fixture(const char *name)
{
	const char	*top = getenv("top_srcdir");
	char		*path;

	if (top == NULL || *top == '\0')
		top = ".";
	if (asprintf(&path, "%s/tests/data/config/%s", top, name) == -1)
		abort();
	return (path);
}

/* written - config_print() into a string */
static char *
written(const struct config *cfg, int comments)
{
	char	*buf = NULL;
	size_t	 len = 0;
	FILE	*fp;

	fp = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(fp);
	config_print(fp, cfg, comments);
	fclose(fp);
	return (buf);
}

/* imported - config_import_pypolicyd() of text, into a string */
static char *
imported(const char *text, const char *name, char **warnings)
{
	char	*buf = NULL;
	size_t	 len = 0;
	FILE	*in, *out;

	in = fmemopen((void *)(uintptr_t)text, strlen(text), "r");
	ck_assert_ptr_nonnull(in);
	out = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(out);
	ck_assert_int_eq(config_import_pypolicyd(in, name, out, warnings), 0);
	fclose(in);
	fclose(out);
	return (buf);
}

/* slurp - a whole file (caller frees) */
static char *
slurp(const char *path)
{
	char	*buf = NULL;
	size_t	 len = 0, n;
	char	 chunk[4096];
	FILE	*in, *out;

	in = fopen(path, "r");
	ck_assert_msg(in != NULL, "cannot open %s", path);
	out = open_memstream(&buf, &len);
	while ((n = fread(chunk, 1, sizeof(chunk), in)) > 0)
		fwrite(chunk, 1, n, out);
	fclose(in);
	fclose(out);
	return (buf);
}

/* noptions - rows in the table */
static size_t
noptions(void)
{
	size_t	n = 0;

	while (config_options[n].name != NULL)
		n++;
	return (n);
}

/* cidr_text - entry i of a list as text, "/prefix" always */
static const char *
cidr_text(const struct cidr_list *l, size_t i)
{
	static char	buf[IPADDR_TEXT_MAX + 8];
	size_t		len;

	ck_assert_uint_lt(i, l->n);
	ipaddr_format(&l->v[i].addr, buf, IPADDR_TEXT_MAX);
	len = strlen(buf);
	snprintf(buf + len, sizeof(buf) - len, "/%d", l->v[i].prefix);
	return (buf);
}

/* The table: names, aliases, defaults and bounds are consistent. */
START_TEST(test_config_table_sane)
{
	const struct config_option	*o, *p;
	const char			*c;
	long long			 def;
	int				 i, found;

	ck_assert_uint_ge(noptions(), 31);
	for (o = config_options; o->name != NULL; o++) {
		for (c = o->name; *c != '\0'; c++)
			ck_assert_msg(islower((unsigned char)*c) ||
			    isdigit((unsigned char)*c) || *c == '_',
			    "%s is not lower_snake_case", o->name);
		ck_assert_msg(o->doc != NULL && strlen(o->doc) > 40,
		    "%s: no doc", o->name);
		ck_assert_msg(strchr(o->doc, '\n') == NULL, "%s", o->name);
		ck_assert_ptr_nonnull(o->def);
		for (p = config_options; p < o; p++) {
			ck_assert_msg(strcasecmp(o->name, p->name) != 0 &&
			    (p->alias == NULL ||
			    strcasecmp(o->name, p->alias) != 0) &&
			    (o->alias == NULL ||
			    (strcasecmp(o->alias, p->name) != 0 &&
			    (p->alias == NULL ||
			    strcasecmp(o->alias, p->alias) != 0))),
			    "%s clashes with %s", o->name, p->name);
			ck_assert_msg(o->offset != p->offset,
			    "%s, %s: one field", o->name, p->name);
		}
		if (o->type == CONFIG_INT) {
			def = strtoll(o->def, NULL, 10);
			ck_assert_msg(o->min <= def && def <= o->max, "%s",
			    o->name);
		}
		if (o->type == CONFIG_ENUM) {
			ck_assert_ptr_nonnull(o->choices);
			for (found = 0, i = 0; o->choices[i] != NULL; i++)
				found |= strcmp(o->choices[i], o->def) == 0;
			ck_assert_msg(found, "%s: default not a choice",
			    o->name);
		}
	}
}
END_TEST

/*
 * Defaults: every option's value, as --config-test writes it, is the
 * table's default text; and the typed fields say the same.
 */
START_TEST(test_config_defaults_equal_table)
{
	const struct config_option	*o;
	struct config			 cfg;
	struct strlist			 items = { NULL, 0 };
	char				*text, *want, *t;
	size_t				 i;

	config_defaults(&cfg);
	text = written(&cfg, 0);
	for (o = config_options; o->name != NULL; o++) {
		switch (o->type) {
		case CONFIG_INT:
		case CONFIG_BOOL:
			if (asprintf(&want, "\n%s = %s;\n", o->name,
			    o->def) == -1)
				abort();
			break;
		case CONFIG_STRLIST:
		case CONFIG_CIDRLIST:
			strlist_split(&items, o->def);
			want = strdup("[");
			for (i = 0; i < items.n; i++) {
				if (asprintf(&t, "%s%s\"%s\"", want,
				    i > 0 ? ", " : "", items.v[i]) == -1)
					abort();
				free(want);
				want = t;
			}
			strlist_free(&items);
			if (asprintf(&t, "\n%s = %s];\n", o->name, want) == -1)
				abort();
			free(want);
			want = t;
			break;
		default:
			if (asprintf(&want, "\n%s = \"%s\";\n", o->name,
			    o->def) == -1)
				abort();
			break;
		}
		ck_assert_msg(strstr(text, want) != NULL ||
		    strncmp(text, want + 1, strlen(want + 1)) == 0,
		    "%s: want %s in\n%s", o->name, want, text);
		free(want);
	}
	free(text);

	ck_assert_int_eq(cfg.debug_level, 1);
	ck_assert_str_eq(cfg.log_target, "syslog");
	ck_assert_str_eq(cfg.syslog_facility, "mail");
	ck_assert_int_eq(cfg.test_only, 0);
	ck_assert_int_eq(cfg.test_only_answer, TEST_ANSWER_PREPEND);
	ck_assert_int_eq(cfg.helo_reject, POLICY_FAIL);
	ck_assert_int_eq(cfg.mail_from_reject, POLICY_FAIL);
	ck_assert_int_eq(cfg.permerror_reject, 0);
	ck_assert_int_eq(cfg.temperror_defer, 0);
	ck_assert_uint_eq(cfg.helo_actions.n, 0);
	ck_assert_uint_eq(cfg.mail_from_actions.n, 0);
	ck_assert_uint_eq(cfg.helo_table.set | cfg.helo_null_table.set |
	    cfg.mailfrom_table.set | cfg.notpass_table.set, 0);
	ck_assert_int_eq(cfg.no_mail, 0);
	ck_assert_uint_eq(cfg.reject_not_pass_domains.n, 0);
	ck_assert_str_eq(cfg.helo_pass_restriction, "");
	ck_assert_str_eq(cfg.mail_from_pass_restriction, "");
	ck_assert_str_eq(cfg.prospective, "");
	ck_assert_int_eq(cfg.prospective_addr.af, 0);
	ck_assert_uint_eq(cfg.skip_addresses.n, 3);
	ck_assert_str_eq(cidr_text(&cfg.skip_addresses, 0), "127.0.0.0/8");
	ck_assert_str_eq(cidr_text(&cfg.skip_addresses, 1),
	    "::ffff:127.0.0.0/104");
	ck_assert_str_eq(cidr_text(&cfg.skip_addresses, 2), "::1/128");
	ck_assert_uint_eq(cfg.whitelist.n, 0);
	ck_assert_uint_eq(cfg.helo_whitelist.n, 0);
	ck_assert_uint_eq(cfg.domain_whitelist.n, 0);
	ck_assert_uint_eq(cfg.domain_whitelist_ptr.n, 0);
	ck_assert_int_eq(cfg.whitelist_lookup_time, 10);
	ck_assert_int_eq(cfg.skip_sasl_authenticated, 1);
	ck_assert_int_eq(cfg.spf_enhanced_status_codes, 1);
	ck_assert_int_eq(cfg.header_type, HEADER_SPF);
	ck_assert_int_eq(cfg.hide_receiver, 0);
	ck_assert_str_eq(cfg.authserv_id, "HOSTNAME");
	ck_assert_str_eq(cfg.reason_message,
	    "Message {rejectdefer} due to: {spf}. Please see {url}");
	ck_assert_int_eq(cfg.instance_cache_size, 16);
	ck_assert_int_eq(cfg.lookup_time, 20);
	ck_assert_int_eq(cfg.void_limit, 2);
	ck_assert_uint_eq(cfg.dns_servers.n, 0);
	ck_assert_int_eq(cfg.dns_timeout, 2000);
	ck_assert_int_eq(cfg.dns_retries, 2);
	config_free(&cfg);
}
END_TEST

/* A fixture sets every option to a non-default value, in mixed syntax. */
START_TEST(test_config_every_option_set)
{
	struct config	 cfg, def;
	char		*path = fixture("all.conf"), *errors = NULL;
	char		*text, *deftext, *line, *save = NULL;

	config_defaults(&cfg);
	ck_assert_msg(config_load(&cfg, path, &errors) == 0, "%s", errors);
	ck_assert_ptr_null(errors);

	ck_assert_int_eq(cfg.debug_level, 3);
	ck_assert_str_eq(cfg.log_target, "/var/log/policyd-spf.log");
	ck_assert_str_eq(cfg.syslog_facility, "local5");
	ck_assert_int_eq(cfg.test_only, 1);
	ck_assert_int_eq(cfg.test_only_answer, TEST_ANSWER_WARN);
	ck_assert_int_eq(cfg.helo_reject, POLICY_SPF_NOT_PASS);
	ck_assert_int_eq(cfg.mail_from_reject, POLICY_SOFTFAIL);
	ck_assert_int_eq(cfg.permerror_reject, 1);
	ck_assert_int_eq(cfg.temperror_defer, 1);
	ck_assert_uint_eq(cfg.helo_actions.n, 1);
	ck_assert_str_eq(cfg.helo_actions.v[0], "neutral=prepend");
	ck_assert_uint_eq(cfg.mail_from_actions.n, 3);
	ck_assert_str_eq(cfg.mail_from_actions.v[0], "softfail=warn");
	ck_assert_str_eq(cfg.mail_from_actions.v[1], "none=accept");
	ck_assert_str_eq(cfg.mail_from_actions.v[2], "temperror=prepend");
	ck_assert_int_eq(cfg.helo_table.act[SPFR_NEUTRAL], ACT_PREPEND);
	ck_assert_int_eq(cfg.helo_table.act[SPFR_SOFTFAIL], ACT_REJECT);
	ck_assert_int_eq(cfg.mailfrom_table.act[SPFR_SOFTFAIL], ACT_WARN);
	ck_assert_int_eq(cfg.mailfrom_table.act[SPFR_NONE], ACT_ACCEPT);
	ck_assert_int_eq(cfg.mailfrom_table.act[SPFR_TEMPERROR],
	    ACT_PREPEND);
	ck_assert_int_eq(cfg.mailfrom_table.act[SPFR_PERMERROR], ACT_REJECT);
	ck_assert_int_eq(cfg.no_mail, 1);
	ck_assert_uint_eq(cfg.reject_not_pass_domains.n, 2);
	ck_assert_str_eq(cfg.reject_not_pass_domains.v[0], "example.com");
	ck_assert_str_eq(cfg.reject_not_pass_domains.v[1], "example.net");
	ck_assert_str_eq(cfg.helo_pass_restriction, "helo_passed_spf");
	ck_assert_str_eq(cfg.mail_from_pass_restriction, "mfrom-passed-spf");
	ck_assert_str_eq(cfg.prospective, "192.0.2.10");
	ck_assert_int_eq(cfg.prospective_addr.af, AF_INET);
	ck_assert_int_eq(cfg.prospective_addr.a[0], 192);
	ck_assert_int_eq(cfg.prospective_addr.a[3], 10);
	ck_assert_uint_eq(cfg.skip_addresses.n, 2);
	ck_assert_str_eq(cidr_text(&cfg.skip_addresses, 0), "10.0.0.0/8");
	ck_assert_str_eq(cidr_text(&cfg.skip_addresses, 1),
	    "2001:db8::/32");
	ck_assert_uint_eq(cfg.whitelist.n, 2);
	ck_assert_str_eq(cidr_text(&cfg.whitelist, 0), "192.0.2.0/24");
	ck_assert_str_eq(cidr_text(&cfg.whitelist, 1), "198.51.100.7/32");
	ck_assert_uint_eq(cfg.helo_whitelist.n, 1);
	ck_assert_str_eq(cfg.helo_whitelist.v[0], "mx.example.org");
	ck_assert_uint_eq(cfg.domain_whitelist.n, 1);
	ck_assert_str_eq(cfg.domain_whitelist.v[0], "forwarder.example");
	ck_assert_uint_eq(cfg.domain_whitelist_ptr.n, 2);
	ck_assert_str_eq(cfg.domain_whitelist_ptr.v[1], "relay2.example");
	ck_assert_int_eq(cfg.whitelist_lookup_time, 5);
	ck_assert_int_eq(cfg.skip_sasl_authenticated, 0);
	ck_assert_int_eq(cfg.spf_enhanced_status_codes, 0);
	ck_assert_int_eq(cfg.header_type, HEADER_AR);
	ck_assert_int_eq(cfg.hide_receiver, 1);
	ck_assert_str_eq(cfg.authserv_id, "mx.example.org");
	ck_assert_str_eq(cfg.reason_message,
	    "SPF {rejectdefer}: {spf} (see {url}; \"quoted\" \\ x=1 #2)");
	ck_assert_int_eq(cfg.instance_cache_size, 64);
	ck_assert_int_eq(cfg.lookup_time, 30);
	ck_assert_int_eq(cfg.void_limit, 3);
	ck_assert_uint_eq(cfg.dns_servers.n, 4);
	ck_assert_str_eq(cfg.dns_servers.v[0], "192.0.2.53");
	ck_assert_str_eq(cfg.dns_servers.v[1], "192.0.2.54:5353");
	ck_assert_str_eq(cfg.dns_servers.v[2], "[2001:db8::53]:53");
	ck_assert_str_eq(cfg.dns_servers.v[3], "2001:db8::54");
	ck_assert_int_eq(cfg.dns_timeout, 500);
	ck_assert_int_eq(cfg.dns_retries, 3);

	/* And really every option: no setting line equals the default's. */
	config_defaults(&def);
	text = written(&cfg, 0);
	deftext = written(&def, 0);
	for (line = strtok_r(text, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		char	*want;

		if (line[0] == '#')
			continue;
		if (asprintf(&want, "\n%s\n", line) == -1)
			abort();
		ck_assert_msg(strstr(deftext, want) == NULL &&
		    strncmp(deftext, want + 1, strlen(want + 1)) != 0,
		    "default value in the fixture: %s", line);
		free(want);
	}
	free(text);
	free(deftext);
	config_free(&def);
	config_free(&cfg);
	free(path);
}
END_TEST

/* Every class of error, with its exact text; cfg stays at the defaults. */
static const struct {
	const char	*text;
	const char	*errors;
} error_cases[] = {
	{ "debug_level = 9;",
	    "t.conf:1: debug_level: must be between -1 and 5" },
	{ "Lookup_Time = 0;",
	    "t.conf:1: Lookup_Time: must be between 1 and 100" },
	{ "dns_timeout = 50;",
	    "t.conf:1: dns_timeout: must be between 100 and 30000" },
	{ "instance_cache_size = 100001;",
	    "t.conf:1: instance_cache_size: must be between 1 and 100000" },
	{ "void_limit = -1;",
	    "t.conf:1: void_limit: must be between 0 and 100" },
	{ "debug_level = \"1\";",
	    "t.conf:1: debug_level: must be an integer" },
	{ "debug_level = 1.0;",
	    "t.conf:1: debug_level: must be an integer" },
	{ "debug_level = true;",
	    "t.conf:1: debug_level: must be an integer" },
	{ "whatever = 1;",
	    "t.conf:1: whatever: unknown option" },
	{ "HeloReject = \"fail\";",
	    "t.conf:1: HeloReject: unknown option (did you mean "
	    "helo_reject?)" },
	{ "mailfrom-reject = \"fail\";",
	    "t.conf:1: mailfrom-reject: unknown option (did you mean "
	    "mail_from_reject?)" },
	{ "TestOnly = 1;",
	    "t.conf:1: TestOnly: unknown option (pypolicyd-spf's TestOnly is "
	    "reversed: use test_only = true for TestOnly = 0, or convert the "
	    "file with policyd-spf --import-pypolicyd)" },
	{ "Mock = false;",
	    "t.conf:1: Mock: unknown option (pypolicyd-spf's Mock has no "
	    "equivalent; convert the file with policyd-spf "
	    "--import-pypolicyd)" },
	{ "defaultSeedOnly = 1;",
	    "t.conf:1: defaultSeedOnly: unknown option (pypolicyd-spf's "
	    "defaultSeedOnly has no equivalent; convert the file with "
	    "policyd-spf --import-pypolicyd)" },
	{ "helo_reject = \"sometimes\";",
	    "t.conf:1: helo_reject: must be one of: fail, softfail, "
	    "spf_not_pass, null, false, no_check" },
	{ "helo_reject = 1;",
	    "t.conf:1: helo_reject: must be one of: fail, softfail, "
	    "spf_not_pass, null, false, no_check" },
	{ "mail_from_reject = \"null\";",
	    "t.conf:1: mail_from_reject: null applies to helo_reject only" },
	{ "Mail_From_reject = \"Null\";",
	    "t.conf:1: Mail_From_reject: null applies to helo_reject only" },
	{ "mail_from_reject = \"never\";",
	    "t.conf:1: mail_from_reject: must be one of: fail, softfail, "
	    "spf_not_pass, false, no_check" },
	{ "syslog_facility = \"kern\";",
	    "t.conf:1: syslog_facility: must be one of: mail, daemon, user, "
	    "local0, local1, local2, local3, local4, local5, local6, local7" },
	{ "header_type = \"SPF,AR\";",
	    "t.conf:1: header_type: must be one of: spf, ar, none" },
	{ "test_only = \"maybe\";",
	    "t.conf:1: test_only: must be true or false (or yes, no, on, off, "
	    "1, 0)" },
	{ "test_only = 2;",
	    "t.conf:1: test_only: must be true or false (or yes, no, on, off, "
	    "1, 0)" },
	{ "no_mail = [\"true\"];",
	    "t.conf:1: no_mail: must be true or false (or yes, no, on, off, "
	    "1, 0)" },
	{ "log_target = \"policyd.log\";",
	    "t.conf:1: log_target: must be \"syslog\", \"stderr\" or an "
	    "absolute path" },
	{ "log_target = 1;",
	    "t.conf:1: log_target: must be a string" },
	{ "helo_pass_restriction = \"helo passed\";",
	    "t.conf:1: helo_pass_restriction: must be a Postfix restriction "
	    "class name (letters, digits, '_' and '-')" },
	{ "Mail_From_pass_restriction = \"a;b\";",
	    "t.conf:1: Mail_From_pass_restriction: must be a Postfix "
	    "restriction class name (letters, digits, '_' and '-')" },
	{ "authserv_id = \"\";",
	    "t.conf:1: authserv_id: must not be empty" },
	{ "authserv_id = \"mx.example.org; x\";",
	    "t.conf:1: authserv_id: must be printable ASCII without white "
	    "space or ';'" },
	{ "Reason_Message = \"bad \\x07 bell\";",
	    "t.conf:1: Reason_Message: must be printable ASCII (no control "
	    "characters or 8-bit bytes)" },
	{ "prospective = \"192.0.2\";",
	    "t.conf:1: prospective: 192.0.2: not an IP address" },
	{ "prospective = \"\\x01\\x1b[2J\";",
	    "t.conf:1: prospective: ??[2J: not an IP address" },
	{ "prospective = 1;",
	    "t.conf:1: prospective: must be a string (an IP address or \"\")" },
	{ "skip_addresses = \"127.0.0.0/8,10.0.0.0/33\";",
	    "t.conf:1: skip_addresses: 10.0.0.0/33: bad prefix length" },
	{ "Whitelist = [\"192.0.2.1\", \"mx.example.org\"];",
	    "t.conf:1: Whitelist: mx.example.org: not an IP address" },
	{ "whitelist = (\"192.0.2.1\", 5);",
	    "t.conf:1: whitelist: list items must be strings" },
	{ "whitelist = 5;",
	    "t.conf:1: whitelist: must be a list of strings or a string" },
	{ "domain_whitelist = (\"a.example\", true);",
	    "t.conf:1: domain_whitelist: list items must be strings" },
	{ "dns_servers = [\"192.0.2.1:0\"];",
	    "t.conf:1: dns_servers: 192.0.2.1:0: port must be between 1 and "
	    "65535" },
	{ "dns_servers = \"[2001:db8::1]:65536\";",
	    "t.conf:1: dns_servers: [2001:db8::1]:65536: port must be between "
	    "1 and 65535" },
	{ "dns_servers = \"ns.example.org\";",
	    "t.conf:1: dns_servers: ns.example.org: must be ADDR, "
	    "IPv4ADDR:PORT or [IPv6ADDR]:PORT" },
	{ "dns_servers = \"[192.0.2.1]:53\";",
	    "t.conf:1: dns_servers: [192.0.2.1]:53: must be ADDR, "
	    "IPv4ADDR:PORT or [IPv6ADDR]:PORT" },
	{ "dns_servers = \"192.0.2.1:53x\";",
	    "t.conf:1: dns_servers: 192.0.2.1:53x: port must be between 1 and "
	    "65535" },
	{ "test_only_answer = \"dunno\";",
	    "t.conf:1: test_only_answer: must be one of: prepend, warn" },
	{ "test_only_answer = true;",
	    "t.conf:1: test_only_answer: must be one of: prepend, warn" },
	{ "mail_from_actions = [\"softfial=warn\"];",
	    "t.conf:1: mail_from_actions: softfial=warn: unknown result "
	    "(pass, fail, softfail, neutral, none, permerror, temperror)" },
	{ "helo_actions = \"fail=bounce\";",
	    "t.conf:1: helo_actions: fail=bounce: unknown action (reject, "
	    "defer, warn, prepend, accept)" },
	{ "helo_actions = \"pass=dunno\";",
	    "t.conf:1: helo_actions: pass=dunno: unknown action (reject, "
	    "defer, warn, prepend, accept)" },
	{ "mail_from_actions = [\"fail=reject\", \"softfail\"];",
	    "t.conf:1: mail_from_actions: softfail: must be result=action, "
	    "as in fail=reject" },
	{ "mail_from_actions = \"fail = reject\";",
	    "t.conf:1: mail_from_actions: fail: must be result=action, as in "
	    "fail=reject" },
	{ "mail_from_actions = [\"=warn\"];",
	    "t.conf:1: mail_from_actions: =warn: unknown result (pass, fail, "
	    "softfail, neutral, none, permerror, temperror)" },
	{ "mail_from_actions = [\"fail=\"];",
	    "t.conf:1: mail_from_actions: fail=: unknown action (reject, "
	    "defer, warn, prepend, accept)" },
	{ "mail_from_actions = [\"fail=warn=reject\"];",
	    "t.conf:1: mail_from_actions: fail=warn=reject: unknown action "
	    "(reject, defer, warn, prepend, accept)" },
	{ "mail_from_actions = [\"fail=warn\", \"FAIL=Reject\"];",
	    "t.conf:1: mail_from_actions: fail=reject: fail given twice" },
	{ "helo_actions = \"temperror=defer,pass=accept,temperror=defer\";",
	    "t.conf:1: helo_actions: temperror=defer: temperror given twice" },
	{ "helo_actions = (\"fail=reject\", 5);",
	    "t.conf:1: helo_actions: list items must be strings" },
	{ "mail_from_actions = 5;",
	    "t.conf:1: mail_from_actions: must be a list of strings or a "
	    "string" },
	{ "helo_reject = \"no_check\";\nhelo_actions = [\"pass=accept\"];",
	    "t.conf:2: helo_actions: HELO is not checked (helo_reject = "
	    "no_check): give helo_reject another value or remove "
	    "helo_actions" },
	{ "Mail_From_Actions = \"fail=warn\";\n"
	    "Mail_From_reject = \"No_Check\";",
	    "t.conf:1: Mail_From_Actions: MAIL FROM is not checked "
	    "(mail_from_reject = no_check): give mail_from_reject another "
	    "value or remove Mail_From_Actions" },
	{ "debug_level = 9;\nhelo_reject = \"no_check\";\n"
	    "mail_from_reject = \"no_check\";\n"
	    "mail_from_actions = \"fail=reject\";\n"
	    "helo_actions = \"fail=reject\";",
	    "t.conf:1: debug_level: must be between -1 and 5\n"
	    "t.conf:5: helo_actions: HELO is not checked (helo_reject = "
	    "no_check): give helo_reject another value or remove "
	    "helo_actions\n"
	    "t.conf:4: mail_from_actions: MAIL FROM is not checked "
	    "(mail_from_reject = no_check): give mail_from_reject another "
	    "value or remove mail_from_actions" },
	{ "helo_reject = \"fail\";\nHELO_reject = \"null\";",
	    "t.conf:2: HELO_reject: given twice (first on line 1)" },
	{ "debuglevel = 2;\n\nDEBUG_LEVEL = 3;",
	    "t.conf:3: DEBUG_LEVEL: given twice (first on line 1)" },
	{ "debug_level = 1;\ndebug_level = 2;",
	    "t.conf:2: duplicate setting name" },
	{ "spf = { header_type = \"ar\"; };",
	    "t.conf:1: spf: groups are not allowed (every setting is at the "
	    "top level)" },
	{ "debug_level = 2;\nhelo_reject = fail;",
	    "t.conf:2: syntax error" },
	{ "debug_level = 9;\nvoid_limit = 2;\nfoo = 1;\nheader_type = \"x\";",
	    "t.conf:1: debug_level: must be between -1 and 5\n"
	    "t.conf:3: foo: unknown option\n"
	    "t.conf:4: header_type: must be one of: spf, ar, none" },
};

START_TEST(test_config_errors)
{
	struct config	 cfg, def;
	char		*errors = (char *)"untouched", *a, *b;

	config_defaults(&cfg);
	/* Something that is not the default, to see it reset. */
	ck_assert_int_eq(config_load_string(&cfg, "debug_level = 4;", "x",
	    &errors), 0);
	ck_assert_ptr_null(errors);
	ck_assert_int_eq(config_load_string(&cfg, error_cases[_i].text,
	    "t.conf", &errors), -1);
	ck_assert_ptr_nonnull(errors);
	ck_assert_str_eq(errors, error_cases[_i].errors);
	free(errors);

	config_defaults(&def);
	a = written(&cfg, 0);
	b = written(&def, 0);
	ck_assert_str_eq(a, b);
	free(a);
	free(b);
	config_free(&def);
	config_free(&cfg);
}
END_TEST

/* Errors from files: missing, a directory, a syntax error, an include. */
START_TEST(test_config_file_errors)
{
	struct config	 cfg;
	char		*path, *dir, *errors = NULL, *want;

	config_defaults(&cfg);
	path = fixture("no-such-file.conf");
	ck_assert_int_eq(config_load(&cfg, path, &errors), -1);
	if (asprintf(&want, "%s: No such file or directory", path) == -1)
		abort();
	ck_assert_str_eq(errors, want);
	free(want);
	free(errors);
	free(path);

	dir = fixture("");
	ck_assert_int_eq(config_load(&cfg, dir, &errors), -1);
	if (asprintf(&want, "%s: Is a directory", dir) == -1)
		abort();
	ck_assert_str_eq(errors, want);
	free(want);
	free(errors);
	free(dir);

	path = fixture("syntax.conf");
	ck_assert_int_eq(config_load(&cfg, path, &errors), -1);
	if (asprintf(&want, "%s:3: syntax error", path) == -1)
		abort();
	ck_assert_str_eq(errors, want);
	free(want);
	free(errors);
	free(path);
	ck_assert_int_eq(cfg.debug_level, 1);

	/* An error in an included file names that file. */
	path = fixture("include.conf");
	dir = fixture("include-part.conf");
	ck_assert_int_eq(config_load(&cfg, path, &errors), -1);
	if (asprintf(&want, "%s:3: lookup_time: must be between 1 and 100",
	    dir) == -1)
		abort();
	ck_assert_str_eq(errors, want);
	free(want);
	free(errors);
	free(path);
	free(dir);

	/* errors may be NULL; /dev/null is an empty, valid file. */
	ck_assert_int_eq(config_load(&cfg, "/nonexistent/x.conf", NULL), -1);
	ck_assert_int_eq(config_load(&cfg, "/dev/null", &errors), 0);
	ck_assert_ptr_null(errors);
	config_free(&cfg);
}
END_TEST

/* Aliases and native names in any case; values in any case. */
START_TEST(test_config_aliases_and_case)
{
	struct config	 cfg;
	char		*errors = NULL;

	config_defaults(&cfg);
	ck_assert_msg(config_load_string(&cfg,
	    "DEBUGLEVEL = 3;\n"
	    "helo_REJECT = \"SoftFail\";\n"
	    "Mail_From_Reject = \"SPF_Not_Pass\";\n"
	    "Permerror_Reject = \"YES\";\n"
	    "tempERROR_defer = \"On\";\n"
	    "No_Mail = \"TRUE\";\n"
	    "Header_Type = \"AR\";\n"
	    "Log_Target = \"STDERR\";\n"
	    "Syslog_Facility = \"LOCAL3\";\n"
	    "SKIP_ADDRESSES = \"10.0.0.0/8 192.168.0.0/16,,\";\n"
	    "HELO_Whitelist = \"a.example, b.example\";\n"
	    "Domain_Whitelist_PTR = [];\n"
	    "Whitelist_Lookup_Time = 7;\n"
	    "SPF_Enhanced_Status_Codes = \"no\";\n"
	    "Hide_Receiver = 1;\n"
	    "Authserv_Id = \"mx.example\";\n"
	    "Lookup_Time = 5L;\n"
	    "Void_Limit = 0;\n"
	    "Prospective = \"2001:db8::1\";\n"
	    "test_only = \"off\";\n", "t.conf", &errors) == 0, "%s", errors);
	ck_assert_int_eq(cfg.debug_level, 3);
	ck_assert_int_eq(cfg.helo_reject, POLICY_SOFTFAIL);
	ck_assert_int_eq(cfg.mail_from_reject, POLICY_SPF_NOT_PASS);
	ck_assert_int_eq(cfg.permerror_reject, 1);
	ck_assert_int_eq(cfg.temperror_defer, 1);
	ck_assert_int_eq(cfg.no_mail, 1);
	ck_assert_int_eq(cfg.header_type, HEADER_AR);
	ck_assert_str_eq(cfg.log_target, "stderr");
	ck_assert_str_eq(cfg.syslog_facility, "local3");
	ck_assert_uint_eq(cfg.skip_addresses.n, 2);
	ck_assert_str_eq(cidr_text(&cfg.skip_addresses, 1),
	    "192.168.0.0/16");
	ck_assert_uint_eq(cfg.helo_whitelist.n, 2);
	ck_assert_str_eq(cfg.helo_whitelist.v[1], "b.example");
	ck_assert_uint_eq(cfg.domain_whitelist_ptr.n, 0);
	ck_assert_int_eq(cfg.whitelist_lookup_time, 7);
	ck_assert_int_eq(cfg.spf_enhanced_status_codes, 0);
	ck_assert_int_eq(cfg.hide_receiver, 1);
	ck_assert_str_eq(cfg.authserv_id, "mx.example");
	ck_assert_int_eq(cfg.lookup_time, 5);
	ck_assert_int_eq(cfg.void_limit, 0);
	ck_assert_int_eq(cfg.prospective_addr.af, AF_INET6);
	ck_assert_int_eq(cfg.test_only, 0);
	/* Settings not given keep their defaults. */
	ck_assert_int_eq(cfg.dns_timeout, 2000);
	ck_assert_int_eq(cfg.skip_sasl_authenticated, 1);

	/* A reload replaces everything, back to defaults where not set. */
	ck_assert_int_eq(config_load_string(&cfg, "void_limit = 4;", "t",
	    &errors), 0);
	ck_assert_int_eq(cfg.void_limit, 4);
	ck_assert_int_eq(cfg.debug_level, 1);
	ck_assert_uint_eq(cfg.skip_addresses.n, 3);
	ck_assert_int_eq(cfg.prospective_addr.af, 0);
	config_free(&cfg);
}
END_TEST

/*
 * The action tables for every helo_reject x mail_from_reject x
 * permerror_reject x temperror_defer.  Expected, per policy, is the
 * set of results it rejects, written out rather than computed.
 */
static const char *const helo_values[] = {
	"fail", "softfail", "spf_not_pass", "null", "false", "no_check"
};
static const char *const mfrom_values[] = {
	"fail", "softfail", "spf_not_pass", "false", "no_check"
};

/* Rejected results of a policy, for a non-null / null sender. */
static const struct {
	const char	*policy;
	const char	*rejects;	/* "-": not checked */
	const char	*rejects_null;
	int		 errors_apply;
} policy_rows[] = {
	{ "fail",		"fail",			 "fail", 1 },
	{ "softfail",		"fail softfail",	 "fail softfail", 1 },
	{ "spf_not_pass",	"fail softfail neutral",
	    "fail softfail neutral", 1 },
	{ "null",		"",			 "fail", 1 },
	{ "false",		"",			 "", 0 },
	{ "no_check",		"-",			 "-", 0 },
};

static void
check_table(const struct action_table *t, const char *policy, int null,
    int perm, int temp, const char *what)
{
	const char	*rejects = NULL;
	char		 word[16];
	int		 r, errors_apply = 0;
	size_t		 i;

	for (i = 0; i < sizeof(policy_rows) / sizeof(policy_rows[0]); i++)
		if (strcmp(policy_rows[i].policy, policy) == 0) {
			rejects = null ? policy_rows[i].rejects_null :
			    policy_rows[i].rejects;
			errors_apply = policy_rows[i].errors_apply;
		}
	/* Null: pypolicyd-spf never acts on HELO for a non-null sender. */
	if (strcmp(policy, "null") == 0 && !null)
		errors_apply = 0;
	ck_assert_ptr_nonnull(rejects);
	if (strcmp(rejects, "-") == 0) {
		ck_assert_msg(t->check == 0, "%s %s: checked", what, policy);
		return;
	}
	ck_assert_msg(t->check == 1, "%s %s: not checked", what, policy);
	for (r = 0; r < SPFR_COUNT; r++) {
		enum policy_action	want = ACT_PREPEND;

		snprintf(word, sizeof(word), " %s ",
		    spf_result_lower((enum spf_result)r));
		if (r == SPFR_FAIL || r == SPFR_SOFTFAIL ||
		    r == SPFR_NEUTRAL) {
			char	padded[64];

			snprintf(padded, sizeof(padded), " %s ", rejects);
			if (strstr(padded, word) != NULL)
				want = ACT_REJECT;
		}
		if (r == SPFR_PERMERROR && perm && errors_apply)
			want = ACT_REJECT;
		if (r == SPFR_TEMPERROR && temp && errors_apply)
			want = ACT_DEFER;
		ck_assert_msg(t->act[r] == want, "%s (%s, perm %d, temp %d): "
		    "%s is %s, want %s", what, policy, perm, temp,
		    spf_result_lower((enum spf_result)r),
		    config_action_name(t->act[r]), config_action_name(want));
	}
}

START_TEST(test_config_action_matrix)
{
	struct config	 cfg;
	char		*text, *errors = NULL;
	int		 h = _i / 20, m = (_i / 4) % 5, perm = (_i / 2) % 2;
	int		 temp = _i % 2;

	config_defaults(&cfg);
	if (asprintf(&text, "helo_reject = \"%s\";\nmail_from_reject = "
	    "\"%s\";\npermerror_reject = %s;\ntemperror_defer = %s;\n",
	    helo_values[h], mfrom_values[m], perm ? "true" : "false",
	    temp ? "true" : "false") == -1)
		abort();
	ck_assert_msg(config_load_string(&cfg, text, "t", &errors) == 0, "%s",
	    errors);
	check_table(&cfg.helo_table, helo_values[h], 0, perm, temp, "helo");
	check_table(&cfg.helo_null_table, helo_values[h], 1, perm, temp,
	    "helo (null sender)");
	check_table(&cfg.mailfrom_table, mfrom_values[m], 0, perm, temp,
	    "mail_from");
	check_table(&cfg.notpass_table, "spf_not_pass", 0, perm, temp,
	    "reject_not_pass_domains");
	free(text);
	config_free(&cfg);
}
END_TEST

/*
 * helo_actions and mail_from_actions over the derived tables: every
 * identity x result x action, over three policies each (with
 * permerror_reject and temperror_defer on, so that the derived table
 * is not all prepend), in upper or lower case.  The item's result gets
 * the item's action, marked as set; every other entry, the other
 * identity's table and Reject_Not_Pass_Domains' table are what the
 * same file without the item gives.
 */
static const char *const result_words[] = {
	"pass", "fail", "softfail", "neutral", "none", "permerror",
	"temperror"
};
static const struct {
	const char		*word;
	enum policy_action	 act;
} action_words[] = {
	{ "reject", ACT_REJECT }, { "defer", ACT_DEFER },
	{ "warn", ACT_WARN }, { "prepend", ACT_PREPEND },
	{ "accept", ACT_ACCEPT },
};
static const char *const helo_bases[] = { "fail", "null", "false" };
static const char *const mfrom_bases[] = { "softfail", "spf_not_pass",
	"false" };
#define OVERRIDE_ROWS	(2 * 7 * 5 * 3)

/* same_table - t equals base but for result r (r < 0: everywhere) */
static void
same_table(const struct action_table *t, const struct action_table *base,
    int r, const char *what)
{
	int	i;

	ck_assert_int_eq(t->check, base->check);
	for (i = 0; i < SPFR_COUNT; i++)
		if (i != r)
			ck_assert_msg(t->act[i] == base->act[i],
			    "%s: %s is %s, want %s", what,
			    spf_result_lower((enum spf_result)i),
			    config_action_name(t->act[i]),
			    config_action_name(base->act[i]));
	if (r < 0)
		ck_assert_uint_eq(t->set, base->set);
}

START_TEST(test_config_action_override)
{
	struct config	 cfg, base;
	struct strlist	*list;
	enum spf_result	 r;
	char		*text, *plain, *item, *errors = NULL;
	int		 i = _i, helo, ri, ai, bi;
	const char	*option, *policy, *base_name;

	helo = i % 2;
	i /= 2;
	ri = i % 7;
	i /= 7;
	ai = i % 5;
	bi = i / 5;
	ck_assert_int_eq(spf_result_parse(result_words[ri], &r), 0);
	option = helo ? "helo_actions" : "mail_from_actions";
	policy = helo ? "helo_reject" : "mail_from_reject";
	base_name = helo ? helo_bases[bi] : mfrom_bases[bi];
	if (asprintf(&item, "%s=%s", result_words[ri],
	    action_words[ai].word) == -1)
		abort();
	if (_i % 3 == 0)
		for (text = item; *text != '\0'; text++)
			*text = (char)toupper((unsigned char)*text);
	if (asprintf(&plain, "%s = \"%s\";\npermerror_reject = true;\n"
	    "temperror_defer = true;\n", policy, base_name) == -1)
		abort();
	if (asprintf(&text, "%s%s = [\"%s\"];\n", plain, option, item) == -1)
		abort();

	config_defaults(&base);
	config_defaults(&cfg);
	ck_assert_msg(config_load_string(&base, plain, "t", &errors) == 0,
	    "%s", errors);
	ck_assert_msg(config_load_string(&cfg, text, "t", &errors) == 0, "%s",
	    errors);
	if (helo) {
		ck_assert_int_eq(cfg.helo_table.act[r], action_words[ai].act);
		ck_assert_int_eq(cfg.helo_null_table.act[r],
		    action_words[ai].act);
		ck_assert_uint_eq(cfg.helo_table.set, 1U << r);
		ck_assert_uint_eq(cfg.helo_null_table.set, 1U << r);
		same_table(&cfg.helo_table, &base.helo_table, r, "helo");
		same_table(&cfg.helo_null_table, &base.helo_null_table, r,
		    "helo (null sender)");
		same_table(&cfg.mailfrom_table, &base.mailfrom_table, -1,
		    "mail_from");
	} else {
		ck_assert_int_eq(cfg.mailfrom_table.act[r],
		    action_words[ai].act);
		ck_assert_uint_eq(cfg.mailfrom_table.set, 1U << r);
		same_table(&cfg.mailfrom_table, &base.mailfrom_table, r,
		    "mail_from");
		same_table(&cfg.helo_table, &base.helo_table, -1, "helo");
		same_table(&cfg.helo_null_table, &base.helo_null_table, -1,
		    "helo (null sender)");
	}
	same_table(&cfg.notpass_table, &base.notpass_table, -1,
	    "reject_not_pass_domains");

	/* Stored in lower case, whatever case it was given in. */
	free(text);
	if (asprintf(&text, "%s=%s", result_words[ri],
	    action_words[ai].word) == -1)
		abort();
	list = helo ? &cfg.helo_actions : &cfg.mail_from_actions;
	ck_assert_uint_eq(list->n, 1);
	ck_assert_str_eq(list->v[0], text);
	free(text);
	free(plain);
	free(item);
	config_free(&base);
	config_free(&cfg);
}
END_TEST

/* Items for an unchecked identity are an error; an empty list is not. */
START_TEST(test_config_action_unchecked)
{
	struct config	 cfg;
	char		*errors = NULL;

	config_defaults(&cfg);
	ck_assert_msg(config_load_string(&cfg, "helo_reject = \"no_check\";\n"
	    "helo_actions = [];\nmail_from_reject = \"no_check\";\n"
	    "mail_from_actions = \"\";\n", "t", &errors) == 0, "%s", errors);
	ck_assert_int_eq(cfg.helo_table.check, 0);
	ck_assert_int_eq(cfg.helo_null_table.check, 0);
	ck_assert_int_eq(cfg.mailfrom_table.check, 0);
	/* Several items, any order; the last word on each result. */
	ck_assert_msg(config_load_string(&cfg, "mail_from_actions = "
	    "\"temperror=defer, fail=warn softfail=accept\";\n"
	    "helo_actions = (\"Pass=Warn\", \"none=reject\");\n", "t",
	    &errors) == 0, "%s", errors);
	ck_assert_int_eq(cfg.mailfrom_table.act[SPFR_TEMPERROR], ACT_DEFER);
	ck_assert_int_eq(cfg.mailfrom_table.act[SPFR_FAIL], ACT_WARN);
	ck_assert_int_eq(cfg.mailfrom_table.act[SPFR_SOFTFAIL], ACT_ACCEPT);
	ck_assert_int_eq(cfg.mailfrom_table.act[SPFR_PERMERROR], ACT_PREPEND);
	ck_assert_uint_eq(cfg.mailfrom_table.set, (1U << SPFR_TEMPERROR) |
	    (1U << SPFR_FAIL) | (1U << SPFR_SOFTFAIL));
	ck_assert_int_eq(cfg.helo_table.act[SPFR_PASS], ACT_WARN);
	ck_assert_int_eq(cfg.helo_null_table.act[SPFR_NONE], ACT_REJECT);
	ck_assert_int_eq(cfg.helo_table.act[SPFR_FAIL], ACT_REJECT);
	config_free(&cfg);
}
END_TEST

/* The --config-test rendering of the tables, exactly. */
START_TEST(test_config_action_text)
{
	struct config	 cfg;
	char		*text, *errors = NULL;

	config_defaults(&cfg);
	text = written(&cfg, 0);
	ck_assert_ptr_nonnull(strstr(text, "\n# effective action tables\n"
	    "#   helo: pass=prepend fail=reject softfail=prepend "
	    "neutral=prepend none=prepend permerror=prepend "
	    "temperror=prepend\n"
	    "#   helo (null sender): pass=prepend fail=reject "
	    "softfail=prepend neutral=prepend none=prepend permerror=prepend "
	    "temperror=prepend\n"
	    "#   mail_from: pass=prepend fail=reject softfail=prepend "
	    "neutral=prepend none=prepend permerror=prepend "
	    "temperror=prepend\n"
	    "#   reject_not_pass_domains: pass=prepend fail=reject "
	    "softfail=reject neutral=reject none=prepend permerror=prepend "
	    "temperror=prepend\n"));
	ck_assert_int_eq(text[strlen(text) - 1], '\n');
	free(text);

	ck_assert_int_eq(config_load_string(&cfg, "helo_reject = \"null\";\n"
	    "mail_from_reject = \"no_check\";\npermerror_reject = true;\n"
	    "temperror_defer = true;\ntest_only = true;\nno_mail = \"yes\";\n",
	    "t", &errors), 0);
	text = written(&cfg, 0);
	ck_assert_ptr_nonnull(strstr(text, "\n# effective action tables\n"
	    "#   helo: pass=prepend fail=prepend softfail=prepend "
	    "neutral=prepend none=prepend permerror=prepend "
	    "temperror=prepend\n"
	    "#   helo (null sender): pass=prepend fail=reject "
	    "softfail=prepend neutral=prepend none=prepend permerror=reject "
	    "temperror=defer\n"
	    "#   mail_from: not checked\n"
	    "#   reject_not_pass_domains: pass=prepend fail=reject "
	    "softfail=reject neutral=reject none=prepend permerror=reject "
	    "temperror=defer\n"
	    "#   (no_mail: a Fail is rejected only when the record is "
	    "\"v=spf1 -all\")\n"
	    "#   (test_only, test_only_answer = prepend: rejects, defers and "
	    "warns are answered with the header and logged as would-be)\n"));
	ck_assert_int_eq(text[strlen(text) - 1], '\n');
	free(text);

	/* The native tables: overrides marked, test_only_answer said. */
	ck_assert_int_eq(config_load_string(&cfg, "mail_from_actions = "
	    "[\"fail=reject\", \"SoftFail=WARN\", \"temperror=defer\"];\n"
	    "helo_actions = \"temperror=defer\";\n"
	    "helo_reject = \"null\";\n"
	    "test_only = true;\ntest_only_answer = \"Warn\";\n", "t",
	    &errors), 0);
	text = written(&cfg, 0);
	ck_assert_ptr_nonnull(strstr(text, "\ntest_only = true;\n"
	    "test_only_answer = \"warn\";\n"));
	ck_assert_ptr_nonnull(strstr(text, "\ntemperror_defer = false;\n"
	    "helo_actions = [\"temperror=defer\"];\n"
	    "mail_from_actions = [\"fail=reject\", \"softfail=warn\", "
	    "\"temperror=defer\"];\n"));
	ck_assert_ptr_nonnull(strstr(text, "\n# effective action tables\n"
	    "#   helo: pass=prepend fail=prepend softfail=prepend "
	    "neutral=prepend none=prepend permerror=prepend "
	    "temperror=defer*\n"
	    "#   helo (null sender): pass=prepend fail=reject "
	    "softfail=prepend neutral=prepend none=prepend permerror=prepend "
	    "temperror=defer*\n"
	    "#   mail_from: pass=prepend fail=reject* softfail=warn* "
	    "neutral=prepend none=prepend permerror=prepend "
	    "temperror=defer*\n"
	    "#   reject_not_pass_domains: pass=prepend fail=reject "
	    "softfail=reject neutral=reject none=prepend permerror=prepend "
	    "temperror=prepend\n"
	    "#   (*: set by helo_actions or mail_from_actions; the rest "
	    "follows from helo_reject, mail_from_reject, permerror_reject and "
	    "temperror_defer)\n"
	    "#   (test_only, test_only_answer = warn: rejects and defers are "
	    "answered \"WARN would reject: <reply>\" or \"WARN would defer: "
	    "<reply>\" and logged as would-be)\n"));
	ck_assert_int_eq(text[strlen(text) - 1], '\n');
	free(text);

	/* test_only_answer without test_only: nothing to say. */
	ck_assert_int_eq(config_load_string(&cfg, "test_only_answer = "
	    "\"warn\";\n", "t", &errors), 0);
	text = written(&cfg, 0);
	ck_assert_ptr_null(strstr(text, "#   (test_only"));
	ck_assert_ptr_null(strstr(text, "#   (*"));
	free(text);
	config_free(&cfg);
}
END_TEST

/* Names of policies and actions. */
START_TEST(test_config_names)
{
	ck_assert_str_eq(config_policy_name(POLICY_FAIL), "fail");
	ck_assert_str_eq(config_policy_name(POLICY_SOFTFAIL), "softfail");
	ck_assert_str_eq(config_policy_name(POLICY_SPF_NOT_PASS),
	    "spf_not_pass");
	ck_assert_str_eq(config_policy_name(POLICY_NULL), "null");
	ck_assert_str_eq(config_policy_name(POLICY_FALSE), "false");
	ck_assert_str_eq(config_policy_name(POLICY_NO_CHECK), "no_check");
	ck_assert_str_eq(config_action_name(ACT_ACCEPT), "accept");
	ck_assert_str_eq(config_action_name(ACT_PREPEND), "prepend");
	ck_assert_str_eq(config_action_name(ACT_WARN), "warn");
	ck_assert_str_eq(config_action_name(ACT_DEFER), "defer");
	ck_assert_str_eq(config_action_name(ACT_REJECT), "reject");
}
END_TEST

/* write -> load -> write gives the same text, with and without comments. */
static void
round_trip(const char *text)
{
	struct config	 a, b;
	char		*errors = NULL, *wa, *wb, *ca, *cb;

	config_defaults(&a);
	config_defaults(&b);
	if (text != NULL)
		ck_assert_msg(config_load_string(&a, text, "t", &errors) == 0,
		    "%s", errors);
	wa = written(&a, 0);
	ck_assert_msg(config_load_string(&b, wa, "written", &errors) == 0,
	    "%s\n%s", errors, wa);
	wb = written(&b, 0);
	ck_assert_str_eq(wa, wb);

	ca = written(&a, 1);
	ck_assert_msg(config_load_string(&b, ca, "commented", &errors) == 0,
	    "%s", errors);
	cb = written(&b, 1);
	ck_assert_str_eq(ca, cb);
	free(wb);
	wb = written(&b, 0);
	ck_assert_str_eq(wa, wb);

	free(wa);
	free(wb);
	free(ca);
	free(cb);
	config_free(&a);
	config_free(&b);
}

START_TEST(test_config_round_trip)
{
	char	*path, *text;

	round_trip(NULL);
	path = fixture("all.conf");
	text = slurp(path);
	round_trip(text);
	free(text);
	free(path);
	/* Strings that need escapes; networks written in a long form. */
	round_trip("log_target = \"/var/log/\\\"odd\\\" \\\\ name\\x01\";\n"
	    "skip_addresses = [\"10.1.2.3/8\", \"::FFFF:127.0.0.1/104\", "
	    "\"0::1\"];\n"
	    "reason_message = \"\";\n"
	    "helo_reject = \"NULL\";\n");
}
END_TEST

/* The shipped file: header, doc comments within 72 columns, aliases. */
START_TEST(test_config_write_comments)
{
	const struct config_option	*o;
	struct config			 cfg;
	char				*text, *line, *save = NULL;
	char				*want, *copy;

	config_defaults(&cfg);
	text = written(&cfg, 1);
	ck_assert_msg(strncmp(text, "# policyd-spf.conf - ", 21) == 0, "%s",
	    text);
	ck_assert_ptr_nonnull(strstr(text, "policyd-spf --config-test"));
	ck_assert_ptr_nonnull(strstr(text, "--import-pypolicyd"));
	ck_assert_ptr_nonnull(strstr(text, "libconfig"));
	ck_assert_ptr_nonnull(strstr(text,
	    "\n# Type: integer, 1 to 100 seconds.\n"
	    "# pypolicyd-spf name: Lookup_Time.\n"
	    "lookup_time = 20;\n"));
	ck_assert_ptr_nonnull(strstr(text,
	    "\n# Type: one of fail, softfail, spf_not_pass, false, "
	    "no_check.\n# pypolicyd-spf name: Mail_From_reject.\n"
	    "mail_from_reject = \"fail\";\n"));
	for (o = config_options; o->name != NULL; o++) {
		if (asprintf(&want, "\n%s = ", o->name) == -1)
			abort();
		ck_assert_msg(strstr(text, want) != NULL, "%s", o->name);
		free(want);
	}
	ck_assert_ptr_null(strstr(text, "effective action tables"));
	copy = strdup(text);
	for (line = strtok_r(copy, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save))
		if (line[0] == '#')
			ck_assert_msg(strlen(line) <= 72, "too long: %s", line);
	free(copy);
	free(text);
	config_free(&cfg);
}
END_TEST

/* The man(7) fragment: one .TP per option, escaped text. */
START_TEST(test_config_write_man)
{
	const struct config_option	*o;
	char				*buf = NULL, *line, *save = NULL, *want;
	size_t				 len = 0, tp = 0;
	const char			*p;
	FILE				*fp;

	fp = open_memstream(&buf, &len);
	config_print_man(fp);
	fclose(fp);
	ck_assert_ptr_nonnull(strstr(buf, ".TP\n\\fBlookup_time\\fR = "
	    "\\fI20\\fR\n"));
	ck_assert_ptr_nonnull(strstr(buf, ".TP\n\\fBskip_addresses\\fR = "
	    "\\fI[\"127.0.0.0/8\", \"::ffff:127.0.0.0/104\", \"::1\"]\\fR\n"));
	ck_assert_ptr_nonnull(strstr(buf, ".TP\n\\fBdebug_level\\fR = "
	    "\\fI1\\fR\n"));
	ck_assert_ptr_nonnull(strstr(buf, "Type: integer, \\-1 to 5.\n"
	    ".br\npypolicyd\\-spf name: \\fBdebugLevel\\fR\n"));
	for (o = config_options; o->name != NULL; o++) {
		if (asprintf(&want, ".TP\n\\fB%s\\fR = ", o->name) == -1)
			abort();
		ck_assert_msg(strstr(buf, want) != NULL, "%s", o->name);
		free(want);
	}
	for (line = strtok_r(buf, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (strcmp(line, ".TP") == 0)
			tp++;
		if (line[0] == '.' || line[0] == '\'')
			ck_assert_msg(strcmp(line, ".TP") == 0 ||
			    strcmp(line, ".IP") == 0 ||
			    strcmp(line, ".br") == 0, "request: %s", line);
		for (p = line; *p != '\0'; p++) {
			if (*p == '\\') {
				ck_assert_msg(strchr("fe-&", p[1]) != NULL,
				    "escape in %s", line);
				p++;
				continue;
			}
			ck_assert_msg(*p != '-', "unescaped '-' in %s", line);
		}
	}
	ck_assert_uint_eq(tp, noptions());
	free(buf);
}
END_TEST

/* Debian's shipped pypolicyd-spf.conf converts without a warning. */
static const char debian_converted[] =
    "# converted from debian.conf by policyd-spf --import-pypolicyd\n"
    "#\n"
    "# policyd-spf.conf in libconfig syntax, see policyd-spf.conf(5).\n"
    "#\n"
    "# Each setting keeps what pypolicyd-spf actually did with the line\n"
    "# quoted above it, which is not always what the line says:\n"
    "# pypolicyd-spf compares names and most values case-sensitively and\n"
    "# silently ignores or misreads the rest (TempError_Defer = true is\n"
    "# False there, so it becomes temperror_defer = false here).  That\n"
    "# way the conversion does not change how a running mail system\n"
    "# treats mail; every such line was reported as a warning by\n"
    "# --import-pypolicyd: edit the value here to get what the line\n"
    "# meant.  Lines that pypolicyd-spf ignored and settings without an\n"
    "# equivalent here (Mock, Per_User, the milter's) are left out.\n"
    "# Options not set here have policyd-spf's defaults.  Check the\n"
    "# result with policyd-spf --config-test.\n"
    "\n"
    "# line 3: debugLevel = 1\n"
    "debug_level = 1;\n"
    "\n"
    "# line 4: TestOnly = 1\n"
    "test_only = false;\n"
    "\n"
    "# line 6: HELO_reject = Fail\n"
    "helo_reject = \"fail\";\n"
    "\n"
    "# line 7: Mail_From_reject = Fail\n"
    "mail_from_reject = \"fail\";\n"
    "\n"
    "# line 9: PermError_reject = False\n"
    "permerror_reject = false;\n"
    "\n"
    "# line 10: TempError_Defer = False\n"
    "temperror_defer = false;\n"
    "\n"
    "# line 12: skip_addresses = 127.0.0.0/8,::ffff:127.0.0.0/104,::1\n"
    "skip_addresses = [\"127.0.0.0/8\", \"::ffff:127.0.0.0/104\", "
    "\"::1\"];\n"
    "\n"
    "# pypolicyd-spf checks SASL-authenticated clients too; policyd-spf\n"
    "# skips them unless this is false.\n"
    "skip_sasl_authenticated = false;\n";

START_TEST(test_config_import_debian)
{
	struct config	 cfg, def;
	char		*path = fixture("debian.conf"), *text, *out;
	char		*warnings = (char *)"untouched", *errors = NULL, *a, *b;

	text = slurp(path);
	out = imported(text, "debian.conf", &warnings);
	ck_assert_str_eq(out, debian_converted);
	ck_assert_ptr_null(warnings);

	/* It loads, and it is the defaults but for SASL clients. */
	config_defaults(&cfg);
	ck_assert_msg(config_load_string(&cfg, out, "out", &errors) == 0,
	    "%s", errors);
	ck_assert_int_eq(cfg.skip_sasl_authenticated, 0);
	cfg.skip_sasl_authenticated = 1;
	config_defaults(&def);
	a = written(&cfg, 0);
	b = written(&def, 0);
	ck_assert_str_eq(a, b);
	free(a);
	free(b);
	config_free(&def);
	config_free(&cfg);
	free(out);
	free(text);
	free(path);
}
END_TEST

/* A file full of pypolicyd-spf's traps: exact output and warnings. */
static const char tricky_converted[] =
    "\n"
    "# line 2: debugLevel = 2\n"
    "debug_level = 2;\n"
    "\n"
    "# line 3: TestOnly = 0\n"
    "test_only = true;\n"
    "\n"
    "# line 4: HELO_reject = fail\n"
    "helo_reject = \"false\";\n"
    "\n"
    "# line 5: Mail_From_reject = Softfail\n"
    "mail_from_reject = \"softfail\";\n"
    "\n"
    "# line 6: PermError_reject = true\n"
    "permerror_reject = false;\n"
    "\n"
    "# line 7: TempError_Defer = True\n"
    "temperror_defer = true;\n"
    "\n"
    "# line 16: skip_addresses = 127.0.0.0/8,::1,10.1.2.3/8,"
    "192.168.0.0/16\n"
    "skip_addresses = [\"127.0.0.0/8\", \"::1\"];\n"
    "\n"
    "# line 15: Whitelist = 192.0.2.0/24, 198.51.100.7\n"
    "whitelist = [\"192.0.2.0/24\"];\n"
    "\n"
    "# line 17: HELO_Whitelist = mx.example.org,MX2.example.org\n"
    "helo_whitelist = [\"mx.example.org\"];\n"
    "\n"
    "# pypolicyd-spf checks SASL-authenticated clients too; policyd-spf\n"
    "# skips them unless this is false.\n"
    "skip_sasl_authenticated = false;\n"
    "\n"
    "# line 8: SPF_Enhanced_Status_Codes = no\n"
    "spf_enhanced_status_codes = true;\n"
    "\n"
    "# line 10: Header_Type = ar\n"
    "header_type = \"spf\";\n"
    "\n"
    "# line 9: Hide_Receiver = No\n"
    "hide_receiver = false;\n"
    "\n"
    "# line 11: Authserv_Id = mx.example.net\n"
    "authserv_id = \"mx.example.net\";\n"
    "\n"
    "# line 18: Lookup_Time = 200\n"
    "lookup_time = 100;\n";

static const char tricky_warnings[] =
    "tricky.conf:4: HELO_reject: pypolicyd-spf knows only Fail, Softfail, "
    "SPF_Not_Pass, Null, False, No_Check, spelt exactly so; with 'fail' "
    "it never rejected on HELO; converted as false, which also stops "
    "TempError_Defer = True from applying to HELO (pypolicyd-spf still "
    "applied it)\n"
    "tricky.conf:6: PermError_reject: pypolicyd-spf treats 'true' as False "
    "(only exactly 'True' is true); converted as false: write "
    "permerror_reject = true for what the line says\n"
    "tricky.conf:8: SPF_Enhanced_Status_Codes: pypolicyd-spf treats 'no' "
    "as Yes (only exactly 'No' is no); converted as true: write "
    "spf_enhanced_status_codes = false for what the line says\n"
    "tricky.conf:10: Header_Type: pypolicyd-spf reads 'ar' as SPF (it "
    "looks for 'SPF' and 'AR' in the value and for exactly 'None'); "
    "converted as spf\n"
    "tricky.conf:12: cannot parse line (pypolicyd-spf ignores it)\n"
    "tricky.conf:13: Mock: not supported; pypolicyd-spf takes any "
    "non-empty value, 'False' too, as true and answered every request "
    "with DUNNO without checking SPF; dropped: policyd-spf will check "
    "SPF\n"
    "tricky.conf:14: unknown name 'helo_reject': pypolicyd-spf names are "
    "case-sensitive and it ignores this line (HELO_reject was meant?); "
    "dropped\n"
    "tricky.conf:15: Whitelist: ' 198.51.100.7': white space in the entry: "
    "pypolicyd-spf stops reading the list there (and logs an error for "
    "each message); converted without it\n"
    "tricky.conf:16: skip_addresses: '10.1.2.3/8': host bits set beyond "
    "the prefix: pypolicyd-spf stops reading the list there (and logs an "
    "error for each message); converted without it and what follows it "
    "('192.168.0.0/16')\n"
    "tricky.conf:17: HELO_Whitelist: pypolicyd-spf compares "
    "'MX2.example.org' with the lowercased HELO name and never matched "
    "it; left out (policyd-spf ignores case: add it if it is wanted)\n"
    "tricky.conf:18: Lookup_Time: 200 is outside 1 to 100; converted as "
    "100\n"
    "tricky.conf:19: defaultSeedOnly: deprecated and without effect "
    "(pypolicyd-spf logs a warning for each message); dropped\n"
    "tricky.conf:20: Socket: a pyspf-milter setting, not used by the "
    "policy server; dropped\n"
    "tricky.conf:21: unknown name 'FooBar': pypolicyd-spf ignores it; "
    "dropped\n"
    "tricky.conf:22: cannot parse line (pypolicyd-spf ignores it)";

START_TEST(test_config_import_tricky)
{
	struct config	 cfg;
	char		*path = fixture("tricky.conf"), *text, *out, *body;
	char		*warnings = NULL, *errors = NULL;

	text = slurp(path);
	out = imported(text, "tricky.conf", &warnings);
	ck_assert_msg(strncmp(out, "# converted from tricky.conf by "
	    "policyd-spf --import-pypolicyd\n", 63) == 0, "%s", out);
	body = strstr(out, "--config-test.\n");
	ck_assert_ptr_nonnull(body);
	ck_assert_str_eq(body + strlen("--config-test.\n"), tricky_converted);
	ck_assert_ptr_nonnull(warnings);
	ck_assert_str_eq(warnings, tricky_warnings);

	config_defaults(&cfg);
	ck_assert_msg(config_load_string(&cfg, out, "out", &errors) == 0,
	    "%s", errors);
	ck_assert_int_eq(cfg.test_only, 1);
	ck_assert_int_eq(cfg.helo_reject, POLICY_FALSE);
	ck_assert_int_eq(cfg.permerror_reject, 0);
	ck_assert_int_eq(cfg.temperror_defer, 1);
	ck_assert_int_eq(cfg.hide_receiver, 0);
	ck_assert_int_eq(cfg.lookup_time, 100);
	ck_assert_str_eq(cfg.reason_message,
	    "Message {rejectdefer} due to: {spf}. Please see {url}");
	config_free(&cfg);
	free(warnings);
	free(out);
	free(text);
	free(path);
}
END_TEST

/*
 * Single lines through the importer: what is emitted (NULL: nothing)
 * and the warning (NULL: none).
 */
static const struct {
	const char	*in;
	const char	*setting;
	const char	*warning;
} import_cases[] = {
	{ "TestOnly = +0", "test_only = true;", NULL },
	{ "TestOnly = 1_0", "test_only = false;", NULL },
	{ "TestOnly = yes", NULL,
	    "x:1: TestOnly: 'yes' is not an integer: pypolicyd-spf exits at "
	    "startup on this line; left out (test_only keeps its default, "
	    "false: enforcing)" },
	{ "debugLevel = 9", "debug_level = 5;", NULL },
	{ "debugLevel = -3", "debug_level = -1;", NULL },
	{ "Void_Limit = x", NULL,
	    "x:1: Void_Limit: 'x' is not an integer: pypolicyd-spf exits at "
	    "startup on this line; left out (void_limit keeps its default)" },
	{ "Void_Limit = 1\x1b[2J", NULL,
	    "x:1: Void_Limit: '1?[2J' is not an integer: pypolicyd-spf exits "
	    "at startup on this line; left out (void_limit keeps its "
	    "default)" },
	{ "HELO_reject = SPF_Not_Pass", "helo_reject = \"spf_not_pass\";",
	    NULL },
	{ "HELO_reject = Null", "helo_reject = \"null\";", NULL },
	{ "HELO_reject = No_Check", "helo_reject = \"no_check\";", NULL },
	{ "TempError_Defer = True\nHELO_reject = Null",
	    "helo_reject = \"null\";",
	    "x:2: HELO_reject: with Null, pypolicyd-spf applied "
	    "TempError_Defer to HELO only for the null sender; policyd-spf's "
	    "null applies it to every sender" },
	{ "Mail_From_reject = Null", "mail_from_reject = \"false\";",
	    "x:1: Mail_From_reject: pypolicyd-spf knows only Fail, Softfail, "
	    "SPF_Not_Pass, False, No_Check, spelt exactly so; with 'Null' it "
	    "never rejected on MAIL FROM; converted as false" },
	{ "Mail_From_reject = fail\nPermError_reject = True",
	    "mail_from_reject = \"false\";",
	    "x:1: Mail_From_reject: pypolicyd-spf knows only Fail, Softfail, "
	    "SPF_Not_Pass, False, No_Check, spelt exactly so; with 'fail' it "
	    "never rejected on MAIL FROM; converted as false, which also stops "
	    "PermError_reject = True from applying to MAIL FROM (pypolicyd-spf "
	    "still applied it)" },
	{ "No_Mail = maybe", "no_mail = false;",
	    "x:1: No_Mail: 'maybe' is not a boolean: pypolicyd-spf treats it "
	    "as False (only exactly 'True' is true); converted as false" },
	{ "Hide_Receiver = false", "hide_receiver = true;",
	    "x:1: Hide_Receiver: pypolicyd-spf treats 'false' as Yes (only "
	    "exactly 'No' is no); converted as true: write hide_receiver = "
	    "false for what the line says" },
	{ "Hide_Receiver = Yes", "hide_receiver = true;", NULL },
	{ "Header_Type = None", "header_type = \"none\";", NULL },
	{ "Header_Type = none", "header_type = \"spf\";",
	    "x:1: Header_Type: pypolicyd-spf reads 'none' as SPF (it looks for "
	    "'SPF' and 'AR' in the value and for exactly 'None'); converted "
	    "as spf" },
	{ "Header_Type = SPF,AR", NULL,
	    "x:1: Header_Type: 'SPF,AR' contains both SPF and AR: "
	    "pypolicyd-spf fails on every message it checks; left out "
	    "(header_type keeps its default, spf)" },
	{ "Authserv_Id =", NULL,
	    "x:1: Authserv_Id: policyd-spf refuses the value: must not be "
	    "empty; left out (authserv_id keeps its default)" },
	{ "Prospective = 192.0.2.300", NULL,
	    "x:1: Prospective: policyd-spf refuses the value: 192.0.2.300: "
	    "not an IP address; left out (prospective keeps its default)" },
	{ "HELO_pass_restriction = helo_passed_spf",
	    "helo_pass_restriction = \"helo_passed_spf\";", NULL },
	{ "Reason_Message = {spf} \"quoted\" \\ {why}",
	    "reason_message = \"{spf} \\\"quoted\\\" \\\\ {why}\";",
	    "x:1: Reason_Message: pypolicyd-spf fails on {why} whenever it "
	    "rejects or defers (only {rejectdefer}, {spf} and {url} exist); "
	    "policyd-spf keeps it as text" },
	{ "Whitelist =", "whitelist = [];", NULL },
	{ "Whitelist = 192.0.2.1,", "whitelist = [\"192.0.2.1\"];",
	    "x:1: Whitelist: '': empty entry: pypolicyd-spf stops reading the "
	    "list there (and logs an error for each message); converted "
	    "without it" },
	{ "Whitelist = bogus,192.0.2.1", "whitelist = [];",
	    "x:1: Whitelist: 'bogus': not an IP address: pypolicyd-spf stops "
	    "reading the list there (and logs an error for each message); "
	    "converted without it and what follows it ('192.0.2.1')" },
	{ "Domain_Whitelist = a.example,,b.example",
	    "domain_whitelist = [\"a.example\", \"b.example\"];", NULL },
	{ "Domain_Whitelist_PTR = .relay.example",
	    "domain_whitelist_ptr = [\"relay.example\"];",
	    "x:1: Domain_Whitelist_PTR: '.relay.example' converted as "
	    "'relay.example', which also matches the name relay.example itself "
	    "(policyd-spf matches a domain and its subdomains)\n"
	    "x:1: Domain_Whitelist_PTR: policyd-spf matches a PTR name that "
	    "equals a listed domain or ends in '.' and the domain; "
	    "pypolicyd-spf's plain suffix match also took e.g. badexample.com "
	    "for example.com" },
	{ "Reject_Not_Pass_Domains = aol.com, gmail.com",
	    "reject_not_pass_domains = [\"aol.com\"];",
	    "x:1: Reject_Not_Pass_Domains: pypolicyd-spf keeps the white space "
	    "in ' gmail.com' and never matched it; left out (add it without "
	    "spaces if it is wanted)\n"
	    "x:1: Reject_Not_Pass_Domains: policyd-spf also applies it to "
	    "subdomains of the listed domains, which pypolicyd-spf did not (it "
	    "compared the other way round)" },
	{ "Per_User = text,/etc/x", NULL,
	    "x:1: Per_User: per-user settings are not supported; dropped: the "
	    "global settings apply to every recipient" },
	{ "Mock =", NULL,
	    "x:1: Mock: not supported (empty is off in pypolicyd-spf too); "
	    "dropped" },
	{ "QueueID = True", NULL,
	    "x:1: unknown name 'QueueID': pypolicyd-spf ignores it (it always "
	    "logs the queue id); dropped" },
	{ "defaultSeedOnly = no", NULL,
	    "x:1: defaultSeedOnly: deprecated, and 'no' is not an integer: "
	    "pypolicyd-spf exits at startup on this line; dropped" },
	{ "debugLevel = 2\ndebugLevel = 3", "debug_level = 3;",
	    "x:2: debugLevel: given again; pypolicyd-spf uses this line and "
	    "ignores line 1" },
	{ "Lookup_Time = 20 # seconds\r", "lookup_time = 20;", NULL },
	{ "=", NULL, "x:1: unknown name '': pypolicyd-spf ignores it; "
	    "dropped" },
};

START_TEST(test_config_import_lines)
{
	struct config	 cfg;
	char		*out, *warnings = NULL, *errors = NULL, *body, *p;

	out = imported(import_cases[_i].in, "x", &warnings);
	/* What follows the header, without the SASL default. */
	body = strstr(out, "--config-test.\n");
	ck_assert_ptr_nonnull(body);
	body += strlen("--config-test.\n");
	if (import_cases[_i].setting != NULL) {
		p = strstr(body, import_cases[_i].setting);
		ck_assert_msg(p != NULL && p[-1] == '\n' &&
		    p[strlen(import_cases[_i].setting)] == '\n',
		    "want %s in\n%s", import_cases[_i].setting, body);
	} else
		ck_assert_str_eq(body, "\n# pypolicyd-spf checks "
		    "SASL-authenticated clients too; policyd-spf\n# skips "
		    "them unless this is false.\n"
		    "skip_sasl_authenticated = false;\n");
	if (import_cases[_i].warning == NULL)
		ck_assert_msg(warnings == NULL, "%s", warnings);
	else {
		ck_assert_ptr_nonnull(warnings);
		ck_assert_str_eq(warnings, import_cases[_i].warning);
	}
	config_defaults(&cfg);
	ck_assert_msg(config_load_string(&cfg, out, "out", &errors) == 0,
	    "%s\n%s", errors, out);
	config_free(&cfg);
	free(warnings);
	free(out);
}
END_TEST

/* A stream that cannot be read is -1. */
START_TEST(test_config_import_unreadable)
{
	char	*warnings = NULL, *buf = NULL;
	size_t	 len = 0;
	FILE	*in, *out;

	in = fopen("/dev/null", "w");
	ck_assert_ptr_nonnull(in);
	out = open_memstream(&buf, &len);
	ck_assert_int_eq(config_import_pypolicyd(in, "w", out, &warnings),
	    -1);
	ck_assert_ptr_null(warnings);
	fclose(in);
	fclose(out);
	free(buf);
}
END_TEST

static Suite *
config_suite(void)
{
	Suite	*s = suite_create("config");
	TCase	*tc;

	tc = tcase_create("table");
	tcase_add_test(tc, test_config_table_sane);
	tcase_add_test(tc, test_config_defaults_equal_table);
	tcase_add_test(tc, test_config_names);
	suite_add_tcase(s, tc);

	tc = tcase_create("load");
	tcase_add_test(tc, test_config_every_option_set);
	tcase_add_loop_test(tc, test_config_errors, 0,
	    sizeof(error_cases) / sizeof(error_cases[0]));
	tcase_add_test(tc, test_config_file_errors);
	tcase_add_test(tc, test_config_aliases_and_case);
	suite_add_tcase(s, tc);

	tc = tcase_create("actions");
	tcase_add_loop_test(tc, test_config_action_matrix, 0, 6 * 5 * 2 * 2);
	tcase_add_loop_test(tc, test_config_action_override, 0,
	    OVERRIDE_ROWS);
	tcase_add_test(tc, test_config_action_unchecked);
	tcase_add_test(tc, test_config_action_text);
	suite_add_tcase(s, tc);

	tc = tcase_create("write");
	tcase_add_test(tc, test_config_round_trip);
	tcase_add_test(tc, test_config_write_comments);
	tcase_add_test(tc, test_config_write_man);
	suite_add_tcase(s, tc);

	tc = tcase_create("import");
	tcase_add_test(tc, test_config_import_debian);
	tcase_add_test(tc, test_config_import_tricky);
	tcase_add_loop_test(tc, test_config_import_lines, 0,
	    sizeof(import_cases) / sizeof(import_cases[0]));
	tcase_add_test(tc, test_config_import_unreadable);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	SRunner	*sr = srunner_create(config_suite());
	int	 failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return (failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE);
}
