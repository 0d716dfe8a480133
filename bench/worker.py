"""One build, stage by stage, in a fresh process: `python -m bench.worker GRAPH_DIR SOURCE…`.

The stages are those of `gongbao.build.run_build`, called one at a time so each can be
timed: parse (read and split the text into records), map (records → quads, deduplicated,
plus the reference and ontology graphs), validate (quads → rdflib graph, then pySHACL),
load (pyoxigraph Store bulk_extend + flush + optimize, as `gongbao.store.write_store`)
and dump (sorted N-Quads). Prints one JSON object: seconds and peak RSS after each stage.
"""

from __future__ import annotations

import json
import resource
import sys
import time

_T0 = time.perf_counter()

from pathlib import Path  # noqa: E402

import rdflib  # noqa: E402
from pyoxigraph import Store  # noqa: E402

from gongbao import paths  # noqa: E402
from gongbao.build import as_rdflib, ontology_quads  # noqa: E402
from gongbao.mapping import Minter, map_issue, map_reference  # noqa: E402
from gongbao.parse import parse_source  # noqa: E402
from gongbao.parse.source import read_source  # noqa: E402
from gongbao.store import nquads  # noqa: E402
from gongbao.validate import validate_graph  # noqa: E402


def _rss_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def build_by_stage(graph_dir: Path, sources: list[Path]) -> dict:
    result = {"stages": {}, "rss_kib": {}}
    result["stages"]["imports"] = time.perf_counter() - _T0
    result["rss_kib"]["imports"] = _rss_kib()

    def stage(name, function):
        start = time.perf_counter()
        value = function()
        result["stages"][name] = time.perf_counter() - start
        result["rss_kib"][name] = _rss_kib()
        return value

    texts_and_issues = stage("parse", lambda: [(s, parse_source(s)) for s in map(read_source, sources)])
    quads = stage("map", lambda: _map(texts_and_issues))
    data = stage("to_rdflib", lambda: as_rdflib(quads))
    report = stage("shacl", lambda: validate_graph(
        data, ontology=rdflib.Graph().parse(paths.ONTOLOGY / "gongbao.ttl", format="turtle")))
    # A build with violations stops here and writes nothing; the benchmark goes on, so that a
    # pipeline change in progress still gets measured, and says so in the report.
    del data
    stage("load", lambda: _load(graph_dir / "store", quads))
    stage("dump", lambda: (graph_dir / "gongbao.nq").write_bytes(nquads(quads)))
    result["stages"]["validate"] = result["stages"]["to_rdflib"] + result["stages"]["shacl"]
    result["quads"] = len(quads)
    result["issues"] = len(sources)
    result["warnings"] = len(report.warnings)
    result["violations"] = len(report.violations)
    result["violation_lines"] = [r.line() for r in report.violations[:5]]
    result["validated_triples"] = report.triples
    return result


def _map(texts_and_issues) -> list:
    # As gongbao.build.compile_sources: one Minter, quads deduplicated in first-seen order.
    iris = Minter()
    quads, seen = [], set()
    batches = [map_issue(issue, source.text, iris).quads for source, issue in texts_and_issues]
    for batch in batches + [map_reference(iris), ontology_quads(iris)]:
        for quad in batch:
            if quad not in seen:
                seen.add(quad)
                quads.append(quad)
    return quads


def _load(location: Path, quads: list) -> None:
    store = Store(str(location))
    store.bulk_extend(quads)
    store.flush()
    store.optimize()
    del store


def main(argv: list[str]) -> None:
    graph_dir, *sources = argv
    graph_dir = Path(graph_dir)
    graph_dir.mkdir(parents=True, exist_ok=True)
    print(json.dumps(build_by_stage(graph_dir, [Path(s) for s in sources])))


if __name__ == "__main__":
    main(sys.argv[1:])
