# Two commands do all the set-up on a fresh clone:
#   make serve   environment + pinned dependencies, build the graph from sources/, validate, serve the site on :7878
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

# What the tests need from Debian: the OWL API (Protégé's library) checks the ontology's OWL 2 DL
# profile; a CJK TrueType font typesets the test PDFs; Chromium runs the browser tests of the site.
OWLAPI_JAR := /usr/share/java/owlapi-distribution.jar
CJK_FONT := /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc
CHROMIUM := /usr/bin/chromium
DEBIAN_PACKAGES := $(if $(wildcard $(OWLAPI_JAR)),,libowlapi-java) $(if $(wildcard $(CJK_FONT)),,fonts-wqy-zenhei) \
	$(if $(wildcard $(CHROMIUM)),,chromium)
tools:
	@if [ -n "$(strip $(DEBIAN_PACKAGES))" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DEBIAN_PACKAGES) >/dev/null; \
	  else echo "note: $(DEBIAN_PACKAGES) not installed (needs root); the tests that need them will fail or skip"; fi; \
	fi

test: $(STAMP) tools
	$(PY) -m pytest

# Benchmarks into docs/benchmarks.md (about 20 min on 2 cores); BENCH_ARGS=--quick for a smoke run.
bench: $(STAMP)
	$(PY) -m pip install --quiet -e '.[test,bench]'
	$(PY) -m bench $(BENCH_ARGS)

# HTML documentation of the ontology and the merged graph for OWL reasoners.
docs: build
	$(PY) cli.py ontology --html docs/ontology.html --merged graph/gongbao-merged.nt

clean:
	rm -rf graph/store graph/stores graph/texts graph/texts.d graph/*.nq graph/*.json
