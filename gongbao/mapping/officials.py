"""Leaders of a division-of-work notice → persons holding posts, and their duties."""

from __future__ import annotations

from pyoxigraph import NamedNode

from ..records import Document, Notice
from ..reference import AgencyTable
from .emit import Emitter, integer, text
from .iris import Minter
from .places import link_places, place_writer
from .vocab import FOAF, GB, ORG, RDFS, SKOS

_RELATION_LINK = {
    "responsible_for": GB.responsibleFor,
    "assists": GB.assists,
    "specifically_responsible_for": GB.specificallyResponsibleFor,
    "supervises": GB.supervises,
    "liaises": GB.liaisesWith,
}


def map_leaders(out: Emitter, iris: Minter, table: AgencyTable, doc: Document, doc_iri: NamedNode,
                government: NamedNode | None, notices: list[Notice]) -> None:
    places = place_writer(out, iris, doc_iri)
    for leader in doc.leaders:
        person = iris.person(leader.name)
        post = NamedNode(f"{doc_iri.value}/post/{leader.ordinal}")
        # A person is one node whatever notice names them: described once, in a shared graph.
        with out.in_graph(iris.graph("people")):
            out.types(person, GB.Official)
            out.add(person, FOAF.name, text(leader.name, "zh"))
            out.add(person, RDFS.label, text(leader.name, "zh"))
        out.add(person, ORG.holds, post)
        out.types(post, GB.Post)
        out.add(post, GB.postTitle, text(leader.post, "zh"))
        out.add(post, RDFS.label, text(f"{leader.post}{leader.name}", "zh"))
        out.add(post, ORG.heldBy, person)
        out.add(post, ORG.postIn, government)
        out.add(post, GB.definedIn, doc_iri)
        out.add(post, GB.ordinal, integer(leader.ordinal))
        out.span(post, leader.span)
        count = 0
        for duty in leader.duties:
            for name, span in duty.objects:
                count += 1
                node = NamedNode(f"{post.value}/duty/{count}")
                out.types(node, GB.Duty)
                out.add(post, GB.duty, node)
                out.add(node, GB.relation, text(duty.relation))
                out.add(node, GB.verb, text(duty.verb, "zh"))
                out.add(node, GB.printedName, text(name))
                out.span(node, span)
                target = _duty_object(out, iris, table, duty.object_kind, name)
                if duty.object_kind == "area":
                    # an area of work may be a place: 负责…西部科学城重庆高新区工作
                    link_places(places, span, node)
                if target is None:
                    notices.append(Notice(0, f"{doc.number} {leader.post}{leader.name}: {duty.verb} "
                                          f"{name!r} is not in mappings/agencies.csv", span))
                    continue
                out.add(node, GB.object, target)
                out.add(post, _RELATION_LINK[duty.relation], target)


def _duty_object(out: Emitter, iris: Minter, table: AgencyTable, kind: str, name: str):
    if kind == "agency":
        agency = table.resolve(name)
        return iris.agency(agency.id) if agency else None
    area = iris.area(name)
    with out.in_graph(iris.graph("areas-of-work")):
        out.types(area, GB.AreaOfWork)
        out.add(area, SKOS.prefLabel, text(name, "zh"))
        out.add(area, RDFS.label, text(name, "zh"))
        out.add(area, SKOS.inScheme, iris.iri("scheme/areas-of-work"))
    return area
