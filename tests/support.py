"""Helpers shared by the test modules."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

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
