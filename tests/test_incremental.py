"""Incremental builds: a build reads again only what changed, and its store is the one a build
from nothing would make; the per-source work runs the same on a Dask cluster."""

from __future__ import annotations

import re
import shutil

import pytest
from click.testing import CliRunner
from pyoxigraph import Store

from gongbao import build as building
from gongbao import shard
from gongbao.build import compile_sources, run_build
from gongbao.cli import main
from gongbao.errors import GongbaoError, SourceError, ValidationFailed
from gongbao.store import GENERATIONS_DIR, nquads, read_dump, store_path
from gongbao.validate import validate_quads

from conftest import SEED


def issue_like_seed(directory, number: int):
    """The seed as if it were issue No. `number` of 2023, with document numbers of its own."""
    text = SEED.read_text(encoding="utf-8")
    text = text.replace("第6期（总第933期）", f"第{number}期（总第{927 + number}期）")
    text = text.replace("No.6, 2023 (Issue 933)", f"No.{number}, 2023 (Issue {927 + number})")
    text, renumbered = re.subn(r"〔2023〕(8|24|26|27)号", lambda m: f"〔2023〕{int(m.group(1)) + 100 * number}号", text)
    assert renumbered >= 4 and f"第{number}期" in text
    path = directory / f"cq-gazette-2023-{number:02d}.txt"
    path.write_text(text, encoding="utf-8")
    return path


def stored(graph_dir) -> bytes:
    return nquads(list(Store.read_only(str(store_path(graph_dir).resolve()))))


def from_nothing(sources, directory):
    run_build(sources, directory)
    return stored(directory), sorted(read_dump(directory).splitlines())


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    directory = tmp_path_factory.mktemp("sources")
    return [SEED, issue_like_seed(directory, 7), issue_like_seed(directory, 8)]


def test_an_unchanged_rebuild_does_nothing(corpus, tmp_path):
    first = run_build(corpus[:2], tmp_path)
    link = store_path(tmp_path).resolve()
    again = run_build(corpus[:2], tmp_path)
    assert (first.read, first.reused, first.changed) == (2, 0, True)
    assert (again.read, again.reused, again.changed) == (0, 2, False)
    assert store_path(tmp_path).resolve() == link
    assert again.quad_count == first.quad_count
    assert [len(s["documents"]) for s in again.sources] == [4, 4]


def test_an_added_source_is_the_only_one_read_and_the_store_is_as_if_built_from_nothing(corpus, tmp_path):
    run_build(corpus[:2], tmp_path / "graph")
    before = store_path(tmp_path / "graph").resolve()
    added = run_build(corpus, tmp_path / "graph")
    assert (added.read, added.reused) == (1, 2)
    assert store_path(tmp_path / "graph").resolve() != before
    assert (stored(tmp_path / "graph"), sorted(read_dump(tmp_path / "graph").splitlines())) == \
        from_nothing(corpus, tmp_path / "fresh")
    # the new store started as a checkpoint of the published one: its files are hard links
    files = [p for p in store_path(tmp_path / "graph").resolve().iterdir() if p.suffix == ".sst"]
    assert any(p.stat().st_nlink > 1 for p in files)


def test_a_store_loaded_in_many_small_loads_is_the_store_loaded_in_one(corpus, tmp_path, monkeypatch):
    # The shared graphs cut between lines, the sources' files grouped: every quad once, the
    # ontology's blank nodes under their labels, as the dump has them.
    whole = from_nothing(corpus[:2], tmp_path / "one")
    monkeypatch.setattr("gongbao.store.LOAD_BYTES", 64 << 10)
    assert from_nothing(corpus[:2], tmp_path / "many") == whole
    assert any(line.startswith(b"_:") for line in whole[1])


