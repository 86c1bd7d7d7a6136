"""The ``newsdoc`` command run as users run it: a subprocess, its exit status, streams, files."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime, timezone
from pathlib import Path

import pytest

import newsdoc

from support import DATA

COMMAND = [sys.executable, "-m", "newsdoc"]


def page_text(number: int, *, section: str = "Science") -> str:
    title = f"Harbour Crane {number} Returns to Service"
    return (
        f"Home / {section} / {title}\n{title}\n{1 + number % 28} Mar\nSummary\n"
        f"- Crane {number} lifts again after repairs\n- Night shifts resume\n\n"
        f"The port reopened berth {number} on Monday.\nDockers welcomed the news."
    )


def write_pages(folder: Path, count: int, *, per_folder: int = 50) -> list[Path]:
    written = []
    for number in range(count):
        path = folder / f"part-{number // per_folder:03}" / f"page-{number:05}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page_text(number), encoding="utf-8", newline="")
        written.append(path)
    return written


def run(
    *arguments: str, stdin: bytes = b"", env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [*COMMAND, *arguments],
        input=stdin,
        capture_output=True,
        check=False,
        env=env,
        cwd=cwd,
        timeout=120,
    )


def summary(output: bytes) -> dict[str, int]:
    """The summary table's rows, label to count."""
    rows = {}
    for line in output.decode().splitlines():
        label, _, count = line.strip().rpartition(" ")
        if count.isdigit() and ":" not in label:
            rows[label.strip()] = int(count)
    return rows


# -- start-up -------------------------------------------------------------------


