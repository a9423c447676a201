"""Versions that went from the content after they took effect: a file removed, or renamed to another date or
another policy's folder.

A version that took effect is part of the record a site promises to keep ("earlier versions can be looked
up"). Removing its file takes its page and every redline to it off the site; renaming it moves its address
and changes its effective date; renaming a policy's folder moves every address it had. None of it leaves a
trace a build could see, as the file is no longer there to read: git's history has it, and `ppgen check`
reports it (rule `version-gone`)."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from zoneinfo import ZoneInfo

from ppgen.core.errors import Problem, display_path
from ppgen.source.history import STAGED, History

_VERSION = re.compile(r"([^/]+)/(\d{4}-\d{2}-\d{2})(\.[a-z]{2,3}(?:-[A-Za-z0-9]+)*)?\.md$")
"""A version file's path: its policy's folder, its date, its language if a translation."""


def versions_gone(history: History, zone: ZoneInfo) -> list[Problem]:
    """A problem for each version file removed or renamed by a commit dated on or after its effective date
    (in `zone`), unless a file is at that path again; one for each policy folder renamed so."""
    present = {path.relative_to(history.root).as_posix() for path in history.files}
    found: list[Problem] = []
    folders: set[tuple[str, str]] = set()
    renames: Counter[tuple[str | None, str | None]] = Counter((g.path, g.to) for g in history.gone if g.to)
    for gone in history.gone:
        match = _VERSION.search(gone.path)
        undone = renames[(gone.to, gone.path)] > 0  # renamed, then back (or back, after a rename)
        if match is None or undone or gone.path in present or (history.root / gone.path).exists():
            continue  # not a version, a rename undone, or there again (committed, or restored on disk)
        try:
            effective = date.fromisoformat(match.group(2))
        except ValueError:
            continue  # no date: never a version the site published
        day = gone.when.astimezone(zone).date()
        if effective > day:
            continue  # it had not taken effect: a plan changed, nothing published went
        where = "the staged change" if gone.sha == STAGED else f"commit {gone.sha[:7]} on {day}"
        moved = _VERSION.search(gone.to or "")
        folder = gone.path[: match.start(2)]
        if (
            moved is not None
            and moved.group(1) != match.group(1)
            and moved.group(2) == match.group(2)
            and not any(path.startswith(folder) for path in present)  # the whole folder went
        ):
            if (match.group(1), moved.group(1)) not in folders:
                folders.add((match.group(1), moved.group(1)))
                message = (
                    f"the policy folder {match.group(1)} was renamed to {moved.group(1)} in {where}, after its"
                    f" versions took effect: their addresses (/{match.group(1)}/…) are gone"
                )
                hint = f"keep the old address: aliases: [/{match.group(1)}/] in the front matter of its newest version"
                found.append(
                    Problem(message, display_path(history.root / moved.string), 1, hint, code="version-gone")
                )
            continue
        what = (
            f"renamed to {gone.to[len(folder) if gone.to.startswith(folder) else 0 :]}"
            if gone.to
            else "removed"
        )
        message = (
            f"the version effective {effective} had taken effect when its file was {what} in {where}: its page"
            " and the redlines to it are gone from the site"
        )
        undo = (
            f"git restore --staged --worktree -- {gone.path}"
            if gone.sha == STAGED
            else f"git checkout {gone.sha[:7]}^ -- {gone.path}"
        )
        hint = f"restore it ({undo}): a version that took effect stays on record"
        found.append(
            Problem(message, display_path(history.root / gone.path), None, hint, code="version-gone")
        )
    return found
