/*
 * NAME
 *	result 3h - SPF results and what one evaluation found
 * SYNOPSIS
 *	#include "result.h"
 *
 *	const char *spf_result_name(enum spf_result r);
 *	const char *spf_result_lower(enum spf_result r);
 *	int	 spf_result_parse(const char *s, enum spf_result *r);
 * DESCRIPTION
 *	enum spf_result is RFC 7208 section 2.6's seven results.
 *	spf_result_name() gives the spelling of pypolicyd-spf's headers and
 *	log lines ("Pass", "Fail", "Softfail", "Neutral", "None",
 *	"Permerror", "Temperror"); spf_result_lower() the RFC spelling
 *	("pass", ...) used in Authentication-Results.  spf_result_parse()
 *	accepts either, case-insensitively, and returns 0 or -1.
 *
 *	struct spf_outcome is what one identity's evaluation produced:
 *	the result; the explanation that goes into reject texts ({spf}) and
 *	HELO header comments, already made printable ASCII and bounded
 *	(see spfcheck.h for the wording); and whether the evaluated
 *	domain's record is exactly "v=spf1 -all" (for No_Mail).
 * THREADS
 *	Any thread.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#ifndef RESULT_H
#define RESULT_H

/* SPF results, RFC 7208 section 2.6. */
enum spf_result {
	SPFR_NONE = 0,
	SPFR_NEUTRAL,
	SPFR_PASS,
	SPFR_FAIL,
	SPFR_SOFTFAIL,
	SPFR_TEMPERROR,
	SPFR_PERMERROR
};
#define SPFR_COUNT	7

#define SPF_EXPLAIN_MAX	512

struct spf_outcome {
	enum spf_result	 result;
	char		 explanation[SPF_EXPLAIN_MAX];
	int		 no_mail_record;
};

const char	*spf_result_name(enum spf_result);
const char	*spf_result_lower(enum spf_result);
int		 spf_result_parse(const char *, enum spf_result *);

#endif
