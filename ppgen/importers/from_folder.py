"""`ppgen import dir DIR`: a folder of dated snapshots of policies into version files.

Two layouts, which may be mixed: `<name>-YYYY-MM-DD.<ext>` files (the policy's slug made from `<name>`),
and a folder per policy holding `YYYY-MM-DD.<ext>` files (the slug made from the folder's name; files
of that shape directly in DIR belong to DIR's own name). `<ext>` is md, txt or html (see common.KINDS).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ppgen.core.dates import RANGE_HINT, in_range
from ppgen.core.errors import PpgenError, Problem, display_path
from ppgen.importers.common import KINDS, Imported, Snapshot, convert, import_snapshots, slug_of

_DATED = re.compile(r"(?:(?P<name>.*?)[-_ ])?(?P<date>\d{4}-\d{2}-\d{2})(?P<ext>\.[A-Za-z]+)")
_NAMING_HINT = "name it <policy>-YYYY-MM-DD.md (or .txt, .html), or YYYY-MM-DD.md in a folder per policy"


@dataclass(frozen=True)
class _Found:
    path: Path
    slug: str
    effective: date


def _snapshot_files(folder: Path, policy: str | None) -> list[_Found]:
    """Every snapshot under `folder` with its policy and date; PpgenError listing every file that is not one."""
    problems: list[Problem] = []
    found: list[_Found] = []

    def visit(path: Path, owner: str | None) -> None:
        match = _DATED.fullmatch(path.name)
        shown = display_path(path)
        if match is None or match.group("ext").lower() not in KINDS:
            problems.append(Problem("not a dated snapshot", shown, None, _NAMING_HINT))
            return
        try:
            day = date.fromisoformat(match.group("date"))
        except ValueError:
            problems.append(
                Problem(
                    f"{match.group('date')} in the file name is not a date",
                    shown,
                    None,
                    "write the date as YYYY-MM-DD",
                )
            )
            return
        if not in_range(day):
            problems.append(
                Problem(f"{day.isoformat()} is not a plausible effective date", shown, None, RANGE_HINT)
            )
            return
        name = owner if owner is not None else match.group("name") or folder.resolve().name
        slug = policy or slug_of(name)
        if not slug:
            problems.append(
                Problem(f"no policy name can be made from `{name}`", shown, None, "pass --policy SLUG")
            )
            return
        found.append(_Found(path, slug, day))

    try:
        entries = sorted(folder.iterdir())
        for entry in entries:
            if entry.name.startswith("."):
                continue  # .DS_Store, .git and the like: not snapshots, and nobody's text
            if entry.is_dir():
                for inner in sorted(entry.iterdir()):
                    if inner.name.startswith("."):
                        continue
                    if inner.is_dir():
                        problems.append(
                            Problem(
                                "a folder inside a policy folder", display_path(inner), None, _NAMING_HINT
                            )
                        )
                    else:
                        visit(inner, entry.name)
            else:
                visit(entry, None)
    except OSError as err:
        raise PpgenError(
            Problem(
                f"cannot read the folder: {err.strerror or err}",
                display_path(err.filename or folder),
                None,
                "let ppgen read it",
            )
        ) from None
    if problems:
        raise PpgenError(*problems)
    return found


def _clashes(found: list[_Found]) -> list[Problem]:
    """Two snapshots of one policy for one day (`terms-2019-03-01.txt` and `.html`, or through --policy)."""
    problems = []
    seen: dict[tuple[str, date], Path] = {}
    for item in found:
        other = seen.setdefault((item.slug, item.effective), item.path)
        if other != item.path:
            message = (
                f"two snapshots of `{item.slug}` for {item.effective.isoformat()}: "
                f"{display_path(other)} and this one"
            )
            problems.append(Problem(message, display_path(item.path), None, "keep one of them"))
    return problems


def import_dir(folder: Path, content: Path, policy: str | None = None, title: str | None = None) -> Imported:
    """Import every dated snapshot in `folder` into `content`: all of them, or nothing on any error."""
    if not folder.is_dir():
        raise PpgenError(
            Problem("no such folder", display_path(folder), None, "pass the folder that holds the snapshots")
        )
    found = _snapshot_files(folder, policy)
    if not found:
        raise PpgenError(Problem("no snapshots here", display_path(folder), None, _NAMING_HINT))
    problems = _clashes(found)
    snapshots: list[Snapshot] = []
    for item in found:
        shown = display_path(item.path)
        try:
            converted = convert(item.path.read_bytes(), KINDS[item.path.suffix.lower()], shown)
        except PpgenError as err:
            problems.extend(err.problems)
            continue
        except OSError as err:
            problems.append(
                Problem(f"cannot read the file: {err.strerror or err}", shown, None, "let ppgen read it")
            )
            continue
        source = (item.path.relative_to(folder) if item.path.is_relative_to(folder) else item.path).as_posix()
        name = converted.title or title
        snapshots.append(
            Snapshot(
                item.slug,
                item.effective,
                name,
                converted.body,
                f"{folder.resolve().name}/{source}",
                converted.warnings,
                converted.description,
                converted.site_named,
            )
        )
    if problems:
        raise PpgenError(*problems)
    return import_snapshots(content, snapshots)
