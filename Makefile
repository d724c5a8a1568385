# Set-up and the two main commands. `make build` and `make test` work on a fresh
# machine with Python 3.11+, Java 17+ and Maven: everything else is installed here.
PYTHON ?= python3
VENV := .venv
KG := $(VENV)/bin/kg
STAMP := $(VENV)/.installed

.PHONY: build test lint neo4j-start neo4j-stop clean

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

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

neo4j-start: $(STAMP)
	$(KG) neo4j start

neo4j-stop: $(STAMP)
	$(KG) neo4j stop

clean:
	rm -rf out build *.egg-info
