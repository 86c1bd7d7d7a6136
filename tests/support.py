"""Helpers shared by the test modules."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data"


def fixture_names() -> list[str]:
    return sorted(path.stem for path in DATA.glob("*.txt"))


def read_fixture(name: str) -> tuple[str, dict[str, Any]]:
    """A fixture page's text, exactly as stored, and its expected structure."""
    text = (DATA / f"{name}.txt").read_bytes().decode("utf-8")
    expected = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
    return text, expected
