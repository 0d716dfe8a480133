"""Regions: the gazetteer as SKOS concepts, and the places that running text speaks of."""

from __future__ import annotations

from functools import lru_cache

from pyoxigraph import Literal, NamedNode

from .. import reference
from ..mentions import NameIndex, read_span, text_regions
from ..records import Document, Span
from .emit import Emitter, text
from .iris import Minter
from .mentions import MentionWriter, context_iri
from .vocab import GB, RDFS, SKOS


def map_region_table(out: Emitter, iris: Minter) -> None:
    scheme = iris.iri("scheme/regions")
    out.types(scheme, SKOS.ConceptScheme)
    out.add(scheme, RDFS.label, text("地区", "zh"))
    out.add(scheme, RDFS.label, text("Regions", "en"))
    for region in reference.regions():
        node = iris.region(region.id)
        # typed skos:Concept as well: the store does no reasoning, and SKOS tools look for it
        out.types(node, GB.Region, SKOS.Concept)
        out.add(node, SKOS.inScheme, scheme)
        out.add(node, SKOS.prefLabel, text(region.name, "zh"))
        out.add(node, RDFS.label, text(region.name, "zh"))
        if region.name_en:
            out.add(node, RDFS.label, text(region.name_en, "en"))
        for alias in region.aliases:
            out.add(node, SKOS.altLabel, text(alias, "zh"))
        out.add(node, GB.regionKind, text(region.kind))
        if region.code:
            out.add(node, SKOS.notation, Literal(region.code, datatype=GB.GBT2260Code))
        if region.broader:
            out.add(node, SKOS.broader, iris.region(region.broader))
        if region.administered_by:
            out.add(node, GB.administeredBy, iris.agency(region.administered_by))


@lru_cache(maxsize=None)
def place_index() -> NameIndex:
    """Names of the places worth finding in text. The country and the municipality are left
    out (mappings/region-kinds.csv): in a Chongqing gazette 重庆 mostly opens a proper name
    (重庆大学, 重庆英才计划) and every text concerns the city anyway."""
    kinds = reference.region_kinds()
    names = [(name, region.id) for region in reference.regions()
             if kinds.get(region.kind) is None or kinds[region.kind].linked
             for name in (region.name, *region.aliases)]
    return NameIndex(names, reference.mention_exclusions())


def place_writer(out: Emitter, iris: Minter, doc_iri: NamedNode) -> MentionWriter:
    return MentionWriter(out, GB.PlaceMention, "place", GB.mentionsPlace, iris.region, doc_iri)


def map_place_mentions(out: Emitter, iris: Minter, doc: Document, doc_iri: NamedNode) -> None:
    writer = place_writer(out, iris, doc_iri)
    for region in text_regions(doc):
        context = context_iri(iris, doc, doc_iri, region)
        for found in place_index().find(read_span(out.source_text, region.span, region.masks)):
            writer.write(found, context)


def link_places(writer: MentionWriter, span: Span, context: NamedNode) -> None:
    """Places named inside one span (a leader's area of work)."""
    for found in place_index().find(read_span(writer.out.source_text, span)):
        writer.write(found, context)
