"""The one engine behind declared formats: a reader, a writer and a check from a list of lines.

A :class:`Program` is a declaration (a sequence of :class:`~newsdoc.lines.Line`)
resolved in a dialect.  Everything a format does with text goes through
its two functions, so the directions cannot drift apart:

* :meth:`Program.read` matches lines in order, each line kind as often as
  its count allows, with one line of look-ahead and no backtracking.  What
  a line's parts say fills fields; how the line is written (the blank
  lines before it, the padding around its parts, its bullet symbol) is its
  *formatting*, kept in the :class:`LineLayout` only where it differs from
  the default :func:`Program.default` states.  A text formatted as a new
  article is written, or as the texts just read were, is read by a reader
  generated for that layout, which checks each line against the
  formatting it knows beforehand and leaves any other text to the general
  reader.
* :attr:`Program.write` is concatenation of what the layout records, with
  :func:`Program.default` for everything it does not.
* :meth:`Program.fit` is the check on construction: it writes an article's
  fields, reads them back, and compares both the fields and the layout.

The engine knows fields by name (``"title"``, ``"body"``, ``"meta.source"``)
and builds no articles: the format that owns a program turns fields into an
article, through whatever factory it is given.
"""

from __future__ import annotations

import itertools
import linecache
import operator
import re
import sys
from bisect import bisect_left
from collections.abc import Callable, Container, Iterable, Iterator, Mapping, Sequence
from functools import partial
from typing import Any, NamedTuple, Protocol, cast

from newsdoc._dates import parse_parts
from newsdoc._declare import (
    LISTS,
    MANY,
    NO_BLANK,
    ONE,
    REPEATED,
    SOME_BLANKS,
    TAKEN,
    Date,
    Fixed,
    Line,
    Mark,
    Same,
    Split,
    Text,
    Word,
    taken,
)
from newsdoc._errors import Defect, ParseError, ValidationError, bounded_repr, new_defect
from newsdoc._grammar import BOM, EOLS, PAD, Dialect, split_lines

__all__ = [
    "LineLayout",
    "OutOfPatience",
    "Program",
    "Reading",
    "Stray",
    "held_fields",
    "join_lines",
    "line_texts",
    "with_strays",
    "written_fields",
]

Fields = dict[str, Any]
"""Field name to value: a str, a tuple of segments (a split), or a list (a repeated line)."""


class Stray(Protocol):
    """A line kept as it was, at its 1-based line number (a :class:`~newsdoc.StrayLine`)."""

    @property
    def line(self) -> int: ...

    @property
    def text(self) -> str: ...


class LineLayout(NamedTuple):
    """Everything about a declared format's text that its fields do not say.

    Built of bools, strs, ints and tuples, so that a JSON document carries
    it as it is.  ``lines`` is flat: for each line whose formatting departs
    from the default, its kind's name, its index among the lines of its
    kind, and its formatting: the blank lines before it, then its padding
    and bullet symbols (see :meth:`Program.match`), joined by ``"\\n"``.
    One string a line, and none where a line is written as the default,
    keeps a page's layout small and invisible to the garbage collector.
    """

    bom: bool = False
    newline: str = "\n"
    """The line ending of every line break, unless ``endings`` lists them."""
    endings: tuple[str, ...] = ()
    """Every line ending in order, when they are not all alike."""
    lines: tuple[str | int, ...] = ()
    """``name, index, formatting`` for each line that departs from the default."""
    trailing: tuple[str, ...] = ()
    """The blank lines after the last line, each after a line ending: ``()`` means the
    text ends without one.  Blank lines that come before no line at all are here too."""


CANONICAL = LineLayout()


class Reading(NamedTuple):
    """What :meth:`Program.read` found in a text."""

    fields: Fields
    counts: list[int]
    """How many lines of each kind were read, in the declaration's order."""
    layout: LineLayout
    strays: list[tuple[int, str]]
    defects: list[Defect]
    meta: dict[str, str]
    """The named lines read, by name: the fields ``meta.<name>``."""


class _Part(NamedTuple):
    """A part, resolved in a dialect."""

    kind: str
    """``fixed``, ``mark``, ``pattern`` (a date of fixed width), or ``text``, ``date``,
    ``split``, ``word`` and ``same``, which run to ``stop`` or the end of the line."""
    field: str
    stop: str
    """The fixed text that ends a part of any text (``""`` when the line does); for a
    mark, the symbol of lines written anew."""
    words: Any
    """The fixed text, the bullet symbols longest first, the separator, the words
    (a container), or the :class:`~newsdoc.lines.Date` with the pattern."""


def _resolved(line: Line, dialect: Dialect) -> tuple[_Part, ...]:
    parts = []
    for index, part in enumerate(line.parts):
        following = line.parts[index + 1] if index + 1 < len(line.parts) else None
        stop = following.text if isinstance(following, Fixed) else ""
        if isinstance(part, Fixed):
            parts.append(_Part("fixed", "", "", part.text))
        elif isinstance(part, Mark):
            symbols = part.symbols or dialect.bullet_symbols
            longest_first = sorted(symbols, key=len, reverse=True)
            parts.append(_Part("mark", "", symbols[0], longest_first))
        elif isinstance(part, Date):
            kind = "date" if part.pattern is None else "pattern"
            parts.append(_Part(kind, part.field, stop, part))
        elif isinstance(part, Split):
            separator = part.separator or dialect.breadcrumb_separator
            parts.append(_Part("split", part.field, stop, separator))
        elif isinstance(part, Word):
            words = dialect.headings if part.words is None else frozenset(part.words)
            parts.append(_Part("word", part.field, stop, words))
        elif isinstance(part, Same):
            parts.append(_Part("same", part.field, stop, None))
        else:
            assert isinstance(part, Text)
            parts.append(_Part("text", part.field, stop, None))
    return tuple(parts)


def _canonical_segments(line: Line, parts: tuple[_Part, ...], dialect: Dialect) -> tuple[str, ...]:
    """The padding and symbols of a line written anew: the indent, one space between parts."""
    indent = line.indent + dialect.point_indent if parts[0].kind == "mark" else line.indent
    segments = [indent]
    for index, part in enumerate(parts):
        if part.kind == "mark":
            segments.append(part.stop)
        segments.append("" if index + 1 == len(parts) else " ")
    return tuple(segments)


class _Kind(NamedTuple):
    """A line kind of a program: the declaration, resolved, with its defaults."""

    line: Line
    number: int
    """Its place among the program's kinds."""
    parts: tuple[_Part, ...]
    first: str
    """The formatting of the first line of the kind written anew."""
    other: str
    """The formatting of another line of the kind written anew."""
    width: int
    """How many segments its formatting holds after the blank lines."""
    repeats: bool
    required: bool
    by_layout: bool
    """Whether the kind fills no field, so that the layout says whether its line is there."""
    after: int
    """The kind it comes after (its place), or -1."""
    unless: tuple[int, ...]
    then: int
    not_then: int


def _formatting(gap: Sequence[str], segments: Sequence[str]) -> str:
    return "\n".join((*gap, *segments))


def _parse_formatting(formatting: str, width: int) -> tuple[list[str], list[str]]:
    """The blank lines and the segments of a line's formatting."""
    items = formatting.split("\n")
    return items[:-width], items[-width:]


def _pad_end(line: str, start: int) -> int:
    end = start
    length = len(line)
    while end < length and line[end] in PAD:
        end += 1
    return end


class _Miss(NamedTuple):
    """Why a line is not of a kind: where, and what was expected there."""

    column: int
    expected: str
    malformed: bool = False
    """Whether the line is of the kind by its look, but breaks one of its rules."""


# -- compiled matchers --------------------------------------------------------------
#
# A line of one part, or a bullet and text, is matched by a function whose
# source is generated from the declaration, as attrs generates ``__init__``:
# no loop over parts, the words and symbols bound as constants, and the
# reader inlines the same source.  It gives what
# :meth:`Program.interpreted_match` gives for every line (a test compares
# them); a line of other parts is matched by that method.

_COMPILED = ("text", "date", "word", "same", "split")
_START = "(len(line) - len(line.lstrip(PAD)))"
"""Where a line's text starts, in generated source: found only when a line is padded."""


class _MatchSource(NamedTuple):
    """How a line of one kind is matched, as Python source over ``line`` and ``text``.

    The one statement of a compiled kind's match: the generated matcher
    function and the generated reader, which inlines it, are both made of it.
    """

    checks: list[tuple[str, str, str]]
    """``condition, column, expected``: the line is no line of the kind where
    a condition holds; in order, so that the first says why."""
    body: list[str]
    """Statements after the checks that set ``value``, where the kind's checks leave
    more to do."""
    look: str
    """The expression of the line's look (its segments joined) where it is unpadded."""
    padded_look: str
    """The expression of its look where it is padded."""
    value: str
    """The expression of the line's value, or ``""`` for a kind that fills no field."""
    inline: bool
    """Whether the reader may inline it: no statement can miss."""


def _match_source(
    program: Program, kind: _Kind, namespace: dict[str, Any], *, guard: bool = True
) -> _MatchSource | None:
    """How ``kind`` is matched, its constants bound in ``namespace``; None where interpreted.

    Without ``guard``, the kind's look-ahead is left out: the line's own parts alone.
    """
    parts = kind.parts
    shape = tuple(part.kind for part in parts)
    if not (
        (len(parts) == 1 and shape[0] in _COMPILED and not parts[0].stop)
        or shape == ("mark", "text")
    ):
        return None
    number = kind.number
    part = parts[-1]
    namespace.update(
        {
            "Miss": _Miss,
            "PAD": PAD,
            "is_of": program.is_of,
            "parse_parts": parse_parts,
            "preview": _preview,
            "repeat": itertools.repeat,
            "strip": str.strip,
            f"words_{number}": part.words,
            f"field_{number}": part.field,
        }
    )
    checks = []
    if guard and kind.not_then >= 0:
        other = program.kinds[kind.not_then]
        test = _is_of_source(program, other, f"other_{number}", namespace)
        checks.append(
            (
                f"guarded and (ahead is None or {test})",
                "1",
                f"a line before the {other.line.name} line",
            )
        )
    body: list[str] = []
    value = "text"
    inline = True
    plain_look = "'\\n'"
    if shape[0] == "mark":
        symbols = "|".join(re.escape(symbol) for symbol in parts[0].words)
        namespace[f"mark_{number}"] = re.compile(f"({symbols})([ \t]+)(?=[^ \t])")
        checks.append(
            (
                f"(found := mark_{number}.match(text)) is None",
                f"{_START} + 1",
                "a bullet mark, a space and text",
            )
        )
        value = "text[found.end():]"
        # The look of an unpadded line with one space after its mark, known beforehand.
        namespace[f"looks_{number}"] = {
            f"{symbol} ": f"\n{symbol}\n \n" for symbol in parts[0].words
        }
        plain_look = f"looks_{number}.get(found[0]) or '\\n' + found[1] + '\\n' + found[2] + '\\n'"
        padded_look = "line.replace(text, '\\n' + found[1] + '\\n' + found[2] + '\\n', 1)"
    else:
        padded_look = "line.replace(text, '\\n', 1)"
        what = part.kind
        if what == "date":
            checks.append(("isinstance(parse_parts(text), str)", f"{_START} + 1", "a date"))
        elif what == "word":
            checks.append(
                (
                    f"text not in words_{number}",
                    f"{_START} + 1",
                    f"a {part.field.rpartition('.')[2]}",
                )
            )
        elif what == "same":
            checks.append(
                (f"text != fields.get(field_{number})", f"{_START} + 1", f"the {part.field} again")
            )
            value = ""
        elif what == "split":
            inline = False
            value = "value"
            body += [
                f"value = tuple(text.split(words_{number}))",
                "if len(value) < 2:",
                "    return None if quiet else "
                f"Miss({_START} + 1, 'segments between ' + {'{!r}'!r}.format(words_{number}))",
                "if not all(map(strip, value, repeat(PAD))):",
                "    for index, segment in enumerate(value):",
                "        if not segment.strip(PAD):",
                f"            column = {_START} + 1 + sum(len(s) + len(words_{number}) "
                "for s in value[:index])",
                "            return Miss(column, f'a segment, found {preview(segment)}', True)",
            ]
    for other_number in kind.unless:
        other = program.kinds[other_number]
        namespace[f"unless_{other_number}"] = other
        if tuple(part.kind for part in other.parts) == ("word",):
            namespace[f"unless_words_{other_number}"] = other.parts[0].words
            test = f"text in unless_words_{other_number}"
        else:
            test = f"is_of(unless_{other_number}, line, fields)"
        checks.append((test, f"{_START} + 1", f"a line that is no {other.line.name} line"))
    return _MatchSource(checks, body, plain_look, padded_look, value, inline)


