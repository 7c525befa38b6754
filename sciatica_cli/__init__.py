"""sciatica: an offline, evidence-graded sciatica self-care guide for the terminal."""

__version__ = "0.1.0"
