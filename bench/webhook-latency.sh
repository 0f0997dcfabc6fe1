#!/usr/bin/env bash
# `make bench-webhooks`: what webhooks cost under write load. On the small register, create-risk is driven with wrk with
# one subscription, then with ten (each to its own path of a receiver on loopback that answers 200 at once), and alone
# just before and just after each (in the same process, the subscriptions deleted): create-risk's own cost grows with
# the risks of its plan, which each run adds thousands to, so the mean of the two is its cost during the run. Each case
# runs on a fresh copy of the register, the service started anew and warmed up (the delivery path too). The receiver
# records, per event, the time from the change's commit (the event's occurredAt) to its arrival; after each load the
# script waits until every webhook has delivered everything ("drained").
# It reads the CPU time of the service and of the receiver (/proc/<pid>/stat, utime + stime): the service's µs per
# create alone, and with the subscriptions over the run and over run and drain; its µs per delivery (what it spent over
# run and drain beyond the creates' own cost, per event delivered); the receiver's µs per delivery; and the loss the
# service's own CPU implies (µs per create alone over µs per create with the subscriptions, deliveries included) beside
# the req/s loss, which on 2 cores also counts the receiver's and wrk's CPU. Then a backlog: the receiver holds its
# answers while BACKLOG seconds of creates are queued, and the service's and receiver's CPU while the webhooks catch up
# with nothing else running, per delivery, is what a delivery costs each alone (a figure that moves little with the
# machine's load, unlike the differences above).
# Each case is a number of subscriptions, and with xM their maxEventsPerDelivery (batched delivery, opt-in: up to M
# waiting events a POST); the receiver counts every event of a batch, and "delivery" below is one event delivered.
# Settings (environment): DURATION=10 CONNECTIONS=32 SUBSCRIPTIONS="1 10 1x100 10x100" DRAIN_SECONDS=600 PORT=5098, WARMUP=10 (s),
# BASELINE=DURATION/2 (s, each run alone), BACKLOG=3 (s of creates queued for the backlog measure below), API_DLL (another build's RiskRegister.Api.dll, to compare; the default is
# this tree's Release build), PROFILE=1 (perf samples the service during each run with subscriptions:
# bench/results/profile-webhooks/<subscriptions>.txt; not for comparison; PERF_GRAPH="--call-graph dwarf" to unwind C),
# PROFILE=backlog (perf samples the service while the backlog is delivered, nothing else running:
# bench/results/profile-webhooks/backlog-<subscriptions>.txt; the CPU figures of that case then include perf's overhead)
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10}; CONNECTIONS=${CONNECTIONS:-32}; PORT=${PORT:-5098}; RECEIVER_PORT=$((PORT + 1))
SUBSCRIPTIONS=${SUBSCRIPTIONS:-1 10 1x100 10x100}; DRAIN_SECONDS=${DRAIN_SECONDS:-600}; API_DLL=${API_DLL:-src/RiskRegister.Api/bin/Release/net10.0/RiskRegister.Api.dll}
PROFILE=${PROFILE:-0}; WARMUP=${WARMUP:-10}; BASELINE=${BASELINE:-$(( (DURATION + 1) / 2 ))}; BACKLOG=${BACKLOG:-3}
log() { printf '\033[1m== %s\033[0m\n' "$*" >&2; }
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }

dotnet build src/RiskRegister.Api/RiskRegister.Api.csproj -c Release -nologo -v q -clp:ErrorsOnly
dotnet build tools/RiskRegister.Bench/RiskRegister.Bench.csproj -c Release -nologo -v q -clp:ErrorsOnly
TOOL="dotnet tools/RiskRegister.Bench/bin/Release/net10.0/RiskRegister.Bench.dll"
mkdir -p bench/data
CACHE=bench/data/webhooks-small.db
[ -f "$CACHE" ] || $TOOL generate --db "$CACHE" --scale small --seed 1
RUN=$(mktemp -d)
set -a; . "$CACHE.env"; set +a
export WRK_DIR="$PWD/bench/wrk" API_KEY="$ADMIN_KEY"

