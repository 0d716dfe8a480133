"""The ontology as Protégé, the OWL API, owlready2 and HermiT see it."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic

from gongbao import paths
from gongbao.ontology import write_release
from gongbao.reasoning import check_consistency, write_merged
from gongbao.store import dump_files

OWLAPI = Path("/usr/share/java/owlapi-distribution.jar")
CHECKER = Path(__file__).parent.parent / "tools" / "owlapi" / "ProfileCheck.java"


def test_release_is_generated_from_the_source(tmp_path):
    fresh = write_release(tmp_path / "gongbao.owl")
    released = rdflib.Graph().parse(paths.ONTOLOGY / "gongbao.owl", format="xml")
    assert isomorphic(rdflib.Graph().parse(fresh, format="xml"), released), \
        "ontology/gongbao.owl is stale: run `python cli.py ontology`"


def test_every_gongbao_term_has_labels_and_a_definition():
    graph = rdflib.Graph().parse(paths.ONTOLOGY / "gongbao.ttl", format="turtle")
    gb = "https://w3id.org/gongbao/ontology#"
    skos = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
    terms = {s for s in graph.subjects(rdflib.RDF.type, None) if isinstance(s, rdflib.URIRef) and str(s).startswith(gb)}
    assert len(terms) > 40
    for term in terms:
        langs = {label.language for label in graph.objects(term, rdflib.RDFS.label)}
        assert {"zh", "en"} <= langs, term
        assert graph.value(term, skos.definition) is not None, term


def test_release_passes_the_owl_api_dl_profile(tmp_path):
    if not OWLAPI.exists() or not shutil.which("javac"):
        if os.environ.get("CI"):
            pytest.fail("the OWL API (Debian libowlapi-java) is missing: `make test` installs it as root")
        pytest.skip("the OWL API (Debian libowlapi-java) is not installed")
    classpath = f"{tmp_path}:/usr/share/java/*"
    subprocess.run(["javac", "-cp", classpath, "-d", str(tmp_path), str(CHECKER)], check=True)
    result = subprocess.run(["java", "-cp", classpath, "ProfileCheck", str(paths.ONTOLOGY / "gongbao.owl")],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout
    assert "problems 0" in result.stdout


def test_hermit_finds_ontology_and_data_consistent(built, tmp_path):
    merged = write_merged(dump_files(built[0]), tmp_path / "merged.nt")
    assert b"XMLSchema#date>" not in merged.read_bytes()
    assert check_consistency(merged) == []


def test_html_documentation_is_generated(tmp_path):
    from gongbao.ontology import write_html

    html = write_html(tmp_path / "ontology.html").read_text(encoding="utf-8")
    for label in ("quantitative target", "量化目标", "unit assignment", "单位分工"):
        assert label in html
