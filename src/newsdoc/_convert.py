"""Articles and records as JSON-ready data, and back, losing nothing.

The document shape (``format_version`` 5; versions 1 to 4 are read as
they were written, see :data:`FORMAT_VERSION`)::

    {
      "format_version": 5,
      "breadcrumb": ["Home", "Science", "..."] | null,
      "title": "...",
      "dateline": "31 Jul" | null,
      "summary": {"heading": "Summary", "points": ["..."]} | null,
      "body": ["...", "..."],
      "byline": "...",                                  (only when there is one)
      "meta": {"source": "...", ...},                   (only when there is some)
      "stray_lines": [{"line": 3, "text": "..."}],      (only when there are some)
      "dialect": {"name": "...", ...},                  (only when not the default)
      "layout": [bom, newline, endings, lines, trailing] (only when not canonical)
    }

A line of JSON Lines holds a record: the article's document, and where
and when its page was found (``captured``: ``YYYY-MM-DD``, or an ISO 8601
moment with its offset)::

    {"format_version": 5, "source": "pages/a.txt" | null, "captured": "..." | null,
     "article": {...}}

A line that holds an article document is read as a record with neither.

An article in a format other than ``page`` has no ``layout``; it has
``"format": "<name>"`` and ``"format_layout"``, that format's layout with
its tuples as arrays, and a ``dialect`` as a page has, for a format
declared as its lines.

``layout`` carries the formatting that lets :func:`newsdoc.dumps` write the
page back byte for byte: the engine's layout of the page's declaration,
with its tuples as arrays (in versions 1 to 3, an object of the keys of the
record of the reader that came before, upgraded when read).  The shape is
described by the JSON Schema :func:`json_schema` returns.

``dialect`` is the dialect written out in full, and its registered name,
if any, as ``name``: a label, which the reader does not look up.  (In
versions 1 and 2 it may be only the name of a built-in or registered
dialect, which the reader looks up in the registry.)

The shape is stated once, as the attrs classes of the document below
(``_ArticleDoc`` and the classes it holds, ``_RecordDoc``), which one
cattrs configuration reads (``_document_converter``): its hooks refuse a
value of the wrong JSON type, an unknown key, and a string holding a lone
surrogate.  A document is read by that converter's quick structure
functions, then the article is checked as every article is (it must read
back as itself); a document the converter refuses is read again by the
same configuration with cattrs' detailed validation, only to name every
problem with its JSON path.  The shipped JSON Schema names the same keys
and requires the same ones (tests hold both to it).
"""

from __future__ import annotations

import io
import json
import os
import re
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from datetime import date, datetime
from types import UnionType
from typing import Any, Literal, TypeGuard, TypeVar, Union, cast, get_args, get_origin

import attrs
import cattrs
from cattrs.cols import list_structure_factory, mapping_structure_factory
from cattrs.errors import ForbiddenExtraKeysError
from cattrs.gen import make_dict_structure_fn
from cattrs.v import format_exception, transform_error

from newsdoc._engine import CANONICAL, LineLayout, written_fields
from newsdoc._errors import (
    FieldTypeError,
    ParseError,
    ProblemsError,
    SerializeError,
    ValidationError,
    bounded_repr,
)
from newsdoc._grammar import (
    BOM,
    DEFAULT_DIALECT,
    PAGE,
    Dialect,
    get_dialect,
    locate_each,
    lone_surrogate,
    name_of_dialect,
)
from newsdoc._io import (
    Source,
    Target,
    atomic_write,
    check_limit,
    decode,
    name_of,
    record_lines,
    utf8,
    write_to,
)
from newsdoc._limits import DEFAULT_MAX_BYTES
from newsdoc._model import (
    Article,
    Breadcrumb,
    Dateline,
    Record,
    StrayLine,
    Summary,
    check_meta_line,
    declared_program,
    meta_of,
    new_article,
    new_breadcrumb,
    new_dateline,
    new_summary,
    settle,
)
from newsdoc._page import LAYOUT_VERSION, layout_as_of, layout_from_trivia
from newsdoc._plugins import check_foreign_layout, plain_layout

__all__ = [
    "FORMAT_VERSION",
    "DocumentError",
    "configure_converter",
    "dump_jsonl",
    "from_dict",
    "from_json",
    "json_schema",
    "load_jsonl",
    "make_converter",
    "to_dict",
    "to_json",
]

FORMAT_VERSION = 5
"""The version of the document shape this release writes; it reads 1 to 4 too.

Version 2 brought records (see :func:`dump_jsonl`); an article's document
is the same in versions 1 and 2.  Version 3 writes a dialect's settings
always, its registered name only as a label: a document reads back the
same whatever the reading process has registered.  Versions 1 and 2 may
give a dialect by its name alone, which is looked up in the registry.
Version 4 brought ``byline`` and ``meta``, which older documents lack: their
articles have neither.  Version 5 records a page's points as its
declaration now lays them out (a point stands as far apart as the second,
see ``docs/explanation/format.md``): an older page layout is read as it
was written, and each of its lines keeps its formatting."""
_VERSIONS = (1, 2, 3, 4, 5)
_RECORD_VERSIONS = (2, 3, 4, 5)
_OPTIONAL_LINES = ("byline", "meta")
"""The keys version 4 brought: a document of an older version has neither."""
_DIALECT_BY_NAME = (1, 2)
"""The versions whose documents may give a dialect by its registered name alone."""

