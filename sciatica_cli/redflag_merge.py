"""A user folder's red flags, merged with ours by sign id.

A clinic may add signs, and change the urgent and routine ones (its own phone line, its own
words), but it may not drop, move down or reword one of our emergency signs, or the
emergency title or action: the advice to call an ambulance for cauda equina signs must not
vanish because a folder was copied from an old version or written in a hurry. The one way
round it is named in the file: `replace_bundled: true` makes the file a whole list that
replaces ours, and every screen then says the red flags are the folder's own.

What was refused is a Problem (SCI025, SCI026) that names the file and line; the rest of
the file still counts.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import Any

from . import yamlio
from .errors import Problem
from .models import LocalRedFlagMarks, LocalRedFlags, RedFlag, RedFlags, RedFlagTier

TIER_ORDER = ("emergency", "urgent", "routine")  # most urgent first
OPT_IN = "replace_bundled"


def merge(ours: RedFlags, marks: LocalRedFlagMarks, theirs: LocalRedFlags, path: Path,
          known_sources: Collection[str]) -> tuple[RedFlags, LocalRedFlagMarks, list[Problem]]:
    """Our red flags (as merged so far) with one user file laid over them."""
    problems: list[Problem] = []
    tiers = {t.id: t for t in ours.tiers}
    local_signs, local_tiers = dict(marks.signs), dict(marks.tiers)
    summary, local_summary = ours.summary, marks.summary
    if theirs.summary and theirs.summary.strip() != ours.summary.strip():
        summary, local_summary = theirs.summary, True
    home = {s.id: t.id for t in ours.tiers for s in t.signs}  # sign id -> tier it is in now
    seen: set[str] = set()

    for t, local in enumerate(theirs.tiers):
        tier = tiers.get(local.id)
        if tier is None:  # a tier we do not have: theirs whole, or not at all
            if not (local.title and local.action):
                problems.append(Problem(path, _line(path, t), "SCI004",
                                        f"tier '{local.id}' is new here: it needs a title "
                                        "and an action"))
                continue
            tier = RedFlagTier(local.id, local.title, local.action, ())
            local_tiers[local.id] = str(path)
        for field in ("title", "action"):
            value = getattr(local, field)
            if value is None or value.strip() == getattr(tier, field).strip():
                continue
            if local.id == "emergency":
                problems.append(Problem(path, _line(path, t, field), "SCI025",
                                        f"rewords the emergency {field}; ours is kept "
                                        f"(`{OPT_IN}: true` would replace our red flags whole)"))
            else:
                tier = tier._replace(**{field: value})
                local_tiers[local.id] = str(path)
        tiers[local.id] = tier
        for i, sign in enumerate(local.signs):
            where = _line(path, t, "signs", i)
            if sign.id in seen:
                problems.append(Problem(path, where, "SCI006",
                                        f"red-flag sign '{sign.id}' is in this file twice"))
                continue
            seen.add(sign.id)
            missing = [k for k in sign.sources if k not in known_sources]
            if missing:
                problems.append(Problem(path, where, "SCI007",
                                        f"unknown source key '{missing[0]}' in red flag "
                                        f"'{sign.id}'; the sign is left out"))
                continue
            now = home.get(sign.id)
            if now is None:  # a new sign: added at the end of its tier
                tiers[local.id] = _with(tiers[local.id], sign)
                home[sign.id] = local.id
                local_signs[sign.id] = str(path)
                continue
            current = next(s for s in tiers[now].signs if s.id == sign.id)
            if now == "emergency" and sign.id not in marks.signs:
                if local.id != "emergency":
                    problems.append(Problem(path, where, "SCI026",
                                            f"moves the emergency sign '{sign.id}' down to "
                                            f"{local.id}; it stays an emergency sign"))
                    continue
                if _words(sign) != _words(current):
                    problems.append(Problem(path, where, "SCI025",
                                            f"rewords the emergency sign '{sign.id}'; ours is "
                                            f"kept (`{OPT_IN}: true` would replace our red "
                                            "flags whole)"))
                    continue
                # Same words: it may still add ways a diary note can name the sign.
                merged = current._replace(
                    keywords=tuple(dict.fromkeys(current.keywords + sign.keywords)),
                    sources=tuple(dict.fromkeys(current.sources + sign.sources)))
                tiers[now] = _replaced(tiers[now], merged)
                continue
            if local.id == now:
                tiers[now] = _replaced(tiers[now], sign)
            else:  # urgent and routine signs may move; an emergency stays (above)
                tiers[now] = _without(tiers[now], sign.id)
                tiers[local.id] = _with(tiers[local.id], sign)
                home[sign.id] = local.id
            local_signs[sign.id] = str(path)

    flags = RedFlags(summary, tuple(tiers[t] for t in TIER_ORDER
                                    if t in tiers and tiers[t].signs))
    files = (*marks.files, str(path))
    return flags, LocalRedFlagMarks(local_signs, local_tiers, local_summary, files,
                                    marks.replaced_by), problems


def replaced(theirs: RedFlags, marks: LocalRedFlagMarks, path: Path) -> LocalRedFlagMarks:
    """The marks when a file with `replace_bundled: true` replaces our red flags whole."""
    return LocalRedFlagMarks({s.id: str(path) for t in theirs.tiers for s in t.signs},
                             {t.id: str(path) for t in theirs.tiers}, True,
                             (*marks.files, str(path)), str(path))


def as_whole(theirs: LocalRedFlags) -> dict[str, Any] | None:
    """A replacing file as the full model's data, or None when a part is missing."""
    if not theirs.summary or not theirs.tiers:
        return None
    tiers = []
    for tier in theirs.tiers:
        if not (tier.title and tier.action and tier.signs):
            return None
        tiers.append({"id": tier.id, "title": tier.title, "action": tier.action,
                      "signs": tier.signs})
    return {"summary": theirs.summary, "tiers": tuple(tiers)}


def _words(sign: RedFlag) -> tuple[str, str]:
    return " ".join(sign.text.split()), " ".join(sign.question.split())


def _with(tier: RedFlagTier, sign: RedFlag) -> RedFlagTier:
    return tier._replace(signs=(*tier.signs, sign))


def _without(tier: RedFlagTier, sign_id: str) -> RedFlagTier:
    return tier._replace(signs=tuple(s for s in tier.signs if s.id != sign_id))


def _replaced(tier: RedFlagTier, sign: RedFlag) -> RedFlagTier:
    return tier._replace(signs=tuple(sign if s.id == sign.id else s for s in tier.signs))


def _line(path: Path, t: int, *rest: object) -> int | None:
    return yamlio.line_of(path, ("tiers", t, *rest))
