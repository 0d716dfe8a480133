"""Four State Council documents, exactly as published, each built on its own with no masthead.

Expected rows are typed by hand from the text (tests/expected/real/<file>/, with notes.md
saying what the rows cannot): a notice issuing an implementation plan (国发〔2019〕4号), a
notice issuing a work plan whose tasks print （X牵头，Y参与） and （X指导） (国办发〔2018〕128号),
an opinion whose body is its own text and whose first clause declares 列第一位者为牵头单位，下同
(国发〔2018〕39号), and a reply addressed to one ministry with an attachment (国函〔2018〕144号).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from conftest import EXPECTED
from gongbao import query as queries
from gongbao.build import run_build
from gongbao.store import open_read_only
from test_queries import CONTRACT, _as_text, _expected_text

REAL = Path(__file__).parent / "real"
STEMS = sorted(path.stem for path in REAL.glob("*.txt"))


def _expected(stem: str, name: str) -> list[dict[str, str]]:
    with (EXPECTED / "real" / stem / f"{name}.tsv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.fixture(scope="module", params=STEMS)
def real(request, tmp_path_factory):
    """(stem, store, build) of one real document built alone."""
    graph_dir = tmp_path_factory.mktemp(request.param)
    build = run_build([REAL / f"{request.param}.txt"], graph_dir)
    return request.param, open_read_only(graph_dir), build


def test_there_are_four_real_documents():
    assert STEMS == ["guobanfa-2018-128", "guofa-2018-39", "guofa-2019-4", "guohan-2018-144"]


@pytest.mark.parametrize("name", ["cq01", "cq02", "cq03"])
def test_query_answers_what_the_text_says(real, name):
    stem, store, _ = real
    _, rows = queries.rows(store, queries.load_query(name))
    columns = CONTRACT[name]
    got = [tuple(_as_text(row[c]) for c in columns) for row in rows]
    assert got == [tuple(_expected_text(r[c]) for c in columns) for r in _expected(stem, name)]


_FACTS = """
PREFIX gb: <https://w3id.org/gongbao/ontology#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?number ?kind ?note ?attachment ?addressee WHERE {
  ?document a gb:PolicyDocument ; eli:id_local ?number .
  OPTIONAL { ?document gb:documentKind ?kind }
  OPTIONAL { ?document gb:note ?note }
  OPTIONAL { ?document eli:has_part ?plan . ?plan a gb:Plan ; dcterms:title ?attachment }
  OPTIONAL { ?document gb:addressee ?addressee }
}"""


def test_document_elements(real):
    stem, store, _ = real
    _, rows = queries.rows(store, _FACTS)
    (expected,) = _expected(stem, "document")
    assert {_as_text(r["number"]) for r in rows} == {expected["number"]}
    assert {_as_text(r["kind"]) for r in rows} == {expected["kind"]}
    assert {_as_text(r["note"]) for r in rows} == {expected["note"]}
    assert {_as_text(r["attachment"]) for r in rows} == {expected["attachments"]}
    assert sorted({_as_text(r["addressee"]) for r in rows}) == sorted(expected["addressees"].split("|"))


def test_a_state_council_document_carries_no_chongqing_reference_data(real):
    _, store, _ = real
    ask = """PREFIX gb: <https://w3id.org/gongbao/ontology#>
             ASK { ?agency gb:jurisdiction "cq" }"""
    assert not store.query(ask, use_default_graph_as_union=True)
    regions = "ASK { ?region a <https://w3id.org/gongbao/ontology#Region> }"
    assert not store.query(regions, use_default_graph_as_union=True)


def test_units_no_table_knows_are_minted_and_reported(real):
    stem, store, build = real
    minted = {row["agency"] for row in _expected(stem, "cq03")} - _cn_table_names()
    reported = {m for _, n in build.notices for m in minted if f"unit {m!r} is in no table" in n.message}
    assert reported == minted
    _, rows = queries.rows(store, """
        PREFIX gb: <https://w3id.org/gongbao/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?name ?agency WHERE { ?agency gb:agencyKind "unlisted" ; skos:prefLabel ?name }""")
    assert {_as_text(r["name"]) for r in rows} == minted
    assert all(_as_text(r["agency"]).startswith("https://w3id.org/gongbao/id/agency/cn-") for r in rows)


def _cn_table_names() -> set[str]:
    from gongbao import reference

    table = next(j for j in reference.jurisdictions() if j.id == "cn").agencies
    return {agency.name for agency in table.agencies}


def test_several_documents_in_one_file(tmp_path):
    # Two documents one after the other, with no masthead: each is found by its number line and
    # reads as it does alone.
    stems = ["guofa-2018-39", "guohan-2018-144"]
    both = tmp_path / "two-documents.txt"
    both.write_text("\n\n".join((REAL / f"{s}.txt").read_text(encoding="utf-8") for s in stems), encoding="utf-8")
    run_build([both], tmp_path / "graph")
    store = open_read_only(tmp_path / "graph")
    for name in ("cq01", "cq02", "cq03"):
        _, rows = queries.rows(store, queries.load_query(name))
        got = sorted(tuple(_as_text(row[c]) for c in CONTRACT[name]) for row in rows)
        expected = sorted(tuple(_expected_text(r[c]) for c in CONTRACT[name]) for s in stems for r in _expected(s, name))
        assert got == expected, name
