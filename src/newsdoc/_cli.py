"""The ``newsdoc`` command line: its arguments, its exit statuses, and nothing heavier.

The library is imported only once a command runs, so that ``newsdoc
--version`` and ``--help`` answer at once.

Exit statuses: 0 when every page passed, 1 when a page failed (or none was
found), 2 for arguments that cannot work, 141 when standard output was
closed (``newsdoc check pages | head -1``), and 128 plus the signal's number
when SIGINT (Ctrl-C, 130), SIGTERM (143) or SIGHUP (129) stopped the run.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
from collections.abc import Sequence
from datetime import date
from types import FrameType
from typing import NoReturn

from newsdoc._limits import DEFAULT_MAX_BYTES, DEFAULT_MAX_LINES
from newsdoc._version import __version__

__all__ = ["entry", "main"]

EXIT_CLOSED_PIPE = 141  # what a shell reports for a program that SIGPIPE ended

_STOPPING = {
    getattr(signal, name): said
    for name, said in (("SIGINT", "interrupted"), ("SIGTERM", "terminated"), ("SIGHUP", "hung up"))
    if hasattr(signal, name)
}
"""The signals that stop a run in order, and what the command says of each."""


def entry() -> NoReturn:
    """The ``newsdoc`` process: :func:`main`, which SIGINT, SIGTERM and SIGHUP stop in order.

    Whenever one of them lands, outputs being written are removed, workers
    are stopped, and the exit status is 128 plus its number: the process is
    never ended by the signal itself, which would leave files and workers
    behind.
    """
    signals = _Signals()
    try:
        try:
            status: int | str | None = main()
        except SystemExit as done:  # argparse: --help, --version, or unusable arguments
            status = done.code
        finally:
            signals.raising = False
    except KeyboardInterrupt as stop:  # landed just before main() handles it, or as it returned
        status = _stopped(stop)
    sys.exit(signals.ended(status))


class _Stopped(KeyboardInterrupt):
    """A signal of ``_STOPPING`` stops the run as Ctrl-C does; ``args[0]`` is its number."""


class _Signals:
    """Handlers that turn the first stopping signal into :class:`_Stopped` where the run is.

    Only the first one raises: a second Ctrl-C while files are removed and
    workers stopped must not cut that short.  Once the run has ended, a
    signal is only noted, for the exit status.
    """

    def __init__(self) -> None:
        self.received: int | None = None
        self.raising = True
        self.noted = False
        for signum in _STOPPING:
            # A signal the command was started ignoring (``nohup``, ``cmd &``
            # in a script) stays ignored, as it would for any program.
            if signal.getsignal(signum) is not signal.SIG_IGN:
                signal.signal(signum, self._handle)

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.received is not None:
            return
        self.received = signum
        if self.raising:
            raise _Stopped(signum)
        self.noted = True

    def ended(self, status: int | str | None) -> int | str | None:
        """``status``, or that of a signal noted after the run; later ones are ignored.

        Ignored, not left to Python: as the interpreter exits it gives the
        signals their default action back, which would end the process with
        the signal after the run itself ended in order.
        """
        hold = getattr(signal, "pthread_sigmask", None)
        if hold is not None:  # runs the handler of any signal that has just landed
            hold(signal.SIG_BLOCK, set(_STOPPING))
        for signum in _STOPPING:
            signal.signal(signum, signal.SIG_IGN)
        if self.noted and self.received is not None:
            return _stopped(_Stopped(self.received))
        return status


def _stopped(stop: KeyboardInterrupt) -> int:
    """Say that the run was stopped, and by what: the exit status for it."""
    signum = stop.args[0] if isinstance(stop, _Stopped) else signal.SIGINT
    with contextlib.suppress(OSError, ValueError):  # standard error is closed: the status says it
        print(f"newsdoc: {_STOPPING[signum]}", file=sys.stderr, flush=True)
    return 128 + int(signum)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command ``argv`` names in this process: its exit status.

    Installs no signal handlers: Ctrl-C stops the run as KeyboardInterrupt,
    with status 130.
    """
    # A closed stream (``newsdoc check pages >&-``) takes what is written to it
    # nowhere, as /dev/null would, rather than failing on every write.
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w"))  # noqa: SIM115  # open until exit
    arguments = _parser().parse_args(argv)
    try:
        return _run(arguments)
    except KeyboardInterrupt as stop:
        return _stopped(stop)


def _run(arguments: argparse.Namespace) -> int:
    # Imported here, not in a try: a library that cannot be imported is
    # reported as itself.
    from newsdoc import _commands
    from newsdoc._errors import NewsdocError

    console = _commands.Console(sys.stdout, sys.stderr)
    try:
        status: int = getattr(_commands, arguments.run)(arguments, console)
        sys.stdout.flush()
    except _commands.UsageError as error:
        console.warn(f"newsdoc {arguments.command}: error: {error}")
        return 2
    except BrokenPipeError:
        # Whoever read standard output has had enough: say nothing, and keep
        # the interpreter's last flush from failing again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_CLOSED_PIPE
    except NewsdocError as error:
        where = getattr(arguments, "path", None)
        lines = str(error).splitlines()
        console.warn(f"newsdoc: {where}: {lines[0]}" if where else f"newsdoc: {lines[0]}")
        for line in lines[1:]:
            console.warn(line)
        return 1
    return status


