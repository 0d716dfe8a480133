"""Deterministic, readable IRIs under one configurable base.

The same record always gets the same IRI, so rebuilding an issue yields the same triples
and links from outside stay valid. A document series or gazette that no table gives a slug
is spelt in pinyin (mapping/slugs.py); names of people and areas of work are percent-encoded,
so that every IRI is also a plain ASCII URI.
"""

from __future__ import annotations

import os
from urllib.parse import quote

from pyoxigraph import NamedNode

from .. import reference
from ..records import Document, Issue, OutlineNode
from .slugs import pinyin_slug

DEFAULT_BASE = "https://w3id.org/gongbao/id/"


def default_base() -> str:
    return os.environ.get("GONGBAO_BASE", DEFAULT_BASE)


class Minter:
    def __init__(self, base: str | None = None):
        base = base or default_base()
        self.base = base if base.endswith(("/", "#")) else base + "/"
        self.series = {row["series"]: row["slug"] for row in reference.document_series()}
        self.gazettes = {row["name"]: row["slug"] for row in reference.gazettes()}

    def iri(self, path: str) -> NamedNode:
        return NamedNode(self.base + path)

    def segment(self, text: str) -> str:
        return quote(text, safe="")

    # documents
    def issue(self, issue: Issue) -> NamedNode | None:
        """None for a file of documents that stand on their own, outside any issue."""
        if issue.gazette is None:
            return None
        return self.iri(f"issue/{self.gazette_slug(issue)}/{issue.year}/{issue.number}")

    def gazette_slug(self, issue: Issue) -> str:
        return self.gazettes.get(issue.gazette) or pinyin_slug(issue.gazette)

    def gazette(self, issue: Issue) -> NamedNode:
        return self.iri(f"gazette/{self.gazette_slug(issue)}")

    def document_path(self, doc: Document) -> str:
        series = self.series.get(doc.series) or pinyin_slug(doc.series)
        if doc.year is None:  # an order: 第370号 of its government, whatever the year
            return f"doc/{series}/{doc.sequence}"
        return f"doc/{series}/{doc.year}/{doc.sequence}"

    def document(self, doc: Document) -> NamedNode:
        return self.iri(self.document_path(doc))

    def plan(self, doc: Document) -> NamedNode:
        return self.iri(self.document_path(doc) + "/plan")

    def outline_root(self, doc: Document) -> NamedNode:
        """What the outline hangs from: the attached text, or the document when its body is its own."""
        return self.plan(doc) if doc.plan_title is not None else self.document(doc)

    def annex(self, doc: Document, number: int) -> NamedNode:
        """One of several attachments (附件2)."""
        return self.iri(f"{self.document_path(doc)}/annex/{number}")

    def node(self, doc: Document, node: OutlineNode) -> NamedNode:
        # 二/（一）/1 → p2/g1/i1: each label numbered within its level (parse/outline.py LEVELS)
        root = self.annex(doc, node.annex) if node.annex is not None else self.outline_root(doc)
        return NamedNode(root.value + "/" + node.steps)

    # provenance
    def source(self, issue: Issue) -> NamedNode:
        return self.iri(f"source/{self.segment(issue.source_name)}")

    def span(self, subject: NamedNode, name: str = "span") -> NamedNode:
        return NamedNode(f"{subject.value}/{name}")

    # organisations and people
    def agency(self, agency_id: str) -> NamedNode:
        return self.iri(f"agency/{agency_id}")

    def person(self, name: str) -> NamedNode:
        return self.iri(f"person/{self.segment(name)}")

    def area(self, name: str) -> NamedNode:
        return self.iri(f"area/{self.segment(name)}")

    # places, programmes and works cited from outside the graph
    def region(self, region_id: str) -> NamedNode:
        return self.iri(f"region/{region_id}")

    def programme(self, programme_id: str) -> NamedNode:
        return self.iri(f"programme/{programme_id}")

    def work(self, title: str) -> NamedNode:
        return self.iri(f"work/{self.segment(title)}")

    # named graphs
    def graph(self, *parts: str) -> NamedNode:
        return self.iri("graph/" + "/".join(parts))

    def document_graph(self, doc: Document) -> NamedNode:
        return self.iri("graph/" + self.document_path(doc))

    def issue_graph(self, issue: Issue) -> NamedNode:
        """The issue's graph, or for documents standing alone, their source file's."""
        if issue.gazette is None:
            return self.iri(f"graph/source/{self.segment(issue.source_name)}")
        return self.iri(f"graph/issue/{self.gazette_slug(issue)}/{issue.year}/{issue.number}")

