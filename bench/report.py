"""The results of one run as Markdown: machine, targets, and one section per measurement."""

from __future__ import annotations

from .measure import Summary, geometric_mean, mib

STAGES = [("identify", "identify: each source's key (stat; a hash of the files not seen before)"),
          ("read", "read: read, parse, map and validate each source over the cores, a shard each"),
          ("shared", "shared: the shared graphs' union, and their nodes validated"),
          ("store", "store: the new store (shard files bulk-loaded, optimize), the dump's and texts' links"),
          ("publish", "publish: links switched, old generations pruned, build report")]
ENGINES = ["oxigraph in-process", "oxigraph HTTP", "rdflib in-memory"]

# The targets the project set itself (issue 7).
SEED_VS_IMPORT = 3.0
SCALE_100 = 70.0
HTTP_MS = {1: 10.0, 100: 100.0}
HTTP_VS_RDFLIB = 10.0
VALIDATION_TPS = 50_000
LOAD_VS_CLI = 0.9
CORES = __import__("os").cpu_count() or 1


def render(results: dict) -> str:
    out = ["# Benchmarks", ""]
    out += _preamble(results)
    out += _machine(results)
    out += _targets(results)
    if "seed" in results:
        out += _seed(results["seed"])
    if "scale" in results:
        out += _scale(results["scale"])
    if "queries" in results:
        out += _queries(results["queries"])
    if "validation" in results:
        out += _validation(results["validation"])
    if "load" in results:
        out += _load(results["load"])
    if "formats" in results:
        from .sources import render as formats

        out += formats(results["formats"])
    if "site" in results:
        from .site import render as site

        out += site(results["site"])
    out += _method(results)
    return "\n".join(out).rstrip() + "\n"


# ---------------------------------------------------------------- formatting

def _s(seconds: float) -> str:
    if seconds < 0.001:
        return f"{seconds * 1e6:.0f} µs"
    if seconds < 1:
        return f"{seconds * 1000:.1f} ms"
    if seconds < 120:
        return f"{seconds:.2f} s"
    return f"{seconds / 60:.1f} min"


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}" if seconds < 10 else f"{seconds * 1000:.0f}"


def _range(values: list[float], unit=_s) -> str:
    return unit(min(values)) if len(values) == 1 or min(values) == max(values) else \
        f"{unit(min(values))} – {unit(max(values))}"


def _med(values: list[float]) -> float:
    return Summary(values).median


def _int(value: float) -> str:
    return f"{value:,.0f}"


def _x(ratio: float) -> str:
    return f"{ratio:.1f}×" if ratio < 100 else f"{ratio:,.0f}×"


def _yes(ok: bool | None) -> str:
    return "not measured" if ok is None else ("**yes**" if ok else "**no**")


def _table(header: list[str], rows: list[list[str]], align: str | None = None) -> list[str]:
    align = align or "l" + "r" * (len(header) - 1)
    rule = ["---:" if a == "r" else "---" for a in align]
    return ["| " + " | ".join(header) + " |", "| " + " | ".join(rule) + " |"] + \
        ["| " + " | ".join(row) + " |" for row in rows] + [""]


# ---------------------------------------------------------------- sections

def _preamble(results: dict) -> list[str]:
    lines = []
    if results.get("interrupted"):
        lines += [f"> **Incomplete run**: {results['interrupted']}; the sections below are those that finished.", ""]
    if results.get("quick"):
        lines += ["> **Quick smoke run** (N = 1, one repetition): these numbers show that the harness works; "
                  "do not cite them.", ""]
    lines += [f"Measured by `{results['command'].strip()}` on {results['started']}; the run took "
              f"{_s(results.get('seconds', 0))}. Commit {results['machine']['commit']}."
              + (f" {results['note']}" if results.get("note") else ""),
              "",
              "Reproduce with `make bench` (the full run, about 20 min on 2 cores; most of it is rdflib answering, or timing out on, the queries at 100 issues) "
              "or `make bench BENCH_ARGS=--quick` (a smoke run into `graph/benchmarks-quick.md`). "
              "Medians over repeated runs, with the range (min – max) beside them; every ratio compares two "
              "numbers measured in this same run on this same machine.", ""]
    return lines


