"""Calls for further documents and the documents that answer them.

Each row of mappings/calls.csv runs its example; the rules of an answer (same government, dated
on or after the call, not the calling document, a kind of the family called for, the subject in
the title above the threshold) each have a case; the seed's calls are typed by hand from its text
(tests/expected/cq15.tsv); and a later issue of our own (tests/fixtures/cq-gazette-2023-08.txt)
answers a call of the seed once it is added to the seed's graph, not before.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import SEED, read_expected
from gongbao import query as queries
from gongbao import reference
from gongbao.answers import answers, programme_references, subject_score
from gongbao.build import run_build
from gongbao.mapping.calls import find_calls, subject_core, title_family
from gongbao.store import open_read_only

LATER = Path(__file__).parent / "fixtures" / "cq-gazette-2023-08.txt"
ROWS = reference.call_words().rows


@pytest.mark.parametrize("row", [r for r in ROWS if r["role"] in ("verb", "kind", "self")],
                         ids=lambda r: f"{r['role']}-{r['word']}")
def test_each_word_of_the_table_reads_its_example(row):
    found = [f"{c.subject(row['example'])}|{c.kind}" for c in find_calls(row["example"])]
    assert found == ([row["expect"]] if row["expect"] else [])
    if row["role"] != "self":
        assert row["word"] in row["example"]


@pytest.mark.parametrize("row", [r for r in ROWS if r["role"] == "generic"], ids=lambda r: r["word"])
def test_each_generic_word_is_left_out_of_a_subject(row):
    assert "".join(subject_core(row["example"])) == row["expect"]


@pytest.mark.parametrize("text", [
    "实施好新一轮深化国有企业改革行动方案",  # carries out a plan that exists
    "实施推动中新互联互通项目走深走实三年行动计划",
    "研究制定支持民营经济发展的若干政策措施",  # the kind does not end the phrase
    "参与标准制定、计量、认证",  # no kind in the clause
    "为加快培育，制定本行动计划。",  # the document itself
])
def test_what_is_no_call(text):
    assert find_calls(text) == []


def test_a_call_may_name_only_its_kind():
    text = "各区县政府要落实属地责任，制定实施方案，建立目标体系"
    assert [(c.subject(text), c.kind, text[c.start:c.end]) for c in find_calls(text)] == [("", "实施方案", "制定实施方案")]


def test_a_title_has_the_family_of_its_last_kind():
    assert title_family("重庆市高新技术企业和科技型企业“双倍增”行动计划（2023—2027年）") == "plan"
    assert title_family("重庆市城市桥梁隧道安全管理办法") == "rules"
    assert title_family("国务院关于推进制造业数字化转型的实施意见") == "opinion"
    assert title_family("重庆市人民政府办公厅关于调整市政府领导同志工作分工的通知") is None


def _call(**given):
    fact = {"call": "c", "context": "x", "document": "d8", "span": "c/span", "jurisdiction": "cq",
            "date": "2023-03-10", "subject": "“双倍增”", "kind": "行动方案", "family": "plan"}
    return {**fact, **given}


def _title(**given):
    fact = {"document": "d26", "number": "渝府办发〔2023〕26号", "jurisdiction": "cq", "date": "2023-03-29",
            "title": "重庆市高新技术企业和科技型企业“双倍增”行动计划（2023—2027年）", "family": "plan"}
    return {**fact, **given}


def test_a_plan_of_the_same_government_dated_after_answers():
    [row] = answers([_call()], [_title()])
    assert row["answer"]["document"] == "d26" and row["confidence"] == 1.0


@pytest.mark.parametrize("rule, title", [
    ("another government", {"jurisdiction": "sc"}),
    ("dated before the call", {"date": "2023-03-01"}),
    ("the calling document itself", {"document": "d8"}),
    ("a kind of another family", {"family": "rules", "title": "重庆市“双倍增”管理办法"}),
    ("a title without the subject", {"title": "重庆市科技型企业培育行动计划"}),
    ("no date", {"date": None}),
])
def test_what_does_not_answer(rule, title):
    assert answers([_call()], [_title(**title)]) == [], rule


def test_the_earliest_of_equally_confident_answers_wins():
    later = _title(document="d99", number="渝府办发〔2024〕3号", date="2024-01-05")
    [row] = answers([_call()], [later, _title()])
    assert row["answer"]["document"] == "d26"


def test_the_threshold_is_data():
    subject, title = "科技服务业发展", "重庆市科技人才发展行动计划"
    score = subject_score(subject, title)
    assert 0 < score < reference.link_thresholds()["answer"]
    assert answers([_call(subject=subject)], [_title(title=title)]) == []
    assert answers([_call(subject=subject)], [_title(title=title)], threshold=score) != []


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def _cq15(store):
    _, rows = queries.rows(store, queries.load_query("cq15"))
    return [(r["number"], r["path"], _flat(r["quote"]), r["called"], r["answerNumber"] or "") for r in rows]


def test_cq15_lists_every_call_of_the_seed_with_its_answer(store):
    expected = [(r["number"], r["path"], r["quote"], r["called"], r["answerNumber"]) for r in read_expected("cq15")]
    assert len(expected) == 29  # 26 in 8号, none in 24号 (its 实施…行动 are headings), 3 in 26号, none in 27号
    assert sorted(_cq15(store)) == sorted(expected)


@pytest.fixture(scope="module")
def two_issues(tmp_path_factory):
    graph_dir = tmp_path_factory.mktemp("calls")
    run_build([SEED], graph_dir)
    alone = _cq15(open_read_only(graph_dir))
    build = run_build([SEED, LATER], graph_dir)
    return alone, _cq15(open_read_only(graph_dir)), build


def _answer(rows, quote):
    [row] = [r for r in rows if r[2] == quote]
    return row[4]


def test_a_later_issue_answers_an_earlier_call(two_issues):
    alone, both, build = two_issues
    assert _answer(alone, "制定减污降碳协同增效实施方案") == ""
    assert _answer(both, "制定减污降碳协同增效实施方案") == "渝府办发〔2023〕60号"
    assert build.reused == 1  # the seed is not read again: the answers come from what its shard keeps


def test_a_document_dated_before_the_call_does_not_answer_it(two_issues):
    _, both, _ = two_issues
    # 渝府办发〔2023〕41号 (2023-03-01) has the title, but 8号 (2023-03-10) called for it later.
    assert _answer(both, "制定成渝地区双城经济圈建设绩效考核评价办法") == ""


def test_the_later_issues_own_call_stays_unanswered(two_issues):
    _, both, _ = two_issues
    assert _answer(both, "研究制定工业园区减污降碳协同增效评价细则") == ""
    assert len(both) == len(read_expected("cq15")) + 1


def _mention(**given):
    fact = {"programme": "double-doubling", "context": "p8/g4", "document": "d8", "span": "m/span",
            "jurisdiction": "cq", "date": "2023-03-10", "qualifier": "高新技术企业和科技型企业实现“"}
    return {**fact, **given}


def test_a_part_speaking_of_a_programme_refers_to_the_document_whose_title_names_it():
    [row] = programme_references([_mention()], [_title()], [])
    assert (row["target"]["document"], row["basis"], row["confidence"]) == ("d26", "programme title", 1.0)


@pytest.mark.parametrize("rule, mention", [
    ("words before the mention that the title does not hold: another doubling",
     {"qualifier": "推动实现民营高新技术企业和民营科技型中小企业数“"}),
    ("the defining document itself", {"document": "d26"}),
    ("another government's part", {"jurisdiction": "sc"}),
    ("a programme no title names", {"programme": "chongqing-talent-plan"}),
])
def test_what_does_not_refer_to_a_programmes_document(rule, mention):
    assert programme_references([_mention(**mention)], [_title()], []) == [], rule


def test_a_part_that_a_document_implements_does_not_also_refer_to_it():
    answered = [{"context": "p8/g4", "answer": _title()}]
    assert programme_references([_mention()], [_title()], answered) == []


def test_a_zone_refers_to_the_document_whose_title_names_its_field():
    plan = _title(document="d24", number="渝府办发〔2023〕24号", date="2023-03-17",
                  title="重庆市提升科技服务能力推动科技服务业高质量发展三年行动计划（2023—2025年）")
    zone = _mention(programme="science-services-clusters", document="d26", context="p26/i13",
                    date="2023-03-29", qualifier="迎龙科创园等")
    [row] = programme_references([zone], [plan, _title()], [])
    assert (row["target"]["document"], row["basis"]) == ("d24", "programme field")
    assert row["confidence"] == reference.link_thresholds()["programme-field"]


def test_of_several_defining_documents_the_latest_before_the_part_is_the_one():
    earlier = _title(document="d1", number="渝府办发〔2022〕9号", date="2022-05-01")
    [row] = programme_references([_mention(date="2023-04-01")], [_title(), earlier], [])
    assert row["target"]["document"] == "d26"
    [row] = programme_references([_mention(date="2022-06-01")], [_title(), earlier], [])
    assert row["target"]["document"] == "d1"