def _look_source(source: _MatchSource) -> list[str]:
    """The statements that set ``look``, the line's segments joined."""
    # A text starts with no padding, so that its first occurrence in its line follows the
    # padding: replacing it gives the padding around what stands for the text.
    return [
        "if text is line:",
        f"    look = {source.look}",
        "else:",
        f"    look = {source.padded_look}",
    ]


def _compiled(program: Program, kind: _Kind) -> Callable[..., Any] | None:
    """The generated matcher of ``kind``, or None where the interpreted one serves."""
    namespace: dict[str, Any] = {}
    source = _match_source(program, kind, namespace)
    if source is None:
        return None
    # As the interpreted match: the guard first, then the line's own look.
    empty = ("not text", "len(line) + 1", _empty_expectation(kind.parts))
    checks = list(source.checks)
    checks.insert(1 if kind.not_then >= 0 else 0, empty)
    lines = ["def match(line, text, fields, ahead, guarded, quiet):"]
    for condition, column, expected in checks:
        lines += [
            f"    if {condition}:",
            f"        return None if quiet else Miss({column}, {expected!r})",
        ]
    lines += [f"    {statement}" for statement in (*source.body, *_look_source(source))]
    lines.append(f"    return [{source.value}], look")
    matcher: Callable[..., Any] = _generated(
        lines, f"<newsdoc declared line {kind.line.name!r} {id(program):x}>", namespace
    )
    return matcher


def _compiled_test(program: Program, kind: _Kind) -> Callable[[str, Fields], bool] | None:
    """The generated test of whether a line has the parts of ``kind`` (its guard aside),
    or None where the matcher serves: a kind whose match can miss after its checks."""
    namespace: dict[str, Any] = {}
    source = _match_source(program, kind, namespace, guard=False)
    if source is None or not source.inline:
        return None
    conditions = "".join(f" or ({condition})" for condition, _, _ in source.checks)
    lines = [
        "def test(line, fields):",
        "    text = line.strip(PAD)",
        f"    return not (not text{conditions})",
    ]
    test: Callable[[str, Fields], bool] = _generated(
        lines, f"<newsdoc declared test {kind.line.name!r} {id(program):x}>", namespace
    )
    return test


def _is_of_source(
    program: Program, kind: _Kind, name: str, namespace: dict[str, Any], line: str = "ahead"
) -> str:
    """An expression, bound in ``namespace`` under ``name``, of whether the line ``line``
    names has the parts of ``kind``: its generated test where it has one."""
    test = program.testers[kind.number]
    if test is None:
        namespace[name] = kind
        return f"is_of({name}, {line}, fields)"
    namespace[name] = test
    return f"{name}({line}, fields)"


def _compiled_reader(program: Program) -> Callable[..., Reading]:
    """The reader of ``program``'s texts, generated from the declaration.

    The way through a page that follows its declaration is straight-line
    code, kind after kind: find the next non-blank line, match it, place it,
    record its formatting where it departs from the default.  Every
    departure goes to a :class:`_Reader`, made only then, whose methods
    (:meth:`_Reader.missed`, :meth:`_Reader.alone`,
    :meth:`_Reader.misplaced`, :meth:`_Reader.at_end`) say what becomes of
    the line; strict reading raises there, so it pays nothing for lenient
    reading.
    """
    namespace: dict[str, Any] = {
        "BOM": BOM,
        "CANONICAL_NEWLINE": "\n",
        "LineLayout": LineLayout,
        "PAD": PAD,
        "Reader": _Reader,
        "PAST_THE_END": _PAST_THE_END,
        "Reading": Reading,
        "guarded": True,
        "is_of": program.is_of,
        "new_tuple": tuple.__new__,
        "program": program,
        "read_plain": program.read_plain,
        "repeat": itertools.repeat,
        "split_lines": split_lines,
        "strip": str.strip,
    }
    source = [
        "def read_text(text, patience, blocks, known=True):",
        "    bom = text.startswith(BOM)",
        "    lines, newline, endings = split_lines(text[1:] if bom else text)",
        "    end = len(lines)",
        "    texts = list(map(strip, lines, repeat(PAD, end)))",
        "    if known and not endings:",
        "        # Texts formatted as texts are written anew, or as the last texts read were.",
        "        if read_plain and not bom and newline == '\\n' and texts == lines:",
        "            lines += PAST_THE_END",
        "            reading = read_plain(lines, lines, end)",
        "            if reading is not None:",
        "                return reading",
        "            del lines[end:]",
        "        formatted = program.formatted_alike",
        "        if formatted is not None and formatted[0] == bom and formatted[1] == newline:",
        "            texts += PAST_THE_END",
        "            reading = formatted[2](lines, texts, end)",
        "            if reading is not None:",
        "                return reading",
        "            del texts[end:]",
        "    gap = []",
        "    fields = {}",
        f"    counts = {[0] * len(program.kinds)!r}",
        "    departures = []",
        "    alike = {}.setdefault",
        "    default = program.default",
        "    reader = None",
        "    pos = 0",
    ]
    for kind in program.kinds:
        number = kind.number
        line = kind.line
        namespace[f"kind_{number}"] = kind
        listed = bool(line.fields) and line.fields[0] in LISTS
        matching = _match_source(program, kind, namespace)
        block = [
            "count = 0",
            *(["items = []"] if listed else []),
            *([f"first = expected = {kind.first!r}"] if kind.repeats else []),
            "while True:",
            *_run_source(program, kind, matching, listed, namespace),
            "    content = pos",
            "    while content < end and not texts[content]:",
            "        content += 1",
            "    if content == end:",
        ]
        if kind.required:
            block += [
                "        if not count:",
                f"            {_MAKE_READER}",
                f"            reader.at_end(kind_{number})",
            ]
        block += [
            "        break",
            "    line = lines[content]",
            "    text = texts[content]",
        ]
        block += _ahead_source(kind, "following < end and not texts[following]")
        block += _match_in_reader(program, kind, matching, namespace)
        if kind.then >= 0:
            test = _is_of_source(program, program.kinds[kind.then], f"then_{number}", namespace)
            block += [
                f"    if ahead is None or not {test}:",
                f"        {_MAKE_READER}",
                f"        pos = reader.alone(kind_{number}, pos, content)",
                "        continue",
            ]
        block += _blank_rule_source(kind)
        block += [
            "    formatting = look",
            "    if gap:",
            "        gap += lines[pos:content]",
            "        formatting = '\\n'.join(gap) + '\\n' + formatting",
            "        gap.clear()",
            "    elif content > pos:",
            "        formatting = '\\n'.join(lines[pos:content]) + '\\n' + formatting",
            "    if reader is not None:",
            "        reader.stands_for_gap = False",
            "    if True:"
            if kind.by_layout
            else "    if formatting != expected:"
            if kind.repeats
            else f"    if formatting != {kind.first!r}:",
            # One string for every line formatted alike: a text may record each of its lines.
            f"        departures += ({line.name!r}, count, alike(formatting, formatting))",
        ]
        if kind.repeats:
            # The defaults of a kind's lines after the first two are those of the
            # second; where the first two are written as the default, known beforehand.
            after_first = program.default(kind, 1, kind.first, kind.first)
            namespace[f"after_first_{number}"] = after_first
            namespace[f"after_second_{number}"] = program.default(kind, 2, kind.first, after_first)
            block += [
                "    if count < 2:",
                "        if count:",
                "            if plain and formatting == expected:",
                f"                expected = after_second_{number}",
                "            else:",
                f"                expected = default(kind_{number}, 2, first, formatting)",
                "        else:",
                "            first = formatting",
                "            plain = formatting == expected",
                f"            expected = after_first_{number} if plain else "
                f"default(kind_{number}, 1, first, {kind.first!r})",
            ]
        source += _placed(kind, block + _stored_source(kind))
    source += [f"    {statement}" for statement in _ending_source(program)]
    read_text: Callable[..., Reading] = _generated(
        source, f"<newsdoc declared reader {id(program):x}>", namespace
    )
    return read_text


def _stored_source(kind: _Kind) -> list[str]:
    """The reader's lines that store the value, or values, of a line of ``kind`` placed,
    and go on after it; for a run, then the run's values, once it ends."""
    fields = kind.line.fields
    number = kind.number
    if fields and fields[0] in LISTS:
        stored = ["    items.append(value)"]
    elif len(fields) == 1:
        stored = [f"    fields[{fields[0]!r}] = value"]
    elif fields:
        stored = [f"    {', '.join(f'fields[{field!r}]' for field in fields)} = values"]
    else:
        stored = []
    if not kind.repeats:
        return [*stored, f"    counts[{number}] = 1", "    pos = content + 1", "    break"]
    stored += ["    count += 1", "    pos = content + 1", f"counts[{number}] = count"]
    if fields and fields[0] in LISTS:
        stored += ["if count:", f"    fields[{fields[0]!r}] = items"]
    return stored


def _placed(kind: _Kind, block: list[str]) -> list[str]:
    """A reader's lines for ``kind`` in the reader, where the kind it comes after was read."""
    if kind.after < 0:
        return [f"    # the {kind.line.name} line", *(f"    {line}" for line in block)]
    return [
        f"    # the {kind.line.name} line",
        f"    if counts[{kind.after}]:",
        *(f"        {line}" for line in block),
    ]


def _ahead_source(kind: _Kind, blank: str) -> list[str]:
    """The reader's lines that set ``ahead``, the next non-blank line, where ``kind``
    looks ahead; ``blank`` tells whether line ``following`` is blank, within the text."""
    if kind.then < 0 and kind.not_then < 0:
        return []
    return [
        "    following = content + 1",
        f"    while {blank}:",
        "        following += 1",
        "    ahead = lines[following] if following < end else None",
    ]


_MAKE_READER = (
    "reader = reader or Reader(program, lines, texts, gap, fields, counts, departures, patience)"
)
"""The reader's line that makes the :class:`_Reader` its departures go to, the first time."""


def _ending_source(program: Program) -> list[str]:
    """The reader's lines after the last line kind: the lines left over, the lines and
    blocks the text lacks, and what was read."""
    source = [
        "content = pos",
        "while content < end and not texts[content]:",
        "    content += 1",
        "if content < end:",
        f"    {_MAKE_READER}",
        "    reader.left_over(pos)",
        "else:",
        "    gap += lines[pos:]",
    ]
    lacking = _lacking_source(program)
    if lacking:
        source += [
            f"if fields and ({lacking}):",
            f"    {_MAKE_READER}",
            "    reader.keep_as_stray()",
            "    fields, counts, departures, gap = (",
            "        reader.fields, reader.counts, reader.departures, reader.gap",
            "    )",
        ]
    if program.dialect.required_blocks:
        source += [
            "if blocks and (fields or reader is not None and reader.strays):",
            f"    {_MAKE_READER}",
            "    reader.missing_blocks()",
        ]
    source += [
        # The lines go before the departures are copied: a text that departs on every
        # line would hold both at once otherwise.
        "lines.clear()",
        "texts.clear()",
        # Named tuples made as tuples are: their own constructor is a function more.
        "layout = new_tuple(LineLayout, (",
        "    bom,",
        "    newline if end > 1 else CANONICAL_NEWLINE,",
        "    endings,",
        "    tuple(departures),",
        "    tuple(gap),",
        "))",
    ]
    source += _meta_source(program)
    source += [
        "if reader is None:",
        "    if departures and known:",
        "        program.noticed(layout)",
        "    return new_tuple(Reading, (fields, counts, layout, [], [], meta))",
        "return new_tuple(Reading, (fields, counts, layout, reader.strays, reader.defects, meta))",
    ]
    return source


def _lacking_source(program: Program) -> str:
    """An expression of whether the text lacks a line its fields need, or ``""``."""
    return " or ".join(
        f"(not counts[{kind.number}])"
        if kind.after < 0
        else f"(not counts[{kind.number}] and counts[{kind.after}])"
        for kind in program.required
    )


_FormattedReader = Callable[[list[str], list[str], int], "Reading | None"]


