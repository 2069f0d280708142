#!/usr/bin/env bash
# Peak memory (VmHWM) of `scwdash list` and of the dashboard when the API
# answers every request with a huge body (default 100 MB, chunked, no
# Content-Length, so the cap must act while reading: an announced length is
# refused before reading). A small Python server on loopback plays the API.
# The body cap is 32 MiB (MAX_BODY_BYTES in src/api/client.rs): the peak must
# stay near it, not near the body size. Figures: docs/RELIABILITY.md.
# Usage: scripts/hostile_big_body.sh [MB]   (needs python3, tmux, /usr/bin/time)
# SCWDASH_BIN=path uses that binary (default: a release build).
set -euo pipefail

MB="${1:-100}"
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
# shellcheck source=scripts/lib.sh
source scripts/lib.sh
BIN=$(scwdash_bin "${SCWDASH_BIN:-}")
lib_init bigbody
command -v /usr/bin/time >/dev/null || { echo "/usr/bin/time is required" >&2; exit 2; }

cat >"$WORK/huge.py" <<'PY'
import http.server, socketserver, sys
MB = int(sys.argv[1])

class Huge(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        try:
            for _ in range(MB):
                block = b" " * (1 << 20)
                self.wfile.write(b"%x\r\n%s\r\n" % (len(block), block))
            self.wfile.write(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass
    def log_message(self, *a):
        pass

class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True

srv = Server(("127.0.0.1", 0), Huge)
print("http://127.0.0.1:%d" % srv.server_address[1], flush=True)
srv.serve_forever()
PY
python3 "$WORK/huge.py" "$MB" >"$WORK/huge.out" 2>&1 &
SIM_PID=$!
wait_listening "$WORK/huge.out" || exit 1

echo "every answer: $MB MB of JSON whitespace, chunked ($URL)"
set +e
env -i PATH="$PATH" HOME="$WORK" SCW_API_URL="$URL" SCW_SECRET_KEY=big-body-key \
  /usr/bin/time -f "%M" -o "$WORK/list.kb" \
  "$BIN" list servers --zone fr-par-1 >"$WORK/list.out" 2>"$WORK/list.err"
status=$?
set -e
echo "list: exit $status, VmHWM $(tail -1 "$WORK/list.kb" | awk '{printf "%.1f MB", $1 / 1024}')"
echo "list stderr: $(head -c 300 "$WORK/list.err")"

# The dashboard: every tab and zone gets the huge answer at once.
start_dash 120 30 --zone fr-par-1 --refresh 2
hwm=0
for _ in $(seq 40); do
  sleep 0.25
  kb=$(awk '/VmHWM/ {print $2}' "/proc/$PID/status" 2>/dev/null || echo 0)
  (( kb > hwm )) && hwm=$kb
done
alive || { echo "the dashboard died" >&2; cap >&2; exit 1; }
echo "dashboard (10 s, refresh 2 s): VmHWM $(awk -v k="$hwm" 'BEGIN {printf "%.1f MB", k / 1024}')"
echo "dashboard status line: $(cap | grep -m1 -E 'error|too large|MiB' | head -c 200)"
