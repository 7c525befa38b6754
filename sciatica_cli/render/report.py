"""The clinician's report (report.Report) as JSON, Markdown, or one printable HTML page.

Each renderer lays out the same plain data; none of them loads the diary or the catalog.
HTML goes through Jinja2 with autoescaping on, so a note can never become markup.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from ..outcomes import BETTER, ONE_VALUE, SBI, WORSE, Change
from ..report import Report, signs_seen
from ..textclean import clean, md, md_commands

TITLE = "Sciatica diary: a summary for your clinician"
VERDICT_WORDS = {BETTER: "better, a change that matters",
                 WORSE: "worse, a change that matters",
                 ONE_VALUE: "one value so far"}


def _day(at: str) -> str:
    moment = datetime.fromisoformat(at)
    return f"{moment.day} {moment.strftime('%b %Y')}"


def _short_day(day: date) -> str:
    return f"{day.day} {day.strftime('%b')}"


def verdict_words(c: Change) -> str:
    return VERDICT_WORDS.get(c.verdict, "no clear change yet")


def change_words(c: Change) -> str:
    """The change in points (and percent for 0-10 pain), signed as a reader expects."""
    if c.verdict == ONE_VALUE:
        return "-"
    text = f"{c.change:+d}"
    if c.percent is not None and c.measure is not SBI:
        text += f" ({c.percent:+.0f}%)"
    return text


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _score(c: Change, value: int) -> str:
    return f"{value}/{c.measure.top}"


# --- JSON -------------------------------------------------------------------------------


def as_dict(r: Report) -> dict[str, Any]:
    p = r.progress
    return {
        "period": {"start": r.start.isoformat(), "end": r.end.isoformat(), "days": r.days},
        "entries": r.entries,
        "red_flags": [{"at": f.at, "signs": [{"id": s.id, "text": s.text, "tier": s.tier or None}
                                             for s in f.signs], "note": f.note}
                      for f in r.red_flags],
        "pain_by_day": [{"date": d.date, "leg_pain": _round(d.leg), "back_pain": _round(d.back),
                         "pain": _round(d.overall)} for d in r.pain],
        "sbi": [{"at": s.at, "items": dict(zip(("leg_pain", "numbness", "weakness", "sitting"),
                                               s.items)),
                 "total": s.total, "pgic": s.pgic} for s in r.sbi],
        "changes": [{"measure": c.measure.key, "name": c.measure.name, "top": c.measure.top,
                     "baseline": c.baseline, "baseline_at": c.baseline_at, "latest": c.latest,
                     "latest_at": c.latest_at, "change": c.change,
                     "percent": None if c.percent is None else round(c.percent, 1),
                     "values": c.values, "verdict": c.verdict, "rule": c.rule}
                    for c in p.changes],
        "last_pgic": None if p.last_pgic is None else _pgic(p.last_pgic),
        "advice": [{"text": a.text, "quote": a.quote, "source": a.source, "where": a.where}
                   for a in p.advice],
        "done": [{"id": d.id, "name": d.name, "times": d.times} for d in r.done],
        "routine_sessions": r.routine_sessions,
        "rules": {"pain": r.pain_rule, "sbi": r.sbi_rule},
        "sources": [{"key": s.key, "citation": s.text} for s in r.sources],
        "not_a_diagnosis": r.not_a_diagnosis,
        "prepared": r.prepared.isoformat(timespec="minutes"),
    }


def _pgic(score: int) -> dict[str, Any]:
    from ..outcomes import pgic_label

    return {"score": score, "answer": pgic_label(score)}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def as_json(r: Report) -> str:
    return json.dumps(as_dict(r), indent=2, ensure_ascii=False) + "\n"


# --- Weeks: the chart's text alternative in Markdown ---------------------------------------


class Week(NamedTuple):
    start: date
    leg: float | None
    back: float | None
    overall: float | None
    days: int  # days with entries


def weeks(r: Report) -> list[Week]:
    """Weekly averages from the period's first day, a week a row."""
    out = []
    start = r.start
    while start <= r.end:
        end = start + timedelta(days=7)
        days = [d for d in r.pain if start <= date.fromisoformat(d.date) < end]

        def mean(values: list[float | None]) -> float | None:
            found = [v for v in values if v is not None]
            return sum(found) / len(found) if found else None

        out.append(Week(start, mean([d.leg for d in days]), mean([d.back for d in days]),
                        mean([d.overall for d in days]), len(days)))
        start = end
    return out


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


