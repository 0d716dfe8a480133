# Two commands do all the set-up on a fresh clone:
#   make serve   environment + pinned dependencies, build the graph from sources/, validate, serve on :7878
#   make test    environment + pinned dependencies, the whole test suite
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 7878

.PHONY: install tools build serve test validate docs clean bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

build: $(STAMP)
	$(PY) cli.py build

serve: build
	$(PY) cli.py serve --port $(PORT)

validate: $(STAMP)
	$(PY) cli.py validate

# The OWL API (Protégé's library) checks the ontology's OWL 2 DL profile; Debian packages it.
OWLAPI_JAR := /usr/share/java/owlapi-distribution.jar
tools:
	@if [ ! -f $(OWLAPI_JAR) ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libowlapi-java >/dev/null; \
	  else echo "note: libowlapi-java is not installed (needs root); its test will be skipped"; fi; \
	fi

test: $(STAMP) tools
	$(PY) -m pytest

# Benchmarks into docs/benchmarks.md (about 20 min on 2 cores); BENCH_ARGS=--quick for a smoke run.
bench: $(STAMP)
	$(PY) -m bench $(BENCH_ARGS)

# HTML documentation of the ontology and the merged graph for OWL reasoners.
docs: build
	$(PY) cli.py ontology --html docs/ontology.html --merged graph/gongbao-merged.nt

clean:
	rm -rf graph/store graph/stores graph/*.nq graph/*.json
