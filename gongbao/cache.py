"""Shards on disk: what each source was read into, kept under its key for the next build.

`graph/shards/<key>/` holds own.nq, shared.nq, foreign.nq, summary.json, facts.json,
statements.json and, for a source whose text was extracted, text.txt. The facts that the shared
graphs are computed from are kept apart from the summary, so that a build with nothing to do
reads the small summaries only: the calls, titles and mentions that the answers need, and apart
from them the target statements, which a build that appends to the commitments reads of the
added sources alone. A shard is written to a temporary directory
and renamed into place, so a directory under its key is always complete. The published dump and texts are hard
links to these files, so keeping a shard costs its bytes once.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from .shard import Shard

SHARDS_DIR = "shards"
FILES = ("own.nq", "shared.nq", "foreign.nq")
FACTS = ("calls", "titles", "mentions")  # of a shard's summary, kept in facts.json: what the answers need
STATEMENTS = "statements"  # its target statements, kept in statements.json: what the commitments need


class ShardCache:
    def __init__(self, graph_dir: Path):
        self.root = graph_dir / SHARDS_DIR

    def path(self, key: str) -> Path:
        return self.root / key

    def has(self, key: str) -> bool:
        return (self.path(key) / "summary.json").exists()

    def put(self, shard: Shard) -> None:
        final = self.path(shard.key)
        if final.exists():
            return
        partial = self.root / f".{shard.key}.{os.getpid()}"
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(parents=True)
        for name, data in zip(FILES, (shard.own, shard.shared, shard.foreign)):
            (partial / name).write_bytes(data)
        if shard.text is not None:
            (partial / "text.txt").write_bytes(shard.text.encode("utf-8"))
        facts = {name: shard.summary[name] for name in FACTS if name in shard.summary}
        summary = {name: value for name, value in shard.summary.items() if name not in (*FACTS, STATEMENTS)}
        (partial / "facts.json").write_text(json.dumps(facts, ensure_ascii=False), encoding="utf-8")
        (partial / "statements.json").write_text(json.dumps(shard.summary.get(STATEMENTS, []), ensure_ascii=False),
                                                 encoding="utf-8")
        # the summary last: a shard directory without one is incomplete and is not read
        (partial / "summary.json").write_text(json.dumps(summary, ensure_ascii=False), encoding="utf-8")
        try:
            os.rename(partial, final)
        except OSError:  # another build put the same shard meanwhile
            shutil.rmtree(partial, ignore_errors=True)

    def summary(self, key: str) -> dict:
        """The shard's summary without its facts (`facts`)."""
        return json.loads((self.path(key) / "summary.json").read_text(encoding="utf-8"))

    def facts(self, key: str) -> dict:
        return json.loads((self.path(key) / "facts.json").read_text(encoding="utf-8"))

    def statements(self, key: str) -> list[dict]:
        """The shard's target statements: read apart from its other facts, since a build that
        appends to the commitments needs the added sources' alone."""
        return json.loads((self.path(key) / "statements.json").read_text(encoding="utf-8"))

    def read(self, key: str, name: str) -> bytes:
        return (self.path(key) / name).read_bytes()

    def text(self, key: str) -> Path | None:
        path = self.path(key) / "text.txt"
        return path if path.exists() else None

    def prune(self, keep: set[str]) -> None:
        """Remove the shards no build still names (the published one's and the one before it's)."""
        if not self.root.is_dir():
            return
        for path in self.root.iterdir():
            if path.name not in keep:
                shutil.rmtree(path, ignore_errors=True)
