# The scanner's command surface; CI runs `make test`, README's Quick start runs `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export DBT_SEND_ANONYMOUS_USAGE_STATS := False
export DO_NOT_TRACK := 1
export DAGSTER_DISABLE_TELEMETRY := 1
export GX_ANALYTICS_ENABLED := false
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: help install demo test lint dev clean

help: ## Show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==0.13.8
	$(BIN)/uv pip sync --quiet --compile-bytecode --python $(BIN)/python --require-hashes requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	$(BIN)/python -c "from orchestration.dbt_manifest import ensure_manifest; ensure_manifest()"
	touch $(STAMP)

install: $(STAMP) ## Create .venv and install the pinned dependencies

demo: install ## Build the Acme demo stack and scan it (prints score, band, report path)
	$(BIN)/maturity demo

test: install lint ## Lint, check the import layers, run the whole test suite
	$(BIN)/python -m pytest -n 2 --dist loadgroup --durations=25

lint: install ## ruff + import-linter (layers: only orchestration imports dagster, ...)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

dev: install ## Dagster UI on http://127.0.0.1:3000 with every client file as a partition
	DAGSTER_HOME=$${DAGSTER_HOME:-$(CURDIR)/.dagster_home} ; mkdir -p $$DAGSTER_HOME ; \
	test -f $$DAGSTER_HOME/dagster.yaml || printf 'telemetry:\n  enabled: false\nconcurrency:\n  runs:\n    tag_concurrency_limits:\n      - key: dagster/partition\n        value: {applyLimitPerUniqueValue: true}\n        limit: 1\n' > $$DAGSTER_HOME/dagster.yaml ; \
	DAGSTER_HOME=$$DAGSTER_HOME $(BIN)/dagster dev -w workspace.yaml -h 127.0.0.1 -p 3000

lock: ## Re-resolve and re-export the lock file after changing pyproject.toml
	$(BIN)/uv lock && $(BIN)/uv export --frozen --all-groups --no-emit-project -o requirements.lock -q

clean: ## Remove generated data (evidence stores, demo stack, dbt targets)
	rm -rf data examples/*/stack dbt_project/target dbt_project/logs .dagster_home
