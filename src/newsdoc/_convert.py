"""Articles and records as JSON-ready data, and back, losing nothing.

The document shape (``format_version`` 4; versions 1 to 3 are read as
they were written, see :data:`FORMAT_VERSION`)::

    {
      "format_version": 4,
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

    {"format_version": 4, "source": "pages/a.txt" | null, "captured": "..." | null,
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

A document is read in one quick pass that checks each value's JSON type
and rules, then the article is checked as every article is (it must read
back as itself).  A document that fails the quick pass goes through
cattrs' detailed validation, which names every problem with its JSON path.
"""

from __future__ import annotations

import io
import json
import os
import re
from collections.abc import Hashable, Iterable, Iterator, Mapping
from datetime import date, datetime
from functools import cache
from typing import Any, Literal, TypeGuard, get_args, get_origin, get_type_hints

import attrs
import cattrs
from cattrs.cols import list_structure_factory, mapping_structure_factory
from cattrs.gen import make_dict_structure_fn
from cattrs.v import format_exception, transform_error

from newsdoc._engine import CANONICAL, LineLayout
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
    EOLS,
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
    decode,
    name_of,
    record_lines,
    utf8,
    write_to,
)
from newsdoc._model import (
    NO_META,
    Article,
    Breadcrumb,
    Dateline,
    Record,
    StrayLine,
    Summary,
    check_meta_line,
    meta_of,
    new_article,
    new_breadcrumb,
    new_dateline,
    new_summary,
    settle,
    written_fields,
)
from newsdoc._page import PAGE_LINES, layout_from_trivia
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

FORMAT_VERSION = 4
"""The version of the document shape this release writes; it reads 1 to 3 too.

Version 2 brought records (see :func:`dump_jsonl`); an article's document
is the same in versions 1 and 2.  Version 3 writes a dialect's settings
always, its registered name only as a label: a document reads back the
same whatever the reading process has registered.  Versions 1 and 2 may
give a dialect by its name alone, which is looked up in the registry.
Version 4 brought ``byline`` and ``meta``, which older documents lack: their
articles have neither."""
_VERSIONS = (1, 2, 3, 4)
_RECORD_VERSIONS = (2, 3, 4)
_OPTIONAL_LINES = ("byline", "meta")
_LINE_LAYOUTS = 4
"""The version whose documents carry a page's layout as the engine keeps it; older ones carry
the record of the hand-written reader that came before, read by ``layout_from_trivia``."""
"""The keys version 4 brought: a document of an older version has neither."""
_DIALECT_BY_NAME = (1, 2)
"""The versions whose documents may give a dialect by its registered name alone."""

_OLD_LAYOUT_KEYS = frozenset(
    ("bom", "newline", "mixed_newlines", "title_repeat", "lines", "trailing")
)
_KINDS = frozenset(line.name for line in PAGE_LINES)
_TOP_KEYS = frozenset(
    (
        "format_version",
        "breadcrumb",
        "title",
        "dateline",
        "summary",
        "body",
        "stray_lines",
        "dialect",
        "layout",
        "format",
        "format_layout",
    )
)
_STR = {str}
_MOST_INDENT = 64
_LINE_KEYS = frozenset(("kind", "index", "gap", "prefix", "suffix"))
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
    (4, 'Bridge reopens', '8 Oct', [])
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
    layout = article.layout
    if layout is not CANONICAL and layout != CANONICAL:
        data["layout"] = plain_layout(layout, PAGE)
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
    _refuse_lone_surrogates(data, text)
    return _article(data)


def _article(data: Any) -> Article:
    try:
        return _quick(data)
    except _NotQuick:
        pass
    article, problems = _detailed(data)
    if article is None:
        raise DocumentError(problems)
    return article


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


class _NotQuick(Exception):
    """The quick pass found something; the detailed path will say what."""


def _of_type(value: object, json_type: type) -> Any:
    if type(value) is not json_type:
        raise _NotQuick
    return value


def _strings(value: object) -> tuple[str, ...]:
    if type(value) is not list or not {*map(type, value)} <= _STR:
        raise _NotQuick
    return tuple(value)


def _is_version(value: object) -> TypeGuard[int]:
    # ``True == 1`` and ``1.0 == 1`` in Python, but neither is the version.
    return type(value) is int and value in _VERSIONS


