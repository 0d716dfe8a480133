"""Unit assignments: each printed unit of a responsibility clause → a node linked to its agency."""

from __future__ import annotations

from pyoxigraph import NamedNode

from ..records import Document, OutlineNode
from .emit import Emitter, boolean, integer, text
from .jurisdiction import Agencies
from .vocab import GB

_ROLE_LINK = {"lead": GB.leadUnit, "responsible": GB.responsibleUnit, "supporting": GB.supportingUnit,
              "guiding": GB.guidingUnit}


def map_unit_lists(out: Emitter, agencies: Agencies, doc: Document, record: OutlineNode, task: NamedNode) -> None:
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
            agency = agencies.resolve(unit.name, f"{doc.number} {record.path}", unit.span)
            out.add(node, GB.agency, agency)
            out.add(task, _ROLE_LINK[unit.role], agency)
