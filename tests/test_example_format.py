"""The worked example of a format plugin, examples/dated-excerpt, run through newsdoc.

The example is written against newsdoc's public API alone, as a third
party's format would be.  Registered as a plugin is, it is checked here
through newsdoc's own entry points, and the example's own tests are
collected here too: a change to newsdoc that breaks a format built on its
public API fails newsdoc's suite.
"""

from __future__ import annotations

import importlib
import json
import re
import sys
from collections.abc import Iterator
from importlib.metadata import EntryPoint
from pathlib import Path

import attrs
import pytest
from hypothesis import settings

import newsdoc
from newsdoc import _plugins as plugins_module
from newsdoc.testing import check_format

from support import examples, registries_restored

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "dated-excerpt"
sys.path[:0] = [str(EXAMPLE / "src"), str(EXAMPLE / "tests")]
example = importlib.import_module("newsdoc_dated_excerpt")
example_tests = importlib.import_module("test_dated_excerpt")

# The example's own tests run here as well; its run of the kit is
# test_keeps_every_promise_once_registered below, through the registry.
# Those that ask for the format registered get this module's ``registered``
# fixture, which the registries fixture undoes after each test.
globals().update(
    (name, value)
    for name, value in vars(example_tests).items()
    if name.startswith("test_") and name != "test_keeps_every_promise_of_a_page_format"
)

LIBRARY = (
    "\ufeff date 2025-03-02 Riverside library reopens after the flood\r\n"
    "The reading room is open again, with new shelves above the high-water mark.\r\n"
    "\r\n"
    "Volunteers dried and catalogued eleven thousand books over the winter.\r\n"
    "The children's corner opens next month.  \r\n"
)


@pytest.fixture(autouse=True)
def _registries() -> Iterator[None]:
    with registries_restored():
        yield


@pytest.fixture
def registered() -> None:
    newsdoc.register_format(example.FORMAT)
    newsdoc.register_format(example.DATED_SUMMARY)


@pytest.mark.usefixtures("registered")
def test_keeps_every_promise_once_registered() -> None:
    for name in ("dated-excerpt", "dated-summary"):
        check_format(
            newsdoc.get_format(name), settings=settings(max_examples=examples(0.3), deadline=None)
        )


@pytest.mark.usefixtures("registered")
def test_loads_by_name_and_dumps_back_byte_for_byte() -> None:
    article = newsdoc.loads(LIBRARY, format="dated-excerpt")
    assert article.format == "dated-excerpt"
    assert article.title == "Riverside library reopens after the flood"
    assert article.dateline == newsdoc.Dateline(text="2025-03-02")
    assert article.body[0].startswith("The reading room is open again")
    assert newsdoc.dumps(article) == LIBRARY
    assert newsdoc.dumps(article, format="dated-excerpt") == LIBRARY
    assert "dated-excerpt" in newsdoc.format_names()


@pytest.mark.usefixtures("registered")
def test_auto_picks_the_excerpt_and_still_picks_a_page() -> None:
    assert newsdoc.loads(LIBRARY, format="auto") == newsdoc.loads(LIBRARY, format="dated-excerpt")
    page = "Home / Local / Library reopens\nLibrary reopens\n2 Mar\nSummary\n- Open daily"
    assert newsdoc.loads(page, format="auto").format == "page"


@pytest.mark.usefixtures("registered")
def test_strict_and_lenient_reading_through_loads() -> None:
    text = "Riverside library reopens\nThe reading room is open again."
    with pytest.raises(newsdoc.ParseError) as caught:
        newsdoc.loads(text, format="dated-excerpt")
    assert (caught.value.code, caught.value.line, caught.value.column) == ("missing-head", 1, 1)
    article = newsdoc.loads(text, format="dated-excerpt", strict=False)
    assert [stray.text for stray in article.stray_lines] == text.split("\n")
    assert newsdoc.dumps(article) == text


@pytest.mark.usefixtures("registered")
def test_converts_to_a_page_and_back_with_the_same_content() -> None:
    article = newsdoc.loads(LIBRARY, format="dated-excerpt")
    page_text = newsdoc.dumps(article, format="page")
    page = newsdoc.loads(page_text)
    assert page.content_equals(article)
    assert page.summary is None  # the standfirst is the first paragraph, not a summary
    excerpt_text = newsdoc.dumps(page, format="dated-excerpt")
    assert excerpt_text.startswith(" date 2025-03-02 Riverside library reopens after the flood\n")
    assert newsdoc.loads(excerpt_text, format="dated-excerpt").content_equals(article)


