"""JSON, JSON Lines and cattrs converters: nothing lost, every problem named."""

from __future__ import annotations

import io
import json
import types
from pathlib import Path
from typing import Any

import attrs
import cattrs
import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

import newsdoc
from newsdoc._model import KINDS
from newsdoc.strategies import articles, dialects, formatted_articles, pages

from support import read_fixture

VALIDATOR = jsonschema.Draft202012Validator(newsdoc.json_schema())


@given(pages())
def test_json_keeps_every_byte_of_the_page(page: tuple[str, newsdoc.Article]) -> None:
    text, _ = page
    article = newsdoc.loads(text)
    data = newsdoc.to_dict(article)
    assert newsdoc.from_dict(data) == article
    assert newsdoc.dumps(newsdoc.from_json(newsdoc.to_json(article))) == text
    VALIDATOR.validate(json.loads(newsdoc.to_json(article)))


@given(st.text())
def test_json_keeps_stray_lines_of_lenient_articles(text: str) -> None:
    article = newsdoc.loads(text, strict=False)
    assert newsdoc.from_json(newsdoc.to_json(article)) == article
    VALIDATOR.validate(newsdoc.to_dict(article))


@given(dialects().flatmap(lambda dialect: formatted_articles(dialect, stray_lines=True)))
def test_json_carries_the_dialect_and_fits_the_schema(article: newsdoc.Article) -> None:
    data = newsdoc.to_dict(article)
    VALIDATOR.validate(data)
    back = newsdoc.from_json(newsdoc.to_json(article))
    assert back == article
    assert back.dialect == article.dialect


def test_a_registered_dialect_travels_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("newsdoc._grammar._DIALECTS", dict(newsdoc._grammar._DIALECTS))
    plus = newsdoc.Dialect(bullet_symbols=("+",))
    newsdoc.register_dialect("plus-bullets-for-a-test", plus)
    article = newsdoc.Article(title="T", summary=newsdoc.Summary(points=("p",)), dialect=plus)
    assert newsdoc.to_dict(article)["dialect"] == "plus-bullets-for-a-test"
    assert newsdoc.from_dict(newsdoc.to_dict(article)) == article


_LAYOUTS = st.fixed_dictionaries(
    {},
    optional={
        "bom": st.booleans(),
        "newline": st.sampled_from(["\n", "\r\n", "\r"]),
        "mixed_newlines": st.lists(st.sampled_from(["\n", "\r\n", "\r"]), max_size=12),
        "title_repeat": st.booleans(),
        "lines": st.lists(
            st.fixed_dictionaries(
                {"kind": st.sampled_from(list(KINDS)), "index": st.integers(0, 4)},
                optional={
                    "gap": st.lists(st.sampled_from(["", " ", "\t"]), max_size=2),
                    "prefix": st.sampled_from(["", " ", "- ", "  \u2022 ", "*\t", "x"]),
                    "suffix": st.sampled_from(["", " "]),
                },
            ),
            max_size=6,
        ),
        "trailing": st.lists(st.sampled_from(["", " "]), max_size=2),
    },
)


@given(formatted_articles(), _LAYOUTS)
def test_any_layout_document_gives_an_article_that_reads_back_or_a_document_error(
    article: newsdoc.Article, layout: dict[str, Any]
) -> None:
    data = newsdoc.to_dict(article)
    data["layout"] = layout
    try:
        back = newsdoc.from_dict(data)
    except newsdoc.DocumentError as error:
        assert all(problem.startswith("$") for problem in error.problems)
        return
    assert back.content_equals(article)
    assert newsdoc.loads(newsdoc.dumps(back), strict=False, dialect=back.dialect) == back
    assert newsdoc.from_dict(newsdoc.to_dict(back)) == back


@given(articles())
def test_hand_built_articles_have_no_layout_key_and_fit_the_schema(
    article: newsdoc.Article,
) -> None:
    data = newsdoc.to_dict(article)
    assert "layout" not in data
    assert "stray_lines" not in data
    VALIDATOR.validate(data)
    assert newsdoc.from_dict(data) == article


def test_the_layout_travels_under_its_own_key() -> None:
    text, _ = read_fixture("rendering-b")
    data = newsdoc.to_dict(newsdoc.loads(text))
    assert data["layout"]["title_repeat"] is True
    assert data["layout"]["trailing"] == [""]
    assert {"kind": "point", "index": 0, "gap": [""], "prefix": "  \u2022 "} in data["layout"][
        "lines"
    ]


