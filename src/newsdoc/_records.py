"""Reading many pages at once.

:func:`load_many` is the one loop over files: it expands folders and
globs in a stable order, reads each file in this process or in worker
processes, and yields a :class:`Record` or a :class:`Failure` for each, in
input order, holding no more than a few pages in memory at a time.  The
command finds and reads its inputs with the same :func:`pages` and
:func:`read_page`, and so reads what :func:`load_many` reads.
"""

from __future__ import annotations

import contextlib
import errno
import fnmatch
import functools
import glob
import io
import itertools
import os
import pickle
import signal
import stat
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from datetime import date
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from newsdoc._errors import (
    Defect,
    FieldTypeError,
    NewsdocError,
    ParseError,
    ReadError,
    ValidationError,
    bounded_repr,
)
from newsdoc._formats import JSON_FORMAT, is_json_lines, load_in_format
from newsdoc._grammar import Dialect, get_dialect
from newsdoc._io import check_limit, path_text, record_lines
from newsdoc._limits import DEFAULT_MAX_BYTES, DEFAULT_MAX_LINES
from newsdoc._model import Article, Failure, Record
from newsdoc._plugins import Format, get_format

if TYPE_CHECKING:
    from concurrent.futures import Future

__all__ = [
    "STDIN",
    "Page",
    "Reading",
    "check_pattern",
    "expanded",
    "in_order",
    "load_many",
    "pages",
    "read_page",
    "split_glob",
    "walk",
]


def load_many(
    sources: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    strict: bool = True,
    dialect: Dialect | str | None = None,
    format: Format | str | None = None,
    pattern: str = "*.txt",
    jobs: int = 1,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_lines: int = DEFAULT_MAX_LINES,
) -> Iterator[Record | Failure]:
    """Read many pages: a :class:`Record` or a :class:`Failure` for each, in input order.

    Each source is a file, a folder (every file below it whose name matches
    ``pattern``) or a glob (``pages/**/*.txt``; a folder it matches is
    searched as a folder is).  A folder is searched name by name in sorted
    order, depth first; names that start with a dot are skipped, and links
    to folders are not followed.  A folder that cannot be listed, and an
    entry whose kind cannot be told, is a :class:`Failure` in its place.
    Each file is read as :func:`newsdoc.load` reads it, with these
    arguments, but for a ``.jsonl`` file: it holds records, and each of its
    lines is a :class:`Record` as :func:`newsdoc.load_jsonl` reads it, or a
    :class:`Failure` (a :class:`ParseError` at the line) where it holds none.
    With ``jobs`` above 1 the files are read in that many worker processes,
    a few at a time, and still yielded in input order; a format given by
    name must then be known to the workers (built in, installed as a plugin,
    or registered before they fork), or be given as an object that pickles.
    Nothing is read until the first item is asked for.

    >>> import newsdoc, tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("Bridge reopens\\n12 May")
    >>> _ = (folder / "b.txt").write_text("")
    >>> [type(item).__name__ for item in load_many(folder)]
    ['Record', 'Failure']

    :raises FieldTypeError: for arguments of the wrong type, when called.
    :raises ValidationError: for arguments of the right type that break
        their rules (``jobs=0``, ``pattern=""``, a negative ``max_bytes``
        or ``max_lines``, an unknown dialect), when called.
    """
    listed = _sources(sources)
    check_pattern(pattern)
    if isinstance(jobs, bool) or not isinstance(jobs, int) or not 1 <= jobs <= _MOST_JOBS:
        refused = ValidationError if type(jobs) is int else FieldTypeError
        raise refused(f"jobs must be an int from 1 to {_MOST_JOBS}, got {bounded_repr(jobs, 40)}")
    if not isinstance(strict, bool):
        raise FieldTypeError(f"strict must be a bool, got {type(strict).__name__}")
    check_limit(max_bytes)
    check_limit(max_lines, "max_lines")
    if isinstance(format, str) and format != "auto":
        get_format(format)  # an unknown name is refused now, not once a file
    # The dialect itself, not its name: workers may not know names registered
    # here.  None stays None, for format="auto" to find each page's own.
    options = (
        strict,
        None if dialect is None else get_dialect(dialect),
        format,
        max_bytes,
        max_lines,
    )
    inputs = pages(listed, pattern, max_bytes=max_bytes)
    if jobs == 1:
        return (_read_one(page, options=options) for page in inputs)
    try:
        pickle.dumps(options)
    except Exception as error:  # PicklingError, TypeError, AttributeError: any of them
        raise FieldTypeError(
            f"with jobs above 1 the format is sent to worker processes, and this one does not "
            f"pickle ({type(error).__name__}: {error}); give it by name, or use jobs=1"
        ) from None
    return _in_workers(inputs, options, jobs)