def _quick(data: Mapping[str, Any]) -> Article:
    """The article, built once each value has its JSON type, and settled as every article is.

    What the texts say (one line each, no padding, ...) is not checked
    here: writing the article and reading it back, which every article
    passes, finds any departure, and then the detailed path names it.
    """
    if type(data) is not dict or not _is_version(data.get("format_version")):
        raise _NotQuick
    # Another format's articles are not read back by the page reader, which
    # is what checks texts here: the detailed path checks them one by one.
    # So are a byline and meta, which only another format holds: they are
    # not among the keys read here.
    if "format" in data or "format_layout" in data:
        raise _NotQuick
    if not data.keys() <= _TOP_KEYS or not {"title", "body"} <= data.keys():
        raise _NotQuick
    crumb = data.get("breadcrumb")
    breadcrumb = None
    if crumb is not None:
        segments = _strings(crumb)
        if len(segments) < 2:
            raise _NotQuick
        breadcrumb = new_breadcrumb(segments=segments)
    dateline = data.get("dateline")
    if dateline is not None:
        dateline = new_dateline(text=_of_type(dateline, str))
    summary = data.get("summary")
    if summary is not None:
        if type(summary) is not dict or summary.keys() != {"heading", "points"}:
            raise _NotQuick
        points = _strings(summary["points"])
        if not points:
            raise _NotQuick
        summary = new_summary(heading=_of_type(summary["heading"], str), points=points)
    strays: tuple[StrayLine, ...] = ()
    if "stray_lines" in data:
        strays = tuple(_stray(item) for item in _of_type(data["stray_lines"], list))
    article = new_article(
        breadcrumb=breadcrumb,
        title=_of_type(data["title"], str),
        dateline=dateline,
        summary=summary,
        body=_strings(data["body"]),
        byline=None,
        meta=NO_META,
        stray_lines=strays,
        dialect=_quick_dialect(data.get("dialect"), data["format_version"]),
        format=PAGE,
        layout=CANONICAL,
        defects=(),
    )
    try:
        if "layout" in data:
            layout = _quick_layout(data["layout"], article, data["format_version"])
            object.__setattr__(article, "_layout", layout)
        object.__setattr__(article, "_layout", settle(article, repair=False))
    except (ValidationError, FieldTypeError):
        raise _NotQuick from None
    return article


def _stray(item: object) -> StrayLine:
    if type(item) is not dict or item.keys() != {"line", "text"}:
        raise _NotQuick
    try:
        return StrayLine(line=_of_type(item["line"], int), text=_of_type(item["text"], str))
    except ValidationError:
        raise _NotQuick from None


def _quick_dialect(value: object, version: int) -> Dialect:
    if value is None:
        return DEFAULT_DIALECT
    try:
        if type(value) is str and version in _DIALECT_BY_NAME:
            return get_dialect(value)
        options = dict(_of_type(value, dict))
        if version not in _DIALECT_BY_NAME:
            _of_type(options.pop("name", ""), str)  # a label only
        if not options.keys() <= _DIALECT_KEYS:
            raise _NotQuick
        settings: dict[str, Any] = {
            key: _dialect_value(key, item) for key, item in options.items()
        }
        return Dialect(**settings)
    except ValidationError:
        raise _NotQuick from None


def _dialect_value(key: str, value: object) -> object:
    if key in ("breadcrumb_separator", "point_indent"):
        return _of_type(value, str)
    if key.startswith("heading_") or key == "paragraphs_apart":
        return _of_type(value, bool)
    return _strings(value)


def _quick_layout(value: object, article: Article, version: int) -> LineLayout:
    if version >= _LINE_LAYOUTS:
        return _line_layout(value)
    document = _of_type(value, dict)
    if not document.keys() <= _OLD_LAYOUT_KEYS:
        raise _NotQuick
    lines = []
    for entry in _of_type(document.get("lines", []), list):
        if type(entry) is not dict or not entry.keys() <= _LINE_KEYS:
            raise _NotQuick
        if entry.get("kind") not in _KINDS:
            raise _NotQuick
        trivia = (
            _strings(entry.get("gap", [])),
            _of_type(entry.get("prefix", ""), str),
            _of_type(entry.get("suffix", ""), str),
        )
        lines.append((entry["kind"], _of_type(entry.get("index"), int), trivia))
    old = {
        "bom": _of_type(document.get("bom", False), bool),
        "newline": _of_type(document.get("newline", "\n"), str),
        "mixed_newlines": _strings(document.get("mixed_newlines", [])),
        "title_repeat": _of_type(document.get("title_repeat", False), bool),
        "lines": lines,
        "trailing": _strings(document.get("trailing", [])),
    }
    if old["newline"] not in EOLS or not set(old["mixed_newlines"]) <= set(EOLS):
        raise _NotQuick
    return _upgraded(old, article)