# --- Markdown -----------------------------------------------------------------------------


def as_markdown(r: Report) -> str:
    """The report in Markdown: every value through the one escaping filter (md)."""
    out = [md("# {}", TITLE), "",
           md("{} {} to {} {} ({} days, {} diary entries). Prepared {} {}.",
              _short_day(r.start), r.start.year, _short_day(r.end), r.end.year, r.days,
              r.entries, r.prepared.day, r.prepared.strftime("%B %Y")), "",
           md("**{}**", md_commands(r.not_a_diagnosis)), ""]
    out += ["## Red-flag signs recorded", ""]
    if r.red_flags:
        for f in r.red_flags:
            signs = " ".join((md("{}: ", s.tier.upper()) if s.tier else "") + md("{}", s.text)
                             for s in f.signs)
            note = md(' Note: "{}"', f.note) if f.note else ""
            out.append(md("- **{}**: ", _day(f.at)) + signs + note)
    else:
        out.append("None in this period.")
    out += ["", "## Pain by week (average, 0 to 10)", "",
            "| week from | leg pain | back pain | pain overall | days with entries |",
            "|---|---|---|---|---|"]
    for w in weeks(r):
        out.append(md("| {} | {} | {} | {} | {} |", _short_day(w.start), _num(w.leg),
                      _num(w.back), _num(w.overall), w.days))
    out += ["", md("## Sciatica Bothersomeness Index (0 to {})", r.sbi_max), ""]
    if r.sbi:
        out += ["| check-in | " + " | ".join(md("{}", item) for item in r.sbi_items)
                + " | total | change since first |",
                "|---" * (len(r.sbi_items) + 3) + "|"]
        for s in r.sbi:
            out.append(md("| {} | ", _day(s.at)) + " | ".join(md("{}", v) for v in s.items)
                       + md(" | {}/{} | {} |", s.total, r.sbi_max, s.pgic or "-"))
    else:
        out.append("No weekly check-in in this period.")
    out += ["", "## Since the first value (the baseline)", ""]
    if r.progress.changes:
        out += ["| measure | baseline | latest | change | reading |", "|---|---|---|---|---|"]
        for c in r.progress.changes:
            out.append(md("| {} | {} ({}) | {} ({}) | {} | {} |", _capital(c.measure.name),
                          _score(c, c.baseline), _day(c.baseline_at), _score(c, c.latest),
                          _day(c.latest_at), change_words(c), verdict_words(c)))
        out += ["", md("A change that matters: 0 to 10 pain, {}; the SBI, {}. Lower is better. "
                       "The baseline is the first value in the whole diary, which may be "
                       "before this period.", r.pain_rule, r.sbi_rule)]
    else:
        out.append("No values yet.")
    for a in r.progress.advice:
        out += ["", md('**See a doctor.** {} "{}" ({}).', a.text, a.quote, a.where)]
    out += ["", "## What was done", ""]
    if r.done or r.routine_sessions:
        out += [md("- {}: {} time{}", d.name, d.times, "s" if d.times != 1 else "")
                for d in r.done]
        out.append(md("- Guided stretching sessions (`sciatica routine`): {}",
                      r.routine_sessions))
    else:
        out.append("Nothing recorded in this period.")
    out += ["", "## Where the thresholds come from", ""]
    out += [md("- {}", s.text) for s in r.sources]
    out += ["", "Made with sciatica, an offline self-care guide. The person keeps this diary "
            "themselves; the numbers are their own ratings.", ""]
    return "\n".join(out)


# --- HTML ---------------------------------------------------------------------------------

# The chart's drawing area, in SVG user units (the page scales it to the column's width).
WIDTH, HEIGHT = 700, 150
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 12, 40
MAX_NOTE = 160  # characters of a red-flag entry's note on the page; JSON and Markdown keep all
MAX_DONE = 8
MAX_SBI = 10  # check-ins as columns: the last ten fit the page's width


