"""The merged ontology + data graph for OWL reasoners.

The store keeps dates as xsd:date, which SPARQL users and the competency queries expect. OWL 2's
datatype map has no xsd:date, and HermiT refuses such literals, so the reasoning form carries each
date as an xsd:dateTime at midnight: the same day, in a datatype a DL reasoner accepts.
"""

from __future__ import annotations

from pathlib import Path

from pyoxigraph import DefaultGraph, Literal, Quad, RdfFormat, parse, serialize

from . import paths

_XSD = "http://www.w3.org/2001/XMLSchema#"


def for_reasoner(term):
    if isinstance(term, Literal) and term.datatype is not None and term.datatype.value == _XSD + "date":
        from pyoxigraph import NamedNode

        return Literal(term.value + "T00:00:00", datatype=NamedNode(_XSD + "dateTime"))
    return term


def write_merged(dump, output: Path) -> Path:
    """All graphs of the N-Quads dump (a file, or the files `store.dump_files` lists) as one
    N-Triples file that owlready2 and HermiT read."""
    triples = []
    for path in [dump] if isinstance(dump, Path) else dump:
        with path.open("rb") as handle:
            triples += [Quad(q.subject, q.predicate, for_reasoner(q.object), DefaultGraph())
                        for q in parse(handle, format=RdfFormat.N_QUADS)]
    partial = output.with_suffix(output.suffix + ".partial")
    partial.write_bytes(serialize(triples, format=RdfFormat.N_TRIPLES))
    partial.replace(output)
    return output


def check_consistency(merged: Path, ontology: Path | None = None) -> list[str]:
    """Run HermiT over the release ontology and the merged data; returns the unsatisfiable classes.

    Raises owlready2.OwlReadyInconsistentOntologyError when the whole is inconsistent.
    """
    import owlready2

    world = owlready2.World()
    world.get_ontology((ontology or paths.ONTOLOGY / "gongbao.owl").resolve().as_uri()).load()
    world.get_ontology(merged.resolve().as_uri()).load(format="ntriples")
    owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    return [str(c) for c in world.inconsistent_classes()]
