#!/usr/bin/env bash
# Configures and builds bandstation into build/ (or $BANDSTATION_BUILD_DIR) with Ninja.
# Extra arguments go to CMake's configure step. Under CI (CI=true) warnings are errors.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BANDSTATION_BUILD_DIR:-$root/build}
werror=OFF
[ "${CI:-}" = "true" ] && werror=ON
cmake -S "$root" -B "$build" -G Ninja -DBANDSTATION_WERROR=$werror "$@" >/dev/null
cmake --build "$build" --parallel "$(nproc)"
