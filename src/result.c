/*
 * NAME
 *	result 3 - SPF result names
 * DESCRIPTION
 *	See result.h.  Pure.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <strings.h>

#include "result.h"

static const char *const result_names[SPFR_COUNT] = {
	"None", "Neutral", "Pass", "Fail", "Softfail", "Temperror", "Permerror"
};

static const char *const result_lower[SPFR_COUNT] = {
	"none", "neutral", "pass", "fail", "softfail", "temperror", "permerror"
};

/* spf_result_name - pypolicyd-spf's capitalised spelling */
const char *
spf_result_name(enum spf_result r)
{
	if ((unsigned)r >= SPFR_COUNT)
		return ("Permerror");
	return (result_names[r]);
}

/* spf_result_lower - RFC 7208 spelling */
const char *
spf_result_lower(enum spf_result r)
{
	if ((unsigned)r >= SPFR_COUNT)
		return ("permerror");
	return (result_lower[r]);
}

/* spf_result_parse - a result name, any case */
int
spf_result_parse(const char *s, enum spf_result *r)
{
	int	i;

	for (i = 0; i < SPFR_COUNT; i++)
		if (strcasecmp(s, result_lower[i]) == 0) {
			*r = (enum spf_result)i;
			return (0);
		}
	return (-1);
}
