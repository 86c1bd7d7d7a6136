"""What the command does to each page, and the loop around it: properties over generated pages."""

from __future__ import annotations

import argparse
import multiprocessing
import os
import pickle
import string
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import newsdoc
from newsdoc import strategies
from newsdoc._batch import (
    Options,
    Page,
    Tally,
    _round_trip,
    check,
    convert,
    dateline_shape,
    facts,
    pages,
)
from newsdoc._formats import PAGE_FORMAT
from newsdoc._grammar import get_dialect
from newsdoc._records import in_order, walk

from support import examples, registries_restored

DEFAULT = Options(strict=True, dialect=None, format=None, max_bytes=1 << 20, max_lines=1 << 20)
LENIENT = DEFAULT._replace(strict=False)

wild_bytes = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=300).map(lambda text: text.encode("utf-8", "surrogatepass")),
    st.lists(st.sampled_from(["Summary", "- a", "", "\r", "Home / A / T", "T", "4 Feb"])).map(
        lambda lines: "\n".join(lines).encode()
    ),
)


@given(strategies.pages())
def test_check_passes_every_page_newsdoc_can_write(page: tuple[str, newsdoc.Article]) -> None:
    text, _ = page
    checked = check(Page("p.txt", None, text.encode("utf-8")), DEFAULT)
    assert checked.failure is None
    assert checked.defects == ()


@given(strategies.dialects().flatmap(lambda d: strategies.pages(d).map(lambda p: (d, p[0]))))
def test_check_passes_pages_of_every_dialect_read_in_that_dialect(
    drawn: tuple[newsdoc.Dialect, str],
) -> None:
    dialect, text = drawn
    options = DEFAULT._replace(dialect=dialect)
    assert check(Page("p.txt", None, text.encode("utf-8")), options).failure is None


@given(wild_bytes)
def test_check_of_any_bytes_gives_a_result_and_lenient_never_fails_on_utf8(data: bytes) -> None:
    strict = check(Page("p.txt", None, data), DEFAULT)
    lenient = check(Page("p.txt", None, data), LENIENT)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        assert strict.failure is not None
        assert strict.failure.code == "invalid-utf8"
        return
    assert lenient.failure is None  # lenient reading is total, and writes back exactly
    if strict.failure is None:
        assert newsdoc.dumps(newsdoc.loads(text)) == text
    else:
        first = newsdoc.loads(text, strict=False).defects[0]
        assert (first.line, first.column, first.code) == strict.failure[:3]


@pytest.mark.parametrize("target", ["json", "jsonl"])
@given(page=strategies.pages())
def test_a_page_converted_to_json_and_back_is_the_same_bytes(
    target: str, page: tuple[str, newsdoc.Article], tmp_path_factory: pytest.TempPathFactory
) -> None:
    text, _ = page
    data = text.encode("utf-8")
    folder = tmp_path_factory.mktemp("converted")
    (folder / "d").mkdir()
    (folder / "d" / "p.txt").write_bytes(data)
    source = Page(str(folder / "d" / "p.txt"), str(folder))
    (name, document), *more = convert(source, DEFAULT, target, None).outputs  # type: ignore[arg-type]
    assert not more
    assert name == f"d/p.{target}"
    path = folder / name
    path.write_bytes(document)
    [listed] = pages([str(path)], "*", iter([]))  # a JSON Lines file lists its record lines
    (back_name, back), *_ = convert(listed, DEFAULT, "page", None).outputs
    assert back == data
    assert back_name.endswith(".txt")


@given(
    pages=st.lists(wild_bytes, max_size=40),
    jobs=st.integers(1, 3),
)
def test_in_order_gives_what_one_process_gives_in_input_order(
    pages: list[bytes], jobs: int
) -> None:
    inputs = [Page(f"p{n}.txt", None, data) for n, data in enumerate(pages)]
    one = [check(page, LENIENT) for page in inputs]
    many = list(in_order(_check_lenient, inputs, jobs=jobs, batch=3))
    assert many == one


