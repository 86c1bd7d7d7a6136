"""What the command does to each page, apart from any terminal: check, convert, count.

Each task takes one :class:`Page` (a path, or bytes read from standard
input) and returns a small result that pickles, so that the command can run
it in worker processes (:func:`newsdoc._records.in_order`) and print in
input order.  Nothing here writes a file or to a stream.
"""

from __future__ import annotations

import os
import posixpath
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timezone
from typing import Literal, NamedTuple

from newsdoc._convert import _jsonl_lines, load_jsonl, to_json
from newsdoc._dates import DateError, DateParts, parse_parts
from newsdoc._errors import NewsdocError, SerializeError, bounded_repr
from newsdoc._exports import export
from newsdoc._formats import (
    PAGE_FORMAT,
    Format,
    _format_by_suffix,
    detect,
    dumps,
    get_format,
    kind_of,
    loads,
)
from newsdoc._grammar import Dialect
from newsdoc._io import decode, read_bytes
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
    """One input: where it is, where its output goes, and its bytes when it has no path."""

    source: str
    relative: str
    """The path an output takes below the output folder, the input's suffix included."""
    data: bytes | None = None


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
    """The pages ``sources`` name (``-`` is standard input, read when it is reached)."""
    for source in sources:
        if source == "-":
            yield Page(STDIN, "stdin", next(stdin))
        else:
            for path, relative in expanded(source, pattern):
                yield Page(path, relative)


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


def _read(page: Page, options: Options) -> tuple[bytes, str, Article, Format]:
    """The page's bytes, its text, its article, and the format it was read in."""
    data = page.data
    if data is None:
        data = read_bytes(page.source, max_bytes=options.max_bytes)
    text = decode(data)
    if options.format == "auto":
        fmt: Format | None = detect(text)[0]
    elif options.format is not None:
        fmt = get_format(options.format) if isinstance(options.format, str) else options.format
    else:
        fmt = None if page.data is not None else _format_by_suffix(page.source)
    fmt = fmt or PAGE_FORMAT
    article = loads(text, strict=options.strict, dialect=options.dialect, format=fmt)
    return data, text, article, fmt


def check(page: Page, options: Options) -> Checked:
    """Read ``page`` and check that it writes back as it was read."""
    try:
        data, text, article, fmt = _read(page, options)
        failure = _round_trip(data, text, article, fmt)
    except NewsdocError as error:
        return Checked(page.source, problem(error))
    defects = tuple(Problem(d.line, d.column, d.code, d.message) for d in article.defects)
    return Checked(page.source, failure, defects)


def _round_trip(data: bytes, text: str, article: Article, fmt: Format) -> Problem | None:
    if kind_of(fmt) == "data":
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
    line = 1 + text.count("\n", 0, at)
    column = at - text.rfind("\n", 0, at)
    return Problem(
        line,
        column,
        "round-trip",
        f"writes back differently: read {bounded_repr(text[at : at + 20], 30)}, "
        f"wrote {bounded_repr(written[at : at + 20], 30)}",
    )


def convert(page: Page, options: Options, target: Target, reference: date | None) -> Converted:
    """``page`` as ``target``: one output, or one per record of a JSON Lines input."""
    try:
        if page.data is None and page.source.lower().endswith(".jsonl"):
            return _convert_records(page, options, target, reference)
        article = _read(page, options)[2]
        captured = _captured(page, options)
        output = _converted(
            Record(article=article, source=page.source, captured=captured), target, reference
        )
        return Converted(page.source, ((_renamed(page.relative, target), output),))
    except NewsdocError as error:
        return Converted(page.source, (), problem(error))


def _convert_records(
    page: Page, options: Options, target: Target, reference: date | None
) -> Converted:
    outputs = []
    stem = page.relative[: -len(".jsonl")]
    for number, record in enumerate(load_jsonl(page.source), 1):
        name = _safe_relative(record.source) or f"{stem}-{number}.txt"
        outputs.append((_renamed(name, target), _converted(record, target, reference)))
    return Converted(page.source, tuple(outputs))


def _converted(record: Record, target: Target, reference: date | None) -> bytes:
    article = record.article
    if reference is None:
        reference = record.captured
    if target == "jsonl":
        return b"".join(_jsonl_lines([record]))
    if target == "page":
        text = dumps(article, format="page")
    elif target == "json":
        text = to_json(article, indent=2) + "\n"
    else:
        text = export(article, target, reference=_day(reference))
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise SerializeError([f"the character {text[error.start]!r} is not valid UTF-8"]) from None


def _day(moment: date | None) -> date | None:
    return moment.date() if isinstance(moment, datetime) else moment


def _captured(page: Page, options: Options) -> datetime | None:
    if not options.captured_from_mtime or page.data is not None:
        return None
    seconds = os.stat(page.source).st_mtime
    return datetime.fromtimestamp(seconds, timezone.utc)


def _renamed(relative: str, target: Target) -> str:
    stem, suffix = posixpath.splitext(relative)
    if target == "page" and suffix not in (".json", ".jsonl"):
        return relative  # a page stays under its own name, whatever its suffix
    return stem + TARGETS[target]


def _safe_relative(source: str | None) -> str | None:
    """``source`` as a path below the output folder, or None when it would leave it."""
    if not source or "\\" in source or "\0" in source:
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
        article = _read(page, options._replace(strict=False))[2]
    except NewsdocError as error:
        return Facts(page.source, problem(error))
    sections = article.breadcrumb.segments[1:-1] if article.breadcrumb is not None else ()
    points = len(article.summary.points) if article.summary is not None else None
    shape = None if article.dateline is None else dateline_shape(article.dateline.text)
    resolved = False
    if article.dateline is not None:
        moment = reference if reference is not None else _captured(page, options)
        try:
            resolved = article.publication_date(moment) is not None
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