def _compiled_formatted_reader(
    program: Program, layout: LineLayout, *, plain: bool = False
) -> _FormattedReader | None:
    """The reader of texts formatted as ``layout`` records, generated from the
    declaration; None where no such reader can be made.

    Such a text has ``layout``'s BOM and line ending, and each of its
    lines the formatting the layout gives it (:meth:`Program.formattings`):
    the layout of what it holds is known beforehand.  So this reader keeps
    no formatting and makes no :class:`_Reader`.  It is given the text's
    lines and their texts, each followed by :data:`_PAST_THE_END`, and
    gives what the general reader gives, or None wherever that one would
    record another departure, or might: it then reads the text.

    A layout that records a line after the second of its kind, mixed line
    endings, or a line of no kind the declaration has, gets no reader: the
    formatting of a kind's later lines then varies; nor does a dialect that
    requires blocks.  A ``plain`` reader is for the layout that records
    nothing, of texts whose lines are their own texts (no line is padded).
    """
    recorded = _recorded(layout)
    if layout.endings or program.dialect.required_blocks:
        return None
    if not recorded.keys() <= program.numbers.keys():
        return None
    namespace: dict[str, Any] = {
        "LineLayout": LineLayout,
        "PAD": PAD,
        "Reading": Reading,
        "guarded": True,
        "is_of": program.is_of,
        "formatted_as": layout,
        "new_tuple": tuple.__new__,
        "program": program,
    }
    source = [
        "def read_formatted(lines, texts, end):",
        "    fields = {}",
        f"    counts = {[0] * len(program.kinds)!r}",
        "    pos = 0",
    ]
    for kind in program.kinds:
        own = recorded.get(kind.line.name, {})
        if max(own, default=0) > (1 if kind.repeats else 0):
            return None
        block = _formatted_kind_source(program, kind, own, namespace, plain=plain)
        if block is None:
            return None
        source += _placed(kind, block)
        if own:
            source += [f"    if counts[{kind.number}] < {max(own) + 1}:", "        return None"]
    # A kind the text must have was read, or the reader gave up where it was missing.
    ending = [
        "content = pos",
        "while not texts[content]:",
        "    content += 1",
        "if content < end:",
        "    return None",
        *_meta_source(program),
        "trailing = tuple(lines[pos:end])",
        "if trailing == formatted_as.trailing:",
        "    return new_tuple(Reading, (fields, counts, formatted_as, [], [], meta))",
        "layout = new_tuple(LineLayout, (*formatted_as[:4], trailing))",
        "return new_tuple(Reading, (fields, counts, layout, [], [], meta))",
    ]
    source += [f"    {statement}" for statement in ending]
    read: _FormattedReader = _generated(
        source, f"<newsdoc declared formatted reader {id(program):x} {id(layout):x}>", namespace
    )
    return read


def _formatted_kind_source(
    program: Program,
    kind: _Kind,
    own: dict[int, str],
    namespace: dict[str, Any],
    *,
    plain: bool,
) -> list[str] | None:
    """The formatted reader's lines for ``kind``, whose first lines ``own`` formats: the
    general reader's, where no line departs otherwise.

    Past the text's last line stand a blank line and a line no text has
    (:data:`_PAST_THE_END`), so that a search for either stops without a bound.
    """
    number = kind.number
    expected = []
    for formatting in program.formattings(kind, own.get(0), own.get(1)):
        gap, segments = _parse_formatting(formatting, kind.width)
        if plain and (any(gap) or segments[0] or segments[-1]):
            return None
        expected.append((gap, segments))
    if not kind.repeats:
        del expected[1:]
    matching = _match_source(program, kind, namespace)
    if matching is not None and kind.parts[0].kind == "split":
        # Read in line: a line without the separator is of another kind, and one with
        # an empty segment departs.
        matching = matching._replace(
            checks=[*matching.checks, (f"words_{number} not in text", "", "")],
            body=[
                f"value = tuple(text.split(words_{number}))",
                "if not all(map(strip, value, repeat(PAD))):",
                "    return None",
            ],
            value="",
            inline=True,
        )
    inline = matching is not None and matching.inline
    marked = inline and kind.parts[0].kind == "mark"
    repeats = kind.repeats
    line_of = "line = lines[content]" if not plain else "line = text"
    # What becomes of a line that is not of the kind: what the general reader's
    # ``missed`` does where it records no departure, or None.
    absent = "return None" if kind.required else "break"
    missed = [absent]
    if repeats:
        ends = "content > pos"
        if kind.number + 1 < len(program.kinds):
            after = program.kinds[kind.number + 1]
            ends += f" or {_is_of_source(program, after, f'next_{number}', namespace, 'line')}"
        missed = ["if not count:", f"    {absent}", f"if {ends}:", "    break", "return None"]
    looks = ["\n".join(segments) for _, segments in expected]
    block = ["count = 0", "items = []"] if repeats else []
    block += ["while True:"]
    runs = (
        inline
        and repeats
        and not matching.checks  # type: ignore[union-attr]
        and kind.line.fields[0] in LISTS
    )
    if runs and expected[2] == ([""], ["", ""]):
        # Lines of free text after one blank line each: every other line, by slices.
        namespace["spaced_run"] = _spaced_run
        block += [
            f"    if count > 1 and end - pos > {_SPACED_RUN_SHORTEST}:",
            "        taken = spaced_run(lines, texts, pos, end)",
            "        items += texts[pos + 1 : pos + 2 * taken : 2]",
            "        count += taken",
            "        pos += 2 * taken",
        ]
    if runs and expected[2] == ([], ["", ""]):
        block += [
            "    if count > 1:",
            "        stop = texts.index('', pos)",
            *(
                []
                if plain
                else ["        if lines[pos:stop] != texts[pos:stop]:", "            return None"]
            ),
            "        items += texts[pos:stop]",
            "        count += stop - pos",
            "        pos = stop",
        ]
    block += [
        "    content = pos",
        "    while not texts[content]:",
        "        content += 1",
        "    if content >= end:",
        *(
            (["        if not count:", "            return None"] if repeats else [])
            if kind.required
            else []
        ),
        "        return None" if kind.required and not repeats else "        break",
        "    text = texts[content]",
        f"    {line_of}",
    ]
    block += _ahead_source(kind, "not texts[following]")
    checks = [condition for condition, _, _ in matching.checks] if matching is not None else []
    shortcut = marked and len(set(looks)) == 1
    if shortcut:
        # A point in its look is told by its prefix, without the pattern.
        before, symbol, space, after_text = expected[0][1]
        prefix = before + symbol + space
        checks.remove(f"(found := mark_{number}.match(text)) is None")
        namespace[f"prefix_{number}"] = prefix
        exact = "" if plain else f" and len(line) - len(text) == {len(before) + len(after_text)}"
        block += [
            f"    if line.startswith(prefix_{number}) and line[{len(prefix)}:{len(prefix) + 1}] "
            f"not in PAD{exact}:",
            f"        value = text[{len(symbol + space)}:]",
            f"    elif mark_{number}.match(text) is not None:",
            "        return None",
            "    else:",
            *(f"        {line}" for line in missed),
        ]
    looked = not shortcut and (not inline or marked or any(look != "\n" for look in looks))
    if inline:
        if checks:
            conditions = " or ".join(f"({condition})" for condition in checks)
            block += [f"    if {conditions}:", *(f"        {line}" for line in missed)]
        block += [f"    {statement}" for statement in matching.body]  # type: ignore[union-attr]
        if looked:
            block += [f"    {statement}" for statement in _look_source(matching)]  # type: ignore[arg-type]
        if matching.value and not shortcut:  # type: ignore[union-attr]
            block.append(f"    value = {matching.value}")  # type: ignore[union-attr]
    else:
        ahead = "ahead" if kind.then >= 0 or kind.not_then >= 0 else "None"
        if matching is not None:
            namespace[f"match_{number}"] = program.matchers[number]
            call = f"match_{number}(line, text, fields, {ahead}, True, True)"
        else:
            namespace[f"kind_{number}"] = kind
            call = f"program.match(kind_{number}, line, fields, {ahead})"
        block += [
            f"    found = {call}",
            "    if found.__class__ is not tuple:",
            "        if found is not None and found.malformed:",
            "            return None",
            *(f"        {line}" for line in missed),
            "    values, look = found",
            *(["    value = values[0]"] if len(kind.line.fields) == 1 else []),
        ]
    if kind.then >= 0:
        test = _is_of_source(program, program.kinds[kind.then], f"then_{number}", namespace)
        block += [f"    if ahead is None or not {test}:", "        return None"]
    rules = {NO_BLANK: "content > pos", SOME_BLANKS: "content == pos"}
    first, between = kind.line.before, kind.line.between
    if first in rules:
        block += [
            f"    if {'not count and ' if repeats else ''}{rules[first]}:",
            f"        {'break' if first == NO_BLANK and not kind.required else 'return None'}",
        ]
    if repeats and between in rules:
        block += [f"    if count and {rules[between]}:", "        break"]
    if kind.by_layout and not own:
        # The layout records every line of a kind that fills no field.
        block.append("    return None")
        return block
    wanted: list[tuple[str, list[Any]]] = []
    gaps = [gap for gap, _ in expected]
    if plain or not any(gaps):
        # Blank lines are empty: how many says all.
        if not (first == NO_BLANK and not repeats):  # else known to stand right after the last
            wanted.append(("content - pos", [len(gap) for gap in gaps]))
    else:
        names = [f"gap_{number}_{gaps.index(gap)}" for gap in gaps]
        namespace.update(zip(names, gaps, strict=True))
        wanted.append(("lines[pos:content]", names))
    if looked:
        wanted.append(("look", [repr(look) for look in looks]))
    elif not shortcut and not plain:
        block += ["    if text is not line:", "        return None"]
    for name, values in wanted:
        value = str(values[0]) if isinstance(values[0], int) else values[0]
        if values[1:] and values[1] != values[0]:
            value = f"({values[0]} if count == 0 else {values[1]})"
        if values[2:] and values[2] != values[1]:
            value = f"({values[0]} if count == 0 else {values[1]} if count == 1 else {values[2]})"
        block += [f"    if {name} != {value}:", "        return None"]
    return block + _stored_source(kind)


_SPACED_RUN_SHORTEST = 8
"""How many lines must be left before :func:`_spaced_run` takes them: it costs a few
lists, about what reading four lines one by one costs."""


def _spaced_run(lines: list[str], texts: list[str], start: int, end: int) -> int:
    """How many pairs of an empty line and an unpadded line of text stand from ``start``
    on: a pass of the interpreter's own loops over each slice, none a line here."""
    blanks = lines[start:end:2]
    run_lines = lines[start + 1 : end : 2]
    run_texts = texts[start + 1 : end : 2]
    pairs = len(run_texts)
    return min(
        [*map(operator.ne, blanks, itertools.repeat("", pairs)), True].index(True),
        [*map(operator.is_, run_lines, run_texts), False].index(False),
        [*map(operator.truth, run_texts), False].index(False),
    )


_RECORDING_NOTHING = LineLayout(False, "\n", (), (), ())
"""The layout of a text written as a new article is written, with no trailing blank line."""

_PAST_THE_END = ("", "\n")
"""The lines a reader of texts formatted as known finds past a text's last one: a blank
line, then a line
no text has, for the line break ends it."""


def _meta_source(program: Program) -> list[str]:
    """The reader's lines that gather ``meta``, the named lines' texts, from ``fields``."""
    source = ["meta = {}"]
    for name in program.meta_fields:
        source += [f"if {name!r} in fields:", f"    meta[{name[5:]!r}] = fields[{name!r}]"]
    return source


def _run_source(
    program: Program,
    kind: _Kind,
    source: _MatchSource | None,
    listed: bool,
    namespace: dict[str, Any],
) -> list[str]:
    """The reader's lines that take a run of ``kind``'s lines at once, where it can.

    A kind of free text that repeats takes every non-blank line.  Once its
    first two lines are placed, the default of every later one is known;
    where that is a plain line (no blank line before it, no padding), the
    lines up to the next blank line are taken by slices, and only the
    padded ones among them looked at, for their formatting.

    A padded line is not read again once its look is kept, unless the text
    turns out to lack a line it must have (its lines are then all kept as
    stray lines): where every kind that decides this comes before ``kind``,
    the line is let go of then, for its text.
    """
    if not (listed and kind.repeats and source is not None and source.inline):
        return []
    if source.checks:  # a line could be of another kind: each must be looked at
        return []
    plain = _formatting((), ("",) * kind.width)
    namespace.update(
        {
            "padded_looks": _padded_looks,
            f"plain_{kind.number}": plain,
        }
    )
    return [
        f"    if count > 1 and expected == plain_{kind.number} and not gap:",
        "        try:",
        "            stop = texts.index('', pos, end)",
        "        except ValueError:",
        "            stop = end",
        # The run's texts are taken first, so that no slice of them is held while the
        # departures of its padded lines, if any, grow.
        "        items += texts[pos:stop]",
        "        if lines[pos:stop] != texts[pos:stop]:",
        "            padded_looks(",
        f"                departures, {kind.line.name!r}, lines, texts, pos, stop, count,",
        f"                {_settled_source(program, kind)},",
        "            )",
        "        count += stop - pos",
        "        pos = stop",
    ]


def _settled_source(program: Program, kind: _Kind) -> str:
    """An expression of whether the text is known, on reaching ``kind``, to have every
    line it must have; ``False`` where a kind it depends on comes later."""
    lacking = _lacking_source(program)
    if not lacking:
        return "True"
    if any(max(required.number, required.after) >= kind.number for required in program.required):
        return "False"
    return f"not ({lacking})"


