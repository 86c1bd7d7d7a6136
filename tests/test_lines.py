"""Formats declared as their lines: one declaration, read, written and checked alike."""

from __future__ import annotations

import contextlib
import linecache
import re
import sys
from collections.abc import Iterator
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import newsdoc
from newsdoc import _engine, strategies
from newsdoc._declare import with_new
from newsdoc._engine import Program, _compiled_formatted_reader, _Miss
from newsdoc._grammar import get_dialect
from newsdoc._grammar import split_lines as newline_split
from newsdoc.lines import (
    ANY_BLANKS,
    ANY_NUMBER,
    MANY,
    NO_BLANK,
    OPTIONAL,
    PAGE_LINES,
    SOME_BLANKS,
    Date,
    Fixed,
    Line,
    LineFormat,
    LineLayout,
    Mark,
    Same,
    Split,
    Text,
    Word,
)
from newsdoc.strategies import line_format_texts
from newsdoc.testing import check_format

from support import edit_texts, examples, registries_restored, wire_registered

NOTES = LineFormat(
    name="notes",
    lines=(
        Line(Split(), count=OPTIONAL, mark=0.2),
        Line(Text("title")),
        Line(Fixed("Filed:"), Date(), mark=0.6, name="filed"),
        Line(Word(words=("Points",)), before=ANY_BLANKS, count=OPTIONAL, mark=0.3),
        Line(
            Mark(symbols=("*", "+")), Text("summary.points"), count=MANY, after="summary.heading"
        ),
        Line(Text("body"), count=MANY, before=SOME_BLANKS, new="second"),
    ),
)

SPACED = "Tram line extended\nFiled: 3 May 2026\nPoints\n  * Two new stops\n\nP1\n\n\nP2\n\n\nP3"


@pytest.fixture(autouse=True)
def _registries() -> Iterator[None]:
    with registries_restored():
        newsdoc.register_format(NOTES)
        yield


def test_a_declared_format_keeps_every_promise_of_a_page_format() -> None:
    check_format(NOTES, settings=settings(max_examples=examples(0.3), deadline=None))


def test_lines_an_edit_adds_are_formatted_as_the_declaration_says() -> None:
    article = NOTES.parse(SPACED)
    edited = attrs.evolve(
        article,
        summary=newsdoc.Summary(heading="Points", points=("Two new stops", "A depot")),
        body=(*article.body, "P4"),
    )
    # The point as the first point; the paragraph as the second paragraph.
    assert newsdoc.dumps(edited) == SPACED.replace("stops\n", "stops\n  * A depot\n") + "\n\n\nP4"
    assert newsdoc.loads(newsdoc.dumps(edited), format="notes") == edited


def test_the_check_on_construction_compares_the_layout_too() -> None:
    article = NOTES.parse(SPACED)
    # A blank line where the declaration lets none stand: it would not read back strictly.
    layout = LineLayout(lines=("filed", 0, "\nFiled:".replace("Filed:", "") + "\n\n"))
    with pytest.raises(newsdoc.ValidationError, match="read back"):
        attrs.evolve(article, layout=layout)


def test_a_json_document_whose_layout_formats_lines_the_article_lacks_is_refused() -> None:
    article = NOTES.parse(SPACED)
    document = newsdoc.to_dict(article)
    document["format_layout"][3] = [*document["format_layout"][3], "body", 7, "\n\n"]
    with pytest.raises(newsdoc.DocumentError, match="does not fit"):
        newsdoc.from_dict(document)
    assert newsdoc.from_dict(newsdoc.to_dict(article)) == article


def test_a_field_without_a_line_is_refused_when_the_article_is_made() -> None:
    newsdoc.register_format(LineFormat(name="bare", lines=(Line(Text("title")),)))
    with pytest.raises(newsdoc.ValidationError, match="no line for the article's dateline"):
        newsdoc.Article(title="T", dateline=newsdoc.Dateline(text="3 May"), format="bare")


@pytest.mark.parametrize(
    ("parts", "options", "problem"),
    [
        ((), {}, "at least one part"),
        ((Text("title"), Text("byline")), {}, "a Fixed part must follow"),
        ((Mark(),), {}, "cannot end a line"),
        ((Fixed("x"),), {}, "at least one field"),
        ((Text("body"),), {}, "a count of MANY or ANY_NUMBER"),
        ((Text("title"),), {"count": MANY}, "summary.points or body"),
        ((Text("title"),), {"mark": 2}, "from 0 to 1"),
        ((Text("title"),), {"indent": "x"}, "spaces and tabs"),
        ((Text("title"),), {"new": "third"}, "new is one of"),
    ],
)
def test_a_line_that_cannot_be_read_unambiguously_is_refused(
    parts: tuple[Any, ...], options: dict[str, Any], problem: str
) -> None:
    with pytest.raises(newsdoc.ValidationError, match=problem):
        Line(*parts, **options)


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda: Split(separator=" "), "a character other than spaces and tabs, got ' '"),
        (lambda: Split(separator="\t"), "a character other than spaces and tabs"),
        (lambda: Mark(symbols=("",)), "a bullet symbol must be non-empty text"),
        (lambda: Mark(symbols=()), "at least one bullet symbol"),
        (lambda: Word(words=("Key points ",)), "a word must be non-empty text on one line, "),
        (lambda: Fixed(""), "a fixed text must be non-empty text"),
    ],
)
def test_a_part_states_the_rule_its_value_breaks(make: Any, problem: str) -> None:
    with pytest.raises(newsdoc.ValidationError, match=re.escape(problem)):
        make()