def _machine(results: dict) -> list[str]:
    m = results["machine"]
    packages = ", ".join(f"{name} {version}" for name, version in m["packages"].items())
    loads = results.get("load_average", {})
    load_text = "; ".join(f"{k} {v[0]:.2f}" for k, v in loads.items())
    rows = [["CPU", m["cpu"]], ["cores", f"{m['cores']} ({m['usable_cores']} usable by this process)"],
            ["memory", f"{m['memory_gib']:.1f} GiB" if m["memory_gib"] else "unknown"], ["OS", m["os"]],
            ["Python", m["python"]], ["packages", packages], ["oxigraph server/CLI", m["oxigraph_cli"]],
            ["1-minute load average when each section started", load_text or "–"]]
    return ["## Machine", ""] + _table(["", ""], rows, "ll")


def _targets(results: dict) -> list[str]:
    rows = []
    seed = results.get("seed")
    if seed:
        build = _med([r["seconds"] for r in seed["cli_build"]])
        floor = _med([r["seconds"] for r in seed["import_floor"]])
        rows.append(["seed build (`cli.py build -q`) vs importing the dependencies",
                     f"{_s(build)} vs {_s(floor)} = {_x(build / floor)}", f"≤ {SEED_VS_IMPORT:g}×",
                     _yes(build / floor <= SEED_VS_IMPORT)])
    scale = results.get("scale")
    if scale:
        walls = {p["n"]: _wall(p) for p in scale["points"] if "samples" in p}
        if 1 in walls and 100 in walls:
            (t100, lower), (t1, _) = walls[100], walls[1]
            ratio = t100 / t1
            more = "> " if lower else ""
            rows.append(["100-issue build vs 1-issue build",
                         f"{more}{_s(t100)} vs {_s(t1)} = {more}{_x(ratio)}" + (" (cut off)" if lower else ""),
                         f"≤ {SCALE_100:g}×", _yes(ratio <= SCALE_100 if not lower or ratio > SCALE_100 else None)])
        else:
            rows.append(["100-issue build vs 1-issue build", "–", f"≤ {SCALE_100:g}×", _yes(None)])
    q = results.get("queries")
    if q:
        for n, limit in HTTP_MS.items():
            point = next((p for p in q["points"] if p["n"] == n), None)
            label = f"every query, HTTP median, {'seed' if n == 1 else f'{n} issues'}"
            if point is None or "latency" not in point["engines"].get("oxigraph HTTP", {}):
                rows.append([label, "–", f"≤ {limit:g} ms", _yes(None)])
                continue
            http = point["engines"]["oxigraph HTTP"]
            medians = {name: lat["median"] for name, lat in http["latency"].items()}
            failed = sorted(set(point["queries"]) - set(medians))
            slow = sorted(name for name, v in medians.items() if v * 1000 > limit)
            worst = max(medians, key=medians.get) if medians else None
            text = f"slowest {worst} {_ms(medians[worst])} ms" if worst else "no answers"
            if slow:
                text += f"; over the limit: {', '.join(slow)}"
            if failed:
                text += f"; failed: {', '.join(failed)}"
            rows.append([label, text, f"≤ {limit:g} ms", _yes(not slow and not failed and bool(medians))])
        point = next((p for p in q["points"] if p["n"] == 100), None)
        ratio = _http_vs_rdflib(point) if point else None
        rows.append(["HTTP vs rdflib in-memory, 100 issues (geometric mean of speed-ups)",
                     (("at least " if ratio[2] else "") + f"{_x(ratio[0])} over {ratio[1]} queries"
                      + (f" ({ratio[2]} timed out in rdflib)" if ratio[2] else "")) if ratio else "–",
                     f"≥ {HTTP_VS_RDFLIB:g}×",
                     _yes(ratio[0] >= HTTP_VS_RDFLIB if ratio else None)])
        differences = sum(len(p["differences"]) for p in q["points"])
        rows.append(["same rows from all three engines", f"{differences} difference(s)" if differences else "all agree",
                     "no difference", _yes(differences == 0)])
    v = results.get("validation")
    if v:
        point = next((p for p in v["points"] if p["n"] == 100), None)
        if point:
            tps, upper = _validation_tps(point)
            rows.append(["effective validation throughput, 100 issues",
                         f"{'< ' if upper else ''}{_int(tps)} triples/s" + (" (cut off)" if upper else ""),
                         f"≥ {_int(VALIDATION_TPS)} triples/s",
                         _yes(None if upper and tps >= VALIDATION_TPS else tps >= VALIDATION_TPS)])
        else:
            rows.append(["effective validation throughput, 100 issues", "–", f"≥ {_int(VALIDATION_TPS)} triples/s",
                         _yes(None)])
    load = results.get("load")
    if load:
        point = max(load["points"], key=lambda p: p["n"])
        ratio = _med(point["oxigraph_cli"]) / _med(point["gongbao"])
        rows.append([f"load throughput vs `oxigraph load`, {_issues(point['n'])}",
                     f"{_int(point['quads'] / _med(point['gongbao']))} vs "
                     f"{_int(point['quads'] / _med(point['oxigraph_cli']))} quads/s = {ratio:.2f}×",
                     f"≥ {LOAD_VS_CLI}×", _yes(ratio >= LOAD_VS_CLI)])
    if not rows:
        return []
    return ["## Targets", ""] + _table(["target", "measured", "goal", "reached"], rows, "lllc")


