"""A build while the site serves: clients asking in a loop see no failed request, and their
answers change from the old graph to the new one exactly once, without a restart."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from conftest import SEED, running_site
from gongbao import paths
from gongbao.store import store_path

pytestmark = pytest.mark.server
LATER = paths.HOME / "tests" / "fixtures" / "cq-gazette-2023-07.txt"
COUNT = ("SELECT (COUNT(?d) AS ?n) WHERE { ?d a <https://w3id.org/gongbao/ontology#PolicyDocument> }")


def documents_by_query(url: str) -> int:
    data = urllib.parse.urlencode({"query": COUNT}).encode()
    with urllib.request.urlopen(urllib.request.Request(url + "/query", data=data), timeout=30) as answer:
        return int(json.loads(answer.read())["results"]["bindings"][0]["n"]["value"])


def documents_on_home_page(url: str) -> int:
    with urllib.request.urlopen(url + "/", timeout=30) as answer:
        return answer.read().decode("utf-8").count('<tr><td><a href="/id/doc/')


def test_a_build_while_clients_ask_switches_once_and_fails_nothing(built, tmp_path):
    graph_dir = tmp_path / "graph"
    shutil.copytree(built[0], graph_dir, symlinks=True)
    old_store = store_path(graph_dir).resolve()
    log = tmp_path / "serve.log"
    answers: dict[str, list] = {"query": [], "page": []}
    failures: list[str] = []
    stop = threading.Event()

    def ask(kind, how):
        while not stop.is_set():
            try:
                answers[kind].append(how(url))
            except (urllib.error.URLError, ConnectionError, ValueError) as error:
                failures.append(f"{kind}: {error}")

    clients = [threading.Thread(target=ask, args=("query", documents_by_query)),
               threading.Thread(target=ask, args=("page", documents_on_home_page))]
    with running_site(graph_dir, log) as url:
        try:
            for client in clients:
                client.start()
            time.sleep(1)
            build = subprocess.run([sys.executable, str(paths.HOME / "cli.py"), "build", "-q", "--graph-dir",
                                    str(graph_dir), str(SEED), str(LATER)], capture_output=True, timeout=300)
            assert build.returncode == 0, build.stderr.decode()
            assert store_path(graph_dir).resolve() != old_store
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and not (answers["query"][-20:] == [8] * 20
                                                       and answers["page"][-5:] == [8] * 5):
                time.sleep(0.2)
        finally:
            stop.set()
            for client in clients:
                if client.is_alive():
                    client.join(timeout=60)
    assert failures == []
    logged = log.read_text(encoding="utf-8")
    asked = [line for line in logged.splitlines() if "gongbao.site.query" in line and "PolicyDocument" in line]
    assert len(asked) == len(answers["query"]) and all("gongbao.site.query 200 " in line for line in asked)
    # 4 documents in the seed issue; the later issue adds 4 more (tests/fixtures/README.md)
    for kind, seen in answers.items():
        switched = [i for i in range(1, len(seen)) if seen[i] != seen[i - 1]]
        assert seen[0] == 4 and seen[-1] == 8, kind
        assert len(switched) == 1, (kind, seen)
    # the server on the old store was stopped; none is left on either store
    time.sleep(0.5)
    left = subprocess.run(["pgrep", "-f", f"serve-read-only --location {old_store}"], capture_output=True)
    assert left.stdout == b""
