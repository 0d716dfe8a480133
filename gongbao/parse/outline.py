"""A plan's outline: the four levels of GB/T 9704 §7.3.3: parts (一、), groups (（一）, (一)),
numbered items (1.) and subitems (（1）); any of them may be left out.

Items may run on through a document (1 … 56) or restart in each group (1 … 8, 1 … 3):
the path, made of printed labels, tells them apart either way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..records import Notice, OutlineNode, Span
from .numerals import chinese_to_int
from .paragraph import Para
from .responsibility import ClauseReader
from .source import SourceText

_CN = "一二三四五六七八九十百零〇"
PART = re.compile(rf"^(?P<label>[{_CN}]+)\s*、\s*(?P<rest>.+)$")
GROUP = re.compile(rf"^[（(]\s*(?P<label>[{_CN}]+)\s*[）)]\s*(?P<rest>.+)$")
ITEM = re.compile(r"^(?P<label>\d{1,3})\s*[.．、]\s*(?P<rest>\D.*)$")
SUBITEM = re.compile(r"^[（(]\s*(?P<label>\d{1,2})\s*[）)]\s*(?P<rest>.+)$")
# A regulation (the text a government order issues): 第一章 总则 / 第一节 … / 第一条 …
CHAPTER = re.compile(rf"^(?P<label>第[{_CN}]+章)\s*(?P<rest>\S.*)$")
SECTION = re.compile(rf"^(?P<label>第[{_CN}]+节)\s*(?P<rest>\S.*)$")
ARTICLE = re.compile(rf"^(?P<label>第[{_CN}]+条)\s*(?P<rest>\S.*)$")


@dataclass(frozen=True)
class Level:
    kind: str  # the value of cq02's ?kind
    depth: int
    pattern: re.Pattern
    letter: str  # the IRI step: p2/g1/i1/s1
    arabic: bool  # 1 rather than 一
    whole_line: bool  # the heading is the whole line (一、总体要求), not the text up to its first 。
    regulation: bool = False  # 第X章/节/条: within an article, （一） is an item of it (项), no heading


# The one table of outline levels: the parser, the IRIs and the mapping's classes read it.
LEVELS = (
    Level("part", 0, PART, "p", False, True),
    Level("group", 1, GROUP, "g", False, False),
    Level("item", 2, ITEM, "i", True, False),
    Level("subitem", 3, SUBITEM, "s", True, False),
    Level("chapter", 0, CHAPTER, "c", False, True, regulation=True),
    Level("section", 1, SECTION, "n", False, True, regulation=True),
    Level("article", 2, ARTICLE, "a", False, False, regulation=True),
)
_REGULATION = {level.kind for level in LEVELS if level.regulation}
_LEVELS = {level.kind: level.depth for level in LEVELS}
_LETTER = {level.kind: level.letter for level in LEVELS}
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
    for level in LEVELS:
        m = level.pattern.match(text)
        if not m:
            continue
        kind = level.kind
        raw = m.group("label")
        number = int(raw) if level.arabic else chinese_to_int(raw.strip("第章节条"))
        label = f"（{raw}）" if kind in ("group", "subitem") else raw
        start = m.start("rest")
        if level.whole_line:
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

    def __init__(self, source: SourceText, document_number: str, clauses: ClauseReader | None = None,
                 annex: int | None = None):
        self.source = source
        self.annex = annex  # paths open with 附件N in a document with several attachments
        self.clauses = clauses or ClauseReader(document_number=document_number)
        self.document_number = document_number
        self.roots: list[OutlineNode] = []
        self.stack: list[OutlineNode] = []
        self.preamble: list[Para] = []
        self.notices: list[Notice] = []
        self.last_number: dict[str, int] = {}
        self.regulation = False  # once an article or chapter opens, only 章/节/条 are headings

    def add(self, para: Para) -> None:
        heading = heading_of(para.text)
        if heading is not None and heading.kind in _REGULATION:
            self.regulation = True
        elif heading is not None and self.regulation:
            heading = None  # （一） in an article is one of its items (项), part of its text
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
        top = f"附件{self.annex}/{heading.label}" if self.annex is not None else heading.label
        path = f"{parent.path}/{heading.label}" if parent else top
        step = f"{_LETTER[heading.kind]}{heading.number}"
        node = OutlineNode(
            kind=heading.kind, label=heading.label, ordinal=heading.number, path=path,
            steps=f"{parent.steps}/{step}" if parent else step, annex=self.annex,
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
        node.unit_lists.extend(self.clauses.read(para))
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
        # Numbering either restarts under each parent or runs on through the document
        # (items 1 … 56, or groups （一） … （十五） across parts).
        allowed = {1} if not same_kind else {same_kind[-1].ordinal + 1}
        last = self.last_number.get(heading.kind)
        if not same_kind and last is not None:
            allowed.add(last + 1)
        if heading.number not in allowed:
            self.notices.append(Notice(para.line, f"{self.document_number}: {heading.kind} {heading.label} where "
                                       f"{' or '.join(map(str, sorted(allowed)))} was expected; "
                                       "one may be missing or misnumbered", para.span()))
        self.last_number[heading.kind] = heading.number
