"""The article types, each checked when it is made.

Every public type is frozen, slotted and keyword-only, and validates what it
is given.  The reader has already checked what it builds, so it goes
through the constructors of :func:`~newsdoc._pickling.builder` and skips
the checks; so does unpickling (see ``_pickling``), which trusts what was
pickled.

An article keeps its formatting beside its content, in its format's layout
record.  Whether an article reads back as itself is checked in one place,
:func:`settle`: a page by the engine's fit of the page's declaration
(``_page``), which writes it and reads it back, an article of another
format by that format's ``fit`` (``_plugins.fitted_layout``).  The engine
and the registry of formats are below this module, and know articles only
as fields: :func:`read_article` builds one from what the engine read.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, ItemsView, Iterator, Mapping
from datetime import date, datetime, timedelta, timezone
from typing import Any, TypeGuard, cast

import attrs

from newsdoc._dates import (
    DEFAULT_TOLERANCE,
    DateError,
    DateParts,
    ResolvedDate,
    check_arguments,
    parse_parts,
    resolve,
    years_in,
)
from newsdoc._engine import CANONICAL, LineLayout, Program, Reading, written_fields
from newsdoc._errors import Defect, FieldTypeError, NewsdocError, ValidationError, bounded_repr
from newsdoc._grammar import (
    DEFAULT_DIALECT,
    PAD,
    PAGE,
    Dialect,
    describe_dialect,
    get_dialect,
)
from newsdoc._page import LAYOUT_VERSION, layout_as_of, layout_from_trivia, page_program
from newsdoc._pickling import ByPublicName, builder, fields_of, rebuilt
from newsdoc._plugins import (
    DialectFormat,
    UnknownFormatError,
    check_dialect,
    check_foreign_layout,
    check_format_name,
    check_held,
    fitted_layout,
    get_format,
)

__all__ = [
    "NO_META",
    "Article",
    "Breadcrumb",
    "Dateline",
    "Failure",
    "FrozenMeta",
    "Record",
    "StrayLine",
    "Summary",
    "check_meta_line",
    "declared_program",
    "frozen_meta",
    "meta_of",
    "new_article",
    "new_breadcrumb",
    "new_dateline",
    "new_stray",
    "new_summary",
    "parse_dateline",
    "read_article",
    "settle",
]


# -- validation -------------------------------------------------------------


def _as_tuple(value: object) -> tuple[Any, ...]:
    if isinstance(value, tuple):
        return value
    if isinstance(value, list):
        return tuple(value)
    raise FieldTypeError(
        f"expected a tuple or a list, got {type(value).__name__} {bounded_repr(value, 60)}"
    )


# Typed apart so that type checkers see what each field takes: a str given
# where a tuple of them belongs is an error before it runs.
def _str_tuple(value: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    return _as_tuple(value)


def _stray_tuple(value: tuple[StrayLine, ...] | list[StrayLine]) -> tuple[StrayLine, ...]:
    return _as_tuple(value)


def _defect_tuple(value: tuple[Defect, ...] | list[Defect]) -> tuple[Defect, ...]:
    return _as_tuple(value)


def _dialect(value: Dialect | str) -> Dialect:
    return get_dialect(value)


def _is_line_text(value: object) -> TypeGuard[str]:
    """Whether ``value`` is text for one line: a non-empty str, no line break, no padding."""
    return (
        type(value) is str
        and value != ""
        and value[0] not in PAD
        and value[-1] not in PAD
        and "\n" not in value
        and "\r" not in value
    )


def _check_text(what: str, value: object) -> None:
    """Raise the error that says how ``value`` fails :func:`_is_line_text`."""
    if _is_line_text(value):
        return
    if not isinstance(value, str):
        raise FieldTypeError(f"{what} must be a str, got {type(value).__name__}")
    if not value:
        raise ValidationError(f"{what} must not be empty")
    if "\n" in value or "\r" in value:
        raise ValidationError(f"{what} must be one line, got {bounded_repr(value, 80)}")
    raise ValidationError(
        f"{what} must not start or end with a space or tab (padding is layout): "
        f"{bounded_repr(value, 80)}"
    )


def _text(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    _check_text(attribute.name, value)


def _texts(
    instance: object, attribute: attrs.Attribute[tuple[str, ...]], value: tuple[str, ...]
) -> None:
    for index, item in enumerate(value):
        _check_text(f"{attribute.name}[{index}]", item)


def _optional_text(
    instance: object, attribute: attrs.Attribute[str | None], value: str | None
) -> None:
    if value is not None:
        _check_text(attribute.name, value)


def _optional(cls: type) -> Callable[[object, attrs.Attribute[Any], object], None]:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None and not isinstance(value, cls):
            raise FieldTypeError(
                f"{attribute.name} must be a {cls.__name__} or None, got {type(value).__name__}"
            )

    return check


# -- meta -------------------------------------------------------------------------


class FrozenMeta(Mapping[str, str]):
    """An article's meta: names mapped to one-line texts, frozen and hashable.

    Equal to every mapping with the same items, as a dict is, and written
    as one.  Built only by :func:`meta_of`, so that :data:`NO_META` is the
    one empty meta and an article without meta is known by one identity
    check.  Inside an article it pickles as a plain dict (see
    :meth:`Article._pickled_fields`).
    """

    __slots__ = ("_hash", "_lines")

    _lines: dict[str, str]
    _hash: int

    def __init__(self, lines: dict[str, str]) -> None:
        object.__setattr__(self, "_lines", lines)
        object.__setattr__(self, "_hash", hash(frozenset(lines.items())))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("an article's meta is frozen: make another with attrs.evolve()")

    def __getitem__(self, name: str) -> str:
        return self._lines[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._lines)

    def __len__(self) -> int:
        return len(self._lines)

    # Asked of every article written: the dict's own, not the Mapping mixins' calls an item.
    def get(self, name: str, default: str | None = None) -> str | None:  # type: ignore[override]
        return self._lines.get(name, default)

    def items(self) -> ItemsView[str, str]:
        return self._lines.items()

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FrozenMeta):
            return self._lines == other._lines
        if isinstance(other, Mapping):
            return self._lines == dict(other.items())
        return NotImplemented

    def __repr__(self) -> str:
        return repr(self._lines)

    def __reduce__(self) -> tuple[Callable[[dict[str, str]], FrozenMeta], tuple[dict[str, str]]]:
        return (meta_of, (dict(self._lines),))


def meta_of(lines: dict[str, str]) -> FrozenMeta:
    """``lines``, already checked, as an article's meta: :data:`NO_META` when empty."""
    return FrozenMeta(lines) if lines else NO_META


