/*
 * NAME
 *	config_table 3 - the master copy of every configuration option
 * DESCRIPTION
 *	One row per option: native name, pypolicyd-spf alias, type,
 *	default (as the text a user would write), bounds or choices, the
 *	field it fills, the check of its value and its documentation.  config.c drives everything
 *	from these rows: the defaults, the libconfig reader and its checks,
 *	--config-test, etc/policyd-spf.conf and the OPTIONS section of
 *	policyd-spf.conf(5).  The table ends with a row whose name is NULL.
 *
 *	Rows are in the order of struct config, which is the order of the
 *	shipped file and of the manual page.  Doc strings are plain text,
 *	one paragraph: config.c wraps them into "# " comments and escapes
 *	them for man(7).
 *
 *	An enum option whose field is a C enum (helo_reject,
 *	mail_from_reject, header_type, test_only_answer) must also have a
 *	row in config.c's
 *	config_enum_fields[]; any other enum field is a char * that holds
 *	the choice in lower case.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <stddef.h>

#include "config.h"

static const char *const config_choices_facility[] = {
	"mail", "daemon", "user", "local0", "local1", "local2", "local3",
	"local4", "local5", "local6", "local7", NULL
};

/* In the order of enum config_policy; mail_from_reject has no "null". */
static const char *const config_choices_helo[] = {
	"fail", "softfail", "spf_not_pass", "null", "false", "no_check", NULL
};

static const char *const config_choices_mailfrom[] = {
	"fail", "softfail", "spf_not_pass", "false", "no_check", NULL
};

/* In the order of enum test_only_answer. */
static const char *const config_choices_test_answer[] = {
	"prepend", "warn", NULL
};

/* In the order of enum header_type. */
static const char *const config_choices_header[] = {
	"spf", "ar", "none", NULL
};

#define F(field)	offsetof(struct config, field)

