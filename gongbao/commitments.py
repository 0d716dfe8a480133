"""Targets over time: the statements of one commitment, each marked by how it moves the value.

A commitment is what the targets of one government share when they measure one indicator
(after mappings/indicators.csv's aliases), for one scope, by one deadline year: each such target
is a statement of it. Its history is its statements in order of the document's date (its own
signing date, else its issue's), then number, then place in the text; each statement
is `first`, `restated` (the value the commitment had), `raised`, `lowered`, or `changed` where
no order applies. The statement in force at a date is the latest on or before it.

Values are compared in base units (3万亿元 = 30000亿元; counting words that count one thing are one
unit, 30家 = 30个: mappings/counting-words.csv) and by what the comparator makes of them:
超过 1100 (>=), 达到 1100 (=) and 1100左右 (~) set one level; a ceiling (<=), a growth rate, a
reduction, a rank and a ratio are each compared only with their own kind; a range (2—3个) and a
size class (千亿级: from 10^11 up to 10^12 元) compare by their bounds: the same bounds restate,
wholly above raises, wholly below lowers, an overlap changes.

Within one document two numbers under one label mostly count different things (智能工厂 of all
firms in one item, of state-owned firms in another), so a statement is compared with the value
in force before its document, never with another statement of the same document: a document that
gives two values is two `first`s (or two moves from the same value), and what follows compares
with the last of them in the document's order.

The facts come from each shard's summary (mapping/targets.py), so a build recomputes the
commitments from data it holds already, one group of one government, indicator, scope and year
at a time, without reading any source again; the work is linear in the number of statements.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby
from typing import Callable, Iterator

from pyoxigraph import Literal, NamedNode, Quad

from . import reference
from .mapping.emit import integer
from .mapping.iris import Minter
from .mapping.vocab import GB, RDF, RDFS, XSD

CHANGES = ("first", "restated", "raised", "lowered", "changed")
# The changes that give the commitment another value: each is one row of cq09.
CHANGES_OF_VALUE = ("raised", "lowered", "changed")
# Comparators that set one level of the indicator; the others are compared only with their own kind.
LEVEL = {">=": "level", "=": "level", "~": "level"}
# A size class spans one order of magnitude from its value (千亿级: 10^11 up to 10^12).
CLASS_SPAN = Decimal(10)


def commitment_key(fact: dict) -> tuple:
    """What the statements of one commitment share: jurisdiction, indicator, scope, deadline year."""
    return fact["jurisdiction"], fact["indicator"], fact["scope"], fact["year"]


def _order(fact: dict) -> tuple:
    # Within a document, the order of the text: a path such as 二/（七） sorts before 二/（三） as a string.
    return fact["date"] or "", fact["number"], fact["start"], fact["target"]


def bounds(fact: dict) -> tuple[str, str, Decimal, Decimal]:
    """(family, base unit, low, high) of a statement: a point has low == high."""
    low = Decimal(fact["base"])
    unit = reference.counting_words().get(fact["base_unit"], fact["base_unit"])
    if fact["comparator"] == "class":
        return "level", unit, low, low * CLASS_SPAN
    if fact["comparator"] == "range" and fact.get("base_max") is not None:
        return "level", unit, low, Decimal(fact["base_max"])
    return LEVEL.get(fact["comparator"], fact["comparator"]), unit, low, low


def change(before: dict, after: dict) -> str:
    family_a, unit_a, low_a, high_a = bounds(before)
    family_b, unit_b, low_b, high_b = bounds(after)
    if family_a != family_b or unit_a != unit_b:
        return "changed"
    if (low_a, high_a) == (low_b, high_b):
        return "restated"
    if low_b >= high_a:
        return "raised"
    if high_b <= low_a:
        return "lowered"
    return "changed"


def histories(statements: list[dict]) -> Iterator[tuple[tuple, list[dict]]]:
    """Each commitment's key and its statements in order, each with `change`, `previous` (the
    statement it is compared with) and `until` (the date of the next statement, if any); one
    commitment at a time."""
    for key, group in groupby(sorted(statements, key=lambda f: (commitment_key(f), _order(f))), commitment_key):
        history: list[dict] = []
        in_force: dict | None = None  # the last statement of the documents before this one
        for _, same_document in groupby(group, lambda f: f["document"]):
            rows = list(same_document)
            for fact in rows:
                history.append({**fact, "previous": in_force,
                                "change": "first" if in_force is None else change(in_force, fact)})
            in_force = rows[-1]
        for row, following in zip(history, history[1:] + [None]):
            row["until"] = following["date"] if following else None
        yield key, history


def commitment_quads(statements: list[dict], base: str | None = None) -> list[Quad]:
    """The commitments and their statements, in a shared graph of their own: a gb:Commitment per
    group, a gb:CommitmentStatement per target that states it."""
    return list(each_commitment_quads(statements, base))


def each_commitment_quads(statements: list[dict], base: str | None = None) -> Iterator[Quad]:
    """commitment_quads one commitment at a time: a corpus's commitments, nineteen of its shared
    graphs' lines in twenty, are never all held as quads at once."""
    iris = Minter(base)
    graph = iris.graph("commitments")
    out: list[Quad] = []

    def add(s, p, o):
        out.append(Quad(s, p, o, graph))

    for key, history in histories(statements):
        out.clear()
        _, indicator, scope, year = key
        commitment = commitment_iri(key, iris)
        first = history[0]
        add(commitment, RDF.type, GB.Commitment)
        add(commitment, RDFS.label, Literal(f"{first['label']}{'（' + scope + '）' if scope else ''} {year}年",
                                            language="zh"))
        add(commitment, GB.indicator, NamedNode(indicator))
        add(commitment, GB.targetYear, integer(year))
        add(commitment, GB.jurisdiction, Literal(key[0]))
        if scope:
            add(commitment, GB.scope, Literal(scope, language="zh"))
        add(commitment, GB.statementCount, integer(len(history)))
        for position, row in enumerate(history, start=1):
            _statement(add, iris, commitment, row, position)
        yield from out


