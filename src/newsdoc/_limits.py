"""How much the readers of files and the command line read at most, unless told otherwise.

Far more than any page, so that only a file that is no page meets them.  Kept apart
from the readers, so that the command line states its defaults without importing them.
"""

from __future__ import annotations

__all__ = ["DEFAULT_MAX_BYTES", "DEFAULT_MAX_LINES"]

DEFAULT_MAX_BYTES = 64 * 1024 * 1024
"""How many bytes a file holds at most: 64 MiB."""
DEFAULT_MAX_LINES = 1024 * 1024
"""How many lines a file's text holds at most."""
