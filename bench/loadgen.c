/*
 * NAME
 *	loadgen - load generator for Postfix policy servers
 * SYNOPSIS
 *	loadgen -w WORKLOAD [options] --connect unix:/path | inet:host:port
 *	loadgen -w WORKLOAD [options] --spawn -- command [args...]
 * DESCRIPTION
 *	Speaks the Postfix policy delegation protocol (SMTPD_POLICY_README)
 *	as Postfix 3.7 smtpd does: each request carries every attribute
 *	Postfix 3.7 sends, in its order, and the answer is one
 *	"action=..." line and an empty line.
 *
 *	CONCURRENCY connections are kept busy at once, one request in
 *	flight on each (as one smtpd process does).  A connection carries
 *	PER_CONN requests (0: as many as it gets) and is then closed and a
 *	new one opened.  With --connect it is a unix or TCP connection to a
 *	standing server; with --spawn each connection is a socketpair
 *	whose other end is the standard input, output and error of a new
 *	process running the command (what Postfix spawn(8) does), which is
 *	expected to exit on end of file.
 *
 *	Requests come from the workload file, one per line:
 *	    CLIENT_IP HELO SENDER RECIPIENT INSTANCE [CLASS]
 *	("<>" for the null sender; lines starting with # are ignored).
 *	The lines are dealt out in order over all connections and reused
 *	from the top when the file is exhausted; the instance of a reused
 *	line gets ".PASS" appended so that no two requests share one.
 *	CLASS tags a line for separate latency figures.
 *
 *	Bounds: at most TOTAL requests are sent; none is started after
 *	DURATION seconds; at HARD_LIMIT seconds everything still running is
 *	abandoned (counted as "aborted") and children are killed.  A
 *	request unanswered for REQ_TIMEOUT seconds is an error and its
 *	connection is closed.
 *
 *	Reported: requests per second (over the measured requests: those
 *	sent after the warm-up), latency p50/p90/p99/max overall and per
 *	class, the time from opening a connection (or spawning the process)
 *	to its first answer, the count of each action (first word after
 *	action=, lower-cased, with the RFC 3463 code that follows a
 *	reject or defer), the SPF result of prepended headers, errors by
 *	kind, the peak resident memory of the target (the sum over its
 *	process tree, sampled from /proc every RSS_INTERVAL ms; in spawn
 *	mode also the largest VmHWM of one spawned process), the CPU time
 *	the target and the load generator used.
 * OPTIONS
 *	-w FILE		workload (required)
 *	-c N		concurrent connections (1)
 *	-n N		requests per connection, 0 unlimited (0)
 *	-t N		total requests (1000000, at most 50000000)
 *	-d SEC		duration: start no request after SEC seconds (10)
 *	-W SEC		warm-up: requests sent in the first SEC seconds are
 *			not measured (0)
 *	-T SEC		hard wall-clock limit (DURATION + 60)
 *	-r SEC		per-request timeout (30)
 *	-p PID		target process, whose tree is measured (RSS, CPU)
 *	-u PID		another process whose CPU time is reported apart (the
 *			DNS server); the CPU time the whole host spent busy
 *			is reported too, so that a run disturbed by other
 *			work on the machine can be told apart
 *	-P FILE		read the target process id from FILE
 *	-i MS		RSS sampling interval (20)
 *	-j FILE		append the result as one JSON line to FILE
 *	-l KEY=VALUE	add a string field to the JSON (repeatable)
 *	-q		no human-readable report
 * SPDX-License-Identifier: BSD-2-Clause
 */
#define _GNU_SOURCE
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <netdb.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define MAX_CONC	4096
#define MAX_TOTAL	50000000UL
#define MAX_CLASSES	8
#define MAX_KEYS	64
#define MAX_PROCS	8192
#define RBUF_SIZE	16384
#define WBUF_SIZE	8192

/* ------------------------------------------------------------------ */

