"""Hostile input to every public function: a result or a NewsdocError, and never a hang.

The project's rule is that only newsdoc's errors escape, whatever a caller
passes.  :data:`TABLE` says how to call each public callable (and each public
method and property of the public types) with a hostile value in one
argument position and valid values in the others; one property test tries
every position with strings of every kind (lone surrogates, NUL, BOM, CR,
200,000 spaces), bytes, ints of every size, floats, None, nested and deeply
nested containers, objects of the wrong type, dates and datetimes at the
ends of the calendar, file objects and path-likes.  The other properties
pin down what the result is: lenient reading takes every str and writes it
back, files are written whole or not at all, and a FIFO is refused rather
than waited on.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import io
import itertools
import math
import os
import reprlib
import signal
import stat
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from types import FrameType
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import cattrs
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import newsdoc
from newsdoc import (
    Article,
    Breadcrumb,
    Dateline,
    DateParts,
    Defect,
    Dialect,
    ResolvedDate,
    StrayLine,
    Summary,
)
from newsdoc._cli import main

from support import registries_restored

# -- calls that must answer ---------------------------------------------------------

CALL_SECONDS = 10.0
"""CPU time longer than any call on any value here takes, by far: past it, the call loops."""
WAIT_SECONDS = 120.0
"""Time on the clock past which a call that spends no CPU waits on something that never comes.

Far above :data:`CALL_SECONDS`: a loaded machine stretches the clock, never a call's CPU time."""


class Hung(BaseException):
    """A call gave no answer in time: it loops, or waits on something that never comes.

    A BaseException, as KeyboardInterrupt is: no ``except Exception`` in the
    code under test turns it into an answer.
    """


@contextlib.contextmanager
def time_limit(seconds: float = CALL_SECONDS) -> Iterator[None]:
    """Raise :class:`Hung` in the block once it has spent ``seconds`` of CPU time, or
    :data:`WAIT_SECONDS` on the clock (where Python has interval timers).

    CPU time, not the clock, decides whether a call loops, so that the
    verdict does not depend on how busy the machine is.  Inside another
    limit, the outer one stands.
    """
    if not hasattr(signal, "setitimer") or signal.getitimer(signal.ITIMER_PROF)[0] > 0:
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        waited = "of CPU time" if signum == signal.SIGPROF else "on the clock"
        raise Hung(
            f"no answer within {seconds if signum == signal.SIGPROF else WAIT_SECONDS} s {waited}"
        )

    timers = (
        (signal.SIGPROF, signal.ITIMER_PROF, seconds),
        (signal.SIGALRM, signal.ITIMER_REAL, WAIT_SECONDS),
    )
    previous = [signal.signal(signum, expire) for signum, _, _ in timers]
    for _, timer, limit in timers:
        signal.setitimer(timer, limit)
    try:
        yield
    finally:
        for (signum, timer, _), handler in zip(timers, previous, strict=True):
            signal.setitimer(timer, 0)
            signal.signal(signum, handler)


def answer(call: Callable[[], object]) -> object:
    """What ``call`` returns, or the NewsdocError it raises; any other exception escapes."""
    with time_limit():
        try:
            return call()
        except newsdoc.NewsdocError as error:
            return error


def no_temporary_files(folder: Path) -> bool:
    return not any(name.startswith(".newsdoc-") for name in os.listdir(folder))


# -- valid values for the other arguments ---------------------------------------

PAGE = (
    "Home / Science / Comet seen from Lisbon\n"
    "Comet seen from Lisbon\n"
    "31 Jul\n"
    "Summary\n"
    "- Visible before dawn\n"
    "- Brighter each night\n"
    "\n"
    "On July 31, 2025 the comet rose at 4:05.\n"
    "Astronomers expect it to fade by September."
)
ARTICLE = newsdoc.loads(PAGE)
DOCUMENT = newsdoc.to_dict(ARTICLE)
REFERENCE = date(2025, 8, 2)
DIALECT = Dialect(
    breadcrumb_separator=" > ",
    summary_headings=("Key points",),
    bullet_symbols=("\u2022",),
    required_blocks=("summary", "body"),
)
BUILT_IN_EXPORTS = ("html", "jsonld", "markdown", "ninjs")
OLD = b"Old page\nkept whole\n"


def inside(folder: Path, value: object) -> object:
    """``value``, but a str made a name inside ``folder``: no test writes or reads elsewhere."""
    if isinstance(value, str):
        return f"{folder}{os.sep}{value.replace(os.sep, '_')}"
    return value


def hashable_or(value: object, default: object) -> object:
    try:
        hash(value)
    except Exception:  # unhashable, or a hash that fails deep inside
        return default
    return value


def holds_a_lone_surrogate(article: Article) -> bool:
    try:
        newsdoc.to_json(article).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def assert_json_round_trip(article: Article) -> None:
    """``article`` comes back equal from its JSON document, unless it holds a lone surrogate,
    which no UTF-8 document can: then the reader refuses the document."""
    document = newsdoc.to_json(article)
    if holds_a_lone_surrogate(article):
        with pytest.raises(newsdoc.DocumentError, match="lone surrogate"):
            newsdoc.from_json(document)
    else:
        assert newsdoc.from_json(document) == article


def embedded_in_a_document(value: object) -> object:
    """A JSON text with ``value`` written as the title, or ``value`` itself when not a str."""
    if isinstance(value, str):
        return f'{{"format_version": 1, "title": {value}, "body": []}}'
    return value


def each_export(**options: object) -> str:
    return "".join(newsdoc.export(ARTICLE, name, **options) for name in BUILT_IN_EXPORTS)


def pages_in_the_dialect(dialect: Dialect) -> Article:
    return newsdoc.loads(PAGE, strict=False, dialect=dialect)


# -- how to call each public callable with a hostile value in each position -------

Call = Callable[[Any, Path], object]
"""Calls the callable with the hostile value in one position; gets a scratch folder."""

BARE = "()"
"""The position of a callable that takes no arguments: it is called bare."""