@pytest.mark.parametrize(
    ("value", "error"),
    [
        (lambda: Text("headline"), newsdoc.ValidationError),
        (lambda: Date(pattern="YYYY-MM"), newsdoc.ValidationError),
        (lambda: Fixed(" padded"), newsdoc.ValidationError),
        (lambda: Word(words="Summary"), newsdoc.FieldTypeError),
        (
            lambda: LineFormat(name="x", lines=(Line(Text("body"), count=MANY),)),
            newsdoc.ValidationError,
        ),
    ],
)
def test_parts_and_formats_are_checked_when_made(value: Any, error: type[Exception]) -> None:
    with pytest.raises(error):
        value()


def test_the_description_lists_each_line_kind() -> None:
    assert NOTES.describe()[2] == "one filed line: 'Filed:' <dateline>"


def test_recognition_comes_from_the_marked_lines_a_text_has() -> None:
    assert NOTES.sniff(SPACED) == pytest.approx(1 - 0.4 * 0.7)
    assert NOTES.sniff("Tram line extended\n\nWork starts in June.") == 0.0
    assert newsdoc.loads(SPACED, format="auto").format == "notes"


# -- formats built from the page's own declaration ---------------------------------------

SOURCED = LineFormat(
    name="sourced-page",
    lines=(Line(Fixed("Source:"), Text("meta.source"), mark=0.3), *PAGE_LINES),
)
"""A scraper's header line, then a blank line, then a page."""

PAGE_WITH_BYLINE = LineFormat(
    name="page-with-byline",
    lines=(
        *PAGE_LINES[:3],
        Line(Fixed("By"), Text("byline"), count=OPTIONAL, name="byline"),
        *PAGE_LINES[3:],
    ),
)
"""The page format with a byline line after the dateline: ten lines of declaration."""

CAPTURED = (
    "Source: https://news.example.org/ferries\n"
    "\n"
    "Home / Travel / Night ferry returns\n"
    "Night ferry returns\n"
    "2 May\n"
    "Summary\n"
    "  - Crossings resume in June\n"
    "\n"
    "The overnight route reopens after four years.\n"
)


def test_a_header_line_before_a_page_is_read_and_written_back_byte_for_byte() -> None:
    article = SOURCED.parse(CAPTURED)
    assert article.meta == {"source": "https://news.example.org/ferries"}
    page = newsdoc.loads(CAPTURED.split("\n", 2)[2])
    assert (
        article.breadcrumb,
        article.title,
        article.dateline,
        article.summary,
        article.body,
    ) == (
        page.breadcrumb,
        page.title,
        page.dateline,
        page.summary,
        page.body,
    )
    assert SOURCED.dump(article) == CAPTURED
    newsdoc.register_format(SOURCED)
    assert newsdoc.loads(CAPTURED, format="auto").format == "sourced-page"
    assert newsdoc.from_json(newsdoc.to_json(article)) == article


@pytest.mark.parametrize("fmt", [SOURCED, PAGE_WITH_BYLINE], ids=lambda fmt: fmt.name)
def test_formats_built_from_the_page_declaration_keep_every_promise(fmt: LineFormat) -> None:
    check_format(fmt, settings=settings(max_examples=examples(0.2), deadline=None))


def test_a_page_with_a_byline_reads_and_writes_the_byline() -> None:
    text = "Night ferry returns\n2 May\nBy Ines Okafor\nSummary\n- Crossings resume\n\nBody."
    article = PAGE_WITH_BYLINE.parse(text)
    assert (article.byline, article.dateline, article.summary.points) == (  # type: ignore[union-attr]
        "Ines Okafor",
        newsdoc.Dateline(text="2 May"),
        ("Crossings resume",),
    )
    assert PAGE_WITH_BYLINE.dump(article) == text
    newsdoc.register_format(PAGE_WITH_BYLINE)
    edited = attrs.evolve(article, byline="Ana Ruiz")
    assert newsdoc.dumps(edited) == text.replace("Ines Okafor", "Ana Ruiz")
    assert PAGE_WITH_BYLINE.holds == frozenset({"byline"})
    with pytest.raises(newsdoc.ValidationError, match="'page-with-byline'"):
        newsdoc.Article(title="Night ferry returns", byline="Ines Okafor")


_PARTS_ONE_BY_ONE = (
    Line(Split(), count=OPTIONAL, not_then="heading", name="crumbs"),
    Line(Text("title"), unless=("heading",)),
    Line(Date(), count=OPTIONAL),
    Line(Word(), count=OPTIONAL, name="heading"),
    Line(Mark(), Text("summary.points"), count=ANY_NUMBER, name="point"),
    Line(Same("title"), count=OPTIONAL, name="repeat"),
)


def _words_near_the_kinds(dialect: newsdoc.Dialect) -> st.SearchStrategy[str]:
    return st.sampled_from(
        [
            "Tide tables",
            dialect.breadcrumb_separator,
            dialect.breadcrumb_separator.strip(),
            f"x{dialect.breadcrumb_separator * 2}x",
            *dialect.summary_headings,
            *(f"{symbol} " for symbol in dialect.bullet_symbols),
            *dialect.bullet_symbols,
            "2025-07-17",
            "3 Mar",
            "",
            "x",
        ]
    )


