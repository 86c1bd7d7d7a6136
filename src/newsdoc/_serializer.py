"""Write an :class:`~newsdoc.Article` as a page: concatenation, and nothing else.

Each content line is written from its text and its trivia (the canonical
one unless the layout records another), stray lines are merged back in at
their line numbers, and the lines are joined with the recorded endings.
Writing checks nothing: every article was checked when it was made, by
:func:`normal_layout`, which writes it and reads it back with the one
reader.
"""

from __future__ import annotations

from operator import attrgetter
from typing import TYPE_CHECKING

import attrs

from newsdoc._engine import join_lines, with_strays
from newsdoc._errors import ValidationError, bounded_repr
from newsdoc._grammar import BOM
from newsdoc._layout import Layout, content_lines, layout_of, line_trivia, slot_counts
from newsdoc._parser import Builders, read

if TYPE_CHECKING:
    from newsdoc._model import Article

__all__ = ["normal_layout", "write"]

_CONTENT = ("breadcrumb", "title", "dateline", "summary", "body", "stray_lines")
_content = attrgetter(*_CONTENT)


def write(article: Article, layout: Layout) -> str:
    """The page of ``article`` formatted by ``layout``."""
    dialect = article.dialect
    lines = (
        _formatted_lines(article, layout)
        if layout.lines or dialect.canonical_paragraph_gap
        else content_lines(
            article, layout.title_repeat, dialect.canonical_point_prefix, body_gap=True
        )
    )
    if layout.trailing:
        lines += layout.trailing
    if article.stray_lines:
        lines = with_strays(lines, article.stray_lines)
    text = join_lines(lines, layout.newline, layout.mixed_newlines)
    return BOM + text if layout.bom else text


def _formatted_lines(article: Article, layout: Layout) -> list[str]:
    counts = slot_counts(article, layout.title_repeat)
    texts = content_lines(article, layout.title_repeat, "", body_gap=False)
    lines: list[str] = []
    for trivia, text in zip(line_trivia(layout, counts, article.dialect), texts, strict=True):
        if trivia.gap:
            lines += trivia.gap
        lines.append(trivia.prefix + text + trivia.suffix)
    return lines


def normal_layout(article: Article, layout: Layout, builders: Builders, *, repair: bool) -> Layout:
    """The layout of the page ``article`` writes with ``layout``, read back by the one reader.

    The reader makes what it reads with ``builders``, the model's.

    That is ``layout`` itself, or the same formatting stated the one way the
    reader states it (a bullet mark spelled out where it is the default).

    With ``repair``, recorded mixed line endings that no longer fit the
    lines under them (an edit moved lines) give way to the first ending,
    which then stands for all.

    :raises ValidationError: when the page would read back as another
        article, saying which part and why.
    """
    text = write(article, layout)
    back = read(text, False, article.dialect, builders)
    difference = _difference(article, back)
    if difference is None:
        return layout_of(back)
    if repair and layout.mixed_newlines:
        return normal_layout(
            article, attrs.evolve(layout, mixed_newlines=()), builders, repair=False
        )
    raise ValidationError(f"this article would not read back as itself: {difference}")


def _difference(article: Article, back: Article) -> str | None:
    """What ``back`` reads otherwise than ``article``, with the reader's reasons; or None."""
    written, read_back = _content(article), _content(back)
    if written == read_back:
        return None
    name, mine, theirs = next(
        parts for parts in zip(_CONTENT, written, read_back, strict=True) if parts[1] != parts[2]
    )
    # A missing block is no reason: it does not change what the page reads as.
    reasons = [
        f"line {defect.line}: {defect.message} [{defect.code}]"
        for defect in back.defects
        if defect.code != "missing-block"
    ][:3]
    summary = article.summary
    if summary is not None and not article.dialect.is_heading(summary.heading):
        reasons.insert(0, f"{summary.heading!r} is not a summary heading of the dialect")
    because = f" ({'; '.join(reasons)})" if reasons else ""
    return (
        f"its {name} {bounded_repr(mine, 80)} would read back as "
        f"{bounded_repr(theirs, 80)}{because}"
    )
