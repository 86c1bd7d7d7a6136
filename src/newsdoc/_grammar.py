"""The vocabulary of the page grammar (:class:`Dialect`), and how a page splits into lines.

The grammar itself, and the rules that decide which line is which, are the
page's declaration in ``_page``; this module says what the words are (the breadcrumb separator,
the summary headings, the bullet symbols) and answers what a single line is
made of: whether it is a heading, how long its bullet mark is.  Only SP and
HTAB count as padding: NBSP, zero-width and other look-alike characters are
text, and lines split on CR, LF and CRLF only.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Container, Iterable, Mapping
from typing import Literal

import attrs

from newsdoc._errors import FieldTypeError, ValidationError, bounded_repr
from newsdoc._pickling import ByPublicName, rebuilt
from newsdoc._registry import check_free, checked_name, look_up

__all__ = [
    "BOM",
    "DEFAULT_DIALECT",
    "EOLS",
    "KEY_TAKEAWAYS",
    "PAD",
    "PAGE",
    "Block",
    "Dialect",
    "UnknownDialectError",
    "describe_dialect",
    "dialect_names",
    "get_dialect",
    "locate",
    "locate_each",
    "lone_surrogate",
    "name_of_dialect",
    "register_dialect",
    "registered_dialects",
    "split_lines",
]

PAGE = "page"
"""The name of the format this grammar describes."""

PAD = " \t"
"""The characters that pad a line: everything else is text."""

BOM = "\ufeff"
"""The byte order mark a page or a document may open with, kept as layout."""

EOLS = ("\n", "\r\n", "\r")
"""The line endings, LF first: the ending of pages built by hand."""

_EOL = re.compile(r"(\r\n|\r|\n)")
_SURROGATE = re.compile("[\ud800-\udfff]")
_NO_TEXT = ("", " ", "\t")

Block = Literal["breadcrumb", "dateline", "summary", "body"]
_BLOCKS: frozenset[str] = frozenset(("breadcrumb", "dateline", "summary", "body"))


def split_lines(text: str) -> tuple[list[str], str, tuple[str, ...]]:
    """The lines of ``text``, its first line ending, and every ending if they differ.

    >>> split_lines("a\\r\\nb\\nc")
    (['a', 'b', 'c'], '\\r\\n', ('\\r\\n', '\\n'))
    """
    if "\r" not in text:
        return text.split("\n"), "\n", ()
    if "\n" not in text:
        return text.split("\r"), "\r", ()
    crlf = text.count("\r\n")
    if crlf == text.count("\r") == text.count("\n"):
        return text.split("\r\n"), "\r\n", ()
    parts = _EOL.split(text)
    endings = tuple(parts[1::2])
    return parts[0::2], endings[0], endings if len(set(endings)) > 1 else ()


def locate(text: str, offset: int) -> tuple[int, int, str]:
    """The 1-based line and column of ``text[offset]``, and the text of its line.

    >>> locate("a\\r\\nbc\\rd", 5)
    (2, 3, 'bc')
    """
    before = split_lines(text[:offset])[0]
    rest = split_lines(text[offset:])[0][0]
    return len(before), len(before[-1]) + 1, before[-1] + rest


def locate_each(text: str, offsets: Iterable[int]) -> list[tuple[int, int]]:
    """The 1-based line and column of each of ``offsets`` in ``text``, in one pass.

    ``offsets`` ascend; lines end where :func:`locate` ends them.

    >>> locate_each("a\\r\\nbc\\rd", [0, 5, 6])
    [(1, 1), (2, 3), (3, 1)]
    """
    ends = _EOL.finditer(text)
    pending = next(ends, None)
    line, start = 1, 0
    found = []
    for offset in offsets:
        while pending is not None and pending.end() <= offset:
            line, start = line + 1, pending.end()
            pending = next(ends, None)
        found.append((line, offset - start + 1))
    return found


def lone_surrogate(text: str) -> int:
    """The index of the first lone surrogate in ``text``, or -1: a code point UTF-8 cannot encode.

    >>> lone_surrogate("ab\\udc80"), lone_surrogate("\\U0001f600")
    (2, -1)
    """
    found = _SURROGATE.search(text)
    return -1 if found is None else found.start()


def _strings(value: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    if isinstance(value, (str, bytes)) or not isinstance(value, (tuple, list, frozenset, set)):
        raise FieldTypeError(f"expected a tuple of strings, got {type(value).__name__}")
    items = tuple(value)
    for item in items:
        if not isinstance(item, str):
            raise FieldTypeError(
                f"expected a tuple of strings, got an item {bounded_repr(item, 40)}"
            )
    return items


def _blocks(value: frozenset[Block] | tuple[Block, ...] | list[Block]) -> frozenset[Block]:
    names = frozenset(_strings(value))  # type: ignore[arg-type]  # _strings checks each item
    unknown = sorted(names - _BLOCKS)
    if unknown:
        raise ValidationError(f"unknown block names {unknown}; the blocks are {sorted(_BLOCKS)}")
    return names  # type: ignore[return-value]  # checked against _BLOCKS just above


def _one_line(word: str) -> bool:
    return "\n" not in word and "\r" not in word


@attrs.frozen(kw_only=True)
class Dialect(ByPublicName):
    """The vocabulary of one site's pages: what the parser looks for.

    The defaults describe the aggregator pages newsdoc was built for.  Pass
    another ``Dialect`` (or the name it was registered under) to
    :func:`newsdoc.loads`; the articles read with it remember it, and
    :func:`newsdoc.dumps` writes them in it.

    >>> Dialect(summary_headings=("Key points",)).summary_headings
    ('Key points',)
    """

    breadcrumb_separator: str = attrs.field(default=" / ")
    summary_headings: tuple[str, ...] = attrs.field(default=("Summary",), converter=_strings)
    bullet_symbols: tuple[str, ...] = attrs.field(
        default=("-", "\u2022", "*", "\u2013"), converter=_strings
    )
    required_blocks: frozenset[Block] = attrs.field(default=frozenset(), converter=_blocks)
    heading_case_matters: bool = attrs.field(default=True)
    """Whether ``Key takeaways`` differs from ``Key Takeaways`` as a heading."""
    heading_colon_optional: bool = attrs.field(default=False)
    """Whether a heading may end with a colon (``Key Takeaways:``)."""
    point_indent: str = attrs.field(default="")
    """The padding before the bullet of each point of an article built by hand."""
    paragraphs_apart: bool = attrs.field(default=False)
    """Whether the paragraphs of an article built by hand have a blank line between them."""

    headings: Container[str] = attrs.field(init=False, repr=False, eq=False)
    """What ``in`` finds a line (without padding) among the summary headings, as this
    dialect matches them: a set, unless case or a colon are let go."""
    canonical_mark: str = attrs.field(init=False, repr=False, eq=False)
    """The bullet mark of articles built by hand: the first symbol and a space."""
    canonical_point_prefix: str = attrs.field(init=False, repr=False, eq=False)
    """What comes before a point's text in an article built by hand: indent and mark."""
    canonical_paragraph_gap: tuple[str, ...] = attrs.field(init=False, repr=False, eq=False)
    """The blank lines between two paragraphs of an article built by hand."""
    _exact_width: int = attrs.field(init=False, repr=False, eq=False)
    _bullet: re.Pattern[str] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        problems = []
        separator = self.breadcrumb_separator
        if not isinstance(separator, str):
            raise FieldTypeError(
                f"breadcrumb_separator must be a str, got {bounded_repr(separator, 40)}"
            )
        if not separator.strip(PAD) or not _one_line(separator):
            problems.append(
                "breadcrumb_separator must be on one line and contain a character other "
                f"than spaces, got {bounded_repr(separator, 40)}"
            )
        if not self.summary_headings:
            problems.append("summary_headings must name at least one heading")
        if not self.bullet_symbols:
            problems.append("bullet_symbols must name at least one symbol")
        for word in (*self.summary_headings, *self.bullet_symbols):
            if not word or word != word.strip(PAD) or not _one_line(word):
                problems.append(
                    f"{bounded_repr(word, 40)} must be non-empty text on one line, without padding"
                )
        if (
            type(self.heading_case_matters) is not bool
            or type(self.heading_colon_optional) is not bool
            or type(self.paragraphs_apart) is not bool
        ):
            raise FieldTypeError(
                "heading_case_matters, heading_colon_optional and paragraphs_apart must be bools"
            )
        if not isinstance(self.point_indent, str):
            raise FieldTypeError(
                f"point_indent must be a str, got {type(self.point_indent).__name__}"
            )
        if self.point_indent.strip(PAD):
            indent = bounded_repr(self.point_indent, 40)
            problems.append(f"point_indent holds spaces and tabs only, got {indent}")
        if problems:
            raise ValidationError("invalid Dialect: " + "; ".join(problems))
        self._derive()

    @classmethod
    def _from_pickled_fields(cls, fields: dict[str, object]) -> Dialect:
        # Every article pickles its dialect, and a site's articles share one:
        # derived once, it is shared as the registered dialects are.
        return _unpickled_dialect(tuple(fields.items()))

    def _derive(self) -> None:
        """Set what the dialect derives from its words, to match lines fast."""
        symbols = "|".join(
            re.escape(s) for s in sorted(self.bullet_symbols, key=len, reverse=True)
        )
        headings: Container[str] = frozenset(self.summary_headings)
        if not self.heading_case_matters or self.heading_colon_optional:
            headings = _LooseHeadings(
                self.summary_headings, self.heading_case_matters, self.heading_colon_optional
            )
        object.__setattr__(self, "headings", headings)
        first = self.bullet_symbols[0]
        object.__setattr__(self, "canonical_mark", first + " ")
        object.__setattr__(self, "canonical_point_prefix", self.point_indent + first + " ")
        object.__setattr__(self, "canonical_paragraph_gap", ("",) if self.paragraphs_apart else ())
        # When no symbol starts with the canonical mark, a line that starts
        # with it and then text has a mark of exactly that length: the
        # regular expression below would say the same, only slower.  (-1
        # makes the shortcut never apply: no slice ``[:-1]`` equals the mark
        # and is followed by text.)
        exact = not any(s.startswith((first + " ", first + "\t")) for s in self.bullet_symbols)
        object.__setattr__(self, "_exact_width", len(first) + 1 if exact else -1)
        # The look-ahead makes a mark count only when text follows it.
        object.__setattr__(self, "_bullet", re.compile(f"(?:{symbols})[ \t]+(?=[^ \t])"))

    def is_heading(self, text: str) -> bool:
        """Whether ``text`` (a line without padding) is a summary heading."""
        return isinstance(text, str) and text in self.headings

    def bullet_mark_length(self, text: str) -> int:
        """How many leading characters of ``text`` form a bullet mark, or 0.

        ``text`` is a line without padding; a mark is a bullet symbol and the
        spaces after it, and counts only when text follows it.

        >>> DEFAULT_DIALECT.bullet_mark_length("\u2022 Fares rise")
        2
        >>> DEFAULT_DIALECT.bullet_mark_length("-5 degrees")
        0
        """
        if not isinstance(text, str):
            raise FieldTypeError(f"bullet_mark_length() takes a str, got {type(text).__name__}")
        width = self._exact_width
        if text[:width] == self.canonical_mark and text[width : width + 1] not in _NO_TEXT:
            return width
        match = self._bullet.match(text)
        return 0 if match is None else match.end()

    def missing_blocks(self, present: Mapping[str, object]) -> list[str]:
        """The required blocks that ``present`` (block name to value) lacks, sorted."""
        if not isinstance(present, Mapping):
            raise FieldTypeError(f"missing_blocks() takes a mapping, got {type(present).__name__}")
        return [
            block for block in sorted(self.required_blocks) if present.get(block) in (None, ())
        ]


