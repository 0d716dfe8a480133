"""Who answers for a unit: supervision (分管/主管) through org:subOrganizationOf, nearest first,
by the leaders of the division of work in force for the task: the latest notice dated on or before it."""

from pyoxigraph import RdfFormat, Store

from conftest import read_expected
from gongbao import query as queries

PREFIXES = """
@prefix gb: <https://w3id.org/gongbao/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix eli: <http://data.europa.eu/eli/ontology#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <urn:ex:> .
"""

# Three agencies: 市乙局 and 市丙局 sit under 市甲局.
AGENCIES = """
ex:parent a gb:Agency ; skos:prefLabel "市甲局"@zh .
ex:managed a gb:Agency ; skos:prefLabel "市乙局"@zh ; org:subOrganizationOf ex:parent .
ex:named a gb:Agency ; skos:prefLabel "市丙局"@zh ; org:subOrganizationOf ex:parent .
"""


def task(name: str, issue: str, published: str | None, signed: str = "2023-01-01") -> str:
    """A document of the issue with one task that gives work to the three agencies."""
    date = f'ex:{issue} eli:date_publication "{published}"^^xsd:date .' if published else ""
    return f"""
{date}
ex:{name} eli:id_local "{name}" ; gb:page 1 ; eli:is_part_of ex:{issue} ; eli:date_document "{signed}"^^xsd:date .
ex:{name}-task gb:document ex:{name} ; gb:path "1" ;
    gb:assignment ex:{name}-a1 , ex:{name}-a2 , ex:{name}-a3 .
ex:{name}-a1 gb:role "lead" ; gb:printedName "市甲局" ; gb:agency ex:parent ;
    prov:wasDerivedFrom [ oa:hasSelector [ oa:start 1 ] ] .
ex:{name}-a2 gb:role "responsible" ; gb:printedName "市乙局" ; gb:agency ex:managed ;
    prov:wasDerivedFrom [ oa:hasSelector [ oa:start 2 ] ] .
ex:{name}-a3 gb:role "responsible" ; gb:printedName "市丙局" ; gb:agency ex:named ;
    prov:wasDerivedFrom [ oa:hasSelector [ oa:start 3 ] ] .
"""


def division(name: str, issue: str, signed: str, *posts: tuple[str, str]) -> str:
    """A division-of-work notice of the issue: (leader, agency supervised) for each post."""
    text = f'ex:{name} eli:is_part_of ex:{issue} ; eli:date_document "{signed}"^^xsd:date .\n'
    for i, (leader, agency) in enumerate(posts):
        text += (f'ex:{name}-post{i} gb:definedIn ex:{name} ; gb:postTitle "副市长"@zh ; '
                 f'org:heldBy [ foaf:name "{leader}"@zh ] ; gb:supervises ex:{agency} .\n')
    return text


# One issue: its notice gives 市甲局 to 张三 and names 市丙局 separately for 李四.
GRAPH = PREFIXES + AGENCIES + task("doc", "issue", "2023-03-31") + division(
    "division", "issue", "2023-03-30", ("张三", "parent"), ("李四", "named"))


def _store(graph: str = GRAPH) -> Store:
    store = Store()
    store.load(graph.encode("utf-8"), format=RdfFormat.TURTLE)
    return store


def _cq05(store: Store) -> list[tuple]:
    _, rows = queries.rows(store, queries.load_query("cq05"))
    return sorted((r["number"], r["agency"], r["official"] or "", r["via"] or "") for r in rows)


def test_supervision_follows_the_parent_unless_the_body_is_named():
    _, rows = queries.rows(_store(), queries.load_query("cq05"))
    got = sorted((r["agency"], r["official"], r["via"]) for r in rows)
    assert got == [("市丙局", "李四", "市丙局"),  # named on its own: its own leader only
                   ("市乙局", "张三", "市甲局"),  # not named: its parent's leader
                   ("市甲局", "张三", "市甲局")]


def test_a_body_under_a_supervised_parent_is_not_unsupervised():
    _, rows = queries.rows(_store(), queries.load_query("cq10"))
    assert rows == []


# Four issues. January's notice: 张三 市甲局, 李四 市丙局. February's issue has none. March's
# notice: 王五 市甲局 (市丙局 not named). A December task comes before any notice.
ISSUES = PREFIXES + AGENCIES + "".join([
    task("dec", "i12", "2022-12-15"),
    task("jan", "i01", "2023-01-10", signed="2023-01-02"),
    division("jan-division", "i01", "2023-01-05", ("张三", "parent"), ("李四", "named")),
    task("feb", "i02", "2023-02-10"),
    task("mar", "i03", "2023-03-10"),
    division("mar-division", "i03", "2023-03-01", ("王五", "parent")),
])


def test_a_task_answers_to_the_latest_division_of_work_on_or_before_its_issue():
    assert _cq05(_store(ISSUES)) == [
        ("dec", "市丙局", "", ""), ("dec", "市乙局", "", ""), ("dec", "市甲局", "", ""),  # no notice yet
        # February has no notice of its own: January's is still in force
        ("feb", "市丙局", "李四", "市丙局"), ("feb", "市乙局", "张三", "市甲局"), ("feb", "市甲局", "张三", "市甲局"),
        # the notice of its own issue, though signed after the task's document: the issue's date counts
        ("jan", "市丙局", "李四", "市丙局"), ("jan", "市乙局", "张三", "市甲局"), ("jan", "市甲局", "张三", "市甲局"),
        # March's notice names 市丙局 for no one: it answers to its parent's leader again
        ("mar", "市丙局", "王五", "市甲局"), ("mar", "市乙局", "王五", "市甲局"), ("mar", "市甲局", "王五", "市甲局")]


def test_unsupervised_units_are_judged_by_the_division_of_work_in_force():
    graph = ISSUES + division("apr-division", "i04", "2023-04-01", ("赵六", "named")) + \
        'ex:i04 eli:date_publication "2023-04-10"^^xsd:date .' + task("apr", "i04", "2023-04-10")
    _, rows = queries.rows(_store(graph), queries.load_query("cq10"))
    assert [(r["agency"], r["number"]) for r in rows] == [
        ("市丙局", "dec"), ("市乙局", "apr"), ("市乙局", "dec"), ("市甲局", "apr"), ("市甲局", "dec")]


def test_of_two_notices_of_one_issue_the_later_signed_is_in_force():
    graph = ISSUES + division("mar-correction", "i03", "2023-03-05", ("赵六", "parent"))
    assert {(n, o) for n, _, o, _ in _cq05(_store(graph)) if n == "mar"} == {("mar", "赵六")}


def test_without_a_date_of_publication_documents_are_dated_by_their_signing():
    graph = PREFIXES + AGENCIES + "".join([
        division("old", "i1", "2023-01-05", ("张三", "parent")),
        task("before", "i2", None, signed="2023-02-01"),
        division("new", "i2", "2023-02-10", ("王五", "parent")),
        task("after", "i2", None, signed="2023-02-20"),
    ])
    assert {(n, o) for n, _, o, _ in _cq05(_store(graph))} == {("before", "张三"), ("after", "王五")}


def test_cq14_for_another_agency(store):
    query = queries.bind_parameters(queries.load_query("cq14"), {"agency": "市发展改革委"})
    _, rows = queries.rows(store, query)
    expected = [(r["number"], r["path"], r["role"]) for r in read_expected("cq03") if r["agency"] == "市发展改革委"]
    assert [(r["number"], r["path"], r["role"]) for r in rows] == expected
    assert {r["agency"] for r in rows} == {"市发展改革委"}
    assert len(rows) == 17
