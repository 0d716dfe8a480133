"""The site as clients see it, in process: every IRI kind in every format, the VoID description,
the pages' facts against the source text, search, and the limits in front of the endpoint."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from html.parser import HTMLParser

import pytest
from pyoxigraph import NamedNode, RdfFormat, Triple, parse
from starlette.testclient import TestClient

from gongbao.site.app import make_app
from gongbao.site.endpoint import Limits

BASE = "https://w3id.org/gongbao/id/"
# One IRI of each kind the graph mints (mapping/iris.py), and the class it has.
IRI_KINDS = {
    "doc/yufubanfa/2023/26": "PolicyDocument",
    "doc/yufubanfa/2023/26/plan": "Plan",
    "doc/yufubanfa/2023/26/plan/p2": "Part",
    "doc/yufubanfa/2023/26/plan/p2/g1": "Group",
    "doc/yufubanfa/2023/26/plan/p2/g1/i1": "Task",
    "doc/yufubanfa/2023/26/plan/p2/g1/i1/unit/lead/1": "UnitAssignment",
    "doc/yufubanfa/2023/24/plan/p2/target/1": "Target",
    "doc/yufubanfa/2023/27/post/8": "Post",
    "doc/yufubanfa/2023/27/post/8/duty/6": "Duty",
    "doc/yufubanfa/2023/26/programme/1": "ProgrammeMention",
    "doc/yufubanfa/2023/26/plan/p2/g3/i11/place/1": "PlaceMention",
    "issue/cq-gazette/2023/6": "GazetteIssue",
    "gazette/cq-gazette": "Gazette",
    "source/cq-gazette-2023-06.txt": "SourceText",
    "agency/cq-sti": "Agency",
    "person/%E5%BC%A0%E5%AE%89%E7%96%86": "Official",
    "area/%E7%A7%91%E6%8A%80": "AreaOfWork",
    "region/liangjiang-new-area": "Region",
    "programme/double-doubling": "Programme",
}
FORMATS = {  # suffix: (media type, how to read it back)
    "ttl": ("text/turtle", RdfFormat.TURTLE),
    "jsonld": ("application/ld+json", RdfFormat.JSON_LD),
    "nt": ("application/n-triples", RdfFormat.N_TRIPLES),
    "rdf": ("application/rdf+xml", RdfFormat.RDF_XML),
}


@pytest.fixture(scope="module")
def client(built):
    with TestClient(make_app(built[0], BASE)) as client:
        yield client


def triples_of(body: bytes, fmt: RdfFormat) -> set[Triple]:
    return {Triple(q.subject, q.predicate, q.object) for q in parse(body, format=fmt)}


def subject_triples(store, iri: str) -> set[Triple]:
    return {Triple(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(NamedNode(iri), None, None)}


# ------------------------------------------------------------------ content negotiation

@pytest.mark.parametrize("path", sorted(IRI_KINDS))
@pytest.mark.parametrize("suffix", sorted(FORMATS))
def test_every_iri_kind_in_every_format_by_suffix_and_by_accept(client, store, path, suffix):
    media, fmt = FORMATS[suffix]
    iri = BASE + path
    by_suffix = client.get(f"/id/{path}.{suffix}")
    by_accept = client.get(f"/id/{path}", headers={"Accept": media})
    for answer in (by_suffix, by_accept):
        assert answer.status_code == 200, answer.text
        assert answer.headers["content-type"].split(";")[0] == media
    assert by_suffix.content == by_accept.content
    got = triples_of(by_suffix.content, fmt)
    expected = subject_triples(store, iri)
    assert expected and expected <= got
    assert any(t.predicate.value.endswith("#type") and t.object.value.endswith("#" + IRI_KINDS[path]) for t in got)
    # the rest is the fact's own provenance: its spans and their selectors, minted under its IRI
    assert all(t.subject.value == iri or t.subject.value.startswith(iri + "/") for t in got)


@pytest.mark.parametrize("path", sorted(IRI_KINDS))
def test_every_iri_kind_is_a_page_for_browsers(client, path):
    answer = client.get(f"/id/{path}", headers={"Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/html")
    assert client.get(f"/id/{path}.html").text == answer.text
    # the page names its data in every format
    for suffix in FORMATS:
        assert f'href="/id/{path}.{suffix}"' in answer.text


def test_a_task_span_comes_with_the_task(client):
    got = triples_of(client.get("/id/doc/yufubanfa/2023/26/plan/p2/g1/i1.nt").content, RdfFormat.N_TRIPLES)
    quotes = [t.object.value for t in got if t.predicate.value.endswith("#exact")]
    assert len(quotes) == 1 and quotes[0].startswith("1. 孵化科技型企业。")


@pytest.mark.parametrize("accept, suffix", [
    ("text/turtle;q=0.9, application/ld+json", "jsonld"),
    ("application/n-triples;q=0.2, application/rdf+xml;q=0.5", "rdf"),
    ("text/html;q=0.1, text/turtle", "ttl"),
    ("application/json", "jsonld"),
])
def test_accept_weights_are_honoured(client, accept, suffix):
    answer = client.get("/id/agency/cq-sti", headers={"Accept": accept})
    assert answer.headers["content-type"].split(";")[0] == FORMATS[suffix][0]


@pytest.mark.parametrize("suffix", ["", ".ttl", ".nt"])
def test_an_iri_the_graph_does_not_have_is_not_found(client, suffix):
    assert client.get(f"/id/agency/no-such-agency{suffix}").status_code == 404


def test_void_describes_the_dataset(client, store):
    answer = client.get("/.well-known/void")
    assert answer.headers["content-type"].startswith("text/turtle")
    triples = list(triples_of(answer.content, RdfFormat.TURTLE))
    void = "http://rdfs.org/ns/void#"

    def values(name):
        return [t.object for t in triples if t.predicate.value == void + name]

    dataset = next(t.subject for t in triples if t.object == NamedNode(void + "Dataset"))
    counted = len({Triple(q.subject, q.predicate, q.object) for q in store})
    assert [int(v.value) for v in values("triples")] == [counted]
    assert values("sparqlEndpoint")[0].value.endswith("/query")
    assert values("dataDump")[0].value.endswith("/dump/gongbao.nq")
    assert NamedNode("http://data.europa.eu/eli/ontology#") in values("vocabulary")
    classes = {t.object.value for t in triples if t.predicate.value == void + "class"}
    assert {"https://w3id.org/gongbao/ontology#Task", "https://w3id.org/gongbao/ontology#Agency"} <= classes
    assert dataset.value.endswith("/.well-known/void#gongbao")
    dump = client.get(values("dataDump")[0].value.split("testserver", 1)[1])
    assert dump.status_code == 200 and len(list(parse(dump.content, format=RdfFormat.N_QUADS))) == len(store)


# ------------------------------------------------------------------ pages say what the text says

class Text(HTMLParser):
    """The visible text of a page, and the text of each element with an id."""

    def __init__(self):
        super().__init__()
        self.parts, self.stack, self.ids = [], [], {}

    def handle_starttag(self, tag, attrs):
        self.stack.append((tag, dict(attrs).get("id"), len(self.parts)))

    def handle_endtag(self, tag):
        while self.stack:
            open_tag, element_id, start = self.stack.pop()
            if element_id:
                self.ids[element_id] = "".join(self.parts[start:])
            if open_tag == tag:
                break

    def handle_data(self, data):
        self.parts.append(data)


def page(client, path) -> Text:
    answer = client.get(path)
    assert answer.status_code == 200, path
    text = Text()
    text.feed(answer.text)
    return text


def test_the_task_page_lists_its_units_lead_first(client):
    # 渝府办发〔2023〕26号 item 1: （牵头单位：市科技局；责任单位：市教委、市经济信息委、市国资委、市市场监管局等）
    html = client.get("/id/doc/yufubanfa/2023/26/plan/p2/g1/i1").text
    units = re.findall(r'class="unit role-(\w+)"><span class="role">[^<]*</span>\s*(?:<a [^>]*>)?([^<]+)', html)
    assert units == [("lead", "市科技局"), ("responsible", "市教委"), ("responsible", "市经济信息委"),
                     ("responsible", "市国资委"), ("responsible", "市市场监管局")]
    text = "".join(page(client, "/id/doc/yufubanfa/2023/26/plan/p2/g1/i1").parts)
    # 市科技局 answers to 张安疆 (27号: 分管市教委、市科技局（市外国专家局）…)
    assert "孵化科技型企业" in text and "张安疆" in text


def test_the_document_page_marks_each_fact_and_links_it(client):
    answer = client.get("/id/doc/yufubanfa/2023/26")
    spans = re.findall(r'<a class="span[^"]*" href="#([^"]+)" data-fact="\1">', answer.text)
    ids = set(re.findall(r' id="([^"]+)"', answer.text))
    assert spans and set(spans) <= ids  # every highlight leads to an element on the page
    text = page(client, "/id/doc/yufubanfa/2023/26")
    assert text.ids["f-plan-p2-g1-i1-unit-lead-1"].strip().endswith("市科技局")
    # the source text is the document's own, whole: from its number and addressees to its last item
    source = answer.text[answer.text.index('<div class="source"'):]
    plain = re.sub(r"<[^>]+>", "", source)
    assert plain.index("渝府办发〔2023〕26号") < plain.index("各区县（自治县）人民政府") < plain.index("2023年3月29日")
    assert "一、总体要求" in plain and "渝府办发〔2023〕27号" not in plain


def test_the_leader_page_shows_what_the_division_of_work_says(client):
    # 渝府办发〔2023〕27号: 副市长张安疆 负责教育、科技、外国专家管理、西部科学城重庆高新区工作。
    # 分管市教委、市科技局（市外国专家局）、西部科学城重庆高新区。
    answer = client.get("/id/person/%E5%BC%A0%E5%AE%89%E7%96%86")
    text = "".join(page(client, "/id/person/%E5%BC%A0%E5%AE%89%E7%96%86").parts)
    for area in ("教育", "科技", "外国专家管理", "西部科学城重庆高新区"):
        assert area in text
    edges = re.findall(r'<path class="edge supervision" data-from="([^"]+)" data-to="([^"]+)"', answer.text)
    assert {to.rsplit("/", 1)[1] for _, to in edges} == {"cq-edu", "cq-sti", "cq-hitech-zone"}
    assert len(edges) == 3


def test_the_agency_page_has_every_task_across_documents(client, store):
    text = "".join(page(client, "/id/agency/cq-sti").parts)
    counted = len(list(store.quads_for_pattern(None, NamedNode("https://w3id.org/gongbao/ontology#agency"),
                                               NamedNode(BASE + "agency/cq-sti"))))
    assert f"({counted})" in text
    assert "副市长张安疆" in text and "重庆市科学技术局" in text


def test_search_finds_the_documents_that_print_a_word_and_no_other(client):
    # 双倍增 is printed in 渝府发〔2023〕8号 (item 17 and the paragraph on private firms) and
    # throughout 渝府办发〔2023〕26号; not in 24号 or 27号.
    answer = client.get("/search", params={"q": "双倍增"})
    numbers = set(re.findall(r'data-number="([^"]+)"', answer.text))
    assert numbers == {"渝府发〔2023〕8号", "渝府办发〔2023〕26号"}
    assert client.get("/search", params={"q": "没有这个词"}).text.count('<li class="hit') == 0


def test_search_pages_its_results(client):
    first = client.get("/search", params={"q": "市科技局"}).text
    total = int(re.search(r"(\d+) 处", first).group(1))
    assert total > 20 and first.count('<li class="hit') == 20 and 'rel="next"' in first
    last = client.get("/search", params={"q": "市科技局", "page": (total + 19) // 20}).text
    assert last.count('<li class="hit') == total - 20 * ((total - 1) // 20)


def test_targets_page_filters_and_marks_disagreements(client):
    everything = client.get("/targets").text
    year = client.get("/targets", params={"year": "2025"}).text
    rows = lambda html: len(re.findall(r'<tr id="f-[^"]+" class="target', html))
    assert 0 < rows(year) < rows(everything)
    assert re.findall(r'<g class="year" data-year="(\d+)"', year) == ["2025"]
    # 8号 and 26号 set 1.27万家 and 1.28万家 high-tech enterprises for 2027: a commitment raised (cq09)
    raised = client.get("/targets", params={"indicator": "高新技术企业数量"}).text
    assert raised.count('class="target disagrees"') == 2  # not 2025's 1万家, nor 中心城区's 7110家
    # Two commitments change value (1.27 to 1.28万家, 1100 to 1300亿元); restatements and two numbers of
    # one document (智能工厂 50个 and 20个 in 8号) are no disagreement.
    assert "2 组指标在不同文件中数值不一致" in everything


def test_the_query_page_offers_the_competency_questions(client):
    text = client.get("/sparql").text
    for n in range(1, 17):
        assert f"cq{n:02d}" in text
    assert "PREFIX gb: &lt;https://w3id.org/gongbao/ontology#&gt;" in text
    ran = client.get("/sparql", params={"query": "SELECT ?n WHERE { ?d <http://data.europa.eu/eli/ontology#id_local> ?n }"}).text
    assert "渝府办发〔2023〕27号" in ran and "4 行" in ran


# ------------------------------------------------------------------ limits in front of the endpoint

def limited_client(built, **limits):
    return TestClient(make_app(built[0], BASE, Limits(**limits)))


SLOW = """SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"""


def test_a_query_too_large_is_refused(built):
    with limited_client(built, max_body=1000, max_query_string=1000) as client:
        assert client.post("/query", content="x" * 2000, headers={"Content-Type": "application/sparql-query"}).status_code == 413
        assert client.get("/query", params={"query": "ASK {}" + " " * 2000}).status_code == 414
        assert client.get("/query", params={"query": "ASK {}"}).status_code == 200


def test_a_query_that_outruns_the_clock_is_stopped_and_logged(built, caplog):
    caplog.set_level(logging.INFO, logger="gongbao.site.query")
    with limited_client(built, timeout_s=1) as client:
        answer = client.post("/query", data={"query": SLOW})
        assert answer.status_code == 504 and "longer than 1 s" in answer.text
        assert client.post("/query", data={"query": "ASK {}"}).status_code == 200  # the server still answers
    logged = [r.getMessage() for r in caplog.records if r.name == "gongbao.site.query"]
    assert any(line.startswith("504 ") and "COUNT(*)" in line for line in logged)
    assert any(line.startswith("200 ") and " ms " in line and "ASK {}" in line for line in logged)


def test_a_hung_server_is_replaced(built):
    app_site = __import__("gongbao.site.app", fromlist=["Site"]).Site(built[0], BASE, Limits(timeout_s=1))

    async def scenario():
        endpoint = app_site.endpoint
        await endpoint.start()
        first = endpoint.backend
        import os
        import signal

        os.kill(first.process.pid, signal.SIGSTOP)  # a server that no longer answers
        try:
            with pytest.raises(Exception) as refused:
                await endpoint.query("POST", [], b"query=ASK%20%7B%7D",
                                     {"content-type": "application/x-www-form-urlencoded"})
            assert refused.value.status == 504
            for _ in range(100):
                if endpoint.backend is not first:
                    break
                await asyncio.sleep(0.1)
            assert endpoint.backend is not first and endpoint.restarts == 1
            answer = await endpoint.query("GET", [("query", "ASK {}")], b"", {})
            assert answer.status_code == 200
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.kill(first.process.pid, signal.SIGCONT)
            first.stop()
            await endpoint.close()

    asyncio.run(scenario())


def test_queries_beyond_the_limit_wait_then_are_refused(built):
    site = __import__("gongbao.site.app", fromlist=["Site"]).Site(built[0], BASE,
                                                                  Limits(timeout_s=3, concurrent=1, queue_s=0.3))

    async def scenario():
        endpoint = site.endpoint
        await endpoint.start()
        try:
            slow = asyncio.create_task(endpoint.query("GET", [("query", SLOW)], b"", {}))
            await asyncio.sleep(0.2)
            with pytest.raises(Exception) as refused:
                await endpoint.query("GET", [("query", "ASK {}")], b"", {})
            assert refused.value.status == 503 and refused.value.headers == {"Retry-After": "1"}
            with pytest.raises(Exception):
                await slow
        finally:
            await endpoint.close()

    asyncio.run(scenario())