_Options = tuple[bool, "Dialect | None", "Format | str | None", int, int]
_MOST_JOBS = 1024
_NAME_MAX = 255
"""The longest file name: a longer glob pattern matches nothing, and is not tried."""


def _read_one(page: Page, *, options: _Options) -> Record | Failure:
    strict, dialect, format, max_bytes, max_lines = options
    try:
        reading = read_page(
            page,
            strict=strict,
            dialect=dialect,
            format=format,
            max_bytes=max_bytes,
            max_lines=max_lines,
        )
    except NewsdocError as error:
        return Failure(source=page.source, error=error)
    return Record(article=reading.article, source=reading.source, captured=reading.captured)


def _in_workers(
    inputs: Iterator[Page], options: _Options, jobs: int
) -> Iterator[Record | Failure]:
    yield from in_order(functools.partial(_read_one, options=options), inputs, jobs=jobs)


_T = TypeVar("_T")
_R = TypeVar("_R")


def in_order(
    function: Callable[[_T], _R], items: Iterable[_T], *, jobs: int, batch: int = 16
) -> Generator[_R, None, None]:
    """``function`` of each item, in worker processes, yielded in the items' order.

    Items go to the workers ``batch`` at a time, and no more than ``4 * jobs``
    batches are in flight: memory stays flat however many items there are.
    ``function`` and the items must pickle.  Workers ignore SIGINT, so that
    Ctrl-C reaches only this process, which cancels what is left; SIGTERM and
    SIGHUP end a worker as they end any process, whatever handlers this
    process has for them.
    """
    batches = _batched(iter(items), batch)
    first = next(batches, None)
    if first is None:
        return
    second = next(batches, None)
    if second is None:  # too few items to be worth starting processes for
        yield from _each(function, first)
        return
    # Imported here: a program that never asks for workers need not load multiprocessing.
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(jobs, initializer=_worker_signals)
    try:
        pending: deque[Future[list[_R]]] = deque()
        for chunk in itertools.chain([first, second], batches):
            with _signals_held():  # a task may fork a worker
                pending.append(pool.submit(_each, function, chunk))
            if len(pending) >= 4 * jobs:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _batched(items: Iterator[_T], size: int) -> Iterator[list[_T]]:
    while chunk := list(itertools.islice(items, size)):
        yield chunk


def _each(function: Callable[[_T], _R], chunk: list[_T]) -> list[_R]:
    return [function(item) for item in chunk]


_ENDING = frozenset(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)
"""The signals that end a process unless it handles them."""


def _worker_signals() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A worker is forked with this process's handlers: one that a program
    # installed for itself must not run in the worker too.  With the default
    # action, a worker that is sent one ends, and a pool that breaks can
    # still end the others.
    for signum in _ENDING:
        if signal.getsignal(signum) is not signal.SIG_IGN:  # ignored stays ignored: nohup
            signal.signal(signum, signal.SIG_DFL)
    unblock = getattr(signal, "pthread_sigmask", None)
    if unblock is not None:
        unblock(signal.SIG_UNBLOCK, _ENDING)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """SIGINT, SIGTERM and SIGHUP wait while workers are forked.

    Ctrl-C reaches every process of the terminal's group: a worker forked
    with Python's handler in place, hit before its initializer ignores the
    signal, breaks the pool, and the run can hang.  Held, the signal reaches
    this process once the workers exist, and a worker its initializer has
    readied (which keeps SIGINT held, and lets the others through).
    """
    hold = getattr(signal, "pthread_sigmask", None)
    if hold is None:  # no signal masks here: the initializer alone readies a worker
        yield
        return
    held = hold(signal.SIG_BLOCK, {signal.SIGINT, *_ENDING})
    try:
        yield
    finally:
        hold(signal.SIG_SETMASK, held)


