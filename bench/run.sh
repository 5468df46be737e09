#!/usr/bin/env bash
# `make bench`: micro-benchmarks, then an HTTP load comparison against nginx on loopback.
# Plume writes (register, node claim) are compared with raw durable SQLite inserts and the
# bearer GET /api/Customers/{id} with nginx serving the same body. Every figure is printed
# next to its baseline from the same run; copy the summary into docs/BENCHMARKS.md.
# Then bench/backends.sh compares SQLite and PostgreSQL. Bounded: about six minutes in all.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
BIN=build/release/ispcloud
MICRO=build/release/bench/micro_bench
LOAD="${BENCH_PLUME_LOAD:-build/release/bench/plume_load}"
WRITE_SECONDS="${BENCH_WRITE_SECONDS:-8}"
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
# Plume fixtures for the write/read benchmark: a partner, an API client, 100k inventory serials.
"$BIN" partner create --id bench --name Bench --db "sqlite:$work/db.sqlite" > /dev/null
client=$("$BIN" client create --partner bench --db "sqlite:$work/db.sqlite")
python3 -c 'print("serialNumber,model"); [print(f"BENCH{i:06d},PP203X") for i in range(100000)]' \
  > "$work/inventory.csv"
"$BIN" inventory import --partner bench --file "$work/inventory.csv" --db "sqlite:$work/db.sqlite" \
  > /dev/null
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

echo "== Plume writes: register and node claim (64 connections, ${WRITE_SECONDS}s each) vs raw SQLite"
token=$(bench_partner_token "$port" "$client")
"$LOAD" plume "$port" "$token" bench 64 "$WRITE_SECONDS" | tee "$OUT/plume-writes.txt"
"$LOAD" sqlite "$work/raw.sqlite" "$WRITE_SECONDS" | tee "$OUT/sqlite-baseline.txt"
customer=$(awk '$1 == "customer_id" {print $2}' "$OUT/plume-writes.txt")

echo "== HTTP: GET /api/Customers/{id} with a bearer token vs nginx static file of the same size"
auth="Authorization: Bearer $token"
curl -sf -H "$auth" "http://127.0.0.1:$port/api/Customers/$customer" > "$work/www/customer.json"
wrk -t2 -c64 -d"$DURATION" --latency "http://127.0.0.1:$nport/customer.json" > "$OUT/wrk-nginx-customer.txt"
wrk -t2 -c64 -d"$DURATION" --latency -H "$auth" "http://127.0.0.1:$port/api/Customers/$customer" \
  > "$OUT/wrk-ispcloud-customer.txt"
wrk_require_2xx "$OUT/wrk-ispcloud-customer.txt" "the GET test"

n_rps=$(wrk_rps "$OUT/wrk-nginx.txt"); i_rps=$(wrk_rps "$OUT/wrk-ispcloud-healthz.txt")
ratio=$(python3 -c "print(f'{$i_rps / $n_rps:.2f}')")
rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/${pids[0]}/status")
{
  echo "| target | requests/s | p99 latency |"
  echo "|---|---|---|"
  echo "| nginx static ${#body}-byte JSON (baseline) | $n_rps | $(wrk_p99 "$OUT/wrk-nginx.txt") |"
  echo "| ispcloud GET /healthz | $i_rps | $(wrk_p99 "$OUT/wrk-ispcloud-healthz.txt") |"
  echo
  echo "ispcloud / nginx requests/s ratio: **$ratio**; ispcloud RSS after the run: $((rss_kb / 1024)) MiB"
  echo
  val() { awk -v k="$1" '$1 == k {printf "%.0f", $2}' "$2"; }
  raw=$(val sqlite_inserts_per_s "$OUT/sqlite-baseline.txt")
  reg=$(val register_per_s "$OUT/plume-writes.txt")
  clm=$(val claim_per_s "$OUT/plume-writes.txt")
  cn_rps=$(wrk_rps "$OUT/wrk-nginx-customer.txt"); ci_rps=$(wrk_rps "$OUT/wrk-ispcloud-customer.txt")
  size=$(wc -c < "$work/www/customer.json")
  echo "| Plume target | per second | baseline | ratio |"
  echo "|---|---|---|---|"
  echo "| POST /api/Customers/register (64 connections) | $reg | raw SQLite 1-row INSERT txns (WAL, FULL): $raw | $(python3 -c "print(f'{$reg / $raw:.2f}')") |"
  echo "| POST .../nodes claim (64 connections) | $clm | raw SQLite 1-row INSERT txns (WAL, FULL): $raw | $(python3 -c "print(f'{$clm / $raw:.2f}')") |"
  echo "| GET /api/Customers/{id}, bearer (wrk -t2 -c64), p99 $(wrk_p99 "$OUT/wrk-ispcloud-customer.txt") | $ci_rps | nginx static $size-byte JSON: $cn_rps (p99 $(wrk_p99 "$OUT/wrk-nginx-customer.txt")) | $(python3 -c "print(f'{$ci_rps / $cn_rps:.2f}')") |"
} | tee "$OUT/summary.md"

echo "== SQLite vs PostgreSQL at 64 and 512 connections (bench/backends.sh)"
bash bench/backends.sh | tee "$OUT/backends.md"

echo "== Scale: 1,000 vs 1,000,000 customers (bench/scale.sh)"
bash bench/scale.sh