_STR = {str}
_MOST_INDENT = 64
_DIALECT_KEYS = {field.name for field in attrs.fields(Dialect) if field.init}


class DocumentError(ProblemsError):
    """A document is not an article of this format version.

    ``problems`` lists every problem, each with its JSON path (``$.body[2]``).
    """

    __module__ = "newsdoc"

    prefix = "invalid article document"


# -- out ------------------------------------------------------------------------


def to_dict(article: Article) -> dict[str, Any]:
    """``article`` as JSON-ready data (dicts, lists, strings, numbers, booleans, None).

    >>> from newsdoc import Article, Dateline
    >>> data = to_dict(Article(title="Bridge reopens", dateline=Dateline(text="8 Oct")))
    >>> data["format_version"], data["title"], data["dateline"], data["body"]
    (5, 'Bridge reopens', '8 Oct', [])
    """
    if not isinstance(article, Article):
        raise FieldTypeError(f"to_dict() takes an Article, got {type(article).__name__}")
    summary = article.summary
    data: dict[str, Any] = {
        "format_version": FORMAT_VERSION,
        "breadcrumb": None if article.breadcrumb is None else list(article.breadcrumb.segments),
        "title": article.title,
        "dateline": None if article.dateline is None else article.dateline.text,
        "summary": None
        if summary is None
        else {"heading": summary.heading, "points": list(summary.points)},
        "body": list(article.body),
    }
    if article.byline is not None:
        data["byline"] = article.byline
    if article.meta:
        data["meta"] = dict(article.meta)
    if article.stray_lines:
        data["stray_lines"] = [{"line": s.line, "text": s.text} for s in article.stray_lines]
    if article.dialect is not DEFAULT_DIALECT and article.dialect != DEFAULT_DIALECT:
        data["dialect"] = _dialect_to_dict(article.dialect)
    if article.format != PAGE:
        data["format"] = article.format
        data["format_layout"] = plain_layout(article.layout, article.format)
        return data
    layout = cast(LineLayout, article.layout)
    if layout is not CANONICAL and layout != CANONICAL:
        # Flat, as the engine's check of a layout keeps it: its tuples are lists, one deep.
        data["layout"] = [
            layout.bom,
            layout.newline,
            list(layout.endings),
            list(layout.lines),
            list(layout.trailing),
        ]
    return data


def _layout_from_plain(value: object, format_name: str) -> Any:
    """A format's layout from JSON data: lists become tuples; one an article takes.

    :raises ValidationError: or :class:`FieldTypeError`, for a value no
        article's layout is written as (an object, a number JSON cannot
        write).
    """
    try:
        layout = _tuples(value)
    except RecursionError:
        raise ValidationError("nested too deeply") from None
    check_foreign_layout(layout, format_name)
    return layout


def _tuples(value: object) -> Any:
    return tuple(_tuples(item) for item in value) if isinstance(value, list) else value


def _dialect_to_dict(dialect: Dialect) -> dict[str, Any]:
    name = name_of_dialect(dialect)
    return {
        **({} if name is None else {"name": name}),
        "breadcrumb_separator": dialect.breadcrumb_separator,
        "summary_headings": list(dialect.summary_headings),
        "bullet_symbols": list(dialect.bullet_symbols),
        "required_blocks": sorted(dialect.required_blocks),
        "heading_case_matters": dialect.heading_case_matters,
        "heading_colon_optional": dialect.heading_colon_optional,
        "point_indent": dialect.point_indent,
        "paragraphs_apart": dialect.paragraphs_apart,
    }


