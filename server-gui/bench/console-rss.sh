#!/usr/bin/env bash
# Resident memory of the server console (the JavaFX window, with its server inside) at N
# heart-beating clients, and a screenshot of it (issue 18: "the console's at 1,000 clients").
#
#   bash server-gui/bench/console-rss.sh [CLIENTS=1000] [SECONDS=60] [JVM flags…]
#
# Starts Xvfb (1280x800) when no display is set, a console with a fresh data directory holding
# CLIENTS load accounts (--autostart, weather alerts every 30 s), then CLIENTS load clients in a
# separate JVM (ccn.alerts.bench.Crowd) that log in, ACK every alert and heartbeat every 10 s.
# Prints VmRSS of the console's JVM once all are logged in and after SECONDS more, and saves
# /tmp/console-rss.png. JVM flags default to the launchers' (the root pom's launcher.memory.flags).
set -euo pipefail
cd "$(dirname "$0")/../.."
CLIENTS=${1:-1000}
SECONDS_MEASURED=${2:-60}
shift $(( $# > 2 ? 2 : $# ))
FLAGS=("$@")
if [ ${#FLAGS[@]} -eq 0 ]; then
    read -r -a FLAGS <<< "$(sed -n 's:.*<launcher.memory.flags>\(.*\)</launcher.memory.flags>.*:\1:p' pom.xml)"
fi

# shellcheck source=../../.ci/find-jdk.sh
source .ci/find-jdk.sh
./mvnw -q -o -pl core,server-gui -am test-compile >&2 2>/dev/null || ./mvnw -q -pl core,server-gui -am test-compile >&2
./mvnw -q -o -pl server-gui dependency:build-classpath -Dmdep.outputFile=/tmp/console-rss.cp >&2
./mvnw -q -o -pl core dependency:build-classpath -Dmdep.outputFile=/tmp/console-rss-core.cp >&2
CONSOLE_CP="server-gui/target/classes:core/target/classes:$(cat /tmp/console-rss.cp)"
CROWD_CP="core/target/classes:core/target/test-classes:$(cat /tmp/console-rss-core.cp)"

DIR=$(mktemp -d /tmp/console-rss-XXXXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

if [ -z "${DISPLAY:-}" ]; then
    command -v Xvfb >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq xvfb imagemagick libgtk-3-0 fonts-dejavu-core; } >&2
    Xvfb :57 -screen 0 1280x800x24 >/dev/null 2>&1 & pids+=($!)
    export DISPLAY=:57
fi
ulimit -n 20000 2>/dev/null || true
java -cp "$CROWD_CP" ccn.alerts.bench.Crowd prepare "$DIR" "$CLIENTS"
java "${FLAGS[@]}" -cp "$CONSOLE_CP" ccn.alerts.server.gui.ServerConsole --data-dir "$DIR" --port "$PORT" \
    --autostart --max-unauthenticated-per-address 100000 >"$DIR/console.out" 2>&1 & CONSOLE=$!; pids+=($CONSOLE)
for _ in $(seq 1 300); do [ -s "$DIR/shared.key" ] && (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.2; done
rss() { awk '/VmRSS/{printf "%.1f", $2/1024}' "/proc/$CONSOLE/status"; }
echo "console JVM flags: ${FLAGS[*]}"
echo "RSS before clients: $(rss) MiB"
java -cp "$CROWD_CP" ccn.alerts.bench.Crowd connect "$PORT" "$DIR/shared.key" "$CLIENTS" "$SECONDS_MEASURED" \
    > "$DIR/crowd.out" 2>&1 & CROWD=$!; pids+=($CROWD)
until grep -q "LOGGED_IN" "$DIR/crowd.out" 2>/dev/null; do kill -0 $CROWD 2>/dev/null || { cat "$DIR/crowd.out"; exit 1; }; sleep 0.5; done
echo "$(grep LOGGED_IN "$DIR/crowd.out")"
echo "RSS all logged in: $(rss) MiB"
wait $CROWD || true
echo "RSS after ${SECONDS_MEASURED} s more: $(rss) MiB (load average $(cut -d' ' -f1-3 /proc/loadavg))"
grep DONE "$DIR/crowd.out" || true
command -v import >/dev/null && import -window root /tmp/console-rss.png && echo "screenshot: /tmp/console-rss.png"
