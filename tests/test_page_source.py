"""A document page saved from a government portal, built into the same document as its text.

The page (tests/fixtures/pages/guofa-2019-4.html) is in the shape of the State Council portal's
document pages: a metadata table above the text, navigation, share buttons, related links, a
footer, scripts with Chinese strings in them. The text version is tests/real/guofa-2019-4.txt.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from gongbao import query as queries
from gongbao.build import run_build
from gongbao.errors import SourceError
from gongbao.parse import parse_source
from gongbao.parse.source import read_source
from gongbao.store import open_read_only
from test_pdf_source import _answers

HERE = Path(__file__).parent
PAGE = HERE / "fixtures" / "pages" / "guofa-2019-4.html"
TEXT = HERE / "real" / "guofa-2019-4.txt"
CLI = [sys.executable, str(HERE.parent / "cli.py")]
ADDRESS = "http://www.gov.cn/zhengce/content/2019-02/13/content_5365341.htm"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """(graph dir of the page, graph dir of the text)."""
    directory = tmp_path_factory.mktemp("page")
    run_build([PAGE], directory / "page")
    run_build([TEXT], directory / "text")
    return directory / "page", directory / "text"


@pytest.mark.parametrize("name", ["cq01", "cq02", "cq08", "cq12", "cq13"])
def test_the_page_answers_as_the_text_does(built, name):
    page_dir, text_dir = built
    got = _answers(open_read_only(page_dir), name)
    assert got == _answers(open_read_only(text_dir), name)
    assert got


_FACTS = """
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX gb: <https://w3id.org/gongbao/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?number ?signed ?published ?index ?subject ?address ?quote WHERE {
  ?document a gb:PolicyDocument ; eli:id_local ?number ; eli:date_document ?signed ;
    eli:date_publication ?published ; dcterms:identifier ?index ; dcterms:subject ?subject ;
    dcterms:source ?address ; prov:wasDerivedFrom ?span .
  FILTER STRENDS(STR(?span), "/page-facts")
  ?span oa:hasSelector/oa:exact ?quote .
}
"""


def test_the_metadata_table_gives_the_documents_facts(built):
    page_dir, _ = built
    _, rows = queries.rows(open_read_only(page_dir), _FACTS)
    assert [(r["number"], r["signed"], r["published"], r["index"], r["subject"], r["address"]) for r in rows] == [
        ("国发〔2019〕4号", "2019-01-24", "2019-02-13", "000014349/2019-00020", "科技、教育\\教育", ADDRESS)]
    quote = rows[0]["quote"]
    assert quote.startswith("索引号：000014349/2019-00020\n主题分类：") and quote.endswith("发布日期：2019年02月13日")


def test_the_kept_text_is_the_documents_and_nothing_around_it(built):
    page_dir, _ = built
    kept = (page_dir / "texts" / "guofa-2019-4.html.txt").read_text(encoding="utf-8")
    lines = [line for line in TEXT.read_text(encoding="utf-8").split("\n") if line.strip()]
    body = kept.split("\n\n", 1)[1]
    assert [line.strip() for line in body.strip("\n").split("\n")] == [line.strip() for line in lines]
    for furniture in ("shareSummary", "相关稿件", "责任编辑", "京ICP备", "首页", "国务院政策文件库", "document.write"):
        assert furniture not in kept


def test_the_source_is_the_page_at_its_address(built):
    _, rows = queries.rows(open_read_only(built[0]), """
        PREFIX gb: <https://w3id.org/gongbao/ontology#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?name ?format ?address ?text WHERE { ?s a gb:SourceText ; dcterms:identifier ?name ;
            dcterms:format ?format ; dcterms:source ?address ; gb:extractedText ?text }""")
    assert rows == [{"name": "guofa-2019-4.html", "format": "text/html", "address": ADDRESS,
                     "text": "texts/guofa-2019-4.html.txt"}]


def _variant(tmp_path, name: str, change, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(change(PAGE.read_text(encoding="utf-8")).encode(encoding))
    return path


def test_a_page_without_title_and_number_above_its_text_takes_them_from_its_table(tmp_path):
    """Some portals print the title and number only in the metadata table."""
    def drop_heading(html):
        for line in ("国务院关于印发国家职业教育改革", "实施方案的通知", "国发〔2019〕4号"):
            html = re.sub(r"<p[^>]*>(?:<[^>]+>)*" + re.escape(line) + r"(?:</[^>]+>)*</p>", "", html, count=1)
        return html

    issue = parse_source(read_source(_variant(tmp_path, "bare.html", drop_heading)))
    (doc,) = issue.documents
    assert (doc.number, doc.title, doc.date) == ("国发〔2019〕4号", "国务院关于印发国家职业教育改革实施方案的通知", "2019-01-24")
    assert any("set above it from the page's metadata table" in n.message for n in issue.notices)


def test_a_page_in_gbk_is_read(tmp_path):
    path = _variant(tmp_path, "gbk.html", lambda html: html.replace('charset="utf-8"', 'charset="gbk"'), "gb18030")
    assert parse_source(read_source(path)).documents[0].title == "国务院关于印发国家职业教育改革实施方案的通知"


def test_a_page_of_no_known_portal_is_read_by_main_content_extraction(tmp_path):
    path = _variant(tmp_path, "elsewhere.html",
                    lambda html: html.replace("UCAP-CONTENT", "article-text").replace("pages_content", "cnt"))
    source = read_source(path)
    assert any("main-content extractor" in n.message for n in source.notices)
    ours = parse_source(read_source(PAGE))
    theirs = parse_source(source)
    assert [(n.path, n.title) for n in theirs.documents[0].nodes()] == [(n.path, n.title) for n in ours.documents[0].nodes()]


_LIST_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>国务院文件_政策</title>
<script>var title = "国务院关于印发国家职业教育改革实施方案的通知";</script></head><body>
<div class="nav"><a href="/">首页</a> <a href="/zhengce/">政策</a></div>
<ul class="list">
<li><a href="/zhengce/content/2019-02/13/content_5365341.htm">国务院关于印发国家职业教育改革实施方案的通知</a><span>2019-02-13</span></li>
<li><a href="/zhengce/content/2018-12/content_1.htm">国务院关于印发个人所得税专项附加扣除暂行办法的通知</a><span>2018-12-22</span></li>
</ul><div class="footer">版权所有：中国政府网</div></body></html>"""


