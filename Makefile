# Two commands matter: `make demo` and `make test`. Everything they need is installed here,
# into .venv and node_modules, from PyPI, npm and Debian's packages.

SHELL := /bin/bash
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
export PATH := $(BIN):$(PATH)
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
CHROMIUM := /usr/bin/chromium

.PHONY: demo lab test test-python test-js test-ui bench build install ui-install chromium clean

demo: build
	python scripts/demo.py

lab: build
	python scripts/demo.py --standalone

test: build ui-install chromium
	python scripts/run_tests.py

test-python: build
	python -m pytest

test-js: build
	jlpm test

test-ui: build ui-install chromium
	cd ui-tests && jlpm playwright test

# Measured on the production build, as people install it.
bench: install ui-install chromium
	jlpm build:prod
	jupyter labextension develop --overwrite . >/dev/null
	python scripts/bench.py

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
	jupyter labextension develop --overwrite . >/dev/null

ui-tests/node_modules/.installed: $(VENV)/.tools ui-tests/package.json ui-tests/yarn.lock
	cd ui-tests && jlpm install
	touch $@

ui-install: ui-tests/node_modules/.installed

chromium: $(CHROMIUM)

$(CHROMIUM):
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

clean:
	rm -rf $(VENV) node_modules ui-tests/node_modules lib jupyterlab_qbraid/labextension tsconfig.tsbuildinfo .demo
