"""SHACL validation of a graph against shapes/, with a readable report.

Each result names the focus node, the path, the message and, where the node was read
from a source, the exact source quote, so a reviewer sees what in the gazette is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import rdflib
from pyshacl import validate as shacl_validate
from rdflib.namespace import SH

from . import paths

_OA = rdflib.Namespace("http://www.w3.org/ns/oa#")
_PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")


@dataclass
class Result:
    severity: str  # Violation, Warning, Info
    focus: str
    path: str | None
    message: str
    shape: str
    value: str | None = None
    quote: str | None = None

    def line(self) -> str:
        parts = [f"[{self.severity}] {self.focus}"]
        if self.path:
            parts.append(f"path {self.path}")
        parts.append(self.message)
        if self.value:
            parts.append(f"value {self.value}")
        text = " | ".join(parts)
        if self.quote:
            quote = self.quote if len(self.quote) <= 120 else self.quote[:117] + "…"
            text += f"\n    source: {quote}"
        return text


@dataclass
class Report:
    conforms: bool
    results: list[Result] = field(default_factory=list)
    graph: rdflib.Graph | None = None
    triples: int = 0

    @property
    def violations(self) -> list[Result]:
        return [r for r in self.results if r.severity == "Violation"]

    @property
    def warnings(self) -> list[Result]:
        return [r for r in self.results if r.severity == "Warning"]

    def by_shape(self) -> dict[str, list[Result]]:
        grouped: dict[str, list[Result]] = {}
        for result in sorted(self.results, key=lambda r: (r.severity != "Violation", r.shape, r.focus)):
            grouped.setdefault(result.shape, []).append(result)
        return grouped

    def text(self, limit: int = 20) -> str:
        lines = [f"{'conforms' if not self.violations else 'does not conform'}: "
                 f"{len(self.violations)} violation(s), {len(self.warnings)} warning(s), {self.triples} triples"]
        for shape, results in self.by_shape().items():
            lines.append(f"{shape} ({len(results)})")
            for result in results[:limit]:
                lines.append("  " + result.line().replace("\n", "\n  "))
            if len(results) > limit:
                lines.append(f"  … {len(results) - limit} more")
        return "\n".join(lines)


def load_shapes(path: Path | None = None) -> rdflib.Graph:
    shapes = rdflib.Graph()
    for file in sorted((path or paths.SHAPES).glob("*.ttl")) if (path or paths.SHAPES).is_dir() else [path]:
        shapes.parse(file, format="turtle")
    return shapes


def validate_graph(data: rdflib.Graph, shapes: rdflib.Graph | None = None,
                   ontology: rdflib.Graph | None = None) -> Report:
    """Validate `data` (with the ontology's subclass axioms available) against the shapes."""
    shapes = shapes if shapes is not None else load_shapes()
    conforms, report_graph, _ = shacl_validate(
        data, shacl_graph=shapes, ont_graph=ontology, inference="none",
        allow_warnings=True, advanced=True, meta_shacl=False,
    )
    results = _results(report_graph, data, shapes) + run_checks(data)
    return Report(conforms=not any(r.severity == "Violation" for r in results), results=results,
                  graph=report_graph, triples=len(data))


def shape_results(data: rdflib.Graph, shapes: rdflib.Graph, ontology: rdflib.Graph | None) -> list[Result]:
    """The SHACL part of validation alone, for validating a graph piece by piece."""
    _, report_graph, _ = shacl_validate(
        data, shacl_graph=shapes, ont_graph=ontology, inference="none",
        allow_warnings=True, advanced=True, meta_shacl=False,
    )
    return _results(report_graph, data, shapes)


def run_checks(data: rdflib.Graph, directory: Path | None = None) -> list[Result]:
    """Quality checks as SPARQL, run once over the whole graph: every row names an offending node.

    queries/qc/*-violation.rq fail validation; *-warning.rq are reported. Checks that compare
    values within a node live here rather than as sh:sparql constraints, which pySHACL runs
    once per focus node: on the seed that was nine tenths of the validation time.
    """
    from pyoxigraph import RdfFormat, Store

    store = Store()
    store.load(data.serialize(format="nt", encoding="utf-8"), format=RdfFormat.N_TRIPLES)
    return run_checks_on_store(store, directory, name=lambda term: _name(term, data),
                               quote=lambda term: _quote(term, data))


def run_checks_on_store(store, directory: Path | None = None, name=None, quote=None) -> list[Result]:
    """The SPARQL checks over a pyoxigraph store (union of its graphs)."""
    name = name or (lambda term: f"<{term}>")
    quote = quote or (lambda term: _store_quote(store, term))
    results = []
    directory = directory or paths.QUERIES / "qc"
    for path in sorted([*directory.glob("*-violation.rq"), *directory.glob("*-warning.rq")]):
        severity = "Violation" if path.stem.endswith("-violation") else "Warning"
        query = path.read_text(encoding="utf-8")
        message = next((line.lstrip("# ").strip() for line in query.splitlines() if line.startswith("#")), path.stem)
        solutions = store.query(query, use_default_graph_as_union=True)
        names = [v.value for v in solutions.variables]
        for solution in solutions:
            focus = solution[names[0]]
            details = [f"{name} {solution[name].value}" for name in names[1:] if solution[name] is not None]
            focus_term = rdflib.URIRef(focus.value) if hasattr(focus, "value") else focus
            results.append(Result(severity=severity, focus=name(focus_term), path=None,
                                  message=message, shape=f"qc:{path.stem}",
                                  value="; ".join(details) or None, quote=quote(focus_term)))
    return results


def _store_quote(store, term) -> str | None:
    if not isinstance(term, rdflib.URIRef):
        return None
    query = f"""PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX oa: <http://www.w3.org/ns/oa#>
        SELECT ?exact WHERE {{ {{ <{term}> oa:exact ?exact }} UNION
                              {{ <{term}> prov:wasDerivedFrom/oa:hasSelector/oa:exact ?exact }} }} LIMIT 1"""
    for solution in store.query(query, use_default_graph_as_union=True):
        return solution["exact"].value
    return None


def _results(report: rdflib.Graph, data: rdflib.Graph, shapes: rdflib.Graph) -> list[Result]:
    results = []
    for node in report.subjects(rdflib.RDF.type, SH.ValidationResult):
        focus = report.value(node, SH.focusNode)
        path = report.value(node, SH.resultPath)
        severity = report.value(node, SH.resultSeverity)
        shape = report.value(node, SH.sourceShape)
        message = report.value(node, SH.resultMessage)
        value = report.value(node, SH.value)
        results.append(Result(
            severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
            focus=_name(focus, data),
            path=_name(path, shapes) if path is not None else None,
            message=str(message) if message else "constraint not met",
            shape=_shape_name(shape, shapes),
            value=None if value is None else str(value),
            quote=_quote(focus, data),
        ))
    return sorted(results, key=lambda r: (r.severity, r.shape, r.focus, r.path or "", r.message))


def _name(term, graph: rdflib.Graph) -> str:
    if isinstance(term, rdflib.URIRef):
        try:
            return graph.namespace_manager.normalizeUri(term)
        except Exception:  # a term no prefix fits
            return f"<{term}>"
    return str(term)


def _shape_name(shape, shapes: rdflib.Graph) -> str:
    # A property shape is a blank node: name it by the node shape that holds it.
    if isinstance(shape, rdflib.BNode):
        parent = next(shapes.subjects(SH.property, shape), None) or next(shapes.subjects(SH.sparql, shape), None)
        if parent is not None:
            return _name(parent, shapes)
    return _name(shape, shapes)


def _quote(focus, data: rdflib.Graph) -> str | None:
    exact = data.value(focus, _OA.exact)
    if exact is None:
        for span in data.objects(focus, _PROV.wasDerivedFrom):
            for selector in data.objects(span, _OA.hasSelector):
                exact = data.value(selector, _OA.exact)
                if exact is not None:
                    break
    return None if exact is None else str(exact)


# ---------------------------------------------------------------- validating a build piece by piece
#
# pySHACL's cost grows faster than the graph, and it uses one core. A build is validated one issue
# at a time (its documents and issue graph, with the shared reference, indicator and ontology
# graphs beside them), the issues spread over the machine's cores; the SPARQL checks then run
# once over the whole union in Oxigraph. No shape looks across issues, so the results are those
# of validating the whole at once.

_worker_state: dict = {}


def _partition(quads) -> tuple[list, dict[str, list]]:
    """Split quads into the shared graphs and one group per issue (documents with their issue)."""
    from pyoxigraph import NamedNode

    part_of = NamedNode("http://data.europa.eu/eli/ontology#is_part_of")
    issue_of_doc: dict[str, str] = {}
    issue_graphs: dict[str, str] = {}
    for quad in quads:
        graph = getattr(quad.graph_name, "value", "")
        if "/graph/issue/" in graph:
            issue_graphs.setdefault(quad.subject.value, graph)
    for quad in quads:
        graph = getattr(quad.graph_name, "value", "")
        if "/graph/doc/" in graph and quad.predicate == part_of and quad.object.value in issue_graphs:
            issue_of_doc[graph] = issue_graphs[quad.object.value]
    shared: list = []
    units: dict[str, list] = {}
    for quad in quads:
        graph = getattr(quad.graph_name, "value", "")
        unit = issue_of_doc.get(graph) or (graph if "/graph/issue/" in graph else None)
        (units.setdefault(unit, []) if unit else shared).append(quad)
    return shared, units


def _triples(quads) -> bytes:
    from pyoxigraph import DefaultGraph, Quad, RdfFormat, serialize

    return serialize((Quad(q.subject, q.predicate, q.object, DefaultGraph()) for q in quads),
                     format=RdfFormat.N_TRIPLES)


def _init_worker(shared: bytes) -> None:
    _worker_state["shared"] = shared
    _worker_state["shapes"] = load_shapes()
    _worker_state["ontology"] = rdflib.Graph().parse(paths.ONTOLOGY / "gongbao.ttl", format="turtle")


def _validate_unit(unit: bytes) -> tuple[list[Result], int]:
    data = rdflib.Graph()
    data.parse(data=_worker_state["shared"] + unit, format="nt")
    return shape_results(data, _worker_state["shapes"], _worker_state["ontology"]), len(data)


def validate_quads(quads, processes: int | None = None) -> Report:
    """Validate a build's quads: SHACL one issue at a time over the cores, then the SPARQL checks."""
    import os
    from concurrent.futures import ProcessPoolExecutor

    from pyoxigraph import Store

    shared, units = _partition(quads)
    shared_bytes = _triples(shared)
    payloads = [_triples(group) for _, group in sorted(units.items())] or [b""]
    processes = processes or min(len(payloads), os.cpu_count() or 1)
    if processes <= 1:
        _init_worker(shared_bytes)
        outcomes = [_validate_unit(p) for p in payloads]
    else:
        with ProcessPoolExecutor(processes, initializer=_init_worker, initargs=(shared_bytes,)) as pool:
            outcomes = list(pool.map(_validate_unit, payloads))
    seen = set()
    results = []
    for unit_results, _ in outcomes:
        for result in unit_results:
            key = (result.severity, result.shape, result.focus, result.path, result.message, result.value)
            if key not in seen:  # shared nodes are validated with every issue
                seen.add(key)
                results.append(result)
    store = Store()
    store.bulk_extend(quads)
    results += run_checks_on_store(store)
    results.sort(key=lambda r: (r.severity, r.shape, r.focus, r.path or "", r.message))
    return Report(conforms=not any(r.severity == "Violation" for r in results), results=results,
                  triples=len(set(_triples(quads).splitlines())))
