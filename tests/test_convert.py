"""JSON, JSON Lines and cattrs converters: nothing lost, every problem named."""

from __future__ import annotations

import codecs
import io
import json
import pickle
import types
from collections.abc import Iterator, Mapping
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import attrs
import cattrs
import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import newsdoc
from newsdoc import _convert
from newsdoc._engine import LineLayout
from newsdoc._page import PAGE_LINES
from newsdoc.lines import OPTIONAL, Fixed, Line, LineFormat, Text
from newsdoc.strategies import articles, dialects, formatted_articles, pages
from newsdoc.testing import registered

from pickles import OlderPickle
from support import DATA, bylined_articles, examples, read_fixture, wire_registered

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


@pytest.fixture
def own_dialects(monkeypatch: pytest.MonkeyPatch) -> None:
    """Dialects registered by the test are forgotten after it."""
    monkeypatch.setattr("newsdoc._grammar._DIALECTS", dict(newsdoc._grammar._DIALECTS))


PLUS = newsdoc.Dialect(bullet_symbols=("+",))
PLUS_SETTINGS = {
    "breadcrumb_separator": " / ",
    "summary_headings": ["Summary"],
    "bullet_symbols": ["+"],
    "required_blocks": [],
    "heading_case_matters": True,
    "heading_colon_optional": False,
    "point_indent": "",
    "paragraphs_apart": False,
}
IN_PLUS = newsdoc.Article(title="T", summary=newsdoc.Summary(points=("p",)), dialect=PLUS)


@pytest.mark.usefixtures("own_dialects")
def test_a_document_reads_back_equal_whatever_the_dialect_names_come_to_mean() -> None:
    newsdoc.register_dialect("mine", PLUS)
    document = newsdoc.to_json(IN_PLUS)
    newsdoc.register_dialect("mine", newsdoc.Dialect(bullet_symbols=("~",)), replace=True)
    assert newsdoc.from_json(document) == IN_PLUS
    del newsdoc._grammar._DIALECTS["mine"]
    assert newsdoc.from_json(document) == IN_PLUS


@pytest.mark.usefixtures("own_dialects")
def test_a_registered_dialect_is_written_out_with_its_name_as_a_label() -> None:
    assert newsdoc.to_dict(IN_PLUS)["dialect"] == PLUS_SETTINGS
    newsdoc.register_dialect("plus-bullets-for-a-test", PLUS)
    data = newsdoc.to_dict(IN_PLUS)
    assert data["format_version"] == newsdoc.FORMAT_VERSION
    assert data["dialect"] == {"name": "plus-bullets-for-a-test", **PLUS_SETTINGS}
    VALIDATOR.validate(data)
    relabelled = {**data, "dialect": {**PLUS_SETTINGS, "name": "another"}}
    assert newsdoc.from_dict(relabelled) == newsdoc.from_dict(data) == IN_PLUS


@pytest.mark.parametrize(
    ("dialect", "problem"),
    [
        ("plus", "$.dialect: expected an object of its settings, got 'plus'"),
        ({**PLUS_SETTINGS, "name": 5}, "$.dialect: name, the dialect's label, is a str, got 5"),
    ],
)
def test_a_version_3_document_writes_its_dialect_out(dialect: object, problem: str) -> None:
    data = {**newsdoc.to_dict(IN_PLUS), "dialect": dialect}
    assert not VALIDATOR.is_valid(data)
    with pytest.raises(newsdoc.DocumentError) as caught:
        newsdoc.from_dict(data)
    assert caught.value.problems == (problem,)


@pytest.mark.usefixtures("own_dialects")
@pytest.mark.parametrize("version", [1, 2])
def test_older_documents_still_name_a_dialect_looked_up_in_the_registry(version: int) -> None:
    data = {**newsdoc.to_dict(IN_PLUS), "format_version": version, "dialect": "mine"}
    VALIDATOR.validate(data)
    with pytest.raises(newsdoc.DocumentError, match=r"\$\.dialect: no dialect is named 'mine'"):
        newsdoc.from_dict(data)
    newsdoc.register_dialect("mine", PLUS)
    assert newsdoc.from_dict(data) == IN_PLUS
    labelled = {**data, "dialect": {**PLUS_SETTINGS, "name": "mine"}}
    assert not VALIDATOR.is_valid(labelled)
    with pytest.raises(newsdoc.DocumentError, match="unknown keys \\['name'\\]"):
        newsdoc.from_dict(labelled)


VERSION_2 = DATA / "version-2"


