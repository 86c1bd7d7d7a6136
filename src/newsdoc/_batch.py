"""What the command does to each page, apart from any terminal: check, convert, count.

Each task takes one :class:`Page` (a path, or bytes read from standard
input) and returns a small result that pickles, so that the command can run
it in worker processes (:func:`newsdoc._records.in_order`) and print in
input order.  Nothing here writes a file or to a stream.
"""

from __future__ import annotations

import errno
import os
import posixpath
from collections import Counter
from datetime import date, datetime, timezone
from typing import Literal, NamedTuple

from newsdoc._dates import DateError, DateParts, parse_parts
from newsdoc._errors import NewsdocError, ReadError, bounded_repr
from newsdoc._formats import PAGE_FORMAT, dumps, is_json_lines, loads
from newsdoc._grammar import Dialect, locate
from newsdoc._io import utf8
from newsdoc._lineformat import declared_lines
from newsdoc._model import Article, Record
from newsdoc._plugins import Format, format_by_suffix, kind_of
from newsdoc._records import STDIN, Page, Reading, pages, read_page

__all__ = [
    "STDIN",
    "TARGETS",
    "Checked",
    "Converted",
    "Facts",
    "Options",
    "Page",
    "Problem",
    "Tally",
    "check",
    "convert",
    "facts",
    "pages",
]

Target = Literal["page", "json", "jsonl", "jsonld", "ninjs", "markdown", "html"]
TARGETS: dict[Target, str] = {
    "page": ".txt",
    "json": ".json",
    "jsonl": ".jsonl",
    "jsonld": ".jsonld",
    "ninjs": ".ninjs.json",
    "markdown": ".md",
    "html": ".html",
}
"""What ``convert --to`` writes, and the suffix each output takes."""


class Options(NamedTuple):
    strict: bool
    dialect: Dialect | None
    format: Format | str | None
    max_bytes: int
    max_lines: int
    captured_from_mtime: bool = False


class Problem(NamedTuple):
    """Why a page failed, or a defect kept in lenient reading."""

    line: int | None
    column: int | None
    code: str
    message: str


class Checked(NamedTuple):
    source: str
    failure: Problem | None
    defects: tuple[Problem, ...] = ()


class Converted(NamedTuple):
    source: str
    outputs: tuple[tuple[str, bytes], ...]
    """Each output's path below the output folder, and its bytes."""
    failure: Problem | None = None


class Facts(NamedTuple):
    source: str
    failure: Problem | None
    sections: tuple[str, ...] = ()
    points: int | None = None
    dateline: str | None = None
    """The dateline's shape (``day month``, ``relative``), or None without one."""
    resolved: bool = False
    defects: tuple[str, ...] = ()
    lines: tuple[tuple[str, int], ...] = ()
    """How many lines of each kind of its declaration the page has, by the kind's name."""
    whole: bool = True
    """False for an input that could not be looked into (a folder that cannot be
    listed, a JSON Lines file that cannot be read): the pages in it go uncounted."""


def problem(error: NewsdocError) -> Problem:
    """The line, column, code and message of ``error``, as far as it has them."""
    code = getattr(error, "code", None)
    if isinstance(code, str):
        line, column = getattr(error, "line", None), getattr(error, "column", None)
        message = getattr(error, "message", str(error))
        return Problem(line, column, code, message)
    name = type(error).__name__.removesuffix("Error")
    code = "".join(f"-{c.lower()}" if c.isupper() else c for c in name).lstrip("-") + "-error"
    return Problem(None, None, code, str(error).splitlines()[0])


def _read(page: Page, options: Options) -> Reading:
    """What reading ``page`` gives, as :func:`newsdoc.load_many` reads it."""
    reading = read_page(
        page,
        strict=options.strict,
        dialect=options.dialect,
        format=options.format,
        max_bytes=options.max_bytes,
        max_lines=options.max_lines,
    )
    if options.captured_from_mtime and page.data is None:
        return reading._replace(captured=_modified(page.source))
    return reading


def _modified(path: str) -> datetime:
    try:
        seconds = os.stat(path).st_mtime
    except OSError as error:
        raise ReadError(error.errno, error.strerror, path) from error
    try:
        return datetime.fromtimestamp(seconds, timezone.utc)
    except (OverflowError, ValueError, OSError):  # a time past the years a datetime holds
        raise ReadError(
            errno.EOVERFLOW, f"its modification time {seconds} is no date", path
        ) from None


def check(page: Page, options: Options) -> Checked:
    """Read ``page`` and check that it writes back as it was read."""
    try:
        reading = _read(page, options)
        article = reading.article
        failure = _round_trip(reading.data, reading.text, article, reading.format)
    except NewsdocError as error:
        return Checked(page.source, problem(error))
    defects = tuple(Problem(d.line, d.column, d.code, d.message) for d in article.defects)
    return Checked(page.source, failure, defects)


