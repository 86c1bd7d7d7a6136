"""A test kit for formats: Hypothesis checks of every promise a format makes.

Install with ``pip install newsdoc[strategies]``.  A format's author calls
:func:`check_format` from a test, with strategies of the format's texts
and articles; newsdoc runs the same kit over its own ``page`` and ``json``
formats.

>>> import newsdoc
>>> from newsdoc import strategies
>>> check_format(
...     newsdoc.get_format("page"),
...     texts=strategies.pages().map(lambda page: page[0]),
...     articles=strategies.formatted_articles(),
... )

What is checked depends on the format's ``kind`` (see
:class:`newsdoc.Format`); each promise is named in :data:`PROMISES`.  A
broken one fails with :class:`BrokenPromise`, which names it and shows
the smallest counterexample Hypothesis found.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any, TypeGuard

import attrs
import hypothesis
from hypothesis import strategies as st

from newsdoc._errors import NewsdocError, ParseError, SerializeError, bounded_repr
from newsdoc._grammar import (
    DEFAULT_DIALECT,
    EOLS,
    Dialect,
    get_dialect,
    registered_dialects,
    split_lines,
)
from newsdoc._lineformat import LineFormat, speaks_dialects
from newsdoc._model import Article
from newsdoc._plugins import (
    _FORMATS,
    _SUFFIXES,
    DialectFormat,
    Format,
    kind_of,
    register_format,
)
from newsdoc._plugins import _discover as format_discover
from newsdoc.strategies import articles as page_articles
from newsdoc.strategies import dialects, formatted_articles, line_format_texts

__all__ = ["PROMISES", "BrokenPromise", "check_format", "check_text", "registered"]

PROMISES = {
    "sniff": "sniff() returns a number from 0 to 1 for any text, and raises nothing",
    "errors": "parse() returns an article or raises a ParseError whose line and column lie "
    "inside the text (a data format may raise any of newsdoc's errors)",
    "own-articles": "a page format's parse() gives articles that carry the format's name",
    "text-round-trip": "dump(parse(text)) == text for every text parse() accepts",
    "line-endings": "the round trip holds for the text with CRLF line endings, and with "
    "a final line ending added or removed, wherever parse() accepts them",
    "lenient-total": "parse(text, strict=False) accepts every text",
    "lenient-lossless": "dump(parse(text, strict=False)) == text for every text",
    "article-round-trip": "parse(dump(article)) == article, in strict mode for an article "
    "without stray lines or defects",
    "normal-form": "a data format reads back what it wrote of what it read: "
    "parse(dump(parse(text))) == parse(text)",
    "conversion": "an article of another format is written so that it reads back with "
    "the same content, or refused with SerializeError",
}
"""Each promise the kit checks, by the name :class:`BrokenPromise` gives it."""

_PAGE_PROMISES = (
    "sniff",
    "errors",
    "own-articles",
    "text-round-trip",
    "line-endings",
    "lenient-total",
    "lenient-lossless",
    "article-round-trip",
    "conversion",
)
_DATA_PROMISES = ("sniff", "errors", "normal-form", "article-round-trip")
_OF_ARTICLES = frozenset({"article-round-trip", "conversion"})
"""The promises about articles: every other one is about a text."""


class BrokenPromise(AssertionError):
    """A format broke the promise named ``promise`` (a key of :data:`PROMISES`)."""

    def __init__(self, promise: str, detail: str) -> None:
        self.promise = promise
        self.detail = detail
        super().__init__(f"{PROMISES[promise]} [{promise}]: {detail}")

    def __reduce__(self) -> tuple[type[BrokenPromise], tuple[str, str]]:
        return BrokenPromise, (self.promise, self.detail)


def check_format(
    fmt: Format,
    *,
    texts: st.SearchStrategy[str] | None = None,
    articles: st.SearchStrategy[Article] | None = None,
    settings: hypothesis.settings | None = None,
) -> None:
    """Check every promise ``fmt`` makes, one promise at a time.

    ``texts`` draws texts in the format, valid ones and near misses
    (default: :func:`newsdoc.strategies.line_format_texts` for a format
    declared as its lines);
    the kit adds its own edits of them, line-ending variants and text from
    the wild.  ``articles`` draws articles in the format (default: those
    the format reads from ``texts``).  A data format is also checked on
    page articles of every shape, which it must carry whole.

    For a format declared as its lines whose lines take words from the
    dialect (its bullet symbols, separator or summary headings), the
    default ``texts`` are drawn in drawn dialects, registered ones and
    others, and read in them; every article is read back in its own
    dialect.

    ``settings`` are Hypothesis settings for each promise; by default, the
    current profile's, without a deadline.

    :raises BrokenPromise: for the first promise broken, with the smallest
        counterexample found.
    """
    kind = kind_of(fmt)
    if texts is not None and not isinstance(texts, st.SearchStrategy):
        raise TypeError(f"texts must be a Hypothesis strategy, got {type(texts).__name__}")
    in_dialects: st.SearchStrategy[Dialect | None] = st.just(None)
    if texts is None and isinstance(fmt, LineFormat) and speaks_dialects(fmt):
        in_dialects = st.one_of(
            st.just(DEFAULT_DIALECT), st.sampled_from(registered_dialects()), dialects()
        )
    if articles is not None and not isinstance(articles, st.SearchStrategy):
        raise TypeError(f"articles must be a Hypothesis strategy, got {type(articles).__name__}")

    given = texts

    def case(promise: str, dialect: Dialect | None) -> st.SearchStrategy[tuple[Any, ...]]:
        """A dialect to check ``promise`` in, and a value drawn for it."""
        texts = _texts_in(fmt, given, dialect)
        hostile = st.one_of(texts, _edited(texts), _wild_texts())
        own = (
            texts.map(partial(_readable, fmt, dialect)).filter(_is_article)
            if articles is None
            else articles
        )
        if kind == "data":
            own = st.one_of(own, _pages_of_every_dialect())
        else:
            own = st.one_of(own, own.flatmap(_edit_article).filter(_has_its_blocks))
        drawn_from: dict[str, st.SearchStrategy[Any]] = {
            "sniff": hostile,
            "errors": hostile,
            "own-articles": texts,
            "text-round-trip": hostile,
            "line-endings": texts,
            "lenient-total": hostile,
            "lenient-lossless": hostile,
            "article-round-trip": own,
            "normal-form": hostile,
            "conversion": _pages_of_every_dialect(),
        }
        return st.tuples(st.just(dialect), drawn_from[promise])

    chosen = settings or _default_settings()
    # One failure a promise, the smallest, rather than a group of them.
    chosen = hypothesis.settings(chosen, report_multiple_bugs=False)
    with registered(fmt):
        for promise in _PAGE_PROMISES if kind == "page" else _DATA_PROMISES:
            cases = in_dialects.flatmap(partial(case, promise))
            chosen(hypothesis.given(cases)(_test_of(fmt, promise)))()


def check_text(fmt: Format, text: str, *, dialect: Dialect | str | None = None) -> None:
    """Check every promise ``fmt`` makes about ``text``, and about the article it reads there.

    For a fuzzer, which brings texts of its own (Atheris, say, mutating
    pages byte by byte): each promise about a text is checked on ``text``,
    read in ``dialect`` where ``fmt`` has dialects, and the article it
    reads leniently, where it reads one, is written and read back as
    :func:`check_format` checks articles (``article-round-trip``).  Only
    ``conversion``, about other formats' articles, is left to
    :func:`check_format`.  The format is registered for the call, as
    :func:`check_format` registers it.

    >>> import newsdoc
    >>> check_text(newsdoc.get_format("page"), "Ferries resume\\n\\nThe first boat left at dawn.")

    :raises BrokenPromise: for the first promise broken.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    resolved = None if dialect is None else get_dialect(dialect)
    checks = _Checks(fmt, resolved)
    promises = _PAGE_PROMISES if kind_of(fmt) == "page" else _DATA_PROMISES
    with registered(fmt):
        for promise in promises:
            if promise not in _OF_ARTICLES:
                getattr(checks, promise.replace("-", "_"))(text)
        article = _readable(fmt, resolved, text)
        if article is not None:
            checks.article_round_trip(article)


