"""The ``newsdoc`` command line: I/O and formatting around the pure core."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TextIO

from newsdoc._errors import NewsdocError, _escaped
from newsdoc._formats import dumps, loads
from newsdoc._grammar import PAD
from newsdoc._io import decode, read_bytes
from newsdoc._model import KINDS, Article, layout_of, line_trivia, slot_counts

__all__ = ["main"]


def _shorten(text: str, width: int = 72) -> str:
    return text if len(text) <= width else text[: width - 1] + "\u2026"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _describe(article: Article, out: TextIO) -> None:
    def row(name: str, value: str) -> None:
        out.write(f"{name + ':':<12}{value}\n")

    layout = layout_of(article)
    if article.breadcrumb is not None:
        segments = article.breadcrumb.segments
        separator = article.dialect.breadcrumb_separator
        row(
            "breadcrumb",
            separator.join(_shorten(s, 30) for s in segments)
            + f"  ({_count(len(segments), 'segment')})",
        )
    row("title", _shorten(article.title) if article.title else "(none)")
    row("dateline", article.dateline.text if article.dateline is not None else "(none)")
    summary = article.summary
    if summary is not None:
        points = summary.points
        row("summary", f"{summary.heading} ({_count(len(points), 'point')})")
        # Each point with the bullet mark the page gives it.
        counts = slot_counts(article, layout.title_repeat)
        trivia = line_trivia(layout, counts, article.dialect)
        start = sum(counts[kind] for kind in KINDS[: KINDS.index("point")])
        for point, line in zip(points, trivia[start:], strict=False):
            out.write(f"  {line.prefix.strip(PAD)} {_shorten(point)}\n")
    else:
        row("summary", "(none)")
    characters = sum(len(p) for p in article.body)
    row(
        "body",
        f"{_count(len(article.body), 'paragraph')}, {_count(characters, 'character')}",
    )
    for number, paragraph in enumerate(article.body, 1):
        out.write(f"  {number:>2}. {_shorten(paragraph, 68)}\n")
    endings = {"\n": "LF", "\r\n": "CRLF", "\r": "CR"}
    facts = [endings[layout.newline] + (" (mixed)" if layout.mixed_newlines else "")]
    written = dumps(article)
    facts.append("final newline" if written.endswith(("\n", "\r")) else "no final newline")
    if layout.bom:
        facts.append("BOM")
    if layout.title_repeat:
        facts.append("title repeated after the summary")
    row("layout", ", ".join(facts))
    for stray in article.stray_lines:
        row("stray line", f"{stray.line}: {_shorten(stray.text)}")
    for defect in article.defects:
        row(
            "defect",
            f"line {defect.line}, column {defect.column}: {defect.message} [{defect.code}]",
        )


def _show(path: str, strict: bool, out: TextIO) -> int:
    data = read_bytes(path)
    text = decode(data)
    article = loads(text, strict=strict)
    _describe(article, out)
    written = dumps(article).encode("utf-8")
    if written == data:
        out.write(f"{'round trip:':<12}exact ({len(data)} bytes)\n")
        return 0
    out.write(f"{'round trip:':<12}DIFFERS ({len(data)} bytes read, {len(written)} written)\n")
    return 1


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="newsdoc", description="Read and write news aggregator pages losslessly."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    show = commands.add_parser(
        "show", help="print a page's structure and check that it writes back byte for byte"
    )
    show.add_argument("path", help="a page in UTF-8")
    show.add_argument(
        "--lenient", action="store_true", help="keep lines that fit nowhere instead of failing"
    )
    arguments = parser.parse_args(argv)
    try:
        return _show(arguments.path, not arguments.lenient, sys.stdout)
    except (NewsdocError, OSError) as error:
        # The path as the error messages write text: a lone surrogate (a file
        # name that is not UTF-8) cannot be encoded, and a control character
        # would act on the terminal.
        print(f"newsdoc: {_escaped(arguments.path)}: {error}", file=sys.stderr)
        return 1
