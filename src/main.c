/*
 * NAME
 *	policyd-spf 8 - Postfix SPF policy server
 * SYNOPSIS
 *	policyd-spf [-c file] [pypolicyd-spf-config]
 *	policyd-spf [-c file] --daemon [--pidfile file]
 *	policyd-spf [-c file] --config-test
 *	policyd-spf [-c file] --check ip sender helo [recipient]
 *	policyd-spf --import-pypolicyd file
 *	policyd-spf [-c file] --check-postfix [config_dir]
 *	policyd-spf --report [file ...]
 *	policyd-spf [-c file] --lint domain [ip ...]
 *	policyd-spf --print-default-config | --print-man-options
 * DESCRIPTION
 *	The startup order: options, configuration, logging, then the mode.
 *	In spawn(8) mode (the default) stdin and stdout are the Postfix
 *	socket and so is stderr, which is pointed at /dev/null before
 *	anything could write to it.  See policyd-spf(8).
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/thread.h>

#include "config.h"
#include "instcache.h"
#include "lint.h"
#include "log.h"
#include "policy.h"
#include "postfixcheck.h"
#include "proto.h"
#include "report.h"
#include "server.h"
#include "spawn.h"
#include "spfcheck.h"
#include "supervise.h"
#include "util.h"
#include "xmalloc.h"

#define EX_OK_		0
#define EX_USAGE_	64
#define EX_CONFIG_	78
#define PYPOLICYD_DEFAULT_PATH "/etc/postfix-policyd-spf-python/policyd-spf.conf"

enum main_mode {
	MODE_SPAWN,
	MODE_DAEMON,
	MODE_CONFIG_TEST,
	MODE_CHECK,
	MODE_IMPORT,
	MODE_PRINT_CONFIG,
	MODE_PRINT_MAN,
	MODE_CHECK_POSTFIX,
	MODE_REPORT,
	MODE_LINT
};

static const struct option main_longopts[] = {
	{ "config",		required_argument,	NULL, 'c' },
	{ "config-test",	no_argument,		NULL, 't' },
	{ "daemon",		no_argument,		NULL, 'd' },
	{ "pidfile",		required_argument,	NULL, 'p' },
	{ "check",		no_argument,		NULL, 'k' },
	{ "import-pypolicyd",	required_argument,	NULL, 'i' },
	{ "print-default-config", no_argument,		NULL, 'P' },
	{ "print-man-options",	no_argument,		NULL, 'M' },
	{ "check-postfix",	no_argument,		NULL, 'C' },
	{ "report",		no_argument,		NULL, 'R' },
	{ "lint",		no_argument,		NULL, 'L' },
	{ "help",		no_argument,		NULL, 'h' },
	{ "version",		no_argument,		NULL, 'V' },
	{ NULL,			0,			NULL, 0 }
};

/* main_usage - say how to call */
static void
main_usage(FILE *fp)
{
	fprintf(fp,
	    "usage: policyd-spf [-c file] [pypolicyd-spf-config]\n"
	    "       policyd-spf [-c file] --daemon [--pidfile file]\n"
	    "       policyd-spf [-c file] --config-test\n"
	    "       policyd-spf [-c file] --check ip sender helo [recipient]\n"
	    "       policyd-spf --import-pypolicyd file\n"
	    "       policyd-spf [-c file] --check-postfix [config_dir]\n"
	    "       policyd-spf --report [file ...]\n"
	    "       policyd-spf [-c file] --lint domain [ip ...]\n"
	    "       policyd-spf --print-default-config | --print-man-options\n"
	    "       policyd-spf --version\n");
}

/* main_report - say a multi-line error on stderr or in the log */
static void
main_report(int to_stderr, const char *what, const char *text)
{
	const char	*p, *nl;

	for (p = text; p != NULL && *p != '\0'; p = nl + 1) {
		if ((nl = strchr(p, '\n')) == NULL)
			nl = p + strlen(p) - 1;
		if (to_stderr)
			fprintf(stderr, "policyd-spf: %s: %.*s\n", what,
			    (int)(nl - p + (*nl != '\n')), p);
		else
			log_err("%s: %.*s", what,
			    (int)(nl - p + (*nl != '\n')), p);
	}
}

