#!/bin/sh
# deps.sh - install what policyd-spf needs to build and test (Debian 12).
# Services in the packages (unbound, postfix) are not started: the tests
# start their own instances on loopback.
set -eu
SUDO=
[ "$(id -u)" = 0 ] || SUDO=sudo
if [ ! -e /usr/sbin/policy-rc.d ]; then
	printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
	$SUDO chmod 755 /usr/sbin/policy-rc.d
	trap '$SUDO rm -f /usr/sbin/policy-rc.d' EXIT
fi
$SUDO apt-get update -qq
# Postfix is installed for the end-to-end tests only; no system
# configuration is written and the service is not started.
echo "postfix postfix/main_mailer_type select No configuration" | $SUDO debconf-set-selections
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
	build-essential autoconf automake libtool pkg-config \
	libspf2-dev libevent-dev libconfig-dev check \
	unbound python3 python3-authres postfix valgrind >/dev/null
# The user policyd-spf runs as (master.cf user=, the daemon's "user").
id policyd-spf >/dev/null 2>&1 ||
	$SUDO useradd --system --no-create-home --shell /usr/sbin/nologin policyd-spf
