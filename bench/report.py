"""The results of one run as Markdown: machine, targets, and one section per measurement."""

from __future__ import annotations

from .measure import Summary, geometric_mean, mib

STAGES = [("parse", "parse: read and split the text into records"),
          ("map", "map: records → quads (+ reference, ontology)"),
          ("to_rdflib", "validate, part 1: quads → rdflib graph"),
          ("shacl", "validate, part 2: pySHACL"),
          ("load", "load: Store.bulk_extend + flush + optimize"),
          ("dump", "dump: sorted N-Quads")]
ENGINES = ["oxigraph in-process", "oxigraph HTTP", "rdflib in-memory"]

# The targets the project set itself (issue 7).
SEED_VS_IMPORT = 3.0
SCALE_100 = 70.0
HTTP_MS = {1: 10.0, 100: 100.0}
HTTP_VS_RDFLIB = 10.0
VALIDATION_TPS = 50_000
LOAD_VS_CLI = 0.9


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
    if results.get("quick"):
        lines += ["> **Quick smoke run** (N = 1, one repetition): these numbers show that the harness works; "
                  "do not cite them.", ""]
    lines += [f"Measured by `{results['command'].strip()}` on {results['started']}; the run took "
              f"{_s(results.get('seconds', 0))}. Commit {results['machine']['commit']}."
              + (f" {results['note']}" if results.get("note") else ""),
              "",
              "Reproduce with `make bench` (the full run; most of its time is SHACL validation of the larger corpora) "
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
        walls = {p["n"]: _med([s["wall"] for s in p["samples"]]) for p in scale["points"] if "samples" in p}
        if 1 in walls and 100 in walls:
            ratio = walls[100] / walls[1]
            rows.append(["100-issue build vs 1-issue build", f"{_s(walls[100])} vs {_s(walls[1])} = {_x(ratio)}",
                         f"≤ {SCALE_100:g}×", _yes(ratio <= SCALE_100)])
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
            tps = _validation_tps(point)
            rows.append(["effective validation throughput, 100 issues", f"{_int(tps)} triples/s",
                         f"≥ {_int(VALIDATION_TPS)} triples/s", _yes(tps >= VALIDATION_TPS)])
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


def _validation_tps(point: dict) -> float:
    samples = point["samples"]
    return _med([s["quads"] / s["stages"]["validate"] for s in samples])


def _seed(seed: dict) -> list[str]:
    samples = seed["stage_samples"]
    total = _med([sum(s["stages"][k] for k, _ in STAGES) for s in samples])
    lines = ["## 1. Building the seed issue", "",
             f"`sources/cq-gazette-2023-06.txt`: {samples[-1]['quads']:,} quads. Stages run one by one in a fresh "
             f"process (`bench/worker.py`, the same calls as `gongbao.build.run_build`), {len(samples)} run(s); "
             "peak RSS is the process's high-water mark after the stage.", ""]
    rows = []
    for key, label in [("imports", "import gongbao and its dependencies")] + STAGES:
        values = [s["stages"][key] for s in samples]
        share = f"{100 * _med(values) / total:.1f}%" if key != "imports" else "–"
        rows.append([label, _s(_med(values)), _range(values), share,
                     f"{mib(_med([s['rss_kib'][key] for s in samples])):.0f}"])
    rows.append(["**sum of the stages**", f"**{_s(total)}**", "", "100%", ""])
    walls = [s["wall"] for s in samples]
    rows.append(["whole worker process (interpreter start included)", _s(_med(walls)), _range(walls), "",
                 f"{mib(_med([s['max_rss_kib'] for s in samples])):.0f}"])
    for key, label in [("cli_build", "**`python cli.py build SEED --graph-dir TMP -q`**"),
                       ("import_floor", f"`python -c \"import rdflib, pyoxigraph, pyshacl, owlready2, click\"`"),
                       ("interpreter", "`python -c pass`")]:
        runs = seed[key]
        values = [r["seconds"] for r in runs]
        rows.append([label, _s(_med(values)), _range(values), "", f"{mib(_med([r['max_rss_kib'] for r in runs])):.0f}"])
    lines += _table(["stage", "median", "min – max", "share of stages", "peak RSS MiB"], rows)
    build = _med([r["seconds"] for r in seed["cli_build"]])
    floor = _med([r["seconds"] for r in seed["import_floor"]])
    lines += [f"The whole build takes **{_x(build / floor)}** the time needed just to import the dependencies "
              f"(target ≤ {SEED_VS_IMPORT:g}×). pySHACL alone is {100 * _med([s['stages']['shacl'] for s in samples]) / total:.0f}% "
              "of the stages.", ""]
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


def _scale(scale: dict) -> list[str]:
    points = [p for p in scale["points"] if "samples" in p]
    lines = ["## 2. Scale: N synthetic issues", "",
             "The corpus (`bench/corpus.py`) is the seed plus N − 1 variants of it: new issue and document numbers "
             "(series kept), dates, numbers in the text scaled, items shuffled within their group and renumbered, "
             "agencies in unit lists swapped among agencies of the same kind. Every issue is parsed and checked "
             "before the build. Each build is one fresh process running all stages (`bench/worker.py`); "
             "reference data and the ontology are shared, so triples grow slightly less than N×.", ""]
    if not points:
        return lines + ["No size was measured.", ""]
    base = _med([s["wall"] for s in points[0]["samples"]]) if points[0]["n"] == 1 else None
    rows = []
    for p in scale["points"]:
        if "samples" not in p:
            rows.append([str(p["n"]), "–", "skipped: " + p["skipped"], "", "", "", "", ""])
            continue
        walls = [s["wall"] for s in p["samples"]]
        quads = p["samples"][-1]["quads"]
        wall = _med(walls)
        rows.append([str(p["n"]), _int(quads), f"{_s(wall)} ({_range(walls)}, {len(walls)} run(s))",
                     _int(quads / wall), f"{mib(max(s['max_rss_kib'] for s in p['samples'])):,.0f}",
                     _s(wall / p["n"]), _x(wall / base) if base else "–",
                     f"{p['samples'][-1].get('violations', 0)} / {p['samples'][-1].get('warnings', 0)}"])
    lines += _table(["N", "triples", "wall time (min – max, runs)", "triples/s", "peak RSS MiB", "per issue",
                     "× N = 1", "violations / warnings"], rows)
    sizes = [p["n"] for p in points]
    header = ["stage"] + [f"N = {n}" for n in sizes] + ([f"growth {sizes[-1]} / {sizes[0]}"] if len(sizes) > 1 else [])
    rows = []
    for key, label in STAGES:
        values = [_med([s["stages"][key] for s in p["samples"]]) for p in points]
        row = [label] + [_s(v) for v in values]
        if len(sizes) > 1:
            row.append(_x(values[-1] / values[0]) if values[0] else "–")
        rows.append(row)
    lines += ["Stage times (medians):", ""] + _table(header, rows)
    lines += [_linearity(points), ""]
    return lines


def _linearity(points: list[dict]) -> str:
    if len(points) < 3:
        return "Too few sizes to judge how cost grows."
    walls = [(p["n"], _med([s["wall"] for s in p["samples"]])) for p in points]
    marginals = []
    for (n1, t1), (n2, t2) in zip(walls, walls[1:]):
        marginals.append(((n1, n2), (t2 - t1) / (n2 - n1)))
    text = "Marginal cost per added issue: " + ", ".join(
        f"{_s(m)} from N = {a} to {b}" for (a, b), m in marginals) + ". "
    first, last = marginals[0][1], marginals[-1][1]
    ratio = last / first if first > 0 else float("inf")
    if 0.8 <= ratio <= 1.25:
        verdict = f"the cost per issue stays within ±25% ({ratio:.2f}×): **cost grows linearly** with N"
    elif ratio > 1.25:
        verdict = f"each added issue costs {ratio:.2f}× more at the large end: **cost grows faster than linearly**"
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
            elif record:
                opened.append(f"{name} {_s(record['open_seconds'])}")
        lines += ["Time to open each engine (rdflib: parse the dump into memory): " + "; ".join(opened) + ".", ""]
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
                    row.append("error")
                else:
                    row.append("–")
            row.append(_x(medians[ENGINES[2]] / medians[ENGINES[1]])
                       if ENGINES[1] in medians and ENGINES[2] in medians else "–")
            found = diff_by_query.get(name, [])
            row.append("yes" if not found else "**NO**: " + "; ".join(
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
        http = engines.get("oxigraph HTTP", {})
        if http.get("server_max_rss_kib"):
            lines += [f"- the server's peak RSS: {mib(http['server_max_rss_kib']):.0f} MiB"]
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
             "Validation as the build runs it: the quads copied into an rdflib graph, then pySHACL with the "
             "ontology and every shape in `shapes/`. Effective throughput = triples ÷ (copy + pySHACL).", ""]
    rows = []
    for p in v["points"]:
        samples = p["samples"]
        quads = samples[-1]["quads"]
        copy = _med([s["stages"]["to_rdflib"] for s in samples])
        shacl = _med([s["stages"]["shacl"] for s in samples])
        rows.append([str(p["n"]), _int(quads), _s(copy), _s(shacl), f"**{_int(_validation_tps(p))}**",
                     _int(quads / shacl), f"{mib(_med([s['rss_kib']['shacl'] for s in samples])):,.0f}"])
    lines += _table(["N", "triples", "to rdflib", "pySHACL", "effective triples/s", "pySHACL-only triples/s",
                     "peak RSS MiB after"], rows)
    share = v.get("sparql_share")
    if share:
        full, without = _med(share["full"]), _med(share["without_sparql"])
        lines += [f"Where pySHACL's time goes, on the seed ({share['triples']:,} triples, {len(share['full'])} run(s) "
                  f"each, in one process): all shapes {_s(full)}; the same shapes without their "
                  f"{share['sparql_constraints']} SPARQL-based constraints (`sh:sparql`) {_s(without)}. "
                  f"**The SPARQL-based constraints cost {100 * (full - without) / full:.0f}% of validation**: pySHACL "
                  f"runs each one once per focus node ({share['sparql_focus_nodes']:,} focus nodes here), and parses "
                  "the query text again every time.", ""]
    return lines


def _load(load: dict) -> list[str]:
    lines = ["## 5. Loading the store", "",
             "The N-Quads dump of the build, loaded into a fresh on-disk store: as `gongbao.store.write_store` does it "
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
