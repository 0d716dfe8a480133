"""The VoID description of the dataset (https://www.w3.org/TR/void/): its size, classes,
vocabularies, the SPARQL endpoint and the dump, for tools that discover datasets."""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode, Triple

from ..mapping.vocab import DCTERMS, PREFIXES, RDF, XSD

VOID = "http://rdfs.org/ns/void#"
_CLASSES = """SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class ORDER BY ?class"""
_COUNTS = """SELECT (COUNT(*) AS ?triples) (COUNT(DISTINCT ?s) AS ?subjects) WHERE { ?s ?p ?o }"""


def void_triples(gen, root: str, base: str) -> list[Triple]:
    def v(name):
        return NamedNode(VOID + name)

    def integer(n):
        return Literal(str(n), datatype=XSD.integer)

    dataset = NamedNode(root + "/.well-known/void#gongbao")
    counts = next(iter(gen.store.query(_COUNTS, use_default_graph_as_union=True)))
    triples = [
        Triple(dataset, RDF.type, v("Dataset")),
        Triple(dataset, DCTERMS.title, Literal("gongbao: Chinese government gazettes as a knowledge graph", language="en")),
        Triple(dataset, DCTERMS.title, Literal("公报知识图谱", language="zh")),
        Triple(dataset, v("sparqlEndpoint"), NamedNode(root + "/query")),
        Triple(dataset, v("dataDump"), NamedNode(root + "/dump/gongbao.nq")),
        Triple(dataset, v("uriSpace"), Literal(base)),
        Triple(dataset, v("rootResource"), NamedNode(root + "/")),
        Triple(dataset, v("triples"), integer(counts["triples"].value)),
        Triple(dataset, v("distinctSubjects"), integer(counts["subjects"].value)),
        Triple(dataset, v("feature"), NamedNode("http://www.w3.org/ns/formats/Turtle")),
        Triple(dataset, v("feature"), NamedNode("http://www.w3.org/ns/formats/JSON-LD")),
        Triple(dataset, v("feature"), NamedNode("http://www.w3.org/ns/formats/N-Triples")),
        Triple(dataset, v("feature"), NamedNode("http://www.w3.org/ns/formats/RDF_XML")),
        Triple(dataset, v("feature"), NamedNode("http://www.w3.org/ns/formats/N-Quads")),
    ]
    triples += [Triple(dataset, v("vocabulary"), NamedNode(ns)) for ns in sorted(PREFIXES.values())]
    classes = 0
    for i, row in enumerate(gen.store.query(_CLASSES, use_default_graph_as_union=True)):
        partition = NamedNode(f"{dataset.value}-class-{i}")
        triples += [Triple(dataset, v("classPartition"), partition),
                    Triple(partition, v("class"), row["class"]),
                    Triple(partition, v("entities"), integer(row["n"].value))]
        classes += 1
    triples.append(Triple(dataset, v("classes"), integer(classes)))
    return triples
