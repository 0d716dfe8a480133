"""The whole pipeline: source files → shards (records → quads → SHACL, per source) → store and dump.

A build reads again only the sources whose shard it does not have (shard.py: a shard's key is
its source's content, the base IRI and the code), over an executor (executors.py). It then
takes the union of the shared graphs, checks the shared nodes, and makes the new store from the
published one graph by graph: an Oxigraph checkpoint of it (hard links, no copy), the graphs of
sources that left or changed dropped, those of new sources bulk-loaded from their shard files.
Nothing is published unless every source reads and the whole conforms to the shapes; the main
process never holds more than one source's quads and the shared graphs.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import BlankNode, DefaultGraph, Quad, RdfFormat, parse, serialize

from . import paths
from . import shared as shared_graphs
from .commitments import tails_from_json, tails_json
from .cache import FACTS, ShardCache
from .errors import GongbaoError, SourceError, ValidationFailed
from .executors import executor_for
from .mapping import Minter
from .records import Issue, Notice, Span
from .shard import Job, Shard, code_version, compile_job, own_node, parse_nquads, shard_key
from .store import (DUMP_LINK, SHARED_DUMP, STORE_LINK, SharedDifference, current_generation, published_manifest,
                    published_tails, stage_generation)
from .validate import (SHARED_NODES_PER_CALL, Report, backward_predicates, focus_name, result_from, sorted_results,
                       validate_shared)

REPORT = "build-report.json"


@dataclass
class Source:
    """One source file of a build, as identified before it is read."""

    name: str  # as given
    path: Path  # resolved
    size: int = 0
    mtime_ns: int = 0
    digest: str = ""
    key: str = ""

    @property
    def file(self) -> str:
        return self.path.name


@dataclass
class Build:
    sources: list[dict] = field(default_factory=list)  # each source's summary, in the order given
    notices: list[tuple[str, Notice]] = field(default_factory=list)
    report: Report | None = None
    store: Path | None = None
    quad_count: int = 0
    read: int = 0  # sources read anew
    reused: int = 0  # sources whose shard was kept from an earlier build
    changed: bool = True  # False when the published store already held exactly these sources
    timings: dict[str, float] = field(default_factory=dict)  # wall seconds of each stage of this build
    worker_cpu: dict[str, float] = field(default_factory=dict)  # CPU seconds of the workers that read sources

    @property
    def documents(self) -> int:
        return sum(len(s["documents"]) for s in self.sources)


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


def run_build(sources: list[Path], graph_dir: Path | None = None, base: str | None = None,
              progress=None, executor: str | None = None) -> Build:
    graph_dir = graph_dir or paths.GRAPH
    say = progress or (lambda message: None)
    build = Build()
    clock = _Clock(build.timings)
    previous = published_manifest(graph_dir)
    cache = ShardCache(graph_dir)
    with clock("identify"):
        given, errors = _identify(_unique(sources), previous, base)
    missing = [i for i, s in enumerate(given) if s.key and not cache.has(s.key)]
    build.read, build.reused = len(missing), sum(1 for s in given if s.key) - len(missing)
    with clock("read"):
        if missing or errors:
            _read(given, missing, errors, cache, base, executor, say)
    summaries = [cache.summary(s.key) for s in given]
    for index in missing:
        for part, seconds in summaries[index].get("cpu", {}).items():
            build.worker_cpu[part] = build.worker_cpu.get(part, 0.0) + seconds
    _check_distinct(given, summaries)
    build.sources = summaries
    build.notices = [(s.name, _notice(n)) for s, summary in zip(given, summaries) for n in summary["notices"]]
    keys = sorted(s.key for s in given)
    if previous is not None and previous.get("keys") == keys and (graph_dir / REPORT).exists():
        build.changed, build.store = False, current_generation(graph_dir) / STORE_LINK
        build.quad_count = previous["quads"]
        build.report = _previous_report(previous)
        return build
    for source, summary in zip(given, summaries):  # what the answers are computed from
        summary.update(cache.facts(source.key))
    keys_given = [s.key for s in given]
    with clock("shared"):
        say(f"shared graphs of {len(given)} source(s)")
        generation = current_generation(graph_dir) if previous is not None else None
        published = (generation / DUMP_LINK / SHARED_DUMP).read_bytes() if generation else b""
        known = published_tails(graph_dir) if generation else None
        made = shared_graphs.union(keys_given, cache, base, previous, summaries, published,
                                   tails_from_json(known) if known is not None else None)
        del published
        shared_lines, difference = made.lines, made.difference
        shared = b"\n".join(shared_lines) + b"\n" if shared_lines else b""
        foreign = b"".join(cache.read(s.key, "foreign.nq") for s in given)
        iris = Minter(base)  # a source's own node (own_node) is judged in its shard
        changed = _changed_shared_nodes(previous, given, cache, shared_lines, difference, base)
        shared_results = _judge_shared(changed, previous, shared_lines, shared, foreign, summaries,
                                       made.statements, judged=lambda iri: own_node(iris, iri))
        tails = tails_json(made.tails)
        del shared_lines, foreign, made
        for summary in summaries:  # the facts are read for the shared graphs alone: the store needs none
            for name in FACTS:
                summary.pop(name, None)
    build.quad_count = sum(s["quads"] for s in summaries) + shared.count(b"\n")
    results = sorted_results([result_from(r) for summary in summaries for r in summary["results"]] + shared_results)
    build.report = Report(conforms=not any(r.severity == "Violation" for r in results), results=results,
                          triples=build.quad_count, counted="quads")
    if build.report.violations:
        raise ValidationFailed(build.report)
    manifest = {
        "base": Minter(base).base, "code": code_version(), "keys": keys, "quads": build.quad_count,
        "shared_results": [r.__dict__ for r in shared_results],
        "sources": [{"name": s.name, "path": str(s.path), "size": s.size, "mtime_ns": s.mtime_ns,
                     "digest": s.digest, "key": s.key, "file": s.file, "graphs": summary["graphs"]}
                    for s, summary in zip(given, summaries)],
    }
    manifest["warnings"] = [r.__dict__ for r in build.report.warnings]
    with clock("store"):
        say(f"store under {graph_dir}")
        staged = stage_generation(graph_dir, previous, manifest, cache, shared, difference, tails)
    with clock("publish"):
        build.store = staged.publish()
        cache.prune(set(keys) | set(previous.get("keys", []) if previous else []))
        _write_report(build, given, graph_dir)
    return build


class _Clock:
    def __init__(self, timings: dict):
        self.timings = timings

    def __call__(self, stage: str):
        clock = self

        class _Stage:
            def __enter__(self):
                self.start = time.perf_counter()

            def __exit__(self, *exc):
                clock.timings[stage] = clock.timings.get(stage, 0.0) + time.perf_counter() - self.start

        return _Stage()


def _unique(sources) -> list[tuple[str, Path]]:
    """Each file once (`build sources/*.txt sources/a.txt` names one source twice), as given."""
    seen, unique = set(), []
    for source in sources:
        path = Path(source).resolve()
        if path not in seen:
            seen.add(path)
            unique.append((str(source), path))
    return unique


def _identify(sources, previous: dict | None, base: str | None) -> tuple[list[Source], dict[int, GongbaoError]]:
    """Each source's key. A file whose size and modification time the last build saw keeps the
    digest it had then (as git's index does); others are read and hashed."""
    known = {entry["path"]: entry for entry in (previous or {}).get("sources", [])}
    given, errors = [], {}
    for index, (name, path) in enumerate(sources):
        source = Source(name, path)
        given.append(source)
        if not path.exists():
            errors[index] = SourceError(name, None, "an existing text file", "no such file")
            continue
        if path.is_dir():
            errors[index] = SourceError(name, None, "a text file", "a directory")
            continue
        stat = path.stat()
        source.size, source.mtime_ns = stat.st_size, stat.st_mtime_ns
        entry = known.get(str(path))
        if entry and entry["size"] == source.size and entry["mtime_ns"] == source.mtime_ns:
            source.digest = entry["digest"]
        else:
            source.digest = hashlib.sha256(path.read_bytes()).hexdigest()
        source.key = shard_key(source.digest, path.name, base)
    return given, errors


def _read(given: list[Source], missing: list[int], errors: dict, cache: ShardCache, base, executor, say) -> None:
    """Read the sources that have no shard yet over the executor, each shard put in the cache as it
    arrives; raises the error of the first source (in the order given) that cannot be read."""
    if missing:
        code = code_version()
        pool = executor if hasattr(executor, "map") else executor_for(executor)
        first = min(errors) if errors else None
        jobs = (Job(given[i].name, given[i].path.read_bytes(), base, given[i].key, code=code)
                for i in missing if first is None or i < first)
        try:
            run = pool.map(compile_job, jobs)
            for position, outcome in run:
                index = missing[position]
                if isinstance(outcome, BaseException):
                    errors[index] = outcome
                    run.stop_after(position)
                    continue
                say(f"read {given[index].name}")
                cache.put(outcome)
        finally:
            if pool is not executor:
                pool.close()
    if errors:
        raise errors[min(errors)]


def _check_distinct(given: list[Source], summaries: list[dict]) -> None:
    """Refuse two sources that would mint the same IRIs: a source's from its file name,
    a document's from its number. Merged, they would be a graph that neither file says."""
    names: dict[str, str] = {}
    numbers: dict[str, str] = {}
    graphs: dict[str, str] = {}
    for source, summary in zip(given, summaries):
        if source.file in names:
            raise SourceError(source.name, None, f"a file name that no other source has ({names[source.file]} has "
                              "it too; the source's IRI is made from it)", source.file)
        names[source.file] = source.name
        for doc in summary["documents"]:
            if doc["number"] in numbers:
                raise SourceError(source.name, doc["line"], f"each document in one source only ({doc['number']} "
                                  f"is also in {numbers[doc['number']]})", doc["number"])
            numbers[doc["number"]] = f"{source.name}:{doc['line']}"
        for graph in summary["graphs"]:
            if graph in graphs:
                raise SourceError(source.name, None, f"graphs of its own (<{graph}> is also written by "
                                  f"{graphs[graph]})", graph)
            graphs[graph] = source.name


def _changed_shared_nodes(previous: dict | None, given: list[Source], cache: ShardCache, shared: list[bytes],
                          difference: SharedDifference | None, base) -> set[str] | None:
    """The nodes of the shared graphs that anything said of them changed since the published build
    (shared.changed_nodes); None when every node is to be validated (no usable published build)."""
    if previous is None or previous.get("base") != Minter(base).base or previous.get("code") != code_version():
        return None
    keys, before = {s.key for s in given}, set(previous["keys"])
    moved = (keys - before) | (before - keys)
    if difference is None or any(not cache.has(key) for key in moved):
        return None
    foreign = [line for key in moved for line in cache.read(key, "foreign.nq").splitlines()]
    return shared_graphs.changed_nodes(difference, foreign, shared, backward_predicates())


def _judge_shared(changed: set[str] | None, previous: dict | None, shared_lines: list[bytes], shared: bytes,
                  foreign: bytes, summaries: list[dict], statements: list[dict], judged) -> list:
    """The shapes' results on the shared graphs' nodes: on every node when `changed` is None, a
    bounded number at a time, else on the changed ones, the others keeping the published build's
    results. Each call parses only the neighbourhood of the nodes it judges (shared.Neighbourhoods)."""
    # The types for every node at once when the nodes take more than one call: each call would
    # otherwise pass over every source's facts again.
    many = changed is None or len(changed) > SHARED_NODES_PER_CALL
    every = shared_graphs.answered_types(summaries, statements) if many else None

    def types_of(nodes: set[bytes]) -> list[bytes]:
        found = every if every is not None else shared_graphs.answered_types(summaries, statements, nodes)
        return [line for node in sorted(nodes) for line in found.get(node, ())]

    if changed is None:
        nodes = [node for node in shared_graphs.subjects(shared_lines) if not judged(node)]
        results = []
    else:
        nodes = sorted(changed)
        names = {focus_name(node) for node in changed}
        results = [result_from(r) for r in previous["shared_results"] if r["focus"] not in names]
    if not nodes:
        return results
    hood = shared_graphs.Neighbourhoods(shared_lines, shared, foreign, types_of, backward_predicates())
    for start in range(0, len(nodes), SHARED_NODES_PER_CALL):
        chunk = set(nodes[start:start + SHARED_NODES_PER_CALL])
        said, context = hood.of(chunk)
        results += validate_shared(parse_nquads(said), parse_nquads(context), only=chunk, elsewhere=judged)
    return results


def _notice(fields: dict) -> Notice:
    span = Span(fields["start"], fields["end"]) if fields.get("start") is not None else None
    return Notice(fields["line"], fields["message"], span)


def _previous_report(previous: dict) -> Report:
    """What the published build's validation said (a build with nothing to do validates nothing)."""
    return Report(conforms=True, results=[result_from(r) for r in previous.get("warnings", [])],
                  triples=previous["quads"], counted="quads")


# ---------------------------------------------------------------- in memory, for small inputs

@dataclass
class Compiled:
    """Sources read and mapped in memory (tests and tools; a build never holds them all)."""

    quads: list[Quad]
    sources: list[dict]

    @property
    def nquads(self) -> bytes:
        return _sorted_lines(serialize(self.quads, format=RdfFormat.N_QUADS) or b"")


def compile_sources(sources: list[Path], base: str | None = None, executor=None) -> Compiled:
    """The quads of the sources (their own graphs, the shared graphs, the ontology), unvalidated."""
    given, errors = _identify(_unique(sources), None, base)
    if errors:
        raise errors[min(errors)]
    pool = executor or executor_for("local" if len(given) > 1 else "serial")
    shards: list[Shard | None] = [None] * len(given)
    try:
        for index, outcome in pool.map(compile_job, (Job(s.name, s.path.read_bytes(), base, s.key, validate=False)
                                                     for s in given)):
            if isinstance(outcome, BaseException):
                raise outcome
            shards[index] = outcome
    finally:
        pool.close()
    summaries = [shard.summary for shard in shards]
    _check_distinct(given, summaries)
    lines = shared_graphs.computed_lines(summaries, shared_graphs.statements(summaries), base)
    for shard in shards:
        lines.update(shard.own.splitlines())
        lines.update(shard.shared.splitlines())
    lines.discard(b"")
    return Compiled(parse_nquads(b"\n".join(sorted(lines))), summaries)


def _sorted_lines(data: bytes) -> bytes:
    lines = sorted(set(data.splitlines()))
    return b"\n".join(lines) + (b"\n" if lines else b"")


def as_rdflib(quads: list[Quad]):
    """The union of all named graphs as one rdflib graph, for pySHACL."""
    import rdflib

    triples = serialize((Quad(q.subject, q.predicate, q.object, DefaultGraph()) for q in quads),
                        format=RdfFormat.N_QUADS)
    graph = rdflib.Graph()
    graph.parse(data=triples.decode("utf-8"), format="nt")
    return graph


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


def _write_report(build: Build, given: list[Source], graph_dir: Path) -> None:
    report = {
        "sources": [summary["source"] for summary in build.sources],
        "targets": [summary["targets"] for summary in build.sources],
        "documents": [doc["number"] for summary in build.sources for doc in summary["documents"]],
        "outline": [{"source": summary["source"], **doc} for summary in build.sources for doc in summary["outline"]],
        "quads": build.quad_count,
        "read": build.read,
        "reused": build.reused,
        "warnings": [r.line() for r in build.report.warnings] if build.report else [],
        "notices": [{"source": source, "line": n.line, "message": n.message,
                     "start": n.span.start if n.span else None, "end": n.span.end if n.span else None}
                    for source, n in build.notices],
    }
    path = graph_dir / REPORT
    partial = path.with_suffix(".json.partial")
    # no indent: json's compiled encoder writes only that, and at a thousand sources the report is large
    partial.write_text(json.dumps(report, ensure_ascii=False) + "\n", encoding="utf-8")
    partial.replace(path)
