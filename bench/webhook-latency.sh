#!/usr/bin/env bash
# `make bench-webhooks`: what webhooks cost under write load. On the small register, create-risk is driven with wrk
# without a subscription, then with one, then with ten (each to its own path of a receiver on loopback that answers
# 200 at once); the receiver records, per event, the time from the change's commit (the event's occurredAt) to its
# arrival. After each load the script waits until every webhook has delivered everything ("drained").
# It also reads the CPU time of the service and of the receiver (/proc/<pid>/stat, utime + stime) around each run: the
# service's µs per create-risk during the run and over the run and its drain, its µs per delivery (what it spent over
# run and drain beyond the creates' own cost measured without a subscription), the receiver's µs per delivery, and the
# loss the service's own CPU implies (its µs per create without a subscription over its µs per create with them,
# deliveries included) beside the req/s loss, which on 2 cores also counts the receiver's and wrk's CPU.
# Settings (environment): DURATION=10 CONNECTIONS=32 SUBSCRIPTIONS="1 10" DRAIN_SECONDS=600 PORT=5098, API_DLL (another build's
# RiskRegister.Api.dll, to compare; the default is this tree's Release build), PROFILE=1 (perf samples the service
# during each run with subscriptions: bench/results/profile-webhooks/<subscriptions>.txt; its figures are not for comparison)
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10}; CONNECTIONS=${CONNECTIONS:-32}; PORT=${PORT:-5098}; RECEIVER_PORT=$((PORT + 1))
SUBSCRIPTIONS=${SUBSCRIPTIONS:-1 10}; DRAIN_SECONDS=${DRAIN_SECONDS:-600}; API_DLL=${API_DLL:-src/RiskRegister.Api/bin/Release/net10.0/RiskRegister.Api.dll}
PROFILE=${PROFILE:-0}
log() { printf '\033[1m== %s\033[0m\n' "$*" >&2; }
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }

dotnet build src/RiskRegister.Api/RiskRegister.Api.csproj -c Release -nologo -v q -clp:ErrorsOnly
dotnet build tools/RiskRegister.Bench/RiskRegister.Bench.csproj -c Release -nologo -v q -clp:ErrorsOnly
TOOL="dotnet tools/RiskRegister.Bench/bin/Release/net10.0/RiskRegister.Bench.dll"
mkdir -p bench/data
CACHE=bench/data/webhooks-small.db
[ -f "$CACHE" ] || $TOOL generate --db "$CACHE" --scale small --seed 1
RUN=$(mktemp -d)
cp "$CACHE" "$RUN/register.db"; cp "$CACHE.env" "$RUN/register.db.env"
set -a; . "$RUN/register.db.env"; set +a
export WRK_DIR="$PWD/bench/wrk" API_KEY="$ADMIN_KEY"

# The receiver is Node's http server: it shares the 2 cores with the service, so it must cost little per POST (Python's
# ThreadingHTTPServer, used before, took a core of its own at ten webhooks' rate and set the pace of each webhook's
# deliveries, which go one after another to keep their order).
cat > "$RUN/receiver.js" <<'JS'
const http = require('http');
let latencies = [];
http.createServer((req, res) => {
  if (req.method === 'POST') {
    const chunks = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      const now = Date.now() / 1000;
      const event = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      latencies.push(now - Date.parse(event.occurredAt) / 1000);
      res.writeHead(200, { 'Content-Length': '0' }); res.end();
    });
  } else if (req.method === 'DELETE') {
    latencies = []; res.writeHead(200, { 'Content-Length': '0' }); res.end();
  } else {
    const l = [...latencies].sort((a, b) => a - b), n = l.length;
    const q = p => n ? (l[Math.min(n - 1, Math.floor(p * n))] * 1000).toFixed(1) : '0.0';
    const text = `${n}\t${q(0.5)}\t${q(0.95)}\t${q(0.99)}\t${n ? (l[n - 1] * 1000).toFixed(1) : '0.0'}`;
    res.writeHead(200, { 'Content-Length': Buffer.byteLength(text) }); res.end(text);
  }
}).listen(Number(process.argv[2]), '127.0.0.1');
JS
command -v node >/dev/null || { echo "node is missing: the receiver needs it (apt-get install nodejs)" >&2; exit 1; }
node "$RUN/receiver.js" "$RECEIVER_PORT" & RECEIVER=$!
# As bench/run.sh's PROFILE=1: perf names the JIT-compiled frames (bench/README.md, "Profiles").
PERF_ENV=(); [ "$PROFILE" = 1 ] && PERF_ENV=(DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 DOTNET_ReadyToRun=0 DOTNET_TieredCompilation=0)
env "${PERF_ENV[@]}" dotnet "$API_DLL" --urls "http://127.0.0.1:$PORT" --Database:Path="$RUN/register.db" \
  --Logging:LogLevel:Default=Warning --RateLimit:PermitsPerMinute=0 --RateLimit:WritesPerDay=0 --Limits:MaxRisksPerPlan=1000000000 \
  --Webhooks:AllowedHosts="127.0.0.1:$RECEIVER_PORT" --Webhooks:PollMilliseconds=100 >"$RUN/server.log" 2>&1 & SERVER=$!
