"""Coverage reports from the last build's report file: the target reader's, and the outline's."""

from __future__ import annotations

import json
from pathlib import Path

from .build import REPORT
from .errors import StoreError


def _report(graph_dir: Path) -> dict:
    path = graph_dir / REPORT
    if not path.exists():
        raise StoreError(f"{path}: no build report yet; run `python cli.py build` first")
    return json.loads(path.read_text(encoding="utf-8"))


def outline_text(graph_dir: Path) -> str:
    """Per document: its kind, how much of its outlined text the outline took, and the lines
    of the paragraphs outside it (kept as text; build-report.json has their spans)."""
    lines = [f"{'source':<24}{'document':<22}{'kind':<6}{'outlined':>10}  paragraphs outside the outline (lines)"]
    for doc in _report(graph_dir).get("outline", []):
        share = doc["outlined_chars"] / doc["text_chars"] if doc["text_chars"] else 0.0
        where = ", ".join(str(u["line"]) for u in doc["untaken"]) or "-"
        lines.append(f"{doc['source']:<24}{doc['number']:<20}{doc['kind'] or '?':<6}{share:>10.1%}  {where}")
    return "\n".join(lines)


def coverage_text(graph_dir: Path, source_dir: Path | None = None) -> str:
    report = _report(graph_dir)
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
