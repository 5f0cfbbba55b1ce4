# Everything is installed from this project's own files into .venv; `make demo` and `make test` do all the set-up.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed

.PHONY: install demo test sync-check nb-test docs-check pytest bench-quick readme clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

## Train, refine and compare on a bundled dataset, over 3 splits (ε chosen on each: the spread is part of the result); results in runs/demo
demo: install
	$(BIN)/prunelearn run --data breast_cancer --seeds 3 --out runs/demo --overwrite

## The full check, as CI runs it: notebooks clean and exported, notebooks run, docs build, pytest last
test: install sync-check nb-test docs-check pytest bench-quick

sync-check: install
	PATH="$(CURDIR)/$(BIN):$$PATH" .ci/check-sync

# Two notebooks run at once: one torch thread each, or they fight over the cores (5-7x slower on 2 cores)
nb-test: install
	OMP_NUM_THREADS=1 $(BIN)/nbdev-test --n-workers 2 --timing

docs-check: install
	$(BIN)/python .ci/check-docs

pytest: install
	OMP_NUM_THREADS=1 $(BIN)/python -m pytest tests

# The quick benchmark end to end, so that it cannot rot (a few minutes); results in _bench/, not the committed ones.
# Its datasets are in ../shared/data; without that folder it runs on two built-in datasets instead.
BENCH_DATA = $(if $(wildcard ../shared/data/DATA.md),--data-dir ../shared/data,--datasets breast_cancer$(comma)diabetes)
comma := ,
bench-quick: install
	$(BIN)/python benchmarks/bench.py --quick $(BENCH_DATA) --workers 2 --out _bench/results --report _bench/BENCHMARKS.md

clean:
	rm -rf _proc _docs runs _bench .pytest_cache

## README.md from nbs/index.ipynb and its saved outputs (run after `nbdev-test --save nbs/index.ipynb`)
readme: install
	$(BIN)/python .ci/readme
