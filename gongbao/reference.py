"""Reference tables under mappings/: printed names mapped to entities.

Adding an alias or a post title is an edit to a CSV file, never to code.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import paths
from .errors import ReferenceDataError


def read_table(path: Path, required: list[str]) -> list[dict[str, str]]:
    if not path.exists():
        raise ReferenceDataError(f"{path}: reference table is missing")
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [column for column in required if column not in (reader.fieldnames or [])]
        if missing:
            raise ReferenceDataError(f"{path}:1: expected columns {required}, missing {missing}")
        rows = []
        for line, row in enumerate(reader, start=2):
            if None in row or any(value is None for value in row.values()):
                raise ReferenceDataError(f"{path}:{line}: expected {len(reader.fieldnames)} columns")
            rows.append({key: value.strip() for key, value in row.items()})
        return rows


@dataclass(frozen=True)
class Post:
    title: str
    name_en: str
    rank: int


@dataclass(frozen=True)
class DutyVerb:
    verb: str
    relation: str
    object: str  # "area" or "agency"


@lru_cache(maxsize=None)
def posts(home: Path = paths.MAPPINGS) -> tuple[Post, ...]:
    rows = read_table(home / "posts.csv", ["title", "name_en", "rank"])
    return tuple(Post(r["title"], r["name_en"], int(r["rank"])) for r in rows)


@lru_cache(maxsize=None)
def duty_verbs(home: Path = paths.MAPPINGS) -> tuple[DutyVerb, ...]:
    rows = read_table(home / "duty-verbs.csv", ["verb", "relation", "object"])
    # Longest first, so that 协助负责 is not read as 负责.
    verbs = [DutyVerb(r["verb"], r["relation"], r["object"]) for r in rows]
    return tuple(sorted(verbs, key=lambda v: -len(v.verb)))


@dataclass
class Agency:
    id: str
    name: str
    aliases: list[str]
    name_en: str
    parent: str
    kind: str


@dataclass
class AgencyTable:
    agencies: list[Agency]
    by_name: dict[str, Agency] = field(default_factory=dict)

    def resolve(self, printed: str) -> Agency | None:
        return self.by_name.get(normalise_name(printed))


def normalise_name(name: str) -> str:
    """Names compare with brackets at full width and layout spaces removed."""
    return "".join(name.split()).replace("(", "（").replace(")", "）")


@lru_cache(maxsize=None)
def agencies(home: Path = paths.MAPPINGS) -> AgencyTable:
    path = home / "agencies.csv"
    rows = read_table(path, ["id", "name", "aliases", "name_en", "parent", "kind"])
    table = AgencyTable([])
    ids: set[str] = set()
    for line, row in enumerate(rows, start=2):
        aliases = [a.strip() for a in row["aliases"].split("|") if a.strip()]
        agency = Agency(row["id"], row["name"], aliases, row["name_en"], row["parent"], row["kind"])
        if agency.id in ids:
            raise ReferenceDataError(f"{path}:{line}: duplicate id {agency.id!r}")
        ids.add(agency.id)
        for name in [agency.name, *aliases]:
            key = normalise_name(name)
            if key in table.by_name:
                raise ReferenceDataError(
                    f"{path}:{line}: {name!r} already names {table.by_name[key].id!r}")
            table.by_name[key] = agency
        table.agencies.append(agency)
    return table
