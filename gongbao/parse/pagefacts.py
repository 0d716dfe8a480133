"""The metadata a portal prints above a document (索引号, 主题分类, 发文字号, 成文日期, 发布日期 …).

The page extractor writes the table at the head of the text, a `label：value` line each; a text
copied from a portal's page often starts the same way. The labels and the facts they give are
a table (mappings/page-metadata.csv). Each fact keeps the span of its value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import reference
from ..records import Document, Notice, Span
from .source import Line
from .text import normalise_title

_DATE = re.compile(r"^(\d{4})\s*[年/.-]\s*(\d{1,2})\s*[月/.-]\s*(\d{1,2})\s*日?$")
_LINES_MIN = 2  # one `label：value` line alone may be a sentence of the text


@dataclass
class PageFacts:
    values: dict[str, tuple[str, Span]] = field(default_factory=dict)  # field → (value, span)
    span: Span | None = None  # the whole table
    end: int = 0  # index of the first line after it

    def get(self, name: str) -> str | None:
        return self.values[name][0] if name in self.values else None


def read_page_facts(lines: list[Line]) -> PageFacts:
    """The `label：value` lines that open the text, if there are at least two of them."""
    labels = reference.page_metadata()
    pattern = re.compile(r"^\s*(" + "|".join(map(re.escape, sorted(labels, key=len, reverse=True)))
                         + r")\s*[：:]\s*(\S.*?)\s*$")
    facts = PageFacts()
    index, taken, first = 0, [], None
    while index < len(lines):
        line = lines[index]
        if not line.text.strip():
            index += 1
            continue
        m = pattern.match(line.text)
        if not m:
            break
        first = line if first is None else first
        taken.append((labels[m.group(1)], m.group(2), Span(line.start + m.start(2), line.start + m.end(2))))
        index += 1
    if len(taken) < _LINES_MIN:
        return PageFacts()
    for name, value, span in taken:
        facts.values.setdefault(name, (value, span))
    facts.span = Span(first.start + len(first.text) - len(first.text.lstrip()), taken[-1][2].end)
    facts.end = index
    return facts


def iso_date(text: str) -> str | None:
    if m := _DATE.match(text.strip()):
        year, month, day = (int(g) for g in m.groups())
        return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def apply_page_facts(facts: PageFacts, documents: list[Document]) -> list[Notice]:
    """Give the page's document what its metadata says; where the text says otherwise, the
    text stands and a notice says so."""
    if not facts.values or not documents:
        return []
    number = facts.get("number")
    doc = next((d for d in documents if d.number == number), documents[0])
    notices = []

    def differs(what: str, printed: str, given: str, span: Span):
        notices.append(Notice(0, f"{doc.number}: the page's metadata gives {what} {given!r}, the text {printed!r}; "
                              "the text is taken", span))

    if number and number != doc.number:
        differs("the number", doc.number, number, facts.values["number"][1])
    if (title := facts.get("title")) and normalise_title(title) != doc.title:
        differs("the title", doc.title, title, facts.values["title"][1])
    if written := facts.get("written"):
        written_iso = iso_date(written)
        if doc.date is None and written_iso:
            doc.date, doc.date_span = written_iso, facts.values["written"][1]
        elif written_iso and written_iso != doc.date:
            differs("the date of signing", doc.date, written_iso, facts.values["written"][1])
    if (issuer := facts.get("issuer")) and doc.issuer is None:
        doc.issuer, doc.issuer_span = issuer, facts.values["issuer"][1]
    if published := facts.get("published"):
        doc.published = iso_date(published)
    doc.index_number = facts.get("index_number")
    doc.subjects = [facts.get("subject")] if facts.get("subject") else []
    doc.validity = facts.get("validity")
    doc.page_facts_span = facts.span
    return notices
