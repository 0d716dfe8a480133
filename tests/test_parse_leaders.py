"""渝府办发〔2023〕27号: ten leaders, each a person holding a post, with duties."""

from conftest import document

# Read off the text: post and name of each leader's paragraph, in order.
LEADERS = [
    ("市长", "胡衡华"), ("常务副市长", "陈鸣波"), ("副市长", "胡明朗"), ("副市长", "郑向东"),
    ("副市长", "但彦铮"), ("副市长", "江敦涛"), ("副市长", "商奎"), ("副市长", "张安疆"),
    ("副市长", "张国智"), ("秘书长", "罗清泉"),
]


def _leader(issue, name):
    return next(l for l in document(issue, "渝府办发〔2023〕27号").leaders if l.name == name)


def test_ten_leaders(seed_issue):
    leaders = document(seed_issue, "渝府办发〔2023〕27号").leaders
    assert [(l.post, l.name) for l in leaders] == LEADERS


def test_supervised_units_across_a_page_break(seed_issue):
    supervised = [name for d in _leader(seed_issue, "陈鸣波").duties if d.relation == "supervises"
                  for name, _ in d.objects]
    assert supervised == ["市发展改革委（市粮食局）", "市财政局", "市生态环境局", "市国资委", "市统计局",
                          "市机关事务局", "市国动办（市人民防空办）", "市公共资源交易监管局", "市能源局"]


def test_mayor_supervises_with_zhuguan(seed_issue):
    duties = _leader(seed_issue, "胡衡华").duties
    zhuguan = next(d for d in duties if d.verb == "主管")
    assert zhuguan.relation == "supervises"
    assert [n for n, _ in zhuguan.objects] == ["市政府办公厅", "市审计局", "市政府研究室"]


def test_specific_and_assisting_duties(seed_issue):
    jiang = _leader(seed_issue, "江敦涛").duties
    assert any(d.relation == "specifically_responsible_for" and [n for n, _ in d.objects] == ["应急管理和安全生产"]
               for d in jiang)
    chen = _leader(seed_issue, "陈鸣波").duties
    assert any(d.relation == "assists" and [n for n, _ in d.objects] == ["审计"] for d in chen)


def test_stray_latin_and_is_read_as_he(seed_issue, seed_source):
    chen = _leader(seed_issue, "陈鸣波").duties
    areas = [(n, s) for d in chen if d.relation == "responsible_for" for n, s in d.objects]
    name, span = next((n, s) for n, s in areas if n.startswith("应急管理"))
    assert name == "应急管理和安全生产"
    assert span.quote(seed_source.text) == "应急管理 and 安全生产"


def test_zhang_anjiang_supervises_science_and_the_high_tech_zone(seed_issue):
    zhang = _leader(seed_issue, "张安疆").duties
    supervised = [n for d in zhang if d.relation == "supervises" for n, _ in d.objects]
    assert supervised == ["市教委", "市科技局（市外国专家局）", "西部科学城重庆高新区"]
