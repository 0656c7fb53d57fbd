# The two commands of the README: `make run` and `make test`. Everything else is a helper.
GO      ?= go
PKGS    := ./...
# Packages with concurrency at their heart also run under the race detector.
RACE_PKGS := ./eventstore/... ./projections/...

.PHONY: run test test-race test-esdb test-faults bench build postgres vet fmt

run: postgres
	$(GO) run ./cmd/shafaf dev

test: postgres
	@deploy/dev/ensure-chromium.sh
	$(GO) vet $(PKGS)
	$(GO) test -count=1 -timeout 15m $(PKGS)
	$(GO) test -count=1 -race -timeout 15m $(RACE_PKGS)

# The conformance suite against a real EventStoreDB: make test-esdb ESDB_URL=esdb://host:2113?tls=false
test-esdb:
	@test -n "$(ESDB_URL)" || { echo "set ESDB_URL=esdb://host:2113?tls=false"; exit 2; }
	ESDB_URL="$(ESDB_URL)" $(GO) test -count=1 -race ./eventstore/esdb/...

# Kill the server, the database and its connections under load; see docs/reliability.md.
test-faults: postgres
	SHAFAF_FAULTS=$${SHAFAF_FAULTS:-full} $(GO) test -count=1 -v -run TestFaults -timeout 60m ./deploy/faults/

# The event store's appends are measured against pgbench's single-row INSERT in the same run
# (BenchmarkAppendAgainstInsert prints each pair; SHAFAF_BENCH_ROUND sets a round's length,
# SHAFAF_BENCH_PIN=1 gives the database a CPU of its own).
bench: postgres
	$(GO) test -run '^$$' -bench . -benchtime 3s -timeout 60m ./eventstore/... ./projections/...
	$(GO) test -run '^$$' -bench Upload10MiB -benchtime 20x -timeout 10m ./cmd/shafaf/
	$(GO) build -o bin/shafaf ./cmd/shafaf
	$(GO) build -o bin/loadgen ./cmd/loadgen
	bin/loadgen -spawn bin/shafaf -cases $${BENCH_CASES:-100000} -rate $${BENCH_RATE:-500,1000} -duration $${BENCH_DURATION:-60s}

# Rebuild the web assets bundled from npm (the Vazirmatn font, axe-core for the browser tests); the output is committed.
.PHONY: assets
assets:
	cd httpapi/web/assets && npm ci --no-audit --no-fund && npm run build

build:
	$(GO) build -o bin/shafaf ./cmd/shafaf

postgres:
	@deploy/dev/ensure-postgres.sh

vet:
	$(GO) vet $(PKGS)

fmt:
	gofmt -w $$(git ls-files '*.go')
