"""Links between documents: citations of 《titles》 and plans that answer a call for them.

refers_to: a 《…》 citation. Its title is compared with the plan titles of the issue's
documents (layout spaces out, brackets at full width); a match is a link to that document,
a notice naming its own plan is no link, and any other title is a work outside the graph,
made a node of its own so that two citations of it meet.
implements: a document that is a programme's plan (mapping/programmes.py) applies the
place of another document that calls for that plan; the call is the evidence.
ELI's eli:cites and eli:applies carry the links (eli:implements is deprecated); a
gb:DocumentLink keeps the kind and the quote.
"""

from __future__ import annotations


from pyoxigraph import NamedNode

from ..mentions import read_span, text_regions
from ..parse.text import CITATION, normalise_title
from ..records import Issue
from .emit import Emitter, text
from .iris import Minter
from .mentions import context_iri
from .programmes import ProgrammeLinks
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
            out.span(link, span_text.span(m.start(), m.end()))


def map_programme_plans(out: Emitter, iris: Minter, links: ProgrammeLinks) -> None:
    counts: dict[str, int] = {}
    for call in links.calls:
        for plan_doc, plan_iri in links.plans.get(call.programme, []):
            if plan_doc is call.doc:
                continue
            number = counts.get(plan_iri.value, 0) + 1
            counts[plan_iri.value] = number
            link = NamedNode(f"{plan_iri.value}/applies/{number}")
            _link(out, link, plan_iri, call.context, "implements", ELI.applies)
            out.add(link, GB.programme, iris.programme(call.programme))
            out.span(link, call.span)


def _link(out: Emitter, link: NamedNode, source: NamedNode, target: NamedNode, kind: str,
          predicate: NamedNode) -> None:
    out.types(link, GB.DocumentLink)
    out.add(link, GB.linkFrom, source)
    out.add(link, GB.linkTo, target)
    out.add(link, GB.linkKind, text(kind))
    out.add(source, predicate, target)
