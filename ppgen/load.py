"""Read the content folder into a validated Site (every problem reported at once)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ppgen import frontmatter
from ppgen.config import Settings
from ppgen.dates import parse_day
from ppgen.errors import PpgenError, Problem, display_path
from ppgen.model import Policy, Site, Version

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
VERSION_FILE = re.compile(r"(\d{4}-\d{2}-\d{2})\.md")
FRONT_MATTER_KEYS = ("title", "effective", "updated", "summary", "aliases", "id")


@dataclass(frozen=True)
class Source:
    """One version's text as read, before it becomes a Version."""

    path: Path
    """Where it was read from."""
    raw: bytes
    """The exact bytes."""
    name_date: date | None
    """The date in the file name (file mode), if any."""


def decode(raw: bytes, shown: str) -> str:
    """UTF-8 text with LF line endings and no BOM; a Problem-carrying PpgenError when not UTF-8."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        raise PpgenError(Problem("file is not UTF-8", shown, line, "save it as UTF-8 (most editors: File ▸ Save with encoding)")) from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _string(data: dict[str, Any], key: str, shown: str, lines: dict[str, int], problems: list[Problem]) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, (str, int, float)) or isinstance(value, bool) or not str(value).strip():
        problems.append(Problem(f"`{key}` must be a line of text", shown, lines.get(key), f'write {key}: "…"'))
        return None
    return " ".join(str(value).split())


def read_version(source: Source, slug: str, settings: Settings, inherited_title: str | None) -> Version:
    """Turn one source into a Version, or raise PpgenError with every problem in it."""
    shown = display_path(source.path)
    text = decode(source.raw, shown)
    try:
        front = frontmatter.split(text, shown)
    except frontmatter.FrontMatterError as err:
        raise PpgenError(err.problem) from None
    data, lines = front.data, front.lines
    problems: list[Problem] = []
    for key in sorted(set(data) - set(FRONT_MATTER_KEYS)):
        problems.append(Problem(f"unknown front-matter key `{key}`", shown, lines.get(key), "known keys: " + ", ".join(FRONT_MATTER_KEYS)))

    def day(key: str) -> date | None:
        value = data.get(key)
        if value is None:
            return None
        try:
            return parse_day(str(value), settings.zone)
        except ValueError:
            problems.append(
                Problem(f"`{key}: {value}` is not a date", shown, lines.get(key), "write YYYY-MM-DD, or an ISO date-time with offset like 2025-10-15T09:00:00+02:00")
            )
            return None

    effective = day("effective")
    updated = day("updated")
    if effective is None and "effective" not in data:
        effective = source.name_date
        if effective is None:
            problems.append(Problem("no effective date", shown, front.end_line, "add `effective: YYYY-MM-DD` to the front matter"))
    elif effective is not None and source.name_date is not None and effective != source.name_date:
        problems.append(
            Problem(
                f"effective date {effective.isoformat()} does not match the file name {source.name_date.isoformat()}",
                shown,
                lines.get("effective"),
                f"rename the file to {effective.isoformat()}.md or correct `effective`",
            )
        )
    title = _string(data, "title", shown, lines, problems) or inherited_title
    if title is None and "title" not in data:
        problems.append(Problem("the first version of a policy needs a title", shown, 1, "add `title: …` to its front matter"))
    summary = _string(data, "summary", shown, lines, problems)
    aliases = data.get("aliases", [])
    if isinstance(aliases, str):
        aliases = [aliases]
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.startswith("/") and ".." not in a for a in aliases):
        problems.append(Problem("`aliases` must be a list of site paths starting with /", shown, lines.get("aliases"), "e.g. aliases: [/privacy-policy/]"))
        aliases = []
    if problems or effective is None or title is None:
        raise PpgenError(*problems)
    return Version(
        policy=slug,
        effective=effective,
        title=title,
        last_updated=updated or effective,
        source=source.raw,
        body=front.body,
        body_line=front.body_line,
        path=shown,
        summary=summary,
        updated=updated,
        aliases=tuple(aliases),
    )


def build_policy(slug: str, sources: list[Source], settings: Settings) -> Policy:
    """Versions of one policy from its sources (in effective-date order), validated together."""
    problems: list[Problem] = []
    versions: list[Version] = []
    title: str | None = None
    for source in sources:
        try:
            version = read_version(source, slug, settings, title)
        except PpgenError as err:
            problems.extend(err.problems)
            continue
        title = version.title
        versions.append(version)
    seen: dict[date, Version] = {}
    for version in versions:
        if version.effective in seen:
            problems.append(
                Problem(
                    f"two versions take effect on {version.effective.isoformat()} (also {seen[version.effective].path})",
                    version.path,
                    1,
                    "give each version its own effective date",
                )
            )
        seen[version.effective] = version
    if problems:
        raise PpgenError(*problems)
    return Policy(slug, tuple(sorted(versions, key=lambda v: v.effective)))


def _policy_sources(folder: Path, problems: list[Problem]) -> list[Source]:
    sources = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        match = VERSION_FILE.fullmatch(path.name)
        if not match or not path.is_file():
            problems.append(Problem("not a version file", display_path(path), hint="name each version YYYY-MM-DD.md after its effective date"))
            continue
        try:
            name_date = date.fromisoformat(match.group(1))
        except ValueError:
            problems.append(Problem(f"impossible date {match.group(1)} in the file name", display_path(path), hint="use a real calendar date"))
            continue
        sources.append(Source(path, path.read_bytes(), name_date))
    if not sources and not problems:
        problems.append(Problem("policy folder has no versions", display_path(folder), hint="add a version file named YYYY-MM-DD.md"))
    return sources


def load_site(settings: Settings, today: date) -> Site:
    """Read and validate every policy under the content folder."""
    content = settings.content_dir
    if not content.is_dir():
        raise PpgenError(Problem("content folder not found", display_path(content), hint="create it, or point --content or `content` in ppgen.toml at it"))
    problems: list[Problem] = []
    policies: list[Policy] = []
    for entry in sorted(content.iterdir()):
        if entry.name.startswith("."):
            continue
        slug = entry.stem if entry.is_file() else entry.name
        if not SLUG.fullmatch(slug) or (entry.is_file() and entry.suffix != ".md"):
            problems.append(Problem(f"`{entry.name}` is not a valid policy name", display_path(entry), hint="use lower-case letters, digits and hyphens, e.g. privacy or cookie-policy"))
            continue
        if entry.is_file():
            problems.append(Problem("single-file policies need git history (git mode)", display_path(entry), hint=f"put versions in {slug}/YYYY-MM-DD.md"))
            continue
        sources = _policy_sources(entry, problems)
        if not sources:
            continue
        try:
            policies.append(build_policy(slug, sources, settings))
        except PpgenError as err:
            problems.extend(err.problems)
    if not policies and not problems:
        problems.append(Problem("no policies found", display_path(content), hint="add a folder per policy, e.g. content/privacy/2025-10-15.md"))
    if problems:
        raise PpgenError(*problems)
    return Site(tuple(policies), today)
