"""The project's promises about itself: quick start, public surface."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import newsdoc

ROOT = Path(__file__).resolve().parent.parent


def quick_start_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+)\n```", section)


def test_the_quick_start_has_exactly_two_one_line_commands() -> None:
    commands = quick_start_commands()
    assert len(commands) == 2
    assert "[cli]" in commands[0]
    assert "newsdoc check" in commands[0]
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert quick_start_commands()[1] in ci.splitlines()


def test_all_names_every_public_name_once() -> None:
    assert len(set(newsdoc.__all__)) == len(newsdoc.__all__)
    public = {name for name in dir(newsdoc) if not name.startswith("_")}
    assert public - {"strategies", "testing"} == set(newsdoc.__all__)


def test_the_package_ships_its_type_information() -> None:
    assert (ROOT / "src" / "newsdoc" / "py.typed").exists()


def test_every_module_can_be_the_first_one_imported() -> None:
    # ``import newsdoc`` imports nothing, so a program may start from any module.
    modules = sorted(
        f"newsdoc.{path.stem}"
        for path in (ROOT / "src" / "newsdoc").glob("*.py")
        if path.stem not in ("__init__", "__main__", "_hypothesis")  # Hypothesis loads that one
    )
    for module in modules:
        result = subprocess.run(
            [sys.executable, "-c", f"import {module}"], capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, (module, result.stderr)
