"""The addresses the site already has, and the rules every address from input (an alias) must follow.

`address_problems` is the one place these rules run: `ppgen build` calls it before writing anything,
`ppgen check` reports what it finds, so the two always agree.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath

from ppgen.core.errors import PpgenError, Problem
from ppgen.core.errors import one_line as shown  # what address messages quote, on one line
from ppgen.core.model import Policy
from ppgen.site.pages import (
    HEADERS,
    MANIFEST,
    REDIRECTS,
    STATIC,
    Kind,
    Urls,
    url_of,
)
from ppgen.site.plan import SitePlan

ADDRESS_HINT = (
    "an alias is a path of this site: / and then letters, digits and - _ . ~ between single slashes, "
    "no part starting with a dot, e.g. /privacy-policy/ or /old/privacy.html"
)
"""What an address from input (an alias) may contain, said once for every message about one."""

_SEGMENT = re.compile(r"[A-Za-z0-9._~-]*")
_MAX_SEGMENT = 200
"""File systems refuse names over 255 bytes: a part of an address becomes a folder or `<part>.html`."""
_MAX_ADDRESS = 1000
_LINE_BREAKS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")
_MEANING = {
    "*": "a wildcard in _redirects and _headers",
    ":": "a placeholder in _redirects",
    "!": "a forced redirect in _redirects",
    "?": "the start of a query, which a redirect does not match",
    "#": "the start of a fragment, which browsers never send",
    "%": "percent-encoding: write the address as it reads, without it",
    "\\": "a folder separator on Windows",
}


def address_problem(address: str) -> str | None:
    """What keeps `address`, a site path that comes from input (an alias), from being published
    safely, said after the address (e.g. "has a `..` segment"); None when it is a plain site path.

    Plain means: it starts with /, its parts are letters, digits and - _ . ~, no part is empty
    (no //), `.`, `..` or hidden (a leading dot), so it names one file, it means the same to every
    host, file system and browser, and nothing in it has a meaning in `_redirects` or `_headers`.
    """
    if not address.startswith("/"):
        return "does not start with /"
    if len(address) > _MAX_ADDRESS:
        return f"is longer than {_MAX_ADDRESS} characters"
    for char in address:
        if char in _LINE_BREAKS:
            return f"holds a line break (`{shown(char)}`)"
        if char.isspace():
            return f"holds white space (`{shown(char)}`)"
        if not char.isprintable():
            return f"holds the control character `{shown(char)}`"
        if char in _MEANING:
            return f"holds `{char}`, {_MEANING[char]}"
        if char != "/" and not _SEGMENT.fullmatch(char):
            return f"holds `{char}`, which an address of this site may not contain"
    parts = address[1:].split("/")
    for index, part in enumerate(parts):
        if part in (".", ".."):
            return f"has a `{part}` part, which makes another address of it"
        if not part and index < len(parts) - 1:
            return "has an empty part (`//`)"
        if part.startswith("."):
            return f"has a hidden part `{part}` (starting with a dot), which hosts do not serve"
        if len(part) > _MAX_SEGMENT:
            return f"has a part longer than {_MAX_SEGMENT} characters"
    return None


TAKEN_HINT = "remove it from `aliases`: an alias is an old address, where the site has nothing of its own"
TWICE_HINT = "an old address can lead to one policy only: keep it in the aliases of one of them"
HOST_FILES = (HEADERS, REDIRECTS, MANIFEST)
"""Files the build writes beside the pages (its `.ppgen-site` mark is hidden: no alias can be)."""


def _folded(name: str) -> str:
    # Some hosts and file systems (macOS, Windows) do not tell `Privacy/` from `privacy/`: an alias that
    # differs from a page only in letter case would replace it there.
    return name.lower()


def _parents(name: str) -> Iterator[str]:
    """`a/b/c.html` → `a`, `a/b`."""
    parts = name.split("/")
    for end in range(1, len(parts)):
        yield "/".join(parts[:end])


@dataclass(frozen=True)
class Taken:
    """The site's own addresses, by their letter-case-folded form."""

    files: dict[str, str]
    """Every output file of the site (any `diff_pairs` and feeds setting) → its name."""
    addresses: dict[str, str]
    """Every address a file is served at, without slashes around (`privacy/history`, `feed.xml`, '' for
    the index, `privacy/history` for `privacy/history.html` too, as hosts serve it) → the file's name."""
    folders: dict[str, str]
    """Every folder that holds a file → its name."""
    whole: dict[str, str]
    """Folders that belong to the site whole, whatever is in them today → what they are."""


def _served_at(name: str) -> list[str]:
    """The addresses (no slashes around) a host serves the output file `name` at: its name, and
    `privacy` for `privacy/index.html`, `privacy/history` for `privacy/history.html` (hosts drop `.html`)."""
    if name == "index.html" or name.endswith("/index.html"):
        return [name, name.removesuffix("index.html").rstrip("/")]
    if name.endswith(".html"):
        return [name, name.removesuffix(".html")]
    return [name]


def _policy_place(policy: Policy) -> str:
    """The policy's folder as shown to the user, or its file for a single-file policy."""
    path = PurePosixPath(policy.versions[0].path.split("@")[0])
    name = policy.slug.rpartition("/")[2]  # a translation's slug is `de/terms`; its file `terms.de.md`
    single_file = path.name.split(".")[0] == name and path.suffix == ".md" and path.parent.name != name
    return str(path if single_file else path.parent)


def _reserved_files(site_plan: SitePlan) -> Iterator[tuple[str, str | None]]:
    """Each output file the site has whatever its settings (`SitePlan.reserved`: no redlines, their folder is
    reserved whole in `taken`, so nothing here grows with pairs of versions), and the policy it is a page of
    (None: the site's own)."""
    urls = site_plan.urls
    for spec in site_plan.reserved():
        yield urls.file(url_of(spec, urls)), Kind.policy(spec)


def _reserved_problems(site_plan: SitePlan) -> list[Problem]:
    """A problem for each policy whose name takes one of the site's own addresses (or another policy's)."""
    site, urls = site_plan.site, site_plan.urls
    owners: dict[str, str | None] = {}
    """Each output file (folded) → the policy it is a page of (None: the site's own)."""
    problems: list[Problem] = []
    for name, slug in _reserved_files(site_plan):
        owner = owners.setdefault(_folded(name), slug)
        if owner != slug:
            culprit = site.policy(slug or owner or "")  # a policy's page against one of the site's
            said = f"policy `{culprit.slug}` would be published at {name}"
            message = f"{said}, the address of a page of the site's own"
            hint = "give the policy another name" + ("" if urls.pretty else ", or set pretty_urls = true")
            problems.append(Problem(message, _policy_place(culprit), hint=hint, code="reserved-name"))
    return problems


def taken(site_plan: SitePlan) -> Taken:
    """The site's own addresses (made only for a site with aliases: they are many)."""
    site, urls = site_plan.site, site_plan.urls
    files: dict[str, str] = {}
    for name, _ in _reserved_files(site_plan):
        files.setdefault(_folded(name), name)
    files |= {_folded(name): name for name in HOST_FILES}
    # Each version's PDF, whatever the `pdf` setting (as feeds are kept whatever base_url); a redline's is
    # inside its policy's diff/ folder, kept whole below.
    pdfs = (urls.pdf(p.slug, v.effective) for p in site.policies for v in p.versions)
    files |= {_folded(name): name for name in pdfs}
    addresses = {_folded(address): name for name in files.values() for address in _served_at(name)}
    folders = {_folded(parent): parent for name in files.values() for parent in _parents(name)}
    whole = {_folded(STATIC): f"{STATIC}/, the folder of the theme's files"}
    whole |= {
        _folded(f"{p.slug}/diff"): f"{p.slug}/diff/, the folder of the redlines of {p.slug}"
        for p in site.policies
    }
    return Taken(files, addresses, folders, whole)


def _taken_by_site(alias: str, urls: Urls, site: Taken) -> str | None:
    """Why `alias` (a plain site path) is an address the site already has, or None."""
    file = urls.alias_file(alias)
    written = alias.strip("/")
    address = _folded(written)
    for folder, what in site.whole.items():
        if address == folder or address.startswith(folder + "/"):
            return f"is inside {what}"
    name = site.addresses.get(address) or site.files.get(_folded(file))
    if name is not None:
        case = "" if written in _served_at(name) or file == name else ", letter case aside,"
        return f"is{case} the address of {name}, which the site already publishes"
    for parent in _parents(file):
        if _folded(parent) in site.files:
            return f"needs a folder named {site.files[_folded(parent)]}, a file the site already publishes"
    if address in site.folders:
        return f"is the address of the folder {site.folders[address]}/, which the site already has"
    return None


def address_problems(site_plan: SitePlan) -> list[Problem]:
    """Every problem with the site's addresses: a policy whose name takes one of the site's own, and each
    alias that is not a plain site path, is an address the site already has, or is claimed by two policies."""
    problems = _reserved_problems(site_plan)
    site, urls = site_plan.site, site_plan.urls
    if not any(version.aliases for policy in site.policies for version in policy.versions):
        return problems
    own = taken(site_plan)
    claimed: dict[str, tuple[str, str]] = {}
    """An alias's output file (folded) → the policy it leads to and the version file that said so first."""
    for policy in site.policies:
        for version in policy.versions:
            line: int | None = None
            for alias in version.aliases:
                if wrong := address_problem(alias):
                    hint = ADDRESS_HINT
                elif wrong := _taken_by_site(alias, urls, own):
                    hint = TAKEN_HINT
                else:
                    key = _folded(urls.alias_file(alias))
                    slug, path = claimed.setdefault(key, (policy.slug, version.path))
                    if slug == policy.slug:
                        continue
                    wrong, hint = f"is also an alias of policy `{slug}` ({path})", TWICE_HINT
                line = line or version.line_of("aliases")
                problems.append(
                    Problem(
                        f"alias `{shown(alias)}` {wrong}", version.path, line, hint, code="alias-collision"
                    )
                )
    return problems


def require_valid_addresses(site_plan: SitePlan) -> None:
    """Raise PpgenError with every problem `address_problems` finds."""
    if problems := address_problems(site_plan):
        raise PpgenError(*problems)