def _padded_looks(
    departures: list[str | int],
    name: str,
    lines: list[str],
    texts: list[str],
    start: int,
    stop: int,
    count: int,
    settled: bool,
) -> None:
    """Add ``name, index, look`` to ``departures`` for each padded line from ``start`` to
    ``stop`` (all of one kind of free text, the first of them its ``count``-th).

    A line is its padding, its text, and its padding again, so that
    replacing its text by a line break gives its look: one pass over the
    lines by the interpreter's own loops, none per line here, and the
    triples added in place, with no list of them on the side.  The lines
    are taken a slice of :data:`_PADDED_SLICE` at a time, so that the
    slices held beside the departures stay small.  Where the text is
    ``settled`` (no line of it is read again), each padded line is then
    replaced by its text: only its look and its text are kept.
    """
    # One string for every line padded alike: such a text records each of its lines.
    shared: dict[str, str] = {}
    for first in range(start, stop, _PADDED_SLICE):
        last = min(first + _PADDED_SLICE, stop)
        run_lines, run_texts = lines[first:last], texts[first:last]
        # A byte a line, not a pointer: a text may be all padded lines.
        padded = bytes(map(operator.is_not, run_lines, run_texts))
        looks, again = itertools.tee(
            map(
                str.replace,
                itertools.compress(run_lines, padded),
                itertools.compress(run_texts, padded),
                itertools.repeat("\n"),
                itertools.repeat(1),
            )
        )
        departures += itertools.chain.from_iterable(
            zip(
                itertools.repeat(name),
                itertools.compress(range(count + first - start, count + last - start), padded),
                map(shared.setdefault, looks, again),
            )
        )
        if settled:
            lines[first:last] = run_texts


_PADDED_SLICE = 4096
"""How many lines :func:`_padded_looks` takes at once."""


def _match_in_reader(
    program: Program, kind: _Kind, source: _MatchSource | None, namespace: dict[str, Any]
) -> list[str]:
    """The reader's lines that match line ``content`` as one of ``kind``, setting ``value``
    (or ``values``, for a kind of several fields) and ``look``, or hand it to
    :meth:`_Reader.missed`."""
    number = kind.number
    missed = [
        f"        {_MAKE_READER}",
        f"        pos, going_on = reader.missed(kind_{number}, pos, content, {{}}, count, "
        "len(gap) + content - pos)",
        "        if going_on:",
        "            continue",
        "        break",
    ]
    ahead = "ahead" if kind.then >= 0 or kind.not_then >= 0 else "None"
    if source is not None and source.inline:
        lines = []
        if source.checks:
            conditions = " or ".join(f"({condition})" for condition, _, _ in source.checks)
            # A line plainly of another kind ends the kind's lines where nothing
            # asks why: after an optional kind, or blank lines after a run.
            ends = "count and (content > pos or gap)"
            if not kind.required:
                ends = "not count or content > pos or gap"
            if kind.repeats and kind.number + 1 < len(program.kinds):
                # Nor is a line of the next kind right after a run an interruption.
                after = program.kinds[kind.number + 1]
                test = _is_of_source(program, after, f"next_{number}", namespace, "line")
                ends = f"{ends} or count and {test}"
            lines += [
                f"    if {conditions}:",
                f"        if {ends}:",
                "            break",
                missed[0],
                missed[1].format("None"),
                *missed[2:],
            ]
        lines += [f"    {statement}" for statement in (*source.body, *_look_source(source))]
        if source.value:
            lines.append(f"    value = {source.value}")
        return lines
    if source is not None:
        namespace[f"match_{number}"] = program.matchers[number]
        call = f"match_{number}(line, text, fields, {ahead}, True, True)"
    else:
        call = f"program.match(kind_{number}, line, fields, {ahead})"
    return [
        f"    found = {call}",
        "    if found.__class__ is not tuple:",
        missed[0],
        missed[1].format("found"),
        *missed[2:],
        "    values, look = found",
        *(["    value = values[0]"] if len(kind.line.fields) == 1 else []),
    ]


def _blank_rule_source(kind: _Kind) -> list[str]:
    """The lines that send a line where its kind wants other blank lines to the reader."""
    checks = {
        NO_BLANK: "len(gap) + content - pos",
        SOME_BLANKS: (
            "not (len(gap) + content - pos or reader is not None and reader.stands_for_gap)"
        ),
    }
    first, between = kind.line.before, kind.line.between
    if first not in checks and between not in checks:
        return []
    if first == between:
        condition = checks[first]
    else:
        condition = " or ".join(
            f"(count {'==' if number == 0 else '>'} 0 and {checks[rule]})"
            for number, rule in enumerate((first, between))
            if rule in checks
        )
    return [
        f"    if {condition}:",
        f"        {_MAKE_READER}",
        f"        pos, going_on = reader.misplaced(kind_{kind.number}, pos, content, count, "
        f"{first!r} if count == 0 else {between!r})",
        "        if going_on:",
        "            continue",
        "        break",
    ]


def _generated(lines: list[str], filename: str, namespace: dict[str, Any]) -> Any:
    """The one function ``lines`` define, compiled, with its source where tracebacks find it."""
    source = "\n".join(lines) + "\n"
    exec(compile(source, filename, "exec"), namespace)  # source generated from a declaration
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    return namespace[lines[0][4 : lines[0].index("(")]]


def _empty_expectation(parts: tuple[_Part, ...]) -> str:
    if parts[0].kind == "mark":
        return "a bullet mark, a space and text"
    return f"the {parts[0].field}"


# -- the generated writer -----------------------------------------------------------
#
# The writer is generated from the declaration too, kind after kind: which
# lines there are (the fields, and the layout for a line that fills none),
# then each line as constant text around its values.  The formatting a line
# gets unless the layout records one is known when the program is built
# (:meth:`Program.formattings` with no departures), so a kind whose lines the
# layout leaves alone costs a list comprehension, or nothing at all.  What a
# layout records is resolved once into a plan (:func:`_plan`), kept for the
# next page formatted alike; only a kind with recorded departures reads it.
# The text is made of chunks, a line with the blank lines before it each: one
# join makes the text, and a split gives its lines back where stray lines or
# mixed line endings need them.


def _pieces(kind: _Kind, formatting: str) -> tuple[str, ...]:
    """The constant text of a line of ``kind`` in ``formatting``, around and between the
    values of its parts: its blank lines, padding, symbols and fixed text."""
    items = formatting.split("\n")
    gap, segments = items[: -kind.width], items[-kind.width :]
    pieces = []
    current = "".join(blank + "\n" for blank in gap) + segments[0]
    at = 1
    for part in kind.parts:
        if part.kind == "fixed":
            current += part.words
        elif part.kind == "mark":
            current += segments[at]
            at += 1
        else:
            pieces.append(current)
            current = ""
        current += segments[at]
        at += 1
    pieces.append(current)
    return tuple(pieces)


def _slots(
    kind: _Kind, values: Sequence[str], namespace: dict[str, Any], filled_by: Mapping[str, str]
) -> list[str]:
    """The expressions of the values a line of ``kind`` writes between its pieces, in
    generated source, ``values`` naming the fields it fills; the separators and field
    names they use are bound in ``namespace``.  A field an earlier line filled is
    the name ``filled_by`` gives it, or else an item of the dict ``fields``."""
    filled = iter(values)
    slots = []
    for index, part in enumerate(kind.parts):
        name = f"part_{kind.number}_{index}"
        if part.kind == "same":
            namespace[name] = part.field
            slots.append(filled_by.get(part.field, f"fields[{name}]"))
        elif part.kind == "split":
            namespace[name] = part.words
            slots.append(f"{name}.join({next(filled)})")
        elif part.kind not in ("fixed", "mark"):
            slots.append(next(filled))
    return slots


def _line_source(pieces: Sequence[str | None], slots: Sequence[str]) -> str:
    """A line as an expression: ``pieces``, the expressions of the pieces (None for one
    known to be empty), around ``slots``.

    An f-string, which builds the line at once; every expression in it is a
    name, an item or a call without quotes, as an f-string's must be.
    """
    terms = [pieces[0]]
    for slot, piece in zip(slots, pieces[1:], strict=True):
        terms += [slot, piece]
    kept = [term for term in terms if term is not None]
    if len(kept) == 1 and kept[0] in slots:
        return kept[0]
    return 'f"' + "".join(f"{{{term}}}" for term in kept) + '"'


def _constants(pieces: tuple[str, ...], name: str, namespace: dict[str, Any]) -> list[str | None]:
    """The names of ``pieces``, constants bound in ``namespace``: None for an empty one."""
    names: list[str | None] = []
    for index, piece in enumerate(pieces):
        namespace[f"{name}_{index}"] = piece
        names.append(f"{name}_{index}" if piece else None)
    return names


_Plan = tuple[Any, ...]
"""For each kind, what a layout records for its lines, resolved (see :func:`_plan`)."""

_FORMATTINGS_KEPT = 16
"""How many layouts a program keeps a reader generated for."""

_REMEMBERED = 256
"""How many formattings of a kind, and layouts, the reader and the writer keep what they
found of: a site's pages share a few."""

_REMEMBERED_LONGEST = 256
"""How many characters of formatting the reader keeps a default for: no more, so that
what it keeps stays small whatever the pages it read."""

_STR_TYPE = {str}
_INT_TYPE = {int}

_PLANNED_MOST = 3 * 64
"""The longest ``lines`` of a layout whose plan is kept: a page's, not a text's that
departs on every line."""


def _plan(program: Program, flat: tuple[str | int, ...]) -> _Plan:
    """What ``flat``, the ``lines`` of a layout, records for the lines of each kind of
    ``program``, as its writer takes it: None for a kind whose lines it leaves alone.

    Otherwise, for a kind of one line, the pieces (see :func:`_pieces`) of
    its line; for a kind of one text a line, the pieces of its first, its
    second and each later line that the layout does not record, where its
    later lines are one run alike, their first index, the index after them
    and their pieces (or None), then the indices and the formattings it records
    for its later lines.
    A layout lists its lines in order, by kind (see :meth:`Program.check_layout`),
    so each kind's are one run.
    """
    names = flat[0::3]
    size = len(names)
    at = 0
    plan: list[Any] = []
    for kind in program.kinds:
        name = kind.line.name
        if at == size or names[at] != name:
            plan.append(None)
            continue
        end = at + names.count(name)
        indices = cast("tuple[int, ...]", flat[3 * at + 1 : 3 * end : 3])
        formattings = cast("tuple[str, ...]", flat[3 * at + 2 : 3 * end : 3])
        at = end
        first = formattings[0] if indices[0] == 0 else None
        if kind.by_layout or kind.line.fields[0] not in LISTS:
            plan.append(_pieces(kind, first) if first else None)
            continue
        start = 0 if first is None else 1
        second = formattings[start] if start < len(indices) and indices[start] == 1 else None
        opening = program.formattings(kind, first, second)
        # A text formatted alike throughout (every paragraph padded alike) records its
        # later lines as one run of one formatting, written by one comprehension.
        late = bisect_left(indices, 2)
        alike = None
        formatting = formattings[late] if late < len(indices) else ""
        if (
            formatting
            and indices[-1] - indices[late] == len(indices) - late - 1
            and formattings[late:].count(formatting) == len(indices) - late
        ):
            alike = (indices[late], indices[-1] + 1, _pieces(kind, formatting))
        # The first two lines are written from their own pieces: the rest are the later's.
        plan.append(
            (*(_pieces(kind, each) for each in opening), alike, indices[late:], formattings[late:])
        )
    return tuple(plan)


def _planned(
    program: Program, plans: dict[tuple[str | int, ...], _Plan], layout: LineLayout
) -> _Plan:
    """The plan of ``layout``'s lines, kept for the next text formatted alike."""
    flat = layout.lines
    if len(flat) > _PLANNED_MOST:
        return _plan(program, flat)
    plan = plans.get(flat)
    if plan is None:
        if len(plans) >= _REMEMBERED:
            plans.clear()
        plan = plans[flat] = _plan(program, flat)
    return plan


def _remembered(
    known: dict[str, tuple[str, ...]], kind: _Kind, formatting: str
) -> tuple[str, ...]:
    """The pieces of ``formatting``, kept in ``known`` for the lines written so after it."""
    if len(known) >= _REMEMBERED:
        known.clear()
    pieces = known[formatting] = _pieces(kind, formatting)
    return pieces


def _from_fields(field: str) -> str:
    return f"fields.get({field!r})"


