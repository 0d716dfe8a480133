"""The build as a whole: floors, provenance, determinism, atomicity."""

import shutil

import pytest
from pyoxigraph import Store

from conftest import SEED
from gongbao.build import run_build
from gongbao.errors import SourceError, ValidationFailed
from gongbao.store import DUMP, store_path

PREFIXES = """PREFIX gb: <https://w3id.org/gongbao/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX oa: <http://www.w3.org/ns/oa#>
"""


def count(store, where):
    query = PREFIXES + f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {where} }}"
    return int(next(iter(store.query(query, use_default_graph_as_union=True)))["n"].value)


def test_floors(store):
    # Numbers read off the text: 85 numbered items, 28 groups, 10 parts, 173 printed units, 10 leaders.
    assert count(store, "?x a gb:Item") >= 85
    assert count(store, "?x a gb:Group") >= 28
    assert count(store, "?x a gb:Part") >= 10
    assert count(store, "?x a gb:UnitAssignment") >= 173
    assert count(store, "?x a gb:Official") >= 10
    assert count(store, "?x a gb:Post ; <http://www.w3.org/ns/org#heldBy> ?p") >= 10


def test_every_fact_quotes_its_source(store, seed_source):
    query = PREFIXES + """SELECT ?start ?end ?exact WHERE {
        ?x prov:wasDerivedFrom/oa:hasSelector ?s . ?s oa:start ?start ; oa:end ?end ; oa:exact ?exact }"""
    solutions = list(store.query(query, use_default_graph_as_union=True))
    assert len(solutions) > 400
    for s in solutions:
        assert seed_source.text[int(s["start"].value):int(s["end"].value)] == s["exact"].value


def test_one_named_graph_per_document(store):
    graphs = {g.value for g in store.named_graphs()}
    documents = [g for g in graphs if "/graph/doc/" in g]
    assert len(documents) == 4
    assert any(g.endswith("/graph/reference") for g in graphs)
    assert any(g.endswith("/graph/ontology") for g in graphs)


def test_rebuild_is_byte_identical(built, tmp_path):
    graph_dir, _ = built
    run_build([SEED], tmp_path)
    assert (tmp_path / DUMP).read_bytes() == (graph_dir / DUMP).read_bytes()


def test_failed_build_leaves_the_last_good_store(tmp_path):
    run_build([SEED], tmp_path)
    link_before = store_path(tmp_path).resolve()
    dump_before = (tmp_path / DUMP).read_bytes()
    bad = tmp_path / "bad.txt"
    bad.write_text("重庆市人民政府公报\n\n" * 30, encoding="utf-8")
    with pytest.raises(SourceError):
        run_build([SEED, bad], tmp_path)
    assert store_path(tmp_path).resolve() == link_before
    assert (tmp_path / DUMP).read_bytes() == dump_before
    assert len(Store.read_only(str(link_before))) > 1000


def test_invalid_graph_is_not_stored(tmp_path, monkeypatch):
    run_build([SEED], tmp_path)
    link_before = store_path(tmp_path).resolve()
    # A shape that every document violates stands in for a mapping bug.
    shapes = tmp_path / "shapes"
    shutil.copytree(SEED.parent.parent / "shapes", shapes)
    (shapes / "strict.ttl").write_text("""
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix gb: <https://w3id.org/gongbao/ontology#> .
<urn:test:Strict> a sh:NodeShape ; sh:targetClass gb:PolicyDocument ;
  sh:property [ sh:path gb:neverThere ; sh:minCount 1 ] .
""", encoding="utf-8")
    monkeypatch.setattr("gongbao.paths.SHAPES", shapes)
    with pytest.raises(ValidationFailed) as failure:
        run_build([SEED], tmp_path)
    assert len(failure.value.report.violations) == 4
    assert store_path(tmp_path).resolve() == link_before
