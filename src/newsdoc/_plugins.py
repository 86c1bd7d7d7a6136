"""The registry of formats: their contract, their names, and the plugins installed.

A format is any object with the members of :class:`Format`.  The registry
maps names to formats; the built-in ``page`` and ``json`` formats join it
through :func:`register_format`, as a plugin's do, and plugins installed
as distributions are found through the ``newsdoc.formats`` entry-point
group the first time the registry is asked for a name it does not hold.

The registry is below the model: an article of another format is checked
when it is made by that format's ``fit`` (:func:`fitted_layout`), found
here.  Reading and writing through formats (``_formats``) is above it.
"""

from __future__ import annotations

import math
import os
import warnings
from collections.abc import Callable, Hashable, Iterable
from typing import (
    TYPE_CHECKING,
    Any,
    Literal,
    NamedTuple,
    Protocol,
    TypeVar,
    cast,
    runtime_checkable,
)

from newsdoc._errors import (
    FieldTypeError,
    NewsdocError,
    ValidationError,
    bounded_repr,
    stacklevel_outside,
)
from newsdoc._grammar import DEFAULT_DIALECT, PAGE, Dialect, lone_surrogate
from newsdoc._registry import NameTakenError, check_free, checked_name, look_up

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

    from newsdoc._engine import Program
    from newsdoc._model import Article

__all__ = [
    "BUILT_IN",
    "ENTRY_POINT_GROUP",
    "JSON_LINES_SUFFIX",
    "DialectFormat",
    "Format",
    "FormatKind",
    "PluginError",
    "PluginWarning",
    "UnknownFormatError",
    "check_dialect",
    "check_foreign_layout",
    "check_format_name",
    "fitted_layout",
    "format_by_suffix",
    "format_names",
    "get_format",
    "guarded",
    "kind_of",
    "named_format",
    "plain_layout",
    "register_format",
    "registered_formats",
]

ENTRY_POINT_GROUP = "newsdoc.formats"
"""The entry-point group a distribution declares its formats in."""

JSON_LINES_SUFFIX = ".jsonl"
"""The suffix of JSON Lines files: records, one a line, wherever a path is read or written."""

FormatKind = Literal["page", "data"]
_T = TypeVar("_T")

HOLDABLE = ("byline", "meta")
"""The optional article fields a format's ``holds`` may name: lines only some formats have."""
_HOLDS_WHAT = {"byline": ("byline line", "a byline"), "meta": ("named lines for meta", "meta")}
"""For each of :data:`HOLDABLE`: what a format lacks without it, and what a format holds."""


@runtime_checkable
class Format(Protocol):
    """What newsdoc needs of a format: a name, a guess, a reader and a writer.

    A format may also have ``suffixes``, a tuple of file-name suffixes such
    as ``(".json",)`` that :func:`load` and :func:`dump` choose it by;
    ``fit(article)``, which newsdoc calls whenever an article of the format
    is made (by its constructor, :func:`attrs.evolve` or the JSON reader)
    and which returns the layout the article keeps, fitted to its content
    after an edit, or raises :class:`~newsdoc.ValidationError` for an
    article the format cannot write (it must not itself make an article of
    its format, which would call it again); ``sniffs_whole``, true when
    :meth:`sniff` must see the whole text (as the ``json`` format's does)
    rather than its first 64 KiB; ``upgrade_layout(layout, article)``,
    which returns a layout that an earlier version of the format wrote in a
    JSON document as the format keeps it now (a JSON document's layout must
    be the one ``fit`` gives, once upgraded); ``holds``, a frozenset of the optional
    article fields it has lines for, among ``"byline"`` and ``"meta"``
    (without it, neither: an article of the format with a byline or meta is
    refused when it is made, naming the formats that hold them); and ``kind``,
    which says what it promises (see :func:`newsdoc.testing.check_format`):

    ``"page"`` (the default)
        ``dump(parse(text)) == text`` for every text it accepts, also in
        lenient mode, which accepts every text; and ``parse(dump(a)) == a``
        for every article of its own, in strict mode where the article has
        no stray lines or defects (so lenient reading reports whatever
        strict reading refuses).  Its articles carry its ``name`` as
        ``format`` and a ``layout`` of its design.
    ``"data"``
        ``parse(dump(a)) == a`` for every article, of any format, byline and
        meta included, whatever its ``holds``; it may normalise whitespace,
        so the text round trip is not promised.
    """

    @property
    def name(self) -> str:
        """The format's name: printable, no spaces, and not ``auto``."""
        ...

    def sniff(self, text: str) -> float:
        """How sure the format is that ``text`` is one of its pages: from 0 to 1.

        Be confident (at least :data:`CONFIDENT`, 0.5) only where the text
        carries the format's own marks; look at its start, not all of it.
        ``format="auto"`` gives a plugin's sniff the first 64 KiB (65,536
        characters) of a longer text, up to the last line end among them,
        unless ``sniffs_whole`` is true, and expects an answer within 0.1
        seconds; a sniff that raises, returns anything
        but a number from 0 to 1, or takes longer is named in a
        :class:`PluginWarning`, once a process, and one that raises or
        returns something else is left out.
        """
        ...

    def parse(self, text: str, *, strict: bool = True) -> Article:
        """The article ``text`` holds.

        :raises ParseError: in strict mode, at the line and column where
            ``text`` departs from the format.
        """
        ...

    def dump(self, article: Article) -> str:
        """``article`` as text: as it was read when it is in this format.

        An article of another format is written in this format's canonical
        layout, or refused with :class:`~newsdoc.SerializeError`.
        """
        ...


