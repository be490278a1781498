/*
 * NAME
 *	check_decide - unit tests for decide.c and header.c
 * DESCRIPTION
 *	"Header": header_is_dot_atom(), header_keyvalue() and
 *	header_comment() quoting and escaping, every header form against
 *	its exact text, and truncation at every buffer size (always a
 *	clean prefix ending at a unit boundary, never an overrun).
 *
 *	"Matrix": every HELO result x every MAIL FROM result x every
 *	HELO_reject x every Mail_From_reject x null or non-null sender x
 *	PermError_reject/TempError_Defer off or on x test_only off or on,
 *	each row's full answer (action, would, identity, kind) against an
 *	oracle written here from the rules of decide.h and pypolicyd-spf,
 *	not from decide.c.  Each row also checks that decide_mailfrom()
 *	alone gives what decide_helo() then decide_mailfrom() give.
 *
 *	"Actions": the native action tables (helo_actions,
 *	mail_from_actions, config.c folds them into the same tables):
 *	every result x every action (reject, defer, warn, prepend, accept)
 *	x both identities, against five settings of the other identity
 *	(not checked, or a result with prepend, reject, warn or accept) x
 *	null or non-null sender x test_only off or on x test_only_answer
 *	prepend or warn, each row's exact answer, would-be answer, kind,
 *	identity and result against a second oracle written from
 *	decide.h.
 *
 *	"Cases": hand-written rows with the exact strings of anchors.md
 *	section 1.6 and every option that changes an answer
 *	(PermError_reject, TempError_Defer, No_Mail, Reject_Not_Pass_Domains,
 *	pass restrictions, Header_Type, Hide_Receiver, enhanced codes,
 *	Prospective, Reason_Message, test_only, test_only_answer, the
 *	action tables) and quoting.
 *
 *	"Hostile": explanation and request text with CR, LF, control and
 *	8-bit bytes, an explanation without its NUL, and answers longer
 *	than DECIDE_ACTION_MAX: always printable ASCII and bounded.
 *
 *	struct config is built by hand here (test_derive() applies the
 *	action-table derivation rules), so config.c is not needed.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config.h"
#include "decide.h"
#include "header.h"
#include "result.h"
#include "util.h"

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))

#define T_IP		"192.0.2.1"
#define T_HELO		"x.example"
#define T_SENDER	"a@pass.example"
#define T_RCPT		"user@dest.example"
#define T_AUTHSERV	"mx.test.example"
#define T_URL		"http://www.openspf.net/Why?s="

/* Option flags of a hand-written case. */
#define F_PERM		0x0001	/* PermError_reject */
#define F_TEMP		0x0002	/* TempError_Defer */
#define F_NOMAIL	0x0004	/* No_Mail */
#define F_NOENH		0x0008	/* SPF_Enhanced_Status_Codes = No */
#define F_AR		0x0010	/* Header_Type = AR */
#define F_NONE		0x0020	/* Header_Type = None */
#define F_HIDE		0x0040	/* Hide_Receiver */
#define F_PROSP		0x0080	/* Prospective */
#define F_TEST		0x0100	/* test_only */
#define F_NULLS		0x0200	/* null sender */
#define F_TWARN		0x0400	/* test_only_answer = warn */

/* pypolicyd-spf's spelling and explanations, written out independently. */
static const char *const t_name[SPFR_COUNT] = {
	[SPFR_NONE] = "None", [SPFR_NEUTRAL] = "Neutral",
	[SPFR_PASS] = "Pass", [SPFR_FAIL] = "Fail",
	[SPFR_SOFTFAIL] = "Softfail", [SPFR_TEMPERROR] = "Temperror",
	[SPFR_PERMERROR] = "Permerror"
};
static const char *const t_exp[SPFR_COUNT] = {
	[SPFR_NONE] = "no SPF record",
	[SPFR_NEUTRAL] = "access neither permitted nor denied",
	[SPFR_PASS] = "sender SPF authorized",
	[SPFR_FAIL] = "SPF fail - not authorized",
	[SPFR_SOFTFAIL] = "domain owner discourages use of this host",
	[SPFR_TEMPERROR] = "SPF Temporary Error: DNS timeout (fake)",
	[SPFR_PERMERROR] =
	    "SPF Permanent Error: Unknown mechanism found: foo:bar"
};
/* The same, as comment text (parentheses escaped). */
static const char *const t_exp_comment[SPFR_COUNT] = {
	[SPFR_NONE] = "no SPF record",
	[SPFR_NEUTRAL] = "access neither permitted nor denied",
	[SPFR_PASS] = "sender SPF authorized",
	[SPFR_FAIL] = "SPF fail - not authorized",
	[SPFR_SOFTFAIL] = "domain owner discourages use of this host",
	[SPFR_TEMPERROR] = "SPF Temporary Error: DNS timeout \\(fake\\)",
	[SPFR_PERMERROR] =
	    "SPF Permanent Error: Unknown mechanism found: foo:bar"
};

static const char *t_policy(enum config_policy);
static void	test_table(struct action_table *, enum config_policy, int,
		    int, int);
static void	test_config(struct config *, enum config_policy,
		    enum config_policy, int, int);
static void	test_outcome(struct spf_outcome *, enum spf_result,
		    const char *, int);
static void	test_run(const struct config *, const struct decide_request *,
		    const struct spf_outcome *, const struct spf_outcome *,
		    struct decision *);
static void	assert_clean(const char *);
static void	assert_same(const struct decision *, const struct decision *);
static char	oracle_act(enum config_policy, enum spf_result, int, int);
static void	oracle_reason(char *, size_t, char, int, enum spf_result);
static void	oracle_header(char *, size_t, int, enum spf_result, int);
static void	matrix_row(int);
static void	test_override(struct action_table *, const char *);
static void	actions_row(int, enum spf_result, enum policy_action, int);
static void	check_prefixes(const char *, const char *const *, size_t,
		    int (*)(char *, size_t, const void *), const void *);
static Suite	*decide_suite(void);

/* t_policy - a policy's pypolicyd-spf name, for messages */
static const char *
t_policy(enum config_policy p)
{
	static const char *const names[] = {
		[POLICY_FAIL] = "Fail", [POLICY_SOFTFAIL] = "Softfail",
		[POLICY_SPF_NOT_PASS] = "SPF_Not_Pass", [POLICY_NULL] = "Null",
		[POLICY_FALSE] = "False", [POLICY_NO_CHECK] = "No_Check"
	};

	return ((unsigned)p < NITEMS(names) ? names[p] : "?");
}

/*
 * test_table - one action table by the derivation rules: every result
 * prepends; the policy's rejects; PermError/TempError unless False.
 */
static void
test_table(struct action_table *t, enum config_policy p, int null_scope,
    int perm, int temp)
{
	int	r;

	t->check = p != POLICY_NO_CHECK;
	for (r = 0; r < SPFR_COUNT; r++)
		t->act[r] = ACT_PREPEND;
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
		if (null_scope)
			t->act[SPFR_FAIL] = ACT_REJECT;
		break;
	default:
		break;
	}
	if (p == POLICY_FALSE || p == POLICY_NO_CHECK)
		return;
	/* Null: no HELO action at all for a non-null sender (config.c). */
	if (p == POLICY_NULL && !null_scope)
		return;
	if (perm)
		t->act[SPFR_PERMERROR] = ACT_REJECT;
	if (temp)
		t->act[SPFR_TEMPERROR] = ACT_DEFER;
}

/* test_config - pypolicyd-spf's defaults, enforcing, and the tables */
static void
test_config(struct config *cfg, enum config_policy helo,
    enum config_policy mfrom, int perm, int temp)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->helo_reject = helo;
	cfg->mail_from_reject = mfrom;
	cfg->permerror_reject = perm;
	cfg->temperror_defer = temp;
	cfg->spf_enhanced_status_codes = 1;
	cfg->header_type = HEADER_SPF;
	cfg->authserv_id = (char *)"HOSTNAME";
	cfg->reason_message = (char *)
	    "Message {rejectdefer} due to: {spf}. Please see {url}";
	cfg->prospective = (char *)"";
	cfg->instance_cache_size = 8;
	test_table(&cfg->helo_table, helo, 0, perm, temp);
	test_table(&cfg->helo_null_table, helo, 1, perm, temp);
	test_table(&cfg->mailfrom_table, mfrom, 0, perm, temp);
	test_table(&cfg->notpass_table, POLICY_SPF_NOT_PASS, 0, perm, temp);
}

/* test_outcome - a result with an explanation (NULL: the usual one) */
static void
test_outcome(struct spf_outcome *o, enum spf_result r, const char *exp,
    int no_mail_record)
{
	memset(o, 0, sizeof(*o));
	o->result = r;
	strlcpy_safe(o->explanation, exp != NULL ? exp : t_exp[r],
	    sizeof(o->explanation));
	o->no_mail_record = no_mail_record;
}

/*
 * test_run - what policy.c does: HELO when checked, then MAIL FROM for
 * a non-null sender when checked.  It also asks decide_mailfrom() alone
 * and wants the same answer.
 */
static void
test_run(const struct config *cfg, const struct decide_request *req,
    const struct spf_outcome *helo, const struct spf_outcome *mfrom,
    struct decision *out)
{
	struct decision			*alone;
	const struct spf_outcome	*h, *m;

	h = cfg->helo_table.check ? helo : NULL;
	m = cfg->mailfrom_table.check && *req->sender != '\0' ? mfrom : NULL;
	if (h == NULL || !decide_helo(cfg, req, h, out))
		decide_mailfrom(cfg, req, h, m, out);

	alone = malloc(sizeof(*alone));
	ck_assert_ptr_nonnull(alone);
	decide_mailfrom(cfg, req, h, m, alone);
	assert_same(out, alone);
	free(alone);

	assert_clean(out->action);
	assert_clean(out->would);
	assert_clean(out->header);
}

/* assert_clean - printable ASCII, within the buffer, no trailing space */
static void
assert_clean(const char *s)
{
	size_t	len = strnlen(s, DECIDE_ACTION_MAX);
	size_t	i;

	ck_assert_uint_lt(len, DECIDE_ACTION_MAX);
	for (i = 0; i < len; i++)
		ck_assert_msg((unsigned char)s[i] >= 0x20 &&
		    (unsigned char)s[i] < 0x7f,
		    "byte %zu is 0x%02x in \"%s\"", i, (unsigned char)s[i], s);
}

/* assert_same - two decisions are the same answer */
static void
assert_same(const struct decision *a, const struct decision *b)
{
	ck_assert_int_eq(a->kind, b->kind);
	ck_assert_str_eq(a->action, b->action);
	ck_assert_str_eq(a->would, b->would);
	ck_assert_str_eq(a->header, b->header);
	ck_assert_pstr_eq(a->identity, b->identity);
	ck_assert_int_eq(a->result, b->result);
}

/*
 * Header.
 */

static const struct header_params t_params = {
	T_IP, T_HELO, T_SENDER, "pass.example", "dest.example", T_AUTHSERV
};
static const struct header_params t_null_params = {
	T_IP, T_HELO, "", "", "dest.example", T_AUTHSERV
};

static const struct {
	const char	*in;
	int		 atom, token;
} dot_atoms[] = {
	{ "x.example", 1, 1 },
	{ "192.0.2.1", 1, 1 },
	{ "mailfrom", 1, 1 },
	{ "a+b=c", 1, 0 },
	{ "a/b", 1, 0 },
	{ "what?", 1, 0 },
	{ "!#$%&'*+-^_`{|}~", 1, 1 },
	{ "", 0, 0 },
	{ ".", 0, 0 },
	{ "a..b", 0, 0 },
	{ ".a", 0, 0 },
	{ "a.", 0, 0 },
	{ "a@b", 0, 0 },
	{ "<>", 0, 0 },
	{ "a b", 0, 0 },
	{ "2001:db8::1", 0, 0 },
	{ "a\"b", 0, 0 },
	{ "a(b", 0, 0 },
	{ "a,b", 0, 0 },
	{ "a;b", 0, 0 },
	{ "a\\b", 0, 0 },
	{ "[1.2.3.4]", 0, 0 },
	{ "a\001b", 1, 0 },		/* written as a?b */
};

START_TEST(test_header_dot_atom)
{
	ck_assert_int_eq(header_is_dot_atom(dot_atoms[_i].in, 0),
	    dot_atoms[_i].atom);
	ck_assert_int_eq(header_is_dot_atom(dot_atoms[_i].in, 1),
	    dot_atoms[_i].token);
}
END_TEST

static const struct {
	const char	*key, *value, *want;
} keyvalues[] = {
	{ "client-ip", "192.0.2.1", "client-ip=192.0.2.1" },
	{ "client-ip", "2001:db8::1", "client-ip=\"2001:db8::1\"" },
	{ "helo", "x.example", "helo=x.example" },
	{ "helo", "[192.0.2.1]", "helo=\"[192.0.2.1]\"" },
	{ "helo", "", "helo=\"\"" },
	{ "envelope-from", "a@pass.example",
	    "envelope-from=\"a@pass.example\"" },
	{ "envelope-from", "<>", "envelope-from=\"<>\"" },
	{ "receiver", "<UNKNOWN>", "receiver=\"<UNKNOWN>\"" },
	{ "envelope-from", "a+b=c@example.org",
	    "envelope-from=\"a+b=c@example.org\"" },
	{ "envelope-from", "\"quote\\\"d\"@x",
	    "envelope-from=\"\\\"quote\\\\\\\"d\\\"@x\"" },
	{ "envelope-from", "srs0=ab=cd=x.example=u@fwd.example",
	    "envelope-from=\"srs0=ab=cd=x.example=u@fwd.example\"" },
	{ "receiver", "a+b=c", "receiver=a+b=c" },
	{ "helo", "evil\r\nX-Injected: yes",
	    "helo=\"evil??X-Injected: yes\"" },
	{ "helo", "caf\xc3\xa9.example", "helo=caf??.example" },
	{ "helo", "caf\xc3\xa9@example", "helo=\"caf??@example\"" },
	{ "helo", NULL, "helo=\"\"" },
};

