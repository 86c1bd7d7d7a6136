"""Datelines as real dates: shapes, zones, the year policy, and no clock."""

from __future__ import annotations

import calendar
import pickle
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

import newsdoc
from newsdoc._dates import DEFAULT_TOLERANCE, infer_year, parse_parts, parse_with_dateutil
from newsdoc.strategies import line_texts

UTC = timezone.utc
REFERENCE = datetime(2025, 8, 2, 9, 0, tzinfo=UTC)
IST = timezone(timedelta(hours=5, minutes=30))

SHAPES = [
    ("31 Jul", date(2025, 7, 31)),
    ("Jul 31", date(2025, 7, 31)),
    ("31 July", date(2025, 7, 31)),
    ("July 31, 2025", date(2025, 7, 31)),
    ("31 Jul 2025", date(2025, 7, 31)),
    ("Thursday, 31 July 2025", date(2025, 7, 31)),
    ("2025-07-31", date(2025, 7, 31)),
    ("31.07.2025", date(2025, 7, 31)),
    ("05.07.2025", date(2025, 7, 5)),
    ("2025-07-31T16:05:00+05:30", datetime(2025, 7, 31, 16, 5, tzinfo=IST)),
    ("2025-07-31T10:35:00Z", datetime(2025, 7, 31, 10, 35, tzinfo=UTC)),
    ("Jul 31, 2025, 4:05 PM (IST)", datetime(2025, 7, 31, 16, 5, tzinfo=IST)),
    ("Updated 31 July 2025 at 16:05 IST", datetime(2025, 7, 31, 16, 5, tzinfo=IST)),
    ("16:05 IST, 31 Jul 2025", datetime(2025, 7, 31, 16, 5, tzinfo=IST)),
    ("5 mins ago", REFERENCE - timedelta(minutes=5)),
    ("2 hours ago", REFERENCE - timedelta(hours=2)),
    ("3 days ago", date(2025, 7, 30)),
    ("Yesterday", date(2025, 8, 1)),
    ("Today", date(2025, 8, 2)),
    ("Just now", REFERENCE),
]


@pytest.mark.parametrize(("text", "expected"), SHAPES)
def test_every_shape_seen_on_news_pages_resolves(text: str, expected: date) -> None:
    resolved = newsdoc.parse_dateline(text).resolve(reference=REFERENCE)
    assert resolved.value == expected
    assert type(resolved.value) is type(expected)
    if isinstance(expected, datetime):
        assert resolved.value.utcoffset() == expected.utcoffset()


def test_a_date_without_a_time_stays_a_date() -> None:
    value = newsdoc.parse_dateline("31 Jul 2025").resolve().value
    assert type(value) is date


@pytest.mark.parametrize(
    ("text", "offset"),
    [
        ("31 Jul 2025 16:05 IST", timedelta(hours=5, minutes=30)),
        ("31 Jul 2025 16:05 ET", timedelta(hours=-4)),
        ("31 Jan 2025 16:05 ET", timedelta(hours=-5)),
        ("31 Jul 2025 16:05 EST", timedelta(hours=-5)),
        ("31 Jul 2025 16:05 EDT", timedelta(hours=-4)),
        ("31 Jan 2025 16:05 PT", timedelta(hours=-8)),
        ("31 Jul 2025 16:05 PT", timedelta(hours=-7)),
        ("31 Jul 2025 16:05 GMT", timedelta(0)),
        ("31 Jul 2025 16:05 UTC", timedelta(0)),
        ("31 Jul 2025 16:05 BST", timedelta(hours=1)),
        ("31 Jan 2025 16:05 CET", timedelta(hours=1)),
        ("31 Jul 2025 16:05 CEST", timedelta(hours=2)),
    ],
)
def test_zone_abbreviations_keep_the_offset_the_page_states(text: str, offset: timedelta) -> None:
    value = newsdoc.parse_dateline(text).resolve().value
    assert isinstance(value, datetime)
    assert value.utcoffset() == offset


