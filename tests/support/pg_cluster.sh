#!/usr/bin/env bash
# A throw-away PostgreSQL 15 cluster for tests, on a free loopback port.
#
#   pg_cluster.sh start DIR [OWNER_PID]  initdb in DIR/data, start the server on 127.0.0.1 (unix
#                                        sockets in DIR), create database "ispcloud_test" and
#                                        print its URL. With OWNER_PID, the cluster is also
#                                        stopped and DIR removed once that process has exited
#                                        (a crashed test run leaves nothing behind).
#                                        OWNER_PID "parent" names the script's parent (ctest,
#                                        for the e2e_pg fixture).
#   pg_cluster.sh standby DIR PRIMARY [OWNER_PID]
#                                        a streaming standby of the cluster in directory PRIMARY
#                                        (pg_basebackup -R) in DIR, on its own port; the primary
#                                        is made to wait for it on every commit
#                                        (synchronous_standby_names='*'); prints the standby's
#                                        URL once it streams synchronously
#   pg_cluster.sh promote DIR            promote the standby in DIR to a primary
#   pg_cluster.sh createdb DIR NAME      create database NAME and print its URL
#   pg_cluster.sh dropdb DIR NAME        drop database NAME, closing its connections
#   pg_cluster.sh dump DIR NAME FILE     pg_dump -Fc of database NAME into FILE (online)
#   pg_cluster.sh restore DIR NAME FILE  create database NAME from FILE (pg_restore) and print
#                                        its URL
#   pg_cluster.sh stop DIR               stop the server at once and remove DIR
#
# The server runs without fsync (tests); ISPCLOUD_PG_DURABLE=1 keeps PostgreSQL's durable
# defaults (bench/backends.sh; a primary whose commits must wait for a synchronous standby).
# initdb refuses to run as root, so as root every server command runs as the `postgres` user
# (DIR is handed to it). Exits 77 when the PostgreSQL 15 binaries are not installed
# (scripts/install-deps.sh installs them): callers report that as a skip.
set -euo pipefail

BIN=${ISPCLOUD_PG_BIN:-/usr/lib/postgresql/15/bin}
SELF="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
cmd=${1:-}
dir=${2:-}
if [ -z "$cmd" ] || [ -z "$dir" ]; then
  echo "usage: $0 start DIR [OWNER_PID|parent] | standby DIR PRIMARY [OWNER_PID|parent] |" \
    "promote DIR | createdb DIR NAME | dropdb DIR NAME | dump DIR NAME FILE |" \
    "restore DIR NAME FILE | stop DIR" >&2
  exit 2
fi

as_server_user() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

url() { echo "postgresql://postgres@127.0.0.1:$(cat "$dir/port")/$1"; }

# A random unprivileged port; if something holds it, the server fails to start and another one
# is tried.
random_port() { echo $((20000 + (RANDOM * 32768 + RANDOM) % 40000)); }