class DialectFormat:
    """A format whose vocabulary is a dialect, as the page format's is: a declared format.

    Its ``parse`` takes ``dialect=`` and gives articles that carry it, and
    its ``dump`` and ``fit`` write an article in the article's dialect.
    The article of any other format is in the default dialect.
    """

    __slots__ = ()

    def parse(
        self, text: str, *, strict: bool = True, dialect: Dialect | str | None = None
    ) -> Article:
        """The article ``text`` holds, read in ``dialect`` (the default one for None)."""
        raise NotImplementedError

    def sniffed(self, text: str, at_least: float = 0.0) -> tuple[float, Dialect]:
        """How sure the format is that ``text`` is its own, and the dialect it reads best in.

        A score under ``at_least`` may be given as 0: a format that cannot
        reach it need not read further to say so.
        """
        raise NotImplementedError

    def _program_in(self, dialect: Dialect) -> Program:
        """The engine's program of the format's declaration in ``dialect``."""
        raise NotImplementedError


class UnknownFormatError(NewsdocError, LookupError):
    """No format is registered under that name."""

    __module__ = "newsdoc"


class _FormatNameTakenError(NameTakenError, UnknownFormatError):
    """A format's name is taken: for this release an UnknownFormatError too.

    :func:`register_format` raised UnknownFormatError for a taken name
    before :class:`NameTakenError` existed; code that catches it keeps
    working until the next release, which raises NameTakenError alone.
    """

    def __reduce__(self) -> tuple[type[NameTakenError], tuple[object, ...], dict[str, object]]:
        # Pickled as the public class it stands for: a stored pickle must not
        # name a class that goes away.
        return (NameTakenError, self.args, self.__dict__)


class PluginError(NewsdocError):
    """A format broke its contract: it raised an exception that is not newsdoc's,
    or returned a value of the wrong type.  The original exception is the cause."""

    __module__ = "newsdoc"


class PluginWarning(UserWarning):
    """A format plugin could not be loaded, or its sniff misbehaved; newsdoc carries on."""

    __module__ = "newsdoc"


BUILT_IN = frozenset((PAGE, "json"))
"""The names of the built-in formats, which no plugin replaces."""
_FORMATS: dict[str, Format] = {}
_SUFFIXES: dict[str, str] = {}
"""Each registered suffix, in lower case, and the name of its format."""
_discovered = False


# -- the registry -------------------------------------------------------------


def register_format(fmt: Format, *, replace: bool = False) -> None:
    """Make ``fmt`` known by its name, to :func:`loads`, :func:`dumps` and ``format="auto"``.

    :raises NameTakenError: (a ``ValidationError``) when another format has
        the name and ``replace`` is false, listing the known formats.  For
        this release it is an :class:`UnknownFormatError` too, as it was
        before; that is deprecated: catch ``NameTakenError``.
    :raises ValidationError: when ``fmt`` would replace a built-in format,
        or claims a suffix another format has, or its name or suffixes
        break their rules.
    :raises FieldTypeError: when ``fmt`` lacks a member of :class:`Format`.
    """
    name, suffixes, _, _ = _members(fmt)
    if name not in BUILT_IN:
        # So that a plugin of the same name is met now, whenever this is called.
        _discover()
    check_free(_FORMATS, name, fmt, replace=replace, kind="format", taken=_FormatNameTakenError)
    if name in BUILT_IN and _FORMATS.get(name, fmt) is not fmt:
        raise ValidationError(f"the built-in {name!r} format cannot be replaced")
    for suffix in suffixes:
        owner = _SUFFIXES.get(suffix)
        if owner is not None and owner != name:
            raise ValidationError(f"the suffix {suffix!r} is the {owner!r} format's already")
    for suffix in [s for s, owner in _SUFFIXES.items() if owner == name]:
        del _SUFFIXES[suffix]
    _FORMATS[name] = fmt
    _SUFFIXES.update(dict.fromkeys(suffixes, name))


