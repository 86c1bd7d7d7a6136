"""Datelines made real: the shapes news pages use, resolved openly against a reference.

A dateline such as ``31 Jul`` has no year, and ``2 hours ago`` means nothing
without the moment the page was captured.  Nothing here reads the clock:
whatever the text does not say comes from a reference the caller passes, or
from a year the body states, and :class:`ResolvedDate` says which.

The shapes seen on real pages are read by regular expressions (a few
microseconds); anything else goes to python-dateutil (tens of
microseconds), with three guards: a year comes only from a four-digit number
in the text, a time zone only from an abbreviation newsdoc knows or an
explicit offset, and dateutil is never handed more than
:data:`LONGEST_FOR_DATEUTIL` characters.

A dateline is whatever the line under a page's title says, so every regular
expression here takes time linear in the text: no two unbounded quantifiers
that can match the same characters sit side by side or nested, and no
pattern that ends at the end of the text is searched for from every
position of it.
"""

from __future__ import annotations

import functools
import re
from datetime import MINYEAR, date, datetime, time, timedelta, timezone, tzinfo
from typing import Literal
from zoneinfo import ZoneInfo

import attrs

from newsdoc._errors import FieldTypeError, NewsdocError, ValidationError, bounded_repr
from newsdoc._pickling import ByPublicName

__all__ = [
    "DEFAULT_TOLERANCE",
    "LONGEST_FOR_DATEUTIL",
    "DateError",
    "DateParts",
    "ResolvedDate",
    "check_arguments",
    "infer_year",
    "parse_parts",
    "parse_with_dateutil",
    "read_parts",
    "resolve",
    "years_in",
]


class DateError(NewsdocError, ValueError):
    """A dateline cannot be read, or cannot be resolved with what was given."""

    __module__ = "newsdoc"


DEFAULT_TOLERANCE = timedelta(days=1)
"""How far past the reference a yearless date may fall: the page may be in
another time zone than the reference."""

LONGEST_FOR_DATEUTIL = 200
"""The most characters handed to python-dateutil, whose cost newsdoc does not
control: a dateline no fast shape reads is no date when, with runs of
whitespace made one space and its lead words and zone taken off, it is
longer than this."""

_MONTH_NUMBERS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
# Not strftime("%b"), which follows the process's locale.
_MONTH_ABBREVIATIONS = tuple(name.title() for name in _MONTH_NUMBERS if len(name) == 3)
_MONTH = "(?P<month>" + "|".join(sorted(_MONTH_NUMBERS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = (
    r"(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|mon|tues|tue|wed|thurs|thur|thu|fri|sat|sun)\.?,?\s+)?"
)
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<year>\d{4}))?"

Precision = Literal["day", "time"]

# The fast path: each pattern must match the whole dateline.
_DAY_MONTH = re.compile(_WEEKDAY + _DAY + r"\s+" + _MONTH + _YEAR, re.IGNORECASE)
_MONTH_DAY = re.compile(_WEEKDAY + _MONTH + r"\s+" + _DAY + _YEAR, re.IGNORECASE)
_ISO_DATE = re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})")
_DOTTED = re.compile(r"(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})")
_ISO_TIMESTAMP = re.compile(
    r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})[T ](?P<hour>\d{2}):(?P<minute>\d{2})"
    r"(?::(?P<second>\d{2})(?:[.,](?P<fraction>\d+))?)?"
    r"(?:(?P<utc>Z)|(?P<sign>[+-])(?P<zone_hours>\d{2}):?(?P<zone_minutes>\d{2}))?"
)
# Ten digits of minutes already span the whole calendar, so a longer count
# is no date; the bound keeps int() away from numbers too long for it.
_AGO = re.compile(
    r"(?P<count>\d{1,10})\s*(?P<unit>mins?|minutes?|hrs?|hours?|days?|weeks?)\s+ago",
    re.IGNORECASE,
)
_NAMED_DAYS: dict[str, tuple[timedelta, Precision]] = {
    "just now": (timedelta(0), "time"),
    "today": (timedelta(0), "day"),
    "yesterday": (timedelta(days=1), "day"),
}
_UNITS = {
    "min": timedelta(minutes=1),
    "hr": timedelta(hours=1),
    "hrs": timedelta(hours=1),
    "hou": timedelta(hours=1),
    "day": timedelta(days=1),
    "wee": timedelta(weeks=1),
}

