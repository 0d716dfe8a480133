"""The issue's front matter: masthead, table of contents, English contents, and the colophon."""

from __future__ import annotations

import datetime as dt
import re

from .. import reference
from ..records import Notice, Span, TocEntry
from .source import Line, SourceText
from .text import normalise_title

_YEAR = re.compile(r"^(\d{4})$")
_ISSUE_NUMBER = re.compile(r"^第\s*(\d+)\s*期\s*(?:[（(]\s*总第\s*(\d+)\s*期\s*[）)])?$")
_CONTENTS = re.compile(r"^目\s*录$")
_SECTION = re.compile(r"^【\s*(.+?)\s*】$")
# A contents entry ends with leader dots and the page in brackets: "的通知..... （1）"
_ENTRY_END = re.compile(r"^(?P<title>.*?)\s*(?:\.{2,}|…+|·{2,})\s*[（(]\s*(?P<page>\d+)\s*[）)]\s*$")
_LATIN_ENTRY = re.compile(r"^(?P<title>[\x20-\x7e]+?)\s*\((?P<page>\d+)\)\s*$")
_PUBLISHED_ON = re.compile(r"Published on ([A-Z][a-z]+ \d{1,2}, \d{4})")
_COLOPHON_START = re.compile(r"^(主管单位|主办单位)\s*[：:]")
_COLOPHON_LINE = re.compile(r"^(?P<key>[^：:]{1,12}?)\s*[：:]\s*(?P<value>.+)$")


class FrontMatter:
    def __init__(self):
        self.gazette: str | None = None
        self.gazette_en: str | None = None
        self.year: int | None = None
        self.number: int | None = None
        self.total_number: int | None = None
        self.date: str | None = None
        self.toc: list[TocEntry] = []
        self.titles_en: dict[int, str] = {}
        self.notices: list[Notice] = []


def read_front_matter(source: SourceText, lines: list[Line]) -> FrontMatter:
    """Read the masthead and both tables of contents from the lines before the first document."""
    front = FrontMatter()
    section = None
    pending: list[Line] = []
    in_contents = False
    for line in lines:
        text = line.text.strip()
        if not text:
            continue
        if front.gazette is None:
            front.gazette = text
            continue
        if m := _YEAR.match(text):
            front.year = front.year or int(m.group(1))
            continue
        if m := _ISSUE_NUMBER.match(text):
            front.number = int(m.group(1))
            front.total_number = int(m.group(2)) if m.group(2) else None
            continue
        if _CONTENTS.match(text):
            in_contents = True
            continue
        if text.isascii():
            in_contents = False
            _read_latin_line(front, text, line.number)
            continue
        if not in_contents:
            front.notices.append(Notice(line.number, f"front matter line not understood: {text}"))
            continue
        if m := _SECTION.match(text):
            section = m.group(1)
            continue
        pending.append(line)
        if m := _ENTRY_END.match(text):
            start = pending[0].start + (len(pending[0].text) - len(pending[0].text.lstrip()))
            title = "".join(p.text.strip() for p in pending[:-1]) + m.group("title")
            front.toc.append(TocEntry(normalise_title(title), int(m.group("page")),
                                      Span(start, line.end), section))
            pending = []
    for line in pending:
        front.notices.append(Notice(line.number, f"contents entry without a page number: {line.text.strip()}"))
    if front.gazette is None:
        raise source.error(1, "the gazette's name on the first line")
    if front.gazette not in {row["name"] for row in reference.gazettes()}:
        # Not an error: an unknown gazette still gets IRIs, minted from its name.
        first = next(line for line in lines if line.text.strip())
        front.notices.append(Notice(first.number, f"gazette not in mappings/gazettes.csv: {front.gazette}"))
    return front


def _read_latin_line(front: FrontMatter, text: str, line: int) -> None:
    if m := _PUBLISHED_ON.search(text):
        try:
            front.date = dt.datetime.strptime(m.group(1), "%B %d, %Y").date().isoformat()
        except ValueError:  # March 34: a misprint the issue can do without, reported
            front.notices.append(Notice(line, f"not a real date of publication: {m.group(1)}"))
        return
    if m := _LATIN_ENTRY.match(text):
        front.titles_en[int(m.group("page"))] = m.group("title")
        return
    if front.gazette_en is None and text.isupper():
        front.gazette_en = text


def colophon_start(lines: list[Line]) -> int | None:
    """Index of the first line of the colophon (主管单位：…), if the issue has one."""
    for index, line in enumerate(lines):
        if _COLOPHON_START.match(line.text.strip()):
            return index
    return None


def read_colophon(lines: list[Line]) -> tuple[dict[str, str], list[Notice]]:
    colophon = {}
    notices = []
    for line in lines:
        text = line.text.strip()
        if m := _COLOPHON_LINE.match(text):
            colophon["".join(m.group("key").split())] = m.group("value").strip()
        elif text:
            notices.append(Notice(line.number, f"colophon line not understood: {text}"))
    return colophon, notices
