"""Reading many pages at once.

:func:`load_many` is the one loop over files: it expands folders and
globs in a stable order, reads each file in this process or in worker
processes, and yields a :class:`Record` or a :class:`Failure` for each, in
input order, holding no more than a few pages in memory at a time.
"""

from __future__ import annotations

import contextlib
import fnmatch
import functools
import glob
import io
import itertools
import os
import pickle
import signal
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from typing import TYPE_CHECKING, TypeVar

from newsdoc._errors import FieldTypeError, NewsdocError, bounded_repr
from newsdoc._formats import Format, get_format, load
from newsdoc._grammar import Dialect, get_dialect
from newsdoc._io import DEFAULT_MAX_BYTES, path_text
from newsdoc._model import Failure, Record

if TYPE_CHECKING:
    from concurrent.futures import Future

__all__ = ["check_pattern", "expanded", "in_order", "load_many", "split_glob", "walk"]


def load_many(
    sources: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    strict: bool = True,
    dialect: Dialect | str | None = None,
    format: Format | str | None = None,
    pattern: str = "*.txt",
    jobs: int = 1,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Record | Failure]:
    """Read many pages: a :class:`Record` or a :class:`Failure` for each, in input order.

    Each source is a file, a folder (every file below it whose name matches
    ``pattern``) or a glob (``pages/**/*.txt``; a folder it matches is
    searched as a folder is).  A folder is searched name by name in sorted
    order, depth first; names that start with a dot are skipped, and links
    to folders are not followed.  Each file is read as :func:`newsdoc.load`
    reads it, with these arguments.
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
    """
    paths = _paths(sources, pattern)
    if isinstance(jobs, bool) or not isinstance(jobs, int) or not 1 <= jobs <= _MOST_JOBS:
        raise FieldTypeError(
            f"jobs must be an int from 1 to {_MOST_JOBS}, got {bounded_repr(jobs, 40)}"
        )
    if not isinstance(strict, bool):
        raise FieldTypeError(f"strict must be a bool, got {type(strict).__name__}")
    if isinstance(format, str) and format != "auto":
        get_format(format)  # an unknown name is refused now, not once a file
    # The dialect itself, not its name: workers may not know names registered here.
    options = (strict, get_dialect(dialect), format, max_bytes)
    if jobs == 1:
        return (_read_one(path, options=options) for path in paths)
    try:
        pickle.dumps(options)
    except Exception as error:  # PicklingError, TypeError, AttributeError: any of them
        raise FieldTypeError(
            f"with jobs above 1 the format is sent to worker processes, and this one does not "
            f"pickle ({type(error).__name__}: {error}); give it by name, or use jobs=1"
        ) from None
    return _in_workers(paths, options, jobs)


_Options = tuple[bool, Dialect, "Format | str | None", int]
_MOST_JOBS = 1024
_NAME_MAX = 255
"""The longest file name: a longer glob pattern matches nothing, and is not tried."""


def _read_one(path: str, *, options: _Options) -> Record | Failure:
    strict, dialect, format, max_bytes = options
    try:
        article = load(path, strict=strict, dialect=dialect, format=format, max_bytes=max_bytes)
    except NewsdocError as error:
        return Failure(source=path, error=error)
    return Record(article=article, source=path)


def _in_workers(paths: Iterator[str], options: _Options, jobs: int) -> Iterator[Record | Failure]:
    yield from in_order(functools.partial(_read_one, options=options), paths, jobs=jobs)


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


def _paths(
    sources: str | os.PathLike[str] | Iterable[str | os.PathLike[str]], pattern: str
) -> Iterator[str]:
    """The files ``sources`` name, checked now and expanded as they are asked for."""
    check_pattern(pattern)
    if isinstance(sources, (str, os.PathLike)):
        listed = [path_text(sources)]
    elif (
        isinstance(sources, Iterable)
        and not isinstance(sources, (bytes, bytearray, io.IOBase))
        and not hasattr(sources, "read")  # a file iterates over lines, not paths
    ):
        listed = [path_text(source) for source in sources]
    else:
        raise FieldTypeError(
            f"load_many() takes a path or an iterable of paths, got {type(sources).__name__}"
        )
    return (path for source in listed for path, _ in expanded(source, pattern))


