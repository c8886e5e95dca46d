#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, with AddressSanitizer and UBSan over the whole tree) in
# build-fuzz and runs each for a bounded time from the committed seed corpus. A crash leaves its
# input in build-fuzz/crashes/ and fails the script.
#   scripts/fuzz.sh [SECONDS_PER_TARGET]   (default 30)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
build=build-fuzz
cxx=$(command -v clang++ || command -v clang++-14 || true)
[ -n "$cxx" ] || { echo "fuzz: clang++ is missing (scripts/setup.sh installs it)" >&2; exit 1; }

flags="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER="$cxx" \
    -DCMAKE_CXX_FLAGS="$flags" -DBANDSTATION_FUZZ=ON -DBANDSTATION_BUILD_TESTS=OFF \
    -DBANDSTATION_BUILD_BENCH=OFF -DBANDSTATION_BUILD_UI=OFF >/dev/null
cmake --build "$build" --target request_fuzz json_fuzz

mkdir -p "$build/crashes"
for target in request json; do
    corpus="$build/corpus/$target"
    mkdir -p "$corpus"
    echo "fuzz: ${target}_fuzz for ${seconds} s" >&2
    "$build/tests/fuzz/${target}_fuzz" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$build/crashes/${target}-" \
        "$corpus" "tests/fuzz/corpus/$target" 2>"$build/${target}_fuzz.log" ||
        { tail -40 "$build/${target}_fuzz.log" >&2; exit 1; }
    grep -E "stat::number_of_executed_units|cov:" "$build/${target}_fuzz.log" | tail -2 >&2
done