# The slow path reads text whose whitespace runs are single spaces: words
# that introduce a date, and the zone at the end.  The zone is searched for
# only in the last _ZONE_WIDTH characters, so that no position of a long
# text starts a match that runs to its end.
_LEAD_WORDS = re.compile(
    r"(?:last updated|first published|updated|published|posted)(?: ?(?::|on))? ", re.IGNORECASE
)
_TRAILING_ZONE = re.compile(r"(?<![A-Za-z])\(?(?P<zone>[A-Za-z]{2,5})\)?\Z")
_ZONE_WIDTH = len("(ABCDE)")
_AMBIGUOUS_NUMERIC = re.compile(r"\d{1,2}/\d{1,2}/\d{2,4}")
_DOTTED_IN_TEXT = re.compile(r"\b\d{1,2}\.\d{1,2}\.\d{4}\b")

# Abbreviations common in news, and the IANA zone each names.  Where the
# page states an offset (EST is -05:00 even in July) that offset is kept;
# ET and PT state none, and follow daylight saving.
_ZONES: dict[str, tuple[str, timedelta | None]] = {
    "UTC": ("UTC", timedelta(0)),
    "GMT": ("UTC", timedelta(0)),
    "BST": ("Europe/London", timedelta(hours=1)),
    "CET": ("Europe/Paris", timedelta(hours=1)),
    "CEST": ("Europe/Paris", timedelta(hours=2)),
    "IST": ("Asia/Kolkata", timedelta(hours=5, minutes=30)),
    "ET": ("America/New_York", None),
    "EST": ("America/New_York", timedelta(hours=-5)),
    "EDT": ("America/New_York", timedelta(hours=-4)),
    "PT": ("America/Los_Angeles", None),
    "PST": ("America/Los_Angeles", timedelta(hours=-8)),
    "PDT": ("America/Los_Angeles", timedelta(hours=-7)),
}


@attrs.frozen(kw_only=True)
class DateParts(ByPublicName):
    """What a dateline says, and nothing it does not.

    A relative dateline (``2 hours ago``, ``Yesterday``) has ``ago`` and
    ``ago_precision`` (``"day"`` or ``"time"``) and no calendar fields.

    >>> from newsdoc import Dateline
    >>> Dateline(text="Thursday, 31 July 2025").parts
    DateParts(year=2025, month=7, day=31, time=None, zone=None, ago=None, ago_precision=None)
    """

    year: int | None = None
    month: int | None = None
    day: int | None = None
    time: time | None = None
    """The time of day as written, without a zone."""
    zone: str | None = None
    """The zone as written: an abbreviation (``IST``) or an offset (``+05:30``)."""
    ago: timedelta | None = None
    ago_precision: Precision | None = None


@attrs.frozen(kw_only=True)
class ResolvedDate(ByPublicName):
    """A dateline made a real date, and an account of how.

    ``value`` is a :class:`datetime.date` when the dateline gives no time,
    and a timezone-aware :class:`datetime.datetime` when it does.
    ``inferred`` names what did not come from the dateline: ``"year"``,
    ``"date"`` (a relative dateline), ``"time"`` or ``"zone"``; ``source``
    says where it came from (``"dateline"`` when nothing was inferred,
    ``"reference"`` or ``"body"``).  ``notes`` reports what disagreed.
    """

    value: date
    inferred: frozenset[str] = frozenset()
    reference: date | None = None
    source: Literal["dateline", "reference", "body"] = "dateline"
    notes: tuple[str, ...] = ()


