"""The dated excerpt and the dated summary, declared as their lines, checked by newsdoc's kit."""

from __future__ import annotations

import datetime
from pathlib import Path

import attrs
import pytest
from newsdoc_dated_excerpt import DATED_SUMMARY, FORMAT

import newsdoc
from newsdoc.testing import check_format

DATA = Path(__file__).parent / "data"

FERRIES = (
    " date 2025-07-17 Harbour ferries return to the summer timetable\n"
    "Boats leave the east quay every twenty minutes from Monday.\n"
    "The evening crossing runs until midnight on Fridays and Saturdays.\n"
    "Season tickets go on sale at the harbour office."
)

ORCHARD = (
    " date 2026-09-02 Orchard harvest starts early\n"
    "Summary\n"
    "- Apples ripened two weeks ahead\n"
    "- Pickers are asked to come on Monday\n"
    "\n"
    "A warm spring brought the blossom forward.\n"
    "The cider press opens on the first Saturday."
)


@pytest.mark.parametrize("fmt", [FORMAT, DATED_SUMMARY], ids=lambda fmt: fmt.name)
def test_keeps_every_promise_of_a_page_format(fmt: newsdoc.Format) -> None:
    check_format(fmt)


def test_reads_the_date_headline_and_paragraphs() -> None:
    article = FORMAT.parse(FERRIES)
    assert article.title == "Harbour ferries return to the summer timetable"
    published = article.publication_date()
    assert published is not None
    assert published.value == datetime.date(2025, 7, 17)
    assert article.body[0] == "Boats leave the east quay every twenty minutes from Monday."
    assert len(article.body) == 3
    assert article.format == "dated-excerpt"
    assert FORMAT.dump(article) == FERRIES


def test_an_added_paragraph_is_written_plainly_whatever_its_neighbours_are() -> None:
    article = FORMAT.parse(" date 2025-07-17 Ferries\n\n  Boats leave early.  ")
    edited = attrs.evolve(article, body=(*article.body, "Late boats on Fridays."))
    assert FORMAT.dump(edited).endswith("\n\n  Boats leave early.  \nLate boats on Fridays.")


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("", 1, 1),
        ("Harbour ferries return\nBoats leave early.", 1, 1),
        ("  dated 2025-07-17 Ferries\nBoats.", 1, 7),
        ("\n date 2025-07-17 Ferries\nBoats.", 2, 2),
        (" date 17 July 2025 Ferries\nBoats.", 1, 7),
        (" date 2025-02-29 Ferries\nBoats.", 1, 7),
        (" date 2025-07-170 Ferries\nBoats.", 1, 17),
        (" date 2025-07-17  \nBoats.", 1, 19),
        (" date 2025-07-17 Ferries", 1, 1),
        (" date 2025-07-17 Ferries\n\n", 3, 1),
    ],
)
def test_strict_reading_refuses_where_the_text_departs(text: str, line: int, column: int) -> None:
    with pytest.raises(newsdoc.ParseError) as caught:
        FORMAT.parse(text)
    assert (caught.value.line, caught.value.column) == (line, column)
    lenient = FORMAT.parse(text, strict=False)
    assert lenient.defects
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


@pytest.mark.parametrize("name", ["canonical", "spaced", "mixed", "untitled"])
def test_documents_of_version_0_1_read_as_the_text_they_were_written_from(name: str) -> None:
    newsdoc.register_format(FORMAT, replace=True)
    text = (DATA / "0.1" / f"{name}.excerpt").read_bytes().decode("utf-8")
    article = newsdoc.from_json((DATA / "0.1" / f"{name}.json").read_bytes())
    assert article == FORMAT.parse(text, strict=False)
    assert FORMAT.dump(article) == text


def test_the_dated_summary_reads_the_headline_summary_and_body() -> None:
    article = DATED_SUMMARY.parse(ORCHARD)
    assert (article.dateline, article.title) == (
        newsdoc.Dateline(text="2026-09-02"),
        "Orchard harvest starts early",
    )
    assert article.summary == newsdoc.Summary(
        points=("Apples ripened two weeks ahead", "Pickers are asked to come on Monday")
    )
    assert newsdoc.dumps(article, format="page").startswith("Orchard harvest starts early\n")


def test_the_dated_summary_is_recognised_above_a_page() -> None:
    page = newsdoc.get_format("page")
    assert DATED_SUMMARY.sniff(ORCHARD) >= 0.9 > page.sniff(ORCHARD)
    assert FORMAT.sniff(ORCHARD) < DATED_SUMMARY.sniff(ORCHARD)
