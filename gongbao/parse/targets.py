"""Quantitative targets: 地区生产总值超过3万亿元, 比重提高到26%, 降低15%左右, 迈入全国前三 …

A plan's text is cut into sentences (。；) and clauses (，、 and brackets). In each clause
every number is either a target (a value, a unit, a comparator, and the indicator it
measures) or skipped with a reason, so that a reviewer sees what was not taken and why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .. import reference
from ..records import SkippedNumber, Span, Target
from .numerals import CHINESE_NUMERAL_CHARS, chinese_to_int
from .paragraph import Para

_SENTENCE_END = "。；;"
# Not the colon: it stands inside ratios (2.3 : 1).
_CLAUSE_END = "，,（）()"
_NUMBER = re.compile(r"\d+(?:\s*\.\s*\d+)?")
_RANGE = re.compile(r"(?P<low>\d+(?:\.\d+)?)\s*[—–~～\-]\s*(?P<high>\d+(?:\.\d+)?)")
_RATIO = re.compile(r"(?P<a>\d+(?:\.\d+)?)\s*[:：]\s*(?P<b>\d+(?:\.\d+)?)")
_YEAR = re.compile(r"(?:19|20|21)\d\d\s*年")
_DEADLINE = re.compile(r"到\s*(?P<year>(?:19|20|21)\d\d)\s*年")
_BASELINE = re.compile(r"在\s*(?P<year>(?:19|20|21)\d\d)\s*年的?基础上")
_CLASS = re.compile(rf"(?P<num>[{CHINESE_NUMERAL_CHARS}]*?)(?P<mult>[百千万]?)亿级")
_RANK = re.compile(r"(?:迈入|进入|位居|位列|跻身)(?P<where>[^，。；\d]{0,6}?)前(?P<n>[一二三四五六七八九十\d]+)")
_CHINESE_NUMBER = re.compile(r"[一二两三四五六七八九十百千万亿]+")
# A bracket of one or two characters, or a Latin abbreviation (研究与试验发展（R&D）经费投入强度), stays
# inside its clause: it glosses the words before it rather than opening an aside.
_SHORT_BRACKET = re.compile(r"[（(](?:[^（()）\d，。；]{1,2}|[A-Za-z&]{2,8})[）)]")
_DOUBLE = re.compile(r"翻一番|实现“倍增”")

# Words around a number that give the comparator. Checked in this order.
_AFTER_AT_LEAST = ("以上",)
_AFTER_ABOUT = ("左右",)
_AFTER_AT_MOST = ("以内", "以下")
_BEFORE_AT_LEAST = ("超过", "突破", "高于", "不低于", "不少于", "超")
_BEFORE_AT_MOST = ("控制在", "缩小至", "缩小到", "小于", "低于", "不超过")
_GROWTH = ("年均增长率", "年复合增长率", "增长率", "年均增长", "增速", "增长")
_REDUCTION = ("降低", "下降", "减少")
# Verbs and fillers between the indicator and the number: cut from the indicator.
_VERBS = ("提高到", "提升到", "增加到", "稳定在", "保持在", "巩固在", "控制在", "缩小至", "缩小到",
          "达到", "超过", "突破", "高于", "不低于", "不少于", "小于", "低于", "不超过", "实现",
          "达", "超", "为", "降低", "下降", "减少", "年均增长率达到", "年均增长", "增长率达到")
_CONNECTORS = " 、和及与，"
# Verbs of doing rather than of reaching: what follows the number is what is counted.
_ACTION_VERBS = ("集聚", "遴选", "支持", "建设", "建成", "新建", "培育", "引进", "打造", "创建", "实施", "开行", "举办",
                 "引育", "筹集", "培养", "落户", "设立", "组建", "认定", "布局", "形成", "争取")
_LEAD_FILLERS = ("力争", "确保", "全市", "实现", "到", "其中", "并", "且", "累计", "基本", "持续")
_FLUFF = re.compile(r"实现“[^”]*”|在\s*\d{4}\s*年的?基础上|分别|总量")


@dataclass
class _Unit:
    name: str
    base: str
    multiplier: Decimal
    designation: bool


def _units() -> list[_Unit]:
    rows = reference.units()
    units = [_Unit(r["unit"], r["base_unit"], Decimal(r["multiplier"]), r["kind"] == "designation") for r in rows]
    return sorted(units, key=lambda u: -len(u.name))


@dataclass
class Clause:
    para: Para
    start: int
    end: int

    @property
    def text(self) -> str:
        return self.para.text[self.start:self.end]


class TargetReader:
    """Reads the targets of one outline node's own text."""

    def __init__(self, scopes: list[str]):
        self.units = _units()
        self.scopes = sorted(scopes, key=len, reverse=True)
        self.targets: list[Target] = []
        self.skipped: list[SkippedNumber] = []
        self.clauses_with_numbers = 0
        self._object_end: int | None = None  # where the counted object after the last value ends
        unit_names = "|".join(re.escape(u.name) for u in self.units if not u.designation and u.name != "年")
        self._chinese_with_unit = re.compile(rf"{_CHINESE_NUMBER.pattern}(?:{unit_names})")

    def read(self, para: Para) -> None:
        for sentence_start, sentence_end in _pieces(para.text, 0, len(para.text), _SENTENCE_END):
            self._sentence(para, sentence_start, sentence_end)

    def _sentence(self, para: Para, start: int, end: int) -> None:
        clauses = [Clause(para, s, e) for s, e in _pieces(para.text, start, end, _CLAUSE_END)]
        topic_items: list[str] = []  # "高新技术企业和科技型企业": what a later 分别 refers to
        topic_scope: str | None = None
        last: Target | None = None
        sentence_targets: list[Target] = []
        for clause in clauses:
            has_number = bool(re.search(r"\d", clause.text) or _CLASS.search(clause.text)
                              or _RANK.search(clause.text) or _DOUBLE.search(clause.text)
                              or self._chinese_with_unit.search(clause.text))
            found = self._clause(clause, topic_items, last, topic_scope,
                                 para.text[start:clause.start]) if has_number else []
            if has_number:
                self.clauses_with_numbers += 1
            if found:
                self.targets.extend(found)
                sentence_targets.extend(found)
                last = found[-1]
                # "科学城核心区研发投入强度超过5.7%，科技型企业超过2000家": the subject's area carries on.
                topic_scope = self._subject_scope(clause.text) or topic_scope
                continue
            # A clause without targets sets the topic of the clauses after it.
            topic_scope = self._subject_scope(clause.text) or topic_scope
            items = _items(self._strip_scope(_indicator(clause.text)))
            if len(items) > 1:
                topic_items = items
        self._own_generic_measures(sentence_targets)

    def _clause(self, clause: Clause, topic_items: list[str], last: Target | None, topic_scope: str | None,
                before: str) -> list[Target]:
        text = clause.text
        found: list[Target] = []
        taken: list[tuple[int, int]] = []
        for m in _DOUBLE.finditer(text):
            found.append(self._target(clause, m.start(), m.end(), "=", Decimal(2), None, "倍", Decimal(2), "倍",
                                      text[:m.start()], topic_scope, before))
            taken.append(m.span())
        for m in _RANK.finditer(text):
            n = m.group("n")
            rank = int(n) if n.isdigit() else chinese_to_int(n)
            found.append(self._target(clause, m.start(), m.end(), "rank", Decimal(rank), None, "", Decimal(rank), "",
                                      text[:m.start()], topic_scope, before))
            taken.append(m.span())
        for m in _CLASS.finditer(text):
            target = self._class_target(clause, m, topic_scope, before)
            if target:
                found.append(target)
                taken.append(m.span())
        for m in _CHINESE_NUMBER.finditer(text):
            if any(s <= m.start() < e for s, e in taken):
                continue
            target = self._chinese_target(clause, m, topic_scope, before)
            if target:
                found.append(target)
                taken.append((m.start(), m.start() + 1))
        numbered: list[Target] = []
        previous_end = 0
        i = 0
        while i < len(text):
            m = _NUMBER.search(text, i)
            if not m:
                break
            if any(s <= m.start() < e for s, e in taken):
                i = m.end()
                continue
            previous = numbered[-1] if numbered else None
            head_start = previous_end if previous else 0
            consumed, target = self._number(clause, m, head_start, previous or last, topic_scope, before)
            if target is not None:
                numbered.append(target)
                previous_end = consumed
            i = max(consumed, m.end())
        self._respectively(text, numbered, topic_items)
        return found + numbered

    def _own_generic_measures(self, targets: list[Target]) -> None:
        """"研究开发服务市场主体达2500家，年营业收入达1600亿元": the revenue is the service's.

        A generic measure (mappings/indicators.csv) takes its owner from the first target of
        the sentence whose indicator is that owner plus another generic measure.
        """
        table = reference.indicators()
        owner = None
        for target in targets:
            generic = next((g for g in table.generic if target.indicator.endswith(g)), None)
            if generic is None:
                owner = None
                continue
            stem = target.indicator[: -len(generic)]
            if stem:
                owner = stem
            elif owner:
                target.indicator = owner + target.indicator

    def _respectively(self, text: str, targets: list[Target], topic_items: list[str]) -> None:
        """"A和B分别达到X、Y": the i-th value measures the i-th of the listed indicators."""
        if "分别" not in text or not targets:
            return
        own = _items(self._strip_scope(_indicator(text[: text.index("分别")])))
        items = own if len(own) > 1 else topic_items
        for target, item in zip(targets, items):
            target.indicator = _count_label(item, target.base_unit)

    def _number(self, clause: Clause, m: re.Match, head_start: int, last, topic_scope, before):
        text = clause.text
        start = m.start()
        span = clause.para.span(clause.start + m.start(), clause.start + m.end())
        prev_char = text[start - 1] if start else ""
        if _YEAR.match(text, start):
            return self._skip(span, "a year", m.end())
        if prev_char == "第":
            return self._skip(span, "an ordinal (第…)", m.end())
        comparator = None
        value_max = None
        end = m.end()
        value_text = m.group()
        if r := _RANGE.match(text, start):
            comparator, value_text, value_max, end = "range", r.group("low"), Decimal(r.group("high")), r.end()
        elif r := _RATIO.match(text, start):
            comparator, value_text, end = "ratio", r.group("a"), r.end()
        after = text[end:].lstrip()
        gap = len(text[end:]) - len(after)
        if (prev_char.isascii() and prev_char.isalpha()) or after[:1] in ("+",) or \
                (after[:1].isascii() and after[:1].isalpha() and not self._unit_at(after)):
            return self._skip(span, "part of a name or code (5G, T3B, 13+2, 5A级)", end)
        unit = None if comparator == "ratio" else self._unit_at(after)
        if unit and unit.designation:
            return self._skip(span, f"a designation, not a quantity ({value_text}{unit.name})", end + gap + len(unit.name))
        unit_end = end + gap + (len(unit.name) if unit else 0)
        tail = text[unit_end:].lstrip()
        if unit is not None and _qualifies_what_follows(tail, text[unit_end:]):
            return self._skip(span, f"a qualifier of what is counted ({value_text}{unit.name}{tail[:4]}…)", unit_end)
        head = text[head_start:start]
        list_goes_on = head_start > 0 and not head.strip(_CONNECTORS)
        if comparator is None:
            comparator = _comparator(head, tail, unit)
            if list_goes_on and comparator == "=" and last is not None \
                    and last.comparator in (">=", "<=", "~", "growth", "reduction"):
                comparator = last.comparator  # "分别超过1.28万家和8.6万家": the second value is also a lower bound
        if unit is None and comparator != "ratio" and not _ends_with_verb(head):
            return self._skip(span, "a number without a unit or comparator", unit_end)
        value = Decimal(value_text.replace(" ", ""))
        base = value * unit.multiplier if unit else value
        target = self._target(clause, start, unit_end + _suffix_length(tail, text[unit_end:]), comparator, value,
                              value_max, unit.name if unit else "", base, unit.base if unit else "",
                              head, topic_scope, before, continues=last)
        if list_goes_on and last is not None:
            target.scope = last.scope  # "主城新区分别超过4640家、29780家": both are 主城新区's
        consumed = unit_end + _suffix_length(tail, text[unit_end:])
        if self._object_end is not None:
            # "新建50个智能工厂和500个数字化车间": the next value's words start after this object.
            consumed, self._object_end = max(consumed, self._object_end), None
        return consumed, target

    def _chinese_target(self, clause, m, topic_scope, before):
        """千万亩高标准农田, 两个中心: a number written in Chinese numerals before a unit.

        A lone 一 is an article (一个平台), a numeral in quotes is part of a name (“百校千项”),
        and one after 每 or 第 is a rate's denominator or an ordinal: none of them is a target.
        """
        text = clause.text
        start = m.start()
        run = m.group()
        before_run = text[:start].rstrip()
        if before_run and (before_run[-1] in "每第" or before_run[-1].isdigit()):
            return None  # 每千人口; 5.6 万家, where 万 belongs to the unit
        if text[:start].count("“") > text[:start].count("”"):
            return None
        for cut in range(1, len(run) + 1):
            numeral, rest = run[:cut], text[start + cut:]
            unit = self._unit_at(rest)
            if unit is None or unit.designation or unit.name in ("年", "%", "‰") or numeral == "一":
                continue
            try:
                value = Decimal(chinese_to_int(numeral))
            except ValueError:
                continue
            if value == 0:
                continue
            end = start + cut + len(unit.name)
            return self._target(clause, start, end, "=", value, None, unit.name, value * unit.multiplier,
                                unit.base, text[:start], topic_scope, before)
        return None

    def _class_target(self, clause, m, topic_scope, before):
        number, multiplier = m.group("num"), m.group("mult")
        if not number and not multiplier:
            return None
        if number:
            value = Decimal(chinese_to_int(number + multiplier)) if multiplier else Decimal(chinese_to_int(number))
            unit = "亿元"
        else:
            value, unit = Decimal(1), f"{multiplier}亿元"
        base = {"亿元": Decimal(10**8), "百亿元": Decimal(10**10), "千亿元": Decimal(10**11),
                "万亿元": Decimal(10**12)}[unit] * value
        # The thing of that size class follows the class: 千亿级 + 特色产业集群
        noun = re.match(r"[^，。、；（）]{0,12}", clause.text[m.end():]).group()
        return self._target(clause, m.start(), m.end(), "class", value, None, unit, base, "元",
                            noun + "规模", topic_scope, before)

    def _target(self, clause, start, end, comparator, value, value_max, unit, base, base_unit, head,
                topic_scope, before, continues=None) -> Target:
        indicator = self._strip_scope(_indicator(head))
        if indicator.endswith(_ACTION_VERBS) or indicator in ("", "新增"):
            # "建成100公里滨江公共空间", "遴选100家骨干企业": the thing counted follows the unit.
            counted = _object_after(clause.text[end:])
            self._object_end = end + clause.text[end:].find(counted) + len(counted) if counted else end
            if counted:
                indicator = (indicator if indicator == "新增" else "") + counted
        if not indicator and continues is not None:
            indicator = continues.indicator  # "…分别超过7110家、46560家": the list goes on
        if not indicator:
            indicator = _object_after(clause.text[end:])
        scope = self._scope(head) or topic_scope
        return Target(
            indicator=_count_label(indicator, base_unit) if indicator else reference.UNREAD_INDICATOR, scope=scope, comparator=comparator, value=value,
            value_max=value_max, unit=unit, base_value=base, base_unit=base_unit,
            year=_last_year(before + clause.text[:start]), baseline_year=_baseline(before + clause.text),
            span=clause.para.span(clause.start, clause.end),
            value_span=clause.para.span(clause.start + start, clause.start + end),
        )

    def _unit_at(self, text: str) -> _Unit | None:
        for unit in self.units:
            if text.startswith(unit.name):
                return unit
        return None

    def _scope(self, text: str) -> str | None:
        for scope in self.scopes:
            at = text.find(scope)
            if at >= 0:
                return _with_part(scope, text[at + len(scope):])
        return None

    def _subject_scope(self, text: str) -> str | None:
        """An area that a clause opens with is its subject (中心城区基本建成…), not a mere mention."""
        text = text.lstrip(_CONNECTORS)
        text = text[2:] if text.startswith("其中") else text
        for scope in self.scopes:
            if text.startswith(scope):
                return _with_part(scope, text[len(scope):])
        return None

    def _strip_scope(self, text: str) -> str:
        scope = self._scope(text)
        return text.replace(scope, "", 1).strip(" 、") if scope else text

    def _skip(self, span: Span, reason: str, end: int):
        self.skipped.append(SkippedNumber(span=span, reason=reason))
        return end, None