def _lines_near_the_kinds(dialect: newsdoc.Dialect) -> st.SearchStrategy[str]:
    """Lines that are, nearly are, or are far from each kind of line, padded or not."""
    words = _words_near_the_kinds(dialect)
    pad = st.sampled_from(["", " ", "\t", "  "])
    return st.one_of(
        st.lists(st.one_of(words, pad), max_size=6).map("".join),
        st.tuples(pad, words, pad, words, pad).map("".join),
        edit_texts(dialect, "Tide tables"),
    )


@settings(max_examples=examples(2))
@given(st.data())
def test_a_generated_matcher_matches_every_line_as_the_declaration_reads_it(
    data: st.DataObject,
) -> None:
    dialect = data.draw(st.one_of(st.just(newsdoc.DEFAULT_DIALECT), strategies.dialects()))
    program = Program(_PARTS_ONE_BY_ONE, dialect)
    lines = _lines_near_the_kinds(dialect)
    line = data.draw(lines)
    fields = {"title": data.draw(st.one_of(st.just(line.strip(" \t")), lines))}
    ahead = data.draw(st.none() | lines)
    for kind in program.kinds:
        assert program.matchers[kind.number] is not None, kind.line.name
        for guarded in (True, False):
            assert program.match(kind, line, fields, ahead, guarded) == (
                program.interpreted_match(kind, line, fields, ahead, guarded)
            )
        # The reader's test of a line ahead, generated apart from the matcher.
        assert program.is_of(kind, line, fields) is not isinstance(
            program.interpreted_match(kind, line, fields, None, False), _Miss
        )


@st.composite
def _texts_near_the_declaration(
    draw: st.DrawFn, lines: tuple[Line, ...], dialect: newsdoc.Dialect
) -> str:
    """Texts as a new article is written, and a few edits away from one (blank lines,
    lines dropped, doubled, or of another kind), or lines near each kind: the texts a
    reader of texts written anew must tell from those it reads."""
    unpadded = st.lists(_words_near_the_kinds(dialect), min_size=1, max_size=4).map(
        lambda words: "".join(words).strip(" \t")
    )
    near = st.one_of(unpadded, unpadded, _lines_near_the_kinds(dialect))
    if lines is PAGE_LINES and draw(st.booleans()):
        written = draw(strategies.articles(dialect).map(newsdoc.dumps))
        texts = written.split("\n")
    elif lines is NOTES.lines and draw(st.booleans()):
        drawn = draw(line_format_texts(NOTES, dialect))
        written = re.sub("\r\n?", "\n", drawn.removeprefix("\ufeff"))
        texts = [line.strip(" \t") for line in written.split("\n")]
    else:
        texts = draw(st.lists(st.one_of(unpadded, st.just("")), max_size=10))
    return draw(_edited(texts, near))


@st.composite
def _edited(draw: st.DrawFn, texts: list[str], near: st.SearchStrategy[str]) -> str:
    """``texts``, lines of a text, a few edits away: blank lines, lines dropped, doubled,
    or ``near`` ones put in."""
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(texts)))
        edit = draw(st.sampled_from(["blank", "drop", "double", "other"]))
        if edit == "blank":
            texts = [*texts[:at], "", *texts[at:]]
        elif edit == "other":
            texts = [*texts[:at], draw(near), *texts[at:]]
        elif texts:
            at = min(at, len(texts) - 1)
            kept = [texts[at]] * 2 if edit == "double" else []
            texts = [*texts[:at], *kept, *texts[at + 1 :]]
    return "\n".join(texts)


_DECLARATIONS = (
    PAGE_LINES,
    _PARTS_ONE_BY_ONE,
    NOTES.lines,
    (Line(Text("title")), Line(Text("body"), count=MANY, before=SOME_BLANKS, between=NO_BLANK)),
)


def _reading(program: Program, text: str, strict: bool, plain: bool) -> object:
    """What ``program`` reads in ``text``, or the error it raises; the general reader's
    alone, unless ``plain``."""
    patience = -1 if strict else sys.maxsize
    try:
        return program.read_text(text, patience, True, plain)
    except newsdoc.ParseError as error:
        return error.defect


@settings(max_examples=examples(2))
@given(st.data())
def test_the_reader_of_texts_written_anew_reads_each_text_as_the_general_reader_does(
    data: st.DataObject,
) -> None:
    # Most drawn dialects indent their points, which no text written anew then reads plainly.
    default = st.just(newsdoc.DEFAULT_DIALECT)
    dialect = data.draw(st.one_of(default, default, strategies.dialects()))
    lines = data.draw(st.sampled_from(_DECLARATIONS))
    program = Program(lines, dialect)
    text = data.draw(_texts_near_the_declaration(lines, dialect))
    for strict in (True, False):
        assert _reading(program, text, strict, plain=True) == _reading(
            program, text, strict, plain=False
        )


@pytest.mark.parametrize(
    "text",
    [
        "x /  / x\nTide tables",  # a breadcrumb with an empty segment
        "Home / Sea\nTide tables\nSummary\n- High at noon\nTide tables\n\nP1",  # the repeat
        "Tide tables\nSummary\n- High at noon\n\n\u2022 Low at six",  # a point of another look
        "Tide tables\nSummary\n- High at noon\nP1",  # a point run, then no blank line
        "Tide tables\nSummary\n\n- High at noon",  # a blank line before the first point
        "Tide tables\nSummary\nP1",  # a heading without a point
        "Tide tables\n\nP1\n\nP2",  # a blank line the default has not
        "Tide tables\n\n\nP1",  # two blank lines
        "Tide tables\nP1",  # no blank line before the body
        "Tide tables\n3 Mar\n\nP1\nP2\nP3\n\nP4\n",  # a blank line in the body
        "Summary\n- High at noon",  # no title
        "Home / Sea\nSummary\n- High at noon",  # a breadcrumb before a heading is a title
        "Tide tables\n\n3 Mar",  # a dateline after a blank line is a paragraph
        "",
        "\n\n",
    ],
)
def test_texts_near_one_written_anew_are_read_as_the_general_reader_reads_them(
    text: str,
) -> None:
    _assert_read_alike(Program(PAGE_LINES, newsdoc.DEFAULT_DIALECT), text)


