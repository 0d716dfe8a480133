"""Which government a document belongs to, and so which reference tables apply to it.

Chongqing's agencies resolve the units of Chongqing's documents, the State Council's those of
the State Council's (mappings/jurisdictions.csv). A unit that the jurisdiction's table does not
know is minted as an agency of that jurisdiction from its printed name, one node per printed
name, and reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pyoxigraph import NamedNode

from .. import reference
from ..records import Document, Issue, Notice, Span
from ..reference import Jurisdiction
from .emit import Emitter, text
from .iris import Minter
from .slugs import pinyin_slug
from .vocab import GB, ORG, RDFS, SKOS


def jurisdiction_of(doc: Document, issue: Issue) -> Jurisdiction:
    """By the document's series (国发), else by its issuer (国务院办公厅 is the State Council's),
    else by the gazette's government; a government no table names is a jurisdiction of its own."""
    known = reference.jurisdictions()
    for jurisdiction in known:
        if doc.series in jurisdiction.series:
            return jurisdiction
    for jurisdiction in known:
        if doc.issuer and doc.issuer.startswith(jurisdiction.government):
            return jurisdiction
    government = next((row["government"] for row in reference.gazettes() if row["name"] == issue.gazette), None)
    for jurisdiction in known:
        if government == jurisdiction.government:
            return jurisdiction
    name = doc.issuer or doc.series
    return Jurisdiction(pinyin_slug(name), name, "", name, (doc.series,), None, False)


@dataclass
class Agencies:
    """Resolves printed unit names for one document: its jurisdiction's table, else a minted node."""

    out: Emitter
    iris: Minter
    jurisdiction: Jurisdiction
    notices: list[Notice] = field(default_factory=list)

    def resolve(self, printed: str, where: str, span: Span | None) -> NamedNode:
        agency = self.jurisdiction.agencies.resolve(printed)
        if agency is not None:
            return self.iris.agency(agency.id)
        return self.mint(printed, where, span)

    def known(self, printed: str) -> NamedNode | None:
        agency = self.jurisdiction.agencies.resolve(printed) if printed else None
        return self.iris.agency(agency.id) if agency else None

    def mint(self, printed: str, where: str, span: Span | None) -> NamedNode:
        name = reference.normalise_name(printed)
        # The id has the form of the tables' ids (cq-sti, cn-mee): the jurisdiction, then the name,
        # with tones, so that homophones (市教委, 市交委) stay two agencies.
        agency_id = f"{self.jurisdiction.id}-{pinyin_slug(name, tones=True)}"
        node = self.iris.agency(agency_id)
        # Minted once per name and jurisdiction, in a shared graph, whatever document names it.
        with self.out.in_graph(self.iris.graph("agencies", self.jurisdiction.id)):
            self.out.types(node, GB.Agency)
            self.out.add(node, SKOS.prefLabel, text(name, "zh"))
            self.out.add(node, RDFS.label, text(name, "zh"))
            self.out.add(node, ORG.identifier, text(agency_id))
            self.out.add(node, GB.agencyKind, text("unlisted"))
            self.out.add(node, GB.jurisdiction, text(self.jurisdiction.id))
        self.notices.append(Notice(0, f"{where}: unit {printed!r} is in no table of {self.jurisdiction.name} "
                                   f"({self.jurisdiction.id}); minted as {node.value}", span))
        return node


def map_jurisdiction_agencies(out: Emitter, iris: Minter, jurisdiction: Jurisdiction) -> None:
    """A jurisdiction's agencies table, written only when a document of that government is built."""
    for agency in jurisdiction.agencies.agencies:
        node = iris.agency(agency.id)
        out.types(node, GB.Agency)
        out.add(node, ORG.identifier, text(agency.id))
        out.add(node, SKOS.prefLabel, text(agency.name, "zh"))
        out.add(node, RDFS.label, text(agency.name, "zh"))
        for alias in agency.aliases:
            out.add(node, SKOS.altLabel, text(alias, "zh"))
        if agency.name_en:
            out.add(node, RDFS.label, text(agency.name_en, "en"))
        if agency.kind:
            out.add(node, GB.agencyKind, text(agency.kind))
        out.add(node, GB.jurisdiction, text(jurisdiction.id))
        if agency.parent:
            out.add(node, ORG.subOrganizationOf, iris.agency(agency.parent))
