"""Reading RDF files of any common syntax, with a clear error for what cannot be read."""

from __future__ import annotations

from pathlib import Path

import rdflib

from .errors import SourceError

SYNTAX = {".ttl": "turtle", ".nt": "nt", ".nq": "nquads", ".trig": "trig", ".rdf": "xml",
          ".owl": "xml", ".xml": "xml", ".jsonld": "json-ld", ".json": "json-ld", ".n3": "n3"}


def read_rdf(paths: list[Path]) -> rdflib.Graph:
    """All triples of all files in one graph (named graphs merged)."""
    graph = rdflib.Graph()
    for path in paths:
        syntax = SYNTAX.get(path.suffix.lower())
        if syntax is None:
            raise SourceError(str(path), None, f"an RDF file ending in one of {', '.join(sorted(SYNTAX))}",
                              path.suffix or "no extension")
        if not path.exists():
            raise SourceError(str(path), None, "an existing RDF file", "no such file")
        try:
            if syntax in ("nquads", "trig"):
                dataset = rdflib.Dataset()
                dataset.parse(path, format=syntax)
                for s, p, o, _g in dataset.quads():
                    graph.add((s, p, o))
            else:
                graph.parse(path, format=syntax)
        except Exception as error:  # rdflib raises many unrelated types for bad syntax
            line = getattr(error, "lines", None) or getattr(error, "line", None)
            raise SourceError(str(path), line if isinstance(line, int) else None,
                              f"valid {syntax}", str(error).splitlines()[0][:200]) from None
    return graph