START_TEST(test_header_keyvalue)
{
	char	buf[256];

	ck_assert_int_eq(header_keyvalue(buf, sizeof(buf), keyvalues[_i].key,
	    keyvalues[_i].value), 0);
	ck_assert_str_eq(buf, keyvalues[_i].want);
}
END_TEST

static const struct {
	const char	*text, *want;
} comments[] = {
	{ "sender SPF authorized", "(sender SPF authorized)" },
	{ "DNS timeout (fake)", "(DNS timeout \\(fake\\))" },
	{ "a\\b", "(a\\\\b)" },
	{ ")(", "(\\)\\()" },
	{ "", "()" },
	{ "CR\rLF\nTAB\tDEL\177\xff", "(CR?LF?TAB?DEL?" "?)" },
	{ "\"quoted\" is fine", "(\"quoted\" is fine)" },
};

START_TEST(test_header_comment)
{
	char	buf[256];

	ck_assert_int_eq(header_comment(buf, sizeof(buf), comments[_i].text),
	    0);
	ck_assert_str_eq(buf, comments[_i].want);
}
END_TEST

START_TEST(test_header_forms)
{
	char			 buf[1024];
	struct header_params	 p;

	ck_assert_int_eq(header_received_spf(buf, sizeof(buf), &t_params,
	    HEADER_MAILFROM, SPFR_PASS, "sender SPF authorized"), 0);
	ck_assert_str_eq(buf, "Received-SPF: Pass (mailfrom) "
	    "identity=mailfrom; client-ip=192.0.2.1; helo=x.example; "
	    "envelope-from=\"a@pass.example\"; receiver=dest.example");

	ck_assert_int_eq(header_received_spf(buf, sizeof(buf), &t_null_params,
	    HEADER_HELO, SPFR_NONE, "no SPF record"), 0);
	ck_assert_str_eq(buf, "Received-SPF: None (no SPF record) "
	    "identity=helo; client-ip=192.0.2.1; helo=x.example; "
	    "envelope-from=\"<>\"; receiver=dest.example");

	ck_assert_int_eq(header_authres(buf, sizeof(buf), &t_params,
	    HEADER_MAILFROM, SPFR_PASS, "sender SPF authorized"), 0);
	ck_assert_str_eq(buf, "Authentication-Results: mx.test.example; "
	    "spf=pass (sender SPF authorized) smtp.mailfrom=pass.example "
	    "(client-ip=192.0.2.1; helo=x.example; "
	    "envelope-from=a@pass.example; receiver=dest.example)");

	ck_assert_int_eq(header_authres(buf, sizeof(buf), &t_null_params,
	    HEADER_HELO, SPFR_NONE, "no SPF record"), 0);
	ck_assert_str_eq(buf, "Authentication-Results: mx.test.example; "
	    "spf=none (no SPF record) smtp.helo=x.example "
	    "(client-ip=192.0.2.1; helo=x.example; envelope-from=<>; "
	    "receiver=dest.example)");

	ck_assert_int_eq(header_skip_comment(buf, sizeof(buf), &t_params,
	    "SPF check N/A for local connections"), 0);
	ck_assert_str_eq(buf, "X-Comment: SPF check N/A for local "
	    "connections - client-ip=192.0.2.1; helo=x.example; "
	    "envelope-from=\"a@pass.example\"; receiver=dest.example");

	ck_assert_int_eq(header_skip_authres(buf, sizeof(buf), &t_params,
	    "SPF check N/A for local connections"), 0);
	ck_assert_str_eq(buf, "Authentication-Results: mx.test.example; "
	    "none (SPF check N/A for local connections - "
	    "client-ip=192.0.2.1; helo=x.example; "
	    "envelope-from=a@pass.example; receiver=dest.example)");

	/* Values that are not tokens are quoted in A-R; comments escaped. */
	p = t_params;
	p.client_ip = "2001:db8::1";
	p.authserv_id = "mx (test)";
	p.sender = "a)b@x.example";
	p.sender_domain = "x=y.example";
	ck_assert_int_eq(header_authres(buf, sizeof(buf), &p,
	    HEADER_MAILFROM, SPFR_FAIL, "x"), 0);
	ck_assert_str_eq(buf, "Authentication-Results: \"mx (test)\"; "
	    "spf=fail (x) smtp.mailfrom=\"x=y.example\" "
	    "(client-ip=2001:db8::1; helo=x.example; "
	    "envelope-from=a\\)b@x.example; receiver=dest.example)");
	ck_assert_int_eq(header_received_spf(buf, sizeof(buf), &p,
	    HEADER_MAILFROM, SPFR_FAIL, "x"), 0);
	ck_assert_str_eq(buf, "Received-SPF: Fail (mailfrom) "
	    "identity=mailfrom; client-ip=\"2001:db8::1\"; helo=x.example; "
	    "envelope-from=\"a)b@x.example\"; receiver=dest.example");

	/* NULL strings are "". */
	memset(&p, 0, sizeof(p));
	ck_assert_int_eq(header_received_spf(buf, sizeof(buf), &p,
	    HEADER_HELO, SPFR_NONE, NULL), 0);
	ck_assert_str_eq(buf, "Received-SPF: None () identity=helo; "
	    "client-ip=\"\"; helo=\"\"; envelope-from=\"<>\"; receiver=\"\"");
}
END_TEST

/* Adapters so that check_prefixes() can run every formatter. */
static int
fmt_rspf(char *buf, size_t size, const void *arg)
{
	(void)arg;
	return (header_received_spf(buf, size, &t_params, HEADER_HELO,
	    SPFR_TEMPERROR, "SPF Temporary Error: DNS (x)"));
}

static int
fmt_ar(char *buf, size_t size, const void *arg)
{
	(void)arg;
	return (header_authres(buf, size, &t_params, HEADER_MAILFROM,
	    SPFR_PASS, "sender SPF authorized"));
}

static int
fmt_skip(char *buf, size_t size, const void *arg)
{
	(void)arg;
	return (header_skip_comment(buf, size, &t_params, "why"));
}

static int
fmt_skip_ar(char *buf, size_t size, const void *arg)
{
	(void)arg;
	return (header_skip_authres(buf, size, &t_params, "why"));
}

static int
fmt_kv(char *buf, size_t size, const void *arg)
{
	return (header_keyvalue(buf, size, "envelope-from", arg));
}

static int
fmt_comment(char *buf, size_t size, const void *arg)
{
	return (header_comment(buf, size, arg));
}

/*
 * check_prefixes - at every buffer size the formatter writes the longest
 * allowed prefix that fits, terminated, never past size (the buffers are
 * exact heap blocks for ASan and valgrind), and says -1 when cut.
 */
static void
check_prefixes(const char *full, const char *const *cuts, size_t ncuts,
    int (*fmt)(char *, size_t, const void *), const void *arg)
{
	size_t	 size, i, want, len = strlen(full);
	char	*buf, guard[1] = { 'Z' };
	int	 rc;

	rc = fmt(guard, 0, arg);
	ck_assert_int_eq(rc, -1);
	ck_assert_int_eq(guard[0], 'Z');
	for (size = 1; size <= len + 2; size++) {
		buf = malloc(size);
		ck_assert_ptr_nonnull(buf);
		memset(buf, 'Z', size);
		rc = fmt(buf, size, arg);
		want = 0;
		for (i = 0; i < ncuts; i++)
			if (strlen(cuts[i]) < size)
				want = i + 1;
		if (size > len) {
			ck_assert_int_eq(rc, 0);
			ck_assert_str_eq(buf, full);
		} else {
			ck_assert_int_eq(rc, -1);
			ck_assert_str_eq(buf, want ? cuts[want - 1] : "");
		}
		free(buf);
	}
}

START_TEST(test_header_truncate)
{
	static const char *const rspf[] = {
		"Received-SPF: Temperror",
		"Received-SPF: Temperror (SPF Temporary Error: DNS \\(x\\))",
		"Received-SPF: Temperror (SPF Temporary Error: DNS \\(x\\)) "
		    "identity=helo",
		"Received-SPF: Temperror (SPF Temporary Error: DNS \\(x\\)) "
		    "identity=helo; client-ip=192.0.2.1",
		"Received-SPF: Temperror (SPF Temporary Error: DNS \\(x\\)) "
		    "identity=helo; client-ip=192.0.2.1; helo=x.example",
		"Received-SPF: Temperror (SPF Temporary Error: DNS \\(x\\)) "
		    "identity=helo; client-ip=192.0.2.1; helo=x.example; "
		    "envelope-from=\"a@pass.example\"",
		"Received-SPF: Temperror (SPF Temporary Error: DNS \\(x\\)) "
		    "identity=helo; client-ip=192.0.2.1; helo=x.example; "
		    "envelope-from=\"a@pass.example\"; receiver=dest.example",
	};
	static const char *const ar[] = {
		"Authentication-Results: mx.test.example",
		"Authentication-Results: mx.test.example; spf=pass",
		"Authentication-Results: mx.test.example; spf=pass "
		    "(sender SPF authorized)",
		"Authentication-Results: mx.test.example; spf=pass "
		    "(sender SPF authorized) smtp.mailfrom=pass.example",
		"Authentication-Results: mx.test.example; spf=pass "
		    "(sender SPF authorized) smtp.mailfrom=pass.example "
		    "(client-ip=192.0.2.1; helo=x.example; "
		    "envelope-from=a@pass.example; receiver=dest.example)",
	};
	static const char *const skip[] = {
		"X-Comment: why -",
		"X-Comment: why - client-ip=192.0.2.1",
		"X-Comment: why - client-ip=192.0.2.1; helo=x.example",
		"X-Comment: why - client-ip=192.0.2.1; helo=x.example; "
		    "envelope-from=\"a@pass.example\"",
		"X-Comment: why - client-ip=192.0.2.1; helo=x.example; "
		    "envelope-from=\"a@pass.example\"; receiver=dest.example",
	};
	static const char *const skip_ar[] = {
		"Authentication-Results: mx.test.example; none",
		"Authentication-Results: mx.test.example; none (why - "
		    "client-ip=192.0.2.1; helo=x.example; "
		    "envelope-from=a@pass.example; receiver=dest.example)",
	};
	static const char *const kv[] = {
		"envelope-from=\"\\\"q\\\\\\\"d\\\"@x\"",
	};
	static const char *const comment[] = { "(\\(\\)\\\\)" };

	check_prefixes(rspf[NITEMS(rspf) - 1], rspf, NITEMS(rspf), fmt_rspf,
	    NULL);
	check_prefixes(ar[NITEMS(ar) - 1], ar, NITEMS(ar), fmt_ar, NULL);
	check_prefixes(skip[NITEMS(skip) - 1], skip, NITEMS(skip), fmt_skip,
	    NULL);
	check_prefixes(skip_ar[NITEMS(skip_ar) - 1], skip_ar,
	    NITEMS(skip_ar), fmt_skip_ar, NULL);
	check_prefixes(kv[0], kv, 1, fmt_kv, "\"q\\\"d\"@x");
	check_prefixes(comment[0], comment, 1, fmt_comment, "()\\");
}
END_TEST

/* A value too long for the buffer is left out whole, not cut. */
START_TEST(test_header_long_value)
{
	struct header_params	 p = t_params;
	char			*sender, buf[DECIDE_ACTION_MAX];

	sender = malloc(4000);
	ck_assert_ptr_nonnull(sender);
	memset(sender, 'a', 3000);
	strlcpy_safe(sender + 3000, "@long.example", 1000);
	p.sender = sender;
	ck_assert_int_eq(header_received_spf(buf, sizeof(buf), &p,
	    HEADER_MAILFROM, SPFR_PASS, "x"), -1);
	ck_assert_str_eq(buf, "Received-SPF: Pass (mailfrom) "
	    "identity=mailfrom; client-ip=192.0.2.1; helo=x.example");
	ck_assert_int_eq(header_authres(buf, sizeof(buf), &p,
	    HEADER_MAILFROM, SPFR_PASS, "x"), -1);
	ck_assert_str_eq(buf, "Authentication-Results: mx.test.example; "
	    "spf=pass (x) smtp.mailfrom=pass.example");
	free(sender);
}
END_TEST

/*
 * Matrix.
 */

static const enum config_policy m_helo[] = {
	POLICY_FAIL, POLICY_SOFTFAIL, POLICY_SPF_NOT_PASS, POLICY_NULL,
	POLICY_FALSE, POLICY_NO_CHECK
};
static const enum config_policy m_mfrom[] = {
	POLICY_FAIL, POLICY_SOFTFAIL, POLICY_SPF_NOT_PASS, POLICY_FALSE,
	POLICY_NO_CHECK
};
#define M_ROWS	((int)NITEMS(m_helo) * (int)NITEMS(m_mfrom) * 2 * 2 * 2)

/*
 * oracle_act - 'R' reject, 'D' defer, 'P' prepend (go on) for result r
 * under policy p, from the rules of HELO_reject/Mail_From_reject,
 * PermError_reject and TempError_Defer (anchors.md section 1.3).
 */
static char
oracle_act(enum config_policy p, enum spf_result r, int null_sender,
    int permtemp)
{
	if (p == POLICY_FALSE || p == POLICY_NO_CHECK)
		return ('P');
	if (p == POLICY_NULL && !null_sender)
		return ('P');
	switch (r) {
	case SPFR_FAIL:
		if (p == POLICY_NULL)
			return (null_sender ? 'R' : 'P');
		return ('R');
	case SPFR_SOFTFAIL:
		return (p == POLICY_SOFTFAIL || p == POLICY_SPF_NOT_PASS ?
		    'R' : 'P');
	case SPFR_NEUTRAL:
		return (p == POLICY_SPF_NOT_PASS ? 'R' : 'P');
	case SPFR_PERMERROR:
		return (permtemp ? 'R' : 'P');
	case SPFR_TEMPERROR:
		return (permtemp ? 'D' : 'P');
	default:
		return ('P');
	}
}

