"""One target fuzzed by Atheris until its time is up: what ``fuzz/run.py`` starts for each.

    python fuzz/atheris_child.py TARGET SECONDS CORPUS FINDINGS

newsdoc's modules are instrumented for coverage as they are imported;
the harness, Hypothesis and the standard library are not.
"""

import sys

import atheris

with atheris.instrument_imports(include=["newsdoc"]):
    import newsdoc._api
    import newsdoc._cli
    import newsdoc.testing  # noqa: F401  # instrumented before the targets import it

from targets import TARGETS


def main(name: str, seconds: str, corpus: str, findings: str) -> None:
    target = TARGETS[name]
    for seed in target.seeds():
        target.check(seed)
    options = [
        f"-max_total_time={seconds}",
        f"-artifact_prefix={findings}/{name}-",
        "-print_final_stats=1",
        "-rss_limit_mb=4096",
        "-timeout=60",
    ]
    atheris.Setup([sys.argv[0], *options, corpus], target.check)
    atheris.Fuzz()  # libFuzzer ends the process when the time is up or on a finding


if __name__ == "__main__":
    main(*sys.argv[1:])
