"""Helpers shared by the test modules."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import newsdoc
from newsdoc import _exports, _formats, _grammar

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
        _formats._FORMATS,
        _formats._SUFFIXES,
    ]
    saved = [dict(registry) for registry in registries]
    discovered = _formats._discovered
    try:
        yield
    finally:
        for registry, copy in zip(registries, saved, strict=True):
            registry.clear()
            registry.update(copy)
        _formats._discovered = discovered


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
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def record(value: _T) -> None:
        drawn.append(value)

    record()
    return drawn


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