def _issues(n: int) -> str:
    return "the seed" if n == 1 else f"{n} issues"


def _http_vs_rdflib(point: dict) -> tuple[float, int, int] | None:
    """Geometric mean of rdflib ÷ HTTP medians; a query rdflib did not answer in time counts with the
    timeout as its time (so the mean is then a lower bound). Also: queries, of which timed out."""
    http = point["engines"].get("oxigraph HTTP", {}).get("latency", {})
    record = point["engines"].get("rdflib in-memory", {})
    rdf = {name: lat["median"] for name, lat in record.get("latency", {}).items()}
    timeouts = {name: t for name, t in record.get("timeouts", {}).items() if name in http}
    rdf.update(timeouts)
    common = [name for name in http if name in rdf]
    if not common:
        return None
    return geometric_mean([rdf[n] / http[n]["median"] for n in common]), len(common), len(timeouts)


def _validation_seconds(point: dict) -> tuple[float | None, bool]:
    """Wall seconds of validation as if the workers' validation CPU time were spread over the cores
    (the build validates each source in the worker that reads it)."""
    cpu = [s.get("worker_cpu", {}).get("validate") for s in point["samples"]]
    if not cpu or None in cpu:
        return None, False
    return _med(cpu) / CORES, False


def _validation_tps(point: dict) -> tuple[float, bool]:
    """Quads per second of validation, from the workers' validation CPU time over the cores."""
    seconds, lower = _validation_seconds(point)
    return (point["samples"][-1]["quads"] / seconds if seconds else 0.0), lower


def _validation_share(samples: list[dict]) -> float:
    shares = [100 * s["worker_cpu"]["validate"] / sum(s["worker_cpu"].values())
              for s in samples if s.get("worker_cpu")]
    return _med(shares) if shares else 0.0