def _sources(sources: str | os.PathLike[str] | Iterable[str | os.PathLike[str]]) -> list[str]:
    """The paths ``sources`` names, as strs, checked now."""
    if isinstance(sources, (str, os.PathLike)):
        return [path_text(sources)]
    if (
        isinstance(sources, Iterable)
        and not isinstance(sources, (bytes, bytearray, io.IOBase))
        and not hasattr(sources, "read")  # a file iterates over lines, not paths
    ):
        return [path_text(source) for source in sources]
    raise FieldTypeError(
        f"load_many() takes a path or an iterable of paths, got {type(sources).__name__}"
    )


# -- what is read: pages, and the record lines of JSON Lines files -----------------


STDIN = "<stdin>"
"""How standard input is named in reports."""


class Page(NamedTuple):
    """One input: a file, standard input's bytes, or one record line of a JSON Lines file."""

    source: str
    root: str | None
    """The folder whose tree outputs mirror, or None when the file is its own name."""
    data: bytes | None = None
    """The bytes, when they were not read from ``source``: standard input, a record line."""
    line: int | None = None
    """For a record line, its number in the JSON Lines file."""
    error: NewsdocError | None = None
    """Why the input could not be listed or read, to report in its place."""
    offset: int = 0
    """For a record line, the byte offset it starts at in the JSON Lines file."""

    def relative(self) -> str:
        """The path an output takes below the output folder, the input's suffix included."""
        if self.data is not None and self.line is None:
            return "stdin.txt"
        if self.root is None:
            path = os.path.basename(self.source) or self.source
        else:
            path = os.path.relpath(self.source, self.root)
        if self.line is not None:
            return f"{os.path.splitext(path)[0]}-{self.line}.txt"
        return path


def pages(
    sources: Iterable[str],
    pattern: str,
    stdin: Iterator[bytes] | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Page]:
    """The pages ``sources`` name, one record line of a JSON Lines file at a time.

    With ``stdin``, ``-`` is standard input, read when it is reached.  A
    record line longer than ``max_bytes`` is refused where it stands.  What
    cannot be looked into (a folder that cannot be listed, a JSON Lines
    file that cannot be read) is a page holding the error that says why.
    """
    for source in sources:
        if source == "-" and stdin is not None:
            yield Page(STDIN, None, next(stdin))
            continue
        for path, root, error in expanded(source, pattern):
            if error is None and is_json_lines(path):
                yield from _record_lines(path, root, max_bytes)
            else:
                yield Page(path, root, error=error)


def _record_lines(path: str, root: str | None, max_bytes: int) -> Iterator[Page]:
    try:
        for number, offset, line in record_lines(path, max_bytes=max_bytes):
            yield Page(path, root, line, number, offset=offset)
    except NewsdocError as error:
        yield Page(path, root, error=error)


class Reading(NamedTuple):
    """What reading a :class:`Page` gives."""

    data: bytes
    text: str
    article: Article
    format: Format
    source: str | None
    """Where the page came from: the path, or a record's own source."""
    captured: date | None


def read_page(
    page: Page,
    *,
    strict: bool,
    dialect: Dialect | None,
    format: Format | str | None,
    max_bytes: int,
    max_lines: int,
) -> Reading:
    """What reading ``page`` gives: as :func:`newsdoc.load` reads a file, or a record line.

    :raises NewsdocError: why the page cannot be read; for a record line, a
        :class:`ParseError` at its line.
    """
    if page.error is not None:
        raise page.error
    if page.line is not None:
        # Imported here: reading pages needs no cattrs, which the JSON reader does.
        from newsdoc._convert import DocumentError, record_from_json

        data = page.data or b""
        try:
            record = record_from_json(data, at=page.offset)
        except DocumentError as error:
            raise ParseError(
                Defect(line=page.line, column=1, code="invalid-record", message=error.problems[0]),
                data.decode("utf-8", "replace"),
            ) from None
        text = data.decode("utf-8")  # UTF-8: record_from_json() read it so
        return Reading(data, text, record.article, JSON_FORMAT, record.source, record.captured)
    source = page.source if page.data is None else io.BytesIO(page.data)
    loaded = load_in_format(
        source,
        strict=strict,
        dialect=dialect,
        format=format,
        max_bytes=max_bytes,
        max_lines=max_lines,
    )
    return Reading(*loaded, page.source, None)


