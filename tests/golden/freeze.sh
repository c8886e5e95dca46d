#!/usr/bin/env bash
# Rewrites the frozen `bandstation analyze` outputs of tests/golden/expected/ from the build's
# binary (default build/tools/bandstation). Run it when a change to the analyzer is meant, look at
# `git diff tests/golden/expected`, and say in the commit why each figure moved.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${1:-$root/build/tools/bandstation}
traces=${BANDSTATION_TRACES_DIR:-$root/../shared/data/traces}
mkdir -p "$root/tests/golden/expected"
for trace in "$traces"/*.csv; do
    name=$(basename "$trace" .csv)
    python3 "$root/tests/golden/compare_trace.py" --bin "$bin" --trace "$trace" \
        --expected "$root/tests/golden/expected/$name.json" --update ||
        echo "($name fails its checks against the truth: look before you commit it)"
done
