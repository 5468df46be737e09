#!/usr/bin/env bash
# SQLite vs PostgreSQL (issue 8): Plume register and node-claim throughput and the bearer
# GET /api/Customers/{id}, each at 64 and 512 client connections, on the release binary. Every
# (backend, connections) pair gets a fresh database with the same fixtures, so the two backends
# are compared in the same run on the same machine. PostgreSQL 15 runs in a throw-away cluster
# with durable settings (fsync, synchronous_commit and full_page_writes on, like production);
# ispcloud uses its default pool (database.pool_size 16). For PostgreSQL the script also samples
# the server's open connections in pg_stat_activity halfway through the GET load: the pool bound
# at work. Prints a Markdown table for docs/BENCHMARKS.md. About four minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
BIN=build/release/ispcloud
LOAD="${BENCH_PLUME_LOAD:-build/release/bench/plume_load}"
WRITE_SECONDS="${BENCH_WRITE_SECONDS:-8}"
DURATION="${BENCH_DURATION:-10s}"
OUT=bench/results
mkdir -p "$OUT"
work=$(mktemp -d /tmp/ispcloud-backends-XXXXXX)
chmod 755 "$work"  # the cluster directory inside belongs to the postgres user
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi
  wait 2>/dev/null || true
  bash tests/support/pg_cluster.sh stop "$work/pg" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "== PostgreSQL 15 cluster (durable settings)" >&2
ISPCLOUD_PG_DURABLE=1 bash tests/support/pg_cluster.sh start "$work/pg" $$ >/dev/null
printf '[log]\naccess_log = false\nlevel = "warn"\n' > "$work/ispcloud.toml"
python3 -c 'print("serialNumber,model"); [print(f"BENCH{i:06d},PP203X") for i in range(100000)]' \
  > "$work/inventory.csv"

# Starts a server on database $1 with the bench fixtures; sets $port and $token.
start_server() {
  local db=$1
  "$BIN" partner create --id bench --name Bench --db "$db" > /dev/null 2>&1
  local client
  client=$("$BIN" client create --partner bench --db "$db" 2>/dev/null)
  "$BIN" inventory import --partner bench --file "$work/inventory.csv" --db "$db" > /dev/null 2>&1
  "$BIN" serve --config "$work/ispcloud.toml" --listen 127.0.0.1:0 --db "$db" --threads 2 \
    2> "$work/server.log" &
  server=$!
  for _ in $(seq 100); do grep -q '"event":"listening"' "$work/server.log" 2>/dev/null && break; sleep 0.1; done
  port=$(grep -o '"port":[0-9]*' "$work/server.log" | head -1 | cut -d: -f2)
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done
  token=$(bench_partner_token "$port" "$client")
}

stop_server() {
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  server=""
}

value() { awk -v k="$1" '$1 == k {print $2}' "$2"; }
non2xx() { awk '/Non-2xx/ {print $NF}' "$1"; }

rows=()
n=0
for backend in sqlite postgres; do
  for conns in 64 512; do
    n=$((n + 1))
    if [ "$backend" = sqlite ]; then
      db="sqlite:$work/bench$n.sqlite"
    else
      db=$(bash tests/support/pg_cluster.sh createdb "$work/pg" "bench$n")
    fi
    echo "== $backend, $conns connections" >&2
    start_server "$db"
    writes="$OUT/backends-$backend-$conns-writes.txt"
    "$LOAD" plume "$port" "$token" bench "$conns" "$WRITE_SECONDS" > "$writes"
    customer=$(value customer_id "$writes")
    reads="$OUT/backends-$backend-$conns-get.txt"
    wrk -t2 -c"$conns" -d"$DURATION" --latency -H "Authorization: Bearer $token" \
      "http://127.0.0.1:$port/api/Customers/$customer" > "$reads" &
    wrk_pid=$!
    in_use="-"
    if [ "$backend" = postgres ]; then
      sleep 5
      in_use=$(psql "$db" -tAc "SELECT count(*) FROM pg_stat_activity WHERE datname = 'bench$n' AND pid <> pg_backend_pid()")
    fi
    wait "$wrk_pid"
    stop_server
    rows+=("| $backend | $conns | $(value register_per_s "$writes") | $(value claim_per_s "$writes") | $(value register_errors "$writes") / $(value claim_errors "$writes") | $(wrk_rps "$reads") | $(wrk_p99 "$reads") | $(non2xx "$reads") | $in_use |")
  done
done

echo
echo "| backend | client connections | register/s | claim/s | write errors (register / claim) | GET /api/Customers/{id} req/s | GET p99 | GET non-2xx | server connections to PostgreSQL (mid-GET) |"
echo "|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
