"""A gazette issue as a PDF: the seed typeset as the gazette prints it, then built from the PDF.

The typesetting (tests/typeset.py) centres titles and numbers, sets sign-offs right, breaks
every paragraph at the line width and justifies it, prints a running head and a page number
on every page after the cover and contents, and breaks pages where the tests ask: inside a
sentence that states a target, and inside the name of a unit in a unit list. The graph built
from that PDF must answer every competency question as the graph built from the text does,
quote only what its extracted text holds, and give every fact the page it was printed on.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SEED, document
from gongbao import query as queries
from gongbao.build import run_build
from gongbao.errors import SourceError
from gongbao.parse import parse_source
from gongbao.parse.source import read_source
from gongbao.store import open_read_only, read_dump
from test_queries import CONTRACT, _as_text
import typeset

REAL = Path(__file__).parent / "real"
CLI = [sys.executable, str(Path(__file__).parent.parent / "cli.py")]
HEADS = ("2023年第6期", "重庆市人民政府公报")


def _blocks(text: str) -> list[typeset.Block]:
    """The source's lines as the printed issue sets them: titles and numbers centred, sign-offs
    set right, the masthead and contents flush left, body paragraphs indented. A title the text
    gives on one line with spaces was printed as several lines, broken at those spaces."""
    issue = parse_source_text(text)
    centred, right = [], []
    for doc in issue.documents:
        centred += [doc.title_span, doc.number_span] + ([doc.plan_title_span] if doc.plan_title_span else [])
        right += [s for s in (doc.issuer_span, doc.date_span) if s]
    first = min(doc.title_span.start for doc in issue.documents)

    def within(offset, spans):
        return any(s.start <= offset < s.end for s in spans)

    blocks, offset = [], 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        start = offset + len(raw) - len(raw.lstrip())
        offset += len(raw) + 1
        if not stripped:
            continue
        if within(start, centred):
            for piece in re.finditer(r"\S+", stripped):
                blocks.append(typeset.Block(piece.group(), start + piece.start(), "center"))
        elif within(start, right):
            blocks.append(typeset.Block(stripped, start, "right"))
        elif start < first:
            blocks.append(typeset.Block(stripped, start, "left"))
        else:
            blocks.append(typeset.Block(stripped, start, "indent"))
    return blocks


def parse_source_text(text: str):
    from gongbao.parse.source import decode_source

    return parse_source(decode_source("typeset.txt", text.encode("utf-8")))


def _break_inside(lines, spans) -> int:
    """The index of a printed line that ends inside one of the spans (so the span is split
    between that line and the next)."""
    for index, line in enumerate(lines[:-1]):
        following = lines[index + 1]
        if line.last:
            continue
        for span in spans:
            if span.start < line.end <= following.start < span.end:
                return index
    raise AssertionError("no line breaks inside any of the spans")


@pytest.fixture(scope="module")
def seed_pdf(tmp_path_factory, seed_issue):
    """The seed typeset into a PDF with embedded fonts, built: (pdf path, graph dir, build, pages)."""
    text = SEED.read_text(encoding="utf-8")
    font = typeset.font("embedded")
    lines = typeset.layout(_blocks(text), font)
    targets = [t.span for node in document(seed_issue, "渝府发〔2023〕8号").nodes() for t in node.targets]
    units = [u.span for node in document(seed_issue, "渝府办发〔2023〕24号").nodes()
             for units in node.unit_lists for u in units.units if len(u.name) >= 4]
    breaks = {_break_inside(lines, targets), _break_inside(lines, units)}
    directory = tmp_path_factory.mktemp("pdf")
    path = directory / "cq-gazette-2023-06.pdf"
    pages = typeset.render(lines, path, font, break_after=breaks, head=HEADS, plain_pages=2)
    graph_dir = directory / "graph"
    build = run_build([path], graph_dir)
    return path, graph_dir, build, pages, (lines, breaks)


def _answers(store, name):
    """A query's contract columns, offsets aside (they count into another text). A space that the
    text has where a line breaks is not in a PDF's text layer: quotes are compared without spaces."""
    columns = [c for c in CONTRACT[name] if not (name == "cq13" and c in ("start", "end", "page"))]
    _, rows = queries.rows(store, queries.load_query(name))
    return sorted(tuple(re.sub(r"\s+", "", _as_text(row[c])) if c == "quote" else _as_text(row[c])
                        for c in columns) for row in rows)


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_the_pdf_answers_as_the_text_does(seed_pdf, store, name):
    pdf_store = open_read_only(seed_pdf[1])
    got, expected = _answers(pdf_store, name), _answers(store, name)
    assert got == expected
    assert got  # every question has an answer in the seed


