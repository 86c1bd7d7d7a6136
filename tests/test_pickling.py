"""Pickles: by the public names of the types, loading across versions, trusted when loaded."""

from __future__ import annotations

import io
import pickle
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import newsdoc
from newsdoc import Article
from newsdoc._pickling import ByPublicName
from newsdoc.strategies import dialects, formatted_articles

from pickles import PROTOCOLS, OlderPickle, samples, stored
from support import bylined_articles

PUBLIC_TYPES = sorted(
    name
    for name in newsdoc.__all__
    if isinstance(getattr(newsdoc, name), type) and attrs.has(getattr(newsdoc, name))
)
SAMPLES = samples()


def comparable(value: object) -> object:
    """What must survive a pickle: defects of articles and the state of errors too."""
    if isinstance(value, BaseException):
        return type(value), value.args, str(value), comparable(vars(value))
    if isinstance(value, dict):
        return {key: comparable(item) for key, item in value.items()}
    if isinstance(value, newsdoc.Failure):
        return value.source, comparable(value.error)
    if isinstance(value, Article):
        return value, value.defects, value.layout
    if isinstance(value, newsdoc.Record):
        return value, comparable(value.article)
    return value


class Recording(pickle.Unpickler):
    """An unpickler that notes every global a pickle names."""

    def __init__(self, data: bytes) -> None:
        super().__init__(io.BytesIO(data))
        self.names: set[tuple[str, str]] = set()

    def find_class(self, module_name: str, global_name: str) -> Any:
        self.names.add((module_name, global_name))
        return super().find_class(module_name, global_name)


def test_every_public_attrs_type_pickles_by_its_public_name() -> None:
    sampled = {type(value).__name__ for value in SAMPLES.values() if attrs.has(type(value))}
    assert sorted(sampled) == PUBLIC_TYPES
    for name in PUBLIC_TYPES:
        assert issubclass(getattr(newsdoc, name), ByPublicName), name


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_pickles_this_version_made_load_as_what_they_hold(protocol: int) -> None:
    loaded = pickle.loads(stored(protocol).read_bytes())
    assert loaded.keys() <= SAMPLES.keys()
    for name, value in loaded.items():
        assert located(value) == located(SAMPLES[name]), name


def located(value: object) -> object:
    """:func:`comparable`, with each defect and parse error as where and what it is.

    Their wording is the reader's of the day the pickle was made.
    """
    if isinstance(value, newsdoc.ParseError):
        return type(value), value.line, value.column, value.code
    if isinstance(value, Article):
        return value, [(d.line, d.column, d.code) for d in value.defects], value.layout
    return comparable(value)


@pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_a_pickle_names_the_package_and_no_private_module(name: str, protocol: int) -> None:
    unpickler = Recording(pickle.dumps(SAMPLES[name], protocol))
    assert comparable(unpickler.load()) == comparable(SAMPLES[name])
    modules = {module for module, _ in unpickler.names}
    assert not any(module.startswith("newsdoc.") for module in modules), unpickler.names
    assert {global_name for module, global_name in unpickler.names if module == "newsdoc"} <= {
        "_unpickled",
        *newsdoc.__all__,
    }


def _defaults(name: str) -> list[tuple[str, str, str, object]]:
    """Each field of a sample that has a default: as the constructor takes it, its slot, and it."""
    cls = type(SAMPLES[name])
    if not issubclass(cls, ByPublicName):
        return []
    return [
        (name, field.alias, field.name, field.default)
        for field in attrs.fields(cls)  # type: ignore[arg-type]
        # An article's format and layout are read together, and every pickle has them.
        if field.init
        and field.default is not attrs.NOTHING
        and not (cls is Article and field.alias in ("format", "layout"))
    ]


@pytest.mark.parametrize(
    ("name", "field", "slot", "default"),
    [row for name in sorted(SAMPLES) for row in _defaults(name)],
)
def test_a_pickle_made_before_a_field_existed_loads_with_its_default(
    name: str, field: str, slot: str, default: object
) -> None:
    value = SAMPLES[name]
    assert isinstance(value, ByPublicName)
    fields = value._pickled_fields()
    del fields[field]
    loaded = pickle.loads(pickle.dumps(OlderPickle(type(value).__name__, fields)))
    assert type(loaded) is type(value)
    assert getattr(loaded, slot) == default


def test_every_default_is_a_value_a_pickle_without_the_field_takes() -> None:
    for name in PUBLIC_TYPES:
        for field in attrs.fields(getattr(newsdoc, name)):
            assert not isinstance(field.default, attrs.Factory), (name, field.name)  # type: ignore[arg-type]


def test_a_page_layout_of_the_reader_before_the_declaration_loads_as_the_engine_keeps_it() -> None:
    article = newsdoc.loads("Storm\nSummary\n  * Ports shut\n\nWinds rose.\n")
    fields = article._pickled_fields()
    # As pickles made before the page format was declared hold it, without trailing lines.
    layout = {
        "bom": False,
        "newline": "\n",
        "mixed_newlines": (),
        "title_repeat": False,
        "lines": (("point", 0, ((), "  * ", "")),),
    }
    loaded = pickle.loads(pickle.dumps(OlderPickle("Article", {**fields, "layout": layout})))
    assert loaded.layout == article.layout._replace(trailing=())
    assert newsdoc.dumps(loaded) == "Storm\nSummary\n  * Ports shut\n\nWinds rose."


