"""The shared graphs as N-Quads lines: their union, how it differs from the published one, and
what a build that judges a few of their nodes again reads of them.

The shared graphs are the ontology, what sources say of nodes no source owns (people, agencies,
indicators), and what is computed over every source's facts (the answers to calls, the
commitments). They are kept as sorted lines, as the dump writes them: the lines of one subject
are then one run, found by bisection, and a build that adds sources to the published ones
changes them by a difference, not by making and sorting the whole union again. At a thousand
issues the commitments are nineteen lines in twenty of them.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from pyoxigraph import NamedNode, Quad, RdfFormat, serialize

from .answers import answer_quads
from .commitments import commitment_key, each_commitment_quads, revision, tails
from .mapping import Minter
from .mapping.vocab import GB
from .shard import ontology_quads, parse_nquads
from .store import SharedDifference

RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_SUBCLASS = NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf")
COMPUTED_GRAPHS = ("answers", "commitments")  # computed over every source's facts
_TYPE = f"<{RDF_TYPE.value}>".encode()
_SUBCLASS = f"<{RDFS_SUBCLASS.value}>".encode()


@dataclass
class SharedGraphs:
    """The shared graphs' lines, each once, sorted; their difference from the published ones
    (None when none is published); the commitments' tails; and the target statements that were
    read to make them (what the answered types of the judged nodes come from)."""

    lines: list[bytes]
    difference: SharedDifference | None
    tails: dict
    statements: list[dict]


def union(keys: list[str], cache, base, previous: dict | None, summaries: list[dict], published: bytes,
          published_tails: dict | None) -> SharedGraphs:
    """The shared graphs of the sources of `keys`, against `published` (the published shared
    dump, b"" when there is none) and `published_tails` (its commitments' tails, None when unknown).

    When the build only adds sources to the published ones, the published lines are the start:
    the answers are computed again over all sources, from their facts, and the commitments
    revised where an added source states them (commitments.revision: a history the new
    statements continue is appended to from its tail, any other computed again from the earlier
    sources' statements); the added sources' shares join. Otherwise the union is made from the
    ontology and every source's share."""
    iris = Minter(base)
    if published and set(previous["keys"]) <= set(keys) and previous["base"] == iris.base:
        return _revised(keys, cache, base, previous, summaries, published, published_tails)
    every = [fact for key in keys for fact in cache.statements(key)]
    lines = computed_lines(summaries, every, base)
    for key in keys:
        lines.update(cache.read(key, "shared.nq").splitlines())
    lines.discard(b"")
    made = sorted(lines)
    difference = None
    if published:
        before = set(published.splitlines())
        difference = SharedDifference(removed=sorted(before.difference(lines)),
                                      added=[line for line in made if line not in before])
    return SharedGraphs(made, difference, tails(every), every)


def computed_lines(summaries: list[dict], statements: list[dict], base) -> set[bytes]:
    """The lines of the shared graphs that no source writes: the ontology, the answers (from the
    summaries' facts) and the commitments (from the statements)."""
    lines: set[bytes] = set(_nquad_lines(ontology_quads(base)))
    lines.update(_nquad_lines(answers(summaries, base)))
    lines.update(_nquad_lines(each_commitment_quads(statements, base)))
    return lines


def _revised(keys, cache, base, previous, summaries, published: bytes, published_tails) -> SharedGraphs:
    iris = Minter(base)
    before = set(previous["keys"])
    added = sorted(set(keys) - before)
    earlier_keys = [key for key in keys if key in before]

    def earlier_of(wanted: set[tuple] | None) -> list[dict]:
        return [fact for key in earlier_keys for fact in cache.statements(key)
                if wanted is None or commitment_key(fact) in wanted]

    known = published_tails if published_tails is not None else tails(earlier_of(None))
    revised = revision(known, [fact for key in added for fact in cache.statements(key)], earlier_of, base)
    old = published.splitlines()
    answers_graph, commitments_graph = (f" <{iris.graph(name).value}> .".encode() for name in COMPUTED_GRAPHS)
    leaving = set(lines_ending(published, answers_graph))
    for subject in revised.subjects:
        leaving.update(line for line in starting(old, f"<{subject.value}> ".encode())
                       if line.endswith(commitments_graph))
    for commitment in revised.counts:
        leaving.update(starting(old, f"<{commitment.value}> <{GB.statementCount.value}> ".encode()))
    new = set(_nquad_lines(answers(summaries, base) + revised.quads))
    for key in added:
        new.update(cache.read(key, "shared.nq").splitlines())
    new.discard(b"")
    removed = sorted(leaving - new)
    joining = sorted(line for line in new if not _holds(old, line))
    gone = set(removed)
    lines = [line for line in old if line not in gone] if gone else old
    lines += joining
    lines.sort()  # two sorted runs: merged in one pass
    return SharedGraphs(lines, SharedDifference(removed=removed, added=joining), {**known, **revised.tails},
                        revised.read)


def statements(summaries: list[dict]) -> list[dict]:
    """The target statements of summaries that hold them (a shard's, in memory)."""
    return [f for s in summaries for f in s.get("statements", [])]


def answers(summaries: list[dict], base) -> list[Quad]:
    """The answers graph, computed from every source's calls, document titles and mentions."""
    calls = [c for s in summaries for c in s.get("calls", [])]
    documents = [d for s in summaries for d in s.get("titles", [])]
    mentions = [m for s in summaries for m in s.get("mentions", [])]
    return answer_quads(calls, documents, base, mentions)


def answered_types(summaries: list[dict], statements: list[dict],
                   nodes: set[bytes] | None = None) -> dict[bytes, list[bytes]]:
    """The classes of the nodes the answers and commitments link (every statement's target is a
    gb:Target), as their shards wrote them: for each node (written `<…>`) of `nodes`, or of all,
    its rdf:type lines. What the shared graphs are validated against, since those nodes' own
    triples stay in their shards. The statements are those the commitments were made from: of
    an append, the ones it compared, whose nodes are all it judges."""
    typed: dict[bytes, set[str]] = {}

    def add(node: str, classes) -> None:
        token = f"<{node}>".encode()
        if nodes is None or token in nodes:
            typed.setdefault(token, set()).update(classes)

    for summary in summaries:
        for fact in (*summary.get("calls", []), *summary.get("titles", []), *summary.get("mentions", [])):
            for node, classes in fact.get("types", {}).items():
                add(node, classes)
    for fact in statements:
        add(fact["target"], (GB.Target.value,))
    return {token: [token + b" " + _TYPE + f" <{cls}> .".encode() for cls in sorted(classes)]
            for token, classes in typed.items()}


def subjects(lines: list[bytes]) -> list[str]:
    """The IRIs that are subjects of the sorted lines, in order."""
    found: list[str] = []
    last = b"\n"  # no line starts with it
    for line in lines:
        if line.startswith(b"<") and not line.startswith(last):
            last = line[:line.index(b"> ") + 2]
            found.append(last[1:-2].decode())
    return found


def _nquad_lines(quads) -> list[bytes]:
    return (serialize(quads, format=RdfFormat.N_QUADS) or b"").splitlines()


def terms(line: bytes) -> tuple[bytes, bytes, bytes]:
    """An N-Quads line's subject, predicate and the first token of its object (the whole object
    when it is an IRI or a blank node), as they are written: `<…>` for an IRI."""
    subject, predicate, value, *_ = line.split(b" ", 3) + [b"", b"", b""]
    return subject, predicate, value


def starting(lines: list[bytes], prefix: bytes) -> list[bytes]:
    """The lines of a sorted list that start with `prefix` (`<s> ` for a subject's): one run."""
    start = end = bisect_left(lines, prefix)
    while end < len(lines) and lines[end].startswith(prefix):
        end += 1
    return lines[start:end]


def _holds(lines: list[bytes], line: bytes) -> bool:
    at = bisect_left(lines, line)
    return at < len(lines) and lines[at] == line


def lines_ending(data: bytes, end: bytes) -> list[bytes]:
    """The lines of N-Quads bytes that end with `end` (a graph's ` <g> .`): found by searching
    the bytes, since no newline is ever inside an N-Quads line."""
    found, marker, at = [], end + b"\n", 0
    while (at := data.find(marker, at)) >= 0:
        found.append(data[data.rfind(b"\n", 0, at) + 1:at + len(end)])
        at += len(marker)
    return found


def lines_containing(data: bytes, token: bytes) -> list[bytes]:
    """The lines of N-Quads bytes that contain `token`, each once."""
    found, at = [], 0
    while (at := data.find(token, at)) >= 0:
        start, end = data.rfind(b"\n", 0, at) + 1, data.find(b"\n", at)
        end = len(data) if end < 0 else end
        found.append(data[start:end])
        at = end
    return found


def changed_nodes(difference: SharedDifference, moved_foreign: list[bytes], shared: list[bytes],
                  backwards: set[str]) -> set[str]:
    """The nodes of the shared graphs that anything said of them changed: the subjects of the
    lines that the difference and the moved sources' foreign lines hold, the objects of those
    whose predicate a shape follows backwards (`backwards`), and the nodes whose lines point to
    a node whose types changed, either way, since sh:class judges a node by them."""
    lines = set(difference.removed) | set(difference.added) | set(moved_foreign)
    lines.discard(b"")
    changed = parse_nquads(b"\n".join(lines))
    touched = {q.subject.value for q in changed}
    touched |= {q.object.value for q in changed if q.predicate.value in backwards and type(q.object) is NamedNode}
    retyped = {q.subject.value for q in changed if q.predicate == RDF_TYPE}
    if retyped:  # read from the lines, not parsed: only IRIs matter here, and the graphs are large
        retyped_tokens = {f"<{node}>".encode() for node in retyped}
        for line in shared:  # the lines that point to a retyped node: their objects, in one pass
            if line.split(b" ", 3)[2] in retyped_tokens and line.startswith(b"<"):
                touched.add(terms(line)[0][1:-1].decode())
        backward_tokens = {f"<{predicate}>".encode() for predicate in backwards}
        for token in sorted(retyped_tokens):  # the lines of a retyped node: one run each
            for line in starting(shared, token + b" "):
                _, predicate, value = terms(line)
                if predicate in backward_tokens and value.startswith(b"<"):
                    touched.add(value[1:-1].decode())
    return touched


class Neighbourhoods:
    """What `validate_shared(…, only=nodes)` reads of the shared graphs' lines and the foreign
    N-Quads, for any set of nodes: the lines about the nodes (of the sorted shared lines, whose
    bytes are `shared_data`, then of the foreign ones), those that point to one of them by a
    predicate in `backwards`, the types of every node these name (`types_of(tokens)` gives the
    lines of types kept outside both) and the class hierarchy. Taken from the lines before
    anything is parsed, so that a build parses the neighbourhood of the nodes it judges, a
    bounded number at a time, never the whole corpus's shared graphs at once."""

    def __init__(self, shared: list[bytes], shared_data: bytes, foreign: bytes, types_of, backwards: set[str]):
        self.shared, self.types_of = shared, types_of
        self.pointing: dict[bytes, list[bytes]] = {}  # a node's token → the backward lines to it
        for predicate in sorted(backwards):
            token = f"<{predicate}>".encode()
            for line in lines_containing(shared_data, b" " + token + b" "):
                subject, used, value = terms(line)
                if used == token:
                    self.pointing.setdefault(value, []).append((subject, line))
        self.hierarchy = lines_containing(shared_data, b" " + _SUBCLASS + b" ")
        self.typed: dict[bytes, list[bytes]] = {}
        self.foreign: dict[bytes, list[bytes]] = {}
        for line in foreign.splitlines():
            subject, predicate, value = terms(line)
            if predicate == _TYPE:
                self.typed.setdefault(subject, []).append(line)
            elif predicate == _SUBCLASS:
                self.hierarchy.append(line)
            self.foreign.setdefault(subject, []).append(line)
            if value != subject:
                self.foreign.setdefault(value, []).append(line)

    def of(self, nodes) -> tuple[bytes, bytes]:
        """The said lines and their context, for the nodes (IRIs)."""
        tokens = sorted({f"<{node}>".encode() for node in nodes})
        chosen = set(tokens)
        said = [line for token in tokens for line in starting(self.shared, token + b" ")]
        said += [line for token in tokens for subject, line in self.pointing.get(token, ()) if subject not in chosen]
        foreign = list(dict.fromkeys(line for token in tokens for line in self.foreign.get(token, ())))
        named = sorted({term for line in said + foreign for term in terms(line)[::2] if term.startswith((b"<", b"_:"))})
        context = foreign + self.hierarchy
        context += [line for node in named for line in starting(self.shared, node + b" " + _TYPE + b" ")]
        context += [line for node in named for line in self.typed.get(node, ())]
        context += self.types_of(set(named))
        return b"\n".join(said), b"\n".join(context)