def document(**changes: Any) -> dict[str, Any]:
    text, _ = read_fixture("rendering-a")
    data = newsdoc.to_dict(newsdoc.loads(text))
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (document(format_version=3), "$.format_version: expected 1 or 2, got 3"),
        ({"title": "x"}, "$.format_version: expected 1 or 2, got None"),
        (document(extra=True), "$: unknown key 'extra'"),
        (
            document(summary={"heading": "Summary", "points": ["a"], "x": 1}),
            "$.summary: unknown key 'x'",
        ),
        (document(title=5), "$.title"),
        (document(body="one string"), "$.body"),
        (document(title="two\nlines"), "title must be one line"),
        (document(body=["fine", " padded"]), "body[1] must not start or end"),
        (document(breadcrumb=["Home"]), "$.breadcrumb: a breadcrumb has at least 2 segments"),
        (document(summary={"heading": "Summary", "points": []}), "at least one point"),
        (
            document(layout={"lines": [{"kind": "paragraph", "index": 40, "gap": [""]}]}),
            "$: the layout does not fit the content: it formats lines the article lacks",
        ),
        (document(layout={"newline": "\t"}), "$.layout.newline"),
        (document(stray_lines=[{"line": 0, "text": "x"}]), "$.stray_lines[0]"),
        ([], "$: expected an object, got list"),
    ],
)
def test_a_bad_document_names_every_problem_with_its_path(data: Any, problem: str) -> None:
    with pytest.raises(newsdoc.DocumentError) as caught:
        newsdoc.from_dict(data)
    assert any(problem in message for message in caught.value.problems), caught.value.problems
    assert isinstance(caught.value, ValueError)


def test_several_problems_are_reported_together() -> None:
    with pytest.raises(newsdoc.DocumentError) as caught:
        newsdoc.from_dict(document(title=5, body=[1], extra=0))
    assert len(caught.value.problems) >= 3


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.sampled_from(["title", "body", "layout", "x"]), children, max_size=3)
    ),
    max_leaves=10,
)


@given(
    json_values, st.sampled_from(["title", "body", "summary", "breadcrumb", "layout", "dateline"])
)
def test_any_document_gives_an_article_or_a_document_error(value: Any, key: str) -> None:
    data = document()
    data[key] = value
    try:
        article = newsdoc.from_dict(data)
    except newsdoc.DocumentError as error:
        assert error.problems
    else:
        assert newsdoc.from_dict(newsdoc.to_dict(article)) == article
        assert newsdoc.to_dict(article).keys() <= data.keys()


def test_from_json_refuses_text_that_is_not_json() -> None:
    with pytest.raises(newsdoc.DocumentError, match="not JSON"):
        newsdoc.from_json("{not json")


def test_converters_are_independent_and_leave_other_types_alone() -> None:
    @attrs.frozen
    class Clip:
        name: str
        tags: tuple[str, ...]
        article: newsdoc.Article

    plain = cattrs.Converter()
    before = plain.structure({"name": "x", "tags": ["a", "b"], "article": None}, dict)
    user = cattrs.Converter()
    newsdoc.configure_converter(user)
    article = newsdoc.Article(title="Bridge reopens")
    clip = user.structure(
        {"name": "morning", "tags": ["a", "b"], "article": newsdoc.to_dict(article)}, Clip
    )
    assert clip == Clip(name="morning", tags=("a", "b"), article=article)
    assert user.unstructure(clip)["article"] == newsdoc.to_dict(article)
    assert user.structure("text", str) == plain.structure("text", str)
    assert user.structure(["a"], tuple[str, ...]) == ("a",)
    assert plain.structure({"name": "x", "tags": ["a", "b"], "article": None}, dict) == before
    assert newsdoc.make_converter() is not newsdoc.make_converter()


def test_json_lines_round_trip_through_paths_and_files(tmp_path: Path) -> None:
    texts = [read_fixture(name)[0] for name in ("rendering-a", "rendering-b", "bom")]
    originals = [newsdoc.loads(text) for text in texts]
    path = tmp_path / "pages.jsonl"
    newsdoc.dump_jsonl(originals, path)
    assert len(path.read_bytes().splitlines()) == 3
    assert [record.article for record in newsdoc.load_jsonl(path)] == originals
    buffer = io.BytesIO()
    newsdoc.dump_jsonl(iter(originals), buffer)
    buffer.seek(0)
    assert [newsdoc.dumps(r.article) for r in newsdoc.load_jsonl(buffer)] == texts


