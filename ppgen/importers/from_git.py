"""`ppgen import git`: one file's git history into version files, one version per day it changed.

Three git processes, whatever the length of the history (as history.py does for a site): `rev-parse`
(the repository's top and whether the clone is shallow), one `log --first-parent --raw -z` limited to
the file's names, and one `cat-file --batch` for the texts of the commits that become versions.

`git log --follow` follows one path only, and guesses; here the user names the file's paths instead
(`--path` for each, in any order), and the walk follows the file from name to name: a commit that
renames one name to another, or deletes one and adds another, moves the file on. Two of the names
existing at once is an error, since which one is the policy cannot be known.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath
from zoneinfo import ZoneInfo

from ppgen.core.dates import RANGE_HINT, in_range, long_date, written_date
from ppgen.core.errors import PpgenError, Problem, display_path
from ppgen.importers.common import KINDS, Imported, Snapshot, convert, import_snapshots
from ppgen.source import git
from ppgen.source.git import Commit
from ppgen.source.history import SHALLOW_HINT

_DATE_LINE = re.compile(
    r"^\W*(?:effective\s+date|last\s+(?:updated|modified|revised)|effective\s+(?:as\s+of|from|on))\b\s*(?:on\b|as\s+of\b)?\s*[:：]?(?P<rest>.*)$",
    re.IGNORECASE,
)
"""A line that states the version's date: "Effective date: …", "Last updated: …", "Effective as of …"."""
_MARKUP = re.compile(r"<[^>]*>|[*_`#>|]")
"""Tags and Markdown emphasis around the words, which the line is read without."""


@dataclass(frozen=True)
class _State:
    """The file as one commit left it."""

    commit: Commit
    path: str
    blob: str

    def shown(self, repo: str) -> str:
        return f"{repo}@{self.commit.sha[:7]}:{self.path}"


def _states(commits: Sequence[Commit], names: set[str], repo: str) -> list[_State]:
    """The file's text after each commit that changed it, following it across the given names."""
    alive: dict[str, str] = {}
    states: list[_State] = []
    for commit in commits:
        for change in commit.changes:
            if change.old in alive and change.status in "RD":
                del alive[change.old]
            if change.new in names and change.status in "ACMRT":
                alive[change.new] = change.new_blob
        if len(alive) > 1:
            both = " and ".join(sorted(alive))
            hint = "pass only names the policy's one file had; import the others as policies of their own"
            raise PpgenError(
                Problem(
                    f"the commit has two of the given paths at once: {both}",
                    f"{repo}@{commit.sha[:7]}",
                    None,
                    hint,
                )
            )
        for path, blob in alive.items():
            if not states or states[-1].blob != blob:  # a pure rename changes no text
                states.append(_State(commit, path, blob))
    return states


def _last_of_each_day(states: list[_State], zone: ZoneInfo) -> list[tuple[date, _State]]:
    days: dict[date, _State] = {}
    for state in states:
        days[state.commit.when.astimezone(zone).date()] = state  # oldest first: the day's last commit wins
    return sorted(days.items(), key=lambda item: item[0])


def stated_date(text: str, locale: str, shown: str) -> tuple[date, int]:
    """The date the text's "Effective date:"/"Last updated:"/"Effective as of" line states, and that line."""
    first_bad: tuple[int, str] | None = None
    for number, line in enumerate(text.split("\n"), start=1):
        match = _DATE_LINE.match(_MARKUP.sub("", html.unescape(line)).strip())
        if match is None:
            continue
        day = written_date(match.group("rest"), locale)
        if day is not None:
            if not in_range(day):
                raise PpgenError(
                    Problem(f"{day.isoformat()} is not a plausible effective date", shown, number, RANGE_HINT)
                )
            return day, number
        first_bad = first_bad or (number, " ".join(line.split())[:60])
    if first_bad is not None:
        example = long_date(date(2025, 10, 15), locale)
        hint = f"write it as {example} or 2025-10-15, or import without --date-from-text"
        raise PpgenError(Problem(f"no date ppgen can read in `{first_bad[1]}`", shown, first_bad[0], hint))
    hint = (
        'add a line "Effective date: …" or "Last updated: …" to the text, or import without --date-from-text'
    )
    raise PpgenError(Problem("no line states the date this version takes effect", shown, None, hint))


