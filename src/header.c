/*
 * NAME
 *	header 3 - Received-SPF, Authentication-Results and skip headers
 * DESCRIPTION
 *	See header.h.  Pure: no I/O, no logging, no globals, no allocation.
 *
 *	Output is built in a struct header_buf.  A unit (the field name,
 *	one "; key=value", one comment) is opened with header_buf_begin()
 *	and closed with header_buf_end(): when any of its bytes did not fit,
 *	the unit is taken back and the buffer is marked full, so that what
 *	is left is always a clean prefix of the header.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <string.h>

#include "header.h"
#include "result.h"

struct header_buf {
	char	*buf;
	size_t	 size;
	size_t	 len;
	size_t	 mark;		/* start of the open unit */
	int	 over;		/* the open unit did not fit */
	int	 full;		/* a unit was dropped: write nothing more */
};

static void	header_buf_init(struct header_buf *, char *, size_t);
static void	header_buf_begin(struct header_buf *);
static void	header_buf_end(struct header_buf *);
static int	header_buf_done(struct header_buf *);
static void	header_buf_putc(struct header_buf *, char);
static void	header_buf_puts(struct header_buf *, const char *);
static void	header_buf_text(struct header_buf *, const char *);
static void	header_buf_ctext(struct header_buf *, const char *);
static void	header_buf_value(struct header_buf *, const char *, int);
static void	header_buf_pair(struct header_buf *, const char *,
		    const char *, const char *);
static void	header_buf_kvlist(struct header_buf *, const char *,
		    const struct header_params *);
static void	header_buf_kvcomment(struct header_buf *,
		    const struct header_params *);
static const char *header_str(const char *);
static const char *header_sender(const struct header_params *);
static int	header_printable(unsigned char);
static int	header_atext(unsigned char, int);

/* header_str - NULL is "" */
static const char *
header_str(const char *s)
{
	return (s == NULL ? "" : s);
}

/* header_sender - the envelope-from value: "<>" for the null sender */
static const char *
header_sender(const struct header_params *p)
{
	const char	*s = header_str(p->sender);

	return (*s == '\0' ? "<>" : s);
}

/* header_printable - printable ASCII, the only bytes written as they are */
static int
header_printable(unsigned char c)
{
	return (c >= 0x20 && c < 0x7f);
}

/* header_atext - RFC 5322 atext; with token, no RFC 2045 tspecials */
static int
header_atext(unsigned char c, int token)
{
	if (!header_printable(c))
		c = '?';		/* written as "?" */
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return (1);
	if (token && strchr("/=?", c) != NULL)
		return (0);
	return (strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL);
}

/* header_is_dot_atom - atext atoms joined by single dots */
int
header_is_dot_atom(const char *s, int token)
{
	const unsigned char	*p = (const unsigned char *)header_str(s);
	int			 atom = 0;

	if (*p == '\0')
		return (0);
	for (; *p != '\0'; p++) {
		if (*p == '.') {
			if (atom == 0)
				return (0);
			atom = 0;
		} else if (header_atext(*p, token))
			atom++;
		else
			return (0);
	}
	return (atom > 0);
}

/* header_buf_init - an empty header in buf */
static void
header_buf_init(struct header_buf *h, char *buf, size_t size)
{
	h->buf = buf;
	h->size = size;
	h->len = 0;
	h->mark = 0;
	h->over = 0;
	h->full = (size == 0);
	if (size > 0)
		buf[0] = '\0';
}

/* header_buf_begin - open a unit */
static void
header_buf_begin(struct header_buf *h)
{
	h->mark = h->len;
	h->over = 0;
}

/* header_buf_end - close a unit: keep it whole or take it back */
static void
header_buf_end(struct header_buf *h)
{
	if (h->full)
		return;
	if (h->over) {
		h->len = h->mark;
		h->full = 1;
	}
	h->buf[h->len] = '\0';
}

