"""The target reader's coverage report, from the last build's report file."""

from __future__ import annotations

import json
from pathlib import Path

from .build import REPORT
from .errors import StoreError


def coverage_text(graph_dir: Path, source_dir: Path | None = None) -> str:
    path = graph_dir / REPORT
    if not path.exists():
        raise StoreError(f"{path}: no build report yet; run `python cli.py build` first")
    report = json.loads(path.read_text(encoding="utf-8"))
    lines = []
    for issue in report.get("targets", []):
        text = _source_text(issue["source"], source_dir)
        lines.append(f"{issue['source']}")
        lines.append(f"  {'document':<22}{'clauses with numbers':>22}{'targets':>9}{'skipped':>9}")
        for doc in issue["documents"]:
            lines.append(f"  {doc['number']:<20}{doc['clauses_with_numbers']:>22}{doc['targets']:>9}"
                         f"{len(doc['skipped']):>9}")
        for doc in issue["documents"]:
            for skipped in doc["skipped"]:
                start, end = skipped["start"], skipped["end"]
                around = f"{text[max(0, start - 6):start]}[{text[start:end]}]{text[end:end + 6]}" if text else ""
                lines.append(f"  skipped {doc['number']} {skipped['path']} {around!r}: {skipped['reason']}")
    return "\n".join(lines)


def _source_text(name: str, source_dir: Path | None) -> str | None:
    from . import paths

    from .parse.source import read_source

    path = (source_dir or paths.SOURCES) / name
    return read_source(path).text.replace("\n", " ") if path.exists() else None
