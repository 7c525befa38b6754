"""`sciatica diary`: a private record of pain and what helped, kept on this computer."""

from __future__ import annotations

import sys
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from ..errors import EmergencyReported, NotFound, NothingMatched
from .common import ColorOption, JsonOption, friendly, settings

app = typer.Typer(
    name="diary",
    help="A symptom diary kept on this computer: add, list, show, delete, export.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Place(str, Enum):
    BUTTOCK = "buttock"
    HIP = "hip"
    THIGH = "thigh"
    CALF = "calf"
    FOOT = "foot"
    BACK = "back"


class Side(str, Enum):
    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"


class ExportFormat(str, Enum):
    CSV = "csv"
    JSON = "json"
    FHIR = "fhir"


def _entries(diary, days: int | None = None) -> list:
    """The diary's entries; one warning line for each row that cannot be read, which
    stays in the file as it is."""
    entries = diary.entries(days)
    _warn_skipped(diary)
    return entries


def _checkins(diary) -> list:
    found = diary.checkins()
    _warn_skipped(diary)
    return found


def _warn_skipped(diary) -> None:
    """One warning line for each row that cannot be read; it stays in the file as it is."""
    from ..render.messages import warn

    for row, why in diary.skipped:
        what = row if isinstance(row, str) else f"entry {row}"
        warn(f"diary {what} in {diary.path} cannot be read ({why}); it was left in the "
             "diary and is not shown")
    diary.skipped.clear()


@app.command("add")
@friendly
def add(
    ctx: typer.Context,
    pain: Annotated[int | None, typer.Argument(
        min=0, max=10, metavar="PAIN", show_default=False,
        help="How bad the pain is now overall, 0 (none) to 10 (worst). Left out, it is the "
        "higher of --leg and --back.")] = None,
    leg: Annotated[int | None, typer.Option(
        "--leg", min=0, max=10, metavar="N", show_default=False,
        help="Leg pain now, 0 to 10 (the buttock and hip count as leg).")] = None,
    back: Annotated[int | None, typer.Option(
        "--back", min=0, max=10, metavar="N", show_default=False,
        help="Back pain now, 0 to 10.")] = None,
    side: Annotated[Side | None, typer.Option(
        "--side", case_sensitive=False, show_default=False,
        help="Which side hurts: left, right or both.")] = None,
    where: Annotated[list[Place] | None, typer.Option(
        "--where", help="Where you feel it; repeat for more.", case_sensitive=False)] = None,
    numbness: Annotated[bool, typer.Option("--numbness", help="You have numbness or tingling.")]
    = False,
    did: Annotated[list[str] | None, typer.Option(
        "--did", metavar="ID", help="What you did: a self-care, technique or stretch id; "
        "repeat for more.")] = None,
    red_flag: Annotated[list[str] | None, typer.Option(
        "--red-flag", metavar="SIGN", help="A red-flag sign you have (ids in "
        "`sciatica redflags --json`).")] = None,
    note: Annotated[str, typer.Option("--note", help="Anything else, in your words.")] = "",
    at: Annotated[str | None, typer.Option(
        "--at", metavar="WHEN", show_default=False,
        help="When: 2026-11-24, '2026-11-24 08:30', today, yesterday, '2 days ago' or "
        "'yesterday 21:00' (default: now).")] = None,
) -> None:
    """Add an entry: pain now (overall, leg, back), where, numbness, what you did, a note.

    If the entry reports a red-flag sign (by --red-flag, or in the note), the advice for it
    is shown at once.

    Examples:

      sciatica diary add 6 --where buttock --where thigh --did stretching

      sciatica diary add --leg 6 --back 3 --side left --where hip

      sciatica diary add 3 --did knee-to-chest --did heat-and-cold --note "better after walk"

      sciatica diary add 5 --at "2026-11-23 21:00"

      sciatica diary add 4 --at "yesterday 21:00"
    """
    from ..diary import local_time
    from ..note_signs import signs_in_note

    when = _when(at)
    if pain is None:
        if leg is None and back is None:
            raise typer.BadParameter("give PAIN, --leg or --back (each 0 to 10)",
                                     param_hint="'PAIN'")
        pain = max(v for v in (leg, back) if v is not None)
    s = settings(ctx)
    catalog = s.catalog
    done = tuple(dict.fromkeys(_resolve_did(catalog, item) for item in did or ()))
    signs = {sign.id: (tier, sign) for tier in catalog.redflags.tiers for sign in tier.signs}
    flags = [_resolve_sign(signs, item) for item in red_flag or ()]
    from ..note_signs import signs_in_fields

    places = tuple(p.value for p in where or ())
    side_name = side.value if side else None
    flags += [sign_id for sign_id in signs_in_note(note, catalog.redflags)
              + signs_in_fields(side_name, leg, places, catalog.redflags) if sign_id not in flags]
    flags = list(dict.fromkeys(flags))
    stamp = local_time(when)
    entry_id = s.diary().add(pain, stamp, places, numbness, done, note, tuple(flags),
                            leg_pain=leg, back_pain=back, side=side_name)
    from ..render import diary as render

    if flags:
        # On the person's own terminal, whatever stdout and stderr are; stderr if none.
        render.red_flag_advice([signs[f] for f in flags], catalog.redflags, s.advice,
                               catalog.redflag_marks.signs)
    render.saved(entry_id, pain, stamp, leg, back)
    if any(signs[f][0].id == "emergency" for f in flags):
        raise EmergencyReported()  # saved, and a script can tell help is needed now


def _when(at: str | None) -> datetime | None:
    if at is None:
        return None
    from ..when import NotADate, parse_when

    try:
        moment = parse_when(at)
    except NotADate as err:
        raise typer.BadParameter(str(err), param_hint="'--at'") from None
    except (OverflowError, ValueError):  # "100000 days ago": before the calendar begins
        raise typer.BadParameter(f"'{at}' is too far back; a diary starts in {EARLIEST_YEAR} "
                                 "or later", param_hint="'--at'") from None
    return within_reach(moment, at)


EARLIEST_YEAR = 1900  # before it, a local time cannot even be worked out on every system


def within_reach(moment: datetime, typed: str) -> datetime:
    """A diary records what happened: nothing more than a day ahead (a day covers any
    time zone and a clock that is a little off), nothing before EARLIEST_YEAR."""
    from datetime import timedelta

    if moment.year < EARLIEST_YEAR:
        raise typer.BadParameter(f"'{typed}' is too far back; a diary starts in "
                                 f"{EARLIEST_YEAR} or later", param_hint="'--at'")
    if moment > datetime.now(moment.tzinfo) + timedelta(days=1):
        raise typer.BadParameter(f"'{typed}' is more than a day ahead; a diary records what "
                                 "has happened", param_hint="'--at'")
    return moment


def _resolve_did(catalog, item: str) -> str:
    from .. import lookup

    # A stretch's id is tried before the pages; its name or alias goes to the pages.
    stretches = lookup.names_of((k, k) for k in catalog.stretch_index())
    found = lookup.find(item, stretches)
    if found is not None:
        return found
    try:
        return catalog.resolve(item).id
    except NotFound as miss:
        # After the pages' own suggestions, at most two stretch ids, and only closer ones
        # (0.6), as the handout does; three in all.
        extra = lookup.suggest(item, stretches, most=2, cutoff=0.6)
        suggestions = list(dict.fromkeys([*miss.suggestions, *extra]))
        raise NotFound("page or stretch", item, suggestions[:3]) from None


def _resolve_sign(signs: dict, item: str) -> str:
    from .. import lookup

    ids = lookup.names_of((k, k) for k in signs)
    found = lookup.find(item, ids)
    if found is not None:
        return found
    raise NotFound("red-flag sign", item, lookup.suggest(item, ids))


@app.command("checkin")
@friendly
def checkin(
    ctx: typer.Context,
    leg_pain: Annotated[int | None, typer.Option(
        "--leg-pain", min=0, max=6, metavar="0-6", show_default=False,
        help="How bothersome leg pain (sciatica) was in the last week.")] = None,
    numbness: Annotated[int | None, typer.Option(
        "--numbness", min=0, max=6, metavar="0-6", show_default=False,
        help="Numbness or tingling in your leg, foot or groin.")] = None,
    weakness: Annotated[int | None, typer.Option(
        "--weakness", min=0, max=6, metavar="0-6", show_default=False,
        help="Weakness in your leg or foot.")] = None,
    sitting: Annotated[int | None, typer.Option(
        "--sitting", min=0, max=6, metavar="0-6", show_default=False,
        help="Back or leg pain while sitting.")] = None,
    change: Annotated[str | None, typer.Option(
        "--change", metavar="1-7", show_default=False,
        help="Since your first check-in: 1 very much improved, 2 much improved, 3 minimally "
        "improved, 4 no change, 5 minimally worse, 6 much worse, 7 very much worse.")] = None,
    note: Annotated[str, typer.Option("--note", help="Anything else, in your words.")] = "",
    at: Annotated[str | None, typer.Option(
        "--at", metavar="WHEN", show_default=False,
        help="When, as for `diary add` (default: now).")] = None,
) -> None:
    """The weekly check-in: the Sciatica Bothersomeness Index, and how things have changed.

    Four questions about the last week, each 0 (none) to 6 (extremely bothersome), added up
    to a score out of 24. From the second check-in on, it also asks how
    your sciatica has changed since the first. On a terminal it asks each question there,
    even when the output goes to a file; in a script, give all four scores as options.

    Examples:

      sciatica diary checkin

      sciatica diary checkin --leg-pain 5 --numbness 3 --weakness 1 --sitting 4

      sciatica diary checkin --leg-pain 2 --numbness 1 --weakness 0 --sitting 2 --change 2
    """
    from ..errors import UsageError
    from ..diary import local_time
    from ..outcomes import SBI_ITEMS, pgic_score
    from ..render import diary as render

    diary = settings(ctx).diary()
    when = _when(at)
    earlier = _checkins(diary)
    given = {"leg_pain": leg_pain, "numbness": numbness, "weakness": weakness,
             "sitting": sitting}
    person = None  # the terminal the questions were asked on, if any
    pgic = None
    if change is not None:
        if not earlier:
            raise typer.BadParameter("this is your first check-in, so there is no change to "
                                     "rate yet", param_hint="'--change'")
        try:
            pgic = pgic_score(change)
        except ValueError as err:
            raise typer.BadParameter(str(err), param_hint="'--change'") from None
    if all(v is None for v in given.values()):
        # The questions go to the person's terminal (as for `plan`), so `checkin > file`
        # still asks them; only what was saved goes to stdout.
        if not settings(ctx).can_ask:
            raise UsageError("without a terminal to ask on, give --leg-pain, --numbness, "
                             "--weakness and --sitting (each 0 to 6)")
        person = settings(ctx).person
        if person is None:  # never: can_ask means there is a terminal to ask on
            raise UsageError("there is no terminal to ask the check-in questions on")
        since = ((datetime.now().astimezone() - earlier[-1].when).days if earlier else None)
        scores, asked_pgic = render.ask_checkin(person, bool(earlier) and change is None, since)
        pgic = pgic if pgic is not None else asked_pgic
    else:
        missing = [f"--{k.replace('_', '-')}" for k, v in given.items() if v is None]
        if missing:
            raise UsageError("the check-in needs all four scores; missing "
                             + ", ".join(missing))
        # All four are given (checked just above).
        scores = tuple(v for v in (given[item.key] for item in SBI_ITEMS) if v is not None)
    stamp = local_time(when)
    checkin_id = diary.add_checkin(stamp, scores, pgic, note)
    flags = _warn_of_signs(ctx, note)
    render.checked_in(checkin_id, stamp, scores, pgic, first=not earlier)
    if person is not None and person is not sys.stdout:  # answered here, saved line elsewhere
        render.checked_in(checkin_id, stamp, scores, pgic, first=not earlier, stream=person)
    if flags:
        raise EmergencyReported()


def _warn_of_signs(ctx: typer.Context, note: str) -> bool:
    """A check-in note gets the same reading as an entry's: any red-flag sign in it reaches
    the person's terminal. True when a sign is an emergency."""
    if not note.strip():
        return False
    from ..note_signs import signs_in_note
    from ..render import diary as render

    s = settings(ctx)
    catalog = s.catalog
    found = signs_in_note(note, catalog.redflags)
    if not found:
        return False
    signs = {sign.id: (tier, sign) for tier in catalog.redflags.tiers for sign in tier.signs}
    render.red_flag_advice([signs[f] for f in found], catalog.redflags, s.advice)
    return any(signs[f][0].id == "emergency" for f in found)


@app.command("checkins")
@friendly
def list_checkins(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """List the weekly check-ins, oldest first.

    Examples:

      sciatica diary checkins

      sciatica diary checkins --json
    """
    from ..render.formats import present
    from ..views.diary import CheckInsView

    s = settings(ctx)
    present(CheckInsView(tuple(_checkins(s.diary()))), s, as_json)


# Bounded so a huge number is a usage error, not an overflow deep in datetime or SQLite.
DaysOption = Annotated[int | None, typer.Option(
    "--days", min=1, max=36_500, metavar="N", help="Only the last N days.",
    show_default=False)]


@app.command("list")
@friendly
def list_entries(ctx: typer.Context, days: DaysOption = None, as_json: JsonOption = False,
                 color: ColorOption = None) -> None:
    """List entries, oldest first.

    Examples:

      sciatica diary list

      sciatica diary list --days 7 --json
    """
    from ..render.formats import present
    from ..views.diary import DiaryEntriesView

    s = settings(ctx, color)
    entries = _entries(s.diary(), days)
    # Only the table names signs in words: JSON and piped lines keep the ids, and never
    # load the guide for them.
    words = {} if as_json or s.piped else _sign_words(s, entries)
    present(DiaryEntriesView(tuple(entries), words), s, as_json)


@app.command("show")
@friendly
def show(ctx: typer.Context, days: DaysOption = 28, as_json: JsonOption = False,
         color: ColorOption = None) -> None:
    """A chart of pain by day, this week against last week, and the change since your first
    value, with advice when to see a doctor.

    Examples:

      sciatica diary show

      sciatica diary show --days 14

      sciatica diary show --json
    """
    from ..outcomes import diary_view

    diary = settings(ctx).diary()
    entries = _entries(diary)
    view = diary_view(entries, _checkins(diary), days, datetime.now().astimezone(),
                      _sign_words(settings(ctx, color), entries))
    from ..render.formats import present

    present(view, settings(ctx, color), as_json)


def _sign_words(s, entries: list) -> dict[str, str]:
    """The red-flag signs' words, read from the guide only when an entry saved a sign."""
    if not any(e.red_flags for e in entries):
        return {}
    from ..outcomes import sign_words

    return sign_words(s.catalog.redflags)


@app.command("delete")
@friendly
def delete(ctx: typer.Context,
           entry_id: Annotated[int, typer.Argument(metavar="ENTRY_ID", min=1, max=2**63 - 1,
                                                   help="The id shown by `diary list`.")]) -> None:
    """Delete one entry by its id.

    Examples:

      sciatica diary delete 12
    """
    from ..render import diary as render

    if not settings(ctx).diary().delete(entry_id):
        raise NothingMatched(f"No diary entry has id {entry_id}; `sciatica diary list` shows "
                             "the ids.")
    render.deleted(entry_id)


@app.command("export")
@friendly
def export(
    ctx: typer.Context,
    fmt: Annotated[ExportFormat, typer.Option(
        "--format", "-f", case_sensitive=False,
        help="csv or json (the entries), or fhir (the weekly check-ins as FHIR R4 "
        "QuestionnaireResponses in a Bundle).")] = ExportFormat.CSV,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="FILE", dir_okay=False, show_default=False,
        help="Write to FILE (all at once, or not at all); `-` is stdout.")] = None,
) -> None:
    """Export every entry as CSV or JSON, for a spreadsheet or your doctor; or the weekly
    check-ins as FHIR, for a health record.

    Examples:

      sciatica diary export --format csv -o diary.csv

      sciatica diary export --format json

      sciatica diary export --format fhir -o checkins.fhir.json
    """
    from ..render.diary import as_csv, as_json

    diary = settings(ctx).diary()
    if fmt is ExportFormat.FHIR:
        import json

        from ..fhir import bundle

        text = json.dumps(bundle(diary.checkins(), datetime.now().astimezone()), indent=2,
                          ensure_ascii=False) + "\n"
    else:
        entries = _entries(diary)
        text = as_csv(entries) if fmt is ExportFormat.CSV else as_json(entries)
    _write_private(diary, output, text)


