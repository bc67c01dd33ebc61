#!/usr/bin/env bash
# Cold start of the CLI as a user runs it: `bin/linkproxy-cloudfront plan --offline` of the runbook spec from the unpacked
# distribution, beside `java -version` on the same JVM, each the median of RUNS runs (default 7), wall and CPU seconds:
# without the launcher's class-data-sharing archive (LINKPROXY_CDS=off), the first run (which writes the archive, once
# per JVM and build), and the runs after it (which map it).
#
#   samples/bench/coldstart.sh            (needs the distribution: mvn -q -B package -DskipTests)
#
# Environment: RUNS, JAVA (default: java on the PATH). Needs GNU time (apt-get install -y time).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
RUNS=${RUNS:-7}
JAVA=${JAVA:-java}
archive=$(ls "$ROOT"/samples/target/linkproxy-samples-*-dist.tar.gz 2>/dev/null | head -1)
[ -n "$archive" ] || { echo "no distribution: run mvn -q -B package -DskipTests first" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs GNU time (apt-get install -y time)" >&2; exit 2; }
work=$(mktemp -d /tmp/linkproxy-coldstart.XXXXXX)
trap 'rm -rf "$work"' EXIT
tar -xzf "$archive" -C "$work" --strip-components 1
cd "$work"
spec="$work/specs/runbook.yaml"
cli="$work/bin/linkproxy-cloudfront"
JAVA_BIN=$(dirname "$(readlink -f "$(command -v "$JAVA")")")
export PATH="$JAVA_BIN:$PATH" XDG_CACHE_HOME="$work/cache"

# One measurement: "wall cpu" in seconds.
measure() {
  /usr/bin/time -f '%e %U %S' -o "$work/t" "$@" > /dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }
  awk '{ printf "%.3f %.3f\n", $1, $2 + $3 }' "$work/t"
}

# The median wall and CPU of RUNS measurements of the command.
median() {
  for ((i = 0; i < RUNS; i++)); do measure "$@"; done > "$work/m"
  local w c
  w=$(cut -d' ' -f1 "$work/m" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
  c=$(cut -d' ' -f2 "$work/m" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
  echo "$w $c"
}

version=$(java -version 2>&1 | head -1)
plan=(plan --offline --spec "$spec")
read -r jw jc <<< "$(median java -version)"
read -r ow oc <<< "$(LINKPROXY_CDS=off median "$cli" "${plan[@]}")"
read -r fw fc <<< "$(measure "$cli" "${plan[@]}")"
ls "$XDG_CACHE_HOME"/linkproxy 2>/dev/null | grep -Eq '[.](jsa|aot)$' || { echo "the first run wrote no archive" >&2; exit 1; }
read -r cw cc <<< "$(median "$cli" "${plan[@]}")"

echo "$version; median of $RUNS runs; $(nproc) cores"
printf '%-60s %8s %8s\n' command "wall s" "cpu s"
printf '%-60s %8s %8s\n' "java -version" "$jw" "$jc"
printf '%-60s %8s %8s\n' "linkproxy-cloudfront plan --offline, LINKPROXY_CDS=off" "$ow" "$oc"
printf '%-60s %8s %8s\n' "the first run, which writes the archive (once)" "$fw" "$fc"
printf '%-60s %8s %8s\n' "linkproxy-cloudfront plan --offline (the archive mapped)" "$cw" "$cc"