@contextlib.contextmanager
def registered(fmt: Format) -> Iterator[None]:
    """Register ``fmt`` for the block, and put every registry back as it was after it.

    For tests of a format: in the block, its articles are fitted by its
    ``fit`` and written back by :func:`newsdoc.dumps`, as they are once it
    is installed; after it, the format is known no more (unless it was).
    """
    format_discover()
    formats, suffixes = dict(_FORMATS), dict(_SUFFIXES)
    if _FORMATS.get(fmt.name) is not fmt:
        register_format(fmt, replace=True)
    try:
        yield
    finally:
        _FORMATS.clear()
        _FORMATS.update(formats)
        _SUFFIXES.clear()
        _SUFFIXES.update(suffixes)


def _texts_in(
    fmt: Format, texts: st.SearchStrategy[str] | None, dialect: Dialect | None
) -> st.SearchStrategy[str]:
    """The texts to check ``fmt`` with in ``dialect``: ``texts``, or by default those of its
    declaration, or text from the wild."""
    if texts is not None:
        return texts
    if isinstance(fmt, LineFormat):
        return line_format_texts(fmt, get_dialect(dialect))
    return _wild_texts()


def _test_of(fmt: Format, promise: str) -> Callable[[tuple[Any, ...]], None]:
    """A function of one argument, a dialect and a value, that checks ``promise`` of ``fmt``
    in the dialect on the value, for Hypothesis to call."""

    def test(case: tuple[Any, ...]) -> None:
        dialect, value = case
        check: Callable[[object], None] = getattr(_Checks(fmt, dialect), promise.replace("-", "_"))
        check(value)

    return test