TABLE: dict[str, dict[str, Call]] = {
    # -- the types ------------------------------------------------------------
    "Article": {
        "title": lambda v, _: Article(title=v),
        "breadcrumb": lambda v, _: Article(title="T", breadcrumb=v),
        "dateline": lambda v, _: Article(title="T", dateline=v),
        "summary": lambda v, _: Article(title="T", summary=v),
        "body": lambda v, _: Article(title="T", body=v),
        "body[1]": lambda v, _: Article(title="T", body=("First paragraph.", v)),
        "stray_lines": lambda v, _: Article(title="T", stray_lines=v),
        "stray_lines[0]": lambda v, _: Article(title="T", stray_lines=(v,)),
        "dialect": lambda v, _: Article(title="T", dialect=v),
        "format": lambda v, _: Article(title="T", format=v),
        "layout": lambda v, _: Article(title="T", layout=v),
        "layout (of another format)": lambda v, _: Article(title="T", format="excerpt", layout=v),
        "defects": lambda v, _: Article(title="T", defects=v),
        "defects[0]": lambda v, _: Article(title="T", defects=[v]),
    },
    "Breadcrumb": {
        "segments": lambda v, _: Breadcrumb(segments=v),
        "segments[1]": lambda v, _: Breadcrumb(segments=("Home", v, "Title")),
    },
    "Dateline": {"text": lambda v, _: Dateline(text=v)},
    "Summary": {
        "heading": lambda v, _: Summary(heading=v, points=("A point",)),
        "points": lambda v, _: Summary(points=v),
        "points[0]": lambda v, _: Summary(points=(v,)),
    },
    "StrayLine": {
        "line": lambda v, _: StrayLine(line=v, text="stray"),
        "text": lambda v, _: StrayLine(line=1, text=v),
    },
    "Dialect": {
        "breadcrumb_separator": lambda v, _: Dialect(breadcrumb_separator=v),
        "summary_headings": lambda v, _: Dialect(summary_headings=v),
        "summary_headings[0]": lambda v, _: Dialect(summary_headings=(v,)),
        "bullet_symbols": lambda v, _: Dialect(bullet_symbols=v),
        "bullet_symbols[1]": lambda v, _: Dialect(bullet_symbols=("-", v)),
        "required_blocks": lambda v, _: Dialect(required_blocks=v),
        "required_blocks[0]": lambda v, _: Dialect(required_blocks=[v]),
    },
    "DateParts": {
        "year": lambda v, _: DateParts(year=v),
        "month": lambda v, _: DateParts(month=v),
        "day": lambda v, _: DateParts(day=v),
        "time": lambda v, _: DateParts(time=v),
        "zone": lambda v, _: DateParts(zone=v),
        "ago": lambda v, _: DateParts(ago=v),
        "ago_precision": lambda v, _: DateParts(ago_precision=v),
    },
    "ResolvedDate": {
        "value": lambda v, _: ResolvedDate(value=v),
        "inferred": lambda v, _: ResolvedDate(value=REFERENCE, inferred=v),
        "reference": lambda v, _: ResolvedDate(value=REFERENCE, reference=v),
        "source": lambda v, _: ResolvedDate(value=REFERENCE, source=v),
        "notes": lambda v, _: ResolvedDate(value=REFERENCE, notes=v),
    },
    "Record": {
        "article": lambda v, _: newsdoc.Record(article=v),
        "source": lambda v, _: newsdoc.Record(article=ARTICLE, source=v),
        "captured": lambda v, _: newsdoc.Record(article=ARTICLE, captured=v),
    },
    "Failure": {
        "source": lambda v, _: newsdoc.Failure(source=v, error=newsdoc.NewsdocError("x")),
        "error": lambda v, _: newsdoc.Failure(source="page.txt", error=v),
    },
    "Defect": {
        "line": lambda v, _: Defect(line=v, column=1, code="c", message="m"),
        "column": lambda v, _: Defect(line=1, column=v, code="c", message="m"),
        "code": lambda v, _: Defect(line=1, column=1, code=v, message="m"),
        "message": lambda v, _: Defect(line=1, column=1, code="c", message=v),
    },
    # -- their public methods and properties ----------------------------------------
    "Article.publication_date": {
        "self": lambda v, _: newsdoc.loads(v, strict=False).publication_date(REFERENCE),
        "reference": lambda v, _: ARTICLE.publication_date(v),
        "tolerance": lambda v, _: ARTICLE.publication_date(REFERENCE, tolerance=v),
    },
    "Article.layout": {"self": lambda v, _: newsdoc.loads(v, strict=False).layout},
    "Record.publication_date": {
        "self.captured": lambda v, _: newsdoc.Record(
            article=ARTICLE, captured=v
        ).publication_date(),
        "tolerance": lambda v, _: newsdoc.Record(article=ARTICLE).publication_date(tolerance=v),
    },
    "Article.content_equals": {
        "self": lambda v, _: newsdoc.loads(v, strict=False).content_equals(ARTICLE),
        "other": lambda v, _: ARTICLE.content_equals(v),
    },
    "Breadcrumb.sections": {
        "self.segments": lambda v, _: Breadcrumb(segments=v).sections,
        "self.segments[1]": lambda v, _: Breadcrumb(segments=("Home", v, "Title")).sections,
    },
    "Dateline.parts": {"self.text": lambda v, _: Dateline(text=v).parts},
    "Dateline.resolve": {
        "self.text": lambda v, _: Dateline(text=v).resolve(REFERENCE),
        "reference": lambda v, _: Dateline(text="31 Jul").resolve(v),
        "reference (a relative dateline)": lambda v, _: Dateline(text="2 hours ago").resolve(v),
        "tolerance": lambda v, _: Dateline(text="31 Jul").resolve(REFERENCE, tolerance=v),
    },
    "Dialect.is_heading": {
        "self.summary_headings[0]": lambda v, _: Dialect(summary_headings=(v,)).is_heading("S"),
        "text": lambda v, _: DIALECT.is_heading(v),
    },
    "Dialect.bullet_mark_length": {
        "self.bullet_symbols[0]": (
            lambda v, _: Dialect(bullet_symbols=(v,)).bullet_mark_length("- A point")
        ),
        "text": lambda v, _: DIALECT.bullet_mark_length(v),
    },
    "Dialect.missing_blocks": {
        "self.required_blocks": (
            lambda v, _: Dialect(required_blocks=v).missing_blocks({"body": ("A",)})
        ),
        "present": lambda v, _: DIALECT.missing_blocks(v),
        "present[block]": lambda v, _: DIALECT.missing_blocks({"summary": v, "body": v}),
    },
    # -- reading and writing pages ---------------------------------------------------
    "loads": {
        "text": lambda v, _: newsdoc.loads(v),
        "text (lenient)": lambda v, _: newsdoc.loads(v, strict=False),
        "strict": lambda v, _: newsdoc.loads(PAGE, strict=v),
        "dialect": lambda v, _: newsdoc.loads(PAGE, dialect=v),
        "format": lambda v, _: newsdoc.loads(PAGE, format=v),
        "text (any format)": lambda v, _: newsdoc.loads(v, format="auto"),
        "text (json)": lambda v, _: newsdoc.loads(v, format="json"),
        "max_bytes": lambda v, _: newsdoc.loads(PAGE, max_bytes=v),
        "max_lines": lambda v, _: newsdoc.loads(PAGE, max_lines=v),
    },
    "dumps": {
        "article": lambda v, _: newsdoc.dumps(v),
        "dialect": lambda v, _: newsdoc.dumps(ARTICLE, dialect=v),
        "format": lambda v, _: newsdoc.dumps(ARTICLE, format=v),
    },
    "load": {
        "source": lambda v, folder: newsdoc.load(inside(folder, v)),
        "strict": lambda v, _: newsdoc.load(io.BytesIO(PAGE.encode()), strict=v),
        "dialect": lambda v, _: newsdoc.load(io.BytesIO(PAGE.encode()), dialect=v),
        "max_bytes": lambda v, _: newsdoc.load(io.BytesIO(PAGE.encode()), max_bytes=v),
        "max_lines": lambda v, _: newsdoc.load(io.BytesIO(PAGE.encode()), max_lines=v),
        "format": lambda v, _: newsdoc.load(io.BytesIO(PAGE.encode()), format=v),
    },
    "dump": {
        "article": lambda v, folder: newsdoc.dump(v, folder / "page.txt"),
        "target": lambda v, folder: newsdoc.dump(ARTICLE, inside(folder, v)),
        "dialect": lambda v, folder: newsdoc.dump(ARTICLE, folder / "page.txt", dialect=v),
        "format": lambda v, folder: newsdoc.dump(ARTICLE, folder / "page.txt", format=v),
    },
    "parse_dateline": {"text": lambda v, _: newsdoc.parse_dateline(v)},
    # -- JSON -------------------------------------------------------------------------
    "to_dict": {"article": lambda v, _: newsdoc.to_dict(v)},
    "to_json": {
        "article": lambda v, _: newsdoc.to_json(v),
        "indent": lambda v, _: newsdoc.to_json(ARTICLE, indent=v),
        "sort_keys": lambda v, _: newsdoc.to_json(ARTICLE, sort_keys=v),
        "ensure_ascii": lambda v, _: newsdoc.to_json(ARTICLE, ensure_ascii=v),
        "separators": lambda v, _: newsdoc.to_json(ARTICLE, separators=v),
    },
    "from_dict": {
        "data": lambda v, _: newsdoc.from_dict(v),
        "data.format_version": lambda v, _: newsdoc.from_dict({**DOCUMENT, "format_version": v}),
        "data.title": lambda v, _: newsdoc.from_dict({**DOCUMENT, "title": v}),
        "data.breadcrumb": lambda v, _: newsdoc.from_dict({**DOCUMENT, "breadcrumb": v}),
        "data.dateline": lambda v, _: newsdoc.from_dict({**DOCUMENT, "dateline": v}),
        "data.summary": lambda v, _: newsdoc.from_dict({**DOCUMENT, "summary": v}),
        "data.summary.points[0]": lambda v, _: newsdoc.from_dict(
            {**DOCUMENT, "summary": {"heading": "Summary", "points": [v]}}
        ),
        "data.body": lambda v, _: newsdoc.from_dict({**DOCUMENT, "body": v}),
        "data.body[0]": lambda v, _: newsdoc.from_dict({**DOCUMENT, "body": [v]}),
        "data.stray_lines": lambda v, _: newsdoc.from_dict({**DOCUMENT, "stray_lines": v}),
        "data.stray_lines[0].line": lambda v, _: newsdoc.from_dict(
            {**DOCUMENT, "stray_lines": [{"line": v, "text": "stray"}]}
        ),
        "data.dialect": lambda v, _: newsdoc.from_dict({**DOCUMENT, "dialect": v}),
        "data.dialect.bullet_symbols": lambda v, _: newsdoc.from_dict(
            {**DOCUMENT, "dialect": {"bullet_symbols": v}}
        ),
        "data.layout": lambda v, _: newsdoc.from_dict({**DOCUMENT, "layout": v}),
        "data.layout.lines[0].index": lambda v, _: newsdoc.from_dict(
            {**DOCUMENT, "layout": {"lines": [{"kind": "title", "index": v, "suffix": " "}]}}
        ),
        "data.<a key of its own>": lambda v, _: newsdoc.from_dict(
            {**DOCUMENT, hashable_or(v, "unknown"): 1}
        ),
    },
    "from_json": {
        "text": lambda v, _: newsdoc.from_json(v),
        "text (as the title of a document)": lambda v, _: newsdoc.from_json(
            embedded_in_a_document(v)
        ),
    },
    "load_jsonl": {"source": lambda v, folder: list(newsdoc.load_jsonl(inside(folder, v)))},
    "dump_jsonl": {
        "articles": lambda v, folder: newsdoc.dump_jsonl(v, folder / "articles.jsonl"),
        "articles[1]": lambda v, folder: newsdoc.dump_jsonl(
            [ARTICLE, v], folder / "articles.jsonl"
        ),
        "target": lambda v, folder: newsdoc.dump_jsonl([ARTICLE], inside(folder, v)),
    },
    "json_schema": {BARE: lambda v, _: newsdoc.json_schema()},
    "make_converter": {BARE: lambda v, _: newsdoc.make_converter()},
    "configure_converter": {"converter": lambda v, _: newsdoc.configure_converter(v)},
    # -- exports and registries ---------------------------------------------------------
    "export": {
        "article": lambda v, _: newsdoc.export(v, "html"),
        "name": lambda v, _: newsdoc.export(ARTICLE, v),
        "options.reference": lambda v, _: each_export(reference=v),
        "options.url": lambda v, _: newsdoc.export(ARTICLE, "jsonld", url=v),
        "options.base_uri": lambda v, _: newsdoc.export(ARTICLE, "ninjs", base_uri=v),
        "options.unknown": lambda v, _: newsdoc.export(ARTICLE, "html", colour=v),
    },
    "export_names": {BARE: lambda v, _: newsdoc.export_names()},
    "register_export": {
        "name": lambda v, _: newsdoc.register_export(v, each_export),
        "exporter": lambda v, _: newsdoc.register_export("newsdoc-test", v),
        "replace": lambda v, _: newsdoc.register_export("html", each_export, replace=v),
    },
    "dialect_names": {BARE: lambda v, _: newsdoc.dialect_names()},
    "format_names": {BARE: lambda v, _: newsdoc.format_names()},
    "load_many": {
        "sources": lambda v, folder: list(newsdoc.load_many(inside(folder, v))),
        "sources[0]": lambda v, folder: list(newsdoc.load_many([inside(folder, v)])),
        "strict": lambda v, folder: list(newsdoc.load_many(folder, strict=v)),
        "dialect": lambda v, folder: list(newsdoc.load_many(folder, dialect=v)),
        "format": lambda v, folder: list(newsdoc.load_many(folder, format=v)),
        "pattern": lambda v, folder: list(newsdoc.load_many(folder, pattern=v)),
        "jobs": lambda v, folder: list(newsdoc.load_many([], jobs=v)),
        "max_bytes": lambda v, folder: list(newsdoc.load_many(folder, max_bytes=v)),
        "max_lines": lambda v, folder: list(newsdoc.load_many(folder, max_lines=v)),
    },
    "get_format": {"name": lambda v, _: newsdoc.get_format(v)},
    "register_format": {
        "fmt": lambda v, _: newsdoc.register_format(v),
        "replace": lambda v, _: newsdoc.register_format(newsdoc.get_format("json"), replace=v),
    },
    "register_dialect": {
        "name": lambda v, _: newsdoc.register_dialect(v, DIALECT),
        "dialect": lambda v, _: newsdoc.register_dialect("newsdoc-test", v),
        "replace": lambda v, _: newsdoc.register_dialect("default", DIALECT, replace=v),
    },
}

