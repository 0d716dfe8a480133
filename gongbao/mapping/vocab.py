"""Namespaces and the terms the mapping writes, as pyoxigraph nodes."""

from __future__ import annotations

from pyoxigraph import NamedNode


class Namespace:
    def __init__(self, base: str):
        self.base = base

    def __getattr__(self, name: str) -> NamedNode:
        if name.startswith("__"):
            raise AttributeError(name)
        return NamedNode(self.base + name)

    def __getitem__(self, name: str) -> NamedNode:
        return NamedNode(self.base + name)


GB = Namespace("https://w3id.org/gongbao/ontology#")
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
OWL = Namespace("http://www.w3.org/2002/07/owl#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
PROV = Namespace("http://www.w3.org/ns/prov#")
OA = Namespace("http://www.w3.org/ns/oa#")

PREFIXES = {
    "gb": GB.base, "rdf": RDF.base, "rdfs": RDFS.base, "xsd": XSD.base, "owl": OWL.base,
    "skos": SKOS.base, "dcterms": DCTERMS.base, "eli": ELI.base, "org": ORG.base,
    "foaf": FOAF.base, "prov": PROV.base, "oa": OA.base,
}
