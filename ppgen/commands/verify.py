"""`ppgen verify`: check a published site against its own record, from a folder or over HTTP(S).

For every policy (the `*/versions.json` files that `ppgen-manifest.json` lists, or the ones named),
it reads versions.json and every raw text `<policy>/<effective>.md`, and checks that each text has
the sha256 its entry records and that each entry's `previous_entry_sha256` is the hash of the entry
before it (ppgen/site/chain.py says what that hash covers). Files are read by their addresses relative to
the site's root, never by the absolute `raw_url` in versions.json, so a copy of the site (a folder,
a staging server) is checked by what it holds itself.

Downloads use urllib only, one request at a time, each with a timeout and a size limit.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from ppgen import __version__
from ppgen.core.errors import PpgenError, Problem, display_path
from ppgen.site.chain import CHAINED, entry_sha256
from ppgen.site.pages import MANIFEST, SETTING_FREE

TIMEOUT = 30.0
"""Seconds a request may wait for the server (each read included)."""
MAX_BYTES = 64 * 1024 * 1024
"""A larger answer is refused: no policy text or versions.json comes near it."""

_SHA256 = re.compile(r"[0-9a-f]{64}")
_VERSIONS_JSON = re.compile(r"((?:[a-z]{2,3}(?:-[A-Za-z0-9]{1,8})*/)?[a-z0-9-]+)/versions\.json")
"""A policy's versions.json, a translation's under its language (`de/privacy/versions.json`) too."""
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
_URLS = SETTING_FREE
_BUILT = "is this the file ppgen built?"
_REBUILD = "is this the versions.json ppgen built? one without `previous_entry_sha256` needs a rebuild"


class Published(Protocol):
    """Where the published files are read from."""

    def where(self, name: str) -> str:
        """The URL or path of a file of the site, as messages name it."""

    def read(self, name: str) -> bytes | None:
        """The bytes of a file of the site (a path relative to its root); None when there is none."""


@dataclass(frozen=True)
class _Folder:
    root: Path

    def where(self, name: str) -> str:
        return display_path(self.root / name)

    def read(self, name: str) -> bytes | None:
        path = self.root / name
        try:
            return path.read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            return None
        except OSError as err:
            message = f"cannot read it: {err.strerror or err}"
            hint = "it must be a file this user can read"
            raise PpgenError(Problem(message, self.where(name), hint=hint)) from None


@dataclass(frozen=True)
class _Web:
    base: str
    """The site's root, ending in '/'."""

    def where(self, name: str) -> str:
        return urllib.parse.urljoin(self.base, name)

    def read(self, name: str) -> bytes | None:
        url = self.where(name)
        request = urllib.request.Request(url, headers={"User-Agent": f"ppgen/{__version__} (verify)"})
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                data: bytes = response.read(MAX_BYTES + 1)
        except urllib.error.HTTPError as err:
            if err.code in (404, 410):
                return None
            hint = "check the address; the server must serve the site's files as they were built"
            message = f"the server answered HTTP {err.code} {err.reason}"
            raise PpgenError(Problem(message, url, hint=hint)) from None
        except urllib.error.URLError as err:
            hint = "check the address and that the server is up"
            raise PpgenError(Problem(f"cannot download it: {err.reason}", url, hint=hint)) from None
        except TimeoutError:
            hint = "try again, or check the server"
            raise PpgenError(Problem(f"no answer within {TIMEOUT:.0f} s", url, hint=hint)) from None
        except (http.client.HTTPException, OSError, ValueError) as err:
            hint = "check the address and the server"
            raise PpgenError(Problem(f"cannot download it: {err}", url, hint=hint)) from None
        if len(data) > MAX_BYTES:
            message = f"larger than {MAX_BYTES // 2**20} MiB"
            raise PpgenError(Problem(message, url, hint="is this the address of the site's root?"))
        return data