const struct config_option config_options[] = {
	/* Logging. */
	{
		.name = "debug_level",
		.alias = "debugLevel",
		.type = CONFIG_INT,
		.def = "1",
		.min = -1, .max = 5,
		.offset = F(debug_level),
		.doc = "How much is logged: -1 nothing; 0 errors and "
		    "warnings only; 1 one line per answer that rejects, "
		    "defers or adds a header (the default); 2 also each "
		    "identity's SPF result; 3 also start, exit and the "
		    "configuration; 4 also every request line; 5 also the "
		    "DNS traffic.  The levels are pypolicyd-spf's, except "
		    "that 5 shows this daemon's own DNS queries."
	},
	{
		.name = "log_target",
		.type = CONFIG_STRING,
		.def = "syslog",
		.offset = F(log_target),
		.check = config_check_log_target,
		.doc = "Where log lines go: \"syslog\" (ident policyd-spf, "
		    "with the process id, facility syslog_facility), "
		    "\"stderr\", or the absolute path of a file that lines "
		    "are appended to.  \"stderr\" is refused when Postfix "
		    "spawn(8) runs the daemon, because stderr is then the "
		    "Postfix socket.  pypolicyd-spf always logs to syslog."
	},
	{
		.name = "syslog_facility",
		.type = CONFIG_ENUM,
		.def = "mail",
		.choices = config_choices_facility,
		.offset = F(syslog_facility),
		.doc = "The syslog facility used when log_target is "
		    "\"syslog\".  pypolicyd-spf always uses mail."
	},

	/* Decisions. */
	{
		.name = "test_only",
		.type = CONFIG_BOOL,
		.def = "false",
		.offset = F(test_only),
		.doc = "Try a policy without enforcing it: an answer that "
		    "would reject or defer is logged as \"would reject\" "
		    "or \"would defer\" and answered as test_only_answer "
		    "says: by default with the header the identity would "
		    "otherwise get.  This is the reverse "
		    "of pypolicyd-spf's TestOnly, which is therefore not "
		    "accepted as an alias: TestOnly = 0 there is test_only "
		    "= true here, and TestOnly = 1 (its default) is "
		    "test_only = false.  In test mode pypolicyd-spf answered "
		    "DUNNO without a header; Postfix's warn_if_reject is "
		    "another way to roll out a policy."
	},
	{
		.name = "test_only_answer",
		.type = CONFIG_ENUM,
		.def = "prepend",
		.choices = config_choices_test_answer,
		.offset = F(test_only_answer),
		.doc = "What test_only answers instead of a reject or defer.  "
		    "prepend (the default): the header the identity would "
		    "otherwise get, so that the mail flows exactly as when "
		    "it is accepted and DMARC and ARC verifiers further on "
		    "still see the SPF result; the would-be answer is in "
		    "policyd-spf's own log only.  A warn of the action "
		    "tables is then held back too (\"would warn\"), and a "
		    "HELO reject or defer goes on to MAIL FROM, whose header "
		    "is added.  warn: \"WARN would reject: <reply>\" or "
		    "\"WARN would defer: <reply>\", <reply> being the "
		    "answer an enforcing run gives, so that Postfix logs the "
		    "would-be refusal in its own log with the client, "
		    "sender, recipient and HELO name; no header is added, a "
		    "HELO reject or defer is final as when enforcing, and a "
		    "warn of the action tables is answered as it is.  "
		    "Without test_only this does nothing.  pypolicyd-spf "
		    "has no such option."
	},
	{
		.name = "helo_reject",
		.alias = "HELO_reject",
		.type = CONFIG_ENUM,
		.def = "fail",
		.choices = config_choices_helo,
		.offset = F(helo_reject),
		.doc = "What the SPF result of the HELO name leads to.  "
		    "fail: reject Fail.  softfail: reject Fail and "
		    "Softfail.  spf_not_pass: reject Fail, Softfail and "
		    "Neutral.  null: reject Fail for the null sender "
		    "(bounces) only.  false: reject nothing, and "
		    "permerror_reject and temperror_defer do not apply to "
		    "HELO.  no_check: do not check HELO at all.  Any "
		    "other result adds the header.  helo_actions then "
		    "changes single results.  HELO is checked "
		    "before MAIL FROM and a HELO reject or defer is final; "
		    "for the null sender the HELO result decides alone.  "
		    "Values are case-insensitive here; pypolicyd-spf "
		    "compares them case-sensitively and silently ignores "
		    "a value it does not know, such as \"fail\" (HELO is "
		    "then never rejected for Fail)."
	},
	{
		.name = "mail_from_reject",
		.alias = "Mail_From_reject",
		.type = CONFIG_ENUM,
		.def = "fail",
		.choices = config_choices_mailfrom,
		.offset = F(mail_from_reject),
		.doc = "What the SPF result of the MAIL FROM address leads "
		    "to: fail, softfail, spf_not_pass, false and no_check "
		    "as for helo_reject (null is for HELO only).  With "
		    "no_check the HELO result decides for every sender.  "
		    "mail_from_actions then changes single results.  "
		    "Values are case-insensitive here; pypolicyd-spf "
		    "silently ignores a value that is not spelt exactly "
		    "Fail, Softfail, SPF_Not_Pass, False or No_Check."
	},
	{
		.name = "permerror_reject",
		.alias = "PermError_reject",
		.type = CONFIG_BOOL,
		.def = "false",
		.offset = F(permerror_reject),
		.doc = "Reject a Permerror result (a broken SPF record) "
		    "with 550 5.7.24, for each identity whose helo_reject "
		    "or mail_from_reject is neither false nor no_check.  "
		    "Otherwise Permerror only adds the header.  A "
		    "permerror item of helo_actions or mail_from_actions "
		    "wins over it.  "
		    "pypolicyd-spf takes only the exact text \"True\" as "
		    "true; here any boolean spelling works."
	},
	{
		.name = "temperror_defer",
		.alias = "TempError_Defer",
		.type = CONFIG_BOOL,
		.def = "false",
		.offset = F(temperror_defer),
		.doc = "Defer a Temperror result (a DNS failure or "
		    "timeout) with defer_if_permit 4.7.24, for each "
		    "identity whose helo_reject or mail_from_reject is "
		    "neither false nor no_check.  Otherwise Temperror only "
		    "adds the header.  A temperror item of helo_actions or "
		    "mail_from_actions wins over it.  pypolicyd-spf takes "
		    "only the exact text \"True\" as true; here any boolean "
		    "spelling works."
	},
	{
		.name = "helo_actions",
		.type = CONFIG_STRLIST,
		.def = "",
		.offset = F(helo_actions),
		.check = config_check_action,
		.check_list = config_check_action_list,
		.doc = "The action of single HELO results, over the table "
		    "that helo_reject, permerror_reject and temperror_defer "
		    "give: \"result=action\" items, in any case.  Results: "
		    "pass, fail, softfail, neutral, none, permerror, "
		    "temperror.  Actions: reject (550 5.7.23, 5.7.24 for "
		    "permerror and temperror), defer (defer_if_permit "
		    "4.7.24), warn (\"WARN SPF <Result> (helo): <text of "
		    "reason_message>\": Postfix logs it with the client, "
		    "sender and recipient, and the message goes on), prepend "
		    "(the header) and accept (DUNNO, no header).  A result "
		    "not listed keeps its action; one "
		    "listed twice is an error.  [\"temperror=defer\"] "
		    "defers a HELO Temperror and nothing else.  A HELO "
		    "reject, defer or warn is final.  prepend and accept "
		    "both go on to MAIL FROM; they differ only where HELO "
		    "decides alone (the null sender, or mail_from_reject = "
		    "no_check): the HELO header, or DUNNO.  The items apply "
		    "to every sender, with helo_reject = null too, and with "
		    "helo_reject = false they start from prepend for every "
		    "result.  Items with helo_reject = no_check are an "
		    "error.  pypolicyd-spf has no such option."
	},
	{
		.name = "mail_from_actions",
		.type = CONFIG_STRLIST,
		.def = "",
		.offset = F(mail_from_actions),
		.check = config_check_action,
		.check_list = config_check_action_list,
		.doc = "The action of single MAIL FROM results, over the "
		    "table that mail_from_reject, permerror_reject and "
		    "temperror_defer give: \"result=action\" items as for "
		    "helo_actions.  [\"fail=reject\", \"softfail=warn\"] "
		    "rejects Fail and logs Softfail through Postfix.  prepend "
		    "adds the MAIL FROM header; accept answers DUNNO without "
		    "it.  Items with mail_from_reject = no_check are an "
		    "error.  no_mail still turns a fail=reject into the "
		    "header unless the record is \"v=spf1 -all\", "
		    "mail_from_pass_restriction still wins over prepend and "
		    "accept for pass, and a domain of "
		    "reject_not_pass_domains keeps that option's own table "
		    "whatever these items say.  pypolicyd-spf has no such "
		    "option."
	},
	{
		.name = "no_mail",
		.alias = "No_Mail",
		.type = CONFIG_BOOL,
		.def = "false",
		.offset = F(no_mail),
		.doc = "Reject a Fail only when the domain's SPF record is "
		    "exactly \"v=spf1 -all\", that is a domain that says it "
		    "sends no mail at all; any other Fail only adds the "
		    "header.  pypolicyd-spf takes only the exact text "
		    "\"True\" as true."
	},
	{
		.name = "reject_not_pass_domains",
		.alias = "Reject_Not_Pass_Domains",
		.type = CONFIG_STRLIST,
		.def = "",
		.offset = F(reject_not_pass_domains),
		.doc = "Domains whose mail must pass SPF.  When the sender "
		    "domain (for MAIL FROM) or the HELO name (for HELO) "
		    "equals a listed domain or is a subdomain of one, that "
		    "identity is judged as with spf_not_pass (with "
		    "permerror_reject and temperror_defer), and a reject "
		    "says \"Receiver policy for SPF <result>\".  "
		    "pypolicyd-spf compared the other way round, so there "
		    "sub.example.com was not covered by example.com."
	},
	{
		.name = "helo_pass_restriction",
		.alias = "HELO_pass_restriction",
		.type = CONFIG_STRING,
		.def = "",
		.offset = F(helo_pass_restriction),
		.check = config_check_class,
		.doc = "The name of a Postfix restriction class "
		    "(smtpd_restriction_classes) to answer when the HELO "
		    "name passes SPF, instead of adding a header.  The "
		    "answer is final: MAIL FROM is not looked at.  Letters, "
		    "digits, \"_\" and \"-\" only; empty turns it off."
	},
	{
		.name = "mail_from_pass_restriction",
		.alias = "Mail_From_pass_restriction",
		.type = CONFIG_STRING,
		.def = "",
		.offset = F(mail_from_pass_restriction),
		.check = config_check_class,
		.doc = "The name of a Postfix restriction class to answer "
		    "when the MAIL FROM address passes SPF, instead of "
		    "adding a header.  Letters, digits, \"_\" and \"-\" "
		    "only; empty turns it off."
	},
	{
		.name = "prospective",
		.alias = "Prospective",
		.type = CONFIG_IP,
		.def = "",
		.offset = F(prospective),
		.doc = "Evaluate SPF as if every message came from this IP "
		    "address instead of the client's, for example to see "
		    "what moving a service to a new address would do.  "
		    "Headers are then not added (the answer is DUNNO "
		    "instead), but rejects and defers are still answered.  "
		    "Empty turns it off."
	},

	/* Skipping. */
	{
		.name = "skip_addresses",
		.alias = "skip_addresses",
		.type = CONFIG_CIDRLIST,
		.def = "127.0.0.0/8,::ffff:127.0.0.0/104,::1",
		.offset = F(skip_addresses),
		.doc = "Clients in these networks are not checked and get "
		    "an \"X-Comment: SPF check N/A for local connections\" "
		    "header.  Entries are addresses or address/prefix "
		    "networks, IPv4 or IPv6; an IPv4 client also matches "
		    "an IPv4-mapped IPv6 entry.  A bad entry is an error "
		    "here; pypolicyd-spf logged it on each message and "
		    "stopped reading the list at that entry."
	},
	{
		.name = "whitelist",
		.alias = "Whitelist",
		.type = CONFIG_CIDRLIST,
		.def = "",
		.offset = F(whitelist),
		.doc = "Clients in these networks, for example secondary MX "
		    "hosts or known forwarders, are not checked and get an "
		    "\"X-Comment: SPF skipped for whitelisted relay\" "
		    "header.  Same syntax as skip_addresses."
	},
	{
		.name = "helo_whitelist",
		.alias = "HELO_Whitelist",
		.type = CONFIG_STRLIST,
		.def = "",
		.offset = F(helo_whitelist),
		.doc = "HELO names of hosts that are not checked: the "
		    "client's HELO name must equal a listed name (any case "
		    "here; pypolicyd-spf needed lower case) and the "
		    "client's address must be among that name's A or AAAA "
		    "records.  Costs a DNS lookup for each message whose "
		    "HELO name is listed."
	},
	{
		.name = "domain_whitelist",
		.alias = "Domain_Whitelist",
		.type = CONFIG_STRLIST,
		.def = "",
		.offset = F(domain_whitelist),
		.doc = "Domains whose authorized hosts are not checked: for "
		    "each listed domain, the client is evaluated against "
		    "that domain's SPF record, and a Pass skips the check.  "
		    "Costs an SPF evaluation per listed domain for every "
		    "message, so keep the list short."
	},
	{
		.name = "domain_whitelist_ptr",
		.alias = "Domain_Whitelist_PTR",
		.type = CONFIG_STRLIST,
		.def = "",
		.offset = F(domain_whitelist_ptr),
		.doc = "Clients whose PTR name (the first one, not "
		    "forward-confirmed) equals a listed domain or ends in "
		    "\".\" followed by it are not checked.  pypolicyd-spf "
		    "did a plain suffix match, so there example.com also "
		    "matched badexample.com."
	},
	{
		.name = "whitelist_lookup_time",
		.alias = "Whitelist_Lookup_Time",
		.type = CONFIG_INT,
		.def = "10",
		.min = 1, .max = 60,
		.offset = F(whitelist_lookup_time),
		.unit = "seconds",
		.doc = "The time limit for the DNS lookups of each of "
		    "domain_whitelist, helo_whitelist and "
		    "domain_whitelist_ptr."
	},
	{
		.name = "skip_sasl_authenticated",
		.type = CONFIG_BOOL,
		.def = "true",
		.offset = F(skip_sasl_authenticated),
		.doc = "Do not check clients that logged in with SASL (the "
		    "request's sasl_username is not empty): answer DUNNO.  "
		    "pypolicyd-spf has no such option and checks them too; "
		    "usually permit_sasl_authenticated comes before the "
		    "policy service in Postfix anyway."
	},

	/* Answers and headers. */
	{
		.name = "spf_enhanced_status_codes",
		.alias = "SPF_Enhanced_Status_Codes",
		.type = CONFIG_BOOL,
		.def = "true",
		.offset = F(spf_enhanced_status_codes),
		.doc = "Use the RFC 7372 enhanced status codes: 550 5.7.23 "
		    "for a Fail, 550 5.7.24 for a Permerror and "
		    "defer_if_permit 4.7.24 for a Temperror.  When false "
		    "the answers are plain 550 and defer_if_permit and "
		    "Postfix adds its generic codes.  pypolicyd-spf turns "
		    "them off only for the exact text \"No\"."
	},
	{
		.name = "header_type",
		.alias = "Header_Type",
		.type = CONFIG_ENUM,
		.def = "spf",
		.choices = config_choices_header,
		.offset = F(header_type),
		.doc = "The header added to accepted mail: spf for "
		    "Received-SPF, ar for Authentication-Results (RFC "
		    "8601, with authserv_id), none for no header (the "
		    "answer is DUNNO and the header is only logged).  "
		    "pypolicyd-spf looks for the text \"SPF\" or \"AR\" in "
		    "the value, case-sensitively, and fails on every "
		    "message when it finds both."
	},
	{
		.name = "hide_receiver",
		.alias = "Hide_Receiver",
		.type = CONFIG_BOOL,
		.def = "false",
		.offset = F(hide_receiver),
		.doc = "Write receiver=<UNKNOWN> in headers and r=<UNKNOWN> "
		    "in reject texts instead of the recipient's domain.  "
		    "pypolicyd-spf hides the receiver for any value but "
		    "the exact text \"No\"."
	},
	{
		.name = "authserv_id",
		.alias = "Authserv_Id",
		.type = CONFIG_STRING,
		.def = "HOSTNAME",
		.offset = F(authserv_id),
		.check = config_check_authserv_id,
		.doc = "The authserv-id of Authentication-Results headers "
		    "(header_type = ar), naming this host's mail domain; "
		    "HOSTNAME means the host name as gethostname(2) gives "
		    "it.  Must not be empty and must not contain white "
		    "space, control characters or \";\"."
	},
	{
		.name = "reason_message",
		.alias = "Reason_Message",
		.type = CONFIG_STRING,
		.def = "Message {rejectdefer} due to: {spf}. Please see {url}",
		.offset = F(reason_message),
		.check = config_check_printable,
		.doc = "The text of a reject, defer or warn answer.  "
		    "{rejectdefer} becomes \"rejected\", \"deferred\" "
		    "or \"flagged\" (warn), {spf} the SPF "
		    "explanation, and {url} "
		    "http://www.openspf.net/Why?s=<mfrom or helo>;id=<sender "
		    "or HELO name>;ip=<client>;r=<receiver>.  A warn answers "
		    "\"WARN SPF <Result> (<helo or mailfrom>): <text>\".  "
		    "Printable ASCII only.  Unlike pypolicyd-spf's file, "
		    "this one "
		    "lets the text contain \"=\" and \"#\", and an unknown "
		    "{name} is kept as it is instead of failing."
	},
	{
		.name = "instance_cache_size",
		.type = CONFIG_INT,
		.def = "16",
		.min = 1, .max = 100000,
		.offset = F(instance_cache_size),
		.doc = "How many messages per connection remember their "
		    "answer, so that later recipients of the same message "
		    "get the first recipient's answer (DUNNO after a "
		    "header) without new lookups.  pypolicyd-spf "
		    "remembered every message for the life of the process."
	},

	/* SPF evaluation and DNS. */
	{
		.name = "lookup_time",
		.alias = "Lookup_Time",
		.type = CONFIG_INT,
		.def = "20",
		.min = 1, .max = 100,
		.offset = F(lookup_time),
		.unit = "seconds",
		.doc = "The time budget of one identity's SPF evaluation; "
		    "when it runs out the result is Temperror.  HELO and "
		    "MAIL FROM each get their own budget, so twice this "
		    "plus the whitelist lookups must stay below Postfix's "
		    "smtpd_policy_service_timeout (100 seconds)."
	},
	{
		.name = "void_limit",
		.alias = "Void_Limit",
		.type = CONFIG_INT,
		.def = "2",
		.min = 0, .max = 100,
		.offset = F(void_limit),
		.doc = "How many DNS lookups that find nothing (NXDOMAIN or "
		    "no answer) one evaluation may make; one more gives "
		    "Permerror.  RFC 7208 section 4.6.4 recommends 2."
	},
	{
		.name = "dns_servers",
		.type = CONFIG_STRLIST,
		.def = "",
		.offset = F(dns_servers),
		.check = config_check_dns_server,
		.doc = "The DNS resolvers to ask, in order: \"ADDR\", "
		    "\"IPv4ADDR:PORT\" or \"[IPv6ADDR]:PORT\" (port 53 when "
		    "none is given).  Empty means the nameserver lines of "
		    "/etc/resolv.conf.  pypolicyd-spf has no such option."
	},
	{
		.name = "dns_timeout",
		.type = CONFIG_INT,
		.def = "2000",
		.min = 100, .max = 30000,
		.offset = F(dns_timeout),
		.unit = "milliseconds",
		.doc = "How long to wait for the answer to one DNS query "
		    "from one server before trying again."
	},
	{
		.name = "dns_retries",
		.type = CONFIG_INT,
		.def = "2",
		.min = 1, .max = 10,
		.offset = F(dns_retries),
		.doc = "How many times one DNS query is sent to each server "
		    "before the next server is tried."
	},
	{
		.name = "dns_cache_size",
		.type = CONFIG_INT,
		.def = "33554432",
		.min = 0, .max = 2147483647,
		.offset = F(dns_cache_size),
		.unit = "bytes",
		.doc = "The memory the DNS cache may use for its entries "
		    "(each counted with its name, its records and the "
		    "allocator's overhead: about 250 bytes for a typical "
		    "answer), 32 MiB by default.  One cache serves "
		    "every evaluation of the process, and the least "
		    "recently used entries make room for new ones.  The "
		    "budget is split evenly over 16 independently locked "
		    "parts, so an answer larger than a sixteenth of it is "
		    "not kept.  0 turns the cache off: every lookup goes to "
		    "the DNS servers, and concurrent lookups of one name "
		    "are no longer merged into one query."
	},
	{
		.name = "dns_cache_entries",
		.type = CONFIG_INT,
		.def = "200000",
		.min = 0, .max = 100000000,
		.offset = F(dns_cache_entries),
		.doc = "The most answers (one per name and record type) the "
		    "DNS cache keeps, whatever their size; the least "
		    "recently used make room for new ones.  0 turns the "
		    "cache off, as dns_cache_size = 0 does."
	},
	{
		.name = "dns_cache_min_ttl",
		.type = CONFIG_INT,
		.def = "0",
		.min = 0, .max = 3600,
		.offset = F(dns_cache_min_ttl),
		.unit = "seconds",
		.doc = "The shortest time an answer that found records, or "
		    "found that a name or record does not exist, is kept "
		    "in the DNS cache, even when its TTL is shorter.  0 "
		    "honours every TTL, including TTL 0 (not cached) and "
		    "negative answers that carry no SOA record, which RFC "
		    "2308 says not to cache; a few seconds absorbs bursts "
		    "for such names.  dns_cache_max_ttl and "
		    "dns_cache_negative_max_ttl win over it."
	},
	{
		.name = "dns_cache_max_ttl",
		.type = CONFIG_INT,
		.def = "86400",
		.min = 0, .max = 604800,
		.offset = F(dns_cache_max_ttl),
		.unit = "seconds",
		.doc = "The longest time any answer is kept in the DNS "
		    "cache, however long its TTL; a record changed in DNS "
		    "is seen after at most this long.  0 keeps nothing "
		    "(queries of one name that run at the same time are "
		    "still merged)."
	},
	{
		.name = "dns_cache_negative_max_ttl",
		.type = CONFIG_INT,
		.def = "3600",
		.min = 0, .max = 86400,
		.offset = F(dns_cache_negative_max_ttl),
		.unit = "seconds",
		.doc = "The longest time an answer saying that a name "
		    "(NXDOMAIN) or a record (no data) does not exist is "
		    "kept in the DNS cache.  Its TTL comes from the SOA "
		    "record of the answer (RFC 2308: the lower of the SOA's "
		    "TTL and MINIMUM field); this cap means a newly "
		    "published SPF record is seen within the hour even "
		    "where the zone asks for longer."
	},
	{
		.name = "dns_cache_error_ttl",
		.type = CONFIG_INT,
		.def = "5",
		.min = 0, .max = 300,
		.offset = F(dns_cache_error_ttl),
		.unit = "seconds",
		.doc = "How long a failed lookup (SERVFAIL or another error "
		    "code, a malformed answer, or no answer from any "
		    "server) is kept in the DNS cache, so that a failing "
		    "domain is not asked again by every message for a "
		    "moment; evaluations that need the name meanwhile get "
		    "Temperror.  A timeout is kept only when the servers had "
		    "their full dns_timeout and dns_retries to answer, "
		    "never when it was the evaluation's lookup_time that "
		    "ran out.  0 never caches failures."
	},

	/* The standing daemon. */
	{
		.name = "listen",
		.type = CONFIG_STRLIST,
		.def = "inet:127.0.0.1:10031",
		.offset = F(listen),
		.doc = "Where policyd-spf --daemon accepts Postfix's policy "
		    "connections: \"unix:/path\" (for Postfix's "
		    "check_policy_service unix:private/NAME, a socket in "
		    "/var/spool/postfix/private), \"inet:host:port\" or "
		    "\"inet:[IPv6-address]:port\".  Up to 16 sockets.  A "
		    "stale unix socket left by a daemon that died is replaced; "
		    "one that a running server answers on is an error.  Not "
		    "used in spawn mode, where Postfix owns the socket.  "
		    "Changing it takes a restart, not a reload."
	},
	{
		.name = "socket_owner",
		.type = CONFIG_STRING,
		.def = "",
		.offset = F(socket_owner),
		.doc = "The owner given to unix sockets of listen (\"\" "
		    "leaves the user that started the daemon)."
	},
	{
		.name = "socket_group",
		.type = CONFIG_STRING,
		.def = "",
		.offset = F(socket_group),
		.doc = "The group given to unix sockets of listen (\"\" "
		    "leaves it as created)."
	},
	{
		.name = "socket_mode",
		.type = CONFIG_STRING,
		.def = "0666",
		.offset = F(socket_mode),
		.check = config_check_mode,
		.doc = "The permissions of unix sockets of listen, in octal. "
		    "0666 is what Postfix gives its own private sockets: the "
		    "directory /var/spool/postfix/private (mode 0700, owner "
		    "postfix) is what keeps other users out."
	},
	{
		.name = "user",
		.type = CONFIG_STRING,
		.def = "policyd-spf",
		.offset = F(user),
		.doc = "The user the daemon runs as when started as root: it "
		    "opens its sockets first, then drops to this user (and "
		    "group, or the user's own group).  Started by another "
		    "user, it stays that user.  \"\" with allow_root = true "
		    "keeps root, which is not advised."
	},
	{
		.name = "group",
		.type = CONFIG_STRING,
		.def = "",
		.offset = F(group),
		.doc = "The group the daemon runs as when started as root "
		    "(\"\": the primary group of user)."
	},
	{
		.name = "allow_root",
		.type = CONFIG_BOOL,
		.def = "false",
		.offset = F(allow_root),
		.doc = "Let the daemon keep running as root when user is "
		    "\"\".  Without it, a daemon started as root with no "
		    "user refuses to start."
	},
	{
		.name = "supervise",
		.type = CONFIG_BOOL,
		.def = "true",
		.offset = F(supervise),
		.doc = "Run the daemon under a small master process that "
		    "keeps the listening sockets and starts a new server "
		    "process if one dies, so that a crash costs Postfix one "
		    "retry instead of an outage.  Signals sent to the master "
		    "are passed on."
	},
	{
		.name = "workers",
		.type = CONFIG_INT,
		.def = "64",
		.min = 1, .max = 512,
		.offset = F(workers),
		.doc = "Threads that evaluate SPF in daemon mode.  Each "
		    "evaluation waits on DNS (libspf2 asks synchronously), so "
		    "this is how many evaluations can wait on slow or dead DNS "
		    "servers at once before other requests queue behind them; "
		    "it bounds lookups in flight, not CPU use.  A thread costs "
		    "little memory while it waits.  Keep it at least at the "
		    "number of smtpd processes (Postfix's default process "
		    "limit is 100) if DNS outages must not delay healthy "
		    "requests; fewer threads answer cached lookups with less "
		    "CPU (bench/RESULTS.md)."
	},
	{
		.name = "max_connections",
		.type = CONFIG_INT,
		.def = "1024",
		.min = 1, .max = 100000,
		.offset = F(max_connections),
		.doc = "Connections the daemon serves at once.  One more is "
		    "accepted and closed at once with a log line; Postfix "
		    "then retries, and answers with its "
		    "smtpd_policy_service_default_action if it keeps failing. "
		    "Postfix keeps one connection per smtpd process, so this "
		    "should exceed the sum of smtpd process limits."
	},
	{
		.name = "max_queue",
		.type = CONFIG_INT,
		.def = "4096",
		.min = 1, .max = 1000000,
		.offset = F(max_queue),
		.doc = "Requests that may wait for a worker thread.  A request "
		    "beyond it is answered at once as a Temperror of MAIL FROM "
		    "would be (so temperror_defer or a temperror item of "
		    "mail_from_actions decides) and logged."
	},
	{
		.name = "idle_timeout",
		.type = CONFIG_INT,
		.def = "600",
		.min = 1, .max = 86400,
		.offset = F(idle_timeout),
		.unit = "seconds",
		.doc = "A connection with no request for this long is closed. "
		    "Keep it longer than Postfix's "
		    "smtpd_policy_service_max_idle (300 s), so that Postfix "
		    "is the side that closes idle connections."
	},
	{
		.name = "request_timeout",
		.type = CONFIG_INT,
		.def = "90",
		.min = 1, .max = 3600,
		.offset = F(request_timeout),
		.unit = "seconds",
		.doc = "A request not answered within this time gets the "
		    "answer for a Temperror of MAIL FROM (temperror_defer or "
		    "mail_from_actions decides), logged, instead of letting "
		    "Postfix's "
		    "smtpd_policy_service_timeout (100 s) expire.  Evaluations "
		    "are bounded by lookup_time for each identity, so this "
		    "only matters when lookup_time is large."
	},
	{
		.name = "shutdown_timeout",
		.type = CONFIG_INT,
		.def = "30",
		.min = 1, .max = 3600,
		.offset = F(shutdown_timeout),
		.unit = "seconds",
		.doc = "On SIGTERM the daemon stops accepting and answers the "
		    "requests in flight; connections still busy after this "
		    "long are closed."
	},
	{
		.name = "pidfile",
		.type = CONFIG_STRING,
		.def = "",
		.offset = F(pidfile),
		.doc = "A file the daemon writes its process id to (\"\": "
		    "none; systemd does not need one)."
	},

	{ .name = NULL }
};
