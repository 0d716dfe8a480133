"""A thousand issues on one machine: builds from nothing, one issue added, nothing to do, a Dask
cluster, and the questions about one thing at that size.

`python -m bench.scale [--sizes 10,100,1000] [--dask-size 100] [--repeat 20] [--output docs/benchmarks.md]`

- From nothing: `bench/worker.py` (run_build in a fresh process) on the first N issues of the
  synthetic corpus (bench/corpus.py), into an empty graph directory: wall time of the process,
  the stages `run_build` times, and the main process's own peak RSS (getrusage RUSAGE_SELF; the
  workers that read sources are other processes, and their peak is reported apart).
- At the largest N: `cli.py build` of the same sources again (nothing to do), then of N + 1
  sources (one issue added), each timed as a whole command.
- Dask: the first --dask-size issues built with `--executor dask://…` on a local cluster
  (distributed.LocalCluster, two worker processes) into another directory, and its dump
  compared byte for byte with the local pool's.
- Commitments at every N, over HTTP on the same server: the target statements and commitments
  in the graph, and cq09 (one row per change of a commitment) and cq16 (every history, and what
  is in force at a date) with their rows, so that rows can be set against statements.
- Queries about one thing over HTTP at the largest N, on the `oxigraph serve-read-only` server
  that `gongbao serve` runs: one document's outline, one agency's tasks (cq14 with its
  parameter), one leader's chain in one document; and a listing query's first bytes against its
  whole answer (the server streams rows as it finds them).
- Floors, beside cq09, cq16 and cq14: the same rows with one IRI each from a single triple
  pattern, nothing joined or sorted, over the same endpoint: what any query of those rows costs
  at least on this store.
"""

from __future__ import annotations

import argparse
import http.client
import json
import shutil
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

from . import corpus
from .measure import PYTHON, ROOT, bench_env, checked, run_process
from .sources import measure_into_report

TITLE = "## 8. A thousand issues"
GOALS = {"from_nothing_s": 12 * 60, "main_rss_mib": 2048, "add_one_s": 5.0, "unchanged_s": 2.0, "scoped_ms": 20.0}
SCOPED = [  # (what, query file, parameters)
    ("one document's outline (渝府发〔2023〕8号)", "queries/scoped/outline.rq", {}),
    ("one agency's tasks (cq14, 市科技局)", "queries/cq14.rq", {"agency": "市科技局"}),
    ("one agency's tasks (cq14, 市统计局)", "queries/cq14.rq", {"agency": "市统计局"}),
    ("one leader's chain in one document (张安疆, 渝府办发〔2023〕26号)", "queries/scoped/leader-chain.rq",
     {"leader": "张安疆", "number": "渝府办发〔2023〕26号"}),
]
COMMITMENT_QUERIES = [  # (what, query file, parameters)
    ("cq09: the changes of every commitment", "queries/cq09.rq", {}),
    ("cq16: every commitment's history", "queries/cq16.rq", {}),
    ("cq16: what is in force on 2030-01-01", "queries/cq16.rq", {"inForceOn": "2030-01-01"}),
]
COUNT_STATEMENTS = """PREFIX gb: <https://w3id.org/gongbao/ontology#>
SELECT (COUNT(?s) AS ?rows) WHERE { ?s gb:statementOf ?c }"""
COUNT_COMMITMENTS = """PREFIX gb: <https://w3id.org/gongbao/ontology#>
SELECT (COUNT(?c) AS ?rows) WHERE { ?c a gb:Commitment }"""
LISTING = ("every task of every document (queries/exports/tasks.rq)", "queries/exports/tasks.rq")
# The least an answer with a row per statement, per change or per task can cost on this store:
# the same rows, one IRI each from a single pattern, nothing joined or sorted. What is left of a
# query's time above it is the query's own; what the floor takes, no query of those rows saves.
FLOORS = [
    ("every statement, its IRI alone (the rows of cq16 without a date)", """PREFIX gb: <https://w3id.org/gongbao/ontology#>
SELECT ?statement WHERE { ?statement gb:statementOf ?commitment }"""),
    ("every change, its IRI alone (the rows of cq09)", """PREFIX gb: <https://w3id.org/gongbao/ontology#>
SELECT ?statement WHERE { ?statement gb:change ?change FILTER (?change IN ("raised", "lowered", "changed")) }"""),
]
AGENCY_FLOOR = """PREFIX gb: <https://w3id.org/gongbao/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?assignment WHERE { ?agency skos:prefLabel "%s"@zh . ?assignment gb:agency ?agency }"""
# cq14's floor for each agency SCOPED asks it of
SCOPED_FLOORS = [(f"every unit of {params['agency']} in a unit list, its IRI alone (the rows of cq14, "
                  f"{params['agency']})", AGENCY_FLOOR % params["agency"])
                 for _, path, params in SCOPED if path == "queries/cq14.rq"]


