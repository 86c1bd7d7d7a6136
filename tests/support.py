"""Helpers shared by the test modules."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

import attrs
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import newsdoc
from newsdoc import _exports, _grammar, _plugins, strategies
from newsdoc._grammar import split_lines
from newsdoc._model import written_fields
from newsdoc._page import page_program
from newsdoc.strategies import articles, line_texts

_T = TypeVar("_T")

DATA = Path(__file__).parent / "data"


def fixture_names() -> list[str]:
    return sorted(path.stem for path in DATA.glob("*.txt"))


def read_fixture(name: str) -> tuple[str, dict[str, Any]]:
    """A fixture page's text, exactly as stored, and its expected structure."""
    text = (DATA / f"{name}.txt").read_bytes().decode("utf-8")
    expected = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
    return text, expected


@contextmanager
def registries_restored() -> Iterator[None]:
    """Put the registries of dialects, exports and formats back as they were.

    The register functions add to process-wide registries, and newsdoc
    offers no way to take a name out again.
    """
    registries: list[dict[Any, Any]] = [
        _grammar._DIALECTS,
        _exports._EXPORTS,
        _plugins._FORMATS,
        _plugins._SUFFIXES,
    ]
    saved = [dict(registry) for registry in registries]
    discovered = _plugins._discovered
    try:
        yield
    finally:
        for registry, copy in zip(registries, saved, strict=True):
            registry.clear()
            registry.update(copy)
        _plugins._discovered = discovered


# -- a format that holds a byline and meta ---------------------------------------------


class Wire:
    """A page format of the tests' own whose articles may have a byline and meta.

    No format newsdoc registers holds them; this one's text is its
    articles' JSON document, which carries them.  It is registered only
    where a test says so (:func:`wire_registered`); elsewhere its articles
    are of a format that is not installed, which keeps what it is given.
    """

    name = "wire"
    holds = frozenset({"byline", "meta"})

    def sniff(self, text: str) -> float:
        return 0.0

    def parse(self, text: str, *, strict: bool = True) -> newsdoc.Article:
        return newsdoc.from_json(text)

    def dump(self, article: newsdoc.Article) -> str:
        if article.format != self.name:
            raise newsdoc.SerializeError(["the wire format writes its own articles only"])
        return newsdoc.to_json(article)


WIRE = Wire()


@contextmanager
def wire_registered() -> Iterator[None]:
    """The :class:`Wire` format registered for the block, and forgotten after it."""
    with registries_restored():
        newsdoc.register_format(WIRE)
        yield


meta_names = st.sampled_from(["source", "tags", "section", "x-desk-id"]) | st.lists(
    st.text(st.characters(categories=["L", "M", "N", "P", "S"]), min_size=1, max_size=6),
    min_size=1,
    max_size=3,
).map(" ".join)
"""Names of meta lines: printable, without a space at either end."""

sources = st.sampled_from(
    [
        "https://news.example.org/2026/04/glacier-survey",
        "HTTP://example.com:8080/a?b=c&d=%20e#top",
        "https://example.org",
        "https://ex ample.org/",
        "https://",
        "https://example.org/%zz",
        "http://example.org/caf\u00e9",
        "ftp://example.org/file",
        "javascript:alert(1)",
        "news.example.org/a",
    ]
) | line_texts(30)
"""Values of a ``source`` meta line: URLs of the web, and other text that is none."""


@st.composite
def bylined_articles(draw: st.DrawFn) -> newsdoc.Article:
    """Articles of the :class:`Wire` format, most with a byline or meta, some with a source."""
    content = draw(articles())
    meta = draw(st.dictionaries(meta_names, line_texts(30), max_size=3))
    if draw(st.booleans()):
        meta["source"] = draw(sources)
    return newsdoc.Article(
        breadcrumb=content.breadcrumb,
        title=content.title,
        dateline=content.dateline,
        summary=content.summary,
        body=content.body,
        byline=draw(st.none() | line_texts(30)),
        meta=meta,
        format=WIRE.name,
    )


def examples(share: float) -> int:
    """A share of the loaded profile's examples, at least one, for a test costly per example.

    Read when the test is defined, after the profile is loaded: the
    ``long`` profile raises it as it raises every other test's count.
    """
    return max(1, int(settings.default.max_examples * share))


class _Marked:
    """A task that leaves the id of the process it runs in as a file's name, then runs."""

    def __init__(self, task: Callable[..., Any], folder: str) -> None:
        self.task = task
        self.folder = folder

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        Path(self.folder, str(os.getpid())).touch()
        return self.task(*args, **kwargs)


