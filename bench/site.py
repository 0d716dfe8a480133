"""The site: how long each page takes at 1 and at 100 issues, and search.

`python -m bench.site [--sizes 1,100] [--repeat N] [--output docs/benchmarks.md]` builds each
corpus (bench/corpus.py) with `cli.py build`, starts `cli.py serve` on it, and asks each page
over HTTP on the loopback: the first request (which makes what a page needs of the whole
graph once per published store: the accountability table behind the leader and document
pictures, the targets table, the search index) apart from the following ones, whose median
and 95th percentile are reported. Times are the client's wall time on the loopback, so they
include HTTP; the server's own render time is in each answer's Server-Timing header.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

from . import corpus
from .measure import PYTHON, ROOT, bench_env, checked, run_process
from .sources import measure_into_report

TITLE = "## 7. The site"
GOAL_MS = 100
PAGES = [  # (what, path): one of each kind, the largest where there is a choice
    ("home", "/"),
    ("document 渝府发〔2023〕8号 (largest)", "/id/doc/yufufa/2023/8"),
    ("document 渝府办发〔2023〕26号", "/id/doc/yufubanfa/2023/26"),
    ("task", "/id/doc/yufubanfa/2023/26/plan/p2/g1/i1"),
    ("agency 市科技局 (most tasks)", "/id/agency/cq-sti"),
    ("leader 张安疆", "/id/person/%E5%BC%A0%E5%AE%89%E7%96%86"),
    ("targets, all", "/targets"),
    ("targets, one year", "/targets?year=2025"),
    ("places", "/places"),
    ("programmes", "/programmes"),
    ("a programme's mentions", "/id/programme/double-doubling"),
    ("issue", "/id/issue/cq-gazette/2023/6"),
    ("query page", "/sparql"),
    ("agency as Turtle", "/id/agency/cq-sti.ttl"),
    ("task as JSON-LD", "/id/doc/yufubanfa/2023/26/plan/p2/g1/i1.jsonld"),
    ("VoID", "/.well-known/void"),
]
SEARCHES = ["双倍增", "市科技局", "西部（重庆）科学城", "高新技术企业", "没有这个词"]


def _get(url: str) -> tuple[float, int, int]:
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=600) as answer:
        body = answer.read()
        status = answer.status
    return time.perf_counter() - start, status, len(body)


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def measure(workdir: Path, sizes: list[int], repeat: int, log) -> dict:
    result = {"sizes": {}}
    sources = corpus.write_corpus(max(sizes), workdir / "corpus")
    for n in sizes:
        graph_dir = workdir / f"graph-{n}"
        log(f"building {n} issue(s)")
        build = checked(run_process([PYTHON, "cli.py", "build", *map(str, sources[:n]), "--graph-dir", str(graph_dir),
                                     "-q"], env=bench_env()), f"build of {n} issues")
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([PYTHON, "cli.py", "serve", "--graph-dir", str(graph_dir), "--port", str(port)],
                                  cwd=ROOT, env=bench_env(), stdout=subprocess.DEVNULL,
                                  stderr=(workdir / f"serve-{n}.log").open("wb"))
        try:
            _wait(url, server)
            pages, searches = [], []
            for what, path in PAGES + [(f"search {q}", "/search?q=" + urllib.parse.quote(q)) for q in SEARCHES]:
                first, status, size = _get(url + path)
                if status != 200:
                    raise RuntimeError(f"{path}: HTTP {status}")
                times = [_get(url + path)[0] for _ in range(repeat)]
                row = {"what": what, "path": path, "first": first, "seconds": times, "bytes": size}
                (searches if what.startswith("search") else pages).append(row)
                log(f"{n} issues: {what}: first {first * 1000:.0f} ms, median {statistics.median(times) * 1000:.1f} ms")
            result["sizes"][n] = {"pages": pages, "searches": searches, "build_s": build.seconds}
        finally:
            server.terminate()
            server.wait(timeout=30)
    return result


def _wait(url: str, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            _get(url + "/query?query=ASK%20%7B%7D")
            return
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the site did not start")
            time.sleep(0.2)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 10 else f"{seconds:.1f} s"


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def render(result: dict) -> list[str]:
    sizes = sorted(result["sizes"])
    out = [TITLE, "", "Each page asked over HTTP on the loopback of `cli.py serve`: the first request once the site "
           "answers, then the median and 95th percentile of the following ones. When it opens a published store "
           "the site makes, in the background, what pages need of the whole graph (cq05's rows behind the "
           "pictures and the agency and leader pages, the targets table, the search index); a first request "
           "that needs one of them waits for it, which is most of its time at 100 issues. "
           f"Goal: every page ≤ {GOAL_MS} ms at {sizes[-1]} issues.", ""]
    for kind in ("pages", "searches"):
        header = ["page" if kind == "pages" else "search (/search?q=…)"]
        for n in sizes:
            header += [f"{n}: first", f"{n}: median", f"{n}: p95"]
        header.append(f"≤ {GOAL_MS} ms at {sizes[-1]}")
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        for i, row in enumerate(result["sizes"][sizes[0]][kind]):
            cells = [row["what"]]
            for n in sizes:
                r = result["sizes"][n][kind][i]
                cells += [_ms(r["first"]), _ms(statistics.median(r["seconds"])), _ms(_p95(r["seconds"]))]
            last = statistics.median(result["sizes"][sizes[-1]][kind][i]["seconds"]) * 1000
            cells.append("yes" if last <= GOAL_MS else "**no**")
            lines.append("| " + " | ".join(cells) + " |")
        out += lines + [""]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.site", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,100")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    measure_into_report("site", f"python -m bench.site --sizes {args.sizes} --repeat {args.repeat}",
                        lambda workdir, log: measure(workdir, sizes, args.repeat, log), render, args.output, TITLE)
    return 0


if __name__ == "__main__":
    sys.exit(main())