NO_META = FrozenMeta({})
"""The meta of an article that has none."""


def check_meta_line(name: object, text: object) -> None:
    """Refuse a line of meta unless ``name`` can name it and ``text`` is one line of text.

    A name is a non-empty str of printable characters (no line break, no
    tab) without a space at either end: ``source``, ``tags``.  The text
    keeps the title's rules.

    :raises FieldTypeError: when either is not a str.
    :raises ValidationError: when either breaks its rule.
    """
    if type(name) is not str:
        raise FieldTypeError(f"meta's names are strs, got {type(name).__name__}")
    if not name or not name.isprintable() or name[0] == " " or name[-1] == " ":
        raise ValidationError(
            "a name in meta is printable text on one line without a space at either end, "
            f"got {bounded_repr(name, 40)}"
        )
    _check_text(f"meta[{bounded_repr(name, 40)}]", text)


def frozen_meta(value: Mapping[str, str]) -> Mapping[str, str]:
    """``value``, a mapping of names to texts, as an article's meta, once every line is checked.

    :raises FieldTypeError: when ``value`` is not a mapping, cannot be
        read, or holds a name or a text that is not a str.
    :raises ValidationError: when a name or a text breaks its rule (see
        :func:`check_meta_line`).
    """
    if type(value) is FrozenMeta:
        return value
    if not isinstance(value, Mapping):
        raise FieldTypeError(
            f"meta is a mapping of names to texts, got {type(value).__name__} "
            f"{bounded_repr(value, 60)}"
        )
    try:
        lines = dict(value.items())
    except Exception as error:  # a mapping of the caller's that fails to be read
        raise FieldTypeError(
            f"meta could not be read: {type(error).__name__}: {bounded_repr(error, 80)}"
        ) from None
    for name, text in lines.items():
        check_meta_line(name, text)
    return meta_of(lines)


# -- the content types ------------------------------------------------------


