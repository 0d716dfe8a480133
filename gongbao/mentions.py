"""Mentions: the names of known things (places, programmes) where running text prints them.

A name table (mappings/regions.csv, mappings/programmes.csv) maps printed names and aliases
to entities. The longest names are taken first, so 渝东北三峡库区城镇群 is one mention and
not 渝东北 plus a remainder, and 西部科学城重庆高新区 is not 西部科学城. A name that stands
inside a term of mappings/mention-exclusions.csv is no mention (渝中 in 成渝中线高铁): the
exclusions are data, reviewed with the tables, not rules in code.

Text is read from the source between two offsets with layout taken out (page breaks,
spaces), so a name broken across a page still matches, and every character keeps its
offset, so a mention's span selects exactly the printed characters.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .parse.paragraph import Para
from .records import Document, OutlineNode, Span
from .reference import Exclusion

# Where a paragraph ends for good; a line break after one of these keeps the texts apart.
_SENTENCE_END = "。！？；：!?;:"
_BREAK = "\n"


@dataclass(frozen=True)
class Found:
    entity: str  # the id of the entity in its reference table
    printed: str  # the name as printed, layout removed
    span: Span
    start: int  # where the name stands in the text it was found in
    end: int


def bracket_key(text: str) -> str:
    """Brackets at full width, one for one, so offsets stay valid."""
    return text.replace("(", "（").replace(")", "）")


class NameIndex:
    """Printed names of one reference table, ready to be found in text."""

    def __init__(self, names: Iterable[tuple[str, str]], exclusions: Iterable[Exclusion] = ()):
        self.names: dict[str, str] = {}
        for name, entity in names:
            key = bracket_key(name)
            known = self.names.setdefault(key, entity)
            if known != entity:
                raise ValueError(f"{name!r} names both {known!r} and {entity!r}")
        self.exclusions = [(bracket_key(e.term), bracket_key(e.name)) for e in exclusions
                           if bracket_key(e.name) in self.names]

    def find(self, text: Para) -> list[Found]:
        key = bracket_key(text.text)
        blocked = self._blocked(key)
        candidates = []
        for name, entity in self.names.items():
            for start in _occurrences(key, name):
                if (name, start) not in blocked:
                    candidates.append((start, start + len(name), entity))
        taken: list[tuple[int, int, str]] = []
        for start, end, entity in sorted(candidates, key=lambda c: (c[0] - c[1], c[0])):
            if all(end <= s or start >= e for s, e, _ in taken):
                taken.append((start, end, entity))
        return [Found(entity, text.text[start:end], text.span(start, end), start, end)
                for start, end, entity in sorted(taken)]

    def _blocked(self, key: str) -> set[tuple[str, int]]:
        blocked = set()
        for term, name in self.exclusions:
            inner = term.find(name)
            while inner >= 0:
                for start in _occurrences(key, term):
                    blocked.add((name, start + inner))
                inner = term.find(name, inner + 1)
        return blocked


def _occurrences(text: str, name: str) -> Iterator[int]:
    at = text.find(name)
    while at >= 0:
        yield at
        at = text.find(name, at + 1)


def read_span(source: str, span: Span, masks: Iterable[Span] = ()) -> Para:
    """The source text of a span with layout removed; masked spans become a break."""
    masks = sorted(masks, key=lambda m: m.start)
    chars: list[str] = []
    offsets: list[int] = []
    i = span.start
    while i < span.end:
        mask = next((m for m in masks if m.start <= i < m.end), None)
        if mask is not None:
            _add_break(chars, offsets, i)
            i = mask.end
            continue
        ch = source[i]
        if ch == "\n" and chars and chars[-1] in _SENTENCE_END:
            _add_break(chars, offsets, i)
        elif not ch.isspace():
            chars.append(ch)
            offsets.append(i)
        i += 1
    return Para("".join(chars), offsets, 0)


def _add_break(chars: list[str], offsets: list[int], at: int) -> None:
    if chars and chars[-1] != _BREAK:
        chars.append(_BREAK)
        offsets.append(at)


@dataclass(frozen=True)
class TextRegion:
    """Running text of a document, and what it belongs to."""

    context: str  # "document" (the notice), "plan" (its attachment) or "node"
    span: Span
    node: OutlineNode | None = None
    masks: tuple[Span, ...] = ()


def text_regions(doc: Document) -> list[TextRegion]:
    """The notice's title and text, the plan's title and preamble, each outline node's own text.

    Unit lists are masked: they name agencies, which mappings/agencies.csv resolves.
    A leader's duties are read where they are mapped (mapping/officials.py).
    """
    regions = [TextRegion("document", doc.title_span)]
    if doc.text_span is not None:
        regions.append(TextRegion("document", doc.text_span))
    if doc.plan_title_span is not None:
        regions.append(TextRegion("plan", doc.plan_title_span))
    if doc.preamble_span is not None:
        regions.append(TextRegion("plan", doc.preamble_span))
    for node in doc.nodes():
        end = node.children[0].span.start if node.children else node.span.end
        masks = tuple(unit_list.span for unit_list in node.unit_lists)
        regions.append(TextRegion("node", Span(node.span.start, end), node, masks))
    return regions
