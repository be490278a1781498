#!/bin/sh
# demo.sh - start policyd-spf on the bundled configuration and show it
# answering the sample request, in spawn mode (as Postfix's spawn(8) runs
# it, on stdin/stdout) and as a standing daemon on 127.0.0.1:10031.
# Run from the top of the source tree after "make".  As root the daemon
# drops to the user policyd-spf (tests/deps.sh creates it).
set -eu
bin=${POLICYD_SPF:-./src/policyd-spf}
conf=${POLICYD_SPF_CONF:-etc/policyd-spf.conf}
req=contrib/sample-request.txt
tmp=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || :; rm -rf "$tmp"' EXIT

echo "spawn mode: $bin -c $conf < $req"
"$bin" -c "$conf" < "$req"

echo "daemon mode: $bin -c $conf --daemon"
"$bin" -c "$conf" --daemon --pidfile "$tmp/pid" &
pid=$!
python3 - "$req" <<'PY'
import socket, sys, time
req = open(sys.argv[1], "rb").read()
for _ in range(100):
    try:
        s = socket.create_connection(("127.0.0.1", 10031), 1)
        break
    except OSError:
        time.sleep(0.05)
else:
    sys.exit("policyd-spf --daemon is not listening on 127.0.0.1:10031")
s.sendall(req)
answer = b""
while not answer.endswith(b"\n\n"):
    chunk = s.recv(4096)
    if not chunk:
        break
    answer += chunk
sys.stdout.write(answer.decode())
PY
kill -TERM "$pid"
wait "$pid"
echo "daemon stopped"
