# Two commands do all the set-up on a fresh clone:
#   make serve   environment + pinned dependencies, build the graph from sources/, validate, serve on :7878
#   make test    environment + pinned dependencies, the whole test suite
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 7878

.PHONY: install build serve test validate docs clean

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

test: $(STAMP)
	$(PY) -m pytest

clean:
	rm -rf graph/store graph/stores graph/*.nq graph/*.json
