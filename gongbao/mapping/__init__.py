"""Records → RDF quads: one named graph per document, one for the issue (or the source file of
documents that stand alone), one for reference data.

The mapping is deterministic: the same records always yield the same quads.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from pyoxigraph import NamedNode, Quad

from .. import reference
from ..records import Issue, Notice
from .agencies import map_unit_lists
from .calls import map_calls, title_fact
from .documents import map_document, map_issue_record
from .emit import Emitter, text
from .iris import Minter
from .jurisdiction import Agencies, jurisdiction_of, map_jurisdiction_agencies
from .links import map_citations
from .officials import map_leaders
from .places import map_place_mentions, map_region_table
from .programmes import map_programme_mentions, map_programme_table
from .targets import map_targets
from .vocab import DCTERMS, GB, RDF

__all__ = ["Mapped", "map_issue", "map_reference", "jurisdictions_of", "Minter"]


@dataclass
class Mapped:
    quads: list[Quad]
    notices: list[Notice] = field(default_factory=list)
    # What answers.py reads over the whole build: each call, and each document's title.
    calls: list[dict] = field(default_factory=list)
    documents: list[dict] = field(default_factory=list)
    mentions: list[dict] = field(default_factory=list)  # of programmes
    statements: list[dict] = field(default_factory=list)  # of targets, for commitments.py


def map_issue(issue: Issue, source_text: str, iris: Minter | None = None, page_of=None) -> Mapped:
    """page_of: offset → PDF page, when the text was extracted from a PDF."""
    iris = iris or Minter()
    out = Emitter(source_text, iris.source(issue), page_of)
    notices: list[Notice] = []

    out.use_graph(iris.issue_graph(issue))
    issue_iri = map_issue_record(out, iris, issue)
    calls: list[dict] = []
    documents: list[dict] = []
    mentions: list[dict] = []
    statements: list[dict] = []
    for doc in issue.documents:
        jurisdiction = jurisdiction_of(doc, issue)
        dated = doc.date or issue.date  # what answers.py orders calls and answers by
        out.use_graph(iris.document_graph(doc))
        agencies = Agencies(out, iris, jurisdiction, notices)
        issuer = agencies.known(doc.issuer or "")
        if doc.issuer and issuer is None:
            notices.append(Notice(0, f"{doc.number}: issuer {doc.issuer!r} is in no agencies table of "
                                  f"{jurisdiction.name}", doc.issuer_span))
        doc_iri = map_document(out, iris, issue_iri, doc, issuer)
        out.add(doc_iri, GB.jurisdiction, text(jurisdiction.id))  # whose divisions of work apply to it
        if issue.address:
            out.add(doc_iri, DCTERMS.source, NamedNode(issue.address))  # the portal page it was saved from
        for record in doc.nodes():
            if record.unit_lists:
                map_unit_lists(out, agencies, doc, record, iris.node(doc, record))
            if record.targets:
                for fact in map_targets(out, iris, record, iris.node(doc, record), doc_iri):
                    statements.append({**fact, "document": doc_iri.value, "number": doc.number,
                                       "jurisdiction": jurisdiction.id, "date": dated})
        government = agencies.known(jurisdiction.government)
        map_leaders(out, iris, jurisdiction.agencies, doc, doc_iri, government, notices)
        if jurisdiction.gazetteer:
            map_place_mentions(out, iris, doc, doc_iri)
            mentions += map_programme_mentions(out, iris, doc, doc_iri, jurisdiction.id, dated)
        map_citations(out, iris, issue, doc, doc_iri)
        calls += map_calls(out, iris, doc, doc_iri, jurisdiction.id, dated)
        documents.append(title_fact(doc, doc_iri, jurisdiction.id, dated))
    _note_types(out.quads, calls + mentions, documents)
    return Mapped(out.quads, notices, calls, documents, mentions, statements)


def _note_types(quads: list[Quad], facts: list[dict], documents: list[dict]) -> None:
    """The classes of the nodes an answer or a programme reference links (the call or mention's
    span, its place, the call, the document): the shared graph of answers is validated with them,
    away from the shards."""
    keys = ("call", "span", "context")
    wanted = {fact[key] for fact in facts for key in keys if key in fact}
    wanted |= {fact["document"] for fact in documents}
    types: dict[str, list[str]] = {}
    rdf_type = RDF.type.value
    for quad in quads:
        if quad.predicate.value == rdf_type and quad.subject.value in wanted:
            types.setdefault(quad.subject.value, []).append(quad.object.value)
    for fact in facts:
        fact["types"] = {fact[key]: sorted(types.get(fact[key], [])) for key in keys if key in fact}
    for fact in documents:
        fact["types"] = {fact["document"]: sorted(types.get(fact["document"], []))}


def jurisdictions_of(issues: Iterable[Issue]) -> set[str]:
    return {jurisdiction_of(doc, issue).id for issue in issues for doc in issue.documents}


def map_reference(iris: Minter | None = None, jurisdictions: Iterable[str] = ("cq",)) -> list[Quad]:
    """The reference tables as their own named graph, shared by every issue: the agencies of the
    governments whose documents are built, and the gazetteer and programmes."""
    iris = iris or Minter()
    out = Emitter("", iris.iri("source/mappings"))
    out.use_graph(iris.graph("reference"))
    wanted = [j for j in reference.jurisdictions() if j.id in set(jurisdictions)]
    for jurisdiction in wanted:
        map_jurisdiction_agencies(out, iris, jurisdiction)
    if any(j.gazetteer for j in wanted):
        map_region_table(out, iris)
        map_programme_table(out, iris)
    return out.quads
