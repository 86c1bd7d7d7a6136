"""The dated excerpt: a newsdoc format for news text as extraction often leaves it.

A worked example of a format plugin, written with newsdoc's public API
alone (see ``docs/howto/write-a-format.md`` in newsdoc).  A dated excerpt
is a first line with the date and the headline, then the standfirst, then
the body, one paragraph a line::

     date 2025-07-17 Harbour ferries return to the summer timetable
    Boats leave every twenty minutes from Monday.
    The evening crossing runs until midnight on Fridays.

The date becomes the article's dateline, the rest of the first line its
title, and the standfirst its first body paragraph.  Not a summary: the
text states the standfirst as prose, with no heading and no bullet, and as
a summary it would make the page format write a heading the source never
had.  As the first paragraph it converts to a page and back with nothing
invented and nothing lost.  So an article with a breadcrumb or a summary
cannot be written as an excerpt, nor one without a ``YYYY-MM-DD`` dateline
or a standfirst.

Strict reading wants ``date``, a date that is a real day and a headline on
the first line (spaces or tabs before and between them), and at least one
paragraph after it; every later non-blank line is a paragraph.  A departure
raises :class:`newsdoc.ParseError` with the code ``missing-date-mark``,
``invalid-date``, ``missing-headline`` or ``missing-standfirst``.

Lenient reading takes any text and reports the same departure as a
:class:`newsdoc.Defect`: the article then has no title, and every non-blank
line is a :class:`newsdoc.StrayLine`.  The blank lines before them are
layout, and a stray line's number must be the one they give it: an excerpt
neither invents blank lines to reach a number nor drops recorded ones.

Whatever the words do not say (BOM, line endings, padding, blank lines) is
kept in :class:`ExcerptLayout`, so writing an article back is concatenation.
:meth:`DatedExcerpt.fit` keeps that layout fitted to the article whenever
one is made, and refuses an article an excerpt cannot hold, so
``parse(dump(article)) == article`` for every article of the format.
"""

from __future__ import annotations

import datetime
import re
import reprlib
from collections.abc import Callable, Hashable, Sequence
from typing import NamedTuple

import newsdoc

__all__ = ["FORMAT", "DatedExcerpt", "ExcerptLayout", "Spacing"]

_NAME = "dated-excerpt"
_MARK = "date"
_PAD = " \t"
_BOM = "\ufeff"
_EOLS = ("\n", "\r\n", "\r")
_EOL = re.compile(r"(\r\n|\r|\n)")
_FIRST_LINE = re.compile(r"[^\r\n]*")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATE_LENGTH = len("2025-07-17")


class Spacing(NamedTuple):
    """How a line after the headline is set apart, where it is not written plainly."""

    position: int
    """Which paragraph (or, in a text without a headline, which stray line) it is, from 0."""
    gap: tuple[str, ...]
    """The blank lines before it, each as written (spaces and tabs only)."""
    prefix: str
    """Padding before a paragraph's text."""
    suffix: str
    """Padding after a paragraph's text."""


class ExcerptLayout(NamedTuple):
    """Everything about an excerpt's text that its article does not say.

    The defaults are the canonical layout, which an article built by hand
    is written in; reading gives ``None`` for it, as an article built by
    hand has.  Built of strs, bools, ints and tuples only, so it travels
    in JSON; it comes back as a plain tuple, which :meth:`DatedExcerpt.fit`
    makes an ``ExcerptLayout`` again.
    """

    bom: bool = False
    newline: str = "\n"
    """The line ending of every line, unless ``mixed_newlines`` lists them."""
    mixed_newlines: tuple[str, ...] = ()
    """Every line ending in order, when they are not all alike."""
    indent: str = " "
    """The padding before ``date``."""
    date_gap: str = " "
    """The padding between ``date`` and the date."""
    title_gap: str = " "
    """The padding between the date and the headline."""
    title_end: str = ""
    """The padding after the headline."""
    spacing: tuple[Spacing, ...] = ()
    """The lines after the headline that are not written plainly, by index."""
    trailing: tuple[str, ...] = ()
    """The blank lines after the last line of content, each after a line ending: ``()``
    when the text ends without one.  A text with no content is all trailing."""


CANONICAL = ExcerptLayout()


