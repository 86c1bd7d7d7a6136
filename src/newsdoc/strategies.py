"""Hypothesis strategies for articles and pages, for testing newsdoc and parsers built on it.

Install with ``pip install newsdoc[strategies]``.

* :func:`articles` draws valid articles, built by hand (canonical layout).
* :func:`formatted_articles` draws valid articles formatted as real pages
  are: padding, blank line runs, bullet marks, line endings; with
  ``stray_lines=True``, stray lines as lenient reading keeps them too.
* :func:`pages` draws the text of a page in any of the renderings newsdoc
  reads, together with the article it holds.
* :func:`dialects` draws valid dialects.
* :func:`line_texts` draws the text of one line, hostile characters included.
* :func:`invalid_pages` draws texts that break the grammar, with the
  :attr:`~newsdoc.ParseError.code` strict parsing must raise.
* :func:`line_format_texts` draws the texts of a format declared as its
  lines (a :class:`newsdoc.lines.LineFormat`), formatted as real texts are.

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
from typing import Any, TypeVar, cast

from hypothesis import event
from hypothesis import strategies as st

from newsdoc._declare import (
    ANY_BLANKS,
    DATE_RUNS,
    MANY,
    NO_BLANK,
    OPTIONAL,
    Date,
    Fixed,
    Line,
    Mark,
    Part,
    Split,
    Word,
)
from newsdoc._engine import LineLayout, join_lines, written_fields
from newsdoc._errors import FieldTypeError, ValidationError, bounded_repr
from newsdoc._formats import dumps, read_page
from newsdoc._grammar import BOM, DEFAULT_DIALECT, EOLS, PAD, Block, Dialect, get_dialect
from newsdoc._lineformat import LineFormat
from newsdoc._model import (
    Article,
    Breadcrumb,
    Dateline,
    StrayLine,
    Summary,
    with_layout,
)

__all__ = [
    "articles",
    "dialects",
    "formatted_articles",
    "invalid_pages",
    "line_format_texts",
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
_BLANK_SEGMENTS = st.sampled_from(["", " ", "\t"])

_KEPT = "kept"
"""How a drawn formatting ends up when the article keeps all of it; the other
outcomes of :func:`_formatted` say what was given up."""


@st.composite
def _formatting(draw: st.DrawFn, article: Article, stray_lines: bool) -> tuple[Article, str]:
    """``article`` formatted at random, and how much of the drawn formatting it kept.

    The formatting is drawn within the grammar, so that every line reads as
    the line it was drawn for: no blank line before the dateline or the
    repeated title, at least one before the body, a bullet mark that does
    not run into its point, no CR, empty line and LF that would read as one
    CRLF.  With ``stray_lines``, lines that only lenient reading reads
    (as stray lines) are drawn too.
    """
    if article.stray_lines:
        # Its stray lines lie at the line numbers its page gave them, which
        # other formatting would move.
        return article, "as given"
    dialect = article.dialect
    rendering_b = draw(st.booleans())
    title_repeat = (
        article.summary is not None
        and rendering_b
        and not dialect.bullet_mark_length(article.title)  # a repeat so would read as a point
        and draw(st.booleans())
    )
    indent = draw(st.sampled_from(["", "  ", "    "]))
    symbol = draw(st.sampled_from(dialect.bullet_symbols))
    lines: list[str] = []
    where: dict[tuple[str, int], tuple[int, int]] = {}
    for kind, texts in _texts_by_kind(article, title_repeat):
        for index, text in enumerate(texts):
            prefix = draw(_PADS)
            if kind == "point":
                mark = symbol + draw(st.sampled_from([" ", " ", "  ", "\t"]))
                if dialect.bullet_mark_length(mark + text) != len(mark):
                    mark = dialect.canonical_mark  # a longer symbol would take in the text
                prefix += indent + mark
            gap = tuple(draw(_PADS) for _ in range(draw(_blank_lines(kind, index, rendering_b))))
            where[kind, index] = (len(lines), len(lines) + len(gap))
            lines += (*gap, prefix + text + draw(_PADS))
    trailing = tuple(draw(st.lists(_PADS, max_size=2)))
    lines += trailing
    plain = lines
    strays: list[StrayLine] = []
    if stray_lines and draw(st.booleans()):
        lines, strays = _with_strays(lines, draw(_stray_sites(article, title_repeat, where)))
    newline = draw(st.sampled_from(EOLS))
    # A first line that starts with U+FEFF reads as the BOM, unless one comes before it.
    starts_with_bom = bool(lines) and lines[0].startswith(BOM)
    bom = BOM if starts_with_bom or (draw(st.booleans()) and draw(st.booleans())) else ""
    mixed = draw(_mixed_newlines(lines, newline))
    canonical = LineLayout(
        bom=bool(bom),
        newline=newline,
        lines=("repeat", 0, "\n") if title_repeat else (),
        trailing=trailing,
    )
    attempts = (
        (bom + join_lines(lines, newline, mixed), tuple(strays), _KEPT),
        (bom + join_lines(plain, newline, ()), (), "without its stray lines"),
    )
    return _formatted(article, attempts, bool(mixed), canonical)


def _texts_by_kind(article: Article, title_repeat: bool) -> list[tuple[str, list[str]]]:
    """The text of each line of the page of ``article``, by the kind of line, in page order."""
    breadcrumb, summary = article.breadcrumb, article.summary
    separator = article.dialect.breadcrumb_separator
    return [
        ("breadcrumb", [] if breadcrumb is None else [separator.join(breadcrumb.segments)]),
        ("title", [article.title] if article.title else []),
        ("dateline", [] if article.dateline is None else [article.dateline.text]),
        ("heading", [] if summary is None else [summary.heading]),
        ("point", [] if summary is None else list(summary.points)),
        ("repeat", [article.title] if title_repeat else []),
        ("paragraph", list(article.body)),
    ]


def _blank_lines(kind: str, index: int, rendering_b: bool) -> st.SearchStrategy[int]:
    """How many blank lines come before the ``index``-th line of ``kind``."""
    if kind in ("dateline", "repeat"):
        return st.just(0)  # each is the line right under the one before
    if kind == "paragraph" and index == 0:
        return st.integers(1, 2)  # the body starts after a blank line
    usual = int(rendering_b and kind in ("title", "heading", "paragraph"))
    return st.integers(0, 2) | st.just(usual)


@st.composite
def _stray_sites(
    draw: st.DrawFn,
    article: Article,
    title_repeat: bool,
    where: dict[tuple[str, int], tuple[int, int]],
) -> list[tuple[int, str]]:
    """Stray lines for the page of ``article``, each with the index of the line it goes before.

    Each goes where the reader keeps it as a stray line and reads every
    other line as before (the rules of the page's declaration, ``_page``): summary headings or a
    breadcrumb with an empty segment before the title, a summary heading
    with no points before the summary's, a line between two points, and a
    line where the blank line before the body should be.  Stray lines go to
    one or more of the places the article has.
    """
    dialect = article.dialect
    separator = dialect.breadcrumb_separator
    title = article.title
    headings = [
        spelled
        for heading in dialect.summary_headings
        for spelled in (heading, heading.upper(), heading.lower(), heading + ":")
        if dialect.is_heading(spelled)
    ]
    # A heading with the separator first would read as the breadcrumb.
    lone = [heading for heading in headings if separator not in heading]
    points = len(article.summary.points) if article.summary is not None else 0

    def padded(text: str) -> str:
        return draw(_PADS) + text + draw(_PADS)

    def before_title() -> list[tuple[int, str]]:
        start, line = where["title", 0]
        at = draw(st.integers(start, line))
        if draw(st.booleans()) and lone:
            return [
                (at, padded(draw(st.sampled_from(lone)))) for _ in range(draw(st.integers(1, 2)))
            ]
        ends = draw(st.tuples(line_texts(12), line_texts(12)))
        crumbs = separator.join((ends[0], draw(_BLANK_SEGMENTS), ends[1]))
        if all(segment.strip(PAD) for segment in crumbs.split(separator)):
            return []  # the ends took in the blank segment
        return [(at, padded(crumbs))]

    def before_heading() -> list[tuple[int, str]]:
        start, line = where["heading", 0]
        return [(draw(st.integers(start, line)), padded(draw(st.sampled_from(headings))))]

    def between_points() -> list[tuple[int, str]]:
        text = draw(line_texts())
        if dialect.bullet_mark_length(text) or text == title:
            return []  # a point, or the repeated title
        return [(where["point", draw(st.integers(0, points - 2))][1] + 1, padded(text))]

    def before_body() -> list[tuple[int, str]]:
        # Right after the head or the summary, where the blank line should be.
        text = draw(line_texts())
        if title_repeat:
            return [(where["repeat", 0][1] + 1, padded(text))]
        if points:
            if dialect.bullet_mark_length(text) or text == title:
                return []  # a point, or the repeated title
            return [(where["point", points - 1][1] + 1, padded(text))]
        if dialect.is_heading(text):
            return []  # a summary's heading
        return [(where["dateline", 0][1] + 1, padded(text))]

    places = []
    if article.breadcrumb is None and title:
        places.append(before_title)
    if points:
        places.append(before_heading)
    if points > 1:
        places.append(between_points)
    if points or article.dateline is not None:  # a lone title's next line is the dateline
        places.append(before_body)
    if not places:
        return []
    chosen = draw(st.sets(st.sampled_from(places), min_size=1))
    return [site for place in places if place in chosen for site in place()]


def _with_strays(
    lines: list[str], sites: list[tuple[int, str]]
) -> tuple[list[str], list[StrayLine]]:
    """``lines`` with each site's line put before the line of its index, and those lines."""
    page: list[str] = []
    strays = []
    taken = 0
    for at, text in sorted(sites, key=lambda site: site[0]):
        page += lines[taken:at]
        taken = at
        strays.append(StrayLine(line=len(page) + 1, text=text))
        page.append(text)
    page += lines[taken:]
    return page, strays


@st.composite
def _mixed_newlines(draw: st.DrawFn, lines: list[str], newline: str) -> tuple[str, ...]:
    """Line endings for ``lines`` that are not all ``newline``, or none (``newline`` for all)."""
    breaks = len(lines) - 1
    if breaks < 2 or not (draw(st.booleans()) and draw(st.booleans())):
        return ()
    endings = [
        newline,
        *draw(st.lists(st.sampled_from(EOLS), min_size=breaks - 1, max_size=breaks - 1)),
    ]
    for at in range(1, breaks):
        if endings[at] == "\n" and endings[at - 1] == "\r" and not lines[at]:
            endings[at] = "\r\n"  # CR, an empty line and LF would read as one CRLF
    return tuple(endings) if len(set(endings)) > 1 else ()


def _formatted(
    article: Article,
    texts: tuple[tuple[str, tuple[StrayLine, ...], str], ...],
    mixed: bool,
    canonical: LineLayout,
) -> tuple[Article, str]:
    """``article`` formatted as the first of ``texts`` that reads back as it, with its strays.

    The formatting is drawn within the grammar's rules, so the first text
    is all of it; should the words of some drawn dialect still make a line
    read as another, the article keeps what of its formatting it can.  The
    second item says how much, for the statistics.
    """
    for text, strays, outcome in texts:
        read = read_page(text, False, article.dialect)
        if read.stray_lines != strays or written_fields(read) != written_fields(article):
            continue
        layout = cast(LineLayout, read.layout)
        try:
            formatted = with_layout(article, layout, stray_lines=strays)
        except ValidationError:
            continue
        if mixed and not layout.endings:
            outcome = "without its mixed line endings"
        return formatted, outcome
    try:
        return with_layout(article, canonical), "with the canonical lines"
    except ValidationError:
        return article, "as built"


def _noted(formatting: tuple[Article, str]) -> Article:
    """The formatted article, with how it was formatted told to Hypothesis's statistics."""
    article, outcome = formatting
    event(f"formatting {outcome}")
    return article


def formatted_articles(
    dialect: Dialect | str = DEFAULT_DIALECT,
    contents: st.SearchStrategy[Article] | None = None,
    *,
    stray_lines: bool = False,
) -> st.SearchStrategy[Article]:
    """Valid articles formatted as real pages are: any of the layouts :func:`pages` draws.

    ``contents`` draws the articles to format (default: :func:`articles`
    in ``dialect``); each keeps its own dialect, and one that has stray
    lines already is drawn as it is.

    With ``stray_lines``, many articles have stray lines, where lenient
    reading keeps them: summary headings or a broken breadcrumb before the
    title, a heading without points before the summary's, a line between
    two points, a line where the blank line before the body should be.
    Such an article reads back as itself only leniently:
    ``loads(dumps(article), strict=False, dialect=article.dialect)``.

    How much of the drawn formatting each article kept is told to
    Hypothesis's statistics (``--hypothesis-show-statistics``): all of it,
    unless a drawn dialect makes a line read as another.
    """
    if type(stray_lines) is not bool:
        raise FieldTypeError(f"stray_lines must be a bool, got {bounded_repr(stray_lines, 40)}")
    contents = _contents_or_articles(contents, dialect)
    return contents.flatmap(partial(_formatting, stray_lines=stray_lines)).map(_noted)


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
        lambda article: _formatting(article, stray_lines=False).map(
            lambda formatting: (dumps(_noted(formatting)), article)
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


# -- formats declared as their lines ------------------------------------------------

_PADS = st.sampled_from(("", " ", "  ", "\t", " \t"))
_APART = st.sampled_from((" ", "  ", "\t"))


def _dated(date: Any, pattern: str) -> str:
    numbers = {"Y": date.year, "M": date.month, "D": date.day}
    return "".join(
        str(numbers[run[0]]).rjust(len(run), "0")[-len(run) :] if run[0] in numbers else run
        for run in DATE_RUNS.findall(pattern)
    )


def _part_text(part: Part, stop: str, dialect: Dialect) -> st.SearchStrategy[str]:
    """The text of ``part`` in a line of ``dialect``, where ``stop`` (a fixed text) ends it."""
    if isinstance(part, Fixed):
        return st.just(part.text)
    if isinstance(part, Mark):
        symbols = part.symbols or dialect.bullet_symbols
        return st.tuples(st.sampled_from(symbols), _APART).map("".join)
    if isinstance(part, Date):
        if part.pattern is not None:
            pattern = part.pattern
            return st.dates().map(lambda date: _dated(date, pattern))
        return st.sampled_from(_DATELINES)
    if isinstance(part, Split):
        separator = part.separator or dialect.breadcrumb_separator
        segments = st.lists(line_texts(20), min_size=2, max_size=4)
        return segments.map(separator.join)
    if isinstance(part, Word):
        return st.sampled_from(part.words or dialect.summary_headings)
    texts = line_texts()
    return texts.filter(lambda text: stop not in text) if stop else texts


_DATELINES = ("31 Jul", "2 hours ago", "July 17, 2025", "2025-07-31T09:00Z", "Mon 4 Aug 2025")


@st.composite
def _line_of(draw: st.DrawFn, line: Line, dialect: Dialect) -> str:
    pieces = [draw(_PADS)]
    for index, part in enumerate(line.parts):
        following = line.parts[index + 1] if index + 1 < len(line.parts) else None
        stop = following.text if isinstance(following, Fixed) else ""
        pieces.append(draw(_part_text(part, stop, dialect)))
        if not isinstance(part, Mark):
            pieces.append(draw(_PADS))
    return "".join(pieces)


def _blank_lines_for(rule: str) -> st.SearchStrategy[list[str]]:
    if rule == NO_BLANK:
        return st.just([])
    return st.lists(st.sampled_from(("", " ", "\t")), min_size=rule != ANY_BLANKS, max_size=2)


@st.composite
def _declared_text(draw: st.DrawFn, fmt: LineFormat, dialect: Dialect) -> str:
    lines: list[str] = []
    for line in fmt.lines:
        most = {OPTIONAL: 1, MANY: 4}.get(line.count, 1)
        count = draw(st.integers(min_value=line.count != OPTIONAL, max_value=most))
        for index in range(count):
            lines += draw(_blank_lines_for(line.before if index == 0 else line.between))
            lines.append(draw(_line_of(line, dialect)))
    lines += draw(st.lists(st.sampled_from(("", " ")), max_size=2))
    newline = draw(st.sampled_from(EOLS))
    text = newline.join(lines)
    # A text that starts with the BOM's character as its own needs a BOM before it.
    return BOM + text if text.startswith(BOM) or draw(st.booleans()) else text


def line_format_texts(
    fmt: LineFormat, dialect: Dialect | str = DEFAULT_DIALECT
) -> st.SearchStrategy[str]:
    """Texts of ``fmt``, a format declared as its lines, in ``dialect``, as real texts are
    formatted.

    Every line kind as often as its count allows, with padding around its
    parts, blank lines where the declaration lets them stand, any line
    ending and sometimes a BOM.  A drawn text is one ``fmt`` reads in
    strict mode, except where drawn values happen to look like another
    line kind; give them to :func:`newsdoc.testing.check_format`, which
    adds near misses of its own.  Bullet symbols, separators and summary
    headings that the declaration leaves to the dialect are ``dialect``'s
    (a :class:`~newsdoc.Dialect` or a registered name), and the texts read
    in it: ``fmt.parse(text, dialect=dialect)``.

    >>> from newsdoc.lines import LineFormat, Line, Text, MANY
    >>> notes = LineFormat(name="notes", lines=(Line(Text("title")),
    ...                    Line(Text("body"), count=MANY)))
    >>> from hypothesis import given
    >>> @given(line_format_texts(notes))
    ... def test_notes_read_back(text):
    ...     assert notes.dump(notes.parse(text)) == text
    >>> test_notes_read_back()
    """
    if not isinstance(fmt, LineFormat):
        raise FieldTypeError(f"expected a LineFormat, got {type(fmt).__name__}")
    return _declared_text(fmt, get_dialect(dialect))
