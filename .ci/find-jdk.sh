#!/usr/bin/env bash
# Sourced by .ci/run and the README's commands: exports JAVA_HOME pointing at a JDK 21 or newer.
# Order: an existing JAVA_HOME, the `java` on PATH, then the newest JDK under /usr/lib/jvm
# (Debian/Ubuntu) or /Library/Java/JavaVirtualMachines (macOS).

ccn_java_major() {
  "$1" -version 2>&1 | head -n 1 | sed -E 's/^[^"]*"([0-9]+)(\.[^"]*)?".*$/\1/; s/^[^"]*"1\.([0-9]+).*$/\1/'
}

ccn_find_jdk() {
  local candidates=() best="" best_major=0 home java major
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for home in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$home" ] && candidates+=("$home")
  done
  for home in "${candidates[@]}"; do
    java="$home/bin/java"
    [ -x "$java" ] && [ -x "$home/bin/javac" ] || continue
    major=$(ccn_java_major "$java")
    case "$major" in ''|*[!0-9]*) continue ;; esac
    # An explicit JAVA_HOME that is new enough wins; otherwise take the newest.
    if [ "$major" -ge 21 ] && [ "$home" = "${JAVA_HOME:-}" ]; then best="$home"; break; fi
    if [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then best="$home"; best_major=$major; fi
  done
  if [ -z "$best" ]; then
    echo "ERROR: no JDK 21 or newer found (checked JAVA_HOME, PATH and /usr/lib/jvm)." >&2
    echo "Install one, e.g. 'apt-get install temurin-21-jdk' or https://adoptium.net, then set JAVA_HOME." >&2
    return 1
  fi
  export JAVA_HOME="$best"
  export PATH="$JAVA_HOME/bin:$PATH"
}

ccn_find_jdk
