"""Unit lists: （牵头单位：市科技局；责任单位：市教委、市经济信息委等） at the end of a task.

The source mixes full- and half-width brackets, colons and commas, may open with one
width and close with the other, and splits a unit name across a page break.
"""

from __future__ import annotations

import re

from ..records import UnitList, UnitMention
from .paragraph import Para

ROLES = {"牵头单位": "lead", "责任单位": "responsible"}
_ROLE_KEY = re.compile(r"(牵头单位|责任单位)\s*[：:]")
# The list opens with a bracket directly before a role key and closes the paragraph.
UNIT_LIST_AT_END = re.compile(r"[（(]\s*(?:牵头单位|责任单位)\s*[：:][^（()）]*(?:[（(][^（()）]*[）)][^（()）]*)*[）)]\s*$")
_UNIT_SEPARATORS = "、，,；;"
_ETC = "等"


def find_unit_list(para: Para) -> UnitList | None:
    """The unit list that ends this paragraph, or None."""
    match = UNIT_LIST_AT_END.search(para.text)
    if not match:
        return None
    inner_start = match.start() + 1
    inner_end = len(para.text.rstrip()) - 1  # the closing bracket
    unit_list = UnitList(span=para.span(match.start(), inner_end + 1))
    keys = list(_ROLE_KEY.finditer(para.text, inner_start, inner_end))
    for index, key in enumerate(keys):
        segment_end = keys[index + 1].start() if index + 1 < len(keys) else inner_end
        role = ROLES[key.group(1)]
        unit_list.units.extend(_units(para, key.end(), segment_end, role))
    return unit_list


def _units(para: Para, start: int, end: int, role: str) -> list[UnitMention]:
    units: list[UnitMention] = []
    depth = 0
    piece_start = start
    for i in range(start, end + 1):
        ch = para.text[i] if i < end else "、"
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth -= 1
        elif ch in _UNIT_SEPARATORS and depth == 0:
            mention = _mention(para, piece_start, i, role, len(units) + 1)
            if mention:
                units.append(mention)
            piece_start = i + 1
    return units


def _mention(para: Para, start: int, end: int, role: str, ordinal: int) -> UnitMention | None:
    piece = para.sub(start, end).strip()
    if not piece.text:
        return None
    etc = piece.text.endswith(_ETC)
    if etc:
        piece = piece.sub(0, len(piece.text) - 1).strip()
    # A page break inside a name leaves no trace in the joined text, but a layout
    # space inside a name ("市 科技局") is not part of the name either.
    name = "".join(piece.text.split())
    return UnitMention(role=role, name=name, span=piece.span(), ordinal=ordinal, etc=etc)