def _gathered_source(
    kind: _Kind,
    take: Callable[[str], str] = _from_fields,
    fields: str = "fields",
    *,
    plain: bool = False,
    counted: bool = True,
) -> list[str]:
    """The statements that bind ``count_N``, the number of lines of kind ``N``, and their
    values: ``items_N`` for a kind of one text a line, ``value_N_I`` for another; and
    ``own_N``, what the layout records for them (see :func:`_plan`), unless ``plain``:
    for a layout that records nothing, where a kind of one field binds no count unless
    ``counted`` (another kind comes after it).  ``take`` gives the expression of a field's
    value, None where there is none, and ``fields`` that of the dict of every field: by
    default, from the dict ``fields``."""
    number = kind.number
    names = kind.line.fields
    source = [] if plain else [f"own_{number} = plan[{number}]"]
    after = f"count_{kind.after}" if kind.after >= 0 else ""
    if kind.by_layout:
        if plain:  # its line is there only where the layout records it
            return [f"count_{number} = 0"]
        there = f"own_{number} is not None"
        source.append(f"count_{number} = 1 if {f'{after} and ' if after else ''}{there} else 0")
        return source
    if names[0] in LISTS:
        items = f"({take(names[0])}) or ()"
        source += [
            f"items_{number} = ({items}) if {after} else ()"
            if after
            else f"items_{number} = {items}",
            f"count_{number} = len(items_{number})",
        ]
        return source
    values = [f"value_{number}_{index}" for index in range(len(names))]
    block = [f"{value} = {take(name)}" for value, name in zip(values, names, strict=True)]
    if len(values) == 1 and plain and not counted:
        pass  # written where its value is not None, and no kind comes after it
    elif len(values) == 1:
        block.append(f"count_{number} = 0 if {values[0]} is None else 1")
    else:
        block += [
            f"if {' and '.join(f'{value} is not None' for value in values)}:",
            f"    count_{number} = 1",
            f"elif {' or '.join(f'{value} is not None' for value in values)}:",
            f"    program.lacking(kind_{number}, {fields})",
            "else:",
            f"    count_{number} = 0",
        ]
    if not after:
        return source + block
    # Bound either way: a line that follows an absent one is there only as a None.
    unbound = [f"{value} = None" for value in values]
    return [
        *source,
        f"count_{number} = 0",
        *unbound,
        f"if {after}:",
        *(f"    {line}" for line in block),
    ]


def _written_source(
    program: Program,
    kind: _Kind,
    namespace: dict[str, Any],
    filled_by: Mapping[str, str],
    *,
    plain: bool = False,
) -> list[str]:
    """The statements that append the chunks of the lines of ``kind`` to ``chunks``, the
    constants they use bound in ``namespace``, and the fields earlier lines filled named
    as ``filled_by`` says (see :func:`_slots`); where ``plain``, in a layout that records
    nothing."""
    number = kind.number
    names = kind.line.fields
    defaults = [_pieces(kind, formatting) for formatting in program.formattings(kind, None, None)]
    constants = [
        _constants(pieces, f"default_{number}_{line}", namespace)
        for line, pieces in enumerate(defaults)
    ]
    width = range(len(defaults[0]))
    if kind.by_layout or names[0] not in LISTS:
        values = [f"value_{number}_{index}" for index in range(len(names))]
        slots = _slots(kind, values, namespace, filled_by)
        departed = [
            f"    {', '.join(f'piece_{i}' for i in width)}, = own_{number}",
            f"    chunks.append({_line_source([f'piece_{i}' for i in width], slots)})",
        ]
        if kind.by_layout:  # its line is there only where the layout records it
            return [] if plain else [f"if count_{number}:", *departed]
        if plain:
            there = f"{values[0]} is not None" if len(values) == 1 else f"count_{number}"
            return [f"if {there}:", f"    chunks.append({_line_source(constants[0], slots)})"]
        return [
            f"if count_{number}:",
            f"    if own_{number} is None:",
            f"        chunks.append({_line_source(constants[0], slots)})",
            "    else:",
            *(f"    {line}" for line in departed),
        ]
    slots = _slots(kind, ["value"], namespace, filled_by)
    # The pieces in local names, which a comprehension reads faster than items.
    pieces = [f"piece_{i}" for i in width]
    later_pieces = [f"later_{i}" for i in width]
    line = _line_source(pieces, slots)
    unpacked = ", ".join(f"piece_{i}" for i in width)
    items = f"items_{number}"
    # The lines from ``start`` on share the formatting of the last default.
    start = 2 if defaults[1] != defaults[2] else 1 if defaults[0] != defaults[1] else 0
    anew = []
    for index in range(start):
        written = [
            f"value = {items}[{index}]",
            f"chunks.append({_line_source(constants[index], slots)})",
        ]
        anew += (
            [f"if count_{number} > {index}:", *(f"    {each}" for each in written)]
            if index
            else written
        )
    rest = items if not start else f"{items}[{start}:]"
    bulk = _run_written_source(constants[start], slots, rest)
    anew += [f"if count_{number} > {start}:", *(f"    {each}" for each in bulk)] if start else bulk
    if plain:
        return [f"if count_{number}:", *(f"    {each}" for each in anew)]
    return [
        f"if count_{number}:",
        f"    if own_{number} is None:",
        *(f"        {each}" for each in anew),
        "    else:",
        f"        ({unpacked}), second, later, alike, indices, formattings = own_{number}",
        f"        {', '.join(f'later_{i}' for i in width)} = later",
        f"        value = {items}[0]",
        f"        chunks.append({line})",
        f"        if count_{number} > 1:",
        f"            {unpacked} = second",
        f"            value = {items}[1]",
        f"            chunks.append({line})",
        # Lines the layout does not record, in runs; each line it records, on its own.
        "        done = 2",
        f"        if alike is not None and alike[1] <= count_{number}:",
        f"            start, done, ({unpacked}) = alike",
        "            if start > 2:",
        *(
            f"                {each}"
            for each in _run_written_source(later_pieces, slots, f"{items}[2:start]")
        ),
        *(
            f"            {each}"
            for each in _run_written_source(pieces, slots, f"{items}[start:done]")
        ),
        "        elif indices:",
        "            for index, formatting in zip(indices, formattings, strict=True):",
        "                if index < done:",
        "                    continue",
        f"                if index >= count_{number}:",
        "                    break",
        "                if index > done:",
        *(
            f"                    {each}"
            for each in _run_written_source(later_pieces, slots, f"{items}[done:index]")
        ),
        f"                {unpacked} = known_{number}.get(formatting) "
        f"or remember(known_{number}, kind_{number}, formatting)",
        f"                value = {items}[index]",
        f"                chunks.append({line})",
        "                done = index + 1",
        f"        if done < count_{number}:",
        *(
            f"            {each}"
            for each in _run_written_source(later_pieces, slots, f"{items}[done:]")
        ),
    ]


def _run_written_source(
    pieces: Sequence[str | None], slots: Sequence[str], values: str
) -> list[str]:
    """The statements that append to ``chunks`` the lines of ``values``, a run of one or
    more, each written as ``pieces`` (the expressions of the pieces around its one value,
    None for one known to be empty) say: a join, not a string a line."""
    if len(slots) != 1 or slots[0] != "value":
        return [f"chunks += [{_line_source(pieces, slots)} for value in {values}]"]
    before, after = pieces
    if before is None and after is None:
        return [f"chunks += {values}"]
    # The lines are one chunk: a line break inside one is a line break, as a gap's is.
    separator = " + ".join(filter(None, (after, "'\\n'", before)))
    return [
        f"separator = {separator}",
        f"chunks.append({_line_source([before, after], ['separator.join(' + values + ')'])})",
    ]


def _compiled_written_fields(*, as_read: bool) -> Callable[[Any], Fields]:
    """The fields of an article by name, generated from :data:`~newsdoc._declare.TAKEN`:
    absent ones are left out, and the lines of a repeated kind are a list, as read, where
    ``as_read``, or the article's own tuple."""
    source = ["def written_fields(article):", "    fields = {}"]
    for name in TAKEN:
        value = "list(value)" if as_read and name in LISTS else "value"
        source += [
            f"    value = {TAKEN[name]}",
            "    if value is not None:",
            f"        fields[{name!r}] = {value}",
        ]
    source += [
        "    for name, text in article.meta.items():",
        "        fields['meta.' + name] = text",
        "    return fields",
    ]
    written: Callable[[Any], Fields] = _generated(
        source, f"<newsdoc article fields{' as read' if as_read else ''}>", {}
    )
    return written


written_fields = _compiled_written_fields(as_read=True)
"""The fields of an article that a program writes, by name (see :data:`Fields`), as a
program reads them."""
held_fields = _compiled_written_fields(as_read=False)
"""The fields of an article by name, its tuples uncopied: which it holds, and for writing."""

_ARTICLE_FIELDS = "written_fields(article)"
"""The fields of ``article`` in generated code, where a writer needs them by name."""

_PLAN_SOURCE = "    plan = planned(layout) if layout.lines else UNRECORDED"


_Writer = Callable[[Fields, Sequence[Stray], LineLayout], str]

_TEXT_SOURCE = [
    "    if strays or layout.endings:",
    "        return text_of(lines_of(chunks, strays), layout)",
    "    text = '\\n'.join(chunks)",
    "    if layout.newline != '\\n':",
    "        # No line holds a line ending: each '\\n' is a line break.",
    "        text = text.replace('\\n', layout.newline)",
    "    return BOM + text if layout.bom else text",
]
"""The statements that make the text of ``chunks``, ``strays`` and ``layout``."""


def _compiled_writer(
    program: Program,
) -> tuple[Callable[[Fields, LineLayout], list[str]], _Writer, Callable[[Any], str]]:
    """The writer of ``program``'s lines, generated from the declaration: the chunks of the
    text of some fields in a layout (lines and the blank lines before them, joined by
    ``"\\n"``: a run of lines formatted alike is one), the text of some fields and stray
    lines in a layout, and the text of an article, all of the same statements.

    The last takes each field from the article as :data:`~newsdoc._declare.TAKEN` says,
    and writes a layout that records nothing (a new article's) by the statements of the
    defaults alone."""
    namespace: dict[str, Any] = {
        "program": program,
        "planned": program.planned,
        "UNRECORDED": (None,) * len(program.kinds),
        "PLAIN": _RECORDING_NOTHING,
        "remember": _remembered,
        "text_of": _text,
        "lines_of": _lines,
        "BOM": BOM,
        "written_fields": written_fields,
    }
    for kind in program.kinds:
        namespace[f"kind_{kind.number}"] = kind
        namespace[f"known_{kind.number}"] = {}
    followed = {kind.after for kind in program.kinds}
    # A line that repeats another's field takes it from the article, as the other did.
    filled_by = {
        part.field: f"({taken(part.field)})"
        for kind in program.kinds
        for part in kind.parts
        if part.kind == "same"
    }

    def body(
        take: Callable[[str], str], fields: str, filled_by: Mapping[str, str], plain: bool
    ) -> list[str]:
        lines = ["chunks = []"] if plain else ["chunks = []", _PLAN_SOURCE.strip()]
        for kind in program.kinds:
            lines.append(f"# the {kind.line.name} line")
            counted = kind.number in followed
            lines += _gathered_source(kind, take, fields, plain=plain, counted=counted)
            lines += _written_source(program, kind, namespace, filled_by, plain=plain)
        return lines if plain else [*lines, "if layout.trailing:", "    chunks += layout.trailing"]

    by_name = [f"    {line}" for line in body(_from_fields, "fields", {}, plain=False)]
    chunks: Callable[[Fields, LineLayout], list[str]] = _generated(
        ["def write_chunks(fields, layout):", *by_name, "    return chunks"],
        f"<newsdoc declared writer {id(program):x}>",
        namespace,
    )
    text: _Writer = _generated(
        ["def write(fields, strays, layout):", *by_name, *_TEXT_SOURCE],
        f"<newsdoc declared text writer {id(program):x}>",
        namespace,
    )
    article: Callable[[Any], str] = _generated(
        [
            "def write_article(article):",
            "    layout = article.layout",
            "    strays = article.stray_lines",
            "    if not strays and layout == PLAIN:",
            *(f"        {line}" for line in body(taken, _ARTICLE_FIELDS, filled_by, plain=True)),
            "        return '\\n'.join(chunks)",
            *(f"    {line}" for line in body(taken, _ARTICLE_FIELDS, filled_by, plain=False)),
            *_TEXT_SOURCE,
        ],
        f"<newsdoc declared article writer {id(program):x}>",
        namespace,
    )
    return chunks, text, article


