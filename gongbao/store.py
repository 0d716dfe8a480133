"""The on-disk Oxigraph store under graph/, with its dump and texts, written atomically.

Each build writes a generation beside the published one, `graph/generations/<name>/`:
  store/          the Oxigraph store
  dump/           the N-Quads dump: shared.nq (the shared graphs), sources/<file>.nq (each source's own graphs)
  texts/          the texts extracted from PDFs, web pages and Word files, which spans count into
  commitments.json each commitment's count and last statement, for the next build to append to
  manifest.json   which sources (by key) and graphs the store holds, for the next build
and only then points the links `graph/dump`, `graph/texts` and, last, `graph/store` at it (atomic
renames), so a failed or invalid build leaves the last good store, and any server reading it,
untouched. The dump and texts are hard links to the build's shard files; the store, when the
published one can be reused, starts as an Oxigraph checkpoint of it (hard links too).
"""

from __future__ import annotations

import io
import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import NamedNode, RdfFormat, Store, parse, serialize

from . import paths
from .errors import StoreError

STORE_LINK = "store"
DUMP_LINK = "dump"
TEXTS_LINK = paths.TEXTS
GENERATIONS_DIR = "generations"
MANIFEST = "manifest.json"
TAILS = "commitments.json"  # each commitment's count and last statement
SHARED_DUMP = "shared.nq"
KEEP = 2  # the current generation and the one before it, which a running server may still read


def store_path(graph_dir: Path | None = None) -> Path:
    return (graph_dir or paths.GRAPH) / STORE_LINK


def open_read_only(graph_dir: Path | None = None) -> Store:
    path = store_path(graph_dir)
    if not path.exists():
        raise StoreError(f"{path}: no store yet; run `python cli.py build` first")
    return Store.read_only(str(path.resolve()))


def nquads(quads) -> bytes:
    """Sorted N-Quads: the same quads always give the same bytes."""
    data = serialize(quads, format=RdfFormat.N_QUADS) or b""
    lines = sorted(set(data.splitlines()))
    return b"\n".join(lines) + (b"\n" if lines else b"")


def dump_files(graph_dir: Path | None = None) -> list[Path]:
    """The published dump's files in the order that makes the whole dump: the shared graphs,
    then each source's own graphs by file name."""
    link = (graph_dir or paths.GRAPH) / DUMP_LINK
    if not (link / SHARED_DUMP).exists():
        raise StoreError(f"{link}: no dump yet; run `python cli.py build` first")
    dump = link.resolve()
    return [dump / SHARED_DUMP, *sorted((dump / "sources").glob("*.nq"), key=lambda p: p.name)]


def read_dump(graph_dir: Path | None = None) -> bytes:
    """The whole published dump (small graphs; `write_dump` streams it to a file)."""
    return b"".join(path.read_bytes() for path in dump_files(graph_dir))


def write_dump(output, graph_dir: Path | None = None) -> int:
    """The whole dump into `output` (a binary file), one file after another; returns its size."""
    size = 0
    for path in dump_files(graph_dir):
        with open(path, "rb") as handle:
            while chunk := handle.read(1 << 20):
                output.write(chunk)
                size += len(chunk)
    return size


def published_manifest(graph_dir: Path) -> dict | None:
    """What the published store holds, or None (no store, or one an older layout wrote)."""
    path = current_generation(graph_dir)
    if path is None or not (path / MANIFEST).exists():
        return None
    return json.loads((path / MANIFEST).read_text(encoding="utf-8"))


def published_tails(graph_dir: Path) -> str | None:
    """The published generation's commitments' tails (JSON), or None (none, or an older layout)."""
    path = current_generation(graph_dir)
    return (path / TAILS).read_text(encoding="utf-8") if path is not None and (path / TAILS).exists() else None


def current_generation(graph_dir: Path) -> Path | None:
    """The published generation's directory, or None (no store, or one an older layout wrote)."""
    link = store_path(graph_dir)
    if not link.exists():
        return None
    target = link.resolve()
    return target.parent if target.name == STORE_LINK and target.parent.parent.name == GENERATIONS_DIR else None


