"""What `ppgen import` shares between its sources (git history, a folder of snapshots): turning a file's
text into a version's Markdown and title, dropping identical versions, and writing version files.

Writing is all or nothing: every target is checked before the first file is written, and a write the
system refuses removes the files this import already wrote.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Literal

from ppgen.core.chars import decode
from ppgen.core.errors import PpgenError, Problem, display_path
from ppgen.importers.from_html import html_to_markdown
from ppgen.importers.html_encoding import file_text
from ppgen.source import frontmatter, titles
from ppgen.source.load import SLUG

Kind = Literal["md", "txt", "html"]
"""How a source file is read: Markdown as it is, plain text as paragraphs, HTML converted."""
KINDS: dict[str, Kind] = {
    ".md": "md",
    ".markdown": "md",
    ".txt": "txt",
    ".text": "txt",
    ".html": "html",
    ".htm": "html",
}
"""File suffix (lower case) → kind."""
_KEPT_KEYS = {"title", "effective", "description"}
"""Front-matter keys of an imported Markdown file that the import takes over (the date comes from the
commit or the file name, a one-line description is kept); any other is reported as not imported."""
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>&{}|~])")
_LINE_START = re.compile(r"^([#>+=-])|^(\d+)([.)])")


@dataclass(frozen=True)
class Converted:
    """A source file's text as a version body."""

    body: str
    """Markdown, ending in one newline; a leading level-1 heading taken out when it is the title (`_titled`)."""
    title: str | None
    """The front matter's title or the HTML `<title>`, else the leading level-1 heading, when there is one
    (the heading when they read the same)."""
    warnings: tuple[Problem, ...]
    """What the conversion dropped."""
    description: str | None = None
    """The front matter's one-line description (Jekyll and Hugo write one), when it has one."""
    site_named: bool = False
    """Is the title a page's `<title>` no heading named, so that it may carry the site's name ("Privacy
    Policy | Slack")?"""


@dataclass(frozen=True)
class Snapshot:
    """One version to write."""

    slug: str
    """The policy it belongs to."""
    effective: date
    """When it takes effect: the file is `content/<slug>/<effective>.md`."""
    title: str | None
    """Its title (None: its file names none; `import_snapshots` gives it its neighbour's, `_each_titled`)."""
    body: str
    """Its Markdown text."""
    source: str
    """Where it came from (`repo@sha:path`, or a file), for the `source` front-matter key."""
    warnings: tuple[Problem, ...] = ()
    """What its conversion dropped, at the source file's lines."""
    description: str | None = None
    """Its one-line description, when its file has one."""
    site_named: bool = False
    """Is its title a page's `<title>`, perhaps with the site's name (`Converted.site_named`)?"""


@dataclass(frozen=True)
class PolicyImport:
    """What one policy's import amounted to."""

    slug: str
    """The policy."""
    versions: int
    """Versions written."""
    dropped: int
    """Versions left out because they read the same as the one before."""
    warnings: int
    """Warnings about its files."""

    def summary(self) -> str:
        """One line for the terminal."""
        plural = "s" * (self.versions != 1)
        return (
            f"imported {self.versions} version{plural} of {self.slug} "
            f"({self.dropped} identical versions dropped, {self.warnings} warnings)"
        )


@dataclass(frozen=True)
class Imported:
    """The result of `ppgen import`."""

    written: tuple[Path, ...]
    """Files written, in order."""
    policies: tuple[PolicyImport, ...]
    """One summary per policy."""
    warnings: tuple[Problem, ...]
    """Everything dropped on the way, at its file and line."""


