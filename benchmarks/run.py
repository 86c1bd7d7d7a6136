"""Time newsdoc against same-run baselines, and print each ratio beside its target.

Every figure is the median, over rounds, of a ratio: the time of an
operation divided by the time of a baseline measured in the same round,
right before it.  The baseline is most often ``"\\n".join(text.split("\\n"))``
on the same text, the least any line-based reader and writer must do.  A
busy machine slows both sides of a round alike, so the ratio moves far less
than either time.

Growth (ten times the lines against the smaller page, and each shape of
page against the canonical one) is timed with the garbage collector on, as
it runs in programs; the rest with it off, as :mod:`timeit` does.

The ``newsdoc`` command is timed the same way, each run a process of its
own: ``newsdoc check`` on a folder of generated pages against a Python loop
that only reads and decodes them, ``--jobs 2`` against ``--jobs 1``, its
peak memory on ten times the pages, and its start-up.

Rows without a target are shown for information.  The exit status is 0
whatever the verdicts: this reports, it does not gate.

    python benchmarks/run.py            # the table
    python benchmarks/run.py --quick    # a short smoke run: smaller pages, fewer rounds
    python benchmarks/run.py --page-a PAGE --page-b PAGE   # the targets on your own pages
"""

from __future__ import annotations

import argparse
import collections
import itertools
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
import tracemalloc
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from functools import partial
from pathlib import Path
from typing import NamedTuple

import attrs

import newsdoc
from newsdoc._dates import read_parts
from newsdoc._formats import read_page
from newsdoc._grammar import get_dialect
from newsdoc._records import walk

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"

TARGETS = {
    ("rendering A", "loads"): 5.5,
    ("rendering A", "dumps"): 1.0,
    ("rendering B", "loads"): 6.0,
    ("rendering B", "dumps"): 2.5,
}
"""Ratios to the split-and-join floor that a ~2 KB page (A) and rendering B must stay within."""
DICTS_TARGET = 1.5
"""``from_dict(to_dict(a))`` against ``loads(dumps(a))``, on rendering B."""
EXCERPT_TARGET = 1.3
"""The ``dated-excerpt`` format against the page format, on texts of as many lines."""
EXCERPT_LINES = 1_000
"""Lines of the excerpt and of the page it is set against: enough for lines to outweigh calls."""
GROWTH_TARGET = 12.0
"""Ten times the lines may cost at most this many times the time: linear, with room."""
SHAPE_TARGET = 4.0
"""No shape of page may take more than this many times as long to read as the canonical page."""
FLOOR_TARGET = 2.0
"""Writing any shape of page against the split-and-join floor of its own text."""
FROM_JSON_TARGET = 5.0
"""``from_json`` of a large page against ``loads`` of the same page."""
ENTRY_TARGET = 1.03
"""``loads`` against itself before formats, and ``format="page"`` against no format."""
AUTO_TARGET = 1.5
"""``loads(format="auto")`` against ``loads(format="page")`` on rendering A."""
CHECK_TARGET = 3.0
"""``newsdoc check --jobs 1`` on a folder against a loop that reads and decodes its files."""
JOBS_TARGET = 1.6
"""How many times faster ``--jobs 2`` must check the folder than ``--jobs 1``."""
MEMORY_TARGET = 1.25
"""Peak memory on ten times the pages, against the smaller folder: flat, with room."""
STARTUP_TARGET = 150.0
"""Milliseconds ``newsdoc --version`` may take, the interpreter's start-up included."""
LOADS_MEMORY_TARGET = 6.0
"""Peak traced memory of ``loads`` against the page's size in bytes."""
DUMPS_MEMORY_TARGET = 3.0
"""Peak traced memory of ``dumps`` against the page's size in bytes."""
LISTING_TARGET = 80.0
"""Peak traced bytes a name of walking a flat folder of pages named ``page-000000.txt``."""
GROWTH_ROUNDS = 3
"""Rounds of the growth ratios: a call on a large page can take seconds."""