# Parts of an area that narrow a target's scope: 西部（重庆）科学城核心区.
_AREA_PARTS = ("核心区",)


def _with_part(scope: str, after: str) -> str:
    return next((scope + part for part in _AREA_PARTS if after.startswith(part)), scope)


def _items(text: str) -> list[str]:
    return [item.strip() for item in re.split(r"[和、及与]", text) if item.strip()]


def _pieces(text: str, start: int, end: int, stops: str) -> list[tuple[int, int]]:
    pieces = []
    piece_start = start
    i = start
    while i < end:
        short = _short_bracket(text, i)
        if short:
            i += short
            continue
        if text[i] in stops:
            if i > piece_start:
                pieces.append((piece_start, i))
            piece_start = i + 1
        i += 1
    if end > piece_start:
        pieces.append((piece_start, end))
    return pieces


_LATER_COMPARISON = re.compile(r"(?:超过|超|达到|达|提高到|不低于|小于|低于|控制在)\s*\d")


def _qualifies_what_follows(tail: str, raw_tail: str) -> bool:
    """"3岁以下婴幼儿托位数超4.5个": a number+unit (以上/以下) that describes the noun after it,
    while the clause's own comparison comes later, is a qualifier, not a target."""
    rest = tail
    for word in _AFTER_AT_LEAST + _AFTER_AT_MOST:
        if rest.startswith(word):
            rest = rest[len(word):]
            break
    else:
        return False
    if not rest or not ("\u4e00" <= rest[0] <= "\u9fff"):
        return False
    return bool(_LATER_COMPARISON.search(rest))