static void
die(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	fputs("loadgen: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(2);
}

static void *
xrealloc(void *p, size_t n)
{
	if ((p = realloc(p, n)) == NULL)
		die("out of memory");
	return p;
}

static char *
xstrdup(const char *s)
{
	char	*p;

	if ((p = strdup(s)) == NULL)
		die("out of memory");
	return p;
}

static uint64_t
now_ns(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/* ------------------------------------------------------------------ */
/* Workload */

struct wline {
	char	*ip, *helo, *sender, *rcpt, *inst;
	int	 cls;
};

static struct wline	*wl;
static size_t		 nwl;
static char		*class_name[MAX_CLASSES];
static int		 nclass = 1;		/* class 0: untagged */

static int
class_id(const char *name)
{
	int	 i;

	for (i = 1; i < nclass; i++)
		if (strcmp(class_name[i], name) == 0)
			return i;
	if (nclass == MAX_CLASSES)
		die("more than %d classes in the workload", MAX_CLASSES - 1);
	class_name[nclass] = xstrdup(name);
	return nclass++;
}

static void
load_workload(const char *path)
{
	FILE	*fp;
	char	*line = NULL, *f[7], *p, *save;
	size_t	 cap = 0, alloc = 0;
	ssize_t	 len;
	int	 n;
	unsigned long lineno = 0;

	if ((fp = fopen(path, "r")) == NULL)
		die("%s: %s", path, strerror(errno));
	class_name[0] = xstrdup("");
	while ((len = getline(&line, &cap, fp)) != -1) {
		lineno++;
		while (len > 0 && (line[len - 1] == '\n' ||
		    line[len - 1] == '\r'))
			line[--len] = '\0';
		p = line;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0' || *p == '#')
			continue;
		n = 0;
		for (p = strtok_r(p, " \t", &save); p != NULL && n < 7;
		    p = strtok_r(NULL, " \t", &save))
			f[n++] = p;
		if (n < 5 || n > 6)
			die("%s:%lu: want CLIENT_IP HELO SENDER RECIPIENT "
			    "INSTANCE [CLASS]", path, lineno);
		if (nwl == alloc) {
			alloc = alloc ? alloc * 2 : 1024;
			wl = xrealloc(wl, alloc * sizeof(*wl));
		}
		wl[nwl].ip = xstrdup(f[0]);
		wl[nwl].helo = xstrdup(f[1]);
		wl[nwl].sender = xstrdup(strcmp(f[2], "<>") == 0 ? "" : f[2]);
		wl[nwl].rcpt = xstrdup(f[3]);
		wl[nwl].inst = xstrdup(f[4]);
		wl[nwl].cls = n == 6 ? class_id(f[5]) : 0;
		nwl++;
	}
	free(line);
	fclose(fp);
	if (nwl == 0)
		die("%s: no requests", path);
}

/* One request as Postfix 3.7.11 sends it (anchors.md, section 3.2). */
static size_t
build_request(char *buf, size_t size, uint64_t idx)
{
	const struct wline *w = &wl[idx % nwl];
	unsigned long	 pass = (unsigned long)(idx / nwl);
	char		 inst[160];
	int		 n;

	if (pass == 0)
		snprintf(inst, sizeof(inst), "%s", w->inst);
	else
		snprintf(inst, sizeof(inst), "%s.%lu", w->inst, pass);
	n = snprintf(buf, size,
	    "request=smtpd_access_policy\n"
	    "protocol_state=RCPT\n"
	    "protocol_name=ESMTP\n"
	    "client_address=%s\n"
	    "client_name=unknown\n"
	    "client_port=%u\n"
	    "reverse_client_name=unknown\n"
	    "server_address=192.0.2.25\n"
	    "server_port=25\n"
	    "helo_name=%s\n"
	    "sender=%s\n"
	    "recipient=%s\n"
	    "recipient_count=0\n"
	    "queue_id=\n"
	    "instance=%s\n"
	    "size=0\n"
	    "etrn_domain=\n"
	    "stress=\n"
	    "sasl_method=\n"
	    "sasl_username=\n"
	    "sasl_sender=\n"
	    "ccert_subject=\n"
	    "ccert_issuer=\n"
	    "ccert_fingerprint=\n"
	    "ccert_pubkey_fingerprint=\n"
	    "encryption_protocol=\n"
	    "encryption_cipher=\n"
	    "encryption_keysize=0\n"
	    "policy_context=\n"
	    "\n",
	    w->ip, (unsigned)(32768 + idx % 28000), w->helo, w->sender,
	    w->rcpt, inst);
	if (n < 0 || (size_t)n >= size)
		die("request %llu too long", (unsigned long long)idx);
	return (size_t)n;
}

/* ------------------------------------------------------------------ */
/* Counters */

struct counted {
	char		 key[48];
	unsigned long	 n;
};

struct keyset {
	struct counted	 k[MAX_KEYS];
	int		 n;
	unsigned long	 other;
};

static void
key_add(struct keyset *ks, const char *key)
{
	int	 i;

	for (i = 0; i < ks->n; i++)
		if (strcmp(ks->k[i].key, key) == 0) {
			ks->k[i].n++;
			return;
		}
	if (ks->n == MAX_KEYS) {
		ks->other++;
		return;
	}
	snprintf(ks->k[ks->n].key, sizeof(ks->k[0].key), "%s", key);
	ks->k[ks->n++].n = 1;
}

enum err {
	E_CONNECT, E_SPAWN, E_CLOSED, E_TIMEOUT, E_BAD, E_EXTRA, E_ABORTED,
	E_MAX
};
static const char *err_name[E_MAX] = {
	"connect", "spawn", "closed", "timeout", "bad_answer",
	"unexpected_data", "aborted"
};

static struct {
	unsigned long	 err[E_MAX];
	unsigned long	 ok;		/* answered, measured or not */
	unsigned long	 measured;
	unsigned long	 conns;		/* connections (processes) opened */
	unsigned long	 child_exit_nonzero, child_signaled, child_killed;
	struct keyset	 actions, results;
	uint32_t	*lat;		/* measured latencies, 100 ns units */
	uint8_t		*lcls;
	size_t		 nlat, alat;
	uint32_t	*first;		/* connection open to first answer */
	size_t		 nfirst, afirst;
	uint64_t	 t_first_measured_done, t_last_done;
} st;

static uint32_t
units(uint64_t ns)
{
	uint64_t u = ns / 100;

	return u > UINT32_MAX ? UINT32_MAX : (uint32_t)u;
}

static void
record_latency(uint64_t ns, int cls)
{
	if (st.nlat == st.alat) {
		st.alat = st.alat ? st.alat * 2 : 65536;
		st.lat = xrealloc(st.lat, st.alat * sizeof(*st.lat));
		st.lcls = xrealloc(st.lcls, st.alat);
	}
	st.lat[st.nlat] = units(ns);
	st.lcls[st.nlat++] = (uint8_t)cls;
}

static void
record_first(uint64_t ns)
{
	if (st.nfirst == st.afirst) {
		st.afirst = st.afirst ? st.afirst * 2 : 4096;
		st.first = xrealloc(st.first, st.afirst * sizeof(*st.first));
	}
	st.first[st.nfirst++] = units(ns);
}

/* action=WORD [CODE] ... -> "word code"; the SPF result of a header. */
static int
classify(const char *ans, size_t len)
{
	char	 key[48], res[32], line[512];
	size_t	 i, k;
	const char *p, *q;

	if (len >= sizeof(line))
		len = sizeof(line) - 1;
	memcpy(line, ans, len);
	line[len] = '\0';
	if (strncmp(line, "action=", 7) != 0)
		return -1;
	p = line + 7;
	for (k = 0; p[k] != '\0' && p[k] != ' ' && k < 30; k++)
		key[k] = (char)tolower((unsigned char)p[k]);
	key[k] = '\0';
	if (k == 0)
		return -1;
	q = p + k;
	if (*q == ' ' && q[1] >= '2' && q[1] <= '5' && q[2] == '.') {
		/* an enhanced status code, x.y.z */
		size_t	 n = strcspn(q + 1, " ");
		int	 ok = n <= 9;

		for (i = 1; ok && i <= n; i++)
			if (!isdigit((unsigned char)q[i]) && q[i] != '.')
				ok = 0;
		if (ok)
			snprintf(key + k, sizeof(key) - k, " %.*s", (int)n,
			    q + 1);
	}
	key_add(&st.actions, key);
	if ((q = strstr(line, "Received-SPF: ")) != NULL)
		q += 14;
	else if ((q = strstr(line, " spf=")) != NULL)
		q += 5;
	else
		return 0;
	for (k = 0; q[k] != '\0' && q[k] != ' ' && q[k] != ';' &&
	    k < sizeof(res) - 1; k++)
		res[k] = (char)tolower((unsigned char)q[k]);
	res[k] = '\0';
	key_add(&st.results, res);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Processes: RSS and CPU from /proc */

static long	 pagesize_kb;
static long	 clk_tck;

static long
proc_statm_rss_kb(pid_t pid)
{
	char	 path[64], buf[128];
	int	 fd;
	ssize_t	 n;
	long	 size, rss;

	snprintf(path, sizeof(path), "/proc/%d/statm", (int)pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	if (sscanf(buf, "%ld %ld", &size, &rss) != 2)
		return -1;
	return rss * pagesize_kb;
}

/* A field of /proc/PID/status in kB ("VmHWM:"), -1 if none. */
static long
proc_status_kb(pid_t pid, const char *field)
{
	char	 path[64], line[256];
	FILE	*fp;
	long	 v = -1;
	size_t	 fl = strlen(field);

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	if ((fp = fopen(path, "re")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), fp) != NULL)
		if (strncmp(line, field, fl) == 0) {
			v = strtol(line + fl, NULL, 10);
			break;
		}
	fclose(fp);
	return v;
}

/* ppid and utime+stime (ticks) from /proc/PID/stat. */
static int
proc_stat(pid_t pid, pid_t *ppid, unsigned long long *cpu)
{
	char	 path[64], buf[1024], *p;
	int	 fd, i;
	ssize_t	 n;
	unsigned long long ut = 0, stt = 0;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	if ((p = strrchr(buf, ')')) == NULL)
		return -1;
	p += 2;		/* state */
	/* fields after comm: 3 state, 4 ppid, ... 14 utime, 15 stime */
	for (i = 3; i < 15 && p != NULL; i++) {
		if (i == 4 && ppid != NULL)
			*ppid = (pid_t)strtol(p, NULL, 10);
		if (i == 14)
			ut = strtoull(p, NULL, 10);
		p = strchr(p, ' ');
		if (p != NULL)
			p++;
	}
	if (p == NULL)
		return -1;
	stt = strtoull(p, NULL, 10);
	if (cpu != NULL)
		*cpu = ut + stt;
	return 0;
}

/* The target's process tree (--pid): the root and its descendants. */
static pid_t	 tree[MAX_PROCS];
static int	 ntree;

static int
in_list(const pid_t *l, int n, pid_t p)
{
	int	 i;

	for (i = 0; i < n; i++)
		if (l[i] == p)
			return 1;
	return 0;
}

/* Descendants of roots[] (roots included), from one walk of /proc. */
static int
proc_tree(const pid_t *roots, int nroots, pid_t *out, int max)
{
	static pid_t	 pid[MAX_PROCS * 4], par[MAX_PROCS * 4];
	DIR		*d;
	struct dirent	*de;
	int		 np = 0, n, i, grew;
	pid_t		 pp;

	n = 0;
	for (i = 0; i < nroots && n < max; i++)
		out[n++] = roots[i];
	if ((d = opendir("/proc")) == NULL)
		return n;
	while ((de = readdir(d)) != NULL && np < MAX_PROCS * 4) {
		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		pid[np] = (pid_t)atoi(de->d_name);
		if (proc_stat(pid[np], &pp, NULL) == 0)
			par[np++] = pp;
	}
	closedir(d);
	do {
		grew = 0;
		for (i = 0; i < np && n < max; i++)
			if (!in_list(out, n, pid[i]) && in_list(out, n, par[i])) {
				out[n++] = pid[i];
				grew = 1;
			}
	} while (grew);
	return n;
}

/* Busy ticks of the whole host (all CPUs), from /proc/stat. */
static unsigned long long
host_busy_ticks(void)
{
	unsigned long long v[10] = { 0 }, sum = 0;
	FILE	*fp;
	int	 i;

	if ((fp = fopen("/proc/stat", "re")) == NULL)
		return 0;
	if (fscanf(fp, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0],
	    &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]) != 8) {
		fclose(fp);
		return 0;
	}
	fclose(fp);
	/* everything but idle and iowait */
	for (i = 0; i < 8; i++)
		if (i != 3 && i != 4)
			sum += v[i];
	return sum;
}

static unsigned long long
tree_cpu_ticks(void)
{
	unsigned long long t, sum = 0;
	int	 i;

	for (i = 0; i < ntree; i++)
		if (proc_stat(tree[i], NULL, &t) == 0)
			sum += t;
	return sum;
}

/* ------------------------------------------------------------------ */
/* Connections */

enum cstate { C_IDLE, C_CONNECTING, C_SENDING, C_WAITING };

struct conn {
	int		 fd;
	enum cstate	 state;
	pid_t		 pid;		/* spawn mode: its process */
	uint64_t	 t_open, t_send, retry_at;
	unsigned long	 nreq;
	int		 answered_once;
	uint64_t	 idx;		/* request in flight */
	char		 wbuf[WBUF_SIZE];
	size_t		 wlen, woff;
	char		 rbuf[RBUF_SIZE];
	size_t		 rlen;
};

static struct conn	*conns;
static int		 conc = 1;
static unsigned long	 per_conn, total = 1000000;
static double		 duration = 10, warmup, hard_limit = -1, req_timeout = 30;
static int		 epfd, sigfd;
static uint64_t		 issued, t_start, t_warm, t_stop, t_hard;
static int		 spawn_mode;
static char		**spawn_argv;
static int		 c_family;
static struct sockaddr_storage c_addr;
static socklen_t	 c_addrlen;
static const char	*target_desc;

/* Spawned processes not yet reaped. */
static struct {
	pid_t	 pid;
	int	 closed;		/* its connection is closed */
} kids[MAX_CONC * 2];
static int	 nkids;
static long	 spawn_hwm_max, spawn_hwm_n;
static long	*spawn_hwm;
static double	 spawn_cpu;		/* user+sys of reaped children */

static void
parse_target(const char *t)
{
	struct addrinfo	 hints, *res;
	char		 host[256], *port;
	int		 rc;

	target_desc = t;
	memset(&c_addr, 0, sizeof(c_addr));
	if (strncmp(t, "unix:", 5) == 0) {
		struct sockaddr_un *sun = (struct sockaddr_un *)&c_addr;

		if (strlen(t + 5) >= sizeof(sun->sun_path))
			die("socket path too long: %s", t + 5);
		sun->sun_family = AF_UNIX;
		strcpy(sun->sun_path, t + 5);
		c_family = AF_UNIX;
		c_addrlen = sizeof(*sun);
		return;
	}
	if (strncmp(t, "inet:", 5) == 0)
		t += 5;
	if (*t == '[') {
		snprintf(host, sizeof(host), "%s", t + 1);
		if ((port = strstr(host, "]:")) == NULL)
			die("bad address: %s", t);
		*port = '\0';
		port += 2;
	} else {
		snprintf(host, sizeof(host), "%s", t);
		if ((port = strrchr(host, ':')) == NULL)
			die("bad address (want inet:host:port): %s", t);
		*port++ = '\0';
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV;
	if ((rc = getaddrinfo(host, port, &hints, &res)) != 0)
		die("%s: %s", t, gai_strerror(rc));
	memcpy(&c_addr, res->ai_addr, res->ai_addrlen);
	c_addrlen = res->ai_addrlen;
	c_family = res->ai_family;
	freeaddrinfo(res);
}

static void
kid_add(pid_t pid)
{
	if (nkids == (int)(sizeof(kids) / sizeof(kids[0])))
		die("too many unreaped children");
	kids[nkids].pid = pid;
	kids[nkids++].closed = 0;
}

static void
conn_close(struct conn *c)
{
	int	 i;

	if (c->fd != -1) {
		if (c->pid > 0) {
			long hwm = proc_status_kb(c->pid, "VmHWM:");

			if (hwm > 0) {
				if (hwm > spawn_hwm_max)
					spawn_hwm_max = hwm;
				spawn_hwm = xrealloc(spawn_hwm,
				    (size_t)(spawn_hwm_n + 1) * sizeof(long));
				spawn_hwm[spawn_hwm_n++] = hwm;
			}
			for (i = 0; i < nkids; i++)
				if (kids[i].pid == c->pid)
					kids[i].closed = 1;
		}
		close(c->fd);
	}
	c->fd = -1;
	c->pid = 0;
	c->state = C_IDLE;
	c->rlen = 0;
}

static void
conn_fail(struct conn *c, enum err e, uint64_t now)
{
	st.err[e]++;
	conn_close(c);
	c->retry_at = now + 10000000ULL;	/* 10 ms */
}

static int
conn_open(struct conn *c, uint64_t now)
{
	int	 sv[2], fl;

	c->t_open = now;
	c->nreq = 0;
	c->answered_once = 0;
	c->rlen = 0;
	if (spawn_mode) {
		posix_spawn_file_actions_t fa;
		posix_spawnattr_t	 at;
		sigset_t		 none, def;
		pid_t			 pid;
		int			 rc;

		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == -1) {
			conn_fail(c, E_SPAWN, now);
			return -1;
		}
		posix_spawn_file_actions_init(&fa);
		posix_spawn_file_actions_adddup2(&fa, sv[1], 0);
		posix_spawn_file_actions_adddup2(&fa, sv[1], 1);
		posix_spawn_file_actions_adddup2(&fa, sv[1], 2);
		posix_spawnattr_init(&at);
		sigemptyset(&none);
		sigemptyset(&def);
		sigaddset(&def, SIGPIPE);
		sigaddset(&def, SIGCHLD);
		posix_spawnattr_setsigmask(&at, &none);
		posix_spawnattr_setsigdefault(&at, &def);
		posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK |
		    POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_USEVFORK);
		rc = posix_spawn(&pid, spawn_argv[0], &fa, &at, spawn_argv,
		    environ);
		posix_spawn_file_actions_destroy(&fa);
		posix_spawnattr_destroy(&at);
		close(sv[1]);
		if (rc != 0) {
			close(sv[0]);
			fprintf(stderr, "loadgen: %s: %s\n", spawn_argv[0],
			    strerror(rc));
			conn_fail(c, E_SPAWN, now);
			return -1;
		}
		kid_add(pid);
		c->pid = pid;
		c->fd = sv[0];
		fl = fcntl(c->fd, F_GETFL);
		fcntl(c->fd, F_SETFL, fl | O_NONBLOCK);
		c->state = C_SENDING;
	} else {
		c->fd = socket(c_family, SOCK_STREAM | SOCK_NONBLOCK |
		    SOCK_CLOEXEC, 0);
		if (c->fd == -1) {
			conn_fail(c, E_CONNECT, now);
			return -1;
		}
		if (c_family != AF_UNIX) {
			int one = 1;

			setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one,
			    sizeof(one));
		}
		if (connect(c->fd, (struct sockaddr *)&c_addr, c_addrlen) == 0)
			c->state = C_SENDING;
		else if (errno == EINPROGRESS)
			c->state = C_CONNECTING;
		else {
			conn_fail(c, E_CONNECT, now);
			return -1;
		}
	}
	st.conns++;
	{
		struct epoll_event ev;

		ev.events = EPOLLIN | EPOLLOUT | EPOLLET | EPOLLRDHUP;
		ev.data.ptr = c;
		if (epoll_ctl(epfd, EPOLL_CTL_ADD, c->fd, &ev) == -1)
			die("epoll_ctl: %s", strerror(errno));
	}
	return 0;
}

