"""The page format, declared: the lines of an aggregator page, in the order they come.

In ABNF (RFC 5234), over the text after an optional UTF-8 BOM::

    page        = *blank-line head [summary] [body] trailing
    head        = [breadcrumb EOL *blank-line] title [EOL dateline]
    breadcrumb  = pad segment 1*(SEPARATOR segment) pad
    segment     = text                      ; holding no SEPARATOR
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
    text        = a run of characters with no EOL that neither starts nor ends with WSP
    EOL         = CRLF / CR / LF

``SEPARATOR``, ``HEADING`` and ``BULLET`` come from the
:class:`~newsdoc.Dialect`.  :data:`PAGE_LINES` states it, and the rules
that decide where the grammar alone allows two readings, as one value the
engine reads, writes and checks pages with, in every dialect:

* ``breadcrumb``: the first line is the breadcrumb when it contains the
  separator and the next non-blank line is not a summary heading;
* ``title``: the first line that is not the breadcrumb, unless it is a
  summary heading (a page of headings has no title);
* ``dateline``: the line right after the title (no blank line between),
  whatever it says, unless it is a summary heading;
* ``heading`` and ``point``: a summary heading followed by a point, then
  every line that starts with a bullet mark, blank lines between them
  included; a line between two points is a stray line;
* ``repeat``: the title again, right after the last point;
* ``paragraph``: every line after the first blank line that follows the
  head or the summary.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from functools import lru_cache, partial
from typing import Any

from newsdoc._declare import (
    ANY_BLANKS,
    ANY_NUMBER,
    MANY,
    OPTIONAL,
    SOME_BLANKS,
    Line,
    Mark,
    Same,
    Split,
    Text,
    Word,
    with_new,
)
from newsdoc._engine import LineLayout, Program, Stray
from newsdoc._grammar import PAD, Dialect, dialect_names, get_dialect

__all__ = [
    "LAYOUT_VERSION",
    "PAGE_LINES",
    "declared_program",
    "layout_as_of",
    "layout_from_trivia",
    "page_program",
]

PAGE_LINES = (
    Line(
        Split(),
        count=OPTIONAL,
        before=ANY_BLANKS,
        not_then="heading",
        mark=0.4,
        codes={"malformed": "empty-breadcrumb-segment"},
    ),
    Line(
        Text("title"),
        before=ANY_BLANKS,
        unless=("heading",),
        codes={"missing": "missing-title", "empty": "empty-page"},
    ),
    Line(Text("dateline"), count=OPTIONAL, unless=("heading",)),
    Line(
        Word(),
        count=OPTIONAL,
        before=ANY_BLANKS,
        then="point",
        mark=0.5,
        name="heading",
        codes={"alone": "summary-without-points"},
    ),
    Line(
        Mark(),
        Text("summary.points"),
        count=MANY,
        before=ANY_BLANKS,
        after="heading",
        new="both",
        name="point",
        codes={"interrupted": "summary-interrupted"},
    ),
    Line(Same("title"), count=OPTIONAL, after="point", name="repeat"),
    Line(
        Text("body"),
        count=ANY_NUMBER,
        before=SOME_BLANKS,
        new="second",
        name="paragraph",
        codes={"blank-lines": "missing-blank-line"},
    ),
)
"""The page format's lines: its breadcrumb, title, dateline, summary and body."""

LAYOUT_VERSION = 5
"""The format version of JSON documents from which a page's layout is recorded by
:data:`PAGE_LINES` as they are; pickles carry it beside the layout."""


def page_program(dialect: Dialect) -> Program:
    """The page format's program in ``dialect``: resolved once, for pages come in runs.

    Found by the dialect's identity first: every page read asks, and most
    ask in the same few dialect objects, whose hash is computed field by field.
    """
    known = _PAGE_PROGRAMS.get(id(dialect))
    if known is not None and known[0] is dialect:
        return known[1]
    program = declared_program(PAGE_LINES, dialect)
    if len(_PAGE_PROGRAMS) >= _PAGE_PROGRAMS_KEPT:
        _PAGE_PROGRAMS.clear()
    # The dialect is kept with its program, so that its id names no other object meanwhile.
    _PAGE_PROGRAMS[id(dialect)] = (dialect, program)
    return program


_PAGE_PROGRAMS: dict[int, tuple[Dialect, Program]] = {}
_PAGE_PROGRAMS_KEPT = 64