class _Head(NamedTuple):
    """The first line, read: padding, date and headline."""

    indent: str
    date_gap: str
    date: str
    title_gap: str
    title: str
    title_end: str


class DatedExcerpt:
    """The ``dated-excerpt`` format: a newsdoc page format (see the module's docstring)."""

    name = _NAME
    kind = "page"
    suffixes: tuple[str, ...] = ()
    """None: an excerpt is a ``.txt`` file like a page, so a file's name does not tell."""

    def sniff(self, text: str) -> float:
        """0.9 when the first line is a dated headline, else 0."""
        first_line = _FIRST_LINE.match(text, 1 if text.startswith(_BOM) else 0)
        assert first_line is not None  # the pattern matches the empty string
        return 0.0 if isinstance(_read_head(first_line[0]), newsdoc.Defect) else 0.9

    def parse(self, text: str, *, strict: bool = True) -> newsdoc.Article:
        """The article ``text`` holds.

        :raises newsdoc.ParseError: in strict mode, where ``text`` is not a
            dated excerpt.
        """
        bom = text.startswith(_BOM)
        lines, endings = _split_lines(text[1:] if bom else text)
        newline = endings[0] if endings else "\n"
        mixed_newlines = tuple(endings) if len(set(endings)) > 1 else ()
        head = _read_head(lines[0] if lines else "")
        if isinstance(head, newsdoc.Defect):
            defect = head
        else:
            paragraphs, spacing, trailing = _read_lines(lines[1:], first=2, verbatim=False)
            if paragraphs:
                layout = ExcerptLayout(
                    bom,
                    newline,
                    mixed_newlines,
                    head.indent,
                    head.date_gap,
                    head.title_gap,
                    head.title_end,
                    spacing,
                    trailing,
                )
                return newsdoc.Article(
                    title=head.title,
                    dateline=newsdoc.Dateline(text=head.date),
                    body=[paragraph for _, paragraph in paragraphs],
                    format=_NAME,
                    layout=_recorded(layout),
                )
            defect = newsdoc.Defect(
                line=len(lines),
                column=len(lines[-1]) + 1,
                code="missing-standfirst",
                message="expected the standfirst after the headline, found the end of the text",
            )
        if strict:
            raise newsdoc.ParseError(defect, lines[defect.line - 1] if lines else "")
        strays, spacing, trailing = _read_lines(lines, first=1, verbatim=True)
        layout = ExcerptLayout(bom, newline, mixed_newlines, spacing=spacing, trailing=trailing)
        return newsdoc.Article(
            title="",
            stray_lines=[newsdoc.StrayLine(line=number, text=line) for number, line in strays],
            format=_NAME,
            layout=_recorded(layout),
            defects=(defect,),
        )

    def fit(self, article: newsdoc.Article) -> ExcerptLayout | None:
        """The layout ``article`` keeps: its own, fitted to its content.

        newsdoc calls this whenever an article of the format is made (by its
        constructor, :func:`attrs.evolve` or the JSON reader).  The layout
        left describing lines an edit removed loses that part, and a layout
        the text would read back without (the canonical one) becomes
        ``None``: the layout :meth:`parse` records for :meth:`dump`'s text.

        :raises newsdoc.ValidationError: naming every part of ``article``
            that an excerpt cannot hold, its layout included.
        """
        _, layout, problems = _written(article)
        if problems:
            raise newsdoc.ValidationError(
                f"the {_NAME!r} format cannot hold this article: {'; '.join(problems)}"
            )
        return _recorded(layout)

    def dump(self, article: newsdoc.Article) -> str:
        """``article`` as an excerpt: as it was read, or, from another format, canonically.

        :raises newsdoc.SerializeError: naming every part of ``article``
            that an excerpt cannot hold.  Where the format is registered, an
            article of its own has none: :meth:`fit` refused it when it was made.
        """
        lines, layout, problems = _written(article)
        if problems:
            raise newsdoc.SerializeError(problems)
        return (_BOM if layout.bom else "") + _joined(lines, layout)


FORMAT = DatedExcerpt()
"""The format, as the ``newsdoc.formats`` entry point names it."""


# -- reading ------------------------------------------------------------------------


def _split_lines(text: str) -> tuple[list[str], list[str]]:
    """The lines of ``text`` and the line endings between them; no lines for ``""``."""
    if not text:
        return [], []
    parts = _EOL.split(text)
    return parts[0::2], parts[1::2]