/* oracle_reason - the reject or defer text of one identity */
static void
oracle_reason(char *buf, size_t size, char act, int helo, enum spf_result r)
{
	const char	*code;

	if (act == 'D')
		code = "defer_if_permit 4.7.24";
	else if (r == SPFR_PERMERROR || r == SPFR_TEMPERROR)
		code = "550 5.7.24";
	else
		code = "550 5.7.23";
	snprintf(buf, size, "%s Message %s due to: %s. Please see "
	    T_URL "%s;id=%s;ip=" T_IP ";r=dest.example", code,
	    act == 'D' ? "deferred" : "rejected", t_exp[r],
	    helo ? "helo" : "mfrom", helo ? "helo.example" : "a@mf.example");
}

/* oracle_header - the prepend answer of one identity */
static void
oracle_header(char *buf, size_t size, int helo, enum spf_result r,
    int null_sender)
{
	snprintf(buf, size, "prepend Received-SPF: %s (%s) identity=%s; "
	    "client-ip=" T_IP "; helo=helo.example; envelope-from=\"%s\"; "
	    "receiver=dest.example", t_name[r],
	    helo ? t_exp_comment[r] : "mailfrom", helo ? "helo" : "mailfrom",
	    null_sender ? "<>" : "a@mf.example");
}

/*
 * matrix_row - one row: row % 49 gives the two results, the rest the
 * configuration and the sender.
 */
static void
matrix_row(int row)
{
	struct config		 cfg;
	struct decide_request	 req;
	struct spf_outcome	 ho, mo;
	struct decision		*out;
	enum config_policy	 hp, mp;
	enum spf_result		 hr, mr;
	enum decision_kind	 kind = DECISION_DUNNO;
	char			 action[DECIDE_ACTION_MAX];
	char			 would[DECIDE_ACTION_MAX];
	const char		*identity = NULL;
	enum spf_result		 result = SPFR_NONE;
	int			 i = row, test_only, permtemp, null_sender;
	int			 hcheck, mcheck;
	char			 a;

	mr = (enum spf_result)(i % SPFR_COUNT);
	i /= SPFR_COUNT;
	hr = (enum spf_result)(i % SPFR_COUNT);
	i /= SPFR_COUNT;
	test_only = i % 2;
	i /= 2;
	permtemp = i % 2;
	i /= 2;
	null_sender = i % 2;
	i /= 2;
	mp = m_mfrom[i % NITEMS(m_mfrom)];
	hp = m_helo[i / NITEMS(m_mfrom)];

	test_config(&cfg, hp, mp, permtemp, permtemp);
	cfg.test_only = test_only;
	req.client_ip = T_IP;
	req.helo = "helo.example";
	req.sender = null_sender ? "" : "a@mf.example";
	req.sender_domain = null_sender ? "" : "mf.example";
	req.receiver = "dest.example";
	req.authserv_id = T_AUTHSERV;
	test_outcome(&ho, hr, NULL, 0);
	test_outcome(&mo, mr, NULL, 0);

	/*
	 * The oracle: HELO first (a reject or defer ends it), a null sender
	 * on HELO alone, else MAIL FROM (its header even for None), else
	 * the HELO header when MAIL FROM is not checked.  Under test_only a
	 * reject or defer becomes the would-be answer (the first one met)
	 * and the identity goes on as if it had prepended.
	 */
	hcheck = hp != POLICY_NO_CHECK;
	mcheck = mp != POLICY_NO_CHECK;
	strlcpy_safe(action, "DUNNO", sizeof(action));
	would[0] = '\0';
	if (hcheck && (a = oracle_act(hp, hr, null_sender, permtemp)) != 'P') {
		if (!test_only) {
			oracle_reason(action, sizeof(action), a, 1, hr);
			kind = a == 'R' ? DECISION_REJECT : DECISION_DEFER;
			identity = "helo";
			result = hr;
			goto check;
		}
		oracle_reason(would, sizeof(would), a, 1, hr);
	}
	if (null_sender) {
		if (hcheck) {
			oracle_header(action, sizeof(action), 1, hr, 1);
			kind = DECISION_PREPEND;
			identity = "helo";
			result = hr;
		}
	} else if (mcheck) {
		identity = "mailfrom";
		result = mr;
		a = oracle_act(mp, mr, 0, permtemp);
		if (a != 'P' && !test_only) {
			oracle_reason(action, sizeof(action), a, 0, mr);
			kind = a == 'R' ? DECISION_REJECT : DECISION_DEFER;
			goto check;
		}
		if (a != 'P' && would[0] == '\0')
			oracle_reason(would, sizeof(would), a, 0, mr);
		oracle_header(action, sizeof(action), 0, mr, 0);
		kind = DECISION_PREPEND;
	} else if (hcheck) {
		oracle_header(action, sizeof(action), 1, hr, 0);
		kind = DECISION_PREPEND;
		identity = "helo";
		result = hr;
	}

check:
	out = malloc(sizeof(*out));
	ck_assert_ptr_nonnull(out);
	test_run(&cfg, &req, &ho, &mo, out);
	ck_assert_msg(strcmp(out->action, action) == 0 &&
	    strcmp(out->would, would) == 0,
	    "helo %s/%s mfrom %s/%s %s sender, permtemp %d, test_only %d:\n"
	    "got    \"%s\" would \"%s\"\nwanted \"%s\" would \"%s\"",
	    t_policy(hp), t_name[hr], t_policy(mp),
	    t_name[mr], null_sender ? "null" : "non-null", permtemp,
	    test_only, out->action, out->would, action, would);
	ck_assert_int_eq(out->kind, kind);
	ck_assert_pstr_eq(out->identity, identity);
	if (identity != NULL)
		ck_assert_int_eq(out->result, result);
	ck_assert_str_eq(out->header, "");
	free(out);
}

/* One configuration and sender, all 49 pairs of results. */
START_TEST(test_matrix)
{
	int	k;

	for (k = 0; k < SPFR_COUNT * SPFR_COUNT; k++)
		matrix_row(_i * SPFR_COUNT * SPFR_COUNT + k);
}
END_TEST

/*
 * Actions.
 */

static const char *const a_name[] = {
	[ACT_ACCEPT] = "accept", [ACT_PREPEND] = "prepend",
	[ACT_WARN] = "warn", [ACT_DEFER] = "defer", [ACT_REJECT] = "reject"
};

/*
 * test_override - "result=action,..." over a table, the way
 * helo_actions and mail_from_actions are meant to act (parsed here,
 * not by config.c)
 */
static void
test_override(struct action_table *t, const char *items)
{
	char	*copy, *item, *save = NULL, *eq;
	int	 r, a, found;

	if (items == NULL)
		return;
	copy = strdup(items);
	ck_assert_ptr_nonnull(copy);
	for (item = strtok_r(copy, ", ", &save); item != NULL;
	    item = strtok_r(NULL, ", ", &save)) {
		eq = strchr(item, '=');
		ck_assert_ptr_nonnull(eq);
		*eq++ = '\0';
		for (found = 0, r = 0; r < SPFR_COUNT && !found; r++)
			for (a = 0; a < (int)NITEMS(a_name) && !found; a++)
				if (strcasecmp(item, t_name[r]) == 0 &&
				    strcmp(eq, a_name[a]) == 0) {
					t->act[r] = (enum policy_action)a;
					found = 1;
				}
		ck_assert_msg(found, "bad item %s=%s", item, eq);
	}
	free(copy);
}

/* The other identity: not checked, or one result and its action. */
static const struct {
	int			check;
	enum spf_result		helo_r, mfrom_r;
	enum policy_action	act;
} a_other[] = {
	{ 0, SPFR_PASS, SPFR_PASS, ACT_PREPEND },
	{ 1, SPFR_PASS, SPFR_PASS, ACT_PREPEND },
	{ 1, SPFR_FAIL, SPFR_FAIL, ACT_REJECT },
	{ 1, SPFR_NEUTRAL, SPFR_SOFTFAIL, ACT_WARN },
	{ 1, SPFR_NONE, SPFR_NEUTRAL, ACT_ACCEPT },
};
#define A_VARIANTS	((int)NITEMS(a_other) * 2 * 2 * 2)

/* An answer as the oracle works it out. */
struct a_answer {
	char			 action[DECIDE_ACTION_MAX];
	char			 would[DECIDE_ACTION_MAX];
	enum decision_kind	 kind;
	const char		*identity;
	enum spf_result		 result;
};

/*
 * a_text - the enforcing answer of a reject, defer or warn, spelt out
 * from decide.h: the codes, "WARN SPF <Result> (<identity>): ", and
 * {rejectdefer} rejected, deferred or flagged
 */
static void
a_text(char *buf, size_t size, int helo, enum spf_result r,
    enum policy_action a)
{
	char	prefix[128];

	if (a == ACT_DEFER)
		snprintf(prefix, sizeof(prefix), "defer_if_permit 4.7.24");
	else if (a == ACT_WARN)
		snprintf(prefix, sizeof(prefix), "WARN SPF %s (%s):",
		    t_name[r], helo ? "helo" : "mailfrom");
	else
		snprintf(prefix, sizeof(prefix), "550 %s",
		    r == SPFR_PERMERROR || r == SPFR_TEMPERROR ? "5.7.24" :
		    "5.7.23");
	snprintf(buf, size, "%s Message %s due to: %s. Please see "
	    T_URL "%s;id=%s;ip=" T_IP ";r=dest.example", prefix,
	    a == ACT_DEFER ? "deferred" : a == ACT_WARN ? "flagged" :
	    "rejected", t_exp[r], helo ? "helo" : "mfrom",
	    helo ? "helo.example" : "a@mf.example");
}

/*
 * a_decides - identity (helo or not) answers for result r, action a:
 * reject, defer and warn as such unless test_only holds them back
 * (a reject or defer always; a warn only when the test answer is the
 * header), then "WARN would ..." or the header; accept is DUNNO
 */
static void
a_decides(struct a_answer *ans, int helo, enum spf_result r,
    enum policy_action a, int null_sender, int test_only, int twarn)
{
	char	text[DECIDE_ACTION_MAX];
	int	stops = a == ACT_REJECT || a == ACT_DEFER || a == ACT_WARN;

	ans->identity = helo ? "helo" : "mailfrom";
	ans->result = r;
	if (stops) {
		a_text(text, sizeof(text), helo, r, a);
		if (!test_only || (a == ACT_WARN && twarn)) {
			snprintf(ans->action, sizeof(ans->action), "%s", text);
			ans->kind = a == ACT_REJECT ? DECISION_REJECT :
			    a == ACT_DEFER ? DECISION_DEFER : DECISION_WARN;
			return;
		}
		snprintf(ans->would, sizeof(ans->would), "%s", text);
		if (twarn) {
			strlcpy_safe(ans->action, a == ACT_DEFER ?
			    "WARN would defer: " : "WARN would reject: ",
			    sizeof(ans->action));
			strlcpy_safe(ans->action + strlen(ans->action), text,
			    sizeof(ans->action) - strlen(ans->action));
			ans->kind = DECISION_WARN;
			return;
		}
	} else if (a == ACT_ACCEPT) {
		snprintf(ans->action, sizeof(ans->action), "DUNNO");
		ans->kind = DECISION_DUNNO;
		return;
	}
	oracle_header(ans->action, sizeof(ans->action), helo, r,
	    null_sender);
	ans->kind = DECISION_PREPEND;
}

/*
 * actions_row - identity (helo or not) with result r set to action a,
 * the other identity and the flags from variant v
 */
static void
actions_row(int helo, enum spf_result r, enum policy_action a, int v)
{
	struct config		 cfg;
	struct decide_request	 req;
	struct spf_outcome	 ho, mo;
	struct decision		*out;
	struct a_answer		*want;
	enum spf_result		 hr, mr;
	enum policy_action	 ha, ma;
	int			 o, null_sender, test_only, twarn;
	int			 hcheck, mcheck, hstops;
	char			 hwould[DECIDE_ACTION_MAX];

	twarn = v % 2;
	test_only = (v / 2) % 2;
	null_sender = (v / 4) % 2;
	o = v / 8;

	/* Every result prepends but the one set, on both sides. */
	test_config(&cfg, POLICY_FALSE, POLICY_FALSE, 0, 0);
	cfg.test_only = test_only;
	cfg.test_only_answer = twarn ? TEST_ANSWER_WARN : TEST_ANSWER_PREPEND;
	if (helo) {
		hr = r;
		ha = a;
		mr = a_other[o].mfrom_r;
		ma = a_other[o].act;
		mcheck = a_other[o].check;
		hcheck = 1;
	} else {
		mr = r;
		ma = a;
		hr = a_other[o].helo_r;
		ha = a_other[o].act;
		hcheck = a_other[o].check;
		mcheck = 1;
	}
	cfg.helo_table.check = cfg.helo_null_table.check = hcheck;
	cfg.mailfrom_table.check = mcheck;
	cfg.helo_table.act[hr] = cfg.helo_null_table.act[hr] = ha;
	cfg.mailfrom_table.act[mr] = ma;

	req.client_ip = T_IP;
	req.helo = "helo.example";
	req.sender = null_sender ? "" : "a@mf.example";
	req.sender_domain = null_sender ? "" : "mf.example";
	req.receiver = "dest.example";
	req.authserv_id = T_AUTHSERV;
	test_outcome(&ho, hr, NULL, 0);
	test_outcome(&mo, mr, NULL, 0);

	/*
	 * The oracle.  HELO first: a reject, defer or warn is final,
	 * unless test_only holds it back to answer the header for a
	 * non-null sender, whose header must be MAIL FROM's (the HELO
	 * answer is then the would-be one).  The null sender is judged
	 * on HELO alone; a non-null one on MAIL FROM, or on HELO when
	 * MAIL FROM is not checked.
	 */
	want = calloc(1, sizeof(*want));
	ck_assert_ptr_nonnull(want);
	strlcpy_safe(want->action, "DUNNO", sizeof(want->action));
	want->kind = DECISION_DUNNO;
	hwould[0] = '\0';
	hstops = ha == ACT_REJECT || ha == ACT_DEFER || ha == ACT_WARN;
	if (hcheck && hstops && (null_sender || !test_only || twarn))
		a_decides(want, 1, hr, ha, null_sender, test_only, twarn);
	else {
		if (hcheck && hstops)
			a_text(hwould, sizeof(hwould), 1, hr, ha);
		if (null_sender) {
			if (hcheck)
				a_decides(want, 1, hr, ha, 1, test_only,
				    twarn);
		} else if (mcheck)
			a_decides(want, 0, mr, ma, 0, test_only, twarn);
		else if (hcheck)
			a_decides(want, 1, hr, ha, 0, test_only, twarn);
		if (hwould[0] != '\0')
			strlcpy_safe(want->would, hwould, sizeof(want->would));
	}

	out = malloc(sizeof(*out));
	ck_assert_ptr_nonnull(out);
	test_run(&cfg, &req, &ho, &mo, out);
	ck_assert_msg(strcmp(out->action, want->action) == 0 &&
	    strcmp(out->would, want->would) == 0,
	    "%s %s=%s, other %s %s=%s, %s sender, test_only %d, answer %s:\n"
	    "got    \"%s\" would \"%s\"\nwanted \"%s\" would \"%s\"",
	    helo ? "helo" : "mailfrom", t_name[r], a_name[a],
	    a_other[o].check ? "checked" : "unchecked",
	    t_name[helo ? mr : hr], a_name[helo ? ma : ha],
	    null_sender ? "null" : "non-null", test_only,
	    twarn ? "warn" : "prepend", out->action, out->would,
	    want->action, want->would);
	ck_assert_int_eq(out->kind, want->kind);
	ck_assert_pstr_eq(out->identity, want->identity);
	if (want->identity != NULL)
		ck_assert_int_eq(out->result, want->result);
	ck_assert_str_eq(out->header, "");
	free(out);
	free(want);
}