@lru_cache(maxsize=256)
def declared_program(lines: tuple[Line, ...], dialect: Dialect) -> Program:
    """The program of the declaration ``lines`` in ``dialect``, resolved once."""
    return Program(lines, dialect, partial(_registered_programs, lines))


def _registered_programs(lines: tuple[Line, ...]) -> list[tuple[str, Program]]:
    """The program of ``lines`` in each registered dialect, by name: asked for only to explain."""
    return [(name, declared_program(lines, get_dialect(name))) for name in dialect_names()]


def layout_as_of(
    version: int,
    layout: Hashable,
    fields: dict[str, Any],
    strays: Sequence[Stray],
    program: Program,
) -> Hashable:
    """The layout of a text of ``program``'s declaration that a document or pickle of
    format ``version`` records as ``layout``, as the declaration records it now.

    Before version 5 there was no ``new="both"``: the page's points, and the
    lines of every declaration built from the page's, were ``"first"``.  Such
    a layout is written by the declaration as it was then, and the text read
    again, so that each line keeps its formatting; one that records no such
    line is the same in both.

    :raises ValidationError: when the declaration of that time could not
        write the text with ``layout`` so that it reads back as itself.
    """
    changed = {kind.line.name for kind in program.kinds if kind.line.new == "both"}
    if version >= LAYOUT_VERSION or not changed:
        return layout
    then = _program_before_version_5(tuple(kind.line for kind in program.kinds), program.dialect)
    checked = then.check_layout(layout)
    if changed.isdisjoint(checked.lines[::3]):
        return checked
    fitted = then.fit(fields, strays, checked, repair=False)
    return program.read(then.write(fields, strays, fitted), strict=False, blocks=False).layout


@lru_cache(maxsize=16)
def _program_before_version_5(lines: tuple[Line, ...], dialect: Dialect) -> Program:
    """The program of ``lines`` as declared before format version 5, in ``dialect``."""
    return declared_program(
        tuple(with_new(line, "first") if line.new == "both" else line for line in lines), dialect
    )


def layout_from_trivia(
    old: Mapping[str, Any], fields: dict[str, Any], strays: Sequence[Stray], dialect: Dialect
) -> LineLayout:
    """The layout of a page as JSON documents of versions 1 to 3 and older pickles record it.

    ``old`` holds ``bom``, ``newline``, ``mixed_newlines``, ``title_repeat``,
    ``trailing`` and ``lines`` of ``(kind, index, (gap, prefix, suffix))``,
    the line kinds being the names of :data:`PAGE_LINES`; ``fields`` and
    ``strays`` are the page's content.  A line's formatting is its blank
    lines and its padding, a point's prefix split into its indent, bullet
    symbol and the padding after it; the repeated title is a ``repeat``
    line.  Written once and read back, the layout states each line as the
    engine does, the defaults left out.
    """
    program = page_program(dialect)
    order = {kind.line.name: kind.number for kind in program.kinds}
    symbols = sorted(dialect.bullet_symbols, key=len, reverse=True)
    entries: list[tuple[int, int, str, str]] = []
    for kind, index, (gap, prefix, suffix) in old.get("lines", ()):
        if kind == "repeat" and not old.get("title_repeat", False):
            continue
        segments: tuple[str, ...] = (prefix, suffix)
        if kind == "point":
            rest = prefix.lstrip(PAD)
            symbol = next((symbol for symbol in symbols if rest.startswith(symbol)), "")
            segments = (prefix[: len(prefix) - len(rest)], symbol, rest[len(symbol) :], suffix)
        entries.append((order[kind], index, kind, "\n".join((*gap, *segments))))
    if old.get("title_repeat", False) and not any(entry[2] == "repeat" for entry in entries):
        entries.append((order["repeat"], 0, "repeat", "\n"))
    written = LineLayout(
        bom=old.get("bom", False),
        newline=old.get("newline", "\n"),
        endings=tuple(old.get("mixed_newlines", ())),
        lines=tuple(
            item
            for _, index, kind, formatting in sorted(entries)
            for item in (kind, index, formatting)
        ),
        trailing=tuple(old.get("trailing", ())),
    )
    text = _program_before_version_5(PAGE_LINES, dialect).write(fields, strays, written)
    return program.read(text, strict=False, blocks=False).layout
