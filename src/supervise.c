/*
 * NAME
 *	supervise 3 - privilege drop and the supervising master process
 * DESCRIPTION
 *	See supervise.h.  The master stays single-threaded and does
 *	nothing but wait: signal handlers only set flags, waitpid() is
 *	interrupted by them.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <sys/types.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "log.h"
#include "server.h"
#include "supervise.h"
#include "xmalloc.h"

#define SUPERVISE_BURST		10	/* restarts within a minute ... */
#define SUPERVISE_BACKOFF	30	/* ... before waiting this long */

static volatile sig_atomic_t supervise_got[NSIG];

/* supervise_drop - become the configured user */
int
supervise_drop(const struct config *cfg, char **cause)
{
	struct passwd	*pw;
	struct group	*gr;
	gid_t		 gid;

	if (geteuid() != 0)
		return (0);
	if (cfg->user[0] == '\0') {
		if (cfg->allow_root)
			return (0);
		xasprintf(cause, "refusing to run as root: set user (or "
		    "allow_root = true)");
		return (-1);
	}
	if ((pw = getpwnam(cfg->user)) == NULL) {
		xasprintf(cause, "user %s: no such user", cfg->user);
		return (-1);
	}
	gid = pw->pw_gid;
	if (cfg->group[0] != '\0') {
		if ((gr = getgrnam(cfg->group)) == NULL) {
			xasprintf(cause, "group %s: no such group", cfg->group);
			return (-1);
		}
		gid = gr->gr_gid;
	}
	if (initgroups(pw->pw_name, gid) == -1 ||
	    setresgid(gid, gid, gid) == -1 ||
	    setresuid(pw->pw_uid, pw->pw_uid, pw->pw_uid) == -1) {
		xasprintf(cause, "cannot drop privileges to %s: %s", cfg->user,
		    strerror(errno));
		return (-1);
	}
	return (0);
}

/* supervise_signal - remember which signal came */
static void
supervise_signal(int sig)
{
	supervise_got[sig] = 1;
}

/* supervise_child - the server process */
static void
supervise_child(const struct server_sockets *socks, struct config *cfg,
    int (*reload)(struct config *), pid_t master)
{
	char	*cause = NULL;

	signal(SIGHUP, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	signal(SIGUSR1, SIG_DFL);
	if (supervise_drop(cfg, &cause) == -1) {
		log_err("%s", cause);
		_exit(78);
	}
	/*
	 * Stop (gracefully) if the master dies, even by SIGKILL: a server
	 * left behind would keep serving an old configuration.  Set after
	 * the privilege drop, which clears it.
	 */
	if (prctl(PR_SET_PDEATHSIG, SIGTERM) == -1)
		log_warnx("prctl(PR_SET_PDEATHSIG): %s", strerror(errno));
	if (getppid() != master)
		_exit(0);
	_exit(server_run(socks, cfg, reload) == 0 ? 0 : 1);
}

/* supervise_describe - "exit status N" or "killed by signal N" */
static void
supervise_describe(int status, char *buf, size_t size)
{
	if (WIFSIGNALED(status))
		snprintf(buf, size, "killed by signal %d", WTERMSIG(status));
	else
		snprintf(buf, size, "exit status %d", WEXITSTATUS(status));
}

/* supervise_pass - act on the signals that came: pass them on */
static void
supervise_pass(pid_t child, int *stopping)
{
	static const int	 sigs[] = { SIGHUP, SIGTERM, SIGINT, SIGUSR1 };
	int			 i;

	for (i = 0; i < 4; i++) {
		if (!supervise_got[sigs[i]])
			continue;
		supervise_got[sigs[i]] = 0;
		if (sigs[i] == SIGTERM || sigs[i] == SIGINT)
			*stopping = 1;
		if (child > 0)
			kill(child, sigs[i]);
	}
}

/* supervise_run - keep a server process running */
int
supervise_run(const struct server_sockets *socks, struct config *cfg,
    int (*reload)(struct config *))
{
	static const int	 sigs[] = { SIGHUP, SIGTERM, SIGINT, SIGUSR1 };
	struct sigaction	 sa;
	time_t			 window = 0;
	pid_t			 child = -1, pid, master = getpid();
	int			 status = 0, restarts = 0, stopping = 0, i;
	char			 how[64];

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = supervise_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < 4; i++)
		sigaction(sigs[i], &sa, NULL);

	for (;;) {
		supervise_pass(child, &stopping);
		if (child == -1 && stopping)
			return (0);
		if (child == -1) {
			if ((child = fork()) == -1)
				fatalx("fork: %s", strerror(errno));
			if (child == 0)
				supervise_child(socks, cfg, reload, master);
			log_warnx("server process %ld started", (long)child);
		}
		pid = waitpid(-1, &status, 0);
		supervise_pass(child, &stopping);
		if (pid == -1) {
			if (errno == EINTR)
				continue;
			if (errno == ECHILD && stopping)
				return (0);
			fatalx("waitpid: %s", strerror(errno));
		}
		if (pid != child)
			continue;
		child = -1;
		supervise_describe(status, how, sizeof(how));
		if (stopping) {
			log_warnx("server process %ld ended: %s", (long)pid,
			    how);
			return (WIFEXITED(status) ? WEXITSTATUS(status) : 1);
		}
		if (WIFEXITED(status) && WEXITSTATUS(status) == 78) {
			log_err("server process %ld could not start: %s; "
			    "giving up", (long)pid, how);
			return (78);
		}
		log_err("server process %ld died: %s; starting a new one",
		    (long)pid, how);
		if (time(NULL) - window > 60) {
			window = time(NULL);
			restarts = 0;
		}
		sleep(++restarts > SUPERVISE_BURST ? SUPERVISE_BACKOFF : 1);
	}
}