_POINTS_THEN_ANY_LINES = (
    Line(Text("title")),
    Line(Mark(), Text("summary.points"), count=ANY_NUMBER, name="point"),
    Line(Same("title"), count=OPTIONAL, name="repeat"),
    Line(Text("body"), count=ANY_NUMBER, before=ANY_BLANKS),
)


@pytest.mark.parametrize(
    ("lines", "dialect", "text"),
    [
        # A line between two points is not of the kind after them, but of a later one.
        (_POINTS_THEN_ANY_LINES, newsdoc.DEFAULT_DIALECT, "Tide tables\n- High\nP1\n- Low"),
        # A default that breaks the kind's rule of blank lines between its lines.
        (
            _DECLARATIONS[-1],
            attrs.evolve(newsdoc.DEFAULT_DIALECT, paragraphs_apart=True),
            "Tide tables\n\nP1\n\nP2",
        ),
    ],
)
def test_texts_of_declarations_near_one_written_anew_are_read_as_the_general_reader_reads_them(
    lines: tuple[Line, ...], dialect: newsdoc.Dialect, text: str
) -> None:
    _assert_read_alike(Program(lines, dialect), text)


def _assert_read_alike(program: Program, text: str) -> None:
    for strict in (True, False):
        assert _reading(program, text, strict, plain=True) == _reading(
            program, text, strict, plain=False
        )


@settings(max_examples=examples(1))
@given(st.data())
def test_a_page_written_anew_is_read_without_the_general_reader(data: st.DataObject) -> None:
    dialect = data.draw(st.one_of(st.just(newsdoc.DEFAULT_DIALECT), strategies.dialects()))
    program = Program(PAGE_LINES, dialect)
    assume(program.read_plain is not None)
    text = newsdoc.dumps(data.draw(strategies.articles(dialect)))
    lines = text.split("\n")
    assert program.read_plain([*lines, "", "\n"], [*lines, "", "\n"], len(lines)) == (
        _reading(program, text, strict=True, plain=False)
    )


@settings(max_examples=examples(0.5))
@given(st.data())
def test_a_reader_made_for_a_texts_layout_reads_each_text_as_the_general_reader_does(
    data: st.DataObject,
) -> None:
    # A dialect that requires blocks gets no such reader.
    demanding_nothing = strategies.dialects().map(
        lambda dialect: attrs.evolve(dialect, required_blocks=frozenset())
    )
    dialect = data.draw(st.one_of(st.just(newsdoc.DEFAULT_DIALECT), demanding_nothing))
    lines = data.draw(st.sampled_from([PAGE_LINES, NOTES.lines]))
    program = Program(lines, dialect)
    if lines is PAGE_LINES:
        first = data.draw(strategies.pages(dialect))[0]
    else:
        first = data.draw(line_format_texts(NOTES, dialect))
    reading = program.read_text(first, sys.maxsize, True, False)
    assume(not reading.defects)
    read = _compiled_formatted_reader(program, reading.layout)
    assume(read is not None)
    bom = first.startswith("\ufeff")
    split = newline_split(first[bom:])[0]
    # A text read as it is formatted is read by the reader made for its layout.
    texts = [line.strip(" \t") for line in split]
    assert read(split, [*texts, "", "\n"], len(split)) == reading
    # And a text edited by a line or two is read by it as by the general reader, or not.
    near = _lines_near_the_kinds(dialect)
    edited = data.draw(_edited(split, near)).split("\n")
    # The reader is given a text's lines: a line holding a CR would be two.
    assume(not any("\r" in line for line in edited))
    texts = [line.strip(" \t") for line in edited]
    known = read(edited, [*texts, "", "\n"], len(edited))
    if known is not None:
        edited_text = "\ufeff" * bom + reading.layout.newline.join(edited)
        assert known == _reading(program, edited_text, strict=False, plain=False)


SPACED_OUT_PAGE = (
    "Home / Sea\n\nTide tables\n\nSummary\n\n  \u2022 High at noon\n  \u2022 Low at six\n"
    "Tide tables\n\nThe harbour opens early.\n\nBoats wait.\n\nNets dry.\n\nGulls.\n\nRain.\n"
    "\nFog.\n\nSun.\n\nWind.\n\nCalm.\n"
)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Nets dry.\n\nGulls.", "Nets dry.\nGulls."),  # no blank line between two
        ("\n\nGulls.", "\n\n  Gulls."),  # a padded line among them
        ("\n\nGulls.", "\n  \nGulls."),  # a blank line of spaces
        ("\n\nGulls.", "\n\n \n\nGulls."),  # a line of spaces where a text stands
        ("\n\nGulls.", "\n\n\nGulls."),  # two blank lines
        ("Calm.\n", "Calm."),  # no final line ending
        ("\n\nCalm.\n", "\n\n\n"),  # blank lines at the end
        ("", ""),
    ],
)
def test_a_text_formatted_nearly_as_a_known_one_is_read_as_the_general_reader_reads_it(
    old: str, new: str
) -> None:
    program = Program(PAGE_LINES, newsdoc.DEFAULT_DIALECT)
    layout = program.read(SPACED_OUT_PAGE, strict=True).layout
    read = _compiled_formatted_reader(program, layout)
    assert read is not None
    text = SPACED_OUT_PAGE.replace(old, new)
    lines = text.split("\n")
    known = read(lines, [*(line.strip(" \t") for line in lines), "", "\n"], len(lines))
    general = program.read(text, strict=False)
    alike = not general.defects and general.layout.lines == layout.lines
    assert known == (general if alike else None)


