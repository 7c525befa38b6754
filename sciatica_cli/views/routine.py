"""The views behind `sciatica routine` without its timers: the steps, and what was left
out for this reader (and why, with the sources that say so)."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from ..models import Condition, Entry, Source, Stretch

if TYPE_CHECKING:
    from ..catalog import Catalog
    from ..routine import Step
    from ..suitability import Verdict


class LeftOut(NamedTuple):
    """A stretch that is not for this reader."""

    entry: Entry  # the page it is on
    stretch: Stretch
    verdict: Verdict
    sources: tuple[Source, ...]  # behind its reasons, once each, in the order cited


class RoutineView(NamedTuple):
    steps: tuple[Step, ...]
    left_out: tuple[LeftOut, ...]
    advice: tuple[Condition, ...]  # the reader's conditions that carry advice of their own


class RefusedView(NamedTuple):
    """Stretches asked for by name that are not for this reader: none of them is run."""

    refused: tuple[LeftOut, ...]
    advice: tuple[Condition, ...]


def left_out(catalog: Catalog, out: list[tuple[Entry, Stretch, Verdict]]) -> tuple[LeftOut, ...]:
    def sources(verdict: Verdict) -> tuple[Source, ...]:
        keys = dict.fromkeys(k for r in verdict.reasons for k in r.sources)
        return tuple(catalog.sources[k] for k in keys if k in catalog.sources)

    return tuple(LeftOut(entry, stretch, verdict, sources(verdict))
                 for entry, stretch, verdict in out)


def routine_view(catalog: Catalog, steps: list[Step],
                 out: list[tuple[Entry, Stretch, Verdict]],
                 advice: tuple[Condition, ...]) -> RoutineView:
    return RoutineView(tuple(steps), left_out(catalog, out), advice)


def refused_view(catalog: Catalog, out: list[tuple[Entry, Stretch, Verdict]],
                 advice: tuple[Condition, ...]) -> RefusedView:
    return RefusedView(left_out(catalog, out), advice)