def to_json(
    article: Article,
    *,
    indent: int | str | None = None,
    sort_keys: bool = False,
    ensure_ascii: bool = False,
    separators: tuple[str, str] | None = None,
) -> str:
    """``article`` as a JSON text; the options mean what they mean to :func:`json.dumps`.

    ``indent`` is at most 64 spaces (or a str of spaces and tabs).

    :raises FieldTypeError: for an option of the wrong type.
    :raises ValidationError: for an option of the right type that breaks
        its rule (``indent=-1``, three separators).
    """
    data = to_dict(article)
    if not (
        indent is None
        or (type(indent) is int and 0 <= indent <= _MOST_INDENT)
        or (type(indent) is str and len(indent) <= _MOST_INDENT and not indent.strip(" \t"))
    ):
        refused = ValidationError if type(indent) in (int, str) else FieldTypeError
        raise refused(
            f"indent must be None, an int from 0 to {_MOST_INDENT} or spaces and tabs, "
            f"got {bounded_repr(indent, 40)}"
        )
    if type(sort_keys) is not bool or type(ensure_ascii) is not bool:
        raise FieldTypeError("sort_keys and ensure_ascii must be bools")
    if separators is not None and not (
        type(separators) is tuple and len(separators) == 2 and {*map(type, separators)} <= _STR
    ):
        refused = (
            ValidationError
            if type(separators) is tuple and {*map(type, separators)} <= _STR
            else FieldTypeError
        )
        raise refused(f"separators must be None or two strs, got {bounded_repr(separators, 40)}")
    try:
        return json.dumps(
            data,
            indent=indent,
            sort_keys=sort_keys,
            ensure_ascii=ensure_ascii,
            separators=separators,
        )
    except ValueError as error:  # an int longer than sys.set_int_max_str_digits() lets through
        raise SerializeError([f"the format's layout cannot be written as JSON: {error}"]) from None


# -- in -------------------------------------------------------------------------


def from_dict(data: Mapping[str, Any]) -> Article:
    """The article ``data`` describes, exactly as :func:`to_dict` gave it.

    :raises DocumentError: listing every problem with its JSON path, for a
        document of another version, with unknown keys, wrong types, values
        the article types refuse, an article that would not read back as
        itself, or a string that holds a lone surrogate (a document must be
        one a UTF-8 file can hold).
    """
    return article_from(data, None)


def from_json(text: str | bytes) -> Article:
    """The article a JSON text describes; see :func:`from_dict`.

    A lone surrogate is refused at its JSON path, and the line and column
    of the string that holds it.
    """
    if not isinstance(text, (str, bytes, bytearray)):
        raise FieldTypeError(f"from_json() takes a str or bytes, got {type(text).__name__}")
    return article_from(*_json_data(text))


def article_from(data: object, text: str | None) -> Article:
    """The article ``data`` describes, read from ``text`` (named in problems) where it was."""
    return _refusing_lone_surrogates(_article, data, text)


_T = TypeVar("_T")


def _refusing_lone_surrogates(read: Callable[[Any], _T], data: object, text: str | None) -> _T:
    """What ``read`` makes of ``data``; where it fails, a lone surrogate is named first.

    Reading refuses every string that holds one (see :func:`_text`), so a
    document that reads needs no second look at its strings.
    """
    try:
        return read(data)
    except DocumentError:
        _refuse_lone_surrogates(data, text)
        raise


_MAY_HOLD_SURROGATES = re.compile("[\ud800-\udfff]|\\\\u[dD][89a-fA-F]")
"""A lone surrogate in a JSON text, or an escape that may write one (or half a pair)."""
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
"""A string of a JSON text that is known to be JSON."""


def _refuse_lone_surrogates(data: object, text: str | None) -> None:
    """Refuse ``data`` where a string holds a lone surrogate, which no UTF-8 document can.

    Such a document would be accepted here and then fail to be written as
    a file.  A text that holds neither a surrogate nor an escape of one is
    passed at once; otherwise each string is looked at, keys too.

    :raises DocumentError: at the JSON path of each, and for a text, the
        line and column of the string that holds it.
    """
    if text is not None:
        text = text.removeprefix(BOM)  # columns count from after it, as the page reader's do
        if _MAY_HOLD_SURROGATES.search(text) is None:
            return
    strings = list(_strings_in_order(data))
    found = [n for n, (value, _, _) in enumerate(strings) if lone_surrogate(value) >= 0]
    if not found:
        return
    places = [""] * len(found)
    if text is not None:
        starts = [match.start() for match in _STRING.finditer(text)]
        # A key written twice is read once: then the strings no longer pair with the text's.
        if len(starts) == len(strings):
            places = [
                f" (line {line}, column {column})"
                for line, column in locate_each(text, (starts[n] for n in found))
            ]
    problems = []
    for n, place in zip(found, places, strict=True):
        value, where, is_key = strings[n]
        what = f"the key {bounded_repr(value, 60)}" if is_key else bounded_repr(value, 60)
        problems.append(
            f"{_path(where)}: {what}{place} holds a lone surrogate, which UTF-8 cannot encode"
        )
    raise DocumentError(problems)


_Where = tuple[Any, ...]
"""Where a value is: ``()`` for the whole, or (where its container is, its key or index)."""


