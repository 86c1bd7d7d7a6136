"""A format declared as its lines: the engine's program, and articles made of its fields."""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable, Hashable, Sequence
from typing import Any, ClassVar

import attrs

from newsdoc._declare import Line, Mark, Split, Word
from newsdoc._engine import (
    CANONICAL,
    LineLayout,
    OutOfPatience,
    Program,
    describe_lines,
    held_fields,
    line_texts,
    written_fields,
)
from newsdoc._errors import (
    FieldTypeError,
    SerializeError,
    ValidationError,
    bounded_repr,
)
from newsdoc._grammar import DEFAULT_DIALECT, PAGE, Dialect, get_dialect, registered_dialects
from newsdoc._model import Article, read_article
from newsdoc._page import declared_program, page_program
from newsdoc._plugins import DialectFormat, UnknownFormatError, check_format_name, get_format

__all__ = ["LineFormat", "declared_lines", "program_of", "speaks_dialects"]

_DOUBT_PER_DEFECT = 0.5
"""How much each departure found in a text's head takes from a format's confidence."""

_DEFECTS_HEEDED = 3
"""Departures a text may show and still have a score: after more, it would have under
0.07, far from :data:`~newsdoc.CONFIDENT`, and its reading stops there."""


def _lines(value: Sequence[Line]) -> tuple[Line, ...]:
    if isinstance(value, (str, bytes)) or not isinstance(value, (tuple, list)):
        raise FieldTypeError(f"lines is a tuple of Line, got {type(value).__name__}")
    lines = tuple(value)
    for line in lines:
        if not isinstance(line, Line):
            raise FieldTypeError(f"lines holds Line values, got {type(line).__name__}")
    return lines


def _suffixes(value: Sequence[str]) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, (tuple, list)):
        raise FieldTypeError(f"suffixes is a tuple of strs, got {type(value).__name__}")
    return tuple(value)


def speaks(line: Line) -> bool:
    """Whether ``line`` has a part whose words come from the dialect: its bullet symbols,
    breadcrumb separator or summary headings."""
    return any(
        (isinstance(part, Mark) and not part.symbols)
        or (isinstance(part, Split) and part.separator is None)
        or (isinstance(part, Word) and part.words is None)
        for part in line.parts
    )


