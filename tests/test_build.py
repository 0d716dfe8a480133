"""The build as a whole: floors, provenance, determinism, atomicity."""

import re
import shutil

import pytest
from click.testing import CliRunner
from pyoxigraph import Store

from conftest import SEED
from gongbao.build import compile_sources, run_build
from gongbao.cli import main
from gongbao.errors import SourceError, ValidationFailed
from gongbao.store import GENERATIONS_DIR, nquads, read_dump, store_path

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
    assert read_dump(tmp_path) == read_dump(graph_dir)


def test_the_dump_is_what_the_store_holds(built):
    # The dump is written from the quads as mapped: every literal must already be in the form the
    # store keeps (Oxigraph writes "26.0"^^xsd:decimal as "26"), or the two would disagree.
    graph_dir, _ = built
    stored = Store.read_only(str(store_path(graph_dir).resolve()))
    assert sorted(read_dump(graph_dir).splitlines()) == nquads(list(stored)).splitlines()


def test_failed_build_leaves_the_last_good_store(tmp_path):
    run_build([SEED], tmp_path)
    link_before = store_path(tmp_path).resolve()
    dump_before = read_dump(tmp_path)
    bad = tmp_path / "bad.txt"
    bad.write_text("重庆市人民政府公报\n\n" * 30, encoding="utf-8")
    with pytest.raises(SourceError):
        run_build([SEED, bad], tmp_path)
    assert store_path(tmp_path).resolve() == link_before
    assert read_dump(tmp_path) == dump_before
    assert len(Store.read_only(str(link_before))) > 1000


def test_invalid_graph_is_not_stored(tmp_path, monkeypatch):
    run_build([SEED], tmp_path)
    link_before = store_path(tmp_path).resolve()
    stores_before = sorted((tmp_path / GENERATIONS_DIR).iterdir())
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
    assert sorted((tmp_path / GENERATIONS_DIR).iterdir()) == stores_before  # nothing was staged


# ---------------------------------------------------------------- many issues in one build

def next_issue(tmp_path):
    """The seed as if it were the next issue: No.7, and document numbers that do not collide."""
    seed = SEED.read_text(encoding="utf-8")
    text = seed.replace("第6期（总第933期）", "第7期（总第934期）").replace("No.6, 2023 (Issue 933)", "No.7, 2023 (Issue 934)")
    text, renumbered = re.subn(r"〔2023〕(8|24|26|27)号", lambda m: f"〔2023〕{int(m.group(1)) + 10}号", text)
    assert renumbered >= 4 and "第7期" in text and "Issue 934" in text
    path = tmp_path / "cq-gazette-2023-07.txt"
    path.write_text(text, encoding="utf-8")
    return path


def graph_quads(store, graph):
    return set(store.quads_for_pattern(None, None, None, graph))


def test_two_issues_keep_one_graph_per_document(store, tmp_path):
    second = next_issue(tmp_path)
    graph_dir = tmp_path / "graph"
    result = CliRunner().invoke(main, ["build", str(SEED), str(second), "--graph-dir", str(graph_dir)])
    assert result.exit_code == 0, result.output
    assert "from 2 source(s), 8 document(s) (2 read, 0 kept from earlier builds)" in result.stdout
    # Progress goes to stderr: each source as it is read (in the order they finish), the shared
    # graphs, then storing.
    progress = [line.strip() for line in result.stderr.splitlines() if line.startswith("  ") and
                line.strip().startswith(("read ", "shared ", "store "))]
    assert sorted(progress[:2]) == sorted([f"read {SEED}", f"read {second}"])
    assert progress[2] == "shared graphs of 2 source(s)" and progress[3] == f"store under {graph_dir}"

    both = Store.read_only(str(store_path(graph_dir).resolve()))
    graphs = {g.value: g for g in both.named_graphs()}
    documents = sorted(g for g in graphs if "/graph/doc/" in g)
    assert len(documents) == 8
    assert sum("/graph/issue/" in g for g in graphs) == 2
    seed_graphs = {g.value: g for g in store.named_graphs() if "/graph/doc/" in g.value}
    for iri, graph in seed_graphs.items():
        # The seed's documents are exactly as in a build of the seed alone: nothing leaked in.
        assert graph_quads(both, graphs[iri]) == graph_quads(store, graph), iri
    for iri in seed_graphs:
        sequence = int(iri.rsplit("/", 1)[1])
        twin = iri.rsplit("/", 1)[0] + f"/{sequence + 10}"
        assert len(graph_quads(both, graphs[twin])) == len(graph_quads(store, seed_graphs[iri])), twin


def test_order_of_sources_does_not_change_the_dump(tmp_path):
    # Parsing and mapping decide the dump (validation and storing only pass it on), so this
    # compares their output without paying for two more validations.
    second = next_issue(tmp_path)
    forward = nquads(compile_sources([SEED, second]).quads)
    assert nquads(compile_sources([second, SEED]).quads) == forward
    assert b"/graph/doc/yufufa/2023/8>" in forward and b"/graph/doc/yufufa/2023/18>" in forward


def test_the_same_file_named_twice_is_read_once():
    build = compile_sources([SEED, SEED.parent / ".." / SEED.parent.name / SEED.name])
    assert len(build.sources) == 1


def test_the_same_document_in_two_files_is_refused(tmp_path):
    copy = tmp_path / "copy.txt"
    copy.write_bytes(SEED.read_bytes())
    result = CliRunner().invoke(main, ["build", str(SEED), str(copy), "--graph-dir", str(tmp_path / "graph")])
    assert result.exit_code == 2
    line = SEED.read_text(encoding="utf-8").splitlines().index("渝府发〔2023〕8号") + 1
    assert f"{copy}:{line}: expected each document in one source only (渝府发〔2023〕8号 is also in {SEED}:{line})" \
        in result.output
    assert not store_path(tmp_path / "graph").exists()


def test_two_files_with_one_name_are_refused(tmp_path):
    other = tmp_path / SEED.name
    other.write_text(next_issue(tmp_path).read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(SourceError, match="a file name that no other source has"):
        run_build([SEED, other], tmp_path / "graph")
