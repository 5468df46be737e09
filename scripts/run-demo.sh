#!/usr/bin/env bash
# `make run`: migrate the embedded database under ./data/, create a demo partner (and its API
# client, once the binary has the `client` command) if none exist, then serve on
# 127.0.0.1:8080. Stop with Ctrl-C (SIGINT drains in-flight requests).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=build/release/ispcloud
DB="${ISPCLOUD_DB:-sqlite:./data/ispcloud.db}"
LISTEN="${ISPCLOUD_LISTEN:-127.0.0.1:8080}"
mkdir -p data

"$BIN" migrate --db "$DB" >/dev/null
if [ "$("$BIN" partner list --db "$DB")" = "[]" ]; then
  echo "run: creating demo partner 'demo'"
  "$BIN" partner create --db "$DB" --id demo --name "Demo ISP" >/dev/null
  if "$BIN" client --help >/dev/null 2>&1; then
    echo "run: API client for partner 'demo' (keep the secret; it is shown once):"
    "$BIN" client create --db "$DB" --partner demo
  else
    echo "run: this build has no OAuth token server yet; no API client created"
  fi
fi
echo "run: serving on http://$LISTEN (health: http://$LISTEN/healthz)"
exec "$BIN" serve --db "$DB" --listen "$LISTEN"
