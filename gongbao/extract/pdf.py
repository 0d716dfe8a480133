"""A PDF's text layer → source text, with the page each character stands on.

The characters and their boxes come from PDFium (pypdfium2), which kept every character of
the Chinese test PDFs, with embedded and with named fonts, where pdfminer.six lost some
(docs/benchmarks.md). What typesetting did to the text is undone here:

- running heads (the gazette's name, the issue line) and page numbers (— 3 —, ·3·, 3) go:
  a page number by its form (mappings/page-numbers.csv), a running head by standing at the
  top or foot of two or more pages at the same height with the same words;
- a paragraph broken at the line width is joined again: a line that reaches the right edge
  runs on into the next one when that starts at the left edge, on the same page or the next
  one (a sentence, a list of units or a unit's name broken by the page). Chinese joins
  without a space; Latin words broken at a space get the space back;
- every paragraph is one line of the text.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass

from .. import reference
from ..errors import SourceError
from ..parse.source import SourceText, check_chinese
from ..records import Notice

PDF = "application/pdf"
_EDGE_LINES = 2  # how many lines at the top and the foot of a page may be running heads or folios
_SAME_HEIGHT = 3.0  # points: a running head stands at the same height on every page


@dataclass
class _Line:
    page: int  # 1-based
    text: str
    x0: float
    x1: float
    top: float  # PDF coordinates: y grows upwards
    bottom: float
    size: float


def read_pdf(name: str, data: bytes) -> SourceText:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise SourceError(name, None, "a PDF that opens without a password (decrypt it first)",
                              "an encrypted PDF") from None
        raise SourceError(name, None, "a PDF that can be read", f"a damaged PDF ({error})") from None
    try:
        pages = [_page_lines(document, index) for index in range(len(document))]
    finally:
        document.close()
    if not any(pages):
        raise SourceError(name, None, "a PDF with a text layer (run OCR on scanned pages first)",
                          "a PDF with no text layer (scanned pages)")
    notices = [Notice(0, f"page {n}: no text layer (a scanned page?); nothing on it is read")
               for n, lines in enumerate(pages, start=1) if not lines]
    body = _drop_furniture(pages)
    text, starts = _paragraphs(body)
    check_chinese(name, text, " in the PDF's text layer")
    return SourceText(name, text, None, media_type=PDF, pages=starts, notices=notices)


def _page_lines(document, index: int) -> list[_Line]:
    """The printed lines of one page, top to bottom, as PDFium breaks them."""
    import pypdfium2.raw as raw

    page = document[index]
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        text = textpage.get_text_range()
        if len(text) != count:  # characters outside the BMP: read them one by one
            text = "".join(textpage.get_text_range(i, 1) or " " for i in range(count))
        runs: list[_Line] = []
        chars: list[tuple[str, tuple[float, float, float, float], float]] = []

        def close_run():
            printed = [c for c in chars if not c[0].isspace()]
            if printed:
                # a space a line ends with is kept: the line may have broken at it
                runs.append(_Line(index + 1, "".join(c[0] for c in chars).lstrip(),
                                  min(c[1][0] for c in printed), max(c[1][2] for c in printed),
                                  max(c[1][3] for c in printed), min(c[1][1] for c in printed),
                                  statistics.median(c[2] for c in printed)))
            chars.clear()

        for i, ch in enumerate(text):
            if ch in "\r\n\x02":
                close_run()
                continue
            box = textpage.get_charbox(i, loose=True)
            chars.append((ch, box, raw.FPDFText_GetFontSize(textpage.raw, i) or (box[3] - box[1])))
        close_run()
    finally:
        textpage.close()
        page.close()
    return _visual_lines(runs)


def _visual_lines(runs: list[_Line]) -> list[_Line]:
    """Runs on one baseline are one printed line; lines in reading order, top to bottom."""
    runs.sort(key=lambda r: (-round(r.bottom, 0), r.x0))
    lines: list[_Line] = []
    for run in runs:
        last = lines[-1] if lines else None
        if last and abs(last.bottom - run.bottom) < 0.3 * max(run.size, 1) and run.x0 >= last.x1 - 1:
            gap = " " if run.x0 - last.x1 > 0.5 * run.size else ""
            last.text += gap + run.text
            last.x1 = run.x1
            last.top = max(last.top, run.top)
            continue
        lines.append(run)
    return lines


def _normalised(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _drop_furniture(pages: list[list[_Line]]) -> list[list[_Line]]:
    """The pages without their page numbers and running heads."""
    folios = reference.page_numbers()

    def edges(lines):
        return set(range(min(_EDGE_LINES, len(lines)))) | set(range(max(0, len(lines) - _EDGE_LINES), len(lines)))

    # A running head: the same words (numbers aside) at the same height on two pages or more.
    seen = Counter()
    for lines in pages:
        keys = {(_normalised(lines[i].text), round(lines[i].bottom / _SAME_HEIGHT)) for i in edges(lines)}
        seen.update(keys)
    kept = []
    for lines in pages:
        drop = set()
        for i in edges(lines):
            text = re.sub(r"\s+", " ", lines[i].text).strip()
            if i in (0, len(lines) - 1) and any(p.match(text) for p in folios):
                drop.add(i)
            elif seen[(_normalised(lines[i].text), round(lines[i].bottom / _SAME_HEIGHT))] >= 2:
                drop.add(i)
        kept.append([line for i, line in enumerate(lines) if i not in drop])
    return kept


def _margins(pages: list[list[_Line]]) -> dict[int, tuple[float, float]]:
    """The left and right edges of the text block, for odd and for even pages (a bound issue's
    margins mirror)."""
    margins = {}
    for parity in (0, 1):
        lines = [line for lines in pages for line in lines if line.page % 2 == parity and len(line.text) >= 4]
        lines = lines or [line for lines in pages for line in lines]
        if not lines:
            continue
        lefts = Counter(round(line.x0) for line in lines)
        left = min(x for x, n in lefts.items() if n == max(lefts.values()))
        rights = sorted(line.x1 for line in lines)
        margins[parity] = (left, rights[int(0.9 * (len(rights) - 1))])
    return margins


def _runs_on(previous: _Line, line: _Line, margins, first_on_page: bool) -> bool:
    """Whether `line` continues the paragraph that `previous` ends."""
    em = max(previous.size, 1.0)
    _, right = margins[previous.page % 2]
    left, _ = margins[line.page % 2]
    if previous.x1 < right - 1.5 * em or line.x0 > left + 0.5 * em:
        return False
    if abs(line.size - previous.size) > 0.15 * em:
        return False
    if first_on_page:
        return line.page == previous.page + 1
    return previous.bottom - line.top < 1.2 * em


def _joint(previous: str, following: str) -> str:
    """What stands between two lines joined into one paragraph: a space between Latin words
    (unless the line ends with the space it broke at)."""
    if previous and following and previous[-1].isascii() and previous[-1].isalnum() \
            and following[0].isascii() and following[0].isalnum():
        return " "
    return ""


def _paragraphs(pages: list[list[_Line]]) -> tuple[str, list[int]]:
    """One text, a paragraph a line, and the offset at which each page's text starts."""
    margins = _margins(pages)
    paragraphs: list[list[_Line]] = []
    previous: _Line | None = None
    for lines in pages:
        for i, line in enumerate(lines):
            if previous is not None and _runs_on(previous, line, margins, i == 0):
                paragraphs[-1].append(line)
            else:
                paragraphs.append([line])
            previous = line
    text: list[str] = []
    length = 0
    starts: dict[int, int] = {}
    for paragraph in paragraphs:
        if text:
            text.append("\n")
            length += 1
        for i, line in enumerate(paragraph):
            piece = line.text.lstrip() if i == 0 else line.text
            if i == len(paragraph) - 1:
                piece = piece.rstrip()
            if i:
                joint = _joint(text[-1], piece)
                text.append(joint)
                length += len(joint)
            starts.setdefault(line.page, length)
            text.append(piece)
            length += len(piece)
    # A page with no text starts where the next one does: no character stands on it.
    offsets, following = [], length
    for number in range(len(pages), 0, -1):
        following = starts.get(number, following)
        offsets.append(following)
    return "".join(text) + "\n", offsets[::-1]
