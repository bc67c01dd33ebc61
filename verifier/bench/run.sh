#!/usr/bin/env bash
# Bulk `verify` as a user runs it: the CLI started cold (no warm-up, the launcher's defaults) against one local nginx
# edge and Knot DNS, beside that nginx's full-handshake ceiling and a parallel curl loop over the same domains.
#
#   verifier/bench/run.sh [N ...]        (default: 1000 5000)
#
# Environment: CONCURRENCY (default 64), JDKS (JAVA_HOMEs to measure, default: the default java, then Temurin 25 when
# installed), CEILING_SECONDS (default 10), PRIME (domains of the first run, which writes the launcher's archive;
# default 100), KEEP=1 keeps the temp dir.
# Needs: java, mvn, nginx, knotd, openssl, curl, GNU time (Debian: apt-get install -y nginx knot openssl curl time).
# Everything on 127.0.0.1.
set -euo pipefail

NS=("$@")
[ ${#NS[@]} -gt 0 ] || NS=(1000 5000)
CONCURRENCY=${CONCURRENCY:-64}
CEILING_SECONDS=${CEILING_SECONDS:-10}
CORES=$(nproc)
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d /tmp/linkproxy-bench.XXXXXX)
PIDS=()
if [ -z "${JDKS:-}" ]; then
  JDKS="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
  [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ] && JDKS="$JDKS /usr/lib/jvm/temurin-25-jdk-amd64"
fi

cleanup() {
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && wait "$p" 2>/dev/null || true; done
  [ "${KEEP:-0}" = 1 ] && echo "kept $WORK" >&2 || rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

need() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || { echo "needs $1 ($2)" >&2; exit 2; }; }
need java "a JDK 17"; need mvn maven; need nginx "apt-get install -y nginx"; need knotd "apt-get install -y knot"
need openssl openssl; need curl curl; [ -x /usr/bin/time ] || { echo "needs GNU time (apt-get install -y time)" >&2; exit 2; }
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
KNOTD=$(command -v knotd || echo /usr/sbin/knotd)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() {
  for _ in $(seq 1 150); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done
  echo "nothing listens on $1; logs in $WORK" >&2; KEEP=1; exit 1
}

echo "== build the CLI (package, tests skipped)" >&2
(cd "$ROOT" && mvn -q -B package -DskipTests -pl samples -am) >&2
CLI="$ROOT/samples/bin/linkproxy-cloudfront"

echo "== test CA and one edge certificate (RSA 2048: *.bench.test, origin.bench.test)" >&2
cd "$WORK"
openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 30 -subj "/CN=Linkproxy Bench CA" \
    -addext "basicConstraints=critical,CA:true" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -keyout edge.key -out edge.csr -subj "/CN=edge.bench.test" 2>/dev/null
printf 'subjectAltName=DNS:*.bench.test,DNS:origin.bench.test\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:false\n' > ext.cnf
openssl x509 -req -in edge.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 30 -extfile ext.cnf -out edge.crt 2>/dev/null

MAXN=0; for n in "${NS[@]}"; do [ "$n" -gt "$MAXN" ] && MAXN=$n; done
DNS_PORT=$(free_port); HTTPS_PORT=$(free_port); HTTP_PORT=$(free_port)

echo "== Knot DNS on 127.0.0.1:$DNS_PORT with $MAXN link domains" >&2
{
  printf '$ORIGIN bench.test.\n$TTL 60\n@ SOA ns admin 1 3600 600 86400 60\n@ NS ns\nns A 127.0.0.1\n'
  # The origin's published address is not the edge's (dns-cutover compares them); it is reached by --connect-to.
  printf 'edge A 127.0.0.1\norigin A 192.0.2.10\n'
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

for ((i = 0; i < MAXN; i++)); do echo "d$i.bench.test"; done > all-domains.txt

# One cold CLI run: domains/s, peak RSS (GNU time), ready count.
cli_run() {
  local jdk=$1 n=$2 start end
  head -n "$n" all-domains.txt > "domains-$n.txt"
  start=$(date +%s.%N)
  PATH="$jdk/bin:$PATH" /usr/bin/time -f '%M' -o "time-$n.txt" "$CLI" verify --domains-file "domains-$n.txt" --json \
      --resolver "127.0.0.1:$DNS_PORT" --ca-file "$WORK/ca.pem" --origin origin.bench.test --link '/wf/click?upn=bench' --expect-target edge.bench.test \
      --connect-to "origin.bench.test:443:127.0.0.1:$HTTPS_PORT" --connect-to ":443::$HTTPS_PORT" \
      --connect-to ":80::$HTTP_PORT" --allow-addresses 127.0.0.0/8,::1/128 --concurrency "$CONCURRENCY" \
      > "out-$n.jsonl" 2> "cli-$n.err" || true
  end=$(date +%s.%N)
  local ready; ready=$(grep -c '"ready":true' "out-$n.jsonl" || true)
  awk -v n="$n" -v s="$start" -v e="$end" -v rss="$(tail -1 "time-$n.txt")" -v r="$ready" \
      'BEGIN { printf "%d %.1f %.0f %d\n", n, n / (e - s), rss / 1024, r }'
}

# The stand-in a user would otherwise write: one curl per domain, $CONCURRENCY at once, the tracked link over HTTPS.
curl_run() {
  local n=$1 start end
  start=$(date +%s.%N)
  xargs -P "$CONCURRENCY" -I{} curl -s -o /dev/null --cacert "$WORK/ca.pem" --connect-to "::127.0.0.1:$HTTPS_PORT" \
      "https://{}/wf/click?upn=bench" < "domains-$n.txt"
  end=$(date +%s.%N)
  awk -v n="$n" -v s="$start" -v e="$end" 'BEGIN { printf "%.1f", n / (e - s) }'
}

echo "== cold CLI runs, concurrency $CONCURRENCY; JDKs: $JDKS" >&2
# The launcher's archive (class-data sharing; an AOT cache on JDK 25) is written by a user's first verify and mapped by
# every later one: a first run of $PRIME domains writes it here, in a cache of the benchmark's own, before the timed runs.
PRIME=${PRIME:-100}
export XDG_CACHE_HOME="$WORK/cache"
RESULTS=()
for jdk in $JDKS; do
  v=$("$jdk/bin/java" -version 2>&1 | head -1 | sed -E 's/.*version "([^"]+)".*/\1/')
  read -r _ pdps _ _ <<< "$(cli_run "$jdk" "$PRIME")"
  echo "jdk $v: first run ($PRIME domains, writes the launcher's archive): $pdps domains/s" >&2
  for n in "${NS[@]}"; do
    read -r rn dps rss ready <<< "$(cli_run "$jdk" "$n")"
    c=$(curl_run "$n")
    echo "jdk $v N=$n: $dps domains/s, peak RSS $rss MB, $ready ready; curl loop $c/s" >&2
    RESULTS+=("$v $rn $dps $rss $ready $c")
  done
done

echo "== nginx full-handshake ceiling after the runs ($CORES clients)" >&2
CA=$(ceiling "$CORES")
CEIL=$(printf '%s\n' "$C1" "$CB" "$CA" | sort -g | tail -1)
echo "ceiling after: $CA/s; ceiling used: $CEIL/s" >&2

HS_PER_DOMAIN=2
echo
echo "% ceiling: domains/s against the issue's 2-handshake ceiling (ceiling / $HS_PER_DOMAIN). A domain costs the verifier one"
echo "full handshake with its edge (the tls check; https-link rides on it) and plain HTTP; the origin is asked once per"
echo "domain on kept-alive connections. No resumption towards the edge. nginx: $CORES workers, RSA 2048."
printf '%-8s %-6s %10s %12s %8s %12s %12s %9s\n' JDK N domains/s peakRSS_MB ready curl/s ceiling/s "% ceiling"
for line in "${RESULTS[@]}"; do
  read -r v n dps rss ready c <<< "$line"
  awk -v v="$v" -v n="$n" -v d="$dps" -v rss="$rss" -v r="$ready" -v c="$c" -v ceil="$CEIL" -v hs="$HS_PER_DOMAIN" \
      'BEGIN { printf "%-8s %-6s %10.1f %12.0f %8s %12.1f %12.1f %8.0f%%\n", v, n, d, rss, r, c, ceil / hs, 100 * d * hs / ceil }'
done
echo "cold CLI via samples/bin/linkproxy-cloudfront (its launcher flags); $CORES cores"