def _strings_in_order(data: object) -> Iterator[tuple[str, _Where, bool]]:
    """Each string in ``data``, where it is, and whether it is a key.

    In the order a JSON text writes them: a key before its value.
    """
    stack: list[tuple[object, _Where, bool]] = [(data, (), False)]
    seen: set[int] = set()
    while stack:
        value, where, is_key = stack.pop()
        if isinstance(value, str):
            yield value, where, is_key
            continue
        if not isinstance(value, (Mapping, list, tuple)) or id(value) in seen:
            continue
        seen.add(id(value))  # a container that holds itself is walked once
        if isinstance(value, Mapping):
            try:
                pairs = list(value.items())
            except Exception:  # a mapping that cannot be read: the document check says so
                continue
            children: list[tuple[object, _Where, bool]] = []
            for key, item in pairs:
                children += [(key, where, True), (item, (where, key), False)]
        else:
            children = [(item, (where, n), False) for n, item in enumerate(value)]
        stack += reversed(children)


def _path(where: _Where) -> str:
    """The JSON path of a place :func:`_strings_in_order` gives, as ``$.body[2]``."""
    steps = []
    while where:
        where, step = where
        steps.append(f".{step}" if isinstance(step, str) else f"[{bounded_repr(step, 40)}]")
    return "$" + "".join(reversed(steps))


def _json_data(text: str | bytes, *, at: int = 0) -> tuple[Any, str]:
    """The data a JSON text holds, and the text; bytes, starting at byte offset ``at`` of their
    file, are read as UTF-8.

    :raises DocumentError: where it is not UTF-8 or not JSON, or nests too
        deeply to read.
    """
    if not isinstance(text, str):
        # Decoded here, by the rule every reader keeps: json.loads() would
        # take UTF-16 and UTF-32 too.
        try:
            text = decode(bytes(text), at=at)
        except ParseError as error:
            raise DocumentError([f"$: {error.message}"]) from None
    try:
        # A BOM opens a file, not a line in the middle of one.
        return json.loads(text.removeprefix(BOM) if at == 0 else text), text
    except ValueError as error:
        raise DocumentError([f"$: not JSON ({error})"]) from None
    except RecursionError:
        raise DocumentError(["$: nested too deeply to be a document"]) from None


# -- the document's shape -----------------------------------------------------------
#
# The shape is stated once, as these classes: one converter configuration reads them
# (`_document_converter`), quickly where a document is right, and in detail, with the
# JSON path of every problem, where it is not.


@attrs.define(kw_only=True)
class _StrayDoc:
    line: int
    text: str


@attrs.define(kw_only=True)
class _SummaryDoc:
    heading: str
    points: list[str]


@attrs.define(kw_only=True)
class _ArticleDoc:
    """An article's document of format versions 4 and 5."""

    format_version: int
    breadcrumb: list[str] | None = None
    title: str
    dateline: str | None = None
    summary: _SummaryDoc | None = None
    body: list[str]
    byline: str | None = None
    meta: dict[str, str] = attrs.Factory(dict)
    stray_lines: list[_StrayDoc] = attrs.Factory(list)
    dialect: Any = None
    """A written-out dialect, or in versions 1 and 2 a name; read by ``_dialect_from``."""
    layout: LineLayout | None = None
    format: str = PAGE
    format_layout: Any = None
    """Another format's layout: that format's own, read by ``_layout_from_plain``."""


@attrs.define(kw_only=True)
class _LineDoc:
    kind: Literal["breadcrumb", "title", "dateline", "heading", "point", "repeat", "paragraph"]
    index: int
    gap: list[str] = attrs.Factory(list)
    prefix: str = ""
    suffix: str = ""


@attrs.define(kw_only=True)
class _LayoutDoc:
    """A page's layout in versions 1 to 3: the record of the reader that came before."""

    bom: bool = False
    newline: Literal["\n", "\r\n", "\r"] = "\n"
    mixed_newlines: list[Literal["\n", "\r\n", "\r"]] = attrs.Factory(list)
    title_repeat: bool = False
    lines: list[_LineDoc] = attrs.Factory(list)
    trailing: list[str] = attrs.Factory(list)


@attrs.define(kw_only=True)
class _OlderArticleDoc(_ArticleDoc):
    """An article's document of format versions 1 to 3, which have no byline or meta."""

    layout: _LayoutDoc | None = None  # type: ignore[assignment]


@attrs.define(kw_only=True)
class _RecordDoc:
    """A record, a line of JSON Lines; its article is read as any article's document is."""

    format_version: int
    source: str | None = None
    captured: date | None = None
    """Read by ``_moment``."""
    article: Any


class _WrongType(TypeError):
    """A value of the wrong JSON type, described for the reader."""


class _LoneSurrogate(ValueError):
    """A string UTF-8 cannot encode: :func:`_refuse_lone_surrogates` names where."""


def _only(json_type: type, described: str, then: Any = None) -> Any:
    """A structure hook that refuses values not of ``json_type`` exactly.

    cattrs' own hooks convert (``str(5)``, ``bool("no")``, a string into a
    list of characters), which here would turn a wrong document into a wrong
    article.  ``then`` structures what passes, when there is more to do.
    """

    def structure(value: object, kind: Any) -> Any:
        if type(value) is not json_type:
            raise _WrongType(
                f"expected {described}, got {type(value).__name__} {bounded_repr(value, 40)}"
            )
        return value if then is None else then(value, kind)

    return structure


