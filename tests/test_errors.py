"""Bad input: a message naming the file, the line and what was expected; never a traceback."""

import json
import shutil

import pytest
from click.testing import CliRunner

from conftest import SEED
from gongbao.cli import main
from gongbao.errors import SourceError
from gongbao.parse import parse_issue
from gongbao.store import read_dump, store_path


def _write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def test_missing_file(tmp_path):
    with pytest.raises(SourceError, match="no such file"):
        parse_issue(tmp_path / "nope.txt")


def test_empty_file(tmp_path):
    with pytest.raises(SourceError, match="empty file"):
        parse_issue(_write(tmp_path, "empty.txt", ""))


def test_binary_file(tmp_path):
    with pytest.raises(SourceError, match="binary") as error:
        parse_issue(_write(tmp_path, "bin.txt", b"\x89PNG\r\n\x1a\n\x00\x00"))
    assert error.value.line == 3  # the NUL byte follows two line breaks


def test_a_web_page_with_hardly_any_text_is_refused(tmp_path):
    # Markup is read as a saved web page (tests/test_page_source.py); this one holds no document.
    with pytest.raises(SourceError, match="hardly any Chinese characters on the page"):
        parse_issue(_write(tmp_path, "page.txt", "<!DOCTYPE html><html><body>公报</body></html>"))


def test_gb18030_file_is_decoded(tmp_path):
    path = _write(tmp_path, "gbk.txt", SEED.read_text(encoding="utf-8").encode("gb18030"))
    issue = parse_issue(path)
    assert [d.number for d in issue.documents][0] == "渝府发〔2023〕8号"


def test_no_document_number(tmp_path):
    text = SEED.read_text(encoding="utf-8").replace("〔2023〕", "2023")
    with pytest.raises(SourceError, match="document number") as error:
        parse_issue(_write(tmp_path, "nonum.txt", text))
    assert str(error.value).startswith(str(tmp_path / "nonum.txt"))


def test_truncated_document_names_the_line(tmp_path):
    lines = SEED.read_text(encoding="utf-8").splitlines(keepends=True)
    cut = next(i for i, line in enumerate(lines) if line.startswith("渝府办发〔2023〕27号"))
    path = _write(tmp_path, "cut.txt", "".join(lines[: cut + 3]))
    with pytest.raises(SourceError, match="signing date") as error:
        parse_issue(path)
    assert error.value.line == cut + 3  # the addressee line of the cut document


def test_duplicate_item_number(tmp_path):
    text = SEED.read_text(encoding="utf-8").replace("2. 打造新型城镇化新型工业化主战场", "1. 打造新型城镇化新型工业化主战场")
    with pytest.raises(SourceError, match="1 again") as error:
        parse_issue(_write(tmp_path, "dup.txt", text))
    lines = text.splitlines()
    assert lines[error.value.line - 1].startswith("1. 打造新型城镇化")


def test_skipped_item_number_is_reported(tmp_path):
    text = SEED.read_text(encoding="utf-8").replace("3. 建设辐射力带动力强劲的动力源", "4. 建设辐射力带动力强劲的动力源", 1)
    text = text.replace("\n4. 强化城市规划统筹", "\n5. 强化城市规划统筹", 1)
    issue = parse_issue(_write(tmp_path, "gap.txt", text))
    assert any("item 4 where 3 was expected" in n.message for n in issue.notices)


def test_whitespace_only_file_is_empty(tmp_path):
    with pytest.raises(SourceError, match="empty file") as error:
        parse_issue(_write(tmp_path, "blank.txt", "\n \u3000\n\t\n"))
    assert error.value.line == 1


def test_gbk_file_is_decoded(tmp_path):
    # GBK lacks a few characters that GB18030 has (² in "2.2m²"); a GBK file cannot hold them.
    text = SEED.read_text(encoding="utf-8").replace("m²", "平方米")
    issue = parse_issue(_write(tmp_path, "gbk.txt", text.encode("gbk")))
    assert [d.number for d in issue.documents] == ["渝府发〔2023〕8号", "渝府办发〔2023〕24号",
                                                   "渝府办发〔2023〕26号", "渝府办发〔2023〕27号"]
    # Spans count characters of the decoded text, whatever the bytes were.
    doc = issue.documents[0]
    assert text[doc.number_span.start:doc.number_span.end] == "渝府发〔2023〕8号"


