"""Every shape and every quality check catches a small broken graph made for it.

Each file in tests/shapes/invalid/ starts with `# expect: NAME`, the shape (gbs:…Shape) or the
check (qc:…-violation) that must report it.
"""

from pathlib import Path

import pytest
import rdflib
from pyshacl import validate as shacl_validate
from rdflib.namespace import SH

from gongbao import paths
from gongbao.validate import load_shapes, runnable_shapes, validate_graph

INVALID = Path(__file__).parent / "shapes" / "invalid"
EXAMPLES = sorted(INVALID.glob("*.ttl"))


def _expected(path: Path) -> str:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# expect: "), f"{path.name} does not say which shape it breaks"
    return first.removeprefix("# expect: ").strip()


@pytest.fixture(scope="module")
def shapes():
    return load_shapes()


@pytest.fixture(scope="module")
def ontology():
    return rdflib.Graph().parse(paths.ONTOLOGY / "gongbao.ttl", format="turtle")


def _shape_names(shapes: rdflib.Graph) -> set[str]:
    return {shapes.namespace_manager.normalizeUri(s) for s in shapes.subjects(rdflib.RDF.type, SH.NodeShape)
            if isinstance(s, rdflib.URIRef)}


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_broken_graph_is_caught_by_its_shape(path, shapes, ontology):
    data = rdflib.Graph().parse(path, format="turtle")
    report = validate_graph(data, shapes, ontology)
    assert _expected(path) in {r.shape for r in report.results}, report.text()


def test_every_shape_and_check_has_a_broken_example(shapes):
    covered = {_expected(path) for path in EXAMPLES}
    checks = {f"qc:{p.stem}" for p in (paths.QUERIES / "qc").glob("*.rq")}
    assert sorted((_shape_names(shapes) | checks) - covered) == []


def test_shapes_conform_to_shacl_for_shacl(shapes):
    conforms, _, text = shacl_validate(rdflib.Graph(), shacl_graph=shapes, meta_shacl=True)
    assert conforms, text


def test_seed_graph_has_no_violations(built):
    report = built[1].report
    assert report.violations == []


def _raw_results(data: rdflib.Graph, shapes: rdflib.Graph, ontology: rdflib.Graph) -> set[tuple]:
    _, report, _ = shacl_validate(data, shacl_graph=shapes, ont_graph=ontology, inference="none",
                                  allow_warnings=True, meta_shacl=False)
    return {tuple(report.value(r, p) for p in (SH.focusNode, SH.resultPath, SH.resultSeverity, SH.sourceShape,
                                                 SH.sourceConstraintComponent, SH.value, SH.resultMessage))
            for r in report.subjects(rdflib.RDF.type, SH.ValidationResult)}


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_runnable_shapes_give_the_results_of_the_shapes_as_written(path, shapes, ontology):
    data = rdflib.Graph().parse(path, format="turtle")
    as_written = _raw_results(data, shapes, ontology)
    assert _raw_results(data, runnable_shapes(shapes), ontology) == as_written


def test_runnable_shapes_move_every_property_shape_of_a_targeted_node_shape(shapes):
    runnable = runnable_shapes(shapes)
    kinds = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
    targets = {}
    for kind in kinds:
        for node, target in shapes.subject_objects(kind):
            targets.setdefault(node, set()).add((kind, target))
    assert targets and not [node for node in targets if next(runnable.objects(node, SH.property), None)]
    for node, node_targets in targets.items():
        for prop in shapes.objects(node, SH.property):
            assert {(k, t) for k in kinds for t in runnable.objects(prop, k)} == node_targets