@given(
    st.lists(
        st.builds(
            newsdoc.Record,
            article=formatted_articles() | dialects().flatmap(formatted_articles),
            source=st.none() | st.text(),
            captured=st.none() | st.dates() | st.datetimes(timezones=st.timezones()),
        ),
        max_size=4,
    )
)
def test_json_lines_hold_records_whole_and_fit_the_schema(records: list[newsdoc.Record]) -> None:
    buffer = io.BytesIO()
    newsdoc.dump_jsonl(records, buffer)
    lines = buffer.getvalue().splitlines()
    for line in lines:
        VALIDATOR.validate(json.loads(line))
    assert list(newsdoc.load_jsonl(io.BytesIO(buffer.getvalue()))) == records


def test_json_lines_of_bare_articles_read_as_records_without_a_source() -> None:
    article = newsdoc.loads("Storm\n4 Feb\n\nWinds rose.")
    version_one = {**newsdoc.to_dict(article), "format_version": 1}
    file = io.BytesIO(json.dumps(version_one).encode() + b"\n")
    assert list(newsdoc.load_jsonl(file)) == [newsdoc.Record(article=article)]


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        (b'{"format_version": 1, "article": {}}', "$.format_version: expected 2, got 1"),
        (b'{"format_version": 2, "article": {}, "url": "x"}', "$: unknown key 'url'"),
        (b'{"format_version": 2, "article": {}, "source": 5}', "$.source: expected a string"),
        (b'{"format_version": 2, "article": {}, "captured": "May"}', "$.captured: captured is"),
        (b'{"format_version": 2, "article": {}}', "$.article.format_version: expected 1 or 2"),
        (
            b'{"format_version": 2, "article": {"format_version": 2, "title": "T", "body": []},'
            b' "captured": "2026-05-01T08:00:00"}',
            "$.captured: captured must be an aware datetime",
        ),
    ],
)
def test_a_record_line_that_is_wrong_names_its_line_and_path(line: bytes, problem: str) -> None:
    with pytest.raises(newsdoc.DocumentError) as caught:
        list(newsdoc.load_jsonl(io.BytesIO(b"\n" + line + b"\n")))
    assert any(p.startswith("line 2: ") and problem in p for p in caught.value.problems)


def test_load_jsonl_is_lazy_and_names_the_bad_line() -> None:
    good = newsdoc.to_json(newsdoc.Article(title="Bridge reopens")).encode()
    articles_read = newsdoc.load_jsonl(io.BytesIO(good + b"\n\n" + b'{"format_version": 1}\n'))
    assert next(articles_read).article.title == "Bridge reopens"
    with pytest.raises(newsdoc.DocumentError, match="line 3: "):
        next(articles_read)


def test_the_schema_is_a_fresh_dict_each_time() -> None:
    schema = newsdoc.json_schema()
    schema["title"] = "changed"
    assert newsdoc.json_schema()["title"] == "newsdoc document"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_dump_jsonl_leaves_the_old_file_whole_when_an_article_fails(tmp_path: Path) -> None:
    path = tmp_path / "pages.jsonl"
    path.write_bytes(b"old content\n")
    good = newsdoc.Article(title="Ferry returns")
    bad = newsdoc.Article(title="Lone \ud800 surrogate")
    with pytest.raises(newsdoc.SerializeError, match="item 2"):
        newsdoc.dump_jsonl([good, bad], path)
    assert path.read_bytes() == b"old content\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pages.jsonl"]


@pytest.mark.parametrize("version", [True, 1.0, "1", 0, 3, None])
def test_only_the_ints_one_and_two_are_format_versions(version: object) -> None:
    data = newsdoc.to_dict(newsdoc.Article(title="Bridge reopens"))
    data["format_version"] = version
    with pytest.raises(newsdoc.DocumentError, match=r"\$\.format_version"):
        newsdoc.from_dict(data)


def test_from_dict_takes_any_mapping() -> None:
    article = newsdoc.loads("Storm\n\nSummary\n  \u2022 Ports shut\n\nWinds rose.\n")
    data = newsdoc.to_dict(article)
    frozen = types.MappingProxyType({**data, "summary": types.MappingProxyType(data["summary"])})
    assert newsdoc.from_dict(frozen) == article
