"""The dated excerpt format: examples, strategies of its texts and articles, and newsdoc's kit."""

from __future__ import annotations

import datetime
import json
import tracemalloc
from functools import partial
from typing import Any

import attrs
import pytest
from hypothesis import strategies as st
from newsdoc_dated_excerpt import FORMAT, ExcerptLayout, Spacing

import newsdoc
from newsdoc.strategies import line_texts
from newsdoc.testing import check_format

FERRIES = (
    " date 2025-07-17 Harbour ferries return to the summer timetable\n"
    "Boats leave the east quay every twenty minutes from Monday.\n"
    "The evening crossing runs until midnight on Fridays and Saturdays.\n"
    "Season tickets bought in spring remain valid."
)

MISTAKES = (
    "no date mark",
    "mark runs on",
    "short date",
    "impossible day",
    "date runs on",
    "no headline",
    "no standfirst",
    "blank first line",
)
"""The ways :func:`near_misses` breaks an excerpt; each makes strict reading refuse it."""

_PADDING = st.text(alphabet=" \t", max_size=3)
_SEPARATOR = st.text(alphabet=" \t", min_size=1, max_size=3)


# -- strategies ----------------------------------------------------------------------


@st.composite
def _excerpt(draw: st.DrawFn, mistake: str | None) -> str:
    day = draw(st.dates(min_value=datetime.date(1, 1, 1))).isoformat()
    mark = "date"
    after_date = draw(_SEPARATOR)
    title = draw(line_texts())
    paragraphs = draw(st.lists(line_texts(), min_size=1, max_size=5))
    if mistake == "no date mark":
        mark = draw(st.sampled_from(("Date", "DATE", "dat", "")))
    elif mistake == "mark runs on":
        mark = "dated"
    elif mistake == "short date":
        day = day[:-1]
    elif mistake == "impossible day":
        day = draw(st.sampled_from(("2025-02-29", "2025-13-01", "2025-04-31", "0000-01-01")))
    elif mistake == "date runs on":
        after_date = draw(st.sampled_from(("0", ",", "\u00a0")))
    elif mistake == "no headline":
        title = ""
    elif mistake == "no standfirst":
        paragraphs = []
    head = f"{draw(_PADDING)}{mark}{draw(_SEPARATOR)}{day}{after_date}{title}{draw(_PADDING)}"
    lines = ["", head] if mistake == "blank first line" else [head]
    for paragraph in paragraphs:
        lines += draw(st.lists(_PADDING, max_size=2))
        lines.append(draw(_PADDING) + paragraph + draw(_PADDING))
    lines += draw(st.lists(_PADDING, max_size=2))
    endings = st.sampled_from(("\n", "\r\n", "\r"))
    if draw(st.booleans()):
        endings = st.just(draw(endings))
    text = "".join(line + draw(endings) for line in lines[:-1]) + lines[-1]
    return "\ufeff" + text if draw(st.booleans()) else text


def excerpts() -> st.SearchStrategy[str]:
    """Valid dated excerpts, formatted as extraction leaves them.

    Padding before and between the parts of the headline and around the
    paragraphs, blank lines, any line endings, mixed or not, a final line
    ending or none, a BOM; titles and paragraphs with hostile characters.
    """
    return _excerpt(None)


def near_misses() -> st.SearchStrategy[str]:
    """Excerpts with one of the :data:`MISTAKES` that strict reading refuses."""
    return st.sampled_from(MISTAKES).flatmap(_excerpt)


def excerpt_articles() -> st.SearchStrategy[newsdoc.Article]:
    """Articles of the format: read from excerpts, and leniently from near misses, or built."""
    built = st.builds(
        newsdoc.Article,
        title=line_texts(),
        dateline=st.dates(min_value=datetime.date(1, 1, 1)).map(
            lambda day: newsdoc.Dateline(text=day.isoformat())
        ),
        body=st.lists(line_texts(), min_size=1, max_size=5).map(tuple),
        format=st.just(FORMAT.name),
    )
    return st.one_of(
        excerpts().map(FORMAT.parse),
        near_misses().map(partial(FORMAT.parse, strict=False)),
        built,
    )


@pytest.fixture
def registered() -> None:
    """The format registered, as installing the distribution makes it: its ``fit`` applies.

    newsdoc cannot take a format out of its registry again, so the format
    stays registered for the rest of the run; the tests that do not ask for
    this fixture hold either way.
    """
    newsdoc.register_format(FORMAT)


# -- the kit -------------------------------------------------------------------------