def _text(value: object, _: Any = None) -> str:
    """A str; one holding a lone surrogate is refused, so that every article read can be
    written as UTF-8."""
    if type(value) is not str:
        raise _WrongType(f"expected str, got {type(value).__name__} {bounded_repr(value, 40)}")
    if not value.isascii() and lone_surrogate(value) >= 0:
        raise _LoneSurrogate(value)
    return value


def _texts(kind: Any, converter: cattrs.Converter) -> Any:
    """A list of strs, taken whole; one that is not is read item by item, to say which."""
    each = _only(list, "a list", list_structure_factory(kind, converter))

    def structure_texts(value: object, _: Any) -> object:
        if type(value) is list and {*map(type, value)} <= _STR:
            joined = "".join(value)
            if joined.isascii() or lone_surrogate(joined) < 0:
                return value
        return each(value, kind)

    return structure_texts


def _line_layout(value: object, _: Any = None) -> LineLayout:
    """A page's layout in versions 4 and 5, as the engine keeps it, its arrays as tuples.

    What it holds is checked where the article settles, by the engine's
    check of a layout, which refuses any value out of place; a lone
    surrogate in the formatting of a line, which that check lets through,
    is refused here.

    :raises _WrongType: for a value of another shape.
    """
    if type(value) is not list or len(value) != len(LineLayout._fields):
        raise _WrongType(
            f"expected an array of {len(LineLayout._fields)} items "
            f"({', '.join(LineLayout._fields)}), got {bounded_repr(value, 60)}"
        )
    bom, newline, endings, lines, trailing = value
    layout = LineLayout(
        bom,
        newline,
        tuple(endings) if type(endings) is list else endings,
        tuple(lines) if type(lines) is list else lines,
        tuple(trailing) if type(trailing) is list else trailing,
    )
    # Only a formatting can hold a lone surrogate: a name that is no kind's is refused anyway.
    formattings: tuple[Any, ...] = layout.lines[2::3] if type(layout.lines) is tuple else ()
    if {*map(type, formattings)} <= _STR:
        _text("".join(formattings))
    return layout


def _moment(text: object, _: Any = None) -> date:
    """``captured`` as written: ``YYYY-MM-DD``, or an ISO 8601 moment."""
    if type(text) is not str:
        raise _WrongType(f"expected a string or null, got {type(text).__name__}")
    try:
        return datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text)
    except ValueError:
        raise ValidationError(
            f"captured is a date (YYYY-MM-DD) or an ISO 8601 moment with its offset, "
            f"got {bounded_repr(text, 60)}"
        ) from None


def _is_list(kind: Any) -> bool:
    origin: object = get_origin(kind)
    return origin is list


def _is_dict(kind: Any) -> bool:
    origin: object = get_origin(kind)
    return origin is dict


def _is_optional(kind: Any) -> bool:
    args = get_args(kind)
    return get_origin(kind) in (Union, UnionType) and len(args) == 2 and type(None) in args


def _optional(kind: Any, converter: cattrs.Converter) -> Any:
    """``X | None``: cattrs' own hook for it asks each time which the value is."""
    (inner,) = (arg for arg in get_args(kind) if arg is not type(None))
    structure = converter.get_structure_hook(inner)

    def structure_optional(value: object, _: Any) -> object:
        return None if value is None else structure(value, inner)

    return structure_optional


def _object(make: Any) -> Any:
    """A hook factory for a JSON object, taken from any mapping: ``make`` structures a dict."""

    def hook(kind: Any, converter: cattrs.Converter) -> Any:
        structure = make(kind, converter)

        def structure_object(value: object, _: Any) -> object:
            if type(value) is not dict:
                if not isinstance(value, Mapping):
                    raise _WrongType(
                        f"expected an object, got {type(value).__name__} {bounded_repr(value, 40)}"
                    )
                value = dict(value)
            return structure(value, kind)

        return structure_object

    return hook


def _document_converter(*, detailed: bool) -> cattrs.Converter:
    """The converter of the document shape; ``detailed``, it names every problem with its path.

    Both read the same documents alike: the quick one reads, and the
    detailed one runs only to explain a document the quick one refused.
    """
    converter = cattrs.Converter(detailed_validation=detailed, forbid_extra_keys=True)
    converter.register_structure_hook(str, _text)
    converter.register_structure_hook(int, _only(int, "int"))
    converter.register_structure_hook(bool, _only(bool, "bool"))
    converter.register_structure_hook(LineLayout, _line_layout)
    converter.register_structure_hook(date, _moment)
    converter.register_structure_hook_factory(_is_optional, _optional)
    converter.register_structure_hook_factory(
        _is_list,
        lambda kind, converter: _only(list, "a list", list_structure_factory(kind, converter)),
    )
    converter.register_structure_hook_factory(lambda kind: kind == list[str], _texts)
    converter.register_structure_hook_factory(attrs.has, _object(make_dict_structure_fn))
    converter.register_structure_hook_factory(_is_dict, _object(mapping_structure_factory))
    return converter


