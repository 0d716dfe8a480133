"""The competency queries on a store of two issues: no row twice, each issue's leaders for its own tasks.

The second issue is the first variant of the synthetic corpus (bench/corpus.py), published after
the seed, with its division of work changed: 市科技局 and 西部科学城重庆高新区 pass from 张安疆 to
张国智. A task of the seed must answer to the seed's division of work (the later notice is not yet
in force), a task of the second issue to the second issue's.
"""

import sys
from collections import Counter
from pathlib import Path

import pytest

from conftest import SEED
from gongbao import query as queries
from gongbao.build import run_build
from gongbao.store import open_read_only

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # bench/ is a folder of the repository, not part of the installed package

from bench import corpus  # noqa: E402

SEED_LEADER, NEW_LEADER = "张安疆", "张国智"
MOVED = "市科技局（市外国专家局）、西部科学城重庆高新区"


@pytest.fixture(scope="module")
def two_issues(tmp_path_factory):
    sources = tmp_path_factory.mktemp("sources")
    (_, seed_text), (name, text) = corpus.generate(2)
    old, new = f"分管市教委、{MOVED}。", "分管市民族宗教委、"  # 张安疆's and 张国智's lists
    assert text.count(old) == text.count(new) == 1
    text = text.replace(old, "分管市教委。").replace(new, f"分管{MOVED}、市民族宗教委、")
    variant = sources / name
    variant.write_text(text, encoding="utf-8")
    graph_dir = tmp_path_factory.mktemp("two-issues")
    run_build([SEED, variant], graph_dir)
    return open_read_only(graph_dir)


@pytest.fixture(scope="module")
def seed_numbers(store):
    _, rows = queries.rows(store, queries.load_query("cq01"))
    return {r["number"] for r in rows}


def _rows(store, name):
    return queries.rows(store, queries.load_query(name))


def test_the_second_issue_is_later_and_has_its_own_documents(two_issues, seed_numbers):
    _, rows = _rows(two_issues, "cq01")
    assert len(rows) == 8
    new = [r for r in rows if r["number"] not in seed_numbers]
    assert len(new) == 4
    assert min(str(r["date"]) for r in new) > max(str(r["date"]) for r in rows if r["number"] in seed_numbers)


@pytest.mark.parametrize("name", queries.available())
def test_no_query_returns_a_row_twice(two_issues, store, name):
    variables, rows = _rows(two_issues, name)
    counts = Counter(tuple(str(row[v]) for v in variables) for row in rows)
    assert [row for row, n in counts.items() if n > 1] == []
    _, seed_rows = _rows(store, name)
    assert len(rows) <= 2 * len(seed_rows) or name == "cq09"  # cq09 pairs targets across issues


@pytest.mark.parametrize("name", ["cq01", "cq02", "cq03", "cq05", "cq07", "cq08", "cq11", "cq13", "exports/duties"])
def test_each_issue_adds_its_own_rows_once(two_issues, store, name):
    _, rows = _rows(two_issues, name)
    _, seed_rows = _rows(store, name)
    assert len(rows) == 2 * len(seed_rows)


@pytest.mark.parametrize("name", ["cq03", "cq05", "cq06", "cq10"])
def test_the_seed_answers_as_on_its_own(two_issues, store, seed_numbers, name):
    variables, rows = _rows(two_issues, name)
    _, seed_rows = _rows(store, name)
    assert [r for r in rows if r["number"] in seed_numbers] == seed_rows


def test_each_task_answers_to_the_division_of_work_of_its_issue(two_issues, seed_numbers):
    _, rows = _rows(two_issues, "cq05")
    old = [r for r in rows if r["number"] in seed_numbers]
    new = [r for r in rows if r["number"] not in seed_numbers]
    assert len(old) == len(new) == 173
    assert {r["official"] for r in old if r["agency"] == "市科技局"} == {SEED_LEADER}
    assert {r["official"] for r in new if r["agency"] == "市科技局"} == {NEW_LEADER}
    assert {r["via"] for r in new if r["official"] == SEED_LEADER} <= {"市教委"}
    # The agencies a leader answers for are those the division of work of the same issue gives them.
    _, duties = _rows(two_issues, "exports/duties")  # every notice's duties, not only those in force
    supervised = {(d["number"] in seed_numbers, d["official"], d["object"]) for d in duties
                  if d["relation"] == "supervises"}
    assert {(True, r["official"], r["via"]) for r in old if r["official"]} <= supervised
    assert {(False, r["official"], r["via"]) for r in new if r["official"]} <= supervised


