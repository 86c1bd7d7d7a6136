"""A value of every public type, and the pickles of them that tests/data/pickles keeps.

The stored pickles were made by this module, run as a script::

    python tests/pickles.py

Each later version must load them as equal to what :func:`samples` builds
then: a stored pickle does not change when newsdoc does.  So a pickle is
added when a type is, and an old one is never made again.
"""

from __future__ import annotations

import errno
import pickle
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

import newsdoc
from newsdoc import Article, Dialect

FOLDER = Path(__file__).resolve().parent / "data" / "pickles"
PROTOCOLS = (2, 5)
"""The oldest protocol Python 3 writes by default for Python 2, and the highest."""


def stored(protocol: int) -> Path:
    return FOLDER / f"values-protocol-{protocol}.pickle"


def samples() -> dict[str, object]:
    """One value of each public type, several of an article, keyed by what they are."""
    terse = Dialect(
        breadcrumb_separator=" > ",
        summary_headings=("In short",),
        bullet_symbols=("+",),
        heading_case_matters=False,
        heading_colon_optional=True,
        point_indent=" ",
        paragraphs_apart=True,
    )
    page = (
        "\ufeffHarbour / Weather / Gale warning for the coast\r\n"
        "Gale warning for the coast\r\n"
        "12 Nov\r\n"
        "Summary\r\n"
        "  * Ferries stay in port\n"
        "- Winds of 90 km/h\r\n"
        "Gale warning for the coast\r\n"
        "\r\n"
        "\r\n"
        "On 12 November 2024 the coastguard raised the warning.  \r\n"
        "\r\n"
    )
    lenient = "Night buses return\nSummary\n\n- \nOn 3 March the routes reopen.\n"
    read = newsdoc.loads(page)
    aware = datetime(2024, 11, 12, 7, 45, tzinfo=timezone(timedelta(hours=1)))
    return {
        "article-read": read,
        "article-lenient": newsdoc.loads(lenient, strict=False),
        "article-by-hand": Article(
            title="Library opens late",
            body=("Doors open at ten.", "The café stays shut."),
        ),
        "article-key-takeaways": newsdoc.loads(
            "Tram fares fall\nKey takeaways:\n  \u2022 Cheaper at night\n\nFrom May.",
            dialect="key-takeaways",
        ),
        "article-own-dialect": newsdoc.loads(
            "Park > Gardens > Roses bloom\nRoses bloom\nIN SHORT:\n + Early this year\n",
            dialect=terse,
        ),
        "article-plugin-format": Article(
            title="Kept as written", format="clipping", layout=("x", 2)
        ),
        "breadcrumb": newsdoc.Breadcrumb(segments=("Harbour", "Weather", "Gale")),
        "dateline": newsdoc.Dateline(text="12 Nov"),
        "summary": newsdoc.Summary(heading="In short", points=("One", "Two")),
        "stray-line": newsdoc.StrayLine(line=4, text="- "),
        "defect": newsdoc.Defect(line=4, column=1, code="empty-point", message="a bare bullet"),
        "dialect-default": newsdoc.DEFAULT_DIALECT,
        "dialect-own": terse,
        "record-dated": newsdoc.Record(
            article=read, source="harbour.txt", captured=date(2024, 11, 13)
        ),
        "record-moment": newsdoc.Record(article=read, captured=aware),
        "failure": newsdoc.Failure(
            source="gone.txt", error=newsdoc.ReadError(errno.ENOENT, "No such file", "gone.txt")
        ),
        "date-parts": newsdoc.DateParts(year=2024, month=11, day=12, time=time(7, 45), zone="CET"),
        "resolved-date": read.publication_date(date(2024, 11, 13)),
        "parse-error": _parse_error("Harbour /  / Gale\nGale"),
        "document-error": newsdoc.DocumentError(["$.title: expected a string"]),
    }


def _parse_error(text: str) -> newsdoc.ParseError:
    try:
        newsdoc.loads(text)
    except newsdoc.ParseError as error:
        return error
    raise AssertionError("the text reads")


def main() -> None:
    FOLDER.mkdir(parents=True, exist_ok=True)
    values = samples()
    for protocol in PROTOCOLS:
        stored(protocol).write_bytes(pickle.dumps(values, protocol))


if __name__ == "__main__":
    main()


class OlderPickle:
    """Pickles as a value of the type ``name`` with ``fields``, as another version wrote it."""

    def __init__(self, name: str, fields: dict[str, Any], version: int = 1) -> None:
        self.reduced = (newsdoc._unpickled, (name, version, fields))  # type: ignore[attr-defined]

    def __reduce__(self) -> tuple[Any, ...]:
        return self.reduced
