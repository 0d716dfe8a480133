"""Three ways to answer the competency queries over the same data, with rows as plain strings.

- oxigraph in-process: pyoxigraph reading the built store, union default graph;
- oxigraph over HTTP: the `oxigraph serve-read-only` server that `gongbao serve` runs;
- rdflib in memory: an rdflib Dataset loaded from the N-Quads dump, default graph = union.

Rows are tuples of string values (IRI, literal lexical form, "" for unbound, "_:" for any
blank node, whose labels are engine-local), so results compare as multisets.
"""

from __future__ import annotations

import http.client
import json
import signal
import socket
import subprocess
import time
import urllib.parse
from collections import Counter
from contextlib import contextmanager
from decimal import Decimal, InvalidOperation
from pathlib import Path

import rdflib
from pyoxigraph import BlankNode, QueryBoolean, QuerySolutions, RdfFormat, Store, parse

from gongbao.serve import server_command
from gongbao.store import store_path

Rows = tuple[tuple[str, ...], list[tuple[str, ...]]]  # variables, rows

HTTP_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"


class QueryTimeout(Exception):
    pass


# ---------------------------------------------------------------- oxigraph in-process

class InProcess:
    name = "oxigraph in-process"

    def __init__(self, graph_dir: Path):
        self.store = Store.read_only(str(store_path(graph_dir).resolve()))

    def run(self, text: str) -> Rows:
        return _oxigraph_rows(self.store.query(text, use_default_graph_as_union=True))

    def close(self) -> None:
        del self.store


def _oxigraph_rows(results) -> Rows:
    if isinstance(results, QueryBoolean):
        return ("boolean",), [(str(bool(results)).lower(),)]
    if isinstance(results, QuerySolutions):
        variables = tuple(v.value for v in results.variables)
        return variables, [tuple(_term(s[v]) for v in variables) for s in results]
    return ("subject", "predicate", "object"), [(_term(t.subject), _term(t.predicate), _term(t.object))
                                                for t in results]


def _term(term) -> str:
    if term is None:
        return ""
    if isinstance(term, BlankNode):
        return "_:"
    return term.value


# ---------------------------------------------------------------- oxigraph over HTTP

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Http:
    """The read-only server on a free local port, asked over one kept-alive connection."""

    name = "oxigraph HTTP"

    def __init__(self, graph_dir: Path, timeout_s: int = 300):
        self.port = free_port()
        self.process = subprocess.Popen(server_command(graph_dir, port=self.port, timeout_s=timeout_s),
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.timeout_s = timeout_s
        self.connection = None
        self._wait_until_ready()
        self.max_rss_kib: int | None = None

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + 60
        while True:
            try:
                self.run("ASK {}")
                return
            except (OSError, http.client.HTTPException):
                self._reconnect()
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.close()
                    raise RuntimeError("the oxigraph server did not start: "
                                       + (self.process.stderr.read().decode() if self.process.stderr else ""))
                time.sleep(0.05)

    def _reconnect(self) -> None:
        if self.connection is not None:
            self.connection.close()
        self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout_s + 10)

    def fetch(self, text: str) -> tuple[str, bytes]:
        if self.connection is None:
            self._reconnect()
        body = urllib.parse.urlencode({"query": text})
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": HTTP_ACCEPT}
        try:
            self.connection.request("POST", "/query", body, headers)
        except (OSError, http.client.HTTPException):
            # The server closed the kept-alive connection (after a long answer, say) before this
            # query was sent: send it again on a new one.
            self._reconnect()
            self.connection.request("POST", "/query", body, headers)
        try:
            response = self.connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            self._reconnect()  # the next query must not inherit a broken connection
            raise
        if response.status != 200:
            raise RuntimeError(f"HTTP {response.status}: {data[:500].decode('utf-8', 'replace')}")
        return response.getheader("Content-Type", ""), data

    def run(self, text: str) -> Rows:
        return http_rows(*self.fetch(text))

    def close(self) -> None:
        import os

        if self.connection is not None:
            self.connection.close()
        if self.process.poll() is None:
            self.process.terminate()
            try:
                _pid, _status, usage = os.wait4(self.process.pid, 0)
                self.max_rss_kib = usage.ru_maxrss
                self.process.returncode = 0
            except ChildProcessError:
                self.process.wait(timeout=10)


