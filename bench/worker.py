"""One build, stage by stage, in a fresh process: `python -m bench.worker GRAPH_DIR SOURCE…`.

The stages make the calls `gongbao.build.run_build` makes, one at a time so each can be
timed: parse (read and split the text into records), map (records → quads, deduplicated,
plus the reference and ontology graphs), load (pyoxigraph Store bulk_extend + flush +
optimize, as `gongbao.store.write_store`), dump (sorted N-Quads), validate
(`gongbao.validate.validate_quads`, which may spread the work over processes). Prints a JSON
line as each stage ends (wall seconds, CPU seconds of this process and its children, peak RSS
so far), then one JSON object with everything.
"""

from __future__ import annotations

import json
import resource
import sys
import time

_T0 = time.perf_counter()

from pathlib import Path  # noqa: E402

from pyoxigraph import Store  # noqa: E402

from gongbao.build import ontology_quads  # noqa: E402
from gongbao.mapping import Minter, map_issue, map_reference  # noqa: E402
from gongbao.parse import parse_source  # noqa: E402
from gongbao.parse.source import read_source  # noqa: E402
from gongbao.store import nquads  # noqa: E402
from gongbao.validate import validate_quads  # noqa: E402


def _rss_kib() -> int:
    # Validation may run in worker processes: the peak is the larger of this process and them.
    return max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
               resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)


def _cpu_seconds() -> float:
    return sum(u.ru_utime + u.ru_stime for u in (resource.getrusage(resource.RUSAGE_SELF),
                                                   resource.getrusage(resource.RUSAGE_CHILDREN)))


def build_by_stage(graph_dir: Path, sources: list[Path]) -> dict:
    """Run the stages, printing one JSON line as each ends, so a build cut off still tells what it did.

    The store and the dump are written before validation (the build does the opposite, to write
    nothing invalid): each stage takes the same time either way, and a build cut off while it
    validates still leaves a graph to query.
    """
    result = {"stages": {}, "cpu": {}, "rss_kib": {}, "issues": len(sources)}

    def record(name, seconds, cpu):
        result["stages"][name] = seconds
        result["cpu"][name] = cpu
        result["rss_kib"][name] = _rss_kib()
        print(json.dumps({"stage": name, "seconds": seconds, "cpu": cpu, "rss_kib": result["rss_kib"][name]}),
              flush=True)

    def stage(name, function):
        start, cpu = time.perf_counter(), _cpu_seconds()
        value = function()
        record(name, time.perf_counter() - start, _cpu_seconds() - cpu)
        return value

    record("imports", time.perf_counter() - _T0, _cpu_seconds())
    texts_and_issues = stage("parse", lambda: [(s, parse_source(s)) for s in map(read_source, sources)])
    quads = stage("map", lambda: _map(texts_and_issues))
    result["quads"] = len(quads)
    print(json.dumps({"quads": len(quads)}), flush=True)
    stage("load", lambda: _load(graph_dir / "store", quads))
    stage("dump", lambda: (graph_dir / "gongbao.nq").write_bytes(nquads(quads)))
    report = stage("validate", lambda: validate_quads(quads))
    # A build with violations writes nothing; the benchmark goes on, so that a pipeline change in
    # progress still gets measured, and says so in the report.
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
