#!/usr/bin/env bash
# make bench-storm: memory under a storm of printed plans. One plan at the limits' maximum (200 risks with 20
# activities each, both follow-ups recorded) is fetched as the HTML document by CONNECTIONS concurrent clients in
# BURSTS bursts of BURST_SECONDS; then the service idles IDLE_SECONDS. Reports peak resident memory (VmHWM), memory
# after the idle (VmRSS), throughput and latency, for each GC setting in GC_MODES (server+DATAS, server, workstation).
# Targets (issue 12): peak under 400 MB, idle under 200 MB within 30 s.
# ACCEPT=application/pdf storms the PDF instead (issue 24): each is printed by a headless Chromium the service starts,
# so the peak is then of the service and every process under it, sampled while the storm lasts.
set -euo pipefail
cd "$(dirname "$0")/.."

CONNECTIONS=${CONNECTIONS:-200}
BURSTS=${BURSTS:-17}
BURST_SECONDS=${BURST_SECONDS:-3}
IDLE_SECONDS=${IDLE_SECONDS:-30}
PORT=${PORT:-5098}
# "default" is what the service ships with (RiskRegister.Api.csproj: server GC, DATAS, GCConserveMemory 7, and the
# idle trim); the others override it through the environment, for comparison.
GC_MODES=${GC_MODES:-"default server-datas workstation"}
ACCEPT=${ACCEPT:-text/html}

log() { printf '\033[1m== %s\033[0m\n' "$*" >&2; }
command -v wrk >/dev/null 2>&1 || { log "installing wrk"; apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

dotnet build src/RiskRegister.Api/RiskRegister.Api.csproj -c Release -nologo -v q -clp:ErrorsOnly
API_DLL=src/RiskRegister.Api/bin/Release/net10.0/RiskRegister.Api.dll
RUN=$(mktemp -d)
# The seeded register is kept in bench/data (seeding takes a while), rebuilt when the migrations change.
mkdir -p bench/data
DB=bench/data/storm.db
HASH=$(cat migrations/sqlite/*.sql bench/summary-storm.sh | sha256sum | cut -c1-16)
if [ "$(cat "$DB.hash" 2>/dev/null)" != "$HASH" ]; then rm -f "$DB" "$DB-wal" "$DB-shm" "$DB.hash" "$DB.plan"; fi
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

post() { curl -fsS -H "X-Api-Key: $KEY" -H 'Content-Type: application/json' -X "$1" "$API$2" -d "$3"; }

seed() {
  log "seeding a plan of 200 risks × 20 activities, both follow-ups"
  local board unit plan
  board=$(post POST /units '{"name":"Nämnden för stormen","kind":"board"}' | grep -o '"id":[0-9]*' | head -1 | cut -d: -f2)
  unit=$(post POST /units "{\"name\":\"Förvaltningen\",\"kind\":\"administration\",\"parentId\":$board}" | grep -o '"id":[0-9]*' | head -1 | cut -d: -f2)
  plan=$(post POST /plans "{\"unitId\":$unit,\"year\":2023}" | grep -o '"id":[0-9]*' | head -1 | cut -d: -f2)
  local text="Förvaltningens verksamhet påverkas av kompetensförsörjning, informationssäkerhet och leveransförmåga; risken bedöms utifrån nämndens uppdrag och tidigare års uppföljningar."
  for i in $(seq 1 200); do
    echo "{\"title\":\"Risk $i: kompetensförsörjningsplanens genomförande\",\"description\":\"$text\",\"probability\":$((1 + i % 4)),\"consequence\":$((1 + (i / 4) % 4)),\"handlingMethod\":\"granskning\",\"motivation\":\"$text\",\"category\":\"Verksamhet\",\"owner\":\"Förvaltningschef\",\"goal\":\"Tillgänglighet och kvalitet\"}"
  done | xargs -d '\n' -P 8 -I{} curl -fsS -o /dev/null -H "X-Api-Key: $KEY" -H 'Content-Type: application/json' -X POST "$API/plans/$plan/risks" -d {}
  local risks; risks=$(curl -fsS -H "X-Api-Key: $KEY" "$API/plans/$plan/risks?limit=500" | grep -o '{"id":[0-9]*,"planId"' | grep -o '[0-9]\+')
  for r in $risks; do for a in $(seq 1 20); do echo "$r"; done; done \
    | xargs -P 8 -I{} curl -fsS -o /dev/null -H "X-Api-Key: $KEY" -H 'Content-Type: application/json' -X POST "$API/risks/{}/activities" \
        -d "{\"description\":\"Granska rutinen för $text\",\"measure\":\"Andel genomförda kontroller av rutinen\",\"due\":\"2023-10-31\",\"responsible\":\"Enhetschef\"}"
  post POST "/plans/$plan/adoption" '{"date":"2023-04-26","paragraph":"§ 12","caseNumber":"2023-POL000381"}' >/dev/null
  for r in $risks; do echo "$r"; done | xargs -P 8 -I{} curl -fsS -o /dev/null -H "X-Api-Key: $KEY" -H 'Content-Type: application/json' -X PUT "$API/risks/{}/follow-ups/1" \
    -d "{\"handlingStatus\":\"inProgress\",\"observations\":\"$text\",\"events\":\"$text\",\"probability\":2,\"consequence\":3}"
  for r in $risks; do echo "$r"; done | xargs -P 8 -I{} curl -fsS -o /dev/null -H "X-Api-Key: $KEY" -H 'Content-Type: application/json' -X PUT "$API/risks/{}/follow-ups/2" \
    -d "{\"result\":\"$text\",\"improvementAreas\":\"$text\",\"finalMotivation\":\"$text\",\"probability\":2,\"consequence\":3}"
  echo "$plan" > "$DB.plan"; echo "$HASH" > "$DB.hash"
}

mib() { awk "/^$1:/ {print int(\$2 / 1024)}" "/proc/$SERVER/status"; }
descendants() { local c; for c in $(cat /proc/"$1"/task/*/children 2>/dev/null); do echo "$c"; descendants "$c"; done; }
# Resident memory of the service and every process it started (Chromium's for PDF), in MB; shared pages count twice.
tree_mib() { local total=0 p rss; for p in "$SERVER" $(descendants "$SERVER"); do rss=$(awk '/^VmRSS:/ {print $2}' /proc/"$p"/status 2>/dev/null || true); total=$((total + ${rss:-0})); done; echo $((total / 1024)); }

