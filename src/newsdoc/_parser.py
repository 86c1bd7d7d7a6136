"""The page grammar, and the one reader that applies it.

In ABNF (RFC 5234), over the text after an optional UTF-8 BOM::

    page        = *blank-line head [summary] [body] trailing
    head        = [breadcrumb EOL *blank-line] title [EOL dateline]
    breadcrumb  = pad segment 1*(SEPARATOR segment) pad
    title       = pad text pad
    dateline    = pad text pad               ; the line right after the title
    summary     = EOL *blank-line heading 1*(EOL *blank-line point) [EOL repeat]
    heading     = pad HEADING pad
    point       = pad BULLET 1*WSP text pad
    repeat      = pad text pad               ; equal to the title, no blank line before it
    body        = EOL 1*blank-line paragraph *(EOL *blank-line paragraph)
    paragraph   = pad text pad
    trailing    = *(EOL pad)

    blank-line  = pad EOL
    pad         = *WSP                       ; WSP = SP / HTAB
    text        = a run of characters with no EOL that neither starts nor ends
                  with WSP
    EOL         = CRLF / CR / LF

``SEPARATOR``, ``HEADING`` and ``BULLET`` come from the
:class:`~newsdoc.Dialect`.  Where the grammar alone allows two readings,
the rules below decide, each in one method of :class:`_Reader`:

* ``breadcrumb``: the first line is the breadcrumb when it contains the
  separator and the next non-blank line is not a summary heading.
* ``dateline``: the line right after the title (no blank line between) is
  the dateline, whatever it says, unless it is a summary heading.
* ``summary``: after the heading, every line that starts with a bullet mark
  is a point, blank lines between them included; the first other line ends
  the summary, and is the repeated title when it equals the title and
  follows the last point directly.
* ``body``: every line after the first blank line that follows the head or
  the summary.

This reader is the only statement of those rules.  Whether an article built
by hand or read from JSON would read back as itself is decided by writing
it and reading it here (``_serializer.normal_layout``), and the strategies
render pages through the same writer, so no second copy can drift.

In strict mode the first departure from the grammar raises
:class:`~newsdoc.ParseError`.  In lenient mode the line is kept as a
:class:`~newsdoc.StrayLine`, reported as a :class:`~newsdoc.Defect`, and
reading resumes in the block it interrupted: a stray line between two
points leaves the second a point, and one where the blank line before the
body should be stands for it.  A page with no title line (nothing but blank
lines and headings) reads as an article whose title is ``""``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from itertools import repeat
from typing import TYPE_CHECKING, NamedTuple

from newsdoc._errors import Defect, ParseError
from newsdoc._grammar import BOM, PAD, PAGE, Dialect, dialect_names, get_dialect, split_lines
from newsdoc._layout import CANONICAL, Kind, Layout, Trivia, default_trivia, new_layout, new_trivia
from newsdoc._pickling import builder

if TYPE_CHECKING:
    from newsdoc._model import Article, Breadcrumb, Dateline, StrayLine, Summary

__all__ = ["Builders", "read"]

_FIRST_GAP = [""]


class Builders(NamedTuple):
    """The model's unchecked constructors, which the reader makes an article and its parts with.

    Given, not imported: the model is above the reader, as it checks each
    article by writing it and reading it back here.  Unchecked (see
    :func:`~newsdoc._pickling.builder`): the reader checks what it reads itself.
    """

    article: Callable[..., Article]
    breadcrumb: Callable[..., Breadcrumb]
    dateline: Callable[..., Dateline]
    stray: Callable[..., StrayLine]
    summary: Callable[..., Summary]
    no_meta: Mapping[str, str]
    """The meta of an article without any, as a page's is."""


_new_defect = builder(Defect)


def read(text: str, strict: bool, dialect: Dialect, builders: Builders) -> Article:
    """The article ``text`` holds: the reader's entry point, arguments already checked."""
    return _Reader(text, strict, dialect, builders).page()


def _preview(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:57] + "...")