@functools.lru_cache(maxsize=64)
def _unpickled_dialect(fields: tuple[tuple[str, object], ...]) -> Dialect:
    dialect = rebuilt(Dialect, dict(fields))
    dialect._derive()
    return dialect


class _LooseHeadings:
    """The summary headings of a dialect that lets case, or a final colon, go."""

    __slots__ = ("_case_matters", "_colon_optional", "_keys")

    def __init__(self, headings: tuple[str, ...], case_matters: bool, colon_optional: bool):
        self._case_matters = case_matters
        self._colon_optional = colon_optional
        self._keys = frozenset(map(self._key, headings))

    def _key(self, text: str) -> str:
        if self._colon_optional and text.endswith(":"):
            text = text[:-1]
        return text if self._case_matters else text.casefold()

    def __contains__(self, text: object) -> bool:
        return isinstance(text, str) and self._key(text) in self._keys


DEFAULT_DIALECT = Dialect()
"""The vocabulary of the pages newsdoc reads when none is given."""

KEY_TAKEAWAYS = Dialect(
    summary_headings=("Key Takeaways",),
    bullet_symbols=("\u2022",),
    heading_case_matters=False,
    heading_colon_optional=True,
    point_indent="  ",
    paragraphs_apart=True,
)
"""Pages with a ``Key Takeaways`` (or ``Key takeaways:``) heading and ``•`` points.

Articles built by hand in it are written as such pages are: points
indented two spaces, paragraphs apart.  Their dateline usually reads
``July 17, 2025``, which is the article's to say.
"""

