#!/usr/bin/env bash
# Installs every Debian package bandstation needs to build, test, package and run (Debian 12
# bookworm or Raspberry Pi OS bookworm). With --arm64, also what cross-building for the Pi takes on
# an x86_64 machine: the arm64 architecture, the cross compiler, qemu-user-static and the :arm64
# libraries (scripts/cross-test.sh). Idempotent: when everything is installed it only checks, in
# well under a second. Never installs libboost-dev (1.74): it conflicts with libboost1.81-dev.
set -euo pipefail
arm64=no
[ "${1:-}" = --arm64 ] && arm64=yes

packages=(
    # toolchain
    g++ cmake ninja-build pkg-config
    # hardware: libgpiod v1 for the HX711 (spidev comes with the kernel headers of libc)
    libgpiod-dev
    # storage
    libsqlite3-dev
    # the daemon: Boost 1.81 (Asio, Beast, JSON), sd_notify, TLS
    libboost1.81-dev libboost-json1.81-dev libsystemd-dev libssl-dev openssl tzdata
    # the touchscreen: Qt 6.4 Quick with WebSockets, the QML modules it imports, Qt Quick Test
    qt6-base-dev qt6-declarative-dev qt6-websockets-dev qml6-module-qtquick
    qml6-module-qtquick-layouts qml6-module-qtquick-window qml6-module-qtqml-workerscript
    qml6-module-qttest qt6-qpa-plugins libgl-dev libgl1-mesa-dri fonts-dejavu-core
    # its end-to-end test: a virtual X server at the 7" screen's size
    xvfb xauth
    # tests and benchmarks: a WebSocket client and curl for the end-to-end tests, clang for fuzzing
    libgtest-dev libgmock-dev libbenchmark-dev python3 python3-websocket curl clang libclang-rt-14-dev
    # the Debian packages and their checks
    dpkg-dev fakeroot lintian systemd
)
if [ "$arm64" = yes ]; then
    packages+=(
        crossbuild-essential-arm64 qemu-user-static
        libgpiod-dev:arm64 libsqlite3-dev:arm64 libboost1.81-dev:arm64 libboost-json1.81-dev:arm64
        libsystemd-dev:arm64 libssl-dev:arm64 libgtest-dev:arm64 libgmock-dev:arm64
        qt6-base-dev:arm64 qt6-declarative-dev:arm64 qt6-websockets-dev:arm64 libgl-dev:arm64
        qml6-module-qtquick:arm64 qml6-module-qtquick-layouts:arm64
        qml6-module-qtquick-window:arm64 qml6-module-qtqml-workerscript:arm64
        qml6-module-qttest:arm64 qt6-qpa-plugins:arm64
    )
fi

# Installed means: for a name with ":arch", that architecture's package; for a plain name, the
# native or an Architecture: all one. (A plain name of a package installed for two architectures,
# as after --arm64, lists both: reading that as one status took it for missing and ran apt on
# every start, which fails offline.)
native=$(dpkg --print-architecture)
installed=$(dpkg-query -W -f='${Package}:${Architecture} ${db:Status-Status}\n' 2>/dev/null |
    awk '$2 == "installed" { print $1 }')
missing=()
for p in "${packages[@]}"; do
    case "$p" in
    *:*) grep -qxF "$p" <<<"$installed" || missing+=("$p") ;;
    *) grep -qxF -e "$p:$native" -e "$p:all" <<<"$installed" || missing+=("$p") ;;
    esac
done

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "setup: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
    sudo=(sudo)
fi

echo "setup: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
if [ "$arm64" = yes ] && ! dpkg --print-foreign-architectures | grep -qx arm64; then
    "${sudo[@]}" dpkg --add-architecture arm64
fi
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2

if dpkg-query -W -f='${db:Status-Status}' libboost-dev 2>/dev/null | grep -q '^installed$'; then
    echo "setup: warning: libboost-dev (1.74) is installed; it conflicts with libboost1.81-dev" >&2
fi