NONE = type(None)
RETURNS: dict[str, type | tuple[type, ...]] = {
    "Article": Article,
    "Breadcrumb": Breadcrumb,
    "Dateline": Dateline,
    "Summary": Summary,
    "StrayLine": StrayLine,
    "Dialect": Dialect,
    "DateParts": DateParts,
    "ResolvedDate": ResolvedDate,
    "Record": newsdoc.Record,
    "Failure": newsdoc.Failure,
    "Defect": Defect,
    "Article.publication_date": (ResolvedDate, NONE),
    "Article.layout": object,
    "Record.publication_date": (ResolvedDate, NONE),
    "Article.content_equals": bool,
    "Breadcrumb.sections": tuple,
    "Dateline.parts": (DateParts, NONE),
    "Dateline.resolve": ResolvedDate,
    "Dialect.is_heading": bool,
    "Dialect.bullet_mark_length": int,
    "Dialect.missing_blocks": list,
    "loads": Article,
    "dumps": str,
    "load": Article,
    "dump": NONE,
    "parse_dateline": Dateline,
    "to_dict": dict,
    "to_json": str,
    "from_dict": Article,
    "from_json": Article,
    "load_jsonl": list,
    "dump_jsonl": NONE,
    "json_schema": dict,
    "make_converter": cattrs.Converter,
    "configure_converter": NONE,
    "export": str,
    "export_names": list,
    "register_export": NONE,
    "dialect_names": list,
    "register_dialect": NONE,
    "format_names": list,
    "load_many": list,
    "get_format": newsdoc.Format,
    "register_format": NONE,
}