/* One identity, result and action; every variant of the rest. */
START_TEST(test_actions)
{
	int	i = _i, helo, v;

	helo = i % 2;
	i /= 2;
	for (v = 0; v < A_VARIANTS; v++)
		actions_row(helo, (enum spf_result)(i % SPFR_COUNT),
		    (enum policy_action)(i / SPFR_COUNT), v);
}
END_TEST

/*
 * Cases.
 */

struct dcase {
	const char		*name;
	enum config_policy	 helo_reject, mail_from_reject;
	unsigned		 flags;
	const char		*notpass;	/* Reject_Not_Pass_Domains */
	const char		*helo_restr, *mf_restr, *reason;
	const char		*why;		/* decide_skip() */
	const char		*client, *helo, *sender, *recipient;
	enum spf_result		 hres, mres;
	const char		*hexp, *mexp;
	int			 hnomail, mnomail;
	const char		*action, *would, *header, *identity;
	const char		*hacts, *macts;	/* helo_/mail_from_actions */
};

#define RSPF_MF(res, sender) \
	"prepend Received-SPF: " res " (mailfrom) identity=mailfrom; " \
	"client-ip=192.0.2.1; helo=x.example; envelope-from=\"" sender \
	"\"; receiver=dest.example"
#define REJ(code, text, s, id) \
	code " Message rejected due to: " text ". Please see " T_URL s \
	";id=" id ";ip=192.0.2.1;r=dest.example"
#define WARNED(res, id, text, s, idv) \
	"WARN SPF " res " (" id "): Message flagged due to: " text \
	". Please see " T_URL s ";id=" idv ";ip=192.0.2.1;r=dest.example"
#define EXP_SOFT	"domain owner discourages use of this host"
#define EXP_FAIL	"SPF fail - not authorized"
#define EXP_PERM	"SPF Permanent Error: Unknown mechanism found: foo:bar"
#define EXP_TEMP	"SPF Temporary Error: DNS timeout (fake)"
#define LOCAL		"SPF check N/A for local connections"

