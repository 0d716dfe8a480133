"""Reference tables under mappings/: printed names mapped to entities.

Adding an alias or a post title is an edit to a CSV file, never to code.
"""

from __future__ import annotations

import csv
import re
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
        key = normalise_name(printed)
        found = self.by_name.get(key)
        if found is not None:
            return found
        # "市发展改革委（市粮食局）": one body printed with its second name. It resolves
        # when the first name does and the second names the same body (or nothing known).
        m = _SECOND_NAME.match(key)
        if m:
            first = self.by_name.get(m.group(1))
            second = self.by_name.get(m.group(2))
            if first is not None and second in (None, first):
                return first
        return None


_SECOND_NAME = re.compile(r"^(.+?)（([^（）]+)）$")


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


@lru_cache(maxsize=None)
def document_series(home: Path = paths.MAPPINGS) -> tuple[dict[str, str], ...]:
    return tuple(read_table(home / "document-series.csv", ["series", "slug", "issuer"]))


@lru_cache(maxsize=None)
def gazettes(home: Path = paths.MAPPINGS) -> tuple[dict[str, str], ...]:
    return tuple(read_table(home / "gazettes.csv", ["name", "slug", "name_en", "publisher", "government"]))
