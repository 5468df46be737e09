# Shell helpers shared by the benchmark scripts (sourced, not run).

# Prints a partner access token of partner "bench" from the server on port $1, for the client
# whose `ispcloud client create` output (JSON) is $2.
bench_partner_token() {
  local port=$1 client=$2 cid csecret
  cid=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["client_id"])' "$client")
  csecret=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["client_secret"])' "$client")
  curl -s -X POST "http://127.0.0.1:$port/oauth2/default/v1/token" \
    -H 'Content-Type: application/x-www-form-urlencoded' \
    --data "grant_type=client_credentials&client_id=$cid&client_secret=$csecret&scope=partnerId%3Abench%20role%3ApartnerIdAdmin" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}

# Requests per second and the 99th percentile latency of a `wrk --latency` output file.
wrk_rps() { awk '/Requests\/sec/ {print $2}' "$1"; }
wrk_p99() { awk '$1 == "99%" {print $2}' "$1"; }

# Fails the benchmark when the wrk output file $1 counts non-2xx answers ($2 names the test).
wrk_require_2xx() {
  if grep -q 'Non-2xx' "$1"; then
    echo "non-2xx answers during $2:" >&2
    grep 'Non-2xx' "$1" >&2
    exit 1
  fi
}
