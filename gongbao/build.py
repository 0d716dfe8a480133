"""The whole pipeline: source text → records → quads → SHACL → store and dump.

Nothing is written unless every source parses and the graph conforms to the shapes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import rdflib
from pyoxigraph import BlankNode, DefaultGraph, Quad, RdfFormat, parse, serialize

from . import paths
from .errors import GongbaoError, SourceError, ValidationFailed
from .mapping import Minter, jurisdictions_of, map_issue, map_reference
from .parse import parse_source
from .parse.source import SourceText, read_source
from .records import Issue, Notice
from .store import stage_store
from .validate import Report, ShapeValidation, finish_validation
from .workers import forked_pool, submit_all

REPORT = "build-report.json"


@dataclass
class Build:
    issues: list[Issue] = field(default_factory=list)
    quads: list[Quad] = field(default_factory=list)
    notices: list[tuple[str, Notice]] = field(default_factory=list)
    report: Report | None = None
    store: Path | None = None
    texts: dict[str, str] = field(default_factory=dict)  # extracted text by source file name
    _lines: "_Lines | None" = None

    @property
    def nquads(self) -> bytes:
        """The quads as the dump writes them (sorted when first asked for: a build asks while it validates)."""
        return self._lines.sorted() if self._lines else b""


def ontology_quads(iris: Minter, path: Path | None = None) -> list[Quad]:
    graph = iris.graph("ontology")
    labels: dict[str, BlankNode] = {}

    def stable(term):
        # Blank nodes get labels by order of appearance, so rebuilds are byte-identical.
        if isinstance(term, BlankNode):
            return labels.setdefault(term.value, BlankNode(f"ontology{len(labels) + 1}"))
        return term

    with open(path or paths.ONTOLOGY / "gongbao.ttl", "rb") as handle:
        return [Quad(stable(t.subject), t.predicate, stable(t.object), graph)
                for t in parse(handle, format=RdfFormat.TURTLE)]


def compile_sources(sources: list[Path], base: str | None = None, progress=None) -> Build:
    """Parse and map every source; raises SourceError on the first (in the order given) that cannot be read.

    Sources are read one per process over the machine's cores when there are several; the
    results are taken in the order given, so the build does not depend on which finishes first.
    """
    iris = Minter(base)
    build = Build()
    lines = _Lines()
    given: set[Path] = set()
    names: dict[str, str] = {}
    numbers: dict[str, str] = {}
    unique = []
    for source_path in sources:
        if Path(source_path).resolve() in given:
            continue  # the same file named twice (`build sources/*.txt sources/a.txt`) is one source
        given.add(Path(source_path).resolve())
        unique.append(source_path)
    for source_path, outcome in _compiled(unique, base):
        if progress:
            progress(f"parse {source_path}")
        if isinstance(outcome, BaseException):
            raise outcome
        source, issue, data, notices = outcome
        _check_distinct(source, issue, names, numbers)
        build.issues.append(issue)
        if source.extracted:
            build.texts[issue.source_name] = source.text
        build.notices.extend((source.name, n) for n in issue.notices + notices)
        lines.extend(data)
    lines.extend(_nquads(map_reference(iris, jurisdictions_of(build.issues))))
    lines.extend(_nquads(ontology_quads(iris)))
    build.quads = lines.quads()
    build._lines = lines
    return build


class _Lines:
    """N-Quads lines in order of first appearance, each once (issues share people, agencies and
    cited works; hashing a line is much cheaper than hashing a Quad), and their quads, read as
    each source's lines arrive, while the other sources are still being read."""

    def __init__(self):
        self._seen: set[bytes] = set()
        self._lines: list[bytes] = []
        self._quads: list[Quad] = []

    def extend(self, data: bytes) -> None:
        new = []
        for line in data.splitlines():
            if line not in self._seen:
                self._seen.add(line)
                new.append(line)
        if new:
            self._lines += new
            self._quads += parse(b"\n".join(new), format=RdfFormat.N_QUADS)

    def quads(self) -> list[Quad]:
        return self._quads

    def sorted(self) -> bytes:
        """The dump: sorted, so that rebuilding unchanged input gives byte-identical output."""
        return b"\n".join(sorted(self._lines)) + (b"\n" if self._lines else b"")


def _nquads(quads: list[Quad]) -> bytes:
    return serialize(quads, format=RdfFormat.N_QUADS) or b""


def _compile_one(source_path, base: str | None):
    source = read_source(source_path)
    issue = parse_source(source)
    mapped = map_issue(issue, source.text, Minter(base), source.page_of if source.pages else None)
    return source, issue, _nquads(mapped.quads), mapped.notices


