"""One context per page, read from the published store with the queries of queries/site/.

A context is plain data (dicts and lists of strings and numbers) for a template; nothing here
writes HTML. Pages start from one resource or one named graph, so they cost the same whatever
the size of the corpus; what a page needs of the whole graph (the search index, the targets
table) is computed once per published store (Generation.computed).
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

from pyoxigraph import Literal, NamedNode

from .. import paths
from ..commitments import CHANGES_OF_VALUE
from ..mapping.vocab import GB, RDF
from .highlight import Span, runs
from .published import Generation
from .urls import Urls

SITE_QUERIES = paths.QUERIES / "site"
PAGE_ROWS = 100  # rows of a long table on one page
ISSUES_PER_PAGE = 20
ROLE_ORDER = {"lead": 0, "responsible": 1, "supporting": 2, "guiding": 3}
ROLE_LABEL = {"lead": "牵头", "responsible": "负责", "supporting": "参与/配合", "guiding": "指导"}
RELATION_LABEL = {"responsible_for": "负责", "assists": "协助", "specifically_responsible_for": "具体负责",
                  "supervises": "分管", "liaises": "联系"}
KIND_LABEL = {"Part": "部分", "Group": "组", "Item": "条目", "Subitem": "子项", "Chapter": "章",
              "Section": "节", "Article": "条"}


@lru_cache(maxsize=None)
def _query(name: str) -> str:
    return (SITE_QUERIES / f"{name}.rq").read_text(encoding="utf-8")


def _value(term):
    if term is None:
        return None
    if isinstance(term, Literal):
        kind = term.datatype.value.rsplit("#", 1)[-1]
        if kind in ("integer", "int", "long"):
            return int(term.value)
        if kind == "boolean":
            return term.value == "true"
        return term.value
    return term.value


def rows(gen: Generation, name: str, **bindings) -> list[dict]:
    """The rows of queries/site/NAME.rq, with each `?variable` of `bindings` fixed to a term.

    The terms are written into the query text (as `(<iri> AS ?v)` in the projection, `<iri>`
    in the pattern) rather than passed as substitutions: Oxigraph then starts from the bound
    resource's index, where a substitution is joined after the pattern is evaluated, which
    costs in proportion to the corpus.
    """
    solutions = gen.store.query(_bound(_query(name), bindings), use_default_graph_as_union=True)
    names = [v.value for v in solutions.variables]
    return [{n: _value(s[n]) for n in names} for s in solutions]


def rows_for(gen: Generation, name: str, variable: str, iris: list[str]) -> dict[str, dict]:
    """The first row of NAME.rq for each of the given IRIs of `variable`, by IRI."""
    found = {}
    for row in rows_for_all(gen, name, variable, iris):
        found.setdefault(row[variable], row)
    return found


def rows_for_all(gen: Generation, name: str, variable: str, iris: list[str]) -> list[dict]:
    """Every row of NAME.rq for the given IRIs of `variable` (a VALUES block)."""
    if not iris:
        return []
    query = _query(name)
    at = query.index("WHERE {") + len("WHERE {")
    values = f" VALUES ?{variable} {{ {' '.join(str(NamedNode(i)) for i in iris)} }} "
    solutions = gen.store.query(query[:at] + values + query[at:], use_default_graph_as_union=True)
    names = [v.value for v in solutions.variables]
    return [{n: _value(s[n]) for n in names} for s in solutions]


def natural(iri: str) -> list:
    """Outline order from an IRI: …/p2/g1/i10 after …/p2/g1/i9.

    >>> sorted(["x/i10", "x/i9", "x/i1"], key=natural)
    ['x/i1', 'x/i9', 'x/i10']
    """
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", iri)]


def documents_table(gen: Generation) -> dict[str, dict]:
    """Every document's number and date, once per published store."""
    return gen.computed("documents", lambda g: {r["document"]: r for r in rows(g, "all-documents")})


