"""Records, and load_many: many pages read in order, a bad one in its place."""

from __future__ import annotations

import pickle
import signal
from concurrent.futures.process import BrokenProcessPool
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import newsdoc
from newsdoc import Article, Dateline, Failure, Record, load_many, strategies
from newsdoc._records import in_order

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
    with pytest.raises(newsdoc.FieldTypeError):
        load_many(tmp_path, jobs=0)
    with pytest.raises(newsdoc.UnknownFormatError):
        load_many(tmp_path, format="no-such-format")
    with pytest.raises(newsdoc.ValidationError):
        load_many(tmp_path, dialect="no-such-dialect")
    with pytest.raises(newsdoc.FieldTypeError, match="paths"):
        load_many(5)  # type: ignore[arg-type]


@settings(max_examples=5, deadline=None)
@given(st.lists(strategies.pages().map(lambda page: page[0]) | st.text(max_size=30), max_size=12))
def test_workers_give_what_one_process_gives_in_the_same_order(texts: list[str]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as name:
        folder = _folder(Path(name), {f"{n:03}.txt": text for n, text in enumerate(texts)})
        alone = list(load_many(folder, strict=False))
        together = list(load_many(folder, strict=False, jobs=2))
        assert together == alone
        assert all(isinstance(item, Record) for item in alone)
        assert [newsdoc.dumps(item.article) for item in alone] == texts  # type: ignore[union-attr]


def test_a_failure_crosses_from_a_worker_whole(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"bad.txt": "Summary\n- a point", "good.txt": PAGE})
    bad, good = list(load_many(folder, jobs=2))
    assert isinstance(bad, Failure)
    assert isinstance(bad.error, newsdoc.ParseError)
    assert (bad.error.line, bad.error.column, bad.error.code) == (1, 1, "missing-title")
    assert isinstance(good, Record)


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
