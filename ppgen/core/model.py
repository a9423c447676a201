"""The content model: Site ▸ Policy ▸ Version. Frozen, no I/O, no rendering."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Correction:
    """An acknowledged edit to the text of a version already in force: shown to visitors, with its date."""

    date: date
    """The day the text was changed, in the site's time zone."""
    note: str
    """What was changed, in one line."""
    line: int | None = None
    """The line of the source file where the entry starts (for messages)."""


@dataclass(frozen=True, slots=True)
class Text:
    """Where a version's text is, and the digest of its bytes: the model holds no text, so that a build's
    memory does not grow with the site (see `texts`, which reads it where it is needed)."""

    digest: bytes
    """The SHA-256 of the exact bytes served as the raw text (front matter included, LF line endings)."""
    file: str
    """The file it was read from (its real path), when `blob` is empty; else a file of the git repository
    that holds the blob. Empty: the file at the version's `path` (relative to the working folder, which
    a build never changes and its worker processes share)."""
    blob: str = ""
    """The git object id of the text, when it is a commit's (a single-file policy's older versions)."""

    @property
    def sha256(self) -> str:
        """`digest` in hex (the model holds it in bytes: half the size)."""
        return self.digest.hex()


@dataclass(frozen=True, slots=True)
class Version:
    """One version of a policy, as its source file (or git commit) says."""

    policy: str
    """Slug of the policy this version belongs to."""
    effective: date
    """The day this version takes effect, in the site's time zone."""
    title: str
    """The policy's title as of this version (inherited when the file does not set one)."""
    last_updated: date
    """The date shown as "Last updated": front matter `updated`, else the later of git, the newest correction
    and `effective`."""
    text: Text
    """Where its text is: the exact bytes served as the raw text (front matter included), and after the front
    matter its Markdown body (see `texts.body`)."""
    body_line: int
    """1-based line of the file where the body starts (for error messages)."""
    path: str
    """Where the text came from, as shown to the user."""
    summary: str | None = None
    """A one-line change note for history, feeds and the diff page."""
    description: str | None = None
    """One line about the policy, for the index and `<meta name="description">` (inherited when not set)."""
    updated: date | None = None
    """Front-matter `updated`, when set."""
    corrections: tuple[Correction, ...] = ()
    """Front-matter `corrections`, oldest first: edits made to the text after it took effect."""
    aliases: tuple[str, ...] = ()
    """Old addresses (site-relative paths) that should redirect to this policy."""
    draft: bool = False
    """True when the text is not committed yet (preview only)."""
    commit: str | None = None
    """The newest git commit that changed this version's text (None: outside git, shallow clone, draft)."""
    key_lines: tuple[tuple[str, int], ...] = ()
    """Each front-matter key and the 1-based line of the file it is on, for messages about its value."""

    def line_of(self, key: str) -> int | None:
        """The line of front-matter key `key` in the version's file, None when the file does not set it."""
        return next((line for name, line in self.key_lines if name == key), None)


@dataclass(frozen=True, slots=True)
class Policy:
    """A policy and all its versions, oldest first."""

    slug: str
    """The policy's key in every address: its folder (or file) name, and for a translation `<language>/<name>`
    (`de/privacy`), so that a translation's pages have the same structure under `/<language>/`."""
    versions: tuple[Version, ...]
    """Every version, sorted by effective date, oldest first."""
    language: str | None = None
    """None for the controlling language's text; the language tag of a translation (`de`)."""

    @property
    def name(self) -> str:
        """The folder name, the same for a policy and its translations (`privacy`)."""
        return self.slug.rpartition("/")[2]

    def in_force(self, on: date) -> Version | None:
        """The version in force on a day: the newest one whose effective date has come."""
        current = None
        for version in self.versions:
            if version.effective <= on:
                current = version
        return current

    def upcoming(self, on: date) -> tuple[Version, ...]:
        """Versions that take effect after `on`, soonest first."""
        return tuple(v for v in self.versions if v.effective > on)

    def latest(self) -> Version:
        """The newest version, in force or not."""
        return self.versions[-1]

    def title(self, on: date) -> str:
        """The title a visitor sees for the policy on a day."""
        current = self.in_force(on)
        return (current or self.versions[0]).title

    def previous(self, version: Version) -> Version | None:
        """The version before `version`, if any."""
        index = self.versions.index(version)
        return self.versions[index - 1] if index else None

    def next(self, version: Version) -> Version | None:
        """The version after `version`, if any."""
        index = self.versions.index(version)
        return self.versions[index + 1] if index + 1 < len(self.versions) else None


@dataclass(frozen=True, slots=True)
class Site:
    """Every policy of a site, and the day the build treats as today."""

    policies: tuple[Policy, ...]
    """The controlling language's policies sorted by slug, then each translation's, by `languages`, then slug."""
    today: date
    """The build's "today" in the site's time zone (real date, `--as-of` or SOURCE_DATE_EPOCH)."""
    languages: tuple[str, ...] = ()
    """Every language of the site, the controlling one first; empty for a site in one language."""

    def in_language(self, language: str | None) -> tuple[Policy, ...]:
        """The policies of one language (None: the controlling one), for its index, navigation and feed."""
        return tuple(p for p in self.policies if p.language == language)

    def translation(self, policy: Policy, language: str | None) -> Policy | None:
        """`policy` in `language` (None: the controlling language), or None when the site has no such text."""
        for other in self.policies:
            if other.name == policy.name and other.language == language:
                return other
        return None

    def policy(self, slug: str) -> Policy:
        """The policy with this slug (KeyError when there is none)."""
        for policy in self.policies:
            if policy.slug == slug:
                return policy
        raise KeyError(slug)