def _bound(query: str, bindings: dict) -> str:
    if not bindings:
        return query
    at = query.index("WHERE {")
    head, body = query[:at], query[at:]
    for variable, value in bindings.items():
        term = str(value if isinstance(value, (NamedNode, Literal)) else NamedNode(value))
        pattern = re.compile(rf"\?{variable}\b")
        head = pattern.sub(f"({term} AS ?{variable})", head) if pattern.search(head) else head
        body = pattern.sub(term, body)
    return head + body


def types_of(gen: Generation, iri: str) -> set[str]:
    return {q.object.value.rsplit("#", 1)[-1] for q in gen.store.quads_for_pattern(NamedNode(iri), RDF.type, None)
            if q.object.value.startswith(GB.base)}


def paged(items: list, page: int, size: int) -> dict:
    """One page of a long list, with what the page links need."""
    pages = max(1, (len(items) + size - 1) // size)
    page = min(max(page, 1), pages)
    return {"items": items[(page - 1) * size: page * size], "page": page, "pages": pages, "total": len(items),
            "first": (page - 1) * size + 1}


def local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


class Views:
    def __init__(self, urls: Urls):
        self.urls = urls

    # home and lists
    def home(self, gen: Generation, page: int = 1) -> dict:
        counts = gen.computed("counts", lambda g: {r["what"]: r["n"] for r in rows(g, "counts")})
        paging = paged(gen.computed("issues", lambda g: rows(g, "issues")), page, ISSUES_PER_PAGE)
        issues = paging["items"]
        by_issue = {i["issue"]: rows(gen, "issue-documents", issue=i["issue"]) for i in issues}
        loose = gen.computed("loose", lambda g: [d for d in rows(g, "documents") if d["issue"] is None])
        return {"counts": counts, "issues": issues, "by_issue": by_issue, "paging": paging,
                "loose": loose if paging["page"] == 1 else []}

    def issue(self, gen: Generation, iri: str) -> dict:
        documents = rows(gen, "issue-documents", issue=iri)
        label = next((r["label"] for r in gen.computed("issues", lambda g: rows(g, "issues")) if r["issue"] == iri), iri)
        return {"iri": iri, "label": label, "documents": documents}

    def named(self, gen: Generation, kind: str) -> dict:
        cls = GB.Region if kind == "places" else GB.Programme
        return {"kind": kind, "things": rows(gen, "named", **{"class": cls})}

    # one document
    def document(self, gen: Generation, iri: str) -> dict:
        facts = defaultdict(list)
        for r in rows(gen, "document", this=iri):
            facts[local(r["p"])].append(r)
        nodes = rows(gen, "outline", this=iri)
        units = self._units(gen, iri)
        targets = rows(gen, "targets", document=iri)
        for item in nodes + [u for us in units.values() for u in us]:
            item["anchor"] = anchor(iri, item.get("assignment") or item["node"])
        for t in targets:
            t["anchor"] = anchor(iri, t["target"])
        _mark_disagreements(gen, targets)
        by_node = defaultdict(list)
        for t in targets:
            by_node[t["node"]].append(t)
        tree = _tree(nodes, units, by_node)
        anchors = {n["node"]: n["anchor"] for n in nodes}
        anchors.update((u["assignment"], u["anchor"]) for us in units.values() for u in us)
        anchors.update((t["target"], t["anchor"]) for t in targets)
        source, other_facts = self._source(gen, iri, anchors)
        number = facts["id_local"][0]["o"] if facts.get("id_local") else local(iri)
        # Chinese first; addressees, which RDF keeps as a set, in the order the text prints them
        facts["title"].sort(key=lambda t: t["o"].isascii())
        text = "".join(run.text for run in source["runs"])
        facts["addressee"].sort(key=lambda a: text.find(a["o"]) if a["o"] in text else len(text))
        return {"iri": iri, "number": number, "facts": facts, "tree": tree, "targets": targets, "source": source,
                "other_facts": other_facts, "network": self.document_network(gen, iri, nodes, units)}

    def anchor(self, document: str, iri: str) -> str:
        return anchor(document, iri)

    def _units(self, gen: Generation, document: str) -> dict[str, list[dict]]:
        units = defaultdict(list)
        for u in rows(gen, "units", this=document):
            units[u["task"]].append(u)
        for task_units in units.values():
            task_units.sort(key=lambda u: (ROLE_ORDER.get(u["role"], 9), u["ordinal"] or 0))
        return units

    def _source(self, gen: Generation, document: str, anchors: dict) -> tuple[dict, list[dict]]:
        whole = rows(gen, "quote", this=document)
        if not whole:
            return {"runs": []}, []
        whole = whole[0]
        graph = self.urls.base + "graph/" + document[len(self.urls.base):]
        spans, other = [], []
        seen = set()
        for r in rows(gen, "spans", graph=graph):
            fact = r["fact"]
            if fact == document or (fact, r["start"]) in seen:
                continue
            seen.add((fact, r["start"]))
            if fact not in anchors:
                anchors[fact] = self.anchor(document, fact)
                other.append({"fact": fact, "anchor": anchors[fact], "label": r["label"] or local(fact),
                              "type": local(r["type"] or "")})
            kind = local(r["type"] or "")
            spans.append(Span(anchors[fact], r["start"], r["end"], kind))
        other = list({o["anchor"]: o for o in other}.values())
        return {"runs": runs(whole["quote"], whole["start"], spans), "start": whole["start"],
                "end": whole["end"], "spans": len(spans)}, other

    # one task
    def task(self, gen: Generation, iri: str) -> dict:
        node = {local(q.predicate.value): _value(q.object)
                for q in gen.store.quads_for_pattern(NamedNode(iri), None, None)}
        document = node.get("document")
        units = [dict(u, anchor=anchor(document, u["assignment"])) for u in self._units(gen, document).get(iri, [])] if document else []
        targets = [dict(t, anchor=anchor(document, t["target"])) for t in rows(gen, "targets", document=document)
                   if t["node"] == iri] if document else []
        _mark_disagreements(gen, targets)
        quote = rows(gen, "quote", this=iri)
        facts = rows(gen, "document", this=document) if document else []
        number = next((f["o"] for f in facts if local(f["p"]) == "id_local"), "")
        leaders = self.accountability(gen)["task"].get(iri, [])
        return {"iri": iri, "node": node, "document": document, "number": number, "units": units,
                "targets": targets, "quote": quote[0] if quote else None, "leaders": leaders,
                "anchor": self.anchor(document, iri) if document else ""}

    # agencies and leaders
    def agency(self, gen: Generation, iri: str, page: int = 1) -> dict:
        facts = defaultdict(list)
        for r in rows(gen, "document", this=iri):
            facts[local(r["p"])].append(r)
        # cq05's rows (kept per published store) give each unit of each task, sorted
        tasks = self.accountability(gen)["agency"].get(iri, [])
        counts = defaultdict(int)
        for t in tasks:
            counts[t["role"]] += 1
        shown = paged(tasks, page, PAGE_ROWS)
        titles = rows_for(gen, "task-titles", "task", sorted({t["task"] for t in shown["items"]}))
        shown["items"] = [dict(t, printed=t["unit"], document=titles.get(t["task"], {}).get("document"),
                               title=titles.get(t["task"], {}).get("title")) for t in shown["items"]]
        by_role = defaultdict(list)
        for t in shown["items"]:
            by_role[t["role"]].append(t)
        roles = sorted(by_role.items(), key=lambda kv: ROLE_ORDER.get(kv[0], 9))
        posts = rows(gen, "agency-posts", this=iri)
        return {"iri": iri, "facts": facts, "roles": roles, "counts": counts, "posts": posts, "count": len(tasks),
                "paging": shown}

    def leader(self, gen: Generation, iri: str, page: int = 1) -> dict:
        names = [r["o"] for r in rows(gen, "document", this=iri) if local(r["p"]) == "name"]
        documents = documents_table(gen)
        held = rows(gen, "leader-posts", this=iri)
        for p in held:
            p.update(number=documents[p["document"]]["number"], date=documents[p["document"]]["date"])
        # the latest division of work that names the leader first, in full; the earlier ones listed
        held.sort(key=lambda p: (p["date"] or "", p["number"]), reverse=True)
        posts = {}
        shown = [p["post"] for p in held[:1]]
        for d in rows_for_all(gen, "leader-duties", "post", shown):
            post = posts.setdefault(d["post"], {"post": d["post"], "title": d["postTitle"], "number": d["number"],
                                                "document": d["document"], "date": d["date"],
                                                "duties": defaultdict(list)})
            post["duties"][d["relation"]].append(d)
        for post in posts.values():
            for relation in post["duties"].values():
                relation.sort(key=lambda d: d["ordinal"] or 0)
        name = names[0] if names else local(iri)
        reached = list(self.accountability(gen)["person"].get(iri, []))
        reached.sort(key=lambda r: (r["number"], r["path"], ROLE_ORDER.get(r["role"], 9)))
        shown_tasks = paged(reached, page, PAGE_ROWS)
        # the picture draws the tasks of this page of the table, and every supervision
        return {"iri": iri, "name": name, "posts": [posts[p] for p in shown if p in posts], "earlier": held[1:],
                "tasks": shown_tasks["items"], "paging": shown_tasks,
                "network": network(shown_tasks["items"], self.urls, supervision=reached)}

    def accountability(self, gen: Generation) -> dict[str, dict[str, list[dict]]]:
        """cq05's answer with IRIs, by task and by leader: each task, unit, agency and the leader
        accountable for it through the agency he supervises, by the division of work in force
        for the task's document."""
        return gen.computed("accountability", _accountability)

    def document_network(self, gen, document, nodes, units):
        by_task = self.accountability(gen)["task"]
        reached = [r for n in nodes for r in by_task.get(n["node"], [])]
        titles = {n["node"]: f'{n["path"]} {n["title"] or ""}'.strip() for n in nodes}
        return network(reached, self.urls, labels=titles)

    # places and programmes
    def mentions(self, gen: Generation, iri: str, page: int = 1) -> dict:
        facts = defaultdict(list)
        for r in rows(gen, "document", this=iri):
            facts[local(r["p"])].append(r)
        found = rows(gen, "mentions", this=iri)
        numbers = documents_table(gen)
        for m in found:
            m["number"] = numbers[m["document"]]["number"]
        found.sort(key=lambda m: (m["number"], natural(m["mention"])))
        shown = paged(found, page, PAGE_ROWS)
        rest = rows_for(gen, "mention-rows", "mention", [m["mention"] for m in shown["items"]])
        for m in shown["items"]:
            m.update({k: v for k, v in rest.get(m["mention"], {}).items() if k != "mention"})
        return {"iri": iri, "facts": facts, "mentions": shown["items"], "paging": shown,
                "documents": sorted({m["number"] for m in found})}

    # targets
    def targets(self, gen: Generation, indicator="", year="", scope="", document="", page: int = 1) -> dict:
        table = gen.computed("targets", _targets_table)
        shown = [t for t in table["rows"]
                 if (not indicator or indicator in t["indicatorText"])
                 and (not year or str(t["year"] or "") == year)
                 and (not scope or scope in (t["scope"] or ""))
                 and (not document or t["number"] == document)]
        paging = paged(shown, page, PAGE_ROWS)
        return {"rows": paging["items"], "paging": paging, "total": len(table["rows"]), "years": table["years"],
                "numbers": table["numbers"], "disagreeing": table["disagreeing"],
                "filters": {"indicator": indicator, "year": year, "scope": scope, "document": document},
                "by_year": _count_by_year(shown)}


def anchor(document: str, iri: str) -> str:
    """The id of a fact's element on its document's page: its IRI below the document's."""
    rest = iri[len(document):].strip("/") if iri.startswith(document) else local(iri)
    return "f-" + (rest.replace("/", "-") or "document")


def _tree(nodes: list[dict], units: dict, targets: dict) -> list[dict]:
    by_parent = defaultdict(list)
    for n in nodes:
        n = dict(n, kind=local(n["kind"]), units=units.get(n["node"], []), targets=targets.get(n["node"], []))
        by_parent[n["parent"]].append(n)
    ids = {n["node"] for n in nodes}

    def children(parent):
        found = sorted(by_parent.get(parent, []), key=lambda n: (n["ordinal"] or 0, n["path"]))
        for n in found:
            n["children"] = children(n["node"])
        return found

    roots = [p for p in by_parent if p not in ids]
    return [n for root in sorted(roots) for n in children(root)]


def _accountability(gen: Generation) -> dict[str, dict[str, list[dict]]]:
    query = (paths.QUERIES / "cq05.rq").read_text(encoding="utf-8")
    result = gen.store.query(query, use_default_graph_as_union=True)
    names = [v.value for v in result.variables]
    by = {"task": defaultdict(list), "person": defaultdict(list), "agency": defaultdict(dict)}
    for solution in result:
        row = {n: _value(solution[n]) for n in names}
        by["task"][row["task"]].append(row)
        if row["person"]:
            by["person"][row["person"]].append(row)
        if row["agencyNode"]:  # one row per printed unit, whoever answers for it
            by["agency"][row["agencyNode"]].setdefault((row["task"], row["role"], row["unit"]), row)
    for agency, found in by["agency"].items():
        by["agency"][agency] = sorted(found.values(), key=lambda r: (ROLE_ORDER.get(r["role"], 9), r["number"],
                                                                      natural(r["task"])))
    return by


def warm(gen: Generation) -> None:
    """Make what pages need of the whole graph, once per published store, before they ask."""
    from .search import index

    gen.computed("accountability", _accountability)
    gen.computed("targets", _targets_table)
    gen.computed("search", index)


def _targets_table(gen: Generation) -> dict:
    table = rows(gen, "targets")
    # A commitment whose history raises, lowers or changes its value (cq09's rows); restating it,
    # or two numbers of one document, is no disagreement.
    disagreeing = {t["commitment"] for t in table if t["change"] in CHANGES_OF_VALUE}
    for t in table:
        t["disagrees"] = t["commitment"] is not None and t["commitment"] in disagreeing
        t["anchor"] = anchor(t["document"], t["target"])
    table.sort(key=lambda t: (t["year"] or 9999, t["indicatorText"], t["number"], t["path"]))
    return {"rows": table, "years": sorted({t["year"] for t in table if t["year"]}),
            "numbers": sorted({t["number"] for t in table}), "disagreeing": len(disagreeing)}


def _mark_disagreements(gen: Generation, targets: list[dict]) -> None:
    disagreeing = {t["target"] for t in gen.computed("targets", _targets_table)["rows"] if t["disagrees"]}
    for t in targets:
        t["disagrees"] = t["target"] in disagreeing


def _count_by_year(table: list[dict]) -> list[tuple[int, int, int]]:
    counts = defaultdict(lambda: [0, 0])
    for t in table:
        if t["year"]:
            counts[t["year"]][0] += 1
            counts[t["year"]][1] += t["disagrees"]
    return [(year, n, d) for year, (n, d) in sorted(counts.items())]


def network(reached: list[dict], urls: Urls, supervision: list[dict] | None = None,
            labels: dict[str, str] | None = None) -> dict:
    """leader → agency (one edge per supervision) → task (one edge per task the agency carries);
    the supervisions of `supervision` when given (all of a leader's, when `reached` is one page)."""
    leaders, agencies, tasks = {}, {}, {}
    supervision_edges, assignment = set(), set()
    for r in supervision or []:
        if r.get("person") and r.get("supervised"):
            leaders[r["person"]] = r["official"]
            agencies[r["supervised"]] = r["via"]
            supervision_edges.add((r["person"], r["supervised"]))
    for r in reached:
        if not r.get("person") or not r.get("supervised"):
            continue
        leaders[r["person"]] = r["official"]
        agencies[r["supervised"]] = r["via"]
        tasks[r["task"]] = (labels or {}).get(r["task"]) or f'{r["number"]} {r["path"]}'
        supervision_edges.add((r["person"], r["supervised"]))
        assignment.add((r["supervised"], r["task"]))
    return {"leaders": leaders, "agencies": agencies, "tasks": tasks,
            "supervision": sorted(supervision_edges), "assignment": sorted(assignment)}
