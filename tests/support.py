"""Helpers shared by the test modules."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from newsdoc import _exports, _formats, _grammar

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