def test_a_zone_without_a_stated_offset_follows_daylight_saving() -> None:
    value = newsdoc.parse_dateline("4 Jul 2025 9:00 ET").resolve().value
    assert isinstance(value, datetime)
    assert value.tzinfo == ZoneInfo("America/New_York")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("31 Jul 2025 16:05 XYZ", "time zone 'XYZ' is unknown"),
        ("16:05 XYZ, 31 Jul 2025", "time zone 'XYZ' is unknown"),
        ("1 1;0", "no four-digit year"),
        ("03/04/2025", "day/month or month/day"),
        ("Breaking news", "matches no date shape"),
        ("30 Feb 2025", "no real date"),
    ],
)
def test_what_newsdoc_will_not_guess_raises_a_date_error(text: str, reason: str) -> None:
    dateline = newsdoc.parse_dateline(text)
    assert dateline.text == text
    with pytest.raises(newsdoc.DateError, match=reason) as caught:
        dateline.resolve(reference=REFERENCE)
    assert text in str(caught.value)
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, newsdoc.NewsdocError)


@pytest.mark.parametrize("text", ["31 Jul", "2 hours ago", "Yesterday"])
def test_resolving_without_a_needed_reference_says_so(text: str) -> None:
    with pytest.raises(newsdoc.DateError, match="pass"):
        newsdoc.parse_dateline(text).resolve()


def test_a_relative_time_needs_an_aware_datetime() -> None:
    with pytest.raises(newsdoc.DateError, match="aware"):
        newsdoc.parse_dateline("2 hours ago").resolve(reference=date(2025, 8, 2))
    with pytest.raises(newsdoc.ValidationError, match="aware"):
        newsdoc.parse_dateline("31 Jul").resolve(reference=datetime(2025, 8, 2, 9))


def test_the_result_says_what_was_inferred_and_from_what() -> None:
    resolved = newsdoc.parse_dateline("31 Jul").resolve(reference=date(2025, 8, 2))
    assert resolved.inferred == {"year"}
    assert resolved.source == "reference"
    assert resolved.reference == date(2025, 8, 2)
    stated = newsdoc.parse_dateline("31 Jul 2025").resolve()
    assert (stated.inferred, stated.source) == (frozenset(), "dateline")


def test_a_december_story_read_in_january_stays_in_the_past() -> None:
    value = newsdoc.parse_dateline("31 Dec").resolve(reference=date(2026, 1, 2)).value
    assert value == date(2025, 12, 31)


def test_tolerance_admits_a_date_just_past_the_reference() -> None:
    dateline = newsdoc.parse_dateline("3 Aug")
    assert dateline.resolve(reference=date(2025, 8, 2)).value == date(2025, 8, 3)
    strict = dateline.resolve(reference=date(2025, 8, 2), tolerance=timedelta(0))
    assert strict.value == date(2024, 8, 3)


def test_29_february_goes_back_to_the_latest_leap_year() -> None:
    value = newsdoc.parse_dateline("29 Feb").resolve(reference=date(2027, 6, 1)).value
    assert value == date(2024, 2, 29)


def article(dateline: str, *body: str) -> newsdoc.Article:
    return newsdoc.Article(
        title="Night trains return", dateline=newsdoc.Dateline(text=dateline), body=body
    )


def test_the_body_states_the_year_and_wins_over_the_reference() -> None:
    page = article("31 Jul", "On July 31, 2024, the operators signed the agreement.")
    resolved = page.publication_date(reference=date(2025, 8, 2))
    assert resolved is not None
    assert resolved.value == date(2024, 7, 31)
    assert resolved.source == "body"
    assert resolved.inferred == {"year"}
    assert resolved.notes == ("the body's year 2024 differs from 2025, the reference's",)


def test_the_body_year_needs_no_reference() -> None:
    page = article("31 Jul", "Signed in Rotterdam on 31 July 2025 after months of talks.")
    resolved = page.publication_date()
    assert resolved is not None
    assert resolved.value == date(2025, 7, 31)


def test_a_body_that_states_two_years_is_reported() -> None:
    page = article("31 Jul", "On 31 Jul 2025 it opened.", "A year before, on July 31, 2024, ...")
    resolved = page.publication_date()
    assert resolved is not None
    assert resolved.value == date(2025, 7, 31)
    assert "2025, 2024" in resolved.notes[0]


def test_a_body_date_for_another_day_is_not_used() -> None:
    page = article("31 Jul", "The plan was announced on July 30, 2024.")
    assert page.publication_date() is None
    assert page.publication_date(reference=date(2025, 8, 2)).value == date(2025, 7, 31)  # type: ignore[union-attr]