def _build(workdir: Path, name: str, sources: list[Path], log, extra: list[str] | None = None) -> dict:
    graph_dir = workdir / name
    log(f"{name}: building {len(sources)} issue(s) from nothing")
    run = checked(run_process([PYTHON, "-m", "bench.worker", str(graph_dir), *map(str, sources)], env=bench_env()),
                  f"the build of {len(sources)} issues")
    sample = json.loads(run.stdout.strip().splitlines()[-1])
    return {"n": len(sources), "wall": run.seconds, "graph_dir": str(graph_dir), "stages": sample["stages"],
            "main_rss_kib": sample["main_rss_kib"], "all_rss_kib": run.max_rss_kib, "quads": sample["quads"],
            "worker_cpu": sample["worker_cpu"], "violations": sample["violations"]}


def _cli_build(graph_dir: Path, sources: list[Path], extra: list[str] | None = None) -> dict:
    run = checked(run_process([PYTHON, "cli.py", "build", *map(str, sources), "--graph-dir", str(graph_dir), "-q",
                               *(extra or [])], env=bench_env()), "cli.py build")
    return {"wall": run.seconds, "rss_kib": run.max_rss_kib, "output": run.stdout.strip().splitlines()[0]}


def _post(port: int, query: str, first_bytes: bool = False) -> tuple[float, float, int]:
    """(seconds to the first byte of the body, seconds to the whole answer, rows)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    body = urllib.parse.urlencode({"query": query})
    start = time.perf_counter()
    connection.request("POST", "/query", body, {"Content-Type": "application/x-www-form-urlencoded",
                                                 "Accept": "application/sparql-results+json"})
    answer = connection.getresponse()
    first = answer.read(1)
    first_at = time.perf_counter() - start
    rest = first + answer.read()
    whole = time.perf_counter() - start
    connection.close()
    if answer.status != 200:
        raise RuntimeError(f"HTTP {answer.status}: {rest[:300]!r}")
    return first_at, whole, len(json.loads(rest)["results"]["bindings"])


def _serving(graph_dir: Path):
    from gongbao.serve import server_command

    port = _free_port()
    command = server_command(graph_dir, "127.0.0.1", port, 600)
    server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _wait(port, server)
    return port, command, server


def _count(port: int, query: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    connection.request("POST", "/query", urllib.parse.urlencode({"query": query}),
                       {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"})
    answer = json.loads(connection.getresponse().read())
    connection.close()
    return int(answer["results"]["bindings"][0]["rows"]["value"])


def _commitments(n: int, graph_dir: Path, repeat: int, log) -> dict:
    from gongbao.query import bind_parameters

    port, _, server = _serving(graph_dir)
    try:
        result = {"n": n, "statements": _count(port, COUNT_STATEMENTS), "commitments": _count(port, COUNT_COMMITMENTS),
                  "queries": []}
        for what, path, params in COMMITMENT_QUERIES:
            text = bind_parameters((ROOT / path).read_text(encoding="utf-8"), params)
            first, times = _timed(port, text, repeat)
            result["queries"].append({"what": what, "rows": first[2], "first": first[1], "seconds": times})
            log(f"{n} issues, {what}: {first[2]} rows, median {statistics.median(times) * 1000:.1f} ms")
        result["floors"] = [_floor(port, what, text, repeat, log) for what, text in FLOORS]
    finally:
        server.terminate()
        server.wait(timeout=30)
    return result


def _timed(port: int, text: str, repeat: int) -> tuple[tuple[float, float, int], list[float]]:
    """The first run's (first byte, whole answer, rows), then the whole-answer seconds of `repeat` more."""
    return _post(port, text), [_post(port, text)[1] for _ in range(repeat)]


