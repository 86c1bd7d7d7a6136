"""Formats: the registry, plugins found by entry point, auto-detection, and the test kit."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from importlib.metadata import EntryPoint
from pathlib import Path
from typing import Any, NamedTuple

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import newsdoc
from newsdoc import Article, Defect, ParseError, SerializeError, strategies
from newsdoc import _formats as formats_module
from newsdoc import _plugins as plugins_module
from newsdoc.testing import BrokenPromise, check_format, check_text

from support import WIRE, examples, pages_with_both_strong_marks, registries_restored

SEED_LIKE = (
    "Home / Science / Comet passes close to the harbour\n"
    "Comet passes close to the harbour\n"
    "12 Aug\n"
    "Summary\n"
    "- Visible before dawn\n"
    "- No telescope needed\n"
    "\n"
    "The comet will be brightest on Thursday.\n"
)


@pytest.fixture(autouse=True)
def _built_in_formats_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test starts with the built-in formats alone, as if no plugin were installed."""
    monkeypatch.setattr(formats_module, "_warned", set())
    with registries_restored():
        built_in = {name: plugins_module._FORMATS[name] for name in ("json", "page")}
        plugins_module._FORMATS.clear()
        plugins_module._FORMATS.update(built_in)
        plugins_module._SUFFIXES.clear()
        plugins_module._SUFFIXES[".json"] = "json"
        plugins_module._discovered = True
        yield


# -- a small page format of the tests' own, and ways to break it ------------------------


def _is_title(text: str) -> bool:
    return bool(text) and text == text.strip(" \t") and not any(c in text for c in "\r\n")


class TitleOnly:
    """A page format whose pages are one line of text: a title, and nothing else."""

    name = "title-only"
    suffixes = (".title",)

    def sniff(self, text: str) -> float:
        return 0.9 if text.startswith("TITLE: ") else 0.0

    def parse(self, text: str, *, strict: bool = True) -> Article:
        if _is_title(text):
            return Article(title=text, format=self.name)
        defect = Defect(line=1, column=1, code="not-a-title", message="expected one line")
        if strict:
            raise ParseError(defect, text.split("\n", 1)[0])
        # Lenient: the whole text is kept, in the layout.
        return Article(title="", format=self.name, layout=text, defects=(defect,))

    def fit(self, article: Article) -> object:
        if _beyond_a_title(article):
            raise newsdoc.ValidationError("a title-only page holds nothing but a title")
        return None if article.title else article.layout

    def dump(self, article: Article) -> str:
        if article.format != self.name:
            if _beyond_a_title(article) or not article.title:
                raise SerializeError(["a title-only page holds nothing but a title"])
            return article.title
        return article.title or str(article.layout)


def _beyond_a_title(article: Article) -> bool:
    return bool(
        article.breadcrumb
        or article.dateline
        or article.summary
        or article.body
        or article.stray_lines
    )


class WildSniff(TitleOnly):
    def sniff(self, text: str) -> float:
        return 1.5


class CrashingParse(TitleOnly):
    def parse(self, text: str, *, strict: bool = True) -> Article:
        if text == "":
            raise KeyError("nothing")
        return super().parse(text, strict=strict)


class BorrowedName(TitleOnly):
    def parse(self, text: str, *, strict: bool = True) -> Article:
        article = super().parse(text, strict=strict)
        return Article(title="Borrowed") if article.title else article


class DropsFinalNewline(TitleOnly):
    def parse(self, text: str, *, strict: bool = True) -> Article:
        return super().parse(text.removesuffix("\n"), strict=strict)


class StrictOnly(TitleOnly):
    def parse(self, text: str, *, strict: bool = True) -> Article:
        return super().parse(text, strict=True)


class ForgetsStrays(TitleOnly):
    def dump(self, article: Article) -> str:
        return article.title if article.format == self.name else super().dump(article)


class ConvertsCarelessly(TitleOnly):
    def dump(self, article: Article) -> str:
        return article.title if article.title else super().dump(article)


class DropsDateline:
    """A data format that loses the dateline."""

    name = "no-dateline"
    kind = "data"

    def sniff(self, text: str) -> float:
        return 0.0

    def parse(self, text: str, *, strict: bool = True) -> Article:
        return newsdoc.from_json(text)

    def dump(self, article: Article) -> str:
        data = newsdoc.to_dict(article)
        if data["dateline"] is not None:
            data["dateline"] = None
            data.pop("layout", None)
        return json.dumps(data)


TITLES = st.one_of(strategies.line_texts(), st.just(""), st.text(max_size=5))


def test_the_built_in_page_format_keeps_every_promise() -> None:
    check_format(
        newsdoc.get_format("page"),
        texts=strategies.pages().map(lambda page: page[0]),
        articles=strategies.formatted_articles(),
    )


