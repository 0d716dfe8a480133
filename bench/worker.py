"""One build in a fresh process, timed by its own stages: `python -m bench.worker GRAPH_DIR SOURCE…`.

The stages are those `gongbao.build.run_build` times itself (`Build.timings`): identify (each
source's key: stat, and a hash of the files it has not seen), read (read, parse, map and validate
each source without a shard, over the cores, each shard written as it arrives), shared (the
shared graphs' union and the validation of their nodes), store (the new store, the dump's and
texts' links) and publish. The workers' CPU seconds are split into reading and validating
(`Build.worker_cpu`). Prints a JSON line per stage, then one JSON object with everything.
"""

from __future__ import annotations

import json
import resource
import sys
import time

_T0 = time.perf_counter()

from pathlib import Path  # noqa: E402

from gongbao.build import run_build  # noqa: E402
from gongbao.errors import ValidationFailed  # noqa: E402

STAGES = ["identify", "read", "shared", "store", "publish"]


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

    record("imports", time.perf_counter() - _T0, _cpu_seconds())
    start, cpu = time.perf_counter(), _cpu_seconds()
    try:
        build = run_build(sources, graph_dir)
        report = build.report
    except ValidationFailed as failure:
        # A build with violations writes nothing; the benchmark goes on, so that a pipeline
        # change in progress still gets measured, and says so in the report.
        build, report = None, failure.report
    timings = build.timings if build else {}
    for name in STAGES:
        if name in timings:
            result["stages"][name] = timings[name]
            print(json.dumps({"stage": name, "seconds": timings[name]}), flush=True)
    result["build_seconds"] = time.perf_counter() - start
    result["cpu"]["build"] = _cpu_seconds() - cpu
    result["rss_kib"]["build"] = _rss_kib()
    result["main_rss_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result["worker_cpu"] = build.worker_cpu if build else {}
    result["quads"] = report.triples
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
