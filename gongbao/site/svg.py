"""Pictures drawn on the server as SVG: no script, no network, readable in any browser and
printable. Each node links to its page; each edge is one fact of the graph."""

from __future__ import annotations

from html import escape

from .views import natural

ROW = 22
COLUMNS = (8, 250, 500)
WIDTH = 820
BOX = (200, 220, 312)


def _text(value: str, limit: int) -> str:
    return escape(value if len(value) <= limit else value[: limit - 1] + "…")


def network(net: dict, href) -> str:
    """leader → agency → task in three columns: an edge `supervision` for each agency a leader
    supervises, an edge `assignment` for each task an agency carries."""
    columns = [list(net["leaders"].items()), list(net["agencies"].items()),
               sorted(net["tasks"].items(), key=lambda kv: natural(kv[0]))]
    if not columns[0]:
        return ""
    height = max(len(c) for c in columns) * ROW + 16
    at = {}
    parts = []
    for column, (x, items) in enumerate(zip(COLUMNS, columns)):
        for row, (iri, label) in enumerate(items):
            y = 8 + row * ROW
            at[(column, iri)] = (x, y)
    edges = [("supervision", 0, 1, pair) for pair in net["supervision"]] + \
            [("assignment", 1, 2, pair) for pair in net["assignment"]]
    for kind, left, right, (a, b) in edges:
        (x1, y1), (x2, y2) = at[(left, a)], at[(right, b)]
        x1 += BOX[left]
        middle = (x1 + x2) / 2
        parts.append(f'<path class="edge {kind}" data-from="{escape(a)}" data-to="{escape(b)}" '
                     f'd="M{x1},{y1 + 9} C{middle},{y1 + 9} {middle},{y2 + 9} {x2},{y2 + 9}"/>')
    names = ("leader", "agency", "task")
    for column, items in enumerate(columns):
        for iri, label in items:
            x, y = at[(column, iri)]
            parts.append(f'<a href="{escape(href(iri))}" class="node {names[column]}"><rect x="{x}" y="{y}" '
                         f'width="{BOX[column]}" height="18" rx="3"/><text x="{x + 5}" y="{y + 13}">'
                         f'{_text(label or "", 16 if column < 2 else 24)}</text><title>{escape(label or iri)}</title></a>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="network" viewBox="0 0 {WIDTH} {height}" '
            f'width="{WIDTH}" height="{height}" role="img" aria-label="问责网络 accountability network">'
            + "".join(parts) + "</svg>")


def bars(by_year: list[tuple[int, int, int]]) -> str:
    """Targets by deadline year; the part of each bar that disagrees with another statement of
    the same commitment is drawn apart."""
    if not by_year:
        return ""
    top = max(n for _, n, _ in by_year)
    width, height, bar = 60 * len(by_year) + 40, 220, 36
    parts = []
    for i, (year, n, disagree) in enumerate(by_year):
        x = 30 + i * 60
        h = round(160 * n / top)
        hd = round(160 * disagree / top)
        parts.append(f'<g class="year" data-year="{year}" data-count="{n}" data-disagree="{disagree}">'
                     f'<a href="/targets?year={year}"><rect class="bar" x="{x}" y="{180 - h}" width="{bar}" height="{h}"/>'
                     f'<rect class="bar disagree" x="{x}" y="{180 - hd}" width="{bar}" height="{hd}"/></a>'
                     f'<text x="{x + bar / 2}" y="{174 - h}" text-anchor="middle">{n}</text>'
                     f'<text x="{x + bar / 2}" y="198" text-anchor="middle">{year}</text></g>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="bars" viewBox="0 0 {width} {height}" width="{width}" '
            f'height="{height}" role="img" aria-label="按目标年份的目标 targets by deadline year">'
            + "".join(parts) + "</svg>")