def test_the_page_breaks_fall_where_asked(seed_pdf):
    """The PDF really breaks pages inside a target's sentence and inside a unit's name."""
    _, _, _, pages, (lines, breaks) = seed_pdf
    for index in breaks:
        assert pages[lines[index].end - 1] + 1 == pages[lines[index + 1].start]


# Every span of the graph, with the text it counts into and its pages when it has them.
_SPANS = """
PREFIX gb: <https://w3id.org/gongbao/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?entity ?start ?end ?quote ?page ?pageEnd ?text WHERE {
  ?entity prov:wasDerivedFrom ?span .
  ?span oa:hasSelector ?selector .
  ?selector oa:start ?start ; oa:end ?end ; oa:exact ?quote .
  OPTIONAL { ?span oa:hasSource/gb:extractedText ?text }
  OPTIONAL { ?span gb:pdfPage ?page }
  OPTIONAL { ?span gb:pdfPageEnd ?pageEnd }
}
"""


def test_every_quote_is_in_the_kept_text(seed_pdf, store):
    _, graph_dir, _, _, _ = seed_pdf
    _, rows = queries.rows(open_read_only(graph_dir), _SPANS)
    assert len(rows) == len(queries.rows(store, _SPANS)[1]) > 800
    texts = {row["text"] for row in rows}
    assert texts == {"texts/cq-gazette-2023-06.pdf.txt"}
    kept = (graph_dir / "texts/cq-gazette-2023-06.pdf.txt").read_text(encoding="utf-8")
    assert [r["entity"] for r in rows if kept[r["start"]:r["end"]] != r["quote"]] == []


def test_every_fact_has_the_page_it_was_printed_on(seed_pdf, store):
    """The page a span gives is the page the typesetter put the first character of the same
    fact on (found through the text build, whose offsets count into the seed text)."""
    _, graph_dir, _, pages, _ = seed_pdf
    _, from_pdf = queries.rows(open_read_only(graph_dir), _SPANS)
    _, from_text = queries.rows(store, _SPANS)
    assert all(r["page"] is None and r["text"] is None for r in from_text)
    seed_start = {(r["entity"], re.sub(r"\s+", "", r["quote"])): (r["start"], r["end"]) for r in from_text}
    checked = 0
    crossing = 0
    for row in from_pdf:
        key = (row["entity"], re.sub(r"\s+", "", row["quote"]))
        assert key in seed_start, key
        start, end = seed_start[key]
        printed = [pages[o] for o in range(start, end) if o in pages]
        assert row["page"] == printed[0], row["entity"]
        assert (row["pageEnd"] or row["page"]) == printed[-1], row["entity"]
        crossing += printed[-1] != printed[0]
        checked += 1
    assert checked == len(from_text)
    assert crossing >= 2  # at least the two page breaks the fixture asked for


def test_cq13_gives_the_pdf_page(seed_pdf, store):
    _, rows = queries.rows(open_read_only(seed_pdf[1]), queries.load_query("cq13"))
    # the body starts on the page after the cover; which page each fact is on is checked above
    assert rows and all(isinstance(row["page"], int) and row["page"] >= 2 for row in rows)
    _, text_rows = queries.rows(store, queries.load_query("cq13"))
    assert all(row["page"] is None for row in text_rows)  # plain text has no pages


def test_running_heads_and_page_numbers_are_not_text(seed_pdf, seed_source):
    path, graph_dir, _, pages, _ = seed_pdf
    kept = (graph_dir / "texts/cq-gazette-2023-06.pdf.txt").read_text(encoding="utf-8")
    assert "— 3 —" not in kept and not re.search(r"—\s*\d+\s*—", kept)
    for head in HEADS:
        assert kept.count(head) == seed_source.text.count(head)
    assert read_source(path).pages[0] == 0 and len(read_source(path).pages) == max(pages.values())


def test_the_source_says_what_file_it_was(seed_pdf):
    _, rows = queries.rows(open_read_only(seed_pdf[1]), """
        PREFIX gb: <https://w3id.org/gongbao/ontology#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?name ?format ?pages WHERE { ?s a gb:SourceText ; dcterms:identifier ?name ;
            dcterms:format ?format ; gb:pageCount ?pages }""")
    assert [(r["name"], r["format"]) for r in rows] == [("cq-gazette-2023-06.pdf", "application/pdf")]
    assert rows[0]["pages"] == max(seed_pdf[3].values())