@pytest.mark.usefixtures("own_dialects")
@pytest.mark.parametrize(
    ("name", "dialect"),
    [("key-takeaways", "key-takeaways"), ("arrows", None), ("written-out", None)],
)
def test_documents_written_at_version_2_still_read(name: str, dialect: str | None) -> None:
    arrows = newsdoc.Dialect(
        breadcrumb_separator=" > ", summary_headings=("In brief",), bullet_symbols=("\u2192",)
    )
    newsdoc.register_dialect("arrows", arrows)
    document = (VERSION_2 / f"{name}.json").read_bytes()
    page = (VERSION_2 / f"{name}.page").read_bytes().decode("utf-8")
    assert json.loads(document)["format_version"] == 2
    VALIDATOR.validate(json.loads(document))
    article = newsdoc.from_json(document)
    assert newsdoc.dumps(article) == page
    assert article == newsdoc.loads(page, dialect=dialect or article.dialect)
    assert newsdoc.from_json(newsdoc.to_json(article)) == article


@pytest.mark.usefixtures("own_dialects")
def test_json_lines_written_at_version_2_still_read() -> None:
    newsdoc.register_dialect(
        "arrows",
        newsdoc.Dialect(
            breadcrumb_separator=" > ", summary_headings=("In brief",), bullet_symbols=("\u2192",)
        ),
    )
    records = list(newsdoc.load_jsonl(VERSION_2 / "records.jsonl"))
    assert [(r.source, r.article.title) for r in records] == [
        ("pages/night-trains.txt", "Night Trains Return to the Alps"),
        (None, "Comet Seen Over the Harbour"),
    ]
    for line in (VERSION_2 / "records.jsonl").read_bytes().splitlines():
        VALIDATOR.validate(json.loads(line))


