"""Links between documents that a document prints: citations of 《titles》.

refers_to: a 《…》 citation. Its title is compared with the plan titles of the issue's
documents (layout spaces out, brackets at full width); a match is a link to that document,
a notice naming its own plan is no link, and any other title is a work outside the graph,
made a node of its own so that two citations of it meet.
ELI's eli:cites carries the link; a gb:DocumentLink keeps the kind, the quote, the basis
(cites) and the confidence (1: the document prints it). The links a document implies, a plan
answering another's call for it, are answers.py's (eli:applies; eli:implements is deprecated).
"""

from __future__ import annotations


from pyoxigraph import NamedNode

from ..mentions import read_span, text_regions
from ..parse.text import CITATION, normalise_title
from ..records import Issue
from .emit import Emitter, decimal, text
from .iris import Minter
from .mentions import context_iri
from .vocab import DCTERMS, ELI, GB, RDFS



def map_citations(out: Emitter, iris: Minter, issue: Issue, doc, doc_iri: NamedNode) -> None:
    plans = {normalise_title(d.plan_title): d for d in issue.documents if d.plan_title}
    counts: dict[str, int] = {}
    for region in text_regions(doc):
        context = context_iri(iris, doc, doc_iri, region)
        span_text = read_span(out.source_text, region.span, region.masks)
        for m in CITATION.finditer(span_text.text):
            title = normalise_title(m.group(1))
            cited = plans.get(title)
            if cited is doc:
                continue
            if cited is not None:
                target = iris.document(cited)
            else:
                target = iris.work(title)
                # Cited by many documents, described once: the union default graph sees it once.
                with out.in_graph(iris.graph("cited-works")):
                    out.types(target, GB.CitedWork)
                    out.add(target, DCTERMS.title, text(title, "zh"))
                    out.add(target, RDFS.label, text(title, "zh"))
            number = counts.get(context.value, 0) + 1
            counts[context.value] = number
            link = NamedNode(f"{context.value}/cites/{number}")
            _link(out, link, context, target, "refers_to", ELI.cites)
            out.add(link, GB.basis, text("cites"))
            out.add(link, GB.confidence, decimal("1"))
            out.span(link, span_text.span(m.start(), m.end()))


def _link(out: Emitter, link: NamedNode, source: NamedNode, target: NamedNode, kind: str,
          predicate: NamedNode) -> None:
    out.types(link, GB.DocumentLink)
    out.add(link, GB.linkFrom, source)
    out.add(link, GB.linkTo, target)
    out.add(link, GB.linkKind, text(kind))
    out.add(source, predicate, target)
