#!/usr/bin/env bash
# Renders the demo plans' summaries and each nämnd's internal control (printable HTML) to PDF with headless Chromium, and each PDF page to PNG, into artifacts/.
# Starts the service on a fresh temporary database with the NORV demo data, fetches the HTML with an API key,
# and lets Chromium print the saved file (Chromium cannot send the X-Api-Key header itself).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
OUT="$ROOT/artifacts"
PORT="${RENDER_PORT:-5397}"
KEY="render-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d " \n")"
WORK="$(mktemp -d)"
mkdir -p "$OUT"

# Needs Debian's chromium (headless printing) and poppler-utils (PDF pages to PNG). Installing them takes root.
if ! command -v chromium >/dev/null 2>&1 || ! command -v pdftoppm >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "make render needs chromium and poppler-utils: sudo apt-get install -y chromium poppler-utils fonts-dejavu-core" >&2
    exit 1
  fi
  echo "make render: installing Debian's chromium, poppler-utils and fonts-dejavu-core with apt-get..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils fonts-dejavu-core >/dev/null
fi

dotnet build "$ROOT/src/RiskRegister.Api" -c Release -v quiet -nologo >/dev/null
Auth__BootstrapAdminKey="$KEY" dotnet run --no-build --project "$ROOT/src/RiskRegister.Api" -c Release -- \
  --urls "http://127.0.0.1:$PORT" --Database:Path="$WORK/render.db" --Demo:Load=true --Public:Enabled=true >"$WORK/service.log" 2>&1 &
SERVICE=$!
cleanup() { kill "$SERVICE" 2>/dev/null || true; wait "$SERVICE" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break
  sleep 0.5
done

chrome() {
  # A new profile each time, and nothing that phones home.
  local profile; profile="$(mktemp -d)"
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$profile" --hide-scrollbars "$@" >/dev/null 2>&1
  rm -rf "$profile"
}

# A draft as the nämnd's papers carry it (Förslag till …): next year's plan copied from the first demo plan.
first_plan="$(curl -fsS -H "X-Api-Key: $KEY" "http://127.0.0.1:$PORT/api/v1/plans" | grep -o '"id":[0-9]*' | head -1 | cut -d: -f2)"
curl -fsS -X POST -H "X-Api-Key: $KEY" -H "Content-Type: application/json" -d '{"year":2024}' \
  "http://127.0.0.1:$PORT/api/v1/plans/$first_plan/copy" >/dev/null

for id in $(curl -fsS -H "X-Api-Key: $KEY" "http://127.0.0.1:$PORT/api/v1/plans" | grep -o '"id":[0-9]*' | cut -d: -f2); do
  html="$OUT/summary-$id.html"
  curl -fsS -H "X-Api-Key: $KEY" -H "Accept: text/html" "http://127.0.0.1:$PORT/api/v1/plans/$id/summary" -o "$html"
  curl -fsS -H "X-Api-Key: $KEY" "http://127.0.0.1:$PORT/api/v1/plans/$id/matrix.svg?round=final" -o "$OUT/matrix-$id.svg"
  chrome --print-to-pdf="$OUT/summary-$id.pdf" --no-pdf-header-footer "file://$html"
  # Every printed page as a PNG (summary-<id>-<page>.png), so nothing below the first screenful goes unseen.
  rm -f "$OUT/summary-$id"-*.png
  pdftoppm -r 80 -png "$OUT/summary-$id.pdf" "$OUT/summary-$id"
  chrome --screenshot="$OUT/matrix-$id.png" --window-size=600,480 "file://$OUT/matrix-$id.svg"
  echo "plan $id: $OUT/summary-$id.pdf ($(ls "$OUT/summary-$id"-*.png | wc -l) pages as summary-$id-N.png), $OUT/matrix-$id.svg"
done

# The nämnd's internal control, per nämnd (internal-control-<id>-N.png): for the year of the nämnd's own latest plan
# (Västerbotten's nämnd-level plan), else the NORV demo year (RENDER_YEAR, default 2023).
for id in $(curl -fsS -H "X-Api-Key: $KEY" "http://127.0.0.1:$PORT/api/v1/units?kind=board" | grep -o '"id":[0-9]*' | cut -d: -f2); do
  YEAR=$(curl -fsS -H "X-Api-Key: $KEY" "http://127.0.0.1:$PORT/api/v1/plans?unitId=$id" | grep -o '"year":[0-9]*' | cut -d: -f2 | sort -n | tail -1 || true)
  YEAR="${YEAR:-${RENDER_YEAR:-2023}}"
  html="$OUT/internal-control-$id.html"
  curl -fsS -H "X-Api-Key: $KEY" -H "Accept: text/html" "http://127.0.0.1:$PORT/api/v1/units/$id/internal-control?year=$YEAR" -o "$html"
  chrome --print-to-pdf="$OUT/internal-control-$id.pdf" --no-pdf-header-footer "file://$html"
  rm -f "$OUT/internal-control-$id"-*.png
  pdftoppm -r 80 -png "$OUT/internal-control-$id.pdf" "$OUT/internal-control-$id"
  echo "nämnd $id: $OUT/internal-control-$id.pdf ($(ls "$OUT/internal-control-$id"-*.png | wc -l) pages as internal-control-$id-N.png)"
done

# The public excerpt of the first plan, with its second risk (information security in clinical IT and MT systems)
# marked secret: public-summary-<id>-N.png. The marking is made on the temporary database only.
first="$(curl -fsS "http://127.0.0.1:$PORT/api/v1/public/plans" | grep -o '"id":[0-9]*' | head -1 | cut -d: -f2)"
risk="$(curl -fsS -H "X-Api-Key: $KEY" "http://127.0.0.1:$PORT/api/v1/plans/$first/risks" | grep -o '"id":[0-9]*' | sed -n 2p | cut -d: -f2)"
curl -fsS -X PUT -H "X-Api-Key: $KEY" -H "Content-Type: application/json" -d '{"ground":"OSL 18 kap. 8 §"}' \
  "http://127.0.0.1:$PORT/api/v1/risks/$risk/secrecy" >/dev/null
html="$OUT/public-summary-$first.html"
curl -fsS -H "Accept: text/html" "http://127.0.0.1:$PORT/api/v1/public/plans/$first/summary" -o "$html"
chrome --print-to-pdf="$OUT/public-summary-$first.pdf" --no-pdf-header-footer "file://$html"
rm -f "$OUT/public-summary-$first"-*.png
pdftoppm -r 80 -png "$OUT/public-summary-$first.pdf" "$OUT/public-summary-$first"
echo "public excerpt of plan $first (risk $risk marked): $OUT/public-summary-$first.pdf ($(ls "$OUT/public-summary-$first"-*.png | wc -l) pages)"