def test_a_build_from_nothing_that_fails_leaves_no_store_behind(corpus, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("重庆市人民政府公报\n\n" * 30, encoding="utf-8")
    with pytest.raises(SourceError):
        run_build([*corpus[:2], bad], tmp_path / "graph")
    assert not store_path(tmp_path / "graph").exists()
    assert not any((tmp_path / "graph" / GENERATIONS_DIR).glob("*"))


def test_a_changed_source_is_read_again_and_its_old_facts_leave(corpus, tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    paths = [shutil.copy(p, sources / p.name) for p in corpus[:2]]
    run_build(paths, tmp_path / "graph")
    text = (sources / corpus[1].name).read_text(encoding="utf-8")
    assert "市科技局" in text
    (sources / corpus[1].name).write_text(text.replace("市科技局", "市科学技术局"), encoding="utf-8")
    changed = run_build(paths, tmp_path / "graph")
    assert (changed.read, changed.reused) == (1, 1)
    assert (stored(tmp_path / "graph"), sorted(read_dump(tmp_path / "graph").splitlines())) == \
        from_nothing(paths, tmp_path / "fresh")


def test_a_source_left_out_leaves_the_store(corpus, tmp_path):
    run_build(corpus, tmp_path / "graph")
    fewer = run_build([corpus[0], corpus[2]], tmp_path / "graph")
    assert (fewer.read, fewer.reused) == (0, 2)
    graphs = {g.value for g in Store.read_only(str(store_path(tmp_path / "graph").resolve())).named_graphs()}
    assert not any("/graph/doc/yufufa/2023/708" in g for g in graphs)
    assert any("/graph/doc/yufufa/2023/808" in g for g in graphs)
    assert (stored(tmp_path / "graph"), sorted(read_dump(tmp_path / "graph").splitlines())) == \
        from_nothing([corpus[0], corpus[2]], tmp_path / "fresh")


def test_other_reading_code_reads_every_source_again(corpus, tmp_path, monkeypatch):
    run_build(corpus[:2], tmp_path)
    monkeypatch.setattr(shard, "code_version", lambda: "other code")
    monkeypatch.setattr(building, "code_version", lambda: "other code")
    again = run_build(corpus[:2], tmp_path)
    assert (again.read, again.reused, again.changed) == (2, 0, True)


def test_only_two_generations_and_the_shards_they_name_are_kept(corpus, tmp_path):
    for sources in (corpus[:1], corpus[:2], corpus, corpus[1:]):
        run_build(sources, tmp_path)
    assert len(list((tmp_path / GENERATIONS_DIR).iterdir())) == 2
    assert len(list((tmp_path / "shards").iterdir())) == 3  # the published build's and the one before's


def test_a_bad_source_among_kept_ones_is_named_and_the_store_kept(corpus, tmp_path):
    run_build(corpus[:2], tmp_path / "graph")
    link, dump = store_path(tmp_path / "graph").resolve(), read_dump(tmp_path / "graph")
    bad = tmp_path / "bad.txt"
    bad.write_text("重庆市人民政府公报\n\n" * 30, encoding="utf-8")
    with pytest.raises(SourceError) as refused:
        run_build([*corpus[:2], bad], tmp_path / "graph")
    assert str(refused.value).startswith(str(bad))
    assert store_path(tmp_path / "graph").resolve() == link and read_dump(tmp_path / "graph") == dump


PREFIXES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix gb: <https://w3id.org/gongbao/ontology#> .
"""


def with_strict_shapes(tmp_path, monkeypatch, strict: str) -> None:
    """The project's shapes with `strict` beside them, for the builds that follow."""
    shapes = tmp_path / "shapes"
    shutil.copytree(SEED.parent.parent / "shapes", shapes)
    (shapes / "strict.ttl").write_text(PREFIXES + strict, encoding="utf-8")
    monkeypatch.setattr("gongbao.paths.SHAPES", shapes)  # other shapes: other shards (their key says so)


def built_with_strict_shapes(sources, tmp_path, monkeypatch, strict: str):
    """The violations of a build whose shapes have `strict` beside them, after checking that they
    are those of validating the whole graph at once."""
    with_strict_shapes(tmp_path, monkeypatch, strict)

    def key(result):
        return (result.severity, result.shape, result.focus, result.path, result.message, result.value)

    with pytest.raises(ValidationFailed) as failure:
        run_build(sources, tmp_path / "graph")
    whole = validate_quads(compile_sources(sources).quads, processes=1)
    assert {key(r) for r in failure.value.report.results} == {key(r) for r in whole.results}
    assert not store_path(tmp_path / "graph").exists()
    assert not any((tmp_path / "graph" / GENERATIONS_DIR).glob("*"))  # nor a generation half made
    return failure.value.report.violations


def test_shard_by_shard_validation_finds_what_whole_graph_validation_finds(corpus, tmp_path, monkeypatch):
    # A shape that documents (each source's own nodes) and officials (nodes of the shared
    # graphs, which every source adds to) violate stands in for a mapping bug.
    violations = built_with_strict_shapes(corpus[:2], tmp_path, monkeypatch, """
<urn:test:Strict> a sh:NodeShape ; sh:targetClass gb:PolicyDocument, gb:Official ;
  sh:property [ sh:path gb:neverThere ; sh:minCount 1 ] .
""")
    focus = {r.focus for r in violations}
    assert sum("/doc/" in f for f in focus) == 8 and sum("/person/" in f for f in focus) >= 10


def test_the_shared_graphs_judged_a_few_nodes_at_a_time_find_what_whole_graph_validation_finds(
        corpus, tmp_path, monkeypatch):
    # Shapes that only the triples of other nodes can decide: a commitment's statements point to
    # it (an inverse path), a statement's comparedWith names a node judged in another call.
    monkeypatch.setattr("gongbao.validate.SHARED_NODES_PER_CALL", 3)
    violations = built_with_strict_shapes(corpus[:2], tmp_path, monkeypatch, """
<urn:test:OneStatement> a sh:NodeShape ; sh:targetClass gb:Commitment ;
  sh:property [ sh:path [ sh:inversePath gb:statementOf ] ; sh:maxCount 1 ] .
<urn:test:ComparedWithACommitment> a sh:NodeShape ; sh:targetClass gb:CommitmentStatement ;
  sh:property [ sh:path gb:comparedWith ; sh:class gb:Commitment ] .
""")
    # the seed's copy restates every commitment of the seed: each has two statements at least,
    # every one after the first compared with the one before
    one = [r for r in violations if r.shape == "<urn:test:OneStatement>"]
    compared = [r for r in violations if r.shape == "<urn:test:ComparedWithACommitment>"]
    assert len(compared) >= len(one) > 20


def test_an_incremental_build_reports_of_the_shared_graphs_what_a_build_from_nothing_reports(
        corpus, tmp_path, monkeypatch):
    # Warnings (a build goes on with them) on the commitments, which every added or removed issue
    # changes: the nodes judged again are those whose triples, or the types they see, changed.
    # The seed states a commitment twice at most (1.27万家 and 1.28万家 高新技术企业 for 2027):
    # more than four statements come with the third copy.
    with_strict_shapes(tmp_path, monkeypatch, """
<urn:test:OneStatement> a sh:NodeShape ; sh:targetClass gb:Commitment ;
  sh:property [ sh:path [ sh:inversePath gb:statementOf ] ; sh:maxCount 4 ; sh:severity sh:Warning ] .
<urn:test:Earlier> a sh:NodeShape ; sh:targetClass gb:CommitmentStatement ;
  sh:property [ sh:path gb:comparedWith ; sh:maxCount 0 ; sh:severity sh:Warning ] .
""")

    def warnings(build):
        return sorted((r.shape, r.focus, r.path, r.message) for r in build.report.warnings)

    graph = tmp_path / "graph"
    for sources, name in ((corpus[:2], "two"), (corpus, "three"), (corpus[:2], "two again")):
        incremental, fresh = run_build(sources, graph), run_build(sources, tmp_path / name)
        assert warnings(incremental) == warnings(fresh)
        shapes_warned = {shape for shape, *_ in warnings(fresh)}
        assert "<urn:test:Earlier>" in shapes_warned
        assert ("<urn:test:OneStatement>" in shapes_warned) == (len(sources) == 3)


def test_an_executor_that_is_no_executor_is_refused(tmp_path):
    result = CliRunner().invoke(main, ["build", str(SEED), "--graph-dir", str(tmp_path), "--executor", "cloud"])
    assert result.exit_code == 2
    assert "--executor: expected local, local:N (N processes), serial, or dask://HOST:PORT" in result.output
    assert not store_path(tmp_path).exists()


def test_a_dask_scheduler_that_does_not_answer_is_named(tmp_path):
    from conftest import free_port

    port = free_port()
    with pytest.raises(GongbaoError, match=f"dask://127.0.0.1:{port}: no Dask scheduler answers there"):
        run_build([SEED], tmp_path, executor=f"dask://127.0.0.1:{port}")


def test_a_dask_cluster_builds_the_same_dump_byte_for_byte(corpus, tmp_path):
    from distributed import LocalCluster

    local = run_build(corpus, tmp_path / "local")
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        address = cluster.scheduler_address.removeprefix("tcp://")
        result = CliRunner().invoke(main, ["build", *map(str, corpus), "--graph-dir", str(tmp_path / "dask"),
                                           "--executor", f"dask://{address}", "--quiet"])
    assert result.exit_code == 0, result.output
    assert "3 read, 0 kept" in result.output
    assert read_dump(tmp_path / "dask") == read_dump(tmp_path / "local")
    assert stored(tmp_path / "dask") == stored(tmp_path / "local")
    assert local.quad_count == int(result.output.split()[1])


def test_a_renamed_source_is_read_again_under_its_new_name(tmp_path):
    # The source's IRI is made from its file name: the same bytes under another name are another shard.
    first = tmp_path / "cq-gazette-2023-06-a.txt"
    first.write_bytes(SEED.read_bytes())
    run_build([first], tmp_path / "graph")
    renamed = first.rename(tmp_path / "cq-gazette-2023-06-b.txt")
    again = run_build([renamed], tmp_path / "graph")
    assert (again.read, again.reused) == (1, 0)
    dump = read_dump(tmp_path / "graph")
    assert b"/source/cq-gazette-2023-06-b.txt>" in dump and b"/source/cq-gazette-2023-06-a.txt>" not in dump