class Budget(NamedTuple):
    """How long a run measures."""

    rounds: int
    """Rounds of each ratio of fast calls; the median of the ratios is reported."""
    seconds: float
    """The least one side of a round lasts: the calls are repeated until they take this long."""
    slow_rounds: int
    """Rounds of the ratios of the command's runs."""
    lines: tuple[int, int]
    """The smaller and the larger page of the growth rows."""
    pages: int
    """Pages in the folder ``newsdoc check`` is timed on; its memory is also measured on ten
    times as many."""
    page_bytes: int
    """The size of the pages whose peak traced memory is measured."""


FULL = Budget(
    rounds=11,
    seconds=0.1,
    slow_rounds=7,
    lines=(100_000, 1_000_000),
    pages=10_000,
    page_bytes=2_000_000,
)
QUICK = Budget(
    rounds=5, seconds=0.01, slow_rounds=3, lines=(10_000, 100_000), pages=1_000, page_bytes=500_000
)


class Row(NamedTuple):
    """One line of the table: a measure, and its target where it has one."""

    measure: str
    value: float | None
    """``None`` when the measure could not be taken; ``note`` says why."""
    target: float | None = None
    """``None`` for a measure shown for information."""
    at_least: bool = False
    """The value must reach the target rather than stay within it."""
    unit: str = "x"
    note: str = ""

    def verdict(self) -> str:
        if self.value is None:
            return "skipped"
        if self.target is None:
            return "info"
        met = self.value >= self.target if self.at_least else self.value <= self.target
        return "PASS" if met else "MISS"

    def __str__(self) -> str:
        if self.value is None:
            return f"{self.measure:<{WIDTH}}  skipped: {self.note}"
        # A digit more than the target has, so that a miss never reads as the target itself.
        digits = 2
        target = ""
        if self.target is not None:
            digits = max(digits, len(f"{self.target:g}".partition(".")[2]) + 1)
            target = f"{'≥' if self.at_least else '≤'} {self.target:g}{self.unit}"
        value = f"{self.value:.{digits}f}{self.unit}"
        return f"{self.measure:<{WIDTH}}{value:>11}{target:>11}  {self.verdict()}"


