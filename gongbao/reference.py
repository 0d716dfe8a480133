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
def division_closings(home: Path = paths.MAPPINGS) -> tuple[tuple[re.Pattern, str], ...]:
    """Closing sentences of a division of work that say what it leaves in force (其他…分工不变)."""
    rows = read_table(home / "division-closings.csv", ["pattern", "meaning", "example"])
    return tuple((re.compile(r["pattern"]), r["meaning"]) for r in rows)


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
    """Chongqing's agencies: the seed's table, which the division-of-work reader knows."""
    return agency_table(home / "agencies.csv")


@lru_cache(maxsize=None)
def agency_table(path: Path) -> AgencyTable:
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


@dataclass(frozen=True)
class Jurisdiction:
    """A government whose documents use its own reference tables (mappings/jurisdictions.csv)."""

    id: str
    name: str
    name_en: str
    government: str  # the government's name as its agencies table spells it
    series: tuple[str, ...]  # the document series it issues: 国发, 国办发 …
    agencies_path: Path | None
    gazetteer: bool  # regions.csv and programmes.csv, Chongqing's, are searched in its documents

    @property
    def agencies(self) -> AgencyTable:
        return agency_table(self.agencies_path) if self.agencies_path else AgencyTable([])


@lru_cache(maxsize=None)
def jurisdictions(home: Path = paths.MAPPINGS) -> tuple[Jurisdiction, ...]:
    rows = read_table(home / "jurisdictions.csv",
                      ["id", "name", "name_en", "government", "series", "agencies", "gazetteer"])
    return tuple(Jurisdiction(r["id"], r["name"], r["name_en"], r["government"],
                              tuple(s for s in r["series"].split("|") if s),
                              home / r["agencies"] if r["agencies"] else None,
                              r["gazetteer"] == "yes") for r in rows)


@lru_cache(maxsize=None)
def document_series(home: Path = paths.MAPPINGS) -> tuple[dict[str, str], ...]:
    return tuple(read_table(home / "document-series.csv", ["series", "slug", "issuer"]))


@lru_cache(maxsize=None)
def gazettes(home: Path = paths.MAPPINGS) -> tuple[dict[str, str], ...]:
    return tuple(read_table(home / "gazettes.csv", ["name", "slug", "name_en", "publisher", "government"]))


@lru_cache(maxsize=None)
def units(home: Path = paths.MAPPINGS) -> tuple[dict[str, str], ...]:
    return tuple(read_table(home / "units.csv", ["unit", "base_unit", "multiplier", "kind"]))


SCOPE_KINDS = ("area", "zone")


@lru_cache(maxsize=None)
def scope_names(home: Path = paths.MAPPINGS) -> tuple[str, ...]:
    """Printed names of the areas and zones a target can be set for (主城都市区, 中心城区 …)."""
    rows = read_table(home / "regions.csv", ["name", "aliases", "kind"])
    names = []
    for row in rows:
        if row["kind"] in SCOPE_KINDS:
            names.append(row["name"])
            names.extend(a.strip() for a in row["aliases"].split("|") if a.strip())
    return tuple(names)


UNREAD_INDICATOR = "（未识别指标）"  # what parse/targets.py writes when no indicator stands before a number


@dataclass
class IndicatorTable:
    labels: dict[str, str]  # printed label or alias → canonical label
    generic: tuple[str, ...]  # measures that need an owner: 年营业收入 of what?

    def canonical(self, label: str) -> str:
        return self.labels.get(label, label)

    def comparable(self, label: str) -> bool:
        """Whether targets of this label count one thing wherever they stand: not a measure that
        needs an owner (营业收入 of what?), not a number whose indicator was not read."""
        return label not in self.generic and label != UNREAD_INDICATOR


