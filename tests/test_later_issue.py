"""A later issue in the seed's format whose documents take the other forms of GB/T 9704:
a government order with a regulation in chapters, sections and articles (重庆市人民政府令第370号),
an opinion whose body is its own text with subitems (渝府发〔2023〕12号), a notice with two
attachments (渝府办发〔2023〕50号) and a notice adjusting the division of work (渝府办发〔2023〕55号).

The issue is tests/fixtures/cq-gazette-2023-07.txt; its rows are typed by hand from that text
into tests/expected/fixture-2023-07/ (notes.md there says what the rows cannot).
"""

from __future__ import annotations

import csv
import re
from itertools import groupby
from pathlib import Path

import pytest

from conftest import EXPECTED
from gongbao import query as queries
from gongbao.build import run_build
from gongbao.store import open_read_only
from test_queries import CONTRACT, _as_text, _expected_text

FIXTURE = Path(__file__).parent / "fixtures" / "cq-gazette-2023-07.txt"
HAND = EXPECTED / "fixture-2023-07"


def _expected(name: str) -> list[dict[str, str]]:
    with (HAND / f"{name}.tsv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.fixture(scope="module")
def later(tmp_path_factory):
    graph_dir = tmp_path_factory.mktemp("later")
    build = run_build([FIXTURE], graph_dir)
    return open_read_only(graph_dir), build


def _rows(store, name, columns=None):
    _, rows = queries.rows(store, queries.load_query(name))
    return [tuple(_as_text(row[c]) for c in columns or CONTRACT[name]) for row in rows]


@pytest.mark.parametrize("name", ["cq01", "cq02"])
def test_documents_and_outlines_as_printed(later, name):
    store, _ = later
    expected = [tuple(_expected_text(r[c]) for c in CONTRACT[name]) for r in _expected(name)]
    assert _rows(store, name) == expected


def test_units_of_every_clause_in_text_order(later):
    # cq03 orders by document number; within a document the units come in text order.
    store, _ = later
    expected = [tuple(r[c] for c in CONTRACT["cq03"]) for r in _expected("cq03")]

    def by_document(rows):
        return {number: list(group) for number, group in groupby(sorted(rows, key=lambda r: r[0]), lambda r: r[0])}

    got = _rows(store, "cq03")
    assert {n: [r for r in got if r[0] == n] for n in by_document(got)} == \
        {n: [r for r in expected if r[0] == n] for n in by_document(expected)}


def test_regulation_kinds_and_paths(later):
    store, _ = later
    order = [r for r in _rows(store, "cq02") if r[0] == "重庆市人民政府令第370号"]
    assert {r[2] for r in order} == {"chapter", "section", "article"}
    assert [r[1] for r in order if r[2] == "article"] == [
        r["path"] for r in _expected("cq02") if r["kind"] == "article"]
    # （一） inside an article is one of its items (项), not a heading
    assert not any(r[2] == "group" for r in order)


def test_two_attachments_each_a_plan_with_its_own_outline(later):
    store, _ = later
    paths = [r[1] for r in _rows(store, "cq02") if r[0] == "渝府办发〔2023〕50号"]
    assert paths and all(p.startswith(("附件1/", "附件2/")) for p in paths)
    assert any(p.startswith("附件2/") for p in paths)


_FACTS = """
PREFIX gb: <https://w3id.org/gongbao/ontology#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?number ?kind ?attachment ?addressee ?signer ?division WHERE {
  ?document a gb:PolicyDocument ; eli:id_local ?number .
  OPTIONAL { ?document gb:documentKind ?kind }
  OPTIONAL { ?document eli:has_part ?plan . ?plan a gb:Plan ; dcterms:title ?attachment }
  OPTIONAL { ?document gb:addressee ?addressee }
  OPTIONAL { ?document gb:signerName ?signer }
  OPTIONAL { ?document gb:divisionKind ?division }
}"""


@pytest.mark.parametrize("row", _expected("document"), ids=lambda r: r["number"])
def test_document_elements(later, row):
    store, _ = later
    _, rows = queries.rows(store, _FACTS)
    mine = [r for r in rows if _as_text(r["number"]) == row["number"]]
    assert {_as_text(r["kind"]) for r in mine} == {row["kind"]}
    assert sorted({_as_text(r["attachment"]) for r in mine} - {""}) == sorted(filter(None, row["attachments"].split("|")))
    assert sorted({_as_text(r["addressee"]) for r in mine} - {""}) == sorted(filter(None, row["addressees"].split("|")))


def test_the_order_is_signed_by_the_mayor_not_issued_by_him(later):
    store, _ = later
    _, rows = queries.rows(store, _FACTS)
    order = next(r for r in rows if _as_text(r["number"]) == "重庆市人民政府令第370号")
    assert _as_text(order["signer"]) == "市长胡衡华"
    (cq01,) = [r for r in _rows(store, "cq01") if r[0] == "重庆市人民政府令第370号"]
    assert cq01[2] == ""  # no issuer: the government is in the title


def test_the_adjusting_notice_reads_its_leaders_and_knows_it_adjusts(later):
    store, build = later
    _, rows = queries.rows(store, _FACTS)
    kinds = {_as_text(r["number"]): _as_text(r["division"]) for r in rows}
    assert kinds["渝府办发〔2023〕55号"] == "adjustment"
    duties = [(r["official"], r["post"], r["relation"], r["object"]) for r in _expected("division")]
    assert _rows(store, "cq04") == duties
    # its closing sentence is no leader's duty
    assert not any("分工不变" in n.message for _, n in build.notices)


LATER_TASK = """重庆市人民政府办公厅关于加强知识产权保护的通知

渝府办发〔2023〕60号

各区县（自治县）人民政府，市政府各部门：

一、加强知识产权保护

（一）完善保护体系。建立快速维权机制。（牵头单位：市知识产权局）

重庆市人民政府办公厅

2023年6月1日
"""


@pytest.fixture(scope="module")
def over_time(tmp_path_factory):
    """The seed (27号, a full division), the later issue (55号 adjusts two leaders) and a task after both."""
    from conftest import SEED

    directory = tmp_path_factory.mktemp("over-time")
    later_task = directory / "later-task.txt"
    later_task.write_text(LATER_TASK, encoding="utf-8")
    run_build([SEED, FIXTURE, later_task], directory / "graph")
    return open_read_only(directory / "graph")


def test_a_supervised_agency_moves_with_the_adjusting_notice(over_time):
    rows = _rows(over_time, "cq05", ["number", "agency", "official"])
    ip = {(number, official) for number, agency, official in rows if agency == "市知识产权局"}
    assert {o for n, o in ip if n.startswith("渝府办发〔2023〕2")} == {"张国智"}  # the seed's tasks: 27号
    assert {o for n, o in ip if n == "渝府办发〔2023〕60号"} == {"张安疆"}  # after 55号


def test_the_division_in_force_keeps_the_leaders_an_adjustment_does_not_name(over_time):
    duties = _rows(over_time, "cq04", ["official", "relation", "object", "number"])
    assert {o for o, r, obj, _ in duties if r == "supervises" and obj == "市知识产权局"} == {"张安疆"}
    by_notice = {(o, n) for o, _, _, n in duties}
    assert {o for o, n in by_notice if n == "渝府办发〔2023〕55号"} == {"张安疆", "张国智"}
    assert len({o for o, n in by_notice if n == "渝府办发〔2023〕27号"}) == 8  # the other eight leaders of 27号


OTHER_GOVERNMENT = """某某市人民政府办公厅关于市政府领导同志工作分工的通知

某府办发〔2024〕3号

各区县人民政府：

现将市政府领导同志工作分工通知如下。

某某市人民政府办公厅

2024年1月5日

市政府领导同志工作分工

市长李四  主持市政府全面工作。
"""


def test_another_governments_division_leaves_chongqings_in_force(tmp_path):
    from conftest import SEED

    other = tmp_path / "other.txt"
    other.write_text(OTHER_GOVERNMENT, encoding="utf-8")
    run_build([SEED, other], tmp_path / "graph")
    store = open_read_only(tmp_path / "graph")
    officials = {row[0] for row in _rows(store, "cq04", ["official"])}
    assert "李四" in officials and len(officials) == 11  # 李四, and the seed's ten leaders
    cq05 = _rows(store, "cq05", ["number", "agency", "official"])
    assert {o for n, a, o in cq05 if a == "市科技局"} == {"张安疆"}


def test_regression_an_order_title_does_not_reach_into_chinese_only_contents():
    # Was: with no English contents between them, the order's title (no 关于 in it) ran up into
    # the contents lines above, which name documents "关于…".
    from gongbao.parse import parse_text

    english = re.compile(r"^[\x20-\x7e]*[A-Za-z][\x20-\x7e]*$")
    text = "\n".join(line for line in FIXTURE.read_text(encoding="utf-8").splitlines() if not english.match(line))
    issue = parse_text(text, "chinese-contents.txt")
    order = issue.documents[0]
    assert (order.number, order.title, order.kind) == ("重庆市人民政府令第370号", "重庆市人民政府令", "令")
    assert len(issue.toc) == 4


def test_regression_a_damaged_masthead_is_refused_not_read_as_standalone_documents():
    from conftest import SEED
    from gongbao.errors import SourceError
    from gongbao.parse import parse_text

    text = SEED.read_text(encoding="utf-8").replace("第6期", "第期", 1)
    with pytest.raises(SourceError, match="the issue's year"):
        parse_text(text, "damaged.txt")


def test_regression_a_document_without_sign_off_may_end_with_its_record():
    from gongbao.parse import parse_text

    text = ("某某市人民政府办公厅关于做好防汛工作的通知\n\n某府办发〔2024〕9号\n\n各区县人民政府：\n\n请做好防汛工作。\n\n"
            "抄送：市水利局。\n\n某某市人民政府办公厅          2024年6月1日印发\n")
    (doc,) = parse_text(text, "no-sign-off.txt").documents
    assert doc.copies == ["市水利局"] and doc.printed_by == "某某市人民政府办公厅" and doc.date is None
