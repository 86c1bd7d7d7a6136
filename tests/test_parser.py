"""Strict errors, lenient recovery and dialects."""

from __future__ import annotations

import pytest

import newsdoc

# text, code, line, column
ERRORS = [
    ("", "empty-page", 1, 1),
    ("\n \n\t", "empty-page", 3, 1),
    ("Summary\n- Ferries stay in port", "missing-title", 1, 1),
    ("  Summary\n- Ferries stay in port", "missing-title", 1, 3),
    ("Storm closes ports\nSummary\n\nWinds reached 120 km/h.", "summary-without-points", 2, 1),
    ("Storm closes ports\n4 Feb\n Summary", "summary-without-points", 3, 2),
    ("Storm closes ports\n4 Feb\nWinds reached 120 km/h.", "missing-blank-line", 3, 1),
    (
        "Storm closes ports\nSummary\n- Ferries wait\nWinds reached 120 km/h.",
        "missing-blank-line",
        4,
        1,
    ),
    ("Home /  / Storm closes ports\nStorm closes ports", "empty-breadcrumb-segment", 1, 8),
    ("Home / Weather / \t / Storm\nStorm", "empty-breadcrumb-segment", 1, 18),
]


@pytest.mark.parametrize(("text", "code", "line", "column"), ERRORS)
def test_strict_mode_names_the_line_column_and_code(
    text: str, code: str, line: int, column: int
) -> None:
    with pytest.raises(newsdoc.ParseError) as caught:
        newsdoc.loads(text)
    error = caught.value
    assert (error.code, error.line, error.column) == (code, line, column)
    assert f"line {line}, column {column}" in str(error)
    assert isinstance(error, ValueError)
    assert isinstance(error, newsdoc.NewsdocError)


@pytest.mark.parametrize(("text", "code", "line", "column"), ERRORS)
def test_lenient_mode_reports_the_same_defect_and_keeps_the_text(
    text: str, code: str, line: int, column: int
) -> None:
    article = newsdoc.loads(text, strict=False)
    assert article.defects[0] == newsdoc.Defect(
        line=line, column=column, code=code, message=article.defects[0].message
    )
    assert newsdoc.dumps(article) == text


def test_error_message_names_what_was_expected_and_what_was_found() -> None:
    with pytest.raises(newsdoc.ParseError) as caught:
        newsdoc.loads("Storm closes ports\n4 Feb\nWinds reached 120 km/h.")
    assert caught.value.message == (
        "expected a blank line before the paragraph line, found 'Winds reached 120 km/h.'"
    )


def test_error_snippet_puts_a_caret_under_the_column() -> None:
    with pytest.raises(newsdoc.ParseError) as caught:
        newsdoc.loads("Home /  / Storm\nStorm")
    assert caught.value.snippet == "   1 | Home /  / Storm\n     |        ^"


def test_lenient_mode_keeps_unplaced_lines_with_their_line_numbers() -> None:
    text = "Storm closes ports\n4 Feb\nA stray line\nWinds rose.\n\nWinds reached 120 km/h."
    article = newsdoc.loads(text, strict=False)
    assert article.stray_lines == (newsdoc.StrayLine(line=3, text="A stray line"),)
    assert [d.code for d in article.defects] == ["missing-blank-line"]
    # The stray line stands for the missing blank line: what follows is body.
    assert article.body == ("Winds rose.", "Winds reached 120 km/h.")
    assert newsdoc.dumps(article) == text


def test_a_stray_line_between_two_points_leaves_the_second_a_point() -> None:
    text = "Storm\nSummary\n- a\n>>> ADVERTISEMENT <<<\n- b\n\nBody."
    with pytest.raises(newsdoc.ParseError) as caught:
        newsdoc.loads(text)
    assert (caught.value.code, caught.value.line) == ("summary-interrupted", 4)
    assert caught.value.message.startswith(
        "expected a point line, a blank line or the end of them"
    )
    article = newsdoc.loads(text, strict=False)
    assert article.summary == newsdoc.Summary(points=("a", "b"))
    assert article.body == ("Body.",)
    assert article.stray_lines == (newsdoc.StrayLine(line=4, text=">>> ADVERTISEMENT <<<"),)
    assert newsdoc.dumps(article) == text


def test_summary_without_points_names_the_heading_line() -> None:
    with pytest.raises(newsdoc.ParseError) as caught:
        newsdoc.loads("Storm\n4 Feb\n\nSummary\n\nWinds rose.")
    assert (caught.value.code, caught.value.line) == ("summary-without-points", 4)


def test_a_line_valid_in_another_registered_dialect_says_so() -> None:
    plus = newsdoc.Dialect(bullet_symbols=("+",))
    with pytest.raises(newsdoc.ParseError) as caught:
        newsdoc.loads("Storm\nSummary\n- Winds rose", dialect=plus)
    assert "(a point in the 'default' dialect)" in caught.value.message


def test_lenient_mode_reads_a_page_without_text_as_an_empty_title() -> None:
    article = newsdoc.loads("\n\n", strict=False)
    assert article.title == ""
    assert [d.code for d in article.defects] == ["empty-page"]
    assert newsdoc.dumps(article) == "\n\n"


def test_loads_refuses_bytes_with_a_type_error() -> None:
    with pytest.raises(newsdoc.FieldTypeError, match="use load"):
        newsdoc.loads(b"Storm closes ports")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "dateline"),
    [
        ("Storm closes ports\nNot a date at all\n\nBody.", "Not a date at all"),
        ("Storm closes ports\n- 4 Feb\n\nBody.", "- 4 Feb"),
        ("Storm closes ports\n\n4 Feb", None),
    ],
)
def test_the_line_right_after_the_title_is_the_dateline_whatever_it_says(
    text: str, dateline: str | None
) -> None:
    article = newsdoc.loads(text)
    assert (article.dateline and article.dateline.text) == dateline