/* header_buf_done - 0 when nothing was left out, else -1 */
static int
header_buf_done(struct header_buf *h)
{
	return (h->full ? -1 : 0);
}

/* header_buf_putc - one byte, when it leaves room for the NUL */
static void
header_buf_putc(struct header_buf *h, char c)
{
	if (h->full || h->over)
		return;
	if (h->len + 1 >= h->size) {
		h->over = 1;
		return;
	}
	h->buf[h->len++] = c;
}

/* header_buf_puts - trusted text (our own literals) */
static void
header_buf_puts(struct header_buf *h, const char *s)
{
	for (; *s != '\0'; s++)
		header_buf_putc(h, *s);
}

/* header_buf_text - untrusted unstructured text: non-printables as "?" */
static void
header_buf_text(struct header_buf *h, const char *s)
{
	const unsigned char	*p;

	for (p = (const unsigned char *)header_str(s); *p != '\0'; p++)
		header_buf_putc(h, header_printable(*p) ? (char)*p : '?');
}

/* header_buf_ctext - untrusted text inside a comment */
static void
header_buf_ctext(struct header_buf *h, const char *s)
{
	const unsigned char	*p;

	for (p = (const unsigned char *)header_str(s); *p != '\0'; p++) {
		if (*p == '(' || *p == ')' || *p == '\\')
			header_buf_putc(h, '\\');
		header_buf_putc(h, header_printable(*p) ? (char)*p : '?');
	}
}

/* header_buf_value - a dot-atom as it is, anything else quoted */
static void
header_buf_value(struct header_buf *h, const char *s, int token)
{
	const unsigned char	*p;

	s = header_str(s);
	if (header_is_dot_atom(s, token)) {
		header_buf_text(h, s);
		return;
	}
	header_buf_putc(h, '"');
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			header_buf_putc(h, '\\');
		header_buf_putc(h, header_printable(*p) ? (char)*p : '?');
	}
	header_buf_putc(h, '"');
}

/* header_buf_pair - one unit: sep key "=" value */
static void
header_buf_pair(struct header_buf *h, const char *sep, const char *key,
    const char *value)
{
	header_buf_begin(h);
	header_buf_puts(h, sep);
	header_buf_puts(h, key);
	header_buf_putc(h, '=');
	header_buf_value(h, value, 0);
	header_buf_end(h);
}

/* header_buf_kvlist - sep "client-ip=...; ...; receiver=..." as units */
static void
header_buf_kvlist(struct header_buf *h, const char *sep,
    const struct header_params *p)
{
	header_buf_pair(h, sep, "client-ip", p->client_ip);
	header_buf_pair(h, "; ", "helo", p->helo);
	header_buf_pair(h, "; ", "envelope-from", header_sender(p));
	header_buf_pair(h, "; ", "receiver", p->receiver);
}

/* header_buf_kvcomment - the same list as comment text (open unit) */
static void
header_buf_kvcomment(struct header_buf *h, const struct header_params *p)
{
	header_buf_puts(h, "client-ip=");
	header_buf_ctext(h, p->client_ip);
	header_buf_puts(h, "; helo=");
	header_buf_ctext(h, p->helo);
	header_buf_puts(h, "; envelope-from=");
	header_buf_ctext(h, header_sender(p));
	header_buf_puts(h, "; receiver=");
	header_buf_ctext(h, p->receiver);
}

/* header_keyvalue - key=value, the value a dot-atom or a quoted-string */
int
header_keyvalue(char *buf, size_t size, const char *key, const char *value)
{
	struct header_buf	h;

	header_buf_init(&h, buf, size);
	header_buf_begin(&h);
	header_buf_text(&h, key);
	header_buf_putc(&h, '=');
	header_buf_value(&h, value, 0);
	header_buf_end(&h);
	return (header_buf_done(&h));
}

