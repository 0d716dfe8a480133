"""The benchmark harness runs and writes its tables; the synthetic corpus is made of real issues.

Benchmarks are not tests: nothing here asserts a time.
"""

import subprocess
import sys
from pathlib import Path

import pytest

from gongbao.parse import parse_text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # bench/ is a folder of the repository, not part of the installed package

from bench import corpus  # noqa: E402


def test_generated_issues_parse_and_differ_from_the_seed(tmp_path):
    paths = corpus.write_corpus(4, tmp_path)  # asserts that each parses into the seed's shape
    texts = [p.read_text(encoding="utf-8") for p in paths]
    assert texts[0] == corpus.SEED.read_text(encoding="utf-8")
    assert len(set(texts)) == 4
    issues = [parse_text(text, path.name) for text, path in zip(texts, paths)]
    seed = issues[0]
    assert len({(i.year, i.number) for i in issues}) == 4
    numbers = [d.number for i in issues for d in i.documents]
    assert len(set(numbers)) == len(numbers), "every document keeps its own number, so its own IRIs"
    for issue in issues[1:]:
        assert [d.series for d in issue.documents] == [d.series for d in seed.documents]
        assert [len(list(d.nodes())) for d in issue.documents] == [len(list(d.nodes())) for d in seed.documents]
        assert _items(issue) != _items(seed), "items are reordered within their groups"
        assert _units(issue) != _units(seed), "agencies are swapped in unit lists"


def test_items_are_renumbered_in_sequence():
    seed, variant = (parse_text(text, name) for name, text in corpus.generate(2))
    assert _numbering_notices(variant) == _numbering_notices(seed) == 0
    for doc in variant.documents:
        for node in doc.nodes():
            items = [child.ordinal for child in node.children if child.kind == "item"]
            if items:
                assert items == list(range(items[0], items[0] + len(items)))


@pytest.mark.server
def test_quick_harness_writes_the_report(tmp_path):
    output = tmp_path / "benchmarks.md"
    run = subprocess.run([sys.executable, "-m", "bench", "--quick", "--output", str(output),
                          "--json", str(tmp_path / "raw.json"), "--workdir", str(tmp_path / "work")],
                         cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr[-3000:]
    text = output.read_text(encoding="utf-8")
    for heading in ("## Machine", "## Targets", "## 1. Building the seed issue", "## 2. Scale",
                    "## 3. Competency queries", "## 4. Validation throughput", "## 5. Loading the store",
                    "## 6. Sources other than plain text", "## 7. The site"):
        assert heading in text
    assert "| --- |" in text and "Quick smoke run" in text
    assert (tmp_path / "raw.json").exists()


def _numbering_notices(issue):
    return sum(1 for n in issue.notices if "item" in n.message and "expected" in n.message)


def _items(issue):
    return [(d.number, n.path, n.title) for d in issue.documents for n in d.nodes() if n.kind == "item"]


def _units(issue):
    return [u.name for d in issue.documents for n in d.nodes() for ul in n.unit_lists for u in ul.units]


def test_engine_answers_compare_as_multisets():
    from bench.engines import compare

    rows = (("a", "n"), [("x", "3"), ("y", "1.5")])
    assert compare(rows, (("a", "n"), [("y", "1.5"), ("x", "3")])) is None
    assert compare(rows, (("a", "n"), [("x", "3.0"), ("y", "1.50")]))["kind"] == "lexical form of numbers only"
    assert compare(rows, (("a", "n"), rows[1] + [("x", "3")]))["kind"].startswith("duplicates only")
    assert compare(rows, (("a", "n"), [("x", "4"), ("y", "1.5")]))["kind"] == "different rows"
    assert compare(rows, (("a", "m"), rows[1]))["kind"] == "variables"
