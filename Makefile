# The README's two commands: `make run` (service on the embedded default) and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export HAYSTACK_TELEMETRY_ENABLED := False
# Python's bytecode cache is what makes the second start fast: with PYTHONDONTWRITEBYTECODE inherited from the
# shell (some images set it), every start and every test worker compiles every module it imports again (imports of
# the service 7.5 s -> 3.5 s measured, docs/benchmarks.md). The venv and the project are this Makefile's own.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: install run index test test-fast lint bench clean

install: $(STAMP)

# torch first and pinned: the CPU wheel (an unpinned torch would pull a multi-GB CUDA build).
# --no-compile: pip would byte-compile every module of every package (torch, sympy, transformers …), most of which
# are never imported; Python compiles what is imported on first use and caches it (install 83 s -> 30 s measured,
# first imports no slower: docs/benchmarks.md)
PIP := $(BIN)/python -m pip install --quiet --no-compile
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) --upgrade pip
	$(PIP) torch==2.13.0
	$(PIP) -e '.[test]'
	touch $(STAMP)

index: install
	$(BIN)/lsa-assistant index

run: install
	$(BIN)/lsa-assistant serve --host 127.0.0.1 --port 8000

# everything, as CI runs it (pytest alone runs only the fast set, see pyproject.toml), on two pytest-xdist
# workers; --dist loadgroup keeps the tests of the real model on one worker (tests/conftest.py), so the session
# builds its real-model index once
test: install
	$(BIN)/python -m pytest -q -m "" -n 2 --dist loadgroup

# the fast set on two workers (pytest-xdist): about a quarter less wall time on two cores for half as much
# CPU time again (each worker imports and loads the corpora itself); plain `pytest` runs it in one process
test-fast: install
	$(BIN)/python -m pytest -q -n 2

lint: install
	$(BIN)/ruff check .

bench: install
	$(BIN)/python benchmarks/indexing.py

clean:
	rm -rf $(VENV) var/index