@contextmanager
def worker_processes() -> Iterator[set[int]]:
    """The ids of the processes that ran the tasks given to a ProcessPoolExecutor in the block.

    The set fills when the block ends; empty, no task went to a worker.
    """
    ran: set[int] = set()
    submit = ProcessPoolExecutor.submit

    def marked(
        pool: ProcessPoolExecutor, task: Callable[..., Any], /, *args: Any, **kwargs: Any
    ) -> Future[Any]:
        return submit(pool, _Marked(task, folder), *args, **kwargs)

    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        patch.setattr(ProcessPoolExecutor, "submit", marked)
        yield ran
        ran.update(int(name) for name in os.listdir(folder))


def drawn_sample(strategy: st.SearchStrategy[_T], size: int) -> list[_T]:
    """Up to ``size`` values of ``strategy``: the same ones on every run, to measure how often
    something happens."""
    drawn: list[_T] = []

    @settings(
        derandomize=True,
        database=None,
        max_examples=size,
        phases=[Phase.generate],
        deadline=None,
        # A measurement, not a test: a slow or filtered draw changes nothing it counts.
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def record(value: _T) -> None:
        drawn.append(value)

    record()
    return drawn


def _ending_in_its_title(article: newsdoc.Article) -> newsdoc.Article | None:
    try:
        crumb = newsdoc.Breadcrumb(segments=("Home", article.title))
        return attrs.evolve(article, breadcrumb=crumb)
    except newsdoc.ValidationError:  # a title the breadcrumb cannot end in
        return None


@st.composite
def _articles_with_both_strong_marks(draw: st.DrawFn, dialect: str) -> newsdoc.Article:
    article = draw(
        strategies.articles(dialect)
        .filter(lambda article: article.summary is not None)
        .map(_ending_in_its_title)
        .filter(lambda article: article is not None)
    )
    assert article is not None
    return article


def pages_with_both_strong_marks(dialect: str) -> st.SearchStrategy[tuple[str, newsdoc.Article]]:
    """Pages in any rendering with a breadcrumb ending in the title and a summary.

    They have the marks the site's pages have whatever else they hold, so
    ``format="auto"`` always finds them.
    """
    return strategies.pages(dialect, _articles_with_both_strong_marks(dialect))


def assert_reads_back(article: newsdoc.Article) -> None:
    """The contract of a valid article: its page reads back as itself.

    Leniently always; strictly too when lenient reading finds no defect
    (no stray line, a title, every block the dialect requires), and else
    strict reading raises the first defect.
    """
    text = newsdoc.dumps(article)
    lenient = newsdoc.loads(text, strict=False, dialect=article.dialect)
    assert lenient == article
    assert newsdoc.dumps(lenient) == text
    if lenient.defects:
        with pytest.raises(newsdoc.ParseError) as raised:
            newsdoc.loads(text, dialect=article.dialect)
        assert raised.value.defect == lenient.defects[0]
    else:
        assert newsdoc.loads(text, dialect=article.dialect) == article


# -- edits ----------------------------------------------------------------------------


class Edit(NamedTuple):
    """One change of an article, made with :func:`attrs.evolve` (see :func:`edit_changes`).

    ``part`` is ``title``, ``dateline``, ``heading``, ``summary``,
    ``point``, ``paragraph``, ``breadcrumb``, ``segment`` (of the
    breadcrumb), ``stray`` or ``dialect``; ``action`` is ``change``, ``add``
    or ``remove``; ``at`` is the index of the item (of a stray line added,
    its line number); ``text`` is the new text (for ``dialect``, a name).
    """

    part: str
    action: str
    at: int
    text: str


# Characters that str.split and str.strip take for whitespace, and the grammar for text.
_UNICODE_SPACES = (
    "\u00a0",
    "\u2003",
    "\u3000",
    "\u200b",
    "\x0b",
    "\x0c",
    "\x85",
    "\u2028",
    "\ufeff",
)
_PADDING = st.sampled_from([" ", "\t", " \t "])


def edit_texts(dialect: newsdoc.Dialect, title: str) -> st.SearchStrategy[str]:
    """Text for an edited line: as often ordinary as hostile to the grammar."""
    words = line_texts(30)
    hostile = st.one_of(
        st.just(""),
        st.tuples(_PADDING, words).map("".join),
        st.tuples(words, _PADDING).map("".join),
        st.tuples(words, st.sampled_from(["\n", "\r\n", "\r"]), words).map("".join),
        st.sampled_from(dialect.summary_headings),
        st.tuples(st.sampled_from(dialect.bullet_symbols), _PADDING, words).map("".join),
        st.tuples(words, st.just(dialect.breadcrumb_separator), words).map("".join),
        st.tuples(st.sampled_from(_UNICODE_SPACES), words).map("".join),
        st.tuples(words, st.sampled_from(_UNICODE_SPACES)).map("".join),
        st.sampled_from(_UNICODE_SPACES),
        st.just(title or "Title"),
    )
    return words | hostile


@st.composite
def edits(draw: st.DrawFn, article: newsdoc.Article) -> Edit:
    """An edit of any part of ``article``: changed, added or removed, with any text."""
    summary, breadcrumb = article.summary, article.breadcrumb
    points = len(summary.points) if summary is not None else 0
    lines = len(split_lines(newsdoc.dumps(article))[0])
    # (part, action, how many items there are)
    choices = [
        ("title", "change", 1),
        ("dateline", "add" if article.dateline is None else "change", 1),
        ("point", "add", points),
        ("paragraph", "add", len(article.body)),
        ("segment", "add", len(breadcrumb.segments) if breadcrumb is not None else 1),
        ("stray", "add", lines),
        ("dialect", "change", 1),
    ]
    if article.dateline is not None:
        choices.append(("dateline", "remove", 1))
    if summary is not None:
        choices += [
            ("heading", "change", 1),
            ("summary", "remove", 1),
            ("point", "change", points),
            ("point", "remove", points),
        ]
    if article.body:
        choices += [
            ("paragraph", "change", len(article.body)),
            ("paragraph", "remove", len(article.body)),
        ]
    if breadcrumb is not None:
        choices += [
            ("breadcrumb", "remove", 1),
            ("segment", "change", len(breadcrumb.segments)),
            ("segment", "remove", len(breadcrumb.segments)),
        ]
    if article.stray_lines:
        choices += [
            ("stray", "change", len(article.stray_lines)),
            ("stray", "remove", len(article.stray_lines)),
        ]
    part, action, items = draw(st.sampled_from(choices))
    if part == "stray" and action == "add":
        index = draw(st.integers(1, items + 1))  # a line number
    else:
        index = draw(st.integers(0, items if action == "add" else items - 1))
    if part == "dialect":
        others = [
            name
            for name in newsdoc.dialect_names()
            if _grammar.get_dialect(name) != article.dialect
        ]
        text = draw(st.sampled_from(others or ["default"]))
    elif action == "remove":
        text = ""
    else:
        text = draw(edit_texts(article.dialect, article.title))
    return Edit(part, action, index, text)


def _edited(items: tuple[_T, ...], action: str, index: int, item: _T) -> tuple[_T, ...]:
    """``items`` with ``item`` added at ``index``, or in place of the item there, or that gone."""
    if action == "add":
        return (*items[:index], item, *items[index:])
    if action == "change":
        return (*items[:index], item, *items[index + 1 :])
    return (*items[:index], *items[index + 1 :])


def edit_changes(article: newsdoc.Article, edit: Edit) -> dict[str, Any]:
    """The changes :func:`attrs.evolve` makes ``edit`` with, field by field.

    :raises newsdoc.NewsdocError: when newsdoc refuses a value the changes are made of.
    """
    part, action, index, text = edit
    summary, breadcrumb = article.summary, article.breadcrumb
    if part == "title":
        return {"title": text}
    if part == "dateline":
        return {"dateline": None if action == "remove" else newsdoc.Dateline(text=text)}
    if part == "summary":
        return {"summary": None}
    if part == "heading":
        assert summary is not None
        return {"summary": attrs.evolve(summary, heading=text)}
    if part == "point":
        points = _edited(summary.points if summary is not None else (), action, index, text)
        if summary is None:
            heading = article.dialect.summary_headings[0]
            return {"summary": newsdoc.Summary(heading=heading, points=points)}
        return {"summary": attrs.evolve(summary, points=points)}
    if part == "paragraph":
        return {"body": _edited(article.body, action, index, text)}
    if part == "breadcrumb":
        return {"breadcrumb": None}
    if part == "segment":
        segments = breadcrumb.segments if breadcrumb is not None else ("Home",)
        return {"breadcrumb": newsdoc.Breadcrumb(segments=_edited(segments, action, index, text))}
    if part == "stray":
        strays = article.stray_lines
        if action == "add":
            # In page order; a line number taken already is the constructor's to refuse.
            at = sum(stray.line <= index for stray in strays)
            stray = newsdoc.StrayLine(line=index, text=text)
        else:
            at = index
            stray = attrs.evolve(strays[index], text=text) if action == "change" else strays[index]
        return {"stray_lines": _edited(strays, action, at, stray)}
    return {"dialect": _grammar.get_dialect(text)}


def _changed_line(article: newsdoc.Article, edit: Edit) -> str:
    """The text of the one line (two for a title repeated) that an edit in place changes."""
    part, _, index, _ = edit
    if part == "title":
        return article.title
    if part == "dateline":
        assert article.dateline is not None
        return article.dateline.text
    if part == "heading" or part == "point":
        assert article.summary is not None
        return article.summary.heading if part == "heading" else article.summary.points[index]
    if part == "paragraph":
        return article.body[index]
    if part == "segment":
        assert article.breadcrumb is not None
        return article.dialect.breadcrumb_separator.join(article.breadcrumb.segments)
    return article.stray_lines[index].text


def _in_place(article: newsdoc.Article, edit: Edit) -> bool:
    """Whether ``edit`` changes the text of lines the page has, and adds or removes none."""
    if edit.part == "segment":
        return article.breadcrumb is not None
    if edit.part == "title":
        return "" not in (article.title, edit.text)  # an untitled page has no title line
    return edit.action == "change" and edit.part != "dialect"


def _lines_before(article: newsdoc.Article, edit: Edit) -> int:
    """How many lines of the page of ``article`` come before any line ``edit`` adds or removes."""
    strays = article.stray_lines
    if edit.part == "dialect":
        return 0  # the breadcrumb's separator, the bullet marks and the paragraph gaps may change
    if edit.part == "stray":
        return (edit.at if edit.action == "add" else strays[edit.at].line) - 1
    kind, index = {
        "breadcrumb": ("breadcrumb", 0),
        "title": ("title", 0),
        "segment": ("breadcrumb", 0),
        "dateline": ("dateline", 0),
        "summary": ("heading", 0),
        "point": ("point", edit.at),
        "paragraph": ("paragraph", edit.at),
    }[edit.part]
    program = page_program(article.dialect)
    order = [line_kind.line.name for line_kind in program.kinds].index(kind)
    lines = 0
    for line_kind, _, formatting in program.formatted(written_fields(article), article.layout):
        if line_kind.number > order or (line_kind.number == order and index == 0):
            break
        if line_kind.number == order:
            index -= 1
        # The line, and the blank lines its formatting holds before its segments.
        lines += formatting.count("\n") + 2 - line_kind.width
    for stray in strays:  # each stray line before them pushes them one line down
        if stray.line > lines + 1:
            break
        lines += 1
    return lines


def _is_replaced(before: str, after: str, old: str, new: str) -> bool:
    """Whether ``after`` is ``before`` with one ``old`` in it replaced by ``new``."""
    return any(
        before[start : start + len(old)] == old
        and after == before[:start] + new + before[start + len(old) :]
        for start in range(len(before) - len(old) + 1)
    )


def assert_only_the_edited_lines_changed(
    article: newsdoc.Article, edited: newsdoc.Article, edit: Edit
) -> None:
    """The page of ``edited`` is the page of ``article`` where ``edit`` did not reach.

    An edit in place changes the text of its line and keeps its padding,
    bullet mark and line ending, and every other line; another keeps every
    line before the first line it adds or removes, and the BOM.
    """
    before, after = newsdoc.dumps(article), newsdoc.dumps(edited)
    assert after.startswith("\ufeff") is before.startswith("\ufeff")
    old_lines, *old_endings = split_lines(before)
    new_lines, *new_endings = split_lines(after)
    if _in_place(article, edit):
        assert len(new_lines) == len(old_lines)
        assert new_endings == old_endings or len(old_lines) == 1
        changed = [
            at
            for at, pair in enumerate(zip(old_lines, new_lines, strict=True))
            if pair[0] != pair[1]
        ]
        assert len(changed) <= (2 if edit.part == "title" else 1)
        old, new = _changed_line(article, edit), _changed_line(edited, edit)
        for at in changed:
            assert _is_replaced(old_lines[at], new_lines[at], old, new)
    else:
        kept = _lines_before(article, edit)
        assert new_lines[:kept] == old_lines[:kept]


def check_edit(article: newsdoc.Article, edit: Edit) -> str:
    """Make ``edit``: ``"refused"`` with a newsdoc error, or ``"reads back"`` with what is
    untouched kept (checked here); nothing else escapes."""
    try:
        changes = edit_changes(article, edit)
        edited = attrs.evolve(article, **changes)
    except newsdoc.NewsdocError as error:
        assert isinstance(error, newsdoc.ValidationError), error
        assert str(error)
        return "refused"
    for name, value in changes.items():
        assert getattr(edited, name) == value
    assert_reads_back(edited)
    assert_only_the_edited_lines_changed(article, edited, edit)
    return "reads back"