static const struct dcase cases[] = {
	/* anchors.md 1.6, default configuration. */
	{ .name = "mfrom pass", .mres = SPFR_PASS,
	  .action = RSPF_MF("Pass", "a@pass.example"),
	  .identity = "mailfrom" },
	{ .name = "mfrom softfail", .sender = "a@soft.example",
	  .mres = SPFR_SOFTFAIL,
	  .action = RSPF_MF("Softfail", "a@soft.example"),
	  .identity = "mailfrom" },
	{ .name = "mfrom neutral", .sender = "a@neutral.example",
	  .mres = SPFR_NEUTRAL,
	  .action = RSPF_MF("Neutral", "a@neutral.example"),
	  .identity = "mailfrom" },
	{ .name = "mfrom permerror, not rejected by default",
	  .sender = "a@perm.example", .mres = SPFR_PERMERROR,
	  .action = RSPF_MF("Permerror", "a@perm.example"),
	  .identity = "mailfrom" },
	{ .name = "mfrom temperror, not deferred by default",
	  .sender = "a@temp.example", .mres = SPFR_TEMPERROR,
	  .action = RSPF_MF("Temperror", "a@temp.example"),
	  .identity = "mailfrom" },
	{ .name = "mfrom none after HELO pass: MAIL FROM header "
	    "(CVE-2019-20790)",
	  .helo = "helo-pass.example", .sender = "a@none.example",
	  .hres = SPFR_PASS, .mres = SPFR_NONE,
	  .action = "prepend Received-SPF: None (mailfrom) identity=mailfrom; "
	    "client-ip=192.0.2.1; helo=helo-pass.example; "
	    "envelope-from=\"a@none.example\"; receiver=dest.example",
	  .identity = "mailfrom" },
	{ .name = "mfrom fail", .sender = "a@fail.example",
	  .mres = SPFR_FAIL,
	  .action = REJ("550 5.7.23", EXP_FAIL, "mfrom", "a@fail.example"),
	  .identity = "mailfrom" },
	{ .name = "HELO fail", .helo = "helo-fail.example",
	  .hres = SPFR_FAIL, .mres = SPFR_PASS,
	  .action = REJ("550 5.7.23", EXP_FAIL, "helo", "helo-fail.example"),
	  .identity = "helo" },
	{ .name = "mfrom fail with exp= text", .sender = "a@fail.example",
	  .mres = SPFR_FAIL,
	  .mexp = "Go away 192.0.2.9 see http://exp.example/spf",
	  .action = REJ("550 5.7.23", "Go away 192.0.2.9 see "
	    "http://exp.example/spf", "mfrom", "a@fail.example"),
	  .identity = "mailfrom" },
	{ .name = "null sender, HELO none", .flags = F_NULLS,
	  .hres = SPFR_NONE,
	  .action = "prepend Received-SPF: None (no SPF record) identity=helo; "
	    "client-ip=192.0.2.1; helo=x.example; envelope-from=\"<>\"; "
	    "receiver=dest.example", .identity = "helo" },
	{ .name = "null sender, HELO permerror", .flags = F_NULLS,
	  .hres = SPFR_PERMERROR,
	  .action = "prepend Received-SPF: Permerror (" EXP_PERM ") "
	    "identity=helo; client-ip=192.0.2.1; helo=x.example; "
	    "envelope-from=\"<>\"; receiver=dest.example",
	  .identity = "helo" },
	{ .name = "null sender, HELO fail, HELO_reject False",
	  .helo_reject = POLICY_FALSE, .flags = F_NULLS, .hres = SPFR_FAIL,
	  .action = "prepend Received-SPF: Fail (" EXP_FAIL ") identity=helo; "
	    "client-ip=192.0.2.1; helo=x.example; envelope-from=\"<>\"; "
	    "receiver=dest.example", .identity = "helo" },
	{ .name = "null sender, HELO fail", .flags = F_NULLS,
	  .helo = "helo-fail.example", .hres = SPFR_FAIL,
	  .action = REJ("550 5.7.23", EXP_FAIL, "helo", "helo-fail.example"),
	  .identity = "helo" },
	{ .name = "null sender, HELO not checked",
	  .helo_reject = POLICY_NO_CHECK, .flags = F_NULLS,
	  .hres = SPFR_FAIL, .action = "DUNNO" },
	{ .name = "HELO_reject Null: non-null sender goes on",
	  .helo_reject = POLICY_NULL, .hres = SPFR_FAIL, .mres = SPFR_PASS,
	  .action = RSPF_MF("Pass", "a@pass.example"),
	  .identity = "mailfrom" },
	{ .name = "HELO_reject Null: null sender rejected",
	  .helo_reject = POLICY_NULL, .flags = F_NULLS, .hres = SPFR_FAIL,
	  .action = REJ("550 5.7.23", EXP_FAIL, "helo", "x.example"),
	  .identity = "helo" },
	{ .name = "MAIL FROM not checked: the HELO header",
	  .mail_from_reject = POLICY_NO_CHECK, .hres = SPFR_PASS,
	  .mres = SPFR_FAIL,
	  .action = "prepend Received-SPF: Pass (sender SPF authorized) "
	    "identity=helo; client-ip=192.0.2.1; helo=x.example; "
	    "envelope-from=\"a@pass.example\"; receiver=dest.example",
	  .identity = "helo" },
	{ .name = "nothing checked", .helo_reject = POLICY_NO_CHECK,
	  .mail_from_reject = POLICY_NO_CHECK, .hres = SPFR_FAIL,
	  .mres = SPFR_FAIL, .action = "DUNNO" },

	/* PermError_reject, TempError_Defer. */
	{ .name = "PermError_reject", .flags = F_PERM,
	  .sender = "a@perm.example", .mres = SPFR_PERMERROR,
	  .action = REJ("550 5.7.24", EXP_PERM, "mfrom", "a@perm.example"),
	  .identity = "mailfrom" },
	{ .name = "TempError_Defer", .flags = F_TEMP,
	  .sender = "a@temp.example", .mres = SPFR_TEMPERROR,
	  .action = "defer_if_permit 4.7.24 Message deferred due to: "
	    EXP_TEMP ". Please see " T_URL "mfrom;id=a@temp.example;"
	    "ip=192.0.2.1;r=dest.example", .identity = "mailfrom" },
	{ .name = "PermError_reject on HELO", .flags = F_PERM,
	  .hres = SPFR_PERMERROR, .mres = SPFR_PASS,
	  .action = REJ("550 5.7.24", EXP_PERM, "helo", "x.example"),
	  .identity = "helo" },
	{ .name = "TempError_Defer on HELO, null sender",
	  .flags = F_TEMP | F_NULLS, .hres = SPFR_TEMPERROR,
	  .action = "defer_if_permit 4.7.24 Message deferred due to: "
	    EXP_TEMP ". Please see " T_URL "helo;id=x.example;"
	    "ip=192.0.2.1;r=dest.example", .identity = "helo" },
	{ .name = "PermError_reject ignored with Mail_From_reject False",
	  .mail_from_reject = POLICY_FALSE, .flags = F_PERM,
	  .sender = "a@perm.example", .mres = SPFR_PERMERROR,
	  .action = RSPF_MF("Permerror", "a@perm.example"),
	  .identity = "mailfrom" },
	{ .name = "TempError_Defer ignored with HELO_reject False",
	  .helo_reject = POLICY_FALSE, .flags = F_TEMP,
	  .hres = SPFR_TEMPERROR, .mres = SPFR_PASS,
	  .action = RSPF_MF("Pass", "a@pass.example"),
	  .identity = "mailfrom" },

	/* SPF_Enhanced_Status_Codes = No. */
	{ .name = "no enhanced codes: fail", .flags = F_NOENH,
	  .sender = "a@fail.example", .mres = SPFR_FAIL,
	  .action = REJ("550", EXP_FAIL, "mfrom", "a@fail.example"),
	  .identity = "mailfrom" },
	{ .name = "no enhanced codes: permerror", .flags = F_NOENH | F_PERM,
	  .sender = "a@perm.example", .mres = SPFR_PERMERROR,
	  .action = REJ("550", EXP_PERM, "mfrom", "a@perm.example"),
	  .identity = "mailfrom" },
	{ .name = "no enhanced codes: defer", .flags = F_NOENH | F_TEMP,
	  .sender = "a@temp.example", .mres = SPFR_TEMPERROR,
	  .action = "defer_if_permit Message deferred due to: " EXP_TEMP
	    ". Please see " T_URL "mfrom;id=a@temp.example;ip=192.0.2.1;"
	    "r=dest.example", .identity = "mailfrom" },

	/* No_Mail. */
	{ .name = "No_Mail: fail without v=spf1 -all is a prepend",
	  .flags = F_NOMAIL, .sender = "a@fail.example", .mres = SPFR_FAIL,
	  .action = RSPF_MF("Fail", "a@fail.example"),
	  .identity = "mailfrom" },
	{ .name = "No_Mail: fail of v=spf1 -all is rejected",
	  .flags = F_NOMAIL, .sender = "a@fail.example", .mres = SPFR_FAIL,
	  .mnomail = 1,
	  .action = REJ("550 5.7.23", EXP_FAIL, "mfrom", "a@fail.example"),
	  .identity = "mailfrom" },
	{ .name = "No_Mail off: fail rejected", .sender = "a@fail.example",
	  .mres = SPFR_FAIL, .mnomail = 0,
	  .action = REJ("550 5.7.23", EXP_FAIL, "mfrom", "a@fail.example"),
	  .identity = "mailfrom" },
	{ .name = "No_Mail: HELO fail goes on to MAIL FROM",
	  .flags = F_NOMAIL, .hres = SPFR_FAIL, .mres = SPFR_PASS,
	  .action = RSPF_MF("Pass", "a@pass.example"),
	  .identity = "mailfrom" },
	{ .name = "No_Mail: HELO fail, null sender, prepend",
	  .flags = F_NOMAIL | F_NULLS, .hres = SPFR_FAIL,
	  .action = "prepend Received-SPF: Fail (" EXP_FAIL ") identity=helo; "
	    "client-ip=192.0.2.1; helo=x.example; envelope-from=\"<>\"; "
	    "receiver=dest.example", .identity = "helo" },
	{ .name = "No_Mail: HELO fail of v=spf1 -all",
	  .flags = F_NOMAIL, .hres = SPFR_FAIL, .hnomail = 1,
	  .mres = SPFR_PASS,
	  .action = REJ("550 5.7.23", EXP_FAIL, "helo", "x.example"),
	  .identity = "helo" },
	{ .name = "No_Mail leaves a softfail reject alone",
	  .mail_from_reject = POLICY_SOFTFAIL, .flags = F_NOMAIL,
	  .sender = "a@soft.example", .mres = SPFR_SOFTFAIL,
	  .action = REJ("550 5.7.23", "domain owner discourages use of this "
	    "host", "mfrom", "a@soft.example"), .identity = "mailfrom" },
	{ .name = "No_Mail leaves a permerror reject alone",
	  .flags = F_NOMAIL | F_PERM, .sender = "a@perm.example",
	  .mres = SPFR_PERMERROR,
	  .action = REJ("550 5.7.24", EXP_PERM, "mfrom", "a@perm.example"),
	  .identity = "mailfrom" },

	/* Reject_Not_Pass_Domains. */
	{ .name = "not-pass domain: equal", .notpass = "soft.example",
	  .sender = "a@soft.example", .mres = SPFR_SOFTFAIL,
	  .action = REJ("550 5.7.23", "Receiver policy for SPF Softfail",
	    "mfrom", "a@soft.example"), .identity = "mailfrom" },
	{ .name = "not-pass domain: subdomain", .notpass = "soft.example",
	  .sender = "a@mail.soft.example", .mres = SPFR_NEUTRAL,
	  .action = REJ("550 5.7.23", "Receiver policy for SPF Neutral",
	    "mfrom", "a@mail.soft.example"), .identity = "mailfrom" },
	{ .name = "not-pass domain: parent does not match",
	  .notpass = "mail.soft.example", .sender = "a@soft.example",
	  .mres = SPFR_SOFTFAIL,
	  .action = RSPF_MF("Softfail", "a@soft.example"),
	  .identity = "mailfrom" },
	{ .name = "not-pass domain: suffix without a dot",
	  .notpass = "soft.example", .sender = "a@notsoft.example",
	  .mres = SPFR_SOFTFAIL,
	  .action = RSPF_MF("Softfail", "a@notsoft.example"),
	  .identity = "mailfrom" },
	{ .name = "not-pass domain: case and trailing dot",
	  .notpass = "other.example, SOFT.Example.",
	  .sender = "a@soft.example", .mres = SPFR_SOFTFAIL,
	  .action = REJ("550 5.7.23", "Receiver policy for SPF Softfail",
	    "mfrom", "a@soft.example"), .identity = "mailfrom" },
	{ .name = "not-pass domain: pass", .notpass = "pass.example",
	  .mres = SPFR_PASS, .action = RSPF_MF("Pass", "a@pass.example"),
	  .identity = "mailfrom" },
	{ .name = "not-pass domain: none is not rejected",
	  .notpass = "pass.example", .mres = SPFR_NONE,
	  .action = RSPF_MF("None", "a@pass.example"),
	  .identity = "mailfrom" },
	{ .name = "not-pass domain beats Mail_From_reject False",
	  .mail_from_reject = POLICY_FALSE, .notpass = "soft.example",
	  .sender = "a@soft.example", .mres = SPFR_FAIL,
	  .action = REJ("550 5.7.23", "Receiver policy for SPF Fail",
	    "mfrom", "a@soft.example"), .identity = "mailfrom" },
	{ .name = "not-pass domain: temperror deferred",
	  .flags = F_TEMP, .notpass = "temp.example",
	  .sender = "a@temp.example", .mres = SPFR_TEMPERROR,
	  .action = "defer_if_permit 4.7.24 Message deferred due to: "
	    "Receiver policy for SPF Temperror. Please see " T_URL
	    "mfrom;id=a@temp.example;ip=192.0.2.1;r=dest.example",
	  .identity = "mailfrom" },
	{ .name = "not-pass domain: HELO", .notpass = "soft.example",
	  .flags = F_NULLS, .helo = "soft.example", .hres = SPFR_NEUTRAL,
	  .action = REJ("550 5.7.23", "Receiver policy for SPF Neutral",
	    "helo", "soft.example"), .identity = "helo" },
	{ .name = "not-pass domain: HELO header keeps the explanation",
	  .notpass = "soft.example", .flags = F_NULLS,
	  .helo = "soft.example", .hres = SPFR_PASS,
	  .action = "prepend Received-SPF: Pass (sender SPF authorized) "
	    "identity=helo; client-ip=192.0.2.1; helo=soft.example; "
	    "envelope-from=\"<>\"; receiver=dest.example",
	  .identity = "helo" },

	/* Pass restrictions. */
	{ .name = "Mail_From_pass_restriction",
	  .mf_restr = "mfrom_passed_spf", .mres = SPFR_PASS,
	  .action = "mfrom_passed_spf", .identity = "mailfrom" },
	{ .name = "Mail_From_pass_restriction, not a pass",
	  .mf_restr = "mfrom_passed_spf", .sender = "a@fail.example",
	  .mres = SPFR_FAIL,
	  .action = REJ("550 5.7.23", EXP_FAIL, "mfrom", "a@fail.example"),
	  .identity = "mailfrom" },
	{ .name = "HELO_pass_restriction wins over a MAIL FROM fail",
	  .helo_restr = "helo_passed_spf", .hres = SPFR_PASS,
	  .mres = SPFR_FAIL, .action = "helo_passed_spf",
	  .identity = "helo" },
	{ .name = "HELO_pass_restriction, null sender",
	  .helo_restr = "helo_passed_spf", .flags = F_NULLS,
	  .hres = SPFR_PASS, .action = "helo_passed_spf",
	  .identity = "helo" },
	{ .name = "HELO_pass_restriction, HELO not a pass",
	  .helo_restr = "helo_passed_spf", .hres = SPFR_NONE,
	  .mres = SPFR_PASS, .action = RSPF_MF("Pass", "a@pass.example"),
	  .identity = "mailfrom" },
	{ .name = "both restrictions, HELO first",
	  .helo_restr = "helo_passed_spf", .mf_restr = "mfrom_passed_spf",
	  .hres = SPFR_PASS, .mres = SPFR_PASS,
	  .action = "helo_passed_spf", .identity = "helo" },
	{ .name = "restriction kept under test_only",
	  .mf_restr = "mfrom_passed_spf", .flags = F_TEST,
	  .mres = SPFR_PASS, .action = "mfrom_passed_spf",
	  .identity = "mailfrom" },
	{ .name = "restriction kept with Header_Type None",
	  .mf_restr = "mfrom_passed_spf", .flags = F_NONE,
	  .mres = SPFR_PASS, .action = "mfrom_passed_spf",
	  .identity = "mailfrom" },

	/* Header_Type. */
	{ .name = "Header_Type AR: mfrom pass", .flags = F_AR,
	  .mres = SPFR_PASS,
	  .action = "prepend Authentication-Results: mx.test.example; "
	    "spf=pass (sender SPF authorized) smtp.mailfrom=pass.example "
	    "(client-ip=192.0.2.1; helo=x.example; "
	    "envelope-from=a@pass.example; receiver=dest.example)",
	  .identity = "mailfrom" },
	{ .name = "Header_Type AR: null sender HELO none",
	  .flags = F_AR | F_NULLS, .hres = SPFR_NONE,
	  .action = "prepend Authentication-Results: mx.test.example; "
	    "spf=none (no SPF record) smtp.helo=x.example "
	    "(client-ip=192.0.2.1; helo=x.example; envelope-from=<>; "
	    "receiver=dest.example)", .identity = "helo" },
	{ .name = "Header_Type AR: temperror comment escaped",
	  .flags = F_AR, .sender = "a@temp.example", .mres = SPFR_TEMPERROR,
	  .action = "prepend Authentication-Results: mx.test.example; "
	    "spf=temperror (SPF Temporary Error: DNS timeout \\(fake\\)) "
	    "smtp.mailfrom=temp.example (client-ip=192.0.2.1; "
	    "helo=x.example; envelope-from=a@temp.example; "
	    "receiver=dest.example)", .identity = "mailfrom" },
	{ .name = "Header_Type AR: reject unchanged", .flags = F_AR,
	  .sender = "a@fail.example", .mres = SPFR_FAIL,
	  .action = REJ("550 5.7.23", EXP_FAIL, "mfrom", "a@fail.example"),
	  .identity = "mailfrom" },
	{ .name = "Header_Type None: DUNNO, header kept", .flags = F_NONE,
	  .mres = SPFR_PASS, .action = "DUNNO",
	  .header = &RSPF_MF("Pass", "a@pass.example")[8],
	  .identity = "mailfrom" },
	{ .name = "Header_Type None: reject unchanged", .flags = F_NONE,
	  .sender = "a@fail.example", .mres = SPFR_FAIL,
	  .action = REJ("550 5.7.23", EXP_FAIL, "mfrom", "a@fail.example"),
	  .identity = "mailfrom" },

	/* Hide_Receiver. */
	{ .name = "Hide_Receiver: header", .flags = F_HIDE,
	  .mres = SPFR_PASS,
	  .action = "prepend Received-SPF: Pass (mailfrom) identity=mailfrom; "
	    "client-ip=192.0.2.1; helo=x.example; "
	    "envelope-from=\"a@pass.example\"; receiver=\"<UNKNOWN>\"",
	  .identity = "mailfrom" },
	{ .name = "Hide_Receiver: reject", .flags = F_HIDE,
	  .sender = "a@fail.example", .mres = SPFR_FAIL,
	  .action = "550 5.7.23 Message rejected due to: " EXP_FAIL
	    ". Please see " T_URL "mfrom;id=a@fail.example;ip=192.0.2.1;"
	    "r=<UNKNOWN>", .identity = "mailfrom" },
	{ .name = "recipient without @", .recipient = "postmaster",
	  .mres = SPFR_PASS,
	  .action = "prepend Received-SPF: Pass (mailfrom) identity=mailfrom; "
	    "client-ip=192.0.2.1; helo=x.example; "
	    "envelope-from=\"a@pass.example\"; receiver=postmaster",
	  .identity = "mailfrom" },

	/* Prospective. */
	{ .name = "Prospective: prepend becomes DUNNO", .flags = F_PROSP,
	  .mres = SPFR_PASS, .action = "DUNNO",
	  .header = &RSPF_MF("Pass", "a@pass.example")[8],
	  .identity = "mailfrom" },
	{ .name = "Prospective: AR header kept",
	  .flags = F_PROSP | F_AR, .mres = SPFR_PASS, .action = "DUNNO",
	  .header = "Authentication-Results: mx.test.example; "
	    "spf=pass (sender SPF authorized) smtp.mailfrom=pass.example "
	    "(client-ip=192.0.2.1; helo=x.example; "
	    "envelope-from=a@pass.example; receiver=dest.example)",
	  .identity = "mailfrom" },
	{ .name = "Prospective: reject stays", .flags = F_PROSP,
	  .sender = "a@fail.example", .mres = SPFR_FAIL,
	  .action = REJ("550 5.7.23", EXP_FAIL, "mfrom", "a@fail.example"),
	  .identity = "mailfrom" },
	{ .name = "Prospective: defer stays", .flags = F_PROSP | F_TEMP,
	  .sender = "a@temp.example", .mres = SPFR_TEMPERROR,
	  .action = "defer_if_permit 4.7.24 Message deferred due to: "
	    EXP_TEMP ". Please see " T_URL "mfrom;id=a@temp.example;"
	    "ip=192.0.2.1;r=dest.example", .identity = "mailfrom" },

	/* Reason_Message. */
	{ .name = "Reason_Message: every placeholder, unknown kept",
	  .reason = "{rejectdefer}: {spf} <{url}> {unknown} {{x}} {} {spf",
	  .sender = "a@fail.example", .mres = SPFR_FAIL,
	  .action = "550 5.7.23 rejected: " EXP_FAIL " <" T_URL
	    "mfrom;id=a@fail.example;ip=192.0.2.1;r=dest.example> "
	    "{unknown} {x} {} {spf", .identity = "mailfrom" },
	{ .name = "Reason_Message: defer", .flags = F_TEMP,
	  .reason = "SPF said {spf}; {rejectdefer}",
	  .sender = "a@temp.example", .mres = SPFR_TEMPERROR,
	  .action = "defer_if_permit 4.7.24 SPF said " EXP_TEMP "; deferred",
	  .identity = "mailfrom" },
	{ .name = "Reason_Message: no placeholders", .reason = "Go away",
	  .sender = "a@fail.example", .mres = SPFR_FAIL,
	  .action = "550 5.7.23 Go away", .identity = "mailfrom" },
	{ .name = "Reason_Message: placeholders twice",
	  .reason = "{spf}{spf}{rejectdefer}{rejectdefer}",
	  .sender = "a@fail.example", .mres = SPFR_FAIL,
	  .action = "550 5.7.23 " EXP_FAIL EXP_FAIL "rejectedrejected",
	  .identity = "mailfrom" },
	{ .name = "Reason_Message: control bytes",
	  .reason = "bad\r\n\001text {spf}",
	  .sender = "a@fail.example", .mres = SPFR_FAIL,
	  .action = "550 5.7.23 bad???text " EXP_FAIL,
	  .identity = "mailfrom" },

	/* test_only. */
	{ .name = "test_only: fail", .flags = F_TEST,
	  .sender = "a@fail.example", .mres = SPFR_FAIL,
	  .action = RSPF_MF("Fail", "a@fail.example"),
	  .would = REJ("550 5.7.23", EXP_FAIL, "mfrom", "a@fail.example"),
	  .identity = "mailfrom" },
	{ .name = "test_only: defer", .flags = F_TEST | F_TEMP,
	  .sender = "a@temp.example", .mres = SPFR_TEMPERROR,
	  .action = RSPF_MF("Temperror", "a@temp.example"),
	  .would = "defer_if_permit 4.7.24 Message deferred due to: "
	    EXP_TEMP ". Please see " T_URL "mfrom;id=a@temp.example;"
	    "ip=192.0.2.1;r=dest.example", .identity = "mailfrom" },
	{ .name = "test_only: Header_Type None", .flags = F_TEST | F_NONE,
	  .sender = "a@fail.example", .mres = SPFR_FAIL, .action = "DUNNO",
	  .would = REJ("550 5.7.23", EXP_FAIL, "mfrom", "a@fail.example"),
	  .header = &RSPF_MF("Fail", "a@fail.example")[8],
	  .identity = "mailfrom" },
	{ .name = "test_only: Prospective", .flags = F_TEST | F_PROSP,
	  .sender = "a@fail.example", .mres = SPFR_FAIL, .action = "DUNNO",
	  .would = REJ("550 5.7.23", EXP_FAIL, "mfrom", "a@fail.example"),
	  .header = &RSPF_MF("Fail", "a@fail.example")[8],
	  .identity = "mailfrom" },
	{ .name = "test_only: HELO fail goes on to MAIL FROM",
	  .flags = F_TEST, .helo = "helo-fail.example", .hres = SPFR_FAIL,
	  .mres = SPFR_PASS,
	  .action = "prepend Received-SPF: Pass (mailfrom) identity=mailfrom; "
	    "client-ip=192.0.2.1; helo=helo-fail.example; "
	    "envelope-from=\"a@pass.example\"; receiver=dest.example",
	  .would = REJ("550 5.7.23", EXP_FAIL, "helo", "helo-fail.example"),
	  .identity = "mailfrom" },
	{ .name = "test_only: HELO and MAIL FROM fail, HELO would",
	  .flags = F_TEST, .helo = "helo-fail.example", .hres = SPFR_FAIL,
	  .sender = "a@fail.example", .mres = SPFR_FAIL,
	  .action = "prepend Received-SPF: Fail (mailfrom) identity=mailfrom; "
	    "client-ip=192.0.2.1; helo=helo-fail.example; "
	    "envelope-from=\"a@fail.example\"; receiver=dest.example",
	  .would = REJ("550 5.7.23", EXP_FAIL, "helo", "helo-fail.example"),
	  .identity = "mailfrom" },
	{ .name = "test_only: null sender HELO fail",
	  .flags = F_TEST | F_NULLS, .hres = SPFR_FAIL,
	  .action = "prepend Received-SPF: Fail (" EXP_FAIL ") identity=helo; "
	    "client-ip=192.0.2.1; helo=x.example; envelope-from=\"<>\"; "
	    "receiver=dest.example",
	  .would = REJ("550 5.7.23", EXP_FAIL, "helo", "x.example"),
	  .identity = "helo" },
	{ .name = "test_only: pass is a plain prepend", .flags = F_TEST,
	  .mres = SPFR_PASS, .action = RSPF_MF("Pass", "a@pass.example"),
	  .identity = "mailfrom" },

	/* test_only_answer = warn. */
	{ .name = "test warn: fail", .flags = F_TEST | F_TWARN,
	  .sender = "a@fail.example", .mres = SPFR_FAIL,
	  .action = "WARN would reject: " REJ("550 5.7.23", EXP_FAIL, "mfrom",
	    "a@fail.example"),
	  .would = REJ("550 5.7.23", EXP_FAIL, "mfrom", "a@fail.example"),
	  .identity = "mailfrom" },
	{ .name = "test warn: defer", .flags = F_TEST | F_TWARN | F_TEMP,
	  .sender = "a@temp.example", .mres = SPFR_TEMPERROR,
	  .action = "WARN would defer: defer_if_permit 4.7.24 Message "
	    "deferred due to: " EXP_TEMP ". Please see " T_URL
	    "mfrom;id=a@temp.example;ip=192.0.2.1;r=dest.example",
	  .would = "defer_if_permit 4.7.24 Message deferred due to: "
	    EXP_TEMP ". Please see " T_URL "mfrom;id=a@temp.example;"
	    "ip=192.0.2.1;r=dest.example", .identity = "mailfrom" },
	{ .name = "test warn: permerror, no enhanced codes",
	  .flags = F_TEST | F_TWARN | F_PERM | F_NOENH,
	  .sender = "a@perm.example", .mres = SPFR_PERMERROR,
	  .action = "WARN would reject: " REJ("550", EXP_PERM, "mfrom",
	    "a@perm.example"),
	  .would = REJ("550", EXP_PERM, "mfrom", "a@perm.example"),
	  .identity = "mailfrom" },
	{ .name = "test warn: HELO fail is final, as when enforcing",
	  .flags = F_TEST | F_TWARN, .helo = "helo-fail.example",
	  .hres = SPFR_FAIL, .mres = SPFR_PASS,
	  .action = "WARN would reject: " REJ("550 5.7.23", EXP_FAIL, "helo",
	    "helo-fail.example"),
	  .would = REJ("550 5.7.23", EXP_FAIL, "helo", "helo-fail.example"),
	  .identity = "helo" },
	{ .name = "test warn: null sender HELO fail",
	  .flags = F_TEST | F_TWARN | F_NULLS, .hres = SPFR_FAIL,
	  .action = "WARN would reject: " REJ("550 5.7.23", EXP_FAIL, "helo",
	    "x.example"),
	  .would = REJ("550 5.7.23", EXP_FAIL, "helo", "x.example"),
	  .identity = "helo" },
	{ .name = "test warn: pass is a plain prepend",
	  .flags = F_TEST | F_TWARN, .mres = SPFR_PASS,
	  .action = RSPF_MF("Pass", "a@pass.example"),
	  .identity = "mailfrom" },
	{ .name = "test warn: receiver policy",
	  .flags = F_TEST | F_TWARN, .notpass = "soft.example",
	  .sender = "a@soft.example", .mres = SPFR_SOFTFAIL,
	  .action = "WARN would reject: " REJ("550 5.7.23",
	    "Receiver policy for SPF Softfail", "mfrom", "a@soft.example"),
	  .would = REJ("550 5.7.23", "Receiver policy for SPF Softfail",
	    "mfrom", "a@soft.example"), .identity = "mailfrom" },
	{ .name = "test warn: Header_Type None changes nothing",
	  .flags = F_TEST | F_TWARN | F_NONE, .sender = "a@fail.example",
	  .mres = SPFR_FAIL,
	  .action = "WARN would reject: " REJ("550 5.7.23", EXP_FAIL, "mfrom",
	    "a@fail.example"),
	  .would = REJ("550 5.7.23", EXP_FAIL, "mfrom", "a@fail.example"),
	  .identity = "mailfrom" },
	{ .name = "test warn: Prospective changes nothing",
	  .flags = F_TEST | F_TWARN | F_PROSP, .sender = "a@fail.example",
	  .mres = SPFR_FAIL,
	  .action = "WARN would reject: " REJ("550 5.7.23", EXP_FAIL, "mfrom",
	    "a@fail.example"),
	  .would = REJ("550 5.7.23", EXP_FAIL, "mfrom", "a@fail.example"),
	  .identity = "mailfrom" },
	{ .name = "test warn: the answer is not in effect",
	  .flags = F_TWARN, .sender = "a@fail.example", .mres = SPFR_FAIL,
	  .action = REJ("550 5.7.23", EXP_FAIL, "mfrom", "a@fail.example"),
	  .identity = "mailfrom" },

	/* Action tables (helo_actions, mail_from_actions). */
	{ .name = "actions: mail_from softfail=warn",
	  .macts = "softfail=warn", .sender = "a@soft.example",
	  .mres = SPFR_SOFTFAIL,
	  .action = WARNED("Softfail", "mailfrom", EXP_SOFT, "mfrom",
	    "a@soft.example"), .identity = "mailfrom" },
	{ .name = "actions: mail_from fail=accept: DUNNO, no header",
	  .macts = "fail=accept", .sender = "a@fail.example",
	  .mres = SPFR_FAIL, .action = "DUNNO", .identity = "mailfrom" },
	{ .name = "actions: mail_from none=accept after a HELO pass",
	  .macts = "none=accept", .sender = "a@none.example",
	  .hres = SPFR_PASS, .mres = SPFR_NONE, .action = "DUNNO",
	  .identity = "mailfrom" },
	{ .name = "actions: mail_from neutral=defer",
	  .macts = "neutral=defer", .sender = "a@neutral.example",
	  .mres = SPFR_NEUTRAL,
	  .action = "defer_if_permit 4.7.24 Message deferred due to: access "
	    "neither permitted nor denied. Please see " T_URL
	    "mfrom;id=a@neutral.example;ip=192.0.2.1;r=dest.example",
	  .identity = "mailfrom" },
	{ .name = "actions: mail_from temperror=reject is 5.7.24",
	  .macts = "temperror=reject", .sender = "a@temp.example",
	  .mres = SPFR_TEMPERROR,
	  .action = REJ("550 5.7.24", EXP_TEMP, "mfrom", "a@temp.example"),
	  .identity = "mailfrom" },
	{ .name = "actions: permerror=warn wins over PermError_reject",
	  .macts = "permerror=warn", .flags = F_PERM,
	  .sender = "a@perm.example", .mres = SPFR_PERMERROR,
	  .action = WARNED("Permerror", "mailfrom", EXP_PERM, "mfrom",
	    "a@perm.example"), .identity = "mailfrom" },
	{ .name = "actions: temperror=prepend wins over TempError_Defer",
	  .macts = "temperror=prepend", .flags = F_TEMP,
	  .sender = "a@temp.example", .mres = SPFR_TEMPERROR,
	  .action = RSPF_MF("Temperror", "a@temp.example"),
	  .identity = "mailfrom" },
	{ .name = "actions: Mail_From_reject False, fail=reject",
	  .mail_from_reject = POLICY_FALSE, .macts = "fail=reject",
	  .sender = "a@fail.example", .mres = SPFR_FAIL,
	  .action = REJ("550 5.7.23", EXP_FAIL, "mfrom", "a@fail.example"),
	  .identity = "mailfrom" },
	{ .name = "actions: helo temperror=defer, sender",
	  .hacts = "temperror=defer", .hres = SPFR_TEMPERROR,
	  .mres = SPFR_PASS,
	  .action = "defer_if_permit 4.7.24 Message deferred due to: "
	    EXP_TEMP ". Please see " T_URL "helo;id=x.example;"
	    "ip=192.0.2.1;r=dest.example", .identity = "helo" },
	{ .name = "actions: helo temperror=defer leaves MAIL FROM alone",
	  .hacts = "temperror=defer", .sender = "a@temp.example",
	  .hres = SPFR_PASS, .mres = SPFR_TEMPERROR,
	  .action = RSPF_MF("Temperror", "a@temp.example"),
	  .identity = "mailfrom" },
	{ .name = "actions: helo softfail=warn is final for a sender",
	  .hacts = "softfail=warn", .hres = SPFR_SOFTFAIL,
	  .sender = "a@fail.example", .mres = SPFR_FAIL,
	  .action = WARNED("Softfail", "helo", EXP_SOFT, "helo", "x.example"),
	  .identity = "helo" },
	{ .name = "actions: helo softfail=warn, null sender",
	  .hacts = "softfail=warn", .flags = F_NULLS, .hres = SPFR_SOFTFAIL,
	  .action = WARNED("Softfail", "helo", EXP_SOFT, "helo", "x.example"),
	  .identity = "helo" },
	{ .name = "actions: helo fail=accept goes on to MAIL FROM",
	  .hacts = "fail=accept", .hres = SPFR_FAIL, .mres = SPFR_PASS,
	  .action = RSPF_MF("Pass", "a@pass.example"),
	  .identity = "mailfrom" },
	{ .name = "actions: helo fail=prepend goes on to MAIL FROM",
	  .hacts = "fail=prepend", .hres = SPFR_FAIL,
	  .sender = "a@none.example", .mres = SPFR_NONE,
	  .action = RSPF_MF("None", "a@none.example"),
	  .identity = "mailfrom" },
	{ .name = "actions: helo fail=accept, null sender: DUNNO",
	  .hacts = "fail=accept", .flags = F_NULLS, .hres = SPFR_FAIL,
	  .action = "DUNNO", .identity = "helo" },
	{ .name = "actions: helo fail=prepend, null sender: HELO header",
	  .hacts = "fail=prepend", .flags = F_NULLS, .hres = SPFR_FAIL,
	  .action = "prepend Received-SPF: Fail (" EXP_FAIL ") identity=helo; "
	    "client-ip=192.0.2.1; helo=x.example; envelope-from=\"<>\"; "
	    "receiver=dest.example", .identity = "helo" },
	{ .name = "actions: helo none=accept, MAIL FROM not checked",
	  .mail_from_reject = POLICY_NO_CHECK, .hacts = "none=accept",
	  .hres = SPFR_NONE, .mres = SPFR_FAIL, .action = "DUNNO",
	  .identity = "helo" },
	{ .name = "actions: HELO_reject Null, softfail=reject for senders",
	  .helo_reject = POLICY_NULL, .hacts = "softfail=reject",
	  .hres = SPFR_SOFTFAIL, .mres = SPFR_PASS,
	  .action = REJ("550 5.7.23", EXP_SOFT, "helo", "x.example"),
	  .identity = "helo" },
	{ .name = "actions: No_Mail turns a fail=reject into the header",
	  .macts = "fail=reject", .flags = F_NOMAIL,
	  .sender = "a@fail.example", .mres = SPFR_FAIL,
	  .action = RSPF_MF("Fail", "a@fail.example"),
	  .identity = "mailfrom" },
	{ .name = "actions: No_Mail leaves fail=warn alone",
	  .macts = "fail=warn", .flags = F_NOMAIL,
	  .sender = "a@fail.example", .mres = SPFR_FAIL,
	  .action = WARNED("Fail", "mailfrom", EXP_FAIL, "mfrom",
	    "a@fail.example"), .identity = "mailfrom" },
	{ .name = "actions: a not-pass domain keeps its own table",
	  .macts = "softfail=accept", .notpass = "soft.example",
	  .sender = "a@soft.example", .mres = SPFR_SOFTFAIL,
	  .action = REJ("550 5.7.23", "Receiver policy for SPF Softfail",
	    "mfrom", "a@soft.example"), .identity = "mailfrom" },
	{ .name = "actions: pass restriction wins over pass=accept",
	  .macts = "pass=accept", .mf_restr = "mfrom_passed_spf",
	  .mres = SPFR_PASS, .action = "mfrom_passed_spf",
	  .identity = "mailfrom" },
	{ .name = "actions: pass=warn wins over the pass restriction",
	  .macts = "pass=warn", .mf_restr = "mfrom_passed_spf",
	  .mres = SPFR_PASS,
	  .action = WARNED("Pass", "mailfrom", "sender SPF authorized",
	    "mfrom", "a@pass.example"), .identity = "mailfrom" },
	{ .name = "actions: warn with Reason_Message",
	  .macts = "softfail=warn", .reason = "{rejectdefer}: {spf}",
	  .sender = "a@soft.example", .mres = SPFR_SOFTFAIL,
	  .action = "WARN SPF Softfail (mailfrom): flagged: " EXP_SOFT,
	  .identity = "mailfrom" },
	{ .name = "actions: warn without enhanced codes, Header_Type None",
	  .macts = "softfail=warn", .flags = F_NOENH | F_NONE,
	  .sender = "a@soft.example", .mres = SPFR_SOFTFAIL,
	  .action = WARNED("Softfail", "mailfrom", EXP_SOFT, "mfrom",
	    "a@soft.example"), .identity = "mailfrom" },
	{ .name = "actions: test prepend holds a warn back",
	  .macts = "softfail=warn", .flags = F_TEST,
	  .sender = "a@soft.example", .mres = SPFR_SOFTFAIL,
	  .action = RSPF_MF("Softfail", "a@soft.example"),
	  .would = WARNED("Softfail", "mailfrom", EXP_SOFT, "mfrom",
	    "a@soft.example"), .identity = "mailfrom" },
	{ .name = "actions: test warn answers a warn as it is",
	  .macts = "softfail=warn", .flags = F_TEST | F_TWARN,
	  .sender = "a@soft.example", .mres = SPFR_SOFTFAIL,
	  .action = WARNED("Softfail", "mailfrom", EXP_SOFT, "mfrom",
	    "a@soft.example"), .identity = "mailfrom" },
	{ .name = "actions: test prepend, HELO warn goes on to MAIL FROM",
	  .hacts = "neutral=warn", .flags = F_TEST, .hres = SPFR_NEUTRAL,
	  .mres = SPFR_PASS, .action = RSPF_MF("Pass", "a@pass.example"),
	  .would = WARNED("Neutral", "helo", "access neither permitted nor "
	    "denied", "helo", "x.example"), .identity = "mailfrom" },
	{ .name = "actions: test warn, HELO warn is final",
	  .hacts = "neutral=warn", .flags = F_TEST | F_TWARN,
	  .hres = SPFR_NEUTRAL, .mres = SPFR_FAIL,
	  .action = WARNED("Neutral", "helo", "access neither permitted nor "
	    "denied", "helo", "x.example"), .identity = "helo" },
	{ .name = "actions: test warn, HELO temperror=defer",
	  .hacts = "temperror=defer", .flags = F_TEST | F_TWARN,
	  .hres = SPFR_TEMPERROR, .mres = SPFR_PASS,
	  .action = "WARN would defer: defer_if_permit 4.7.24 Message "
	    "deferred due to: " EXP_TEMP ". Please see " T_URL
	    "helo;id=x.example;ip=192.0.2.1;r=dest.example",
	  .would = "defer_if_permit 4.7.24 Message deferred due to: "
	    EXP_TEMP ". Please see " T_URL "helo;id=x.example;"
	    "ip=192.0.2.1;r=dest.example", .identity = "helo" },

	/* Quoting. */
	{ .name = "quoting: a+b=c@example.org",
	  .sender = "a+b=c@example.org", .mres = SPFR_PASS,
	  .action = RSPF_MF("Pass", "a+b=c@example.org"),
	  .identity = "mailfrom" },
	{ .name = "quoting: quoted local part",
	  .sender = "\"quote\\\"d\"@x", .mres = SPFR_PASS,
	  .action = RSPF_MF("Pass", "\\\"quote\\\\\\\"d\\\"@x"),
	  .identity = "mailfrom" },
	{ .name = "quoting: quoted local part in A-R", .flags = F_AR,
	  .sender = "\"quote\\\"d\"@x", .mres = SPFR_PASS,
	  .action = "prepend Authentication-Results: mx.test.example; "
	    "spf=pass (sender SPF authorized) smtp.mailfrom=x "
	    "(client-ip=192.0.2.1; helo=x.example; "
	    "envelope-from=\"quote\\\\\"d\"@x; receiver=dest.example)",
	  .identity = "mailfrom" },
	{ .name = "quoting: quoted local part in the URL",
	  .sender = "\"quote\\\"d\"@x", .mres = SPFR_FAIL,
	  .action = REJ("550 5.7.23", EXP_FAIL, "mfrom",
	    "\"quote\\\"d\"@x"), .identity = "mailfrom" },
	{ .name = "quoting: IPv6 client", .client = "2001:db8::1",
	  .mres = SPFR_PASS,
	  .action = "prepend Received-SPF: Pass (mailfrom) identity=mailfrom; "
	    "client-ip=\"2001:db8::1\"; helo=x.example; "
	    "envelope-from=\"a@pass.example\"; receiver=dest.example",
	  .identity = "mailfrom" },
	{ .name = "quoting: IPv6 client in A-R", .client = "2001:db8::1",
	  .flags = F_AR, .mres = SPFR_PASS,
	  .action = "prepend Authentication-Results: mx.test.example; "
	    "spf=pass (sender SPF authorized) smtp.mailfrom=pass.example "
	    "(client-ip=2001:db8::1; helo=x.example; "
	    "envelope-from=a@pass.example; receiver=dest.example)",
	  .identity = "mailfrom" },
	{ .name = "quoting: IPv6 client in the URL", .client = "2001:db8::1",
	  .sender = "a@fail.example", .mres = SPFR_FAIL,
	  .action = "550 5.7.23 Message rejected due to: " EXP_FAIL
	    ". Please see " T_URL "mfrom;id=a@fail.example;ip=2001:db8::1;"
	    "r=dest.example", .identity = "mailfrom" },
	{ .name = "quoting: address literal HELO", .helo = "[192.0.2.1]",
	  .flags = F_NULLS, .hres = SPFR_NONE,
	  .action = "prepend Received-SPF: None (no SPF record) identity=helo; "
	    "client-ip=192.0.2.1; helo=\"[192.0.2.1]\"; "
	    "envelope-from=\"<>\"; receiver=dest.example",
	  .identity = "helo" },

	/* decide_skip(). */
	{ .name = "skip: local", .why = LOCAL, .client = "127.0.0.1",
	  .action = "prepend X-Comment: " LOCAL " - client-ip=127.0.0.1; "
	    "helo=x.example; envelope-from=\"a@pass.example\"; "
	    "receiver=dest.example" },
	{ .name = "skip: whitelist",
	  .why = "SPF skipped for whitelisted relay", .client = "192.0.2.77",
	  .sender = "a@fail.example",
	  .action = "prepend X-Comment: SPF skipped for whitelisted relay - "
	    "client-ip=192.0.2.77; helo=x.example; "
	    "envelope-from=\"a@fail.example\"; receiver=dest.example" },
	{ .name = "skip: A-R", .why = LOCAL, .client = "127.0.0.1",
	  .flags = F_AR,
	  .action = "prepend Authentication-Results: mx.test.example; none "
	    "(" LOCAL " - client-ip=127.0.0.1; helo=x.example; "
	    "envelope-from=a@pass.example; receiver=dest.example)" },
	{ .name = "skip: null sender", .why = LOCAL, .client = "::1",
	  .flags = F_NULLS,
	  .action = "prepend X-Comment: " LOCAL " - client-ip=\"::1\"; "
	    "helo=x.example; envelope-from=\"<>\"; receiver=dest.example" },
	{ .name = "skip: Header_Type None", .why = LOCAL,
	  .client = "127.0.0.1", .flags = F_NONE, .action = "DUNNO",
	  .header = "X-Comment: " LOCAL " - client-ip=127.0.0.1; "
	    "helo=x.example; envelope-from=\"a@pass.example\"; "
	    "receiver=dest.example" },
	{ .name = "skip: Prospective", .why = LOCAL, .client = "127.0.0.1",
	  .flags = F_PROSP | F_AR, .action = "DUNNO",
	  .header = "Authentication-Results: mx.test.example; none "
	    "(" LOCAL " - client-ip=127.0.0.1; helo=x.example; "
	    "envelope-from=a@pass.example; receiver=dest.example)" },
	{ .name = "skip: test_only changes nothing", .why = LOCAL,
	  .client = "127.0.0.1", .flags = F_TEST | F_HIDE,
	  .action = "prepend X-Comment: " LOCAL " - client-ip=127.0.0.1; "
	    "helo=x.example; envelope-from=\"a@pass.example\"; "
	    "receiver=\"<UNKNOWN>\"" },
};

