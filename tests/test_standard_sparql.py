"""The competency, scoped and export queries are plain SPARQL 1.1, so that any store that loads the
N-Quads dump (one built for billions of triples, when the corpus outgrows one machine) answers them."""

from __future__ import annotations

import re

import pytest
from rdflib.plugins.sparql import prepareQuery

from gongbao import paths

QUERIES = sorted([*paths.QUERIES.glob("cq*.rq"), *(paths.QUERIES / "scoped").glob("*.rq"),
                  *(paths.QUERIES / "exports").glob("*.rq")])
# SPARQL 1.1's built-in calls are keywords; a call through a prefixed name or an IRI is an extension
CALL = re.compile(r"(?<![\w?$])(?:[A-Za-z][\w-]*:[\w-]+|<[^>\s]+>)\s*\(")


def test_there_are_queries_to_check():
    assert len([q for q in QUERIES if q.name.startswith("cq")]) >= 14 and len(QUERIES) > 14


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: str(p.relative_to(paths.QUERIES)))
def test_a_query_parses_as_sparql_11_and_calls_no_extension_function(path):
    text = path.read_text(encoding="utf-8")
    prepareQuery(text)  # rdflib's SPARQL 1.1 grammar: Oxigraph's extensions (LATERAL…) do not parse
    body = "\n".join(re.sub(r"(^|\s)#.*$", "", line) for line in text.splitlines()
                     if not line.lstrip().upper().startswith("PREFIX"))
    assert not CALL.findall(body), f"{path.name} calls a function outside SPARQL 1.1"


def test_an_extension_call_would_be_caught():
    assert CALL.findall("SELECT ?x WHERE { BIND (ofn:adjust(?d, ?z) AS ?x) }")
    assert not CALL.findall('SELECT ?x WHERE { ?s gb:role "lead" . FILTER (STRSTARTS(STR(?s), "a")) }')