def _line_layout(value: object) -> LineLayout:
    """A page's layout from a document of version 4, as the engine keeps it; checked when settled.

    :raises FieldTypeError: or :class:`ValidationError`, for a value of another shape.
    """
    if type(value) is not list or len(value) != len(LineLayout._fields):
        raise FieldTypeError(
            f"expected an array of {len(LineLayout._fields)} items "
            f"({', '.join(LineLayout._fields)}), got {bounded_repr(value, 60)}"
        )
    return LineLayout(*_tuples(value))


def _upgraded(old: Mapping[str, Any], article: Article) -> LineLayout:
    """The layout a document of versions 1 to 3 records for ``article``, as the engine keeps it."""
    return layout_from_trivia(old, written_fields(article), article.stray_lines, article.dialect)


# -- the detailed path ------------------------------------------------------------


@attrs.frozen
class _LineDoc:
    kind: Literal["breadcrumb", "title", "dateline", "heading", "point", "repeat", "paragraph"]
    index: int
    gap: list[str] = attrs.Factory(list)
    prefix: str = ""
    suffix: str = ""


@attrs.frozen
class _LayoutDoc:
    bom: bool = False
    newline: Literal["\n", "\r\n", "\r"] = "\n"
    mixed_newlines: list[Literal["\n", "\r\n", "\r"]] = attrs.Factory(list)
    title_repeat: bool = False
    lines: list[_LineDoc] = attrs.Factory(list)
    trailing: list[str] = attrs.Factory(list)


@attrs.frozen
class _StrayDoc:
    line: int
    text: str


@attrs.frozen
class _SummaryDoc:
    heading: str
    points: list[str]


@attrs.frozen
class _ArticleDoc:
    format_version: int
    title: str
    body: list[str]
    breadcrumb: list[str] | None = None
    dateline: str | None = None
    summary: _SummaryDoc | None = None
    byline: str | None = None
    meta: dict[str, str] = attrs.Factory(dict)
    stray_lines: list[_StrayDoc] = attrs.Factory(list)
    dialect: Any = None
    """A name or a written-out dialect, checked by ``_build``."""
    layout: _LayoutDoc = attrs.Factory(_LayoutDoc)
    """A page's layout in a document of versions 1 to 3 (version 4's is read apart)."""
    format: str = PAGE
    format_layout: Any = None
    """Another format's layout, checked by ``_build``."""


_DOCUMENTS = cattrs.Converter(detailed_validation=True)


class _WrongType(TypeError):
    """A value of the wrong JSON type, described for the reader."""


def _only(json_type: type, described: str, then: Any = None) -> Any:
    """A structure hook that refuses values not of ``json_type`` exactly.

    cattrs' own hooks convert (``str(5)``, ``bool("no")``, a string into a
    list of characters), which here would turn a wrong document into a wrong
    article.  ``then`` structures what passes, when there is more to do.
    """

    def structure(value: object, kind: Any) -> object:
        if type(value) is not json_type:
            raise _WrongType(
                f"expected {described}, got {type(value).__name__} {bounded_repr(value, 40)}"
            )
        return value if then is None else then(value, kind)

    return structure


def _is_list(kind: Any) -> bool:
    origin: object = get_origin(kind)
    return origin is list


def _is_dict(kind: Any) -> bool:
    origin: object = get_origin(kind)
    return origin is dict


for _kind, _described in ((str, "str"), (int, "int"), (bool, "bool")):
    _DOCUMENTS.register_structure_hook(_kind, _only(_kind, _described))
_DOCUMENTS.register_structure_hook_factory(
    _is_list, lambda kind: _only(list, "a list", list_structure_factory(kind, _DOCUMENTS))
)


def _object(make: Any) -> Any:
    """A hook factory for a JSON object, taken from any mapping: ``make`` structures a dict."""

    def hook(kind: Any) -> Any:
        structure = make(kind, _DOCUMENTS)

        def structure_object(value: object, _: Any) -> object:
            if not isinstance(value, Mapping):
                raise _WrongType(
                    f"expected an object, got {type(value).__name__} {bounded_repr(value, 40)}"
                )
            return structure(value if isinstance(value, dict) else dict(value), kind)

        return structure_object

    return hook


_DOCUMENTS.register_structure_hook_factory(attrs.has, _object(make_dict_structure_fn))
_DOCUMENTS.register_structure_hook_factory(_is_dict, _object(mapping_structure_factory))