_LAYOUTS = st.fixed_dictionaries(
    {},
    optional={
        "bom": st.booleans(),
        "newline": st.sampled_from(["\n", "\r\n", "\r"]),
        "mixed_newlines": st.lists(st.sampled_from(["\n", "\r\n", "\r"]), max_size=12),
        "title_repeat": st.booleans(),
        "lines": st.lists(
            st.fixed_dictionaries(
                {
                    "kind": st.sampled_from([line.name for line in PAGE_LINES]),
                    "index": st.integers(0, 4),
                },
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


_LINE_LAYOUTS = st.tuples(
    st.booleans(),
    st.sampled_from(["\n", "\r\n", "\r", "x"]),
    st.lists(st.sampled_from(["\n", "\r\n", "\r"]), max_size=12),
    st.lists(
        st.sampled_from(
            ["title", "point", "repeat", "paragraph", 0, 1, 2, "\n", " \n", "\n-\n \n"]
        ),
        max_size=9,
    ),
    st.lists(st.sampled_from(["", " "]), max_size=2),
).map(list)


@given(
    formatted_articles(),
    st.one_of(_LAYOUTS.map(lambda old: (3, old)), _LINE_LAYOUTS.map(lambda new: (4, new))),
)
def test_any_layout_document_gives_an_article_that_reads_back_or_a_document_error(
    article: newsdoc.Article, versioned: tuple[int, Any]
) -> None:
    data = newsdoc.to_dict(article)
    data["format_version"], data["layout"] = versioned
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
    bom, newline, endings, lines, trailing = data["layout"]
    assert (bom, newline, endings, trailing) == (False, "\n", [], [""])
    assert lines[lines.index("repeat") : lines.index("repeat") + 3] == ["repeat", 0, "\n"]
    # The first point: a blank line before it, then its indent, bullet and padding.
    assert lines[lines.index("point") : lines.index("point") + 3] == ["point", 0, "\n  \n•\n \n"]


def document(**changes: Any) -> dict[str, Any]:
    text, _ = read_fixture("rendering-a")
    data = newsdoc.to_dict(newsdoc.loads(text))
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (document(format_version=6), "$.format_version: expected 1 to 5, got 6"),
        ({"title": "x"}, "$.format_version: expected 1 to 5, got None"),
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
            document(layout=[False, "\n", [], ["paragraph", 40, "\n\n"], []]),
            "$: the layout does not fit the content: it formats lines the article lacks",
        ),
        (document(layout=[False, "\t", [], [], []]), "$: invalid layout: newline"),
        (document(layout={"newline": "\r"}), "$.layout: expected an array of 5 items"),
        (
            document(format_version=3, layout={"newline": "\t"}),
            "$.layout.newline: expected one of '\\n', '\\r\\n' or '\\r'",
        ),
        (
            document(format_version=3, layout={"lines": [{"kind": "byline", "index": 0}]}),
            "$.layout.lines[0].kind: expected one of 'breadcrumb', 'title',",
        ),
        (
            document(format_version=3, layout={"mixed_newlines": ["\n", "\r"] * 20}),
            "$.layout: the layout lists 40 line endings for 12 lines, which take 11",
        ),
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
        (b'{"format_version": 1, "article": {}}', "$.format_version: expected 2 to 5, got 1"),
        (b'{"format_version": 2, "article": {}, "url": "x"}', "$: unknown key 'url'"),
        (b'{"format_version": 2, "article": {}, "source": 5}', "$.source: expected str, got int"),
        (b'{"format_version": 2, "article": {}, "captured": "May"}', "$.captured: captured is"),
        (b'{"format_version": 3, "article": {}}', "$.article.format_version: expected 1 to 5"),
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


LONE = newsdoc.Article(title="Storm", body=("Winds rose.", "Ports \udcffshut."))


@pytest.mark.parametrize(
    "text",
    [
        newsdoc.to_json(LONE, indent=2),  # the surrogate as it is
        newsdoc.to_json(LONE, indent=2, ensure_ascii=True),  # escaped: \udcff
        newsdoc.to_json(LONE, indent=2, ensure_ascii=True).encode(),
    ],
)
def test_the_json_reader_refuses_a_lone_surrogate_at_its_path_line_and_column(
    text: str | bytes,
) -> None:
    with pytest.raises(newsdoc.DocumentError) as caught:
        newsdoc.from_json(text)
    assert caught.value.problems == (
        "$.body[1]: 'Ports \\udcffshut.' (line 9, column 5) holds a lone surrogate, "
        "which UTF-8 cannot encode",
    )
    if isinstance(text, str):
        with pytest.raises(newsdoc.DocumentError, match=r"\$\.body\[1\]: .* \(line 9, column 5\)"):
            newsdoc.loads(text, format="json")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (newsdoc.to_json(LONE).encode("utf-8", "surrogatepass"), "found the byte 0xed"),
        (newsdoc.to_json(LONE).encode("utf-16", "surrogatepass"), "UTF-16"),
    ],
)
def test_bytes_holding_a_lone_surrogate_are_refused_as_not_utf8(data: bytes, reason: str) -> None:
    with pytest.raises(newsdoc.DocumentError, match=reason):
        newsdoc.from_json(data)


@pytest.mark.parametrize("bom", ["\ufeff", codecs.BOM_UTF8])
def test_a_lone_surrogates_column_counts_from_after_a_bom(bom: str | bytes) -> None:
    text = newsdoc.to_json(LONE, ensure_ascii=True)
    with pytest.raises(newsdoc.DocumentError) as without:
        newsdoc.from_json(text)
    with pytest.raises(newsdoc.DocumentError) as after_a_bom:
        newsdoc.from_json(bom + text if isinstance(bom, str) else bom + text.encode())
    assert "line 1, column" in without.value.problems[0]
    assert after_a_bom.value.problems == without.value.problems


def test_from_dict_refuses_a_lone_surrogate_anywhere_at_its_path() -> None:
    data = newsdoc.to_dict(LONE)
    data["summary"] = {"heading": "Summary", "points": ["\ud83d"], "\ud800": 1}
    with pytest.raises(newsdoc.DocumentError) as caught:
        newsdoc.from_dict(data)
    assert caught.value.problems == (
        "$.summary.points[0]: '\\ud83d' holds a lone surrogate, which UTF-8 cannot encode",
        "$.summary: the key '\\ud800' holds a lone surrogate, which UTF-8 cannot encode",
        "$.body[1]: 'Ports \\udcffshut.' holds a lone surrogate, which UTF-8 cannot encode",
    )


def test_a_bom_opens_a_json_lines_file_and_nothing_else() -> None:
    line = newsdoc.to_json(newsdoc.Article(title="Ferry")).encode()
    assert list(newsdoc.load_jsonl(io.BytesIO(codecs.BOM_UTF8 + b"\n"))) == []
    assert len(list(newsdoc.load_jsonl(io.BytesIO(codecs.BOM_UTF8 + line + b"\n" + line)))) == 2
    with pytest.raises(newsdoc.DocumentError, match="line 2"):
        list(newsdoc.load_jsonl(io.BytesIO(line + b"\n" + codecs.BOM_UTF8 + line)))


def test_a_mapping_that_cannot_be_read_is_a_document_error() -> None:
    class Unreadable(Mapping[str, object]):
        def __getitem__(self, key: str) -> object:
            raise RuntimeError("unreadable")

        def __iter__(self) -> Iterator[str]:
            return iter(["heading"])

        def __len__(self) -> int:
            return 1

    data = {**newsdoc.to_dict(newsdoc.Article(title="Storm")), "summary": Unreadable()}
    with pytest.raises(newsdoc.DocumentError, match=r"\$\.summary"):
        newsdoc.from_dict(data)


def test_a_surrogate_pair_written_as_escapes_is_one_character_and_reads() -> None:
    article = newsdoc.Article(title="Storm \U0001f300 over the ports")
    assert "\\ud83c\\udf00" in newsdoc.to_json(article, ensure_ascii=True)
    assert newsdoc.from_json(newsdoc.to_json(article, ensure_ascii=True)) == article


def test_a_record_line_with_a_lone_surrogate_is_refused_naming_its_line_and_path() -> None:
    good = newsdoc.to_json(newsdoc.Article(title="Ferry returns")).encode()
    bad = json.dumps({"format_version": 3, "source": "pages/\udcff.txt", "article": {}}).encode()
    with pytest.raises(newsdoc.DocumentError) as caught:
        list(newsdoc.load_jsonl(io.BytesIO(good + b"\n" + bad + b"\n")))
    assert caught.value.problems == (
        "line 2: $.source: 'pages/\\udcff.txt' (line 1, column 33) holds a lone surrogate, "
        "which UTF-8 cannot encode",
    )


def test_lenient_reading_and_writing_as_text_keep_a_lone_surrogate() -> None:
    text = "Storm\n\nPorts \udcffshut."
    article = newsdoc.loads(text, strict=False)
    assert newsdoc.dumps(article) == text
    assert newsdoc.loads(newsdoc.dumps(article)) == article


@pytest.mark.parametrize("target", ["path", "file"])
def test_writing_a_lone_surrogate_to_a_file_names_its_line_and_column(
    tmp_path: Path, target: str
) -> None:
    article = newsdoc.loads("Storm\n\nWinds rose.\nPorts \udcffshut.")
    out = tmp_path / "page.txt" if target == "path" else io.BytesIO()
    with pytest.raises(newsdoc.SerializeError) as caught:
        newsdoc.dump(article, out)
    assert caught.value.problems == (
        "the character '\\udcff' at line 4, column 7 (offset 25) is a lone surrogate, "
        "which UTF-8 cannot encode",
    )
    assert not (tmp_path / "page.txt").exists()


JSON_STRINGS = st.text(st.characters(codec=None, categories=["Cs", "Lu", "Ll", "So", "Zs"]))


@given(title=JSON_STRINGS, body=st.lists(JSON_STRINGS, max_size=3), ascii=st.booleans())
def test_every_json_document_read_can_be_written_as_a_utf8_file(
    title: str, body: list[str], ascii: bool
) -> None:
    document = {"format_version": 3, "title": title, "body": body}
    text = json.dumps(document, ensure_ascii=ascii)
    # As read: escapes of a high and a low surrogate side by side read as one character.
    read = json.loads(text)
    lone = any(newsdoc._grammar.lone_surrogate(s) >= 0 for s in [read["title"], *read["body"]])
    try:
        article = newsdoc.from_json(text)
    except newsdoc.DocumentError as error:
        assert lone == any("lone surrogate" in problem for problem in error.problems)
        return
    out = io.BytesIO()
    newsdoc.dump(article, out, format="json")
    assert newsdoc.from_json(out.getvalue()) == article


@pytest.mark.parametrize("version", [True, 1.0, "1", 0, 6, None])
def test_only_the_ints_one_to_five_are_format_versions(version: object) -> None:
    data = newsdoc.to_dict(newsdoc.Article(title="Bridge reopens"))
    data["format_version"] = version
    with pytest.raises(newsdoc.DocumentError, match=r"\$\.format_version"):
        newsdoc.from_dict(data)


def test_from_dict_takes_any_mapping() -> None:
    article = newsdoc.loads("Storm\n\nSummary\n  \u2022 Ports shut\n\nWinds rose.\n")
    data = newsdoc.to_dict(article)
    frozen = types.MappingProxyType({**data, "summary": types.MappingProxyType(data["summary"])})
    assert newsdoc.from_dict(frozen) == article


# -- bylines and meta (format version 4) ---------------------------------------------------


@given(bylined_articles())
def _json_carries(article: newsdoc.Article) -> None:
    data = newsdoc.to_dict(article)
    VALIDATOR.validate(data)
    assert ("byline" in data) is (article.byline is not None)
    assert ("meta" in data) is bool(article.meta)
    assert data.get("byline") == article.byline
    assert data.get("meta", {}) == article.meta
    back = newsdoc.from_json(newsdoc.to_json(article))
    assert back == article
    assert (back.byline, back.meta) == (article.byline, article.meta)
    assert newsdoc.from_dict(json.loads(json.dumps(data))) == article


def test_json_carries_the_byline_and_meta_and_writes_each_only_when_there_is_some() -> None:
    with wire_registered():
        _json_carries()


@given(st.lists(st.builds(newsdoc.Record, article=bylined_articles()), max_size=3))
def _json_lines_carry(records: list[newsdoc.Record]) -> None:
    buffer = io.BytesIO()
    newsdoc.dump_jsonl(records, buffer)
    for line in buffer.getvalue().splitlines():
        VALIDATOR.validate(json.loads(line))
    assert list(newsdoc.load_jsonl(io.BytesIO(buffer.getvalue()))) == records


def test_json_lines_carry_the_byline_and_meta_of_each_record() -> None:
    with wire_registered():
        _json_lines_carry()


def test_absent_byline_and_meta_are_left_out_and_null_or_empty_read_as_absent() -> None:
    article = newsdoc.Article(title="Ferries resume", format="wire")
    data = newsdoc.to_dict(article)
    assert "byline" not in data
    assert "meta" not in data
    with wire_registered():
        for spelled in ({"byline": None}, {"meta": {}}):
            VALIDATOR.validate({**data, **spelled})
            assert newsdoc.from_dict({**data, **spelled}) == article


WIRED = {**newsdoc.to_dict(newsdoc.Article(title="Ferries resume", format="wire"))}


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"byline": 5}, "$.byline: expected str, got int 5"),
        ({"byline": ["By Ana"]}, "$.byline: expected str, got list"),
        ({"byline": ""}, "$: byline must not be empty"),
        ({"byline": "By Ana "}, "$: byline must not start or end with a space or tab"),
        ({"byline": "By\nAna"}, "$: byline must be one line"),
        ({"meta": [["source", "x"]]}, "$.meta: expected an object, got list"),
        ({"meta": "source"}, "$.meta: expected an object, got str"),
        ({"meta": {"tags": 5}}, "$.meta['tags']: expected str, got int 5"),
        ({"meta": {"tags": None}}, "$.meta['tags']: expected str, got NoneType"),
        ({"meta": {"tags": "ice "}}, "$.meta['tags']: meta['tags'] must not start or end"),
        ({"meta": {"tags": ""}}, "$.meta['tags']: meta['tags'] must not be empty"),
        ({"meta": {" tags": "ice"}}, "$.meta[' tags']: a name in meta is printable text"),
        ({"meta": {"": "ice"}}, "$.meta['']: a name in meta is printable text"),
        ({"meta": {"a\tb": "ice"}}, "$.meta['a\\tb']: a name in meta is printable text"),
    ],
)
def test_a_byline_or_meta_of_the_wrong_type_or_shape_is_refused_at_its_path(
    changes: dict[str, Any], problem: str
) -> None:
    data = {**WIRED, **changes}
    assert not VALIDATOR.is_valid(data)
    with wire_registered(), pytest.raises(newsdoc.DocumentError) as caught:
        newsdoc.from_dict(data)
    assert any(message.startswith(problem) for message in caught.value.problems), (
        caught.value.problems
    )


