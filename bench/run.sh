#!/bin/bash
# run.sh - one benchmark run of a Postfix SPF policy server.
#
#   bench/run.sh [-o RESULTS.jsonl] [-q] TARGET SCENARIO [CONCURRENCY]
#
# TARGET    dunno   bench/dunno_server (the load generator's own ceiling)
#           daemon  policyd-spf --daemon (listen inet:127.0.0.1:10031)
#           spawn   policyd-spf in spawn mode: one process per connection
#                   on a socketpair, as Postfix spawn(8) runs it
#           python  Debian's postfix-policyd-spf-python (/usr/bin/policyd-spf,
#                   /etc/postfix-policyd-spf-python/policyd-spf.conf), spawn mode
#           perl    Debian's postfix-policyd-spf-perl, spawn mode
# SCENARIO  hot    one request repeated (a domain with a nested include):
#                  the warm path; 1 s warm-up, 5 s measured
#           cold   every one of 10,000 sender domains once: each request a
#                  new domain (at most 10,000 requests or 6 s)
#           zipf   requests over the domains with Zipf(1) popularity
#           slow   zipf with 10% of the requests to a zone that never
#                  answers; the healthy 90% are reported separately
#           spawn  one request per connection: connect (or spawn) to first
#                  answer
#           fill   100,000 distinct sender domains (a DNS cache of 100k
#                  names), then the target's RSS
#           smoke  hot for 1 s (used by "make bench")
#           (python and perl get a longer warm-up, 1 s + 0.15 s per
#           connection per CPU, for their process start-up, in cold too)
# CONCURRENCY  connections at once (default 8)
#
# The run happens in a network namespace of its own that has only
# loopback ("ip netns add"; deleted at the end): unbound (tests/testdns.py,
# serving the zones of bench/genzones.py) listens on 127.0.0.1:53 there,
# and /etc/netns/NS/resolv.conf points the system resolver of the Python
# and Perl daemons at it.  Without root or "ip netns" it falls back to
# 127.0.0.1 on a free port in the host's namespace (saying so); the python
# and perl targets need the namespace.  policyd-spf's configuration names
# the unbound address in dns_servers.
#
# The result is appended as one JSON line to RESULTS.jsonl (default
# bench/results.jsonl beside this script) and the load generator's table
# is printed.
#
# Environment:
#   POLICYD_SPF    the policyd-spf binary (default ./src/policyd-spf of the
#                  current directory, the build directory)
#   BENCH_WORK     scratch directory (default /tmp/policyd-spf-bench): the
#                  generated zones, the built load generator, run files
#   LOADGEN, DUNNO_SERVER  prebuilt binaries (else built into BENCH_WORK)
#   BENCH_CONF_EXTRA  more policyd-spf.conf lines, e.g. "workers = 64;"
#   BENCH_LISTEN   inet (default) or unix: the daemon's listen socket
#   BENCH_NETNS=0  do not use a network namespace
#   BENCH_DURATION override the measured seconds of hot/zipf/slow/spawn
#   BENCH_LABEL    a free-form label stored in the JSON (e.g. run number)
#   BENCH_QUIET_WAIT  seconds to wait at most for an idle host before the
#                  run (default 120; the host must be under 15% busy for 1 s)
#   BENCH_COMMIT   the commit to record (default: git HEAD of this tree,
#                  "+dirty" when src/ has changes)
#
# Everything started is stopped at the end (trap), every wait is bounded.
set -u

SRCDIR=$(cd "$(dirname "$0")" && pwd)
TOPSRC=$(cd "$SRCDIR/.." && pwd)
PYTHON=${PYTHON:-/usr/bin/python3}
[ -x "$PYTHON" ] || PYTHON=python3
WORK=${BENCH_WORK:-/tmp/policyd-spf-bench}
OUT=${BENCH_OUT:-$SRCDIR/results.jsonl}
QUIET=${BENCH_QUIET:-0}

usage() {
	sed -n '2,/^set -u/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//' >&2
	exit 2
}