static int
stopping(uint64_t now)
{
	return issued >= total || now >= t_stop;
}

/* Start the next request on c (which is connected); 0 if none left. */
static int
conn_start_request(struct conn *c, uint64_t now)
{
	if (stopping(now))
		return 0;
	c->idx = issued++;
	c->wlen = build_request(c->wbuf, sizeof(c->wbuf), c->idx);
	c->woff = 0;
	c->t_send = now;
	c->state = C_SENDING;
	return 1;
}

static void conn_progress(struct conn *, uint64_t);

static void
conn_answer(struct conn *c, uint64_t now, size_t alen)
{
	const struct wline *w = &wl[c->idx % nwl];
	int	 measured = c->t_send >= t_warm;
	int	 bad;

	/* one line: no newline inside [0, alen) */
	bad = memchr(c->rbuf, '\n', alen) != NULL;
	if (!bad && measured)
		bad = classify(c->rbuf, alen) == -1;
	else if (!bad)
		bad = strncmp(c->rbuf, "action=", 7) != 0;
	if (bad) {
		st.err[E_BAD]++;
		if (st.err[E_BAD] <= 3)
			fprintf(stderr, "loadgen: bad answer: %.*s\n",
			    (int)(alen > 200 ? 200 : alen), c->rbuf);
	} else {
		st.ok++;
		if (measured) {
			st.measured++;
			record_latency(now - c->t_send, w->cls);
			if (st.t_first_measured_done == 0)
				st.t_first_measured_done = now;
		}
	}
	st.t_last_done = now;
	if (!c->answered_once) {
		c->answered_once = 1;
		record_first(now - c->t_open);
	}
	/* drop the answer and its empty line */
	memmove(c->rbuf, c->rbuf + alen + 2, c->rlen - alen - 2);
	c->rlen -= alen + 2;
	if (c->rlen > 0) {
		st.err[E_EXTRA]++;
		conn_close(c);
		c->retry_at = now;
		return;
	}
	c->nreq++;
	if (bad || (per_conn && c->nreq >= per_conn) ||
	    !conn_start_request(c, now)) {
		conn_close(c);
		c->retry_at = now;
		return;
	}
	conn_progress(c, now);
}

