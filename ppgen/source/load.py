"""Read the content folder (files and git history) into a validated Site, every problem reported at once."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from ppgen.core.chars import decode
from ppgen.core.dates import BadDate, parse_day
from ppgen.core.errors import PpgenError, Problem, display_path
from ppgen.core.model import Policy, Site, Version
from ppgen.source import frontmatter
from ppgen.source.config import Settings
from ppgen.source.folder import SLUG as SLUG  # where `ppgen new` and others have always found them
from ppgen.source.folder import VERSION_FILE as VERSION_FILE
from ppgen.source.folder import Source, by_language_of, find_policies
from ppgen.source.history import SHALLOW_HINT, STAGED, History, Revision, Staged, read_history
from ppgen.source.textchanges import Renderings, last_changed
from ppgen.source.versions import build_policy


@dataclass(frozen=True)
class Dated:
    """One revision of a single-file policy, with the dates its front matter gives."""

    revision: Revision
    """The file's text at a commit (or uncommitted)."""
    effective: date
    """Its `effective` date."""
    updated: date | None
    """Its `updated` date, when set and valid."""
    line: int
    """The line of `effective` in that text."""
    shown: str
    """How messages name it: the file, or `file@commit` for text that is no longer the file's."""


@dataclass(frozen=True)
class Loaded:
    """A validated site and what its history says about each version."""

    site: Site
    """The site."""
    warnings: tuple[Problem, ...]
    """Things the user should know (a shallow clone built anyway, for one)."""
    history: History | None
    """The git history used for dates (None outside git, or in a shallow clone built anyway)."""
    revisions: Mapping[tuple[str, date], tuple[Revision, ...]]
    """(policy, effective) → the committed revisions of that version, oldest first (empty without history)."""
    single_file: Mapping[str, tuple[Dated, ...]]
    """Single-file (git mode) policies → every revision of the file, oldest first."""
    texts: Renderings = field(compare=False)
    """The rendered text of each revision, parsed once."""


def _blob(revision: Revision, on_disk: bytes) -> str:
    """Where a revision's text is read again: the file (no blob) when it holds these bytes, else git's blob."""
    return "" if revision.data == on_disk or revision.sha is None else revision.blob


_SINGLE_FILE_HINT = (
    "the newest commit of a single-file policy needs `effective: YYYY-MM-DD` in its front matter;"
    " add it in a new commit, or keep versions as {slug}/YYYY-MM-DD.md files"
)


