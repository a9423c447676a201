"""ppgen.core.dates: every date ppgen works with is in FIRST_DAY..LAST_DAY, so no date arithmetic can overflow;
"today" from --as-of or SOURCE_DATE_EPOCH is used when valid and an error when not, never ignored."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from badinput import CONFIG, GOOD, invoke
from ppgen.core.dates import FIRST_DAY, LAST_DAY, MAX_NOTICE_DAYS, BadDate, build_today, parse_day
from ppgen.core.errors import PpgenError

UTC = ZoneInfo("UTC")
KIRITIMATI = ZoneInfo("Pacific/Kiritimati")  # UTC+14, the zone furthest ahead


def test_dates_and_date_times_are_read_in_the_sites_zone() -> None:
    assert parse_day("2025-10-15", UTC) == date(2025, 10, 15)
    assert parse_day("2025-10-15T23:30:00-02:00", UTC) == date(2025, 10, 16)
    assert parse_day(" 2025-10-15T01:00:00Z ", ZoneInfo("America/New_York")) == date(2025, 10, 14)


@pytest.mark.parametrize(
    "value",
    [
        "0001-01-01T00:00:00+05:00",
        "9999-12-31T23:00:00-05:00",
        "0001-01-01",
        "9999-12-31",
        "1899-12-31",
        "9001-01-01",
        "9000-12-31T23:00:00-01:00",
    ],
)
def test_a_date_outside_the_years_ppgen_takes_is_a_clear_error(value: str) -> None:
    # The first two raised OverflowError (moving the moment into the site's zone); the others passed and
    # overflowed later, when notice_days or an offset was added to them.
    with pytest.raises(BadDate) as err:
        parse_day(value, KIRITIMATI if value.startswith("9") else UTC)
    assert err.value.reason == "is outside the years 1900 to 9000"
    assert err.value.hint == "use a date from 1900-01-01 to 9000-12-31"


def test_the_range_leaves_room_for_every_sum_ppgen_makes() -> None:
    from datetime import timedelta

    assert parse_day("1900-01-01", UTC) == FIRST_DAY and parse_day("9000-12-31", UTC) == LAST_DAY
    assert (LAST_DAY + timedelta(days=MAX_NOTICE_DAYS)).year < 9999


@pytest.mark.parametrize("value", ["2025-02-30", "2025-13-01", "today", "2025-10-15T25:00Z", "2025-10-15T09"])
def test_what_is_not_a_date_says_so(value: str) -> None:
    with pytest.raises(BadDate, match="is not a date"):
        parse_day(value, UTC)


def test_as_of_and_source_date_epoch_set_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1760486400")  # 2025-10-15T00:00:00Z
    assert build_today(UTC) == date(2025, 10, 15)
    assert build_today(ZoneInfo("America/New_York")) == date(2025, 10, 14)
    assert build_today(UTC, date(2025, 1, 2)) == date(2025, 1, 2)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", " ")  # set to nothing, as CI templates do: the real date
    assert FIRST_DAY < build_today(UTC) < LAST_DAY


@pytest.mark.parametrize(
    ("epoch", "says"),
    [
        ("99999999999999999", "99999999999999999 seconds is outside the years 1900 to 9000"),  # was OSError
        ("9" * 5000, "seconds is outside the years"),  # more digits than int() takes
        ("-1", "`-1` is not a whole number of seconds"),  # ignored before: the build used the real date
        ("1.5e9", "`1.5e9` is not a whole number of seconds"),
        ("yesterday", "`yesterday` is not a whole number of seconds"),
        (
            "１７６０４８６４００",
            "is not a whole number of seconds",
        ),  # full-width digits: str.isdigit() says yes
    ],
)
def test_an_unusable_source_date_epoch_is_an_error(
    monkeypatch: pytest.MonkeyPatch, epoch: str, says: str
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    with pytest.raises(PpgenError) as err:
        build_today(UTC)
    [problem] = err.value.problems
    assert problem.path == "SOURCE_DATE_EPOCH" and problem.line is None and says in problem.message
    assert str(problem).startswith("SOURCE_DATE_EPOCH: ")
    assert "(set it to whole seconds since 1970-01-01 UTC" in str(problem)


def test_an_as_of_outside_the_range_is_an_error() -> None:
    with pytest.raises(PpgenError) as err:
        build_today(UTC, date(9999, 12, 31))
    assert str(err.value) == (
        "--as-of: 9999-12-31 is outside the years 1900 to 9000 (use a date from 1900-01-01 to 9000-12-31)"
    )


# --- through the command line --------------------------------------------------------------------


@pytest.fixture
def site(make_site: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> Path:
    root = make_site(GOOD, CONFIG)
    monkeypatch.chdir(root)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return root


@pytest.mark.parametrize("command", [("build", "-q"), ("check",), ("new", "privacy")])
def test_a_huge_source_date_epoch_is_an_error_in_every_command(
    site: Path, monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...]
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "99999999999999999")
    result = invoke(*command)
    assert result.exit_code == 1, result.stderr
    said = result.stdout if command[0] == "check" else result.stderr  # check's findings are its output
    assert said.startswith("SOURCE_DATE_EPOCH: 99999999999999999 seconds is outside"), said
    assert not (site / "site").exists() and len(list((site / "content" / "privacy").iterdir())) == 2


def test_notice_days_added_to_the_last_day_stays_in_the_calendar(site: Path) -> None:
    # An upcoming version on the last day there is, announced "today": check adds notice_days to today.
    (site / "ppgen.toml").write_text(f"{CONFIG}notice_days = {MAX_NOTICE_DAYS}\n", encoding="utf-8")
    last = site / "content" / "privacy" / "9000-12-31.md"
    last.write_text("---\nsummary: Last.\n---\n\n## Who we are\n\nUs.\n", encoding="utf-8")
    result = invoke("check", "--as-of", "9000-12-30")
    assert result.exit_code == 1
    assert "version 9000-12-31 was announced on 9000-12-30, 1 day before it takes effect" in result.stdout
    assert invoke("build", "-q", "--as-of", "9000-12-31").exit_code == 0