_READING = _document_converter(detailed=False)
_EXPLAINING = _document_converter(detailed=True)
_SHAPES = {
    1: _OlderArticleDoc,
    2: _OlderArticleDoc,
    3: _OlderArticleDoc,
    4: _ArticleDoc,
    5: _ArticleDoc,
}
_Doc = TypeVar("_Doc", _ArticleDoc, _RecordDoc)
_READERS: dict[type, Callable[[Any, Any], Any]] = {
    shape: _READING.get_structure_hook(shape) for shape in (*_SHAPES.values(), _RecordDoc)
}


def _structured(data: object, shape: type[_Doc]) -> _Doc:
    """The document ``data`` holds, of ``shape``.

    :raises DocumentError: naming every problem with its JSON path.
    """
    try:
        document: _Doc = _READERS[shape](data, shape)
    except Exception:  # cattrs' hooks raise any exception: the detailed run names it
        pass
    else:
        return document
    try:
        explained: _Doc = _EXPLAINING.structure(data, shape)
    except Exception as error:
        messages = transform_error(error, format_exception=_describe)
        raise DocumentError([_with_path_first(message) for message in messages]) from None
    return explained


def _describe(error: BaseException, kind: type | None) -> str:
    """cattrs' description of a problem, or ours where our hooks raised it."""
    if isinstance(error, (_WrongType, ValidationError)):
        return str(error)
    if isinstance(error, ForbiddenExtraKeysError):
        keys = sorted(bounded_repr(key, 40) for key in error.extra_fields)
        return f"unknown key{'s' if len(keys) > 1 else ''} " + ", ".join(keys)
    if get_origin(kind) is Literal:
        # cattrs calls this an "unknown error" and prints the value raw, a tab or CR included.
        *others, last = (repr(value) for value in get_args(kind))
        return f"expected one of {', '.join(others)} or {last}"
    return format_exception(error, kind)


def _with_path_first(message: str) -> str:
    text, _, path = message.rpartition(" @ ")
    return f"{path}: {text}" if path else message


def _is_version(value: object) -> TypeGuard[int]:
    # ``True == 1`` and ``1.0 == 1`` in Python, but neither is the version.
    return type(value) is int and value in _VERSIONS


def _article(data: object) -> Article:
    """The article of the document ``data``.

    :raises DocumentError: naming every problem with its JSON path.
    """
    if not isinstance(data, Mapping):
        raise DocumentError([f"$: expected an object, got {type(data).__name__}"])
    version = data.get("format_version")
    if not _is_version(version):
        raise DocumentError(
            [f"$.format_version: expected 1 to 5, got {bounded_repr(version, 40)}"]
        )
    if version < 4 and (newer := [key for key in _OPTIONAL_LINES if key in data]):
        raise DocumentError(
            [
                f"$: unknown key {key!r} in a document of format version {version} "
                "(version 4 brought it)"
                for key in newer
            ]
        )
    document = _structured(data, _SHAPES[version])
    if document.format == PAGE and document.byline is None and not document.meta:
        # The page's reader, which reads the article back, checks every text of it.
        try:
            return _built(document, checked=False)
        except DocumentError:
            pass  # built again, each part checked, to name the problem at its path
    return _built(document, checked=True)


