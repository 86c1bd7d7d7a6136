"""Reading and writing pages in files: the only module that does I/O."""

from __future__ import annotations

import codecs
import contextlib
import errno
import io
import os
import re
import stat
from collections.abc import Iterable, Iterator
from typing import BinaryIO, Union

from newsdoc._errors import (
    Defect,
    FieldTypeError,
    NewsdocError,
    ParseError,
    ReadError,
    SerializeError,
    ValidationError,
    WriteError,
    bounded_repr,
)
from newsdoc._grammar import BOM, locate
from newsdoc._limits import DEFAULT_MAX_BYTES

__all__ = [
    "Source",
    "Target",
    "atomic_write",
    "beyond_limits",
    "check_binary_target",
    "check_limit",
    "decode",
    "folder_below",
    "name_of",
    "open_regular_file",
    "path_text",
    "read_bytes",
    "read_lines",
    "record_lines",
    "utf8",
    "wide_bom",
    "write_to",
    "write_whole",
]

Source = Union[str, "os.PathLike[str]", BinaryIO]
"""A path, or a file opened in binary mode."""
Target = Source


_CHUNK = 1024 * 1024
"""The most bytes asked for in one read: a buffered file allocates all it is asked for."""
_LINE_END = re.compile(rb"[\r\n]")
_BINARY = getattr(os, "O_BINARY", 0)
_NO_INHERIT = getattr(os, "O_CLOEXEC", 0)
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY
_BY_FOLDER = {os.open, os.mkdir, os.stat, os.chmod, os.rename}
"""What writing below a folder by its descriptor calls with ``dir_fd``
(``os.rename`` standing for ``os.replace``, which takes the same arguments)."""
_FOLDER = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _NO_INHERIT


