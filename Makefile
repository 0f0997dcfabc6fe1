# RiskRegister — the two commands are `make run` and `make test`.
SHELL := /bin/bash
# Every setting can come from the environment (Database__Path, ASPNETCORE_URLS, Auth__BootstrapAdminKey, ...): nothing is
# passed on the command line, which would outrank it. URLS=... on make's command line sets the address too.
URLS ?= $(or $(ASPNETCORE_URLS),http://127.0.0.1:5080)
API := src/RiskRegister.Api

.PHONY: run demo reset test move backup publish build clean render bench bench-smoke bench-summary bench-storm bench-csv bench-webhooks bench-history-growth bench-import openapi lint-openapi idp

## Start the service on the SQLite file data/riskregister.db (or Database__Path), migrations applied at start-up.
run:
	ASPNETCORE_URLS='$(URLS)' dotnet run --project $(API) -c Release

## Like run, and loads the two NORV demo plans and Region Västerbotten's nämnd-level plan when the database is empty.
demo:
	ASPNETCORE_URLS='$(URLS)' Demo__Load=true dotnet run --project $(API) -c Release

## A development OpenID provider on http://127.0.0.1:5090 (DEVIDP_URL=…) issuing tokens for the demo's people and a
## system (see README, "Signing in with a token"); start the service with Auth__Issuers__0__… pointing at it.
idp:
	dotnet run --project tools/RiskRegister.DevIdp -c Release

## Remove the register at data/ (stop the service first): the next start begins with an empty database.
reset:
	rm -rf data

## Every test: domain rules, the HTTP pipeline on real SQLite files, the OpenAPI contract (drift, lint, client); then
## the suite again on PostgreSQL (a throwaway server the tests start from Debian's postgresql package), with the tests
## of several instances on one database (Trait Database=PostgreSQL) and without those of what only SQLite has.
## A failed pass ends by listing its failures again (from its TRX files in artifacts/test-results/), so the last lines
## of the output name them.
RESULTS := artifacts/test-results
test: lint-openapi
	rm -rf $(RESULTS)
	dotnet test RiskRegister.sln -c Release --filter "Database!=PostgreSQL" --logger "console;verbosity=normal" \
	  --logger "trx;LogFilePrefix=sqlite" --results-directory $(RESULTS)/sqlite || { python3 tools/test-report/failures.py $(RESULTS)/sqlite; exit 1; }
	RISKREGISTER_TEST_DATABASE=postgres dotnet test RiskRegister.sln -c Release --no-build --filter "Database!=SQLite" --logger "console;verbosity=normal" \
	  --logger "trx;LogFilePrefix=postgres" --results-directory $(RESULTS)/postgres || { python3 tools/test-report/failures.py $(RESULTS)/postgres; exit 1; }

## Copy a whole SQLite register into an empty PostgreSQL database (same ids, versions, timestamps, key hashes),
## verifying the counts: make move FROM=data/riskregister.db TO='Host=…;Database=riskregister;Username=…;Password=…'
move:
	@test -n "$(FROM)" -a -n "$(TO)" || { echo "usage: make move FROM=<sqlite file> TO='<PostgreSQL connection string>'" >&2; exit 64; }
	@echo "make move: building the operations tool (a minute the first time), then copying $(FROM) into PostgreSQL and counting the rows..."
	dotnet run --project tools/RiskRegister.Operations -c Release -- move --from '$(FROM)' --to '$(TO)'

## A consistent online backup of the SQLite register (Database__Path, or FROM=…; default data/riskregister.db) into a new
## file, also while the service runs: make backup TO=backups/riskregister-$$(date +%F).db. Restore: stop, copy back, start.
backup:
	@test -n "$(TO)" || { echo "usage: make backup TO=<new file> [FROM=<sqlite file>]" >&2; exit 64; }
	@echo "make backup: building the operations tool (a minute the first time), then copying the register into $(TO) and checking it..."
	dotnet run --project tools/RiskRegister.Operations -c Release -- backup --from '$(or $(FROM),$(Database__Path),data/riskregister.db)' --to '$(TO)'

## A self-contained release folder (no .NET needed on the server) that runs with one command: dist/riskregister/RiskRegister.Api.
## RID=linux-x64 (or linux-arm64, …), OUT=dist/riskregister.
RID ?= linux-x64
OUT ?= dist/riskregister
publish:
	dotnet publish $(API) -c Release -r $(RID) --self-contained -o '$(OUT)' -nologo
	@echo "Run it: cd <a directory for its data> && ASPNETCORE_URLS=http://127.0.0.1:5080 $(abspath $(OUT))/RiskRegister.Api"

## Rewrite openapi/riskregister.v1.json byte for byte as the service serves it (then rebuild: the client follows it).
openapi:
	tools/openapi/update.sh

## Lint the committed document with Redocly CLI and Spectral (OpenAPI and OWASP rulesets; exact versions from
## tools/openapi-lint/package-lock.json, rules in redocly.yaml and tools/openapi-lint/.spectral.yaml). Any finding fails.
lint-openapi:
	cd tools/openapi-lint && npm ci --no-audit --no-fund --silent \
	  && npx redocly lint --config ../../redocly.yaml ../../openapi/riskregister.v1.json --format=summary \
	  && npx spectral lint --fail-severity=hint ../../openapi/riskregister.v1.json

## Renders the demo plans' summaries and the nämnd's internal control to PNG and PDF under artifacts/ with headless Chromium (installs Debian's chromium if missing).
render:
	@echo "make render: building the service, starting it on a temporary database with the demo plans, then printing them to artifacts/..."
	tools/render/render.sh

## Memory under a storm of large reads, then idle; per GC setting. STORM=summary (default: 200 concurrent HTML summaries of a
## plan at every limit), pdf, plan (GET /plans/{id} of a 16 MiB plan), history, events (100 concurrent pages of 500). See bench/README.md.
bench-storm:
	bench/summary-storm.sh

## The follow-up status CSV of one year and of every year (ten times the plans): first byte, whole, memory. SCALE=national|small.
bench-csv:
	SCALE=$(SCALE) bench/csv-scale.sh

## What a write costs on disk: 3,000 PATCHes alternating two 8,000-character texts (WRITES=…); KiB a write. See bench/README.md.
bench-history-growth:
	bench/history-growth.sh

## What webhooks cost: create-risk req/s alone and with 1 and 10 subscriptions, one event a POST and batched (maxEventsPerDelivery=100), the delivery latency (commit → receiver),
## and the service's and the receiver's CPU µs per delivery. See bench/README.md.
bench-webhooks:
	bench/webhook-latency.sh

## A plan at the limits (200 risks × 20 activities, both rounds) as a workbook: export, dry-run and real import times, and
## the peak RSS of 20 concurrent imports. See bench/README.md.
bench-import:
	bench/import-bench.py

## Benchmarks summary generation (JSON build + HTML render) for a plan of 200 risks.
bench-summary:
	dotnet run --project bench/RiskRegister.Benchmarks -c Release -- --filter '*Summary*' --artifacts $(CURDIR)/bench/results

build:
	dotnet build RiskRegister.sln -c Release

clean:
	dotnet clean RiskRegister.sln
	rm -rf data

## Benchmark: SCALE=small|national (default national), DB=sqlite|postgres (default sqlite). Generates the register (cached in bench/data),
## starts the real server, drives each operation with wrk, compares with the same run's ceilings.
## Writes bench/results/<scale>-<date>.md. See bench/README.md.
SCALE ?= national
DB ?= sqlite
bench:
	SCALE=$(SCALE) DB=$(DB) bench/run.sh

## The small register, a few seconds per operation; fails if any operation answers non-2xx. For CI.
bench-smoke:
	SCALE=small DURATION=3 WARMUP=1 SQL_SECONDS=1 SMOKE=1 bench/run.sh
