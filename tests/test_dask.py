"""Pages read with Dask, as docs/howto/dask.md does it, on worker processes.

One run of the pipeline over a folder of generated pages (and a page that
cannot be read) writes Parquet and JSON Lines; the tests check what it wrote
against what each page was made from and against plain ``load_many``.
"""

from __future__ import annotations

import glob
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import dask
import dask.bag as db
import dask.dataframe as dd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import newsdoc
from newsdoc import Failure, Record

CAPTURED = date(2026, 5, 4)
PAGES = 30
BROKEN = "b/story-13-draft.txt"
PARTITIONS = 4
WORKERS = 2

# The pipeline, as the how-to writes it.

COLUMNS: dict[str, Any] = {
    "source": "string",
    "title": "string",
    "sections": object,
    "dateline": "string",
    "published": "string",
    "points": object,
    "body": "string",
}
SCHEMA = pa.schema(
    [
        ("source", pa.string()),
        ("title", pa.string()),
        ("sections", pa.list_(pa.string())),
        ("dateline", pa.string()),
        ("published", pa.string()),
        ("points", pa.list_(pa.string())),
        ("body", pa.string()),
    ]
)


def read_page(path: str, captured: date) -> Record | Failure:
    try:
        article = newsdoc.load(path)
    except newsdoc.NewsdocError as error:
        return Failure(source=path, error=error)
    return Record(article=article, source=path, captured=captured)


def row(item: Record | Failure) -> dict[str, Any]:
    if isinstance(item, Failure):
        message = str(item.error).partition("\n")[0]
        return dict(dict.fromkeys(COLUMNS), source=item.source, error=message)
    article = item.article
    crumbs = article.breadcrumb.segments if article.breadcrumb else ()
    resolved = item.publication_date()
    return {
        "source": item.source,
        "title": article.title,
        "sections": list(crumbs[1:-1]),
        "dateline": article.dateline.text if article.dateline else None,
        "published": resolved.value.isoformat() if resolved else None,
        "points": list(article.summary.points) if article.summary else [],
        "body": "\n".join(article.body),
        "error": None,
    }


def write_partition(items: list[Record | Failure], path: Path) -> list[Failure]:
    newsdoc.dump_jsonl([item for item in items if isinstance(item, Record)], path)
    return [item for item in items if isinstance(item, Failure)]


def tables(
    paths: list[str], read: Callable[[str, date], Record | Failure] = read_page
) -> tuple[db.Bag, dd.DataFrame, dd.DataFrame]:
    """The bag of records and failures, the table of articles, and the table of failures."""
    items = db.from_sequence(paths, npartitions=PARTITIONS).map(read, captured=CAPTURED)
    dtypes = {**COLUMNS, "error": "string"}
    table = items.map(row).to_dataframe(meta=pd.DataFrame(columns=list(dtypes)).astype(dtypes))
    articles = table[table.error.isna()][list(COLUMNS)]
    failures = table[~table.error.isna()][["source", "error"]]
    return items, articles, failures


# The pages, and what each was made from.

DATELINES: list[tuple[str | None, str | None]] = [
    ("2 May", "2026-05-02"),
    ("31 Dec", "2025-12-31"),  # the last 31 December before the capture
    ("May 1, 2026, 9:30 AM (ET)", "2026-05-01T09:30:00-04:00"),
    ("Breaking news", None),  # states no date
    ("3 days ago", "2026-05-01"),
    (None, None),
]
SECTIONS = [[], ["Local"], ["World", "Europe"], ["Science", "Space", "Comets"]]


@dataclass(frozen=True)
class Made:
    """What a page was made from: the row its article should become."""

    name: str
    text: str
    row: dict[str, Any]


def made(number: int) -> Made:
    title = f"Harbour Report Number {number}"
    sections = SECTIONS[number % 4] if number % 5 else []
    dateline, published = DATELINES[number % 6]
    points = [f"Point {k} of report {number}" for k in range(number % 4)]
    body = [f"Paragraph {k} of report {number}." for k in range(number % 3)]
    bullet = "- " if number % 2 else "  \u2022 "
    lines = [" / ".join(["Home", *sections, title])] if number % 5 else []
    lines += [title, *([dateline] if dateline else [])]
    lines += ["Summary", *(bullet + point for point in points)] if points else []
    lines += ["", *body] if body else []
    newline = "\r\n" if number % 7 == 3 else "\n"
    text = newline.join(lines) + (newline if number % 2 else "")
    name = f"{'abc'[number % 3]}/story-{number:02}.txt"
    return Made(
        name=name,
        text=text,
        row={
            "title": title,
            "sections": sections,
            "dateline": dateline,
            "published": published,
            "points": points,
            "body": "\n".join(body),
        },
    )


@dataclass(frozen=True)
class Run:
    folder: Path
    paths: list[str]
    made: dict[str, Made]
    articles: pd.DataFrame
    failures: pd.DataFrame
    parquet: Path
    jsonl: Path
    jsonl_failures: list[Failure]
    meta_dtypes: dict[str, Any]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """The pipeline, run once on worker processes, writing both outputs."""
    base = tmp_path_factory.mktemp("dask")
    folder = base / "pages"
    pages = {page.name: page for page in map(made, range(PAGES))}
    pages[BROKEN] = Made(name=BROKEN, text="Summary\n- A page without a title", row={})
    by_path = {}
    for name, page in pages.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(page.text.encode("utf-8"))
        by_path[str(path)] = page
    paths = sorted(glob.glob(str(folder / "**" / "*.txt"), recursive=True))

    items, articles, failures = tables(paths)
    parquet = base / "articles"
    written = articles.to_parquet(
        parquet,
        schema=SCHEMA,
        write_index=False,
        name_function=lambda number: f"part-{number:05}.parquet",
        compute=False,
    )
    _, failed, computed = dask.compute(
        written, failures, articles, scheduler="processes", num_workers=WORKERS
    )

    jsonl = base / "records"
    jsonl.mkdir()
    tasks = [
        dask.delayed(write_partition)(partition, jsonl / f"part-{number:05}.jsonl")
        for number, partition in enumerate(items.to_delayed())
    ]
    parts = dask.compute(*tasks, scheduler="processes", num_workers=WORKERS)
    return Run(
        folder=folder,
        paths=paths,
        made=by_path,
        articles=computed,
        failures=failed,
        parquet=parquet,
        jsonl=jsonl,
        jsonl_failures=[failure for part in parts for failure in part],
        meta_dtypes=dict(articles.dtypes),
    )