def read_bytes(source: Source, *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """All the bytes of a path or a binary file, refusing more than ``max_bytes``.

    A path must name a regular file: a FIFO or a device is refused rather
    than waited on or read without end.  Never more than ``max_bytes + 1``
    bytes are read.

    :raises FieldTypeError: when ``source`` is neither a path nor a file
        opened in binary mode, or ``max_bytes`` is not an int.
    :raises ValidationError: when ``max_bytes`` is negative.
    :raises ReadError: when the path cannot be opened, is not a regular file,
        the file cannot be read, or it holds more than ``max_bytes`` bytes.
    """
    check_limit(max_bytes)
    if isinstance(source, (str, os.PathLike)):
        return _read_path(path_text(source), max_bytes)
    _check_binary_source(source)
    return _read_at_most(source, max_bytes, _name_of(source))


def check_limit(limit: object, name: str = "max_bytes") -> None:
    """Refuse what cannot be a limit, the argument ``name``: a number of bytes or lines to
    read at most.

    :raises FieldTypeError: when ``limit`` is not an int.
    :raises ValidationError: when it is negative.
    """
    if isinstance(limit, bool) or not isinstance(limit, int):
        raise FieldTypeError(f"{name} must be an int, got {type(limit).__name__}")
    if limit < 0:
        # bounded_repr: str() refuses an int of more than 4300 digits.
        raise ValidationError(f"{name} must not be negative, got {bounded_repr(limit, 60)}")


def beyond_limits(text: str, max_bytes: int | None, max_lines: int | None) -> str | None:
    """How ``text`` goes past ``max_bytes`` bytes of UTF-8 or ``max_lines`` lines (either
    None for no limit), named in words; or None when it does not.

    Lines are counted as the reader splits them: at ``\r\n``, ``\r`` or ``\n``.
    """
    # A character is one to four bytes: the text's length settles most cases uncounted.
    if (
        max_bytes is not None
        and len(text) > max_bytes // 4
        and (len(text) > max_bytes or len(text.encode("utf-8", "surrogatepass")) > max_bytes)
    ):
        return f"larger than max_bytes={max_bytes} bytes"
    if max_lines is not None and len(text) >= max_lines:
        lines = text.count("\n") + text.count("\r") - text.count("\r\n") + 1
        if lines > max_lines:
            return f"longer than max_lines={max_lines} lines ({lines})"
    return None


def _read_path(path: str, max_bytes: int) -> bytes:
    # File descriptors rather than a file object: a folder of pages is read a
    # small file at a time, and the object's buffering costs more than the read.
    try:
        descriptor = _open_without_waiting(path, os.O_RDONLY | _BINARY | _NO_INHERIT)
    except OSError as error:
        raise ReadError(error.errno, error.strerror, path) from error
    except ValueError as error:  # a NUL character, or a path the file system cannot encode
        raise ReadError(errno.EINVAL, f"not a usable path ({error})", path) from error
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise ReadError(None, "not a regular file", path)
        # Asking for a byte more than the file holds, a short read is its end
        # (a regular file reads short nowhere else), so one read takes a page.
        expected = status.st_size + 1
        chunks: list[bytes] = []
        size = 0
        while size <= max_bytes:
            request = min(max_bytes + 1 - size, expected - size if expected > size else _CHUNK)
            chunk = os.read(descriptor, request)
            chunks.append(chunk)
            size += len(chunk)
            if len(chunk) < request:
                return b"".join(chunks)
    except OSError as error:
        if isinstance(error, ReadError):
            raise
        raise ReadError(error.errno, error.strerror, path) from error
    finally:
        os.close(descriptor)
    raise ReadError(errno.EFBIG, f"larger than max_bytes={max_bytes} bytes", path)


def read_lines(source: Source, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[bytes]:
    """The lines of a path or a binary file, one at a time, each at most ``max_bytes`` long.

    :raises FieldTypeError: when ``source`` is neither a path nor a file
        opened in binary mode.
    :raises ReadError: as :func:`read_bytes` does, and for a line longer
        than ``max_bytes``.
    """
    if isinstance(source, (str, os.PathLike)):
        path = path_text(source)
        with open_regular_file(path) as file:
            yield from _lines_of(file, max_bytes, path)
    else:
        _check_binary_source(source)
        yield from _lines_of(source, max_bytes, _name_of(source))


def record_lines(
    source: Source, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[tuple[int, int, bytes]]:
    """The lines of a JSON Lines file that are not blank, each with its number and byte offset.

    A file that starts with a UTF-16 or UTF-32 byte order mark gives its
    first line alone, which :func:`decode` refuses: the rest is not split
    where its text breaks, and would only fail again.

    :raises FieldTypeError: and :class:`ReadError` as :func:`read_lines` does.
    """
    offset = 0
    for number, line in enumerate(read_lines(source, max_bytes=max_bytes), 1):
        # The file's BOM is no content: a file of it alone holds no record.
        if (line.removeprefix(codecs.BOM_UTF8) if number == 1 else line).strip():
            yield number, offset, line
        if number == 1 and wide_bom(line) is not None:
            return
        offset += len(line)


def _lines_of(file: BinaryIO, max_bytes: int, name: str | bytes | None) -> Iterator[bytes]:
    while True:
        try:
            line = file.readline(max_bytes + 1)
        except OSError as error:
            raise ReadError(error.errno, error.strerror, name) from error
        except ValueError as error:  # a closed file
            raise ReadError(errno.EBADF, str(error), name) from error
        if not isinstance(line, bytes):
            raise FieldTypeError("the file must be opened in binary mode ('rb')")
        if not line:
            return
        if len(line) > max_bytes:
            raise ReadError(
                errno.EFBIG, f"a line is longer than max_bytes={max_bytes} bytes", name
            )
        yield line


def _check_binary_source(source: object) -> None:
    if isinstance(source, io.TextIOBase) or not callable(getattr(source, "read", None)):
        raise FieldTypeError(
            "expected a path (str or os.PathLike) or a file opened in binary mode ('rb'), "
            f"got {type(source).__name__}"
        )


def path_text(path: str | os.PathLike[str]) -> str:
    """``path`` as a str.

    :raises FieldTypeError: when it is not a path.
    """
    try:
        return os.fsdecode(os.fspath(path))
    except TypeError as error:
        raise FieldTypeError(str(error)) from None


def _name_of(file: object) -> str | bytes | None:
    name = getattr(file, "name", None)
    return name if isinstance(name, (str, bytes)) else None


def name_of(source: Source) -> str | None:
    """The path, or the name of the file, that messages about ``source`` give; None for none."""
    name = path_text(source) if isinstance(source, (str, os.PathLike)) else _name_of(source)
    return None if name is None else os.fsdecode(name)


@contextlib.contextmanager
def open_regular_file(path: str) -> Iterator[BinaryIO]:
    try:
        file = open(path, "rb", opener=_open_without_waiting)  # noqa: SIM115  # closed below
    except OSError as error:
        raise ReadError(error.errno, error.strerror, path) from error
    except ValueError as error:  # a NUL character, or a path the file system cannot encode
        raise ReadError(errno.EINVAL, f"not a usable path ({error})", path) from error
    with file:
        try:
            mode = os.fstat(file.fileno()).st_mode
        except OSError as error:
            raise ReadError(error.errno, error.strerror, path) from error
        if not stat.S_ISREG(mode):
            raise ReadError(None, "not a regular file", path)
        yield file


def _open_without_waiting(path: str, flags: int) -> int:
    # Opening a FIFO for reading waits for a writer; opened at once, it can
    # be looked at and refused.  Reads from a regular file ignore the flag.
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0))


def _read_at_most(file: BinaryIO, max_bytes: int, name: str | bytes | None) -> bytes:
    if getattr(file, "closed", False) is True:
        raise ReadError(errno.EBADF, "the file is closed", name)
    chunks: list[bytes] = []
    size = 0
    # A raw file may return fewer bytes than asked for before its end: only
    # an empty read ends the file.
    while size <= max_bytes:
        try:
            chunk = file.read(min(max_bytes + 1 - size, _CHUNK))
        except OSError as error:
            raise ReadError(error.errno, error.strerror, name) from error
        if not isinstance(chunk, bytes):
            raise FieldTypeError(
                "expected a file opened in binary mode ('rb'), "
                f"but its read() returned {type(chunk).__name__}"
            )
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
    raise ReadError(errno.EFBIG, f"larger than max_bytes={max_bytes} bytes", name)


_WIDE_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32 (little-endian)"),
    (b"\x00\x00\xfe\xff", "UTF-32 (big-endian)"),
    (b"\xff\xfe", "UTF-16 (little-endian)"),
    (b"\xfe\xff", "UTF-16 (big-endian)"),
)
"""The byte order marks of the encodings text files are most often in when not in UTF-8.

UTF-32's little-endian mark starts with UTF-16's: it is looked for first."""


