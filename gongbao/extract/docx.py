"""A Word file (.docx), as portals attach documents → source text.

The body's paragraphs and tables in their order, a paragraph a line, a table a row a line.
Page headers and footers are parts of their own in the file and are not read: they hold
running heads and page numbers, not the document.
"""

from __future__ import annotations

import io

from ..errors import SourceError
from ..parse.source import SourceText, check_chinese

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def read_docx(name: str, data: bytes) -> SourceText:
    import docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises what the ZIP and XML readers raise
        raise SourceError(name, None, "a Word document that can be read", f"a damaged .docx ({error})") from None
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                cells = [" ".join(cell.text.split()) for cell in row.cells]
                if any(cells):
                    lines.append(" ".join(c for c in cells if c))
            continue
        for line in block.text.split("\n"):  # a line break inside a paragraph (w:br)
            if line.strip():
                lines.append(line.strip())
    text = "\n".join(lines) + "\n"
    check_chinese(name, text, " in the Word document")
    return SourceText(name, text, None, media_type=DOCX)