def _detailed(data: object) -> tuple[Article | None, list[str]]:
    """The article, or every problem with ``data``, each with its JSON path."""
    if not isinstance(data, Mapping):
        return None, [f"$: expected an object, got {type(data).__name__}"]
    version = data.get("format_version")
    if not _is_version(version):
        return None, [f"$.format_version: expected 1, 2, 3 or 4, got {bounded_repr(version, 40)}"]
    problems = _unknown_keys(data, _ArticleDoc, "$")
    if version < 4:
        problems += [
            f"$: unknown key {key!r} in a document of format version {version} "
            "(version 4 brought it)"
            for key in _OPTIONAL_LINES
            if key in data
        ]
    line_layout: object = None
    if version >= _LINE_LAYOUTS and "layout" in data:
        line_layout = data["layout"]
        data = {key: value for key, value in data.items() if key != "layout"}
    try:
        document = _DOCUMENTS.structure(data, _ArticleDoc)
    except Exception as error:  # cattrs raises groups of any exception type
        messages = transform_error(error, format_exception=_describe)
        return None, problems + [_with_path_first(message) for message in messages]
    article, more = _build(document, line_layout)
    problems += more
    return (None, problems) if problems else (article, [])


@cache
def _shape_of(shape: type) -> tuple[frozenset[str], tuple[tuple[str, type, bool], ...]]:
    """The keys of ``shape``, and ``(key, nested shape, is a list of them)`` for its objects."""
    hints = get_type_hints(shape)
    nested = []
    for key, hint in hints.items():
        inner = next((arg for arg in (hint, *get_args(hint)) if attrs.has(arg)), None)
        if inner is not None:
            nested.append((key, inner, get_origin(hint) is list))
    return frozenset(hints), tuple(nested)


def _unknown_keys(value: object, shape: type, path: str) -> list[str]:
    """Every key of ``value``, and of the objects in it, that ``shape`` does not have."""
    if not isinstance(value, Mapping):
        return []
    keys, nested = _shape_of(shape)
    problems = [f"{path}: unknown key {bounded_repr(key, 40)}" for key in value if key not in keys]
    for key, inner, is_list in nested:
        child = value.get(key)
        if child is None:
            continue
        if not is_list:
            problems += _unknown_keys(child, inner, f"{path}.{key}")
        elif isinstance(child, list):
            inner_keys, inner_nested = _shape_of(inner)
            for number, item in enumerate(child):
                # Most items hold known keys only: look closer at the others.
                if inner_nested or (isinstance(item, Mapping) and not item.keys() <= inner_keys):
                    problems += _unknown_keys(item, inner, f"{path}.{key}[{number}]")
    return problems


def _describe(error: BaseException, kind: type | None) -> str:
    """cattrs' description of a problem, or ours where our hooks raised it."""
    if isinstance(error, _WrongType):
        return str(error)
    return format_exception(error, kind)


def _with_path_first(message: str) -> str:
    text, _, path = message.rpartition(" @ ")
    return f"{path}: {text}" if path else message


def _build(document: _ArticleDoc, line_layout: object) -> tuple[Article | None, list[str]]:
    """The article, through the checked constructors, or every rule it breaks.

    ``line_layout`` is the layout of a version 4 document, as it is in JSON.
    """
    problems: list[str] = []

    def checked(path: str, make: Any) -> Any:
        try:
            return make()
        except (ValidationError, FieldTypeError) as error:
            problems.append(f"{path}: {error}")
            return None

    breadcrumb = (
        None
        if document.breadcrumb is None
        else checked("$.breadcrumb", lambda: Breadcrumb(segments=tuple(document.breadcrumb or ())))
    )
    dateline = (
        None
        if document.dateline is None
        else checked("$.dateline", lambda: Dateline(text=document.dateline or ""))
    )
    summary = None
    if document.summary is not None:
        doc = document.summary
        summary = checked(
            "$.summary", lambda: Summary(heading=doc.heading, points=tuple(doc.points))
        )
    # The byline is checked with the other fields by _settled; meta, made by a converter, here.
    for name, text in document.meta.items():
        checked(
            f"$.meta[{bounded_repr(name, 40)}]",
            lambda name=name, text=text: check_meta_line(name, text),
        )
    strays = tuple(
        stray
        for number, item in enumerate(document.stray_lines)
        if (
            stray := checked(
                f"$.stray_lines[{number}]",
                lambda item=item: StrayLine(line=item.line, text=item.text),
            )
        )
    )
    layout: Any = None
    if line_layout is not None:
        layout = checked("$.layout", lambda: _line_layout(line_layout))
    dialect = checked(
        "$.dialect", lambda: _dialect_from(document.dialect, document.format_version)
    )
    if document.format != PAGE:
        if document.layout != _LayoutDoc() or line_layout is not None:
            problems.append(
                f"$: an article in the {document.format!r} format has no layout, "
                "only format_layout"
            )
        layout = checked(
            "$.format_layout",
            lambda: _layout_from_plain(document.format_layout, document.format),
        )
    elif document.format_layout is not None:
        problems.append("$.format_layout: only an article in a format other than 'page' has one")
    if problems:
        return None, problems
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
        layout=layout,
        defects=(),
    )
    if document.format == PAGE and document.layout != _LayoutDoc():
        old = attrs.asdict(document.layout, recurse=False)
        old["lines"] = [
            (line.kind, line.index, (tuple(line.gap), line.prefix, line.suffix))
            for line in document.layout.lines
        ]
        upgraded = checked("$.layout", lambda: _upgraded(old, article))
        object.__setattr__(article, "_layout", upgraded)
    layout = checked("$", lambda: _settled(article))
    if problems:
        return None, problems
    object.__setattr__(article, "_layout", layout)
    return article, []


