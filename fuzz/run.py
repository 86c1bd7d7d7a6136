"""Run the fuzz campaign: every target of ``fuzz/targets.py``, or those named, for minutes.

    python fuzz/run.py --minutes 30
    python fuzz/run.py --minutes 0.5 --target loads --target json

With Atheris installed (``pip install -e '.[fuzz]'``), each target runs in
an Atheris process, coverage-guided, over its seeds and what earlier runs
found (kept in ``fuzz/.corpus/``); elsewhere Hypothesis's ``fuzz`` profile
draws the target's inputs.  The budget is shared equally between the
targets.  Prints executions, coverage and findings per target, and exits 1
on any finding; Atheris keeps the input of each in ``fuzz/findings/``.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import re
import subprocess
import sys
import time
import traceback
from pathlib import Path
from typing import NamedTuple

from hypothesis import given, settings

from targets import TARGETS

ATHERIS = importlib.util.find_spec("atheris") is not None
"""Whether Atheris is installed: the Hypothesis profile fuzzes without it."""

HERE = Path(__file__).resolve().parent
CORPUS = HERE / ".corpus"
FINDINGS = HERE / "findings"
BATCH = 50
"""Examples Hypothesis draws between two looks at the clock."""


class Outcome(NamedTuple):
    target: str
    engine: str
    seconds: float
    executions: int
    coverage: str
    findings: list[str]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=1.0, help="the whole budget")
    parser.add_argument(
        "--target", action="append", choices=sorted(TARGETS), help="a target to run (repeat)"
    )
    parser.add_argument(
        "--engine",
        choices=("atheris", "hypothesis"),
        default="atheris" if ATHERIS else "hypothesis",
        help="the fuzzer (default: Atheris where it is installed)",
    )
    arguments = parser.parse_args()
    if arguments.minutes <= 0:
        parser.error("--minutes must be above 0")
    if arguments.engine == "atheris" and not ATHERIS:
        parser.error("Atheris is not installed: pip install -e '.[fuzz]', or --engine hypothesis")
    names = arguments.target or sorted(TARGETS)
    share = arguments.minutes * 60 / len(names)
    run = run_atheris if arguments.engine == "atheris" else run_hypothesis
    print(f"{'target':<14}{'engine':<12}{'seconds':>9}{'executions':>12}  coverage  findings")
    outcomes = []
    for name in names:
        outcome = run(name, share)
        outcomes.append(outcome)
        print(
            f"{name:<14}{outcome.engine:<12}{outcome.seconds:>9.1f}{outcome.executions:>12,}  "
            f"{outcome.coverage:<8}  {len(outcome.findings)}",
            flush=True,
        )
    found = [finding for outcome in outcomes for finding in outcome.findings]
    total = sum(outcome.executions for outcome in outcomes)
    print(f"\n{total:,} executions, {len(found)} findings")
    for finding in found:
        print(f"\n{finding}")
    return 1 if found else 0


# -- Atheris --------------------------------------------------------------------------


def run_atheris(name: str, seconds: float) -> Outcome:
    """``name`` fuzzed by Atheris in a process of its own for ``seconds``."""
    corpus = CORPUS / name
    corpus.mkdir(parents=True, exist_ok=True)
    for seed in TARGETS[name].seeds():
        (corpus / hashlib.sha1(seed).hexdigest()).write_bytes(seed)
    FINDINGS.mkdir(exist_ok=True)
    started = time.monotonic()
    child = HERE / "atheris_child.py"
    command = [sys.executable, str(child), name, str(max(1, round(seconds))), str(corpus)]
    command.append(str(FINDINGS))
    done = subprocess.run(command, capture_output=True, text=True, errors="replace", check=False)
    took = time.monotonic() - started
    log = done.stdout + done.stderr
    executions = re.findall(r"stat::number_of_executed_units: (\d+)", log)
    coverage = re.findall(r"cov: (\d+) ft: (\d+)", log)
    findings = []
    if done.returncode != 0:
        saved = re.findall(r"Test unit written to (\S+)", log)
        where = f" (input kept in {saved[-1]})" if saved else ""
        findings.append(f"{name}{where}:\n{log[-4000:]}")
    return Outcome(
        name,
        "atheris",
        took,
        int(executions[-1]) if executions else 0,
        "/".join(coverage[-1]) if coverage else "-",
        findings,
    )


# -- Hypothesis -----------------------------------------------------------------------


def run_hypothesis(name: str, seconds: float) -> Outcome:
    """``name`` fuzzed by the ``fuzz`` profile in this process for ``seconds``."""
    target = TARGETS[name]
    started = time.monotonic()
    deadline = started + seconds
    executions = 0

    def counted(data: bytes) -> None:
        nonlocal executions
        executions += 1
        target.check(data)

    findings = []
    try:
        for seed in target.seeds():
            counted(seed)
        batch = settings(settings.get_profile("fuzz"), max_examples=BATCH, database=None)
        test = batch(given(target.inputs())(counted))
        while time.monotonic() < deadline:
            test()
    except Exception:
        findings.append(f"{name}:\n{traceback.format_exc()[-4000:]}")
    return Outcome(name, "hypothesis", time.monotonic() - started, executions, "-", findings)


if __name__ == "__main__":
    sys.exit(main())