@attrs.frozen(kw_only=True)
class Breadcrumb(ByPublicName):
    """The trail of sections above the article, such as ``Home / Science / …``.

    >>> Breadcrumb(segments=("Home", "Science", "Comet seen from Lisbon")).segments[-1]
    'Comet seen from Lisbon'
    """

    segments: tuple[str, ...] = attrs.field(converter=_str_tuple)

    @segments.validator
    def _check(self, attribute: attrs.Attribute[tuple[str, ...]], value: tuple[str, ...]) -> None:
        if len(value) < 2:
            raise ValidationError(f"a breadcrumb has at least 2 segments, got {len(value)}")
        for index, segment in enumerate(value):
            if not isinstance(segment, str):
                raise FieldTypeError(
                    f"segments[{index}] must be a str, got {type(segment).__name__}"
                )
            if not segment.strip(PAD) or "\n" in segment or "\r" in segment:
                raise ValidationError(
                    f"segments[{index}] must be text on one line, got {bounded_repr(segment, 80)}"
                )
        if value[0][0] in PAD or value[-1][-1] in PAD:
            raise ValidationError("a breadcrumb must not start or end with a space or tab")

    @property
    def sections(self) -> tuple[str, ...]:
        """The segments between the root and the last one (``('Science',)``)."""
        return self.segments[1:-1]


@attrs.frozen(kw_only=True)
class Dateline(ByPublicName):
    """The short date line under the title, kept exactly as written.

    ``text`` is the source of truth and is all that is stored or written;
    what it means is read from it on demand.

    >>> from datetime import date
    >>> dateline = Dateline(text="31 Jul")
    >>> str(dateline)
    '31 Jul'
    >>> dateline.resolve(reference=date(2025, 8, 2)).value
    datetime.date(2025, 7, 31)
    """

    text: str = attrs.field(validator=_text)

    def __str__(self) -> str:
        return self.text

    @property
    def parts(self) -> DateParts | None:
        """What the dateline says of a date, or None when it states no real one.

        None means that :meth:`resolve` raises :class:`~newsdoc.DateError`
        whatever the reference: the text fits no shape newsdoc reads, or
        names a month, day, time or offset that does not exist
        (``2025-13-45T10:00``, ``30 Feb``, ``9999999999 days ago``).
        """
        parts = parse_parts(self.text)
        return None if isinstance(parts, str) else parts

    def resolve(
        self, reference: date | None = None, *, tolerance: timedelta = DEFAULT_TOLERANCE
    ) -> ResolvedDate:
        """The dateline as a real date, with what the text does not say taken from ``reference``.

        ``reference`` is when the page was captured: a :class:`datetime.date`,
        or an aware :class:`datetime.datetime` (needed for ``2 hours ago``).
        A yearless date takes the year of its latest occurrence not later
        than ``reference`` + ``tolerance``; ``29 Feb`` the latest leap year.
        Nothing is ever taken from the clock.

        When the date cannot be known without a guess (the dateline states
        no date, or needs a year, a moment or a zone that neither the body
        nor ``reference`` gives), :meth:`Dateline.resolve` raises
        :class:`~newsdoc.DateError` saying why and
        :meth:`Article.publication_date` returns None, arguments of the
        wrong type make both raise :class:`~newsdoc.FieldTypeError`, and a
        naive datetime :class:`~newsdoc.ValidationError`.

        :raises DateError: when the text states no date, needs a reference
            that was not given, or lands outside years 1 to 9999.
        :raises FieldTypeError: when ``reference`` is not None, a date or a
            datetime, or ``tolerance`` is not a timedelta.
        :raises ValidationError: when ``reference`` is a naive datetime.
        """
        return resolve(self.text, parse_parts(self.text), reference, tolerance)


def parse_dateline(text: str) -> Dateline:
    """A :class:`Dateline` for ``text``, to read or resolve on its own.

    >>> from datetime import datetime, timezone
    >>> moment = datetime(2025, 8, 1, 9, 0, tzinfo=timezone.utc)
    >>> parse_dateline("2 hours ago").resolve(reference=moment).value
    datetime.datetime(2025, 8, 1, 7, 0, tzinfo=datetime.timezone.utc)
    """
    return Dateline(text=text)


