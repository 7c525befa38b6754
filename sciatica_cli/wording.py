"""Sentences every format shows in the same words, so a change is made once.

Text between backticks is a command: the terminal and Markdown show the backticks, HTML
shows it as code.
"""

from __future__ import annotations

# The one "not a diagnosis" reminder: at the end of every page, list, plan, routine and
# diary view, and in the handout and the clinician's report.
NOT_A_DIAGNOSIS = ("This guide is not a diagnosis. If something feels wrong, run "
                   "`sciatica redflags` to see when to get help now.")
MEDICINES = "For medicines, follow the label; ask a pharmacist."