def test_publication_date_never_guesses() -> None:
    assert newsdoc.Article(title="No dateline").publication_date(reference=REFERENCE) is None
    assert article("31 Jul", "No year anywhere.").publication_date() is None
    assert article("2 hours ago").publication_date() is None
    assert article("Breaking").publication_date(reference=REFERENCE) is None


@pytest.mark.parametrize(
    ("text", "reference"),
    [
        ("Breaking news", REFERENCE),
        ("30 Feb 2025", REFERENCE),
        ("2 hours ago", date(2025, 8, 2)),
        ("31 Jul 2025 16:05", date(2025, 8, 2)),
        ("31 Jul", date.min),
    ],
)
def test_publication_date_is_none_where_resolve_says_why_not(text: str, reference: date) -> None:
    with pytest.raises(newsdoc.DateError):
        newsdoc.parse_dateline(text).resolve(reference=reference)
    assert article(text).publication_date(reference=reference) is None


# -- what is no date, and what lies outside the calendar -------------------------


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2025-13-45T10:00", "no real date and time"),
        ("2025-07-31T24:00", "no real date and time"),
        ("2025-07-31T16:05+24:00", "offset from UTC is not a real one"),
        ("2025-02-29", "no real date"),
        ("0000-07-31", "no real date"),
        ("31.13.2025", "no real date"),
        ("31 Feb", "no real date"),
        ("9999999999 days ago", "further than any calendar date"),
    ],
)
def test_a_dateline_naming_no_real_date_has_no_parts(text: str, reason: str) -> None:
    dateline = newsdoc.parse_dateline(text)
    assert dateline.parts is None
    with pytest.raises(newsdoc.DateError, match=reason):
        dateline.resolve(reference=REFERENCE)


def test_an_iso_timestamp_keeps_its_fraction_and_offset() -> None:
    parts = newsdoc.parse_dateline("2025-07-31T16:05:07,5-0000").parts
    assert parts == newsdoc.DateParts(
        year=2025, month=7, day=31, time=time(16, 5, 7, 500000), zone="+00:00"
    )


@pytest.mark.parametrize(
    ("text", "reference", "reason"),
    [
        ("3000000 days ago", date(2025, 8, 2), "before year 1"),
        ("2 hours ago", datetime(1, 1, 1, 1, tzinfo=UTC), "before year 1"),
        ("31 Jul", date.min, "no 31 Jul falls between year 1 and 0001-01-02"),
        ("29 Feb", date(3, 12, 31), "no 29 Feb falls between year 1 and 0004-01-01"),
    ],
)
def test_a_date_before_year_1_is_a_date_error(text: str, reference: date, reason: str) -> None:
    with pytest.raises(newsdoc.DateError, match=reason):
        newsdoc.parse_dateline(text).resolve(reference=reference)


def test_a_yearless_date_read_at_the_end_of_the_calendar_falls_in_its_last_year() -> None:
    dateline = newsdoc.parse_dateline("31 Jul")
    assert dateline.resolve(reference=date.max).value == date(9999, 7, 31)
    assert dateline.resolve(reference=date.max, tolerance=timedelta.max).value == date(9999, 7, 31)
    with pytest.raises(newsdoc.DateError, match="before year 1"):
        dateline.resolve(reference=date.min, tolerance=timedelta.min)


def test_29_february_in_year_4_is_found_from_year_4() -> None:
    resolved = newsdoc.parse_dateline("29 Feb").resolve(reference=date(4, 12, 31))
    assert resolved.value == date(4, 2, 29)


def test_a_body_year_in_which_the_day_does_not_exist_is_not_used() -> None:
    page = article("29 Feb", "On Feb 29, 2025 nothing happened.", "Nor on 0000-02-29.")
    assert page.publication_date() is None
    assert page.publication_date(reference=date(2025, 8, 2)).value == date(2024, 2, 29)  # type: ignore[union-attr]


def test_a_body_year_wins_even_where_the_reference_gives_none() -> None:
    page = article("29 Feb", "On Feb 29, 2024 the line opened.")
    resolved = page.publication_date(reference=date(3, 12, 31))
    assert resolved is not None
    assert resolved.value == date(2024, 2, 29)
    assert resolved.notes[0].startswith("the reference gives no year: no 29 Feb falls")


# -- arguments of the wrong type ------------------------------------------------