def test_a_portals_list_page_is_refused(tmp_path):
    path = tmp_path / "list.html"
    path.write_text(_LIST_PAGE, encoding="utf-8")
    result = subprocess.run(CLI + ["build", str(path), "--graph-dir", str(tmp_path / "graph")],
                            capture_output=True, text=True)
    assert result.returncode == 2
    assert f"{path}: expected at least one document with a number line" in result.stderr
    assert not (tmp_path / "graph" / "store").exists()


def test_a_page_with_no_text_at_all_is_refused(tmp_path):
    path = tmp_path / "empty.html"
    path.write_text("<!DOCTYPE html><html><body><div id='UCAP-CONTENT'></div><p>Hello</p></body></html>",
                    encoding="utf-8")
    with pytest.raises(SourceError) as refused:
        read_source(path)
    assert str(refused.value) == (f"{path}: expected a document page with the text of one document, "
                                  "found 'a page with no document text (a list or search page?)'")


def test_a_text_copied_from_a_portal_keeps_its_metadata_lines_as_facts():
    """A text that opens, after blank lines, with the page's `label：value` lines: the table's
    span starts at its first label, and its facts are the document's."""
    from gongbao.parse import parse_text

    head = "\n\n索引号：000014349/2019-00020\n发布日期：2019年02月13日\n\n"
    issue = parse_text(head + TEXT.read_text(encoding="utf-8"), "copied.txt")
    (doc,) = issue.documents
    assert (doc.index_number, doc.published) == ("000014349/2019-00020", "2019-02-13")
    assert doc.page_facts_span.quote(head) == "索引号：000014349/2019-00020\n发布日期：2019年02月13日"
