"""End to end: the real oxigraph server on a free local port, asked over HTTP."""

import json
import urllib.error
import urllib.parse
import urllib.request

import pytest

from conftest import running_server
from gongbao import query as queries

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def endpoint(built):
    with running_server(built[0]) as url:
        yield url


def sparql(url, query, accept="application/sparql-results+json"):
    request = urllib.request.Request(url + "/query", data=urllib.parse.urlencode({"query": query}).encode(),
                                     headers={"Accept": accept,
                                              "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read()


def test_competency_queries_over_http_match_in_process(endpoint, store):
    for name in ("cq01", "cq02", "cq03"):
        text = queries.load_query(name)
        bindings = json.loads(sparql(endpoint, text))["results"]["bindings"]
        _, rows = queries.rows(store, text)
        assert len(bindings) == len(rows) > 0
        assert [b["number"]["value"] for b in bindings] == [r["number"] for r in rows]


def test_union_default_graph_answers_without_graph_clause(endpoint):
    body = sparql(endpoint, 'SELECT ?t WHERE { ?d <http://data.europa.eu/eli/ontology#id_local> "渝府发〔2023〕8号" ; '
                            '<http://purl.org/dc/terms/title> ?t FILTER(LANG(?t) = "zh") }')
    bindings = json.loads(body)["results"]["bindings"]
    assert bindings[0]["t"]["value"].startswith("重庆市人民政府关于印发重庆市推动成渝地区双城经济圈建设行动方案")


def test_updates_are_refused(endpoint):
    request = urllib.request.Request(endpoint + "/update", data=b"update=" + urllib.parse.quote(
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }").encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"})
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(request, timeout=10)
    assert json.loads(sparql(endpoint, "ASK { <urn:a> <urn:b> <urn:c> }"))["boolean"] is False


def test_query_page_is_served(endpoint):
    with urllib.request.urlopen(endpoint + "/", timeout=10) as response:
        assert b"<html" in response.read().lower()