def _check_lenient(page: Page) -> object:
    return check(page, LENIENT)


def test_in_order_stops_its_workers_when_closed_early() -> None:
    results = in_order(_check_lenient, (Page(f"{n}", None, b"T") for n in range(10_000)), jobs=2)
    assert next(results).failure is None
    assert multiprocessing.active_children()
    results.close()  # returns once the workers have stopped, without reading the rest
    assert multiprocessing.active_children() == []


def test_the_results_of_tasks_pickle() -> None:
    broken = check(Page("p.txt", None, b"\xff"), DEFAULT)
    found = facts(Page("p.txt", None, b"Home / A / T\nT\n4 Feb"), DEFAULT, None)
    for result in (broken, found):
        assert pickle.loads(pickle.dumps(result)) == result


names = st.text(string.ascii_letters + "._-", min_size=1, max_size=8).filter(
    lambda name: name not in (".", "..")
)


@given(st.sets(st.tuples(names, names), max_size=15))
@settings(max_examples=examples(0.4))
def test_walk_finds_matching_files_sorted_skipping_hidden_names(
    tmp_path_factory: pytest.TempPathFactory, layout: set[tuple[str, str]]
) -> None:
    root = tmp_path_factory.mktemp("walk")
    for folder, name in layout:
        if folder in {n for _, n in layout} or name in {f for f, _ in layout}:
            continue  # a name cannot be a folder and a file at once
        (root / folder).mkdir(exist_ok=True)
        (root / folder / name).write_text("")
    found = [path for path, error in walk(str(root), "*") if error is None]
    expected = sorted(
        str(path)
        for path in root.rglob("*")
        if path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(root).parts)
    )
    assert sorted(found) == expected
    assert found == sorted(found, key=lambda p: Path(p).relative_to(root).parts)


def test_walk_does_not_follow_a_link_back_up(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "p.txt").write_text("")
    os.symlink(tmp_path, tmp_path / "a" / "loop")
    assert list(walk(str(tmp_path), "*.txt")) == [(str(tmp_path / "a" / "p.txt"), None)]


def test_outputs_mirror_the_tree_below_the_folder_the_glob_or_name_the_file(
    tmp_path: Path,
) -> None:
    (tmp_path / "x" / "y").mkdir(parents=True)
    page = tmp_path / "x" / "y" / "p.txt"
    page.write_text("")

    def relative(source: Path) -> list[str]:
        return [listed.relative() for listed in pages([str(source)], "*.txt", iter([]))]

    assert relative(tmp_path) == [os.path.join("x", "y", "p.txt")]
    assert relative(tmp_path / "x" / "*" / "*.txt") == [os.path.join("y", "p.txt")]
    assert relative(tmp_path / "x" / "*") == [os.path.join("y", "p.txt")]
    assert relative(page) == ["p.txt"]


class Excerpt:
    """A page format that owns the ``.exc`` suffix: its pages are one title line."""

    name = "excerpt-by-suffix"
    suffixes = (".exc",)

    def sniff(self, text: str) -> float:
        return 0.0

    def parse(self, text: str, *, strict: bool = True) -> newsdoc.Article:
        return newsdoc.Article(title=text, format=self.name)

    def dump(self, article: newsdoc.Article) -> str:
        return article.title


def test_a_page_output_takes_txt_where_a_format_owns_the_inputs_suffix(tmp_path: Path) -> None:
    for name in ("p.exc", "p.json", "p.txt", "p.page"):
        (tmp_path / name).write_text(
            newsdoc.to_json(newsdoc.Article(title="Ferry")) if name.endswith(".json") else "Ferry"
        )
    with registries_restored():
        newsdoc.register_format(Excerpt())
        named = [
            convert(page, DEFAULT, "page", None).outputs[0][0]
            for page in pages([str(tmp_path)], "p.*", iter([]))
        ]
    # So that load() reads each output back as a page, not in the format of its suffix.
    assert named == ["p.txt", "p.txt", "p.page", "p.txt"]