@pytest.mark.usefixtures("registered")
def test_refuses_to_convert_a_page_it_cannot_hold() -> None:
    page = newsdoc.loads("Home / Local / Library reopens\nLibrary reopens\n2 Mar\n\nOpen daily.")
    with pytest.raises(newsdoc.SerializeError, match="no line for the article's breadcrumb"):
        newsdoc.dumps(page, format="dated-excerpt")
    undated = attrs.evolve(page, breadcrumb=None)
    with pytest.raises(newsdoc.SerializeError, match="would not read back"):
        newsdoc.dumps(undated, format="dated-excerpt")  # 2 Mar is no YYYY-MM-DD date


@pytest.mark.usefixtures("registered")
def test_travels_in_json_and_is_written_back_as_read() -> None:
    article = newsdoc.loads(LIBRARY, format="dated-excerpt")
    back = newsdoc.from_json(newsdoc.to_json(article))
    assert back == article
    assert newsdoc.dumps(back) == LIBRARY
    carried = newsdoc.dumps(article, format="json")
    assert newsdoc.loads(carried, format="json") == article


@pytest.mark.usefixtures("registered")
def test_an_edited_article_is_fitted_and_reads_back_as_itself() -> None:
    article = newsdoc.loads(LIBRARY, format="dated-excerpt")
    shorter = attrs.evolve(article, body=article.body[:1])  # drops the paragraph after a gap
    assert newsdoc.dumps(shorter) == (
        "\ufeff date 2025-03-02 Riverside library reopens after the flood\r\n"
        "The reading room is open again, with new shelves above the high-water mark.\r\n"
    )
    assert newsdoc.loads(newsdoc.dumps(shorter), format="dated-excerpt") == shorter
    assert newsdoc.from_json(newsdoc.to_json(shorter)) == shorter


@pytest.mark.usefixtures("registered")
def test_refuses_at_construction_what_an_excerpt_cannot_hold() -> None:
    article = newsdoc.loads(LIBRARY, format="dated-excerpt")
    crumb = newsdoc.Breadcrumb(segments=("Home", "Local"))
    with pytest.raises(newsdoc.ValidationError, match="breadcrumb"):
        attrs.evolve(article, breadcrumb=crumb)
    with pytest.raises(newsdoc.ValidationError, match="summary"):
        newsdoc.Article(
            title="Library reopens",
            dateline=newsdoc.Dateline(text="2025-03-02"),
            summary=newsdoc.Summary(points=("Open daily",)),
            body=("The reading room is open again.",),
            format="dated-excerpt",
        )
    document = json.loads(newsdoc.to_json(article))
    document["breadcrumb"] = list(crumb.segments)
    with pytest.raises(newsdoc.DocumentError, match=r"\$: .*breadcrumb"):
        newsdoc.from_json(json.dumps(document))


@pytest.mark.usefixtures("registered")
def test_a_stray_line_past_the_end_of_the_text_is_refused() -> None:
    far = newsdoc.StrayLine(line=10**9, text="x")
    with pytest.raises(newsdoc.ValidationError, match="lies past the end of the text"):
        newsdoc.Article(title="", stray_lines=(far,), format="dated-excerpt")
    spaced = example.FORMAT.parse("\n\nLibrary reopens", strict=False)
    assert spaced.stray_lines == (newsdoc.StrayLine(line=3, text="Library reopens"),)
    assert example.FORMAT.dump(spaced) == "\n\nLibrary reopens"


def test_an_installed_format_fits_its_articles_before_it_is_asked_for(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _install(monkeypatch)
    with pytest.raises(newsdoc.ValidationError, match="breadcrumb"):
        newsdoc.Article(
            breadcrumb=newsdoc.Breadcrumb(segments=("Home", "Local")),
            title="Library reopens",
            dateline=newsdoc.Dateline(text="2025-03-02"),
            body=("The reading room is open again.",),
            format="dated-excerpt",
        )


def test_is_found_by_the_entry_point_its_distribution_declares(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _install(monkeypatch)
    assert newsdoc.get_format("dated-excerpt") is example.FORMAT


def _install(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the example look installed: its entry point, as its distribution declares it."""
    declared = re.search(
        r'^dated-excerpt = "(.+)"$',
        (EXAMPLE / "pyproject.toml").read_text(encoding="utf-8"),
        re.MULTILINE,
    )
    assert declared is not None
    entry = EntryPoint(
        name="dated-excerpt", value=declared[1], group=plugins_module.ENTRY_POINT_GROUP
    )
    monkeypatch.setattr(plugins_module, "entry_points", lambda group: [entry])
    monkeypatch.setattr(plugins_module, "_discovered", False)
