#!/usr/bin/env bash
# `make bench`: micro-benchmarks, then an HTTP load comparison against nginx on loopback.
# Every figure is printed next to its baseline from the same run; copy the summary into
# docs/BENCHMARKS.md. Bounded: about one minute in all.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=build/release/ispcloud
MICRO=build/release/bench/micro_bench
OUT=bench/results
DURATION="${BENCH_DURATION:-10s}"
mkdir -p "$OUT"
work=$(mktemp -d /tmp/ispcloud-bench-XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

echo "== micro-benchmarks"
"$MICRO" --benchmark_min_time=0.2 | tee "$OUT/micro.txt"

echo "== HTTP: ispcloud GET /healthz vs nginx static file of the same size (wrk -t2 -c64 -d$DURATION)"
printf '[log]\naccess_log = false\nlevel = "warn"\n' > "$work/ispcloud.toml"
"$BIN" serve --config "$work/ispcloud.toml" --listen 127.0.0.1:0 --db "sqlite:$work/db.sqlite" \
  --threads 2 2> "$work/server.log" &
pids+=($!)
for _ in $(seq 100); do grep -q '"event":"listening"' "$work/server.log" 2>/dev/null && break; sleep 0.1; done
port=$(grep -o '"port":[0-9]*' "$work/server.log" | head -1 | cut -d: -f2)
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done
body=$(curl -s "http://127.0.0.1:$port/healthz")

mkdir -p "$work/www"
printf '%s' "$body" > "$work/www/healthz"
nport=$(free_port)
cat > "$work/nginx.conf" <<NGINX
worker_processes 2;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  default_type application/json;
  server {
    listen 127.0.0.1:$nport;
    root $work/www;
  }
}
NGINX
nginx -c "$work/nginx.conf" -p "$work" &
pids+=($!)
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$nport/healthz" >/dev/null && break; sleep 0.1; done

run_wrk() { wrk -t2 -c64 -d"$DURATION" --latency "$1" > "$2"; }
run_wrk "http://127.0.0.1:$nport/healthz" "$OUT/wrk-nginx.txt"
run_wrk "http://127.0.0.1:$port/healthz" "$OUT/wrk-ispcloud-healthz.txt"

rps() { awk '/Requests\/sec/ {print $2}' "$1"; }
p99() { awk '$1 == "99%" {print $2}' "$1"; }
n_rps=$(rps "$OUT/wrk-nginx.txt"); i_rps=$(rps "$OUT/wrk-ispcloud-healthz.txt")
ratio=$(python3 -c "print(f'{$i_rps / $n_rps:.2f}')")
rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/${pids[0]}/status")
{
  echo "| target | requests/s | p99 latency |"
  echo "|---|---|---|"
  echo "| nginx static ${#body}-byte JSON (baseline) | $n_rps | $(p99 "$OUT/wrk-nginx.txt") |"
  echo "| ispcloud GET /healthz | $i_rps | $(p99 "$OUT/wrk-ispcloud-healthz.txt") |"
  echo
  echo "ispcloud / nginx requests/s ratio: **$ratio**; ispcloud RSS after the run: $((rss_kb / 1024)) MiB"
} | tee "$OUT/summary.md"