def test_first_line_with_separator_before_a_heading_is_the_title() -> None:
    article = newsdoc.loads("Fish / Chips\nSummary\n- Cheaper by the sea")
    assert article.breadcrumb is None
    assert article.title == "Fish / Chips"


def test_the_repeated_title_needs_to_follow_the_last_point_directly() -> None:
    repeated = newsdoc.loads("T\nSummary\n- p\nT\n\nBody.")
    assert repeated.body == ("Body.",)
    as_body = newsdoc.loads("T\nSummary\n- p\n\nT\n\nBody.")
    assert as_body.body == ("T", "Body.")
    assert repeated.content_equals(newsdoc.loads("T\nSummary\n- p\n\nBody."))


def test_points_may_be_separated_by_blank_lines() -> None:
    article = newsdoc.loads("T\nSummary\n\n- one\n\n- two\n\nBody.")
    assert article.summary is not None
    assert article.summary.points == ("one", "two")


def test_padding_is_only_spaces_and_tabs() -> None:
    article = newsdoc.loads("\u00a0Title\u2003\n\t4 Feb ")
    assert article.title == "\u00a0Title\u2003"
    assert article.dateline == newsdoc.Dateline(text="4 Feb")


def test_a_dialect_changes_the_vocabulary() -> None:
    dialect = newsdoc.Dialect(
        breadcrumb_separator=" > ", summary_headings=("Key points",), bullet_symbols=("+",)
    )
    text = (
        "Start > Sport > Cup final\nCup final\n2 May\nKey points\n+ Draw after extra time\n\nBody."
    )
    article = newsdoc.loads(text, dialect=dialect)
    assert article.breadcrumb == newsdoc.Breadcrumb(segments=("Start", "Sport", "Cup final"))
    assert article.summary == newsdoc.Summary(
        heading="Key points", points=("Draw after extra time",)
    )
    assert newsdoc.dumps(article) == text
    assert newsdoc.dumps(article, dialect=dialect) == text


def test_a_dialect_can_require_blocks() -> None:
    dialect = newsdoc.Dialect(required_blocks={"breadcrumb", "summary"})
    with pytest.raises(newsdoc.ParseError) as caught:
        newsdoc.loads("Storm closes ports\n\nBody.", dialect=dialect)
    assert caught.value.code == "missing-block"
    lenient = newsdoc.loads("Storm closes ports\n\nBody.", dialect=dialect, strict=False)
    assert [d.message for d in lenient.defects] == [
        "expected the page to have a breadcrumb, found none",
        "expected the page to have a summary, found none",
    ]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"required_blocks": {"title"}}, "unknown block names"),
        ({"summary_headings": ()}, "at least one heading"),
        ({"bullet_symbols": ("- ",)}, "without padding"),
        ({"breadcrumb_separator": "  "}, "other than spaces"),
        ({"breadcrumb_separator": "\n"}, "on one line"),
        ({"breadcrumb_separator": " \n "}, "on one line"),
        ({"breadcrumb_separator": "\r"}, "on one line"),
        ({"summary_headings": ("Key\rpoints",)}, "on one line"),
    ],
)
def test_an_invalid_dialect_is_refused(options: dict[str, object], message: str) -> None:
    with pytest.raises(newsdoc.ValidationError, match=message):
        newsdoc.Dialect(**options)  # type: ignore[arg-type]


def test_the_key_takeaways_dialect_reads_its_pages_and_writes_them_back() -> None:
    text = (
        "Home / Tech / Chips Get Faster\nChips Get Faster\nJuly 17, 2025\n\n"
        "Key Takeaways:\n\n  \u2022 Smaller transistors\n  \u2022 Less power\n\n"
        "The new node ships next year.\n\nPrices stay level.\n"
    )
    article = newsdoc.loads(text, dialect="key-takeaways")
    assert article.summary == newsdoc.Summary(
        heading="Key Takeaways:", points=("Smaller transistors", "Less power")
    )
    assert article.body == ("The new node ships next year.", "Prices stay level.")
    assert newsdoc.dumps(article) == text
    assert "key-takeaways" in newsdoc.dialect_names()


@pytest.mark.parametrize(
    ("options", "heading", "is_heading"),
    [
        ({}, "summary", False),
        ({"heading_case_matters": False}, "SUMMARY", True),
        ({"heading_case_matters": False}, "Summary:", False),
        ({"heading_colon_optional": True}, "Summary:", True),
        ({"heading_colon_optional": True}, "summary:", False),
        ({"heading_colon_optional": True, "heading_case_matters": False}, "sUmMaRy:", True),
        ({"heading_colon_optional": True}, "Summary::", False),
    ],
)
def test_headings_match_as_the_dialect_says_and_are_kept_as_written(
    options: dict[str, bool], heading: str, is_heading: bool
) -> None:
    dialect = newsdoc.Dialect(**options)
    assert dialect.is_heading(heading) is is_heading
    text = f"Storm\n{heading}\n- Ports closed\n\nBody."
    article = newsdoc.loads(text, strict=False, dialect=dialect)
    assert (article.summary is not None) is is_heading
    if article.summary is not None:
        assert article.summary.heading == heading
    assert newsdoc.dumps(article) == text
