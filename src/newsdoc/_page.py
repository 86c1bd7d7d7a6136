"""The page format, declared: the lines of an aggregator page, in the order they come.

This is the grammar the ``_parser`` docstring states in ABNF and in rules,
as one value the engine reads, writes and checks pages with:

* ``breadcrumb``: the first line is the breadcrumb when it contains the
  separator and the next non-blank line is not a summary heading;
* ``title``: the first line that is not the breadcrumb, unless it is a
  summary heading (a page of headings has no title);
* ``dateline``: the line right after the title (no blank line between),
  whatever it says, unless it is a summary heading;
* ``heading`` and ``point``: a summary heading followed by a point, then
  every line that starts with a bullet mark, blank lines between them
  included; a line between two points is a stray line;
* ``repeat``: the title again, right after the last point;
* ``paragraph``: every line after the first blank line that follows the
  head or the summary.
"""

from __future__ import annotations

from functools import lru_cache

from newsdoc._declare import (
    ANY_BLANKS,
    ANY_NUMBER,
    MANY,
    OPTIONAL,
    SOME_BLANKS,
    Line,
    Mark,
    Same,
    Split,
    Text,
    Word,
)
from newsdoc._engine import Program
from newsdoc._grammar import Dialect

__all__ = ["PAGE_LINES", "page_program"]

PAGE_LINES = (
    Line(
        Split(),
        count=OPTIONAL,
        before=ANY_BLANKS,
        not_then="heading",
        mark=0.4,
        codes={"malformed": "empty-breadcrumb-segment"},
    ),
    Line(
        Text("title"),
        before=ANY_BLANKS,
        unless=("heading",),
        codes={"missing": "missing-title", "empty": "empty-page"},
    ),
    Line(Text("dateline"), count=OPTIONAL, unless=("heading",)),
    Line(
        Word(),
        count=OPTIONAL,
        before=ANY_BLANKS,
        then="point",
        mark=0.5,
        name="heading",
        codes={"alone": "summary-without-points"},
    ),
    Line(
        Mark(),
        Text("summary.points"),
        count=MANY,
        before=ANY_BLANKS,
        after="heading",
        name="point",
        codes={"interrupted": "summary-interrupted"},
    ),
    Line(Same("title"), count=OPTIONAL, after="point", name="repeat"),
    Line(
        Text("body"),
        count=ANY_NUMBER,
        before=SOME_BLANKS,
        new="second",
        name="paragraph",
        codes={"blank-lines": "missing-blank-line"},
    ),
)
"""The page format's lines: its breadcrumb, title, dateline, summary and body."""


@lru_cache(maxsize=64)
def page_program(dialect: Dialect) -> Program:
    """The page format's program in ``dialect``: resolved once, as pages of a dialect come in runs."""
    return Program(PAGE_LINES, dialect)
