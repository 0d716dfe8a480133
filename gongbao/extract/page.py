"""A document page saved from a government portal → source text.

A portal's page holds one document: its text in an article container, above it a metadata
table (索引号, 主题分类, 发文机关, 成文日期, 发文字号, 发布日期, 有效性 …), around it navigation,
share buttons, related links, a footer and scripts. The text is taken from the container a
known portal puts it in (mappings/portals.csv, by XPath); on a page of no known portal, the
article is found by trafilatura, a main-content extractor, and a notice says so. Scripts,
styles and tags go; block elements and <br> end paragraphs, a paragraph a line.

The metadata table is written at the head of the text, a `label：value` line each, so that
the facts it gives keep a span like every other fact (parse/pagefacts.py reads them back).
A page's address, when the saved file says it (a browser's `saved from url=` comment, a
canonical link), is the document's source.
"""

from __future__ import annotations

import re

from .. import reference
from ..errors import SourceError
from ..parse.source import SourceText, check_chinese
from ..records import Notice

HTML = "text/html"
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(https?://[^\s>]+?)\s*-->", re.IGNORECASE)
_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9_-]+)", re.IGNORECASE)
_BLOCKS = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "table", "section", "article",
           "blockquote", "center", "pre", "dt", "dd", "ul", "ol", "hr", "form"}
_DROPPED = ("script", "style", "noscript", "template", "iframe", "object", "svg", "button", "select")
_SPACES = re.compile(r"[ \t\r\n\f]+")  # what HTML collapses; a no-break space is text
_LABEL_TEXT_MAX = 120  # a table cell, not the whole table around it


def decode_page(data: bytes) -> str:
    """A saved page's text, in the encoding it declares (Chinese portals still serve GBK)."""
    declared = _CHARSET.search(data[:4096])
    encodings = [declared.group(1).decode("ascii").lower()] if declared else []
    for encoding in encodings + ["utf-8", "gb18030"]:
        try:
            return data.decode("gb18030" if encoding in ("gbk", "gb2312") else encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("utf-8", errors="replace")


def read_page(name: str, html: str) -> SourceText:
    import lxml.html
    from lxml import etree

    address = _address(html)
    try:
        tree = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError) as error:
        raise SourceError(name, 1, "a web page that can be read", f"broken markup ({error})") from None
    for element in tree.iter(*_DROPPED):
        element.drop_tree()
    for comment in tree.iter(etree.Comment):
        comment.drop_tree()
    notices: list[Notice] = []
    body = _body(tree)
    if body is None and (body := _main_region(tree, html)) is not None:
        notices.append(Notice(0, "no known portal layout (mappings/portals.csv): the document's text is "
                              f"the <{body.tag}> a main-content extractor points to; check its paragraphs"))
    paragraphs = _paragraphs(body) if body is not None else []
    facts = _metadata(tree, body)
    if not any(_has_chinese(p) for p in paragraphs):
        raise SourceError(name, None, "a document page with the text of one document",
                          "a page with no document text (a list or search page?)")
    paragraphs = _with_title_and_number(paragraphs, facts, notices)
    head = [f"{label}：{value}" for label, value in facts]
    text = "\n".join(head + ([""] if head else []) + paragraphs) + "\n"
    check_chinese(name, text, " on the page")
    return SourceText(name, text, None, media_type=HTML, notices=notices,
                      facts={"address": address} if address else {})


def _with_title_and_number(paragraphs: list[str], facts: list[tuple[str, str]], notices: list[Notice]) -> list[str]:
    """A portal may print a document's title and number only in its metadata table, not above
    the text: then they are set above the text from the table, as the document prints them."""
    from ..parse.document import NUMBER, ORDER_NUMBER

    if any(NUMBER.match(p) or ORDER_NUMBER.match(p) for p in paragraphs[:12]):
        return paragraphs
    fields = reference.page_metadata()
    given = {fields[label]: value for label, value in facts}
    if "number" not in given or "title" not in given:
        return paragraphs
    notices.append(Notice(0, f"the page prints no number line above its text: title and number "
                          f"({given['number']}) are set above it from the page's metadata table"))
    if paragraphs and paragraphs[0] == given["title"]:
        return [paragraphs[0], given["number"]] + paragraphs[1:]
    return [given["title"], given["number"]] + paragraphs


def _has_chinese(text: str) -> bool:
    return re.search(r"[\u4e00-\u9fff]", text) is not None


