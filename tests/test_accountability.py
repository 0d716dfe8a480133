"""Who answers for a unit: supervision (分管/主管) through org:subOrganizationOf, nearest first."""

from pyoxigraph import RdfFormat, Store

from conftest import read_expected
from gongbao import query as queries

GRAPH = """
@prefix gb: <https://w3id.org/gongbao/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix eli: <http://data.europa.eu/eli/ontology#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix ex: <urn:ex:> .

ex:doc eli:id_local "渝府办发〔2023〕99号" ; gb:page 1 .
ex:task gb:document ex:doc ; gb:path "1" ;
    gb:assignment ex:a1 , ex:a2 , ex:a3 .
ex:a1 gb:role "lead" ; gb:printedName "市甲局" ; gb:agency ex:parent ;
    prov:wasDerivedFrom [ oa:hasSelector [ oa:start 1 ] ] .
ex:a2 gb:role "responsible" ; gb:printedName "市乙局" ; gb:agency ex:managed ;
    prov:wasDerivedFrom [ oa:hasSelector [ oa:start 2 ] ] .
ex:a3 gb:role "responsible" ; gb:printedName "市丙局" ; gb:agency ex:named ;
    prov:wasDerivedFrom [ oa:hasSelector [ oa:start 3 ] ] .
ex:parent skos:prefLabel "市甲局"@zh .
ex:managed skos:prefLabel "市乙局"@zh ; org:subOrganizationOf ex:parent .
ex:named skos:prefLabel "市丙局"@zh ; org:subOrganizationOf ex:parent .
ex:post1 gb:postTitle "副市长"@zh ; org:heldBy [ foaf:name "张三"@zh ] ; gb:supervises ex:parent .
ex:post2 gb:postTitle "副市长"@zh ; org:heldBy [ foaf:name "李四"@zh ] ; gb:supervises ex:named .
"""


def _store():
    store = Store()
    store.load(GRAPH.encode("utf-8"), format=RdfFormat.TURTLE)
    return store


def test_supervision_follows_the_parent_unless_the_body_is_named():
    _, rows = queries.rows(_store(), queries.load_query("cq05"))
    got = sorted((r["agency"], r["official"], r["via"]) for r in rows)
    assert got == [("市丙局", "李四", "市丙局"),  # named on its own: its own leader only
                   ("市乙局", "张三", "市甲局"),  # not named: its parent's leader
                   ("市甲局", "张三", "市甲局")]


def test_a_body_under_a_supervised_parent_is_not_unsupervised():
    _, rows = queries.rows(_store(), queries.load_query("cq10"))
    assert rows == []


def test_cq14_for_another_agency(store):
    query = queries.bind_parameters(queries.load_query("cq14"), {"agency": "市发展改革委"})
    _, rows = queries.rows(store, query)
    expected = [(r["number"], r["path"], r["role"]) for r in read_expected("cq03") if r["agency"] == "市发展改革委"]
    assert [(r["number"], r["path"], r["role"]) for r in rows] == expected
    assert {r["agency"] for r in rows} == {"市发展改革委"}
    assert len(rows) == 17
