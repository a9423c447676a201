"""Parse effective dates, decide the build's "today", and write dates for readers."""

from __future__ import annotations

import os
import re
from datetime import UTC, date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.dates import ParseError, format_date, parse_date

from ppgen.core.errors import PpgenError, Problem

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})")

FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(9000, 12, 31)
"""Every date ppgen works with (effective, updated, today) lies in these years. A date outside them is a
typo; and the room on both sides keeps all date arithmetic (time-zone offsets, `notice_days` of up to
MAX_NOTICE_DAYS added to a date) inside Python's calendar (years 1 to 9999), so no sum can overflow."""
MAX_NOTICE_DAYS = 3650
"""The most `notice_days` may be: ten years of notice."""
RANGE_HINT = f"use a date from {FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}"
_OUTSIDE = f"is outside the years {FIRST_DAY.year} to {LAST_DAY.year}"
_DATE_HINT = "write YYYY-MM-DD, or an ISO date-time with offset like 2025-10-15T09:00:00+02:00"
_EPOCH_HINT = "set it to whole seconds since 1970-01-01 UTC, e.g. $(git log -1 --format=%ct), or unset it"


class BadDate(ValueError):
    """A value that is not a usable date: what is wrong with it and how to fix it."""

    def __init__(self, reason: str, hint: str) -> None:
        super().__init__(reason)
        self.reason = reason
        """What is wrong, e.g. "is not a date"."""
        self.hint = hint
        """How to fix it."""


def in_range(day: date) -> bool:
    """True when `day` is within FIRST_DAY..LAST_DAY."""
    return FIRST_DAY <= day <= LAST_DAY


def parse_day(value: str, zone: ZoneInfo) -> date:
    """A date (`2025-10-15`) or ISO date-time with offset, as a day in `zone`; BadDate (a ValueError) when
    neither, or when the day is outside FIRST_DAY..LAST_DAY."""
    text = value.strip()
    try:
        if _DATE.fullmatch(text):
            day = date.fromisoformat(text)
        elif _DATETIME.fullmatch(text):
            day = datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(zone).date()
        else:
            raise ValueError(text)
    except ValueError:
        raise BadDate("is not a date", _DATE_HINT) from None
    except OverflowError:  # a moment near year 1 or 9999 moved into the site's zone
        raise BadDate(_OUTSIDE, RANGE_HINT) from None
    if not in_range(day):
        raise BadDate(_OUTSIDE, RANGE_HINT)
    return day


def build_today(zone: ZoneInfo, as_of: date | None = None) -> date:
    """The build's "today": `--as-of`, else SOURCE_DATE_EPOCH, else the real date, in `zone`.

    A value that is set but unusable is an error (PpgenError), never ignored: the build would not be
    reproducible."""
    if as_of is not None:
        if not in_range(as_of):
            raise PpgenError(
                Problem(f"{as_of.isoformat()} {_OUTSIDE}", "--as-of", None, RANGE_HINT, code="build-date")
            )
        return as_of
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:  # unset, or set to nothing (as CI templates do): the real date
        return datetime.now(zone).date()
    if not (epoch.isascii() and epoch.isdigit()):
        message = f"`{epoch[:40]}` is not a whole number of seconds"
        raise PpgenError(Problem(message, "SOURCE_DATE_EPOCH", None, _EPOCH_HINT, code="build-date"))
    today: date | None
    try:
        today = datetime.fromtimestamp(int(epoch), UTC).astimezone(zone).date()
    except (OverflowError, OSError, ValueError):  # beyond what the platform's time functions take
        today = None
    if today is None or not in_range(today):
        raise PpgenError(
            Problem(
                f"{epoch[:40]} seconds {_OUTSIDE}", "SOURCE_DATE_EPOCH", None, _EPOCH_HINT, code="build-date"
            )
        )
    return today


@lru_cache(maxsize=4096)
def long_date(day: date, locale: str) -> str:
    """A date as readers expect it: "October 15, 2025" in en_US (a site writes the same few dates on every page)."""
    return str(format_date(day, "long", locale=locale))


def known_locale(name: str) -> bool:
    """True when dates can be written in locale `name` (e.g. "en_US")."""
    try:
        Locale.parse(name)
    except (UnknownLocaleError, ValueError):
        return False
    return True


_NUMERIC_DATE = re.compile(r"(?<!\d)\d{1,4}[./-]\d{1,2}[./-]\d{1,4}(?!\d)")
_WORD = re.compile(r"[^\W\d_]+\.?")
_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")
_DAY = re.compile(r"(?<!\d)\d{1,2}(?!\d)")


@lru_cache(maxsize=16)
def _month_names(locale: str) -> dict[str, int]:
    """Every way `locale` writes a month as a word (wide and abbreviated, in dates and alone), casefolded."""
    names: dict[str, int] = {}
    months = Locale.parse(locale).months
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            for number, name in months[context][width].items():
                names.setdefault(name.casefold().rstrip("."), number)
    return names


def written_date(text: str, locale: str) -> date | None:
    """The date a line of policy text states ("October 15, 2025", "15.10.2025", "2025-10-15"), read for
    `locale`; None when it states none.

    Babel's `parse_date` reads numeric dates in the locale's order but not months written as words: those
    are looked up in the locale's month names, and the day and year are then the 1–2 and 4-digit numbers."""
    try:
        months = _month_names(locale)
    except (UnknownLocaleError, ValueError):
        months = _month_names("en_US")
    found = next(
        (months[w.casefold().rstrip(".")] for w in _WORD.findall(text) if w.casefold().rstrip(".") in months),
        None,
    )
    try:
        if found is not None:
            year, day = _YEAR.search(text), _DAY.search(_YEAR.sub(" ", text))
            return date(int(year.group()), found, int(day.group())) if year and day else None
        numeric = _NUMERIC_DATE.search(text)
        if numeric is None:
            return None
        if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", numeric.group()):
            year_, month_, day_ = (int(part) for part in numeric.group().split("-"))
            return date(year_, month_, day_)
        parsed = parse_date(numeric.group(), locale=locale)
        return parsed if isinstance(parsed, date) else None
    except (ValueError, IndexError, ParseError):  # Babel raises IndexError on input it cannot place
        return None
