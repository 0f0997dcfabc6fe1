#!/usr/bin/env bash
# `make bench` / `make bench-smoke`: generate the register (cached by scale, seed and generator/migration
# sources), start the real server on a copy of it, drive each operation with wrk, measure the two ceilings
# (fixed response over the same HTTP stack; the operation's raw SQL on the same file), write the table.
# DB=postgres runs the same on PostgreSQL: a throwaway server (Debian's postgresql package, as the postgres user when
# root), the generated register moved into it with make move's tool, the ceilings' SQL on the same database.
# AUTH=token sends the demo admin's bearer token from the development provider (tools/RiskRegister.DevIdp, started on
# PORT+2) instead of the admin key, to compare what validating a JWT costs per request with what a key costs.
# PROFILE=1 also samples the server with perf during each measured run (DOTNET_PerfMapEnabled=1 names the JIT-compiled
# frames) and writes each operation's top frames to bench/results/profile-<scale>[-postgres]/<operation>.txt
# (bench/perf-top.py). The figures of a PROFILE=1 run carry perf's own cost: not for the before/after tables.
# Settings (environment): SCALE=small|national DB=sqlite|postgres SEED=1 DURATION=10 WARMUP=2 CONNECTIONS=32 SQL_SECONDS=5 SMOKE=0 SERVER_WARMUP=10 PORT=5099 AUTH=key|token PROFILE=0 API_DLL=<build>
# OPERATIONS entries are operation[:connections[:seconds]]: seconds, when given, is that operation's measured run and its
# SQL ceiling's instead of DURATION and SQL_SECONDS (the all-plans CSV takes a third of a second or more: 10 s held about 20).
set -euo pipefail
cd "$(dirname "$0")/.."

SCALE=${SCALE:-national}
DB=${DB:-sqlite}
SEED=${SEED:-1}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-2}
# Unmeasured fixed responses right after the start, before the first ceiling: a server seconds old is still compiling its
# pipeline (tiered JIT) and sizing its heaps, and its first ceiling read far below the last (bench/README.md, "What it
# does", 5).
SERVER_WARMUP=${SERVER_WARMUP:-$([ "${SMOKE:-0}" = 1 ] && echo 1 || echo 10)}
CONNECTIONS=${CONNECTIONS:-32}
SQL_SECONDS=${SQL_SECONDS:-5}
SMOKE=${SMOKE:-0}
PORT=${PORT:-5099}
AUTH=${AUTH:-key}
PROFILE=${PROFILE:-0}
# Each operation; the reports over every plan of a year are big answers, so they get fewer connections and a longer run.
OPERATIONS=${OPERATIONS:-"read-risk create-risk follow-up-1 summary-json summary-html status-unit status-all:2:30 history-plan"}

log() { printf '\033[1m== %s\033[0m\n' "$*" >&2; }

if ! command -v wrk >/dev/null 2>&1; then
  log "installing wrk"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq wrk >/dev/null
fi

log "building (Release)"
dotnet build src/RiskRegister.Api/RiskRegister.Api.csproj -c Release -nologo -v q -clp:ErrorsOnly
dotnet build tools/RiskRegister.Bench/RiskRegister.Bench.csproj -c Release -nologo -v q -clp:ErrorsOnly
[ "$DB" = postgres ] && dotnet build tools/RiskRegister.Operations/RiskRegister.Operations.csproj -c Release -nologo -v q -clp:ErrorsOnly
# API_DLL=<another build's RiskRegister.Api.dll> measures that build (before/after runs interleaved on a noisy machine).
API_DLL=${API_DLL:-src/RiskRegister.Api/bin/Release/net10.0/RiskRegister.Api.dll}
TOOL="dotnet tools/RiskRegister.Bench/bin/Release/net10.0/RiskRegister.Bench.dll"