def _seed(seed: dict) -> list[str]:
    samples = seed["stage_samples"]
    total = _med([sum(s["stages"][k] for k, _ in STAGES) for s in samples])
    lines = ["## 1. Building the seed issue", "",
             f"`sources/cq-gazette-2023-06.txt`: {samples[-1]['quads']:,} quads. Stages run one by one in a fresh "
             f"process (`bench/worker.py`, the build's own functions one after another; `cli.py build` validates "
             f"while it writes the store), {len(samples)} run(s); "
             "CPU time counts this process and its children (validation may use several processes); peak RSS is "
             "the high-water mark after the stage.", ""]
    rows = []
    for key, label in [("imports", "import gongbao and its dependencies")] + STAGES:
        values = [s["stages"][key] for s in samples]
        share = f"{100 * _med(values) / total:.1f}%" if key != "imports" else "–"
        cpu = [s.get("cpu", {}).get(key) for s in samples]
        rows.append([label, _s(_med(values)), _range(values), share,
                     _s(_med(cpu)) if None not in cpu else "–",
                     f"{mib(_med([s['rss_kib'][key] for s in samples])):.0f}" if key in samples[-1]["rss_kib"] else "–"])
    rows.append(["**sum of the stages**", f"**{_s(total)}**", "", "100%", "", ""])
    walls = [s.get("stages_wall", s["wall"]) for s in samples]
    rows.append(["whole worker process (interpreter start included)", _s(_med(walls)), _range(walls), "", "",
                 f"{mib(_med([s['max_rss_kib'] for s in samples])):.0f}"])
    for key, label in [("cli_build", "**`python cli.py build SEED --graph-dir TMP -q`**"),
                       ("import_floor", "`python -c \"import rdflib, pyoxigraph, pyshacl, owlready2, click\"`"),
                       ("interpreter", "`python -c pass`")]:
        runs = seed[key]
        values = [r["seconds"] for r in runs]
        rows.append([label, _s(_med(values)), _range(values), "", "",
                     f"{mib(_med([r['max_rss_kib'] for r in runs])):.0f}"])
    lines += _table(["stage", "median", "min – max", "share of stages", "CPU", "peak RSS MiB"], rows)
    build = _med([r["seconds"] for r in seed["cli_build"]])
    floor = _med([r["seconds"] for r in seed["import_floor"]])
    lines += [f"The whole build takes **{_x(build / floor)}** the time needed just to import the dependencies "
              f"(target ≤ {SEED_VS_IMPORT:g}×). Validation is "
              f"{_validation_share(samples):.0f}% of the workers' CPU time.", ""]
    failed = [r for r in seed["cli_build"] if r["returncode"] != 0]
    if failed:
        lines += [f"**The CLI build exited with code {failed[0]['returncode']} in {len(failed)} of "
                  f"{len(seed['cli_build'])} runs** (1 = SHACL violations: nothing is written, so the time stops "
                  "after validation). Its last lines:", "", "```", failed[0]["stderr"].strip()[-1500:], "```", ""]
    violations = samples[-1].get("violations", 0)
    if violations:
        lines += [f"**The seed graph has {violations} SHACL violation(s)** at this commit; the stage worker measures "
                  "load and dump anyway. First of them:", "", "```",
                  *samples[-1].get("violation_lines", []), "```", ""]
    return lines


def _cut(p: dict) -> dict | None:
    """The sample of a build that was cut off at the time limit, if any."""
    return next((s for s in p["samples"] if s.get("cut_off")), None)


def _wall(p: dict) -> tuple[float, bool]:
    """Median wall time of a size, and whether it is only a lower bound (a build was cut off)."""
    cut = _cut(p)
    return (cut["wall"], True) if cut else (_med([s["wall"] for s in p["samples"]]), False)


def _stage(p: dict, key: str) -> tuple[float | None, bool]:
    """Median time of a stage; for a build cut off in this stage, the time it had spent in it (a lower bound)."""
    cut = _cut(p)
    if cut is None:
        return _med([s["stages"][key] for s in p["samples"]]), False
    if key in cut["stages"]:
        return cut["stages"][key], False
    if key == cut["cut_during"]:
        return cut["wall"] - sum(cut["stages"].values()), True
    return None, False


def _bound(value: float | None, lower: bool, unit=None) -> str:
    unit = unit or _s
    return "–" if value is None else ("> " if lower else "") + unit(value)