def check_pattern(pattern: object) -> None:
    """Refuse what cannot be a pattern of file names: a folder cannot be matched."""
    if (
        not isinstance(pattern, str)
        or not 0 < len(pattern) <= _NAME_MAX
        or os.sep in pattern
        or (os.altsep is not None and os.altsep in pattern)
    ):
        refused = ValidationError if isinstance(pattern, str) else FieldTypeError
        raise refused(
            f"pattern must be a file name pattern (1 to {_NAME_MAX} characters, "
            f"without {os.sep!r}), got {bounded_repr(pattern, 40)}"
        )


class Found(NamedTuple):
    """A file a source names, or what could not be looked into, with the error that says why."""

    path: str
    root: str | None
    """The folder the outputs of the file would mirror the tree below, or None."""
    error: ReadError | None = None


def expanded(source: str, pattern: str) -> Iterator[Found]:
    """The files ``source`` names, each with the folder its outputs would mirror the tree below.

    That is the folder itself for a folder's files, the folder before the
    first wildcard for a glob's, and None for a file, which is its own name.
    A folder that cannot be listed, and an entry whose kind cannot be told,
    comes with the error that says why.
    """
    if os.path.isdir(source):
        for path, error in walk(source, pattern):
            yield Found(path, source, error)
    elif (
        not os.path.exists(source)
        and glob.has_magic(source)
        and all(len(part) <= _NAME_MAX for part in source.split(os.sep))
    ):
        root, wanted = split_glob(source)
        for path, error in _globbed(root, wanted, pattern):
            yield Found(path, root, error)
    else:
        yield Found(
            source, None
        )  # a file, or a path whose failure to open is reported in its place


def split_glob(source: str) -> tuple[str, list[str]]:
    """A glob's folder before its first wildcard (``.`` when it starts with one), and the rest."""
    parts = source.split(os.sep)
    plain = list(itertools.takewhile(lambda part: not glob.has_magic(part), parts[:-1]))
    return os.sep.join(plain) or ("." if not plain else os.sep), parts[len(plain) :]


_Walked = Iterator[tuple[str, "ReadError | None"]]
"""Paths of files, with None; and of what could not be looked into, with why."""
_NO_FOLDER = frozenset((errno.ENOENT, errno.ENOTDIR, errno.EINVAL))
"""Why a glob's folder cannot be listed when there is no such folder: the glob matches nothing."""


def _globbed(root: str, wanted: list[str], pattern: str) -> _Walked:
    """The files below ``root`` whose path matches ``wanted``, a glob's parts after ``root``.

    A folder the glob matches is searched as a folder is, as when the shell
    expands the glob.  Unlike :func:`glob.glob`, links to folders are not
    followed (two links to ``.`` would make it endless), names that start
    with a dot are skipped, and only folders the glob can still match below
    are entered; a folder it enters that cannot be listed is yielded with
    why.  The glob is read as a small automaton, one state for each of its
    parts matched so far, so matching is linear in the path.
    """
    last = len(wanted)

    def closed(states: set[int]) -> set[int]:
        # ``**`` matches no part too: its state leads on to the next.
        for index in sorted(states):
            while index < last and wanted[index] == "**":
                index += 1
                states.add(index)
        return states

    def step(states: set[int], name: str) -> set[int]:
        after = set()
        for index in states:
            if index < last and wanted[index] == "**":
                after.add(index)
            elif index < last and fnmatch.fnmatch(name, wanted[index]):
                after.add(index + 1)
        return closed(after)

    try:
        stack = [(_listed(root), closed({0}))]
    except ReadError as error:
        if error.errno not in _NO_FOLDER:
            yield root, error
        return
    while stack:
        entries, states = stack[-1]
        entry = next(entries, None)
        if entry is None:
            stack.pop()
            continue
        after = step(states, entry.name)
        if not after:
            continue
        try:
            is_folder = _is_folder(entry)
        except ReadError as error:
            yield entry.path, error
            continue
        if is_folder and last in after:
            yield from walk(entry.path, pattern)
        elif is_folder:
            try:
                stack.append((_listed(entry.path), after))
            except ReadError as error:
                yield entry.path, error
        elif is_folder is not None and last in after:
            yield entry.path, None


