"""Formats: the ways an article is written as text, found by name, by suffix or by the text.

The formats themselves are registered in ``_plugins``, below the model;
this module reads and writes through them, and holds the built-in ``page``
and ``json`` formats, which join the registry as a plugin's do.

:func:`loads`, :func:`dumps`, :func:`load` and :func:`dump` are the public
entry points.  Without ``format=`` they read pages and write an article in
the format it was read in; the page reader and writer are called directly
then, so the default path costs no lookup.
"""

from __future__ import annotations

import errno
import json
import os
import time
import warnings
from typing import NamedTuple

import attrs

from newsdoc._engine import CANONICAL, LineLayout
from newsdoc._errors import (
    Defect,
    FieldTypeError,
    ParseError,
    ReadError,
    SerializeError,
    ValidationError,
    bounded_repr,
    stacklevel_outside,
)
from newsdoc._grammar import (
    BOM,
    DEFAULT_DIALECT,
    PAD,
    PAGE,
    Dialect,
    describe_dialect,
    get_dialect,
    locate,
    registered_dialects,
    split_lines,
)
from newsdoc._io import (
    Source,
    Target,
    atomic_write,
    beyond_limits,
    check_binary_target,
    check_limit,
    decode,
    name_of,
    path_text,
    read_bytes,
    utf8,
    write_to,
)
from newsdoc._limits import DEFAULT_MAX_BYTES, DEFAULT_MAX_LINES
from newsdoc._model import Article, read_article, with_layout
from newsdoc._page import page_program
from newsdoc._plugins import (
    BUILT_IN,
    ENTRY_POINT_GROUP,
    JSON_LINES_SUFFIX,
    DialectFormat,
    Format,
    FormatKind,
    PluginError,
    PluginWarning,
    UnknownFormatError,
    format_by_suffix,
    get_format,
    guarded,
    kind_of,
    named_format,
    register_format,
    registered_formats,
)
from newsdoc._recognition import SUREST, page_score

__all__ = [
    "CONFIDENT",
    "dump",
    "dumps",
    "load",
    "loads",
]

CONFIDENT = 0.5
"""The least :meth:`Format.sniff` score that lets ``format="auto"`` choose a format."""


def _own_format(article: Article) -> Format:
    """The format ``article`` is in, to write it in.

    :raises UnknownFormatError: saying that a plugin providing it must be
        installed, when none is.
    """
    try:
        return get_format(article.format)
    except UnknownFormatError:
        name = bounded_repr(article.format, 60)
        raise UnknownFormatError(
            f"the article is in the {name} format, which is not installed: to write it in "
            f"that format, install a plugin that provides the {name} format (a distribution "
            f"that declares it in the {ENTRY_POINT_GROUP!r} entry-point group) or register "
            "it with register_format(); format='page' or format='json' writes it without one"
        ) from None


# -- the page format, on the engine ----------------------------------------------


def read_page(text: str, strict: bool, dialect: Dialect) -> Article:
    """The article of the page ``text`` in ``dialect``.

    :raises ParseError: in strict mode, at the first departure from the page's lines.
    """
    return read_article(page_program(dialect).read(text, strict), dialect=dialect, format=PAGE)


def write_page(article: Article) -> str:
    """The page of ``article``, an article of the page format, as its layout records it."""
    return page_program(article.dialect).write_article(article)


# -- converting to a page -------------------------------------------------------


def page_text(article: Article, dialect: Dialect | str | None) -> str:
    """``article`` as a page: in its own dialect, or converted to ``dialect``.

    An article of another format is converted to the page format, in the
    canonical layout.

    :raises SerializeError: when converting, if the article cannot be
        written so that it reads back as itself.
    """
    if article.format != PAGE:
        article = _as_page(article)
    return write_page(_in_dialect(article, dialect))


def _in_dialect(article: Article, dialect: Dialect | str | None) -> Article:
    """``article``, or converted to ``dialect`` where one is given and it is another.

    :raises SerializeError: if the article cannot be written in ``dialect``
        so that it reads back as itself.
    """
    if dialect is None:
        return article
    target = get_dialect(dialect)
    return article if target == article.dialect else _respell(article, target)