/* main_load_pypolicyd - read a pypolicyd-spf file through the importer */
static int
main_load_pypolicyd(struct config *cfg, const char *path, int to_stderr)
{
	FILE	*in, *mem;
	char	*text = NULL, *warnings = NULL, *errors = NULL;
	size_t	 len = 0;
	int	 rc;

	if ((in = fopen(path, "r")) == NULL) {
		if (to_stderr)
			fprintf(stderr, "policyd-spf: %s: %s\n", path,
			    strerror(errno));
		else
			log_err("%s: %s", path, strerror(errno));
		return (-1);
	}
	if ((mem = open_memstream(&text, &len)) == NULL)
		fatalx("open_memstream: %s", strerror(errno));
	rc = config_import_pypolicyd(in, path, mem, &warnings);
	fclose(in);
	fclose(mem);
	if (warnings != NULL && *warnings != '\0')
		main_report(to_stderr, "warning", warnings);
	free(warnings);
	if (rc == 0 && config_load_string(cfg, text, path, &errors) == -1) {
		main_report(to_stderr, "error", errors);
		rc = -1;
	}
	free(errors);
	free(text);
	return (rc);
}

/*
 * main_load - the configuration: -c names a native file; a positional
 * file is read natively if it parses, else as a pypolicyd-spf file; with
 * neither, the default file, else pypolicyd-spf's default file, else
 * the built-in defaults.
 */
static int
main_load(struct config *cfg, const char *native, const char *legacy,
    int to_stderr)
{
	struct stat	 sb;
	char		*errors = NULL;

	config_defaults(cfg);
	if (native == NULL && legacy == NULL) {
		if (stat(CONFIG_DEFAULT_PATH, &sb) == 0)
			native = CONFIG_DEFAULT_PATH;
		else if (stat(PYPOLICYD_DEFAULT_PATH, &sb) == 0)
			return (main_load_pypolicyd(cfg, PYPOLICYD_DEFAULT_PATH,
			    to_stderr));
		else
			return (0);
	}
	if (native == NULL) {
		if (config_load(cfg, legacy, &errors) == 0)
			return (0);
		free(errors);
		return (main_load_pypolicyd(cfg, legacy, to_stderr));
	}
	if (config_load(cfg, native, &errors) == -1) {
		main_report(to_stderr, "error", errors);
		free(errors);
		return (-1);
	}
	return (0);
}

/* Where the configuration came from, for SIGHUP. */
static const char	*main_native_path;
static const char	*main_legacy_path;

/* main_reload - SIGHUP in daemon mode: read the same sources again */
static int
main_reload(struct config *cfg)
{
	return (main_load(cfg, main_native_path, main_legacy_path, 0));
}

/* main_pidfile - write the process id, or remove the file */
static int
main_pidfile(const char *path, int create)
{
	FILE	*fp;

	if (path == NULL || *path == '\0')
		return (0);
	if (!create) {
		unlink(path);
		return (0);
	}
	if ((fp = fopen(path, "w")) == NULL) {
		log_err("pidfile %s: %s", path, strerror(errno));
		return (-1);
	}
	fprintf(fp, "%ld\n", (long)getpid());
	fclose(fp);
	return (0);
}

/* main_daemon - the standing daemon; takes cfg */
static int
main_daemon(struct config *cfg, const char *pidfile)
{
	struct server_sockets	 socks;
	char			*cause = NULL;
	int			 rc;

	if (pidfile == NULL)
		pidfile = cfg->pidfile;
	pidfile = xstrdup(pidfile);
	if (server_listen(&cfg->listen, cfg, &socks, &cause) == -1) {
		log_err("cannot listen: %s", cause);
		free(cause);
		config_free(cfg);
		free(cfg);
		free((char *)pidfile);
		return (EX_CONFIG_);
	}
	if (main_pidfile(pidfile, 1) == -1) {
		server_sockets_close(&socks);
		config_free(cfg);
		free(cfg);
		free((char *)pidfile);
		return (EX_CONFIG_);
	}
	if (cfg->supervise)
		rc = supervise_run(&socks, cfg, main_reload);
	else if (supervise_drop(cfg, &cause) == -1) {
		log_err("%s", cause);
		free(cause);
		config_free(cfg);
		free(cfg);
		rc = EX_CONFIG_;
	} else
		rc = server_run(&socks, cfg, main_reload) == 0 ? EX_OK_ : 1;
	if (cfg->supervise) {
		config_free(cfg);
		free(cfg);
	}
	server_sockets_close(&socks);
	main_pidfile(pidfile, 0);
	free((char *)pidfile);
	return (rc);
}