def public_callables() -> set[str]:
    """The callables of ``newsdoc.__all__``, but the exception classes."""
    return {
        name
        for name in newsdoc.__all__
        if callable(value := getattr(newsdoc, name))
        and not (isinstance(value, type) and issubclass(value, BaseException))
        and value is not newsdoc.Format  # a protocol: a description, not made or called
    }


def public_members() -> set[str]:
    """``Type.member`` for each public method and property of the public types."""
    members = set()
    for name in public_callables():
        value = getattr(newsdoc, name)
        if not isinstance(value, type):
            continue
        fields = {field.name for field in attrs.fields(value)} if attrs.has(value) else set()
        members |= {
            f"{name}.{member}"
            for member in dir(value)
            if not member.startswith("_") and member not in fields
        }
    return members


def test_the_table_calls_every_public_callable_and_no_other() -> None:
    assert TABLE.keys() - public_members() == public_callables()


def test_the_table_calls_every_public_method_and_property_of_the_public_types() -> None:
    assert {name for name in TABLE if "." in name} == public_members()


def test_the_table_says_what_each_callable_returns() -> None:
    assert RETURNS.keys() == TABLE.keys()
    assert all(TABLE.values()), "each callable has a position, or is called bare"


# -- hostile values ---------------------------------------------------------------


@dataclass(frozen=True)
class Hostile:
    """A value for an argument, made fresh for each call and shown by ``label``.

    Some values cannot be shown by ``repr`` (it raises for a deeply nested
    list), others are used up by a call (an iterator, a file's position).
    """

    label: str
    make: Callable[[], object]

    def __repr__(self) -> str:
        return self.label


_SHOW = reprlib.Repr()
_SHOW.maxstring = 1_000
_SHOW.maxother = 200
_SHOW.maxlevel = 4


def shown(value: object) -> Hostile:
    try:
        label = _SHOW.repr(value)
    except Exception:  # an int too long for str()
        label = f"<{type(value).__name__}>"
    return Hostile(label, lambda: value)


DEPTH = 100_000
"""Far deeper than Python's recursion limit."""


@functools.cache
def deeply_nested(kind: str) -> object:
    value: object = "x"
    for _ in range(DEPTH):
        value = [value] if kind == "list" else (value,) if kind == "tuple" else {"a": value}
    return value


def self_containing_list() -> list[object]:
    value: list[object] = []
    value.append(value)
    return value


def closed_file() -> io.BytesIO:
    file = io.BytesIO(b"Storm closes ports")
    file.close()
    return file


class Text(str):
    """A str subclass: a str to isinstance, not to ``type() is str``."""


class Number(int):
    """An int subclass."""


class FsPath:
    """An os.PathLike whose ``__fspath__`` gives whatever it was made with."""

    def __init__(self, result: object) -> None:
        self.result = result

    def __fspath__(self) -> object:
        return self.result

    def __repr__(self) -> str:
        return f"FsPath({self.result!r})"


class FailingFile(io.RawIOBase):
    """A binary file whose every read and write fails, as on a disk that went away."""

    def readable(self) -> bool:
        return True

    def writable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        raise OSError(errno.EIO, "Input/output error")

    def write(self, data: Any) -> int:
        raise OSError(errno.EIO, "Input/output error")


class WrongType:
    """An object of no type newsdoc knows."""


ODD_STRINGS: dict[str, str] = {
    "''": "",
    "'\\x00'": "\x00",
    "'\\ufeff'": "\ufeff",
    "'\\r'": "\r",
    "'\\n'": "\n",
    "'\\r\\n'": "\r\n",
    "'\\t'": "\t",
    "' ' * 200_000": " " * 200_000,
    "'x' * 300_000": "x" * 300_000,
    "'\\ud800'": "\ud800",
    "'Storm \\udcff closes ports'": "Storm \udcff closes ports",
    "'[' * 100_000": "[" * 100_000,
    "'{\"a\": ' * 100_000": '{"a": ' * 100_000,
    "'\\u2028'": "\u2028",
    "'\\x85'": "\x85",
    "'Summary'": "Summary",
    "'default'": "default",
    "'html'": "html",
    "' / '": " / ",
    "'- '": "- ",
    "'31 Jul'": "31 Jul",
    "'2 hours ago'": "2 hours ago",
    "'4:05999999999999999999999999999999'": "4:05999999999999999999999999999999",
    "PAGE": PAGE,
    "Text('Summary')": Text("Summary"),
}

