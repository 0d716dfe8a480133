"""The reference tables under mappings/: one entity per name, codes and links that hold."""

import re
from collections import Counter

import pytest

from gongbao import reference
from gongbao.mentions import bracket_key
from gongbao.reference import normalise_name


def _duplicates(values):
    return sorted(v for v, n in Counter(values).items() if n > 1)


def test_agencies_have_unique_ids_and_canonical_names():
    table = reference.agencies()
    assert _duplicates(a.id for a in table.agencies) == []
    assert _duplicates(normalise_name(a.name) for a in table.agencies) == []


def test_every_agency_name_and_alias_resolves_to_its_own_row():
    table = reference.agencies()
    wrong = [(name, a.id) for a in table.agencies for name in (a.name, *a.aliases)
             if table.resolve(name) is not a]
    assert wrong == []


def test_agency_parents_exist():
    ids = {a.id for a in reference.agencies().agencies}
    assert [a.id for a in reference.agencies().agencies if a.parent and a.parent not in ids] == []


def test_regions_have_unique_ids_and_canonical_names():
    regions = reference.regions()
    assert _duplicates(r.id for r in regions) == []
    assert _duplicates(bracket_key(r.name) for r in regions) == []


def test_every_region_name_and_alias_names_one_region():
    names = [(bracket_key(name), r.id) for r in reference.regions() for name in (r.name, *r.aliases)]
    owners: dict[str, set[str]] = {}
    for name, region in names:
        owners.setdefault(name, set()).add(region)
    # 西部(重庆)科学城 beside 西部（重庆）科学城 is the same name printed with narrow brackets:
    # kept in the table for readers that compare raw text, one region either way.
    assert {n: o for n, o in owners.items() if len(o) > 1} == {}


def test_region_codes_are_six_digits_and_unique():
    codes = [r.code for r in reference.regions() if r.code]
    assert [c for c in codes if not re.fullmatch(r"[0-9]{6}", c)] == []
    assert _duplicates(codes) == []


def test_districts_and_counties_have_codes():
    coded_kinds = {"district", "county", "autonomous-county", "province", "prefecture-city", "municipality"}
    assert [r.id for r in reference.regions() if r.kind in coded_kinds and not r.code] == []


def test_region_links_exist():
    regions = {r.id for r in reference.regions()}
    agencies = {a.id for a in reference.agencies().agencies}
    assert [r.id for r in reference.regions() if r.broader and r.broader not in regions] == []
    assert [r.id for r in reference.regions() if r.administered_by and r.administered_by not in agencies] == []


def test_broader_regions_form_no_cycle():
    broader = {r.id: r.broader for r in reference.regions()}
    for start in broader:
        seen, at = set(), start
        while at:
            assert at not in seen, f"cycle through {start}"
            seen.add(at)
            at = broader.get(at)


def test_every_region_kind_is_described():
    kinds = reference.region_kinds()
    assert sorted({r.kind for r in reference.regions()} - set(kinds)) == []


def test_programmes_have_unique_ids_and_names():
    programmes = reference.programmes()
    assert _duplicates(p.id for p in programmes) == []
    assert _duplicates(bracket_key(n) for p in programmes for n in (p.name, *p.aliases)) == []


@pytest.mark.parametrize("exclusion", reference.mention_exclusions(), ids=lambda e: e.term)
def test_every_exclusion_blocks_a_known_name_inside_it(exclusion):
    names = {bracket_key(n) for r in reference.regions() for n in (r.name, *r.aliases)}
    names |= {bracket_key(n) for p in reference.programmes() for n in (p.name, *p.aliases)}
    assert exclusion.name in exclusion.term
    assert bracket_key(exclusion.name) in names
    assert exclusion.term != exclusion.name


def test_duty_verbs_say_what_they_take():
    assert {v.object for v in reference.duty_verbs()} <= {"area", "agency"}