def _pad_end(line: str, start: int) -> int:
    """Where the run of spaces and tabs at ``start`` in ``line`` ends."""
    return len(line) - len(line[start:].lstrip(_PAD))


def _read_head(line: str) -> _Head | newsdoc.Defect:
    """The first line read as a dated headline, or the defect where it is not one."""
    mark_at = _pad_end(line, 0)
    mark_end = mark_at + len(_MARK)
    date_at = _pad_end(line, mark_end)
    if not line.startswith(_MARK, mark_at) or date_at == mark_end:
        return _head_defect(
            mark_at,
            "missing-date-mark",
            f"expected ' {_MARK} YYYY-MM-DD headline', found {_preview(line)}",
        )
    date_end = date_at + _DATE_LENGTH
    date = line[date_at:date_end]
    problem = _date_problem(date)
    if problem is not None:
        return _head_defect(date_at, "invalid-date", problem)
    title_at = _pad_end(line, date_end)
    if title_at == date_end < len(line):
        return _head_defect(
            date_end,
            "invalid-date",
            f"expected a space or tab after the date, found {_preview(line[date_end:])}",
        )
    if title_at == len(line):
        return _head_defect(
            date_end,
            "missing-headline",
            "expected the headline after the date, found the end of the line",
        )
    title = line[title_at:].rstrip(_PAD)
    return _Head(
        indent=line[:mark_at],
        date_gap=line[mark_end:date_at],
        date=date,
        title_gap=line[date_end:title_at],
        title=title,
        title_end=line[title_at + len(title) :],
    )


def _date_problem(text: str) -> str | None:
    """Why ``text`` is not a day written ``YYYY-MM-DD``, or None when it is one."""
    if not _ISO_DATE.fullmatch(text):
        return f"expected a date written YYYY-MM-DD, found {_preview(text)}"
    try:
        datetime.date(int(text[:4]), int(text[5:7]), int(text[8:]))
    except ValueError:
        return f"{text} is not a day of the calendar"
    return None


def _head_defect(index: int, code: str, message: str) -> newsdoc.Defect:
    return newsdoc.Defect(line=1, column=index + 1, code=code, message=message)


def _preview(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:37] + "...")


def _read_lines(
    lines: Sequence[str], *, first: int, verbatim: bool
) -> tuple[list[tuple[int, str]], tuple[Spacing, ...], tuple[str, ...]]:
    """The non-blank lines with their line numbers, how they are spaced, and the trailing lines.

    ``first`` is the line number of ``lines[0]``.  A paragraph's padding is
    layout; a stray line (``verbatim``) keeps its own.
    """
    content: list[tuple[int, str]] = []
    spacing: list[Spacing] = []
    gap: list[str] = []
    for number, line in enumerate(lines, first):
        text = line.strip(_PAD)
        if not text:
            gap.append(line)
            continue
        prefix = suffix = ""
        if verbatim:
            text = line
        else:
            prefix = line[: _pad_end(line, 0)]
            suffix = line[len(prefix) + len(text) :]
        if gap or prefix or suffix:
            spacing.append(Spacing(len(content), tuple(gap), prefix, suffix))
            gap.clear()
        content.append((number, text))
    return content, tuple(spacing), tuple(gap)


def _recorded(layout: ExcerptLayout) -> ExcerptLayout | None:
    """The layout an article read from a text carries: None for the canonical one."""
    return None if layout == CANONICAL else layout


# -- writing ------------------------------------------------------------------------


def _written(article: newsdoc.Article) -> tuple[list[str], ExcerptLayout, list[str]]:
    """The lines ``article`` is written as, its layout fitted to them, and what stops it.

    An article of the format is written in its own layout, where that still
    applies; one of another format, canonically.  The layout returned is the
    one :meth:`DatedExcerpt.parse` records for the lines; where there is a
    problem, the lines are not made.
    """
    own = article.format == _NAME
    layout, problems = _layout_of(article.layout) if own else (CANONICAL, [])
    problems += _problems(article, own, layout)
    if problems:
        return [], layout, problems
    lines, layout = (_titled if article.title else _untitled)(article, layout)
    return lines, _fit_newlines(lines, layout), []


