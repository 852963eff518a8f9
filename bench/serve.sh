#!/usr/bin/env bash
# bench/serve.sh: `vanban serve` under load, against `vanban batch --format pdf` on the
# same notices in the same run (issue 15).
#
# Usage (from anywhere; leaves nothing in the repository):
#   bench/serve.sh                    # 1,000 notices, 32 and 512 clients, 10 s each
#   N=200 DURATION=5 bench/serve.sh   # quicker
#
# What it does:
#   1. installs wrk (Debian's package, as root) when missing and builds vanban
#      (`cargo build --release`) unless VANBAN_BIN is given;
#   2. makes N notices from fixtures/phuc-loi-2018.json (bench/make_batch.py: number and
#      ward vary per item), as a batch file and as one notice per line for wrk;
#   3. times `vanban batch --format pdf --jobs JOBS --quiet` on them, REPEAT rounds,
#      into /dev/shm when writable, and takes the median notices/s;
#   4. starts `vanban serve --jobs JOBS` on a loopback port and runs wrk with
#      keep-alive connections POSTing the notices in turn to /v1/render (PDF):
#      32 clients (throughput, p99 latency), then 512 clients with `--queue QUEUE`
#      (the 503s, the latency, wrk's timeouts), and reads the server's peak RSS
#      (VmHWM) after both;
#   5. prints a Markdown table against the targets of issue 15.
#
# Environment: N=1000 REPEAT=3 JOBS=$(nproc) DURATION=10 QUEUE=64 WRK_THREADS=2
#   VANBAN_BIN=PATH (no build) SKIP_INSTALL=1 (install nothing) KEEP=1 (keep WORK)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
N=${N:-1000}
REPEAT=${REPEAT:-3}
JOBS=${JOBS:-$(nproc)}
DURATION=${DURATION:-10}
QUEUE=${QUEUE:-64}
WRK_THREADS=${WRK_THREADS:-2}
FIXTURE=$ROOT/fixtures/phuc-loi-2018.json

if ! command -v wrk >/dev/null 2>&1; then
  if [ -n "${SKIP_INSTALL:-}" ]; then echo "wrk is missing" >&2; exit 1; fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends wrk >/dev/null
fi
if [ -z "${VANBAN_BIN:-}" ]; then
  (cd "$ROOT" && cargo build --release -q)
  VANBAN_BIN=$ROOT/target/release/vanban
fi

WORK=$(mktemp -d)
SERVER_PID=
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  if [ -z "${KEEP:-}" ]; then rm -rf "$WORK"; else echo "kept $WORK" >&2; fi
}
trap cleanup EXIT
OUT_ROOT=$WORK
if [ -w /dev/shm ]; then OUT_ROOT=$(mktemp -d /dev/shm/vanban-serve-bench.XXXXXX); trap 'cleanup; rm -rf "$OUT_ROOT"' EXIT; fi

python3 "$ROOT/bench/make_batch.py" "$FIXTURE" "$N" "$WORK" >/dev/null
# One minified notice per line: wrk's Lua reads them and POSTs them in turn.
python3 - "$WORK/notices-$N.json" "$WORK/notices.ndjson" <<'EOF'
import json, sys
texts = json.load(open(sys.argv[1]))
with open(sys.argv[2], "w") as f:
    for t in texts:
        f.write(json.dumps(json.loads(t), ensure_ascii=False, separators=(",", ":")) + "\n")
