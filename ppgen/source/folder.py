"""The content folder on disk: every policy in it, and every version file read, through the path guard.

Nothing here knows about git or front matter: what comes out is the bytes of each file, ready for
`load` to validate and date. A problem with a folder names the file that shows it where there is one.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from ppgen.core import paths
from ppgen.core.errors import PpgenError, Problem, display_path
from ppgen.core.paths import Root

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
VERSION_FILE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:\.([a-z]{2,3}(?:-[A-Za-z0-9]{1,8})*))?\.md")
"""A version file: `2025-10-15.md`, or its translation beside it, `2025-10-15.de.md` (the language tag)."""
TRANSLATED_FILE = re.compile(r"([a-z0-9]+(?:-[a-z0-9]+)*)\.([a-z]{2,3}(?:-[A-Za-z0-9]{1,8})*)\.md")
"""The translation of a single-file policy, beside it: `terms.de.md` translates `terms.md`; its own commits are
its versions."""


@dataclass(frozen=True)
class Source:
    """One version's text as read, before it becomes a Version."""

    path: Path
    """Where it was read from."""
    raw: bytes
    """The exact bytes (empty in a `Found` until it is read: see `Found.read`)."""
    name_date: date | None
    """The date in the file name (file mode), if any."""
    shown: str | None = None
    """How to name it in messages, when not its path (an older commit of a single-file policy)."""
    language: str | None = None
    """The language tag of a translation (`2025-10-15.de.md`), None for the controlling language's text."""
    blob: str = ""
    """The git object id of the bytes, when they are a commit's, not the file's on disk."""
    real: str | None = None
    """The real path of `path`, when it was worked out already (a string: a `Path` is several times its
    string's size)."""

    @property
    def file(self) -> Path:
        """The file the bytes were read from (its real path), or for a blob a file of its repository."""
        return self.path if self.blob else Path(self.real or os.path.realpath(self.path))


_CONTENT_HINT = "copy it into the content folder instead of linking to it"


def _version_files(folder: Path, root: Root, problems: list[Problem]) -> list[str]:
    """The name of every version file of a policy folder, each found readable through the path guard."""
    try:
        entries = paths.listing(folder, root, "policy folder")
    except PpgenError as err:
        problems.extend(err.problems)
        return []
    names = []
    for path in entries:
        if path.name.startswith("."):
            continue
        match = VERSION_FILE.fullmatch(path.name)
        try:
            is_file = paths.kind(path, root, "version file" if match else "file") == "file"
        except PpgenError as err:
            problems.extend(err.problems)
            continue
        if not match or not is_file:
            hint = "name each version YYYY-MM-DD.md after its effective date"
            problems.append(
                Problem("not a version file", display_path(path), hint=hint, code="content-layout")
            )
            continue
        try:
            date.fromisoformat(match.group(1))
        except ValueError:
            impossible = f"impossible date {match.group(1)} in the file name"
            problems.append(
                Problem(impossible, display_path(path), hint="use a real calendar date", code="bad-date")
            )
            continue
        try:
            if not os.access(
                path, os.R_OK
            ):  # every file readable before anything else (read by `Found.read`)
                paths.read(path, root, "version file")  # says why not
            names.append(path.name)
        except PpgenError as err:
            problems.extend(err.problems)
    if not names and not problems:
        hint = "add a version file named YYYY-MM-DD.md"
        problems.append(
            Problem("policy folder has no versions", display_path(folder), hint=hint, code="content-layout")
        )
    return names


def _first_file(folder: Path, root: Root) -> Path | None:
    """The file that best shows a problem with its folder: the first version file, else the first file."""
    try:
        entries = [p for p in paths.listing(folder, root, "policy folder") if not p.name.startswith(".")]
        files = [p for p in entries if paths.kind(p, root, "file") == "file"]
    except PpgenError:
        return None  # the folder's own problem is reported anyway; there is just no file to point at
    versions = [p for p in files if VERSION_FILE.fullmatch(p.name)]
    return next(iter(versions or files), None)


@dataclass(frozen=True)
class Found:
    """A policy as found on disk, read but not yet validated."""

    slug: str
    """Its name: the folder's name, or the file's stem."""
    path: Path
    """Its folder (one file per version) or its single file (versions from git history)."""
    files: tuple[str, ...]
    """The names of a folder's version files, each found readable (empty for a single file): only names,
    since every policy is found before the first is loaded (a `Source` of each held about 600 bytes a
    version, and the room they left stayed with the build's main process and the workers it forks)."""
    single: bool
    """One file whose versions come from git history (git mode)."""
    root: Root
    """The content folder, which nothing read may leave."""
    translations: tuple[Source, ...] = ()
    """A single file's translations beside it (`terms.de.md`), each its text as it is on disk."""

    @property
    def sources(self) -> tuple[Source, ...]:
        """The version files of a folder, or the single file, as sources not read yet (their bytes empty)."""
        if self.single:
            return (Source(self.path, b"", None),)
        real_folder = os.path.realpath(self.path)  # a file that is no link is there: its real path, cheaply
        found = []
        for name in self.files:
            match = VERSION_FILE.fullmatch(name)
            assert match is not None  # `_version_files` kept version files only
            path = self.path / name
            real = None if os.path.islink(path) else os.path.join(real_folder, name)
            found.append(
                Source(path, b"", date.fromisoformat(match.group(1)), language=match.group(2), real=real)
            )
        return tuple(found)

    def read(self) -> tuple[Source, ...]:
        """The policy's sources with their bytes, read again through the path guard (a PpgenError when one
        can no longer be read)."""
        what = "policy file" if self.single else "version file"
        return tuple(replace(source, raw=paths.read(source.path, self.root, what)) for source in self.sources)