def _scale(scale: dict) -> list[str]:
    points = [p for p in scale["points"] if "samples" in p]
    lines = ["## 2. Scale: N synthetic issues", "",
             "The corpus (`bench/corpus.py`) is the seed plus N − 1 variants of it: new issue and document numbers "
             "(series kept), dates, numbers in the text scaled, items shuffled within their group and renumbered, "
             "agencies in unit lists swapped among agencies of the same kind. Every issue is parsed and checked "
             "before the build. Wall time and peak RSS are those of `cli.py build` on the N files (validation in "
             "worker processes while the main process writes the store; peak RSS is the main process's); the stage "
             "times below come from a separate run of the stages one after another (`bench/worker.py`); "
             "reference data and the ontology are shared, so triples grow slightly less than N×. A build that "
             "runs past the time limit is cut off and shows as a lower bound (>).", ""]
    if not points:
        return lines + ["No size was measured.", ""]
    base = _wall(points[0])[0] if points[0]["n"] == 1 else None
    rows = []
    for p in scale["points"]:
        if "samples" not in p:
            rows.append([str(p["n"]), "–", "skipped: " + p["skipped"], "", "", "", "", ""])
            continue
        walls = [s["wall"] for s in p["samples"]]
        quads = p["samples"][-1]["quads"]
        wall, lower = _wall(p)
        cut = _cut(p)
        timing = (f"> {_s(wall)} (cut off during {cut['cut_during']})" if cut
                  else f"{_s(wall)} ({_range(walls)}, {len(walls)} run(s))")
        last = p["samples"][-1]
        rows.append([str(p["n"]), _int(quads) if quads else "–", timing,
                     ("< " if lower else "") + _int(quads / wall) if quads else "–",
                     ("> " if lower else "") + f"{mib(max(s.get('cli_max_rss_kib') or s['max_rss_kib'] for s in p['samples'])):,.0f}",
                     _bound(wall / p["n"], lower), _bound(wall / base, lower, _x) if base else "–",
                     "–" if cut else f"{last.get('violations', 0)} / {last.get('warnings', 0)}"])
    lines += _table(["N", "triples", "wall time (min – max, runs)", "triples/s", "peak RSS MiB", "per issue",
                     "× N = 1", "violations / warnings"], rows)
    sizes = [p["n"] for p in points]
    header = ["stage"] + [f"N = {n}" for n in sizes] + ([f"growth {sizes[-1]} / {sizes[0]}"] if len(sizes) > 1 else [])
    rows = []
    for key, label in STAGES:
        values = [_stage(p, key) for p in points]
        row = [label] + [_bound(v, lower) for v, lower in values]
        if len(sizes) > 1:
            (first, _), (last, lower) = values[0], values[-1]
            row.append(_bound(last / first, lower, _x) if first and last is not None else "–")
        rows.append(row)
    cpu = [[s.get("worker_cpu", {}).get("validate") for s in p["samples"]] for p in points]
    if all(c and None not in c for c in cpu):
        rows.append(["validation, CPU time of the workers"] + [_s(_med(c)) for c in cpu]
                    + ([_x(_med(cpu[-1]) / _med(cpu[0]))] if len(sizes) > 1 else []))
    lines += ["Stage times (medians, as `run_build` times its stages):", ""]
    lines += _table(header, rows)
    lines += [_linearity(points), ""]
    return lines


def _linearity(points: list[dict]) -> str:
    if len(points) < 3:
        return "Too few sizes to judge how cost grows."
    walls = [(p["n"], *_wall(p)) for p in points]
    marginals = []
    for (n1, t1, _), (n2, t2, lower) in zip(walls, walls[1:]):
        marginals.append(((n1, n2), (t2 - t1) / (n2 - n1), lower))
    text = "Marginal cost per added issue: " + ", ".join(
        f"{'> ' if lower else ''}{_s(m)} from N = {a} to {b}" for (a, b), m, lower in marginals) + ". "
    first, last, lower = marginals[0][1], marginals[-1][1], marginals[-1][2]
    ratio = last / first if first > 0 else float("inf")
    if lower and ratio <= 1.25:
        verdict = "the largest build was cut off, so whether cost grows linearly is not known"
    elif 0.8 <= ratio <= 1.25:
        verdict = f"the cost per issue stays within ±25% ({ratio:.2f}×): **cost grows linearly** with N"
    elif ratio > 1.25:
        verdict = (f"each added issue costs {'more than ' if lower else ''}{ratio:.1f}× as much at the large end: "
                   "**cost grows faster than linearly**")
    else:
        verdict = (f"each added issue costs {ratio:.2f}× as much at the large end as at the small end: "
                   "**cost grows linearly or slower**, fixed costs (start-up, imports, shapes) weigh at small N")
    return text + verdict[0].upper() + verdict[1:] + "."


