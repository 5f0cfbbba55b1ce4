# Everything is installed from this project's own files into .venv; `make demo` and `make test` do all the set-up.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed

.PHONY: install demo test sync-check nb-test docs-check pytest readme clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

## Train, refine and compare on a bundled dataset; results in runs/demo
demo: install
	$(BIN)/prunelearn run --data breast_cancer --out runs/demo

## The full check, as CI runs it: notebooks clean and exported, notebooks run, docs build, pytest last
test: install sync-check nb-test docs-check pytest

sync-check: install
	PATH="$(CURDIR)/$(BIN):$$PATH" .ci/check-sync

# Two notebooks run at once: one torch thread each, or they fight over the cores (5-7x slower on 2 cores)
nb-test: install
	OMP_NUM_THREADS=1 $(BIN)/nbdev-test --n-workers 2 --timing

docs-check: install
	$(BIN)/python .ci/check-docs

pytest: install
	OMP_NUM_THREADS=1 $(BIN)/python -m pytest tests

clean:
	rm -rf _proc _docs runs .pytest_cache

## README.md from nbs/index.ipynb and its saved outputs (run after `nbdev-test --save nbs/index.ipynb`)
readme: install
	$(BIN)/python .ci/readme
