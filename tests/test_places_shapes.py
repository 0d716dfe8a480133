"""shapes/places.shapes.ttl: a small valid graph conforms; each broken one is caught by its shape."""

import pytest
import rdflib

from gongbao import paths
from gongbao.validate import load_shapes, validate_graph

PREFIXES = """
@prefix gb: <https://w3id.org/gongbao/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix eli: <http://data.europa.eu/eli/ontology#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix ex: <urn:ex:> .
"""

VALID = """
ex:scheme a skos:ConceptScheme .
ex:cq a gb:Region ; skos:prefLabel "重庆市"@zh ; skos:inScheme ex:scheme ; gb:regionKind "municipality" .
ex:wanzhou a gb:Region ; skos:prefLabel "万州区"@zh ; skos:inScheme ex:scheme ; gb:regionKind "district" ;
    skos:notation "500101"^^gb:GBT2260Code ; skos:broader ex:cq .
ex:programme a gb:Programme ; skos:prefLabel "双倍增"@zh ; gb:programmeKind "action" .
ex:doc a gb:PolicyDocument ; eli:is_part_of ex:issue .
ex:item a gb:Item .
ex:place a gb:PlaceMention ; gb:denotes ex:wanzhou ; gb:foundIn ex:item ; gb:inDocument ex:doc ;
    gb:printedName "万州" ; prov:wasDerivedFrom ex:place-span .
ex:place-span a oa:SpecificResource ; oa:hasSelector [ oa:exact "万\\n\\n州" ; oa:start 0 ; oa:end 4 ] .
ex:said a gb:ProgrammeMention ; gb:denotes ex:programme ; gb:foundIn ex:item ; gb:inDocument ex:doc ;
    gb:printedName "双倍增" ; prov:wasDerivedFrom ex:said-span .
ex:said-span a oa:SpecificResource ; oa:hasSelector [ oa:exact "双倍增" ; oa:start 5 ; oa:end 8 ] .
ex:work a gb:CitedWork ; dcterms:title "成渝地区双城经济圈建设规划纲要"@zh .
ex:cites a gb:DocumentLink ; gb:linkFrom ex:doc ; gb:linkTo ex:work ; gb:linkKind "refers_to" ;
    gb:basis "cites" ; gb:confidence 1.0 ; prov:wasDerivedFrom ex:cites-span .
ex:cites-span a oa:SpecificResource ; oa:hasSelector [ oa:exact "《纲要》" ; oa:start 9 ; oa:end 13 ] .
ex:doc eli:cites ex:work .
ex:applies a gb:DocumentLink ; gb:linkFrom ex:doc ; gb:linkTo ex:item ; gb:linkKind "implements" ;
    gb:basis "subject kind issuer date" ; gb:confidence 0.9 ; prov:wasDerivedFrom ex:cites-span .
ex:doc eli:applies ex:item .
"""


EX = rdflib.Namespace("urn:ex:")
GB = rdflib.Namespace("https://w3id.org/gongbao/ontology#")
ELI = rdflib.Namespace("http://data.europa.eu/eli/ontology#")
DCTERMS = rdflib.Namespace("http://purl.org/dc/terms/")
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")


def _results(extra: str = "", remove: tuple = ()):
    data = rdflib.Graph().parse(data=PREFIXES + VALID, format="turtle")
    for subject, predicate in remove:
        data.remove((subject, predicate, None))
    data.parse(data=PREFIXES + extra, format="turtle")
    ontology = rdflib.Graph().parse(paths.ONTOLOGY / "gongbao.ttl", format="turtle")
    return validate_graph(data, shapes=load_shapes(paths.SHAPES / "places.shapes.ttl"), ontology=ontology)


def test_a_valid_graph_conforms():
    report = _results()
    assert report.violations == [], report.text()


BROKEN = {
    "code of five digits": ("gbs:RegionShape", 'ex:cq skos:notation "50000"^^gb:GBT2260Code .', ()),
    "code as a plain string": ("gbs:RegionShape", 'ex:cq skos:notation "500000" .', ()),
    "two canonical names": ("gbs:RegionShape", 'ex:wanzhou skos:prefLabel "万州"@zh .', ()),
    "broader is no region": ("gbs:RegionShape", "ex:wanzhou skos:broader ex:programme .", ()),
    "unknown programme kind": ("gbs:ProgrammeShape", 'ex:programme gb:programmeKind "campaign" .', ()),
    "mention without a span": ("gbs:MentionShape", "", ((EX.place, PROV.wasDerivedFrom),)),
    "printed name not the quote": ("qc:mention-quote-violation", 'ex:said gb:printedName "倍增" .',
                                   ((EX.said, GB.printedName),)),
    "mention in no document": ("gbs:MentionShape", "", ((EX.said, GB.inDocument),)),
    "place mention names a programme": ("gbs:PlaceMentionShape", "ex:place gb:denotes ex:programme .", ()),
    "programme mention names a region": ("gbs:ProgrammeMentionShape", "ex:said gb:denotes ex:cq .", ()),
    "unknown link kind": ("gbs:DocumentLinkShape", 'ex:cites gb:linkKind "mentions" .', ()),
    "link kind without its ELI link": ("qc:link-without-eli-violation", "", ((EX.doc, ELI.applies),)),
    "link to a region": ("gbs:DocumentLinkShape", "ex:cites gb:linkTo ex:cq .", ()),
    "cited work without a title": ("gbs:CitedWorkShape", "", ((EX.work, DCTERMS.title),)),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_graph_is_caught_by_its_shape(case):
    shape, extra, remove = BROKEN[case]
    report = _results(extra, remove)
    assert shape in {r.shape for r in report.violations}, report.text()