def _pages_of_every_dialect() -> st.SearchStrategy[Article]:
    """Page articles as a user has them: built by hand or read, in any dialect."""
    return st.one_of(
        page_articles(),
        formatted_articles(),
        dialects().flatmap(lambda dialect: formatted_articles(dialect)),
    )


def _default_settings() -> hypothesis.settings:
    return hypothesis.settings(hypothesis.settings.default, deadline=None)


def _readable(fmt: Format, dialect: Dialect | None, text: str) -> Article | None:
    try:
        return _parse(fmt, text, strict=False, dialect=dialect)
    except Exception:
        return None  # the errors and lenient-total promises report it


def _is_article(value: Article | None) -> TypeGuard[Article]:
    return value is not None


def _has_its_blocks(article: Article) -> bool:
    """Whether ``article`` has every block its dialect requires: an edit may remove one,
    and an article without it is not made whole by any format (its dialect's rule)."""
    present = {
        "breadcrumb": article.breadcrumb,
        "dateline": article.dateline,
        "summary": article.summary,
        "body": article.body,
    }
    return not article.dialect.missing_blocks(present)


# -- the promises -------------------------------------------------------------------


def _parse(fmt: Format, text: str, *, strict: bool, dialect: Dialect | None = None) -> Article:
    """``fmt.parse``, in ``dialect`` where one is given (to a format that has dialects), with
    a result or an error of any other kind reported as broken promises."""
    try:
        if dialect is not None and isinstance(fmt, DialectFormat):
            article = fmt.parse(text, strict=strict, dialect=dialect)
        else:
            article = fmt.parse(text, strict=strict)
    except ParseError as error:
        lines = split_lines(text)[0]
        if not (
            1 <= error.line <= len(lines) and 1 <= error.column <= len(lines[error.line - 1]) + 1
        ):
            raise BrokenPromise(
                "errors",
                f"parse({_shown(text)}) raised a ParseError at line {error.line}, "
                f"column {error.column}, outside the text",
            ) from error
        raise
    except NewsdocError:
        raise
    except Exception as error:
        raise BrokenPromise(
            "errors", f"parse({_shown(text)}) raised {type(error).__name__}: {error}"
        ) from error
    if not isinstance(article, Article):
        raise BrokenPromise("errors", f"parse({_shown(text)}) returned {type(article).__name__}")
    return article


def _dump(fmt: Format, article: Article, promise: str) -> str:
    """``fmt.dump``: a SerializeError passes for an article of another format only."""
    try:
        text = fmt.dump(article)
    except SerializeError as error:
        if article.format != fmt.name and kind_of(fmt) == "page":
            raise
        raise BrokenPromise(promise, f"dump({article!r}) raised {error!r}") from error
    except Exception as error:
        raise BrokenPromise(
            promise, f"dump({article!r}) raised {type(error).__name__}: {error}"
        ) from error
    if not isinstance(text, str):
        raise BrokenPromise(promise, f"dump({article!r}) returned {type(text).__name__}")
    return text