def test_undecodable_bytes_name_their_line(tmp_path):
    lines = SEED.read_bytes().split(b"\n")
    lines[9] = b"\xff\xfe" + lines[9]
    with pytest.raises(SourceError, match="UTF-8 or GB18030") as error:
        parse_issue(_write(tmp_path, "mixed.txt", b"\n".join(lines)))
    assert error.value.line == 10


def test_saved_web_page_is_read(tmp_path):
    # A page saved from a website: no doctype, but its paragraphs are tagged; whatever its name.
    lines = SEED.read_text(encoding="utf-8").splitlines()
    page = "\n".join(f"<p>{line}</p>" for line in lines)
    issue = parse_issue(_write(tmp_path, "saved.txt", page))
    assert [d.number for d in issue.documents] == [d.number for d in parse_issue(SEED).documents]


def test_text_under_a_markup_comment_is_one_paragraph_of_a_page(tmp_path):
    # Markup first makes the file a web page, in which lines without tags are one paragraph:
    # no document can be told apart in it.
    with pytest.raises(SourceError, match="a page with no document text"):
        parse_issue(_write(tmp_path, "c.txt", "\n<!-- saved from url=(0040) -->\n" + SEED.read_text(encoding="utf-8")))


def test_document_without_its_number_line(tmp_path):
    # Without the check, the division of work would run on as text of the document before it.
    lines = SEED.read_text(encoding="utf-8").splitlines()
    at = lines.index("渝府办发〔2023〕27号")
    path = _write(tmp_path, "nonum27.txt", "\n".join(lines[:at] + lines[at + 1:]))
    with pytest.raises(SourceError, match="the document number of 重庆市人民政府办公厅关于市政府领导同志"
                                          "工作分工的通知 on the line after its title") as error:
        parse_issue(path)
    assert error.value.line == at + 2  # the addressee line, now where the number was expected
    assert error.value.found.startswith("各区县")


def test_no_document_number_names_the_first_title(tmp_path):
    text = SEED.read_text(encoding="utf-8").replace("〔2023〕", "2023")
    with pytest.raises(SourceError) as error:
        parse_issue(_write(tmp_path, "nonum.txt", text))
    assert error.value.line == text.splitlines().index("渝府发20238号") + 1


# ---------------------------------------------------------------- the same through the CLI

def _lines():
    return SEED.read_text(encoding="utf-8").splitlines(keepends=True)


def _truncated(tmp_path):
    lines = _lines()
    cut = next(i for i, line in enumerate(lines) if line.startswith("渝府办发〔2023〕27号"))
    return _write(tmp_path, "cut.txt", "".join(lines[: cut + 3])), cut + 3


def _without_number(tmp_path):
    lines = _lines()
    at = lines.index("渝府办发〔2023〕27号\n")
    return _write(tmp_path, "nonum.txt", "".join(lines[:at] + lines[at + 1:])), at + 2