/* kind_of - the kind an answer text is */
static enum decision_kind
kind_of(const char *action)
{
	if (strncmp(action, "prepend ", 8) == 0)
		return (DECISION_PREPEND);
	if (strcmp(action, "DUNNO") == 0)
		return (DECISION_DUNNO);
	if (strncmp(action, "550 ", 4) == 0)
		return (DECISION_REJECT);
	if (strncmp(action, "defer_if_permit ", 16) == 0)
		return (DECISION_DEFER);
	if (strncmp(action, "WARN ", 5) == 0)
		return (DECISION_WARN);
	return (DECISION_RESTRICTION);
}

START_TEST(test_cases)
{
	const struct dcase	*c = &cases[_i];
	struct config		 cfg;
	struct decide_request	 req;
	struct spf_outcome	 ho, mo;
	struct decision		*out;
	char			 receiver[256];
	const char		*at;

	test_config(&cfg, c->helo_reject, c->mail_from_reject,
	    (c->flags & F_PERM) != 0, (c->flags & F_TEMP) != 0);
	cfg.no_mail = (c->flags & F_NOMAIL) != 0;
	cfg.spf_enhanced_status_codes = (c->flags & F_NOENH) == 0;
	if (c->flags & F_AR)
		cfg.header_type = HEADER_AR;
	if (c->flags & F_NONE)
		cfg.header_type = HEADER_NONE;
	cfg.hide_receiver = (c->flags & F_HIDE) != 0;
	if (c->flags & F_PROSP)
		cfg.prospective = (char *)"192.0.2.99";
	cfg.test_only = (c->flags & F_TEST) != 0;
	cfg.test_only_answer = c->flags & F_TWARN ? TEST_ANSWER_WARN :
	    TEST_ANSWER_PREPEND;
	test_override(&cfg.helo_table, c->hacts);
	test_override(&cfg.helo_null_table, c->hacts);
	test_override(&cfg.mailfrom_table, c->macts);
	if (c->notpass != NULL)
		strlist_split(&cfg.reject_not_pass_domains, c->notpass);
	cfg.helo_pass_restriction = (char *)c->helo_restr;
	cfg.mail_from_pass_restriction = (char *)c->mf_restr;
	if (c->reason != NULL)
		cfg.reason_message = (char *)c->reason;

	decide_receiver(&cfg, c->recipient != NULL ? c->recipient : T_RCPT,
	    receiver, sizeof(receiver));
	req.client_ip = c->client != NULL ? c->client : T_IP;
	req.helo = c->helo != NULL ? c->helo : T_HELO;
	req.sender = c->flags & F_NULLS ? "" :
	    c->sender != NULL ? c->sender : T_SENDER;
	at = strrchr(req.sender, '@');
	req.sender_domain = at != NULL ? at + 1 : "";
	req.receiver = receiver;
	req.authserv_id = T_AUTHSERV;
	test_outcome(&ho, c->hres, c->hexp, c->hnomail);
	test_outcome(&mo, c->mres, c->mexp, c->mnomail);

	out = malloc(sizeof(*out));
	ck_assert_ptr_nonnull(out);
	if (c->why != NULL) {
		decide_skip(&cfg, &req, c->why, out);
		assert_clean(out->action);
		assert_clean(out->header);
	} else
		test_run(&cfg, &req, &ho, &mo, out);
	ck_assert_msg(strcmp(out->action, c->action) == 0,
	    "%s:\ngot    \"%s\"\nwanted \"%s\"", c->name, out->action,
	    c->action);
	ck_assert_str_eq(out->would, c->would != NULL ? c->would : "");
	ck_assert_str_eq(out->header, c->header != NULL ? c->header : "");
	ck_assert_pstr_eq(out->identity, c->identity);
	ck_assert_int_eq(out->kind, kind_of(c->action));
	if (c->identity != NULL)
		ck_assert_int_eq(out->result, strcmp(c->identity, "helo") == 0 ?
		    c->hres : c->mres);
	free(out);
	strlist_free(&cfg.reject_not_pass_domains);
}
END_TEST