@pytest.fixture(scope="module")
def real_pdf(tmp_path_factory):
    """国发〔2019〕4号 typeset with a font the PDF only names (no embedded glyphs), page numbers as
    ·3·, no running head, and built: (graph dir of the PDF, graph dir of the text)."""
    source = REAL / "guofa-2019-4.txt"
    text = source.read_text(encoding="utf-8")
    font = typeset.font("cid")
    lines = typeset.layout(_blocks(text), font)
    directory = tmp_path_factory.mktemp("real-pdf")
    path = directory / "guofa-2019-4.pdf"
    typeset.render(lines, path, font, folio="·{}·")
    run_build([path], directory / "pdf")
    run_build([source], directory / "text")
    return directory / "pdf", directory / "text"


@pytest.mark.parametrize("name", ["cq01", "cq02", "cq08", "cq13"])
def test_a_pdf_with_named_fonts_answers_as_its_text(real_pdf, name):
    pdf_dir, text_dir = real_pdf
    got = _answers(open_read_only(pdf_dir), name)
    assert got == _answers(open_read_only(text_dir), name)
    assert got


# Refusals: what no text can be read from.

def test_a_scanned_pdf_is_refused(tmp_path):
    path = tmp_path / "scan.pdf"
    typeset.scanned(path)
    with pytest.raises(SourceError) as refused:
        read_source(path)
    assert str(refused.value) == (f"{path}: expected a PDF with a text layer (run OCR on scanned pages first), "
                                  "found 'a PDF with no text layer (scanned pages)'")


def _small_pdf(path: Path, **options) -> None:
    text = (REAL / "guohan-2018-144.txt").read_text(encoding="utf-8")
    font = typeset.font("embedded")
    typeset.render(typeset.layout(_blocks(text), font), path, font, **options)


def test_a_pdf_that_needs_a_password_is_refused(tmp_path):
    path = tmp_path / "locked.pdf"
    _small_pdf(path, encrypt="secret")
    with pytest.raises(SourceError) as refused:
        read_source(path)
    assert "an encrypted PDF" in str(refused.value) and "without a password" in str(refused.value)


def test_a_pdf_locked_only_against_editing_is_read(tmp_path):
    from reportlab.lib.pdfencrypt import StandardEncryption

    path = tmp_path / "guohan-2018-144.pdf"
    _small_pdf(path, encrypt=StandardEncryption("", ownerPassword="owner", canModify=0))
    issue = parse_source(read_source(path))
    assert [d.number for d in issue.documents] == ["国函〔2018〕144号"]


def test_a_damaged_pdf_is_refused(tmp_path):
    path = tmp_path / "cut.pdf"
    _small_pdf(tmp_path / "whole.pdf")
    path.write_bytes((tmp_path / "whole.pdf").read_bytes()[:400])
    with pytest.raises(SourceError) as refused:
        read_source(path)
    assert str(refused.value).startswith(f"{path}: expected a PDF that can be read, found 'a damaged PDF")


def test_a_refused_pdf_leaves_the_last_good_graph(seed_pdf, tmp_path):
    _, graph_dir, _, _, _ = seed_pdf
    before = read_dump(graph_dir), (graph_dir / "store").resolve(), (graph_dir / "texts").resolve()
    scan = tmp_path / "scan.pdf"
    typeset.scanned(scan)
    result = subprocess.run(CLI + ["build", str(scan), "--graph-dir", str(graph_dir)], capture_output=True, text=True)
    assert result.returncode == 2
    assert "a PDF with no text layer (scanned pages)" in result.stderr
    assert before == (read_dump(graph_dir), (graph_dir / "store").resolve(),
                      (graph_dir / "texts").resolve())


def test_a_scanned_page_among_text_pages_is_reported_and_the_rest_read(tmp_path):
    import pypdfium2 as pdfium

    _small_pdf(tmp_path / "text.pdf")
    typeset.scanned(tmp_path / "scan.pdf")
    merged = pdfium.PdfDocument(str(tmp_path / "text.pdf"))
    text_pages = len(merged)
    merged.import_pages(pdfium.PdfDocument(str(tmp_path / "scan.pdf")), [0], index=1)
    merged.save(str(tmp_path / "guohan-2018-144.pdf"))
    source = read_source(tmp_path / "guohan-2018-144.pdf")
    assert [n.message for n in source.notices] == ["page 2: no text layer (a scanned page?); nothing on it is read"]
    assert text_pages == 3 and len(source.pages) == 4
    # nothing stands on page 2: it starts where page 3 does, whose first character is on page 3
    assert source.pages[1] == source.pages[2] and source.page_of(source.pages[1]) == 3
    assert [d.number for d in parse_source(source).documents] == ["国函〔2018〕144号"]