@attrs.frozen(kw_only=True)
class LineFormat(DialectFormat):
    """A format declared as the lines of its texts, in order.

    From the declaration alone, newsdoc reads the format's texts (strictly,
    with positioned errors, or leniently, keeping lines that fit nowhere as
    stray lines), writes its articles back byte for byte, checks every
    article of the format when it is made, recognises its texts for
    ``format="auto"``, and draws its texts and articles in
    :func:`newsdoc.strategies.line_format_texts`.  Register it with
    :func:`newsdoc.register_format`, or name it in an entry point.

    >>> from newsdoc.lines import LineFormat, Line, Fixed, Date, Text, MANY, ANY_BLANKS
    >>> notes = LineFormat(
    ...     name="dated-notes",
    ...     lines=(
    ...         Line(Text("title")),
    ...         Line(Fixed("Filed:"), Date(), mark=0.6),
    ...         Line(Text("body"), count=MANY, before=ANY_BLANKS),
    ...     ),
    ... )
    >>> article = notes.parse("Tram line extended\\nFiled: 3 May 2026\\n\\nWork starts in June.")
    >>> article.dateline.text, article.body
    ('3 May 2026', ('Work starts in June.',))

    A dialect is the vocabulary of every declared format, as it is of the
    page format: a :class:`~newsdoc.lines.Mark`, :class:`~newsdoc.lines.Split`
    or :class:`~newsdoc.lines.Word` without words of its own takes the
    dialect's bullet symbols, separator or summary headings.  ``parse``
    reads in ``dialect=`` (the default one without it), the article
    carries it, and ``dump`` writes the article in it.

    ``upgrade`` turns a layout that an earlier version of the format wrote
    in JSON documents, and the article it was written with, into the layout
    the format keeps now, so those documents keep reading; it returns None
    for a layout it does not know.
    """

    kind: ClassVar[str] = "page"

    name: str = attrs.field(converter=check_format_name)
    lines: tuple[Line, ...] = attrs.field(converter=_lines)
    suffixes: tuple[str, ...] = attrs.field(default=(), converter=_suffixes)
    upgrade: Callable[[tuple[Any, ...], Article], Hashable | None] | None = attrs.field(
        default=None, eq=False
    )
    holds: frozenset[str] = attrs.field(init=False, eq=False)
    """The optional article fields the format has lines for: ``byline``, ``meta``."""
    _speaks: bool = attrs.field(init=False, eq=False, repr=False)
    """Whether a line takes words from the dialect (see :func:`speaks_dialects`)."""
    _program: Program = attrs.field(init=False, eq=False, repr=False)
    """The program in the default dialect, which most texts are in."""
    _filled: frozenset[str] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        names = [line.name for line in self.lines]
        fields = [field for line in self.lines for field in line.fields]
        problems = []
        if len(set(names)) != len(names):
            problems.append(f"each line has its own name, got {names}")
        repeated = sorted({field for field in fields if fields.count(field) > 1})
        if repeated:
            problems.append(f"each field is filled by one line, but {repeated} by more")
        if "title" not in fields:
            problems.append("one line holds the title")
        if ("summary.heading" in fields) != ("summary.points" in fields):
            problems.append("a summary has both a heading line and point lines")
        else:
            heading = next((line for line in self.lines if "summary.heading" in line.fields), None)
            points = next((line for line in self.lines if "summary.points" in line.fields), None)
            if heading and points and heading.count != "one" and points.after != heading.name:
                problems.append(
                    f"points belong to their heading: give the {points.name} line "
                    f"after={heading.name!r}, as the heading line is optional"
                )
        if problems:
            raise ValidationError(f"invalid LineFormat {self.name!r}: " + "; ".join(problems))
        holds = {"byline"} if "byline" in fields else set()
        if any(field.startswith("meta.") for field in fields):
            holds.add("meta")
        object.__setattr__(self, "holds", frozenset(holds))
        object.__setattr__(self, "_filled", frozenset(fields))
        object.__setattr__(self, "_speaks", any(map(speaks, self.lines)))
        object.__setattr__(self, "_program", declared_program(self.lines, DEFAULT_DIALECT))

    # -- the Format protocol ------------------------------------------------------------

    def sniff(self, text: str) -> float:
        """How sure the format is that ``text`` is one of its texts, from its declared marks.

        Each line kind declared with a ``mark`` that the text has counts
        for the format; each departure from the declaration found on the
        way halves what they add up to.  Where the format's lines take
        words from the dialect, the registered dialect the text reads best
        in counts (see :meth:`sniffed`).
        """
        if not isinstance(text, str):
            return 0.0
        return self.sniffed(text)[0]

    def sniffed(self, text: str, at_least: float = 0.0) -> tuple[float, Dialect]:
        """:meth:`sniff`'s score, and the registered dialect ``text`` reads best in.

        The default dialect, unless another scores higher; the others are
        tried only where the format's lines take words from the dialect
        and the default one leaves a mark unfound or a departure.  A score
        under ``at_least`` is given as 0: reading stops at the departure
        that puts it out of reach.
        """
        if not isinstance(text, str):
            raise FieldTypeError(f"sniff() takes a str, got {type(text).__name__}")
        first, *others = registered_dialects()
        best = (self._score(self._program, text, at_least), first)
        if self._speaks and best[0] < self._surest:
            for dialect in others:
                score = self._score(program_of(self, dialect), text, max(at_least, best[0]))
                if score > best[0]:
                    best = (score, dialect)
        return best

    def _score(self, program: Program, text: str, at_least: float) -> float:
        # Each departure halves the most the marks can add up to: past this many, the
        # score is out of reach.
        heeded = _DEFECTS_HEEDED
        if at_least > 0:
            if self._surest < at_least:
                return 0.0
            # A hair more, so that rounding never puts an equal score out of reach.
            reach = math.log(self._surest / at_least, 1 / _DOUBT_PER_DEFECT) + 1e-9
            heeded = min(heeded, int(reach))
        try:
            reading = program.read(text, strict=False, patience=heeded)
        except OutOfPatience:
            return 0.0  # so many departures that no mark could make the text the format's
        doubt = math.prod(
            1.0 - line.mark
            for line, count in zip(self.lines, reading.counts, strict=True)
            if line.mark and count
        )
        return (1.0 - doubt) * _DOUBT_PER_DEFECT ** len(reading.defects)

    @property
    def _surest(self) -> float:
        """The score of a text with every declared mark and no departure."""
        return 1.0 - math.prod(1.0 - line.mark for line in self.lines if line.mark)

    def _program_in(self, dialect: Dialect) -> Program:
        return program_of(self, dialect)

    def parse(
        self, text: str, *, strict: bool = True, dialect: Dialect | str | None = None
    ) -> Article:
        """The article ``text`` holds, in ``dialect`` (a :class:`~newsdoc.Dialect` or a
        registered name; the default one for None).

        :raises ParseError: in strict mode, at the line and column where
            ``text`` departs from the declaration.
        :raises ValidationError: when no dialect has that name.
        """
        if not isinstance(text, str):
            raise FieldTypeError(f"parse() takes a str, got {type(text).__name__}")
        if not isinstance(strict, bool):
            raise FieldTypeError(f"strict must be a bool, got {type(strict).__name__}")
        resolved = get_dialect(dialect)
        reading = program_of(self, resolved).read(text, strict)
        return read_article(reading, dialect=resolved, format=self.name)

    def dump(self, article: Article) -> str:
        """``article`` as text, in its dialect: as it was read, or in the canonical layout when
        of another format.

        :raises SerializeError: for an article of another format that this
            format cannot write so that it reads back with the same content.
        """
        if not isinstance(article, Article):
            raise FieldTypeError(f"dump() takes an Article, got {type(article).__name__}")
        program = program_of(self, article.dialect)
        try:
            if article.format == self.name and isinstance(article.layout, LineLayout):
                self._fields(held_fields(article))
                # Fitted when it was made, where the format was registered then.
                with contextlib.suppress(ValidationError):
                    program.check_layout(article.layout)
                    return program.write_article(article)
            fields = self._fields(written_fields(article))
            if article.format == self.name:
                layout = self.fit(article)
            else:
                layout = program.fit(fields, article.stray_lines, CANONICAL, repair=True)
            return program.write(fields, article.stray_lines, layout)
        except ValidationError as error:
            raise SerializeError([f"as a {self.name!r} text, {error}"]) from None

    def fit(self, article: Article) -> LineLayout:
        """The layout ``article`` keeps, once it reads back as itself in its dialect.

        :raises ValidationError: for an article this format cannot write.
        """
        layout = self.upgrade_layout(article.layout, article)
        program = program_of(self, article.dialect)
        return program.fit(
            self._fields(written_fields(article)), article.stray_lines, layout, repair=True
        )

    def upgrade_layout(self, layout: Hashable, article: Article) -> LineLayout:
        """``layout``, of ``article``, as this format keeps it now: made current by ``upgrade``.

        :raises ValidationError: when it is no layout of the format's.
        """
        if self.upgrade is not None and isinstance(layout, tuple):
            try:
                upgraded = self.upgrade(layout, article)
            except Exception as error:
                raise ValidationError(
                    f"the {self.name!r} format could not read the layout "
                    f"{bounded_repr(layout, 80)}: {type(error).__name__}: {error}"
                ) from None
            if upgraded is not None:
                layout = upgraded
        return program_of(self, article.dialect).check_layout(layout)

    def describe(self) -> list[str]:
        """What the format's texts look like, a line of text for each line kind."""
        return describe_lines(self.lines)

    # -- articles and fields --------------------------------------------------------------

    def _fields(self, fields: dict[str, Any]) -> dict[str, Any]:
        """``fields``, an article's, once this format has a line for each."""
        lacking = sorted(name for name in fields if name not in self._filled)
        if lacking:
            raise ValidationError(
                f"the {self.name!r} format has no line for the article's {', '.join(lacking)}"
            )
        return fields


def program_of(fmt: LineFormat, dialect: Dialect) -> Program:
    """The program of ``fmt`` in ``dialect``."""
    if dialect is DEFAULT_DIALECT:
        return fmt._program
    return declared_program(fmt.lines, dialect)


def speaks_dialects(fmt: LineFormat) -> bool:
    """Whether a line of ``fmt`` takes words from the dialect, so that its texts read
    otherwise in another (a dialect's layout and required blocks apply to every format)."""
    return fmt._speaks


def declared_lines(article: Article) -> list[tuple[Line, list[str]]] | None:
    """Each line kind of the declaration ``article`` is written in, and its lines' texts.

    The declaration is the page format's, or that of the declared format
    the article is in, in the article's dialect; None for an article of
    any other format, or of one that is not installed.
    """
    if article.format == PAGE:
        program = page_program(article.dialect)
    else:
        try:
            fmt = get_format(article.format)
        except UnknownFormatError:
            return None
        if not isinstance(fmt, LineFormat):
            return None
        program = program_of(fmt, article.dialect)
    try:
        # Fitted when it was made, where the format was registered then.
        layout = program.check_layout(article.layout)
        return line_texts(program, written_fields(article), layout)
    except ValidationError:
        return None
