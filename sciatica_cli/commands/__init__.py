"""The commands, one module per capability; cli.py registers them."""
