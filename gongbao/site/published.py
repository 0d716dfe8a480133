"""The store a build last published, followed across builds.

A build writes a new store directory and then swaps the `graph/store` link (store.py); the
site reads through whatever the link points at *now*, so it never answers from a store that
the next build removes (builds keep the current store and the one before it, long enough for
requests in flight to finish). Reading the link is one system call; each request does it.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import Store

from ..errors import StoreError
from ..store import store_path


@dataclass
class Generation:
    """One published store, opened read-only, with what the site computes from it once."""

    path: Path
    number: int
    store: Store
    cache: dict = field(default_factory=dict)
    locks: dict = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def computed(self, key: str, make):
        """A value derived from this store (a search index, a table of the graph), made once;
        a page that needs it waits for it, and only for it."""
        if key in self.cache:
            return self.cache[key]
        with self.lock:
            lock = self.locks.setdefault(key, threading.Lock())
        with lock:
            if key not in self.cache:
                self.cache[key] = make(self)
            return self.cache[key]


class Published:
    def __init__(self, graph_dir: Path, warm=None):
        self.warm = warm
        self.link = store_path(graph_dir)
        self.graph_dir = graph_dir
        self._current: Generation | None = None
        self._lock = threading.Lock()
        self._count = 0

    def target(self) -> Path:
        try:
            return (self.link.parent / os.readlink(self.link)).resolve()
        except OSError:
            if self.link.is_dir():  # a store directory in place of the link (an older layout)
                return self.link.resolve()
            raise StoreError(f"{self.link}: no store yet; run `python cli.py build` first") from None

    def current(self) -> Generation:
        target = self.target()
        current = self._current
        if current is not None and current.path == target:
            return current
        with self._lock:
            if self._current is None or self._current.path != target:
                self._count += 1
                self._current = Generation(target, self._count, Store.read_only(str(target)))
                if self.warm is not None:
                    threading.Thread(target=self.warm, args=(self._current,), daemon=True,
                                     name=f"warm-{self._count}").start()
            return self._current
