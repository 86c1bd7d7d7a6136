"""The commands of ``newsdoc``: each reads its arguments, runs the batch tasks, and reports.

Everything a page says reaches the terminal escaped (:class:`Console`), data
goes to standard output and diagnostics to standard error, and files are
only ever written whole (:func:`newsdoc._io.atomic_write`).
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import fnmatch
import functools
import glob
import io
import itertools
import json
import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any, TextIO, TypeVar

from newsdoc._batch import (
    STDIN,
    Options,
    Page,
    Problem,
    Tally,
    check,
    convert,
    facts,
    pages,
)
from newsdoc._declare import ONE, OPTIONAL, Split
from newsdoc._engine import LineLayout, written_fields
from newsdoc._errors import NewsdocError, ReadError, WriteError, _escaped
from newsdoc._formats import dumps, is_json_lines, load_in_format
from newsdoc._grammar import PAGE, get_dialect
from newsdoc._io import (
    atomic_write,
    folder_below,
    read_bytes,
    write_whole,
)
from newsdoc._lineformat import declared_lines
from newsdoc._model import Article
from newsdoc._plugins import format_names, get_format
from newsdoc._records import check_pattern, in_order, split_glob

__all__ = ["Console", "UsageError", "run_check", "run_convert", "run_show", "run_stats"]

_T = TypeVar("_T")
_R = TypeVar("_R")


class UsageError(Exception):
    """Arguments that cannot work together, found after parsing: exit status 2."""


class Console:
    """Standard output and standard error, made safe for a terminal.

    Text from pages is written with what a terminal would act on (ESC, BEL,
    bidirectional overrides) escaped, and a terminal whose encoding cannot
    show a character gets a replacement character instead of an error.
    While a progress bar is drawn, lines are written above it.
    """

    def __init__(self, stdout: TextIO, stderr: TextIO) -> None:
        for stream in (stdout, stderr):
            reconfigure = getattr(stream, "reconfigure", None)
            if reconfigure is not None:
                reconfigure(errors="replace")
        self.stdout = stdout
        self.stderr = stderr
        self.bar: Any = None

    def say(self, line: str) -> None:
        """A line of the command's output, on standard output."""
        self._line(self.stdout, line)

    def warn(self, line: str) -> None:
        """A diagnostic, on standard error."""
        self._line(self.stderr, line)

    def _line(self, stream: TextIO, line: str) -> None:
        text = _escaped(line)
        if self.bar is not None:
            self.bar.write(text, file=stream)
        else:
            stream.write(text + "\n")

    def data(self, chunk: bytes) -> None:
        """Bytes of data for standard output: as they are, but escaped on a terminal."""
        if _is_terminal(self.stdout):
            text = chunk.decode("utf-8", "replace")
            shown = "\n".join(_escaped(line) for line in text.split("\n"))
            if self.bar is not None:
                self.bar.write(shown, file=self.stdout, end="")
            else:
                self.stdout.write(shown)
            return
        self.stdout.flush()
        self.stdout.buffer.write(chunk)
        self.stdout.buffer.flush()


