"""A document as the Word file (.docx) a portal attaches, built into the same document as its text.

The file is written with python-docx: a paragraph per line of the text, a running head and a
page number in the page header and footer, and one paragraph broken by a line break (w:br).
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from gongbao.build import run_build
from gongbao.errors import SourceError
from gongbao.parse.source import read_source
from gongbao.store import open_read_only
from test_pdf_source import _answers

REAL = Path(__file__).parent / "real"


def _page_number(paragraph) -> None:
    """A PAGE field, as Word writes a page number into a footer."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.text = text
        run._r.append(element)


def write_docx(text: str, path: Path) -> None:
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "国务院文件"
    _page_number(section.footer.paragraphs[0])
    for line in (line.strip() for line in text.split("\n")):
        if line:
            document.add_paragraph(line)
    document.save(str(path))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    directory = tmp_path_factory.mktemp("docx")
    source = REAL / "guofa-2018-39.txt"
    path = directory / "guofa-2018-39.docx"
    write_docx(source.read_text(encoding="utf-8"), path)
    run_build([path], directory / "docx")
    run_build([source], directory / "text")
    return directory / "docx", directory / "text", path


@pytest.mark.parametrize("name", ["cq01", "cq02", "cq03", "cq13"])
def test_the_word_file_answers_as_the_text_does(built, name):
    got = _answers(open_read_only(built[0]), name)
    assert got == _answers(open_read_only(built[1]), name)
    assert got


def test_headers_and_footers_are_not_text(built):
    source = read_source(built[2])
    assert source.media_type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert "国务院文件" not in source.text and "PAGE" not in source.text


def test_a_line_break_inside_a_paragraph_ends_a_line(tmp_path):
    text = (REAL / "guohan-2018-144.txt").read_text(encoding="utf-8")
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    document = docx.Document()
    document.add_paragraph(lines[0]).add_run().add_break()
    document.paragraphs[0].add_run(lines[1])
    for line in lines[2:]:
        document.add_paragraph(line)
    document.save(str(tmp_path / "breaks.docx"))
    assert read_source(tmp_path / "breaks.docx").text.split("\n")[:2] == lines[:2]


def test_a_damaged_word_file_is_refused(tmp_path):
    write_docx("国务院关于\n" * 30, tmp_path / "whole.docx")
    data = bytearray((tmp_path / "whole.docx").read_bytes())
    start = data.index(b"word/document.xml")
    data[start + 200: start + 600] = b"\x00" * 400  # the entry's compressed bytes
    (tmp_path / "cut.docx").write_bytes(bytes(data))
    with pytest.raises(SourceError, match="a Word document that can be read"):
        read_source(tmp_path / "cut.docx")
