"""The article types, and the layout record that keeps formatting beside them.

Every public type is frozen, slotted and keyword-only, and validates what it
is given.  The parser has already checked what it builds, so it goes
through :func:`builder` and skips the checks.

Formatting lives apart from the meaning, in :class:`Layout`: which bullet
mark, how many blank lines, which line endings.  The layout is part of an
article's value (two articles are equal exactly when they are written
alike), but it is private: articles built by hand get the canonical layout.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import Any, Literal, NamedTuple, TypeGuard, TypeVar

import attrs

from newsdoc._dates import (
    DEFAULT_TOLERANCE,
    DateParts,
    ResolvedDate,
    parse_parts,
    resolve,
    years_in,
)
from newsdoc._errors import Defect, FieldTypeError, ValidationError
from newsdoc._grammar import PAD

__all__ = [
    "CANONICAL",
    "EOLS",
    "KINDS",
    "Article",
    "Breadcrumb",
    "Dateline",
    "Gap",
    "Kind",
    "Layout",
    "StrayLine",
    "Summary",
    "Trivia",
    "builder",
    "default_trivia",
    "is_line_text",
    "new_article",
    "new_breadcrumb",
    "new_dateline",
    "new_layout",
    "new_summary",
    "page_lines",
    "parse_dateline",
    "slot_counts",
]

_T = TypeVar("_T")

EOLS = ("\n", "\r\n", "\r")

Gap = tuple[str, ...]
"""The blank lines before a line: each holds nothing but padding."""

Kind = Literal["breadcrumb", "title", "dateline", "heading", "point", "repeat", "paragraph"]
KINDS: tuple[Kind, ...] = (
    "breadcrumb",
    "title",
    "dateline",
    "heading",
    "point",
    "repeat",
    "paragraph",
)
_KIND_ORDER = {kind: order for order, kind in enumerate(KINDS)}


def builder(cls: type[_T]) -> Callable[..., _T]:
    """A constructor for values already known to be valid: no checks, no conversions.

    It takes every field of ``cls`` positionally, in declaration order, and
    sets the slots directly: three to four times as fast as the checked
    ``__init__``.  Like attrs' own ``__init__``, its source is generated per
    class, so that no loop runs per call.
    """
    names = [field.name for field in attrs.fields(cls)]  # type: ignore[arg-type]
    namespace: dict[str, Any] = {"new": object.__new__, "cls": cls}
    lines = [f"def build({', '.join(names)}):", "    self = new(cls)"]
    for number, name in enumerate(names):
        namespace[f"set_{number}"] = cls.__dict__[name].__set__
        lines.append(f"    set_{number}(self, {name})")
    lines.append("    return self")
    exec("\n".join(lines), namespace)  # the source is built from field names
    build: Callable[..., _T] = namespace["build"]
    return build


# -- validation -------------------------------------------------------------


def _as_tuple(value: object) -> tuple[Any, ...]:
    if isinstance(value, tuple):
        return value
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise FieldTypeError(f"expected a tuple, got {type(value).__name__} {value!r:.60}")
    return tuple(value)


def is_line_text(value: object) -> TypeGuard[str]:
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
    """Raise the error that says how ``value`` fails :func:`is_line_text`."""
    if is_line_text(value):
        return
    if not isinstance(value, str):
        raise FieldTypeError(f"{what} must be a str, got {type(value).__name__}")
    if not value:
        raise ValidationError(f"{what} must not be empty")
    if "\n" in value or "\r" in value:
        raise ValidationError(f"{what} must be one line, got {value!r:.80}")
    raise ValidationError(
        f"{what} must not start or end with a space or tab (padding is layout): {value!r:.80}"
    )


def _text(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    _check_text(attribute.name, value)


def _texts(
    instance: object, attribute: attrs.Attribute[tuple[str, ...]], value: tuple[str, ...]
) -> None:
    for index, item in enumerate(value):
        _check_text(f"{attribute.name}[{index}]", item)


def _optional(cls: type) -> Any:
    return attrs.validators.optional(attrs.validators.instance_of(cls))


# -- the content types ------------------------------------------------------


@attrs.frozen(kw_only=True)
class Breadcrumb:
    """The trail of sections above the article, such as ``Home / Science / …``.

    >>> Breadcrumb(segments=("Home", "Science", "Comet seen from Lisbon")).segments[-1]
    'Comet seen from Lisbon'
    """

    segments: tuple[str, ...] = attrs.field(converter=_as_tuple)

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
                    f"segments[{index}] must be text on one line, got {segment!r}"
                )
        if value[0][0] in PAD or value[-1][-1] in PAD:
            raise ValidationError("a breadcrumb must not start or end with a space or tab")

    @property
    def sections(self) -> tuple[str, ...]:
        """The segments between the root and the last one (``('Science',)``)."""
        return self.segments[1:-1]


@attrs.frozen(kw_only=True)
class Dateline:
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
        """What the dateline says of a date, or None when it matches no shape."""
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

        :raises DateError: when the text matches no shape, or needs a
            reference that was not given.
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
class Summary:
    """The summary heading and its bullet points (at least one)."""

    heading: str = attrs.field(default="Summary", validator=_text)
    points: tuple[str, ...] = attrs.field(converter=_as_tuple, validator=_texts)

    @points.validator
    def _at_least_one(
        self, attribute: attrs.Attribute[tuple[str, ...]], value: tuple[str, ...]
    ) -> None:
        if not value:
            raise ValidationError("a summary has at least one point")


@attrs.frozen(kw_only=True)
class StrayLine:
    """A line that lenient parsing could not place, kept verbatim.

    ``line`` is its 1-based line number in the page, which is where
    :func:`newsdoc.dumps` puts it back.
    """

    line: int = attrs.field(validator=attrs.validators.instance_of(int))
    text: str = attrs.field(validator=attrs.validators.instance_of(str))

    def __attrs_post_init__(self) -> None:
        if self.line < 1:
            raise ValidationError(f"a stray line's number is 1-based, got {self.line}")
        if "\n" in self.text or "\r" in self.text or not self.text.strip(PAD):
            raise ValidationError(f"a stray line is one non-blank line, got {self.text!r:.80}")


# -- the layout record ------------------------------------------------------


class Trivia(NamedTuple):
    """How one content line is written, beyond its text."""

    gap: Gap
    """The blank lines before it."""
    prefix: str
    """Padding before the text; for a point, the bullet mark too."""
    suffix: str
    """Padding after the text."""


_PLAIN = Trivia((), "", "")
_FIRST_PARAGRAPH = Trivia(("",), "", "")


def default_trivia(kind: Kind, index: int, mark: str) -> Trivia:
    """The trivia of a line in the canonical layout, whose bullet mark is ``mark``.

    The mark is the dialect's :attr:`~newsdoc.Dialect.canonical_mark`.
    """
    if kind == "point":
        return Trivia((), mark, "")
    if kind == "paragraph" and index == 0:
        return _FIRST_PARAGRAPH
    return _PLAIN


def _is_pad(text: object) -> bool:
    return isinstance(text, str) and not text.strip(PAD)


@attrs.frozen(kw_only=True, repr=False)
class Layout:
    """Formatting of an article: everything its fields do not say.

    Each line's trivia is stored only where it differs from
    :func:`default_trivia`, so the canonical layout is the empty record and a
    page's layout costs nothing where it follows the canonical rendering.
    The default bullet mark is the dialect's, so a layout is read in the
    dialect its page was read in.
    """

    bom: bool = False
    newline: str = "\n"
    """The line ending of the first line break, and of all unless mixed."""
    mixed_newlines: tuple[str, ...] = ()
    """Every line ending in order, when they are not all ``newline``."""
    title_repeat: bool = False
    """Whether the title is written again right after the last point."""
    lines: tuple[tuple[Kind, int, Trivia], ...] = ()
    """``(kind, index, trivia)`` for each line that departs from the default."""
    trailing: Gap = ()
    """What follows the last line: ``()`` means no final line ending."""

    def __attrs_post_init__(self) -> None:
        problems = _layout_problems(self)
        if problems:
            raise ValidationError("invalid layout: " + "; ".join(problems))

    def __repr__(self) -> str:
        changed = [
            f"{field.name}={getattr(self, field.name)!r}"
            for field in attrs.fields(Layout)
            if getattr(self, field.name) != field.default
        ]
        return f"Layout({', '.join(changed)})"


def _layout_problems(layout: Layout) -> list[str]:
    """Every way ``layout`` breaks the one-layout-per-text rule."""
    problems = []
    if layout.newline not in EOLS:
        problems.append(f"newline must be one of {EOLS}, got {layout.newline!r}")
    mixed = layout.mixed_newlines
    if mixed and (
        not set(mixed) <= set(EOLS) or mixed[0] != layout.newline or len(set(mixed)) == 1
    ):
        problems.append("mixed_newlines must be line endings, starting with newline, not all one")
    previous_key = (-1, -1)
    for kind, index, trivia in layout.lines:
        key = (_KIND_ORDER.get(kind, -1), index)
        if key[0] < 0 or not isinstance(index, int) or index < 0 or key <= previous_key:
            problems.append(f"line entry {(kind, index)!r} is unknown or out of order")
            continue
        previous_key = key
        # A point's default mark is the dialect's, unknown here.
        if kind != "point" and trivia == default_trivia(kind, index, ""):
            problems.append(f"line entry {(kind, index)!r} repeats the default")
        if not (all(_is_pad(blank) for blank in trivia.gap) and _is_pad(trivia.suffix)):
            problems.append(f"line entry {(kind, index)!r} has text where only padding may be")
        if kind != "point" and not _is_pad(trivia.prefix):
            problems.append(f"line entry {(kind, index)!r} has text where only padding may be")
    if not all(_is_pad(blank) for blank in layout.trailing):
        problems.append("trailing lines may hold nothing but padding")
    return problems


CANONICAL = Layout()


def slot_counts(article: Article, title_repeat: bool) -> dict[Kind, int]:
    """How many lines of each kind ``article`` writes."""
    summary = article.summary
    has_summary = summary is not None
    return {
        "breadcrumb": article.breadcrumb is not None,
        "title": bool(article.title),
        "dateline": article.dateline is not None,
        "heading": has_summary,
        "point": len(summary.points) if summary is not None else 0,
        "repeat": has_summary and title_repeat,
        "paragraph": len(article.body),
    }


def page_lines(layout: Layout, counts: dict[Kind, int], strays: int) -> int:
    """How many lines a page with this layout and these line counts has."""
    default_first_gap = counts["paragraph"] > 0 and not any(
        kind == "paragraph" and index == 0 for kind, index, _ in layout.lines
    )
    return (
        sum(counts.values())
        + sum(len(trivia.gap) for _, _, trivia in layout.lines)
        + default_first_gap
        + len(layout.trailing)
        + strays
    )


def _fit(layout: Layout, counts: dict[Kind, int], strays: int) -> Layout:
    """``layout`` without the formatting of lines the article no longer has.

    Editing an article with :func:`attrs.evolve` keeps its layout; when the
    edit removes lines, their formatting goes with them.
    """
    if layout.newline == "\n" and not (
        layout.lines or layout.title_repeat or layout.mixed_newlines
    ):
        return layout
    fitted = attrs.evolve(
        layout,
        lines=tuple(entry for entry in layout.lines if entry[1] < counts[entry[0]]),
        title_repeat=layout.title_repeat and counts["heading"] > 0,
    )
    breaks = page_lines(fitted, counts, strays) - 1
    if breaks < 1:
        fitted = attrs.evolve(fitted, newline="\n", mixed_newlines=())
    elif layout.mixed_newlines and len(layout.mixed_newlines) != breaks:
        # Lines were added or removed: which ending went with which line is
        # lost, and the first one stands for all.
        fitted = attrs.evolve(fitted, mixed_newlines=())
    return layout if fitted == layout else fitted


@attrs.frozen(kw_only=True)
class Article:
    """One page: breadcrumb, title, dateline, summary and body.

    Only ``title`` is required.  Articles are immutable; edit one with
    :func:`attrs.evolve`, which keeps the page's formatting:

    >>> import attrs
    >>> a = Article(title="Ferry timetable changes", body=("Boats leave earlier.",))
    >>> attrs.evolve(a, title="Ferry timetable changes again").title
    'Ferry timetable changes again'

    Two articles are equal exactly when :func:`newsdoc.dumps` writes them
    alike, formatting included; :meth:`content_equals` compares the words
    alone.
    """

    breadcrumb: Breadcrumb | None = attrs.field(default=None, validator=_optional(Breadcrumb))
    title: str = attrs.field(validator=_text)
    dateline: Dateline | None = attrs.field(default=None, validator=_optional(Dateline))
    summary: Summary | None = attrs.field(default=None, validator=_optional(Summary))
    body: tuple[str, ...] = attrs.field(default=(), converter=_as_tuple, validator=_texts)
    stray_lines: tuple[StrayLine, ...] = attrs.field(default=(), converter=_as_tuple)
    """Lines lenient parsing could not place, in page order."""
    _layout: Layout = attrs.field(
        default=CANONICAL, validator=attrs.validators.instance_of(Layout)
    )
    defects: tuple[Defect, ...] = attrs.field(default=(), converter=_as_tuple, eq=False)
    """What lenient parsing found wrong; a report, not part of the value."""

    def __attrs_post_init__(self) -> None:
        previous = 0
        for stray in self.stray_lines:
            if not isinstance(stray, StrayLine):
                raise FieldTypeError(
                    f"stray_lines holds StrayLine items, got {type(stray).__name__}"
                )
            if stray.line <= previous:
                raise ValidationError("stray_lines must be in page order, one per line number")
            previous = stray.line
        counts = slot_counts(self, self._layout.title_repeat)
        layout = _fit(self._layout, counts, len(self.stray_lines))
        object.__setattr__(self, "_layout", layout)
        if self.stray_lines and self.stray_lines[-1].line > page_lines(
            layout, counts, len(self.stray_lines)
        ):
            raise ValidationError(
                f"stray line {self.stray_lines[-1].line} lies past the end of the page"
            )

    def publication_date(
        self, reference: date | None = None, *, tolerance: timedelta = DEFAULT_TOLERANCE
    ) -> ResolvedDate | None:
        """When the article was published, as far as can be known.

        A yearless dateline takes its year from the body when the body states
        the same day and month with a year (``On July 31, 2025, ...``), and
        otherwise from ``reference`` (see :meth:`Dateline.resolve`).  Returns
        None when there is no dateline, or no year (or, for a relative
        dateline, no moment) can be known: never a guess.

        :raises DateError: when the dateline matches no date shape.
        """
        if self.dateline is None:
            return None
        text = self.dateline.text
        parts = parse_parts(text)
        if isinstance(parts, DateParts):
            if parts.ago is not None and reference is None:
                return None
            if parts.year is None and parts.month is not None and parts.day is not None:
                body_years = years_in(self.body, parts.month, parts.day)
                if not body_years and reference is None:
                    return None
                return resolve(text, parts, reference, tolerance, body_years)
        return resolve(text, parts, reference, tolerance)

    def content_equals(self, other: Article) -> bool:
        """Whether ``other`` says the same, however either is formatted.

        >>> a = Article(title="Bridge reopens")
        >>> a.content_equals(Article(title="Bridge reopens"))
        True
        """
        return (
            self.breadcrumb == other.breadcrumb
            and self.title == other.title
            and self.dateline == other.dateline
            and self.summary == other.summary
            and self.body == other.body
            and [s.text for s in self.stray_lines] == [s.text for s in other.stray_lines]
        )


# The constructors of the parser and of the JSON reader, which check what
# they read themselves.
new_article = builder(Article)
new_breadcrumb = builder(Breadcrumb)
new_dateline = builder(Dateline)
new_layout = builder(Layout)
new_summary = builder(Summary)
