#!/usr/bin/env bash
# make openapi: writes openapi/riskregister.v1.json as the service serves it, byte for byte.
# It starts the built service on a throwaway database (it does not build the tests, which use the client generated
# from this very file and may not compile until it is rewritten).
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build src/RiskRegister.Api -c Release -v quiet -nologo >/dev/null
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
port=${OPENAPI_PORT:-5097}
Database__Path="$work/openapi.db" Auth__BootstrapAdminKey="openapi-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')" \
  ASPNETCORE_URLS="http://127.0.0.1:$port" dotnet src/RiskRegister.Api/bin/Release/net10.0/RiskRegister.Api.dll >"$work/log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/log" >&2; exit 1; }
  sleep 0.2
done
curl -fsS "http://127.0.0.1:$port/openapi/v1.json" -o openapi/riskregister.v1.json
echo "openapi/riskregister.v1.json written ($(wc -c <openapi/riskregister.v1.json) bytes); review the diff: it is the public contract."
