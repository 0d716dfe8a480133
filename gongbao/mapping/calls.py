"""Calls for further documents: 制定“双倍增”行动方案, 实施科技服务业发展行动.

A call is a verb of making or carrying out, then within one clause the subject as printed, then
a kind of document that ends a phrase (mappings/calls.csv: a verb may be limited to some kinds,
so 实施 calls for an action, 实施…行动方案 carries out a plan that exists). A heading names the
document's own part, not a further document, and a subject opening with 本 is the document
itself: neither is a call. Which document answers a call is decided over the whole graph
(answers.py), from the facts this module returns along with the quads.
"""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import NamedNode

from .. import reference
from ..mentions import read_span, text_regions
from ..records import Document
from .emit import Emitter, text
from .iris import Minter
from .mentions import context_iri
from .vocab import GB

# A clause ends at these; a subject never runs across one (、 included: 制定A、B方案 is not read).
CLAUSE_END = "，。；：,;:、\n"
_MAX_SUBJECT = 40


@dataclass(frozen=True)
class FoundCall:
    start: int  # the verb
    subject_start: int
    kind_start: int
    end: int  # after the kind
    verb: str
    kind: str

    def subject(self, text: str) -> str:
        return text[self.subject_start:self.kind_start]

    def called(self, text: str) -> str:
        return text[self.subject_start:self.end]


def find_calls(text: str, words: reference.CallWords | None = None) -> list[FoundCall]:
    words = words or reference.call_words()
    found: list[FoundCall] = []
    at = 0
    while at < len(text):
        verb = next(((v, kinds) for v, kinds in words.verbs if text.startswith(v, at)), None)
        if verb is None:
            at += 1
            continue
        call = _call_after(text, at, verb[0], verb[1], words)
        if call is not None:
            found.append(call)
            at = call.end
        else:
            at += len(verb[0])
    return found


def _call_after(text: str, start: int, verb: str, allowed, words) -> FoundCall | None:
    subject_start = start + len(verb)
    at = subject_start
    while at < len(text) and text[at] not in CLAUSE_END and at - subject_start <= _MAX_SUBJECT:
        kind = next((k for k in words.kinds if text.startswith(k, at)), None)
        if kind is not None:
            end = at + len(kind)
            phrase_ends = end == len(text) or text[end] in CLAUSE_END
            if phrase_ends and (allowed is None or kind in allowed):
                subject = text[subject_start:at]
                if subject.startswith(words.self_words):
                    return None
                return FoundCall(start, subject_start, at, end, verb, kind)
        at += 1
    return None


def subject_core(subject: str, words: reference.CallWords | None = None) -> list[str]:
    """The runs of a subject left when quotes, brackets and the generic words are taken out."""
    words = words or reference.call_words()
    runs, current, at = [], "", 0
    while at < len(subject):
        generic = next((g for g in words.generic if subject.startswith(g, at)), None)
        if generic is not None or not subject[at].isalnum():
            if current:
                runs.append(current)
            current = ""
            at += len(generic) if generic else 1
            continue
        current += subject[at]
        at += 1
    if current:
        runs.append(current)
    return runs


def map_calls(out: Emitter, iris: Minter, doc: Document, doc_iri: NamedNode, jurisdiction: str,
              date: str | None) -> list[dict]:
    """The calls of one document as gb:Call nodes in its graph; returns their facts for answers.py."""
    words = reference.call_words()
    headings = [node.title_span for node in doc.nodes()]
    titles = [s for s in (doc.title_span, doc.plan_title_span) if s is not None]
    facts: list[dict] = []
    counts: dict[str, int] = {}
    for region in text_regions(doc):
        if region.span in titles:
            continue
        context = context_iri(iris, doc, doc_iri, region)
        span_text = read_span(out.source_text, region.span, region.masks)
        for found in find_calls(span_text.text, words):
            span = span_text.span(found.start, found.end)
            if any(h.start <= span.start < h.end for h in headings):
                continue
            number = counts.get(context.value, 0) + 1
            counts[context.value] = number
            call = NamedNode(f"{context.value}/calls/{number}")
            subject, called = found.subject(span_text.text), found.called(span_text.text)
            out.types(call, GB.Call)
            out.add(call, GB.callingDocument, doc_iri)
            out.add(call, GB.callIn, context)
            out.add(call, GB.called, text(called, "zh"))
            out.add(call, GB.calledSubject, text(subject, "zh"))
            out.add(call, GB.calledKind, text(found.kind, "zh"))
            evidence = out.span(call, span)
            facts.append({"call": call.value, "context": context.value, "document": doc_iri.value,
                          "span": evidence.value, "jurisdiction": jurisdiction, "date": date,
                          "subject": subject, "kind": found.kind, "family": words.kinds[found.kind]})
    return facts


def title_fact(doc: Document, doc_iri: NamedNode, jurisdiction: str, date: str | None) -> dict:
    """What answers.py compares a call with: the title that names what the document is."""
    title = doc.plan_title or doc.title
    return {"document": doc_iri.value, "number": doc.number, "jurisdiction": jurisdiction, "date": date,
            "title": title, "family": title_family(title)}


def title_family(title: str, words: reference.CallWords | None = None) -> str | None:
    """The family of the kind a title ends with (a trailing （2023—2027年） or （试行） aside)."""
    words = words or reference.call_words()
    core = title
    while core.endswith(("）", ")")):
        opening = max(core.rfind("（"), core.rfind("("))
        if opening <= 0:
            break
        core = core[:opening]
    kind = next((k for k in words.kinds if core.endswith(k)), None)
    return words.kinds[kind] if kind else None