SPECIALS: dict[str, Callable[[], object]] = {
    **{label: (lambda text=text: text) for label, text in ODD_STRINGS.items()},
    # bytes
    "b''": lambda: b"",
    "b'\\xff\\xfe'": lambda: b"\xff\xfe",
    "PAGE.encode()": lambda: PAGE.encode(),
    "bytearray(b'page')": lambda: bytearray(b"page"),
    "memoryview(b'page')": lambda: memoryview(b"page"),
    # numbers
    "0": lambda: 0,
    "-1": lambda: -1,
    "True": lambda: True,
    "False": lambda: False,
    "2**63": lambda: 2**63,
    "-(2**63) - 1": lambda: -(2**63) - 1,
    "10**5000": lambda: 10**5000,
    "-(10**5000)": lambda: -(10**5000),
    "Number(3)": lambda: Number(3),
    "math.nan": lambda: math.nan,
    "math.inf": lambda: math.inf,
    "-math.inf": lambda: -math.inf,
    "-0.0": lambda: -0.0,
    "1e308": lambda: 1e308,
    "Decimal('NaN')": lambda: Decimal("NaN"),
    "Fraction(1, 3)": lambda: Fraction(1, 3),
    "1j": lambda: 1j,
    # nothing, and singletons
    "None": lambda: None,
    "...": lambda: ...,
    "NotImplemented": lambda: NotImplemented,
    # containers
    "[]": list,
    "{}": dict,
    "()": tuple,
    "set()": set,
    "frozenset()": frozenset,
    "[[]]": lambda: [[]],
    "[None]": lambda: [None],
    "['Home', 1]": lambda: ["Home", 1],
    "('Home', 'Title')": lambda: ("Home", "Title"),
    "{'title': 'T'}": lambda: {"title": "T"},
    "{1: 2}": lambda: {1: 2},
    "{'summary': ()}": lambda: {"summary": ()},
    "a list nested 100,000 deep": lambda: deeply_nested("list"),
    "a tuple nested 100,000 deep": lambda: deeply_nested("tuple"),
    "a dict nested 100,000 deep": lambda: deeply_nested("dict"),
    "{'a': a list nested 100,000 deep}": lambda: {"a": deeply_nested("list")},
    "a list that contains itself": self_containing_list,
    "list(range(20_000))": lambda: list(range(20_000)),
    "range(10**20)": lambda: range(10**20),
    "itertools.count()": itertools.count,
    "iter(['Summary'])": lambda: iter(["Summary"]),
    "(s for s in ['Home', 'Title'])": lambda: (s for s in ["Home", "Title"]),
    "{'a': 1}.keys()": lambda: {"a": 1}.keys(),
    # objects of newsdoc's types where others belong, and of others
    "ARTICLE": lambda: ARTICLE,
    "Article(title='T')": lambda: Article(title="T"),
    "[ARTICLE]": lambda: [ARTICLE],
    "Breadcrumb(...)": lambda: ARTICLE.breadcrumb,
    "Dateline('31 Jul')": lambda: ARTICLE.dateline,
    "Summary(...)": lambda: ARTICLE.summary,
    "StrayLine(line=1, text='x')": lambda: StrayLine(line=1, text="x"),
    "StrayLine(line=10**5000, text='x')": lambda: StrayLine(line=10**5000, text="x"),
    "DIALECT": lambda: DIALECT,
    "DEFAULT_DIALECT": lambda: newsdoc.DEFAULT_DIALECT,
    "Defect(...)": lambda: Defect(line=1, column=1, code="c", message="m"),
    "DateParts()": DateParts,
    "ResolvedDate(value=REFERENCE)": lambda: ResolvedDate(value=REFERENCE),
    "DOCUMENT": lambda: dict(DOCUMENT),
    "NewsdocError('x')": lambda: newsdoc.NewsdocError("x"),
    "WrongType()": WrongType,
    "object()": object,
    "str": lambda: str,
    "Article": lambda: Article,
    "print": lambda: print,
    "lambda: None": lambda: lambda: None,
    "cattrs.Converter()": cattrs.Converter,
    # dates and times
    "date.min": lambda: date.min,
    "date.max": lambda: date.max,
    "REFERENCE": lambda: REFERENCE,
    "datetime(2025, 8, 2, 9)": lambda: datetime(2025, 8, 2, 9),
    "datetime.min (UTC)": lambda: datetime.min.replace(tzinfo=timezone.utc),
    "datetime.max (UTC)": lambda: datetime.max.replace(tzinfo=timezone.utc),
    "datetime.min (+23:59)": lambda: datetime.min.replace(
        tzinfo=timezone(timedelta(hours=23, minutes=59))
    ),
    "datetime.max (-23:59)": lambda: datetime.max.replace(
        tzinfo=timezone(-timedelta(hours=23, minutes=59))
    ),
    "datetime(2025, 8, 2, 9, Asia/Kolkata)": lambda: datetime(
        2025, 8, 2, 9, tzinfo=ZoneInfo("Asia/Kolkata")
    ),
    "time(12)": lambda: time(12),
    "timedelta.max": lambda: timedelta.max,
    "timedelta.min": lambda: timedelta.min,
    "timedelta(0)": timedelta,
    "timedelta(days=-1)": lambda: timedelta(days=-1),
    # files and paths
    "io.BytesIO(PAGE)": lambda: io.BytesIO(PAGE.encode()),
    "io.BytesIO(b'\\xff')": lambda: io.BytesIO(b"\xff"),
    "a closed io.BytesIO": closed_file,
    "io.StringIO(PAGE)": lambda: io.StringIO(PAGE),
    "FailingFile()": FailingFile,
    "Path('/nonexistent/newsdoc/page.txt')": lambda: Path("/nonexistent/newsdoc/page.txt"),
    "FsPath(5)": lambda: FsPath(5),
    "FsPath(None)": lambda: FsPath(None),
    "FsPath(b'/nonexistent/newsdoc/page.txt')": lambda: FsPath(b"/nonexistent/newsdoc/page.txt"),
    "FsPath('/nonexistent/newsdoc/page.txt')": lambda: FsPath("/nonexistent/newsdoc/page.txt"),
    "b'/nonexistent/newsdoc/page.txt'": lambda: b"/nonexistent/newsdoc/page.txt",
}