trap 'kill $SERVER $RECEIVER 2>/dev/null || true; rm -rf "$RUN"' EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break; sleep 0.2; done

# A process's CPU time so far (user + system, all its threads), in µs.
TICK=$(getconf CLK_TCK)
cpu() { sed 's/.*) //' "/proc/$1/stat" | awk -v tick="$TICK" '{ printf "%d", ($12 + $13) * 1000000 / tick }'; }
# The measured run: "req/s requests".
rate() {
  OP=create-risk wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s -s bench/wrk/create-risk.lua "http://127.0.0.1:$PORT" \
    | awk '/requests in/ {n = $1} /Requests\/sec/ {r = $2} END {print r, n}'
}
# Warm-up, not measured: the writes, and the delivery path to a webhook that is deleted afterwards (the JIT's and tiered
# compilation's CPU would otherwise be counted against the first case of each).
log "warm-up with a throwaway subscription (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
WARM=$(curl -fs -H "X-Api-Key: $ADMIN_KEY" -H 'Content-Type: application/json' -d "{\"url\":\"http://127.0.0.1:$RECEIVER_PORT/hook/0\"}" "http://127.0.0.1:$PORT/api/v1/webhooks" | sed -E 's/.*"id":([0-9]+).*/\1/')
OP=create-risk wrk -t1 -c"$CONNECTIONS" -d3s -s bench/wrk/create-risk.lua "http://127.0.0.1:$PORT" >/dev/null
for _ in $(seq 1 "$DRAIN_SECONDS"); do
  [ "$(curl -fs -H "X-Api-Key: $ADMIN_KEY" "http://127.0.0.1:$PORT/api/v1/webhooks/$WARM/deliveries?limit=1" | grep -c '"pending"' || true)" = 0 ] && break; sleep 1
done
curl -fs -X DELETE -H "X-Api-Key: $ADMIN_KEY" "http://127.0.0.1:$PORT/api/v1/webhooks/$WARM" >/dev/null
log "create-risk without a subscription (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
OP=create-risk wrk -t1 -c"$CONNECTIONS" -d3s -s bench/wrk/create-risk.lua "http://127.0.0.1:$PORT" >/dev/null
S0=$(cpu $SERVER)
read -r OFF OFF_N < <(rate)
S1=$(cpu $SERVER)
# The service's µs per create-risk without a subscription: what a create costs it, against which the rest is delivery.
CREATE_US=$(( (S1 - S0) / OFF_N ))
printf '| connections | subscriptions | create-risk req/s | loss (req/s) | service CPU µs / create, run | service µs / create, run + drain | loss (service CPU) | service µs / delivery | receiver µs / delivery | events delivered | drained after the load, s | latency p50 / p95 / p99 / max ms |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n' > "$RUN/table"
printf '| %s | 0 | %s | | %s | | | | | | | |\n' "$CONNECTIONS" "$OFF" "$CREATE_US" >> "$RUN/table"
IDS=()
for SUBS in $SUBSCRIPTIONS; do
  while [ "${#IDS[@]}" -lt "$SUBS" ]; do
    n=$(( ${#IDS[@]} + 1 ))
    IDS+=("$(curl -fs -H "X-Api-Key: $ADMIN_KEY" -H 'Content-Type: application/json' -d "{\"url\":\"http://127.0.0.1:$RECEIVER_PORT/hook/$n\"}" "http://127.0.0.1:$PORT/api/v1/webhooks" | sed -E 's/.*"id":([0-9]+).*/\1/')")
  done
  curl -fs -X DELETE "http://127.0.0.1:$RECEIVER_PORT/" >/dev/null
  log "create-risk with $SUBS subscription(s) (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
  PERF=""
  if [ "$PROFILE" = 1 ]; then
    perf record -q -F 997 -g -p "$SERVER" -o "$RUN/perf-$SUBS.data" -- sleep "$DURATION" >/dev/null 2>&1 & PERF=$!
  fi
  R0=$(cpu $RECEIVER); S0=$(cpu $SERVER)
  read -r ON ON_N < <(rate)
  S1=$(cpu $SERVER)
  # Let the dispatcher catch up (the newest delivery of each webhook delivered: they go in order), then read the receiver.
  DRAIN_START=$(date +%s)
  for _ in $(seq 1 "$DRAIN_SECONDS"); do
    pending=0
    for id in "${IDS[@]}"; do
      [ "$(curl -fs -H "X-Api-Key: $ADMIN_KEY" "http://127.0.0.1:$PORT/api/v1/webhooks/$id/deliveries?limit=1" | grep -c '"pending"' || true)" = 0 ] || { pending=1; break; }
    done
    [ "$pending" = 0 ] && break; sleep 1
  done
  DRAIN=$(( $(date +%s) - DRAIN_START ))
  S2=$(cpu $SERVER); R2=$(cpu $RECEIVER)
  IFS=$'\t' read -r N P50 P95 P99 MAX < <(curl -fs "http://127.0.0.1:$RECEIVER_PORT/"; echo) || true
  LOSS=$(awk -v off="$OFF" -v on="$ON" 'BEGIN { printf "%+.0f %%", (on - off) / off * 100 }')
  RUN_US=$(( (S1 - S0) / ON_N )); ALL_US=$(( (S2 - S0) / ON_N ))
  CPU_LOSS=$(awk -v off="$CREATE_US" -v on="$ALL_US" 'BEGIN { printf "%+.0f %%", (off / on - 1) * 100 }')
  DELIVERY_US=$(awk -v all="$((S2 - S0))" -v create="$CREATE_US" -v n="$ON_N" -v d="$N" 'BEGIN { printf "%d", d ? (all - create * n) / d : 0 }')
  RECEIVER_US=$(awk -v r="$((R2 - R0))" -v d="$N" 'BEGIN { printf "%d", d ? r / d : 0 }')
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s / %s / %s / %s |\n' "$CONNECTIONS" "$SUBS" "$ON" "$LOSS" \
    "$RUN_US" "$ALL_US" "$CPU_LOSS" "$DELIVERY_US" "$RECEIVER_US" "$N" "$DRAIN" "$P50" "$P95" "$P99" "$MAX" >> "$RUN/table"
  if [ -n "$PERF" ]; then
    wait "$PERF" || true
    mkdir -p bench/results/profile-webhooks
    mv "$RUN/perf-$SUBS.data" "bench/results/profile-webhooks/$SUBS.data"
    { echo "# $SUBS subscription(s): perf record -F 997 -g -p <service> over the ${DURATION} s run; $(uptime | sed 's/.*load/load/')"
      python3 bench/perf-top.py "bench/results/profile-webhooks/$SUBS.data" 40; } > "bench/results/profile-webhooks/$SUBS.txt" 2>&1 || true
  fi
done
log "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
cat "$RUN/table"
