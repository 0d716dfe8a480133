"""A document's source text cut into runs, each run linked to the innermost fact whose span
covers it, so that every fact's span is marked and a click leads to the fact."""

from __future__ import annotations

import heapq
from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    fact: str      # the fact's anchor on the page
    start: int     # code-point offsets into the source text
    end: int
    kind: str = ""


@dataclass(frozen=True)
class Run:
    text: str
    span: Span | None


def runs(text: str, offset: int, spans: list[Span]) -> list[Run]:
    """`text` is the source from `offset` on; runs cover it in order, each with the shortest span
    that covers it (crossing spans are split where they cross).

    >>> s = [Span("a", 10, 20), Span("b", 12, 14)]
    >>> [(r.text, r.span and r.span.fact) for r in runs("0123456789", 10, s)]
    [('01', 'a'), ('23', 'b'), ('456789', 'a')]
    """
    end_of_text = offset + len(text)
    inside = sorted((s for s in spans if s.start < end_of_text and s.end > offset and s.end > s.start),
                    key=lambda s: (s.start, -s.end))
    cuts = sorted({offset, end_of_text, *(max(s.start, offset) for s in inside),
                   *(min(s.end, end_of_text) for s in inside)})
    result: list[Run] = []
    active: list[tuple[int, int, Span]] = []   # (length, order, span): the shortest on top
    following = 0
    for left, right in zip(cuts, cuts[1:]):
        while following < len(inside) and inside[following].start <= left:
            span = inside[following]
            heapq.heappush(active, (span.end - span.start, following, span))
            following += 1
        # the top is the shortest span; one that has ended is dropped when it comes to the top
        while active and active[0][2].end <= left:
            heapq.heappop(active)
        best = active[0][2] if active else None
        piece = text[left - offset:right - offset]
        if result and result[-1].span is best:
            result[-1] = Run(result[-1].text + piece, best)
        else:
            result.append(Run(piece, best))
    return result