def _compiled_values(
    program: Program, *, counts: bool = False
) -> Callable[[Fields, LineLayout], Any]:
    """For each kind of ``program``, the values of each of its lines, as :meth:`Program.match`
    gives them, or their number where ``counts``: generated from the same statements as the
    writer, which lines there are."""
    namespace: dict[str, Any] = {
        "program": program,
        "planned": program.planned,
        "UNRECORDED": (None,) * len(program.kinds),
    }
    name = "counts_of" if counts else "values_of"
    source = [f"def {name}(fields, layout):", _PLAN_SOURCE]
    every = []
    for kind in program.kinds:
        number = kind.number
        namespace[f"kind_{number}"] = kind
        source += [f"    {line}" for line in _gathered_source(kind)]
        if counts:
            every.append(f"count_{number}")
        elif kind.by_layout:
            every.append(f"[[]] * count_{number}")
        elif kind.line.fields[0] in LISTS:
            every.append(f"[[value] for value in items_{number}]")
        else:
            values = ", ".join(f"value_{number}_{index}" for index in range(len(kind.line.fields)))
            every.append(f"[[{values}]] if count_{number} else []")
    source.append(f"    return [{', '.join(every)}]")
    function: Callable[[Fields, LineLayout], Any] = _generated(
        source, f"<newsdoc declared {name} {id(program):x}>", namespace
    )
    return function


class Program:
    """A declaration resolved in a dialect: reads, writes and checks its texts.

    ``elsewhere`` gives the same declaration's programs in the other
    registered dialects, by name, when asked: a line that is not of the
    kind expected here, but is in another dialect, says so.
    """

    __slots__ = (
        "checked_lines",
        "counts_of",
        "defaults",
        "dialect",
        "elsewhere",
        "field_names",
        "formatted_alike",
        "formatted_readers",
        "kinds",
        "last_formatting",
        "matchers",
        "meta_fields",
        "numbers",
        "planned",
        "read_plain",
        "read_text",
        "required",
        "testers",
        "values_of",
        "write",
        "write_article",
        "write_chunks",
    )

    def __init__(
        self,
        lines: Sequence[Line],
        dialect: Dialect,
        elsewhere: Callable[[], Iterable[tuple[str, Program]]] | None = None,
    ) -> None:
        self.dialect = dialect
        self.elsewhere = elsewhere
        self.checked_lines: dict[tuple[str | int, ...], tuple[int, ...]] = {}
        """The ``lines`` of layouts :meth:`check_layout` found valid, kept for the next,
        with their :meth:`reach`."""
        self.defaults: dict[tuple[int, int, str, str], str] = {}
        """:meth:`default`'s formattings, kept for the next text formatted alike."""
        order = {line.name: number for number, line in enumerate(lines)}
        unknown = sorted({name for line in lines for name in line.guards} - set(order))
        if unknown:
            raise ValidationError(f"the guards name lines the format lacks: {unknown}")
        circular = _told_apart_in_turn(lines)
        if circular is not None:
            raise ValidationError(
                f"the {circular} line is told apart from lines that are told apart from it "
                "in turn (unless=): no line of either could be read"
            )
        kinds = []
        for number, line in enumerate(lines):
            parts = _resolved(line, dialect)
            segments = _canonical_segments(line, parts, dialect)
            first_gap = ("",) if line.before == SOME_BLANKS else ()
            apart = line.between == SOME_BLANKS or (
                "body" in line.fields and dialect.paragraphs_apart
            )
            kinds.append(
                _Kind(
                    line,
                    number,
                    parts,
                    _formatting(first_gap, segments),
                    _formatting(("",) if apart else (), segments),
                    len(segments),
                    line.count in REPEATED,
                    line.count in (ONE, MANY),
                    not line.fields,
                    -1 if line.after is None else order[line.after],
                    tuple(order[name] for name in line.unless),
                    -1 if line.then is None else order[line.then],
                    -1 if line.not_then is None else order[line.not_then],
                )
            )
        self.kinds = tuple(kinds)
        self.numbers = order
        """Each line kind's place, by its name."""
        self.field_names = tuple(name for line in lines for name in line.fields)
        self.required = tuple(kind for kind in kinds if kind.required)
        self.meta_fields = tuple(
            name for line in lines for name in line.fields if name.startswith("meta.")
        )
        self.planned: Callable[[LineLayout], _Plan] = partial(_planned, self, {})
        """What a layout records for each kind's lines, resolved, as the writer takes it
        (see :func:`_plan`); kept for the next text formatted alike."""
        self.testers: tuple[Callable[[str, Fields], bool] | None, ...] = tuple(
            _compiled_test(self, kind) for kind in self.kinds
        )
        self.matchers = tuple(_compiled(self, kind) for kind in self.kinds)
        self.read_plain = _compiled_formatted_reader(self, _RECORDING_NOTHING, plain=True)
        """What a text written as a new article is written holds, given its lines twice,
        each followed by :data:`_PAST_THE_END`; None where the text is not (see
        :func:`_compiled_formatted_reader`)."""
        self.formatted_alike: tuple[bool, str, _FormattedReader] | None = None
        """The BOM and line ending of the texts last read, and the reader of texts
        formatted as they were, once two in a row were: see :meth:`noticed`."""
        self.formatted_readers: dict[tuple[bool, str, tuple[str | int, ...]], Any] = {}
        self.last_formatting: tuple[bool, str, tuple[str | int, ...]] | None = None
        self.read_text: Callable[..., Reading] = _compiled_reader(self)
        """What a text holds, given how many departures to bear before one raises and
        whether a lacking block departs; a fourth argument, False, leaves the readers
        of texts formatted as known unasked.  Generated from the declaration (see
        :func:`_compiled_reader`)."""
        self.values_of: Callable[[Fields, LineLayout], list[list[list[Any]]]] = _compiled_values(
            self
        )
        """For each kind, the values of each of its lines, as :meth:`match` gives them, from
        some fields and a layout: a kind that fills no field has its line where the layout
        records it.  A kind that comes after another has lines only where that one has.
        Raises :class:`ValidationError` when a line kind's fields are given in part."""
        self.counts_of: Callable[[Fields, LineLayout], list[int]] = _compiled_values(
            self, counts=True
        )
        """The number of lines of each kind, as :attr:`values_of` finds them."""
        self.write_chunks: Callable[[Fields, LineLayout], list[str]]
        self.write: _Writer
        self.write_article: Callable[[Any], str]
        self.write_chunks, self.write, self.write_article = _compiled_writer(self)
        """``write_chunks`` gives the lines some fields are written as in a layout, with
        the blank lines before them, joined by ``"\\n"`` in chunks, the trailing blank lines
        last; ``write`` the text of some fields and stray lines formatted by a layout:
        concatenation.  Both generated from the declaration (see :func:`_compiled_writer`);
        ``write`` raises :class:`ValidationError` when the layout lists line endings for
        another number of lines (an edit made since it was fitted)."""

    def noticed(self, layout: LineLayout) -> None:
        """A text read whole, without a defect, was formatted as ``layout`` records.

        Pages come in runs formatted alike: once two texts in a row are,
        the texts formatted so are read by a reader generated for their
        layout (see :func:`_compiled_formatted_reader`), until two in a row
        are formatted otherwise.  A layout of mixed line endings gets none.
        """
        if layout.endings or len(layout.lines) > 6 * len(self.kinds):
            # No reader can be made for it (at most two lines of a kind are recorded),
            # and a long layout is not kept past its article.
            return
        formatting = (layout.bom, layout.newline, layout.lines)
        if formatting != self.last_formatting:
            self.last_formatting = formatting
            return
        readers = self.formatted_readers
        if formatting in readers:
            read = readers[formatting]
        else:
            if len(readers) >= _FORMATTINGS_KEPT:
                # Their sources go too, so that a long run of many layouts keeps no more.
                for forgotten in filter(None, list(readers.values())):
                    linecache.cache.pop(forgotten.__code__.co_filename, None)
                readers.clear()
            read = readers[formatting] = _compiled_formatted_reader(self, layout)
        self.formatted_alike = None if read is None else (layout.bom, layout.newline, read)

    # -- the one statement of what a line looks like unless recorded -------------

    def default(self, kind: _Kind, index: int, first: str, second: str) -> str:
        """The formatting of the ``index``-th line of ``kind`` unless the layout records one.

        ``first`` and ``second`` are the formatting of the first two lines
        of the kind (as far as they are known).  The first is written anew;
        the others as the kind's ``new`` says: with the padding and symbols
        the first has before its text (``"first"``), after as many blank
        lines as the second, which is written anew (``"second"``), both
        (``"both"``: the second itself as ``"first"`` says), or anew
        (``"anew"``).  This is the one statement of the rule: the reader
        records a line only where it departs from it, and the writer fills
        in every line the layout does not record.
        """
        if index == 0:
            return kind.first
        if len(first) + len(second) > _REMEMBERED_LONGEST:
            return self._default(kind, index, first, second)
        key = (kind.number, index, first, second)
        known = self.defaults.get(key)
        if known is None:
            if len(self.defaults) >= _REMEMBERED:
                self.defaults.clear()
            known = self.defaults[key] = self._default(kind, index, first, second)
        return known

    @staticmethod
    def _default(kind: _Kind, index: int, first: str, second: str) -> str:
        new = kind.line.new
        if new == "anew":
            return kind.other
        gap, segments = _parse_formatting(kind.other, kind.width)
        if new != "first" and index > 1 and second != kind.other:
            gap = _parse_formatting(second, kind.width)[0]
        if new != "second" and first != kind.first:
            segments = [*_parse_formatting(first, kind.width)[1][:-1], segments[-1]]
        return _formatting(gap, segments)

    def formattings(
        self, kind: _Kind, first: str | None, second: str | None
    ) -> tuple[str, str, str]:
        """The formatting of the first line of ``kind``, of its second, and of each later
        line the layout does not record, ``first`` and ``second`` being what it records
        for the first two (None, or ``""``, where it records nothing).

        From the third line on the default is one formatting, so that lines
        written as the default are constant text around their values.
        """
        first = first or kind.first
        second = second or self.default(kind, 1, first, first)
        return first, second, self.default(kind, 2, first, second)

    def lacks(self, kind: _Kind, counts: Sequence[int]) -> bool:
        """Whether ``counts`` lacks a line of ``kind`` that the declaration requires.

        A kind that comes after another is required only where that one is
        there: points belong to their heading.
        """
        return (
            kind.required
            and not counts[kind.number]
            and (kind.after < 0 or counts[kind.after] > 0)
        )

    # -- reading ----------------------------------------------------------------------

    def match(
        self, kind: _Kind, line: str, fields: Fields, ahead: str | None, guarded: bool = True
    ) -> tuple[list[Any], str] | _Miss:
        """The values of ``line`` as a line of ``kind`` and its look, or why it is not one.

        The look is what the line holds besides its values (its padding
        and bullet symbols, around and between the parts) joined by
        ``"\\n"``: its formatting after no blank line.  ``fields``
        are those read so far, and ``ahead`` the next non-blank line (None
        at the end of the text), for the kind's guards, which apply when
        ``guarded``.
        """
        matcher = self.matchers[kind.number]
        if matcher is not None:
            found: tuple[list[Any], str] | _Miss = matcher(
                line, line.strip(PAD), fields, ahead, guarded, False
            )
            return found
        return self.interpreted_match(kind, line, fields, ahead, guarded)

    def interpreted_match(
        self, kind: _Kind, line: str, fields: Fields, ahead: str | None, guarded: bool
    ) -> tuple[list[Any], str] | _Miss:
        """:meth:`match` by walking ``kind``'s parts: for the kinds no matcher is generated
        for, and the measure every generated matcher is held to."""
        if (
            guarded
            and kind.not_then >= 0
            and (ahead is None or self.is_of(self.kinds[kind.not_then], ahead, fields))
        ):
            return _Miss(1, f"a line before the {kind.line.not_then} line")
        values: list[Any] = []
        start = _pad_end(line, 0)
        segments = [line[:start]]
        at = start
        length = len(line)
        claimed = False
        for part in kind.parts:
            what = part.kind
            if what == "fixed":
                if not line.startswith(part.words, at):
                    return _Miss(at + 1, repr(part.words), claimed)
                at += len(part.words)
                claimed = True
            elif what == "mark":
                symbol = next(
                    (
                        s
                        for s in part.words
                        if line.startswith(s, at)
                        and at + len(s) < length
                        and line[at + len(s)] in PAD
                        and line[at + len(s) :].strip(PAD)
                    ),
                    None,
                )
                if symbol is None:
                    return _Miss(at + 1, "a bullet mark, a space and text")
                segments.append(symbol)
                at += len(symbol)
            elif what == "pattern":
                chunk = line[at : at + len(part.words.pattern)]
                if part.words.day(chunk) is None:
                    return _Miss(at + 1, f"a date written {part.words.pattern}", claimed)
                values.append(chunk)
                at += len(chunk)
            else:
                end = length if not part.stop else line.find(part.stop, at)
                if end < 0:
                    return _Miss(length + 1, repr(part.stop), claimed)
                chunk = line[at:end].rstrip(PAD)
                if not chunk:
                    return _Miss(at + 1, f"the {part.field}", claimed)
                value = self._value(part, chunk, at, fields)
                if isinstance(value, _Miss):
                    return value._replace(malformed=value.malformed or claimed)
                if what != "same":
                    values.append(value)
                at += len(chunk)
            pad = _pad_end(line, at)
            if pad == at < length and line[at - 1].isalnum() and line[at].isalnum():
                # Two words that meet are one word: padding stands between parts.
                return _Miss(at + 1, "a space", claimed)
            segments.append(line[at:pad])
            at = pad
        if at != length:
            return _Miss(at + 1, "the end of the line", claimed)
        for other in kind.unless:
            if self.is_of(self.kinds[other], line, fields):
                return _Miss(start + 1, f"a line that is no {self.kinds[other].line.name} line")
        return values, "\n".join(segments)

    def miss(self, kind: _Kind, line: str, fields: Fields, ahead: str | None) -> _Miss:
        """Why ``line``, which is not a line of ``kind``, is not one."""
        found = self.match(kind, line, fields, ahead)
        assert isinstance(found, _Miss), "asked why a line of the kind is not one"
        return found

    def hint(self, number: int, line: str, fields: Fields) -> str:
        """Which other dialects read ``line`` as a line of the kind ``number``: ``""`` if none."""
        if self.elsewhere is None:
            return ""
        names = [
            repr(name)
            for name, other in self.elsewhere()
            if other.dialect != self.dialect and other.is_of(other.kinds[number], line, fields)
        ]
        if not names:
            return ""
        plural = "s" if len(names) > 1 else ""
        what = self.kinds[number].line.name
        return f" (a {what} in the {', '.join(names)} dialect{plural})"

    def is_of(self, kind: _Kind, line: str, fields: Fields) -> bool:
        """Whether ``line`` has the parts of ``kind`` (its look-ahead aside)."""
        test = self.testers[kind.number]
        if test is not None:
            return test(line, fields)
        matcher = self.matchers[kind.number]
        if matcher is not None:
            return matcher(line, line.strip(PAD), fields, None, False, True).__class__ is tuple
        return not isinstance(self.match(kind, line, fields, None, False), _Miss)

    def _value(self, part: _Part, chunk: str, at: int, fields: Fields) -> Any:
        what = part.kind
        if what == "text":
            return chunk
        if what == "date":
            if isinstance(parse_parts(chunk), str):
                return _Miss(at + 1, "a date")
            return chunk
        if what == "word":
            words: Container[str] = part.words
            if chunk in words:
                return chunk
            return _Miss(at + 1, f"a {part.field.rpartition('.')[2]}")
        if what == "same":
            if chunk == fields.get(part.field):
                return chunk
            return _Miss(at + 1, f"the {part.field} again")
        separator = part.words
        segments = tuple(chunk.split(separator))
        if len(segments) < 2:
            return _Miss(at + 1, f"segments between {separator!r}")
        for index, segment in enumerate(segments):
            if not segment.strip(PAD):
                column = at + 1 + sum(len(s) + len(separator) for s in segments[:index])
                return _Miss(column, f"a segment, found {_preview(segment)}", malformed=True)
        return segments

    def read(
        self, text: str, strict: bool, *, blocks: bool = True, patience: int | None = None
    ) -> Reading:
        """What ``text`` holds.

        With ``blocks``, a block the dialect requires and the text lacks is
        a departure too.  Lenient reading gives up after ``patience``
        departures, where it is given: a text that departs so often is no
        text of the format, as :meth:`LineFormat.sniff` needs to know no more.

        :raises ParseError: in strict mode, at the first line that departs
            from the declaration.
        :raises OutOfPatience: past ``patience`` departures.
        """
        allowed = _STRICT if strict else sys.maxsize if patience is None else patience
        return self.read_text(text, allowed, blocks)

    # -- writing -----------------------------------------------------------------------

    def lacking(self, kind: _Kind, fields: Fields) -> None:
        """Refuse ``fields``, which hold some of the fields of a line of ``kind`` but not all.

        :raises ValidationError: naming those it lacks.
        """
        names = kind.line.fields
        missing = [name for name in names if fields.get(name) is None]
        raise ValidationError(
            f"the {kind.line.name} line holds {', '.join(names)} together: "
            f"the article lacks its {', '.join(missing)}"
        )

    def lines(self, fields: Fields, strays: Sequence[Stray], layout: LineLayout) -> list[str]:
        """The lines of the text :attr:`write` writes."""
        return _lines(self.write_chunks(fields, layout), strays)

    def formatted(
        self, fields: Fields, layout: LineLayout
    ) -> Iterator[tuple[_Kind, list[Any], str]]:
        """Each line of ``fields`` in order: its kind, its values, and its formatting."""
        recorded = _recorded(layout)
        for kind, occurrences in zip(self.kinds, self.values_of(fields, layout), strict=True):
            own = recorded.get(kind.line.name, {})
            first, second, later = self.formattings(kind, own.get(0), own.get(1))
            for index, values in enumerate(occurrences):
                formatting = (first, second)[index] if index < 2 else own.get(index) or later
                yield kind, values, formatting

    # -- the check on construction --------------------------------------------------------

    def fit(
        self, fields: Fields, strays: Sequence[Stray], layout: LineLayout, *, repair: bool
    ) -> LineLayout:
        """``layout`` fitted to ``fields``, once they read back as themselves with it.

        With ``repair``, the formatting of lines that an edit removed is
        dropped, as are recorded line endings that no longer match the
        number of lines; without it, such a layout is refused.

        :raises ValidationError: saying what would read back otherwise.
        """
        counts = self.counts_of(fields, layout)
        lacking = [kind.line for kind in self.required if self.lacks(kind, counts)]
        if fields and lacking:
            raise ValidationError(
                f"every text of the format has a {lacking[0].name} line: the article lacks "
                f"its {' and '.join(lacking[0].fields)}"
            )
        flat = layout.lines
        reach = self.reach(flat) if flat else None
        if not flat or (reach is not None and all(map(operator.ge, counts, reach))):
            fitted = layout
        else:
            kept: list[str | int] = []
            for at in range(0, len(flat), 3):
                index = flat[at + 1]
                number = self.numbers.get(str(flat[at]))
                if isinstance(index, int) and number is not None and index < counts[number]:
                    kept += flat[at : at + 3]
            fitted = layout._replace(lines=tuple(kept)) if len(kept) != len(flat) else layout
        if fitted.endings:
            breaks = len(self.lines(fields, strays, fitted)) - 1
            if len(fitted.endings) != breaks:
                fitted = fitted._replace(endings=())
        if fitted != layout and not repair:
            raise ValidationError(
                "the layout does not fit the content: it formats lines the article lacks, "
                "or lists line endings for another number of lines"
            )
        fitted, difference = self.misread(fields, strays, fitted)
        if difference is not None and repair and fitted.endings:
            # Lines moved under the recorded endings: the first one stands for all.
            fitted, difference = self.misread(fields, strays, fitted._replace(endings=()))
        if difference is not None:
            raise ValidationError(f"this article would not read back as itself: {difference}")
        return fitted

    def misread(
        self, fields: Fields, strays: Sequence[Stray], layout: LineLayout
    ) -> tuple[LineLayout, str | None]:
        """The layout the text of ``fields`` and ``strays`` in ``layout`` reads back with,
        and how that text reads back otherwise (None when it does not).

        The layout is ``layout`` itself, or the same formatting stated the
        one way the reader states it (a bullet symbol spelled out where it
        is the default).
        """
        if strays or layout.endings:
            lines = self.lines(fields, strays, layout)
            if strays and strays[-1].line > len(lines):
                line = bounded_repr(strays[-1].line, 40)
                return layout, f"stray line {line} lies past the end of the text"
            text = _text(lines, layout)
        else:
            text = self.write(fields, strays, layout)
        back = self.read(text, strict=False, blocks=False)
        difference = _difference(self.field_names, fields, strays, back)
        # An article without stray lines has no departure either: it reads back strictly
        # (an empty one aside, whose text is all blank lines).
        if difference is None and fields and not strays and back.defects:
            defect = back.defects[0]
            difference = f"line {defect.line}: {defect.message} [{defect.code}]"
        if difference is not None or back.layout == layout:
            return layout, difference
        if self.write(fields, strays, back.layout) != text:
            return layout, (
                f"its layout {bounded_repr(layout, 120)} would read back as "
                f"{bounded_repr(back.layout, 120)}"
            )
        return back.layout, None

    def check_layout(self, layout: object) -> LineLayout:
        """``layout`` as a :class:`LineLayout`, once it is one this program can write.

        :raises ValidationError: naming what is wrong.
        """
        if layout is None:
            return CANONICAL
        if not isinstance(layout, tuple) or len(layout) != len(LineLayout._fields):
            raise ValidationError(
                f"expected a layout of {len(LineLayout._fields)} items "
                f"({', '.join(LineLayout._fields)}), got {bounded_repr(layout, 60)}"
            )
        value = LineLayout(*layout)
        problems = []
        if type(value.bom) is not bool:
            problems.append("bom is a bool")
        if value.newline not in EOLS or not (
            isinstance(value.endings, tuple)
            and all(ending in EOLS for ending in value.endings)
            and (not value.endings or value.endings[0] == value.newline)
            and len(set(value.endings)) != 1
        ):
            problems.append("newline is a line ending, and endings lists mixed ones from it")
        if not isinstance(value.trailing, tuple) or not all(
            _is_pad(blank) for blank in value.trailing
        ):
            problems.append("trailing holds blank lines: spaces and tabs")
        flat = value.lines
        if not isinstance(flat, tuple) or len(flat) % 3:
            problems.append("lines holds name, index and formatting for each line")
        elif not flat or self.reach(flat) is not None:
            pass
        else:
            reach = [0] * len(self.kinds)
            previous: tuple[int, int] = (-1, -1)
            for at in range(0, len(flat), 3):
                name, index, formatting = flat[at : at + 3]
                key = (self.numbers.get(str(name), -1), index) if type(index) is int else (-1, -1)
                if key[0] < 0 or key[1] < 0 or key <= previous or not isinstance(formatting, str):
                    problems.append(
                        f"line {bounded_repr(flat[at : at + 2], 40)} is unknown or out of order"
                    )
                    break
                previous = key
                kind = self.kinds[key[0]]
                gap, segments = _parse_formatting(formatting, kind.width)
                if len(segments) != kind.width or not all(map(_is_pad, gap)):
                    problems.append(f"the formatting of line {name} {index} is not this kind's")
                    break
                reach[key[0]] = key[1] + 1
            else:
                if len(flat) <= _PLANNED_MOST:
                    if len(self.checked_lines) >= _REMEMBERED:
                        self.checked_lines.clear()
                    self.checked_lines[flat] = tuple(reach)
        if problems:
            raise ValidationError("invalid layout: " + "; ".join(problems))
        return value

    def reach(self, flat: tuple[Any, ...]) -> tuple[int, ...] | None:
        """For each kind, how many of its lines ``flat`` formats, where it is the ``lines``
        of a layout :meth:`check_layout` found valid lately (a site's documents share a
        few); otherwise None."""
        if len(flat) > _PLANNED_MOST:  # never kept
            return None
        # Typed first: ``True == 1 == 1.0``, and only an int is an index.
        if {*map(type, flat[0::3]), *map(type, flat[2::3])} <= _STR_TYPE and {
            *map(type, flat[1::3])
        } <= _INT_TYPE:
            return self.checked_lines.get(flat)
        return None