def test_keeps_every_promise_of_a_page_format() -> None:
    check_format(FORMAT, texts=st.one_of(excerpts(), near_misses()), articles=excerpt_articles())


# -- reading -------------------------------------------------------------------------


def test_reads_the_date_headline_and_paragraphs() -> None:
    article = FORMAT.parse(FERRIES)
    assert article.title == "Harbour ferries return to the summer timetable"
    assert article.dateline == newsdoc.Dateline(text="2025-07-17")
    published = article.publication_date()
    assert published is not None
    assert published.value == datetime.date(2025, 7, 17)
    assert article.body[0] == "Boats leave the east quay every twenty minutes from Monday."
    assert len(article.body) == 3
    assert article.format == "dated-excerpt"
    assert article.layout is None  # written canonically, as an article built by hand is


def test_writes_back_byte_for_byte() -> None:
    text = "\ufeff\t date\t2025-07-17  Ferries return \r\n\r\n  Boats leave early.\t\r\nLate.\n\n"
    article = FORMAT.parse(text)
    assert FORMAT.dump(article) == text
    assert article.layout == ExcerptLayout(
        bom=True,
        newline="\r\n",
        mixed_newlines=("\r\n", "\r\n", "\r\n", "\n", "\n"),
        indent="\t ",
        date_gap="\t",
        title_gap="  ",
        title_end=" ",
        spacing=(Spacing(position=0, gap=("",), prefix="  ", suffix="\t"),),
        trailing=("", ""),
    )


@pytest.mark.parametrize(
    ("text", "code", "line", "column"),
    [
        ("", "missing-date-mark", 1, 1),
        ("Harbour ferries return\nBoats leave early.", "missing-date-mark", 1, 1),
        ("  dated 2025-07-17 Ferries\nBoats.", "missing-date-mark", 1, 3),
        ("\n date 2025-07-17 Ferries\nBoats.", "missing-date-mark", 1, 1),
        (" date 17 July 2025 Ferries\nBoats.", "invalid-date", 1, 7),
        (" date 2025-02-29 Ferries\nBoats.", "invalid-date", 1, 7),
        (" date 2025-07-170 Ferries\nBoats.", "invalid-date", 1, 17),
        (" date 2025-07-17  \nBoats.", "missing-headline", 1, 17),
        (" date 2025-07-17 Ferries", "missing-standfirst", 1, 25),
        (" date 2025-07-17 Ferries\n\n", "missing-standfirst", 3, 1),
    ],
)
def test_strict_reading_refuses_where_the_text_departs(
    text: str, code: str, line: int, column: int
) -> None:
    with pytest.raises(newsdoc.ParseError) as caught:
        FORMAT.parse(text)
    assert (caught.value.code, caught.value.line, caught.value.column) == (code, line, column)
    lenient = FORMAT.parse(text, strict=False)
    assert [defect.code for defect in lenient.defects] == [code]
    assert FORMAT.dump(lenient) == text


def test_lenient_reading_keeps_a_text_without_headline_as_stray_lines() -> None:
    text = "Harbour ferries return\n\n  Boats leave early.  \r"
    article = FORMAT.parse(text, strict=False)
    assert article.title == ""
    assert [(stray.line, stray.text) for stray in article.stray_lines] == [
        (1, "Harbour ferries return"),
        (3, "  Boats leave early.  "),
    ]
    assert FORMAT.dump(article) == text


def test_lenient_reading_keeps_a_headline_alone_as_a_stray_line() -> None:
    text = " date 2025-07-17 Ferries return\n"
    article = FORMAT.parse(text, strict=False)
    assert article.title == ""
    assert article.stray_lines == (
        newsdoc.StrayLine(line=1, text=" date 2025-07-17 Ferries return"),
    )
    assert [defect.code for defect in article.defects] == ["missing-standfirst"]
    assert FORMAT.dump(article) == text


@pytest.mark.parametrize(
    ("text", "score"),
    [
        (FERRIES, 0.9),
        ("\ufeffdate\t2024-02-29\tLeap day ferry\n", 0.9),
        (" date 2025-02-29 Ferries\nBoats.", 0.0),
        (" date 2025-07-17\nBoats.", 0.0),
        ("Home / Travel / Ferries\nFerries\n17 Jul", 0.0),
        ("", 0.0),
    ],
)
def test_sniff_is_confident_of_a_dated_headline_only(text: str, score: float) -> None:
    assert FORMAT.sniff(text) == score


# -- writing -------------------------------------------------------------------------


