"""Targets → triples: one gb:Target per number, its indicator a shared SKOS concept."""

from __future__ import annotations

from decimal import Decimal

from pyoxigraph import Literal, NamedNode

from .. import reference
from ..records import OutlineNode
from .emit import Emitter, integer, text
from .iris import Minter
from .vocab import GB, RDFS, SKOS, XSD


def decimal(value: Decimal) -> Literal:
    """xsd:decimal in its canonical form (XSD 1.1, and the form Oxigraph stores): 3E+12 is
    written 3000000000000, 3.0 is written 3, so the dump can be written from the quads as made."""
    return Literal(format(value.normalize() if value else Decimal(0), "f"), datatype=XSD.decimal)


def map_targets(out: Emitter, iris: Minter, record: OutlineNode, node: NamedNode, doc_iri: NamedNode) -> list[dict]:
    """The targets' triples; returns what commitments.py compares across documents, one fact per
    target that has an indicator and a deadline year."""
    table = reference.indicators()
    facts = []
    for ordinal, target in enumerate(record.targets, start=1):
        subject = NamedNode(f"{node.value}/target/{ordinal}")
        label = table.canonical(target.indicator)
        indicator = iris.iri(f"indicator/{iris.segment(label)}")
        out.types(subject, GB.Target)
        out.add(node, GB.target, subject)
        out.add(subject, GB.ordinal, integer(ordinal))
        out.add(subject, GB.indicator, indicator)
        out.add(subject, GB.indicatorText, text(target.indicator, "zh"))
        if target.scope:
            out.add(subject, GB.scope, text(target.scope, "zh"))
        out.add(subject, GB.comparator, text(target.comparator))
        out.add(subject, GB.value, decimal(target.value))
        if target.value_max is not None:
            out.add(subject, GB.valueMax, decimal(target.value_max))
        out.add(subject, GB.unit, text(target.unit))
        out.add(subject, GB.baseValue, decimal(target.base_value))
        out.add(subject, GB.baseUnit, text(target.base_unit))
        if target.year is not None:
            out.add(subject, GB.targetYear, integer(target.year))
            out.add(subject, GB.yearSource, text(target.year_source))
        if target.baseline_year is not None:
            out.add(subject, GB.baselineYear, integer(target.baseline_year))
        out.add(subject, RDFS.label, text(f"{label} {target.comparator} {format(target.value.normalize(), 'f')}"
                                          f"{target.unit}", "zh"))
        out.span(subject, target.span)
        out.span(subject, target.value_span, "value-span", link=GB.valueSpan)

        with out.in_graph(iris.graph("indicators")):
            out.types(indicator, GB.Indicator)
            out.add(indicator, SKOS.prefLabel, text(label, "zh"))
            out.add(indicator, RDFS.label, text(label, "zh"))
            if target.indicator != label:
                out.add(indicator, SKOS.altLabel, text(target.indicator, "zh"))
            out.add(indicator, SKOS.inScheme, iris.iri("scheme/indicators"))
        if target.year is not None and table.comparable(label):
            facts.append(statement_fact(target, subject.value, indicator.value, label, record.path))
    return facts


def statement_fact(target, iri: str, indicator: str, label: str, path: str) -> dict:
    # Decimals as strings: the facts travel in a shard's JSON summary.
    multiplier = target.base_value / target.value if target.value else None
    base_max = target.value_max * multiplier if target.value_max is not None and multiplier else None
    return {"target": iri, "indicator": indicator, "label": label, "scope": target.scope or "",
            "year": target.year, "comparator": target.comparator, "value": format(target.value.normalize(), "f"),
            "unit": target.unit, "base": format(target.base_value.normalize(), "f"),
            "base_max": format(base_max.normalize(), "f") if base_max is not None else None,
            "base_unit": target.base_unit, "path": path, "start": target.span.start}