/* header_comment - "(" text ")", escaped */
int
header_comment(char *buf, size_t size, const char *text)
{
	struct header_buf	h;

	header_buf_init(&h, buf, size);
	header_buf_begin(&h);
	header_buf_putc(&h, '(');
	header_buf_ctext(&h, text);
	header_buf_putc(&h, ')');
	header_buf_end(&h);
	return (header_buf_done(&h));
}

/* header_received_spf - the RFC 7208 section 9.1 trace field */
int
header_received_spf(char *buf, size_t size, const struct header_params *p,
    enum header_identity id, enum spf_result r, const char *explanation)
{
	struct header_buf	h;

	header_buf_init(&h, buf, size);
	header_buf_begin(&h);
	header_buf_puts(&h, "Received-SPF: ");
	header_buf_puts(&h, spf_result_name(r));
	header_buf_end(&h);

	header_buf_begin(&h);
	header_buf_puts(&h, " (");
	header_buf_ctext(&h, id == HEADER_HELO ? explanation : "mailfrom");
	header_buf_putc(&h, ')');
	header_buf_end(&h);

	header_buf_pair(&h, " ", "identity",
	    id == HEADER_HELO ? "helo" : "mailfrom");
	header_buf_kvlist(&h, "; ", p);
	return (header_buf_done(&h));
}

/* header_authres - the RFC 8601 field with one spf resinfo */
int
header_authres(char *buf, size_t size, const struct header_params *p,
    enum header_identity id, enum spf_result r, const char *explanation)
{
	struct header_buf	h;

	header_buf_init(&h, buf, size);
	header_buf_begin(&h);
	header_buf_puts(&h, "Authentication-Results: ");
	header_buf_value(&h, p->authserv_id, 1);
	header_buf_end(&h);

	header_buf_begin(&h);
	header_buf_puts(&h, "; spf=");
	header_buf_puts(&h, spf_result_lower(r));
	header_buf_end(&h);

	header_buf_begin(&h);
	header_buf_puts(&h, " (");
	header_buf_ctext(&h, explanation);
	header_buf_putc(&h, ')');
	header_buf_end(&h);

	header_buf_begin(&h);
	if (id == HEADER_HELO) {
		header_buf_puts(&h, " smtp.helo=");
		header_buf_value(&h, p->helo, 1);
	} else {
		header_buf_puts(&h, " smtp.mailfrom=");
		header_buf_value(&h, p->sender_domain, 1);
	}
	header_buf_end(&h);

	header_buf_begin(&h);
	header_buf_puts(&h, " (");
	header_buf_kvcomment(&h, p);
	header_buf_putc(&h, ')');
	header_buf_end(&h);
	return (header_buf_done(&h));
}

/* header_skip_comment - X-Comment: <why> - <key-value list> */
int
header_skip_comment(char *buf, size_t size, const struct header_params *p,
    const char *why)
{
	struct header_buf	h;

	header_buf_init(&h, buf, size);
	header_buf_begin(&h);
	header_buf_puts(&h, "X-Comment: ");
	header_buf_text(&h, why);
	header_buf_puts(&h, " -");
	header_buf_end(&h);
	header_buf_kvlist(&h, " ", p);
	return (header_buf_done(&h));
}

/* header_skip_authres - the RFC 8601 no-result form with a comment */
int
header_skip_authres(char *buf, size_t size, const struct header_params *p,
    const char *why)
{
	struct header_buf	h;

	header_buf_init(&h, buf, size);
	header_buf_begin(&h);
	header_buf_puts(&h, "Authentication-Results: ");
	header_buf_value(&h, p->authserv_id, 1);
	header_buf_puts(&h, "; none");
	header_buf_end(&h);

	header_buf_begin(&h);
	header_buf_puts(&h, " (");
	header_buf_ctext(&h, why);
	header_buf_puts(&h, " - ");
	header_buf_kvcomment(&h, p);
	header_buf_putc(&h, ')');
	header_buf_end(&h);
	return (header_buf_done(&h));
}
