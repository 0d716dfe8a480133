"""Reading a source file: bytes to text, with clear refusals, and offsets to line numbers.

Plain text is read here; a PDF, a saved web page or a Word file is first turned into text by
`gongbao.extract`, and that text is then what every span of the graph points into.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import SourceError

# A gazette issue is Chinese text; without a handful of CJK characters it is something else.
_CJK = re.compile(r"[\u4e00-\u9fff]")
_HTML_START = re.compile(r"^\s*<(?:!--|!doctype\b|\?xml\b|(?:html|head|body|meta|title|div|p|table|span|br)\b)",
                         re.IGNORECASE)
# A page saved from a website need not start with a tag; its paragraphs still end in them.
_HTML_TAG = re.compile(r"</(?:p|div|span|td|tr|table|body|html|h[1-6]|li|a)>|<br\s*/?>", re.IGNORECASE)
_HTML_TAGS_ENOUGH = 3


@dataclass(frozen=True)
class Line:
    number: int  # 1-based
    start: int  # offset of the first character of the line
    text: str  # without the line break

    @property
    def end(self) -> int:
        return self.start + len(self.text)


PLAIN_TEXT = "text/plain"


class SourceText:
    """The decoded text of one source file, with a map from offsets to lines.

    For a file that is not plain text, `text` is the text extracted from it, `media_type` the
    file's, and `pages` the offset at which each PDF page's text starts (page 1 first).
    `facts` holds what the file says of its document outside the text (a web page's address);
    `notices` what the extraction could not take.
    """

    def __init__(self, name: str, text: str, encoding: str | None = "utf-8", *,
                 media_type: str = PLAIN_TEXT, pages: list[int] | None = None,
                 facts: dict[str, str] | None = None, notices: list | None = None):
        self.name = name
        self.text = text
        self.encoding = encoding
        self.media_type = media_type
        self.pages = pages
        self.facts = facts or {}
        self.notices = notices or []
        self.lines = _split_lines(text)
        self._starts = [line.start for line in self.lines]

    @property
    def extracted(self) -> bool:
        """Whether the text was extracted from the file (and so must be kept beside the graph)."""
        return self.media_type != PLAIN_TEXT

    def line_of(self, offset: int) -> int:
        """The 1-based line number that holds the character at `offset`."""
        return bisect.bisect_right(self._starts, offset)

    def page_of(self, offset: int) -> int | None:
        """The 1-based PDF page that holds the character at `offset`; None for text without pages."""
        if not self.pages:
            return None
        return bisect.bisect_right(self.pages, offset)

    def error(self, offset_or_line: int | None, expected: str, found: str | None = None,
              *, is_line: bool = False) -> SourceError:
        if offset_or_line is None:
            line = None
        else:
            line = offset_or_line if is_line else self.line_of(offset_or_line)
        return SourceError(self.name, line, expected, found)


def _split_lines(text: str) -> list[Line]:
    lines = []
    start = 0
    number = 1
    for raw in text.split("\n"):
        content = raw[:-1] if raw.endswith("\r") else raw
        lines.append(Line(number, start, content))
        start += len(raw) + 1
        number += 1
    return lines


def read_source(path: str | Path) -> SourceText:
    """Read a gazette issue from disk, refusing what is not one with a message that says why."""
    path = Path(path)
    name = str(path)
    if not path.exists():
        raise SourceError(name, None, "an existing text file", "no such file")
    if path.is_dir():
        raise SourceError(name, None, "a text file", "a directory")
    data = path.read_bytes()
    from ..extract import extract  # the extractors read text through this module

    return extract(name, data)


def decode_source(name: str, data: bytes) -> SourceText:
    if not data.strip():
        raise SourceError(name, 1, "the text of a gazette issue", "an empty file")
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise SourceError(name, line, "UTF-8 text", "a binary file (NUL byte)")
    text, encoding = _decode(name, data)
    if not text.strip():  # only spaces that bytes.strip() does not know, such as U+3000
        raise SourceError(name, 1, "the text of a gazette issue", "an empty file")
    markup = _markup_line(text)
    if markup is not None:
        raise SourceError(name, markup, "plain text of a gazette issue", "HTML or XML markup")
    check_chinese(name, text)
    return SourceText(name, text, encoding)


def check_chinese(name: str, text: str, what: str = "") -> None:
    """A gazette issue is Chinese text; refuse what has hardly any Chinese in it."""
    if len(_CJK.findall(text[:5000])) < 20:
        raise SourceError(name, 1, "Chinese text of a gazette issue", f"hardly any Chinese characters{what}")


def is_markup(text: str) -> bool:
    return _markup_line(text) is not None


def _markup_line(text: str) -> int | None:
    """The line where HTML or XML markup shows, if the text is markup rather than plain text."""
    if m := _HTML_START.match(text):
        return text.count("\n", 0, m.end()) + 1
    head = text[:20000]
    tags = list(_HTML_TAG.finditer(head))
    if len(tags) >= _HTML_TAGS_ENOUGH:
        return head.count("\n", 0, tags[0].start()) + 1
    return None


def _decode(name: str, data: bytes) -> tuple[str, str]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        utf8_error = error
    else:
        # A byte-order mark is an encoding artefact, not text: offsets count from after it.
        return (text[1:], "utf-8-sig") if text.startswith("\ufeff") else (text, "utf-8")
    # Mainland publishers still produce GBK/GB18030 files; GB18030 is a superset of both.
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        line = data[: utf8_error.start].count(b"\n") + 1
        raise SourceError(name, line, "text encoded as UTF-8 or GB18030",
                          f"undecodable bytes {data[utf8_error.start:utf8_error.start + 4]!r}") from None
