"""How the page format tells its pages from other text: its marks, and the evidence against."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import newsdoc
from newsdoc import (
    CONFIDENT,
    Article,
    Dialect,
    ParseError,
    strategies,
)
from newsdoc._dates import parse_parts
from newsdoc._grammar import get_dialect
from newsdoc._recognition import AGAINST, LONG_TITLE, MARKS

from support import DATA, pages_with_both_strong_marks, registries_restored

ROOT = Path(__file__).resolve().parent.parent
PAGE = newsdoc.get_format("page")


def sniff(text: str) -> float:
    return PAGE.sniff(text)


@pytest.fixture(autouse=True)
def _registries() -> Iterator[None]:
    with registries_restored():
        yield


# -- the site's pages -------------------------------------------------------------------


@pytest.mark.parametrize("name", ["rendering-a", "rendering-b"])
def test_both_renderings_of_the_sites_pages_score_at_least_0_8(name: str) -> None:
    assert sniff((DATA / f"{name}.txt").read_text(encoding="utf-8")) >= 0.8


@pytest.mark.parametrize("path", sorted((ROOT / "examples").glob("*.txt")), ids=lambda p: p.name)
def test_every_example_page_is_read_by_auto_as_a_page(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert sniff(text) >= CONFIDENT
    assert newsdoc.loads(text, format="auto") == newsdoc.loads(text)


FERRIES = (
    "Home / Travel / Harbour Ferries Return to the Summer Timetable\n"
    "Harbour Ferries Return to the Summer Timetable\n"
    "17 Jul\n"
    "Summary\n"
    "- Boats leave the east quay every twenty minutes\n"
    "- The evening crossing runs until midnight\n"
    "\n"
    "The harbour authority restored the summer timetable on Monday.\n"
)


def test_a_breadcrumb_a_date_and_a_summary_score_0_9() -> None:
    assert sniff(FERRIES) == 0.9


def test_a_title_holding_the_separator_still_ends_its_breadcrumb() -> None:
    split = FERRIES.replace("Summer Timetable", "Summer / Winter Timetable")
    crumb = newsdoc.loads(split).breadcrumb
    assert crumb is not None
    assert crumb.segments[-2:] == ("Harbour Ferries Return to the Summer", "Winter Timetable")
    assert sniff(split) == sniff(FERRIES)


# -- one mark is not enough -------------------------------------------------------------


CHANCE = (
    "The committee met on Tuesday night to review the proposals residents sent in over the "
    "winter, and after a long discussion agreed to postpone any decision until the full costs "
    "of each option are known.\n"
    "Council delays vote on harbour plan\n"
    "Summary\n"
    "- Residents asked for more time\n"
    "\n"
    "The vote is now expected in May.\n"
)


def test_a_summary_under_a_long_sentence_is_not_a_page() -> None:
    assert len(CHANCE.split("\n")[0]) == 200
    assert sniff(CHANCE) < CONFIDENT
    with pytest.raises(ParseError) as caught:
        newsdoc.loads(CHANCE, format="auto")
    assert caught.value.code == "unknown-format"


_WORDS = st.from_regex(r"[a-z]{1,12}", fullmatch=True)


def _sentence(words: list[str]) -> str:
    return " ".join(words).capitalize()


@st.composite
def chance_summaries(draw: st.DrawFn) -> tuple[Dialect, str]:
    """A dialect, and a long sentence, a headline, its summary heading with one point, a body."""
    dialect = draw(
        st.sampled_from(["default", "key-takeaways"]).map(get_dialect) | strategies.dialects()
    )
    first = draw(
        st.lists(_WORDS, min_size=20, max_size=60)
        .map(lambda words: _sentence(words) + ".")
        .filter(lambda sentence: len(sentence) > LONG_TITLE)
    )
    headline = draw(
        st.lists(_WORDS, min_size=2, max_size=8)
        .map(_sentence)
        .filter(lambda h: isinstance(parse_parts(h), str) and not dialect.is_heading(h))
    )
    heading = draw(st.sampled_from(dialect.summary_headings))
    point = draw(st.lists(_WORDS, min_size=1, max_size=8).map(_sentence))
    body = draw(st.lists(_WORDS, min_size=1, max_size=20).map(lambda w: _sentence(w) + "."))
    mark = dialect.point_indent + dialect.canonical_mark
    return dialect, f"{first}\n{headline}\n{heading}\n{mark}{point}\n\n{body}\n"


@given(chance_summaries())
def test_one_summary_found_by_chance_leaves_auto_unconfident(drawn: tuple[Dialect, str]) -> None:
    dialect, text = drawn
    newsdoc.register_dialect("drawn", dialect, replace=True)
    assert newsdoc.loads(text, strict=False, dialect=dialect).summary is not None
    assert sniff(text) < CONFIDENT
    with pytest.raises(ParseError) as caught:
        newsdoc.loads(text, format="auto")
    assert caught.value.code == "unknown-format"


@pytest.mark.parametrize(
    ("mark", "text"),
    [
        pytest.param(
            "breadcrumb-ends-in-title",
            "Home / Travel / Ferries return\nFerries return\n\nBoats.",
            id="breadcrumb-ends-in-title",
        ),
        pytest.param(
            "summary-with-points",
            "Ferries return\nSummary\n- Boats run hourly\n\nBoats.",
            id="summary-with-points",
        ),
        pytest.param(
            "dateline-reads-as-date",
            "Ferries return\n17 Jul\n\nBoats run hourly.",
            id="dateline-reads-as-date",
        ),
    ],
)
def test_no_mark_alone_makes_the_page_format_confident(mark: str, text: str) -> None:
    assert sniff(text) == MARKS[mark] < CONFIDENT


def test_a_strong_mark_with_any_other_reaches_confident() -> None:
    crumb_and_date = "Home / Travel / Ferries return\nFerries return\n17 Jul\n\nBoats."
    summary_and_repeat = "Ferries return\n\nSummary\n\n  \u2022 Boats run hourly\nFerries return\n"
    assert sniff(crumb_and_date) == sniff(summary_and_repeat) == CONFIDENT


# -- evidence against ---------------------------------------------------------------------


LONG_HEADLINE = "Harbour Ferries Return " + "and Run Late " * 10 + "Through the Summer"


@pytest.mark.parametrize(
    ("evidence", "without", "with_"),
    [
        pytest.param(
            "dateline-not-a-date",
            FERRIES.replace("17 Jul\n", ""),
            FERRIES.replace("17 Jul", "By the harbour desk"),
            id="dateline-not-a-date",
        ),
        pytest.param(
            "breadcrumb-of-another-title",
            FERRIES.split("\n", 1)[1],
            FERRIES.replace("Home / Travel / Harbour", "Home / Travel / Tram", 1),
            id="breadcrumb-of-another-title",
        ),
        pytest.param(
            "heading-without-points",
            "Home / Travel / Ferries return\nFerries return\n17 Jul\n\nBoats run hourly.",
            "Home / Travel / Ferries return\nFerries return\n17 Jul\nSummary\n\nBoats run hourly.",
            id="heading-without-points",
        ),
        pytest.param(
            "title-of-sentences",
            FERRIES,
            FERRIES.replace("Summer Timetable", "Summer Timetable. Fares stay the same."),
            id="title-of-sentences",
        ),
        pytest.param(
            "long-title",
            FERRIES,
            FERRIES.replace("Harbour Ferries Return to the Summer Timetable", LONG_HEADLINE),
            id="long-title",
        ),
    ],
)
def test_each_piece_of_evidence_against_lowers_the_score_by_its_weight(
    evidence: str, without: str, with_: str
) -> None:
    assert sniff(with_) < sniff(without)
    assert sniff(with_) == pytest.approx(sniff(without) - AGAINST[evidence])


@given(st.sampled_from(["default", "key-takeaways"]).flatmap(pages_with_both_strong_marks))
def test_a_page_with_both_strong_marks_is_found_whatever_one_line_of_it_says(
    page: tuple[str, Article],
) -> None:
    text, article = page
    assert len(article.title) <= LONG_TITLE  # titles of the strategies are headline-sized
    found = newsdoc.loads(text, format="auto")
    assert found.content_equals(article)
    assert found.dialect == article.dialect


@pytest.mark.parametrize(
    "title",
    ["U.S. and Canada Agree Ferry Deal", "Mr. Smith Goes to the Harbour", "Is the Ferry Late?"],
)
def test_abbreviations_and_a_question_are_one_sentence(title: str) -> None:
    page = FERRIES.replace("Harbour Ferries Return to the Summer Timetable", title)
    assert sniff(page) == sniff(FERRIES)


# -- pages of other sites -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The ferries returned on Monday. Crowds gathered at the quay.\n\n"
        "Timetables were posted at every stop.\nThe first boat left at six.\n",
        "Harbour ferries return to the summer timetable\n"
        "Published By: Jane Doe | Published: 17 July 2025\n\n"
        "Boats leave the east quay every twenty minutes from Monday.\n",
        "Published By: Jane Doe | Published: July 17, 2025\n"
        "Harbour ferries return to the summer timetable\n\n"
        "Boats leave the east quay every twenty minutes from Monday.\n",
        " date 2025-07-17 Harbour ferries return to the summer timetable\n"
        "Boats leave the east quay every twenty minutes from Monday.\n"
        "The evening crossing runs until midnight on Fridays.\n",
    ],
    ids=["prose", "published-by-under-headline", "published-by-over-headline", "dated-excerpt"],
)
def test_pages_of_other_sites_are_below_confident(text: str) -> None:
    assert sniff(text) < CONFIDENT


# -- always an answer -----------------------------------------------------------------------


_PIECES = st.sampled_from(
    ["\n", "\r\n", " / ", "Summary", "Key Takeaways:", "- ", "\u2022 ", "17 Jul", ". ", "\ufeff"]
)
_LONG = st.sampled_from(["Ferries. " * 1200, "\n" * 9000])
"""Longer than a page read whole: the page format reads their first lines only."""


@given(st.lists(_PIECES | _LONG | st.text(max_size=20), max_size=30).map("".join))
def test_the_page_format_scores_any_text_from_0_to_1(text: str) -> None:
    score = sniff(text)
    assert type(score) is float
    assert 0.0 <= score <= 1.0
