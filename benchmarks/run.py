"""Time newsdoc against a same-run baseline, and print a table.

Each operation is timed per document and divided by the time of a baseline
measured on the same text, round by round, right before it:
``"\\n".join(text.split("\\n"))``, the least any line-based reader and
writer must do.  The ratio reported is the median over the rounds, which a
busy machine disturbs far less than either time alone.

The ``newsdoc`` command is timed the same way, each run a process of its
own: ``newsdoc check`` on a folder of generated pages against a Python loop
that only reads and decodes them, ``--jobs 2`` against ``--jobs 1``, its
peak memory on ten times the pages, and its start-up.

    python benchmarks/run.py            # the table
    python benchmarks/run.py --quick    # fewer rounds, for a smoke test
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from collections.abc import Callable
from datetime import date
from pathlib import Path

import attrs

import newsdoc
from newsdoc._dates import read_parts
from newsdoc._formats import read_page
from newsdoc._grammar import get_dialect

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"

TARGETS = {
    ("small A", "loads"): 6.0,
    ("small A", "dumps"): 1.0,
    ("small B", "loads"): 8.0,
    ("small B", "dumps"): 2.5,
}
"""Ratios to the line baseline that the ~2 KB page (A) and rendering B must stay within."""
DICTS_TARGET = 1.5
"""``from_dict(to_dict(a))`` against ``loads(dumps(a))``."""
GROWTH_TARGET = 15.0
"""Ten times the lines may cost at most this many times the time: linear, with room."""
RENDERING_TARGET = 10.0
"""No rendering may cost more than this many times the canonical page of as many lines."""
FROM_JSON_TARGET = 5.0
"""``from_json`` of a large page against ``loads`` of the same page."""
ENTRY_TARGET = 1.03
"""``loads`` against itself before formats, and ``format="page"`` against no format."""
AUTO_TARGET = 1.5
"""``loads(format="auto")`` against ``loads(format="page")`` on the ~2 KB page."""
CHECK_TARGET = 3.0
"""``newsdoc check --jobs 1`` on a folder against a loop that reads and decodes its files."""
JOBS_TARGET = 1.6
"""How many times faster ``--jobs 2`` must check the folder than ``--jobs 1``."""
MEMORY_TARGET = 1.25
"""Peak memory on ten times the pages, against the smaller folder: flat, with room."""
STARTUP_TARGET = 150.0
"""Milliseconds ``newsdoc --version`` may take, the interpreter's start-up included."""


def pages() -> dict[str, str]:
    small_a = (DATA / "rendering-a.txt").read_text(encoding="utf-8")
    small_b = (DATA / "rendering-b.txt").read_text(encoding="utf-8")
    a, b = newsdoc.loads(small_a), newsdoc.loads(small_b)
    large_a = newsdoc.dumps(attrs.evolve(a, body=a.body * 30))
    large_b = newsdoc.dumps(attrs.evolve(b, body=b.body * 110))
    return {"small A": small_a, "small B": small_b, "large A": large_a, "large B": large_b}


