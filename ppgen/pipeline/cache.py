"""The build cache: parsed versions, redlines and rendered pages kept between builds, each stored
under a key made of everything it depends on, so that a hit is exactly what a cold build would make.

The cache can make a build faster, never wrong: an entry from another ppgen, a corrupt or truncated
entry, or a folder that cannot be written is ignored (the work is done again) and said once, in a note
the build turns into one warning. Entries are written to a temporary file and renamed into place, so
concurrent builds sharing the folder never see half an entry."""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import importlib.metadata
import os
import re
import shutil
import sys
import tempfile
import time
import zlib
from collections.abc import Iterable
from functools import cache, cached_property
from pathlib import Path

from ppgen import __version__
from ppgen.core.model import Policy, Site, Version
from ppgen.site import pdf
from ppgen.site.templates import Compiled
from ppgen.source.config import Settings

FOLDER = ".ppgen-cache"
"""The cache's folder, beside ppgen.toml, unless `build --cache DIR` names another."""

_MAGIC = b"ppgen-cache 1\n"
_HEAD = len(_MAGIC) + 12
"""The magic line, then the payload's length (8 bytes) and CRC-32 (4 bytes): enough to tell a damaged or
truncated entry (the key, not the check, says what the entry is for)."""
_STAMP = "ppgen-version"
"""The file naming the ppgen (version and code) whose entries the folder holds."""
_TAG = re.compile(r"[0-9a-f]{16}")
_LIBRARIES = (
    "markdown-it-py",
    "mdit-py-plugins",
    "jinja2",
    "markupsafe",
    "nh3",
    "babel",
    "fast-diff-match-patch",
    "pyyaml",
    "weasyprint",
)
"""Libraries whose version can change what ppgen makes of the same input."""
_REPLACED = ("pages", "parsed", "warned")
"""Kinds whose entries later builds replace rather than add to: a policy's pages (of another day, or before
a change), its versions parsed together and their warnings (before a version was added). A build that
succeeds removes those it did not use (`BuildCache.prune`), so the folder does not grow with every day and
push it has seen; what is keyed by a text alone (a parsed version, a redline) stays for any later build."""
_SITE_WIDE_TEMPLATES = {"index.html", "404.html"}
"""Templates of pages that belong to no policy (rendered every build, never cached)."""