class _Parser(argparse.ArgumentParser):
    """argparse's parser, quoting the arguments it refuses as the rest of the command does."""

    def error(self, message: str) -> NoReturn:
        from newsdoc._errors import _escaped  # only now: it imports attrs

        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {_escaped(message)}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="newsdoc", description="Read, check and convert news aggregator pages losslessly."
    )
    parser.add_argument("--version", action="version", version=f"newsdoc {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    show = _command(
        commands, "show", "print a page's structure and check that it writes back byte for byte"
    )
    show.add_argument("path", help="a page in UTF-8, or - for standard input")
    _add_lenient(show)
    _add_reading(show)

    check = _command(
        commands,
        "check",
        "check that pages read and write back byte for byte",
        "Read each page and check that it writes back byte for byte. "
        "Reports each failure as path:line:column: code message, then a summary; "
        "exits 0 only when every page passed.",
    )
    _add_inputs(check)
    _add_lenient(check)
    _add_running(check)

    convert = _command(
        commands,
        "convert",
        "convert pages to JSON, JSON Lines, exports, or (from JSON) back to pages",
        "Convert each input. JSON (.json) and JSON Lines (.jsonl) inputs become "
        "pages again with --to page. Files are written whole, never overwritten without "
        "--force, and inputs are never changed.",
    )
    _add_inputs(convert)
    convert.add_argument(
        "--to",
        required=True,
        choices=["page", "json", "jsonl", "jsonld", "ninjs", "markdown", "html"],
        help="what to write",
    )
    convert.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        help="the folder for the outputs, mirroring the inputs' tree; with --to jsonl, "
        "the file for the stream (default: standard output)",
    )
    convert.add_argument("--force", action="store_true", help="replace outputs that exist")
    _add_dates(convert)
    _add_lenient(convert)
    _add_running(convert)

    stats = _command(
        commands,
        "stats",
        "count pages, sections, summaries, datelines and defects",
        "Read each page leniently and count what it holds.",
    )
    _add_inputs(stats)
    stats.add_argument("--json", action="store_true", help="print the counts as JSON")
    _add_dates(stats)
    _add_running(stats, fail_fast=False)
    return parser


def _command(
    commands: argparse._SubParsersAction[_Parser],
    name: str,
    summary: str,
    description: str | None = None,
) -> argparse.ArgumentParser:
    command = commands.add_parser(name, help=summary, description=description or summary)
    command.set_defaults(run=f"run_{name}")
    return command


def _add_inputs(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="pages, folders (searched recursively), globs, or - for standard input",
    )
    command.add_argument(
        "--glob",
        default="*.txt",
        metavar="PATTERN",
        help="the file names to take from folders (default: %(default)s)",
    )
    _add_reading(command)


def _add_reading(command: argparse.ArgumentParser) -> None:
    command.add_argument("--dialect", metavar="NAME", help="read pages in this dialect")
    command.add_argument(
        "--format", metavar="NAME", help="read pages in this format, or auto to detect it"
    )
    command.add_argument(
        "--max-bytes",
        type=_limit,
        default=DEFAULT_MAX_BYTES,
        metavar="N",
        help="refuse a page of more bytes (default: %(default)s)",
    )
    command.add_argument(
        "--max-lines",
        type=_limit,
        default=DEFAULT_MAX_LINES,
        metavar="N",
        help="refuse a page of more lines (default: %(default)s)",
    )


def _add_lenient(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--lenient", action="store_true", help="keep lines that fit nowhere instead of failing"
    )


def _add_dates(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--reference-date",
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help="the date a yearless or relative dateline is resolved against",
    )
    command.add_argument(
        "--captured-from",
        choices=["mtime"],
        help="take when each page was captured from its file's modification time",
    )


def _add_running(command: argparse.ArgumentParser, *, fail_fast: bool = True) -> None:
    command.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        metavar="N",
        help="pages read at once, in worker processes (default: the number of CPUs)",
    )
    command.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="draw no progress bar, and (convert) print no closing count",
    )
    if fail_fast:
        command.add_argument(
            "--fail-fast", action="store_true", help="stop at the first page that fails"
        )


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date as YYYY-MM-DD: {text!r}") from None


def _limit(text: str) -> int:
    # ASCII digits only ("²" is a digit to str.isdigit), and few enough for int().
    if not (text.isascii() and text.isdigit()) or len(text) > _LIMIT_DIGITS:
        raise argparse.ArgumentTypeError(
            f"not a whole number of at most {_LIMIT_DIGITS} digits: {text[:40]!r}"
        )
    return int(text)


_LIMIT_DIGITS = 18


def _jobs(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 1024:
        raise argparse.ArgumentTypeError(f"not a number from 1 to 1024: {text!r}")
    return int(text)
