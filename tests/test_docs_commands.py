"""The command-line how-to's console blocks, run in order, print what the page says they print."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOWTO = ROOT / "docs" / "howto" / "command-line.md"
HEADING_ONLY = "Home / Business / Harbour fees rise\nHarbour fees rise\n3 Jun\nSummary"


def sessions() -> list[tuple[str, str]]:
    """Each ``$ command`` of the how-to, with the output shown under it."""
    found = []
    for block in re.findall(r"```console\n(.*?)```", HOWTO.read_text(encoding="utf-8"), re.S):
        for command, output in re.findall(r"^\$ (.*)\n((?:(?!\$ ).*\n)*)", block, re.M):
            found.append((command, output))
    return found


def test_the_how_to_shows_what_each_command_prints(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    (pages / "drafts").mkdir(parents=True)
    for example in (ROOT / "examples").glob("*.txt"):
        shutil.copy(example, pages)
    (pages / "drafts" / "heading-only.txt").write_text(HEADING_ONLY, encoding="utf-8")
    # The interpreter's own scripts first: the newsdoc command installed with it.
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    ran = sessions()
    assert len(ran) >= 6
    for command, expected in ran:
        result = subprocess.run(
            command,
            shell=True,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            env={**os.environ, "PATH": path},
            check=False,
        )
        assert result.stdout == expected, command
