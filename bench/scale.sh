#!/usr/bin/env bash
# Scale benchmark (issue 9): look-ups against a small installation and a large one, in the same
# run. For each size N (default 1,000 and 1,000,000 customers) a fresh SQLite database gets, per
# customer, one location and three claimed nodes (so 3 N inventory nodes and claims): one
# template customer is made through the API (register, location, three claims), then cloned N-1
# times in SQL (a recursive CTE per table, every unique column renumbered). Measured per size:
#   - start-up: process start to the first 200 from /readyz (migrations checked, keys loaded);
#   - GET /api/Customers/{id} and GET /api/Partners/nodes/{serial} with a bearer token, each
#     request for a random one of 10,000 ids drawn from the whole table (wrk -t2 -c64, Lua,
#     after a 3 s warm-up);
#   - the server's RSS after the look-ups; the database file's size.
# Prints a Markdown table with the large/small ratios (goal: within 20 %).
# Usage: bench/scale.sh [SIZES...]   (BENCH_DURATION, default 10s per wrk run; BENCH_BIN, default
# build/release/ispcloud; BENCH_CACHE_MB, the server's database.cache_mb, default 64)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
BIN="${BENCH_BIN:-build/release/ispcloud}"
DURATION="${BENCH_DURATION:-10s}"
OUT=bench/results
SIZES=("$@")
if [ ${#SIZES[@]} -eq 0 ]; then SIZES=(1000 1000000); fi
mkdir -p "$OUT"
work=$(mktemp -d /tmp/ispcloud-scale-XXXXXX)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

now_ms() { date +%s%3N; }

# Starts the server on database $1; sets server_pid, port and startup_ms (process start to the
# first 200 from /readyz).
start_server() {
  local db=$1 started
  printf '[log]\naccess_log = false\nlevel = "warn"\n[database]\ncache_mb = %s\n' \
    "${BENCH_CACHE_MB:-64}" > "$work/ispcloud.toml"
  started=$(now_ms)
  "$BIN" serve --config "$work/ispcloud.toml" --listen 127.0.0.1:0 --db "sqlite:$db" \
    --threads 2 2> "$work/server.log" &
  server_pid=$!
  port=""
  for _ in $(seq 600); do
    port=$(grep -o '"port":[0-9]*' "$work/server.log" 2>/dev/null | head -1 | cut -d: -f2 || true)
    if [ -n "$port" ] && curl -sf "http://127.0.0.1:$port/readyz" >/dev/null; then break; fi
    sleep 0.05
  done
  startup_ms=$(($(now_ms) - started))
}

stop_server() {
  kill "$server_pid"
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}

# The SELECT list that copies every column of table $1 from alias t, except the columns given
# as "column=expression" arguments.
select_list() {
  local table=$1 cols col expr out="" override
  shift
  cols=$(sqlite3 "$db" "SELECT name FROM pragma_table_info('$table') ORDER BY cid")
  for col in $cols; do
    expr="t.$col"
    for override in "$@"; do
      if [ "${override%%=*}" = "$col" ]; then expr="${override#*=}"; fi
    done
    out+="${out:+, }$expr"
  done
  echo "$out"
}

# Makes database $1 with $2 customers.
seed() {
  db=$1
  local n=$2 client token customer location
  "$BIN" partner create --id bench --name Bench --db "sqlite:$db" > /dev/null 2> "$work/cli.log"
  client=$("$BIN" client create --partner bench --db "sqlite:$db")
  printf 'serialNumber,model\nTPL1,PP203X\nTPL2,PP203X\nTPL3,PP203X\n' > "$work/inventory.csv"
  "$BIN" inventory import --partner bench --file "$work/inventory.csv" --db "sqlite:$db" > /dev/null
  start_server "$db"
  token=$(bench_partner_token "$port" "$client")
  local api="http://127.0.0.1:$port/api"
  local json=(-H "Authorization: Bearer $token" -H 'Content-Type: application/json')
  customer=$(curl -sf "${json[@]}" "$api/Customers/register" \
    -d '{"partnerId":"bench","accountId":"TEMPLATE1","name":"Template","email":"t@example.com"}' |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  location=$(curl -sf "${json[@]}" "$api/Customers/$customer/locations" -d '{"name":"Home"}' |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  for serial in TPL1 TPL2 TPL3; do
    curl -sf "${json[@]}" "$api/Customers/$customer/locations/$location/nodes" \
      -d "{\"serialNumber\":\"$serial\"}" > /dev/null
  done
  stop_server
  echo "$client" > "$work/client.json"
  [ "$n" -gt 1 ] || return 0

  # Clone ids: customers c<23 hex>, locations l<23 hex>, serials S<8 digits><k>.
  local cust="printf('c%023x', s.n)" loc="printf('l%023x', s.n)"
  local serial="printf('S%08d%d', s.n, k.k)"
  local seq="WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < $((n - 1)))"
  local nodes="(SELECT 1 AS k UNION ALL SELECT 2 UNION ALL SELECT 3) k"
  sqlite3 "$db" > /dev/null <<SQL
PRAGMA journal_mode=WAL;
PRAGMA synchronous=OFF;
BEGIN;
$seq INSERT INTO plume_customers SELECT $(select_list plume_customers "id=$cust" \
  "account_id=printf('SCALE%08d', s.n)" "email=printf('scale%08d@example.com', s.n)")
  FROM s, plume_customers t WHERE t.id = '$customer';
$seq INSERT INTO plume_locations SELECT $(select_list plume_locations "id=$loc" \
  "customer_id=$cust" "account_id=printf('SCALE%08d', s.n)")
  FROM s, plume_locations t WHERE t.id = '$location';
$seq INSERT INTO plume_inventory_nodes SELECT $(select_list plume_inventory_nodes \
  "id=$serial") FROM s, $nodes, plume_inventory_nodes t WHERE t.id = 'TPL1';
$seq INSERT INTO plume_node_claims SELECT $(select_list plume_node_claims "node_id=$serial" \
  "customer_id=$cust" "location_id=$loc") FROM s, $nodes, plume_node_claims t
  WHERE t.node_id = 'TPL1';
COMMIT;
ANALYZE;
SQL
}

# Runs wrk on path prefix $2 with the ids of file $3 (random pick per request); output to $4.
look_up() {
  local token=$1 prefix=$2 ids=$3 out=$4
  cat > "$work/random.lua" <<LUA
local ids = {}
for line in io.lines("$ids") do ids[#ids + 1] = line end
math.randomseed(os.time())
request = function()
  return wrk.format("GET", "$prefix" .. ids[math.random(#ids)])
end
LUA
  # A warm-up run first, so that both sizes are measured with warm caches.
  wrk -t2 -c64 -d3s -s "$work/random.lua" -H "Authorization: Bearer $token" \
    "http://127.0.0.1:$port" > /dev/null
  wrk -t2 -c64 -d"$DURATION" --latency -s "$work/random.lua" \
    -H "Authorization: Bearer $token" "http://127.0.0.1:$port" > "$out"
  wrk_require_2xx "$out" "$prefix"
}

rps() { printf '%.0f' "$(wrk_rps "$1")"; }
p99() { wrk_p99 "$1"; }

declare -A result
for n in "${SIZES[@]}"; do
  echo "== $n customers, $((3 * n)) nodes"
  db="$work/scale-$n.sqlite"
  t0=$(now_ms)
  seed "$db" "$n"
  echo "seeded in $(( ($(now_ms) - t0) / 1000 )) s; $(sqlite3 "$db" 'SELECT count(*) FROM plume_customers') customers," \
    "$(sqlite3 "$db" 'SELECT count(*) FROM plume_node_claims') claimed nodes"
  sqlite3 "$db" "SELECT id FROM plume_customers ORDER BY random() LIMIT 10000" > "$work/customers.txt"
  sqlite3 "$db" "SELECT node_id FROM plume_node_claims ORDER BY random() LIMIT 10000" \
    > "$work/nodes.txt"
  sync
  start_server "$db"
  result[$n,startup]=$startup_ms
  token=$(bench_partner_token "$port" "$(cat "$work/client.json")")
  look_up "$token" "/api/Customers/" "$work/customers.txt" "$OUT/scale-$n-customers.txt"
  look_up "$token" "/api/Partners/nodes/" "$work/nodes.txt" "$OUT/scale-$n-nodes.txt"
  result[$n,rss]=$(( $(awk '/VmRSS/ {print $2}' "/proc/$server_pid/status") / 1024 ))
  stop_server
  result[$n,size]=$(( $(stat -c %s "$db") / 1048576 ))
  for kind in customers nodes; do
    result[$n,$kind,rps]=$(rps "$OUT/scale-$n-$kind.txt")
    result[$n,$kind,p99]=$(p99 "$OUT/scale-$n-$kind.txt")
  done
  rm -f "$db" "$db-wal" "$db-shm"
done

small=${SIZES[0]}
{
  echo "| customers / nodes | DB size | start-up | GET customer req/s (p99) | GET node req/s (p99) | RSS after |"
  echo "|---|---|---|---|---|---|"
  for n in "${SIZES[@]}"; do
    echo "| $n / $((3 * n)) | ${result[$n,size]} MiB | ${result[$n,startup]} ms |" \
      "${result[$n,customers,rps]} (${result[$n,customers,p99]}) |" \
      "${result[$n,nodes,rps]} (${result[$n,nodes,p99]}) | ${result[$n,rss]} MiB |"
  done
  echo
  for n in "${SIZES[@]:1}"; do
    echo "Ratios $n / $small: GET customer" \
      "$(python3 -c "print(f'{${result[$n,customers,rps]} / ${result[$small,customers,rps]}:.2f}')")," \
      "GET node $(python3 -c "print(f'{${result[$n,nodes,rps]} / ${result[$small,nodes,rps]}:.2f}')")."
  done
} | tee "$OUT/scale.md"