/* main_trace - --check: print each step of the evaluation */
static void
main_trace(void *arg, const char *line)
{
	(void)arg;
	printf("  %s\n", line);
}

/* main_feed - add one attribute to a request built on the command line */
static void
main_feed(struct proto_request *req, const char *name, const char *value)
{
	const char	*cause;
	char		*line;

	xasprintf(&line, "%s=%s", name, value);
	if (proto_feed_line(req, line, strlen(line), &cause) == PROTO_BAD)
		fprintf(stderr, "policyd-spf: %s: %s\n", name, cause);
	free(line);
}

/* main_check - evaluate one request given on the command line */
static int
main_check(const struct policy *p, char **argv, int argc)
{
	struct proto_request	 req;
	struct instcache	*ic;
	char			 action[4096];
	const char		*sender;

	if (argc < 3 || argc > 4) {
		main_usage(stderr);
		return (EX_USAGE_);
	}
	sender = strcmp(argv[1], "<>") == 0 ? "" : argv[1];
	proto_request_init(&req);
	main_feed(&req, "request", "smtpd_access_policy");
	main_feed(&req, "protocol_state", "RCPT");
	main_feed(&req, "client_address", argv[0]);
	main_feed(&req, "helo_name", argv[2]);
	main_feed(&req, "sender", sender);
	main_feed(&req, "recipient", argc == 4 ? argv[3] : "");

	spfcheck_set_trace(p->sc, main_trace, NULL);
	ic = instcache_new(1);
	printf("policyd-spf: checking client %s, sender <%s>, helo %s\n",
	    argv[0], sender, argv[2]);
	policy_answer(p, ic, &req, action, sizeof(action));
	printf("action=%s\n", action);
	instcache_free(ic);
	proto_request_reset(&req);
	return (EX_OK_);
}

/* main_import - convert a pypolicyd-spf file to stdout */
static int
main_import(const char *path)
{
	FILE	*in;
	char	*warnings = NULL;
	int	 rc;

	if ((in = fopen(path, "r")) == NULL) {
		fprintf(stderr, "policyd-spf: %s: %s\n", path,
		    strerror(errno));
		return (EX_CONFIG_);
	}
	rc = config_import_pypolicyd(in, path, stdout, &warnings);
	fclose(in);
	if (warnings != NULL && *warnings != '\0')
		main_report(1, "warning", warnings);
	free(warnings);
	return (rc == 0 ? EX_OK_ : EX_CONFIG_);
}

/* main_quiet_stderr - spawn(8) connects stderr to the Postfix socket */
static void
main_quiet_stderr(void)
{
	int	fd;

	if ((fd = open("/dev/null", O_WRONLY)) == -1)
		return;
	if (fd != STDERR_FILENO) {
		dup2(fd, STDERR_FILENO);
		close(fd);
	}
}

/* main_open_log - logging as the configuration says */
static int
main_open_log(const struct config *cfg, enum main_mode mode)
{
	char	*cause = NULL;

	log_set_level(cfg->debug_level);
	if (mode == MODE_CHECK)
		return (log_open("stderr", cfg->syslog_facility, NULL));
	if (mode == MODE_SPAWN && strcmp(cfg->log_target, "stderr") == 0) {
		log_err("log_target = stderr cannot be used in spawn mode: "
		    "stderr is the Postfix socket; logging to syslog");
		return (0);
	}
	if (log_open(cfg->log_target, cfg->syslog_facility, &cause) == -1) {
		log_err("log_target %s: %s", cfg->log_target,
		    cause != NULL ? cause : "cannot open");
		free(cause);
		return (-1);
	}
	return (0);
}

/* main_run - spawn mode and --check: one SPF checker, then serve */
static int
main_run(struct config *cfg, enum main_mode mode, char **argv, int argc)
{
	struct policy	 policy;
	struct spfcheck	*sc;
	char		*cause = NULL;
	int		 rc;

	policy_init(&policy, cfg, NULL);
	if ((sc = spfcheck_new(cfg, policy.authserv_id, &cause)) == NULL) {
		log_err("cannot start the SPF checker: %s", cause);
		free(cause);
		return (EX_CONFIG_);
	}
	policy.sc = sc;
	if (mode == MODE_CHECK)
		rc = main_check(&policy, argv, argc);
	else {
		log_debug(LOG_LEVEL_CONFIG, "Starting");
		/* A protocol error exits 1, so spawn(8) logs it too. */
		rc = spawn_serve(&policy, STDIN_FILENO, STDOUT_FILENO) == 0 ?
		    EX_OK_ : 1;
		log_debug(LOG_LEVEL_CONFIG, "Normal exit");
	}
	spfcheck_free(sc);
	return (rc);
}

