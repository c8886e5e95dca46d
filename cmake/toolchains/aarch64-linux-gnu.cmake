# Cross-building for the Raspberry Pi (64-bit Raspberry Pi OS or Debian bookworm, arm64) on a
# Debian x86_64 machine with Debian's multiarch packages:
#   dpkg --add-architecture arm64 && apt-get update
#   apt-get install crossbuild-essential-arm64 qemu-user-static <the :arm64 -dev packages>
# (scripts/cross-test.sh does all of it). Libraries and CMake packages come from
# /usr/lib/aarch64-linux-gnu; Qt's code generators (moc, rcc, qmlcachegen...) are the host's, and
# the test executables run under qemu-aarch64-static.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)

set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)

# Multiarch: the target's headers and libraries live beside the host's under /usr, so the root is
# / and find_* keep to the target's architecture directories; programs are the host's.
set(CMAKE_FIND_ROOT_PATH /)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE BOTH)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE BOTH)
set(CMAKE_PREFIX_PATH /usr/lib/aarch64-linux-gnu/cmake)

set(ENV{PKG_CONFIG_LIBDIR} "/usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig")
set(ENV{PKG_CONFIG_SYSROOT_DIR} "")

# Qt 6 cross builds take the code generators from a host Qt of the same version.
set(QT_HOST_PATH /usr CACHE PATH "The host's Qt (for moc, rcc, qmlcachegen)")
set(QT_HOST_PATH_CMAKE_DIR /usr/lib/x86_64-linux-gnu/cmake CACHE PATH "The host Qt's CMake packages")

find_program(BANDSTATION_QEMU_AARCH64 qemu-aarch64-static)
if(BANDSTATION_QEMU_AARCH64)
    set(CMAKE_CROSSCOMPILING_EMULATOR ${BANDSTATION_QEMU_AARCH64})
endif()

set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE arm64 CACHE STRING "The Debian architecture of the packages")
