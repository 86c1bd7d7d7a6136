"""What a declared line format is made of: each line's parts, how many, and where its text goes.

These are values, checked when they are made, and nothing else: ``_engine``
turns a sequence of :class:`Line` into a reader, a writer, a check and a
recognizer, so that no rule of a format is stated twice.

A line is a sequence of parts, written one after another with padding
(spaces and tabs) between them.  Each part says what its text looks like
and, except for a :class:`Fixed` text or a :class:`Mark`, which field of
the article it fills:

================  ===========================================================
``Fixed(text)``   the text itself, such as ``date`` or ``Published By:``
``Text(field)``   any text
``Date(field)``   text that reads as a date, or fits a pattern (``YYYY-MM-DD``)
``Split(field)``  segments between separators (a breadcrumb)
``Word(field)``   one of a few words (a summary heading)
``Mark()``        a bullet symbol, before the text of a point
``Same(field)``   the text of a field an earlier line filled (a repeated title)
================  ===========================================================

A part that takes any text ends where the next :class:`Fixed` part starts,
or at the end of the line, so two of them never stand side by side.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence
from typing import Any, Literal, TypeAlias, TypeGuard

import attrs

from newsdoc._errors import FieldTypeError, ValidationError, bounded_repr
from newsdoc._grammar import PAD

__all__ = [
    "ANY_BLANKS",
    "ANY_NUMBER",
    "DATE_RUNS",
    "FIELDS",
    "LISTS",
    "MANY",
    "NO_BLANK",
    "ONE",
    "OPTIONAL",
    "REPEATED",
    "SITUATIONS",
    "SOME_BLANKS",
    "TAKEN",
    "Blanks",
    "Count",
    "Date",
    "Fixed",
    "Line",
    "Mark",
    "New",
    "Part",
    "Same",
    "Split",
    "Text",
    "Word",
    "fields_of",
    "taken",
    "with_new",
]

Count: TypeAlias = Literal["one", "optional", "many", "any"]
ONE: Count = "one"
"""Exactly one such line."""
OPTIONAL: Count = "optional"
"""One such line, or none."""
MANY: Count = "many"
"""One or more such lines."""
ANY_NUMBER: Count = "any"
"""Any number of such lines, none included."""

Blanks: TypeAlias = Literal["none", "any", "some"]
NO_BLANK: Blanks = "none"
"""No blank line may stand before the line."""
ANY_BLANKS: Blanks = "any"
"""Any number of blank lines may stand before the line, none included."""
SOME_BLANKS: Blanks = "some"
"""At least one blank line stands before the line."""

TAKEN: Mapping[str, str] = {
    "title": "article.title or None",
    "breadcrumb": "None if article.breadcrumb is None else article.breadcrumb.segments",
    "dateline": "None if article.dateline is None else article.dateline.text",
    "summary.heading": "None if article.summary is None else article.summary.heading",
    "summary.points": "None if article.summary is None else article.summary.points",
    "body": "article.body or None",
    "byline": "article.byline",
}
"""The article fields a part can fill, each with how generated code takes it from
``article``: None where the article has none."""
FIELDS = frozenset(TAKEN)
"""The article fields a part can fill; ``meta.<name>`` fills the article's ``meta``."""


def taken(field: str) -> str:
    """How generated code takes ``field``, a name of :data:`FIELDS` or ``meta.<name>``,
    from ``article``: an expression that is None where the article has none."""
    if field.startswith("meta."):
        return f"article.meta.get({field[5:]!r})"
    return TAKEN[field]


LISTS = frozenset(("summary.points", "body"))
"""The fields that hold one text per line, from a line that repeats (:data:`MANY`)."""

New: TypeAlias = Literal["first", "second", "both", "anew"]
_NEW = ("first", "second", "both", "anew")
_COUNTS = ("one", "optional", "many", "any")
_NO_CODES: Mapping[str, str] = {}
REPEATED = ("many", "any")
"""The counts of a line kind that repeats."""
SITUATIONS = ("missing", "empty", "malformed", "alone", "interrupted", "blank-lines")
"""What a line kind's ``codes`` can name: a departure from the declaration, by kind."""
_BLANKS = ("none", "any", "some")
_META = re.compile(r"meta\.[a-z][a-z0-9-]*")
DATE_RUNS = re.compile(r"Y+|M+|D+|[^YMD]+")
"""The runs of a date pattern: of year, month or day digits, or of other characters."""


