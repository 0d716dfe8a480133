"""Validation split over processes, issues and shapes finds what validating the whole graph finds."""

from pathlib import Path

import pytest
from pyoxigraph import Quad, RdfFormat, parse

from gongbao import paths
from gongbao.build import as_rdflib, compile_sources
from gongbao.validate import ShapeValidation, validate_graph, validate_quads

from test_build import next_issue

SEED = paths.SOURCES / "cq-gazette-2023-06.txt"
INVALID = Path(__file__).parent / "shapes" / "invalid"
BROKEN = {"agency-two-names": "gbs:AgencyShape", "document-bad-number": "gbs:PolicyDocumentShape",
          "target-range-reversed": "qc:target-range-violation", "duty-bad-relation": "gbs:DutyShape",
          "document-period-reversed": "qc:period-reversed-violation"}


def _key(result):
    return (result.severity, result.shape, result.focus, result.path, result.message, result.value)


def _issue_graphs(quads):
    return sorted({q.graph_name for q in quads if "/graph/issue/" in getattr(q.graph_name, "value", "")},
                  key=lambda g: g.value)


def _with_broken(quads, names, graph):
    """Small broken graphs from tests/shapes/invalid/, put inside an issue's graph, each under names of its own."""
    quads = list(quads)
    for name in names:
        text = (INVALID / f"{name}.ttl").read_text(encoding="utf-8").replace("urn:example:", f"urn:example:{name}:")
        quads += [Quad(t.subject, t.predicate, t.object, graph)
                  for t in parse(text.encode("utf-8"), format=RdfFormat.TURTLE)]
    return quads


@pytest.fixture(scope="module")
def seed_quads():
    return compile_sources([SEED]).quads


@pytest.fixture(scope="module")
def broken_seed(seed_quads):
    return _with_broken(seed_quads, BROKEN, _issue_graphs(seed_quads)[0])


def test_shape_shares_over_processes_find_what_one_process_finds(broken_seed):
    one = {_key(r) for r in ShapeValidation(broken_seed, processes=1).results()}
    # one issue, three processes: the shapes are shared out between two workers
    shared_out = {_key(r) for r in ShapeValidation(broken_seed, processes=3).results()}
    assert {shape for _, shape, *_ in one} >= {s for s in BROKEN.values() if s.startswith("gbs:")}
    assert shared_out == one


def test_split_validation_finds_what_the_whole_graph_gives(broken_seed):
    split = validate_quads(broken_seed)
    whole = validate_graph(as_rdflib(broken_seed))
    assert {_key(r) for r in split.results} == {_key(r) for r in whole.results}
    assert {r.shape for r in split.violations} >= set(BROKEN.values())


def test_issues_validated_apart_find_what_one_call_finds(tmp_path):
    quads = compile_sources([SEED, next_issue(tmp_path)]).quads
    first, second = _issue_graphs(quads)
    quads = _with_broken(_with_broken(quads, ["agency-two-names"], first), ["duty-bad-relation"], second)
    apart = validate_quads(quads, processes=3)  # two calls, one issue each, on two workers
    together = validate_quads(quads, processes=1)
    assert {_key(r) for r in apart.results} == {_key(r) for r in together.results}
    assert {"gbs:AgencyShape", "gbs:DutyShape"} <= {r.shape for r in apart.violations}


def test_a_person_named_in_one_issue_only_is_validated_with_that_issue(tmp_path):
    # People are described once, in a shared graph; the posts they hold are in each issue's graph.
    # A leader named only in the second issue must not look postless while the first is validated.
    second = next_issue(tmp_path)
    second.write_text(second.read_text(encoding="utf-8").replace("张安疆", "张新任"), encoding="utf-8")
    quads = compile_sources([SEED, second]).quads
    apart = validate_quads(quads, processes=3)
    assert apart.violations == []
    assert {_key(r) for r in apart.results} == {_key(r) for r in validate_quads(quads, processes=1).results}
    assert {_key(r) for r in apart.results} == {_key(r) for r in validate_graph(as_rdflib(quads)).results}
