"""How the page format tells its pages from other text: marks, evidence against, weights.

``format="auto"`` asks the page format how sure it is that a text is one
of its pages.  The page format reads the text's first lines leniently and
weighs what the reading shows against two tables, which are the whole
rule: :data:`MARKS`, the format's own marks, each adding its weight to the
score, and :data:`AGAINST`, what a page of the format never shows, each
taking its weight away.  The score is the sum, kept between 0 and 1.

The weights are chosen so that

* no mark alone reaches :data:`~newsdoc.CONFIDENT` (0.5): each could be a
  coincidence, a heading over a list as much as a path-like first line;
* a strong mark (the breadcrumb, the summary) with any other one reaches
  it, and both with a third, as either rendering of the site's pages has,
  score 0.9;
* one piece of evidence against takes at most 0.2 away, so that a page
  with both strong marks stays confident whatever one line of it says.

The tables are data, names and weights; :func:`shown` says what each name
stands for, as the names a reading shows.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping

from newsdoc._dates import parse_parts
from newsdoc._engine import LineLayout
from newsdoc._model import Article

__all__ = ["AGAINST", "LONG_TITLE", "MARKS", "SUREST", "page_score", "shown"]

MARKS: Mapping[str, float] = {
    "breadcrumb-ends-in-title": 0.4,
    "summary-with-points": 0.4,
    "dateline-reads-as-date": 0.1,
    "title-repeated-after-points": 0.1,
}
"""The page's own marks, and how much each says for a page."""

AGAINST: Mapping[str, float] = {
    "breadcrumb-of-another-title": 0.2,
    "dateline-not-a-date": 0.1,
    "heading-without-points": 0.1,
    "title-of-sentences": 0.2,
    "long-title": 0.2,
}
"""What the format's pages never show, and how much each says against a page."""

LONG_TITLE = 150
"""Characters beyond which a title is a sentence of prose rather than a headline,
which on the site's pages runs to about a hundred."""

_SENTENCE_END = re.compile(r"(?<=[a-z]{2})[.!?]['\"\u2019\u201d)]*(?=\s|$)")
"""A full stop, ``!`` or ``?`` after a word's lower-case end, then a space or the end.

Two lower-case letters before it, so that ``U.S.``, ``Mr.`` and ``Dr.`` are
no sentence ends; ``Mrs.`` and ``Corp.`` are, which a title of one sentence
survives, as it needs two."""


def shown(head: Article) -> list[str]:
    """The names, in :data:`MARKS` and :data:`AGAINST`, of what ``head`` shows.

    ``head`` is a lenient reading of a text's first lines.  A summary read
    has points: the grammar wants one.  A breadcrumb counts as ending in the
    title when its line ends with the separator and the title, so that a
    title holding the separator, which the reading splits into more
    segments, still counts.
    """
    found = []
    title = head.title
    crumb = head.breadcrumb
    if crumb is not None:
        separator = head.dialect.breadcrumb_separator
        ends = crumb.segments[-1] == title or (
            separator in title and separator.join(crumb.segments).endswith(separator + title)
        )
        found.append("breadcrumb-ends-in-title" if ends else "breadcrumb-of-another-title")
    if head.summary is not None:
        found.append("summary-with-points")
    if head.defects and any(defect.code == "summary-without-points" for defect in head.defects):
        found.append("heading-without-points")
    if head.dateline is not None:
        date = not isinstance(parse_parts(head.dateline.text), str)
        found.append("dateline-reads-as-date" if date else "dateline-not-a-date")
    layout = head.layout
    if isinstance(layout, LineLayout) and "repeat" in layout.lines[::3]:
        found.append("title-repeated-after-points")
    if len(title) > LONG_TITLE:
        found.append("long-title")
    if _of_sentences(title):
        found.append("title-of-sentences")
    return found


def _of_sentences(title: str) -> bool:
    """Whether ``title`` ends two sentences or more: prose, not a headline."""
    if "." not in title and "!" not in title and "?" not in title:
        return False  # most titles, told without the slower search
    first = _SENTENCE_END.search(title)
    return first is not None and _SENTENCE_END.search(title, first.end()) is not None


_WEIGHTS = {**MARKS, **{name: -weight for name, weight in AGAINST.items()}}
"""Both tables as one: what each name adds to the score."""

SUREST = min(1.0, sum(MARKS.values()))
"""The score of a reading with every mark and nothing against it."""


def page_score(head: Article) -> float:
    """How surely ``head``, read leniently from a text's first lines, came from a page."""
    return _score(tuple(shown(head)))


@functools.cache
def _score(names: tuple[str, ...]) -> float:
    """The score of a reading that shows ``names``: a few hundred sets, each summed once."""
    total = sum(_WEIGHTS[name] for name in names)
    # Rounded, so that weights of two places add up to what they say (0.1 + 0.2).
    return round(min(1.0, max(0.0, total)), 6)
