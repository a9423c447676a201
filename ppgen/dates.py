"""Parse effective dates, decide the build's "today", and write dates for readers."""

from __future__ import annotations

import os
import re
from datetime import date, datetime, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.dates import format_date

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})")


def parse_day(value: str, zone: ZoneInfo) -> date:
    """A date (`2025-10-15`) or ISO date-time with offset, as a day in `zone`; ValueError when neither."""
    text = value.strip()
    if _DATE.fullmatch(text):
        return date.fromisoformat(text)
    if _DATETIME.fullmatch(text):
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        return moment.astimezone(zone).date()
    raise ValueError(f"`{value}` is not a date")


def build_today(zone: ZoneInfo, as_of: date | None = None) -> date:
    """The build's "today": `--as-of`, else SOURCE_DATE_EPOCH, else the real date, in `zone`."""
    if as_of is not None:
        return as_of
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), timezone.utc).astimezone(zone).date()
    return datetime.now(zone).date()


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
