"""What the bundled content rules out, written down once by hand for the two files that check
the one rule: test_suitability.py (the decision) and test_not_for_you.py (what each command
shows). From data/conditions.yaml and the stretches' movements; the sources are in
data/sources.yaml (leeds-hip-replacement, bhof-protecting-spine, tbi-spinal-decompression)."""

from __future__ import annotations

from sciatica_cli.catalog_loader import load_catalog

CATALOG = load_catalog()  # the bundled content, loaded once for both

# Stretches a condition rules out through the movements they ask for.
STRETCHES_OUT = {
    "osteoporosis": {"knee-to-chest", "cat-cow", "childs-pose"},
    "hip-replacement": {"knee-to-chest", "figure-four", "childs-pose"},
    "recent-surgery": {"knee-to-chest", "figure-four", "cat-cow", "childs-pose"},
}
# Pages a caution takes out (effect: out) for a condition, at any stage.
PAGES_OUT = {
    "blood-thinners": {"deep-tissue", "trigger-point"},
    "osteoporosis": {"deep-tissue"},
    "reduced-feeling": {"deep-tissue"},
}