def check_pattern(pattern: object) -> None:
    """Refuse what cannot be a pattern of file names: a folder cannot be matched."""
    if (
        not isinstance(pattern, str)
        or not 0 < len(pattern) <= _NAME_MAX
        or os.sep in pattern
        or (os.altsep is not None and os.altsep in pattern)
    ):
        raise FieldTypeError(
            f"pattern must be a file name pattern (1 to {_NAME_MAX} characters, "
            f"without {os.sep!r}), got {bounded_repr(pattern, 40)}"
        )


def expanded(source: str, pattern: str) -> Iterator[tuple[str, str | None]]:
    """The files ``source`` names, each with the folder its outputs would mirror the tree below.

    That is the folder itself for a folder's files, the folder before the
    first wildcard for a glob's, and None for a file, which is its own name.
    """
    if os.path.isdir(source):
        for path in walk(source, pattern):
            yield path, source
    elif (
        not os.path.exists(source)
        and glob.has_magic(source)
        and all(len(part) <= _NAME_MAX for part in source.split(os.sep))
    ):
        root, wanted = split_glob(source)
        for path in _globbed(root, wanted, pattern):
            yield path, root
    else:
        yield source, None  # a file, or a path whose failure to open is reported in its place


def split_glob(source: str) -> tuple[str, list[str]]:
    """A glob's folder before its first wildcard (``.`` when it starts with one), and the rest."""
    parts = source.split(os.sep)
    plain = list(itertools.takewhile(lambda part: not glob.has_magic(part), parts[:-1]))
    return os.sep.join(plain) or ("." if not plain else os.sep), parts[len(plain) :]


def _globbed(root: str, wanted: list[str], pattern: str) -> Iterator[str]:
    """The files below ``root`` whose path matches ``wanted``, a glob's parts after ``root``.

    A folder the glob matches is searched as a folder is, as when the shell
    expands the glob.  Unlike :func:`glob.glob`, links to folders are not
    followed (two links to ``.`` would make it endless), names that start
    with a dot are skipped, and only folders the glob can still match below
    are entered.  The glob is read as a small automaton, one state for each
    of its parts matched so far, so matching is linear in the path.
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

    stack = [(iter(_listing(root)), closed({0}))]
    while stack:
        entries, states = stack[-1]
        entry = next(entries, None)
        if entry is None:
            stack.pop()
            continue
        after = step(states, entry.name)
        if not after:
            continue
        is_folder = _is_folder(entry)
        if is_folder is None:
            continue
        if is_folder and last in after:
            yield from walk(entry.path, pattern)
        elif is_folder:
            stack.append((iter(_listing(entry.path)), after))
        elif last in after:
            yield entry.path


def walk(folder: str, pattern: str) -> Iterator[str]:
    """The files below ``folder`` whose names match ``pattern``, depth first, sorted by name.

    Only one folder's names are held at a time.  Names that start with a dot
    are skipped, as the shell and :mod:`glob` skip them (newsdoc's own
    temporary files among them), and links to folders are not followed, so
    a link cannot make the walk endless.
    """
    # A stack rather than recursion: a deep tree cannot exhaust Python's stack.
    stack = [iter(_listing(folder))]
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        is_folder = _is_folder(entry)
        if is_folder is None:
            continue
        if is_folder:
            stack.append(iter(_listing(entry.path)))
        elif fnmatch.fnmatch(entry.name, pattern):
            yield entry.path


def _is_folder(entry: os.DirEntry[str]) -> bool | None:
    """Whether ``entry`` is a folder to enter; None for a link to one, or a vanished entry."""
    try:
        if entry.is_dir(follow_symlinks=False):
            return True
        return None if entry.is_dir() else False
    except OSError:
        return None


def _listing(folder: str) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as entries:
            return sorted(
                (entry for entry in entries if not entry.name.startswith(".")),
                key=lambda entry: entry.name,
            )
    except (OSError, ValueError):  # ValueError: a NUL in the name
        return []  # a folder that vanished or cannot be listed holds no pages