# The receiver is Node's http server: it shares the 2 cores with the service, so it must cost little per POST (Python's
# ThreadingHTTPServer, used before, took a core of its own at ten webhooks' rate and set the pace of each webhook's
# deliveries, which go one after another to keep their order).
cat > "$RUN/receiver.js" <<'JS'
const http = require('http');
let latencies = [], posts = 0, held = null;
const answer = res => { res.writeHead(200, { 'Content-Length': '0' }); res.end(); };
http.createServer((req, res) => {
  if (req.method === 'PUT') {
    // PUT /hold: POSTs are held unanswered (each webhook's next waits behind its first); PUT /answer: answered, and on.
    if (req.url === '/hold') held = held || [];
    else { const h = held || []; held = null; h.forEach(answer); }
    answer(res);
  } else if (req.method === 'POST') {
    const chunks = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      const now = Date.now() / 1000;
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      // One event a POST, or a batch {"events": [...]} (maxEventsPerDelivery above 1): every event counts.
      for (const event of body.events || [body]) latencies.push(now - Date.parse(event.occurredAt) / 1000);
      posts++;
      if (held) held.push(res); else answer(res);
    });
  } else if (req.method === 'DELETE') {
    latencies = []; posts = 0; res.writeHead(200, { 'Content-Length': '0' }); res.end();
  } else {
    const l = [...latencies].sort((a, b) => a - b), n = l.length;
    const q = p => n ? (l[Math.min(n - 1, Math.floor(p * n))] * 1000).toFixed(1) : '0.0';
    const text = `${n}\t${q(0.5)}\t${q(0.95)}\t${q(0.99)}\t${n ? (l[n - 1] * 1000).toFixed(1) : '0.0'}\t${posts}`;
    res.writeHead(200, { 'Content-Length': Buffer.byteLength(text) }); res.end(text);
  }
}).listen(Number(process.argv[2]), '127.0.0.1');
JS
command -v node >/dev/null || { echo "node is missing: the receiver needs it (apt-get install nodejs)" >&2; exit 1; }
node "$RUN/receiver.js" "$RECEIVER_PORT" & RECEIVER=$!
SERVER=""
trap 'kill $SERVER $RECEIVER 2>/dev/null || true; rm -rf "$RUN"' EXIT
# As bench/run.sh's PROFILE=1: perf names the JIT-compiled frames (bench/README.md, "Profiles").
PERF_ENV=(); [ "$PROFILE" != 0 ] && PERF_ENV=(DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 DOTNET_ReadyToRun=0 DOTNET_TieredCompilation=0)