def test_version_prints_the_version_without_importing_the_library() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.decode() == f"newsdoc {newsdoc.__version__}\n"
    probe = (
        "import sys\n"
        "from newsdoc._cli import main\n"
        "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('attr', 'attrs', 'cattrs', 'dateutil') or m == 'newsdoc._api'))\n"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert loaded.stdout.splitlines()[-1] == "[]"


def test_arguments_that_cannot_work_exit_2_naming_the_problem(tmp_path: Path) -> None:
    write_pages(tmp_path, 2)
    unknown_dialect = run("check", str(tmp_path), "--dialect", "no-such")
    assert unknown_dialect.returncode == 2
    assert b"no-such" in unknown_dialect.stderr
    assert b"default" in unknown_dialect.stderr  # the known names are listed
    assert run("check", str(tmp_path), "--jobs", "0").returncode == 2
    assert run("convert", str(tmp_path), "--to", "html").returncode == 2  # many pages, no -o
    assert run("convert", str(tmp_path), "--to", "yaml").returncode == 2
    assert run("check").returncode == 2
    assert run("check", "-", "-").returncode == 2
    assert run("check", str(tmp_path), "--glob", "part-000/*.txt").returncode == 2


# -- check ----------------------------------------------------------------------


def test_check_passes_a_folder_of_good_pages_and_prints_a_summary(tmp_path: Path) -> None:
    write_pages(tmp_path, 120)
    (tmp_path / "notes.md").write_text("not a page")
    (tmp_path / ".hidden.txt").write_text("")
    result = run("check", str(tmp_path), "--jobs", "1")
    assert result.returncode == 0, result.stdout
    assert summary(result.stdout) == {"pages": 120, "passed": 120, "failed": 0}
    assert result.stderr == b""  # no terminal: no progress bar


def test_check_reports_every_failure_with_its_position_and_goes_on(tmp_path: Path) -> None:
    good = write_pages(tmp_path, 5)
    good[1].write_text("Storm closes ports\n4 Feb\nWinds reached 120 km/h.")
    good[3].write_bytes(b"Title\n\xff")
    missing = tmp_path / "missing.txt"
    result = run("check", str(tmp_path), str(missing))
    assert result.returncode == 1
    lines = result.stdout.decode().splitlines()
    assert f"{good[1]}:3:1: missing-blank-line expected a blank line" in lines[0]
    assert lines[1].startswith(f"{good[3]}:2:1: invalid-utf8 expected UTF-8")
    assert lines[2].startswith(f"{missing}: read-error cannot read")
    assert summary(result.stdout) == {
        "pages": 6,
        "passed": 3,
        "failed": 3,
        "missing-blank-line": 1,
        "invalid-utf8": 1,
        "read-error": 1,
    }


def test_check_fail_fast_stops_at_the_first_failure(tmp_path: Path) -> None:
    pages = write_pages(tmp_path, 40)
    pages[2].write_text("Only a title\n4 Feb\nand a stray line")
    for jobs in ("1", "2"):
        result = run("check", str(tmp_path), "--fail-fast", "--jobs", jobs)
        assert result.returncode == 1
        assert summary(result.stdout)["pages"] == 3


def test_check_lenient_passes_pages_with_stray_lines_and_lists_them(tmp_path: Path) -> None:
    page = tmp_path / "stray.txt"
    page.write_text("Storm closes ports\n4 Feb\nWinds reached 120 km/h.")
    result = run("check", str(page), "--lenient")
    assert result.returncode == 0
    assert f"{page}:3:1: missing-blank-line" in result.stdout.decode()
    assert summary(result.stdout)["defects kept"] == 1


def test_check_reads_standard_input_as_one_page() -> None:
    good = run("check", "-", stdin=page_text(7).encode())
    assert good.returncode == 0
    assert summary(good.stdout)["passed"] == 1
    bad = run("check", "-", stdin=b"Title\n\nSummary")
    assert bad.returncode == 1
    assert bad.stdout.startswith(b"<stdin>:")


def test_check_takes_globs_and_the_glob_option(tmp_path: Path) -> None:
    write_pages(tmp_path, 60)
    (tmp_path / "extra.page").write_text(page_text(1))
    by_glob = run("check", str(tmp_path / "part-001" / "*.txt"))
    assert summary(by_glob.stdout)["pages"] == 10
    by_option = run("check", str(tmp_path), "--glob", "*.page")
    assert summary(by_option.stdout)["pages"] == 1


def test_check_in_parallel_reports_in_input_order_as_one_process_does(tmp_path: Path) -> None:
    pages = write_pages(tmp_path, 90, per_folder=7)
    for index in (4, 33, 34, 80):
        pages[index].write_text(f"Title {index}\n4 Feb\nno blank line before it")
    one = run("check", str(tmp_path), "--jobs", "1")
    two = run("check", str(tmp_path), "--jobs", "2")
    assert one.returncode == two.returncode == 1
    assert one.stdout == two.stdout
    assert one.stdout.decode().count("missing-blank-line expected") == 4


def test_check_of_json_documents_checks_that_the_article_reads_back(tmp_path: Path) -> None:
    article = newsdoc.loads(page_text(3))
    (tmp_path / "a.json").write_text(newsdoc.to_json(article))
    result = run("check", str(tmp_path), "--glob", "*.json")
    assert result.returncode == 0
    assert summary(result.stdout) == {"pages": 1, "passed": 1, "failed": 0}


def test_check_fails_a_json_document_that_convert_could_not_write(tmp_path: Path) -> None:
    document = newsdoc.to_dict(newsdoc.loads(page_text(3)))
    document["body"][1] = "Dockers \udcffwelcomed the news."
    (tmp_path / "a.json").write_text(json.dumps(document, indent=2))  # escaped: \udcff
    result = run("check", str(tmp_path), "--glob", "*.json")
    assert result.returncode == 1
    assert b"$.body[1]: 'Dockers \\udcffwelcomed the news.' (line 19, column 5) holds a lone" in (
        result.stdout
    )
    converted = run("convert", str(tmp_path), "--glob", "*.json", "--to", "page", "-o", "out")
    assert converted.returncode == 1
    assert b"lone surrogate" in converted.stdout + converted.stderr


def test_check_of_nothing_found_fails(tmp_path: Path) -> None:
    result = run("check", str(tmp_path))
    assert result.returncode == 1
    assert b"no pages found" in result.stderr


# -- terminal safety ------------------------------------------------------------


def test_control_characters_from_a_page_are_shown_escaped(tmp_path: Path) -> None:
    page = tmp_path / "\x1b[2Jpage.txt"
    page.write_bytes(b"Title \x1b]0;owned\x07\n4 Feb\nstray \x1b[31m line")
    for arguments in (["check", str(tmp_path)], ["show", "--lenient", str(page)]):
        result = run(*arguments)
        shown = result.stdout + result.stderr
        assert b"\x1b" not in shown
        assert b"\x07" not in shown
        assert b"\\x1b" in shown


def test_a_terminal_that_is_not_utf8_gets_replacement_characters(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text("Home / Café / Crème brûlée wins\nCrème brûlée wins\n4 Feb", encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "PYTHONUTF8": "0"}
    result = run("show", str(page), env=env)
    assert result.returncode == 0
    assert b"Cr?me br?l?e wins" in result.stdout
    assert result.stderr == b""


def test_a_closed_pipe_ends_the_run_quietly(tmp_path: Path) -> None:
    pages = write_pages(tmp_path, 3000)
    for page in pages[::2]:
        page.write_text("Title\n4 Feb\nno blank line")
    with subprocess.Popen(
        [*COMMAND, "check", str(tmp_path), "--jobs", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        first = process.stdout.readline()
        process.stdout.close()
        errors = process.stderr.read()
        status = process.wait(timeout=120)
    assert first.startswith(str(pages[0]).encode())
    assert status == 141
    assert errors == b""


# -- progress -------------------------------------------------------------------


def run_with_terminal_stderr(arguments: Sequence[str]) -> tuple[int, bytes]:
    """Run the command with standard error on a pseudo-terminal; its status and what it drew."""
    controller, terminal = pty.openpty()
    # A new pseudo-terminal is 0 columns wide, where nothing can be drawn.
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    with subprocess.Popen(
        [*COMMAND, *arguments], stdout=subprocess.DEVNULL, stderr=terminal
    ) as process:
        os.close(terminal)
        drawn = b""
        while True:
            ready, _, _ = select.select([controller], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(controller, 65536)
                except OSError:  # the terminal closed with the process
                    break
                if not chunk:
                    break
                drawn += chunk
            elif process.poll() is not None:
                break
        status = process.wait(timeout=120)
    os.close(controller)
    return status, drawn


def test_a_progress_bar_is_drawn_on_a_terminal_and_silenced_by_quiet(tmp_path: Path) -> None:
    write_pages(tmp_path, 400)
    status, drawn = run_with_terminal_stderr(["check", str(tmp_path), "--jobs", "1"])
    assert status == 0
    assert b"/400 [" in drawn  # done of total, then elapsed time and rate
    assert b"page/s" in drawn
    status, drawn = run_with_terminal_stderr(["check", str(tmp_path), "--jobs", "2"])
    assert status == 0
    assert b"/400 [" in drawn
    status, drawn = run_with_terminal_stderr(["check", str(tmp_path), "--quiet"])
    assert status == 0
    assert drawn == b""


# -- convert --------------------------------------------------------------------


def tree(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_convert_mirrors_the_tree_and_json_converts_back_byte_for_byte(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    write_pages(pages, 12, per_folder=5)
    (pages / "crlf.txt").write_bytes(page_text(99).replace("\n", "\r\n").encode())
    before = tree(pages)
    documents = run("convert", str(pages), "--to", "json", "-o", str(tmp_path / "json"))
    assert documents.returncode == 0, documents.stderr
    converted = tree(tmp_path / "json")
    assert sorted(converted) == sorted(name.replace(".txt", ".json") for name in before)
    back = run(
        "convert", str(tmp_path / "json"), "--glob", "*.json", "--to", "page",
        "-o", str(tmp_path / "back"),
    )  # fmt: skip
    assert back.returncode == 0, back.stderr
    assert tree(tmp_path / "back") == before
    assert tree(pages) == before  # inputs untouched


def test_convert_never_overwrites_without_force(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    write_pages(pages, 3)
    out = tmp_path / "out"
    assert run("convert", str(pages), "--to", "markdown", "-o", str(out)).returncode == 0
    target = out / "part-000" / "page-00001.md"
    target.write_text("my own notes")
    again = run("convert", str(pages), "--to", "markdown", "-o", str(out))
    assert again.returncode == 1
    assert b"output-exists" in again.stderr
    assert target.read_text() == "my own notes"
    forced = run("convert", str(pages), "--to", "markdown", "-o", str(out), "--force")
    assert forced.returncode == 0
    assert target.read_text().startswith("---\ntitle: ")


def test_convert_never_replaces_an_input_even_with_force(tmp_path: Path) -> None:
    pages = write_pages(tmp_path, 2)
    before = tree(tmp_path)
    result = run("convert", str(tmp_path), "--to", "page", "-o", str(tmp_path), "--force")
    assert result.returncode == 1
    assert result.stderr.count(b"output-is-input") == len(pages)
    assert tree(tmp_path) == before


def test_convert_to_json_lines_streams_records_with_their_sources(tmp_path: Path) -> None:
    pages = write_pages(tmp_path / "pages", 4)
    stamp = datetime(2026, 3, 9, 12, 30, tzinfo=timezone.utc).timestamp()
    os.utime(pages[0], (stamp, stamp))
    result = run("convert", str(tmp_path / "pages"), "--to", "jsonl", "--captured-from", "mtime")
    assert result.returncode == 0, result.stderr
    (tmp_path / "all.jsonl").write_bytes(result.stdout)
    records = list(newsdoc.load_jsonl(tmp_path / "all.jsonl"))
    assert [record.source for record in records] == [str(page) for page in pages]
    assert records[0].captured == datetime(2026, 3, 9, 12, 30, tzinfo=timezone.utc)
    assert records[0].article == newsdoc.load(pages[0])


def test_json_lines_convert_back_to_pages_named_by_safe_sources(tmp_path: Path) -> None:
    articles = [newsdoc.loads(page_text(n)) for n in range(3)]
    records = [
        newsdoc.Record(article=articles[0], source="news/a.txt"),
        newsdoc.Record(article=articles[1], source="../../etc/escape.txt"),
        newsdoc.Record(article=articles[2], source=None),
    ]
    newsdoc.dump_jsonl(records, tmp_path / "batch.jsonl")
    out = tmp_path / "out"
    result = run("convert", str(tmp_path / "batch.jsonl"), "--to", "page", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert tree(out) == {
        "news/a.txt": page_text(0).encode(),
        "batch-2.txt": page_text(1).encode(),
        "batch-3.txt": page_text(2).encode(),
    }


def test_convert_dates_exports_against_the_reference_date(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(page_text(2))
    dated = run("convert", str(page), "--to", "jsonld", "--reference-date", "2026-04-01")
    assert json.loads(dated.stdout)["datePublished"] == "2026-03-03"
    undated = run("convert", str(page), "--to", "jsonld")
    assert "datePublished" not in json.loads(undated.stdout)


def test_json_lines_to_a_file_is_written_whole_and_not_overwritten(tmp_path: Path) -> None:
    write_pages(tmp_path / "pages", 5)
    target = tmp_path / "all.jsonl"
    assert (
        run("convert", str(tmp_path / "pages"), "--to", "jsonl", "-o", str(target)).returncode == 0
    )
    assert len(target.read_bytes().splitlines()) == 5
    again = run("convert", str(tmp_path / "pages"), "--to", "jsonl", "-o", str(target))
    assert again.returncode == 2
    bad = tmp_path / "pages" / "part-000" / "page-00002.txt"
    bad.write_text("Title\n4 Feb\nno blank line")
    failed = run(
        "convert", str(tmp_path / "pages"), "--to", "jsonl", "-o", str(target), "--force",
        "--fail-fast",
    )  # fmt: skip
    assert failed.returncode == 1
    assert len(target.read_bytes().splitlines()) == 5  # the old file, whole
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


# -- signals --------------------------------------------------------------------


def processes() -> Iterator[tuple[int, list[str]]]:
    """Each process's id, and the fields of its /proc stat after its name: state, parent, group."""
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = Path("/proc", entry, "stat").read_text()
        except OSError:  # not a process, or one that has ended
            continue
        # The name, in parentheses, may hold spaces: the fields follow its last ")".
        yield int(entry), stat.rpartition(")")[2].split()


def workers(pid: int) -> list[list[str]]:
    """The /proc stat fields of each child of ``pid``."""
    return [fields for _, fields in processes() if fields[1] == str(pid)]


def workers_have_worked(pid: int) -> bool:
    """Whether a worker has spent processor time (its user and system clock ticks)."""
    return any(int(fields[11]) + int(fields[12]) > 0 for fields in workers(pid))


def alive_in_group(group: int) -> list[int]:
    """The processes of a process group that have not ended (zombies have)."""
    return [pid for pid, fields in processes() if fields[2] == str(group) and fields[0] != "Z"]


def started_as_from_a_terminal() -> None:
    """Give the stopping signals their default action, as a shell does for a foreground command.

    A process started in the background by a script, or under nohup,
    inherits SIGINT or SIGHUP ignored, and the command keeps them so: the
    tests of what a signal does must not depend on how the suite was started.
    """
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, signal.SIG_DFL)


def wait_until(process: subprocess.Popen[bytes], ready: Callable[[int], object]) -> None:
    """Wait, polling, until ``ready(pid)`` holds of a run that has not ended."""
    deadline = time.monotonic() + 60
    while not ready(process.pid):
        assert process.poll() is None, "the run ended before it was ready"
        assert time.monotonic() < deadline, "the run never became ready"
        time.sleep(0.005)


def signal_when(
    arguments: Sequence[str],
    ready: Callable[[int], object],
    signum: int = signal.SIGINT,
    *,
    whole_group: bool = False,
) -> tuple[int, bytes]:
    """Send ``signum`` to a run that has not ended, once ``ready(pid)``: its status and errors.

    The run's last input must be ``-``: standard input, held open and never
    written to, so that the run cannot end before the signal lands.  The run
    has a process group of its own, as a terminal gives a command; once its
    standard error has closed, no process of that group may be left.
    """
    assert "-" in arguments
    with subprocess.Popen(
        [*COMMAND, *arguments],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
        preexec_fn=started_as_from_a_terminal,
    ) as process:
        try:
            wait_until(process, ready)
            assert process.poll() is None  # still working: it waits for standard input
            if whole_group:
                os.killpg(process.pid, signum)
            else:
                process.send_signal(signum)
            _, errors = process.communicate(timeout=60)  # until standard error closes
            assert alive_in_group(process.pid) == [], "a process of the run outlived it"
        finally:
            with contextlib.suppress(ProcessLookupError):  # nothing may keep running
                os.killpg(process.pid, signal.SIGKILL)
    return process.returncode, errors


@pytest.fixture
def many_pages(tmp_path: Path) -> Path:
    """A folder of more pages than two workers are given at once."""
    write_pages(tmp_path / "pages", 1000)
    return tmp_path / "pages"


def test_ctrl_c_exits_130_leaving_no_half_written_file(tmp_path: Path, many_pages: Path) -> None:
    out = tmp_path / "out"
    status, errors = signal_when(
        ["convert", str(many_pages), "-", "--to", "json", "-o", str(out), "--jobs", "2"],
        lambda pid: out.exists() and sum(1 for _ in out.rglob("*.json")) > 20,
    )
    assert status == 130
    assert errors.endswith(b"newsdoc: interrupted\n")
    written = list(out.rglob("*"))
    assert not [path for path in written if path.name.startswith(".")]
    documents = [path for path in written if path.is_file()]
    assert len(documents) > 20
    assert not (out / "stdin.json").exists()
    for path in documents:
        newsdoc.from_json(path.read_text())  # each one whole


def test_ctrl_c_leaves_no_json_lines_file(tmp_path: Path, many_pages: Path) -> None:
    target = tmp_path / "all.jsonl"
    status, _ = signal_when(
        ["convert", str(many_pages), "-", "--to", "jsonl", "-o", str(target), "--jobs", "1"],
        lambda pid: any(tmp_path.glob(".newsdoc-*")),
    )
    assert status == 130
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pages"]


@pytest.mark.parametrize("whole_group", [False, True], ids=["command", "group"])
@pytest.mark.parametrize(
    ("signum", "said"),
    [(signal.SIGTERM, b"terminated"), (signal.SIGHUP, b"hung up")],
    ids=["SIGTERM", "SIGHUP"],
)
def test_sigterm_and_sighup_stop_the_run_as_ctrl_c_does(
    tmp_path: Path, many_pages: Path, signum: int, said: bytes, whole_group: bool
) -> None:
    target = tmp_path / "all.jsonl"
    status, errors = signal_when(
        ["convert", str(many_pages), "-", "--to", "jsonl", "-o", str(target), "--jobs", "2"],
        lambda pid: workers(pid) and any(tmp_path.glob(".newsdoc-*")),
        signum,
        whole_group=whole_group,
    )
    assert status == 128 + signum
    assert errors == b"newsdoc: " + said + b"\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pages"]  # the stream removed


@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGINT], ids=["SIGHUP", "SIGINT"])
def test_a_signal_the_command_was_started_ignoring_stays_ignored(
    many_pages: Path, signum: int
) -> None:
    # As under nohup, or for ``newsdoc check pages &`` in a script.
    with subprocess.Popen(
        [*COMMAND, "stats", str(many_pages), "-", "--jobs", "2"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        preexec_fn=lambda: (started_as_from_a_terminal(), signal.signal(signum, signal.SIG_IGN)),
    ) as process:
        try:
            wait_until(process, workers_have_worked)
            os.killpg(process.pid, signum)
            out, errors = process.communicate(b"Ferries resume\n3 Mar\n", timeout=120)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == 0, errors
    assert b"pages" in out
    assert errors == b""


@pytest.mark.parametrize("command", ["check", "stats", "convert"])
def test_ctrl_c_to_the_whole_group_while_workers_start_exits_130(
    tmp_path: Path, many_pages: Path, command: str
) -> None:
    extra = (
        ["--to", "json", "-o", str(tmp_path / "out"), "--force"] if command == "convert" else []
    )
    for ready in (workers, workers_have_worked):  # as the first worker appears, and once busy
        status, errors = signal_when(
            [command, str(many_pages), "-", *extra, "--jobs", "2"], ready, whole_group=True
        )
        assert status == 130, errors
        assert errors == b"newsdoc: interrupted\n"


LATE_SIGNAL = """
import atexit, os, runpy, signal
from newsdoc import _cli
{hook}
runpy.run_module("newsdoc", run_name="__main__")
"""
"""``python -m newsdoc``, once ``hook`` has readied a signal the process sends itself."""

SAID: dict[int, bytes] = {
    signal.SIGINT: b"interrupted",
    signal.SIGTERM: b"terminated",
    signal.SIGHUP: b"hung up",
}


@pytest.mark.parametrize("signum", list(SAID), ids=lambda signum: signal.Signals(signum).name)
def test_a_signal_as_the_run_returns_exits_128_plus_its_number(
    tmp_path: Path, signum: int
) -> None:
    pages = write_pages(tmp_path, 1)
    hook = (
        "main = _cli.main\n"
        "def main_then_signal(argv=None):\n"
        "    status = main(argv)\n"
        f"    os.kill(os.getpid(), {int(signum)})\n"
        "    return status\n"
        "_cli.main = main_then_signal\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", LATE_SIGNAL.format(hook=hook), "check", str(pages[0])],
        capture_output=True,
        check=False,
        timeout=120,
        preexec_fn=started_as_from_a_terminal,
    )
    assert result.returncode == 128 + signum
    assert result.stderr == b"newsdoc: " + SAID[signum] + b"\n"


@pytest.mark.parametrize("signum", list(SAID), ids=lambda signum: signal.Signals(signum).name)
def test_a_signal_as_the_interpreter_exits_cannot_end_the_process(
    tmp_path: Path, signum: int
) -> None:
    pages = write_pages(tmp_path, 1)
    hook = f"atexit.register(os.kill, os.getpid(), {int(signum)})"
    result = subprocess.run(
        [sys.executable, "-c", LATE_SIGNAL.format(hook=hook), "check", str(pages[0])],
        capture_output=True,
        check=False,
        timeout=120,
        preexec_fn=started_as_from_a_terminal,
    )
    assert result.returncode == 0  # the run had ended, every output whole
    assert result.stderr == b""


def test_a_json_lines_stream_with_failed_pages_keeps_the_records_it_wrote(
    tmp_path: Path,
) -> None:
    pages = write_pages(tmp_path / "pages", 200)
    pages[130].write_text("Title\n4 Feb\nno blank line")
    target = tmp_path / "all.jsonl"
    result = run(
        "convert", str(tmp_path / "pages"), "--to", "jsonl", "-o", str(target), "--jobs", "2"
    )
    assert result.returncode == 1
    records = list(newsdoc.load_jsonl(target))
    assert [record.source for record in records] == [str(p) for p in pages if p != pages[130]]


# -- stats ----------------------------------------------------------------------


def test_stats_counts_sections_summaries_datelines_and_defects(tmp_path: Path) -> None:
    write_pages(tmp_path, 6)
    (tmp_path / "other.txt").write_text(
        page_text(40, section="Travel").replace("Mar", "hours ago")
    )
    (tmp_path / "stray.txt").write_text("Storm closes ports\n4 Feb\nWinds reached 120 km/h.")
    (tmp_path / "broken.txt").write_bytes(b"\xff")
    result = run("stats", str(tmp_path), "--json", "--reference-date", "2026-05-01")
    assert result.returncode == 0
    counts = json.loads(result.stdout)
    assert counts == {
        "pages": 9,
        "unreadable": {"invalid-utf8": 1},
        "lines": {
            "breadcrumb": 7,
            "title": 8,
            "dateline": 8,
            "heading": 7,
            "point": 14,
            "repeat": 0,
            "paragraph": 14,
        },
        "sections": {"Science": 6, "Travel": 1},
        "summary_points": {"2": 7},
        "datelines": {"day month": 7, "relative": 1},
        "datelines_resolved": 7,  # not "40 hours ago": a day is no moment to count back from
        "defects": {"missing-blank-line": 1},
    }
    table = run("stats", str(tmp_path)).stdout.decode()
    for row in ("  Science", "  2 points", "  relative", "  resolved to a date"):
        assert row in table


TESTS = Path(__file__).resolve().parent

WITH_DECLARED_FORMATS = (
    "import sys\n"
    f"sys.path.insert(0, {str(TESTS)!r})\n"
    "import newsdoc\n"
    "from newsdoc._cli import main\n"
    "from test_lines import PAGE_WITH_BYLINE, SOURCED\n"
    "newsdoc.register_format(PAGE_WITH_BYLINE)\n"
    "newsdoc.register_format(SOURCED)\n"
    "sys.exit(main(sys.argv[1:]))\n"
)
"""The command, with two formats declared as their lines registered (the tests' own)."""


def run_declared(*arguments: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-c", WITH_DECLARED_FORMATS, *arguments],
        capture_output=True,
        check=False,
        timeout=120,
    )


BYLINED = (
    "Night ferry returns\n2 May\nBy Ines Okafor\nKey takeaways\n  \u2022 Crossings resume\n"
    "  \u2022 Cabins open\n\nThe route reopens.\n\nTickets go on sale.\n"
)


def test_show_describes_a_declared_formats_page_by_the_kinds_of_line_it_declares(
    tmp_path: Path,
) -> None:
    page = tmp_path / "bylined.txt"
    page.write_bytes(BYLINED.encode())
    arguments = ("show", str(page), "--format", "page-with-byline")
    result = run_declared(*arguments, "--dialect", "key-takeaways")
    assert result.returncode == 0, result.stderr
    shown = result.stdout.decode()
    for row in (
        "title:      Night ferry returns\n",
        "dateline:   2 May\n",
        "byline:     By Ines Okafor\n",
        "heading:    Key takeaways\n",
        "point:      2 lines, 31 characters\n   1. \u2022 Crossings resume\n",
        "paragraph:  2 lines, 37 characters\n",
        "layout:     LF, final newline\n",
        f"round trip: exact ({len(BYLINED.encode())} bytes)\n",
    ):
        assert row in shown
    sourced = tmp_path / "sourced.txt"
    sourced.write_bytes(b"Source: https://news.example.org/ferry\r\n\r\nNight ferry returns\r\n")
    shown = run_declared("show", str(sourced), "--format", "sourced-page").stdout.decode()
    assert "meta.source: Source: https://news.example.org/ferry\n" in shown
    assert "layout:     CRLF, final newline, 1 line formatted unlike the declaration\n" in shown


def test_stats_counts_the_lines_of_a_declared_format_by_kind(tmp_path: Path) -> None:
    (tmp_path / "bylined.txt").write_bytes(BYLINED.encode())
    (tmp_path / "unsigned.txt").write_text("Quay reopens\n4 May\n\nBerths are free again.")
    result = run_declared(
        "stats",
        str(tmp_path),
        "--format",
        "page-with-byline",
        "--dialect",
        "key-takeaways",
        "--json",
        "--jobs",
        "1",
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["lines"] == {
        "breadcrumb": 0,
        "title": 2,
        "dateline": 2,
        "byline": 1,
        "heading": 1,
        "point": 2,
        "repeat": 0,
        "paragraph": 3,
    }


def test_show_reads_standard_input() -> None:
    result = run("show", "-", stdin=(DATA / "rendering-a.txt").read_bytes())
    assert result.returncode == 0
    assert result.stdout.decode().rstrip().endswith("bytes)")
    assert b"round trip: exact" in result.stdout


def test_auto_detects_the_format_and_the_dialect_of_each_page(tmp_path: Path) -> None:
    takeaways = newsdoc.Article(
        title="Tram line opens",
        dateline=newsdoc.Dateline(text="March 3, 2026"),  # with the summary, two marks
        summary=newsdoc.Summary(heading="Key takeaways", points=("Every 8 minutes",)),
        body=("The first tram left at six.",),
        dialect="key-takeaways",
    )
    (tmp_path / "takeaways.txt").write_text(newsdoc.dumps(takeaways))
    (tmp_path / "document.txt").write_text(newsdoc.to_json(newsdoc.loads(page_text(5))))
    assert run("check", str(tmp_path)).returncode == 1  # read as pages of the default dialect
    detected = run("check", str(tmp_path), "--format", "auto")
    assert detected.returncode == 0, detected.stdout
    assert summary(detected.stdout)["passed"] == 2


def test_outputs_that_two_inputs_share_are_written_once(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.txt").write_text(page_text(ord(folder)))
    out = tmp_path / "out"
    result = run(
        "convert", str(tmp_path / "a"), str(tmp_path / "b"), "--to", "json", "-o", str(out),
        "--force",
    )  # fmt: skip
    assert result.returncode == 1
    assert f"{tmp_path / 'b' / 'x.txt'}: output-collision".encode() in result.stderr
    assert newsdoc.from_json((out / "x.json").read_text()) == newsdoc.loads(page_text(ord("a")))


def test_a_json_lines_stream_never_replaces_an_input_or_holds_nothing(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(page_text(1))
    result = run("convert", str(page), "--to", "jsonl", "-o", str(page), "--force")
    assert result.returncode == 1
    assert b"output-is-input" in result.stderr
    assert page.read_text() == page_text(1)
    kept = tmp_path / "kept.jsonl"
    kept.write_text("what was there\n")
    for nothing in (tmp_path / "empty", tmp_path / "missing.txt"):
        (tmp_path / "empty").mkdir(exist_ok=True)
        result = run("convert", str(nothing), "--to", "jsonl", "-o", str(kept), "--force")
        assert result.returncode == 1
        assert kept.read_text() == "what was there\n"


def test_a_quoted_glob_searches_the_folders_it_matches(tmp_path: Path) -> None:
    write_pages(tmp_path / "pages", 20, per_folder=8)
    result = run("check", str(tmp_path / "pages" / "*"))
    assert result.returncode == 0, result.stdout
    assert summary(result.stdout)["pages"] == 20


def test_json_lines_inputs_are_checked_counted_and_converted_record_by_record(
    tmp_path: Path,
) -> None:
    records = [newsdoc.Record(article=newsdoc.loads(page_text(n))) for n in range(3)]
    newsdoc.dump_jsonl(records, tmp_path / "batch.jsonl")
    lines = (tmp_path / "batch.jsonl").read_bytes().splitlines(keepends=True)
    (tmp_path / "batch.jsonl").write_bytes(lines[0] + b"{not json}\n" + lines[1] + lines[2])
    checked = run("check", str(tmp_path / "batch.jsonl"))
    assert checked.returncode == 1
    assert checked.stdout.startswith(f"{tmp_path / 'batch.jsonl'}:2:1: invalid-record".encode())
    assert summary(checked.stdout)["passed"] == 3
    stats = json.loads(run("stats", str(tmp_path / "batch.jsonl"), "--json").stdout)
    assert (stats["pages"], stats["sections"]) == (4, {"Science": 3})
    assert run("convert", str(tmp_path / "batch.jsonl"), "--to", "page").returncode == 2
    out = tmp_path / "out"
    converted = run("convert", str(tmp_path / "batch.jsonl"), "--to", "page", "-o", str(out))
    assert converted.returncode == 1  # the line that is not a record
    assert sorted(tree(out)) == ["batch-1.txt", "batch-3.txt", "batch-4.txt"]


def _too_deep_to_list(folder: Path) -> Path:
    """A folder below ``folder`` whose path is longer than the system lists a folder by.

    A folder that cannot be listed for any user, root included (who may
    list a folder without permissions), made one level at a time by handle.
    """
    name = "d" * 200
    path, handle = folder, os.open(folder, os.O_RDONLY)
    try:
        while len(str(path)) <= os.pathconf(folder, "PC_PATH_MAX"):
            os.mkdir(name, dir_fd=handle)
            below = os.open(name, os.O_RDONLY, dir_fd=handle)
            os.close(handle)
            path, handle = path / name, below
    finally:
        os.close(handle)
    return path


def test_a_folder_that_cannot_be_listed_fails_check_convert_and_stats(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    write_pages(pages, 2)
    unlisted = _too_deep_to_list(pages)
    reported = f"{unlisted}: read-error cannot read {str(unlisted)!r}: the folder cannot be listed"
    checked = run("check", str(pages))
    assert checked.returncode == 1
    assert reported.encode() in checked.stdout
    assert (summary(checked.stdout)["pages"], summary(checked.stdout)["failed"]) == (3, 1)
    converted = run("convert", str(pages), "--to", "json", "-o", str(tmp_path / "out"))
    assert converted.returncode == 1
    assert reported.encode() in converted.stderr
    assert len(tree(tmp_path / "out")) == 2
    stats = run("stats", str(pages), "--json")
    assert stats.returncode == 1
    assert reported.encode() in stats.stderr
    assert json.loads(stats.stdout)["unreadable"] == {"read-error": 1}


@pytest.mark.parametrize("count", [1, 3])
def test_json_lines_in_utf16_fail_at_their_first_line_and_nothing_escapes(
    tmp_path: Path, count: int
) -> None:
    records = [newsdoc.Record(article=newsdoc.loads(page_text(n))) for n in range(count)]
    path = tmp_path / "batch.jsonl"
    newsdoc.dump_jsonl(records, path)
    path.write_bytes(path.read_text(encoding="utf-8").rstrip("\n").encode("utf-16"))
    checked = run("check", str(path))
    assert (checked.returncode, checked.stderr) == (1, b"")
    assert checked.stdout.startswith(
        f"{path}:1:1: invalid-record $: expected UTF-8, found a UTF-16 "
        "(little-endian) byte order mark at byte offset 0".encode()
    )
    assert summary(checked.stdout)["pages"] == 1
    converted = run("convert", str(path), "--to", "page", "-o", str(tmp_path / "out"))
    assert converted.returncode == 1
    assert b"Traceback" not in converted.stderr
    assert b"UTF-16" in converted.stderr


def test_a_link_in_the_output_folder_is_not_followed(tmp_path: Path) -> None:
    page = tmp_path / "pages" / "page.txt"
    page.parent.mkdir()
    page.write_text(page_text(1))
    outside = tmp_path / "outside.json"
    outside.write_text("mine")
    (tmp_path / "out").mkdir()
    os.symlink(outside, tmp_path / "out" / "page.json")
    result = run(
        "convert", str(page.parent), "--to", "json", "-o", str(tmp_path / "out"), "--force"
    )
    assert result.returncode == 1
    assert b"output-is-link" in result.stderr
    assert outside.read_text() == "mine"


def test_no_output_is_written_through_a_link_below_the_output_folder(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    out = tmp_path / "out"
    (out / "deep").mkdir(parents=True)
    os.symlink("../outside", out / "x")
    os.symlink("../../outside", out / "deep" / "y")
    articles = [newsdoc.loads(page_text(n)) for n in range(3)]
    records = [
        newsdoc.Record(article=articles[0], source="x/planted.txt"),
        newsdoc.Record(article=articles[1], source="deep/y/planted.txt"),
        newsdoc.Record(article=articles[2], source="kept/fine.txt"),
    ]
    newsdoc.dump_jsonl(records, tmp_path / "in.jsonl")
    pages = tmp_path / "pages"
    (pages / "x").mkdir(parents=True)
    (pages / "x" / "page.txt").write_text(page_text(3))  # mirrored into out/x
    result = run(
        "convert", str(tmp_path / "in.jsonl"), str(pages), "--to", "page", "-o", str(out),
        "--force",
    )  # fmt: skip
    assert result.returncode == 1
    assert list(outside.iterdir()) == []
    refused = "output-is-link {} is a link, not followed"
    assert result.stderr.decode().splitlines()[:3] == [
        f"{tmp_path / 'in.jsonl'}: {refused.format(out / 'x')}",
        f"{tmp_path / 'in.jsonl'}: {refused.format(out / 'deep' / 'y')}",
        f"{pages / 'x' / 'page.txt'}: {refused.format(out / 'x')}",
    ]
    assert (out / "kept" / "fine.txt").read_text() == page_text(2)


def test_stats_resolves_datelines_against_when_each_file_was_changed(tmp_path: Path) -> None:
    [page] = write_pages(tmp_path, 1)
    stamp = datetime(2026, 4, 2, tzinfo=timezone.utc).timestamp()
    os.utime(page, (stamp, stamp))
    undated = json.loads(run("stats", str(tmp_path), "--json").stdout)
    dated = json.loads(run("stats", str(tmp_path), "--json", "--captured-from", "mtime").stdout)
    assert (undated["datelines_resolved"], dated["datelines_resolved"]) == (0, 1)


def test_closed_standard_streams_end_the_run_without_a_traceback(tmp_path: Path) -> None:
    write_pages(tmp_path, 3)
    closing = ["sh", "-c", 'exec "$@" <&-', "sh"]  # runs the command with standard input closed
    closed_stdin = subprocess.run(
        [*closing, *COMMAND, "check", "-"], capture_output=True, check=False
    )
    assert closed_stdin.returncode == 1
    assert closed_stdin.stderr == b"newsdoc: cannot read '<stdin>': standard input is closed\n"
    closing = ["sh", "-c", 'exec "$@" >&-', "sh"]
    closed_stdout = subprocess.run(
        [*closing, *COMMAND, "check", str(tmp_path)], stderr=subprocess.PIPE, check=False
    )
    assert closed_stdout.returncode == 0
    assert closed_stdout.stderr == b""


def test_arguments_argparse_refuses_are_shown_escaped(tmp_path: Path) -> None:
    result = run("check", str(tmp_path), "--\x1b]0;retitled\x07")
    assert result.returncode == 2
    assert b"\x1b" not in result.stderr
    assert b"\\x1b]0;retitled\\x07" in result.stderr


def test_stats_json_is_ascii_whatever_the_sections_hold(tmp_path: Path) -> None:
    article = newsdoc.loads(page_text(1).replace("Science", "Sci\x9bence"))
    document = newsdoc.to_dict(article)
    document["breadcrumb"][1] = "\u202elone"
    (tmp_path / "a.json").write_text(json.dumps(document))
    result = run("stats", str(tmp_path), "--glob", "*.json", "--json")
    assert result.returncode == 0
    assert result.stdout.isascii()
    assert json.loads(result.stdout)["sections"] == {"\u202elone": 1}


@pytest.mark.parametrize(
    "target", ["page", "json", "jsonl", "jsonld", "ninjs", "markdown", "html"]
)
def test_every_target_converts_a_page_to_what_it_names(tmp_path: Path, target: str) -> None:
    page = tmp_path / "page.txt"
    page.write_text(page_text(4))
    result = run("convert", str(page), "--to", target, "--reference-date", "2026-05-01")
    assert result.returncode == 0, result.stderr
    title = newsdoc.loads(page_text(4)).title
    output = result.stdout.decode()
    if target == "page":
        assert output == page_text(4)
    elif target == "markdown":
        assert output.startswith(f'---\ntitle: "{title}"\n')
    elif target == "html":
        assert f"<h1>{title}</h1>" in output
    else:
        assert title in json.dumps(json.loads(output))  # JSON that names the title


def test_an_output_folder_below_the_inputs_is_not_read_as_input(tmp_path: Path) -> None:
    write_pages(tmp_path / "pages", 4)
    again = tmp_path / "pages" / "again"
    for _ in range(2):
        result = run(
            "convert", str(tmp_path / "pages"), "--to", "page", "-o", str(again), "--force"
        )
        assert result.returncode == 0, result.stderr
    assert not (again / "again").exists()
    assert len(list(again.rglob("*.txt"))) == 4