static void
conn_progress(struct conn *c, uint64_t now)
{
	ssize_t	 n;
	char	*e;

	if (c->state == C_CONNECTING) {
		int	 err = 0;
		socklen_t len = sizeof(err);

		if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len) == -1)
			err = errno;
		if (err == EINPROGRESS || err == EALREADY)
			return;
		if (err != 0) {
			conn_fail(c, E_CONNECT, now);
			return;
		}
		c->state = C_SENDING;
		if (!conn_start_request(c, now)) {
			conn_close(c);
			return;
		}
	}
	if (c->state == C_SENDING) {
		while (c->woff < c->wlen) {
			n = send(c->fd, c->wbuf + c->woff, c->wlen - c->woff,
			    MSG_NOSIGNAL);
			if (n > 0) {
				c->woff += (size_t)n;
				continue;
			}
			if (n == -1 && errno == EINTR)
				continue;
			if (n == -1 && (errno == EAGAIN ||
			    errno == EWOULDBLOCK))
				return;
			conn_fail(c, E_CLOSED, now);
			return;
		}
		c->state = C_WAITING;
	}
	if (c->state == C_WAITING) {
		for (;;) {
			if (c->rlen == sizeof(c->rbuf)) {
				conn_fail(c, E_BAD, now);
				return;
			}
			n = recv(c->fd, c->rbuf + c->rlen,
			    sizeof(c->rbuf) - c->rlen, 0);
			if (n > 0) {
				c->rlen += (size_t)n;
				e = memmem(c->rbuf, c->rlen, "\n\n", 2);
				if (e != NULL) {
					conn_answer(c, now_ns(),
					    (size_t)(e - c->rbuf));
					return;
				}
				continue;
			}
			if (n == -1 && errno == EINTR)
				continue;
			if (n == -1 && (errno == EAGAIN ||
			    errno == EWOULDBLOCK))
				return;
			conn_fail(c, E_CLOSED, now);
			return;
		}
	}
}