# Lines and pieces of lines that each decide something in the grammar.
PAGE_PIECES = [
    "Home / Science / Title",
    "Title",
    "31 Jul",
    "Summary",
    "Key points",
    "- A point",
    "\u2022 A point",
    "  * indented",
    "\u2013 dash",
    "-",
    " / ",
    " ",
    "\t",
    "\n",
    "\r",
    "\r\n",
    "\ufeff",
    "\ud800",
    "\x00",
    "\u00a0",
    "\u2028",
    "Jul 31, 2025, 4:05 PM (IST)",
    "On July 31, 2025",
]
any_text = st.text(st.characters(codec=None))
page_text = st.one_of(
    any_text,
    st.lists(st.sampled_from(PAGE_PIECES), max_size=24).map("".join),
    st.lists(st.sampled_from(PAGE_PIECES) | any_text, max_size=12).map("\n".join),
)
json_like = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | any_text,
    lambda children: (
        st.lists(children, max_size=4)
        | st.lists(children, max_size=4).map(tuple)
        | st.dictionaries(any_text, children, max_size=4)
    ),
    max_leaves=12,
)


def generated() -> st.SearchStrategy[Hostile]:
    """Values Hypothesis makes up: text of every kind, bytes, numbers, nested data, dates."""
    return st.one_of(
        page_text,
        st.binary(),
        st.integers(),
        st.floats(),
        json_like,
        st.dates(),
        st.datetimes(),
        st.datetimes(timezones=st.timezones()),
        st.timedeltas(),
    ).map(shown)


def hostile() -> st.SearchStrategy[Hostile]:
    """The odd values of :data:`SPECIALS`, and generated ones."""
    special = st.sampled_from(list(SPECIALS)).map(lambda label: Hostile(label, SPECIALS[label]))
    return special | generated()


# -- every argument of every public callable --------------------------------------


def check_result(name: str, result: object) -> None:
    """``result`` is of the type ``name`` returns, and what it promises holds."""
    if isinstance(result, newsdoc.NewsdocError):
        assert isinstance(str(result), str)
        return
    assert isinstance(result, RETURNS[name]), f"{name} returned {type(result).__name__}"
    for article in result if isinstance(result, list) else [result]:
        if isinstance(article, Article) and article.format != "page":
            # No such format is installed; its articles still travel in JSON.
            assert_json_round_trip(article)
        elif isinstance(article, Article):
            # Every article that can be made writes, and reads back as itself.
            text = newsdoc.dumps(article)
            assert newsdoc.loads(text, strict=False, dialect=article.dialect) == article
    if isinstance(result, Dialect):
        assert newsdoc.dumps(pages_in_the_dialect(result)) == PAGE


POSITIONS = [
    pytest.param(name, position, id=f"{name}:{position}")
    for name, positions in TABLE.items()
    for position in positions
    if position != BARE
]


def escape(name: str, position: str, value: object, folder: Path) -> None:
    """Call ``name`` with ``value`` in ``position``; fail unless it answers as it should."""
    call = TABLE[name][position]
    with registries_restored():
        check_result(name, answer(lambda: call(value, folder)))
    assert no_temporary_files(folder)


@pytest.mark.parametrize(("name", "position"), POSITIONS)
def test_every_odd_value_in_any_argument_gives_a_result_or_a_newsdoc_error(
    name: str, position: str, tmp_path: Path
) -> None:
    # Gathered, so that one run names every value that escapes, by the error's type.
    escaped: dict[str, list[str]] = {}
    example: dict[str, str] = {}
    for label, make in SPECIALS.items():
        try:
            escape(name, position, make(), tmp_path)
        except (Exception, Hung) as error:
            kind = type(error).__name__
            escaped.setdefault(kind, []).append(label)
            example.setdefault(kind, f"{label}: {_SHOW.repr(str(error))[:120]}")
    report = [f"{name}({position}=...) lets errors escape or answers wrongly:"]
    for kind, labels in escaped.items():
        report.append(f"  {kind} for {len(labels)}: {', '.join(labels[:8])}")
        report.append(f"    e.g. {example[kind]}")
    assert not escaped, "\n".join(report)


@pytest.mark.parametrize(("name", "position"), POSITIONS)
# The examples share tmp_path, and may read what others left there: all the same to
# a test that asks only for a result or a newsdoc error.
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=generated())
def test_any_generated_value_in_any_argument_gives_a_result_or_a_newsdoc_error(
    name: str, position: str, value: Hostile, tmp_path: Path
) -> None:
    escape(name, position, value.make(), tmp_path)


@pytest.mark.parametrize("name", [name for name, positions in TABLE.items() if BARE in positions])
def test_a_callable_without_arguments_returns_its_type(name: str, tmp_path: Path) -> None:
    result = TABLE[name][BARE](None, tmp_path)
    assert isinstance(result, RETURNS[name])


# -- pages --------------------------------------------------------------------------

DIALECTS = st.sampled_from(
    [newsdoc.DEFAULT_DIALECT, DIALECT, Dialect(bullet_symbols=("-", "- -"))]
)


@given(text=page_text | st.sampled_from(list(ODD_STRINGS.values())))
def test_lenient_loads_reads_every_str_and_writes_it_back(text: str) -> None:
    with time_limit():
        article = newsdoc.loads(text, strict=False)
        assert newsdoc.dumps(article) == text
        assert newsdoc.loads(newsdoc.dumps(article), strict=False) == article


@given(text=page_text, dialect=DIALECTS)
def test_lenient_loads_reads_every_str_in_every_dialect_and_writes_it_back(
    text: str, dialect: Dialect
) -> None:
    article = newsdoc.loads(text, strict=False, dialect=dialect)
    assert article.dialect == dialect
    assert newsdoc.dumps(article) == text


@given(text=page_text, dialect=DIALECTS)
def test_strict_loads_reads_a_str_that_writes_back_or_gives_a_parse_error(
    text: str, dialect: Dialect
) -> None:
    try:
        article = newsdoc.loads(text, dialect=dialect)
    except newsdoc.ParseError as error:
        assert error.line >= 1
        assert error.column >= 1
        assert "^" in error.snippet
        assert newsdoc.loads(text, strict=False, dialect=dialect).defects
    else:
        assert newsdoc.dumps(article) == text
        assert not article.defects


REFERENCES = st.one_of(
    st.none(),
    st.dates(),
    st.datetimes(timezones=st.timezones()),
    st.sampled_from(
        [
            date.min,
            date.max,
            datetime.min.replace(tzinfo=timezone.utc),
            datetime.max.replace(tzinfo=timezone.utc),
            datetime.max.replace(tzinfo=timezone(timedelta(hours=-23))),
            datetime(2025, 8, 2, 9, 0, tzinfo=timezone.utc),
        ]
    ),
)


