"""The types: validated on construction, immutable, hashable, picklable."""

from __future__ import annotations

import pickle
from typing import Any

import attrs
import pytest
from hypothesis import given

import newsdoc
from newsdoc import strategies
from newsdoc._layout import new_layout
from newsdoc._model import BUILDERS
from newsdoc._pickling import fields_of

from support import read_fixture


def test_fields_are_frozen() -> None:
    article = newsdoc.Article(title="Bridge reopens")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        article.title = "Bridge closes"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("make", "error", "message"),
    [
        (
            lambda: newsdoc.Article(title="", body=("x",)),
            newsdoc.ValidationError,
            "title must not be empty",
        ),
        (lambda: newsdoc.Article(title=5), newsdoc.FieldTypeError, "title must be a str"),
        (lambda: newsdoc.Article(title="a\nb"), newsdoc.ValidationError, "one line"),
        (lambda: newsdoc.Article(title=" a"), newsdoc.ValidationError, "padding is layout"),
        (lambda: newsdoc.Article(title="a", body="one"), newsdoc.FieldTypeError, "tuple"),
        (
            lambda: newsdoc.Article(title="a", body=("ok", "")),
            newsdoc.ValidationError,
            r"body\[1\]",
        ),
        (lambda: newsdoc.Article(title="a", dateline="4 Feb"), TypeError, "dateline"),
        (lambda: newsdoc.Breadcrumb(segments=("Home",)), newsdoc.ValidationError, "at least 2"),
        (lambda: newsdoc.Breadcrumb(segments=("Home", " ")), newsdoc.ValidationError, r"\[1\]"),
        (lambda: newsdoc.Breadcrumb(segments=(" Home", "x")), newsdoc.ValidationError, "start"),
        (lambda: newsdoc.Summary(points=()), newsdoc.ValidationError, "at least one point"),
        (lambda: newsdoc.Summary(points=("a\rb",)), newsdoc.ValidationError, "one line"),
        (lambda: newsdoc.Dateline(text="4 Feb\t"), newsdoc.ValidationError, "padding"),
        (lambda: newsdoc.StrayLine(line=0, text="x"), newsdoc.ValidationError, "1-based"),
        (lambda: newsdoc.StrayLine(line=1, text=" "), newsdoc.ValidationError, "non-blank"),
        (
            lambda: newsdoc.Article(title="a", layout=5),
            newsdoc.FieldTypeError,
            "layout must be a Layout",
        ),
        (
            lambda: newsdoc.Article(title="a", format="excerpt", layout=[1]),
            newsdoc.FieldTypeError,
            "holds a list",
        ),
        (
            lambda: newsdoc.Article(title="a", format="excerpt", dialect="key-takeaways"),
            newsdoc.ValidationError,
            "default dialect",
        ),
        (lambda: newsdoc.Article(title="a", format="auto"), newsdoc.ValidationError, "format"),
        (
            lambda: newsdoc.Article(title="a").content_equals(None),
            newsdoc.FieldTypeError,
            "takes an Article",
        ),
        (lambda: newsdoc.StrayLine(line="1", text="x"), newsdoc.FieldTypeError, "an int"),
        (
            lambda: newsdoc.Article(title="a", stray_lines=(newsdoc.StrayLine(line=9, text="x"),)),
            newsdoc.ValidationError,
            "past the end",
        ),
    ],
)
def test_a_bad_value_raises_a_library_error(
    make: Any, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message) as caught:
        make()
    assert isinstance(caught.value, (ValueError, TypeError))


def test_a_wrong_type_is_both_a_library_error_and_a_type_error() -> None:
    with pytest.raises(newsdoc.NewsdocError) as caught:
        newsdoc.Article(title=b"bytes")  # type: ignore[arg-type]
    assert isinstance(caught.value, TypeError)


def test_lists_become_tuples() -> None:
    article = newsdoc.Article(title="a", body=["one", "two"])  # type: ignore[arg-type]
    assert article.body == ("one", "two")
    assert newsdoc.Breadcrumb(segments=["Home", "a"]).segments == ("Home", "a")  # type: ignore[arg-type]


def test_parsed_articles_are_hashable_and_survive_pickling() -> None:
    text, _ = read_fixture("rendering-b")
    article = newsdoc.loads(text)
    copy = pickle.loads(pickle.dumps(article))
    assert copy == article
    assert hash(copy) == hash(article)
    assert newsdoc.dumps(copy) == text
    assert len({article, copy, newsdoc.loads(text)}) == 1


def test_evolve_keeps_the_formatting_of_what_was_not_edited() -> None:
    text, _ = read_fixture("rendering-b")
    article = newsdoc.loads(text)
    edited = attrs.evolve(article, title="Glacier Melt Starts Early")
    crumb, rest = text.split("\n", 1)
    assert newsdoc.dumps(edited) == crumb + "\n" + rest.replace(article.title, edited.title)


def test_removing_lines_removes_their_formatting() -> None:
    text, _ = read_fixture("rendering-b")
    article = newsdoc.loads(text)
    shorter = attrs.evolve(article, body=article.body[:1], summary=None)
    written = newsdoc.dumps(shorter)
    assert newsdoc.loads(written) == shorter
    assert written.endswith(article.body[0] + "\n")
    assert article.title + "\n\n" + article.body[0] in written


def test_formatting_is_part_of_the_value_and_content_equals_ignores_it() -> None:
    a_text, _ = read_fixture("bullet-dot")
    b_text, _ = read_fixture("bullet-star")
    a, b = newsdoc.loads(a_text), newsdoc.loads(b_text)
    assert a != b
    assert a.content_equals(b)
    assert not a.content_equals(attrs.evolve(b, title="Other"))


def test_defects_are_a_report_not_part_of_the_value() -> None:
    with_defect = newsdoc.loads("T\nd\nstray", strict=False)
    assert with_defect.defects
    assert with_defect == attrs.evolve(with_defect, defects=())


def test_breadcrumb_sections_are_the_segments_between_root_and_leaf() -> None:
    crumb = newsdoc.Breadcrumb(segments=("Home", "Europe", "Transport", "Night trains"))
    assert crumb.sections == ("Europe", "Transport")


def test_mixed_line_endings_survive_edits_that_keep_the_line_count() -> None:
    text, _ = read_fixture("mixed-endings")
    article = newsdoc.loads(text)
    retitled = attrs.evolve(article, title="Harbour Ferry Fares Frozen Again")
    assert newsdoc.dumps(retitled) == text.replace(article.title + "\r\n", retitled.title + "\r\n")
    longer = attrs.evolve(article, body=(*article.body, "One more paragraph."))
    written = newsdoc.dumps(longer)
    assert newsdoc.loads(written) == longer
    assert "\r" not in written  # the first ending, LF, now stands for all


@given(strategies.formatted_articles(stray_lines=True))
def test_the_unchecked_constructors_take_each_field_by_its_keyword_alone(
    article: newsdoc.Article,
) -> None:
    fields = fields_of(article)
    assert BUILDERS.article(**fields) == article
    assert new_layout(**fields_of(article.layout)) == article.layout
    # By place, a field could take another's value and nothing would say so.
    with pytest.raises(TypeError):
        BUILDERS.article(*fields.values())