def _floor(port: int, what: str, text: str, repeat: int, log) -> dict:
    first, times = _timed(port, text, repeat)
    log(f"floor, {what}: {first[2]} rows, median {statistics.median(times) * 1000:.1f} ms")
    return {"what": what, "floor": True, "rows": first[2], "first": first[1], "seconds": times}


def _queries(graph_dir: Path, repeat: int, log) -> list[dict]:
    from gongbao.query import bind_parameters

    port, command, server = _serving(graph_dir)
    rows = []
    try:
        for what, path, params in SCOPED:
            text = bind_parameters((ROOT / path).read_text(encoding="utf-8"), params)
            try:
                first, times = _timed(port, text, repeat)
            except (OSError, RuntimeError) as error:  # reported in the table, and the others still run
                rows.append({"what": what, "error": f"{type(error).__name__}: {error}"[:200]})
                log(f"{what}: failed: {error}")
                if server.poll() is not None:
                    server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                    _wait(port, server)
                continue
            rows.append({"what": what, "first": first[1], "seconds": times, "rows": first[2]})
            log(f"{what}: {first[2]} rows, median {statistics.median(times) * 1000:.1f} ms")
        rows += [_floor(port, what, text, repeat, log) for what, text in SCOPED_FLOORS]
        what, path = LISTING
        text = (ROOT / path).read_text(encoding="utf-8")
        runs = [_post(port, text) for _ in range(3)]
        rows.append({"what": what, "listing": True, "first_byte": [r[0] for r in runs],
                     "seconds": [r[1] for r in runs], "rows": runs[0][2]})
    finally:
        server.terminate()
        server.wait(timeout=30)
    return rows


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(port: int, server: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            _post(port, "SELECT * WHERE {} LIMIT 1")
            return
        except (OSError, KeyError, ValueError):
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the endpoint did not start")
            time.sleep(0.2)


def _dask(workdir: Path, sources: list[Path], local_dir: Path, log) -> dict:
    from distributed import LocalCluster

    from gongbao.store import read_dump

    log(f"dask: {len(sources)} issue(s) on a local cluster of two worker processes")
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        address = cluster.scheduler_address.removeprefix("tcp://")
        run = _cli_build(workdir / "dask", sources, ["--executor", f"dask://{address}"])
    same = read_dump(workdir / "dask") == read_dump(local_dir)
    size = sum(len(p.read_bytes()) for p in [local_dir / "dump" / "shared.nq",
                                               *sorted((local_dir / "dump" / "sources").iterdir())])
    return {"n": len(sources), "wall": run["wall"], "same_dump": same, "dump_bytes": size}


def measure(workdir: Path, sizes: list[int], dask_size: int, repeat: int, log) -> dict:
    largest = max(sizes)
    started = time.perf_counter()
    sources = corpus.write_corpus(largest + 1, workdir / "corpus")
    result = {"corpus_s": time.perf_counter() - started, "builds": [], "commitments": []}
    for n in sorted(sizes):
        result["builds"].append(_build(workdir, f"graph-{n}", sources[:n], log))
        result["commitments"].append(_commitments(n, workdir / f"graph-{n}", min(repeat, 5), log))
        if n not in (largest, dask_size):
            shutil.rmtree(workdir / f"graph-{n}", ignore_errors=True)
    big = workdir / f"graph-{largest}"
    log(f"{largest} issues: nothing to do")
    result["unchanged"] = [_cli_build(big, sources[:largest]) for _ in range(3)]
    log(f"{largest} issues: one added")
    result["add_one"] = _cli_build(big, sources[:largest + 1])
    log(f"{largest + 1} issues: the added one removed again")
    result["remove_one"] = _cli_build(big, sources[:largest])
    result["queries"] = _queries(big, repeat, log)
    if dask_size:
        result["dask"] = _dask(workdir, sources[:dask_size], workdir / f"graph-{dask_size}", log)
    return result


def _s(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else (f"{seconds:.2f} s" if seconds < 60 else
                                                         f"{seconds / 60:.1f} min ({seconds:.0f} s)")


def _yes(ok: bool) -> str:
    return "yes" if ok else "**no**"


def render(result: dict) -> list[str]:
    builds = result["builds"]
    big = builds[-1]
    out = [TITLE, "",
           f"The synthetic corpus (bench/corpus.py; {big['n'] + 1} issues written and parsed in "
           f"{_s(result['corpus_s'])}). Every build below is measured in a fresh process on this 2-core machine; "
           "RSS is the main process's own peak (`getrusage(RUSAGE_SELF)`), the largest of all its processes beside it.",
           "", "### Builds from nothing", ""]
    stages = ["identify", "read", "shared", "store", "publish"]
    out += ["| N | quads | wall | per issue | " + " | ".join(stages) + " | workers' CPU: read / validate | main RSS MiB | "
            "largest process MiB |", "|" + "---|" * (9 + len(stages) - 2)]
    for b in builds:
        cpu = b["worker_cpu"]
        out.append(f"| {b['n']} | {b['quads']:,} | {_s(b['wall'])} | {_s(b['wall'] / b['n'])} | "
                   + " | ".join(_s(b["stages"].get(s, 0.0)) for s in stages)
                   + f" | {_s(cpu.get('read', 0))} / {_s(cpu.get('validate', 0))} | {b['main_rss_kib'] / 1024:,.0f} | "
                     f"{b['all_rss_kib'] / 1024:,.0f} |")
    out.append("")
    marginal = [(a["n"], b["n"], (b["wall"] - a["wall"]) / (b["n"] - a["n"])) for a, b in zip(builds, builds[1:])]
    out += ["Marginal cost per added issue: " + "; ".join(f"{_s(m)} from N = {a} to {b}" for a, b, m in marginal)
            + ".", ""]
    unchanged = statistics.median(r["wall"] for r in result["unchanged"])
    add = result["add_one"]["wall"]
    scoped = [q for q in result["queries"] if not q.get("listing") and not q.get("floor")]
    floors = [q for q in result["queries"] if q.get("floor")]
    out += ["### Goals", "", "| goal | measured | reached |", "|---|---|---|",
            f"| {big['n']} issues from nothing ≤ 12 min | {_s(big['wall'])} | {_yes(big['wall'] <= GOALS['from_nothing_s'])} |",
            f"| main process peak RSS at {big['n']} issues ≤ 2 GB | {big['main_rss_kib'] / 1024:,.0f} MiB | "
            f"{_yes(big['main_rss_kib'] / 1024 <= GOALS['main_rss_mib'])} |",
            f"| one issue added to {big['n']} (`cli.py build`, whole command) ≤ 5 s | {_s(add)} | {_yes(add <= GOALS['add_one_s'])} |",
            f"| nothing to do at {big['n']} (`cli.py build`, whole command, median of 3) ≤ 2 s | {_s(unchanged)} | "
            f"{_yes(unchanged <= GOALS['unchanged_s'])} |"]
    for q in scoped:
        if "error" in q:
            out.append(f"| {q['what']} at {big['n']} issues, HTTP median ≤ 20 ms | failed: {q['error']} | no |")
            continue
        median = statistics.median(q["seconds"]) * 1000
        out.append(f"| {q['what']} at {big['n']} issues, HTTP median ≤ 20 ms | {median:.1f} ms ({q['rows']} rows) | "
                   f"{_yes(median <= GOALS['scoped_ms'])} |")
    if "dask" in result:
        d = result["dask"]
        out.append(f"| {d['n']} issues through `--executor dask://…` (local cluster, 2 workers): the same dump "
                   f"byte for byte | {_yes(d['same_dump'])} ({d['dump_bytes']:,} bytes; {_s(d['wall'])}) | "
                   f"{_yes(d['same_dump'])} |")
    out += ["", f"Removing the added issue again: {_s(result['remove_one']['wall'])}. "
            f"`cli.py build` lines: nothing to do: `{result['unchanged'][-1]['output']}`; "
            f"one added: `{result['add_one']['output']}`.", ""]
    out += _render_commitments(result.get("commitments", []))
    listing = next(q for q in result["queries"] if q.get("listing"))
    out += ["### Queries about one thing, and a listing", "",
            f"Over HTTP on `oxigraph serve-read-only` at {big['n']} issues (union default graph, JSON results, "
            f"a new connection per request): the first run, then the median and range of the following ones.", "",
            "| query | rows | first | median | min – max |", "|---|---|---|---|---|"]
    out += [_timing_row(q) for q in scoped if "error" not in q]
    out += [""] + _render_floors(floors, big["n"])
    out += [f"A listing streams: {listing['what']} gives {listing['rows']:,} rows; its first bytes arrive after "
            f"{_s(statistics.median(listing['first_byte']))}, the whole answer after "
            f"{_s(statistics.median(listing['seconds']))} (medians of 3).", ""]
    return out


def _render_commitments(rows: list[dict]) -> list[str]:
    if not rows:
        return []
    out = ["### Commitments: cq09 and cq16", "",
           "Over HTTP on `oxigraph serve-read-only` after each build from nothing: the target statements "
           "(`gb:CommitmentStatement`) and commitments in the graph, each query's rows, and its first run, median and "
           "range of the following ones. cq09's rows grow with the statements, never with their square: "
           "the last column is rows per statement.", "",
           "| N | statements | commitments | query | rows | first | median | min – max | rows / statements |",
           "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        for q in r["queries"]:
            share = q["rows"] / r["statements"] if r["statements"] else 0
            out.append(f"| {r['n']} | {r['statements']:,} | {r['commitments']:,} | {q['what']} | {q['rows']:,} | "
                       f"{_s(q['first'])} | {_s(statistics.median(q['seconds']))} | {_s(min(q['seconds']))} – "
                       f"{_s(max(q['seconds']))} | {share:.2f} |")
    largest = rows[-1]
    for q in largest["queries"]:
        median = statistics.median(q["seconds"])
        out.append("")
        out.append(f"- {q['what']} at {largest['n']} issues ≤ 1 s over HTTP: {_s(median)}, {_yes(median <= 1.0)}.")
    out += [""]
    for r in rows:
        out += _render_floors(r.get("floors", []), r["n"])
    return out


def _render_floors(floors: list[dict], n: int) -> list[str]:
    if not floors:
        return []
    out = [f"The floor at {n} issues: the same rows with one IRI each from a single pattern, nothing joined or "
           "sorted, over the same HTTP endpoint. No query that gives these rows answers faster on this store.", "",
           "| floor | rows | first | median | min – max |", "|---|---|---|---|---|"]
    return out + [_timing_row(q) for q in floors] + [""]


def _timing_row(q: dict) -> str:
    """A query's row: what, rows, first run, then median and range of the following ones."""
    seconds = q["seconds"]
    return (f"| {q['what']} | {q['rows']:,} | {_s(q['first'])} | {_s(statistics.median(seconds))} | "
            f"{_s(min(seconds))} – {_s(max(seconds))} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10,100,1000")
    parser.add_argument("--dask-size", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    command = f"python -m bench.scale --sizes {args.sizes} --dask-size {args.dask_size} --repeat {args.repeat}"
    measure_into_report("scale", command, lambda workdir, log: measure(workdir, sizes, args.dask_size, args.repeat, log),
                        render, args.output, TITLE, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
