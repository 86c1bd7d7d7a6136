"""Faults a long run survives: a full disk, inputs that vanish or change while it reads them."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import newsdoc
from newsdoc._cli import main as command_line

try:
    import resource
except ImportError:  # no limits on a file's size here
    resource = None  # type: ignore[assignment]

COMMAND = [sys.executable, "-m", "newsdoc"]


def page(number: int) -> str:
    title = f"Lock {number} reopens"
    return (
        f"{title}\n3 Mar\n\nBoats pass lock {number} again.\n"
        + "Repairs took a year. " * 30 * number
    )


def written_pages(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True)
    paths = [folder / f"page-{number:02}.txt" for number in range(count)]
    for number, path in enumerate(paths):
        path.write_text(page(number), encoding="utf-8")
    return paths


def _limit_file_size(size: int) -> None:
    # Past the limit a write fails with EFBIG, as on a full disk, rather than a signal
    # ending the process.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))


@pytest.mark.skipif(
    resource is None or not hasattr(signal, "SIGXFSZ"), reason="no file-size limits"
)
def test_an_output_that_cannot_grow_fails_its_page_and_keeps_every_output_before_it(
    tmp_path: Path,
) -> None:
    inputs = written_pages(tmp_path / "pages", 12)
    limit = 4096  # the documents of the first pages fit, those of the last ones do not
    done = subprocess.run(
        [
            *COMMAND,
            "convert",
            str(tmp_path / "pages"),
            "--to",
            "json",
            "-o",
            str(tmp_path / "out"),
            "--jobs",
            "1",
        ],
        capture_output=True,
        check=False,
        timeout=120,
        preexec_fn=lambda: _limit_file_size(limit),
    )
    assert done.returncode == 1
    assert b"Traceback" not in done.stderr
    outputs = sorted((tmp_path / "out").iterdir())
    assert 0 < len(outputs) < len(inputs)
    # Every output written is whole, and no unfinished file is left beside them.
    for output in outputs:
        assert output.suffix == ".json"
        article = newsdoc.from_json(output.read_bytes())
        assert newsdoc.dumps(article) == (tmp_path / "pages" / f"{output.stem}.txt").read_text()
    for path in inputs:
        if not (tmp_path / "out" / f"{path.stem}.json").exists():
            assert f"{path}".encode() in done.stderr
            assert b"File too large" in done.stderr


def test_a_page_deleted_while_a_run_reads_the_folder_is_a_failure_in_its_place(
    tmp_path: Path,
) -> None:
    paths = written_pages(tmp_path / "pages", 4)
    items = newsdoc.load_many(tmp_path / "pages")
    first = next(items)
    paths[2].unlink()
    rest = list(items)
    assert isinstance(first, newsdoc.Record)
    assert [type(item).__name__ for item in rest] == ["Record", "Failure", "Record"]
    failure = rest[1]
    assert isinstance(failure, newsdoc.Failure)
    assert failure.source == str(paths[2])
    assert isinstance(failure.error, newsdoc.ReadError)


def test_a_page_replaced_while_a_run_reads_the_folder_is_read_as_it_is_then(
    tmp_path: Path,
) -> None:
    paths = written_pages(tmp_path / "pages", 3)
    items = newsdoc.load_many(tmp_path / "pages")
    next(items)
    replacement = tmp_path / "replacement.txt"
    replacement.write_text("Canal closes\n\nIce on the water.", encoding="utf-8")
    replacement.replace(paths[1])
    rest = list(items)
    assert [item.article.title for item in rest if isinstance(item, newsdoc.Record)] == [
        "Canal closes",
        "Lock 2 reopens",
    ]


def test_a_folder_deleted_while_a_run_walks_it_is_a_failure_in_its_place(
    tmp_path: Path,
) -> None:
    written_pages(tmp_path / "pages" / "a", 2)
    later = written_pages(tmp_path / "pages" / "b", 2)
    items = newsdoc.load_many(tmp_path / "pages")
    next(items)
    for path in later:
        path.unlink()
    later[0].parent.rmdir()
    rest = list(items)
    assert isinstance(rest[0], newsdoc.Record)
    (failure,) = rest[1:]
    assert isinstance(failure, newsdoc.Failure)
    assert "cannot be listed" in str(failure.error)


def test_json_lines_of_a_run_that_fails_midway_hold_every_record_but_the_failed_pages(
    tmp_path: Path,
) -> None:
    written_pages(tmp_path / "pages", 3)
    (tmp_path / "pages" / "page-01.txt").write_bytes(b"\xff not UTF-8")
    out = tmp_path / "pages.jsonl"
    done = subprocess.run(
        [*COMMAND, "convert", str(tmp_path / "pages"), "--to", "jsonl", "-o", str(out), "-j", "1"],
        capture_output=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 1
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [Path(record["source"]).name for record in records] == ["page-00.txt", "page-02.txt"]
    assert set(os.listdir(tmp_path)) == {"pages", "pages.jsonl"}


def test_an_output_folder_on_a_read_only_file_system_fails_each_page_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """As a mount that is read-only refuses, whoever runs: permission bits bind no root."""
    inputs = written_pages(tmp_path / "pages", 3)
    (tmp_path / "out").mkdir()
    real_open = os.open

    def read_only(path: str, flags: int, *args: object, **kwargs: object) -> int:
        if flags & os.O_CREAT:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), path)
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", read_only)
    pages, out = str(tmp_path / "pages"), str(tmp_path / "out")
    status = command_line(["convert", pages, "--to", "json", "-o", out, "-j", "1", "-q"])
    errors = capsys.readouterr().err
    assert status == 1
    assert "Traceback" not in errors
    for path in inputs:
        assert f"{path}" in errors
    assert errors.count("Read-only file system") == len(inputs)
    assert list((tmp_path / "out").iterdir()) == []
