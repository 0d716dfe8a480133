"""The SPARQL service as clients see it: content negotiation, the README's client examples,
and `serve` refusing clearly (no store, a taken port) or starting on an existing store."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
import shutil
import socket
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner
from pyoxigraph import RdfFormat, Triple, parse

from conftest import free_port, running_server, running_site, wait_until_answering
from gongbao import paths
from gongbao.cli import main
from gongbao.store import GENERATIONS_DIR, read_dump, store_path

README = paths.HOME / "README.md"
SELECT = """PREFIX gb: <https://w3id.org/gongbao/ontology#>
SELECT ?path ?role ?unit WHERE { ?task gb:path ?path ; gb:assignment [ gb:role ?role ; gb:printedName ?unit ] }"""
CONSTRUCT = """PREFIX gb: <https://w3id.org/gongbao/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
CONSTRUCT { ?item gb:path ?path ; dcterms:title ?title } WHERE { ?item a gb:Item ; gb:path ?path ; dcterms:title ?title }"""
DESCRIBE = "DESCRIBE <https://w3id.org/gongbao/id/agency/cq-sti>"
SPARQL_RESULTS = "{http://www.w3.org/2005/sparql-results#}"


@pytest.fixture(scope="module", params=["oxigraph", "site"])
def endpoint(request, built, tmp_path_factory):
    """The oxigraph server itself, and the site in front of it: /query answers alike."""
    if request.param == "oxigraph":
        with running_server(built[0], timeout_s=5) as url:
            yield url
        return
    with running_site(built[0], tmp_path_factory.mktemp("site") / "serve.log") as url:
        yield url


def ask(url, query, accept=None, method="POST"):
    """(status, content type, body) of one request, HTTP errors included."""
    headers = {"Accept": accept} if accept is not None else {}
    if method == "POST":
        request = urllib.request.Request(url + "/query", data=urllib.parse.urlencode({"query": query}).encode(),
                                         headers={**headers, "Content-Type": "application/x-www-form-urlencoded"})
    else:
        request = urllib.request.Request(url + "/query?" + urllib.parse.urlencode({"query": query}), headers=headers)
    if accept is None:
        # urllib adds no Accept header of its own; say so explicitly rather than rely on it.
        assert "Accept" not in request.headers
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get_content_type(), error.read()


def in_process_rows(store, query):
    return sorted(tuple(s[v].value for v in ("path", "role", "unit"))
                  for s in store.query(query, use_default_graph_as_union=True))


def in_process_triples(store, query):
    return set(store.query(query, use_default_graph_as_union=True))


# ------------------------------------------------------------------ content negotiation: SELECT

@pytest.mark.server
@pytest.mark.parametrize("accept, content_type", [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/json", "application/sparql-results+json"),
    ("*/*", "application/sparql-results+json"),
    (None, "application/sparql-results+json"),
])
def test_select_as_json(endpoint, store, accept, content_type):
    status, received, body = ask(endpoint, SELECT, accept)
    assert (status, received) == (200, content_type)
    bindings = json.loads(body)["results"]["bindings"]
    rows = sorted(tuple(b[v]["value"] for v in ("path", "role", "unit")) for b in bindings)
    assert rows == in_process_rows(store, SELECT)
    assert len(rows) == 173


@pytest.mark.server
@pytest.mark.parametrize("accept", ["application/sparql-results+xml", "application/xml"])
def test_select_as_xml(endpoint, store, accept):
    status, received, body = ask(endpoint, SELECT, accept)
    assert (status, received) == (200, "application/sparql-results+xml")
    root = ET.fromstring(body)
    rows = []
    for result in root.iter(f"{SPARQL_RESULTS}result"):
        values = {b.get("name"): b.find(f"{SPARQL_RESULTS}literal").text for b in result}
        rows.append((values["path"], values["role"], values["unit"]))
    assert sorted(rows) == in_process_rows(store, SELECT)


@pytest.mark.server
def test_select_as_csv(endpoint, store):
    status, received, body = ask(endpoint, SELECT, "text/csv")
    assert (status, received) == (200, "text/csv")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8"))))
    assert sorted((r["path"], r["role"], r["unit"]) for r in rows) == in_process_rows(store, SELECT)


@pytest.mark.server
def test_select_as_tsv(endpoint, store):
    status, received, body = ask(endpoint, SELECT, "text/tab-separated-values")
    assert (status, received) == (200, "text/tab-separated-values")
    lines = body.decode("utf-8").splitlines()
    assert lines[0].split("\t") == ["?path", "?role", "?unit"]
    # SPARQL TSV writes literals in Turtle syntax: quoted.
    rows = [tuple(cell.strip('"') for cell in line.split("\t")) for line in lines[1:]]
    assert sorted(rows) == in_process_rows(store, SELECT)


@pytest.mark.server
def test_ask_follows_the_same_negotiation(endpoint):
    assert json.loads(ask(endpoint, "ASK { ?s a <https://w3id.org/gongbao/ontology#Item> }")[2])["boolean"] is True
    status, received, body = ask(endpoint, "ASK { ?s a <urn:nothing> }", "application/sparql-results+xml")
    assert (status, received) == (200, "application/sparql-results+xml")
    assert ET.fromstring(body).find(f"{SPARQL_RESULTS}boolean").text == "false"


@pytest.mark.server
@pytest.mark.parametrize("accept", ["text/turtle", "application/n-triples", "text/html"])
def test_select_refuses_a_graph_format(endpoint, accept):
    status, _, body = ask(endpoint, SELECT, accept)
    assert status == 406
    assert b"accept" in body.lower()


# ------------------------------------------------------------------ content negotiation: graphs

GRAPH_FORMATS = [
    ("text/turtle", "text/turtle", RdfFormat.TURTLE),
    ("application/n-triples", "application/n-triples", RdfFormat.N_TRIPLES),
    ("application/ld+json", "application/ld+json", RdfFormat.JSON_LD),
    ("application/rdf+xml", "application/rdf+xml", RdfFormat.RDF_XML),
    ("*/*", "application/n-quads", RdfFormat.N_QUADS),
    (None, "application/n-quads", RdfFormat.N_QUADS),
]


def as_triples(body: bytes, fmt: RdfFormat) -> set[Triple]:
    return {Triple(q.subject, q.predicate, q.object) for q in parse(body, format=fmt)}


@pytest.mark.server
@pytest.mark.parametrize("accept, content_type, fmt", GRAPH_FORMATS)
@pytest.mark.parametrize("query", [CONSTRUCT, DESCRIBE], ids=["construct", "describe"])
def test_graph_results(endpoint, store, query, accept, content_type, fmt):
    status, received, body = ask(endpoint, query, accept)
    assert (status, received) == (200, content_type)
    expected = in_process_triples(store, query)
    assert len(expected) >= 5  # the agency's DESCRIBE: type, identifier, labels …
    assert as_triples(body, fmt) == expected


@pytest.mark.server
@pytest.mark.parametrize("accept", ["text/csv", "application/sparql-results+json"])
def test_graph_query_refuses_a_results_format(endpoint, accept):
    status, _, _ = ask(endpoint, CONSTRUCT, accept)
    assert status == 406


@pytest.mark.server
def test_get_and_post_agree(endpoint):
    assert ask(endpoint, SELECT, "text/csv", "GET")[2] == ask(endpoint, SELECT, "text/csv", "POST")[2]


# ------------------------------------------------------------------ the README's three clients

def readme_block(name: str) -> str:
    """The fenced block that follows `<!-- client: NAME -->` in the README."""
    text = README.read_text(encoding="utf-8")
    match = re.search(rf"<!-- client: {name} -->\s*```\w*\n(.*?)```", text, re.S)
    assert match, f"README has no block marked <!-- client: {name} -->"
    return match.group(1)


def at(url: str, code: str) -> str:
    assert "http://127.0.0.1:7878/query" in code
    return code.replace("http://127.0.0.1:7878/query", url + "/query")


@pytest.fixture(scope="module")
def expected_lead_units(store):
    query = re.search(r'QUERY = """(.*?)"""', readme_block("sparqlwrapper"), re.S).group(1)
    rows = [(s["path"].value, s["unit"].value) for s in store.query(query, use_default_graph_as_union=True)]
    assert len(rows) >= 15  # 渝府办发〔2023〕26号 names a lead unit for each of its 15 items
    return rows


@pytest.mark.server
def test_readme_curl_example(endpoint, expected_lead_units):
    if shutil.which("curl") is None:
        pytest.skip("curl is not installed")
    output = subprocess.run(["bash", "-c", at(endpoint, readme_block("curl"))], capture_output=True,
                            timeout=60, check=True).stdout.decode("utf-8")
    rows = list(csv.reader(io.StringIO(output)))
    assert rows[0] == ["path", "unit"]
    assert [tuple(r) for r in rows[1:]] == expected_lead_units


@pytest.mark.server
def test_readme_python_examples(endpoint, expected_lead_units):
    # The rdflib block reuses QUERY from the SPARQLWrapper block, as a reader would.
    namespace: dict = {}
    for name in ("sparqlwrapper", "rdflib"):
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            exec(compile(at(endpoint, readme_block(name)), f"README:{name}", "exec"), namespace)
        rows = [tuple(line.split(" ", 1)) for line in printed.getvalue().splitlines()]
        assert rows == expected_lead_units, name


# ------------------------------------------------------------------ serve through the CLI

def test_serve_without_store_says_so(tmp_path):
    result = CliRunner().invoke(main, ["serve", "--graph-dir", str(tmp_path), "--port", str(free_port())])
    assert result.exit_code == 2
    assert f"{tmp_path / 'store'}: no store yet; run `python cli.py build` first" in result.output
    assert "serving" not in result.output and "Traceback" not in result.output


def _cli(*args) -> list[str]:
    return [sys.executable, str(paths.HOME / "cli.py"), *map(str, args)]


@pytest.mark.server
def test_serve_on_a_taken_port_says_so(built):
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        port = blocker.getsockname()[1]
        result = subprocess.run(_cli("serve", "--graph-dir", built[0], "--port", port),
                                capture_output=True, timeout=60)
    stderr = result.stderr.decode("utf-8")
    assert result.returncode == 2, stderr
    assert f"error: cannot listen on 127.0.0.1:{port}: Address already in use" in stderr
    assert "serving" not in stderr and "Traceback" not in stderr and "backtrace" not in stderr.lower()


@pytest.mark.server
def test_serve_starts_on_the_existing_store_without_building(built, tmp_path):
    graph_dir = tmp_path / "graph"
    shutil.copytree(built[0], graph_dir, symlinks=True)
    link, dump = store_path(graph_dir).resolve(), read_dump(graph_dir)
    stores = sorted(p.name for p in (graph_dir / GENERATIONS_DIR).iterdir())
    port = free_port()
    process = subprocess.Popen(_cli("serve", "--graph-dir", graph_dir, "--port", port),
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_answering(url, process)
        status, _, body = ask(url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        assert status == 200
        assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) == built[1].quad_count
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert store_path(graph_dir).resolve() == link
    assert read_dump(graph_dir) == dump
    assert sorted(p.name for p in (graph_dir / GENERATIONS_DIR).iterdir()) == stores
    assert "serving" in process.stderr.read().decode("utf-8")
