"""One source's share of a build: read, parse, map and validate one file, wherever it runs.

The work is a function of the file's bytes, the base IRI and the reading code alone, so its
result is kept (cache.py) under a key made of the three, and a later build reads again only the
sources whose key is new. It runs in a worker process, local or on a cluster (executors.py);
what it returns is plain data: N-Quads bytes and a summary that JSON can hold.

A source's quads fall in two parts. Its own graphs (its documents', its issue's or the file's)
no other source writes; the shared graphs (people, areas of work, indicators, cited works,
gazettes, reference tables) every source adds to, and the build takes their union.
"""

from __future__ import annotations

import hashlib
import time
import importlib.metadata
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

from pyoxigraph import Quad, RdfFormat, parse, serialize

from . import paths
from .errors import GongbaoError
from .mapping import Minter, jurisdictions_of, map_issue, map_reference
from .parse import parse_source
from .parse.source import SourceText
from .records import Issue

# What a shard's quads depend on besides the source: the code that reads, maps and validates,
# the data it reads with (wherever paths.py points), and the libraries that extract text and check shapes.
_CODE = [("gongbao", "*.py"), ("gongbao/parse", "*.py"), ("gongbao/mapping", "*.py"), ("gongbao/extract", "*.py")]
_LIBRARIES = ["pyoxigraph", "rdflib", "pyshacl", "pypdfium2", "trafilatura", "lxml", "python-docx", "pypinyin"]


def code_version() -> str:
    """A digest of everything besides the source that a shard is made from."""
    return _code_version(paths.MAPPINGS, paths.SHAPES, paths.ONTOLOGY, paths.QUERIES)


@lru_cache(maxsize=8)
def _code_version(mappings: Path, shapes: Path, ontology: Path, queries: Path) -> str:
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent.parent
    files = [path for folder, pattern in _CODE for path in sorted((package / folder).glob(pattern))]
    files += sorted(mappings.glob("**/*.csv")) + sorted(shapes.glob("*.ttl")) + [ontology / "gongbao.ttl"]
    files += sorted((queries / "qc").glob("*.rq"))
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    for library in _LIBRARIES:
        digest.update(f"{library}=={importlib.metadata.version(library)}\0".encode())
    return digest.hexdigest()


def shard_key(content_digest: str, file_name: str, base: str | None) -> str:
    """The cache key of a source: its content, its file name (the source's IRI is made from it),
    the base its IRIs are minted under, and the code."""
    text = f"{content_digest}\0{file_name}\0{Minter(base).base}\0{code_version()}"
    return hashlib.sha256(text.encode()).hexdigest()[:32]


@dataclass
class Job:
    name: str  # the path as given on the command line: messages name it
    data: bytes
    base: str | None
    key: str
    validate: bool = True
    code: str | None = None  # the code_version() the build expects; a worker running other code refuses


@dataclass
class Shard:
    key: str
    name: str
    own: bytes  # sorted N-Quads of the source's own graphs
    shared: bytes  # sorted N-Quads of what it adds to the shared graphs, its governments' reference tables included
    foreign: bytes  # quads of its own graphs about nodes not its own (people…), and their objects' types
    text: str | None  # the text extracted from a PDF, web page or Word file; None for plain text
    summary: dict = field(default_factory=dict)


def own_graph(iris: Minter, graph: str) -> bool:
    return graph.startswith(tuple(iris.base + f"graph/{kind}/" for kind in ("doc", "issue", "source")))


def own_node(iris: Minter, subject: str) -> bool:
    return subject.startswith(tuple(iris.base + f"{kind}/" for kind in ("doc", "issue", "source")))


def compile_job(job: Job) -> Shard | GongbaoError:
    """The shard of one source, or the error that says why the source cannot be read."""
    from .extract import extract

    if job.code is not None and job.code != code_version():
        return GongbaoError(f"{job.name}: this worker runs other gongbao code than the build "
                            f"({code_version()[:12]}, the build {job.code[:12]}); install the same version on every worker")
    started = time.process_time()
    try:
        source = extract(job.name, job.data)
        issue = parse_source(source)
        iris = Minter(job.base)
        mapped = map_issue(issue, source.text, iris, source.page_of if source.pages else None)
        reference = map_reference(iris, jurisdictions_of([issue]))
    except GongbaoError as error:
        return error
    own, shared = [], []
    for quad in mapped.quads:
        (own if own_graph(iris, getattr(quad.graph_name, "value", "")) else shared).append(quad)
    shared += reference
    own_lines = sorted_nquads(own)
    summary = _summary(source, issue, own, mapped.notices)
    summary["quads"] = own_lines.count(b"\n")
    summary["calls"], summary["titles"], summary["mentions"] = mapped.calls, mapped.documents, mapped.mentions  # answers.py
    summary["statements"] = mapped.statements  # commitments.py
    read = time.process_time()
    if job.validate:
        from .validate import validate_shard

        summary["results"] = [asdict(r) for r in validate_shard(own, shared + ontology_quads(job.base))]
    # CPU seconds of the worker: what the benchmarks add up (a shard's bytes do not depend on them)
    summary["cpu"] = {"read": read - started, "validate": time.process_time() - read}
    return Shard(job.key, job.name, own_lines, sorted_nquads(shared), sorted_nquads(_foreign(iris, own)),
                 source.text if source.extracted else None, summary)


def _foreign(iris: Minter, own: list[Quad]) -> list[Quad]:
    about = [q for q in own if not own_node(iris, q.subject.value)]
    ends = {q.object.value for q in about}
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    return about + [q for q in own if q.predicate.value == rdf_type and q.subject.value in ends]


def _summary(source: SourceText, issue: Issue, own: list[Quad], notices) -> dict:
    from .build import target_coverage

    return {
        "source": issue.source_name,
        "documents": [{"number": doc.number, "line": source.line_of(doc.number_span.start)}
                      for doc in issue.documents],
        "graphs": sorted({q.graph_name.value for q in own}),
        "targets": target_coverage(issue),
        "outline": [{"number": doc.number, "kind": doc.kind, "text_chars": doc.text_chars,
                     "outlined_chars": doc.outlined_chars,
                     "untaken": [{"line": line, "start": span.start, "end": span.end}
                                 for line, span in doc.untaken]} for doc in issue.documents],
        "notices": [{"line": n.line, "message": n.message,
                     "start": n.span.start if n.span else None, "end": n.span.end if n.span else None}
                    for n in issue.notices + notices],
        "results": [],
    }


def sorted_nquads(quads) -> bytes:
    """Sorted N-Quads, each line once: the same quads always give the same bytes."""
    data = serialize(quads, format=RdfFormat.N_QUADS) or b""
    lines = sorted(set(data.splitlines()))
    return b"\n".join(lines) + (b"\n" if lines else b"")


@lru_cache(maxsize=4)
def _ontology(base: str | None) -> tuple[Quad, ...]:
    from .build import ontology_quads as read

    return tuple(read(Minter(base)))


def ontology_quads(base: str | None) -> list[Quad]:
    return list(_ontology(base))


def parse_nquads(data: bytes) -> list[Quad]:
    return list(parse(data, format=RdfFormat.N_QUADS)) if data else []
