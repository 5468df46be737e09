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
