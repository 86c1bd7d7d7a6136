"""A format plugin installed with pip, as a user installs one, is found by its entry point."""

from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
import textwrap
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "dated-excerpt"

BROKEN_PYPROJECT = """\
[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[project]
name = "newsdoc-broken-plugin"
version = "2.0"

[project.entry-points."newsdoc.formats"]
broken = "newsdoc_broken_plugin:FORMAT"

[tool.hatch.build.targets.wheel]
packages = ["newsdoc_broken_plugin"]
"""

# Run in the new environment: what newsdoc finds there, as JSON.
PROBE = """\
import json, warnings
import newsdoc

page = " date 2026-03-04 Night ferry returns\\nThe route reopens after the refit.\\n"
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    names = newsdoc.format_names()
named = newsdoc.loads(page, format="dated-excerpt")
auto = newsdoc.loads(page, format="auto")
print(json.dumps({
    "names": names,
    "warnings": [str(warning.message) for warning in caught],
    "named": [named.format, named.title, named.dateline.text],
    "auto": auto == named,
    "written": newsdoc.dumps(auto) == page,
}))
"""


def _environment_with_this_newsdoc(folder: Path) -> Path:
    """A new virtual environment that sees this one's packages (newsdoc, pip, hatchling).

    A ``.pth`` line that starts with ``import`` runs at start-up: adding this
    environment's site-packages as a site directory processes its own
    ``.pth`` files too, which is how the editable newsdoc is found.
    """
    venv.create(folder, with_pip=False)
    python = folder / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    inner = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    outer = sysconfig.get_paths()["purelib"]
    (Path(inner) / "outer.pth").write_text(f"import site; site.addsitedir({outer!r})\n")
    return python


@pytest.mark.skipif(
    subprocess.run([sys.executable, "-m", "hatchling", "--help"], capture_output=True).returncode,
    reason="hatchling (in the test extra) builds the plugins",
)
def test_a_plugin_installed_with_pip_is_found_and_a_broken_one_only_warns(
    tmp_path: Path,
) -> None:
    broken = tmp_path / "broken"
    (broken / "newsdoc_broken_plugin").mkdir(parents=True)
    (broken / "pyproject.toml").write_text(BROKEN_PYPROJECT)
    (broken / "newsdoc_broken_plugin" / "__init__.py").write_text(
        textwrap.dedent(
            """\
            class _NotAFormat:
                name = "broken"

            FORMAT = _NotAFormat()
            """
        )
    )
    python = _environment_with_this_newsdoc(tmp_path / "venv")
    install = [python, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index"]
    subprocess.run(
        [*install, "--no-build-isolation", str(EXAMPLE), str(broken)],
        check=True,
        capture_output=True,
    )

    probe = subprocess.run([python, "-c", PROBE], capture_output=True, text=True, check=True)
    found = json.loads(probe.stdout)

    assert found["names"] == ["dated-excerpt", "dated-summary", "json", "page"]
    assert found["named"] == ["dated-excerpt", "Night ferry returns", "2026-03-04"]
    assert found["auto"] is True
    assert found["written"] is True
    [warning] = found["warnings"]
    assert "'broken'" in warning
    assert "newsdoc-broken-plugin 2.0" in warning
    assert "lacks sniff, parse, dump" in warning
