"""The issue's front matter, documents and colophon, checked against what the text prints."""

from conftest import SEED, document, read_expected


def test_masthead(seed_issue):
    assert seed_issue.gazette == "重庆市人民政府公报"
    assert seed_issue.year == 2023
    assert seed_issue.number == 6
    assert seed_issue.total_number == 933
    assert seed_issue.date == "2023-03-31"  # "Published on March 31, 2023"


def test_four_documents_in_order(seed_issue):
    assert [d.number for d in seed_issue.documents] == [
        "渝府发〔2023〕8号", "渝府办发〔2023〕24号", "渝府办发〔2023〕26号", "渝府办发〔2023〕27号"]


def test_documents_match_hand_read_table(seed_issue):
    for row in read_expected("cq01"):
        doc = document(seed_issue, row["number"])
        assert doc.title == row["title"]
        assert doc.issuer == row["issuer"]
        assert doc.date == row["date"]
        assert doc.start_year == (int(row["startYear"]) if row["startYear"] else None)
        assert doc.end_year == (int(row["endYear"]) if row["endYear"] else None)
        assert doc.page == int(row["page"])


def test_plan_titles_and_english_titles(seed_issue):
    doc = document(seed_issue, "渝府办发〔2023〕24号")
    assert doc.plan_title == "重庆市提升科技服务能力推动科技服务业高质量发展三年行动计划（2023—2025年）"
    assert doc.title_en.startswith("Notice of the General Office of Chongqing Municipal People's Government "
                                   "on Issuing the Three-Year Action Plan")
    assert document(seed_issue, "渝府办发〔2023〕27号").plan_title == "市政府领导同志工作分工"


def test_addressees_with_mixed_width_punctuation(seed_issue):
    # 8号 prints half-width brackets and commas, 26号 full-width ones.
    assert [a.name for a in document(seed_issue, "渝府发〔2023〕8号").addressees] == [
        "各区县(自治县)人民政府", "市政府各部门", "有关单位"]
    assert [a.name for a in document(seed_issue, "渝府办发〔2023〕26号").addressees] == [
        "各区县（自治县）人民政府", "市政府有关部门", "有关单位"]


def test_colophon_is_read_and_is_nobody_s_duty(seed_issue):
    assert seed_issue.colophon["主管单位"] == "重庆市人民政府"
    assert seed_issue.colophon["全国统一刊号"] == "CN50-1147/D"
    leaders = document(seed_issue, "渝府办发〔2023〕27号").leaders
    printed = [name for leader in leaders for duty in leader.duties for name, _ in duty.objects]
    assert "重庆市人民政府" not in printed and "单位：重庆市人民政府" not in printed


def test_spans_quote_the_source(seed_issue, seed_source):
    text = seed_source.text
    for doc in seed_issue.documents:
        assert doc.number_span.quote(text) == doc.number
        assert doc.date_span.quote(text).replace(" ", "") in ("2023年3月10日", "2023年3月17日",
                                                               "2023年3月29日", "2023年3月30日")
        for node in doc.nodes():
            assert node.title_span.quote(text) == node.title
            assert node.span.quote(text).lstrip("（(").startswith(node.label.strip("（）"))
            assert node.title in node.span.quote(text)


def test_source_is_the_seed_file(seed_issue):
    assert seed_issue.source_name == SEED.name
