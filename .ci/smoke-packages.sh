#!/usr/bin/env bash
# After the tests: builds what lab machines get and starts it once.
#  1. the runnable jars (-Pdist): with a Java older than 21 (the machine's default Java 17, if
#     present) each must print the one sentence naming the Java to install;
#  2. the jpackage application image (-Pinstaller): its headless server launcher must start on
#     port 0 from the image's own runtime and stop gracefully on SIGTERM.
# About 30 s in all on the 2-core CI machine (each package step ~10-15 s with a warm repository).
set -euo pipefail
cd "$(dirname "$0")/.."
fail() { echo "smoke-packages: $*" >&2; exit 1; }

echo "== runnable jars (-Pdist)"
./mvnw -B -q -Pdist -DskipTests package
old_java=""
for home in /usr/lib/jvm/*17* /usr/lib/jvm/*11* /usr/lib/jvm/*-8-*; do
  [ -x "$home/bin/java" ] && { old_java="$home/bin/java"; break; }
done
if [ -n "$old_java" ]; then
  for jar in server-gui/target/ccn-alerts-server.jar client-gui/target/ccn-alerts-client.jar; do
    out=$("$old_java" -jar "$jar" 2>&1 || true)
    echo "$jar with $old_java: $out"
    case "$out" in
      "CCN Alert System needs Java 21 or newer, but was started with Java "*) ;;
      *) fail "$jar did not name the Java to install" ;;
    esac
  done
else
  echo "no Java older than 21 under /usr/lib/jvm: version-check run skipped (LauncherTest covers the check)"
fi

echo "== application image (-Pinstaller)"
./mvnw -B -q -pl server-gui -am -Pinstaller -DskipTests package
image=server-gui/target/installer/out/ccn-alerts
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
# With stdin at its end the headless server serves on until a signal, as under nohup.
"$image/bin/ccn-alerts-server" --port 0 --data-dir "$data/server" --no-auto-alerts --password-iterations 1000 \
  < /dev/null > "$data/out.txt" 2>&1 &
pid=$!
for _ in $(seq 1 60); do
  grep -q "^CCN Alert Server on 127.0.0.1:[0-9]*$" "$data/out.txt" && break
  kill -0 "$pid" 2>/dev/null || { cat "$data/out.txt"; fail "the packaged server exited"; }
  sleep 0.5
done
grep -q "^CCN Alert Server on" "$data/out.txt" || { cat "$data/out.txt"; fail "the packaged server did not start"; }
kill -TERM "$pid"
wait "$pid" || true
tail -n 1 "$data/server/server_log.txt" | grep -q "Server shutdown complete" \
  || { cat "$data/out.txt"; fail "the packaged server did not shut down gracefully"; }
grep -q "Exception" "$data/out.txt" && { cat "$data/out.txt"; fail "a stack trace from the packaged server"; }
echo "packaged headless server: started on $(grep -o '127.0.0.1:[0-9]*' "$data/out.txt" | head -n 1), stopped gracefully on SIGTERM"