/* main_config_test - --config-test */
static int
main_config_test(const struct config *cfg, const char *native,
    const char *legacy)
{
	config_print(stdout, cfg, 0);
	fprintf(stderr, "policyd-spf: configuration %s is valid\n",
	    native != NULL ? native : legacy != NULL ? legacy :
	    "(built-in defaults)");
	return (EX_OK_);
}

int
main(int argc, char *argv[])
{
	enum main_mode	 mode = MODE_SPAWN;
	struct config	*cfg;
	const char	*native = NULL, *legacy = NULL, *import = NULL;
	const char	*pidfile = NULL;
	int		 ch, rc;

	while ((ch = getopt_long(argc, argv, "c:hV", main_longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'c':
			native = optarg;
			break;
		case 'd':
			mode = MODE_DAEMON;
			break;
		case 'p':
			pidfile = optarg;
			break;
		case 't':
			mode = MODE_CONFIG_TEST;
			break;
		case 'k':
			mode = MODE_CHECK;
			break;
		case 'i':
			mode = MODE_IMPORT;
			import = optarg;
			break;
		case 'P':
			mode = MODE_PRINT_CONFIG;
			break;
		case 'M':
			mode = MODE_PRINT_MAN;
			break;
		case 'C':
			mode = MODE_CHECK_POSTFIX;
			break;
		case 'R':
			mode = MODE_REPORT;
			break;
		case 'L':
			mode = MODE_LINT;
			break;
		case 'V':
			printf("policyd-spf %s\n", PACKAGE_VERSION);
			return (EX_OK_);
		case 'h':
			main_usage(stdout);
			return (EX_OK_);
		default:
			main_usage(stderr);
			return (EX_USAGE_);
		}
	}
	argc -= optind;
	argv += optind;

	if (mode == MODE_IMPORT)
		return (main_import(import));
	if (mode == MODE_REPORT)
		return (report_main(argc, argv));
	if (mode == MODE_PRINT_MAN) {
		config_print_man(stdout);
		return (EX_OK_);
	}
	if ((mode == MODE_SPAWN || mode == MODE_DAEMON) && argc > 1) {
		main_usage(stderr);
		return (EX_USAGE_);
	}
	if ((mode == MODE_SPAWN || mode == MODE_DAEMON) && argc == 1)
		legacy = argv[0];
	if (mode == MODE_SPAWN) {
		main_quiet_stderr();
		log_open("syslog", "mail", NULL);
	}
	main_native_path = native;
	main_legacy_path = legacy;

	cfg = xcalloc(1, sizeof(*cfg));
	if (mode == MODE_PRINT_CONFIG) {
		config_defaults(cfg);
		config_print(stdout, cfg, 1);
		rc = EX_OK_;
	} else if (main_load(cfg, native, legacy, mode != MODE_SPAWN) == -1) {
		if (mode == MODE_CONFIG_TEST)
			fprintf(stderr, "policyd-spf: configuration test "
			    "failed\n");
		rc = EX_CONFIG_;
	} else if (mode == MODE_CONFIG_TEST)
		rc = main_config_test(cfg, native, legacy);
	else if (mode == MODE_CHECK_POSTFIX)
		rc = postfixcheck_main(argc, argv, cfg);
	else if (mode == MODE_LINT)
		rc = lint_main(argc, argv, cfg);
	else if (main_open_log(cfg, mode) == -1)
		rc = EX_CONFIG_;
	else {
		signal(SIGPIPE, SIG_IGN);
		if (mode == MODE_DAEMON) {
			if (evthread_use_pthreads() == -1)
				fatalx("libevent has no pthreads support");
			return (main_daemon(cfg, pidfile));	/* takes cfg */
		}
		rc = main_run(cfg, mode, argv, argc);
	}
	config_free(cfg);
	free(cfg);
	log_close();
	return (rc);
}