WIDTH = 58
"""Columns the measure takes in the table."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"{QUICK.rounds} and {QUICK.slow_rounds} rounds instead of {FULL.rounds} and "
        f"{FULL.slow_rounds}, rounds of {QUICK.seconds:g} s instead of {FULL.seconds:g} s, "
        f"{QUICK.lines[0]:,} and {QUICK.lines[1]:,} lines instead of {FULL.lines[0]:,} and "
        f"{FULL.lines[1]:,}, {QUICK.pages:,} pages instead of {FULL.pages:,}, "
        f"pages of {QUICK.page_bytes:,} bytes instead of {FULL.page_bytes:,} for memory",
    )
    parser.add_argument(
        "--page-a",
        type=Path,
        metavar="PAGE",
        default=DATA / "rendering-a.txt",
        help="the ~2 KB page, rendering A (default: %(default)s)",
    )
    parser.add_argument(
        "--page-b",
        type=Path,
        metavar="PAGE",
        default=DATA / "rendering-b.txt",
        help="the same kind of page in rendering B (default: %(default)s)",
    )
    arguments = parser.parse_args()
    budget = QUICK if arguments.quick else FULL
    seeds = {
        "rendering A": arguments.page_a.read_text(encoding="utf-8"),
        "rendering B": arguments.page_b.read_text(encoding="utf-8"),
    }
    small, large = budget.lines
    sections: list[tuple[str, Iterable[Row]]] = [
        (
            f"Pages: rendering A ({len(seeds['rendering A'].encode()):,} bytes), "
            f"rendering B ({len(seeds['rendering B'].encode()):,} bytes)",
            pages(seeds, budget),
        ),
        ("Round trips through dicts and JSON", conversions(seeds, budget)),
        ("Formats", formats(seeds["rendering A"], budget)),
        (
            f"Growth from {small:,} to {large:,} lines, and shapes of page at {large:,}, "
            "garbage collector on",
            scaling(budget),
        ),
        ("Datelines, against loads of rendering A", dates(seeds["rendering A"], budget)),
        ("Peak traced memory against the page's size in bytes", memory(budget)),
        (
            f"newsdoc check on {budget.pages:,} pages; "
            f"peak memory on {10 * budget.pages:,} against {budget.pages:,}",
            folder(seeds, budget),
        ),
        ("Start-up, median of 20 runs", startup()),
    ]
    print(f"{'measure':<{WIDTH}}{'value':>11}{'target':>11}  verdict")
    rows = []
    for title, section in sections:
        print(f"\n{title}")
        for row in section:
            print(row, flush=True)
            rows.append(row)
    counts = {
        verdict: sum(row.verdict() == verdict for row in rows) for verdict in ("PASS", "MISS")
    }
    skipped = sum(row.value is None for row in rows)
    print(f"\n{counts['PASS']} PASS, {counts['MISS']} MISS, {skipped} skipped")


def timed_rounds(
    functions: Sequence[Callable[[], object]], budget: Budget, rounds: int, collect: bool = False
) -> list[list[float]]:
    """Seconds per call of each function, round by round, the functions in turn in each round.

    With ``collect``, the garbage collector runs while they do.
    """
    timers = [
        timeit.Timer(function, "gc.enable()" if collect else "pass") for function in functions
    ]
    # The calls that set how many make a round are its first round.
    numbers, firsts = zip(*(calibrated(timer, budget.seconds) for timer in timers), strict=True)
    seconds = [[first] for first in firsts]
    for _ in range(rounds - 1):
        for timer, number, times in zip(timers, numbers, seconds, strict=True):
            times.append(timer.timeit(number) / number)
    return seconds


def calibrated(timer: timeit.Timer, seconds: float) -> tuple[int, float]:
    """How many calls take at least ``seconds``, enough for the clock to resolve them, and how
    long each of them took."""
    number = 1
    while (taken := timer.timeit(number)) < seconds:
        number *= 2
    return number, taken / number


def median_ratio(seconds: Sequence[float], baseline: Sequence[float]) -> float:
    return statistics.median(f / b for f, b in zip(seconds, baseline, strict=True))


def ratio(
    function: Callable[[], object],
    baseline: Callable[[], object],
    budget: Budget,
    rounds: int | None = None,
    collect: bool = False,
) -> float:
    """The median ratio of ``function``'s time to ``baseline``'s over ``rounds``."""
    seconds = timed_rounds(
        [function, baseline], budget, budget.rounds if rounds is None else rounds, collect
    )
    return median_ratio(*seconds)


def split_join(text: str) -> str:
    """The floor: the least any line-based reader and writer must do with ``text``."""
    return "\n".join(text.split("\n"))


def enlarged(seeds: dict[str, str]) -> dict[str, str]:
    """The two pages, and each with its body repeated to about 50 KB."""
    a, b = newsdoc.loads(seeds["rendering A"]), newsdoc.loads(seeds["rendering B"])
    a_times, b_times = (max(1, 50_000 // len(seeds[name])) for name in seeds)
    return {
        **seeds,
        f"rendering A, body {a_times} times": newsdoc.dumps(
            attrs.evolve(a, body=a.body * a_times)
        ),
        f"rendering B, body {b_times} times": newsdoc.dumps(
            attrs.evolve(b, body=b.body * b_times)
        ),
    }


def pages(seeds: dict[str, str], budget: Budget) -> Iterator[Row]:
    """``loads`` and ``dumps`` of each page against the floor of its text."""
    for name, text in enlarged(seeds).items():
        article = newsdoc.loads(text)
        operations: dict[str, Callable[[], object]] = {
            "loads": partial(newsdoc.loads, text),
            "dumps": partial(newsdoc.dumps, article),
        }
        for operation, function in operations.items():
            yield Row(
                f"{operation}, {name} / floor",
                ratio(function, partial(split_join, text), budget),
                TARGETS.get((name, operation)),
            )


def conversions(seeds: dict[str, str], budget: Budget) -> Iterator[Row]:
    """The JSON round trips of each page against its text round trip."""
    for name, text in seeds.items():
        article = newsdoc.loads(text)

        def text_round_trip(article: newsdoc.Article = article) -> object:
            return newsdoc.loads(newsdoc.dumps(article))

        def dict_round_trip(article: newsdoc.Article = article) -> object:
            return newsdoc.from_dict(newsdoc.to_dict(article))

        def json_round_trip(article: newsdoc.Article = article) -> object:
            return newsdoc.from_json(newsdoc.to_json(article))

        yield Row(
            f"from_dict(to_dict(a)) / loads(dumps(a)), {name}",
            ratio(dict_round_trip, text_round_trip, budget),
            DICTS_TARGET if name == "rendering B" else None,
        )
        yield Row(
            f"from_json(to_json(a)) / loads(dumps(a)), {name}",
            ratio(json_round_trip, text_round_trip, budget),
        )


def loads_before_formats(text: str, strict: bool = True, dialect: str | None = None) -> object:
    """``newsdoc.loads`` as it was before formats: its checks, then the page reader."""
    if not isinstance(text, str):
        raise TypeError
    if not isinstance(strict, bool):
        raise TypeError
    return read_page(text, strict, get_dialect(dialect))


def formats(text: str, budget: Budget) -> Iterator[Row]:
    """What choosing a format costs on rendering A, and a plugin's format against the page's."""
    cases: list[tuple[str, Callable[[], object], Callable[[], object], float]] = [
        (
            "loads(text) / loads before formats",
            partial(newsdoc.loads, text),
            partial(loads_before_formats, text),
            ENTRY_TARGET,
        ),
        (
            'loads(text, format="page") / loads(text)',
            partial(newsdoc.loads, text, format="page"),
            partial(newsdoc.loads, text),
            ENTRY_TARGET,
        ),
        (
            'format="auto" / format="page"',
            partial(newsdoc.loads, text, format="auto"),
            partial(newsdoc.loads, text, format="page"),
            AUTO_TARGET,
        ),
    ]
    for name, function, baseline, target in cases:
        yield Row(f"{name}, rendering A", ratio(function, baseline, budget), target)
    yield from excerpt(budget)


def excerpt(budget: Budget) -> Iterator[Row]:
    """The dated excerpt against the page format, on texts of ``EXCERPT_LINES`` lines each."""
    measures = [
        f"{operation}, dated-excerpt / page, {EXCERPT_LINES:,} lines"
        for operation in ("loads", "dumps")
    ]
    if "dated-excerpt" not in newsdoc.format_names():
        for measure in measures:
            yield Row(
                measure,
                None,
                note="the format is not installed (pip install -e examples/dated-excerpt)",
            )
        return
    texts = {
        "dated-excerpt": " date 2025-07-17 Title\n" + "\n".join(paragraphs(EXCERPT_LINES - 1)),
        "page": shapes(EXCERPT_LINES)["canonical"],
    }
    articles = {name: newsdoc.loads(text, format=name) for name, text in texts.items()}
    loads: dict[str, Callable[[], object]] = {
        name: partial(newsdoc.loads, text, format=name) for name, text in texts.items()
    }
    dumps: dict[str, Callable[[], object]] = {
        name: partial(newsdoc.dumps, articles[name], format=name) for name in texts
    }
    for measure, functions in zip(measures, (loads, dumps), strict=True):
        yield Row(
            measure,
            ratio(functions["dated-excerpt"], functions["page"], budget),
            EXCERPT_TARGET,
        )


def paragraphs(count: int) -> list[str]:
    return [f"Paragraph {number} of the body." for number in range(count)]


def shapes(lines: int) -> dict[str, str]:
    """A page of each shape the growth targets cover, with about ``lines`` lines."""
    body = paragraphs(lines - 2)
    mixed = ["Title", "", *body]
    endings = [*itertools.islice(itertools.cycle(("\r\n", "\r", "\n")), len(mixed) - 1), ""]
    return {
        "canonical": "Title\n\n" + "\n".join(body),
        "padded": "Title\n\n" + "\n".join(f" \t{paragraph}\t " for paragraph in body),
        # Runs of a padded line and a plain one: each run is looked at by slices of its own.
        "padded in short runs": "Title\n\n"
        + "\n\n".join(
            f" {first}\n{second}" for first, second in zip(body[::3], body[1::3], strict=False)
        ),
        "three blank lines between": "Title\n\n" + "\n\n\n\n".join(body[: (lines + 1) // 4]),
        "mixed line endings": "".join(
            line + ending for line, ending in zip(mixed, endings, strict=True)
        ),
        "points, a blank line between": "Title\nSummary\n"
        + "\n\n".join(f"- Point {number} of the summary." for number in range((lines - 1) // 2)),
        # Every line a stray heading: lenient reading keeps each as a stray line.
        "stray lines (lenient)": "Title\n" + "\n".join(["Summary"] * (lines - 1)),
    }


def memory_shapes(size: int) -> dict[str, str]:
    """A page of about ``size`` bytes of each shape whose memory is measured, with lines of
    about 40 characters."""
    line = len("Paragraph 0000000 of the body, in full.\n")
    body = [f"Paragraph {number:07d} of the body, in full." for number in range(size // line)]
    mixed = ["Title", "", *body]
    endings = [*itertools.islice(itertools.cycle(("\r\n", "\r", "\n")), len(mixed) - 1), ""]
    strays = size // 100
    long_line = " ".join(["word"] * (size * 4 // 5 // 5))
    return {
        "canonical": "Title\n\n" + "\n".join(body),
        "padded at both ends": "Title\n\n" + "\n".join(f" \t{text}\t " for text in body),
        "three blank lines between": "Title\n\n" + "\n\n\n\n".join(body[: size // (line + 3)]),
        "mixed line endings": "".join(
            text + ending for text, ending in zip(mixed, endings, strict=True)
        ),
        "points, a blank line between": "Title\nSummary\n"
        + "\n\n".join(f"- {text}" for text in body),
        f"{strays:,} stray lines (lenient)": "Title\n"
        + "\n".join(["Summary"] * strays)
        + "\n\n"
        + "\n".join(body[strays // 5 :]),
        f"one {len(long_line) / 1e6:.1f} MB line": f"Title\n\n{long_line}",
    }


def traced_peak(function: Callable[[], object]) -> int:
    """The most memory ``function`` holds at once, beyond what was held before, in bytes."""
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        function()
        return tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()


def memory(budget: Budget) -> Iterator[Row]:
    """Peak traced memory of ``loads`` and ``dumps`` of each shape, against its size."""
    for name, text in memory_shapes(budget.page_bytes).items():
        size = len(text.encode("utf-8"))
        strict = "lenient" not in name
        article = newsdoc.loads(text, strict=strict)
        assert newsdoc.dumps(article) == text
        for operation, function, target in (
            ("loads", partial(newsdoc.loads, text, strict=strict), LOADS_MEMORY_TARGET),
            ("dumps", partial(newsdoc.dumps, article), DUMPS_MEMORY_TARGET),
        ):
            yield Row(
                f"{operation}, {name} ({size / 1e6:.1f} MB)",
                traced_peak(function) / size,
                target,
            )
    names = 10 * budget.pages
    with tempfile.TemporaryDirectory() as folder:
        for number in range(names):
            Path(folder, f"page-{number:06d}.txt").touch()
        walked = partial(collections.deque, walk(folder, "*.txt"), 0)
        yield Row(
            f"walking a flat folder of {names:,} pages, bytes a name",
            traced_peak(walked) / names,
            LISTING_TARGET,
            unit=" B",
        )


LENIENT = "stray lines (lenient)"
"""The one shape read leniently, exempt from the shape target."""


def scaling(budget: Budget) -> Iterator[Row]:
    """How reading and writing grow with the lines, and what each shape of page costs."""
    small, large = budget.lines
    texts = {lines: shapes(lines) for lines in budget.lines}
    for name in texts[large]:
        strict = name != LENIENT
        cases: dict[tuple[str, int], Callable[[], object]] = {}
        for lines in budget.lines:
            text = texts[lines][name]
            article = newsdoc.loads(text, strict=strict)
            cases["loads", lines] = partial(newsdoc.loads, text, strict=strict)
            cases["dumps", lines] = partial(newsdoc.dumps, article)
            cases["from_json", lines] = partial(newsdoc.from_json, newsdoc.to_json(article))
            if lines == large or name == "canonical":
                cases["floor", lines] = partial(split_join, text)
        if name != "canonical":
            cases["canonical loads", large] = partial(newsdoc.loads, texts[large]["canonical"])
        times = dict(
            zip(
                cases,
                timed_rounds(list(cases.values()), budget, GROWTH_ROUNDS, True),
                strict=True,
            )
        )

        def against(
            case: str, baseline: tuple[str, int], times: dict[tuple[str, int], list[float]] = times
        ) -> float:
            return median_ratio(times[case, large], times[baseline])

        for operation in ("loads", "dumps", "from_json"):
            yield Row(
                f"{operation} growth, {name}",
                against(operation, (operation, small)),
                GROWTH_TARGET,
            )
        if name == "canonical":
            # What memory alone costs at this size.
            yield Row("split-and-join floor growth, canonical", against("floor", ("floor", small)))
        else:
            yield Row(
                f"loads, {name} / canonical",
                against("loads", ("canonical loads", large)),
                None if name == LENIENT else SHAPE_TARGET,
            )
        yield Row(f"dumps, {name} / floor", against("dumps", ("floor", large)), FLOOR_TARGET)
        yield Row(
            f"from_json / loads, {name}", against("from_json", ("loads", large)), FROM_JSON_TARGET
        )
    # Any text reaches the dateline: a run of spaces must not make it backtrack.
    small_page, large_page = (newsdoc.loads("T\na" + " " * lines + "x1") for lines in budget.lines)
    yield Row(
        "export html growth, long dateline",
        ratio(
            partial(newsdoc.export, large_page, "html"),
            partial(newsdoc.export, small_page, "html"),
            budget,
            GROWTH_ROUNDS,
            collect=True,
        ),
        GROWTH_TARGET,
    )


def dates(text: str, budget: Budget) -> Iterator[Row]:
    """The cost of reading a dateline, uncached, against reading the whole of rendering A."""
    reference = date(2025, 8, 2)
    article = newsdoc.loads(text)
    cases: list[tuple[str, str, Callable[[], object]]] = [
        ("31 Jul", "fast", partial(read_parts, "31 Jul")),
        ("2025-07-31", "fast", partial(read_parts, "2025-07-31")),
        ("2 hours ago", "fast", partial(read_parts, "2 hours ago")),
        (
            "Jul 31, 2025, 4:05 PM (IST)",
            "dateutil",
            partial(read_parts, "Jul 31, 2025, 4:05 PM (IST)"),
        ),
        ("(page) publication_date()", "fast", partial(article.publication_date, reference)),
    ]
    for name, path, function in cases:
        yield Row(
            f"{name} ({path} path) / loads", ratio(function, partial(newsdoc.loads, text), budget)
        )


READ_LOOP = """\
import os, sys
for top in sys.argv[1:]:
    for root, _, names in os.walk(top):
        for name in names:
            if name.endswith(".txt"):
                with open(os.path.join(root, name), "rb") as file:
                    file.read().decode("utf-8")