/* ------------------------------------------------------------------ */
/* Children (spawn mode) */

static void
reap(void)
{
	struct signalfd_siginfo	 si;
	struct rusage		 ru;
	pid_t			 pid;
	int			 status, i;

	while (read(sigfd, &si, sizeof(si)) > 0)
		;
	while ((pid = wait4(-1, &status, WNOHANG, &ru)) > 0) {
		spawn_cpu += ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
		    ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
		if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
			st.child_exit_nonzero++;
		if (WIFSIGNALED(status))
			st.child_signaled++;
		for (i = 0; i < nkids; i++)
			if (kids[i].pid == pid) {
				kids[i] = kids[--nkids];
				break;
			}
		/* a child that died while its connection was open */
		for (i = 0; i < conc; i++)
			if (conns[i].pid == pid)
				conns[i].pid = -pid;
	}
}

static void
kill_kids(int sig)
{
	int	 i;

	for (i = 0; i < nkids; i++)
		if (kids[i].pid > 0)
			kill(kids[i].pid, sig);
}

/* ------------------------------------------------------------------ */
/* RSS sampling */

static long	 rss_peak_sum, rss_last_sum;
static int	 rss_peak_procs;
static uint64_t	 rss_next, tree_next;
static double	 rss_interval_ms = 20;
static unsigned long rss_samples;
static pid_t	 target_pid;

static void
rss_sample(uint64_t now)
{
	static pid_t	 sp[MAX_PROCS];
	pid_t		 roots[MAX_CONC * 2];
	long		 sum = 0, r;
	int		 i, n = 0, nr = 0;

	if (target_pid > 0) {
		if (now >= tree_next) {
			ntree = proc_tree(&target_pid, 1, tree, MAX_PROCS);
			tree_next = now + 1000000000ULL;
		}
		for (i = 0; i < ntree; i++)
			if ((r = proc_statm_rss_kb(tree[i])) > 0) {
				sum += r;
				n++;
			}
	} else if (spawn_mode) {
		for (i = 0; i < nkids; i++)
			roots[nr++] = kids[i].pid;
		if (now >= tree_next) {
			n = proc_tree(roots, nr, sp, MAX_PROCS);
			tree_next = now + 1000000000ULL;
		} else {
			memcpy(sp, roots, (size_t)nr * sizeof(pid_t));
			n = nr;
		}
		nr = n;
		n = 0;
		for (i = 0; i < nr; i++)
			if ((r = proc_statm_rss_kb(sp[i])) > 0) {
				sum += r;
				n++;
			}
	} else
		return;
	rss_samples++;
	rss_last_sum = sum;
	if (sum > rss_peak_sum) {
		rss_peak_sum = sum;
		rss_peak_procs = n;
	}
}

/* ------------------------------------------------------------------ */
/* Report */

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

struct pct {
	size_t	 n;
	double	 p50, p90, p99, max, mean;	/* ms */
};

static struct pct
percentiles(uint32_t *v, size_t n)
{
	struct pct	 p;
	double		 sum = 0;
	size_t		 i;

	memset(&p, 0, sizeof(p));
	p.n = n;
	if (n == 0)
		return p;
	qsort(v, n, sizeof(*v), cmp_u32);
	for (i = 0; i < n; i++)
		sum += v[i];
#define AT(q) (v[(size_t)((q) * (double)n + 0.999999) > 0 ? \
	(size_t)((q) * (double)n + 0.999999) - 1 : 0] / 1e4)
	p.p50 = AT(0.50);
	p.p90 = AT(0.90);
	p.p99 = AT(0.99);
#undef AT
	p.max = v[n - 1] / 1e4;
	p.mean = sum / (double)n / 1e4;
	return p;
}

static char	*js;
static size_t	 jlen, jcap;

static void
jadd(const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(js + jlen, jcap - jlen, fmt, ap);
		va_end(ap);
		if (n < 0)
			die("vsnprintf");
		if ((size_t)n < jcap - jlen)
			break;
		jcap = jcap * 2 + (size_t)n + 256;
		js = xrealloc(js, jcap);
	}
	jlen += (size_t)n;
}

static void
jstr(const char *s)
{
	jadd("\"");
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			jadd("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			jadd("\\u%04x", *s);
		else
			jadd("%c", *s);
	}
	jadd("\"");
}

static void
jpct(const char *name, struct pct p)
{
	jstr(name);
	jadd(":{\"n\":%zu,\"p50\":%.4f,\"p90\":%.4f,\"p99\":%.4f,"
	    "\"max\":%.4f,\"mean\":%.4f}", p.n, p.p50, p.p90, p.p99, p.max,
	    p.mean);
}