def _is_terminal(stream: IO[Any]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


# -- running tasks ----------------------------------------------------------------


def _options(arguments: argparse.Namespace) -> Options:
    if arguments.paths.count("-") > 1:
        raise UsageError("- (standard input) can be given once")
    try:
        check_pattern(arguments.glob)
    except NewsdocError as error:
        raise UsageError(f"--glob: {error}") from None
    try:
        # Plugins are found once, here, rather than once in every worker.
        format_names()
        dialect = None if arguments.dialect is None else get_dialect(arguments.dialect)
        if arguments.format not in (None, "auto"):
            get_format(arguments.format)
    except NewsdocError as error:
        raise UsageError(str(error)) from None
    return Options(
        strict=not getattr(arguments, "lenient", False),
        dialect=dialect,
        format=arguments.format,
        max_bytes=arguments.max_bytes,
        max_lines=arguments.max_lines,
        captured_from_mtime=getattr(arguments, "captured_from", None) == "mtime",
    )


def _stdin_contents(max_bytes: int) -> Iterator[bytes]:
    # Standard input holds one page, read when it is reached.
    yield _read_stdin(max_bytes)


def _read_stdin(max_bytes: int) -> bytes:
    if sys.stdin is None:  # closed: newsdoc check - <&-
        raise ReadError(errno.EBADF, "standard input is closed", STDIN)
    return read_bytes(sys.stdin.buffer, max_bytes=max_bytes)


def _inputs(
    arguments: argparse.Namespace,
    output_folder: str | None = None,
    stdin: Iterator[bytes] | None = None,
) -> Iterator[Page]:
    found = pages(
        arguments.paths,
        arguments.glob,
        stdin or _stdin_contents(arguments.max_bytes),
        max_bytes=arguments.max_bytes,
    )
    if output_folder is None:
        return found
    # An output folder below an input folder would feed outputs back in as
    # inputs: what lies in it is skipped.  (When it is an input folder itself,
    # each output would replace its input, which is refused page by page.)
    # Only then is each page's real path looked up.
    inside = os.path.join(os.path.realpath(output_folder), "")
    searched = [os.path.join(os.path.realpath(root), "") for root in _searched(arguments.paths)]
    if any(inside.startswith(root) and inside != root for root in searched):
        found = (page for page in found if not os.path.realpath(page.source).startswith(inside))
    return found


def _searched(paths: Iterable[str]) -> Iterator[str]:
    """The folders the inputs search: each folder, and each glob's folder before its wildcards."""
    for path in paths:
        if os.path.isdir(path):
            yield path
        elif path != "-" and not os.path.exists(path) and glob.has_magic(path):
            yield split_glob(path)[0]


def _unread_stdin() -> Iterator[bytes]:
    """Standard input, left for the run itself: counting pages must not consume it."""
    return itertools.repeat(b"")


_BATCH = 64
"""Pages sent to a worker at once: enough that sending them costs little beside reading them."""


def _page_count(arguments: argparse.Namespace, output_folder: str | None) -> int:
    return sum(1 for _ in _inputs(arguments, output_folder, _unread_stdin()))


def _nothing_found(console: Console) -> int:
    console.warn("newsdoc: no pages found (give files, folders, globs or -)")
    return 1


@contextlib.contextmanager
def _results(
    console: Console,
    arguments: argparse.Namespace,
    task: Callable[[Page], _R],
    output_folder: str | None = None,
) -> Iterator[Iterator[_R]]:
    """``task`` of each input, in input order, in ``--jobs`` processes, with a progress bar."""
    inputs = _inputs(arguments, output_folder)
    jobs = arguments.jobs or _cpus()
    results = (
        (task(page) for page in inputs)
        if jobs == 1
        else in_order(task, inputs, jobs=jobs, batch=_BATCH)
    )
    bar_class = None if arguments.quiet or not _is_terminal(console.stderr) else _progress_bar()
    with contextlib.closing(results):
        if bar_class is None:
            yield results
            return
        with bar_class(
            results,
            total=_page_count(arguments, output_folder),
            unit="page",
            file=console.stderr,
            dynamic_ncols=True,
            leave=False,
        ) as bar:
            console.bar = bar_class
            try:
                yield iter(bar)
            finally:
                console.bar = None


def _progress_bar() -> Any:
    try:
        from tqdm import tqdm
    except ImportError:  # the cli extra is not installed: no bar, and nothing lost
        return None
    # No monitor thread: worker processes are forked, and forking a process
    # that runs threads can deadlock.
    tqdm.monitor_interval = 0
    return tqdm


def _cpus() -> int:
    counted = getattr(os, "process_cpu_count", None)
    if counted is not None:
        return int(counted() or 1)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def _report(source: str, problem: Problem) -> str:
    where = source if problem.line is None else f"{source}:{problem.line}:{problem.column}"
    return f"{where}: {problem.code} {problem.message}"


def _table(rows: Iterable[tuple[str, object]]) -> list[str]:
    listed = [(label, str(value)) for label, value in rows]
    width = max((len(label) for label, _ in listed), default=0)
    numbers = max((len(value) for _, value in listed), default=0)
    return [f"{label:<{width}}  {value:>{numbers}}" for label, value in listed]


def _counts(counter: Iterable[tuple[object, int]], indent: str = "  ") -> list[tuple[str, int]]:
    return [(f"{indent}{key}", count) for key, count in counter]


# -- check ------------------------------------------------------------------------


def run_check(arguments: argparse.Namespace, console: Console) -> int:
    options = _options(arguments)
    task = functools.partial(check, options=options)
    tally = Tally()
    reported = False
    with _results(console, arguments, task) as results:
        for checked in results:
            tally.add_check(checked)
            reported = reported or checked.failure is not None or bool(checked.defects)
            if checked.failure is not None:
                console.say(_report(checked.source, checked.failure))
            for defect in checked.defects:
                console.say(_report(checked.source, defect) + " (kept as a stray line)")
            if checked.failure is not None and arguments.fail_fast:
                break
    if tally.pages == 0:
        return _nothing_found(console)
    rows: list[tuple[str, object]] = [
        ("pages", tally.pages),
        ("passed", tally.pages - tally.failed),
        ("failed", tally.failed),
    ]
    rows += _counts(tally.failures.most_common())
    if tally.defects:
        rows.append(("defects kept", sum(tally.defects.values())))
        rows += _counts(tally.defects.most_common())
    if reported:
        console.say("")
    for line in _table(rows):
        console.say(line)
    return 0 if tally.failed == 0 else 1


# -- convert ----------------------------------------------------------------------


class _Abort(Exception):
    """Ends a conversion early, discarding a stream's file; ``args[0]`` is the exit status."""


def run_convert(arguments: argparse.Namespace, console: Console) -> int:
    options = _options(arguments)
    output: str | None = arguments.output
    target = arguments.to
    if output is None and target != "jsonl" and not _one_page(arguments):
        raise UsageError(
            f"--to {target} writes a file for each page: give -o FOLDER "
            "(or --to jsonl for one stream)"
        )
    stream_file = output if target == "jsonl" else None
    folder = output if target != "jsonl" else None
    if stream_file is not None and os.path.lexists(stream_file) and not arguments.force:
        raise UsageError(f"{stream_file} exists; give --force to replace it")
    task = functools.partial(
        convert, options=options, target=target, reference=arguments.reference_date
    )
    counts = {"pages": 0, "failed": 0, "written": 0, "refused": 0}
    # Outputs can share a path only when several inputs or record sources
    # name them: only then are the paths written remembered.
    written: set[str] | None = None
    if (
        len(arguments.paths) > 1
        or any(is_json_lines(p) for p in arguments.paths)
        or fnmatch.fnmatch("pages.jsonl", arguments.glob)
    ):
        written = set()
    with _results(console, arguments, task, folder) as results:

        def outputs() -> Iterator[tuple[str, str, bytes]]:
            for converted in results:
                counts["pages"] += 1
                if converted.failure is not None:
                    counts["failed"] += 1
                    console.warn(_report(converted.source, converted.failure))
                    if arguments.fail_fast:
                        raise _Abort(1)
                for relative, data in converted.outputs:
                    yield converted.source, relative, data

        try:
            if folder is not None:
                for source, relative, data in outputs():
                    refusal = _write_beside(folder, source, relative, data, arguments, written)
                    if refusal is not None:
                        console.warn(_report(source, refusal))
                    counts["written" if refusal is None else "refused"] += 1
            elif stream_file is not None:
                atomic_write(stream_file, _stream(outputs(), stream_file, counts, console))
                counts["written"] = 1
            else:
                for _, _, data in outputs():
                    console.data(data)
        except _Abort as abort:
            return int(abort.args[0])
    if counts["pages"] == 0:
        return _nothing_found(console)
    if not arguments.quiet:
        pages, files = counts["pages"], counts["written"]
        done = f"newsdoc: converted {pages - counts['failed']} of {pages} pages"
        if output is not None:
            done += f", {files} file{'s' * (files != 1)} written"
        if counts["refused"]:
            done += f", {counts['refused']} refused"
        console.warn(done)
    return 0 if counts["failed"] == counts["refused"] == 0 else 1


def _stream(
    outputs: Iterator[tuple[str, str, bytes]],
    stream_file: str,
    counts: dict[str, int],
    console: Console,
) -> Iterator[bytes]:
    """The stream's lines, refused (the file keeps what it held) when an input is
    the file itself or when no page converted."""
    try:
        existing: os.stat_result | None = os.stat(stream_file)
    except OSError:
        existing = None
    for source, _, data in outputs:
        if existing is not None and source != STDIN and _same_file(source, existing):
            console.warn(
                _report(
                    source,
                    Problem(None, None, "output-is-input", f"{stream_file} is an input"),
                )
            )
            raise _Abort(1)
        yield data
    if counts["pages"] == counts["failed"]:
        if counts["pages"] == 0:
            raise _Abort(_nothing_found(console))
        console.warn(f"newsdoc: no page converted; {stream_file} left as it was")
        raise _Abort(1)


def _same_file(path: str, other: os.stat_result) -> bool:
    try:
        return os.path.samestat(os.stat(path), other)
    except OSError:
        return False


def _one_page(arguments: argparse.Namespace) -> bool:
    """Whether the inputs are one page, which standard output can hold alone."""
    if len(arguments.paths) != 1:
        return False
    return len(list(itertools.islice(_inputs(arguments, stdin=_unread_stdin()), 2))) == 1


def _write_beside(
    folder: str,
    source: str,
    relative: str,
    data: bytes,
    arguments: argparse.Namespace,
    written: set[str] | None,
) -> Problem | None:
    """Write one output below ``folder``, or say why it must not be written.

    Its folders are entered one by one, none through a link, so that the
    output lands below ``folder`` whatever links are planted there.
    """
    path = os.path.join(folder, relative)
    if written is not None and path in written:
        return Problem(None, None, "output-collision", f"{path} was written from another input")
    *parts, name = relative.split(os.sep)
    try:
        os.makedirs(folder, exist_ok=True)
        with folder_below(folder, parts) as below:
            refusal = _refusal(below, name, path, source, arguments.force)
            if refusal is not None:
                return refusal
            write_whole(below, name, [data], path)
    except WriteError as error:
        if error.errno == errno.ELOOP:
            return Problem(
                None, None, "output-is-link", f"{error.filename} is a link, not followed"
            )
        return Problem(None, None, "write-error", str(error))
    except (OSError, ValueError) as error:  # -o cannot be made, or a name cannot be taken
        return Problem(None, None, "write-error", str(error))
    if written is not None:
        written.add(path)
    return None


def _refusal(folder: int, name: str, path: str, source: str, force: bool) -> Problem | None:
    """What refuses the output ``name`` in ``folder`` (``path`` to the user), if anything."""
    try:
        existing = os.stat(name, dir_fd=folder, follow_symlinks=False)
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(existing.st_mode):
        return Problem(None, None, "output-is-link", f"{path} is a link, not followed")
    if source != STDIN and _same_file(source, existing):
        return Problem(None, None, "output-is-input", f"writing {path} would replace its input")
    if not force:
        return Problem(None, None, "output-exists", f"{path} exists; give --force to replace it")
    return None


# -- stats ------------------------------------------------------------------------


def run_stats(arguments: argparse.Namespace, console: Console) -> int:
    options = _options(arguments)
    task = functools.partial(facts, options=options, reference=arguments.reference_date)
    tally = Tally()
    with _results(console, arguments, task) as results:
        for found in results:
            tally.add_facts(found)
            if not found.whole and found.failure is not None:  # said, as it is not counted
                console.warn(_report(found.source, found.failure))
    if tally.pages == 0:
        return _nothing_found(console)
    # The counts are incomplete when a folder could not be looked into.
    status = 0 if tally.unlisted == 0 else 1
    document = _stats_document(tally)
    if arguments.json:
        # ASCII: a section may hold a lone surrogate, or a control character
        # that the escapes keep from the terminal.
        console.data((json.dumps(document, indent=2) + "\n").encode())
        return status
    rows: list[tuple[str, object]] = [("pages", tally.pages), ("unreadable", tally.failed)]
    rows += _counts(tally.failures.most_common())
    rows.append(("lines, by kind", tally.lines.total()))
    rows += _counts(tally.lines.items())
    rows.append(("sections, from breadcrumbs", len(tally.sections)))
    rows += _counts(tally.sections.most_common())
    rows.append(("summaries", sum(tally.points.values())))
    rows += _counts((f"{n} point{'s' * (n != 1)}", c) for n, c in sorted(tally.points.items()))
    rows.append(("datelines", sum(tally.datelines.values())))
    rows += _counts(tally.datelines.most_common())
    rows.append(("  resolved to a date", tally.resolved))
    rows.append(("defects", sum(tally.defects.values())))
    rows += _counts(tally.defects.most_common())
    for line in _table(rows):
        console.say(line)
    return status


def _stats_document(tally: Tally) -> dict[str, Any]:
    return {
        "pages": tally.pages,
        "unreadable": dict(tally.failures.most_common()),
        "lines": dict(tally.lines),
        "sections": dict(tally.sections.most_common()),
        "summary_points": {str(n): c for n, c in sorted(tally.points.items())},
        "datelines": dict(tally.datelines.most_common()),
        "datelines_resolved": tally.resolved,
        "defects": dict(tally.defects.most_common()),
    }


# -- show -------------------------------------------------------------------------


def run_show(arguments: argparse.Namespace, console: Console) -> int:
    path = arguments.path
    loaded = load_in_format(
        io.BytesIO(_read_stdin(arguments.max_bytes)) if path == "-" else path,
        strict=not arguments.lenient,
        dialect=arguments.dialect,
        format=arguments.format or PAGE,
        max_bytes=arguments.max_bytes,
        max_lines=arguments.max_lines,
    )
    data, article = loaded.data, loaded.article
    text = dumps(article, format=loaded.format)
    description = io.StringIO()
    _describe(article, text, description)
    written = text.encode("utf-8")
    if written == data:
        description.write(f"{'round trip:':<12}exact ({len(data)} bytes)\n")
    else:
        description.write(
            f"{'round trip:':<12}DIFFERS ({len(data)} bytes read, {len(written)} written)\n"
        )
    # Split at "\n" alone: splitlines() would also break a page's line at a form feed
    # or U+2028, and show the rest unescaped on a line of its own.
    for line in description.getvalue().removesuffix("\n").split("\n"):
        console.say(line)
    return 0 if written == data else 1


def _shorten(text: str, width: int = 72) -> str:
    return text if len(text) <= width else text[: width - 1] + "\u2026"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _describe(article: Article, written: str, out: TextIO) -> None:
    """Each line kind of the article's declaration, with its lines, then its layout, as it
    is ``written``.

    An article of a format that is not declared as its lines shows its fields.
    """

    def row(name: str, value: str) -> None:
        out.write(f"{name + ':':<11} {value}\n")

    fields = written_fields(article)
    kinds = declared_lines(article)
    if kinds is None:
        for name, value in fields.items():
            row(name, _shorten(value if isinstance(value, str) else " | ".join(value)))
    for line, texts in kinds or ():
        if not texts:
            row(line.name, "(none)")
        elif line.count in (ONE, OPTIONAL):
            segments = [
                _count(len(fields[part.field]), "segment")
                for part in line.parts
                if isinstance(part, Split)
            ]
            row(line.name, _shorten(texts[0]) + "".join(f"  ({n})" for n in segments))
        else:
            characters = sum(map(len, texts))
            row(line.name, f"{_count(len(texts), 'line')}, {_count(characters, 'character')}")
            for number, text in enumerate(texts, 1):
                out.write(f"  {number:>2}. {_shorten(text, 68)}\n")
    layout = article.layout
    if isinstance(layout, LineLayout):
        endings = {"\n": "LF", "\r\n": "CRLF", "\r": "CR"}
        facts = [endings[layout.newline] + (" (mixed)" if layout.endings else "")]
        facts.append("final newline" if written.endswith(("\n", "\r")) else "no final newline")
        if layout.bom:
            facts.append("BOM")
        departures = len(layout.lines) // 3
        if departures:
            facts.append(f"{_count(departures, 'line')} formatted unlike the declaration")
        row("layout", ", ".join(facts))
    else:
        row("layout", f"the {article.format!r} format's own")
    for stray in article.stray_lines:
        row("stray line", f"{stray.line}: {_shorten(stray.text)}")
    for defect in article.defects:
        row(
            "defect",
            f"line {defect.line}, column {defect.column}: {defect.message} [{defect.code}]",
        )