while getopts "o:qh" opt; do
	case $opt in
	o) OUT=$OPTARG ;;
	q) QUIET=1 ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 2 ] && [ $# -le 3 ] || usage
TARGET=$1 SCENARIO=$2 CONC=${3:-8}
case $TARGET in dunno|daemon|spawn|python|perl) ;; *) usage ;; esac
case $SCENARIO in hot|cold|zipf|slow|spawn|fill|smoke) ;; *) usage ;; esac
case $CONC in ''|*[!0-9]*) usage ;; esac
[ "$CONC" -ge 1 ] && [ "$CONC" -le 1024 ] || usage
case $OUT in /*) ;; *) OUT=$PWD/$OUT ;; esac

say() { printf 'run.sh: %s\n' "$*" >&2; }
fail() { say "$*"; exit 1; }

# ---------------------------------------------------------------- inner
# Runs inside the namespace (or in the fallback): DNS, target, load.
inner() {
	local port data zone lg net
	RUN_DIR=$(mktemp -d "$WORK/run.XXXXXX") || exit 1
	local run=$RUN_DIR
	chmod 755 "$run"
	cleanup_inner() {
		[ -n "$TPID" ] && stop_pid "$TPID" 10
		[ -n "$DNSPID" ] && stop_pid "$DNSPID" 10
		rm -rf "$RUN_DIR"
	}
	trap cleanup_inner EXIT
	trap 'exit 130' INT TERM
	data=$WORK/data
	net=${BENCH_NET:-host}
	if [ "$net" = netns ]; then
		ip link set lo up || fail "cannot bring up lo in the namespace"
		port=53
	else
		port=0
	fi
	zone=$data/zones.txt
	[ "$SCENARIO" = fill ] && zone=$data/zones-fill.txt
	"$PYTHON" "$SRCDIR/benchdns.py" --port "$port" --max-seconds 1800 \
	    "$run/dns" "$zone" "$(cat "$data/slowzone")" \
	    >"$run/dns.log" 2>&1 &
	DNSPID=$!
	for _ in $(seq 300); do
		[ -s "$run/dns/port" ] && break
		kill -0 "$DNSPID" 2>/dev/null || break
		sleep 0.05
	done
	[ -s "$run/dns/port" ] || { cat "$run/dns.log" >&2; fail "unbound did not start"; }
	port=$(cat "$run/dns/port")

	# policyd-spf's configuration: the defaults, but this DNS server.
	{
		echo "dns_servers = [\"127.0.0.1:$port\"];"
		echo "debug_level = 1;"
		echo "log_target = \"syslog\";"
		echo "shutdown_timeout = 5;"
		if [ "${BENCH_LISTEN:-inet}" = unix ]; then
			echo "listen = [\"unix:$run/policyd-spf.sock\"];"
		else
			echo "listen = [\"inet:127.0.0.1:$DAEMON_PORT\"];"
		fi
		if ! id policyd-spf >/dev/null 2>&1 || [ "$(id -u)" != 0 ]; then
			echo 'user = "";'
			echo 'allow_root = true;'
		fi
		printf '%s\n' "${BENCH_CONF_EXTRA:-}"
	} >"$run/policyd-spf.conf"

	local target_args=() lg_target=()
	case $TARGET in
	dunno)
		if [ "$SCENARIO" = spawn ]; then
			lg_target=(--spawn -- "$DUNNO" --stdio)
		else
			"$DUNNO" -m 1800 -f "$run/target.pid" \
			    "inet:127.0.0.1:$DAEMON_PORT" &
			TPID=$!
			lg_target=(-P "$run/target.pid" --connect
			    "inet:127.0.0.1:$DAEMON_PORT")
		fi ;;
	daemon)
		"$POLICYD_SPF" -c "$run/policyd-spf.conf" --daemon \
		    --pidfile "$run/target.pid" >"$run/daemon.log" 2>&1 &
		TPID=$!
		if [ "${BENCH_LISTEN:-inet}" = unix ]; then
			lg_target=(-P "$run/target.pid" --connect
			    "unix:$run/policyd-spf.sock")
		else
			lg_target=(-P "$run/target.pid" --connect
			    "inet:127.0.0.1:$DAEMON_PORT")
		fi ;;
	spawn)
		lg_target=(--spawn -- "$POLICYD_SPF" -c "$run/policyd-spf.conf") ;;
	python)
		lg_target=(--spawn -- /usr/bin/policyd-spf) ;;
	perl)
		lg_target=(--spawn -- /usr/sbin/postfix-policyd-spf-perl) ;;
	esac
	if [ -n "$TPID" ]; then
		for _ in $(seq 200); do
			if [ -s "$run/target.pid" ] && { [ -S "$run/policyd-spf.sock" ] ||
			    (exec 3<>"/dev/tcp/127.0.0.1/$DAEMON_PORT") 2>/dev/null; }; then
				break
			fi
			kill -0 "$TPID" 2>/dev/null || break
			sleep 0.05
		done
		kill -0 "$TPID" 2>/dev/null ||
		    { cat "$run/daemon.log" >&2 2>/dev/null; fail "$TARGET did not start"; }
		[ -s "$run/target.pid" ] || fail "$TARGET wrote no pid file"
	fi

	# Scenario parameters.
	local w d warm=0 total=5000000 perconn=0 hard req_to=30 lbl
	local dur=${BENCH_DURATION:-5}
	case $TARGET in
	python|perl)
		# The first answer of each process costs its start-up (tens
		# of ms of CPU each); measure after all have started.
		warm=$(awk -v c="$CONC" -v n="$(nproc)" \
		    'BEGIN { w = 1 + c * 0.15 / n; if (w > 12) w = 12; print w }') ;;
	*) warm=1 ;;
	esac
	case $SCENARIO in
	hot)   w=hot.txt; d=$(awk -v a="$warm" -v b="$dur" 'BEGIN{print a+b}') ;;
	smoke) w=hot.txt; warm=0; d=1 ;;
	zipf)  w=zipf.txt; d=$(awk -v a="$warm" -v b="$dur" 'BEGIN{print a+b}') ;;
	cold)  w=cold.txt; total=$(grep -c . "$data/cold.txt")
	       # Every request is a new domain: a warm-up would use them up;
	       # only Python and Perl need one (their start-up).
	       case $TARGET in python|perl) ;; *) warm=0 ;; esac
	       d=$(awk -v a="$warm" 'BEGIN{print a+6}') ;;
	slow)  w=slow.txt; warm=0; d=$(awk -v b="$dur" 'BEGIN{print 2*b+2}')
	       req_to=60 ;;
	spawn) w=spawn.txt; warm=0; perconn=1; d=$dur ;;
	fill)  w=fill.txt; warm=0; total=$(grep -c . "$data/fill.txt"); d=240 ;;
	esac
	hard=$(awk -v a="$d" -v r="$req_to" 'BEGIN{print a+r+30}')
	lbl=(-l "target=$TARGET" -l "scenario=$SCENARIO" -l "net=$net"
	    -l "host=$(hostname)" -l "cpus=$(nproc)"
	    -l "cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
	    -l "kernel=$(uname -r)" -l "commit=$COMMIT"
	    -l "target_version=$(target_version)"
	    -l "dns_cache=$DNS_CACHE" -l "conf_extra=${BENCH_CONF_EXTRA:-}"
	    -l "label=${BENCH_LABEL:-}" -l "pre_load=${PRE_LOAD:-}")
	lg=("$LOADGEN" -w "$data/$w" -c "$CONC" -n "$perconn" -t "$total"
	    -d "$d" -W "$warm" -T "$hard" -r "$req_to" -j "$run/result.json"
	    "${lbl[@]}")
	[ -s "$run/dns/unbound.pid" ] && lg+=(-u "$(cat "$run/dns/unbound.pid")")
	[ "$QUIET" = 1 ] && lg+=(-q)
	printf '== %s %s c=%s (%s)\n' "$TARGET" "$SCENARIO" "$CONC" "$net"
	local q0 q1
	q0=$(dns_queries "$run")
	"${lg[@]}" "${lg_target[@]}"
	local rc=$?
	q1=$(dns_queries "$run")
	# Add the queries unbound answered during the run, append the line.
	if [ -s "$run/result.json" ]; then
		"$PYTHON" - "$run/result.json" "$q0" "$q1" "$OUT" <<'PYEOF'
import json, sys
d = json.loads(open(sys.argv[1]).read())
try:
    q = int(sys.argv[3]) - int(sys.argv[2])
except ValueError:
    q = None
d["dns_queries"] = q
d["dns_queries_per_req"] = (round(q / d["answered"], 3)
                            if q is not None and d.get("answered") else None)
with open(sys.argv[4], "a") as f:
    f.write(json.dumps(d) + "\n")
if q is not None and d.get("answered"):
    print("dns           %d queries to unbound, %.2f per request"
          % (q, q / d["answered"]))
PYEOF
	fi
	if [ -n "$TPID" ] && ! kill -0 "$TPID" 2>/dev/null; then
		say "the $TARGET target died during the run"
		cat "$run/daemon.log" >&2 2>/dev/null
		rc=1
	fi
	return $rc
}

# Queries unbound has answered so far (unbound-control), or "-".
dns_queries() {
	local n
	n=$(unbound-control -c "$1/dns/unbound/unbound.conf" stats_noreset \
	    2>/dev/null | sed -n 's/^total.num.queries=//p')
	echo "${n:--}"
}

# Stop one process we started: TERM, wait up to $2 seconds, then KILL.
stop_pid() {
	local pid=$1 secs=$2 i
	kill -TERM "$pid" 2>/dev/null || return 0
	for i in $(seq $((secs * 20))); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	return 0
}

target_version() {
	case $TARGET in
	daemon|spawn) "$POLICYD_SPF" --version 2>/dev/null | head -1 ;;
	python) dpkg-query -W -f '${Version}' postfix-policyd-spf-python 2>/dev/null ;;
	perl) dpkg-query -W -f '${Version}' postfix-policyd-spf-perl 2>/dev/null ;;
	dunno) echo dunno_server ;;
	esac
}

if [ "${BENCH_INNER:-}" = 1 ]; then
	TPID= DNSPID= RUN_DIR=
	inner
	exit $?
fi

# ---------------------------------------------------------------- outer
mkdir -p "$WORK" || fail "cannot create $WORK"
export BENCH_WORK=$WORK

# Binaries.
if [ -z "${POLICYD_SPF:-}" ]; then
	for p in ./src/policyd-spf "${top_builddir:-.}/src/policyd-spf"; do
		[ -x "$p" ] && POLICYD_SPF=$(cd "$(dirname "$p")" && pwd)/policyd-spf && break
	done
fi
case $TARGET in daemon|spawn)
	[ -x "${POLICYD_SPF:-}" ] ||
	    fail "no policyd-spf binary: set POLICYD_SPF or run from the build directory" ;;
esac
export POLICYD_SPF=${POLICYD_SPF:-}
build() {	# build NAME SOURCE [flags]: into $WORK unless given
	local name=$1 src=$2
	shift 2
	if [ ! -x "$WORK/$name" ] || [ "$src" -nt "$WORK/$name" ]; then
		${CC:-cc} -Wall -Wextra -O2 "$@" -o "$WORK/$name.tmp" "$src" &&
		    mv "$WORK/$name.tmp" "$WORK/$name" || fail "cannot build $name"
	fi
	echo "$WORK/$name"
}
LOADGEN=${LOADGEN:-$(build loadgen "$SRCDIR/loadgen.c")} || exit 1
DUNNO=${DUNNO_SERVER:-$(build dunno_server "$SRCDIR/dunno_server.c" -pthread)} || exit 1
export LOADGEN DUNNO DAEMON_PORT=${BENCH_PORT:-10031}

case $TARGET in
python) [ -x /usr/bin/policyd-spf ] && dpkg-query -W postfix-policyd-spf-python >/dev/null 2>&1 ||
	    fail "postfix-policyd-spf-python is not installed" ;;
perl) [ -x /usr/sbin/postfix-policyd-spf-perl ] ||
	    fail "postfix-policyd-spf-perl is not installed" ;;
esac

# Zones and workloads (deterministic; regenerated when genzones.py changes).
stamp=$(cksum <"$SRCDIR/genzones.py" | cut -d' ' -f1)
if [ "$(cat "$WORK/data/.stamp" 2>/dev/null)" != "$stamp" ]; then
	say "generating zones and workloads in $WORK/data"
	rm -rf "$WORK/data"
	"$PYTHON" "$SRCDIR/genzones.py" "$WORK/data" || fail "genzones.py failed"
	echo "$stamp" >"$WORK/data/.stamp"
fi

# The commit measured: BENCH_COMMIT when the binary comes from elsewhere.
COMMIT=${BENCH_COMMIT:-}
if [ -z "$COMMIT" ]; then
	COMMIT=$(git -C "$TOPSRC" rev-parse --short HEAD 2>/dev/null || echo unknown)
	if [ -n "$(git -C "$TOPSRC" status --porcelain -- src 2>/dev/null)" ]; then
		COMMIT="$COMMIT+dirty"
	fi
fi
# Whether this policyd-spf has the shared DNS cache's options (the
# dns_queries_per_req of a run shows whether it works).
DNS_CACHE="no cache yet"
if [ -x "${POLICYD_SPF:-}" ] &&
    "$POLICYD_SPF" --print-default-config 2>/dev/null | grep -q '^dns_cache'; then
	DNS_CACHE="options: $("$POLICYD_SPF" --print-default-config |
	    sed -n 's/^\(dns_cache_[a-z_]*\) = \(.*\);$/\1=\2/p' | tr '\n' ' ')"
fi
export COMMIT DNS_CACHE BENCH_OUT=$OUT BENCH_QUIET=$QUIET
mkdir -p "$(dirname "$OUT")"

# Wait (at most BENCH_QUIET_WAIT seconds, default 120) until the host
# has been mostly idle for a second: other work on the machine would be
# measured too.  Prints the busy share seen last.
wait_quiet() {
	local until=$(( $(date +%s) + ${BENCH_QUIET_WAIT:-120} )) a b busy
	while :; do
		a=$(head -1 /proc/stat)
		sleep 1
		b=$(head -1 /proc/stat)
		busy=$(echo "$a $b" | awk '{
			for (i = 2; i <= 9; i++) { x[i] = $(i + 11) - $i; t += x[i] }
			print (t > 0) ? (t - x[5] - x[6]) / t : 0 }')
		if awk -v b="$busy" 'BEGIN { exit !(b < 0.15) }' ||
		    [ "$(date +%s)" -ge "$until" ]; then
			echo "$busy"
			return
		fi
		sleep 2
	done
}

NS=
cleanup_outer() {
	local p i
	if [ -n "$NS" ]; then
		# Anything of ours still in the namespace (there should be none).
		for i in 1 2 3; do
			p=$(ip netns pids "$NS" 2>/dev/null)
			[ -z "$p" ] && break
			[ "$i" = 1 ] && say "stopping leftover processes in $NS: $p"
			# shellcheck disable=SC2086
			kill -TERM $p 2>/dev/null
			sleep 0.5
		done
		p=$(ip netns pids "$NS" 2>/dev/null)
		# shellcheck disable=SC2086
		[ -n "$p" ] && kill -KILL $p 2>/dev/null
		ip netns del "$NS" 2>/dev/null
		rm -rf "/etc/netns/$NS"
		rmdir /etc/netns 2>/dev/null
	fi
}
trap cleanup_outer EXIT
trap 'exit 130' INT TERM

PRE_LOAD=$(wait_quiet)
export PRE_LOAD
use_netns=1
why=
if [ "${BENCH_NETNS:-1}" = 0 ]; then
	use_netns=0 why="BENCH_NETNS=0"
elif [ "$(id -u)" != 0 ]; then
	use_netns=0 why="not root"
elif ! command -v ip >/dev/null 2>&1; then
	use_netns=0 why="no ip(8)"
fi
if [ $use_netns = 1 ]; then
	NS=pspf-bench-$$
	if ! ip netns add "$NS" 2>"$WORK/netns.err"; then
		why="ip netns add: $(cat "$WORK/netns.err")"
		NS= use_netns=0
	else
		mkdir -p "/etc/netns/$NS" &&
		    echo "nameserver 127.0.0.1" >"/etc/netns/$NS/resolv.conf"
	fi
fi
if [ $use_netns = 1 ]; then
	BENCH_INNER=1 BENCH_NET=netns ip netns exec "$NS" bash "$0" "$@"
	rc=$?
else
	say "network namespaces unavailable ($why): using 127.0.0.1 in the host namespace"
	case $TARGET in python|perl)
		fail "the $TARGET target reads /etc/resolv.conf and needs the namespace" ;;
	esac
	DAEMON_PORT=${BENCH_PORT:-$(( 20000 + $$ % 20000 ))}
	export DAEMON_PORT
	BENCH_INNER=1 BENCH_NET=host bash "$0" "$@"
	rc=$?
fi
exit $rc
