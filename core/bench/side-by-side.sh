#!/usr/bin/env bash
# Our server and Mosquitto, measured side by side by the same subscribers in one run:
# fan-out to the last receipt (p50, p99), server CPU per recipient, resident memory.
#
#   bash core/bench/side-by-side.sh [--clients 1000,10000] [--alerts 100] [--warmup 20]
#                                   [--systems ccn,mosquitto] [--server-opts "-Xmx256m"]
#
# Installs Debian's mosquitto package when it is missing (sudo or root), builds the project
# once if needed, and starts and stops both servers itself. Writes the JSON lines and the table
# to standard output, with the machine's load average at each step.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ ! -x /usr/sbin/mosquitto ]; then
    echo "Installing mosquitto from the distribution's packages…" >&2
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq mosquitto >&2
    # The package starts a broker on port 1883; we start our own on a free port.
    $SUDO systemctl stop mosquitto >/dev/null 2>&1 || $SUDO service mosquitto stop >/dev/null 2>&1 || true
fi

# shellcheck source=../../.ci/find-jdk.sh
source .ci/find-jdk.sh
if [ ! -d core/target/test-classes/ccn/alerts/bench ]; then
    ./mvnw -q -pl core -am test-compile >&2
fi
CP_FILE=core/target/side-by-side.classpath
[ -s "$CP_FILE" ] || ./mvnw -q -pl core dependency:build-classpath -Dmdep.outputFile="$(pwd)/$CP_FILE" >&2
ulimit -n 20000 2>/dev/null || true
exec java -cp "core/target/classes:core/target/test-classes:$(cat "$CP_FILE")" ccn.alerts.bench.SideBySide "$@"
