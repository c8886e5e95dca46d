#!/usr/bin/env bash
# The README's test command: installs what is missing, builds, and runs every test. Runs the suite
# built with AddressSanitizer and UBSan; the fuzz targets for a bounded time
# (BANDSTATION_FUZZ_SECONDS each, default 30); on x86_64 the arm64 cross build with its tests
# under qemu (BANDSTATION_CROSS=no leaves it out); last the normal build, whose suite includes the
# Debian packages' tests. Exits non-zero on any failure; CTest's summary line is the last thing it
# prints.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cross=no
if [ "$(dpkg --print-architecture)" = amd64 ] && [ "${BANDSTATION_CROSS:-yes}" != no ]; then
    cross=yes
    "$root/scripts/setup.sh" --arm64
else
    "$root/scripts/setup.sh"
fi

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

if [ "$cross" = yes ]; then
    echo "== arm64: cross build, tests under qemu-aarch64-static =="
    "$root/scripts/cross-test.sh"
fi

# Configured for /usr, as the packages are (nothing is installed from here).
BANDSTATION_BUILD_DIR="$root/build" "$root/scripts/build.sh" -DCMAKE_INSTALL_PREFIX=/usr
echo "== tests =="
ctest --test-dir "$root/build" --output-on-failure --parallel "$jobs"
