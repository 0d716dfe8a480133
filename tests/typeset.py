"""Typesetting a text into a PDF as a gazette is printed, for tests and benchmarks.

Each block (a paragraph of the source) is set in lines at a fixed width: Chinese breaks
between any two characters, a run of Latin letters or digits only at a space (which then
ends the line, unseen, as word processors write it). Body paragraphs open with a two-character indent, headings are centred,
sign-offs set right with four characters to spare (GB/T 9704-2012, 7.3.5). Full lines are
justified by letter spacing, as print is. Pages carry a running head and a page number; the
caller chooses where pages break beyond the natural ones, and learns on which page every
character of the source was set, to check the pages the graph gives against.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

# Debian's fonts-wqy-zenhei: TrueType outlines, which a PDF can embed (with a ToUnicode map).
WQY = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
# A font the PDF only names (Adobe's STSong), as older publishing systems wrote.
CID_SONG = "STSong-Light"

WIDTH, HEIGHT = A4
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 72.0, 90.0, 80.0
SIZE, LEADING = 12.0, 21.0


@dataclass(frozen=True)
class Block:
    text: str
    start: int  # offset in the source text of text[0]
    align: str = "indent"  # indent | left | center | right


@dataclass(frozen=True)
class SetLine:
    """One printed line: source offsets [start, end) and the characters printed."""
    chars: tuple[tuple[int, str], ...]  # (source offset, character)
    align: str
    first: bool  # the first line of its block
    last: bool

    @property
    def start(self) -> int:
        return self.chars[0][0]

    @property
    def end(self) -> int:
        return self.chars[-1][0] + 1


def font(kind: str = "embedded") -> str:
    if kind == "embedded":
        if "WQY" not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont("WQY", str(WQY), subfontIndex=0))
        return "WQY"
    if CID_SONG not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CID_SONG))
    return CID_SONG


def _latin(ch: str) -> bool:
    return ch.isascii() and not ch.isspace()


def layout(blocks: list[Block], font_name: str) -> list[SetLine]:
    """Break every block into printed lines."""
    body = WIDTH - 2 * MARGIN_X
    em = SIZE
    lines: list[SetLine] = []
    for block in blocks:
        chars = [(block.start + i, ch) for i, ch in enumerate(block.text)]
        # Leading and trailing spaces are layout, not text: they are not printed.
        while chars and chars[0][1].isspace():
            chars.pop(0)
        while chars and chars[-1][1].isspace():
            chars.pop()
        if not chars:
            continue
        right_room = 4 * em if block.align == "right" else 0
        first = True
        set_lines = []
        while chars:
            room = body - right_room - (2 * em if first and block.align == "indent" else 0)
            taken, width, i = [], 0.0, 0
            while i < len(chars):
                # A Latin word is one unit; it breaks only at a space.
                j = i + 1
                if _latin(chars[i][1]):
                    while j < len(chars) and _latin(chars[j][1]):
                        j += 1
                unit = chars[i:j]
                unit_width = sum(pdfmetrics.stringWidth(c, font_name, SIZE) for _, c in unit)
                if width + unit_width > room and taken:
                    break
                taken += unit
                width += unit_width
                i = j
            rest = chars[i:]
            while rest and rest[0][1] == " ":
                taken.append(rest.pop(0))  # a line breaks after its spaces, which end it unseen
            set_lines.append((taken, first))
            chars, first = rest, False
        for n, (taken, is_first) in enumerate(set_lines):
            lines.append(SetLine(tuple(taken), block.align, is_first, n == len(set_lines) - 1))
    return lines


def render(lines: list[SetLine], path: Path, font_name: str, *, break_after: set[int] = frozenset(),
           head: tuple[str, str] | None = None, folio: str | None = "— {} —", plain_pages: int = 0,
           encrypt: str | None = None) -> dict[int, int]:
    """Print the lines into a PDF at `path`; return the 1-based page of every source offset set.

    break_after: indices of lines after which a new page starts (besides full pages).
    head: the running heads of even and odd pages; folio: the page number's form. The first
    `plain_pages` pages (cover, contents) carry neither.
    """
    pdf = canvas.Canvas(str(path), pagesize=A4, encrypt=encrypt, invariant=1)
    pdf.setTitle("")
    page = 1
    y = HEIGHT - MARGIN_TOP
    placed: dict[int, int] = {}
    body = WIDTH - 2 * MARGIN_X

    def furniture():
        if page <= plain_pages:
            return
        printed = page - plain_pages
        pdf.setFont(font_name, 9)
        if head:
            text = head[printed % 2]
            if printed % 2:
                pdf.drawRightString(WIDTH - MARGIN_X, HEIGHT - 50, text)
            else:
                pdf.drawString(MARGIN_X, HEIGHT - 50, text)
            pdf.line(MARGIN_X, HEIGHT - 56, WIDTH - MARGIN_X, HEIGHT - 56)
        if folio:
            pdf.drawCentredString(WIDTH / 2, 40, folio.format(printed))

    def new_page():
        nonlocal page, y
        furniture()
        pdf.showPage()
        page += 1
        y = HEIGHT - MARGIN_TOP

    for index, line in enumerate(lines):
        if y < MARGIN_BOTTOM:
            new_page()
        text = "".join(ch for _, ch in line.chars)
        width = sum(pdfmetrics.stringWidth(ch, font_name, SIZE) for ch in text.rstrip())
        indent = 2 * SIZE if line.first and line.align == "indent" else 0
        pdf.setFont(font_name, SIZE)
        if line.align == "center":
            x, spacing = MARGIN_X + (body - width) / 2, 0.0
        elif line.align == "right":
            x, spacing = WIDTH - MARGIN_X - 4 * SIZE - width, 0.0
        else:
            x = MARGIN_X + indent
            full = not line.last and len(text.rstrip()) > 1
            spacing = (body - indent - width) / (len(text.rstrip()) - 1) if full else 0.0
        drawn = pdf.beginText(x, y)
        drawn.setFont(font_name, SIZE)
        drawn.setCharSpace(spacing)
        drawn.textOut(text)
        pdf.drawText(drawn)
        for offset, _ in line.chars:
            placed[offset] = page
        y -= LEADING
        if index in break_after and index + 1 < len(lines):
            new_page()
    furniture()
    pdf.showPage()
    pdf.save()
    return placed


def scanned(path: Path) -> None:
    """A PDF of pages that are only pictures: what a scanner writes, with no text layer."""
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for _ in range(2):
        pdf.setFillGray(0.2)
        for row in range(30):
            pdf.rect(MARGIN_X, HEIGHT - MARGIN_TOP - row * LEADING, WIDTH - 2 * MARGIN_X, 8, fill=1, stroke=0)
        pdf.showPage()
    pdf.save()