class _Reader:
    """The page's lines and what has been read from them so far."""

    __slots__ = (
        "builders",
        "defects",
        "dialect",
        "end",
        "entries",
        "gap",
        "headings",
        "lines",
        "mixed_newlines",
        "newline",
        "others",
        "paragraph_gap",
        "point_prefix",
        "strays",
        "strict",
        "text_bom",
        "texts",
    )

    def __init__(self, text: str, strict: bool, dialect: Dialect, builders: Builders) -> None:
        self.text_bom = text.startswith(BOM)
        if self.text_bom:
            text = text[1:]
        self.lines, self.newline, self.mixed_newlines = split_lines(text)
        self.texts = list(map(str.strip, self.lines, repeat(PAD)))
        """The lines without padding: an empty one is a blank line.  Where a
        line has no padding its text is the line itself (``is``)."""
        self.end = len(self.lines)
        self.strict = strict
        self.builders = builders
        self.dialect = dialect
        self.headings = dialect.headings
        self.point_prefix = dialect.canonical_point_prefix
        """The prefix the points after the first have unless recorded: the first one's."""
        self.paragraph_gap = dialect.canonical_paragraph_gap
        """The blank lines the paragraphs after the second have unless recorded: the second's."""
        self.gap: list[str] = []
        """Blank lines met since the last placed line."""
        self.entries: list[tuple[Kind, int, Trivia]] = []
        self.strays: list[StrayLine] = []
        self.defects: list[Defect] = []
        self.others: list[tuple[str, Dialect]] | None = None
        """The other registered dialects, found when a message first names them."""

    # -- bookkeeping --------------------------------------------------------

    def report(self, pos: int, column: int, code: str, message: str, *, stray: bool) -> None:
        """Record a departure at line ``pos``; raise it in strict mode."""
        line = self.lines[pos] if pos < self.end else ""
        defect = _new_defect(line=pos + 1, column=column, code=code, message=message)
        if self.strict:
            raise ParseError(defect, line)
        self.defects.append(defect)
        if stray:
            self.strays.append(self.builders.stray(line=pos + 1, text=line))

    def stray(self, pos: int, code: str, message: str) -> int:
        """Keep line ``pos`` as a stray line, reported at its first character.

        Returns the index of the next content line: blank lines around a
        stray line belong to the line after it.
        """
        line = self.lines[pos]
        self.report(pos, len(line) - len(line.lstrip(PAD)) + 1, code, message, stray=True)
        return self.skip_blanks(pos + 1)

    def skip_blanks(self, pos: int) -> int:
        """Gather the blank lines from ``pos`` on; return the next content line's index."""
        texts = self.texts
        end = self.end
        while pos < end and not texts[pos]:
            self.gap.append(self.lines[pos])
            pos += 1
        return pos

    def next_content(self, pos: int) -> int:
        """The index of the first non-blank line from ``pos`` on (the line count if none)."""
        texts = self.texts
        end = self.end
        while pos < end and not texts[pos]:
            pos += 1
        return pos

    def place(self, kind: Kind, index: int, pos: int, mark: int = 0) -> str:
        """Record line ``pos`` as the ``index``-th line of ``kind``; return its text.

        ``mark`` is the length of the bullet mark, which the text starts with.
        The canonical trivia is recorded as nothing.
        """
        text = self.texts[pos]
        line = self.lines[pos]
        gap = self.gap
        start = line.index(text) + mark
        trivia = new_trivia((tuple(gap), line[:start], line[start + len(text) - mark :]))
        gap.clear()
        if trivia != default_trivia(kind, index, self.point_prefix, self.paragraph_gap):
            self.entries.append((kind, index, trivia))
        if kind == "point" and index == 0:
            self.point_prefix = trivia.prefix
        elif kind == "paragraph" and index == 1:
            self.paragraph_gap = trivia.gap
        return text[mark:]

    def head_line(self, kind: Kind, pos: int) -> str:
        """:meth:`place` for a line whose canonical trivia is none at all."""
        text = self.texts[pos]
        # ``text is line`` when stripping found no padding (CPython returns the
        # string itself).
        if text is self.lines[pos] and not self.gap:
            return text
        return self.place(kind, 0, pos)

    def elsewhere(self, what: str, text: str, rule: Callable[[Dialect, str], object]) -> str:
        """A hint naming the other registered dialects whose ``rule`` holds for ``text``."""
        if self.others is None:
            self.others = [
                (name, other)
                for name in dialect_names()
                if (other := get_dialect(name)) != self.dialect
            ]
        names = [repr(name) for name, other in self.others if rule(other, text)]
        if not names:
            return ""
        return f" ({what} in the {', '.join(names)} dialect{'s' if len(names) > 1 else ''})"

    # -- the rules ----------------------------------------------------------

    def page(self) -> Article:
        pos = self.skip_blanks(0) if not self.texts[0] else 0
        if pos == self.end:
            message = "expected the title, found the end of the page"
            self.report(self.end - 1, 1, "empty-page", message, stray=False)
            return self.article(None, "", None, None, (), False)
        pos, breadcrumb = self.breadcrumb(pos)
        pos, title = self.title(pos)
        pos, dateline = self.dateline(pos, title)
        pos, summary, repeat = self.summary(pos, title)
        body = self.body(pos, summary is not None)
        if self.dialect.required_blocks:
            self.missing_blocks(
                {"breadcrumb": breadcrumb, "dateline": dateline, "summary": summary, "body": body}
            )
        return self.article(breadcrumb, title, dateline, summary, body, repeat)

    def article(
        self,
        breadcrumb: Breadcrumb | None,
        title: str,
        dateline: Dateline | None,
        summary: Summary | None,
        body: tuple[str, ...],
        repeat: bool,
    ) -> Article:
        return self.builders.article(
            breadcrumb=breadcrumb,
            title=title,
            dateline=dateline,
            summary=summary,
            body=body,
            byline=None,
            meta=self.builders.no_meta,
            stray_lines=tuple(self.strays) if self.strays else (),
            dialect=self.dialect,
            format=PAGE,
            layout=self.layout(repeat),
            defects=tuple(self.defects) if self.defects else (),
        )

    def breadcrumb(self, pos: int) -> tuple[int, Breadcrumb | None]:
        """``[breadcrumb EOL *blank-line]``: the first line, if it has the separator."""
        separator = self.dialect.breadcrumb_separator
        text = self.texts[pos]
        if separator not in text:
            return pos, None
        following = pos + 1
        if following < self.end and not self.texts[following]:
            following = self.next_content(following)
        if following >= self.end or self.texts[following] in self.headings:
            return pos, None
        segments = text.split(separator)
        if not all(map(str.strip, segments, repeat(PAD))):
            index = next(i for i, segment in enumerate(segments) if not segment.strip(PAD))
            column = self.lines[pos].index(text) + 1
            column += sum(len(s) + len(separator) for s in segments[:index])
            found = f"expected a breadcrumb segment, found {_preview(segments[index])}"
            self.report(pos, column, "empty-breadcrumb-segment", found, stray=True)
            return self.skip_blanks(pos + 1), None
        self.head_line("breadcrumb", pos)
        if following > pos + 1:
            self.skip_blanks(pos + 1)
        return following, self.builders.breadcrumb(segments=tuple(segments))

    def title(self, pos: int) -> tuple[int, str]:
        """``title``: the first content line that is not the breadcrumb."""
        while self.texts[pos] in self.headings:
            found = f"expected the title, found the summary heading {_preview(self.lines[pos])}"
            pos = self.stray(pos, "missing-title", found)
            if pos == self.end:
                return pos, ""
        return pos + 1, self.head_line("title", pos)

    def dateline(self, pos: int, title: str) -> tuple[int, Dateline | None]:
        """``[EOL dateline]``: the line right after the title, whatever it says."""
        if not title or pos == self.end:
            return pos, None
        text = self.texts[pos]
        if not text or text in self.headings:
            return pos, None
        return pos + 1, self.builders.dateline(text=self.head_line("dateline", pos))

    def summary(self, pos: int, title: str) -> tuple[int, Summary | None, bool]:
        """``[summary]``: the heading, its points and the repeated title."""
        texts = self.texts
        end = self.end
        bullet_mark_length = self.dialect.bullet_mark_length
        if pos < end and not texts[pos]:
            pos = self.skip_blanks(pos)
        while pos < end and texts[pos] in self.headings:
            first_point = pos + 1
            if first_point < end and not texts[first_point]:
                first_point = self.next_content(first_point)
            if first_point < end and bullet_mark_length(texts[first_point]):
                break
            found = "the end of the page" if first_point == end else _preview(texts[first_point])
            hint = (
                ""
                if first_point == end
                else self.elsewhere("a point", texts[first_point], Dialect.bullet_mark_length)
            )
            pos = self.stray(
                pos, "summary-without-points", f"expected a bullet point, found {found}{hint}"
            )
        else:
            return pos, None, False
        heading = self.head_line("heading", pos)
        points: list[str] = []
        point_prefix = self.point_prefix
        lines = self.lines
        gap = self.gap
        pos += 1
        while pos < end:
            text = texts[pos]
            if not text:
                gap.append(lines[pos])
                pos += 1
                continue
            mark = bullet_mark_length(text)
            if mark:
                # The check of ``place`` for a line written canonically, inline
                # because most pages have a few points and this is per point.
                if text is lines[pos] and not gap and text[:mark] == point_prefix:
                    points.append(text[mark:])
                else:
                    points.append(self.place("point", len(points), pos, mark))
                    point_prefix = self.point_prefix
                pos += 1
                continue
            if gap or text == title:
                break
            resume = self.next_content(pos + 1)
            if resume == end or not bullet_mark_length(texts[resume]):
                break
            found = (
                "expected a point, a blank line or the end of the summary, "
                f"found {_preview(texts[pos])}"
            )
            pos = self.stray(pos, "summary-interrupted", found)
        summary = self.builders.summary(heading=heading, points=tuple(points))
        if pos < end and not gap and texts[pos] == title:
            self.head_line("repeat", pos)
            return pos + 1, summary, True
        return pos, summary, False

    def body(self, pos: int, after_summary: bool) -> tuple[str, ...]:
        """``[body]``: every line left, after at least one blank line."""
        lines = self.lines
        texts = self.texts
        gap = self.gap
        pos = self.skip_blanks(pos)
        if pos < self.end and not gap:
            block = "the summary" if after_summary else "the head"
            found = f"expected a blank line after {block}, found {_preview(lines[pos])}"
            # The stray line stands for the missing blank line: what follows is body.
            pos = self.stray(pos, "missing-blank-line", found)
        paragraphs: list[str] = []
        expected = _FIRST_GAP  # the default blank lines before the next paragraph
        for at in range(pos, self.end):
            text = texts[at]
            if not text:
                gap.append(lines[at])
            elif text is lines[at] and gap == expected:
                gap.clear()
                paragraphs.append(text)
            else:
                paragraphs.append(self.place("paragraph", len(paragraphs), at))
            if text and len(paragraphs) < 3:
                expected = list(self.paragraph_gap)
        return tuple(paragraphs)

    def layout(self, repeat: bool) -> Layout:
        trailing = tuple(self.gap)
        if not (
            self.text_bom
            or self.entries
            or repeat
            or trailing
            or self.newline != "\n"
            or self.mixed_newlines
        ):
            return CANONICAL
        newline = self.newline if self.end > 1 else "\n"
        return new_layout(
            bom=self.text_bom,
            newline=newline,
            mixed_newlines=self.mixed_newlines,
            title_repeat=repeat,
            lines=tuple(self.entries),
            trailing=trailing,
        )

    def missing_blocks(self, blocks: dict[str, object]) -> None:
        """Report each block the dialect requires that the page lacks."""
        for block in self.dialect.missing_blocks(blocks):
            self.report(
                0,
                1,
                "missing-block",
                f"expected the page to have a {block}, found none",
                stray=False,
            )
