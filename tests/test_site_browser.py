"""The site in a real browser: Debian's Chromium driven by Playwright (its own executable; no
browser is downloaded). Each kind of page loads without a console error and is kept as a
screenshot; search, a click on a marked span and the accountability picture do what the text says.

Screenshots go to $GONGBAO_ARTEFACTS, by default build/screenshots/.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import quote

import pytest

from conftest import running_site
from gongbao import paths

pytestmark = pytest.mark.browser
CHROMIUM = Path("/usr/bin/chromium")
ARTEFACTS = Path(os.environ.get("GONGBAO_ARTEFACTS", paths.HOME / "build" / "screenshots"))
ZHANG = "/id/person/" + quote("张安疆")
PAGES = {  # screenshot name: path, one of each kind of page
    "home": "/",
    "document": "/id/doc/yufubanfa/2023/26",
    "document-largest": "/id/doc/yufufa/2023/8",
    "task": "/id/doc/yufubanfa/2023/26/plan/p2/g1/i1",
    "agency": "/id/agency/cq-sti",
    "leader": ZHANG,
    "targets": "/targets",
    "places": "/places",
    "programmes": "/programmes",
    "programme": "/id/programme/double-doubling",
    "region": "/id/region/liangjiang-new-area",
    "issue": "/id/issue/cq-gazette/2023/6",
    "search": "/search?q=" + quote("双倍增"),
    "sparql": "/sparql",
    "resource": "/id/doc/yufubanfa/2023/26/span",
    "not-found": "/id/agency/no-such-agency",
}


@pytest.fixture(scope="module")
def site(built, tmp_path_factory):
    with running_site(built[0], tmp_path_factory.mktemp("site") / "serve.log") as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make tools` as root (it installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"])
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.errors = []
    page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    page.close()


@pytest.mark.parametrize("name", sorted(PAGES))
def test_each_kind_of_page_loads_without_errors(site, page, name):
    answer = page.goto(site + PAGES[name])
    expected = 404 if name == "not-found" else 200
    assert answer.status == expected
    if name == "not-found":
        page.errors = [e for e in page.errors if "404" not in e]  # the browser reports the status itself
    assert page.errors == []
    assert page.locator("header.top a.brand").is_visible()
    assert page.evaluate("document.styleSheets.length") >= 1  # the bundled stylesheet loaded
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTEFACTS / f"{name}.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 5000


def test_search_finds_the_two_documents_that_print_the_word(site, page):
    # 双倍增 is printed in 渝府发〔2023〕8号 (source lines 113–181, its number on line 48) and in
    # 渝府办发〔2023〕26号 (lines 329–399, number on line 331); line 23 is the contents.
    page.goto(site + "/")
    page.fill("form.search.big input[name=q]", "双倍增")
    page.click("form.search.big button")
    page.wait_for_url(re.compile(r"/search\?q="))
    numbers = set()
    while True:
        numbers |= set(page.locator("li.hit").evaluate_all("hits => hits.map(h => h.dataset.number)"))
        following = page.locator("a[rel=next]")
        if not following.count():
            break
        following.first.click()
    assert numbers == {"渝府发〔2023〕8号", "渝府办发〔2023〕26号"}
    assert set(page.locator(".summary .doc-number").all_inner_texts()) == numbers
    assert page.locator("li.hit mark").first.inner_text() == "双倍增"


def test_a_result_leads_to_its_span_in_the_document(site, page):
    page.goto(site + "/search?q=" + quote("孵化科技型企业"))
    page.locator("li.hit a").first.click()
    target = page.evaluate("location.hash")[1:]
    assert target and page.locator(f"[id='{target}']").is_visible()
    assert "孵化科技型企业" in page.locator(f"[id='{target}']").inner_text()


def test_a_click_on_a_marked_span_shows_its_fact(site, page):
    # 渝府办发〔2023〕26号, item 二/（一）/1: （牵头单位：市科技局；责任单位：市教委、…）
    page.goto(site + "/id/doc/yufubanfa/2023/26")
    span = page.locator("div.source a.span[data-fact='f-plan-p2-g1-i1-unit-lead-1']")
    assert span.count() == 1 and span.inner_text() == "市科技局"
    span.click()
    assert page.evaluate("location.hash") == "#f-plan-p2-g1-i1-unit-lead-1"
    fact = page.locator("#f-plan-p2-g1-i1-unit-lead-1")
    assert fact.is_visible() and fact.evaluate("e => e.matches(':target')")
    assert fact.inner_text().split() == ["牵头", "市科技局"]
    assert fact.evaluate("e => e.getBoundingClientRect().top >= 0 && e.getBoundingClientRect().top < innerHeight")


def test_the_picture_has_one_edge_per_supervision(site, page):
    # 渝府办发〔2023〕27号: 副市长张安疆 … 分管市教委、市科技局（市外国专家局）、西部科学城重庆高新区。
    page.goto(site + ZHANG)
    edges = page.locator("svg.network path.edge.supervision")
    assert edges.count() == 3
    ends = edges.evaluate_all("es => es.map(e => [e.dataset.from, e.dataset.to])")
    assert len({a for a, _ in ends}) == 1 and ends[0][0].endswith(quote("张安疆"))
    assert {b.rsplit("/", 1)[1] for _, b in ends} == {"cq-edu", "cq-sti", "cq-hitech-zone"}
    boxes = set(page.locator("svg.network a.agency text").evaluate_all("ts => ts.map(t => t.textContent)"))
    assert {"市教委", "市科技局", "西部科学城重庆高新区"} <= boxes
    # each agency box leads to the agency's page
    page.locator("svg.network a.agency", has_text="市科技局").first.click()
    page.wait_for_url(re.compile(r"/id/agency/cq-sti$"))


def test_the_chart_counts_the_table(site, page):
    page.goto(site + "/targets")
    years = page.locator("svg.bars g.year")
    counts = dict(years.evaluate_all("gs => gs.map(g => [g.dataset.year, +g.dataset.count])"))
    assert len(counts) >= 2
    for year, count in counts.items():
        page.goto(site + f"/targets?year={year}")
        shown = int(re.search(r"(\d+) / \d+ 条目标", page.locator("main").inner_text()).group(1))
        assert shown == count
        assert set(page.locator("table.targets tr.target td:nth-child(6)").all_inner_texts()) == {year}
    page.goto(site + "/targets")
    page.locator("svg.bars g.year a").first.click()
    page.wait_for_url(re.compile(r"year=\d{4}"))
    assert page.locator("svg.bars g.year").count() == 1