def test_writes_an_article_built_by_hand_canonically() -> None:
    article = newsdoc.Article(
        title="Ferries return",
        dateline=newsdoc.Dateline(text="2025-07-17"),
        body=("Boats leave early.", "Late boats on Fridays."),
        format="dated-excerpt",
    )
    assert FORMAT.dump(article) == (
        " date 2025-07-17 Ferries return\nBoats leave early.\nLate boats on Fridays."
    )
    assert FORMAT.parse(FORMAT.dump(article)) == article


def test_an_edit_keeps_the_formatting_that_still_fits() -> None:
    article = FORMAT.parse(" date 2025-07-17 Ferries\r\n\r\n  Boats leave early.\r\n")
    longer = attrs.evolve(article, body=(*article.body, "Late boats on Fridays."))
    assert FORMAT.dump(longer) == (
        " date 2025-07-17 Ferries\r\n\r\n  Boats leave early.\r\nLate boats on Fridays.\r\n"
    )
    shorter = attrs.evolve(longer, body=("Timetables at the quay.",))
    assert FORMAT.dump(shorter) == " date 2025-07-17 Ferries\r\n\r\n  Timetables at the quay.\r\n"


@pytest.mark.usefixtures("registered")
def test_travels_in_json_and_is_fitted_back_into_its_layout() -> None:
    text = " date 2025-07-17 Ferries \n\n\tBoats leave early.\n"
    article = FORMAT.parse(text)
    carried = newsdoc.to_json(article)
    layout = '[false, "\\n", [], " ", " ", " ", " ", [[0, [""], "\\t", ""]], [""]]'
    assert f'"format_layout": {layout}' in carried
    back = newsdoc.from_json(carried)  # the layout arrives as a plain tuple, and fit reads it
    assert type(back.layout) is ExcerptLayout
    assert back == article
    assert FORMAT.dump(back) == text


# -- fitting -------------------------------------------------------------------------


@pytest.mark.usefixtures("registered")
def test_an_article_built_by_hand_equals_the_same_article_read() -> None:
    built = newsdoc.Article(
        title="Ferries return",
        dateline=newsdoc.Dateline(text="2025-07-17"),
        body=("Boats leave early.",),
        format="dated-excerpt",
    )
    assert built.layout is None
    assert FORMAT.parse(FORMAT.dump(built)) == built
    # A layout that says nothing the canonical one does not, for this text, is none at all.
    assert attrs.evolve(built, layout=ExcerptLayout()) == built
    unfitting = ExcerptLayout(mixed_newlines=("\r", "\r\n"))  # two endings, for one
    assert attrs.evolve(built, layout=unfitting).layout is None


@pytest.mark.usefixtures("registered")
def test_an_edit_that_drops_a_formatted_paragraph_reads_back_as_itself() -> None:
    article = FORMAT.parse(" date 2025-07-17 Ferries\r\nBoats leave early.\n\n  Late boats.\t\r")
    assert article.layout == ExcerptLayout(
        newline="\r\n",
        mixed_newlines=("\r\n", "\n", "\n", "\r"),
        spacing=(Spacing(position=1, gap=("",), prefix="  ", suffix="\t"),),
        trailing=("",),
    )
    shorter = attrs.evolve(article, body=article.body[:1])
    assert shorter.layout == ExcerptLayout(newline="\r\n", trailing=("",))
    assert FORMAT.dump(shorter) == " date 2025-07-17 Ferries\r\nBoats leave early.\r\n"
    assert FORMAT.parse(FORMAT.dump(shorter)) == shorter


@pytest.mark.usefixtures("registered")
def test_an_edit_of_stray_lines_reads_back_as_itself() -> None:
    article = FORMAT.parse("Ferries return\n\n\nBoats leave early.\n\nLate boats.", strict=False)
    assert isinstance(article.layout, ExcerptLayout)
    assert [spacing.gap for spacing in article.layout.spacing] == [("", ""), ("",)]
    first, _, last = article.stray_lines
    # The line after a dropped one moves up into its place, and its blank lines with it.
    fewer = attrs.evolve(article, stray_lines=(first, attrs.evolve(last, line=4)))
    assert FORMAT.dump(fewer) == "Ferries return\n\n\nLate boats."
    assert FORMAT.parse(FORMAT.dump(fewer), strict=False) == fewer
    shorter = attrs.evolve(article, stray_lines=article.stray_lines[:2])
    assert FORMAT.dump(shorter) == "Ferries return\n\n\nBoats leave early."
    assert FORMAT.parse(FORMAT.dump(shorter), strict=False) == shorter