def _queries(q: dict) -> list[str]:
    lines = ["## 3. Competency queries", "",
             "Each query of `queries/` (as `gongbao.query.available()` lists them at run time) on the same data three "
             "ways: pyoxigraph in-process on the built store (union default graph), the `oxigraph serve-read-only` "
             "server that `gongbao serve` runs (HTTP POST on one kept-alive connection, JSON results, timed until the "
             "whole body is read), and rdflib's SPARQL engine over an in-memory `Dataset(default_union=True)` loaded "
             "from the N-Quads dump. Every engine runs each query once untimed (its answer is the one compared), "
             "then up to the set number of timed runs within a time budget. Rows are compared as multisets of "
             "string values, with oxigraph in-process as the reference.", ""]
    for point in q["points"]:
        lines += [f"### {_issues(point['n']).capitalize()} ({point['quads']:,} quads)", ""]
        engines = point["engines"]
        opened = []
        for name in ENGINES:
            record = engines.get(name, {})
            if "failed" in record:
                opened.append(f"{name}: **failed to start**: {record['failed']}")
            elif record and record.get("open_seconds") is not None:
                opened.append(f"{name} {_s(record['open_seconds'])}")
        lines += ["Time to open each engine (rdflib: parse the dump into memory): " + "; ".join(opened) + ".", ""]
        memory = []
        for name in ENGINES:
            record = engines.get(name, {})
            if record.get("process_max_rss_kib"):
                text = f"{name} {mib(record['process_max_rss_kib']):,.0f} MiB"
                if record.get("server_max_rss_kib"):
                    text += f" (the client; the server {mib(record['server_max_rss_kib']):,.0f} MiB)"
                if record.get("restarts"):
                    text += f", {record['restarts']} process(es) lost to a query"
                memory.append(text)
        if memory:
            limit = point.get("memory_limit_gib")
            lines += [f"Peak RSS of each engine's process{f' (each limited to {limit:g} GiB of address space)' if limit else ''}: "
                      + "; ".join(memory) + ".", ""]
        diff_by_query = {}
        for d in point["differences"]:
            diff_by_query.setdefault(d["query"], []).append(d)
        rows = []
        for name in point["queries"]:
            row = [name, str(engines.get(ENGINES[0], {}).get("rows", {}).get(name, "–"))]
            medians = {}
            for engine in ENGINES:
                record = engines.get(engine, {})
                lat = record.get("latency", {}).get(name)
                if lat:
                    medians[engine] = lat["median"]
                    cold = ", untimed run only" if lat.get("only_first") else ""
                    row.append(f"{_ms(lat['median'])} / {_ms(lat['p95'])} ({lat['n']}{cold})")
                elif name in record.get("timeouts", {}):
                    row.append(f"> {record['timeouts'][name]} s (cut off)")
                elif name in record.get("errors", {}):
                    error = record["errors"][name]
                    row.append("**out of memory**" if "memory" in error.lower() else
                               "**stopped**" if "no answer within" in error else "**error**")
                else:
                    row.append("–")
            row.append(_x(medians[ENGINES[2]] / medians[ENGINES[1]])
                       if ENGINES[1] in medians and ENGINES[2] in medians else "–")
            found = diff_by_query.get(name, [])
            answered = sum(1 for engine in ENGINES if name in engines.get(engine, {}).get("latency", {}))
            row.append("–" if not found and (answered < 2 or ENGINES[0] not in medians) else
                       "yes" if not found else "**NO**: " + "; ".join(
                f"{d['engine']}: {d['kind']}" + (f" ({d['rows_found']} vs {d['rows_expected']} rows)"
                                                  if d.get("rows_found") is not None else "") for d in found))
            rows.append(row)
        ratio = _http_vs_rdflib(point)
        if ratio:
            rows.append(["**geometric mean**", "", "", "", "",
                         f"**{'≥ ' if ratio[2] else ''}{_x(ratio[0])}**", ""])
        lines += _table(["query", "rows", "in-process ms median / p95 (runs)", "HTTP ms median / p95 (runs)",
                         "rdflib ms median / p95 (runs)", "rdflib ÷ HTTP", "same rows"], rows, "lrrrrrl")
        for engine in ENGINES:
            for name, error in engines.get(engine, {}).get("errors", {}).items():
                if name not in engines.get(engine, {}).get("timeouts", {}):
                    lines += [f"- **{engine} failed on {name}**: `{error}`"]
        lines += [""]
        for d in point["differences"]:
            lines += [f"**Difference in {d['query']}, {d['engine']} vs oxigraph in-process** ({d['kind']}):"]
            if d["kind"] == "variables":
                lines += [f"variables {d['found']} instead of {d['expected']}", ""]
                continue
            lines += [f"{d['rows_found']} rows instead of {d['rows_expected']}; {d['missing_count']} row(s) only in "
                      f"oxigraph's answer, {d['extra_count']} only in {d['engine']}'s. First of each:", "", "```"]
            lines += ["oxigraph:  " + " | ".join(r) for r in d["missing"][:2]]
            lines += [f"{d['engine'].split()[0]}:{' ' * max(1, 10 - len(d['engine'].split()[0]))}" + " | ".join(r)
                      for r in d["extra"][:2]]
            lines += ["```", ""]
    return lines