def test_meta_is_read_from_any_mapping_as_the_rest_of_a_document_is() -> None:
    data = {**WIRED, "meta": types.MappingProxyType({"tags": "sea, ferries"})}
    with wire_registered():
        assert newsdoc.from_dict(data).meta == {"tags": "sea, ferries"}


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ({"byline": "By Ana \udc80"}, "$.byline: "),
        ({"meta": {"tags": "ice \ud800"}}, "$.meta.tags: "),
        ({"meta": {"ta\udcffgs": "ice"}}, "$.meta: the key 'ta\\udcffgs'"),
    ],
)
def test_a_lone_surrogate_in_a_byline_or_meta_is_refused_at_its_path(
    changes: dict[str, Any], path: str
) -> None:
    text = json.dumps({**WIRED, **changes})
    with wire_registered(), pytest.raises(newsdoc.DocumentError) as caught:
        newsdoc.from_json(text)
    (problem,) = caught.value.problems
    assert problem.startswith(path)
    assert problem.endswith("holds a lone surrogate, which UTF-8 cannot encode")


@pytest.mark.parametrize("version", [1, 2, 3])
@pytest.mark.parametrize("key", ["byline", "meta"])
def test_a_document_older_than_version_4_has_no_byline_or_meta(version: int, key: str) -> None:
    with wire_registered():
        article = newsdoc.Article(
            title="Ferries resume", byline="By Ana", meta={"tags": "sea"}, format="wire"
        )
        data = {
            **{k: v for k, v in newsdoc.to_dict(article).items() if k not in ("byline", "meta")},
            "format_version": version,
            key: newsdoc.to_dict(article)[key],
        }
        assert not VALIDATOR.is_valid(data)
        with pytest.raises(newsdoc.DocumentError) as caught:
            newsdoc.from_dict(data)
    assert caught.value.problems == (
        f"$: unknown key {key!r} in a document of format version {version} (version 4 brought it)",
    )


