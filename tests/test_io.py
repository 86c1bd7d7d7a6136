"""Files: bytes in, bytes out, UTF-8 and nothing translated, nothing half-written."""

from __future__ import annotations

import errno
import io
import os
import re
import stat
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import newsdoc
from newsdoc._errors import ReadError, WriteError
from newsdoc._io import atomic_write, folder_below, write_whole

PAGE = "Storm closes ports\r\n4 Feb\r\n\r\nWinds reached 120 km/h.\n"
OLD = b"Old page\nkept whole\n"


def test_load_reads_a_path_without_translating_line_endings(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_bytes(PAGE.encode("utf-8"))
    assert newsdoc.load(path) == newsdoc.loads(PAGE)
    assert newsdoc.load(str(path)) == newsdoc.loads(PAGE)


def test_dump_writes_exactly_the_text_of_dumps_as_utf8(tmp_path: Path) -> None:
    article = newsdoc.loads(PAGE + "\u00e9t\u00e9 \U0001f30a")
    path = tmp_path / "out.txt"
    newsdoc.dump(article, path)
    assert path.read_bytes() == newsdoc.dumps(article).encode("utf-8")


def test_a_bom_is_kept_and_written_back() -> None:
    data = b"\xef\xbb\xbfStorm closes ports"
    article = newsdoc.load(io.BytesIO(data))
    assert article.title == "Storm closes ports"
    out = io.BytesIO()
    newsdoc.dump(article, out)
    assert out.getvalue() == data


def test_a_lone_surrogate_cannot_be_dumped_as_utf8() -> None:
    article = newsdoc.loads("Storm \udcff closes ports")
    with pytest.raises(newsdoc.SerializeError, match="offset 6"):
        newsdoc.dump(article, io.BytesIO())


# -- what load accepts ------------------------------------------------------------


def test_load_refuses_a_text_mode_file(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_text("Storm closes ports", encoding="utf-8")
    with path.open(encoding="utf-8") as file, pytest.raises(newsdoc.FieldTypeError, match="'rb'"):
        newsdoc.load(file)  # type: ignore[arg-type]


@pytest.mark.parametrize("source", [3, None, b"Storm closes ports", ["page.txt"]])
def test_load_refuses_what_is_neither_a_path_nor_a_file(source: object) -> None:
    with pytest.raises(newsdoc.FieldTypeError, match=r"path \(str or os.PathLike\) or a file"):
        newsdoc.load(source)  # type: ignore[arg-type]


def test_a_missing_file_is_a_read_error_that_is_still_an_os_error(tmp_path: Path) -> None:
    path = tmp_path / "missing.txt"
    with pytest.raises(ReadError) as caught:
        newsdoc.load(path)
    error = caught.value
    assert isinstance(error, OSError)
    assert isinstance(error, newsdoc.NewsdocError)
    assert (error.errno, error.filename) == (errno.ENOENT, str(path))
    assert isinstance(error.__cause__, FileNotFoundError)
    assert str(error).startswith(f"cannot read {str(path)!r}: ")


def test_a_directory_is_a_read_error(tmp_path: Path) -> None:
    with pytest.raises(ReadError) as caught:
        newsdoc.load(tmp_path)
    assert caught.value.filename == str(tmp_path)


def test_a_path_with_a_nul_character_is_a_read_error() -> None:
    with pytest.raises(ReadError) as caught:
        newsdoc.load("page\x00.txt")
    assert caught.value.errno == errno.EINVAL


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_at_once_rather_than_waited_on(tmp_path: Path) -> None:
    path = tmp_path / "pipe"
    os.mkfifo(path)
    outcome: list[BaseException] = []

    def read() -> None:
        try:
            newsdoc.load(path)
        except BaseException as error:  # handed to the test's thread
            outcome.append(error)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout=10)
    assert not reader.is_alive(), "load() waited for a writer"
    assert len(outcome) == 1
    assert isinstance(outcome[0], ReadError)
    assert "not a regular file" in str(outcome[0])


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero here")
def test_a_device_is_refused_rather_than_read_without_end() -> None:
    with pytest.raises(ReadError, match="not a regular file"):
        newsdoc.load("/dev/zero")


def test_a_file_larger_than_max_bytes_is_refused_after_max_bytes_plus_one(tmp_path: Path) -> None:
    file = io.BytesIO(b"Storm closes ports" + b"x" * 1000)
    with pytest.raises(ReadError) as caught:
        newsdoc.load(file, max_bytes=100)
    assert caught.value.errno == errno.EFBIG
    assert "max_bytes=100" in str(caught.value)
    assert file.tell() == 101
    path = tmp_path / "page.txt"
    path.write_bytes(b"x" * 101)
    with pytest.raises(ReadError, match="max_bytes=100"):
        newsdoc.load(path, max_bytes=100)


def test_a_file_of_exactly_max_bytes_is_read() -> None:
    assert newsdoc.load(io.BytesIO(b"Storm"), max_bytes=5).title == "Storm"


@pytest.mark.parametrize(
    ("max_bytes", "error"),
    [
        ("64", newsdoc.FieldTypeError),
        (True, newsdoc.FieldTypeError),
        (-1, newsdoc.ValidationError),
    ],
)
def test_max_bytes_is_a_non_negative_int(max_bytes: object, error: type[Exception]) -> None:
    with pytest.raises(error, match="max_bytes"):
        newsdoc.load(io.BytesIO(b"Storm"), max_bytes=max_bytes)  # type: ignore[arg-type]


class Trickle(io.RawIOBase):
    """A raw file that gives one byte a read, as a pipe or socket may."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if not self.data:
            return 0
        buffer[0] = self.data[0]
        self.data = self.data[1:]
        return 1


def test_a_file_that_returns_short_reads_is_read_to_its_end() -> None:
    trickle = Trickle(PAGE.encode("utf-8"))
    assert newsdoc.load(trickle) == newsdoc.loads(PAGE)  # type: ignore[arg-type]


def test_a_closed_file_is_a_read_error() -> None:
    file = io.BytesIO(b"Storm")
    file.close()
    with pytest.raises(ReadError) as caught:
        newsdoc.load(file)
    assert caught.value.errno == errno.EBADF


class Failing(io.RawIOBase):
    """A file whose every read and write fails as a bad disk would."""

    name = "broken.txt"

    def readable(self) -> bool:
        return True

    def writable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        raise OSError(errno.EIO, "Input/output error")

    def write(self, data: object) -> int:
        raise OSError(errno.EIO, "Input/output error")


def test_a_failing_read_is_a_read_error_naming_the_file() -> None:
    with pytest.raises(ReadError) as caught:
        newsdoc.load(Failing())  # type: ignore[arg-type]
    assert (caught.value.errno, caught.value.filename) == (errno.EIO, "broken.txt")
    assert isinstance(caught.value.__cause__, OSError)


# -- where an invalid byte is -----------------------------------------------------


def test_invalid_utf8_names_the_byte_offset() -> None:
    data = "Storm closes ports\n4 F\u00e9b".encode() + b"\xff rest"
    with pytest.raises(newsdoc.ParseError) as caught:
        newsdoc.load(io.BytesIO(data))
    error = caught.value
    assert error.code == "invalid-utf8"
    assert (error.line, error.column) == (2, 6)
    assert f"byte offset {len(data) - 6}" in error.message
    assert "0xff" in error.message


def test_the_column_of_an_invalid_byte_does_not_count_the_bom() -> None:
    with pytest.raises(newsdoc.ParseError) as caught:
        newsdoc.load(io.BytesIO(b"\xef\xbb\xbfStorm\xff"))
    assert (caught.value.line, caught.value.column) == (1, 6)
    assert caught.value.snippet == "   1 | Storm\ufffd\n     |      ^"


def test_an_invalid_byte_in_a_huge_line_gets_a_short_snippet() -> None:
    data = b"x" * 10_000_000 + b"\xff" + b"y" * 10_000_000
    with pytest.raises(newsdoc.ParseError) as caught:
        newsdoc.load(io.BytesIO(data))
    assert caught.value.column == 10_000_001
    assert len(str(caught.value)) < 300


page_text = st.text(st.sampled_from("ab\u00e9\u6771\U0001f30a \t\r\n"), max_size=30)


@given(st.booleans(), page_text, st.integers(0x80, 0xFF))
def test_an_invalid_byte_is_placed_where_the_parser_counts_lines_and_columns(
    bom: bool, before: str, byte: int
) -> None:
    data = ("\ufeff" if bom else "").encode() + before.encode() + bytes([byte])
    with pytest.raises(newsdoc.ParseError) as caught:
        newsdoc.load(io.BytesIO(data))
    lines = re.split("\r\n|\r|\n", before)
    assert (caught.value.line, caught.value.column) == (len(lines), len(lines[-1]) + 1)


# -- writing: all or nothing ------------------------------------------------------


def test_atomic_write_leaves_the_old_file_when_the_chunks_fail_part_way(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_bytes(OLD)

    class Boom(Exception):
        pass

    def chunks() -> Iterator[bytes]:
        yield b"New page, first half\n"
        raise Boom

    with pytest.raises(Boom):
        atomic_write(path, chunks())
    assert path.read_bytes() == OLD
    assert os.listdir(tmp_path) == ["page.txt"]


def test_dump_leaves_the_old_file_when_the_replacement_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "page.txt"
    path.write_bytes(OLD)

    def fail(source: str, target: str, **folders: int | None) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", target)

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(WriteError) as caught:
        newsdoc.dump(newsdoc.loads(PAGE), path)
    assert (caught.value.errno, caught.value.filename) == (errno.EACCES, str(path))
    assert isinstance(caught.value.__cause__, PermissionError)
    assert path.read_bytes() == OLD
    assert os.listdir(tmp_path) == ["page.txt"]


@pytest.mark.parametrize("where", ["path", "below a folder"])
def test_a_write_flushes_the_new_file_then_takes_the_old_ones_place_then_flushes_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(descriptor: int) -> None:
        kind = "folder" if stat.S_ISDIR(os.fstat(descriptor).st_mode) else "file"
        events.append(f"fsync {kind}")
        real_fsync(descriptor)

    def replace(source: str, target: str, **folders: int | None) -> None:
        events.append("replace")
        real_replace(source, target, **folders)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    if where == "path":
        newsdoc.dump(newsdoc.loads(PAGE), tmp_path / "page.txt")
    else:
        with folder_below(str(tmp_path), ["out"]) as folder:
            write_whole(folder, "page.txt", [PAGE.encode()], "out/page.txt")
    assert events == ["fsync file", "replace", "fsync folder"]


@pytest.mark.parametrize("code", [errno.EINVAL, errno.EIO, errno.EACCES])
def test_a_folder_that_cannot_be_flushed_keeps_the_write_it_holds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    """The new file has taken the old one's place when the folder is flushed: a failure
    then (a file system that cannot, a folder that may not be read) fails nothing."""
    real_fsync = os.fsync

    def fsync(descriptor: int) -> None:
        if stat.S_ISDIR(os.fstat(descriptor).st_mode):
            raise OSError(code, os.strerror(code))
        real_fsync(descriptor)

    monkeypatch.setattr(os, "fsync", fsync)
    path = tmp_path / "page.txt"
    path.write_bytes(OLD)
    newsdoc.dump(newsdoc.loads(PAGE), path)
    assert path.read_bytes() == PAGE.encode()
    assert os.listdir(tmp_path) == ["page.txt"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_dump_keeps_the_permissions_of_the_file_it_replaces(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_bytes(OLD)
    path.chmod(0o640)
    newsdoc.dump(newsdoc.loads(PAGE), path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert path.read_bytes() == PAGE.encode("utf-8")


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_dump_creates_a_new_file_as_open_would_under_the_umask(tmp_path: Path) -> None:
    previous = os.umask(0o027)
    try:
        newsdoc.dump(newsdoc.loads(PAGE), tmp_path / "page.txt")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "page.txt").stat().st_mode) == 0o640


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_dump_through_a_symbolic_link_replaces_the_file_it_points_to(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_bytes(OLD)
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    newsdoc.dump(newsdoc.loads(PAGE), link)
    assert link.is_symlink()
    assert real.read_bytes() == PAGE.encode("utf-8")


def test_dump_into_a_missing_folder_is_a_write_error(tmp_path: Path) -> None:
    path = tmp_path / "no such folder" / "page.txt"
    with pytest.raises(WriteError) as caught:
        newsdoc.dump(newsdoc.loads(PAGE), path)
    assert isinstance(caught.value, OSError)
    assert (caught.value.errno, caught.value.filename) == (errno.ENOENT, str(path))
    assert str(caught.value).startswith(f"cannot write {str(path)!r}: ")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_dump_never_replaces_what_is_not_a_regular_file(tmp_path: Path) -> None:
    path = tmp_path / "pipe"
    os.mkfifo(path)
    with pytest.raises(WriteError, match="not a regular file"):
        newsdoc.dump(newsdoc.loads(PAGE), path)
    assert stat.S_ISFIFO(path.stat().st_mode)
    assert os.listdir(tmp_path) == ["pipe"]


@pytest.mark.parametrize("target", [io.StringIO(), 3, None, b"page.txt"])
def test_dump_refuses_what_is_neither_a_path_nor_a_binary_file(target: object) -> None:
    with pytest.raises(newsdoc.FieldTypeError, match=r"'wb'"):
        newsdoc.dump(newsdoc.loads(PAGE), target)  # type: ignore[arg-type]


def test_a_closed_target_file_is_a_write_error() -> None:
    file = io.BytesIO()
    file.close()
    with pytest.raises(WriteError) as caught:
        newsdoc.dump(newsdoc.loads(PAGE), file)
    assert caught.value.errno == errno.EBADF


def test_a_failing_write_is_a_write_error_naming_the_file() -> None:
    with pytest.raises(WriteError) as caught:
        newsdoc.dump(newsdoc.loads(PAGE), Failing())  # type: ignore[arg-type]
    assert (caught.value.errno, caught.value.filename) == (errno.EIO, "broken.txt")
    assert isinstance(caught.value.__cause__, OSError)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_a_folder_below_is_never_entered_through_a_link(tmp_path: Path) -> None:
    (tmp_path / "outside").mkdir()
    (tmp_path / "out" / "a").mkdir(parents=True)
    (tmp_path / "out" / "a" / "b").symlink_to(tmp_path / "outside")
    with pytest.raises(WriteError) as caught, folder_below(str(tmp_path / "out"), ["a", "b"]):
        pass
    assert (caught.value.errno, caught.value.filename) == (
        errno.ELOOP,
        str(tmp_path / "out" / "a" / "b"),
    )
    with folder_below(str(tmp_path / "out"), ["a", "new", "deeper"]) as folder:
        write_whole(folder, "page.txt", [OLD], "page.txt")
    assert (tmp_path / "out" / "a" / "new" / "deeper" / "page.txt").read_bytes() == OLD
    assert list((tmp_path / "outside").iterdir()) == []


@pytest.mark.parametrize("part", ["..", ".", "", "a/b"])
def test_a_folder_below_is_named_by_plain_names_only(tmp_path: Path, part: str) -> None:
    with (
        pytest.raises(WriteError, match="not a name") as caught,
        folder_below(str(tmp_path), [part]),
    ):
        pass
    assert caught.value.errno == errno.EINVAL
    assert os.listdir(tmp_path) == []


def test_a_system_that_cannot_name_files_by_folder_refuses_with_a_write_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "supports_dir_fd", set())
    with (
        pytest.raises(WriteError, match="without following links") as caught,
        folder_below(str(tmp_path), ["a"]),
    ):
        pass
    assert caught.value.errno == errno.ENOTSUP
    assert os.listdir(tmp_path) == []


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_a_write_in_a_folder_never_follows_a_link_at_its_name(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_bytes(OLD)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "page.txt").symlink_to(outside)
    with (
        folder_below(str(tmp_path / "out"), []) as folder,
        pytest.raises(WriteError, match="not a regular file"),
    ):
        write_whole(folder, "page.txt", [PAGE.encode()], "page.txt")
    assert outside.read_bytes() == OLD
    assert os.listdir(tmp_path / "out") == ["page.txt"]


TEXTS = st.lists(st.sampled_from(["a", "é", "\U0001f600", "\ud800", "\n", "\r", "\r\n", " "])).map(
    "".join
)


@given(TEXTS, st.integers(0, 12), st.integers(0, 6))
def test_loads_refuses_a_text_past_its_limits_and_reads_any_other(
    text: str, max_bytes: int, max_lines: int
) -> None:
    size = len(text.encode("utf-8", "surrogatepass"))
    lines = len(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    for limits, past in (
        ({"max_bytes": max_bytes}, size > max_bytes),
        ({"max_lines": max_lines}, lines > max_lines),
    ):
        if past:
            with pytest.raises(newsdoc.ValidationError, match=next(iter(limits))):
                newsdoc.loads(text, strict=False, **limits)
        else:
            assert newsdoc.loads(text, strict=False, **limits) == newsdoc.loads(text, strict=False)


@pytest.mark.parametrize(
    ("limits", "error"),
    [
        ({"max_lines": "64"}, newsdoc.FieldTypeError),
        ({"max_lines": True}, newsdoc.FieldTypeError),
        ({"max_lines": -1}, newsdoc.ValidationError),
        ({"max_bytes": -1}, newsdoc.ValidationError),
        ({"max_bytes": 2.0}, newsdoc.FieldTypeError),
    ],
)
def test_a_limit_is_a_non_negative_int(limits: dict[str, object], error: type[Exception]) -> None:
    with pytest.raises(error, match=next(iter(limits))):
        newsdoc.loads("Storm", **limits)  # type: ignore[arg-type]
    if "max_bytes" in limits:
        with pytest.raises(error, match="max_bytes"):
            newsdoc.load_jsonl(io.BytesIO(b""), **limits)  # type: ignore[arg-type]
    if "max_lines" in limits:
        with pytest.raises(error, match="max_lines"):
            newsdoc.load(io.BytesIO(b"Storm"), **limits)  # type: ignore[arg-type]
        with pytest.raises(error, match="max_lines"):
            newsdoc.load_many([], **limits)  # type: ignore[arg-type]


def test_a_file_of_more_lines_than_max_lines_is_refused_naming_it_and_the_limit(
    tmp_path: Path,
) -> None:
    path = tmp_path / "page.txt"
    path.write_bytes(b"Storm closes ports\r\n4 Feb\r\rWinds eased.")
    assert newsdoc.load(path, max_lines=4).title == "Storm closes ports"
    with pytest.raises(ReadError) as caught:
        newsdoc.load(path, max_lines=3)
    assert caught.value.errno == errno.EFBIG
    assert caught.value.filename == str(path)
    assert "max_lines=3" in str(caught.value)
    (failure,) = newsdoc.load_many(path, max_lines=2)
    assert isinstance(failure, newsdoc.Failure)
    assert isinstance(failure.error, ReadError)
    assert "max_lines=2" in str(failure.error)


def test_a_text_past_a_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    # Strictly, each of these pages fails to read: the limit must speak first.
    text = "Storm\nSummary\n" * 3
    with pytest.raises(newsdoc.ParseError):
        newsdoc.loads(text)
    with pytest.raises(newsdoc.ValidationError, match="max_lines=2"):
        newsdoc.loads(text, max_lines=2)
    with pytest.raises(newsdoc.ValidationError, match="max_bytes=8"):
        newsdoc.loads(text, max_bytes=8)
    path = tmp_path / "page.txt"
    path.write_text(text)
    with pytest.raises(ReadError, match="max_lines=2"):
        newsdoc.load(path, max_lines=2)


@given(st.integers(min_value=0, max_value=300))
def test_a_record_line_past_max_bytes_is_refused_naming_the_file_and_the_limit(
    max_bytes: int,
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "pages.jsonl"
        # A line holding an article's document is read as a record of it.
        short = newsdoc.to_json(newsdoc.Article(title="Storm"))
        long = newsdoc.to_json(newsdoc.Article(title="Storm, " * 20 + "rain"))
        path.write_text(f"{short}\n{long}\n", encoding="utf-8")
        fits = [len(line.encode()) + 1 <= max_bytes for line in (short, long)]
        read: list[object] = []
        try:
            read.extend(newsdoc.load_jsonl(path, max_bytes=max_bytes))
        except ReadError as error:
            assert error.errno == errno.EFBIG
            assert error.filename == str(path)
            assert f"max_bytes={max_bytes}" in str(error)
        assert len(read) == (2 if all(fits) else 1 if fits[0] else 0)
        # Folders of pages hold JSON Lines files too: the same limit holds for their lines.
        items = list(newsdoc.load_many(path, max_bytes=max_bytes))
        assert [isinstance(item, newsdoc.Record) for item in items] == [
            *[True] * len(read),
            *([] if all(fits) else [False]),
        ]