def _validation(v: dict) -> list[str]:
    lines = ["## 4. Validation throughput", "",
             "Validation as the build runs it: `gongbao.validate.validate_quads` (pySHACL in forked worker processes, "
             "up to ten issues per call with the shared graphs beside them, the shared graphs' own nodes in a call "
             "of their own; meanwhile the `queries/qc` SPARQL checks run once over the union in an in-memory "
             "pyoxigraph store). Effective throughput = quads ÷ wall time of that call.", ""]
    rows = []
    for p in v["points"]:
        samples = p["samples"]
        quads = samples[-1]["quads"]
        seconds, lower = _validation_seconds(p)
        tps, upper = _validation_tps(p)
        cpu = [s.get("worker_cpu", {}).get("validate") for s in samples]
        rss = [s["rss_kib"]["build"] for s in samples if "build" in s["rss_kib"]]
        rows.append([str(p["n"]), _int(quads), _bound(seconds, lower),
                     _s(_med(cpu)) if cpu and None not in cpu else "–",
                     f"**{'< ' if upper else ''}{_int(tps)}**", f"{mib(_med(rss)):,.0f}" if rss else "–"])
    lines += _table(["N", "quads", "wall time", "CPU time (all processes)", "effective quads/s",
                     "peak RSS MiB (largest process)"], rows)
    for n, a in sorted((v.get("anatomy") or {}).items(), key=lambda item: int(item[0])):
        lines += _anatomy(int(n), a)
    if v.get("check_queries"):
        lines += _check_queries(v["check_queries"])
    return lines


def _anatomy(n: int, a: dict) -> list[str]:
    times = {name: _med(values) for name, values in a["times"].items()}
    cpu = {name: _med(values) for name, values in a["cpu"].items()}
    build = times["build"]
    labels = {"build": "`validate_quads(quads)`, as the build calls it",
              "one_core": "`validate_quads(quads, processes=1)`: the same on one core",
              "checks": "the `queries/qc` checks alone (`run_checks_on_store`)",
              "whole_graph": "`validate_graph(as_rdflib(quads))`: the whole graph at once, as before"}
    rows = [[labels[name], _s(times[name]), _s(cpu[name]), f"{100 * times[name] / build:.0f}%",
             {True: "same", False: "**different**"}.get(a["same_results"].get(name), "")]
            for name in labels if name in times]
    runs = len(a["times"]["build"])
    lines = [f"Where the time goes, {_issues(n)} ({a['quads']:,} quads, {a['results']} result(s); {runs} run(s) of "
             "each, in the harness process):", ""]
    lines += _table(["validation", "wall", "CPU", "of the build's wall time", "results (per shape, severity)"], rows)
    return lines


