"""Every part, group and item with its heading, against the outline read by hand (tests/expected/cq02.tsv)."""

import re

from conftest import SEED, document, read_expected


def test_outline_matches_hand_read_outline(seed_issue):
    parsed = [(d.number, n.path, n.kind, n.title) for d in seed_issue.documents for n in d.nodes()]
    expected = [(r["number"], r["path"], r["kind"], r["title"]) for r in read_expected("cq02")]
    assert parsed == expected


def test_all_56_items_of_the_action_plan(seed_issue):
    items = [n for n in document(seed_issue, "渝府发〔2023〕8号").nodes() if n.kind == "item"]
    assert [n.ordinal for n in items] == list(range(1, 57))


def test_item_numbering_restarts_in_each_group(seed_issue):
    doc = document(seed_issue, "渝府办发〔2023〕24号")
    paths = [n.path for n in doc.nodes() if n.kind == "item"]
    assert paths[:9] == [f"三/（一）/{i}" for i in range(1, 9)] + ["三/（二）/1"]
    assert "三/（三）/3" in paths


def test_items_directly_under_a_part(seed_issue):
    doc = document(seed_issue, "渝府发〔2023〕8号")
    assert [n.path for n in doc.nodes() if n.path.startswith("三")] == ["三", "三/54", "三/55", "三/56"]


def test_half_width_group_with_inline_body(seed_issue):
    doc = document(seed_issue, "渝府办发〔2023〕26号")
    group = next(n for n in doc.nodes() if n.path == "一/（二）")
    assert group.title == "主要目标"
    assert "1.28万家" in group.body


def test_page_break_inside_a_sentence_is_joined(seed_issue):
    # 8号 item 4 breaks "改革" / "协同等领域" across a page.
    item = next(n for n in document(seed_issue, "渝府发〔2023〕8号").nodes() if n.path == "二/（一）/4")
    assert "创新协同、改革协同等领域加强合作" in item.body


def test_build_floor_every_numbered_heading_is_an_item(seed_issue):
    """Independent count: lines of the source that open with "N." are numbered items."""
    headings = [line for line in SEED.read_text(encoding="utf-8").splitlines()
                if re.match(r"^\d{1,3}\.\s*\S", line)]
    items = [n for d in seed_issue.documents for n in d.nodes() if n.kind == "item"]
    assert len(headings) == 85
    assert len(items) >= len(headings)