def _as_page(article: Article) -> Article:
    """``article``'s content as a page, in the canonical layout of its dialect.

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
            dialect=article.dialect,
        )
    except ValidationError as error:
        raise SerializeError([f"as a page, {error}"]) from None


def _respell(article: Article, dialect: Dialect) -> Article:
    """``article`` in ``dialect``'s canonical marks, keeping endings, BOM and final newline.

    An article of a format whose layout is not the engine's keeps none of it.
    """
    summary = article.summary
    if summary is not None and not dialect.is_heading(summary.heading):
        summary = attrs.evolve(summary, heading=dialect.summary_headings[0])
    layout = article.layout
    kept = CANONICAL
    if isinstance(layout, LineLayout):
        # The repeated title is a line, not a mark: it stays, written anew.
        repeat = ("repeat", 0, "\n") if "repeat" in layout.lines[::3] else ()
        kept = LineLayout(
            bom=layout.bom, newline=layout.newline, lines=repeat, trailing=layout.trailing
        )
    try:
        return with_layout(article, kept, summary=summary, dialect=dialect)
    except ValidationError as error:
        raise SerializeError([f"in the {describe_dialect(dialect)} dialect, {error}"]) from None


# -- choosing a format by the text ----------------------------------------------


_SNIFF_HEAD = 64 * 1024
"""How many characters of a text ``format="auto"`` gives a format's :meth:`Format.sniff`,
unless the format's ``sniffs_whole`` is true."""

_SNIFF_BUDGET = 0.1
"""The seconds a plugin's :meth:`Format.sniff` may take before ``format="auto"`` warns."""

_clock = time.perf_counter
_warned: set[str] = set()
"""The names of the plugins warned about already: each is warned about once a process."""


def _sniff_head(text: str) -> str:
    """The first :data:`_SNIFF_HEAD` characters of ``text``, up to the last line end among them.

    Cut at a line end, a format sees whole lines only; a head of one long
    line is cut where it must be.
    """
    if len(text) <= _SNIFF_HEAD:
        return text
    end = max(text.rfind("\n", 0, _SNIFF_HEAD), text.rfind("\r", 0, _SNIFF_HEAD))
    return text[: end + 1 if end >= 0 else _SNIFF_HEAD]


def _plugin_score(fmt: Format, name: str, text: str, head: str, at_least: float) -> float | None:
    """How sure ``fmt`` is that ``text`` is its own, or None once it misbehaves.

    A plugin's sniff that raises, or returns anything but a number from 0
    to 1, is left out rather than failing every text, with a warning.  A
    sniff gets the head of the text, unless the format's ``sniffs_whole``
    says it needs all of it.  A declared format may give 0 for a score
    under ``at_least``, which cannot be chosen.
    """
    started = _clock()
    try:
        whole = getattr(fmt, "sniffs_whole", False)
        if type(whole) is not bool:
            raise FieldTypeError(f"sniffs_whole is a bool, got {bounded_repr(whole, 40)}")
        sniffed = text if whole else head
        if isinstance(fmt, DialectFormat):
            score = fmt.sniffed(sniffed, at_least)[0]
        else:
            score = fmt.sniff(sniffed)
    except Exception as error:
        _warn_once(name, f"its sniff() raised {bounded_repr(error, 200)}")
        return None
    took = _clock() - started
    if type(score) is int:
        score = float(score)
    if not isinstance(score, float) or not 0 <= score <= 1:
        returned = bounded_repr(score, 40)
        _warn_once(name, f"its sniff() returned {returned}, not a number from 0 to 1")
        return None
    if took > _SNIFF_BUDGET and name not in BUILT_IN:
        _warn_once(
            name,
            f"its sniff() took {took:.2f} s, more than the {_SNIFF_BUDGET} s it is given; "
            "format='auto' waits for it",
            left_out=False,
        )
    return score


def _warn_once(name: str, problem: str, *, left_out: bool = True) -> None:
    if name in _warned:
        return
    _warned.add(name)
    outcome = "format='auto' leaves it out" if left_out else "its score still counts"
    warnings.warn(
        PluginWarning(f"the {name!r} format misbehaves: {problem}; {outcome}"),
        stacklevel=stacklevel_outside(),
    )