def wide_bom(data: bytes) -> str | None:
    """The encoding whose byte order mark ``data`` starts with, UTF-16 or UTF-32; else None."""
    return next((name for bom, name in _WIDE_BOMS if data.startswith(bom)), None)


def decode(data: bytes, name: str | None = None, *, at: int = 0) -> str:
    """``data`` as UTF-8, with or without a BOM (kept), line endings untouched.

    The one rule for every page and JSON text newsdoc reads from bytes:
    anything but UTF-8 is refused, a text that starts with a UTF-16 or
    UTF-32 byte order mark included.  ``name`` is the file the bytes come
    from and ``at`` the byte offset they start at in it, for the message.

    :raises ParseError: naming the file and the byte offset of the first
        invalid byte (or of the byte order mark), at the line and column
        the parser would give it.
    """
    encoding = wide_bom(data)
    if encoding is not None:
        offset, found, reason = 0, f"a {encoding} byte order mark", "newsdoc reads UTF-8 only"
    else:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as error:
            offset = error.start
            found = f"the byte 0x{data[offset]:02x}"
            reason = error.reason
    # A line ending is one byte that is never part of a longer character,
    # so lines can be found in the bytes.
    line_start = max(data.rfind(b"\n", 0, offset), data.rfind(b"\r", 0, offset)) + 1
    line = 1 + data.count(b"\n", 0, offset) + data.count(b"\r", 0, offset)
    line -= data.count(b"\r\n", 0, offset)
    before = data[line_start:offset].decode("utf-8")
    if line_start == 0 and before.startswith(BOM):
        before = before[len(BOM) :]  # the parser counts columns after the BOM
    line_end = _LINE_END.search(data, offset)
    rest = data[offset : line_end.start() if line_end else len(data)]
    where = f"at byte offset {at + offset}" + ("" if name is None else f" of {name!r}")
    defect = Defect(
        line=line,
        column=len(before) + 1,
        code="invalid-utf8",
        message=f"expected UTF-8, found {found} {where} ({reason})",
    )
    raise ParseError(defect, before + rest.decode("utf-8", "replace"))


