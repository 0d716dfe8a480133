"""Responsibility clauses: the bracket at the end of a task that names who carries it.

    （牵头单位：市科技局；责任单位：市教委、市经济信息委等）      key form
    （生态环境部牵头，国家发展改革委、工业和信息化部参与）          verb form
    （人力资源社会保障部、财政部负责。列第一位者为牵头单位，下同）  a rule, carried forward

The words, their roles and the rules are rows of mappings/responsibility-clauses.csv; this
module holds only the way a clause is taken apart. The source mixes full- and half-width
brackets, colons and commas, and may split a unit name across a page break.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from .. import paths
from ..reference import read_table
from ..records import Notice, UnitList, UnitMention
from .paragraph import SENTENCE_END, Para

_SENTENCE_END = "。"
_PIECE_SEPARATORS = "、，,；;"
_OPEN, _CLOSE = "（(", "）)"


@dataclass(frozen=True)
class ClauseWords:
    keys: dict[str, str]  # 牵头单位 → lead
    verbs: tuple[tuple[str, str], ...]  # (负责, responsible), longest first
    rules: dict[str, str]  # 列第一位者为牵头单位 → first-lead, 下同 → carry
    tails: tuple[str, ...]  # 等有关部门和单位, 等 … longest first

    @cached_property
    def at_end(self) -> re.Pattern:
        """A paragraph that ends with a bracket holding any clause word: it ends its sentence."""
        words = "|".join(re.escape(w) for w in sorted({*self.keys, *(v for v, _ in self.verbs)}, key=len,
                                                        reverse=True))
        inner = r"[^（()）]*(?:[（(][^（()）]*[）)][^（()）]*)*"
        return re.compile(rf"[（(]{inner}(?:{words}){inner}[）)]\s*$|{self.key_line.pattern}")

    @cached_property
    def key_line(self) -> re.Pattern:
        """A paragraph that is a clause of its own: 责任单位：市科技局、市教委."""
        keys = "|".join(re.escape(k) for k in sorted(self.keys, key=len, reverse=True))
        return re.compile(rf"^(?:{keys})\s*[：:].*$")


@lru_cache(maxsize=None)
def clause_words(home: Path = paths.MAPPINGS) -> ClauseWords:
    rows = read_table(home / "responsibility-clauses.csv", ["words", "form", "role", "example", "expect"])
    by_form: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_form.setdefault(row["form"], []).append(row)
    return ClauseWords(
        keys={r["words"]: r["role"] for r in by_form.get("key", [])},
        verbs=tuple(sorted(((r["words"], r["role"]) for r in by_form.get("verb", [])),
                           key=lambda vr: len(vr[0]), reverse=True)),
        rules={r["words"]: r["role"] for r in by_form.get("rule", [])},
        tails=tuple(sorted((r["words"] for r in by_form.get("etc", [])), key=len, reverse=True)),
    )


class ClauseReader:
    """Reads the clauses of one document in order, keeping the rules a clause carries forward (下同)."""

    def __init__(self, words: ClauseWords | None = None, document_number: str = ""):
        self.words = words or clause_words()
        self.document_number = document_number
        self.carried: set[str] = set()
        self.notices: list[Notice] = []
        self._key = re.compile("(" + "|".join(re.escape(k) for k in sorted(self.words.keys, key=len, reverse=True))
                               + r")\s*[：:]")

    def read(self, para: Para) -> list[UnitList]:
        """The clauses of this paragraph: a bracket that ends it, or that stands as a sentence of
        its own after a full stop (a plan may name the bodies of each measure in turn)."""
        found = []
        if self._key.match(para.text):
            # 责任单位：市科技局、市教委 on a line of its own, with no bracket
            units = self._key_form(para)
            return [UnitList(span=para.span(), units=units)] if units else []
        for open_at, close_at in _clause_brackets(para.text):
            inner = para.sub(open_at + 1, close_at)
            units = self._key_form(inner) if self._key.search(inner.text) else self._verb_form(inner, para)
            if units:
                found.append(UnitList(span=para.span(open_at, close_at + 1), units=units))
        return found

    # （牵头单位：…；责任单位：…）
    def _key_form(self, inner: Para) -> list[UnitMention]:
        keys = list(self._key.finditer(inner.text))
        units: list[UnitMention] = []
        for index, key in enumerate(keys):
            end = keys[index + 1].start() if index + 1 < len(keys) else len(inner.text)
            role = self.words.keys[key.group(1)]
            units += filter(None, (self._mention(piece, role) for piece in _pieces(inner, key.end(), end)))
        _renumber(units)
        return units

    # （X牵头，Y、Z参与。列第一位者为牵头单位，下同）
    def _verb_form(self, inner: Para, para: Para) -> list[UnitMention]:
        sentences = _sentences(inner)
        units = self._governed(sentences[0])
        if not units:
            return []
        rules = set(self.carried)
        for sentence in sentences[1:]:
            found = [self.words.rules.get(piece.text) for piece in _pieces(sentence, 0, len(sentence.text))]
            if found and all(found):
                rules.update(found)
            else:
                self.notices.append(Notice(para.line, f"{self.document_number}: a sentence of a responsibility "
                                           f"clause that no rule reads, kept as text: {sentence.text}",
                                           sentence.span()))
        if "carry" in rules:
            self.carried = rules - {"carry"}
        if "first-lead" in rules and units and not any(u.role == "lead" for u in units) \
                and units[0].role == "responsible":
            units[0].role = "lead"
        _renumber(units)
        return units

    def _governed(self, sentence: Para) -> list[UnitMention]:
        """Units and the verbs that follow them: pieces with no verb take the next verb's role."""
        units: list[UnitMention] = []
        pending: list[Para] = []
        for piece in _pieces(sentence, 0, len(sentence.text)):
            verb = next(((v, r) for v, r in self.words.verbs if piece.text.endswith(v)), None)
            if verb is None:
                pending.append(piece)
                continue
            word, role = verb
            head = piece.sub(0, len(piece.text) - len(word)).strip()
            for unit_piece in pending + ([head] if head.text else []):
                mention = self._mention(unit_piece, role)
                if mention is None:
                    return []
                units.append(mention)
            pending = []
        return [] if pending else units

    def _mention(self, piece: Para, role: str) -> UnitMention | None:
        """One unit as printed; its ordinal within its role is set by _renumber once the clause is read."""
        piece = piece.strip()
        etc = False
        for tail in self.words.tails:
            if piece.text.endswith(tail) and len(piece.text) > len(tail):
                piece, etc = piece.sub(0, len(piece.text) - len(tail)).strip(), True
                break
        if not piece.text:
            return None
        # A page break inside a name leaves no trace in the joined text, but a layout
        # space inside a name ("市 科技局") is not part of the name either.
        name = "".join(piece.text.split())
        return UnitMention(role=role, name=name, span=piece.span(), ordinal=0, etc=etc)