def _dated_by_text(
    days: list[tuple[date, _State]], blobs: dict[str, bytes], locale: str, repo: str
) -> list[tuple[date, _State, tuple[Problem, ...]]]:
    """Each version's date from its text; the last commit stating a date gives that version's text, and each
    earlier text stating it too is a warning (policies often keep a stale date line while their text changes)."""
    problems: list[Problem] = []
    dated: dict[date, tuple[_State, int]] = {}
    left_out: dict[date, list[Problem]] = {}
    latest: tuple[date, str] | None = None
    for _, state in days:
        shown = state.shown(repo)
        try:
            day, line = stated_date(blobs.get(state.blob, b"").decode("utf-8", "replace"), locale, shown)
        except PpgenError as err:
            problems.extend(err.problems)
            continue
        if latest is not None and day < latest[0]:
            message = f"the text states {day.isoformat()}, before the {latest[0].isoformat()} of {latest[1]}"
            problems.append(
                Problem(
                    message,
                    shown,
                    line,
                    "correct the date in that commit's text, or import without --date-from-text",
                )
            )
            continue
        latest = (day, shown)
        if day in dated:
            earlier, earlier_line = dated[day]
            message = (
                f"left out: a later text ({state.commit.sha[:7]}) states {day.isoformat()} too, "
                "and replaces this one"
            )
            hint = "import without --date-from-text to keep every text, dated by its commit"
            left_out.setdefault(day, []).append(Problem(message, earlier.shown(repo), earlier_line, hint))
        dated[day] = (state, line)
    if problems:
        raise PpgenError(*problems)
    return [
        (day, state, tuple(left_out.get(day, ())))
        for day, (state, _) in sorted(dated.items(), key=lambda item: item[0])
    ]


def _log(repo: Path, paths: Sequence[str]) -> tuple[list[Commit], list[str], str]:
    """(the first-parent commits touching any of `paths`, oldest first; the paths from the repository's top;
    its name)."""
    found = git.discover(repo)
    if found is None:
        raise PpgenError(
            Problem(
                "not a git repository",
                display_path(repo),
                None,
                "pass the folder of a git checkout to --repo",
            )
        )
    top, prefix, shallow = found
    if shallow:
        raise PpgenError(
            Problem(
                "the clone is shallow: older versions would be missing",
                display_path(repo),
                None,
                SHALLOW_HINT.split("; or")[0],
            )
        )
    names = [str(PurePosixPath(prefix + path.replace("\\", "/"))) for path in paths]
    pathspecs = [f":(top,literal){name}" for name in names]
    return git.parse_log(git.run(git.log_command(pathspecs), top), top), names, top.name


def import_git(
    repo: Path,
    paths: Sequence[str],
    slug: str,
    content: Path,
    zone: ZoneInfo,
    locale: str,
    date_from_text: bool = False,
    title: str | None = None,
) -> Imported:
    """Import the history of one file (under each of its `paths`) of the git checkout `repo` as versions of `slug`."""
    commits, names, repo_name = _log(repo, paths)
    states = _states(commits, set(names), repo_name)
    seen = {
        path for commit in commits for change in commit.changes for path in (change.old, change.new) if path
    }
    missing = [name for name in names if name not in seen]
    if missing:
        hint = (
            "give the file's path from the repository's top, and each older name it had "
            "(git log --follow --name-status -- FILE lists them)"
        )
        raise PpgenError(
            *(
                Problem(
                    "no commit on the first-parent history of HEAD has this file",
                    f"{repo_name}:{name}",
                    None,
                    hint,
                )
                for name in missing
            )
        )
    days = _last_of_each_day(states, zone)
    blobs = git.read_blobs(repo, {state.blob for _, state in days})
    versions = (
        _dated_by_text(days, blobs, locale, repo_name)
        if date_from_text
        else [(day, state, ()) for day, state in days]
    )
    problems: list[Problem] = []
    snapshots = []
    for day, state, left_out in versions:
        shown = state.shown(repo_name)
        try:
            converted = convert(
                blobs.get(state.blob, b""), KINDS.get(PurePosixPath(state.path).suffix.lower(), "md"), shown
            )
        except PpgenError as err:
            problems.extend(err.problems)
            continue
        name = converted.title or title
        source = f"{repo_name}@{state.commit.sha}:{state.path}"
        warnings = left_out + converted.warnings
        snapshot = Snapshot(
            slug, day, name, converted.body, source, warnings, converted.description, converted.site_named
        )
        snapshots.append(snapshot)
    if problems:
        raise PpgenError(*problems)
    return import_snapshots(content, snapshots)