def detect(text: str) -> tuple[Format, Sniffed]:
    """The format most confident that ``text`` is one of its pages, and what the page format saw.

    A format whose sniff misbehaves is left out (see :func:`_plugin_score`).

    :raises ParseError: at line 1, column 1, when no format is confident, or
        two are equally and most confident, naming them and their scores.
    """
    formats = registered_formats()
    as_page = PAGE_FORMAT.sniffed(text)
    head = _sniff_head(text)
    scores = []
    # Once a format is confident, one that scores less cannot be chosen, nor tie with it:
    # its exact score is not needed.  Under CONFIDENT every score is named in the error.
    bar = as_page.score if as_page.score >= CONFIDENT else 0.0
    for name, fmt in formats:
        if fmt is PAGE_FORMAT:
            score: float | None = as_page.score
        else:
            score = _plugin_score(fmt, name, text, head, bar)
        if score is not None:
            scores.append((score, name))
            if score >= CONFIDENT:
                bar = max(bar, score)
    scores.sort(key=lambda s: -s[0])
    best = scores[0][0]
    if best < CONFIDENT:
        ranking = ", ".join(f"{name} {score:.2f}" for score, name in scores)
        code, message = (
            "unknown-format",
            f"no format is confident this text is one of its pages ({ranking}; "
            f"{CONFIDENT} is needed); name one with format= (--format on the command line)",
        )
    elif len(scores) > 1 and scores[1][0] == best:
        tied = " and ".join(repr(name) for score, name in scores if score == best)
        code, message = (
            "ambiguous-format",
            f"the formats {tied} are equally confident ({best:.2f}) this text is theirs; "
            "name one with format= (--format on the command line)",
        )
    else:
        return dict(formats)[scores[0][1]], as_page
    first_line = split_lines(text[:400])[0][0]
    raise ParseError(Defect(line=1, column=1, code=code, message=message), first_line)


# -- the built-in formats -------------------------------------------------------


class _PageFormat:
    """The page format: the lines of :mod:`newsdoc._page`, run by the engine.

    ``parse`` reads the default dialect, as :func:`loads` does without
    ``dialect=``; ``sniff`` tries every registered dialect, and
    ``format="auto"`` reads a page in the one that scores best.
    """

    name = PAGE
    holds: frozenset[str] = frozenset()
    """No byline line, no named lines: a page is breadcrumb, title, dateline, summary and body."""
    kind: FormatKind = "page"
    suffixes: tuple[str, ...] = ()
    """No suffix: a ``.txt`` file may be in any format, so the page is not chosen by it."""

    _HEAD_LINES = 10
    """How many lines of a page :meth:`sniff` reads: enough for a head and a summary."""

    def __reduce__(self) -> str:
        # Pickled by name, so that a worker process gets the one page format
        # newsdoc compares formats with, not a copy.
        return "PAGE_FORMAT"

    def sniff(self, text: str) -> float:
        """Confident where the page carries two of the format's marks, and little against them.

        The marks and the evidence against them, with their weights, are
        :mod:`newsdoc._recognition`'s tables; plain text with a headline
        has no mark, and no mark alone reaches :data:`CONFIDENT`.
        """
        return self.sniffed(text).score

    def sniffed(self, text: str) -> Sniffed:
        """:meth:`sniff`'s score, in the registered dialect ``text`` reads best in.

        The default dialect, unless another scores higher.
        """
        if not isinstance(text, str):
            raise FieldTypeError(f"sniff() takes a str, got {type(text).__name__}")
        head = _head(text, self._HEAD_LINES)
        first, *others = registered_dialects()
        reading = read_page(head, False, first)
        best = Sniffed(page_score(reading), first, reading if head is text else None)
        if best.score == SUREST or not others:
            return best
        lines: list[str] = []
        for dialect in others:
            if not _may_find_more(dialect, best, reading, head, lines):
                continue
            article = read_page(head, False, dialect)
            found = page_score(article)
            if found > best.score:
                best = Sniffed(found, dialect, article if head is text else None)
                reading = article
        return best

    def parse(self, text: str, *, strict: bool = True) -> Article:
        return loads(text, strict=strict)

    def dump(self, article: Article) -> str:
        if not isinstance(article, Article):
            raise FieldTypeError(f"dump() takes an Article, got {type(article).__name__}")
        return page_text(article, None)


