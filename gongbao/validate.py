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
    counted: str = "triples"  # a build's report counts its quads (triples in named graphs)

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
                 f"{len(self.violations)} violation(s), {len(self.warnings)} warning(s), {self.triples} {self.counted}"]
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
    report_graph = _shacl(data, runnable_shapes(shapes), ontology)
    results = _results(report_graph, data, shapes) + run_checks(data)
    return Report(conforms=not any(r.severity == "Violation" for r in results), results=results,
                  graph=report_graph, triples=len(data))


def shape_results(data: rdflib.Graph, shapes: rdflib.Graph, ontology: rdflib.Graph | None,
                  runnable: rdflib.Graph | None = None, inplace: bool = False, focus=None) -> list[Result]:
    """The SHACL part of validation alone, for validating a graph piece by piece.

    `runnable` is `runnable_shapes(shapes)` when the caller has it already; `inplace` lets
    pySHACL add the ontology to `data` instead of copying it first (for a graph made to be
    validated and thrown away); `focus`, a test on a focus node, keeps the results it passes.
    """
    report_graph = _shacl(data, runnable if runnable is not None else runnable_shapes(shapes), ontology, inplace)
    return _results(report_graph, data, shapes, focus)


def _shacl(data: rdflib.Graph, runnable: rdflib.Graph, ontology: rdflib.Graph | None,
           inplace: bool = False) -> rdflib.Graph:
    # No SHACL-AF: the shapes use none of it, and pySHACL copies the data graph whenever it is on.
    _, report_graph, _ = shacl_validate(
        data, shacl_graph=runnable, ont_graph=ontology, inference="none",
        allow_warnings=True, advanced=False, meta_shacl=False, inplace=inplace,
    )
    return report_graph


_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)


def runnable_shapes(shapes: rdflib.Graph) -> rdflib.Graph:
    """The same constraints, arranged as pySHACL runs them fastest.

    pySHACL evaluates a property shape nested in a node shape once per focus node, building its
    constraint objects anew each time; a property shape with targets of its own is evaluated
    once over all its focus nodes. SHACL gives both the same results (a result's source shape is
    the property shape either way), so each property shape of a targeted node shape takes that
    node shape's targets. A node shape that another shape points to (sh:node, sh:or, …) is
    left as written: moving its property shapes would change what that reference checks.
    """
    runnable = _copy_shapes(shapes)
    for node in set(shapes.subjects(SH.property, None)):
        targets = [(p, o) for p in _TARGETS for o in shapes.objects(node, p)]
        if not targets or next(shapes.subject_predicates(node), None) is not None:
            continue
        for prop in shapes.objects(node, SH.property):
            runnable.remove((node, SH.property, prop))
            for predicate, target in targets:
                runnable.add((prop, predicate, target))
    return runnable


def _copy_shapes(shapes: rdflib.Graph, keep=None) -> rdflib.Graph:
    """The shapes' triples (those `keep` passes), with their prefixes: pySHACL writes its messages with them."""
    copy = rdflib.Graph()
    for prefix, namespace in shapes.namespaces():
        copy.bind(prefix, namespace, override=True, replace=True)
    for triple in shapes:
        if keep is None or keep(triple):
            copy.add(triple)
    return copy


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


