"""Every problem code `sciatica validate` can report, with what it means.

The codes are stable and documented in the README; a new one takes a number from the
range its issue was given (tldr-lint style).
"""

from __future__ import annotations

CODES = {
    "SCI001": "file cannot be read as YAML (syntax, encoding, size, unsafe tag, alias bomb, "
              "nesting, not a regular file)",
    "SCI002": "the file is not a mapping",
    "SCI003": "unknown key",
    "SCI004": "missing field",
    "SCI005": "wrong type or value",
    "SCI006": "duplicate id or alias",
    "SCI007": "unknown source key",
    "SCI008": "see_also names an entry that does not exist",
    "SCI009": "claim without a source or an evidence grade",
    "SCI010": "DOI or URL not well formed",
    "SCI011": "page prose above US grade 8 (warning)",
    "SCI012": "entry without cautions",
    "SCI013": "unknown condition tag",
    "SCI014": "id does not match the file name",
    "SCI015": "a caution says 'do not' or 'avoid' for a condition but rules nothing out",
    "SCI016": "unknown movement or red-flag sign (a stretch's movements, a condition's rules)",
    "SCI017": "a file older than the rules: no effect, movements or rules_out (warning)",
    "SCI018": "a local file drops a bundled rule; the bundled rule is kept (warning)",
    "SCI019": "a condition rules a movement out without a source",
    "SCI020": "claim without a population or an effect (warning)",
    "SCI021": "the retired grade 'not-established' (warning; read as 'not-graded')",
    "SCI022": "claim wording does not match its grade (GRADE plain language)",
    "SCI023": "a massage page without the blood clot caution (warning)",
    "SCI024": "a red-flag sign too long for a checklist line (warning)",
    "SCI025": "a local red-flag file rewords a bundled emergency sign, title or action",
    "SCI026": "a local red-flag file moves a bundled emergency sign down a tier",
    "SCI027": "replace_bundled: true on a red-flag file that is not a whole list",
    "SCI035": "more problems in one file than are listed",
    # A stretch's pose (pose.py): what its drawing needs.
    "SCI040": "a limb changes length between the start and end positions",
    "SCI041": "a near limb and its far twin differ in length",
    "SCI042": "the body floats above the floor",
    "SCI043": "the body goes through the floor",
    "SCI044": "unknown prop",
    "SCI045": "a knee bends the wrong way",
    "SCI046": "the start and end positions are the same",
    "SCI047": "the steps use a prop the pose lacks (warning)",
    "SCI048": "a stretch without a pose, so without a drawing (warning)",
    "SCI049": "unknown view, or an arrow on something that is not a joint",
    # Words that fit the routine (lint.py).
    "SCI060": "a stretch on both sides whose steps say to do the other side (warning)",
}