def content_root(content: Path) -> Root:
    """The content folder as the root nothing read under it may leave."""
    return Root.of(content, "the content folder", _CONTENT_HINT)


def find_policies(content: Path, problems: list[Problem]) -> list[Found]:
    """Every policy under the content folder, each file read once through the path guard (problems: added)."""
    root = content_root(content)
    found: dict[str, Found] = {}
    seen: dict[str, Path] = {}
    entries = paths.listing(content, root, "content folder")
    # A policy's name in lower case → its folder or file, to name both when another differs only by case.
    named = {name: e for e in entries if SLUG.fullmatch(name := e.stem if e.suffix == ".md" else e.name)}
    translated: dict[str, list[Source]] = {}
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            single = paths.kind(entry, root, "policy") == "file"
        except PpgenError as err:
            problems.extend(err.problems)
            continue
        translation = TRANSLATED_FILE.fullmatch(entry.name) if single else None
        if translation is not None:  # `terms.de.md`: a single file's translation, read with it below
            try:
                read = Source(
                    entry, paths.read(entry, root, "policy file"), None, language=translation.group(2)
                )
                translated.setdefault(translation.group(1), []).append(read)
            except PpgenError as err:
                problems.extend(err.problems)
            continue
        slug = entry.stem if single else entry.name
        if not SLUG.fullmatch(slug) or (single and entry.suffix != ".md"):
            # A folder has no line to point at: point at the file that shows the name, so a click gets there.
            shows = entry if single else _first_file(entry, root)
            what = "the file" if single else f"the folder {display_path(entry)}/"
            message = f"{what} is named `{entry.name}`, not a valid policy name"
            hint = "use lower-case letters, digits and hyphens, e.g. privacy or cookie-policy"
            twin = named.get(slug.lower())
            if twin is not None and twin != entry:
                kind = "file" if twin.suffix == ".md" else "folder"
                shown = display_path(twin) + ("" if kind == "file" else "/")
                message += f", and differs only by letter case from the policy {kind} {shown}"
                hint = f"keep one: merge the two into {shown} (a disk that ignores letter case sees one name)"
            problems.append(
                Problem(
                    message, display_path(shows or entry), 1 if shows else None, hint, code="content-layout"
                )
            )
            continue
        if slug in seen:
            file, folder = (entry, seen[slug]) if single else (seen[slug], entry)
            twice = f"the policy `{slug}` is here and in the folder {display_path(folder)}/"
            keep = "keep one: the folder of version files, or the one file whose versions git history holds"
            problems.append(Problem(twice, display_path(file), 1, keep, code="content-layout"))
            found.pop(slug, None)
            continue
        seen[slug] = entry
        if single:
            try:
                paths.read(entry, root, "policy file")
            except PpgenError as err:
                problems.extend(err.problems)
                continue
            files: tuple[str, ...] = ()
        else:
            files = tuple(_version_files(entry, root, problems))
            if not files:
                continue
        found[slug] = Found(slug, entry, files, single, root)
    for slug, texts in sorted(translated.items()):
        policy = found.get(slug)
        if policy is not None and policy.single:
            found[slug] = Found(slug, policy.path, (), True, root, tuple(texts))
        elif slug not in seen:
            hint = f"commit the text it translates as {slug}.md beside it (or rename it)"
            problems += [
                Problem(
                    "a translation without the single-file policy it translates",
                    display_path(t.path),
                    1,
                    hint,
                    code="translation-language",
                )
                for t in texts
            ]
        elif policy is not None:  # a folder: its translations are version files in it
            message = f"a translation of the policy folder {display_path(seen[slug])}/ kept as one file"
            hint = "put it in the folder, as YYYY-MM-DD.<language>.md beside each version it translates"
            problems += [
                Problem(message, display_path(t.path), 1, hint, code="translation-language") for t in texts
            ]
    return list(found.values())


def by_language_of(
    sources: Sequence[Source], controlling: str, languages: tuple[str, ...], problems: list[Problem]
) -> dict[str | None, list[Source]]:
    """A policy folder's version files by language (None: the controlling language's), each translation beside
    the text it translates; a problem for a translation into a language the site does not have, and for a
    folder of translations only."""
    found: dict[str | None, list[Source]] = {}
    for source in sources:
        language = source.language
        if language is not None and language not in languages[1:]:
            configured = ", ".join(languages) or controlling
            message = f"a translation into `{language}`, which is not a language of this site ({configured})"
            hint = f'add it to `languages` in ppgen.toml, e.g. languages = ["{controlling}", "{language}"]'
            if language == controlling:
                message = f"`.{language}` names the controlling language, whose text is YYYY-MM-DD.md"
                hint = f"rename it to {source.path.name.replace('.' + language, '')}"
            problems.append(Problem(message, display_path(source.path), 1, hint, code="translation-language"))
            continue
        found.setdefault(language, []).append(source)
    if found and None not in found:
        first = min(found.items(), key=lambda item: str(item[0]))[1][0]
        hint = f"add the text in {controlling} as YYYY-MM-DD.md beside it: a translation translates it"
        problems.append(
            Problem(
                "a translation without the text it translates",
                display_path(first.path),
                1,
                hint,
                code="translation-language",
            )
        )
        return {}
    return found
