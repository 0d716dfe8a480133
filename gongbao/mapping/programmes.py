"""Programmes (双倍增 …): reference nodes, the places that text speaks of them, and their plans.

A document is a programme's plan when its plan's title names the programme followed by a
plan word (“双倍增”行动计划). A call for a programme's plan is a clause of another document
that names the programme between a verb of making and a plan word (制定“双倍增”行动方案).
The words are in mappings/plan-words.csv.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from pyoxigraph import NamedNode

from .. import reference
from ..mentions import Found, NameIndex, read_span, text_regions
from ..parse.paragraph import Para
from ..records import Document, Span
from .emit import Emitter, text
from .iris import Minter
from .mentions import MentionWriter, context_iri
from .vocab import GB, RDFS, SKOS

_CLAUSE_END = "，。；：,;:\n"
_CLOSING_QUOTES = "”’」』\""


@dataclass(frozen=True)
class ProgrammeCall:
    """A clause of a document that calls for a programme's plan."""

    programme: str
    doc: Document
    context: NamedNode  # the outline node (or plan) the clause stands in
    span: Span  # 制定“双倍增”行动方案


@dataclass
class ProgrammeLinks:
    plans: dict[str, list[tuple[Document, NamedNode]]]  # programme id → (document, its IRI)
    calls: list[ProgrammeCall]


def map_programme_table(out: Emitter, iris: Minter) -> None:
    for programme in reference.programmes():
        node = iris.programme(programme.id)
        out.types(node, GB.Programme)
        out.add(node, SKOS.prefLabel, text(programme.name, "zh"))
        out.add(node, RDFS.label, text(programme.name, "zh"))
        if programme.name_en:
            out.add(node, RDFS.label, text(programme.name_en, "en"))
        for alias in programme.aliases:
            out.add(node, SKOS.altLabel, text(alias, "zh"))
        out.add(node, GB.programmeKind, text(programme.kind))


@lru_cache(maxsize=None)
def programme_index() -> NameIndex:
    names = [(name, p.id) for p in reference.programmes() for name in (p.name, *p.aliases)]
    return NameIndex(names, reference.mention_exclusions())


def map_programme_mentions(out: Emitter, iris: Minter, doc: Document, doc_iri: NamedNode,
                           links: ProgrammeLinks) -> None:
    writer = MentionWriter(out, GB.ProgrammeMention, "programme", GB.mentionsProgramme,
                           iris.programme, doc_iri)
    words = reference.plan_words()
    for region in text_regions(doc):
        context = context_iri(iris, doc, doc_iri, region)
        span_text = read_span(out.source_text, region.span, region.masks)
        for found in programme_index().find(span_text):
            writer.write(found, context)
            if region.span == doc.plan_title_span and _plan_word_after(span_text, found, words):
                links.plans.setdefault(found.entity, []).append((doc, doc_iri))
                out.add(doc_iri, GB.planFor, iris.programme(found.entity))
            call = _call(span_text, found, words)
            if call is not None:
                links.calls.append(ProgrammeCall(found.entity, doc, context, call))


def _plan_word_after(text: Para, found: Found, words) -> int:
    """The end of the plan word right after the name (past a closing quote), or 0."""
    at = found.end
    while at < len(text.text) and text.text[at] in _CLOSING_QUOTES:
        at += 1
    for word in words.get("plan", ()):
        if text.text.startswith(word, at):
            return at + len(word)
    return 0


def _call(text: Para, found: Found, words) -> Span | None:
    end = _plan_word_after(text, found, words)
    if not end:
        return None
    start = found.start
    while start > 0 and text.text[start - 1] not in _CLAUSE_END:
        start -= 1
    clause = text.text[start:found.start]
    verbs = [clause.find(verb) for verb in words.get("verb", ()) if verb in clause]
    if not verbs:
        return None
    return text.span(start + min(verbs), end)