def test_the_built_in_json_format_keeps_every_promise() -> None:
    check_format(
        newsdoc.get_format("json"),
        texts=strategies.formatted_articles().map(newsdoc.to_json),
    )


def test_a_format_that_keeps_its_promises_passes_the_kit() -> None:
    check_format(TitleOnly(), texts=TITLES)


BROKEN_FORMATS = [
    (WildSniff(), {"sniff"}),
    (CrashingParse(), {"errors"}),
    (BorrowedName(), {"own-articles"}),
    (DropsFinalNewline(), {"text-round-trip", "line-endings"}),
    (StrictOnly(), {"lenient-total"}),
    (ForgetsStrays(), {"lenient-lossless"}),
    (ConvertsCarelessly(), {"conversion"}),
    (DropsDateline(), {"article-round-trip"}),
]


@pytest.mark.parametrize(
    ("fmt", "promises"),
    BROKEN_FORMATS,
    ids=lambda value: type(value).__name__ if not isinstance(value, set) else "",
)
def test_the_kit_names_the_promise_a_format_breaks(fmt: Any, promises: set[str]) -> None:
    with pytest.raises(BrokenPromise) as caught:
        check_format(fmt, texts=TITLES, settings=settings(max_examples=examples(2), deadline=None))
    assert caught.value.promise in promises
    assert f"[{caught.value.promise}]" in str(caught.value)


DATED_JSON = newsdoc.to_json(
    Article(title="Night trains return", dateline=newsdoc.Dateline(text="2 Mar"))
)
# Texts on which each broken format above breaks its promise, and titles it keeps it on.
ONE_BY_ONE = ["", "Night trains return", "Night trains return\n", "two\nlines", DATED_JSON]


@pytest.mark.parametrize(
    ("fmt", "promises"),
    [(fmt, promises) for fmt, promises in BROKEN_FORMATS if promises != {"conversion"}],
    ids=lambda value: type(value).__name__ if not isinstance(value, set) else "",
)
def test_the_kit_names_the_promise_a_format_breaks_on_one_text(
    fmt: Any, promises: set[str]
) -> None:
    broken = set()  # a text may break other promises too, before or after

    for text in ONE_BY_ONE:
        try:
            check_text(fmt, text)
        except BrokenPromise as error:
            broken.add(error.promise)
    assert broken & promises


@given(TITLES)
def test_a_format_that_keeps_its_promises_passes_the_kit_text_by_text(text: str) -> None:
    check_text(TitleOnly(), text)


def test_the_kit_checks_a_text_of_a_good_format_in_its_dialect() -> None:
    page = (
        "Home / Rail / Night trains return\nNight trains return\n2 Mar\n"
        "Summary\n+ Sleepers\n\nBody."
    )
    plus = newsdoc.Dialect(bullet_symbols=("+",))
    assert newsdoc.loads(page, dialect=plus).summary is not None
    check_text(newsdoc.get_format("page"), page, dialect=plus)
    check_text(TitleOnly(), "Night trains return")
    with pytest.raises(TypeError, match="text must be a str"):
        check_text(TitleOnly(), b"bytes")  # type: ignore[arg-type]


def test_the_kit_shows_the_smallest_counterexample() -> None:
    with pytest.raises(BrokenPromise) as caught:
        check_format(CrashingParse(), texts=TITLES)
    assert "parse('')" in str(caught.value)


# -- the registry ---------------------------------------------------------------------


def test_a_registered_format_is_found_by_name_and_listed() -> None:
    fmt = TitleOnly()
    newsdoc.register_format(fmt)
    assert newsdoc.get_format("title-only") is fmt
    assert newsdoc.format_names() == ["json", "page", "title-only"]
    assert newsdoc.loads("A headline", format="title-only").format == "title-only"


def test_a_taken_name_is_refused_unless_replaced_listing_the_known_names() -> None:
    newsdoc.register_format(TitleOnly())
    with pytest.raises(newsdoc.NameTakenError, match="json, page, title-only"):
        newsdoc.register_format(TitleOnly())
    replacement = TitleOnly()
    newsdoc.register_format(replacement, replace=True)
    assert newsdoc.get_format("title-only") is replacement


def test_an_unknown_name_raises_a_lookup_error_listing_the_known_names() -> None:
    with pytest.raises(LookupError, match="the formats are: json, page"):
        newsdoc.get_format("pdf")
    with pytest.raises(newsdoc.UnknownFormatError):
        newsdoc.loads("x", format="pdf")


@pytest.mark.parametrize("name", ["page", "json"])
def test_a_built_in_format_cannot_be_replaced(name: str) -> None:
    impostor = TitleOnly()
    impostor.name = name  # type: ignore[misc]
    with pytest.raises(newsdoc.ValidationError, match="built-in"):
        newsdoc.register_format(impostor, replace=True)


