"""Unit lists: every unit as printed, with its role, against tests/expected/cq03.tsv."""

from conftest import document, read_expected


def _parsed(issue):
    return [(d.number, n.path, u.role, u.name)
            for d in issue.documents for n in d.nodes() for ul in n.unit_lists for u in ul.units]


def test_units_match_hand_read_lists(seed_issue):
    expected = [(r["number"], r["path"], r["role"], r["unit"]) for r in read_expected("cq03")]
    assert _parsed(seed_issue) == expected


def test_unit_split_by_page_break_is_one_unit(seed_issue, seed_source):
    doc = document(seed_issue, "渝府办发〔2023〕24号")
    node = next(n for n in doc.nodes() if n.path == "三/（一）/6")
    units = node.unit_lists[0].units
    split = next(u for u in units if u.name == "市发展改革委")
    assert split.ordinal == 2
    assert split.span.quote(seed_source.text) == "市\n\n发展改革委"


def test_trailing_etc_is_kept_as_a_flag(seed_issue):
    doc = document(seed_issue, "渝府办发〔2023〕26号")
    node = next(n for n in doc.nodes() if n.path == "二/（一）/1")
    units = node.unit_lists[0].units
    assert [u.name for u in units] == ["市科技局", "市教委", "市经济信息委", "市国资委", "市市场监管局"]
    assert [u.etc for u in units] == [False, False, False, False, True]
    assert node.unit_lists[0].open_ended


def test_group_level_unit_list(seed_issue):
    doc = document(seed_issue, "渝府办发〔2023〕26号")
    group = next(n for n in doc.nodes() if n.path == "三/（一）")
    assert [(u.role, u.name) for u in group.unit_lists[0].units][:2] == [
        ("lead", "市科技局"), ("responsible", "市发展改革委")]
    assert group.unit_lists[0].units[-1].name == "各区县政府"


def test_list_opened_full_width_and_closed_half_width(seed_issue):
    doc = document(seed_issue, "渝府办发〔2023〕26号")
    node = next(n for n in doc.nodes() if n.path == "二/（三）/8")
    assert [(u.role, u.name) for u in node.unit_lists[0].units] == [
        ("lead", "两江新区管委会"), ("lead", "西部科学城重庆高新区管委会"), ("lead", "重庆经开区管委会")]


# ---------------------------------------------------------------- the clause table, row by row
import pytest  # noqa: E402

from gongbao import paths  # noqa: E402
from gongbao.parse.paragraph import Para  # noqa: E402
from gongbao.parse.responsibility import ClauseReader  # noqa: E402
from gongbao.reference import read_table  # noqa: E402

CLAUSE_ROWS = read_table(paths.MAPPINGS / "responsibility-clauses.csv", ["words", "form", "role", "example", "expect"])


def _read_clause(text: str, reader: ClauseReader | None = None):
    para = Para(text, list(range(len(text))), 1)
    found = (reader or ClauseReader()).read(para)
    return [f"{u.role} {u.name}{'+' if u.etc else ''}" for clause in found for u in clause.units]


@pytest.mark.parametrize("row", CLAUSE_ROWS, ids=[row["words"] for row in CLAUSE_ROWS])
def test_every_clause_row_reads_its_example(row):
    # expect: "role name" per unit, "|"-separated; "+" marks a unit followed by 等.
    assert row["words"] in row["example"]
    assert _read_clause("完成任务。" + row["example"]) == row["expect"].split("|")


def test_xia_tong_carries_the_rule_to_later_clauses():
    reader = ClauseReader()
    first = "加大稳岗支持力度。（人力资源社会保障部、财政部负责。列第一位者为牵头单位，下同）"
    assert _read_clause(first, reader) == ["lead 人力资源社会保障部", "responsible 财政部"]
    later = "支持小微企业。（财政部、工业和信息化部、人民银行负责）"
    assert _read_clause(later, reader) == ["lead 财政部", "responsible 工业和信息化部", "responsible 人民银行"]
    # without 下同, the rule holds for its own clause only
    fresh = ClauseReader()
    _read_clause("任务。（人力资源社会保障部、财政部负责。列第一位者为牵头单位）", fresh)
    assert _read_clause(later, fresh) == ["responsible 财政部", "responsible 工业和信息化部", "responsible 人民银行"]


def test_clauses_standing_after_each_sentence_are_all_read():
    text = ("提高政策有效性。实施联合惩戒。（生态环境部、人民银行指导）落实税收优惠政策。"
            "（财政部、税务总局指导）")
    assert _read_clause(text) == ["guiding 生态环境部", "guiding 人民银行", "guiding 财政部", "guiding 税务总局"]


def test_brackets_that_name_no_one_are_not_clauses():
    assert _read_clause("创业担保贷款（超过100人的企业达到15%）。") == []
    assert _read_clause("设备与生态环境部门联网。（垃圾焚烧企业依法依规安装污染物排放自动监测设备）") == []
    assert _read_clause("推行政府和社会资本合作（PPP）") == []
    # mid-sentence, not standing after a full stop: a duty named in passing
    assert _read_clause("建立职业技能等级证书制度（技工院校内由人力资源社会保障行政部门负责），推进") == []


def test_a_sentence_no_rule_reads_is_reported_not_dropped():
    reader = ClauseReader(document_number="国办发〔2018〕128号")
    text = "强化部门分工协作。（生态环境部指导，试点城市政府负责落实。以下均需试点城市政府落实，不再列出）"
    assert _read_clause(text, reader) == ["guiding 生态环境部", "responsible 试点城市政府"]
    assert [n.message.endswith("以下均需试点城市政府落实，不再列出") for n in reader.notices] == [True]


@pytest.mark.parametrize("row", [r for r in CLAUSE_ROWS if r["form"] == "key"], ids=lambda r: r["words"])
def test_a_key_clause_on_a_line_of_its_own(row):
    # 责任单位：市科技局、市发展改革委 standing alone, without the brackets
    line = row["example"].strip("（）")
    assert _read_clause(line) == row["expect"].split("|")
    assert _read_clause("按照" + line) == []  # a key word inside a sentence opens no clause


def test_a_key_line_is_a_paragraph_of_its_own_in_a_document():
    from gongbao.parse import parse_text

    text = ("某某市人民政府关于加强应急管理的意见\n\n某府发〔2024〕2号\n\n一、夯实基础\n\n（一）健全体系。各街道设立应急办\n\n"
            "责任单位：某某市应急管理局、某某市财政局\n\n（二）加强队伍。建成应急队伍。\n")
    (doc,) = parse_text(text, "key-line.txt").documents
    by_path = {n.path: [(u.role, u.name) for ul in n.unit_lists for u in ul.units] for n in doc.nodes()}
    assert by_path["一/（一）"] == [("responsible", "某某市应急管理局"), ("responsible", "某某市财政局")]
    assert by_path["一/（二）"] == []