# -- reading --------------------------------------------------------------------


def parse_parts(text: str) -> DateParts | str:
    """What ``text`` says of a date, or why it states none (a sentence).

    Parts name a real date: a month and a day it has (in the year stated,
    or in some year when none is), and a real time.  Nothing else is ever
    raised or returned, whatever the text.  Short texts, which is what
    datelines are, are remembered: many pages share one.
    """
    return _remembered_parts(text) if len(text) <= _LONGEST_REMEMBERED else read_parts(text)


def read_parts(text: str) -> DateParts | str:
    """:func:`parse_parts`, read afresh."""
    stripped = text.strip()
    for pattern in (_DAY_MONTH, _MONTH_DAY):
        match = pattern.fullmatch(stripped)
        if match:
            year = match["year"]
            return _calendar_parts(
                int(year) if year else None,
                _MONTH_NUMBERS[match["month"].lower()],
                int(match["day"]),
            )
    for pattern in (_ISO_DATE, _DOTTED):
        match = pattern.fullmatch(stripped)
        if match:
            return _calendar_parts(int(match["year"]), int(match["month"]), int(match["day"]))
    match = _ISO_TIMESTAMP.fullmatch(stripped)
    if match:
        return _iso_timestamp(match)
    relative = _relative(stripped)
    if relative is not None:
        return relative
    return parse_with_dateutil(stripped)


_LONGEST_REMEMBERED = 200
_remembered_parts = functools.lru_cache(maxsize=1024)(read_parts)


def _calendar_parts(year: int | None, month: int, day: int) -> DateParts | str:
    # 2000 stands for "some year": a leap year, so that 29 February is a date.
    try:
        date(2000 if year is None else year, month, day)
    except ValueError:
        return "it names no real date"
    return DateParts(year=year, month=month, day=day)


def _iso_timestamp(match: re.Match[str]) -> DateParts | str:
    fraction = match["fraction"] or ""
    try:
        value = datetime(
            int(match["year"]),
            int(match["month"]),
            int(match["day"]),
            int(match["hour"]),
            int(match["minute"]),
            int(match["second"] or 0),
            int(fraction[:6].ljust(6, "0")),
        )
    except ValueError:
        return "it names no real date and time"
    zone = None
    if match["utc"]:
        zone = "+00:00"
    elif match["sign"]:
        hours, minutes = int(match["zone_hours"]), int(match["zone_minutes"])
        if hours > 23 or minutes > 59:
            return "its offset from UTC is not a real one"
        offset = timedelta(hours=hours, minutes=minutes)
        zone = _format_offset(-offset if match["sign"] == "-" else offset)
    return DateParts(
        year=value.year, month=value.month, day=value.day, time=value.time(), zone=zone
    )


def _relative(text: str) -> DateParts | str | None:
    named = _NAMED_DAYS.get(text.lower())
    if named is not None:
        return DateParts(ago=named[0], ago_precision=named[1])
    match = _AGO.fullmatch(text)
    if match is None:
        return None
    unit = match["unit"].lower()[:3]
    precision: Precision = "day" if unit in ("day", "wee") else "time"
    try:
        ago = int(match["count"]) * _UNITS[unit]
    except OverflowError:
        return "it reaches back further than any calendar date"
    return DateParts(ago=ago, ago_precision=precision)