VERSION_3 = DATA / "version-3"
LANTERNS = newsdoc.Dialect(
    breadcrumb_separator=" > ", summary_headings=("In brief",), bullet_symbols=("\u2192",)
)


@pytest.mark.parametrize(
    ("name", "dialect"),
    [("arrows", LANTERNS), ("key-takeaways", "key-takeaways"), ("stray", None)],
)
def test_documents_written_at_version_3_still_read(
    name: str, dialect: newsdoc.Dialect | str | None
) -> None:
    document = (VERSION_3 / f"{name}.json").read_bytes()
    page = (VERSION_3 / f"{name}.page").read_bytes().decode("utf-8")
    assert json.loads(document)["format_version"] == 3
    VALIDATOR.validate(json.loads(document))
    article = newsdoc.from_json(document)  # the dialect written out: nothing to register
    assert newsdoc.dumps(article) == page
    assert article == newsdoc.loads(page, strict=name != "stray", dialect=dialect)
    assert (article.byline, article.meta) == (None, {})
    assert newsdoc.from_json(newsdoc.to_json(article)) == article


VERSION_4 = DATA / "version-4"


@pytest.mark.parametrize("name", ["points-apart", "second-point-apart"])
def test_documents_written_at_version_4_still_read_with_each_point_where_it_stood(
    name: str,
) -> None:
    """Version 4 recorded a point an edit adds as the first one, right after the one
    before; version 5 as far apart as the second: each point keeps its blank lines."""
    document = (VERSION_4 / f"{name}.json").read_bytes()
    page = (VERSION_4 / f"{name}.page").read_bytes().decode("utf-8")
    data = json.loads(document)
    assert data["format_version"] == 4
    VALIDATOR.validate(data)
    article = newsdoc.from_json(document)
    assert newsdoc.dumps(article) == page
    assert article == newsdoc.loads(page)
    assert article.layout != tuple(data["layout"])  # recorded otherwise now
    written = newsdoc.to_dict(article)
    assert written["format_version"] == 5
    assert newsdoc.from_dict(written) == article


