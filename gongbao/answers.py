"""Which document answers each call for a further document, over every source of a build.

A document answers a call when it comes from the same government, is dated on or after the
calling document, is not the calling document, its title ends with a kind of the call's family
(方案 ≈ 计划 ≈ 行动; 办法 ≈ 细则 ≈ 规定: mappings/calls.csv), and its title holds the call's
subject: the share of the subject's character pairs (generic words such as 发展 left out) that
stand in the title is the link's confidence, and below mappings/link-thresholds.csv's threshold
there is no link. Of several documents the most confident answers, then the earliest, so each
call has one answer at most and a later restatement of a plan does not multiply links.

A part that speaks of a programme (双倍增, 科技服务业集聚区: mappings/programmes.csv) refers to
the document that defines it: one whose title names the programme, else one whose title names
the field the programme belongs to; of several, the latest dated on or before the part, else the
earliest after it. The words just before the mention must agree with that title (民营…“双倍增”
is another doubling than 高新技术企业和科技型企业“双倍增”), a document does not refer to
itself, and a part that a document already implements (it answers the part's call) does not
refer to it as well.

The facts come from each shard's summary (mapping/calls.py), so a build recomputes the answers
from data it holds already, without reading any source again. Documents are grouped by
government and title, and a subject is scored against each distinct title once.
"""

from __future__ import annotations

import bisect
from decimal import Decimal

from pyoxigraph import Literal, NamedNode, Quad

from . import reference
from .mapping.calls import subject_core
from .mapping.emit import decimal
from .mapping.iris import Minter
from .mapping.vocab import ELI, GB, PROV, RDF

BASIS = "subject kind issuer date"


