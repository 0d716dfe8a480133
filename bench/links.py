"""Precision and recall of the links a document implies: calls found, calls answered, and the
links of cq12, against rows typed by hand from the text.

`python -m bench.links [--output docs/benchmarks.md]`

Two graphs: the seed issue alone (hand rows tests/expected/cq12.tsv, cq15.tsv), and the seed
with a later issue of our own, tests/fixtures/cq-gazette-2023-08.txt (hand rows
tests/expected/fixture-2023-08/). For each: the calls cq15 lists (number, path, quote with the
layout's whitespace out), the answers among them (the call and its answering number), and the
links cq12 lists (from, path, relation, to, quote). Precision is the share of what the graph says
that the hand rows hold; recall the share of the hand rows that the graph says.
"""

from __future__ import annotations

import argparse
import csv
import re
import time
from pathlib import Path

from .measure import ROOT
from .sources import measure_into_report

TITLE = "## 9. Links between documents"
SEED = ROOT / "sources" / "cq-gazette-2023-06.txt"
LATER = ROOT / "tests" / "fixtures" / "cq-gazette-2023-08.txt"
EXPECTED = ROOT / "tests" / "expected"
CASES = [("the seed issue", [SEED], EXPECTED), ("the seed and 2023 No.8", [SEED, LATER], EXPECTED / "fixture-2023-08")]


def _flat(text) -> str:
    return re.sub(r"\s+", "", str(text or ""))


def _hand(folder: Path, name: str) -> list[dict]:
    with (folder / f"{name}.tsv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def _keys(rows: list[dict]) -> dict[str, set]:
    return {"calls": {(r["number"], r["path"], _flat(r["quote"])) for r in rows},
            "answers": {(r["number"], r["path"], _flat(r["quote"]), r["answerNumber"]) for r in rows
                        if r["answerNumber"]}}


def _link_keys(rows: list[dict]) -> set:
    return {(r["fromNumber"], r["fromPath"], r["relation"], r["toNumber"] or "", _flat(r["quote"])) for r in rows}


def _score(got: set, expected: set) -> dict:
    hit = len(got & expected)
    return {"got": len(got), "expected": len(expected), "hit": hit,
            "precision": hit / len(got) if got else 1.0, "recall": hit / len(expected) if expected else 1.0}


def measure(workdir: Path, log) -> dict:
    from gongbao import query as queries
    from gongbao.build import run_build
    from gongbao.store import open_read_only

    result = []
    for what, sources, folder in CASES:
        graph_dir = workdir / re.sub(r"\W+", "-", what)
        started = time.perf_counter()
        run_build(sources, graph_dir)
        seconds = time.perf_counter() - started
        store = open_read_only(graph_dir)
        _, cq15 = queries.rows(store, queries.load_query("cq15"))
        _, cq12 = queries.rows(store, queries.load_query("cq12"))
        got, expected = _keys(cq15), _keys(_hand(folder, "cq15"))
        row = {"what": what, "build_s": seconds,
               "calls": _score(got["calls"], expected["calls"]),
               "answers": _score(got["answers"], expected["answers"]),
               "links": _score(_link_keys(cq12), _link_keys(_hand(folder, "cq12")))}
        log(f"{what}: {row}")
        result.append(row)
    return {"cases": result}


def render(result: dict) -> list[str]:
    lines = [TITLE, "",
             "What cq15 and cq12 say against the rows typed by hand from the text: calls found (cq15's rows), "
             "answers (a call and the document that answers it), and cq12's links (printed citations, answers, "
             "programme references). Precision: the share of the graph's rows the hand rows hold; recall: the "
             "share of the hand rows the graph gives.", "",
             "| graph | what | graph's rows | hand rows | both | precision | recall |", "|---|---|---:|---:|---:|---:|---:|"]
    for case in result["cases"]:
        for part in ("calls", "answers", "links"):
            s = case[part]
            lines.append(f"| {case['what']} | {part} | {s['got']} | {s['expected']} | {s['hit']} | "
                         f"{s['precision']:.2f} | {s['recall']:.2f} |")
    return lines + [""]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args(argv)
    measure_into_report("links", "python -m bench.links", measure, render, args.output, TITLE)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