@attrs.frozen(kw_only=True)
class Summary(ByPublicName):
    """The summary heading and its bullet points (at least one)."""

    heading: str = attrs.field(default="Summary", validator=_text)
    points: tuple[str, ...] = attrs.field(converter=_str_tuple, validator=_texts)

    @points.validator
    def _at_least_one(
        self, attribute: attrs.Attribute[tuple[str, ...]], value: tuple[str, ...]
    ) -> None:
        if not value:
            raise ValidationError("a summary has at least one point")


@attrs.frozen(kw_only=True)
class StrayLine(ByPublicName):
    """A line that lenient parsing could not place, kept verbatim.

    ``line`` is its 1-based line number in the page, which is where
    :func:`newsdoc.dumps` puts it back.
    """

    line: int
    text: str

    def __attrs_post_init__(self) -> None:
        if type(self.line) is not int:
            raise FieldTypeError(
                f"a stray line's number is an int, got {bounded_repr(self.line, 40)}"
            )
        if not isinstance(self.text, str):
            raise FieldTypeError(f"a stray line's text is a str, got {type(self.text).__name__}")
        if self.line < 1:
            raise ValidationError(
                f"a stray line's number is 1-based, got {bounded_repr(self.line, 40)}"
            )
        if "\n" in self.text or "\r" in self.text or not self.text.strip(PAD):
            raise ValidationError(
                f"a stray line is one non-blank line, got {bounded_repr(self.text, 80)}"
            )


# -- the article ------------------------------------------------------------


def _format_name(article: Article, attribute: attrs.Attribute[str], name: str) -> None:
    check_format_name(name)


def _has_title_or_alone(article: Article, attribute: attrs.Attribute[str], title: str) -> None:
    if title == "" and type(title) is str:
        if (article.breadcrumb, article.dateline, article.summary, article.body) != (
            None,
            None,
            None,
            (),
        ):
            raise ValidationError(
                "title must not be empty: only a page with no title line has no title, "
                "and then it has no breadcrumb, dateline, summary or body either"
            )
        return
    _check_text("title", title)


