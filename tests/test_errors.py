"""Exceptions: each pickles whole, and a snippet is short, terminal-safe and points right."""

from __future__ import annotations

import errno
import multiprocessing
import pickle
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

import newsdoc
from newsdoc._errors import ProblemsError, ReadError, WriteError, _screen_width
from newsdoc.strategies import line_texts

ELLIPSIS = "\u2026"


def parse_error(column: int, source_line: str, line: int = 7) -> newsdoc.ParseError:
    defect = newsdoc.Defect(line=line, column=column, code="stray-line", message="expected x")
    return newsdoc.ParseError(defect, source_line)


SAMPLES: dict[str, BaseException] = {
    "DateError": newsdoc.DateError("the dateline '31 Feb' names no real date in 2025"),
    "DocumentError": newsdoc.DocumentError(["$.title: expected str", "$: unknown key 'x'"]),
    "FieldTypeError": newsdoc.FieldTypeError("export() takes an Article, got int"),
    "NameTakenError": newsdoc.NameTakenError("a dialect named 'mine' is registered already"),
    "NewsdocError": newsdoc.NewsdocError("something went wrong"),
    "ParseError": parse_error(3, "Summary\tpoints"),
    "ProblemsError": ProblemsError(["one reason", "another"]),
    "ReadError": ReadError(errno.ENOENT, "No such file or directory", "page.txt"),
    "SerializeError": newsdoc.SerializeError(["the title is blank", "a point holds a newline"]),
    "PluginError": newsdoc.PluginError("the 'excerpt' format's parse() raised KeyError: 3"),
    "UnknownDialectError": newsdoc.UnknownDialectError("no dialect is named 'terse'"),
    "UnknownExportError": newsdoc.UnknownExportError("no export named 'pdf'"),
    "UnknownFormatError": newsdoc.UnknownFormatError("no format is named 'pdf'"),
    "ValidationError": newsdoc.ValidationError("a summary has at least one point"),
    "WriteError": WriteError(errno.ENOSPC, "No space left on device", "out.txt"),
}


def public_exceptions() -> set[str]:
    return {
        name
        for name in newsdoc.__all__
        if isinstance(getattr(newsdoc, name), type)
        and issubclass(getattr(newsdoc, name), Exception)
        and not issubclass(getattr(newsdoc, name), Warning)
    }


def test_every_public_exception_has_a_sample_below() -> None:
    assert public_exceptions() <= SAMPLES.keys()
    for name, sample in SAMPLES.items():
        assert type(sample).__name__ == name
        assert isinstance(sample, newsdoc.NewsdocError)


@pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_every_exception_pickles_with_its_message_and_attributes(name: str, protocol: int) -> None:
    original = SAMPLES[name]
    copy = pickle.loads(pickle.dumps(original, protocol))
    assert type(copy) is type(original)
    assert str(copy) == str(original)
    assert copy.args == original.args
    assert vars(copy) == vars(original)
    if isinstance(original, OSError):
        assert isinstance(copy, OSError)
        assert (copy.errno, copy.strerror, copy.filename) == (
            original.errno,
            original.strerror,
            original.filename,
        )


def test_a_parse_error_keeps_its_fields_through_pickle() -> None:
    copy = pickle.loads(pickle.dumps(parse_error(9, "Home / Science /  / Storm", line=1)))
    assert (copy.line, copy.column, copy.code, copy.message) == (1, 9, "stray-line", "expected x")
    assert copy.snippet == "   1 | Home / Science /  / Storm\n     |         ^"
    assert copy.defect == newsdoc.Defect(line=1, column=9, code="stray-line", message="expected x")


def test_a_parse_error_crosses_a_process_pool() -> None:
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        future = pool.submit(newsdoc.loads, "Home /  / Storm\nStorm")
        with pytest.raises(newsdoc.ParseError) as caught:
            future.result()
    assert (caught.value.line, caught.value.code) == (1, "empty-breadcrumb-segment")


