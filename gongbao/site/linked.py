"""RDF for tools: what the graph says of one IRI, in the format asked for.

A resource's description is every triple with it as subject, and those of the nodes minted
under its IRI to say where it comes from (its span and the span's selector), so that a tool
that dereferences a task gets the task and its source quote in one answer.
"""

from __future__ import annotations

from pyoxigraph import NamedNode, RdfFormat, Store, Triple, serialize

from ..mapping.vocab import PREFIXES

# suffix → (media type, pyoxigraph format); html is the pages' own
FORMATS = {
    "ttl": ("text/turtle", RdfFormat.TURTLE),
    "jsonld": ("application/ld+json", RdfFormat.JSON_LD),
    "nt": ("application/n-triples", RdfFormat.N_TRIPLES),
    "rdf": ("application/rdf+xml", RdfFormat.RDF_XML),
}
HTML = "text/html"
_BY_TYPE = {media: suffix for suffix, (media, _) in FORMATS.items()}
_BY_TYPE["application/json"] = "jsonld"
_BY_TYPE["application/xml"] = "rdf"
_BY_TYPE["text/plain"] = "nt"


def split_suffix(path: str) -> tuple[str, str | None]:
    """`agency/cq-sti.ttl` → (`agency/cq-sti`, `ttl`); a path without a known suffix is itself."""
    stem, dot, suffix = path.rpartition(".")
    if dot and (suffix in FORMATS or suffix == "html") and "/" not in suffix:
        return stem, suffix
    return path, None


def negotiate(accept: str | None) -> str:
    """The suffix of the best format for an Accept header; HTML when the browser prefers it or
    nothing is said (q-values honoured, then the order given)."""
    if not accept:
        return "html"
    ranked = []
    for order, part in enumerate(accept.split(",")):
        media, *params = [p.strip() for p in part.split(";")]
        q = 1.0
        for param in params:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        ranked.append((-q, order, media.lower()))
    for q, _, media in sorted(ranked):
        if q == 0:
            continue
        if media in ("text/html", "application/xhtml+xml", "*/*", "text/*"):
            return "html"
        if media in _BY_TYPE:
            return _BY_TYPE[media]
    return "html"


def describe(store: Store, iri: str) -> list[Triple]:
    node = NamedNode(iri)
    triples = {Triple(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(node, None, None)}
    if not triples:
        return []
    prefix = iri + "/"
    spans = [t.object for t in triples if isinstance(t.object, NamedNode) and t.object.value.startswith(prefix)
             and t.predicate.value.endswith(("wasDerivedFrom", "valueSpan"))]
    for span in spans:
        for q in store.quads_for_pattern(span, None, None):
            triples.add(Triple(q.subject, q.predicate, q.object))
            if q.predicate.value.endswith("hasSelector"):
                triples.update(Triple(s.subject, s.predicate, s.object)
                               for s in store.quads_for_pattern(q.object, None, None))
    return sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def serialize_triples(triples: list[Triple], suffix: str, base: str) -> bytes:
    _, rdf_format = FORMATS[suffix]
    prefixes = None if rdf_format is RdfFormat.N_TRIPLES else dict(PREFIXES, id=base)
    return serialize(triples, format=rdf_format, prefixes=prefixes) or b""


def media_type(suffix: str) -> str:
    return FORMATS[suffix][0] if suffix in FORMATS else HTML