# A process's CPU time so far (user + system, all its threads), in µs.
TICK=$(getconf CLK_TCK)
cpu() { sed 's/.*) //' "/proc/$1/stat" | awk -v tick="$TICK" '{ printf "%d", ($12 + $13) * 1000000 / tick }'; }
load() { OP=create-risk wrk -t1 -c"$CONNECTIONS" -d"$1" --timeout 10s -s bench/wrk/create-risk.lua "http://127.0.0.1:$PORT"; }
# The measured run: "req/s requests".
rate() { load "$1s" | awk '/requests in/ {n = $1} /Requests\/sec/ {r = $2} END {print r, n}'; }
# subscribe <path> [maxEventsPerDelivery]: the member is sent only above 1, so a build without batched delivery runs the other cases.
subscribe() {
  local batch=""; [ "${2:-1}" -gt 1 ] && batch=",\"maxEventsPerDelivery\":$2"
  curl -fs -H "X-Api-Key: $ADMIN_KEY" -H 'Content-Type: application/json' -d "{\"url\":\"http://127.0.0.1:$RECEIVER_PORT/hook/$1\"$batch}" \
    "http://127.0.0.1:$PORT/api/v1/webhooks" | sed -E 's/.*"id":([0-9]+).*/\1/'
}
# Waits until the newest delivery of each webhook given is delivered (they go in order).
drain() {
  for _ in $(seq 1 "$DRAIN_SECONDS"); do
    local pending=0
    for id in "$@"; do
      [ "$(curl -fs -H "X-Api-Key: $ADMIN_KEY" "http://127.0.0.1:$PORT/api/v1/webhooks/$id/deliveries?limit=1" | grep -c '"pending"' || true)" = 0 ] || { pending=1; break; }
    done
    [ "$pending" = 0 ] && return; sleep 1
  done
}
# A fresh copy of the register and the service started on it, warmed up (not measured): the writes, and the delivery
# path to a webhook deleted afterwards (the JIT's and tiered compilation's CPU would otherwise count against the case).
start() {
  [ -z "$SERVER" ] || { kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; }
  rm -f "$RUN"/register.db*; cp "$CACHE" "$RUN/register.db"
  env "${PERF_ENV[@]}" dotnet "$API_DLL" --urls "http://127.0.0.1:$PORT" --Database:Path="$RUN/register.db" \
    --Logging:LogLevel:Default=Warning --RateLimit:PermitsPerMinute=0 --RateLimit:WritesPerDay=0 --Limits:MaxRisksPerPlan=1000000000 \
    --Webhooks:AllowedHosts="127.0.0.1:$RECEIVER_PORT" --Webhooks:PollMilliseconds=100 >>"$RUN/server.log" 2>&1 & SERVER=$!
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break; sleep 0.2; done
  local warm; warm=$(subscribe 0 "$BATCH")
  load "${WARMUP}s" >/dev/null; drain "$warm"
  curl -fs -X DELETE -H "X-Api-Key: $ADMIN_KEY" "http://127.0.0.1:$PORT/api/v1/webhooks/$warm" >/dev/null
  load 2s >/dev/null
}

printf '| subscriptions | events a POST, at most | create-risk req/s alone, before / after | with them | loss (req/s) | service CPU µs / create alone | with them, run | with them, run + drain | loss (service CPU) | service µs / delivery | receiver µs / delivery | backlog: service / receiver µs per delivery (deliveries) | events delivered (POSTs) | drained after the load, s | latency p50 / p95 / p99 / max ms |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n' > "$RUN/table"
for CASE in $SUBSCRIPTIONS; do
  SUBS=${CASE%%x*}; BATCH=1; [ "$CASE" = "$SUBS" ] || BATCH=${CASE#*x}
  log "$SUBS subscription(s), up to $BATCH event(s) a POST: create-risk alone, with them, and alone again (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
  start
  # create-risk alone just before and just after the run with subscriptions, in the same process: the mean of the two is
  # what a create costs at the register's size during the run (it grows by a few thousand risks a plan in each run).
  A0=$(cpu $SERVER); read -r A_RATE A_N < <(rate "$BASELINE"); A1=$(cpu $SERVER)
  IDS=()
  for n in $(seq 1 "$SUBS"); do IDS+=("$(subscribe "$n" "$BATCH")"); done
  curl -fs -X DELETE "http://127.0.0.1:$RECEIVER_PORT/" >/dev/null
  PERF=""
  if [ "$PROFILE" = 1 ]; then
    perf record -q -F 997 ${PERF_GRAPH:--g} -p "$SERVER" -o "$RUN/perf-$CASE.data" -- sleep "$DURATION" >/dev/null 2>&1 & PERF=$!
  fi
  R0=$(cpu $RECEIVER); S0=$(cpu $SERVER)
  read -r ON ON_N < <(rate "$DURATION")
  S1=$(cpu $SERVER)
  DRAIN_START=$(date +%s)
  drain "${IDS[@]}"
  DRAIN=$(( $(date +%s) - DRAIN_START ))
  S2=$(cpu $SERVER); R2=$(cpu $RECEIVER)
  IFS=$'\t' read -r N P50 P95 P99 MAX POSTS < <(curl -fs "http://127.0.0.1:$RECEIVER_PORT/"; echo) || true
  # A backlog delivered with nothing else running: the receiver holds its answers while BACKLOG seconds of creates are
  # queued, then answers; the service's CPU while the webhooks catch up, per event delivered, is its cost of a delivery
  # alone (the POST, its signature and body, the batch's reads and writes; not the queueing, done during the creates).
  curl -fs -X PUT "http://127.0.0.1:$RECEIVER_PORT/hold" >/dev/null
  load "${BACKLOG}s" >/dev/null; sleep 1
  IFS=$'\t' read -r BN0 _ < <(curl -fs "http://127.0.0.1:$RECEIVER_PORT/"; echo) || true
  BACKLOG_PERF=""
  if [ "$PROFILE" = backlog ]; then
    perf record -q -F 997 ${PERF_GRAPH:--g} -p "$SERVER" -o "$RUN/perf-backlog-$CASE.data" >/dev/null 2>&1 & BACKLOG_PERF=$!; sleep 1
  fi
  Q0=$(cpu $SERVER); QR0=$(cpu $RECEIVER)
  curl -fs -X PUT "http://127.0.0.1:$RECEIVER_PORT/answer" >/dev/null
  drain "${IDS[@]}"
  Q1=$(cpu $SERVER); QR1=$(cpu $RECEIVER)
  if [ -n "$BACKLOG_PERF" ]; then
    kill -INT "$BACKLOG_PERF"; wait "$BACKLOG_PERF" || true
    mkdir -p bench/results/profile-webhooks
    mv "$RUN/perf-backlog-$CASE.data" "bench/results/profile-webhooks/backlog-$CASE.data"
    { echo "# $SUBS subscription(s), backlog of ${BACKLOG} s delivered: perf record -F 997 -g -p <service>; $(uptime | sed 's/.*load/load/')"
      python3 bench/perf-top.py "bench/results/profile-webhooks/backlog-$CASE.data" 40; } > "bench/results/profile-webhooks/backlog-$CASE.txt" 2>&1 || true
  fi
  IFS=$'\t' read -r BN1 _ < <(curl -fs "http://127.0.0.1:$RECEIVER_PORT/"; echo) || true
  BACKLOG_US=$(( BN1 > BN0 ? (Q1 - Q0) / (BN1 - BN0) : 0 )); BACKLOG_RECEIVER_US=$(( BN1 > BN0 ? (QR1 - QR0) / (BN1 - BN0) : 0 ))
  for id in "${IDS[@]}"; do curl -fs -X DELETE -H "X-Api-Key: $ADMIN_KEY" "http://127.0.0.1:$PORT/api/v1/webhooks/$id" >/dev/null; done
  B0=$(cpu $SERVER); read -r B_RATE B_N < <(rate "$BASELINE"); B1=$(cpu $SERVER)
  read -r OFF CREATE_US LOSS RUN_US ALL_US CPU_LOSS DELIVERY_US RECEIVER_US < <(awk -v a="$A_RATE" -v b="$B_RATE" -v on="$ON" \
    -v ca="$(( (A1 - A0) / A_N ))" -v cb="$(( (B1 - B0) / B_N ))" -v run="$((S1 - S0))" -v all="$((S2 - S0))" -v n="$ON_N" -v d="$N" -v r="$((R2 - R0))" 'BEGIN {
      off = (a + b) / 2; c = (ca + cb) / 2
      printf "%.0f %.0f %+.0f%% %.0f %.0f %+.0f%% %.0f %.0f\n", off, c, (on - off) / off * 100, run / n, all / n, (c / (all / n) - 1) * 100,
        d ? (all - c * n) / d : 0, d ? r / d : 0 }')
  printf '| %s | %s | %.0f / %.0f | %.0f | %s | %s | %s | %s | %s | %s | %s | %s / %s (%s) | %s (%s) | %s | %s / %s / %s / %s |\n' "$SUBS" "$BATCH" "$A_RATE" "$B_RATE" "$ON" "$LOSS" \
    "$CREATE_US" "$RUN_US" "$ALL_US" "$CPU_LOSS" "$DELIVERY_US" "$RECEIVER_US" "$BACKLOG_US" "$BACKLOG_RECEIVER_US" "$((BN1 - BN0))" "$N" "$POSTS" "$DRAIN" "$P50" "$P95" "$P99" "$MAX" >> "$RUN/table"
  if [ -n "$PERF" ]; then
    wait "$PERF" || true
    mkdir -p bench/results/profile-webhooks
    mv "$RUN/perf-$CASE.data" "bench/results/profile-webhooks/$CASE.data"
    { echo "# $SUBS subscription(s): perf record -F 997 -g -p <service> over the ${DURATION} s run; $(uptime | sed 's/.*load/load/')"
      python3 bench/perf-top.py "bench/results/profile-webhooks/$CASE.data" 40; } > "bench/results/profile-webhooks/$CASE.txt" 2>&1 || true
  fi
done
log "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
cat "$RUN/table"
