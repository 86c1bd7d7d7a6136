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

import attrs

from newsdoc import _parser  # a module: the parser imports the model, which imports this
from newsdoc._engine import join_lines, with_strays
from newsdoc._errors import SerializeError, ValidationError, bounded_repr
from newsdoc._grammar import BOM, PAGE, Dialect, describe_dialect, get_dialect
from newsdoc._model import (
    Article,
    Layout,
    content_lines,
    layout_of,
    line_trivia,
    slot_counts,
    with_layout,
)

__all__ = ["normal_layout", "page_text", "write"]

_CONTENT = ("breadcrumb", "title", "dateline", "summary", "body", "stray_lines")
_content = attrgetter(*_CONTENT)


def page_text(article: Article, dialect: Dialect | str | None) -> str:
    """``article`` as a page: in its own dialect, or converted to ``dialect``.

    An article of another format is converted to the page format, in the
    canonical layout.

    :raises SerializeError: when converting, if the article cannot be
        written so that it reads back as itself.
    """
    if article.format != PAGE:
        article = _as_page(article)
    if dialect is not None:
        target = get_dialect(dialect)
        if target != article.dialect:
            article = _respell(article, target)
    return write(article, layout_of(article))


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


def normal_layout(article: Article, layout: Layout, *, repair: bool) -> Layout:
    """The layout of the page ``article`` writes with ``layout``, read back by the one reader.

    That is ``layout`` itself, or the same formatting stated the one way the
    reader states it (a bullet mark spelled out where it is the default).

    With ``repair``, recorded mixed line endings that no longer fit the
    lines under them (an edit moved lines) give way to the first ending,
    which then stands for all.

    :raises ValidationError: when the page would read back as another
        article, saying which part and why.
    """
    text = write(article, layout)
    back = _parser.read(text, False, article.dialect)
    difference = _difference(article, back)
    if difference is None:
        return layout_of(back)
    if repair and layout.mixed_newlines:
        return normal_layout(article, attrs.evolve(layout, mixed_newlines=()), repair=False)
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


def _as_page(article: Article) -> Article:
    """``article``'s content as a page, in the canonical layout of the default dialect.

    A byline or meta, which a page has no line for, is refused rather than lost.
    """
    try:
        return Article(
            breadcrumb=article.breadcrumb,
            title=article.title,
            dateline=article.dateline,
            summary=article.summary,
            body=article.body,
            byline=article.byline,
            meta=article.meta,
            stray_lines=article.stray_lines,
        )
    except ValidationError as error:
        raise SerializeError([f"as a page, {error}"]) from None


def _respell(article: Article, dialect: Dialect) -> Article:
    """``article`` in ``dialect``'s canonical marks, keeping endings, BOM and final newline."""
    summary = article.summary
    if summary is not None and not dialect.is_heading(summary.heading):
        summary = attrs.evolve(summary, heading=dialect.summary_headings[0])
    layout = layout_of(article)
    kept = Layout(
        bom=layout.bom,
        newline=layout.newline,
        title_repeat=layout.title_repeat,
        trailing=layout.trailing,
    )
    try:
        return with_layout(article, kept, summary=summary, dialect=dialect)
    except ValidationError as error:
        raise SerializeError([f"in the {describe_dialect(dialect)} dialect, {error}"]) from None
