"""The page format's declaration, run by the engine: the acceptance table, in every dialect."""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import FrameType

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import newsdoc
from newsdoc import strategies as ns
from newsdoc._engine import written_fields
from newsdoc._page import page_program
from test_parser import ERRORS

from support import examples

_SETTINGS = settings(
    max_examples=examples(0.6), deadline=None, suppress_health_check=list(HealthCheck)
)


@pytest.mark.parametrize(("text", "code", "line", "column"), ERRORS)
def test_the_declared_page_refuses_each_table_case_where_and_as_the_table_says(
    text: str, code: str, line: int, column: int
) -> None:
    program = page_program(newsdoc.DEFAULT_DIALECT)
    with pytest.raises(newsdoc.ParseError) as caught:
        program.read(text, strict=True)
    assert (caught.value.code, caught.value.line, caught.value.column) == (code, line, column)
    lenient = program.read(text, strict=False)
    first = lenient.defects[0]
    assert (first.code, first.line, first.column) == (code, line, column)


@_SETTINGS
@given(st.data())
def test_every_page_of_every_dialect_is_written_back_as_it_was_read(data: st.DataObject) -> None:
    dialect = data.draw(ns.dialects())
    text = data.draw(
        st.one_of(
            ns.pages(dialect).map(lambda page: page[0]),
            ns.invalid_pages(dialect).map(lambda page: page[0]),
        )
    )
    program = page_program(dialect)
    reading = program.read(text, strict=False)
    strays = [newsdoc.StrayLine(line=line, text=stray) for line, stray in reading.strays]
    assert program.write(reading.fields, strays, reading.layout) == text


@_SETTINGS
@given(st.data())
def test_an_article_is_written_as_its_fields_by_name_are(data: st.DataObject) -> None:
    # The writer of articles takes each field from the article and writes a layout that
    # records nothing by its defaults alone: it must write what the writer by name does.
    dialect = data.draw(ns.dialects())
    article = data.draw(
        st.one_of(
            ns.articles(dialect),
            ns.formatted_articles(dialect),
            ns.invalid_pages(dialect).map(
                lambda page: newsdoc.loads(page[0], strict=False, dialect=dialect)
            ),
        )
    )
    program = page_program(dialect)
    by_name = program.write(written_fields(article), article.stray_lines, article.layout)
    assert program.write_article(article) == by_name == newsdoc.dumps(article)


@_SETTINGS
@given(ns.dialects(), st.data())
def test_a_drawn_page_reads_strictly_as_the_content_it_was_drawn_for(
    dialect: newsdoc.Dialect, data: st.DataObject
) -> None:
    text, article = data.draw(ns.pages(dialect))
    reading = page_program(dialect).read(text, strict=True)
    assert reading.fields.get("title") == article.title
    assert reading.fields.get("body", []) == list(article.body)
    assert not reading.strays


def test_each_dialect_has_one_program() -> None:
    dialect = newsdoc.Dialect(bullet_symbols=("*",))
    assert page_program(dialect) is page_program(newsdoc.Dialect(bullet_symbols=("*",)))


def _python_calls(function: Callable[[], object]) -> int:
    """How many Python functions ``function`` calls, itself aside: C functions are not counted."""
    calls = 0

    def count(frame: FrameType, event: str, arg: object) -> None:
        nonlocal calls
        calls += event == "call"

    sys.setprofile(count)
    try:
        function()
    finally:
        sys.setprofile(None)
    return calls


def _shaped(paragraphs: int) -> dict[str, str]:
    body = [f"Ferry notice {number}." for number in range(paragraphs)]
    points = "\n\n".join(f"  * Crossing {number} resumes" for number in range(paragraphs))
    return {
        "as drawn anew": "Harbour reopens\n\n" + "\n".join(body),
        "every line padded": "Harbour reopens\n\n" + "\n".join(f" {line}\t" for line in body),
        "blank lines between": "Harbour reopens\n\n" + "\n\n\n".join(body),
        "points apart": f"Harbour reopens\nSummary\n{points}\n\n" + "\n".join(body),
        "line endings mixed": "Harbour reopens\r\n\n" + "\r\n".join(body),
        "stray lines": "Harbour reopens\n\n" + "\n".join(body) + "\nSummary" * paragraphs,
    }


@pytest.mark.parametrize("shape", list(_shaped(1)))
def test_writing_a_page_makes_no_python_call_a_line(shape: str) -> None:
    # The writer is generated from the declaration: a line costs a step of a
    # comprehension or a loop, never a call, whatever the layout records.
    # Both pages record more than a program's memo of layouts keeps, so that each is
    # planned anew on every call; the fewest of a few runs, for the memos that are
    # kept are cleared once full, whatever filled them.
    few, many = (
        newsdoc.loads(_shaped(paragraphs)[shape], strict=False) for paragraphs in (100, 300)
    )
    assert newsdoc.dumps(many) == _shaped(300)[shape]
    assert min(_python_calls(lambda: newsdoc.dumps(many)) for _ in range(3)) == min(
        _python_calls(lambda: newsdoc.dumps(few)) for _ in range(3)
    )


@pytest.mark.parametrize(
    ("page", "with_a_point_added"),
    [
        (
            "Tide table\nSummary\n  * High at six\n\n  * Low at noon\n\nSail on.",
            "Tide table\nSummary\n  * High at six\n\n  * Low at noon\n\n  * Dusk\n\nSail on.",
        ),
        (
            "Tide table\nSummary\n  * High at six\n  * Low at noon\n\nSail on.",
            "Tide table\nSummary\n  * High at six\n  * Low at noon\n  * Dusk\n\nSail on.",
        ),
        (
            "Tide table\nSummary\n\n- High at six\n\n\n- Low at noon\n\nSail on.",
            "Tide table\nSummary\n\n- High at six\n\n\n- Low at noon\n\n\n- Dusk\n\nSail on.",
        ),
    ],
)
def test_a_point_an_edit_adds_takes_the_first_ones_bullet_as_far_apart_as_the_second(
    page: str, with_a_point_added: str
) -> None:
    article = newsdoc.loads(page)
    assert article.summary is not None
    points = (*article.summary.points, "Dusk")
    added = attrs.evolve(article, summary=attrs.evolve(article.summary, points=points))
    assert newsdoc.dumps(added) == with_a_point_added
    # The added point departs from nothing: read back, the layout is the one the edit made.
    assert newsdoc.loads(with_a_point_added).layout == added.layout