def test_json_lines_written_at_version_4_still_read() -> None:
    records = list(newsdoc.load_jsonl(VERSION_4 / "records.jsonl"))
    for record in records:
        name = Path(str(record.source)).stem
        assert newsdoc.dumps(record.article) == (VERSION_4 / f"{name}.page").read_text()


def test_a_version_4_layout_that_would_not_write_its_page_is_refused_at_its_path() -> None:
    data = json.loads((VERSION_4 / "points-apart.json").read_bytes())
    data["layout"][3] = ["point", 7, "\n\n-\n \n"]  # a point the summary lacks
    with pytest.raises(newsdoc.DocumentError, match=r"\$\.layout: the layout does not fit"):
        newsdoc.from_dict(data)


@pytest.mark.parametrize("lines", [None, 5, {}, "point", [["point", 1, "x"]]])
def test_a_version_4_layout_of_any_shape_is_refused_at_its_path(lines: object) -> None:
    data = json.loads((VERSION_4 / "points-apart.json").read_bytes())
    data["layout"][3] = lines
    with pytest.raises(newsdoc.DocumentError, match=r"\$\.layout: "):
        newsdoc.from_dict(data)


def test_a_format_built_from_the_pages_lines_reads_its_version_4_documents_as_written() -> None:
    """Formats that take the page's lines took its points as they were laid out then."""
    sourced = LineFormat(
        name="sourced-page",
        lines=(Line(Fixed("Source:"), Text("meta.source"), count=OPTIONAL), *PAGE_LINES),
    )
    page = "Source: ferry.example\nT\nSummary\n- a\n\n- b\n- c\n\nBody."
    with registered(sourced):
        article = sourced.parse(page)
        data = newsdoc.to_dict(article)
        assert data["format_layout"][3] == ["point", 1, "\n\n-\n \n", "point", 2, "\n-\n \n"]
        data["format_version"] = 4
        data["format_layout"][3] = ["point", 1, "\n\n-\n \n"]  # as version 4 recorded it
        read = newsdoc.from_dict(data)
        assert newsdoc.dumps(read) == page
        assert read == article
        then = LineLayout(lines=("point", 1, "\n\n-\n \n"))
        pickled = {**read._pickled_fields(), "layout": then}
        del pickled["layout_version"]
        unpickled = pickle.loads(pickle.dumps(OlderPickle("Article", pickled)))
        assert newsdoc.dumps(unpickled) == page


