#!/usr/bin/env bash
# Installs every build, test and benchmark dependency of ispcloud from Debian 12 packages.
# Idempotent and non-interactive: packages already present are not touched, and apt runs only
# when something is missing. Never installs the unversioned libboost-dev (it conflicts with 1.81).
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config git
  libboost1.81-all-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev sqlite3 libssl-dev libsodium-dev libpq-dev postgresql-15
  libcli11-dev libtomlplusplus-dev libspdlog-dev libfmt-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  clang libclang-rt-14-dev clang-format clang-tidy
  curl wrk nginx-light
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

# Node.js runs the external OpenID provider of the e2e tests (tests/idp). The machine's own node
# is used when present; Debian's is the fallback.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  missing+=(nodejs npm)
fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
else
  echo "install-deps: installing ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
  # nginx-light may start a system nginx on port 80; ispcloud's benchmarks start their own.
  if command -v systemctl >/dev/null 2>&1; then $SUDO systemctl disable --now nginx >/dev/null 2>&1 || true; fi
  # postgresql-15 may likewise start a system cluster on port 5432; the PostgreSQL tests start
  # their own throw-away cluster (tests/support/pg_cluster.sh) and do not need it.
  if command -v systemctl >/dev/null 2>&1; then $SUDO systemctl disable --now postgresql >/dev/null 2>&1 || true; fi
fi

# npm packages of the tests (the external IdP, the TMF OpenAPI client generator), pinned by each
# folder's package-lock.json; reinstalled only when the lock file changed since the last install.
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
for NPM_DIR in "$ROOT/tests/idp" "$ROOT/tests/openapi-client"; do
  STAMP="$NPM_DIR/node_modules/.ispcloud-lock"
  if ! cmp -s "$NPM_DIR/package-lock.json" "$STAMP"; then
    echo "install-deps: npm ci in ${NPM_DIR#"$ROOT"/}"
    (cd "$NPM_DIR" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$NPM_DIR/package-lock.json" "$STAMP"
  fi
done
echo "install-deps: done"