def lenient_articles(text: st.SearchStrategy[str] = page_text) -> st.SearchStrategy[Article]:
    return text.map(lambda text: newsdoc.loads(text, strict=False))


@given(article=lenient_articles(), other=lenient_articles(), reference=REFERENCES)
def test_every_article_read_leniently_answers_every_public_method(
    article: Article, other: Article, reference: date | None
) -> None:
    with time_limit():
        published = article.publication_date(reference)
        assert published is None or isinstance(published, ResolvedDate)
        assert article.content_equals(article)
        assert article.content_equals(other) == other.content_equals(article)
        for name in newsdoc.export_names():
            export = functools.partial(newsdoc.export, article, name, reference=reference)
            exported = answer(export)
            # Markdown cannot carry every text: it refuses what it cannot.
            assert isinstance(exported, str) or (
                name == "markdown" and isinstance(exported, newsdoc.SerializeError)
            )
        assert_json_round_trip(article)
        if not holds_a_lone_surrogate(article):
            assert newsdoc.from_dict(newsdoc.to_dict(article)) == article
        if article.breadcrumb is not None:
            assert article.breadcrumb.sections == article.breadcrumb.segments[1:-1]
        converted = answer(lambda: newsdoc.dumps(article, dialect=DIALECT))
        assert isinstance(converted, (str, newsdoc.SerializeError))


# -- dates ---------------------------------------------------------------------------

DATE_WORDS = [
    "31",
    "29",
    "Feb",
    "Jul",
    "July",
    "2025",
    "0000",
    "9999",
    "at",
    "4:05",
    "PM",
    "(IST)",
    "EST",
    "ET",
    "Z",
    "+05:30",
    "+99:99",
    "T",
    "-",
    ":",
    ",",
    ".",
    "/",
    "2",
    "hours",
    "days",
    "ago",
    "Yesterday",
    "just now",
    "Updated",
    "9999999999",
    "\u0663\u0661",
    "2025-07-31T10:00:00.123456789+05:30",
    "31.07.2025",
    "059999999999999999999999",
]
DATELINE_TEXT = st.one_of(
    any_text,
    st.lists(st.sampled_from(DATE_WORDS), min_size=1, max_size=8).map(" ".join),
    st.lists(st.sampled_from(DATE_WORDS), min_size=1, max_size=6).map("".join),
)


@given(text=DATELINE_TEXT, reference=REFERENCES | st.datetimes(), tolerance=st.timedeltas())
def test_a_dateline_resolves_or_says_why_not(
    text: str, reference: date | None, tolerance: timedelta
) -> None:
    try:
        dateline = newsdoc.parse_dateline(text)
    except newsdoc.ValidationError:
        assume(False)  # not one line of text: no dateline to resolve
    naive = isinstance(reference, datetime) and reference.utcoffset() is None
    with time_limit():
        parts = dateline.parts
        try:
            resolved = dateline.resolve(reference, tolerance=tolerance)
        except newsdoc.ValidationError:
            assert naive
        except newsdoc.DateError as error:
            assert str(error)
        else:
            assert parts is not None, "a dateline whose parts are None never resolves"
            if isinstance(resolved.value, datetime):
                assert resolved.value.utcoffset() is not None
        article = Article(title="T", dateline=dateline, body=("On July 31, 2025 it began.",))
        if naive:
            with pytest.raises(newsdoc.ValidationError):
                article.publication_date(reference, tolerance=tolerance)
        else:
            published = article.publication_date(reference, tolerance=tolerance)
            assert published is None or parts is not None
            for name in BUILT_IN_EXPORTS:
                assert isinstance(newsdoc.export(article, name, reference=reference), str)


# -- JSON ----------------------------------------------------------------------------


@given(
    text=any_text
    | st.binary()
    | st.sampled_from(
        [
            "[" * DEPTH,
            '{"a": ' * DEPTH,
            '{"format_version": 1, "title": "T", "body": ' + "[" * DEPTH,
            '{"format_version": 1, "title": "T", "body": [' + "[" * 900 + "]" * 901 + "}",
            '{"format_version": 1' + "0" * 5000 + "}",
            "NaN",
            '"\\ud800"',
        ]
    )
)
def test_from_json_of_any_text_is_an_article_or_a_document_error(text: str | bytes) -> None:
    with time_limit():
        try:
            article = newsdoc.from_json(text)
        except newsdoc.DocumentError as error:
            assert error.problems
        else:
            assert newsdoc.from_json(newsdoc.to_json(article)) == article


def json_lines() -> st.SearchStrategy[bytes]:
    line = st.one_of(
        lenient_articles().map(lambda article: newsdoc.to_json(article, ensure_ascii=True)),
        any_text,
        st.sampled_from(["", " ", "[]", "{}", "null", "[" * DEPTH]),
    )
    return (
        st.lists(line, max_size=4).map(
            lambda lines: "\n".join(lines).encode("utf-8", "surrogatepass")
        )
        | st.binary()
    )


@given(data=json_lines())
def test_load_jsonl_reads_any_bytes_as_records_or_a_document_error(data: bytes) -> None:
    with time_limit():
        try:
            records = list(newsdoc.load_jsonl(io.BytesIO(data)))
        except newsdoc.DocumentError as error:
            assert error.problems[0].startswith("line ")
        else:
            assert all(isinstance(record, newsdoc.Record) for record in records)


# -- files --------------------------------------------------------------------------


# The examples share tmp_path: each writes its page afresh.
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary() | page_text.map(lambda text: text.encode("utf-8", "surrogatepass")))
def test_load_reads_any_bytes_as_an_article_that_writes_them_back_or_a_parse_error(
    data: bytes, tmp_path: Path
) -> None:
    path = tmp_path / "page.txt"
    path.write_bytes(data)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        with pytest.raises(newsdoc.ParseError, match=r"\[invalid-utf8\]"):
            newsdoc.load(path, strict=False)
    else:
        for source in (path, io.BytesIO(data)):
            article = newsdoc.load(source, strict=False)
            assert newsdoc.dumps(article).encode("utf-8") == data


def fifo(folder: Path) -> Path:
    path = folder / "fifo"
    os.mkfifo(path)
    return path


def symbolic_link(folder: Path, to: Path | str, name: str = "link") -> Path:
    path = folder / name
    path.symlink_to(to)
    return path


def regular_file(folder: Path) -> Path:
    path = folder / "file"
    path.write_bytes(OLD)
    return path