def test_an_article_of_another_format_written_at_version_3_still_reads() -> None:
    document = (VERSION_3 / "plugin.json").read_bytes()
    VALIDATOR.validate(json.loads(document))
    article = newsdoc.from_json(document)
    assert article == newsdoc.Article(
        title="Clipped from the evening edition",
        body=("Kept as the clipping had it.",),
        format="clipping",
        layout=("columns", 2, (True, None)),
    )
    assert newsdoc.from_json(newsdoc.to_json(article)) == article


def test_json_lines_written_at_version_3_still_read() -> None:
    records = list(newsdoc.load_jsonl(VERSION_3 / "records.jsonl"))
    assert [(r.source, r.captured, r.article.format) for r in records] == [
        ("pages/lanterns.txt", date(2026, 10, 6), "page"),
        (None, datetime(2026, 4, 10, 18, 0, tzinfo=timezone(timedelta(hours=2))), "clipping"),
    ]
    assert records[0].article.dialect == LANTERNS
    for line in (VERSION_3 / "records.jsonl").read_bytes().splitlines():
        VALIDATOR.validate(json.loads(line))


def test_the_document_of_an_article_of_another_format_stores_its_dialect() -> None:
    article = newsdoc.Article(
        title="Quay reopens",
        summary=newsdoc.Summary(heading="Key takeaways", points=("Berths are free",)),
        format="harbour-notes",  # not installed: the article keeps what it is given
        dialect="key-takeaways",
    )
    data = newsdoc.to_dict(article)
    assert data["dialect"]["name"] == "key-takeaways"
    VALIDATOR.validate(data)
    assert newsdoc.from_dict(data) == article
    assert newsdoc.from_json(newsdoc.to_json(article)) == article


# -- one statement of the shape: the reader and the schema agree ------------------------------


_Place = tuple[Any, Any, bool]
"""A string of a document: its container, its key or index there, and whether it is the key."""


def _string_places(data: object) -> list[_Place]:
    places: list[_Place] = []
    if isinstance(data, dict):
        for key, value in data.items():
            places.append((data, key, True))
            places += [(data, key, False)] if isinstance(value, str) else _string_places(value)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            places += [(data, index, False)] if isinstance(value, str) else _string_places(value)
    return places


DOCUMENTS = st.one_of(
    formatted_articles(stray_lines=True),
    dialects().flatmap(lambda dialect: formatted_articles(dialect, stray_lines=True)),
    articles(),
).map(newsdoc.to_dict)


@given(DOCUMENTS, st.data())
def test_a_lone_surrogate_in_any_string_or_key_of_a_document_is_refused_at_its_path(
    data: dict[str, Any], draw: st.DataObject
) -> None:
    container, key, is_key = draw.draw(st.sampled_from(_string_places(data)))
    if is_key:
        container[key + "\udc80"] = container.pop(key)
    else:
        container[key] = container[key] + "\ud800"
    with pytest.raises(newsdoc.DocumentError) as caught:
        newsdoc.from_dict(data)
    assert caught.value.problems
    assert all("lone surrogate" in problem for problem in caught.value.problems)