def _address(html: str) -> str | None:
    """The page's address: a browser's `saved from url=` comment, a canonical link, og:url."""
    from pyoxigraph import NamedNode

    found = [m.group(1) for m in [_SAVED_FROM.search(html[:2000])] if m]
    for pattern in (r"<link[^>]+rel=[\"']canonical[\"'][^>]+href=[\"'](https?://[^\"']+)",
                    r"<meta[^>]+property=[\"']og:url[\"'][^>]+content=[\"'](https?://[^\"']+)"):
        found += [m.group(1) for m in [re.search(pattern, html, re.IGNORECASE)] if m]
    for address in found:
        try:
            return NamedNode(address).value  # an address that is no IRI is not kept
        except ValueError:
            continue
    return None


def _body(tree):
    """The element a known portal puts the document's text in."""
    for _, xpath in reference.portals():
        for element in tree.xpath(xpath):
            if _has_chinese(element.text_content()):
                return element
    return None


def _paragraphs(body) -> list[str]:
    """The element's text, a paragraph a line: block elements and <br> end a paragraph."""
    out: list[str] = []
    current: list[str] = []

    def end():
        text = _SPACES.sub(" ", "".join(current)).strip()
        if text:
            out.append(text)
        current.clear()

    def walk(element):
        block = isinstance(element.tag, str) and element.tag.lower() in _BLOCKS
        if block:
            end()
        if element.text:
            current.append(element.text)
        for child in element:
            walk(child)
            if child.tail:
                current.append(child.tail)
        if block:
            end()
        elif isinstance(element.tag, str) and element.tag.lower() in ("td", "th"):
            current.append(" ")  # cells of a table row stand apart on its line

    walk(body)
    end()
    return out


def _main_region(tree, html: str):
    """The smallest element of the page that holds the main content trafilatura finds.

    Trafilatura tells the article from the page around it, but drops what it takes for
    boilerplate inside it (short headings among them); so its text only points to the
    element, whose paragraphs are then read whole.
    """
    import trafilatura

    # Tables off: a portal lays its whole page out in tables, which would come back flattened.
    found = trafilatura.extract(html, include_tables=False, include_comments=False, favor_recall=True,
                                deduplicate=False, output_format="txt")
    core = re.sub(r"\s+", "", found or "")
    if not _has_chinese(core):
        return None
    head, tail = core[:30], core[-30:]
    best = None
    for element in tree.iter("body", "main", "article", "section", "div", "td"):
        text = re.sub(r"\s+", "", element.text_content())
        if len(text) >= 0.9 * len(core) and head in text and tail in text:
            if best is None or len(text) < best[0]:
                best = (len(text), element)
    return best[1] if best else None


def _metadata(tree, body) -> list[tuple[str, str]]:
    """(label, value) of the page's metadata table, in the order it prints them."""
    labels = reference.page_metadata()
    pattern = re.compile(r"^(" + "|".join(map(re.escape, sorted(labels, key=len, reverse=True)))
                         + r")\s*[：:]\s*(.*)$")
    inside = set(body.iter()) if body is not None else set()
    found: dict[str, str] = {}
    for element in tree.iter("td", "th", "dt", "li", "span", "p", "div", "label", "b", "strong", "em"):
        if element in inside:
            continue
        text = _short_text(element)
        if text is None or not (m := pattern.match(text)):
            continue
        label, value = m.group(1), m.group(2).strip()
        if label in found:
            continue
        if not value:
            value = _following_text(element)
        if value:
            found[label] = value
    return list(found.items())


def _short_text(element) -> str | None:
    """An element's text with spaces collapsed, or None when it is longer than a cell's: the
    containers around a table are not read whole for every cell in them."""
    pieces, printed = [], 0
    for piece in element.itertext():
        pieces.append(piece)
        printed += len(_SPACES.sub("", piece))  # the collapsed text is at least this long
        if printed > _LABEL_TEXT_MAX:
            return None
    text = _SPACES.sub(" ", "".join(pieces)).strip()
    return text if len(text) <= _LABEL_TEXT_MAX else None


def _following_text(element) -> str:
    """The text of the cell after a label's cell (a label may sit in a <b> inside its cell)."""
    while element is not None:
        sibling = element.getnext()
        if sibling is not None:
            return _SPACES.sub(" ", sibling.text_content()).strip()
        element = element.getparent()
        if element is not None and element.tag not in ("td", "th", "dt", "b", "strong", "span", "label", "em"):
            return ""
    return ""