def test_problems_are_listed_after_the_prefix_and_kept_as_a_tuple() -> None:
    error = newsdoc.SerializeError(["the title is blank", "a point holds a newline"])
    assert isinstance(error, ProblemsError)
    assert error.problems == ("the title is blank", "a point holds a newline")
    assert str(error) == (
        "cannot write this article unambiguously: the title is blank; a point holds a newline"
    )


def test_file_errors_are_os_errors_naming_the_file_and_the_reason() -> None:
    error = ReadError(errno.ENOENT, "No such file or directory", "page.txt")
    assert isinstance(error, OSError)
    assert isinstance(error, newsdoc.NewsdocError)
    assert str(error) == "cannot read 'page.txt': No such file or directory"
    assert str(WriteError(None, "not a regular file", None)) == (
        "cannot write the file: not a regular file"
    )


# -- wrong types and wrong values --------------------------------------------------

ARTICLE = newsdoc.Article(title="Ferries resume", dateline=newsdoc.Dateline(text="31 Jul"))
NAIVE = datetime(2025, 8, 1, 9, 30)

BAD_VALUES: dict[str, Callable[[], object]] = {
    "load_many(jobs=0)": lambda: newsdoc.load_many([], jobs=0),
    "load_many(jobs=10**6)": lambda: newsdoc.load_many([], jobs=10**6),
    'load_many(pattern="")': lambda: newsdoc.load_many([], pattern=""),
    'load_many(pattern="a/*.txt")': lambda: newsdoc.load_many([], pattern="a/*.txt"),
    "to_json(indent=-1)": lambda: newsdoc.to_json(ARTICLE, indent=-1),
    "to_json(indent=65)": lambda: newsdoc.to_json(ARTICLE, indent=65),
    'to_json(indent="--")': lambda: newsdoc.to_json(ARTICLE, indent="--"),
    "to_json(three separators)": lambda: newsdoc.to_json(ARTICLE, separators=(",", ":", ";")),  # type: ignore[arg-type]
    "resolve(naive)": lambda: ARTICLE.dateline.resolve(NAIVE),  # type: ignore[union-attr]
    "publication_date(naive)": lambda: ARTICLE.publication_date(NAIVE),
    "export(reference=naive)": lambda: newsdoc.export(ARTICLE, "html", reference=NAIVE),
    'Article(format="auto")': lambda: newsdoc.Article(title="T", format="auto"),
    'Article(format="two words")': lambda: newsdoc.Article(title="T", format="two words"),
    'Article(format="")': lambda: newsdoc.Article(title="T", format=""),
    "line_texts(max_size=0)": lambda: line_texts(max_size=0),
}

WRONG_TYPES: dict[str, Callable[[], object]] = {
    'load_many(jobs="2")': lambda: newsdoc.load_many([], jobs="2"),  # type: ignore[arg-type]
    "load_many(jobs=True)": lambda: newsdoc.load_many([], jobs=True),
    "load_many(pattern=5)": lambda: newsdoc.load_many([], pattern=5),  # type: ignore[arg-type]
    "to_json(indent=1.5)": lambda: newsdoc.to_json(ARTICLE, indent=1.5),  # type: ignore[arg-type]
    "to_json(indent=True)": lambda: newsdoc.to_json(ARTICLE, indent=True),
    "to_json(separators=list)": lambda: newsdoc.to_json(ARTICLE, separators=[",", ":"]),  # type: ignore[arg-type]
    "resolve(str)": lambda: ARTICLE.dateline.resolve("2025-08-01"),  # type: ignore[union-attr, arg-type]
    "Article(format=5)": lambda: newsdoc.Article(title="T", format=5),  # type: ignore[arg-type]
    'line_texts(max_size="5")': lambda: line_texts(max_size="5"),  # type: ignore[arg-type]
}


@pytest.mark.parametrize("call", BAD_VALUES.values(), ids=BAD_VALUES.keys())
def test_a_value_of_the_right_type_that_breaks_a_rule_is_a_value_error(
    call: Callable[[], object],
) -> None:
    with pytest.raises(newsdoc.ValidationError) as caught:
        call()
    assert isinstance(caught.value, ValueError)
    assert not isinstance(caught.value, TypeError)