class Sniffed(NamedTuple):
    """What the page format made of a text's first lines."""

    score: float
    dialect: Dialect
    """The dialect that scored best."""
    whole: Article | None
    """The lenient reading in that dialect, when the first lines were all the text."""


def _may_find_more(
    dialect: Dialect, best: Sniffed, reading: Article, head: str, lines: list[str]
) -> bool:
    """Whether reading ``head`` in ``dialect`` could find a mark the best reading so far lacks.

    The marks that depend on the dialect are a summary (its headings) and
    a breadcrumb (its separator, which also moves the title and the
    dateline), and so is the evidence against them; a dialect that has
    neither on the first lines would read them alike.  ``lines``, empty at
    first, is filled with those lines (without padding) when a question
    the reading does not answer needs them, once for every dialect: most
    pages need none.
    """
    separator = dialect.breadcrumb_separator
    other_separator = separator != best.dialect.breadcrumb_separator
    if reading.summary is not None and not other_separator:
        return False
    if not lines:
        lines += (line.strip(PAD) for line in split_lines(head)[0][: _PageFormat._HEAD_LINES])
    if reading.summary is None and any(dialect.is_heading(line) for line in lines):
        return True
    return other_separator and separator in lines[0]


def _head(text: str, count: int) -> str:
    """The first ``count`` lines of ``text``; all of it where it is short, or they are most of it.

    A short page is read whole, so that the reading serves as the result
    too.  Lines are counted at LF only, which every page but one of CR line
    endings has; that one is read whole, which is slower, never wrong.
    """
    if len(text) <= _SHORT:
        return text
    end = -1
    for _ in range(count):
        end = text.find("\n", end + 1)
        if end < 0:
            return text
    return text if 2 * end > len(text) else text[: end + 1]


_SHORT = 8192
"""Characters in a page :meth:`_PageFormat.sniff` reads whole: a few times a typical page's."""


class _JsonFormat:
    """The JSON document of :func:`newsdoc.to_json`: a carrier, not a page."""

    name = "json"
    kind: FormatKind = "data"
    sniffs_whole = True
    """A document is JSON only if all of it is: its head alone says nothing."""

    def __reduce__(self) -> str:
        return "JSON_FORMAT"  # by name, as the page format

    suffixes = (".json",)

    def sniff(self, text: str) -> float:
        """Sure for a document with ``format_version``; fairly sure for any JSON object."""
        if not isinstance(text, str):
            raise FieldTypeError(f"sniff() takes a str, got {type(text).__name__}")
        if not text.lstrip(" \t\r\n\ufeff").startswith("{"):
            return 0.0
        try:
            data = json.loads(text.removeprefix(BOM))
        except (ValueError, RecursionError):
            return 0.0
        if not isinstance(data, dict):
            return 0.0
        return 1.0 if "format_version" in data else 0.6

    def parse(self, text: str, *, strict: bool = True) -> Article:
        """The article the document holds, with its page layout; ``strict`` changes nothing.

        :raises ParseError: where the text is not JSON.
        :raises DocumentError: where the JSON is not an article document, or
            holds a lone surrogate.
        """
        if not isinstance(text, str):
            raise FieldTypeError(f"parse() takes a str, got {type(text).__name__}")
        try:
            data = json.loads(text.removeprefix(BOM))
        except json.JSONDecodeError as error:
            # Lines as the page grammar counts them, where JSON counts LF only.
            line, column, line_text = locate(text, error.pos + text.startswith(BOM))
            defect = Defect(line=line, column=column, code="invalid-json", message=error.msg)
            raise ParseError(defect, line_text) from None
        except (ValueError, RecursionError) as error:  # too many digits, or too deep
            message = str(error) if isinstance(error, ValueError) else "nested too deeply"
            defect = Defect(line=1, column=1, code="invalid-json", message=message)
            raise ParseError(defect, split_lines(text[:400])[0][0]) from None
        from newsdoc._convert import article_from  # cattrs, imported when JSON is first read

        return article_from(data, text)

    def dump(self, article: Article) -> str:
        from newsdoc._convert import to_json

        return to_json(article)


