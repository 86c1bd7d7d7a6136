"""The project's promises about itself: quick start, public surface, test setup."""

from __future__ import annotations

import ast
import re
import shlex
import subprocess
import sys
from pathlib import Path

from hypothesis import settings

import newsdoc

from support import examples

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent


def quick_start_commands() -> list[str]:
    """Each ``sh`` block of the README's quick start."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section, re.DOTALL)


def run_quick_start_step(argv: list[str]) -> None:
    """Run one command of the quick start here, or check it where running it would not do.

    Installing would change the environment the tests run in: an install is
    checked to name this project and extras it has.  The test suite is
    collected, not run, as it is already running.
    """
    match argv:
        case ["python", "-m", "pip", "install", *arguments]:
            [target] = [argument for argument in arguments if not argument.startswith("-")]
            folder, _, extras = target.partition("[")
            pyproject = tomllib.loads((ROOT / folder / "pyproject.toml").read_text("utf-8"))
            assert pyproject["project"]["name"] == "newsdoc"
            known = pyproject["project"]["optional-dependencies"]
            assert set(filter(None, extras.rstrip("]").split(","))) <= set(known), target
        case ["python", "-m", "pytest", *arguments]:
            collecting = ["--collect-only", "-q", "-p", "no:cacheprovider"]
            collected = subprocess.run(
                [sys.executable, "-m", "pytest", *arguments, *collecting],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=False,
            )
            assert collected.returncode == 0, collected.stdout[-2000:] + collected.stderr
        case ["python", *arguments]:
            result = subprocess.run(
                [sys.executable, *arguments], cwd=ROOT, capture_output=True, text=True, check=False
            )
            assert result.returncode == 0, (argv, result.stdout, result.stderr)
        case _:
            raise AssertionError(f"the quick start runs {argv}, which no test checks")


def test_the_quick_start_commands_run() -> None:
    blocks = quick_start_commands()
    assert blocks
    for block in blocks:
        for line in block.splitlines():
            for command in line.split("&&"):
                run_quick_start_step(shlex.split(command))


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert quick_start_commands()[1] in ci.splitlines()


def test_all_names_every_public_name_once() -> None:
    assert len(set(newsdoc.__all__)) == len(newsdoc.__all__)
    public = {name for name in dir(newsdoc) if not name.startswith("_")}
    assert public - {"lines", "strategies", "testing"} == set(newsdoc.__all__)


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


def test_a_share_of_the_examples_follows_the_loaded_profile() -> None:
    loaded = settings.get_current_profile_name()
    counts = []
    try:
        for profile in ("default", "long"):
            settings.load_profile(profile)
            counts.append((examples(0.05), examples(0.0001)))
    finally:
        settings.load_profile(loaded)
    assert counts == [(5, 1), (250, 1)]


def test_no_test_fixes_its_own_number_of_examples() -> None:
    # The profiles in conftest.py set the count, so that the long one reaches
    # every test; a test that needs fewer asks for a share with support.examples.
    fixed = [
        f"{path.name}:{node.value.lineno}"
        for path in [*(ROOT / "tests").glob("test_*.py"), ROOT / "src/newsdoc/testing.py"]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.keyword)
        and node.arg == "max_examples"
        and isinstance(node.value, ast.Constant)
    ]
    assert fixed == []