static const struct {
	int		 hide;
	const char	*recipient;
	size_t		 size;
	const char	*want;
} receivers[] = {
	{ 0, "user@dest.example", 256, "dest.example" },
	{ 0, "postmaster", 256, "postmaster" },
	{ 0, "", 256, "none" },
	{ 0, NULL, 256, "none" },
	{ 0, "user@", 256, "none" },
	{ 1, "user@dest.example", 256, "<UNKNOWN>" },
	{ 1, "", 256, "<UNKNOWN>" },
	{ 0, "\"a@b\"@dest.example", 256, "dest.example" },
	{ 0, "u@d\r\n\xc3\xa9.example", 256, "d????.example" },
	{ 0, "user@dest.example", 5, "dest" },
	{ 0, "user@dest.example", 1, "" },
};

START_TEST(test_receiver)
{
	struct config	cfg;
	char		buf[257];

	test_config(&cfg, POLICY_FAIL, POLICY_FAIL, 0, 0);
	cfg.hide_receiver = receivers[_i].hide;
	memset(buf, 'Z', sizeof(buf));
	decide_receiver(&cfg, receivers[_i].recipient, buf,
	    receivers[_i].size);
	ck_assert_str_eq(buf, receivers[_i].want);
	ck_assert_int_eq(buf[receivers[_i].size], 'Z');
	decide_receiver(&cfg, receivers[_i].recipient, buf, 0);
}
END_TEST

