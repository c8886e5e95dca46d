#!/usr/bin/env bash
# Cross-builds everything for the Raspberry Pi (arm64) on a Debian 12 x86_64 machine and runs the
# test suite under qemu-aarch64-static: the unit tests, the golden traces, the CLI, the daemon end
# to end on 127.0.0.1, the touchscreen's models and QML screens. (The touchscreen's client and
# end-to-end tests need QProcess, which qemu-user cannot run; they run in the native build.)
# Installs what it needs first (scripts/setup.sh --arm64). Build tree: build-aarch64/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh" --arm64
werror=OFF
[ "${CI:-}" = "true" ] && werror=ON
cd "$root"
cmake --preset aarch64 -DBANDSTATION_WERROR=$werror >/dev/null
cmake --build --preset aarch64 --parallel "$(nproc)"
echo "== arm64 tests under qemu-aarch64-static =="
ctest --preset aarch64 --parallel "$(nproc)"
