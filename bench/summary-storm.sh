#!/usr/bin/env bash
# make bench-storm: memory under a storm of large reads. STORM names what is stormed:
#   summary  (default) the printed plan (HTML) of one plan at every limit: 200 risks with 20 activities each, 200
#            kontrollmoment, both follow-ups and both rounds' control results recorded (issues 12 and 25);
#   pdf      the same plan as PDF (Accept: application/pdf, issue 24): each is printed by a headless Chromium the
#            service starts, so the peak is then of the service and every process under it, sampled while the storm lasts;
#   plan     GET /plans/{id} (JSON) of a plan of about 16 MiB: 200 risks whose long texts are all at their limit,
#            two activities each at the limit, both follow-ups (issue 22);
#   history  GET /plans/{id}/history?limit=500 of that plan (its entries carry every text);
#   events   GET /events?limit=500 with a key of the role system (the feed carries every text).
# CONNECTIONS concurrent clients in BURSTS bursts of BURST_SECONDS; then the service idles IDLE_SECONDS. Reports peak
# resident memory (VmHWM), memory after the idle (VmRSS), throughput and latency, for each GC setting in GC_MODES.
# Targets (issues 12 and 22): peak under 400 MB, back under 250 MB within 30 s (the documents: 200 MB).
set -euo pipefail
cd "$(dirname "$0")/.."

ACCEPT=${ACCEPT:-}
# ACCEPT=application/pdf (as before STORM existed) is the PDF storm.
STORM=${STORM:-$([ "$ACCEPT" = application/pdf ] && echo pdf || echo summary)}
case "$STORM" in
  summary) DEFAULTS=(200 17 3 60 text/html) ;;
  # A PDF of the plan at the limits takes tens of seconds on a loaded machine: few clients, long enough to finish.
  pdf) DEFAULTS=(4 1 90 180 application/pdf) ;;
  # One long burst: 100 answers of 10–18 MB each take a while to finish on two cores, and the figures count those that did.
  plan|history|events) DEFAULTS=(100 1 60 120 application/json) ;;
  *) echo "STORM must be summary, pdf, plan, history or events" >&2; exit 64 ;;
esac
CONNECTIONS=${CONNECTIONS:-${DEFAULTS[0]}}
BURSTS=${BURSTS:-${DEFAULTS[1]}}
BURST_SECONDS=${BURST_SECONDS:-${DEFAULTS[2]}}
TIMEOUT=${TIMEOUT:-${DEFAULTS[3]}}
ACCEPT=${ACCEPT:-${DEFAULTS[4]}}
IDLE_SECONDS=${IDLE_SECONDS:-30}
PORT=${PORT:-5098}
# "default" is what the service ships with (RiskRegister.Api.csproj: server GC, DATAS, GCConserveMemory 7, and the
# idle trim); the others override it through the environment, for comparison.
GC_MODES=${GC_MODES:-"default server-datas workstation"}

log() { printf '\033[1m== %s\033[0m\n' "$*" >&2; }
command -v wrk >/dev/null 2>&1 || { log "installing wrk"; apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

# API_DLL=<another build's RiskRegister.Api.dll> measures that build (e.g. a copy of the one before a change).
if [ -z "${API_DLL:-}" ]; then
  dotnet build src/RiskRegister.Api/RiskRegister.Api.csproj -c Release -nologo -v q -clp:ErrorsOnly
  API_DLL=src/RiskRegister.Api/bin/Release/net10.0/RiskRegister.Api.dll
fi
RUN=$(mktemp -d)
# The seeded register is kept in bench/data (seeding takes a while), rebuilt when the migrations change.
mkdir -p bench/data
case "$STORM" in summary|pdf) DB=bench/data/storm.db; SEED=limits ;; *) DB=bench/data/storm-large.db; SEED=large ;; esac
HASH=$(cat migrations/sqlite/*.sql bench/storm-seed.py | sha256sum | cut -c1-16)
if [ "$(cat "$DB.hash" 2>/dev/null)" != "$HASH" ]; then rm -f "$DB" "$DB-wal" "$DB-shm" "$DB.hash" "$DB.plan" "$DB.system"; fi
KEY="storm-bench-key-not-for-production-0123456789"
API="http://127.0.0.1:$PORT/api/v1"
SERVER=
stop() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null || true; SERVER=; }
trap 'stop; rm -rf "$RUN"' EXIT

start() { # $1 = GC mode
  local gc=()
  case "$1" in
    server-datas) gc=(DOTNET_gcServer=1 DOTNET_GCDynamicAdaptationMode=1 DOTNET_GCConserveMemory=0) ;;
    server) gc=(DOTNET_gcServer=1 DOTNET_GCDynamicAdaptationMode=0 DOTNET_GCConserveMemory=0) ;;
    workstation) gc=(DOTNET_gcServer=0 DOTNET_gcConcurrent=1 DOTNET_GCConserveMemory=0) ;;
    # GCConserveMemory: the GC compacts the large-object heap (documents are large strings and arrays) rather than
    # keeping it fragmented, giving memory back when a storm is over.
    server-datas-conserve) gc=(DOTNET_gcServer=1 DOTNET_GCDynamicAdaptationMode=1 DOTNET_GCConserveMemory=7) ;;
    workstation-conserve) gc=(DOTNET_gcServer=0 DOTNET_gcConcurrent=1 DOTNET_GCConserveMemory=7) ;;
    default) gc=(RISKREGISTER_GC=default) ;;
    # Other settings to try: GC_MODES=custom CUSTOM_GC="DOTNET_GCgen0size=0x2000000" bench/summary-storm.sh
    custom) read -ra gc <<<"${CUSTOM_GC:?set CUSTOM_GC to environment assignments}" ;;
  esac
  env "${gc[@]}" Database__Path="$PWD/$DB" Auth__BootstrapAdminKey="$KEY" RateLimit__PermitsPerMinute=0 RateLimit__WritesPerDay=0 \
    Logging__LogLevel__Default=Warning Logging__LogLevel__RiskRegister.Api.Infrastructure.IdleMemoryTrim=Information ASPNETCORE_URLS="http://127.0.0.1:$PORT" dotnet "$API_DLL" >"$RUN/server-$1.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && return; sleep 0.2; done
  cat "$RUN/server-$1.log" >&2; exit 1
}

seed() {
  log "seeding ($SEED): bench/storm-seed.py"
  local out; out=$(python3 bench/storm-seed.py "$SEED" "$API" "$KEY")
  sed -n 's/^plan=//p' <<<"$out" > "$DB.plan"
  sed -n 's/^systemKey=//p' <<<"$out" > "$DB.system"
  echo "$HASH" > "$DB.hash"
}

mib() { awk "/^$1:/ {print int(\$2 / 1024)}" "/proc/$SERVER/status"; }
descendants() { local c; for c in $(cat /proc/"$1"/task/*/children 2>/dev/null); do echo "$c"; descendants "$c"; done; }
# Resident memory of the service and every process it started (Chromium's for PDF), in MB; shared pages count twice.
tree_mib() { local total=0 p rss; for p in "$SERVER" $(descendants "$SERVER"); do rss=$(awk '/^VmRSS:/ {print $2}' /proc/"$p"/status 2>/dev/null || true); total=$((total + ${rss:-0})); done; echo $((total / 1024)); }