def check_binary_target(target: object) -> None:
    if isinstance(target, io.TextIOBase) or not callable(getattr(target, "write", None)):
        raise FieldTypeError(
            "expected a path (str or os.PathLike) or a file opened in binary mode ('wb'), "
            f"got {type(target).__name__}"
        )


def utf8(text: str) -> bytes:
    """``text`` encoded as UTF-8, as every file newsdoc writes is.

    :raises SerializeError: naming the line and column of a lone surrogate,
        which UTF-8 cannot encode (lenient reading keeps them in a ``str``).
    """
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as error:
        line, column, _ = locate(text, error.start)
        raise SerializeError(
            [
                f"the character {text[error.start]!r} at line {line}, column {column} "
                f"(offset {error.start}) is a lone surrogate, which UTF-8 cannot encode"
            ]
        ) from None


def write_to(target: BinaryIO, data: bytes) -> None:
    """Write ``data`` to a file opened in binary mode, directly (not atomically).

    :raises WriteError: when the file is closed or the write fails.
    """
    check_binary_target(target)
    name = _name_of(target)
    if getattr(target, "closed", False) is True:
        raise WriteError(errno.EBADF, "the file is closed", name)
    try:
        target.write(data)
    except OSError as error:
        raise WriteError(error.errno, error.strerror, name) from error


def atomic_write(path: str | os.PathLike[str], chunks: Iterable[bytes]) -> None:
    """Make the file at ``path`` hold ``chunks``, or, after any failure, what it held before.

    The chunks go to a new file in the same folder, which is flushed to disk
    and then takes the place of ``path`` in one step (``os.replace``); the
    folder is flushed then, where the system lets it, so that a completed
    write survives a power cut.
    Whatever goes wrong, including an exception from ``chunks`` itself, the
    new file is removed and that exception propagates (an ``OSError`` as a
    :class:`WriteError`).  An existing file keeps its permission bits (not
    its owner); a new one gets ``0o666`` less the umask, as ``open`` gives.
    A symbolic link is followed: the file it points to is replaced.

    :raises WriteError: when the file cannot be written, or ``path`` names
        something other than a regular file (a device is never replaced).
    """
    name = path_text(path)
    try:
        target = os.path.realpath(name)
    except (OSError, ValueError) as error:
        raise _write_error(error, name) from error
    write_whole(None, target, chunks, name)