def _short_bracket(text: str, i: int) -> int:
    """（间） in 万套（间）: a bracket of one or two characters is part of a word, not a clause.

    Returns the bracket's length, or 0.
    """
    m = _SHORT_BRACKET.match(text, i)
    return len(m.group()) if m else 0


def _comparator(head: str, tail: str, unit) -> str:
    head = head.rstrip()
    head_tail = head[-8:]
    if any(tail.startswith(w) for w in _AFTER_ABOUT):
        return "~" if not any(w in head_tail for w in _REDUCTION) else "reduction"
    if unit is not None and unit.name in ("%", "‰"):
        if any(w in head_tail for w in _GROWTH):
            return "growth"
        if any(w in head_tail for w in _REDUCTION):
            return "reduction"
    if any(tail.startswith(w) for w in _AFTER_AT_MOST) or any(head.endswith(w) for w in _BEFORE_AT_MOST):
        return "<="
    if any(tail.startswith(w) for w in _AFTER_AT_LEAST) or any(head.endswith(w) for w in _BEFORE_AT_LEAST):
        return ">="
    return "="


def _ends_with_verb(head: str) -> bool:
    return any(head.rstrip().endswith(v) for v in _VERBS)


def _suffix_length(tail: str, raw: str) -> int:
    gap = len(raw) - len(tail)
    for word in _AFTER_AT_LEAST + _AFTER_ABOUT + _AFTER_AT_MOST:
        if tail.startswith(word):
            return gap + len(word)
    return 0


