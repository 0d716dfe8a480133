"""Run the benchmarks and write docs/benchmarks.md: `python -m bench [--quick]`.

Sections, each measured in this one run so that every ratio compares like with like:

  seed        the seed issue's build, stage by stage and as a whole `cli.py build` process,
              against the time the interpreter takes to import the dependencies
  scale       builds of N = 1, 10, 100 synthetic issues (bench/corpus.py), 1000 if it fits
  validation  validation throughput at each N; where its time goes (cores, SHACL, each qc check)
  queries     every competency query in-process, over HTTP and with rdflib, rows compared
  load        loading the N-Quads dump into the on-disk store, against `oxigraph load`
  formats     PDFs read by three extractors (fidelity, seconds per page); builds from a PDF, a
              saved page and a Word file against their texts (bench/sources.py)
  site        every kind of page, and search, over HTTP at the query sizes (bench/site.py)
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from pyoxigraph import RdfFormat, Store, parse

from gongbao import query as queries

from . import corpus, machine, report
from .engines import Http, InProcess, RdflibMemory, compare
from .measure import PYTHON, ROOT, Summary, bench_env, checked, run_process, timed

SECTIONS = ["seed", "scale", "validation", "queries", "load", "formats", "site"]
ENGINES = [("inprocess", InProcess.name), ("http", Http.name), ("rdflib", RdflibMemory.name)]
IMPORT_FLOOR = "import rdflib, pyoxigraph, pyshacl, owlready2, click"


class Bench:
    def __init__(self, args):
        self.args = args
        self.workdir = Path(args.workdir or tempfile.mkdtemp(prefix="gongbao-bench-"))
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.started = time.monotonic()
        self.builds: dict[int, dict] = {}  # N → worker samples and the graph dir of the last one
        self.sources: list[Path] = []
        self.env = bench_env()

    def log(self, message: str) -> None:
        elapsed = time.monotonic() - self.started
        print(f"[bench {elapsed:7.1f}s] {message}", file=sys.stderr, flush=True)

    # ------------------------------------------------------------ corpus and builds

    def corpus(self, n: int) -> list[Path]:
        # Issue k is the same whatever N is, so one corpus of the largest N serves every N.
        if len(self.sources) < n:
            self.log(f"generating a corpus of {n} issues (each one parsed and checked)")
            directory = self.workdir / "corpus"
            shutil.rmtree(directory, ignore_errors=True)
            self.sources = corpus.write_corpus(n, directory)
        return self.sources[:n]

    def repeats_for(self, n: int) -> int:
        if n == 1:
            return self.args.repeat
        return min(self.args.repeat, 3) if n <= 10 else 1

    def build(self, n: int) -> dict:
        """The pipeline run stage by stage in a fresh process (bench/worker.py), repeated."""
        if n in self.builds:
            return self.builds[n]
        sources = self.corpus(n)
        samples = []
        for rep in range(self.repeats_for(n)):
            graph_dir = self.workdir / f"graph-{n}-{rep}"
            shutil.rmtree(graph_dir, ignore_errors=True)
            self.log(f"build N={n} by stage, run {rep + 1}/{self.repeats_for(n)}")
            run = run_process([PYTHON, "-m", "bench.worker", str(graph_dir), *map(str, sources)],
                              env=self.env, timeout=self.args.build_timeout)
            if run.timed_out:
                sample = _partial_sample(run.stdout)
                sample["cut_off"] = self.args.build_timeout
                self.log(f"build N={n} cut off after {self.args.build_timeout:.0f} s, during "
                         f"{sample['cut_during']}")
            else:
                sample = json.loads(checked(run, f"the stage-by-stage build of {n} issue(s)")
                                    .stdout.strip().splitlines()[-1])
            sample.update(stages_wall=run.seconds, max_rss_kib=run.max_rss_kib)
            samples.append(sample)
            if run.timed_out:
                sample["wall"] = run.seconds
                break  # a build that needs longer than the limit is not repeated
            # The build as users run it: validation and the store at the same time.
            cli_dir = self.workdir / f"cli-{n}"
            shutil.rmtree(cli_dir, ignore_errors=True)
            self.log(f"build N={n} with `cli.py build`, run {rep + 1}/{self.repeats_for(n)}")
            cli = run_process([PYTHON, "cli.py", "build", *map(str, sources), "--graph-dir", str(cli_dir), "-q"],
                              env=self.env, timeout=self.args.build_timeout)
            shutil.rmtree(cli_dir, ignore_errors=True)
            sample.update(wall=cli.seconds, cli_max_rss_kib=cli.max_rss_kib,
                          cli_failed=None if cli.returncode == 0 else (cli.stderr or cli.stdout)[-500:])
            if rep:  # keep the last graph only: the queries and the load section read it
                shutil.rmtree(self.workdir / f"graph-{n}-{rep - 1}", ignore_errors=True)
        graph_dir = self.workdir / f"graph-{n}-{len(samples) - 1}"
        if (graph_dir / "dump").exists():
            from gongbao.store import write_dump

            with open(graph_dir / "gongbao.nq", "wb") as handle:  # the whole dump in one file, as tools read it
                write_dump(handle, graph_dir)
        self.builds[n] = {"n": n, "samples": samples, "graph_dir": str(graph_dir)}
        return self.builds[n]

    # ------------------------------------------------------------ sections

    def formats(self) -> dict:
        from . import sources

        return sources.measure(self.workdir / "formats", self.args.repeat, self.log)

    def site(self) -> dict:
        from . import site

        return site.measure(self.workdir / "site", list(self.args.query_sizes), max(3, self.args.repeat * 4), self.log)

    def seed(self) -> dict:
        build = self.build(1)
        seed_source = str(corpus.SEED)
        runs = {"cli_build": [], "import_floor": [], "interpreter": []}
        for rep in range(self.args.repeat):
            self.log(f"seed: whole-process build, import floor, bare interpreter, run {rep + 1}/{self.args.repeat}")
            graph_dir = self.workdir / "cli-graph"
            shutil.rmtree(graph_dir, ignore_errors=True)
            cli = run_process([PYTHON, "cli.py", "build", seed_source, "--graph-dir", str(graph_dir), "-q"],
                              env=self.env)
            runs["cli_build"].append(_process_sample(cli))
            runs["import_floor"].append(_process_sample(checked(
                run_process([PYTHON, "-c", IMPORT_FLOOR], env=self.env), "importing the dependencies")))
            runs["interpreter"].append(_process_sample(checked(
                run_process([PYTHON, "-c", "pass"], env=self.env), "the bare interpreter")))
        shutil.rmtree(self.workdir / "cli-graph", ignore_errors=True)
        return {"stage_samples": build["samples"], **runs}

    def scale(self) -> dict:
        points = []
        for n in self.args.sizes:
            points.append(self._scale_point(n))
        for n in self.args.optional_sizes:
            predicted = _predict(points, n)
            if predicted is not None and predicted > self.args.budget:
                self.log(f"scale: skipping N={n}: predicted {predicted:.0f} s > budget {self.args.budget:.0f} s")
                points.append({"n": n, "skipped": f"predicted {predicted / 60:.0f} min from the linear fit, "
                                                  f"over the {self.args.budget / 60:.0f}-minute budget"})
                continue
            points.append(self._scale_point(n))
        return {"points": points}

    def _scale_point(self, n: int) -> dict:
        build = self.build(n)
        return {"n": n, "samples": build["samples"]}

    def validation(self) -> dict:
        points = [{"n": n, "samples": self.build(n)["samples"]} for n in self.args.sizes]
        if self.args.quick:
            return {"points": points}
        sizes = sorted({1, *[n for n in self.args.sizes if n <= 10]})
        return {"points": points, "anatomy": {n: self._anatomy(n) for n in sizes},
                "check_queries": {n: self._check_queries(n) for n in sizes}}

    def _anatomy(self, n: int) -> dict:
        """Where validation time goes on N issues, in this process, through public functions only.

        - validate_quads as the build calls it (pySHACL in worker processes, a few issues per call,
          and the queries/qc checks once over the union in an in-memory pyoxigraph store);
        - the same on one core (processes=1): what the parallelism buys;
        - the qc checks alone (run_checks_on_store on a store filled as validate_quads fills it);
        - on the seed only, the whole graph at once through validate_graph, as builds did before
          validation was split by issue.
        Every variant must find the same results; the report says whether it did.
        """
        from gongbao.build import as_rdflib, compile_sources
        from gongbao.validate import run_checks_on_store, validate_graph, validate_quads

        self.log(f"validation: where the time goes, N={n}")
        quads = compile_sources(self.corpus(n)).quads

        def checks_alone():
            store = Store()
            store.bulk_extend(quads)
            return run_checks_on_store(store)

        variants = {"build": lambda: validate_quads(quads), "one_core": lambda: validate_quads(quads, processes=1),
                    "checks": checks_alone}
        if n == 1:
            variants["whole_graph"] = lambda: validate_graph(as_rdflib(quads))
        times = {name: [] for name in variants}
        cpu = {name: [] for name in variants}
        outcomes = {}
        for _ in range(min(self.args.repeat, 3) if n == 1 else 1):
            for name, function in variants.items():
                before = _cpu_seconds()
                seconds, result = timed(function)
                times[name].append(seconds)
                cpu[name].append(_cpu_seconds() - before)
                outcomes[name] = _outcome(result)
        same = {name: outcomes[name] == outcomes["build"] for name in ("one_core", "whole_graph") if name in outcomes}
        return {"quads": len(quads), "times": times, "cpu": cpu, "same_results": same,
                "results": len(outcomes["build"])}

    def _check_queries(self, n: int) -> dict:
        """Each queries/qc check on its own, on N issues, in a store filled as validate_quads fills it."""
        from gongbao import paths
        from gongbao.build import compile_sources

        self.log(f"validation: each qc check on its own, N={n}")
        quads = compile_sources(self.corpus(n)).quads
        store = Store()
        store.bulk_extend(quads)
        result = {"quads": len(quads), "queries": {}}
        for path in sorted((paths.QUERIES / "qc").glob("*.rq")):
            text = path.read_text(encoding="utf-8")
            seconds, rows = timed(lambda: list(store.query(text, use_default_graph_as_union=True)))
            result["queries"][path.stem] = {"seconds": seconds, "rows": len(rows)}
        return result

    def queries(self) -> dict:
        names = queries.available()
        points = []
        for n in self.args.query_sizes:
            graph_dir = Path(self.build(n)["graph_dir"])
            point = {"n": n, "quads": self.build(n)["samples"][-1]["quads"], "engines": {}, "queries": names,
                     "memory_limit_gib": self.args.memory_limit_gib}
            answers = {}
            for kind, label in ENGINES:
                self.log(f"queries N={n}: {label}")
                point["engines"][label] = self._engine(kind, label, graph_dir, names, answers)
            point["differences"] = _differences(names, answers)
            points.append(point)
        return {"points": points}

    def _engine(self, kind: str, label: str, graph_dir: Path, names: list[str], answers: dict) -> dict:
        """Every query on one engine, each engine process limited in memory and time.

        A query that takes its process down (out of memory, past the deadline) is recorded as
        such, and a new process takes the queries after it.
        """
        record = {"open_seconds": None, "latency": {}, "rows": {}, "errors": {}, "timeouts": {}, "restarts": 0,
                  "process_max_rss_kib": 0}
        remaining = list(names)
        while remaining:
            outcome = self._engine_process(kind, graph_dir, remaining, record, answers, label)
            if outcome is None:  # every query it was given was answered or reported
                break
            if record["open_seconds"] is None:
                record["failed"] = outcome
                break
            culprit = remaining.pop(0)  # the process reports queries in order: the next one killed it
            record["errors"][culprit] = outcome
            self.log(f"queries: {label} on {culprit}: {outcome}")
            record["restarts"] += 1
        return record

    def _engine_process(self, kind, graph_dir, remaining, record, answers, label) -> str | None:
        limit = int(self.args.memory_limit_gib * 1024 ** 3)
        command = [PYTHON, "-m", "bench.query_worker", kind, str(graph_dir), str(self.args.query_repeat),
                   str(self.args.query_budget), str(self.args.query_timeout), *remaining]
        process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=subprocess.PIPE,
                                   stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
                                   preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (limit, limit)))
        lines: queue.Queue = queue.Queue()
        threading.Thread(target=lambda: [lines.put(line) for line in process.stdout] + [lines.put(None)],
                         daemon=True).start()
        # Opening may mean parsing a large dump into rdflib; a query gets its timeout, its timing budget
        # and a margin (the harness's own deadline, for engines a signal cannot interrupt).
        wait = self.args.open_timeout
        outcome = None
        try:
            while True:
                try:
                    line = lines.get(timeout=wait)
                except queue.Empty:
                    outcome = f"no answer within {wait:.0f} s: the engine process was stopped"
                    process.kill()
                    break
                if line is None:
                    break
                item = json.loads(line)
                wait = self.args.query_timeout + self.args.query_budget + 60
                if "open_seconds" in item:
                    record["open_seconds"] = record["open_seconds"] or item["open_seconds"]
                elif "failed" in item:
                    outcome = item["failed"]
                elif "server_max_rss_kib" in item:
                    record["server_max_rss_kib"] = max(record.get("server_max_rss_kib") or 0,
                                                       item["server_max_rss_kib"] or 0)
                elif "query" in item:
                    self._query_outcome(item, record, answers, label)
                    remaining.remove(item["query"])
        except BaseException:
            process.kill()
            raise
        finally:
            _pid, status, usage = os.wait4(process.pid, 0)
            process.returncode = os.waitstatus_to_exitcode(status)
            record["process_max_rss_kib"] = max(record["process_max_rss_kib"], usage.ru_maxrss)
        if not remaining:
            return None
        if outcome:
            return outcome
        code = process.returncode
        cause = f"killed by signal {-code}" if code < 0 else f"exit code {code}"
        return (f"the engine process ended ({cause}; peak RSS {usage.ru_maxrss / 1024:,.0f} MiB, limit "
                f"{self.args.memory_limit_gib:g} GiB of address space): out of memory, most likely")

    @staticmethod
    def _query_outcome(item: dict, record: dict, answers: dict, label: str) -> None:
        name = item["query"]
        if "timeout" in item:
            record["timeouts"][name] = item["timeout"]
            record["errors"][name] = f"no answer within {item['timeout']} s"
        elif "error" in item:
            record["errors"][name] = item["error"]
        else:
            rows = (tuple(item["variables"]), [tuple(r) for r in item["rows"]])
            answers[(label, name)] = rows
            record["rows"][name] = len(rows[1])
            record["latency"][name] = item["latency"]

    def load(self) -> dict:
        oxigraph = str(Path(PYTHON).parent / "oxigraph")
        points = []
        for n in self.args.query_sizes:
            dump = Path(self.build(n)["graph_dir"]) / "gongbao.nq"
            quads = list(parse(path=str(dump), format=RdfFormat.N_QUADS))
            point = {"n": n, "quads": len(quads), "dump_bytes": dump.stat().st_size,
                     "gongbao": [], "optimize": [], "oxigraph_cli": [], "oxigraph_cli_rss_kib": [], "bulk_load": []}
            repeats = self.args.repeat if n == 1 else min(self.args.repeat, 3)
            for rep in range(repeats):
                self.log(f"load N={n}: run {rep + 1}/{repeats}")
                location = self.workdir / "load-store"
                shutil.rmtree(location, ignore_errors=True)
                total, optimize = _gongbao_load(location, quads)
                point["gongbao"].append(total)
                point["optimize"].append(optimize)
                shutil.rmtree(location, ignore_errors=True)
                cli = checked(run_process([oxigraph, "load", "--location", str(location), "--file", str(dump)]),
                              "oxigraph load")
                point["oxigraph_cli"].append(cli.seconds)
                point["oxigraph_cli_rss_kib"].append(cli.max_rss_kib)
                shutil.rmtree(location, ignore_errors=True)
                point["bulk_load"].append(_bulk_load(location, dump))
                shutil.rmtree(location, ignore_errors=True)
            points.append(point)
            del quads
        return {"points": points}

    def close(self) -> None:
        if not self.args.keep:
            shutil.rmtree(self.workdir, ignore_errors=True)


def _partial_sample(stdout: str) -> dict:
    """What a worker that was cut off printed before it was killed: the stages it finished."""
    sample = {"stages": {}, "rss_kib": {}, "quads": None}
    order = ["imports", "identify", "read", "shared", "store", "publish"]
    for line in stdout.splitlines():
        try:
            item = json.loads(line)
        except ValueError:
            continue
        if "stage" in item:
            sample["stages"][item["stage"]] = item["seconds"]
            sample.setdefault("cpu", {})[item["stage"]] = item.get("cpu")
            if "rss_kib" in item:
                sample["rss_kib"][item["stage"]] = item["rss_kib"]
        elif "quads" in item and isinstance(item["quads"], int):
            sample["quads"] = item["quads"]
    sample["cut_during"] = next((name for name in order if name not in sample["stages"]), "the end")
    return sample


def _cpu_seconds() -> float:
    import resource

    return sum(u.ru_utime + u.ru_stime for u in (resource.getrusage(resource.RUSAGE_SELF),
                                                   resource.getrusage(resource.RUSAGE_CHILDREN)))


def _outcome(result) -> list[str]:
    """What a validation found, to check that two ways of validating agree: results per severity and
    shape (focus nodes are named differently by the different paths, so they are not compared)."""
    results = result.results if hasattr(result, "results") else result
    return sorted(f"{r.severity} {r.shape}" for r in results)


def _gongbao_load(location: Path, quads: list) -> tuple[float, float]:
    # A store filled from quads in memory, then optimized.
    start = time.perf_counter()
    store = Store(str(location))
    store.bulk_extend(quads)
    store.flush()
    before_optimize = time.perf_counter()
    store.optimize()
    del store
    end = time.perf_counter()
    return end - start, end - before_optimize


def _bulk_load(location: Path, dump: Path) -> float:
    start = time.perf_counter()
    store = Store(str(location))
    store.bulk_load(path=str(dump), format=RdfFormat.N_QUADS)
    store.flush()
    del store
    return time.perf_counter() - start


def _process_sample(run) -> dict:
    return {"seconds": run.seconds, "max_rss_kib": run.max_rss_kib, "returncode": run.returncode,
            "stderr": run.stderr[-2000:] if run.returncode else ""}


def _differences(names: list[str], answers: dict) -> list[dict]:
    """Every query whose rows differ between the engines; oxigraph in-process is the reference."""
    found = []
    for name in names:
        reference = answers.get((ENGINES[0][1], name))
        if reference is None:
            continue
        for other in (label for _, label in ENGINES[1:]):
            rows = answers.get((other, name))
            if rows is None:
                continue
            difference = compare(reference, rows)
            if difference:
                found.append({"query": name, "engine": other, **difference})
    return found


def _predict(points: list[dict], n: int) -> float | None:
    """Wall time at N from the last two measured sizes, assuming cost grows linearly."""
    measured = [(p["n"], Summary([s["wall"] for s in p["samples"]]).median) for p in points if "samples" in p]
    if not measured:
        return None
    if len(measured) == 1:
        return measured[0][1] * n / measured[0][0]
    (n1, t1), (n2, t2) = measured[-2], measured[-1]
    slope = (t2 - t1) / (n2 - n1)
    return t2 + slope * (n - n2)


def parse_args(argv: list[str] | None = None):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true",
                        help="Smoke run: N = 1 only, one repetition of everything.")
    parser.add_argument("--output", type=Path, default=None,
                        help="Where to write the report (default: docs/benchmarks.md; "
                             "graph/benchmarks-quick.md with --quick).")
    parser.add_argument("--json", type=Path, default=None,
                        help="Where to write every raw measurement (default: graph/benchmarks.json).")
    parser.add_argument("--from-json", type=Path, default=None,
                        help="Only render the report from raw measurements written by an earlier run.")
    parser.add_argument("--sections", default=",".join(SECTIONS),
                        help=f"Comma-separated subset of {','.join(SECTIONS)}.")
    parser.add_argument("--sizes", default="1,10,100", help="Corpus sizes N to build.")
    parser.add_argument("--optional-sizes", default="1000",
                        help="Sizes built only if the linear fit predicts they fit in --budget.")
    parser.add_argument("--query-sizes", default="1,100", help="Sizes N at which queries and loading are measured.")
    parser.add_argument("--repeat", type=int, default=5, help="Repetitions of each build and load at N = 1.")
    parser.add_argument("--query-repeat", type=int, default=10, help="Timed runs of each query per engine.")
    parser.add_argument("--query-budget", type=float, default=15.0,
                        help="Seconds of timed runs at most per query and engine (slow engines get fewer runs).")
    parser.add_argument("--query-timeout", type=int, default=30, help="Seconds before a single query is cut off.")
    parser.add_argument("--open-timeout", type=float, default=1200.0,
                        help="Seconds an engine may take to open (rdflib parses the whole dump).")
    parser.add_argument("--memory-limit-gib", type=float, default=_default_memory_limit(),
                        help="Address space each query engine process may use (default: half the machine's memory, "
                             "at most 12 GiB); a query that needs more is reported, not run to the end.")
    parser.add_argument("--budget", type=float, default=600.0, help="Seconds an optional size may take.")
    parser.add_argument("--build-timeout", type=float, default=1800.0,
                        help="Seconds after which one build is cut off; it is then reported as a lower bound.")
    parser.add_argument("--workdir", type=Path, default=None, help="Scratch directory (default: a new temp dir).")
    parser.add_argument("--keep", action="store_true", help="Keep the scratch directory (corpus, graphs).")
    parser.add_argument("--note", default="", help="A sentence for the report's preamble (what was measured).")
    args = parser.parse_args(argv)
    args.sections = [s.strip() for s in args.sections.split(",") if s.strip()]
    unknown = [s for s in args.sections if s not in SECTIONS]
    if unknown:
        parser.error(f"unknown section(s) {unknown}; choose from {SECTIONS}")
    if args.quick:
        args.sizes, args.optional_sizes, args.query_sizes = "1", "", "1"
        args.repeat, args.query_repeat = 1, 1
    args.sizes = _sizes(args.sizes)
    args.optional_sizes = _sizes(args.optional_sizes)
    args.query_sizes = _sizes(args.query_sizes)
    if args.output is None:
        args.output = ROOT / ("graph/benchmarks-quick.md" if args.quick else "docs/benchmarks.md")
    return args


def _default_memory_limit() -> float:
    total = machine.memory_gib() or 8.0
    return round(min(12.0, total / 2), 1)


def _sizes(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()]


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.from_json:
        results = json.loads(args.from_json.read_text(encoding="utf-8"))
        args.output.write_text(report.render(results), encoding="utf-8")
        return 0
    bench = Bench(args)
    results = {"quick": args.quick, "started": time.strftime("%Y-%m-%d %H:%M:%S %z"),
               "command": "python -m bench " + " ".join(sys.argv[1:] if argv is None else argv),
               "machine": machine.describe(), "settings": _settings(args), "load_average": {}, "note": args.note}
    bench.log(f"scratch directory {bench.workdir}")
    raw = args.json or ROOT / "graph" / ("benchmarks-quick.json" if args.quick else "benchmarks.json")
    # A stopped run (timeout, Ctrl-C) still writes what it measured, marked as incomplete.
    signal.signal(signal.SIGTERM, _stop)
    try:
        for section in SECTIONS:
            if section in args.sections:
                results["load_average"][section] = os.getloadavg()
                results[section] = getattr(bench, section)()
                _write(raw, results)  # after every section, so a long run is never lost
        results["seconds"] = time.monotonic() - bench.started
        results["load_average"]["end"] = os.getloadavg()
    except (KeyboardInterrupt, Stopped) as stop:
        results["interrupted"] = f"stopped by {type(stop).__name__} after {time.monotonic() - bench.started:.0f} s"
        results["seconds"] = time.monotonic() - bench.started
        bench.log(results["interrupted"])
    finally:
        bench.close()
    _write(raw, results)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(report.render(results), encoding="utf-8")
    bench.log(f"wrote {args.output} and {raw}")
    return 1 if results.get("interrupted") else 0


class Stopped(BaseException):
    """SIGTERM: not an Exception, so that no `except Exception` around a query swallows it."""


def _stop(_signum, _frame):
    raise Stopped()


def _write(path: Path, results: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")


def _settings(args) -> dict:
    return {"sizes": args.sizes, "optional_sizes": args.optional_sizes, "query_sizes": args.query_sizes,
            "repeat": args.repeat, "query_repeat": args.query_repeat, "query_budget": args.query_budget,
            "budget": args.budget, "sections": args.sections, "query_timeout": args.query_timeout,
            "build_timeout": args.build_timeout, "memory_limit_gib": args.memory_limit_gib}


if __name__ == "__main__":
    sys.exit(main())
