#!/usr/bin/env bash
# The README's test command: installs what is missing, builds, and runs every test. Runs the suite
# twice: once in the normal build, and once built with AddressSanitizer and UBSan; then the fuzz
# targets for a bounded time (BANDSTATION_FUZZ_SECONDS each, default 30). Exits non-zero on any
# failure; CTest's summary line is the last thing it prints.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"

jobs=$(nproc)
# The touchscreen app is left out of the sanitized build: Qt, Mesa and fontconfig are not built
# with ASan and LeakSanitizer reports their one-time allocations; the UI's tests run in the normal
# build below.
BANDSTATION_BUILD_DIR="$root/build-asan" "$root/scripts/build.sh" \
    -DBANDSTATION_SANITIZE=ON -DBANDSTATION_BUILD_BENCH=OFF -DCMAKE_BUILD_TYPE=Debug \
    -DBANDSTATION_BUILD_UI=OFF
echo "== tests under AddressSanitizer + UBSan =="
ctest --test-dir "$root/build-asan" --output-on-failure --parallel "$jobs" -LE nosan

echo "== fuzzing the API's request parsing and JSON bodies =="
"$root/scripts/fuzz.sh" "${BANDSTATION_FUZZ_SECONDS:-30}"

BANDSTATION_BUILD_DIR="$root/build" "$root/scripts/build.sh"
echo "== tests =="
ctest --test-dir "$root/build" --output-on-failure --parallel "$jobs"
