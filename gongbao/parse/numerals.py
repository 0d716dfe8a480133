"""Chinese numerals: 一 → 1, 十二 → 12, 两 → 2, 一百 → 100, 三千五百 → 3500."""

from __future__ import annotations

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
           "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_LARGE_UNITS = {"万": 10_000, "亿": 100_000_000}

CHINESE_NUMERAL_CHARS = "".join(_DIGITS) + "".join(_SMALL_UNITS) + "".join(_LARGE_UNITS)


def chinese_to_int(text: str) -> int:
    """Value of a Chinese numeral.

    >>> [chinese_to_int(t) for t in ["一", "十", "十二", "二十", "一百零五", "两", "三千五百", "十万"]]
    [1, 10, 12, 20, 105, 2, 3500, 100000]
    """
    if not text or any(ch not in CHINESE_NUMERAL_CHARS for ch in text):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    total = 0  # completed 亿/万 sections
    section = 0  # the part below the current large unit
    digit = None
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _SMALL_UNITS:
            # 十 alone at the start means 一十
            section += (1 if digit is None else digit) * _SMALL_UNITS[ch]
            digit = None
        else:
            section += digit or 0
            total = (total + section) * _LARGE_UNITS[ch]
            section, digit = 0, None
    return total + section + (digit or 0)
