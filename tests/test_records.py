"""Records, and load_many: many pages read in order, a bad one in its place."""

from __future__ import annotations

import contextlib
import errno
import os
import pickle
import signal
import tempfile
from collections.abc import Iterator
from concurrent.futures.process import BrokenProcessPool
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import newsdoc
from newsdoc import Article, Dateline, Failure, Record, load_many, strategies
from newsdoc._records import in_order

from support import examples, worker_processes

PAGE = (
    "Home / Travel / Night trains return\nNight trains return\n2 Mar\n\nThe first ran on Friday."
)


def _folder(tmp_path: Path, pages: dict[str, str]) -> Path:
    for name, text in pages.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    return tmp_path


def _summary(items: list[Record | Failure]) -> list[tuple[str, str]]:
    return [
        (Path(item.source or "").name, type(item).__name__ if isinstance(item, Failure) else "ok")
        for item in items
    ]


def test_a_folder_is_read_below_in_sorted_order_and_a_bad_page_takes_its_place(
    tmp_path: Path,
) -> None:
    folder = _folder(
        tmp_path,
        {
            "b.txt": PAGE,
            "a/c.txt": "",  # an empty page: a parse error
            "a/b.txt": PAGE,
            "a/notes.md": "not a page",
            "c.txt": PAGE.replace("\n", "\r\n"),
        },
    )
    items = list(load_many(folder))
    assert [item.source for item in items] == [
        str(folder / "a" / "b.txt"),
        str(folder / "a" / "c.txt"),
        str(folder / "b.txt"),
        str(folder / "c.txt"),
    ]
    assert _summary(items) == [
        ("b.txt", "ok"),
        ("c.txt", "Failure"),
        ("b.txt", "ok"),
        ("c.txt", "ok"),
    ]
    failure = items[1]
    assert isinstance(failure, Failure)
    assert isinstance(failure.error, newsdoc.ParseError)
    assert failure.error.code == "empty-page"
    last = items[3]
    assert isinstance(last, Record)
    assert newsdoc.dumps(last.article) == PAGE.replace("\n", "\r\n")


def test_sources_keep_their_order_and_a_missing_file_is_a_failure(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"one.txt": PAGE, "two.txt": PAGE, "deep/x.page": PAGE})
    items = list(load_many([folder / "two.txt", str(folder / "missing.txt"), folder / "one.txt"]))
    assert _summary(items) == [("two.txt", "ok"), ("missing.txt", "Failure"), ("one.txt", "ok")]
    assert isinstance(items[1], Failure)
    assert isinstance(items[1].error, newsdoc.ReadError)
    assert [item.source for item in load_many(folder, pattern="*.page")] == [
        str(folder / "deep" / "x.page")
    ]
    assert len(list(load_many(str(folder / "**" / "*.txt")))) == 2


def test_nothing_is_read_until_asked_for(tmp_path: Path) -> None:
    items = load_many(tmp_path)
    (tmp_path / "late.txt").write_text(PAGE)
    assert _summary(list(items)) == [("late.txt", "ok")]


def test_arguments_are_refused_when_called_not_when_read(tmp_path: Path) -> None:
    with pytest.raises(newsdoc.ValidationError):
        load_many(tmp_path, jobs=0)
    with pytest.raises(newsdoc.UnknownFormatError):
        load_many(tmp_path, format="no-such-format")
    with pytest.raises(newsdoc.ValidationError):
        load_many(tmp_path, dialect="no-such-dialect")
    with pytest.raises(newsdoc.FieldTypeError, match="paths"):
        load_many(5)  # type: ignore[arg-type]


# in_order keeps a single batch of files in this process: this many start workers.
MORE_THAN_A_BATCH = 40


@settings(max_examples=examples(0.05))
@given(
    st.lists(
        strategies.pages().map(lambda page: page[0]) | st.text(max_size=30),
        min_size=1,
        max_size=12,
    )
)
def test_workers_give_what_one_process_gives_in_the_same_order(drawn: list[str]) -> None:
    texts = [drawn[n % len(drawn)] for n in range(MORE_THAN_A_BATCH)]
    with tempfile.TemporaryDirectory() as name:
        folder = _folder(Path(name), {f"{n:03}.txt": text for n, text in enumerate(texts)})
        alone = list(load_many(folder, strict=False))
        with worker_processes() as workers:
            together = list(load_many(folder, strict=False, jobs=2))
    assert workers
    assert os.getpid() not in workers
    assert together == alone
    assert all(isinstance(item, Record) for item in alone)
    assert [newsdoc.dumps(item.article) for item in alone] == texts  # type: ignore[union-attr]


def test_a_failure_crosses_from_a_worker_whole(tmp_path: Path) -> None:
    goods = {f"good-{n:03}.txt": PAGE for n in range(MORE_THAN_A_BATCH)}
    folder = _folder(tmp_path, {**goods, "last-bad.txt": "Summary\n- a point"})
    with worker_processes() as workers:
        *read, bad = list(load_many(folder, jobs=2))
    assert workers
    assert os.getpid() not in workers
    assert isinstance(bad, Failure)
    assert bad.source == str(folder / "last-bad.txt")
    assert isinstance(bad.error, newsdoc.ParseError)
    assert (bad.error.line, bad.error.column, bad.error.code) == (1, 1, "missing-title")
    assert bad.error.snippet == newsdoc.ParseError(bad.error.defect, "Summary").snippet
    assert all(isinstance(item, Record) for item in read)