EOF
cat > "$WORK/post.lua" <<EOF
local bodies = {}
for line in io.lines("$WORK/notices.ndjson") do bodies[#bodies + 1] = line end
local i = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  i = i % #bodies + 1
  return wrk.format(nil, "/v1/render?format=pdf", nil, bodies[i])
end
EOF

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
now() { date +%s.%N; }

# 1. The batch, as a whole process.
rates=()
for r in $(seq 1 "$REPEAT"); do
  out=$OUT_ROOT/batch-$r
  t0=$(now)
  "$VANBAN_BIN" batch "$WORK/batch-$N.json" --out-dir "$out" --format pdf --jobs "$JOBS" --quiet
  t1=$(now)
  rates+=("$(echo "$N / ($t1 - $t0)" | bc -l)")
  rm -rf "$out"
done
BATCH_RATE=$(printf '%s\n' "${rates[@]}" | median)

# 2. The server.
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$VANBAN_BIN" serve --listen "127.0.0.1:$PORT" --jobs "$JOBS" --queue "$QUEUE" 2>"$WORK/serve.log" &
SERVER_PID=$!
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  sleep 0.05
done
URL=http://127.0.0.1:$PORT

# A short warm-up (the font cache, the connections).
wrk -t1 -c4 -d2s -s "$WORK/post.lua" "$URL" >/dev/null

wrk -t"$WRK_THREADS" -c32 -d"${DURATION}s" --latency --timeout 10s -s "$WORK/post.lua" "$URL" >"$WORK/wrk32.txt"
renders() { curl -fsS "$URL/metrics" | awk '/^vanban_renders_total\{format="pdf"\}/ {print $2}'; }
BEFORE=$(renders)
wrk -t"$WRK_THREADS" -c512 -d"${DURATION}s" --latency --timeout 10s -s "$WORK/post.lua" "$URL" >"$WORK/wrk512.txt"
GOOD512=$(echo "($(renders) - $BEFORE) / $DURATION" | bc -l)
RSS_KB=$(awk '/VmHWM/ {print $2}' "/proc/$SERVER_PID/status")
HEALTH=$(curl -fsS -o /dev/null -w '%{http_code}' "$URL/healthz" || echo down)
M503=$(curl -fsS "$URL/metrics" | awk -F' ' '/^vanban_http_requests_total\{endpoint="\/v1\/render",status="503"\}/ {print $2}')

rps() { awk '/^Requests\/sec:/ {print $2}' "$1"; }
lat() { awk -v p="$2" '$1 == p {print $2}' "$1"; }
non2xx() { awk '/Non-2xx or 3xx responses:/ {print $5}' "$1"; }
timeouts() { sed -n 's/.*timeout \([0-9]*\).*/\1/p' "$1"; }
ms() { # wrk prints 1.23ms, 456.78us or 1.02s
  awk -v v="$1" 'BEGIN { if (v ~ /us$/) printf "%.2f", v/1000; else if (v ~ /ms$/) printf "%.2f", v+0; else if (v ~ /s$/) printf "%.2f", v*1000; else print v }'
}

R32=$(rps "$WORK/wrk32.txt")
P99_32=$(ms "$(lat "$WORK/wrk32.txt" 99%)")
P50_32=$(ms "$(lat "$WORK/wrk32.txt" 50%)")
R512=$(rps "$WORK/wrk512.txt")
P99_512=$(ms "$(lat "$WORK/wrk512.txt" 99%)")
N2XX_512=$(non2xx "$WORK/wrk512.txt"); N2XX_512=${N2XX_512:-0}
TO_512=$(timeouts "$WORK/wrk512.txt"); TO_512=${TO_512:-0}
N2XX_32=$(non2xx "$WORK/wrk32.txt"); N2XX_32=${N2XX_32:-0}
RATIO=$(echo "$R32 / $BATCH_RATE * 100" | bc -l)

cat <<EOF
| measure | value | target (issue 15) |
|---|---|---|
| vanban batch --format pdf --jobs $JOBS, $N notices | $(printf '%.0f' "$BATCH_RATE") notices/s | |
| serve, 32 keep-alive clients, PDF | $(printf '%.0f' "$R32") requests/s ($(printf '%.0f' "$RATIO")% of the batch; $N2XX_32 non-2xx) | ≥ 60% |
| serve, 32 clients, latency p50 / p99 | $P50_32 ms / $P99_32 ms | p99 ≤ 50 ms |
| serve, 512 clients (--queue $QUEUE) | $(printf '%.0f' "$R512") answers/s ($(printf '%.0f' "$GOOD512") PDFs/s, the rest 503: $N2XX_512 non-2xx), $TO_512 client timeouts, p99 $P99_512 ms | 503 fast, no timeouts |
| serve, after 512 clients | /healthz $HEALTH, peak RSS $(echo "$RSS_KB / 1024" | bc -l | xargs printf '%.1f') MB | up, < 150 MB |
EOF
echo "(503s counted by the server: ${M503:-0}; wrk output in $WORK/wrk32.txt, $WORK/wrk512.txt)" >&2
