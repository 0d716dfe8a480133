"""Small normalisations of printed text that the parser compares on (never applied to the source)."""

from __future__ import annotations

import re

# A work cited by title: 《国家职业教育改革实施方案》
CITATION = re.compile(r"《([^《》]+)》")
_CJKISH = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’—]"
_LAYOUT_SPACE = re.compile(rf"(?<={_CJKISH})\s+|\s+(?={_CJKISH})")


def normalise_title(text: str) -> str:
    """A title as one line: layout spaces around Chinese text removed, brackets full width.

    >>> normalise_title("重庆市人民政府关于 印发行动方案(2023—2027年)的通知")
    '重庆市人民政府关于印发行动方案（2023—2027年）的通知'
    """
    text = _LAYOUT_SPACE.sub("", text.strip())
    return full_width_brackets(text)


def full_width_brackets(text: str) -> str:
    return text.replace("(", "（").replace(")", "）")
