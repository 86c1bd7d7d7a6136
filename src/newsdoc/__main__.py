"""``python -m newsdoc``: the command line."""

from newsdoc._cli import entry

entry()
