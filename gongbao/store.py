"""The on-disk Oxigraph store under graph/, written atomically.

A build writes a complete new store in its own directory and only then points the
`graph/store` link at it (an atomic rename), so a failed or invalid build leaves the
last good store, and any server reading it, untouched. The texts extracted from PDFs and
web pages, which the spans of that store count into, are kept the same way: a directory
per build under `graph/texts.d/`, and the link `graph/texts` to the current one.
"""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import Quad, RdfFormat, Store, serialize

from . import paths
from .errors import StoreError

STORE_LINK = "store"
STORES_DIR = "stores"
TEXTS_LINK = paths.TEXTS
TEXTS_DIR = "texts.d"
DUMP = "gongbao.nq"
KEEP = 2  # the current store and the one before it, which a running server may still read


def store_path(graph_dir: Path | None = None) -> Path:
    return (graph_dir or paths.GRAPH) / STORE_LINK


def open_read_only(graph_dir: Path | None = None) -> Store:
    path = store_path(graph_dir)
    if not path.exists():
        raise StoreError(f"{path}: no store yet; run `python cli.py build` first")
    return Store.read_only(str(path.resolve()))


def nquads(quads: list[Quad]) -> bytes:
    """Sorted N-Quads: rebuilding unchanged input gives byte-identical output."""
    data = serialize(quads, format=RdfFormat.N_QUADS) or b""
    lines = sorted(set(data.splitlines()))
    return b"\n".join(lines) + (b"\n" if lines else b"")


@dataclass
class StagedStore:
    """A complete new store that nothing points at yet: publish it, or discard it."""

    graph_dir: Path
    path: Path
    store: Store | None
    dump: bytes
    texts: Path | None = None

    def publish(self) -> Path:
        self.store = None  # closes the store before a server may open it
        try:
            partial = (self.graph_dir / DUMP).with_suffix(".nq.partial")
            partial.write_bytes(self.dump)
            if self.texts is not None:
                _switch_link(self.graph_dir, self.texts, TEXTS_LINK)
            _switch_link(self.graph_dir, self.path)
            os.replace(partial, self.graph_dir / DUMP)
        except OSError as error:
            self.discard()
            raise StoreError(f"{self.graph_dir}: cannot write the store: {error}") from error
        _prune(self.path.parent, keep=self.path)
        if self.texts is not None:
            _prune(self.texts.parent, keep=self.texts)
        return self.path

    def discard(self) -> None:
        self.store = None
        shutil.rmtree(self.path, ignore_errors=True)
        if self.texts is not None:
            shutil.rmtree(self.texts, ignore_errors=True)


def stage_store(quads: list[Quad], graph_dir: Path | None = None, dump: bytes | None = None,
                texts: dict[str, str] | None = None) -> StagedStore:
    """Write quads into a fresh store directory beside the current one, and make the dump;
    `texts` (source file name → extracted text) into a fresh texts directory.

    The current store, its link and the dump are not touched: a build validates while it
    writes, and publishes only a graph that conforms. `dump` is `nquads(quads)` when the caller
    has it already. The mapping writes every literal in the canonical form Oxigraph stores, so
    the dump made from the quads is what the store holds (a test reads the store back to check).
    """
    graph_dir = graph_dir or paths.GRAPH
    stores = graph_dir / STORES_DIR
    target = stores / f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-{time.monotonic_ns()}"
    try:
        stores.mkdir(parents=True, exist_ok=True)
        store = Store(str(target))
        store.bulk_extend(quads)
        store.flush()
        store.optimize()
        kept = _write_texts(graph_dir / TEXTS_DIR / target.name, texts or {})
        return StagedStore(graph_dir, target, store, nquads(quads) if dump is None else dump, kept)
    except OSError as error:
        shutil.rmtree(target, ignore_errors=True)
        shutil.rmtree(graph_dir / TEXTS_DIR / target.name, ignore_errors=True)
        raise StoreError(f"{graph_dir}: cannot write the store: {error}") from error


def _write_texts(directory: Path, texts: dict[str, str]) -> Path:
    directory.mkdir(parents=True)
    for name, text in texts.items():
        # the path gb:extractedText gives, inside this build's directory of texts
        (directory / Path(paths.extracted_text(name)).relative_to(TEXTS_LINK)).write_bytes(text.encode("utf-8"))
    return directory


def _switch_link(graph_dir: Path, target: Path, name: str = STORE_LINK) -> None:
    link = graph_dir / name
    if link.exists() and not link.is_symlink():
        raise StoreError(f"{link}: expected a link to a directory under {target.parent.name}/, found a directory")
    tmp = graph_dir / f".{name}.{os.getpid()}"
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    tmp.symlink_to(target.relative_to(graph_dir))
    os.replace(tmp, link)


def _prune(stores: Path, keep: Path) -> None:
    others = sorted((p for p in stores.iterdir() if p.is_dir() and p != keep), key=lambda p: p.name)
    for path in others[: max(0, len(others) - (KEEP - 1))]:
        shutil.rmtree(path, ignore_errors=True)
