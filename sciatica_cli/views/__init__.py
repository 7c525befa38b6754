"""Views: plain, typed data for what a command shows, with references numbered once.

A renderer takes a view and lays it out for one format; it does no query work of its own.
"""
