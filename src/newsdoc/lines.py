"""Formats declared as their lines: one declaration gives the reader, writer, check and more.

>>> from newsdoc.lines import LineFormat, Line, Text, MANY, ANY_BLANKS
>>> minimal = LineFormat(
...     name="title-and-paragraphs",
...     lines=(Line(Text("title")), Line(Text("body"), count=MANY, before=ANY_BLANKS)),
... )
>>> minimal.parse("Harbour lights restored\\n\\nThe work took a year.").body
('The work took a year.',)

:data:`PAGE_LINES` is the page format's own declaration: a format can
place lines before it, or between its lines (see
``docs/howto/write-a-format.md``).
"""

from newsdoc._declare import (
    ANY_BLANKS,
    ANY_NUMBER,
    MANY,
    NO_BLANK,
    ONE,
    OPTIONAL,
    SOME_BLANKS,
    Blanks,
    Count,
    Date,
    Fixed,
    Line,
    Mark,
    Part,
    Same,
    Split,
    Text,
    Word,
)
from newsdoc._engine import LineLayout
from newsdoc._lineformat import LineFormat
from newsdoc._page import PAGE_LINES

__all__ = [
    "ANY_BLANKS",
    "ANY_NUMBER",
    "MANY",
    "NO_BLANK",
    "ONE",
    "OPTIONAL",
    "PAGE_LINES",
    "SOME_BLANKS",
    "Blanks",
    "Count",
    "Date",
    "Fixed",
    "Line",
    "LineFormat",
    "LineLayout",
    "Mark",
    "Part",
    "Same",
    "Split",
    "Text",
    "Word",
]