def test_texts_formatted_alike_twice_in_a_row_are_then_read_by_a_reader_made_for_them() -> None:
    program = Program(PAGE_LINES, newsdoc.DEFAULT_DIALECT)
    other = SPACED_OUT_PAGE.replace("early", "late").replace("High", "Calm")
    program.read(SPACED_OUT_PAGE, strict=True)
    assert program.formatted_alike is None
    program.read(SPACED_OUT_PAGE, strict=True)
    assert program.formatted_alike is not None
    read = program.formatted_alike[2]
    lines = other.split("\n")
    texts = [*(line.strip(" \t") for line in lines), "", "\n"]
    known = read(lines, texts, len(lines))
    assert known is not None
    assert known == program.read(other, strict=True) == _reading(program, other, True, False)
    # Texts formatted otherwise, twice in a row, take their own.
    program.read(other.replace("\n", "\r\n"), strict=True)
    program.read(other.replace("\n", "\r\n"), strict=True)
    assert program.formatted_alike is not None
    assert program.formatted_alike[2] is not read


def test_a_program_keeps_readers_for_a_few_layouts_and_their_sources_alone() -> None:
    program = Program(PAGE_LINES, newsdoc.DEFAULT_DIALECT)
    sources = set(linecache.cache)
    for blank_lines in range(1, 40):
        text = SPACED_OUT_PAGE.replace(
            "Tide tables\n\nSummary", "Tide tables" + "\n" * blank_lines + "Summary", 1
        )
        program.read(text, strict=True)
        program.read(text, strict=True)
        assert program.formatted_alike is not None
    assert 0 < len(set(linecache.cache) - sources) <= len(program.formatted_readers) <= 16


def test_a_layout_no_reader_can_be_made_for_is_not_kept_past_its_text() -> None:
    program = Program(PAGE_LINES, newsdoc.DEFAULT_DIALECT)
    padded = "Tide tables\n\n" + "\n".join(f" Boats wait {n}." for n in range(50))
    for text in (padded, padded, padded.replace("\n", "\r\n")):
        program.read(text, strict=True)
    assert program.last_formatting is None
    assert not program.formatted_readers


def test_only_dialects_writing_unpadded_lines_and_requiring_no_block_read_plainly() -> None:
    assert Program(PAGE_LINES, newsdoc.DEFAULT_DIALECT).read_plain is not None
    assert Program(PAGE_LINES, get_dialect("key-takeaways")).read_plain is None
    demanding = attrs.evolve(newsdoc.DEFAULT_DIALECT, required_blocks=frozenset({"body"}))
    assert Program(PAGE_LINES, demanding).read_plain is None


# -- dialects: the vocabulary of every declared format ------------------------------------

TAKEAWAYS = (
    "Home / Travel / Night ferry returns\n"
    "Night ferry returns\n"
    "2 May\n"
    "By Ines Okafor\n"
    "Key takeaways:\n"
    "  \u2022 Crossings resume in June\n"
    "  \u2022 Cabins are bookable\n"
    "\n"
    "The overnight route reopens after four years.\n"
    "\n"
    "Tickets go on sale on Friday.\n"
)

HARBOUR = newsdoc.Dialect(
    breadcrumb_separator=" > ",
    summary_headings=("At a glance",),
    bullet_symbols=("+",),
)


def test_a_declared_format_reads_and_writes_its_texts_in_the_key_takeaways_dialect() -> None:
    newsdoc.register_format(PAGE_WITH_BYLINE)
    article = newsdoc.loads(TAKEAWAYS, format="page-with-byline", dialect="key-takeaways")
    assert article.dialect.summary_headings == ("Key Takeaways",)
    assert article.byline == "Ines Okafor"
    assert article.summary == newsdoc.Summary(
        heading="Key takeaways:", points=("Crossings resume in June", "Cabins are bookable")
    )
    assert newsdoc.dumps(article) == TAKEAWAYS
    assert newsdoc.from_json(newsdoc.to_json(article)) == article
    with pytest.raises(newsdoc.ParseError, match="line 5"):
        newsdoc.loads(TAKEAWAYS, format="page-with-byline")


BRIEF = LineFormat(
    name="brief",
    lines=(
        Line(Fixed("Brief:"), Split(), mark=0.6),
        Line(Text("title")),
        Line(Word(), count=OPTIONAL, before=ANY_BLANKS, mark=0.3, name="heading"),
        Line(Mark(), Text("summary.points"), count=MANY, after="heading", name="point"),
    ),
)
"""A breadcrumb after a fixed word, a title and a summary: every part of the vocabulary."""


