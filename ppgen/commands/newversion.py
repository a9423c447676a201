"""`ppgen new POLICY`: start the next version of a policy from its latest text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from ppgen.core import paths
from ppgen.core.chars import decode
from ppgen.core.dates import RANGE_HINT, in_range, parse_day
from ppgen.core.errors import PpgenError, Problem, display_path
from ppgen.core.paths import Root
from ppgen.source import frontmatter
from ppgen.source.config import Settings
from ppgen.source.folder import content_root
from ppgen.source.load import SLUG, VERSION_FILE


@dataclass(frozen=True)
class NewVersion:
    """What `ppgen new` made."""

    path: Path
    """The file written (the new version, or the single file whose `effective` moved)."""
    effective: date
    """When the new version takes effect."""
    previous: date
    """When the version it was copied from took effect."""


def _front(text: str, shown: str) -> frontmatter.FrontMatter:
    return frontmatter.split(text, shown)  # a FrontMatterError is a PpgenError


def _latest_file(folder: Path, root: Root) -> tuple[Path, date]:
    dated = []
    for path in paths.listing(folder, root, "policy folder"):
        match = VERSION_FILE.fullmatch(path.name)
        if match and match.group(2) is None:  # the controlling language's text, not a translation
            try:
                dated.append((date.fromisoformat(match.group(1)), path))
            except ValueError:
                continue
    if not dated:
        raise PpgenError(
            Problem(
                "policy folder has no versions to start from",
                display_path(folder),
                hint="write the first version by hand: YYYY-MM-DD.md with `title:` in its front matter",
            )
        )
    day, path = max(dated)
    return path, day


def _without_keys(text: str, front: frontmatter.FrontMatter, drop: set[str], effective: date) -> str:
    """The file with `effective` set and the `drop` keys (with their continuation lines) removed."""
    lines = text.split("\n")
    starts = sorted(front.lines.values()) + [front.end_line]
    out = ["---", f"effective: {effective.isoformat()}"]
    for key, start in sorted(front.lines.items(), key=lambda item: item[1]):
        end = next(s for s in starts if s > start)
        if key not in drop and key != "effective":
            out.extend(lines[start - 1 : end - 1])
    return "\n".join(out + lines[front.end_line - 1 :])


def new_version(settings: Settings, slug: str, effective: date | None, today: date) -> NewVersion:
    """Write the next version of `slug`, taking effect on `effective` (default: today plus notice_days)."""
    content = settings.content_dir
    root = content_root(content)
    folder, single = content / slug, content / f"{slug}.md"
    if not SLUG.fullmatch(slug) or not (folder.is_dir() or single.is_file()):
        entries = paths.listing(content, root, "content folder") if content.is_dir() else []
        known = sorted(p.stem if p.is_file() else p.name for p in entries if SLUG.fullmatch(p.stem))
        raise PpgenError(
            Problem(
                f"no policy `{slug}`",
                display_path(content),
                hint="policies here: " + (", ".join(known) or "none yet"),
            )
        )
    when = effective or today + timedelta(days=settings.notice_days)
    if not in_range(when):
        raise PpgenError(
            Problem(
                f"{when.isoformat()} is outside the years ppgen works with", "--effective", None, RANGE_HINT
            )
        )
    if folder.is_dir():
        source, previous = _latest_file(folder, root)
    else:
        source = single
    shown = display_path(source)
    text = decode(paths.read(source, root, "version file"), shown)
    front = _front(text, shown)
    if single.is_file() and not folder.is_dir():
        value = front.data.get("effective")
        if value is None:
            raise PpgenError(
                Problem(
                    "no effective date to move on from",
                    shown,
                    front.end_line,
                    "add `effective: YYYY-MM-DD` for the text as it is, and commit it first",
                )
            )
        try:
            previous = parse_day(str(value), settings.zone)
        except ValueError:
            raise PpgenError(
                Problem(
                    f"`effective: {value}` is not a date",
                    shown,
                    front.lines.get("effective"),
                    "write YYYY-MM-DD",
                )
            ) from None
    if when <= previous:
        raise PpgenError(
            Problem(
                f"the new version must take effect after the latest one ({previous.isoformat()})",
                shown,
                front.lines.get("effective", 1),
                f"pass --effective with a date after {previous.isoformat()}",
            )
        )
    if folder.is_dir():
        # Only `effective`: the title is inherited, and summary, updated, aliases and id describe the old version.
        target = folder / f"{when.isoformat()}.md"
        new_text = f"---\neffective: {when.isoformat()}\n---\n{front.body}"
    else:
        target = single
        new_text = _without_keys(text, front, {"summary", "updated", "effective", "corrections"}, when)
    target.write_text(new_text, encoding="utf-8", newline="\n")
    return NewVersion(target, when, previous)