def _problems(article: newsdoc.Article, own: bool, layout: ExcerptLayout) -> list[str]:
    """Every reason ``article`` cannot be written as an excerpt that reads back as itself."""
    problems = []
    if article.breadcrumb is not None:
        problems.append("it has a breadcrumb, and an excerpt has no line for one")
    if article.summary is not None:
        problems.append("it has a summary, and an excerpt has no heading or bullets for one")
    if not article.title:
        if not own:
            problems.append("it has no title, and an excerpt starts with a dated headline")
            return problems
        strays = article.stray_lines
        if strays and strays[0].line == 1:
            if len(strays) > 1 and not isinstance(_read_head(strays[0].text), newsdoc.Defect):
                problems.append(
                    "its first stray line would read as a dated headline, and the next "
                    "as its standfirst"
                )
            if strays[0].text.startswith(_BOM) and not layout.bom:
                problems.append("its first stray line would lose its U+FEFF as a BOM")
        misplaced = _stray_gaps(strays, layout)
        if isinstance(misplaced, _Misplaced):
            problems.append(
                f"its stray line {misplaced.position + 1} of {len(strays)} is not numbered "
                f"{misplaced.line}, the line that the blank lines its layout records put it "
                "on, and an excerpt invents no blank lines"
            )
        return problems
    if article.dateline is None:
        problems.append("it has no dateline, and an excerpt's first line holds a date")
    else:
        problem = _date_problem(article.dateline.text)
        if problem is not None:
            problems.append(f"its dateline is not a date an excerpt holds: {problem}")
    if article.stray_lines:
        problems.append(
            "it has stray lines, which an excerpt keeps only when it has no dated headline"
        )
    if not article.body:
        problems.append("it has no body, and an excerpt has a standfirst")
    return problems


def _layout_of(layout: Hashable) -> tuple[ExcerptLayout, list[str]]:
    """``layout`` as an :class:`ExcerptLayout`, or the canonical one and why it is not one.

    An article built by hand has ``None``, and a JSON round trip makes an
    excerpt layout a plain tuple, which is read by position.
    """
    if layout is None:
        return CANONICAL, []
    if not (isinstance(layout, tuple) and len(layout) == len(CANONICAL)):
        return CANONICAL, [
            f"its layout is not an ExcerptLayout of {len(CANONICAL)} fields: "
            f"{reprlib.repr(layout)}"
        ]
    read = ExcerptLayout(*layout)
    problems = [
        f"its layout's {name} is not {_LAYOUT_FIELDS[name][0]}: {reprlib.repr(value)}"
        for name, value in read._asdict().items()
        if not _LAYOUT_FIELDS[name][1](value)
    ]
    if problems:
        return CANONICAL, problems
    return read._replace(spacing=tuple(Spacing(*entry) for entry in read.spacing)), []


def _is_pad(value: object) -> bool:
    return isinstance(value, str) and not value.strip(_PAD)


def _is_gap(value: object) -> bool:
    return _is_pad(value) and value != ""


def _is_eol(value: object) -> bool:
    return isinstance(value, str) and value in _EOLS


def _tuple_of(holds: Callable[[object], bool]) -> Callable[[object], bool]:
    return lambda values: isinstance(values, tuple) and all(map(holds, values))


def _is_spacing(entry: object) -> bool:
    return (
        isinstance(entry, tuple)
        and len(entry) == len(Spacing._fields)
        and type(entry[0]) is int
        and _tuple_of(_is_pad)(entry[1])
        and _is_pad(entry[2])
        and _is_pad(entry[3])
    )


_LAYOUT_FIELDS: dict[str, tuple[str, Callable[[object], bool]]] = {
    "bom": ("a bool", lambda value: type(value) is bool),
    "newline": ("a line ending", _is_eol),
    "mixed_newlines": ("a tuple of line endings", _tuple_of(_is_eol)),
    "indent": ("spaces and tabs", _is_pad),
    "date_gap": ("one or more spaces and tabs", _is_gap),
    "title_gap": ("one or more spaces and tabs", _is_gap),
    "title_end": ("spaces and tabs", _is_pad),
    "spacing": ("a tuple of Spacing", _tuple_of(_is_spacing)),
    "trailing": ("a tuple of blank lines", _tuple_of(_is_pad)),
}
"""What each field of an :class:`ExcerptLayout` holds, and the test of it."""


