"""Renderers: the only code that prints. One module per output format."""
