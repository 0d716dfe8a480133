"""Issue, documents, plans and outlines → triples."""

from __future__ import annotations

from pyoxigraph import NamedNode

from .. import paths
from ..parse.source import PLAIN_TEXT
from ..records import Document, Issue, OutlineNode
from .emit import Emitter, date, integer, text
from .iris import Minter
from .vocab import DCTERMS, ELI, GB, RDFS

_NODE_CLASS = {"part": GB.Part, "group": GB.Group, "item": GB.Item, "subitem": GB.Subitem,
               "chapter": GB.Chapter, "section": GB.Section, "article": GB.Article}
_TASK_KINDS = {"item", "subitem"}
_HEAD_PROPERTY = {"copy_number": GB.copyNumber, "secrecy": GB.secrecy, "urgency": GB.urgency,
                  "issuer_mark": GB.issuerMark}


def map_issue_record(out: Emitter, iris: Minter, issue: Issue) -> NamedNode | None:
    """The issue and its gazette; for documents standing alone, only their source text."""
    out.types(out.source_iri, GB.SourceText)
    out.add(out.source_iri, DCTERMS.identifier, text(issue.source_name))
    out.add(out.source_iri, DCTERMS.format, text(issue.media_type))
    if issue.media_type != PLAIN_TEXT:
        # the text spans count into: the build keeps it beside the store
        out.add(out.source_iri, GB.extractedText, text(paths.extracted_text(issue.source_name)))
    if issue.page_count is not None:
        out.add(out.source_iri, GB.pageCount, integer(issue.page_count))
    if issue.address:
        out.add(out.source_iri, DCTERMS.source, NamedNode(issue.address))
    node = iris.issue(issue)
    if node is None:
        return None
    gazette = iris.gazette(issue)
    out.types(node, GB.GazetteIssue)
    out.add(node, GB.issueOf, gazette)
    out.add(node, RDFS.label, text(f"{issue.gazette} {issue.year}年第{issue.number}期", "zh"))
    out.add(node, GB.year, integer(issue.year))
    out.add(node, GB.issueNumber, integer(issue.number))
    if issue.total_number is not None:
        out.add(node, GB.totalIssueNumber, integer(issue.total_number))
    if issue.date:
        out.add(node, ELI.date_publication, date(issue.date))
    out.add(node, GB.source, out.source_iri)
    out.span(node, issue.span)
    # A gazette is one node whatever issue names it: described once, in a shared graph.
    with out.in_graph(iris.graph("gazettes")):
        out.types(gazette, GB.Gazette)
        out.add(gazette, RDFS.label, text(issue.gazette, "zh"))
        if issue.gazette_en:
            out.add(gazette, RDFS.label, text(issue.gazette_en.title(), "en"))
    return node


def map_document(out: Emitter, iris: Minter, issue_iri: NamedNode | None, doc: Document,
                 issuer: NamedNode | None) -> NamedNode:
    node = iris.document(doc)
    out.types(node, GB.PolicyDocument)
    if issue_iri is not None:
        out.add(node, ELI.is_part_of, issue_iri)
    else:
        out.add(node, GB.source, out.source_iri)  # a document outside any issue: its own text is its source
    out.add(node, ELI.id_local, text(doc.number))
    out.add(node, DCTERMS.title, text(doc.title, "zh"))
    out.add(node, RDFS.label, text(doc.number, "zh"))
    if doc.title_en:
        out.add(node, DCTERMS.title, text(doc.title_en, "en"))
    if doc.kind:
        out.add(node, GB.documentKind, text(doc.kind, "zh"))
    if doc.issuer:
        out.add(node, GB.issuerName, text(doc.issuer))
    out.add(node, ELI.passed_by, issuer)
    if doc.date:
        out.add(node, ELI.date_document, date(doc.date))
    if doc.note:
        out.add(node, GB.note, text(doc.note, "zh"))
    if doc.signer:
        out.add(node, GB.signerName, text(doc.signer, "zh"))
    if doc.division:
        out.add(node, GB.divisionKind, text(doc.division))
    if doc.start_year is not None:
        out.add(node, GB.startYear, integer(doc.start_year))
        out.add(node, GB.endYear, integer(doc.end_year))
    if doc.page is not None:
        out.add(node, GB.page, integer(doc.page))
    for addressee in doc.addressees:
        out.add(node, GB.addressee, text(addressee.name))
    for element, value in sorted(doc.heads.items()):
        out.add(node, _HEAD_PROPERTY[element], text(value))
    for copy in doc.copies:
        out.add(node, GB.copyRecipient, text(copy))
    if doc.printed_by:
        out.add(node, GB.printedBy, text(doc.printed_by))
    out.span(node, doc.span)
    if doc.page_facts_span is not None:
        _page_facts(out, node, doc)
    root_iri = node
    if doc.plan_title is not None:
        root_iri = _attached_text(out, node, iris.plan(doc), doc.plan_title, doc.plan_title_span)
    annexes = {}
    for number, title, span in doc.annexes:
        annexes[number] = _attached_text(out, node, iris.annex(doc, number), title, span)
        out.add(annexes[number], GB.ordinal, integer(number))  # 附件2 → 2
    for root in doc.outline:
        map_node(out, iris, doc, node, annexes.get(root.annex, root_iri), root)
    return node


def _page_facts(out: Emitter, node: NamedNode, doc: Document) -> None:
    """What the portal's metadata table says of the document, traced to that table."""
    if doc.published:
        out.add(node, ELI.date_publication, date(doc.published))
    if doc.index_number:
        out.add(node, DCTERMS.identifier, text(doc.index_number))
    for subject in doc.subjects:
        out.add(node, DCTERMS.subject, text(subject, "zh"))
    if doc.validity:
        out.add(node, GB.validity, text(doc.validity, "zh"))
    out.span(node, doc.page_facts_span, "page-facts")


def _attached_text(out: Emitter, document: NamedNode, plan: NamedNode, title: str, title_span) -> NamedNode:
    """A text the document issues or attaches: a plan, a regulation, one of several 附件."""
    out.add(document, ELI.has_part, plan)
    out.types(plan, GB.Plan)
    out.add(plan, ELI.is_part_of, document)
    out.add(plan, DCTERMS.title, text(title, "zh"))
    out.add(plan, RDFS.label, text(title, "zh"))
    out.span(plan, title_span, "title-span")
    return plan


def map_node(out: Emitter, iris: Minter, doc: Document, doc_iri: NamedNode, parent: NamedNode,
             record: OutlineNode) -> NamedNode:
    node = iris.node(doc, record)
    out.types(node, GB.OutlineNode, _NODE_CLASS[record.kind])
    if record.kind in _TASK_KINDS or record.unit_lists:
        out.types(node, GB.Task)
    out.add(node, ELI.is_part_of, parent)
    out.add(parent, ELI.has_part, node)
    out.add(node, GB.document, doc_iri)
    out.add(node, GB.printedLabel, text(record.label))
    out.add(node, GB.ordinal, integer(record.ordinal))
    out.add(node, GB.path, text(record.path))
    out.add(node, DCTERMS.title, text(record.title, "zh"))
    out.add(node, RDFS.label, text(f"{record.path} {record.title}", "zh"))
    out.span(node, record.span)
    for child in record.children:
        map_node(out, iris, doc, doc_iri, node, child)
    return node