_DIALECTS: dict[str, Dialect] = {"default": DEFAULT_DIALECT, "key-takeaways": KEY_TAKEAWAYS}


class UnknownDialectError(ValidationError, LookupError):
    """No dialect is registered under that name.

    A ``ValidationError`` too, as an unknown name was before this class
    existed: a name given for a dialect (to :class:`~newsdoc.Article`, or
    in a JSON document) is a value that breaks a rule.
    """

    __module__ = "newsdoc"


def register_dialect(name: str, dialect: Dialect, *, replace: bool = False) -> None:
    """Make ``dialect`` known as ``name``: to ``loads(dialect=name)``, and in JSON documents.

    :raises ValidationError: when ``name`` is empty or not printable, or is
        ``"default"`` and ``dialect`` is not the default dialect.
    :raises NameTakenError: (a ``ValidationError``) when another dialect has
        the name and ``replace`` is false.
    """
    checked_name(name, "dialect")
    if not isinstance(dialect, Dialect):
        raise FieldTypeError(f"register_dialect() takes a Dialect, got {type(dialect).__name__}")
    if name == "default" and dialect != DEFAULT_DIALECT:
        raise ValidationError("the name 'default' is DEFAULT_DIALECT's, which cannot be replaced")
    check_free(_DIALECTS, name, dialect, replace=replace, kind="dialect")
    _DIALECTS[name] = dialect


