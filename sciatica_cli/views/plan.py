"""The views behind `sciatica plan`: the plan, with its references numbered once, and the
emergency advice given in place of a plan."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from ..models import RedFlag, RedFlagTier
from ..page_references import Reference, numbered

if TYPE_CHECKING:
    from ..catalog import Catalog
    from ..plan import Emergency, Plan


class PlanView(NamedTuple):
    plan: Plan
    condition_names: tuple[str, ...]  # the reader's conditions, as the guide names them
    urgent_tier: RedFlagTier | None  # its title and action, when urgent signs were given
    local_signs: frozenset[str]  # red-flag signs from the reader's own folder
    references: tuple[Reference, ...]  # numbered in the order the plan cites them
    local_sources: frozenset[str]

    def numbers(self, keys: tuple[str, ...] | list[str]) -> list[int]:
        """The reference numbers of `keys`, for a citation like [1, 3]."""
        number = {r.key: r.number for r in self.references}
        return [number[k] for k in keys if k in number]


def plan_view(catalog: Catalog, plan: Plan) -> PlanView:
    from ..plan import cited_keys

    urgent = next((t for t in catalog.redflags.tiers if t.id == "urgent"), None)
    return PlanView(plan, tuple(catalog.conditions[c].name for c in plan.conditions),
                    urgent if plan.urgent else None, frozenset(catalog.redflag_marks.signs),
                    tuple(numbered(cited_keys(plan), catalog.sources)),
                    frozenset(catalog.local_sources))


class EmergencyView(NamedTuple):
    tier: RedFlagTier
    signs: tuple[RedFlag, ...]  # the emergency signs the reader reported
    local_signs: frozenset[str]


def emergency_view(catalog: Catalog, found: Emergency) -> EmergencyView:
    return EmergencyView(found.tier, found.signs, frozenset(catalog.redflag_marks.signs))
