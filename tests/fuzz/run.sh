#!/usr/bin/env bash
# Runs one libFuzzer target for a bounded time over its checked-in corpus.
# Usage: run.sh NAME SECONDS [BUILD_DIR]   (BUILD_DIR defaults to build/fuzz of the checkout)
# New inputs go to a temporary directory (the checked-in corpus is only read). A crash, leak,
# timeout or sanitizer report fails the run; the input is kept under BUILD_DIR/crashes/ and
# printed in hex so that it can be added to tests/fuzz/corpus/NAME as a regression input.
set -euo pipefail
NAME="$1"
SECONDS_TO_RUN="$2"
HERE="$(cd "$(dirname "$0")" && pwd)"
BUILD="${3:-$HERE/../../build/fuzz}"
BIN="$BUILD/tests/fuzz/fuzz_$NAME"
if [[ ! -x "$BIN" ]]; then
  echo "fuzz: $BIN is missing; build it with: cmake --preset fuzz && cmake --build --preset fuzz" >&2
  exit 1
fi
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$BUILD/crashes"
echo "fuzz: $NAME for ${SECONDS_TO_RUN}s"
if ! "$BIN" -max_total_time="$SECONDS_TO_RUN" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$BUILD/crashes/$NAME-" "$WORK" "$HERE/corpus/$NAME" >"$WORK/log" 2>&1; then
  tail -60 "$WORK/log"
  for f in "$BUILD/crashes/$NAME-"*; do
    [[ -f "$f" ]] && { echo "input $f:"; od -An -tx1 "$f" | head -20; }
  done
  exit 1
fi
grep -E "^Done|stat::number_of_executed_units" "$WORK/log" | head -2