def _statement(add, iris: Minter, commitment: NamedNode, row: dict, position: int) -> None:
    node = statement_iri(iris, row["target"])
    add(node, RDF.type, GB.CommitmentStatement)
    add(node, GB.statementOf, commitment)
    add(node, GB.states, NamedNode(row["target"]))
    add(node, GB.position, integer(position))
    add(node, GB.change, Literal(row["change"]))
    if row["date"]:
        add(node, GB.statedOn, Literal(row["date"], datatype=XSD.date))
    if row["until"]:
        add(node, GB.supersededOn, Literal(row["until"], datatype=XSD.date))
    if row["previous"] is not None:
        add(node, GB.comparedWith, statement_iri(iris, row["previous"]["target"]))


@dataclass
class Tail:
    """All that appending to a commitment's history needs of it: its count and last statement."""

    count: int
    last: dict


def tails(statements) -> dict[tuple, Tail]:
    """Each commitment's tail, by its key."""
    found: dict[tuple, Tail] = {}
    for fact in statements:
        key = commitment_key(fact)
        tail = found.get(key)
        if tail is None:
            found[key] = Tail(1, fact)
        else:
            tail.count += 1
            if _order(fact) > _order(tail.last):
                tail.last = fact
    return found


def tails_json(found: dict[tuple, Tail]) -> str:
    return json.dumps([{"key": list(key), "count": tail.count, "last": tail.last}
                       for key, tail in sorted(found.items(), key=lambda item: item[0])],
                      ensure_ascii=False)


def tails_from_json(text: str) -> dict[tuple, Tail]:
    return {tuple(entry["key"]): Tail(entry["count"], entry["last"]) for entry in json.loads(text)}


@dataclass
class Revision:
    """What statements that join the earlier ones change in the commitments graph: every quad of
    `subjects` leaves it, and of `counts` their gb:statementCount; `quads` join it. `tails` are
    the new tails of the commitments revised, `read` the statements the revision compared."""

    subjects: set[NamedNode] = field(default_factory=set)
    counts: set[NamedNode] = field(default_factory=set)
    quads: list[Quad] = field(default_factory=list)
    tails: dict[tuple, Tail] = field(default_factory=dict)
    read: list[dict] = field(default_factory=list)


def revision(earlier: dict[tuple, Tail], added: list[dict], earlier_of: Callable[[set[tuple]], list[dict]],
             base: str | None = None) -> Revision:
    """The change to the commitments whose tails are `earlier` when the `added` statements join
    their earlier ones, for the commitments that the added ones state.

    A history that the added statements only continue (each comes after its last earlier one in
    the history's order, as a new issue's mostly do) is appended to: its new statements are
    compared with the last earlier one, which is superseded, and the count moves; nothing else of
    it changes, so the work is that of the new statements, not of the whole history, and its tail
    is all that is read of it. Any other history is computed again from all its statements, which
    `earlier_of(keys)` gives for the commitments of those keys."""
    iris = Minter(base)
    graph = iris.graph("commitments")
    out = Revision()

    def add(s, p, o):
        out.quads.append(Quad(s, p, o, graph))

    stated: dict[tuple, list[dict]] = {}
    for fact in added:
        stated.setdefault(commitment_key(fact), []).append(fact)
    again_keys = {key for key, new in stated.items()
                  if key not in earlier or min(map(_order, new)) <= _order(earlier[key].last)}
    before: dict[tuple, list[dict]] = {}
    wanted = {key for key in again_keys if key in earlier}
    if wanted:
        for fact in earlier_of(wanted):
            before.setdefault(commitment_key(fact), []).append(fact)
    again: list[dict] = []
    for key, new in stated.items():
        commitment = commitment_iri(key, iris)
        if key in again_keys:
            old = before.get(key, [])
            out.subjects |= {commitment} | {statement_iri(iris, f["target"]) for f in old + new}
            again += old + new
            out.tails.update(tails(old + new))
            continue
        tail = earlier[key]
        [(_, rows)] = histories([tail.last, *new])
        for position, row in enumerate(rows[1:], start=tail.count + 1):
            _statement(add, iris, commitment, row, position)
        if rows[0]["until"]:
            add(statement_iri(iris, tail.last["target"]), GB.supersededOn,
                Literal(rows[0]["until"], datatype=XSD.date))
        out.counts.add(commitment)
        add(commitment, GB.statementCount, integer(tail.count + len(new)))
        out.tails[key] = Tail(tail.count + len(new), max(new, key=_order))
        out.read += [tail.last, *new]
    out.quads += commitment_quads(again, base)
    out.read += again
    return out


def commitment_iri(key: tuple, iris: Minter) -> NamedNode:
    jurisdiction, indicator, scope, year = key
    path = f"commitment/{jurisdiction}/{indicator.removeprefix(iris.base + 'indicator/')}/{year}"
    return iris.iri(path + (f"/{iris.segment(scope)}" if scope else ""))


def statement_iri(iris: Minter, target: str) -> NamedNode:
    # Named after its target, not its place in the history: an issue built later with an earlier
    # date moves the positions, not the names.
    return NamedNode(iris.base + "statement/" + target.removeprefix(iris.base))
