#!/usr/bin/env bash
# `make bench-csv`: the follow-up status CSV over every plan (what auditors download), as the register grows.
# Starts the service on a copy of the generated register (make bench's cache: bench/data/<scale>-<seed>.db) and reads,
# one request at a time, the CSV of one year (~9,200 plans at national scale) and of every year (~93,000 plans: ten
# times the work), three times each: the first byte's time, the whole answer's time and size, and the service's
# resident memory sampled every 20 ms during the request (its peak, and what it was before). Issue 28 point 5: the first
# byte in < 50 ms and memory flat however many plans.
# Settings (environment): SCALE=national|national4|small SEED=1 PORT=5097 ROUNDS=3 API_DLL=<build>
set -euo pipefail
cd "$(dirname "$0")/.."
SCALE=${SCALE:-national}; SEED=${SEED:-1}; PORT=${PORT:-5097}; ROUNDS=${ROUNDS:-3}
log() { printf '\033[1m== %s\033[0m\n' "$*" >&2; }
CACHE=bench/data/$SCALE-$SEED.db
[ -f "$CACHE" ] || { echo "no $CACHE: run make bench SCALE=$SCALE once (it generates the register)" >&2; exit 1; }
log "building (Release)"
dotnet build src/RiskRegister.Api/RiskRegister.Api.csproj -c Release -nologo -v q -clp:ErrorsOnly
API_DLL=${API_DLL:-src/RiskRegister.Api/bin/Release/net10.0/RiskRegister.Api.dll}
RUN=$(mktemp -d); WORK=$RUN/register.db
cp "$CACHE" "$WORK"
dotnet "$API_DLL" --urls "http://127.0.0.1:$PORT" --Database:Path="$WORK" --Logging:LogLevel:Default=Warning \
  --RateLimit:PermitsPerMinute=0 >"$RUN/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -rf "$RUN"' EXIT
for _ in $(seq 1 150); do curl -fs "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break; sleep 0.2; done
KEY=bench-admin-key-not-for-production
# One answer first, not measured: the first request of a started service compiles its code.
curl -fsS -o /dev/null -H "X-Api-Key: $KEY" -H "Accept: text/csv" "http://127.0.0.1:$PORT/api/v1/follow-up-status?year=2026"
rss() { awk '/VmRSS/ {print int($2/1024)}' "/proc/$SERVER/status"; }
echo "| CSV | round | first byte ms | whole ms | MB | rows | service RSS before MB | peak during MB |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for what in "year=2026" "all years"; do
  query=""; [ "$what" = "all years" ] || query="?$what"
  for round in $(seq 1 "$ROUNDS"); do
    before=$(rss); peak=$before
    curl -fsS -o "$RUN/answer.csv" -H "X-Api-Key: $KEY" -H "Accept: text/csv" \
      -w '%{time_starttransfer} %{time_total} %{size_download}\n' "http://127.0.0.1:$PORT/api/v1/follow-up-status$query" >"$RUN/timing" &
    CURL=$!
    while kill -0 $CURL 2>/dev/null; do r=$(rss); [ "$r" -gt "$peak" ] && peak=$r; sleep 0.02; done
    wait $CURL
    read -r first whole size <"$RUN/timing"
    printf '| %s | %s | %.0f | %.0f | %.1f | %s | %s | %s |\n' "$what" "$round" "$(echo "$first * 1000" | bc -l)" \
      "$(echo "$whole * 1000" | bc -l)" "$(echo "$size / 1048576" | bc -l)" "$(($(wc -l <"$RUN/answer.csv") - 1))" "$before" "$peak"
  done
done
log "service peak (VmHWM) $(awk '/VmHWM/ {print int($2/1024)}' "/proc/$SERVER/status") MB; load average $(cut -d' ' -f1-3 /proc/loadavg)"