def _titled(article: newsdoc.Article, layout: ExcerptLayout) -> tuple[list[str], ExcerptLayout]:
    """The lines of an article with a dated headline, and ``layout`` without stale spacing."""
    recorded = {spacing.position: spacing for spacing in layout.spacing}
    kept = []
    lines = [
        f"{layout.indent}{_MARK}{layout.date_gap}{article.dateline}"
        f"{layout.title_gap}{article.title}{layout.title_end}"
    ]
    for index, paragraph in enumerate(article.body):
        spacing = recorded.get(index)
        if spacing is None or spacing == Spacing(index, (), "", ""):
            lines.append(paragraph)
        else:
            kept.append(spacing)
            lines += spacing.gap
            lines.append(spacing.prefix + paragraph + spacing.suffix)
    lines += layout.trailing
    return lines, layout._replace(spacing=tuple(kept))


def _untitled(article: newsdoc.Article, layout: ExcerptLayout) -> tuple[list[str], ExcerptLayout]:
    """The lines of an article read without a dated headline, and ``layout`` fitted to them.

    Each stray line follows the blank lines the layout records before it:
    :func:`_problems` refuses an article whose stray lines' numbers those
    blank lines do not give.
    """
    gaps = _stray_gaps(article.stray_lines, layout)
    assert not isinstance(gaps, _Misplaced)  # refused by _problems
    kept = []
    lines: list[str] = []
    for index, (gap, stray) in enumerate(zip(gaps, article.stray_lines, strict=True)):
        if gap:
            kept.append(Spacing(index, gap, "", ""))
        lines += gap
        lines.append(stray.text)
    # One empty line is no text at all, which reads as no lines.
    trailing = () if not lines and layout.trailing == ("",) else layout.trailing
    lines += trailing
    fitted = ExcerptLayout(
        layout.bom, layout.newline, layout.mixed_newlines, spacing=tuple(kept), trailing=trailing
    )
    return lines, fitted


class _Misplaced(NamedTuple):
    """A stray line that the blank lines a layout records put on another line than its number."""

    position: int
    """Which stray line it is, from 0."""
    line: int
    """The line the recorded blank lines put it on."""


def _stray_gaps(
    strays: Sequence[newsdoc.StrayLine], layout: ExcerptLayout
) -> list[tuple[str, ...]] | _Misplaced:
    """The blank lines before each stray line, as ``layout`` records them, if they fit.

    They fit when they put every stray line on the line its number gives.
    The numbers alone never make blank lines: a text has those the layout
    records and no others, so the line a stray line is written on grows
    with the layout and the text, not with the number.  Recorded spacing
    past the last stray line describes lines an edit removed, and is left.
    """
    recorded = {spacing.position: spacing.gap for spacing in layout.spacing}
    gaps = []
    line = 0
    for index, stray in enumerate(strays):
        gap = recorded.get(index, ())
        line += len(gap) + 1
        if stray.line != line:
            return _Misplaced(index, line)
        gaps.append(gap)
    return gaps


def _fit_newlines(lines: list[str], layout: ExcerptLayout) -> ExcerptLayout:
    """``layout`` with the line endings that ``lines``, joined by its own, read back with.

    Mixed endings that no longer fit the lines (or where a CR, an empty line
    and an LF would read back as one CRLF) give way to ``newline`` on every
    line; a text of one line has no ending, which reads back as LF.
    """
    mixed = layout.mixed_newlines
    if len(mixed) != max(len(lines) - 1, 0) or _merges(lines, mixed):
        mixed = ()
    newline = mixed[0] if mixed else layout.newline if len(lines) > 1 else "\n"
    return layout._replace(newline=newline, mixed_newlines=mixed if len(set(mixed)) > 1 else ())


def _merges(lines: list[str], endings: Sequence[str]) -> bool:
    """Whether a CR, an empty line and an LF would read back as one CRLF."""
    return any(
        endings[index] == "\r" and lines[index + 1] == "" and endings[index + 1][0] == "\n"
        for index in range(len(endings) - 1)
    )


def _joined(lines: list[str], layout: ExcerptLayout) -> str:
    """``lines`` joined by the line endings of ``layout``, which fits them."""
    if not lines:
        return ""
    endings = layout.mixed_newlines or (layout.newline,) * (len(lines) - 1)
    return "".join(line + ending for line, ending in zip(lines, (*endings, ""), strict=True))
