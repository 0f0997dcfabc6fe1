#!/usr/bin/env bash
# make bench-history-growth: what a write costs on disk (issue 22 point 3). A risk's description is changed WRITES
# times, alternating two 8,000-character texts, through the API on a fresh SQLite register; the register's size
# (file + log, after a TRUNCATE checkpoint) is measured before and after, and the history's own bytes (rows and
# kept texts). Target: at most 10 KiB of history a write.
set -euo pipefail
cd "$(dirname "$0")/.."
WRITES=${WRITES:-3000}
PORT=${PORT:-5099}
[ -n "${API_DLL:-}" ] || dotnet build src/RiskRegister.Api/RiskRegister.Api.csproj -c Release -nologo -v q -clp:ErrorsOnly
API_DLL=${API_DLL:-src/RiskRegister.Api/bin/Release/net10.0/RiskRegister.Api.dll}
RUN=$(mktemp -d)
KEY="growth-bench-key-not-for-production-0123456789"
Database__Path="$RUN/growth.db" Auth__BootstrapAdminKey="$KEY" RateLimit__PermitsPerMinute=0 RateLimit__WritesPerDay=0 \
  ASPNETCORE_URLS="http://127.0.0.1:$PORT" dotnet "$API_DLL" >"$RUN/log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$RUN"' EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break; sleep 0.2; done
python3 - "$PORT" "$KEY" "$RUN/growth.db" "$WRITES" <<'PY'
import http.client, json, os, sqlite3, sys, time
port, key, db, writes = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
conn = http.client.HTTPConnection("127.0.0.1", port)
def call(method, path, body=None):
    conn.request(method, "/api/v1" + path, json.dumps(body) if body is not None else None,
                 {"X-Api-Key": key, "Content-Type": "application/json"})
    r = conn.getresponse(); data = r.read()
    if r.status >= 300: raise SystemExit(f"{method} {path}: {r.status} {data[:300]}")
    return json.loads(data) if data else None
board = call("POST", "/units", {"name": "Nämnden", "kind": "board"})
unit = call("POST", "/units", {"name": "Förvaltningen", "kind": "administration", "parentId": board["id"]})
plan = call("POST", "/plans", {"unitId": unit["id"], "year": 2026})
risk = call("POST", f"/plans/{plan['id']}/risks", {"title": "Lång text", "description": "kort", "probability": 2, "consequence": 2, "handlingMethod": "none"})
texts = [(" ".join(["Lång beskrivning A."] * 500))[:7999] + "A", (" ".join(["Annan text B!"] * 700))[:7999] + "B"]
def size():
    c = sqlite3.connect(db); c.execute("PRAGMA wal_checkpoint(TRUNCATE)"); 
    history = c.execute("SELECT COALESCE(SUM(LENGTH(before_json)+LENGTH(after_json)),0) FROM history").fetchone()[0]
    kept = c.execute("SELECT COALESCE(SUM(LENGTH(text)),0) FROM history_texts").fetchone()[0] if c.execute("SELECT 1 FROM sqlite_master WHERE name='history_texts'").fetchone() else 0
    c.close()
    return sum(os.path.getsize(db + s) for s in ("", "-wal") if os.path.exists(db + s)), history + kept
before, hbefore = size()
start = time.time()
for i in range(writes):
    call("PATCH", f"/risks/{risk['id']}", {"description": texts[i % 2]})
elapsed = time.time() - start
after, hafter = size()
print(f"{writes} PATCHes alternating two 8,000-character texts in {elapsed:.0f} s")
print(f"register on disk: {before/1024/1024:.2f} MiB -> {after/1024/1024:.2f} MiB: {(after-before)/writes/1024:.2f} KiB a write")
print(f"history (rows' before/after + kept texts): {(hafter-hbefore)/writes/1024:.2f} KiB a write")
PY
