# Set-up and the two main commands. `make build` and `make test` work on a fresh
# machine with Python 3.11+, Java 17+ and Maven: everything else is installed here.
PYTHON ?= python3
VENV := .venv
KG := $(VENV)/bin/kg
STAMP := $(VENV)/.installed
# every dependency (with the test extra) at the exact version it was tested with;
# `make lock` writes it from pyproject.toml
LOCK := requirements.lock
PIP_VERSION := 26.3
UV_VERSION := 0.13.9
# setuptools' notices about editable installs are for packagers, not for users
QUIET := PYTHONWARNINGS=ignore::UserWarning PIP_DISABLE_PIP_VERSION_CHECK=1

.PHONY: build test lint lock bench neo4j-start neo4j-stop clean

$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(QUIET) $(VENV)/bin/pip install -q pip==$(PIP_VERSION)
	$(QUIET) $(VENV)/bin/pip install -q -r $(LOCK)
	$(QUIET) $(VENV)/bin/pip install -q --no-deps -e .
	touch $(STAMP)

## pin every dependency again after a change to pyproject.toml (keeps the pins that still fit)
lock:
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(QUIET) $(VENV)/bin/pip install -q uv==$(UV_VERSION)
	$(VENV)/bin/uv pip compile pyproject.toml --extra test --python-version 3.11 \
		--quiet --output-file $(LOCK)

## build the graph from corpus/ into Neo4j, run the saved queries, write the views
build: $(STAMP)
	$(KG) build

## run the test suite against the real Neo4j server
test: $(STAMP)
	bash scripts/install-browser
	bash scripts/test

## benchmarks: print figures, on a Neo4j of their own (they empty its database)
BENCH_ENV := CYBERKG_VAR=$(CURDIR)/var/bench CYBERKG_BOLT_PORT=7689 CYBERKG_HTTP_PORT=7476
SIZES ?= 1000
bench: $(STAMP)
	bash scripts/install-browser
	$(BENCH_ENV) $(KG) neo4j start
	$(VENV)/bin/python benchmarks/bench_extract.py
	$(BENCH_ENV) $(VENV)/bin/python benchmarks/bench_scale.py --sizes $(SIZES) --force
	$(BENCH_ENV) $(VENV)/bin/python benchmarks/bench_queries.py --articles 10000 --wipe
	$(BENCH_ENV) $(VENV)/bin/python benchmarks/bench_views.py --wipe

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

neo4j-start: $(STAMP)
	$(KG) neo4j start

neo4j-stop: $(STAMP)
	$(KG) neo4j stop

clean:
	rm -rf out build *.egg-info