@pytest.mark.parametrize("call", WRONG_TYPES.values(), ids=WRONG_TYPES.keys())
def test_a_value_of_the_wrong_type_is_a_type_error(call: Callable[[], object]) -> None:
    with pytest.raises(newsdoc.FieldTypeError) as caught:
        call()
    assert not isinstance(caught.value, ValueError)


# -- snippets ---------------------------------------------------------------------


def test_a_snippet_of_a_huge_line_is_a_window_around_the_column() -> None:
    line = "a" * 5_000_000 + "XYZ" + "b" * 5_000_000
    error = parse_error(5_000_002, line)
    shown, caret = error.snippet.split("\n")
    assert shown == f"   7 | {ELLIPSIS}{'a' * 38}XYZ{'b' * 37}{ELLIPSIS}"
    assert caret.index("^") == shown.index("Y")
    assert len(str(error)) < 250


def test_a_snippet_near_the_start_of_a_long_line_is_cut_on_the_right_only() -> None:
    shown, caret = parse_error(2, "Storm" + "x" * 500).snippet.split("\n")
    assert shown == f"   7 | Storm{'x' * 73}{ELLIPSIS}"
    assert caret == "     |  ^"


def test_control_characters_are_escaped_and_the_caret_follows_the_escapes() -> None:
    error = parse_error(8, "\x1b[2J\tStorm\u202e\x00")
    shown, caret = error.snippet.split("\n")
    assert shown == "   7 | \\x1b[2J\\tStorm\\u202e\\x00"
    assert caret.index("^") == shown.index("o")
    assert "\x1b" not in str(error)


def test_a_lone_surrogate_is_escaped_so_the_message_can_be_printed() -> None:
    error = parse_error(2, "S\udcfftorm")
    assert "\\udcff" in error.snippet
    str(error).encode("utf-8")


def test_wide_characters_take_two_columns_before_the_caret() -> None:
    shown, caret = parse_error(4, "東京駅 reopens").snippet.split("\n")
    assert shown == "   7 | 東京駅 reopens"
    assert caret == "     | " + " " * 6 + "^"


def test_a_column_past_the_end_of_the_line_puts_the_caret_after_it() -> None:
    assert parse_error(6, "Storm").snippet == "   7 | Storm\n     |      ^"


def shown_as(character: str) -> str:
    return character if character.isprintable() else repr(character)[1:-1]


def is_end_of(part: str, whole: str) -> bool:
    """``part`` is ``whole``, or an ellipsis and then a shorter end of ``whole``."""
    cut = part.startswith(ELLIPSIS) and len(part) - 1 < len(whole) and whole.endswith(part[1:])
    return part == whole or cut


def is_start_of(part: str, whole: str) -> bool:
    """``part`` is ``whole``, or a shorter start of ``whole`` and then an ellipsis."""
    cut = part.endswith(ELLIPSIS) and len(part) - 1 < len(whole) and whole.startswith(part[:-1])
    return part == whole or cut


any_character = st.characters(exclude_categories=())  # surrogates and controls too
lines = st.text(any_character, max_size=20) | st.text(any_character, min_size=60, max_size=400)


@given(lines, st.data())
def test_a_snippet_is_short_printable_and_its_caret_is_under_the_column(
    line: str, data: st.DataObject
) -> None:
    column = data.draw(st.integers(1, len(line) + 1), label="column")
    shown, caret_line = parse_error(column, line).snippet.split("\n")
    gutter = "   7 | "
    assert shown.startswith(gutter)
    shown = shown[len(gutter) :]
    assert len(shown) <= 80
    assert shown.isprintable()
    assert caret_line == "     | " + " " * (len(caret_line) - len(gutter) - 1) + "^"
    caret = len(caret_line) - len(gutter) - 1
    target = shown_as(line[column - 1]) if column <= len(line) else ""
    before = "".join(map(shown_as, line[: column - 1]))
    after = "".join(map(shown_as, line[column - 1 :]))
    assert any(
        _screen_width(shown[:split]) == caret
        and is_end_of(shown[:split], before)
        and is_start_of(shown[split:], after)
        and shown[split:].startswith(target)
        for split in range(len(shown) + 1)
    )