@pytest.mark.parametrize(
    ("reference", "tolerance", "message"),
    [
        ("2025-08-15", DEFAULT_TOLERANCE, "reference must be a datetime.date.*got str"),
        (1754092800, DEFAULT_TOLERANCE, "reference must be a datetime.date.*got int"),
        (date(2025, 8, 2), 5, "tolerance must be a timedelta, got int"),
        (None, "1 day", "tolerance must be a timedelta, got str"),
    ],
)
@pytest.mark.parametrize("dateline", [None, "31 Jul", "Breaking news", "2 hours ago"])
def test_arguments_of_the_wrong_type_raise_field_type_error(
    reference: object, tolerance: object, message: str, dateline: str | None
) -> None:
    page = newsdoc.Article(
        title="T", dateline=None if dateline is None else newsdoc.Dateline(text=dateline)
    )
    with pytest.raises(newsdoc.FieldTypeError, match=message) as caught:
        page.publication_date(reference, tolerance=tolerance)  # type: ignore[arg-type]
    assert isinstance(caught.value, TypeError)
    if dateline is not None:
        with pytest.raises(newsdoc.FieldTypeError, match=message):
            newsdoc.Dateline(text=dateline).resolve(reference, tolerance=tolerance)  # type: ignore[arg-type]


@pytest.mark.parametrize("dateline", [None, "31 Jul", "Breaking news", "2 hours ago"])
def test_a_naive_reference_is_a_validation_error(dateline: str | None) -> None:
    page = newsdoc.Article(
        title="T", dateline=None if dateline is None else newsdoc.Dateline(text=dateline)
    )
    naive = datetime(2025, 8, 2, 9)
    with pytest.raises(newsdoc.ValidationError, match="timezone-aware") as caught:
        page.publication_date(naive)
    assert not isinstance(caught.value, TypeError)
    if dateline is not None:
        with pytest.raises(newsdoc.ValidationError, match="timezone-aware"):
            newsdoc.Dateline(text=dateline).resolve(naive)


def test_a_zone_name_is_never_read_as_the_machines_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    # dateutil, left to itself, reads a zone name the machine's zone shares
    # as the machine's zone.
    monkeypatch.setattr("time.tzname", ("QQT", "QQT"))
    assert parse_with_dateutil("16:05 QQT, 31 Jul 2025") == (
        "its time zone 'QQT' is unknown; "
        "newsdoc knows BST, CEST, CET, EDT, EST, ET, GMT, IST, PDT, PST, PT, UTC"
    )


def test_nothing_reads_the_clock() -> None:
    source = (Path(newsdoc.__file__).parent / "_dates.py").read_text(encoding="utf-8")
    for call in ("now(", "today(", "utcnow(", "time.time", "localtime("):
        assert call not in source


def test_reading_the_parts_changes_nothing_stored() -> None:
    page = newsdoc.loads("Night trains return\n31 Jul\n\nOn 31 July 2025 they ran.")
    before = newsdoc.dumps(page)
    assert page.dateline is not None
    assert page.dateline.parts == newsdoc.DateParts(month=7, day=31)
    copy = pickle.loads(pickle.dumps(page))
    assert copy == page
    assert newsdoc.dumps(copy) == before


# -- properties -----------------------------------------------------------------

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
FULL = [date(2000, month, 1).strftime("%B") for month in range(1, 13)]
references = st.dates(min_value=date(1901, 1, 1), max_value=date(2199, 12, 31))
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2000, 12, 31))  # a leap year


@st.composite
def yearless(draw: st.DrawFn) -> tuple[str, int, int]:
    day = draw(days)
    month = draw(st.sampled_from([MONTHS, FULL]))[day.month - 1]
    text = draw(st.sampled_from([f"{day.day} {month}", f"{month} {day.day}"]))
    return text, day.month, day.day


@given(yearless(), references, st.integers(0, 3).map(lambda d: timedelta(days=d)))
def test_a_yearless_date_resolves_to_its_latest_occurrence(
    dateline: tuple[str, int, int], reference: date, tolerance: timedelta
) -> None:
    text, month, day = dateline
    resolved = newsdoc.parse_dateline(text).resolve(reference=reference, tolerance=tolerance)
    value = resolved.value
    limit = reference + tolerance
    assert value <= limit
    if (month, day) == (2, 29):
        leap_years = [y for y in range(limit.year - 8, limit.year + 1) if calendar.isleap(y)]
        assert value.year == max(y for y in leap_years if date(y, 2, 29) <= limit)
    else:
        assert limit - value <= timedelta(days=366)
    assert resolved == newsdoc.parse_dateline(text).resolve(
        reference=reference, tolerance=tolerance
    )