@dataclass
class StagedGeneration:
    """A complete new generation that nothing points at yet: publish it, or discard it."""

    graph_dir: Path
    root: Path

    def publish(self) -> Path:
        try:
            _switch_link(self.graph_dir, self.root / DUMP_LINK, DUMP_LINK)
            _switch_link(self.graph_dir, self.root / TEXTS_LINK, TEXTS_LINK)
            _switch_link(self.graph_dir, self.root / STORE_LINK, STORE_LINK)
        except OSError as error:
            self.discard()
            raise StoreError(f"{self.graph_dir}: cannot publish the store: {error}") from error
        _prune(self.root.parent, keep=self.root)
        return self.root / STORE_LINK

    def discard(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


@dataclass
class SharedDifference:
    """The lines of the shared graphs that a build removes from the published ones, and adds."""

    removed: list[bytes]
    added: list[bytes]


def stage_generation(graph_dir: Path, previous: dict | None, manifest: dict, cache, shared: bytes,
                     difference: SharedDifference | None, tails: str) -> StagedGeneration:
    """Write the generation that `manifest` describes beside the published one; `difference` is
    how `shared` differs from the published shared graphs (None when none is published);
    `tails` the commitments' tails (commitments.tails_json), which the next build appends to.

    The store starts as a checkpoint of the published store when that one was made under the
    same base and still holds some of the sources; the graphs of sources that left go, the
    shared graphs change by their difference, and the new sources' graphs are bulk-loaded from
    their shard files. Otherwise the store is loaded afresh, file by file.
    """
    root = graph_dir / GENERATIONS_DIR / f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-{time.monotonic_ns()}"
    keys = {entry["key"] for entry in manifest["sources"]}
    try:
        root.mkdir(parents=True)
        kept = _kept(graph_dir, previous, manifest)
        store_dir = root / STORE_LINK
        if kept:
            Store.read_only(str(current_generation(graph_dir) / STORE_LINK)).backup(str(store_dir))
            store = Store(str(store_dir))
            for entry in previous["sources"]:
                if entry["key"] not in keys:
                    for graph in entry["graphs"]:
                        store.remove_graph(NamedNode(graph))
            for quad in parse(b"\n".join(difference.removed), format=RdfFormat.N_QUADS):
                store.remove(quad)
            store.extend(parse(b"\n".join(difference.added), format=RdfFormat.N_QUADS))
        else:
            store = Store(str(store_dir))
        before = {entry["key"] for entry in previous["sources"]} if kept else set()
        files = [cache.path(entry["key"]) / "own.nq" for entry in manifest["sources"] if entry["key"] not in before]
        # Streamed loads of the new files (and of the shared graphs when the store starts empty):
        # parsed here, so that blank nodes (the ontology's) keep their labels and the store says
        # what the dump says (pyoxigraph's own bulk_load would relabel them); a bounded number of
        # bytes per load, since the bulk loader holds what one load gives it.
        for chunks, group in _load_groups([] if kept else [shared], files):
            stream = io.BufferedReader(_Concatenated(chunks, group), 1 << 20)
            store.bulk_extend(parse(stream, format=RdfFormat.N_QUADS))
        store.flush()
        if not kept:
            store.optimize()
        del store
        _write_dump(root / DUMP_LINK, manifest, cache, shared)
        _write_texts(root / TEXTS_LINK, manifest, cache)
        (root / TAILS).write_text(tails, encoding="utf-8")
        (root / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
        return StagedGeneration(graph_dir, root)
    except OSError as error:
        shutil.rmtree(root, ignore_errors=True)
        raise StoreError(f"{graph_dir}: cannot write the store: {error}") from error
    except BaseException:
        shutil.rmtree(root, ignore_errors=True)
        raise


LOAD_BYTES = 256 << 20  # of N-Quads per bulk load: the loader's memory is some times that


def _load_groups(chunks: list[bytes], files: list[Path]) -> list[tuple[list, list[Path]]]:
    """The byte strings, cut at line ends, and the files, in loads of about LOAD_BYTES each."""
    groups: list[tuple[list, list[Path]]] = []
    for data in chunks:
        start = 0
        while start < len(data):
            end = data.find(b"\n", min(start + LOAD_BYTES, len(data) - 1)) + 1 or len(data)
            groups.append(([memoryview(data)[start:end]], []))
            start = end
    size = LOAD_BYTES
    for path in files:
        if size >= LOAD_BYTES:
            groups.append(([], []))
            size = 0
        groups[-1][1].append(path)
        size += path.stat().st_size
    return groups


class _Concatenated(io.RawIOBase):
    """Byte strings, then files, read as one stream, a file open at a time."""

    def __init__(self, chunks: list[bytes], files: list[Path]):
        self._chunks = [memoryview(chunk) for chunk in chunks]  # sliced without copying
        self._files = list(files)
        self._handle = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while True:
            if self._chunks:
                chunk = self._chunks[0]
                size = min(len(buffer), len(chunk))
                buffer[:size] = chunk[:size]
                self._chunks[0] = chunk[size:]
                if not self._chunks[0]:
                    self._chunks.pop(0)
                if size:
                    return size
                continue
            if self._handle is None:
                if not self._files:
                    return 0
                self._handle = open(self._files.pop(0), "rb")
            size = self._handle.readinto(buffer)
            if size:
                return size
            self._handle.close()
            self._handle = None

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
        super().close()


def _kept(graph_dir: Path, previous: dict | None, manifest: dict) -> bool:
    if previous is None or previous.get("base") != manifest["base"] or previous.get("code") != manifest["code"]:
        return False
    current = current_generation(graph_dir)
    if current is None or not (current / STORE_LINK).is_dir():
        return False
    return bool({e["key"] for e in previous["sources"]} & {e["key"] for e in manifest["sources"]})


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system, or one without hard links
        shutil.copyfile(source, target)


def _write_dump(directory: Path, manifest: dict, cache, shared: bytes) -> None:
    (directory / "sources").mkdir(parents=True)
    (directory / SHARED_DUMP).write_bytes(shared)
    for entry in manifest["sources"]:
        _link_or_copy(cache.path(entry["key"]) / "own.nq", directory / "sources" / f"{entry['file']}.nq")


def _write_texts(directory: Path, manifest: dict, cache) -> None:
    directory.mkdir(parents=True)
    for entry in manifest["sources"]:
        text = cache.text(entry["key"])
        if text is not None:
            # the path gb:extractedText gives, inside this generation's texts
            _link_or_copy(text, directory / Path(paths.extracted_text(entry["file"])).relative_to(TEXTS_LINK))


def _switch_link(graph_dir: Path, target: Path, name: str) -> None:
    link = graph_dir / name
    if link.exists() and not link.is_symlink():
        raise StoreError(f"{link}: expected a link into {GENERATIONS_DIR}/, found a directory")
    tmp = graph_dir / f".{name}.{os.getpid()}"
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    tmp.symlink_to(target.relative_to(graph_dir))
    os.replace(tmp, link)


def _prune(generations: Path, keep: Path) -> None:
    others = sorted((p for p in generations.iterdir() if p.is_dir() and p != keep), key=lambda p: p.name)
    for path in others[: max(0, len(others) - (KEEP - 1))]:
        shutil.rmtree(path, ignore_errors=True)
