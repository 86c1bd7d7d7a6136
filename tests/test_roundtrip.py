"""The contract, as properties over generated pages and articles."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import attrs
import pytest
from hypothesis import event, example, given
from hypothesis import strategies as st

import newsdoc
from newsdoc.strategies import (
    articles,
    dialects,
    formatted_articles,
    invalid_pages,
    line_texts,
    pages,
)

from support import Edit, check_edit, edits, examples

# Lines chosen to hit every decision of the grammar when shuffled together.
_LINE_PIECES = st.sampled_from(
    [
        "",
        " ",
        "\t",
        "Summary",
        "  Summary ",
        "- point",
        "  \u2022 point",
        "* ",
        "-",
        "Home / Science / Title",
        "Home /  / Title",
        "Title",
        " Title\t",
        "31 Jul",
        "Body text.",
        "\ufeffTitle",
        "\u00a0",
    ]
)
_EOLS = st.sampled_from(["\n", "\r\n", "\r"])


@st.composite
def line_soups(draw: st.DrawFn) -> str:
    """Text made of page-like lines in any order, with any line endings."""
    lines = draw(st.lists(_LINE_PIECES | st.text(max_size=12), max_size=12))
    text = ""
    for line in lines:
        text += line + draw(_EOLS)
    return ("\ufeff" if draw(st.booleans()) else "") + text[: draw(st.integers(0, len(text)))]


@given(pages())
def test_every_rendering_reads_as_its_article_and_writes_back_exactly(
    page: tuple[str, newsdoc.Article],
) -> None:
    text, article = page
    read = newsdoc.loads(text)
    assert read.content_equals(article)
    assert newsdoc.dumps(read) == text


@given(articles())
def test_every_valid_article_reads_back_as_itself(article: newsdoc.Article) -> None:
    text = newsdoc.dumps(article)
    assert newsdoc.loads(text) == article
    assert newsdoc.loads(text, strict=False) == article


@given(st.data(), articles())
def test_articles_are_equal_exactly_when_written_alike(
    data: st.DataObject, article: newsdoc.Article
) -> None:
    renderings = pages(contents=st.just(article))
    first, _ = data.draw(renderings)
    second, _ = data.draw(renderings)
    a, b = newsdoc.loads(first), newsdoc.loads(second)
    assert (a == b) is (first == second)
    if a == b:
        assert hash(a) == hash(b)
    assert a.content_equals(b)


@given(
    line_soups()
    .map(lambda text: newsdoc.loads(text, strict=False))
    .flatmap(lambda article: edits(article).map(lambda edit: (article, edit)))
)
def test_every_edit_of_a_lenient_reading_of_any_lines_is_refused_or_reads_back(
    edit: tuple[newsdoc.Article, Edit],
) -> None:
    # Pages of every rendering are edited in test_edits; these are line soups.
    event(check_edit(*edit))


@given(st.data(), pages())
def test_an_edit_of_the_body_keeps_the_formatting_of_the_lines_before_it(
    data: st.DataObject, page: tuple[str, newsdoc.Article]
) -> None:
    text, _ = page
    article = newsdoc.loads(text)
    added = data.draw(st.lists(st.sampled_from(["Appended paragraph.", "Another one."])))
    try:
        edited = attrs.evolve(article, body=article.body + tuple(added))
    except newsdoc.ValidationError:
        # A body after a lone title that holds the separator would make it a breadcrumb.
        assert article.breadcrumb is None
        assert " / " in article.title
        return
    written = newsdoc.dumps(edited)
    assert newsdoc.loads(written) == edited
    if not article.layout.endings:  # type: ignore[attr-defined]  # mixed endings do not survive added lines
        assert written.startswith(text.rstrip("\r\n \t"))


def test_an_edit_under_mixed_line_endings_reads_back() -> None:
    article = newsdoc.loads("T\rD\n\nB")
    edited = attrs.evolve(article, dateline=None, body=("B", "B2"))
    assert newsdoc.loads(newsdoc.dumps(edited)) == edited
    assert newsdoc.dumps(edited) == "T\r\rB\rB2"


@given(pages() | line_soups().map(lambda text: (text, None)))
def test_every_article_lenient_reading_gives_survives_evolve_and_json(
    page: tuple[str, newsdoc.Article | None],
) -> None:
    article = newsdoc.loads(page[0], strict=False)
    assert attrs.evolve(article) == article
    assert newsdoc.from_json(newsdoc.to_json(article)) == article


@given(st.text())
@example("")
@example("\r\n\r\n")
def test_strict_parsing_of_any_text_gives_an_article_or_a_parse_error(text: str) -> None:
    try:
        article = newsdoc.loads(text)
    except newsdoc.ParseError as error:
        lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
        assert 1 <= error.line <= len(lines)
        assert 1 <= error.column <= len(lines[error.line - 1]) + 1
        assert error.code
    else:
        assert newsdoc.dumps(article) == text
        assert article.stray_lines == ()


@given(st.text() | line_soups())
def test_lenient_parsing_keeps_every_character_of_any_text(text: str) -> None:
    article = newsdoc.loads(text, strict=False)
    assert newsdoc.dumps(article) == text
    assert len(article.stray_lines) <= len(article.defects)


@given(line_soups())
def test_strict_mode_accepts_exactly_what_lenient_mode_finds_no_defect_in(text: str) -> None:
    lenient = newsdoc.loads(text, strict=False)
    try:
        strict = newsdoc.loads(text)
    except newsdoc.ParseError as error:
        assert lenient.defects[0] == error.defect
    else:
        assert lenient.defects == ()
        assert strict == lenient


@given(st.binary())
def test_lenient_parsing_keeps_any_decoded_bytes(data: bytes) -> None:
    for text in (data.decode("latin-1"), data.decode("utf-8", "surrogateescape")):
        assert newsdoc.dumps(newsdoc.loads(text, strict=False)) == text


@given(st.just(newsdoc.DEFAULT_DIALECT) | dialects(), st.data())
def test_text_that_breaks_the_grammar_raises_its_parse_error(
    dialect: newsdoc.Dialect, data: st.DataObject
) -> None:
    text, code = data.draw(invalid_pages(dialect))
    try:
        newsdoc.loads(text, dialect=dialect)
    except newsdoc.ParseError as error:
        assert error.code == code
    else:
        raise AssertionError(f"strict parsing accepted {text!r}")
    lenient = newsdoc.loads(text, strict=False, dialect=dialect)
    assert code in {defect.code for defect in lenient.defects}
    assert newsdoc.dumps(lenient) == text


def strings_in(value: object) -> list[str]:
    """Every string an article holds, through its fields, records and tuples."""
    if isinstance(value, str):
        return [value]
    if attrs.has(type(value)):
        fields = attrs.fields(type(value))
        return [s for field in fields for s in strings_in(getattr(value, field.name))]
    if isinstance(value, tuple):
        return [s for item in value for s in strings_in(item)]
    return []


@given(st.one_of(pages().map(lambda page: page[0]), line_soups()))
def test_no_field_keeps_a_copy_of_the_page(text: str) -> None:
    # Every string held is one line, one line ending, or the formatting of a
    # line in the layout (padding and bullet symbols between line feeds), so what
    # dumps writes comes from the fields and the layout, never from a stored page.
    article = newsdoc.loads(text, strict=False)
    marks = ("", *article.dialect.bullet_symbols)
    for held in strings_in(article):
        assert (
            held in ("\n", "\r\n", "\r")
            or ("\n" not in held and "\r" not in held)
            or all(piece.strip(" \t") in marks for piece in held.split("\n"))
        )


def test_hypothesis_draws_valid_articles_from_the_type_alone() -> None:
    # A fresh interpreter: Hypothesis finds newsdoc's strategies through its
    # entry point, with newsdoc.strategies never imported by the test.
    program = (
        "from hypothesis import given, settings, strategies as st\n"
        "import newsdoc\n"
        f"@settings(max_examples={examples(0.5)}, deadline=None)\n"
        "@given(st.from_type(newsdoc.Article), st.from_type(newsdoc.Summary))\n"
        "def check(article, summary):\n"
        "    text = newsdoc.dumps(article)\n"
        "    assert newsdoc.loads(text, strict=False, dialect=article.dialect) == article\n"
        "    assert summary.points\n"
        "check()\n"
        "print('drawn')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=900, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "drawn\n"


@pytest.mark.parametrize(
    "make",
    [
        lambda: articles(dialect=5),  # type: ignore[arg-type]
        lambda: articles(dialect="no such dialect"),
        lambda: pages(dialect=[]),  # type: ignore[arg-type]
        lambda: formatted_articles(contents="an article"),  # type: ignore[arg-type]
        lambda: formatted_articles(stray_lines="yes"),  # type: ignore[arg-type]
        lambda: invalid_pages(dialect=3.5),  # type: ignore[arg-type]
        lambda: line_texts(max_size=0),
    ],
)
def test_strategies_refuse_bad_arguments_when_called_not_when_drawn(make: Any) -> None:
    with pytest.raises(newsdoc.NewsdocError):
        make()
