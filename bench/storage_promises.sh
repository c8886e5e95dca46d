#!/usr/bin/env bash
# The storage promises, measured against the real daemon (results: docs/performance.md):
#   - the longest gap between live force frames while sessions, sets and a calibration are stored
#     on a disk whose every fsync takes 0, 150, 500 and 2000 ms longer;
#   - kill -9 the moment an answer arrives (athlete 201, token revoke 200, set end 200), ROUNDS
#     times each: how many answered changes were missing after the restart (must be 0).
# Runs tests/integration/storage_e2e_test.py with larger knobs. Usage:
#   bench/storage_promises.sh [BUILD_DIR] [ROUNDS]     (defaults: build, 100)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
rounds=${2:-100}
export BANDSTATIOND_BIN="$build/daemon/bandstationd"
export BANDSTATION_BIN="$build/tools/bandstation"
export BANDSTATION_DISK_SHIM="$build/tests/integration/libbandstation_disk_shim.so"
for f in "$BANDSTATIOND_BIN" "$BANDSTATION_BIN" "$BANDSTATION_DISK_SHIM"; do
    [ -e "$f" ] || { echo "storage_promises: $f is missing: build first (scripts/build.sh)" >&2; exit 2; }
done
cd "$root/tests/integration"
for delay in 0 150 500 2000; do
    echo "== fsync delayed by $delay ms =="
    BANDSTATION_TEST_SYNC_DELAY_MS=$delay /usr/bin/python3 -m unittest storage_e2e_test.SlowDisk 2>&1 |
        grep -E "longest gap|FAIL|Error|OK"
done
echo "== kill -9 right after the answer, $rounds rounds =="
start=$(date +%s)
BANDSTATION_KILL_ROUNDS=$rounds /usr/bin/python3 -m unittest storage_e2e_test.KillRightAfterTheAnswer 2>&1 |
    tail -n 3
echo "($(( $(date +%s) - start )) s; every round checks an athlete, a revoked token and an ended set)"