def test_standard_input_is_read_once_where_it_is_named() -> None:
    contents = iter([b"first", b""])
    found = list(pages(["-", "-"], "*.txt", contents))
    assert [(page.source, page.data) for page in found] == [
        ("<stdin>", b"first"),
        ("<stdin>", b""),
    ]


@pytest.mark.parametrize(
    ("dateline", "shape"),
    [
        ("31 Jul", "day month"),
        ("Jul 31, 2025, 4:05 PM (IST)", "day month year time zone"),
        ("2 hours ago", "relative"),
        ("Breaking", "no date"),
    ],
)
def test_dateline_shapes_name_what_a_dateline_states(dateline: str, shape: str) -> None:
    assert dateline_shape(dateline) == shape


def test_stats_facts_of_a_page_with_a_dateline_resolved_against_the_reference() -> None:
    from datetime import date

    page = Page("p.txt", None, b"Home / Sea / Ferries / T\nT\n4 Feb\nSummary\n- a\n- b\n\nBody.")
    found = facts(page, DEFAULT, date(2026, 3, 1))
    assert found.sections == ("Sea", "Ferries")
    assert found.points == 2
    assert found.dateline == "day month"
    assert found.resolved
    tally = Tally()
    tally.add_facts(found)
    tally.add_facts(facts(Page("q.txt", None, b"\xff"), DEFAULT, None))
    assert (tally.pages, tally.failed, dict(tally.failures)) == (2, 1, {"invalid-utf8": 1})
    assert not facts(page, DEFAULT, None).resolved  # no year from anywhere: not a guess


def test_a_dialect_given_by_name_reads_its_pages() -> None:
    dialect = get_dialect("key-takeaways")
    text = newsdoc.dumps(
        newsdoc.Article(
            title="T",
            summary=newsdoc.Summary(heading="Key takeaways", points=("a",)),
            dialect=dialect,
        )
    )
    assert check(Page("p", None, text.encode()), DEFAULT._replace(dialect=dialect)).failure is None


def test_the_command_offers_every_target_convert_writes() -> None:
    from newsdoc._batch import TARGETS
    from newsdoc._cli import _parser

    commands = next(a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction))
    to = next(a for a in commands.choices["convert"]._actions if a.dest == "to")
    assert list(to.choices or ()) == list(TARGETS)


def test_a_page_that_writes_back_otherwise_is_reported_where_it_differs() -> None:
    article = newsdoc.loads("Title\r4 Feb\r\rFirst.\rSecond.")
    text = "Title\r4 Feb\r\rFirst.\rSecand."
    problem = _round_trip(text.encode(), text, article, PAGE_FORMAT)
    assert problem is not None
    assert problem[:3] == (5, 4, "round-trip")  # CR ends lines, as the reader says
    assert "'and.'" in problem.message
    assert _round_trip(b"T", "T", newsdoc.loads("T"), PAGE_FORMAT) is None


@given(drawn=strategies.dialects().flatmap(lambda d: strategies.pages(d).map(lambda p: (d, p[0]))))
def test_a_page_of_any_dialect_converts_to_json_lines_and_back_to_its_bytes(
    drawn: tuple[newsdoc.Dialect, str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    dialect, text = drawn
    folder = tmp_path_factory.mktemp("dialect")
    (folder / "p.txt").write_bytes(text.encode("utf-8"))
    options = DEFAULT._replace(dialect=dialect)
    [(name, line)] = convert(
        Page(str(folder / "p.txt"), str(folder)), options, "jsonl", None
    ).outputs
    (folder / name).write_bytes(line)
    [record] = pages([str(folder / name)], "*", iter([]))
    [(_, back)] = convert(record, DEFAULT, "page", None).outputs
    assert back == text.encode("utf-8")
