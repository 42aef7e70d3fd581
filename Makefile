# Syniad: build, run and test. `make run` serves the demo site; `make test` runs every test.

PG_HOST ?= 127.0.0.1
PG_PORT ?= 5432
GO     ?= go

# Recipes use bash with pipefail, so a failing `go test` fails `make test` through its pipe.
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c

# Go may be installed without being on PATH (as on Debian machines with /usr/local/go).
export PATH := $(PATH):/usr/local/go/bin

.DEFAULT_GOAL := build
.PHONY: assets build db run test test-tools bench fmt vet clean

# Front-end assets: GOV.UK Frontend compiled with our styles into public/dist (embedded in the
# binary). npm ci runs only when package.json or package-lock.json is newer than node_modules.
assets: public/node_modules/.installed
	cd public && npm run build

public/node_modules/.installed: public/package.json public/package-lock.json
	cd public && npm ci --no-audit --no-fund
	touch $@

build: assets
	$(GO) build -o bin/syniad ./cmd/syniad

# Make sure Postgres answers on $(PG_HOST):$(PG_PORT), starting the local cluster if need be.
db:
	@if ! command -v pg_isready >/dev/null; then \
		echo "pg_isready not found: assuming Postgres is up at $(PG_HOST):$(PG_PORT)"; exit 0; fi; \
	pg_isready -q -h $(PG_HOST) -p $(PG_PORT) && exit 0; \
	if ! command -v pg_ctlcluster >/dev/null || [ ! -d /etc/postgresql ]; then \
		echo "Postgres is not running at $(PG_HOST):$(PG_PORT): start it, then try again" >&2; exit 1; fi; \
	echo "Starting Postgres"; \
	pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start; \
	for i in $$(seq 30); do pg_isready -q -h $(PG_HOST) -p $(PG_PORT) && exit 0; sleep 1; done; \
	echo "Postgres did not become ready at $(PG_HOST):$(PG_PORT)" >&2; exit 1

# The service with demo data on http://localhost:3000 (sign in at /auth/dev).
run: build db
	./bin/syniad seed --demo
	./bin/syniad serve

# Every test: models, handlers, sign-in flows, the browser suite (Chromium) and the PDF checks
# (poppler). Installs what those suites need first when it can; the report at the end counts
# what passed, failed and was skipped, and says why each skip happened.
test: assets db vet test-tools
	$(GO) build -o bin/testreport ./cmd/testreport
	$(GO) test -json -count=1 -p 2 -timeout 20m ./... | ./bin/testreport
	@echo "make test: all tests passed"

# Debian packages the suites use: chromium (browser suite), poppler-utils (the meeting pack's
# PDF is read back), fonts-dejavu-core (the PDF's font), pgbouncer and haproxy (the suites that
# run the service behind them). Installed as root or with sudo -n;
# otherwise the suites that need them skip, and say so (under CI=true they fail instead).
TEST_PACKAGES := chromium:chromium poppler-utils:pdftotext fonts-dejavu-core:/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf \
	pgbouncer:/usr/sbin/pgbouncer haproxy:/usr/sbin/haproxy
test-tools:
	@missing=""; for p in $(TEST_PACKAGES); do pkg=$${p%%:*}; probe=$${p#*:}; \
		if [ "$${probe#/}" != "$$probe" ]; then [ -e "$$probe" ] || missing="$$missing $$pkg"; \
		else command -v "$$probe" >/dev/null || missing="$$missing $$pkg"; fi; done; \
	[ -z "$$missing" ] && exit 0; \
	if [ "$$(id -u)" -eq 0 ]; then sudo=""; elif sudo -n true 2>/dev/null; then sudo="sudo -n"; else \
		echo "make test: cannot install$$missing (not root, no sudo): the suites that need them will skip"; exit 0; fi; \
	echo "Installing (Debian packages):$$missing"; \
	$$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing || \
		echo "make test: installing$$missing failed: the suites that need them will skip (fail under CI=true)"

# Load figures at national scale: loads the bench site into syniad_bench if it is not there
# (about 40 s), drives the service with wrk, judges issue 18's targets, profiles the service's
# CPU during chosen loads, and writes docs/BENCHMARKS.md (about 10 min; the flags are in
# cmd/syniad-bench: `go run ./cmd/syniad-bench -h`).
bench: build db
	@command -v wrk >/dev/null || { \
		echo "Installing wrk (Debian package)"; \
		if [ "$$(id -u)" -eq 0 ]; then apt-get install -y wrk; else sudo -n apt-get install -y wrk; fi; }
	$(GO) run ./cmd/syniad-bench

vet:
	$(GO) vet ./...

fmt:
	$(GO) fmt ./...

clean:
	rm -rf bin
	find public/dist -mindepth 1 ! -name .gitkeep -delete
