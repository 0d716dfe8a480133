"""Places and programmes found in running text: longest name first, look-alikes kept out."""

import pytest

from conftest import document
from gongbao.mapping.places import place_index
from gongbao.mapping.programmes import programme_index
from gongbao.mentions import NameIndex, read_span, text_regions
from gongbao.parse.paragraph import Para
from gongbao.records import Span
from gongbao.reference import Exclusion


def _para(text):
    return Para(text, list(range(len(text))), 1)


def _places(text):
    return [(f.entity, f.printed) for f in place_index().find(_para(text))]


def test_longest_name_wins():
    assert _places("推动万州等渝东北三峡库区城镇群城市") == [("wanzhou", "万州"), ("yudongbei", "渝东北三峡库区城镇群")]
    assert _places("两江新区、西部科学城重庆高新区、万盛经开区管委会") == [
        ("liangjiang-new-area", "两江新区"), ("chongqing-hi-tech-zone", "西部科学城重庆高新区"),
        ("wansheng-etdz", "万盛经开区")]
    assert _places("深化实施“一区两群”对口协同发展机制") == [("yiqu-liangqun", "一区两群")]


@pytest.mark.parametrize("text", ["成渝中线高铁", "积极创建国家技术转移成渝中心", "江北国际机场T3B航站楼",
                                  "系统开展“两江四岸”整体提升"])
def test_names_inside_other_names_are_not_places(text):
    assert _places(text) == []


def test_the_same_name_outside_an_exclusion_is_a_place():
    assert _places("加快培育渝中、江北、南岸等国际消费重要承载地") == [
        ("yuzhong", "渝中"), ("jiangbei", "江北"), ("nanan", "南岸")]


def test_narrow_brackets_and_the_short_name():
    assert _places("分别建设西部(重庆)科学城、两江协同创新区") == [
        ("western-science-city", "西部(重庆)科学城"), ("liangjiang-innovation-zone", "两江协同创新区")]
    assert _places("聚焦推动科学城与大学城融合发展") == [("western-science-city", "科学城"), ("university-town", "大学城")]


def test_the_country_and_the_city_are_not_searched_for():
    assert _places("依托重庆大学、西南大学等高校，创建中国（重庆）国际农产品加工产业园") == []


def test_an_exclusion_is_data():
    index = NameIndex([("渝中", "yuzhong")], [Exclusion("成渝中", "渝中", "test")])
    assert [f.entity for f in index.find(_para("成渝中线与渝中区"))] == ["yuzhong"]


def test_a_name_across_a_page_break_keeps_its_span():
    source = "加快建设西部（重庆）\n\n科学城核心区。"
    found = place_index().find(read_span(source, Span(0, len(source))))
    assert [(f.entity, f.printed) for f in found] == [("western-science-city", "西部（重庆）科学城")]
    assert source[found[0].span.start:found[0].span.end] == "西部（重庆）\n\n科学城"


def test_unit_lists_are_not_searched(seed_issue, seed_source):
    doc = document(seed_issue, "渝府办发〔2023〕24号")
    region = next(r for r in text_regions(doc) if r.node is not None and r.node.path == "三/（二）/3")
    printed = [f.printed for f in place_index().find(read_span(seed_source.text, region.span, region.masks))]
    assert printed == ["广阳湾智创生态城", "广阳岛"]  # not 南岸 of 南岸区政府 in its unit list


def test_programme_names():
    found = programme_index().find(_para("实施高新技术企业和科技型企业“双倍增”行动，制定“双倍增”行动方案"))
    assert [f.printed for f in found] == ["双倍增", "双倍增"]
    assert programme_index().find(_para("实施中等收入群体倍增计划，上市后备企业实现“倍增”"))[0].entity \
        == "middle-income-doubling-plan"


def test_every_place_mention_quotes_its_name(store, seed_source):
    rows = store.query("""PREFIX gb: <https://w3id.org/gongbao/ontology#>
        PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX oa: <http://www.w3.org/ns/oa#>
        SELECT ?printed ?start ?end WHERE { ?m gb:denotes ?named ; gb:printedName ?printed ;
            prov:wasDerivedFrom/oa:hasSelector [ oa:start ?start ; oa:end ?end ] }""",
                       use_default_graph_as_union=True)
    rows = list(rows)
    assert len(rows) > 150
    for row in rows:
        quote = seed_source.text[int(row["start"].value):int(row["end"].value)]
        assert "".join(quote.split()) == row["printed"].value
