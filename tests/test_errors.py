"""Bad input: a message naming the file, the line and what was expected; never a traceback."""

import pytest

from conftest import SEED
from gongbao.errors import SourceError
from gongbao.parse import parse_issue


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


def test_html_is_refused(tmp_path):
    with pytest.raises(SourceError, match="HTML"):
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