def _indicator(head: str) -> str:
    """The words before the number, less verbs, fillers and deadlines: 全市高新技术企业突破 → 高新技术企业."""
    text = _DEADLINE.sub("", _FLUFF.sub("", head)).replace("的比重", "比重")
    changed = True
    while changed:
        changed = False
        text = text.rstrip(" 的\u3000")
        for verb in sorted(_VERBS, key=len, reverse=True):
            if text.endswith(verb):
                text = text[: -len(verb)]
                changed = True
    text = text.lstrip(_CONNECTORS + "的")
    changed = True
    while changed:
        changed = False
        for filler in sorted(_LEAD_FILLERS + _ACTION_VERBS, key=len, reverse=True):
            if text.startswith(filler) and len(text) > len(filler):
                text = text[len(filler):]
                changed = True
    return "".join(text.split()).strip("、")


# Units that count things: the indicator is then the number of those things (高新技术企业 → …数量).
_COUNT_UNITS = ("家", "个", "条", "对", "场", "项", "所", "座", "件", "名", "处", "列", "人", "人次")
_MEASURE_ENDINGS = ("数", "量", "额", "率", "积", "度", "重", "模", "值", "入", "能力", "里程", "人数")


def _count_label(indicator: str, base_unit: str) -> str:
    if base_unit in _COUNT_UNITS and not indicator.endswith(_MEASURE_ENDINGS):
        return indicator + "数量"
    return indicator