def _renumber(units: list[UnitMention]) -> None:
    counts: dict[str, int] = {}
    for unit in units:
        counts[unit.role] = counts.get(unit.role, 0) + 1
        unit.ordinal = counts[unit.role]




def _clause_brackets(text: str) -> list[tuple[int, int]]:
    """Top-level brackets that end the paragraph or open a sentence: where a clause may stand."""
    end = len(text.rstrip())
    if end and text[end - 1] == _SENTENCE_END:
        end -= 1  # （…负责）。 : a full stop after the clause
    result, depth, opened = [], 0, 0
    for i, ch in enumerate(text[:end]):
        if ch in _OPEN:
            if depth == 0:
                opened = i
            depth += 1
        elif ch in _CLOSE and depth:
            depth -= 1
            if depth == 0 and (i == end - 1 or (opened > 0 and text[opened - 1] in SENTENCE_END)):
                result.append((opened, i))
    return result


def _sentences(inner: Para) -> list[Para]:
    result, start = [], 0
    for i, ch in enumerate(inner.text + _SENTENCE_END):
        if ch == _SENTENCE_END:
            piece = inner.sub(start, i).strip()
            if piece.text:
                result.append(piece)
            start = i + 1
    return result or [inner]


def _pieces(para: Para, start: int, end: int) -> list[Para]:
    """Split at list separators outside brackets: 市发展改革委（市粮食局） stays one name."""
    pieces, depth, piece_start = [], 0, start
    for i in range(start, end + 1):
        ch = para.text[i] if i < end else "、"
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth -= 1
        elif ch in _PIECE_SEPARATORS and depth == 0:
            piece = para.sub(piece_start, i).strip()
            if piece.text:
                pieces.append(piece)
            piece_start = i + 1
    return pieces
