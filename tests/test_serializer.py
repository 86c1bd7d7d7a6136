"""Writing: an article that exists is written, and reads back as itself.

An article that would read back as something else cannot be made: one
table of such contents drives the constructor, ``attrs.evolve`` and the
JSON reader, which must all refuse it with the same reason.
"""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import newsdoc
from newsdoc import Article, Breadcrumb, Dateline, Summary
from newsdoc.strategies import dialects, formatted_articles

# fields, and what the refusal must name
UNREADABLE: list[tuple[dict[str, Any], str]] = [
    ({"title": "Fish / Chips", "dateline": Dateline(text="4 Feb")}, "its breadcrumb None"),
    ({"title": "Fish / Chips", "body": ("Body.",)}, "its breadcrumb None"),
    ({"title": "Summary"}, "missing-title"),
    ({"title": "T", "dateline": Dateline(text="Summary")}, "its dateline"),
    ({"title": "T", "body": ("Summary", "More.")}, "summary-without-points"),
    ({"title": "T", "summary": Summary(points=("p",)), "body": ("- not a point",)}, "summary"),
    ({"title": "T", "summary": Summary(heading="Highlights", points=("p",))}, "its dateline"),
    ({"breadcrumb": Breadcrumb(segments=("a /", "b")), "title": "T"}, "its breadcrumb"),
    ({"title": "\ufeffT"}, "its title"),
]


@pytest.mark.parametrize(("fields", "reason"), UNREADABLE)
def test_an_article_that_would_read_back_otherwise_cannot_be_made(
    fields: dict[str, Any], reason: str
) -> None:
    with pytest.raises(newsdoc.ValidationError, match="would not read back") as caught:
        Article(**fields)
    assert reason in str(caught.value)


@pytest.mark.parametrize(("fields", "reason"), UNREADABLE)
def test_an_edit_that_would_read_back_otherwise_is_refused(
    fields: dict[str, Any], reason: str
) -> None:
    article = newsdoc.loads("Home / Sport / Cup final\nCup final\n2 May\n\nA paragraph.")
    fields = {"breadcrumb": None, "dateline": None, **fields}
    with pytest.raises(newsdoc.ValidationError, match="would not read back"):
        attrs.evolve(article, **fields)


@pytest.mark.parametrize(("fields", "reason"), UNREADABLE)
def test_a_document_that_would_read_back_otherwise_is_refused(
    fields: dict[str, Any], reason: str
) -> None:
    document = newsdoc.to_dict(Article(title="Placeholder"))
    document["title"] = fields["title"]
    for name, value in fields.items():
        if isinstance(value, Breadcrumb):
            document[name] = list(value.segments)
        elif isinstance(value, Dateline):
            document[name] = value.text
        elif isinstance(value, Summary):
            document[name] = {"heading": value.heading, "points": list(value.points)}
        elif isinstance(value, tuple):
            document[name] = list(value)
    with pytest.raises(newsdoc.DocumentError, match="would not read back"):
        newsdoc.from_dict(document)


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


@given(dialects().flatmap(lambda dialect: formatted_articles(dialect, stray_lines=True)))
def test_every_article_in_any_dialect_is_written_and_reads_back_as_itself(
    article: Article,
) -> None:
    text = newsdoc.dumps(article)
    assert newsdoc.loads(text, strict=False, dialect=article.dialect) == article
    assert newsdoc.dumps(newsdoc.loads(text, strict=False, dialect=article.dialect)) == text


def test_a_point_mark_spelled_out_as_the_default_is_the_same_article() -> None:
    by_hand = Article(title="T", summary=Summary(points=("p",)))
    document = newsdoc.to_dict(by_hand)
    document["format_version"] = 3  # the layout record of versions 1 to 3
    document["layout"] = {"lines": [{"kind": "point", "index": 0, "prefix": "- "}]}
    spelled = newsdoc.from_dict(document)
    assert spelled == by_hand
    assert hash(spelled) == hash(by_hand)
    assert newsdoc.loads(newsdoc.dumps(spelled)) == spelled
    document["format_version"] = 4
    document["layout"] = [False, "\n", [], ["point", 0, "\n-\n \n"], []]
    assert newsdoc.from_dict(document) == by_hand