def dialect_names() -> list[str]:
    """The names of the built-in and registered dialects, sorted."""
    return sorted(_DIALECTS)


def get_dialect(dialect: Dialect | str | None) -> Dialect:
    """``dialect`` itself, the dialect registered under that name, or the default for None.

    :raises UnknownDialectError: when no dialect has that name.
    """
    if dialect is None:
        return DEFAULT_DIALECT
    if isinstance(dialect, Dialect):
        return dialect
    if isinstance(dialect, str):
        return look_up(_DIALECTS, dialect, "dialect", UnknownDialectError)
    raise FieldTypeError(f"expected a Dialect or a dialect's name, got {type(dialect).__name__}")


def registered_dialects() -> list[Dialect]:
    """Each registered dialect once, the default first."""
    unique: list[Dialect] = []
    for dialect in _DIALECTS.values():
        if dialect not in unique:
            unique.append(dialect)
    return unique


def describe_dialect(dialect: Dialect) -> str:
    """The registered name of ``dialect`` in quotes, or the dialect itself written out."""
    name = name_of_dialect(dialect)
    return repr(dialect) if name is None else repr(name)


def name_of_dialect(dialect: Dialect) -> str | None:
    """The name ``dialect`` is registered under, or None."""
    for name, known in _DIALECTS.items():
        if known == dialect:
            return name
    return None
