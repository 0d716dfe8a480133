"""Files → source text: the first step of the data flow.

A source is plain text, a PDF, a document page saved from a government portal, or a Word
file. Whatever it is, what comes out is one text (a `SourceText`) that the parser reads and
that every span of the graph points into; for a file that is not plain text, the build keeps
that text beside the store, so every quote can still be found in it.

The format is told by the file's bytes, not its name: users rename files.
"""

from __future__ import annotations

import io
import zipfile

from ..errors import SourceError
from ..parse.source import SourceText, decode_source, is_markup

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the compound file of Word 97–2003 (and old Excel)


def extract(name: str, data: bytes) -> SourceText:
    """The text of one source file, by its format; SourceError for what is no document at all."""
    if b"%PDF-" in data[:1024]:
        from .pdf import read_pdf

        return read_pdf(name, data)
    if data.startswith(b"PK\x03\x04"):
        return _read_archive(name, data)
    if data.startswith(_OLE2):
        raise SourceError(name, None, "a Word file in the .docx format (save the .doc as .docx)",
                          "a Word 97–2003 .doc file")
    text = _markup_text(data)
    if text is not None:
        from .page import read_page

        return read_page(name, text)
    return decode_source(name, data)


def _markup_text(data: bytes) -> str | None:
    """The text of a file that is HTML, decoded as its own declaration or bytes say; None otherwise."""
    if b"\x00" in data[:4096]:
        return None
    head = data[:20000]
    for encoding in ("utf-8", "gb18030"):
        try:
            sample = head.decode(encoding, errors="strict" if len(data) <= 20000 else "ignore")
        except UnicodeDecodeError:
            continue
        if is_markup(sample):
            from .page import decode_page

            return decode_page(data)
        return None
    return None


def _read_archive(name: str, data: bytes) -> SourceText:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = set(archive.namelist())
    except zipfile.BadZipFile:
        raise SourceError(name, None, "a document (text, PDF, web page or Word file)", "a damaged ZIP archive") from None
    if "word/document.xml" in members:
        from .docx import read_docx

        return read_docx(name, data)
    raise SourceError(name, None, "a document (text, PDF, web page or Word .docx file)",
                      "a ZIP archive that is no Word document")