def _compile_in_worker(source_path, base: str | None):
    try:
        return _compile_one(source_path, base)
    except GongbaoError as error:
        return error


def _compiled(sources: list, base: str | None):
    """(source, outcome) in the order given; an outcome is a GongbaoError or what _compile_one returns.

    Quads travel as N-Quads, which both ends write and read in compiled code.
    """
    import os

    processes = min(len(sources), os.cpu_count() or 1)
    if processes <= 1:
        for source_path in sources:
            yield source_path, _compile_in_worker(source_path, base)
        return
    with forked_pool(processes) as pool:
        futures = submit_all(pool, partial(_compile_in_worker, base=base), sources)
        try:
            for source_path, future in zip(sources, futures):
                yield source_path, future.result()
        finally:
            for future in futures:
                future.cancel()


def _check_distinct(source: SourceText, issue: Issue, names: dict[str, str], numbers: dict[str, str]) -> None:
    """Refuse two sources that would mint the same IRIs: a source's from its file name,
    a document's from its number. Merged, they would be a graph that neither file says."""
    name = Path(source.name).name
    if name in names:
        raise SourceError(source.name, None, f"a file name that no other source has ({names[name]} has it too; "
                          "the source's IRI is made from it)", name)
    names[name] = source.name
    for doc in issue.documents:
        if doc.number in numbers:
            raise source.error(doc.number_span.start, f"each document in one source only ({doc.number} is also "
                               f"in {numbers[doc.number]})", doc.number)
        numbers[doc.number] = f"{source.name}:{source.line_of(doc.number_span.start)}"


def as_rdflib(quads: list[Quad]) -> rdflib.Graph:
    """The union of all named graphs as one rdflib graph, for pySHACL."""
    triples = serialize((Quad(q.subject, q.predicate, q.object, DefaultGraph()) for q in quads),
                        format=RdfFormat.N_QUADS)
    graph = rdflib.Graph()
    graph.parse(data=triples.decode("utf-8"), format="nt")
    return graph


def run_build(sources: list[Path], graph_dir: Path | None = None, base: str | None = None,
              progress=None) -> Build:
    graph_dir = graph_dir or paths.GRAPH
    build = compile_sources(sources, base, progress)
    if progress:
        progress(f"validate {len(build.quads)} quads while writing a new store under {graph_dir}")
    # The shapes run in worker processes while this one writes the new store beside the current
    # one and runs the SPARQL checks on it; only a graph that conforms is then published.
    shapes = ShapeValidation(build.quads)
    try:
        staged = stage_store(build.quads, graph_dir, build.nquads, build.texts)
    except BaseException:
        shapes.cancel()
        raise
    try:
        build.report = finish_validation(shapes, staged.store)
    except BaseException:
        staged.discard()
        raise
    if build.report.violations:
        staged.discard()
        raise ValidationFailed(build.report)
    if progress:
        progress(f"store {graph_dir}")
    build.store = staged.publish()
    _write_report(build, graph_dir)
    return build


def target_coverage(issue: Issue) -> dict:
    """How many number-bearing clauses the target reader saw, what it took, and what it skipped and why."""
    documents = []
    for doc in issue.documents:
        nodes = list(doc.nodes())
        documents.append({
            "number": doc.number,
            "clauses_with_numbers": sum(n.clauses_with_numbers for n in nodes),
            "targets": sum(len(n.targets) for n in nodes),
            "skipped": [{"path": n.path, "start": s.span.start, "end": s.span.end, "reason": s.reason}
                        for n in nodes for s in n.skipped_numbers],
        })
    return {"source": issue.source_name, "documents": documents}


def _write_report(build: Build, graph_dir: Path) -> None:
    report = {
        "sources": [issue.source_name for issue in build.issues],
        "targets": [target_coverage(issue) for issue in build.issues],
        "documents": [doc.number for issue in build.issues for doc in issue.documents],
        "outline": [{"source": issue.source_name, "number": doc.number, "kind": doc.kind,
                     "text_chars": doc.text_chars, "outlined_chars": doc.outlined_chars,
                     "untaken": [{"line": line, "start": span.start, "end": span.end}
                                 for line, span in doc.untaken]}
                    for issue in build.issues for doc in issue.documents],
        "quads": len(build.quads),
        "warnings": [r.line() for r in build.report.warnings] if build.report else [],
        "notices": [{"source": source, "line": n.line, "message": n.message,
                     "start": n.span.start if n.span else None, "end": n.span.end if n.span else None}
                    for source, n in build.notices],
    }
    path = graph_dir / REPORT
    partial = path.with_suffix(".json.partial")
    partial.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    partial.replace(path)
