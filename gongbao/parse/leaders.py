"""A division-of-work notice: each leader's post, name and duties.

市长胡衡华 主持市政府全面工作；负责审计工作。
主管市政府办公厅、市审计局、市政府研究室。

A leader's paragraph opens with a post title from mappings/posts.csv and the name;
the paragraphs after it, until the next leader, are that leader's duties. Each clause
opens with a verb from mappings/duty-verbs.csv, which also says whether the verb takes
areas of work or agencies.

How a clause splits into objects:
- areas: "负责A、B、C工作" is the list form, closed by 工作. A clause without that closing
  工作 ("负责协调市长、副市长的日常活动安排及…") describes one activity and stays whole,
  so 、 inside a modifier does not cut it. 工作 stays when a word from
  mappings/work-qualifiers.csv stands before it (市政府全面工作 is work, not an area 全面).
- agencies: split at 、; a piece that names no agency but splits at 和/及/与 into pieces
  that each name one ("民主党派和工商联") is those agencies. Whether a name is an agency
  is read from mappings/agencies.csv, so the rule needs no list of its own.
"""

from __future__ import annotations

import re

from .. import reference
from ..records import Duty, Leader, Notice
from ..reference import AgencyTable
from .paragraph import Para

_CLAUSE_END = "；;。，,"
# A stray Latin conjunction inside a Chinese list ("应急管理 and 安全生产") means 和.
_LATIN_AND = re.compile(r"\s+and\s+")
_TRAILING_WORK = "工作"
_CONJUNCTIONS = "和及与"


def leader_pattern() -> re.Pattern:
    titles = sorted((p.title for p in reference.posts()), key=len, reverse=True)
    return re.compile(rf"^(?P<post>{'|'.join(map(re.escape, titles))})(?P<name>[\u4e00-\u9fff·]{{2,4}})[\s\u3000]+(?P<rest>\S.*)$")


class LeaderReader:
    def __init__(self):
        self.pattern = leader_pattern()
        self.leaders: list[Leader] = []
        self.notices: list[Notice] = []
        self.closing: str | None = None  # "adjustment" when 其他…分工不变 closes the leaders

    def add(self, para: Para) -> bool:
        """Take the paragraph if it opens a leader or belongs to the current one."""
        if self.leaders and self.closing is None:
            meaning = next((m for pattern, m in reference.division_closings() if pattern.match(para.text)), None)
            if meaning is not None:
                self.closing = meaning
                return True
        if self.closing is not None:
            return False
        m = self.pattern.match(para.text)
        if m:
            leader = Leader(post=m.group("post"), name=m.group("name"),
                            span=para.span(0, m.end("name")), ordinal=len(self.leaders) + 1)
            self.leaders.append(leader)
            self._duties(leader, para, m.start("rest"))
            return True
        if self.leaders:
            self._duties(self.leaders[-1], para, 0)
            return True
        return False

    def _duties(self, leader: Leader, para: Para, start: int) -> None:
        verbs = reference.duty_verbs()
        i = start
        text = para.text
        while i < len(text):
            j = i
            while j < len(text) and text[j] not in _CLAUSE_END:
                j += 1
            clause = para.sub(i, j).strip()
            if clause.text:
                duty = _duty(clause, verbs)
                if duty is None:
                    self.notices.append(Notice(para.line, f"{leader.post}{leader.name}: clause with no known "
                                               f"duty verb: {clause.text}", clause.span()))
                else:
                    leader.duties.append(duty)
            i = j + 1


def _duty(clause: Para, verbs) -> Duty | None:
    for verb in verbs:
        if clause.text.startswith(verb.verb):
            body = clause.sub(len(verb.verb)).strip()
            if verb.object == "agency":
                objects = _agency_objects(body, reference.agencies())
            else:
                objects = _area_objects(body, reference.work_qualifiers())
            return Duty(relation=verb.relation, verb=verb.verb, span=clause.span(),
                        objects=[(_printed(piece), piece.span()) for piece in objects],
                        object_kind=verb.object)
    return None


def _area_objects(body: Para, qualifiers: tuple[str, ...]) -> list[Para]:
    """公安、司法行政、信访、保密工作 → 公安 | 司法行政 | 信访 | 保密."""
    if not _closes_with_work(body.text):
        return [body] if body.text else []
    pieces = _split_list(body)
    last = pieces[-1]
    if not last.text[: -len(_TRAILING_WORK)].endswith(qualifiers):
        pieces[-1] = last.sub(0, len(last.text) - len(_TRAILING_WORK))
    return pieces


def _agency_objects(body: Para, table: AgencyTable) -> list[Para]:
    """市发展改革委（市粮食局）、市财政局 … ; 人大、政协、民主党派和工商联工作 → four bodies."""
    pieces = _split_list(body)
    if pieces and _closes_with_work(pieces[-1].text):
        pieces[-1] = pieces[-1].sub(0, len(pieces[-1].text) - len(_TRAILING_WORK))
    objects = []
    for piece in pieces:
        objects.extend(_split_conjoined(piece, table))
    return objects


def _split_conjoined(piece: Para, table: AgencyTable) -> list[Para]:
    if table.resolve(_printed(piece)) is not None:
        return [piece]
    parts = []
    start = 0
    for i, ch in enumerate(piece.text):
        if ch in _CONJUNCTIONS:
            parts.append(piece.sub(start, i).strip())
            start = i + 1
    parts.append(piece.sub(start).strip())
    if len(parts) > 1 and all(p.text and table.resolve(_printed(p)) is not None for p in parts):
        return parts
    return [piece]  # left whole: the mapping reports a name it cannot resolve


def _split_list(body: Para) -> list[Para]:
    """Split at 、 outside brackets; each piece keeps its span."""
    pieces = []
    depth = 0
    start = 0
    for i in range(len(body.text) + 1):
        ch = body.text[i] if i < len(body.text) else "、"
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth -= 1
        elif ch == "、" and depth == 0:
            piece = body.sub(start, i).strip()
            if piece.text:
                pieces.append(piece)
            start = i + 1
    return pieces


def _closes_with_work(text: str) -> bool:
    return text.endswith(_TRAILING_WORK) and len(text) > len(_TRAILING_WORK)


def _printed(piece: Para) -> str:
    return _LATIN_AND.sub("和", piece.text)
