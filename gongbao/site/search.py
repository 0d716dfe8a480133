"""Chinese substring search over the headings, titles, mentions and text of every document.

Chinese has no spaces to cut words at, so a query matches as a substring (the way readers
search a gazette), over an index made once per published store: one entry per heading, title,
mention or outline node's text, each with the fact it belongs to. Results rank a heading or a
title above a name found in the text, and that above a paragraph, then by how often the query
occurs, then by shortness (the closer the fit, the higher); they are paged.
"""

from __future__ import annotations

from dataclasses import dataclass

from .published import Generation

WEIGHT = {"title": 0, "heading": 1, "mention": 2, "text": 3}
PAGE = 20
SNIPPET = 40  # characters of context on each side of the first match


@dataclass(frozen=True)
class Entry:
    text: str
    folded: str
    fact: str
    what: str
    document: str
    number: str


@dataclass(frozen=True)
class Hit:
    entry: Entry
    before: str
    match: str
    after: str
    count: int


def index(gen: Generation) -> list[Entry]:
    from .views import rows

    seen, entries = set(), []
    for r in rows(gen, "texts"):
        key = (r["fact"], r["what"], r["text"])
        if key in seen:
            continue
        seen.add(key)
        entries.append(Entry(r["text"], r["text"].casefold(), r["fact"], r["what"], r["document"], r["number"]))
    return entries


def search(gen: Generation, query: str, page: int = 1) -> dict:
    query = " ".join(query.split())
    if not query:
        return {"query": "", "hits": [], "total": 0, "page": 1, "pages": 0, "documents": []}
    needle = query.casefold()
    entries = gen.computed("search", index)
    found = []
    for entry in entries:
        at = entry.folded.find(needle)
        if at < 0:
            continue
        found.append((WEIGHT.get(entry.what, 9), -entry.folded.count(needle), len(entry.text), entry.number, at, entry))
    found.sort(key=lambda f: f[:4])
    pages = (len(found) + PAGE - 1) // PAGE
    page = min(max(page, 1), max(pages, 1))
    hits = []
    for _, fewer, _, _, at, entry in found[(page - 1) * PAGE: page * PAGE]:
        end = at + len(query)
        hits.append(Hit(entry, ("…" if at > SNIPPET else "") + entry.text[max(0, at - SNIPPET):at],
                        entry.text[at:end], entry.text[end:end + SNIPPET] + ("…" if len(entry.text) > end + SNIPPET else ""),
                        -fewer))
    documents = sorted({f[-1].number for f in found})
    return {"query": query, "hits": hits, "total": len(found), "page": page, "pages": pages, "documents": documents}
