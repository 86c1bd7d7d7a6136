"""Reading files: one way for load, load_many and the command, one encoding, one meaning a suffix.

Every reader takes a file the same way, in every format (the built-in ones,
a plugin's, and the one ``auto`` finds); every reader of bytes keeps one
rule (UTF-8, with or without a BOM); and every article reads back as itself
in its own format and dialect.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import newsdoc
from newsdoc import Article, Defect, Failure, ParseError, Record, SerializeError, strategies
from newsdoc._batch import Options, Page, _read, check, pages

from support import examples, registries_restored

# -- a small page format of the tests' own ----------------------------------------------

_MARK = "EXCERPT: "


class Excerpt:
    """A page format: a marked title line, then a line for each paragraph."""

    name = "excerpt"
    suffixes = (".exc",)

    def sniff(self, text: str) -> float:
        return 0.9 if text.startswith(_MARK) else 0.0

    def parse(self, text: str, *, strict: bool = True) -> Article:
        title, *body = text.removeprefix(_MARK).split("\n")
        if text.startswith(_MARK) and all(_is_line(line) for line in (title, *body)):
            return Article(title=title, body=tuple(body), format=self.name)
        defect = Defect(line=1, column=1, code="not-an-excerpt", message="expected an excerpt")
        if strict:
            raise ParseError(defect, text.split("\n", 1)[0])
        return Article(title="", format=self.name, layout=text, defects=(defect,))

    def fit(self, article: Article) -> object:
        if article.breadcrumb or article.dateline or article.summary or article.stray_lines:
            raise newsdoc.ValidationError("an excerpt holds a title and paragraphs alone")
        return None if article.title else article.layout

    def dump(self, article: Article) -> str:
        if article.format == self.name and not article.title:
            return str(article.layout)
        if article.breadcrumb or article.dateline or article.summary or article.stray_lines:
            raise SerializeError(["an excerpt holds a title and paragraphs alone"])
        return _MARK + "\n".join((article.title, *article.body))


def _is_line(text: str) -> bool:
    return bool(text) and text == text.strip() and text.isprintable()


_WORDS = st.text("abcdefghij", min_size=1, max_size=6)
_LINES = st.lists(_WORDS, min_size=1, max_size=4).map(" ".join)
excerpts = st.builds(
    lambda title, body: Article(title=title, body=tuple(body), format="excerpt"),
    _LINES,
    st.lists(_LINES, max_size=3),
)
"""Articles of the excerpt format (drawn once it is registered)."""


@pytest.fixture(scope="module", autouse=True)
def _excerpts_registered() -> Iterator[None]:
    with registries_restored():
        newsdoc.register_format(Excerpt())
        yield


def _page_articles() -> st.SearchStrategy[Article]:
    return st.one_of(
        strategies.formatted_articles(),
        strategies.dialects().flatmap(strategies.formatted_articles),
    )


# -- one reading path --------------------------------------------------------------------

# What a file holds, the suffix it has, and the format it is read in by name.
_FILES: dict[str, tuple[Callable[[Article], str], st.SearchStrategy[Article]]] = {
    "page": (newsdoc.dumps, strategies.formatted_articles()),
    "json": (newsdoc.to_json, _page_articles() | excerpts),
    "excerpt": (newsdoc.dumps, excerpts),
}
_SUFFIXES = {"page": ".txt", "json": ".json", "excerpt": ".exc"}


def _outcome(read: Callable[[], Article]) -> Article | tuple[type, str]:
    """The article ``read`` gives, or the newsdoc error it raises, as its class and message."""
    try:
        return read()
    except newsdoc.NewsdocError as error:
        return type(error), str(error)


def _item_outcome(item: Record | Failure) -> Article | tuple[type, str]:
    return item.article if isinstance(item, Record) else (type(item.error), str(item.error))


@settings(max_examples=examples(0.6), deadline=None)
@given(
    kind=st.sampled_from(sorted(_FILES)),
    by=st.sampled_from(["suffix", "name", "auto"]),
    dialect=st.sampled_from([None, "default"]),
    data=st.data(),
)
def test_load_load_many_and_the_command_read_a_file_alike(
    kind: str, by: str, dialect: str | None, data: st.DataObject
) -> None:
    write, articles = _FILES[kind]
    text = write(data.draw(articles))
    # By suffix, the format is not named; by name or auto, the suffix says nothing.
    suffix = _SUFFIXES[kind] if by == "suffix" else ".page"
    fmt = {"suffix": None, "name": kind, "auto": "auto"}[by]
    expected = _outcome(lambda: newsdoc.loads(text, format=fmt or kind, dialect=dialect))
    assert by == "auto" or isinstance(expected, Article)
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / f"a{suffix}")
        Path(path).write_bytes(text.encode("utf-8"))
        assert _outcome(lambda: newsdoc.load(path, format=fmt, dialect=dialect)) == expected
        items = list(newsdoc.load_many([path], format=fmt, dialect=dialect))
        assert [_item_outcome(item) for item in items] == [expected]
        assert all(item.source == path for item in items)
        options = Options(
            strict=True,
            dialect=None if dialect is None else newsdoc.DEFAULT_DIALECT,
            format=fmt,
            max_bytes=1 << 20,
            max_lines=1 << 20,
        )
        assert _outcome(lambda: _read(Page(path, None), options).article) == expected
        assert (check(Page(path, None), options).failure is None) == isinstance(expected, Article)


def test_auto_reads_each_page_in_its_own_dialect_in_load_many_as_load_does(
    tmp_path: Path,
) -> None:
    page = "Gales ease overnight\nMarch 3, 2026\nKey Takeaways:\n  \u2022 Boats run hourly"
    (tmp_path / "a.txt").write_text(page)
    read = newsdoc.load(tmp_path / "a.txt", format="auto")
    assert read == newsdoc.loads(page, dialect="key-takeaways")
    items = list(newsdoc.load_many(tmp_path, format="auto"))
    assert [_item_outcome(item) for item in items] == [read]


# -- the lossless contract, for every format ------------------------------------------------


@settings(max_examples=examples(0.6), deadline=None)
@given(data=st.data())
def test_every_article_reads_back_as_itself_in_its_format_and_dialect(
    data: st.DataObject,
) -> None:
    names = newsdoc.format_names()
    assert names == ["excerpt", "json", "page"]
    for name in names:
        fmt = newsdoc.get_format(name)
        if getattr(fmt, "kind", "page") == "data":
            # A carrier holds articles of every format and dialect, which it carries itself.
            article = data.draw(_page_articles() | excerpts)
            written = newsdoc.dumps(article, format=name)
            assert newsdoc.loads(written, strict=False, format=name) == article
            continue
        article = data.draw(_page_articles() if name == "page" else excerpts)
        assert article.format == name
        read = newsdoc.loads(
            newsdoc.dumps(article), strict=False, format=article.format, dialect=article.dialect
        )
        assert read == article


# -- one rule for the bytes of pages and JSON ------------------------------------------------

_WIDE = {
    "utf-16": "UTF-16 (little-endian)",
    "utf-16-be": "UTF-16 (big-endian)",
    "utf-32": "UTF-32 (little-endian)",
    "utf-32-be": "UTF-32 (big-endian)",
}


def _encoded(text: str, encoding: str) -> bytes:
    # The "-be" codecs write no byte order mark of their own: it is added.
    return (text if encoding in ("utf-16", "utf-32") else "\ufeff" + text).encode(encoding)


def _refusals(data: bytes, folder: Path) -> Iterator[tuple[str, newsdoc.NewsdocError]]:
    """Each reader of bytes, and the newsdoc error it refuses ``data`` with."""
    for name in ("page.txt", "document.json", "excerpt.exc", "records.jsonl"):
        (folder / name).write_bytes(data)
    for name in ("page.txt", "document.json", "excerpt.exc"):
        with pytest.raises(newsdoc.ParseError) as caught:
            newsdoc.load(folder / name)
        yield f"load {name}", caught.value
    with pytest.raises(newsdoc.ParseError) as caught:
        newsdoc.load(io.BytesIO(data), format="auto")
    yield "load a file object", caught.value
    with pytest.raises(newsdoc.DocumentError) as refused:
        newsdoc.from_json(data)
    yield "from_json", refused.value
    with pytest.raises(newsdoc.DocumentError) as refused:
        list(newsdoc.load_jsonl(folder / "records.jsonl"))
    yield "load_jsonl", refused.value
    for item in newsdoc.load_many(folder, pattern="*.*"):
        assert isinstance(item, Failure), item.source
        yield f"load_many {item.source}", item.error
    options = Options(strict=True, dialect=None, format=None, max_bytes=1 << 20, max_lines=1 << 20)
    for page in pages([str(folder)], "*.*"):
        checked = check(page, options)
        assert checked.failure is not None, page.source
        yield f"check {page.source}", newsdoc.NewsdocError(checked.failure.message)


@settings(max_examples=examples(0.2), deadline=None)
@given(article=_page_articles(), encoding=st.sampled_from(sorted(_WIDE)))
def test_utf16_and_utf32_are_refused_by_every_reader_naming_the_encoding_and_offset(
    article: Article, encoding: str
) -> None:
    data = _encoded(newsdoc.to_json(article), encoding)
    with tempfile.TemporaryDirectory() as name:
        for reader, error in _refusals(data, Path(name)):
            assert _WIDE[encoding] in str(error), reader
            assert "byte offset 0" in str(error), reader


@settings(max_examples=examples(0.2), deadline=None)
@given(article=_page_articles())
def test_utf8_with_or_without_a_bom_is_read_alike_by_every_reader(article: Article) -> None:
    document = newsdoc.to_json(article)
    for data in (document.encode(), b"\xef\xbb\xbf" + document.encode()):
        assert newsdoc.from_json(data) == article
        assert newsdoc.from_json(data.decode("utf-8")) == article
        assert newsdoc.load(io.BytesIO(data), format="json") == article
        assert [r.article for r in newsdoc.load_jsonl(io.BytesIO(data))] == [article]


def test_a_json_lines_error_names_the_file_the_line_and_the_byte_offset_in_the_file(
    tmp_path: Path,
) -> None:
    good = newsdoc.to_json(Article(title="Ferries resume")).encode() + b"\n"
    bad = b'{"title": "\xff"}\n'
    offset = len(good) + bad.index(b"\xff")
    path = tmp_path / "pages.jsonl"
    path.write_bytes(good + bad)
    for source, where in ((io.BytesIO(good + bad), ""), (path, f"{path}, ")):
        with pytest.raises(newsdoc.DocumentError) as caught:
            list(newsdoc.load_jsonl(source))
        problem = caught.value.problems[0]
        assert problem.startswith(f"{where}line 2: $: expected UTF-8, found the byte 0xff")
        assert f"at byte offset {offset} " in problem


# -- one meaning for a suffix ----------------------------------------------------------------


def test_a_json_lines_path_holds_records_wherever_a_path_is_read_or_written(
    tmp_path: Path,
) -> None:
    records = [
        Record(article=Article(title=f"Tram line {n} opens"), source=f"{n}.txt") for n in (1, 2)
    ]
    path = tmp_path / "pages.jsonl"
    newsdoc.dump_jsonl(records, path)
    for fmt in (None, "json", "page", "auto"):
        with pytest.raises(newsdoc.ValidationError, match=r"load_jsonl\(\)"):
            newsdoc.load(path, format=fmt)
    with pytest.raises(newsdoc.ValidationError, match=r"dump_jsonl\(\)"):
        newsdoc.dump(records[0].article, tmp_path / "one.JSONL")
    assert not (tmp_path / "one.JSONL").exists()
    assert list(newsdoc.load_many(path)) == records == list(newsdoc.load_jsonl(path))