"""
"""The baseline of ``newsdoc check``: find the pages, read each one's bytes, decode them."""

PEAK_MEMORY = """\
import os, resource, subprocess, sys, time

def together(pid):
    # The proportional set size of the process and every process below it.
    total, stack = 0, [str(pid)]
    while stack:
        pid = stack.pop()
        try:
            with open(f"/proc/{pid}/smaps_rollup") as file:
                total += sum(int(line.split()[1]) for line in file if line.startswith("Pss:"))
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as file:
                    stack += file.read().split()
        except OSError:
            pass
    return total

process = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
peak = 0
while process.poll() is None:
    peak = max(peak, together(process.pid))
    time.sleep(0.01)
if process.returncode:
    sys.exit(f"exit status {process.returncode}: {sys.argv[1:]}")
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, peak)
"""
"""Runs a command; prints the peak RSS of its largest process and the peak PSS of all, in KiB."""


def folder_templates(seeds: dict[str, str]) -> list[tuple[str, str, str, str]]:
    """Section, text, title and first paragraph of each page, its body one to three times."""
    templates = []
    for seed in seeds.values():
        article = newsdoc.loads(seed)
        assert article.breadcrumb is not None
        for times in (1, 2, 3):
            text = newsdoc.dumps(attrs.evolve(article, body=article.body * times))
            section = article.breadcrumb.segments[1].lower()
            templates.append((section, text, article.title, article.body[0]))
    return templates