def parse_with_dateutil(text: str) -> DateParts | str:
    """The general path: python-dateutil, after newsdoc takes the zone off.

    Returns the parts, or a sentence saying why the text cannot be read.
    """
    text = " ".join(text.split())
    lead = _LEAD_WORDS.match(text)
    if lead:
        text = text[lead.end() :]
    zone = None
    trailing = _TRAILING_ZONE.search(text, max(0, len(text) - _ZONE_WIDTH))
    if trailing and trailing["zone"].isupper() and trailing["zone"] not in ("AM", "PM"):
        zone = trailing["zone"]
        text = text[: trailing.start()]
    text = text.replace(" at ", " ").strip(" ,")
    if _AMBIGUOUS_NUMERIC.search(text):
        return f"{text!r:.80} could be day/month or month/day, and newsdoc will not guess"
    if len(text) > LONGEST_FOR_DATEUTIL:
        return (
            f"it fits no fast shape, and python-dateutil is handed "
            f"no more than {LONGEST_FOR_DATEUTIL} characters"
        )
    # Parsed twice with defaults that differ in every field: a field that
    # differs between the two came from a default, not from the text.  Both
    # default years are leap years, so that 29 February needs no year.
    # Dotted dates are day first on the pages newsdoc reads; dateutil would
    # read 05.07.2025 month first.
    dayfirst = _DOTTED_IN_TEXT.search(text) is not None
    named: list[str] = []

    # Without tzinfos, dateutil takes a zone name that matches the machine's
    # for the machine's zone, and warns about any other.
    def stated_zone(name: str | None, offset: int | None) -> tzinfo | None:
        if offset is not None:
            return timezone(timedelta(seconds=offset))
        if name is not None:
            named.append(name)
        return None

    # Imported here: most datelines take a fast shape, and the parser costs a
    # program that never needs it a tenth of its start-up.
    from dateutil import parser as dateutil_parser

    try:
        first = dateutil_parser.parse(
            text, default=datetime(4, 1, 1, 0, 0, 0), dayfirst=dayfirst, tzinfos=stated_zone
        )
        second = dateutil_parser.parse(
            text, default=datetime(8, 2, 2, 1, 1, 1), dayfirst=dayfirst, tzinfos=stated_zone
        )
    except (ValueError, ArithmeticError):
        # ArithmeticError: OverflowError for numbers too large for a date, and
        # decimal.InvalidOperation, which dateutil lets out when a long run of
        # digits follows a colon ("4:0599999999999999999999999999").
        return "it matches no date shape newsdoc reads"
    if first.month != second.month or first.day != second.day:
        return "it names no day and month"
    if zone is None and named:
        zone = named[0]
    if zone is not None and zone not in _ZONES:
        return f"its time zone {zone!r} is unknown; newsdoc knows {', '.join(sorted(_ZONES))}"
    year = first.year if first.year == second.year else None
    if year is not None and not re.search(rf"(?<!\d){year:04d}(?!\d)", text):
        return f"it names no four-digit year, and newsdoc will not expand {year % 100} into one"
    offset = first.utcoffset()
    if offset is not None and zone is None:
        zone = _format_offset(offset)
    clock = None
    if first.hour == second.hour:
        seconds = first.second if first.second == second.second else 0
        clock = time(first.hour, first.minute, seconds)
    return DateParts(year=year, month=first.month, day=first.day, time=clock, zone=zone)


def _format_offset(offset: timedelta) -> str:
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hours, minutes = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{minutes:02d}"


def _tzinfo(zone: str, moment: datetime) -> tzinfo:
    """The time zone ``zone`` names, at ``moment`` (naive, wall time)."""
    if zone[0] in "+-":
        hours, minutes = int(zone[1:3]), int(zone[-2:])
        offset = timedelta(hours=hours, minutes=minutes)
        return timezone(-offset if zone[0] == "-" else offset)
    name, stated = _ZONES[zone]
    if stated == timedelta(0):
        return timezone.utc
    real = ZoneInfo(name)
    if stated is None or moment.replace(tzinfo=real).utcoffset() == stated:
        return real
    return timezone(stated, zone)


# -- resolving ------------------------------------------------------------------