def get_format(name: str) -> Format:
    """The format registered, or installed as a plugin, under ``name``.

    :raises UnknownFormatError: naming the known formats.
    """
    if isinstance(name, str) and name not in _FORMATS:
        _discover()
    return look_up(_FORMATS, name, "format", UnknownFormatError)


def format_names() -> list[str]:
    """The names of the built-in, registered and installed formats, sorted."""
    _discover()
    return sorted(_FORMATS)


def registered_formats() -> list[tuple[str, Format]]:
    """The built-in, registered and installed formats by name, in the order they joined."""
    _discover()
    return list(_FORMATS.items())


_METHODS = ("sniff", "parse", "dump")


def _has_methods(fmt: object) -> bool:
    return all(callable(getattr(fmt, method, None)) for method in _METHODS)


class _Members(NamedTuple):
    name: str
    suffixes: tuple[str, ...]
    kind: FormatKind
    holds: frozenset[str]


def _members(fmt: object) -> _Members:
    """The name, suffixes, kind and holds of ``fmt``, once it has every member of a format."""
    if isinstance(fmt, type):
        raise FieldTypeError(f"a format is an object, not a class: pass {fmt.__name__}()")
    try:
        missing = [method for method in _METHODS if not callable(getattr(fmt, method, None))]
    except Exception as error:  # a property that raises
        raise FieldTypeError(
            f"a format's methods must be readable: {type(error).__name__}: {error}"
        ) from None
    if missing:
        raise FieldTypeError(
            f"a format has the methods sniff, parse and dump; {type(fmt).__name__} "
            f"lacks {', '.join(missing)}"
        )
    try:
        name, suffixes, kind, holds = (
            getattr(fmt, "name", None),
            getattr(fmt, "suffixes", ()),
            getattr(fmt, "kind", "page"),
            getattr(fmt, "holds", frozenset[str]()),
        )
    except Exception as error:  # a property that raises
        raise FieldTypeError(
            "a format's name, suffixes, kind and holds must be readable: "
            f"{type(error).__name__}: {error}"
        ) from None
    name = check_format_name(name)
    rule = "a format's suffixes are a tuple of lower-case strs with one '.', at the start"
    if not (isinstance(suffixes, tuple) and all(isinstance(s, str) for s in suffixes)):
        raise FieldTypeError(f"{rule}, got {bounded_repr(suffixes, 60)}")
    if not all(
        s.startswith(".") and s.count(".") == 1 and len(s) > 1 and s == s.lower() for s in suffixes
    ):
        raise ValidationError(f"{rule}, got {bounded_repr(suffixes, 60)}")
    if JSON_LINES_SUFFIX in suffixes:
        raise ValidationError(
            f"the suffix {JSON_LINES_SUFFIX!r} names JSON Lines of records wherever a path is "
            "read or written: no format can claim it"
        )
    if kind not in ("page", "data"):
        refused = ValidationError if isinstance(kind, str) else FieldTypeError
        raise refused(f"a format's kind is 'page' or 'data', got {bounded_repr(kind, 40)}")
    rule = f"a format's holds is a frozenset of some of {', '.join(map(repr, HOLDABLE))}"
    if type(holds) is not frozenset:
        raise FieldTypeError(f"{rule}, got {bounded_repr(holds, 60)}")
    if not holds <= frozenset(HOLDABLE):
        raise ValidationError(f"{rule}, got {bounded_repr(holds, 60)}")
    return _Members(name, suffixes, cast(FormatKind, kind), holds)


def check_format_name(name: object) -> str:
    """``name``, once it can name a format: printable, without spaces, not ``auto``.

    :raises FieldTypeError: when ``name`` is not a str.
    :raises ValidationError: when it breaks those rules.
    """
    text = checked_name(name, "format")
    if " " in text or text == "auto":
        raise ValidationError(
            f"a format's name has no spaces and is not 'auto', got {bounded_repr(text, 40)}"
        )
    return text


