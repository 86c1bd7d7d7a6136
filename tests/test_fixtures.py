"""Every invented page under tests/data: read as expected, written back byte for byte.

One table (the fixture files) drives the reader and the writer tests.
"""

from __future__ import annotations

import io
from typing import Any

import pytest

import newsdoc
from newsdoc._grammar import split_lines

from support import read_fixture


def structure(article: newsdoc.Article) -> dict[str, Any]:
    return {
        "breadcrumb": None if article.breadcrumb is None else list(article.breadcrumb.segments),
        "title": article.title,
        "dateline": None if article.dateline is None else article.dateline.text,
        "summary": None
        if article.summary is None
        else {"heading": article.summary.heading, "points": list(article.summary.points)},
        "body": list(article.body),
    }


def article_from(expected: dict[str, Any]) -> newsdoc.Article:
    summary = expected["summary"]
    return newsdoc.Article(
        breadcrumb=None
        if expected["breadcrumb"] is None
        else newsdoc.Breadcrumb(segments=expected["breadcrumb"]),
        title=expected["title"],
        dateline=None
        if expected["dateline"] is None
        else newsdoc.Dateline(text=expected["dateline"]),
        summary=None if summary is None else newsdoc.Summary(**summary),
        body=expected["body"],
    )


def with_crlf(text: str) -> str:
    return "\r\n".join(split_lines(text)[0])


@pytest.fixture(params=["as stored", "crlf"])
def page(request: pytest.FixtureRequest, fixture_name: str) -> tuple[str, dict[str, Any]]:
    text, expected = read_fixture(fixture_name)
    if request.param == "crlf":
        crlf = with_crlf(text)
        expected["canonical"] &= crlf == text
        text = crlf
    return text, expected


def test_reads_the_expected_structure(page: tuple[str, dict[str, Any]]) -> None:
    text, expected = page
    article = newsdoc.loads(text)
    canonical = expected.pop("canonical")
    assert structure(article) == expected
    assert article.stray_lines == ()
    assert article.defects == ()
    assert (article == article_from(expected)) is canonical


def test_writes_the_page_back_byte_for_byte(page: tuple[str, dict[str, Any]]) -> None:
    text, _ = page
    assert newsdoc.dumps(newsdoc.loads(text)) == text


def test_hand_built_article_is_written_in_the_canonical_layout(
    page: tuple[str, dict[str, Any]],
) -> None:
    text, expected = page
    hand_built = article_from(expected)
    written = newsdoc.dumps(hand_built)
    assert newsdoc.loads(written) == hand_built
    assert (written == text) is expected["canonical"]
    assert newsdoc.loads(text).content_equals(hand_built)


def test_load_and_dump_move_the_same_bytes(page: tuple[str, dict[str, Any]]) -> None:
    text, _ = page
    data = text.encode("utf-8")
    article = newsdoc.load(io.BytesIO(data))
    assert article == newsdoc.loads(text)
    out = io.BytesIO()
    newsdoc.dump(article, out)
    assert out.getvalue() == data