def _told_apart_in_turn(lines: Sequence[Line]) -> str | None:
    """The name of a line kind that its ``unless`` kinds lead back to, or None."""
    unless = {line.name: line.unless for line in lines}
    for start, names in unless.items():
        reached: set[str] = set()
        waiting = list(names)
        while waiting:
            name = waiting.pop()
            if name == start:
                return start
            if name not in reached:
                reached.add(name)
                waiting += unless.get(name, ())
    return None


def _is_pad(value: object) -> bool:
    return isinstance(value, str) and not value.strip(PAD) and "\n" not in value


def _recorded(layout: LineLayout) -> dict[str, dict[int, str]]:
    recorded: dict[str, dict[int, str]] = {}
    flat = layout.lines
    for at in range(0, len(flat), 3):
        recorded.setdefault(str(flat[at]), {})[int(flat[at + 1])] = str(flat[at + 2])
    return recorded


def _difference(
    order: Sequence[str], fields: Fields, strays: Sequence[Stray], back: Reading
) -> str | None:
    """How ``back`` differs from what was written, fields in ``order``; None when it does not."""
    if back.fields == fields and not strays and not back.strays:
        return None
    reasons = "; ".join(
        f"line {defect.line}: {defect.message} [{defect.code}]" for defect in back.defects
    )[:300]
    if fields and not back.fields and back.strays and reasons:
        # A line the text must have did not read: every field is lost, the first not to blame.
        return f"its text would read back as stray lines only ({reasons})"
    for name in order:
        mine, theirs = fields.get(name), back.fields.get(name)
        if mine in (None, []) and theirs in (None, []):
            continue
        if mine != theirs:
            because = f" ({reasons})" if reasons else ""
            return (
                f"its {name} {bounded_repr(mine, 80)} would read back as "
                f"{bounded_repr(theirs, 80)}{because}"
            )
    if [(stray.line, stray.text) for stray in strays] != back.strays:
        return "its stray lines would read back otherwise"
    return None