@cache
def code_tag() -> str:
    """ppgen's version, its own code, the theme it ships, Python's and the libraries' versions, in 16 hex digits."""
    digest = hashlib.sha256(f"{__version__}\n{sys.version}\n".encode())
    for name in _LIBRARIES:
        try:
            digest.update(f"{name} {importlib.metadata.version(name)}\n".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"{name} -\n".encode())
    package = Path(__file__).parent.parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def _digest(*parts: str | bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little") + data)
    return digest.hexdigest()


def _files(folders: Iterable[Path]) -> list[tuple[str, bytes]]:
    """(folder index and path, bytes) of every file under these folders, in a fixed order."""
    found: list[tuple[str, bytes]] = []
    for index, folder in enumerate(folders):
        for top, dirs, names in os.walk(folder):
            dirs.sort()
            for name in sorted(names):
                path = Path(top) / name
                found.append((f"{index}:{path.relative_to(folder).as_posix()}", path.read_bytes()))
    return found


MEMOS = 8
"""Entries of what a policy's comparisons worked out (`Keys.memos`): one per task that compares its pairs, as
many as a build's default workers (`workers.spread`; with more, `--jobs`, tasks share them)."""


@dataclasses.dataclass(frozen=True)
class Keys:
    """The cache keys of one build's work. Made once per process from the site, its settings and its
    theme's folders (the site's own first): each key is a SHA-256 of everything its entry depends on."""

    site: Site
    settings: Settings
    theme_folders: tuple[Path, ...]

    @classmethod
    def of(cls, site: Site, settings: Settings, theme_folders: Iterable[Path]) -> Keys:
        return cls(site, settings, tuple(theme_folders))

    @staticmethod
    def version(version: Version, settings: Settings) -> str:
        """A parsed version: what `markdown.parse` is given."""
        return _digest(
            "doc",
            code_tag(),
            settings.raw_html,
            settings.template_syntax,
            version.path,
            str(version.body_line),
            version.text.sha256,  # the body is made from these bytes alone (see `texts.body_of`)
        )

    @staticmethod
    def pair(old: Version, new: Version, settings: Settings) -> str:
        """A redline: the two parsed versions it compares."""
        return Keys.of_pair(Keys.version(old, settings), Keys.version(new, settings))

    @staticmethod
    def of_pair(old: str, new: str) -> str:
        """A redline, from the keys of the two parsed versions it compares."""
        return _digest("redline", old, new)

    @staticmethod
    def memos(slug: str, index: int) -> tuple[str, ...]:
        """The keys of what a policy's comparisons worked out that the next build's may use
        (`PolicyCache.lasting`), one per task of its comparisons (however many the build cut them into):
        the task `index`'s first, which it replaces when it compares; all of them for it to read."""
        keys, first = tuple(_digest("memo", code_tag(), slug, str(k)) for k in range(MEMOS)), index % MEMOS
        return keys[first:] + keys[:first]

    @staticmethod
    def parsed(versions: Iterable[Version], settings: Settings) -> str:
        """Every version of a policy parsed (documents and warnings)."""
        return _digest("parsed", *(Keys.version(v, settings) for v in versions))

    @cached_property
    def _shared(self) -> str:
        """The part of every policy's pages key that is the same for all policies (worked out once)."""
        settings, site = self.settings, self.site
        shown = {field.name: getattr(settings, field.name) for field in dataclasses.fields(settings)}
        for where in ("root", "content_dir", "output_dir", "theme_dir", "config_path"):
            shown.pop(where)  # where things are; what they hold is in the key
        theme = _files(self.theme_folders)
        parts: list[str | bytes] = [code_tag(), repr(sorted(shown.items()))]
        parts += [f"{name}\0" for name, _ in theme] + [data for _, data in theme]
        parts += [site.today.isoformat(), repr([(p.slug, p.title(site.today)) for p in site.policies])]
        if site.languages:  # each page links its counterparts (hreflang, the switcher) and a translation the
            # controlling text in force: which versions every language has is part of every page
            parts.append(repr([(p.slug, [v.effective for v in p.versions]) for p in site.policies]))
        if _shows_other_policies(theme):
            parts.append(repr(site.policies))
        if settings.pdf:  # a PDF holds its fonts' glyphs
            parts.append(pdf.fonts_tag())
        return _digest("shared", *parts)

    def pages(self, policy: Policy, part: tuple[int, int] = (0, 1)) -> str:
        """Every page of a policy: the settings, the theme, the policy (every field of every version: its
        bytes, dates, git commit...), the build's today, what the pages show of the other policies and, for
        a site with PDFs, its fonts (`pdf.fonts_tag`);
        `part`: which of them (see `tasks.Part`)."""
        parts: list[str | bytes] = [self._shared, policy.slug, repr(part)]
        for version in policy.versions:
            for field in dataclasses.fields(version):
                value = getattr(version, field.name)
                if field.name == "text":  # what the text is, not where it is
                    value = version.text.sha256
                parts += [field.name, value if isinstance(value, str | bytes) else repr(value)]
        return _digest("pages", *parts)

    def site_pages(self) -> str:
        """The pages of no policy (the index, 404, the site's feed, the sitemap...): they show every policy."""
        return _digest("site", *(self.pages(policy) for policy in self.site.policies))


_COMMENT = re.compile(r"\{#.*?#\}", re.DOTALL)
_POLICIES = re.compile(r"\bpolicies\b")
_CODE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
"""A template's expressions and statements: only there can it name a variable (its words are text)."""
_STRING = re.compile(r"\"[^\"]*\"|'[^']*'")
"""A string literal in an expression (`_("All policies")`): words, not a variable."""


def _shows_other_policies(theme: list[tuple[str, bytes]]) -> bool:
    """Whether a template a policy's pages may use names `policies` (every policy of the site): then every
    policy's pages depend on the whole site. The default theme uses it only on the index and 404 pages
    (its header's `_("All policies")` link is a string, not the variable)."""
    for name, data in theme:
        file = name.partition(":")[2]
        template = (
            file.startswith("templates/") and file.removeprefix("templates/") not in _SITE_WIDE_TEMPLATES
        )
        code = _CODE.findall(_COMMENT.sub("", data.decode("utf-8", "replace"))) if template else []
        if any(_POLICIES.search(_STRING.sub("", part)) for part in code):
            return True
    return False


class BuildCache:
    """One process's view of a cache folder. `notes` collects what went wrong with it (at most one of
    each kind), for the build to report once."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.entries = root / code_tag()
        self.notes: list[str] = []
        self.writable = True
        self.since: float | None = None
        """When this build began to use the folder, by the folder's own clock (`prepare`): an entry used since
        (read: `get`, `has`) has a later time."""

    def note(self, message: str) -> None:
        if message not in self.notes:
            self.notes.append(message)

    def prepare(self) -> None:
        """In the build's main process, before any worker and the build's theme: make the folder (a folder of
        another ppgen is noted and its entries removed)."""
        stamp = self.root / _STAMP
        try:
            old = stamp.read_text(encoding="utf-8").strip() if stamp.is_file() else None
        except (OSError, UnicodeDecodeError):
            old = "?"
        if old is not None and old != self.entries.name:
            self.note("the cache was made by another version of ppgen: not used, rebuilt")
        try:
            self.entries.mkdir(parents=True, exist_ok=True)
            if old != self.entries.name:
                for child in self.root.iterdir():
                    if child.is_dir() and _TAG.fullmatch(child.name) and child != self.entries:
                        shutil.rmtree(child, ignore_errors=True)
                self._write(stamp, self.entries.name.encode() + b"\n")
                self._write(
                    self.root / "CACHEDIR.TAG",
                    b"Signature: 8a477f597d28d172789f06886806bc55\n# ppgen's build cache: safe to delete\n",
                )
            self._sweep()
            os.utime(self.entries)  # the file system's clock, not this machine's: a network folder may differ
            self.since = self.entries.stat().st_mtime
        except OSError as err:
            self._unwritable(err)

    def _sweep(self) -> None:
        """Remove the temporary files of builds killed while writing an entry (an hour old: not a running one's)."""
        now = time.time()
        for kind in self.entries.iterdir():
            if kind.is_dir():
                for entry in os.scandir(kind):
                    if entry.name.startswith(".tmp-") and now - entry.stat().st_mtime > 3600:
                        Path(entry.path).unlink(missing_ok=True)

    def _unwritable(self, err: OSError) -> None:
        self.writable = False
        self.note(
            f"the cache folder cannot be written ({err.strerror or err}): the build runs without saving to it"
        )

    def compiled(self) -> Compiled:
        """Where the build's theme keeps its compiled templates: an entry per template source."""
        return Compiled(lambda key: self.get("jinja", key), lambda key, data: self.put("jinja", key, data))

    def _path(self, kind: str, key: str) -> Path:
        return self.entries / kind / key

    def get(self, kind: str, key: str) -> bytes | None:
        """The entry's bytes, or None when there is none or it is damaged (noted)."""
        try:
            with self._path(kind, key).open("rb") as file:
                head, payload = file.read(_HEAD), file.read()  # the payload not copied out of the whole
                # Its time set to now, which `prune` reads as used (not in a folder this build may not write).
                with contextlib.suppress(OSError):
                    os.utime(file.fileno())
        except FileNotFoundError:
            return None
        except OSError as err:
            self.note(f"a cache entry cannot be read ({err.strerror or err}): its work was done again")
            return None
        if len(head) < _HEAD or not head.startswith(_MAGIC) or head[len(_MAGIC) :] != _check(payload):
            self.note("a cache entry was corrupt or truncated: its work was done again")
            return None
        return payload

    def has(self, kind: str, key: str) -> bool:
        """Whether there is an entry (whole or not: `get` tells), without reading it (it counts as used)."""
        path = self._path(kind, key)
        try:
            os.utime(path)
        except FileNotFoundError:
            return False
        except OSError:  # a folder this build may not write: still there to read
            return path.is_file()
        return True

    def prune(self) -> None:
        """After a build that succeeded: remove the entries of the kinds later builds replace (`_REPLACED`)
        that it did not use (left untouched since it began: another build's, running at the same time, may
        be among them, which only costs that build's next run the work again)."""
        if self.since is None or not self.writable:
            return
        for kind in _REPLACED:
            try:
                for entry in os.scandir(self.entries / kind):
                    if not entry.name.startswith(".tmp-") and entry.stat().st_mtime < self.since:
                        os.unlink(entry.path)
            except OSError:  # gone already, or not ours to remove: a larger folder, never a wrong build
                continue

    def keys(self, kind: str) -> set[str]:
        """The keys of the entries of a kind there are (whole or not: `get` tells), none read."""
        try:
            return {name for name in os.listdir(self.entries / kind) if not name.startswith(".tmp-")}
        except OSError:
            return set()

    def put(self, kind: str, key: str, payload: bytes) -> bool:
        """Store an entry (atomically: a reader sees the whole of it or nothing); whether it was stored."""
        if not self.writable:
            return False
        path = self._path(kind, key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._write(path, _MAGIC + _check(payload) + payload)
        except OSError as err:
            self._unwritable(err)
            return False
        return True

    @staticmethod
    def _write(path: Path, data: bytes) -> None:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def _check(payload: bytes) -> bytes:
    return len(payload).to_bytes(8, "little") + zlib.crc32(payload).to_bytes(4, "little")


def warning_text(notes: Iterable[str]) -> str | None:
    """The one warning of a build whose cache had trouble (None when it had none)."""
    seen = list(dict.fromkeys(notes))
    if not seen:
        return None
    return "build cache: " + "; ".join(seen)
