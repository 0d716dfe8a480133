"""The queries about one thing (queries/scoped/) answer what the hand-typed competency rows say
about that thing: one leader's chain in one document is cq05 narrowed to the leader and the
document; one document's outline holds cq02's headed parts of that document."""

import pytest

from conftest import read_expected
from gongbao import paths
from gongbao import query as queries

SCOPED = paths.QUERIES / "scoped"


def _chain(store, leader, number):
    text = queries.bind_parameters((SCOPED / "leader-chain.rq").read_text(encoding="utf-8"),
                                   {"leader": leader, "number": number})
    _, rows = queries.rows(store, text)
    return rows


@pytest.mark.parametrize("leader, number", [
    ("张安疆", "渝府办发〔2023〕26号"),
    ("张安疆", "渝府办发〔2023〕24号"),
    ("陈鸣波", "渝府办发〔2023〕24号"),
    ("张国智", "渝府办发〔2023〕26号"),
    ("江敦涛", "渝府办发〔2023〕26号"),
])
def test_a_leaders_chain_is_cq05_narrowed_to_him_and_the_document(store, leader, number):
    expected = {(r["path"], r["role"], r["agency"]) for r in read_expected("cq05")
                if r["official"] == leader and r["number"] == number}
    rows = _chain(store, leader, number)
    assert expected, "the case names a leader with tasks in the document"
    assert {(r["path"], r["role"], r["agency"]) for r in rows} == expected
    assert {r["division"] for r in rows} == {"渝府办发〔2023〕27号"}


def test_a_leader_with_no_task_in_the_document_has_no_chain(store):
    assert _chain(store, "张安疆", "渝府办发〔2023〕27号") == []


def test_both_values_rows_of_a_parameter_are_bound():
    text = queries.bind_parameters((SCOPED / "leader-chain.rq").read_text(encoding="utf-8"),
                                   {"leader": "某某", "number": "渝府发〔2024〕1号"})
    assert text.count('VALUES (?leader ?number) { ("某某"@zh "渝府发〔2024〕1号") }') == 2
    assert "张安疆" not in text and "26号" not in text


def test_one_documents_outline_holds_its_headed_parts(store):
    _, rows = queries.rows(store, (SCOPED / "outline.rq").read_text(encoding="utf-8"))
    titled = {(r["path"], r["title"]) for r in rows if r["title"]}
    expected = {(r["path"], r["title"]) for r in read_expected("cq02") if r["number"] == "渝府发〔2023〕8号"}
    assert expected and expected <= titled
    assert [r["path"] for r in rows] == sorted(r["path"] for r in rows)