@lru_cache(maxsize=None)
def indicators(home: Path = paths.MAPPINGS) -> IndicatorTable:
    path = home / "indicators.csv"
    rows = read_table(path, ["label", "aliases", "kind", "examples"])
    labels: dict[str, str] = {}
    generic = []
    for line, row in enumerate(rows, start=2):
        for name in [row["label"], *(a.strip() for a in row["aliases"].split("|") if a.strip())]:
            if labels.get(name, row["label"]) != row["label"]:
                raise ReferenceDataError(f"{path}:{line}: {name!r} already names {labels[name]!r}")
            labels[name] = row["label"]
        if row["kind"] == "generic-measure":
            generic.append(row["label"])
    return IndicatorTable(labels, tuple(sorted(generic, key=len, reverse=True)))


@lru_cache(maxsize=None)
def work_qualifiers(home: Path = paths.MAPPINGS) -> tuple[str, ...]:
    """Words before 工作 that make 工作 the object itself (市政府全面工作), not the end of a list."""
    return tuple(r["word"] for r in read_table(home / "work-qualifiers.csv", ["word", "meaning"]))


@dataclass(frozen=True)
class Region:
    id: str
    name: str
    aliases: tuple[str, ...]
    kind: str
    code: str
    broader: str
    name_en: str
    administered_by: str  # an agency id, or empty


@dataclass(frozen=True)
class RegionKind:
    kind: str
    label_zh: str
    label_en: str
    linked: bool  # whether running text is searched for places of this kind


@lru_cache(maxsize=None)
def region_kinds(home: Path = paths.MAPPINGS) -> dict[str, RegionKind]:
    rows = read_table(home / "region-kinds.csv", ["kind", "label_zh", "label_en", "linked"])
    return {r["kind"]: RegionKind(r["kind"], r["label_zh"], r["label_en"], r["linked"] == "yes") for r in rows}


@lru_cache(maxsize=None)
def regions(home: Path = paths.MAPPINGS) -> tuple[Region, ...]:
    path = home / "regions.csv"
    rows = read_table(path, ["id", "name", "aliases", "kind", "code", "broader", "name_en", "administered_by"])
    return tuple(Region(r["id"], r["name"], tuple(a.strip() for a in r["aliases"].split("|") if a.strip()),
                        r["kind"], r["code"], r["broader"], r["name_en"], r["administered_by"]) for r in rows)


@dataclass(frozen=True)
class Programme:
    id: str
    name: str
    aliases: tuple[str, ...]
    kind: str
    name_en: str
    field: str = ""  # the field a document's title names where no title names the programme itself


@lru_cache(maxsize=None)
def programmes(home: Path = paths.MAPPINGS) -> tuple[Programme, ...]:
    rows = read_table(home / "programmes.csv", ["id", "name", "aliases", "kind", "name_en", "field"])
    return tuple(Programme(r["id"], r["name"], tuple(a.strip() for a in r["aliases"].split("|") if a.strip()),
                           r["kind"], r["name_en"], r["field"]) for r in rows)


@dataclass(frozen=True)
class Exclusion:
    term: str  # a longer string in which the name is not a mention
    name: str  # the name or alias it blocks
    reason: str


@lru_cache(maxsize=None)
def mention_exclusions(home: Path = paths.MAPPINGS) -> tuple[Exclusion, ...]:
    rows = read_table(home / "mention-exclusions.csv", ["term", "name", "reason"])
    return tuple(Exclusion(r["term"], r["name"], r["reason"]) for r in rows)


@lru_cache(maxsize=None)
def plan_words(home: Path = paths.MAPPINGS) -> dict[str, tuple[str, ...]]:
    """Plan nouns that make a plan title naming a programme its plan: “双倍增”行动计划."""
    words: dict[str, list[str]] = {}
    for r in read_table(home / "plan-words.csv", ["word", "role"]):
        words.setdefault(r["role"], []).append(r["word"])
    return {role: tuple(sorted(ws, key=len, reverse=True)) for role, ws in words.items()}