def _round_trip(data: bytes, text: str, article: Article, fmt: Format) -> Problem | None:
    if fmt is not PAGE_FORMAT and kind_of(fmt) == "data":
        # A data format promises the article back, not the bytes: it has a normal form.
        again = loads(dumps(article, format=fmt), format=fmt)
        if again == article:
            return None
        return Problem(None, None, "round-trip", "reads back as another article")
    written = dumps(article)
    if utf8(written) == data:
        return None
    at = next(
        (i for i, (a, b) in enumerate(zip(text, written, strict=False)) if a != b),
        min(len(text), len(written)),
    )
    line, column, _ = locate(text, at)  # the grammar's own lines: CR and CRLF end them too
    return Problem(
        line,
        column,
        "round-trip",
        f"writes back differently: read {bounded_repr(text[at : at + 20], 30)}, "
        f"wrote {bounded_repr(written[at : at + 20], 30)}",
    )


def convert(page: Page, options: Options, target: Target, reference: date | None) -> Converted:
    """``page`` as ``target``: its output's path below the output folder, and its bytes."""
    try:
        reading = _read(page, options)
        relative = page.relative()
        if page.line is not None:  # named by its source, when that stays inside the folder
            relative = _safe_relative(reading.source) or relative
        record = Record(article=reading.article, source=reading.source, captured=reading.captured)
        output = _converted(record, target, reference)
    except NewsdocError as error:
        return Converted(page.source, (), problem(error))
    return Converted(page.source, ((_renamed(relative, target), output),))


def _converted(record: Record, target: Target, reference: date | None) -> bytes:
    # Imported here: checking and counting pages need neither cattrs nor the exports.
    from newsdoc._convert import jsonl_lines, to_json
    from newsdoc._exports import export

    article = record.article
    if reference is None:
        reference = record.captured
    if target == "jsonl":
        return b"".join(jsonl_lines([record]))
    if target == "page":
        text = dumps(article, format="page")
    elif target == "json":
        text = to_json(article, indent=2) + "\n"
    else:
        text = export(article, target, reference=_day(reference))
    return utf8(text)


def _day(moment: date | None) -> date | None:
    return moment.date() if isinstance(moment, datetime) else moment


def _renamed(relative: str, target: Target) -> str:
    if target == "page" and not is_json_lines(relative) and format_by_suffix(relative) is None:
        return relative  # a page stays under its own name, unless a format owns its suffix
    return posixpath.splitext(relative)[0] + TARGETS[target]


def _safe_relative(source: str | None) -> str | None:
    """``source`` as a path below the output folder, or None when it would leave it."""
    if not source or "\\" in source or not source.isprintable():
        return None
    parts = source.split("/")
    if source.startswith("/") or any(part in ("", ".", "..") for part in parts):
        return None
    if any(part.startswith(".") or len(part) > 255 for part in parts):
        return None
    return source


def facts(page: Page, options: Options, reference: date | None) -> Facts:
    """What ``stats`` counts of ``page``, read leniently."""
    try:
        reading = _read(page, options._replace(strict=False))
    except NewsdocError as error:
        return Facts(page.source, problem(error), whole=page.error is None)
    article = reading.article
    sections = article.breadcrumb.segments[1:-1] if article.breadcrumb is not None else ()
    points = len(article.summary.points) if article.summary is not None else None
    shape = None if article.dateline is None else dateline_shape(article.dateline.text)
    resolved = False
    if article.dateline is not None:
        try:
            resolved = article.publication_date(reference or reading.captured) is not None
        except DateError:
            resolved = False
    defects = tuple(defect.code for defect in article.defects)
    lines = tuple((line.name, len(texts)) for line, texts in declared_lines(article) or ())
    return Facts(page.source, None, tuple(sections), points, shape, resolved, defects, lines)


def dateline_shape(text: str) -> str:
    """What a dateline states, in words: ``day month``, ``day month year time``, ``relative``."""
    parts = parse_parts(text)
    if not isinstance(parts, DateParts):
        return "no date"
    if parts.ago is not None:
        return "relative"
    return " ".join(
        name
        for name in ("day", "month", "year", "time", "zone")
        if getattr(parts, name) is not None
    )


class Tally:
    """The counts ``check`` and ``stats`` report, grown one result at a time."""

    def __init__(self) -> None:
        self.pages = 0
        self.failed = 0
        self.failures: Counter[str] = Counter()
        self.defects: Counter[str] = Counter()
        self.sections: Counter[str] = Counter()
        self.points: Counter[int] = Counter()
        self.datelines: Counter[str] = Counter()
        self.resolved = 0
        self.lines: Counter[str] = Counter()
        """Lines by the name of their kind, in the order the kinds were first met."""
        self.unlisted = 0
        """Inputs that could not be looked into, whose pages went uncounted."""

    def add_check(self, checked: Checked) -> None:
        self.pages += 1
        if checked.failure is not None:
            self.failed += 1
            self.failures[checked.failure.code] += 1
        self.defects.update(defect.code for defect in checked.defects)

    def add_facts(self, found: Facts) -> None:
        self.pages += 1
        self.unlisted += not found.whole
        if found.failure is not None:
            self.failed += 1
            self.failures[found.failure.code] += 1
            return
        self.sections.update(found.sections)
        if found.points is not None:
            self.points[found.points] += 1
        if found.dateline is not None:
            self.datelines[found.dateline] += 1
        self.resolved += found.resolved
        self.defects.update(found.defects)
        self.lines.update(dict(found.lines))