@pytest.mark.parametrize(
    ("page", "recorded_then"),
    [
        ("T\nSummary\n- a\n\n- b\n- c\n\nBody.", ("point", 1, "\n\n-\n \n")),
        (
            "T\nSummary\n- a\n\n- b\n\n- c\n\nBody.",
            ("point", 1, "\n\n-\n \n", "point", 2, "\n\n-\n \n"),
        ),
    ],
)
def test_a_page_layout_pickled_before_points_stood_apart_loads_with_each_point_in_place(
    page: str, recorded_then: tuple[str | int, ...]
) -> None:
    """Pickles without ``layout_version`` hold layouts recorded as format version 4 did: a
    point an edit added stood right after the one before it."""
    article = newsdoc.loads(page)
    fields = article._pickled_fields()
    assert fields.pop("layout_version") == 5
    old = (False, "\n", (), recorded_then, ())
    loaded = pickle.loads(pickle.dumps(OlderPickle("Article", {**fields, "layout": old})))
    assert newsdoc.dumps(loaded) == page
    assert loaded == article


def test_unpickling_trusts_the_pickle_and_does_not_check_the_article_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = pickle.dumps(SAMPLES["article-read"])

    def refuse(*args: object, **options: object) -> None:
        raise AssertionError("the article was checked again")

    monkeypatch.setattr("newsdoc._model.settle", refuse)
    loaded = pickle.loads(data)
    assert comparable(loaded) == comparable(SAMPLES["article-read"])
    assert newsdoc.dumps(loaded) == newsdoc.dumps(SAMPLES["article-read"])


def test_a_canonical_layout_loads_as_the_canonical_layout() -> None:
    from newsdoc._engine import CANONICAL

    loaded = pickle.loads(pickle.dumps(SAMPLES["article-by-hand"]))
    assert loaded.layout is CANONICAL


@pytest.mark.parametrize(
    ("name", "version", "fields", "message"),
    [
        ("Article", 2, {"title": "T"}, "version 2"),
        ("loads", 1, {}, "no type named 'loads'"),
        ("Layout", 1, {}, "no type named 'Layout'"),
        ("Breadcrumb", 1, {}, "no segments"),
    ],
)
def test_a_pickle_this_version_cannot_read_is_refused_saying_why(
    name: str, version: int, fields: dict[str, Any], message: str
) -> None:
    with pytest.raises(pickle.UnpicklingError, match=message):
        pickle.loads(pickle.dumps(OlderPickle(name, fields, version)))


@attrs.frozen
class TaggedArticle(Article):
    """A caller's own kind of article."""

    tag: str = "mine"


def test_a_callers_subclass_pickles_as_itself() -> None:
    article = TaggedArticle(title="Bridge reopens", tag="kept")
    loaded = pickle.loads(pickle.dumps(article))
    assert type(loaded) is TaggedArticle
    assert loaded == article
    assert loaded.tag == "kept"


@given(formatted_articles(), st.sampled_from(PROTOCOLS))
def test_any_article_pickles_whole(article: Article, protocol: int) -> None:
    loaded = pickle.loads(pickle.dumps(article, protocol))
    assert comparable(loaded) == comparable(article)
    assert newsdoc.dumps(loaded) == newsdoc.dumps(article)


@given(bylined_articles(), st.sampled_from(PROTOCOLS))
def test_an_article_with_a_byline_and_meta_pickles_whole_naming_no_private_module(
    article: Article, protocol: int
) -> None:
    unpickler = Recording(pickle.dumps(article, protocol))
    loaded = unpickler.load()
    assert loaded == article
    assert (loaded.byline, loaded.meta) == (article.byline, article.meta)
    assert type(loaded.meta) is type(article.meta)
    assert hash(loaded) == hash(article)
    assert not any(module.startswith("newsdoc.") for module, _ in unpickler.names)


def test_an_article_pickled_before_bylines_and_meta_existed_has_neither() -> None:
    for protocol in PROTOCOLS:
        for name, value in pickle.loads(stored(protocol).read_bytes()).items():
            if isinstance(value, Article):
                assert (value.byline, value.meta) == (None, {}), name
                assert value.meta is Article(title="T").meta


@given(dialects())
def test_any_dialect_pickles_and_reads_as_itself(dialect: newsdoc.Dialect) -> None:
    loaded = pickle.loads(pickle.dumps(dialect))
    assert loaded == dialect
    for heading in dialect.summary_headings:
        assert loaded.is_heading(heading.upper()) == dialect.is_heading(heading.upper())
    for symbol in dialect.bullet_symbols:
        line = f"{symbol} point"
        assert loaded.bullet_mark_length(line) == dialect.bullet_mark_length(line)