def _check_queries(checks: dict) -> list[str]:
    sizes = sorted(checks, key=int)
    names = sorted({name for c in checks.values() for name in c["queries"]})
    header = ["`queries/qc` check"] + [f"N = {n} ({checks[n]['quads']:,} quads)" for n in sizes]
    if len(sizes) > 1:
        header.append(f"growth {sizes[-1]} / {sizes[0]}")
    rows = []
    for name in names:
        values = [checks[n]["queries"].get(name, {}).get("seconds") for n in sizes]
        row = [name] + ["–" if value is None else _s(value) for value in values]
        if len(sizes) > 1:
            row.append(_x(values[-1] / values[0]) if values[0] and values[-1] is not None else "–")
        rows.append(row)
    return (["Each quality check on its own (one run each, union default graph of an in-memory pyoxigraph store). "
             "A check that grows like N² shows a growth near the square of the size ratio:", ""]
            + _table(header, rows))


def _load(load: dict) -> list[str]:
    lines = ["## 5. Loading the store", "",
             "The N-Quads dump of the build, loaded into a fresh on-disk store: as a store is loaded from quads in memory "
             "(quads already in memory → `Store.bulk_extend`, `flush`, `optimize`), with the `oxigraph load` CLI "
             "(a process that parses the same file), and with pyoxigraph's own `Store.bulk_load(path=…)` from the file "
             "for reference.", ""]
    rows = []
    for p in load["points"]:
        g, cli, bulk = _med(p["gongbao"]), _med(p["oxigraph_cli"]), _med(p["bulk_load"])
        rows.append([_issues(p["n"]), _int(p["quads"]), f"{_s(g)} ({_range(p['gongbao'])})",
                     _s(_med(p["optimize"])), _int(p["quads"] / g),
                     f"{_s(cli)} ({_range(p['oxigraph_cli'])})", _int(p["quads"] / cli),
                     f"**{cli / g:.2f}×**", f"{_s(bulk)} ({_int(p['quads'] / bulk)}/s)"])
    lines += _table(["data", "quads", "gongbao load", "of which optimize", "quads/s", "`oxigraph load`", "quads/s",
                     "gongbao ÷ CLI throughput", "`bulk_load` from file"], rows)
    before = [(p, _med([g - o for g, o in zip(p["gongbao"], p["optimize"])])) for p in load["points"]]
    lines += ["Before its final `optimize` (a compaction of the store, which the build does once so that every "
              "query after it reads a compacted store), the load runs at " + "; ".join(
                  f"{_int(p['quads'] / seconds)} quads/s on {_issues(p['n'])} "
                  f"({_med(p['oxigraph_cli']) / seconds:.2f}× the CLI's throughput)" for p, seconds in before) + ".", ""]
    return lines


def _method(results: dict) -> list[str]:
    s = results["settings"]
    return ["## How this was measured", "",
            f"- Sizes {s['sizes']} (optional {s['optional_sizes'] or 'none'}, built only if a linear fit of the "
            f"measured sizes predicts ≤ {s['budget'] / 60:.0f} min); queries and loading at {s['query_sizes']}.",
            f"- Repetitions: {s['repeat']} at N = 1 (builds, loads), at most 3 at N = 10, 1 above; queries "
            f"{s['query_repeat']} timed runs per engine, fewer when a run is slow ({s['query_budget']:.0f} s budget "
            "per query and engine). p95 is the nearest-rank 95th percentile: the maximum when there are fewer than "
            "20 runs.",
            "- Wall time with `time.perf_counter`; a child process's peak RSS from `os.wait4` (that child alone, "
            "unlike `getrusage(RUSAGE_CHILDREN)`, which keeps the largest child so far); in-process stages report "
            "the process's `ru_maxrss` high-water mark after each stage.",
            "- Other work on the machine disturbs the numbers; the load average when each section started is in the "
            "machine table.", ""]