@attrs.frozen(kw_only=True)
class Article(ByPublicName):
    """One page: breadcrumb, title, dateline, summary and body; a byline and meta where its
    format holds them.

    Only ``title`` is required.  Articles are immutable; edit one with
    :func:`attrs.evolve`, which keeps the page's formatting:

    >>> import attrs
    >>> a = Article(title="Ferry timetable changes", body=("Boats leave earlier.",))
    >>> attrs.evolve(a, title="Ferry timetable changes again").title
    'Ferry timetable changes again'

    Every article reads back as itself: an article is checked when it is
    made (by the constructor, :func:`attrs.evolve` and the JSON reader) by
    writing it and reading it back in its ``dialect``, and one that would
    read back otherwise is refused with a :class:`~newsdoc.ValidationError`
    that says how.  So :func:`newsdoc.dumps` never fails for a page in its
    own dialect.  An article of another ``format`` is checked by that
    format's ``fit``, where the format is installed and has one; a format
    declared as its lines (a :class:`~newsdoc.lines.LineFormat`) writes and
    reads it in its ``dialect`` too.  An article of any other format is in
    the default dialect.

    A ``byline`` and ``meta`` are lines only some formats declare (a
    format's ``holds`` names them); the ``page`` format declares neither.
    An article with either, in an installed format that cannot hold it, is
    refused with a :class:`~newsdoc.ValidationError` naming the registered
    formats that can.  An article of a format that is not installed keeps
    what it is given.

    Two articles are equal exactly when they are written alike, in the same
    format and dialect; :meth:`content_equals` compares the words alone.
    Changing the dialect with :func:`attrs.evolve` keeps what the layout
    records, and lines the page wrote as its dialect's default (the points'
    indent, the blank lines between paragraphs) take the new dialect's, in
    a declared format as in a page; :func:`newsdoc.dumps` with ``dialect=``
    converts a page instead.  An article
    whose ``title`` is ``""`` stands for a page with no title line (lenient
    reading of a page of blank lines and headings): it has no other content.
    """

    breadcrumb: Breadcrumb | None = attrs.field(default=None, validator=_optional(Breadcrumb))
    title: str = attrs.field(validator=_has_title_or_alone)
    dateline: Dateline | None = attrs.field(default=None, validator=_optional(Dateline))
    summary: Summary | None = attrs.field(default=None, validator=_optional(Summary))
    body: tuple[str, ...] = attrs.field(default=(), converter=_str_tuple, validator=_texts)
    byline: str | None = attrs.field(default=None, validator=_optional_text)
    """Who wrote the article, as one line of text (``"By Ana Ruiz"``), or None."""
    meta: Mapping[str, str] = attrs.field(default=NO_META, converter=frozen_meta)
    """Declared lines that have no field of their own, by name (``{"source": "https://…"}``):
    any mapping of names to one-line texts, kept frozen.  A name is printable text without a
    space at either end; lower-case words joined by hyphens (``source``, ``tags``) are usual."""
    stray_lines: tuple[StrayLine, ...] = attrs.field(default=(), converter=_stray_tuple)
    """Lines lenient parsing could not place, in page order."""
    dialect: Dialect = attrs.field(
        default=DEFAULT_DIALECT, converter=_dialect, repr=lambda d: describe_dialect(d)
    )
    """The vocabulary the article is written in (a :class:`Dialect`, or a registered name):
    of the page format, or of a format declared as its lines."""
    format: str = attrs.field(default=PAGE, validator=_format_name)
    """The name of the format the article is written in: ``"page"``, or a plugin's."""
    _layout: Hashable = attrs.field(default=None, repr=False)
    """The format's record of how the article is written (read it as :attr:`layout`).

    For the ``page`` format, leave it out: the reader records it, and an
    edit with :func:`attrs.evolve` keeps it.  Another format gives the
    frozen, hashable value of its own design that its ``dump`` reads."""
    defects: tuple[Defect, ...] = attrs.field(default=(), converter=_defect_tuple, eq=False)
    """What lenient parsing found wrong; a report, not part of the value."""

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_layout", settle(self, repair=True))

    def _pickled_fields(self) -> dict[str, Any]:
        fields = fields_of(self)
        fields["meta"] = dict(self.meta)  # of a private class: pickled as a plain dict
        if self.format == PAGE:
            # A page's layout is of a private class: pickled as plain values.
            fields["layout"] = tuple(cast(LineLayout, self._layout))
        # The version of the rules a declared format's layout is recorded by.
        fields["layout_version"] = LAYOUT_VERSION
        return fields

    @classmethod
    def _from_pickled_fields(cls, fields: dict[str, Any]) -> Article:
        if "meta" in fields:  # a pickle made before meta existed has none
            fields = {**fields, "meta": meta_of(fields["meta"])}
        format = fields.get("format", PAGE)
        layout: Any = fields.get("layout")
        # Pickles made before format version 5 say no version.
        version = fields.get("layout_version", 4)
        if format == PAGE:
            if isinstance(layout, dict):  # pickled before the page format was declared
                article = rebuilt(cls, {**fields, "layout": CANONICAL})
                layout = layout_from_trivia(
                    layout, written_fields(article), article.stray_lines, article.dialect
                )
                version = LAYOUT_VERSION
            layout = CANONICAL if layout == CANONICAL else LineLayout(*layout)
        if version < LAYOUT_VERSION and isinstance(layout, LineLayout) and layout != CANONICAL:
            # Recorded before a declaration's lines could be new="both".
            article = rebuilt(cls, {**fields, "layout": CANONICAL})
            program = declared_program(format, article.dialect)
            if program is not None:
                fields_read = written_fields(article)
                layout = layout_as_of(version, layout, fields_read, article.stray_lines, program)
        return rebuilt(cls, {**fields, "layout": layout})

    @property
    def layout(self) -> Hashable:
        """How the article is written, beyond its content, in the terms of its format.

        For the ``page`` format, as for every format declared as its lines,
        the engine's record of what departs from the declared defaults (see
        ``docs/json-and-exports.md``); see ``docs/howto/write-a-format.md``
        for another format's.
        """
        return self._layout

    def publication_date(
        self, reference: date | None = None, *, tolerance: timedelta = DEFAULT_TOLERANCE
    ) -> ResolvedDate | None:
        """When the article was published, as far as can be known.

        A yearless dateline takes its year from the body when the body states
        the same day and month with a year (``On July 31, 2025, ...``), and
        otherwise from ``reference`` (see :meth:`Dateline.resolve`).  An
        article without a dateline has no publication date (None).

        When the date cannot be known without a guess (the dateline states
        no date, or needs a year, a moment or a zone that neither the body
        nor ``reference`` gives), :meth:`Dateline.resolve` raises
        :class:`~newsdoc.DateError` saying why and
        :meth:`Article.publication_date` returns None, arguments of the
        wrong type make both raise :class:`~newsdoc.FieldTypeError`, and a
        naive datetime :class:`~newsdoc.ValidationError`.

        :raises FieldTypeError: when ``reference`` is not None, a date or a
            datetime, or ``tolerance`` is not a timedelta.
        :raises ValidationError: when ``reference`` is a naive datetime.
        """
        check_arguments(reference, tolerance)
        if self.dateline is None:
            return None
        text = self.dateline.text
        parts = parse_parts(text)
        if isinstance(parts, str):
            return None
        body_years = None
        if parts.year is None and parts.month is not None and parts.day is not None:
            body_years = years_in(self.body, parts.month, parts.day)
        try:
            return resolve(text, parts, reference, tolerance, body_years)
        except DateError:
            return None

    def content_equals(self, other: Article) -> bool:
        """Whether ``other`` says the same, however either is formatted.

        >>> a = Article(title="Bridge reopens")
        >>> a.content_equals(Article(title="Bridge reopens"))
        True
        """
        if not isinstance(other, Article):
            raise FieldTypeError(f"content_equals() takes an Article, got {type(other).__name__}")
        return (
            self.breadcrumb == other.breadcrumb
            and self.title == other.title
            and self.dateline == other.dateline
            and self.summary == other.summary
            and self.body == other.body
            and self.byline == other.byline
            and self.meta == other.meta
            and [s.text for s in self.stray_lines] == [s.text for s in other.stray_lines]
        )