def http_rows(content_type: str, data: bytes) -> Rows:
    if "json" in content_type:
        document = json.loads(data)
        if "boolean" in document:
            return ("boolean",), [(str(document["boolean"]).lower(),)]
        variables = tuple(document["head"]["vars"])
        return variables, [tuple(_json_term(b.get(v)) for v in variables) for b in document["results"]["bindings"]]
    triples = parse(data, format=RdfFormat.N_TRIPLES)
    return ("subject", "predicate", "object"), [(_term(t.subject), _term(t.predicate), _term(t.object))
                                                for t in triples]


def _json_term(binding) -> str:
    if binding is None:
        return ""
    if binding["type"] == "bnode":
        return "_:"
    return binding["value"]


# ---------------------------------------------------------------- rdflib in memory

class RdflibMemory:
    name = "rdflib in-memory"

    def __init__(self, dump: Path, timeout_s: int = 300):
        # Keep each literal as the dump writes it: rdflib otherwise rewrites "3"^^xsd:decimal as
        # "3.0", the same value in another form, and the engines' rows would differ in form only.
        rdflib.NORMALIZE_LITERALS = False
        self.dataset = rdflib.Dataset(default_union=True)
        self.dataset.parse(str(dump), format="nquads")
        self.timeout_s = timeout_s

    def run(self, text: str) -> Rows:
        with _alarm(self.timeout_s):
            result = self.dataset.query(text)
            if result.type == "ASK":
                return ("boolean",), [(str(bool(result.askAnswer)).lower(),)]
            if result.type == "SELECT":
                variables = tuple(str(v) for v in result.vars)
                return variables, [tuple(_rdflib_term(value) for value in row) for row in result]
            return ("subject", "predicate", "object"), [tuple(map(_rdflib_term, t)) for t in result.graph]

    def close(self) -> None:
        del self.dataset


def _rdflib_term(term) -> str:
    if term is None:
        return ""
    if isinstance(term, rdflib.BNode):
        return "_:"
    return str(term)


@contextmanager
def _alarm(seconds: int):
    """rdflib evaluates in Python, so a signal can cut off a query that runs too long."""
    def expire(_signum, _frame):
        raise QueryTimeout(f"no answer within {seconds} s")
    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# ---------------------------------------------------------------- comparing answers

def compare(reference: Rows, other: Rows) -> dict | None:
    """None when both hold the same rows (as multisets, order ignored); else what differs."""
    ref_vars, ref_rows = reference
    other_vars, other_rows = other
    if ref_vars != other_vars:
        return {"kind": "variables", "expected": list(ref_vars), "found": list(other_vars)}
    a, b = Counter(ref_rows), Counter(other_rows)
    if a == b:
        return None
    missing, extra = list((a - b).elements()), list((b - a).elements())
    canonical_a, canonical_b = Counter(map(_canonical_row, ref_rows)), Counter(map(_canonical_row, other_rows))
    if set(a) == set(b):
        kind = "duplicates only (same distinct rows, different counts)"
    elif canonical_a == canonical_b:
        kind = "lexical form of numbers only"
    elif set(canonical_a) == set(canonical_b):
        kind = "lexical form of numbers and duplicates"
    else:
        kind = "different rows"
    return {"kind": kind,
            "rows_expected": len(ref_rows), "rows_found": len(other_rows),
            "missing": [list(r) for r in missing[:3]], "extra": [list(r) for r in extra[:3]],
            "missing_count": len(missing), "extra_count": len(extra)}


def _canonical_row(row: tuple[str, ...]) -> tuple[str, ...]:
    """Numbers compared by value: 1.50 and 1.5 are the same decimal."""
    out = []
    for value in row:
        try:
            out.append(str(Decimal(value).normalize()) if value and value[0] in "+-.0123456789" else value)
        except InvalidOperation:
            out.append(value)
    return tuple(out)
