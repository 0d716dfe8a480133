"""Release forms of the ontology, generated from the hand-edited Turtle source."""

from __future__ import annotations

from pathlib import Path

import rdflib

from . import paths

SOURCE = "gongbao.ttl"
RELEASE = "gongbao.owl"


def write_release(output: Path | None = None) -> Path:
    """RDF/XML, which Protégé, the OWL API and owlready2 read (owlready2 reads no Turtle)."""
    graph = rdflib.Graph().parse(paths.ONTOLOGY / SOURCE, format="turtle")
    output = output or paths.ONTOLOGY / RELEASE
    partial = output.with_suffix(output.suffix + ".partial")
    graph.serialize(partial, format="xml")
    partial.replace(output)
    return output


def write_html(output: Path) -> Path:
    """HTML documentation of the ontology (pyLODE), generated from the hand-edited source."""
    from pylode import OntPub

    html = OntPub(ontology=str(paths.ONTOLOGY / SOURCE)).make_html()
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_suffix(output.suffix + ".partial")
    partial.write_text(html, encoding="utf-8")
    partial.replace(output)
    return output