def write_pages(folder: Path, count: int, seeds: dict[str, str]) -> None:
    """``count`` pages as files, 1,000 a folder split by section, each one its own title and
    first paragraph."""
    templates = folder_templates(seeds)
    made: set[Path] = set()
    for number in range(count):
        section, text, title, first = templates[number % len(templates)]
        text = text.replace(title, f"{title}, Report {number}").replace(
            first, f"{first} Filed as report {number}.", 1
        )
        leaf = folder / f"{number // 1000:03d}" / section
        if leaf not in made:
            leaf.mkdir(parents=True)
            made.add(leaf)
        (leaf / f"page-{number:06d}.txt").write_bytes(text.encode("utf-8"))


BUSY = "for _ in range(5_000_000): pass"
"""A fraction of a second of one CPU's work, in a process of its own."""


def run(*command: str | Path) -> None:
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


def run_in_turn(*commands: tuple[str | Path, ...]) -> None:
    for command in commands:
        run(*command)


def run_together(*commands: tuple[str | Path, ...]) -> None:
    processes = [subprocess.Popen(command, stdout=subprocess.DEVNULL) for command in commands]
    for process in processes:
        if process.wait():
            raise subprocess.CalledProcessError(process.returncode, process.args)


def peak_memory(*command: str | Path) -> tuple[float, float]:
    """The peak RSS of the largest process ``command`` runs, and the peak PSS of all, in MiB."""
    output = subprocess.run(
        [sys.executable, "-c", PEAK_MEMORY, *map(str, command)],
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    ).stdout
    largest, together = (int(kib) / 1024 for kib in output.split())
    return largest, together