stop() {
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_server_user "$BIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

# Exits 77 (skip) when this machine cannot run a cluster.
require_binaries() {
  if [ ! -x "$BIN/initdb" ] || [ ! -x "$BIN/postgres" ]; then
    echo "PostgreSQL 15 binaries not found in $BIN (run scripts/install-deps.sh)" >&2
    exit 77
  fi
  if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    echo "running as root but there is no postgres user to run the server as" >&2
    exit 77
  fi
}

# Creates DIR afresh (a cluster left there by a run killed before it could clean up goes
# first) and makes $dir absolute: the server and the reaper need an absolute path.
fresh_dir() {
  if [ -d "$dir/data" ]; then stop; fi
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir"; fi
}

# Starts the server of $dir/data on a free port, written to $dir/port.
launch() {
  # Tests trade durability for speed; ISPCLOUD_PG_DURABLE=1 (benchmarks) keeps the defaults.
  local durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  if [ "${ISPCLOUD_PG_DURABLE:-}" = 1 ]; then durability=""; fi
  local started="" port
  for _ in 1 2 3 4 5 6 7 8; do
    port=$(random_port)
    if as_server_user "$BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-h 127.0.0.1 -p $port -k $dir $durability -c max_connections=300" \
        start >/dev/null 2>&1; then
      started=yes
      break
    fi
  done
  if [ -z "$started" ]; then cat "$dir/server.log" >&2; stop; exit 1; fi
  echo "$port" >"$dir/port"
}

# With an owner pid ("parent": this script's parent), a reaper that outlives this script
# (setsid) stops the cluster in $dir once the owner is gone, unless $dir holds another cluster
# by then (a later run reusing the directory): each start writes a fresh token to $dir/token.
reap_after() {
  local owner=${1:-}
  local token="$$-$RANDOM$RANDOM"
  echo "$token" >"$dir/token"
  if [ -z "$owner" ]; then return; fi
  if [ "$owner" = parent ]; then owner=$PPID; fi
  setsid bash -c "while kill -0 $owner 2>/dev/null; do sleep 1; done; '$SELF' reap '$dir' $token" \
    </dev/null >/dev/null 2>&1 &
}

psql_at() {  # psql_at DIR SQL: runs SQL in database postgres of the cluster in DIR
  as_server_user "$BIN/psql" -h 127.0.0.1 -p "$(cat "$1/port")" -U postgres -d postgres -qAtX \
    -c "$2"
}

case "$cmd" in
  start)
    require_binaries
    fresh_dir
    as_server_user "$BIN/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 \
      --locale=C --no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    launch
    as_server_user "$BIN/createdb" -h 127.0.0.1 -p "$(cat "$dir/port")" -U postgres ispcloud_test
    reap_after "${3:-}"
    url ispcloud_test
    ;;
  standby)
    require_binaries
    primary="$(cd "${3:?primary cluster dir}" && pwd)"
    fresh_dir
    as_server_user "$BIN/pg_basebackup" -h 127.0.0.1 -p "$(cat "$primary/port")" -U postgres \
      -D "$dir/data" -R -X stream -c fast --no-sync >"$dir/basebackup.log" 2>&1 ||
      { cat "$dir/basebackup.log" >&2; exit 1; }
    launch
    reap_after "${4:-}"
    psql_at "$primary" "ALTER SYSTEM SET synchronous_standby_names = '*'" >/dev/null
    psql_at "$primary" "SELECT pg_reload_conf()" >/dev/null
    for _ in $(seq 1 300); do
      state=$(psql_at "$primary" "SELECT sync_state FROM pg_stat_replication LIMIT 1" || true)
      if [ "$state" = sync ]; then url ispcloud_test; exit 0; fi
      sleep 0.1
    done
    echo "the standby in $dir did not reach synchronous streaming within 30 s" >&2
    exit 1
    ;;
  promote)
    as_server_user "$BIN/pg_ctl" -D "$dir/data" -w -t 60 promote >/dev/null
    ;;
  createdb)
    name=${3:?database name}
    as_server_user "$BIN/createdb" -h 127.0.0.1 -p "$(cat "$dir/port")" -U postgres "$name"
    url "$name"
    ;;
  dropdb)
    name=${3:?database name}
    as_server_user "$BIN/dropdb" -h 127.0.0.1 -p "$(cat "$dir/port")" -U postgres --force \
      --if-exists "$name"
    ;;
  dump)
    "$BIN/pg_dump" -Fc -h 127.0.0.1 -p "$(cat "$dir/port")" -U postgres -f "${4:?dump file}" \
      "${3:?database name}"
    ;;
  restore)
    name=${3:?database name}
    as_server_user "$BIN/createdb" -h 127.0.0.1 -p "$(cat "$dir/port")" -U postgres "$name"
    "$BIN/pg_restore" -h 127.0.0.1 -p "$(cat "$dir/port")" -U postgres -d "$name" \
      --exit-on-error "${4:?dump file}"
    url "$name"
    ;;
  stop)
    stop
    ;;
  reap)  # the reaper's stop: only the cluster that wrote token $3
    if [ "$(cat "$dir/token" 2>/dev/null)" = "${3:-}" ]; then stop; fi
    ;;
  *)
    echo "unknown command: $cmd" >&2
    exit 2
    ;;
esac
