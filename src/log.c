/*
 * NAME
 *	log 3 - diagnostics to syslog, a file or stderr
 * DESCRIPTION
 *	See log.h.  The target and level are configuration: set at startup
 *	and on reload by the main thread, read by every thread.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

#define LOG_IDENT	"policyd-spf"
#define LOG_LINE_MAX	4096

enum log_target {
	LOG_TARGET_STDERR,	/* before log_open(), and on request */
	LOG_TARGET_SYSLOG,
	LOG_TARGET_FILE
};

static enum log_target	 log_target = LOG_TARGET_STDERR;
static int		 log_level = LOG_LEVEL_RESULTS;
static int		 log_fd = -1;
static char		 log_host[256] = "localhost";

static const struct {
	const char	*name;
	int		 facility;
} log_facilities[] = {
	{ "mail", LOG_MAIL }, { "daemon", LOG_DAEMON }, { "user", LOG_USER },
	{ "local0", LOG_LOCAL0 }, { "local1", LOG_LOCAL1 },
	{ "local2", LOG_LOCAL2 }, { "local3", LOG_LOCAL3 },
	{ "local4", LOG_LOCAL4 }, { "local5", LOG_LOCAL5 },
	{ "local6", LOG_LOCAL6 }, { "local7", LOG_LOCAL7 },
};

/* log_open - choose where lines go */
int
log_open(const char *target, const char *facility, char **cause)
{
	size_t	i;
	int	fac = -1, fd;

	for (i = 0; i < sizeof(log_facilities) / sizeof(log_facilities[0]); i++)
		if (strcasecmp(facility, log_facilities[i].name) == 0)
			fac = log_facilities[i].facility;
	if (fac == -1) {
		if (cause != NULL && asprintf(cause,
		    "unknown syslog facility: %s", facility) == -1)
			*cause = NULL;
		return (-1);
	}
	if (strcmp(target, "syslog") == 0) {
		log_close();
		openlog(LOG_IDENT, LOG_PID | LOG_NDELAY, fac);
		log_target = LOG_TARGET_SYSLOG;
		return (0);
	}
	if (strcmp(target, "stderr") == 0) {
		log_close();
		log_target = LOG_TARGET_STDERR;
		return (0);
	}
	if ((fd = open(target, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
	    0640)) == -1) {
		if (cause != NULL && asprintf(cause, "%s: %s", target,
		    strerror(errno)) == -1)
			*cause = NULL;
		return (-1);
	}
	log_close();
	log_fd = fd;
	log_target = LOG_TARGET_FILE;
	/* Lines read like syslog's, so the same tools read both. */
	if (gethostname(log_host, sizeof(log_host)) == -1)
		strcpy(log_host, "localhost");
	log_host[sizeof(log_host) - 1] = '\0';
	if (strchr(log_host, '.') != NULL)
		*strchr(log_host, '.') = '\0';
	return (0);
}

/* log_close - back to stderr */
void
log_close(void)
{
	if (log_target == LOG_TARGET_SYSLOG)
		closelog();
	if (log_fd != -1)
		close(log_fd);
	log_fd = -1;
	log_target = LOG_TARGET_STDERR;
}

/* log_set_level - pypolicyd-spf's debugLevel */
void
log_set_level(int level)
{
	log_level = level;
}

/* log_get_level - the current level */
int
log_get_level(void)
{
	return (log_level);
}

/* log_vwrite - one line to the current target, errno preserved */
static void
log_vwrite(int pri, const char *fmt, va_list ap)
{
	char		 line[LOG_LINE_MAX], stamp[32];
	struct tm	 tm;
	time_t		 now;
	int		 saved = errno, n, m;

	if (log_target == LOG_TARGET_SYSLOG) {
		vsyslog(pri, fmt, ap);
		errno = saved;
		return;
	}
	n = 0;
	if (log_target == LOG_TARGET_FILE) {
		now = time(NULL);
		localtime_r(&now, &tm);
		strftime(stamp, sizeof(stamp), "%b %e %H:%M:%S", &tm);
		n = snprintf(line, sizeof(line), "%s %s ", stamp, log_host);
	}
	m = snprintf(line + n, sizeof(line) - n, "%s[%ld]: ", LOG_IDENT,
	    (long)getpid());
	n += m;
	m = vsnprintf(line + n, sizeof(line) - n - 1, fmt, ap);
	if (m < 0)
		m = 0;
	n += m;
	if (n > (int)sizeof(line) - 2)
		n = sizeof(line) - 2;
	line[n++] = '\n';
	if (write(log_target == LOG_TARGET_FILE ? log_fd : STDERR_FILENO,
	    line, n) == -1) {
		/* Nowhere left to report it. */
	}
	errno = saved;
}

/* log_err - an error, logged unless logging is off */
void
log_err(const char *fmt, ...)
{
	va_list	ap;

	if (log_level < LOG_LEVEL_ERRORS)
		return;
	va_start(ap, fmt);
	log_vwrite(LOG_ERR, fmt, ap);
	va_end(ap);
}

/* log_warnx - a warning, logged unless logging is off */
void
log_warnx(const char *fmt, ...)
{
	va_list	ap;

	if (log_level < LOG_LEVEL_ERRORS)
		return;
	va_start(ap, fmt);
	log_vwrite(LOG_WARNING, fmt, ap);
	va_end(ap);
}

/* log_info - a policy result */
void
log_info(const char *fmt, ...)
{
	va_list	ap;

	if (log_level < LOG_LEVEL_RESULTS)
		return;
	va_start(ap, fmt);
	log_vwrite(LOG_INFO, fmt, ap);
	va_end(ap);
}

/* log_debug - detail at a given level */
void
log_debug(int level, const char *fmt, ...)
{
	va_list	ap;

	if (log_level < level)
		return;
	va_start(ap, fmt);
	log_vwrite(level >= LOG_LEVEL_INPUT ? LOG_DEBUG : LOG_INFO, fmt, ap);
	va_end(ap);
}

/* fatalx - log and exit with EX_TEMPFAIL */
void
fatalx(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vwrite(LOG_CRIT, fmt, ap);
	va_end(ap);
	exit(75);
}
