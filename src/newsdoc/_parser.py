"""Read a page into an :class:`~newsdoc.Article`: the grammar of ``_grammar``, rule by rule.

The parser works on the page's lines and an index into them.  Each rule
takes the :class:`_Reader` and the index of the line it starts at and
returns the index after what it read.  Formatting goes into the layout as
it is met, so that :func:`newsdoc.dumps` writes the page back byte for byte.

In strict mode the first departure from the grammar raises
:class:`~newsdoc.ParseError`; in lenient mode the line is kept as a
:class:`~newsdoc.StrayLine`, reported as a :class:`~newsdoc.Defect`, and
reading goes on as if it were not there.
"""

from __future__ import annotations

import operator
import re
from itertools import repeat

from newsdoc._errors import Defect, FieldTypeError, ParseError
from newsdoc._grammar import DEFAULT_DIALECT, PAD, Dialect
from newsdoc._model import (
    CANONICAL,
    Article,
    Breadcrumb,
    Dateline,
    Kind,
    Layout,
    StrayLine,
    Summary,
    Trivia,
    default_trivia,
    new_article,
    new_breadcrumb,
    new_dateline,
    new_layout,
    new_summary,
)

__all__ = ["loads", "split_lines"]

_BOM = "\ufeff"
_PAD_OR_NOTHING = ("", " ", "\t")
_FINAL_NEWLINE = Layout(trailing=("",))
_EOL = re.compile(r"(\r\n|\r|\n)")


def loads(text: str, *, strict: bool = True, dialect: Dialect = DEFAULT_DIALECT) -> Article:
    """Read a page from ``text``.

    >>> article = loads("Home / Travel / Night trains return\\nNight trains return\\n2 Mar")
    >>> article.breadcrumb.segments, article.dateline.text
    (('Home', 'Travel', 'Night trains return'), '2 Mar')

    With ``strict=False`` no ``str`` is refused: lines that fit nowhere are
    kept in ``article.stray_lines`` and described in ``article.defects``.

    :raises ParseError: in strict mode, where ``text`` departs from the grammar.
    """
    if not isinstance(text, str):
        raise FieldTypeError(
            f"loads() takes a str, got {type(text).__name__}; use load() for bytes"
        )
    return _canonical_page(text, dialect) or _Reader(text, strict, dialect).page()


def _canonical_page(text: str, dialect: Dialect) -> Article | None:
    """The article of a page written exactly in the canonical layout, or None.

    Most pages are: rendering A with LF endings, no padding, one blank line
    before the body, and no final newline (what :func:`dumps` writes for an
    article built by hand) or one.  Such a page leaves nothing for the layout
    to record but that one newline, so it is read here without the reader's
    bookkeeping, by the same rules.  Anything else, well-formed or not, returns None and
    goes to the reader; a property test checks both give the same article.
    """
    if "\r" in text or not text or text[0] == _BOM:
        return None
    layout = CANONICAL
    if text[-1] == "\n":
        text, layout = text[:-1], _FINAL_NEWLINE
        if not text:
            return None
    lines = text.split("\n")
    texts = [line.strip(PAD) for line in lines]
    if not all(map(operator.is_, texts, lines)) or dialect.required_blocks:
        return None  # padding, which only the reader records
    headings = dialect.heading_set
    end = len(lines)
    pos = 0
    breadcrumb = None
    separator = dialect.breadcrumb_separator
    if separator in lines[0] and end > 1 and lines[1] not in headings:
        if not lines[1]:
            return None  # a blank line after the breadcrumb is not canonical
        segments = lines[0].split(separator)
        if not all(map(str.strip, segments, repeat(PAD))):
            return None
        breadcrumb = new_breadcrumb(tuple(segments))
        pos = 1
    title = lines[pos]
    if not title or title in headings:
        return None
    pos += 1
    dateline = None
    if pos < end and lines[pos] and lines[pos] not in headings:
        dateline = new_dateline(lines[pos])
        pos += 1
    summary = None
    if pos < end and lines[pos] in headings:
        if not dialect.canonical_mark_exact:
            return None
        heading = lines[pos]
        mark = dialect.canonical_mark
        width = len(mark)
        points = []
        pos += 1
        while pos < end and lines[pos][:width] == mark:
            point = lines[pos][width:]
            if point[:1] in _PAD_OR_NOTHING:
                return None
            points.append(point)
            pos += 1
        if not points:
            return None
        summary = new_summary(heading, tuple(points))
    body: tuple[str, ...] = ()
    if pos < end:
        body = tuple(lines[pos + 1 :])
        if lines[pos] or not body or "" in body:
            return None
        # After the blank line the reader still looks for a heading, or for
        # more points.
        if body[0] in headings if summary is None else dialect.bullet_mark_length(body[0]):
            return None
    return new_article(breadcrumb, title, dateline, summary, body, (), layout, ())