@pytest.mark.usefixtures("registered")
def test_refuses_stray_lines_its_layout_does_not_put_at_their_numbers() -> None:
    article = FORMAT.parse("Ferries return\n\n\nBoats leave early.\n\nLate boats.", strict=False)
    first, _, last = article.stray_lines
    reason = "stray line 2 of 2 is not numbered 4, .* an excerpt invents no blank lines"
    with pytest.raises(newsdoc.ValidationError, match=reason):
        attrs.evolve(article, stray_lines=(first, last))  # two blank lines short of line 6
    with pytest.raises(newsdoc.ValidationError, match="stray line 2 of 2 is not numbered 2"):
        newsdoc.Article(
            title="",
            stray_lines=(first, newsdoc.StrayLine(line=3, text="Late boats.")),
            format="dated-excerpt",
        )
    nearer = newsdoc.StrayLine(line=3, text="Late boats.")  # the layout has two blank lines first
    with pytest.raises(newsdoc.ValidationError, match="stray line 2 of 2 is not numbered 4"):
        attrs.evolve(article, stray_lines=(first, nearer))


@pytest.mark.usefixtures("registered")
def test_refuses_a_far_stray_line_without_making_the_lines_before_it() -> None:
    far = newsdoc.StrayLine(line=10**9, text="x")
    tracing = tracemalloc.is_tracing()
    if tracing:
        tracemalloc.reset_peak()
    else:
        tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        with pytest.raises(newsdoc.ValidationError, match="stray line 1 of 1 is not numbered 1"):
            newsdoc.Article(title="", stray_lines=(far,), format="dated-excerpt")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        if not tracing:
            tracemalloc.stop()
    assert peak - before < 1_000_000  # a blank line for each number before it: gigabytes
    carried = json.loads(newsdoc.to_json(FORMAT.parse("Ferries return", strict=False)))
    carried["stray_lines"] = [{"line": 10**9, "text": "x"}]
    with pytest.raises(newsdoc.DocumentError, match="stray line 1 of 1 is not numbered 1"):
        newsdoc.from_json(json.dumps(carried))


@pytest.mark.usefixtures("registered")
@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"breadcrumb": newsdoc.Breadcrumb(segments=("Home", "Travel"))}, "breadcrumb"),
        ({"summary": newsdoc.Summary(points=("Boats every 20 minutes",))}, "summary"),
        ({"dateline": newsdoc.Dateline(text="17 Jul")}, "YYYY-MM-DD"),
        ({"dateline": None}, "no dateline"),
        ({"body": ()}, "no body"),
        ({"layout": "plain"}, "not an ExcerptLayout"),
        ({"layout": ExcerptLayout(date_gap="")}, "date_gap is not one or more spaces"),
    ],
)
def test_refuses_what_an_excerpt_cannot_hold(changes: dict[str, Any], reason: str) -> None:
    with pytest.raises(newsdoc.ValidationError, match=reason):
        attrs.evolve(FORMAT.parse(FERRIES), **changes)
    fields = {
        "title": "Ferries return",
        "dateline": newsdoc.Dateline(text="2025-07-17"),
        "body": ("Boats leave early.",),
        "format": "dated-excerpt",
        **changes,
    }
    with pytest.raises(newsdoc.ValidationError, match=reason):
        newsdoc.Article(**fields)


@pytest.mark.usefixtures("registered")
def test_refuses_stray_lines_that_would_read_as_a_headline() -> None:
    alone = newsdoc.StrayLine(line=1, text=" date 2025-07-17 Ferries return")
    article = newsdoc.Article(title="", stray_lines=(alone,), format="dated-excerpt")
    assert FORMAT.parse(FORMAT.dump(article), strict=False) == article
    with pytest.raises(newsdoc.ValidationError, match="would read as a dated headline"):
        attrs.evolve(article, stray_lines=(alone, newsdoc.StrayLine(line=2, text="Boats.")))


def test_names_every_reason_it_cannot_convert_an_article() -> None:
    page = newsdoc.Article(title="Ferries return", summary=newsdoc.Summary(points=("Boats",)))
    with pytest.raises(newsdoc.SerializeError) as caught:
        FORMAT.dump(page)
    assert caught.value.problems == (
        "it has a summary, and an excerpt has no heading or bullets for one",
        "it has no dateline, and an excerpt's first line holds a date",
        "it has no body, and an excerpt has a standfirst",
    )


def test_converts_a_page_with_a_dated_dateline() -> None:
    page = newsdoc.loads("Ferries return\n2025-07-17\n\nBoats leave early.\nLate boats.")
    text = FORMAT.dump(page)
    assert text == " date 2025-07-17 Ferries return\nBoats leave early.\nLate boats."
    assert FORMAT.parse(text).content_equals(page)
