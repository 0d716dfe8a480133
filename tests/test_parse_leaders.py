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


def _objects(issue, name, verb):
    return [n for d in _leader(issue, name).duties if d.verb == verb for n, _ in d.objects]


def test_secretary_general_coordinates_as_one_activity(seed_issue, seed_source):
    # "负责协调市长、副市长的日常活动安排及…": the 、 sits inside a modifier; no 工作 closes a list.
    luo = _leader(seed_issue, "罗清泉").duties
    areas = [(n, s) for d in luo if d.relation == "responsible_for" for n, s in d.objects]
    name, span = next((n, s) for n, s in areas if n.startswith("协调"))
    assert name == "协调市长、副市长的日常活动安排及市政府的全市性重大活动安排"
    assert span.quote(seed_source.text).replace("\n", "") == name
    assert "组织市政府全体会议、市政府常务会议、市长办公会议" in [n for n, _ in areas]


def test_democratic_parties_and_the_federation_are_two_bodies(seed_issue):
    # 民主党派和工商联 names no agency, 民主党派 and 工商联 each name one (mappings/agencies.csv).
    assert _objects(seed_issue, "胡衡华", "联系") == ["人大", "政协", "民主党派", "工商联"]
    assert _objects(seed_issue, "罗清泉", "协助市长联系") == ["人大", "政协", "民主党派", "工商联"]


def test_work_stays_when_it_is_the_object(seed_issue):
    assert _objects(seed_issue, "胡衡华", "主持") == ["市政府全面工作"]
    assert _objects(seed_issue, "陈鸣波", "负责")[0] == "市政府常务工作"
    assert _objects(seed_issue, "胡衡华", "负责") == ["审计"]


def test_areas_joined_by_he_stay_one_area(seed_issue):
    # Areas are not in a reference table: nothing says 文化 and 旅游发展 are two areas.
    assert "文化和旅游发展" in _objects(seed_issue, "但彦铮", "负责")
    assert "地方金融监管和金融" in _objects(seed_issue, "商奎", "负责")


def test_an_unknown_conjoined_name_stays_whole_and_is_reported():
    from gongbao.mapping import map_issue
    from gongbao.parse import parse_text

    text = ("重庆市人民政府公报\n\n2023\n\n第6期（总第933期）\n\n"
            "重庆市人民政府办公厅关于市政府领导同志工作分工的通知\n\n渝府办发〔2023〕27号\n\n"
            "各区县（自治县）人民政府：\n\n现将《市政府领导同志工作分工》予以印发。\n\n"
            "重庆市人民政府办公厅\n\n2023年3月30日\n\n市政府领导同志工作分工\n\n"
            "市长某某某 联系人大和某某协会工作。\n")
    issue = parse_text(text)
    leader = issue.documents[0].leaders[0]
    assert [n for n, _ in leader.duties[0].objects] == ["人大和某某协会"]
    mapped = map_issue(issue, text)
    assert any("人大和某某协会" in n.message for n in mapped.notices)
