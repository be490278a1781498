/*
 * NAME
 *	listen 3 - open the daemon's listening sockets
 * DESCRIPTION
 *	server_listen() and server_sockets_close() of server.h.  This runs
 *	as root before privileges are dropped, and in the supervisor, whose
 *	children inherit the sockets.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <netinet/in.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <netdb.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "log.h"
#include "server.h"
#include "util.h"
#include "xmalloc.h"

#define LISTEN_BACKLOG	256

/* listen_fail - set *cause and return -1 */
static int
listen_fail(char **cause, const char *what, const char *detail)
{
	xasprintf(cause, "%s: %s", what, detail);
	return (-1);
}

/* listen_owner - chown/chmod a unix socket as configured */
static int
listen_owner(const char *path, const struct config *cfg, char **cause)
{
	struct passwd	*pw;
	struct group	*gr;
	uid_t		 uid = (uid_t)-1;
	gid_t		 gid = (gid_t)-1;
	long		 mode;
	char		*end;

	if (cfg->socket_owner[0] != '\0') {
		if ((pw = getpwnam(cfg->socket_owner)) == NULL)
			return (listen_fail(cause, cfg->socket_owner,
			    "socket_owner: no such user"));
		uid = pw->pw_uid;
	}
	if (cfg->socket_group[0] != '\0') {
		if ((gr = getgrnam(cfg->socket_group)) == NULL)
			return (listen_fail(cause, cfg->socket_group,
			    "socket_group: no such group"));
		gid = gr->gr_gid;
	}
	if ((uid != (uid_t)-1 || gid != (gid_t)-1) &&
	    chown(path, uid, gid) == -1)
		return (listen_fail(cause, path, strerror(errno)));
	mode = strtol(cfg->socket_mode, &end, 8);
	if (*end != '\0' || mode < 0 || mode > 0777)
		return (listen_fail(cause, cfg->socket_mode,
		    "socket_mode: not an octal mode"));
	if (chmod(path, (mode_t)mode) == -1)
		return (listen_fail(cause, path, strerror(errno)));
	return (0);
}

/* listen_unix - a unix socket, replacing a stale one */
static int
listen_unix(const char *path, const struct config *cfg, char **cause)
{
	struct sockaddr_un	 sun;
	struct stat		 sb;
	int			 fd, probe;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlcpy_safe(sun.sun_path, path, sizeof(sun.sun_path)) >=
	    sizeof(sun.sun_path))
		return (listen_fail(cause, path, "path too long"));
	if (lstat(path, &sb) == 0) {
		if (!S_ISSOCK(sb.st_mode))
			return (listen_fail(cause, path,
			    "exists and is not a socket"));
		probe = socket(AF_UNIX, SOCK_STREAM, 0);
		if (probe != -1 && connect(probe, (struct sockaddr *)&sun,
		    sizeof(sun)) == 0) {
			close(probe);
			return (listen_fail(cause, path,
			    "in use by a running server"));
		}
		if (probe != -1)
			close(probe);
		log_warnx("%s: removing stale socket", path);
		if (unlink(path) == -1)
			return (listen_fail(cause, path, strerror(errno)));
	}
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC |
	    SOCK_NONBLOCK, 0)) == -1)
		return (listen_fail(cause, path, strerror(errno)));
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1 ||
	    listen_owner(path, cfg, cause) == -1 ||
	    listen(fd, LISTEN_BACKLOG) == -1) {
		if (*cause == NULL)
			xasprintf(cause, "%s: %s", path, strerror(errno));
		close(fd);
		return (-1);
	}
	return (fd);
}

/* listen_inet - a TCP socket on host:port or [v6]:port */
static int
listen_inet(const char *spec, char **cause)
{
	struct addrinfo	 hints, *res;
	char		*host, *port;
	int		 fd, on = 1, rc;

	host = xstrdup(spec);
	if (host[0] == '[') {
		if ((port = strstr(host, "]:")) == NULL) {
			free(host);
			return (listen_fail(cause, spec, "expected [addr]:port"));
		}
		*port = '\0';
		port += 2;
		memmove(host, host + 1, strlen(host));
	} else if ((port = strrchr(host, ':')) == NULL) {
		free(host);
		return (listen_fail(cause, spec, "expected host:port"));
	} else
		*port++ = '\0';
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	if ((rc = getaddrinfo(host, port, &hints, &res)) != 0) {
		free(host);
		return (listen_fail(cause, spec, gai_strerror(rc)));
	}
	free(host);
	if ((fd = socket(res->ai_family, res->ai_socktype | SOCK_CLOEXEC |
	    SOCK_NONBLOCK, 0)) == -1) {
		freeaddrinfo(res);
		return (listen_fail(cause, spec, strerror(errno)));
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	if (res->ai_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on));
	if (bind(fd, res->ai_addr, res->ai_addrlen) == -1 ||
	    listen(fd, LISTEN_BACKLOG) == -1) {
		xasprintf(cause, "%s: %s", spec, strerror(errno));
		close(fd);
		freeaddrinfo(res);
		return (-1);
	}
	freeaddrinfo(res);
	return (fd);
}

/* server_listen - open every configured socket */
int
server_listen(const struct strlist *listen, const struct config *cfg,
    struct server_sockets *out, char **cause)
{
	size_t	i;
	int	fd;

	memset(out, 0, sizeof(*out));
	*cause = NULL;
	if (listen->n == 0)
		return (listen_fail(cause, "listen", "no address to listen on"));
	if (listen->n > SERVER_SOCKETS_MAX)
		return (listen_fail(cause, "listen", "too many addresses"));
	for (i = 0; i < listen->n; i++) {
		const char	*spec = listen->v[i];

		if (strncmp(spec, "unix:", 5) == 0)
			fd = listen_unix(spec + 5, cfg, cause);
		else if (strncmp(spec, "inet:", 5) == 0)
			fd = listen_inet(spec + 5, cause);
		else
			fd = listen_fail(cause, spec,
			    "expected unix:/path or inet:host:port");
		if (fd == -1) {
			server_sockets_close(out);
			return (-1);
		}
		out->fd[out->n] = fd;
		out->name[out->n] = xstrdup(spec);
		out->path[out->n] = strncmp(spec, "unix:", 5) == 0 ?
		    xstrdup(spec + 5) : NULL;
		out->n++;
	}
	return (0);
}

/* server_sockets_close - close and forget; unix socket files removed */
void
server_sockets_close(struct server_sockets *s)
{
	int	i;

	for (i = 0; i < s->n; i++) {
		if (s->fd[i] != -1)
			close(s->fd[i]);
		if (s->path[i] != NULL)
			unlink(s->path[i]);
		free(s->name[i]);
		free(s->path[i]);
	}
	s->n = 0;
}