def open_site(where: str) -> Published:
    """The site at a URL (http or https; its root) or in a folder."""
    if not _SCHEME.match(where):
        root = Path(where)
        if not root.is_dir():
            problem = "not found" if not root.exists() else "not a folder"
            hint = "pass the folder a build wrote, or the site's http(s) address"
            raise PpgenError(Problem(problem, display_path(root), hint=hint))
        return _Folder(root)
    try:
        parts = urllib.parse.urlsplit(where)
    except ValueError as err:
        hint = "pass https://host/path/ of the site's root"
        raise PpgenError(Problem(f"not an address: {err}", where, hint=hint)) from None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        hint = "pass https://host/path/ of the site's root, or a folder"
        raise PpgenError(Problem("not an http(s) address", where, hint=hint))
    if parts.query or parts.fragment:
        hint = "pass the address of the site's root"
        raise PpgenError(Problem("a site's address has no ?query or #fragment", where, hint=hint))
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return _Web(urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", "")))


def _json(site: Published, name: str, data: bytes) -> Any:
    """The parsed JSON of a file of the site; a Problem naming it when it is not JSON."""
    try:
        return json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise PpgenError(Problem("not UTF-8", site.where(name), hint=_BUILT)) from None
    except json.JSONDecodeError as err:
        where = site.where(name)
        raise PpgenError(Problem(f"not valid JSON: {err.msg}", where, err.lineno, _BUILT)) from None
    except (ValueError, RecursionError) as err:  # a number too long, arrays nested too deep
        raise PpgenError(Problem(f"not JSON ppgen can read: {err}", site.where(name), hint=_BUILT)) from None


def _policies(site: Published, wanted: tuple[str, ...]) -> tuple[list[str], dict[str, Any] | None]:
    """The slugs to verify, and the manifest's files when the manifest was read."""
    for slug in wanted:
        if not _VERSIONS_JSON.fullmatch(f"{slug}/versions.json"):
            hint = "a policy's slug: lower-case letters and digits, words joined by -; a translation's: de/privacy"
            raise PpgenError(Problem(f"`{slug}` is not a policy name", "--policy", hint=hint))
    if wanted:
        return list(dict.fromkeys(wanted)), None
    data = site.read(MANIFEST)
    if data is None:
        hint = f"publish the {MANIFEST} that ppgen build writes, or name the policies with --policy SLUG"
        message = f"no {MANIFEST} here, so the policies are not known"
        raise PpgenError(Problem(message, site.where(MANIFEST), hint=hint))
    manifest = _json(site, MANIFEST, data)
    files = manifest.get("files") if isinstance(manifest, dict) else None
    if not isinstance(files, dict):
        hint = f"publish the {MANIFEST} that ppgen build writes"
        raise PpgenError(Problem("not a ppgen manifest", site.where(MANIFEST), hint=hint))
    slugs = sorted({match.group(1) for name in files if (match := _VERSIONS_JSON.fullmatch(name))})
    if not slugs:
        hint = "name the policies with --policy SLUG"
        raise PpgenError(Problem("lists no versions.json", site.where(MANIFEST), hint=hint))
    return slugs, files


def _entries(site: Published, slug: str, name: str, data: Any) -> list[tuple[date, dict[str, Any]]]:
    """The entries of a versions.json, each with its effective date; a Problem for anything malformed."""
    where = site.where(name)

    def bad(message: str) -> PpgenError:
        return PpgenError(Problem(message, where, hint=_REBUILD))

    versions = data.get("versions") if isinstance(data, dict) else None
    if not isinstance(versions, list):
        raise bad("has no list of `versions`")
    if data.get("policy") != slug:
        raise bad(f"is about policy {data.get('policy')!r}, not {slug}")
    entries = []
    for number, entry in enumerate(versions, 1):
        if not isinstance(entry, dict):
            raise bad(f"version {number} is not an object")
        for key in CHAINED:
            if key not in entry:
                raise bad(f"version {number} has no `{key}`")
            if entry[key] is not None and not isinstance(entry[key], str):
                raise bad(f"version {number}: `{key}` is not a string or null")
        try:
            effective = date.fromisoformat(entry["effective"])
        except (TypeError, ValueError):
            effective = None
        if effective is None or effective.isoformat() != entry["effective"]:
            raise bad(f"version {number}: `effective` is not a date YYYY-MM-DD")
        if not isinstance(entry["sha256"], str) or not _SHA256.fullmatch(entry["sha256"]):
            raise bad(f"{slug} {effective}: `sha256` is not a sha256 (64 hex digits)")
        entries.append((effective, entry))
    return entries


def _text_problem(site: Published, slug: str, effective: date, recorded: str) -> Problem | None:
    """What is wrong with a version's published raw text, if anything."""
    name = _URLS.raw(slug, effective)
    text = site.read(name)
    if text is None:
        hint = "versions.json lists it: publish the whole site"
        return Problem(f"{slug} {effective}: its raw text is not published", site.where(name), hint=hint)
    actual = hashlib.sha256(text).hexdigest()
    if actual == recorded:
        return None
    message = f"{slug} {effective}: the raw text's sha256 is {actual} but versions.json says {recorded}"
    return Problem(message, site.where(name), hint="the published text was changed after it was recorded")


Link = tuple[date, str]
"""An entry's effective date and its hash."""


def _link_problem(slug: str, effective: date, recorded: str | None, previous: Link | None) -> Problem | None:
    """A Problem (no path yet) when an entry's `previous_entry_sha256` is not the previous entry's hash."""
    if previous is None:
        if recorded is None:
            return None
        message = f"{slug} {effective}: the first entry records a previous entry ({recorded}), not listed"
        return Problem(message, hint="an earlier version's entry was removed after this one was recorded")
    before, actual = previous
    if recorded == actual:
        return None
    message = f"{slug} {before}: its entry hashes to {actual}, but the next ({effective}) records {recorded}"
    hint = f"the entry of {before} was changed, or one after it removed, after {effective} was recorded"
    return Problem(message, hint=hint)


def _check_policy(site: Published, slug: str, manifest: dict[str, Any] | None) -> tuple[int, list[Problem]]:
    """(versions checked, what does not match) for one policy, oldest version first."""
    name = _URLS.versions_json(slug)
    data = site.read(name)
    if data is None:
        hint = "is the policy published at this address?"
        return 0, [Problem(f"{slug}: versions.json not found", site.where(name), hint=hint)]
    entries = _entries(site, slug, name, _json(site, name, data))
    problems: list[Problem] = []
    previous: Link | None = None
    for effective, entry in entries:
        text = _text_problem(site, slug, effective, entry["sha256"])
        if text:
            problems.append(text)
        link = _link_problem(slug, effective, entry["previous_entry_sha256"], previous)
        if link:
            problems.append(replace(link, path=site.where(name)))
        previous = (effective, entry_sha256(entry))
    if manifest is not None:
        # The last entry removed leaves no broken link; its raw text, still in the manifest, gives it away.
        listed = {effective.isoformat() for effective, _ in entries}
        raw_text = re.compile(rf"{re.escape(slug)}/(\d{{4}}-\d{{2}}-\d{{2}})\.md")
        for file in sorted(manifest):
            found = raw_text.fullmatch(file)
            if found and found[1] not in listed:
                message = f"{slug} {found[1]}: its raw text is published, but versions.json does not list it"
                hint = "its entry was removed from versions.json after it was recorded"
                problems.append(Problem(message, site.where(name), hint=hint))
    return len(entries), problems


@dataclass(frozen=True)
class Verified:
    """What a verification that found nothing wrong covered."""

    where: str
    """The site's folder or address, as given."""
    policies: int
    """How many policies."""
    versions: int
    """How many versions, over all of them."""

    @property
    def summary(self) -> str:
        """One line for the user."""
        policies = f"{self.policies} polic{'ies' if self.policies != 1 else 'y'}"
        versions = f"{self.versions} version{'s' * (self.versions != 1)}"
        checks = "every raw text has its recorded sha256, every chain link holds"
        return f"{self.where}: {policies}, {versions}: {checks}"


def verify_site(where: str, policies: tuple[str, ...] = ()) -> Verified:
    """Check every raw text and chain link of the published site at `where` (a folder or http(s) URL).

    Raises PpgenError naming each version that does not match (oldest first, policy by policy)."""
    site = open_site(where)
    slugs, manifest = _policies(site, policies)
    problems: list[Problem] = []
    versions = 0
    for slug in slugs:
        count, found = _check_policy(site, slug, manifest)
        versions += count
        problems.extend(found)
    if problems:
        raise PpgenError(*problems)
    return Verified(where, len(slugs), versions)
