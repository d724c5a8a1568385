# Set-up and the two main commands. `make build` and `make test` work on a fresh
# machine with Python 3.11+, Java 17+ and Maven: everything else is installed here.
PYTHON ?= python3
VENV := .venv
KG := $(VENV)/bin/kg
STAMP := $(VENV)/.installed

.PHONY: build test lint bench neo4j-start neo4j-stop clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -e '.[test]'
	touch $(STAMP)

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