@given(line_texts())
def test_a_parsed_dateline_keeps_its_text(text: str) -> None:
    assert newsdoc.parse_dateline(text).text == text


@st.composite
def fast_shapes(draw: st.DrawFn) -> str:
    day = draw(st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31)))
    month = draw(st.sampled_from([MONTHS, FULL]))[day.month - 1]
    year = draw(st.sampled_from(["", f" {day.year}", f", {day.year}"]))
    return draw(
        st.sampled_from(
            [
                f"{day.day} {month}{year}",
                f"{month} {day.day}{year}",
                day.isoformat(),
                f"{day.day:02d}.{day.month:02d}.{day.year}",
            ]
        )
    )


@given(fast_shapes())
def test_the_fast_path_and_dateutil_agree(text: str) -> None:
    assert parse_parts(text) == parse_with_dateutil(text)


@given(references, days)
def test_infer_year_is_the_latest_not_after_the_limit(reference: date, day: date) -> None:
    year = infer_year(day.month, day.day, reference, timedelta(0))
    later = [y for y in range(year + 1, reference.year + 1) if _exists(y, day)]
    assert all(date(y, day.month, day.day) > reference for y in later)
    assert date(year, day.month, day.day) <= reference


def _exists(year: int, day: date) -> bool:
    try:
        date(year, day.month, day.day)
    except ValueError:
        return False
    return True


def test_a_time_without_a_zone_takes_the_reference_zone_and_says_so() -> None:
    resolved = newsdoc.parse_dateline("31 Jul 2025 16:05").resolve(reference=REFERENCE)
    assert resolved.value == datetime(2025, 7, 31, 16, 5, tzinfo=UTC)
    assert resolved.inferred == {"zone"}
    with pytest.raises(newsdoc.DateError, match="no zone"):
        newsdoc.parse_dateline("31 Jul 2025 16:05").resolve(reference=date(2025, 8, 2))
    assert newsdoc.parse_dateline("31 Jul 2025 16:05").parts == newsdoc.DateParts(
        year=2025, month=7, day=31, time=time(16, 5)
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "On July 31, 2024, the deal was signed.",
        "It was signed on 31 July 2024 in Rotterdam.",
        "Signed Jul. 31 2024.",
        "Signed on 31st July, 2024.",
        "Signed (2024-07-31).",
        "SIGNED ON 31 JUL 2024.",
    ],
)
def test_the_body_year_is_found_in_every_written_form(sentence: str) -> None:
    page = article("31 Jul", "Nothing here.", sentence)
    assert page.publication_date() == newsdoc.ResolvedDate(
        value=date(2024, 7, 31), inferred=frozenset({"year"}), source="body"
    )


@pytest.mark.parametrize(
    "sentence",
    ["Julyan 31, 2024 was not a date.", "On July 31, 20245, nothing.", "On 131 July 2024."],
)
def test_words_and_numbers_that_only_look_like_the_date_are_ignored(sentence: str) -> None:
    assert article("31 Jul", sentence).publication_date() is None


# -- hostile text ---------------------------------------------------------------

LONG = 200_000
HOSTILE_LONG = [
    "a" + " " * LONG + "x1",
    "31" + " " * LONG + "Jul",
    "Updated" + " " * LONG + "31 Jul 2025",
    "last" + " " * LONG + "updated",
    "31 Jul 2025 16:05" + " " * LONG + "(IST)",
    "1" * LONG,
    "1" * LONG + " days ago",
    "1" + " " * LONG + "hours ago",
    "x" + " at" * LONG + " x",
    "31 Jul 2025" + " at" * LONG + " 16:05 IST",
    "(" * LONG + "IST)",
    "2025-07-31T16:05:00." + "1" * LONG,
    "Mon, " * LONG + "31 Jul",
    "Updated " * LONG + "31 Jul",
    "1/" * LONG + "1",
    "1." * LONG + "2025",
    "A" * LONG,
    "31" + " Jul" * LONG,
]


