# FhirChainGateway: `make run` starts the gateway on embedded defaults, `make test` builds and runs every test.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

CONFIGURATION ?= Release
DOTNET ?= dotnet
export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE := 1

DEFINITIONS_STAMP := fhir-profiles/node_modules/.fhirchain-installed
COSMOS_SERVER_STAMP := tests/cosmos-test-server/node_modules/.fhirchain-installed

.PHONY: help deps build test run run-ledger run-distributed bench clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

deps: $(DEFINITIONS_STAMP) ## install the pinned HL7 FHIR R4 definitions (npm ci)

$(DEFINITIONS_STAMP): fhir-profiles/package.json fhir-profiles/package-lock.json
	cd fhir-profiles && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

# The Cosmos DB test server (npm @vercel/cosmosdb-server, pinned) that the Cosmos tests run against.
$(COSMOS_SERVER_STAMP): tests/cosmos-test-server/package.json tests/cosmos-test-server/package-lock.json
	cd tests/cosmos-test-server && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

build: deps ## build the whole solution
	$(DOTNET) build FhirChainGateway.sln -c $(CONFIGURATION) -nologo -clp:NoSummary

test: build $(COSMOS_SERVER_STAMP) ## build and run all tests (prints an 'N passed, N failed' line)
	bash .ci/rabbitmq.sh install
	bash .ci/test.sh $(CONFIGURATION)

run: deps ## run the gateway on http://127.0.0.1:8080 with data in ./data
	$(DOTNET) run --project src/FhirChainGateway.Server -c $(CONFIGURATION)

run-ledger: deps ## run the ledger writer alone on http://127.0.0.1:8081 (set FHIRCHAIN_RABBITMQ)
	$(DOTNET) run --project src/FhirChainGateway.LedgerWriter -c $(CONFIGURATION)

run-distributed: build ## RabbitMQ + ledger writer + gateway as three processes (Ctrl-C stops all)
	bash .ci/run-distributed.sh $(CONFIGURATION)

bench: deps ## run the benchmarks (see tests/bench/README.md)
	$(DOTNET) run --project tests/bench/FhirChainGateway.Benchmarks -c Release -- $(BENCH_ARGS)

clean: ## remove build output (keeps ./data)
	$(DOTNET) clean FhirChainGateway.sln -c $(CONFIGURATION) -nologo >/dev/null
	rm -rf artifacts
