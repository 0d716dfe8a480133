"""Shared fixtures: the seed issue parsed once, and built once into a temporary graph directory."""

from __future__ import annotations

import csv
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
