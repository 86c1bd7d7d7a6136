"""Hypothesis strategies for articles and pages, for testing newsdoc and parsers built on it.

Install with ``pip install newsdoc[strategies]``.

* :func:`articles` draws valid articles, built by hand (canonical layout).
* :func:`pages` draws the text of a page in any of the renderings newsdoc
  reads, written by this module's own renderer (not by
  :func:`newsdoc.dumps`), together with the article it holds.
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
from itertools import pairwise
from typing import TypeVar

from hypothesis import strategies as st

from newsdoc._errors import SerializeError
from newsdoc._grammar import DEFAULT_DIALECT, PAD, Dialect
from newsdoc._model import Article, Breadcrumb, Dateline, Summary
from newsdoc._serializer import dumps

__all__ = ["articles", "invalid_pages", "line_texts", "pages"]

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
    pieces = st.lists(
        st.one_of(st.text(_CHARACTERS, min_size=1, max_size=8), st.sampled_from(_TRICKY)),
        min_size=1,
        max_size=max(1, max_size // 4),
    )
    return pieces.map(lambda parts: "".join(parts).strip(PAD)).filter(bool)


def _writable(dialect: Dialect) -> Callable[[Article], bool]:
    def check(article: Article) -> bool:
        try:
            dumps(article, dialect=dialect)
        except SerializeError:
            return False
        return True

    return check


@st.composite
def _articles(draw: st.DrawFn, dialect: Dialect) -> Article:
    def maybe(block: str, values: st.SearchStrategy[_V]) -> st.SearchStrategy[_V | None]:
        return values if block in dialect.required_blocks else st.none() | values

    segments = st.lists(line_texts(20), min_size=1, max_size=5)
    summaries = st.builds(
        Summary,
        heading=st.sampled_from(dialect.summary_headings),
        points=st.lists(line_texts(), min_size=1, max_size=6).map(tuple),
    )
    return Article(
        breadcrumb=draw(
            maybe("breadcrumb", segments.map(lambda s: Breadcrumb(segments=("Home", *s))))
        ),
        title=draw(line_texts()),
        dateline=draw(maybe("dateline", line_texts(16).map(lambda text: Dateline(text=text)))),
        summary=draw(maybe("summary", summaries)),
        body=tuple(
            draw(st.lists(line_texts(80), min_size="body" in dialect.required_blocks, max_size=6))
        ),
    )


def articles(dialect: Dialect = DEFAULT_DIALECT) -> st.SearchStrategy[Article]:
    """Valid articles with the canonical layout, as built by hand.

    Each one can be written in ``dialect`` and read back as itself.
    """
    return _articles(dialect).filter(_writable(dialect))


@st.composite
def _pages(
    draw: st.DrawFn, dialect: Dialect, contents: st.SearchStrategy[Article]
) -> tuple[str, Article]:
    article = draw(contents)
    rendering_b = draw(st.booleans())
    plain = st.just("")
    pad = st.sampled_from(["", " ", "\t", "  ", " \t"])

    def padding() -> str:
        return draw(st.one_of(plain, plain, plain, pad))

    def gap(at_least: int, usual: int) -> list[str]:
        count = draw(st.integers(at_least, at_least + 2) | st.just(max(usual, at_least)))
        return [padding() for _ in range(count)]

    lines: list[str] = []

    def line(text: str, prefix: str = "") -> None:
        lines.append(padding() + prefix + text + padding())

    lines.extend(gap(0, 0))
    if article.breadcrumb is not None:
        line(dialect.breadcrumb_separator.join(article.breadcrumb.segments))
        lines.extend(gap(0, rendering_b))
    line(article.title)
    if article.dateline is not None:
        line(article.dateline.text)
    summary = article.summary
    if summary is not None:
        lines.extend(gap(0, rendering_b))
        line(summary.heading)
        lines.extend(gap(0, rendering_b))
        indent = draw(st.sampled_from(["", "  ", "    "]))
        symbol = draw(st.sampled_from(dialect.bullet_symbols))
        for index, point in enumerate(summary.points):
            if index:
                lines.extend(draw(st.just([]) | st.lists(pad, max_size=1)))
            line(point, indent + symbol + draw(st.sampled_from([" ", " ", "  ", "\t"])))
        if rendering_b and not dialect.bullet_mark_length(article.title):
            line(article.title)
    if article.body:
        lines.extend(gap(1, 1))
        for index, paragraph in enumerate(article.body):
            if index:
                lines.extend(gap(0, rendering_b))
            line(paragraph)
    lines.extend(gap(0, 0))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    mixed = draw(st.booleans()) and draw(st.booleans())
    text = lines[0]
    previous = ""
    for before, following in pairwise(lines):
        ending = draw(st.sampled_from(["\n", "\r\n", "\r"])) if mixed else newline
        if previous == "\r" and before == "" and ending == "\n":
            ending = "\r"  # CR, an empty line, then LF would read as one CRLF
        text += ending + following
        previous = ending
    bom = "\ufeff" if draw(st.booleans()) and draw(st.booleans()) else ""
    return bom + text, article


def pages(
    dialect: Dialect = DEFAULT_DIALECT, contents: st.SearchStrategy[Article] | None = None
) -> st.SearchStrategy[tuple[str, Article]]:
    """``(text, article)``: a page in any rendering, and the article it holds.

    ``contents`` draws the articles to render (default: :func:`articles`);
    pass ``st.just(article)`` to draw many renderings of one article.

    The text varies everything the grammar allows: rendering A or B, blank
    line runs, padding, bullet marks, LF, CRLF, CR or mixed line endings, a
    BOM, a final line ending or none.  ``article`` has the canonical layout,
    so compare with :meth:`~newsdoc.Article.content_equals`.
    """
    return _pages(dialect, articles(dialect) if contents is None else contents)


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
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    blank = draw(st.sampled_from(["", " ", "\t"]))
    cases = {
        "empty-page": [blank] * draw(st.integers(1, 4)),
        "missing-title": [heading, f"- {draw(words)}"],
        "summary-without-points": [title, heading, blank, draw(words)],
        "missing-blank-line": [title, draw(words), draw(words)],
        "empty-breadcrumb-segment": [
            f"Home{dialect.breadcrumb_separator}{blank}{dialect.breadcrumb_separator}{title}",
            title,
        ],
    }
    code = draw(st.sampled_from(sorted(cases)))
    return newline.join(cases[code]), code


def invalid_pages(dialect: Dialect = DEFAULT_DIALECT) -> st.SearchStrategy[tuple[str, str]]:
    """``(text, code)``: a text that breaks the grammar, and the error code it must raise."""
    return _invalid_pages(dialect)