def kind_of(fmt: Format) -> FormatKind:
    """What ``fmt`` promises: ``"page"`` or ``"data"``."""
    return _members(fmt).kind


def entry_points(*, group: str) -> Iterable[EntryPoint]:
    """The entry points installed distributions declare in ``group``."""
    # Imported here: importlib.metadata would cost every program that imports
    # newsdoc a tenth of its start-up, and only discovery needs it.
    from importlib.metadata import entry_points as installed

    return installed(group=group)


def _discover() -> None:
    """Register the formats installed distributions declare, once, warning about broken ones."""
    global _discovered
    if _discovered:
        return
    _discovered = True
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        try:
            loaded = entry.load()
            makes_one = isinstance(loaded, type) or (callable(loaded) and not _has_methods(loaded))
            fmt = loaded() if makes_one else loaded
            if fmt not in _FORMATS.values():
                register_format(fmt)
        except Exception as error:
            distribution = getattr(entry, "dist", None)
            where = (
                "an unknown distribution"
                if distribution is None
                else f"the distribution {distribution.name} {distribution.version}"
            )
            warnings.warn(
                PluginWarning(
                    f"newsdoc could not load the format plugin {entry.name!r} "
                    f"({entry.value}) from {where}: {type(error).__name__}: {error}"
                ),
                stacklevel=stacklevel_outside(),
            )


def named_format(fmt: Format | str) -> Format:
    """The format ``fmt`` names, or ``fmt`` itself once it has a format's members."""
    if isinstance(fmt, str):
        return get_format(fmt)
    _members(fmt)
    return fmt


def guarded(fmt: Format, what: str, call: Callable[[], object], returns: type[_T]) -> _T:
    """``call()``, a method of ``fmt``, with anything but newsdoc's errors made a PluginError."""
    try:
        result = call()
    except NewsdocError:
        raise
    except Exception as error:
        raise PluginError(
            f"the {fmt.name!r} format's {what} raised {type(error).__name__}: {error}"
        ) from error
    if not isinstance(result, returns):
        raise PluginError(
            f"the {fmt.name!r} format's {what} returned {type(result).__name__}, "
            f"not {returns.__name__}"
        )
    return result


def fitted_layout(article: Article, *, repair: bool) -> Hashable:
    """The layout ``article`` keeps, by its format's ``fit``: its own where there is none.

    The format is looked for among the installed plugins too; where it is
    not installed, the article keeps the layout it was given.  Without
    ``repair`` (the JSON reader), a layout its format would fit otherwise
    is refused, as a page's is.
    """
    fmt = _installed(article.format)
    if fmt is not None and kind_of(fmt) == "data":
        raise ValidationError(
            f"the {fmt.name!r} format carries articles of other formats: no article is in it"
        )
    fit = getattr(fmt, "fit", None)
    if fmt is None or not callable(fit):
        return article.layout
    layout = guarded(fmt, "fit()", lambda: fit(article), object)
    check_foreign_layout(layout, fmt.name)
    given = article.layout
    upgrade = getattr(fmt, "upgrade_layout", None)
    if callable(upgrade):
        given = guarded(fmt, "upgrade_layout()", lambda: upgrade(given, article), object)
    if not repair and layout != given:
        raise ValidationError(
            f"the layout does not fit the content: the {fmt.name!r} format fits it as "
            f"{bounded_repr(layout, 120)}"
        )
    return layout


def _installed(name: str) -> Format | None:
    """The format registered, or installed as a plugin, under ``name``; None where none is."""
    fmt = _FORMATS.get(name)
    if fmt is None:
        _discover()
        fmt = _FORMATS.get(name)
    return fmt


