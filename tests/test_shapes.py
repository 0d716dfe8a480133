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
from gongbao.validate import load_shapes, validate_graph

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