def test_a_declared_format_reads_and_writes_its_texts_in_a_dialect_of_the_users() -> None:
    newsdoc.register_format(BRIEF)
    newsdoc.register_dialect("harbour", HARBOUR)
    text = "Brief: Home > Ports\nQuay reopens\nAt a glance\n+ Berths for 40 boats\n"
    article = newsdoc.loads(text, format="auto")
    assert (article.format, article.dialect) == ("brief", HARBOUR)
    assert article.breadcrumb == newsdoc.Breadcrumb(segments=("Home", "Ports"))
    assert article.summary == newsdoc.Summary(
        heading="At a glance", points=("Berths for 40 boats",)
    )
    assert newsdoc.dumps(article) == text
    document = newsdoc.to_json(article)
    assert '"breadcrumb_separator": " > "' in document
    assert newsdoc.from_json(document) == article


def test_a_declared_article_made_by_hand_is_written_in_its_dialect() -> None:
    newsdoc.register_format(PAGE_WITH_BYLINE)
    article = newsdoc.Article(
        title="Quay reopens",
        dateline=newsdoc.Dateline(text="4 May"),
        byline="Ana Ruiz",
        summary=newsdoc.Summary(heading="Key Takeaways", points=("Berths for 40 boats",)),
        body=("Work ended in May.", "Boats return on Monday."),
        format="page-with-byline",
        dialect="key-takeaways",
    )
    assert newsdoc.dumps(article) == (
        "Quay reopens\n4 May\nBy Ana Ruiz\nKey Takeaways\n  \u2022 Berths for 40 boats\n\n"
        "Work ended in May.\n\nBoats return on Monday."
    )


def test_changing_a_declared_articles_dialect_takes_the_new_dialects_defaults() -> None:
    newsdoc.register_format(PAGE_WITH_BYLINE)
    newsdoc.register_dialect("harbour", HARBOUR)
    article = newsdoc.loads(TAKEAWAYS, format="page-with-byline", dialect="key-takeaways")
    plain = attrs.evolve(
        article,
        dialect=newsdoc.DEFAULT_DIALECT,
        summary=newsdoc.Summary(heading="Summary", points=article.summary.points),  # type: ignore[union-attr]
    )
    assert newsdoc.dumps(plain) == (
        "Home / Travel / Night ferry returns\nNight ferry returns\n2 May\nBy Ines Okafor\n"
        "Summary\n- Crossings resume in June\n- Cabins are bookable\n\n"
        "The overnight route reopens after four years.\nTickets go on sale on Friday.\n"
    )
    converted = newsdoc.dumps(article, dialect="harbour")
    assert converted.startswith("Home > Travel > Night ferry returns\n")
    assert "At a glance\n+ Crossings resume in June\n" in converted
    back = newsdoc.loads(converted, format="page-with-byline", dialect="harbour")
    points = plain.summary.points  # type: ignore[union-attr]
    assert back.summary == newsdoc.Summary(heading="At a glance", points=points)
    assert (back.byline, back.body) == (plain.byline, plain.body)


def test_only_a_declared_format_or_the_page_format_takes_another_dialect() -> None:
    with wire_registered():
        with pytest.raises(newsdoc.ValidationError, match="default dialect"):
            newsdoc.Article(title="Quay reopens", format="wire", dialect="key-takeaways")
        with pytest.raises(newsdoc.ValidationError, match="no dialects"):
            newsdoc.loads("{}", format="wire", dialect="key-takeaways")
    # Where its format is not installed, an article keeps the dialect it is given.
    article = newsdoc.Article(title="Quay reopens", format="wire", dialect="key-takeaways")
    assert newsdoc.from_json(newsdoc.to_json(article)) == article


@given(st.data())
@settings(max_examples=examples(0.3), deadline=None)
def test_a_declared_format_reads_back_its_texts_in_any_dialect(data: st.DataObject) -> None:
    dialect = data.draw(strategies.dialects())
    text = data.draw(strategies.line_format_texts(PAGE_WITH_BYLINE, dialect))
    article = PAGE_WITH_BYLINE.parse(text, strict=False, dialect=dialect)
    assert article.dialect == dialect
    assert PAGE_WITH_BYLINE.dump(article) == text
    newsdoc.register_format(PAGE_WITH_BYLINE)
    written = newsdoc.dumps(article)
    back = newsdoc.loads(written, strict=False, format=article.format, dialect=article.dialect)
    assert back == article
    assert newsdoc.from_json(newsdoc.to_json(article)) == article


DISPATCH = LineFormat(
    name="dispatch",
    lines=(
        Line(
            Fixed("No."),
            Date(pattern="YYYY-MM-DD"),
            Fixed("|"),
            Text("title"),
            indent=" ",
            mark=0.6,
            name="masthead",
        ),
        Line(Word(words=("Points", "Key points")), before=ANY_BLANKS, count=OPTIONAL, mark=0.3),
        Line(
            Mark(symbols=("*", "+")),
            Text("summary.points"),
            count=MANY,
            before=ANY_BLANKS,
            after="summary.heading",
            new="anew",
        ),
        Line(Same("title"), count=OPTIONAL, after="summary.points", name="again"),
        Line(
            Fixed("Filed by"),
            Text("meta.desk"),
            Fixed("in"),
            Split(separator=" > "),
            count=OPTIONAL,
            before=ANY_BLANKS,
            mark=0.2,
        ),
        Line(Text("body"), count=ANY_NUMBER, before=SOME_BLANKS, new="first"),
    ),
)
"""A line of each shape the writer writes: fixed text between parts, a line that only
repeats a field, each rule for a new line, padding and blank lines wherever they may be."""


