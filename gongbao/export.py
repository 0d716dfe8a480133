"""Exports of the built store for people and other tools: CSV tables and whole-graph RDF dumps.

The CSV tables are the answers of the queries in queries/exports/ (one file per table), so
what a column means is written down in SPARQL beside the competency questions. The RDF
dumps hold every named graph: N-Quads (sorted, the same bytes as the build's dump), TriG
and JSON-LD.
"""

from __future__ import annotations

import csv
import os
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, Store

from . import paths
from . import query as queries
from .errors import StoreError
from .mapping.vocab import GB, PREFIXES
from .store import nquads, open_read_only

TABLES = ("tasks", "responsibilities", "duties", "targets")
# A table that is written only when the graph holds nodes of this class: targets come from
# a reader that an issue may not have, and an empty file would pass for "no targets".
REQUIRES_CLASS = {"targets": GB.Target}
DUMPS = {"gongbao.nq": RdfFormat.N_QUADS, "gongbao.trig": RdfFormat.TRIG, "gongbao.jsonld": RdfFormat.JSON_LD}


@dataclass
class Exported:
    path: Path
    count: int  # rows of a table, quads of a dump
    what: str  # "rows" or "quads"


def export_query_path(name: str) -> Path:
    return paths.QUERIES / "exports" / f"{name}.rq"


def run_export(output: Path, graph_dir: Path | None = None, bom: bool = False, progress=None) -> list[Exported]:
    """Write every table and dump of the built store into `output`."""
    store = open_read_only(graph_dir)
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(f"{output}: cannot create the export directory: {error.strerror or error}") from None
    written = []
    for name in TABLES:
        required = REQUIRES_CLASS.get(name)
        if required is not None and not _has_instances(store, required):
            if progress:
                progress(f"skip {name}.csv: the graph has no {required.value.rsplit('#', 1)[-1]} nodes")
            # A table left from an earlier export would speak for a graph that is gone.
            (output / f"{name}.csv").unlink(missing_ok=True)
            continue
        if progress:
            progress(f"table {name}")
        written.append(write_table(store, queries.load_query(str(export_query_path(name))),
                                   output / f"{name}.csv", bom))
    for file_name, fmt in DUMPS.items():
        if progress:
            progress(f"dump {file_name}")
        written.append(write_dump(store, output / file_name, fmt))
    return written


def write_table(store: Store, query: str, path: Path, bom: bool = False) -> Exported:
    """One CSV row per solution; IRIs and literals as their plain text, unbound as empty.

    UTF-8 throughout; `bom` puts a byte-order mark first, which is how Excel and WPS
    recognise UTF-8 (without it they read Chinese text as the local code page).
    """
    solutions = queries.run(store, query)
    variables = [v.value for v in solutions.variables]
    count = 0
    with _replacing(path) as partial:
        with partial.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(variables)
            for solution in solutions:
                writer.writerow([_cell(solution[v]) for v in variables])
                count += 1
    return Exported(path, count, "rows")


def write_dump(store: Store, path: Path, fmt: RdfFormat) -> Exported:
    quads = list(store)
    with _replacing(path) as partial:
        if fmt == RdfFormat.N_QUADS:
            # Sorted like the build's dump, so that exports of unchanged input diff clean.
            partial.write_bytes(nquads(quads))
        else:
            store.dump(str(partial), fmt, prefixes=PREFIXES)
    return Exported(path, len(quads), "quads")


def _has_instances(store: Store, cls: NamedNode) -> bool:
    return bool(store.query(f"ASK {{ ?x a <{cls.value}> }}", use_default_graph_as_union=True))


def _cell(term) -> str:
    if term is None:
        return ""
    if isinstance(term, (NamedNode, Literal)):
        return term.value
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    return str(term)


@contextmanager
def _replacing(path: Path):
    """Write to PATH.partial and move it over PATH only when the writing succeeded."""
    partial = path.with_name(path.name + ".partial")
    try:
        yield partial
        os.replace(partial, path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise StoreError(f"{path}: cannot write: {error.strerror or error}") from error
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
