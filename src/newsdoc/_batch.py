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
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timezone
from typing import Literal, NamedTuple

from newsdoc._dates import DateError, DateParts, parse_parts
from newsdoc._errors import (
    Defect,
    NewsdocError,
    ParseError,
    ReadError,
    bounded_repr,
)
from newsdoc._formats import (
    JSON_FORMAT,
    PAGE_FORMAT,
    Format,
    dumps,
    format_for_path,
    kind_of,
    loads,
    loads_in_format,
)
from newsdoc._grammar import Dialect, locate
from newsdoc._io import decode, read_bytes, read_lines, utf8
from newsdoc._model import Article, Record
from newsdoc._records import expanded

__all__ = [
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

STDIN = "<stdin>"
"""How standard input is named in reports."""

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


class Page(NamedTuple):
    """One input: a file, standard input's bytes, or one record line of a JSON Lines file."""

    source: str
    root: str | None
    """The folder whose tree outputs mirror, or None when the file is its own name."""
    data: bytes | None = None
    """The bytes, when they were not read from ``source``: standard input, a record line."""
    line: int | None = None
    """For a record line, its number in the JSON Lines file."""
    error: NewsdocError | None = None
    """Why the input could not be listed, to report in its place."""

    def relative(self) -> str:
        """The path an output takes below the output folder, the input's suffix included."""
        if self.data is not None and self.line is None:
            return "stdin.txt"
        if self.root is None:
            path = os.path.basename(self.source) or self.source
        else:
            path = os.path.relpath(self.source, self.root)
        if self.line is not None:
            return f"{path[: -len('.jsonl')]}-{self.line}.txt"
        return path


class Options(NamedTuple):
    strict: bool
    dialect: Dialect | None
    format: Format | str | None
    max_bytes: int
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


def pages(sources: Iterable[str], pattern: str, stdin: Iterator[bytes]) -> Iterator[Page]:
    """The pages ``sources`` name, one record line of a JSON Lines file at a time.

    ``-`` is standard input, read when it is reached.
    """
    for source in sources:
        if source == "-":
            yield Page(STDIN, None, next(stdin))
            continue
        for path, root in expanded(source, pattern):
            if path.lower().endswith(".jsonl"):
                yield from _record_lines(path, root)
            else:
                yield Page(path, root)


def _record_lines(path: str, root: str | None) -> Iterator[Page]:
    try:
        for number, line in enumerate(read_lines(path), 1):
            if line.strip():
                yield Page(path, root, line, number)
    except NewsdocError as error:
        yield Page(path, root, error=error)


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


class _Reading(NamedTuple):
    data: bytes
    text: str
    article: Article
    format: Format
    source: str | None
    """Where the page came from: the path, or a record's own source."""
    captured: date | None


def _read(page: Page, options: Options) -> _Reading:
    """What reading ``page`` gives, and the format it was read in."""
    if page.error is not None:
        raise page.error
    if page.line is not None:
        from newsdoc._convert import DocumentError, record_from_json

        try:
            record = record_from_json(page.data or b"")
        except DocumentError as error:
            raise ParseError(
                Defect(line=page.line, column=1, code="invalid-record", message=error.problems[0]),
                page.data.decode("utf-8", "replace") if page.data else "",
            ) from None
        text = page.data.decode("utf-8") if page.data else ""
        return _Reading(
            page.data or b"", text, record.article, JSON_FORMAT, record.source, record.captured
        )
    data = page.data
    fmt = options.format
    captured = None
    if data is None:
        data = read_bytes(page.source, max_bytes=options.max_bytes)
        fmt = format_for_path(page.source, fmt)
        if options.captured_from_mtime:
            captured = _modified(page.source)
    text = decode(data)
    article, fmt_read = loads_in_format(
        text, strict=options.strict, dialect=options.dialect, format=fmt
    )
    return _Reading(data, text, article, fmt_read, page.source, captured)


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
    if written.encode("utf-8") == data:
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
    stem, suffix = posixpath.splitext(relative)
    if target == "page" and suffix.lower() not in (".json", ".jsonl"):
        return relative  # a page stays under its own name, whatever its suffix
    return stem + TARGETS[target]


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
        return Facts(page.source, problem(error))
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
    return Facts(page.source, None, tuple(sections), points, shape, resolved, defects)


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

    def add_check(self, checked: Checked) -> None:
        self.pages += 1
        if checked.failure is not None:
            self.failed += 1
            self.failures[checked.failure.code] += 1
        self.defects.update(defect.code for defect in checked.defects)

    def add_facts(self, found: Facts) -> None:
        self.pages += 1
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