ARROWS = newsdoc.Dialect(
    breadcrumb_separator=" > ", summary_headings=("Key points",), bullet_symbols=("+",)
)


def test_an_article_remembers_the_dialect_it_was_read_in() -> None:
    text = "Start > Sport > Cup final\nCup final\n2 May\nKey points\n+ Draw\n\nBody."
    article = newsdoc.loads(text, dialect=ARROWS)
    assert article.dialect == ARROWS
    assert newsdoc.dumps(article) == text
    assert newsdoc.from_json(newsdoc.to_json(article)) == article


def test_writing_in_another_dialect_respells_the_page() -> None:
    text = "Start > Sport > Cup final\nCup final\n2 May\nKey points\n  +  Draw\n\nBody.\r\n"
    article = newsdoc.loads(text, dialect=ARROWS)
    respelled = newsdoc.dumps(article, dialect=newsdoc.DEFAULT_DIALECT)
    assert respelled == "Start / Sport / Cup final\nCup final\n2 May\nSummary\n- Draw\n\nBody.\n"
    back = newsdoc.loads(respelled)
    assert (back.breadcrumb, back.title, back.body) == (
        article.breadcrumb,
        article.title,
        article.body,
    )


def test_writing_in_a_dialect_that_cannot_spell_the_article_fails_clearly() -> None:
    article = Article(title="Fish > Chips", summary=Summary(points=("Cheap",)))
    arrows = newsdoc.Dialect(breadcrumb_separator=" > ")
    assert newsdoc.dumps(article, dialect=arrows) == "Fish > Chips\nSummary\n- Cheap"
    with pytest.raises(newsdoc.SerializeError, match=r"in the .* dialect, this article would not"):
        newsdoc.dumps(attrs.evolve(article, summary=None, body=("x",)), dialect=arrows)


@given(formatted_articles(stray_lines=True), st.just("default") | dialects())
def test_writing_in_another_dialect_reads_back_in_it_or_fails_clearly(
    article: Article, dialect: newsdoc.Dialect | str
) -> None:
    try:
        text = newsdoc.dumps(article, dialect=dialect)
    except newsdoc.SerializeError as error:
        # Stray lines keep their line numbers, which the respelled page may not reach.
        reasons = ("this article would not read back", "stray line")
        assert any(f"dialect, {reason}" in str(error) for reason in reasons), error
    else:
        back = newsdoc.loads(text, strict=False, dialect=dialect)
        assert (back.breadcrumb, back.title, back.dateline, back.body) == (
            article.breadcrumb,
            article.title,
            article.dateline,
            article.body,
        )
        assert (back.summary is None) is (article.summary is None)


@pytest.mark.parametrize(
    ("page", "gaps"),
    [
        ("T\nSummary\n- a\n\n- b\n- c\n\nBody.", {1: [""]}),
        ("T\nSummary\n- a\n\n- b\n\n- c\n\nBody.", {1: [""], 2: [""]}),
        ("T\nSummary\n- a\n- b\n\n\n- c\n- d\n\nBody.", {2: ["", ""]}),
    ],
)
def test_points_a_layout_of_versions_1_to_3_spaced_stay_where_they_stood(
    page: str, gaps: dict[int, list[str]]
) -> None:
    """Those versions recorded each point that departed from the first's place."""
    document = newsdoc.to_dict(newsdoc.loads(page))
    document["format_version"] = 3
    lines = [
        {"kind": "point", "index": index, "gap": gap, "prefix": "- "}
        for index, gap in gaps.items()
    ]
    document["layout"] = {"lines": lines, "trailing": []}
    article = newsdoc.from_dict(document)
    assert newsdoc.dumps(article) == page
    assert article == newsdoc.loads(page)