printf '| GC | peak MB | peak with children MB | idle after %s s MB | req/s | p50 ms | p99 ms | non-2xx | %s KB |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n' "$IDLE_SECONDS" "$ACCEPT" > "$RUN/table"
first=1
for mode in $GC_MODES; do
  if [ "$first" = 1 ] && [ ! -f "$DB.plan" ]; then start "$mode"; seed; stop; fi
  first=0
  start "$mode"
  plan=$(cat "$DB.plan")
  size=$(curl -fsS -H "X-Api-Key: $KEY" -H "Accept: $ACCEPT" "$API/plans/$plan/summary" | wc -c)
  cat > "$RUN/storm.lua" <<EOF
wrk.headers["X-Api-Key"] = "$KEY"
wrk.headers["Accept"] = "$ACCEPT"
EOF
  echo 0 > "$RUN/tree-peak"
  ( while kill -0 "$SERVER" 2>/dev/null; do now=$(tree_mib); [ "$now" -gt "$(cat "$RUN/tree-peak")" ] && echo "$now" > "$RUN/tree-peak"; sleep 0.2; done ) &
  SAMPLER=$!
  total_requests=0; total_errors=0; p50=0; p99=0; rps=0
  log "$mode: $BURSTS bursts of $BURST_SECONDS s at $CONNECTIONS connections ($((size / 1024)) KB each)"
  for b in $(seq 1 "$BURSTS"); do
    out=$(wrk -t2 -c"$CONNECTIONS" -d"${BURST_SECONDS}s" --timeout 60s --latency -s "$RUN/storm.lua" "$API/plans/$plan/summary")
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
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$mode" "$peak" "$tree_peak" "$idle" "$rps" "$(ms "$p50")" "$(ms "$p99")" "$total_errors" "$((size / 1024))" >> "$RUN/table"
  grep -h "gave back" "$RUN/server-$mode.log" | tail -2 >&2 || true
  stop
done
mkdir -p bench/results
out="bench/results/summary-storm-$(date +%Y-%m-%d).md"
{ echo "# Summary storm, $(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD)"; echo; cat "$RUN/table"; } > "$out"
cat "$RUN/table"
log "written to $out"