def test_a_suffix_belongs_to_one_format() -> None:
    newsdoc.register_format(TitleOnly())
    other = TitleOnly()
    other.name = "other"  # type: ignore[misc]
    with pytest.raises(newsdoc.ValidationError, match=r"'\.title'"):
        newsdoc.register_format(other)
    assert "other" not in newsdoc.format_names()


@pytest.mark.parametrize(
    "fmt",
    [
        object(),
        "page",
        TitleOnly,
        type("Unnamed", (TitleOnly,), {"name": 5})(),
        type("Unlisted", (TitleOnly,), {"suffixes": [".title"]})(),
        type("Unkind", (TitleOnly,), {"kind": None})(),
        type("Unheld", (TitleOnly,), {"holds": {"byline"}})(),
    ],
    ids=["object", "str", "class", "int-name", "list-of-suffixes", "no-kind", "set-of-holds"],
)
def test_what_is_not_a_format_is_refused_by_type(fmt: object) -> None:
    with pytest.raises(newsdoc.FieldTypeError):
        newsdoc.register_format(fmt)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("member", "value"),
    [
        ("name", "two words"),
        ("name", "auto"),
        ("name", ""),
        ("suffixes", ("title",)),
        ("suffixes", (".TITLE",)),
        ("kind", "book"),
        ("holds", frozenset({"byline", "author"})),
    ],
)
def test_a_format_whose_members_break_their_rules_is_a_validation_error(
    member: str, value: object
) -> None:
    fmt = type("Odd", (TitleOnly,), {member: value})()
    with pytest.raises(newsdoc.ValidationError, match=member.rstrip("s")) as caught:
        newsdoc.register_format(fmt)
    assert not isinstance(caught.value, TypeError)


# -- plugins ---------------------------------------------------------------------------


class _Distribution:
    name = "newsdoc-broken-plugin"
    version = "1.0"


def _entry_point(name: str, value: str) -> EntryPoint:
    entry = EntryPoint(name=name, value=value, group=plugins_module.ENTRY_POINT_GROUP)
    return entry._for(_Distribution())  # type: ignore[attr-defined,no-any-return]


TITLE_ONLY = TitleOnly()


def _installed(monkeypatch: pytest.MonkeyPatch, *entries: EntryPoint) -> None:
    monkeypatch.setattr(plugins_module, "entry_points", lambda group: list(entries))
    monkeypatch.setattr(plugins_module, "_discovered", False)


def test_plugins_are_found_by_entry_point_on_first_need_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _installed(monkeypatch, _entry_point("title-only", f"{__name__}:TITLE_ONLY"))
    assert newsdoc.loads(SEED_LIKE).title == "Comet passes close to the harbour"
    assert plugins_module._discovered is False
    assert newsdoc.get_format("title-only") is TITLE_ONLY
    assert "title-only" in newsdoc.format_names()