class _Loader:
    """One load: the settings, the history, and every problem found on the way."""

    def __init__(
        self, settings: Settings, history: History | None, *, use_dates: bool, allow_dirty: bool
    ) -> None:
        self.settings = settings
        self.history = history
        self.use_dates = use_dates
        self.allow_dirty = allow_dirty
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.revisions: dict[tuple[str, date], tuple[Revision, ...]] = {}
        self.single_file: dict[str, tuple[Dated, ...]] = {}
        self.texts = Renderings()

    def uncommitted(self, real: Path, shown: str) -> bool:
        """Whether the file at `real` (its path, links resolved) holds text that is in no commit: a draft."""
        if self.history is None or self.history.committed(real):
            return False
        if not self.allow_dirty:
            # git status names most such files before loading starts (_git_problems); this is for the rest,
            # a file in a submodule, say, so that a build never publishes a draft unasked.
            untracked = "not committed: the repository of the content folder does not track it"
            hint = "commit it in that repository, not a submodule; or pass --allow-dirty to build a draft"
            self.problems.append(Problem(untracked, shown, 1, hint, code="uncommitted"))
        return True

    def dated(
        self, slug: str, version: Version, revisions: tuple[Revision, ...], uncommitted: bool
    ) -> Version:
        """The version with its "Last updated" from history, its draft flag and the commit of its text."""
        self.revisions[(slug, version.effective)] = revisions
        last = version.updated
        if last is None:  # a correction dates a change as surely as a commit does: the later of the two
            since = max((version.effective, *(c.date for c in version.corrections)))
            last = since
            if self.use_dates:
                last = last_changed(revisions, version.title, self.texts, self.settings.zone, since)
        # A shallow clone's first commit seems to add every file, so there no commit is named at all.
        commit = revisions[-1].sha if revisions and not uncommitted and self.use_dates else None
        return replace(version, last_updated=last, draft=uncommitted, commit=commit)

    def folder(self, slug: str, folder: Path, sources: Sequence[Source]) -> list[Policy]:
        """A policy kept as one file per version, and its translations (`YYYY-MM-DD.<language>.md` beside)."""
        settings = self.settings
        by_language = by_language_of(sources, settings.language, settings.languages, self.problems)
        made = []
        for language in (None, *settings.translations):
            if language not in by_language:
                continue
            key = slug if language is None else f"{language}/{slug}"
            try:
                policy = build_policy(key, by_language[language], settings)
            except PpgenError as err:
                self.problems.extend(err.problems)
                continue
            suffix = "" if language is None else f".{language}"
            versions = []
            for version in policy.versions:
                # git keeps history under a file's real path: a version linked from inside the content folder
                # (a policy folder linked to another, say) has the history of the file it links to.
                if self.history is None:  # no git: no history, nothing uncommitted (and no path to resolve)
                    versions.append(self.dated(key, version, (), False))
                    continue
                real = Path(os.path.realpath(folder / f"{version.effective.isoformat()}{suffix}.md"))
                revisions = self.history.files.get(real, ())
                versions.append(self.dated(key, version, revisions, self.uncommitted(real, version.path)))
            made.append(Policy(key, tuple(versions), language))
        return made

    def single(self, slug: str, path: Path, data: bytes) -> Policy | None:
        """A policy kept as one file whose versions git history holds (git mode); `data`: its text on disk."""
        shown = display_path(path)
        if self.history is None:
            self.problems.append(
                Problem(
                    "a single-file policy takes its versions from git history,"
                    " and this folder is not in a git checkout",
                    shown,
                    1,
                    f"commit it in a git repository, or put versions in {slug}/YYYY-MM-DD.md",
                    code="git",
                )
            )
            return None
        real = Path(os.path.realpath(path))
        revisions = list(self.history.files.get(real, ()))
        staged = bool(revisions) and revisions[-1].sha == STAGED and revisions[-1].data == data  # listed once
        if self.uncommitted(real, shown) and not staged:
            where = real.relative_to(self.history.root).as_posix()
            revisions.append(Revision(None, None, False, where, "", data))
        dated = []
        for i, revision in enumerate(revisions):
            last = i == len(revisions) - 1
            before = len(self.problems)
            found = self._dated(slug, revision, shown if last else f"{shown}@{revision.short}")
            if found:
                dated.append(found)
            elif last:  # the text in force must be dated
                return None
            else:  # a later commit dates the file: this one's text was never a version's
                self.warnings += map(_undated, self.problems[before:])
                del self.problems[before:]
        self.single_file[slug] = tuple(dated)
        groups: dict[date, list[Dated]] = {}
        for entry in dated:
            groups.setdefault(entry.effective, []).append(entry)
        order = sorted(groups)
        newest = [groups[day][-1] for day in order]
        sources = [Source(path, d.revision.data, None, d.shown, blob=_blob(d.revision, data)) for d in newest]
        try:
            policy = build_policy(slug, sources, self.settings)
        except PpgenError as err:
            self.problems.extend(err.problems)
            return None
        versions = []
        for version, day in zip(policy.versions, order, strict=True):  # one source per day, one version each
            committed = tuple(d.revision for d in groups[day] if d.revision.sha)
            versions.append(self.dated(slug, version, committed, groups[day][-1].revision.sha is None))
        return Policy(slug, tuple(versions))

    def _dated(self, slug: str, revision: Revision, shown: str) -> Dated | None:
        """The dates of one revision of a single-file policy; None (and a problem) when it has no valid
        effective date."""
        where = revision.label
        try:
            front = frontmatter.split(decode(revision.data, shown), shown)
        except PpgenError as err:
            self.problems.extend(err.problems)
            return None
        value = front.data.get("effective")
        line = front.lines.get("effective", front.end_line)
        if value is None:
            self.problems.append(
                Problem(
                    f"{where} has no effective date",
                    shown,
                    line,
                    _SINGLE_FILE_HINT.format(slug=slug),
                    code="bad-date",
                )
            )
            return None
        try:
            effective = parse_day(str(value), self.settings.zone)
        except BadDate as err:
            self.problems.append(
                Problem(
                    f"`effective: {value}` in {where} {err.reason}", shown, line, err.hint, code="bad-date"
                )
            )
            return None
        try:
            updated = (
                parse_day(str(front.data["updated"]), self.settings.zone) if "updated" in front.data else None
            )
        except ValueError:
            updated = None  # reported by read_version when this text is a version's
        return Dated(revision, effective, updated, line, shown)


