#!/usr/bin/env bash
# Generates TMF629/TMF632 v4 clients with the stock tool openapi-typescript-codegen from the
# official spec files, compiles them with roundtrip.ts (tsc, strict), starts ispcloud on a free
# loopback port with a fresh database, a realm client and a user holding SPID 1, and runs the
# round trip. Usage: run.sh ISPCLOUD_BINARY [SPEC_DIR]. Exit status 0 only when every resource
# round-trips.
set -euo pipefail
BIN="$1"
HERE="$(cd "$(dirname "$0")" && pwd)"
SPECS="${2:-$HERE/../../../shared/specs/tmf}"
WORK="$(mktemp -d)"
SERVER_PID=""
cleanup() {
  if [[ -n "$SERVER_PID" ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

if [[ ! -x "$HERE/node_modules/.bin/openapi" ]]; then
  echo "run.sh: npm packages missing; run scripts/install-deps.sh" >&2
  exit 1
fi

echo "== generating clients from $SPECS"
mkdir -p "$WORK/src"
cp "$HERE/roundtrip.ts" "$HERE/tsconfig.json" "$WORK/src/"
"$HERE/node_modules/.bin/openapi" -i "$SPECS/TMF629-Customer-v4.0.0.swagger.json" \
  -o "$WORK/src/gen/tmf629" -c fetch --useUnionTypes
"$HERE/node_modules/.bin/openapi" -i "$SPECS/TMF632-Party-v4.0.0.swagger.json" \
  -o "$WORK/src/gen/tmf632" -c fetch --useUnionTypes
echo "== compiling"
(cd "$WORK/src" && "$HERE/node_modules/.bin/tsc" -p tsconfig.json --outDir "$WORK/js")

echo "== starting ispcloud"
DB="sqlite:$WORK/ispcloud.db"
"$BIN" sp create --db "$DB" --id 1 --name HappyPhone >/dev/null
SECRET=$("$BIN" client create --db "$DB" --realm obp --client-id ctk \
  --scope "obp-apigw:read obp-apigw:write" | node -e \
  'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).client_secret))')
echo "ctk password 1" | "$BIN" user create --db "$DB" --realm obp --username ctk \
  --email ctk@isp.example --password-stdin --role '1:*:*' --attr availableSpids=1:HappyPhone >/dev/null
"$BIN" serve --db "$DB" --listen 127.0.0.1:0 --log-level warn 2>"$WORK/server.log" &
SERVER_PID=$!
PORT=""
for _ in $(seq 1 100); do
  PORT=$(sed -n 's/.*"event":"listening".*"port":\([0-9]*\).*/\1/p' "$WORK/server.log" | head -1)
  [[ -n "$PORT" ]] && curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break
  sleep 0.1
done
[[ -n "$PORT" ]] || { echo "run.sh: server did not start" >&2; cat "$WORK/server.log" >&2; exit 1; }

echo "== round trip against http://127.0.0.1:$PORT"
ISPCLOUD_BASE="http://127.0.0.1:$PORT" ISPCLOUD_CLIENT_ID=ctk ISPCLOUD_CLIENT_SECRET="$SECRET" \
  ISPCLOUD_USERNAME=ctk ISPCLOUD_PASSWORD="ctk password 1" node "$WORK/js/roundtrip.js"