@pytest.mark.parametrize("text", HOSTILE_LONG, ids=lambda text: repr(text[:24]))
def test_long_hostile_datelines_give_an_answer(text: str) -> None:
    # A regular expression that backtracks over these would not finish.
    dateline = newsdoc.Dateline(text=text)
    assert dateline.parts is None or isinstance(dateline.parts, newsdoc.DateParts)
    try:
        resolved = dateline.resolve(reference=REFERENCE)
    except newsdoc.DateError:
        assert article(text).publication_date(reference=REFERENCE) is None
    else:
        assert article(text).publication_date(reference=REFERENCE) == resolved


@pytest.mark.parametrize(
    "paragraph",
    [
        "Jul" + " " * LONG + "31",
        "jul 31" + " " * LONG + "x2024",
        "31" + " " * LONG + "July 2024",
        "31" + " jul" * LONG,
        "July 31, 20" * LONG,
        "-07-31" * LONG,
    ],
    ids=lambda text: repr(text[:24]),
)
def test_long_hostile_bodies_give_an_answer(paragraph: str) -> None:
    page = article("31 Jul", paragraph)
    assert page.publication_date() is None
    assert page.publication_date(reference=REFERENCE) == newsdoc.ResolvedDate(
        value=date(2025, 7, 31),
        inferred=frozenset({"year"}),
        reference=REFERENCE,
        source="reference",
    )


HOSTILE = [
    "9999999999 days ago",
    "99999999999 days ago",
    "3000000 days ago",
    "1000000000000 mins ago",
    "29 Feb",
    "31 Jul",
    "31 Dec",
    "1 Jan",
    "31 Feb",
    "2025-13-45T10:00",
    "2025-07-31T24:61:61+25:99",
    "9999-12-31T23:59:59.9999999-23:59",
    "0001-01-01T00:00+23:59",
    "0000-01-01",
    "31 Jul 0000",
    "Feb 29, 2025",
    "Feb 29, 4:05 PM",
    "16:05 XYZ, 31 Jul 2025",
    "Jul 31, 2025, 4:05 PM (IST)",
    "Updated: 31 July 2025 at 16:05 XYZ",
    "31 Jul 2025 16:05 GMT+3",
    "31 Jul 2025 16:05 +9999",
    "1 1;0",
    "03/04/2025",
    "Just now",
    "Yesterday",
]
EXTREME_REFERENCES = [
    date.min,
    date.max,
    date(3, 12, 31),
    datetime.min.replace(tzinfo=UTC),
    datetime.max.replace(tzinfo=UTC),
    datetime(1, 1, 1, tzinfo=IST),
    datetime(9999, 12, 31, 23, 59, tzinfo=timezone(-timedelta(hours=23, minutes=59))),
]


def _accepted(text: str) -> bool:
    try:
        newsdoc.Dateline(text=text)
    except newsdoc.ValidationError:
        return False
    return True


dateline_texts = st.one_of(
    st.text(),
    st.sampled_from(HOSTILE),
    fast_shapes(),
    yearless().map(lambda drawn: drawn[0]),
).filter(_accepted)
any_references = st.one_of(
    st.none(),
    st.dates(),
    st.datetimes(timezones=st.timezones()),
    st.sampled_from(EXTREME_REFERENCES),
)
body_sentences = st.lists(
    st.sampled_from(
        [
            "On Feb 29, 2024, the line opened.",
            "On Feb 29, 2025, nothing happened.",
            "Dated 0000-07-31 in the archive.",
            "Signed on 31 July 0000.",
            "Signed on 31 July 9999.",
            "²²²²-07-31 is no year.",
            "On Dec 31, 2024, the last train left.",
        ]
    ),
    max_size=3,
)


@given(dateline_texts, any_references, body_sentences)
def test_dates_answer_one_way(text: str, reference: date | None, body: list[str]) -> None:
    dateline = newsdoc.Dateline(text=text)
    parts = dateline.parts
    assert parts is None or isinstance(parts, newsdoc.DateParts)
    try:
        resolved = dateline.resolve(reference=reference)
    except newsdoc.DateError:
        resolved = None
    else:
        assert isinstance(resolved, newsdoc.ResolvedDate)
        assert parts is not None
    try:
        page = newsdoc.Article(title="T", dateline=dateline, body=tuple(body))
    except newsdoc.ValidationError:
        return  # the page would read the line as another block ("Summary")
    published = page.publication_date(reference)
    assert published is None or isinstance(published, newsdoc.ResolvedDate)
    if resolved is not None and not body:
        assert published == resolved
