/*
 * NAME
 *	log 3h - diagnostics to syslog, a file or stderr
 * SYNOPSIS
 *	#include "log.h"
 *
 *	int	 log_open(const char *target, const char *facility, char **cause);
 *	void	 log_set_level(int level);
 *	int	 log_get_level(void);
 *	void	 log_close(void);
 *	void	 log_err(const char *fmt, ...);
 *	void	 log_warnx(const char *fmt, ...);
 *	void	 log_info(const char *fmt, ...);
 *	void	 log_debug(int level, const char *fmt, ...);
 *	void	 fatalx(const char *fmt, ...);
 * DESCRIPTION
 *	Every line is tagged with the ident "policyd-spf" and the process id.
 *	log_open() selects the target: "syslog" (the default; facility from
 *	the config, "mail" unless told otherwise), "stderr", or a path of a
 *	file that lines are appended to, as syslog writes them
 *	("Mmm dd hh:mm:ss host policyd-spf[PID]: text").  In spawn mode stderr is the Postfix
 *	socket, so "stderr" must never be used there; main() refuses it.
 *
 *	Levels follow pypolicyd-spf's debugLevel (LOG_LEVEL_* below):
 *	-1 logs nothing, 0 errors and warnings only, 1 policy results
 *	(the default), 2 SPF results for each identity, 3 start, exit and
 *	configuration, 4 every input line, 5 DNS traffic.
 *
 *	log_err() and log_warnx() log at level 0 and above, log_info() at
 *	level 1 and above, log_debug() at the level it is given.  fatalx()
 *	logs at LOG_CRIT whatever the level and exits with status 75
 *	(EX_TEMPFAIL).  Before log_open() is called, lines go to stderr.
 * THREADS
 *	Any thread may log; log_open(), log_set_level() and log_close() are
 *	for the main thread at startup and reload.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#ifndef LOG_H
#define LOG_H

#define LOG_LEVEL_NONE		-1
#define LOG_LEVEL_ERRORS	0
#define LOG_LEVEL_RESULTS	1
#define LOG_LEVEL_SPF		2
#define LOG_LEVEL_CONFIG	3
#define LOG_LEVEL_INPUT		4
#define LOG_LEVEL_DNS		5

#define LOG_PRINTF(a, b) __attribute__((format(printf, a, b)))

int	 log_open(const char *, const char *, char **);
void	 log_set_level(int);
int	 log_get_level(void);
void	 log_close(void);
void	 log_err(const char *, ...) LOG_PRINTF(1, 2);
void	 log_warnx(const char *, ...) LOG_PRINTF(1, 2);
void	 log_info(const char *, ...) LOG_PRINTF(1, 2);
void	 log_debug(int, const char *, ...) LOG_PRINTF(2, 3);
void	 fatalx(const char *, ...) LOG_PRINTF(1, 2)
	    __attribute__((noreturn));

#endif