def write_whole(folder: int | None, target: str, chunks: Iterable[bytes], name: str) -> None:
    """Write ``target`` as :func:`atomic_write` does, in the folder ``folder`` is a descriptor of.

    There ``target`` is a name, and the file is made and renamed in that
    folder wherever a path to it now leads; with no folder (None), ``target``
    is a path.  Errors name ``name``.  A link at ``target`` is never followed.
    """
    try:
        mode: int | None = os.stat(target, dir_fd=folder, follow_symlinks=False).st_mode
    except FileNotFoundError:
        mode = None
    except (OSError, ValueError) as error:
        raise _write_error(error, name) from error
    if mode is not None and not stat.S_ISREG(mode):
        raise WriteError(None, "not a regular file", name)
    # The new file's name is known before the file is made, so that whenever
    # an exception lands (Ctrl-C may land between any two steps) the file the
    # name points to is removed.  Not tempfile.mkstemp: it makes files only
    # their owner can read, which a new page would then keep.
    temporary = _name_beside(target)
    try:
        while True:
            try:
                descriptor = os.open(temporary, _NEW_FILE, 0o666, dir_fd=folder)
                break
            except FileExistsError:
                temporary = _name_beside(target)
        with open(descriptor, "wb") as file:
            for chunk in chunks:
                file.write(chunk)
            file.flush()
            os.fsync(file.fileno())
        if mode is not None:
            os.chmod(temporary, stat.S_IMODE(mode), dir_fd=folder)
        os.replace(temporary, target, src_dir_fd=folder, dst_dir_fd=folder)
        _sync_folder(folder, target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.remove(temporary, dir_fd=folder)
        if isinstance(error, OSError) and not isinstance(error, NewsdocError):
            raise _write_error(error, name) from error
        raise


def _sync_folder(folder: int | None, target: str) -> None:
    """Flush to disk, where the system lets it, the folder whose entry now names the new
    file: the one ``folder`` is a descriptor of, or else the folder of the path ``target``.

    The new file has taken the old one's place by then, so nothing here
    fails the write: a folder that may be written but not read, or a file
    system that cannot flush a folder, keeps the entry as it keeps any other.
    """
    with contextlib.suppress(OSError):
        if folder is not None:
            os.fsync(folder)
            return
        descriptor = os.open(os.path.dirname(target) or ".", _FOLDER)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


@contextlib.contextmanager
def folder_below(root: str, parts: Iterable[str]) -> Iterator[int]:
    """A descriptor of the folder ``root/part/part...``, each part made when missing.

    Each part is opened from the folder before it, never followed when it is
    a link, so that what is written in the folder stays below ``root`` even
    if a link takes a part's place meanwhile.  ``root`` itself is followed.

    :raises WriteError: when a part is a link (``errno.ELOOP``, naming the
        link), is not a plain name, or cannot be made or opened; or when the
        system cannot name files relative to a folder (``errno.ENOTSUP``).
    """
    if not _BY_FOLDER.issubset(os.supports_dir_fd):
        raise WriteError(
            errno.ENOTSUP, "this system cannot write below a folder without following links", root
        )
    try:
        descriptor = os.open(root, _FOLDER)
    except (OSError, ValueError) as error:
        raise _write_error(error, root) from error
    try:
        path = root
        for part in parts:
            path = os.path.join(path, part)
            if part in ("", os.curdir, os.pardir) or os.sep in part:
                raise WriteError(errno.EINVAL, "not a name of a folder below it", path)
            try:
                with contextlib.suppress(FileExistsError):
                    os.mkdir(part, dir_fd=descriptor)
                inner = os.open(part, _FOLDER | os.O_NOFOLLOW, dir_fd=descriptor)
            except (OSError, ValueError) as error:
                if _is_link(part, descriptor):
                    raise WriteError(errno.ELOOP, "a link, not followed", path) from error
                raise _write_error(error, path) from error
            os.close(descriptor)
            descriptor = inner
        yield descriptor
    finally:
        os.close(descriptor)


def _is_link(name: str, folder: int) -> bool:
    try:
        return stat.S_ISLNK(os.stat(name, dir_fd=folder, follow_symlinks=False).st_mode)
    except (OSError, ValueError):
        return False


def _name_beside(target: str) -> str:
    return os.path.join(os.path.dirname(target), f".newsdoc-{os.urandom(8).hex()}.tmp")


def _write_error(error: OSError | ValueError, name: str) -> WriteError:
    if isinstance(error, OSError):
        return WriteError(error.errno, error.strerror, name)
    return WriteError(errno.EINVAL, f"not a usable path ({error})", name)
