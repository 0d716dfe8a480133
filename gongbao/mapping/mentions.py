"""Found names → mention nodes: each with its span, what it names, and where it stands."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from pyoxigraph import NamedNode

from ..mentions import Found, TextRegion
from ..records import Document
from .emit import Emitter, text
from .iris import Minter
from .vocab import GB


@dataclass
class MentionWriter:
    """Writes the mentions of one kind (places, programmes) found in one document."""

    out: Emitter
    cls: NamedNode  # gb:PlaceMention, gb:ProgrammeMention
    slug: str  # the IRI segment: …/1/place/2
    shortcut: NamedNode  # context → entity: gb:mentionsPlace, gb:mentionsProgramme
    entity: Callable[[str], NamedNode]
    doc_iri: NamedNode
    counts: dict[str, int] = field(default_factory=dict)

    def write(self, found: Found, context: NamedNode) -> NamedNode:
        number = self.counts.get(context.value, 0) + 1
        self.counts[context.value] = number
        node = NamedNode(f"{context.value}/{self.slug}/{number}")
        target = self.entity(found.entity)
        self.out.types(node, self.cls)
        self.out.add(node, GB.denotes, target)
        self.out.add(node, GB.foundIn, context)
        self.out.add(node, GB.inDocument, self.doc_iri)
        self.out.add(node, GB.printedName, text(found.printed))
        self.out.span(node, found.span)
        self.out.add(context, self.shortcut, target)
        return node


def context_iri(iris: Minter, doc: Document, doc_iri: NamedNode, region: TextRegion) -> NamedNode:
    if region.context == "node":
        return iris.node(doc, region.node)
    if region.context == "plan":
        return iris.outline_root(doc)
    return doc_iri
