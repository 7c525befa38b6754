"""Views: plain, typed data for what a command shows, with references numbered once.

The flow is files -> catalog -> view -> renderer -> stdout. A view builder does the query
work (which entries, which references and their numbers, what comes from a user's own
folder); a renderer (render/, chosen in render/formats.py) takes a view and lays it out
for one format, doing no query work of its own and never seeing the catalog. So a new
field is added to a view and read where it is shown.
"""