def ratio(
    function: Callable[[], object], baseline: Callable[[], object], rounds: int
) -> tuple[float, float, float]:
    """Seconds per call of ``function`` and ``baseline`` (best rounds), and their median ratio."""
    timers = timeit.Timer(function), timeit.Timer(baseline)
    numbers = [timer.autorange()[0] for timer in timers]
    seconds: list[list[float]] = [[], []]
    for _ in range(rounds):
        for timer, number, times in zip(timers, numbers, seconds, strict=True):
            times.append(timer.timeit(number) / number)
    ratios = [f / b for f, b in zip(*seconds, strict=True)]
    return min(seconds[0]), min(seconds[1]), statistics.median(ratios)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help="5 rounds instead of 21; 10,000 and 100,000 lines instead of 100,000 and 1,000,000; "
        "2,000 and 20,000 pages instead of 10,000 and 100,000",
    )
    quick = parser.parse_args().quick
    rounds = 5 if quick else 21

    print(f"{'page':<9}{'bytes':>8}  {'operation':<10}{'per doc':>12}{'baseline':>12}{'ratio':>8}")
    verdicts = []
    for name, text in pages().items():
        article = newsdoc.loads(text)
        operations = {
            "loads": lambda text=text: newsdoc.loads(text),
            "dumps": lambda article=article: newsdoc.dumps(article),
        }
        for operation, function in operations.items():
            seconds, baseline, median = ratio(
                function, lambda text=text: "\n".join(text.split("\n")), rounds
            )
            print(
                f"{name:<9}{len(text.encode()):>8}  {operation:<10}"
                f"{seconds * 1e6:>9.2f} µs{baseline * 1e6:>9.2f} µs{median:>7.1f}x"
            )
            target = TARGETS.get((name, operation))
            if target is not None:
                verdicts.append(
                    f"{operation} on {name}: {median:.1f}x the baseline "
                    f"(target {target:g}x): {verdict(median <= target)}"
                )
    print()
    dates(rounds)
    print()
    verdicts.append(conversions(rounds))
    print()
    verdicts += formats(rounds)
    print()
    verdicts += scaling(quick)
    print()
    verdicts += folder(quick)
    print()
    verdicts.append(startup())
    print()
    print("\n".join(verdicts))


def verdict(met: bool) -> str:
    return "met" if met else "MISSED"


