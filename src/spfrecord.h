/*
 * NAME
 *	spfrecord 3h - strict RFC 7208 record validation, normalised for libspf2
 * SYNOPSIS
 *	#include "spfrecord.h"
 *
 *	int	 spfrecord_is_spf(const char *txt);
 *	int	 spfrecord_check(const char *record, char **normal,
 *		    char **cause);
 *	int	 spfrecord_explain(const char *text, char *out, size_t size,
 *		    int (*expand)(void *arg, const char *macro, char *buf,
 *		    size_t bufsize), void *arg, char **cause);
 *	size_t	 spfrecord_untag(const char *name, int *flags);
 *	int	 spfrecord_tag(char *buf, size_t size, const char *name,
 *		    int flags);
 * DESCRIPTION
 *	libspf2 1.2.10 compiles SPF records leniently and evaluates a few
 *	constructs unlike RFC 7208.  This module decides, before libspf2
 *	sees a record, whether it is valid, and rewrites a valid one into
 *	an equivalent text that libspf2 evaluates the RFC's way.  It does
 *	no I/O and no logging, and keeps no state.
 *
 *	spfrecord_is_spf() is true when the TXT string txt is an SPF
 *	record: "v=spf1" in any case, then a space or the end (RFC 7208
 *	section 4.5).
 *
 *	spfrecord_check() validates record (an SPF record, NUL-terminated)
 *	against the grammar below and the rules of RFC 7208 sections 4.6,
 *	5, 6 and 7.  Valid: it returns 0 and, when normal is not NULL,
 *	sets *normal to the normalised record (allocated; the caller frees
 *	it).  Invalid: it returns -1 and, when cause is not NULL, sets
 *	*cause to the reason (allocated, printable ASCII, under 256 bytes),
 *	e.g. "Invalid domain-spec 'abc.123' (numeric top label)", "Unknown
 *	mechanism found near 'moo.cow/far_out=man:dog/cat'", "Invalid
 *	character 0x0d in 'a:ctrl.example.com?ptr'" (non-printable bytes
 *	shown as '?'), "Duplicate redirect= modifier".
 *
 *	The normalised record says the same as the original, term for
 *	term, in the subset libspf2 gets right:
 *	  - single spaces, lower-case mechanism and modifier names, an
 *	    upper-case "R" transformer written "r";
 *	  - unknown modifiers dropped (they have no effect; libspf2
 *	    rejects names with a ".");
 *	  - redirect= moved after the last mechanism, and dropped when the
 *	    record has an "all" mechanism (section 6.1: libspf2 would
 *	    evaluate it where it stands);
 *	  - "ip4:N/0" written "ip4:0.0.0.0/1 ip4:128.0.0.0/1" and
 *	    "ip6:N/0" written "ip6:::/1 ip6:8000::/1" (libspf2 rejects a
 *	    zero prefix length); the same qualifier on both halves;
 *	  - the domain-spec of every "a", "mx" and "exists" gets a tag,
 *	    ".@" and one digit, after its last character (one trailing
 *	    dot dropped first), and an "a" or "mx" without one gets
 *	    "%{d}" and the tag: the DNS layer strips the tag, counts the
 *	    term (section 4.6.4) and, for "a" and "mx", applies a zero
 *	    CIDR length that libspf2 cannot compile (the length itself is
 *	    left out): SPFRECORD_TAG_TERM, SPFRECORD_TAG_CIDR4_0 and
 *	    SPFRECORD_TAG_CIDR6_0 are the digit's bits;
 *	  - terms after the eleventh DNS-querying term (include, a, mx,
 *	    ptr, exists, redirect) are dropped: evaluating that term
 *	    already exceeds the limit of ten (section 4.6.4), so nothing
 *	    after it can matter.
 *
 *	spfrecord_explain() expands an explanation text (the TXT record an
 *	exp= modifier names, section 6.2) into out (size bytes, always
 *	terminated; a longer expansion is cut).  Literal text and spaces
 *	are copied, "%%", "%_" and "%-" become "%", " " and "%20", and each
 *	macro is handed to expand() as a macro-expand of its own, letter in
 *	lower case ("%{ir}", "%{l2r-}"), whose expansion expand() writes
 *	into buf (bufsize bytes) and returns 0, or -1 on failure.  An
 *	upper-case macro letter has the expansion URL-encoded here (RFC
 *	3986: every byte but letters, digits, "-", ".", "_" and "~" as "%"
 *	and two upper-case hex digits, section 7.3); the hex digits of an
 *	"i" expansion (IPv6 nibbles) are written in upper case, as the
 *	RFC's examples show them.  It returns 0, or -1 with *cause set
 *	(allocated) when text is not an explain-string or expand() fails:
 *	the caller then proceeds as if there were no exp= (section 6.2).
 *
 *	A tag is ".@" and a digit: no valid domain-spec ends in one, and
 *	no name read from DNS does (ns_name_ntop(3) writes an '@' in a
 *	label as "\@"), so the DNS layer can tell the lookups of tagged
 *	terms from all others; a name that a macro expands to something
 *	ending in a tag still gets the term's own tag after it.
 *
 *	spfrecord_untag() looks for a tag at the end of name and returns
 *	the length of name without it and its bits in *flags, or strlen(name)
 *	and 0 when there is none.  spfrecord_tag() writes name followed by
 *	the tag for flags (SPFRECORD_TAG_*; flags without
 *	SPFRECORD_TAG_TERM tag a name that is not a term, such as an MX
 *	exchange of an "mx" with a zero CIDR length) into buf; it returns
 *	0, or -1 when it does not fit in size bytes.
 * GRAMMAR
 *	RFC 7208 section 12, with the prose rules this module enforces:
 *
 *	record        = "v=spf1" *( 1*SP ( directive / modifier ) ) *SP
 *	directive     = [ "+" / "-" / "?" / "~" ] mechanism
 *	mechanism     = "all" / "include:" domain-spec
 *	              / "a" [ ":" domain-spec ] [ dual-cidr-length ]
 *	              / "mx" [ ":" domain-spec ] [ dual-cidr-length ]
 *	              / "ptr" [ ":" domain-spec ]
 *	              / "ip4:" ip4-network [ "/" 0-32 ]
 *	              / "ip6:" ip6-network [ "/" 0-128 ]
 *	              / "exists:" domain-spec
 *	modifier      = "redirect=" domain-spec / "exp=" domain-spec
 *	              / name "=" macro-string
 *	name          = ALPHA *( ALPHA / DIGIT / "-" / "_" / "." )
 *	dual-cidr-length = [ "/" 0-32 ] [ "//" 0-128 ]
 *	domain-spec   = macro-string ( "." toplabel [ "." ] / macro-expand
 *	                [ "." ] )
 *	toplabel      = *alphanum ALPHA *alphanum
 *	              / 1*alphanum "-" *( alphanum / "-" ) alphanum
 *	macro-string  = *( macro-expand / %x21-24 / %x26-7E )
 *	macro-expand  = "%{" letter *DIGIT [ "r" ] *delimiter "}"
 *	              / "%%" / "%_" / "%-"
 *	letter        = "s" / "l" / "o" / "d" / "i" / "p" / "h" / "v"
 *	              / "c" / "r" / "t"
 *	delimiter     = "." / "-" / "+" / "," / "/" / "_" / "="
 *	explain-string = *( macro-string / SP )
 *
 *	Names, letters and "r" in any case.  A CIDR length has no leading
 *	zero; a transformer's digits, when present, are not zero; "c",
 *	"r" and "t" appear in explanation texts and unknown modifiers only;
 *	"redirect=" and "exp=" at most once each; a domain-spec may end
 *	in a macro-expand and "." (RFC 7208's grammar has no "."; pyspf and
 *	libspf2 take it, records use it); an ip4-network is four
 *	decimal numbers 0-255 without leading zeros, an ip6-network what
 *	inet_pton(3) takes.  Only printable ASCII and single spaces between
 *	terms, so no tab, CR, LF or NUL (section 4.6.1).
 * LIMITS
 *	Records come from DNS (untrusted): parsing is linear, bounded by
 *	the input, and never reads past the terminating NUL; causes quote
 *	at most 64 bytes of a term.  Empty labels and labels over 63 bytes
 *	are not syntax errors (the domain-spec may be a macro's work); the
 *	DNS layer answers such names as non-existent.
 * BUGS
 *	libspf2 rejects some valid records this module accepts: the
 *	delimiters "," and "/", a transformer over 128, a literal part over
 *	255 bytes, records that compile to more than about 500 bytes; they
 *	end in a permerror with libspf2's message.  An upper-case macro in
 *	a domain-spec is URL-encoded by libspf2, which leaves "!", "*", "'",
 *	"(" and ")" as they are (spfrecord_explain() does it right for
 *	explanations).
 * DIAGNOSTICS
 *	Return values as above; nothing is logged.
 * THREADS
 *	Any thread.
 * SEE ALSO
 *	dns.h (the DNS layer that uses it), spfcheck.h, RFC 7208, RFC 3986
 * SPDX-License-Identifier: BSD-2-Clause
 */
#ifndef SPFRECORD_H
#define SPFRECORD_H

#include <stddef.h>

#define SPFRECORD_TAG_TERM	0x01	/* a DNS-querying term's lookup */
#define SPFRECORD_TAG_CIDR4_0	0x02	/* ip4-cidr-length 0 */
#define SPFRECORD_TAG_CIDR6_0	0x04	/* ip6-cidr-length 0 */
#define SPFRECORD_TAG_LEN	3	/* ".@" and a digit */
#define SPFRECORD_DNS_TERMS	10	/* section 4.6.4 */

int	 spfrecord_is_spf(const char *);
int	 spfrecord_check(const char *, char **, char **);
int	 spfrecord_explain(const char *, char *, size_t,
	    int (*)(void *, const char *, char *, size_t), void *, char **);
size_t	 spfrecord_untag(const char *, int *);
int	 spfrecord_tag(char *, size_t, const char *, int);

#endif