def _read_by_load_many(run: Run) -> list[Record | Failure]:
    """What ``load_many`` reads from the same folder, captured as the pipeline captures."""
    return [
        attrs.evolve(item, captured=CAPTURED) if isinstance(item, Record) else item
        for item in newsdoc.load_many(run.folder)
    ]


def _plain_rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of a frame as plain values: lists for arrays, None for missing."""

    def plain(value: Any) -> Any:
        if isinstance(value, (list, np.ndarray)):
            return [str(part) for part in value]
        return None if value is pd.NA else value

    return [{key: plain(value) for key, value in row.items()} for row in frame.to_dict("records")]


def _failure_summary(failures: Iterable[Failure]) -> list[tuple[str, str, str]]:
    return [(f.source, type(f.error).__name__, str(f.error)) for f in failures]


# The tests.


def test_every_page_is_one_row_in_input_order_or_one_reported_failure(run: Run) -> None:
    assert len(run.paths) == PAGES + 1
    rows = list(run.articles["source"])
    reported = list(run.failures["source"])
    assert reported == [str(run.folder / BROKEN)]
    assert rows == [path for path in run.paths if path not in reported]
    assert run.failures["error"].tolist() == [
        "line 1, column 1: expected the title line (a line that is no heading line at column 1), "
        "found 'Summary' [missing-title]"
    ]


def test_each_row_holds_what_its_page_was_made_from(run: Run) -> None:
    for got in _plain_rows(run.articles):
        expected = run.made[got.pop("source")].row
        assert got == expected


def test_the_columns_are_flat_with_the_dtypes_the_table_promises(run: Run) -> None:
    columns = ["source", "title", "sections", "dateline", "published", "points", "body"]
    expected = {name: pd.StringDtype() for name in columns}
    expected.update(sections=np.dtype(object), points=np.dtype(object))
    assert run.meta_dtypes == expected
    assert list(run.articles.columns) == columns
    assert dict(run.articles.dtypes) == expected
    # Lists, not their repr, as Dask's conversion of object columns would make them.
    for column in ("sections", "points"):
        assert all(type(value) is list for value in run.articles[column])
        assert all(type(part) is str for value in run.articles[column] for part in value)
    assert run.articles["sections"].map(len).max() == 3


def test_the_parquet_files_read_back_equal_in_page_order(run: Run) -> None:
    files = sorted(run.parquet.iterdir())
    assert [file.name for file in files] == [f"part-{n:05}.parquet" for n in range(PARTITIONS)]
    for file in files:
        assert pq.read_schema(file).remove_metadata() == SCHEMA
    back = pd.read_parquet(run.parquet)
    assert dict(back.dtypes) == dict(run.articles.dtypes)
    assert _plain_rows(back) == _plain_rows(run.articles)
    assert pq.read_table(run.parquet).to_pylist() == _plain_rows(run.articles)


def test_the_table_is_what_the_same_rows_of_load_many_make(run: Run) -> None:
    plain = _read_by_load_many(run)
    expected = [row(item) for item in plain if isinstance(item, Record)]
    for line in expected:
        del line["error"]
    assert _plain_rows(run.articles) == expected
    assert run.failures["source"].tolist() == [
        item.source for item in plain if isinstance(item, Failure)
    ]


def test_the_json_lines_read_back_as_the_records_of_load_many(run: Run) -> None:
    files = sorted(run.jsonl.iterdir())
    assert len(files) == PARTITIONS
    records = [record for file in files for record in newsdoc.load_jsonl(file)]
    plain = _read_by_load_many(run)
    assert records == [item for item in plain if isinstance(item, Record)]
    assert _failure_summary(run.jsonl_failures) == _failure_summary(
        item for item in plain if isinstance(item, Failure)
    )
    for record in records:
        assert record.source is not None
        assert newsdoc.dumps(record.article) == run.made[record.source].text


def test_a_failure_crosses_from_a_worker_with_its_error_whole(run: Run) -> None:
    (failure,) = run.jsonl_failures
    assert isinstance(failure.error, newsdoc.ParseError)
    assert (failure.error.line, failure.error.column, failure.error.code) == (
        1,
        1,
        "missing-title",
    )


def test_the_table_and_the_failures_computed_together_read_each_page_once(
    tmp_path: Path,
) -> None:
    for number in range(6):
        (tmp_path / f"{number}.txt").write_text(made(number).text, encoding="utf-8")
    (tmp_path / "9.txt").write_text("", encoding="utf-8")
    paths = sorted(str(path) for path in tmp_path.glob("*.txt"))
    read: list[str] = []

    def counted(path: str, captured: date) -> Record | Failure:
        read.append(path)
        return read_page(path, captured)

    _, articles, failures = tables(paths, counted)
    table, failed = dask.compute(articles, failures, scheduler="synchronous")
    assert sorted(read) == paths
    assert len(table) == 6
    assert len(failed) == 1
