"""A document that prints only what it must: a title, a number and a body.

No masthead, no contents (so no page), no period, no addressees, no sign-off (so no issuer and
no date), and a series and government that no table knows. Every competency query still runs
over it, and those that list documents, outlines, units and sources include it.
"""

from __future__ import annotations

import pytest

from gongbao import query as queries
from gongbao.build import run_build
from gongbao.store import open_read_only
from test_queries import CONTRACT, _as_text

BARE = """某某市人民政府关于加强基层应急能力建设的意见

某府发〔2024〕1号

一、夯实基层基础

（一）健全组织体系。各街道要设立应急管理办公室。（某某市应急管理局负责）

（二）加强队伍建设。到2025年，建成10个应急服务站。（某某市应急管理局牵头，某某市财政局参与）
"""


@pytest.fixture(scope="module")
def bare(tmp_path_factory):
    directory = tmp_path_factory.mktemp("bare")
    source = directory / "bare.txt"
    source.write_text(BARE, encoding="utf-8")
    build = run_build([source], directory / "graph")
    return open_read_only(directory / "graph"), build


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_every_query_runs_over_a_bare_document(bare, name):
    store, _ = bare
    variables, _ = queries.rows(store, queries.load_query(name))
    assert [c for c in CONTRACT[name] if c not in variables] == []


def _rows(store, name):
    _, rows = queries.rows(store, queries.load_query(name))
    return [tuple(_as_text(row[c]) for c in CONTRACT[name]) for row in rows]


def test_listing_queries_include_it_with_the_missing_facts_unbound(bare):
    store, _ = bare
    assert _rows(store, "cq01") == [("某府发〔2024〕1号", "某某市人民政府关于加强基层应急能力建设的意见", "", "", "", "", "")]
    assert _rows(store, "cq02") == [("某府发〔2024〕1号", "一", "part", "夯实基层基础"),
                                    ("某府发〔2024〕1号", "一/（一）", "group", "健全组织体系"),
                                    ("某府发〔2024〕1号", "一/（二）", "group", "加强队伍建设")]
    assert _rows(store, "cq03") == [("某府发〔2024〕1号", "一/（一）", "responsible", "某某市应急管理局", "某某市应急管理局"),
                                    ("某府发〔2024〕1号", "一/（二）", "lead", "某某市应急管理局", "某某市应急管理局"),
                                    ("某府发〔2024〕1号", "一/（二）", "supporting", "某某市财政局", "某某市财政局")]
    _, targets = queries.rows(store, queries.load_query("cq08"))
    assert [(_as_text(t["path"]), _as_text(t["value"]), _as_text(t["unit"]), _as_text(t["year"])) for t in targets] \
        == [("一/（二）", "10", "个", "2025")]
    # cq13 finds the tasks and the target in this document's own text
    assert {(row[1], row[2]) for row in _rows(store, "cq13")} == {("task", "某府发〔2024〕1号"),
                                                                ("target", "某府发〔2024〕1号")}


def test_what_is_missing_is_reported(bare):
    _, build = bare
    messages = [notice.message for _, notice in build.notices]
    assert any("no sign-off" in m for m in messages)
    assert any("某某市应急管理局" in m and "minted" in m for m in messages)


def test_unknown_series_gets_a_pinyin_slug(bare):
    store, _ = bare
    _, rows = queries.rows(store, queries.load_query("cq01"))
    assert _as_text(rows[0]["document"]) == "https://w3id.org/gongbao/id/doc/mou-fu-fa/2024/1"


RECORDED = """重庆市科学技术局关于申请设立科技创新专项资金的请示

渝科局发〔2023〕15号  签发人：张三

市人民政府：

为加快科技创新，拟设立专项资金。妥否，请批示。

重庆市科学技术局

2023年5月6日

抄送：市财政局，市发展改革委。

重庆市科学技术局办公室          2023年5月6日印发
"""


def test_a_request_with_its_signatory_and_its_record_at_the_foot():
    from gongbao.parse import parse_text

    (doc,) = parse_text(RECORDED, "request.txt").documents
    assert (doc.number, doc.kind, doc.issuer, doc.date) == ("渝科局发〔2023〕15号", "请示", "重庆市科学技术局", "2023-05-06")
    assert [a.name for a in doc.addressees] == ["市人民政府"]
    assert doc.copies == ["市财政局", "市发展改革委"] and doc.printed_by == "重庆市科学技术局办公室"
    assert doc.plan_title is None  # the record at the foot is no attached text
    assert doc.signer == "张三"


HEADED = """000123

机密★1年

特急

重庆市人民政府文件

重庆市人民政府关于做好防汛抗旱工作的通知

渝府发〔2024〕20号

各区县（自治县）人民政府：

请做好防汛抗旱工作。

重庆市人民政府

2024年5月20日
"""


def test_the_head_elements_above_a_title():
    from gongbao.parse import parse_text

    issue = parse_text(HEADED, "headed.txt")
    (doc,) = issue.documents
    assert doc.title == "重庆市人民政府关于做好防汛抗旱工作的通知"
    assert doc.heads == {"copy_number": "000123", "secrecy": "机密★1年", "urgency": "特急",
                         "issuer_mark": "重庆市人民政府文件"}
    assert not any("before the first document" in n.message for n in issue.notices)
