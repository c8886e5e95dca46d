#!/usr/bin/env bash
# The README's run command: installs what is missing, builds, and runs the station: bandstationd on
# the simulated sensor, its database and a control token under ./var, the API on 127.0.0.1:7420.
# Where there is a display (DISPLAY or WAYLAND_DISPLAY), the touchscreen app opens in a window at
# the 7" screen's 800×480 and the daemon runs behind it; closing the window stops both.
# Arguments go to bandstationd, e.g. scripts/run.sh --sensor replay:FILE.csv --listen 0.0.0.0:7420
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
"$root/scripts/build.sh" >/dev/null
cd "$root"
mkdir -p var
db=var/bandstation.db

# A token for trying the API, made once and kept in var/ (only its hash is in the database).
if [ ! -s var/control.token ]; then
    # The daemon creates the database; a short first run does that before the token is made.
    if [ ! -f "$db" ]; then
        timeout 3 build/daemon/bandstationd --db "$db" --listen 127.0.0.1:0 --log-level error || true
    fi
    build/tools/bandstation token create --scope control --name "scripts/run.sh" --db "$db" \
        >var/control.token 2>/dev/null
fi
token=$(cat var/control.token)
cat >&2 <<INFO
bandstationd: simulated sensor, database $db, API http://127.0.0.1:7420 (Ctrl-C stops it)
  a control token is in var/control.token; try, in another terminal:
    curl -H "Authorization: Bearer $token" -X POST http://127.0.0.1:7420/api/v1/sessions
    curl -H "Authorization: Bearer $token" -X POST http://127.0.0.1:7420/api/v1/sets \\
         -d '{"exercise":"banded_bridge","reps":5,"sets":2,"rest_s":10}'
    curl -H "Authorization: Bearer $token" http://127.0.0.1:7420/api/v1/state
INFO
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    exec build/daemon/bandstationd --db "$db" "$@"
fi
build/daemon/bandstationd --db "$db" "$@" &
daemon=$!
trap 'kill "$daemon" 2>/dev/null; wait "$daemon" 2>/dev/null' EXIT
echo "bandstation-ui: the touchscreen in a window (close it to stop the station)" >&2
BANDSTATION_TOKEN=$token build/ui/bandstation-ui --url http://127.0.0.1:7420 || true
