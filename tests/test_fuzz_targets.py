"""The fuzz campaign's targets pass on their seeds, and each fails where newsdoc breaks its way."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs
import pytest

import newsdoc

FUZZ = Path(__file__).resolve().parent.parent / "fuzz"


def _targets_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("targets", FUZZ / "targets.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


targets = _targets_module()


def _check_every_seed(name: str) -> None:
    target = targets.TARGETS[name]
    for seed in target.seeds():
        target.check(seed)


@pytest.mark.parametrize("name", sorted(targets.TARGETS))
def test_every_target_keeps_newsdocs_contract_on_its_seeds(name: str) -> None:
    assert targets.TARGETS[name].seeds()
    _check_every_seed(name)


def _losing_the_last_character(dumps: Callable[..., str]) -> Callable[..., str]:
    return lambda *args, **kwargs: dumps(*args, **kwargs)[:-1]


def _another_title(read: Callable[..., newsdoc.Article]) -> Callable[..., newsdoc.Article]:
    def wrong(*args: Any, **kwargs: Any) -> newsdoc.Article:
        article = read(*args, **kwargs)
        return newsdoc.Article(title=article.title + " (changed)")

    return wrong


def _raising(error: Exception) -> Callable[..., Any]:
    def raise_it(*args: Any, **kwargs: Any) -> Any:
        raise error

    return raise_it


def _records_of_another_title(
    load_many: Callable[..., Iterator[newsdoc.Record | newsdoc.Failure]],
) -> Callable[..., Iterator[newsdoc.Record | newsdoc.Failure]]:
    def wrong(*args: Any, **kwargs: Any) -> Iterator[newsdoc.Record | newsdoc.Failure]:
        for item in load_many(*args, **kwargs):
            if isinstance(item, newsdoc.Record):
                changed = newsdoc.Article(title=item.article.title + " (changed)")
                item = attrs.evolve(item, article=changed)
            yield item

    return wrong


# Each target, the newsdoc function it relies on, and how that function is broken.
BREAKAGES: list[tuple[str, str, Callable[[Any], Any]]] = [
    ("loads", "dumps", _losing_the_last_character),
    ("loads", "from_json", _another_title),
    ("json", "from_json", _another_title),
    ("exports", "export", lambda export: _raising(ValueError("escaped"))),
    ("load_many", "load_many", _records_of_another_title),
    ("dateline", "parse_dateline", lambda parse: _raising(KeyError("escaped"))),
]


@pytest.mark.parametrize(("name", "function", "broken"), BREAKAGES)
def test_a_target_fails_where_newsdoc_breaks_its_contract(
    name: str, function: str, broken: Callable[[Any], Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(newsdoc, function, broken(getattr(newsdoc, function)))
    with pytest.raises((AssertionError, ValueError, KeyError)):
        _check_every_seed(name)


def test_the_formats_target_fails_where_a_format_breaks_a_promise(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page = newsdoc.get_format("page")
    monkeypatch.setattr(page, "dump", _losing_the_last_character(page.dump))
    with pytest.raises(AssertionError, match="'page' format"):
        _check_every_seed("formats")


def test_the_command_line_target_fails_where_an_error_escapes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(targets, "command_line", _raising(RuntimeError("escaped")))
    with pytest.raises(RuntimeError):
        targets.check_command_line(targets.command_seeds()[0])


def test_the_command_line_target_keeps_every_path_inside_its_folder() -> None:
    escaping = b"\0".join([bytes([targets.WORDS.index("convert")]), b"\xff..", b"\xff/etc/passwd"])
    argv, _ = targets.arguments_of(escaping + b"\0\0")
    assert argv == ["convert", "_", "_etc_passwd"]


def test_the_command_line_target_fails_where_a_traceback_is_printed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def printing_a_traceback(argv: list[str]) -> int:
        print("Traceback (most recent call last):", file=sys.stderr)
        return 1

    monkeypatch.setattr(targets, "command_line", printing_a_traceback)
    with pytest.raises(AssertionError, match="printed a traceback"):
        targets.check_command_line(targets.command_seeds()[0])


def test_a_tree_holds_hidden_names_and_names_of_any_bytes() -> None:
    entries = targets.entries_of(b"\x40caf\xe9\n\0\x80page\n")
    assert [entry.name for entry in entries] == [b".caf\xe9.txt", b"page"]
