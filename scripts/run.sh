#!/usr/bin/env bash
# The README's run command: installs what is missing, builds, and runs the main job. Until the
# daemon lands (issue #5) the main job is `bandstation analyze` on an example trace; arguments
# replace the default ones, e.g. scripts/run.sh analyze --exercise clamshell FILE.csv
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
"$root/scripts/build.sh" >/dev/null

if [ $# -gt 0 ]; then
    exec "$root/build/tools/bandstation" "$@"
fi
trace="$root/../shared/data/traces/banded_bridge_80hz.csv"
[ -f "$trace" ] || trace="$root/tests/data/banded_bridge_short.csv"
echo "bandstation analyze --exercise banded_bridge $trace" >&2
exec "$root/build/tools/bandstation" analyze --exercise banded_bridge "$trace"
