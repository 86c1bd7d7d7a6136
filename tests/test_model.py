"""The types: validated on construction, immutable, hashable, picklable."""

from __future__ import annotations

import pickle
import types
from collections.abc import Iterator, Mapping
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import newsdoc
from newsdoc import strategies
from newsdoc._model import new_article
from newsdoc._pickling import fields_of
from newsdoc.strategies import line_texts

from support import edit_texts, meta_names, read_fixture


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
            "layout must be a LineLayout",
        ),
        (
            lambda: newsdoc.Article(title="a", format="excerpt", layout=[1]),
            newsdoc.FieldTypeError,
            "holds a list",
        ),
        (
            lambda: newsdoc.Article(title="a", format="json", dialect="key-takeaways"),
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


# -- byline and meta ------------------------------------------------------------


def on_the_wire(**fields: Any) -> newsdoc.Article:
    """An article of the tests' wire format, which holds a byline and meta (here not installed)."""
    return newsdoc.Article(title="Glacier survey finds thinner ice", format="wire", **fields)


@pytest.mark.parametrize(
    ("fields", "error", "message"),
    [
        ({"byline": ""}, newsdoc.ValidationError, "byline must not be empty"),
        ({"byline": " By Ana Ruiz"}, newsdoc.ValidationError, "byline must not start or end"),
        ({"byline": "By Ana Ruiz\t"}, newsdoc.ValidationError, "padding is layout"),
        ({"byline": "By Ana\nRuiz"}, newsdoc.ValidationError, "byline must be one line"),
        ({"byline": "By Ana\rRuiz"}, newsdoc.ValidationError, "byline must be one line"),
        ({"byline": 5}, newsdoc.FieldTypeError, "byline must be a str, got int"),
        ({"byline": ("By Ana",)}, newsdoc.FieldTypeError, "byline must be a str, got tuple"),
        ({"meta": [("source", "x")]}, newsdoc.FieldTypeError, "meta is a mapping"),
        ({"meta": "source: x"}, newsdoc.FieldTypeError, "meta is a mapping"),
        ({"meta": {"source": ""}}, newsdoc.ValidationError, r"meta\['source'\] must not be empty"),
        ({"meta": {"tags": "a, b "}}, newsdoc.ValidationError, r"meta\['tags'\] must not start"),
        ({"meta": {"tags": "a\nb"}}, newsdoc.ValidationError, r"meta\['tags'\] must be one line"),
        ({"meta": {"tags": ["a"]}}, newsdoc.FieldTypeError, r"meta\['tags'\] must be a str"),
        ({"meta": {"": "x"}}, newsdoc.ValidationError, "a name in meta is printable"),
        ({"meta": {" tags": "x"}}, newsdoc.ValidationError, "without a space at either end"),
        ({"meta": {"tags ": "x"}}, newsdoc.ValidationError, "without a space at either end"),
        ({"meta": {"a\tb": "x"}}, newsdoc.ValidationError, "a name in meta is printable"),
        ({"meta": {"a\nb": "x"}}, newsdoc.ValidationError, "a name in meta is printable"),
        ({"meta": {"\udc80": "x"}}, newsdoc.ValidationError, "a name in meta is printable"),
        ({"meta": {1: "x"}}, newsdoc.FieldTypeError, "meta's names are strs, got int"),
    ],
)
def test_a_byline_or_meta_line_that_breaks_the_title_rules_is_refused(
    fields: dict[str, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        on_the_wire(**fields)


def is_line_text(text: str) -> bool:
    """One line of text, as a title is: not empty, no line break, no space or tab at the ends."""
    return bool(text) and text == text.strip(" \t") and "\n" not in text and "\r" not in text


@given(edit_texts(newsdoc.DEFAULT_DIALECT, "Title"))
def test_a_byline_or_meta_text_is_taken_exactly_when_a_title_would_be(text: str) -> None:
    for fields in ({"byline": text}, {"meta": {"tags": text}}):
        if is_line_text(text):
            article = on_the_wire(**fields)
            assert (article.byline, dict(article.meta)) == (
                fields.get("byline"),
                fields.get("meta", {}),
            )
        else:
            with pytest.raises(newsdoc.ValidationError):
                on_the_wire(**fields)


@given(edit_texts(newsdoc.DEFAULT_DIALECT, "Title"))
def test_a_meta_name_is_taken_exactly_when_it_is_printable_without_a_space_at_the_ends(
    name: str,
) -> None:
    if name.isprintable() and name == name.strip(" ") and name:
        assert list(on_the_wire(meta={name: "x"}).meta) == [name]
    else:
        with pytest.raises(newsdoc.ValidationError, match="a name in meta is printable"):
            on_the_wire(meta={name: "x"})


class _Unreadable(Mapping[str, str]):
    def __getitem__(self, name: str) -> str:
        raise KeyError(name)

    def __iter__(self) -> Iterator[str]:
        return iter(["source"])

    def __len__(self) -> int:
        return 1


def test_a_mapping_that_cannot_be_read_is_refused_as_meta_with_a_library_error() -> None:
    with pytest.raises(newsdoc.FieldTypeError, match="meta could not be read: KeyError"):
        on_the_wire(meta=_Unreadable())


LINES = st.dictionaries(meta_names, line_texts(20), max_size=4)


@given(LINES)
def test_meta_is_a_frozen_hashable_mapping_equal_to_the_one_it_was_given(
    lines: dict[str, str],
) -> None:
    article = on_the_wire(meta=types.MappingProxyType(lines))
    meta = article.meta
    assert isinstance(meta, Mapping)
    assert meta == lines
    assert lines == meta
    assert dict(meta) == lines
    assert repr(meta) == repr(lines)
    assert hash(on_the_wire(meta=dict(reversed(lines.items())))) == hash(article)
    assert on_the_wire(meta=meta).meta is meta
    with pytest.raises(AttributeError):
        meta._lines = {}  # type: ignore[attr-defined]
    assert not hasattr(meta, "__setitem__")
    assert pickle.loads(pickle.dumps(meta)) == meta
    assert hash(pickle.loads(pickle.dumps(meta))) == hash(meta)


def test_an_article_without_meta_has_the_one_empty_meta() -> None:
    empty = newsdoc.Article(title="Ferries resume").meta
    assert empty == {}
    assert on_the_wire(meta={}).meta is empty
    assert newsdoc.loads("Ferries resume").meta is empty
    assert newsdoc.from_json(newsdoc.to_json(on_the_wire())).meta is empty


@given(st.none() | line_texts(30), LINES)
def test_edits_set_the_byline_and_meta_and_content_equals_compares_them(
    byline: str | None, lines: dict[str, str]
) -> None:
    article = on_the_wire(byline="By Ana Ruiz", meta={"source": "https://example.org/a"})
    edited = attrs.evolve(article, byline=byline, meta=lines)
    assert (edited.byline, edited.meta) == (byline, lines)
    same = (byline, lines) == ("By Ana Ruiz", {"source": "https://example.org/a"})
    assert article.content_equals(edited) is same
    assert (article == edited) is same
    assert edited.content_equals(on_the_wire(byline=byline, meta=dict(lines)))
    assert pickle.loads(pickle.dumps(edited)) == edited


def test_an_article_of_a_format_not_installed_keeps_its_byline_and_meta() -> None:
    article = on_the_wire(byline="By Ana Ruiz", meta={"tags": "ice, survey"})
    assert article.byline == "By Ana Ruiz"
    assert article.meta == {"tags": "ice, survey"}


@given(strategies.formatted_articles(stray_lines=True))
def test_the_unchecked_constructors_take_each_field_by_its_keyword_alone(
    article: newsdoc.Article,
) -> None:
    fields = fields_of(article)
    assert new_article(**fields) == article
    # By place, a field could take another's value and nothing would say so.
    with pytest.raises(TypeError):
        new_article(*fields.values())
