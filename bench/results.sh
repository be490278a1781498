#!/bin/bash
# results.sh - the benchmark matrix behind bench/RESULTS.md.
#
#   bench/results.sh [-r RUNS] [-l LABEL] [RESULTS.jsonl]   the full matrix
#   bench/results.sh -f -l LABEL [RESULTS.jsonl]   only repeat disturbed runs
#   bench/results.sh --smoke [RESULTS.jsonl]                 what "make bench" runs
#
# Full: RUNS (default 3) repetitions, interleaved, of
#   concurrency 1, 8, 32:
#     dunno   hot spawn                  (the load generator's ceiling)
#     daemon  hot cold zipf slow spawn   (policyd-spf --daemon)
#     spawn   hot cold spawn             (policyd-spf in spawn mode)
#     python  hot cold spawn             (postfix-policyd-spf-python)
#     perl    hot cold spawn             (postfix-policyd-spf-perl)
#   and at concurrency 32: daemon fill (100,000 names), daemon slow with
#   "workers = 16;" (fewer worker threads than connections).
# The machine may be shared: run.sh waits for an idle host before each
# run, the load generator measures the CPU time that other work took
# meanwhile, and runs where that exceeded 10% are repeated afterwards
# (at most BENCH_RETRIES rounds, default 3) and left out of the medians.
# Each run is bench/run.sh (see there); every line it appends carries
# label=LABEL (default results-DATE), and bench/report.py LABEL turns them
# into the tables of RESULTS.md (medians of the runs), printed at the end.
# Python and Perl targets are skipped when not installed.  About 20
# minutes on 2 cores.  The whole matrix stops after BENCH_MAX_MINUTES
# (default 40).
#
# Smoke: one short run (1 s) of dunno, daemon, spawn, and python and perl
# when installed, at concurrency 8, plus daemon spawn at concurrency 1; a
# summary table follows.
set -u
SRCDIR=$(cd "$(dirname "$0")" && pwd)
PYTHON=${PYTHON:-/usr/bin/python3}
[ -x "$PYTHON" ] || PYTHON=python3
RUNS=3
LABEL=results-$(date -u +%Y%m%dT%H%M%SZ)
SMOKE=0
if [ "${1:-}" = --smoke ]; then
	SMOKE=1
	shift
	LABEL=smoke-$(date -u +%Y%m%dT%H%M%SZ)
fi
FILL_ONLY=0
while getopts "r:l:f" opt; do
	case $opt in
	r) RUNS=$OPTARG ;;
	l) LABEL=$OPTARG ;;
	f) FILL_ONLY=1 ;;
	*) sed -n '2,/^set -u/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//' >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
OUT=${1:-$SRCDIR/results.jsonl}
case $OUT in /*) ;; *) OUT=$PWD/$OUT ;; esac
export BENCH_LABEL=$LABEL
deadline=$(( $(date +%s) + ${BENCH_MAX_MINUTES:-40} * 60 ))
failed=0

have() {
	case $1 in
	python) dpkg-query -W postfix-policyd-spf-python >/dev/null 2>&1 &&
		[ -x /usr/bin/policyd-spf ] ;;
	perl) [ -x /usr/sbin/postfix-policyd-spf-perl ] ;;
	*) true ;;
	esac
}

run() {	# run TARGET SCENARIO CONC
	if [ "$(date +%s)" -ge "$deadline" ]; then
		echo "results.sh: time limit reached, skipping $*" >&2
		return
	fi
	have "$1" || return 0
	bash "$SRCDIR/run.sh" -q -o "$OUT" "$@" || {
		echo "results.sh: run failed: $*" >&2
		failed=$((failed + 1))
	}
}

if [ $SMOKE = 1 ]; then
	export BENCH_DURATION=1
	for t in dunno daemon spawn python perl; do
		run "$t" smoke 8
	done
	run daemon spawn 1
	"$PYTHON" "$SRCDIR/report.py" --smoke "$LABEL" "$OUT"
	exit $((failed > 0))
fi

# Repeat the runs that other work on the host disturbed (report.py
# --missing), at most BENCH_RETRIES (default 3) rounds.
fill_missing() {
	local round lines tsc x
	for round in $(seq "${BENCH_RETRIES:-3}"); do
		lines=$("$PYTHON" "$SRCDIR/report.py" --missing "$LABEL" "$OUT" "$RUNS")
		[ -z "$lines" ] && return 0
		echo "results.sh: round $round: $(echo "$lines" | wc -l) disturbed runs to repeat" >&2
		while IFS=$'\t' read -r tsc x; do
			# shellcheck disable=SC2086
			set -- $tsc
			BENCH_CONF_EXTRA=$x run "$1" "$2" "$3"
		done <<<"$lines"
	done
}

if [ "$FILL_ONLY" = 1 ]; then
	fill_missing
	"$PYTHON" "$SRCDIR/report.py" "$LABEL" "$OUT"
	exit $((failed > 0))
fi

echo "results.sh: label $LABEL, $RUNS runs, appending to $OUT" >&2
for rep in $(seq "$RUNS"); do
	for c in 1 8 32; do
		run dunno hot "$c"
		run dunno spawn "$c"
		for s in hot cold zipf slow spawn; do run daemon "$s" "$c"; done
		for s in hot cold spawn; do run spawn "$s" "$c"; done
		for t in python perl; do
			for s in hot cold spawn; do run "$t" "$s" "$c"; done
		done
	done
	run daemon fill 32
	# fewer workers than connections: slow lookups starve healthy ones
	BENCH_CONF_EXTRA="workers = 16;" run daemon slow 32
	echo "results.sh: repetition $rep done" >&2
done
fill_missing
"$PYTHON" "$SRCDIR/report.py" "$LABEL" "$OUT"
exit $((failed > 0))