def _duplicate_item(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    line = text[: text.index("2. 打造新型城镇化新型工业化主战场")].count("\n") + 1
    return _write(tmp_path, "dup.txt", text.replace("2. 打造新型城镇化新型工业化主战场", "1. 打造新型城镇化新型工业化主战场")), line


def _undecodable(tmp_path):
    lines = SEED.read_bytes().split(b"\n")
    lines[9] = b"\xff\xfe" + lines[9]
    return _write(tmp_path, "mixed.txt", b"\n".join(lines)), 10


def _list_page(tmp_path):
    from test_page_source import _LIST_PAGE

    return _write(tmp_path, "list.html", _LIST_PAGE), None


def _scanned_pdf(tmp_path):
    import typeset

    typeset.scanned(tmp_path / "scan.pdf")
    return tmp_path / "scan.pdf", None


def _encrypted_pdf(tmp_path):
    from test_pdf_source import _small_pdf

    _small_pdf(tmp_path / "locked.pdf", encrypt="secret")
    return tmp_path / "locked.pdf", None


def _damaged_pdf(tmp_path):
    from test_pdf_source import _small_pdf

    _small_pdf(tmp_path / "whole.pdf")
    return _write(tmp_path, "cut.pdf", (tmp_path / "whole.pdf").read_bytes()[:300]), None


def _zip(members: dict[str, str]) -> bytes:
    import io
    import zipfile

    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return data.getvalue()


BAD_INPUTS = {
    # name: (make(tmp_path) -> (path, line or None), what the message says was expected)
    "missing": (lambda t: (t / "nope.txt", None), "an existing text file"),
    "directory": (lambda t: (t, None), "a text file"),
    "empty": (lambda t: (_write(t, "empty.txt", b""), 1), "the text of a gazette issue"),
    "binary": (lambda t: (_write(t, "bin.txt", b"\x89PNG\r\n\x1a\n\x00\x00"), 3), "UTF-8 text"),
    "undecodable": (_undecodable, "text encoded as UTF-8 or GB18030"),
    "html-without-text": (lambda t: (_write(t, "page.txt", "<!DOCTYPE html><html><body>公报</body></html>"), 1),
                          "Chinese text of a gazette issue"),
    "list-page": (_list_page, "at least one document with a number line"),
    "scanned-pdf": (_scanned_pdf, "a PDF with a text layer (run OCR on scanned pages first)"),
    "encrypted-pdf": (_encrypted_pdf, "a PDF that opens without a password"),
    "damaged-pdf": (_damaged_pdf, "a PDF that can be read"),
    "word-97": (lambda t: (_write(t, "old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504), None),
                "a Word file in the .docx format"),
    "zip": (lambda t: (_write(t, "a.zip", _zip({"a.txt": "公报"})), None), "a document (text, PDF, web page or Word"),
    "not-chinese": (lambda t: (_write(t, "en.txt", "Gazette of Chongqing\n" * 50), 1), "Chinese text"),
    "truncated": (_truncated, "the issuer and signing date"),
    "without-number": (_without_number, "the document number of 重庆市人民政府办公厅关于市政府领导同志工作分工的通知"),
    "duplicate-item": (_duplicate_item, "a new item number under"),
}


@pytest.fixture(scope="module")
def last_good(built, tmp_path_factory):
    """A copy of the seed's graph directory, so that a build that wrongly wrote could harm only it."""
    graph_dir = tmp_path_factory.mktemp("last-good") / "graph"
    shutil.copytree(built[0], graph_dir, symlinks=True)
    return graph_dir


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_cli_refuses_bad_input(case, tmp_path, last_good):
    make, expected = BAD_INPUTS[case]
    path, line = make(tmp_path)
    link, dump = store_path(last_good).resolve(), read_dump(last_good)
    result = CliRunner().invoke(main, ["build", str(path), "--graph-dir", str(last_good)])
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)  # a handled error, not a crash
    where = f"{path}:{line}" if line else str(path)
    assert f"error: {where}: expected {expected}" in result.output
    assert "Traceback" not in result.output
    assert store_path(last_good).resolve() == link
    assert read_dump(last_good) == dump


def test_cli_builds_a_gb18030_file_like_its_utf8_original(tmp_path, built):
    # Same file name, same text, other bytes: the graph must be byte for byte the same.
    (tmp_path / "src").mkdir()
    path = tmp_path / "src" / SEED.name
    path.write_bytes(SEED.read_text(encoding="utf-8").encode("gb18030"))
    result = CliRunner().invoke(main, ["build", str(path), "--graph-dir", str(tmp_path / "graph"), "--quiet"])
    assert result.exit_code == 0, result.output
    assert read_dump(tmp_path / "graph") == read_dump(built[0])


def test_unknown_unit_is_a_warning_not_an_error(tmp_path):
    # The unit is minted as an agency of the document's government from its printed name,
    # reported by the parser's notice and by a warning that quotes the source.
    text = SEED.read_text(encoding="utf-8")
    known = "（牵头单位：市科技局；"
    assert known in text
    path = _write(tmp_path, SEED.name, text.replace(known, "（牵头单位：市星际开发局；", 1))
    result = CliRunner().invoke(main, ["build", str(path), "--graph-dir", str(tmp_path / "graph")])
    assert result.exit_code == 0, result.output
    assert store_path(tmp_path / "graph").exists()
    warning = next(i for i, line in enumerate(result.stderr.splitlines())
                   if "no agencies table of its document's government knows" in line and "/unit/lead/" in line)
    assert result.stderr.splitlines()[warning + 1].strip() == "source: 市星际开发局"
    report = json.loads((tmp_path / "graph" / "build-report.json").read_text(encoding="utf-8"))
    assert any("市星际开发局" in w and "[Warning]" in w for w in report["warnings"])