def test_an_entry_point_may_name_a_callable_that_makes_the_format(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _installed(monkeypatch, _entry_point("title-only", f"{__name__}:TitleOnly"))
    assert isinstance(newsdoc.get_format("title-only"), TitleOnly)


@pytest.mark.parametrize(
    "value",
    [f"{__name__}:NOT_THERE", "no_such_module_anywhere:FORMAT", f"{__name__}:SEED_LIKE"],
)
def test_a_broken_plugin_warns_naming_its_distribution_and_the_rest_works(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    _installed(
        monkeypatch,
        _entry_point("broken", value),
        _entry_point("title-only", f"{__name__}:TITLE_ONLY"),
    )
    with pytest.warns(newsdoc.PluginWarning, match="newsdoc-broken-plugin 1.0") as caught:
        names = newsdoc.format_names()
    assert len(caught) == 1
    assert "'broken'" in str(caught[0].message)
    assert caught[0].filename == __file__  # pointed at the caller, not inside newsdoc
    assert names == ["json", "page", "title-only"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert newsdoc.format_names() == names  # warned once, not at every lookup


def test_importing_newsdoc_looks_for_no_plugin() -> None:
    import subprocess
    import sys

    code = (
        "import importlib.metadata as m\n"
        "m.entry_points = lambda **k: (_ for _ in ()).throw(SystemExit('looked'))\n"
        "import newsdoc\n"
        "print(newsdoc.loads('Title').title)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "Title\n"


def test_a_plugins_own_error_reaches_the_caller_as_a_plugin_error() -> None:
    newsdoc.register_format(CrashingParse())
    with pytest.raises(newsdoc.PluginError, match="KeyError") as caught:
        newsdoc.loads("", format="title-only")
    assert isinstance(caught.value.__cause__, KeyError)


class RaisingSniff(TitleOnly):
    def sniff(self, text: str) -> float:
        raise RuntimeError("sniffing failed")


class ScoringSniff(TitleOnly):
    def __init__(self, score: object) -> None:
        self.score = score

    def sniff(self, text: str) -> float:
        return self.score  # type: ignore[return-value]  # wrong on purpose


class WholeOfSomeKind(TitleOnly):
    sniffs_whole = "yes"


@pytest.mark.parametrize(
    ("plugin", "problem"),
    [
        (RaisingSniff(), "RuntimeError"),
        (WildSniff(), "returned 1.5"),
        (ScoringSniff(float("nan")), "returned nan"),
        (ScoringSniff(2.0), "returned 2.0"),
        (ScoringSniff("x"), "returned 'x'"),
        (ScoringSniff(True), "returned True"),
        (WholeOfSomeKind(), "sniffs_whole is a bool"),
    ],
)
def test_a_plugin_whose_sniff_misbehaves_is_left_out_of_auto_with_one_warning_naming_it(
    plugin: TitleOnly, problem: str
) -> None:
    newsdoc.register_format(plugin)
    with pytest.warns(newsdoc.PluginWarning, match="'title-only' format misbehaves") as caught:
        assert newsdoc.loads(SEED_LIKE, format="auto") == newsdoc.loads(SEED_LIKE)
    assert len(caught) == 1
    assert problem in str(caught[0].message)
    assert caught[0].filename == __file__  # pointed at the caller, not inside newsdoc
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # once a process, not at every text
        assert newsdoc.loads(newsdoc.to_json(Article(title="T")), format="auto").title == "T"
        with pytest.raises(ParseError) as no_format:
            newsdoc.loads("A headline over prose", format="auto")
    assert "(json 0.00, page 0.00;" in no_format.value.message  # the plugin has no score


class Measuring(TitleOnly):
    """A plugin that keeps every text its sniff is given."""

    def __init__(self) -> None:
        self.given: list[str] = []

    def sniff(self, text: str) -> float:
        self.given.append(text)
        return super().sniff(text)


class MeasuringAll(Measuring):
    sniffs_whole = True


@pytest.mark.parametrize("eol", ["\n", "\r\n", "\r"])
def test_auto_gives_a_plugins_sniff_the_head_of_a_long_text_cut_after_a_line_end(
    eol: str,
) -> None:
    plugin = Measuring()
    newsdoc.register_format(plugin)
    text = SEED_LIKE.replace("\n", eol) + f"The comet returns in 2061.{eol}" * 5000
    assert len(text) > 2 * 65536
    newsdoc.loads(text, format="auto")
    (given,) = plugin.given
    assert text.startswith(given)
    assert 65536 - len(f"The comet returns in 2061.{eol}") < len(given) <= 65536
    assert given.endswith(eol)


def test_auto_cuts_a_long_text_without_a_line_end_at_64_kib() -> None:
    plugin = Measuring()
    newsdoc.register_format(plugin)
    text = "TITLE: " + "x" * 100_000
    assert newsdoc.loads(text, format="auto").format == "title-only"
    assert plugin.given == [text[:65536]]


def test_a_format_that_sniffs_whole_is_given_every_text_whole() -> None:
    head_only, whole = Measuring(), MeasuringAll()
    whole.name = "all-of-it"  # type: ignore[misc]
    whole.suffixes = ()  # type: ignore[misc]
    newsdoc.register_format(head_only)
    newsdoc.register_format(whole)
    long = SEED_LIKE + "The comet returns in 2061.\n" * 5000
    for text in (SEED_LIKE, long):
        assert newsdoc.loads(text, format="auto") == newsdoc.loads(text)
    assert whole.given == [SEED_LIKE, long]
    assert head_only.given[0] == SEED_LIKE
    assert len(head_only.given[1]) <= 65536


def test_auto_reads_a_json_document_longer_than_a_sniffs_head_as_json() -> None:
    body = tuple(f"Paragraph {n} of the body." for n in range(5000))
    article = Article(title="Comet", body=body)
    document = newsdoc.to_json(article, indent=2)
    assert len(document) > 65536
    assert newsdoc.loads(document, format="auto") == article


def test_a_plugin_whose_sniff_takes_longer_than_its_budget_is_named_in_a_warning(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    now = [0.0]
    monkeypatch.setattr(formats_module, "_clock", lambda: now[0])

    class Slow(TitleOnly):
        def sniff(self, text: str) -> float:
            now[0] += 30.0
            return super().sniff(text)

    newsdoc.register_format(Slow())
    with pytest.warns(newsdoc.PluginWarning, match="'title-only'.* took 30.00 s, more than"):
        # Slow, not wrong: its score still counts.
        assert newsdoc.loads("TITLE: x", format="auto").format == "title-only"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert newsdoc.loads("TITLE: y", format="auto").title == "TITLE: y"


def test_a_sniff_within_its_budget_warns_of_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [0.0]
    monkeypatch.setattr(formats_module, "_clock", lambda: now[0])

    class Quick(TitleOnly):
        def sniff(self, text: str) -> float:
            now[0] += 0.1
            return super().sniff(text)

    newsdoc.register_format(Quick())
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert newsdoc.loads("TITLE: x", format="auto").format == "title-only"


# -- auto-detection ------------------------------------------------------------------


def test_auto_reads_a_page_with_its_marks_as_the_page_format() -> None:
    assert newsdoc.loads(SEED_LIKE, format="auto") == newsdoc.loads(SEED_LIKE)


@given(
    st.sampled_from(["default", "key-takeaways"]).flatmap(
        lambda dialect: strategies.pages(dialect) | pages_with_both_strong_marks(dialect)
    )
)
def test_auto_reads_a_page_as_reading_it_in_its_dialect_does(page: tuple[str, Article]) -> None:
    text, article = page
    try:
        found = newsdoc.loads(text, format="auto")
    except ParseError as error:
        # Pages drawn at random mostly have one mark or none, which is no page to the format.
        assert error.code == "unknown-format"
        return
    assert found == newsdoc.loads(text, dialect=found.dialect)
    if article.summary is not None:
        assert found.dialect == article.dialect


@settings(max_examples=examples(0.5))
@given(strategies.formatted_articles())
def test_auto_reads_a_json_document_as_json(article: Article) -> None:
    assert newsdoc.loads(newsdoc.to_json(article), format="auto") == article


def test_auto_finds_the_dialect_a_page_reads_best_in() -> None:
    page = (
        "Ferries resume after the storm\nMarch 3, 2026\nKey Takeaways:\n  \u2022 Boats run hourly"
        "\n\nThe harbour reopened at dawn."
    )
    article = newsdoc.loads(page, format="auto")
    assert article.dialect == newsdoc.loads(page, dialect="key-takeaways").dialect
    assert article.summary is not None
    assert article.summary.points == ("Boats run hourly",)
    assert newsdoc.dumps(article) == page


@pytest.mark.parametrize(
    "text",
    [
        "A headline over prose\nThe first paragraph of plain prose.\nAnother one.",
        "",
        "\n\n",
        "Home / News\nNot the last segment\n4 Feb",
    ],
)
def test_auto_refuses_text_no_format_is_confident_of(text: str) -> None:
    with pytest.raises(ParseError) as caught:
        newsdoc.loads(text, format="auto")
    assert caught.value.code == "unknown-format"
    assert (caught.value.line, caught.value.column) == (1, 1)
    assert "page 0." in caught.value.message
    assert "json 0.00" in caught.value.message


def test_auto_refuses_to_choose_between_equally_confident_formats() -> None:
    newsdoc.register_format(TitleOnly())
    twin = TitleOnly()
    twin.name = "twin"  # type: ignore[misc]
    twin.suffixes = ()  # type: ignore[misc]
    newsdoc.register_format(twin)
    with pytest.raises(ParseError, match="'title-only' and 'twin'") as caught:
        newsdoc.loads("TITLE: x", format="auto")
    assert caught.value.code == "ambiguous-format"


def test_auto_takes_the_most_confident_plugin() -> None:
    newsdoc.register_format(TitleOnly())
    assert newsdoc.loads("TITLE: x", format="auto").format == "title-only"


# -- converting and the json carrier ---------------------------------------------------


def test_json_is_a_carrier_that_gives_back_the_page() -> None:
    article = newsdoc.loads(SEED_LIKE.replace("\n", "\r\n"))
    document = newsdoc.dumps(article, format="json")
    assert document == newsdoc.to_json(article)
    back = newsdoc.loads(document, format="json")
    assert back == article
    assert newsdoc.dumps(back) == SEED_LIKE.replace("\n", "\r\n")


def test_text_that_is_not_json_fails_at_its_line_and_column() -> None:
    with pytest.raises(ParseError) as caught:
        newsdoc.loads('{\n  "title": "A",\n  oops\n}', format="json")
    assert (caught.value.line, caught.value.column, caught.value.code) == (3, 3, "invalid-json")


def test_an_article_of_another_format_converts_to_a_page_and_keeps_its_format_otherwise() -> None:
    newsdoc.register_format(TitleOnly())
    article = newsdoc.loads("A lone headline", format="title-only")
    assert newsdoc.dumps(article) == "A lone headline"
    page = newsdoc.dumps(article, format="page")
    assert newsdoc.loads(page).content_equals(article)
    assert newsdoc.loads(page) != article  # equal content, written in another format
    assert newsdoc.from_json(newsdoc.to_json(article)) == article


def test_a_page_that_another_format_cannot_hold_is_refused_on_conversion() -> None:
    newsdoc.register_format(TitleOnly())
    with pytest.raises(SerializeError, match="nothing but a title"):
        newsdoc.dumps(newsdoc.loads(SEED_LIKE), format="title-only")


def test_a_dialect_is_the_page_formats_and_other_formats_read_in_the_default_alone() -> None:
    with pytest.raises(newsdoc.ValidationError, match="page format's"):
        newsdoc.dumps(newsdoc.loads(SEED_LIKE), format="json", dialect="key-takeaways")
    newsdoc.register_format(TitleOnly())
    document = newsdoc.to_json(newsdoc.loads(SEED_LIKE))
    for fmt, text in (("json", document), ("title-only", "A lone headline"), ("auto", document)):
        with pytest.raises(newsdoc.ValidationError, match="no dialects"):
            newsdoc.loads(text, format=fmt, dialect="key-takeaways")
        for default in ("default", newsdoc.DEFAULT_DIALECT):
            assert newsdoc.loads(text, format=fmt, dialect=default) == newsdoc.loads(
                text, format=fmt
            )


# -- files, by suffix ----------------------------------------------------------------


def test_load_and_dump_choose_the_format_by_a_registered_suffix(tmp_path: Path) -> None:
    article = newsdoc.loads(SEED_LIKE)
    newsdoc.dump(article, tmp_path / "article.json")
    assert json.loads((tmp_path / "article.json").read_text())["title"] == article.title
    assert newsdoc.load(tmp_path / "article.json") == article
    newsdoc.dump(article, tmp_path / "article.txt")
    assert (tmp_path / "article.txt").read_text() == SEED_LIKE
    assert newsdoc.load(tmp_path / "article.txt") == article


def test_a_named_format_wins_over_the_suffix(tmp_path: Path) -> None:
    (tmp_path / "page.json").write_text(SEED_LIKE)
    assert newsdoc.load(tmp_path / "page.json", format="page") == newsdoc.loads(SEED_LIKE)
    with pytest.raises(ParseError, match="invalid-json"):
        newsdoc.load(tmp_path / "page.json")


def test_the_suffix_is_matched_without_regard_to_case(tmp_path: Path) -> None:
    newsdoc.register_format(TitleOnly())
    (tmp_path / "HEADLINE.TITLE").write_text("A lone headline")
    assert newsdoc.load(tmp_path / "HEADLINE.TITLE").format == "title-only"


# -- what the review of the format API found ----------------------------------------


class TwoBugs(TitleOnly):
    """Raises for one text, and writes another back wrong: two distinct failures."""

    def dump(self, article: Article) -> str:
        if article.title == "0":
            raise RuntimeError("zero")
        return article.title[:-1] if len(article.title) > 3 else super().dump(article)


class RefusesWithoutPosition(TitleOnly):
    def parse(self, text: str, *, strict: bool = True) -> Article:
        if strict and text.startswith("#"):
            raise newsdoc.ValidationError("no position")
        return super().parse(text, strict=strict)


def test_the_kit_reports_one_broken_promise_where_there_are_several_bugs() -> None:
    with pytest.raises(BrokenPromise):
        check_format(TwoBugs(), texts=TITLES)


def test_a_page_formats_strict_errors_must_be_parse_errors() -> None:
    with pytest.raises(BrokenPromise) as caught:
        check_format(RefusesWithoutPosition(), texts=st.just("#x") | TITLES)
    assert caught.value.promise == "errors"


def test_no_article_is_in_a_data_format() -> None:
    with pytest.raises(newsdoc.ValidationError, match="carries articles of other formats"):
        Article(title="T", format="json")
    with pytest.raises(newsdoc.DocumentError):
        newsdoc.from_dict({"format_version": 1, "title": "T", "body": [], "format": "json"})


def test_the_json_format_refuses_what_is_not_text_and_reads_a_bom() -> None:
    json_format = newsdoc.get_format("json")
    with pytest.raises(newsdoc.FieldTypeError):
        json_format.parse(5)  # type: ignore[arg-type]
    with pytest.raises(ParseError, match="invalid-json"):
        newsdoc.loads('{"title": ' + "1" * 5000 + "}", format="json")
    document = "\ufeff" + newsdoc.to_json(newsdoc.loads(SEED_LIKE))
    assert newsdoc.loads(document, format="auto") == newsdoc.loads(SEED_LIKE)


def test_registering_a_name_an_installed_plugin_has_is_refused_before_any_lookup(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _installed(monkeypatch, _entry_point("title-only", f"{__name__}:TITLE_ONLY"))
    with pytest.raises(newsdoc.NameTakenError, match="registered already"):
        newsdoc.register_format(TitleOnly())
    newsdoc.register_format(TitleOnly(), replace=True)


def test_dump_writes_a_registered_suffix_in_its_format_as_load_reads_it(tmp_path: Path) -> None:
    newsdoc.register_format(TitleOnly())
    path = tmp_path / "headline.title"
    own = newsdoc.loads("A lone headline", format="title-only")
    newsdoc.dump(own, path)
    assert newsdoc.load(path) == own
    page = newsdoc.loads("A lone headline\n")
    newsdoc.dump(page, path)  # a page converts, as dumps(page, format="title-only") does
    assert path.read_text() == "A lone headline"
    assert newsdoc.load(path).content_equals(page)
    with pytest.raises(SerializeError, match="nothing but a title"):
        newsdoc.dump(newsdoc.loads(SEED_LIKE), path)
    assert path.read_text() == "A lone headline"  # left as it was


def test_the_json_reader_refuses_a_layout_the_format_would_fit_otherwise() -> None:
    newsdoc.register_format(TitleOnly())
    document = {"format_version": 1, "title": "T", "body": [], "format": "title-only"}
    assert newsdoc.from_dict({**document, "format_layout": None}).title == "T"
    with pytest.raises(newsdoc.DocumentError, match="does not fit"):
        newsdoc.from_dict({**document, "format_layout": "stale"})


def test_a_page_format_that_reads_articles_of_another_format_is_a_plugin_error() -> None:
    newsdoc.register_format(BorrowedName())
    with pytest.raises(newsdoc.PluginError, match="not its own"):
        newsdoc.loads("A headline", format="title-only")


@pytest.mark.parametrize(
    ("suffixes", "error"),
    [
        ((".tar.gz",), newsdoc.ValidationError),
        (("txt",), newsdoc.ValidationError),
        ((".TXT",), newsdoc.ValidationError),
        ([".txt"], newsdoc.FieldTypeError),
        ((b".txt",), newsdoc.FieldTypeError),
    ],
)
def test_a_suffix_is_one_lower_case_dot_name(suffixes: object, error: type[Exception]) -> None:
    fmt = TitleOnly()
    fmt.suffixes = suffixes  # type: ignore[assignment]
    with pytest.raises(error, match="suffixes"):
        newsdoc.register_format(fmt)


def test_no_format_can_claim_the_json_lines_suffix() -> None:
    fmt = TitleOnly()
    fmt.suffixes = (".jsonl",)
    with pytest.raises(newsdoc.ValidationError, match="JSON Lines"):
        newsdoc.register_format(fmt)
    assert "title-only" not in newsdoc.format_names()


def test_a_layout_nested_too_deep_to_hash_is_refused_not_a_crash() -> None:
    deep: tuple[object, ...] = ()
    for _ in range(200_000):
        deep = (deep,)
    with pytest.raises(newsdoc.ValidationError, match="nests more than"):
        Article(title="T", format="excerpt", layout=deep)


class Point(NamedTuple):
    x: object
    y: object


LAYOUT_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(4299, 4300).map(lambda digits: 10**digits)  # 4300 and 4301 digits
    | st.integers(4298, 4299).map(lambda digits: -(10**digits))
    | st.floats()
    | st.text()
    | st.text(st.characters(categories=["Cs"]), min_size=1)
    | st.binary(max_size=3),
    lambda children: (
        st.lists(children, max_size=3).map(tuple)
        | st.builds(Point, children, children)
        | st.frozensets(children.filter(lambda v: hash_or_none(v) is not None), max_size=2)
        | st.lists(children, max_size=2)
    ),
    max_leaves=8,
)


def hash_or_none(value: object) -> int | None:
    try:
        return hash(value)
    except TypeError:
        return None


@given(LAYOUT_VALUES)
def test_every_layout_an_article_of_another_format_takes_comes_back_equal_from_json(
    layout: object,
) -> None:
    try:
        article = Article(title="T", format="excerpt", layout=layout)
    except (newsdoc.ValidationError, newsdoc.FieldTypeError) as error:
        assert "excerpt" in str(error)
        return
    assert newsdoc.from_json(newsdoc.to_json(article)) == article
    assert newsdoc.from_dict(json.loads(json.dumps(newsdoc.to_dict(article)))) == article


UNCARRIED = [
    (frozenset({1}), "holds a frozenset"),
    (b"bytes", "holds a bytes"),
    ((1, float("nan")), "holds nan"),
    (float("inf"), "holds inf"),
    (("a", ["list"]), "holds a list"),
    (10**4300, "more than 4300 digits"),
    (("Storm \udcff",), "lone surrogate"),
    (Point(1, frozenset()), "holds a frozenset"),
]


@pytest.mark.parametrize(("layout", "problem"), UNCARRIED, ids=[p for _, p in UNCARRIED])
def test_a_layout_its_json_cannot_carry_back_is_refused_when_the_article_is_made(
    layout: object, problem: str
) -> None:
    with pytest.raises((newsdoc.ValidationError, newsdoc.FieldTypeError), match=problem):
        Article(title="T", format="excerpt", layout=layout)


def test_the_json_reader_refuses_a_format_layout_with_an_object_at_its_path() -> None:
    document = {"format_version": 2, "title": "T", "body": [], "format": "excerpt"}
    with pytest.raises(newsdoc.DocumentError, match=r"\$\.format_layout: .*holds a dict"):
        newsdoc.from_dict({**document, "format_layout": [1, {"a": 1}]})
    assert newsdoc.from_dict({**document, "format_layout": [1, [2]]}).layout == (1, (2,))


def test_an_article_of_a_format_not_installed_is_made_but_written_in_it_only_with_its_plugin(
    tmp_path: Path,
) -> None:
    article = Article(title="Comet passes", format="title-only")
    assert newsdoc.from_json(newsdoc.to_json(article)) == article
    for write in (lambda: newsdoc.dumps(article), lambda: newsdoc.dump(article, tmp_path / "a")):
        with pytest.raises(newsdoc.UnknownFormatError) as caught:
            write()
        message = str(caught.value)
        assert "the article is in the 'title-only' format, which is not installed" in message
        assert "install a plugin that provides the 'title-only' format" in message
        assert "'newsdoc.formats' entry-point group" in message
    assert newsdoc.dumps(article, format="page") == "Comet passes"
    assert newsdoc.from_json(newsdoc.dumps(article, format="json")) == article
    newsdoc.register_format(TitleOnly())
    assert newsdoc.dumps(article) == "Comet passes"


def test_a_format_whose_method_cannot_be_read_is_refused_by_type() -> None:
    class Unreadable(TitleOnly):
        @property
        def sniff(self) -> Any:
            raise ValueError("boom")

    with pytest.raises(newsdoc.FieldTypeError, match="boom"):
        newsdoc.register_format(Unreadable())
    with pytest.raises(newsdoc.FieldTypeError):
        newsdoc.loads("T", format=Unreadable())


# -- what a format holds ----------------------------------------------------------------


class BylineOnly(TitleOnly):
    """A title-only page under a byline line."""

    name = "byline-only"
    suffixes = (".byline",)
    holds = frozenset({"byline"})


@pytest.mark.parametrize(
    ("fields", "lacks"),
    [
        ({"byline": "By Ana Ruiz"}, "byline line"),
        ({"meta": {"source": "https://example.org/a"}}, "named lines for meta"),
        ({"byline": "By Ana Ruiz", "meta": {"tags": "ice"}}, "byline line"),
    ],
)
def test_a_page_with_a_byline_or_meta_is_refused_naming_the_formats_that_hold_them(
    fields: dict[str, Any], lacks: str
) -> None:
    what = "a byline" if lacks == "byline line" else "meta"
    with pytest.raises(newsdoc.ValidationError) as caught:
        Article(title="Glacier survey", **fields)
    assert str(caught.value) == (
        f"the 'page' format has no {lacks}; no registered format holds {what}"
    )
    newsdoc.register_format(WIRE)
    newsdoc.register_format(BylineOnly())
    holders = "'byline-only', 'wire'" if what == "a byline" else "'wire'"
    page = Article(title="Glacier survey")
    for make in (
        lambda: Article(title="Glacier survey", **fields),
        lambda: attrs.evolve(page, **fields),
    ):
        with pytest.raises(newsdoc.ValidationError) as caught:
            make()
        assert str(caught.value) == (
            f"the 'page' format has no {lacks}; formats that hold {what}: {holders}"
        )


def test_a_format_holds_only_what_it_names() -> None:
    newsdoc.register_format(BylineOnly())
    newsdoc.register_format(WIRE)
    article = Article(title="Glacier survey", byline="By Ana Ruiz", format="byline-only")
    assert article.byline == "By Ana Ruiz"
    with pytest.raises(newsdoc.ValidationError) as caught:
        attrs.evolve(article, meta={"tags": "ice"})
    assert str(caught.value) == (
        "the 'byline-only' format has no named lines for meta; formats that hold meta: 'wire'"
    )


def test_the_formats_an_installed_plugin_holds_are_named_too(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _installed(monkeypatch, _entry_point("wire", "support:WIRE"))
    with pytest.raises(newsdoc.ValidationError, match=r"formats that hold a byline: 'wire'$"):
        Article(title="Glacier survey", byline="By Ana Ruiz")


def test_an_article_with_a_byline_is_refused_as_a_page_and_carried_by_json() -> None:
    newsdoc.register_format(WIRE)
    article = Article(
        title="Glacier survey", byline="By Ana Ruiz", meta={"tags": "ice"}, format="wire"
    )
    with pytest.raises(SerializeError, match="as a page, the 'page' format has no byline line"):
        newsdoc.dumps(article, format="page")
    assert newsdoc.loads(newsdoc.dumps(article, format="json"), format="json") == article
    assert newsdoc.loads(newsdoc.dumps(article), format="wire") == article
    as_page = newsdoc.to_dict(article)
    del as_page["format"], as_page["format_layout"]
    with pytest.raises(newsdoc.DocumentError, match=r"\$: the 'page' format has no byline"):
        newsdoc.from_dict(as_page)
