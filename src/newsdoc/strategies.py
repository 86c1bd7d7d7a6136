"""Hypothesis strategies for articles and pages, for testing newsdoc and parsers built on it.

Install with ``pip install newsdoc[strategies]``.

* :func:`articles` draws valid articles, built by hand (canonical layout).
* :func:`formatted_articles` draws valid articles formatted as real pages
  are: padding, blank line runs, bullet marks, line endings.
* :func:`pages` draws the text of a page in any of the renderings newsdoc
  reads, together with the article it holds.
* :func:`dialects` draws valid dialects.
* :func:`line_texts` draws the text of one line, hostile characters included.
* :func:`invalid_pages` draws texts that break the grammar, with the
  :attr:`~newsdoc.ParseError.code` strict parsing must raise.

>>> from hypothesis import given
>>> import newsdoc
>>> @given(pages())
... def test_reads_every_rendering(page):
...     text, article = page
...     assert newsdoc.loads(text).content_equals(article)
>>> test_reads_every_rendering()
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

import attrs
from hypothesis import strategies as st

from newsdoc._errors import FieldTypeError, ValidationError, bounded_repr
from newsdoc._formats import dumps
from newsdoc._grammar import DEFAULT_DIALECT, EOLS, PAD, Block, Dialect, get_dialect
from newsdoc._model import (
    KINDS,
    Article,
    Breadcrumb,
    Dateline,
    Layout,
    Summary,
    Trivia,
    page_lines,
    slot_counts,
    with_layout,
)

__all__ = [
    "articles",
    "dialects",
    "formatted_articles",
    "invalid_pages",
    "line_texts",
    "pages",
]

_V = TypeVar("_V")

# Characters real extracted pages carry and naive parsers trip over.
_TRICKY = (
    "\u00a0",  # no-break space
    "\u200b",  # zero-width space
    "\u2060",  # word joiner
    "\ufeff",  # zero-width no-break space, also the BOM
    "\u2018\u2019\u201c\u201d",  # curly quotes
    "\u2013\u2014",  # dashes
    "\u2022",  # bullet
    "\U0001f30d\U0001f680",  # emoji
    "\u0395\u03bb\u03bb\u03ac\u03b4\u03b1",  # Greek
    "\u6771\u4eac\u99c5",  # Japanese
    "\u0627\u0644\u062e\u0628\u0631",  # Arabic
    "\u0928\u0908 \u0926\u093f\u0932\u094d\u0932\u0940",  # Hindi
    "\x0b\x0c\x1c\x85\u2028\u2029",  # breaks to str.splitlines, but not here
    " / ",
    "- ",
    "Summary",
)

_CHARACTERS = st.characters(exclude_characters="\r\n", exclude_categories=["Cs"])


def line_texts(max_size: int = 40) -> st.SearchStrategy[str]:
    """Text for one line: non-empty, no line break, no padding at either end."""
    if type(max_size) is not int or max_size < 1:
        refused = ValidationError if type(max_size) is int else FieldTypeError
        raise refused(f"max_size must be a positive int, got {bounded_repr(max_size, 40)}")
    pieces = st.lists(
        st.one_of(st.text(_CHARACTERS, min_size=1, max_size=8), st.sampled_from(_TRICKY)),
        min_size=1,
        max_size=max(1, max_size // 4),
    )
    return pieces.map(lambda parts: "".join(parts).strip(PAD)).filter(bool)


def _article_or_none(**fields: object) -> Article | None:
    try:
        return Article(**fields)  # type: ignore[arg-type]  # drawn to the field types
    except ValidationError:
        return None


@st.composite
def _contents(draw: st.DrawFn, dialect: Dialect) -> dict[str, object]:
    def maybe(block: str, values: st.SearchStrategy[_V]) -> st.SearchStrategy[_V | None]:
        return values if block in dialect.required_blocks else st.none() | values

    segments = st.lists(line_texts(20), min_size=1, max_size=5)
    headings = st.sampled_from(dialect.summary_headings)
    if not dialect.heading_case_matters:
        headings = headings | headings.map(str.upper) | headings.map(str.lower)
    if dialect.heading_colon_optional:
        headings = headings | headings.map(lambda heading: heading + ":")
    summaries = st.builds(
        Summary,
        heading=headings,
        points=st.lists(line_texts(), min_size=1, max_size=6).map(tuple),
    )
    return {
        "breadcrumb": draw(
            maybe("breadcrumb", segments.map(lambda s: Breadcrumb(segments=("Home", *s))))
        ),
        "title": draw(line_texts()),
        "dateline": draw(maybe("dateline", line_texts(16).map(lambda text: Dateline(text=text)))),
        "summary": draw(maybe("summary", summaries)),
        "body": tuple(
            draw(st.lists(line_texts(80), min_size="body" in dialect.required_blocks, max_size=6))
        ),
        "dialect": dialect,
    }


def articles(dialect: Dialect | str = DEFAULT_DIALECT) -> st.SearchStrategy[Article]:
    """Valid articles in ``dialect`` with the canonical layout, as built by hand.

    Drawn content the constructor refuses (a title that is a summary
    heading, say) is drawn again, so every article can be written and reads
    back as itself.
    """
    return (
        _contents(get_dialect(dialect))
        .map(lambda fields: _article_or_none(**fields))
        .filter(lambda article: article is not None)  # type: ignore[return-value]
    )


_BLOCKS: tuple[Block, ...] = ("breadcrumb", "dateline", "summary", "body")
_PADS = st.sampled_from(["", "", "", " ", "\t", "  ", " \t"])


@st.composite
def _layout(draw: st.DrawFn, article: Article) -> Layout:
    """Formatting for ``article``: any padding, blank lines, marks and endings."""
    dialect = article.dialect
    rendering_b = draw(st.booleans())
    title_repeat = article.summary is not None and rendering_b and draw(st.booleans())
    counts = slot_counts(article, title_repeat)
    indent = draw(st.sampled_from(["", "  ", "    "]))
    symbol = draw(st.sampled_from(dialect.bullet_symbols))
    entries = []
    for kind in KINDS:
        for index in range(counts[kind]):
            usual = int(rendering_b and kind in ("title", "heading", "paragraph"))
            if kind == "paragraph" and index == 0:
                usual = 1
            if kind == "point":
                space = draw(st.sampled_from([" ", " ", "  ", "\t"]))
                prefix = draw(_PADS) + indent + symbol + space
            else:
                prefix = draw(_PADS)
            blanks = draw(st.integers(0, 2) | st.just(usual))
            gap = tuple(draw(_PADS) for _ in range(blanks))
            entries.append((kind, index, Trivia(gap, prefix, draw(_PADS))))
    trailing = tuple(draw(st.lists(_PADS, max_size=2)))
    newline = draw(st.sampled_from(EOLS))
    shape = Layout(
        bom=draw(st.booleans()) and draw(st.booleans()),
        newline=newline,
        title_repeat=title_repeat,
        lines=tuple(entries),
        trailing=trailing,
    )
    breaks = page_lines(shape, counts, len(article.stray_lines), dialect) - 1
    if breaks > 1 and draw(st.booleans()) and draw(st.booleans()):
        endings = (
            newline,
            *draw(st.lists(st.sampled_from(EOLS), min_size=breaks - 1, max_size=breaks - 1)),
        )
        if len(set(endings)) > 1:
            shape = attrs.evolve(shape, mixed_newlines=endings)
    return shape


def formatted_articles(
    dialect: Dialect | str = DEFAULT_DIALECT,
    contents: st.SearchStrategy[Article] | None = None,
) -> st.SearchStrategy[Article]:
    """Valid articles formatted as real pages are: any of the layouts :func:`pages` draws.

    ``contents`` draws the articles to format (default: :func:`articles`
    in ``dialect``); each keeps its own dialect.
    """
    contents = _contents_or_articles(contents, dialect)
    return contents.flatmap(lambda article: _layout(article).map(partial(_formatted, article)))


def _formatted(article: Article, layout: Layout) -> Article:
    # A drawn layout can make a line read as another kind (a blank line
    # before the dateline ends the head); the constructor refuses those,
    # and the article then keeps what of its formatting it can.
    for candidate in (layout, attrs.evolve(layout, lines=(), mixed_newlines=())):
        try:
            return with_layout(article, candidate)
        except ValidationError:
            continue
    return article


def _contents_or_articles(
    contents: st.SearchStrategy[Article] | None, dialect: Dialect | str
) -> st.SearchStrategy[Article]:
    """``contents``, checked to be a strategy, or articles in ``dialect``."""
    if contents is None:
        return articles(dialect)
    if not isinstance(contents, st.SearchStrategy):
        raise FieldTypeError(f"contents must be a strategy, got {type(contents).__name__}")
    return contents


def pages(
    dialect: Dialect | str = DEFAULT_DIALECT, contents: st.SearchStrategy[Article] | None = None
) -> st.SearchStrategy[tuple[str, Article]]:
    """``(text, article)``: a page in any rendering, and the article it holds.

    ``contents`` draws the articles to render (default: :func:`articles`);
    pass ``st.just(article)`` to draw many renderings of one article.

    The text varies everything the grammar allows: rendering A or B, blank
    line runs, padding, bullet marks, LF, CRLF, CR or mixed line endings, a
    BOM, a final line ending or none.  It is written by
    :func:`newsdoc.dumps` from formatting drawn at random, and ``article``
    is the content it was drawn for, with the canonical layout: compare
    with :meth:`~newsdoc.Article.content_equals`.
    """
    contents = _contents_or_articles(contents, dialect)
    return contents.flatmap(
        lambda article: formatted_articles(contents=st.just(article)).map(
            lambda formatted: (dumps(formatted), article)
        )
    )


@st.composite
def dialects(draw: st.DrawFn) -> Dialect:
    """Valid dialects: other separators, headings, bullet symbols, required blocks and layouts."""
    words = (
        st.text(
            st.characters(exclude_characters="\r\n", exclude_categories=["Cs"]),
            min_size=1,
            max_size=8,
        )
        .map(lambda t: t.strip(PAD))
        .filter(bool)
    )
    separator = draw(
        st.sampled_from([" / ", " > ", " | ", "/", " \u203a ", " :: "])
        | words.map(lambda w: f" {w} ")
    )
    headings = draw(
        st.lists(
            st.sampled_from(["Summary", "Key points", "Key Takeaways:", "In brief"]) | words,
            min_size=1,
            max_size=3,
            unique=True,
        )
    )
    symbols = draw(
        st.lists(
            st.sampled_from(["-", "\u2022", "*", "\u2013", "+", "\u25aa", "->"]) | words,
            min_size=1,
            max_size=4,
            unique=True,
        )
    )
    blocks = draw(st.frozensets(st.sampled_from(_BLOCKS), max_size=2))
    return Dialect(
        breadcrumb_separator=separator,
        summary_headings=tuple(headings),
        bullet_symbols=tuple(symbols),
        required_blocks=blocks,
        heading_case_matters=draw(st.booleans()),
        heading_colon_optional=draw(st.booleans()),
        point_indent=draw(st.sampled_from(["", "  ", "\t"])),
        paragraphs_apart=draw(st.booleans()),
    )


@st.composite
def _invalid_pages(draw: st.DrawFn, dialect: Dialect) -> tuple[str, str]:
    title = draw(
        line_texts().filter(
            lambda t: (
                dialect.breadcrumb_separator not in t
                and not dialect.is_heading(t)
                and not t.startswith("\ufeff")
            )  # a page starting so has a byte order mark
        )
    )
    words = line_texts().filter(
        lambda t: not dialect.is_heading(t) and not dialect.bullet_mark_length(t)
    )
    heading = dialect.summary_headings[0]
    # A first line that holds the separator reads as a breadcrumb, not as a
    # heading where the title should be.
    lone_headings = [h for h in dialect.summary_headings if dialect.breadcrumb_separator not in h]
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    blank = draw(st.sampled_from(["", " ", "\t"]))
    mark = dialect.canonical_point_prefix
    cases = {
        "empty-page": [blank] * draw(st.integers(1, 4)),
        "summary-interrupted": [
            title,
            heading,
            mark + draw(words),
            draw(words.filter(lambda t: t != title)),
            mark + draw(words),
        ],
        "summary-without-points": [title, heading, blank, draw(words)],
        "missing-blank-line": [title, draw(words), draw(words)],
        "empty-breadcrumb-segment": [
            f"Home{dialect.breadcrumb_separator}{blank}{dialect.breadcrumb_separator}{title}",
            title,
        ],
    }
    if lone_headings:
        cases["missing-title"] = [draw(st.sampled_from(lone_headings)), mark + draw(words)]
    code = draw(st.sampled_from(sorted(cases)))
    return newline.join(cases[code]), code


def invalid_pages(
    dialect: Dialect | str = DEFAULT_DIALECT,
) -> st.SearchStrategy[tuple[str, str]]:
    """``(text, code)``: a text that breaks the grammar, and the error code it must raise."""
    return _invalid_pages(get_dialect(dialect))


def _breadcrumbs() -> st.SearchStrategy[Breadcrumb]:
    return st.lists(line_texts(20), min_size=2, max_size=5).map(
        lambda segments: Breadcrumb(segments=tuple(segments))
    )


def _datelines() -> st.SearchStrategy[Dateline]:
    return line_texts(16).map(lambda text: Dateline(text=text))


def _summaries() -> st.SearchStrategy[Summary]:
    return st.lists(line_texts(), min_size=1, max_size=6).map(
        lambda points: Summary(points=tuple(points))
    )


def _strategy_for_type(cls: type) -> st.SearchStrategy[object]:
    """What :func:`hypothesis.strategies.from_type` draws for a public type.

    Left to itself, Hypothesis would build one from its fields' types, and
    nearly every draw would break a rule: ``from_type(Article)`` would
    search without end.
    """
    makers: dict[type, Callable[[], st.SearchStrategy[Any]]] = {
        Article: articles,
        Breadcrumb: _breadcrumbs,
        Dateline: _datelines,
        Dialect: dialects,
        Summary: _summaries,
    }
    return makers[cls]()