class Series(NamedTuple):
    name: str
    css: str  # the class that gives its line style: solid, dashed, dotted
    marker: str  # circle, square, or none
    points: tuple[tuple[float, float, str, float], ...]  # x, y, date, value

    @property
    def path(self) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y, _, _ in self.points)


class Chart(NamedTuple):
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    y_ticks: tuple[tuple[float, int], ...]  # y position, value
    x_ticks: tuple[tuple[float, str], ...]  # x position, date label
    series: tuple[Series, ...]
    summary: str  # the chart in words


def chart(r: Report) -> Chart:
    span = max((r.end - r.start).days, 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: date) -> float:
        return LEFT + plot_w * (day - r.start).days / span

    def y(value: float) -> float:
        return TOP + plot_h * (1 - value / 10)

    def series(name: str, css: str, marker: str, pick) -> Series:
        pts = []
        for d in r.pain:
            value = pick(d)
            if value is not None:
                day = date.fromisoformat(d.date)
                pts.append((x(day), y(value), d.date, value))
        return Series(name, css, marker, tuple(pts))

    lines = [series("Leg pain", "leg", "circle", lambda d: d.leg),
             series("Back pain", "back", "square", lambda d: d.back)]
    # Pain overall only where leg and back pain were not both given, so the page does not
    # show the same thing three times.
    if any(d.leg is None and d.back is None for d in r.pain):
        lines.append(series("Pain overall", "overall", "none", lambda d: d.overall))
    x_ticks = []
    tick = r.start
    while tick <= r.end:
        x_ticks.append((x(tick), _short_day(tick)))
        tick += timedelta(days=7)
    return Chart(WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM,
                 tuple((y(v), v) for v in range(0, 11, 2)), tuple(x_ticks),
                 tuple(s for s in lines if s.points), _chart_words(r, lines))


def _chart_words(r: Report, lines: list[Series]) -> str:
    parts = []
    for s in lines:
        if not s.points:
            continue
        values = [p[3] for p in s.points]
        first, last = s.points[0], s.points[-1]
        parts.append(f"{s.name}: {first[3]:.1f} on {_short_day(date.fromisoformat(first[2]))}, "
                     f"{last[3]:.1f} on {_short_day(date.fromisoformat(last[2]))} (lowest "
                     f"{min(values):.1f}, highest {max(values):.1f}; daily averages).")
    if not parts:
        return "No pain scores in this period."
    return " ".join(parts)


def _environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(loader=PackageLoader("sciatica_cli", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["day"] = _day
    env.filters["shortday"] = lambda at: _short_day(datetime.fromisoformat(at).date())
    env.filters["code"] = _code
    env.filters["clean"] = clean
    return env


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _code(text: str):  # -> markupsafe.Markup
    """Our own sentence with `command` spans shown as code; everything else escaped."""
    from markupsafe import Markup, escape

    parts = str(text).split("`")
    return Markup("").join(escape(p) if i % 2 == 0 else Markup("<code>%s</code>") % p
                           for i, p in enumerate(parts))


def as_html(r: Report) -> str:
    template = _environment().get_template("report.html.j2")
    return template.render(
        title=TITLE, r=r, chart=chart(r), period=(f"{_short_day(r.start)} {r.start.year} to "
                                                  f"{_short_day(r.end)} {r.end.year}"),
        signs=signs_seen(r.red_flags), latest_note=_shorten(next(
            (clean(f.note) for f in r.red_flags if f.note.strip()), ""), MAX_NOTE),
        sbi=r.sbi[-MAX_SBI:], more_sbi=len(r.sbi) - MAX_SBI,
        done=r.done[:MAX_DONE], more_done=len(r.done) - MAX_DONE, changes=[
            {"name": c.measure.name, "baseline": _score(c, c.baseline),
             "baseline_at": _day(c.baseline_at), "latest": _score(c, c.latest),
             "latest_at": _day(c.latest_at), "change": change_words(c),
             "verdict": verdict_words(c), "css": c.verdict.replace(" ", "-")}
            for c in r.progress.changes],
        last_pgic=None if r.progress.last_pgic is None else _pgic(r.progress.last_pgic)["answer"],
    )
