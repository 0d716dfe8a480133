"""Paragraphs of running text, joined across page breaks, with an offset for every character.

The source breaks sentences, lists and even a unit name across page breaks: a blank
line in the middle of a sentence. A paragraph therefore runs on into the next non-blank
line until it ends a sentence. Every character remembers where it stands in the file,
so a span of the joined text maps back to the exact source text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..records import Span
from .source import Line

# What ends a paragraph for good. A closing quote or bracket does not: in Chinese they
# often stand mid-sentence, and a page break may follow them.
SENTENCE_END = "。！？!?；;"
_SPACE = " \t\u3000\u00a0"


@dataclass
class Para:
    text: str
    offsets: list[int]  # offsets[i]: where text[i] stands in the source
    line: int  # the line the paragraph starts on

    def span(self, i: int = 0, j: int | None = None) -> Span:
        j = len(self.text) if j is None else j
        if j <= i:
            at = self.offsets[i] if i < len(self.offsets) else self.offsets[-1] + 1
            return Span(at, at)
        return Span(self.offsets[i], self.offsets[j - 1] + 1)

    def sub(self, i: int, j: int | None = None) -> "Para":
        j = len(self.text) if j is None else j
        return Para(self.text[i:j], self.offsets[i:j], self.line)

    def strip(self) -> "Para":
        i, j = 0, len(self.text)
        while i < j and self.text[i] in _SPACE:
            i += 1
        while j > i and self.text[j - 1] in _SPACE:
            j -= 1
        return self.sub(i, j)

    def joined(self, other: "Para") -> "Para":
        return Para(self.text + other.text, self.offsets + other.offsets, self.line)


def line_para(line: Line) -> Para:
    return Para(line.text, list(range(line.start, line.end)), line.number).strip()


def ends_sentence(text: str, closes: re.Pattern | None = None) -> bool:
    if not text:
        return True
    if text[-1] in SENTENCE_END:
        return True
    return bool(closes and closes.search(text))


def paragraphs(lines: Iterable[Line], starts_block: Callable[[str], bool],
               closes: re.Pattern | None = None,
               stands_alone: Callable[[str], bool] = lambda _text: False) -> list[Para]:
    """Join lines into paragraphs.

    A paragraph continues onto the next non-blank line when it has not ended its
    sentence and the next line does not open a new block (a heading).
    `closes` matches a paragraph end that counts as a sentence end (a unit list);
    `stands_alone` tells a heading line with no sentence after it (一、总体要求).
    """
    result: list[Para] = []
    current: Para | None = None
    for line in lines:
        para = line_para(line)
        if not para.text:
            continue
        if current is not None and not starts_block(para.text) \
                and not ends_sentence(current.text, closes) and not stands_alone(current.text):
            current = current.joined(para)
            continue
        if current is not None:
            result.append(current)
        current = para
    if current is not None:
        result.append(current)
    return result