def _line_text(what: str, value: object) -> str:
    if not isinstance(value, str):
        raise FieldTypeError(f"{what} must be a str, got {type(value).__name__}")
    if not value or value.strip(PAD) != value or "\n" in value or "\r" in value:
        raise ValidationError(
            f"{what} must be non-empty text on one line, without padding, "
            f"got {bounded_repr(value, 40)}"
        )
    return value


def _field(value: object) -> str:
    if not isinstance(value, str):
        raise FieldTypeError(f"a field is named by a str, got {type(value).__name__}")
    if value not in FIELDS and not _META.fullmatch(value):
        raise ValidationError(
            f"unknown field {bounded_repr(value, 40)}: a part fills one of {sorted(FIELDS)}, "
            "or 'meta.<name>' (lower-case letters, digits and hyphens)"
        )
    return value


def _listed(what: str, value: Sequence[str] | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    if isinstance(value, str) or not isinstance(value, (tuple, list)):
        raise FieldTypeError(f"expected a tuple of strs, got {type(value).__name__}")
    items = tuple(_line_text(f"a {what}", item) for item in value)
    if not items:
        raise ValidationError(f"give at least one {what}, or None for the dialect's")
    return items


def _words(value: Sequence[str] | None) -> tuple[str, ...] | None:
    return _listed("word", value)


def _symbols(value: Sequence[str] | None) -> tuple[str, ...] | None:
    return _listed("bullet symbol", value)


def _fixed_text(value: str) -> str:
    return _line_text("a fixed text", value)


@attrs.frozen
class Fixed:
    """A text that is always the same, such as ``date`` or ``Published By:``."""

    text: str = attrs.field(converter=_fixed_text)


@attrs.frozen
class Text:
    """Any text, which fills ``field``."""

    field: str = attrs.field(converter=_field)


@attrs.frozen
class Date:
    """Text that reads as a date, which fills ``field`` (the dateline unless said).

    Without ``pattern``, any text :class:`~newsdoc.Dateline` reads as a date
    (``31 Jul``, ``2025-07-31T09:00Z``, ``2 hours ago``).  With one, the
    text has exactly its shape, ``Y``, ``M`` and ``D`` standing for digits
    of the year, month and day, and names a real day:
    ``Date(pattern="YYYY-MM-DD")``.
    """

    field: str = attrs.field(default="dateline", converter=_field)
    pattern: str | None = attrs.field(default=None)

    @pattern.validator
    def _check_pattern(self, attribute: attrs.Attribute[str | None], value: str | None) -> None:
        if value is None:
            return
        _line_text("a date pattern", value)
        letters = sorted(run[0] for run in DATE_RUNS.findall(value) if run[0] in "YMD")
        if letters != ["D", "M", "Y"]:
            raise ValidationError(
                f"a date pattern has one run each of Y, M and D, got {bounded_repr(value, 40)}"
            )

    def day(self, text: str) -> datetime.date | None:
        """The day ``text`` names in this date's pattern, or None when it names none."""
        pattern = self.pattern
        if pattern is None or len(text) != len(pattern):
            return None
        numbers = {"Y": "", "M": "", "D": ""}
        for shape, char in zip(pattern, text, strict=True):
            if shape in numbers:
                if not "0" <= char <= "9":
                    return None
                numbers[shape] += char
            elif shape != char:
                return None
        try:
            return datetime.date(int(numbers["Y"]), int(numbers["M"]), int(numbers["D"]))
        except ValueError:
            return None


@attrs.frozen
class Split:
    """Segments between separators, which fill ``field`` (the breadcrumb unless said).

    The separator is the dialect's :attr:`~newsdoc.Dialect.breadcrumb_separator`
    unless one is given.
    """

    field: str = attrs.field(default="breadcrumb", converter=_field)
    separator: str | None = attrs.field(default=None)

    @separator.validator
    def _check_separator(self, attribute: attrs.Attribute[str | None], value: str | None) -> None:
        if value is not None and (
            not isinstance(value, str) or not value.strip(PAD) or "\n" in value or "\r" in value
        ):
            raise ValidationError(
                "a separator is text on one line with a character other than spaces and tabs, "
                f"got {bounded_repr(value, 40)}"
            )


@attrs.frozen
class Word:
    """One of a few words, which fills ``field`` (the summary heading unless said).

    The words are the dialect's summary headings unless some are given.
    """

    field: str = attrs.field(default="summary.heading", converter=_field)
    words: tuple[str, ...] | None = attrs.field(default=None, converter=_words)


@attrs.frozen
class Mark:
    """A bullet symbol and padding before the text of a point: layout, not content.

    The symbols are the dialect's :attr:`~newsdoc.Dialect.bullet_symbols`
    unless some are given; the first is written in lines an edit adds.
    """

    symbols: tuple[str, ...] | None = attrs.field(default=None, converter=_symbols)


@attrs.frozen
class Same:
    """The text of ``field``, which an earlier line filled: a title repeated after a summary.

    It fills no field: whether the line is there is layout.
    """

    field: str = attrs.field(converter=_field)


Part: TypeAlias = Fixed | Text | Date | Split | Word | Mark | Same
_PARTS = (Fixed, Text, Date, Split, Word, Mark, Same)


def _takes_any_text(part: Part) -> TypeGuard[Text | Date | Split | Word | Same]:
    """Whether ``part`` ends only where the next fixed text or the line does."""
    return not isinstance(part, (Fixed, Mark)) and not (
        isinstance(part, Date) and part.pattern is not None
    )


def fields_of(parts: Sequence[Part]) -> tuple[str, ...]:
    """The fields ``parts`` fill, in order."""
    return tuple(part.field for part in parts if not isinstance(part, (Fixed, Mark, Same)))


def _check_parts(parts: tuple[Part, ...]) -> list[str]:
    problems = []
    if not parts:
        problems.append("a line has at least one part")
    for index, part in enumerate(parts):
        if not isinstance(part, _PARTS):
            raise FieldTypeError(
                "a line's parts are Fixed, Text, Date, Split, Word, Mark or Same, "
                f"got {type(part).__name__}"
            )
        if (
            isinstance(part, Mark)
            and index + 1 < len(parts)
            and isinstance(parts[index + 1], Mark)
        ):
            problems.append("two marks stand side by side")
        if (
            _takes_any_text(part)
            and index + 1 < len(parts)
            and not isinstance(parts[index + 1], Fixed)
        ):
            problems.append(
                f"the {part.field} part takes any text, so a Fixed part must follow it, "
                "or it must end the line"
            )
    if parts and isinstance(parts[-1], Mark):
        problems.append("a mark stands before text: it cannot end a line")
    if not fields_of(parts) and not any(isinstance(part, Same) for part in parts):
        problems.append("a line fills at least one field, or repeats one")
    return problems


def _codes(value: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, Mapping):
        raise FieldTypeError(f"codes is a mapping, got {type(value).__name__}")
    unknown = sorted(set(value) - set(SITUATIONS))
    if unknown:
        raise ValidationError(f"codes names the situations {SITUATIONS}, not {unknown}")
    for code in value.values():
        _line_text("a code", code)
    return tuple(sorted(value.items()))


@attrs.frozen(init=False)
class Line:
    """One kind of line in a declared format: its parts, how many, and what stands before it.

    >>> from newsdoc.lines import Line, Fixed, Date, Text, MANY, ANY_BLANKS
    >>> Line(Fixed("date"), Date(pattern="YYYY-MM-DD"), Text("title"), indent=" ").fields
    ('dateline', 'title')
    >>> Line(Text("body"), count=MANY, before=ANY_BLANKS).name
    'body'

    ``before`` says what may stand before the first of these lines, and
    ``between`` before each other one.  ``indent`` is the padding before the
    line's first part where a line is written anew (a point's indent is the
    dialect's :attr:`~newsdoc.Dialect.point_indent` too); a part is set off
    from the one before it by one space.  ``new`` says how lines an edit
    adds are laid out: ``"first"`` with the padding and bullet symbol the
    first of their kind has before its text, ``"second"`` after as many
    blank lines as the second, ``"both"`` with the first's padding and
    bullet symbol after as many blank lines as the second (points, spaced
    or not), ``"anew"`` each written anew.  ``mark``
    weighs the line as a sign of the format when a text's format is
    guessed, from 0 to 1.

    Four guards name other line kinds of the format, by name: a line is of
    this kind only ``after`` a line of that kind was read, ``unless`` it is
    a line of one of those kinds, and when the next non-blank line exists
    and is not of the ``not_then`` kind.  A line of this kind whose next
    non-blank line is not of the ``then`` kind stands alone: a departure.
    ``codes`` names the :class:`~newsdoc.ParseError` code of each departure
    (see :data:`SITUATIONS`) where the default does not suit.
    """

    parts: tuple[Part, ...]
    count: Count
    before: Blanks
    between: Blanks
    indent: str
    new: New
    mark: float
    name: str
    after: str | None
    unless: tuple[str, ...]
    then: str | None
    not_then: str | None
    codes: tuple[tuple[str, str], ...]
    fields: tuple[str, ...] = attrs.field(eq=False, repr=False)

    def __init__(
        self,
        *parts: Part,
        count: Count = ONE,
        before: Blanks = NO_BLANK,
        between: Blanks = ANY_BLANKS,
        indent: str = "",
        new: New = "first",
        mark: float = 0.0,
        name: str | None = None,
        after: str | None = None,
        unless: Sequence[str] = (),
        then: str | None = None,
        not_then: str | None = None,
        codes: Mapping[str, str] = _NO_CODES,
    ) -> None:
        problems = _check_parts(parts)
        fields = fields_of(parts)
        if count not in _COUNTS or before not in _BLANKS or between not in _BLANKS:
            problems.append(
                f"count is one of {_COUNTS}, and before and between are each one of {_BLANKS}"
            )
        if not isinstance(indent, str) or indent.strip(PAD):
            problems.append(f"indent holds spaces and tabs only, got {bounded_repr(indent, 40)}")
        if new not in _NEW:
            problems.append(f"new is one of {_NEW}, got {bounded_repr(new, 40)}")
        if type(mark) not in (int, float) or not 0.0 <= mark <= 1.0:
            problems.append(f"mark is a number from 0 to 1, got {bounded_repr(mark, 40)}")
        lists = [field for field in fields if field in LISTS]
        if lists and (count not in REPEATED or len(fields) != 1):
            problems.append(
                f"{lists[0]} holds one text per line: its line has no other field, and a "
                "count of MANY or ANY_NUMBER"
            )
        if count in REPEATED and not lists:
            problems.append("a line that repeats fills summary.points or body")
        if name is None:
            name = fields[0] if fields else None
        if not isinstance(name, str) or not name:
            problems.append("a line's name is a non-empty str (give one to a line of no field)")
        if isinstance(unless, str) or not all(isinstance(other, str) for other in unless):
            problems.append("unless is a tuple of line names")
        for guard in (after, then, not_then):
            if guard is not None and not isinstance(guard, str):
                problems.append(
                    f"after, then and not_then name a line, got {bounded_repr(guard, 40)}"
                )
        if problems:
            raise ValidationError("invalid Line: " + "; ".join(problems))
        assert name is not None  # refused above
        self.__attrs_init__(
            parts=parts,
            count=count,
            before=before,
            between=between,
            indent=indent,
            new=new,
            mark=float(mark),
            name=name,
            after=after,
            unless=tuple(unless),
            then=then,
            not_then=not_then,
            codes=_codes(codes),
            fields=fields,
        )

    @property
    def guards(self) -> tuple[str, ...]:
        """The names of the other line kinds this one's guards name."""
        named = (self.after, *self.unless, self.then, self.not_then)
        return tuple(name for name in named if name is not None)

    def code(self, situation: str) -> str:
        """The code of a departure from this kind of line in ``situation``."""
        for named, code in self.codes:
            if named == situation:
                return code
        return f"{situation}-{self.name}" if situation != "blank-lines" else "blank-lines"


def with_new(line: Line, new: New) -> Line:
    """``line``, the lines of its kind that an edit adds laid out as ``new`` says: a
    declaration as it was before its rule changed, to read what was written then."""
    # Every field the constructor takes by keyword: the parts go by place, and the
    # fields are derived from them.
    keywords: dict[str, Any] = {
        field.name: getattr(line, field.name)
        for field in attrs.fields(Line)
        if field.name not in ("parts", "fields")
    }
    return Line(*line.parts, **{**keywords, "codes": dict(line.codes), "new": new})
