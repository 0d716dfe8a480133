"""Agencies: the reference table → organisation nodes, and printed unit names → agencies."""

from __future__ import annotations

from pyoxigraph import NamedNode

from ..records import Document, Notice, OutlineNode
from ..reference import AgencyTable
from .emit import Emitter, boolean, integer, text
from .iris import Minter
from .vocab import GB, ORG, RDFS, SKOS


def map_agency_table(out: Emitter, iris: Minter, table: AgencyTable) -> None:
    for agency in table.agencies:
        node = iris.agency(agency.id)
        out.types(node, GB.Agency)
        out.add(node, ORG.identifier, text(agency.id))
        out.add(node, SKOS.prefLabel, text(agency.name, "zh"))
        out.add(node, RDFS.label, text(agency.name, "zh"))
        for alias in agency.aliases:
            out.add(node, SKOS.altLabel, text(alias, "zh"))
        if agency.name_en:
            out.add(node, RDFS.label, text(agency.name_en, "en"))
        if agency.kind:
            out.add(node, GB.agencyKind, text(agency.kind))
        if agency.parent:
            out.add(node, ORG.subOrganizationOf, iris.agency(agency.parent))


_ROLE_LINK = {"lead": GB.leadUnit, "responsible": GB.responsibleUnit}


def map_unit_lists(out: Emitter, iris: Minter, table: AgencyTable, doc: Document,
                   record: OutlineNode, task: NamedNode, notices: list[Notice]) -> None:
    """One assignment node per printed unit, linked to the agency it resolves to."""
    for list_index, unit_list in enumerate(record.unit_lists, start=1):
        for unit in unit_list.units:
            suffix = f"{unit.role}/{unit.ordinal}" if list_index == 1 else f"{list_index}/{unit.role}/{unit.ordinal}"
            node = NamedNode(f"{task.value}/unit/{suffix}")
            out.types(node, GB.UnitAssignment)
            out.add(task, GB.assignment, node)
            out.add(node, GB.role, text(unit.role))
            out.add(node, GB.printedName, text(unit.name))
            out.add(node, GB.ordinal, integer(unit.ordinal))
            if unit.etc:
                out.add(node, GB.followedByEtc, boolean(True))
            out.span(node, unit.span)
            agency = table.resolve(unit.name)
            if agency is None:
                notices.append(Notice(0, f"{doc.number} {record.path}: unit {unit.name!r} is not in "
                                      "mappings/agencies.csv", unit.span))
                continue
            out.add(node, GB.agency, iris.agency(agency.id))
            out.add(task, _ROLE_LINK[unit.role], iris.agency(agency.id))
