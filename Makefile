# nohaven: `make demo` and `make test` are all a newcomer needs (see README.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
VIDEO_STAMP := $(VENV)/.video-stamp
PYTEST_ARGS ?= -n 2

.PHONY: venv video sysdeps demo test lint typecheck unit bench bench-classify model evaluate clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "nohaven needs Python >= 3.11")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

# The video extra (vPDQ) builds against FFmpeg's libraries: Debian packages first, then pip.
$(VIDEO_STAMP): $(STAMP)
	scripts/sysdeps-video.sh
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,video]'
	touch $(VIDEO_STAMP)

video: $(VIDEO_STAMP)

# Debian packages the tests and training need (PostgreSQL server, WordNet, fortunes-min and
# fortunes); installed only when missing.
sysdeps:
	scripts/sysdeps.sh

demo: $(STAMP)
	$(BIN)/nohaven demo --out nohaven-demo

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

# Unit and integration tests against SQLite and a throwaway PostgreSQL server on loopback.
unit: $(STAMP) $(VIDEO_STAMP) sysdeps
	scripts/pg-test-server.sh start
	NOHAVEN_TEST_PG_URL="$$(cat .pgtest/url)" $(BIN)/python -m pytest $(PYTEST_ARGS); \
	  status=$$?; scripts/pg-test-server.sh stop; exit $$status

test: lint typecheck unit

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_ingest.py
	$(BIN)/python benchmarks/bench_classify.py

bench-classify: $(STAMP)
	$(BIN)/python benchmarks/bench_classify.py

# The shipped content model and its card, rebuilt from ../shared/data (fixed split key and
# solvers: the same data gives the same weights). About 10 minutes on 2 cores.
SHARED_DATA ?= ../shared/data
MODEL_DIR   := src/nohaven/classify/models/default

model: $(STAMP) sysdeps
	$(BIN)/nohaven train --data $(SHARED_DATA) --out $(MODEL_DIR)
	$(BIN)/python -m nohaven.accounts.training $(SHARED_DATA) src/nohaven/accounts/data

# Re-score the shipped model's test split and check the figures against its card.
evaluate: $(STAMP) sysdeps
	$(BIN)/nohaven evaluate --data $(SHARED_DATA)

clean:
	rm -rf $(VENV) .pgtest nohaven-demo .mypy_cache .ruff_cache .pytest_cache
