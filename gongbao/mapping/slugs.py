"""Readable IRI segments for names no table gives a slug: pinyin, not percent-encoded Han characters.

>>> pinyin_slug("试点城市政府")
'shi-dian-cheng-shi-zheng-fu'
>>> pinyin_slug("国务院职业教育工作部际联席会议（2018）")
'guo-wu-yuan-zhi-ye-jiao-yu-gong-zuo-bu-ji-lian-xi-hui-yi-2018'
"""

from __future__ import annotations

import re
from urllib.parse import quote

from pypinyin import Style, lazy_pinyin

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def pinyin_slug(name: str) -> str:
    # Han characters become syllables; digits and Latin letters are kept; everything else
    # (brackets, quotes, punctuation) only separates.
    syllables = lazy_pinyin(name, style=Style.NORMAL, errors=lambda chars: [chars])
    words = [_NOT_SLUG.sub("-", s.lower()).strip("-") for s in syllables]
    slug = "-".join(w for w in words if w)
    return slug or quote(name, safe="")