def _results(report: rdflib.Graph, data: rdflib.Graph, shapes: rdflib.Graph, keep=None) -> list[Result]:
    results = []
    for node in report.subjects(rdflib.RDF.type, SH.ValidationResult):
        focus = report.value(node, SH.focusNode)
        if keep is not None and not keep(focus):
            continue
        path = report.value(node, SH.resultPath)
        severity = report.value(node, SH.resultSeverity)
        shape = report.value(node, SH.sourceShape)
        message = report.value(node, SH.resultMessage)
        value = report.value(node, SH.value)
        results.append(Result(
            severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
            focus=_name(focus, data),
            path=_path_name(path, shapes, report) if path is not None else None,
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


def _path_name(path, shapes: rdflib.Graph, report: rdflib.Graph) -> str:
    # An inverse path is a blank node, named anew each time the shapes are read: it is written
    # as SPARQL writes it, so one result reads the same from any validation.
    if isinstance(path, rdflib.BNode):
        inverse = shapes.value(path, SH.inversePath) or report.value(path, SH.inversePath)
        if inverse is not None:
            return "^" + _name(inverse, shapes)
    return _name(path, shapes)


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
# pySHACL uses one core and keeps the whole data graph in rdflib's memory store. A build is
# validated a few issues per call (their documents and issue graphs, with the shared reference,
# indicator and ontology graphs beside them), the calls spread over the machine's cores; the
# SPARQL checks then run once over the whole union in Oxigraph. No shape looks across issues, so
# the results are those of validating the whole at once.

_worker_state: dict = {}
_ISSUES_PER_CALL = 10  # bounds a worker's rdflib graph (about 200,000 triples) while sharing its set-up


def _partition(quads) -> tuple[list, dict[str, list]]:
    """Split quads into the shared graphs and one group per issue (documents with their issue)."""
    from pyoxigraph import NamedNode

    # A document belongs to its issue (eli:is_part_of), or when it stands alone, to the graph
    # of its source file (gb:source).
    links = {NamedNode("http://data.europa.eu/eli/ontology#is_part_of"),
             NamedNode("https://w3id.org/gongbao/ontology#source")}
    issue_of_doc: dict[str, str] = {}
    issue_graphs: dict[str, str] = {}
    for quad in quads:
        graph = getattr(quad.graph_name, "value", "")
        if _is_container(graph):
            issue_graphs.setdefault(quad.subject.value, graph)
    for quad in quads:
        graph = getattr(quad.graph_name, "value", "")
        if "/graph/doc/" in graph and quad.predicate in links and quad.object.value in issue_graphs:
            issue_of_doc[graph] = issue_graphs[quad.object.value]
    shared: list = []
    units: dict[str, list] = {}
    answers: list = []
    for quad in quads:
        graph = getattr(quad.graph_name, "value", "")
        if graph.endswith("/graph/answers"):
            answers.append(quad)
            continue
        unit = issue_of_doc.get(graph) or (graph if _is_container(graph) else None)
        (units.setdefault(unit, []) if unit else shared).append(quad)
    return shared, _with_answers(units, answers)


def _with_answers(units: dict[str, list], answers: list) -> dict[str, list]:
    """The answers between documents go with the issues they link, and issues that a link joins
    are validated together: a link is judged with the nodes at both of its ends."""
    if not answers:
        return units
    unit_of = {q.subject.value: unit for unit, quads in units.items() for q in quads}
    parent = {unit: unit for unit in units}

    def root(unit):
        while parent[unit] != unit:
            parent[unit] = parent[parent[unit]]
            unit = parent[unit]
        return unit

    by_link: dict[str, set] = {}
    for quad in answers:
        ends = by_link.setdefault(quad.subject.value, set())
        for term in (quad.subject, quad.object):
            if term.value in unit_of:
                ends.add(unit_of[term.value])
    for ends in by_link.values():
        first, *rest = sorted(ends) or [None]
        for other in rest:
            parent[root(other)] = root(first)
    merged: dict[str, list] = {}
    for unit, quads in units.items():
        merged.setdefault(root(unit), []).extend(quads)
    for quad in answers:
        ends = by_link[quad.subject.value]
        merged.setdefault(root(min(ends)) if ends else "answers", []).append(quad)
    return merged


def _is_container(graph: str) -> bool:
    return "/graph/issue/" in graph or "/graph/source/" in graph


# Forked workers inherit the build's quads and make rdflib terms of them themselves, each term
# once per worker: the parent only says which quads each call takes.

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _to_rdflib(quads, cache: dict) -> list[tuple]:
    from pyoxigraph import BlankNode, NamedNode

    iris = cache.setdefault("iris", {})
    others = cache.setdefault("others", {})

    def term(t):
        if type(t) is NamedNode:
            value = t.value
            made = iris.get(value)
            if made is None:
                made = iris[value] = rdflib.URIRef(value)
            return made
        key = ("_:", t.value) if type(t) is BlankNode else (t.value, t.datatype.value, t.language)
        made = others.get(key)
        if made is None:
            if len(key) == 2:
                made = rdflib.BNode(key[1])
            elif key[2]:
                made = rdflib.Literal(key[0], lang=key[2])
            else:  # a plain literal in rdflib is an xsd:string in RDF 1.1 and in pyoxigraph
                made = rdflib.Literal(key[0], datatype=None if key[1] == _XSD_STRING else rdflib.URIRef(key[1]))
            others[key] = made
        return made

    return [(term(q.subject), term(q.predicate), term(q.object)) for q in quads]


def _init_worker(shared: list, batches: list[list]) -> None:
    cache: dict = {}
    triples = _to_rdflib(shared, cache)
    if not any(p == rdflib.RDF.type and o == rdflib.OWL.Ontology for _, p, o in triples):
        ontology = rdflib.Graph().parse(paths.ONTOLOGY / "gongbao.ttl", format="turtle")
        triples += list(ontology)  # sh:class needs the subclass axioms beside the data
    shapes = load_shapes()
    _worker_state.update(shared=triples, batches=batches, cache=cache, shapes=shapes,
                         runnable=runnable_shapes(shapes), shared_nodes={s for s, _, _ in triples},
                         shared_ends={str(o) for _, p, o in triples if p == _STATES})


_SHARED = -1  # the task that validates the nodes of the shared graphs
_STATES = rdflib.URIRef("https://w3id.org/gongbao/ontology#states")


def _validate_unit(task: tuple[int, int, int]) -> list[Result]:
    """One call of pySHACL: a batch of issues (or, for _SHARED, the shared graphs' own nodes).

    The shared graphs describe people, agencies, indicators once for all issues, but what links
    to them, and some of what they hold (a person's posts), is in the issues' graphs. When the
    issues are split over several calls, a shared node is judged only by the _SHARED call, which
    sees every triple about it.
    """
    batch, part, parts = task
    state = _worker_state
    data = rdflib.Graph()
    add = data.store.add  # Graph.add checks each term's type again; these are made by _to_rdflib
    for triple in state["shared"]:
        add(triple, data, quoted=False)
    shared_nodes = state["shared_nodes"]
    if batch == _SHARED:
        for triple in _about(shared_nodes, state["batches"], state["cache"], state["shared_ends"]):
            add(triple, data, quoted=False)
        focus = shared_nodes.__contains__
    else:
        for triple in _to_rdflib(state["batches"][batch], state["cache"]):
            add(triple, data, quoted=False)
        focus = None if len(state["batches"]) == 1 else (lambda node: node not in shared_nodes)
    runnable = state["runnable"]
    if parts > 1:
        runnable = _shape_part(runnable, data, part, parts)
    return shape_results(data, state["shapes"], None, runnable=runnable, inplace=True, focus=focus)


def _about(nodes: set, batches: list[list], cache: dict, shared_ends: set[str] = frozenset()) -> list[tuple]:
    """Every triple of the batches about one of `nodes`, and the types of the nodes it points to.

    Triples that point to a shared node are not needed: no shape follows an inverse path from a
    shared node (people, agencies, regions, indicators, areas of work, cited works, the ontology).
    Quads are compared by their subjects' text, and made rdflib terms only when they are taken.
    """
    names = {str(node) for node in nodes if isinstance(node, rdflib.URIRef)}
    taken = [q for batch in batches for q in batch if q.subject.value in names]
    about = _to_rdflib(taken, cache)
    ends = {q.object.value for q in taken} | shared_ends  # a commitment's statements point to targets
    rdf_type = str(rdflib.RDF.type)
    types = [q for batch in batches for q in batch if q.subject.value in ends and q.predicate.value == rdf_type]
    return about + _to_rdflib(types, cache)


def _shape_part(runnable: rdflib.Graph, data: rdflib.Graph, part: int, parts: int) -> rdflib.Graph:
    """The shapes of one of `parts` shares of the work: the others lose their targets.

    Shapes are dealt largest first (by focus nodes of their target classes in `data`) to the
    share with least work so far. Every process parses the shapes anew, with blank nodes of its
    own, so shapes are ordered by what they say, not by their labels: processes given the same
    data deal alike (shapes that say the same thing give the same results whichever runs them).
    """
    targeted = {s for p in _TARGETS for s in runnable.subjects(p, None)}
    cost = {shape: 1 + sum(len(set(data.subjects(rdflib.RDF.type, cls)))
                           for cls in runnable.objects(shape, SH.targetClass)) for shape in targeted}
    loads = [0] * parts
    mine = set()
    for shape in sorted(targeted, key=lambda shape: (-cost[shape], _shape_key(runnable, shape))):
        share = loads.index(min(loads))
        loads[share] += cost[shape]
        if share == part:
            mine.add(shape)
    return _copy_shapes(runnable, keep=lambda triple: triple[0] in mine or triple[1] not in _TARGETS)


def _shape_key(shapes: rdflib.Graph, node, depth: int = 0) -> str:
    if not isinstance(node, rdflib.BNode):
        return node.n3()
    if depth > 8:
        return "[…]"
    return "[" + " ; ".join(sorted(f"{p.n3()} {_shape_key(shapes, o, depth + 1)}"
                                   for p, o in shapes.predicate_objects(node))) + "]"


def _batches(units: dict[str, list], processes: int) -> list[list]:
    """Issues in sorted order, cut into as few calls as the cores and the size bound allow."""
    groups = [group for _, group in sorted(units.items())]
    count = min(len(groups), max(processes, -(-len(groups) // _ISSUES_PER_CALL))) or 1
    size = -(-len(groups) // count) if groups else 0
    return [[q for group in groups[i:i + size] for q in group] for i in range(0, len(groups), size)] or [[]]


class ShapeValidation:
    """pySHACL over a build's quads, running in worker processes while the caller goes on.

    Issues go a few per call. One core is left to the caller (a build writes its store
    meanwhile); when there are fewer calls than the other cores, each call's shapes are shared
    out among them instead, so that small builds use every core too.
    """

    def __init__(self, quads, processes: int | None = None):
        import os

        from .workers import forked_pool, submit_all

        shared, units = _partition(quads)
        processes = processes or os.cpu_count() or 1
        batches = _batches(units, processes)
        parts = max(1, (processes - 1) // len(batches))
        self._tasks = [(batch, part, parts) for batch in range(len(batches)) for part in range(parts)]
        if len(batches) > 1:
            self._tasks.insert(0, (_SHARED, 0, 1))
        self._pool = None
        self._futures = None
        if processes > 1:
            # Forked workers inherit the quads: nothing is pickled on the way there.
            self._pool = forked_pool(min(processes, len(self._tasks)), _init_worker, (shared, batches))
            self._futures = submit_all(self._pool, _validate_unit, self._tasks)
        else:
            self._inputs = (shared, batches)

    def results(self) -> list[Result]:
        """Wait for the workers; every result once (a node written in the graphs of two issues is
        validated with each of them)."""
        if self._pool is None:
            _init_worker(*self._inputs)
            outcomes = [_validate_unit(task) for task in self._tasks]
        else:
            try:
                outcomes = [future.result() for future in self._futures]
            finally:
                self.cancel()
        seen = set()
        results = []
        for unit_results in outcomes:
            for result in unit_results:
                key = (result.severity, result.shape, result.focus, result.path, result.message, result.value)
                if key not in seen:
                    seen.add(key)
                    results.append(result)
        return results

    def cancel(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)


def finish_validation(shapes: ShapeValidation, store) -> Report:
    """The shapes' results and the SPARQL checks over `store` (the build's quads), as one report."""
    try:
        checks = run_checks_on_store(store)
    except BaseException:
        shapes.cancel()
        raise
    results = shapes.results() + checks
    results.sort(key=lambda r: (r.severity, r.shape, r.focus, r.path or "", r.message))
    return Report(conforms=not any(r.severity == "Violation" for r in results), results=results,
                  triples=len(store), counted="quads")


def validate_quads(quads, processes: int | None = None) -> Report:
    """Validate a build's quads: SHACL over the cores, then the SPARQL checks in an in-memory store."""
    from pyoxigraph import Store

    shapes = ShapeValidation(quads, processes)
    store = Store()
    store.bulk_extend(quads)
    return finish_validation(shapes, store)


# ---------------------------------------------------------------- validating a build shard by shard
#
# An incremental build validates each source once, when it is read (shard.py), and keeps the
# results with the source's quads; what it checks on every build is the shared graphs' own nodes,
# which every source adds to.

_process_shapes: dict = {}


def _shapes_here() -> tuple[rdflib.Graph, rdflib.Graph]:
    """The shapes, parsed once per process (and again if the shapes' folder is another)."""
    if _process_shapes.get("folder") != paths.SHAPES:
        shapes = load_shapes()
        _process_shapes.update(folder=paths.SHAPES, shapes=shapes, runnable=runnable_shapes(shapes))
    return _process_shapes["shapes"], _process_shapes["runnable"]


def _rdflib_graph(*parts) -> rdflib.Graph:
    data = rdflib.Graph()
    add = data.store.add
    cache: dict = {}
    for quads in parts:
        for triple in _to_rdflib(quads, cache):
            add(triple, data, quoted=False)
    return data


def validate_shard(own: list, context: list) -> list[Result]:
    """One source's quads: the shapes on the nodes of its own graphs, with `context` (what it adds to
    the shared graphs, its reference tables and the ontology) beside them, and the SPARQL checks
    on both. The shared graphs' own nodes are left to `validate_shared`, which sees every source's
    triples about them."""
    from pyoxigraph import Store

    shapes, runnable = _shapes_here()
    shared_nodes = {rdflib.URIRef(q.subject.value) for q in context if hasattr(q.subject, "value")}
    data = _rdflib_graph(context, own)
    results = shape_results(data, shapes, None, runnable=runnable, inplace=True,
                            focus=lambda node: node not in shared_nodes)
    store = Store()
    store.bulk_extend(own)
    store.bulk_extend(context)
    return results + run_checks_on_store(store)


SHARED_NODES_PER_CALL = 5000  # bounds each pySHACL call's graph, whatever the corpus's size


def validate_shared(shared: list, foreign: list, only: set[str] | None = None,
                    elsewhere=None) -> list[Result]:
    """The shared graphs' own nodes (people, agencies, indicators, commitments…), or those of them
    in `only`, judged with every triple about them: the union of the shared graphs and what the
    sources' own graphs say of those nodes, and the types of the nodes they point to. Only these
    nodes are focus nodes: the posts and the like that the types name are the sources' own, judged
    there. `elsewhere(iri)` names the nodes a shard judges though the shared graphs say something of
    them (a call that the shared answers say is answered).

    The nodes are judged a bounded number at a time, each call's graph holding what the shapes
    can see from them: their own triples, the triples that point to them by a predicate some
    shape follows backwards, the types of every node those name and the class hierarchy. No shape
    follows a longer path, so each node gets the results it would get in the whole union. Each
    call's shapes target its nodes by name (sh:targetNode for sh:targetClass): the nodes whose
    types are there only for sh:class are not judged on what little the call holds of them."""
    from pyoxigraph import BlankNode, NamedNode

    shapes, runnable = _shapes_here()
    names = {q.subject.value for q in shared if type(q.subject) is NamedNode}
    if elsewhere is not None:
        names = {name for name in names if not elsewhere(name)}
    if only is not None:
        names &= only
    if not names:
        return []
    rdf_type, sub_class = str(rdflib.RDF.type), str(rdflib.RDFS.subClassOf)
    backwards = backward_predicates()
    about: dict[str, list] = {}
    types: dict[str, list] = {}
    hierarchy = []
    for quads in (shared, foreign):
        for q in quads:
            subject, predicate, value = q.subject.value, q.predicate.value, q.object
            if predicate == rdf_type:
                types.setdefault(subject, []).append(q)
            elif predicate == sub_class:
                hierarchy.append(q)
            if subject in names:
                about.setdefault(subject, []).append(q)
            if predicate in backwards and type(value) is NamedNode and value.value in names:
                about.setdefault(value.value, []).append(q)
    by_class = _targets_by_class(runnable)
    untargeted = _copy_shapes(runnable, keep=lambda triple: triple[1] != SH.targetClass)
    classes = _superclasses(hierarchy)
    results: list[Result] = []
    ordered = sorted(names)
    for start in range(0, len(ordered), SHARED_NODES_PER_CALL):
        chunk = set(ordered[start:start + SHARED_NODES_PER_CALL])
        said = [q for name in chunk for q in about.get(name, ())]
        named = {t.value for q in said for t in (q.subject, q.object) if type(t) in (NamedNode, BlankNode)}
        typed = [q for node in named - chunk for q in types.get(node, ())]
        targeted = _copy_shapes(untargeted)
        for name in chunk:
            node = rdflib.URIRef(name)
            for cls in {c for q in types.get(name, ()) for c in classes(q.object.value)}:
                for shape in by_class.get(cls, ()):
                    targeted.add((shape, SH.targetNode, node))
        data = _rdflib_graph(hierarchy, said, typed)
        results += shape_results(data, shapes, None, runnable=targeted, inplace=True,
                                 focus=lambda node: str(node) in chunk)
    return results


def _targets_by_class(shapes: rdflib.Graph) -> dict[str, list]:
    found: dict[str, list] = {}
    for shape, cls in shapes.subject_objects(SH.targetClass):
        found.setdefault(str(cls), []).append(shape)
    return found


def _superclasses(hierarchy: list):
    """A class and every class it is a subclass of, as sh:class and sh:targetClass see them."""
    parents: dict[str, set] = {}
    for q in hierarchy:
        parents.setdefault(q.subject.value, set()).add(q.object.value)
    known: dict[str, set] = {}

    def closure(cls: str) -> set:
        if cls not in known:
            known[cls] = {cls}
            for parent in parents.get(cls, ()):
                known[cls] |= closure(parent)
        return known[cls]

    return closure


_NAMING = rdflib.Graph()  # rdflib's default prefixes, which name a result's focus node


def focus_name(iri: str) -> str:
    """How a result names a node of the shared graphs (as `Result.focus`)."""
    return _name(rdflib.URIRef(iri), _NAMING)


def backward_predicates() -> set[str]:
    """The predicates some shape follows from object to subject (sh:inversePath): a triple with
    one of them is about its object too."""
    return {str(p) for p in _shapes_here()[0].objects(None, SH.inversePath)}


def result_from(fields: dict) -> Result:
    return Result(**fields)


def sorted_results(results) -> list[Result]:
    """Each result once, in the order reports give them."""
    seen, unique = set(), []
    for result in results:
        key = (result.severity, result.shape, result.focus, result.path, result.message, result.value)
        if key not in seen:
            seen.add(key)
            unique.append(result)
    return sorted(unique, key=lambda r: (r.severity, r.shape, r.focus, r.path or "", r.message))