def slug_of(name: str) -> str:
    """A valid policy slug from a name: lower case, letters reduced to ASCII, other runs turned into `-`."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return "-".join(re.findall(r"[a-z0-9]+", ascii_name.lower()))


def humanised(slug: str) -> str:
    """A title from a slug, for a version that names none: `acme-terms` → `Acme terms`."""
    return slug.replace("-", " ").capitalize()


def _clean_title(text: str) -> str | None:
    title = " ".join("".join(c for c in text if c.isprintable() or c.isspace()).split())
    return title or None


def _titled(body: str, declared: str | None, page: bool = False) -> tuple[str | None, str]:
    """(title, body). An opening level-1 heading is the title, and leaves the body, when `declared` (the
    front matter's title, or a `page`'s `<title>`) is None or reads the same, as the build reads a version
    (`texts.without_title`); a page's `<title>` may also add the site's name ("Privacy Policy | Acme").
    Otherwise the heading stays in the text, a section of it, and `declared` is the title."""
    heading = titles.leading_heading(body)
    named = heading is not None and (
        declared is None
        or titles.same(declared, heading.text)
        or (page and titles.names(declared, heading.text))
    )
    if heading is None or not heading.plain or not named:
        return (_clean_title(declared) if declared else None), body
    rest = body[: heading.start] + body[heading.stop :].lstrip("\n")
    return _clean_title(heading.text), rest.lstrip("\n")


def text_to_markdown(text: str) -> str:
    """Plain text as Markdown paragraphs: blank lines separate them; every other character is text, so
    nothing in it reads as Markdown (markers at a line's start, `*`, `<`, `{{` are escaped), a line break
    inside a paragraph stays a soft one (no hard `<br>`), and a form feed is a paragraph break."""
    lines: list[str] = []
    for raw_line in text.replace("\f", "\n\n").split("\n"):
        line = raw_line.strip()  # indentation would make code blocks, trailing spaces hard breaks
        line = _INLINE_SPECIAL.sub(r"\\\1", line)
        line = _LINE_START.sub(
            lambda m: f"\\{m.group(1)}" if m.group(1) else f"{m.group(2)}\\{m.group(3)}", line
        )
        if line or (lines and lines[-1]):
            lines.append(line)
    return "\n".join(lines).strip("\n") + "\n"


def _text(raw: bytes, shown: str) -> tuple[str, tuple[Problem, ...]]:
    """A text file's bytes as text: UTF-8, or when they are not, read as a page that declares no charset is
    (a stray byte as windows-1252, or the whole file), with a warning at the line. An archive's old text,
    a git revision above all, cannot be saved again as UTF-8: what it says is imported, said to be a guess."""
    try:
        return decode(raw, shown), ()
    except PpgenError:
        read = file_text(raw, shown)
        return decode(read.text.encode("utf-8"), shown), read.warnings


def convert(raw: bytes, kind: Kind, shown: str) -> Converted:
    """A source file's bytes as a version body and title; PpgenError when it cannot be read."""
    if kind == "html":
        page = html_to_markdown(raw, shown)
        title, body = _titled(page.markdown, page.title, page=True)
        site_named = title is not None and page.title is not None and title == _clean_title(page.title)
        return Converted(body, title, page.warnings, site_named=site_named)
    text, read = _text(raw, shown)
    if kind == "txt":
        return Converted(text_to_markdown(text), None, read)
    front = frontmatter.split(text, shown)  # a FrontMatterError is a PpgenError
    warnings = read
    others = sorted(set(front.data) - _KEPT_KEYS)
    if others:
        message = "front matter not imported: " + ", ".join(others)
        warnings += (
            Problem(
                message,
                shown,
                front.lines.get(others[0], 1),
                "add the keys ppgen knows by hand if you need them",
            ),
        )
    declared = front.data.get("title")
    named = isinstance(declared, (str, int, float)) and not isinstance(declared, bool)
    title, body = _titled(front.body, str(declared) if named else None)
    described = front.data.get("description")
    description = " ".join(described.split()) if isinstance(described, str) else None
    return Converted(body.strip("\n") + "\n", title, warnings, description or None)


def without_repeats(snapshots: Sequence[Snapshot]) -> tuple[list[Snapshot], int]:
    """The snapshots (oldest first) less each one that reads the same as the one before it; and how many went."""
    kept: list[Snapshot] = []
    for snapshot in snapshots:
        if (
            kept
            and kept[-1].slug == snapshot.slug
            and (kept[-1].title, kept[-1].description, kept[-1].body)
            == (snapshot.title, snapshot.description, snapshot.body)
        ):
            continue
        kept.append(snapshot)
    return kept, len(snapshots) - len(kept)


def version_text(snapshot: Snapshot) -> str:
    """The version file: front matter (`title`, `description` if any, `effective`, `source`), a blank line,
    the body."""
    quoted = json.dumps  # a JSON string is a YAML double-quoted scalar: any title or path, safely
    assert snapshot.title is not None, "titled by import_snapshots (_each_titled)"
    described = (
        f"description: {quoted(snapshot.description, ensure_ascii=False)}\n" if snapshot.description else ""
    )
    return (
        f"---\ntitle: {quoted(snapshot.title, ensure_ascii=False)}\n{described}"
        f"effective: {snapshot.effective.isoformat()}\n"
        f"source: {quoted(snapshot.source, ensure_ascii=False)}\n---\n\n{snapshot.body}"
    )


def _targets(content: Path, snapshots: Sequence[Snapshot]) -> list[Path]:
    """Each snapshot's file; PpgenError naming every one that exists already (or would clash)."""
    problems: list[Problem] = []
    targets = []
    for slug in sorted({s.slug for s in snapshots}):
        if not SLUG.fullmatch(slug):
            problems.append(
                Problem(
                    f"`{slug}` is not a valid policy name",
                    "--policy",
                    None,
                    "use lower-case letters, digits and single hyphens",
                )
            )
        single = content / f"{slug}.md"
        if single.exists():
            problems.append(
                Problem(
                    f"policy `{slug}` is already a single file",
                    display_path(single),
                    None,
                    "import into another --policy name",
                )
            )
    for snapshot in snapshots:
        target = content / snapshot.slug / f"{snapshot.effective.isoformat()}.md"
        if target.exists() or target.is_symlink():
            problems.append(
                Problem(
                    "file exists already; ppgen import never overwrites",
                    display_path(target),
                    None,
                    "move it away, or import into another --policy name",
                )
            )
        targets.append(target)
    if problems:
        raise PpgenError(*problems)
    return targets


def write_versions(content: Path, snapshots: Sequence[Snapshot]) -> list[Path]:
    """Write every snapshot under `content`, or nothing: PpgenError when any target exists or a write fails."""
    targets = _targets(content, snapshots)
    written: list[Path] = []
    try:
        for snapshot, target in zip(snapshots, targets, strict=True):
            target.parent.mkdir(parents=True, exist_ok=True)
            # "x": a file made meanwhile is never replaced
            with open(target, "x", encoding="utf-8", newline="\n") as out:
                written.append(target)
                out.write(version_text(snapshot))
    except OSError as err:
        for path in written:
            os.unlink(path)
        where = display_path(err.filename) if err.filename else display_path(content)
        raise PpgenError(
            Problem(
                f"cannot write: {err.strerror or err}",
                where,
                None,
                "nothing was imported; make the folder writable and try again",
            )
        ) from None
    return written


def _each_titled(ordered: list[Snapshot]) -> list[Snapshot]:
    """Each snapshot (in order, by policy and date) with a title: its own, else that of the one before it of
    its policy, else of the next one that has one, else one made from the policy's name (`humanised`). A
    page saved without its heading does not retitle the policy for one version; nor does one whose `<title>`
    adds the site's name to a title another version of the policy has ("Privacy Policy | Slack" in 2015, with
    no heading that says "Privacy Policy" as the 2016 page's does). Where no version has a title of its own,
    two `<title>`s that differ keep the part they share ("Etsy :: Privacy Policy" in 2007, "Privacy Policy -
    Etsy Help" in 2014: "Privacy Policy"), not a title change that is the site's."""
    titled: list[Snapshot] = []
    made_up: set[str] = set()
    own = {(s.slug, s.title) for s in ordered if s.title and not s.site_named}
    pages = {(s.slug, s.title) for s in ordered if s.title and s.site_named}
    for k, snapshot in enumerate(ordered):
        if snapshot.title and snapshot.site_named:
            title = snapshot.title
            named = sorted(t for slug, t in own if slug == snapshot.slug and titles.names(title, t))
            named = named or [
                part
                for part in titles.parts(title)
                for slug, other in sorted(pages)
                if slug == snapshot.slug and not titles.same(other, title) and titles.names(other, part)
            ]
            snapshot = replace(snapshot, title=named[0]) if named else snapshot
        if snapshot.title is None:
            same = [s for s in (*reversed(titled), *ordered[k + 1 :]) if s.slug == snapshot.slug and s.title]
            if same:
                snapshot = replace(snapshot, title=same[0].title)
            else:  # said once per policy: the policy's pages and feeds show it
                title = humanised(snapshot.slug)
                said = () if snapshot.slug in made_up else (_made_up(title, snapshot),)
                snapshot = replace(snapshot, title=title, warnings=snapshot.warnings + said)
                made_up.add(snapshot.slug)
        titled.append(snapshot)
    return titled


def _made_up(title: str, snapshot: Snapshot) -> Problem:
    message = f"no file of policy `{snapshot.slug}` names its title: titled “{title}” after its name"
    return Problem(
        message, snapshot.source, None, "check it, or give the title with --title or `title:` in the file"
    )


def import_snapshots(content: Path, snapshots: Sequence[Snapshot]) -> Imported:
    """Give each snapshot a title, drop repeats, write the rest, and sum up per policy (warnings of the
    versions written only)."""
    ordered = _each_titled(sorted(snapshots, key=lambda s: (s.slug, s.effective)))
    kept, _ = without_repeats(ordered)
    written = write_versions(content, kept)
    policies = []
    for slug in sorted({s.slug for s in ordered}):
        versions = [s for s in kept if s.slug == slug]
        dropped = sum(1 for s in ordered if s.slug == slug) - len(versions)
        policies.append(PolicyImport(slug, len(versions), dropped, sum(len(s.warnings) for s in versions)))
    return Imported(tuple(written), tuple(policies), tuple(w for s in kept for w in s.warnings))
