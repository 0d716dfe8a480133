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