@pytest.mark.skipif(not hasattr(signal, "SIGTERM"), reason="no SIGTERM here")
def test_sigterm_ends_a_worker_whatever_handler_the_program_has() -> None:
    handled: list[int] = []
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: handled.append(signum))
    try:
        # Each worker sends itself SIGTERM: the program's handler must not run
        # there, nor the signal wait, as a pool that breaks ends its workers so.
        with pytest.raises(BrokenProcessPool):
            list(in_order(signal.raise_signal, [signal.SIGTERM] * 100, jobs=2))
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert handled == []


def test_a_record_dates_its_article_from_when_it_was_captured() -> None:
    article = Article(title="Ferries resume", dateline=Dateline(text="31 Dec"))
    record = Record(
        article=article, source="https://example.org/ferries", captured=date(2027, 1, 2)
    )
    resolved = record.publication_date()
    assert resolved is not None
    assert resolved.value == date(2026, 12, 31)
    assert Record(article=article).publication_date() is None


def test_a_record_wants_an_aware_moment_or_a_day() -> None:
    article = Article(title="T")
    with pytest.raises(newsdoc.ValidationError, match="aware"):
        Record(article=article, captured=datetime(2026, 1, 2, 8, 0))
    aware = Record(article=article, captured=datetime(2026, 1, 2, 8, 0, tzinfo=timezone.utc))
    assert aware.captured is not None
    with pytest.raises(newsdoc.FieldTypeError):
        Record(article=article, captured="2026-01-02")  # type: ignore[arg-type]


def test_records_and_failures_pickle() -> None:
    record = Record(article=newsdoc.loads(PAGE), source="a.txt", captured=date(2026, 3, 3))
    failure = Failure(source="b.txt", error=newsdoc.ReadError(2, "No such file", "b.txt"))
    assert pickle.loads(pickle.dumps(record)) == record
    copy = pickle.loads(pickle.dumps(failure))
    assert copy.source == "b.txt"
    assert str(copy.error) == str(failure.error)


def test_a_zoned_capture_time_is_kept_at_the_offset_it_had() -> None:
    from zoneinfo import ZoneInfo

    zoned = datetime(2026, 3, 29, 2, 30, tzinfo=ZoneInfo("Europe/Paris"))  # in the spring gap
    record = Record(article=Article(title="T"), captured=zoned)
    assert isinstance(record.captured, datetime)
    assert record.captured.utcoffset() == zoned.utcoffset()
    assert record.captured.isoformat() == zoned.isoformat()


def test_a_format_that_cannot_reach_the_workers_is_refused_when_called(tmp_path: Path) -> None:
    class LocalFormat:  # a class inside a function does not pickle
        name = "local"

        def sniff(self, text: str) -> float:
            return 0.0

        def parse(self, text: str, *, strict: bool = True) -> Article:
            return Article(title=text)

        def dump(self, article: Article) -> str:
            return article.title

    with pytest.raises(newsdoc.FieldTypeError, match="does not pickle"):
        load_many(tmp_path, format=LocalFormat(), jobs=2)
    assert list(load_many(tmp_path, format=LocalFormat())) == []


def test_the_page_format_object_reaches_workers_as_the_page_format(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {f"p{n}.txt": PAGE for n in range(40)})
    page_format = newsdoc.get_format("page")
    items = list(load_many(folder, format=page_format, jobs=2))
    assert [type(item) for item in items] == [Record] * 40


def test_globs_do_not_follow_links_to_folders(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"in/a.txt": PAGE, "in/sub/b.txt": PAGE})
    for name in ("loop-one", "loop-two"):
        (folder / "in" / name).symlink_to(folder / "in")
    found = [Path(item.source).relative_to(folder).as_posix() for item in load_many(
        str(folder / "in" / "**" / "*.txt")
    )]  # fmt: skip
    assert found == ["in/a.txt", "in/sub/b.txt"]
    assert [item.source for item in load_many(str(folder / "in" / "*"))] == [
        str(folder / "in" / "a.txt"),
        str(folder / "in" / "sub" / "b.txt"),
    ]


def test_a_glob_no_folder_can_hold_matches_nothing() -> None:
    assert list(load_many("pages\0/*.txt")) == []


# -- what the walk cannot look into --------------------------------------------------------


def _unlistable(monkeypatch: pytest.MonkeyPatch, *folders: Path) -> None:
    """Make listing ``folders`` fail as a folder without permission does (root may list any)."""
    scandir = os.scandir
    refused = {str(folder) for folder in folders}

    def listing(path: str) -> Any:
        if str(path) in refused:
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return scandir(path)

    monkeypatch.setattr(os, "scandir", listing)


