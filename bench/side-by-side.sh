#!/bin/bash
# Two builds at once, on copies of the same register, measured in alternating wrk bursts: each build's server CPU µs
# per request for the fixed response and one operation, round by round. On a loaded machine consecutive bench/run.sh
# runs of two builds moved by more than the difference between them; bursts a few seconds apart share the load.
# Usage: BEFORE=<dll> AFTER=<dll> [OP=read-risk ROUNDS=8 SECONDS_EACH=4 PORT=5524 SCALE=small SEED=1] bench/side-by-side.sh
# (the register must exist: bench/run.sh generates and caches it in bench/data).
set -euo pipefail
cd "$(dirname "$0")/.."
OP=${OP:-read-risk} ROUNDS=${ROUNDS:-8} SECONDS_EACH=${SECONDS_EACH:-4} PORT=${PORT:-5524} SCALE=${SCALE:-small} SEED=${SEED:-1}
: "${BEFORE:?BEFORE=<the first build's RiskRegister.Api.dll>}" "${AFTER:?AFTER=<the second build's RiskRegister.Api.dll>}"
CACHE="bench/data/$SCALE-$SEED.db"
[ -f "$CACHE" ] || { echo "no $CACHE: run bench/run.sh once with SCALE=$SCALE" >&2; exit 1; }
set -a; . "$CACHE.env"; set +a
export WRK_DIR="$PWD/bench/wrk" API_KEY="$ADMIN_KEY"
RUN=$(mktemp -d)
declare -A DLL=([before]=$BEFORE [after]=$AFTER) PORTS=([before]=$PORT [after]=$((PORT + 1))) PID=()
trap 'kill ${PID[before]:-} ${PID[after]:-} 2>/dev/null || true; rm -rf "$RUN"' EXIT
for b in before after; do
  cp "$CACHE" "$RUN/$b.db"
  dotnet "${DLL[$b]}" --urls "http://127.0.0.1:${PORTS[$b]}" --Database:Path="$RUN/$b.db" --Bench:FixedResponse=true \
    --Logging:LogLevel:Default=Warning --RateLimit:PermitsPerMinute=0 --RateLimit:WritesPerDay=0 >"$RUN/$b.log" 2>&1 &
  PID[$b]=$!
done
for b in before after; do
  for _ in $(seq 1 150); do curl -fs "http://127.0.0.1:${PORTS[$b]}/health" >/dev/null 2>&1 && break; sleep 0.2; done
done
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
burst() { # build operation seconds: the server's CPU µs per request over the burst
  local t0 t1 n
  t0=$(ticks "${PID[$1]}")
  n=$(OP=$2 wrk -t1 -c32 -d"$3s" --timeout 10s -s "bench/wrk/$2.lua" "http://127.0.0.1:${PORTS[$1]}" | grep '^RESULT' | cut -f6)
  t1=$(ticks "${PID[$1]}")
  echo $(( (t1 - t0) * 1000000 / $(getconf CLK_TCK) / (n > 0 ? n : 1) ))
}
echo "warm-up; load $(uptime | sed 's/.*load average: //')"
for b in before after; do burst $b "$OP" 10 >/dev/null; burst $b fixed 5 >/dev/null; burst $b "$OP" 5 >/dev/null; done
for r in $(seq 1 "$ROUNDS"); do
  line="round $r:"
  for b in before after; do line="$line $b fixed $(burst $b fixed "$SECONDS_EACH") $OP $(burst $b "$OP" "$SECONDS_EACH");"; done
  echo "$line load $(uptime | sed 's/.*load average: //')"
done