PAGE_FORMAT = _PageFormat()
JSON_FORMAT = _JsonFormat()
register_format(PAGE_FORMAT)
register_format(JSON_FORMAT)


# -- the entry points -------------------------------------------------------------


def loads(
    text: str,
    *,
    strict: bool = True,
    dialect: Dialect | str | None = None,
    format: Format | str | None = None,
    max_bytes: int | None = None,
    max_lines: int | None = None,
) -> Article:
    """Read an article from ``text``: a page, unless ``format`` names another format.

    >>> article = loads("Home / Travel / Night trains return\\nNight trains return\\n2 Mar")
    >>> article.breadcrumb.segments, article.dateline.text
    (('Home', 'Travel', 'Night trains return'), '2 Mar')

    ``dialect`` (a :class:`Dialect` or a registered name) is the
    vocabulary of the page format and of every format declared as its
    lines (a :class:`~newsdoc.lines.LineFormat`); the article carries it.
    Every other format takes the default dialect alone, the one its
    articles are in.  ``format`` is a registered name, a format object
    (used as it is: register it, for its ``fit`` to apply to the articles
    it makes and for :func:`dumps` to find it), or ``"auto"``: the format
    most confident the text is its own (see :meth:`Format.sniff`), and for
    a page or a declared format, the registered dialect it reads best in.
    So every article ``a`` reads back as itself from what it writes:
    ``loads(dumps(a), strict=False, format=a.format, dialect=a.dialect) == a``.

    With ``strict=False`` no ``str`` is refused by the page format: lines
    that fit nowhere are kept in ``article.stray_lines`` and described in
    ``article.defects``.

    ``max_bytes`` and ``max_lines`` refuse a text of more bytes (in UTF-8)
    or lines (ended by ``\\r\\n``, ``\\r`` or ``\\n``) before it is read, for
    text from a source that is not trusted; by default there is no limit.

    :raises ParseError: in strict mode, where ``text`` departs from the
        format; with ``format="auto"``, when no format is confident or two
        are equally so (at line 1, column 1).
    :raises UnknownFormatError: when no format has that name.
    :raises ValidationError: when no dialect has that name, a format
        that is neither the page format nor a declared one is given another
        dialect than the default, or the text goes past a limit (naming it).
    """
    if not isinstance(text, str):
        raise FieldTypeError(
            f"loads() takes a str, got {type(text).__name__}; use load() for bytes"
        )
    if max_bytes is not None or max_lines is not None:
        for name, limit in (("max_bytes", max_bytes), ("max_lines", max_lines)):
            if limit is not None:
                check_limit(limit, name)
        beyond = beyond_limits(text, max_bytes, max_lines)
        if beyond is not None:
            raise ValidationError(f"the text is {beyond}")
    return loads_in_format(text, strict=strict, dialect=dialect, format=format)[0]


def loads_in_format(
    text: str, *, strict: bool, dialect: Dialect | str | None, format: Format | str | None
) -> tuple[Article, Format]:
    """What :func:`loads` reads, and the format it read ``text`` in (for auto, the one found)."""
    if not isinstance(strict, bool):
        raise FieldTypeError(f"strict must be a bool, got {type(strict).__name__}")
    if format is None:
        return read_page(text, strict, get_dialect(dialect)), PAGE_FORMAT
    # Compared only as a str: any other object is a format, or refused as one.
    named = format if isinstance(format, str) else None
    if named == PAGE:
        return read_page(text, strict, get_dialect(dialect)), PAGE_FORMAT
    if named == "auto":
        chosen, as_page = detect(text)
        if chosen is PAGE_FORMAT:
            if dialect is not None:
                return read_page(text, strict, get_dialect(dialect)), PAGE_FORMAT
            whole = as_page.whole
            # A page read whole without a defect reads the same in strict mode.
            if whole is not None and not (strict and whole.defects):
                return whole, PAGE_FORMAT
            return read_page(text, strict, as_page.dialect), PAGE_FORMAT
    else:
        chosen = named_format(format)
        if chosen is PAGE_FORMAT:
            return read_page(text, strict, get_dialect(dialect)), PAGE_FORMAT
    if isinstance(chosen, DialectFormat):
        declared = chosen
        read_in = (
            declared.sniffed(_sniff_head(text))[1]
            if dialect is None and named == "auto"
            else get_dialect(dialect)
        )
        article = guarded(
            chosen,
            "parse()",
            lambda: declared.parse(text, strict=strict, dialect=read_in),
            Article,
        )
    else:
        # Every article of any other format is in the default dialect, so that
        # ``loads(dumps(a), format=a.format, dialect=a.dialect)`` reads any article.
        if get_dialect(dialect) != DEFAULT_DIALECT:
            raise ValidationError(
                f"the {chosen.name!r} format has no dialects, and takes only the default one: "
                "a dialect is the vocabulary of the page format and of declared ones"
            )
        article = guarded(chosen, "parse()", lambda: chosen.parse(text, strict=strict), Article)
    if article.format != chosen.name and kind_of(chosen) == "page":
        raise PluginError(
            f"the {chosen.name!r} format's parse() gave an article of the {article.format!r} "
            "format, not its own"
        )
    return article, chosen


