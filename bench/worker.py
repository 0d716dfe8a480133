"""One build, stage by stage, in a fresh process: `python -m bench.worker GRAPH_DIR SOURCE…`.

The stages are the build's own functions, called one after another so each can be timed:
compile (`gongbao.build.compile_sources`: read, parse and map each source, one process per
source over the cores, quads deduplicated), store (`gongbao.store.stage_store` + publish: the
on-disk store, optimized, and the sorted N-Quads dump), validate
(`gongbao.validate.validate_quads`: pySHACL over the cores, then the qc checks). `cli.py build`
runs validation and the store at the same time; here they run apart. The store is written
before validation so that a build cut off while it validates still leaves a graph to query.
Prints a JSON line as each stage ends (wall seconds, CPU seconds of this process and its
children, peak RSS so far), then one JSON object with everything.
"""

from __future__ import annotations

import json
import resource
import sys
import time

_T0 = time.perf_counter()

from pathlib import Path  # noqa: E402

from gongbao.build import compile_sources  # noqa: E402
from gongbao.store import stage_store  # noqa: E402
from gongbao.validate import validate_quads  # noqa: E402


def _rss_kib() -> int:
    # Validation may run in worker processes: the peak is the larger of this process and them.
    return max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
               resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)


def _cpu_seconds() -> float:
    return sum(u.ru_utime + u.ru_stime for u in (resource.getrusage(resource.RUSAGE_SELF),
                                                   resource.getrusage(resource.RUSAGE_CHILDREN)))


def build_by_stage(graph_dir: Path, sources: list[Path]) -> dict:
    """Run the stages, printing one JSON line as each ends, so a build cut off still tells what it did."""
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
    build = stage("compile", lambda: compile_sources(sources))
    result["quads"] = len(build.quads)
    print(json.dumps({"quads": len(build.quads)}), flush=True)
    stage("store", lambda: stage_store(build.quads, graph_dir, build.nquads).publish())
    report = stage("validate", lambda: validate_quads(build.quads))
    # A build with violations writes nothing; the benchmark goes on, so that a pipeline change in
    # progress still gets measured, and says so in the report.
    result["warnings"] = len(report.warnings)
    result["violations"] = len(report.violations)
    result["violation_lines"] = [r.line() for r in report.violations[:5]]
    result["validated_quads"] = report.triples
    return result


def main(argv: list[str]) -> None:
    graph_dir, *sources = argv
    graph_dir = Path(graph_dir)
    graph_dir.mkdir(parents=True, exist_ok=True)
    print(json.dumps(build_by_stage(graph_dir, [Path(s) for s in sources])))


if __name__ == "__main__":
    main(sys.argv[1:])
