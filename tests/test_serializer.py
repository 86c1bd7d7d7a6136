"""The writer refuses articles that would read back as something else."""

from __future__ import annotations

import pytest

import newsdoc
from newsdoc import Article, Breadcrumb, Dateline, Summary

AMBIGUOUS = [
    (Article(title="Fish / Chips", dateline=Dateline(text="4 Feb")), "reads as a breadcrumb"),
    (Article(title="Fish / Chips", body=("Body.",)), "reads as a breadcrumb"),
    (Article(title="Summary"), "title 'Summary' reads as a summary heading"),
    (Article(title="T", dateline=Dateline(text="Summary")), "dateline 'Summary' reads as"),
    (Article(title="T", body=("Summary", "More.")), "first paragraph 'Summary' reads as"),
    (
        Article(title="T", summary=Summary(points=("p",)), body=("- not a point",)),
        "starts with a bullet mark reads as a point",
    ),
    (
        Article(title="T", summary=Summary(heading="Highlights", points=("p",))),
        "'Highlights' is not a summary heading",
    ),
    (
        Article(breadcrumb=Breadcrumb(segments=("a /", "b")), title="T"),
        "do not split back apart",
    ),
    (Article(title="\ufeffT"), "byte order mark"),
]


@pytest.mark.parametrize(("article", "reason"), AMBIGUOUS)
def test_an_ambiguous_article_is_refused_with_the_reason(article: Article, reason: str) -> None:
    with pytest.raises(newsdoc.SerializeError) as caught:
        newsdoc.dumps(article)
    assert any(reason in problem for problem in caught.value.problems)
    assert isinstance(caught.value, ValueError)


def test_every_problem_is_reported_at_once() -> None:
    article = Article(title="Summary", dateline=Dateline(text="Summary"))
    with pytest.raises(newsdoc.SerializeError) as caught:
        newsdoc.dumps(article)
    assert len(caught.value.problems) == 2


def test_a_title_with_the_separator_is_fine_when_a_heading_follows() -> None:
    article = Article(title="Fish / Chips", summary=Summary(points=("Cheaper by the sea",)))
    assert newsdoc.loads(newsdoc.dumps(article)) == article


def test_dumps_refuses_what_is_not_an_article() -> None:
    with pytest.raises(newsdoc.FieldTypeError):
        newsdoc.dumps("a page")  # type: ignore[arg-type]


def test_canonical_layout_is_rendering_a() -> None:
    article = Article(
        breadcrumb=Breadcrumb(segments=("Home", "Local", "Bridge reopens")),
        title="Bridge reopens",
        dateline=Dateline(text="8 Oct"),
        summary=Summary(points=("Cars allowed again", "Cyclists get a new lane")),
        body=("Repairs took a year.", "The council paid half."),
    )
    assert newsdoc.dumps(article) == (
        "Home / Local / Bridge reopens\nBridge reopens\n8 Oct\nSummary\n"
        "- Cars allowed again\n- Cyclists get a new lane\n\n"
        "Repairs took a year.\nThe council paid half."
    )