printf '| GC | peak MB | peak with children MB | idle after %s s MB | req/s | p50 ms | p99 ms | answered | non-2xx | %s KB |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n' "$IDLE_SECONDS" "$ACCEPT" > "$RUN/table"
first=1
for mode in $GC_MODES; do
  if [ "$first" = 1 ] && [ ! -f "$DB.plan" ]; then start "$mode"; seed; stop; fi
  first=0
  start "$mode"
  plan=$(cat "$DB.plan")
  reader=$KEY
  case "$STORM" in
    summary|pdf) url="$API/plans/$plan/summary" ;;
    plan) url="$API/plans/$plan" ;;
    history) url="$API/plans/$plan/history?limit=500" ;;
    events) url="$API/events?limit=500"; reader=$(cat "$DB.system") ;;
  esac
  size=$(curl -fsS --max-time "$TIMEOUT" -H "X-Api-Key: $reader" -H "Accept: $ACCEPT" "$url" | wc -c)
  cat > "$RUN/storm.lua" <<EOF
wrk.headers["X-Api-Key"] = "$reader"
wrk.headers["Accept"] = "$ACCEPT"
EOF
  echo 0 > "$RUN/tree-peak"
  ( while kill -0 "$SERVER" 2>/dev/null; do now=$(tree_mib); [ "$now" -gt "$(cat "$RUN/tree-peak")" ] && echo "$now" > "$RUN/tree-peak"; sleep 0.2; done ) &
  SAMPLER=$!
  total_requests=0; total_errors=0; p50=0; p99=0; rps=0
  log "$STORM, $mode: $BURSTS bursts of $BURST_SECONDS s at $CONNECTIONS connections ($((size / 1024)) KB each), load average $(cut -d' ' -f1-3 /proc/loadavg)"
  for b in $(seq 1 "$BURSTS"); do
    out=$(wrk -t2 -c"$CONNECTIONS" -d"${BURST_SECONDS}s" --timeout "${TIMEOUT}s" --latency -s "$RUN/storm.lua" "$url")
    total_requests=$((total_requests + $(awk '/requests in/ {print $1}' <<<"$out")))
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$out"); p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    errors=$(awk '/Non-2xx/ {print $5}' <<<"$out"); total_errors=$((total_errors + ${errors:-0}))
    sleep 1
  done
  peak=$(mib VmHWM)
  kill "$SAMPLER" 2>/dev/null || true; wait "$SAMPLER" 2>/dev/null || true
  tree_peak=$(cat "$RUN/tree-peak")
  sleep "$IDLE_SECONDS"
  idle=$(tree_mib)
  ms() { awk -v v="$1" 'BEGIN { if (v ~ /ms$/) { sub(/ms$/, "", v); print v } else if (v ~ /us$/) { sub(/us$/, "", v); print v / 1000 } else if (v ~ /s$/) { sub(/s$/, "", v); print v * 1000 } else print v }'; }
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$mode" "$peak" "$tree_peak" "$idle" "$rps" "$(ms "$p50")" "$(ms "$p99")" "$total_requests" "$total_errors" "$((size / 1024))" >> "$RUN/table"
  grep -h "gave back" "$RUN/server-$mode.log" | tail -2 >&2 || true
  stop
done
mkdir -p bench/results
out="bench/results/storm-$STORM-$(date +%Y-%m-%d).md"
{ echo "# Storm $STORM, $(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD), load average $(cut -d' ' -f1-3 /proc/loadavg)"; echo; cat "$RUN/table"; } >> "$out"
cat "$RUN/table"
log "written to $out"
