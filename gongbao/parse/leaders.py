"""A division-of-work notice: each leader's post, name and duties.

市长胡衡华 主持市政府全面工作；负责审计工作。
主管市政府办公厅、市审计局、市政府研究室。

A leader's paragraph opens with a post title from mappings/posts.csv and the name;
the paragraphs after it, until the next leader, are that leader's duties. Each clause
opens with a verb from mappings/duty-verbs.csv.
"""

from __future__ import annotations

import re

from .. import reference
from ..records import Duty, Leader, Notice
from .paragraph import Para

_CLAUSE_END = "；;。，,"
# A stray Latin conjunction inside a Chinese list ("应急管理 and 安全生产") means 和.
_LATIN_AND = re.compile(r"\s+and\s+")
_TRAILING_WORK = "工作"


def leader_pattern() -> re.Pattern:
    titles = sorted((p.title for p in reference.posts()), key=len, reverse=True)
    return re.compile(rf"^(?P<post>{'|'.join(map(re.escape, titles))})(?P<name>[\u4e00-\u9fff·]{{2,4}})[\s\u3000]+(?P<rest>\S.*)$")


class LeaderReader:
    def __init__(self):
        self.pattern = leader_pattern()
        self.leaders: list[Leader] = []
        self.notices: list[Notice] = []

    def add(self, para: Para) -> bool:
        """Take the paragraph if it opens a leader or belongs to the current one."""
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
            return Duty(relation=verb.relation, verb=verb.verb, objects=_objects(body),
                        span=clause.span())
    return None


def _objects(body: Para):
    """Split 公安、司法行政、信访、保密工作 into its objects, each with its span."""
    objects = []
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
                objects.append(piece)
            start = i + 1
    if objects and objects[-1].text.endswith(_TRAILING_WORK) \
            and len(objects[-1].text) > len(_TRAILING_WORK):
        # "…、保密工作": 工作 closes the whole list, it is not part of the last area.
        last = objects[-1]
        objects[-1] = last.sub(0, len(last.text) - len(_TRAILING_WORK))
    return [(_LATIN_AND.sub("和", piece.text), piece.span()) for piece in objects]
