"""The command line: newsdoc show."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import newsdoc
from newsdoc._cli import main

from support import DATA


def test_show_prints_the_structure_and_confirms_the_round_trip(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["show", str(DATA / "rendering-b.txt")]) == 0
    out = capsys.readouterr().out
    assert "title:      Glacier Monitors Record Earliest Spring Melt in Two Decades" in out
    assert "heading:    Summary\npoint:      2 lines" in out
    assert "paragraph:  3 lines" in out
    assert "repeat:     Glacier Monitors Record Earliest Spring Melt in Two Decades" in out
    assert out.endswith(f"round trip: exact ({(DATA / 'rendering-b.txt').stat().st_size} bytes)\n")


def test_show_reports_a_parse_error_with_its_position(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "bad.txt"
    page.write_bytes(b"Storm closes ports\n4 Feb\nWinds reached 120 km/h.")
    assert main(["show", str(page)]) == 1
    assert "line 3, column 1" in capsys.readouterr().err
    assert main(["show", "--lenient", str(page)]) == 0
    out = capsys.readouterr().out
    assert "stray line: 3: Winds reached 120 km/h." in out
    assert "round trip: exact" in out


def test_show_reports_a_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "/nonexistent/page.txt"]) == 1
    assert "No such file" in capsys.readouterr().err


def test_show_refuses_utf16_naming_the_file_and_the_encoding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "wide.txt"
    page.write_bytes("Storm closes ports\n4 Feb".encode("utf-16"))
    assert main(["show", str(page)]) == 1
    error = capsys.readouterr().err
    assert "wide.txt" in error
    assert "UTF-16" in error


def test_python_dash_m_runs_the_command_line() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "newsdoc", "show", str(DATA / "rendering-a.txt")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert "round trip: exact" in result.stdout


def test_show_prints_the_pages_own_separator_and_marks_with_plurals(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "page.txt"
    page.write_text("Home / Sea / Ferry\nFerry\n3 Jan\nSummary\n  * Fares frozen\n\nOne.")
    assert main(["show", str(page)]) == 0
    out = capsys.readouterr().out
    assert "breadcrumb: Home / Sea / Ferry  (3 segments)" in out
    assert "point:      1 line, 14 characters\n   1. * Fares frozen\n" in out
    assert "paragraph:  1 line, 4 characters" in out


@pytest.mark.parametrize("breaker", ["\x0b", "\x0c", "\x1c", "\x1e", "\x85", "\u2028", "\u2029"])
def test_show_keeps_a_character_other_tools_break_lines_at_escaped_on_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], breaker: str
) -> None:
    page = tmp_path / "page.txt"
    page.write_bytes(f"Ferry{breaker}fares frozen\n3 Jan".encode())
    assert main(["show", str(page)]) == 0
    out = capsys.readouterr().out
    assert f"title:      Ferry{repr(breaker)[1:-1]}fares frozen\ndateline:   3 Jan\n" in out


def test_a_library_that_cannot_be_imported_is_reported_as_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "newsdoc._commands", None)
    monkeypatch.delattr(newsdoc, "_commands", raising=False)
    with pytest.raises(ImportError, match=r"newsdoc\._commands"):
        main(["check", str(tmp_path)])


def test_the_limits_of_a_page_are_options_and_a_page_past_them_fails_naming_the_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "page.txt"
    page.write_bytes(b"Storm closes ports\n4 Feb")
    assert main(["show", "--max-lines", "1", str(page)]) == 1
    assert "max_lines=1" in capsys.readouterr().err
    assert main(["show", "--max-bytes", "10", str(page)]) == 1
    assert "max_bytes=10" in capsys.readouterr().err
    assert main(["check", "--max-bytes", "10", str(page)]) == 1
    captured = capsys.readouterr()
    assert "max_bytes=10" in captured.out + captured.err
    assert main(["check", "--max-lines", "1", str(page)]) == 1
    captured = capsys.readouterr()
    assert "max_lines=1" in captured.out + captured.err
    assert main(["check", "--max-bytes", "24", "--max-lines", "2", str(page)]) == 0
    for refused in ("-1", "\u00b2", "9" * 19):
        with pytest.raises(SystemExit):
            main(["check", "--max-lines", refused, str(page)])
        assert "not a whole number of at most 18 digits" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["show", "check"])
def test_standard_input_is_read_within_max_bytes(command: str) -> None:
    page = b"Storm closes ports\n4 Feb"
    for limit, status in (("10", 1), ("24", 0)):
        result = subprocess.run(
            [sys.executable, "-m", "newsdoc", command, "--max-bytes", limit, "-"],
            input=page,
            capture_output=True,
            check=False,
        )
        assert result.returncode == status, result.stderr
        assert (b"max_bytes=10" in result.stdout + result.stderr) == (status == 1)
