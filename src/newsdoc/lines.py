"""Formats declared as their lines: one declaration gives the reader, writer, check and more.

>>> from newsdoc.lines import LineFormat, Line, Text, MANY, ANY_BLANKS
>>> minimal = LineFormat(
...     name="title-and-paragraphs",
...     lines=(Line(Text("title")), Line(Text("body"), count=MANY, before=ANY_BLANKS)),
... )
>>> minimal.parse("Harbour lights restored\\n\\nThe work took a year.").body
('The work took a year.',)

See ``docs/howto/write-a-format.md``.
"""

from newsdoc._declare import (
    ANY_BLANKS,
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
    Split,
    Text,
    Word,
)
from newsdoc._engine import LineLayout
from newsdoc._lineformat import LineFormat

__all__ = [
    "ANY_BLANKS",
    "MANY",
    "NO_BLANK",
    "ONE",
    "OPTIONAL",
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
    "Split",
    "Text",
    "Word",
]