static void
jkeys(const char *name, const struct keyset *ks)
{
	int	 i;

	jstr(name);
	jadd(":{");
	for (i = 0; i < ks->n; i++) {
		if (i)
			jadd(",");
		jstr(ks->k[i].key);
		jadd(":%lu", ks->k[i].n);
	}
	if (ks->other)
		jadd("%s\"(other)\":%lu", ks->n ? "," : "", ks->other);
	jadd("}");
}

static void
print_keys(const char *title, const struct keyset *ks)
{
	int	 i;

	printf("%-14s", title);
	for (i = 0; i < ks->n; i++)
		printf("%s%s %lu", i ? ", " : "", ks->k[i].key, ks->k[i].n);
	if (ks->other)
		printf(", (other) %lu", ks->other);
	printf("%s\n", ks->n || ks->other ? "" : "-");
}

static int
cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return x < y ? -1 : x > y;
}

static void
usage(void)
{
	fprintf(stderr,
	    "usage: loadgen -w WORKLOAD [-c conc] [-n per-conn] [-t total] "
	    "[-d sec] [-W warmup]\n"
	    "               [-T hard-limit] [-r req-timeout] [-p pid | -P "
	    "pidfile] [-i rss-ms]\n"
	    "               [-j json-file] [-l key=value]... [-q]\n"
	    "               (--connect unix:/path | inet:host:port | "
	    "--spawn -- command [args])\n");
	exit(2);
}

static double
num(const char *s, double lo, double hi, const char *what)
{
	char	*e;
	double	 v;

	errno = 0;
	v = strtod(s, &e);
	if (errno || e == s || *e != '\0' || v < lo || v > hi)
		die("bad %s: %s (%g to %g)", what, s, lo, hi);
	return v;
}

