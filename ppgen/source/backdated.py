"""Commits of a version's file dated before a commit that came before them.

"Last updated" and `ppgen check`'s rule `changed-after-effective` read each change's committer date. Along
the first-parent history those dates only grow, unless one was set by hand (`GIT_COMMITTER_DATE`), kept
from another branch (`git rebase --committer-date-is-author-date`) or made on a machine whose clock was
wrong. A change dated too early can then look as if it came before a version took effect, and move no
"Last updated": `ppgen check` warns of each such commit (`commit-date-order`), which only a person can
explain."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from ppgen.core.errors import Problem, display_path
from ppgen.source.history import History


def backdated(history: History, zone: ZoneInfo) -> list[Problem]:
    """A warning for each commit of the content dated (as a day in `zone`) before a commit that came before it."""
    found: list[Problem] = []
    latest: tuple[date, str] | None = None
    """The latest day a commit had so far, and that commit's id."""
    for sha, when, path in history.dates:
        day = when.astimezone(zone).date()
        if latest is not None and day < latest[0]:
            message = (
                f"commit {sha[:7]} is dated {day}, before commit {latest[1][:7]} that came before it ({latest[0]}):"
                ' "Last updated" and check read commit dates, so a change it made may be dated too early'
            )
            hint = (
                "find out why (a date set by hand, a rebase with --committer-date-is-author-date, a wrong clock);"
                " if it changed text in force, give that version `updated:` or a correction"
            )
            where = f"{display_path(history.root / path)}@{sha[:7]}"
            found.append(Problem(message, where, None, hint, code="commit-date-order"))
        elif latest is None or day > latest[0]:
            latest = (day, sha)
    return found
