"""When a diary entry happened, as a person says it: a date, a date and time, or words
such as "today", "yesterday 21:00" or "2 days ago".

A few phrases by hand rather than a natural-language date library: the ones we take are
listed in the help and the README, and anything else is refused with that list, never
guessed.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

FORMATS = ("%Y-%m-%d", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S",
           "%Y-%m-%d %H:%M:%S")
HELP = "2026-11-24, '2026-11-24 08:30', now, today, yesterday, '2 days ago' or 'yesterday 21:00'"

_RELATIVE = re.compile(
    r"^(?:(?P<word>now|today|yesterday)|(?P<count>\d{1,4}) (?P<unit>day|days|hour|hours) ago)"
    r"(?: (?:at )?(?P<hour>\d{1,2}):(?P<minute>\d{2}))?$")


class NotADate(ValueError):
    """The words are not a date we take; the message lists what we do take."""


def parse_when(text: str, now: datetime | None = None) -> datetime:
    """A moment in local time. Without a clock time, a relative day keeps the time now."""
    spoken = " ".join(text.strip().lower().split())
    for fmt in FORMATS:
        try:
            return datetime.strptime(spoken.upper() if "t" in spoken else spoken, fmt)
        except ValueError:
            pass
    match = _RELATIVE.match(spoken)
    if not match:
        raise NotADate(f"'{text}' is not a date; use {HELP}")
    now = now or datetime.now()
    if match["word"] == "yesterday":
        moment = now - timedelta(days=1)
    elif match["count"]:
        amount = int(match["count"])
        if match["unit"].startswith("hour"):
            if match["hour"]:
                raise NotADate(f"'{text}' gives both hours ago and a time; use one")
            return now - timedelta(hours=amount)
        moment = now - timedelta(days=amount)
    else:
        if match["word"] == "now" and match["hour"]:
            raise NotADate(f"'{text}' is not a date; use {HELP}")
        moment = now
    if match["hour"]:
        hour, minute = int(match["hour"]), int(match["minute"])
        if hour > 23 or minute > 59:
            raise NotADate(f"'{text}' has no such time of day")
        moment = moment.replace(hour=hour, minute=minute, second=0, microsecond=0)
    return moment