class ReportFormat(str, Enum):
    HTML = "html"
    MARKDOWN = "markdown"
    JSON = "json"


# A file's ending picks the format when --format is not given.
REPORT_ENDINGS = {".html": ReportFormat.HTML, ".htm": ReportFormat.HTML,
                  ".md": ReportFormat.MARKDOWN, ".markdown": ReportFormat.MARKDOWN,
                  ".json": ReportFormat.JSON}


@app.command("report")
@friendly
def report(
    ctx: typer.Context,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="FILE", dir_okay=False, show_default=False,
        help="Write to FILE (all at once, readable by you only); `-` or none is stdout.")]
    = None,
    fmt: Annotated[ReportFormat | None, typer.Option(
        "--format", "-f", case_sensitive=False, show_default=False,
        help="html (one printable page), markdown or json. Default: from the file's "
        "ending, else html.")] = None,
    since: Annotated[str | None, typer.Option(
        "--since", metavar="WHEN", show_default=False,
        help="Start the report on this day: 2026-10-01, '30 days ago'... (default: 8 weeks "
        "ago).")] = None,
) -> None:
    """A one-page summary of your diary for your doctor, physio or massage therapist.

    Red-flag signs first, then a chart of leg and back pain, the weekly Sciatica
    Bothersomeness Index, each measure against its first value with the change that
    matters, and what you did. The HTML page prints on one sheet of A4 or Letter.

    Examples:

      sciatica diary report -o report.html

      sciatica diary report --format markdown -o report.md

      sciatica diary report --since "30 days ago" --format json
    """
    from .. import report as report_module

    now = datetime.now().astimezone()
    start = _since(since, now) if since is not None else None
    chosen = fmt or REPORT_ENDINGS.get(output.suffix.lower() if output else "",
                                       ReportFormat.HTML)
    diary = settings(ctx).diary()
    view = report_module.build(_entries(diary), diary.checkins(), settings(ctx).catalog, now,
                               start)
    from ..render import report as render

    text = {ReportFormat.HTML: render.as_html, ReportFormat.MARKDOWN: render.as_markdown,
            ReportFormat.JSON: render.as_json}[chosen](view)
    _write_private(diary, output, text)


def _since(text: str, now: datetime) -> datetime:
    from ..when import NotADate, parse_when

    try:
        start = parse_when(text).astimezone()
    except NotADate as err:
        raise typer.BadParameter(str(err), param_hint="'--since'") from None
    except (OverflowError, ValueError):
        raise typer.BadParameter(f"'{text}' is too far back", param_hint="'--since'") from None
    if start > now:
        raise typer.BadParameter(f"'{text}' is after today; the report starts on a day that "
                                 "has passed", param_hint="'--since'")
    return start


def _write_private(diary, output: Path | None, text: str) -> None:
    """A file made from the diary is as private as the diary, and never the diary itself."""
    from ..output import deliver

    deliver(text, output, private=True, protected=diary.owns)