/*
 * Hostile.
 */

/* hostile_request - the usual request */
static void
hostile_request(struct decide_request *req)
{
	req->client_ip = T_IP;
	req->helo = T_HELO;
	req->sender = "a@fail.example";
	req->sender_domain = "fail.example";
	req->receiver = "dest.example";
	req->authserv_id = T_AUTHSERV;
}

/* CR, LF, control and 8-bit bytes in the explanation (from DNS). */
START_TEST(test_hostile_explanation)
{
	struct config		 cfg;
	struct decide_request	 req;
	struct spf_outcome	 ho, mo;
	struct decision		*out;
	const char		*evil =
	    "Go away\r\nX-Evil: 1\001\t\xc3\xa9 (x) \\";

	out = malloc(sizeof(*out));
	ck_assert_ptr_nonnull(out);
	test_config(&cfg, POLICY_FALSE, POLICY_FAIL, 0, 0);
	hostile_request(&req);
	test_outcome(&ho, SPFR_FAIL, evil, 0);
	test_outcome(&mo, SPFR_FAIL, evil, 0);
	test_run(&cfg, &req, &ho, &mo, out);
	ck_assert_str_eq(out->action, "550 5.7.23 Message rejected due to: "
	    "Go away??X-Evil: 1???? (x) \\. Please see " T_URL
	    "mfrom;id=a@fail.example;ip=192.0.2.1;r=dest.example");

	/* The same text as a HELO header comment: escaped too. */
	req.sender = "";
	req.sender_domain = "";
	test_run(&cfg, &req, &ho, &mo, out);
	ck_assert_str_eq(out->action, "prepend Received-SPF: Fail "
	    "(Go away??X-Evil: 1???? \\(x\\) \\\\) identity=helo; "
	    "client-ip=192.0.2.1; helo=x.example; envelope-from=\"<>\"; "
	    "receiver=dest.example");
	cfg.header_type = HEADER_AR;
	test_run(&cfg, &req, &ho, &mo, out);
	ck_assert_str_eq(out->action, "prepend Authentication-Results: "
	    "mx.test.example; spf=fail "
	    "(Go away??X-Evil: 1???? \\(x\\) \\\\) smtp.helo=x.example "
	    "(client-ip=192.0.2.1; helo=x.example; envelope-from=<>; "
	    "receiver=dest.example)");
	free(out);
}
END_TEST

/* CR and LF in the request (from the SMTP client) never reach Postfix. */
START_TEST(test_hostile_request)
{
	struct config		 cfg;
	struct decide_request	 req;
	struct spf_outcome	 ho, mo;
	struct decision		*out;

	out = malloc(sizeof(*out));
	ck_assert_ptr_nonnull(out);
	test_config(&cfg, POLICY_FAIL, POLICY_FAIL, 0, 0);
	hostile_request(&req);
	req.helo = "x\r\naction=OK";
	req.sender = "a\nb\"c@fail.example";
	test_outcome(&ho, SPFR_NONE, NULL, 0);
	test_outcome(&mo, SPFR_FAIL, NULL, 0);
	test_run(&cfg, &req, &ho, &mo, out);
	ck_assert_str_eq(out->action, "550 5.7.23 Message rejected due to: "
	    EXP_FAIL ". Please see " T_URL "mfrom;id=a?b\"c@fail.example;"
	    "ip=192.0.2.1;r=dest.example");
	test_outcome(&mo, SPFR_PASS, NULL, 0);
	test_run(&cfg, &req, &ho, &mo, out);
	ck_assert_str_eq(out->action, "prepend Received-SPF: Pass (mailfrom) "
	    "identity=mailfrom; client-ip=192.0.2.1; "
	    "helo=x??action=OK; envelope-from=\"a?b\\\"c@fail.example\"; "
	    "receiver=dest.example");

	cfg.mail_from_pass_restriction = (char *)"class\r\nx";
	test_run(&cfg, &req, &ho, &mo, out);
	ck_assert_str_eq(out->action, "class??x");
	ck_assert_int_eq(out->kind, DECISION_RESTRICTION);
	free(out);
}
END_TEST

/* An explanation that fills its array without a NUL is read no further. */
START_TEST(test_hostile_unterminated)
{
	struct config		 cfg;
	struct decide_request	 req;
	struct spf_outcome	*ho, *mo;
	struct decision		*out;
	char			 want[DECIDE_ACTION_MAX];

	out = malloc(sizeof(*out));
	ho = malloc(sizeof(*ho));
	mo = malloc(sizeof(*mo));
	ck_assert_ptr_nonnull(out);
	ck_assert_ptr_nonnull(ho);
	ck_assert_ptr_nonnull(mo);
	test_config(&cfg, POLICY_FAIL, POLICY_FAIL, 0, 0);
	hostile_request(&req);
	ho->result = SPFR_NONE;
	memset(ho->explanation, 'h', sizeof(ho->explanation));
	ho->no_mail_record = 0;
	mo->result = SPFR_FAIL;
	memset(mo->explanation, 'E', sizeof(mo->explanation));
	mo->no_mail_record = 0;
	test_run(&cfg, &req, ho, mo, out);
	snprintf(want, sizeof(want), "550 5.7.23 Message rejected due to: "
	    "%.*s. Please see " T_URL "mfrom;id=a@fail.example;ip=192.0.2.1;"
	    "r=dest.example", SPF_EXPLAIN_MAX - 1, mo->explanation);
	ck_assert_str_eq(out->action, want);

	req.sender = "";
	test_run(&cfg, &req, ho, mo, out);
	snprintf(want, sizeof(want), "prepend Received-SPF: None (%.*s) "
	    "identity=helo; client-ip=192.0.2.1; helo=x.example; "
	    "envelope-from=\"<>\"; receiver=dest.example",
	    SPF_EXPLAIN_MAX - 1, ho->explanation);
	ck_assert_str_eq(out->action, want);
	free(out);
	free(ho);
	free(mo);
}
END_TEST

/* Answers longer than DECIDE_ACTION_MAX are cut, headers cleanly. */
START_TEST(test_hostile_long)
{
	struct config		 cfg;
	struct decide_request	 req;
	struct spf_outcome	 ho, mo;
	struct decision		*out;
	char			*reason, *sender;
	size_t			 len;

	out = malloc(sizeof(*out));
	reason = malloc(3001);
	sender = malloc(3001);
	ck_assert_ptr_nonnull(out);
	ck_assert_ptr_nonnull(reason);
	ck_assert_ptr_nonnull(sender);
	test_config(&cfg, POLICY_FAIL, POLICY_FAIL, 0, 0);
	hostile_request(&req);
	test_outcome(&ho, SPFR_NONE, NULL, 0);
	test_outcome(&mo, SPFR_FAIL, NULL, 0);

	/* A long Reason_Message. */
	memset(reason, 'R', 3000);
	reason[3000] = '\0';
	cfg.reason_message = reason;
	test_run(&cfg, &req, &ho, &mo, out);
	len = strlen(out->action);
	ck_assert_uint_eq(len, DECIDE_ACTION_MAX - 1);
	ck_assert_int_eq(strncmp(out->action, "550 5.7.23 RRRR", 15), 0);
	ck_assert_uint_eq(strspn(out->action + 11, "R"), len - 11);

	/* A long sender in the URL. */
	cfg.reason_message = (char *)"{spf} {url}";
	memset(sender, 's', 3000);
	memcpy(sender + 2980, "@fail.example", 14);
	req.sender = sender;
	test_run(&cfg, &req, &ho, &mo, out);
	ck_assert_uint_eq(strlen(out->action), DECIDE_ACTION_MAX - 1);
	ck_assert_int_eq(strncmp(out->action, "550 5.7.23 " EXP_FAIL " "
	    T_URL "mfrom;id=sss", 11 + strlen(EXP_FAIL) + 1 +
	    strlen(T_URL) + 12), 0);

	/* A long sender in a header: the pair is left out whole. */
	test_outcome(&mo, SPFR_PASS, NULL, 0);
	test_run(&cfg, &req, &ho, &mo, out);
	ck_assert_str_eq(out->action, "prepend Received-SPF: Pass (mailfrom) "
	    "identity=mailfrom; client-ip=192.0.2.1; helo=x.example");
	cfg.header_type = HEADER_NONE;
	test_run(&cfg, &req, &ho, &mo, out);
	ck_assert_str_eq(out->header, "Received-SPF: Pass (mailfrom) "
	    "identity=mailfrom; client-ip=192.0.2.1; helo=x.example");

	/* Skip with a long sender. */
	cfg.header_type = HEADER_SPF;
	decide_skip(&cfg, &req, LOCAL, out);
	ck_assert_str_eq(out->action, "prepend X-Comment: " LOCAL " - "
	    "client-ip=192.0.2.1; helo=x.example");

	/* Long restriction name. */
	cfg.mail_from_pass_restriction = reason;
	test_run(&cfg, &req, &ho, &mo, out);
	ck_assert_uint_eq(strlen(out->action), DECIDE_ACTION_MAX - 1);
	free(out);
	free(reason);
	free(sender);
}
END_TEST

/* Defensive: out-of-range table entries and a NULL Reason_Message. */
START_TEST(test_defensive)
{
	struct config		 cfg;
	struct decide_request	 req;
	struct spf_outcome	 ho, mo;
	struct decision		*out;

	out = malloc(sizeof(*out));
	ck_assert_ptr_nonnull(out);
	test_config(&cfg, POLICY_FAIL, POLICY_FAIL, 0, 0);
	hostile_request(&req);
	cfg.reason_message = NULL;
	test_outcome(&ho, SPFR_NONE, NULL, 0);
	test_outcome(&mo, SPFR_FAIL, NULL, 0);
	test_run(&cfg, &req, &ho, &mo, out);
	ck_assert_str_eq(out->action, REJ("550 5.7.23", EXP_FAIL, "mfrom",
	    "a@fail.example"));

	/* ACT_ACCEPT: DUNNO, no header, for either identity. */
	cfg.mailfrom_table.act[SPFR_FAIL] = ACT_ACCEPT;
	test_run(&cfg, &req, &ho, &mo, out);
	ck_assert_str_eq(out->action, "DUNNO");
	ck_assert_int_eq(out->kind, DECISION_DUNNO);
	ck_assert_pstr_eq(out->identity, "mailfrom");

	/* ACT_WARN. */
	cfg.mailfrom_table.act[SPFR_FAIL] = ACT_WARN;
	test_run(&cfg, &req, &ho, &mo, out);
	ck_assert_str_eq(out->action, WARNED("Fail", "mailfrom", EXP_FAIL,
	    "mfrom", "a@fail.example"));
	ck_assert_int_eq(out->kind, DECISION_WARN);
	cfg.test_only = 1;
	test_run(&cfg, &req, &ho, &mo, out);
	ck_assert_str_eq(out->would, WARNED("Fail", "mailfrom", EXP_FAIL,
	    "mfrom", "a@fail.example"));
	ck_assert_int_eq(out->kind, DECISION_PREPEND);
	cfg.test_only = 0;

	/* A HELO warn ends the checks like a reject. */
	cfg.helo_table.act[SPFR_NEUTRAL] = ACT_WARN;
	test_outcome(&ho, SPFR_NEUTRAL, NULL, 0);
	test_run(&cfg, &req, &ho, &mo, out);
	ck_assert_str_eq(out->action, WARNED("Neutral", "helo",
	    "access neither permitted nor denied", "helo", "x.example"));

	/* Garbage in a table is ACT_ACCEPT; a bad result is Permerror. */
	cfg.mailfrom_table.act[SPFR_FAIL] = (enum policy_action)42;
	test_outcome(&ho, SPFR_NONE, NULL, 0);
	test_run(&cfg, &req, &ho, &mo, out);
	ck_assert_str_eq(out->action, "DUNNO");
	mo.result = (enum spf_result)99;
	test_run(&cfg, &req, &ho, &mo, out);
	ck_assert_str_eq(out->action, "prepend Received-SPF: Permerror "
	    "(mailfrom) identity=mailfrom; client-ip=192.0.2.1; "
	    "helo=x.example; envelope-from=\"a@fail.example\"; "
	    "receiver=dest.example");
	ck_assert_int_eq(out->result, SPFR_PERMERROR);
	free(out);
}
END_TEST

static Suite *
decide_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("decide");

	tc = tcase_create("Header");
	tcase_add_loop_test(tc, test_header_dot_atom, 0, NITEMS(dot_atoms));
	tcase_add_loop_test(tc, test_header_keyvalue, 0, NITEMS(keyvalues));
	tcase_add_loop_test(tc, test_header_comment, 0, NITEMS(comments));
	tcase_add_test(tc, test_header_forms);
	tcase_add_test(tc, test_header_truncate);
	tcase_add_test(tc, test_header_long_value);
	suite_add_tcase(s, tc);

	tc = tcase_create("Matrix");
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_matrix, 0, M_ROWS);
	suite_add_tcase(s, tc);

	tc = tcase_create("Actions");
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_actions, 0,
	    2 * SPFR_COUNT * (int)NITEMS(a_name));
	suite_add_tcase(s, tc);

	tc = tcase_create("Cases");
	tcase_add_loop_test(tc, test_cases, 0, NITEMS(cases));
	tcase_add_loop_test(tc, test_receiver, 0, NITEMS(receivers));
	tcase_add_test(tc, test_defensive);
	suite_add_tcase(s, tc);

	tc = tcase_create("Hostile");
	tcase_add_test(tc, test_hostile_explanation);
	tcase_add_test(tc, test_hostile_request);
	tcase_add_test(tc, test_hostile_unterminated);
	tcase_add_test(tc, test_hostile_long);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	SRunner	*sr;
	int	 failed;

	sr = srunner_create(decide_suite());
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return (failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE);
}