def _settled(article: Article) -> Hashable:
    """The layout of ``article``, built unchecked, once its fields pass their rules too."""
    attrs.validate(article)
    return settle(article, repair=False)


def _dialect_from(value: object, version: int) -> Dialect:
    by_name = version in _DIALECT_BY_NAME
    if value is None or (by_name and isinstance(value, str)):
        return get_dialect(value)
    if not isinstance(value, Mapping):
        expected = "a dialect's name or an object" if by_name else "an object of its settings"
        raise FieldTypeError(f"expected {expected}, got {bounded_repr(value, 40)}")
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


def load_jsonl(source: Source) -> Iterator[Record]:
    """The records of a JSON Lines file (a path or a binary file), one at a time.

    A line that holds an article's document, as files of version 1 do, is
    read as a record without a source.  Blank lines are skipped.  Lines are
    UTF-8, as every text newsdoc reads.

    :raises DocumentError: naming the file (where it has a name) and the line
        number of a line that is not UTF-8, not a record or an article
        document; :class:`ReadError` when the file cannot be read, or a line
        is longer than 64 MiB.
    """
    name = name_of(source)
    where = "" if name is None else f"{name}, "
    for number, offset, line in record_lines(source):
        try:
            yield record_from_json(line, at=offset)
        except DocumentError as error:
            raise DocumentError(
                [f"{where}line {number}: {problem}" for problem in error.problems]
            ) from None


_RECORD = frozenset(("format_version", "source", "captured", "article"))


def record_from_json(line: bytes, *, at: int = 0) -> Record:
    """The record a line of JSON Lines holds, the line starting at byte offset ``at`` of its file.

    :raises DocumentError: listing every problem with the line.
    """
    data, text = _json_data(line, at=at)
    _refuse_lone_surrogates(data, text)
    if not (isinstance(data, dict) and "article" in data):
        return Record(article=_article(data))
    problems = [f"$: unknown key {bounded_repr(key, 40)}" for key in data if key not in _RECORD]
    version = data.get("format_version")
    if type(version) is not int or version not in _RECORD_VERSIONS:
        problems.append(f"$.format_version: expected 2, 3 or 4, got {bounded_repr(version, 40)}")
    captured = data.get("captured")
    if captured is not None:
        try:
            captured = _moment(captured)
        except (ValidationError, FieldTypeError) as error:
            problems.append(f"$.captured: {error}")
    source = data.get("source")
    if source is not None and not isinstance(source, str):
        problems.append(f"$.source: expected a string or null, got {type(source).__name__}")
    try:
        article = _article(data["article"])
    except DocumentError as error:
        problems += [problem.replace("$", "$.article", 1) for problem in error.problems]
    if problems:
        raise DocumentError(problems)
    try:
        return Record(article=article, source=source, captured=captured)
    except ValidationError as error:  # a moment without its offset
        raise DocumentError([f"$.captured: {error}"]) from None


def _moment(text: object) -> date:
    """``captured`` as written: ``YYYY-MM-DD``, or an ISO 8601 moment."""
    if not isinstance(text, str):
        raise FieldTypeError(f"captured is a string or null, got {type(text).__name__}")
    try:
        return datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text)
    except ValueError:
        raise ValidationError(
            f"captured is a date (YYYY-MM-DD) or an ISO 8601 moment with its offset, "
            f"got {bounded_repr(text, 60)}"
        ) from None
