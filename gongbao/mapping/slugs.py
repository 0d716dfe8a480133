"""Readable IRI segments for names no table gives a slug: pinyin, not percent-encoded Han characters.

>>> pinyin_slug("试点城市政府")
'shi-dian-cheng-shi-zheng-fu'
>>> pinyin_slug("国务院职业教育工作部际联席会议（2018）")
'guo-wu-yuan-zhi-ye-jiao-yu-gong-zuo-bu-ji-lian-xi-hui-yi-2018'

Names that must not share a slug keep their tones: 市教委 and 市交委 are one syllable apart.

>>> pinyin_slug("市教委", tones=True), pinyin_slug("市交委", tones=True)
('shi4-jiao4-wei3', 'shi4-jiao1-wei3')
"""

from __future__ import annotations

import re
from urllib.parse import quote

from pypinyin import Style, lazy_pinyin

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def pinyin_slug(name: str, tones: bool = False) -> str:
    # Han characters become syllables; digits and Latin letters are kept; everything else
    # (brackets, quotes, punctuation) only separates.
    style = Style.TONE3 if tones else Style.NORMAL
    syllables = lazy_pinyin(name, style=style, errors=lambda chars: [chars], neutral_tone_with_five=True)
    words = [_NOT_SLUG.sub("-", s.lower()).strip("-") for s in syllables]
    slug = "-".join(w for w in words if w)
    return slug or quote(name, safe="")