def check_arguments(reference: object, tolerance: object) -> None:
    """Raise :class:`~newsdoc.FieldTypeError` unless the arguments of a resolve fit.

    ``reference`` is None, a :class:`datetime.date` or an aware
    :class:`datetime.datetime`, and ``tolerance`` a timedelta.  A naive
    datetime, whose moment depends on where the code runs, is a datetime
    that breaks the rule: a :class:`~newsdoc.ValidationError`, as it is
    for ``Record.captured``.
    """
    if reference is not None and not isinstance(reference, date):
        raise FieldTypeError(
            "reference must be a datetime.date, an aware datetime.datetime or None, "
            f"got {type(reference).__name__} {bounded_repr(reference, 60)}"
        )
    if isinstance(reference, datetime) and reference.utcoffset() is None:
        raise ValidationError(
            "reference must be a timezone-aware datetime, "
            f"got the naive {bounded_repr(reference, 60)}"
        )
    if not isinstance(tolerance, timedelta):
        raise FieldTypeError(
            "tolerance must be a timedelta, "
            f"got {type(tolerance).__name__} {bounded_repr(tolerance, 60)}"
        )


def infer_year(month: int, day: int, reference: date, tolerance: timedelta) -> int:
    """The year of the latest ``day``/``month`` not later than ``reference`` + ``tolerance``.

    ``29 Feb`` goes back to the latest leap year.

    >>> infer_year(7, 31, date(2025, 8, 2), DEFAULT_TOLERANCE)
    2025
    >>> infer_year(12, 31, date(2026, 1, 2), DEFAULT_TOLERANCE)
    2025

    :raises DateError: when no such day lies between year 1 and the limit.
    """
    limit = _limit(reference, tolerance)
    # Leap years are at most eight years apart (1896 to 1904), so nine years
    # hold every day and month the calendar has.
    for year in range(limit.year, max(MINYEAR, limit.year - 8) - 1, -1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= limit:
            return year
    raise DateError(f"no {_day_name(month, day)} falls between year 1 and {limit.isoformat()}")


def _limit(reference: date, tolerance: timedelta) -> date:
    try:
        return _as_date(reference) + tolerance
    except OverflowError:
        # Past the calendar's end every date is earlier, so its last day is
        # the same limit; before its start no date is.
        if tolerance > timedelta(0):
            return date.max
        raise DateError(
            f"the reference {reference.isoformat()} plus a tolerance of {tolerance} "
            "lies before year 1"
        ) from None


def _day_name(month: int, day: int) -> str:
    if 1 <= month <= 12:
        return f"{day} {_MONTH_ABBREVIATIONS[month - 1]}"
    return f"day {day} of month {month}"


def _as_date(value: date) -> date:
    return value.date() if isinstance(value, datetime) else value


def years_in(paragraphs: tuple[str, ...], month: int, day: int) -> list[int]:
    """The years the body states for ``day``/``month``, in order of first mention.

    Only four-digit numbers in which ``day``/``month`` is a date are years.
    Each mention is found with ``str.find`` first and read with a regular
    expression only there: a regular expression tried at every position of
    a body costs ten times more than the whole parse of the page.
    """
    abbreviation = _MONTH_ABBREVIATIONS[month - 1].lower()
    iso = f"-{month:02d}-{day:02d}"
    years: list[int] = []

    def add(year: int) -> None:
        if year in years:
            return
        try:
            date(year, month, day)
        except ValueError:
            return
        years.append(year)

    for paragraph in paragraphs:
        lower = paragraph.lower()
        at = lower.find(abbreviation)
        while at != -1:
            if at == 0 or not lower[at - 1].isalpha():
                after = _DAY_YEAR_AFTER_MONTH.match(lower, at)
                before = _DAY_BEFORE_MONTH.search(lower, max(0, at - 8), at)
                year_after = _YEAR_AFTER_MONTH.match(lower, at)
                if after and int(after["day"]) == day:
                    add(int(after["year"]))
                elif before and year_after and int(before["day"]) == day:
                    add(int(year_after["year"]))
            at = lower.find(abbreviation, at + 1)
        at = lower.find(iso)
        while at != -1:
            # isdecimal, not isdigit: int() refuses digits such as "²".
            if (
                at >= 4
                and lower[at - 4 : at].isdecimal()
                and not lower[at + 6 : at + 7].isdecimal()
            ):
                add(int(lower[at - 4 : at]))
            at = lower.find(iso, at + 1)
    return years


_MONTH_WORD = _MONTH.replace("(?P<month>", "(?:")
_DAY_YEAR_AFTER_MONTH = re.compile(
    _MONTH_WORD + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})(?!\d)"
)
# Searched only in the eight characters before a month, where an anchored
# end costs a constant.
_DAY_BEFORE_MONTH = re.compile(r"(?<!\d)(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+$")
_YEAR_AFTER_MONTH = re.compile(_MONTH_WORD + r",?\s+(?P<year>\d{4})(?!\d)")


