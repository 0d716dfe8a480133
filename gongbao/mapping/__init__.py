"""Records → RDF quads: one named graph per document, one for the issue, one for reference data.

The mapping is deterministic: the same records always yield the same quads.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pyoxigraph import Quad

from .. import reference
from ..records import Issue, Notice
from .agencies import map_agency_table, map_unit_lists
from .documents import map_document, map_issue_record
from .emit import Emitter
from .iris import Minter
from .links import map_citations, map_programme_plans
from .officials import map_leaders
from .places import map_place_mentions, map_region_table
from .programmes import ProgrammeLinks, map_programme_mentions, map_programme_table
from .targets import map_targets

__all__ = ["Mapped", "map_issue", "map_reference", "Minter"]


@dataclass
class Mapped:
    quads: list[Quad]
    notices: list[Notice] = field(default_factory=list)


def map_issue(issue: Issue, source_text: str, iris: Minter | None = None) -> Mapped:
    iris = iris or Minter()
    table = reference.agencies()
    out = Emitter(source_text, iris.source(issue))
    notices: list[Notice] = []

    out.use_graph(iris.issue_graph(issue))
    issue_iri = map_issue_record(out, iris, issue)
    government = _government(iris, table, issue)
    programme_links = ProgrammeLinks({}, [])
    for doc in issue.documents:
        out.use_graph(iris.document_graph(doc))
        issuer = table.resolve(doc.issuer)
        if issuer is None:
            notices.append(Notice(0, f"{doc.number}: issuer {doc.issuer!r} is not in mappings/agencies.csv",
                                  doc.issuer_span))
        doc_iri = map_document(out, iris, issue_iri, doc, iris.agency(issuer.id) if issuer else None)
        for record in doc.nodes():
            if record.unit_lists:
                map_unit_lists(out, iris, table, doc, record, iris.node(doc, record), notices)
            if record.targets:
                map_targets(out, iris, record, iris.node(doc, record), doc_iri)
        map_leaders(out, iris, table, doc, doc_iri, government, notices)
        map_place_mentions(out, iris, doc, doc_iri)
        map_programme_mentions(out, iris, doc, doc_iri, programme_links)
        map_citations(out, iris, issue, doc, doc_iri)
    out.use_graph(iris.issue_graph(issue))
    map_programme_plans(out, iris, programme_links)
    return Mapped(out.quads, notices)


def map_reference(iris: Minter | None = None) -> list[Quad]:
    """The reference tables as their own named graph, shared by every issue."""
    iris = iris or Minter()
    out = Emitter("", iris.iri("source/mappings"))
    out.use_graph(iris.graph("reference"))
    map_agency_table(out, iris, reference.agencies())
    map_region_table(out, iris)
    map_programme_table(out, iris)
    return out.quads


def _government(iris: Minter, table, issue: Issue):
    """The government whose leaders a division-of-work notice names: the gazette's government."""
    for row in reference.gazettes():
        if row["name"] == issue.gazette:
            agency = table.resolve(row["government"])
            return iris.agency(agency.id) if agency else None
    return None