def _is_clean(article: Article) -> bool:
    """Whether strict parsing must read what ``article`` is written as: it was read whole."""
    return not (article.stray_lines or article.defects)


def _described(article: Article) -> str:
    """The article's repr, and its layout, which the repr leaves out."""
    return f"{article!r} (layout {_shown(article.layout)})"


def _shown(value: object) -> str:
    return bounded_repr(value, 400)


class _Checks:
    """One method per promise, each given one drawn value.

    Texts are read in ``dialect`` (None: as ``parse`` reads them without
    one); an article, where the format has dialects, in its own.
    """

    def __init__(self, fmt: Format, dialect: Dialect | None = None) -> None:
        self.fmt = fmt
        self.dialect = dialect

    def _read(self, text: str, *, strict: bool) -> Article:
        return _parse(self.fmt, text, strict=strict, dialect=self.dialect)

    def _read_back(self, text: str, article: Article, *, strict: bool) -> Article:
        """``text``, written of ``article``, read back in the article's dialect."""
        dialect = article.dialect if isinstance(self.fmt, DialectFormat) else None
        return _parse(self.fmt, text, strict=strict, dialect=dialect)

    def sniff(self, text: str) -> None:
        try:
            score = self.fmt.sniff(text)
        except Exception as error:
            raise BrokenPromise(
                "sniff", f"sniff({_shown(text)}) raised {type(error).__name__}: {error}"
            ) from error
        if type(score) not in (int, float) or not 0 <= score <= 1:
            raise BrokenPromise("sniff", f"sniff({_shown(text)}) returned {score!r}")

    def errors(self, text: str) -> None:
        # A page format's errors point at the text; a data format's may be about
        # the document (a DocumentError, with its JSON paths).
        allowed = ParseError if kind_of(self.fmt) == "page" else NewsdocError
        for strict in (True, False):
            try:
                self._read(text, strict=strict)
            except allowed:
                pass
            except NewsdocError as error:
                raise BrokenPromise(
                    "errors",
                    f"parse({_shown(text)}, strict={strict}) raised {error!r}, not a ParseError",
                ) from error

    def own_articles(self, text: str) -> None:
        article = _readable(self.fmt, self.dialect, text)
        if article is not None and article.format != self.fmt.name:
            raise BrokenPromise(
                "own-articles",
                f"parse({_shown(text)}) gave an article of the format {article.format!r}",
            )

    def text_round_trip(self, text: str, promise: str = "text-round-trip") -> None:
        try:
            article = self._read(text, strict=True)
        except NewsdocError:
            return
        written = _dump(self.fmt, article, promise)
        if written != text:
            raise BrokenPromise(
                promise, f"parse({_shown(text)}) was written back as {_shown(written)}"
            )

    def line_endings(self, text: str) -> None:
        for variant in _variants(text):
            self.text_round_trip(variant, "line-endings")

    def lenient_total(self, text: str) -> None:
        try:
            self._read(text, strict=False)
        except NewsdocError as error:
            raise BrokenPromise(
                "lenient-total", f"parse({_shown(text)}, strict=False) raised {error!r}"
            ) from error

    def lenient_lossless(self, text: str) -> None:
        try:
            article = self._read(text, strict=False)
        except NewsdocError:
            return  # the lenient-total promise's to report
        written = _dump(self.fmt, article, "lenient-lossless")
        if written != text:
            raise BrokenPromise(
                "lenient-lossless",
                f"parse({_shown(text)}, strict=False) was written back as {_shown(written)}",
            )

    def article_round_trip(self, article: Article) -> None:
        try:
            text = _dump(self.fmt, article, "article-round-trip")
        except SerializeError:
            return  # a page format may refuse another format's article
        try:
            back = self._read_back(text, article, strict=_is_clean(article))
        except NewsdocError as error:
            raise BrokenPromise(
                "article-round-trip",
                f"{article!r} was written as {_shown(text)}, refused: {error}",
            ) from error
        expected = article.format == self.fmt.name or kind_of(self.fmt) == "data"
        if (back != article) if expected else not back.content_equals(article):
            raise BrokenPromise(
                "article-round-trip",
                f"{_described(article)} was written as {_shown(text)} and read back as "
                f"{_described(back)}",
            )

    def normal_form(self, text: str) -> None:
        try:
            article = self._read(text, strict=True)
        except NewsdocError:
            return
        self.article_round_trip(article)

    def conversion(self, article: Article) -> None:
        if article.format == self.fmt.name:
            return
        try:
            text = _dump(self.fmt, article, "conversion")
        except SerializeError:
            return
        try:
            back = self._read_back(text, article, strict=_is_clean(article))
        except NewsdocError as error:
            raise BrokenPromise(
                "conversion", f"{article!r} was written as {_shown(text)}, refused: {error}"
            ) from error
        if not back.content_equals(article):
            raise BrokenPromise(
                "conversion",
                f"{_described(article)} was written as {_shown(text)}, read as {_described(back)}",
            )