def settle(article: Article, *, repair: bool) -> Hashable:
    """The layout ``article`` takes, once its parts fit together and it reads back as itself.

    Its fields are checked one by one already.  With ``repair`` (the
    constructor and :func:`attrs.evolve`), the formatting of lines an edit
    removed is dropped; without it (the JSON reader), such formatting is
    an error.

    :raises ValidationError: or :class:`FieldTypeError`, naming the problem.
    """
    previous = 0
    for stray in article.stray_lines:
        if not isinstance(stray, StrayLine):
            raise FieldTypeError(f"stray_lines holds StrayLine items, got {type(stray).__name__}")
        if stray.line <= previous:
            raise ValidationError("stray_lines must be in page order, one per line number")
        previous = stray.line
    for defect in article.defects:
        if not isinstance(defect, Defect):
            raise FieldTypeError(f"defects holds Defect items, got {type(defect).__name__}")
    recorded = article.layout
    # A page's article has neither a byline nor meta: two checks, and its format is not asked.
    if article.format != PAGE or article.byline is not None or article.meta is not NO_META:
        return _foreign_layout(article, recorded, repair=repair)
    layout = CANONICAL if recorded is None else recorded
    if not isinstance(layout, tuple):
        raise FieldTypeError(f"layout must be a LineLayout, got {type(layout).__name__}")
    program = page_program(article.dialect)
    return program.fit(
        written_fields(article),
        article.stray_lines,
        program.check_layout(layout),
        repair=repair,
    )


def declared_program(format: str, dialect: Dialect) -> Program | None:
    """The program of the format named ``format`` in ``dialect``: the page's, or that of an
    installed format declared as its lines; None for any other, or one not installed."""
    if format == PAGE:
        return page_program(dialect)
    try:
        fmt = get_format(format)
    except UnknownFormatError:
        return None
    return fmt._program_in(dialect) if isinstance(fmt, DialectFormat) else None


def read_article(reading: Reading, *, dialect: Dialect, format: str) -> Article:
    """The article of what the engine read, built unchecked: reading checked it."""
    fields, _, layout, strays, defects, meta = reading
    get = fields.get
    segments = get("breadcrumb")
    dateline = get("dateline")
    heading = get("summary.heading")
    return new_article(
        breadcrumb=None if segments is None else new_breadcrumb(segments=segments),
        title=get("title", ""),
        dateline=None if dateline is None else new_dateline(text=dateline),
        summary=(
            None
            if heading is None
            else new_summary(heading=heading, points=tuple(fields["summary.points"]))
        ),
        body=tuple(get("body", ())),
        byline=get("byline"),
        meta=meta_of(meta),
        stray_lines=(
            tuple(new_stray(line=line, text=text) for line, text in strays) if strays else ()
        ),
        dialect=dialect,
        format=format,
        layout=layout,
        defects=tuple(defects),
    )