def test_each_division_of_work_is_listed_once(two_issues, seed_numbers):
    _, rows = _rows(two_issues, "exports/duties")
    per_notice = Counter(r["number"] for r in rows)
    assert len(per_notice) == 2 and set(per_notice.values()) == {169}
    moved = {(r["number"] in seed_numbers, r["official"]) for r in rows if r["object"] == "市科技局"}
    assert moved == {(True, SEED_LEADER), (False, NEW_LEADER)}


def test_the_division_in_force_is_the_later_full_one(two_issues, seed_numbers):
    # cq04 answers from the division of work in force: the second issue's notice names every
    # leader, so it replaces the seed's whole.
    _, rows = _rows(two_issues, "cq04")
    assert len(rows) == 169 and not any(r["number"] in seed_numbers for r in rows)
    assert {r["official"] for r in rows if r["object"] == "市科技局"} == {NEW_LEADER}


def test_the_science_city_is_overseen_by_the_leader_of_the_day(two_issues, seed_numbers):
    _, rows = _rows(two_issues, "cq06")
    assert {r["official"] for r in rows if r["number"] in seed_numbers} == {SEED_LEADER}
    assert {r["official"] for r in rows if r["number"] not in seed_numbers} == {NEW_LEADER}


def test_disagreements_are_listed_once_in_document_order(two_issues, seed_numbers):
    _, rows = _rows(two_issues, "cq09")
    pairs = [(r["targetA"], r["targetB"]) for r in rows]
    assert len(set(pairs)) == len(pairs)
    assert not {(b, a) for a, b in pairs} & set(pairs)
    # A seed document comes before a document of the later issue, never after it.
    assert not [r for r in rows if r["numberA"] not in seed_numbers and r["numberB"] in seed_numbers]
    within_seed = [r for r in rows if r["numberA"] in seed_numbers and r["numberB"] in seed_numbers]
    assert [(r["indicator"], r["numberA"], r["numberB"]) for r in within_seed] == [
        ("高新技术企业数量", "渝府发〔2023〕8号", "渝府办发〔2023〕26号"),
        ("技术合同成交额", "渝府发〔2023〕8号", "渝府办发〔2023〕26号")]


SPAN_SOURCES = """
PREFIX gb: <https://w3id.org/gongbao/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?entity ?source WHERE {
  { ?entity a gb:Task } UNION { ?node gb:target ?entity }
  ?entity prov:wasDerivedFrom/oa:hasSource/dcterms:identifier ?source }
"""


def test_cq13_names_the_file_each_span_points_into(two_issues):
    _, rows = _rows(two_issues, "cq13")
    _, spans = queries.rows(two_issues, SPAN_SOURCES)
    assert len({r["source"] for r in rows}) == 2
    assert sorted((r["entity"], r["source"]) for r in rows) == sorted((s["entity"], s["source"]) for s in spans)


def test_the_gazette_is_described_once(two_issues):
    # The union of the graphs gives a triple once per graph that holds it: two issues of one
    # gazette must not describe it twice.
    rows = list(two_issues.query("""PREFIX gb: <https://w3id.org/gongbao/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?gazette ?label WHERE { ?gazette a gb:Gazette ; rdfs:label ?label }""",
                                 use_default_graph_as_union=True))
    issues = list(two_issues.query("""PREFIX gb: <https://w3id.org/gongbao/ontology#>
        SELECT ?issue WHERE { ?issue a gb:GazetteIssue }""", use_default_graph_as_union=True))
    assert len(issues) == 2
    assert len(rows) == len({(r["gazette"], r["label"]) for r in rows}) >= 1