def _undated(problem: Problem) -> Problem:
    """The warning for a commit of a single-file policy that has no readable effective date, older than the
    file's newest commit: it is left out of the policy's history, since no version can be dated by it."""
    message = f"{problem.message}, so this commit is left out of the policy's history"
    hint = "a later commit dates the file and makes its versions; nothing to do unless this text took effect"
    return Problem(message, problem.path, problem.line, hint, code="undated-commit")


def _git_problems(
    history: History | None, allow_shallow: bool, allow_dirty: bool, content: Path
) -> tuple[list[Problem], list[Problem]]:
    """(errors, warnings) about the checkout itself: a shallow clone, text not committed."""
    errors: list[Problem] = []
    warnings: list[Problem] = []
    if history is None:
        return errors, warnings
    if history.shallow:
        where = display_path(history.root)
        if allow_shallow:
            warnings.append(
                Problem(
                    'shallow clone: "Last updated" falls back to effective dates,'
                    " and single-file policies show only the fetched history",
                    where,
                    None,
                    "fetch full history for truthful dates: git fetch --unshallow",
                    code="shallow-clone",
                )
            )
        else:
            errors.append(
                Problem(
                    'shallow clone: its history is cut short, so "Last updated" dates would be wrong',
                    where,
                    None,
                    SHALLOW_HINT,
                    code="shallow-clone",
                )
            )
    if not allow_dirty:
        for path in sorted(history.uncommitted):
            if path.is_relative_to(content) and any(
                part.startswith(".") for part in path.relative_to(content).parts
            ):
                continue  # the loader skips dot files (editor swap files, .DS_Store) too
            hint = "commit it, or pass --allow-dirty to build a draft"
            if path in history.ignored:
                message = "not committed: git ignores it (.gitignore); a build publishes committed text only"
                hint = "commit it with git add --force, or pass --allow-dirty to build a draft"
            elif not os.path.lexists(path):
                message = "not committed (deleted)"
            else:
                message = "not committed: a build publishes committed text only"
            errors.append(
                Problem(
                    message,
                    display_path(path),
                    1 if os.path.lexists(path) else None,
                    hint,
                    code="uncommitted",
                )
            )
    return errors, warnings