def _places(data: object, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """The path of every value in ``data``, the whole first."""
    yield path
    items = (
        data.items()
        if isinstance(data, dict)
        else enumerate(data)
        if isinstance(data, list)
        else ()
    )
    for key, value in items:
        yield from _places(value, (*path, key))


_GONE = object()
"""The value that takes a key, or an item, out."""


def _replaced(data: Any, path: tuple[Any, ...], value: object) -> Any:
    if not path:
        return value
    data = dict(data) if isinstance(data, dict) else list(data)
    if len(path) > 1:
        data[path[0]] = _replaced(data[path[0]], path[1:], value)
    elif value is not _GONE:
        data[path[0]] = value
    elif isinstance(data, dict):
        data.pop(path[0], None)
    else:
        del data[path[0]]
    return data


# Each example mutates one place of many: more of them reach the rarer places.
@settings(max_examples=examples(3))
@given(DOCUMENTS, st.data())
def test_every_document_the_reader_takes_fits_the_schema(
    data: dict[str, Any], draw: st.DataObject
) -> None:
    keys = [(key,) for key in VALIDATOR.schema["$defs"]["article"]["properties"]]
    path = draw.draw(st.sampled_from(keys) | st.sampled_from(list(_places(data))[1:]))
    value = draw.draw(
        st.sampled_from([_GONE, None, [], {}, "", "Text", 3, -1]) | json_values, label="value"
    )
    changed = _replaced(data, path, value)
    try:
        newsdoc.from_dict(changed)
    except newsdoc.DocumentError:
        return
    VALIDATOR.validate(changed)


@given(DOCUMENTS, st.data())
def test_an_unknown_key_anywhere_is_refused_by_the_reader_and_the_schema(
    data: dict[str, Any], draw: st.DataObject
) -> None:
    objects = [path for path in _places(data) if isinstance(_at(data, path), dict)]
    path = draw.draw(st.sampled_from(objects))
    target = _at(data, path)
    changed = _replaced(data, path, {**target, "surplus": 1})
    assert not VALIDATOR.is_valid(changed)
    with pytest.raises(newsdoc.DocumentError, match=r"unknown keys? .*'surplus'"):
        newsdoc.from_dict(changed)


def _at(data: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        data = data[step]
    return data


def _object_schemas() -> list[tuple[dict[str, Any], type]]:
    definitions = newsdoc.json_schema()["$defs"]
    article = definitions["article"]["properties"]
    return [
        (definitions["article"], _convert._ArticleDoc),
        (definitions["record"], _convert._RecordDoc),
        (article["summary"]["oneOf"][1], _convert._SummaryDoc),
        (article["stray_lines"]["items"], _convert._StrayDoc),
        (definitions["layout"], _convert._LayoutDoc),
        (definitions["layout"]["properties"]["lines"]["items"], _convert._LineDoc),
    ]


@pytest.mark.parametrize(("schema", "shape"), _object_schemas())
def test_the_schema_names_the_keys_the_reader_reads_and_requires_those_without_a_default(
    schema: dict[str, Any], shape: type
) -> None:
    fields = attrs.fields(shape)
    assert schema["additionalProperties"] is False
    assert schema["properties"].keys() == {field.name for field in fields}
    assert set(schema.get("required", ())) == {
        field.name for field in fields if field.default is attrs.NOTHING
    }


@pytest.mark.parametrize("index", [True, 1.0, "1"])
def test_a_layout_line_indexed_by_anything_but_an_int_is_refused_after_its_int_twin_read(
    index: object,
) -> None:
    # Layouts found valid are kept for the next document; ``True == 1 == 1.0``, so the
    # one kept must not vouch for its look-alikes.
    text, _ = read_fixture("rendering-b")
    data = newsdoc.to_dict(newsdoc.loads(text))
    newsdoc.from_dict(data)
    lines = data["layout"][3]
    at = lines.index("paragraph")
    assert lines[at + 1] == 1
    twin = [*data["layout"][:3], [*lines[: at + 1], index, *lines[at + 2 :]], data["layout"][4]]
    with pytest.raises(newsdoc.DocumentError) as caught:
        newsdoc.from_dict({**data, "layout": twin})
    assert "invalid layout: line" in caught.value.problems[0]


def test_a_layout_kept_as_valid_still_does_not_fit_an_article_with_fewer_lines() -> None:
    text, _ = read_fixture("rendering-b")
    data = newsdoc.to_dict(newsdoc.loads(text))
    newsdoc.from_dict(data)
    with pytest.raises(newsdoc.DocumentError) as caught:
        newsdoc.from_dict({**data, "body": data["body"][:1]})
    assert "the layout does not fit the content" in caught.value.problems[0]
