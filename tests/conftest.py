"""Shared fixtures: the seed issue parsed once, and built once into a temporary graph directory."""

from __future__ import annotations

import csv
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from gongbao import paths
from gongbao.build import run_build
from gongbao.parse import parse_source
from gongbao.parse.source import read_source

SEED = paths.SOURCES / "cq-gazette-2023-06.txt"
EXPECTED = Path(__file__).parent / "expected"


def read_expected(name: str) -> list[dict[str, str]]:
    """Rows typed by hand from the source text (tests/expected/NAME.tsv)."""
    with (EXPECTED / f"{name}.tsv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.fixture(scope="session")
def seed_source():
    return read_source(SEED)


@pytest.fixture(scope="session")
def seed_issue(seed_source):
    return parse_source(seed_source)


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The seed built into its own graph directory: (graph_dir, Build)."""
    graph_dir = tmp_path_factory.mktemp("graph")
    return graph_dir, run_build([SEED], graph_dir)


@pytest.fixture(scope="session")
def store(built):
    from gongbao.store import open_read_only

    return open_read_only(built[0])


def document(issue, number):
    return next(d for d in issue.documents if d.number == number)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_server(graph_dir: Path, timeout_s: int = 5):
    """The real oxigraph server on the store in graph_dir, on a free loopback port: yields its URL."""
    from gongbao.serve import server_command

    port = free_port()
    with _serving(server_command(graph_dir, port=port, timeout_s=timeout_s), port, subprocess.PIPE) as url:
        yield url


@contextmanager
def running_site(graph_dir: Path, log: Path, timeout_s: int = 5):
    """`cli.py serve` (the site, with oxigraph behind it) on a free loopback port: yields its URL.
    Its log goes to a file, not a pipe: the site logs every query, and a full pipe would stall it."""
    port = free_port()
    command = [sys.executable, str(paths.HOME / "cli.py"), "serve", "--graph-dir", str(graph_dir),
               "--port", str(port), "--timeout", str(timeout_s)]
    with log.open("wb") as errors, _serving(command, port, errors) as url:
        yield url


@contextmanager
def _serving(command: list[str], port: int, errors):
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_answering(url, process)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def wait_until_answering(url: str, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url + "/query?query=" + urllib.parse.quote("ASK {}"), timeout=2).close()
            return
        except (urllib.error.URLError, ConnectionError):
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                said = process.stderr.read().decode(errors="replace") if process.stderr else "(see its log)"
                raise RuntimeError(f"server did not start: {said}")
            time.sleep(0.1)