@dataclass(frozen=True)
class CallWords:
    """The words of a call for a further document (mappings/calls.csv), longest first."""

    verbs: tuple[tuple[str, frozenset[str] | None], ...]  # verb, the kinds it calls for (None: any)
    kinds: dict[str, str]  # kind → the family of kinds that answer one another
    self_words: tuple[str, ...]  # a subject opening with one of them is the document itself
    generic: tuple[str, ...]  # words left out when a subject is compared with a title
    rows: tuple[dict[str, str], ...]  # the table as read, for its tests


@lru_cache(maxsize=None)
def call_words(home: Path = paths.MAPPINGS) -> CallWords:
    path = home / "calls.csv"
    rows = read_table(path, ["word", "role", "kinds", "family", "example", "expect"])
    by_role: dict[str, list[dict[str, str]]] = {}
    for line, r in enumerate(rows, start=2):
        if r["role"] not in ("verb", "kind", "self", "generic"):
            raise ReferenceDataError(f"{path}:{line}: role {r['role']!r}: expected verb, kind, self or generic")
        if r["role"] == "kind" and not r["family"]:
            raise ReferenceDataError(f"{path}:{line}: the kind {r['word']} needs a family")
        by_role.setdefault(r["role"], []).append(r)

    def longest(words):
        return sorted(words, key=lambda w: len(w[0] if isinstance(w, tuple) else w), reverse=True)

    verbs = [(r["word"], None if r["kinds"] in ("", "*") else frozenset(r["kinds"].split("|")))
             for r in by_role.get("verb", [])]
    return CallWords(tuple(longest(verbs)),
                     dict(longest((r["word"], r["family"]) for r in by_role.get("kind", []))),
                     tuple(longest(r["word"] for r in by_role.get("self", []))),
                     tuple(longest(r["word"] for r in by_role.get("generic", []))), tuple(rows))


@lru_cache(maxsize=None)
def counting_words(home: Path = paths.MAPPINGS) -> dict[str, str]:
    """Counting words that count one thing (30家 and 30个 单项冠军企业): word → the word it counts as.
    Targets compare across documents in these, not in the printed word."""
    path = home / "counting-words.csv"
    out: dict[str, str] = {}
    for line, r in enumerate(read_table(path, ["word", "counts_as", "examples"]), start=2):
        if r["word"] in out or r["counts_as"] in out:
            raise ReferenceDataError(f"{path}:{line}: {r['word']!r} → {r['counts_as']!r}: expected each word once, "
                                     "counting as a word no row maps further")
        out[r["word"]] = r["counts_as"]
    return out


@lru_cache(maxsize=None)
def link_thresholds(home: Path = paths.MAPPINGS) -> dict[str, float]:
    path = home / "link-thresholds.csv"
    out = {}
    for line, r in enumerate(read_table(path, ["link", "threshold", "meaning"]), start=2):
        try:
            out[r["link"]] = float(r["threshold"])
        except ValueError:
            raise ReferenceDataError(f"{path}:{line}: threshold {r['threshold']!r}: expected a number in [0, 1]")
    return out


@lru_cache(maxsize=None)
def page_numbers(home: Path = paths.MAPPINGS) -> tuple[re.Pattern, ...]:
    """The forms a printed page number takes at the foot or head of a page (— 3 —, ·3·, 3)."""
    return tuple(re.compile(r["pattern"]) for r in read_table(home / "page-numbers.csv", ["form", "pattern"]))


@lru_cache(maxsize=None)
def page_metadata(home: Path = paths.MAPPINGS) -> dict[str, str]:
    """The labels of a portal page's metadata table (索引号, 发文字号 …) and the fact each gives."""
    return {r["label"]: r["field"] for r in read_table(home / "page-metadata.csv", ["label", "field"])}


@lru_cache(maxsize=None)
def portals(home: Path = paths.MAPPINGS) -> tuple[tuple[str, str], ...]:
    """Where known portals put a document's text on its page: (portal, XPath of the body)."""
    return tuple((r["portal"], r["body"]) for r in read_table(home / "portals.csv", ["portal", "body"]))