def _built(document: _ArticleDoc, *, checked: bool) -> Article:
    """The article of ``document``, once it reads back as itself.

    ``checked``, each part goes through its own constructor, which names a
    problem at its path; otherwise its parts are built as the page reader
    builds them, and the check of the whole, which writes the page and
    reads it back, finds any text out of place.

    :raises DocumentError: naming every problem.
    """
    problems: list[str] = []
    crumb: Callable[..., Breadcrumb] = Breadcrumb if checked else new_breadcrumb
    dated: Callable[..., Dateline] = Dateline if checked else new_dateline
    summed: Callable[..., Summary] = Summary if checked else new_summary
    segments, written, points = document.breadcrumb, document.dateline, document.summary
    breadcrumb = (
        None
        if segments is None
        else _part(problems, "$.breadcrumb", crumb, segments=tuple(segments))
    )
    dateline = None if written is None else _part(problems, "$.dateline", dated, text=written)
    summary = (
        None
        if points is None
        else _part(
            problems, "$.summary", summed, heading=points.heading, points=tuple(points.points)
        )
    )
    # The byline is checked with the other fields of the article; meta, a converter's, here.
    for name, line in document.meta.items():
        _part(problems, f"$.meta[{bounded_repr(name, 40)}]", check_meta_line, name, line)
    strays = tuple(
        stray
        for number, item in enumerate(document.stray_lines)
        if (
            stray := _part(
                problems, f"$.stray_lines[{number}]", StrayLine, line=item.line, text=item.text
            )
        )
    )
    layout = document.layout
    dialect = _part(
        problems, "$.dialect", _dialect_from, document.dialect, document.format_version
    )
    if document.format != PAGE:
        if layout is not None:
            problems.append(
                f"$: an article in the {document.format!r} format has no layout, "
                "only format_layout"
            )
        layout = _part(
            problems,
            "$.format_layout",
            _layout_from_plain,
            document.format_layout,
            document.format,
        )
    elif document.format_layout is not None:
        problems.append("$.format_layout: only an article in a format other than 'page' has one")
    if problems:
        raise DocumentError(problems)
    article = new_article(
        breadcrumb=breadcrumb,
        title=document.title,
        dateline=dateline,
        summary=summary,
        body=tuple(document.body),
        byline=document.byline,
        meta=meta_of(document.meta),
        stray_lines=strays,
        dialect=dialect,
        format=document.format,
        layout=None if isinstance(layout, _LayoutDoc) else layout,
        defects=(),
    )
    if isinstance(layout, _LayoutDoc):
        upgraded = _part(problems, "$.layout", _upgraded, layout, article)
        object.__setattr__(article, "_layout", upgraded)
    elif layout is not None and document.format_version < LAYOUT_VERSION:
        program = declared_program(document.format, article.dialect)
        if program is not None:
            where = "$.layout" if document.format == PAGE else "$.format_layout"
            fields = written_fields(article)
            recorded = _part(
                problems,
                where,
                layout_as_of,
                document.format_version,
                layout,
                fields,
                article.stray_lines,
                program,
            )
            object.__setattr__(article, "_layout", recorded)
    settled = _part(problems, "$", _settled, article, checked=checked)
    if problems:
        raise DocumentError(problems)
    object.__setattr__(article, "_layout", settled)
    return article


def _part(
    problems: list[str], path: str, make: Callable[..., _T], *args: Any, **kwargs: Any
) -> _T | None:
    """What ``make`` makes, or None, its problem added to ``problems`` at ``path``."""
    try:
        return make(*args, **kwargs)
    except (ValidationError, FieldTypeError) as error:
        problems.append(f"{path}: {error}")
        return None


def _settled(article: Article, *, checked: bool) -> Hashable:
    """The layout of ``article``, built unchecked, once it reads back as itself (and,
    ``checked``, its fields pass their rules)."""
    if checked:
        attrs.validate(article)
    return settle(article, repair=False)


def _upgraded(layout: _LayoutDoc, article: Article) -> LineLayout:
    """The layout a document of versions 1 to 3 records for ``article``, as the engine keeps it."""
    old = attrs.asdict(layout, recurse=False)
    old["lines"] = [
        (line.kind, line.index, (tuple(line.gap), line.prefix, line.suffix))
        for line in layout.lines
    ]
    return layout_from_trivia(old, written_fields(article), article.stray_lines, article.dialect)


def _dialect_from(value: object, version: int) -> Dialect:
    by_name = version in _DIALECT_BY_NAME
    if value is None or (by_name and isinstance(value, str)):
        return get_dialect(value)
    if not isinstance(value, Mapping):
        expected = "a dialect's name or an object" if by_name else "an object of its settings"
        raise FieldTypeError(f"expected {expected}, got {bounded_repr(value, 40)}")
    if any(lone_surrogate(text) >= 0 for text, _, _ in _strings_in_order(value)):
        raise ValidationError("it holds a lone surrogate, which UTF-8 cannot encode")
    options: dict[str, Any] = dict(value)
    label = "" if by_name else options.pop("name", "")
    if not isinstance(label, str):
        raise FieldTypeError(f"name, the dialect's label, is a str, got {bounded_repr(label, 40)}")
    unknown = sorted(set(options) - _DIALECT_KEYS)
    if unknown:
        raise ValidationError(f"unknown keys {unknown}")
    return Dialect(**options)


def _structure_article(data: Any, _: type) -> Article:
    return from_dict(data)


def _unstructure_article(article: Article) -> dict[str, Any]:
    return to_dict(article)


# -- converters -------------------------------------------------------------------


def make_converter() -> cattrs.Converter:
    """A new cattrs converter that (un)structures articles as :func:`to_dict` does.

    >>> converter = make_converter()
    >>> article = converter.structure({"format_version": 1, "title": "Tram line opens",
    ...                                "breadcrumb": None, "dateline": None, "summary": None,
    ...                                "body": []}, Article)
    >>> converter.unstructure(article)["title"]
    'Tram line opens'
    """
    converter = cattrs.Converter()
    configure_converter(converter)
    return converter


