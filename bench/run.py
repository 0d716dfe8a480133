"""Run the benchmarks and write docs/benchmarks.md: `python -m bench [--quick]`.

Sections, each measured in this one run so that every ratio compares like with like:

  seed        the seed issue's build, stage by stage and as a whole `cli.py build` process,
              against the time the interpreter takes to import the dependencies
  scale       builds of N = 1, 10, 100 synthetic issues (bench/corpus.py), 1000 if it fits
  validation  SHACL throughput at each N, and what the SPARQL-based constraints cost
  queries     every competency query in-process, over HTTP and with rdflib, rows compared
  load        loading the N-Quads dump into the on-disk store, against `oxigraph load`
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from pyoxigraph import RdfFormat, Store, parse

from gongbao import query as queries

from . import corpus, machine, report
from .engines import Http, InProcess, QueryTimeout, RdflibMemory, compare
from .measure import PYTHON, ROOT, Summary, bench_env, checked, run_process, timed

SECTIONS = ["seed", "scale", "validation", "queries", "load"]
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
            run = checked(run_process([PYTHON, "-m", "bench.worker", str(graph_dir), *map(str, sources)],
                                      env=self.env), f"the stage-by-stage build of {n} issue(s)")
            sample = json.loads(run.stdout.strip().splitlines()[-1])
            sample.update(wall=run.seconds, max_rss_kib=run.max_rss_kib)
            samples.append(sample)
            if rep:  # keep the last graph only: the queries and the load section read it
                shutil.rmtree(self.workdir / f"graph-{n}-{rep - 1}", ignore_errors=True)
        self.builds[n] = {"n": n, "samples": samples, "graph_dir": str(self.workdir / f"graph-{n}-{len(samples) - 1}")}
        return self.builds[n]

    # ------------------------------------------------------------ sections

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
        return {"points": points, "sparql_share": None if self.args.quick else self._sparql_share()}

    def _sparql_share(self) -> dict:
        """Validation of the seed with and without the SPARQL-based constraints (sh:sparql)."""
        import rdflib
        from rdflib.namespace import SH

        from gongbao import paths
        from gongbao.build import as_rdflib, compile_sources
        from gongbao.validate import load_shapes, validate_graph

        self.log("validation: the seed with and without the SPARQL-based constraints")
        data = as_rdflib(compile_sources([corpus.SEED]).quads)
        ontology = rdflib.Graph().parse(paths.ONTOLOGY / "gongbao.ttl", format="turtle")
        full = load_shapes()
        without = rdflib.Graph()
        for triple in full:
            if triple[1] != SH.sparql:
                without.add(triple)
        sparql_shapes = {s for s in full.subjects(SH.sparql, None)}
        focus = 0
        for shape in sparql_shapes:
            for cls in full.objects(shape, SH.targetClass):
                focus += len(set(data.subjects(rdflib.RDF.type, cls)))
        times = {"full": [], "without_sparql": []}
        repeats = min(self.args.repeat, 3)
        for _ in range(repeats):
            for name, shapes in (("full", full), ("without_sparql", without)):
                seconds, _ = timed(validate_graph, data, shapes=shapes, ontology=ontology)
                times[name].append(seconds)
        return {"triples": len(data), "sparql_constraints": len(list(full.objects(None, SH.sparql))),
                "sparql_focus_nodes": focus, **times}

    def queries(self) -> dict:
        names = queries.available()
        points = []
        for n in self.args.query_sizes:
            graph_dir = Path(self.build(n)["graph_dir"])
            point = {"n": n, "quads": self.build(n)["samples"][-1]["quads"], "engines": {}, "queries": names}
            answers = {}
            for engine_class in (InProcess, Http, RdflibMemory):
                self.log(f"queries N={n}: {engine_class.name}")
                gc.collect()
                try:
                    open_seconds, engine = timed(_open_engine, engine_class, graph_dir, self.args.query_timeout)
                except Exception as error:
                    point["engines"][engine_class.name] = {"failed": f"{type(error).__name__}: {error}"[:500]}
                    continue
                record = {"open_seconds": open_seconds, "latency": {}, "rows": {}, "errors": {}}
                for name in names:
                    text = queries.load_query(name)
                    try:
                        first, rows = timed(engine.run, text)  # the first run also warms caches
                    except Exception as error:  # a failing query is a finding to report, not a crash
                        record["errors"][name] = f"{type(error).__name__}: {error}"[:300]
                        if isinstance(error, QueryTimeout):
                            record.setdefault("timeouts", {})[name] = self.args.query_timeout
                        continue
                    answers[(engine_class.name, name)] = rows
                    record["rows"][name] = len(rows[1])
                    record["latency"][name] = self._latencies(engine, text, first)
                engine.close()
                if isinstance(engine, Http):
                    record["server_max_rss_kib"] = engine.max_rss_kib
                point["engines"][engine_class.name] = record
                del engine
            point["differences"] = _differences(names, answers)
            points.append(point)
        return {"points": points}

    def _latencies(self, engine, text: str, first: float) -> dict:
        repeats = self.args.query_repeat
        if first > 0:
            repeats = min(repeats, int(self.args.query_budget / first))
        if repeats == 0:  # one run already took more than the budget: it is the only sample
            return Summary([first]).as_dict() | {"first": first, "only_first": True}
        values = []
        for _ in range(repeats):
            seconds, _ = timed(engine.run, text)
            values.append(seconds)
        return Summary(values).as_dict() | {"first": first}

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


def _open_engine(engine_class, graph_dir: Path, timeout: int):
    if engine_class is InProcess:
        return InProcess(graph_dir)
    if engine_class is Http:
        return Http(graph_dir, timeout_s=timeout)
    return RdflibMemory(graph_dir / "gongbao.nq", timeout_s=timeout)


def _gongbao_load(location: Path, quads: list) -> tuple[float, float]:
    # What gongbao.store.write_store does with the quads it is given.
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
        reference = answers.get((InProcess.name, name))
        if reference is None:
            continue
        for other in (Http.name, RdflibMemory.name):
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
    parser.add_argument("--query-repeat", type=int, default=20, help="Timed runs of each query per engine.")
    parser.add_argument("--query-budget", type=float, default=60.0,
                        help="Seconds of timed runs at most per query and engine (slow engines get fewer runs).")
    parser.add_argument("--query-timeout", type=int, default=300, help="Seconds before a single query is cut off.")
    parser.add_argument("--budget", type=float, default=600.0, help="Seconds an optional size may take.")
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
    try:
        for section in SECTIONS:
            if section in args.sections:
                results["load_average"][section] = os.getloadavg()
                results[section] = getattr(bench, section)()
        results["seconds"] = time.monotonic() - bench.started
        results["load_average"]["end"] = os.getloadavg()
    finally:
        bench.close()
    # The raw results first: a long run is not lost to a mistake in the report.
    raw = args.json or ROOT / "graph" / ("benchmarks-quick.json" if args.quick else "benchmarks.json")
    raw.parent.mkdir(parents=True, exist_ok=True)
    raw.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(report.render(results), encoding="utf-8")
    bench.log(f"wrote {args.output}")
    return 0


def _settings(args) -> dict:
    return {"sizes": args.sizes, "optional_sizes": args.optional_sizes, "query_sizes": args.query_sizes,
            "repeat": args.repeat, "query_repeat": args.query_repeat, "query_budget": args.query_budget,
            "budget": args.budget, "sections": args.sections, "query_timeout": args.query_timeout}


if __name__ == "__main__":
    sys.exit(main())