def dumps(
    article: Article,
    *,
    dialect: Dialect | str | None = None,
    format: Format | str | None = None,
) -> str:
    """Write ``article`` in the format it was read in, or in ``format``.

    An article read by :func:`loads` is written back exactly as it was
    read; one built by hand is written as a page in the canonical layout:

    >>> from newsdoc import Article, Summary
    >>> article = Article(title="Tram line opens", summary=Summary(points=("Every 8 minutes",)))
    >>> print(dumps(article))
    Tram line opens
    Summary
    - Every 8 minutes

    Naming another ``format`` converts: ``format="page"`` writes an
    article of another format as a page, ``format="json"`` gives its JSON
    document.  Naming another ``dialect`` writes a page, or a text of a
    declared format, in that dialect's canonical marks (its separator, its
    first bullet symbol, and its first heading where the article's is not
    one of its headings), keeping the line endings, the BOM and the final
    line ending.

    An article of a format that is not installed can be made, and read
    from its JSON document, where the plugin is absent (a worker, the
    ``convert`` command); it is written as a page or a JSON document
    without the plugin, but not in its own format.

    :raises SerializeError: only when converting, if the article cannot be
        written in that format or dialect so that it reads back as itself.
    :raises UnknownFormatError: when no format has that name, or the
        article's own format is not installed (saying that a plugin
        providing it must be).
    """
    if not isinstance(article, Article):
        raise FieldTypeError(f"dumps() takes an Article, got {type(article).__name__}")
    if format is None:
        if article.format == PAGE:
            if dialect is None:  # the common case, without a call more
                return page_program(article.dialect).write_article(article)
            return page_text(article, dialect)
        chosen = _own_format(article)
    else:
        chosen = named_format(format)
        if chosen is PAGE_FORMAT:
            return page_text(article, dialect)
    if dialect is not None:
        if not isinstance(chosen, DialectFormat):
            raise ValidationError(
                f"the {chosen.name!r} format has no dialects: dialect= is the page format's "
                f"and declared ones'; to write a page, pass format={PAGE!r}"
            )
        article = _in_dialect(article, dialect)
    return guarded(chosen, "dump()", lambda: chosen.dump(article), str)


class Loaded(NamedTuple):
    """What reading a file gives: its bytes, their text, the article, and the format read in."""

    data: bytes
    text: str
    article: Article
    format: Format


