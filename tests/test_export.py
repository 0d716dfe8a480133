"""`export`: CSV tables whose rows match the store, and whole-graph dumps that round-trip."""

from __future__ import annotations

import csv
import io

import pytest
from click.testing import CliRunner
from pyoxigraph import BlankNode, Literal, NamedNode, Quad, Store, parse

from gongbao.cli import main
from gongbao.export import DUMPS, TABLES, export_query_path, write_table
from gongbao.mapping.vocab import GB, RDF
from gongbao.store import read_dump

BOM = b"\xef\xbb\xbf"


def count(store, where):
    query = f"""PREFIX gb: <https://w3id.org/gongbao/ontology#>
SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {where} }}"""
    return int(next(iter(store.query(query, use_default_graph_as_union=True)))["n"].value)


@pytest.fixture(scope="module")
def exported(built, tmp_path_factory):
    """The CLI export of the seed store, plain and with --bom."""
    outputs = {}
    for name, extra in (("plain", []), ("bom", ["--bom"])):
        output = tmp_path_factory.mktemp(f"export-{name}")
        result = CliRunner().invoke(main, ["export", "--graph-dir", str(built[0]), "--output", str(output), *extra])
        assert result.exit_code == 0, result.output
        outputs[name] = (output, result.output)
    return outputs


def read_csv(path, bom=False):
    data = path.read_bytes()
    assert data.startswith(BOM) == bom
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_rows_equal_the_store(exported, store, seed_issue):
    output, printed = exported["plain"][0], exported["plain"][1]
    tasks = read_csv(output / "tasks.csv")
    assert len(tasks) == count(store, "?x a gb:Task")
    # Every numbered item of the source is a task: the store and the parser agree.
    items = [n for d in seed_issue.documents for n in d.nodes() if n.kind == "item"]
    assert sum(1 for row in tasks if row["kind"] == "item") == len(items) == 85
    responsibilities = read_csv(output / "responsibilities.csv")
    assert len(responsibilities) == count(store, "?x a gb:UnitAssignment") == 173
    duties = read_csv(output / "duties.csv")
    assert len(duties) == count(store, "?x a gb:Duty")
    assert len(duties) > 100
    assert f"tasks.csv  {len(tasks)} rows" in printed


def test_csv_columns_and_values(exported):
    output = exported["plain"][0]
    tasks = read_csv(output / "tasks.csv")
    assert list(tasks[0])[:4] == ["number", "path", "kind", "title"]
    assert {"number": "渝府发〔2023〕8号", "path": "二/（一）/1", "kind": "item",
            "title": "增强国家中心城市核心功能承载能力"}.items() <= tasks[0].items()
    responsibilities = read_csv(output / "responsibilities.csv")
    assert list(responsibilities[0])[:5] == ["number", "path", "role", "unit", "agency"]
    assert {r["role"] for r in responsibilities} == {"lead", "responsible"}
    duties = read_csv(output / "duties.csv")
    assert list(duties[0])[:4] == ["official", "post", "relation", "object"]
    mayor = [d for d in duties if d["official"] == "胡衡华"]
    assert {"post": "市长", "relation": "supervises", "object": "市审计局"}.items() <= \
        next(d for d in mayor if d["object"] == "市审计局").items()


def test_bom_only_when_asked(exported):
    for name in ("tasks", "responsibilities", "duties"):
        plain = (exported["plain"][0] / f"{name}.csv").read_bytes()
        marked = (exported["bom"][0] / f"{name}.csv").read_bytes()
        assert not plain.startswith(BOM)
        assert marked == BOM + plain


def test_targets_table_follows_the_graph(exported, store):
    targets = count(store, "?x a gb:Target")
    path = exported["plain"][0] / "targets.csv"
    if targets == 0:
        assert not path.exists()
        assert "skip targets.csv" in exported["plain"][1]
    else:
        rows = read_csv(path)
        assert len(rows) == targets
        assert all(row["indicator"] and row["value"] and row["number"] for row in rows)


def test_targets_query_keeps_every_target(tmp_path):
    # A target that lacks every optional value is still one row, not none and not two.
    store = Store()
    graph = NamedNode("urn:test:graph")
    full, bare = NamedNode("urn:test:target/1"), NamedNode("urn:test:target/2")
    store.add(Quad(full, RDF.type, GB.Target, graph))
    store.add(Quad(full, GB.comparator, Literal(">="), graph))
    store.add(Quad(bare, RDF.type, GB.Target, graph))
    query = export_query_path("targets").read_text(encoding="utf-8")
    exported = write_table(store, query, tmp_path / "targets.csv")
    rows = read_csv(tmp_path / "targets.csv")
    assert exported.count == len(rows) == 2
    assert sorted(r["comparator"] for r in rows) == ["", ">="]


def test_every_table_has_its_query():
    for name in TABLES:
        assert export_query_path(name).exists(), name


def test_nquads_export_is_the_build_dump(exported, built):
    # the same quads; the export is sorted whole, the dump file by file
    assert (exported["plain"][0] / "gongbao.nq").read_bytes().splitlines() == sorted(read_dump(built[0]).splitlines())


@pytest.mark.parametrize("file_name", sorted(DUMPS))
def test_dumps_round_trip(exported, store, file_name):
    path = exported["plain"][0] / file_name
    with path.open("rb") as handle:
        quads = list(parse(handle, format=DUMPS[file_name]))
    assert len(quads) == len(store) > 9000
    # Blank nodes (the ontology's axioms) are relabelled by some formats; everything else is the same.
    assert _without_blank_nodes(quads) == _without_blank_nodes(store)
    named = {q.graph_name.value for q in quads if isinstance(q.graph_name, NamedNode)}
    assert sum("/graph/doc/" in g for g in named) == 4  # the named graphs survive the format


def _without_blank_nodes(quads):
    return {q for q in quads if not isinstance(q.subject, BlankNode) and not isinstance(q.object, BlankNode)}


def test_export_without_store_exits_2(tmp_path):
    result = CliRunner().invoke(main, ["export", "--graph-dir", str(tmp_path), "--output", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "no store yet" in result.output
    assert not (tmp_path / "out").exists()