DATA=bench/data
mkdir -p "$DATA" bench/results
CACHE="$DATA/$SCALE-$SEED.db"
SOURCES_HASH=$(cat migrations/sqlite/*.sql tools/RiskRegister.Bench/Generator.cs tools/RiskRegister.Bench/Words.cs | sha256sum | cut -c1-16)
if [ ! -f "$CACHE" ] || [ "$(cat "$CACHE.hash" 2>/dev/null)" != "$SOURCES_HASH" ]; then
  log "generating $SCALE register (seed $SEED)"
  $TOOL generate --db "$CACHE" --scale "$SCALE" --seed "$SEED"
  echo "$SOURCES_HASH" > "$CACHE.hash"
else
  log "using cached $CACHE"
fi

# The run writes (risks, follow-ups), so it works on a copy and the cache stays as generated.
WORK="$DATA/run-$SCALE.db"
rm -f "$WORK" "$WORK-wal" "$WORK-shm"
cp "$CACHE" "$WORK"
cp "$CACHE.env" "$WORK.env"
set -a; . "$WORK.env"; set +a
export WRK_DIR="$PWD/bench/wrk" API_KEY="$ADMIN_KEY"

RUN=$(mktemp -d)
SERVER_LOG="$RUN/server.log"
DATABASE_ARGS=(--Database:Path="$PWD/$WORK")
SQL_ARGS=()
PG_STOP=:
if [ "$DB" = postgres ]; then
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -x "$PG_BIN/pg_ctl" ] || { echo "PostgreSQL is missing: apt-get install -y postgresql" >&2; exit 1; }
  PG_AS=(); [ "$(id -u)" = 0 ] && PG_AS=(runuser -u postgres --)
  PG_DIR="$RUN/pg"; mkdir -p "$PG_DIR"; [ "$(id -u)" = 0 ] && chown postgres "$RUN" "$PG_DIR"
  PG_PORT=$((PORT + 1000))
  log "starting PostgreSQL on 127.0.0.1:$PG_PORT"
  "${PG_AS[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U postgres -E UTF8 --locale=C >/dev/null
  # synchronous_commit=off is SQLite's synchronous=NORMAL in WAL mode: a commit survives a crash of the server, a power
  # cut may lose the last ones. shared_buffers holds the national register's hot part, as SQLite has the page cache.
  "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c synchronous_commit=off -c shared_buffers=2GB -c max_connections=200" start >/dev/null
  PG_STOP="${PG_AS[*]} $PG_BIN/pg_ctl -D $PG_DIR/data -m fast stop"
  CONN="Host=127.0.0.1;Port=$PG_PORT;Database=riskregister;Username=postgres"
  psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE riskregister" >/dev/null
  log "moving the register into PostgreSQL"
  MOVE_START=$(date +%s)
  dotnet tools/RiskRegister.Operations/bin/Release/net10.0/RiskRegister.Operations.dll move --from "$WORK" --to "$CONN" >"$RUN/move.log"
  MOVE_SECONDS=$(( $(date +%s) - MOVE_START ))
  psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d riskregister -qc "VACUUM ANALYZE" >/dev/null
  DATABASE_ARGS=(--Database:Provider=postgres --Database:ConnectionString="$CONN")
  SQL_ARGS=(--postgres "$CONN")
fi
AUTH_ARGS=()
IDP_STOP=:
if [ "$AUTH" = token ]; then
  dotnet build tools/RiskRegister.DevIdp/RiskRegister.DevIdp.csproj -c Release -nologo -v q -clp:ErrorsOnly
  IDP="http://127.0.0.1:$((PORT + 2))"
  log "starting the development OpenID provider on $IDP"
  DEVIDP_URL="$IDP" dotnet tools/RiskRegister.DevIdp/bin/Release/net10.0/RiskRegister.DevIdp.dll >"$RUN/idp.log" 2>&1 &
  IDP_PID=$!
  IDP_STOP="kill $IDP_PID"
  for _ in $(seq 1 100); do curl -fs "$IDP/.well-known/openid-configuration" >/dev/null 2>&1 && break; sleep 0.2; done
  AUTH_ARGS=(--Auth:Issuers:0:Authority="$IDP" --Auth:Issuers:0:Audience=riskregister --Auth:Issuers:0:RequireHttpsMetadata=false
    --Auth:Issuers:0:RoleMap:riskregister.admin=admin)
fi
log "starting the server on 127.0.0.1:$PORT"
# Rate limiting (if configured) and the risks-per-plan limit are switched off: the benchmark measures the service, not
# the limiter, and create-risk writes thousands of risks into the few draft plans of a small register.
# For perf to name managed frames: the JIT's map file, no W^X double mapping (perf cannot read a memfd's code), and
# the framework's precompiled code jitted too (perf has no symbols for ReadyToRun code), fully optimized at once (a
# short run on a loaded machine otherwise samples much code before its tier-1 compilation).
PERF_ENV=(); [ "$PROFILE" = 1 ] && PERF_ENV=(DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 DOTNET_ReadyToRun=0 DOTNET_TieredCompilation=0)
env "${PERF_ENV[@]}" dotnet "$API_DLL" --urls "http://127.0.0.1:$PORT" "${DATABASE_ARGS[@]}" --Bench:FixedResponse=true \
  --Logging:LogLevel:Default=Warning --RateLimit:PermitsPerMinute=0 --RateLimit:WritesPerDay=0 --Limits:MaxRisksPerPlan=1000000000 "${AUTH_ARGS[@]}" >"$SERVER_LOG" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; $IDP_STOP 2>/dev/null || true; $PG_STOP >/dev/null 2>&1 || true; rm -rf "$RUN"' EXIT
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break
  kill -0 $SERVER 2>/dev/null || { cat "$SERVER_LOG"; echo "server did not start" >&2; exit 1; }
  sleep 0.2
done

if [ "$AUTH" = token ]; then
  BEARER_TOKEN=$(curl -fsS -d grant_type=password -d username=admin -d password=demo "$IDP/connect/token" | grep -o '"access_token":"[^"]*"' | cut -d'"' -f4)
  export BEARER_TOKEN
fi

# One operation: a warm-up that also probes (first non-2xx kept), then the measured run.
measure() {
  local op=$1 connections=$2 seconds=${3:-$DURATION}
  local probe
  probe=$(OP=$op PROBE=1 wrk -t1 -c"$connections" -d"${WARMUP}s" --timeout 10s -s "bench/wrk/$op.lua" "http://127.0.0.1:$PORT" | grep '^RESULT' | cut -f2-)
  local requests non2xx
  requests=$(cut -f5 <<<"$probe"); non2xx=$(cut -f6 <<<"$probe")
  if [ "$requests" -gt 0 ] && [ "$non2xx" = "$requests" ]; then
    # Every request failed: the operation does not exist here (yet) or is broken. Reported, not measured.
    printf '%s\t\t\t\t0\t%s\t0\tnot measured: %s\t\n' "$op" "$non2xx" "$(cut -f8 <<<"$probe" | cut -d: -f1)"
    return
  fi
  # The server's own CPU time per request (user + system, from /proc): robust when other work shares the cores.
  local before after line
  local perf_pid=""
  if [ "$PROFILE" = 1 ] && [ "$op" != fixed ]; then
    perf record -q -F 997 -g -p "$SERVER" -o "$RUN/perf-$op.data" -- sleep "$seconds" >/dev/null 2>&1 &
    perf_pid=$!
  fi
  before=$(cpu_ticks)
  line=$(OP=$op wrk -t1 -c"$connections" -d"${seconds}s" --timeout 10s -s "bench/wrk/$op.lua" "http://127.0.0.1:$PORT" | grep '^RESULT' | cut -f2-)
  after=$(cpu_ticks)
  [ -n "$perf_pid" ] && { wait "$perf_pid" || true; profile_report "$op" "$seconds"; }
  printf '%s\t%s\n' "$line" "$(awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" -v n="$(cut -f5 <<<"$line")" 'BEGIN { printf "%.0f", (n > 0 ? t / hz * 1e6 / n : 0) }')"
}
cpu_ticks() { awk '{ print $14 + $15 }' /proc/$SERVER/stat; }
# The operation's top frames (bench/perf-top.py): the samples by library, and the managed frames with their inclusive share.
# The samples stay beside them (<operation>.data) for `perf report -i`, as long as the run's /tmp/perf-<pid>.map is there.
profile_report() {
  local op=$1 seconds=$2 dir="bench/results/profile-$SCALE$([ "$DB" = postgres ] && echo -postgres)"
  mkdir -p "$dir"
  mv "$RUN/perf-$op.data" "$dir/$op.data"
  { echo "# $op: perf record -F 997 -g -p <server> over the ${seconds} s run; $(uptime | sed 's/.*load/load/')"
    python3 bench/perf-top.py "$dir/$op.data" 30; } > "$dir/$op.txt" 2>&1 || true
}

WRK_OUT="$RUN/wrk.tsv"
log "warming the server up (${SERVER_WARMUP} s of fixed responses, not measured)"
OP=fixed wrk -t1 -c"$CONNECTIONS" -d"${SERVER_WARMUP}s" --timeout 10s -s bench/wrk/fixed.lua "http://127.0.0.1:$PORT" >/dev/null
log "fixed response (before)"
measure fixed "$CONNECTIONS" | tee -a "$WRK_OUT"
# operation[:connections[:seconds]]; in the smoke run no operation runs longer than DURATION.
entry_seconds() {
  local seconds; seconds=$(cut -s -d: -f3 <<<"$1"); seconds=${seconds:-$2}
  if [ "$SMOKE" = 1 ] && [ "$seconds" -gt "$DURATION" ]; then seconds=$DURATION; fi
  echo "$seconds"
}
for entry in $OPERATIONS; do
  op=${entry%%:*}; connections=$(cut -s -d: -f2 <<<"$entry"); connections=${connections:-$CONNECTIONS}
  seconds=$(entry_seconds "$entry" "$DURATION")
  log "$op ($connections connections, $seconds s)"
  measure "$op" "$connections" "$seconds" | tee -a "$WRK_OUT"
done
log "fixed response (after)"
measure fixed "$CONNECTIONS" | tee -a "$WRK_OUT"

PEAK_KB=$(awk '/VmHWM/ {print $2}' /proc/$SERVER/status)
kill $SERVER; wait $SERVER 2>/dev/null || true
# wrk cuts requests off when its time is up; Kestrel logs those as BadHttpRequestException. Anything else is a failure.
EXCEPTIONS=$(grep -E '^ +[A-Za-z.]+Exception\b' "$SERVER_LOG" | grep -vE 'BadHttpRequestException|ConnectionResetException|OperationCanceledException|TaskCanceledException' || true)
if [ -n "$EXCEPTIONS" ]; then
  SERVER_FAILED=1; log "the server logged errors:"; head -5 <<<"$EXCEPTIONS" >&2
else
  SERVER_FAILED=0
fi

log "raw-SQL ceilings (server stopped; same database, $SQL_SECONDS s each but where an operation gives its own)"
SQL_OUT="$RUN/sql.tsv"
for entry in $OPERATIONS; do
  $TOOL sql --db "$WORK" "${SQL_ARGS[@]}" --op "${entry%%:*}" --seconds "$(entry_seconds "$entry" "$SQL_SECONDS")" --threads "$(nproc)" | tee -a "$SQL_OUT"
done

SUFFIX=""; [ "$DB" = postgres ] && SUFFIX="-postgres"; [ "$AUTH" = token ] && SUFFIX="$SUFFIX-token"
RESULT="bench/results/$SCALE$SUFFIX-$(date -u +%F).md"
{
  echo "# RiskRegister benchmark: $SCALE on $DB, $(date -u '+%F %H:%M') UTC"
  echo
  echo "- commit $(git rev-parse --short HEAD)$(git diff --quiet || echo ' (with local changes)'), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM"
  echo "- register: seed $SEED, $PLANS plans, $RISKS risks, $ACTIVITIES activities, ${CONTROLS:-no} kontrollmoment, $HISTORY history rows; generated in $((GENERATION_MS / 1000)) s; file $(( $(stat -c %s "$CACHE") / 1048576 )) MiB"
  echo "- wrk: 1 thread, $CONNECTIONS connections (status-all: 2), ${WARMUP} s warm-up then ${DURATION} s per operation$(for e in $OPERATIONS; do [ "$(cut -s -d: -f3 <<<"$e")" ] && printf ' (%s: %s s, its SQL ceiling too)' "${e%%:*}" "$(entry_seconds "$e" "$DURATION")"; done); $([ "$AUTH" = token ] && echo "the admin's bearer token (RS256 JWT)" || echo "admin key"); ids drawn uniformly over the register"
  echo "- server peak memory (VmHWM): $((PEAK_KB / 1024)) MiB"
  [ "$DB" = postgres ] && echo "- PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on the same machine (synchronous_commit=off, shared_buffers=2GB); the register moved in by make move's tool in $MOVE_SECONDS s"
  echo
} > "$RESULT"
$TOOL report --wrk "$WRK_OUT" --sql "$SQL_OUT" --out "$RESULT" --title "$SCALE"
log "written to $RESULT"

if [ "$SMOKE" = 1 ]; then
  # In CI: every operation that exists must answer 2xx only, without socket errors, and the server must not log failures.
  bad=$(awk -F'\t' '($1 != "fixed" && $2 != "" && ($6 != "0" || $7 != "0")) || $8 ~ /HTTP 5/' "$WRK_OUT")
  missing=$(awk -F'\t' '$1 == "fixed" && $2 == ""' "$WRK_OUT")
  if [ -n "$bad$missing" ] || [ "$SERVER_FAILED" = 1 ]; then
    echo "bench-smoke failed:" >&2; echo "$bad$missing" >&2; exit 1
  fi
  log "bench-smoke passed"
fi