def resolve(
    text: str,
    parts: DateParts | str,
    reference: date | None,
    tolerance: timedelta,
    body_years: list[int] | None = None,
) -> ResolvedDate:
    """Make ``parts`` a real date; see :meth:`newsdoc.Dateline.resolve`.

    ``body_years`` are years in which ``parts`` is a date (see
    :func:`years_in`).
    """
    check_arguments(reference, tolerance)
    if isinstance(parts, str):
        raise DateError(f"cannot read the dateline {text!r:.80}: {parts}")
    if parts.ago is not None:
        return _resolve_relative(text, parts, reference)
    assert parts.month is not None
    assert parts.day is not None
    inferred: set[str] = set()
    notes: list[str] = []
    source: Literal["dateline", "reference", "body"] = "dateline"
    year = parts.year
    if year is None:
        inferred.add("year")
        if body_years:
            year, source = body_years[0], "body"
            if len(body_years) > 1:
                notes.append(
                    f"the body states {_day_name(parts.month, parts.day)} in "
                    f"{', '.join(map(str, body_years))}; the first is used"
                )
            if reference is not None:
                try:
                    implied = infer_year(parts.month, parts.day, reference, tolerance)
                except DateError as error:
                    notes.append(f"the reference gives no year: {error}")
                else:
                    if implied != year:
                        notes.append(
                            f"the body's year {year} differs from {implied}, the reference's"
                        )
        elif reference is None:
            raise DateError(f"the dateline {text!r:.80} has no year: pass a reference date")
        else:
            year, source = infer_year(parts.month, parts.day, reference, tolerance), "reference"
    day = date(year, parts.month, parts.day)
    if parts.time is None:
        return ResolvedDate(
            value=day,
            inferred=frozenset(inferred),
            reference=reference,
            source=source,
            notes=tuple(notes),
        )
    moment = datetime.combine(day, parts.time)
    zone: tzinfo | None
    if parts.zone is not None:
        zone = _tzinfo(parts.zone, moment)
    elif isinstance(reference, datetime):
        zone = reference.tzinfo
        inferred.add("zone")
        source = "reference" if source == "dateline" else source
    else:
        raise DateError(
            f"the dateline {text!r:.80} gives a time but no zone: pass an aware reference datetime"
        )
    return ResolvedDate(
        value=moment.replace(tzinfo=zone),
        inferred=frozenset(inferred),
        reference=reference,
        source=source,
        notes=tuple(notes),
    )


def _resolve_relative(text: str, parts: DateParts, reference: date | None) -> ResolvedDate:
    assert parts.ago is not None
    start: date
    if parts.ago_precision == "day":
        if reference is None:
            raise DateError(f"the dateline {text!r:.80} is relative: pass a reference date")
        start, inferred = _as_date(reference), frozenset({"date"})
    else:
        if not isinstance(reference, datetime):
            raise DateError(
                f"the dateline {text!r:.80} is relative to a time: "
                "pass an aware reference datetime"
            )
        start, inferred = reference, frozenset({"date", "time"})
    try:
        value = start - parts.ago
    except OverflowError:
        raise DateError(
            f"the dateline {text!r:.80} reaches back before year 1 from {reference}"
        ) from None
    return ResolvedDate(value=value, inferred=inferred, reference=reference, source="reference")
