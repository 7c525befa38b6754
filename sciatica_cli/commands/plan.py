"""`sciatica plan`: a personal plan after the red-flag questions."""

from __future__ import annotations

import re
import sys
from enum import Enum
from typing import Annotated

import typer

from ..errors import EmergencyReported, UsageError
from .common import ColorOption, JsonOption, settings


def bundled_conditions() -> list[str]:
    """The ids in our conditions.yaml, for help that lists them without the README.

    Read from the file itself, so the help stays true as conditions are added (a test
    checks these are exactly the loaded ones); a folder of your own may add more. Read as
    lines, not parsed: building the help must not cost a YAML parse on every start.
    """
    from ..content_files import bundled_data_dir

    try:
        text = (bundled_data_dir() / "conditions.yaml").read_text("utf-8")
    except (OSError, UnicodeError):
        return []
    section = re.split(r"^conditions:[ \t]*$", text, maxsplit=1, flags=re.M)[-1]
    section = re.split(r"^\S", section, maxsplit=1, flags=re.M)[0]  # up to the next key
    return re.findall(r"^  - id:[ \t]*([a-z0-9-]+)[ \t]*$", section, flags=re.M)


def _condition_help() -> str:
    ids = bundled_conditions()
    listed = f" ({', '.join(ids)}, or one from your own conditions.yaml)" if ids else ""
    return f"A condition that applies to you{listed}; an id or name. Repeat for more."


class Stage(str, Enum):
    ACUTE = "acute"
    CHRONIC = "chronic"


def plan(
    ctx: typer.Context,
    stage: Annotated[Stage | None, typer.Option(
        "--stage", case_sensitive=False, show_default=False,
        help="acute (under 6 weeks) or chronic (longer).")] = None,
    condition: Annotated[list[str] | None, typer.Option(
        "--condition", metavar="NAME", show_default=False,
        help=_condition_help())] = None,
    no_red_flags: Annotated[bool, typer.Option(
        "--no-red-flags", help="You confirm that none of the signs in `sciatica redflags` "
        "apply to you.")] = False,
    red_flag: Annotated[list[str] | None, typer.Option(
        "--red-flag", metavar="SIGN", show_default=False,
        help="An emergency or urgent sign that applies to you (ids in `sciatica redflags "
        "--json`); repeat for more. An emergency sign shows the advice and exits 3.")] = None,
    as_json: JsonOption = False,
    color: ColorOption = None,
) -> None:
    """A plan for you: what to start today, what to ask a massage therapist about, and the
    cautions that apply to you.

    On a terminal it asks a few short lists: the emergency signs, the urgent signs, how
    long the pain has lasted, and your health; answer each with numbers, or none. Any
    emergency sign shows the emergency advice, makes no plan, and exits 3. The questions
    and the advice always go to your terminal; only the plan (or its JSON) goes to stdout.
    In a script, confirm with --no-red-flags that no red flag applies (or name the ones that
    do with --red-flag), and give --stage.

    Examples:

      sciatica plan

      sciatica plan > my-plan.txt

      sciatica plan --no-red-flags --stage acute --condition pregnancy

      sciatica plan --no-red-flags --stage chronic --condition blood-thinners --json
    """
    from ..plan import Emergency, build_plan, interview, resolve_condition, resolve_sign, tier_of

    s = settings(ctx, color)
    catalog = s.catalog
    reported = tuple(dict.fromkeys(resolve_sign(catalog, name) for name in red_flag or ()))
    for sign in reported:
        if tier_of(catalog, sign.id).id == "routine":
            raise UsageError(f"'{sign.id}' is a routine sign: book a visit with your GP or a "
                             "physio. --red-flag takes emergency and urgent signs.")
    if no_red_flags and reported:
        raise UsageError("give --no-red-flags or --red-flag, not both.")
    answered = no_red_flags or bool(reported)
    if not s.can_ask and not answered:
        raise UsageError("plan asks the red-flag questions on a terminal. In a script, first "
                         "check `sciatica redflags`, then confirm with --no-red-flags.")
    from ..render import plan as render

    asker = render.Asker(s.advice) if s.can_ask else None
    if asker is None and stage is None and not any(
            tier_of(catalog, r.id).id == "emergency" for r in reported):
        raise UsageError("give --stage acute or --stage chronic when not on a terminal.")
    conditions = tuple(dict.fromkeys(resolve_condition(catalog, c) for c in condition or ()))

    def cannot_ask(step: object) -> tuple[int, ...]:
        raise AssertionError("nothing is asked without a terminal")  # the checks above

    answers = interview(
        catalog, asker or cannot_ask, stage.value if stage else None,
        conditions if (condition or asker is None) else None, red_flags_checked=no_red_flags,
        reported=reported, show=asker.show if asker else None,
        local_signs=frozenset(catalog.redflag_marks.signs))
    from ..render.formats import Output, present, show
    from ..views.plan import emergency_view, plan_view

    if isinstance(answers, Emergency):
        # The advice reaches the person's terminal (stderr if there is none) whatever
        # stdout is; in place of a plan, stdout gets it too: as JSON, or as text when
        # stdout is not that terminal.
        advice = emergency_view(catalog, answers)
        show(advice, Output.TERMINAL, s.advice)
        if as_json:
            show(advice, Output.JSON, s.out)
        elif s.advice.stream is not s.out.stream:
            show(advice, Output.TERMINAL, s.out)
        raise EmergencyReported()
    result = build_plan(catalog, answers.stage, answers.conditions, answers.urgent)
    if asker is not None and asker.asked and s.person is not sys.stdout:
        asker.done()
    present(plan_view(catalog, result), s, as_json)
