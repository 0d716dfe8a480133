"""Programmes (双倍增 …): reference nodes, the places that text speaks of them, and their plans.

A document is a programme's plan when its plan's title names the programme followed by a
plan word (“双倍增”行动计划; mappings/plan-words.csv). Calls for plans, and the documents
that answer them, are mapping/calls.py's and answers.py's.
"""

from __future__ import annotations

from functools import lru_cache

from pyoxigraph import NamedNode

from .. import reference
from ..mentions import Found, NameIndex, read_span, text_regions
from ..parse.paragraph import Para
from ..records import Document
from .emit import Emitter, text
from .iris import Minter
from .calls import CLAUSE_END
from .mentions import MentionWriter, context_iri
from .vocab import GB, RDFS, SKOS

_CLOSING_QUOTES = "”’」』\""


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


def map_programme_mentions(out: Emitter, iris: Minter, doc: Document, doc_iri: NamedNode, jurisdiction: str,
                           date: str | None) -> list[dict]:
    """The mentions as gb:ProgrammeMention nodes; returns their facts for answers.py, which
    links each part that speaks of a programme to the document that defines it."""
    writer = MentionWriter(out, GB.ProgrammeMention, "programme", GB.mentionsProgramme,
                           iris.programme, doc_iri)
    words = reference.plan_words()
    facts = []
    for region in text_regions(doc):
        context = context_iri(iris, doc, doc_iri, region)
        span_text = read_span(out.source_text, region.span, region.masks)
        for found in programme_index().find(span_text):
            node = writer.write(found, context)
            if region.span == doc.plan_title_span and _plan_word_after(span_text, found, words):
                out.add(doc_iri, GB.planFor, iris.programme(found.entity))
            clause = found.start
            while clause > 0 and span_text.text[clause - 1] not in CLAUSE_END:
                clause -= 1
            facts.append({"programme": found.entity, "context": context.value, "document": doc_iri.value,
                          "span": node.value + "/span", "jurisdiction": jurisdiction, "date": date,
                          "qualifier": span_text.text[clause:found.start]})
    return facts


def _plan_word_after(text: Para, found: Found, words) -> int:
    """The end of the plan word right after the name (past a closing quote), or 0."""
    at = found.end
    while at < len(text.text) and text.text[at] in _CLOSING_QUOTES:
        at += 1
    for word in words.get("plan", ()):
        if text.text.startswith(word, at):
            return at + len(word)
    return 0
