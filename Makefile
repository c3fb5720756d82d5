# Two commands matter: `make demo` and `make test`. Everything they need is installed here,
# into .venv and node_modules, from PyPI, npm and Debian's packages.

SHELL := /bin/bash
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
export PATH := $(BIN):$(PATH)
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
CHROMIUM := /usr/bin/chromium

.PHONY: demo lab test test-python test-js test-ui test-qbraid-lab test-notebook test-installed lint lint-check bench build install ui-install chromium clean

demo: build
	python scripts/demo.py

lab: build
	python scripts/demo.py --standalone

# The linters run first: a finding fails the run before the long suites start.
test: lint-check build ui-install chromium
	python scripts/run_tests.py

# Fix what the formatters and linters can; lint-check only reports.
lint: install
	ruff check --fix .
	ruff format .
	jlpm lint

lint-check: install
	ruff check .
	ruff format --check .
	jlpm lint:check

test-python: build
	python -m pytest

test-js: build
	jlpm test

test-ui: build ui-install chromium
	cd ui-tests && jlpm playwright test

test-qbraid-lab: build ui-install chromium
	cd ui-tests && jlpm playwright test -c playwright.qbraid-lab.config.js

test-notebook: build ui-install chromium
	cd ui-tests && jlpm playwright test -c playwright.notebook.config.js

test-installed: install ui-install chromium
	python scripts/check_installed.py

# The bench's own environment, apart from .venv so that nothing in it loads in the project's
# tests or demo: JupyterLab at .venv's version, and the extensions the table compares us with.
BENCH_VENV := .bench-venv
BENCH_COMPARED := jupyterlab-git jupyter-resource-usage
BENCH_FLOOR := $(BENCH_VENV)/share/jupyter/labextensions/qbraid-bench-floor

# Measured on the production build, as people install it: scripts/build_wheel.py builds it in
# bench/.work (the checkout's own lib/ and labextension/ are left alone) and installs the wheel
# into $(BENCH_VENV); scripts/bench.py measures and writes bench/results.md.
# bench/floor, a one-plugin extension, is built beside it (with the project's node_modules)
# as the floor of what any federated extension costs at start.
bench: install ui-install chromium $(BENCH_VENV)/.installed
	python scripts/build_wheel.py bench/.work --install $(BENCH_VENV)
	ln -sfn ../../node_modules bench/floor/node_modules
	jupyter-builder build bench/floor
	rm -rf $(BENCH_FLOOR) && cp -r bench/floor/labextension $(BENCH_FLOOR)
	python scripts/bench.py --venv $(BENCH_VENV)

$(BENCH_VENV)/.installed: $(VENV)/.tools
	rm -rf $(BENCH_VENV)
	python3 -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install --quiet --upgrade pip
	$(BENCH_VENV)/bin/pip install --quiet \
		"jupyterlab==$$(python -c 'import jupyterlab; print(jupyterlab.__version__)')" $(BENCH_COMPARED)
	touch $@

$(VENV)/.tools: scripts/build-requirements.txt
	python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r scripts/build-requirements.txt
	touch $@

node_modules/.installed: $(VENV)/.tools package.json yarn.lock
	jlpm install
	touch $@

$(VENV)/.installed: node_modules/.installed pyproject.toml
	pip install --quiet --no-build-isolation -e ".[test]"
	touch $@

install: $(VENV)/.installed

build: install
	jlpm build
	jupyter-builder develop --overwrite . >/dev/null

ui-tests/node_modules/.installed: $(VENV)/.tools ui-tests/package.json ui-tests/yarn.lock
	cd ui-tests && jlpm install
	touch $@

ui-install: ui-tests/node_modules/.installed

chromium: $(CHROMIUM)

$(CHROMIUM):
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

clean:
	rm -rf $(VENV) $(BENCH_VENV) bench/.work node_modules ui-tests/node_modules lib jupyterlab_qbraid/labextension tsconfig.tsbuildinfo .demo
