# The map of the project. `make help` lists the targets; every target that
# needs the environment depends on `install`, so on a fresh clone `make lab`
# or `make test` alone does all the set-up.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# d2l is installed apart, with --no-deps: its exact pins (numpy 1.23.5,
# matplotlib 3.7.2, ...) cannot resolve beside this project's versions.
# Only the parity tests of the plot helpers import it.
D2L    := d2l==1.0.3

# All notebooks, or one: `make test NB=notebooks/01_calculus.ipynb` (or its .py; a path
# like ./notebooks/... or an absolute one works too: it is made relative to the repository).
NB        ?=
NB_PATHS  := $(patsubst $(CURDIR)/%,%,$(abspath $(NB)))
NOTEBOOKS := $(if $(NB),$(NB_PATHS:.py=.ipynb),$(shell find notebooks -name '*.ipynb' -not -path '*/.ipynb_checkpoints/*' | sort))

# nbval in strict mode, on this environment's kernel; a cell that hangs fails.
NBVAL  := --nbval --nbval-current-env --nbval-cell-timeout=300
# Notebooks run in parallel, each one whole on one worker (see README, Performance).
XDIST  ?= -n 2 --dist loadfile
# What `make test` checks: everything, or with NB= the fast loop for one
# notebook: the notebook itself, its pair and the library sync, in one process.
ifeq ($(NB),)
TESTS  := tests
else
TESTS  := tests/test_pairs.py::test_pair_is_in_sync[$(NOTEBOOKS)] \
          tests/test_build_lib.py::test_d2lutils_matches_the_notebooks
XDIST  := -p no:xdist -p no:hypothesispytest
endif

# `make lab PORT=8899` picks the port (default 8888, or a free one if it is taken).
PORT      ?=

# `make test-ui`: Playwright (requirements-ui.txt) drives a Chromium already on the
# machine (tests/ui/find_chromium.sh finds it); `make test-ui CHROMIUM=/path` picks one.
UI_STAMP  := $(VENV)/.installed-ui
CHROMIUM  ?=

# Tools run from the environment, which holds the kernel the notebooks use.
export PATH := $(CURDIR)/$(BIN):$(PATH)

.DEFAULT_GOAL := help
.PHONY: help install lab test test-ui sync lib outputs bench clean

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | \
	  awk 'BEGIN {FS = ":.*## "}; {printf "  make %-9s %s\n", $$1, $$2}'

install: $(STAMP) ## create .venv and install everything (again only when a requirements file changes)

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --disable-pip-version-check --no-deps $(D2L)
	$(BIN)/python -m pip install --disable-pip-version-check --no-deps -e .
	touch $@

lab: install ## start JupyterLab on 127.0.0.1 (a fresh token, the notebooks trusted) and print its URL
	$(BIN)/jupyter trust $(NOTEBOOKS)
	$(BIN)/python tools/lab.py $(if $(PORT),--port $(PORT))

test: install ## check pairs, library, unit tests, and every notebook under nbval (NB=...: just one)
	$(BIN)/python -m pytest $(XDIST) $(NBVAL) --ignore=tests/ui $(TESTS) $(NOTEBOOKS)

test-ui: install $(UI_STAMP) ## run make lab in a scratch copy and use every notebook in it from a headless Chromium
	@chrome=$$(CHROMIUM='$(CHROMIUM)' sh tests/ui/find_chromium.sh) && \
	  echo "make test-ui: browser $$chrome" && \
	  CHROMIUM="$$chrome" $(BIN)/python -m pytest tests/ui

$(UI_STAMP): requirements-ui.txt $(STAMP)
	$(BIN)/python -m pip install --disable-pip-version-check -r requirements-ui.txt
	touch $@

sync: install ## bring each NAME.py and NAME.ipynb pair in step, never discarding an edit (NB=...: one; TAKE=py|ipynb: that half wins)
	$(BIN)/python tools/pairs.py --sync $(NB_PATHS) $(if $(TAKE),--take $(TAKE))

lib: install ## regenerate d2lutils from the notebooks' #@save blocks
	$(BIN)/python tools/build_lib.py

outputs: lib ## re-execute notebooks in place from their .py (all, or NB=...; REFRESH=1: timings too)
	$(BIN)/python tools/record_outputs.py $(if $(REFRESH),--refresh-volatile) $(NB_PATHS)

bench: install ## time the notebooks, the suite and start-up; writes build/bench.md
	$(BIN)/python benchmarks/bench.py

clean: ## remove .venv, caches and build output
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis
	find . -path ./$(VENV) -prune -o \( -name __pycache__ -o -name .ipynb_checkpoints \) \
	  -type d -prune -exec rm -rf {} +
