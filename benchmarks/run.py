"""Time newsdoc against a same-run baseline, and print a table.

Each operation is timed per document and divided by the time of a baseline
measured on the same text, round by round, right before it:
``"\\n".join(text.split("\\n"))``, the least any line-based reader and
writer must do.  The ratio reported is the median over the rounds, which a
busy machine disturbs far less than either time alone.

    python benchmarks/run.py            # the table
    python benchmarks/run.py --quick    # fewer rounds, for a smoke test
"""

from __future__ import annotations

import argparse
import statistics
import timeit
from collections.abc import Callable
from datetime import date
from pathlib import Path

import attrs

import newsdoc
from newsdoc._dates import parse_parts

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"

TARGETS = {"loads": 6.0, "dumps": 2.0, "dicts": 1.5}
"""Ratios that the ~2 KB page must stay within: loads and dumps to the line
baseline, the dict round trip to the text round trip."""


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
    parser.add_argument("--quick", action="store_true", help="5 rounds instead of 21")
    rounds = 5 if parser.parse_args().quick else 21

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
            if name == "small A":
                met = "met" if median <= TARGETS[operation] else "MISSED"
                verdicts.append(
                    f"{operation} on the ~2 KB page: {median:.1f}x the baseline "
                    f"(target {TARGETS[operation]:.0f}x): {met}"
                )
    print()
    dates(rounds)
    print()
    verdicts.append(conversions(rounds))
    print()
    print("\n".join(verdicts))


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
    met = "met" if median <= TARGETS["dicts"] else "MISSED"
    return (
        f"from_dict(to_dict(a)) on the ~2 KB page: {median:.2f}x loads(dumps(a)) "
        f"(target {TARGETS['dicts']}x): {met}"
    )


def dates(rounds: int) -> None:
    """The cost of reading a dateline, uncached, against parsing the whole ~2 KB page."""
    text = (DATA / "rendering-a.txt").read_text(encoding="utf-8")
    read = parse_parts.__wrapped__
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


if __name__ == "__main__":
    main()
