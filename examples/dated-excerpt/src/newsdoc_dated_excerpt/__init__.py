"""The dated excerpt: a newsdoc format for news text as extraction often leaves it.

A worked example of a format declared as its lines (see
``docs/howto/write-a-format.md`` in newsdoc).  A dated excerpt is a first
line with the date and the headline, then the standfirst, then the body,
one paragraph a line::

     date 2025-07-17 Harbour ferries return to the summer timetable
    Boats leave every twenty minutes from Monday.
    The evening crossing runs until midnight on Fridays.

The date becomes the article's dateline, the rest of the first line its
title, and the standfirst its first body paragraph: the text states it as
prose, with no heading and no bullet, so as a paragraph it converts to a
page and back with nothing invented and nothing lost.

``DATED_SUMMARY`` is the same first line before a page's summary and body,
a shape that extracted text often has too::

     date 2025-07-17 Harbour ferries return to the summer timetable
    Summary
    - Boats every twenty minutes

    The evening crossing runs until midnight on Fridays.
"""

from __future__ import annotations

from typing import Any

from newsdoc import Article, lines

__all__ = ["DATED_SUMMARY", "FORMAT"]

HEAD = lines.Line(
    lines.Fixed("date"),
    lines.Date(pattern="YYYY-MM-DD"),
    lines.Text("title"),
    indent=" ",
    mark=0.9,
    name="head",
)


def _upgrade(old: tuple[Any, ...], article: Article) -> tuple[Any, ...] | None:
    """A layout of version 0.1, which listed the spacing of each line that had any."""
    if len(old) != 9:
        return None
    bom, newline, endings, *head, spacing, trailing = old
    if not article.title:  # every line was a stray line, with the blank lines between them
        blanks = tuple(blank for _, gap, _, _ in spacing for blank in gap)
        return (bom, newline, endings, (), blanks + trailing)
    spaced = () if head == [" ", " ", " ", ""] else ("head", 0, "\n".join(head))
    for position, gap, prefix, suffix in spacing:
        spaced += ("body", position, "\n".join((*gap, prefix, suffix)))
    return (bom, newline, endings, spaced, trailing)


FORMAT = lines.LineFormat(
    name="dated-excerpt",
    lines=(
        HEAD,
        lines.Line(lines.Text("body"), count=lines.MANY, before=lines.ANY_BLANKS, new="anew"),
    ),
    upgrade=_upgrade,
)
"""The format, as the ``newsdoc.formats`` entry point names it."""

DATED_SUMMARY = lines.LineFormat(
    name="dated-summary",
    lines=(
        HEAD,
        lines.Line(lines.Word(), before=lines.ANY_BLANKS, mark=0.5),
        lines.Line(lines.Mark(), lines.Text("summary.points"), count=lines.MANY, mark=0.3),
        lines.Line(lines.Text("body"), count=lines.MANY, before=lines.SOME_BLANKS),
    ),
)
"""A dated headline before a page's summary and body, as its entry point names it."""