def pairs(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


def subject_score(subject: str, title: str) -> float:
    return _score(subject_pairs(subject), title)


def subject_pairs(subject: str) -> frozenset[str] | None:
    """The character pairs of a subject's core (subject_core), which a title is scored by; None
    when nothing is left of the subject but generic words."""
    runs = subject_core(subject) if subject else []
    return frozenset().union(*(pairs(run) for run in runs)) if runs else None


def _score(wanted: frozenset[str] | None, title: str) -> float:
    return len(wanted & pairs(title)) / len(wanted) if wanted else 0.0


class _Subjects(dict):
    """Each subject's pairs, made once per computation: a corpus states the same subjects
    (and qualifiers) in issue after issue."""

    def __missing__(self, subject: str) -> frozenset[str] | None:
        self[subject] = found = subject_pairs(subject)
        return found


def answers(calls: list[dict], documents: list[dict], threshold: float | None = None) -> list[dict]:
    """One row per answered call: the call's facts with `answer` (a document fact) and `confidence`."""
    threshold = reference.link_thresholds()["answer"] if threshold is None else threshold
    titles: dict[tuple[str, str, str], list[tuple[str, str, dict]]] = {}
    for doc in documents:
        if doc["family"] and doc["date"]:
            titles.setdefault((doc["jurisdiction"], doc["family"], doc["title"]), []).append(
                (doc["date"], doc["number"], doc))
    by_government: dict[tuple[str, str], list[tuple[str, list]]] = {}
    for (jurisdiction, family, title), docs in sorted(titles.items()):
        docs.sort(key=lambda d: (d[0], d[1]))
        by_government.setdefault((jurisdiction, family), []).append((title, docs))
    scores: dict[tuple[str, str], float] = {}
    subjects = _Subjects()
    found = []
    for call in calls:
        if not call["date"]:
            continue
        best = None
        for title, docs in by_government.get((call["jurisdiction"], call["family"]), []):
            key = (call["subject"], title)
            if key not in scores:
                scores[key] = _score(subjects[call["subject"]], title)
            score = scores[key]
            if score < threshold:
                continue
            at = bisect.bisect_left(docs, (call["date"],), key=lambda d: (d[0],))
            answer = next((d for d in docs[at:] if d[2]["document"] != call["document"]), None)
            if answer is None:
                continue
            rank = (-score, answer[0], answer[1])
            if best is None or rank < best[0]:
                best = (rank, answer[2], score)
        if best is not None:
            found.append({**call, "answer": best[1], "confidence": best[2]})
    return found


def programme_references(mentions: list[dict], documents: list[dict], answered: list[dict]) -> list[dict]:
    """One row per part and programme it speaks of: the mention's facts with `target` (a document
    fact), `basis` and `confidence`."""
    limits = reference.link_thresholds()
    implemented: dict[str, set[str]] = {}
    for row in answered:
        implemented.setdefault(row["context"], set()).add(row["answer"]["document"])
    defining: dict[tuple[str, str], tuple[str, list[tuple[str, str, dict]], set[str]]] = {}
    for programme in reference.programmes():
        names = (programme.name, *programme.aliases)
        for basis, words in (("programme title", names), ("programme field", (programme.field,) if programme.field else ())):
            by_government: dict[str, list] = {}
            for d in documents:
                if d["date"] and any(w and w in d["title"] for w in words):
                    by_government.setdefault(d["jurisdiction"], []).append((d["date"], d["number"], d))
            for jurisdiction, docs in by_government.items():
                docs.sort(key=lambda d: (d[0], d[1]))
                defining.setdefault((programme.id, jurisdiction), (basis, docs, {d[2]["document"] for d in docs}))
    found, seen = [], set()
    qualifiers = _Subjects()
    for mention in mentions:
        entry = defining.get((mention["programme"], mention["jurisdiction"]))
        if entry is None or not mention["date"] or mention["document"] in entry[2]:
            continue  # no document of its government defines it, or this one does
        basis, docs, _ = entry
        at = bisect.bisect_right(docs, (mention["date"], "\uffff"), key=lambda d: (d[0], d[1]))
        target = docs[at - 1][2] if at else docs[0][2]
        if basis == "programme title":
            wanted = qualifiers[mention["qualifier"]]
            confidence = _score(wanted, target["title"]) if wanted is not None else 1.0
            if confidence < limits["programme"]:
                continue
        else:
            confidence = limits["programme-field"]
        key = (mention["context"], target["document"])
        if implemented.get(mention["context"], set()) & entry[2] or key in seen:
            continue  # the part is answered by a document that defines the programme: that link says it
        seen.add(key)
        found.append({**mention, "target": target, "basis": basis, "confidence": confidence})
    return found


def answer_quads(calls: list[dict], documents: list[dict], base: str | None = None,
                 mentions: list[dict] | None = None) -> list[Quad]:
    """The answers as triples in their own shared graph: the call gb:answeredBy the document, and a
    gb:DocumentLink (implements) from the document to the place of the call, with its basis."""
    iris = Minter(base)
    graph = iris.graph("answers")
    out: list[Quad] = []

    def add(s, p, o):
        out.append(Quad(s, p, o, graph))

    def document_link(link, source, target, kind: str, basis: str, confidence: float, span: str):
        add(link, RDF.type, GB.DocumentLink)
        add(link, GB.linkFrom, source)
        add(link, GB.linkTo, target)
        add(link, GB.linkKind, Literal(kind))
        add(link, GB.basis, Literal(basis))
        add(link, GB.confidence, _confidence(confidence))
        add(link, PROV.wasDerivedFrom, NamedNode(span))

    answered = answers(calls, documents)
    for row in answered:
        call, answer, context = NamedNode(row["call"]), NamedNode(row["answer"]["document"]), NamedNode(row["context"])
        link = _link_iri(iris, row["call"] + "/answer")
        add(call, GB.answeredBy, answer)
        document_link(link, answer, context, "implements", BASIS, row["confidence"], row["span"])
        add(link, GB.answers, call)
        add(answer, ELI.applies, context)
    for row in programme_references(mentions or [], documents, answered):
        context, target = NamedNode(row["context"]), NamedNode(row["target"]["document"])
        link = _link_iri(iris, f"{row['context']}/refers/{row['programme']}")
        document_link(link, context, target, "refers_to", row["basis"], row["confidence"], row["span"])
        add(link, GB.programme, iris.programme(row["programme"]))
        add(context, ELI.cites, target)
    return out


def _link_iri(iris: Minter, under: str) -> NamedNode:
    # Under link/, not under the document: the link is the shared graph's node, judged there.
    return NamedNode(iris.base + "link/" + under.removeprefix(iris.base))


def _confidence(value: float):
    # canonical xsd:decimal (0.9, 1), as the store gives it back, so the dump is what the store holds
    return decimal(format(Decimal(value).quantize(Decimal("0.01")).normalize(), "f"))