def _text(lines: list[str], layout: LineLayout) -> str:
    """``lines`` joined as ``layout`` says.

    :raises ValidationError: when ``layout`` lists line endings for
        another number of lines (an edit made since it was fitted).
    """
    if layout.endings and len(layout.endings) != len(lines) - 1:
        raise ValidationError(
            f"the layout lists {len(layout.endings)} line endings for {len(lines)} lines, "
            f"which take {len(lines) - 1}"
        )
    text = join_lines(lines, layout.newline, layout.endings)
    return BOM + text if layout.bom else text


def _lines(chunks: list[str], strays: Sequence[Stray]) -> list[str]:
    """The lines of ``chunks`` (each lines and the blank lines before them), with ``strays``."""
    broken = list(
        itertools.compress(
            range(len(chunks)), map(operator.contains, chunks, itertools.repeat("\n"))
        )
    )
    if len(broken) > len(chunks) // _SPLIT_WHOLE:
        lines = "\n".join(chunks).split("\n") if chunks else []
    else:
        # Most chunks are a line: they are taken as they are, not made anew by a split.
        lines = []
        done = 0
        for index in broken:
            lines += chunks[done:index]
            lines += chunks[index].split("\n")
            done = index + 1
        lines += chunks[done:]
    return with_strays(lines, strays) if strays else lines


_SPLIT_WHOLE = 8
"""Where more than one chunk in this many holds a line break, the chunks are joined and
split whole, the interpreter's loop rather than one a chunk."""


def with_strays(lines: list[str], strays: Iterable[Stray]) -> list[str]:
    """``lines`` with each stray line put back at its line number."""
    merged: list[str] = []
    placed = 0
    for stray in strays:
        # The lines before it go in by slice, not one by one: a text can be all stray lines.
        wanted = stray.line - 1 - len(merged)
        if wanted > 0:
            merged += lines[placed : placed + wanted]
            placed += wanted
        merged.append(stray.text)
    merged += lines[placed:]
    return merged


def join_lines(lines: list[str], newline: str, endings: tuple[str, ...]) -> str:
    """``lines`` joined by ``newline``, or by each of ``endings`` in turn when they are given."""
    if not endings:
        return newline.join(lines)
    # Lines and endings interleaved by slice, not a string a line.
    pieces = [""] * (2 * len(lines) - 1)
    pieces[0::2] = lines
    pieces[1::2] = endings
    return "".join(pieces)


_PLAIN_MISS = _Miss(0, "")
"""A miss whose reason no message asks for."""


def _expected_here(line: Line, found: _Miss) -> str:
    return f"expected the {line.name} line ({found.expected} at column {found.column})"


_STRICT = -1
"""The patience of a strict reading, which raises the first departure as a ParseError."""


class OutOfPatience(Exception):
    """A lenient reading met more departures than it was told to bear."""


class _Reader:
    """A text's lines and what has been read from them so far, for the reader's rare
    paths: the generated reader makes one at the first line that departs."""

    __slots__ = (
        "counts",
        "defects",
        "departures",
        "end",
        "fields",
        "gap",
        "lines",
        "messages",
        "patience",
        "program",
        "stands_for_gap",
        "strays",
        "texts",
    )

    def __init__(
        self,
        program: Program,
        lines: list[str],
        texts: list[str],
        gap: list[str],
        fields: Fields,
        counts: list[int],
        departures: list[str | int],
        patience: int,
    ) -> None:
        self.program = program
        self.lines = lines
        self.texts = texts
        """Each line without its padding."""
        self.end = len(lines)
        self.gap = gap
        """Blank lines met since the last line placed: the next one's."""
        self.fields = fields
        self.counts = counts
        self.departures = departures
        self.patience = patience
        """How many departures the reader keeps before it raises the next, as
        :class:`OutOfPatience`; in strict reading (:data:`_STRICT`), it raises the first
        as a :class:`ParseError`."""
        self.stands_for_gap = False
        """Whether a stray line stands where a blank line should be, since the last placed."""
        self.strays: list[tuple[int, str]] = []
        self.defects: list[Defect] = []
        self.messages: dict[str, str] = {}
        """The messages of the departures met, each kept once."""

    def report(self, pos: int, column: int, code: str, message: str, *, stray: bool) -> None:
        """Record a departure at line ``pos``; raise it once the reader's patience is spent."""
        line = self.lines[pos]
        # One string for every line that departs alike: a text may be all such lines.
        message = self.messages.setdefault(message, message)
        defect = new_defect(line=pos + 1, column=column, code=code, message=message)
        if self.patience == _STRICT:
            raise ParseError(defect, line)
        if len(self.defects) >= self.patience:
            raise OutOfPatience

        self.defects.append(defect)
        if stray:
            self.strays.append((pos + 1, line))

    def stray(self, pos: int, content: int, code: str, message: str, column: int = 0) -> int:
        """Keep line ``content`` as a stray line; the blank lines from ``pos`` on are the next's.

        Reported at ``column``, or at its first character.  Returns where
        reading goes on.
        """
        self.gap += self.lines[pos:content]
        line = self.lines[content]
        column = column or len(line) - len(line.lstrip(PAD)) + 1
        found = f"{message}, found {_preview(self.texts[content])}"
        self.report(content, column, code, found, stray=True)
        return content + 1

    def next_content(self, pos: int) -> int:
        """The index of the first non-blank line from ``pos`` on (the line count if none)."""
        texts = self.texts
        end = self.end
        while pos < end and not texts[pos]:
            pos += 1
        return pos

    def left_over(self, pos: int) -> None:
        """Keep every non-blank line from ``pos`` on as a stray line: no line kind is left."""
        while True:
            content = self.next_content(pos)
            if content == self.end:
                self.gap += self.lines[pos:content]
                return
            pos = self.stray(pos, content, "unexpected-line", "expected the end of the text")

    def missing_blocks(self) -> None:
        """Report each block the dialect requires that the text lacks."""
        fields = self.fields
        present = {
            "breadcrumb": fields.get("breadcrumb"),
            "dateline": fields.get("dateline"),
            "summary": fields.get("summary.heading"),
            "body": fields.get("body"),
        }
        for block in self.program.dialect.missing_blocks(present):
            message = f"expected the page to have a {block}, found none"
            self.report(0, 1, "missing-block", message, stray=False)

    def keep_as_stray(self) -> None:
        """Make every line a stray line, blank lines aside: the text lacks a line it must have.

        Every article with content then has every line its format requires,
        so that it reads back strictly; the defects say what was missing.
        """
        self.fields = {}
        self.departures = []
        self.counts = [0] * len(self.counts)
        self.strays = [(pos + 1, line) for pos, line in enumerate(self.lines) if self.texts[pos]]
        self.gap = [line for pos, line in enumerate(self.lines) if not self.texts[pos]]

    def ahead(self, pos: int) -> str | None:
        """The next non-blank line after line ``pos``, or None at the end of the text."""
        following = self.next_content(pos + 1)
        return self.lines[following] if following < self.end else None

    # -- what departs from the declaration: the rare paths of the generated reader --------

    def at_end(self, kind: _Kind) -> None:
        """The text ended before a line of ``kind``, which it needs."""
        if self.defects:
            return
        empty = not self.fields and not self.strays
        message = f"expected the {kind.line.name} line, found the end of the text"
        code = kind.line.code("empty" if empty else "missing")
        self.report(self.end - 1, 1, code, message, stray=False)

    def missed(
        self, kind: _Kind, pos: int, content: int, found: _Miss | None, count: int, blanks: int
    ) -> tuple[int, bool]:
        """Line ``content`` is no line of ``kind``: where reading goes on, and whether in it.

        ``found`` says why, or is None where the line is plainly of another
        kind: the reason is then asked for only if a message needs it.
        """
        line = kind.line
        later = self.program.kinds[kind.number + 1 :]
        if found is None:
            found = _PLAIN_MISS
            if count == 0 and kind.required:
                found = self.program.miss(
                    kind, self.lines[content], self.fields, self.ahead(content)
                )
        if found.malformed:
            message = _expected_here(line, found)
            pos = self.stray(pos, content, line.code("malformed"), message, found.column)
            return pos, bool(count) or kind.required
        if count == 0 and kind.required:
            message = _expected_here(line, found)
            # Only a line kind without the title gives way to the next kind:
            # an article has its title, or holds nothing but stray lines.
            if "title" not in line.fields and later and self.is_of(later[0], content):
                message = f"{message}, found {_preview(self.texts[content])}"
                self.report(content, found.column, line.code("missing"), message, stray=False)
                return pos, False
            return self.stray(pos, content, line.code("missing"), message, found.column), True
        if count and kind.repeats and not blanks and self.interrupted(kind, content, later):
            message = f"expected a {line.name} line, a blank line or the end of them"
            return self.stray(pos, content, line.code("interrupted"), message), True
        return pos, False

    def alone(self, kind: _Kind, pos: int, content: int) -> int:
        """Line ``content`` is of ``kind``, but not before a line of its ``then`` kind."""
        line = kind.line
        ahead = self.ahead(content)
        hint = "" if ahead is None else self.program.hint(kind.then, ahead, self.fields)
        message = f"expected a {line.then} line after the {line.name} line{hint}"
        return self.stray(pos, content, line.code("alone"), message)

    def misplaced(
        self, kind: _Kind, pos: int, content: int, count: int, rule: str
    ) -> tuple[int, bool]:
        """Line ``content`` is of ``kind`` where ``rule`` wants blank lines otherwise.

        Returns where reading goes on, and whether in this kind.
        """
        if count:
            return pos, False
        line = kind.line
        wanted = "no blank line" if rule == NO_BLANK else "a blank line"
        message = f"expected {wanted} before the {line.name} line"
        later = self.program.kinds[kind.number + 1 :]
        if rule == SOME_BLANKS and not any(self.is_of(other, content) for other in later):
            # Nothing else can follow: the stray line stands for the blank line.
            pos = self.stray(pos, content, line.code("blank-lines"), message)
            self.stands_for_gap = True
            return pos, True
        if not kind.required:
            return pos, False
        return self.stray(pos, content, line.code("blank-lines"), message), True

    def is_of(self, kind: _Kind, pos: int) -> bool:
        """Whether line ``pos`` has the parts of ``kind``."""
        return self.program.is_of(kind, self.lines[pos], self.fields)

    def interrupted(self, kind: _Kind, pos: int, later: Sequence[_Kind]) -> bool:
        """Whether line ``pos`` stands between two lines of ``kind``: one line of look-ahead."""
        if later and self.is_of(later[0], pos):
            return False
        after = self.next_content(pos + 1)
        return after < self.end and self.is_of(kind, after)


def _preview(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:57] + "...")


def describe_lines(lines: Sequence[Line]) -> list[str]:
    """One line of text for each line kind: how many, and what it looks like."""
    described = []
    for line in lines:
        how_many = {
            "one": "one {} line",
            "optional": "an optional {} line",
            "many": "one or more {} lines",
            "any": "any number of {} lines",
        }[line.count].format(line.name)
        shown = " ".join(_shown(part) for part in line.parts)
        before = {"none": "", "any": ", after any blank lines", "some": ", after a blank line"}[
            line.before
        ]
        described.append(f"{how_many}: {shown}{before}")
    return described


def _shown(part: Any) -> str:
    if isinstance(part, Fixed):
        return repr(part.text)
    if isinstance(part, Mark):
        return "<bullet>"
    if isinstance(part, Same):
        return f"<the {part.field} again>"
    if isinstance(part, Date) and part.pattern is not None:
        return f"<{part.field}: {part.pattern}>"
    return f"<{part.field}>"


def line_texts(
    program: Program, fields: Fields, layout: LineLayout
) -> list[tuple[Line, list[str]]]:
    """Each line kind of ``program``, in order, and the text of each of its lines as
    :meth:`Program.write` writes it, without its padding: what a description shows."""
    texts: list[list[str]] = [[] for _ in program.kinds]
    written = iter(program.lines(fields, (), layout))
    for kind, _, formatting in program.formatted(fields, layout):
        blanks = formatting.count("\n") + 1 - kind.width
        line = next(itertools.islice(written, blanks, None))
        texts[kind.number].append(line.strip(PAD))
    return [(kind.line, lines) for kind, lines in zip(program.kinds, texts, strict=True)]
