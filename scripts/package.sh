#!/usr/bin/env bash
# Builds the Debian packages bandstation and bandstation-ui: `scripts/package.sh` for this machine's
# architecture, `scripts/package.sh arm64` cross-built for the Raspberry Pi (the arm64 packages come
# from scripts/setup.sh --arm64). Release build, installed under /usr, stripped; the .deb files
# land in build-packages-<arch>/packages/ and their paths are printed last. Extra arguments go to
# CMake.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
arch=$(dpkg --print-architecture)
cmake_args=()
if [ "${1:-}" = arm64 ] && [ "$arch" != arm64 ]; then
    shift
    arch=arm64
    "$root/scripts/setup.sh" --arm64
    cmake_args+=(--preset aarch64)
else
    [ "${1:-}" = "$arch" ] && shift
    "$root/scripts/setup.sh"
fi
[ "${1:-}" = "" ] || [[ "${1:-}" == -* ]] || { echo "usage: scripts/package.sh [arm64] [cmake args]" >&2; exit 2; }
build=$root/build-packages-$arch
werror=OFF
[ "${CI:-}" = "true" ] && werror=ON
# Debian's build flags for the target, as dpkg-buildpackage would set them, with all hardening
# (fortified functions, stack protector, relro and bind-now, PIE). CMake reads no CPPFLAGS: they
# join CXXFLAGS.
export DEB_BUILD_MAINT_OPTIONS=hardening=+all
buildflags() { DEB_HOST_ARCH=$arch dpkg-buildflags --get "$1" 2>/dev/null; }
cxxflags="$(buildflags CPPFLAGS) $(buildflags CXXFLAGS)"
ldflags=$(buildflags LDFLAGS)
cd "$root"
cmake -S "$root" -B "$build" -G Ninja "${cmake_args[@]}" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_INSTALL_PREFIX=/usr -DBANDSTATION_BUILD_TESTS=OFF -DBANDSTATION_BUILD_BENCH=OFF \
    -DCMAKE_CXX_FLAGS="$cxxflags" -DCMAKE_EXE_LINKER_FLAGS="$ldflags" \
    -DCMAKE_SHARED_LINKER_FLAGS="$ldflags" -DCMAKE_MODULE_LINKER_FLAGS="$ldflags" \
    -DBANDSTATION_WERROR=$werror "$@" >/dev/null
cmake --build "$build" --parallel "$(nproc)"
(cd "$build" && cpack -G DEB -B "$build/packages" >/dev/null)
ls -1 "$build"/packages/*.deb
