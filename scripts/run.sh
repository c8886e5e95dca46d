#!/usr/bin/env bash
# The README's run command: installs what is missing, builds, and runs the station: bandstationd on
# the simulated sensor, its database and a control token under ./var, the API on 127.0.0.1:7420.
# Where there is a display (DISPLAY or WAYLAND_DISPLAY), the touchscreen app opens in a window at
# the 7" screen's 800×480 and the daemon runs behind it; closing the window stops both.
# Arguments go to bandstationd, e.g. scripts/run.sh --sensor replay:FILE.csv --listen 0.0.0.0:7420;
# the window talks to the address given with --listen (BANDSTATION_URL overrides it).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
"$root/scripts/build.sh" >/dev/null
cd "$root"
mkdir -p var
db=var/bandstation.db

# Where the daemon listens (the last --listen wins, as in bandstationd), so the window and the
# examples below talk to this daemon and not to another one on 7420.
listen=127.0.0.1:7420
previous=
for a in "$@"; do
    case "$a" in
    --listen=*) listen=${a#--listen=} ;;
    *) [ "$previous" = --listen ] && listen=$a ;;
    esac
    previous=$a
done
host=${listen%:*}
case "$host" in 0.0.0.0 | "" | "*") host=127.0.0.1 ;; esac
url=${BANDSTATION_URL:-http://$host:${listen##*:}}

# A token for trying the API, made once and kept in var/ (only its hash is in the database, which
# --init creates on the first run).
if [ ! -s var/control.token ]; then
    build/tools/bandstation token create --init --scope control --name "scripts/run.sh" \
        --db "$db" >var/control.token.new
    mv var/control.token.new var/control.token
fi
token=$(cat var/control.token)
cat >&2 <<INFO
bandstationd: simulated sensor, database $db, API $url (Ctrl-C stops it)
  a control token is in var/control.token; try, in another terminal:
    curl -H "Authorization: Bearer $token" -H "Content-Type: application/json" \\
         -X POST $url/api/v1/sessions -d '{}'
    curl -H "Authorization: Bearer $token" -H "Content-Type: application/json" \\
         -X POST $url/api/v1/sets -d '{"exercise":"banded_bridge","reps":5,"sets":2,"rest_s":10}'
    curl -H "Authorization: Bearer $token" $url/api/v1/state
INFO
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    exec build/daemon/bandstationd --db "$db" "$@"
fi
build/daemon/bandstationd --db "$db" "$@" &
daemon=$!
trap 'kill "$daemon" 2>/dev/null; wait "$daemon" 2>/dev/null' EXIT
echo "bandstation-ui: the touchscreen in a window (close it to stop the station)" >&2
BANDSTATION_TOKEN=$token build/ui/bandstation-ui --url "$url" || true