# -- texts --------------------------------------------------------------------------


def _variants(text: str) -> Iterator[str]:
    """``text`` with CRLF line endings, and with a final line ending added or removed."""
    unified = text.replace("\r\n", "\n").replace("\r", "\n")
    yield unified.replace("\n", "\r\n")
    yield text + "\n"
    yield text.rstrip("\r\n")


_PIECES = (
    "",
    " ",
    "\t",
    "\ufeff",
    "Summary",
    "- A point",
    "\u2022 A point",
    "Home / News / A title",
    "A title",
    "31 Jul",
    " date 2025-07-17 A title",
    "{",
    "}",
    '"',
    "\u202e",
    "\x00",
)


def _lines() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(_PIECES), st.text(max_size=30))


@st.composite
def _wild(draw: st.DrawFn) -> str:
    lines = draw(st.lists(_lines(), max_size=12))
    endings = draw(st.lists(st.sampled_from(EOLS), min_size=len(lines), max_size=len(lines)))
    return "".join(line + ending for line, ending in zip(lines, endings, strict=True)) + draw(
        _lines()
    )


def _wild_texts() -> st.SearchStrategy[str]:
    """Text from the wild: any characters, and lines of other formats and of none."""
    return st.one_of(st.text(), _wild())


@st.composite
def _edit(draw: st.DrawFn, text: str) -> str:
    lines = text.splitlines(keepends=True) or [""]
    where = draw(st.integers(0, len(lines) - 1))
    edit = draw(st.sampled_from(("delete", "repeat", "insert", "ending", "pad", "blank")))
    line = lines[where]
    if edit == "delete":
        lines[where] = ""
    elif edit == "repeat":
        lines[where] = line + line
    elif edit == "insert":
        lines[where] = draw(_lines()) + draw(st.sampled_from(EOLS)) + line
    elif edit == "ending":
        lines[where] = line.rstrip("\r\n") + draw(st.sampled_from(EOLS))
    elif edit == "pad":
        lines[where] = draw(st.sampled_from((" ", "\t"))) + line
    else:
        lines[where] = line + draw(st.sampled_from(EOLS)) * draw(st.integers(1, 3))
    return "".join(lines)


@st.composite
def _edit_article(draw: st.DrawFn, article: Article) -> Article:
    """``article`` after an edit that keeps it valid, where one of those drawn does."""
    title = article.title or "An added title"
    edits: dict[str, dict[str, Any]] = {
        "drop a paragraph": {"body": article.body[:-1]},
        "add a paragraph": {"body": (*article.body, "An added paragraph.")},
        "drop the first paragraph": {"body": article.body[1:]},
        "retitle": {"title": title + " again"},
        "drop the dateline": {"dateline": None},
        "drop the stray lines": {"stray_lines": ()},
    }
    for name in draw(st.permutations(sorted(edits))):
        try:
            return attrs.evolve(article, **edits[name])
        except NewsdocError:
            continue  # the edit makes an article the format refuses
    return article


def _edited(texts: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """``texts`` with one line deleted, repeated, inserted, padded or re-ended."""
    return texts.flatmap(_edit)