@settings(max_examples=examples(0.5), deadline=None, suppress_health_check=list(HealthCheck))
@given(line_format_texts(DISPATCH))
def test_every_text_of_a_declared_format_is_written_back_as_it_was_read(text: str) -> None:
    newsdoc.register_format(DISPATCH)
    article = newsdoc.loads(text, format="dispatch", strict=False)
    assert newsdoc.dumps(article) == text


PUBLISHED = LineFormat(
    name="published-by",
    lines=(
        Line(Text("title")),
        Line(Fixed("Published By:"), Text("byline"), Fixed("|"), Fixed("Published:"), Date()),
        Line(Text("body"), count=MANY, before=ANY_BLANKS),
    ),
)


def test_an_edit_a_required_line_cannot_hold_is_refused_for_that_line_not_the_title() -> None:
    newsdoc.register_format(PUBLISHED)
    article = PUBLISHED.parse(
        "Night market moves\nPublished By: Ines Okafor | Published: 12 May 2026\n\nStalls open."
    )
    with pytest.raises(newsdoc.ValidationError) as refused:
        attrs.evolve(article, byline="Ines Okafor | Ana Ruiz")
    message = str(refused.value)
    assert message.startswith(
        "this article would not read back as itself: "
        "its text would read back as stray lines only (line 2: expected the "
    )
    assert "the byline line" in message
    assert "[malformed-byline]" in message


@pytest.mark.parametrize(
    ("lines", "text", "fields"),
    [
        # A look-ahead guard on a kind whose match the reader inlines.
        (
            (Line(Text("byline"), count=OPTIONAL, not_then="title"), Line(Text("title"))),
            "Harbour reopens",
            {"title": "Harbour reopens", "byline": None},
        ),
        (
            (
                Line(Text("byline"), count=OPTIONAL, not_then="dateline"),
                Line(Text("title")),
                Line(Date()),
            ),
            "Ana Ruiz\nHarbour reopens\n12 May 2026",
            {"title": "Harbour reopens", "byline": "Ana Ruiz"},
        ),
        # A look-ahead guard where no kind's match is inlined.
        (
            (
                Line(Fixed("T:"), Text("title"), then="p"),
                Line(Fixed(">"), Text("body"), count=MANY, name="p"),
            ),
            "T: Harbour reopens\n> Ferries resume.",
            {"title": "Harbour reopens", "byline": None},
        ),
    ],
)
def test_a_guarded_line_kind_reads_whatever_its_parts(
    lines: tuple[Line, ...], text: str, fields: dict[str, Any]
) -> None:
    fmt = LineFormat(name="guarded", lines=lines)
    newsdoc.register_format(fmt)
    for strict in (True, False):
        article = fmt.parse(text, strict=strict)
        assert {name: getattr(article, name) for name in fields} == fields
        assert fmt.dump(article) == text


def test_line_kinds_told_apart_from_each_other_in_turn_are_refused() -> None:
    with pytest.raises(newsdoc.ValidationError, match="told apart from it in turn"):
        LineFormat(
            name="circular",
            lines=(
                Line(Text("title"), unless=("byline",)),
                Line(Text("byline"), count=OPTIONAL, unless=("title",)),
            ),
        )


@settings(max_examples=examples(1))
@given(st.data())
def test_a_sniff_told_the_score_to_beat_gives_every_score_that_reaches_it(
    data: st.DataObject,
) -> None:
    text = data.draw(
        st.one_of(
            line_format_texts(NOTES),
            edit_texts(newsdoc.DEFAULT_DIALECT, SPACED),
            strategies.pages().map(lambda pair: pair[0]),
        )
    )
    at_least = data.draw(st.sampled_from([0.0, 0.1, 0.3, newsdoc.CONFIDENT, 0.7, 0.9, 1.0]))
    exact = NOTES.sniffed(text)
    cut = NOTES.sniffed(text, at_least)
    if exact[0] >= at_least:
        assert cut == exact
    else:
        assert cut[0] in (0.0, exact[0])


def test_format_auto_reads_past_the_first_departure_of_a_format_only_while_it_can_win() -> None:
    text = "Tram line extended\nFiled: 3 May 2026\nPoints\n  * Two new stops\n\nP1"
    assert newsdoc.loads(text, format="auto").format == "notes"
    page = "Home / Transport / Tram line extended\nTram line extended\n3 May\n\nThe line opens."
    assert NOTES.sniffed(page, newsdoc.CONFIDENT)[0] == 0.0
    assert newsdoc.loads(page, format="auto").format == "page"