def load(
    settings: Settings,
    today: date,
    *,
    allow_shallow: bool = False,
    allow_dirty: bool = False,
    staged: Staged | None = None,
) -> Loaded:
    """Read and validate every policy under the content folder, with dates from git history when there is one
    (with `staged`, the commit git's index is about to make is its newest commit: `ppgen check --staged`)."""
    content = settings.content_dir
    shown = display_path(content)
    if not os.path.lexists(content):
        hint = "create it, or point --content or `content` in ppgen.toml at it"
        raise PpgenError(Problem("content folder not found", shown, hint=hint, code="content-layout"))
    if os.path.isfile(content):
        hint = "point --content or `content` in ppgen.toml at the folder that holds your policies"
        raise PpgenError(Problem("the content folder is a file", shown, hint=hint, code="content-layout"))
    problems: list[Problem] = []
    # Every file is read before git runs: git needs a folder it can enter, and a file it cannot read
    # would otherwise be reported as "not committed" first.
    found = find_policies(content, problems)
    history = read_history(content, staged) if not problems else None
    errors, warnings = _git_problems(history, allow_shallow, allow_dirty, content)
    if problems or errors:
        raise PpgenError(*problems, *errors)
    use_dates = history is not None and not history.shallow
    loader = _Loader(settings, history, use_dates=use_dates, allow_dirty=allow_dirty)
    policies: list[Policy] = []
    # One policy's text read at a time, and none kept (see `texts`); each policy found is let go once it is
    # loaded, so that its versions take the room its file names leave (all kept to the end, they leave a
    # site of 800 policies about 0.35 MB larger once loaded; 2 MB while `Found` held a `Source` a version).
    found.reverse()
    while found:
        policy = found.pop()
        try:
            read = policy.read()
        except PpgenError as err:  # gone or changed since `find_policies` found it readable
            loader.problems.extend(err.problems)
            continue
        if (
            policy.single
        ):  # and its translations beside it (`terms.de.md`), each with versions from its own commits
            single = loader.single(policy.slug, policy.path, read[0].raw)
            policies += [single] if single is not None else []
            languages = by_language_of(
                (*policy.sources, *policy.translations),
                settings.language,
                settings.languages,
                loader.problems,
            )
            for language, (text, *_) in (
                languages.items() if single is not None and policy.translations else ()
            ):
                if language is None:
                    continue
                translation = loader.single(f"{language}/{policy.slug}", text.path, text.raw)
                policies += [replace(translation, language=language)] if translation is not None else []
        else:
            policies += loader.folder(policy.slug, policy.path, read)
    order = (
        None,
        *settings.translations,
    )  # the controlling language's policies first, each language's by slug
    policies.sort(key=lambda p: (order.index(p.language), p.slug))
    problems = loader.problems
    if not policies and not problems:
        hint = "add a folder per policy, e.g. content/privacy/2025-10-15.md"
        problems.append(Problem("no policies found", shown, hint=hint, code="content-layout"))
    if problems:
        raise PpgenError(*problems)
    used = history if loader.use_dates else None
    return Loaded(
        Site(tuple(policies), today, settings.languages),
        (*warnings, *loader.warnings, *_same_titles(policies, today)),
        used,
        loader.revisions,
        loader.single_file,
        loader.texts,
    )


def _same_titles(policies: list[Policy], today: date) -> list[Problem]:
    """A warning for each policy titled as another of its language: the navigation and feeds name them alike
    (two "Terms of Service", one of each product), and a reader cannot tell which is which."""
    named: dict[tuple[str | None, str], list[Policy]] = {}
    for policy in policies:
        named.setdefault((policy.language, " ".join(policy.title(today).split()).casefold()), []).append(
            policy
        )
    return [
        Problem(
            f"policies {', '.join(p.slug for p in alike)} have one title, “{alike[0].title(today)}”",
            alike[-1].versions[-1].path,
            hint="give each a title that tells it apart (“WordPress.com Terms of Service”), as the navigation"
            " and the feeds name policies by their titles; or, when one is the other under a new address, keep"
            " one folder and give it the other's address in `aliases`",
            code="same-title",
        )
        for alike in named.values()
        if len(alike) > 1
    ]


def load_site(
    settings: Settings, today: date, *, allow_shallow: bool = False, allow_dirty: bool = False
) -> Site:
    """Read and validate every policy under the content folder (see `load`)."""
    return load(settings, today, allow_shallow=allow_shallow, allow_dirty=allow_dirty).site