def check_held(article: Article) -> None:
    """Refuse ``article`` where its format has no line for its byline or its meta.

    A format holds what its ``holds`` names; a data format carries every
    article; an article of a format that is not installed keeps what it
    was given.

    :raises ValidationError: naming the registered formats that hold what
        the article's format lacks.
    """
    present = [
        field
        for field, has in (("byline", article.byline is not None), ("meta", bool(article.meta)))
        if has
    ]
    if not present:
        return
    fmt = _installed(article.format)
    if fmt is None:
        return
    _, _, kind, holds = _members(fmt)
    lacking = [field for field in present if field not in holds]
    if kind == "data" or not lacking:
        return
    field = lacking[0]
    lacks, what = _HOLDS_WHAT[field]
    _discover()  # the installed plugins may hold it
    holders = [
        repr(name)
        for name in sorted(_FORMATS)
        if (members := _members(_FORMATS[name])).kind == "page" and field in members.holds
    ]
    where = (
        f"formats that hold {what}: {', '.join(holders)}"
        if holders
        else f"no registered format holds {what}"
    )
    raise ValidationError(f"the {fmt.name!r} format has no {lacks}; {where}")


def check_dialect(article: Article) -> None:
    """Refuse ``article`` where it has a dialect other than the default and its format has none.

    Only a :class:`DialectFormat` has dialects; an article of a format that
    is not installed keeps the dialect it was given.

    :raises ValidationError: naming the format.
    """
    if article.dialect == DEFAULT_DIALECT:
        return
    fmt = _installed(article.format)
    if fmt is not None and not isinstance(fmt, DialectFormat):
        raise ValidationError(
            f"an article in the {fmt.name!r} format has the default dialect: the format "
            "has no other; a dialect is the vocabulary of the page format and of declared ones"
        )


def format_by_suffix(path: str) -> Format | None:
    """The format registered (or installed) for the suffix of ``path``, or None."""
    _discover()
    name = _SUFFIXES.get(os.path.splitext(path)[1].lower())
    return None if name is None else _FORMATS[name]


# -- the layout of an article in a format other than page ----------------------


_DEEPEST_LAYOUT = 200
"""How deep tuples may nest in a format's layout: far more than any needs, and hashing
(which recurses in C, beyond Python's guard) stays on the stack."""


def _nested_deeper(value: object, most: int) -> bool:
    """Whether ``value`` nests tuples or frozensets more than ``most`` deep (found by a loop)."""
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (tuple, frozenset)):
            if depth == most:
                return True
            stack += [(inner, depth + 1) for inner in item]
    return False


def check_foreign_layout(layout: object, format_name: str) -> None:
    """Refuse ``layout`` unless it can be the layout of a format other than a page's.

    That is a value its JSON document carries back equal (see
    :func:`plain_layout`).

    :raises FieldTypeError: or :class:`ValidationError`, saying why.
    """
    if _nested_deeper(layout, _DEEPEST_LAYOUT):
        raise ValidationError(
            f"the {format_name!r} format's layout nests more than {_DEEPEST_LAYOUT} deep"
        )
    plain_layout(layout, format_name)
    try:
        hash(layout)  # a tuple subclass may hash otherwise
    except Exception:
        raise FieldTypeError(
            f"the {format_name!r} format's layout is a frozen, hashable value, "
            f"got {type(layout).__name__}"
        ) from None


_INT_DIGITS = 4300
"""The most digits of an int in a layout: Python reads no longer one from JSON by default."""
_INT_BOUND = 10**_INT_DIGITS


def plain_layout(layout: object, format_name: str) -> Any:
    """``layout``, a format's, as JSON data that reads back equal to it: tuples become lists.

    Such a layout is built of None, bools, ints of at most 4300 digits,
    finite floats, strs without lone surrogates (which a UTF-8 document
    cannot hold), and tuples of these, which come back as plain tuples.
    This is the one rule: articles refuse other layouts, so the JSON
    writer never meets one.

    :raises FieldTypeError: for a value of another type;
        :class:`ValidationError` for one JSON would not carry back equal.
    """
    try:
        return _plain(layout)
    except (FieldTypeError, ValidationError) as error:
        raise type(error)(
            f"the {format_name!r} format's layout must be a value its JSON document carries "
            "back equal, built of None, bools, ints, finite floats, strs and tuples: "
            f"{error}"
        ) from None


def _plain(value: object) -> Any:
    if value is None or type(value) is bool:
        return value
    if type(value) is int:
        if -_INT_BOUND < value < _INT_BOUND:
            return value
        raise ValidationError(f"it holds an int of more than {_INT_DIGITS} digits")
    if type(value) is float:
        if math.isfinite(value):
            return value
        raise ValidationError(f"it holds {value!r}")
    if type(value) is str:
        if lone_surrogate(value) < 0:
            return value
        raise ValidationError(f"it holds {bounded_repr(value, 60)}, with a lone surrogate")
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    raise FieldTypeError(f"it holds a {type(value).__name__}")