def _object_after(text: str) -> str:
    m = re.match(r"[^，。、；（）\d]{1,16}", text)
    return m.group().strip().rstrip("和及与、 ") if m else ""


def _last_year(text: str) -> int | None:
    years = _DEADLINE.findall(text)
    return int(years[-1]) if years else None


def _baseline(text: str) -> int | None:
    m = _BASELINE.search(text)
    return int(m.group("year")) if m else None


def read_targets(doc, scopes) -> None:
    """Read the targets of every outline node, filling in years and scopes from context.

    A target without 到…年 in its own sentence takes the last deadline stated earlier in
    its node, else its group's or part's (到2027年 in a group's opening paragraph), else
    the plan's end year. A group whose opening paragraph is about one area
    (主城都市区是…) sets that area as the scope of the targets under it that name none.
    """
    def visit(node, inherited_year, inherited_scope):
        reader = TargetReader(list(scopes))
        deadlines: list[tuple[int, int]] = []
        for para in node.paragraphs:
            reader.read(para)
            deadlines += [(para.offsets[m.start()], int(m.group("year"))) for m in _DEADLINE.finditer(para.text)]
        own_year = deadlines[0][1] if deadlines else None
        # A heading that names an area (建设西部（重庆）科学城) makes it the scope of the node's targets.
        scope = _heading_scope(node, scopes) or _opening_scope(node, scopes) or inherited_scope
        for target in reader.targets:
            if target.year is None:
                earlier = [year for offset, year in deadlines if offset < target.value_span.start]
                if earlier:
                    target.year, target.year_source = earlier[-1], "context"
                elif inherited_year is not None:
                    target.year, target.year_source = inherited_year, "context"
                else:
                    target.year, target.year_source = doc.end_year, "plan"
            if target.scope is None:
                target.scope = scope
        node.targets = reader.targets
        node.skipped_numbers = reader.skipped
        node.clauses_with_numbers = reader.clauses_with_numbers
        for child in node.children:
            visit(child, own_year or inherited_year, scope)

    for root in doc.outline:
        visit(root, None, None)


def _heading_scope(node, scopes) -> str | None:
    for scope in sorted(scopes, key=len, reverse=True):
        if scope in node.title:
            return scope
    return None


def _opening_scope(node, scopes) -> str | None:
    if node.kind != "group" or len(node.paragraphs) < 2:
        return None
    opening = node.paragraphs[1].text
    for scope in sorted(scopes, key=len, reverse=True):
        if opening.startswith(scope + "是"):
            return scope
    return None