def verify(newsdoc_command: Path, root: Path, count: int) -> None:
    """Fail loudly unless ``newsdoc check`` passes all ``count`` generated pages."""
    done = subprocess.run(
        [newsdoc_command, "check", "--quiet", root], capture_output=True, text=True
    )
    summary = dict(line.split(None, 1) for line in done.stdout.splitlines() if line[:1].isalpha())
    if done.returncode != 0 or summary.get("pages") != str(count) or summary.get("failed") != "0":
        raise SystemExit(
            f"newsdoc check failed on the {count:,} generated pages "
            f"(exit status {done.returncode}):\n{done.stdout[-2000:]}{done.stderr[-2000:]}"
        )


def folder(seeds: dict[str, str], budget: Budget) -> Iterator[Row]:
    """``newsdoc check`` on a folder of pages: its speed, its workers' and its memory."""
    newsdoc_command = Path(sys.executable).with_name("newsdoc")
    if not newsdoc_command.exists():
        raise SystemExit(f"{newsdoc_command} not found: python -m pip install -e '.[cli]'")
    count = budget.pages
    with tempfile.TemporaryDirectory(prefix="newsdoc-bench-") as temporary:
        root = Path(temporary)
        pages_folder = root / "pages"
        write_pages(pages_folder, count, seeds)
        verify(newsdoc_command, pages_folder, count)
        # Ten times the pages, for the memory, without ten times the files to write: the
        # folder under ten names, nine of them links to it, each page at a path of its own.
        tenfold = [pages_folder]
        for number in range(1, 10):
            tenfold.append(root / f"link-{number}")
            tenfold[-1].symlink_to(pages_folder, target_is_directory=True)

        def check(jobs: int) -> tuple[str | Path, ...]:
            return (newsdoc_command, "check", "--jobs", str(jobs), "--quiet")

        read_loop = (sys.executable, "-c", READ_LOOP)
        busy = (sys.executable, "-c", BUSY)
        yield Row(
            "--jobs 1 / read and decode loop",
            ratio(
                partial(run, *check(1), pages_folder),
                partial(run, *read_loop, pages_folder),
                budget,
                budget.slow_rounds,
            ),
            CHECK_TARGET,
        )
        yield Row(
            "--jobs 2 speed-up: --jobs 1 / --jobs 2",
            ratio(
                partial(run, *check(1), pages_folder),
                partial(run, *check(2), pages_folder),
                budget,
                budget.slow_rounds,
            ),
            JOBS_TARGET,
            at_least=True,
        )
        # What two processes gain here at best: a busy machine gives less than 2x.
        yield Row(
            "two busy processes: in turn / at once",
            ratio(
                partial(run_in_turn, busy, busy),
                partial(run_together, busy, busy),
                budget,
                budget.slow_rounds,
            ),
        )
        # Peak RSS of the largest process (exact), and peak PSS of all processes
        # (sampled; pages the workers share with the main process counted once).
        memory_cases = [
            ("read and decode loop, peak RSS", read_loop, 0, None),
            ("--jobs 1, peak RSS", check(1), 0, MEMORY_TARGET),
            ("--jobs 2, peak PSS of all its processes", check(2), 1, MEMORY_TARGET),
        ]
        for name, command, which, target in memory_cases:
            small, large = (
                peak_memory(*command, *where)[which] for where in ([pages_folder], tenfold)
            )
            yield Row(
                f"{name} ({large:.1f} / {small:.1f} MiB)",
                large / small,
                target,
            )


def startup() -> Iterator[Row]:
    """The start-up of ``newsdoc --version``, with the interpreter's beside it."""
    newsdoc_command = Path(sys.executable).with_name("newsdoc")
    times: dict[str, list[float]] = {"newsdoc --version": [], "python -c pass": []}
    commands = {
        "newsdoc --version": (newsdoc_command, "--version"),
        "python -c pass": (sys.executable, "-c", "pass"),
    }
    for _ in range(20):
        for name, command in commands.items():
            started = time.perf_counter()
            run(*command)
            times[name].append(time.perf_counter() - started)
    milliseconds = {name: statistics.median(each) * 1e3 for name, each in times.items()}
    yield Row(
        f"newsdoc --version (python -c pass: {milliseconds['python -c pass']:.0f} ms)",
        milliseconds["newsdoc --version"],
        STARTUP_TARGET,
        unit=" ms",
    )


if __name__ == "__main__":
    main()