def load(
    source: Source,
    *,
    strict: bool = True,
    dialect: Dialect | str | None = None,
    format: Format | str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_lines: int = DEFAULT_MAX_LINES,
) -> Article:
    """Read an article from a path or a binary file, as UTF-8.

    Without ``format``, a path whose suffix a format registered (``.json``)
    is read in that format, and anything else as a page; ``format`` and
    ``dialect`` mean what they mean to :func:`loads`.  A ``.jsonl`` path is
    refused, whatever the format: it holds records, which
    :func:`newsdoc.load_jsonl` reads.  Line endings are kept as they are, so
    :func:`dump` writes the same bytes back.  A path must name a regular
    file, and a file larger than ``max_bytes`` (64 MiB by default) is
    refused without being read whole; one of more than ``max_lines``
    lines (1,048,576 by default) before it is read as a page.

    :raises ParseError: when the bytes are not UTF-8 (naming the file and
        the byte offset; a UTF-16 or UTF-32 byte order mark by its name),
        or (in strict mode) the text departs from the format.
    :raises ReadError: (an ``OSError``) when the path cannot be opened or
        read, is not a regular file, or the file goes past ``max_bytes`` or
        ``max_lines`` (``errno.EFBIG``, naming the limit).
    :raises ValidationError: for a ``.jsonl`` path, and as :func:`loads` does.
    :raises FieldTypeError: when ``source`` is neither a path nor a file
        opened in binary mode.
    """
    return load_in_format(
        source,
        strict=strict,
        dialect=dialect,
        format=format,
        max_bytes=max_bytes,
        max_lines=max_lines,
    ).article


def load_in_format(
    source: Source,
    *,
    strict: bool,
    dialect: Dialect | str | None,
    format: Format | str | None,
    max_bytes: int,
    max_lines: int,
) -> Loaded:
    """What :func:`load` reads, with the bytes, the text and the format it was read in.

    The one way a file is read: by :func:`load`, :func:`newsdoc.load_many`
    and the command line alike.
    """
    if isinstance(source, (str, os.PathLike)):
        format = format_for_path(source, format)  # before reading: a .jsonl file stays unread
    check_limit(max_lines, "max_lines")
    data = read_bytes(source, max_bytes=max_bytes)
    name = name_of(source)
    text = decode(data, name)
    beyond = beyond_limits(text, None, max_lines)
    if beyond is not None:
        raise ReadError(errno.EFBIG, beyond, name)
    article, chosen = loads_in_format(text, strict=strict, dialect=dialect, format=format)
    return Loaded(data, text, article, chosen)


def format_for_path(
    path: str | os.PathLike[str], format: Format | str | None
) -> Format | str | None:
    """``format``, or when it is None, the format registered for the suffix of ``path``.

    :raises ValidationError: for a ``.jsonl`` path: its suffix says it holds
        records, one a line, and no format reads them as one article.
    """
    name = path_text(path)
    if is_json_lines(name):
        raise ValidationError(
            f"{bounded_repr(name, 200)} is JSON Lines, one record a line, not one article: "
            "read it with load_jsonl() or load_many(), write it with dump_jsonl()"
        )
    return format_by_suffix(name) if format is None else format


def is_json_lines(path: str) -> bool:
    """Whether ``path`` names a JSON Lines file of records, by its suffix."""
    return os.path.splitext(path)[1].lower() == JSON_LINES_SUFFIX


def dump(
    article: Article,
    target: Target,
    *,
    dialect: Dialect | str | None = None,
    format: Format | str | None = None,
) -> None:
    """Write ``article`` to a path or a binary file, exactly :func:`dumps`'s text as UTF-8.

    Without ``format``, a path whose suffix a format registered
    (``.json``, or a plugin's) is written in that format, converting the
    article as ``dumps(article, format=...)`` does, as :func:`load` reads
    it back; anything else is written in the article's own format.  A
    ``.jsonl`` path is refused: it holds records, which
    :func:`newsdoc.dump_jsonl` writes.  A path is written atomically (see
    :func:`atomic_write`): after a failure it holds what it held before.  A
    file object is written to directly, so after a failure part way it may
    hold part of the text.

    :raises SerializeError: when converting fails (see :func:`dumps`), or
        the article holds a character UTF-8 cannot encode (a lone surrogate).
    :raises WriteError: (an ``OSError``) when the file cannot be written.
    :raises ValidationError: for a ``.jsonl`` path.
    :raises FieldTypeError: when ``target`` is neither a path nor a file
        opened in binary mode.
    """
    is_path = isinstance(target, (str, os.PathLike))
    if not is_path:
        check_binary_target(target)
    else:
        format = format_for_path(target, format)  # type: ignore[arg-type]  # a path, just checked
    data = utf8(dumps(article, dialect=dialect, format=format))
    if is_path:
        atomic_write(target, (data,))  # type: ignore[arg-type]  # a path, checked above
    else:
        write_to(target, data)  # type: ignore[arg-type]  # a binary file, checked above