def configure_converter(converter: cattrs.BaseConverter) -> None:
    """Teach ``converter`` newsdoc's articles, touching nothing else it knows.

    Only :class:`~newsdoc.Article` gets hooks, so the converter's handling
    of ``str``, ``tuple`` and the user's own classes stays as it was, and an
    article nested in a user's class is written in the documented shape.
    """
    if not isinstance(converter, cattrs.BaseConverter):
        raise FieldTypeError(
            f"configure_converter() takes a cattrs converter, got {type(converter).__name__}"
        )
    converter.register_unstructure_hook(Article, _unstructure_article)
    converter.register_structure_hook(Article, _structure_article)


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the document shape, as a new dict."""
    from importlib import resources  # only here: it is slow to import

    text = resources.files("newsdoc").joinpath("article.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


# -- JSON Lines -------------------------------------------------------------------


def dump_jsonl(items: Iterable[Article | Record], target: Target) -> None:
    """Write one record a line, as UTF-8, to a path or a binary file.

    Each item is a :class:`Record`, or an :class:`Article`, written as a
    record without a source.  A path is written atomically: when an item
    fails (it is neither, or holds a lone surrogate UTF-8 cannot encode),
    the file keeps what it held before.

    :raises SerializeError: naming the position of an item that holds a
        character UTF-8 cannot encode, as :func:`newsdoc.dump` does;
        :class:`WriteError` when the file cannot be written.
    """
    lines = jsonl_lines(items)
    if isinstance(target, (str, os.PathLike)):
        atomic_write(target, lines)
    else:
        write_to(target, b"".join(lines))


def jsonl_lines(items: Iterable[Article | Record]) -> Iterator[bytes]:
    # A file is iterable too, but of lines, not of articles.
    if isinstance(items, (Article, Record, str, bytes, Mapping, io.IOBase)) or not isinstance(
        items, Iterable
    ):
        raise FieldTypeError(
            f"dump_jsonl() takes an iterable of records or articles, got {bounded_repr(items, 40)}"
        )
    for number, item in enumerate(items, 1):
        record = Record(article=item) if isinstance(item, Article) else item
        if not isinstance(record, Record):
            raise FieldTypeError(
                f"item {number}: dump_jsonl() takes records or articles, got {type(item).__name__}"
            )
        try:
            line = utf8(json.dumps(_record_to_dict(record), ensure_ascii=False))
        except SerializeError as error:
            raise SerializeError([f"item {number}: {p}" for p in error.problems]) from None
        yield line + b"\n"


def _record_to_dict(record: Record) -> dict[str, Any]:
    captured = record.captured
    return {
        "format_version": FORMAT_VERSION,
        "source": record.source,
        "captured": None if captured is None else captured.isoformat(),
        "article": to_dict(record.article),
    }


def load_jsonl(source: Source, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Record]:
    """The records of a JSON Lines file (a path or a binary file), one at a time.

    A line that holds an article's document, as files of version 1 do, is
    read as a record without a source.  Blank lines are skipped.  Lines are
    UTF-8, as every text newsdoc reads.  A line of more than ``max_bytes``
    bytes (64 MiB by default), its line ending included, is refused before
    it is read whole.

    :raises DocumentError: naming the file (where it has a name) and the line
        number of a line that is not UTF-8, not a record or an article
        document; :class:`ReadError` when the file cannot be read, or a line
        is longer than ``max_bytes``, naming the file and the limit.
    :raises ValidationError: when ``max_bytes`` is negative (FieldTypeError
        when it is not an int), at the call.
    """
    check_limit(max_bytes)
    return _records_of(source, max_bytes)


def _records_of(source: Source, max_bytes: int) -> Iterator[Record]:
    name = name_of(source)
    where = "" if name is None else f"{name}, "
    for number, offset, line in record_lines(source, max_bytes=max_bytes):
        try:
            yield record_from_json(line, at=offset)
        except DocumentError as error:
            raise DocumentError(
                [f"{where}line {number}: {problem}" for problem in error.problems]
            ) from None


def record_from_json(line: bytes, *, at: int = 0) -> Record:
    """The record a line of JSON Lines holds, the line starting at byte offset ``at`` of its file.

    :raises DocumentError: listing every problem with the line.
    """
    return _refusing_lone_surrogates(_record, *_json_data(line, at=at))


def _record(data: object) -> Record:
    """The record of ``data``, or of an article's document, a record without a source.

    :raises DocumentError: naming every problem with its JSON path.
    """
    if not (isinstance(data, dict) and "article" in data):
        return Record(article=_article(data))
    problems: list[str] = []
    try:
        document = _structured(data, _RecordDoc)
    except DocumentError as error:
        problems += error.problems
    else:
        if document.format_version not in _RECORD_VERSIONS:
            problems.append(f"$.format_version: expected 2 to 5, got {document.format_version}")
    try:
        article = _article(data["article"])
    except DocumentError as error:
        problems += [problem.replace("$", "$.article", 1) for problem in error.problems]
    if problems:
        raise DocumentError(problems)
    try:
        return Record(article=article, source=document.source, captured=document.captured)
    except ValidationError as error:  # a moment without its offset
        raise DocumentError([f"$.captured: {error}"]) from None
