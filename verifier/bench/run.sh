#!/usr/bin/env bash
# Bulk verifier throughput against one local nginx edge and Knot DNS, and that nginx's full-handshake ceiling.
#
#   verifier/bench/run.sh [N ...]        (default: 1000 5000)
#
# Environment: CONCURRENCY (default 32), HEAP (JVM flags, default -Xmx256m), CEILING_SECONDS (default 10), KEEP=1 keeps the temp dir.
# Needs: java 17, mvn, nginx, knotd, openssl (Debian: apt-get install -y nginx knot openssl). Everything on 127.0.0.1.
set -euo pipefail

NS=("$@")
[ ${#NS[@]} -gt 0 ] || NS=(1000 5000)
CONCURRENCY=${CONCURRENCY:-32}
HEAP=${HEAP:--Xmx256m}
CEILING_SECONDS=${CEILING_SECONDS:-10}
CORES=$(nproc)
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d /tmp/linkproxy-bench.XXXXXX)
PIDS=()

cleanup() {
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && wait "$p" 2>/dev/null || true; done
  [ "${KEEP:-0}" = 1 ] && echo "kept $WORK" >&2 || rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

need() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || { echo "needs $1 ($2)" >&2; exit 2; }; }
need java "a JDK 17"; need mvn maven; need nginx "apt-get install -y nginx"; need knotd "apt-get install -y knot"
need openssl openssl
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
KNOTD=$(command -v knotd || echo /usr/sbin/knotd)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() {
  for _ in $(seq 1 150); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done
  echo "nothing listens on $1; logs in $WORK" >&2; KEEP=1; exit 1
}

echo "== build (package, tests skipped)" >&2
(cd "$ROOT" && mvn -q -B package dependency:build-classpath -DskipTests -DincludeScope=runtime \
    -Dmdep.outputFile=target/bench.classpath -pl verifier -am) >&2
CP="$(ls "$ROOT"/verifier/target/linkproxy-verifier-*.jar | grep -v -e sources -e javadoc -e tests | head -1):$(cat "$ROOT/verifier/target/bench.classpath")"
mkdir -p "$WORK/classes"
javac -d "$WORK/classes" -cp "$CP" "$ROOT"/verifier/bench/src/dev/linkproxy/verifier/bench/*.java

echo "== test CA and one edge certificate (RSA 2048: *.bench.test, origin.bench.test)" >&2
cd "$WORK"
openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -subj "/CN=Linkproxy Bench CA" \
    -addext "basicConstraints=critical,CA:true" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -keyout edge.key -out edge.csr -subj "/CN=edge.bench.test" 2>/dev/null
printf 'subjectAltName=DNS:*.bench.test,DNS:origin.bench.test\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:false\n' > ext.cnf
openssl x509 -req -in edge.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -extfile ext.cnf -out edge.crt 2>/dev/null

MAXN=0; for n in "${NS[@]}"; do [ "$n" -gt "$MAXN" ] && MAXN=$n; done
DNS_PORT=$(free_port); HTTPS_PORT=$(free_port); HTTP_PORT=$(free_port)

echo "== Knot DNS on 127.0.0.1:$DNS_PORT with $MAXN link domains" >&2
{
  printf '$ORIGIN bench.test.\n$TTL 60\n@ SOA ns admin 1 3600 600 86400 60\n@ NS ns\nns A 127.0.0.1\n'
  printf 'edge A 127.0.0.1\norigin A 127.0.0.1\n'
  for ((i = 0; i < MAXN; i++)); do printf 'd%d CNAME edge\n' "$i"; done
} > bench.test.zone
mkdir -p db
cat > knot.conf <<KNOT
server:
    rundir: "$WORK"
    listen: 127.0.0.1@$DNS_PORT
    background-workers: 1
control:
    listen: "$WORK/knot.sock"
database:
    storage: "$WORK/db"
log:
  - target: stderr
    any: warning
zone:
  - domain: bench.test
    storage: "$WORK"
    file: "bench.test.zone"
KNOT
"$KNOTD" -c knot.conf > knot.log 2>&1 &
PIDS+=($!)
wait_port "$DNS_PORT"

echo "== nginx on 127.0.0.1:$HTTPS_PORT (TLS) and :$HTTP_PORT, $CORES workers, no session cache, no tickets" >&2
mkdir -p nginx/logs
USER_LINE=""; [ "$(id -u)" = 0 ] && USER_LINE="user root;"
cat > nginx/nginx.conf <<NGINX
$USER_LINE
worker_processes $CORES;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $WORK/nginx/tmp-body; proxy_temp_path $WORK/nginx/tmp-proxy;
  fastcgi_temp_path $WORK/nginx/tmp-fcgi; uwsgi_temp_path $WORK/nginx/tmp-uwsgi; scgi_temp_path $WORK/nginx/tmp-scgi;
  # Every handshake is a full one: the ceiling and the verifier are measured alike.
  ssl_session_cache off;
  ssl_session_tickets off;
  ssl_protocols TLSv1.2 TLSv1.3;
  ssl_certificate $WORK/edge.crt;
  ssl_certificate_key $WORK/edge.key;
  server {
    listen 127.0.0.1:$HTTPS_PORT ssl default_server;
    listen 127.0.0.1:$HTTP_PORT default_server;
    server_name _;
    # Edge and origin alike: the tracked link is the origin's 302, so the link checks compare equal answers.
    location /wf/click { return 302 https://dest.test/landing?via=\$host&\$args; }
    location / { return 404; }
  }
}
NGINX
"$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" > nginx.log 2>&1 &
PIDS+=($!)
wait_port "$HTTPS_PORT"; wait_port "$HTTP_PORT"

# The nginx full-handshake ceiling: openssl s_time -new (a C client, full handshakes only: nginx keeps no session
# cache and sends no tickets). Summed over $1 parallel clients, in handshakes per second.
ceiling() {
  local k=$1 i pids=()
  for ((i = 0; i < k; i++)); do
    openssl s_time -connect "127.0.0.1:$HTTPS_PORT" -new -time "$CEILING_SECONDS" -CAfile ca.pem > "stime-$k-$i.out" 2>&1 &
    pids+=($!)
  done
  wait "${pids[@]}" || true
  cat stime-$k-*.out | awk '/connections in [0-9.]+ real seconds/ { s += $1 / $4 } END { printf "%.1f", s }'
}

echo "== nginx full-handshake ceiling before the runs: openssl s_time -new, ${CEILING_SECONDS}s, 1 and $CORES clients" >&2
C1=$(ceiling 1); CB=$(ceiling "$CORES")
echo "ceiling before: 1 client $C1/s, $CORES clients $CB/s" >&2

echo "== bulk verifier: JVM $HEAP, concurrency $CONCURRENCY" >&2
RESULTS=()
for n in "${NS[@]}"; do
  WARM=$(( MAXN < 2000 ? MAXN : 2000 ))  # JIT warm-up, unmeasured: the figures are steady state
  line=$(java $HEAP -cp "$WORK/classes:$CP" dev.linkproxy.verifier.bench.BulkBench \
      "$DNS_PORT" "$HTTPS_PORT" "$HTTP_PORT" "$WORK/ca.pem" "$n" "$CONCURRENCY" "$WARM" 2> "bench-$n.err" | grep "^n=") \
      || { cat "bench-$n.err" >&2; exit 1; }
  echo "$line" >&2
  RESULTS+=("$line")
done

echo "== nginx full-handshake ceiling after the runs ($CORES clients)" >&2
CA=$(ceiling "$CORES")
# The highest of the three: the ratio is measured against the best this nginx did on this run.
CEIL=$(printf '%s\n' "$C1" "$CB" "$CA" | sort -g | tail -1)
echo "ceiling after: $CA/s; ceiling used: $CEIL/s" >&2

HS_PER_DOMAIN=3
echo
echo "Handshakes counted per domain: $HS_PER_DOMAIN (tls check: 1 address; origin asked over HTTPS: 1; https-link: 1;"
echo "http-link is plain HTTP). No session resumption on either side. nginx: $CORES workers, RSA 2048, TLS 1.3."
printf '%-6s %10s %9s %9s %10s %8s %14s %12s %7s\n' N domains/s p50_ms p99_ms peakRSS_MB ready handshakes/s ceiling/s ratio
for line in "${RESULTS[@]}"; do
  get() { sed -E "s/.*\\b$1=([^ ]+).*/\\1/" <<< "$line"; }
  dps=$(get domainsPerSec)
  awk -v n="$(get n)" -v d="$dps" -v p50="$(get p50Ms)" -v p99="$(get p99Ms)" -v rss="$(get peakRssMb)" \
      -v ready="$(get ready)" -v hs="$HS_PER_DOMAIN" -v c="$CEIL" \
      'BEGIN { printf "%-6s %10.1f %9.1f %9.1f %10.1f %8s %14.1f %12.1f %7.2f\n", n, d, p50, p99, rss, ready, d*hs, c, d*hs/c }'
done
echo "JVM flags: $HEAP, concurrency $CONCURRENCY; $(java -version 2>&1 | head -1); $CORES cores"