# Paths that name no regular file that can be read or written, each made in a folder.
UNUSABLE_PATHS: dict[str, Callable[[Path], str | Path]] = {
    "missing": lambda folder: folder / "missing.txt",
    "directory": lambda folder: folder,
    "fifo": fifo,
    "symbolic link to a fifo": lambda folder: symbolic_link(folder, fifo(folder)),
    "symbolic link loop": lambda folder: symbolic_link(folder, folder / "link"),
    "inside a regular file": lambda folder: regular_file(folder) / "page.txt",
    "in a missing folder": lambda folder: folder / "missing" / "page.txt",
    "with a NUL": lambda folder: f"{folder}/page\x00.txt",
    "with a lone surrogate": lambda folder: f"{folder}/page\ud800.txt",
    "empty": lambda folder: "",
}
DEVICES = ["/dev/null", "/dev/zero"]

READERS: dict[str, Callable[[object], object]] = {
    "load": newsdoc.load,
    "load_jsonl": lambda source: list(newsdoc.load_jsonl(source)),
}
WRITERS: dict[str, Callable[[object], object]] = {
    "dump": lambda target: newsdoc.dump(ARTICLE, target),
    "dump_jsonl": lambda target: newsdoc.dump_jsonl([ARTICLE], target),
}

needs_fifos = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")


def snapshot(folder: Path) -> dict[str, tuple[int, bytes | None]]:
    """Each entry of ``folder``: its file type, and its bytes if it is a regular file."""
    entries = {}
    for entry in os.scandir(folder):
        mode = entry.stat(follow_symlinks=False).st_mode
        data = Path(entry.path).read_bytes() if stat.S_ISREG(mode) else None
        entries[entry.name] = (stat.S_IFMT(mode), data)
    return entries


@needs_fifos
@pytest.mark.parametrize("kind", sorted(UNUSABLE_PATHS))
@pytest.mark.parametrize("reader", ["load", "load_jsonl"])
def test_reading_what_is_no_regular_file_is_a_read_error_at_once(
    reader: str, kind: str, tmp_path: Path
) -> None:
    path = UNUSABLE_PATHS[kind](tmp_path)
    before = snapshot(tmp_path)
    with time_limit(5), pytest.raises(newsdoc.ReadError) as caught:
        READERS[reader](path)
    assert isinstance(caught.value, OSError)
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("reader", ["load", "load_jsonl"])
def test_reading_a_device_is_a_read_error_at_once(reader: str, device: str) -> None:
    with time_limit(5), pytest.raises(newsdoc.ReadError, match="not a regular file"):
        READERS[reader](device)


@needs_fifos
@pytest.mark.parametrize("kind", sorted(set(UNUSABLE_PATHS) - {"missing"}))
@pytest.mark.parametrize("writer", ["dump", "dump_jsonl"])
def test_writing_where_no_regular_file_can_be_is_a_write_error_that_changes_nothing(
    writer: str, kind: str, tmp_path: Path
) -> None:
    path = UNUSABLE_PATHS[kind](tmp_path)
    before = snapshot(tmp_path)
    with time_limit(5), pytest.raises(newsdoc.WriteError) as caught:
        WRITERS[writer](path)
    assert isinstance(caught.value, OSError)
    assert snapshot(tmp_path) == before  # a FIFO stays a FIFO; no temporary file is left


@pytest.mark.parametrize("writer", ["dump", "dump_jsonl"])
def test_a_file_object_whose_writes_fail_is_a_write_error(writer: str) -> None:
    with pytest.raises(newsdoc.WriteError):
        WRITERS[writer](FailingFile())


@pytest.mark.parametrize("reader", ["load", "load_jsonl"])
def test_a_file_object_whose_reads_fail_is_a_read_error(reader: str) -> None:
    with pytest.raises(newsdoc.ReadError):
        READERS[reader](FailingFile())


def made(value: object) -> object:
    return value.make() if isinstance(value, Hostile) else value


# Articles that cannot be written as UTF-8, and values that are no articles.
UNWRITABLE = st.one_of(
    lenient_articles(st.just("Storm \udcff closes ports") | page_text).filter(
        lambda article: "\ud800" in newsdoc.dumps(article) or "\udcff" in newsdoc.dumps(article)
    ),
    hostile(),
)
ITEMS = st.lists(lenient_articles() | UNWRITABLE, max_size=4)


# The examples share tmp_path: each makes its own folder in it.
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(article=lenient_articles() | UNWRITABLE, dialect=st.none() | DIALECTS)
def test_dump_writes_the_whole_page_or_leaves_the_file_as_it_was(
    article: Article | Hostile, dialect: Dialect | None, tmp_path: Path
) -> None:
    article = made(article)
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    path = folder / "page.txt"
    path.write_bytes(OLD)
    out = io.BytesIO()
    try:
        with time_limit():
            newsdoc.dump(article, path, dialect=dialect)
    except newsdoc.NewsdocError:
        assert path.read_bytes() == OLD
        with pytest.raises(newsdoc.NewsdocError):
            newsdoc.dump(article, out, dialect=dialect)
        assert out.getvalue() == b"", "what cannot be written is not written in part"
    else:
        assert isinstance(article, Article)
        assert path.read_bytes() == newsdoc.dumps(article, dialect=dialect).encode("utf-8")
    assert os.listdir(folder) == ["page.txt"]


# The examples share tmp_path: each makes its own folder in it.
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(items=ITEMS)
def test_dump_jsonl_writes_every_article_or_leaves_the_file_as_it_was(
    items: list[Article | Hostile], tmp_path: Path
) -> None:
    items = [made(item) for item in items]
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    path = folder / "articles.jsonl"
    path.write_bytes(OLD)
    out = io.BytesIO()
    try:
        with time_limit():
            newsdoc.dump_jsonl(items, path)
    except newsdoc.NewsdocError:
        assert path.read_bytes() == OLD
        with pytest.raises(newsdoc.NewsdocError):
            newsdoc.dump_jsonl(items, out)
        assert out.getvalue() == b"", "what cannot be written is not written in part"
    else:
        assert [record.article for record in newsdoc.load_jsonl(path)] == items
    assert os.listdir(folder) == ["articles.jsonl"]


# -- the command line --------------------------------------------------------------


@needs_fifos
@pytest.mark.parametrize("kind", sorted(UNUSABLE_PATHS))
def test_show_reports_what_it_cannot_read_and_fails_at_once(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = UNUSABLE_PATHS[kind](tmp_path)
    with time_limit(5):
        assert main(["show", str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("newsdoc: ")
    assert "cannot read" in captured.err
    # One line, with nothing a terminal would act on: a NUL, a lone surrogate.
    assert captured.err.endswith("\n")
    assert captured.err[:-1].isprintable()
