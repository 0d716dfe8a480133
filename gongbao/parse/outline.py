"""A plan's outline: parts (一、), groups (（一）, (一)) and numbered items (1.).

Items may run on through a document (1 … 56) or restart in each group (1 … 8, 1 … 3):
the path, made of printed labels, tells them apart either way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..records import Notice, OutlineNode, Span
from .numerals import chinese_to_int
from .paragraph import Para
from .source import SourceText
from .unitlist import find_unit_list

_CN = "一二三四五六七八九十百零〇"
PART = re.compile(rf"^(?P<label>[{_CN}]+)\s*、\s*(?P<rest>.+)$")
GROUP = re.compile(rf"^[（(]\s*(?P<label>[{_CN}]+)\s*[）)]\s*(?P<rest>.+)$")
ITEM = re.compile(r"^(?P<label>\d{1,3})\s*[.．、]\s*(?P<rest>\D.*)$")
_LEVELS = {"part": 0, "group": 1, "item": 2}
_HEADING_END = "。"


@dataclass
class Heading:
    kind: str
    number: int
    label: str
    title: str
    title_start: int  # offset of the title within the paragraph
    title_end: int


def heading_of(text: str) -> Heading | None:
    for kind, pattern in (("part", PART), ("group", GROUP), ("item", ITEM)):
        m = pattern.match(text)
        if not m:
            continue
        raw = m.group("label")
        number = int(raw) if kind == "item" else chinese_to_int(raw)
        label = f"（{raw}）" if kind == "group" else raw
        start = m.start("rest")
        if kind == "part":
            end = len(text.rstrip("。 "))
        else:
            stop = text.find(_HEADING_END, start)
            end = stop if stop >= 0 else len(text.rstrip())
        title = text[start:end].strip()
        if not title:
            return None
        return Heading(kind, number, label, title, start, start + len(title))
    return None


def is_heading(text: str) -> bool:
    return heading_of(text) is not None


def is_part_heading(text: str) -> bool:
    heading = heading_of(text)
    return heading is not None and heading.kind == "part"


class OutlineBuilder:
    """Builds the outline tree from the paragraphs of a plan, checking the numbering."""

    def __init__(self, source: SourceText, document_number: str):
        self.source = source
        self.document_number = document_number
        self.roots: list[OutlineNode] = []
        self.stack: list[OutlineNode] = []
        self.preamble: list[Para] = []
        self.notices: list[Notice] = []
        self.last_item: int | None = None

    def add(self, para: Para) -> None:
        heading = heading_of(para.text)
        if heading is None:
            self._add_body(para)
            return
        self._open(heading, para)

    def _add_body(self, para: Para) -> None:
        if not self.stack:
            self.preamble.append(para)
            return
        node = self.stack[-1]
        node.paragraphs.append(para)
        node.body += "\n" + para.text
        node.span = Span(node.span.start, para.span().end)
        self._unit_list(node, para)

    def _open(self, heading: Heading, para: Para) -> None:
        level = _LEVELS[heading.kind]
        while self.stack and _LEVELS[self.stack[-1].kind] >= level:
            self.stack.pop()
        parent = self.stack[-1] if self.stack else None
        siblings = parent.children if parent else self.roots
        self._check_numbering(heading, para, parent, siblings)
        path = f"{parent.path}/{heading.label}" if parent else heading.label
        node = OutlineNode(
            kind=heading.kind, label=heading.label, ordinal=heading.number, path=path,
            title=heading.title, title_span=para.span(heading.title_start, heading.title_end),
            span=para.span(), body=para.text,
        )
        node.paragraphs.append(para.sub(heading.title_start))
        siblings.append(node)
        self.stack.append(node)
        self._unit_list(node, para)
        for ancestor in self.stack[:-1]:
            ancestor.span = Span(ancestor.span.start, node.span.end)

    def _unit_list(self, node: OutlineNode, para: Para) -> None:
        unit_list = find_unit_list(para)
        if unit_list is not None:
            node.unit_lists.append(unit_list)
        for ancestor in self.stack[:-1]:
            ancestor.span = Span(ancestor.span.start, max(ancestor.span.end, node.span.end))

    def _check_numbering(self, heading: Heading, para: Para, parent: OutlineNode | None,
                         siblings: list[OutlineNode]) -> None:
        same_kind = [s for s in siblings if s.kind == heading.kind]
        if any(s.ordinal == heading.number for s in same_kind):
            where = f"under {parent.path}" if parent else "at the top level"
            raise self.source.error(
                para.offsets[0], f"a new {heading.kind} number {where} in {self.document_number}",
                f"{heading.label} again")
        if heading.kind == "item":
            self._check_item_sequence(heading, para, same_kind)
            return
        expected = same_kind[-1].ordinal + 1 if same_kind else 1
        if heading.number != expected:
            self.notices.append(Notice(para.line, f"{self.document_number}: {heading.kind} "
                                       f"{heading.label} follows {same_kind[-1].label if same_kind else 'nothing'}; "
                                       f"expected number {expected}", para.span()))

    def _check_item_sequence(self, heading: Heading, para: Para, same_kind: list[OutlineNode]) -> None:
        # Either the numbering runs on through the document or it restarts in each group.
        allowed = {1} if not same_kind else {same_kind[-1].ordinal + 1}
        if not same_kind and self.last_item is not None:
            allowed.add(self.last_item + 1)
        if heading.number not in allowed:
            self.notices.append(Notice(para.line, f"{self.document_number}: item {heading.number} where "
                                       f"{' or '.join(map(str, sorted(allowed)))} was expected; "
                                       "an item may be missing or misnumbered", para.span()))
        self.last_item = heading.number