def split_lines(text: str) -> tuple[list[str], str, tuple[str, ...]]:
    """The lines of ``text``, the first line ending, and every ending if they differ."""
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


def _preview(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:57] + "...")


class _Reader:
    """The page's lines and what has been read from them so far."""

    __slots__ = (
        "defects",
        "dialect",
        "end",
        "entries",
        "gap",
        "headings",
        "lines",
        "mixed_newlines",
        "newline",
        "strays",
        "strict",
        "text_bom",
        "texts",
    )

    def __init__(self, text: str, strict: bool, dialect: Dialect) -> None:
        self.text_bom = text.startswith(_BOM)
        if self.text_bom:
            text = text[1:]
        self.lines, self.newline, self.mixed_newlines = split_lines(text)
        self.texts = [line.strip(PAD) for line in self.lines]
        """The lines without padding: an empty one is a blank line.  Where a
        line has no padding its text is the line itself (``is``)."""
        self.end = len(self.lines)
        self.strict = strict
        self.dialect = dialect
        self.headings = dialect.heading_set
        self.gap: list[str] = []
        """Blank lines met since the last placed line."""
        self.entries: list[tuple[Kind, int, Trivia]] = []
        self.strays: list[StrayLine] = []
        self.defects: list[Defect] = []

    # -- bookkeeping --------------------------------------------------------

    def report(self, pos: int, column: int, code: str, message: str, *, stray: bool) -> None:
        """Record a departure at line ``pos``; raise it in strict mode."""
        line = self.lines[pos] if pos < self.end else ""
        defect = Defect(line=pos + 1, column=column, code=code, message=message)
        if self.strict:
            raise ParseError(defect, line)
        self.defects.append(defect)
        if stray:
            self.strays.append(StrayLine(line=pos + 1, text=line))

    def stray(self, pos: int, code: str, message: str) -> None:
        """Keep line ``pos`` as a stray line, reported at its first character."""
        line = self.lines[pos]
        self.report(pos, len(line) - len(line.lstrip(PAD)) + 1, code, message, stray=True)

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
        """
        text = self.texts[pos]
        line = self.lines[pos]
        canonical = not mark or text[:mark] == self.dialect.canonical_mark
        # ``text is line`` when stripping found no padding (CPython returns the
        # string itself); where it does not, the slow path finds the same.
        if canonical and not self.gap and text is line:
            # Written as in the canonical layout: nothing to record.
            return text[mark:]
        start = line.index(text) + mark
        trivia = Trivia(tuple(self.gap), line[:start], line[start + len(text) - mark :])
        self.gap.clear()
        if trivia != default_trivia(kind, index, self.dialect.canonical_mark):
            self.entries.append((kind, index, trivia))
        return text[mark:]

    # -- the rules ----------------------------------------------------------

    def page(self) -> Article:
        pos = self.skip_blanks(0)
        if pos == self.end:
            return self.empty_page()
        pos, breadcrumb = self.breadcrumb(pos)
        pos, title = self.title(pos)
        pos, dateline = self.dateline(pos, title)
        pos, summary, repeat = self.summary(pos, title)
        body = self.body(pos)
        if self.dialect.required_blocks:
            self.missing_blocks(
                {"breadcrumb": breadcrumb, "dateline": dateline, "summary": summary, "body": body}
            )
        return new_article(
            breadcrumb,
            title,
            dateline,
            summary,
            body,
            tuple(self.strays) if self.strays else (),
            self.layout(repeat),
            tuple(self.defects) if self.defects else (),
        )

    def empty_page(self) -> Article:
        message = "expected the title, found the end of the page"
        self.report(self.end - 1, 1, "empty-page", message, stray=False)
        self.gap.clear()
        trailing = tuple(self.lines)
        return new_article(
            None, "", None, None, (), (), self.layout(False, trailing), tuple(self.defects)
        )

    def breadcrumb(self, pos: int) -> tuple[int, Breadcrumb | None]:
        """``[breadcrumb EOL *blank-line]``: the first line, if it has the separator."""
        separator = self.dialect.breadcrumb_separator
        text = self.texts[pos]
        if separator not in text:
            return pos, None
        following = self.next_content(pos + 1)
        if following == self.end or self.texts[following] in self.headings:
            return pos, None
        segments = text.split(separator)
        for index, segment in enumerate(segments):
            if not segment.strip(PAD):
                column = self.lines[pos].index(text) + 1
                column += sum(len(s) + len(separator) for s in segments[:index])
                found = f"expected a breadcrumb segment, found {_preview(segment)}"
                self.report(pos, column, "empty-breadcrumb-segment", found, stray=True)
                return self.skip_blanks(pos + 1), None
        self.place("breadcrumb", 0, pos)
        return self.skip_blanks(pos + 1), new_breadcrumb(tuple(segments))

    def title(self, pos: int) -> tuple[int, str]:
        """``title``: the first content line that is not the breadcrumb."""
        while self.texts[pos] in self.headings:
            found = f"expected the title, found the summary heading {_preview(self.lines[pos])}"
            self.stray(pos, "missing-title", found)
            pos = self.skip_blanks(pos + 1)
            if pos == self.end:
                return pos, ""
        return pos + 1, self.place("title", 0, pos)

    def dateline(self, pos: int, title: str) -> tuple[int, Dateline | None]:
        """``[EOL dateline]``: the line right after the title, whatever it says."""
        if not title or pos == self.end:
            return pos, None
        text = self.texts[pos]
        if not text or text in self.headings:
            return pos, None
        return pos + 1, new_dateline(self.place("dateline", 0, pos))

    def summary(self, pos: int, title: str) -> tuple[int, Summary | None, bool]:
        """``[summary]``: the heading, its points and the repeated title."""
        texts = self.texts
        end = self.end
        bullet_mark_length = self.dialect.bullet_mark_length
        pos = self.skip_blanks(pos)
        while pos < end and texts[pos] in self.headings:
            first_point = self.next_content(pos + 1)
            if first_point < end and bullet_mark_length(texts[first_point]):
                break
            found = "the end of the page" if first_point == end else _preview(texts[first_point])
            self.stray(pos, "summary-without-points", f"expected a bullet point, found {found}")
            pos = self.skip_blanks(pos + 1)
        else:
            return pos, None, False
        heading = self.place("heading", 0, pos)
        points: list[str] = []
        pos = self.skip_blanks(pos + 1)
        while pos < end:
            mark = bullet_mark_length(texts[pos])
            if not mark:
                break
            points.append(self.place("point", len(points), pos, mark))
            pos = self.skip_blanks(pos + 1)
        summary = new_summary(heading, tuple(points))
        if pos < end and not self.gap and texts[pos] == title:
            self.place("repeat", 0, pos)
            return pos + 1, summary, True
        return pos, summary, False

    def body(self, pos: int) -> tuple[str, ...]:
        """``[body]``: every line left, after at least one blank line."""
        lines = self.lines
        texts = self.texts
        pos = self.skip_blanks(pos)
        while pos < self.end and not self.gap:
            found = f"expected a blank line before the body, found {_preview(lines[pos])}"
            self.stray(pos, "missing-blank-line", found)
            pos = self.skip_blanks(pos + 1)
        paragraphs: list[str] = []
        gap = self.gap
        for at in range(pos, self.end):
            text = texts[at]
            if not text:
                gap.append(lines[at])
            elif text is lines[at] and (gap == [""] if not paragraphs else not gap):
                gap.clear()
                paragraphs.append(text)
            else:
                paragraphs.append(self.place("paragraph", len(paragraphs), at))
        return tuple(paragraphs)

    def layout(self, repeat: bool, trailing: tuple[str, ...] | None = None) -> Layout:
        if trailing is None:
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
            self.text_bom, newline, self.mixed_newlines, repeat, tuple(self.entries), trailing
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