def walk(folder: str, pattern: str) -> _Walked:
    """The files below ``folder`` whose names match ``pattern``, depth first, sorted by name.

    Each comes with None; a folder that cannot be listed (``folder``
    itself too) and an entry whose kind cannot be told come, whatever their
    names, with the :class:`ReadError` that says why.  Only one folder's
    names are held at a time.  Names that start with a dot are skipped, as
    the shell and :mod:`glob` skip them (newsdoc's own temporary files among
    them), and links to folders are not followed, so a link cannot make the
    walk endless.  A link whose target cannot be looked at (it dangles, or
    loops) is taken for a file: reading it says why it cannot be read.
    """
    # A stack rather than recursion: a deep tree cannot exhaust Python's stack.
    stack: list[Iterator[_Entry]] = []
    yield from _entered(folder, stack)
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        try:
            is_folder = _is_folder(entry)
        except ReadError as error:
            yield entry.path, error
            continue
        if is_folder:
            yield from _entered(entry.path, stack)
        elif is_folder is not None and fnmatch.fnmatch(entry.name, pattern):
            yield entry.path, None


def _entered(folder: str, stack: list[Iterator[_Entry]]) -> _Walked:
    """Put the entries of ``folder`` on ``stack``, or yield why it cannot be listed."""
    try:
        stack.append(_listed(folder))
    except ReadError as error:
        yield folder, error


class _Entry(NamedTuple):
    """An entry of a folder being walked: made as the walk reaches it, not kept."""

    name: str
    path: str
    kind: str
    """What the folder's listing said it is: :data:`_FOLDER`, :data:`_LINK`,
    :data:`_UNSURE`, or ``""`` for a file."""


_FOLDER = "d"
"""The letter of a folder after its name in a listing."""
_LINK = "l"
"""The letter of a symbolic link, to anything."""
_UNSURE = "?"
"""The letter of an entry whose kind the listing could not tell: looked at again later."""


def _is_folder(entry: _Entry) -> bool | None:
    """Whether ``entry`` is a folder to enter; None for a link to one, which is not followed.

    :raises ReadError: when what the entry is cannot be told.
    """
    kind = entry.kind
    if kind == _UNSURE:
        try:
            mode = os.stat(entry.path, follow_symlinks=False).st_mode
        except OSError as error:
            raise ReadError(
                error.errno, f"cannot tell a file from a folder: {error.strerror}", entry.path
            ) from error
        kind = _FOLDER if stat.S_ISDIR(mode) else _LINK if stat.S_ISLNK(mode) else ""
    if kind != _LINK:
        return kind == _FOLDER
    try:
        return None if stat.S_ISDIR(os.stat(entry.path).st_mode) else False
    except OSError:  # a link that loops: a file, to read, which says why it cannot be
        return False


def _listed(folder: str) -> Iterator[_Entry]:
    """The entries of ``folder`` that are not hidden, sorted by name, one at a time.

    :raises ReadError: at once, when ``folder`` cannot be listed (see :func:`_listing`).
    """
    listing = _listing(folder)
    return (
        _Entry(name, os.path.join(folder, name), kind)
        for name, _, kind in (listed.partition("\0") for listed in listing)
    )


def _listing(folder: str) -> list[str]:
    """The names in ``folder`` that are not hidden, sorted, each but a file's followed by
    a NUL and the letter of what it is (see :attr:`_Entry.kind`).

    One string a name, about as small as the name alone, rather than an
    :class:`os.DirEntry` (about three times as much): a flat folder of
    many pages is held at once.  A NUL sorts before every character a name
    can hold, so each name sorts as it would alone.

    :raises ReadError: when it cannot be listed: it may not be searched, it
        vanished, or its path is too long or holds a NUL.
    """
    try:
        with os.scandir(folder) as entries:
            listing = [
                f"{entry.name}\0{kind}" if (kind := _kind(entry)) else entry.name
                for entry in entries
                if not entry.name.startswith(".")
            ]
        listing.sort()
        return listing
    except OSError as error:
        raise ReadError(
            error.errno, f"the folder cannot be listed: {error.strerror}", folder
        ) from error
    except ValueError as error:  # a NUL in the name
        raise ReadError(
            errno.EINVAL, f"the folder cannot be listed: not a usable path ({error})", folder
        ) from error


def _kind(entry: os.DirEntry[str]) -> str:
    """The letter of what ``entry`` is, as the folder's listing says (no call to the system
    where it says it): ``""`` for a file."""
    try:
        if entry.is_dir(follow_symlinks=False):
            return _FOLDER
        return _LINK if entry.is_symlink() else ""
    except OSError:
        return _UNSURE
