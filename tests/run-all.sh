#!/bin/sh
# run-all.sh - the whole test suite: a -Werror build and "make check",
# the same under AddressSanitizer and UndefinedBehaviorSanitizer, the
# unit tests and spawn-mode tests under valgrind, and "make distcheck".
# Build trees go to _build/; the source tree is left alone.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
jobs=$(nproc 2>/dev/null || echo 2)
total_pass=0
total_fail=0

step() { printf '\n=== %s\n' "$*"; }

count() {	# count BUILDDIR: add test-suite.log's totals
	p=$(sed -n 's/^# PASS: *//p' "$1/test-suite.log" | head -n1)
	f=$(sed -n 's/^# FAIL: *//p' "$1/test-suite.log" | head -n1)
	e=$(sed -n 's/^# ERROR: *//p' "$1/test-suite.log" | head -n1)
	total_pass=$((total_pass + ${p:-0}))
	total_fail=$((total_fail + ${f:-0} + ${e:-0}))
}

build() {	# build NAME CONFIGURE-ARGS...: configure and make in _build/NAME
	name=$1; shift
	mkdir -p "_build/$name"
	(cd "_build/$name" && "$top/configure" -q "$@" && make -s -j"$jobs")
}

check() {	# check NAME [ENV...]: make check, show failures' logs
	name=$1; shift
	if ! (cd "_build/$name" && env "$@" make -s -j"$jobs" check); then
		count "_build/$name"
		for l in $(grep -l -E '^(FAIL|ERROR)' "_build/$name"/tests/*.log 2>/dev/null); do
			step "$l"; cat "$l"
		done
		echo "$total_pass passed, $total_fail failed"
		exit 1
	fi
	count "_build/$name"
}

step "bootstrap"
[ -x configure ] || autoreconf -fi

step "build with -Wall -Wextra -Werror, make check"
build default --enable-werror
check default

step "AddressSanitizer + UndefinedBehaviorSanitizer, make check"
build asan --enable-sanitizers
check asan CK_FORK=no ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

step "valgrind: unit tests and spawn mode"
vg="valgrind -q --leak-check=full --show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect --error-exitcode=99"
for t in _build/default/tests/check_*; do
	case $t in *.o|*.log|*.trs) continue ;; esac
	if ! CK_FORK=no top_srcdir="$top" python3 tests/with_dns.py $vg "$t" >"$t.vg.log" 2>&1; then
		cat "$t.vg.log"; total_fail=$((total_fail + 1))
		echo "$total_pass passed, $total_fail failed"; exit 1
	fi
	total_pass=$((total_pass + 1))
done
if ! POLICYD_SPF_WRAPPER="$vg" POLICYD_SPF="$top/_build/default/src/policyd-spf" \
	top_srcdir="$top" python3 tests/with_dns.py python3 tests/test_spawn.py \
	>_build/test_spawn.vg.log 2>&1; then
	cat _build/test_spawn.vg.log; total_fail=$((total_fail + 1))
	echo "$total_pass passed, $total_fail failed"; exit 1
fi
total_pass=$((total_pass + 1))

step "make distcheck"
(cd _build/default && make -s distcheck DISTCHECK_CONFIGURE_FLAGS=--enable-werror) \
	>_build/distcheck.log 2>&1 || { tail -n 50 _build/distcheck.log; total_fail=$((total_fail + 1)); echo "$total_pass passed, $total_fail failed"; exit 1; }
total_pass=$((total_pass + 1))

echo
echo "$total_pass passed, $total_fail failed"
