"""Collecting quads: one named graph at a time, typed literals, source spans."""

from __future__ import annotations

from contextlib import contextmanager

from pyoxigraph import Literal, NamedNode, Quad

from ..records import Span
from .vocab import GB, OA, PROV, RDF, XSD


def text(value: str, lang: str | None = None) -> Literal:
    return Literal(value, language=lang) if lang else Literal(value)


def integer(value: int) -> Literal:
    return Literal(str(value), datatype=XSD.integer)


def decimal(value: str) -> Literal:
    return Literal(value, datatype=XSD.decimal)


def date(value: str) -> Literal:
    return Literal(value, datatype=XSD.date)


def boolean(value: bool) -> Literal:
    return Literal("true" if value else "false", datatype=XSD.boolean)


class Emitter:
    """Writes triples into the current named graph."""

    def __init__(self, source_text: str, source_iri: NamedNode, page_of=None):
        self.quads: list[Quad] = []
        self.graph: NamedNode | None = None
        self.source_text = source_text
        self.source_iri = source_iri
        self.page_of = page_of  # offset → PDF page, for text extracted from a PDF

    def use_graph(self, graph: NamedNode) -> None:
        self.graph = graph

    @contextmanager
    def in_graph(self, graph: NamedNode):
        """Write into another graph for a while: facts shared by many documents go in one place,
        so that the union default graph does not see them once per document."""
        previous, self.graph = self.graph, graph
        try:
            yield
        finally:
            self.graph = previous

    def add(self, subject: NamedNode, predicate: NamedNode, obj) -> None:
        if obj is None:
            return
        self.quads.append(Quad(subject, predicate, obj, self.graph))

    def types(self, subject: NamedNode, *classes: NamedNode) -> None:
        for cls in classes:
            self.add(subject, RDF.type, cls)

    def span(self, subject: NamedNode, span: Span, name: str = "span", link: NamedNode | None = None) -> NamedNode:
        """Link a fact to the exact characters of the source it was read from."""
        node = NamedNode(f"{subject.value}/{name}")
        selector = NamedNode(f"{node.value}/selector")
        self.add(subject, link or PROV.wasDerivedFrom, node)
        self.types(node, OA.SpecificResource)
        self.add(node, OA.hasSource, self.source_iri)
        self.add(node, OA.hasSelector, selector)
        self.types(selector, OA.TextPositionSelector, OA.TextQuoteSelector)
        self.add(selector, OA.start, integer(span.start))
        self.add(selector, OA.end, integer(span.end))
        self.add(selector, OA.exact, text(span.quote(self.source_text)))
        if self.page_of is not None:
            first, last = self.page_of(span.start), self.page_of(max(span.start, span.end - 1))
            self.add(node, GB.pdfPage, integer(first))
            if last != first:
                self.add(node, GB.pdfPageEnd, integer(last))
        return node
