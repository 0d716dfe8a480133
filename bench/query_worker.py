"""The competency queries on one engine, in a process of its own.

    python -m bench.query_worker ENGINE GRAPH_DIR REPEAT BUDGET TIMEOUT NAME…

ENGINE is inprocess, http or rdflib (see engines.py). A query that needs more memory than
the process may use, or that never ends, then takes down this process, not the harness:
the harness starts a new one for the queries left. Prints JSON lines: one when the engine
is open, one per query (its rows and timings, or what went wrong), and, for http, the
server's peak RSS.
"""

from __future__ import annotations

import json
import sys

from gongbao import query as queries

from .engines import Http, InProcess, QueryTimeout, RdflibMemory
from .measure import Summary, timed

KINDS = {"inprocess": InProcess, "http": Http, "rdflib": RdflibMemory}
ENGINE_BROKEN = 3  # exit code: the engine cannot go on (server gone, out of memory)


def emit(item: dict) -> None:
    print(json.dumps(item, ensure_ascii=False), flush=True)


def open_engine(kind: str, graph_dir, timeout: int):
    from pathlib import Path

    graph_dir = Path(graph_dir)
    if kind == "inprocess":
        return InProcess(graph_dir)
    if kind == "http":
        return Http(graph_dir, timeout_s=timeout)
    return RdflibMemory(graph_dir / "gongbao.nq", timeout_s=timeout)


def latencies(engine, text: str, first: float, repeat: int, budget: float) -> dict:
    repeats = min(repeat, int(budget / first)) if first > 0 else repeat
    if repeats == 0:  # one run already took more than the budget: it is the only sample
        return Summary([first]).as_dict() | {"first": first, "only_first": True}
    values = [timed(engine.run, text)[0] for _ in range(repeats)]
    return Summary(values).as_dict() | {"first": first}


def main(argv: list[str]) -> int:
    kind, graph_dir, repeat, budget, timeout, *names = argv
    repeat, budget, timeout = int(repeat), float(budget), int(timeout)
    try:
        open_seconds, engine = timed(open_engine, kind, graph_dir, timeout)
    except MemoryError:
        emit({"failed": "MemoryError: the engine could not be opened within the process's memory limit"})
        return ENGINE_BROKEN
    emit({"open_seconds": open_seconds})
    try:
        for name in names:
            text = queries.load_query(name)
            try:
                first, (variables, rows) = timed(engine.run, text)  # the first run also warms caches
                emit({"query": name, "variables": list(variables), "rows": [list(r) for r in rows],
                      "latency": latencies(engine, text, first, repeat, budget)})
            except QueryTimeout:
                emit({"query": name, "timeout": timeout})
            except MemoryError:
                emit({"query": name, "error": "MemoryError: out of memory under the process's limit"})
                return ENGINE_BROKEN
            except Exception as error:  # a failing query is a finding to report, not a crash
                emit({"query": name, "error": f"{type(error).__name__}: {error}"[:300]})
                if isinstance(engine, Http) and engine.process.poll() is not None:
                    return ENGINE_BROKEN  # the server died with this query: a new process starts a new one
    finally:
        engine.close()
        if isinstance(engine, Http):
            emit({"server_max_rss_kib": engine.max_rss_kib})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