def _foreign_layout(article: Article, layout: Hashable, *, repair: bool) -> Hashable:
    """The layout of an article in a format other than ``page``, as that format fits it.

    Any hashable value; the format's ``fit``, where it has one and is
    installed, fits it to the content (after an edit) or refuses the article.
    An article with a byline or meta comes here whatever its format, to be
    refused unless its format holds them: the ``page`` format never does.
    """
    check_held(article)
    check_dialect(article)
    check_foreign_layout(layout, article.format)
    return fitted_layout(article, repair=repair)


def with_layout(article: Article, layout: LineLayout, **changes: Any) -> Article:
    """:func:`attrs.evolve` of ``article`` that sets its private layout too."""
    return attrs.evolve(article, layout=layout, **changes)


# -- records --------------------------------------------------------------------


def _captured(record: Record, attribute: attrs.Attribute[date | None], value: object) -> None:
    if value is None:
        return
    if not isinstance(value, date):
        raise FieldTypeError(
            f"captured must be a date, an aware datetime or None, got {type(value).__name__}"
        )
    if isinstance(value, datetime) and value.utcoffset() is None:
        raise ValidationError("captured must be an aware datetime (with a time zone) or a date")


def _fixed_offset(value: object) -> object:
    """An aware datetime at its UTC offset, which is what JSON can say of it."""
    if not isinstance(value, datetime) or value.tzinfo is None:
        return value
    try:
        offset = value.utcoffset()
    except Exception as error:
        raise FieldTypeError(f"captured's time zone gives no UTC offset: {error}") from None
    if offset is None or isinstance(value.tzinfo, timezone):
        return value
    return value.replace(tzinfo=timezone(offset), fold=0)


def _source(record: object, attribute: attrs.Attribute[str | None], value: object) -> None:
    if value is not None and not isinstance(value, str):
        raise FieldTypeError(f"source must be a str or None, got {type(value).__name__}")


def _instance_of(cls: type) -> Callable[[object, attrs.Attribute[Any], object], None]:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, cls):
            raise FieldTypeError(
                f"{attribute.name} must be a {cls.__name__}, got {type(value).__name__}"
            )

    return check


@attrs.frozen(kw_only=True)
class Record(ByPublicName):
    """An article, with where and when its page was found.

    >>> from datetime import date
    >>> from newsdoc import Article, Dateline
    >>> record = Record(
    ...     article=Article(title="Ferries resume", dateline=Dateline(text="31 Jul")),
    ...     source="pages/ferries.txt",
    ...     captured=date(2026, 8, 2),
    ... )
    >>> record.publication_date().value
    datetime.date(2026, 7, 31)
    """

    article: Article = attrs.field(validator=_instance_of(Article))
    source: str | None = attrs.field(default=None, validator=_source)
    """The path or URL the page was read from, as text."""
    captured: date | datetime | None = attrs.field(
        default=None, converter=_fixed_offset, validator=_captured
    )
    """When the page was fetched: a date, or an aware datetime, kept at its UTC offset
    (a zone such as ``Europe/Paris`` gives the offset it had then)."""

    def publication_date(self, *, tolerance: timedelta = DEFAULT_TOLERANCE) -> ResolvedDate | None:
        """The article's publication date, with ``captured`` as the reference.

        See :meth:`Article.publication_date`; a record captured on 2 August
        dates a ``31 Jul`` dateline to the 31st of July of that year.
        """
        return self.article.publication_date(self.captured, tolerance=tolerance)


@attrs.frozen(kw_only=True)
class Failure(ByPublicName):
    """A page (or a folder) :func:`load_many` could not read: its source, and why.

    Yielded in the page's place, so that one bad page ends nothing; skip
    it, collect it, or ``raise failure.error``.
    """

    source: str = attrs.field(validator=_instance_of(str))
    error: NewsdocError = attrs.field(validator=_instance_of(NewsdocError))


# The constructors of the readers, which check what they read themselves.
new_article = builder(Article)
new_breadcrumb = builder(Breadcrumb)
new_dateline = builder(Dateline)
new_stray = builder(StrayLine)
new_summary = builder(Summary)