@pytest.mark.parametrize("split_whole", [1, 8, 10**9])
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    chunks=st.lists(st.text(st.sampled_from("ab \n"), max_size=6), max_size=30),
    strays=st.lists(st.text(st.sampled_from("xy"), min_size=1, max_size=3), max_size=4),
)
def test_chunks_give_the_lines_of_their_text_with_the_stray_lines_put_back(
    split_whole: int, chunks: list[str], strays: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Chunks are taken as lines where they hold no line break, and split otherwise, or
    # joined and split whole: every way gives the lines of the text they make.
    monkeypatch.setattr(_engine, "_SPLIT_WHOLE", split_whole)
    lines = "\n".join(chunks).split("\n") if chunks else []
    placed = [
        newsdoc.StrayLine(line=2 * number + 1, text=text) for number, text in enumerate(strays)
    ]
    assert _engine._lines(list(chunks), ()) == lines
    assert _engine._lines(list(chunks), placed) == _engine.with_strays(lines, placed)


_AFTER_LINES = (
    Line(Text("title")),
    Line(Word(), count=OPTIONAL, then="point", name="heading"),
    Line(Mark(), Text("summary.points"), count=MANY, after="heading", name="point"),
    Line(Fixed("Source:"), Text("meta.source"), count=OPTIONAL, after="point", name="source"),
    Line(Text("body"), count=ANY_NUMBER, before=SOME_BLANKS, between=SOME_BLANKS),
)
"""Lines that come after other lines, and a body spaced out: what the writer of articles
binds only where the line before is there, and writes as one join."""


@settings(max_examples=examples(1), deadline=None)
@given(st.data())
def test_a_declared_formats_article_is_written_as_its_fields_by_name_are(
    data: st.DataObject,
) -> None:
    lines = data.draw(
        st.sampled_from(
            [NOTES.lines, _DECLARATIONS[3], SOURCED.lines, PAGE_WITH_BYLINE.lines, _AFTER_LINES]
        )
    )
    dialect = data.draw(st.one_of(st.just(newsdoc.DEFAULT_DIALECT), strategies.dialects()))
    with registries_restored():
        fmt = LineFormat(name="t-written", lines=lines)
        newsdoc.register_format(fmt)
        text = data.draw(_texts_near_the_declaration(lines, dialect))
        article = fmt.parse(text, strict=False, dialect=dialect)
        articles = [article]
        with contextlib.suppress(newsdoc.ValidationError):  # its content alone may not be one
            articles.append(
                newsdoc.Article(
                    **{name: getattr(article, name) for name in _CONTENT},
                    format="t-written",
                    dialect=dialect,
                )
            )
        program = Program(lines, dialect)
        for each in articles:
            layout: Any = each.layout
            by_name = program.write(_engine.written_fields(each), each.stray_lines, layout)
            assert program.write_article(each) == by_name == fmt.dump(each)


_CONTENT = ("breadcrumb", "title", "dateline", "summary", "body", "byline", "meta")


def test_a_line_after_an_absent_one_is_written_as_absent() -> None:
    with registries_restored():
        fmt = LineFormat(name="t-after", lines=_AFTER_LINES)
        newsdoc.register_format(fmt)
        for article in (
            newsdoc.Article(title="Storm closes ports", format="t-after"),
            newsdoc.Article(title="Storm closes ports", body=("Ferries wait.",), format="t-after"),
        ):
            assert newsdoc.loads(newsdoc.dumps(article), format="t-after") == article
        one = newsdoc.Article(title="Storm", body=("Ferries wait.",), format="t-after")
        assert newsdoc.dumps(one) == "Storm\n\nFerries wait."


def test_an_article_made_before_its_format_was_installed_keeps_what_it_cannot_hold() -> None:
    # Made while its format was unknown, it was not checked against the format's lines:
    # writing it must refuse what the format has no line for, not drop it.
    page = newsdoc.loads("Storm\n\nFerries wait.")
    # Its page's layout is kept, a layout of lines as the format's own would be.
    article = attrs.evolve(page, format="t-later", meta={"tags": "weather"})
    assert isinstance(article.layout, LineLayout)
    with registries_restored():
        newsdoc.register_format(LineFormat(name="t-later", lines=_AFTER_LINES))
        with pytest.raises(newsdoc.SerializeError, match=r"no line for the article's meta\.tags"):
            newsdoc.dumps(article)


# A title, a line the text must have, then paragraphs: a text without that line is kept
# whole as stray lines, padding and all, though its paragraphs were read first.
MUST_BE_SOURCED = LineFormat(
    name="must-be-sourced",
    lines=(
        Line(Text("title")),
        Line(Fixed("Source:"), Text("meta.source")),
        Line(Text("body"), count=MANY, before=SOME_BLANKS),
    ),
)


@pytest.mark.parametrize(
    "text",
    [
        "T\n\nb1\nb2\n  b3\n  b4\n",
        "T\nSource: x\n\nb1\nb2\n  b3\n\tb4 \n",
        "T\n\nb1\nb2\n" + "".join(f" b{number}\t\n" for number in range(3, 40)),
    ],
)
def test_padded_paragraphs_of_a_text_that_lacks_a_line_it_must_have_keep_their_padding(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Runs are looked at a few lines at a time: a long run crosses several slices.
    monkeypatch.setattr(_engine, "_PADDED_SLICE", 3)
    article = MUST_BE_SOURCED.parse(text, strict=False)
    assert MUST_BE_SOURCED.dump(article) == text


@pytest.mark.parametrize("slice_lines", [1, 2, 3, 4096])
def test_a_run_of_padded_paragraphs_reads_alike_in_slices_of_any_size(
    slice_lines: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "Harbour\n\nP0\nP1\n" + "\n".join(
        f"{' ' * (number % 3)}P{number}{chr(9) * (number % 2)}" for number in range(2, 30)
    )
    expected = newsdoc.loads(text)
    monkeypatch.setattr(_engine, "_PADDED_SLICE", slice_lines)
    article = newsdoc.loads(text)
    assert article == expected
    assert article.layout == expected.layout
    assert newsdoc.dumps(article) == text


@pytest.mark.parametrize("line", [*PAGE_LINES, *NOTES.lines, *MUST_BE_SOURCED.lines])
@pytest.mark.parametrize("new", ["first", "second", "both", "anew"])
def test_a_line_laid_out_by_another_rule_differs_by_that_rule_alone(line: Line, new: str) -> None:
    changed = with_new(line, new)  # type: ignore[arg-type]
    assert changed.new == new
    assert with_new(changed, line.new) == line
    assert (changed.parts, changed.fields, changed.codes) == (line.parts, line.fields, line.codes)