int
main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "connect", required_argument, NULL, 'C' },
		{ "spawn", no_argument, NULL, 'S' },
		{ NULL, 0, NULL, 0 }
	};
	struct epoll_event	 evs[256];
	const char		*workload = NULL, *json = NULL, *pidfile = NULL;
	const char		*connect_to = NULL;
	char			**labels = NULL;
	int			 nlabels = 0, quiet = 0, ch, i, n, aborted = 0;
	uint64_t		 now, next_tcheck = 0;
	sigset_t		 mask;
	unsigned long long	 cpu0 = 0, cpu1 = 0;
	struct rusage		 ru0, ru1;
	pid_t			 dns_pid = 0;
	unsigned long long	 dns0 = 0, dns1 = 0, host0, host1;
	double			 dns_cpu = -1, host_busy, host_cap, other;
	double			 elapsed, rps, lg_cpu, tgt_cpu = -1;
	struct pct		 all, cls[MAX_CLASSES], first;
	uint32_t		*tmp;
	time_t			 wall;
	char			 datebuf[64];

	while ((ch = getopt_long(argc, argv, "w:c:n:t:d:W:T:r:p:P:u:i:j:l:q",
	    lo, NULL)) != -1) {
		switch (ch) {
		case 'w': workload = optarg; break;
		case 'c': conc = (int)num(optarg, 1, MAX_CONC, "-c"); break;
		case 'n': per_conn = (unsigned long)num(optarg, 0, 1e9, "-n");
			break;
		case 't': total = (unsigned long)num(optarg, 1, MAX_TOTAL, "-t");
			break;
		case 'd': duration = num(optarg, 0.01, 86400, "-d"); break;
		case 'W': warmup = num(optarg, 0, 3600, "-W"); break;
		case 'T': hard_limit = num(optarg, 0.1, 86400, "-T"); break;
		case 'r': req_timeout = num(optarg, 0.001, 3600, "-r"); break;
		case 'p': target_pid = (pid_t)num(optarg, 1, 1e9, "-p"); break;
		case 'P': pidfile = optarg; break;
		case 'u': dns_pid = (pid_t)num(optarg, 1, 1e9, "-u"); break;
		case 'i': rss_interval_ms = num(optarg, 1, 10000, "-i"); break;
		case 'j': json = optarg; break;
		case 'l':
			if (strchr(optarg, '=') == NULL)
				die("-l wants KEY=VALUE");
			labels = xrealloc(labels, (size_t)(nlabels + 1) *
			    sizeof(*labels));
			labels[nlabels++] = optarg;
			break;
		case 'q': quiet = 1; break;
		case 'C': connect_to = optarg; break;
		case 'S': spawn_mode = 1; break;
		default: usage();
		}
	}
	if (workload == NULL || (connect_to == NULL) == !spawn_mode)
		usage();
	if (spawn_mode) {
		if (optind >= argc)
			usage();
		spawn_argv = argv + optind;
		target_desc = spawn_argv[0];
	} else {
		if (optind != argc)
			usage();
		parse_target(connect_to);
	}
	if (hard_limit < 0)
		hard_limit = duration + 60;
	if (pidfile != NULL) {
		FILE *fp = fopen(pidfile, "r");
		long  p;

		if (fp == NULL || fscanf(fp, "%ld", &p) != 1 || p <= 0)
			die("%s: no process id", pidfile);
		fclose(fp);
		target_pid = (pid_t)p;
	}
	if (target_pid > 0 && kill(target_pid, 0) == -1)
		die("target process %d: %s", (int)target_pid, strerror(errno));
	load_workload(workload);
	pagesize_kb = sysconf(_SC_PAGESIZE) / 1024;
	clk_tck = sysconf(_SC_CLK_TCK);
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&mask);
	sigaddset(&mask, SIGCHLD);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	if ((sigfd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC)) == -1)
		die("signalfd: %s", strerror(errno));
	if ((epfd = epoll_create1(EPOLL_CLOEXEC)) == -1)
		die("epoll_create1: %s", strerror(errno));
	{
		struct epoll_event ev;

		ev.events = EPOLLIN;
		ev.data.ptr = NULL;
		epoll_ctl(epfd, EPOLL_CTL_ADD, sigfd, &ev);
	}
	if ((conns = calloc((size_t)conc, sizeof(*conns))) == NULL)
		die("out of memory");
	for (i = 0; i < conc; i++) {
		conns[i].fd = -1;
		conns[i].state = C_IDLE;
	}
	if (target_pid > 0) {
		ntree = proc_tree(&target_pid, 1, tree, MAX_PROCS);
		cpu0 = tree_cpu_ticks();
	}
	if (dns_pid > 0 && proc_stat(dns_pid, NULL, &dns0) == -1)
		dns_pid = 0;
	host0 = host_busy_ticks();
	getrusage(RUSAGE_SELF, &ru0);
	wall = time(NULL);
	strftime(datebuf, sizeof(datebuf), "%Y-%m-%dT%H:%M:%SZ",
	    gmtime(&wall));

	t_start = now_ns();
	t_warm = t_start + (uint64_t)(warmup * 1e9);
	t_stop = t_start + (uint64_t)(duration * 1e9);
	t_hard = t_start + (uint64_t)(hard_limit * 1e9);
	rss_next = t_start;
	tree_next = t_start + 1000000000ULL;
	rss_sample(t_start);

	for (;;) {
		int	 busy = 0, timeout_ms;
		uint64_t wake;

		now = now_ns();
		if (now >= t_hard) {
			aborted = 1;
			break;
		}
		for (i = 0; i < conc; i++) {
			struct conn *c = &conns[i];

			if (c->state != C_IDLE) {
				busy++;
				continue;
			}
			if (stopping(now) || c->retry_at > now)
				continue;
			if (conn_open(c, now) == 0) {
				busy++;
				if (c->state == C_SENDING) {
					if (conn_start_request(c, now))
						conn_progress(c, now);
					else
						conn_close(c);
				}
			}
		}
		if (busy == 0 && stopping(now))
			break;
		wake = now + 50000000ULL;
		if (rss_next < wake)
			wake = rss_next;
		for (i = 0; i < conc; i++)
			if (conns[i].state == C_IDLE && conns[i].retry_at > now &&
			    conns[i].retry_at < wake && !stopping(now))
				wake = conns[i].retry_at;
		timeout_ms = wake > now ? (int)((wake - now + 999999) /
		    1000000) : 0;
		n = epoll_wait(epfd, evs, 256, timeout_ms);
		if (n == -1 && errno != EINTR)
			die("epoll_wait: %s", strerror(errno));
		now = now_ns();
		for (i = 0; i < n; i++) {
			struct conn *c = evs[i].data.ptr;

			if (c == NULL) {
				reap();
				continue;
			}
			if (c->state != C_IDLE)
				conn_progress(c, now);
		}
		if (now >= rss_next) {
			rss_sample(now);
			rss_next = now + (uint64_t)(rss_interval_ms * 1e6);
		}
		if (now >= next_tcheck) {
			uint64_t lim = (uint64_t)(req_timeout * 1e9);

			for (i = 0; i < conc; i++) {
				struct conn *c = &conns[i];

				if ((c->state == C_WAITING ||
				    c->state == C_SENDING) &&
				    now > c->t_send && now - c->t_send > lim)
					conn_fail(c, E_TIMEOUT, now);
				else if (c->state == C_CONNECTING &&
				    now > c->t_open && now - c->t_open > lim)
					conn_fail(c, E_CONNECT, now);
			}
			next_tcheck = now + 100000000ULL;
		}
	}
	now = now_ns();
	if (target_pid > 0) {
		/* final sample, per-process peaks, CPU */
		rss_sample(now);
	}
	for (i = 0; i < conc; i++)
		if (conns[i].state != C_IDLE) {
			if (conns[i].state != C_CONNECTING)
				st.err[E_ABORTED]++;
			conn_close(&conns[i]);
		}
	elapsed = (now - t_start) / 1e9;
	if (spawn_mode) {
		/* children exit on end of file; give them 10 s */
		uint64_t until = now_ns() + (aborted ? 0 : 10000000000ULL);

		while (nkids > 0 && now_ns() < until) {
			n = epoll_wait(epfd, evs, 256, 20);
			reap();
			rss_sample(now_ns());
		}
		if (nkids > 0) {
			st.child_killed += (unsigned long)nkids;
			kill_kids(SIGTERM);
			until = now_ns() + 2000000000ULL;
			while (nkids > 0 && now_ns() < until) {
				epoll_wait(epfd, evs, 256, 20);
				reap();
			}
			kill_kids(SIGKILL);
			while (nkids > 0) {
				epoll_wait(epfd, evs, 256, 20);
				reap();
			}
		}
		tgt_cpu = spawn_cpu;
	} else if (target_pid > 0) {
		cpu1 = tree_cpu_ticks();
		tgt_cpu = (double)(cpu1 - cpu0) / (double)clk_tck;
	}
	host1 = host_busy_ticks();
	if (dns_pid > 0 && proc_stat(dns_pid, NULL, &dns1) == 0)
		dns_cpu = (double)(dns1 - dns0) / (double)clk_tck;
	getrusage(RUSAGE_SELF, &ru1);
	lg_cpu = (ru1.ru_utime.tv_sec - ru0.ru_utime.tv_sec) +
	    (ru1.ru_utime.tv_usec - ru0.ru_utime.tv_usec) / 1e6 +
	    (ru1.ru_stime.tv_sec - ru0.ru_stime.tv_sec) +
	    (ru1.ru_stime.tv_usec - ru0.ru_stime.tv_usec) / 1e6;

	/* what else kept the host busy meanwhile (other work on it) */
	host_busy = (double)(host1 - host0) / (double)clk_tck;
	host_cap = (now_ns() - t_start) / 1e9 * (double)sysconf(
	    _SC_NPROCESSORS_ONLN);
	other = host_busy - lg_cpu - (tgt_cpu > 0 ? tgt_cpu : 0) -
	    (dns_cpu > 0 ? dns_cpu : 0);
	if (other < 0)
		other = 0;

	/* throughput over the measured window */
	{
		uint64_t w0 = t_warm > t_start ? t_warm : t_start;
		double	 win = st.t_last_done > w0 ?
		    (st.t_last_done - w0) / 1e9 : 0;

		rps = win > 0 ? st.measured / win : 0;
	}
	tmp = xrealloc(NULL, (st.nlat ? st.nlat : 1) * sizeof(*tmp));
	for (i = 0; i < nclass; i++) {
		size_t k, m = 0;

		for (k = 0; k < st.nlat; k++)
			if (st.lcls[k] == i)
				tmp[m++] = st.lat[k];
		cls[i] = percentiles(tmp, m);
	}
	free(tmp);
	all = percentiles(st.lat, st.nlat);
	first = percentiles(st.first, st.nfirst);

	{
		unsigned long nerr = 0;

		for (i = 0; i < E_MAX; i++)
			nerr += st.err[i];
		if (!quiet) {
			char pcbuf[32];

			if (per_conn)
				snprintf(pcbuf, sizeof(pcbuf), "%lu", per_conn);
			else
				snprintf(pcbuf, sizeof(pcbuf), "unlimited");
			printf("target        %s%s, %d connection%s, %s requests"
			    " per connection\n", spawn_mode ? "spawn " : "",
			    target_desc, conc, conc == 1 ? "" : "s", pcbuf);
			printf("run           %.2f s (%s), %lu connections "
			    "opened, warm-up %.1f s\n", elapsed,
			    aborted ? "ABORTED at the hard limit" : "complete",
			    st.conns, warmup);
			printf("requests      %lu answered, %lu measured, %lu "
			    "errors", st.ok, st.measured, nerr);
			for (i = 0; i < E_MAX; i++)
				if (st.err[i])
					printf(" %s=%lu", err_name[i], st.err[i]);
			printf("\n");
			printf("throughput    %.1f req/s\n", rps);
			printf("latency ms    p50 %.3f  p90 %.3f  p99 %.3f  "
			    "max %.3f  (n=%zu)\n", all.p50, all.p90, all.p99,
			    all.max, all.n);
			for (i = 1; i < nclass; i++)
				printf("  %-11s p50 %.3f  p90 %.3f  p99 %.3f  "
				    "max %.3f  (n=%zu)\n", class_name[i],
				    cls[i].p50, cls[i].p90, cls[i].p99,
				    cls[i].max, cls[i].n);
			printf("first answer  p50 %.3f  p90 %.3f  p99 %.3f  "
			    "max %.3f ms (connections=%zu)\n", first.p50,
			    first.p90, first.p99, first.max, first.n);
			print_keys("actions", &st.actions);
			print_keys("spf results", &st.results);
			if (target_pid > 0 || spawn_mode)
				printf("target RSS    peak %.1f MB (sum of %d "
				    "processes, %lu samples), at end %.1f MB\n",
				    rss_peak_sum / 1024.0, rss_peak_procs,
				    rss_samples, rss_last_sum / 1024.0);
			if (spawn_mode && spawn_hwm_n > 0)
				printf("per process   VmHWM max %.2f MB "
				    "(%ld processes)\n", spawn_hwm_max / 1024.0,
				    spawn_hwm_n);
			if (spawn_mode && (st.child_exit_nonzero ||
			    st.child_signaled || st.child_killed))
				printf("children      exit!=0 %lu, signaled %lu, "
				    "killed by loadgen %lu\n",
				    st.child_exit_nonzero, st.child_signaled,
				    st.child_killed);
			if (tgt_cpu >= 0)
				printf("cpu           target %.2f s (%.1f us/req),"
				    " loadgen %.2f s (%.1f us/req)", tgt_cpu,
				    st.ok ? tgt_cpu * 1e6 / st.ok : 0, lg_cpu,
				    st.ok ? lg_cpu * 1e6 / st.ok : 0);
			else
				printf("cpu           loadgen %.2f s (%.1f "
				    "us/req)", lg_cpu,
				    st.ok ? lg_cpu * 1e6 / st.ok : 0);
			if (dns_cpu >= 0)
				printf(", dns %.2f s", dns_cpu);
			printf("\n              host busy %.2f of %.2f "
			    "CPU-seconds, other work %.0f%%\n", host_busy,
			    host_cap, host_cap > 0 ? 100 * other / host_cap : 0);
			fflush(stdout);
		}
		if (json != NULL) {
			FILE	*fp;
			long	 hmax = 0, hsum = 0, hmed = 0;

			if (target_pid > 0) {
				for (i = 0; i < ntree; i++) {
					long h = proc_status_kb(tree[i],
					    "VmHWM:");
					if (h > hmax)
						hmax = h;
					if (h > 0)
						hsum += h;
				}
			}
			if (spawn_mode && spawn_hwm_n > 0) {
				qsort(spawn_hwm, (size_t)spawn_hwm_n,
				    sizeof(long), cmp_long);
				hmax = spawn_hwm_max;
				hmed = spawn_hwm[spawn_hwm_n / 2];
			}
			jadd("{\"date\":\"%s\"", datebuf);
			for (i = 0; i < nlabels; i++) {
				char *eq = strchr(labels[i], '=');

				*eq = '\0';
				jadd(",");
				jstr(labels[i]);
				jadd(":");
				jstr(eq + 1);
				*eq = '=';
			}
			jadd(",\"mode\":\"%s\",\"target_desc\":",
			    spawn_mode ? "spawn" : "connect");
			jstr(target_desc);
			jadd(",\"workload\":");
			jstr(workload);
			jadd(",\"concurrency\":%d,\"per_conn\":%lu,"
			    "\"total_limit\":%lu,\"duration_limit\":%.3f,"
			    "\"warmup\":%.3f,\"elapsed\":%.3f,\"aborted\":%s,"
			    "\"answered\":%lu,\"measured\":%lu,"
			    "\"connections\":%lu,\"rps\":%.2f,",
			    conc, per_conn, total, duration, warmup, elapsed,
			    aborted ? "true" : "false", st.ok, st.measured,
			    st.conns, rps);
			jadd("\"errors\":{\"total\":%lu", nerr);
			for (i = 0; i < E_MAX; i++)
				jadd(",\"%s\":%lu", err_name[i], st.err[i]);
			jadd("},");
			jpct("latency_ms", all);
			jadd(",\"classes\":{");
			for (i = 1; i < nclass; i++) {
				if (i > 1)
					jadd(",");
				jpct(class_name[i], cls[i]);
			}
			jadd("},");
			jpct("first_answer_ms", first);
			jadd(",");
			jkeys("actions", &st.actions);
			jadd(",");
			jkeys("results", &st.results);
			jadd(",\"rss_kb\":{\"peak_sum\":%ld,\"end_sum\":%ld,"
			    "\"peak_procs\":%d,\"samples\":%lu,"
			    "\"hwm_max\":%ld,\"hwm_sum\":%ld,"
			    "\"hwm_median\":%ld,\"spawned\":%ld}",
			    rss_peak_sum, rss_last_sum, rss_peak_procs,
			    rss_samples, hmax, hsum, hmed, spawn_hwm_n);
			jadd(",\"children\":{\"exit_nonzero\":%lu,"
			    "\"signaled\":%lu,\"killed\":%lu}",
			    st.child_exit_nonzero, st.child_signaled,
			    st.child_killed);
			jadd(",\"cpu_s\":{\"target\":%.3f,\"loadgen\":%.3f,"
			    "\"dns\":%.3f,\"host_busy\":%.3f,"
			    "\"host_capacity\":%.3f,\"other\":%.3f},"
			    "\"other_load\":%.4f}\n", tgt_cpu, lg_cpu, dns_cpu,
			    host_busy, host_cap, other,
			    host_cap > 0 ? other / host_cap : 0);
			if ((fp = fopen(json, "a")) == NULL)
				die("%s: %s", json, strerror(errno));
			fputs(js, fp);
			if (fclose(fp) != 0)
				die("%s: %s", json, strerror(errno));
		}
		return aborted || st.ok == 0 ? 1 : 0;
	}
}