def test_a_folder_that_cannot_be_listed_is_a_failure_in_its_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _folder(tmp_path, {"a.txt": PAGE, "b/c.txt": PAGE, "d.txt": PAGE})
    _unlistable(monkeypatch, folder / "b")
    items = list(load_many(folder))
    assert _summary(items) == [("a.txt", "ok"), ("b", "Failure"), ("d.txt", "ok")]
    failure = items[1]
    assert isinstance(failure, Failure)
    assert failure.source == str(folder / "b")
    assert isinstance(failure.error, newsdoc.ReadError)
    assert failure.error.errno == errno.EACCES
    assert "cannot be listed: Permission denied" in str(failure.error)


def test_a_folder_or_a_globs_folder_that_cannot_be_listed_is_a_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _folder(tmp_path, {"in/a.txt": PAGE, "in/sub/b.txt": PAGE})
    _unlistable(monkeypatch, folder / "in", folder / "in" / "sub")
    for source in (folder / "in", str(folder / "in" / "*.txt"), str(folder / "*" / "*.txt")):
        items = list(load_many(source))
        assert [type(item) for item in items] == [Failure], source
        assert items[0].source == str(folder / "in")
    monkeypatch.undo()
    _unlistable(monkeypatch, folder / "in" / "sub")
    items = list(load_many(str(folder / "in" / "*" / "*.txt")))
    assert [(item.source, type(item)) for item in items] == [(str(folder / "in" / "sub"), Failure)]
    # A glob whose folder is not there matches nothing, as the shell's does.
    assert list(load_many(str(folder / "missing" / "*.txt"))) == []


def test_a_link_that_loops_is_a_failure_as_a_dangling_link_is(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"page.txt": PAGE, "sub/inner.txt": PAGE})
    (folder / "loop-a.txt").symlink_to(folder / "loop-b.txt")
    (folder / "loop-b.txt").symlink_to(folder / "loop-a.txt")
    (folder / "gone.txt").symlink_to(folder / "missing.txt")
    (folder / "linked.txt").symlink_to(folder / "page.txt")
    (folder / "sub-link").symlink_to(folder / "sub")  # a link to a folder is not followed
    items = list(load_many(folder))
    assert _summary(items) == [
        ("gone.txt", "Failure"),
        ("linked.txt", "ok"),
        ("loop-a.txt", "Failure"),
        ("loop-b.txt", "Failure"),
        ("page.txt", "ok"),
        ("inner.txt", "ok"),
    ]
    reasons = [getattr(item.error, "errno", None) for item in items if isinstance(item, Failure)]
    assert reasons == [errno.ENOENT, errno.ELOOP, errno.ELOOP]


class _Untellable:
    """An entry whose kind cannot be looked up, as in a folder one may read but not search."""

    def __init__(self, folder: str, name: str) -> None:
        self.name = name
        self.path = os.path.join(folder, name)

    def is_dir(self, *, follow_symlinks: bool = True) -> bool:
        raise PermissionError(errno.EACCES, "Permission denied", self.path)


def test_an_entry_whose_kind_cannot_be_told_is_a_failure_whatever_its_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _folder(tmp_path, {"page.txt": PAGE})
    scandir = os.scandir

    @contextlib.contextmanager
    def listing(path: str) -> Iterator[list[Any]]:
        with scandir(path) as entries:
            yield [*entries, _Untellable(path, "notes")]

    monkeypatch.setattr(os, "scandir", listing)
    items = list(load_many(folder))
    assert _summary(items) == [("notes", "Failure"), ("page.txt", "ok")]
    assert "cannot tell a file from a folder" in str(items[0].error)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("max_bytes", "error"),
    [("x", newsdoc.FieldTypeError), (True, newsdoc.FieldTypeError), (-1, newsdoc.ValidationError)],
)
def test_max_bytes_is_refused_when_called_not_once_a_file_is_read(
    tmp_path: Path, max_bytes: Any, error: type[Exception]
) -> None:
    _folder(tmp_path, {"a.txt": PAGE})
    with pytest.raises(error, match="max_bytes"):
        load_many(tmp_path, max_bytes=max_bytes)


def test_a_json_lines_file_is_read_record_by_record_a_bad_line_in_its_place(
    tmp_path: Path,
) -> None:
    records = [
        Record(article=Article(title=f"Tram line {n} opens"), source=f"pages/{n}.txt")
        for n in range(20)  # more than a batch: the workers read them
    ]
    path = tmp_path / "pages.jsonl"
    newsdoc.dump_jsonl(records, path)
    first, *rest = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(b"".join([first, b"\n{not json}\n", *rest]))
    _folder(tmp_path, {"b.txt": PAGE})
    for jobs in (1, 2):
        items = list(load_many([path, tmp_path / "b.txt"], jobs=jobs))
        assert [item for item in items if isinstance(item, Record)][:-1] == records
        bad = items[1]
        assert isinstance(bad, Failure)
        assert bad.source == str(path)
        assert isinstance(bad.error, newsdoc.ParseError)
        assert (bad.error.line, bad.error.code) == (3, "invalid-record")
        assert items[-1] == Record(article=newsdoc.loads(PAGE), source=str(tmp_path / "b.txt"))