def scaling_pages(lines: int) -> dict[str, str]:
    """The worst case of each rendering, and the canonical page, with about ``lines`` lines."""
    paragraphs = [f"Paragraph {number} of the body." for number in range(lines)]
    return {
        "canonical": "Title\n\n" + "\n".join(paragraphs[: lines - 2]),
        # A blank line between paragraphs, padding and indented bullets.
        "rendering B": "Title\n\nSummary\n\n  \u2022 A point\n\n"
        + "\n\n".join(paragraphs[: (lines - 6) // 2]),
        # Every line a stray heading: lenient reading keeps each as a stray line.
        "stray lines": "Title\n" + "\n".join(["Summary"] * (lines - 1)),
    }


def best_seconds(function: Callable[[], object], repeats: int) -> float:
    return min(timeit.repeat(function, number=1, repeat=repeats))


def scaling(quick: bool) -> list[str]:
    """How reading and writing grow with the lines, and what each rendering costs."""
    small, large = (10_000, 100_000) if quick else (100_000, 1_000_000)
    print(f"{'lines':<22}{small:>12,}{large:>12,}{'growth':>8}{'/canonical':>12}")
    seconds: dict[tuple[str, int], float] = {}
    verdicts = []
    for lines in (small, large):
        repeats = 3 if lines == small else 2
        for name, text in scaling_pages(lines).items():
            article = newsdoc.loads(text, strict=False)
            document = newsdoc.to_json(article)
            cases = {
                f"loads {name}": lambda text=text: newsdoc.loads(text, strict=False),
                f"dumps {name}": lambda article=article: newsdoc.dumps(article),
                f"from_json {name}": lambda document=document: newsdoc.from_json(document),
            }
            for case, function in cases.items():
                seconds[case, lines] = best_seconds(function, repeats)
        canonical = scaling_pages(lines)["canonical"]
        seconds["split and join (the floor)", lines] = best_seconds(
            lambda text=canonical: "\n".join(text.split("\n")), repeats
        )
        # Any text reaches the dateline: a run of spaces must not make it backtrack.
        dateline = newsdoc.loads("T\na" + " " * lines + "x1")
        seconds["export html, long dateline", lines] = best_seconds(
            lambda dateline=dateline: newsdoc.export(dateline, "html"), repeats
        )
    for case in dict.fromkeys(case for case, _ in seconds):
        growth = seconds[case, large] / seconds[case, small]
        operation = case.split()[0]
        canonical = seconds.get((f"{operation} canonical", large))
        against = seconds[case, large] / canonical if canonical and operation != "export" else 0
        print(
            f"{case:<30}{seconds[case, small] * 1e3:>9.1f} ms{seconds[case, large] * 1e3:>9.1f} ms"
            f"{growth:>7.1f}x{against:>11.1f}x"
        )
        if case.startswith("split and join"):
            continue  # shown for what memory alone costs at this size
        verdicts.append(
            f"{case}: ten times the lines costs {growth:.1f}x the time "
            f"(target {GROWTH_TARGET:g}x): {verdict(growth <= GROWTH_TARGET)}"
        )
        if against and "canonical" not in case:
            verdicts.append(
                f"{case}: {against:.1f}x the canonical page of {large:,} lines "
                f"(target {RENDERING_TARGET:g}x): {verdict(against <= RENDERING_TARGET)}"
            )
    for name in ("canonical", "rendering B"):
        against_loads = seconds[f"from_json {name}", large] / seconds[f"loads {name}", large]
        verdicts.append(
            f"from_json of the {name} page of {large:,} lines: {against_loads:.1f}x its loads "
            f"(target {FROM_JSON_TARGET:g}x): {verdict(against_loads <= FROM_JSON_TARGET)}"
        )
    return verdicts


def conversions(rounds: int) -> str:
    """JSON round trips of the ~2 KB page against its text round trip; returns the verdict."""
    text = (DATA / "rendering-a.txt").read_text(encoding="utf-8")
    article = newsdoc.loads(text)

    def text_round_trip() -> object:
        return newsdoc.loads(newsdoc.dumps(article))

    print(f"{'round trip of the ~2 KB page':<34}{'':<10}{'per call':>12}{'text':>12}{'ratio':>8}")
    cases = {
        "from_dict(to_dict(a))": lambda: newsdoc.from_dict(newsdoc.to_dict(article)),
        "from_json(to_json(a))": lambda: newsdoc.from_json(newsdoc.to_json(article)),
    }
    medians = {}
    for name, function in cases.items():
        seconds, baseline, medians[name] = ratio(function, text_round_trip, rounds)
        print(f"{name:<44}{seconds * 1e6:>9.2f} µs{baseline * 1e6:>9.2f} µs{medians[name]:>7.2f}x")
    median = medians["from_dict(to_dict(a))"]
    return (
        f"from_dict(to_dict(a)) on the ~2 KB page: {median:.2f}x loads(dumps(a)) "
        f"(target {DICTS_TARGET}x): {verdict(median <= DICTS_TARGET)}"
    )


def loads_before_formats(text: str, strict: bool = True, dialect: str | None = None) -> object:
    """``newsdoc.loads`` as it was before formats: its checks, then the page reader."""
    if not isinstance(text, str):
        raise TypeError
    if not isinstance(strict, bool):
        raise TypeError
    return read_page(text, strict, get_dialect(dialect))


def formats(rounds: int) -> list[str]:
    """What choosing a format costs on the ~2 KB page: by name, by registry, by sniffing."""
    text = (DATA / "rendering-a.txt").read_text(encoding="utf-8")
    print(f"{'reading the ~2 KB page':<44}{'per call':>12}{'against':>12}{'ratio':>8}")
    cases = [
        (
            "loads(text) / loads before formats",
            lambda: newsdoc.loads(text),
            lambda: loads_before_formats(text),
            ENTRY_TARGET,
        ),
        (
            'loads(text, format="page") / loads(text)',
            lambda: newsdoc.loads(text, format="page"),
            lambda: newsdoc.loads(text),
            ENTRY_TARGET,
        ),
        (
            'format="auto" / format="page"',
            lambda: newsdoc.loads(text, format="auto"),
            lambda: newsdoc.loads(text, format="page"),
            AUTO_TARGET,
        ),
    ]
    verdicts = []
    for name, function, baseline_function, target in cases:
        seconds, baseline, median = ratio(function, baseline_function, rounds)
        print(f"{name:<44}{seconds * 1e6:>9.2f} µs{baseline * 1e6:>9.2f} µs{median:>7.2f}x")
        verdicts.append(
            f"{name} on the ~2 KB page: {median:.2f}x (target {target:g}x): "
            f"{verdict(median <= target)}"
        )
    return verdicts


def dates(rounds: int) -> None:
    """The cost of reading a dateline, uncached, against parsing the whole ~2 KB page."""
    text = (DATA / "rendering-a.txt").read_text(encoding="utf-8")
    read = read_parts
    reference = date(2025, 8, 2)
    article = newsdoc.loads(text)
    print(f"{'dateline':<34}{'path':<10}{'per call':>12}{'loads':>12}{'ratio':>8}")
    cases = [
        ("31 Jul", "fast", lambda: read("31 Jul")),
        ("2025-07-31", "fast", lambda: read("2025-07-31")),
        ("2 hours ago", "fast", lambda: read("2 hours ago")),
        ("Jul 31, 2025, 4:05 PM (IST)", "dateutil", lambda: read("Jul 31, 2025, 4:05 PM (IST)")),
        ("(page) publication_date()", "fast", lambda: article.publication_date(reference)),
    ]
    for name, path, function in cases:
        seconds, baseline, median = ratio(function, lambda: newsdoc.loads(text), rounds)
        print(
            f"{name:<34}{path:<10}{seconds * 1e6:>9.2f} µs{baseline * 1e6:>9.2f} µs{median:>7.2f}x"
        )


READ_LOOP = """\
import os, sys
for root, _, names in os.walk(sys.argv[1]):
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


def folder_templates() -> list[tuple[str, str, str, str]]:
    """Section, text, title and first paragraph of each small page, its body one to three times."""
    templates = []
    seeds = pages()
    for name in ("small A", "small B"):
        article = newsdoc.loads(seeds[name])
        assert article.breadcrumb is not None
        for times in (1, 2, 3):
            text = newsdoc.dumps(attrs.evolve(article, body=article.body * times))
            section = article.breadcrumb.segments[1].lower()
            templates.append((section, text, article.title, article.body[0]))
    return templates


def write_pages(folder: Path, start: int, stop: int) -> None:
    """Pages ``start`` to ``stop`` as files, 1,000 a folder split by section, each one its own
    title and first paragraph."""
    templates = folder_templates()
    made: set[Path] = set()
    for number in range(start, stop):
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


def folder(quick: bool) -> list[str]:
    """``newsdoc check`` on a folder of pages: its speed, its workers' and its memory."""
    newsdoc_command = Path(sys.executable).with_name("newsdoc")
    if not newsdoc_command.exists():
        raise SystemExit(f"{newsdoc_command} not found: python -m pip install -e '.[cli]'")
    count = 2_000 if quick else 10_000
    rounds = 5 if quick else 9
    verdicts = []
    with tempfile.TemporaryDirectory(prefix="newsdoc-bench-") as temporary:
        root = Path(temporary)
        started = time.perf_counter()
        # The first pages alone are the folder timed; all of them, ten times as many,
        # the folder whose memory is set against it.
        write_pages(root / "first", 0, count)
        write_pages(root / "more", count, 10 * count)
        made = time.perf_counter() - started
        verify(newsdoc_command, root, 10 * count)
        pages_folder = root / "first"

        def check(jobs: int) -> tuple[str | Path, ...]:
            return (newsdoc_command, "check", "--jobs", str(jobs), "--quiet")

        print(
            f"{f'newsdoc check, {count:,} pages ({made:.1f} s to write {10 * count:,})':<44}"
            f"{'per run':>12}{'against':>12}{'ratio':>8}"
        )
        read_loop = (sys.executable, "-c", READ_LOOP)
        busy = (sys.executable, "-c", BUSY)
        cases = [
            (
                "--jobs 1 / read and decode loop",
                lambda: run(*check(1), pages_folder),
                lambda: run(*read_loop, pages_folder),
            ),
            (
                "--jobs 2 speed-up: --jobs 1 / --jobs 2",
                lambda: run(*check(1), pages_folder),
                lambda: run(*check(2), pages_folder),
            ),
            # What two processes gain here at best: a busy machine gives less than 2x.
            (
                "two busy processes: in turn / at once",
                lambda: [run(*busy), run(*busy)],
                lambda: run_together(busy, busy),
            ),
        ]
        medians = {}
        for name, function, baseline_function in cases:
            seconds, baseline, medians[name] = ratio(function, baseline_function, rounds)
            print(
                f"{name:<44}{seconds * 1e3:>9.0f} ms{baseline * 1e3:>9.0f} ms"
                f"{medians[name]:>7.2f}x"
            )
        median = medians["--jobs 1 / read and decode loop"]
        verdicts.append(
            f"newsdoc check --jobs 1 on {count:,} pages: {median:.2f}x the read and decode loop "
            f"(target {CHECK_TARGET:g}x): {verdict(median <= CHECK_TARGET)}"
        )
        speed_up = medians["--jobs 2 speed-up: --jobs 1 / --jobs 2"]
        ceiling = medians["two busy processes: in turn / at once"]
        verdicts.append(
            f"newsdoc check --jobs 2 on {count:,} pages: {speed_up:.2f}x as fast as --jobs 1 "
            f"(target {JOBS_TARGET:g}x; two busy processes gain {ceiling:.2f}x here): "
            f"{verdict(speed_up >= JOBS_TARGET)}"
        )
        print()

        # Peak RSS of the largest process (exact), and peak PSS of all processes
        # (sampled; pages the workers share with the main process counted once).
        print(
            f"{'peak memory, MiB':<28}{'largest process RSS':>24}{'all processes PSS':>24}\n"
            f"{'':<28}{f'{count:,}':>8}{f'{10 * count:,}':>8}{'growth':>8}"
            f"{f'{count:,}':>8}{f'{10 * count:,}':>8}{'growth':>8}"
        )
        # The figure each verdict is on: one process's RSS, and with workers all of them.
        memory_cases = [
            ("read and decode loop", read_loop, None),
            ("newsdoc check --jobs 1", check(1), 0),
            ("newsdoc check --jobs 2", check(2), 1),
        ]
        for name, command, judged in memory_cases:
            small, large = (peak_memory(*command, where) for where in (pages_folder, root))
            growths = [
                after / before if before else float("nan")  # no /proc: no PSS
                for before, after in zip(small, large, strict=True)
            ]
            print(
                f"{name:<28}"
                + "".join(f"{small[i]:>8.1f}{large[i]:>8.1f}{growths[i]:>7.2f}x" for i in range(2))
            )
            if judged is not None:
                verdicts.append(
                    f"{name}, peak {('RSS', 'PSS of all processes')[judged]}: "
                    f"{small[judged]:.1f} MiB on {count:,} pages, "
                    f"{large[judged]:.1f} MiB on {10 * count:,}, {growths[judged]:.2f}x "
                    f"(target {MEMORY_TARGET:g}x): {verdict(growths[judged] <= MEMORY_TARGET)}"
                )
    return verdicts


def startup() -> str:
    """The start-up of ``newsdoc --version`` beside the interpreter's; returns the verdict."""
    newsdoc_command = Path(sys.executable).with_name("newsdoc")
    print(f"{'start-up, median of 20 runs':<44}{'per run':>12}")
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
    for name, value in milliseconds.items():
        print(f"{name:<44}{value:>9.1f} ms")
    median = milliseconds["newsdoc --version"]
    return (
        f"newsdoc --version: {median:.0f} ms, python -c pass {milliseconds['python -c pass']:.0f}"
        f" ms (target {STARTUP_TARGET:g} ms): {verdict(median <= STARTUP_TARGET)}"
    )


if __name__ == "__main__":
    main()
