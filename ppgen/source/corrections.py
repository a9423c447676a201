"""Front-matter `corrections`: acknowledged edits to the text of a version already in force.

A correction is `{date, note}`: the day the text was changed (in the site's time zone) and one line on
what changed. It is shown to visitors on the version's page, "Last updated" follows the newest, and
`ppgen check` accepts a change to text in force made on a day that has one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from zoneinfo import ZoneInfo

from ppgen.core.dates import BadDate, parse_day
from ppgen.core.errors import Problem
from ppgen.core.model import Correction

KEYS = ("date", "note")
"""The keys of one correction, in the order people write them."""
EXAMPLE = 'corrections: [{date: 2026-11-15, note: "Fixed a typo in section 4"}]'
_ITEM = re.compile(r"( *)-(?: |$)")


def item_lines(lines: Sequence[str], key_line: int | None, end_line: int, count: int) -> list[int | None]:
    """The file line where each of `count` entries of a block list under `key_line` starts.

    The front matter keeps only the lines of its top-level keys; entries written one per `- ` line
    (the usual way) are found by their dashes, the outermost ones. Any other layout (a flow list
    `[{…}, {…}]`, say) points every entry at the key's line, which is still the right place to look."""
    if key_line is None:
        return [None] * count
    found: list[tuple[int, int]] = []
    for number in range(key_line + 1, end_line):
        text = lines[number - 1]
        if text and not text[0].isspace() and not text.startswith(("-", "#")):
            break  # the next top-level key
        match = _ITEM.match(text)
        if match:
            found.append((len(match.group(1)), number))
    outer = min((indent for indent, _ in found), default=0)
    starts = [number for indent, number in found if indent == outer]
    return list(starts) if len(starts) == count else [key_line] * count


def _key_line(lines: Sequence[str], start: int | None, stop: int, key: str) -> int | None:
    """The line of `key:` inside the entry that starts at `start` (the entry's line when not found alone)."""
    if start is None:
        return None
    pattern = re.compile(rf"\s*(?:-\s+)?{key}\s*:")
    for number in range(start, max(stop, start + 1)):
        if pattern.match(lines[number - 1]):
            return number
    return start


def read_corrections(
    value: object,
    lines: Sequence[str],
    key_line: int | None,
    end_line: int,
    shown: str,
    zone: ZoneInfo,
    effective: date | None,
) -> tuple[tuple[Correction, ...], list[Problem]]:
    """The corrections a front-matter value lists, oldest first, and every problem with them (path:line).

    `lines` is the file's text split in lines, `key_line` the line of `corrections:`, `end_line` the line
    that closes the front matter."""
    problems: list[Problem] = []
    if value is None:
        problems.append(
            Problem(
                "`corrections` is empty",
                shown,
                key_line,
                f"write {EXAMPLE}, or leave the key out",
                code="corrections",
            )
        )
        return (), problems
    if not isinstance(value, list):
        message = "`corrections` must be a list of corrections, each with a `date` and a `note`"
        problems.append(Problem(message, shown, key_line, f"e.g. {EXAMPLE}", code="corrections"))
        return (), problems
    starts = item_lines(lines, key_line, end_line, len(value))
    ends = [*starts[1:], end_line] if starts else []  # an entry ends where the next one starts
    found: list[Correction] = []
    for number, (entry, start, stop) in enumerate(zip(value, starts, ends, strict=True), 1):
        where = f"correction {number}"
        if not isinstance(entry, dict):
            message = f"{where} must be a mapping with a `date` and a `note`"
            problems.append(
                Problem(
                    message,
                    shown,
                    start,
                    "e.g. - {date: 2026-11-15, note: Fixed a typo in section 4}",
                    code="corrections",
                )
            )
            continue
        for key in sorted(set(map(str, entry)) - set(KEYS)):
            message = f"unknown key `{key}` in {where}"
            problems.append(
                Problem(
                    message,
                    shown,
                    _key_line(lines, start, stop or end_line, key),
                    "a correction has a `date` and a `note`, nothing else",
                    code="corrections",
                )
            )
        day = _day(
            entry, where, shown, _key_line(lines, start, stop or end_line, "date"), zone, effective, problems
        )
        note = _note(entry, where, shown, _key_line(lines, start, stop or end_line, "note"), problems)
        if day is not None and note is not None:
            found.append(Correction(day, note, start))
    found.sort(key=lambda correction: correction.date)  # any order in the file; oldest first on the page
    return tuple(found), problems


def _day(
    entry: dict[object, object],
    where: str,
    shown: str,
    line: int | None,
    zone: ZoneInfo,
    effective: date | None,
    problems: list[Problem],
) -> date | None:
    value = entry.get("date")
    if value is None:
        said = "has no `date`" if "date" not in entry else "has an empty `date`"
        problems.append(
            Problem(
                f"{where} {said}",
                shown,
                line,
                "add `date: YYYY-MM-DD`, the day the text was changed",
                code="corrections",
            )
        )
        return None
    try:
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            raise BadDate("is not a date", "write YYYY-MM-DD")
        day = parse_day(str(value), zone)
    except BadDate as err:
        problems.append(
            Problem(f"{where}: `date: {value}` {err.reason}", shown, line, err.hint, code="corrections")
        )
        return None
    if effective is not None and day < effective:
        message = (
            f"{where} is dated {day.isoformat()}, before the version takes effect ({effective.isoformat()})"
        )
        hint = (
            "a correction records a change to text already in force: date it on the day the text was changed"
        )
        problems.append(Problem(message, shown, line, hint, code="corrections"))
        return None
    return day


def _note(
    entry: dict[object, object], where: str, shown: str, line: int | None, problems: list[Problem]
) -> str | None:
    value = entry.get("note")
    hint = 'add `note: "…"`: one line on what was changed, for visitors'
    if value is None or (isinstance(value, str) and not value.strip()):
        said = "has no `note`" if "note" not in entry else "has an empty `note`"
        problems.append(Problem(f"{where} {said}", shown, line, hint, code="corrections"))
        return None
    if not isinstance(value, str):
        problems.append(
            Problem(f"{where}: `note` must be a line of text", shown, line, hint, code="corrections")
        )
        return None
    if "\n" in value.strip() or "\u2028" in value or "\u2029" in value:
        problems.append(
            Problem(
                f"{where}: `note` must be one line",
                shown,
                line,
                "write what was changed in one line; git keeps the details",
                code="corrections",
            )
        )
        return None
    return " ".join(value.split())


def acknowledged(corrections: Sequence[Correction], day: date) -> bool:
    """Whether a correction acknowledges a change to the text made on `day`."""
    return any(correction.date == day for correction in corrections)
